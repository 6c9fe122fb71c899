/* glpk_glue.c — what talks to GLPK: the branch-and-cut callback, the
 * LP-then-MIP run under a deadline, triplet arrays, and the covering
 * LP/MIP built from a reduced instance.  See siting_mip.h. */
#include "siting_mip.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

static void mip_callback(glp_tree *T, void *info)
{
    sp__cb_info *ci = info;
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
        glp_ios_terminate(T);
        return;
    }
    if (bn && !isnan(ci->stop_below) && ci->bound + ci->cst < ci->stop_below - tol) {
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

int sp__ms_left(double deadline)
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
sp_status sp__run_glpk(glp_prob *lp, sp__cb_info *ci, double deadline, int *status)
{
    *status = 0;
    int tm = sp__ms_left(deadline);
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
    tm = sp__ms_left(deadline);
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

int sp__triplets_new(size_t ne, int **ia, int **ja, double **ar)
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

glp_prob *sp__cov_lp(const sp__reduced *R, int32_t pp, int integer)
{
    int32_t K = R->n_keep, G = R->n_grp;
    size_t ne = (size_t)G + (size_t)K;
    for (int32_t g = 0; g < G; g++)
        ne += R->rptr[R->grep[g] + 1] - R->rptr[R->grep[g]];
    if (ne > (size_t)INT_MAX - 1)
        return NULL;
    int *ia, *ja;
    double *ar;
    if (!sp__triplets_new(ne, &ia, &ja, &ar))
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
