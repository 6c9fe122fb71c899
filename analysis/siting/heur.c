/* heur.c — our own heuristics: lazy greedy (CELF) and swap local search
 * for covering; greedy and swap for pmedian and pcenter.  See
 * siting_internal.h. */
#include "siting_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Max-heap of (upper bound, column): larger bound first, then lower column. */
typedef struct {
    double ub;
    int32_t col;
} celf_item;

static int celf_before(celf_item a, celf_item b)
{
    return a.ub > b.ub || (a.ub == b.ub && a.col < b.col);
}

static void celf_down(celf_item *h, int32_t n, int32_t i)
{
    celf_item it = h[i];
    for (;;) {
        int32_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && celf_before(h[c + 1], h[c]))
            c++;
        if (!celf_before(h[c], it))
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = it;
}

static double cov_gain(const sp__cov *c, const uint8_t *covered, int32_t col)
{
    double g = 0;
    for (size_t t = c->ptr[col]; t < c->ptr[col + 1]; t++)
        if (!covered[c->row[t]])
            g += c->w[c->row[t]];
    return g;
}

int32_t sp__cov_greedy(const sp__cov *c, int32_t p, int32_t *cols,
                       int32_t n_start)
{
    uint8_t *covered = sp_calloc_n((size_t)c->n_row, 1);
    uint8_t *chosen = sp_calloc_n((size_t)c->n_col, 1);
    celf_item *h = sp_malloc_n((size_t)c->n_col, sizeof *h);
    int32_t n = n_start;
    if (!covered || !chosen || !h)
        goto done;
    for (int32_t k = 0; k < n; k++) {
        chosen[cols[k]] = 1;
        for (size_t t = c->ptr[cols[k]]; t < c->ptr[cols[k] + 1]; t++)
            covered[c->row[t]] = 1;
    }
    int32_t hn = 0;
    for (int32_t col = 0; col < c->n_col; col++)
        if (!chosen[col])
            h[hn++] = (celf_item){cov_gain(c, covered, col), col};
    for (int32_t i = hn / 2 - 1; i >= 0; i--)
        celf_down(h, hn, i);
    /* Lazy evaluation: gains only shrink as coverage grows (submodularity),
     * so a column whose fresh gain still beats every other stale bound is
     * the exact greedy choice, ties to the lower column. */
    while (n < p && hn > 0) {
        celf_item top = h[0];
        top.ub = cov_gain(c, covered, top.col);
        int best = hn == 1;
        if (!best) {
            celf_item next = h[1];
            if (hn > 2 && celf_before(h[2], next))
                next = h[2];
            best = !celf_before(next, top);
        }
        if (!best) {
            h[0] = top;
            celf_down(h, hn, 0);
            continue;
        }
        cols[n++] = top.col;
        chosen[top.col] = 1;
        for (size_t t = c->ptr[top.col]; t < c->ptr[top.col + 1]; t++)
            covered[c->row[t]] = 1;
        h[0] = h[--hn];
        if (hn > 0)
            celf_down(h, hn, 0);
    }
    sp__sort_i32(cols, (size_t)n);
done:
    free(covered);
    free(chosen);
    free(h);
    return n;
}

int sp__cov_swap(const sp__cov *c, int32_t *cols, int32_t n)
{
    int32_t *cnt = sp_calloc_n((size_t)c->n_row, sizeof *cnt);
    uint8_t *chosen = sp_calloc_n((size_t)c->n_col, 1);
    int swaps = 0;
    if (!cnt || !chosen)
        goto done;
    for (int32_t k = 0; k < n; k++) {
        chosen[cols[k]] = 1;
        for (size_t t = c->ptr[cols[k]]; t < c->ptr[cols[k] + 1]; t++)
            cnt[c->row[t]]++;
    }
    double eps = 1e-9 * (c->total > 1 ? c->total : 1);
    for (;;) {
        double best = eps;
        int32_t bk = -1, bc = -1;
        for (int32_t k = 0; k < n; k++) {
            int32_t s = cols[k];
            if (c->col_req[s])
                continue;
            double loss = 0;
            for (size_t t = c->ptr[s]; t < c->ptr[s + 1]; t++)
                if (--cnt[c->row[t]] == 0)
                    loss += c->w[c->row[t]];
            for (int32_t col = 0; col < c->n_col; col++) {
                if (chosen[col])
                    continue;
                double g = 0;
                for (size_t t = c->ptr[col]; t < c->ptr[col + 1]; t++)
                    if (cnt[c->row[t]] == 0)
                        g += c->w[c->row[t]];
                if (g - loss > best) {
                    best = g - loss;
                    bk = k;
                    bc = col;
                }
            }
            for (size_t t = c->ptr[s]; t < c->ptr[s + 1]; t++)
                cnt[c->row[t]]++;
        }
        if (bk < 0)
            break;
        int32_t s = cols[bk];
        for (size_t t = c->ptr[s]; t < c->ptr[s + 1]; t++)
            cnt[c->row[t]]--;
        for (size_t t = c->ptr[bc]; t < c->ptr[bc + 1]; t++)
            cnt[c->row[t]]++;
        chosen[s] = 0;
        chosen[bc] = 1;
        cols[bk] = bc;
        sp__sort_i32(cols, (size_t)n);
        swaps++;
    }
done:
    free(cnt);
    free(chosen);
    return swaps;
}

/* --- pmedian / pcenter ------------------------------------------------------ */

int sp__mobj_better(const sp__mobj *a, const sp__mobj *b)
{
    double tr = 1e-9 * fmax(1.0, fmax(fabs(a->reached), fabs(b->reached)));
    if (a->reached > b->reached + tr)
        return 1;
    if (a->reached < b->reached - tr)
        return 0;
    double tp = 1e-9 * fmax(1.0, fmax(fabs(a->primary), fabs(b->primary)));
    if (a->primary < b->primary - tp)
        return 1;
    if (a->primary > b->primary + tp)
        return 0;
    double ts = 1e-9 * fmax(1.0, fmax(fabs(a->secondary), fabs(b->secondary)));
    return a->secondary < b->secondary - ts;
}

/* d[j] = cheapest open cost (fixed sites + sites except `skip`). */
static void min_fill(const sp__sprob *P, const int32_t *sites, int32_t n,
                     int32_t skip, double *d)
{
    memcpy(d, P->fixed_cost, (size_t)P->nd * sizeof *d);
    for (int32_t k = 0; k < n; k++) {
        if (sites[k] == skip)
            continue;
        const int32_t *dj;
        const float *cj;
        size_t len = sp_costmatrix_get_row(P->m, sites[k], &dj, &cj);
        for (size_t t = 0; t < len; t++)
            if ((double)cj[t] < d[dj[t]])
                d[dj[t]] = cj[t];
    }
}

sp__mobj sp__min_obj(const sp__sprob *P, const double *d)
{
    sp__mobj o = {0, 0, 0};
    double sum = 0, mx = 0;
    for (int32_t j = 0; j < P->nd; j++) {
        if (!P->counted[j] || isinf(d[j]))
            continue;
        o.reached += P->w[j];
        sum += P->w[j] * d[j];
        if (d[j] > mx)
            mx = d[j];
    }
    if (P->ops->max_objective) {
        o.primary = mx;
        o.secondary = sum;
    } else {
        o.primary = sum;
    }
    return o;
}

sp__mobj sp__min_eval(const sp__sprob *P, const int32_t *sites, int32_t n)
{
    sp__mobj o = {0, INFINITY, INFINITY};
    double *d = sp_malloc_n((size_t)P->nd, sizeof *d);
    if (!d)
        return o;
    min_fill(P, sites, n, -1, d);
    o = sp__min_obj(P, d);
    free(d);
    return o;
}

double sp__min_covered(const sp__sprob *P, const int32_t *sites, int32_t n, double radius)
{
    double *d = sp_malloc_n((size_t)P->nd, sizeof *d);
    if (!d)
        return NAN;
    min_fill(P, sites, n, -1, d);
    double w = 0;
    for (int32_t j = 0; j < P->nd; j++)
        if (P->w[j] > 0 && sp_covers(d[j], radius))
            w += P->w[j];
    free(d);
    return w;
}

/* Objective after opening candidate i on top of state d (objective base).
 * scratch: nd doubles, all INFINITY on entry and on return. */
static sp__mobj min_score_add(const sp__sprob *P, const double *d,
                              const sp__mobj *base, int32_t i, double *scratch)
{
    const int32_t *dj;
    const float *cj;
    size_t len = sp_costmatrix_get_row(P->m, i, &dj, &cj);
    double reached = base->reached, dsum = 0;
    for (size_t t = 0; t < len; t++) {
        int32_t j = dj[t];
        if (!P->counted[j])
            continue;
        double c = cj[t];
        if (isinf(d[j])) {
            reached += P->w[j];
            dsum += P->w[j] * c;
        } else if (c < d[j]) {
            dsum += P->w[j] * (c - d[j]);
        }
    }
    sp__mobj o;
    o.reached = reached;
    if (!P->ops->max_objective) {
        o.primary = base->primary + dsum;
        o.secondary = 0;
        return o;
    }
    for (size_t t = 0; t < len; t++)
        scratch[dj[t]] = cj[t];
    double mx = 0;
    for (int32_t j = 0; j < P->nd; j++) {
        double e = d[j] < scratch[j] ? d[j] : scratch[j];
        if (P->counted[j] && !isinf(e) && e > mx)
            mx = e;
    }
    for (size_t t = 0; t < len; t++)
        scratch[dj[t]] = INFINITY;
    o.primary = mx;
    o.secondary = base->secondary + dsum;
    return o;
}

static double *inf_array(int32_t n)
{
    double *a = sp_malloc_n((size_t)n, sizeof *a);
    if (a)
        for (int32_t j = 0; j < n; j++)
            a[j] = INFINITY;
    return a;
}

int32_t sp__min_greedy(const sp__sprob *P, int32_t p, int32_t *sites,
                       int32_t n_start)
{
    double *d = sp_malloc_n((size_t)P->nd, sizeof *d);
    double *scratch = inf_array(P->nd);
    uint8_t *chosen = sp_calloc_n((size_t)P->nc, 1);
    int32_t n = n_start;
    if (!d || !scratch || !chosen)
        goto done;
    for (int32_t k = 0; k < n; k++)
        chosen[sites[k]] = 1;
    min_fill(P, sites, n, -1, d);
    while (n < p) {
        sp__mobj base = sp__min_obj(P, d);
        int32_t bi = -1;
        sp__mobj bo = {0, 0, 0};
        for (int32_t k = 0; k < P->n_usable; k++) {
            int32_t i = P->usable[k];
            if (chosen[i])
                continue;
            sp__mobj o = min_score_add(P, d, &base, i, scratch);
            if (bi < 0 || sp__mobj_better(&o, &bo)) {
                bi = i;
                bo = o;
            }
        }
        if (bi < 0)
            break;
        sites[n++] = bi;
        chosen[bi] = 1;
        const int32_t *dj;
        const float *cj;
        size_t len = sp_costmatrix_get_row(P->m, bi, &dj, &cj);
        for (size_t t = 0; t < len; t++)
            if ((double)cj[t] < d[dj[t]])
                d[dj[t]] = cj[t];
    }
    sp__sort_i32(sites, (size_t)n);
done:
    free(d);
    free(scratch);
    free(chosen);
    return n;
}

int sp__min_swap(const sp__sprob *P, int32_t *sites, int32_t n)
{
    double *d = sp_malloc_n((size_t)P->nd, sizeof *d);
    double *scratch = inf_array(P->nd);
    uint8_t *chosen = sp_calloc_n((size_t)P->nc, 1);
    int swaps = 0;
    if (!d || !scratch || !chosen)
        goto done;
    for (int32_t k = 0; k < n; k++)
        chosen[sites[k]] = 1;
    for (;;) {
        int32_t bk = -1, bc = -1;
        sp__mobj bo = {0, 0, 0};
        for (int32_t k = 0; k < n; k++) {
            int32_t s = sites[k];
            if (P->flags[s] & SP_SITE_REQUIRED)
                continue;
            min_fill(P, sites, n, s, d);
            sp__mobj base = sp__min_obj(P, d);
            /* The current set scored the same way, so that float noise
             * between two ways of summing cannot fake an improvement. */
            sp__mobj cur = min_score_add(P, d, &base, s, scratch);
            for (int32_t u = 0; u < P->n_usable; u++) {
                int32_t c = P->usable[u];
                if (chosen[c])
                    continue;
                sp__mobj o = min_score_add(P, d, &base, c, scratch);
                if (!sp__mobj_better(&o, &cur))
                    continue;
                if (bk < 0 || sp__mobj_better(&o, &bo)) {
                    bk = k;
                    bc = c;
                    bo = o;
                }
            }
        }
        if (bk < 0)
            break;
        chosen[sites[bk]] = 0;
        chosen[bc] = 1;
        sites[bk] = bc;
        sp__sort_i32(sites, (size_t)n);
        swaps++;
        if (swaps > 100000)
            break; /* cannot happen: each swap strictly improves */
    }
done:
    free(d);
    free(scratch);
    free(chosen);
    return swaps;
}
