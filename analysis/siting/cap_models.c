/* cap_models.c — capacitated mclp and target: the served weight of a site
 * set (a maximum flow, cap_flow.c; capassign.h when the assignment itself
 * is needed), lazy greedy, swap search, the per-budget solve with
 * the MIP (cap_mip.c), ranks by served weight and the fallback bounds.
 * See siting.h "Capacitated siting" and siting_internal.h.
 *
 * The served weight f(S) of a set S of open sites (fixed ones included) is
 * the maximum flow of a bipartite network whose source arcs carry the
 * weights and whose sink arcs carry the capacities; f is submodular (the
 * rank function of a polymatroid), so a gain measured earlier bounds the
 * same candidate's gain later (the lazy greedy and the runner-up search use
 * that), and a candidate never adds more than ub: min(capacity, weight
 * within radius, its gain on the fixed sites alone).  (The unserved weight
 * it reaches is NOT a bound: a new site may take over a full site's
 * workers and free it for others.) */
#include "siting_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double tol_of(const sp__capctx *X)
{
    return 1e-9 * fmax(1.0, X->total);
}

void sp__cap_free(sp__capctx *X)
{
    if (!X)
        return;
    free(X->reach);
    free(X->ub);
    free(X->order);
    free(X->prefix);
    free(X->open);
    free(X);
}

sp_status sp__cap_eval(sp__capctx *X, const int32_t *sites, int32_t n, double *served,
                       sp_capassign **assign)
{
    const sp__sprob *P = X->P;
    memset(X->open, 0, (size_t)P->nc);
    for (int32_t k = 0; k < P->n_fixed; k++)
        X->open[P->fixed[k]] = 1;
    for (int32_t t = 0; t < n; t++)
        X->open[sites[t]] = 1;
    X->evals++;
    if (!assign) /* the amount only: a maximum flow (cap_flow.c) */
        return sp__cap_served(X, X->open, served);
    sp_capassign *a = NULL;
    sp_status st = sp_capassign_solve(P->m, NULL, X->cap, X->open, X->radius, &a);
    if (st != SP_OK)
        return st;
    *served = a->served;
    *assign = a;
    return SP_OK;
}

typedef struct {
    double ub;
    int32_t i;
} ubent;

static int cmp_ub_desc(const void *a, const void *b)
{
    const ubent *x = a, *y = b;
    if (x->ub != y->ub)
        return x->ub > y->ub ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

sp_status sp__cap_init(sp__sprob *P, const double *cap, double radius)
{
    for (int32_t i = 0; i < P->nc; i++)
        if (isnan(cap[i]) || cap[i] < 0)
            return sp_error(SP_E_INPUT, "siting: candidate '%s': capacity %g must be >= 0",
                            sp_costmatrix_get_candidate_id(P->m, i), cap[i]);
    sp__capctx *X = calloc(1, sizeof *X);
    if (!X)
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    P->capx = X;
    X->P = P;
    X->cap = cap;
    X->radius = radius;
    X->total = sp_costmatrix_total_weight(P->m);
    X->reach = sp_calloc_n((size_t)P->nc + 1, sizeof *X->reach);
    X->ub = sp_calloc_n((size_t)P->nc + 1, sizeof *X->ub);
    X->order = sp_malloc_n((size_t)P->n_usable + 1, sizeof *X->order);
    X->prefix = sp_malloc_n((size_t)P->n_usable + 1, sizeof *X->prefix);
    X->open = sp_calloc_n((size_t)P->nc + 1, 1);
    if (!X->reach || !X->ub || !X->order || !X->prefix || !X->open) {
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    }
    X->integral = 1;
    size_t npairs = 0;
    for (int32_t j = 0; j < P->nd; j++)
        if (P->w[j] != floor(P->w[j]))
            X->integral = 0;
    for (int32_t i = 0; i < P->nc; i++) {
        if (isfinite(cap[i]) && cap[i] != floor(cap[i]))
            X->integral = 0;
        const int32_t *dj;
        const float *cj;
        size_t len = sp_costmatrix_get_row(P->m, i, &dj, &cj);
        for (size_t t = 0; t < len; t++)
            if (sp_covers(cj[t], radius)) {
                X->reach[i] += P->w[dj[t]];
                npairs += P->w[dj[t]] > 0 && cap[i] > 0 && !(P->flags[i] & SP_SITE_EXCLUDED);
            }
        X->ub[i] = fmin(cap[i], X->reach[i]);
    }
    X->big = npairs > SP_CAP_GLPK_PAIRS;
    X->ipt = X->big && npairs <= SP_CAP_IPT_PAIRS;
    sp_status st = sp__cap_eval(X, NULL, 0, &X->fixed_served, NULL);
    if (st == SP_OK)
        st = sp__cap_eval(X, P->usable, P->n_usable, &X->all_served, NULL);
    /* With fixed sites, a candidate's gain on the fixed sites alone bounds
     * its gain on any larger set (submodularity): one solve each, then far
     * fewer in the greedy, swaps and ranks, and a tighter simple bound. */
    for (int32_t u = 0; st == SP_OK && P->n_fixed > 0 && u < P->n_usable; u++) {
        int32_t i = P->usable[u];
        double v;
        if (X->ub[i] <= 0)
            continue;
        if ((st = sp__cap_eval(X, &i, 1, &v, NULL)) == SP_OK)
            X->ub[i] = fmin(X->ub[i], fmax(v - X->fixed_served, 0));
    }
    if (st != SP_OK)
        return st;
    ubent *e = sp_malloc_n((size_t)P->n_usable + 1, sizeof *e);
    if (!e) {
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    }
    for (int32_t u = 0; u < P->n_usable; u++)
        e[u] = (ubent){X->ub[P->usable[u]], P->usable[u]};
    qsort(e, (size_t)P->n_usable, sizeof *e, cmp_ub_desc);
    X->prefix[0] = 0;
    for (int32_t u = 0; u < P->n_usable; u++) {
        X->order[u] = e[u].i;
        X->prefix[u + 1] = X->prefix[u] + e[u].ub;
    }
    free(e);
    return SP_OK;
}

/* Weight within radius of the fixed sites and sites[0..n) (distance
 * coverage); NAN on out of memory. */
static double covered_of(const sp__capctx *X, const int32_t *sites, int32_t n)
{
    const sp__sprob *P = X->P;
    uint8_t *hit = sp_calloc_n((size_t)P->nd + 1, 1);
    if (!hit)
        return NAN;
    for (int32_t t = 0; t < P->n_fixed + n; t++) {
        int32_t i = t < P->n_fixed ? P->fixed[t] : sites[t - P->n_fixed];
        const int32_t *dj;
        const float *cj;
        size_t len = sp_costmatrix_get_row(P->m, i, &dj, &cj);
        for (size_t e = 0; e < len; e++)
            if (sp_covers(cj[e], X->radius))
                hit[dj[e]] = 1;
    }
    double v = 0;
    for (int32_t j = 0; j < P->nd; j++)
        if (hit[j])
            v += P->w[j];
    free(hit);
    return v;
}

/* --- lazy greedy ------------------------------------------------------------ */

typedef struct {
    double v;       /* gain (fresh) or a bound on it (stale) */
    double val;     /* served with it, when fresh */
    int32_t j;
    int32_t stamp;  /* set size when measured, -1 never */
} gent;

static int gent_above(const gent *a, const gent *b)
{
    return a->v > b->v || (a->v == b->v && a->j < b->j);
}

static void sift_down(gent *h, int32_t n, int32_t i)
{
    for (;;) {
        int32_t l = 2 * i + 1, r = l + 1, b = i;
        if (l < n && gent_above(&h[l], &h[b]))
            b = l;
        if (r < n && gent_above(&h[r], &h[b]))
            b = r;
        if (b == i)
            return;
        gent t = h[i];
        h[i] = h[b];
        h[b] = t;
        i = b;
    }
}

/* Grow sites[0..*n) to k sites (or until no candidate is left); *val is
 * the served weight of the result.  sites has room for nc + 1. */
static sp_status cap_greedy(sp__capctx *X, int32_t k, int32_t *sites, int32_t *n, double *val)
{
    const sp__sprob *P = X->P;
    double cur;
    sp_status st = sp__cap_eval(X, sites, *n, &cur, NULL);
    if (st != SP_OK || *n >= k) {
        *val = cur;
        return st;
    }
    uint8_t *in = sp_calloc_n((size_t)P->nc + 1, 1);
    gent *h = sp_malloc_n((size_t)P->n_usable + 1, sizeof *h);
    if (!in || !h) {
        free(in);
        free(h);
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    }
    for (int32_t t = 0; t < *n; t++)
        in[sites[t]] = 1;
    int32_t nh = 0;
    for (int32_t u = 0; u < P->n_usable; u++)
        if (!in[P->usable[u]])
            h[nh++] = (gent){X->ub[P->usable[u]], NAN, P->usable[u], -1};
    for (int32_t i = nh / 2 - 1; i >= 0; i--)
        sift_down(h, nh, i);
    while (*n < k && nh > 0) {
        gent *top = &h[0];
        if (top->stamp == *n || top->v <= 0) {
            if (top->stamp == *n)
                cur = top->val;
            sites[(*n)++] = top->j;
            h[0] = h[--nh];
            sift_down(h, nh, 0);
            continue;
        }
        sites[*n] = top->j;
        double v;
        if ((st = sp__cap_eval(X, sites, *n + 1, &v, NULL)) != SP_OK)
            break;
        double gain = fmin(fmax(v - cur, 0), top->v);
        if (gain <= tol_of(X))
            gain = 0;
        top->v = gain;
        top->val = v;
        top->stamp = *n;
        sift_down(h, nh, 0);
    }
    free(in);
    free(h);
    sp__sort_i32(sites, (size_t)*n);
    *val = cur;
    return st;
}

/* --- swap search -------------------------------------------------------------- */

/* First-improvement swaps (required sites stay): taking site s out loses
 * `loss`; a candidate is tried only when its bound ub exceeds that loss.
 * Stops when no swap improves or at the deadline.  *val in/out. */
static sp_status cap_swap(sp__capctx *X, int32_t *sites, int32_t n, double *val,
                          double deadline, int *swaps)
{
    const sp__sprob *P = X->P;
    *swaps = 0;
    int32_t *s2 = sp_malloc_n((size_t)n + 1, sizeof *s2);
    uint8_t *in = sp_calloc_n((size_t)P->nc + 1, 1);
    if (!s2 || !in) {
        free(s2);
        free(in);
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    }
    for (int32_t t = 0; t < n; t++)
        in[sites[t]] = 1;
    double tol = tol_of(X);
    sp_status st = SP_OK;
    int improved = 1;
    while (improved && st == SP_OK) {
        improved = 0;
        for (int32_t t = 0; t < n && !improved && st == SP_OK; t++) {
            if (P->flags[sites[t]] & SP_SITE_REQUIRED)
                continue;
            if (deadline > 0 && sp_now() > deadline)
                goto done;
            int32_t m = 0;
            for (int32_t q = 0; q < n; q++)
                if (q != t)
                    s2[m++] = sites[q];
            double vm;
            if ((st = sp__cap_eval(X, s2, m, &vm, NULL)) != SP_OK)
                break;
            double loss = *val - vm;
            for (int32_t u = 0; u < P->n_usable; u++) {
                int32_t j = X->order[u];
                if (X->ub[j] <= loss + tol)
                    break;
                if (in[j])
                    continue;
                s2[m] = j;
                double v;
                if ((st = sp__cap_eval(X, s2, m + 1, &v, NULL)) != SP_OK)
                    break;
                if (v > *val + tol) {
                    in[sites[t]] = 0;
                    in[j] = 1;
                    sites[t] = j;
                    sp__sort_i32(sites, (size_t)n);
                    *val = v;
                    (*swaps)++;
                    improved = 1;
                    break;
                }
                if (deadline > 0 && sp_now() > deadline)
                    goto done;
            }
        }
    }
done:
    free(s2);
    free(in);
    return st;
}

/* --- one budget ------------------------------------------------------------------ */

/* Budget k: greedy from the required sites vs the warm start grown by
 * greedy, then swaps, then the MIP.  sites (room nc + 1) receives the
 * answer; out->obj its served weight, out->covered its covered weight. */
static sp_status cap_solve_k(sp__capctx *X, double deadline, int32_t k, const int32_t *warm,
                             int32_t n_warm, int use_mip, int light, double stop_at,
                             double stop_below, int32_t *sites, int32_t *n, ksol *out)
{
    const sp__sprob *P = X->P;
    memset(out, 0, sizeof *out);
    out->bound = NAN;
    int32_t *alt = sp_malloc_n((size_t)P->nc + 1, sizeof *alt);
    if (!alt)
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    int32_t nreq = 0;
    for (int32_t u = 0; u < P->n_usable; u++)
        if (P->flags[P->usable[u]] & SP_SITE_REQUIRED)
            sites[nreq++] = P->usable[u];
    sp_status st;
    double v;
    if (P->heuristics == 0) {
        for (int32_t u = 0; u < P->n_usable && nreq < k; u++)
            if (!(P->flags[P->usable[u]] & SP_SITE_REQUIRED))
                sites[nreq++] = P->usable[u];
        sp__sort_i32(sites, (size_t)nreq);
        *n = nreq;
        st = sp__cap_eval(X, sites, *n, &v, NULL);
    } else if (light && X->big && n_warm > 0) {
        /* a curve budget of a big instance: the previous budget grown */
        memcpy(sites, warm, (size_t)n_warm * sizeof *sites);
        *n = n_warm;
        st = cap_greedy(X, k, sites, n, &v);
    } else {
        *n = nreq;
        st = cap_greedy(X, k, sites, n, &v);
        if (st == SP_OK && n_warm > 0) {
            int32_t na = n_warm;
            double va;
            memcpy(alt, warm, (size_t)n_warm * sizeof *alt);
            st = cap_greedy(X, k, alt, &na, &va);
            if (st == SP_OK && va > v + tol_of(X)) {
                memcpy(sites, alt, (size_t)na * sizeof *alt);
                *n = na;
                v = va;
            }
        }
    }
    free(alt);
    if (st != SP_OK)
        return st;
    out->method = "greedy";
    double sb = fmin(X->all_served, X->fixed_served + X->prefix[k < P->n_usable ? k : P->n_usable]);
    if (P->heuristics >= 2 && !(light && X->big) && v < sb - tol_of(X)) {
        /* swaps get half the time, or most of it when GLPK will not run at all */
        int swaps;
        double share = X->big && !X->ipt ? 0.85 : 0.5;
        double hd = deadline > 0 ? sp_now() + (deadline - sp_now()) * share : 0;
        if ((st = cap_swap(X, sites, *n, &v, hd, &swaps)) != SP_OK)
            return st;
        if (swaps > 0)
            out->method = "local-search";
    }
    out->obj = v;
    if (use_mip && !(!isnan(stop_at) && v >= stop_at - tol_of(X))) {
        sp__mip_out mo;
        if ((st = sp__cap_mip(X, k, sites, n, deadline, stop_at, stop_below, light, &mo)) !=
            SP_OK)
            return st;
        if (mo.obj > v + tol_of(X))
            out->method = "mip";
        out->obj = mo.obj;
        out->bound = mo.bound;
        out->optimal = mo.proven;
    }
    /* the submodular bound sb (cap_mip.c) holds whatever ran */
    if (isnan(out->bound) || sb < out->bound)
        out->bound = sb < out->obj ? out->obj : sb;
    if (out->bound <= out->obj + tol_of(X))
        out->optimal = 1;
    if (!out->optimal && out->obj >= X->all_served - tol_of(X)) {
        out->optimal = 1; /* serves what every candidate together serves */
        out->bound = out->obj;
    }
    out->covered = covered_of(X, sites, *n);
    out->n = *n;
    return SP_OK;
}

/* --- the models ---------------------------------------------------------------------- */

sp_status sp__solve_cap_mclp(const sp__sprob *P, const sp_siting_opts *o,
                             sp_siting_result *res, int32_t *sites, ksol *fin)
{
    sp__capctx *X = P->capx;
    int32_t k0 = o->curve ? P->n_required : o->p;
    res->curve = sp_calloc_n((size_t)o->p + 1, sizeof *res->curve);
    int32_t *prev = sp_malloc_n((size_t)P->nc + 1, sizeof *prev);
    if (!res->curve || !prev) {
        free(prev);
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    }
    int32_t n_prev = 0, n = 0;
    sp_status st = SP_OK;
    for (int32_t k = k0; k <= o->p; k++) {
        /* each budget an equal share of the time left: the answer (last)
         * gets at least its share and whatever the others left; on big
         * instances the smaller budgets are light (greedy and a short
         * Lagrangian bound) and the answer gets the time */
        double deadline = P->deadline;
        int light = k < o->p;
        if (deadline > 0 && !X->big) {
            double now = sp_now();
            deadline = now + (deadline > now ? deadline - now : 0) / (o->p - k + 1);
        }
        ksol ks;
        st = cap_solve_k(X, deadline, k, prev, n_prev, o->use_mip, light, NAN, NAN, sites, &n,
                         &ks);
        if (st != SP_OK)
            break;
        if (o->curve)
            sp__set_point(&res->curve[res->n_curve++], k, &ks);
        memcpy(prev, sites, (size_t)n * sizeof *sites);
        n_prev = n;
        *fin = ks;
    }
    free(prev);
    return st;
}

sp_status sp__solve_cap_target(const sp__sprob *P, const sp_siting_opts *o,
                               sp_siting_result *res, int32_t *sites, ksol *fin)
{
    sp__capctx *X = P->capx;
    int32_t kmax = o->p < 0 ? P->n_usable : o->p;
    res->curve = sp_calloc_n((size_t)kmax + 1, sizeof *res->curve);
    int32_t *prev = sp_malloc_n((size_t)P->nc + 1, sizeof *prev);
    if (!res->curve || !prev) {
        free(prev);
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    }
    double tol = tol_of(X);
    double want = o->target_percent / 100.0 * res->total_weight;
    res->target_weight = want;
    double reach = X->all_served;
    double goal = want <= reach + tol ? want : reach;
    /* no k sites can serve more than the fixed sites plus the k best ub */
    int32_t lb = P->n_required;
    while (lb < P->n_usable && X->fixed_served + X->prefix[lb] < goal - tol)
        lb++;
    int32_t found = -1, n = 0, n_prev = 0;
    sp_status st = SP_OK;
    for (int32_t k = P->n_required; k <= kmax; k++) {
        ksol ks;
        int mip = o->use_mip && k >= lb;
        st = cap_solve_k(X, P->deadline, k, prev, n_prev, mip, 1, goal, goal, sites, &n, &ks);
        if (st != SP_OK)
            goto done;
        if (ks.obj >= goal - tol) {
            /* the most served with k sites (no early stop) */
            memcpy(prev, sites, (size_t)n * sizeof *sites);
            st = cap_solve_k(X, P->deadline, k, prev, n, o->use_mip, 0, NAN, NAN, sites, &n, &ks);
            if (st != SP_OK)
                goto done;
            found = k;
        } else if (!isnan(ks.bound) && ks.bound < goal - tol && lb == k) {
            lb = k + 1;
        }
        if (k < lb && isnan(ks.bound))
            ks.bound = fmin(X->all_served, X->fixed_served + X->prefix[k]);
        sp__set_point(&res->curve[res->n_curve++], k, &ks);
        memcpy(prev, sites, (size_t)n * sizeof *sites);
        n_prev = n;
        *fin = ks;
        if (found >= 0)
            break;
    }
    res->target_met = found >= 0 && want <= reach + tol;
    res->target_status = found < 0             ? SP_TARGET_CAPPED
                         : want <= reach + tol ? SP_TARGET_MET
                                               : SP_TARGET_BEYOND_REACH;
    res->cap_bound = NAN;
    if (found < 0 && res->n_curve > 0) {
        ksol ks;
        st = cap_solve_k(X, P->deadline, kmax, prev, n_prev, o->use_mip, 0, NAN, NAN, sites, &n,
                         &ks);
        if (st != SP_OK)
            goto done;
        sp__set_point(&res->curve[res->n_curve - 1], kmax, &ks);
        *fin = ks;
        res->cap_bound = ks.optimal ? ks.obj : ks.bound;
        res->cap_optimal = ks.optimal || (!isnan(ks.bound) && ks.bound <= ks.obj + tol);
    }
    fin->n = n;
    fin->obj = found >= 0 ? found : n;
    fin->bound = found < 0 ? NAN : lb <= fin->obj ? lb : fin->obj;
    fin->optimal = found >= 0 && lb == found;
    if (!o->curve)
        res->n_curve = 0;
done:
    free(prev);
    return st;
}

void sp__bound_cap_mclp(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res)
{
    (void)o;
    const sp__capctx *X = P->capx;
    for (int32_t k = 0; k < res->n_curve; k++) {
        sp_siting_point *pt = &res->curve[k];
        if (isnan(pt->bound) && pt->p >= 0)
            pt->bound = fmin(X->all_served,
                             X->fixed_served + X->prefix[pt->p < P->n_usable ? pt->p
                                                                             : P->n_usable]);
    }
    if (isnan(res->bound)) {
        int32_t kk = res->budget < P->n_usable ? res->budget : P->n_usable;
        res->bound = fmax(res->objective, fmin(X->all_served, X->fixed_served + X->prefix[kk]));
    }
}

void sp__bound_cap_target(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res)
{
    (void)o;
    const sp__capctx *X = P->capx;
    if (!isnan(res->bound) || !res->target_met)
        return;
    double goal = res->target_weight;
    int32_t k = 0;
    while (k < P->n_usable && X->fixed_served + X->prefix[k] < goal - tol_of(X))
        k++;
    res->bound = fmax((double)k, (double)P->n_required);
}

/* --- ranks ------------------------------------------------------------------------------ */

sp_status sp__cap_rank_sites(const sp__sprob *P, const int32_t *sites, int32_t n,
                             sp_siting_result *res)
{
    sp__capctx *X = P->capx;
    double radius = X->radius, total = res->total_weight, tol = tol_of(X);
    int32_t *S = sp_malloc_n((size_t)P->nc + 1, sizeof *S);
    double *ub = sp_malloc_n((size_t)P->nc + 1, sizeof *ub);
    double *d = sp_malloc_n((size_t)P->nd + 1, sizeof *d);
    uint8_t *in_set = sp_calloc_n((size_t)P->nc + 1, 1);
    uint8_t *ranked = sp_calloc_n((size_t)P->nc + 1, 1);
    res->ranks = sp_calloc_n((size_t)n + 1, sizeof *res->ranks);
    sp_status st = SP_OK;
    if (!S || !ub || !d || !in_set || !ranked || !res->ranks) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    res->capacitated = 1;
    res->n_sites = n;
    memcpy(d, P->fixed_cost, (size_t)P->nd * sizeof *d); /* cheapest open cost */
    res->fixed_weight = 0;
    for (int32_t j = 0; j < P->nd; j++)
        if (sp_covers(d[j], radius))
            res->fixed_weight += P->w[j];
    res->fixed_served = X->fixed_served;
    for (int32_t i = 0; i < P->nc; i++)
        ub[i] = X->ub[i];
    for (int32_t t = 0; t < n; t++)
        in_set[sites[t]] = 1;
    double cur = X->fixed_served;
    int32_t m = 0; /* S[0..m) = ranked sites */
    for (int32_t step = 0; step < n; step++) {
        int32_t bi = -1, ri = -1;
        double bv = 0, rv = 0;
        for (int32_t t = 0; t < n; t++) {
            int32_t i = sites[t];
            if (ranked[i])
                continue;
            S[m] = i;
            double v;
            if ((st = sp__cap_eval(X, S, m + 1, &v, NULL)) != SP_OK)
                goto done;
            if (bi < 0 || v > bv + tol) {
                bi = i;
                bv = v;
            }
        }
        /* runner-up: the previous gain bounds a candidate's gain now */
        for (int32_t u = 0; u < P->n_usable; u++) {
            int32_t i = X->order[u];
            if (in_set[i])
                continue;
            if (ri >= 0 && (ub[i] < rv - cur - tol || (ub[i] <= rv - cur + tol && i > ri)))
                continue;
            S[m] = i;
            double v;
            if ((st = sp__cap_eval(X, S, m + 1, &v, NULL)) != SP_OK)
                goto done;
            ub[i] = fmax(v - cur, 0);
            if (ri < 0 || v > rv + tol || (v >= rv - tol && i < ri)) {
                ri = i;
                rv = v;
            }
        }
        /* a gain within rounding of 0 (sums in another order) is 0 */
        if (bv <= cur + tol)
            bv = cur;
        if (ri >= 0 && rv <= cur + tol)
            rv = cur;
        sp_siting_rank *rk = &res->ranks[step];
        rk->site = bi;
        rk->runner_up = ri;
        if (ri >= 0) {
            rk->runner_up_added_weight = rv - cur;
            rk->runner_up_objective = rv;
        }
        rk->added_weight = bv - cur;
        rk->objective = bv;
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
            if (sp_covers(cj[t], radius) && !sp_covers(d[j], radius))
                rk->new_demand[rk->n_new++] = j;
            if ((double)cj[t] < d[j])
                d[j] = cj[t];
        }
        cur = bv;
        rk->cum_weight = cur;
        rk->cum_percent = total > 0 ? 100.0 * cur / total : 0;
        ranked[bi] = 1;
        S[m++] = bi;
    }
    res->served_weight = cur;
    res->covered_weight = 0;
    res->n_covered = 0;
    for (int32_t j = 0; j < P->nd; j++)
        if (sp_covers(d[j], radius)) {
            res->covered_weight += P->w[j];
            res->n_covered++;
        }
    res->covered_percent = total > 0 ? 100.0 * res->covered_weight / total : 0;
done:
    free(S);
    free(ub);
    free(d);
    free(in_set);
    free(ranked);
    return st;
}
