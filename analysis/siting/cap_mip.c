/* cap_mip.c — the exact step of capacitated mclp/target: one GLPK MIP on
 * the pairs within radius, warm-started with the heuristic's answer and
 * its optimal assignment (capassign.h).  See siting.h "Capacitated siting".
 *
 *     max  sum_ij x_ij
 *     s.t. sum_j x_ij <= w_i                  (each demand i with a pair)
 *          sum_i x_ij <= C_j y_j              (usable site j; fixed: y_j = 1,
 *                                              the row only when it binds)
 *          x_ij <= w_i y_j                    (usable pairs: the strong form)
 *          sum_j y_j <= p,   y_j = 1 for required sites
 *          x >= 0,  y binary
 * C_j = min(capacity, weight within radius): an unlimited site takes at most
 * the weight it reaches.  Sites of capacity 0, demands of weight 0 and
 * sites reaching nothing get no column.  The served weight of the MIP's
 * sites is measured again with capassign, so the answer's objective is
 * exact whatever GLPK's tolerances.
 */
#include "siting_mip.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Bigger problems (pairs) skip the exact step: heuristics, fallback bound. */
#define SP_CAP_MAX_PAIRS 20000000

/* --- Lagrangian bound -------------------------------------------------------
 * Relax the demand rows with multipliers lam_i in [0, 1]: for every lam
 *     L(lam) = sum_i lam_i w_i + sum over the open sites of v_j(lam),
 *     v_j(lam) = max sum_i (1 - lam_i) x_ij, 0 <= x_ij <= w_i, sum_i x_ij <= C_j
 * (a fractional knapsack), the open sites being the fixed and required ones
 * and the p - n_required other candidates of largest v_j.  Every feasible
 * solution serves at most L(lam), whatever lam: a proven upper bound.
 * Subgradient steps lower it (Held-Karp step against the incumbent); the
 * sites of each relaxed solution are also measured (capassign) as
 * candidates for a better incumbent.  Deterministic: an iteration cap, the
 * deadline only as a safety stop. */
typedef struct {
    double r;
    int64_t k;
} kitem;

static int cmp_kitem(const void *a, const void *b)
{
    const kitem *x = a, *y = b;
    if (x->r != y->r)
        return x->r > y->r ? -1 : 1;
    return (x->k > y->k) - (x->k < y->k);
}

typedef struct {
    double v;
    int32_t s;
} vsite;

static int cmp_vsite(const void *a, const void *b)
{
    const vsite *x = a, *y = b;
    if (x->v != y->v)
        return x->v > y->v ? -1 : 1;
    return (x->s > y->s) - (x->s < y->s);
}

#define SP_CAP_LAGR_ITERS 3000
#define SP_CAP_LAGR_ITERS_LIGHT 300

static sp_status lagr_bound(sp__capctx *X, int32_t p, int max_iter, const double *lam0,
                            const int32_t *site_list, int32_t nsite,
                            const int64_t *pfirst, const int32_t *pcount, const int32_t *pdem,
                            const int *drow, int ndr, double deadline, int32_t *sites,
                            int32_t *n, double *cur, double *bound)
{
    const sp__sprob *P = X->P;
    *bound = INFINITY;
    int64_t npairs = 0;
    int32_t kmax = 1;
    for (int32_t s = 0; s < nsite; s++) {
        npairs += pcount[site_list[s]];
        if (pcount[site_list[s]] > kmax)
            kmax = pcount[site_list[s]];
    }
    double *lam = sp_calloc_n((size_t)ndr + 1, sizeof *lam);
    double *wr = sp_calloc_n((size_t)ndr + 1, sizeof *wr);
    double *g = sp_malloc_n((size_t)ndr + 1, sizeof *g);
    double *xv = sp_calloc_n((size_t)npairs + 1, sizeof *xv);
    double *v = sp_malloc_n((size_t)nsite + 1, sizeof *v);
    kitem *it = sp_malloc_n((size_t)kmax + 1, sizeof *it);
    vsite *vs = sp_malloc_n((size_t)nsite + 1, sizeof *vs);
    uint8_t *sel = sp_malloc_n((size_t)nsite + 1, 1);
    int32_t *sol = sp_malloc_n((size_t)P->nc + 1, sizeof *sol);
    sp_status st = SP_OK;
    if (!lam || !wr || !g || !xv || !v || !it || !vs || !sel || !sol) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    for (int32_t j = 0; j < P->nd; j++)
        if (drow[j])
            wr[drow[j]] = P->w[j];
    for (int r = 1; lam0 && r <= ndr; r++)
        lam[r] = fmin(1.0, fmax(0.0, lam0[r])); /* NaN: 0 */
    int32_t n_req = 0;
    for (int32_t u = 0; u < P->n_usable; u++)
        n_req += (P->flags[P->usable[u]] & SP_SITE_REQUIRED) != 0;
    int32_t pp = p - n_req;
    double theta = 2.0, tol = 1e-9 * fmax(1.0, X->total);
    int stall = 0;
    for (int iter = 0; iter < max_iter; iter++) {
        if (deadline > 0 && (iter & 15) == 0 && sp_now() > deadline)
            break;
        /* each site's knapsack */
        for (int32_t s = 0; s < nsite; s++) {
            int32_t i = site_list[s];
            int32_t m = 0;
            for (int64_t k = pfirst[i]; k < pfirst[i] + pcount[i]; k++) {
                xv[k] = 0;
                double r = 1 - lam[drow[pdem[k]]];
                if (r > 0)
                    it[m++] = (kitem){r, k};
            }
            qsort(it, (size_t)m, sizeof *it, cmp_kitem);
            double room = fmin(X->cap[i], X->reach[i]), val = 0;
            for (int32_t q = 0; q < m && room > 0; q++) {
                double w = P->w[pdem[it[q].k]], take = w < room ? w : room;
                xv[it[q].k] = take;
                val += it[q].r * take;
                room -= take;
            }
            v[s] = val;
        }
        /* the open sites */
        int32_t nv = 0;
        for (int32_t s = 0; s < nsite; s++) {
            int32_t i = site_list[s];
            sel[s] = (P->flags[i] & (SP_SITE_FIXED | SP_SITE_REQUIRED)) != 0;
            if (!sel[s])
                vs[nv++] = (vsite){v[s], s};
        }
        qsort(vs, (size_t)nv, sizeof *vs, cmp_vsite);
        for (int32_t q = 0; q < nv && q < pp && vs[q].v > 0; q++)
            sel[vs[q].s] = 1;
        double L = 0;
        for (int r = 1; r <= ndr; r++) {
            L += lam[r] * wr[r];
            g[r] = wr[r];
        }
        int32_t ns = 0;
        for (int32_t s = 0; s < nsite; s++) {
            if (!sel[s])
                continue;
            int32_t i = site_list[s];
            L += v[s];
            if (!(P->flags[i] & SP_SITE_FIXED))
                sol[ns++] = i;
            for (int64_t k = pfirst[i]; k < pfirst[i] + pcount[i]; k++)
                g[drow[pdem[k]]] -= xv[k];
        }
        double Lb = X->integral ? floor(L + 1e-6) : L;
        if (Lb < *bound - tol) {
            *bound = Lb;
            stall = 0;
        } else if (++stall >= 20) {
            theta /= 2;
            stall = 0;
        }
        /* the relaxation's sites as an incumbent (required ones added) */
        if (iter % 10 == 0) {
            for (int32_t u = 0; u < P->n_usable; u++) {
                int32_t i = P->usable[u];
                if ((P->flags[i] & SP_SITE_REQUIRED) && !pcount[i])
                    sol[ns++] = i;
            }
            sp__sort_i32(sol, (size_t)ns);
            double val;
            if (ns <= p) {
                if ((st = sp__cap_eval(X, sol, ns, &val, NULL)) != SP_OK)
                    goto done;
                if (val > *cur + tol) {
                    memcpy(sites, sol, (size_t)ns * sizeof *sol);
                    *n = ns;
                    *cur = val;
                }
            }
        }
        if (*bound <= *cur + tol || theta < 1e-4)
            break;
        double norm = 0;
        for (int r = 1; r <= ndr; r++)
            if (!(lam[r] <= 0 && g[r] > 0) && !(lam[r] >= 1 && g[r] < 0))
                norm += g[r] * g[r];
        if (norm <= 0)
            break; /* L is minimal here */
        double t = theta * (L - *cur) / norm;
        for (int r = 1; r <= ndr; r++)
            lam[r] = fmin(1.0, fmax(0.0, lam[r] - t * g[r]));
    }
done:
    free(lam);
    free(wr);
    free(g);
    free(xv);
    free(v);
    free(it);
    free(vs);
    free(sel);
    free(sol);
    return st;
}

/* Make sol[0..ns) (sorted, at most p sites) the answer when it serves
 * more than *cur (measured with capassign). */
static sp_status adopt(sp__capctx *X, const int32_t *sol, int32_t ns, int32_t *sites,
                       int32_t *n, double *cur)
{
    double v;
    sp_status st = sp__cap_eval(X, sol, ns, &v, NULL);
    if (st == SP_OK && v > *cur + 1e-9 * fmax(1.0, X->total)) {
        memcpy(sites, sol, (size_t)ns * sizeof *sol);
        *n = ns;
        *cur = v;
    }
    return st;
}

sp_status sp__cap_mip(sp__capctx *X, int32_t p, int32_t *sites, int32_t *n, double deadline,
                      double stop_at, double stop_below, int light, sp__mip_out *out)
{
    const sp__sprob *P = X->P;
    memset(out, 0, sizeof *out);
    out->bound = NAN;
    double tol = 1e-9 * fmax(1.0, X->total);
    sp_capassign *asg = NULL;
    double cur;
    sp_status st = sp__cap_eval(X, sites, *n, &cur, &asg);
    if (st != SP_OK)
        return st;
    out->obj = cur;
    /* no k sites serve more than the fixed sites alone plus their k best
     * single bounds (submodularity): often enough when sites fill up */
    double sb = fmin(X->all_served, X->fixed_served + X->prefix[p < P->n_usable ? p : P->n_usable]);
    if (cur >= sb - tol) {
        out->proven = 1;
        out->bound = cur;
        sp_capassign_free(asg);
        return SP_OK;
    }

    int32_t nc = P->nc, nd = P->nd;
    int *ycol = sp_calloc_n((size_t)nc + 1, sizeof *ycol);   /* GLPK column, 0 none */
    int *crow = sp_calloc_n((size_t)nc + 1, sizeof *crow);   /* capacity row, 0 none */
    int64_t *pfirst = sp_malloc_n((size_t)nc + 1, sizeof *pfirst);
    int32_t *pcount = sp_calloc_n((size_t)nc + 1, sizeof *pcount);
    int *drow = sp_calloc_n((size_t)nd + 1, sizeof *drow);
    int32_t *ycand = sp_malloc_n((size_t)nc + 1, sizeof *ycand);
    int32_t *sol = sp_malloc_n((size_t)nc + 1, sizeof *sol);
    uint8_t *is_site = sp_calloc_n((size_t)nc + 1, 1);
    int32_t *site_list = sp_malloc_n((size_t)nc + 1, sizeof *site_list);
    int32_t *pdem = NULL;
    double *x = NULL;
    int *ia = NULL, *ja = NULL;
    double *ar = NULL;
    glp_prob *lp = NULL;
    if (!ycol || !crow || !pfirst || !pcount || !drow || !ycand || !sol || !is_site || !site_list) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    /* sites in the MIP: fixed then usable, each with its pairs */
    size_t npairs = 0;
    int32_t nsite = 0;
    for (int32_t t = 0; t < P->n_fixed + P->n_usable; t++) {
        int32_t i = t < P->n_fixed ? P->fixed[t] : P->usable[t - P->n_fixed];
        pfirst[i] = (int64_t)npairs;
        if (!(X->cap[i] > 0))
            continue;
        const int32_t *dj;
        const float *cj;
        size_t len = sp_costmatrix_get_row(P->m, i, &dj, &cj);
        for (size_t e = 0; e < len; e++)
            if (sp_covers(cj[e], X->radius) && P->w[dj[e]] > 0)
                pcount[i]++;
        npairs += (size_t)pcount[i];
        if (pcount[i] > 0) {
            site_list[nsite++] = i;
            is_site[i] = 1;
        }
    }
    if (npairs > SP_CAP_MAX_PAIRS)
        goto done;
    pdem = sp_malloc_n(npairs + 1, sizeof *pdem);
    if (!pdem) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    int ny = 0, ndr = 0;
    int32_t n_req = 0, n_req_in = 0;
    for (int32_t s = 0; s < nsite; s++) {
        int32_t i = site_list[s];
        const int32_t *dj;
        const float *cj;
        size_t len = sp_costmatrix_get_row(P->m, i, &dj, &cj);
        int64_t k = pfirst[i];
        for (size_t e = 0; e < len; e++)
            if (sp_covers(cj[e], X->radius) && P->w[dj[e]] > 0) {
                pdem[k++] = dj[e];
                if (!drow[dj[e]])
                    drow[dj[e]] = -1;
            }
        if (!(P->flags[i] & SP_SITE_FIXED)) {
            ycand[ny] = i;
            ycol[i] = ++ny;
            if (P->flags[i] & SP_SITE_REQUIRED)
                n_req_in++;
        }
    }
    for (int32_t u = 0; u < P->n_usable; u++)
        if (P->flags[P->usable[u]] & SP_SITE_REQUIRED)
            n_req++;
    for (int32_t j = 0; j < nd; j++)
        if (drow[j])
            drow[j] = ++ndr;
    out->ran = 1;
    if (ny - n_req_in + n_req <= p || ndr == 0) {
        /* every useful candidate fits: nothing serves more than all of them */
        int32_t ns = 0;
        for (int32_t u = 0; u < P->n_usable; u++) {
            int32_t i = P->usable[u];
            if (ycol[i] || (P->flags[i] & SP_SITE_REQUIRED))
                sol[ns++] = i;
        }
        if (ns <= p) {
            if ((st = adopt(X, sol, ns, sites, n, &cur)) != SP_OK)
                goto done;
            out->obj = cur;
            out->proven = 1;
            out->bound = cur;
            goto done;
        }
    }
    /* the Lagrangian bound (and maybe a better incumbent) first */
    double lbound;
    int32_t n_before = *n;
    double cur_before = cur;
    int iters = light && X->big ? SP_CAP_LAGR_ITERS_LIGHT : SP_CAP_LAGR_ITERS;
    if ((st = lagr_bound(X, p, iters, NULL, site_list, nsite, pfirst, pcount, pdem, drow, ndr,
                         deadline, sites, n, &cur, &lbound)) != SP_OK)
        goto done;
    out->obj = cur;
    lbound = fmin(lbound, sb);
    if (isfinite(lbound)) {
        out->bound = lbound < cur ? cur : lbound;
        if (out->bound <= cur + tol) {
            out->proven = 1;
            out->bound = cur;
            goto done;
        }
    }
    int ipt = X->big && X->ipt && !light &&
              (deadline <= 0 || deadline - sp_now() >= SP_CAP_IPT_SECS);
    if (X->big && !ipt)
        goto done;
    if (cur > cur_before || *n != n_before) {
        sp_capassign_free(asg);
        asg = NULL;
        if ((st = sp__cap_eval(X, sites, *n, &cur, &asg)) != SP_OK)
            goto done;
    }
    /* rows: demands, capacities, strong pairs, budget */
    int nrow = ndr;
    for (int32_t s = 0; s < nsite; s++) {
        int32_t i = site_list[s];
        if (ycol[i] || X->cap[i] < X->reach[i])
            crow[i] = ++nrow;
    }
    int prow0 = nrow;
    size_t n_strong = 0;
    for (int32_t s = 0; s < nsite; s++)
        if (ycol[site_list[s]])
            n_strong += (size_t)pcount[site_list[s]];
    size_t ne = 2 * npairs + 2 * n_strong + (size_t)ny + (size_t)nsite;
    if ((size_t)prow0 + n_strong + 1 > (size_t)INT_MAX - 1 ||
        (size_t)ny + npairs > (size_t)INT_MAX - 1 || ne > (size_t)INT_MAX - 1)
        goto done;
    nrow = prow0 + (int)n_strong + 1;
    int ncol = ny + (int)npairs;
    x = sp_calloc_n((size_t)ncol + 1, sizeof *x);
    if (!x || !sp__triplets_new(ne, &ia, &ja, &ar)) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, ncol);
    glp_add_rows(lp, nrow);
    for (int q = 1; q <= ny; q++) {
        glp_set_col_kind(lp, q, GLP_BV);
        if (P->flags[ycand[q - 1]] & SP_SITE_REQUIRED)
            glp_set_col_bnds(lp, q, GLP_FX, 1.0, 1.0);
    }
    for (int32_t j = 0; j < nd; j++)
        if (drow[j])
            glp_set_row_bnds(lp, drow[j], GLP_UP, 0.0, P->w[j]);
    int e = 0, srow = prow0;
    for (int32_t s = 0; s < nsite; s++) {
        int32_t i = site_list[s];
        double C = fmin(X->cap[i], X->reach[i]);
        if (crow[i]) {
            if (ycol[i]) {
                glp_set_row_bnds(lp, crow[i], GLP_UP, 0.0, 0.0);
                e++, ia[e] = crow[i], ja[e] = ycol[i], ar[e] = -C;
            } else {
                glp_set_row_bnds(lp, crow[i], GLP_UP, 0.0, C);
            }
        }
        for (int64_t k = pfirst[i]; k < pfirst[i] + pcount[i]; k++) {
            int col = ny + (int)k + 1;
            double wj = P->w[pdem[k]];
            glp_set_col_bnds(lp, col, GLP_DB, 0.0, wj);
            glp_set_obj_coef(lp, col, 1.0);
            e++, ia[e] = drow[pdem[k]], ja[e] = col, ar[e] = 1.0;
            if (crow[i])
                e++, ia[e] = crow[i], ja[e] = col, ar[e] = 1.0;
            if (ycol[i]) {
                srow++;
                glp_set_row_bnds(lp, srow, GLP_UP, 0.0, 0.0);
                e++, ia[e] = srow, ja[e] = col, ar[e] = 1.0;
                e++, ia[e] = srow, ja[e] = ycol[i], ar[e] = -wj;
            }
        }
    }
    /* required sites outside the MIP (nothing to serve) take budget too */
    glp_set_row_bnds(lp, nrow, GLP_UP, 0.0, (double)(p - (n_req - n_req_in)));
    for (int q = 1; q <= ny; q++)
        e++, ia[e] = nrow, ja[e] = q, ar[e] = 1.0;
    glp_load_matrix(lp, e, ia, ja, ar);
    if (ipt) {
        /* the LP relaxation by interior point; its demand duals as multipliers */
        glp_iptcp ic;
        glp_init_iptcp(&ic);
        ic.msg_lev = GLP_MSG_OFF;
        int term = glp_term_out(GLP_OFF);
        glp_scale_prob(lp, GLP_SF_AUTO);
        int ret = glp_interior(lp, &ic);
        glp_term_out(term);
        if (ret != 0 || glp_ipt_status(lp) != GLP_OPT)
            goto done;
        double *lam0 = sp_calloc_n((size_t)ndr + 1, sizeof *lam0);
        if (!lam0) {
            st = sp_error(SP_E_NOMEM, "siting: out of memory");
            goto done;
        }
        for (int r = 1; r <= ndr; r++)
            lam0[r] = glp_ipt_row_dual(lp, r);
        double b2;
        st = lagr_bound(X, p, SP_CAP_LAGR_ITERS_LIGHT, lam0, site_list, nsite, pfirst, pcount,
                        pdem, drow, ndr, deadline, sites, n, &cur, &b2);
        free(lam0);
        if (st != SP_OK)
            goto done;
        out->obj = cur;
        if (isfinite(b2) && (isnan(out->bound) || b2 < out->bound))
            out->bound = b2;
        if (!isnan(out->bound) && out->bound < cur)
            out->bound = cur;
        if (!isnan(out->bound) && out->bound <= cur + tol) {
            out->proven = 1;
            out->bound = cur;
        }
        goto done;
    }

    /* the incumbent: its sites and its optimal assignment */
    for (int32_t t = 0; t < *n; t++)
        if (ycol[sites[t]])
            x[ycol[sites[t]]] = 1;
    double inc = 0;
    for (int32_t j = 0; j < nd; j++)
        for (int64_t f = asg->pt_first[j]; f < asg->pt_first[j + 1]; f++) {
            int32_t i = asg->pair_site[f];
            if (!is_site[i])
                continue;
            int64_t lo = pfirst[i], hi = pfirst[i] + pcount[i];
            while (lo < hi) {
                int64_t mid = lo + (hi - lo) / 2;
                if (pdem[mid] < j)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < pfirst[i] + pcount[i] && pdem[lo] == j) {
                x[ny + lo + 1] = asg->pair_flow[f];
                inc += asg->pair_flow[f];
            }
        }
    sp__cb_info ci = {.x = x, .maximize = 1, .cst = 0, .bound = INFINITY,
                      .stop_at = stop_at, .stop_below = stop_below,
                      .integral = X->integral, .inc = inc};
    int status;
    int term = glp_term_out(GLP_OFF);
    st = sp__run_glpk(lp, &ci, deadline, &status);
    glp_term_out(term);
    if (st != SP_OK)
        goto done;
    out->ran = status != 0 || isfinite(ci.bound);
    if (status == 1 || status == 2) {
        int32_t ns = 0;
        for (int32_t u = 0; u < P->n_usable; u++) {
            int32_t i = P->usable[u];
            if ((ycol[i] && glp_mip_col_val(lp, ycol[i]) > 0.5) ||
                (!ycol[i] && (P->flags[i] & SP_SITE_REQUIRED)))
                sol[ns++] = i;
        }
        if (ns <= p && (st = adopt(X, sol, ns, sites, n, &cur)) != SP_OK)
            goto done;
    }
    out->obj = cur;
    if (status == 2 || status == 3) {
        out->proven = 1;
        out->bound = cur;
    } else if (isfinite(ci.bound)) {
        double b = X->integral ? floor(ci.bound + 1e-6) : ci.bound;
        b = b < cur ? cur : b;
        out->bound = isnan(out->bound) || b < out->bound ? b : out->bound;
    }
    if (!isnan(out->bound) && out->bound < cur)
        out->bound = cur;
    if (!isnan(out->bound) && out->bound <= cur + tol)
        out->proven = 1;
done:
    if (lp)
        glp_delete_prob(lp);
    sp_capassign_free(asg);
    free(ycol);
    free(crow);
    free(pfirst);
    free(pcount);
    free(drow);
    free(ycand);
    free(sol);
    free(is_site);
    free(site_list);
    free(pdem);
    free(x);
    free(ia);
    free(ja);
    free(ar);
    return st;
}
