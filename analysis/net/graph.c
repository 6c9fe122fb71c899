/* graph.c — see graph.h.
 *
 * The builder keeps growable arrays of nodes, links and link vertices.
 * sp_graph_build() copies them into the immutable graph, lays out the forward
 * and reverse CSR arrays with a counting sort (stable over link ids, which
 * gives the documented edge order for free) and labels strongly connected
 * components with an iterative Tarjan, so deep road chains cannot overflow
 * the C stack.
 */
#include "graph.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct sp_graph_builder {
    double *node_xy; /* 2 * cap_nodes */
    int32_t n_nodes, cap_nodes;
    sp_link *links;
    int32_t n_links, cap_links;
    double *geom_xy; /* 2 * cap_geom */
    uint32_t n_geom, cap_geom;
};

/* ------------------------------------------------------------------------ */
/* Builder                                                                  */

sp_graph_builder *sp_graph_builder_new(void)
{
    sp_graph_builder *b = calloc(1, sizeof *b);
    if (!b)
        sp_error(SP_E_NOMEM, "graph builder: out of memory");
    return b;
}

void sp_graph_builder_free(sp_graph_builder *b)
{
    if (!b)
        return;
    free(b->node_xy);
    free(b->links);
    free(b->geom_xy);
    free(b);
}

/* Grow *arr (elements of elem bytes, `per` per item) so that it holds at
 * least `need` items, doubling; *cap is updated.  0 on failure. */
static int grow(void **arr, size_t *cap, size_t need, size_t max, size_t per,
                size_t elem)
{
    if (need <= *cap)
        return 1;
    if (need > max)
        return 0;
    size_t ncap = *cap ? *cap : 64;
    while (ncap < need)
        ncap = ncap > max / 2 ? max : ncap * 2;
    if (ncap > SIZE_MAX / per)
        return 0;
    void *p = sp_realloc_n(*arr, ncap * per, elem);
    if (!p)
        return 0;
    *arr = p;
    *cap = ncap;
    return 1;
}

int32_t sp_graph_builder_add_node(sp_graph_builder *b, double x, double y)
{
    size_t cap = (size_t)b->cap_nodes;
    if (!grow((void **)&b->node_xy, &cap, (size_t)b->n_nodes + 1, INT32_MAX, 2,
              sizeof(double))) {
        sp_error(SP_E_NOMEM, "graph builder: out of memory at node %d",
                 (int)b->n_nodes);
        return -1;
    }
    b->cap_nodes = (int32_t)cap;
    b->node_xy[2 * (size_t)b->n_nodes] = x;
    b->node_xy[2 * (size_t)b->n_nodes + 1] = y;
    return b->n_nodes++;
}

/* A direction's travel time is usable if it is INFINITY (not allowed) or a
 * finite non-negative value that survives the conversion to float. */
static int cost_ok(double s)
{
    return s == INFINITY || (s >= 0 && s <= FLT_MAX);
}

int32_t sp_graph_builder_add_link(sp_graph_builder *b, int32_t from, int32_t to,
                                  const double *xy, uint32_t n, double fwd_s,
                                  double bwd_s, int16_t road_class)
{
    int32_t id = b->n_links;
    if (from < 0 || from >= b->n_nodes || to < 0 || to >= b->n_nodes) {
        sp_error(SP_E_INTERNAL, "graph builder: link %d: node %d or %d outside 0..%d",
                 (int)id, (int)from, (int)to, (int)b->n_nodes - 1);
        return -1;
    }
    if (!xy || n < 2) {
        sp_error(SP_E_INTERNAL, "graph builder: link %d: %u vertices, need >= 2",
                 (int)id, (unsigned)n);
        return -1;
    }
    if (!cost_ok(fwd_s) || !cost_ok(bwd_s)) {
        sp_error(SP_E_INTERNAL,
                 "graph builder: link %d: invalid travel time (%g s, %g s)",
                 (int)id, fwd_s, bwd_s);
        return -1;
    }
    if (isinf(fwd_s) && isinf(bwd_s)) {
        sp_error(SP_E_INTERNAL,
                 "graph builder: link %d (%d-%d): no allowed direction", (int)id,
                 (int)from, (int)to);
        return -1;
    }
    double len = 0;
    for (uint32_t i = 1; i < n; i++)
        len += hypot(xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]);
    if (!isfinite(len)) {
        sp_error(SP_E_INTERNAL, "graph builder: link %d: non-finite geometry",
                 (int)id);
        return -1;
    }

    size_t lcap = (size_t)b->cap_links, gcap = b->cap_geom;
    if (!grow((void **)&b->links, &lcap, (size_t)id + 1, INT32_MAX, 1,
              sizeof(sp_link)) ||
        !grow((void **)&b->geom_xy, &gcap, (size_t)b->n_geom + n, UINT32_MAX, 2,
              sizeof(double))) {
        sp_error(SP_E_NOMEM, "graph builder: out of memory at link %d", (int)id);
        return -1;
    }
    b->cap_links = (int32_t)lcap;
    b->cap_geom = (uint32_t)gcap;

    memcpy(b->geom_xy + 2 * (size_t)b->n_geom, xy, 2 * (size_t)n * sizeof(double));
    b->links[id] = (sp_link){.from = from,
                             .to = to,
                             .length_m = len,
                             .fwd_s = fwd_s,
                             .bwd_s = bwd_s,
                             .geom_off = b->n_geom,
                             .geom_len = n,
                             .road_class = road_class};
    b->n_geom += n;
    return b->n_links++;
}

/* ------------------------------------------------------------------------ */
/* Strongly connected components                                            */

typedef struct {
    int32_t size, min_node, raw;
} comp_rank;

static int comp_rank_cmp(const void *pa, const void *pb)
{
    const comp_rank *a = pa, *b = pb;
    if (a->size != b->size)
        return a->size > b->size ? -1 : 1;
    return (a->min_node > b->min_node) - (a->min_node < b->min_node);
}

/* Tarjan's algorithm with an explicit call stack: cs holds the DFS path and
 * next[v] the next out-edge of v to explore.  A node is on Tarjan's stack
 * while it has an index and no component yet.  Components are then renumbered
 * by decreasing size, ties by lowest node id. */
static sp_status compute_scc(sp_graph *g)
{
    int32_t n = g->n_nodes;
    int32_t *comp = g->component;
    int32_t *index = sp_malloc_n((size_t)n, sizeof *index);
    int32_t *low = sp_malloc_n((size_t)n, sizeof *low);
    int32_t *next = sp_malloc_n((size_t)n, sizeof *next);
    int32_t *stack = sp_malloc_n((size_t)n, sizeof *stack);
    int32_t *cs = sp_malloc_n((size_t)n, sizeof *cs);
    comp_rank *rank = NULL;
    int32_t *remap = NULL;
    sp_status st = SP_OK;
    if (!index || !low || !next || !stack || !cs) {
        st = sp_error(SP_E_NOMEM, "graph: out of memory for components");
        goto cleanup;
    }
    for (int32_t v = 0; v < n; v++) {
        index[v] = -1;
        comp[v] = -1;
    }

    const int32_t *off = g->out_off, *to = g->out_to;
    int32_t counter = 0, sp = 0, ncomp = 0;
    for (int32_t root = 0; root < n; root++) {
        if (index[root] >= 0)
            continue;
        int32_t depth = 0;
        index[root] = low[root] = counter++;
        next[root] = off[root];
        stack[sp++] = root;
        cs[depth++] = root;
        while (depth > 0) {
            int32_t v = cs[depth - 1];
            if (next[v] < off[v + 1]) {
                int32_t w = to[next[v]++];
                if (index[w] < 0) {
                    index[w] = low[w] = counter++;
                    next[w] = off[w];
                    stack[sp++] = w;
                    cs[depth++] = w;
                } else if (comp[w] < 0 && index[w] < low[v]) {
                    low[v] = index[w];
                }
                continue;
            }
            depth--;
            if (low[v] == index[v]) {
                int32_t w;
                do {
                    w = stack[--sp];
                    comp[w] = ncomp;
                } while (w != v);
                ncomp++;
            }
            if (depth > 0) {
                int32_t u = cs[depth - 1];
                if (low[v] < low[u])
                    low[u] = low[v];
            }
        }
    }

    rank = sp_calloc_n((size_t)ncomp, sizeof *rank);
    remap = sp_malloc_n((size_t)ncomp, sizeof *remap);
    g->component_size = sp_malloc_n((size_t)ncomp, sizeof *g->component_size);
    if (!rank || !remap || !g->component_size) {
        st = sp_error(SP_E_NOMEM, "graph: out of memory for components");
        goto cleanup;
    }
    for (int32_t c = 0; c < ncomp; c++) {
        rank[c].raw = c;
        rank[c].min_node = -1;
    }
    for (int32_t v = 0; v < n; v++) {
        comp_rank *r = &rank[comp[v]];
        if (r->size++ == 0)
            r->min_node = v;
    }
    qsort(rank, (size_t)ncomp, sizeof *rank, comp_rank_cmp);
    for (int32_t c = 0; c < ncomp; c++) {
        remap[rank[c].raw] = c;
        g->component_size[c] = rank[c].size;
    }
    for (int32_t v = 0; v < n; v++)
        comp[v] = remap[comp[v]];
    g->n_components = ncomp;

cleanup:
    free(index);
    free(low);
    free(next);
    free(stack);
    free(cs);
    free(rank);
    free(remap);
    return st;
}

/* ------------------------------------------------------------------------ */
/* Build                                                                    */

/* Lay out one CSR side.  For each link in id order, its allowed directions
 * are placed at their key node (the tail for the forward side, the head for
 * the reverse side); the counting sort is stable, so edges of a node stay in
 * link id order. */
static void fill_csr(const sp_graph *g, int reverse, int32_t *off, int32_t *other,
                     int32_t *link, float *cost, int32_t *cursor)
{
    int32_t n = g->n_nodes;
    memset(off, 0, ((size_t)n + 1) * sizeof *off);
    for (int32_t l = 0; l < g->n_links; l++) {
        const sp_link *k = &g->links[l];
        if (!isinf(k->fwd_s))
            off[(reverse ? k->to : k->from) + 1]++;
        if (!isinf(k->bwd_s))
            off[(reverse ? k->from : k->to) + 1]++;
    }
    for (int32_t v = 0; v < n; v++)
        off[v + 1] += off[v];
    memcpy(cursor, off, (size_t)n * sizeof *cursor);
    for (int32_t l = 0; l < g->n_links; l++) {
        const sp_link *k = &g->links[l];
        for (int dir = 0; dir < 2; dir++) {
            double s = dir ? k->bwd_s : k->fwd_s;
            if (isinf(s))
                continue;
            int32_t tail = dir ? k->to : k->from, head = dir ? k->from : k->to;
            int32_t key = reverse ? head : tail;
            int32_t e = cursor[key]++;
            other[e] = reverse ? tail : head;
            link[e] = l;
            cost[e] = (float)s;
        }
    }
}

sp_status sp_graph_build(const sp_graph_builder *b, sp_graph **out)
{
    *out = NULL;
    size_t m = 0;
    for (int32_t l = 0; l < b->n_links; l++)
        m += !isinf(b->links[l].fwd_s) + !isinf(b->links[l].bwd_s);
    if (m > INT32_MAX)
        return sp_error(SP_E_INPUT, "graph: %zu edges, more than supported", m);

    sp_graph *g = calloc(1, sizeof *g);
    if (!g)
        return sp_error(SP_E_NOMEM, "graph: out of memory");
    size_t n = (size_t)b->n_nodes;
    g->n_nodes = b->n_nodes;
    g->n_links = b->n_links;
    g->n_geom = b->n_geom;
    g->n_edges = (int32_t)m;
    g->node_xy = sp_malloc_n(2 * n, sizeof(double));
    g->links = sp_malloc_n((size_t)b->n_links, sizeof(sp_link));
    g->geom_xy = sp_malloc_n(2 * (size_t)b->n_geom, sizeof(double));
    g->out_off = sp_malloc_n(n + 1, sizeof(int32_t));
    g->out_to = sp_malloc_n(m, sizeof(int32_t));
    g->out_link = sp_malloc_n(m, sizeof(int32_t));
    g->out_s = sp_malloc_n(m, sizeof(float));
    g->in_off = sp_malloc_n(n + 1, sizeof(int32_t));
    g->in_from = sp_malloc_n(m, sizeof(int32_t));
    g->in_link = sp_malloc_n(m, sizeof(int32_t));
    g->in_s = sp_malloc_n(m, sizeof(float));
    g->component = sp_malloc_n(n, sizeof(int32_t));
    int32_t *cursor = sp_malloc_n(n, sizeof(int32_t));
    if (!g->node_xy || !g->links || !g->geom_xy || !g->out_off || !g->out_to ||
        !g->out_link || !g->out_s || !g->in_off || !g->in_from || !g->in_link ||
        !g->in_s || !g->component || !cursor) {
        free(cursor);
        sp_graph_free(g);
        return sp_error(SP_E_NOMEM, "graph: out of memory for %zu nodes, %zu edges",
                        n, m);
    }
    if (n)
        memcpy(g->node_xy, b->node_xy, 2 * n * sizeof(double));
    if (b->n_links)
        memcpy(g->links, b->links, (size_t)b->n_links * sizeof(sp_link));
    if (b->n_geom)
        memcpy(g->geom_xy, b->geom_xy, 2 * (size_t)b->n_geom * sizeof(double));

    fill_csr(g, 0, g->out_off, g->out_to, g->out_link, g->out_s, cursor);
    fill_csr(g, 1, g->in_off, g->in_from, g->in_link, g->in_s, cursor);
    free(cursor);

    sp_status st = compute_scc(g);
    if (st != SP_OK) {
        sp_graph_free(g);
        return st;
    }
    *out = g;
    return SP_OK;
}

void sp_graph_free(sp_graph *g)
{
    if (!g)
        return;
    free(g->node_xy);
    free(g->links);
    free(g->geom_xy);
    free(g->out_off);
    free(g->out_to);
    free(g->out_link);
    free(g->out_s);
    free(g->in_off);
    free(g->in_from);
    free(g->in_link);
    free(g->in_s);
    free(g->component);
    free(g->component_size);
    free(g);
}

/* ------------------------------------------------------------------------ */
/* Invariants                                                               */

/* One CSR side: offsets from 0 to n_edges and monotone, ids in range, link
 * ids non-decreasing within a node, costs finite and >= 0, and each edge an
 * allowed direction of its link with that direction's cost. */
static sp_status check_csr(const sp_graph *g, int reverse)
{
    const char *side = reverse ? "reverse" : "forward";
    const int32_t *off = reverse ? g->in_off : g->out_off;
    const int32_t *other = reverse ? g->in_from : g->out_to;
    const int32_t *link = reverse ? g->in_link : g->out_link;
    const float *cost = reverse ? g->in_s : g->out_s;
    int32_t n = g->n_nodes;

    if (off[0] != 0 || off[n] != g->n_edges)
        return sp_error(SP_E_INTERNAL,
                        "graph check: %s offsets span %d..%d, expected 0..%d", side,
                        (int)off[0], (int)off[n], (int)g->n_edges);
    for (int32_t v = 0; v < n; v++) {
        if (off[v + 1] < off[v])
            return sp_error(SP_E_INTERNAL,
                            "graph check: %s offsets decrease at node %d", side,
                            (int)v);
        for (int32_t e = off[v]; e < off[v + 1]; e++) {
            int32_t u = other[e], l = link[e];
            float c = cost[e];
            if (u < 0 || u >= n)
                return sp_error(SP_E_INTERNAL,
                                "graph check: %s edge %d: node %d out of range",
                                side, (int)e, (int)u);
            if (l < 0 || l >= g->n_links)
                return sp_error(SP_E_INTERNAL,
                                "graph check: %s edge %d: link %d out of range",
                                side, (int)e, (int)l);
            if (!(c >= 0) || isinf(c))
                return sp_error(SP_E_INTERNAL,
                                "graph check: %s edge %d: cost %g not finite >= 0",
                                side, (int)e, (double)c);
            if (e > off[v] && link[e - 1] > l)
                return sp_error(SP_E_INTERNAL,
                                "graph check: %s edges of node %d not in link order",
                                side, (int)v);
            int32_t tail = reverse ? u : v, head = reverse ? v : u;
            const sp_link *k = &g->links[l];
            int fwd = k->from == tail && k->to == head && !isinf(k->fwd_s) &&
                      (float)k->fwd_s == c;
            int bwd = k->to == tail && k->from == head && !isinf(k->bwd_s) &&
                      (float)k->bwd_s == c;
            if (!fwd && !bwd)
                return sp_error(SP_E_INTERNAL,
                                "graph check: %s edge %d (%d->%d, %g s) does not "
                                "match link %d",
                                side, (int)e, (int)tail, (int)head, (double)c,
                                (int)l);
        }
    }
    return SP_OK;
}

sp_status sp_graph_check(const sp_graph *g)
{
    if (!g || g->n_nodes < 0 || g->n_links < 0 || g->n_edges < 0)
        return sp_error(SP_E_INTERNAL, "graph check: missing graph or negative count");
    int32_t n = g->n_nodes;

    int64_t directions = 0;
    for (int32_t l = 0; l < g->n_links; l++) {
        const sp_link *k = &g->links[l];
        if (k->from < 0 || k->from >= n || k->to < 0 || k->to >= n)
            return sp_error(SP_E_INTERNAL, "graph check: link %d: node out of range",
                            (int)l);
        if (k->geom_len < 2 || k->geom_off > g->n_geom ||
            k->geom_len > g->n_geom - k->geom_off)
            return sp_error(SP_E_INTERNAL, "graph check: link %d: bad geometry span",
                            (int)l);
        if (!(k->length_m >= 0) || isinf(k->length_m))
            return sp_error(SP_E_INTERNAL, "graph check: link %d: bad length %g",
                            (int)l, k->length_m);
        if (!cost_ok(k->fwd_s) || !cost_ok(k->bwd_s) ||
            (isinf(k->fwd_s) && isinf(k->bwd_s)))
            return sp_error(SP_E_INTERNAL,
                            "graph check: link %d: bad travel times (%g, %g)",
                            (int)l, k->fwd_s, k->bwd_s);
        directions += !isinf(k->fwd_s) + !isinf(k->bwd_s);
    }
    if (directions != g->n_edges)
        return sp_error(SP_E_INTERNAL,
                        "graph check: %d edges but links allow %lld directions",
                        (int)g->n_edges, (long long)directions);

    sp_status st = check_csr(g, 0);
    if (st == SP_OK)
        st = check_csr(g, 1);
    if (st != SP_OK)
        return st;

    if (g->n_components < (n > 0) || g->n_components > n)
        return sp_error(SP_E_INTERNAL, "graph check: %d components for %d nodes",
                        (int)g->n_components, (int)n);
    int32_t *count = sp_calloc_n((size_t)g->n_components, sizeof *count);
    if (!count)
        return sp_error(SP_E_NOMEM, "graph check: out of memory");
    for (int32_t v = 0; v < n; v++) {
        int32_t c = g->component[v];
        if (c < 0 || c >= g->n_components) {
            free(count);
            return sp_error(SP_E_INTERNAL,
                            "graph check: node %d: component %d out of range",
                            (int)v, (int)c);
        }
        count[c]++;
    }
    for (int32_t c = 0; c < g->n_components; c++) {
        if (count[c] != g->component_size[c] || count[c] == 0 ||
            (c > 0 && g->component_size[c] > g->component_size[c - 1])) {
            st = sp_error(SP_E_INTERNAL,
                          "graph check: component %d: size %d, %d nodes carry it",
                          (int)c, (int)g->component_size[c], (int)count[c]);
            break;
        }
    }
    free(count);
    if (st != SP_OK)
        return st;

    /* A two-way link keeps its ends mutually reachable, so they must share a
     * component.  This is a cheap partial check of the labels; verifying them
     * fully would mean recomputing the components. */
    for (int32_t l = 0; l < g->n_links; l++) {
        const sp_link *k = &g->links[l];
        if (!isinf(k->fwd_s) && !isinf(k->bwd_s) &&
            g->component[k->from] != g->component[k->to])
            return sp_error(SP_E_INTERNAL,
                            "graph check: two-way link %d joins components %d and %d",
                            (int)l, (int)g->component[k->from],
                            (int)g->component[k->to]);
    }
    return SP_OK;
}

size_t sp_graph_bytes(const sp_graph *g)
{
    if (!g)
        return 0;
    size_t n = (size_t)g->n_nodes, m = (size_t)g->n_edges;
    return sizeof *g + 2 * n * sizeof(double) +
           (size_t)g->n_links * sizeof(sp_link) +
           2 * (size_t)g->n_geom * sizeof(double) +
           2 * (n + 1) * sizeof(int32_t) +
           2 * m * (2 * sizeof(int32_t) + sizeof(float)) + n * sizeof(int32_t) +
           (size_t)g->n_components * sizeof(int32_t);
}
