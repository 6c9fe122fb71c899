/* test_network.c — OSM / line layers into graphs (io/roads.c read once,
 * net/topology.c per mode, net/costs.c): the junction, bridge, oneway,
 * roundabout, motorway, footway, access, maxspeed and mph rules of roads.h,
 * topology.h and costs.h, checked on the hand-written fixture
 * tests/data/osm/topology.osm (see the map in its header comment) and on
 * tests/data/osm/lines.geojson.
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
#include "osm_grid.h"
#include "roads.h"
#include "profile.h"
#include "scenario.h"
#include "search.h"
#include "topology.h"
#include "test.h"

#define KMH(v) ((v) / 3.6)

static char osm_path[4096], geojson_path[4096];

static void set_paths(void)
{
    const char *root = getenv("SP_ROOT");
    if (!root || !*root)
        root = ".";
    snprintf(osm_path, sizeof osm_path, "%s/tests/data/osm/topology.osm", root);
    snprintf(geojson_path, sizeof geojson_path, "%s/tests/data/osm/lines.geojson", root);
}

/* The working CRS; the lon/lat -> working transform LL is osm_grid.h's. */
static sp_crs *CRS;

/* Set while a test expects loading to fail (no message printed). */
static int expect_error;

/* What summary.json reports of a loaded network. */
typedef struct {
    long ways_read, ways_used, ways_skipped_class, ways_skipped_access, ways_skipped_area;
    long ways_degenerate, maxspeed_used, oneway_links;
    double length_km;
    char what[512];
} net_stats;

/* A loaded network: roads, the mode's topology and cost layer, the view. */
typedef struct {
    sp_roads *roads;
    sp_topo *topo;
    sp_costs *costs;
    sp_graph view;
    sp_graph *g; /* &view once loaded, else NULL */
    net_stats st;
} net;

static void net_free(net *n)
{
    sp_costs_free(n->costs);
    sp_topo_free(n->topo);
    sp_roads_free(n->roads);
    memset(n, 0, sizeof *n);
}

/* Load `path` for `mode`; class_field NULL = default ("highway"). */
static sp_status load(const char *path, sp_mode mode, int use_maxspeed,
                      const char *class_field, net *out)
{
    sp_options *o = NULL;
    sp_options_defaults(&o);
    o->network = g_strdup(path);
    if (class_field)
        o->network_class = g_strdup(class_field);
    o->mode = mode;
    o->use_maxspeed = use_maxspeed;
    sp_profile prof;
    sp_profile_builtin(mode, &prof);
    sp_error_clear();
    memset(out, 0, sizeof *out);
    sp_roads_source src;
    sp_roads_source_from_options(o, &src);
    sp_cost_options co = {.use_maxspeed = use_maxspeed};
    sp_status st;
    if ((st = sp_roads_read(&src, CRS, NULL, NULL, &out->roads)) ||
        (st = sp_topo_build(out->roads, &prof, &out->topo)) ||
        (st = sp_costs_build(out->topo, out->roads, &prof, &co, &out->costs)) ||
        (st = sp_graph_view(out->topo, out->costs, &out->view))) {
        if (!expect_error)
            fprintf(stderr, "loading the network: %s\n", sp_error_message());
        net_free(out);
    } else {
        const sp_topo_stats *ts = &out->topo->stats;
        out->g = &out->view;
        out->st = (net_stats){ts->ways_read, ts->ways_used, ts->ways_skipped_class,
                              ts->ways_skipped_access, ts->ways_skipped_area,
                              ts->ways_degenerate, out->costs->maxspeed_ways,
                              ts->oneway_links, ts->length_km, ""};
        snprintf(out->st.what, sizeof out->st.what, "%s", out->roads->what);
    }
    sp_options_free(o);
    return st;
}

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

/* The only link between a and b; -1 if none or several. */
static int32_t link_between(const sp_graph *g, int32_t a, int32_t b)
{
    int32_t found = -1;
    for (int32_t l = 0; l < g->n_links; l++) {
        const sp_link *k = &g->links[l];
        if ((k->from == a && k->to == b) || (k->from == b && k->to == a)) {
            if (found >= 0)
                return -1;
            found = l;
        }
    }
    return found;
}

/* Seconds to drive link l from node a to its other end (INFINITY if that
 * direction is not allowed). */
static double time_from(const sp_graph *g, int32_t l, int32_t a)
{
    return g->links[l].from == a ? g->fwd_s[l] : g->bwd_s[l];
}

/* Number of links with node v as an end. */
static int degree(const sp_graph *g, int32_t v)
{
    int n = 0;
    for (int32_t l = 0; l < g->n_links; l++)
        n += (g->links[l].from == v) + (g->links[l].to == v);
    return n;
}

/* Straight-line length of link l's polyline. */
static double poly_len(const sp_graph *g, int32_t l)
{
    const sp_link *k = &g->links[l];
    const double *xy = g->geom_xy + 2 * (size_t)k->geom_off;
    double len = 0;
    for (uint32_t i = 1; i < k->geom_len; i++)
        len += hypot(xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]);
    return len;
}

/* ------------------------------------------------------------------------ */

TEST(maxspeed_parsing)
{
    ASSERT_NEAR(sp_roads_parse_maxspeed("50"), 50, 1e-12);
    ASSERT_NEAR(sp_roads_parse_maxspeed("50 mph"), 50 * 1.609344, 1e-9);
    ASSERT_NEAR(sp_roads_parse_maxspeed("30 mph"), 48.28032, 1e-9);
    ASSERT_NEAR(sp_roads_parse_maxspeed("50mph"), 50 * 1.609344, 1e-9);
    ASSERT_NEAR(sp_roads_parse_maxspeed("30 km/h"), 30, 1e-12);
    ASSERT_NEAR(sp_roads_parse_maxspeed(" 40"), 40, 1e-12);
    ASSERT_NEAR(sp_roads_parse_maxspeed("signals"), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed("BR:urban"), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed("RU:urban"), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed(""), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed("none"), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed("walk"), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed(NULL), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed("0"), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed("50 knots"), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed("500"), 0, 0); /* implausible */
    /* Several values: the first one. */
    ASSERT_NEAR(sp_roads_parse_maxspeed("30;50"), 30, 1e-12);
}

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

/* Travel times: length / speed; speed from maxspeed (km/h or mph) for cars
 * when use_maxspeed = 1, from the table when 0. */
TEST(car_speeds)
{
    for (int use = 0; use < 2; use++) {
        net n;
        ASSERT(load(osm_path, SP_MODE_CAR, use, NULL, &n) == SP_OK);
        const sp_graph *g = n.g;
        int32_t C = node_at(g, 2, 0), E = node_at(g, 3, 0), F = node_at(g, 3, 1),
                G = node_at(g, 2, 1), A = node_at(g, 0, 0), J = node_at(g, 1, 0);
        ASSERT(C >= 0 && E >= 0 && F >= 0 && G >= 0 && A >= 0 && J >= 0);

        /* E-F: maxspeed=20 (table residential 25).  Straight, 0.0009 deg of
         * latitude: about 99.6 m. */
        int32_t ef = link_between(g, E, F);
        ASSERT(ef >= 0);
        const sp_link *k = &g->links[ef];
        const double *fwd_s = g->fwd_s, *bwd_s = g->bwd_s;
        double len = hypot(g->node_xy[2 * E] - g->node_xy[2 * F],
                           g->node_xy[2 * E + 1] - g->node_xy[2 * F + 1]);
        ASSERT_NEAR(k->length_m, len, 1e-6);
        ASSERT_NEAR(k->length_m, 99.6, 1.0);
        double kmh = use ? 20.0 : 25.0;
        ASSERT_NEAR(fwd_s[ef], len / KMH(kmh), 1e-6);
        ASSERT_NEAR(bwd_s[ef], len / KMH(kmh), 1e-6);

        /* G-C: maxspeed "30 mph" = 48.28032 km/h (table tertiary 35). */
        int32_t gc = link_between(g, G, C);
        ASSERT(gc >= 0);
        k = &g->links[gc];
        kmh = use ? 30 * 1.609344 : 35.0;
        ASSERT_NEAR(fwd_s[gc], k->length_m / KMH(kmh), 1e-6);
        ASSERT_NEAR(bwd_s[gc], k->length_m / KMH(kmh), 1e-6);

        /* A-J: no maxspeed: the table's residential 25 either way. */
        int32_t aj = link_between(g, A, J);
        ASSERT(aj >= 0);
        ASSERT_NEAR(g->fwd_s[aj], g->links[aj].length_m / KMH(25.0), 1e-6);

        /* J-C runs through X: its length is the polyline's. */
        int32_t jc = link_between(g, J, C);
        ASSERT(jc >= 0);
        ASSERT_NEAR(g->links[jc].length_m, poly_len(g, jc), 1e-6);

        ASSERT_EQ_INT(n.st.maxspeed_used, use ? 2 : 0);
        net_free(&n);
    }
}

/* A GeoJSON line layer with the class in a custom field ("roadtype"; its
 * "highway" property says something else on purpose).  Features (grid
 * points as in topology.osm):
 *   1 roadtype residential, highway motorway     (0,0)-(1,0)
 *   2 roadtype footway,     highway residential  (1,0)-(1,1)
 *   3 roadtype motorway,    highway footway      (1,0)-(2,0)
 *   4 roadtype null,        highway residential  (3,0)-(4,0)
 *   5 roadtype motorway,    highway motorway, oneway=no  (5,0)-(6,0) */
TEST(geojson_line_layer)
{
    net n;
    /* Walk by roadtype: 1 and 2 used; 3 and 5 skipped (motorway); 4 has no
     * roadtype (filtered out, not read).  Nodes (0,0), (1,0), (1,1); 2 links. */
    ASSERT(load(geojson_path, SP_MODE_WALK, 1, "roadtype", &n) == SP_OK);
    ASSERT_EQ_INT(n.g->n_nodes, 3);
    ASSERT_EQ_INT(n.g->n_links, 2);
    ASSERT_EQ_INT(n.st.ways_read, 4);
    ASSERT_EQ_INT(n.st.ways_skipped_class, 2);
    ASSERT(node_at(n.g, 0, 0) >= 0 && node_at(n.g, 1, 0) >= 0 && node_at(n.g, 1, 1) >= 0);
    ASSERT_EQ_INT(n.g->n_components, 1);
    ASSERT_CONTAINS(n.st.what, "lines.geojson");
    net_free(&n);

    /* Car by roadtype: 1 residential, 3 motorway (oneway from its class), 5
     * motorway with an explicit oneway=no (two-way: "no" wins); 2 footway
     * skipped.  Nodes (0,0), (1,0), (2,0), (5,0), (6,0); 3 links. */
    ASSERT(load(geojson_path, SP_MODE_CAR, 1, "roadtype", &n) == SP_OK);
    ASSERT_EQ_INT(n.g->n_nodes, 5);
    ASSERT_EQ_INT(n.g->n_links, 3);
    ASSERT_EQ_INT(n.st.oneway_links, 1);
    ASSERT_EQ_INT(n.st.ways_skipped_class, 1);
    int32_t a = node_at(n.g, 1, 0), b = node_at(n.g, 2, 0);
    ASSERT(a >= 0 && b >= 0);
    int32_t l = link_between(n.g, a, b);
    ASSERT(l >= 0);
    ASSERT(isfinite(time_from(n.g, l, a)) && isinf(time_from(n.g, l, b)));
    ASSERT_NEAR(n.g->fwd_s[l], n.g->links[l].length_m / KMH(90.0), 1e-6);
    l = link_between(n.g, node_at(n.g, 5, 0), node_at(n.g, 6, 0));
    ASSERT(l >= 0);
    ASSERT(isfinite(n.g->fwd_s[l]) && isfinite(n.g->bwd_s[l]));
    net_free(&n);

    /* Walk by the default field "highway": 1 and 5 motorway skipped; 2, 3,
     * 4 used.  Nodes (1,0), (1,1), (2,0), (3,0), (4,0); 3 links. */
    ASSERT(load(geojson_path, SP_MODE_WALK, 1, NULL, &n) == SP_OK);
    ASSERT_EQ_INT(n.g->n_nodes, 5);
    ASSERT_EQ_INT(n.g->n_links, 3);
    ASSERT_EQ_INT(n.st.ways_read, 5);
    ASSERT_EQ_INT(n.st.ways_skipped_class, 2);
    ASSERT_EQ_INT(node_at(n.g, 0, 0), -1);
    net_free(&n);

    /* A class field the layer does not have: an error naming it. */
    n.g = NULL;
    expect_error = 1;
    sp_status st = load(geojson_path, SP_MODE_WALK, 1, "kind", &n);
    expect_error = 0;
    ASSERT(st == SP_E_INPUT);
    ASSERT(n.g == NULL);
    ASSERT_CONTAINS(sp_error_message(), "'kind'");
    ASSERT_CONTAINS(sp_error_message(), "network.class");
    ASSERT_CONTAINS(sp_error_message(), "lines.geojson");
    sp_error_clear();
}

TEST(missing_file_is_an_error)
{
    char path[4200];
    snprintf(path, sizeof path, "%s.missing", osm_path);
    net n;
    expect_error = 1;
    sp_status st = load(path, SP_MODE_WALK, 1, NULL, &n);
    expect_error = 0;
    ASSERT(st == SP_E_IO);
    ASSERT(n.g == NULL);
    ASSERT_CONTAINS(sp_error_message(), "topology.osm.missing");
    sp_error_clear();
}

int main(void)
{
    GDALAllRegister();
    set_paths();
    if (sp_crs_new("EPSG:32650", &CRS) != SP_OK ||
        sp_xform_new(CRS, "EPSG:4326", 1, "test", &LL) != SP_OK) {
        fprintf(stderr, "cannot set up EPSG:32650: %s\n", sp_error_message());
        return 1;
    }
    RUN(maxspeed_parsing);
    RUN(walk_topology);
    RUN(car_topology);
    RUN(bridge_does_not_connect);
    RUN(car_speeds);
    RUN(geojson_line_layer);
    RUN(missing_file_is_an_error);
    sp_xform_free(LL);
    sp_crs_free(CRS);
    return test_summary("network");
}
