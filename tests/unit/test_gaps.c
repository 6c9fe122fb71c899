/* test_gaps.c — gap zones (gaps.h): the zones are the single-linkage groups
 * of the uncovered clusters at link_m, checked against every pair tested
 * by brute force on seeded random layouts (clumps, shared places, chains
 * across cell borders; with areas: the GEOS distance of the geometries),
 * and the work counted: clusters sharing one place cost no distance test at
 * all (100,000 at one point).  Areas: adjacent parcels link by their
 * outlines, not their inner points; a partly covered area's piece is the
 * union of its uncovered lattice points' Voronoi cells (its area checked
 * against the cells computed here), its workers exactly the uncovered
 * shares; the zones hold exactly the workers not covered. */
#include <stdint.h>
#include <stdlib.h>

#include "gaps.h"
#include "lattice.h"
#include "test.h"

static void quiet(const char *fmt, ...) { (void)fmt; }

static uint64_t rng_state;
static double rnd(void) /* [0, 1), deterministic */
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static int32_t root(int32_t *p, int32_t i)
{
    while (p[i] != i)
        i = p[i] = p[p[i]];
    return i;
}

/* zone of each uncovered cluster by brute force (every pair), as the lowest
 * member's index; -1 for covered ones */
static void brute(int32_t n, const double *xy, const uint8_t *unc, double link_m, int32_t *zone)
{
    int32_t *p = malloc(sizeof *p * (size_t)n);
    for (int32_t i = 0; i < n; i++)
        p[i] = i;
    for (int32_t i = 0; i < n; i++)
        for (int32_t j = i + 1; unc[i] && j < n; j++)
            if (unc[j] && hypot(xy[2 * i] - xy[2 * j], xy[2 * i + 1] - xy[2 * j + 1]) <= link_m) {
                int32_t a = root(p, i), b = root(p, j);
                if (a != b)
                    p[a > b ? a : b] = a < b ? a : b;
            }
    for (int32_t i = 0; i < n; i++)
        zone[i] = unc[i] ? root(p, i) : -1;
    free(p);
}

typedef struct {
    GEOSContextHandle_t gc;
    int32_t n;
    double *xy, *w;
    uint8_t *unc;
    GEOSGeometry **geom;
} layout;

/* sp_gaps_find on a layout of point clusters, one demand point each,
 * covered when not unc */
static sp_status find_points(const layout *L, double link_m, sp_gaps **g)
{
    uint8_t *cov = malloc((size_t)L->n + 1);
    for (int32_t i = 0; i < L->n; i++)
        cov[i] = !L->unc[i];
    sp_gaps_in gi = {.n_clusters = L->n, .xy = L->xy, .geom = L->geom, .weight = L->w,
                     .n_points = L->n, .point_covered = cov};
    sp_status st = sp_gaps_find(L->gc, &gi, link_m, g);
    free(cov);
    return st;
}

static void layout_geoms(layout *L)
{
    L->geom = malloc(sizeof *L->geom * (size_t)L->n);
    for (int32_t i = 0; i < L->n; i++)
        L->geom[i] = GEOSGeom_createPointFromXY_r(L->gc, L->xy[2 * i], L->xy[2 * i + 1]);
}

static void layout_free(layout *L)
{
    for (int32_t i = 0; i < L->n; i++)
        GEOSGeom_destroy_r(L->gc, L->geom[i]);
    free(L->geom);
    free(L->xy);
    free(L->w);
    free(L->unc);
}

/* sp_gaps_find's zones against brute force: same groups, ranked by workers */
static void check_against_brute(layout *L, double link_m)
{
    sp_gaps *g = NULL;
    ASSERT_EQ_INT(find_points(L, link_m, &g), SP_OK);
    if (!g)
        return;
    int32_t *want = malloc(sizeof *want * (size_t)L->n), *got = malloc(sizeof *got * (size_t)L->n);
    brute(L->n, L->xy, L->unc, link_m, want);
    for (int32_t i = 0; i < L->n; i++)
        got[i] = -1;
    int32_t members = 0, n_roots = 0;
    for (int32_t k = 0; k < g->n; k++) {
        const sp_gap *z = &g->zones[k];
        ASSERT_EQ_INT(z->rank, k + 1);
        if (k > 0)
            ASSERT(g->zones[k - 1].workers >= z->workers);
        double w = 0;
        for (int32_t q = 0; q < z->n_clusters; q++) {
            got[z->clusters[q]] = z->clusters[0];   /* lowest member: ascending */
            if (q > 0)
                ASSERT(z->clusters[q] > z->clusters[q - 1]);
            w += L->w[z->clusters[q]];
        }
        ASSERT_NEAR(z->workers, w, 1e-9);
        ASSERT(z->polygon != NULL);
        members += z->n_clusters;
    }
    int bad = 0;
    for (int32_t i = 0; i < L->n; i++) {
        bad += got[i] != want[i];
        n_roots += L->unc[i] && want[i] == i;
    }
    ASSERT_EQ_INT(bad, 0);
    ASSERT_EQ_INT(g->n, n_roots);
    int32_t n_unc = 0;
    for (int32_t i = 0; i < L->n; i++)
        n_unc += L->unc[i];
    ASSERT_EQ_INT(members, n_unc);
    free(want);
    free(got);
    sp_gaps_free(g, L->gc);
}

TEST(gaps_random_layouts_match_every_pair)
{
    GEOSContextHandle_t gc = GEOS_init_r();
    GEOSContext_setErrorHandler_r(gc, quiet);
    for (int seed = 1; seed <= 12; seed++) {
        rng_state = (uint64_t)seed * 7919u;
        layout L = {gc, 300 + 40 * seed, NULL, NULL, NULL, NULL};
        L.xy = malloc(sizeof *L.xy * 2 * (size_t)L.n);
        L.w = malloc(sizeof *L.w * (size_t)L.n);
        L.unc = malloc((size_t)L.n);
        double link_m = 100 + 50 * (seed % 4);
        for (int32_t i = 0; i < L.n; i++) {
            double u = rnd();
            if (u < 0.2 && i > 0) {            /* the same place as an earlier cluster */
                int32_t j = (int32_t)(rnd() * i);
                L.xy[2 * i] = L.xy[2 * j];
                L.xy[2 * i + 1] = L.xy[2 * j + 1];
            } else if (u < 0.5) {              /* a chain along x, steps near link_m */
                L.xy[2 * i] = 5000 + (i % 40) * link_m * (0.97 + 0.06 * rnd());
                L.xy[2 * i + 1] = 7000 + link_m * 0.5 * (seed % 3);
            } else if (u < 0.8) {              /* clumps */
                int c = (int)(rnd() * 6);
                L.xy[2 * i] = 1000 * c + rnd() * 3 * link_m;
                L.xy[2 * i + 1] = 800 * c + rnd() * 3 * link_m;
            } else {                           /* scattered */
                L.xy[2 * i] = rnd() * 20000 - 3000;
                L.xy[2 * i + 1] = rnd() * 20000 - 3000;
            }
            L.w[i] = (double)(int)(rnd() * 50);
            L.unc[i] = rnd() < 0.85;
        }
        layout_geoms(&L);
        check_against_brute(&L, link_m);
        layout_free(&L);
    }
    GEOS_finish_r(gc);
}

TEST(gaps_link_distance_is_inclusive)
{
    GEOSContextHandle_t gc = GEOS_init_r();
    GEOSContext_setErrorHandler_r(gc, quiet);
    /* 0-1 exactly link_m apart (one zone), 2 just beyond from 1 (its own),
     * across the borders of the link_m / 2 cells */
    double xy[] = {0, 0, 500, 0, 1000.001, 0};
    double w[] = {1, 1, 3};
    uint8_t unc[] = {1, 1, 1};
    layout L = {gc, 3, malloc(sizeof xy), malloc(sizeof w), malloc(sizeof unc), NULL};
    memcpy(L.xy, xy, sizeof xy);
    memcpy(L.w, w, sizeof w);
    memcpy(L.unc, unc, sizeof unc);
    layout_geoms(&L);
    sp_gaps *g = NULL;
    ASSERT_EQ_INT(find_points(&L, 500, &g), SP_OK);
    ASSERT_EQ_INT(g ? g->n : -1, 2);
    if (g && g->n == 2) {
        ASSERT_EQ_INT(g->zones[0].n_clusters, 1);   /* 3 workers first */
        ASSERT_EQ_INT(g->zones[0].clusters[0], 2);
        ASSERT_EQ_INT(g->zones[1].n_clusters, 2);
    }
    sp_gaps_free(g, gc);
    check_against_brute(&L, 500);
    layout_free(&L);
    GEOS_finish_r(gc);
}

/* 100,000 uncovered clusters at one point: one zone, and no distance
 * computed (the old linkage computed n (n - 1) / 2 = 5e9). */
TEST(gaps_one_place_costs_no_pair)
{
    GEOSContextHandle_t gc = GEOS_init_r();
    GEOSContext_setErrorHandler_r(gc, quiet);
    const int32_t n = 100000;
    layout L = {gc, n, malloc(sizeof(double) * 2 * n), malloc(sizeof(double) * n), malloc((size_t)n),
                NULL};
    for (int32_t i = 0; i < n; i++) {
        L.xy[2 * i] = 479586.5;
        L.xy[2 * i + 1] = 6670051.0;
        L.w[i] = 1 + i % 7;
        L.unc[i] = 1;
    }
    layout_geoms(&L);
    sp_gaps *g = NULL;
    ASSERT_EQ_INT(find_points(&L, 500, &g), SP_OK);
    ASSERT_EQ_INT(g ? g->n : -1, 1);
    if (g && g->n == 1) {
        ASSERT_EQ_INT(g->zones[0].n_clusters, n);
        ASSERT_EQ_INT((int)g->pair_tests, 0);
        double a = 0;
        GEOSArea_r(gc, g->zones[0].polygon, &a);   /* one disc of radius 250 m */
        ASSERT_NEAR(a, M_PI * 250 * 250, 0.02 * M_PI * 250 * 250);
    }
    sp_gaps_free(g, gc);
    layout_free(&L);
    GEOS_finish_r(gc);
}

/* ---- area clusters ---- */

#define MAXC 256
#define MAXP 8192

/* Clusters (points and areas) with their demand points. */
typedef struct {
    GEOSContextHandle_t gc;
    int32_t n, np;
    double xy[2 * MAXC], w[MAXC];
    GEOSGeometry *geom[MAXC];
    int32_t pcl[MAXP];
    double pxy[2 * MAXP], pw[MAXP];
    uint8_t pcov[MAXP];
} scene;

static scene *scene_new(GEOSContextHandle_t gc)
{
    scene *S = calloc(1, sizeof *S);
    S->gc = gc;
    return S;
}

static void scene_free(scene *S)
{
    for (int32_t i = 0; i < S->n; i++)
        GEOSGeom_destroy_r(S->gc, S->geom[i]);
    free(S);
}

static void add_point(scene *S, double x, double y, double w, int covered)
{
    int32_t c = S->n++, p = S->np++;
    S->xy[2 * c] = x;
    S->xy[2 * c + 1] = y;
    S->w[c] = w;
    S->geom[c] = GEOSGeom_createPointFromXY_r(S->gc, x, y);
    S->pcl[p] = c;
    S->pxy[2 * p] = x;
    S->pxy[2 * p + 1] = y;
    S->pw[p] = w;
    S->pcov[p] = (uint8_t)covered;
}

/* An area (owned) with k demand points at pxy (k == 0: its lattice for
 * cell_m), w workers in lattice shares; point p covered when
 * covered(x, y, user).  Returns the first point's index. */
static int32_t add_area(scene *S, GEOSGeometry *area, double w, const double *pxy, int32_t k,
                        double cell_m, int (*covered)(double, double, void *), void *user)
{
    int32_t c = S->n++, f = S->np;
    double *lat = NULL;
    if (k == 0) {
        sp_lattice_points(S->gc, area, cell_m, &lat, &k);
        pxy = lat;
    }
    GEOSGeometry *pos = GEOSPointOnSurface_r(S->gc, area);
    GEOSGeomGetX_r(S->gc, pos, &S->xy[2 * c]);
    GEOSGeomGetY_r(S->gc, pos, &S->xy[2 * c + 1]);
    GEOSGeom_destroy_r(S->gc, pos);
    S->w[c] = w;
    S->geom[c] = area;
    sp_lattice_shares(w, k, S->pw + f);
    for (int32_t i = 0; i < k; i++) {
        S->pcl[f + i] = c;
        S->pxy[2 * (f + i)] = pxy[2 * i];
        S->pxy[2 * (f + i) + 1] = pxy[2 * i + 1];
        S->pcov[f + i] = (uint8_t)(covered ? covered(pxy[2 * i], pxy[2 * i + 1], user) : 0);
    }
    S->np += k;
    free(lat);
    return f;
}

static sp_status scene_gaps(const scene *S, double link_m, sp_gaps **g)
{
    sp_gaps_in gi = {.n_clusters = S->n, .xy = S->xy, .geom = S->geom, .weight = S->w,
                     .n_points = S->np, .point_cluster = S->pcl, .point_xy = S->pxy,
                     .point_weight = S->pw, .point_covered = S->pcov};
    return sp_gaps_find(S->gc, &gi, link_m, g);
}

static GEOSGeometry *rect(GEOSContextHandle_t gc, double x0, double y0, double x1, double y1)
{
    return GEOSGeom_createRectangle_r(gc, x0, y0, x1, y1);
}

static double area_of(GEOSContextHandle_t gc, const GEOSGeometry *g)
{
    double a = -1;
    GEOSArea_r(gc, g, &a);
    return a;
}

/* Two parcels 100 m apart, their inner points 600 m apart: one zone at
 * link_m 500 (and at 100, inclusive), two at 99. */
TEST(gaps_adjacent_parcels_one_zone)
{
    GEOSContextHandle_t gc = GEOS_init_r();
    GEOSContext_setErrorHandler_r(gc, quiet);
    scene *S = scene_new(gc);
    double a[] = {250, 50}, b[] = {850, 50};
    add_area(S, rect(gc, 0, 0, 500, 100), 30, a, 1, 0, NULL, NULL);
    add_area(S, rect(gc, 600, 0, 1100, 100), 20, b, 1, 0, NULL, NULL);
    double links[] = {500, 100, 99};
    int zones[] = {1, 1, 2};
    for (int t = 0; t < 3; t++) {
        sp_gaps *g = NULL;
        ASSERT_EQ_INT(scene_gaps(S, links[t], &g), SP_OK);
        ASSERT_EQ_INT(g->n, zones[t]);
        if (zones[t] == 1) {
            ASSERT_EQ_INT(g->zones[0].n_clusters, 2);
            ASSERT(g->zones[0].workers == 50);
            ASSERT_EQ_INT(g->zones[0].largest, 0);
            ASSERT_NEAR(area_of(gc, g->zones[0].polygon), 100000, 1e-6);
            /* worker-weighted centre of the two pieces' points */
            ASSERT_NEAR(g->zones[0].cx, (30 * 250 + 20 * 850) / 50.0, 1e-9);
        }
        sp_gaps_free(g, gc);
    }
    scene_free(S);
    GEOS_finish_r(gc);
}

static int west_of(double x, double y, void *u)
{
    (void)y;
    return x < *(double *)u;
}

static int east_of(double x, double y, void *u)
{
    (void)y;
    return x > *(double *)u;
}

/* A 400 m square, lattice 50 m (49 points at 50 .. 350): the points west of
 * x = 200 covered.  The zone is the uncovered part, x from 175 (half way
 * to the covered column) to 400: 90,000 m2, within one lattice row of the
 * half; its workers are exactly the uncovered shares.  A point 400 m east
 * of the square joins it; with the east covered instead (the part ends at
 * x = 175, 625 m away) it does not. */
TEST(gaps_half_covered_area)
{
    GEOSContextHandle_t gc = GEOS_init_r();
    GEOSContext_setErrorHandler_r(gc, quiet);
    for (int side = 0; side < 2; side++) {
        scene *S = scene_new(gc);
        double cut = side == 0 ? 200 : 175;
        int32_t f = add_area(S, rect(gc, 0, 0, 400, 400), 1000, NULL, 0, 20,
                             side == 0 ? west_of : east_of, &cut);
        ASSERT_EQ_INT(S->np, 49);
        add_point(S, 800, 200, 7, 0);
        double unc = 0, sx = 0;
        int32_t nu = 0;
        for (int32_t p = f; p < f + 49; p++)
            if (!S->pcov[p]) {
                unc += S->pw[p];
                sx += S->pw[p] * S->pxy[2 * p];
                nu++;
            }
        ASSERT_EQ_INT(nu, side == 0 ? 28 : 21);
        sp_gaps *g = NULL;
        ASSERT_EQ_INT(scene_gaps(S, 500, &g), SP_OK);
        if (side == 0) {
            ASSERT_EQ_INT(g->n, 1);
            const sp_gap *z = &g->zones[0];
            ASSERT_EQ_INT(z->n_clusters, 2);
            ASSERT(z->workers == unc + 7);   /* exact */
            ASSERT_EQ_INT(z->largest, 0);
            ASSERT_NEAR(z->cx, (sx + 7 * 800) / (unc + 7), 1e-9);
            double want = 225 * 400 + M_PI * 250 * 250;   /* the part and the point's disc */
            ASSERT_NEAR(area_of(gc, z->polygon), want, 0.02 * M_PI * 250 * 250);
        } else {
            ASSERT_EQ_INT(g->n, 2);
            const sp_gap *z = &g->zones[0];   /* the area's: more workers */
            ASSERT_EQ_INT(z->n_clusters, 1);
            ASSERT_EQ_INT(z->clusters[0], 0);
            ASSERT(z->workers == unc);
            double a = area_of(gc, z->polygon);
            ASSERT_NEAR(a, 175 * 400, 1e-6);
            ASSERT(fabs(a - 400 * 400 * 21.0 / 49) <= 50 * 400);   /* one lattice row */
            /* the covered points lie outside, the uncovered inside */
            for (int32_t p = f; p < f + 49; p++) {
                GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(gc, S->pxy[2 * p], S->pxy[2 * p + 1]);
                ASSERT_EQ_INT(GEOSContains_r(gc, z->polygon, pt), !S->pcov[p]);
                GEOSGeom_destroy_r(gc, pt);
            }
            ASSERT(g->zones[1].workers == 7);
        }
        sp_gaps_free(g, gc);
        scene_free(S);
    }
    GEOS_finish_r(gc);
}

static int random_cover(double x, double y, void *u)
{
    (void)x;
    (void)y;
    return rnd() < *(double *)u;
}

/* The same square under random covered patterns: the piece is the union of
 * the uncovered points' cells, computed here (a lattice point's cell is
 * its 50 m square, the outer ones stretched to the outline). */
TEST(gaps_area_part_is_the_uncovered_cells)
{
    GEOSContextHandle_t gc = GEOS_init_r();
    GEOSContext_setErrorHandler_r(gc, quiet);
    for (int seed = 1; seed <= 10; seed++) {
        rng_state = (uint64_t)seed * 104729u;
        double frac = 0.1 * seed - 0.05;
        scene *S = scene_new(gc);
        int32_t f = add_area(S, rect(gc, 0, 0, 400, 400), 777, NULL, 0, 20, random_cover, &frac);
        double want = 0, unc = 0;
        int32_t nu = 0;
        for (int32_t p = f; p < S->np; p++) {
            if (S->pcov[p])
                continue;
            double x = S->pxy[2 * p], y = S->pxy[2 * p + 1];
            double wx = (x == 50 || x == 350) ? 75 : 50, wy = (y == 50 || y == 350) ? 75 : 50;
            want += wx * wy;
            unc += S->pw[p];
            nu++;
        }
        sp_gaps *g = NULL;
        ASSERT_EQ_INT(scene_gaps(S, 500, &g), SP_OK);
        ASSERT_EQ_INT(g->n, nu > 0);
        if (nu == 49)
            want = 160000;
        if (nu > 0) {
            ASSERT(g->zones[0].workers == (nu == 49 ? 777 : unc));
            ASSERT_NEAR(area_of(gc, g->zones[0].polygon), want, 1e-6);
        }
        sp_gaps_free(g, gc);
        scene_free(S);
    }
    GEOS_finish_r(gc);
}

/* Demand points at random places in an L-shaped area (as weight points
 * would be), some covered: the uncovered part and the part the covered
 * points would leave (the flags inverted) split the area: their areas add
 * up to it and they do not overlap; each point lies in its own side's
 * part. */
TEST(gaps_random_points_split_the_area)
{
    GEOSContextHandle_t gc = GEOS_init_r();
    GEOSContext_setErrorHandler_r(gc, quiet);
    GEOSWKTReader *rd = GEOSWKTReader_create_r(gc);
    for (int seed = 1; seed <= 40; seed++) {
        rng_state = (uint64_t)seed * 2654435761u;
        int32_t k = 2 + (int32_t)(rnd() * 150);
        double pxy[2 * 160];
        for (int32_t i = 0; i < k; i++) {   /* inside the L: x < 300 or y < 300 */
            pxy[2 * i] = 1 + rnd() * 998;
            pxy[2 * i + 1] = pxy[2 * i] < 300 ? 1 + rnd() * 998 : 1 + rnd() * 298;
        }
        double frac = 0.5;
        scene *S = scene_new(gc), *R = scene_new(gc);
        const char *wkt = "POLYGON((0 0, 1000 0, 1000 300, 300 300, 300 1000, 0 1000, 0 0))";
        add_area(S, GEOSWKTReader_read_r(gc, rd, wkt), 100, pxy, k, 0, random_cover, &frac);
        add_area(R, GEOSWKTReader_read_r(gc, rd, wkt), 100, pxy, k, 0, NULL, NULL);
        int32_t nu = 0;
        for (int32_t p = 0; p < k; p++) {
            R->pcov[p] = !S->pcov[p];
            nu += !S->pcov[p];
        }
        if (nu == 0 || nu == k) {   /* both sides wanted */
            S->pcov[0] = !S->pcov[0];
            R->pcov[0] = !R->pcov[0];
        }
        sp_gaps *a = NULL, *b = NULL;
        ASSERT_EQ_INT(scene_gaps(S, 1, &a), SP_OK);
        ASSERT_EQ_INT(scene_gaps(R, 1, &b), SP_OK);
        ASSERT_EQ_INT(a->n, 1);
        ASSERT_EQ_INT(b->n, 1);
        const GEOSGeometry *pa = a->zones[0].polygon, *pb = b->zones[0].polygon;
        ASSERT_NEAR(area_of(gc, pa) + area_of(gc, pb), 1000 * 300 + 300 * 700, 1e-6);
        GEOSGeometry *both = GEOSIntersection_r(gc, pa, pb);
        ASSERT_NEAR(area_of(gc, both), 0, 1e-6);
        GEOSGeom_destroy_r(gc, both);
        for (int32_t p = 0; p < k; p++) {
            GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(gc, pxy[2 * p], pxy[2 * p + 1]);
            ASSERT_EQ_INT(GEOSContains_r(gc, S->pcov[p] ? pb : pa, pt), 1);
            GEOSGeom_destroy_r(gc, pt);
        }
        ASSERT(a->zones[0].workers + b->zones[0].workers == 100);
        sp_gaps_free(a, gc);
        sp_gaps_free(b, gc);
        scene_free(S);
        scene_free(R);
    }
    GEOSWKTReader_destroy_r(gc, rd);
    GEOS_finish_r(gc);
}

/* Areas partly, wholly and not covered among point clusters: the zones
 * hold exactly the workers not covered (total - covered, the covered
 * shares added per cluster in point order), every cluster with an
 * uncovered point in exactly one zone, the others in none. */
TEST(gaps_zone_workers_are_the_uncovered)
{
    GEOSContextHandle_t gc = GEOS_init_r();
    GEOSContext_setErrorHandler_r(gc, quiet);
    for (int seed = 1; seed <= 6; seed++) {
        rng_state = (uint64_t)seed * 15485863u;
        scene *S = scene_new(gc);
        for (int32_t c = 0; c < 60; c++) {
            double x = rnd() * 6000, y = rnd() * 6000, w = (double)(int)(rnd() * 5000);
            if (rnd() < 0.5) {
                double frac = rnd() < 0.2 ? 0 : rnd() < 0.25 ? 1 : rnd();
                double sz = 50 + rnd() * 900;
                add_area(S, rect(gc, x, y, x + sz, y + sz * (0.3 + rnd())), w, NULL, 0, 30,
                         random_cover, &frac);
            } else {
                add_point(S, x, y, w, rnd() < 0.4);
            }
        }
        double total = 0, covered = 0;
        for (int32_t c = 0; c < S->n; c++)
            total += S->w[c];
        for (int32_t c = 0, p = 0; c < S->n; c++) {
            double cw = 0;
            for (; p < S->np && S->pcl[p] == c; p++)
                if (S->pcov[p])
                    cw += S->pw[p];
            covered += cw;
        }
        sp_gaps *g = NULL;
        ASSERT_EQ_INT(scene_gaps(S, 400, &g), SP_OK);
        double zw = 0;
        int32_t seen[MAXC] = {0};
        for (int32_t k = 0; k < g->n; k++) {
            zw += g->zones[k].workers;
            for (int32_t q = 0; q < g->zones[k].n_clusters; q++)
                seen[g->zones[k].clusters[q]]++;
        }
        ASSERT(zw == total - covered);   /* exact */
        for (int32_t c = 0, p = 0; c < S->n; c++) {
            int any = 0;
            for (; p < S->np && S->pcl[p] == c; p++)
                any |= !S->pcov[p];
            ASSERT_EQ_INT(seen[c], any);
        }
        sp_gaps_free(g, gc);
        scene_free(S);
    }
    GEOS_finish_r(gc);
}

/* Points and wholly uncovered rectangles (each one demand point) at random:
 * the zones are the groups of every pair within link_m (GEOS distance of
 * the geometries; two points: their distance). */
TEST(gaps_random_areas_match_every_pair)
{
    GEOSContextHandle_t gc = GEOS_init_r();
    GEOSContext_setErrorHandler_r(gc, quiet);
    for (int seed = 1; seed <= 8; seed++) {
        rng_state = (uint64_t)seed * 32452843u;
        scene *S = scene_new(gc);
        double link_m = 150 + 50 * (seed % 4);
        for (int32_t c = 0; c < 200; c++) {
            double x = rnd() * 15000, y = rnd() * 15000, w = (double)(int)(rnd() * 40);
            int cov = rnd() < 0.15;
            if (rnd() < 0.35) {
                double sx = 20 + rnd() * (rnd() < 0.2 ? 4000 : 600), sy = 20 + rnd() * 600;
                double pt[] = {x + sx / 2, y + sy / 2};
                add_area(S, rect(gc, x, y, x + sx, y + sy), w, pt, 1, 0, cov ? west_of : NULL,
                         &(double){INFINITY});
            } else {
                add_point(S, x, y, w, cov);
            }
        }
        int32_t n = S->n, *p = malloc(sizeof *p * (size_t)n), *want = malloc(sizeof *want * (size_t)n);
        for (int32_t i = 0; i < n; i++)
            p[i] = i;
        for (int32_t i = 0; i < n; i++)
            for (int32_t j = i + 1; !S->pcov[i] && j < n; j++) {
                if (S->pcov[j])
                    continue;   /* one point per cluster here: point index = cluster */
                double d;
                int ai = GEOSGeomTypeId_r(gc, S->geom[i]) == GEOS_POLYGON,
                    aj = GEOSGeomTypeId_r(gc, S->geom[j]) == GEOS_POLYGON;
                if (ai || aj)
                    GEOSDistance_r(gc, S->geom[i], S->geom[j], &d);
                else
                    d = hypot(S->xy[2 * i] - S->xy[2 * j], S->xy[2 * i + 1] - S->xy[2 * j + 1]);
                if (d <= link_m) {
                    int32_t a = root(p, i), b = root(p, j);
                    if (a != b)
                        p[a > b ? a : b] = a < b ? a : b;
                }
            }
        int32_t n_roots = 0;
        for (int32_t i = 0; i < n; i++) {
            want[i] = S->pcov[i] ? -1 : root(p, i);
            n_roots += want[i] == i;
        }
        sp_gaps *g = NULL;
        ASSERT_EQ_INT(scene_gaps(S, link_m, &g), SP_OK);
        ASSERT_EQ_INT(g->n, n_roots);
        int bad = 0;
        int32_t members = 0;
        for (int32_t k = 0; k < g->n; k++)
            for (int32_t q = 0; q < g->zones[k].n_clusters; q++, members++)
                bad += want[g->zones[k].clusters[q]] != g->zones[k].clusters[0];
        ASSERT_EQ_INT(bad, 0);
        int32_t n_unc = 0;
        for (int32_t i = 0; i < n; i++)
            n_unc += !S->pcov[i];
        ASSERT_EQ_INT(members, n_unc);
        free(p);
        free(want);
        sp_gaps_free(g, gc);
        scene_free(S);
    }
    GEOS_finish_r(gc);
}

/* A self-crossing outline (a bow tie; the inputs refuse one, this is the
 * safeguard of gaps.h) partly
 * covered: the part is built from its valid form, not refused; wholly
 * uncovered, in a zone with another area: its valid form in the union. */
TEST(gaps_invalid_outline_partly_covered)
{
    GEOSContextHandle_t gc = GEOS_init_r();
    GEOSContext_setErrorHandler_r(gc, quiet);
    GEOSWKTReader *rd = GEOSWKTReader_create_r(gc);
    GEOSGeometry *bow = GEOSWKTReader_read_r(gc, rd, "POLYGON((0 0, 400 400, 400 0, 0 400, 0 0))");
    GEOSWKTReader_destroy_r(gc, rd);
    ASSERT(bow != NULL);
    ASSERT_EQ_INT(GEOSisValid_r(gc, bow), 0);
    scene *S = scene_new(gc);
    double pts[] = {50, 200, 100, 200, 300, 200, 350, 200};
    double cut = 200;
    add_area(S, bow, 100, pts, 4, 0, west_of, &cut);
    sp_gaps *g = NULL;
    ASSERT_EQ_INT(scene_gaps(S, 500, &g), SP_OK);
    ASSERT_EQ_INT(g->n, 1);
    ASSERT(g->zones[0].workers == 50);
    double a = area_of(gc, g->zones[0].polygon);   /* the east triangle: 40,000 m2 */
    ASSERT_NEAR(a, 40000, 1e-6);
    sp_gaps_free(g, gc);
    /* wholly uncovered, beside another area within link_m */
    for (int32_t p = 0; p < S->np; p++)
        S->pcov[p] = 0;
    double q[] = {700, 200};
    add_area(S, rect(gc, 600, 0, 800, 400), 10, q, 1, 0, NULL, NULL);
    ASSERT_EQ_INT(scene_gaps(S, 500, &g), SP_OK);
    ASSERT_EQ_INT(g->n, 1);
    ASSERT(g->zones[0].workers == 110);
    ASSERT_NEAR(area_of(gc, g->zones[0].polygon), 80000 + 80000, 1e-6);
    sp_gaps_free(g, gc);
    scene_free(S);
    GEOS_finish_r(gc);
}

/* Demand points out of cluster order are refused. */
TEST(gaps_refuses_points_out_of_order)
{
    GEOSContextHandle_t gc = GEOS_init_r();
    GEOSContext_setErrorHandler_r(gc, quiet);
    scene *S = scene_new(gc);
    add_point(S, 0, 0, 1, 0);
    add_point(S, 10, 0, 1, 0);
    S->pcl[0] = 1;
    S->pcl[1] = 0;
    sp_gaps *g = NULL;
    ASSERT_EQ_INT(scene_gaps(S, 500, &g), SP_E_INTERNAL);
    ASSERT(g == NULL);
    scene_free(S);
    GEOS_finish_r(gc);
}

int main(void)
{
    RUN(gaps_random_layouts_match_every_pair);
    RUN(gaps_link_distance_is_inclusive);
    RUN(gaps_one_place_costs_no_pair);
    RUN(gaps_adjacent_parcels_one_zone);
    RUN(gaps_half_covered_area);
    RUN(gaps_area_part_is_the_uncovered_cells);
    RUN(gaps_random_points_split_the_area);
    RUN(gaps_zone_workers_are_the_uncovered);
    RUN(gaps_random_areas_match_every_pair);
    RUN(gaps_invalid_outline_partly_covered);
    RUN(gaps_refuses_points_out_of_order);
    return test_summary("gaps");
}
