/* test_lattice.c — the demand points of an area cluster (cover/lattice.h):
 * a square park, an L-shape, a sliver thinner than a cell, a multipolygon,
 * determinism, and shares that add up exactly. */
#include <geos_c.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "lattice.h"
#include "status.h"
#include "test.h"

static GEOSContextHandle_t G;

static GEOSGeometry *wkt(const char *s)
{
    GEOSWKTReader *r = GEOSWKTReader_create_r(G);
    GEOSGeometry *g = GEOSWKTReader_read_r(G, r, s);
    GEOSWKTReader_destroy_r(G, r);
    return g;
}

/* Every point strictly inside g, and no two equal. */
static int all_inside(const GEOSGeometry *g, const double *xy, int32_t n)
{
    for (int32_t k = 0; k < n; k++) {
        GEOSGeometry *p = GEOSGeom_createPointFromXY_r(G, xy[2 * k], xy[2 * k + 1]);
        char in = GEOSContains_r(G, g, p);
        GEOSGeom_destroy_r(G, p);
        if (in != 1)
            return 0;
        for (int32_t m = 0; m < k; m++)
            if (xy[2 * m] == xy[2 * k] && xy[2 * m + 1] == xy[2 * k + 1])
                return 0;
    }
    return 1;
}

/* A 400 m square, cell 100 m: spacing max(100, 400/8 = 50) = 100, aligned
 * to the centre (200, 200): x, y in {0, 100, .., 400}; inside strictly:
 * 3 x 3 = 9 points. */
TEST(square_small)
{
    GEOSGeometry *g = wkt("POLYGON((0 0,400 0,400 400,0 400,0 0))");
    double *xy;
    int32_t n;
    ASSERT_EQ_INT(sp_lattice_points(G, g, 100, &xy, &n), SP_OK);
    ASSERT_EQ_INT(n, 9);
    ASSERT(all_inside(g, xy, n));
    ASSERT_NEAR(xy[0], 100, 1e-9);
    ASSERT_NEAR(xy[1], 100, 1e-9);
    ASSERT_NEAR(xy[2 * 8], 300, 1e-9);
    free(xy);
    GEOSGeom_destroy_r(G, g);
}

/* A 2 km square, cell 50 m: spacing sqrt(4e6 / 64) = 250 m, so 7 x 7 = 49
 * points strictly inside (the centre lattice hits the edges at +-1000). */
TEST(square_large)
{
    GEOSGeometry *g = wkt("POLYGON((0 0,2000 0,2000 2000,0 2000,0 0))");
    ASSERT_NEAR(sp_lattice_spacing(4e6, 50), 250, 1e-9);
    double *xy;
    int32_t n;
    ASSERT_EQ_INT(sp_lattice_points(G, g, 50, &xy, &n), SP_OK);
    ASSERT_EQ_INT(n, 49);
    ASSERT(n <= SP_LATTICE_MAX_POINTS);
    ASSERT(all_inside(g, xy, n));
    free(xy);
    GEOSGeom_destroy_r(G, g);
}

/* An L: 3 of the 4 quadrants of a 600 m square (area 270000), cell 100:
 * spacing max(100, sqrt(270000/64) = 65) = 100; envelope centre (300, 300);
 * points at 100..500 on both axes minus those with x > 300 and y > 300
 * (and the ones on the inner edges x = 300, y > 300 or y = 300, x > 300). */
TEST(l_shape)
{
    GEOSGeometry *g = wkt("POLYGON((0 0,600 0,600 300,300 300,300 600,0 600,0 0))");
    double *xy;
    int32_t n;
    ASSERT_EQ_INT(sp_lattice_points(G, g, 100, &xy, &n), SP_OK);
    /* independent count: 5 x 5 lattice points of the open square, minus
     * those with x >= 300 and y >= 300 (3 x 3 = 9) = 16 */
    ASSERT_EQ_INT(n, 16);
    ASSERT(all_inside(g, xy, n));
    for (int32_t k = 0; k < n; k++)
        ASSERT(!(xy[2 * k] >= 300 && xy[2 * k + 1] >= 300));
    free(xy);
    GEOSGeom_destroy_r(G, g);
}

/* Slivers: a U of two 10 m strips whose lattice row (the envelope centre's,
 * y = 50) runs in the gap between them: no lattice point inside, so the one
 * point is the point on surface; and a 30 x 3 m strip, cell 50 m, whose
 * centre is its one lattice point. */
TEST(sliver_one_point)
{
    GEOSGeometry *g = wkt("POLYGON((0 0,500 0,500 10,10 10,10 90,500 90,500 100,0 100,0 0))");
    double *xy;
    int32_t n;
    ASSERT_EQ_INT(sp_lattice_points(G, g, 100, &xy, &n), SP_OK);
    ASSERT_EQ_INT(n, 1);
    ASSERT(all_inside(g, xy, n));
    free(xy);
    GEOSGeom_destroy_r(G, g);
    g = wkt("POLYGON((0 0,30 0,30 3,0 3,0 0))");
    ASSERT_EQ_INT(sp_lattice_points(G, g, 50, &xy, &n), SP_OK);
    ASSERT_EQ_INT(n, 1);
    ASSERT(all_inside(g, xy, n));
    free(xy);
    GEOSGeom_destroy_r(G, g);
}

/* Two squares far apart, one lattice aligned to the whole envelope: each
 * part gets its points, none twice, all inside. */
TEST(multipolygon)
{
    GEOSGeometry *g = wkt("MULTIPOLYGON(((0 0,400 0,400 400,0 400,0 0)),"
                          "((10000 0,10400 0,10400 400,10000 400,10000 0)))");
    double *xy;
    int32_t n;
    /* area 320000, spacing max(100, 70.7) = 100; centre x = 5200: lattice
     * x = 5200 + 100 i hits 0..400 at 100, 200, 300 (strictly inside), the
     * same for the second part: 9 + 9 */
    ASSERT_EQ_INT(sp_lattice_points(G, g, 100, &xy, &n), SP_OK);
    ASSERT_EQ_INT(n, 18);
    ASSERT(all_inside(g, xy, n));
    ASSERT(xy[0] < 1000 && xy[2 * 17] > 9000); /* parts in order */
    free(xy);
    GEOSGeom_destroy_r(G, g);
}

TEST(deterministic)
{
    GEOSGeometry *g = wkt("POLYGON((13.7 -4.1,812.3 20.9,700.2 633.3,90.1 500.5,13.7 -4.1))");
    double *a, *b;
    int32_t na, nb;
    ASSERT_EQ_INT(sp_lattice_points(G, g, 37, &a, &na), SP_OK);
    ASSERT_EQ_INT(sp_lattice_points(G, g, 37, &b, &nb), SP_OK);
    ASSERT_EQ_INT(na, nb);
    ASSERT(na > 30 && na <= SP_LATTICE_MAX_POINTS + 16);
    ASSERT(memcmp(a, b, sizeof *a * 2 * (size_t)na) == 0);
    ASSERT(all_inside(g, a, na));
    free(a);
    free(b);
    GEOSGeom_destroy_r(G, g);
}

TEST(not_polygon)
{
    GEOSGeometry *g = wkt("POINT(1 2)");
    double *xy;
    int32_t n;
    ASSERT_EQ_INT(sp_lattice_points(G, g, 100, &xy, &n), SP_E_INPUT);
    ASSERT(xy == NULL && n == 0);
    GEOSGeom_destroy_r(G, g);
}

/* The shares add up exactly, in point order and for every prefix-free
 * subset ending with the last share, for awkward worker counts. */
TEST(shares_exact)
{
    const double ws[] = {0, 1, 10, 100, 568, 0.1, 1.0 / 3, 7777777.7, 1e7, 3e-9, 12345.678};
    const int32_t ns[] = {1, 2, 3, 7, 9, 49, 64, 97, 1000};
    double share[1000];
    for (size_t i = 0; i < sizeof ws / sizeof *ws; i++)
        for (size_t j = 0; j < sizeof ns / sizeof *ns; j++) {
            int32_t n = ns[j];
            sp_lattice_shares(ws[i], n, share);
            double s = 0, odd = 0;
            for (int32_t k = 0; k < n; k++) {
                ASSERT(share[k] >= 0);
                s += share[k];
                if (k % 2 || k == n - 1)
                    odd += share[k];
            }
            ASSERT(s == ws[i]);
            /* the odd points and the last: exactly w minus the even ones */
            double even = 0;
            for (int32_t k = 0; k < n - 1; k += 2)
                even += share[k];
            ASSERT(odd == ws[i] - even);
            ASSERT(fabs(share[0] - ws[i] / n) <= n * SP_LATTICE_QUANTUM);
            ASSERT(fabs(share[n - 1] - ws[i] / n) <= n * SP_LATTICE_QUANTUM);
        }
}

/* Weighted shares (weight points): exact sums, proportional within n
 * quanta, zero weights get nothing (but the last's rest). */
TEST(shares_weighted)
{
    const double ws[] = {0, 1, 10, 100, 568, 0.1, 1.0 / 3, 7777777.7, 1e7, 3e-9, 12345.678};
    const int32_t ns[] = {1, 2, 3, 7, 9, 49, 64, 97, 1000};
    double share[1000], wt[1000];
    for (size_t i = 0; i < sizeof ws / sizeof *ws; i++)
        for (size_t j = 0; j < sizeof ns / sizeof *ns; j++) {
            int32_t n = ns[j];
            double tw = 0;
            for (int32_t k = 0; k < n; k++) {
                /* uneven: 1, 2, .. 5, a footprint area, and a zero */
                wt[k] = k % 7 == 3 ? 0 : k % 5 == 4 ? 1234.5678 : (double)(k % 5 + 1);
                tw += wt[k];
            }
            if (tw == 0)
                wt[0] = tw = 1;
            sp_lattice_shares_weighted(ws[i], n, wt, share);
            double s = 0, odd = 0, even = 0;
            for (int32_t k = 0; k < n; k++) {
                ASSERT(share[k] >= 0);
                s += share[k];
                if (k % 2 || k == n - 1)
                    odd += share[k];
                else
                    even += share[k];
                if (k < n - 1) {
                    ASSERT(share[k] == floor(share[k] / SP_LATTICE_QUANTUM) * SP_LATTICE_QUANTUM);
                    ASSERT(fabs(share[k] - ws[i] * wt[k] / tw) <= n * SP_LATTICE_QUANTUM);
                }
            }
            ASSERT(s == ws[i]);
            ASSERT(odd == ws[i] - even);
            ASSERT(fabs(share[n - 1] - ws[i] * wt[n - 1] / tw) <= n * SP_LATTICE_QUANTUM);
        }
    /* 1:3 of 100 workers: 25 and 75 exactly; equal weights: as the lattice */
    double w2[2] = {1, 3}, s2[2];
    sp_lattice_shares_weighted(100, 2, w2, s2);
    ASSERT(s2[0] == 25 && s2[1] == 75);
    double w9[9], s9[9], l9[9];
    for (int k = 0; k < 9; k++)
        w9[k] = 2.5;
    sp_lattice_shares_weighted(568, 9, w9, s9);
    sp_lattice_shares(568, 9, l9);
    for (int k = 0; k < 9; k++)
        ASSERT(s9[k] == l9[k]);
    /* a tiny last weight: the running total never passes w */
    double wt3[3] = {1, 1, 1e-300}, s3[3];
    sp_lattice_shares_weighted(1.0 / 3, 3, wt3, s3);
    ASSERT(s3[2] >= 0 && s3[0] + s3[1] + s3[2] == 1.0 / 3);
}

int main(void)
{
    G = GEOS_init_r();
    RUN(square_small);
    RUN(square_large);
    RUN(l_shape);
    RUN(sliver_one_point);
    RUN(multipolygon);
    RUN(deterministic);
    RUN(not_polygon);
    RUN(shares_exact);
    RUN(shares_weighted);
    GEOS_finish_r(G);
    return test_summary("lattice");
}
