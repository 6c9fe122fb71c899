/* pmedian_lagr.c — a lower bound for pmedian by Lagrangian relaxation of
 * the assignment constraints, maximised by subgradient steps.  See
 * siting_internal.h (sp__pmedian_lagrange).
 *
 * The problem (counted demand j, weight w_j; candidates i with cost c_ij
 * where the matrix has the pair; f_j the cheapest fixed site, INFINITY if
 * none; d_ij = w_j c_ij, d_fj = w_j f_j):
 *     min  sum_j (sum_i d_ij x_ij + d_fj x_fj)
 *     s.t. sum_i x_ij + x_fj = 1,  x_ij <= y_i,  sum_i y_i <= p,
 *          required y_i = 1,  x, y binary.
 * Relaxing the first constraint with multipliers lambda_j gives, for any
 * lambda, the lower bound
 *     L(lambda) = sum_j lambda_j + sum_j min(0, d_fj - lambda_j)
 *               + min over S (required sites in S, |S| <= p) of sum_{i in S} rho_i,
 *     rho_i = sum_j min(0, d_ij - lambda_j)  (<= 0),
 * whose inner minimum takes the required sites and then the p - n_required
 * most negative rho_i.  A subgradient is g_j = 1 - [d_fj < lambda_j]
 * - #{i in S: d_ij < lambda_j}; steps t = theta (UB - L) / |g|^2 (Held,
 * Wolfe and Crowder; Beasley's rules for p-median: theta from 2, halved
 * after 20 steps without a better L).  Start: lambda_j = the demand's
 * weighted cost under the incumbent when there is one (else its cheapest
 * d_ij or d_fj, the cheapest-site bound of bounds.c).
 * Each set S that raises the bound is also tried as a solution: when it
 * reaches every counted demand and beats the incumbent it is kept.  Per
 * step only the pairs cheaper than lambda_j count, so each demand keeps its
 * candidates sorted by cost (sp__lagr_new, once per problem).
 */
#include "siting_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LAGR_MAX_STEPS 600
#define LAGR_PATIENCE 30
#define LAGR_MIN_THETA 1e-4

typedef struct {
    double d;  /* w_j c_ij */
    int32_t u; /* index into P->usable */
} lagr_pair;

/* Per counted demand, its usable candidates by ascending weighted cost: a
 * step only visits the pairs cheaper than lambda_j. */
struct sp__lagr {
    size_t *ptr; /* nd + 1 */
    lagr_pair *pair;
};

static int cmp_pair(const void *a, const void *b)
{
    const lagr_pair *x = a, *y = b;
    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    return (x->u > y->u) - (x->u < y->u);
}

void sp__lagr_free(sp__lagr *lg)
{
    if (!lg)
        return;
    free(lg->ptr);
    free(lg->pair);
    free(lg);
}

sp_status sp__lagr_new(const sp__sprob *P, sp__lagr **out)
{
    *out = NULL;
    sp__lagr *lg = calloc(1, sizeof *lg);
    if (!lg || !(lg->ptr = sp_calloc_n((size_t)P->nd + 1, sizeof *lg->ptr))) {
        sp__lagr_free(lg);
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    }
    for (int32_t u = 0; u < P->n_usable; u++) {
        const int32_t *dj;
        size_t len = sp_costmatrix_get_row(P->m, P->usable[u], &dj, NULL);
        for (size_t t = 0; t < len; t++)
            if (P->counted[dj[t]])
                lg->ptr[dj[t] + 1]++;
    }
    for (int32_t j = 0; j < P->nd; j++)
        lg->ptr[j + 1] += lg->ptr[j];
    size_t *fill = sp_malloc_n((size_t)P->nd + 1, sizeof *fill);
    lg->pair = sp_malloc_n(lg->ptr[P->nd] + 1, sizeof *lg->pair);
    if (!fill || !lg->pair) {
        free(fill);
        sp__lagr_free(lg);
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    }
    memcpy(fill, lg->ptr, (size_t)P->nd * sizeof *fill);
    for (int32_t u = 0; u < P->n_usable; u++) {
        const int32_t *dj;
        const float *cj;
        size_t len = sp_costmatrix_get_row(P->m, P->usable[u], &dj, &cj);
        for (size_t t = 0; t < len; t++)
            if (P->counted[dj[t]])
                lg->pair[fill[dj[t]]++] = (lagr_pair){P->w[dj[t]] * (double)cj[t], u};
    }
    free(fill);
    for (int32_t j = 0; j < P->nd; j++)
        qsort(lg->pair + lg->ptr[j], lg->ptr[j + 1] - lg->ptr[j], sizeof *lg->pair, cmp_pair);
    *out = lg;
    return SP_OK;
}

typedef struct {
    int32_t i;
    double rho;
} rho_item;

static int cmp_rho(const void *a, const void *b)
{
    const rho_item *x = a, *y = b;
    if (x->rho != y->rho)
        return x->rho < y->rho ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* The incumbent (or, without one, the cheapest) weighted cost of each
 * counted demand: the start of lambda. */
static void start_lambda(const sp__sprob *P, const sp__lagr *lg, const int32_t *sites,
                         int32_t n, double ub, double *lam)
{
    for (int32_t j = 0; j < P->nd; j++) {
        lam[j] = 0; /* not counted: never in the bound */
        if (!P->counted[j])
            continue;
        double df = P->w[j] * P->fixed_cost[j];
        double dc = lg->ptr[j + 1] > lg->ptr[j] ? lg->pair[lg->ptr[j]].d : INFINITY;
        lam[j] = df < dc ? df : dc;
    }
    if (!isfinite(ub) || n == 0)
        return;
    double *d = sp_malloc_n((size_t)P->nd + 1, sizeof *d);
    if (!d)
        return;
    memcpy(d, P->fixed_cost, (size_t)P->nd * sizeof *d);
    for (int32_t k = 0; k < n; k++) {
        const int32_t *dj;
        const float *cj;
        size_t len = sp_costmatrix_get_row(P->m, sites[k], &dj, &cj);
        for (size_t t = 0; t < len; t++)
            if ((double)cj[t] < d[dj[t]])
                d[dj[t]] = cj[t];
    }
    for (int32_t j = 0; j < P->nd; j++)
        if (P->counted[j] && isfinite(d[j]))
            lam[j] = P->w[j] * d[j];
    free(d);
}

/* S (indices into P->usable) as a solution: filled up to p greedily (more
 * sites never cost more) and kept when it reaches every counted demand at
 * a lower sum than *ub. */
static void try_solution(const sp__sprob *P, int32_t p, const int32_t *S, int32_t ns,
                         int32_t *sites, int32_t *n, double *ub, sp__lagr_out *out)
{
    int32_t *cand = sp_malloc_n((size_t)P->n_usable + 1, sizeof *cand);
    if (!cand)
        return;
    for (int32_t k = 0; k < ns; k++)
        cand[k] = P->usable[S[k]];
    sp__sort_i32(cand, (size_t)ns);
    int32_t nc = sp__min_greedy(P, p, cand, ns);
    sp__mobj o = sp__min_eval(P, cand, nc);
    double need = sp__counted_weight(P);
    if (o.reached >= need - 1e-9 * fmax(1.0, need) &&
        o.primary < *ub - 1e-9 * fmax(1.0, fabs(*ub))) {
        *ub = o.primary;
        memcpy(sites, cand, (size_t)nc * sizeof *cand);
        *n = nc;
        out->improved = 1;
    }
    free(cand);
}

sp_status sp__lagr_bound(const sp__lagr *lg, const sp__sprob *P, int32_t p, int32_t *sites,
                         int32_t *n, double *ub, sp__lagr_out *out)
{
    memset(out, 0, sizeof *out);
    out->bound = -INFINITY;
    int32_t nu = P->n_usable, nd = P->nd;
    double *lam = sp_malloc_n((size_t)nd + 1, sizeof *lam);
    double *g = sp_malloc_n((size_t)nd + 1, sizeof *g);
    double *rsum = sp_malloc_n((size_t)nu + 1, sizeof *rsum);
    rho_item *rho = sp_malloc_n((size_t)nu + 1, sizeof *rho);
    int32_t *S = sp_malloc_n((size_t)nu + 1, sizeof *S);
    uint8_t *inS = sp_calloc_n((size_t)nu + 1, 1);
    if (!lam || !g || !rsum || !rho || !S || !inS) {
        free(lam);
        free(g);
        free(rsum);
        free(rho);
        free(S);
        free(inS);
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    }
    start_lambda(P, lg, sites, *n, *ub, lam);
    int32_t free_slots = p > P->n_required ? p - P->n_required : 0;
    double theta = 2.0;
    int since_better = 0;
    for (int step = 0; step < LAGR_MAX_STEPS; step++) {
        if (P->deadline > 0 && sp_now() > P->deadline)
            break;
        /* L(lambda): the demand terms, then the p best rho */
        double L = 0;
        for (int32_t u = 0; u < nu; u++)
            rsum[u] = 0;
        for (int32_t j = 0; j < nd; j++) {
            if (!P->counted[j])
                continue;
            double df = P->w[j] * P->fixed_cost[j];
            L += lam[j] + (df < lam[j] ? df - lam[j] : 0);
            for (size_t e = lg->ptr[j]; e < lg->ptr[j + 1] && lg->pair[e].d < lam[j]; e++)
                rsum[lg->pair[e].u] += lg->pair[e].d - lam[j];
        }
        int32_t ns = 0;
        for (int32_t u = 0; u < nu; u++) {
            rho[u] = (rho_item){u, rsum[u]};
            if (P->flags[P->usable[u]] & SP_SITE_REQUIRED) {
                S[ns++] = u;
                L += rsum[u];
            }
        }
        qsort(rho, (size_t)nu, sizeof *rho, cmp_rho);
        for (int32_t k = 0, taken = 0; k < nu && taken < free_slots && rho[k].rho < 0; k++) {
            if (P->flags[P->usable[rho[k].i]] & SP_SITE_REQUIRED)
                continue;
            S[ns++] = rho[k].i;
            L += rho[k].rho;
            taken++;
        }
        out->steps = step + 1;
        if (L > out->bound) {
            out->bound = L;
            since_better = 0;
            try_solution(P, p, S, ns, sites, n, ub, out);
        } else if (++since_better >= LAGR_PATIENCE) {
            theta /= 2;
            since_better = 0;
            if (theta < LAGR_MIN_THETA)
                break;
        }
        if (!isfinite(*ub) || out->bound >= *ub - 1e-9 * fmax(1.0, fabs(*ub)))
            break; /* proven (or nothing to measure the step against) */
        /* subgradient g_j = 1 - [d_fj < lambda_j] - #{i in S: d_ij < lambda_j} */
        for (int32_t k = 0; k < ns; k++)
            inS[S[k]] = 1;
        double norm = 0;
        for (int32_t j = 0; j < nd; j++) {
            if (!P->counted[j])
                continue;
            double gj = P->w[j] * P->fixed_cost[j] < lam[j] ? 0 : 1;
            for (size_t e = lg->ptr[j]; e < lg->ptr[j + 1] && lg->pair[e].d < lam[j]; e++)
                gj -= inS[lg->pair[e].u];
            g[j] = gj;
            norm += gj * gj;
        }
        for (int32_t k = 0; k < ns; k++)
            inS[S[k]] = 0;
        if (norm == 0)
            break; /* S assigns every demand once: L is the optimum */
        double t = theta * (*ub - L) / norm;
        for (int32_t j = 0; j < nd; j++)
            if (P->counted[j])
                lam[j] += t * g[j];
    }
    free(lam);
    free(g);
    free(rsum);
    free(rho);
    free(S);
    free(inS);
    if (isfinite(*ub) && out->bound > *ub)
        out->bound = *ub;
    return SP_OK;
}
