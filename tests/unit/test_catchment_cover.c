/* test_catchment_cover.c — catchment polygons against the reached network:
 * options, coverage of every reached point, nesting, partial links, sampling
 * each link once, unions of several sites.  Helpers: catchment_fixture.h;
 * polygon validity, holes and determinism are in test_catchment_poly.c. */
#include <math.h>
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
#include "search.h"
#include "test.h"

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

int main(void)
{
    fixture_init();

    RUN(defaults_and_bad_options);
    RUN(town_coverage_and_nesting);
    RUN(partial_link_ends_at_reach);
    RUN(hairpin_vertex_covered);
    RUN(each_link_sampled_once);
    RUN(two_sites_union);

    fixture_finish();
    return test_summary("catchment_cover");
}
