/* test_catchment.c — catchment polygons: validity, coverage of the reached
 * network, nesting, holes, partial links, determinism, unions.
 *
 * Set SP_CATCHMENT_BENCH=1 to also time a 220 x 220 street grid of 100 m
 * blocks with 117 sites (walking 30 minutes), as the default scenario does;
 * SP_CATCHMENT_BENCH=200 uses 200 m blocks (a hole in every block). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gdal.h>
#include <geos_c.h>

#include "catchment.h"
#include "graph.h"
#include "reach.h"
#include "search.h"
#include "test.h"

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

/* The inside end (time <= T) of the boundary between positions a (reached
 * iff ra) and b on link l, found by bisection on sp_reach_time_on_link. */
static double reach_end(const sp_graph *g, const sp_search *ws, const sp_snap *site,
                        int32_t l, double T, double a, double b, int ra)
{
    double in = ra ? a : b, out = ra ? b : a;
    for (int i = 0; i < 60 && fabs(in - out) > 1e-9; i++) {
        double m = (in + out) / 2;
        if (sp_reach_time_on_link(g, ws, site, l, m) <= T)
            in = m;
        else
            out = m;
    }
    return in;
}

static int covers_xy(const GEOSPreparedGeometry *pp, double x, double y)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(G, x, y);
    char c = GEOSPreparedCovers_r(G, pp, pt);
    GEOSGeom_destroy_r(G, pt);
    return c == 1;
}

/* Count the reached network points (1 m steps on every link, and the exact
 * ends of the reached parts, time <= T) that the polygon does not cover;
 * *n_reached gets how many were tested. */
static long uncovered_points(const sp_graph *g, const sp_search *ws,
                             const sp_snap *site, double T,
                             const GEOSGeometry *poly, long *n_reached)
{
    const GEOSPreparedGeometry *pp = GEOSPrepare_r(G, poly);
    if (!pp)
        return -1;
    long bad = 0, n = 0;
    for (int32_t l = 0; l < g->n_links; l++) {
        double L = g->links[l].length_m;
        long steps = (long)floor(L);
        double prev_s = 0;
        int prev_in = -1;
        for (long i = 0; i <= steps + 1; i++) {
            double s = i <= steps ? (double)i : L;
            int in = sp_reach_time_on_link(g, ws, site, l, s) <= T;
            double test_s[2];
            int nt = 0;
            if (in)
                test_s[nt++] = s;
            if (prev_in >= 0 && in != prev_in)
                test_s[nt++] = reach_end(g, ws, site, l, T, prev_s, s, prev_in);
            prev_s = s;
            prev_in = in;
            for (int k = 0; k < nt; k++) {
                double x, y;
                link_point(g, l, test_s[k], &x, &y);
                n++;
                if (covers_xy(pp, x, y))
                    continue;
                if (bad++ < 3)
                    fprintf(stderr,
                            "  not covered (T %g): link %d s %.3f (%.2f, %.2f) t %.3f\n",
                            T, (int)l, test_s[k], x, y,
                            sp_reach_time_on_link(g, ws, site, l, test_s[k]));
            }
        }
    }
    /* The polyline vertices, exactly. */
    for (int32_t l = 0; l < g->n_links; l++) {
        const sp_link *k = &g->links[l];
        const double *xy = g->geom_xy + 2 * (size_t)k->geom_off;
        double s = 0;
        for (uint32_t i = 0; i < k->geom_len; i++) {
            if (i > 0)
                s += hypot(xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]);
            if (!(sp_reach_time_on_link(g, ws, site, l, s) <= T))
                continue;
            n++;
            if (!covers_xy(pp, xy[2 * i], xy[2 * i + 1]) && bad++ < 3)
                fprintf(stderr, "  vertex not covered (T %g): link %d vertex %u\n", T,
                        (int)l, (unsigned)i);
        }
    }
    GEOSPreparedGeom_destroy_r(G, pp);
    *n_reached = n;
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

/* ------------------------------------------------------------------------ */
/* Tests                                                                    */

TEST(defaults_and_bad_options)
{
    sp_catchment_opts o;
    sp_catchment_opts_default(&o);
    ASSERT_NEAR(o.cell_m, 20, 0);
    ASSERT_NEAR(o.band_m, 60, 0);
    ASSERT_NEAR(o.spacing_m, 10, 0);
    sp_catchment_opts bad = o;
    bad.cell_m = 0;
    sp_error_clear();
    ASSERT(sp_isogrid_new(&bad) == NULL);
    ASSERT_CONTAINS(sp_error_message(), "cell_m");
    sp_error_clear();
    sp_isogrid_free(NULL);
}

/* Validity, non-emptiness, coverage of every reached point, nesting: for a
 * mid-link site with an off-road leg, a site on the oneway, a site on the
 * bent link and a node site; with the tightest band the guarantee allows and
 * with the defaults. */
TEST(town_coverage_and_nesting)
{
    sp_graph *g = town();
    ASSERT(g);
    sp_search *ws = sp_search_new(g);
    ASSERT(ws);
    const double limits[3] = {300, 600, 900};
    sp_snap sites[4];
    sites[0] = snap_link(g, 7, 73.5, 35);           /* mid-link, off-road */
    sites[1] = snap_link(g, g->n_links - 2, 120, 5); /* on the oneway */
    sites[2] = snap_link(g, g->n_links - 3, 180, 0); /* on the bent link */
    sites[3] = snap_node(g, 20);
    for (int variant = 0; variant < 2; variant++) {
        sp_catchment_opts o;
        sp_catchment_opts_default(&o);
        if (variant == 0) /* the tightest band covered by the guarantee */
            o.band_m = o.spacing_m / 2 + o.cell_m * sqrt(2) / 2 + 1e-6;
        sp_isogrid *ig = sp_isogrid_new(&o);
        ASSERT(ig);
        ASSERT(sp_isogrid_set_levels(ig, limits, 3) == SP_OK);
        for (int k = 0; k < 4; k++) {
            ASSERT(search_site(ws, g, &sites[k], limits[2]));
            sp_isogrid_reset(ig);
            ASSERT(sp_isogrid_burn(ig, g, ws, &sites[k], limits[2]) == SP_OK);
            ASSERT(sp_isogrid_n_samples(ig) > 0);
            const double *smp = sp_isogrid_samples(ig);
            for (size_t i = 0; i < sp_isogrid_n_samples(ig); i++)
                ASSERT(smp[3 * i + 2] <= limits[2]);
            GEOSGeometry *p[3];
            ASSERT(sp_isogrid_polygons(ig, G, limits, 3, p) == SP_OK);
            for (int i = 0; i < 3; i++) {
                ASSERT_EQ_INT(GEOSGeomTypeId_r(G, p[i]), GEOS_MULTIPOLYGON);
                ASSERT_EQ_INT(GEOSisValid_r(G, p[i]), 1);
                ASSERT_EQ_INT(GEOSisEmpty_r(G, p[i]), 0);
                long n_reached = 0;
                long bad = uncovered_points(g, ws, &sites[k], limits[i], p[i],
                                            &n_reached);
                if (bad)
                    fprintf(stderr, "  variant %d site %d limit %g: %ld of %ld "
                                    "reached points outside\n",
                            variant, k, limits[i], bad, n_reached);
                ASSERT_EQ_INT(bad, 0);
                ASSERT(n_reached > 100);
                if (i > 0) {
                    ASSERT_EQ_INT(GEOSCovers_r(G, p[i], p[i - 1]), 1);
                    ASSERT(poly_area(p[i]) > poly_area(p[i - 1]));
                }
            }
            destroy_all(p, 3);
        }
        sp_isogrid_free(ig);
    }
    sp_search_free(ws);
    sp_graph_free(g);
}

/* A square ring road of 1 km sides, nothing inside: the hole stays. */
TEST(ring_road_keeps_hole)
{
    sp_graph_builder *b = sp_graph_builder_new();
    double c[8] = {0, 0, 1000, 0, 1000, 1000, 0, 1000};
    for (int i = 0; i < 4; i++)
        sp_graph_builder_add_node(b, c[2 * i], c[2 * i + 1]);
    for (int i = 0; i < 4; i++) {
        int j = (i + 1) % 4;
        double xy[6] = {c[2 * i], c[2 * i + 1], (c[2 * i] + c[2 * j]) / 2,
                        (c[2 * i + 1] + c[2 * j + 1]) / 2, c[2 * j], c[2 * j + 1]};
        ASSERT(sp_graph_builder_add_link(b, i, j, xy, 3, 1000 / WALK, 1000 / WALK,
                                         0) >= 0);
    }
    sp_graph *g = NULL;
    ASSERT(sp_graph_build(b, &g) == SP_OK);
    sp_graph_builder_free(b);
    sp_search *ws = sp_search_new(g);
    sp_catchment_opts o;
    sp_catchment_opts_default(&o);
    sp_isogrid *ig = sp_isogrid_new(&o);
    sp_snap site = snap_node(g, 0);
    double lim[2] = {1200, 1800}; /* the far corner is 2 km = 1440 s away */
    ASSERT(search_site(ws, g, &site, lim[1]));
    ASSERT(sp_isogrid_burn(ig, g, ws, &site, lim[1]) == SP_OK);
    GEOSGeometry *p[2];
    ASSERT(sp_isogrid_polygons(ig, G, lim, 2, p) == SP_OK);
    ASSERT_EQ_INT(GEOSisValid_r(G, p[1]), 1);
    ASSERT_EQ_INT(GEOSGetNumGeometries_r(G, p[1]), 1);
    const GEOSGeometry *part = GEOSGetGeometryN_r(G, p[1], 0);
    ASSERT_EQ_INT(GEOSGetNumInteriorRings_r(G, part), 1);
    /* The hole is the inside of the square less the band on each side. */
    double hole = 1000 - 2 * o.band_m;
    double want = (1000 + 2 * o.band_m) * (1000 + 2 * o.band_m) - hole * hole;
    ASSERT_NEAR(poly_area(p[1]), want, 4 * 1000 * o.cell_m);
    /* At 20 minutes the far corner is not reached: no hole, one piece. */
    ASSERT_EQ_INT(GEOSisValid_r(G, p[0]), 1);
    ASSERT_EQ_INT(GEOSGetNumInteriorRings_r(G, GEOSGetGeometryN_r(G, p[0], 0)), 0);
    ASSERT_EQ_INT(GEOSCovers_r(G, p[1], p[0]), 1);
    destroy_all(p, 2);
    /* An infinite threshold takes every reached cell and nothing more. */
    double lim_inf[2] = {1800, INFINITY};
    ASSERT(sp_isogrid_polygons(ig, G, lim_inf, 2, p) == SP_OK);
    ASSERT_NEAR(poly_area(p[1]), poly_area(p[0]), 1e-6);
    ASSERT_NEAR(poly_area(p[1]), want, 4 * 1000 * o.cell_m);
    destroy_all(p, 2);
    sp_isogrid_free(ig);
    sp_search_free(ws);
    sp_graph_free(g);
}

/* A hairpin whose bend lies just inside a cell corner, with its samples
 * 10 m down both arms: only the bend's own sample covers the bend. */
TEST(hairpin_vertex_covered)
{
    double px = 100.5, py = 100.5;
    double u1x = -1, u1y = -0.8, u2x = -0.8, u2y = -1;
    double n1 = hypot(u1x, u1y), n2 = hypot(u2x, u2y);
    double xy[6] = {px + 20 * u1x / n1, py + 20 * u1y / n1, px, py,
                    px + 20 * u2x / n2, py + 20 * u2y / n2};
    sp_graph_builder *b = sp_graph_builder_new();
    sp_graph_builder_add_node(b, xy[0], xy[1]);
    sp_graph_builder_add_node(b, xy[4], xy[5]);
    ASSERT(sp_graph_builder_add_link(b, 0, 1, xy, 3, 40 / WALK, 40 / WALK, 0) >= 0);
    sp_graph *g = NULL;
    ASSERT(sp_graph_build(b, &g) == SP_OK);
    sp_graph_builder_free(b);
    sp_search *ws = sp_search_new(g);
    sp_catchment_opts o;
    sp_catchment_opts_default(&o);
    o.band_m = o.spacing_m / 2 + o.cell_m * sqrt(2) / 2 + 1e-6;
    sp_isogrid *ig = sp_isogrid_new(&o);
    sp_snap site = snap_node(g, 0);
    double lim = 600;
    ASSERT(search_site(ws, g, &site, lim));
    ASSERT(sp_isogrid_burn(ig, g, ws, &site, lim) == SP_OK);
    GEOSGeometry *p;
    ASSERT(sp_isogrid_polygons(ig, G, &lim, 1, &p) == SP_OK);
    long nr = 0;
    ASSERT_EQ_INT(uncovered_points(g, ws, &site, lim, p, &nr), 0);
    ASSERT(nr >= 40);
    GEOSGeom_destroy_r(G, p);
    sp_isogrid_free(ig);
    sp_search_free(ws);
    sp_graph_free(g);
}

/* Extent of a polygon along x. */
static void x_extent(const GEOSGeometry *p, double *xmin, double *xmax)
{
    *xmin = *xmax = NAN;
    GEOSGeom_getXMin_r(G, p, xmin);
    GEOSGeom_getXMax_r(G, p, xmax);
}

/* One straight 5 km link along the x axis: the polygon ends where the reach
 * ends (plus the band), whatever the sample spacing. */
TEST(partial_link_ends_at_reach)
{
    sp_graph_builder *b = sp_graph_builder_new();
    sp_graph_builder_add_node(b, 0, 0);
    sp_graph_builder_add_node(b, 5000, 0);
    double xy[4] = {0, 0, 5000, 0};
    /* Forwards (west to east) at walking speed, backwards twice as slow. */
    ASSERT(sp_graph_builder_add_link(b, 0, 1, xy, 2, 5000 / WALK,
                                     2 * 5000 / WALK, 0) >= 0);
    sp_graph *g = NULL;
    ASSERT(sp_graph_build(b, &g) == SP_OK);
    sp_graph_builder_free(b);
    sp_search *ws = sp_search_new(g);
    sp_catchment_opts o = {.cell_m = 10, .band_m = 80, .spacing_m = 100};
    sp_isogrid *ig = sp_isogrid_new(&o);
    double lim[3] = {300, 600, 900};
    ASSERT(sp_isogrid_set_levels(ig, lim, 3) == SP_OK);

    /* Node site at x = 0: workers west of... none; east of it walk back
     * (westwards, the slow direction) at WALK / 2. */
    sp_snap site = snap_node(g, 0);
    ASSERT(search_site(ws, g, &site, lim[2]));
    ASSERT(sp_isogrid_burn(ig, g, ws, &site, lim[2]) == SP_OK);
    GEOSGeometry *p[3];
    ASSERT(sp_isogrid_polygons(ig, G, lim, 3, p) == SP_OK);
    for (int i = 0; i < 3; i++) {
        double reach = lim[i] * WALK / 2, xmin, xmax;
        x_extent(p[i], &xmin, &xmax);
        ASSERT_NEAR(xmax, reach + o.band_m, o.cell_m);
        ASSERT_NEAR(xmin, -o.band_m, o.cell_m);
        ASSERT_EQ_INT(GEOSisValid_r(G, p[i]), 1);
    }
    destroy_all(p, 3);

    /* Mid-link site at x = 2000 with a 50 m off-road leg (36 s): from the
     * west workers walk east at WALK, from the east west at WALK / 2. */
    site = snap_link(g, 0, 2000, 50);
    ASSERT(search_site(ws, g, &site, lim[2]));
    sp_isogrid_reset(ig);
    ASSERT(sp_isogrid_burn(ig, g, ws, &site, lim[2]) == SP_OK);
    ASSERT(sp_isogrid_polygons(ig, G, lim, 3, p) == SP_OK);
    for (int i = 0; i < 3; i++) {
        double left = 2000 - (lim[i] - site.offroad_s) * WALK;
        double right = 2000 + (lim[i] - site.offroad_s) * WALK / 2;
        double xmin, xmax;
        x_extent(p[i], &xmin, &xmax);
        ASSERT_NEAR(xmin, left - o.band_m, o.cell_m);
        ASSERT_NEAR(xmax, right + o.band_m, o.cell_m);
    }
    destroy_all(p, 3);

    /* Without the levels, max_s still ends exactly. */
    sp_isogrid_free(ig);
    ig = sp_isogrid_new(&o);
    ASSERT(sp_isogrid_burn(ig, g, ws, &site, lim[2]) == SP_OK);
    ASSERT(sp_isogrid_polygons(ig, G, lim + 2, 1, p) == SP_OK);
    {
        double xmin, xmax;
        x_extent(p[0], &xmin, &xmax);
        ASSERT_NEAR(xmin, 2000 - (lim[2] - site.offroad_s) * WALK - o.band_m, o.cell_m);
        ASSERT_NEAR(xmax, 2000 + (lim[2] - site.offroad_s) * WALK / 2 + o.band_m,
                    o.cell_m);
    }
    destroy_all(p, 1);

    /* A limit below the site's own off-road leg reaches nothing. */
    sp_isogrid_reset(ig);
    ASSERT(sp_isogrid_burn(ig, g, ws, &site, 30) == SP_OK);
    ASSERT_EQ_INT(sp_isogrid_n_samples(ig), 0);
    double l30 = 30;
    ASSERT(sp_isogrid_polygons(ig, G, &l30, 1, p) == SP_OK);
    ASSERT_EQ_INT(GEOSisEmpty_r(G, p[0]), 1);
    ASSERT_EQ_INT(GEOSGeomTypeId_r(G, p[0]), GEOS_MULTIPOLYGON);
    ASSERT_EQ_INT(GEOSisValid_r(G, p[0]), 1);
    destroy_all(p, 1);

    sp_isogrid_free(ig);
    sp_search_free(ws);
    sp_graph_free(g);
}

/* Each link is sampled once per burn: a triangle whose links all touch two
 * settled nodes gets vertices + evenly spaced points, nothing twice. */
TEST(each_link_sampled_once)
{
    sp_graph_builder *b = sp_graph_builder_new();
    double nxy[6] = {0, 0, 100, 0, 0, 55};
    for (int i = 0; i < 3; i++)
        sp_graph_builder_add_node(b, nxy[2 * i], nxy[2 * i + 1]);
    add_straight(b, nxy, 0, 1, WALK); /* 100 m: 10 parts */
    add_straight(b, nxy, 1, 2, WALK); /* 114.1 m: 12 parts */
    add_straight(b, nxy, 2, 0, WALK); /* 55 m: 6 parts */
    sp_graph *g = NULL;
    ASSERT(sp_graph_build(b, &g) == SP_OK);
    sp_graph_builder_free(b);
    sp_search *ws = sp_search_new(g);
    sp_catchment_opts o;
    sp_catchment_opts_default(&o);
    sp_isogrid *ig = sp_isogrid_new(&o);
    sp_snap site = snap_node(g, 0);
    ASSERT(search_site(ws, g, &site, 1000));
    ASSERT(sp_isogrid_burn(ig, g, ws, &site, 1000) == SP_OK);
    ASSERT_EQ_INT(sp_isogrid_n_samples(ig), (10 + 1) + (12 + 1) + (6 + 1));
    /* A second burn adds the same again (stamps are per burn). */
    ASSERT(sp_isogrid_burn(ig, g, ws, &site, 1000) == SP_OK);
    ASSERT_EQ_INT(sp_isogrid_n_samples(ig), 2 * 31);
    sp_isogrid_reset(ig);
    ASSERT_EQ_INT(sp_isogrid_n_samples(ig), 0);
    sp_isogrid_free(ig);
    sp_search_free(ws);
    sp_graph_free(g);
}

static unsigned char *to_wkb(const GEOSGeometry *p, size_t *n)
{
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(G);
    unsigned char *buf = GEOSWKBWriter_write_r(G, w, p, n);
    GEOSWKBWriter_destroy_r(G, w);
    return buf;
}

/* Same input, same bytes: a fresh isogrid and a reused one. */
TEST(deterministic_bytes)
{
    sp_graph *g = town();
    sp_search *ws = sp_search_new(g);
    sp_catchment_opts o;
    sp_catchment_opts_default(&o);
    const double lim[3] = {300, 600, 900};
    sp_snap site = snap_link(g, 12, 31.25, 12);
    unsigned char *first[3] = {0};
    size_t first_n[3] = {0};
    sp_isogrid *reused = sp_isogrid_new(&o);
    for (int run = 0; run < 3; run++) {
        sp_isogrid *ig = run == 0 ? sp_isogrid_new(&o) : reused;
        ASSERT(search_site(ws, g, &site, lim[2]));
        sp_isogrid_reset(ig);
        if (run == 2) { /* dirty the buffers with another, bigger burn first */
            sp_snap other = snap_node(g, 0);
            sp_search *ws2 = sp_search_new(g);
            search_site(ws2, g, &other, 2000);
            sp_isogrid_burn(ig, g, ws2, &other, 2000);
            GEOSGeometry *tmp;
            double l = 2000;
            sp_isogrid_polygons(ig, G, &l, 1, &tmp);
            GEOSGeom_destroy_r(G, tmp);
            sp_search_free(ws2);
            sp_isogrid_reset(ig);
        }
        ASSERT(sp_isogrid_burn(ig, g, ws, &site, lim[2]) == SP_OK);
        GEOSGeometry *p[3];
        ASSERT(sp_isogrid_polygons(ig, G, lim, 3, p) == SP_OK);
        for (int i = 0; i < 3; i++) {
            size_t n;
            unsigned char *w = to_wkb(p[i], &n);
            ASSERT(w);
            if (run == 0) {
                first[i] = w;
                first_n[i] = n;
            } else {
                ASSERT_EQ_INT(n, first_n[i]);
                ASSERT_EQ_INT(memcmp(w, first[i], n), 0);
                GEOSFree_r(G, w);
            }
        }
        destroy_all(p, 3);
        if (run == 0)
            sp_isogrid_free(ig);
    }
    for (int i = 0; i < 3; i++)
        GEOSFree_r(G, first[i]);
    sp_isogrid_free(reused);
    sp_search_free(ws);
    sp_graph_free(g);
}

/* Burning two sites gives the minimum of both: the union polygon is exactly
 * the union of the single-site polygons (the grids share one lattice). */
TEST(two_sites_union)
{
    sp_graph *g = town();
    sp_search *ws = sp_search_new(g);
    sp_catchment_opts o;
    sp_catchment_opts_default(&o);
    sp_isogrid *ig = sp_isogrid_new(&o);
    sp_isogrid *all = sp_isogrid_new(&o);
    const double lim[2] = {240, 480};
    sp_snap sites[2] = {snap_node(g, 0), snap_link(g, 50, 100, 20)};
    GEOSGeometry *single[2][2];
    for (int k = 0; k < 2; k++) {
        ASSERT(search_site(ws, g, &sites[k], lim[1]));
        sp_isogrid_reset(ig);
        ASSERT(sp_isogrid_burn(ig, g, ws, &sites[k], lim[1]) == SP_OK);
        ASSERT(sp_isogrid_burn(all, g, ws, &sites[k], lim[1]) == SP_OK);
        ASSERT(sp_isogrid_polygons(ig, G, lim, 2, single[k]) == SP_OK);
    }
    GEOSGeometry *u[2];
    ASSERT(sp_isogrid_polygons(all, G, lim, 2, u) == SP_OK);
    for (int i = 0; i < 2; i++) {
        ASSERT_EQ_INT(GEOSisValid_r(G, u[i]), 1);
        for (int k = 0; k < 2; k++) {
            ASSERT_EQ_INT(GEOSCovers_r(G, u[i], single[k][i]), 1);
            ASSERT_NEAR(area_outside(single[k][i], u[i]), 0, 1e-6);
        }
        GEOSGeometry *both = GEOSUnion_r(G, single[0][i], single[1][i]);
        ASSERT(both);
        ASSERT_NEAR(area_outside(u[i], both), 0, 1e-6);
        ASSERT_NEAR(poly_area(u[i]), poly_area(both), 1e-6);
        /* The two catchments are apart at 4 minutes and overlap at 8. */
        GEOSGeom_destroy_r(G, both);
    }
    ASSERT(poly_area(u[0]) < poly_area(single[0][0]) + poly_area(single[1][0]) + 1e-6);
    destroy_all(u, 2);
    destroy_all(single[0], 2);
    destroy_all(single[1], 2);
    sp_isogrid_free(ig);
    sp_isogrid_free(all);
    sp_search_free(ws);
    sp_graph_free(g);
}

/* xorshift, for reproducible random graphs */
static uint64_t rng_state = 88172645463325252ull;
static double rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

/* Jittered grids with random gaps, bent links and oneways, several cell
 * sizes: every polygon valid, covering its reached points, nesting. */
TEST(random_graphs_valid)
{
    for (int trial = 0; trial < 6; trial++) {
        int n = 9;
        sp_graph_builder *b = sp_graph_builder_new();
        double nxy[2 * 81];
        for (int i = 0; i < n * n; i++) {
            nxy[2 * i] = 500000 + 120 * (i % n) + 40 * (rnd() - 0.5);
            nxy[2 * i + 1] = 7000000 + 120 * (i / n) + 40 * (rnd() - 0.5);
            sp_graph_builder_add_node(b, nxy[2 * i], nxy[2 * i + 1]);
        }
        for (int i = 0; i < n * n; i++) {
            int nb[2] = {i % n + 1 < n ? i + 1 : -1, i / n + 1 < n ? i + n : -1};
            for (int k = 0; k < 2; k++) {
                if (nb[k] < 0 || rnd() < 0.15)
                    continue;
                int j = nb[k];
                double xy[6] = {nxy[2 * i], nxy[2 * i + 1],
                                (nxy[2 * i] + nxy[2 * j]) / 2 + 30 * (rnd() - 0.5),
                                (nxy[2 * i + 1] + nxy[2 * j + 1]) / 2 + 30 * (rnd() - 0.5),
                                nxy[2 * j], nxy[2 * j + 1]};
                double len = hypot(xy[2] - xy[0], xy[3] - xy[1]) +
                             hypot(xy[4] - xy[2], xy[5] - xy[3]);
                double sp = WALK * (0.5 + rnd());
                double r = rnd();
                double fwd = r < 0.1 ? INFINITY : len / sp;
                double bwd = r > 0.9 ? INFINITY : len / sp;
                sp_graph_builder_add_link(b, i, j, xy, 3, fwd, bwd, 0);
            }
        }
        sp_graph *g = NULL;
        ASSERT(sp_graph_build(b, &g) == SP_OK);
        sp_graph_builder_free(b);
        sp_search *ws = sp_search_new(g);
        sp_catchment_opts o;
        sp_catchment_opts_default(&o);
        o.cell_m = trial % 3 == 0 ? 20 : trial % 3 == 1 ? 7.5 : 33;
        o.band_m = o.spacing_m / 2 + o.cell_m * sqrt(2) / 2 + 0.01;
        if (trial >= 3)
            o.band_m = 2 * o.cell_m; /* a wider band */
        sp_isogrid *ig = sp_isogrid_new(&o);
        const double lim[3] = {180, 360, 540};
        ASSERT(sp_isogrid_set_levels(ig, lim, 3) == SP_OK);
        int32_t l = (int32_t)(rnd() * g->n_links);
        sp_snap site = snap_link(g, l, rnd() * g->links[l].length_m, 10 * rnd());
        ASSERT(search_site(ws, g, &site, lim[2]));
        ASSERT(sp_isogrid_burn(ig, g, ws, &site, lim[2]) == SP_OK);
        GEOSGeometry *p[3];
        ASSERT(sp_isogrid_polygons(ig, G, lim, 3, p) == SP_OK);
        for (int i = 0; i < 3; i++) {
            ASSERT_EQ_INT(GEOSisValid_r(G, p[i]), 1);
            long nr = 0;
            long bad = uncovered_points(g, ws, &site, lim[i], p[i], &nr);
            if (bad)
                fprintf(stderr, "  trial %d limit %g: %ld of %ld outside\n", trial,
                        lim[i], bad, nr);
            ASSERT_EQ_INT(bad, 0);
            if (nr > 0)
                ASSERT_EQ_INT(GEOSisEmpty_r(G, p[i]), 0);
            if (i > 0)
                ASSERT_NEAR(area_outside(p[i - 1], p[i]), 0, 1e-6);
        }
        destroy_all(p, 3);
        sp_isogrid_free(ig);
        sp_search_free(ws);
        sp_graph_free(g);
    }
}

/* The split validity check used for pieces with very many holes agrees with
 * GEOSisValid_r on valid pieces and on the kinds of invalidity it checks. */
TEST(split_validity_check)
{
    static const char *const cases[] = {
        /* valid: holes touching each other and the shell at points, an island
         * in a hole, a piece touching at a corner */
        "MULTIPOLYGON(((0 0,6 0,6 6,0 6,0 0),(1 1,2 1,2 2,1 2,1 1),"
        "(2 2,3 2,3 3,2 3,2 2),(4 3,6 3,5 4,4 3),(1 3.5,3 3.5,3 5.5,1 5.5,1 3.5)),"
        "((1.5 4,2.5 4,2.5 5,1.5 5,1.5 4)),((6 6,7 6,7 7,6 7,6 6)))",
        /* a hole outside its shell */
        "MULTIPOLYGON(((0 0,4 0,4 4,0 4,0 0),(5 1,6 1,6 2,5 2,5 1)))",
        /* overlapping holes */
        "MULTIPOLYGON(((0 0,6 0,6 6,0 6,0 0),(1 1,3 1,3 3,1 3,1 1),"
        "(2 2,4 2,4 4,2 4,2 2)))",
        /* a self-intersecting shell (bow tie) with a hole */
        "MULTIPOLYGON(((0 0,4 4,4 0,0 4,0 0),(3 1.5,3.5 1.5,3.5 2.5,3 2.5,3 1.5)))",
        /* a hole crossing the shell */
        "MULTIPOLYGON(((0 0,4 0,4 4,0 4,0 0),(3 1,5 1,5 2,3 2,3 1)))",
        /* a self-touching hole ring */
        "MULTIPOLYGON(((0 0,6 0,6 6,0 6,0 0),(1 1,3 1,3 3,2 3,2 2,3 2,3 3,1 3,1 1)))",
    };
    GEOSWKTReader *rd = GEOSWKTReader_create_r(G);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        GEOSGeometry *g = GEOSWKTReader_read_r(G, rd, cases[i]);
        ASSERT(g);
        char want = GEOSisValid_r(G, g);
        ASSERT_EQ_INT(want, i == 0 ? 1 : 0);
        ASSERT_EQ_INT(sp__catchment_pieces_valid(G, g, 1e30), want); /* direct */
        ASSERT_EQ_INT(sp__catchment_pieces_valid(G, g, 0), want);    /* split */
        GEOSGeom_destroy_r(G, g);
    }
    GEOSWKTReader_destroy_r(G, rd);
}

/* A many-holed catchment (a grid of 150 m blocks, band 60: a hole in every
 * block) passes both checks. */
TEST(many_holes_valid)
{
    const int n = 30;
    sp_graph_builder *b = sp_graph_builder_new();
    for (int i = 0; i < n * n; i++)
        sp_graph_builder_add_node(b, 150.0 * (i % n), 150.0 * (i / n));
    for (int i = 0; i < n * n; i++) {
            int x = i % n, y = i / n;
        if (x + 1 < n) {
            double xy[4] = {150.0 * x, 150.0 * y, 150.0 * (x + 1), 150.0 * y};
            sp_graph_builder_add_link(b, i, i + 1, xy, 2, 150 / WALK, 150 / WALK, 0);
        }
        if (y + 1 < n) {
            double xy[4] = {150.0 * x, 150.0 * y, 150.0 * x, 150.0 * (y + 1)};
            sp_graph_builder_add_link(b, i, i + n, xy, 2, 150 / WALK, 150 / WALK, 0);
        }
    }
    sp_graph *g = NULL;
    ASSERT(sp_graph_build(b, &g) == SP_OK);
    sp_graph_builder_free(b);
    sp_search *ws = sp_search_new(g);
    sp_catchment_opts o;
    sp_catchment_opts_default(&o);
    sp_isogrid *ig = sp_isogrid_new(&o);
    sp_snap site = snap_node(g, n * n / 2 + n / 2);
    double lim = 1800;
    ASSERT(search_site(ws, g, &site, lim));
    ASSERT(sp_isogrid_burn(ig, g, ws, &site, lim) == SP_OK);
    GEOSGeometry *p;
    ASSERT(sp_isogrid_polygons(ig, G, &lim, 1, &p) == SP_OK);
    ASSERT_EQ_INT(GEOSGetNumGeometries_r(G, p), 1);
    ASSERT(GEOSGetNumInteriorRings_r(G, GEOSGetGeometryN_r(G, p, 0)) > 300);
    ASSERT_EQ_INT(GEOSisValid_r(G, p), 1);
    ASSERT_EQ_INT(sp__catchment_pieces_valid(G, p, 0), 1);
    GEOSGeom_destroy_r(G, p);
    sp_isogrid_free(ig);
    sp_search_free(ws);
    sp_graph_free(g);
}

/* ------------------------------------------------------------------------ */
/* Benchmark (SP_CATCHMENT_BENCH=1)                                         */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void bench(double block)
{
    const int n = 220, n_sites = 117;
    sp_graph_builder *b = sp_graph_builder_new();
    for (int i = 0; i < n * n; i++)
        sp_graph_builder_add_node(b, 300000 + block * (i % n),
                                  6000000 + block * (i / n));
    for (int i = 0; i < n * n; i++) {
        int x = i % n, y = i / n;
        if (getenv("SP_BENCH_DROP") && rnd() < atof(getenv("SP_BENCH_DROP")))
            continue;
        if (x + 1 < n) {
            double xy[4] = {300000 + block * x, 6000000 + block * y,
                            300000 + block * (x + 1), 6000000 + block * y};
            sp_graph_builder_add_link(b, i, i + 1, xy, 2, block / WALK, block / WALK,
                                      0);
        }
        if (y + 1 < n) {
            double xy[4] = {300000 + block * x, 6000000 + block * y,
                            300000 + block * x, 6000000 + block * (y + 1)};
            sp_graph_builder_add_link(b, i, i + n, xy, 2, block / WALK, block / WALK,
                                      0);
        }
    }
    sp_graph *g = NULL;
    sp_graph_build(b, &g);
    sp_graph_builder_free(b);
    sp_search *ws = sp_search_new(g);
    sp_catchment_opts o;
    sp_catchment_opts_default(&o);
    sp_isogrid *ig = sp_isogrid_new(&o);
    sp_isogrid *all = sp_isogrid_new(&o);
    const double lim1[1] = {1800}, lim3[3] = {600, 1200, 1800};
    sp_isogrid_set_levels(ig, lim3, 3);
    sp_isogrid_set_levels(all, lim3, 3);
    double t_search = 0, t_burn = 0, t_poly1 = 0, t_poly3 = 0, t_uburn = 0;
    size_t max_samples = 0;
    int max_parts = 0;
    for (int k = 0; k < n_sites; k++) {
        int32_t l = (int32_t)(rnd() * g->n_links);
        sp_snap site = snap_link(g, l, rnd() * block, 30 * rnd());
        double t0 = now();
        search_site(ws, g, &site, 1800);
        double t1 = now();
        sp_isogrid_reset(ig);
        sp_isogrid_burn(ig, g, ws, &site, 1800);
        double t2 = now();
        sp_isogrid_burn(all, g, ws, &site, 1800);
        double t3 = now();
        GEOSGeometry *p[3];
        sp_isogrid_polygons(ig, G, lim1, 1, p);
        double t4 = now();
        GEOSGeom_destroy_r(G, p[0]);
        double t5 = now();
        sp_isogrid_polygons(ig, G, lim3, 3, p);
        double t6 = now();
        int parts = GEOSGetNumGeometries_r(G, p[2]);
        if (parts > max_parts)
            max_parts = parts;
        destroy_all(p, 3);
        if (sp_isogrid_n_samples(ig) > max_samples)
            max_samples = sp_isogrid_n_samples(ig);
        t_search += t1 - t0;
        t_burn += t2 - t1;
        t_uburn += t3 - t2;
        t_poly1 += t4 - t3;
        t_poly3 += t6 - t5;
    }
    GEOSGeometry *u[3];
    double t0 = now();
    sp_status st = sp_isogrid_polygons(all, G, lim1, 1, u);
    double t_union1 = now() - t0;
    double area = 0;
    int parts = 0;
    if (st == SP_OK) {
        area = poly_area(u[0]);
        parts = GEOSGetNumGeometries_r(G, u[0]);
        GEOSGeom_destroy_r(G, u[0]);
    }
    t0 = now();
    st = sp_isogrid_polygons(all, G, lim3, 3, u);
    double t_union3 = now() - t0;
    if (st == SP_OK)
        destroy_all(u, 3);
    printf("bench: %d x %d grid of %g m blocks (%d nodes, %d links), %d sites, "
           "walk 30 min\n",
           n, n, block, (int)g->n_nodes, (int)g->n_links, n_sites);
    printf("bench: per site: search %.2f ms, burn %.2f ms, polygon (1 threshold) "
           "%.2f ms, polygons (3 thresholds) %.2f ms; max %zu samples, %d parts\n",
           1e3 * t_search / n_sites, 1e3 * t_burn / n_sites,
           1e3 * t_poly1 / n_sites, 1e3 * t_poly3 / n_sites, max_samples, max_parts);
    printf("bench: union: burn %.2f s total (%zu samples), polygon (1 threshold) "
           "%.2f s, (3 thresholds) %.2f s; area %.1f km2, %d parts\n",
           t_uburn, sp_isogrid_n_samples(all), t_union1, t_union3, area / 1e6, parts);
    printf("bench: total for %d sites + union, 1 threshold: %.2f s\n", n_sites,
           t_search + t_burn + t_uburn + t_poly1 + t_union1);
    sp_isogrid_free(ig);
    sp_isogrid_free(all);
    sp_search_free(ws);
    sp_graph_free(g);
}

int main(void)
{
    GDALAllRegister();
    G = GEOS_init_r();
    GEOSContext_setErrorMessageHandler_r(G, geos_msg, NULL);
    sp_warn_set_muted(1);

    RUN(defaults_and_bad_options);
    RUN(town_coverage_and_nesting);
    RUN(ring_road_keeps_hole);
    RUN(partial_link_ends_at_reach);
    RUN(hairpin_vertex_covered);
    RUN(each_link_sampled_once);
    RUN(deterministic_bytes);
    RUN(two_sites_union);
    RUN(random_graphs_valid);
    RUN(split_validity_check);
    RUN(many_holes_valid);

    const char *bn = getenv("SP_CATCHMENT_BENCH");
    if (bn && *bn && strcmp(bn, "0") != 0)
        bench(atof(bn) >= 20 ? atof(bn) : 100); /* a number: the block size */

    GEOS_finish_r(G);
    GDALDestroyDriverManager();
    return test_summary("catchment");
}
