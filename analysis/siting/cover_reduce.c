/* cover_reduce.c — the reduced covering instance the exact step works on
 * (required columns out, empty and dominated columns dropped, identical
 * demand rows merged), sub-instances, and mapping solutions onto kept
 * columns.  See siting_mip.h. */
#define _GNU_SOURCE /* qsort_r */
#include "siting_mip.h"

#include <stdlib.h>
#include <string.h>

void sp__reduced_free(sp__reduced *R)
{
    free(R->keep);
    free(R->kpos);
    free(R->dom);
    free(R->active);
    free(R->rptr);
    free(R->rcol);
    free(R->grp);
    free(R->gw);
    free(R->grep);
}

/* rows of column a (restricted to active) subset of those of b? */
static int col_subset(const sp__cov *c, const uint8_t *active, int32_t a,
                      int32_t b)
{
    size_t t = c->ptr[b], te = c->ptr[b + 1];
    for (size_t s = c->ptr[a]; s < c->ptr[a + 1]; s++) {
        int32_t r = c->row[s];
        if (!active[r])
            continue;
        while (t < te && c->row[t] < r)
            t++;
        if (t == te || c->row[t] != r)
            return 0;
    }
    return 1;
}

/* Order rows by their kept-column list (then by index). */
static int grp_cmp(const void *pa, const void *pb, void *ctx)
{
    int32_t a = *(const int32_t *)pa, b = *(const int32_t *)pb;
    const sp__reduced *R = ctx;
    size_t la = R->rptr[a + 1] - R->rptr[a], lb = R->rptr[b + 1] - R->rptr[b];
    if (la != lb)
        return la < lb ? -1 : 1;
    int d = memcmp(R->rcol + R->rptr[a], R->rcol + R->rptr[b],
                   la * sizeof *R->rcol);
    if (d)
        return d;
    return (a > b) - (a < b);
}

static int same_list(const sp__reduced *R, int32_t a, int32_t b)
{
    size_t la = R->rptr[a + 1] - R->rptr[a], lb = R->rptr[b + 1] - R->rptr[b];
    return la == lb && memcmp(R->rcol + R->rptr[a], R->rcol + R->rptr[b],
                              la * sizeof *R->rcol) == 0;
}

sp_status sp__reduce_cov(const sp__cov *c, sp__reduced *R)
{
    memset(R, 0, sizeof *R);
    R->c = c;
    int32_t nc = c->n_col, nr = c->n_row;
    R->keep = sp_malloc_n((size_t)nc, sizeof *R->keep);
    R->kpos = sp_malloc_n((size_t)nc, sizeof *R->kpos);
    R->dom = sp_malloc_n((size_t)nc, sizeof *R->dom);
    R->active = sp_malloc_n((size_t)nr, 1);
    R->rptr = sp_calloc_n((size_t)nr + 1, sizeof *R->rptr);
    R->grp = sp_malloc_n((size_t)nr, sizeof *R->grp);
    R->gw = sp_malloc_n((size_t)nr, sizeof *R->gw);
    R->grep = sp_malloc_n((size_t)nr, sizeof *R->grep);
    int32_t *len = sp_calloc_n((size_t)nc, sizeof *len);
    int32_t *order = sp_malloc_n((size_t)nr, sizeof *order);
    size_t *aptr = sp_calloc_n((size_t)nr + 1, sizeof *aptr);
    int32_t *acol = sp_malloc_n(c->ptr[nc], sizeof *acol);
    sp_status st = SP_OK;
    if (!R->keep || !R->kpos || !R->dom || !R->active || !R->rptr ||
        !R->grp || !R->gw || !R->grep || !len || !order || !aptr || !acol) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    memset(R->active, 1, (size_t)nr);
    R->cst = c->base;
    for (int32_t k = 0; k < nc; k++)
        if (c->col_req[k])
            for (size_t t = c->ptr[k]; t < c->ptr[k + 1]; t++)
                R->active[c->row[t]] = 0;
    for (int32_t r = 0; r < nr; r++)
        if (!R->active[r])
            R->cst += c->w[r];
    /* Transpose over all non-required columns, active rows. */
    for (int32_t k = 0; k < nc; k++) {
        if (c->col_req[k])
            continue;
        for (size_t t = c->ptr[k]; t < c->ptr[k + 1]; t++)
            if (R->active[c->row[t]]) {
                aptr[c->row[t] + 1]++;
                len[k]++;
            }
    }
    for (int32_t r = 0; r < nr; r++)
        aptr[r + 1] += aptr[r];
    {
        size_t *fill = sp_malloc_n((size_t)nr, sizeof *fill);
        if (!fill) {
            st = sp_error(SP_E_NOMEM, "siting: out of memory");
            goto done;
        }
        memcpy(fill, aptr, (size_t)nr * sizeof *fill);
        for (int32_t k = 0; k < nc; k++) {
            if (c->col_req[k])
                continue;
            for (size_t t = c->ptr[k]; t < c->ptr[k + 1]; t++)
                if (R->active[c->row[t]])
                    acol[fill[c->row[t]]++] = k;
        }
        free(fill);
    }
    /* Dominance: a is dropped when some b covers a superset (identical
     * columns: the lower index stays).  The relation is a strict order, so
     * following dom[] ends at a kept column. */
    for (int32_t a = 0; a < nc; a++) {
        R->dom[a] = -1;
        R->kpos[a] = -1;
        if (c->col_req[a] || len[a] == 0)
            continue;
        int32_t rmin = -1;
        for (size_t t = c->ptr[a]; t < c->ptr[a + 1]; t++) {
            int32_t r = c->row[t];
            if (R->active[r] &&
                (rmin < 0 || aptr[r + 1] - aptr[r] < aptr[rmin + 1] - aptr[rmin]))
                rmin = r;
        }
        for (size_t t = aptr[rmin]; t < aptr[rmin + 1]; t++) {
            int32_t b = acol[t];
            if (b == a || len[b] < len[a] || (len[b] == len[a] && b > a))
                continue;
            if (col_subset(c, R->active, a, b)) {
                R->dom[a] = b;
                break;
            }
        }
    }
    for (int32_t a = 0; a < nc; a++)
        if (!c->col_req[a] && len[a] > 0 && R->dom[a] < 0) {
            R->kpos[a] = R->n_keep;
            R->keep[R->n_keep++] = a;
        }
    /* Transpose over kept columns: each active row's kept-column list. */
    for (int32_t r = 0; r < nr; r++)
        for (size_t t = aptr[r]; t < aptr[r + 1]; t++)
            if (R->kpos[acol[t]] >= 0)
                R->rptr[r + 1]++;
    for (int32_t r = 0; r < nr; r++)
        R->rptr[r + 1] += R->rptr[r];
    R->rcol = sp_malloc_n(R->rptr[nr], sizeof *R->rcol);
    if (!R->rcol) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    for (int32_t r = 0; r < nr; r++) {
        size_t f = R->rptr[r];
        for (size_t t = aptr[r]; t < aptr[r + 1]; t++)
            if (R->kpos[acol[t]] >= 0)
                R->rcol[f++] = R->kpos[acol[t]];
    }
    /* Merge rows with identical kept-column lists. */
    int32_t no = 0;
    for (int32_t r = 0; r < nr; r++) {
        R->grp[r] = -1;
        if (R->active[r] && R->rptr[r + 1] > R->rptr[r])
            order[no++] = r;
    }
    qsort_r(order, (size_t)no, sizeof *order, grp_cmp, (void *)R);
    for (int32_t q = 0; q < no; q++) {
        int32_t r = order[q];
        if (q == 0 || !same_list(R, order[q - 1], r)) {
            R->grep[R->n_grp] = r;
            R->gw[R->n_grp] = 0;
            R->n_grp++;
        }
        R->grp[r] = R->n_grp - 1;
    }
    /* Sum in row order so the result does not depend on the sort. */
    for (int32_t r = 0; r < nr; r++)
        if (R->grp[r] >= 0)
            R->gw[R->grp[r]] += c->w[r];
done:
    free(len);
    free(order);
    free(aptr);
    free(acol);
    if (st != SP_OK)
        sp__reduced_free(R);
    return st;
}

/* Pick p columns: the required ones, then `pick` (kept positions marked in
 * x[1..K]), then greedy filling.  Returns the count. */
int32_t sp__cov_collect(const sp__reduced *R, int32_t p, const double *xval, int32_t *cols)
{
    const sp__cov *c = R->c;
    int32_t n = 0;
    for (int32_t k = 0; k < c->n_col; k++)
        if (c->col_req[k])
            cols[n++] = k;
    for (int32_t q = 0; q < R->n_keep && n < p; q++)
        if (xval[q + 1] > 0.5)
            cols[n++] = R->keep[q];
    sp__sort_i32(cols, (size_t)n);
    return sp__cov_greedy(c, p, cols, n);
}

/* The sub-instance of c with the columns keep[0..n) (indices into c); those
 * with force[] set become required. */
sp_status sp__cov_subset(const sp__cov *c, const int32_t *keep, const uint8_t *force, int32_t n,
                         sp__cov *s)
{
    memset(s, 0, sizeof *s);
    size_t nnz = 0;
    for (int32_t t = 0; t < n; t++)
        nnz += c->ptr[keep[t] + 1] - c->ptr[keep[t]];
    s->n_col = n;
    s->n_row = c->n_row;
    s->col_cand = sp_malloc_n((size_t)n, sizeof *s->col_cand);
    s->col_req = sp_malloc_n((size_t)n, 1);
    s->ptr = sp_calloc_n((size_t)n + 1, sizeof *s->ptr);
    s->row = sp_malloc_n(nnz, sizeof *s->row);
    s->w = sp_malloc_n((size_t)c->n_row, sizeof *s->w);
    if (!s->col_cand || !s->col_req || !s->ptr || !s->row || !s->w) {
        sp__cov_free(s);
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    }
    memcpy(s->w, c->w, (size_t)c->n_row * sizeof *s->w);
    s->base = c->base;
    s->total = c->total;
    s->integral = c->integral;
    nnz = 0;
    for (int32_t t = 0; t < n; t++) {
        int32_t k = keep[t];
        s->col_cand[t] = c->col_cand[k];
        s->col_req[t] = force[t];
        size_t len = c->ptr[k + 1] - c->ptr[k];
        memcpy(s->row + nnz, c->row + c->ptr[k], len * sizeof *s->row);
        nnz += len;
        s->ptr[t + 1] = nnz;
    }
    return SP_OK;
}

/* Rewrite a solution onto kept columns (a dropped column moves to its
 * dominator), then fill up to p greedily: the value can only grow. */
sp_status sp__map_to_kept(const sp__reduced *R, int32_t p, int32_t *cols, int32_t *n)
{
    const sp__cov *c = R->c;
    double *x = sp_calloc_n((size_t)R->n_keep + 1, sizeof *x);
    if (!x)
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    for (int32_t t = 0; t < *n; t++) {
        int32_t k = cols[t];
        if (c->col_req[k])
            continue;
        while (R->kpos[k] < 0 && R->dom[k] >= 0)
            k = R->dom[k];
        if (R->kpos[k] >= 0)
            x[R->kpos[k] + 1] = 1;
    }
    *n = sp__cov_collect(R, p, x, cols);
    free(x);
    return SP_OK;
}
