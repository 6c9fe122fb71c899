/* mobile_exact.c — the exact step for small instances: Held-Karp per depot
 * gives the least drive of a route through every subset of visits (only
 * subsets that fit a day), then a dynamic program over subsets finds the
 * fewest routes covering each visit exactly once, ties least drive.  The
 * program tries, for each set, every feasible route holding its lowest
 * visit (3^V / 2 pairs in all).  See mobile_internal.h. */
#include "mobile_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Held-Karp from depot d over the visits of the instance (V <= cap):
 * route[mask] = least drive of a feasible route through mask, or INFINITY. */
static sp_status held_karp(const sp__mob *m, int32_t d, const double *W, const double *S,
                           double *dp, double *route)
{
    int32_t V = m->nv;
    uint32_t full = 1u << V;
    for (size_t i = 0; i < (size_t)full * (size_t)V; i++)
        dp[i] = INFINITY;
    for (int32_t v = 0; v < V; v++) {
        double c = sp__mob_c(m, d, m->vpt[v]);
        if (sp__mob_fits(m, W[1u << v], c + S[1u << v]))
            dp[(size_t)(1u << v) * V + v] = c;
    }
    for (uint32_t mask = 1; mask < full; mask++) {
        route[mask] = INFINITY;
        if (!(W[mask] <= m->cap + m->eps_w))
            continue;
        const double *row = dp + (size_t)mask * V;
        double best = INFINITY;
        for (int32_t l = 0; l < V; l++) {
            if (!(mask >> l & 1) || !isfinite(row[l]))
                continue;
            int32_t pl = m->vpt[l];
            double back = row[l] + sp__mob_c(m, pl, d);
            if (back < best)
                best = back;
            for (int32_t n = 0; n < V; n++) {
                if (mask >> n & 1)
                    continue;
                uint32_t nm = mask | 1u << n;
                double val = row[l] + sp__mob_c(m, pl, m->vpt[n]);
                if (val < dp[(size_t)nm * V + n] && sp__mob_fits(m, W[nm], val + S[nm]))
                    dp[(size_t)nm * V + n] = val;
            }
        }
        if (isfinite(best) && sp__mob_fits(m, W[mask], best + S[mask]))
            route[mask] = best;
    }
    return SP_OK;
}

/* The order of the least-drive route from d through the k visits vs[]
 * (Held-Karp with parents on the subset).  OUT: order[0..k-1]. */
static sp_status best_order(const sp__mob *m, int32_t d, const int32_t *vs, int32_t k,
                            int32_t *order)
{
    uint32_t full = 1u << k;
    double *dp = sp_malloc_n((size_t)full * (size_t)k, sizeof *dp);
    int8_t *par = sp_malloc_n((size_t)full * (size_t)k, 1);
    if (!dp || !par) {
        free(dp);
        free(par);
        return sp_error(SP_E_NOMEM, "mobile: out of memory");
    }
    for (size_t i = 0; i < (size_t)full * (size_t)k; i++) {
        dp[i] = INFINITY;
        par[i] = -1;
    }
    for (int32_t a = 0; a < k; a++)
        dp[(size_t)(1u << a) * k + a] = sp__mob_c(m, d, m->vpt[vs[a]]);
    for (uint32_t mask = 1; mask < full; mask++)
        for (int32_t l = 0; l < k; l++) {
            double x = dp[(size_t)mask * k + l];
            if (!(mask >> l & 1) || !isfinite(x))
                continue;
            for (int32_t n = 0; n < k; n++) {
                if (mask >> n & 1)
                    continue;
                uint32_t nm = mask | 1u << n;
                double val = x + sp__mob_c(m, m->vpt[vs[l]], m->vpt[vs[n]]);
                if (val < dp[(size_t)nm * k + n]) {
                    dp[(size_t)nm * k + n] = val;
                    par[(size_t)nm * k + n] = (int8_t)l;
                }
            }
        }
    int32_t last = -1;
    double best = INFINITY;
    for (int32_t l = 0; l < k; l++) {
        double x = dp[(size_t)(full - 1) * k + l] + sp__mob_c(m, m->vpt[vs[l]], d);
        if (x < best) {
            best = x;
            last = l;
        }
    }
    uint32_t mask = full - 1;
    for (int32_t i = k - 1; i >= 0; i--) {
        order[i] = vs[last >= 0 ? last : i];
        if (last < 0)
            continue;
        int32_t pl = par[(size_t)mask * k + last];
        mask &= ~(1u << last);
        last = pl;
    }
    free(dp);
    free(par);
    return SP_OK;
}

sp_status sp__mob_exact(const sp__mob *m, sp__mset *s)
{
    int32_t V = m->nv;
    if (V <= 0)
        return SP_OK;
    if (V > SP__MOB_EXACT_CAP)
        return sp_error(SP_E_INTERNAL, "mobile: exact step on %d visits", (int)V);
    uint32_t full = 1u << V;
    sp_status st = SP_OK;
    double *W = sp_malloc_n(full, sizeof *W), *S = sp_malloc_n(full, sizeof *S);
    double *dp = sp_malloc_n((size_t)full * (size_t)V, sizeof *dp);
    double *route = sp_malloc_n(full, sizeof *route);
    double *best = sp_malloc_n(full, sizeof *best);
    int32_t *bdep = sp_malloc_n(full, sizeof *bdep);
    int8_t *fr = sp_malloc_n(full, 1);
    double *fd = sp_malloc_n(full, sizeof *fd);
    uint32_t *fch = sp_malloc_n(full, sizeof *fch);
    int32_t vs[SP__MOB_EXACT_CAP], order[SP__MOB_EXACT_CAP];
    if (!W || !S || !dp || !route || !best || !bdep || !fr || !fd || !fch) {
        st = sp_error(SP_E_NOMEM, "mobile: out of memory");
        goto done;
    }
    W[0] = S[0] = 0;
    for (uint32_t mask = 1; mask < full; mask++) {
        int32_t low = __builtin_ctz(mask);
        W[mask] = W[mask & (mask - 1)] + m->vw[low];
        S[mask] = S[mask & (mask - 1)] + m->vserv[low];
        best[mask] = INFINITY;
        bdep[mask] = -1;
    }
    for (int32_t k = 0; k < m->n_ud; k++) {
        int32_t d = m->ud[k];
        held_karp(m, d, W, S, dp, route);
        for (uint32_t mask = 1; mask < full; mask++)
            if (route[mask] < best[mask]) {
                best[mask] = route[mask];
                bdep[mask] = d;
            }
    }
    /* fewest routes, then least drive, over partitions into feasible routes */
    fr[0] = 0;
    fd[0] = 0;
    for (uint32_t mask = 1; mask < full; mask++) {
        uint32_t low = mask & (~mask + 1u), rest = mask ^ low;
        int bestr = 127;
        double bestd = INFINITY;
        uint32_t bch = 0;
        for (uint32_t sub = rest;; sub = (sub - 1) & rest) {
            uint32_t r = sub | low;
            if (isfinite(best[r])) {
                uint32_t left = mask ^ r;
                if (fr[left] < 127) {
                    int nr = fr[left] + 1;
                    double nd = fd[left] + best[r];
                    if (nr < bestr || (nr == bestr && nd < bestd)) {
                        bestr = nr;
                        bestd = nd;
                        bch = r;
                    }
                }
            }
            if (sub == 0)
                break;
        }
        fr[mask] = (int8_t)(bestr > 127 ? 127 : bestr);
        fd[mask] = bestd;
        fch[mask] = bch;
    }
    if (fr[full - 1] >= 127) {
        st = sp_error(SP_E_INTERNAL, "mobile: exact step found no plan");
        goto done;
    }
    for (uint32_t mask = full - 1; mask;) {
        uint32_t r = fch[mask];
        int32_t k = 0;
        for (int32_t v = 0; v < V; v++)
            if (r >> v & 1)
                vs[k++] = v;
        st = best_order(m, bdep[r], vs, k, order);
        if (st != SP_OK)
            goto done;
        if (sp__mset_add(s, m, bdep[r], order, k) != 0) {
            st = sp_error(SP_E_NOMEM, "mobile: out of memory");
            goto done;
        }
        mask ^= r;
    }
done:
    free(W);
    free(S);
    free(dp);
    free(route);
    free(best);
    free(bdep);
    free(fr);
    free(fd);
    free(fch);
    return st;
}
