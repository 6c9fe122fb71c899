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
#include "siting_internal.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
    double left = deadline - sp__now();
    if (left <= 0)
        return 0;
    return left * 1000 > (double)INT_MAX ? INT_MAX : (int)(left * 1000);
}

/* Solve the LP relaxation then the MIP.  Fills *bound (MIP units) and
 * *status: 2 proven optimal, 1 feasible (stopped or timed out), 0 no MIP
 * solution, -1 proven infeasible. */
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

    glp_iocp io;
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    io.presolve = GLP_OFF; /* the incumbent is given in our column order */
    io.br_tech = GLP_BR_DTH;
    io.bt_tech = GLP_BT_BLB;
    io.pp_tech = GLP_PP_ROOT;
    io.gmi_cuts = GLP_ON;
    io.mir_cuts = GLP_ON;
    io.cov_cuts = GLP_ON;
    io.clq_cuts = GLP_ON;
    io.fp_heur = GLP_OFF;
    io.sr_heur = GLP_ON;
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
    qsort_r(order, (size_t)no, sizeof *order, grp_cmp, R);
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
