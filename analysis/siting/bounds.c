/* bounds.c — fallback bounds for every model.  See siting_internal.h.
 *
Cheap bounds that always hold, for when the exact step did not run or was
 * stopped before it proved one (a time limit): the objective is then still
 * reported with an honest bound and gap.
 *   mclp:    covered <= min(all coverable, fixed + the k best single gains)
 *            (coverage is submodular: a set covers at most the sum of what
 *            its members cover alone);
 *   target:  sites >= the least k whose k best single gains reach the goal;
 *   pmedian: sum >= sum over counted demand of weight x its cheapest
 *            usable or fixed site;
 *   pcenter: max >= the largest cheapest-site cost of a counted demand.
 */
#include "siting_internal.h"

#include <math.h>
#include <stdlib.h>

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* Covered weight with the k best single gains: prefix[k] (base included),
 * k = 0 .. n_col, of the instance at o->radius.  0 if it cannot be built. */
static int gain_prefix(const sp__sprob *P, const sp_siting_opts *o, sp__cov *c,
                       double **prefix_out)
{
    *prefix_out = NULL;
    if (sp__cov_build(P, o->radius, NULL, c) != SP_OK)
        return 0;
    double *gain = sp_malloc_n((size_t)c->n_col + 1, sizeof *gain);
    double *prefix = sp_malloc_n((size_t)c->n_col + 2, sizeof *prefix);
    if (gain && prefix) {
        for (int32_t q = 0; q < c->n_col; q++) {
            gain[q] = 0;
            for (size_t e = c->ptr[q]; e < c->ptr[q + 1]; e++)
                gain[q] += c->w[c->row[e]];
        }
        qsort(gain, (size_t)c->n_col, sizeof *gain, cmp_desc);
        prefix[0] = c->base;
        for (int32_t q = 0; q < c->n_col; q++)
            prefix[q + 1] = prefix[q] + gain[q];
    } else {
        free(prefix);
        prefix = NULL;
    }
    free(gain);
    *prefix_out = prefix;
    return 1;
}

void sp__bound_mclp(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res)
{
    sp__cov c;
    double *prefix;
    if (!gain_prefix(P, o, &c, &prefix))
        return;
    if (prefix) {
        for (int32_t k = 0; k < res->n_curve; k++) {
            sp_siting_point *pt = &res->curve[k];
            if (isnan(pt->bound) && pt->p >= 0) {
                int32_t kk = pt->p < c.n_col ? pt->p : c.n_col;
                pt->bound = fmin(c.total, prefix[kk]);
            }
        }
        if (isnan(res->bound)) {
            int32_t kk = res->p < c.n_col ? res->p : c.n_col;
            res->bound = fmin(c.total, prefix[kk]);
        }
    }
    free(prefix);
    sp__cov_free(&c);
}

void sp__bound_target(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res)
{
    sp__cov c;
    double *prefix;
    if (!gain_prefix(P, o, &c, &prefix))
        return;
    if (prefix && isnan(res->bound) && res->target_met) {
        double goal = res->target_weight;
        int32_t k = 0;
        while (k < c.n_col && prefix[k] < goal - 1e-9 * fmax(1.0, goal))
            k++;
        res->bound = fmax((double)k, (double)P->n_required);
    }
    free(prefix);
    sp__cov_free(&c);
}

void sp__bound_minsum(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res)
{
    (void)o;
    if (!isnan(res->bound) || !P->counted)
        return;
    /* each counted demand's cheapest usable or fixed site */
    double *best = sp_malloc_n((size_t)P->nd + 1, sizeof *best);
    if (!best)
        return;
    for (int32_t j = 0; j < P->nd; j++)
        best[j] = P->fixed_cost ? P->fixed_cost[j] : INFINITY;
    for (int32_t i = 0; i < P->nc; i++) {
        if (P->flags[i] & SP_SITE_EXCLUDED)
            continue;
        const int32_t *d;
        const float *cost;
        size_t n = sp_costmatrix_get_row(P->m, i, &d, &cost);
        for (size_t e = 0; e < n; e++)
            if (cost[e] < best[d[e]])
                best[d[e]] = cost[e];
    }
    double b = 0;
    for (int32_t j = 0; j < P->nd; j++) {
        if (!P->counted[j] || !isfinite(best[j]))
            continue;
        if (!P->ops->max_objective)
            b += P->w[j] * best[j];
        else if (P->w[j] > 0 && best[j] > b)
            b = best[j];
    }
    free(best);
    res->bound = fmin(b, res->objective);
}
