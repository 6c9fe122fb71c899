/* pmedian_mip.c — the exact step for pmedian: one GLPK MIP, warm-started
 * with the heuristic solution.  See siting_mip.h.
 *
 * pmedian (savings form against the fixed sites' cost f_j):
 *     min  const + sum_ij w_j (c_ij - f_j) x_ij     (f_j = 0 if no fixed site)
 *     s.t. sum_i x_ij  = 1 (no fixed site reaches j) or <= 1 (one does)
 *          x_ij <= y_i,  sum_i y_i <= p,  y binary, x in [0, 1]
 * Pairs no cheaper than the fixed site are left out.
 */
#include "siting_mip.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Problems bigger than this (pmedian assignment pairs) skip the MIP. */
#define SP_PMEDIAN_MAX_PAIRS 400000

typedef struct {
    int32_t i, j;
    float c;
} pm_pair;

/* Fill sol[0..ns) up to p sites greedily; when that reaches at least
 * `need` weight and beats the current solution (*cur, *feasible), copy it
 * into sites and make it current.  1 if adopted. */
static int adopt(const sp__sprob *P, int32_t p, int32_t *sol, int32_t ns, double need,
                 int32_t *sites, sp__mobj *cur, int *feasible)
{
    ns = sp__min_greedy(P, p, sol, ns);
    sp__mobj o = sp__min_eval(P, sol, ns);
    if (!(o.reached >= need && (!*feasible || sp__mobj_better(&o, cur))))
        return 0;
    memcpy(sites, sol, (size_t)ns * sizeof *sol);
    *cur = o;
    *feasible = 1;
    return 1;
}

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
        adopt(P, p, sol, ns, need - rtol, sites, &cur, &feasible);
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
    if (!sp__triplets_new(ne, &ia, &ja, &ar)) {
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

    sp__cb_info ci = {.x = feasible ? x : NULL, .cst = cst, .bound = -INFINITY,
                      .stop_at = NAN, .stop_below = NAN, .inc = inc};
    int status;
    int term = glp_term_out(GLP_OFF);
    st = sp__run_glpk(lp, &ci, P->deadline, &status);
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
        if (adopt(P, p, sol, ns, need - rtol, sites, &cur, &feasible))
            out->obj = cur.primary;
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
