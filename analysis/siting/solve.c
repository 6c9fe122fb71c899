/* solve.c — sp_siting_solve: checks, the model's solve through the one
 * table of models, ranking, bounds and summaries.  See siting.h. */
#include "siting.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "siting_internal.h"

/* The one table of models, indexed by sp_siting_model. */
static const sp__model_ops MODELS[] = {
    [SP_SITING_MCLP] = {.solve = sp__solve_mclp, .bound = sp__bound_mclp},
    [SP_SITING_TARGET] = {.target = 1, .solve = sp__solve_target, .bound = sp__bound_target},
    [SP_SITING_PMEDIAN] = {.min_model = 1, .mean_cost = 1, .solve = sp__solve_pmedian,
                           .bound = sp__bound_minsum},
    [SP_SITING_PCENTER] = {.min_model = 1, .max_objective = 1, .solve = sp__solve_pcenter,
                           .bound = sp__bound_minsum},
};

/* The capacitated forms (siting.h "Capacitated siting"). */
static const sp__model_ops CAP_MODELS[] = {
    [SP_SITING_MCLP] = {.solve = sp__solve_cap_mclp, .bound = sp__bound_cap_mclp},
    [SP_SITING_TARGET] = {.target = 1, .solve = sp__solve_cap_target,
                          .bound = sp__bound_cap_target},
};

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

static sp_status check_opts(const sp__sprob *P, const sp_siting_opts *o)
{
    const char *name = sp_siting_model_name(o->model);
    if (o->model < SP_SITING_MCLP || o->model > SP_SITING_PCENTER)
        return sp_error(SP_E_INPUT, "siting: unknown model %d", (int)o->model);
    const sp__model_ops *ops = &MODELS[o->model];
    if (!ops->min_model && (isnan(o->radius) || o->radius < 0))
        return sp_error(SP_E_INPUT, "siting: %s: radius %g must be >= 0", name,
                        o->radius);
    if (ops->target && !(o->target_percent > 0 && o->target_percent <= 100))
        return sp_error(SP_E_INPUT,
                        "siting: target: target percent %g must be in "
                        "(0, 100]", o->target_percent);
    if (o->p < 0 && !ops->target)
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
    if (o->capacity && o->model != SP_SITING_MCLP && o->model != SP_SITING_TARGET)
        return sp_error(SP_E_INPUT, "siting: %s: capacitated siting supports the models mclp "
                        "and target", name);
    return SP_OK;
}

/* |bound - objective| relative to the objective. */
static double gap_of(const sp_siting_result *r)
{
    return fabs(r->bound - r->objective) / fmax(fabs(r->objective), 1e-9);
}

const char *sp_target_status_name(sp_target_status s)
{
    return s == SP_TARGET_CAPPED ? "capped" : s == SP_TARGET_BEYOND_REACH ? "beyond_reach" : "met";
}

/* mclp: the chosen sites that add no weight (all of them last in rank
 * order: a rank adds the most of what is left) are dropped, required ones
 * kept; the covered weight stays the same. */
static void drop_zero_gain(const sp__sprob *P, sp_siting_result *res)
{
    int32_t k = 0;
    for (int32_t r = 0; r < res->n_sites; r++) {
        sp_siting_rank *rk = &res->ranks[r];
        if (rk->added_weight > 0 || (P->flags[rk->site] & SP_SITE_REQUIRED)) {
            res->ranks[k++] = *rk;
        } else {
            free(rk->new_demand);
        }
    }
    res->n_sites = res->p = k;
}

sp_status sp_siting_solve(const sp_costmatrix *m, const sp_siting_opts *o,
                          sp_siting_result **out)
{
    *out = NULL;
    double t0 = sp_now();
    sp__sprob P;
    sp_status st = sp__prob_init(&P, m, o, t0);
    if (st == SP_OK)
        st = check_opts(&P, o);
    sp_siting_result *res = NULL;
    int32_t *sites = NULL;
    if (st != SP_OK)
        goto done;
    P.ops = o->capacity ? &CAP_MODELS[o->model] : &MODELS[o->model];
    if (o->capacity && (st = sp__cap_init(&P, o->capacity, o->radius)) != SP_OK)
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
    res->radius = P.ops->min_model ? INFINITY : o->radius;
    ksol fin;
    memset(&fin, 0, sizeof fin);
    st = P.ops->solve(&P, o, res, sites, &fin);
    if (st != SP_OK)
        goto done;
    res->p = fin.n;
    res->objective = fin.obj;
    res->bound = fin.bound;
    res->optimal = fin.optimal ||
                   (!isnan(fin.bound) && fin.bound == fin.obj);
    if (res->optimal && isnan(res->bound))
        res->bound = res->objective;
    res->gap = isnan(res->bound) ? NAN : gap_of(res);
    res->method = fin.method ? fin.method : "greedy";
    st = P.capx ? sp__cap_rank_sites(&P, sites, fin.n, res)
                : sp__rank_sites(&P, res->radius, sites, fin.n, res);
    if (st != SP_OK)
        goto done;
    res->budget = o->p;
    if (o->model == SP_SITING_MCLP && !o->fill_budget)
        drop_zero_gain(&P, res);
    if (P.ops->min_model) {
        for (int32_t j = 0; j < P.nd; j++)
            if (!P.counted[j] && P.w[j] > 0) {
                res->n_unreachable++;
                res->unreachable_weight += P.w[j];
            }
        double reached = sp__counted_weight(&P);
        if (P.ops->mean_cost)
            res->mean_cost = reached > 0 ? res->objective / reached : 0;
    }
    if (isnan(res->bound) || res->n_curve > 0) {
        P.ops->bound(&P, o, res);
        if (!isnan(res->bound))
            res->gap = gap_of(res);
    }
    res->seconds = sp_now() - t0;
done:
    free(sites);
    sp__prob_free(&P);
    if (st != SP_OK) {
        sp_siting_result_free(res);
        return st;
    }
    *out = res;
    return SP_OK;
}
