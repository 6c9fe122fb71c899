/* run.c — load, analyze, summarise; see run.h. */
#include "run.h"
#include "clock.h"
#include "recommend.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const sp_points *sp_inputs_site_layer(const sp_inputs *in, int32_t site, size_t *row)
{
    return sp_siteset_site(in->set, site, row);
}

const char *sp_inputs_site_kind(const sp_inputs *in, int32_t site)
{
    return sp_siteset_site_kind(in->set, site);
}

void sp_inputs_free(sp_inputs *in)
{
    if (!in)
        return;
    free(in->cl_snap);
    free(in->site_snap);
    free(in->cand_snap);
    free(in);
}

/* Progress of one stage mapped into [lo, hi] of the whole. */
typedef struct {
    GDALProgressFunc fn;
    void *arg;
    double lo, hi;
} stage;

static int stage_cb(double f, const char *msg, void *arg)
{
    stage *s = arg;
    return s->fn ? s->fn(s->lo + f * (s->hi - s->lo), msg, s->arg) : 1;
}

#define FAR_LIST_MAX 10

/* Snap a layer's points; warn about far and unreachable ones; error when a
 * point is so far that the data must be wrong. */
static sp_status snap_layer(const sp_inputs *in, const sp_options *o, const sp_points *p,
                            const char *role, sp_snap *out)
{
    const sp_snapper *sn = in->setup->snapper[o->snap];
    double far_m = o->max_snap_m / 2;
    int32_t n_far = 0, n_un = 0;
    for (size_t i = 0; i < p->n; i++) {
        sp_snapper_snap(sn, in->gctx, p->xy[2 * i], p->xy[2 * i + 1], o->max_snap_m, o->walk_kmh,
                        &out[i]);
        char lab[64];
        sp_points_row_label(p, i, lab, sizeof lab);
        if (out[i].offroad_m > o->reject_snap_m)
            return sp_error(SP_E_INPUT,
                            "%s, %s (id %s): %.1f km from the nearest usable road; it lies "
                            "outside the road network (is its CRS right, or is the network "
                            "extract too small?). Points farther than %g m are rejected "
                            "([travel] reject_snap_m)", p->what, lab, p->id[i],
                            out[i].offroad_m / 1000, o->reject_snap_m);
        if (!sp_snap_ok(&out[i])) {
            if (n_un++ < FAR_LIST_MAX)
                sp_warn("%s: %s, %s (id %s): %.0f m from the nearest usable road, beyond "
                        "max_snap_m = %g: reported unreachable", role, p->what, lab, p->id[i],
                        out[i].offroad_m, o->max_snap_m);
        } else if (out[i].offroad_m > far_m) {
            if (n_far++ < FAR_LIST_MAX)
                sp_warn("%s: %s, %s (id %s): snapped far, %.0f m from the road", role, p->what, lab,
                        p->id[i], out[i].offroad_m);
        }
    }
    if (n_un > FAR_LIST_MAX)
        sp_warn("%s: %d more %s unreachable (see the snap_m column)", p->what,
                n_un - FAR_LIST_MAX, role);
    if (n_far > FAR_LIST_MAX)
        sp_warn("%s: %d more %s snapped farther than %g m (see the snap_m column)", p->what,
                n_far - FAR_LIST_MAX, role, far_m);
    return SP_OK;
}

sp_status sp_inputs_bind(const sp_network *net, const sp_siteset *set, sp_ctx *ctx,
                         const sp_options *o, sp_inputs **out)
{
    *out = NULL;
    const sp_netmode *m = sp_network_setup(net, o);
    if (!m)
        return SP_E_INPUT;
    sp_inputs *in = calloc(1, sizeof *in);
    if (!in)
        return sp_error(SP_E_NOMEM, "out of memory");
    in->network = net;
    in->setup = m;
    in->set = set;
    in->ctx = ctx;
    in->gctx = sp_ctx_geos(ctx);
    in->crs = sp_ctx_crs(ctx);
    in->crs_reason = sp_network_crs_reason(net);
    in->profile = &m->profile;
    in->graph = m->graph;
    in->net = &m->stats;
    in->road_names = m->names;
    in->main_nodes = m->main_nodes;
    in->clusters = set->clusters;
    in->sites = set->sites;
    in->facilities = set->facilities;
    in->candidates = set->candidates;
    in->n_sites = set->n_sites;
    sp_status st = SP_OK;
    in->cl_snap = sp_calloc_n(in->clusters->n, sizeof *in->cl_snap);
    in->site_snap = sp_calloc_n((size_t)in->n_sites, sizeof *in->site_snap);
    if (in->candidates)
        in->cand_snap = sp_calloc_n(in->candidates->n, sizeof *in->cand_snap);
    if (!in->cl_snap || !in->site_snap || (in->candidates && !in->cand_snap)) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto fail;
    }
    if ((st = snap_layer(in, o, in->clusters, "clusters", in->cl_snap)))
        goto fail;
    if (in->sites && (st = snap_layer(in, o, in->sites, "sites", in->site_snap)))
        goto fail;
    if (in->facilities &&
        (st = snap_layer(in, o, in->facilities, "facilities",
                         in->site_snap + (in->sites ? in->sites->n : 0))))
        goto fail;
    if (in->candidates &&
        (st = snap_layer(in, o, in->candidates, "candidates", in->cand_snap)))
        goto fail;
    *out = in;
    return SP_OK;
fail:
    sp_inputs_free(in);
    return st;
}

void sp_loaded_free(sp_loaded *l)
{
    if (!l)
        return;
    sp_inputs_free(l->in);
    sp_siteset_free(l->set);
    sp_network_free(l->network);
    sp_ctx_free(l->ctx);
    free(l);
}

sp_status sp_load(const sp_options *o, GDALProgressFunc progress, void *parg, sp_loaded **out)
{
    *out = NULL;
    double t0 = sp_now();
    GDALAllRegister();
    sp_loaded *l = calloc(1, sizeof *l);
    if (!l)
        return sp_error(SP_E_NOMEM, "out of memory");
    sp_status st;
    char crs_def[256], reason[128];
    stage stg = {progress, parg, 0.1, 0.9};
    if (progress)
        progress(0, NULL, parg);
    if ((st = sp_ctx_new(&l->ctx)) || (st = sp_siteset_read(o, &l->set)) ||
        (st = sp_siteset_working_crs(l->set, o, crs_def, sizeof crs_def, reason, sizeof reason)))
        goto fail;
    if ((st = sp_ctx_use_crs(l->ctx, crs_def))) {
        if (o->crs) {
            char m[1024];
            snprintf(m, sizeof m, "%s", sp_error_message());
            sp_error_clear();
            st = sp_error(st, "%s: [travel] crs: %s",
                          o->source_path ? o->source_path : "scenario", m);
        }
        goto fail;
    }
    if ((st = sp_siteset_project(l->set, sp_ctx_crs(l->ctx))) ||
        (st = sp_network_open(o, crs_def, reason, progress ? stage_cb : NULL, &stg,
                              &l->network)) ||
        (st = sp_inputs_bind(l->network, l->set, l->ctx, o, &l->in)))
        goto fail;
    if (progress)
        progress(1.0, NULL, parg);
    l->in->load_seconds = sp_now() - t0;
    *out = l;
    return SP_OK;
fail:
    sp_loaded_free(l);
    return st;
}

void sp_outcome_free(sp_outcome *r)
{
    if (!r)
        return;
    GEOSContextHandle_t gctx = r->in ? r->in->gctx : NULL;
    sp_coverage_free(r->cov, gctx);
    sp_gaps_free(r->gaps, gctx);
    sp_recommend_free(r->rec);
    free(r->site_workers);
    free(r->site_clusters);
    free(r->covered);
    free(r->ring_area_km2);
    free(r);
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

    sp_coverage_in ci = {0};
    ci.g = in->graph;
    ci.site_snap = in->site_snap;
    ci.n_sites = ns;
    ci.cl_snap = in->cl_snap;
    ci.n_clusters = nc;
    ci.limits_s = limits;
    ci.n_limits = o->n_minutes;
    ci.threads = o->threads;
    ci.want_polygons = 1;
    sp_catchment_opts_default(&ci.cat_opts);
    sp_options_cell_band(o, &ci.cat_opts.cell_m, &ci.cat_opts.band_m);
    /* Keep the guarantee "every reached point lies inside its polygon":
     * band >= spacing / 2 + cell * sqrt(2) / 2 (catchment.h). */
    ci.cat_opts.spacing_m = fmin(10.0, 2.0 * (ci.cat_opts.band_m - ci.cat_opts.cell_m * M_SQRT1_2));
    ci.progress = progress;
    ci.progress_arg = parg;
    if ((st = sp_coverage_compute(&ci, in->gctx, &r->cov)))
        goto fail;

    r->covered = sp_calloc_n((size_t)nc, 1);
    r->site_workers = sp_calloc_n((size_t)ns, sizeof *r->site_workers);
    r->site_clusters = sp_calloc_n((size_t)ns, sizeof *r->site_clusters);
    r->ring_area_km2 = sp_calloc_n((size_t)ns * o->n_minutes, sizeof *r->ring_area_km2);
    uint8_t *uncovered = sp_calloc_n((size_t)nc, 1);
    if (!r->covered || !r->site_workers || !r->site_clusters || !r->ring_area_km2 || !uncovered) {
        free(uncovered);
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto fail;
    }
    r->clusters_total = nc;
    for (int32_t i = 0; i < nc; i++) {
        double w = cl->weight[i];
        r->workers_total += w;
        if (!sp_snap_ok(&in->cl_snap[i]))
            r->clusters_unreachable++;
        double t = r->cov->time_s[i];
        for (int k = 0; k < o->n_minutes; k++)
            if (t <= limits[k]) {
                r->ring_workers[k] += w;
                r->ring_clusters[k]++;
            }
        if (t <= T) {
            r->covered[i] = 1;
            r->clusters_covered++;
            r->workers_covered += w;
        } else {
            uncovered[i] = 1;
        }
    }
    r->percent_covered = r->workers_total > 0 ? 100.0 * r->workers_covered / r->workers_total : 0;
    for (int32_t s = 0; s < ns; s++) {
        if (!sp_snap_ok(&in->site_snap[s]))
            r->sites_unreachable++;
        for (int64_t k = r->cov->off[s]; k < r->cov->off[s + 1]; k++)
            if (r->cov->secs[k] <= T) {
                r->site_workers[s] += cl->weight[r->cov->cl[k]];
                r->site_clusters[s]++;
            }
        for (int k = 0; k < o->n_minutes; k++) {
            GEOSGeometry *p = r->cov->catchment[(size_t)s * o->n_minutes + k];
            double a = 0;
            if (p && !GEOSisEmpty_r(in->gctx, p))
                GEOSArea_r(in->gctx, p, &a);
            r->ring_area_km2[(size_t)s * o->n_minutes + k] = a / 1e6;
        }
    }
    st = sp_gaps_find(in->gctx, nc, cl->xy, cl->geom, cl->weight, uncovered, o->gap_link_m,
                      &r->gaps);
    free(uncovered);
    if (st)
        goto fail;
    if (o->siting && (st = sp_recommend_run(in, o, r->covered, NULL, NULL, &r->rec)))
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
    *loaded = NULL;
    *out = NULL;
    stage a = {progress, parg, 0.0, 0.5}, b = {progress, parg, 0.5, 1.0};
    sp_status st = sp_load(o, progress ? stage_cb : NULL, &a, loaded);
    if (st)
        return st;
    st = sp_analyze((*loaded)->in, o, progress ? stage_cb : NULL, &b, out);
    if (st) {
        sp_loaded_free(*loaded);
        *loaded = NULL;
    }
    return st;
}

static void print_recommendations(const sp_outcome *r, FILE *f)
{
    const sp_recommend *rc = r->rec;
    const sp_siting_result *sr = rc->res;
    fprintf(f, "Recommendations (%s, %d candidates): %d new site%s, %s\n",
            sp_siting_model_name(sr->model), rc->n_cand, sr->n_sites, sr->n_sites == 1 ? "" : "s",
            sr->optimal ? "proven optimal" : "not proven optimal");
    if (sr->model == SP_SITING_TARGET)
        fprintf(f, "  target %g%% of workers: %s (%.2f%% covered)\n", r->opts->target_percent,
                sr->target_met ? "reached" : "NOT reached", sr->covered_percent);
    if (isfinite(sr->bound))
        fprintf(f, "  objective %.6g, best bound %.6g, gap %.4f%% (%s, %.2f s)\n", sr->objective,
                sr->bound, 100 * sr->gap, sr->method, sr->seconds);
    else
        fprintf(f, "  objective %.6g, no bound proven (%s, %.2f s)\n", sr->objective, sr->method,
                sr->seconds);
    for (int32_t k = 0; k < sr->n_sites && k < 10; k++) {
        const sp_siting_rank *rk = &sr->ranks[k];
        int32_t c = sp_recommend_cand(rc, rk->site);
        fprintf(f, "  %2d. %s: +%.0f workers (%d clusters), %.1f%% covered\n", k + 1,
                c >= 0 ? rc->id[c] : "?", rk->added_weight, rk->n_new, rk->cum_percent);
    }
    if (sr->n_sites > 10)
        fprintf(f, "  ... %d more in recommendations.csv\n", sr->n_sites - 10);
}

void sp_outcome_print_summary(const sp_outcome *r, FILE *f)
{
    const sp_options *o = r->opts;
    fprintf(f, "Scenario: %s\n", o->name ? o->name : "(unnamed)");
    fprintf(f, "Travel: %s, %g minutes; %d sites (%d unreachable); CRS %s\n",
            sp_mode_name(o->mode), o->minutes[o->n_minutes - 1], r->in->n_sites,
            r->sites_unreachable, sp_crs_name(r->in->crs));
    fprintf(f, "Workers: %.0f total, %.0f covered (%.1f%%)\n", r->workers_total,
            r->workers_covered, r->percent_covered);
    fprintf(f, "Clusters: %d total, %d covered, %d uncovered, %d unreachable (too far from a road)\n",
            r->clusters_total, r->clusters_covered, r->clusters_total - r->clusters_covered,
            r->clusters_unreachable);
    fprintf(f, "Gaps: %d zones of uncovered workers; the largest:\n", r->gaps->n);
    for (int32_t k = 0; k < r->gaps->n && k < 5; k++) {
        const sp_gap *z = &r->gaps->zones[k];
        const sp_points *cl = r->in->clusters;
        const char *nm = cl->name[z->largest] ? cl->name[z->largest] : cl->id[z->largest];
        fprintf(f, "  %d. %.0f workers in %d cluster%s, around %s\n", z->rank, z->workers,
                z->n_clusters, z->n_clusters == 1 ? "" : "s", nm);
    }
    if (r->rec)
        print_recommendations(r, f);
}
