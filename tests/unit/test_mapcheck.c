/* test_mapcheck.c — the drawn coverage area against the counted coverage
 * (mapcheck.h), on hand-made squares whose distances are known:
 *   ring 0: 600 s, the square 0..100 x 0..100;
 *   ring 1: 1200 s, the square 0..200 x 0..100; tolerance 10 m.
 * Each cluster's expected status is worked out in its comment: inside or
 * outside by more or less than the tolerance, times at the limit (counted
 * within: the rule is inclusive), beyond it, and unreached.  A cluster that
 * disagrees at both rings counts once.  A missing area (NULL) is the empty
 * set.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <geos_c.h>

#include "geos_handle.h"
#include "mapcheck.h"
#include "test.h"

static GEOSGeometry *wkt(GEOSContextHandle_t h, const char *s)
{
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    GEOSGeometry *g = GEOSWKTReader_read_r(h, r, s);
    GEOSWKTReader_destroy_r(h, r);
    return g;
}

TEST(squares)
{
    GEOSContextHandle_t h = sp_geos_new();
    ASSERT(h);
    GEOSGeometry *area[2] = {
        wkt(h, "MULTIPOLYGON (((0 0, 100 0, 100 100, 0 100, 0 0)))"),
        wkt(h, "MULTIPOLYGON (((0 0, 200 0, 200 100, 0 100, 0 0)))")};
    ASSERT(area[0] && area[1]);
    const double limits[2] = {600, 1200};
    const double xy[] = {
        50, 50,   /* 0: 500 s, inside both: agrees */
        105, 50,  /* 1: 500 s, 5 m outside ring 0 (within the tolerance): agrees */
        130, 50,  /* 2: 500 s, 30 m outside ring 0: disagrees there (+30) */
        50, 50,   /* 3: unreached, 50 m inside both: disagrees at both (-50) */
        95, 50,   /* 4: 700 s, beyond ring 0 but only 5 m inside it: agrees */
        150, 50,  /* 5: 700 s, beyond ring 0 and outside it, within ring 1: agrees */
        250, 50,  /* 6: 1000 s, 50 m outside ring 1: disagrees there (+50) */
        50, 50,   /* 7: exactly 600 s: within ring 0 (inclusive): agrees */
        50, 20,   /* 8: 600.5 s: beyond ring 0, 20 m inside it: disagrees there (-20) */
    };
    const double t[] = {500, 500, 500, INFINITY, 700, 700, 1000, 600, 600.5};
    sp_mapcheck *m = NULL;
    ASSERT_EQ_INT(sp_mapcheck_run(h, area, limits, 2, 9, xy, t, NULL, 10.0, &m), 0);
    ASSERT(m);
    ASSERT_EQ_INT(m->n_limits, 2);
    ASSERT_NEAR(m->tol_m, 10.0, 0);
    ASSERT_EQ_INT(m->disagreeing, 4);     /* 2, 3, 6, 8 */
    ASSERT_EQ_INT(m->by_ring[0], 3);      /* 2, 3, 8 */
    ASSERT_EQ_INT(m->by_ring[1], 2);      /* 3, 6 */
    const sp_mapcheck_case *e = m->example;
    ASSERT_EQ_INT(e[0].cluster, 2);
    ASSERT_NEAR(e[0].dist_m, 30, 1e-9);
    ASSERT_NEAR(e[0].time_s, 500, 0);
    ASSERT_EQ_INT(e[1].cluster, 3);
    ASSERT_NEAR(e[1].dist_m, -50, 1e-9);
    ASSERT(isinf(e[1].time_s));
    ASSERT_EQ_INT(e[2].cluster, 8);
    ASSERT_NEAR(e[2].dist_m, -20, 1e-9);
    e = m->example + SP_MAPCHECK_EXAMPLES;
    ASSERT_EQ_INT(e[0].cluster, 3);
    ASSERT_NEAR(e[0].dist_m, -50, 1e-9);
    ASSERT_EQ_INT(e[1].cluster, 6);
    ASSERT_NEAR(e[1].dist_m, 50, 1e-9);
    sp_mapcheck_free(m);

    /* skipped clusters (areas reached through gates) are not checked: with
     * 2 and 3 skipped, 6 and 8 are left, and the examples start at 8 */
    const uint8_t skip[9] = {0, 0, 1, 1, 0, 0, 0, 0, 0};
    ASSERT_EQ_INT(sp_mapcheck_run(h, area, limits, 2, 9, xy, t, skip, 10.0, &m), 0);
    ASSERT_EQ_INT(m->skipped, 2);
    ASSERT_EQ_INT(m->disagreeing, 2);     /* 6, 8 */
    ASSERT_EQ_INT(m->by_ring[0], 1);
    ASSERT_EQ_INT(m->example[0].cluster, 8);
    sp_mapcheck_free(m);

    /* a tolerance of 60 m forgives all of them */
    ASSERT_EQ_INT(sp_mapcheck_run(h, area, limits, 2, 9, xy, t, NULL, 60.0, &m), 0);
    ASSERT_EQ_INT(m->disagreeing, 0);
    ASSERT_EQ_INT(m->by_ring[0], 0);
    ASSERT_EQ_INT(m->by_ring[1], 0);
    sp_mapcheck_free(m);

    /* no area at ring 0 (NULL) and an empty one at ring 1: every cluster
     * counted within disagrees, at an infinite distance; the others agree */
    GEOSGeometry *empty = wkt(h, "MULTIPOLYGON EMPTY");
    GEOSGeometry *none[2] = {NULL, empty};
    ASSERT_EQ_INT(sp_mapcheck_run(h, none, limits, 2, 9, xy, t, NULL, 10.0, &m), 0);
    ASSERT_EQ_INT(m->by_ring[0], 4);      /* 0, 1, 2, 7 */
    ASSERT_EQ_INT(m->by_ring[1], 8);      /* all but 3 */
    ASSERT_EQ_INT(m->disagreeing, 8);
    ASSERT(isinf(m->example[0].dist_m) && m->example[0].dist_m > 0);
    sp_mapcheck_free(m);

    GEOSGeom_destroy_r(h, empty);
    GEOSGeom_destroy_r(h, area[0]);
    GEOSGeom_destroy_r(h, area[1]);
    GEOS_finish_r(h);
}

int main(void)
{
    RUN(squares);
    return test_summary("mapcheck");
}
