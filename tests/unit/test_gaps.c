/* test_gaps.c — gap zones (gaps.h): the zones are the single-linkage groups
 * of the uncovered clusters at link_m, checked against every pair tested
 * by brute force on seeded random layouts (clumps, shared places, chains
 * across cell borders), and the work counted: clusters sharing one place
 * cost no distance test at all (100,000 at one point). */
#include <stdint.h>
#include <stdlib.h>

#include "gaps.h"
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
    ASSERT_EQ_INT(sp_gaps_find(L->gc, L->n, L->xy, L->geom, L->w, L->unc, link_m, &g), SP_OK);
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
    ASSERT_EQ_INT(sp_gaps_find(gc, 3, L.xy, L.geom, L.w, L.unc, 500, &g), SP_OK);
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
    ASSERT_EQ_INT(sp_gaps_find(gc, n, L.xy, L.geom, L.w, L.unc, 500, &g), SP_OK);
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

int main(void)
{
    RUN(gaps_random_layouts_match_every_pair);
    RUN(gaps_link_distance_is_inclusive);
    RUN(gaps_one_place_costs_no_pair);
    return test_summary("gaps");
}
