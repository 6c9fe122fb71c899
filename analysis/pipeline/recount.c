/* recount.c — see recount.h. */
#include "recount.h"

#include <stdlib.h>

#include "coverset.h"

/* Covered weight of the fixed and the required columns. */
static sp_status weight_of_required(const sp_costmatrix *m, const uint8_t *flags,
                                    double threshold, double *out)
{
    sp_coverset *cs = sp_coverset_new(m, threshold);
    if (!cs)
        return SP_E_NOMEM;
    for (int32_t c = 0; c < sp_costmatrix_n_candidates(m); c++)
        if (flags && (flags[c] & (SP_SITE_FIXED | SP_SITE_REQUIRED)))
            sp_coverset_open(cs, c, NULL, NULL);
    *out = sp_coverset_weight(cs);
    sp_coverset_free(cs);
    return SP_OK;
}

sp_status sp_recount_within(sp_siting_result *res, const sp_costmatrix *m,
                            const uint8_t *flags, double threshold)
{
    double total = res->total_weight, req_weight;
    sp_status st = weight_of_required(m, flags, threshold, &req_weight);
    if (st)
        return st;
    sp_coverset *cs = sp_coverset_new(m, threshold);
    if (!cs)
        return SP_E_NOMEM;
    for (int32_t c = 0; c < sp_costmatrix_n_candidates(m); c++)
        if (flags && (flags[c] & SP_SITE_FIXED))
            sp_coverset_open(cs, c, NULL, NULL);
    res->fixed_weight = sp_coverset_weight(cs);
    for (int32_t k = 0; k < res->n_sites; k++) {
        sp_siting_rank *rk = &res->ranks[k];
        if (rk->runner_up >= 0)
            rk->runner_up_added_weight = sp_coverset_gain(cs, rk->runner_up);
        size_t len = sp_costmatrix_get_row(m, rk->site, NULL, NULL);
        int32_t *nd = sp_malloc_n(len + 1, sizeof *nd);
        if (!nd) {
            st = sp_error(SP_E_NOMEM, "out of memory");
            goto done;
        }
        free(rk->new_demand);
        rk->new_demand = nd;
        rk->added_weight = sp_coverset_open(cs, rk->site, nd, &rk->n_new);
        rk->cum_weight = sp_coverset_weight(cs);
        rk->cum_percent = total > 0 ? 100.0 * rk->cum_weight / total : 0;
    }
    res->covered_weight = sp_coverset_weight(cs);
    res->n_covered = sp_coverset_count(cs);
    res->covered_percent = total > 0 ? 100.0 * res->covered_weight / total : 0;
    int32_t n_required = 0;
    for (int32_t c = 0; flags && c < sp_costmatrix_n_candidates(m); c++)
        n_required += (flags[c] & SP_SITE_REQUIRED) != 0;
    for (int32_t i = 0; i < res->n_curve; i++) {
        sp_siting_point *pt = &res->curve[i];
        if (pt->p == res->p)
            pt->covered_weight = res->covered_weight;
        else if (pt->p == n_required)
            pt->covered_weight = req_weight;
    }
done:
    sp_coverset_free(cs);
    return st;
}

sp_status sp_recount_clusters(sp_siting_result *res, const sp_demand *d, double **workers)
{
    for (int32_t k = 0; k < res->n_sites; k++) {
        sp_siting_rank *rk = &res->ranks[k];
        double *w = NULL;
        if (workers && !(w = workers[k] = sp_malloc_n((size_t)rk->n_new + 1, sizeof *w)))
            return sp_error(SP_E_NOMEM, "out of memory");
        int32_t n = 0;
        for (int32_t q = 0; q < rk->n_new; q++) {
            int32_t p = rk->new_demand[q];
            int32_t c = p >= 0 && p < d->n_points ? d->point_cluster[p] : -1;
            if (c < 0)
                continue;
            if (n == 0 || rk->new_demand[n - 1] != c) {
                rk->new_demand[n++] = c;
                if (w)
                    w[n - 1] = 0;
            }
            if (w)
                w[n - 1] += d->point_weight[p];
        }
        rk->n_new = n;
    }
    return SP_OK;
}
