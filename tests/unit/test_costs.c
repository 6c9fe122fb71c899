/* test_costs.c — travel-cost layers over one topology (net/costs.c):
 * a closed road is INFINITY both ways and changes what a search reaches, a
 * per-class speed override scales that class's times and no other, and
 * every layer sits over the very same topology object.  Also the attributes
 * io/roads.c reads per road, on the fixture tests/data/osm/topology.osm
 * (its header comment has the map; test_network_topology.c the derivations).
 *
 * Fixture grid: osm_grid.h. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <geos_c.h>

#include "costs.h"
#include "crs.h"
#include "graph.h"
#include "osm_grid.h"
#include "profile.h"
#include "roads.h"
#include "search.h"
#include "snap.h"
#include "test.h"
#include "topology.h"

#define KMH(v) ((v) / 3.6)

static sp_crs *CRS;
static sp_roads *ROADS;
static sp_topo *CAR;
static sp_profile PROF;
static sp_costs *PLAIN; /* the car layer with the table's speeds */
static sp_graph G;      /* its view, to find nodes */

/* Seconds of the forward search from node `from` to node `to`. */
static double time_between(const sp_graph *g, int32_t from, int32_t to)
{
    sp_search *ws = sp_search_new(g);
    sp_seed seed = {from, 0};
    double t = NAN;
    if (ws && sp_search_run(ws, g, SP_FORWARD, &seed, 1, 1e9) == SP_OK)
        t = sp_search_dist(ws, to);
    sp_search_free(ws);
    return t;
}

static const char *class_of(const sp_link *k)
{
    return sp_roads_str(ROADS, ROADS->roads[k->road].klass);
}

TEST(roads_attributes)
{
    ASSERT_EQ_INT(ROADS->n_roads, 16); /* the railway is filtered out */
    int32_t r101 = sp_roads_find(ROADS, "101"), r103 = sp_roads_find(ROADS, "103"),
            r104 = sp_roads_find(ROADS, "104"), r105 = sp_roads_find(ROADS, "105"),
            r106 = sp_roads_find(ROADS, "106"), r107 = sp_roads_find(ROADS, "107"),
            r112 = sp_roads_find(ROADS, "112"), r113 = sp_roads_find(ROADS, "113");
    ASSERT(r101 >= 0 && r103 >= 0 && r104 >= 0 && r105 >= 0 && r106 >= 0 && r107 >= 0 &&
           r112 >= 0 && r113 >= 0);
    ASSERT_EQ_INT(sp_roads_find(ROADS, "117"), -1);
    ASSERT_EQ_INT(sp_roads_find(ROADS, "999"), -1);
    const sp_road *rd = ROADS->roads;
    ASSERT_EQ_INT(rd[r101].id, 101);
    ASSERT_STR_EQ(sp_roads_name(ROADS, r101), "Cross East-West");
    ASSERT(sp_roads_name(ROADS, r103) == NULL);
    ASSERT(sp_roads_name(ROADS, -1) == NULL);
    ASSERT_STR_EQ(sp_roads_str(ROADS, rd[r106].klass), "tertiary");
    ASSERT_EQ_INT(rd[r101].oneway, 0);
    ASSERT_EQ_INT(rd[r103].oneway, 1);
    ASSERT_EQ_INT(rd[r105].oneway, -1);
    ASSERT_EQ_INT(rd[r107].oneway, 1); /* motorway */
    ASSERT_NEAR(rd[r104].maxspeed_kmh, 20, 0);
    ASSERT_NEAR(rd[r106].maxspeed_kmh, 30 * 1.609344, 1e-9);
    ASSERT_NEAR(rd[r101].maxspeed_kmh, 0, 0);
    /* 112: access=private, foot=yes; 113: access=private. */
    ASSERT(rd[r112].access & SP_ROAD_ACCESS(SP_MODE_WALK));
    ASSERT(!(rd[r112].access & SP_ROAD_ACCESS(SP_MODE_CAR)));
    ASSERT_EQ_INT(rd[r113].access, 0);
    ASSERT_EQ_INT(rd[r101].access, 0xf);
    ASSERT_EQ_INT(rd[r101].n_parts, 1);
    ASSERT_EQ_INT(ROADS->parts[rd[r101].part0].n, 4); /* A J X C */
    char buf[32];
    ASSERT_STR_EQ(sp_roads_id(ROADS, r113, buf, sizeof buf), "113");
    /* Every car link knows its road: A-J and J-C come from 101. */
    int32_t A = node_at(&G, 0, 0), J = node_at(&G, 1, 0), C = node_at(&G, 2, 0);
    int from_101 = 0;
    for (int32_t l = 0; l < CAR->n_links; l++) {
        const sp_link *k = &CAR->links[l];
        if (k->road == r101) {
            from_101++;
            ASSERT((k->from == A && k->to == J) || (k->from == J && k->to == C));
        }
        ASSERT(k->road >= 0 && k->road < ROADS->n_roads);
        ASSERT_STR_EQ(class_of(k), PROF.klass[k->road_class]);
    }
    ASSERT_EQ_INT(from_101, 2);
}

/* Closing way 101 (A-J-X-C): INFINITY both ways on its two links, four
 * edges fewer, and A no longer reaches J by car (its other way out is the
 * roundabout, which leads nowhere else).  Same topology object. */
TEST(closed_road)
{
    sp_cost_options plain = {.use_maxspeed = 1};
    int32_t r101 = sp_roads_find(ROADS, "101");
    sp_cost_options closed = {.use_maxspeed = 1, .closed_roads = &r101, .n_closed = 1};
    sp_costs *c0 = NULL, *c1 = NULL;
    ASSERT(sp_costs_build(CAR, ROADS, &PROF, &plain, &c0) == SP_OK);
    ASSERT(sp_costs_build(CAR, ROADS, &PROF, &closed, &c1) == SP_OK);
    ASSERT(c0->topo == CAR && c1->topo == CAR);
    sp_graph g0, g1;
    ASSERT(sp_graph_view(CAR, c0, &g0) == SP_OK);
    ASSERT(sp_graph_view(CAR, c1, &g1) == SP_OK);
    ASSERT(g0.links == g1.links && g0.out_off == g1.out_off && g0.node_xy == CAR->node_xy);
    ASSERT(sp_graph_check(&g0) == SP_OK);
    ASSERT(sp_graph_check(&g1) == SP_OK);
    ASSERT_EQ_INT(c1->closed_links, 2);
    ASSERT_EQ_INT(g0.n_edges, 26);
    ASSERT_EQ_INT(g1.n_edges, 22);
    ASSERT_EQ_INT(g1.n_csr, 26);
    for (int32_t l = 0; l < CAR->n_links; l++) {
        if (CAR->links[l].road == r101) {
            ASSERT(isinf(c1->fwd_s[l]) && isinf(c1->bwd_s[l]));
            ASSERT(isfinite(c0->fwd_s[l]) && isfinite(c0->bwd_s[l]));
        } else {
            ASSERT(c1->fwd_s[l] == c0->fwd_s[l] && c1->bwd_s[l] == c0->bwd_s[l]);
        }
    }
    int32_t A = node_at(&G, 0, 0), J = node_at(&G, 1, 0), Q = node_at(&G, -3, 0);
    ASSERT(isfinite(time_between(&g0, A, J)));
    ASSERT(isinf(time_between(&g1, A, J)));
    ASSERT(isinf(time_between(&g1, J, A)));
    ASSERT_NEAR(time_between(&g1, A, Q), time_between(&g0, A, Q), 0);
    /* A's world is now the roundabout side: not in J's component. */
    ASSERT(g1.component[A] != g1.component[J]);
    ASSERT_EQ_INT(g0.component[A], g0.component[J]);
    sp_costs_free(c0);
    sp_costs_free(c1);
}

/* residential at 12.5 km/h (half the table's 25) doubles every residential
 * link's time and no other; 50 km/h halves them.  The override also beats
 * a tagged maxspeed (way 104, maxspeed=20, is residential). */
TEST(speed_override)
{
    sp_cost_options plain = {.use_maxspeed = 0};
    sp_costs *c0 = NULL;
    ASSERT(sp_costs_build(CAR, ROADS, &PROF, &plain, &c0) == SP_OK);
    const double factor[] = {2.0, 0.5};
    const double kmh[] = {12.5, 50};
    for (int i = 0; i < 2; i++) {
        sp_class_speed sp = {"residential", kmh[i]};
        sp_cost_options o = {.use_maxspeed = 1, .speeds = &sp, .n_speeds = 1};
        sp_costs *c = NULL;
        ASSERT(sp_costs_build(CAR, ROADS, &PROF, &o, &c) == SP_OK);
        ASSERT(c->topo == CAR);
        int n_res = 0, n_other = 0;
        for (int32_t l = 0; l < CAR->n_links; l++) {
            const sp_link *k = &CAR->links[l];
            int res = !strcmp(class_of(k), "residential");
            double f0 = c0->fwd_s[l], f1 = c->fwd_s[l], b0 = c0->bwd_s[l], b1 = c->bwd_s[l];
            if (res) {
                n_res++;
                ASSERT(isinf(f0) == isinf(f1) && isinf(b0) == isinf(b1));
                if (isfinite(f0))
                    ASSERT_NEAR(f1, factor[i] * f0, 1e-9 * f0);
                if (isfinite(b0))
                    ASSERT_NEAR(b1, factor[i] * b0, 1e-9 * b0);
            } else if (strcmp(class_of(k), "tertiary")) {
                /* 106 is tertiary with a maxspeed: it follows use_maxspeed. */
                n_other++;
                ASSERT(f1 == f0 && b1 == b0);
            }
        }
        ASSERT(n_res >= 10 && n_other >= 1);
        ASSERT_EQ_INT(c->maxspeed_ways, 1); /* only 106: 104's class is overridden */
        sp_graph g;
        ASSERT(sp_graph_view(CAR, c, &g) == SP_OK);
        ASSERT(sp_graph_check(&g) == SP_OK);
        sp_costs_free(c);
    }
    sp_costs_free(c0);
}

TEST(bad_overrides)
{
    sp_class_speed foot = {"footway", 5};
    sp_cost_options o = {.speeds = &foot, .n_speeds = 1};
    sp_costs *c = NULL;
    sp_error_clear();
    ASSERT(sp_costs_build(CAR, ROADS, &PROF, &o, &c) == SP_E_INPUT);
    ASSERT(c == NULL);
    ASSERT_CONTAINS(sp_error_message(), "'footway'");
    sp_class_speed zero = {"residential", 0};
    o.speeds = &zero;
    sp_error_clear();
    ASSERT(sp_costs_build(CAR, ROADS, &PROF, &o, &c) == SP_E_INPUT);
    int32_t bad = ROADS->n_roads;
    sp_cost_options oc = {.closed_roads = &bad, .n_closed = 1};
    sp_error_clear();
    ASSERT(sp_costs_build(CAR, ROADS, &PROF, &oc, &c) == SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "topology.osm");
    sp_profile walk;
    sp_profile_builtin(SP_MODE_WALK, &walk);
    sp_error_clear();
    ASSERT(sp_costs_build(CAR, ROADS, &walk, NULL, &c) == SP_E_INTERNAL);
    sp_error_clear();
}

/* A snap never lands on a link closed both ways.  Square 0-1-2-3 of 100 m
 * sides; the layer closes link 0 (0-1). */
TEST(snap_skips_closed_links)
{
    sp_graph_builder *b = sp_graph_builder_new();
    const double sq[] = {0, 0, 100, 0, 100, 100, 0, 100};
    for (int i = 0; i < 4; i++)
        sp_graph_builder_add_node(b, sq[2 * i], sq[2 * i + 1]);
    for (int i = 0; i < 4; i++) {
        int j = (i + 1) % 4;
        const double xy[] = {sq[2 * i], sq[2 * i + 1], sq[2 * j], sq[2 * j + 1]};
        ASSERT_EQ_INT(sp_graph_builder_add_link(b, i, j, xy, 2, 72, 72, 0), i);
    }
    sp_graph *g = NULL;
    ASSERT(sp_graph_build(b, &g) == SP_OK);
    sp_graph_builder_free(b);
    const double inf = INFINITY;
    double fwd[4] = {inf, 72, 72, 72}, bwd[4] = {inf, 72, 72, 72};
    sp_costs *c = NULL;
    ASSERT(sp_costs_from_times(g->topo, fwd, bwd, &c) == SP_OK);
    sp_graph v;
    ASSERT(sp_graph_view(g->topo, c, &v) == SP_OK);
    ASSERT(sp_graph_check(&v) == SP_OK);
    ASSERT_EQ_INT(v.n_edges, 6);
    GEOSContextHandle_t gctx = GEOS_init_r();
    sp_snapper *s0 = NULL, *s1 = NULL;
    ASSERT(sp_snapper_new(g, gctx, SP_SNAP_EDGE, NULL, 0, &s0) == SP_OK);
    ASSERT(sp_snapper_new(&v, gctx, SP_SNAP_EDGE, NULL, 0, &s1) == SP_OK);
    sp_snap p0, p1;
    sp_snapper_snap(s0, gctx, 50, 10, 1000, 5, &p0);
    sp_snapper_snap(s1, gctx, 50, 10, 1000, 5, &p1);
    sp_snapper_free(s0);
    sp_snapper_free(s1);
    GEOS_finish_r(gctx);
    sp_costs_free(c);
    sp_graph_free(g);
    ASSERT_EQ_INT(p0.link, 0);
    ASSERT(p1.link != 0 && p1.link >= 0);
}

int main(void)
{
    GDALAllRegister();
    const char *root = getenv("SP_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/osm/topology.osm", root && *root ? root : ".");
    sp_roads_source src = {.path = path};
    sp_profile_builtin(SP_MODE_CAR, &PROF);
    if (sp_crs_new("EPSG:32650", &CRS) != SP_OK ||
        sp_xform_new(CRS, "EPSG:4326", 1, "test", &LL) != SP_OK ||
        sp_roads_read(&src, CRS, NULL, NULL, &ROADS) != SP_OK ||
        sp_topo_build(ROADS, &PROF, &CAR) != SP_OK ||
        sp_costs_build(CAR, ROADS, &PROF, NULL, &PLAIN) != SP_OK ||
        sp_graph_view(CAR, PLAIN, &G) != SP_OK) {
        fprintf(stderr, "cannot set up the fixture: %s\n", sp_error_message());
        return 1;
    }
    RUN(roads_attributes);
    RUN(closed_road);
    RUN(speed_override);
    RUN(bad_overrides);
    RUN(snap_skips_closed_links);
    sp_costs_free(PLAIN);
    sp_topo_free(CAR);
    sp_roads_free(ROADS);
    sp_xform_free(LL);
    sp_crs_free(CRS);
    return test_summary("costs");
}
