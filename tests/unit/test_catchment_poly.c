/* test_catchment_poly.c — catchment polygons: validity (also of random
 * graphs, whose cells are checked against the access rule too, and of the
 * split check for many holes), holes kept, each ring the same whatever other
 * rings were asked (and whatever the burn's max_s), byte-identical output.
 * Helpers: catchment_fixture.h; the cells against the access rule and the
 * counts are in test_catchment_cover.c.
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

#include "access.h"
#include "catchment.h"
#include "cellaccess.h"
#include "catchment_fixture.h"
#include "graph.h"
#include "reach.h"
#include "search.h"
#include "test.h"

/* A square ring road of 1 km sides, nothing inside, walked; max_snap_m 100:
 * the cells whose centre is more than 100 m from the road are unreached, so
 * the 800 m square inside stays a hole.  By hand (20 m cells on the lattice
 * of the corners): the cells [-100, 1100)^2 less the hole [100, 900)^2, less
 * 5 cells at each outer corner whose centre is more than 100 m from it. */
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
    sp_access *a = make_access(g, SP_SNAP_EDGE);
    ASSERT(a);
    sp_search *ws = sp_search_new(g);
    sp_catchment_opts o = cat_opts(a);
    o.max_snap_m = 100;
    sp_isogrid *ig = sp_isogrid_new(&o, NULL);
    ASSERT(ig);
    sp_snap site = snap_node(g, 0);
    /* the far corner is 2 km = 1440 s away, 1512 s with 100 m off the road */
    double lim[2] = {1200, 1800};
    ASSERT(search_site(ws, g, &site, lim[1]));
    ASSERT(sp_isogrid_burn(ig, g, ws, &site, lim[1]) == SP_OK);
    GEOSGeometry *p[2];
    ASSERT(sp_isogrid_polygons(ig, G, lim, 2, p) == SP_OK);
    ASSERT_EQ_INT(GEOSisValid_r(G, p[1]), 1);
    ASSERT_EQ_INT(GEOSGetNumGeometries_r(G, p[1]), 1);
    const GEOSGeometry *part = GEOSGetGeometryN_r(G, p[1], 0);
    ASSERT_EQ_INT(GEOSGetNumInteriorRings_r(G, part), 1);
    double want = 1200.0 * 1200 - 800.0 * 800 - 4 * 5 * 400;
    ASSERT_NEAR(poly_area(p[1]), want, 1e-6);
    GEOSGeometry *hole = GEOSGeom_createPolygon_r(
        G, GEOSGeom_clone_r(G, GEOSGetInteriorRingN_r(G, part, 0)), NULL, 0);
    ASSERT(hole);
    ASSERT_NEAR(poly_area(hole), 800.0 * 800, 1e-6);
    GEOSGeom_destroy_r(G, hole);
    /* At 20 minutes the far corner is not reached: no hole, one piece. */
    ASSERT_EQ_INT(GEOSisValid_r(G, p[0]), 1);
    ASSERT_EQ_INT(GEOSGetNumGeometries_r(G, p[0]), 1);
    ASSERT_EQ_INT(GEOSGetNumInteriorRings_r(G, GEOSGetGeometryN_r(G, p[0], 0)), 0);
    ASSERT_EQ_INT(GEOSCovers_r(G, p[1], p[0]), 1);
    destroy_all(p, 2);
    /* An infinite threshold takes every reached cell and nothing more. */
    double lim_inf[2] = {1800, INFINITY};
    ASSERT(sp_isogrid_polygons(ig, G, lim_inf, 2, p) == SP_OK);
    ASSERT_NEAR(poly_area(p[1]), poly_area(p[0]), 1e-6);
    ASSERT_NEAR(poly_area(p[1]), want, 1e-6);
    destroy_all(p, 2);
    sp_isogrid_free(ig);
    sp_search_free(ws);
    sp_access_free(a);
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
    sp_access *a = make_access(g, SP_SNAP_EDGE);
    ASSERT(g && a);
    sp_search *ws = sp_search_new(g);
    sp_catchment_opts o = cat_opts(a);
    const double lim[3] = {300, 600, 900};
    sp_snap site = snap_link(g, 12, 31.25, 12);
    unsigned char *first[3] = {0};
    size_t first_n[3] = {0};
    sp_isogrid *reused = sp_isogrid_new(&o, NULL);
    for (int run = 0; run < 3; run++) {
        sp_isogrid *ig = run == 0 ? sp_isogrid_new(&o, NULL) : reused;
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
    sp_access_free(a);
    sp_graph_free(g);
}

/* The polygon of threshold T from a burn to max_s and the rings asked. */
static GEOSGeometry *ring_for(sp_isogrid *ig, const sp_graph *g, sp_search *ws,
                              const sp_snap *site, double max_s, const double *lim, int n,
                              int which)
{
    sp_isogrid_reset(ig);
    if (!search_site(ws, g, site, max_s) || sp_isogrid_burn(ig, g, ws, site, max_s) != SP_OK)
        return NULL;
    GEOSGeometry *p[4];
    if (sp_isogrid_polygons(ig, G, lim, n, p) != SP_OK)
        return NULL;
    GEOSGeometry *r = p[which];
    for (int i = 0; i < n; i++)
        if (i != which)
            GEOSGeom_destroy_r(G, p[i]);
    return r;
}

/* Ring independence: the polygon for T is the same (same WKB, so equal and
 * of the same area) alone, with smaller thresholds, with larger ones, with
 * both, and whether the burn went to T or to the largest threshold (as it
 * does when larger rings are requested); for both snap rules, a node site
 * and a mid-link site with an off-road leg. */
TEST(ring_independence)
{
    sp_graph *g = town();
    ASSERT(g);
    sp_search *ws = sp_search_new(g);
    for (int rule = 0; rule < 2; rule++) {
        sp_access *a = make_access(g, rule == 0 ? SP_SNAP_EDGE : SP_SNAP_NODE);
        ASSERT(a);
        sp_catchment_opts o = cat_opts(a);
        sp_isogrid *ig = sp_isogrid_new(&o, NULL);
        ASSERT(ig);
        sp_snap sites[2] = {snap_node(g, 8), snap_link(g, 12, 31.25, 12)};
        const double all[3] = {300, 600, 900};
        for (int k = 0; k < 2; k++)
            for (int i = 0; i < 3; i++) {
                double T = all[i];
                GEOSGeometry *alone = ring_for(ig, g, ws, &sites[k], T, &T, 1, 0);
                ASSERT(alone);
                ASSERT_EQ_INT(GEOSisEmpty_r(G, alone), 0);
                size_t n0;
                unsigned char *w0 = to_wkb(alone, &n0);
                ASSERT(w0);
                double with_smaller[2] = {T / 2, T};
                double with_larger[2] = {T, 1200};
                GEOSGeometry *other[5] = {
                    ring_for(ig, g, ws, &sites[k], 1200, &T, 1, 0),
                    ring_for(ig, g, ws, &sites[k], T, with_smaller, 2, 1),
                    ring_for(ig, g, ws, &sites[k], 1200, with_larger, 2, 0),
                    ring_for(ig, g, ws, &sites[k], 900, all, 3, i),
                    ring_for(ig, g, ws, &sites[k], 1200, all, 3, i),
                };
                for (int m = 0; m < 5; m++) {
                    ASSERT(other[m]);
                    size_t n;
                    unsigned char *w = to_wkb(other[m], &n);
                    ASSERT(w);
                    int same = n == n0 && memcmp(w, w0, n) == 0;
                    GEOSFree_r(G, w);
                    if (!same)
                        fprintf(stderr, "  rule %d site %d T %g: request %d differs (area "
                                        "%.1f vs %.1f)\n",
                                rule, k, T, m, poly_area(other[m]), poly_area(alone));
                    ASSERT(same);
                    ASSERT_EQ_INT(GEOSEquals_r(G, other[m], alone), 1);
                    ASSERT_NEAR(poly_area(other[m]), poly_area(alone), 0);
                }
                destroy_all(other, 5);
                GEOSFree_r(G, w0);
                GEOSGeom_destroy_r(G, alone);
            }
        sp_isogrid_free(ig);
        sp_access_free(a);
    }
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
 * sizes, both snap rules, a wide and a tight max_snap_m: every cell as the
 * access rule gives it, every polygon valid, nesting. */
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
        sp_access *a = make_access(g, trial % 2 == 0 ? SP_SNAP_EDGE : SP_SNAP_NODE);
        ASSERT(a);
        sp_catchment_opts o = cat_opts(a);
        o.cell_m = trial % 3 == 0 ? 20 : trial % 3 == 1 ? 7.5 : 33;
        o.max_snap_m = trial < 3 ? 1000 : 60; /* a wide and a tight reach */
        sp_isogrid *ig = sp_isogrid_new(&o, NULL);
        ASSERT(ig);
        const double lim[3] = {180, 360, 540};
        int32_t l = (int32_t)(rnd() * g->n_links);
        sp_snap site = snap_link(g, l, rnd() * g->links[l].length_m, 10 * rnd());
        ASSERT(search_site(ws, g, &site, lim[2]));
        ASSERT(sp_isogrid_burn(ig, g, ws, &site, lim[2]) == SP_OK);
        GEOSGeometry *p[3];
        ASSERT(sp_isogrid_polygons(ig, G, lim, 3, p) == SP_OK);
        long n_fin = 0;
        long bad = check_cells(ig, &o, g, ws, &site, lim[2], 2, &n_fin);
        if (bad)
            fprintf(stderr, "  trial %d: %ld cells differ from the access rule\n", trial, bad);
        ASSERT_EQ_INT(bad, 0);
        ASSERT(n_fin > 0);
        for (int i = 0; i < 3; i++) {
            ASSERT_EQ_INT(GEOSisValid_r(G, p[i]), 1);
            if (i > 0)
                ASSERT_NEAR(area_outside(p[i - 1], p[i]), 0, 1e-6);
        }
        ASSERT_EQ_INT(GEOSisEmpty_r(G, p[2]), 0);
        destroy_all(p, 3);
        sp_isogrid_free(ig);
        sp_access_free(a);
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

/* A many-holed catchment (a grid of 150 m blocks, max_snap_m 50: a hole in
 * every block) passes both checks. */
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
    sp_access *a = make_access(g, SP_SNAP_EDGE);
    ASSERT(a);
    sp_catchment_opts o = cat_opts(a);
    o.max_snap_m = 50;
    sp_isogrid *ig = sp_isogrid_new(&o, NULL);
    ASSERT(ig);
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
    sp_access_free(a);
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
    sp_access *a = make_access(g, SP_SNAP_EDGE);
    sp_search *ws = sp_search_new(g);
    sp_catchment_opts o = cat_opts(a);
    /* one cell access table shared by every grid, as a run does */
    double t0 = now();
    sp_cellaccess *ca = sp_cellaccess_new(a, o.cell_m, o.max_snap_m, o.walk_kmh);
    sp_isogrid *ig = sp_isogrid_new(&o, ca);
    sp_isogrid *all = sp_isogrid_new(&o, ca);
    const double lim1[1] = {1800}, lim3[3] = {600, 1200, 1800};
    double t_search = 0, t_burn = 0, t_poly1 = 0, t_poly3 = 0, t_uburn = 0;
    int max_parts = 0;
    for (int k = 0; k < n_sites; k++) {
        int32_t l = (int32_t)(rnd() * g->n_links);
        sp_snap site = snap_link(g, l, rnd() * block, 30 * rnd());
        double t1 = now();
        search_site(ws, g, &site, 1800);
        double t2 = now();
        sp_isogrid_reset(ig);
        sp_isogrid_burn(ig, g, ws, &site, 1800);
        double t3 = now();
        sp_isogrid_burn(all, g, ws, &site, 1800);
        double t4 = now();
        GEOSGeometry *p[3];
        sp_isogrid_polygons(ig, G, lim1, 1, p);
        double t5 = now();
        GEOSGeom_destroy_r(G, p[0]);
        double t6 = now();
        sp_isogrid_polygons(ig, G, lim3, 3, p);
        double t7 = now();
        int parts = GEOSGetNumGeometries_r(G, p[2]);
        if (parts > max_parts)
            max_parts = parts;
        destroy_all(p, 3);
        t_search += t2 - t1;
        t_burn += t3 - t2;
        t_uburn += t4 - t3;
        t_poly1 += t5 - t4;
        t_poly3 += t7 - t6;
    }
    double t_all = now() - t0;
    GEOSGeometry *u[3];
    t0 = now();
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
    printf("bench: per site: search %.2f ms, burn %.2f ms (the first burns also fill the "
           "cell table: %lld tiles), polygon (1 threshold) %.2f ms, polygons (3 thresholds) "
           "%.2f ms; max %d parts\n",
           1e3 * t_search / n_sites, 1e3 * t_burn / n_sites,
           (long long)sp_cellaccess_n_tiles(ca), 1e3 * t_poly1 / n_sites,
           1e3 * t_poly3 / n_sites, max_parts);
    printf("bench: union: burn %.2f s total, polygon (1 threshold) %.2f s, (3 thresholds) "
           "%.2f s; area %.1f km2, %d parts\n",
           t_uburn, t_union1, t_union3, area / 1e6, parts);
    printf("bench: total for %d sites + union, 1 threshold: %.2f s\n", n_sites,
           t_all + t_union1);
    sp_isogrid_free(ig);
    sp_isogrid_free(all);
    sp_cellaccess_free(ca);
    sp_search_free(ws);
    sp_access_free(a);
    sp_graph_free(g);
}

/* The work bound's estimate (catchment.h), by hand: a 1 km road along x
 * driven at 36 km/h one way (100 s) and walked back at 4 km/h; max_snap_m
 * 100, cells of 10 m.  The extent grown by max_snap_m and a cell on each
 * side: 1220 x 220 m.  At 60 s a site's square has the side 2 (10 m/s x 60 s
 * + 100) + 20 = 1420 m, more than the extent, so the extent counts; at 5 s
 * it is 320 m.  Three sites, plus the extent once. */
TEST(work_estimate_by_hand)
{
    sp_graph_builder *b = sp_graph_builder_new();
    sp_graph_builder_add_node(b, 0, 0);
    sp_graph_builder_add_node(b, 1000, 0);
    double xy[4] = {0, 0, 1000, 0};
    ASSERT(sp_graph_builder_add_link(b, 0, 1, xy, 2, 100, 900, 0) >= 0);
    sp_graph *g = NULL;
    ASSERT(sp_graph_build(b, &g) == SP_OK);
    sp_graph_builder_free(b);
    if (!g)
        return;
    double kmh = 0, ext = 1220.0 * 220.0;
    ASSERT_NEAR(sp_catchment_work_cells(g, 3, 60, 10, 100, &kmh), (3 * ext + ext) / 100, 1e-6);
    ASSERT_NEAR(kmh, 36, 1e-9);
    ASSERT_NEAR(sp_catchment_work_cells(g, 3, 5, 10, 100, NULL), (3 * 320.0 * 320.0 + ext) / 100,
                1e-6);
    /* cells of 5 m: the margins shrink with the cell, the count grows 4x */
    ASSERT_NEAR(sp_catchment_work_cells(g, 3, 5, 5, 100, NULL),
                (3 * 310.0 * 310.0 + 1210.0 * 210.0) / 25, 1e-6);
    sp_graph_free(g);
}

int main(void)
{
    fixture_init();
    (void)covers_xy; /* a fixture helper this file does not use */

    RUN(ring_road_keeps_hole);
    RUN(deterministic_bytes);
    RUN(ring_independence);
    RUN(random_graphs_valid);
    RUN(split_validity_check);
    RUN(many_holes_valid);
    RUN(work_estimate_by_hand);

    const char *bn = getenv("SP_CATCHMENT_BENCH");
    if (bn && *bn && strcmp(bn, "0") != 0)
        bench(atof(bn) >= 20 ? atof(bn) : 100); /* a number: the block size */

    fixture_finish();
    return test_summary("catchment_poly");
}
