/* test_snap.c — snapping points to the network (analysis/snap.c) and travel
 * times from snapped points to a snapped site (analysis/reach.c), on small
 * hand-built graphs with hand-computed answers. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <geos_c.h>

#include "graph.h"
#include "reach.h"
#include "search.h"
#include "snap.h"
#include "test.h"

#define WALK_MPS (5.0 / 3.6) /* the default off-road speed, 5 km/h */

static GEOSContextHandle_t G;

static void geos_msg(const char *msg, void *data)
{
    (void)data;
    fprintf(stderr, "GEOS: %s\n", msg);
}

/* A straight link from node a to node b of the builder's nodes `nxy`, with
 * the given seconds each way (INFINITY = not allowed). */
static int32_t add_link(sp_graph_builder *b, const double *nxy, int32_t a, int32_t c,
                        double fwd_s, double bwd_s)
{
    double xy[4] = {nxy[2 * a], nxy[2 * a + 1], nxy[2 * c], nxy[2 * c + 1]};
    return sp_graph_builder_add_link(b, a, c, xy, 2, fwd_s, bwd_s, 0);
}

/* Build a graph from node coordinates and straight links
 * {from, to, fwd_s, bwd_s}. */
typedef struct {
    int32_t a, b;
    double fwd_s, bwd_s;
} link_spec;

static sp_graph *build(const double *nxy, int32_t n_nodes, const link_spec *ls, int n_links)
{
    sp_graph_builder *b = sp_graph_builder_new();
    if (!b)
        return NULL;
    for (int32_t i = 0; i < n_nodes; i++)
        if (sp_graph_builder_add_node(b, nxy[2 * i], nxy[2 * i + 1]) != i)
            goto fail;
    for (int i = 0; i < n_links; i++)
        if (add_link(b, nxy, ls[i].a, ls[i].b, ls[i].fwd_s, ls[i].bwd_s) != i)
            goto fail;
    sp_graph *g = NULL;
    if (sp_graph_build(b, &g) != SP_OK)
        goto fail;
    sp_graph_builder_free(b);
    return g;
fail:
    fprintf(stderr, "graph build failed: %s\n", sp_error_message());
    sp_graph_builder_free(b);
    return NULL;
}

/* The snapping graph: a 100 m square (nodes 0..3, two-way links 0..3, 1 m/s)
 * as the main component; an island (nodes 4, 5 on links 4) east of it; and
 * a oneway spur (link 5, node 1 -> node 6) whose end cannot get back, so
 * node 6 is a component of its own.
 *
 *     3 (0,100) ---L2--- 2 (100,100)
 *     |                  |
 *     L3                 L1                       4 (200,0) -L4- 5 (210,0)
 *     |                  |
 *     0 (0,0) ----L0---- 1 (100,0)
 *                      /
 *              6 (50,-30)   (L5: 1 -> 6 only)
 */
static const double SQ_XY[] = {0, 0, 100, 0, 100, 100, 0, 100, 200, 0, 210, 0, 50, -30};
static const link_spec SQ_LINKS[] = {
    {0, 1, 100, 100}, {1, 2, 100, 100}, {2, 3, 100, 100}, {3, 0, 100, 100},
    {4, 5, 10, 10},   {1, 6, 58.3, INFINITY},
};

static sp_graph *square(void) { return build(SQ_XY, 7, SQ_LINKS, 6); }

/* ------------------------------------------------------------------------ */

TEST(polyline_nearest_point)
{
    /* An L-shaped polyline with a step: (0,0) (100,0) (100,100) (200,100). */
    const double xy[] = {0, 0, 100, 0, 100, 100, 200, 100};
    double s = -1, px = NAN, py = NAN;
    /* Over the last segment: 100 + 100 + 50 along, 10 off. */
    ASSERT_NEAR(sp_snap_polyline(xy, 4, 150, 90, &s, &px, &py), 10, 1e-12);
    ASSERT_NEAR(s, 250, 1e-9);
    ASSERT_NEAR(px, 150, 1e-12);
    ASSERT_NEAR(py, 100, 1e-12);
    /* Beside the middle segment. */
    ASSERT_NEAR(sp_snap_polyline(xy, 4, 130, 40, &s, &px, &py), 30, 1e-12);
    ASSERT_NEAR(s, 140, 1e-9);
    ASSERT_NEAR(px, 100, 1e-12);
    ASSERT_NEAR(py, 40, 1e-12);
    /* Before the start: the first vertex. */
    ASSERT_NEAR(sp_snap_polyline(xy, 4, -30, -40, &s, &px, &py), 50, 1e-12);
    ASSERT_NEAR(s, 0, 1e-12);
    ASSERT_NEAR(px, 0, 1e-12);
    ASSERT_NEAR(py, 0, 1e-12);
    /* Past the end: the last vertex, s = the whole length. */
    ASSERT_NEAR(sp_snap_polyline(xy, 4, 230, 140, &s, &px, &py), 50, 1e-12);
    ASSERT_NEAR(s, 300, 1e-9);
    ASSERT_NEAR(px, 200, 1e-12);
    ASSERT_NEAR(py, 100, 1e-12);
    /* Outside the corner (100,0): the corner. */
    ASSERT_NEAR(sp_snap_polyline(xy, 4, 110, -10, &s, &px, &py), sqrt(200), 1e-12);
    ASSERT_NEAR(s, 100, 1e-9);
    /* On the polyline: distance 0. */
    ASSERT_NEAR(sp_snap_polyline(xy, 4, 100, 75, &s, &px, &py), 0, 1e-12);
    ASSERT_NEAR(s, 175, 1e-9);
    /* A repeated vertex (zero-length segment) does not disturb s. */
    const double rep[] = {0, 0, 50, 0, 50, 0, 100, 0};
    ASSERT_NEAR(sp_snap_polyline(rep, 4, 80, 5, &s, &px, &py), 5, 1e-12);
    ASSERT_NEAR(s, 80, 1e-9);
}

TEST(snap_to_edge)
{
    sp_graph *g = square();
    ASSERT(g);
    ASSERT_EQ_INT(g->component_size[0], 4);
    sp_snapper *sn = NULL;
    ASSERT(sp_snapper_new(g, G, SP_SNAP_EDGE, NULL, 0, &sn) == SP_OK);
    sp_snap p;

    /* (50, 10) over link 0 from (0,0) to (100,0): s = 50, 10 m off road,
     * 10 m / (5 km/h) = 7.2 s. */
    sp_snapper_snap(sn, G, 50, 10, 1000, 5.0, &p);
    ASSERT(sp_snap_ok(&p));
    ASSERT_EQ_INT(p.link, 0);
    ASSERT_EQ_INT(p.node, -1);
    ASSERT_NEAR(p.s, 50, 1e-9);
    ASSERT_NEAR(p.offroad_m, 10, 1e-9);
    ASSERT_NEAR(p.offroad_s, 7.2, 1e-9);
    ASSERT_NEAR(p.x, 50, 1e-9);
    ASSERT_NEAR(p.y, 0, 1e-9);

    /* (95, 60) near link 1 (1 -> 2, x = 100): s = 60 from node 1. */
    sp_snapper_snap(sn, G, 95, 60, 1000, 5.0, &p);
    ASSERT_EQ_INT(p.link, 1);
    ASSERT_NEAR(p.s, 60, 1e-9);
    ASSERT_NEAR(p.offroad_m, 5, 1e-9);

    /* (30, 104) near link 2, which runs from node 2 (100,100) to node 3
     * (0,100): s is measured from its from-node, 70. */
    sp_snapper_snap(sn, G, 30, 104, 1000, 5.0, &p);
    ASSERT_EQ_INT(p.link, 2);
    ASSERT_NEAR(p.s, 70, 1e-9);
    ASSERT_NEAR(p.offroad_m, 4, 1e-9);

    /* On the road: no off-road leg. */
    sp_snapper_snap(sn, G, 0, 25, 1000, 5.0, &p);
    ASSERT_EQ_INT(p.link, 3);
    ASSERT_NEAR(p.s, 75, 1e-9);
    ASSERT_NEAR(p.offroad_m, 0, 1e-12);
    ASSERT_NEAR(p.offroad_s, 0, 1e-12);

    /* The centre of the square is 50 m from all four links: the tie goes to
     * the lowest link id. */
    sp_snapper_snap(sn, G, 50, 50, 1000, 5.0, &p);
    ASSERT_EQ_INT(p.link, 0);
    ASSERT_NEAR(p.s, 50, 1e-9);
    ASSERT_NEAR(p.offroad_m, 50, 1e-9);

    /* Exactly at max_snap_m still snaps; just beyond does not, but the
     * distance is reported. */
    sp_snapper_snap(sn, G, 50, -1000, 1000, 5.0, &p);
    ASSERT_EQ_INT(p.link, 0);
    ASSERT_NEAR(p.offroad_m, 1000, 1e-9);
    sp_snapper_snap(sn, G, 50, -1500, 1000, 5.0, &p);
    ASSERT(!sp_snap_ok(&p));
    ASSERT_EQ_INT(p.link, -1);
    ASSERT_EQ_INT(p.node, -1);
    ASSERT_NEAR(p.offroad_m, 1500, 1e-9);
    ASSERT(isinf(p.offroad_s));

    sp_snapper_free(sn);
    sp_graph_free(g);
}

/* "Ties go to the lower link id" (snap.h), whatever order the links were
 * added in: a 3 x 3 grid of nodes 100 m apart whose links are added from the
 * top right down, and points equidistant from several links (cell centres:
 * four links at 50 m; points diagonally outside a corner: two links meeting
 * at the corner node).  The expected link is found by brute force. */
TEST(snap_tie_goes_to_lowest_link_id)
{
    const int n = 3;
    sp_graph_builder *b = sp_graph_builder_new();
    ASSERT(b);
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++)
            ASSERT(sp_graph_builder_add_node(b, i * 100.0, j * 100.0) == j * n + i);
    for (int i = n - 1; i >= 0; i--) /* vertical links, right to left */
        for (int j = n - 2; j >= 0; j--) {
            double xy[4] = {i * 100.0, j * 100.0, i * 100.0, (j + 1) * 100.0};
            ASSERT(sp_graph_builder_add_link(b, j * n + i, (j + 1) * n + i, xy, 2, 100, 100, 0) >= 0);
        }
    for (int j = n - 1; j >= 0; j--) /* horizontal links, top to bottom */
        for (int i = n - 2; i >= 0; i--) {
            double xy[4] = {i * 100.0, j * 100.0, (i + 1) * 100.0, j * 100.0};
            ASSERT(sp_graph_builder_add_link(b, j * n + i, j * n + i + 1, xy, 2, 100, 100, 0) >= 0);
        }
    sp_graph *g = NULL;
    ASSERT(sp_graph_build(b, &g) == SP_OK);
    sp_graph_builder_free(b);
    sp_snapper *sn = NULL;
    ASSERT(sp_snapper_new(g, G, SP_SNAP_EDGE, NULL, 0, &sn) == SP_OK);
    const double pts[][2] = {{50, 50}, {150, 50}, {50, 150}, {150, 150},
                             {-10, -10}, {210, -10}, {-10, 210}, {210, 210}};
    int wrong = 0;
    for (size_t q = 0; q < sizeof pts / sizeof *pts; q++) {
        double x = pts[q][0], y = pts[q][1], best = INFINITY;
        int32_t want = -1;
        for (int32_t l = 0; l < g->n_links; l++) {
            const sp_link *k = &g->links[l];
            double sa, px, py;
            double d = sp_snap_polyline(g->geom_xy + 2 * (size_t)k->geom_off, k->geom_len, x, y,
                                        &sa, &px, &py);
            if (d < best - 1e-9) {
                best = d;
                want = l;
            }
        }
        sp_snap p;
        sp_snapper_snap(sn, G, x, y, 1000, 5.0, &p);
        if (p.link != want) {
            fprintf(stderr, "  (%g, %g): snapped to link %d, the lowest id at %g m is %d\n", x,
                    y, (int)p.link, best, (int)want);
            wrong++;
        }
        ASSERT_NEAR(p.offroad_m, best, 1e-9);
    }
    sp_snapper_free(sn);
    sp_graph_free(g);
    ASSERT_EQ_INT(wrong, 0);
}

/* Points never snap to links outside the largest strongly connected
 * component, even when those are much closer. */
TEST(snap_ignores_small_components)
{
    sp_graph *g = square();
    ASSERT(g);
    /* Components: the square (4), then {4, 5}, then {6}. */
    ASSERT_EQ_INT(g->n_components, 3);
    ASSERT(!sp_graph_in_main(g, 4) && !sp_graph_in_main(g, 5) && !sp_graph_in_main(g, 6));
    sp_snapper *sn = NULL;
    ASSERT(sp_snapper_new(g, G, SP_SNAP_EDGE, NULL, 0, &sn) == SP_OK);
    sp_snap p;

    /* (160, 10): the island (link 4) is 41 m away, link 1 (x = 100) 60 m:
     * link 1 at s = 10. */
    sp_snapper_snap(sn, G, 160, 10, 1000, 5.0, &p);
    ASSERT_EQ_INT(p.link, 1);
    ASSERT_NEAR(p.s, 10, 1e-9);
    ASSERT_NEAR(p.offroad_m, 60, 1e-9);

    /* On the island itself: still the square (node 1's corner is 100 m). */
    sp_snapper_snap(sn, G, 200, 0, 1000, 5.0, &p);
    ASSERT(p.link == 0 || p.link == 1);
    ASSERT_NEAR(p.offroad_m, 100, 1e-9);
    ASSERT_NEAR(p.x, 100, 1e-9);
    ASSERT_NEAR(p.y, 0, 1e-9);

    /* (60, -25) is under 1 m from the oneway spur 1 -> 6, whose end node 6
     * is not in the main component: link 0 at s = 60, 25 m off. */
    sp_snapper_snap(sn, G, 60, -25, 1000, 5.0, &p);
    ASSERT_EQ_INT(p.link, 0);
    ASSERT_NEAR(p.s, 60, 1e-9);
    ASSERT_NEAR(p.offroad_m, 25, 1e-9);

    /* Beyond max_snap_m from the square but near the island: not snapped
     * (and the distance reported is to the square). */
    sp_snapper_snap(sn, G, 205, 0, 50, 5.0, &p);
    ASSERT(!sp_snap_ok(&p));
    ASSERT_NEAR(p.offroad_m, 105, 1e-9);
    sp_snapper_free(sn);

    /* Node snapping skips them too. */
    ASSERT(sp_snapper_new(g, G, SP_SNAP_NODE, NULL, 0, &sn) == SP_OK);
    sp_snapper_snap(sn, G, 190, 0, 1000, 5.0, &p); /* node 4 is 10 m away, node 1 90 m */
    ASSERT_EQ_INT(p.node, 1);
    ASSERT_NEAR(p.offroad_m, 90, 1e-9);
    /* (48, -29): node 6 is 2.2 m away, node 0 56.1 m, node 1 59.5 m. */
    sp_snapper_snap(sn, G, 48, -29, 1000, 5.0, &p);
    ASSERT_EQ_INT(p.node, 0);
    sp_snapper_free(sn);
    sp_graph_free(g);
}

TEST(snap_to_node)
{
    sp_graph *g = square();
    ASSERT(g);
    sp_snapper *sn = NULL;
    ASSERT(sp_snapper_new(g, G, SP_SNAP_NODE, NULL, 0, &sn) == SP_OK);
    sp_snap p;
    /* (90, 30): node 1 (100,0) is 31.6 m away, node 2 (100,100) 70.7 m,
     * node 0 94.9 m; no off-road time for node snaps. */
    sp_snapper_snap(sn, G, 90, 30, 1000, 5.0, &p);
    ASSERT(sp_snap_ok(&p));
    ASSERT_EQ_INT(p.node, 1);
    ASSERT_EQ_INT(p.link, -1);
    ASSERT_NEAR(p.offroad_m, sqrt(1000), 1e-9);
    ASSERT_NEAR(p.offroad_s, 0, 0);
    ASSERT_NEAR(p.x, 100, 1e-12);
    ASSERT_NEAR(p.y, 0, 1e-12);
    sp_snapper_snap(sn, G, 10, 80, 1000, 5.0, &p);
    ASSERT_EQ_INT(p.node, 3);
    sp_snapper_snap(sn, G, 70, 70, 1000, 5.0, &p);
    ASSERT_EQ_INT(p.node, 2);
    /* Too far: not snapped, distance reported. */
    sp_snapper_snap(sn, G, -30, -40, 20, 5.0, &p);
    ASSERT(!sp_snap_ok(&p));
    ASSERT_NEAR(p.offroad_m, 50, 1e-9);
    sp_snapper_free(sn);
    sp_graph_free(g);
}

/* Reverse search from a site and the time from a point to it. */
static double time_to_site(const sp_graph *g, sp_search *ws, const sp_snap *site,
                           const sp_snap *pt, double limit_s)
{
    sp_seed seeds[2];
    size_t n = sp_reach_site_seeds(g, site, seeds);
    if (n == 0 || sp_search_run(ws, g, SP_REVERSE, seeds, n, limit_s) != SP_OK)
        return NAN;
    return sp_reach_time(g, ws, site, pt);
}

/* Site and cluster on one two-way link: |s1 - s2| / speed plus both
 * off-road legs. */
TEST(reach_same_link)
{
    /* One link (0,0) -> (100,0), 100 s each way (1 m/s). */
    const double xy[] = {0, 0, 100, 0};
    const link_spec ls[] = {{0, 1, 100, 100}};
    sp_graph *g = build(xy, 2, ls, 1);
    ASSERT(g);
    sp_snapper *sn = NULL;
    ASSERT(sp_snapper_new(g, G, SP_SNAP_EDGE, NULL, 0, &sn) == SP_OK);
    sp_search *ws = sp_search_new(g);
    ASSERT(ws);
    sp_snap site, c;
    sp_snapper_snap(sn, G, 70, -5, 1000, 5.0, &site); /* s = 70, 5 m off: 3.6 s */
    sp_snapper_snap(sn, G, 20, 10, 1000, 5.0, &c);    /* s = 20, 10 m off: 7.2 s */
    ASSERT_EQ_INT(site.link, 0);
    ASSERT_EQ_INT(c.link, 0);
    ASSERT_NEAR(site.offroad_s, 3.6, 1e-9);
    /* 7.2 + 50 m at 1 m/s + 3.6 = 60.8 (via the nodes: 7.2 + 20 + 70 + 3.6
     * or 7.2 + 80 + 30 + 3.6, both longer). */
    ASSERT_NEAR(time_to_site(g, ws, &site, &c, 1e9), 60.8, 1e-6);
    /* Cluster beyond the site: backwards along the link. */
    sp_snapper_snap(sn, G, 90, 2, 1000, 5.0, &c); /* s = 90, 2 m off: 1.44 s */
    ASSERT_NEAR(time_to_site(g, ws, &site, &c, 1e9), 1.44 + 20 + 3.6, 1e-6);
    /* At the same place: only the off-road legs. */
    sp_snapper_snap(sn, G, 70, 8, 1000, 5.0, &c);
    ASSERT_NEAR(time_to_site(g, ws, &site, &c, 1e9), 8 / WALK_MPS + 3.6, 1e-6);
    /* A cluster that did not snap never reaches anything. */
    sp_snapper_snap(sn, G, 50, 5000, 1000, 5.0, &c);
    ASSERT(isinf(time_to_site(g, ws, &site, &c, 1e9)));
    sp_search_free(ws);
    sp_snapper_free(sn);
    sp_graph_free(g);
}

/* Two two-way links in a row, 0 -> 1 -> 2 along y = 0, 100 s each: a
 * cluster on link 1 reaches a site on link 0 by going backwards along its own
 * link to node 1 (the from-node of link 1). */
TEST(reach_across_links)
{
    const double xy[] = {0, 0, 100, 0, 200, 0};
    const link_spec ls[] = {{0, 1, 100, 100}, {1, 2, 100, 100}};
    sp_graph *g = build(xy, 3, ls, 2);
    ASSERT(g);
    sp_snapper *sn = NULL;
    ASSERT(sp_snapper_new(g, G, SP_SNAP_EDGE, NULL, 0, &sn) == SP_OK);
    sp_search *ws = sp_search_new(g);
    ASSERT(ws);
    sp_snap site, c;
    sp_snapper_snap(sn, G, 30, -5, 1000, 5.0, &site); /* link 0, s 30, 3.6 s off */
    sp_snapper_snap(sn, G, 110, 5, 1000, 5.0, &c);    /* link 1, s 10, 3.6 s off */
    ASSERT(site.link == 0 && c.link == 1);
    /* Seeds: node 0 at 3.6 + 30, node 1 at 3.6 + 70. */
    sp_seed seeds[2];
    ASSERT_EQ_INT(sp_reach_site_seeds(g, &site, seeds), 2);
    ASSERT_EQ_INT(seeds[0].node + seeds[1].node, 1);
    ASSERT_NEAR(seeds[0].node == 0 ? seeds[0].cost_s : seeds[1].cost_s, 33.6, 1e-9);
    ASSERT_NEAR(seeds[0].node == 1 ? seeds[0].cost_s : seeds[1].cost_s, 73.6, 1e-9);
    /* 3.6 + 10 back to node 1 + 70 to the site + 3.6. */
    ASSERT_NEAR(time_to_site(g, ws, &site, &c, 1e9), 87.2, 1e-4);
    /* From the far end of link 1 (s 95): 95 back + 70 + 3.6 + its 0 m leg. */
    sp_snapper_snap(sn, G, 195, 0, 1000, 5.0, &c);
    ASSERT_NEAR(time_to_site(g, ws, &site, &c, 1e9), 95 + 73.6, 1e-4);
    sp_search_free(ws);
    sp_snapper_free(sn);
    sp_graph_free(g);
}

/* A oneway loop: 0 -> 1 -> 2 -> 3 -> 0 around a 100 m square, 100 s per
 * link.  A site on link 0 at s = 60: a cluster upstream on link 0 drives
 * straight there; one downstream has to go all the way round. */
TEST(reach_oneway_loop)
{
    const double xy[] = {0, 0, 100, 0, 100, 100, 0, 100};
    const link_spec ls[] = {{0, 1, 100, INFINITY}, {1, 2, 100, INFINITY},
                            {2, 3, 100, INFINITY}, {3, 0, 100, INFINITY}};
    sp_graph *g = build(xy, 4, ls, 4);
    ASSERT(g);
    ASSERT_EQ_INT(g->component_size[0], 4);
    sp_snapper *sn = NULL;
    ASSERT(sp_snapper_new(g, G, SP_SNAP_EDGE, NULL, 0, &sn) == SP_OK);
    sp_search *ws = sp_search_new(g);
    ASSERT(ws);
    sp_snap site, up, down, other;
    sp_snapper_snap(sn, G, 60, -2, 1000, 5.0, &site); /* s 60, 2 m: 1.44 s */
    sp_snapper_snap(sn, G, 20, 3, 1000, 5.0, &up);    /* s 20, 3 m: 2.16 s */
    sp_snapper_snap(sn, G, 80, 4, 1000, 5.0, &down);  /* s 80, 4 m: 2.88 s */
    sp_snapper_snap(sn, G, 50, 103, 1000, 5.0, &other); /* link 2 (2 -> 3) at s 50, 3 m */
    ASSERT(site.link == 0 && up.link == 0 && down.link == 0 && other.link == 2);
    ASSERT_NEAR(site.s, 60, 1e-9);
    ASSERT_NEAR(other.s, 50, 1e-9);

    /* The seeds: only node 0 (drive 60 m forwards to the site), 1.44 + 60. */
    sp_seed seeds[2];
    ASSERT_EQ_INT(sp_reach_site_seeds(g, &site, seeds), 1);
    ASSERT_EQ_INT(seeds[0].node, 0);
    ASSERT_NEAR(seeds[0].cost_s, 61.44, 1e-9);

    /* Upstream: 2.16 + 40 + 1.44. */
    ASSERT_NEAR(time_to_site(g, ws, &site, &up, 1e9), 43.6, 1e-6);
    /* Downstream: 2.88 + 20 to node 1, round 1 -> 2 -> 3 -> 0 (300), then
     * 60 to the site + 1.44. */
    ASSERT_NEAR(time_to_site(g, ws, &site, &down, 1e9), 2.88 + 20 + 300 + 60 + 1.44, 1e-4);
    /* From link 2 at s 50: 50 to node 3, 100 to node 0, 60 + 1.44; + 2.16. */
    ASSERT_NEAR(time_to_site(g, ws, &site, &other, 1e9), 2.16 + 50 + 100 + 61.44, 1e-4);
    /* Within a 300 s limit the downstream cluster is out of reach (its node
     * 1 is 361.44 s away), the upstream one still in. */
    ASSERT(isinf(time_to_site(g, ws, &site, &down, 300)));
    ASSERT_NEAR(time_to_site(g, ws, &site, &up, 300), 43.6, 1e-6);

    /* Node snaps: a site at node 0, a cluster at node 1 goes 1 -> 2 -> 3 -> 0;
     * one at node 3 only 3 -> 0. */
    sp_snapper_free(sn);
    ASSERT(sp_snapper_new(g, G, SP_SNAP_NODE, NULL, 0, &sn) == SP_OK);
    sp_snap nsite, n1, n3;
    sp_snapper_snap(sn, G, 1, 1, 1000, 5.0, &nsite);
    sp_snapper_snap(sn, G, 99, 1, 1000, 5.0, &n1);
    sp_snapper_snap(sn, G, 1, 99, 1000, 5.0, &n3);
    ASSERT(nsite.node == 0 && n1.node == 1 && n3.node == 3);
    ASSERT_NEAR(time_to_site(g, ws, &nsite, &n1, 1e9), 300, 1e-4);
    ASSERT_NEAR(time_to_site(g, ws, &nsite, &n3, 1e9), 100, 1e-4);
    ASSERT_NEAR(time_to_site(g, ws, &nsite, &nsite, 1e9), 0, 1e-9);
    sp_search_free(ws);
    sp_snapper_free(sn);
    sp_graph_free(g);
}

/* A snap at the very end of a link (s = 0 or s = L) is AT that node: from
 * there a point can use the node directly, whichever way the link runs.
 * This happens whenever a point's nearest network location is a junction
 * (outside a convex corner, past a dead end): every link at the node is at
 * the same distance and the snap may pick an outgoing oneway link at s = 0
 * or an incoming one at s = L.
 *
 *     0 (0,0) ==L1== 1 (100,0) --L0--> 2 (200,0)
 *       \\                                //
 *        L3 ====== 3 (100,100) ====== L2      (== two-way, 100 s per link)
 */
static const double ENDS_XY[] = {0, 0, 100, 0, 200, 0, 100, 100};
static const link_spec ENDS_LINKS[] = {{1, 2, 100, INFINITY}, {1, 0, 100, 100},
                                       {2, 3, 100, 100},      {3, 0, 100, 100}};

/* Site at node 0 (node snap); cluster at node 1, snapped to the start of
 * the oneway L0 (s = 0).  Right: 1 -> 0 directly, 100 s.  Driving L0 first
 * (1 -> 2 -> 3 -> 0) takes 300 s. */
TEST(reach_cluster_at_link_start)
{
    sp_graph *g = build(ENDS_XY, 4, ENDS_LINKS, 4);
    ASSERT(g);
    ASSERT_EQ_INT(g->component_size[0], 4);
    sp_search *ws = sp_search_new(g);
    ASSERT(ws);
    sp_snap site0 = {.link = -1, .node = 0, .s = 0, .offroad_m = 0, .offroad_s = 0,
                     .x = 0, .y = 0};
    sp_snap at1 = {.link = 0, .node = -1, .s = 0, .offroad_m = 0, .offroad_s = 0,
                   .x = 100, .y = 0};
    double t = time_to_site(g, ws, &site0, &at1, 1e9);
    sp_search_free(ws);
    sp_graph_free(g);
    ASSERT_NEAR(t, 100, 1e-4);
}

/* Site at node 2, snapped to the end of the oneway L0 (s = L = 100);
 * cluster at node 3 (node snap).  Right: 3 -> 2 directly, 100 s (not
 * 3 -> 0 -> 1 and along L0, 300 s). */
TEST(reach_site_at_link_end)
{
    sp_graph *g = build(ENDS_XY, 4, ENDS_LINKS, 4);
    ASSERT(g);
    sp_search *ws = sp_search_new(g);
    ASSERT(ws);
    sp_snap site2 = {.link = 0, .node = -1, .s = 100, .offroad_m = 0, .offroad_s = 0,
                     .x = 200, .y = 0};
    sp_snap n3 = {.link = -1, .node = 3, .s = 0, .offroad_m = 0, .offroad_s = 0,
                  .x = 100, .y = 100};
    double t = time_to_site(g, ws, &site2, &n3, 1e9);
    sp_search_free(ws);
    sp_graph_free(g);
    ASSERT_NEAR(t, 100, 1e-4);
}

/* Multi-vertex link geometry: s is measured along the polyline. */
TEST(snap_on_bent_link)
{
    sp_graph_builder *b = sp_graph_builder_new();
    ASSERT(b);
    ASSERT_EQ_INT(sp_graph_builder_add_node(b, 0, 0), 0);
    ASSERT_EQ_INT(sp_graph_builder_add_node(b, 200, 100), 1);
    const double xy[] = {0, 0, 100, 0, 100, 100, 200, 100};
    ASSERT_EQ_INT(sp_graph_builder_add_link(b, 0, 1, xy, 4, 300, 300, 0), 0);
    sp_graph *g = NULL;
    ASSERT(sp_graph_build(b, &g) == SP_OK);
    sp_graph_builder_free(b);
    ASSERT_NEAR(g->links[0].length_m, 300, 1e-9);
    sp_snapper *sn = NULL;
    ASSERT(sp_snapper_new(g, G, SP_SNAP_EDGE, NULL, 0, &sn) == SP_OK);
    sp_snap p;
    sp_snapper_snap(sn, G, 150, 90, 1000, 5.0, &p);
    ASSERT_EQ_INT(p.link, 0);
    ASSERT_NEAR(p.s, 250, 1e-9);
    ASSERT_NEAR(p.offroad_m, 10, 1e-9);
    /* Inside the bend, the middle segment is nearest: s = 100 + 40. */
    sp_snapper_snap(sn, G, 70, 40, 1000, 5.0, &p);
    ASSERT_NEAR(p.s, 140, 1e-9);
    ASSERT_NEAR(p.offroad_m, 30, 1e-9);
    sp_snapper_free(sn);
    sp_graph_free(g);
}

int main(void)
{
    G = GEOS_init_r();
    GEOSContext_setNoticeMessageHandler_r(G, geos_msg, NULL);
    GEOSContext_setErrorMessageHandler_r(G, geos_msg, NULL);
    RUN(polyline_nearest_point);
    RUN(snap_to_edge);
    RUN(snap_tie_goes_to_lowest_link_id);
    RUN(snap_ignores_small_components);
    RUN(snap_to_node);
    RUN(reach_same_link);
    RUN(reach_across_links);
    RUN(reach_oneway_loop);
    RUN(reach_cluster_at_link_start);
    RUN(reach_site_at_link_end);
    RUN(snap_on_bent_link);
    GEOS_finish_r(G);
    return test_summary("snap");
}
