/* cover_models.c — the covering models: mclp (a budget curve solved in
 * two chains, on two threads when GLPK allows) and target (the fewest
 * sites reaching a share of the weight); the per-budget covering solve
 * pcenter's steps use too.  See siting_internal.h. */
#include "siting_internal.h"

#include <glpk.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int better_cov(double a, double b, const sp__cov *c)
{
    return a > b + 1e-9 * fmax(1.0, c->total);
}

/* Covering at budget k: fresh greedy vs the warm start grown by greedy,
 * then swaps, then the MIP.  cols (capacity n_col) receives the columns. */
sp_status sp__cov_solve_k(const sp__sprob *P, const sp__cov *c, sp__covcache *cache,
                          double deadline, int32_t k, const int32_t *warm, int32_t n_warm,
                          int use_mip, double stop_at, double stop_below, int32_t *cols,
                          int32_t *n, ksol *out)
{
    int32_t *alt = sp_malloc_n((size_t)c->n_col + 1, sizeof *alt);
    if (!alt)
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    int32_t nreq = 0;
    for (int32_t q = 0; q < c->n_col; q++)
        if (c->col_req[q])
            cols[nreq++] = q;
    if (P->heuristics == 0) {
        for (int32_t q = 0; q < c->n_col && nreq < k; q++)
            if (!c->col_req[q])
                cols[nreq++] = q;
        sp__sort_i32(cols, (size_t)nreq);
        n_warm = 0;
    }
    *n = sp__cov_greedy(c, k, cols, nreq);
    double v = sp__cov_value(c, cols, *n);
    if (n_warm > 0) {
        memcpy(alt, warm, (size_t)n_warm * sizeof *alt);
        int32_t na = sp__cov_greedy(c, k, alt, n_warm);
        double va = sp__cov_value(c, alt, na);
        if (better_cov(va, v, c)) {
            memcpy(cols, alt, (size_t)na * sizeof *alt);
            *n = na;
            v = va;
        }
    }
    free(alt);
    out->method = "greedy";
    if (P->heuristics >= 2)
        sp__cov_swap(c, cols, *n);
    double vl = sp__cov_value(c, cols, *n);
    if (better_cov(vl, v, c))
        out->method = "local-search";
    out->obj = vl;
    out->bound = NAN;
    out->optimal = 0;
    if (!use_mip)
        return SP_OK;
    if (!isnan(stop_at) && vl >= stop_at - 1e-9 * fmax(1.0, c->total)) {
        /* The target is met; no need to prove anything more. */
        return SP_OK;
    }
    sp__mip_out mo;
    sp_status st = sp__cov_mip(c, cache, k, cols, n, deadline, stop_at, stop_below,
                               &mo);
    if (st != SP_OK)
        return st;
    if (better_cov(mo.obj, vl, c))
        out->method = "mip";
    out->obj = mo.obj;
    out->bound = mo.bound;
    out->optimal = mo.proven;
    return SP_OK;
}

void sp__cols_to_sites(const sp__cov *c, const int32_t *cols, int32_t n, int32_t *sites)
{
    for (int32_t t = 0; t < n; t++)
        sites[t] = c->col_cand[cols[t]];
    sp__sort_i32(sites, (size_t)n);
}

void sp__sites_to_cols(const sp__sprob *P, const int32_t *sites, int32_t n, int32_t *cols)
{
    /* Columns are the usable candidates in order: binary search. */
    for (int32_t t = 0; t < n; t++) {
        int32_t lo = 0, hi = P->n_usable;
        while (lo < hi) {
            int32_t mid = (lo + hi) / 2;
            if (P->usable[mid] < sites[t])
                lo = mid + 1;
            else
                hi = mid;
        }
        cols[t] = lo;
    }
    sp__sort_i32(cols, (size_t)n);
}

/* The budgets of an mclp curve are solved in two fixed chains (even and
 * odd offsets from the first budget), each warm-starting from its previous
 * budget.  The chains are the same whatever the number of threads, so the
 * result does not depend on the machine; with two threads they run in
 * parallel. */
typedef struct {
    const sp__sprob *P;
    const sp__cov *c;
    const sp_siting_opts *o;
    int32_t k0, first, step;
    ksol *ks;          /* per budget k - k0 */
    int32_t *sol;      /* per budget: p + 1 columns */
    int32_t *nsol;
    sp_status st;
    int32_t err_k;
    char msg[512];
} chain_t;

static void run_chain(chain_t *ch)
{
    const sp__cov *c = ch->c;
    int32_t p = ch->o->p;
    int32_t *prev = sp_malloc_n((size_t)c->n_col + 1, sizeof *prev);
    int32_t *cols = sp_malloc_n((size_t)c->n_col + 1, sizeof *cols);
    sp__covcache *cache = sp__covcache_new();
    int32_t n_prev = 0, n = 0;
    ch->st = SP_OK;
    if (!prev || !cols || !cache) {
        ch->st = SP_E_NOMEM;
        snprintf(ch->msg, sizeof ch->msg, "siting: out of memory");
        goto done;
    }
    for (int32_t k = ch->first; k <= p; k += ch->step) {
        ksol ks;
        memset(&ks, 0, sizeof ks);
        sp_error_clear();
        /* Under a time limit each budget gets an equal share of what is
         * left to its chain, so the last (the answer) is never starved. */
        double deadline = ch->P->deadline;
        if (deadline > 0) {
            int32_t left = (p - k) / ch->step + 1;
            double now = sp_now();
            deadline = now + (deadline > now ? deadline - now : 0) / left;
        }
        sp_status st = sp__cov_solve_k(ch->P, c, cache, deadline, k, prev, n_prev,
                                   ch->o->use_mip, NAN, NAN, cols, &n, &ks);
        if (st != SP_OK) {
            ch->st = st;
            ch->err_k = k;
            snprintf(ch->msg, sizeof ch->msg, "%s", sp_error_message());
            break;
        }
        ks.covered = ks.obj;
        ks.n = n;
        ch->ks[k - ch->k0] = ks;
        memcpy(ch->sol + (size_t)(k - ch->k0) * (size_t)(p + 1), cols,
               (size_t)n * sizeof *cols);
        ch->nsol[k - ch->k0] = n;
        memcpy(prev, cols, (size_t)n * sizeof *cols);
        n_prev = n;
    }
done:
    sp__covcache_free(cache);
    free(prev);
    free(cols);
}

static void *chain_thread(void *arg)
{
    run_chain(arg);
    glp_free_env(); /* this thread's GLPK environment */
    return NULL;
}

static int n_threads(const sp_siting_opts *o)
{
    if (o->threads == 1)
        return 1;
    /* GLPK keeps its environment per thread only when built with TLS. */
    if (!glp_config("TLS"))
        return 1;
    if (o->threads > 1)
        return o->threads;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores > 1 ? 2 : 1;
}

static sp_status mclp_budgets(const sp__sprob *P, const sp_siting_opts *o,
                              const sp__cov *c, sp_siting_result *res,
                              int32_t *sites, ksol *fin)
{
    int32_t k0 = o->curve ? P->n_required : o->p, nb = o->p - k0 + 1;
    chain_t ch[2];
    memset(ch, 0, sizeof ch);
    ksol *ks = sp_calloc_n((size_t)nb, sizeof *ks);
    int32_t *sol = sp_malloc_n((size_t)nb * (size_t)(o->p + 1), sizeof *sol);
    int32_t *nsol = sp_calloc_n((size_t)nb, sizeof *nsol);
    if (!ks || !sol || !nsol) {
        free(ks);
        free(sol);
        free(nsol);
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    }
    int nch = nb > 1 ? 2 : 1;
    for (int w = 0; w < nch; w++)
        ch[w] = (chain_t){P, c, o, k0, k0 + w, nch, ks, sol, nsol, SP_OK, 0, ""};
    pthread_t th;
    int spawned = nch == 2 && n_threads(o) > 1 &&
                  pthread_create(&th, NULL, chain_thread, &ch[1]) == 0;
    run_chain(&ch[0]);
    if (spawned)
        pthread_join(th, NULL);
    else if (nch == 2)
        run_chain(&ch[1]);
    sp_status st = SP_OK;
    for (int w = 0; w < nch; w++)
        if (ch[w].st != SP_OK && (st == SP_OK || ch[w].err_k < ch[0].err_k)) {
            st = sp_error(ch[w].st, "%s", ch[w].msg);
            break;
        }
    if (st == SP_OK) {
        for (int32_t k = k0; o->curve && k <= o->p; k++)
            sp__set_point(&res->curve[res->n_curve++], k, &ks[k - k0]);
        *fin = ks[nb - 1];
        sp__cols_to_sites(c, sol + (size_t)(nb - 1) * (size_t)(o->p + 1), nsol[nb - 1],
                          sites);
    }
    free(ks);
    free(sol);
    free(nsol);
    return st;
}

/* The covering instance at o->radius and room for kmax + 1 curve points.
 * On error nothing is held. */
static sp_status cover_begin(const sp__sprob *P, const sp_siting_opts *o, int32_t kmax,
                             sp_siting_result *res, sp__cov *c)
{
    sp_status st = sp__cov_build(P, o->radius, NULL, c);
    if (st != SP_OK)
        return st;
    res->curve = sp_calloc_n((size_t)kmax + 1, sizeof *res->curve);
    if (!res->curve) {
        sp__cov_free(c);
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    }
    return SP_OK;
}

/* mclp: the budgets k0 .. p in two chains. */
sp_status sp__solve_mclp(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res,
                         int32_t *sites, ksol *fin)
{
    sp__cov c;
    sp_status st = cover_begin(P, o, o->p, res, &c);
    if (st != SP_OK)
        return st;
    st = mclp_budgets(P, o, &c, res, sites, fin);
    sp__cov_free(&c);
    return st;
}

/* target: the smallest k whose best coverage reaches the target. */
sp_status sp__solve_target(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res,
                           int32_t *sites, ksol *fin)
{
    int32_t kmax = o->p < 0 ? P->n_usable : o->p;
    sp__cov c;
    sp_status st = cover_begin(P, o, kmax, res, &c);
    if (st != SP_OK)
        return st;
    int32_t *cols = sp_malloc_n((size_t)c.n_col + 1, sizeof *cols);
    int32_t *prev = sp_malloc_n((size_t)c.n_col + 1, sizeof *prev);
    sp__covcache *cache = sp__covcache_new();
    if (!cols || !prev || !cache) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    int32_t n = 0, n_prev = 0;
    double tol = 1e-9 * fmax(1.0, c.total);
    double reach = c.base;
    {
        uint8_t *hit = sp_calloc_n((size_t)c.n_row, 1);
        if (!hit) {
            st = sp_error(SP_E_NOMEM, "siting: out of memory");
            goto done;
        }
        for (size_t t = 0; t < c.ptr[c.n_col]; t++)
            hit[c.row[t]] = 1;
        for (int32_t r = 0; r < c.n_row; r++)
            if (hit[r])
                reach += c.w[r];
        free(hit);
    }
    double want = o->target_percent / 100.0 * res->total_weight;
    res->target_weight = want;
    double goal = want <= reach + tol ? want : reach;
    int32_t lb = P->n_required, found = -1;
    for (int32_t k = P->n_required; k <= kmax; k++) {
        ksol ks;
        st = sp__cov_solve_k(P, &c, cache, P->deadline, k, prev, n_prev, o->use_mip, goal,
                             goal, cols, &n, &ks);
        if (st != SP_OK)
            goto done;
        ks.covered = ks.obj;
        if (ks.obj >= goal - tol) {
            /* Best coverage with k sites (no early stop). */
            memcpy(prev, cols, (size_t)n * sizeof *cols);
            st = sp__cov_solve_k(P, &c, cache, P->deadline, k, prev, n, o->use_mip, NAN,
                                 NAN, cols, &n, &ks);
            if (st != SP_OK)
                goto done;
            ks.covered = ks.obj;
            found = k;
        } else if (!isnan(ks.bound) && ks.bound < goal - tol && lb == k) {
            lb = k + 1;
        }
        sp__set_point(&res->curve[res->n_curve++], k, &ks);
        memcpy(prev, cols, (size_t)n * sizeof *cols);
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
        /* the cap bites: the best coverage with kmax sites, without the
         * early stops that only decided "the goal is out of reach" */
        ksol ks;
        st = sp__cov_solve_k(P, &c, cache, P->deadline, kmax, prev, n_prev, o->use_mip, NAN, NAN,
                             cols, &n, &ks);
        if (st != SP_OK)
            goto done;
        ks.covered = ks.obj;
        sp__set_point(&res->curve[res->n_curve - 1], kmax, &ks);
        *fin = ks;
        res->cap_bound = ks.optimal ? ks.obj : ks.bound;
        res->cap_optimal = ks.optimal || (!isnan(ks.bound) && ks.bound <= ks.obj + tol);
    }
    fin->covered = fin->obj;
    fin->n = n;
    fin->obj = found >= 0 ? found : n;
    fin->bound = found < 0 ? NAN : lb <= fin->obj ? lb : fin->obj;
    fin->optimal = found >= 0 && lb == found;
    if (!o->curve)
        res->n_curve = 0;
    sp__cols_to_sites(&c, cols, n, sites);
done:
    free(cols);
    free(prev);
    sp__covcache_free(cache);
    sp__cov_free(&c);
    return st;
}
