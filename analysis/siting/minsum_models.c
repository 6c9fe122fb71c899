/* minsum_models.c — the min-sum and min-max models: pmedian (heuristics,
 * then one GLPK MIP) and pcenter (heuristics, then a bisection over the
 * distinct costs, each step a covering feasibility MIP).  See
 * siting_internal.h. */
#include "siting_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int all_reached(const sp__sprob *P, const sp__mobj *o)
{
    double need = sp__counted_weight(P);
    return o->reached >= need - 1e-9 * fmax(1.0, need);
}

/* pmedian / pcenter heuristics at budget k: out gets the sites' count,
 * method and objective (INFINITY unless every counted demand is reached),
 * no bound; *obj the full objective. */
static void min_heuristic(const sp__sprob *P, int32_t k, const int32_t *warm,
                          int32_t n_warm, int32_t *sites, ksol *out, sp__mobj *obj)
{
    int32_t *n = &out->n;
    int32_t *alt = sp_malloc_n((size_t)P->nc + 1, sizeof *alt);
    int32_t nreq = 0;
    for (int32_t u = 0; u < P->n_usable; u++)
        if (P->flags[P->usable[u]] & SP_SITE_REQUIRED)
            sites[nreq++] = P->usable[u];
    if (P->heuristics == 0) {
        for (int32_t u = 0; u < P->n_usable && nreq < k; u++)
            if (!(P->flags[P->usable[u]] & SP_SITE_REQUIRED))
                sites[nreq++] = P->usable[u];
        sp__sort_i32(sites, (size_t)nreq);
        n_warm = 0;
    }
    *n = sp__min_greedy(P, k, sites, nreq);
    sp__mobj o = sp__min_eval(P, sites, *n);
    if (alt && n_warm > 0) {
        memcpy(alt, warm, (size_t)n_warm * sizeof *alt);
        int32_t na = sp__min_greedy(P, k, alt, n_warm);
        sp__mobj oa = sp__min_eval(P, alt, na);
        if (sp__mobj_better(&oa, &o)) {
            memcpy(sites, alt, (size_t)na * sizeof *alt);
            *n = na;
            o = oa;
        }
    }
    free(alt);
    out->method = "greedy";
    if (P->heuristics >= 2)
        sp__min_swap(P, sites, *n);
    sp__mobj ol = sp__min_eval(P, sites, *n);
    if (sp__mobj_better(&ol, &o))
        out->method = "local-search";
    *obj = ol;
    out->obj = all_reached(P, &ol) ? ol.primary : INFINITY;
    out->bound = NAN;
    out->optimal = 0;
}

/* The exact step of pmedian at budget k, from the heuristic solution in
 * sites and out. */
static sp_status pmedian_exact(const sp__sprob *P, const sp__lagr *lg, int32_t k,
                               int32_t *sites, const sp__mobj *heur, ksol *out)
{
    (void)heur;
    /* the Lagrangian bound first: it may prove the heuristic set optimal
     * (or find a better one) before the MIP is built */
    sp__lagr_out lo;
    double ub = out->obj;
    sp_status st = sp__lagr_bound(lg, P, k, sites, &out->n, &ub, &lo);
    if (st != SP_OK)
        return st;
    if (lo.improved) {
        out->obj = ub;
        out->method = "lagrangian";
    }
    double tol = 1e-9 * fmax(1.0, fabs(out->obj));
    if (isfinite(lo.bound))
        out->bound = lo.bound;
    if (isfinite(out->obj) && isfinite(lo.bound) && lo.bound >= out->obj - tol) {
        out->bound = out->obj;
        out->optimal = 1;
        return SP_OK;
    }
    sp__mip_out mo;
    st = sp__pmedian_mip(P, k, sites, out->n, &mo);
    if (st != SP_OK)
        return st;
    if (!mo.ran)
        return SP_OK;
    if (mo.obj < out->obj - 1e-9 * fmax(1.0, fabs(mo.obj)))
        out->method = "mip";
    out->obj = mo.obj;
    out->optimal = mo.proven;
    if (!isnan(mo.bound) && !(mo.bound < out->bound))
        out->bound = mo.bound;
    if (isfinite(out->obj) && out->bound >= out->obj - tol) {
        out->bound = out->obj;
        out->optimal = 1;
    }
    return SP_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The exact step of pcenter at budget k, from the heuristic solution in
 * sites and out (objective *heur): a bisection over the distinct costs,
 * each step "can k sites reach every counted demand within r?" as a
 * covering MIP that stops as soon as it is decided. */
static sp_status pcenter_exact(const sp__sprob *P, const sp__lagr *lg, int32_t k,
                               int32_t *sites, const sp__mobj *heur, ksol *out)
{
    (void)lg;

    /* lo: every counted demand needs at least its own cheapest site. */
    double *best = sp_malloc_n((size_t)P->nd, sizeof *best);
    double *unit = sp_malloc_n((size_t)P->nd, sizeof *unit);
    size_t cap = 0;
    for (int32_t i = 0; i < P->nc; i++)
        if (!(P->flags[i] & SP_SITE_EXCLUDED))
            cap += sp_costmatrix_get_row(P->m, i, NULL, NULL);
    double *radii = sp_malloc_n(cap + 1, sizeof *radii);
    int32_t *cols = sp_malloc_n((size_t)P->n_usable + 1, sizeof *cols);
    int32_t *wcols = sp_malloc_n((size_t)P->n_usable + 1, sizeof *wcols);
    int32_t *found = sp_malloc_n((size_t)P->nc + 1, sizeof *found);
    sp_status st = SP_OK;
    sp__cov c;
    memset(&c, 0, sizeof c);
    if (!best || !unit || !radii || !cols || !wcols || !found) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    for (int32_t j = 0; j < P->nd; j++) {
        best[j] = P->fixed_cost[j];
        unit[j] = P->counted[j] ? 1 : 0;
    }
    size_t nr = 0;
    for (int32_t i = 0; i < P->nc; i++) {
        if (P->flags[i] & SP_SITE_EXCLUDED)
            continue;
        const int32_t *dj;
        const float *cj;
        size_t len = sp_costmatrix_get_row(P->m, i, &dj, &cj);
        for (size_t t = 0; t < len; t++) {
            if (!P->counted[dj[t]])
                continue;
            radii[nr++] = cj[t];
            if ((double)cj[t] < best[dj[t]])
                best[dj[t]] = cj[t];
        }
    }
    double lo = 0;
    for (int32_t j = 0; j < P->nd; j++)
        if (P->counted[j] && best[j] > lo)
            lo = best[j];
    qsort(radii, nr, sizeof *radii, cmp_double);
    size_t u = 0;
    for (size_t t = 0; t < nr; t++)
        if (radii[t] >= lo && (u == 0 || radii[t] != radii[u - 1]))
            radii[u++] = radii[t];
    nr = u;
    if (nr == 0) { /* nothing counted: objective 0 */
        out->bound = out->obj;
        out->optimal = 1;
        goto done;
    }
    /* a: lowest index not proven infeasible; b: lowest index known
     * feasible (nr = none). */
    size_t a = 0, b = nr;
    if (isfinite(out->obj)) {
        while (b > 0 && radii[b - 1] >= out->obj)
            b--;
        /* radii[b] is the first >= obj; obj is one of the costs */
        if (b == nr)
            b = nr - 1;
    }
    int decided = 1, improved = 0;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        double r = radii[mid];
        sp__cov_free(&c);
        if ((st = sp__cov_build(P, r, unit, &c)) != SP_OK)
            goto done;
        double need = c.total;
        int32_t n_w = 0;
        if (isfinite(out->obj) || improved) {
            sp__sites_to_cols(P, improved ? found : sites, out->n, wcols);
            n_w = out->n;
        }
        int32_t nc;
        ksol ks;
        if ((st = sp__cov_solve_k(P, &c, NULL, P->deadline, k, wcols, n_w, 1,
                              need, need, cols, &nc, &ks)) != SP_OK)
            goto done;
        if (ks.obj >= need - 0.5) {
            b = mid;
            sp__cols_to_sites(&c, cols, nc, found);
            improved = 1;
        } else if (!isnan(ks.bound) && ks.bound < need - 0.5) {
            a = mid + 1;
        } else {
            decided = 0; /* out of time */
            break;
        }
    }
    if (improved) {
        sp__min_swap(P, found, out->n);
        sp__mobj of = sp__min_eval(P, found, out->n);
        if (!isfinite(out->obj) || sp__mobj_better(&of, heur)) {
            memcpy(sites, found, (size_t)out->n * sizeof *sites);
            out->obj = of.primary;
            out->method = "mip";
        }
    }
    if (a < nr) {
        out->bound = radii[a];
        if (out->bound > out->obj)
            out->bound = out->obj;
    } else {
        out->bound = INFINITY; /* proven infeasible */
    }
    out->optimal = decided && (a == b || a >= nr);
done:
    sp__cov_free(&c);
    free(best);
    free(unit);
    free(radii);
    free(cols);
    free(wcols);
    free(found);
    return st;
}

/* The exact step of one budget of pmedian or pcenter. */
typedef sp_status (*min_exact_fn)(const sp__sprob *P, const sp__lagr *lg, int32_t k,
                                  int32_t *sites,
                                  const sp__mobj *heur, ksol *out);

/* pmedian and pcenter: budgets k0 .. p, each warm-started by the last.
 * lagrangian: prepare the Lagrangian bound (pmedian) for the exact step. */
static sp_status solve_min(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res,
                           int32_t *sites, ksol *fin, min_exact_fn exact, int lagrangian)
{
    int32_t *prev = sp_malloc_n((size_t)P->nc + 1, sizeof *prev);
    res->curve = sp_calloc_n((size_t)o->p + 1, sizeof *res->curve);
    if (!prev || !res->curve) {
        free(prev);
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    }
    int32_t n_prev = 0;
    int32_t k0 = o->curve ? P->n_required : o->p;
    sp__lagr *lg = NULL;
    sp_status st = lagrangian && o->use_mip ? sp__lagr_new(P, &lg) : SP_OK;
    for (int32_t k = k0; st == SP_OK && k <= o->p; k++) {
        ksol ks;
        memset(&ks, 0, sizeof ks);
        sp__mobj heur;
        min_heuristic(P, k, prev, n_prev, sites, &ks, &heur);
        if (k == P->n_required) {
            /* no choice: the required sites are the only set (with none,
             * only the fixed sites are open), so it is optimal as it is */
            ks.optimal = 1;
            ks.bound = ks.obj;
        } else if (o->use_mip) {
            st = exact(P, lg, k, sites, &heur, &ks);
        }
        if (st != SP_OK)
            break;
        ks.covered = sp__min_covered(P, sites, ks.n, o->radius);
        if (o->curve)
            sp__set_point(&res->curve[res->n_curve++], k, &ks);
        memcpy(prev, sites, (size_t)ks.n * sizeof *sites);
        n_prev = ks.n;
        *fin = ks;
    }
    sp__lagr_free(lg);
    free(prev);
    if (st == SP_OK && !isfinite(fin->obj)) {
        double need = sp__counted_weight(P);
        st = sp_error(SP_E_INPUT,
                      "siting: %s: %s %d new sites that reach every reachable "
                      "demand (weight %g); raise the budget",
                      sp_siting_model_name(P->model),
                      fin->optimal ? "there are no" : "found no", (int)o->p,
                      need);
    }
    return st;
}

sp_status sp__solve_pmedian(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res,
                            int32_t *sites, ksol *fin)
{
    return solve_min(P, o, res, sites, fin, pmedian_exact, 1);
}

sp_status sp__solve_pcenter(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res,
                            int32_t *sites, ksol *fin)
{
    return solve_min(P, o, res, sites, fin, pcenter_exact, 0);
}
