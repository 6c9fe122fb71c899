/* run.c — load, analyze, summarise; see run.h. */
#include "run.h"
#include "progress.h"
#include "clock.h"
#include "number.h"
#include "recommend.h"
#include "after.h"
#include "gapzones.h"
#include "capacity.h"
#include "mobile_units.h"
#include "snap.h"
#include "membound.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sp_outcome_free(sp_outcome *r)
{
    if (!r)
        return;
    GEOSContextHandle_t gctx = r->in ? r->in->gctx : NULL;
    sp_coverage_free(r->cov, gctx);
    sp_gaps_free(r->gaps, gctx);
    sp_after_free(r->after, gctx);
    sp_capoutcome_free(r->cap);
    sp_mobile_free(r->mobile);
    sp_recommend_free(r->rec);
    free(r->site_share);
    free(r->covered);
    free(r->cl_sum);
    free(r->ring_area_km2);
    sp_mapcheck_free(r->mapcheck);
    free(r);
}

/* One warning line when the drawn coverage area disagrees with the counts:
 * how many clusters, then the first ring that disagrees with up to
 * SP_MAPCHECK_EXAMPLES of its clusters, then the other rings' counts. */
static void warn_mapcheck(const sp_outcome *r)
{
    const sp_mapcheck *m = r->mapcheck;
    const sp_options *o = r->opts;
    if (!m || m->disagreeing == 0)
        return;
    char ex[1024], more[256];
    size_t at = 0, mo = 0;
    ex[0] = more[0] = '\0';
    int first = -1;
    for (int k = 0; k < m->n_limits; k++) {
        if (m->by_ring[k] == 0)
            continue;
        if (first >= 0) {
            if (mo < sizeof more)
                mo += (size_t)snprintf(more + mo, sizeof more - mo, "; at %g minutes: %d",
                                       o->minutes[k], m->by_ring[k]);
            continue;
        }
        first = k;
        int n = m->by_ring[k] < SP_MAPCHECK_EXAMPLES ? m->by_ring[k] : SP_MAPCHECK_EXAMPLES;
        for (int e = 0; e < n && at < sizeof ex; e++) {
            const sp_mapcheck_case *x = &m->example[k * SP_MAPCHECK_EXAMPLES + e];
            char t[64];
            if (isfinite(x->time_s))
                snprintf(t, sizeof t, "%.2f min", x->time_s / 60.0);
            else
                snprintf(t, sizeof t, "beyond %g min", o->minutes[o->n_minutes - 1]);
            at += (size_t)snprintf(ex + at, sizeof ex - at, "%s%s: %s but %.0f m %s the area",
                                   e ? ", " : "", r->in->clusters->id[x->cluster], t,
                                   fabs(x->dist_m), x->dist_m > 0 ? "outside" : "inside");
        }
    }
    sp_warn("%s: map check: %d cluster%s disagree%s with the drawn coverage area by more than "
            "one cell (%.1f m; summary.json catchment.map_check): at %g minutes: %d, e.g. %s%s",
            o->source_path ? o->source_path : "scenario", m->disagreeing,
            m->disagreeing == 1 ? "" : "s", m->disagreeing == 1 ? "s" : "", m->tol_m,
            o->minutes[first], m->by_ring[first], ex, more);
}

/* The work bound of the catchment polygons (catchment.h): refuse, naming
 * the keys, a run whose grid would be far larger than any useful one.  With
 * [siting], every new site the budget allows counts as a full site (an
 * upper estimate: mclp may stop early; target's budget is its cap, 0 =
 * none, and then its new sites are not counted: README "Work bound"). */
static sp_status check_work(const sp_inputs *in, const sp_options *o, double max_s)
{
    int64_t n_new = o->siting && o->per_site ? o->budget : 0;
    int64_t n = o->per_site ? in->n_sites + n_new : 0; /* per_site = no: the area only */
    double cell_m = sp_options_cell_m(o), top_kmh = 0;
    double cells = sp_catchment_work_cells(in->graph, n, max_s, cell_m, o->max_snap_m, &top_kmh);
    if (cells <= SP_CATCHMENT_MAX_WORK_CELLS)
        return SP_OK;
    /* the whole metres of cell that bring the estimate within the bound
     * (the cells' margins make the estimate fall a little slower than
     * 1 / cell_m^2, so check rather than trust the square root) */
    double need = ceil(cell_m * sqrt(cells / SP_CATCHMENT_MAX_WORK_CELLS));
    char budget_s[64], sites_s[96];
    snprintf(budget_s, sizeof budget_s, "%lld new ones)", (long long)n_new);
    if (o->per_site)
        snprintf(sites_s, sizeof sites_s, "%lld sites", (long long)n);
    else
        snprintf(sites_s, sizeof sites_s, "per_site = no (the coverage area only: the network's "
                                          "extent once)");
    while (need < 1000 &&
           sp_catchment_work_cells(in->graph, n, max_s, need, o->max_snap_m, NULL) >
               SP_CATCHMENT_MAX_WORK_CELLS)
        need++;
    return sp_error(SP_E_INPUT,
                    "%s: the catchment polygons would time about %.2g grid cells, more than the "
                    "bound of %.0e (README.md, \"Catchment polygons\"): [catchment] cell_m = %g m, "
                    "%s%s%s, [travel] mode = %s (up to %.0f km/h), minutes = %g, "
                    "max_snap_m = %g; raise [catchment] cell_m to %.0f m or more, or lower [travel] "
                    "minutes or max_snap_m, or use a slower mode%s",
                    o->source_path ? o->source_path : "scenario", cells,
                    SP_CATCHMENT_MAX_WORK_CELLS, cell_m, sites_s,
                    n_new ? " (counting [siting] budget = " : "", n_new ? budget_s : "",
                    sp_mode_name(o->mode), top_kmh, max_s / 60, o->max_snap_m, need,
                    n_new ? ", or a smaller [siting] budget" : "");
}

sp_status sp_analyze(const sp_inputs *in, const sp_options *o, GDALProgressFunc progress,
                     void *parg, sp_outcome **out)
{
    *out = NULL;
    double t0 = sp_now();
    sp_outcome *r = calloc(1, sizeof *r);
    if (!r)
        return sp_error(SP_E_NOMEM, "out of memory");
    r->opts = o;
    r->in = in;
    sp_status st = SP_OK;
    const sp_points *cl = in->clusters;
    int32_t nc = (int32_t)cl->n, ns = in->n_sites;
    double limits[SP_MAX_RINGS];
    for (int i = 0; i < o->n_minutes; i++)
        limits[i] = o->minutes[i] * 60.0;
    double T = limits[o->n_minutes - 1];

    if ((st = check_work(in, o, T)) || (st = sp_membound_check(in, o, T)))
        goto fail;

    sp_coverage_in ci = {0};
    ci.g = in->graph;
    ci.site_snap = in->site_snap;
    ci.n_sites = ns;
    ci.demand = in->demand; /* no ids: the analysis matrix is anonymous */
    ci.limits_s = limits;
    ci.n_limits = o->n_minutes;
    ci.threads = o->threads;
    ci.dist = o->dist;
    ci.want_polygons = o->per_site;
    ci.want_area = 1;
    ci.want_responsibility = o->per_site;
    sp_catchment_opts_default(&ci.cat_opts);
    ci.cat_opts.cell_m = sp_options_cell_m(o);
    ci.cat_opts.access = sp_snapper_access(in->setup->snapper[o->snap]);
    ci.cat_opts.max_snap_m = o->max_snap_m;
    ci.cat_opts.walk_kmh = o->walk_kmh;
    /* with [mobile], the coverage searches take 0 .. 0.8, the units 0.8 .. 1 */
    sp_stage cov_stage = {progress, parg, 0, 0.8}, mob_stage = {progress, parg, 0.8, 1};
    ci.progress = progress && o->mobile_on ? sp_stage_progress : progress;
    ci.progress_arg = progress && o->mobile_on ? (void *)&cov_stage : parg;
    if ((st = sp_coverage_compute(&ci, in->gctx, &r->cov)))
        goto fail;
    /* the self-check: the drawn area against the counts, one cell diagonal */
    if (r->cov->area) {
        /* a cluster's point: the demand point that gives its counted time
         * (its best; the first on ties), else its representative point */
        double *cxy = sp_malloc_n(2 * (size_t)nc + 1, sizeof *cxy);
        if (!cxy) {
            st = sp_error(SP_E_NOMEM, "out of memory");
            goto fail;
        }
        const sp_demand *dm = in->demand;
        for (int32_t i = 0; i < nc; i++) {
            int32_t best = -1;
            for (int32_t p = dm->cluster_first[i]; p < dm->cluster_first[i] + dm->cluster_count[i]; p++)
                if (r->cov->point_time_s[p] < INFINITY &&
                    (best < 0 || r->cov->point_time_s[p] < r->cov->point_time_s[best]))
                    best = p;
            const double *q = best >= 0 && in->demand_xy ? &in->demand_xy[2 * (size_t)best] : &cl->xy[2 * (size_t)i];
            cxy[2 * i] = q[0];
            cxy[2 * i + 1] = q[1];
        }
        st = sp_mapcheck_run(in->gctx, r->cov->area, limits, o->n_minutes, nc, cxy, r->cov->time_s,
                             in->cluster_gated,
                             ci.cat_opts.cell_m * M_SQRT2, &r->mapcheck);
        free(cxy);
        if (st)
            goto fail;
        warn_mapcheck(r);
    }

    r->covered = sp_calloc_n((size_t)nc, 1);
    r->cl_sum = sp_calloc_n((size_t)nc + 1, sizeof *r->cl_sum);
    r->site_share = sp_calloc_n((size_t)ns + 1, sizeof *r->site_share);
    r->ring_area_km2 = sp_calloc_n((size_t)ns * o->n_minutes, sizeof *r->ring_area_km2);
    if (!r->covered || !r->cl_sum || !r->site_share || !r->ring_area_km2) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto fail;
    }
    r->clusters_total = nc;
    for (int32_t i = 0; i < nc; i++) {
        r->workers_total += cl->weight[i];
        /* its demand points at the threshold: reachable when one of them is
         * snapped (a point cluster: its point, as before) */
        sp_demand_cluster_sum *cs = &r->cl_sum[i];
        sp_demand_cluster_summary(in->demand, i, r->cov->point_time_s, T, cs);
        r->demand_points += cs->points;
        if (!cs->reachable)
            r->clusters_unreachable++;
        int gt = cl->geom && cl->geom[i] ? GEOSGeomTypeId_r(in->gctx, cl->geom[i]) : -1;
        r->clusters_areas += gt == GEOS_POLYGON || gt == GEOS_MULTIPOLYGON;
        r->clusters_partly_covered += cs->share > 0 && cs->share < 1;
        double t = r->cov->time_s[i];
        for (int k = 0; k < o->n_minutes; k++)
            if (sp_covers(t, limits[k])) {
                r->ring_workers[k] +=
                    sp_demand_cluster_within(in->demand, i, r->cov->point_time_s, limits[k]);
                r->ring_clusters[k]++;
            }
        if (sp_covers(t, T)) {
            r->covered[i] = 1;
            r->clusters_covered++;
            r->workers_covered += sp_demand_cluster_within(in->demand, i, r->cov->point_time_s, T);
        }
    }
    r->percent_covered = r->workers_total > 0 ? 100.0 * r->workers_covered / r->workers_total : 0;
    for (int32_t s = 0; s < ns; s++) {
        if (!sp_snap_ok(&in->site_snap[s]))
            r->sites_unreachable++;
        for (int k = 0; k < o->n_minutes; k++) {
            GEOSGeometry *p =
                r->cov->catchment ? r->cov->catchment[(size_t)s * o->n_minutes + k] : NULL;
            double a = 0;
            if (p && !GEOSisEmpty_r(in->gctx, p))
                GEOSArea_r(in->gctx, p, &a);
            r->ring_area_km2[(size_t)s * o->n_minutes + k] = a / 1e6;
        }
    }
    st = sp_gap_zones(in, r->cov->point_time_s, T, o->gap_link_m, &r->gaps);
    if (st || (st = sp_site_shares(r->cov, in->demand, T, r->site_share)))
        goto fail;
    /* [capacity]: who of the covered the existing sites can serve */
    if (o->capacity_on && (st = sp_capacity_run(in, r->cov, T, r->workers_covered, &r->cap)))
        goto fail;
    if (o->siting && (st = sp_recommend_run(in, o, r->covered, r->cov, NULL, NULL, &r->rec)))
        goto fail;
    if (r->rec && (st = sp_after_compute(in, o, r->cov, r->rec, &ci.cat_opts, &r->after)))
        goto fail;
    /* [mobile]: units fill what is left, after the analysis and capacity */
    if (o->mobile_on &&
        (st = sp_mobile_run(in, o, r->cov, T, progress ? sp_stage_progress : NULL, &mob_stage,
                            &r->mobile)))
        goto fail;
    r->analyze_seconds = sp_now() - t0;
    *out = r;
    return SP_OK;
fail:
    sp_outcome_free(r);
    return st;
}

sp_status sp_run(const sp_options *o, GDALProgressFunc progress, void *parg,
                 sp_loaded **loaded, sp_outcome **out)
{
    return sp_run_early(o, NULL, progress, parg, loaded, out);
}

sp_status sp_run_early(const sp_options *o, const char *gpkg_dir, GDALProgressFunc progress,
                       void *parg, sp_loaded **loaded, sp_outcome **out)
{
    *loaded = NULL;
    *out = NULL;
    sp_stage a = {progress, parg, 0.0, 0.5}, b = {progress, parg, 0.5, 1.0};
    sp_status st = sp_load_early(o, gpkg_dir, progress ? sp_stage_progress : NULL, &a, loaded);
    if (st)
        return st;
    st = sp_analyze((*loaded)->in, o, progress ? sp_stage_progress : NULL, &b, out);
    if (st) {
        sp_loaded_free(*loaded);
        *loaded = NULL;
    }
    return st;
}

/* The after state in two lines: coverage and gaps with the new sites. */
static void print_after(const sp_outcome *r, FILE *f)
{
    const sp_after *a = r->after;
    if (!a)
        return;
    double pct = r->workers_total > 0 ? 100 * a->workers_covered / r->workers_total : 0;
    fprintf(f, "With the new sites: %.0f workers covered (%.1f%%), %d clusters uncovered, "
            "%d gap%s left", a->workers_covered, sp_pct_shown(pct, 1), r->clusters_total - a->clusters_covered,
            a->gaps->n, a->gaps->n == 1 ? "" : "s");
    if (a->gaps->n > 0)
        fprintf(f, " (the largest: %.0f workers)", a->gaps->zones[0].workers);
    fputc('\n', f);
}

static void print_recommendations(const sp_outcome *r, FILE *f)
{
    const sp_recommend *rc = r->rec;
    const sp_siting_result *sr = rc->res;
    int capped = sr->model == SP_SITING_TARGET && sr->target_status == SP_TARGET_CAPPED;
    /* [capacity]: the objective and the ranks count served workers */
    const int sv = sr->capacitated;
    const double pct = sv ? (sr->total_weight > 0 ? 100 * sr->served_weight / sr->total_weight : 0)
                          : sr->covered_percent;
    const char *done = sv ? "served" : "covered", *verb = sv ? "serve" : "cover";
    if (capped) {
        /* no answer to "the fewest sites that reach the target": say what
         * the cap allows, and how sure that is */
        fprintf(f, "Recommendations (target, %d candidates): target %g%% NOT reached with at most "
                   "%d new site%s\n", rc->n_cand, r->opts->target_percent, sr->budget,
                sr->budget == 1 ? "" : "s");
        fprintf(f, "  best %s with %d new site%s: %.2f%%, ", sv ? "service" : "coverage",
                sr->n_sites, sr->n_sites == 1 ? "" : "s", sp_pct_shown(pct, 2));
        if (sr->cap_optimal)
            fprintf(f, "proven (no %d new sites %s more)\n", sr->budget, verb);
        else if (isfinite(sr->cap_bound) && sr->total_weight > 0)
            fprintf(f, "not proven: no %d new sites %s more than %.2f%%\n", sr->budget, verb,
                    sp_pct_shown(100 * sr->cap_bound / sr->total_weight, 2));
        else
            fprintf(f, "not proven, no bound\n");
    } else {
        fprintf(f, "Recommendations (%s, %d candidates): %d new site%s, %s\n",
                sp_siting_model_name(sr->model), rc->n_cand, sr->n_sites,
                sr->n_sites == 1 ? "" : "s", sr->optimal ? "proven optimal" : "not proven optimal");
    }
    if (sr->model == SP_SITING_MCLP && sr->n_sites < sr->budget)
        fprintf(f, "  only %d new site%s add workers: the budget of %d is not needed "
                   "([siting] fill_budget = yes keeps all %d)\n",
                sr->n_sites, sr->n_sites == 1 ? "" : "s", sr->budget, sr->budget);
    if (sr->model == SP_SITING_TARGET && sr->target_status == SP_TARGET_MET)
        fprintf(f, "  target %g%% of workers: reached (%.2f%% %s)\n", r->opts->target_percent,
                sp_pct_shown(pct, 2), done);
    if (sr->model == SP_SITING_TARGET && sr->target_status == SP_TARGET_BEYOND_REACH)
        fprintf(f, "  target %g%% of workers is beyond reach: all candidates together %s %.2f%%; "
                   "these %d sites %s that much\n",
                r->opts->target_percent, verb, sp_pct_shown(pct, 2), sr->n_sites, verb);
    if (capped)
        ; /* the objective (a site count) says nothing here */
    else if (isfinite(sr->bound))
        fprintf(f, "  objective %.6g, best bound %.6g, gap %.4f%% (%s, %.2f s)\n", sr->objective,
                sr->bound, 100 * sr->gap, sr->method, sr->seconds);
    else
        fprintf(f, "  objective %.6g, no bound proven (%s, %.2f s)\n", sr->objective, sr->method,
                sr->seconds);
    if (sr->model == SP_SITING_PMEDIAN && sr->mean_cost > 0 && isfinite(sr->objective)) {
        double reached = sr->objective / sr->mean_cost; /* the workers in the objective */
        fprintf(f, "  mean %.2f minutes per worker", sr->mean_cost / 60.0);
        if (isfinite(sr->bound))
            fprintf(f, "; no choice of %d sites can do better than %.2f", sr->n_sites,
                    sr->bound / reached / 60.0);
        fputc('\n', f);
    }
    for (int32_t k = 0; k < sr->n_sites && k < 10; k++) {
        const sp_siting_rank *rk = &sr->ranks[k];
        int32_t c = sp_recommend_cand(rc, rk->site);
        /* capacitated: the workers are served ones, the clusters those it
         * newly brings within the threshold (it may serve others' workers) */
        fprintf(f, "  %2d. %s: +%.0f workers%s (%d clusters%s), %.1f%% %s\n", k + 1,
                c >= 0 ? rc->id[c] : "?", rk->added_weight, sv ? " served" : "", rk->n_new,
                sv ? " newly covered" : "", sp_pct_shown(rk->cum_percent, 1), done);
    }
    if (sr->n_sites > 10)
        fprintf(f, "  ... %d more in recommendations.csv\n", sr->n_sites - 10);
    print_after(r, f);
}

/* Does site a come before site b: more workers only it covers, then more
 * assigned, then the lower index. */
static int share_before(const sp_site_share *sh, int32_t a, int32_t b)
{
    if (sh[a].workers_only != sh[b].workers_only)
        return sh[a].workers_only > sh[b].workers_only;
    if (sh[a].workers_assigned != sh[b].workers_assigned)
        return sh[a].workers_assigned > sh[b].workers_assigned;
    return a < b;
}

/* The (up to) 5 sites that would lose the most workers if closed. */
static void print_sites(const sp_outcome *r, FILE *f)
{
    const sp_site_share *sh = r->site_share;
    int32_t ns = r->in->n_sites, top[5];
    int n_top = 0;
    for (int32_t s = 0; s < ns; s++) {
        int at = n_top < 5 ? n_top++ : 5;
        while (at > 0 && share_before(sh, s, top[at - 1])) {
            if (at < 5)
                top[at] = top[at - 1];
            at--;
        }
        if (at < 5)
            top[at] = s;
    }
    fprintf(f, "Sites: workers each reaches, is the nearest site for (assigned) and alone reaches "
               "(lost if it closed); the %d with most to lose:\n", n_top);
    for (int k = 0; k < n_top; k++) {
        size_t row;
        const sp_points *p = sp_inputs_site_layer(r->in, top[k], &row);
        const sp_site_share *x = &sh[top[k]];
        fprintf(f, "  %d. %s%s%s%s: %.0f reached, %.0f assigned, %.0f only it covers\n", k + 1,
                p->id[row], p->name[row] ? " (" : "", p->name[row] ? p->name[row] : "",
                p->name[row] ? ")" : "", x->workers_reached, x->workers_assigned, x->workers_only);
    }
}

/* [capacity]: the three-way split, then up to 5 full sites (most load
 * first, ties to the lower index). */
static void print_capacity(const sp_outcome *r, FILE *f)
{
    const sp_capoutcome *c = r->cap;
    double part[3] = {c->served, c->over, c->not_covered}, pct[3];
    sp_capacity_pct3(part, c->total, 1, pct);
    fprintf(f, "Capacity: %.0f served (%.1f%%), %.0f covered but over capacity (%.1f%%), %.0f not "
            "covered (%.1f%%); %d site%s full\n", c->served, pct[0], c->over, pct[1],
            c->not_covered, pct[2], c->n_full, c->n_full == 1 ? "" : "s");
    int32_t top[5];
    int n_top = 0;
    for (int32_t s = 0; s < c->n_sites; s++) {
        if (isinf(c->capacity[s]) || c->load[s] < c->capacity[s] - 1e-9 * fmax(1, c->capacity[s]))
            continue;
        int at = n_top < 5 ? n_top++ : 5;
        while (at > 0 && c->load[s] > c->load[top[at - 1]]) {
            if (at < 5)
                top[at] = top[at - 1];
            at--;
        }
        if (at < 5)
            top[at] = s;
    }
    for (int k = 0; k < n_top; k++) {
        size_t row;
        const sp_points *p = sp_inputs_site_layer(r->in, top[k], &row);
        fprintf(f, "  full: %s%s%s%s, %.0f workers (its capacity)\n", p->id[row],
                p->name[row] ? " (" : "", p->name[row] ? p->name[row] : "",
                p->name[row] ? ")" : "", c->load[top[k]]);
    }
    if (c->n_full > n_top)
        fprintf(f, "  ... %d more full in sites.csv\n", c->n_full - n_top);
}

/* [mobile]: one line of the plan, one of who is not served. */
static void print_mobile(const sp_outcome *r, FILE *f)
{
    const sp_mobile *m = r->mobile;
    const sp_mobile_plan *p = m->plan;
    int v = m->visits;
    fprintf(f, "Mobile units: %d stop%s, %d unit-day%s over %d days (%d needed, lower bound %d%s), "
            "%.0f of %.0f target workers served (%.1f%%), %.0f min driving\n",
            m->n_stops, m->n_stops == 1 ? "" : "s", p->unit_days_used * v,
            p->unit_days_used * v == 1 ? "" : "s", m->period_days, p->unit_days_needed * v,
            p->lower_bound * v, p->exact ? ", optimal" : "", m->workers_served,
            m->workers_target,
            sp_pct_shown(m->workers_target > 0 ? 100 * m->workers_served / m->workers_target : 0, 1),
            p->drive_s_total * v / 60);
    double un = 0;
    for (int k = 0; k <= SP_MOBILE_REASON_COUNT; k++)
        un += m->workers_unserved[k];
    if (un > 0)
        fprintf(f, "  not served: %.0f unreachable, %.0f too far, %.0f no days left, %.0f no stop "
                "within walk_minutes\n", m->workers_unserved[SP_MOBILE_UNREACHABLE],
                m->workers_unserved[SP_MOBILE_TOO_FAR], m->workers_unserved[SP_MOBILE_NO_DAYS],
                m->workers_unserved[SP_MOBILE_NO_STOP]);
}

void sp_outcome_print_summary(const sp_outcome *r, FILE *f)
{
    const sp_options *o = r->opts;
    fprintf(f, "Scenario: %s\n", o->name ? o->name : "(unnamed)");
    if (o->title_stale)
        fprintf(f, "Note: the title was written for %s, %g minutes; this run is %s, %g minutes "
                "(the maps are titled by what ran)\n", sp_mode_name(o->title_mode),
                o->title_minutes, sp_mode_name(o->mode), o->minutes[o->n_minutes - 1]);
    fprintf(f, "Travel: %s, %g minutes; %d sites (%d unreachable); CRS %s\n",
            sp_mode_name(o->mode), o->minutes[o->n_minutes - 1], r->in->n_sites,
            r->sites_unreachable, sp_crs_name(r->in->crs));
    fprintf(f, "Workers: %.0f total, %.0f covered (%.1f%%)\n", r->workers_total,
            r->workers_covered, sp_pct_shown(r->percent_covered, 1));
    if (r->cap)
        print_capacity(r, f);
    fprintf(f, "Clusters: %d total, %d covered, %d uncovered, %d unreachable (too far from a road)\n",
            r->clusters_total, r->clusters_covered, r->clusters_total - r->clusters_covered,
            r->clusters_unreachable);
    if (r->clusters_areas > 0)   /* area clusters (their lines only when there are some) */
        fprintf(f, "Areas: %d of the clusters, %d demand points in all; %d partly covered\n",
                r->clusters_areas, r->demand_points, r->clusters_partly_covered);
    fprintf(f, "Gaps: %d zones of uncovered workers; the largest:\n", r->gaps->n);
    for (int32_t k = 0; k < r->gaps->n && k < 5; k++) {
        const sp_gap *z = &r->gaps->zones[k];
        const sp_points *cl = r->in->clusters;
        const char *nm = cl->name[z->largest] ? cl->name[z->largest] : cl->id[z->largest];
        fprintf(f, "  %d. %.0f workers in %d cluster%s, around %s\n", z->rank, z->workers,
                z->n_clusters, z->n_clusters == 1 ? "" : "s", nm);
    }
    if (r->in->n_sites > 0)
        print_sites(r, f);
    if (r->rec)
        print_recommendations(r, f);
    if (r->mobile)
        print_mobile(r, f);
}
