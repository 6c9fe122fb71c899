/* run.c — load, analyze, summarise; see run.h. */
#include "run.h"
#include "clock.h"
#include "recommend.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* GEOS messages go into our error funnel, never to stdout. */
static void geos_error(const char *msg, void *ud)
{
    (void)ud;
    sp_error(SP_E_GEOM, "GEOS: %s", msg);
}

static void geos_notice(const char *msg, void *ud) { (void)msg; (void)ud; }

const sp_points *sp_inputs_site_layer(const sp_inputs *in, int32_t site, size_t *row)
{
    size_t ns = in->sites ? in->sites->n : 0;
    if ((size_t)site < ns) {
        *row = (size_t)site;
        return in->sites;
    }
    *row = (size_t)site - ns;
    return in->facilities;
}

const char *sp_inputs_site_kind(const sp_inputs *in, int32_t site)
{
    size_t ns = in->sites ? in->sites->n : 0;
    return (size_t)site < ns ? "station" : "facility";
}

void sp_inputs_free(sp_inputs *in)
{
    if (!in)
        return;
    sp_snapper_free(in->snapper);
    sp_points_free(in->clusters, in->gctx);
    sp_points_free(in->sites, in->gctx);
    sp_points_free(in->facilities, in->gctx);
    sp_points_free(in->candidates, in->gctx);
    free(in->cand_snap);
    sp_graph_free(in->graph);
    sp_road_names_free(in->road_names);
    sp_crs_free(in->crs);
    free(in->cl_snap);
    sp_demand_free(in->demand);
    free(in->site_snap);
    if (in->gctx)
        GEOS_finish_r(in->gctx);
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
                            const char *role, sp_snap *out, int32_t *n_unreachable)
{
    double far_m = o->max_snap_m / 2;
    int32_t n_far = 0, n_un = 0;
    for (size_t i = 0; i < p->n; i++) {
        sp_snapper_snap(in->snapper, p->xy[2 * i], p->xy[2 * i + 1], o->max_snap_m, &out[i]);
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
    *n_unreachable = n_un;
    return SP_OK;
}

sp_status sp_inputs_load(const sp_options *o, GDALProgressFunc progress, void *parg,
                         sp_inputs **out)
{
    *out = NULL;
    double t0 = sp_now();
    GDALAllRegister();
    sp_inputs *in = calloc(1, sizeof *in);
    if (!in)
        return sp_error(SP_E_NOMEM, "out of memory");
    in->gctx = GEOS_init_r();
    GEOSContext_setErrorMessageHandler_r(in->gctx, geos_error, NULL);
    GEOSContext_setNoticeMessageHandler_r(in->gctx, geos_notice, NULL);
    sp_status st;
    stage stg = {progress, parg, 0, 0.1};
    if (progress)
        progress(0, NULL, parg);

    if ((st = sp_points_read(&o->clusters, "clusters", o->clusters.weight, in->gctx,
                             &in->clusters)))
        goto fail;
    if (in->clusters->n_blank)
        sp_warn("%s, field %s: %ld blank value%s counted as 0 workers", in->clusters->what,
                o->clusters.weight, in->clusters->n_blank, in->clusters->n_blank == 1 ? "" : "s");
    if (o->sites.path &&
        (st = sp_points_read(&o->sites, "sites", NULL, in->gctx, &in->sites)))
        goto fail;
    if (o->facilities.path &&
        (st = sp_points_read(&o->facilities, "facilities", NULL, in->gctx, &in->facilities)))
        goto fail;
    if (o->siting && o->cand.path &&
        (st = sp_points_read(&o->cand, "candidates", NULL, in->gctx, &in->candidates)))
        goto fail;

    /* The working CRS. */
    const char *crs_def = o->crs;
    char utm[32];
    if (crs_def) {
        snprintf(in->crs_reason, sizeof in->crs_reason, "given in the scenario ([travel] crs)");
    } else {
        double lon, lat;
        if ((st = sp_points_center_lonlat(in->clusters, &lon, &lat)))
            goto fail;
        int epsg = sp_crs_utm_epsg(lon, lat);
        if (!epsg) {
            st = sp_error(SP_E_CRS, "%s: centre (%g, %g) has no UTM zone; name a CRS with "
                          "[travel] crs", in->clusters->what, lon, lat);
            goto fail;
        }
        snprintf(utm, sizeof utm, "EPSG:%d", epsg);
        crs_def = utm;
        snprintf(in->crs_reason, sizeof in->crs_reason,
                 "WGS 84 / UTM zone %d%s, the zone of the clusters' centre", epsg % 100,
                 epsg / 100 == 326 ? "N" : "S");
    }
    if ((st = sp_crs_new(crs_def, &in->crs))) {
        if (o->crs) {
            char m[1024];
            snprintf(m, sizeof m, "%s", sp_error_message());
            sp_error_clear();
            st = sp_error(st, "%s: [travel] crs: %s",
                          o->source_path ? o->source_path : "scenario", m);
        }
        goto fail;
    }
    if ((st = sp_points_project(in->clusters, in->crs, in->gctx)) ||
        (in->sites && (st = sp_points_project(in->sites, in->crs, in->gctx))) ||
        (in->facilities && (st = sp_points_project(in->facilities, in->crs, in->gctx))) ||
        (in->candidates && (st = sp_points_project(in->candidates, in->crs, in->gctx))))
        goto fail;

    if (o->profile) {
        if ((st = sp_profile_load(o->profile, o->mode, &in->profile)))
            goto fail;
    } else {
        sp_profile_builtin(o->mode, &in->profile);
    }
    stg.lo = 0.1;
    stg.hi = 0.9;
    if ((st = sp_network_load(o, &in->profile, in->crs, progress ? stage_cb : NULL, &stg,
                              &in->graph, &in->net, &in->road_names)))
        goto fail;
    const sp_graph *g = in->graph;
    if (g->n_nodes == 0) {
        st = sp_error(SP_E_INPUT, "%s: no usable roads for %s", in->net.what,
                      sp_mode_name(o->mode));
        goto fail;
    }
    in->main_nodes = g->component_size[0];
    if (g->n_components > 1)
        sp_warn("%s: the %s network has %d strongly connected pieces; the largest holds "
                "%d of %d nodes (%.1f%%); points snap only to it, so %d smaller piece%s "
                "(%d nodes) %s not used",
                in->net.what, sp_mode_name(o->mode), g->n_components, in->main_nodes,
                g->n_nodes, 100.0 * in->main_nodes / g->n_nodes, g->n_components - 1,
                g->n_components - 1 == 1 ? "" : "s", g->n_nodes - in->main_nodes,
                g->n_components - 1 == 1 ? "is" : "are");
    if ((st = sp_snapper_new(g, in->gctx, o->snap, o->walk_kmh, &in->snapper)))
        goto fail;

    size_t ns = (in->sites ? in->sites->n : 0) + (in->facilities ? in->facilities->n : 0);
    in->n_sites = (int32_t)ns;
    in->cl_snap = sp_calloc_n(in->clusters->n, sizeof *in->cl_snap);
    in->site_snap = sp_calloc_n(ns, sizeof *in->site_snap);
    if (!in->cl_snap || !in->site_snap) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto fail;
    }
    int32_t un;
    if ((st = snap_layer(in, o, in->clusters, "clusters", in->cl_snap, &un)))
        goto fail;
    if (in->sites && (st = snap_layer(in, o, in->sites, "sites", in->site_snap, &un)))
        goto fail;
    if (in->facilities &&
        (st = snap_layer(in, o, in->facilities, "facilities",
                         in->site_snap + (in->sites ? in->sites->n : 0), &un)))
        goto fail;
    if (in->candidates) {
        in->cand_snap = sp_calloc_n(in->candidates->n, sizeof *in->cand_snap);
        if (!in->cand_snap) {
            st = sp_error(SP_E_NOMEM, "out of memory");
            goto fail;
        }
        if ((st = snap_layer(in, o, in->candidates, "candidates", in->cand_snap, &un)))
            goto fail;
    }
    if ((st = sp_demand_new(g, (int32_t)in->clusters->n, in->clusters->weight, in->cl_snap,
                            &in->demand)))
        goto fail;
    if (progress)
        progress(1.0, NULL, parg);
    in->load_seconds = sp_now() - t0;
    *out = in;
    return SP_OK;
fail:
    sp_inputs_free(in);
    return st;
}

void sp_result_free(sp_result *r)
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
                     void *parg, sp_result **out)
{
    *out = NULL;
    double t0 = sp_now();
    sp_result *r = calloc(1, sizeof *r);
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
    ci.demand = in->demand; /* no ids: the analysis matrix is anonymous */
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
        r->workers_total += cl->weight[i];
        if (!sp_snap_ok(&in->cl_snap[i]))
            r->clusters_unreachable++;
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
        } else {
            uncovered[i] = 1;
        }
    }
    r->percent_covered = r->workers_total > 0 ? 100.0 * r->workers_covered / r->workers_total : 0;
    for (int32_t s = 0; s < ns; s++) {
        if (!sp_snap_ok(&in->site_snap[s]))
            r->sites_unreachable++;
        const int32_t *pt;
        const float *secs;
        size_t n = sp_costmatrix_get_row(r->cov->matrix, s, &pt, &secs);
        for (size_t k = 0; k < n; k++)
            if (sp_covers(secs[k], T)) {
                r->site_workers[s] += in->demand->point_weight[pt[k]];
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
    if (o->siting && (st = sp_recommend_run(in, o, r->covered, r->cov, NULL, NULL, &r->rec)))
        goto fail;
    r->analyze_seconds = sp_now() - t0;
    *out = r;
    return SP_OK;
fail:
    sp_result_free(r);
    return st;
}

sp_status sp_run(const sp_options *o, GDALProgressFunc progress, void *parg,
                 sp_inputs **inputs, sp_result **out)
{
    *inputs = NULL;
    *out = NULL;
    stage a = {progress, parg, 0.0, 0.5}, b = {progress, parg, 0.5, 1.0};
    sp_status st = sp_inputs_load(o, progress ? stage_cb : NULL, &a, inputs);
    if (st)
        return st;
    st = sp_analyze(*inputs, o, progress ? stage_cb : NULL, &b, out);
    if (st) {
        sp_inputs_free(*inputs);
        *inputs = NULL;
    }
    return st;
}

static void print_recommendations(const sp_result *r, FILE *f)
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

void sp_result_print_summary(const sp_result *r, FILE *f)
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
