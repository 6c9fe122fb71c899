/* test_route.c — routes rebuilt from a search's predecessors: on random
 * graphs every route is a valid walk to a seed whose times add up to the
 * search distance and to a Floyd-Warshall reference; on a hand-made graph
 * the polyline is checked vertex by vertex. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "reach.h"
#include "route.h"
#include "search.h"
#include "snap.h"
#include "test.h"

/* xorshift64*: a fixed-seed generator so every run sees the same cases. */
static uint64_t rs = 88172645463325252ULL;

static uint32_t rnd(uint32_t n)
{
    rs ^= rs >> 12;
    rs ^= rs << 25;
    rs ^= rs >> 27;
    return (uint32_t)((rs * 2685821657736338717ULL) >> 33) % n;
}

static double rnd01(void) { return rnd(1u << 30) / (double)(1u << 30); }

/* ------------------------------------------------------------------------ */
/* Random graphs with real geometry                                         */

enum { MAXN = 48 };

typedef struct {
    sp_graph *g;
    int32_t n;
    double *fwd, *bwd;  /* per link: the float seconds the graph stores, INFINITY = not allowed */
    double apsp[MAXN][MAXN]; /* shortest seconds u -> v */
} world;

/* n nodes on a 1 km square; links a third each forward only, backward only
 * and both ways, integer or real seconds, some zero, self-loops allowed,
 * and half with a bent middle vertex. */
static int make_world(world *w, int32_t n, int32_t n_links, int integer)
{
    memset(w, 0, sizeof *w);
    w->n = n;
    sp_graph_builder *b = sp_graph_builder_new();
    double *xy = malloc(sizeof *xy * 2 * (size_t)n);
    for (int32_t v = 0; v < n; v++) {
        xy[2 * v] = rnd01() * 1000;
        xy[2 * v + 1] = rnd01() * 1000;
        sp_graph_builder_add_node(b, xy[2 * v], xy[2 * v + 1]);
    }
    w->fwd = malloc(sizeof *w->fwd * (size_t)(n_links + 1));
    w->bwd = malloc(sizeof *w->bwd * (size_t)(n_links + 1));
    for (int32_t l = 0; l < n_links; l++) {
        int32_t a = (int32_t)rnd((uint32_t)n), z = (int32_t)rnd((uint32_t)n);
        double f = integer ? rnd(9) : rnd01() * 60, k = integer ? rnd(9) : rnd01() * 60;
        uint32_t kind = rnd(3);
        if (kind == 1)
            k = INFINITY;
        if (kind == 2)
            f = INFINITY;
        double line[6] = {xy[2 * a], xy[2 * a + 1], xy[2 * z], xy[2 * z + 1]};
        uint32_t nv = 2;
        if (rnd(2) || a == z) { /* bent, with a middle vertex (a loop needs one) */
            line[2] = (xy[2 * a] + xy[2 * z]) / 2 + 20 + rnd01() * 50;
            line[3] = (xy[2 * a + 1] + xy[2 * z + 1]) / 2 - rnd01() * 50;
            line[4] = xy[2 * z];
            line[5] = xy[2 * z + 1];
            nv = 3;
        }
        if (sp_graph_builder_add_link(b, a, z, line, nv, f, k, 0) != l)
            return 0;
        w->fwd[l] = (double)(float)f;
        w->bwd[l] = (double)(float)k;
    }
    free(xy);
    int ok = sp_graph_build(b, &w->g) == SP_OK;
    sp_graph_builder_free(b);
    if (!ok)
        return 0;
    /* Floyd-Warshall over the links' allowed directions. */
    for (int32_t u = 0; u < n; u++)
        for (int32_t v = 0; v < n; v++)
            w->apsp[u][v] = u == v ? 0 : INFINITY;
    for (int32_t l = 0; l < n_links; l++) {
        int32_t a = w->g->links[l].from, z = w->g->links[l].to;
        w->apsp[a][z] = fmin(w->apsp[a][z], w->fwd[l]);
        w->apsp[z][a] = fmin(w->apsp[z][a], w->bwd[l]);
    }
    for (int32_t k = 0; k < n; k++)
        for (int32_t u = 0; u < n; u++)
            for (int32_t v = 0; v < n; v++)
                w->apsp[u][v] = fmin(w->apsp[u][v], w->apsp[u][k] + w->apsp[k][v]);
    return 1;
}

static void free_world(world *w)
{
    sp_graph_free(w->g);
    free(w->fwd);
    free(w->bwd);
}

/* A site snapped inside link l at fraction t, and the seeds of a search of
 * direction dir from it (reverse: sp_reach_site_seeds; forward: written
 * here: leaving the snap towards `to` forwards or `from` backwards). */
static size_t site_on_link(const world *w, int32_t l, double t, sp_direction dir,
                           sp_snap *site, sp_seed seeds[2])
{
    const sp_link *k = &w->g->links[l];
    const double *p = &w->g->geom_xy[2 * (size_t)k->geom_off];
    double px, py, s;
    double qx = p[0] + t * (p[2] - p[0]), qy = p[1] + t * (p[3] - p[1]); /* on segment 0 */
    sp_snap_polyline(p, k->geom_len, qx, qy, &s, &px, &py);
    *site = (sp_snap){.link = l, .node = -1, .s = s, .offroad_m = 7, .offroad_s = rnd(5),
                      .x = px, .y = py};
    if (dir == SP_REVERSE)
        return sp_reach_site_seeds(w->g, site, seeds);
    double L = k->length_m;
    size_t n = 0;
    if (!isinf(w->fwd[l]))
        seeds[n++] = (sp_seed){k->to, site->offroad_s + (L - s) / L * w->fwd[l]};
    if (!isinf(w->bwd[l]))
        seeds[n++] = (sp_seed){k->from, site->offroad_s + s / L * w->bwd[l]};
    return n;
}

/* The polyline a route must have, built from its steps: each link's
 * vertices in travel order, the joint once. */
static size_t expect_links_xy(const sp_graph *g, const sp_route *r, double *xy)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_steps; i++) {
        const sp_link *k = &g->links[r->steps[i].link];
        for (uint32_t j = i > 0; j < k->geom_len; j++) {
            uint32_t at = r->steps[i].forward ? j : k->geom_len - 1 - j;
            xy[2 * n] = g->geom_xy[2 * ((size_t)k->geom_off + at)];
            xy[2 * n + 1] = g->geom_xy[2 * ((size_t)k->geom_off + at) + 1];
            n++;
        }
    }
    return n;
}

/* Check one route; a short reason on failure, NULL when all is well. */
static const char *check_route(const world *w, const sp_search *ws, sp_direction dir,
                               const sp_seed *seeds, size_t n_seeds, const sp_snap *site,
                               const sp_route *r, int32_t v)
{
    const sp_graph *g = w->g;
    double d = sp_search_dist(ws, v);
    if (r->node != v || r->dir != dir || !(r->total_s == d))
        return "node, direction or total differ from the search";
    /* The seed: a given seed node, with its lowest given cost. */
    double seed_cost = INFINITY;
    for (size_t i = 0; i < n_seeds; i++)
        if (seeds[i].node == r->seed)
            seed_cost = fmin(seed_cost, seeds[i].cost_s);
    if (!(r->seed_s == seed_cost))
        return "route does not end at a seed with its initial cost";
    /* A walk in travel order, every edge allowed; times summed from the
     * seed end as the search adds them. */
    int32_t at = dir == SP_REVERSE ? v : r->seed;
    double sum = r->seed_s, steps_s = 0;
    for (size_t k = 0; k < r->n_steps; k++) {
        size_t i = dir == SP_REVERSE ? r->n_steps - 1 - k : k; /* from the seed end */
        const sp_route_step *s = &r->steps[i];
        const sp_link *l = &g->links[s->link];
        if (s->start != (s->forward ? l->from : l->to) || s->end != (s->forward ? l->to : l->from))
            return "step nodes do not match its link and direction";
        double c = s->forward ? w->fwd[s->link] : w->bwd[s->link];
        if (isinf(c))
            return "step travels a direction the link does not allow";
        sum += c;
        steps_s += s->seconds;
        if (k > 0 && dir == SP_FORWARD && s->start != r->steps[i - 1].end)
            return "consecutive steps do not share a node";
        if (k > 0 && dir == SP_REVERSE && s->end != r->steps[i + 1].start)
            return "consecutive steps do not share a node";
    }
    if (r->n_steps && (r->steps[0].start != at ||
                       r->steps[r->n_steps - 1].end != (dir == SP_REVERSE ? r->seed : v)))
        return "the walk does not run between the node and its seed";
    if (!r->n_steps && r->seed != v)
        return "an empty route whose node is not its seed";
    if (!(sum == d))
        return "edge times plus the seed cost differ from the search distance";
    if (!(fabs(steps_s - (d - r->seed_s)) <= 1e-9 * (1 + d)))
        return "step seconds do not add up";
    /* The brute-force reference. */
    double ref = INFINITY;
    for (size_t i = 0; i < n_seeds; i++) {
        int32_t s = seeds[i].node;
        double p = dir == SP_REVERSE ? w->apsp[v][s] : w->apsp[s][v];
        ref = fmin(ref, seeds[i].cost_s + p);
    }
    if (!(fabs(ref - d) <= 1e-9 * (1 + ref)))
        return "search distance differs from Floyd-Warshall";
    /* Geometry: the links' polylines, then (reverse) or first (forward) the
     * site piece ending (starting) at the snapped point. */
    double *xy = malloc(sizeof *xy * 2 * (r->n_xy + 1));
    size_t n = expect_links_xy(g, r, xy);
    const char *why = NULL;
    if (n == 0) { /* the seed alone */
        xy[0] = g->node_xy[2 * (size_t)v];
        xy[1] = g->node_xy[2 * (size_t)v + 1];
        n = 1;
    }
    if (r->site_link >= 0) {
        const sp_link *l = &g->links[site->link];
        double frac = (r->site_forward == (dir == SP_REVERSE)) ? site->s / l->length_m
                                                              : 1 - site->s / l->length_m;
        double c = frac * (r->site_forward ? w->fwd[site->link] : w->bwd[site->link]);
        const double *end = dir == SP_REVERSE ? &r->xy[2 * r->n_xy - 2] : r->xy;
        /* reverse seeds use the link's double seconds, c the float ones */
        if (r->site_link != site->link || !(fabs(site->offroad_s + c - r->seed_s) <= 1e-6 * (1 + c)))
            why = "site piece: wrong link or its time is not the seed's cost";
        else if (end[0] != site->x || end[1] != site->y)
            why = "site piece does not end at the snapped point";
        else if (r->n_xy < n + 1 || r->n_xy > n + 2)
            why = "site piece has a wrong number of vertices";
        /* the links' part: a prefix (reverse) or a suffix (forward) */
        size_t skip = dir == SP_FORWARD ? r->n_xy - n : 0;
        if (!why && memcmp(xy, &r->xy[2 * skip], sizeof *xy * 2 * n) != 0)
            why = "link vertices differ";
    } else {
        if (r->n_xy != n || memcmp(xy, r->xy, sizeof *xy * 2 * n) != 0)
            why = "polyline differs from the links' vertices";
    }
    free(xy);
    return why;
}

static size_t random_seeds(int32_t n, sp_seed *seeds)
{
    size_t k = 1 + rnd(4);
    for (size_t i = 0; i < k; i++)
        seeds[i] = (sp_seed){(int32_t)rnd((uint32_t)n), rnd(3) ? rnd(15) : rnd01() * 20};
    if (k > 1 && rnd(3) == 0)
        seeds[1].node = seeds[0].node; /* the same node twice: the lower cost wins */
    return k;
}

/* Every reached node of every search: a valid route (check_route); every
 * other node: SP_E_INPUT.  A second workspace with routes off gives the
 * same distances and settle order, bit for bit. */
TEST(routes_on_random_graphs)
{
    int graphs = 0, routes = 0, pieces = 0, against = 0, forward_routes = 0;
    const char *why = NULL;
    for (int iter = 0; iter < 300 && !why; iter++) {
        world *w = malloc(sizeof *w);
        int32_t n = 2 + (int32_t)rnd(MAXN - 1);
        int32_t n_links = 1 + (int32_t)rnd((uint32_t)(3 * n));
        ASSERT(make_world(w, n, n_links, iter % 2));
        sp_search *ws = sp_search_new(w->g), *plain = sp_search_new(w->g);
        ASSERT(ws && plain && sp_search_keep_routes(ws, 1) == SP_OK);
        for (int k = 0; k < 6 && !why; k++) {
            sp_direction dir = k % 2 ? SP_REVERSE : SP_FORWARD;
            sp_seed seeds[4];
            sp_snap site, *sitep = NULL;
            size_t n_seeds;
            if (k >= 2) {
                sitep = &site;
                n_seeds = site_on_link(w, (int32_t)rnd((uint32_t)n_links), 0.1 + 0.8 * rnd01(),
                                       dir, &site, seeds);
            } else {
                n_seeds = random_seeds(n, seeds);
            }
            double limit = k == 5 ? rnd01() * 80 : INFINITY;
            if (sp_search_run(ws, w->g, dir, seeds, n_seeds, limit) != SP_OK ||
                sp_search_run(plain, w->g, dir, seeds, n_seeds, limit) != SP_OK) {
                why = "search failed";
                break;
            }
            size_t n1, n2;
            const int32_t *s1 = sp_search_settled(ws, &n1), *s2 = sp_search_settled(plain, &n2);
            if (n1 != n2 || memcmp(s1, s2, sizeof *s1 * n1) != 0)
                why = "settle order differs with routes on";
            for (int32_t v = 0; v < n && !why; v++) {
                double d = sp_search_dist(ws, v), d2 = sp_search_dist(plain, v);
                if (memcmp(&d, &d2, sizeof d) != 0) {
                    why = "distance differs with routes on";
                    break;
                }
                sp_route *r = (sp_route *)1;
                sp_status st = sp_route_get(w->g, ws, v, sitep, &r);
                if (isinf(d)) {
                    if (st != SP_E_INPUT || r)
                        why = "an unreached node did not give SP_E_INPUT";
                    continue;
                }
                if (st != SP_OK || !r) {
                    why = "sp_route_get failed on a reached node";
                    break;
                }
                why = check_route(w, ws, dir, seeds, n_seeds, sitep, r, v);
                routes++;
                pieces += r->site_link >= 0;
                forward_routes += dir == SP_FORWARD && r->n_steps > 0;
                for (size_t i = 0; i < r->n_steps; i++)
                    against += !r->steps[i].forward;
                sp_route_free(r);
            }
            if (why)
                fprintf(stderr, "graph %d (n=%d), search %d (dir %d): ", iter, (int)n, k, (int)dir);
        }
        sp_search_free(ws);
        sp_search_free(plain);
        free_world(w);
        free(w);
        graphs++;
    }
    if (why)
        T_FAIL_("%s", why);
    ASSERT(!why);
    ASSERT_EQ_INT(graphs, 300);
    /* the cases are not vacuous */
    ASSERT(routes > 10000 && pieces > 1000 && against > 1000 && forward_routes > 1000);
}

/* Nodes 0 (0,0), 1 (100,0), 2 (100,100), 3 (200,100).  Link 0: 0 -> 1 bent
 * through (50,10); link 1 digitised 2 -> 1 through (110,50); link 2: 2 -> 3
 * through (130,100) and (160,100), 100 m, 1 s/m.  All two-way, links 0 and 1
 * 10 s.  A site snapped at 45 m on link 2 (145,100), 3 s off-road. */
static sp_graph *hand_graph(void)
{
    sp_graph_builder *b = sp_graph_builder_new();
    const double nodes[] = {0, 0, 100, 0, 100, 100, 200, 100};
    for (int i = 0; i < 4; i++)
        sp_graph_builder_add_node(b, nodes[2 * i], nodes[2 * i + 1]);
    const double l0[] = {0, 0, 50, 10, 100, 0}, l1[] = {100, 100, 110, 50, 100, 0};
    const double l2[] = {100, 100, 130, 100, 160, 100, 200, 100};
    sp_graph_builder_add_link(b, 0, 1, l0, 3, 10, 10, 0);
    sp_graph_builder_add_link(b, 2, 1, l1, 3, 10, 10, 0);
    sp_graph_builder_add_link(b, 2, 3, l2, 4, 100, 100, 0);
    sp_graph *g = NULL;
    if (sp_graph_build(b, &g) != SP_OK)
        g = NULL;
    sp_graph_builder_free(b);
    return g;
}

static int same_xy(const sp_route *r, const double *want, size_t n)
{
    if (r->n_xy != n)
        fprintf(stderr, "got %zu vertices, want %zu\n", r->n_xy, n);
    return r->n_xy == n && memcmp(r->xy, want, sizeof *want * 2 * n) == 0;
}

TEST(route_geometry_by_hand)
{
    sp_graph *g = hand_graph();
    ASSERT(g);
    sp_search *ws = sp_search_new(g);
    ASSERT(ws && sp_search_keep_routes(ws, 1) == SP_OK);
    sp_snap site = {.link = 2, .node = -1, .s = 45, .offroad_m = 3, .offroad_s = 3,
                    .x = 145, .y = 100};
    sp_seed seeds[2];
    size_t ns = sp_reach_site_seeds(g, &site, seeds);
    ASSERT_EQ_INT(sp_search_run(ws, g, SP_REVERSE, seeds, ns, INFINITY), SP_OK);

    /* Node 0 -> 1 along link 0, 1 -> 2 against link 1, then up link 2. */
    sp_route *r = NULL;
    ASSERT_EQ_INT(sp_route_get(g, ws, 0, &site, &r), SP_OK);
    ASSERT_EQ_INT(r->n_steps, 2);
    ASSERT(r->steps[0].link == 0 && r->steps[0].forward && r->steps[0].start == 0 &&
           r->steps[0].end == 1);
    ASSERT(r->steps[1].link == 1 && !r->steps[1].forward && r->steps[1].start == 1 &&
           r->steps[1].end == 2);
    ASSERT(r->seed == 2 && r->site_link == 2 && r->site_forward);
    ASSERT_NEAR(r->total_s, 3 + 45 + 10 + 10, 1e-12);
    ASSERT_NEAR(r->seed_s, 48, 1e-12);
    ASSERT_NEAR(r->steps[0].seconds, 10, 1e-12);
    const double want0[] = {0, 0, 50, 10, 100, 0, 110, 50, 100, 100, 130, 100, 145, 100};
    ASSERT(same_xy(r, want0, 7));
    sp_route_free(r);

    /* Node 3 is a seed: down link 2 from its to-node. */
    ASSERT_EQ_INT(sp_route_get(g, ws, 3, &site, &r), SP_OK);
    ASSERT(r->n_steps == 0 && r->seed == 3 && r->site_link == 2 && !r->site_forward);
    ASSERT_NEAR(r->total_s, 3 + 55, 1e-12);
    const double want3[] = {200, 100, 160, 100, 145, 100};
    ASSERT(same_xy(r, want3, 3));
    sp_route_free(r);

    /* Without the site: links only; a seed alone is its node. */
    ASSERT_EQ_INT(sp_route_get(g, ws, 0, NULL, &r), SP_OK);
    ASSERT(r->site_link == -1 && same_xy(r, want0, 5));
    sp_route_free(r);
    ASSERT_EQ_INT(sp_route_get(g, ws, 2, NULL, &r), SP_OK);
    ASSERT(r->n_steps == 0 && same_xy(r, (const double[]){100, 100}, 1));
    sp_route_free(r);

    /* A site snapped on a vertex: the vertex once. */
    sp_snap on_vertex = site;
    on_vertex.s = 30;
    on_vertex.x = 130;
    ns = sp_reach_site_seeds(g, &on_vertex, seeds);
    ASSERT_EQ_INT(sp_search_run(ws, g, SP_REVERSE, seeds, ns, INFINITY), SP_OK);
    ASSERT_EQ_INT(sp_route_get(g, ws, 0, &on_vertex, &r), SP_OK);
    ASSERT(same_xy(r, want0, 6));
    sp_route_free(r);

    /* Forward from the site (seeds 2 at 3 + 45 backwards, 3 at 3 + 55
     * forwards): site -> 2 -> 1 along link 1 -> 0 against link 0. */
    sp_seed fwd[2] = {{3, 58}, {2, 48}};
    ASSERT_EQ_INT(sp_search_run(ws, g, SP_FORWARD, fwd, 2, INFINITY), SP_OK);
    ASSERT_EQ_INT(sp_route_get(g, ws, 0, &site, &r), SP_OK);
    ASSERT(r->n_steps == 2 && r->seed == 2 && r->site_link == 2 && !r->site_forward);
    ASSERT(r->steps[0].link == 1 && r->steps[0].forward && r->steps[0].start == 2);
    ASSERT(r->steps[1].link == 0 && !r->steps[1].forward && r->steps[1].end == 0);
    ASSERT_NEAR(r->total_s, 68, 1e-12);
    const double wantf[] = {145, 100, 130, 100, 100, 100, 110, 50, 100, 0, 50, 10, 0, 0};
    ASSERT(same_xy(r, wantf, 7));
    sp_route_free(r);
    sp_search_free(ws);
    sp_graph_free(g);
}

TEST(route_errors)
{
    sp_graph *g = hand_graph();
    ASSERT(g);
    sp_search *ws = sp_search_new(g);
    sp_seed seed = {1, 0};
    sp_route *r = NULL;
    ASSERT_EQ_INT(sp_search_run(ws, g, SP_REVERSE, &seed, 1, 15), SP_OK);
    ASSERT_EQ_INT(sp_search_pred(ws, 0), -1);
    ASSERT_EQ_INT(sp_route_get(g, ws, 0, NULL, &r), SP_E_INTERNAL); /* routes off */
    ASSERT(!r && !sp_search_keeps_routes(ws, NULL));
    ASSERT_EQ_INT(sp_search_keep_routes(ws, 1), SP_OK);
    ASSERT_EQ_INT(sp_route_get(g, ws, 0, NULL, &r), SP_E_INTERNAL); /* not since */
    ASSERT_EQ_INT(sp_search_run(ws, g, SP_REVERSE, &seed, 1, 15), SP_OK);
    sp_direction dir = SP_FORWARD;
    ASSERT(sp_search_keeps_routes(ws, &dir) && dir == SP_REVERSE);
    ASSERT_EQ_INT(sp_route_get(g, ws, 3, NULL, &r), SP_E_INPUT); /* beyond the limit */
    ASSERT_EQ_INT(sp_route_get(g, ws, 9, NULL, &r), SP_E_INPUT); /* out of range */
    ASSERT_EQ_INT(sp_route_get(g, ws, -1, NULL, &r), SP_E_INPUT);
    sp_snap elsewhere = {.link = 2, .node = -1, .s = 45, .x = 145, .y = 100};
    ASSERT_EQ_INT(sp_route_get(g, ws, 0, &elsewhere, &r), SP_E_INPUT); /* seed 1 not on link 2 */
    sp_snap at_node = {.link = -1, .node = 2};
    ASSERT_EQ_INT(sp_route_get(g, ws, 0, &at_node, &r), SP_E_INPUT);
    at_node.node = 1;
    ASSERT_EQ_INT(sp_route_get(g, ws, 0, &at_node, &r), SP_OK);
    ASSERT(r->n_steps == 1 && r->site_link == -1 && r->n_xy == 3);
    sp_route_free(r);
    sp_snap none = {.link = -1, .node = -1};
    ASSERT_EQ_INT(sp_route_get(g, ws, 0, &none, &r), SP_E_INPUT);
    ASSERT(!r);
    ASSERT_EQ_INT(sp_search_keep_routes(ws, 0), SP_OK);
    ASSERT_EQ_INT(sp_route_get(g, ws, 0, NULL, &r), SP_E_INTERNAL);
    sp_route_free(NULL);
    sp_search_free(ws);
    sp_graph_free(g);
}

int main(void)
{
    RUN(route_geometry_by_hand);
    RUN(route_errors);
    RUN(routes_on_random_graphs);
    return test_summary("route");
}
