/* test_catchment_cover.c — catchment cells against the access rule the
 * clusters are counted with (catchment.h), each computed independently:
 *  - options: defaults, bad options, a grid too large;
 *  - every cell of a burnt grid is the least, over the access snaps of its
 *    centre (sp_access_point), of sp_reach_time(), rounded down, when that is
 *    within max_s, and nothing else (also in a margin around the grid): snap
 *    = edge and node, mid-link sites with an off-road leg, a node site, a
 *    site on a oneway, a tight and a wide max_snap_m;
 *  - a straight road: where the polygons end, by hand;
 *  - the counts agree with the cells: clusters at the cell centres (built
 *    with sp_demand_new_access) are covered at T exactly when their cell is
 *    <= T and their centre lies in the polygon; a point nearer to a slow road
 *    than to a fast one gets the fast road's better total and is drawn;
 *  - several sites: the cellwise minimum, the union of the polygons;
 *  - one cell access table shared by two grids (and two threads) gives the
 *    grids a grid with its own table gives.
 * Helpers: catchment_fixture.h; validity, holes, ring independence and
 * determinism are in test_catchment_poly.c. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <geos_c.h>

#include "access.h"
#include "catchment.h"
#include "catchment_fixture.h"
#include "cellaccess.h"
#include "costmatrix.h"
#include "demand.h"
#include "graph.h"
#include "reach.h"
#include "search.h"
#include "test.h"

TEST(defaults_and_bad_options)
{
    sp_catchment_opts o;
    sp_catchment_opts_default(&o);
    ASSERT_NEAR(o.cell_m, 20, 0);
    ASSERT_NEAR(o.max_snap_m, 1000, 0);
    ASSERT_NEAR(o.walk_kmh, 5, 0);
    ASSERT(o.access == NULL);
    sp_error_clear();
    ASSERT(sp_isogrid_new(&o, NULL) == NULL); /* no access index */
    ASSERT_CONTAINS(sp_error_message(), "no access index");

    sp_graph *g = town();
    ASSERT(g);
    sp_access *a = make_access(g, SP_SNAP_EDGE);
    ASSERT(a);
    o = cat_opts(a);
    sp_catchment_opts bad = o;
    bad.cell_m = 0;
    sp_error_clear();
    ASSERT(sp_isogrid_new(&bad, NULL) == NULL);
    ASSERT_CONTAINS(sp_error_message(), "cell_m");
    bad = o;
    bad.walk_kmh = 0;
    sp_error_clear();
    ASSERT(sp_isogrid_new(&bad, NULL) == NULL);
    ASSERT_CONTAINS(sp_error_message(), "walk_kmh");
    bad = o;
    bad.cell_m = NAN;
    ASSERT(sp_isogrid_new(&bad, NULL) == NULL);
    /* a shared table of another cell size */
    sp_cellaccess *ca = sp_cellaccess_new(a, 10, o.max_snap_m, o.walk_kmh);
    ASSERT(ca);
    sp_error_clear();
    ASSERT(sp_isogrid_new(&o, ca) == NULL);
    ASSERT_CONTAINS(sp_error_message(), "cell size");
    sp_cellaccess_free(ca);
    ASSERT(sp_cellaccess_new(a, 0, 1000, 5) == NULL);
    sp_isogrid_free(NULL);

    /* A grid of more than 2^28 cells is refused before it is allocated:
     * 0.1 m cells over the 1.4 x 1 km town plus 1 km all round. */
    sp_catchment_opts fine = o;
    fine.cell_m = 0.1;
    sp_isogrid *ig = sp_isogrid_new(&fine, NULL);
    ASSERT(ig);
    sp_search *ws = sp_search_new(g);
    sp_snap site = snap_node(g, 0);
    ASSERT(search_site(ws, g, &site, 900));
    sp_error_clear();
    ASSERT_EQ_INT(sp_isogrid_burn(ig, g, ws, &site, 900), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "too large");
    ASSERT_CONTAINS(sp_error_message(), "cell_m");
    int64_t c0, top;
    int nx, ny;
    ASSERT(sp_isogrid_cells(ig, &c0, &top, &nx, &ny) == NULL);
    sp_error_clear();
    sp_isogrid_free(ig);
    sp_search_free(ws);
    sp_access_free(a);
    sp_graph_free(g);
}

/* Contract 1 on the town: every cell against the access rule at its centre,
 * and the margin around the grid; the polygons valid, non-empty, nested. */
TEST(cells_follow_access_rule)
{
    sp_graph *g = town();
    ASSERT(g);
    sp_search *ws = sp_search_new(g);
    ASSERT(ws);
    int32_t oneway = g->n_links - 2, bent = g->n_links - 3;
    for (int rule = 0; rule < 2; rule++) {
        sp_access *a = make_access(g, rule == 0 ? SP_SNAP_EDGE : SP_SNAP_NODE);
        ASSERT(a);
        sp_snap sites[4];
        sites[0] = snap_link(g, 7, 73.5, 35);    /* mid-link, off-road */
        sites[1] = snap_link(g, oneway, 120, 5); /* on the oneway */
        sites[2] = snap_link(g, bent, 180, 0);   /* on the bent link */
        sites[3] = snap_node(g, 20);
        for (int variant = 0; variant < 2; variant++) {
            sp_catchment_opts o = cat_opts(a);
            if (variant == 1)
                o.max_snap_m = 80; /* the rule's reach, not the walk, ends the grid */
            double max_s = variant == 0 ? 900 : 600;
            const double limits[3] = {max_s / 3, 2 * max_s / 3, max_s};
            sp_isogrid *ig = sp_isogrid_new(&o, NULL);
            ASSERT(ig);
            for (int k = 0; k < 4; k++) {
                ASSERT(search_site(ws, g, &sites[k], max_s));
                sp_isogrid_reset(ig);
                ASSERT(sp_isogrid_burn(ig, g, ws, &sites[k], max_s) == SP_OK);
                long n_fin = 0;
                long bad = check_cells(ig, &o, g, ws, &sites[k], max_s, 3, &n_fin);
                if (bad)
                    fprintf(stderr, "  rule %d variant %d site %d: %ld cells differ\n", rule,
                            variant, k, bad);
                ASSERT_EQ_INT(bad, 0);
                ASSERT(n_fin > 200);
                GEOSGeometry *p[3];
                ASSERT(sp_isogrid_polygons(ig, G, limits, 3, p) == SP_OK);
                for (int i = 0; i < 3; i++) {
                    ASSERT_EQ_INT(GEOSGeomTypeId_r(G, p[i]), GEOS_MULTIPOLYGON);
                    ASSERT_EQ_INT(GEOSisValid_r(G, p[i]), 1);
                    ASSERT_EQ_INT(GEOSisEmpty_r(G, p[i]), 0);
                    if (i > 0) {
                        ASSERT_EQ_INT(GEOSCovers_r(G, p[i], p[i - 1]), 1);
                        ASSERT(poly_area(p[i]) > poly_area(p[i - 1]));
                    }
                }
                destroy_all(p, 3);
            }
            sp_isogrid_free(ig);
        }
        sp_access_free(a);
    }
    sp_search_free(ws);
    sp_graph_free(g);
}

/* A fast oneway U -> V whose tail U lies beyond max_s: it is reached only
 * through its head V (the one node of it that the search settles, where it
 * is an incoming link), and its cells reach far beyond everything else the
 * search reached; the grid must still hold them (the burn's frame is the
 * union of the settled nodes' boxes, each with its incoming links). */
TEST(fast_oneway_reached_at_its_head)
{
    sp_graph_builder *b = sp_graph_builder_new();
    int32_t s = sp_graph_builder_add_node(b, 0, 0);
    int32_t v = sp_graph_builder_add_node(b, 200, 0);
    int32_t u = sp_graph_builder_add_node(b, 200, 20000);
    double sv[] = {0, 0, 200, 0}, uv[] = {200, 20000, 200, 0};
    sp_graph_builder_add_link(b, s, v, sv, 2, 200 / WALK, 200 / WALK, 0);
    sp_graph_builder_add_link(b, u, v, uv, 2, 20000 / (10 * WALK), INFINITY, 0);
    sp_graph *g = NULL;
    ASSERT_EQ_INT(sp_graph_build(b, &g), SP_OK);
    sp_graph_builder_free(b);
    sp_access *a = make_access(g, SP_SNAP_EDGE);
    sp_search *ws = sp_search_new(g);
    ASSERT(a && ws);
    sp_catchment_opts o = cat_opts(a);
    double max_s = 600;
    sp_snap site = snap_node(g, s);
    ASSERT(search_site(ws, g, &site, max_s));
    ASSERT(!(sp_search_dist(ws, u) <= max_s) && sp_search_dist(ws, v) <= max_s);
    sp_isogrid *ig = sp_isogrid_new(&o, NULL);
    ASSERT(ig);
    ASSERT(sp_isogrid_burn(ig, g, ws, &site, max_s) == SP_OK);
    long n_fin = 0;
    ASSERT_EQ_INT(check_cells(ig, &o, g, ws, &site, max_s, 3, &n_fin), 0);
    int64_t col0, top;
    int nx, ny;
    ASSERT(sp_isogrid_cells(ig, &col0, &top, &nx, &ny));
    ASSERT((double)top * o.cell_m > 5000); /* up the oneway, far beyond the walk */
    ASSERT(n_fin > 1000);
    sp_isogrid_free(ig);
    sp_search_free(ws);
    sp_access_free(a);
    sp_graph_free(g);
}

/* Extent of a polygon. */
static void extent(const GEOSGeometry *p, double *xmin, double *xmax, double *ymax)
{
    *xmin = *xmax = *ymax = NAN;
    GEOSGeom_getXMin_r(G, p, xmin);
    GEOSGeom_getXMax_r(G, p, xmax);
    GEOSGeom_getYMax_r(G, p, ymax);
}

/* One straight 5 km link along the x axis, forwards (eastwards) at walking
 * speed, backwards half as fast; 10 m cells, so the cells of row 0 have
 * their centres 5 m (3.6 s) off the road.  Where the polygons end, by hand. */
TEST(straight_road_ends_at_reach)
{
    sp_graph_builder *b = sp_graph_builder_new();
    sp_graph_builder_add_node(b, 0, 0);
    sp_graph_builder_add_node(b, 5000, 0);
    double xy[4] = {0, 0, 5000, 0};
    ASSERT(sp_graph_builder_add_link(b, 0, 1, xy, 2, 5000 / WALK, 2 * 5000 / WALK, 0) >= 0);
    sp_graph *g = NULL;
    ASSERT(sp_graph_build(b, &g) == SP_OK);
    sp_graph_builder_free(b);
    sp_access *a = make_access(g, SP_SNAP_EDGE);
    ASSERT(a);
    sp_search *ws = sp_search_new(g);
    sp_catchment_opts o = cat_opts(a);
    o.cell_m = 10;
    sp_isogrid *ig = sp_isogrid_new(&o, NULL);
    ASSERT(ig);
    double lim[3] = {300, 600, 900};
    double half = 3.6; /* the walk from a row-0 centre to the road */

    /* Node site at x = 0: east of it, workers walk back westwards at WALK / 2;
     * west of it they walk straight to the node (a circle). */
    sp_snap site = snap_node(g, 0);
    ASSERT(search_site(ws, g, &site, lim[2]));
    ASSERT(sp_isogrid_burn(ig, g, ws, &site, lim[2]) == SP_OK);
    GEOSGeometry *p[3];
    ASSERT(sp_isogrid_polygons(ig, G, lim, 3, p) == SP_OK);
    for (int i = 0; i < 3; i++) {
        double xmin, xmax, ymax;
        extent(p[i], &xmin, &xmax, &ymax);
        ASSERT_NEAR(xmax, (lim[i] - half) * WALK / 2, o.cell_m);
        ASSERT_NEAR(xmin, -fmin(o.max_snap_m, lim[i] * WALK), o.cell_m);
        ASSERT_EQ_INT(GEOSisValid_r(G, p[i]), 1);
    }
    destroy_all(p, 3);

    /* Mid-link site at x = 2000 with a 50 m off-road leg (36 s). */
    site = snap_link(g, 0, 2000, 50);
    ASSERT(search_site(ws, g, &site, lim[2]));
    sp_isogrid_reset(ig);
    ASSERT(sp_isogrid_burn(ig, g, ws, &site, lim[2]) == SP_OK);
    ASSERT(sp_isogrid_polygons(ig, G, lim, 3, p) == SP_OK);
    for (int i = 0; i < 3; i++) {
        double left = 2000 - (lim[i] - site.offroad_s - half) * WALK;
        double right = 2000 + (lim[i] - site.offroad_s - half) * WALK / 2;
        /* beside the site: the off-road legs alone, up to max_snap_m */
        double up = fmin(o.max_snap_m, (lim[i] - site.offroad_s) * WALK);
        double xmin, xmax, ymax;
        extent(p[i], &xmin, &xmax, &ymax);
        ASSERT_NEAR(xmin, left, o.cell_m);
        ASSERT_NEAR(xmax, right, o.cell_m);
        ASSERT_NEAR(ymax, up, o.cell_m);
    }
    destroy_all(p, 3);

    /* A limit below the site's own off-road leg reaches nothing. */
    sp_isogrid_reset(ig);
    ASSERT(sp_isogrid_burn(ig, g, ws, &site, 30) == SP_OK);
    int64_t c0, top;
    int nx, ny;
    const float *t = sp_isogrid_cells(ig, &c0, &top, &nx, &ny);
    for (size_t i = 0; t && i < (size_t)nx * (size_t)ny; i++)
        ASSERT(t[i] == INFINITY);
    double l30 = 30;
    ASSERT(sp_isogrid_polygons(ig, G, &l30, 1, p) == SP_OK);
    ASSERT_EQ_INT(GEOSisEmpty_r(G, p[0]), 1);
    ASSERT_EQ_INT(GEOSGeomTypeId_r(G, p[0]), GEOS_MULTIPOLYGON);
    ASSERT_EQ_INT(GEOSisValid_r(G, p[0]), 1);
    destroy_all(p, 1);

    sp_isogrid_free(ig);
    sp_search_free(ws);
    sp_access_free(a);
    sp_graph_free(g);
}

/* Contract 3: one cluster at the centre of every cell of the grid, its
 * access snaps from sp_access_point(), built into a sp_demand: the coverage
 * step (sp_demand_site_row) counts it within T exactly when its cell is <= T
 * and when the polygon for T contains its centre. */
TEST(counts_agree_with_cells)
{
    sp_graph *g = town();
    ASSERT(g);
    sp_search *ws = sp_search_new(g);
    for (int rule = 0; rule < 2; rule++) {
        sp_access *a = make_access(g, rule == 0 ? SP_SNAP_EDGE : SP_SNAP_NODE);
        ASSERT(a);
        sp_catchment_opts o = cat_opts(a);
        o.max_snap_m = 300;
        sp_isogrid *ig = sp_isogrid_new(&o, NULL);
        ASSERT(ig);
        sp_snap site = rule == 0 ? snap_link(g, 7, 73.5, 35) : snap_node(g, 14);
        const double lim[3] = {300, 600, 900};
        ASSERT(search_site(ws, g, &site, lim[2]));
        ASSERT(sp_isogrid_burn(ig, g, ws, &site, lim[2]) == SP_OK);
        int64_t col0, top;
        int nx, ny;
        const float *t = sp_isogrid_cells(ig, &col0, &top, &nx, &ny);
        ASSERT(t);
        size_t n = (size_t)nx * (size_t)ny;
        double *w = malloc(n * sizeof *w);
        sp_snap *snap = malloc(n * sizeof *snap);
        sp_snap *alt = malloc(n * SP_ACCESS_MAX * sizeof *alt);
        uint8_t *nalt = malloc(n);
        double *cx = malloc(n * sizeof *cx), *cy = malloc(n * sizeof *cy);
        ASSERT(w && snap && alt && nalt && cx && cy);
        for (size_t k = 0; k < n; k++) {
            int r = (int)(k / (size_t)nx), c = (int)(k % (size_t)nx);
            cell_centre(o.cell_m, col0 + c, top - r, &cx[k], &cy[k]);
            w[k] = 1;
            int m = sp_access_point(a, cx[k], cy[k], o.max_snap_m, o.walk_kmh,
                                    alt + k * SP_ACCESS_MAX);
            nalt[k] = (uint8_t)m;
            snap[k] = m ? alt[k * SP_ACCESS_MAX] : (sp_snap){.link = -1, .node = -1};
        }
        sp_demand *d = NULL;
        ASSERT(sp_demand_new_access(g, (int32_t)n, w, snap, alt, nalt, &d) == SP_OK);
        sp_demand_scratch *sc = sp_demand_scratch_new(d);
        int32_t *pt = malloc(n * sizeof *pt);
        float *secs = malloc(n * sizeof *secs);
        uint8_t *in = malloc(n);
        ASSERT(sc && pt && secs && in);
        GEOSGeometry *p[3];
        ASSERT(sp_isogrid_polygons(ig, G, lim, 3, p) == SP_OK);
        long n_border = 0;
        for (int i = 0; i < 3; i++) {
            memset(in, 0, n);
            size_t nr = sp_demand_site_row(d, g, ws, &site, lim[i], sc, pt, secs);
            for (size_t j = 0; j < nr; j++)
                in[pt[j]] = 1;
            const GEOSPreparedGeometry *pp = GEOSPrepare_r(G, p[i]);
            ASSERT(pp);
            long bad = 0, n_in = 0;
            for (size_t k = 0; k < n; k++) {
                double tk = sp_demand_point_time(d, g, ws, &site, (int32_t)k);
                if (fabs(tk - lim[i]) < CELL_TOL_S) {
                    n_border++; /* within the float precision of the entries */
                    continue;
                }
                int drawn = (double)t[k] <= lim[i];
                int inside = covers_xy(pp, cx[k], cy[k]);
                int counted = sp_covers((float)tk, lim[i]);
                n_in += counted;
                if ((drawn != in[k] || inside != in[k] || counted != in[k]) && bad++ < 3)
                    fprintf(stderr,
                            "  rule %d T %g: cluster at (%.1f, %.1f) time %.4f: counted %d, "
                            "cell %.4f, in the polygon %d\n",
                            rule, lim[i], cx[k], cy[k], tk, in[k], (double)t[k], inside);
            }
            GEOSPreparedGeom_destroy_r(G, pp);
            ASSERT_EQ_INT(bad, 0);
            ASSERT(n_in > 200);
            ASSERT(n_in < (long)n);
        }
        ASSERT(n_border < 3);
        destroy_all(p, 3);
        free(in);
        free(secs);
        free(pt);
        sp_demand_scratch_free(sc);
        sp_demand_free(d);
        free(cx);
        free(cy);
        free(nalt);
        free(alt);
        free(snap);
        free(w);
        sp_isogrid_free(ig);
        sp_access_free(a);
    }
    sp_search_free(ws);
    sp_graph_free(g);
}

/* The example: a fast road (10 m/s) along y = 0 from a node site at
 * the origin, a slow path (walking) along y = 100 joined to it at x = 0.  A
 * point at (1010, 70) is 30 m from the slow path and 70 m from the fast road:
 * its time is the fast road's total (50.4 s walk + 101 s drive), not the
 * nearest road's (21.6 + 727.2 + 72 s), both as a cluster and as the cell
 * it is the centre of, which is drawn at 5 minutes. */
TEST(slow_near_fast_far)
{
    sp_graph_builder *b = sp_graph_builder_new();
    double nxy[8] = {0, 0, 2000, 0, 0, 100, 2000, 100};
    for (int i = 0; i < 4; i++)
        sp_graph_builder_add_node(b, nxy[2 * i], nxy[2 * i + 1]);
    ASSERT(add_straight(b, nxy, 0, 1, 10) >= 0);   /* fast */
    ASSERT(add_straight(b, nxy, 2, 3, WALK) >= 0); /* slow */
    ASSERT(add_straight(b, nxy, 0, 2, WALK) >= 0); /* the join */
    sp_graph *g = NULL;
    ASSERT(sp_graph_build(b, &g) == SP_OK);
    sp_graph_builder_free(b);
    sp_access *a = make_access(g, SP_SNAP_EDGE);
    ASSERT(a);
    sp_catchment_opts o = cat_opts(a);
    sp_search *ws = sp_search_new(g);
    sp_snap site = snap_node(g, 0);
    double T = 300;
    ASSERT(search_site(ws, g, &site, 900));

    double px = 1010, py = 70; /* the centre of cell (50, 3) */
    double fast = 70 / WALK + 1010 / 10.0;
    double slow = 30 / WALK + 1010 / WALK + 100 / WALK;
    sp_snap alt[SP_ACCESS_MAX];
    uint8_t nalt = (uint8_t)sp_access_point(a, px, py, o.max_snap_m, o.walk_kmh, alt);
    ASSERT_EQ_INT(nalt, 2);
    ASSERT_EQ_INT(alt[0].link, 1); /* the nearest is the slow path */
    ASSERT_NEAR(sp_reach_time(g, ws, &site, &alt[0]), slow, 1e-6);
    double w = 1;
    sp_demand *d = NULL;
    ASSERT(sp_demand_new_access(g, 1, &w, &alt[0], alt, &nalt, &d) == SP_OK);
    double tc = sp_demand_point_time(d, g, ws, &site, 0);
    ASSERT_NEAR(tc, fast, 1e-6);
    ASSERT(sp_covers((float)tc, T));

    sp_isogrid *ig = sp_isogrid_new(&o, NULL);
    ASSERT(ig);
    ASSERT(sp_isogrid_burn(ig, g, ws, &site, 900) == SP_OK);
    int64_t col0, top;
    int nx, ny;
    const float *t = sp_isogrid_cells(ig, &col0, &top, &nx, &ny);
    ASSERT(t);
    ASSERT(50 >= col0 && 50 < col0 + nx && 3 <= top && 3 > top - ny);
    float cell = t[(size_t)(top - 3) * (size_t)nx + (size_t)(50 - col0)];
    ASSERT_NEAR(cell, fast, CELL_TOL_S);
    GEOSGeometry *p;
    ASSERT(sp_isogrid_polygons(ig, G, &T, 1, &p) == SP_OK);
    const GEOSPreparedGeometry *pp = GEOSPrepare_r(G, p);
    ASSERT(covers_xy(pp, px, py));
    GEOSPreparedGeom_destroy_r(G, pp);
    GEOSGeom_destroy_r(G, p);
    sp_isogrid_free(ig);
    sp_demand_free(d);
    sp_search_free(ws);
    sp_access_free(a);
    sp_graph_free(g);
}

/* The time of lattice cell (col, row) in a grid; INFINITY outside it. */
static float cell_at(const float *t, int64_t col0, int64_t top, int nx, int ny, int64_t col,
                     int64_t row)
{
    if (!t || col < col0 || col >= col0 + nx || row > top || row <= top - ny)
        return INFINITY;
    return t[(size_t)(top - row) * (size_t)nx + (size_t)(col - col0)];
}

/* Burning several sites gives the cellwise minimum of the single grids (and
 * burning one again changes nothing); the union polygon is exactly the
 * union of the single-site polygons.  The later sites grow the union grid
 * to the left and down, so its earlier cells move. */
#define NU 3
TEST(sites_cellwise_minimum)
{
    sp_graph *g = town();
    sp_access *a = make_access(g, SP_SNAP_EDGE);
    ASSERT(g && a);
    sp_search *ws = sp_search_new(g);
    sp_catchment_opts o = cat_opts(a);
    o.max_snap_m = 200;
    sp_isogrid *ig[NU + 1];
    for (int k = 0; k <= NU; k++) {
        ig[k] = sp_isogrid_new(&o, NULL);
        ASSERT(ig[k]);
    }
    sp_isogrid *all = ig[NU];
    const double lim[2] = {240, 480};
    sp_snap sites[NU] = {snap_node(g, 35), snap_link(g, 7, 100, 20), snap_node(g, 0)};
    GEOSGeometry *single[NU][2];
    for (int k = 0; k < NU; k++) {
        ASSERT(search_site(ws, g, &sites[k], lim[1]));
        ASSERT(sp_isogrid_burn(ig[k], g, ws, &sites[k], lim[1]) == SP_OK);
        ASSERT(sp_isogrid_burn(all, g, ws, &sites[k], lim[1]) == SP_OK);
        if (k == 1) /* the same site again */
            ASSERT(sp_isogrid_burn(all, g, ws, &sites[k], lim[1]) == SP_OK);
        ASSERT(sp_isogrid_polygons(ig[k], G, lim, 2, single[k]) == SP_OK);
    }
    int64_t c0[NU + 1], top[NU + 1];
    int nx[NU + 1], ny[NU + 1];
    const float *t[NU + 1];
    for (int k = 0; k <= NU; k++) {
        t[k] = sp_isogrid_cells(ig[k], &c0[k], &top[k], &nx[k], &ny[k]);
        ASSERT(t[k]);
    }
    /* the union grid grew to the left and down after its first burn */
    ASSERT(c0[NU] < c0[0] && top[NU] - ny[NU] < top[0] - ny[0]);
    for (int k = 0; k < NU; k++) /* every finite single cell is in the union grid */
        for (int64_t r = 0; r < ny[k]; r++)
            for (int64_t c = 0; c < nx[k]; c++)
                if (t[k][r * nx[k] + c] != INFINITY)
                    ASSERT(cell_at(t[NU], c0[NU], top[NU], nx[NU], ny[NU], c0[k] + c,
                                   top[k] - r) != INFINITY);
    long n_both = 0, n_fin = 0;
    for (int64_t r = 0; r < ny[NU]; r++)
        for (int64_t c = 0; c < nx[NU]; c++) {
            int64_t col = c0[NU] + c, row = top[NU] - r;
            float m = INFINITY;
            int n_reach = 0;
            for (int k = 0; k < NU; k++) {
                float sk = cell_at(t[k], c0[k], top[k], nx[k], ny[k], col, row);
                m = fminf(m, sk);
                n_reach += sk != INFINITY;
            }
            float u = t[NU][r * nx[NU] + c];
            if (u != m)
                fprintf(stderr, "  cell %lld %lld: %.6f, least of the sites %.6f\n",
                        (long long)col, (long long)row, (double)u, (double)m);
            ASSERT(u == m);
            n_fin += u != INFINITY;
            n_both += n_reach > 1;
        }
    ASSERT(n_fin > 1000);
    ASSERT(n_both > 100); /* they overlap */
    GEOSGeometry *u[2];
    ASSERT(sp_isogrid_polygons(all, G, lim, 2, u) == SP_OK);
    for (int i = 0; i < 2; i++) {
        ASSERT_EQ_INT(GEOSisValid_r(G, u[i]), 1);
        GEOSGeometry *both = GEOSGeom_clone_r(G, single[0][i]);
        double sum = poly_area(single[0][i]);
        for (int k = 0; k < NU; k++) {
            ASSERT_EQ_INT(GEOSCovers_r(G, u[i], single[k][i]), 1);
            ASSERT_NEAR(area_outside(single[k][i], u[i]), 0, 1e-6);
            if (k > 0) {
                GEOSGeometry *nb = GEOSUnion_r(G, both, single[k][i]);
                GEOSGeom_destroy_r(G, both);
                both = nb;
                ASSERT(both);
                sum += poly_area(single[k][i]);
            }
        }
        ASSERT_NEAR(area_outside(u[i], both), 0, 1e-6);
        ASSERT_NEAR(poly_area(u[i]), poly_area(both), 1e-6);
        GEOSGeom_destroy_r(G, both);
        if (i == 1)
            ASSERT(poly_area(u[i]) < sum - 1); /* the overlap counted once */
    }
    destroy_all(u, 2);
    for (int k = 0; k < NU; k++)
        destroy_all(single[k], 2);
    for (int k = 0; k <= NU; k++)
        sp_isogrid_free(ig[k]);
    sp_search_free(ws);
    sp_access_free(a);
    sp_graph_free(g);
}

/* One search seeded from every site, burnt with sp_isogrid_burn_sites,
 * gives cell for cell the same times as burning each site's own search
 * (the union of their catchments), also where two sites share a link (the
 * straight way along it to either) and with an unsnapped site among them;
 * under both access rules; with the default cells and with 3 m cells, whose
 * 192 m tiles are smaller than the 200 m reach of the access rule (the
 * union takes only the tiles within that reach of a reached link). */
#define NM 5
TEST(one_search_all_sites)
{
    sp_graph *g = town();
    ASSERT(g);
    for (int rule = 0; rule < 4; rule++) {
        sp_access *a = make_access(g, rule % 2 ? SP_SNAP_NODE : SP_SNAP_EDGE);
        ASSERT(a);
        sp_search *ws = sp_search_new(g);
        sp_catchment_opts o = cat_opts(a);
        o.max_snap_m = 200;
        if (rule >= 2)
            o.cell_m = 3;
        sp_isogrid *each = sp_isogrid_new(&o, NULL), *one = sp_isogrid_new(&o, NULL);
        ASSERT(ws && each && one);
        const double lim = 300;
        sp_snap none = {.link = -1, .node = -1};
        sp_snap sites[NM] = {snap_link(g, 7, 100, 20), snap_node(g, 35), none,
                             snap_link(g, 7, 30, 0), snap_node(g, 0)};
        if (rule % 2) /* node rule: every site at a node */
            sites[0] = snap_node(g, g->links[7].from), sites[3] = snap_node(g, g->links[7].to);
        sp_seed seeds[2 * NM];
        size_t ns = 0;
        for (int k = 0; k < NM; k++) {
            if (!sp_snap_ok(&sites[k]))
                continue;
            ASSERT(search_site(ws, g, &sites[k], lim));
            ASSERT(sp_isogrid_burn(each, g, ws, &sites[k], lim) == SP_OK);
            ns += sp_reach_site_seeds(g, &sites[k], seeds + ns);
        }
        ASSERT(sp_search_run(ws, g, SP_REVERSE, seeds, ns, lim) == SP_OK);
        ASSERT(sp_isogrid_burn_sites(one, g, ws, sites, NM, lim, rule % 2 ? 1 : 3, NULL) == SP_OK);
        int64_t c0[2], top[2];
        int nx[2], ny[2];
        const float *t0 = sp_isogrid_cells(each, &c0[0], &top[0], &nx[0], &ny[0]);
        const float *t1 = sp_isogrid_cells(one, &c0[1], &top[1], &nx[1], &ny[1]);
        ASSERT(t0 && t1);
        long n_fin = 0, n_diff = 0;
        for (int k = 0; k < 2; k++) /* every cell of either grid, in both */
            for (int64_t r = 0; r < ny[k]; r++)
                for (int64_t c = 0; c < nx[k]; c++) {
                    int64_t col = c0[k] + c, row = top[k] - r;
                    float x = cell_at(t0, c0[0], top[0], nx[0], ny[0], col, row);
                    float y = cell_at(t1, c0[1], top[1], nx[1], ny[1], col, row);
                    if (x != y && n_diff++ < 5)
                        fprintf(stderr, "  rule %d cell %lld %lld: %.6f by site, %.6f in one\n",
                                rule, (long long)col, (long long)row, (double)x, (double)y);
                    n_fin += k == 0 && x != INFINITY;
                }
        ASSERT_EQ_INT(n_diff, 0);
        ASSERT(n_fin > 1000);
        /* and the same polygon */
        GEOSGeometry *pe, *po;
        ASSERT(sp_isogrid_polygons(each, G, &lim, 1, &pe) == SP_OK);
        ASSERT(sp_isogrid_polygons(one, G, &lim, 1, &po) == SP_OK);
        ASSERT_EQ_INT(GEOSEquals_r(G, pe, po), 1);
        destroy_all(&pe, 1);
        destroy_all(&po, 1);
        sp_isogrid_free(each);
        sp_isogrid_free(one);
        sp_search_free(ws);
        sp_access_free(a);
    }
    sp_graph_free(g);
}

/* Contract 4: grids sharing one cell access table (burnt from two threads
 * at once) equal grids with their own table. */
typedef struct {
    const sp_graph *g;
    sp_isogrid *ig;
    sp_snap site[3];
    double max_s;
    int ok;
} burn_job;

static void *burn_thread(void *p)
{
    burn_job *j = p;
    sp_search *ws = sp_search_new(j->g);
    j->ok = ws != NULL;
    for (int k = 0; k < 3 && j->ok; k++)
        j->ok = search_site(ws, j->g, &j->site[k], j->max_s) &&
                sp_isogrid_burn(j->ig, j->g, ws, &j->site[k], j->max_s) == SP_OK;
    sp_search_free(ws);
    return NULL;
}

static int same_grid(const sp_isogrid *x, const sp_isogrid *y)
{
    int64_t c0[2], top[2];
    int nx[2], ny[2];
    const float *a = sp_isogrid_cells(x, &c0[0], &top[0], &nx[0], &ny[0]);
    const float *b = sp_isogrid_cells(y, &c0[1], &top[1], &nx[1], &ny[1]);
    return a && b && c0[0] == c0[1] && top[0] == top[1] && nx[0] == nx[1] &&
           ny[0] == ny[1] && memcmp(a, b, (size_t)nx[0] * (size_t)ny[0] * sizeof *a) == 0;
}

TEST(shared_cell_table)
{
    sp_graph *g = town();
    ASSERT(g);
    for (int rule = 0; rule < 2; rule++) {
        sp_access *a = make_access(g, rule == 0 ? SP_SNAP_EDGE : SP_SNAP_NODE);
        ASSERT(a);
        sp_catchment_opts o = cat_opts(a);
        o.max_snap_m = 250;
        sp_cellaccess *ca = sp_cellaccess_new(a, o.cell_m, o.max_snap_m, o.walk_kmh);
        ASSERT(ca);
        burn_job job[2] = {
            {g, sp_isogrid_new(&o, ca), {snap_node(g, 0), snap_link(g, 7, 73.5, 35),
                                        snap_link(g, g->n_links - 1, 150, 10)}, 600, 0},
            {g, sp_isogrid_new(&o, ca), {snap_node(g, 35), snap_link(g, 40, 20, 0),
                                        snap_link(g, g->n_links - 2, 60, 15)}, 700, 0},
        };
        ASSERT(job[0].ig && job[1].ig);
        pthread_t th[2];
        for (int i = 0; i < 2; i++)
            ASSERT(pthread_create(&th[i], NULL, burn_thread, &job[i]) == 0);
        for (int i = 0; i < 2; i++)
            pthread_join(th[i], NULL);
        ASSERT(job[0].ok && job[1].ok);
        int64_t tiles = sp_cellaccess_n_tiles(ca);
        ASSERT(tiles > 0);
        for (int i = 0; i < 2; i++) {
            burn_job own = job[i];
            own.ig = sp_isogrid_new(&o, NULL);
            ASSERT(own.ig);
            burn_thread(&own);
            ASSERT(own.ok);
            ASSERT(same_grid(job[i].ig, own.ig));
            /* the same again on the shared table, now filled: no new tiles */
            sp_isogrid_reset(job[i].ig);
            burn_thread(&job[i]);
            ASSERT(job[i].ok);
            ASSERT(same_grid(job[i].ig, own.ig));
            sp_isogrid_free(own.ig);
        }
        ASSERT_EQ_INT(sp_cellaccess_n_tiles(ca), tiles);
        sp_isogrid_free(job[0].ig);
        sp_isogrid_free(job[1].ig);
        sp_cellaccess_free(ca);
        sp_access_free(a);
    }
    sp_graph_free(g);
}

int main(void)
{
    fixture_init();

    RUN(defaults_and_bad_options);
    RUN(cells_follow_access_rule);
    RUN(straight_road_ends_at_reach);
    RUN(fast_oneway_reached_at_its_head);
    RUN(counts_agree_with_cells);
    RUN(slow_near_fast_far);
    RUN(sites_cellwise_minimum);
    RUN(one_search_all_sites);
    RUN(shared_cell_table);

    fixture_finish();
    return test_summary("catchment_cover");
}
