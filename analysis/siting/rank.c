/* rank.c — the answer in rank order (each chosen site against the fixed
 * sites and the ranks before it, with the best unchosen runner-up), the
 * coverage summary, and the points of the budget curve.  See
 * siting_internal.h. */
#include "siting_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Cheapest cost from the fixed sites, or +inf; for coverage models a demand
 * is covered iff this is <= radius. */
typedef struct {
    const sp__sprob *P;
    double radius;   /* coverage radius (INFINITY for min models) */
    int min_model;
    double *d;       /* current cheapest open cost per demand */
    double *nd_tmp;  /* scratch */
} ranker;

typedef struct {
    double covered;  /* covered weight, all demand */
    sp__mobj mo;     /* min models */
} rscore;

/* Score of opening i on top of R->d (does not modify d). */
static rscore rank_score(const ranker *R, int32_t i, double base_cov)
{
    const sp__sprob *P = R->P;
    const int32_t *dj;
    const float *cj;
    size_t len = sp_costmatrix_get_row(P->m, i, &dj, &cj);
    rscore s;
    memset(&s, 0, sizeof s);
    double add = 0;
    for (size_t t = 0; t < len; t++) {
        int32_t j = dj[t];
        if (sp_covers(cj[t], R->radius) && !sp_covers(R->d[j], R->radius))
            add += P->w[j];
    }
    s.covered = base_cov + add;
    if (R->min_model) {
        memcpy(R->nd_tmp, R->d, (size_t)P->nd * sizeof *R->d);
        for (size_t t = 0; t < len; t++)
            if ((double)cj[t] < R->nd_tmp[dj[t]])
                R->nd_tmp[dj[t]] = cj[t];
        s.mo = sp__min_obj(P, R->nd_tmp);
    }
    return s;
}

static int rscore_better(const ranker *R, const rscore *a, const rscore *b)
{
    if (R->min_model)
        return sp__mobj_better(&a->mo, &b->mo);
    return a->covered > b->covered + 1e-9 * fmax(1.0, fabs(b->covered));
}

static double rscore_objective(const ranker *R, const rscore *s)
{
    return R->min_model ? s->mo.primary : s->covered;
}

sp_status sp__rank_sites(const sp__sprob *P, double radius, const int32_t *sites, int32_t n,
                         sp_siting_result *res)
{
    ranker R = {P, radius, P->ops->min_model, NULL, NULL};
    R.d = sp_malloc_n((size_t)P->nd, sizeof *R.d);
    R.nd_tmp = sp_malloc_n((size_t)P->nd, sizeof *R.nd_tmp);
    uint8_t *in_set = sp_calloc_n((size_t)P->nc, 1);
    uint8_t *ranked = sp_calloc_n((size_t)P->nc, 1);
    res->ranks = sp_calloc_n((size_t)n, sizeof *res->ranks);
    sp_status st = SP_OK;
    if (!R.d || !R.nd_tmp || !in_set || !ranked || !res->ranks) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    res->n_sites = n;
    double total = res->total_weight;
    memcpy(R.d, P->fixed_cost, (size_t)P->nd * sizeof *R.d);
    double cov = 0;
    for (int32_t j = 0; j < P->nd; j++)
        if (sp_covers(R.d[j], radius))
            cov += P->w[j];
    res->fixed_weight = cov;
    for (int32_t t = 0; t < n; t++)
        in_set[sites[t]] = 1;
    for (int32_t step = 0; step < n; step++) {
        int32_t bi = -1, ri = -1;
        rscore bs, rs;
        memset(&bs, 0, sizeof bs);
        memset(&rs, 0, sizeof rs);
        for (int32_t t = 0; t < n; t++) {
            int32_t i = sites[t];
            if (ranked[i])
                continue;
            rscore s = rank_score(&R, i, cov);
            if (bi < 0 || rscore_better(&R, &s, &bs) ||
                (!rscore_better(&R, &bs, &s) && i < bi)) {
                bi = i;
                bs = s;
            }
        }
        for (int32_t u = 0; u < P->n_usable; u++) {
            int32_t i = P->usable[u];
            if (in_set[i])
                continue;
            rscore s = rank_score(&R, i, cov);
            if (ri < 0 || rscore_better(&R, &s, &rs)) {
                ri = i;
                rs = s;
            }
        }
        sp_siting_rank *rk = &res->ranks[step];
        rk->site = bi;
        rk->runner_up = ri;
        if (ri >= 0) {
            rk->runner_up_added_weight = rs.covered - cov;
            rk->runner_up_objective = rscore_objective(&R, &rs);
        }
        rk->added_weight = bs.covered - cov;
        rk->objective = rscore_objective(&R, &bs);
        /* Apply: list the newly covered demand. */
        const int32_t *dj;
        const float *cj;
        size_t len = sp_costmatrix_get_row(P->m, bi, &dj, &cj);
        rk->new_demand = sp_malloc_n(len + 1, sizeof *rk->new_demand);
        if (!rk->new_demand) {
            st = sp_error(SP_E_NOMEM, "siting: out of memory");
            goto done;
        }
        for (size_t t = 0; t < len; t++) {
            int32_t j = dj[t];
            if (sp_covers(cj[t], radius) && !sp_covers(R.d[j], radius))
                rk->new_demand[rk->n_new++] = j;
            if ((double)cj[t] < R.d[j])
                R.d[j] = cj[t];
        }
        cov = bs.covered;
        rk->cum_weight = cov;
        rk->cum_percent = total > 0 ? 100.0 * cov / total : 0;
        ranked[bi] = 1;
    }
    /* Summary of the final state. */
    res->covered_weight = 0;
    res->n_covered = 0;
    for (int32_t j = 0; j < P->nd; j++)
        if (sp_covers(R.d[j], radius)) {
            res->covered_weight += P->w[j];
            res->n_covered++;
        }
    res->covered_percent = total > 0 ? 100.0 * res->covered_weight / total : 0;
done:
    free(R.d);
    free(R.nd_tmp);
    free(in_set);
    free(ranked);
    return st;
}

void sp__set_point(sp_siting_point *pt, int32_t k, const ksol *s)
{
    pt->p = k;
    pt->objective = s->obj;
    pt->bound = s->bound;
    pt->optimal = s->optimal;
    pt->covered_weight = s->covered;
}
