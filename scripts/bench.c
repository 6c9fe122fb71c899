/* bench.c — speed and memory figures for `make bench` (scripts/bench.sh).
 *
 * Runs on the bundled Porto Alegre data and prints a table:
 *   1. loading + graph build (walk, car)
 *   2. walk 30 min over the 117 existing-facility sites, with catchment
 *      polygons (the default scenario's analysis)
 *   3. the coverage matrix with every hexagon as a candidate site
 *      (1,227 x 1,227), car, 30 minutes, no polygons
 *   `bench search` runs only the two search goals of issue 14: row 3 and
 *   the default scenario by car, 30 minutes, with its catchment polygons
 *   (`bench search matrix`: row 3 alone)
 *   5. the roads read from the OSM file against loaded from the network
 *      cache (io/netcache.h, a hit), alone and as part of the whole load
 *   6. gap zones of 100,000 uncovered clusters at one point and spread
 *      (gaps.h; the linkage that was quadratic in a crowded cell)
 *   7. capacitated coverage (capassign.h): walk 15 min, the 117 facility
 *      sites at 2,000 workers each (capacities bind)
 *   8. capacitated siting (siting.h "Capacitated siting"), walk 15 min,
 *      budget 20, every hexagon a candidate at capacity 20,000 workers:
 *      greenfield, and with the 117 facility hexagons fixed at 2,000 each
 *      (`bench capsiting` runs only this part)
 *   9. mobile units (the worked examples; `bench mobile` runs only these)
 *  10. area clusters (`bench areas INI [POINTS_INI]`, run by scripts/bench.sh on
 *      Baltimore's landuse=industrial areas extracted from the shared data):
 *      car 10 min and walk 15 min, whole run without drawing; areas,
 *      demand points (the lattice points, cover/lattice.h), workers covered
 *      (partial: covered points' shares) and areas partly covered; the
 *      same areas as points (their point on surface) for comparison
 * Timings are wall-clock seconds, best of 3 runs.  For 2 and 3 the coverage
 * step (from a finished search to the site's row of the matrix) is also
 * timed both ways on the same searches, in one thread: a scan of every
 * cluster (the method before demand.h) and the indexed walk over the
 * reached nodes (the method used); the rows must be identical.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <glib.h>
#include <unistd.h>

#include "capassign.h"
#include "coverage.h"
#include "gaps.h"
#include "mobile_units.h"
#include "netcache.h"
#include "recommend.h"
#include "search.h"
#include "run.h"
#include "scenario.h"

/* The coverage of every site of `in` at one limit, no polygons. */
static sp_coverage_in matrix_in(const sp_inputs *in, const double *limit)
{
    sp_coverage_in ci = {0};
    ci.g = in->graph;
    ci.site_snap = in->site_snap;
    ci.n_sites = in->n_sites;
    ci.demand = in->demand;
    ci.limits_s = limit;
    ci.n_limits = 1;
    return ci;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static sp_options *load(const char *ini, const char *const *sets, int n)
{
    sp_options *o = NULL;
    if (sp_scenario_load(ini, sets, n, &o)) {
        fprintf(stderr, "bench: %s\n", sp_error_message());
        exit(2);
    }
    return o;
}

static void row(const char *what, double secs, const char *target)
{
    printf("| %-66s | %9.3f | %-14s |\n", what, secs, target);
}

/* The coverage step both ways after the same search of every site: a scan
 * of every demand point (what coverage.c did for every search before the
 * index), and the step as it is now (demand.h).  Exits when the rows
 * differ. */
static void step_compare(const sp_inputs *in, double limit)
{
    const sp_demand *d = in->demand;
    sp_search *ws = sp_search_new(in->graph);
    sp_demand_scratch *sc = sp_demand_scratch_new(d);
    size_t n = (size_t)d->n_points + 1;
    int32_t *pa = malloc(2 * n * sizeof *pa), *pb = pa + n;
    float *sa = malloc(2 * n * sizeof *sa), *sb = sa + n;
    double t_scan = 0, t_walk = 0;
    int n_walked = 0, n_rows = 0;
    if (!ws || !sc || !pa || !sa) {
        fprintf(stderr, "bench: out of memory\n");
        exit(2);
    }
    for (int32_t s = 0; s < in->n_sites; s++) {
        const sp_snap *site = &in->site_snap[s];
        if (!sp_snap_ok(site))
            continue;
        sp_seed seeds[2];
        size_t ns = sp_reach_site_seeds(in->graph, site, seeds);
        sp_search_run(ws, in->graph, SP_REVERSE, seeds, ns, limit);
        /* Alternate which goes first, so neither always finds warm caches. */
        size_t na = 0, nb = 0;
        for (int k = 0; k < 2; k++) {
            double t0 = now_s();
            if ((k + s) % 2 == 0) {
                na = sp_demand_scan_row(d, in->graph, ws, site, limit, pa, sa);
                t_scan += now_s() - t0;
            } else {
                nb = sp_demand_site_row(d, in->graph, ws, site, limit, sc, pb, sb);
                t_walk += now_s() - t0;
            }
        }
        size_t n_settled;
        sp_search_settled(ws, &n_settled);
        n_walked += n_settled < (size_t)d->n_point_nodes;
        n_rows++;
        if (na != nb || memcmp(pa, pb, na * sizeof *pa) || memcmp(sa, sb, na * sizeof *sa)) {
            fprintf(stderr, "bench: site %d: the indexed coverage step differs from the scan\n", s);
            exit(2);
        }
    }
    row("  coverage step, scan of every cluster (before), 1 thread", t_scan, "-");
    char what[100];
    snprintf(what, sizeof what, "  coverage step, indexed (after; %d of %d rows walked)", n_walked,
             n_rows);
    row(what, t_walk, "-");
    printf("| %-66s | %9.2f | %-14s |\n", "  coverage step: ratio before / after", t_scan / t_walk, "-");
    free(pa);
    free(sa);
    sp_demand_scratch_free(sc);
    sp_search_free(ws);
}

/* 5: the roads read through GDAL against loaded from a cache hit (the
 * roads must be the same), then the whole load both ways.  The cache lives
 * in a temporary folder, removed at the end. */
static void bench_cache(const char *ini)
{
    char dir[] = "/tmp/siteplan-bench-cache-XXXXXX";
    if (!mkdtemp(dir)) {
        fprintf(stderr, "bench: cannot make a temporary folder\n");
        exit(2);
    }
    sp_options *o = load(ini, NULL, 0);
    o->quiet = 1;
    sp_loaded *ld = NULL;
    if (sp_load(o, NULL, NULL, &ld)) {
        fprintf(stderr, "bench: %s\n", sp_error_message());
        exit(2);
    }
    char def[256];
    snprintf(def, sizeof def, "%s", sp_network_crs(ld->network));
    sp_loaded_free(ld);
    ld = NULL;
    sp_crs *crs = NULL;
    sp_roads_source src;
    sp_roads_source_from_options(o, &src);
    sp_roads *warm = NULL;
    if (sp_crs_new(def, &crs) ||
        sp_roads_read_cached(&src, crs, def, dir, 1, NULL, NULL, &warm, NULL)) {
        fprintf(stderr, "bench: %s\n", sp_error_message());
        exit(2);
    }
    int32_t n_roads = warm->n_roads;
    sp_roads_free(warm);
    double best_read = INFINITY, best_hit = INFINITY, best_load = INFINITY, best_cload = INFINITY;
    for (int rep = 0; rep < 3; rep++) {
        sp_roads *a = NULL, *b = NULL;
        sp_netcache_result res = SP_NETCACHE_OFF;
        double t0 = now_s();
        sp_status st = sp_roads_read(&src, crs, NULL, NULL, &a);
        double t1 = now_s();
        if (st == SP_OK)
            st = sp_roads_read_cached(&src, crs, def, dir, 1, NULL, NULL, &b, &res);
        double t2 = now_s();
        if (st || res != SP_NETCACHE_HIT || a->n_xy != b->n_xy ||
            memcmp(a->xy, b->xy, 2 * a->n_xy * sizeof *a->xy)) {
            fprintf(stderr, "bench: the cached roads are not a hit equal to the read (%d: %s)\n",
                    (int)res, sp_error_message());
            exit(2);
        }
        best_read = fmin(best_read, t1 - t0);
        best_hit = fmin(best_hit, t2 - t1);
        sp_roads_free(a);
        sp_roads_free(b);
        /* The whole load (sites, working CRS, roads, walk topology, costs,
         * snapping), without and with the cache. */
        for (int cached = 0; cached < 2; cached++) {
            g_free(o->network_cache);
            o->network_cache = cached ? g_strdup(dir) : NULL;
            sp_loaded_free(ld);
            ld = NULL;
            t0 = now_s();
            if (sp_load(o, NULL, NULL, &ld)) {
                fprintf(stderr, "bench: %s\n", sp_error_message());
                exit(2);
            }
            double t = now_s() - t0;
            if (cached)
                best_cload = fmin(best_cload, t);
            else
                best_load = fmin(best_load, t);
        }
    }
    char what[120];
    snprintf(what, sizeof what, "roads (%d ways): read the OSM file through GDAL", n_roads);
    row(what, best_read, "-");
    row("  the same roads from the network cache (--cache, a hit)", best_hit, "-");
    printf("| %-66s | %9.1f | %-14s |\n", "  ratio read / cache hit", best_read / best_hit, "-");
    row("whole load without the cache", best_load, "-");
    row("whole load with the cache (a hit)", best_cload, "-");
    printf("| %-66s | %9.2f | %-14s |\n", "  ratio without / with", best_load / best_cload, "-");
    char *path = sp_netcache_path(&src, def, dir);
    remove(path);
    rmdir(dir);
    g_free(path);
    sp_crs_free(crs);
    sp_loaded_free(ld);
    sp_options_free(o);
}

/* Gap zones (gaps.h) of 100,000 uncovered clusters, all at one point (the
 * case that was quadratic: every pair of a crowded cell tested, 5e9
 * distances), and 50 at each of 2,000 random places in 20 x 20 km; the
 * pair tests are counted too.  (The zone polygon is a union of one disc per
 * place: 100,000 distinct places make that union, not the linkage, the
 * cost.) */
static void bench_gaps(void)
{
    const int32_t n = 100000;
    GEOSContextHandle_t gc = GEOS_init_r();
    double *xy = malloc(sizeof *xy * 2 * (size_t)n), *w = malloc(sizeof *w * (size_t)n);
    uint8_t *cov = malloc((size_t)n);   /* covered flags: none */
    GEOSGeometry **geom = malloc(sizeof *geom * (size_t)n);
    if (!gc || !xy || !w || !cov || !geom) {
        fprintf(stderr, "bench: out of memory\n");
        exit(2);
    }
    const int32_t places = 2000;
    for (int layout = 0; layout < 2; layout++) {
        uint64_t r = 12345;
        for (int32_t i = 0; i < n; i++) {
            if (layout == 0) {
                xy[2 * i] = 479586.5;
                xy[2 * i + 1] = 6670051.0;
            } else if (i >= places) {   /* 50 clusters at each place */
                xy[2 * i] = xy[2 * (i % places)];
                xy[2 * i + 1] = xy[2 * (i % places) + 1];
            } else {
                r = r * 6364136223846793005ULL + 1442695040888963407ULL;
                double u = (double)(r >> 11) / 9007199254740992.0;
                r = r * 6364136223846793005ULL + 1442695040888963407ULL;
                double v = (double)(r >> 11) / 9007199254740992.0;
                xy[2 * i] = 470000 + 20000 * u;
                xy[2 * i + 1] = 6660000 + 20000 * v;
            }
            w[i] = 1 + i % 7;
            cov[i] = 0;
            geom[i] = GEOSGeom_createPointFromXY_r(gc, xy[2 * i], xy[2 * i + 1]);
        }
        double best = INFINITY;
        int32_t zones = 0;
        int64_t pairs = 0;
        for (int rep = 0; rep < 3; rep++) {
            sp_gaps *g = NULL;
            double t0 = now_s();
            sp_gaps_in gi = {.n_clusters = n, .xy = xy, .geom = geom, .weight = w,
                             .n_points = n, .point_covered = cov};
            if (sp_gaps_find(gc, &gi, 500, &g)) {
                fprintf(stderr, "bench: %s\n", sp_error_message());
                exit(2);
            }
            best = fmin(best, now_s() - t0);
            zones = g->n;
            pairs = g->pair_tests;
            sp_gaps_free(g, gc);
        }
        char buf[160];
        snprintf(buf, sizeof buf, "gap zones, 100,000 uncovered clusters %s (%d zones, %lld pair tests)",
                 layout ? "at 2,000 places in 20 x 20 km" : "at one point", zones, (long long)pairs);
        row(buf, best, layout ? "-" : "< 1 s");
        for (int32_t i = 0; i < n; i++)
            GEOSGeom_destroy_r(gc, geom[i]);
    }
    free(xy);
    free(w);
    free(cov);
    free(geom);
    GEOS_finish_r(gc);
}

/* 7: the capacitated assignment on the walk 15-minute matrix of the
 * existing sites, every site at 2,000 workers (capacity binds). */
static void bench_capassign(const char *ini)
{
    const char *sets[] = {"travel.minutes=15"};
    sp_options *o = load(ini, sets, 1);
    sp_loaded *ld = NULL;
    if (sp_load(o, NULL, NULL, &ld)) {
        fprintf(stderr, "bench: %s\n", sp_error_message());
        exit(2);
    }
    const sp_inputs *in = ld->in;
    double limit = 15 * 60.0;
    sp_coverage_in ci = matrix_in(in, &limit);
    sp_coverage *c = NULL;
    if (sp_coverage_compute(&ci, in->gctx, &c)) {
        fprintf(stderr, "bench: %s\n", sp_error_message());
        exit(2);
    }
    double *cap = malloc(sizeof *cap * ((size_t)in->n_sites + 1));
    for (int32_t s = 0; s < in->n_sites; s++)
        cap[s] = 2000;
    double best = INFINITY;
    sp_capassign *a = NULL;
    for (int rep = 0; rep < 3; rep++) {
        sp_capassign_free(a);
        a = NULL;
        double t0 = now_s();
        if (sp_capassign_solve(c->matrix, NULL, cap, NULL, limit, &a)) {
            fprintf(stderr, "bench: %s\n", sp_error_message());
            exit(2);
        }
        best = fmin(best, now_s() - t0);
    }
    char buf[160];
    snprintf(buf, sizeof buf, "capacitated coverage, walk 15 min, %d sites x 2,000 (%zu pairs)",
             in->n_sites, sp_costmatrix_n_pairs(c->matrix));
    row(buf, best, "< 1 s");
    printf("| %-66s | %9.0f | %-14s |\n", "  workers covered", a->covered, "-");
    printf("| %-66s | %9.0f | %-14s |\n", "  workers served", a->served, "-");
    printf("| %-66s | %9lld | %-14s |\n", "  shortest-path searches", (long long)a->augmentations,
           "-");
    sp_capassign_free(a);
    free(cap);
    sp_coverage_free(c, in->gctx);
    sp_loaded_free(ld);
    sp_options_free(o);
}

/* 8: capacitated siting on the walk 15 min matrix of the greenfield
 * scenario (every hexagon a candidate), with and without the 117 facility
 * hexagons as fixed sites.  One run each (the MIP has a 60 s limit). */
static void bench_capsiting(void)
{
    const char *only = getenv("SP_BENCH_CAPSITING"); /* "fixed" / "greenfield": one case */
    for (int with_fixed = 0; with_fixed < 2; with_fixed++) {
        if (only && strcmp(only, with_fixed ? "fixed" : "greenfield"))
            continue;
        const char *fsets[] = {"inputs.sites=data/poa_hexgrid.csv", "inputs.sites.x=lon",
                               "inputs.sites.y=lat", "inputs.sites.id=id",
                               "inputs.sites.where=healthcare > 0", "siting.budget=20"};
        const char *gsets[] = {"siting.budget=20"};
        sp_options *o = with_fixed ? load("data/porto_alegre_greenfield.ini", fsets, 6)
                                   : load("data/porto_alegre_greenfield.ini", gsets, 1);
        o->render = 0;
        sp_loaded *ld = NULL;
        sp_outcome *r = NULL;
        if (sp_load(o, NULL, NULL, &ld) || sp_analyze(ld->in, o, NULL, NULL, &r)) {
            fprintf(stderr, "bench: %s\n", sp_error_message());
            exit(2);
        }
        const sp_recommend *rec = r->rec;
        int32_t nc = sp_costmatrix_n_candidates(rec->matrix);
        double *cap = malloc(sizeof *cap * (size_t)nc);
        uint8_t *flags = calloc((size_t)nc, 1);
        for (int32_t c = 0; c < nc; c++) {
            int32_t k = sp_recommend_cand(rec, c);
            cap[c] = k < 0 ? 2000 : 20000;
            flags[c] = k < 0 ? SP_SITE_FIXED : sp_snap_ok(&rec->snap[k]) ? 0 : SP_SITE_EXCLUDED;
        }
        for (int curve = 1; curve >= 0; curve--) {
            sp_siting_opts so;
            sp_siting_opts_default(&so);
            so.model = SP_SITING_MCLP;
            so.p = 20;
            so.radius = 15 * 60.0;
            so.flags = flags;
            so.capacity = cap;
            so.time_limit_s = 60;
            so.curve = curve;
            sp_siting_result *g = NULL;
            double t0 = now_s();
            if (sp_siting_solve(rec->matrix, &so, &g)) {
                fprintf(stderr, "bench: %s\n", sp_error_message());
                exit(2);
            }
            double secs = now_s() - t0;
            int n_opt = 0;
            for (int32_t k = 0; k < g->n_curve; k++)
                n_opt += g->curve[k].optimal;
            char buf[200];
            snprintf(buf, sizeof buf, "capacitated MCLP walk 15 min, %d cand. x 20,000, %s%s",
                     rec->n_cand, with_fixed ? "117 fixed x 2,000" : "greenfield",
                     curve ? ", budgets 1..20" : ", budget 20 only");
            row(buf, secs, "< 60 s");
            snprintf(buf, sizeof buf, "  served %.0f of %.0f (%.2f%%), %s, gap %.4f%%%s%s",
                     g->served_weight, g->total_weight, 100 * g->served_weight / g->total_weight,
                     g->optimal ? "proven optimal" : "not proven", 100 * g->gap,
                     curve ? ", curve optimal " : "", "");
            if (curve)
                snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%d/%d", n_opt, g->n_curve);
            printf("| %-66s | %9s | %-14s |\n", buf, g->method, "-");
            sp_siting_result_free(g);
        }
        free(cap);
        free(flags);
        sp_outcome_free(r);
        sp_loaded_free(ld);
        sp_options_free(o);
    }
}

/* 9: the mobile-unit plans of the worked examples (README "Mobile units"):
 * the whole run (load, coverage, stops, drive searches, plan), best of 3,
 * and the plan's figures. */
static void bench_mobile(const char *ini, const char *what)
{
    sp_options *o = load(ini, NULL, 0);
    double best = INFINITY, best_mob = INFINITY, best_plan = INFINITY;
    sp_loaded *ld = NULL;
    sp_outcome *r = NULL;
    for (int rep = 0; rep < 3; rep++) {
        sp_outcome_free(r);
        sp_loaded_free(ld);
        double t0 = now_s();
        if (sp_run(o, NULL, NULL, &ld, &r)) {
            fprintf(stderr, "bench: %s: %s\n", ini, sp_error_message());
            exit(2);
        }
        best = fmin(best, now_s() - t0);
        if (!r->mobile) {
            fprintf(stderr, "bench: %s has no [mobile]\n", ini);
            exit(2);
        }
        best_mob = fmin(best_mob, r->mobile->seconds);
        best_plan = fmin(best_plan, r->mobile->plan->seconds);
    }
    const sp_mobile *m = r->mobile;
    const sp_mobile_plan *p = m->plan;
    char buf[160];
    snprintf(buf, sizeof buf, "%s: whole run", what);
    row(buf, best, "-");
    snprintf(buf, sizeof buf, "  of which [mobile]: %d stops, %d visits a block", m->n_stops,
             p->visits_needed);
    row(buf, best_mob, "-");
    row("  of which the plan (routes, bound, exact step)", best_plan, "-");
    printf("| %-66s | %9d | %-14s |\n", "  unit-days used in the period",
           p->unit_days_used * m->visits, "-");
    printf("| %-66s | %9d | %-14s |\n", "  unit-days needed (period)",
           p->unit_days_needed * m->visits, "-");
    printf("| %-66s | %9d | %-14s |\n", "  lower bound (period)", p->lower_bound * m->visits, "-");
    printf("| %-66s | %9.0f | %-14s |\n", "  workers served", m->workers_served, "-");
    printf("| %-66s | %9.0f | %-14s |\n", "  workers target", m->workers_target, "-");
    sp_outcome_free(r);
    sp_loaded_free(ld);
    sp_options_free(o);
}

/* The whole run of ini with sets (no drawing), best of 3: *best and, of
 * it, *best_load; the last run's inputs and outcome are left in *ld, *r
 * (free r first). */
static void time_run(const char *ini, const char *const *sets, int n_sets, sp_options **opts,
                     double *best, double *best_load, sp_loaded **ld, sp_outcome **r)
{
    sp_options *o = load(ini, sets, n_sets);
    o->render = 0;
    o->quiet = 1;
    *best = *best_load = INFINITY;
    *ld = NULL;
    *r = NULL;
    for (int rep = 0; rep < 3; rep++) {
        sp_outcome_free(*r);
        sp_loaded_free(*ld);
        *r = NULL;
        *ld = NULL;
        double t0 = now_s();
        if (sp_load(o, NULL, NULL, ld)) {
            fprintf(stderr, "bench: %s: %s\n", ini, sp_error_message());
            exit(2);
        }
        double t1 = now_s();
        if (sp_analyze((*ld)->in, o, NULL, NULL, r)) {
            fprintf(stderr, "bench: %s: %s\n", ini, sp_error_message());
            exit(2);
        }
        *best = fmin(*best, now_s() - t0);
        *best_load = fmin(*best_load, t1 - t0);
    }
    *opts = o;
}

/* 10: area clusters (INI: polygons as clusters, scripts/bench.sh writes
 * it): for each mode, the whole run without drawing (load + analysis), best
 * of 3, and what it counted.  Demand points are read from the inputs
 * (sp_demand: an area's lattice points, cover/lattice.h); "snapped" are
 * those within max_snap_m of a road (the others are never covered).  An
 * area is partly covered when 0 < its covered workers < its workers.
 * POINTS_INI (or NULL): the same clusters as one point each (the point on
 * surface), for comparison: what the areas cost over their points. */
static void bench_areas(const char *ini, const char *points_ini)
{
    static const struct {
        const char *what, *mode, *minutes;
    } runs[] = {{"car 10 min", "travel.mode=car", "travel.minutes=10"},
                {"walk 15 min", "travel.mode=walk", "travel.minutes=15"}};
    printf("| %-66s | %9s | %-14s |\n", "benchmark (area clusters, 2 threads)", "seconds", "target");
    printf("|%s|%s|%s|\n", "--------------------------------------------------------------------",
           "-----------", "----------------");
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        const char *sets[] = {runs[k].mode, runs[k].minutes};
        sp_options *o = NULL;
        double best, best_load;
        sp_loaded *ld = NULL;
        sp_outcome *r = NULL;
        time_run(ini, sets, 2, &o, &best, &best_load, &ld, &r);
        const sp_inputs *in = ld->in;
        const sp_demand *d = in->demand;
        double T = o->minutes[o->n_minutes - 1] * 60;
        int32_t snapped = 0, areas = 0, partly = 0;
        for (int32_t p = 0; p < d->n_points; p++)
            snapped += sp_snap_ok(&d->point_snap[p]);
        for (int32_t c = 0; c < d->n_clusters; c++) {
            areas += in->clusters->geom && in->clusters->geom[c] &&
                     GEOSGeomTypeId_r(in->gctx, in->clusters->geom[c]) != GEOS_POINT;
            double w = sp_demand_cluster_within(d, c, r->cov->point_time_s, T);
            partly += w > 0 && w < in->clusters->weight[c];
        }
        char buf[200];
        snprintf(buf, sizeof buf, "%s, %d clusters (%d areas): whole run, no drawing",
                 runs[k].what, d->n_clusters, areas);
        row(buf, best, "-");
        row("  of which loading (roads, topology, lattices, snaps)", best_load, "-");
        snprintf(buf, sizeof buf, "  demand points (%d snapped within max_snap_m)", snapped);
        printf("| %-66s | %9d | %-14s |\n", buf, d->n_points, "-");
        snprintf(buf, sizeof buf, "  workers covered of %.0f (%.2f%%)", r->workers_total,
                 r->percent_covered);
        printf("| %-66s | %9.4f | %-14s |\n", buf, r->workers_covered, "-");
        snprintf(buf, sizeof buf, "  clusters covered (of which partly covered: %d)", partly);
        printf("| %-66s | %9d | %-14s |\n", buf, r->clusters_covered, "-");
        sp_outcome_free(r);
        sp_loaded_free(ld);
        sp_options_free(o);
        if (!points_ini)
            continue;
        time_run(points_ini, sets, 2, &o, &best, &best_load, &ld, &r);
        snprintf(buf, sizeof buf, "  the same as %d points (point on surface): whole run",
                 ld->in->demand->n_points);
        row(buf, best, "-");
        printf("| %-66s | %9.4f | %-14s |\n", "    their workers covered (all or nothing)",
               r->workers_covered, "-");
        sp_outcome_free(r);
        sp_loaded_free(ld);
        sp_options_free(o);
    }
}

/* 3: every hexagon a candidate, car 30 min, matrix only; with step = 1 also
 * the coverage step both ways (step_compare). */
static void bench_matrix(const char *ini, int step)
{
    char buf[160];
    sp_loaded *ld = NULL;
    const char *sets[] = {"travel.mode=car", "inputs.sites.where="};
    sp_options *o = load(ini, sets, 2);
    if (sp_load(o, NULL, NULL, &ld)) {
        fprintf(stderr, "bench: %s\n", sp_error_message());
        exit(2);
    }
    sp_inputs *in = ld->in;
    double limit = o->minutes[o->n_minutes - 1] * 60;
    sp_coverage_in ci = matrix_in(in, &limit);
    /* with the hierarchy by the rule (coverage.h), then the plain searches */
    double best[2] = {INFINITY, INFINITY}, b_search[2] = {0, 0}, b_step[2] = {0, 0}, b_h = 0;
    int64_t nnz[2] = {0, 0}, differ = 0;
    int used = 0;
    sp_costmatrix *keep[2] = {NULL, NULL};
    for (int rep = 0; rep < 6; rep++) {
        int k = rep % 2;
        ci.hierarchy = k ? -1 : 0;
        sp_coverage *c = NULL;
        double t0 = now_s();
        if (sp_coverage_compute(&ci, in->gctx, &c)) {
            fprintf(stderr, "bench: %s\n", sp_error_message());
            exit(2);
        }
        double t = now_s() - t0;
        if (t < best[k]) {
            best[k] = t;
            b_search[k] = c->search_seconds;
            b_step[k] = c->step_seconds;
            if (!k)
                b_h = c->hierarchy_seconds;
        }
        if (!k)
            used = c->used_hierarchy;
        nnz[k] = (int64_t)sp_costmatrix_n_pairs(c->matrix);
        if (!keep[k])
            keep[k] = sp_coverage_take_matrix(c);
        sp_coverage_free(c, in->gctx);
    }
    /* the two matrices: the same pairs, times equal but for the last bits */
    for (int32_t s = 0; s < in->n_sites && nnz[0] == nnz[1]; s++) {
        const int32_t *pa, *pb;
        const float *sa, *sb;
        size_t na = sp_costmatrix_get_row(keep[0], s, &pa, &sa);
        size_t nb = sp_costmatrix_get_row(keep[1], s, &pb, &sb);
        if (na != nb || memcmp(pa, pb, na * sizeof *pa)) {
            differ = -1;
            break;
        }
        for (size_t i = 0; i < na; i++)
            differ += sa[i] != sb[i];
    }
    sp_costmatrix_free(keep[0]);
    sp_costmatrix_free(keep[1]);
    if (differ < 0 || nnz[0] != nnz[1]) {
        fprintf(stderr, "bench: the hierarchy's matrix has other pairs than the plain searches'\n");
        exit(2);
    }
    snprintf(buf, sizeof buf, "coverage matrix %d x %zu, car 30 min (%lld pairs; %d nodes)",
             in->n_sites, in->clusters->n, (long long)nnz[0], in->graph->n_nodes);
    row(buf, best[0], "< 0.3 s");
    snprintf(buf, sizeof buf, "  of which building the hierarchy (%s)", used ? "used" : "not used");
    row(buf, b_h, "-");
    row("  of which the searches and coverage step (summed over threads)", b_search[0], "-");
    row("  of which the coverage step (summed over threads)", b_step[0], "-");
    row("  the same with plain searches (no hierarchy)", best[1], "-");
    row("  of which the searches and coverage step (summed over threads)", b_search[1], "-");
    printf("| %-66s | %9.2f | %-14s |\n", "  ratio plain / hierarchy", best[1] / best[0], "-");
    printf("| %-66s | %9lld | %-14s |\n", "  stored times that differ (float seconds)", (long long)differ, "-");
    if (step)
        step_compare(in, limit);
    sp_loaded_free(ld);
    sp_options_free(o);
}

/* The default scenario by car, 30 min: the 117 sites' searches with their
 * catchment polygons (coverage + catchments + gaps, no drawing). */
static void bench_car_catchments(const char *ini)
{
    char buf[160];
    sp_loaded *ld = NULL;
    const char *sets[] = {"travel.mode=car"};
    sp_options *o = load(ini, sets, 1);
    o->render = 0;
    if (sp_load(o, NULL, NULL, &ld)) {
        fprintf(stderr, "bench: %s\n", sp_error_message());
        exit(2);
    }
    double best_an = INFINITY, best_poly = INFINITY, best_search = INFINITY;
    for (int rep = 0; rep < 3; rep++) {
        sp_outcome *r = NULL;
        double t0 = now_s();
        if (sp_analyze(ld->in, o, NULL, NULL, &r)) {
            fprintf(stderr, "bench: %s\n", sp_error_message());
            exit(2);
        }
        best_an = fmin(best_an, now_s() - t0);
        best_poly = fmin(best_poly, r->cov->polygon_seconds);
        best_search = fmin(best_search, r->cov->search_seconds);
        sp_outcome_free(r);
    }
    snprintf(buf, sizeof buf, "car 30 min, %d sites: coverage + catchments + gaps", ld->in->n_sites);
    row(buf, best_an, "-");
    row("  of which the searches and coverage step (summed over threads)", best_search, "-");
    row("  of which catchment polygons (summed over threads)", best_poly, "-");
    sp_loaded_free(ld);
    sp_options_free(o);
}

int main(int argc, char **argv)
{
    if (argc > 2 && !strcmp(argv[1], "areas")) {   /* the area-cluster rows alone */
        sp_warn_set_muted(1);
        bench_areas(argv[2], argc > 3 ? argv[3] : NULL);
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "mobile")) {   /* the mobile rows alone */
        sp_warn_set_muted(1);
        bench_mobile("data/porto_alegre_mobile_truck.ini", "mobile truck: 1 unit, 400/day, walk 15 min gaps");
        bench_mobile("data/porto_alegre_mobile_rounds.ini", "doctor rounds: 30 largest, weekly");
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "search")) {   /* the search goals of issue 14 alone */
        sp_warn_set_muted(1);
        bench_matrix("data/porto_alegre.ini", 0);
        if (argc < 3 || strcmp(argv[2], "matrix"))
            bench_car_catchments("data/porto_alegre.ini");
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "capsiting")) {
        sp_warn_set_muted(1);
        bench_capsiting();
        return 0;
    }
    const char *ini = argc > 1 ? argv[1] : "data/porto_alegre.ini";
    sp_warn_set_muted(1);
    printf("| %-66s | %9s | %-14s |\n", "benchmark (Porto Alegre, 2 threads)", "seconds", "target");
    printf("|%s|%s|%s|\n", "--------------------------------------------------------------------",
           "-----------", "----------------");

    /* 1 + 2: default scenario. */
    sp_options *o = load(ini, NULL, 0);
    double best_load = INFINITY, best_an = INFINITY, best_poly = INFINITY, best_step = INFINITY;
    double best_resp = INFINITY;
    sp_loaded *ld = NULL;
    sp_inputs *in = NULL;
    for (int rep = 0; rep < 3; rep++) {
        sp_loaded_free(ld);
        double t0 = now_s();
        if (sp_load(o, NULL, NULL, &ld)) {
            fprintf(stderr, "bench: %s\n", sp_error_message());
            return 2;
        }
        in = ld->in;
        best_load = fmin(best_load, now_s() - t0);
        sp_outcome *r = NULL;
        t0 = now_s();
        if (sp_analyze(in, o, NULL, NULL, &r)) {
            fprintf(stderr, "bench: %s\n", sp_error_message());
            return 2;
        }
        best_an = fmin(best_an, now_s() - t0);
        best_poly = fmin(best_poly, r->cov->polygon_seconds);
        best_step = fmin(best_step, r->cov->step_seconds);
        best_resp = fmin(best_resp, r->cov->responsibility_seconds);
        sp_outcome_free(r);
    }
    char buf[160];
    snprintf(buf, sizeof buf, "load inputs + build walk graph (%d nodes, %d edges)",
             in->graph->n_nodes, in->graph->n_edges);
    row(buf, best_load, "-");
    snprintf(buf, sizeof buf, "walk 30 min, %d sites: coverage + catchments + gaps", in->n_sites);
    row(buf, best_an, "a few seconds");
    row("  of which catchment polygons (summed over threads)", best_poly, "-");
    row("  of which responsibility areas (merges summed + one polygonize)", best_resp, "-");
    row("  of which the coverage step (summed over threads)", best_step, "-");
    printf("| %-66s | %9.1f | %-14s |\n", "  graph memory (MiB)", sp_graph_bytes(in->graph) / 1048576.0, "-");
    /* For comparison: the method NOT chosen for catchments, buffering the
     * reached links with GEOS and unioning them (first 5 sites). */
    {
        sp_search *ws = sp_search_new(in->graph);
        double limit = o->minutes[o->n_minutes - 1] * 60, total = 0;
        int n_done = 0;
        for (int32_t s = 0; s < in->n_sites && n_done < 5; s++) {
            if (!sp_snap_ok(&in->site_snap[s]))
                continue;
            sp_seed seeds[2];
            size_t ns = sp_reach_site_seeds(in->graph, &in->site_snap[s], seeds);
            sp_search_run(ws, in->graph, SP_REVERSE, seeds, ns, limit);
            double t0 = now_s();
            const sp_graph *g = in->graph;
            GEOSGeometry **parts = malloc(sizeof *parts * (size_t)g->n_links);
            unsigned np = 0;
            for (int32_t l = 0; l < g->n_links; l++) {
                const sp_link *k = &g->links[l];
                if (!isfinite(sp_search_dist(ws, k->from)) || !isfinite(sp_search_dist(ws, k->to)))
                    continue;
                GEOSCoordSequence *cs = GEOSCoordSeq_copyFromBuffer_r(
                    in->gctx, &g->geom_xy[2 * (size_t)k->geom_off], k->geom_len, 0, 0);
                GEOSGeometry *ls = GEOSGeom_createLineString_r(in->gctx, cs);
                parts[np++] = GEOSBuffer_r(in->gctx, ls, 60, 4);
                GEOSGeom_destroy_r(in->gctx, ls);
            }
            GEOSGeometry *coll = GEOSGeom_createCollection_r(in->gctx, GEOS_GEOMETRYCOLLECTION, parts, np);
            GEOSGeometry *u = GEOSUnaryUnion_r(in->gctx, coll);
            total += now_s() - t0;
            GEOSGeom_destroy_r(in->gctx, u);
            GEOSGeom_destroy_r(in->gctx, coll);
            free(parts);
            n_done++;
        }
        sp_search_free(ws);
        row("  (rejected method) GEOS buffer+union of reached links, per site", total / n_done, "-");
        row("  chosen method: grid burn + polygonize, per site", best_poly / in->n_sites, "-");
    }
    step_compare(in, o->minutes[o->n_minutes - 1] * 60);
    sp_loaded_free(ld);
    sp_options_free(o);

    bench_matrix(ini, 1);

    /* 4: greenfield MCLP, car 5 minutes, every hexagon a candidate, budgets
     * 1..20 each solved to proven optimality (the coverage curve). */
    {
        const char *gsets[] = {"travel.mode=car", "travel.minutes=5", "siting.budget=20"};
        const char *gini = argc > 2 ? argv[2] : "data/porto_alegre_greenfield.ini";
        o = load(gini, gsets, 3);
        o->render = 0;
        if (sp_load(o, NULL, NULL, &ld)) {
            fprintf(stderr, "bench: %s\n", sp_error_message());
            return 2;
        }
        in = ld->in;
        double best_solve = INFINITY, best_matrix = INFINITY;
        const sp_siting_result *sr = NULL;
        sp_outcome *keep = NULL;
        for (int rep = 0; rep < 3; rep++) {
            sp_outcome *r = NULL;
            double t0 = now_s();
            if (sp_analyze(in, o, NULL, NULL, &r)) {
                fprintf(stderr, "bench: %s\n", sp_error_message());
                return 2;
            }
            double total = now_s() - t0;
            double solve = r->rec->res->seconds;
            best_solve = fmin(best_solve, solve);
            best_matrix = fmin(best_matrix, total - solve);
            sp_outcome_free(keep);
            keep = r;
        }
        sr = keep->rec->res;
        int n_opt = 0;
        for (int32_t k = 1; k < sr->n_curve; k++)
            n_opt += sr->curve[k].optimal;
        snprintf(buf, sizeof buf, "MCLP car 5 min, %d candidates, budgets 1..20 (%d/20 proven optimal)",
                 keep->rec->n_cand, n_opt);
        row(buf, best_solve, "< 10 s");
        row("  analysis before the solve (coverage, matrix, gaps)", best_matrix, "-");
        /* How far plain greedy falls short at each budget. */
        double worst = 0;
        int worst_p = 0;
        for (int32_t p = 1; p <= 20; p++) {
            sp_siting_opts so;
            sp_siting_opts_default(&so);
            so.model = SP_SITING_MCLP;
            so.p = p;
            so.radius = 5 * 60.0;
            so.curve = 0;
            so.use_mip = 0;
            so.heuristics = 1;
            sp_siting_result *g = NULL;
            if (sp_siting_solve(keep->rec->matrix, &so, &g) == SP_OK) {
                double gap = 100 * (sr->curve[p].objective - g->objective) / sr->curve[p].objective;
                if (gap > worst) {
                    worst = gap;
                    worst_p = p;
                }
            }
            sp_siting_result_free(g);
        }
        printf("| %-66s | %9.2f | %-14s |\n", "  greedy alone: worst shortfall below the optimum (%)", worst, "-");
        printf("| %-66s | %9d | %-14s |\n", "  ... at budget", worst_p, "-");
        sp_outcome_free(keep);
        sp_loaded_free(ld);
        sp_options_free(o);
    }

    bench_gaps();
    bench_mobile("data/porto_alegre_mobile_truck.ini", "mobile truck: 1 unit, 400/day, walk 15 min gaps");
    bench_mobile("data/porto_alegre_mobile_rounds.ini", "doctor rounds: 30 largest, weekly");
    bench_capassign(ini);
    bench_capsiting();

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("| %-66s | %9.1f | %-14s |\n", "peak resident memory of the benchmark (MiB)",
           ru.ru_maxrss / 1024.0, "-");

    /* After the peak memory line: its seven more reads of the OSM file
     * through GDAL would raise the peak (heap growth between reads) and
     * make the figure incomparable with earlier runs. */
    bench_cache(ini);
    return 0;
}
