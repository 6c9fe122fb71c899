/* test_responsibility.c — the nearest-site label grid and its polygons
 * (responsibility.h).
 *
 *  - random time grids (with many ties, cells beyond T, unreached cells,
 *    negative lattice indexes, several 64-cell tiles): every cell's label is
 *    the brute-force least time, ties to the lower site, whatever the order
 *    of the adds (and when added from two threads at once);
 *  - the polygons: valid, no two overlapping (pairwise intersection area 0),
 *    each site's area = its cell count x cell^2, their union = every cell
 *    within T, the centre of each cell inside its site's polygon; a site
 *    with no cell gets an empty MultiPolygon; byte-identical WKB for any add
 *    order;
 *  - on a street grid with real searches (catchment_fixture.h): each site's
 *    area lies inside its own catchment at T, and the areas' union is the
 *    union of the catchments.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <geos_c.h>

#include "catchment.h"
#include "catchment_fixture.h"
#include "graph.h"
#include "reach.h"
#include "responsibility.h"
#include "search.h"
#include "test.h"

#define CELL 20.0
#define NS 4         /* sites; site 3 never gets a cell */
#define T_LIM 7.0    /* cells with time <= 7 count */

/* One site's grid: nx x ny times, row 0 at lattice row row_top. */
typedef struct {
    int64_t col0, row_top;
    int nx, ny;
    float *t;
} tgrid;

static uint32_t rng = 12345;
static uint32_t next_rand(void)
{
    rng = rng * 1664525u + 1013904223u;
    return rng >> 8;
}

/* Times 0..9 (many ties), 1 in 5 unreached; site 3: only times above T. */
static void make_grids(tgrid *g)
{
    static const int64_t col0[NS] = {-70, -20, -100, -40};
    static const int64_t top[NS] = {30, 60, 10, 20};
    static const int nx[NS] = {100, 90, 130, 40};
    static const int ny[NS] = {80, 120, 50, 30};
    for (int s = 0; s < NS; s++) {
        g[s].col0 = col0[s];
        g[s].row_top = top[s];
        g[s].nx = nx[s];
        g[s].ny = ny[s];
        g[s].t = malloc(sizeof *g[s].t * (size_t)nx[s] * (size_t)ny[s]);
        for (int i = 0; i < nx[s] * ny[s]; i++) {
            uint32_t r = next_rand();
            g[s].t[i] = r % 5 == 0 ? INFINITY : s == 3 ? 8 + (float)(r % 3) : (float)(r % 10);
        }
    }
}

/* Brute force: the site of lattice cell (row, col), -1 when none within T. */
static int expect_site(const tgrid *g, int64_t row, int64_t col)
{
    int best = -1;
    float bt = INFINITY;
    for (int s = 0; s < NS; s++) {
        int64_t r = g[s].row_top - row, c = col - g[s].col0;
        if (r < 0 || r >= g[s].ny || c < 0 || c >= g[s].nx)
            continue;
        float t = g[s].t[r * g[s].nx + c];
        if (t <= T_LIM && (best < 0 || t < bt)) { /* strict: ties keep the lower site */
            best = s;
            bt = t;
        }
    }
    return best;
}

static sp_respgrid *build(const tgrid *g, const int *order)
{
    sp_respgrid *rg = sp_respgrid_new(CELL);
    for (int k = 0; rg && k < NS; k++) {
        const tgrid *x = &g[order[k]];
        if (sp_respgrid_add_cells(rg, order[k], x->t, x->col0, x->row_top, x->nx, x->ny,
                                  T_LIM) != SP_OK) {
            sp_respgrid_free(rg);
            return NULL;
        }
    }
    return rg;
}

typedef struct {
    sp_respgrid *rg;
    const tgrid *g;
    int first, step;
} add_job;

static void *add_some(void *arg)
{
    add_job *j = arg;
    for (int s = j->first; s < NS; s += j->step)
        sp_respgrid_add_cells(j->rg, s, j->g[s].t, j->g[s].col0, j->g[s].row_top, j->g[s].nx,
                              j->g[s].ny, T_LIM);
    return NULL;
}

/* Labels checked cell by cell over the union of the grids' extents. */
static int labels_ok(const sp_respgrid *rg, const tgrid *g, long *n_labelled)
{
    *n_labelled = 0;
    for (int64_t row = -200; row <= 70; row++)
        for (int64_t col = -110; col <= 80; col++) {
            int want = expect_site(g, row, col);
            int got = sp_respgrid_site_at(rg, (col + 0.5) * CELL, (row + 0.5) * CELL);
            if (want != got) {
                fprintf(stderr, "  cell row %lld col %lld: site %d, expected %d\n",
                        (long long)row, (long long)col, got, want);
                return 0;
            }
            *n_labelled += want >= 0;
        }
    return 1;
}

TEST(labels_least_time_any_order)
{
    tgrid g[NS];
    make_grids(g);
    static const int orders[3][NS] = {{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}};
    long n0 = -1;
    for (int o = 0; o < 3; o++) {
        sp_respgrid *rg = build(g, orders[o]);
        ASSERT(rg);
        long n;
        int ok = labels_ok(rg, g, &n);
        sp_respgrid_free(rg);
        ASSERT(ok);
        ASSERT(n > 10000);
        if (n0 >= 0)
            ASSERT_EQ_INT(n, n0);
        n0 = n;
    }
    /* two threads at once */
    sp_respgrid *rg = sp_respgrid_new(CELL);
    ASSERT(rg);
    add_job a = {rg, g, 0, 2}, b = {rg, g, 1, 2};
    pthread_t ta, tb;
    ASSERT(pthread_create(&ta, NULL, add_some, &a) == 0);
    ASSERT(pthread_create(&tb, NULL, add_some, &b) == 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    long n;
    int ok = labels_ok(rg, g, &n);
    sp_respgrid_free(rg);
    ASSERT(ok);
    ASSERT_EQ_INT(n, n0);
    for (int s = 0; s < NS; s++)
        free(g[s].t);
}

static unsigned char *wkb_of(const GEOSGeometry *p, size_t *n)
{
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(G);
    unsigned char *b = GEOSWKBWriter_write_r(G, w, p, n);
    GEOSWKBWriter_destroy_r(G, w);
    return b;
}

TEST(polygons_partition_the_cells)
{
    tgrid g[NS];
    make_grids(g);
    static const int order_a[NS] = {0, 1, 2, 3}, order_b[NS] = {3, 1, 0, 2};
    sp_respgrid *ra = build(g, order_a), *rb = build(g, order_b);
    ASSERT(ra && rb);
    GEOSGeometry *pa[NS], *pb[NS];
    ASSERT(sp_respgrid_polygons(ra, G, NS, pa) == SP_OK);
    ASSERT(sp_respgrid_polygons(rb, G, NS, pb) == SP_OK);

    /* cells per site, and the union's count, by brute force */
    long cells[NS] = {0}, all = 0;
    for (int64_t row = -200; row <= 70; row++)
        for (int64_t col = -110; col <= 80; col++) {
            int s = expect_site(g, row, col);
            if (s >= 0) {
                cells[s]++;
                all++;
            }
        }
    ASSERT_EQ_INT(cells[3], 0);
    double sum = 0;
    for (int s = 0; s < NS; s++) {
        ASSERT_EQ_INT(GEOSGeomTypeId_r(G, pa[s]), GEOS_MULTIPOLYGON);
        ASSERT_EQ_INT(GEOSisValid_r(G, pa[s]), 1);
        ASSERT_NEAR(poly_area(pa[s]), cells[s] * CELL * CELL, 1e-6);
        sum += poly_area(pa[s]);
        size_t na, nb;
        unsigned char *wa = wkb_of(pa[s], &na), *wb = wkb_of(pb[s], &nb);
        int same = wa && wb && na == nb && memcmp(wa, wb, na) == 0;
        GEOSFree_r(G, wa);
        GEOSFree_r(G, wb);
        ASSERT(same);
    }
    ASSERT_EQ_INT(GEOSisEmpty_r(G, pa[3]), 1);
    ASSERT_NEAR(sum, all * CELL * CELL, 1e-6);
    /* pairwise: no overlap */
    for (int s = 0; s < NS; s++)
        for (int u = s + 1; u < NS; u++) {
            GEOSGeometry *x = GEOSIntersection_r(G, pa[s], pa[u]);
            ASSERT(x);
            double a = poly_area(x);
            GEOSGeom_destroy_r(G, x);
            ASSERT_NEAR(a, 0, 1e-9);
        }
    /* every cell centre lies in its own site's polygon */
    const GEOSPreparedGeometry *pp[NS];
    for (int s = 0; s < NS; s++)
        pp[s] = GEOSPrepare_r(G, pa[s]);
    long bad = 0;
    for (int64_t row = -200; row <= 70; row++)
        for (int64_t col = -110; col <= 80; col++) {
            int s = expect_site(g, row, col);
            if (s >= 0 && !covers_xy(pp[s], (col + 0.5) * CELL, (row + 0.5) * CELL))
                bad++;
        }
    for (int s = 0; s < NS; s++)
        GEOSPreparedGeom_destroy_r(G, pp[s]);
    ASSERT_EQ_INT(bad, 0);
    destroy_all(pa, NS);
    destroy_all(pb, NS);
    sp_respgrid_free(ra);
    sp_respgrid_free(rb);
    for (int s = 0; s < NS; s++)
        free(g[s].t);
}

TEST(empty_grid_gives_empty_polygons)
{
    sp_respgrid *rg = sp_respgrid_new(CELL);
    ASSERT(rg);
    GEOSGeometry *p[2];
    ASSERT(sp_respgrid_polygons(rg, G, 2, p) == SP_OK);
    ASSERT_EQ_INT(GEOSisEmpty_r(G, p[0]), 1);
    ASSERT_EQ_INT(GEOSGeomTypeId_r(G, p[1]), GEOS_MULTIPOLYGON);
    destroy_all(p, 2);
    /* a label beyond the sites asked for is an internal error */
    float t[1] = {1};
    ASSERT(sp_respgrid_add_cells(rg, 0, t, (int64_t)1 << 40, 0, 1, 1, 2) == SP_E_INPUT);
    ASSERT(sp_respgrid_add_cells(rg, 5, t, 0, 0, 1, 1, 2) == SP_OK);
    ASSERT(sp_respgrid_polygons(rg, G, 2, p) == SP_E_INTERNAL);
    ASSERT(p[0] == NULL && p[1] == NULL);
    sp_respgrid_free(rg);
    ASSERT(sp_respgrid_new(0) == NULL);
}

/* A 2 km street, a site at each end (and a third one unreachable): each
 * area lies in its own catchment, the union is the catchments' union, and
 * the split falls at the middle. */
TEST(street_split_inside_catchments)
{
    sp_graph_builder *b = sp_graph_builder_new();
    double nxy[2 * 11];
    for (int i = 0; i <= 10; i++) {
        nxy[2 * i] = 3000 + 200 * i;
        nxy[2 * i + 1] = 7000;
        sp_graph_builder_add_node(b, nxy[2 * i], nxy[2 * i + 1]);
    }
    for (int i = 0; i < 10; i++)
        ASSERT(add_straight(b, nxy, i, i + 1, WALK) >= 0);
    sp_graph *g = NULL;
    ASSERT(sp_graph_build(b, &g) == SP_OK);
    sp_graph_builder_free(b);
    sp_access *a = make_access(g, SP_SNAP_EDGE);
    ASSERT(a);
    sp_catchment_opts o = cat_opts(a);
    sp_isogrid *ig = sp_isogrid_new(&o, NULL);
    sp_search *ws = sp_search_new(g);
    sp_respgrid *rg = sp_respgrid_new(o.cell_m);
    ASSERT(ig && ws && rg);
    double T = 1200; /* 1.67 km on foot: the two catchments overlap */
    sp_snap site[2] = {snap_node(g, 0), snap_node(g, 10)};
    GEOSGeometry *cat[2], *resp[3];
    for (int s = 0; s < 2; s++) {
        ASSERT(search_site(ws, g, &site[s], T));
        sp_isogrid_reset(ig);
        ASSERT(sp_isogrid_burn(ig, g, ws, &site[s], T) == SP_OK);
        ASSERT(sp_isogrid_polygons(ig, G, &T, 1, &cat[s]) == SP_OK);
        ASSERT(sp_respgrid_add(rg, ig, s, T) == SP_OK);
    }
    ASSERT(sp_respgrid_polygons(rg, G, 3, resp) == SP_OK);
    ASSERT_EQ_INT(GEOSisEmpty_r(G, resp[2]), 1);
    for (int s = 0; s < 2; s++) {
        ASSERT(poly_area(resp[s]) > 0);
        ASSERT_NEAR(area_outside(resp[s], cat[s]), 0, 1e-6);
    }
    GEOSGeometry *uc = GEOSUnion_r(G, cat[0], cat[1]), *ur = GEOSUnion_r(G, resp[0], resp[1]);
    ASSERT(uc && ur);
    ASSERT_NEAR(area_outside(uc, ur), 0, 1e-6);
    ASSERT_NEAR(area_outside(ur, uc), 0, 1e-6);
    /* the split: x = 4000 is the middle; site 0 holds what is west of it
     * (ties to site 0), up to a cell */
    double bb0[4], bb1[4];
    ASSERT(GEOSGeom_getXMax_r(G, resp[0], &bb0[2]) && GEOSGeom_getXMin_r(G, resp[1], &bb1[0]));
    ASSERT_NEAR(bb0[2], 4000, o.cell_m);
    ASSERT_NEAR(bb1[0], bb0[2], 1e-9);
    GEOSGeom_destroy_r(G, uc);
    GEOSGeom_destroy_r(G, ur);
    destroy_all(cat, 2);
    destroy_all(resp, 3);
    sp_respgrid_free(rg);
    sp_search_free(ws);
    sp_isogrid_free(ig);
    sp_access_free(a);
    sp_graph_free(g);
}

int main(void)
{
    fixture_init();
    (void)town; /* fixture helpers this file does not use */
    (void)check_cells;
    (void)covers_xy;
    (void)snap_link;
    RUN(labels_least_time_any_order);
    RUN(polygons_partition_the_cells);
    RUN(empty_grid_gives_empty_polygons);
    RUN(street_split_inside_catchments);
    fixture_finish();
    return test_summary("responsibility");
}
