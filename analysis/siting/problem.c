/* problem.c — the siting problem: flags and fixed sites read from the
 * matrix (sp__sprob), and the covering instance at a radius (sp__cov).
 * See siting_internal.h. */
#include "siting_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void sp__prob_free(sp__sprob *P)
{
    free(P->usable);
    free(P->fixed);
    free(P->counted);
    free(P->fixed_cost);
    free((void *)P->flags);
    sp__cap_free(P->capx);
    P->capx = NULL;
}

sp_status sp__prob_init(sp__sprob *P, const sp_costmatrix *m, const sp_siting_opts *o,
                        double t0)
{
    memset(P, 0, sizeof *P);
    P->m = m;
    P->model = o->model;
    P->nc = sp_costmatrix_n_candidates(m);
    P->nd = sp_costmatrix_n_demands(m);
    P->w = sp_costmatrix_get_weights(m);
    uint8_t *flags = sp_calloc_n((size_t)P->nc, 1);
    P->flags = flags;
    P->usable = sp_malloc_n((size_t)P->nc, sizeof *P->usable);
    P->fixed = sp_malloc_n((size_t)P->nc, sizeof *P->fixed);
    P->counted = sp_calloc_n((size_t)P->nd, 1);
    P->fixed_cost = sp_malloc_n((size_t)P->nd, sizeof *P->fixed_cost);
    if (!flags || !P->usable || !P->fixed || !P->counted || !P->fixed_cost)
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    if (o->time_limit_s > 0)
        P->deadline = t0 + o->time_limit_s;
    P->heuristics = o->heuristics;
    for (int32_t i = 0; i < P->nc; i++) {
        uint8_t f = o->flags ? o->flags[i] : 0;
        const char *id = sp_costmatrix_get_candidate_id(m, i);
        if (f & ~(SP_SITE_FIXED | SP_SITE_REQUIRED | SP_SITE_EXCLUDED))
            return sp_error(SP_E_INPUT, "siting: candidate '%s': unknown flag "
                                        "bits 0x%x", id, (unsigned)f);
        if ((f & SP_SITE_REQUIRED) && (f & SP_SITE_EXCLUDED))
            return sp_error(SP_E_INPUT, "siting: candidate '%s' is both "
                                        "required and excluded", id);
        if ((f & SP_SITE_FIXED) && (f & (SP_SITE_REQUIRED | SP_SITE_EXCLUDED)))
            return sp_error(SP_E_INPUT,
                            "siting: candidate '%s' is fixed (an existing "
                            "site) and also %s", id,
                            (f & SP_SITE_REQUIRED) ? "required" : "excluded");
        flags[i] = f;
        if (f & SP_SITE_FIXED)
            P->fixed[P->n_fixed++] = i;
        else if (!(f & SP_SITE_EXCLUDED))
            P->usable[P->n_usable++] = i;
        if (f & SP_SITE_REQUIRED)
            P->n_required++;
    }
    /* Cheapest fixed site of every demand, and which demand can be reached
     * at all by a site that may be open. */
    for (int32_t j = 0; j < P->nd; j++)
        P->fixed_cost[j] = INFINITY;
    for (int32_t k = 0; k < P->n_fixed; k++) {
        const int32_t *dj;
        const float *cj;
        size_t len = sp_costmatrix_get_row(m, P->fixed[k], &dj, &cj);
        for (size_t t = 0; t < len; t++)
            if ((double)cj[t] < P->fixed_cost[dj[t]])
                P->fixed_cost[dj[t]] = cj[t];
    }
    int any_reach = 0;
    for (int32_t k = 0; k < P->n_usable; k++) {
        const int32_t *dj;
        size_t len = sp_costmatrix_get_row(m, P->usable[k], &dj, NULL);
        for (size_t t = 0; t < len; t++) {
            P->counted[dj[t]] = 1;
            any_reach |= P->w[dj[t]] > 0;
        }
    }
    for (int32_t j = 0; j < P->nd; j++)
        P->counted[j] = (P->counted[j] || isfinite(P->fixed_cost[j])) &&
                        P->w[j] > 0;
    return any_reach ? SP_OK
                     : sp_error(SP_E_INPUT,
                                "siting: no usable candidate reaches any "
                                "demand with weight > 0 (%d candidates: %d "
                                "fixed, %d excluded)",
                                (int)P->nc, (int)P->n_fixed,
                                (int)(P->nc - P->n_fixed - P->n_usable));
}

double sp__counted_weight(const sp__sprob *P)
{
    double s = 0;
    for (int32_t j = 0; j < P->nd; j++)
        if (P->counted[j])
            s += P->w[j];
    return s;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

void sp__sort_i32(int32_t *a, size_t n)
{
    if (n > 1) /* a may be NULL when n is 0 (qsort must not get NULL) */
        qsort(a, n, sizeof *a, cmp_i32);
}

void sp__cov_free(sp__cov *c)
{
    if (!c)
        return;
    free(c->col_cand);
    free(c->col_req);
    free(c->ptr);
    free(c->row);
    free(c->w);
    memset(c, 0, sizeof *c);
}

sp_status sp__cov_build(const sp__sprob *P, double radius, const double *w,
                        sp__cov *c)
{
    memset(c, 0, sizeof *c);
    if (!w)
        w = P->w;
    int32_t nd = P->nd;
    int32_t *rowof = sp_malloc_n((size_t)nd, sizeof *rowof);
    uint8_t *fixcov = sp_calloc_n((size_t)nd, 1);
    sp_status st = SP_OK;
    if (!rowof || !fixcov) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    for (int32_t k = 0; k < P->n_fixed; k++) {
        const int32_t *dj;
        const float *cj;
        size_t n = sp_costmatrix_get_row(P->m, P->fixed[k], &dj, &cj);
        for (size_t t = 0; t < n; t++)
            if (sp_covers(cj[t], radius))
                fixcov[dj[t]] = 1;
    }
    c->integral = 1;
    for (int32_t j = 0; j < nd; j++) {
        rowof[j] = -1;
        if (fixcov[j]) {
            c->base += w[j];
        } else if (w[j] > 0) {
            rowof[j] = c->n_row++;
        }
        if (w[j] != floor(w[j]))
            c->integral = 0;
    }
    c->n_col = P->n_usable;
    c->col_cand = sp_malloc_n((size_t)c->n_col, sizeof *c->col_cand);
    c->col_req = sp_calloc_n((size_t)c->n_col, 1);
    c->ptr = sp_calloc_n((size_t)c->n_col + 1, sizeof *c->ptr);
    c->w = sp_malloc_n((size_t)c->n_row, sizeof *c->w);
    size_t nnz = 0;
    for (int32_t k = 0; k < c->n_col; k++) {
        const int32_t *dj;
        const float *cj;
        size_t n = sp_costmatrix_get_row(P->m, P->usable[k], &dj, &cj);
        for (size_t t = 0; t < n; t++)
            if (sp_covers(cj[t], radius) && rowof[dj[t]] >= 0)
                nnz++;
    }
    c->row = sp_malloc_n(nnz, sizeof *c->row);
    if (!c->col_cand || !c->col_req || !c->ptr || !c->w || !c->row) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    c->total = c->base;
    for (int32_t j = 0; j < nd; j++)
        if (rowof[j] >= 0) {
            c->w[rowof[j]] = w[j];
            c->total += w[j];
        }
    nnz = 0;
    for (int32_t k = 0; k < c->n_col; k++) {
        int32_t i = P->usable[k];
        c->col_cand[k] = i;
        c->col_req[k] = (P->flags[i] & SP_SITE_REQUIRED) != 0;
        const int32_t *dj;
        const float *cj;
        size_t n = sp_costmatrix_get_row(P->m, i, &dj, &cj);
        for (size_t t = 0; t < n; t++)
            if (sp_covers(cj[t], radius) && rowof[dj[t]] >= 0)
                c->row[nnz++] = rowof[dj[t]]; /* ascending: rowof is monotone */
        c->ptr[k + 1] = nnz;
    }
done:
    free(rowof);
    free(fixcov);
    if (st != SP_OK)
        sp__cov_free(c);
    return st;
}

double sp__cov_value(const sp__cov *c, const int32_t *cols, int32_t n)
{
    uint8_t *cov = sp_calloc_n((size_t)c->n_row, 1);
    if (!cov)
        return NAN;
    for (int32_t k = 0; k < n; k++)
        for (size_t t = c->ptr[cols[k]]; t < c->ptr[cols[k] + 1]; t++)
            cov[c->row[t]] = 1;
    double v = c->base;
    for (int32_t r = 0; r < c->n_row; r++)
        if (cov[r])
            v += c->w[r];
    free(cov);
    return v;
}
