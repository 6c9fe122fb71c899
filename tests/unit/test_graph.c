/* test_graph.c — builder, CSR layout, strongly connected components and the
 * invariant checker of analysis/net/graph.c (over net/topology.c and
 * net/costs.c). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "test.h"
#include "test_rng.h"


/* Add a straight link between two existing nodes of b. */
static int32_t add_straight(sp_graph_builder *b, const double *node_xy, int32_t from,
                            int32_t to, double fwd, double bwd)
{
    double xy[4] = {node_xy[2 * from], node_xy[2 * from + 1], node_xy[2 * to],
                    node_xy[2 * to + 1]};
    return sp_graph_builder_add_link(b, from, to, xy, 2, fwd, bwd, 0);
}

/* A builder with n nodes on a line and the given links; dir 0 = both ways,
 * 1 = forward only, 2 = backward only.  All costs 1 s. */
typedef struct {
    int32_t from, to, dir;
} link_spec;

static sp_graph *build_spec(int32_t n, const link_spec *ls, int n_links)
{
    sp_graph_builder *b = sp_graph_builder_new();
    double *xy = malloc(2 * (size_t)(n ? n : 1) * sizeof *xy);
    for (int32_t v = 0; v < n; v++) {
        xy[2 * v] = v * 10.0;
        xy[2 * v + 1] = (v % 3) * 7.0;
        sp_graph_builder_add_node(b, xy[2 * v], xy[2 * v + 1]);
    }
    for (int i = 0; i < n_links; i++)
        add_straight(b, xy, ls[i].from, ls[i].to, ls[i].dir == 2 ? INFINITY : 1.0,
                     ls[i].dir == 1 ? INFINITY : 1.0);
    sp_graph *g = NULL;
    if (sp_graph_build(b, &g) != SP_OK)
        g = NULL;
    sp_graph_builder_free(b);
    free(xy);
    return g;
}

/* A random graph: n nodes, up to 3n links, a third forward only, a third
 * backward only, a third both ways; self-loops and parallel links allowed. */
static sp_graph *build_random(int32_t n, int32_t n_links)
{
    sp_graph_builder *b = sp_graph_builder_new();
    double *xy = malloc(2 * (size_t)(n ? n : 1) * sizeof *xy);
    for (int32_t v = 0; v < n; v++) {
        xy[2 * v] = rng_unit() * 1000;
        xy[2 * v + 1] = rng_unit() * 1000;
        sp_graph_builder_add_node(b, xy[2 * v], xy[2 * v + 1]);
    }
    for (int32_t i = 0; n > 0 && i < n_links; i++) {
        int32_t kind = rng_int(3);
        double f = rng_int(10), w = rng_unit() * 10;
        add_straight(b, xy, rng_int(n), rng_int(n), kind == 2 ? INFINITY : f,
                     kind == 1 ? INFINITY : w);
    }
    sp_graph *g = NULL;
    if (sp_graph_build(b, &g) != SP_OK)
        g = NULL;
    sp_graph_builder_free(b);
    free(xy);
    return g;
}

TEST(builder_basic)
{
    sp_graph_builder *b = sp_graph_builder_new();
    ASSERT(b);
    ASSERT_EQ_INT(sp_graph_builder_add_node(b, 0, 0), 0);
    ASSERT_EQ_INT(sp_graph_builder_add_node(b, 3, 10), 1);
    ASSERT_EQ_INT(sp_graph_builder_add_node(b, 50, 50), 2);
    const double poly[] = {0, 0, 3, 4, 3, 10};
    ASSERT_EQ_INT(sp_graph_builder_add_link(b, 0, 1, poly, 3, 2.5, INFINITY, 7), 0);
    const double seg[] = {3, 10, 50, 50};
    ASSERT_EQ_INT(sp_graph_builder_add_link(b, 1, 2, seg, 2, 1, 2, -1), 1);

    sp_graph *g = NULL;
    ASSERT_EQ_INT(sp_graph_build(b, &g), SP_OK);
    sp_graph_builder_free(b);
    ASSERT_EQ_INT(g->n_nodes, 3);
    ASSERT_EQ_INT(g->n_links, 2);
    ASSERT_EQ_INT(g->n_edges, 3);
    ASSERT_EQ_INT(g->n_geom, 5);
    ASSERT_NEAR(g->links[0].length_m, 11.0, 1e-12); /* 5 + 6 */
    ASSERT_NEAR(g->links[1].length_m, hypot(47, 40), 1e-9);
    ASSERT_EQ_INT(g->links[0].geom_off, 0);
    ASSERT_EQ_INT(g->links[0].geom_len, 3);
    ASSERT_EQ_INT(g->links[1].geom_off, 3);
    ASSERT_EQ_INT(g->links[0].road_class, 7);
    ASSERT_NEAR(g->geom_xy[2 * 1 + 1], 4, 0);
    ASSERT_NEAR(g->node_xy[2 * 2], 50, 0);
    ASSERT(isinf(g->bwd_s[0]));
    ASSERT_EQ_INT(sp_graph_check(g), SP_OK);
    ASSERT(sp_graph_bytes(g) > 3 * 16 + 2 * sizeof(sp_link));
    sp_graph_free(g);
}

TEST(builder_refuses_bad_links)
{
    sp_graph_builder *b = sp_graph_builder_new();
    sp_graph_builder_add_node(b, 0, 0);
    sp_graph_builder_add_node(b, 1, 0);
    const double xy[] = {0, 0, 1, 0};

    sp_error_clear();
    ASSERT_EQ_INT(sp_graph_builder_add_link(b, 0, 1, xy, 2, INFINITY, INFINITY, 0), -1);
    ASSERT_CONTAINS(sp_error_message(), "no allowed direction");
    sp_error_clear();
    ASSERT_EQ_INT(sp_graph_builder_add_link(b, 0, 2, xy, 2, 1, 1, 0), -1);
    ASSERT_CONTAINS(sp_error_message(), "outside");
    sp_error_clear();
    ASSERT_EQ_INT(sp_graph_builder_add_link(b, -1, 1, xy, 2, 1, 1, 0), -1);
    sp_error_clear();
    ASSERT_EQ_INT(sp_graph_builder_add_link(b, 0, 1, xy, 1, 1, 1, 0), -1);
    ASSERT_CONTAINS(sp_error_message(), "vertices");
    sp_error_clear();
    ASSERT_EQ_INT(sp_graph_builder_add_link(b, 0, 1, xy, 2, -1, 1, 0), -1);
    ASSERT_CONTAINS(sp_error_message(), "invalid travel time");
    ASSERT_EQ_INT(sp_graph_builder_add_link(b, 0, 1, xy, 2, 1, NAN, 0), -1);
    ASSERT_EQ_INT(sp_graph_builder_add_link(b, 0, 1, xy, 2, -INFINITY, 1, 0), -1);
    ASSERT_EQ_INT(sp_graph_builder_add_link(b, 0, 1, xy, 2, 1e300, 1, 0), -1);
    const double bad_xy[] = {0, 0, NAN, 0};
    ASSERT_EQ_INT(sp_graph_builder_add_link(b, 0, 1, bad_xy, 2, 1, 1, 0), -1);
    sp_error_clear();

    /* Refused links take no id; a good one still gets 0. */
    ASSERT_EQ_INT(sp_graph_builder_add_link(b, 0, 1, xy, 2, 0, INFINITY, 0), 0);
    sp_graph *g = NULL;
    ASSERT_EQ_INT(sp_graph_build(b, &g), SP_OK);
    ASSERT_EQ_INT(g->n_links, 1);
    ASSERT_EQ_INT(g->n_edges, 1);
    ASSERT_EQ_INT(sp_graph_check(g), SP_OK);
    sp_graph_free(g);
    sp_graph_builder_free(b);
}

/* Out-edges of node 0, in link order, including a self-loop and a link
 * that reaches 0's neighbour only through its backward direction. */
TEST(csr_order_by_source_then_link)
{
    const link_spec ls[] = {
        {2, 0, 0}, /* L0: 2<->0 */
        {0, 1, 1}, /* L1: 0->1 */
        {1, 0, 2}, /* L2: backward only, so 0->1 */
        {3, 0, 1}, /* L3: 3->0 only */
        {0, 0, 0}, /* L4: self-loop both ways: two edges 0->0 */
        {0, 3, 0}, /* L5: 0<->3 */
    };
    sp_graph *g = build_spec(4, ls, 6);
    ASSERT(g);
    ASSERT_EQ_INT(g->n_edges, 9);
    const int32_t exp_to[] = {2, 1, 1, 0, 0, 3};
    const int32_t exp_link[] = {0, 1, 2, 4, 4, 5};
    ASSERT_EQ_INT(g->out_off[1] - g->out_off[0], 6);
    for (int i = 0; i < 6; i++) {
        ASSERT_EQ_INT(g->out_to[g->out_off[0] + i], exp_to[i]);
        ASSERT_EQ_INT(g->out_link[g->out_off[0] + i], exp_link[i]);
    }
    /* In-edges of 0: L0 (from 2), L3 (from 3), L4 twice, L5 (from 3). */
    const int32_t exp_from[] = {2, 3, 0, 0, 3};
    const int32_t exp_in_link[] = {0, 3, 4, 4, 5};
    ASSERT_EQ_INT(g->in_off[1] - g->in_off[0], 5);
    for (int i = 0; i < 5; i++) {
        ASSERT_EQ_INT(g->in_from[g->in_off[0] + i], exp_from[i]);
        ASSERT_EQ_INT(g->in_link[g->in_off[0] + i], exp_in_link[i]);
    }
    ASSERT_EQ_INT(sp_graph_check(g), SP_OK);
    sp_graph_free(g);
}

typedef struct {
    int32_t key, other, link;
    float s;
} edge_ref;

/* The edges a graph must hold, listed straight from its links and sorted by
 * key node with a stable insertion sort (so link order survives). */
static int32_t reference_edges(const sp_graph *g, int reverse, edge_ref *out)
{
    int32_t m = 0;
    for (int32_t l = 0; l < g->n_links; l++) {
        const sp_link *k = &g->links[l];
        if (!isinf(g->fwd_s[l]))
            out[m++] = (edge_ref){reverse ? k->to : k->from, reverse ? k->from : k->to,
                                  l, (float)g->fwd_s[l]};
        if (!isinf(g->bwd_s[l]))
            out[m++] = (edge_ref){reverse ? k->from : k->to, reverse ? k->to : k->from,
                                  l, (float)g->bwd_s[l]};
    }
    for (int32_t i = 1; i < m; i++) {
        edge_ref e = out[i];
        int32_t j = i;
        for (; j > 0 && out[j - 1].key > e.key; j--)
            out[j] = out[j - 1];
        out[j] = e;
    }
    return m;
}

TEST(csr_matches_reference_on_random_graphs)
{
    rng_state = 11;
    for (int iter = 0; iter < 300; iter++) {
        int32_t n = 1 + rng_int(30);
        sp_graph *g = build_random(n, rng_int(3 * n + 1));
        ASSERT(g);
        ASSERT_EQ_INT(sp_graph_check(g), SP_OK);
        edge_ref *ref = malloc(sizeof *ref * (size_t)(2 * g->n_links + 1));
        for (int reverse = 0; reverse < 2; reverse++) {
            const int32_t *off = reverse ? g->in_off : g->out_off;
            const int32_t *other = reverse ? g->in_from : g->out_to;
            const int32_t *link = reverse ? g->in_link : g->out_link;
            const float *s = reverse ? g->in_s : g->out_s;
            int32_t m = reference_edges(g, reverse, ref);
            if (m != g->n_edges) {
                free(ref);
                sp_graph_free(g);
                ASSERT_EQ_INT(m, g->n_edges);
            }
            int bad = 0;
            for (int32_t v = 0, e = 0; v < n; v++) {
                for (; e < off[v + 1]; e++) {
                    bad |= ref[e].key != v || ref[e].other != other[e] ||
                           ref[e].link != link[e] || ref[e].s != s[e];
                }
            }
            if (bad) {
                free(ref);
                sp_graph_free(g);
                ASSERT(!"CSR differs from the reference edge list");
            }
        }
        free(ref);
        sp_graph_free(g);
    }
}

TEST(build_is_deterministic)
{
    rng_state = 5;
    uint64_t saved = rng_state;
    sp_graph *a = build_random(200, 500);
    rng_state = saved;
    sp_graph *b = build_random(200, 500);
    ASSERT(a && b);
    ASSERT_EQ_INT(a->n_edges, b->n_edges);
    size_t m = (size_t)a->n_edges, n = (size_t)a->n_nodes;
    int same = !memcmp(a->out_off, b->out_off, (n + 1) * 4) &&
               !memcmp(a->out_to, b->out_to, m * 4) &&
               !memcmp(a->out_link, b->out_link, m * 4) &&
               !memcmp(a->out_s, b->out_s, m * 4) &&
               !memcmp(a->in_off, b->in_off, (n + 1) * 4) &&
               !memcmp(a->in_from, b->in_from, m * 4) &&
               !memcmp(a->in_link, b->in_link, m * 4) &&
               !memcmp(a->component, b->component, n * 4);
    sp_graph_free(a);
    sp_graph_free(b);
    ASSERT(same);
}

TEST(empty_and_isolated)
{
    sp_graph *g = build_spec(0, NULL, 0);
    ASSERT(g);
    ASSERT_EQ_INT(g->n_nodes, 0);
    ASSERT_EQ_INT(g->n_edges, 0);
    ASSERT_EQ_INT(g->n_components, 0);
    ASSERT_EQ_INT(sp_graph_check(g), SP_OK);
    sp_graph_free(g);

    g = build_spec(3, NULL, 0);
    ASSERT(g);
    ASSERT_EQ_INT(g->n_components, 3);
    for (int32_t v = 0; v < 3; v++)
        ASSERT_EQ_INT(g->component[v], v);
    ASSERT_EQ_INT(sp_graph_check(g), SP_OK);
    sp_graph_free(g);
    sp_graph_free(NULL);
    sp_graph_builder_free(NULL);
    ASSERT_EQ_INT(sp_graph_bytes(NULL), 0);
}

/* A oneway cycle 0->1->2->0 with a oneway dead end 2->3 hanging off it. */
TEST(scc_oneway_cycle_with_dead_end)
{
    const link_spec ls[] = {{0, 1, 1}, {1, 2, 1}, {2, 0, 1}, {2, 3, 1}};
    sp_graph *g = build_spec(4, ls, 4);
    ASSERT(g);
    ASSERT_EQ_INT(g->n_components, 2);
    ASSERT_EQ_INT(g->component_size[0], 3);
    ASSERT_EQ_INT(g->component_size[1], 1);
    for (int32_t v = 0; v < 3; v++)
        ASSERT(sp_graph_in_main(g, v));
    ASSERT(!sp_graph_in_main(g, 3));
    ASSERT_EQ_INT(g->component[3], 1);
    ASSERT_EQ_INT(sp_graph_check(g), SP_OK);
    sp_graph_free(g);
}

/* Oneway links 0->1->2 and a shortcut 0->2: no cycle, so every node is its
 * own component; equal sizes, so numbered by node id. */
TEST(scc_oneway_dead_end_chain)
{
    const link_spec ls[] = {{0, 1, 1}, {1, 2, 1}, {0, 2, 1}};
    sp_graph *g = build_spec(3, ls, 3);
    ASSERT(g);
    ASSERT_EQ_INT(g->n_components, 3);
    for (int32_t v = 0; v < 3; v++) {
        ASSERT_EQ_INT(g->component[v], v);
        ASSERT_EQ_INT(g->component_size[v], 1);
    }
    sp_graph_free(g);

    /* Backward-only 2->0 closes it: {0,1,2} one component. */
    const link_spec ls2[] = {{0, 1, 1}, {1, 2, 1}, {0, 2, 2}, {2, 3, 0}, {4, 3, 1}};
    g = build_spec(5, ls2, 5);
    ASSERT(g);
    ASSERT_EQ_INT(g->n_components, 2);
    ASSERT_EQ_INT(g->component_size[0], 4);
    ASSERT_EQ_INT(g->component[4], 1);
    ASSERT_EQ_INT(sp_graph_check(g), SP_OK);
    sp_graph_free(g);
}

TEST(scc_two_islands)
{
    /* {1,2} and {0,3,4}: the larger one is component 0. */
    const link_spec ls[] = {{1, 2, 0}, {3, 0, 0}, {4, 3, 0}};
    sp_graph *g = build_spec(5, ls, 3);
    ASSERT(g);
    ASSERT_EQ_INT(g->n_components, 2);
    ASSERT_EQ_INT(g->component_size[0], 3);
    ASSERT_EQ_INT(g->component_size[1], 2);
    ASSERT_EQ_INT(g->component[0], 0);
    ASSERT_EQ_INT(g->component[3], 0);
    ASSERT_EQ_INT(g->component[4], 0);
    ASSERT_EQ_INT(g->component[1], 1);
    ASSERT_EQ_INT(g->component[2], 1);
    sp_graph_free(g);

    /* Equal islands {1,2} and {3,0}: the one holding node 0 wins, whatever
     * order the links came in. */
    const link_spec tie[] = {{1, 2, 0}, {3, 0, 0}};
    g = build_spec(4, tie, 2);
    ASSERT(g);
    ASSERT_EQ_INT(g->n_components, 2);
    ASSERT_EQ_INT(g->component[0], 0);
    ASSERT_EQ_INT(g->component[3], 0);
    ASSERT_EQ_INT(g->component[1], 1);
    ASSERT(!sp_graph_in_main(g, 2));
    sp_graph_free(g);
}

/* Components against brute-force reachability: u and v share a component
 * exactly when each reaches the other. */
TEST(scc_matches_reachability_on_random_graphs)
{
    rng_state = 99;
    for (int iter = 0; iter < 300; iter++) {
        int32_t n = 1 + rng_int(25);
        sp_graph *g = build_random(n, rng_int(2 * n + 1));
        ASSERT(g);
        /* reach[u*n+v]: v reachable from u (BFS over the forward CSR). */
        unsigned char *reach = calloc((size_t)n * n, 1);
        int32_t *queue = malloc(sizeof *queue * (size_t)n);
        for (int32_t u = 0; u < n; u++) {
            int32_t head = 0, tail = 0;
            reach[u * n + u] = 1;
            queue[tail++] = u;
            while (head < tail) {
                int32_t v = queue[head++];
                for (int32_t e = g->out_off[v]; e < g->out_off[v + 1]; e++) {
                    int32_t w = g->out_to[e];
                    if (!reach[u * n + w]) {
                        reach[u * n + w] = 1;
                        queue[tail++] = w;
                    }
                }
            }
        }
        int bad = 0;
        int32_t *min_node = malloc(sizeof *min_node * (size_t)n);
        for (int32_t c = 0; c < n; c++)
            min_node[c] = -1;
        for (int32_t u = 0; u < n; u++) {
            int32_t size = 0;
            for (int32_t v = 0; v < n; v++) {
                int mutual = reach[u * n + v] && reach[v * n + u];
                bad |= mutual != (g->component[u] == g->component[v]);
                size += mutual;
            }
            bad |= size != g->component_size[g->component[u]];
            if (min_node[g->component[u]] < 0)
                min_node[g->component[u]] = u;
        }
        /* Numbering: sizes non-increasing, ties by lowest node id. */
        for (int32_t c = 1; c < g->n_components; c++) {
            bad |= g->component_size[c] > g->component_size[c - 1];
            bad |= g->component_size[c] == g->component_size[c - 1] &&
                   min_node[c] < min_node[c - 1];
        }
        bad |= sp_graph_check(g) != SP_OK;
        free(reach);
        free(queue);
        free(min_node);
        sp_graph_free(g);
        ASSERT(!bad);
    }
}

/* Long chains: a recursive Tarjan would need ~300k stack frames here. */
TEST(scc_deep_chains_are_iterative)
{
    const int32_t n = 300000;
    link_spec *ls = malloc(sizeof *ls * (size_t)n);
    for (int32_t v = 0; v < n; v++)
        ls[v] = (link_spec){v, (v + 1) % n, 1};
    sp_graph *g = build_spec(n, ls, n);
    ASSERT(g);
    ASSERT_EQ_INT(g->n_components, 1);
    ASSERT_EQ_INT(g->component_size[0], n);
    sp_graph_free(g);

    g = build_spec(n, ls, n - 1); /* drop the closing link: a path */
    free(ls);
    ASSERT(g);
    ASSERT_EQ_INT(g->n_components, n);
    int bad = 0;
    for (int32_t v = 0; v < n; v++)
        bad |= g->component[v] != v;
    ASSERT_EQ_INT(sp_graph_check(g), SP_OK);
    sp_graph_free(g);
    ASSERT(!bad);
}

/* Corrupt one field at a time; the checker must name the problem (`what`),
 * and pass again once the field is restored. */
#define CORRUPT(field, value, what)                                            \
    do {                                                                       \
        __typeof__(field) saved_ = (field);                                    \
        (field) = (value);                                                     \
        sp_error_clear();                                                      \
        sp_status st_ = sp_graph_check(g);                                     \
        (field) = saved_;                                                      \
        if (st_ != SP_E_INTERNAL) {                                            \
            sp_graph_free(g);                                                  \
            ASSERT_EQ_INT(st_, SP_E_INTERNAL);                                 \
        }                                                                      \
        ASSERT_CONTAINS(sp_error_message(), "graph check");                    \
        ASSERT_CONTAINS(sp_error_message(), what);                             \
        ASSERT_EQ_INT(sp_graph_check(g), SP_OK);                               \
    } while (0)

TEST(check_catches_corruption)
{
    rng_state = 3;
    sp_graph *g = build_random(50, 120);
    ASSERT(g);
    sp_error_clear();
    ASSERT_EQ_INT(sp_graph_check(g), SP_OK);
    ASSERT_STR_EQ(sp_error_message(), "");
    ASSERT(g->n_edges > 10 && g->n_components > 1);
    int32_t e = g->n_edges / 2, v = 10;
    while (g->out_off[v + 1] == g->out_off[v])
        v++;

    CORRUPT(g->out_off[v + 1], g->out_off[v] - 1, "offsets decrease");
    CORRUPT(g->out_off[g->n_nodes], g->n_edges - 1, "offsets span");
    CORRUPT(g->in_off[0], 1, "reverse offsets span");
    CORRUPT(g->out_to[e], g->n_nodes, "out of range");
    CORRUPT(g->out_to[e], (g->out_to[e] + 1) % g->n_nodes, "does not match link");
    CORRUPT(g->in_from[e], -1, "out of range");
    CORRUPT(g->out_link[e], g->n_links, "out of range");
    CORRUPT(g->in_link[e], -1, "out of range");
    CORRUPT(g->out_s[e], -1.0f, "not finite >= 0");
    CORRUPT(g->in_s[e], NAN, "not finite >= 0");
    CORRUPT(g->out_s[e], INFINITY, "not finite >= 0");
    CORRUPT(g->out_s[e], g->out_s[e] + 1.0f, "does not match link");
    CORRUPT(g->links[3].to, g->n_nodes, "node out of range");
    CORRUPT(g->links[3].geom_len, 1, "geometry span");
    CORRUPT(g->links[3].geom_off, g->n_geom, "geometry span");
    CORRUPT(g->links[3].length_m, -1.0, "bad length");
    CORRUPT(g->fwd_s[3], -2.0, "bad travel times");
    CORRUPT(g->component[7], g->n_components, "out of range");
    CORRUPT(g->component[7], -1, "out of range");
    CORRUPT(g->component_size[0], g->component_size[0] + 1, "component 0: size");
    CORRUPT(g->n_components, g->n_nodes + 1, "components for");
    CORRUPT(g->n_edges, g->n_edges + 1, "directions");
    sp_graph_free(g);
}

/* A two-way link with its ends labelled in different components. */
TEST(check_catches_split_two_way_link)
{
    const link_spec ls[] = {{0, 1, 0}, {2, 3, 0}};
    sp_graph *g = build_spec(4, ls, 2);
    ASSERT(g);
    ASSERT_EQ_INT(sp_graph_check(g), SP_OK);
    g->component[0] = 1;
    g->component[2] = 0; /* sizes still add up */
    sp_error_clear();
    ASSERT_EQ_INT(sp_graph_check(g), SP_E_INTERNAL);
    ASSERT_CONTAINS(sp_error_message(), "two-way link");
    sp_graph_free(g);
}

int main(void)
{
    RUN(builder_basic);
    RUN(builder_refuses_bad_links);
    RUN(csr_order_by_source_then_link);
    RUN(csr_matches_reference_on_random_graphs);
    RUN(build_is_deterministic);
    RUN(empty_and_isolated);
    RUN(scc_oneway_cycle_with_dead_end);
    RUN(scc_oneway_dead_end_chain);
    RUN(scc_two_islands);
    RUN(scc_matches_reachability_on_random_graphs);
    RUN(scc_deep_chains_are_iterative);
    RUN(check_catches_corruption);
    RUN(check_catches_split_two_way_link);
    return test_summary("graph");
}
