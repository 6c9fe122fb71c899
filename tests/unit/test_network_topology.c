/* test_network_topology.c — OSM ways into graphs (io/roads.c read once,
 * net/topology.c per mode, net/costs.c): the junction, bridge, oneway,
 * roundabout, motorway, footway, access, maxspeed and mph rules of roads.h,
 * topology.h and costs.h, checked on the hand-written fixture
 * tests/data/osm/topology.osm (see the map in its header comment) and on
 * tests/data/osm/lines.geojson.  Speeds, maxspeed, a GeoJSON line layer and a
 * missing file are in test_network_read.c; shared helpers in
 * network_fixture.h.
 *
 * Fixture grid: point (i, j) = lon 114.2 + 0.001 i, lat 22.7 + 0.0009 j.
 * Nodes are found by coordinates (not by id), so the tests do not depend on
 * the order the OSM driver emits ways in.
 *
 * Hand derivation of the graphs.  A vertex is a node when it is an end of a
 * usable way (counts 2) or is used by two usable ways (1 + 1).
 *
 *   way  class        tags                     walk  car
 *   101  residential  A J X C                  yes   yes
 *   102  residential  S J N                    yes   yes
 *   103  residential  C E, oneway=yes          yes   yes (C->E)
 *   104  residential  E F, maxspeed=20         yes   yes
 *   105  residential  G F, oneway=-1           yes   yes (F->G)
 *   106  tertiary     G C, maxspeed=30 mph     yes   yes
 *   107  motorway     N G                      class yes (N->G, implied)
 *   108  residential  P1 P2 P3 P4 P1, rb       yes   yes (P1->P3->P1)
 *   109  residential  A P1                     yes   yes
 *   110  residential  P3 Q                     yes   yes
 *   111  footway      N K                      yes   class
 *   112  service      S U, private, foot=yes   yes   access
 *   113  service      S V, private             access access
 *   114  residential  S T1, oneway=yes         yes   yes (S->T1)
 *   115  residential  T1 T2                    yes   yes
 *   116  residential  B1 B2, bridge, layer=1   yes   yes
 *   117  (railway, no highway: filtered out before reading)
 *
 * Walk nodes: A J C S N E F G P1 P3 Q K U T1 T2 B1 B2 = 17.  Not nodes: X
 * (inside 101 only; the bridge has no vertex there), P2 and P4 (inside the
 * roundabout only), V (way 113 unusable).
 * Walk links: 101 -> A-J, J-C (2); 102 -> S-J, J-N (2); 108 -> P1-P2-P3,
 * P3-P4-P1 (2); 103, 104, 105, 106, 109, 110, 111, 112, 114, 115, 116 one
 * each (11).  Total 17.
 * Car nodes: the walk nodes minus K and U = 15.  Car links: the walk links
 * minus 111 and 112, plus 107 = 16.
 * Car oneway links: 103, 105, 107, 114 and both roundabout links = 6.
 *
 * Car strongly connected components:
 *   main: A J C S N E F G P1 P3 Q (11): the cross is two-way; C->E->F->G->C
 *         closes the oneway loop (only if 105 runs F->G); N->G joins it; the
 *         roundabout P1->P3->P1 with two-way A-P1 and P3-Q.
 *   trap: T1 T2 (2): entered from S by 114, no way out.
 *   bridge: B1 B2 (2): touches nothing.
 * Walk: everything two-way, so main = 15 (all but B1 B2), bridge = 2. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <glib.h>

#include "crs.h"
#include "graph.h"
#include "network_fixture.h"
#include "osm_grid.h"
#include "roads.h"
#include "profile.h"
#include "scenario.h"
#include "search.h"
#include "topology.h"
#include "test.h"

/* The number of links between nodes a and b (either way round). */
static int links_between(const sp_graph *g, int32_t a, int32_t b)
{
    int n = 0;
    for (int32_t l = 0; l < g->n_links; l++) {
        const sp_link *k = &g->links[l];
        if ((k->from == a && k->to == b) || (k->from == b && k->to == a))
            n++;
    }
    return n;
}

/* Number of links with node v as an end. */
static int degree(const sp_graph *g, int32_t v)
{
    int n = 0;
    for (int32_t l = 0; l < g->n_links; l++)
        n += (g->links[l].from == v) + (g->links[l].to == v);
    return n;
}

/* ------------------------------------------------------------------------ */

TEST(walk_topology)
{
    net n;
    ASSERT(load(osm_path, SP_MODE_WALK, 1, NULL, &n) == SP_OK);
    const sp_graph *g = n.g;
    ASSERT(sp_graph_check(g) == SP_OK);
    ASSERT_EQ_INT(g->n_nodes, 17);
    ASSERT_EQ_INT(g->n_links, 17);
    /* Every link two-way: 2 edges each. */
    ASSERT_EQ_INT(g->n_edges, 34);
    for (int32_t l = 0; l < g->n_links; l++) {
        ASSERT(isfinite(g->fwd_s[l]) && isfinite(g->bwd_s[l]));
        ASSERT_NEAR(g->fwd_s[l], g->bwd_s[l], 1e-9);
    }
    /* The nodes of the derivation, each exactly once, and none elsewhere. */
    static const double walk_nodes[][2] = {
        {0, 0}, {1, 0}, {2, 0}, {1, -1}, {1, 1}, {3, 0}, {3, 1}, {2, 1}, {-1, 0},
        {-2, 0}, {-3, 0}, {0, 1}, {0, -1}, {1, -2}, {2, -2}, {1.5, -0.5}, {1.5, 0.5}};
    for (size_t i = 0; i < sizeof walk_nodes / sizeof *walk_nodes; i++) {
        int32_t v = node_at(g, walk_nodes[i][0], walk_nodes[i][1]);
        if (v < 0)
            fprintf(stderr, "no node at grid (%g, %g)\n", walk_nodes[i][0], walk_nodes[i][1]);
        ASSERT(v >= 0);
    }
    ASSERT_EQ_INT(node_at(g, 1.5, 0), -1);    /* X: under the bridge */
    ASSERT_EQ_INT(node_at(g, -1.5, 0.5), -1); /* P2 */
    ASSERT_EQ_INT(node_at(g, 2, -1), -1);     /* V: private */
    ASSERT_EQ_INT(node_at(g, -3, -3), -1);    /* railway */

    /* The junction: four links meet at J. */
    int32_t J = node_at(g, 1, 0);
    ASSERT_EQ_INT(degree(g, J), 4);
    ASSERT_EQ_INT(g->out_off[J + 1] - g->out_off[J], 4);
    ASSERT_EQ_INT(g->in_off[J + 1] - g->in_off[J], 4);

    /* The footway and the private foot=yes road are walkable. */
    ASSERT(link_between(g, node_at(g, 1, 1), node_at(g, 0, 1)) >= 0);
    ASSERT(link_between(g, node_at(g, 1, -1), node_at(g, 0, -1)) >= 0);
    /* The motorway is not. */
    ASSERT_EQ_INT(links_between(g, node_at(g, 1, 1), node_at(g, 2, 1)), 0);

    /* Walk speed 5 km/h everywhere, whatever maxspeed says. */
    int32_t ef = link_between(g, node_at(g, 3, 0), node_at(g, 3, 1));
    ASSERT(ef >= 0);
    ASSERT_NEAR(g->fwd_s[ef], g->links[ef].length_m / KMH(5.0), 1e-6);

    /* Stats: 16 highway ways read (the railway is filtered out); motorway
     * skipped for its class, the private road 113 for access. */
    ASSERT_EQ_INT(n.st.ways_read, 16);
    ASSERT_EQ_INT(n.st.ways_used, 14);
    ASSERT_EQ_INT(n.st.ways_skipped_class, 1);
    ASSERT_EQ_INT(n.st.ways_skipped_access, 1);
    ASSERT_EQ_INT(n.st.ways_skipped_area, 0);
    ASSERT_EQ_INT(n.st.ways_degenerate, 0);
    ASSERT_EQ_INT(n.st.oneway_links, 0);
    ASSERT_EQ_INT(n.st.maxspeed_used, 0);
    double total = 0;
    for (int32_t l = 0; l < g->n_links; l++)
        total += g->links[l].length_m;
    ASSERT_NEAR(n.st.length_km, total / 1000, 1e-9);

    /* Components: everything but the bridge, then the bridge. */
    ASSERT_EQ_INT(g->n_components, 2);
    ASSERT_EQ_INT(g->component_size[0], 15);
    ASSERT_EQ_INT(g->component_size[1], 2);
    ASSERT(!sp_graph_in_main(g, node_at(g, 1.5, -0.5)));
    ASSERT(sp_graph_in_main(g, node_at(g, 1, -2)));
    net_free(&n);
}

TEST(car_topology)
{
    net n;
    ASSERT(load(osm_path, SP_MODE_CAR, 1, NULL, &n) == SP_OK);
    const sp_graph *g = n.g;
    ASSERT(sp_graph_check(g) == SP_OK);
    ASSERT_EQ_INT(g->n_nodes, 15);
    ASSERT_EQ_INT(g->n_links, 16);
    /* 10 two-way links and 6 oneway: 26 edges. */
    ASSERT_EQ_INT(g->n_edges, 26);
    ASSERT_EQ_INT(node_at(g, 0, 1), -1);  /* K: footway only */
    ASSERT_EQ_INT(node_at(g, 0, -1), -1); /* U: private, foot=yes */
    ASSERT_EQ_INT(node_at(g, 1.5, 0), -1);

    int32_t A = node_at(g, 0, 0), J = node_at(g, 1, 0), C = node_at(g, 2, 0),
            S = node_at(g, 1, -1), N = node_at(g, 1, 1), E = node_at(g, 3, 0),
            F = node_at(g, 3, 1), G = node_at(g, 2, 1), P1 = node_at(g, -1, 0),
            P3 = node_at(g, -2, 0), Q = node_at(g, -3, 0), T1 = node_at(g, 1, -2),
            T2 = node_at(g, 2, -2), B1 = node_at(g, 1.5, -0.5), B2 = node_at(g, 1.5, 0.5);
    ASSERT(A >= 0 && J >= 0 && C >= 0 && S >= 0 && N >= 0 && E >= 0 && F >= 0 &&
           G >= 0 && P1 >= 0 && P3 >= 0 && Q >= 0 && T1 >= 0 && T2 >= 0 && B1 >= 0 &&
           B2 >= 0);
    ASSERT_EQ_INT(degree(g, J), 4);

    /* Node coordinates: A reprojected with PROJ's cs2cs
     * (EPSG:4326 -> EPSG:32650 of lon 114.2, lat 22.7). */
    ASSERT_NEAR(g->node_xy[2 * A], 212340.566416, 0.01);
    ASSERT_NEAR(g->node_xy[2 * A + 1], 2513024.429036, 0.01);

    /* oneway=yes: C -> E only. */
    int32_t ce = link_between(g, C, E);
    ASSERT(ce >= 0);
    ASSERT(isfinite(time_from(g, ce, C)));
    ASSERT(isinf(time_from(g, ce, E)));
    /* oneway=-1 on a way drawn G -> F: F -> G only. */
    int32_t gf = link_between(g, G, F);
    ASSERT(gf >= 0);
    ASSERT(isfinite(time_from(g, gf, F)));
    ASSERT(isinf(time_from(g, gf, G)));
    /* motorway: oneway N -> G as drawn. */
    int32_t ng = link_between(g, N, G);
    ASSERT(ng >= 0);
    ASSERT(isfinite(time_from(g, ng, N)));
    ASSERT(isinf(time_from(g, ng, G)));
    ASSERT_NEAR(g->fwd_s[ng], g->links[ng].length_m / KMH(90.0), 1e-6);
    /* oneway=yes into the trap: S -> T1. */
    int32_t st1 = link_between(g, S, T1);
    ASSERT(st1 >= 0);
    ASSERT(isfinite(time_from(g, st1, S)));
    ASSERT(isinf(time_from(g, st1, T1)));

    /* Roundabout: two links between P1 and P3; the northern one (via P2)
     * runs P1 -> P3 only, the southern one (via P4) P3 -> P1 only. */
    ASSERT_EQ_INT(links_between(g, P1, P3), 2);
    double ynorth, x_;
    grid_xy(-1.5, 0.5, &x_, &ynorth);
    int seen = 0;
    for (int32_t l = 0; l < g->n_links; l++) {
        const sp_link *k = &g->links[l];
        if (!((k->from == P1 && k->to == P3) || (k->from == P3 && k->to == P1)))
            continue;
        ASSERT_EQ_INT(k->geom_len, 3);
        double ymid = g->geom_xy[2 * (k->geom_off + 1) + 1];
        int north = fabs(ymid - ynorth) < 0.01;
        int32_t entry = north ? P1 : P3, exit_ = north ? P3 : P1;
        ASSERT(isfinite(time_from(g, l, entry)));
        ASSERT(isinf(time_from(g, l, exit_)));
        seen |= north ? 1 : 2;
    }
    ASSERT_EQ_INT(seen, 3);

    /* Everything else is two-way. */
    int32_t two_way[][2] = {{A, J}, {J, C}, {S, J}, {J, N}, {E, F}, {G, C},
                            {A, P1}, {P3, Q}, {T1, T2}, {B1, B2}};
    for (size_t i = 0; i < sizeof two_way / sizeof *two_way; i++) {
        int32_t l = link_between(g, two_way[i][0], two_way[i][1]);
        ASSERT(l >= 0);
        ASSERT(isfinite(g->fwd_s[l]) && isfinite(g->bwd_s[l]));
    }

    /* Excluded for cars: the footway, both private roads. */
    ASSERT_EQ_INT(n.st.ways_read, 16);
    ASSERT_EQ_INT(n.st.ways_used, 13);
    ASSERT_EQ_INT(n.st.ways_skipped_class, 1);  /* 111 footway */
    ASSERT_EQ_INT(n.st.ways_skipped_access, 2); /* 112, 113 */
    ASSERT_EQ_INT(n.st.oneway_links, 6);
    ASSERT_EQ_INT(n.st.maxspeed_used, 2); /* 104, 106 */

    /* Strongly connected components (see the derivation above). */
    ASSERT_EQ_INT(g->n_components, 3);
    ASSERT_EQ_INT(g->component_size[0], 11);
    ASSERT_EQ_INT(g->component_size[1], 2);
    ASSERT_EQ_INT(g->component_size[2], 2);
    int32_t main_nodes[] = {A, J, C, S, N, E, F, G, P1, P3, Q};
    for (size_t i = 0; i < sizeof main_nodes / sizeof *main_nodes; i++)
        ASSERT(sp_graph_in_main(g, main_nodes[i]));
    ASSERT(!sp_graph_in_main(g, T1) && !sp_graph_in_main(g, T2));
    ASSERT(!sp_graph_in_main(g, B1) && !sp_graph_in_main(g, B2));
    ASSERT_EQ_INT(g->component[T1], g->component[T2]);
    ASSERT_EQ_INT(g->component[B1], g->component[B2]);
    ASSERT(g->component[T1] != g->component[B1]);
    net_free(&n);
}

/* Two ways crossing without a shared node do not meet: the bridge (B1-B2)
 * over way 101 at X is a world of its own, for walking and driving. */
TEST(bridge_does_not_connect)
{
    for (int m = 0; m < 2; m++) {
        net n;
        ASSERT(load(osm_path, m ? SP_MODE_CAR : SP_MODE_WALK, 1, NULL, &n) == SP_OK);
        const sp_graph *g = n.g;
        int32_t J = node_at(g, 1, 0), C = node_at(g, 2, 0), B1 = node_at(g, 1.5, -0.5),
                B2 = node_at(g, 1.5, 0.5);
        ASSERT(J >= 0 && C >= 0 && B1 >= 0 && B2 >= 0);
        /* No node near the crossing point; the street under it is one link
         * J-X-C and the bridge one straight link. */
        double cx, cy;
        grid_xy(1.5, 0, &cx, &cy);
        for (int32_t v = 0; v < g->n_nodes; v++)
            ASSERT(hypot(g->node_xy[2 * v] - cx, g->node_xy[2 * v + 1] - cy) > 40);
        int32_t jc = link_between(g, J, C);
        ASSERT(jc >= 0);
        ASSERT_EQ_INT(g->links[jc].geom_len, 3);
        int32_t bb = link_between(g, B1, B2);
        ASSERT(bb >= 0);
        ASSERT_EQ_INT(g->links[bb].geom_len, 2);
        ASSERT_EQ_INT(degree(g, B1), 1);
        ASSERT_EQ_INT(degree(g, B2), 1);

        sp_search *ws = sp_search_new(g);
        ASSERT(ws);
        /* From the street under the bridge, both ways: never the bridge. */
        for (int dir = 0; dir < 2; dir++) {
            sp_seed seed = {J, 0};
            ASSERT(sp_search_run(ws, g, (sp_direction)dir, &seed, 1, 1e9) == SP_OK);
            ASSERT(isfinite(sp_search_dist(ws, C)));
            ASSERT(isinf(sp_search_dist(ws, B1)));
            ASSERT(isinf(sp_search_dist(ws, B2)));
        }
        /* From the bridge: only its other end. */
        sp_seed seed = {B1, 0};
        ASSERT(sp_search_run(ws, g, SP_FORWARD, &seed, 1, 1e9) == SP_OK);
        size_t n_settled = 0;
        sp_search_settled(ws, &n_settled);
        ASSERT_EQ_INT(n_settled, 2);
        ASSERT_NEAR(sp_search_dist(ws, B2), g->fwd_s[bb], 1e-3); /* float edges */
        ASSERT(isinf(sp_search_dist(ws, J)));
        sp_search_free(ws);
        net_free(&n);
    }
}

int main(void)
{
    if (!network_test_init())
        return 1;
    RUN(walk_topology);
    RUN(car_topology);
    RUN(bridge_does_not_connect);
    network_test_finish();
    return test_summary("network_topology");
}
