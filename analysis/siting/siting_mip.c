/* siting_mip.c — the exact step: GLPK branch-and-cut on a reduced problem,
 * warm-started with the heuristic solution.  See siting_internal.h.
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
 *
 * pmedian (savings form against the fixed sites' cost f_j):
 *     min  const + sum_ij w_j (c_ij - f_j) x_ij     (f_j = 0 if no fixed site)
 *     s.t. sum_i x_ij  = 1 (no fixed site reaches j) or <= 1 (one does)
 *          x_ij <= y_i,  sum_i y_i <= p,  y binary, x in [0, 1]
 * Pairs no cheaper than the fixed site are left out.
 */
#define _GNU_SOURCE /* qsort_r */
#include "siting_internal.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Time cap for the support search inside the covering MIP. */
#define SP_SUPPORT_SECONDS 5.0

/* Problems bigger than this (pmedian assignment pairs) skip the MIP. */
#define SP_PMEDIAN_MAX_PAIRS 400000

typedef struct {
    double *x;          /* 1-based incumbent for glp_ios_heur_sol, or NULL */
    int given;
    int maximize;
    double cst;         /* objective constant outside the MIP */
    double bound;       /* best global bound seen (MIP units, no constant) */
    double stop_at, stop_below; /* full units, NAN = off */
    int integral;       /* the objective takes integer values only */
    int stopped;        /* terminated because decided by stop_* */
    int proven;         /* terminated because integrality closes the gap */
    double inc;         /* incumbent value in MIP units, NAN if none */
} cb_info;

static void mip_callback(glp_tree *T, void *info)
{
    cb_info *ci = info;
    if (glp_ios_reason(T) == GLP_IHEUR && ci->x && !ci->given) {
        ci->given = 1;
        glp_ios_heur_sol(T, ci->x);
    }
    int bn = glp_ios_best_node(T);
    if (bn) {
        double b = glp_ios_node_bound(T, bn);
        if (ci->maximize ? b < ci->bound : b > ci->bound)
            ci->bound = b;
    }
    glp_prob *P = glp_ios_get_prob(T);
    int have = glp_mip_status(P) == GLP_FEAS || glp_mip_status(P) == GLP_OPT;
    double inc = have ? glp_mip_obj_val(P) : NAN;
    double tol = 1e-9 * fmax(1.0, fabs(ci->bound));
    if (have && !isnan(ci->stop_at) && inc + ci->cst >= ci->stop_at - tol) {
        ci->stopped = 1;
        glp_ios_terminate(T);
        return;
    }
    if (bn && !isnan(ci->stop_below) && ci->bound + ci->cst < ci->stop_below - tol) {
        ci->stopped = 1;
        glp_ios_terminate(T);
        return;
    }
    /* With integer objective values, a gap below 1 is a proof. */
    if (have && bn && ci->integral && ci->maximize &&
        floor(ci->bound + 1e-6) <= inc + 1e-6) {
        ci->proven = 1;
        glp_ios_terminate(T);
    }
}

static int ms_left(double deadline)
{
    if (deadline <= 0)
        return INT_MAX;
    double left = deadline - sp_now();
    if (left <= 0)
        return 0;
    return left * 1000 > (double)INT_MAX ? INT_MAX : (int)(left * 1000);
}

/* Solve the LP relaxation then the MIP.  Updates ci->bound (MIP units) and
 * sets *status: 2 proven optimal, 1 feasible (stopped or timed out), 0 no
 * MIP solution, -1 proven infeasible, 3 the incumbent ci->inc is proven
 * optimal by the LP bound, 4 the LP bound is below ci->stop_below. */
static sp_status run_glpk(glp_prob *lp, cb_info *ci, double deadline,
                          int *status)
{
    *status = 0;
    int tm = ms_left(deadline);
    if (tm <= 0)
        return SP_OK;
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.presolve = GLP_OFF;
    sm.tm_lim = tm;
    glp_adv_basis(lp, 0);
    int ret = glp_simplex(lp, &sm);
    if (ret == GLP_ETMLIM)
        return SP_OK;
    if (ret != 0)
        return sp_error(SP_E_INTERNAL, "siting: GLPK simplex failed (code %d)",
                        ret);
    int lst = glp_get_status(lp);
    if (lst == GLP_NOFEAS) {
        *status = -1;
        return SP_OK;
    }
    if (lst != GLP_OPT)
        return sp_error(SP_E_INTERNAL, "siting: GLPK LP status %d", lst);
    ci->bound = glp_get_obj_val(lp);
    /* The LP bound alone may already settle it. */
    double tol = 1e-9 * fmax(1.0, fabs(ci->bound));
    if (!isnan(ci->inc)) {
        double b = ci->maximize && ci->integral ? floor(ci->bound + 1e-6)
                                                : ci->bound;
        if (ci->maximize ? b <= ci->inc + tol : b >= ci->inc - tol) {
            *status = 3;
            return SP_OK;
        }
    }
    if (!isnan(ci->stop_below) && ci->bound + ci->cst < ci->stop_below - tol) {
        ci->stopped = 1;
        *status = 4;
        return SP_OK;
    }

    glp_iocp io;
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    io.presolve = GLP_OFF; /* the incumbent is given in our column order */
    /* Settings measured on covering instances of ~1,000 candidates: GLPK's
     * cut generators cost more time than their bound gain saves, and the
     * most-fractional rule beats Driebeck-Tomlin and pseudocosts here; the
     * long-step dual is slower on these LPs.  Best-bound node selection,
     * since the incumbent is usually optimal already and only the proof is
     * left. */
    io.br_tech = GLP_BR_MFV;
    io.bt_tech = GLP_BT_BLB;
    io.pp_tech = GLP_PP_ROOT;
    io.gmi_cuts = GLP_OFF;
    io.mir_cuts = GLP_OFF;
    io.cov_cuts = GLP_OFF;
    io.clq_cuts = GLP_OFF;
    io.fp_heur = GLP_OFF;
    io.sr_heur = GLP_ON;
    io.flip = GLP_OFF;
    io.cb_func = mip_callback;
    io.cb_info = ci;
    tm = ms_left(deadline);
    if (tm <= 0)
        return SP_OK;
    io.tm_lim = tm;
    ret = glp_intopt(lp, &io);
    int mst = glp_mip_status(lp);
    if (ret == 0) {
        if (mst == GLP_OPT)
            *status = 2;
        else if (mst == GLP_NOFEAS)
            *status = -1;
        return SP_OK;
    }
    if (ret == GLP_ETMLIM || ret == GLP_ESTOP || ret == GLP_EMIPGAP) {
        if (mst == GLP_FEAS || mst == GLP_OPT)
            *status = ci->proven ? 2 : 1;
        return SP_OK;
    }
    return sp_error(SP_E_INTERNAL, "siting: GLPK branch-and-cut failed (code %d)",
                    ret);
}

/* --- covering --------------------------------------------------------------- */

typedef struct {
    const sp__cov *c;
    int32_t *keep;      /* kept columns (indices into c) */
    int32_t n_keep;
    int32_t *kpos;      /* c column -> position in keep, -1 */
    int32_t *dom;       /* dropped column -> a dominating column, -1 none */
    uint8_t *active;    /* c row not covered by required columns */
    size_t *rptr;       /* transpose over kept columns: row -> kept positions */
    int32_t *rcol;
    int32_t *grp;       /* merged group of each active row, -1 */
    int32_t n_grp;
    double *gw;         /* group weights */
    int32_t *grep;      /* representative row of each group */
    double cst;         /* covered weight outside the MIP (base + required) */
} reduced;

static void reduced_free(reduced *R)
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
    const reduced *R = ctx;
    size_t la = R->rptr[a + 1] - R->rptr[a], lb = R->rptr[b + 1] - R->rptr[b];
    if (la != lb)
        return la < lb ? -1 : 1;
    int d = memcmp(R->rcol + R->rptr[a], R->rcol + R->rptr[b],
                   la * sizeof *R->rcol);
    if (d)
        return d;
    return (a > b) - (a < b);
}

static int same_list(const reduced *R, int32_t a, int32_t b)
{
    size_t la = R->rptr[a + 1] - R->rptr[a], lb = R->rptr[b + 1] - R->rptr[b];
    return la == lb && memcmp(R->rcol + R->rptr[a], R->rcol + R->rptr[b],
                              la * sizeof *R->rcol) == 0;
}

static sp_status reduce_cov(const sp__cov *c, reduced *R)
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
        reduced_free(R);
    return st;
}

/* The covering LP/MIP over a reduced instance: columns x_1..x_K then
 * y_1..y_G; rows 1..G (y_g - sum x <= 0) then the budget row G+1.  NULL on
 * out of memory or a problem too large for GLPK's int indices. */
/* GLPK's 1-based (row, column, value) triplet arrays for ne entries; all
 * three or none (returns 0). */
static int triplets_new(size_t ne, int **ia, int **ja, double **ar)
{
    *ia = sp_malloc_n(ne + 1, sizeof **ia);
    *ja = sp_malloc_n(ne + 1, sizeof **ja);
    *ar = sp_malloc_n(ne + 1, sizeof **ar);
    if (*ia && *ja && *ar)
        return 1;
    free(*ia);
    free(*ja);
    free(*ar);
    return 0;
}

static glp_prob *cov_lp(const reduced *R, int32_t pp, int integer)
{
    int32_t K = R->n_keep, G = R->n_grp;
    size_t ne = (size_t)G + (size_t)K;
    for (int32_t g = 0; g < G; g++)
        ne += R->rptr[R->grep[g] + 1] - R->rptr[R->grep[g]];
    if (ne > (size_t)INT_MAX - 1)
        return NULL;
    int *ia, *ja;
    double *ar;
    if (!triplets_new(ne, &ia, &ja, &ar))
        return NULL;
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, K + G);
    glp_add_rows(lp, G + 1);
    for (int32_t q = 1; q <= K; q++) {
        if (integer)
            glp_set_col_kind(lp, q, GLP_BV);
        else
            glp_set_col_bnds(lp, q, GLP_DB, 0.0, 1.0);
    }
    for (int32_t g = 0; g < G; g++) {
        glp_set_col_bnds(lp, K + g + 1, GLP_DB, 0.0, 1.0);
        glp_set_obj_coef(lp, K + g + 1, R->gw[g]);
        glp_set_row_bnds(lp, g + 1, GLP_UP, 0.0, 0.0);
    }
    glp_set_row_bnds(lp, G + 1, GLP_UP, 0.0, (double)pp);
    int e = 0;
    for (int32_t g = 0; g < G; g++) {
        int32_t r = R->grep[g];
        e++, ia[e] = g + 1, ja[e] = K + g + 1, ar[e] = 1.0;
        for (size_t t = R->rptr[r]; t < R->rptr[r + 1]; t++)
            e++, ia[e] = g + 1, ja[e] = R->rcol[t] + 1, ar[e] = -1.0;
    }
    for (int32_t q = 0; q < K; q++)
        e++, ia[e] = G + 1, ja[e] = q + 1, ar[e] = 1.0;
    glp_load_matrix(lp, e, ia, ja, ar);
    free(ia);
    free(ja);
    free(ar);
    return lp;
}

/* Pick p columns: the required ones, then `pick` (kept positions marked in
 * x[1..K]), then greedy filling.  Returns the count. */
static int32_t cov_collect(const reduced *R, int32_t p, const double *xval,
                           int32_t *cols)
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
    reduced R;
    sp_status st = reduce_cov(c, &R);
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
        int32_t ns = cov_collect(&R, p, x, sol);
        double v = sp__cov_value(c, sol, ns);
        if (v > out->obj + tol) {
            memcpy(cols, sol, (size_t)ns * sizeof *sol);
            *n = ns;
            out->obj = v;
        }
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
    {
        /* Moving to dominators can only help: adopt the mapped incumbent,
         * so that a proof about it is a proof about cols. */
        int32_t ns = cov_collect(&R, p, x, sol);
        double v = sp__cov_value(c, sol, ns);
        if (v > out->obj + tol) {
            memcpy(cols, sol, (size_t)ns * sizeof *sol);
            *n = ns;
            out->obj = v;
        }
    }

    lp = cov_lp(&R, pp, 1);
    if (!lp) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory (MIP)");
        goto done;
    }


    cb_info ci = {x, 0, 1, R.cst, INFINITY, stop_at, stop_below,
                  c->integral, 0, 0, inc};
    int status;
    int term = glp_term_out(GLP_OFF);
    st = run_glpk(lp, &ci, deadline, &status);
    glp_term_out(term);
    if (st != SP_OK)
        goto done;
    out->ran = status != 0 || isfinite(ci.bound);
    out->stopped = ci.stopped;
    if (status == 1 || status == 2) {
        for (int32_t q = 1; q <= K; q++)
            x[q] = glp_mip_col_val(lp, q);
        int32_t ns = cov_collect(&R, p, x, sol);
        double v = sp__cov_value(c, sol, ns);
        if (v > out->obj + tol) {
            memcpy(cols, sol, (size_t)ns * sizeof *sol);
            *n = ns;
            out->obj = v;
        }
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
    reduced_free(&R);
    return st;
}

/* --- covering: LP bound, LP rounding, reduced-cost fixing -------------------- */

struct sp__covcache {
    const sp__cov *c;   /* the instance R and lp belong to */
    reduced R;
    glp_prob *lp;       /* the LP relaxation, basis kept between budgets */
    int warm;
};

sp__covcache *sp__covcache_new(void) { return calloc(1, sizeof(sp__covcache)); }

static void covcache_reset(sp__covcache *k)
{
    if (k->lp)
        glp_delete_prob(k->lp);
    if (k->c)
        reduced_free(&k->R);
    memset(k, 0, sizeof *k);
}

void sp__covcache_free(sp__covcache *k)
{
    if (!k)
        return;
    covcache_reset(k);
    free(k);
}

/* The sub-instance of c with the columns keep[0..n) (indices into c); those
 * with force[] set become required. */
static sp_status cov_subset(const sp__cov *c, const int32_t *keep,
                            const uint8_t *force, int32_t n, sp__cov *s)
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
    int tm = ms_left(deadline);
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

/* Rewrite a solution onto kept columns (a dropped column moves to its
 * dominator), then fill up to p greedily: the value can only grow. */
static sp_status map_to_kept(const reduced *R, int32_t p, int32_t *cols,
                             int32_t *n)
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
    *n = cov_collect(R, p, x, cols);
    free(x);
    return SP_OK;
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
        if ((st = reduce_cov(c, &k->R)) != SP_OK)
            return st;
        k->c = c;
    }
    const reduced *R = &k->R;
    int32_t n_req = 0;
    for (int32_t q = 0; q < c->n_col; q++)
        n_req += c->col_req[q];
    int32_t pp = p - n_req, K = R->n_keep, G = R->n_grp;
    if (K <= pp || G == 0 || pp <= 0) {
        st = cov_bnb(c, p, cols, n, deadline, stop_at, stop_below, out);
        goto done;
    }
    if (!k->lp && !(k->lp = cov_lp(R, pp, 0))) {
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
    int32_t ns = cov_collect(R, p, x, sol);
    sp__cov_swap(c, sol, ns);
    if ((st = map_to_kept(R, p, sol, &ns)) != SP_OK)
        goto done;
    double v = sp__cov_value(c, sol, ns);
    if (v > out->obj + tol) {
        memcpy(cols, sol, (size_t)ns * sizeof *sol);
        *n = ns;
        out->obj = v;
        out->improved = 1;
    } else {
        /* Same value on kept columns, so the sub-instance holds it. */
        ns = *n;
        memcpy(sol, cols, (size_t)ns * sizeof *sol);
        if ((st = map_to_kept(R, p, sol, &ns)) != SP_OK)
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
            if ((st = cov_subset(c, keep, force, nk, &sup)) != SP_OK)
                goto done;
            int32_t nsub = 0;
            for (int32_t t = 0, u = 0; t < *n; t++) {
                while (u < nk && keep[u] < cols[t])
                    u++;
                if (u < nk && keep[u] == cols[t])
                    subcols[nsub++] = u;
            }
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
                if ((st = map_to_kept(R, p, cols, n)) != SP_OK)
                    goto done;
                out->obj = sp__cov_value(c, cols, *n);
                out->improved = 1;
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
        (!isnan(stop_at) && out->obj >= stop_at - tol)) {
        out->stopped = 1;
        goto done;
    }
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
    if ((st = cov_subset(c, keep, force, nk, &sub)) != SP_OK)
        goto done;
    /* The incumbent in sub-instance columns (the parts that survive). */
    int32_t nsub = 0;
    for (int32_t t = 0, u = 0; t < *n; t++) {
        while (u < nk && keep[u] < cols[t])
            u++;
        if (u < nk && keep[u] == cols[t])
            subcols[nsub++] = u;
    }
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
        out->improved = 1;
    }
    out->stopped = so.stopped;
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

/* --- pmedian ---------------------------------------------------------------- */

typedef struct {
    int32_t i, j;
    float c;
} pm_pair;

sp_status sp__pmedian_mip(const sp__sprob *P, int32_t p, int32_t *sites,
                          int32_t n, sp__mip_out *out)
{
    memset(out, 0, sizeof *out);
    out->bound = NAN;
    sp__mobj cur = sp__min_eval(P, sites, n);
    double need = 0;
    for (int32_t j = 0; j < P->nd; j++)
        if (P->counted[j])
            need += P->w[j];
    double rtol = 1e-9 * fmax(1.0, need);
    int feasible = cur.reached >= need - rtol;
    out->obj = feasible ? cur.primary : INFINITY;

    int32_t *ycol = sp_malloc_n((size_t)P->nc, sizeof *ycol);
    int32_t *drow = sp_malloc_n((size_t)P->nd, sizeof *drow);
    int32_t *ycand = sp_malloc_n((size_t)P->nc, sizeof *ycand);
    pm_pair *pr = NULL;
    double *x = NULL;
    int32_t *sol = sp_malloc_n((size_t)P->nc + 1, sizeof *sol);
    glp_prob *lp = NULL;
    sp_status st = SP_OK;
    if (!ycol || !drow || !ycand || !sol) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    size_t npairs = 0;
    for (int32_t u = 0; u < P->n_usable; u++) {
        const int32_t *dj;
        const float *cj;
        size_t len = sp_costmatrix_get_row(P->m, P->usable[u], &dj, &cj);
        for (size_t t = 0; t < len; t++)
            if (P->counted[dj[t]] && (double)cj[t] < P->fixed_cost[dj[t]])
                npairs++;
    }
    if (npairs > SP_PMEDIAN_MAX_PAIRS)
        goto done; /* too big for GLPK in useful time: heuristics only */
    pr = sp_malloc_n(npairs + 1, sizeof *pr);
    if (!pr) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    int32_t ny = 0, ndr = 0;
    npairs = 0;
    for (int32_t j = 0; j < P->nd; j++)
        drow[j] = -1;
    for (int32_t u = 0; u < P->n_usable; u++) {
        int32_t i = P->usable[u];
        ycol[i] = -1;
        const int32_t *dj;
        const float *cj;
        size_t len = sp_costmatrix_get_row(P->m, i, &dj, &cj);
        for (size_t t = 0; t < len; t++) {
            int32_t j = dj[t];
            if (!P->counted[j] || !((double)cj[t] < P->fixed_cost[j]))
                continue;
            pr[npairs++] = (pm_pair){i, j, cj[t]};
            if (drow[j] < 0)
                drow[j] = 0;
        }
        if (npairs > 0 && pr[npairs - 1].i == i)
            ycol[i] = 0;
        if (P->flags[i] & SP_SITE_REQUIRED)
            ycol[i] = 0;
        if (ycol[i] == 0) {
            ycand[ny] = i;
            ycol[i] = ++ny; /* GLPK column */
        }
    }
    double cst = 0;
    for (int32_t j = 0; j < P->nd; j++) {
        if (!P->counted[j])
            continue;
        if (isfinite(P->fixed_cost[j]))
            cst += P->w[j] * P->fixed_cost[j];
        if (drow[j] == 0)
            drow[j] = ++ndr; /* GLPK row */
    }
    if (ny <= p) {
        /* Every useful candidate fits: opening them all gives each demand its
         * cheapest cost, which no set can beat.  (Also keeps GLPK away from
         * an empty problem.) */
        int32_t ns = 0;
        for (int32_t q = 0; q < ny; q++)
            sol[ns++] = ycand[q];
        ns = sp__min_greedy(P, p, sol, ns);
        sp__mobj o = sp__min_eval(P, sol, ns);
        if (o.reached >= need - rtol && (!feasible || sp__mobj_better(&o, &cur))) {
            memcpy(sites, sol, (size_t)ns * sizeof *sol);
            cur = o;
            feasible = 1;
        }
        out->ran = 1;
        out->proven = 1;
        out->obj = feasible ? cur.primary : INFINITY;
        out->bound = out->obj;
        goto done;
    }
    int ncol = ny + (int)npairs;
    int nrow = ndr + (int)npairs + 1;
    x = sp_calloc_n((size_t)ncol + 1, sizeof *x);
    if (!x) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    double inc = NAN;
    if (feasible) {
        /* Incumbent: open sites, each demand to its cheapest one. */
        uint8_t *open = sp_calloc_n((size_t)P->nc, 1);
        double *best = sp_malloc_n((size_t)P->nd, sizeof *best);
        int64_t *bestk = sp_malloc_n((size_t)P->nd, sizeof *bestk);
        if (!open || !best || !bestk) {
            free(open);
            free(best);
            free(bestk);
            st = sp_error(SP_E_NOMEM, "siting: out of memory");
            goto done;
        }
        for (int32_t k = 0; k < n; k++) {
            open[sites[k]] = 1;
            if (ycol[sites[k]] > 0)
                x[ycol[sites[k]]] = 1;
        }
        for (int32_t j = 0; j < P->nd; j++) {
            best[j] = P->fixed_cost[j];
            bestk[j] = -1;
        }
        for (size_t k = 0; k < npairs; k++)
            if (open[pr[k].i] && (double)pr[k].c < best[pr[k].j]) {
                best[pr[k].j] = pr[k].c;
                bestk[pr[k].j] = (int64_t)k;
            }
        inc = 0;
        for (int32_t j = 0; j < P->nd; j++)
            if (bestk[j] >= 0) {
                const pm_pair *q = &pr[bestk[j]];
                x[ny + bestk[j] + 1] = 1;
                inc += P->w[j] * ((double)q->c - (isfinite(P->fixed_cost[j])
                                                      ? P->fixed_cost[j]
                                                      : 0));
            }
        free(open);
        free(best);
        free(bestk);
    }

    lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_cols(lp, ncol);
    glp_add_rows(lp, nrow);
    for (int32_t q = 1; q <= ny; q++) {
        glp_set_col_kind(lp, q, GLP_BV);
        if (P->flags[ycand[q - 1]] & SP_SITE_REQUIRED)
            glp_set_col_bnds(lp, q, GLP_FX, 1.0, 1.0);
    }
    for (int32_t j = 0; j < P->nd; j++)
        if (drow[j] > 0)
            glp_set_row_bnds(lp, drow[j],
                             isfinite(P->fixed_cost[j]) ? GLP_UP : GLP_FX, 1.0,
                             1.0);
    size_t ne = 3 * npairs + (size_t)ny;
    if (ne > (size_t)INT_MAX - 1) {
        st = sp_error(SP_E_INPUT, "siting: problem too large for the MIP");
        goto done;
    }
    int *ia, *ja;
    double *ar;
    if (!triplets_new(ne, &ia, &ja, &ar)) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    int e = 0;
    for (size_t k = 0; k < npairs; k++) {
        int col = ny + (int)k + 1, row = ndr + (int)k + 1;
        double f = P->fixed_cost[pr[k].j];
        glp_set_col_bnds(lp, col, GLP_DB, 0.0, 1.0);
        glp_set_obj_coef(lp, col,
                         P->w[pr[k].j] * ((double)pr[k].c - (isfinite(f) ? f : 0)));
        e++, ia[e] = drow[pr[k].j], ja[e] = col, ar[e] = 1.0;
        glp_set_row_bnds(lp, row, GLP_UP, 0.0, 0.0);
        e++, ia[e] = row, ja[e] = col, ar[e] = 1.0;
        e++, ia[e] = row, ja[e] = ycol[pr[k].i], ar[e] = -1.0;
    }
    glp_set_row_bnds(lp, nrow, GLP_UP, 0.0, (double)p);
    for (int32_t q = 1; q <= ny; q++)
        e++, ia[e] = nrow, ja[e] = q, ar[e] = 1.0;
    glp_load_matrix(lp, e, ia, ja, ar);
    free(ia);
    free(ja);
    free(ar);

    cb_info ci = {feasible ? x : NULL, 0, 0, cst, -INFINITY, NAN, NAN, 0, 0, 0,
                  inc};
    int status;
    int term = glp_term_out(GLP_OFF);
    st = run_glpk(lp, &ci, P->deadline, &status);
    glp_term_out(term);
    if (st != SP_OK)
        goto done;
    out->ran = 1;
    if (status == -1) {
        out->proven = 1;
        out->bound = INFINITY;
        goto done;
    }
    if (status == 1 || status == 2) {
        int32_t ns = 0;
        for (int32_t q = 1; q <= ny; q++)
            if (glp_mip_col_val(lp, q) > 0.5 && ns < p)
                sol[ns++] = ycand[q - 1];
        sp__sort_i32(sol, (size_t)ns);
        ns = sp__min_greedy(P, p, sol, ns);
        sp__mobj o = sp__min_eval(P, sol, ns);
        if (o.reached >= need - rtol && (!feasible || sp__mobj_better(&o, &cur))) {
            memcpy(sites, sol, (size_t)ns * sizeof *sol);
            cur = o;
            feasible = 1;
            out->obj = o.primary;
        }
    }
    double ptol = 1e-9 * fmax(1.0, fabs(out->obj));
    if (status == 2 || status == 3) {
        out->proven = 1;
        out->bound = out->obj;
    } else if (isfinite(ci.bound)) {
        double b = ci.bound + cst;
        out->bound = b > out->obj ? out->obj : b;
        if (out->bound >= out->obj - ptol)
            out->proven = 1;
    }
done:
    if (lp)
        glp_delete_prob(lp);
    free(ycol);
    free(drow);
    free(ycand);
    free(pr);
    free(x);
    free(sol);
    return st;
}
