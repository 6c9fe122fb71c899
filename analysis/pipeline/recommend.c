/* recommend.c — candidates, coverage matrix and siting; see recommend.h. */
#include "recommend.h"
#include "siting_dist.h"
#include "recount.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "number.h"

void sp_recommend_free(sp_recommend *r)
{
    if (!r)
        return;
    for (int32_t i = 0; i < r->n_cand; i++) {
        free(r->id[i]);
        free(r->name[i]);
    }
    free(r->id);
    free(r->name);
    free(r->xy);
    free(r->lonlat);
    free(r->snap);
    sp_costmatrix_free(r->matrix);
    for (int32_t k = 0; r->cluster_workers && r->res && k < r->res->n_sites; k++)
        free(r->cluster_workers[k]);
    free(r->cluster_workers);
    sp_siting_result_free(r->res);
    free(r);
}

typedef struct {
    int32_t node;
    double d;
} cell_pick;

/* candidates = auto: see recommend.h for the rule. */
static sp_status auto_candidates(const sp_inputs *in, const sp_options *o, const uint8_t *covered,
                                 int32_t **nodes_out, int32_t *n_out)
{
    const sp_graph *g = in->graph;
    const sp_points *cl = in->clusters;
    double sp = o->auto_spacing_m;
    double vmax = 0;
    for (int i = 0; i < in->profile->n; i++)
        vmax = fmax(vmax, in->profile->kmh[i] / 3.6);
    if (o->mode == SP_MODE_CAR && o->use_maxspeed)
        vmax = fmax(vmax, 130 / 3.6);
    double reach = vmax * o->minutes[o->n_minutes - 1] * 60 + o->max_snap_m;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int32_t v = 0; v < g->n_nodes; v++) {
        x0 = fmin(x0, g->node_xy[2 * v]);
        y0 = fmin(y0, g->node_xy[2 * v + 1]);
        x1 = fmax(x1, g->node_xy[2 * v]);
        y1 = fmax(y1, g->node_xy[2 * v + 1]);
    }
    int64_t nx = (int64_t)floor((x1 - x0) / sp) + 1, ny = (int64_t)floor((y1 - y0) / sp) + 1;
    if (nx * ny > 50000000)
        return sp_error(SP_E_INPUT, "[siting] auto_spacing_m = %g makes too many candidate "
                        "squares for this network; use a larger spacing", sp);
    cell_pick *pick = sp_malloc_n((size_t)(nx * ny), sizeof *pick);
    if (!pick)
        return sp_error(SP_E_NOMEM, "out of memory");
    for (int64_t c = 0; c < nx * ny; c++) {
        pick[c].node = -1;
        pick[c].d = INFINITY;
    }
    for (int32_t v = 0; v < g->n_nodes; v++) {
        if (!sp_graph_in_main(g, v))
            continue;
        double x = g->node_xy[2 * v], y = g->node_xy[2 * v + 1];
        int64_t cx = (int64_t)floor((x - x0) / sp), cy = (int64_t)floor((y - y0) / sp);
        double d = hypot(x - (x0 + (cx + 0.5) * sp), y - (y0 + (cy + 0.5) * sp));
        cell_pick *p = &pick[cy * nx + cx];
        if (d < p->d) { /* strict: ties keep the lower node id */
            p->d = d;
            p->node = v;
        }
    }
    /* Keep squares whose node is within reach of an uncovered cluster:
     * bucket uncovered clusters on a grid of `reach` cells. */
    GHashTable *buckets = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                                (GDestroyNotify)g_array_unref);
    for (size_t i = 0; i < cl->n; i++) {
        if (covered[i])
            continue;
        gint64 *key = g_new(gint64, 1);
        int64_t bx = (int64_t)floor((cl->xy[2 * i] - x0) / reach);
        int64_t by = (int64_t)floor((cl->xy[2 * i + 1] - y0) / reach);
        *key = bx * 1000003 + by;
        GArray *a = g_hash_table_lookup(buckets, key);
        if (!a) {
            a = g_array_new(FALSE, FALSE, sizeof(int32_t));
            g_hash_table_insert(buckets, key, a);
        } else {
            g_free(key);
        }
        int32_t ii = (int32_t)i;
        g_array_append_val(a, ii);
    }
    int32_t *nodes = sp_malloc_n((size_t)(nx * ny), sizeof *nodes);
    int32_t n = 0;
    if (!nodes) {
        g_hash_table_destroy(buckets);
        free(pick);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    for (int64_t c = 0; c < nx * ny; c++) {
        int32_t v = pick[c].node;
        if (v < 0)
            continue;
        double x = g->node_xy[2 * v], y = g->node_xy[2 * v + 1];
        int64_t bx = (int64_t)floor((x - x0) / reach), by = (int64_t)floor((y - y0) / reach);
        int near = 0;
        for (int dx = -1; dx <= 1 && !near; dx++)
            for (int dy = -1; dy <= 1 && !near; dy++) {
                gint64 key = (bx + dx) * 1000003 + (by + dy);
                GArray *a = g_hash_table_lookup(buckets, &key);
                for (guint k = 0; a && k < a->len && !near; k++) {
                    int32_t i = g_array_index(a, int32_t, k);
                    if (hypot(cl->xy[2 * i] - x, cl->xy[2 * i + 1] - y) <= reach)
                        near = 1;
                }
            }
        if (near)
            nodes[n++] = v;
    }
    g_hash_table_destroy(buckets);
    free(pick);
    *nodes_out = nodes;
    *n_out = n;
    return SP_OK;
}

/* Split a comma-separated id list and flag each id's column. */
static sp_status flag_ids(const sp_recommend *r, const char *list, uint8_t flag,
                          const char *key, const char *origin, uint8_t *flags)
{
    if (!list)
        return SP_OK;
    char **ids = g_strsplit(list, ",", -1);
    sp_status st = SP_OK;
    for (int i = 0; ids[i] && st == SP_OK; i++) {
        char *id = g_strstrip(ids[i]);
        if (!*id)
            continue;
        int32_t col = sp_costmatrix_find_candidate(r->matrix, id);
        if (col < 0 || col < r->n_fixed) {
            st = sp_error(SP_E_INPUT, "%s: [siting] %s: '%s' is not a candidate id%s", origin,
                          key, id, col >= 0 ? " (it is an existing site)" : "");
        } else if (flags[col] & (SP_SITE_EXCLUDED | SP_SITE_REQUIRED)) {
            st = sp_error(SP_E_INPUT, "%s: [siting] '%s' is both required and excluded, or "
                          "listed twice", origin, id);
        } else {
            flags[col] |= flag;
        }
    }
    g_strfreev(ids);
    return st;
}

sp_status sp_recommend_run(const sp_inputs *in, const sp_options *o, const uint8_t *covered,
                           const sp_coverage *site_cov, GDALProgressFunc progress, void *parg,
                           sp_recommend **out)
{
    *out = NULL;
    const sp_points *cl = in->clusters;
    const char *origin = o->source_path ? o->source_path : "scenario";
    if (o->capacity_on && o->model != SP_SITING_MCLP && o->model != SP_SITING_TARGET)
        return sp_error(SP_E_INPUT, "%s: [siting] model = %s: capacitated siting supports the "
                        "models mclp and target ([capacity] is on; [capacity] enabled = no "
                        "sites without capacities)", origin,
                        sp_siting_model_name((sp_siting_model)o->model));
    sp_recommend *r = calloc(1, sizeof *r);
    if (!r)
        return sp_error(SP_E_NOMEM, "out of memory");
    sp_status st = SP_OK;
    int32_t *auto_nodes = NULL, n_auto = 0;
    sp_snap *snaps = NULL;
    uint8_t *flags = NULL;
    double *cap = NULL;      /* [capacity]: per matrix column, workers */
    int32_t *src_of = NULL;  /* candidate -> row of the candidates layer */
    sp_coverage *cov = NULL;
    const sp_costmatrix *site_rows = site_cov ? site_cov->matrix : NULL;
    const char **col_ids = NULL;
    GHashTable *site_ids = g_hash_table_new(g_str_hash, g_str_equal);
    r->n_fixed = in->n_sites;
    for (int32_t s = 0; s < in->n_sites; s++) {
        size_t row;
        const sp_points *p = sp_inputs_site_layer(in, s, &row);
        g_hash_table_add(site_ids, p->id[row]);
    }

    /* The candidates. */
    int32_t n_src = 0;
    if (in->candidates) {
        n_src = (int32_t)in->candidates->n;
        snprintf(r->source, sizeof r->source, "%s", in->candidates->what);
    } else {
        if ((st = auto_candidates(in, o, covered, &auto_nodes, &n_auto)))
            goto done;
        n_src = n_auto;
        snprintf(r->source, sizeof r->source,
                 "auto: network nodes thinned to one per %g m square, within reach of "
                 "uncovered workers", o->auto_spacing_m);
    }
    r->id = sp_calloc_n((size_t)n_src, sizeof *r->id);
    r->name = sp_calloc_n((size_t)n_src, sizeof *r->name);
    r->xy = sp_malloc_n((size_t)n_src, 2 * sizeof *r->xy);
    r->lonlat = sp_malloc_n((size_t)n_src, 2 * sizeof *r->lonlat);
    r->snap = sp_malloc_n((size_t)n_src, sizeof *r->snap);
    snaps = sp_malloc_n((size_t)in->n_sites + (size_t)n_src, sizeof *snaps);
    src_of = sp_malloc_n((size_t)n_src + 1, sizeof *src_of);
    if (!r->id || !r->name || !r->xy || !r->lonlat || !r->snap || !snaps || !src_of) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto done;
    }
    memcpy(snaps, in->site_snap, sizeof *snaps * (size_t)in->n_sites);
    for (int32_t k = 0; k < n_src; k++) {
        const char *id;
        char buf[32];
        sp_snap sn;
        double x, y;
        const char *nm = NULL;
        if (in->candidates) {
            id = in->candidates->id[k];
            nm = in->candidates->name[k];
            x = in->candidates->xy[2 * k];
            y = in->candidates->xy[2 * k + 1];
            sn = in->cand_snap[k];
        } else {
            int32_t v = auto_nodes[k];
            snprintf(buf, sizeof buf, "node-%d", v);
            id = buf;
            x = in->graph->node_xy[2 * v];
            y = in->graph->node_xy[2 * v + 1];
            memset(&sn, 0, sizeof sn);
            sn.link = -1;
            sn.node = v;
            sn.x = x;
            sn.y = y;
        }
        if (g_hash_table_contains(site_ids, id)) {
            r->n_already_sites++;
            continue;
        }
        if (!sp_snap_ok(&sn))
            r->n_unreachable++;
        int32_t c = r->n_cand++;
        src_of[c] = k;
        r->id[c] = strdup(id);
        r->name[c] = nm ? strdup(nm) : NULL;
        r->xy[2 * c] = x;
        r->xy[2 * c + 1] = y;
        snaps[in->n_sites + c] = sn;
        r->snap[c] = sn;
    }
    if (r->n_cand == 0) {
        st = sp_error(SP_E_INPUT, "%s: [siting] no candidates (%s)%s", origin, r->source,
                      r->n_already_sites ? "; every candidate is already a site" : "");
        goto done;
    }
    /* lon/lat of the candidates, for the outputs */
    {
        sp_xform *x = NULL;
        memcpy(r->lonlat, r->xy, sizeof *r->xy * 2 * (size_t)r->n_cand);
        if ((st = sp_xform_new(in->crs, "EPSG:4326", 0, "candidates", &x)) ||
            (st = sp_xform_apply(x, r->lonlat, (size_t)r->n_cand))) {
            sp_xform_free(x);
            goto done;
        }
        sp_xform_free(x);
    }

    /* The coverage matrix: one search per column, except the existing
     * sites' columns of mclp/target, which the analysis already has. */
    int32_t ncol = in->n_sites + r->n_cand;
    int full = o->model == SP_SITING_PMEDIAN || o->model == SP_SITING_PCENTER;
    double limit = full ? INFINITY : o->minutes[o->n_minutes - 1] * 60.0;
    col_ids = sp_malloc_n((size_t)ncol, sizeof *col_ids);
    if (!col_ids) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto done;
    }
    for (int32_t c = 0; c < ncol; c++) {
        size_t row;
        col_ids[c] = c < in->n_sites ? sp_inputs_site_layer(in, c, &row)->id[row]
                                     : r->id[c - in->n_sites];
    }
    sp_coverage_in ci = {0};
    ci.g = in->graph;
    ci.site_snap = snaps;
    ci.n_sites = ncol;
    ci.demand = in->demand;
    ci.site_id = col_ids;
    ci.cluster_id = (const char *const *)cl->id;
    ci.reuse = full ? NULL : site_rows;
    ci.n_reuse = ci.reuse ? in->n_sites : 0;
    ci.limits_s = &limit;
    ci.n_limits = 1;
    ci.threads = o->threads;
    ci.dist = o->dist;
    ci.progress = progress;
    ci.progress_arg = parg;
    if ((st = sp_coverage_compute(&ci, in->gctx, &cov)))
        goto done;
    r->matrix = sp_coverage_take_matrix(cov);

    flags = sp_calloc_n((size_t)ncol, 1);
    if (!flags) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto done;
    }
    for (int32_t c = 0; c < in->n_sites; c++)
        flags[c] = SP_SITE_FIXED;
    if ((st = flag_ids(r, o->excluded, SP_SITE_EXCLUDED, "excluded", origin, flags)) ||
        (st = flag_ids(r, o->required, SP_SITE_REQUIRED, "required", origin, flags)))
        goto done;
    for (int32_t c = in->n_sites; c < ncol; c++) {
        if (sp_snap_ok(&snaps[c]))
            continue;
        if (flags[c] & SP_SITE_REQUIRED) {
            st = sp_error(SP_E_INPUT, "%s: [siting] required candidate '%s' is too far from "
                          "the road network", origin, r->id[c - in->n_sites]);
            goto done;
        }
        flags[c] = SP_SITE_EXCLUDED;
    }

    /* [capacity]: the existing sites' capacities (their layers'), the
     * candidates' from the candidates layer's field, else [capacity]
     * new_site / default / unlimited (sp_points_capacity_finish) */
    if (o->capacity_on) {
        cap = sp_malloc_n((size_t)ncol, sizeof *cap);
        if (!cap) {
            st = sp_error(SP_E_NOMEM, "out of memory");
            goto done;
        }
        for (int32_t c = 0; c < ncol; c++) {
            if (c < in->n_sites) {
                size_t row;
                const sp_points *p = sp_inputs_site_layer(in, c, &row);
                cap[c] = p->capacity ? p->capacity[row] : INFINITY;
            } else if (in->candidates && in->candidates->capacity) {
                cap[c] = in->candidates->capacity[src_of[c - in->n_sites]];
            } else {
                cap[c] = sp_options_capacity_default(o, 1);
            }
        }
    }

    sp_siting_opts so;
    sp_siting_opts_default(&so);
    so.capacity = cap;
    so.model = (sp_siting_model)o->model;
    so.p = o->model == SP_SITING_TARGET ? (o->budget > 0 ? o->budget : -1) : o->budget;
    so.radius = o->minutes[o->n_minutes - 1] * 60.0;
    so.target_percent = o->target_percent;
    so.flags = flags;
    so.time_limit_s = o->time_limit_s;
    so.fill_budget = o->fill_budget;
    so.curve = 1;
    st = sp_siting_solve_dist(o->dist, r->matrix, &so, &r->res); /* rank 0's, on every rank */
    if (st == SP_OK && full) /* "covered" is within the threshold for every model */
        st = sp_recount_within(r->res, r->matrix, flags, so.radius);
    if (st == SP_OK) { /* the matrix columns are demand points: name clusters */
        r->cluster_workers = sp_calloc_n((size_t)r->res->n_sites + 1, sizeof *r->cluster_workers);
        st = r->cluster_workers ? sp_recount_clusters(r->res, in->demand, r->cluster_workers)
                                : sp_error(SP_E_NOMEM, "out of memory");
    }
    if (st == SP_OK && o->model == SP_SITING_TARGET && !r->res->target_met)
        sp_warn("%s: [siting] target_percent = %g is not reached: the best is %.2f%% of the "
                "workers%s with %d new site%s%s", origin, o->target_percent,
                sp_pct_shown(r->res->capacitated
                                 ? (r->res->total_weight > 0
                                        ? 100 * r->res->served_weight / r->res->total_weight
                                        : 0)
                                 : r->res->covered_percent,
                             2),
                r->res->capacitated ? " served" : "", r->res->n_sites,
                r->res->n_sites == 1 ? "" : "s",
                o->budget > 0 && r->res->n_sites == o->budget ? " (the budget cap)" : "");
    if (st) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", sp_error_message());
        sp_error_clear();
        const char *m = strncmp(msg, "siting: ", 8) ? msg : msg + 8;
        st = sp_error(st, "%s: [siting] %s", origin, m);
    }
done:
    g_hash_table_destroy(site_ids);
    sp_coverage_free(cov, in->gctx);
    free(auto_nodes);
    free(snaps);
    free(col_ids);
    free(flags);
    free(cap);
    free(src_of);
    if (st) {
        sp_recommend_free(r);
        return st;
    }
    *out = r;
    return SP_OK;
}
