/* test_areas.c — weight points and entrances of area clusters
 * (pipeline/areas.h): which area owns a weight point (the first, outline
 * included), which gates serve an area (within SP_ENTRANCE_NEAR_M), and a
 * gated point's access snaps (the leg to the gate added, the least
 * SP_ACCESS_MAX by time, ties in gate order). */
#include <geos_c.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "areas.h"
#include "status.h"
#include "test.h"

static GEOSContextHandle_t G;

/* A layer of n geometries (WKT) with their representative points. */
static sp_points *layer(const char *const *w, size_t n)
{
    sp_points *p = calloc(1, sizeof *p);
    p->n = n;
    p->id = calloc(n, sizeof *p->id);
    p->name = calloc(n, sizeof *p->name);
    p->weight = calloc(n, sizeof *p->weight);
    p->row = calloc(n, sizeof *p->row);
    p->xy = calloc(2 * n, sizeof *p->xy);
    p->geom = calloc(n, sizeof *p->geom);
    p->what = strdup("test, layer t");
    GEOSWKTReader *r = GEOSWKTReader_create_r(G);
    for (size_t i = 0; i < n; i++) {
        char id[16];
        snprintf(id, sizeof id, "%zu", i);
        p->id[i] = strdup(id);
        p->geom[i] = GEOSWKTReader_read_r(G, r, w[i]);
        int t = GEOSGeomTypeId_r(G, p->geom[i]);
        if (t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON)
            p->any_polygon = 1;
        GEOSGeometry *pt = GEOSPointOnSurface_r(G, p->geom[i]);
        GEOSGeomGetX_r(G, pt, &p->xy[2 * i]);
        GEOSGeomGetY_r(G, pt, &p->xy[2 * i + 1]);
        GEOSGeom_destroy_r(G, pt);
    }
    GEOSWKTReader_destroy_r(G, r);
    return p;
}

/* Two overlapping squares A (0..100) and B (50..150), a point cluster. */
static const char *AREAS[] = {"POLYGON((0 0,100 0,100 100,0 100,0 0))",
                              "POLYGON((50 0,150 0,150 100,50 100,50 0))", "POINT(500 500)"};

TEST(weight_owner)
{
    sp_points *cl = layer(AREAS, 3);
    const char *w[] = {"POINT(10 10)",   /* A only */
                       "POINT(75 50)",   /* A and B: the first, A */
                       "POINT(120 50)",  /* B only */
                       "POINT(150 50)",  /* B's outline: B */
                       "POINT(500 500)", /* the point cluster: none (not an area) */
                       "POINT(300 10)",  /* none */
                       "POLYGON((130 80,140 80,140 90,130 90,130 80))"}; /* footprint in B */
    sp_points *wp = layer(w, 7);
    int32_t owner[7], n_out = -1;
    ASSERT(sp_areas_weight_owner(G, cl, wp, owner, &n_out) == SP_OK);
    const int32_t want[7] = {0, 0, 1, 1, -1, -1, 1};
    for (int i = 0; i < 7; i++)
        ASSERT_EQ_INT(owner[i], want[i]);
    ASSERT_EQ_INT(n_out, 2);
    sp_points_free(wp, G);
    sp_points_free(cl, G);
}

TEST(gates_per_area)
{
    sp_points *cl = layer(AREAS, 3);
    const char *g[] = {"POINT(-49 50)",   /* 49 m west of A: A */
                       "POINT(-51 50)",   /* 51 m: none */
                       "POINT(75 120)",   /* 20 m north of both: A and B */
                       "POINT(500 500)",  /* at the point cluster: none */
                       "POINT(150 150)"}; /* 50 m north of B's corner: B */
    sp_points *gt = layer(g, 5);
    int32_t *first, *count, *list, n_far = -1;
    ASSERT(sp_areas_gates(G, cl, gt, &first, &count, &list, &n_far) == SP_OK);
    ASSERT_EQ_INT(count[0], 2);
    ASSERT_EQ_INT(list[first[0]], 0);
    ASSERT_EQ_INT(list[first[0] + 1], 2);
    ASSERT_EQ_INT(count[1], 2);
    ASSERT_EQ_INT(list[first[1]], 2);
    ASSERT_EQ_INT(list[first[1] + 1], 4);
    ASSERT_EQ_INT(count[2], 0);
    ASSERT_EQ_INT(n_far, 2);
    free(first);
    free(count);
    free(list);
    sp_points_free(gt, G);
    sp_points_free(cl, G);
}

static sp_snap snap(int32_t link, double offroad_m, double offroad_s)
{
    sp_snap s = {link, -1, 1.0, offroad_m, offroad_s, 0, 0};
    return s;
}

TEST(gate_access)
{
    /* gates 0 at (0, 0), 1 at (30, 40), 2 at (0, 100) (not snapped);
     * walk 3.6 km/h = 1 m/s */
    double gxy[] = {0, 0, 30, 40, 0, 100};
    sp_snap galt[3 * SP_ACCESS_MAX];
    uint8_t n_galt[3] = {3, 2, 0};
    galt[0] = snap(10, 5, 5);
    galt[1] = snap(11, 20, 20);
    galt[2] = snap(12, 60, 60);
    galt[SP_ACCESS_MAX + 0] = snap(20, 0, 0);
    galt[SP_ACCESS_MAX + 1] = snap(21, 15, 15);
    int32_t gates[3] = {0, 1, 2};
    sp_snap out[SP_ACCESS_MAX];
    /* from (0, 0): gate 0 at 0 m -> 5, 20, 60 s; gate 1 at 50 m -> 50, 65 */
    int n = sp_areas_gate_access(0, 0, gates, 3, gxy, galt, n_galt, 3.6, out);
    ASSERT_EQ_INT(n, SP_ACCESS_MAX);
    const int32_t want[4] = {10, 11, 20, 12};
    const double secs[4] = {5, 20, 50, 60};
    for (int k = 0; k < n; k++) {
        ASSERT_EQ_INT(out[k].link, want[k]);
        ASSERT_NEAR(out[k].offroad_s, secs[k], 1e-12);
    }
    ASSERT_NEAR(out[2].offroad_m, 50, 1e-12);
    ASSERT_NEAR(out[2].s, 1.0, 0);
    /* from (30, 40): gate 1 at 0 m -> 0, 15 s; gate 0 at 50 m -> 55, 70,
     * 110 s; the unsnapped gate gives nothing */
    n = sp_areas_gate_access(30, 40, gates, 3, gxy, galt, n_galt, 3.6, out);
    ASSERT_EQ_INT(n, SP_ACCESS_MAX);
    const int32_t want2[4] = {20, 21, 10, 11};
    for (int k = 0; k < n; k++)
        ASSERT_EQ_INT(out[k].link, want2[k]);
    /* equal times (both gates at the point, 5 s legs): gate order as
     * listed, then snap order */
    galt[SP_ACCESS_MAX + 0] = snap(20, 5, 5);
    double gxy2[] = {0, 0, 0, 0};
    n = sp_areas_gate_access(0, 0, gates, 2, gxy2, galt, n_galt, 3.6, out);
    ASSERT_EQ_INT(out[0].link, 10);
    ASSERT_EQ_INT(out[1].link, 20);
    int32_t rev[2] = {1, 0};
    n = sp_areas_gate_access(0, 0, rev, 2, gxy2, galt, n_galt, 3.6, out);
    ASSERT_EQ_INT(out[0].link, 20); /* gate 1 listed first */
    ASSERT_EQ_INT(out[1].link, 10);
    ASSERT_EQ_INT(out[2].link, 21);
    ASSERT_EQ_INT(out[3].link, 11);
    /* only the unsnapped gate: no access */
    int32_t only[1] = {2};
    ASSERT_EQ_INT(sp_areas_gate_access(0, 0, only, 1, gxy, galt, n_galt, 3.6, out), 0);
}

int main(void)
{
    G = GEOS_init_r();
    RUN(weight_owner);
    RUN(gates_per_area);
    RUN(gate_access);
    GEOS_finish_r(G);
    return test_summary("areas");
}
