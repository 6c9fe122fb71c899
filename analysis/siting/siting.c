/* siting.c — the siting pipeline: checks, per-budget solves (heuristics,
 * then the exact step), ranking and summaries.  See siting.h. */
#include "siting.h"

#include <glpk.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "siting_internal.h"

void sp_siting_opts_default(sp_siting_opts *o)
{
    memset(o, 0, sizeof *o);
    o->model = SP_SITING_MCLP;
    o->p = 1;
    o->radius = INFINITY;
    o->target_percent = 100;
    o->curve = 1;
    o->use_mip = 1;
    o->heuristics = 2;
}

void sp_siting_result_free(sp_siting_result *r)
{
    if (!r)
        return;
    if (r->ranks)
        for (int32_t k = 0; k < r->n_sites; k++)
            free(r->ranks[k].new_demand);
    free(r->ranks);
    free(r->curve);
    free(r);
}

/* --- problem setup ---------------------------------------------------------- */

static void prob_free(sp__sprob *P)
{
    free(P->usable);
    free(P->fixed);
    free(P->counted);
    free(P->fixed_cost);
    free((void *)P->flags);
}

static int is_min_model(sp_siting_model m)
{
    return m == SP_SITING_PMEDIAN || m == SP_SITING_PCENTER;
}

static sp_status prob_init(sp__sprob *P, const sp_costmatrix *m,
                           const sp_siting_opts *o, double t0)
{
    memset(P, 0, sizeof *P);
    P->m = m;
    P->model = o->model;
    P->nc = sp_costmatrix_n_candidates(m);
    P->nd = sp_costmatrix_n_demands(m);
    P->w = sp_costmatrix_get_weights(m);
    uint8_t *flags = sp_calloc_n((size_t)P->nc, 1);
    P->flags = flags;
    P->usable = sp_malloc_n((size_t)P->nc, sizeof *P->usable);
    P->fixed = sp_malloc_n((size_t)P->nc, sizeof *P->fixed);
    P->counted = sp_calloc_n((size_t)P->nd, 1);
    P->fixed_cost = sp_malloc_n((size_t)P->nd, sizeof *P->fixed_cost);
    if (!flags || !P->usable || !P->fixed || !P->counted || !P->fixed_cost)
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    if (o->time_limit_s > 0)
        P->deadline = t0 + o->time_limit_s;
    P->heuristics = o->heuristics;
    for (int32_t i = 0; i < P->nc; i++) {
        uint8_t f = o->flags ? o->flags[i] : 0;
        const char *id = sp_costmatrix_get_candidate_id(m, i);
        if (f & ~(SP_SITE_FIXED | SP_SITE_REQUIRED | SP_SITE_EXCLUDED))
            return sp_error(SP_E_INPUT, "siting: candidate '%s': unknown flag "
                                        "bits 0x%x", id, (unsigned)f);
        if ((f & SP_SITE_REQUIRED) && (f & SP_SITE_EXCLUDED))
            return sp_error(SP_E_INPUT, "siting: candidate '%s' is both "
                                        "required and excluded", id);
        if ((f & SP_SITE_FIXED) && (f & (SP_SITE_REQUIRED | SP_SITE_EXCLUDED)))
            return sp_error(SP_E_INPUT,
                            "siting: candidate '%s' is fixed (an existing "
                            "site) and also %s", id,
                            (f & SP_SITE_REQUIRED) ? "required" : "excluded");
        flags[i] = f;
        if (f & SP_SITE_FIXED)
            P->fixed[P->n_fixed++] = i;
        else if (!(f & SP_SITE_EXCLUDED))
            P->usable[P->n_usable++] = i;
        if (f & SP_SITE_REQUIRED)
            P->n_required++;
    }
    /* Cheapest fixed site of every demand, and which demand can be reached
     * at all by a site that may be open. */
    for (int32_t j = 0; j < P->nd; j++)
        P->fixed_cost[j] = INFINITY;
    for (int32_t k = 0; k < P->n_fixed; k++) {
        const int32_t *dj;
        const float *cj;
        size_t len = sp_costmatrix_get_row(m, P->fixed[k], &dj, &cj);
        for (size_t t = 0; t < len; t++)
            if ((double)cj[t] < P->fixed_cost[dj[t]])
                P->fixed_cost[dj[t]] = cj[t];
    }
    int any_reach = 0;
    for (int32_t k = 0; k < P->n_usable; k++) {
        const int32_t *dj;
        size_t len = sp_costmatrix_get_row(m, P->usable[k], &dj, NULL);
        for (size_t t = 0; t < len; t++) {
            P->counted[dj[t]] = 1;
            any_reach |= P->w[dj[t]] > 0;
        }
    }
    for (int32_t j = 0; j < P->nd; j++)
        P->counted[j] = (P->counted[j] || isfinite(P->fixed_cost[j])) &&
                        P->w[j] > 0;
    return any_reach ? SP_OK
                     : sp_error(SP_E_INPUT,
                                "siting: no usable candidate reaches any "
                                "demand with weight > 0 (%d candidates: %d "
                                "fixed, %d excluded)",
                                (int)P->nc, (int)P->n_fixed,
                                (int)(P->nc - P->n_fixed - P->n_usable));
}

static sp_status check_opts(const sp__sprob *P, const sp_siting_opts *o)
{
    const char *name = sp_siting_model_name(o->model);
    if (o->model < SP_SITING_MCLP || o->model > SP_SITING_PCENTER)
        return sp_error(SP_E_INPUT, "siting: unknown model %d", (int)o->model);
    if (!is_min_model(o->model) && (isnan(o->radius) || o->radius < 0))
        return sp_error(SP_E_INPUT, "siting: %s: radius %g must be >= 0", name,
                        o->radius);
    if (o->model == SP_SITING_TARGET &&
        !(o->target_percent > 0 && o->target_percent <= 100))
        return sp_error(SP_E_INPUT,
                        "siting: target: target percent %g must be in "
                        "(0, 100]", o->target_percent);
    if (o->p < 0 && o->model != SP_SITING_TARGET)
        return sp_error(SP_E_INPUT, "siting: %s: budget p = %d must be >= 0",
                        name, (int)o->p);
    if (o->p > P->n_usable)
        return sp_error(SP_E_INPUT,
                        "siting: %s: budget p = %d is larger than the %d "
                        "usable candidates (%d in the matrix, %d fixed, %d "
                        "excluded)",
                        name, (int)o->p, (int)P->n_usable, (int)P->nc,
                        (int)P->n_fixed,
                        (int)(P->nc - P->n_fixed - P->n_usable));
    if (o->p >= 0 && o->p < P->n_required)
        return sp_error(SP_E_INPUT,
                        "siting: %s: budget p = %d is below the %d required "
                        "candidates", name, (int)o->p, (int)P->n_required);
    return SP_OK;
}

/* --- per-budget solves -------------------------------------------------------- */

/* Solution of one budget. */
typedef struct {
    int32_t *sites;     /* candidate indices (sorted), p of them */
    int32_t n;
    double obj;         /* model objective (INFINITY: none feasible) */
    double bound;       /* NAN: unknown */
    int optimal;
    const char *method;
    double covered;     /* coverage models: covered weight */
} ksol;

static int better_cov(double a, double b, const sp__cov *c)
{
    return a > b + 1e-9 * fmax(1.0, c->total);
}

/* Covering at budget k: fresh greedy vs the warm start grown by greedy,
 * then swaps, then the MIP.  cols (capacity n_col) receives the columns. */
static sp_status cov_solve_k(const sp__sprob *P, const sp__cov *c,
                             sp__covcache *cache, double deadline, int32_t k,
                             const int32_t *warm, int32_t n_warm, int use_mip,
                             double stop_at, double stop_below, int32_t *cols,
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

static void cols_to_sites(const sp__cov *c, const int32_t *cols, int32_t n,
                          int32_t *sites)
{
    for (int32_t t = 0; t < n; t++)
        sites[t] = c->col_cand[cols[t]];
    sp__sort_i32(sites, (size_t)n);
}

static void sites_to_cols(const sp__sprob *P, const int32_t *sites, int32_t n,
                          int32_t *cols)
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

/* pmedian / pcenter heuristics at budget k. */
static void min_heuristic(const sp__sprob *P, int32_t k, const int32_t *warm,
                          int32_t n_warm, int32_t *sites, int32_t *n,
                          sp__mobj *obj, const char **method)
{
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
    *method = "greedy";
    if (P->heuristics >= 2)
        sp__min_swap(P, sites, *n);
    sp__mobj ol = sp__min_eval(P, sites, *n);
    if (sp__mobj_better(&ol, &o))
        *method = "local-search";
    *obj = ol;
}

static double counted_weight(const sp__sprob *P)
{
    double s = 0;
    for (int32_t j = 0; j < P->nd; j++)
        if (P->counted[j])
            s += P->w[j];
    return s;
}

static int all_reached(const sp__sprob *P, const sp__mobj *o)
{
    double need = counted_weight(P);
    return o->reached >= need - 1e-9 * fmax(1.0, need);
}

static sp_status pmedian_solve_k(const sp__sprob *P, int32_t k,
                                 const int32_t *warm, int32_t n_warm,
                                 int use_mip, int32_t *sites, ksol *out)
{
    sp__mobj o;
    min_heuristic(P, k, warm, n_warm, sites, &out->n, &o, &out->method);
    out->obj = all_reached(P, &o) ? o.primary : INFINITY;
    out->bound = NAN;
    out->optimal = 0;
    if (!use_mip)
        return SP_OK;
    sp__mip_out mo;
    sp_status st = sp__pmedian_mip(P, k, sites, out->n, &mo);
    if (st != SP_OK)
        return st;
    if (!mo.ran)
        return SP_OK;
    if (mo.obj < out->obj - 1e-9 * fmax(1.0, fabs(mo.obj)))
        out->method = "mip";
    out->obj = mo.obj;
    out->bound = mo.bound;
    out->optimal = mo.proven;
    return SP_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* pcenter at budget k: heuristics, then bisection over the distinct costs,
 * each step "can k sites reach every counted demand within r?" as a covering
 * MIP that stops as soon as it is decided. */
static sp_status pcenter_solve_k(const sp__sprob *P, int32_t k,
                                 const int32_t *warm, int32_t n_warm,
                                 int use_mip, int32_t *sites, ksol *out)
{
    sp__mobj o;
    min_heuristic(P, k, warm, n_warm, sites, &out->n, &o, &out->method);
    out->obj = all_reached(P, &o) ? o.primary : INFINITY;
    out->bound = NAN;
    out->optimal = 0;
    if (!use_mip)
        return SP_OK;

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
            sites_to_cols(P, improved ? found : sites, out->n, wcols);
            n_w = out->n;
        }
        int32_t nc;
        ksol ks;
        if ((st = cov_solve_k(P, &c, NULL, P->deadline, k, wcols, n_w, 1,
                              need, need, cols, &nc, &ks)) != SP_OK)
            goto done;
        if (ks.obj >= need - 0.5) {
            b = mid;
            cols_to_sites(&c, cols, nc, found);
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
        if (!isfinite(out->obj) || sp__mobj_better(&of, &o)) {
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

/* --- ranking and summaries ---------------------------------------------------- */

/* Cheapest cost from the fixed sites, or +inf; for coverage models a demand
 * is covered iff this is <= radius. */
typedef struct {
    const sp__sprob *P;
    double radius;   /* coverage radius (INFINITY for min models) */
    int min_model;
    double *d;       /* current cheapest open cost per demand */
    double *nd_tmp;  /* scratch */
} ranker;

typedef struct {
    double covered;  /* covered weight, all demand */
    sp__mobj mo;     /* min models */
} rscore;

/* A demand is covered when it is reached at a cost <= radius (radius is
 * INFINITY for pmedian/pcenter: then "covered" means "reached"). */
static int covers(double cost, double radius)
{
    return isfinite(cost) && cost <= radius;
}

/* Score of opening i on top of R->d (does not modify d). */
static rscore rank_score(const ranker *R, int32_t i, double base_cov)
{
    const sp__sprob *P = R->P;
    const int32_t *dj;
    const float *cj;
    size_t len = sp_costmatrix_get_row(P->m, i, &dj, &cj);
    rscore s;
    memset(&s, 0, sizeof s);
    double add = 0;
    for (size_t t = 0; t < len; t++) {
        int32_t j = dj[t];
        if (covers(cj[t], R->radius) && !covers(R->d[j], R->radius))
            add += P->w[j];
    }
    s.covered = base_cov + add;
    if (R->min_model) {
        memcpy(R->nd_tmp, R->d, (size_t)P->nd * sizeof *R->d);
        for (size_t t = 0; t < len; t++)
            if ((double)cj[t] < R->nd_tmp[dj[t]])
                R->nd_tmp[dj[t]] = cj[t];
        double sum = 0, mx = 0, reached = 0;
        for (int32_t j = 0; j < P->nd; j++) {
            double e = R->nd_tmp[j];
            if (!P->counted[j] || isinf(e))
                continue;
            reached += P->w[j];
            sum += P->w[j] * e;
            if (e > mx)
                mx = e;
        }
        s.mo.reached = reached;
        s.mo.primary = P->model == SP_SITING_PCENTER ? mx : sum;
        s.mo.secondary = P->model == SP_SITING_PCENTER ? sum : 0;
    }
    return s;
}

static int rscore_better(const ranker *R, const rscore *a, const rscore *b)
{
    if (R->min_model)
        return sp__mobj_better(&a->mo, &b->mo);
    return a->covered > b->covered + 1e-9 * fmax(1.0, fabs(b->covered));
}

static double rscore_objective(const ranker *R, const rscore *s)
{
    return R->min_model ? s->mo.primary : s->covered;
}

static sp_status rank_sites(const sp__sprob *P, double radius,
                            const int32_t *sites, int32_t n,
                            sp_siting_result *res)
{
    ranker R = {P, radius, is_min_model(P->model), NULL, NULL};
    R.d = sp_malloc_n((size_t)P->nd, sizeof *R.d);
    R.nd_tmp = sp_malloc_n((size_t)P->nd, sizeof *R.nd_tmp);
    uint8_t *in_set = sp_calloc_n((size_t)P->nc, 1);
    uint8_t *ranked = sp_calloc_n((size_t)P->nc, 1);
    res->ranks = sp_calloc_n((size_t)n, sizeof *res->ranks);
    sp_status st = SP_OK;
    if (!R.d || !R.nd_tmp || !in_set || !ranked || !res->ranks) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    res->n_sites = n;
    double total = res->total_weight;
    memcpy(R.d, P->fixed_cost, (size_t)P->nd * sizeof *R.d);
    double cov = 0;
    for (int32_t j = 0; j < P->nd; j++)
        if (covers(R.d[j], radius))
            cov += P->w[j];
    res->fixed_weight = cov;
    for (int32_t t = 0; t < n; t++)
        in_set[sites[t]] = 1;
    for (int32_t step = 0; step < n; step++) {
        int32_t bi = -1, ri = -1;
        rscore bs, rs;
        memset(&bs, 0, sizeof bs);
        memset(&rs, 0, sizeof rs);
        for (int32_t t = 0; t < n; t++) {
            int32_t i = sites[t];
            if (ranked[i])
                continue;
            rscore s = rank_score(&R, i, cov);
            if (bi < 0 || rscore_better(&R, &s, &bs) ||
                (!rscore_better(&R, &bs, &s) && i < bi)) {
                bi = i;
                bs = s;
            }
        }
        for (int32_t u = 0; u < P->n_usable; u++) {
            int32_t i = P->usable[u];
            if (in_set[i])
                continue;
            rscore s = rank_score(&R, i, cov);
            if (ri < 0 || rscore_better(&R, &s, &rs)) {
                ri = i;
                rs = s;
            }
        }
        sp_siting_rank *rk = &res->ranks[step];
        rk->site = bi;
        rk->runner_up = ri;
        if (ri >= 0) {
            rk->runner_up_added_weight = rs.covered - cov;
            rk->runner_up_objective = rscore_objective(&R, &rs);
        }
        rk->added_weight = bs.covered - cov;
        rk->objective = rscore_objective(&R, &bs);
        /* Apply: list the newly covered demand. */
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
            if (covers(cj[t], radius) && !covers(R.d[j], radius))
                rk->new_demand[rk->n_new++] = j;
            if ((double)cj[t] < R.d[j])
                R.d[j] = cj[t];
        }
        cov = bs.covered;
        rk->cum_weight = cov;
        rk->cum_percent = total > 0 ? 100.0 * cov / total : 0;
        ranked[bi] = 1;
    }
    /* Summary of the final state. */
    res->covered_weight = 0;
    res->n_covered = 0;
    for (int32_t j = 0; j < P->nd; j++)
        if (covers(R.d[j], radius)) {
            res->covered_weight += P->w[j];
            res->n_covered++;
        }
    res->covered_percent = total > 0 ? 100.0 * res->covered_weight / total : 0;
done:
    free(R.d);
    free(R.nd_tmp);
    free(in_set);
    free(ranked);
    return st;
}

/* --- the pipeline -------------------------------------------------------------- */

static void set_point(sp_siting_point *pt, int32_t k, const ksol *s)
{
    pt->p = k;
    pt->objective = s->obj;
    pt->bound = s->bound;
    pt->optimal = s->optimal;
    pt->covered_weight = s->covered;
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
        sp_status st = cov_solve_k(ch->P, c, cache, deadline, k, prev, n_prev,
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
            set_point(&res->curve[res->n_curve++], k, &ks[k - k0]);
        *fin = ks[nb - 1];
        cols_to_sites(c, sol + (size_t)(nb - 1) * (size_t)(o->p + 1),
                      nsol[nb - 1], sites);
    }
    free(ks);
    free(sol);
    free(nsol);
    return st;
}

/* mclp and target. */
static sp_status solve_cover(const sp__sprob *P, const sp_siting_opts *o,
                             sp_siting_result *res, int32_t *sites, ksol *fin)
{
    sp__cov c;
    sp_status st = sp__cov_build(P, o->radius, NULL, &c);
    if (st != SP_OK)
        return st;
    int32_t *cols = sp_malloc_n((size_t)c.n_col + 1, sizeof *cols);
    int32_t *prev = sp_malloc_n((size_t)c.n_col + 1, sizeof *prev);
    sp__covcache *cache = sp__covcache_new();
    int32_t kmax = o->p;
    if (o->model == SP_SITING_TARGET && kmax < 0)
        kmax = P->n_usable;
    res->curve = sp_calloc_n((size_t)kmax + 1, sizeof *res->curve);
    if (!cols || !prev || !cache || !res->curve) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    int32_t n = 0, n_prev = 0;
    if (o->model == SP_SITING_MCLP) {
        st = mclp_budgets(P, o, &c, res, sites, fin);
        goto done;
    }
    /* target: the smallest k whose best coverage reaches the target. */
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
        st = cov_solve_k(P, &c, cache, P->deadline, k, prev, n_prev,
                         o->use_mip, goal, goal, cols,
                         &n, &ks);
        if (st != SP_OK)
            goto done;
        ks.covered = ks.obj;
        if (ks.obj >= goal - tol) {
            /* Best coverage with k sites (no early stop). */
            memcpy(prev, cols, (size_t)n * sizeof *cols);
            st = cov_solve_k(P, &c, cache, P->deadline, k, prev, n, o->use_mip, NAN,
                             NAN, cols, &n,
                             &ks);
            if (st != SP_OK)
                goto done;
            ks.covered = ks.obj;
            found = k;
        } else if (!isnan(ks.bound) && ks.bound < goal - tol && lb == k) {
            lb = k + 1;
        }
        set_point(&res->curve[res->n_curve++], k, &ks);
        memcpy(prev, cols, (size_t)n * sizeof *cols);
        n_prev = n;
        *fin = ks;
        if (found >= 0)
            break;
    }
    res->target_met = found >= 0 && want <= reach + tol;
    fin->covered = fin->obj;
    fin->n = n;
    fin->obj = found >= 0 ? found : n;
    fin->bound = lb <= fin->obj ? lb : fin->obj;
    fin->optimal = found >= 0 && lb == found;
    if (!o->curve)
        res->n_curve = 0;
    cols_to_sites(&c, cols, n, sites);
done:
    free(cols);
    free(prev);
    sp__covcache_free(cache);
    sp__cov_free(&c);
    return st;
}

/* pmedian and pcenter. */
static sp_status solve_min(const sp__sprob *P, const sp_siting_opts *o,
                           sp_siting_result *res, int32_t *sites, ksol *fin)
{
    int32_t *prev = sp_malloc_n((size_t)P->nc + 1, sizeof *prev);
    res->curve = sp_calloc_n((size_t)o->p + 1, sizeof *res->curve);
    if (!prev || !res->curve) {
        free(prev);
        return sp_error(SP_E_NOMEM, "siting: out of memory");
    }
    int32_t n_prev = 0;
    int32_t k0 = o->curve ? P->n_required : o->p;
    sp_status st = SP_OK;
    for (int32_t k = k0; k <= o->p; k++) {
        ksol ks;
        memset(&ks, 0, sizeof ks);
        st = P->model == SP_SITING_PMEDIAN
                 ? pmedian_solve_k(P, k, prev, n_prev, o->use_mip, sites, &ks)
                 : pcenter_solve_k(P, k, prev, n_prev, o->use_mip, sites, &ks);
        if (st != SP_OK)
            break;
        sp__mobj mo = sp__min_eval(P, sites, ks.n);
        ks.covered = mo.reached;
        if (o->curve)
            set_point(&res->curve[res->n_curve++], k, &ks);
        memcpy(prev, sites, (size_t)ks.n * sizeof *sites);
        n_prev = ks.n;
        *fin = ks;
    }
    free(prev);
    if (st == SP_OK && !isfinite(fin->obj)) {
        double need = counted_weight(P);
        st = sp_error(SP_E_INPUT,
                      "siting: %s: %s %d new sites that reach every reachable "
                      "demand (weight %g); raise the budget",
                      sp_siting_model_name(P->model),
                      fin->optimal ? "there are no" : "found no", (int)o->p,
                      need);
    }
    return st;
}

/* Cheap bounds that always hold, for when the exact step did not run or was
 * stopped before it proved one (a time limit): the objective is then still
 * reported with an honest bound and gap.
 *   mclp:    covered <= min(all coverable, fixed + the k best single gains)
 *            (coverage is submodular: a set covers at most the sum of what
 *            its members cover alone);
 *   target:  sites >= the least k whose k best single gains reach the goal;
 *   pmedian: sum >= sum over counted demand of weight x its cheapest
 *            usable or fixed site;
 *   pcenter: max >= the largest cheapest-site cost of a counted demand. */
static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

static void fallback_bounds(const sp__sprob *P, const sp_siting_opts *o,
                            sp_siting_result *res)
{
    if (o->model == SP_SITING_MCLP || o->model == SP_SITING_TARGET) {
        sp__cov c;
        if (sp__cov_build(P, o->radius, NULL, &c) != SP_OK)
            return;
        double *gain = sp_malloc_n((size_t)c.n_col + 1, sizeof *gain);
        double *prefix = sp_malloc_n((size_t)c.n_col + 2, sizeof *prefix);
        if (gain && prefix) {
            for (int32_t q = 0; q < c.n_col; q++) {
                gain[q] = 0;
                for (size_t e = c.ptr[q]; e < c.ptr[q + 1]; e++)
                    gain[q] += c.w[c.row[e]];
            }
            qsort(gain, (size_t)c.n_col, sizeof *gain, cmp_desc);
            prefix[0] = c.base;
            for (int32_t q = 0; q < c.n_col; q++)
                prefix[q + 1] = prefix[q] + gain[q];
            if (o->model == SP_SITING_MCLP) {
                for (int32_t k = 0; k < res->n_curve; k++) {
                    sp_siting_point *pt = &res->curve[k];
                    if (isnan(pt->bound) && pt->p >= 0) {
                        int32_t kk = pt->p < c.n_col ? pt->p : c.n_col;
                        pt->bound = fmin(c.total, prefix[kk]);
                    }
                }
                if (isnan(res->bound)) {
                    int32_t kk = res->p < c.n_col ? res->p : c.n_col;
                    res->bound = fmin(c.total, prefix[kk]);
                }
            } else if (isnan(res->bound) && res->target_met) {
                double goal = res->target_weight;
                int32_t k = 0;
                while (k < c.n_col && prefix[k] < goal - 1e-9 * fmax(1.0, goal))
                    k++;
                res->bound = fmax((double)k, (double)P->n_required);
            }
        }
        free(gain);
        free(prefix);
        sp__cov_free(&c);
        return;
    }
    if (!isnan(res->bound) || !P->counted)
        return;
    /* pmedian / pcenter: each counted demand's cheapest usable or fixed site */
    double *best = sp_malloc_n((size_t)P->nd + 1, sizeof *best);
    if (!best)
        return;
    for (int32_t j = 0; j < P->nd; j++)
        best[j] = P->fixed_cost ? P->fixed_cost[j] : INFINITY;
    for (int32_t i = 0; i < P->nc; i++) {
        if (P->flags[i] & SP_SITE_EXCLUDED)
            continue;
        const int32_t *d;
        const float *cost;
        size_t n = sp_costmatrix_get_row(P->m, i, &d, &cost);
        for (size_t e = 0; e < n; e++)
            if (cost[e] < best[d[e]])
                best[d[e]] = cost[e];
    }
    double b = 0;
    for (int32_t j = 0; j < P->nd; j++) {
        if (!P->counted[j] || !isfinite(best[j]))
            continue;
        if (o->model == SP_SITING_PMEDIAN)
            b += P->w[j] * best[j];
        else if (P->w[j] > 0 && best[j] > b)
            b = best[j];
    }
    free(best);
    res->bound = fmin(b, res->objective);
}

sp_status sp_siting_solve(const sp_costmatrix *m, const sp_siting_opts *o,
                          sp_siting_result **out)
{
    *out = NULL;
    double t0 = sp_now();
    sp__sprob P;
    sp_status st = prob_init(&P, m, o, t0);
    if (st == SP_OK)
        st = check_opts(&P, o);
    sp_siting_result *res = NULL;
    int32_t *sites = NULL;
    if (st != SP_OK)
        goto done;
    res = calloc(1, sizeof *res);
    sites = sp_malloc_n((size_t)P.nc + 1, sizeof *sites);
    if (!res || !sites) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    res->model = o->model;
    res->n_demand = P.nd;
    res->total_weight = sp_costmatrix_total_weight(m);
    res->radius = is_min_model(o->model) ? INFINITY : o->radius;
    ksol fin;
    memset(&fin, 0, sizeof fin);
    if (is_min_model(o->model))
        st = solve_min(&P, o, res, sites, &fin);
    else
        st = solve_cover(&P, o, res, sites, &fin);
    if (st != SP_OK)
        goto done;
    res->p = fin.n;
    res->objective = fin.obj;
    res->bound = fin.bound;
    res->optimal = fin.optimal ||
                   (!isnan(fin.bound) && fin.bound == fin.obj);
    if (res->optimal && isnan(res->bound))
        res->bound = res->objective;
    res->gap = isnan(res->bound)
                   ? NAN
                   : fabs(res->bound - res->objective) /
                         fmax(fabs(res->objective), 1e-9);
    res->method = fin.method ? fin.method : "greedy";
    if ((st = rank_sites(&P, res->radius, sites, fin.n, res)) != SP_OK)
        goto done;
    if (is_min_model(o->model)) {
        for (int32_t j = 0; j < P.nd; j++)
            if (!P.counted[j] && P.w[j] > 0) {
                res->n_unreachable++;
                res->unreachable_weight += P.w[j];
            }
        double reached = counted_weight(&P);
        if (o->model == SP_SITING_PMEDIAN)
            res->mean_cost = reached > 0 ? res->objective / reached : 0;
    }
    if (isnan(res->bound) || res->n_curve > 0) {
        fallback_bounds(&P, o, res);
        if (!isnan(res->bound))
            res->gap = fabs(res->bound - res->objective) / fmax(fabs(res->objective), 1e-9);
    }
    res->seconds = sp_now() - t0;
done:
    free(sites);
    prob_free(&P);
    if (st != SP_OK) {
        sp_siting_result_free(res);
        return st;
    }
    *out = res;
    return SP_OK;
}
