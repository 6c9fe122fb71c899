/* catchment_fixture.h — helpers shared by the catchment unit tests
 * (test_catchment_cover.c, test_catchment_poly.c, test_responsibility.c): the
 * GEOS context G, small graphs built by hand, site snaps and searches, areas,
 * the access index, the access rule computed point by point (sp_access_point
 * and sp_reach_time, as a cluster's time is counted) and the check of a burnt
 * grid's cells against it.  The including test calls fixture_init() first
 * and fixture_finish() last. */
#ifndef SP_TEST_CATCHMENT_FIXTURE_H
#define SP_TEST_CATCHMENT_FIXTURE_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include <gdal.h>
#include <geos_c.h>

#include "access.h"
#include "catchment.h"
#include "graph.h"
#include "reach.h"
#include "search.h"

#define WALK 1.3888888888888888 /* 5 km/h in m/s */

static GEOSContextHandle_t G;

static void geos_msg(const char *msg, void *data)
{
    (void)data;
    fprintf(stderr, "GEOS: %s\n", msg);
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

/* Add a straight two-way walking link between nodes a and b. */
static int32_t add_straight(sp_graph_builder *b, const double *nxy, int32_t a,
                            int32_t c, double speed)
{
    double xy[4] = {nxy[2 * a], nxy[2 * a + 1], nxy[2 * c], nxy[2 * c + 1]};
    double len = hypot(xy[2] - xy[0], xy[3] - xy[1]);
    return sp_graph_builder_add_link(b, a, c, xy, 2, len / speed, len / speed, 0);
}

/* The point at s metres along link l. */
static void link_point(const sp_graph *g, int32_t l, double s, double *x, double *y)
{
    const sp_link *k = &g->links[l];
    const double *xy = g->geom_xy + 2 * (size_t)k->geom_off;
    double acc = 0;
    for (uint32_t i = 0; i + 1 < k->geom_len; i++) {
        const double *a = xy + 2 * i, *b = a + 2;
        double seg = hypot(b[0] - a[0], b[1] - a[1]);
        if (s <= acc + seg || i + 2 == k->geom_len) {
            double f = seg > 0 ? (s - acc) / seg : 0;
            f = f < 0 ? 0 : f > 1 ? 1 : f;
            *x = a[0] + f * (b[0] - a[0]);
            *y = a[1] + f * (b[1] - a[1]);
            return;
        }
        acc += seg;
    }
    *x = xy[0];
    *y = xy[1];
}

static sp_snap snap_link(const sp_graph *g, int32_t l, double s, double offroad_m)
{
    sp_snap sn = {.link = l, .node = -1, .s = s, .offroad_m = offroad_m,
                  .offroad_s = offroad_m / WALK};
    link_point(g, l, s, &sn.x, &sn.y);
    return sn;
}

static sp_snap snap_node(const sp_graph *g, int32_t v)
{
    sp_snap sn = {.link = -1, .node = v, .s = 0, .offroad_m = 0, .offroad_s = 0,
                  .x = g->node_xy[2 * v], .y = g->node_xy[2 * v + 1]};
    return sn;
}

static int search_site(sp_search *ws, const sp_graph *g, const sp_snap *site,
                       double limit_s)
{
    sp_seed seeds[2];
    size_t n = sp_reach_site_seeds(g, site, seeds);
    return sp_search_run(ws, g, SP_REVERSE, seeds, n, limit_s) == SP_OK;
}

static double poly_area(const GEOSGeometry *p)
{
    double a = -1;
    if (!GEOSArea_r(G, p, &a))
        return -1;
    return a;
}

/* Area of a minus b (should be ~0 when b covers a). */
static double area_outside(const GEOSGeometry *a, const GEOSGeometry *b)
{
    GEOSGeometry *d = GEOSDifference_r(G, a, b);
    if (!d)
        return INFINITY;
    double ar = poly_area(d);
    GEOSGeom_destroy_r(G, d);
    return ar;
}

static void destroy_all(GEOSGeometry **p, int n)
{
    for (int i = 0; i < n; i++) {
        GEOSGeom_destroy_r(G, p[i]);
        p[i] = NULL;
    }
}

/* Whether the prepared polygon covers (x, y). */
static int covers_xy(const GEOSPreparedGeometry *pp, double x, double y)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(G, x, y);
    char c = GEOSPreparedCovers_r(G, pp, pt);
    GEOSGeom_destroy_r(G, pt);
    return c == 1;
}

/* ------------------------------------------------------------------------ */
/* The access rule, computed point by point (the independent check)         */

/* The access index of g under rule (every road class usable); NULL on
 * failure. */
static sp_access *make_access(const sp_graph *g, sp_snap_rule rule)
{
    sp_access *a = NULL;
    if (sp_access_new(g, rule, NULL, 0, &a) != SP_OK)
        return NULL;
    return a;
}

/* Default options on access index a. */
static sp_catchment_opts cat_opts(const sp_access *a)
{
    sp_catchment_opts o;
    sp_catchment_opts_default(&o);
    o.access = a;
    return o;
}

/* The time a cluster at (x, y) gets: the least over its access snaps
 * (sp_access_point) of sp_reach_time(); INFINITY when it has none. */
static double point_time(const sp_catchment_opts *o, const sp_graph *g, const sp_search *ws,
                         const sp_snap *site, double x, double y)
{
    sp_snap sn[SP_ACCESS_MAX];
    int m = sp_access_point(o->access, x, y, o->max_snap_m, o->walk_kmh, sn);
    double best = INFINITY;
    for (int k = 0; k < m; k++) {
        double t = sp_reach_time(g, ws, site, &sn[k]);
        if (t < best)
            best = t;
    }
    return best;
}

/* Seconds by which a cell may differ from point_time(): the cells' access
 * entries keep the position and the off-road seconds as floats. */
#define CELL_TOL_S 1e-3

/* The centre of lattice cell (col, row). */
static void cell_centre(double cell, int64_t col, int64_t row, double *x, double *y)
{
    *x = ((double)col + 0.5) * cell;
    *y = ((double)row + 0.5) * cell;
}

/* Check every cell of the grid burnt for one site within max_s against
 * point_time() at its centre: a cell is finite exactly when that time is
 * <= max_s (up to CELL_TOL_S at the edge), and then equals it rounded down
 * (up to CELL_TOL_S); the `margin` cells around the grid all get a time
 * > max_s.  A grid with nothing burnt passes.  Returns the number of cells
 * that break this (the first few are printed); *n_finite gets the finite
 * cells. */
static long check_cells(const sp_isogrid *ig, const sp_catchment_opts *o, const sp_graph *g,
                        const sp_search *ws, const sp_snap *site, double max_s, int margin,
                        long *n_finite)
{
    int64_t col0, top;
    int nx, ny;
    const float *t = sp_isogrid_cells(ig, &col0, &top, &nx, &ny);
    long bad = 0, fin = 0;
    double cell = o->cell_m;
    *n_finite = 0;
    if (!t)
        return 0; /* nothing burnt (callers check n_finite) */
    for (int r = -margin; r < ny + margin; r++)
        for (int c = -margin; c < nx + margin; c++) {
            int inside = r >= 0 && r < ny && c >= 0 && c < nx;
            double x, y;
            cell_centre(cell, col0 + c, top - r, &x, &y);
            double want = point_time(o, g, ws, site, x, y);
            float have = inside ? t[(size_t)r * (size_t)nx + (size_t)c] : INFINITY;
            int ok;
            if (have != INFINITY) {
                fin++;
                ok = (double)have <= max_s && want <= max_s + CELL_TOL_S &&
                     (double)have <= want + CELL_TOL_S &&
                     (double)nextafterf(have, INFINITY) > want - CELL_TOL_S;
            } else {
                ok = !(want <= max_s - CELL_TOL_S);
            }
            if (!ok && bad++ < 3)
                fprintf(stderr,
                        "  cell col %lld row %lld (%s, centre %.1f %.1f): %.6f, the access "
                        "rule gives %.6f (max_s %g)\n",
                        (long long)(col0 + c), (long long)(top - r),
                        inside ? "in the grid" : "outside", x, y, (double)have, want, max_s);
        }
    *n_finite = fin;
    return bad;
}

/* A 6 x 6 street grid of 200 m blocks (1 km square), with a bent link
 * across one block, a oneway link and a dead end.  Links: see code. */
static sp_graph *town(void)
{
    sp_graph_builder *b = sp_graph_builder_new();
    double nxy[2 * 40];
    int32_t id[6][6];
    for (int r = 0; r < 6; r++)
        for (int c = 0; c < 6; c++) {
            nxy[2 * (r * 6 + c)] = 1000 + 200 * c;
            nxy[2 * (r * 6 + c) + 1] = 5000 + 200 * r;
            id[r][c] = sp_graph_builder_add_node(b, nxy[2 * (r * 6 + c)],
                                                 nxy[2 * (r * 6 + c) + 1]);
        }
    for (int r = 0; r < 6; r++)
        for (int c = 0; c < 6; c++) {
            if (c + 1 < 6)
                add_straight(b, nxy, id[r][c], id[r][c + 1], WALK);
            if (r + 1 < 6 && !(r == 2 && c == 3))
                add_straight(b, nxy, id[r][c], id[r + 1][c], WALK);
        }
    /* A bent path across block (1,1)-(2,2). */
    double bent[] = {1200, 5200, 1250, 5330, 1330, 5290, 1400, 5400};
    double blen = 0;
    for (int i = 1; i < 4; i++)
        blen += hypot(bent[2 * i] - bent[2 * i - 2], bent[2 * i + 1] - bent[2 * i - 1]);
    sp_graph_builder_add_link(b, id[1][1], id[2][2], bent, 4, blen / WALK,
                              blen / WALK, 0);
    /* A oneway slow link (2,3) -> (3,3): forwards only, at half speed. */
    double ow[] = {1600, 5400, 1600, 5600};
    sp_graph_builder_add_link(b, id[2][3], id[3][3], ow, 2, 200 / (WALK / 2),
                              INFINITY, 0);
    /* A dead end going east from (3,5). */
    int32_t d = sp_graph_builder_add_node(b, 2400, 5600);
    double de[] = {2000, 5600, 2200, 5650, 2400, 5600};
    double dlen = 2 * hypot(200, 50);
    sp_graph_builder_add_link(b, id[3][5], d, de, 3, dlen / WALK, dlen / WALK, 0);
    sp_graph *g = NULL;
    if (sp_graph_build(b, &g) != SP_OK)
        g = NULL;
    sp_graph_builder_free(b);
    return g;
}

/* GDAL's drivers, the GEOS context G (errors to stderr), warnings muted. */
static void fixture_init(void)
{
    GDALAllRegister();
    G = GEOS_init_r();
    GEOSContext_setErrorMessageHandler_r(G, geos_msg, NULL);
    sp_warn_set_muted(1);
}

static void fixture_finish(void)
{
    GEOS_finish_r(G);
    GDALDestroyDriverManager();
}

#endif
