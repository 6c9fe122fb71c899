/* results.c — summary.json, coverage.csv and results.gpkg (sp_outcome_write
 * in run.h; the [mobile] parts in results_mobile.c).  Same inputs, same bytes: no timestamps, fixed number formats,
 * fixed feature order, and GDAL's OGR_CURRENT_DATE pinned for GeoPackage. */
#include <errno.h>
#include <glib.h>
#include <json.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "access.h"
#include "after.h"
#include "capacity.h"
#include "changes.h"
#include "number.h"
#include "output.h"
#include "recommend.h"
#include "resultdir.h"
#include "results_private.h"
#include "gpkgout.h"
#include "roadslayer.h"

/* A number with its exact text: the buffer fits any double in any of the
 * formats used (%.0f of 1e308 is 309 digits); not finite = null (only where
 * a value is undefined by design: inputs are checked so that every count
 * and total is finite, README "Inputs"). */
static json_object *jnum(double v, const char *fmt)
{
    if (!isfinite(v))
        return NULL;
    int n = snprintf(NULL, 0, fmt, v);
    if (n < 0)
        return NULL;
    char *buf = g_malloc((size_t)n + 1);
    snprintf(buf, (size_t)n + 1, fmt, v);
    json_object *o = json_object_new_double_s(v, buf);
    g_free(buf);
    return o;
}

json_object *sp__jnum(double v, const char *fmt) { return jnum(v, fmt); }

/* A percentage, two decimals, never shown as 0 or 100 unless it is
 * (sp_pct_shown). */
static json_object *jpct(double v) { return jnum(sp_pct_shown(v, 2), "%.2f"); }

/* The gap zones of summary.json ("gaps", "siting.gaps_after"). */
static json_object *gaps_json(const sp_gaps *g, const sp_points *cl)
{
    json_object *gaps = json_object_new_array();
    for (int32_t k = 0; k < g->n; k++) {
        const sp_gap *z = &g->zones[k];
        json_object *gz = json_object_new_object();
        json_object_object_add(gz, "rank", json_object_new_int(z->rank));
        json_object_object_add(gz, "workers", jnum(z->workers, "%.0f"));
        json_object_object_add(gz, "clusters", json_object_new_int(z->n_clusters));
        json_object_object_add(gz, "largest_cluster", json_object_new_string(cl->id[z->largest]));
        json_object_array_add(gaps, gz);
    }
    return gaps;
}

/* summary.json "capacity": the three-way split of the capacitated
 * assignment (capacity.h). */
static json_object *capacity_json(const sp_outcome *r)
{
    const sp_capoutcome *c = r->cap;
    const sp_options *o = r->opts;
    json_object *j = json_object_new_object();
    json_object_object_add(j, "method", json_object_new_string("min-cost flow (successive shortest "
                                                               "paths)"));
    json_object_object_add(j, "optimal", json_object_new_boolean(1));
    json_object_object_add(j, "workers_served", jnum(c->served, "%.10g"));
    json_object_object_add(j, "workers_over_capacity", jnum(c->over, "%.10g"));
    json_object_object_add(j, "workers_not_covered", jnum(c->not_covered, "%.10g"));
    json_object_object_add(j, "percent_served", jnum(c->percent_served, "%.2f"));
    json_object_object_add(j, "percent_over_capacity", jnum(c->percent_over, "%.2f"));
    json_object_object_add(j, "percent_not_covered", jnum(c->percent_not_covered, "%.2f"));
    json_object_object_add(j, "worker_minutes", jnum(c->worker_seconds / 60, "%.2f"));
    json_object_object_add(j, "sites_with_capacity", json_object_new_int(c->n_limited));
    json_object_object_add(j, "sites_unlimited", json_object_new_int(c->n_unlimited));
    json_object_object_add(j, "sites_full", json_object_new_int(c->n_full));
    /* the capacities in workers of sites without a value (null: unlimited) */
    json_object_object_add(j, "default", jnum(sp_options_capacity_default(o, 0), "%.10g"));
    json_object_object_add(j, "new_site", jnum(sp_options_capacity_default(o, 1), "%.10g"));
    json_object_object_add(j, "visits_per_worker", jnum(o->visits_per_worker, "%g"));
    if (o->timings)
        json_object_object_add(j, "solve_seconds", jnum(c->seconds, "%.3f"));
    return j;
}

/* The after state in summary.json's siting object. */
static void after_json(const sp_outcome *r, json_object *si)
{
    const sp_after *a = r->after;
    json_object_object_add(si, "clusters_covered_after", json_object_new_int(a->clusters_covered));
    json_object_object_add(si, "gaps_after_total", json_object_new_int(a->gaps->n));
    json_object_object_add(si, "gaps_after", gaps_json(a->gaps, r->in->clusters));
}

static sp_status write_summary(const sp_outcome *r, const char *dir)
{
    const sp_options *o = r->opts;
    const sp_inputs *in = r->in;
    json_object *j = json_object_new_object();
    json_object_object_add(j, "schema_version", json_object_new_int(SP_RESULTS_SCHEMA_VERSION));
    json_object_object_add(j, "scenario", json_object_new_string(o->name ? o->name : ""));
    if (o->n_changes) {
        json_object *chg = json_object_new_array();
        char line[1024];
        for (int i = 0; i < o->n_changes; i++)
            json_object_array_add(chg, json_object_new_string(
                                           sp_change_describe(&o->changes[i], line, sizeof line)));
        json_object_object_add(j, "changes", chg);
    }
    json_object_object_add(j, "workers_total", jnum(r->workers_total, "%.0f"));
    json_object_object_add(j, "workers_covered", jnum(r->workers_covered, "%.0f"));
    json_object_object_add(j, "percent_covered", jpct(r->percent_covered));
    json_object_object_add(j, "clusters_total", json_object_new_int(r->clusters_total));
    json_object_object_add(j, "clusters_covered", json_object_new_int(r->clusters_covered));
    json_object_object_add(j, "clusters_unreachable", json_object_new_int(r->clusters_unreachable));
    /* area clusters (schema 7) */
    json_object_object_add(j, "demand_points", json_object_new_int(r->demand_points));
    json_object_object_add(j, "demand_points_unsnapped", json_object_new_int(in->demand_unsnapped));
    json_object_object_add(j, "clusters_areas", json_object_new_int(r->clusters_areas));
    json_object_object_add(j, "clusters_partly_covered", json_object_new_int(r->clusters_partly_covered));
    json_object_object_add(j, "workers_estimated", json_object_new_boolean(in->weight_from_area));
    json_object_object_add(j, "clusters_blank_weight", json_object_new_int64(in->clusters->n_blank));
    json_object_object_add(j, "sites_total", json_object_new_int(in->n_sites));
    json_object_object_add(j, "stations", json_object_new_int(in->sites ? (int)in->sites->n : 0));
    json_object_object_add(j, "facilities", json_object_new_int(in->facilities ? (int)in->facilities->n : 0));
    json_object_object_add(j, "sites_unreachable", json_object_new_int(r->sites_unreachable));
    json_object_object_add(j, "minutes", jnum(o->minutes[o->n_minutes - 1], "%g"));
    json_object *rings = json_object_new_array();
    for (int k = 0; k < o->n_minutes; k++) {
        json_object *ring = json_object_new_object();
        json_object_object_add(ring, "minutes", jnum(o->minutes[k], "%g"));
        json_object_object_add(ring, "workers_covered", jnum(r->ring_workers[k], "%.0f"));
        json_object_object_add(ring, "clusters_covered", json_object_new_int(r->ring_clusters[k]));
        json_object_object_add(ring, "percent_covered",
                               jpct(r->workers_total > 0 ? 100 * r->ring_workers[k] / r->workers_total : 0));
        double a = 0;
        if (r->cov->area && r->cov->area[k])
            GEOSArea_r(in->gctx, r->cov->area[k], &a);
        json_object_object_add(ring, "area_km2", jnum(a / 1e6, "%.3f"));
        json_object_array_add(rings, ring);
    }
    json_object_object_add(j, "rings", rings);
    json_object_object_add(j, "mode", json_object_new_string(sp_mode_name(o->mode)));
    json_object_object_add(j, "crs", json_object_new_string(sp_crs_name(in->crs)));
    json_object_object_add(j, "crs_reason", json_object_new_string(in->crs_reason));
    json_object_object_add(j, "snap", json_object_new_string(o->snap == SP_SNAP_NODE ? "node" : "edge"));
    json_object_object_add(j, "max_snap_m", jnum(o->max_snap_m, "%g"));
    json_object_object_add(j, "speeds", json_object_new_string(in->profile->source));
    json_object_object_add(j, "walk_kmh", jnum(o->walk_kmh, "%g"));
    json_object *tbl = json_object_new_object();
    for (int k = 0; k < in->profile->n; k++)
        json_object_object_add(tbl, in->profile->klass[k], jnum(in->profile->kmh[k], "%g"));
    json_object_object_add(j, "speed_table_kmh", tbl);
    json_object_object_add(j, "use_maxspeed", json_object_new_boolean(o->use_maxspeed));
    json_object_object_add(j, "gap_link_m", jnum(o->gap_link_m, "%g"));
    json_object_object_add(j, "access_links_max",
                           json_object_new_int(o->snap == SP_SNAP_NODE ? 1 : SP_ACCESS_MAX));
    json_object_object_add(j, "access_extra_m",
                           jnum(o->snap == SP_SNAP_NODE ? 0 : SP_ACCESS_EXTRA_M, "%g"));
    json_object *cat = json_object_new_object();
    json_object_object_add(cat, "method", json_object_new_string(
        "cell centres timed by the clusters' access rule + GDALPolygonize"));
    json_object_object_add(cat, "cell_m", jnum(sp_options_cell_m(o), "%g"));
    json_object_object_add(cat, "per_site", json_object_new_boolean(o->per_site));
    if (r->mapcheck) { /* the drawn coverage area against the counts (mapcheck.h) */
        const sp_mapcheck *m = r->mapcheck;
        json_object *mc = json_object_new_object(), *by = json_object_new_array();
        json_object_object_add(mc, "clusters_disagreeing", json_object_new_int(m->disagreeing));
        json_object_object_add(mc, "clusters_not_checked", json_object_new_int(m->skipped));
        json_object_object_add(mc, "tolerance_m", jnum(m->tol_m, "%.3f"));
        for (int k = 0; k < m->n_limits; k++)
            json_object_array_add(by, json_object_new_int(m->by_ring[k]));
        json_object_object_add(mc, "by_ring", by);
        json_object_object_add(cat, "map_check", mc);
    }
    json_object_object_add(j, "catchment", cat);
    json_object *net = json_object_new_object();
    json_object_object_add(net, "nodes", json_object_new_int(in->graph->n_nodes));
    json_object_object_add(net, "edges", json_object_new_int(in->graph->n_edges));
    json_object_object_add(net, "links", json_object_new_int(in->graph->n_links));
    json_object_object_add(net, "length_km", jnum(in->topo->stats.length_km, "%.3f"));
    json_object_object_add(net, "components", json_object_new_int(in->graph->n_components));
    json_object_object_add(net, "main_component_nodes", json_object_new_int(in->main_nodes));
    const sp_unroutable *u = &in->setup->unroutable;
    json_object_object_add(net, "roads_not_routable", json_object_new_int(u->n_roads));
    json_object_object_add(net, "roads_not_routable_km", jnum(u->km, "%.3f"));
    json_object_object_add(net, "roads_not_routable_at_edge", json_object_new_int(u->n_at_edge));
    json_object_object_add(net, "clusters_near_extract_edge", json_object_new_int(in->clusters_near_edge));
    json_object_object_add(net, "sites_near_extract_edge", json_object_new_int(in->sites_near_edge));
    json_object_object_add(net, "ways_read", json_object_new_int64(in->topo->stats.ways_read));
    json_object_object_add(net, "ways_used", json_object_new_int64(in->topo->stats.ways_used));
    json_object_object_add(net, "oneway_links", json_object_new_int64(in->topo->stats.oneway_links));
    json_object_object_add(net, "maxspeed_links", json_object_new_int64(in->costs->maxspeed_ways));
    json_object_object_add(j, "network", net);
    json_object_object_add(j, "nodes", json_object_new_int(in->graph->n_nodes));
    json_object_object_add(j, "edges", json_object_new_int(in->graph->n_edges));
    json_object *gaps = gaps_json(r->gaps, in->clusters);
    if (r->rec) {
        const sp_recommend *rc = r->rec;
        const sp_siting_result *sr = rc->res;
        json_object *si = json_object_new_object();
        json_object_object_add(si, "model", json_object_new_string(sp_siting_model_name(sr->model)));
        json_object_object_add(si, "budget", json_object_new_int(o->budget));
        json_object_object_add(si, "new_sites", json_object_new_int(sr->n_sites));
        json_object_object_add(si, "candidates", json_object_new_int(rc->n_cand));
        json_object_object_add(si, "candidates_source", json_object_new_string(rc->source));
        json_object_object_add(si, "candidates_already_sites", json_object_new_int(rc->n_already_sites));
        json_object_object_add(si, "candidates_unreachable", json_object_new_int(rc->n_unreachable));
        json_object_object_add(si, "objective", jnum(sr->objective, "%.10g"));
        json_object_object_add(si, "objective_units",
                               json_object_new_string(sr->model == SP_SITING_MCLP
                                                          ? (sr->capacitated ? "workers served"
                                                                             : "workers covered")
                                                      : sr->model == SP_SITING_TARGET ? "new sites"
                                                      : sr->model == SP_SITING_PMEDIAN ? "worker-seconds"
                                                      : "seconds (longest travel time)"));
        json_object_object_add(si, "bound", isfinite(sr->bound) ? jnum(sr->bound, "%.10g") : NULL);
        json_object_object_add(si, "gap", isfinite(sr->gap) ? jnum(sr->gap, "%.6g") : NULL);
        json_object_object_add(si, "optimal", json_object_new_boolean(sr->optimal));
        json_object_object_add(si, "method", json_object_new_string(sr->method));
        json_object_object_add(si, "solve_seconds", o->timings ? jnum(sr->seconds, "%.3f") : NULL);
        json_object_object_add(si, "time_limit_s", jnum(o->time_limit_s, "%g"));
        json_object_object_add(si, "workers_covered", jnum(sr->covered_weight, "%.0f"));
        json_object_object_add(si, "percent_covered", jpct(sr->covered_percent));
        json_object_object_add(si, "workers_covered_before", jnum(sr->fixed_weight, "%.0f"));
        /* [capacity]: the objective, ranks and curve objective are served workers */
        json_object_object_add(si, "capacitated", json_object_new_boolean(sr->capacitated));
        if (sr->capacitated) {
            json_object_object_add(si, "workers_served", jnum(sr->served_weight, "%.0f"));
            json_object_object_add(si, "percent_served",
                                   jpct(sr->total_weight > 0
                                            ? 100 * sr->served_weight / sr->total_weight
                                            : 0));
            json_object_object_add(si, "workers_served_before", jnum(sr->fixed_served, "%.0f"));
        }
        if (sr->model == SP_SITING_TARGET) {
            json_object_object_add(si, "target_percent", jnum(o->target_percent, "%g"));
            json_object_object_add(si, "target_met", json_object_new_boolean(sr->target_met));
            json_object_object_add(si, "target_status",
                                   json_object_new_string(sp_target_status_name(sr->target_status)));
            if (sr->target_status == SP_TARGET_CAPPED) {
                json_object_object_add(si, "best_proven", json_object_new_boolean(sr->cap_optimal));
                json_object_object_add(si, "best_percent_bound",
                                       jpct(sr->total_weight > 0 ? 100 * sr->cap_bound / sr->total_weight
                                                                 : NAN));
            }
        }
        if (sr->model == SP_SITING_PMEDIAN || sr->model == SP_SITING_PCENTER) {
            json_object_object_add(si, "clusters_unreachable", json_object_new_int(sr->n_unreachable));
            json_object_object_add(si, "workers_unreachable", jnum(sr->unreachable_weight, "%.0f"));
        }
        if (sr->model == SP_SITING_PMEDIAN) {
            json_object_object_add(si, "mean_minutes", jnum(sr->mean_cost / 60.0, "%.3f"));
            /* the bound in the same unit: the workers in the objective are
             * objective / mean_cost */
            double lb = sr->mean_cost > 0 && isfinite(sr->bound) && isfinite(sr->objective)
                            ? sr->bound / (sr->objective / sr->mean_cost) / 60.0
                            : NAN;
            json_object_object_add(si, "mean_minutes_bound", jnum(lb, "%.3f"));
        }
        after_json(r, si);
        json_object_object_add(j, "siting", si);
    }
    if (r->cap)
        json_object_object_add(j, "capacity", capacity_json(r));
    if (r->mobile)
        json_object_object_add(j, "mobile", sp__mobile_json(r));
    json_object *rd = json_object_new_object();
    json_object_object_add(rd, "title", json_object_new_string(o->render_title ? o->render_title
                                                               : o->name ? o->name : ""));
    json_object_object_add(rd, "page", json_object_new_string(o->render_page));
    json_object_object_add(rd, "dpi", json_object_new_int(o->render_dpi));
    json_object_object_add(rd, "language", json_object_new_string(o->render_language));
    json_object_object_add(j, "render", rd);
    if (o->title_stale) {
        /* the title was written for other travel: render titles the map by what ran */
        json_object *tw = json_object_new_object();
        json_object_object_add(tw, "mode", json_object_new_string(sp_mode_name(o->title_mode)));
        json_object_object_add(tw, "minutes", jnum(o->title_minutes, "%g"));
        json_object_object_add(j, "title_written_for", tw);
    }
    json_object *src = json_object_new_object();
    json_object_object_add(src, "network", json_object_new_string(o->network));
    json_object_object_add(src, "clusters", json_object_new_string(in->clusters->what));
    json_object_object_add(src, "clusters_weight", json_object_new_string(o->clusters.weight));
    if (in->sites)
        json_object_object_add(src, "sites", json_object_new_string(in->sites->what));
    if (o->sites.where)
        json_object_object_add(src, "sites_where", json_object_new_string(o->sites.where));
    if (in->facilities)
        json_object_object_add(src, "facilities", json_object_new_string(in->facilities->what));
    if (in->set->weight_points)
        json_object_object_add(src, "weight_points", json_object_new_string(in->set->weight_points->what));
    if (in->set->entrances)
        json_object_object_add(src, "entrances", json_object_new_string(in->set->entrances->what));
    json_object_object_add(j, "sources", src);
    json_object_object_add(j, "gaps_total", json_object_new_int(r->gaps->n));
    json_object_object_add(j, "gaps", gaps);

    char path[4096], tmp[4200];
    FILE *f;
    sp_status st = sp_atomic_open(dir, SP_FILE_SUMMARY, path, sizeof path, tmp, sizeof tmp, &f);
    if (st) {
        json_object_put(j);
        return st;
    }
    fputs(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                JSON_C_TO_STRING_NOSLASHESCAPE), f);
    fputc('\n', f);
    json_object_put(j);
    return sp_atomic_close_file(f, tmp, path);
}

static const char *site_id(const sp_inputs *in, int32_t s)
{
    size_t row;
    const sp_points *p = sp_inputs_site_layer(in, s, &row);
    return p->id[row];
}

/* The candidate id of a matrix column of the recommendations. */
static const char *col_id(const sp_outcome *r, int32_t col)
{
    int32_t c = sp_recommend_cand(r->rec, col);
    return c >= 0 ? r->rec->id[c] : site_id(r->in, col);
}

/* coverage.csv: the after columns of cluster i (empty without [siting]). */
static void csv_after_cols(const sp_outcome *r, FILE *f, size_t i)
{
    const sp_after *a = r->after;
    if (!a) {
        fputs(",,,", f);
        return;
    }
    fputc(',', f);
    if (a->covered[i]) {
        sp_csv_field(f, sp_after_site_id(a, r->in, r->rec, a->nearest[i]));
        fprintf(f, ",%.4f", sp_minutes_shown(a->time_s[i]));
    } else {
        fputc(',', f);
    }
    fprintf(f, ",%d", a->covered[i] ? 1 : 0);
}

/* Covered workers of cluster i not served ([capacity]): covered - served,
 * never below 0. */
static double cl_unserved(const sp_outcome *r, size_t i)
{
    double u = r->cl_sum[i].workers_covered - r->cap->cl_served[i];
    return u > 0 ? u : 0;
}

/* Cluster i's workers covered with the recommended sites (its demand
 * points' after times); NAN without [siting]. */
static double cl_covered_after(const sp_outcome *r, size_t i)
{
    if (!r->after)
        return NAN;
    sp_demand_cluster_sum s;
    sp_demand_cluster_summary(r->in->demand, (int32_t)i, r->after->point_time_s,
                              r->opts->minutes[r->opts->n_minutes - 1] * 60.0, &s);
    return s.workers_covered;
}

/* coverage.csv: the area columns of cluster i (schema 7): demand_points,
 * workers_covered, share_covered, minutes_worst, workers_covered_after. */
static void csv_area_cols(const sp_outcome *r, FILE *f, size_t i)
{
    const sp_demand_cluster_sum *cs = &r->cl_sum[i];
    fprintf(f, ",%d,%.10g,%.4f,", (int)cs->points, cs->workers_covered,
            sp_pct_shown(100 * cs->share, 2) / 100);
    if (isfinite(cs->worst_s))
        fprintf(f, "%.4f", sp_minutes_shown(cs->worst_s));
    fputc(',', f);
    double after = cl_covered_after(r, i);
    if (isfinite(after))
        fprintf(f, "%.10g", after);
}

sp_status sp__csv_begin(sp__csv_out *c, const char *dir, const char *name, sp_schema_csv_id id)
{
    sp_status st = sp_atomic_open(dir, name, c->path, sizeof c->path, c->tmp, sizeof c->tmp, &c->f);
    if (st)
        return st;
    char h[512];
    sp_schema_csv_header(id, h, sizeof h);
    fputs(h, c->f);
    return SP_OK;
}

static sp_status write_coverage_csv(const sp_outcome *r, const char *dir)
{
    const sp_inputs *in = r->in;
    const sp_points *cl = in->clusters;
    sp__csv_out c;
    sp_status st = sp__csv_begin(&c, dir, SP_FILE_COVERAGE, SP_CSV_COVERAGE);
    if (st)
        return st;
    FILE *f = c.f;
    for (size_t i = 0; i < cl->n; i++) {
        sp_csv_field(f, cl->id[i]);
        fputc(',', f);
        sp_csv_field(f, cl->name[i]);
        fprintf(f, ",%.10g,", cl->weight[i]);
        int32_t s = r->cov->nearest[i];
        if (r->covered[i] && s >= 0) {
            sp_csv_field(f, site_id(in, s));
            fprintf(f, ",%.4f", sp_minutes_shown(r->cov->time_s[i]));
        } else {
            fputc(',', f);
        }
        fprintf(f, ",%d,", r->covered[i] ? 1 : 0);
        const sp_demand_cluster_sum *cs = &r->cl_sum[i];
        if (isfinite(cs->snap_m))
            fprintf(f, "%.1f", cs->snap_m);
        csv_after_cols(r, f, i);
        csv_area_cols(r, f, i);
        if (r->cap)   /* served, unserved: [capacity] */
            fprintf(f, ",%.10g,%.10g", r->cap->cl_served[i], cl_unserved(r, i));
        else
            fputs(",,", f);
        fputc('\n', f);
    }
    return sp_atomic_close_file(f, c.tmp, c.path);
}

/* ---- GeoPackage ---- */

static OGRGeometryH to_ogr(GEOSContextHandle_t gctx, const GEOSGeometry *g)
{
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(gctx);
    size_t n = 0;
    unsigned char *wkb = GEOSWKBWriter_write_r(gctx, w, g, &n);
    GEOSWKBWriter_destroy_r(gctx, w);
    if (!wkb)
        return NULL;
    OGRGeometryH og = NULL;
    OGR_G_CreateFromWkbEx(wkb, NULL, &og, n);
    GEOSFree_r(gctx, wkb);
    return og;
}

/* Field i = the ids of the clusters idx[0..n), joined by SP_SCHEMA_ID_SEP. */
static void set_ids(OGRFeatureH f, int i, const sp_points *cl, const int32_t *idx, int32_t n)
{
    GString *ids = g_string_new(NULL);
    for (int32_t q = 0; q < n; q++) {
        if (q)
            g_string_append(ids, SP_SCHEMA_ID_SEP);
        g_string_append(ids, cl->id[idx[q]]);
    }
    OGR_F_SetFieldString(f, i, ids->str);
    g_string_free(ids, TRUE);
}

/* Rank k's workers newly covered in each cluster of its cluster_ids, %.10g,
 * joined by SP_SCHEMA_ID_SEP (g_free). */
static char *cluster_workers(const sp_recommend *rc, int32_t k)
{
    const sp_siting_rank *rk = &rc->res->ranks[k];
    GString *s = g_string_new(NULL);
    for (int32_t q = 0; q < rk->n_new; q++)
        g_string_append_printf(s, "%s%.10g", q ? SP_SCHEMA_ID_SEP : "",
                               rc->cluster_workers ? rc->cluster_workers[k][q] : NAN);
    return g_string_free(s, FALSE);
}

/* Per cluster the rank of the zone of g it belongs to, 0 for none; NULL
 * on out of memory. */
static int32_t *gap_ranks(const sp_gaps *g, size_t n)
{
    int32_t *of = calloc(n ? n : 1, sizeof *of);
    for (int32_t k = 0; of && k < g->n; k++)
        for (int32_t q = 0; q < g->zones[k].n_clusters; q++)
            of[g->zones[k].clusters[q]] = g->zones[k].rank;
    return of;
}

/* The after-state fields of cluster i (left null without [siting]). */
static void set_cluster_after(const sp_outcome *r, OGRFeatureH f, size_t i, const int32_t *gap_after_of)
{
    const sp_after *a = r->after;
    if (!a)
        return;
    if (a->covered[i]) {
        OGR_F_SetFieldString(f, SP_F_CL_NEAREST_SITE_AFTER, sp_after_site_id(a, r->in, r->rec, a->nearest[i]));
        OGR_F_SetFieldDouble(f, SP_F_CL_MINUTES_AFTER, sp_minutes_shown(a->time_s[i]));
    }
    OGR_F_SetFieldInteger(f, SP_F_CL_COVERED_AFTER, a->covered[i]);
    if (gap_after_of && gap_after_of[i])
        OGR_F_SetFieldInteger(f, SP_F_CL_GAP_RANK_AFTER, gap_after_of[i]);
}

/* One catchment feature: polygon p of the site whose coverage-matrix row is
 * `row` of m, at threshold `minutes`; workers and clusters within it. */
static int put_catchment(OGRLayerH l, const sp_outcome *r, const GEOSGeometry *p, const char *id,
                         const char *kind, double minutes, double area_km2, const sp_costmatrix *m,
                         int32_t row)
{
    double w = 0;
    int n = 0;
    const int32_t *pt;
    const float *secs;
    size_t np = sp_costmatrix_get_row(m, row, &pt, &secs);
    /* n: the clusters with a point within (a row's points ascend, so a
     * cluster's points come together) */
    const sp_demand *dm = r->in->demand;
    for (size_t e = 0, last = (size_t)-1; e < np; e++)
        if (sp_covers(secs[e], minutes * 60.0)) {
            w += dm->point_weight[pt[e]];
            size_t c = (size_t)dm->point_cluster[pt[e]];
            n += c != last;
            last = c;
        }
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
    OGR_F_SetFieldString(f, SP_F_CA_SITE_ID, id);
    OGR_F_SetFieldString(f, SP_F_CA_KIND, kind);
    OGR_F_SetFieldDouble(f, SP_F_CA_MINUTES, minutes);
    OGR_F_SetFieldDouble(f, SP_F_CA_AREA_KM2, round(area_km2 * 1e4) / 1e4);
    OGR_F_SetFieldDouble(f, SP_F_CA_WORKERS, w);
    OGR_F_SetFieldInteger(f, SP_F_CA_CLUSTERS, n);
    OGRGeometryH g = to_ogr(r->in->gctx, p);
    return sp_gpkg_put(l, f, g ? OGR_G_ForceToMultiPolygon(g) : NULL);
}

/* The recommended sites' catchments, rank order, after the existing ones. */
static int put_after_catchments(OGRLayerH l, const sp_outcome *r)
{
    const sp_after *a = r->after;
    const sp_options *o = r->opts;
    int ok = 1;
    for (int32_t k = 0; a && a->cov->catchment && ok && k < a->n_new; k++)
        for (int j = 0; ok && j < o->n_minutes; j++) {
            const GEOSGeometry *p = a->cov->catchment[(size_t)k * o->n_minutes + j];
            if (p && !GEOSisEmpty_r(r->in->gctx, p))
                ok = put_catchment(l, r, p, r->rec->id[a->cand[k]], SP_KIND_RECOMMENDED, o->minutes[j],
                                   a->area_km2[(size_t)k * o->n_minutes + j], a->cov->matrix, k);
        }
    return ok;
}

/* The zones of g, rank order (the gaps and gaps_after layers). */
static int put_gaps(OGRLayerH l, const sp_outcome *r, const sp_gaps *g)
{
    const sp_points *cl = r->in->clusters;
    int ok = 1;
    for (int32_t k = 0; ok && k < g->n; k++) {
        const sp_gap *z = &g->zones[k];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldInteger(f, SP_F_GAP_RANK, z->rank);
        OGR_F_SetFieldDouble(f, SP_F_GAP_WORKERS, z->workers);
        OGR_F_SetFieldInteger(f, SP_F_GAP_CLUSTERS, z->n_clusters);
        OGR_F_SetFieldString(f, SP_F_GAP_LARGEST_CLUSTER, cl->id[z->largest]);
        if (cl->name[z->largest]) OGR_F_SetFieldString(f, SP_F_GAP_LARGEST_NAME, cl->name[z->largest]);
        set_ids(f, SP_F_GAP_CLUSTER_IDS, cl, z->clusters, z->n_clusters);
        OGRGeometryH gg = to_ogr(r->in->gctx, z->polygon);
        ok = sp_gpkg_put(l, f, gg ? OGR_G_ForceToMultiPolygon(gg) : NULL);
    }
    return ok;
}

/* responsibility: per site, where it is the nearest site at the threshold
 * (responsibility.h); sites nearest nowhere get no feature.  1 on success. */
static int write_responsibility(const sp_outcome *r, GDALDatasetH ds, OGRSpatialReferenceH srs)
{
    const sp_inputs *in = r->in;
    const sp_options *o = r->opts;
    GEOSContextHandle_t gctx = in->gctx;
    OGRLayerH l = sp_gpkg_layer(ds, SP_L_RESPONSIBILITY, srs, wkbNone);
    int ok = l != NULL;
    for (int32_t s = 0; ok && r->cov->responsibility && s < in->n_sites; s++) {
        GEOSGeometry *p = r->cov->responsibility[s];
        if (!p || GEOSisEmpty_r(gctx, p))
            continue;
        size_t row;
        const sp_points *pts = sp_inputs_site_layer(in, s, &row);
        const sp_site_share *sh = &r->site_share[s];
        double a = 0;
        GEOSArea_r(gctx, p, &a);
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, SP_F_RESP_SITE_ID, pts->id[row]);
        if (pts->name[row]) OGR_F_SetFieldString(f, SP_F_RESP_NAME, pts->name[row]);
        OGR_F_SetFieldString(f, SP_F_RESP_KIND, sp_inputs_site_kind(in, s));
        OGR_F_SetFieldDouble(f, SP_F_RESP_MINUTES, o->minutes[o->n_minutes - 1]);
        OGR_F_SetFieldDouble(f, SP_F_RESP_AREA_KM2, round(a / 1e6 * 1e4) / 1e4);
        OGR_F_SetFieldDouble(f, SP_F_RESP_WORKERS_ASSIGNED, sh->workers_assigned);
        OGR_F_SetFieldInteger(f, SP_F_RESP_CLUSTERS_ASSIGNED, sh->clusters_assigned);
        OGRGeometryH g = to_ogr(gctx, p);
        ok = sp_gpkg_put(l, f, g ? OGR_G_ForceToMultiPolygon(g) : NULL);
    }
    return ok;
}

/* results.gpkg: the roads layer first (roadslayer.h: begun early when
 * early is set, else written here), then the other layers in schema order. */
static sp_status write_gpkg(const sp_outcome *r, const char *dir, sp_gpkg_early *early)
{
    const sp_inputs *in = r->in;
    const sp_options *o = r->opts;
    GEOSContextHandle_t gctx = in->gctx;
    const sp_points *cl = in->clusters;
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/" SP_FILE_GPKG, dir);
    GDALDatasetH ds = NULL;
    sp_status st;
    int ok = 1;
    if (early) {
        const sp_netmode *setup;
        const char *crs_def;
        if ((st = sp_gpkg_take(early, &ds, tmp, sizeof tmp, &setup, &crs_def)))
            return st;
        if (setup != in->setup || strcmp(crs_def, sp_crs_name(in->crs)) != 0) {
            GDALClose(ds);
            sp_gpkg_remove(tmp);
            return sp_error(SP_E_INTERNAL, "%s: its roads layer was begun for another network or CRS",
                            path);
        }
    } else if ((st = sp_gpkg_create(dir, tmp, sizeof tmp, &ds))) {
        return st;
    }
    OGRSpatialReferenceH srs = sp_gpkg_srs(sp_crs_name(in->crs));
    if (!early)
        ok = sp_roads_layer_put(ds, srs, in->setup, in->roads);

    /* clusters */
    int all_polygons = 1;
    for (size_t i = 0; i < cl->n && all_polygons; i++) {
        int t = GEOSGeomTypeId_r(gctx, cl->geom[i]);
        all_polygons = t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON;
    }
    OGRLayerH l = ok ? sp_gpkg_layer(ds, SP_L_CLUSTERS, srs,
                            all_polygons ? wkbMultiPolygon : cl->any_polygon ? wkbUnknown : wkbNone)
                     : NULL;
    ok = l != NULL;
    if (ok) {
        int32_t *gap_of = gap_ranks(r->gaps, cl->n);
        int32_t *gap_after_of = r->after ? gap_ranks(r->after->gaps, cl->n) : NULL;
        ok = gap_of && (!r->after || gap_after_of);
        for (size_t i = 0; ok && i < cl->n; i++) {
            OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
            OGR_F_SetFieldString(f, SP_F_CL_ID, cl->id[i]);
            if (cl->name[i]) OGR_F_SetFieldString(f, SP_F_CL_NAME, cl->name[i]);
            OGR_F_SetFieldDouble(f, SP_F_CL_WORKERS, cl->weight[i]);
            if (r->covered[i]) {
                OGR_F_SetFieldString(f, SP_F_CL_NEAREST_SITE, site_id(in, r->cov->nearest[i]));
                OGR_F_SetFieldDouble(f, SP_F_CL_MINUTES, sp_minutes_shown(r->cov->time_s[i]));
            }
            OGR_F_SetFieldInteger(f, SP_F_CL_COVERED, r->covered[i]);
            /* reachable, snap_m: its demand points' (a point cluster: its point's) */
            const sp_demand_cluster_sum *cs = &r->cl_sum[i];
            OGR_F_SetFieldInteger(f, SP_F_CL_REACHABLE, cs->reachable);
            if (isfinite(cs->snap_m))
                OGR_F_SetFieldDouble(f, SP_F_CL_SNAP_M, round(cs->snap_m * 10) / 10);
            if (gap_of && gap_of[i]) OGR_F_SetFieldInteger(f, SP_F_CL_GAP_RANK, gap_of[i]);
            set_cluster_after(r, f, i, gap_after_of);
            OGR_F_SetFieldInteger(f, SP_F_CL_DEMAND_POINTS, cs->points);
            OGR_F_SetFieldDouble(f, SP_F_CL_WORKERS_COVERED, cs->workers_covered);
            OGR_F_SetFieldDouble(f, SP_F_CL_SHARE_COVERED, cs->share);
            if (isfinite(cs->worst_s))
                OGR_F_SetFieldDouble(f, SP_F_CL_MINUTES_WORST, sp_minutes_shown(cs->worst_s));
            double after = cl_covered_after(r, i);
            if (isfinite(after))
                OGR_F_SetFieldDouble(f, SP_F_CL_WORKERS_COVERED_AFTER, after);
            if (r->cap) {
                OGR_F_SetFieldDouble(f, SP_F_CL_SERVED, r->cap->cl_served[i]);
                OGR_F_SetFieldDouble(f, SP_F_CL_UNSERVED, cl_unserved(r, i));
            }
            OGRGeometryH g = to_ogr(gctx, cl->geom[i]);
            ok = sp_gpkg_put(l, f, g && all_polygons ? OGR_G_ForceToMultiPolygon(g) : g);
        }
        free(gap_of);
        free(gap_after_of);
    }
    /* sites */
    l = ok ? sp_gpkg_layer(ds, SP_L_SITES, srs, wkbNone) : NULL;
    ok = l != NULL;
    if (ok) {
        for (int32_t s = 0; ok && s < in->n_sites; s++) {
            size_t row;
            const sp_points *p = sp_inputs_site_layer(in, s, &row);
            OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
            OGR_F_SetFieldString(f, SP_F_SITE_ID, p->id[row]);
            if (p->name[row]) OGR_F_SetFieldString(f, SP_F_SITE_NAME, p->name[row]);
            OGR_F_SetFieldString(f, SP_F_SITE_KIND, sp_inputs_site_kind(in, s));
            OGR_F_SetFieldInteger(f, SP_F_SITE_REACHABLE, sp_snap_ok(&in->site_snap[s]));
            if (isfinite(in->site_snap[s].offroad_m))
                OGR_F_SetFieldDouble(f, SP_F_SITE_SNAP_M, round(in->site_snap[s].offroad_m * 10) / 10);
            const sp_site_share *sh = &r->site_share[s];
            OGR_F_SetFieldDouble(f, SP_F_SITE_WORKERS, sh->workers_reached);
            OGR_F_SetFieldInteger(f, SP_F_SITE_CLUSTERS, sh->clusters_reached);
            OGR_F_SetFieldDouble(f, SP_F_SITE_WORKERS_ASSIGNED, sh->workers_assigned);
            OGR_F_SetFieldInteger(f, SP_F_SITE_CLUSTERS_ASSIGNED, sh->clusters_assigned);
            OGR_F_SetFieldDouble(f, SP_F_SITE_WORKERS_ONLY, sh->workers_only);
            OGR_F_SetFieldInteger(f, SP_F_SITE_CLUSTERS_ONLY, sh->clusters_only);
            if (r->cap) {
                double cap = r->cap->capacity[s], u = sp__utilisation(r->cap, s);
                if (isfinite(cap))
                    OGR_F_SetFieldDouble(f, SP_F_SITE_CAPACITY, cap);
                OGR_F_SetFieldDouble(f, SP_F_SITE_LOAD, r->cap->load[s]);
                if (isfinite(u))
                    OGR_F_SetFieldDouble(f, SP_F_SITE_UTILISATION, u);
            }
            OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
            OGR_G_SetPoint_2D(g, 0, p->xy[2 * row], p->xy[2 * row + 1]);
            ok = sp_gpkg_put(l, f, g);
        }
    }
    /* catchments: one polygon per site and threshold */
    l = ok ? sp_gpkg_layer(ds, SP_L_CATCHMENTS, srs, wkbNone) : NULL;
    ok = l != NULL;
    if (ok) {
        for (int32_t s = 0; ok && r->cov->catchment && s < in->n_sites; s++) {
            for (int k = 0; ok && k < o->n_minutes; k++) {
                GEOSGeometry *p = r->cov->catchment[(size_t)s * o->n_minutes + k];
                if (!p || GEOSisEmpty_r(gctx, p))
                    continue;
                ok = put_catchment(l, r, p, site_id(in, s), sp_inputs_site_kind(in, s), o->minutes[k],
                                   r->ring_area_km2[(size_t)s * o->n_minutes + k], r->cov->matrix, s);
            }
        }
        ok = ok && put_after_catchments(l, r);
    }
    /* coverage area: the union, per threshold */
    l = ok ? sp_gpkg_layer(ds, SP_L_COVERAGE_AREA, srs, wkbNone) : NULL;
    ok = l != NULL;
    if (ok) {
        for (int k = 0; ok && k < o->n_minutes; k++) {
            GEOSGeometry *p = r->cov->area[k];
            double a = 0;
            if (p)
                GEOSArea_r(gctx, p, &a);
            OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
            OGR_F_SetFieldDouble(f, SP_F_AREA_MINUTES, o->minutes[k]);
            OGR_F_SetFieldDouble(f, SP_F_AREA_AREA_KM2, round(a / 1e6 * 1e4) / 1e4);
            OGR_F_SetFieldDouble(f, SP_F_AREA_WORKERS, r->ring_workers[k]);
            OGR_F_SetFieldInteger(f, SP_F_AREA_CLUSTERS, r->ring_clusters[k]);
            OGRGeometryH g = p ? to_ogr(gctx, p) : NULL;
            ok = sp_gpkg_put(l, f, g ? OGR_G_ForceToMultiPolygon(g) : NULL);
        }
    }
    ok = ok && write_responsibility(r, ds, srs);
    /* gaps */
    l = ok ? sp_gpkg_layer(ds, SP_L_GAPS, srs, wkbNone) : NULL;
    ok = l != NULL;
    ok = ok && put_gaps(l, r, r->gaps);
    /* recommendations */
    if (ok && r->rec) {
        const sp_recommend *rc = r->rec;
        const sp_siting_result *sr = rc->res;
        l = sp_gpkg_layer(ds, SP_L_RECOMMENDATIONS, srs, wkbNone);
        ok = l != NULL;
        for (int32_t k = 0; ok && k < sr->n_sites; k++) {
            const sp_siting_rank *rk = &sr->ranks[k];
            int32_t c = sp_recommend_cand(rc, rk->site);
            OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
            OGR_F_SetFieldInteger(f, SP_F_REC_RANK, k + 1);
            OGR_F_SetFieldString(f, SP_F_REC_SITE_ID, col_id(r, rk->site));
            if (c >= 0 && rc->name[c]) OGR_F_SetFieldString(f, SP_F_REC_NAME, rc->name[c]);
            OGR_F_SetFieldDouble(f, SP_F_REC_WORKERS_ADDED, rk->added_weight);
            OGR_F_SetFieldDouble(f, SP_F_REC_WORKERS_CUMULATIVE, rk->cum_weight);
            OGR_F_SetFieldDouble(f, SP_F_REC_PERCENT_CUMULATIVE, sp_pct_shown(rk->cum_percent, 2));
            OGR_F_SetFieldInteger(f, SP_F_REC_CLUSTERS_ADDED, rk->n_new);
            set_ids(f, SP_F_REC_CLUSTER_IDS, cl, rk->new_demand, rk->n_new);
            char *cw = cluster_workers(rc, k);
            OGR_F_SetFieldString(f, SP_F_REC_CLUSTER_WORKERS, cw);
            g_free(cw);
            if (rk->runner_up >= 0) {
                OGR_F_SetFieldString(f, SP_F_REC_RUNNER_UP_ID, col_id(r, rk->runner_up));
                OGR_F_SetFieldDouble(f, SP_F_REC_RUNNER_UP_WORKERS_ADDED, rk->runner_up_added_weight);
            }
            OGRGeometryH g = NULL;
            if (c >= 0) {
                g = OGR_G_CreateGeometry(wkbPoint);
                OGR_G_SetPoint_2D(g, 0, rc->xy[2 * c], rc->xy[2 * c + 1]);
            }
            ok = sp_gpkg_put(l, f, g);
        }
    }
    /* gaps after the recommended sites */
    if (ok && r->after) {
        l = sp_gpkg_layer(ds, SP_L_GAPS_AFTER, srs, wkbNone);
        ok = l && put_gaps(l, r, r->after->gaps);
    }
    /* [mobile]: the routes and stops */
    if (ok && r->mobile)
        ok = sp__put_mobile_layers(r, ds, srs);
    sp_test_pause("tables");   /* test only (resultdir.h): the GeoPackage half written */
    if (ok)
        ok = GDALDatasetCommitTransaction(ds) == OGRERR_NONE;
    OSRDestroySpatialReference(srs);
    char msg[512];
    snprintf(msg, sizeof msg, "%s", CPLGetLastErrorMsg());
    GDALClose(ds);
    if (!ok) {
        sp_gpkg_remove(tmp);
        return sp_error(SP_E_IO, "%s: writing the GeoPackage failed: %s", path, msg);
    }
    return sp_atomic_commit(tmp, path);
}

static sp_status write_recommendations_csv(const sp_outcome *r, const char *dir)
{
    const sp_recommend *rc = r->rec;
    const sp_siting_result *sr = rc->res;
    sp__csv_out out;
    sp_status st = sp__csv_begin(&out, dir, SP_FILE_RECOMMENDATIONS, SP_CSV_RECOMMENDATIONS);
    if (st)
        return st;
    FILE *f = out.f;
    for (int32_t k = 0; k < sr->n_sites; k++) {
        const sp_siting_rank *rk = &sr->ranks[k];
        int32_t c = sp_recommend_cand(rc, rk->site);
        fprintf(f, "%d,", k + 1);
        sp_csv_field(f, col_id(r, rk->site));
        fputc(',', f);
        sp_csv_field(f, c >= 0 ? rc->name[c] : NULL);
        if (c >= 0)
            fprintf(f, ",%.6f,%.6f,%.1f,%.1f", rc->lonlat[2 * c], rc->lonlat[2 * c + 1],
                    rc->xy[2 * c], rc->xy[2 * c + 1]);
        else
            fputs(",,,,", f);
        fprintf(f, ",%.0f,%.0f,%.2f,%d,%.6g,", rk->added_weight, rk->cum_weight,
                sp_pct_shown(rk->cum_percent, 2),
                rk->n_new, rk->objective);
        if (rk->runner_up >= 0) {
            sp_csv_field(f, col_id(r, rk->runner_up));
            fprintf(f, ",%.0f", rk->runner_up_added_weight);
        } else {
            fputc(',', f);
        }
        char *cw = cluster_workers(rc, k);
        fputc(',', f);
        sp_csv_field(f, cw);
        g_free(cw);
        fputc('\n', f);
    }
    return sp_atomic_close_file(f, out.tmp, out.path);
}

static sp_status write_curve_csv(const sp_outcome *r, const char *dir)
{
    const sp_siting_result *sr = r->rec->res;
    sp__csv_out c;
    sp_status st = sp__csv_begin(&c, dir, SP_FILE_CURVE, SP_CSV_CURVE);
    if (st)
        return st;
    FILE *f = c.f;
    for (int32_t k = 0; k < sr->n_curve; k++) {
        const sp_siting_point *pt = &sr->curve[k];
        fprintf(f, "%d,%.0f,%.2f,", pt->p, pt->covered_weight,
                sp_pct_shown(sr->total_weight > 0 ? 100 * pt->covered_weight / sr->total_weight : 0, 2));
        if (isfinite(pt->objective))
            fprintf(f, "%.6g", pt->objective);
        fputc(',', f);
        if (isfinite(pt->bound))
            fprintf(f, "%.6g", pt->bound);
        fprintf(f, ",%d\n", pt->optimal ? 1 : 0);
    }
    return sp_atomic_close_file(f, c.tmp, c.path);
}

/* Remove the outputs of an earlier run that this one does not write: the
 * siting files without recommendations, and every drawing (render draws
 * them again from the new results).  Only SP_RESULTS_FILES are touched. */
static sp_status remove_stale(const sp_outcome *r, const char *dir)
{
    for (int i = 0; SP_RESULTS_FILES[i]; i++) {
        const char *name = SP_RESULTS_FILES[i];
        int written = !strcmp(name, SP_FILE_SUMMARY) || !strcmp(name, SP_FILE_GPKG) ||
                      !strcmp(name, SP_FILE_COVERAGE) ||
                      (r->rec && (!strcmp(name, SP_FILE_RECOMMENDATIONS) || !strcmp(name, SP_FILE_CURVE)));
        if (written)
            continue;
        char *path = g_build_filename(dir, name, NULL);
        int bad = unlink(path) != 0 && errno != ENOENT;
        sp_status st = bad ? sp_error(SP_E_IO, "%s: cannot remove the output of an earlier run: %s",
                                      path, g_strerror(errno))
                           : SP_OK;
        g_free(path);
        if (st)
            return st;
    }
    return SP_OK;
}

sp_status sp_outcome_write(const sp_outcome *r, const char *dir)
{
    return sp_outcome_write_with(r, dir, NULL);
}

sp_status sp_outcome_write_with(const sp_outcome *r, const char *dir, sp_gpkg_early *early)
{
    sp_status st = sp_mkdir_p(dir);
    if (st == SP_OK)
        st = remove_stale(r, dir);
    if (st == SP_OK)
        st = write_gpkg(r, dir, early);
    else
        sp_gpkg_abort(early);
    if (st == SP_OK)
        st = write_coverage_csv(r, dir);
    if (st == SP_OK)
        st = sp__write_sites_csv(r, dir);
    if (st == SP_OK && r->rec)
        st = write_recommendations_csv(r, dir);
    if (st == SP_OK && r->rec)
        st = write_curve_csv(r, dir);
    if (st == SP_OK && r->cap)
        st = sp__write_assignment_csv(r, dir);
    if (st == SP_OK && r->mobile)
        st = sp__write_mobile_schedule_csv(r, dir);
    if (st == SP_OK)
        st = write_summary(r, dir);
    return st;
}
