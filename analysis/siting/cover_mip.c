/* cover_mip.c — the exact step for covering: GLPK branch-and-cut on a
 * reduced problem, warm-started with the heuristic solution.  See
 * siting_mip.h.
 *
 * Maximal covering (also used for target and the pcenter steps):
 *     max  sum_g W_g y_g
 *     s.t. y_g <= sum_{k covers g} x_k    for each merged demand row g
 *          sum_k x_k <= p'
 *          x binary, 0 <= y <= 1
 * This is the strong form (one row per demand, y continuous): y_g is 1 in
 * any optimum exactly when g is covered.  Before building it:
 *   - required columns are taken out (their demand is covered, p' = p - #req);
 *   - columns covering nothing new are dropped;
 *   - a column whose rows are a subset of another's is dropped (of identical
 *     columns the lowest index stays): some optimum never needs it;
 *   - demand rows covered by the same set of columns are merged into one
 *     with the summed weight.
 */
#include "siting_mip.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Time cap for the support search inside the covering MIP. */
#define SP_SUPPORT_SECONDS 5.0

/* The p columns sp__cov_collect picks from xval (into sol); they replace
 * cols when they cover more than out->obj (+ tol). */
static void adopt_collected(const sp__reduced *R, int32_t p, const double *xval, int32_t *sol,
                            double tol, int32_t *cols, int32_t *n, sp__mip_out *out)
{
    int32_t ns = sp__cov_collect(R, p, xval, sol);
    double v = sp__cov_value(R->c, sol, ns);
    if (v > out->obj + tol) {
        memcpy(cols, sol, (size_t)ns * sizeof *sol);
        *n = ns;
        out->obj = v;
    }
}

/* Branch-and-cut with GLPK on the reduced instance (see the top of the
 * file), warm-started with cols.  Same contract as sp__cov_mip. */
static sp_status cov_bnb(const sp__cov *c, int32_t p, int32_t *cols, int32_t *n,
                         double deadline, double stop_at, double stop_below,
                         sp__mip_out *out)
{
    memset(out, 0, sizeof *out);
    out->bound = NAN;
    out->obj = sp__cov_value(c, cols, *n);
    double tol = 1e-9 * fmax(1.0, c->total);
    sp__reduced R;
    sp_status st = sp__reduce_cov(c, &R);
    if (st != SP_OK)
        return st;
    int32_t n_req = 0;
    for (int32_t k = 0; k < c->n_col; k++)
        n_req += c->col_req[k];
    int32_t pp = p - n_req;
    int32_t K = R.n_keep, G = R.n_grp;
    double *x = sp_calloc_n((size_t)K + (size_t)G + 1, sizeof *x);
    int32_t *sol = sp_malloc_n((size_t)c->n_col + 1, sizeof *sol);
    glp_prob *lp = NULL;
    if (!x || !sol) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    if (K <= pp || G == 0 || pp <= 0) {
        /* Nothing to decide: every useful column fits (or none may). */
        for (int32_t q = 0; q < K && q < pp; q++)
            x[q + 1] = 1;
        adopt_collected(&R, p, x, sol, tol, cols, n, out);
        out->proven = 1;
        out->bound = out->obj;
        goto done;
    }
    /* Incumbent in reduced space: dropped columns move to a dominator. */
    int32_t used = 0;
    for (int32_t t = 0; t < *n; t++) {
        int32_t k = cols[t];
        if (c->col_req[k])
            continue;
        while (R.kpos[k] < 0 && R.dom[k] >= 0)
            k = R.dom[k];
        if (R.kpos[k] >= 0 && x[R.kpos[k] + 1] == 0 && used < pp) {
            x[R.kpos[k] + 1] = 1;
            used++;
        }
    }
    double inc = 0;
    for (int32_t g = 0; g < G; g++) {
        int32_t r = R.grep[g];
        double s = 0;
        for (size_t t = R.rptr[r]; t < R.rptr[r + 1]; t++)
            s += x[R.rcol[t] + 1];
        x[K + g + 1] = s >= 1 ? 1 : 0;
        inc += R.gw[g] * x[K + g + 1];
    }
    /* Moving to dominators can only help: adopt the mapped incumbent, so
     * that a proof about it is a proof about cols. */
    adopt_collected(&R, p, x, sol, tol, cols, n, out);

    lp = sp__cov_lp(&R, pp, 1);
    if (!lp) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory (MIP)");
        goto done;
    }


    sp__cb_info ci = {.x = x, .maximize = 1, .cst = R.cst, .bound = INFINITY,
                      .stop_at = stop_at, .stop_below = stop_below,
                      .integral = c->integral, .inc = inc};
    int status;
    int term = glp_term_out(GLP_OFF);
    st = sp__run_glpk(lp, &ci, deadline, &status);
    glp_term_out(term);
    if (st != SP_OK)
        goto done;
    out->ran = status != 0 || isfinite(ci.bound);
    if (status == 1 || status == 2) {
        for (int32_t q = 1; q <= K; q++)
            x[q] = glp_mip_col_val(lp, q);
        adopt_collected(&R, p, x, sol, tol, cols, n, out);
    }
    if (status == 2 || status == 3) {
        out->proven = 1;
        out->bound = out->obj;
    } else if (isfinite(ci.bound)) {
        double b = ci.bound + R.cst;
        if (c->integral)
            b = floor(b + 1e-6);
        out->bound = b < out->obj ? out->obj : b;
        if (out->bound <= out->obj + tol)
            out->proven = 1;
    }
done:
    if (lp)
        glp_delete_prob(lp);
    free(x);
    free(sol);
    sp__reduced_free(&R);
    return st;
}

/* --- covering: LP bound, LP rounding, reduced-cost fixing -------------------- */

struct sp__covcache {
    const sp__cov *c;   /* the instance R and lp belong to */
    sp__reduced R;
    glp_prob *lp;       /* the LP relaxation, basis kept between budgets */
    int warm;
};

sp__covcache *sp__covcache_new(void) { return calloc(1, sizeof(sp__covcache)); }

static void covcache_reset(sp__covcache *k)
{
    if (k->lp)
        glp_delete_prob(k->lp);
    if (k->c)
        sp__reduced_free(&k->R);
    memset(k, 0, sizeof *k);
}

void sp__covcache_free(sp__covcache *k)
{
    if (!k)
        return;
    covcache_reset(k);
    free(k);
}

typedef struct {
    double v;
    int32_t q;
} qv_t;

static int qv_cmp(const void *a, const void *b)
{
    const qv_t *x = a, *y = b;
    if (x->v != y->v)
        return x->v > y->v ? -1 : 1;
    return (x->q > y->q) - (x->q < y->q);
}

static int lp_solve(sp__covcache *k, int32_t pp, double deadline)
{
    glp_set_row_bnds(k->lp, k->R.n_grp + 1, GLP_UP, 0.0, (double)pp);
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.presolve = GLP_OFF;
    int tm = sp__ms_left(deadline);
    if (tm <= 0)
        return GLP_ETMLIM;
    sm.tm_lim = tm;
    if (k->warm) {
        /* Only the budget changed: the old basis stays dual feasible. */
        sm.meth = GLP_DUALP;
    } else {
        glp_adv_basis(k->lp, 0);
    }
    int ret = glp_simplex(k->lp, &sm);
    if (ret != 0 && ret != GLP_ETMLIM && k->warm) {
        glp_adv_basis(k->lp, 0);
        sm.meth = GLP_PRIMAL;
        ret = glp_simplex(k->lp, &sm);
    }
    if (ret == 0 && glp_get_status(k->lp) != GLP_OPT)
        ret = GLP_EFAIL;
    k->warm = ret == 0;
    return ret;
}

/* The columns cols[0..n) (sorted) that are among keep[0..nk) (sorted), as
 * positions in keep: a solution in sub-instance columns.  Returns the
 * count. */
static int32_t sub_cols(const int32_t *keep, int32_t nk, const int32_t *cols, int32_t n,
                        int32_t *subcols)
{
    int32_t nsub = 0;
    for (int32_t t = 0, u = 0; t < n; t++) {
        while (u < nk && keep[u] < cols[t])
            u++;
        if (u < nk && keep[u] == cols[t])
            subcols[nsub++] = u;
    }
    return nsub;
}

sp_status sp__cov_mip(const sp__cov *c, sp__covcache *cache, int32_t p,
                      int32_t *cols, int32_t *n, double deadline,
                      double stop_at, double stop_below, sp__mip_out *out)
{
    sp__covcache local;
    memset(&local, 0, sizeof local);
    sp__covcache *k = cache ? cache : &local;
    double *x = NULL;
    int32_t *sol = NULL, *keep = NULL, *subcols = NULL;
    uint8_t *force = NULL;
    qv_t *qv = NULL;
    sp__cov sub;
    memset(&sub, 0, sizeof sub);
    memset(out, 0, sizeof *out);
    out->bound = NAN;
    out->obj = sp__cov_value(c, cols, *n);
    double tol = 1e-9 * fmax(1.0, c->total);
    sp_status st = SP_OK;
    if (k->c != c) {
        covcache_reset(k);
        if ((st = sp__reduce_cov(c, &k->R)) != SP_OK)
            return st;
        k->c = c;
    }
    const sp__reduced *R = &k->R;
    int32_t n_req = 0;
    for (int32_t q = 0; q < c->n_col; q++)
        n_req += c->col_req[q];
    int32_t pp = p - n_req, K = R->n_keep, G = R->n_grp;
    if (K <= pp || G == 0 || pp <= 0) {
        st = cov_bnb(c, p, cols, n, deadline, stop_at, stop_below, out);
        goto done;
    }
    if (!k->lp && !(k->lp = sp__cov_lp(R, pp, 0))) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory (LP)");
        goto done;
    }
    int term = glp_term_out(GLP_OFF);
    int ret = lp_solve(k, pp, deadline);
    glp_term_out(term);
    if (ret == GLP_ETMLIM)
        goto done; /* no time even for the LP: the heuristics stand */
    if (ret != 0) {
        st = sp_error(SP_E_INTERNAL, "siting: GLPK simplex failed (code %d)",
                      ret);
        goto done;
    }
    out->ran = 1;
    double zlp = glp_get_obj_val(k->lp) + R->cst;
    double bnd = c->integral ? floor(zlp + 1e-6) : zlp;
    x = sp_calloc_n((size_t)K + 1, sizeof *x);
    sol = sp_malloc_n((size_t)c->n_col + 1, sizeof *sol);
    qv = sp_malloc_n((size_t)K + 1, sizeof *qv);
    keep = sp_malloc_n((size_t)c->n_col + 1, sizeof *keep);
    subcols = sp_malloc_n((size_t)c->n_col + 1, sizeof *subcols);
    force = sp_calloc_n((size_t)c->n_col + 1, 1);
    if (!x || !sol || !qv || !keep || !subcols || !force) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    /* LP rounding: the pp columns with the largest LP values, then greedy
     * and swaps.  On these instances the LP is nearly integral, so this
     * usually lands on (or next to) the optimum. */
    for (int32_t q = 0; q < K; q++)
        qv[q] = (qv_t){glp_get_col_prim(k->lp, q + 1), q};
    qsort(qv, (size_t)K, sizeof *qv, qv_cmp);
    for (int32_t t = 0; t < pp && qv[t].v > 1e-9; t++)
        x[qv[t].q + 1] = 1;
    int32_t ns = sp__cov_collect(R, p, x, sol);
    sp__cov_swap(c, sol, ns);
    if ((st = sp__map_to_kept(R, p, sol, &ns)) != SP_OK)
        goto done;
    double v = sp__cov_value(c, sol, ns);
    if (v > out->obj + tol) {
        memcpy(cols, sol, (size_t)ns * sizeof *sol);
        *n = ns;
        out->obj = v;
    } else {
        /* Same value on kept columns, so the sub-instance holds it. */
        ns = *n;
        memcpy(sol, cols, (size_t)ns * sizeof *sol);
        if ((st = sp__map_to_kept(R, p, sol, &ns)) != SP_OK)
            goto done;
        if (sp__cov_value(c, sol, ns) >= out->obj - tol) {
            memcpy(cols, sol, (size_t)ns * sizeof *sol);
            *n = ns;
        }
    }
    /* Support search: the best solution using only the columns of the LP
     * support and the incumbent.  The support is small, so this MIP is
     * quick, and its answer is usually the optimum; a better incumbent
     * lets reduced-cost fixing below remove far more columns. */
    if (bnd > out->obj + tol) {
        int32_t nk = 0;
        for (int32_t q = 0; q < c->n_col; q++)
            force[q] = 0;
        uint8_t *mark = sp_calloc_n((size_t)c->n_col + 1, 1);
        if (!mark) {
            st = sp_error(SP_E_NOMEM, "siting: out of memory");
            goto done;
        }
        for (int32_t t = 0; t < *n; t++)
            mark[cols[t]] = 1;
        for (int32_t q = 0; q < K; q++)
            if (glp_get_col_prim(k->lp, q + 1) > 1e-9)
                mark[R->keep[q]] = 1;
        for (int32_t q = 0; q < c->n_col; q++)
            if (mark[q] || c->col_req[q]) {
                force[nk] = c->col_req[q];
                keep[nk++] = q;
            }
        free(mark);
        if (nk > p) {
            sp__cov sup;
            if ((st = sp__cov_subset(c, keep, force, nk, &sup)) != SP_OK)
                goto done;
            int32_t nsub = sub_cols(keep, nk, cols, *n, subcols);
            double left = deadline > 0 ? deadline - sp_now() : INFINITY;
            double dl = sp_now() + fmin(left, SP_SUPPORT_SECONDS);
            sp__mip_out so;
            st = cov_bnb(&sup, p, subcols, &nsub, dl, NAN, NAN, &so);
            sp__cov_free(&sup);
            if (st != SP_OK)
                goto done;
            if (so.obj > out->obj + tol) {
                for (int32_t t = 0; t < nsub; t++)
                    cols[t] = keep[subcols[t]];
                *n = nsub;
                sp__sort_i32(cols, (size_t)nsub);
                if ((st = sp__map_to_kept(R, p, cols, n)) != SP_OK)
                    goto done;
                out->obj = sp__cov_value(c, cols, *n);
            }
        }
    }
    out->bound = bnd < out->obj ? out->obj : bnd;
    if (bnd <= out->obj + tol) {
        out->proven = 1;
        out->bound = out->obj;
        goto done;
    }
    if ((!isnan(stop_below) && bnd < stop_below - tol) ||
        (!isnan(stop_at) && out->obj >= stop_at - tol))
        goto done;
    /* Reduced-cost fixing: any solution with x_q = 1 (x_q nonbasic at 0)
     * is worth at most zlp + d_q, any without x_q (nonbasic at 1) at most
     * zlp - d_q.  Those that cannot beat the incumbent are fixed. */
    double margin = 1e-6 * fmax(1.0, fabs(zlp));
    /* Columns of the incumbent stay free, so that it remains a solution of
     * the sub-instance (they may also be "fixed" by the test, since the
     * incumbent itself attains the bound).  state: 0 dropped, 1 free,
     * 2 forced; dominated and empty columns stay dropped. */
    uint8_t *state = sp_calloc_n((size_t)c->n_col + 1, 1);
    if (!state) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    for (int32_t t = 0; t < *n; t++)
        state[cols[t]] = 1;
    for (int32_t q = 0; q < K; q++) {
        int stat = glp_get_col_stat(k->lp, q + 1);
        double d = glp_get_col_dual(k->lp, q + 1);
        double b1 = stat == GLP_NL ? zlp + d + margin : INFINITY;
        double b0 = stat == GLP_NU ? zlp - d + margin : INFINITY;
        if (c->integral) {
            b1 = floor(b1);
            b0 = floor(b0);
        }
        int32_t col = R->keep[q];
        if (b0 <= out->obj + tol)
            state[col] = 2;
        else if (!(b1 <= out->obj + tol))
            state[col] = 1;
    }
    int32_t nk = 0;
    for (int32_t q = 0; q < c->n_col; q++) {
        if (c->col_req[q])
            state[q] = 2;
        if (state[q]) {
            force[nk] = state[q] == 2;
            keep[nk++] = q;
        }
    }
    free(state);
    if ((st = sp__cov_subset(c, keep, force, nk, &sub)) != SP_OK)
        goto done;
    /* The incumbent in sub-instance columns (the parts that survive). */
    int32_t nsub = sub_cols(keep, nk, cols, *n, subcols);
    for (int32_t u = 0; u < nk; u++) /* forced columns must be in it */
        if (force[u]) {
            int in = 0;
            for (int32_t t = 0; t < nsub; t++)
                in |= subcols[t] == u;
            if (!in)
                subcols[nsub++] = u;
        }
    sp__sort_i32(subcols, (size_t)nsub);
    if (nsub > p)
        nsub = 0; /* cannot happen: forced columns fit the LP budget */
    sp__mip_out so;
    if ((st = cov_bnb(&sub, p, subcols, &nsub, deadline, stop_at, stop_below,
                      &so)) != SP_OK)
        goto done;
    if (so.obj > out->obj + tol) {
        for (int32_t t = 0; t < nsub; t++)
            cols[t] = keep[subcols[t]];
        *n = nsub;
        sp__sort_i32(cols, (size_t)nsub);
        out->obj = so.obj;
    }
    if (so.proven) {
        out->proven = 1;
        out->bound = out->obj;
    } else if (!isnan(so.bound)) {
        double b = so.bound > out->obj ? so.bound : out->obj;
        out->bound = b < bnd ? b : bnd;
    }
done:
    sp__cov_free(&sub);
    free(x);
    free(sol);
    free(qv);
    free(keep);
    free(subcols);
    free(force);
    if (!cache)
        covcache_reset(&local);
    return st;
}
