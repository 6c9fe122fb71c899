/* after.c — the state with the recommended sites open; see after.h. */
#include "after.h"
#include "gapzones.h"
#include "recommend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void sp_after_free(sp_after *a, GEOSContextHandle_t gctx)
{
    if (!a)
        return;
    sp_coverage_free(a->cov, gctx);
    sp_gaps_free(a->gaps, gctx);
    free(a->cand);
    free(a->area_km2);
    free(a->nearest);
    free(a->time_s);
    free(a->covered);
    free(a->point_time_s);
    free(a);
}

const char *sp_after_site_id(const sp_after *a, const sp_inputs *in, const sp_recommend *rec,
                             int32_t open_site)
{
    if (open_site < 0)
        return NULL;
    if (open_site < in->n_sites) {
        size_t row;
        return sp_inputs_site_layer(in, open_site, &row)->id[row];
    }
    return rec->id[a->cand[open_site - in->n_sites]];
}

/* The new site k's row (within T) equals its siting matrix column's pairs
 * within T: the same search from the same snap. */
static sp_status same_as_matrix(const sp_after *a, const sp_recommend *rec, int32_t k,
                                int32_t column, double T)
{
    const int32_t *p1, *p2;
    const float *c1, *c2;
    size_t n1 = sp_costmatrix_get_row(a->cov->matrix, k, &p1, &c1);
    size_t n2 = sp_costmatrix_get_row(rec->matrix, column, &p2, &c2);
    size_t i = 0, within = 0;
    int same = 1;
    for (size_t j = 0; j < n2; j++) {
        if (!sp_covers(c2[j], T))
            continue;
        within++;
        if (i < n1 && p1[i] == p2[j] && c1[i] == c2[j])
            i++;
        else
            same = 0;
    }
    if (same && i == n1)
        return SP_OK;
    return sp_error(SP_E_INTERNAL, "after state: recommended site %s reaches other points than "
                    "in the siting matrix (%zu against %zu within the threshold)",
                    rec->id[a->cand[k]], n1, within);
}

sp_status sp_after_compute(const sp_inputs *in, const sp_options *o, const sp_coverage *cov,
                           const sp_recommend *rec, const sp_catchment_opts *cat, sp_after **out)
{
    *out = NULL;
    const sp_siting_result *sr = rec->res;
    const sp_demand *dm = in->demand;
    const sp_points *cl = in->clusters;
    int32_t nc = (int32_t)cl->n, ns = in->n_sites, nn = sr->n_sites;
    int nr = o->n_minutes;
    double limits[SP_MAX_RINGS];
    for (int k = 0; k < nr; k++)
        limits[k] = o->minutes[k] * 60.0;
    double T = limits[nr - 1];

    sp_after *a = calloc(1, sizeof *a);
    if (!a)
        return sp_error(SP_E_NOMEM, "out of memory");
    sp_status st = SP_OK;
    double *pt_time = NULL;
    sp_snap *snaps = sp_malloc_n((size_t)nn + 1, sizeof *snaps);
    a->n_new = nn;
    a->cand = sp_malloc_n((size_t)nn + 1, sizeof *a->cand);
    a->area_km2 = sp_calloc_n((size_t)nn * nr + 1, sizeof *a->area_km2);
    a->nearest = sp_malloc_n((size_t)nc + 1, sizeof *a->nearest);
    a->time_s = sp_malloc_n((size_t)nc + 1, sizeof *a->time_s);
    a->covered = sp_calloc_n((size_t)nc + 1, 1);
    pt_time = sp_malloc_n((size_t)dm->n_points + 1, sizeof *pt_time);
    if (!snaps || !a->cand || !a->area_km2 || !a->nearest || !a->time_s || !a->covered ||
        !pt_time) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto done;
    }
    for (int32_t k = 0; k < nn; k++) {
        int32_t c = sp_recommend_cand(rec, sr->ranks[k].site);
        if (c < 0) {
            st = sp_error(SP_E_INTERNAL, "after state: rank %d is not a candidate", (int)k + 1);
            goto done;
        }
        a->cand[k] = c;
        snaps[k] = rec->snap[c];
    }

    /* The recommended sites' searches and catchments: the existing sites' code. */
    sp_coverage_in ci = {0};
    ci.g = in->graph;
    ci.site_snap = snaps;
    ci.n_sites = nn;
    ci.demand = dm;
    ci.limits_s = limits;
    ci.n_limits = nr;
    ci.threads = o->threads;
    ci.want_polygons = o->per_site;
    ci.cat_opts = *cat;
    if ((st = sp_coverage_compute(&ci, in->gctx, &a->cov)))
        goto done;
    for (int32_t k = 0; k < nn; k++) {
        if ((st = same_as_matrix(a, rec, k, sr->ranks[k].site, T)))
            goto done;
        for (int r = 0; r < nr; r++) {
            GEOSGeometry *p = a->cov->catchment ? a->cov->catchment[(size_t)k * nr + r] : NULL;
            double area = 0;
            if (p && !GEOSisEmpty_r(in->gctx, p))
                GEOSArea_r(in->gctx, p, &area);
            a->area_km2[(size_t)k * nr + r] = area / 1e6;
        }
    }

    /* Nearest open site: the existing sites' first, then the new ones in
     * rank order, each replacing only a strictly shorter time. */
    for (int32_t i = 0; i < nc; i++) {
        int cov_i = sp_covers(cov->time_s[i], T);
        a->nearest[i] = cov_i ? cov->nearest[i] : -1;
        a->time_s[i] = cov_i ? cov->time_s[i] : INFINITY;
    }
    for (int32_t p = 0; p < dm->n_points; p++)
        pt_time[p] = sp_covers(cov->point_time_s[p], T) ? cov->point_time_s[p] : INFINITY;
    for (int32_t k = 0; k < nn; k++) {
        const int32_t *pt;
        const float *secs;
        size_t n = sp_costmatrix_get_row(a->cov->matrix, k, &pt, &secs);
        for (size_t e = 0; e < n; e++) {
            if (!sp_covers(secs[e], T))
                continue;
            int32_t p = pt[e], c = dm->point_cluster[p];
            if (secs[e] < pt_time[p])
                pt_time[p] = secs[e];
            if (secs[e] < a->time_s[c]) {
                a->time_s[c] = secs[e];
                a->nearest[c] = ns + k;
            }
        }
    }
    for (int32_t i = 0; i < nc; i++) {
        if (sp_covers(a->time_s[i], T)) {
            a->covered[i] = 1;
            a->clusters_covered++;
            a->workers_covered += sp_demand_cluster_within(dm, i, pt_time, T);
        }
    }
    st = sp_gap_zones(in, pt_time, T, o->gap_link_m, &a->gaps);
done:
    free(snaps);
    a->point_time_s = pt_time;   /* kept (after.h) */
    if (st) {
        sp_after_free(a, in->gctx);
        return st;
    }
    *out = a;
    return SP_OK;
}
