/* test_siting_random.c — the siting optimiser on random instances.
 *
 * The core check: on hundreds of small random instances (3-9 candidates,
 * 5-25 demands, sparse random costs and weights, random fixed / required /
 * excluded flags) the exact result of every model equals an exhaustive
 * search over all site subsets, written here independently of the solver.
 * The heuristics alone never beat that optimum; ranks, curves and repeated
 * solves are checked for their invariants, and a result without the exact
 * step still carries a valid bound.  The cost matrix, hand-made instances and
 * the CSV loader are in test_siting_cases.c; shared helpers in
 * siting_fixture.h. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "costmatrix.h"
#include "siting.h"
#include "siting_fixture.h"
#include "siting_internal.h"
#include "status.h"
#include "test.h"

static void inst_random(inst *I)
{
    I->nc = rng_range(3, 9);
    I->nd = rng_range(5, 25);
    double density = 0.25 + 0.75 * rng_unit();
    int fractional = rng_range(0, 3) == 0;
    for (int i = 0; i < I->nc; i++)
        for (int j = 0; j < I->nd; j++)
            I->cost[i][j] = rng_unit() < density
                                ? (double)(float)(fractional ? 100 * rng_unit()
                                                             : rng_range(0, 60))
                                : INFINITY;
    for (int j = 0; j < I->nd; j++)
        I->w[j] = rng_range(0, 5) == 0 ? 0 : fractional ? 10 * rng_unit() : rng_range(1, 20);
    for (int i = 0; i < I->nc; i++) {
        int r = rng_range(0, 19);
        I->flags[i] = r < 3 ? SP_SITE_FIXED
                      : r < 5 ? SP_SITE_REQUIRED
                      : r < 7 ? SP_SITE_EXCLUDED
                              : 0;
    }
    I->m = inst_matrix(I);
}

/* --- exhaustive search (independent of the solver) -------------------------- */

typedef struct {
    int usable[9], n_usable, n_required, n_fixed;
    int counted[25];
    double counted_w;
    int any_reach;
} info;

static void inst_info(const inst *I, info *f)
{
    memset(f, 0, sizeof *f);
    for (int i = 0; i < I->nc; i++) {
        if (I->flags[i] & SP_SITE_FIXED)
            f->n_fixed++;
        else if (!(I->flags[i] & SP_SITE_EXCLUDED))
            f->usable[f->n_usable++] = i;
        if (I->flags[i] & SP_SITE_REQUIRED)
            f->n_required++;
    }
    for (int j = 0; j < I->nd; j++) {
        int reach = 0;
        for (int i = 0; i < I->nc; i++)
            if (!(I->flags[i] & SP_SITE_EXCLUDED) && isfinite(I->cost[i][j])) {
                reach = 1;
                if (!(I->flags[i] & SP_SITE_FIXED) && I->w[j] > 0)
                    f->any_reach = 1;
            }
        f->counted[j] = reach && I->w[j] > 0;
        if (f->counted[j])
            f->counted_w += I->w[j];
    }
}

/* Open = fixed + the usable candidates picked by `mask` over f->usable. */
static void open_set(const inst *I, const info *f, unsigned mask, int *open)
{
    for (int i = 0; i < I->nc; i++)
        open[i] = (I->flags[i] & SP_SITE_FIXED) != 0;
    for (int k = 0; k < f->n_usable; k++)
        if (mask & (1u << k))
            open[f->usable[k]] = 1;
}

static double eval_cover(const inst *I, const int *open, double radius)
{
    double v = 0;
    for (int j = 0; j < I->nd; j++)
        for (int i = 0; i < I->nc; i++)
            if (open[i] && I->cost[i][j] <= radius) {
                v += I->w[j];
                break;
            }
    return v;
}

/* pmedian (sum) or pcenter (max) over counted demand; INFINITY if one is
 * not reached. */
static double eval_min(const inst *I, const info *f, const int *open,
                       int center)
{
    double sum = 0, mx = 0;
    for (int j = 0; j < I->nd; j++) {
        if (!f->counted[j])
            continue;
        double d = INFINITY;
        for (int i = 0; i < I->nc; i++)
            if (open[i] && (double)(float)I->cost[i][j] < d)
                d = (float)I->cost[i][j];
        if (isinf(d))
            return INFINITY;
        sum += I->w[j] * d;
        if (d > mx)
            mx = d;
    }
    return center ? mx : sum;
}

static int popcount(unsigned x) { return __builtin_popcount(x); }

static int mask_ok(const inst *I, const info *f, unsigned mask)
{
    for (int k = 0; k < f->n_usable; k++)
        if ((I->flags[f->usable[k]] & SP_SITE_REQUIRED) && !(mask & (1u << k)))
            return 0;
    return 1;
}

/* Best objective over all subsets of exactly p usable sites. */
static double brute(const inst *I, const info *f, sp_siting_model model,
                    int p, double radius)
{
    int maximize = model == SP_SITING_MCLP;
    double best = maximize ? -INFINITY : INFINITY;
    int open[9];
    for (unsigned mask = 0; mask < (1u << f->n_usable); mask++) {
        if (popcount(mask) != p || !mask_ok(I, f, mask))
            continue;
        open_set(I, f, mask, open);
        double v = model == SP_SITING_MCLP
                       ? eval_cover(I, open, radius)
                       : eval_min(I, f, open, model == SP_SITING_PCENTER);
        if (maximize ? v > best : v < best)
            best = v;
    }
    return best;
}

/* Objective of the sites a result chose. */
static double eval_result(const inst *I, const info *f,
                          const sp_siting_result *r, double radius)
{
    int open[9];
    for (int i = 0; i < I->nc; i++)
        open[i] = (I->flags[i] & SP_SITE_FIXED) != 0;
    for (int k = 0; k < r->n_sites; k++)
        open[r->ranks[k].site] = 1;
    if (r->model == SP_SITING_MCLP || r->model == SP_SITING_TARGET)
        return eval_cover(I, open, radius);
    return eval_min(I, f, open, r->model == SP_SITING_PCENTER);
}

static int close_to(double a, double b)
{
    if (isinf(a) || isinf(b))
        return a == b;
    return fabs(a - b) <= 1e-6 * fmax(1.0, fabs(b));
}

/* Structural checks shared by every solved instance. */
static int check_result(const inst *I, const info *f, const sp_siting_result *r,
                        int p)
{
    if (r->n_sites != p) {
        fprintf(stderr, "n_sites %d != p %d\n", (int)r->n_sites, p);
        return 0;
    }
    int in_set[9] = {0};
    int n_req = 0;
    for (int k = 0; k < r->n_sites; k++) {
        int s = r->ranks[k].site;
        if (s < 0 || s >= I->nc || in_set[s] ||
            (I->flags[s] & (SP_SITE_FIXED | SP_SITE_EXCLUDED))) {
            fprintf(stderr, "bad site %d at rank %d\n", s, k + 1);
            return 0;
        }
        in_set[s] = 1;
        n_req += (I->flags[s] & SP_SITE_REQUIRED) != 0;
    }
    if (n_req != f->n_required) {
        fprintf(stderr, "required sites missing\n");
        return 0;
    }
    int listed[25] = {0};
    for (int k = 0; k < r->n_sites; k++) {
        const sp_siting_rank *rk = &r->ranks[k];
        double add = 0;
        for (int t = 0; t < rk->n_new; t++) {
            int j = rk->new_demand[t];
            if (listed[j] || (t > 0 && j <= rk->new_demand[t - 1])) {
                fprintf(stderr, "demand %d listed twice or unsorted\n", j);
                return 0;
            }
            listed[j] = 1;
            add += I->w[j];
        }
        if (!close_to(add, rk->added_weight)) {
            fprintf(stderr, "rank %d: added %g, listed %g\n", k + 1,
                    rk->added_weight, add);
            return 0;
        }
        double prev = k ? r->ranks[k - 1].cum_weight : r->fixed_weight;
        if (!close_to(rk->cum_weight - prev, rk->added_weight)) {
            fprintf(stderr, "rank %d: cumulative weight does not add up\n",
                    k + 1);
            return 0;
        }
        if (rk->runner_up >= 0 &&
            (in_set[rk->runner_up] ||
             (I->flags[rk->runner_up] & (SP_SITE_FIXED | SP_SITE_EXCLUDED)))) {
            fprintf(stderr, "bad runner-up %d\n", rk->runner_up);
            return 0;
        }
    }
    if (r->n_sites > 0 && !close_to(r->ranks[r->n_sites - 1].cum_weight,
                                    r->covered_weight))
        return 0;
    return 1;
}

/* --- random instances against exhaustive search ----------------------------- */

typedef struct {
    int solved, rejected;
    int heur_gap; /* the heuristics alone fell short of the optimum */
    int by_mip;   /* the final answer came from the MIP */
} tally;


/* One random instance for `model`.  Returns 1 when every check passed. */
static int random_case(sp_siting_model model, int idx, tally *t)
{
    inst I;
    inst_random(&I);
    if (!I.m) {
        fprintf(stderr, "case %d: matrix build failed: %s\n", idx,
                sp_error_message());
        return 0;
    }
    info f;
    inst_info(&I, &f);
    sp_siting_opts o;
    sp_siting_opts_default(&o);
    o.model = model;
    o.flags = I.flags;
    o.radius = rng_range(5, 50) + (rng_range(0, 1) ? 0.5 : 0);
    o.curve = rng_range(0, 1);
    o.heuristics = rng_range(0, 2);
    o.fill_budget = rng_range(0, 1);
    int p;
    if (model == SP_SITING_TARGET) {
        p = rng_range(0, 3) == 0 ? rng_range(f.n_required, f.n_usable) : -1;
        o.target_percent = rng_range(0, 2) ? 100 : rng_range(10, 99) + 0.5;
    } else {
        p = rng_range(0, 9) ? rng_range(f.n_required, f.n_usable) : f.n_usable + 1;
    }
    o.p = p;
    int ok = 0;
    sp_siting_result *r = NULL, *r2 = NULL, *rh = NULL;

    /* What exhaustive search expects. */
    int expect_error = !f.any_reach || p > f.n_usable ||
                       (p >= 0 && p < f.n_required);
    double expect = NAN, goal = NAN;
    int expect_met = 0, capped = 0, cap = p >= 0 ? p : f.n_usable;
    if (!expect_error && model == SP_SITING_TARGET) {
        double total = 0;
        for (int j = 0; j < I.nd; j++)
            total += I.w[j];
        int open[9];
        open_set(&I, &f, (1u << f.n_usable) - 1, open);
        double reach = eval_cover(&I, open, o.radius);
        double want = o.target_percent / 100.0 * total;
        double tol = 1e-9 * fmax(1.0, total);
        goal = want <= reach + tol ? want : reach;
        expect = cap;
        capped = 1;
        for (int k = f.n_required; k <= cap; k++)
            if (brute(&I, &f, SP_SITING_MCLP, k, o.radius) >= goal - tol) {
                expect = k;
                expect_met = want <= reach + tol;
                capped = 0;
                break;
            }
    } else if (!expect_error) {
        expect = brute(&I, &f, model, p, o.radius);
        if (isinf(expect))
            expect_error = 1; /* pmedian / pcenter with no feasible set */
    }

    sp_error_clear();
    sp_status st = sp_siting_solve(I.m, &o, &r);
    if (expect_error) {
        if (st != SP_E_INPUT || r || !*sp_error_message()) {
            fprintf(stderr, "case %d (%s): expected SP_E_INPUT, got %d\n", idx,
                    sp_siting_model_name(model), (int)st);
            goto done;
        }
        t->rejected++;
        ok = 1;
        goto done;
    }
    if (st != SP_OK) {
        fprintf(stderr, "case %d (%s): status %d: %s\n", idx,
                sp_siting_model_name(model), (int)st, sp_error_message());
        goto done;
    }
    if (capped) {
        /* the cap bites: no "fewest" answer; the best coverage with cap
         * sites, proven */
        double best = brute(&I, &f, SP_SITING_MCLP, cap, o.radius);
        if (r->target_status != SP_TARGET_CAPPED || r->optimal || !r->cap_optimal ||
            !close_to(r->covered_weight, best) || r->n_sites != cap) {
            fprintf(stderr, "case %d (target capped at %d): status %d, optimal %d, "
                            "cap_optimal %d, covered %.9g, best %.9g\n",
                    idx, cap, (int)r->target_status, r->optimal, r->cap_optimal,
                    r->covered_weight, best);
            goto done;
        }
        ok = 1;
        goto done;
    }
    if (!r->optimal || !close_to(r->objective, expect)) {
        fprintf(stderr,
                "case %d (%s, p %d, radius %g): objective %.9g (optimal %d, "
                "method %s), exhaustive search %.9g\n",
                idx, sp_siting_model_name(model), p, o.radius, r->objective,
                r->optimal, r->method, expect);
        goto done;
    }
    int n_expect = model == SP_SITING_TARGET ? (int)expect : p;
    if (model == SP_SITING_MCLP && !o.fill_budget) {
        /* the answer stops at the last rank that adds weight: fewer sites
         * only when the others add nothing (checked below: the objective is
         * the optimum of p) */
        for (int k = 0; k < r->n_sites; k++)
            if (!(r->ranks[k].added_weight > 0) && !(I.flags[r->ranks[k].site] & SP_SITE_REQUIRED)) {
                fprintf(stderr, "case %d (mclp): rank %d adds nothing\n", idx, k + 1);
                goto done;
            }
        if (r->n_sites > p || r->budget != p) {
            fprintf(stderr, "case %d (mclp): %d sites of a budget of %d\n", idx,
                    (int)r->n_sites, (int)r->budget);
            goto done;
        }
        n_expect = r->n_sites;
    }
    if (!check_result(&I, &f, r, n_expect)) {
        fprintf(stderr, "case %d (%s): bad result structure\n", idx,
                sp_siting_model_name(model));
        goto done;
    }
    double mine = eval_result(&I, &f, r, o.radius);
    if (model == SP_SITING_TARGET) {
        if (r->target_met != expect_met ||
            (expect_met && mine < goal - 1e-6 * fmax(1.0, goal))) {
            fprintf(stderr, "case %d (target): met %d/%d, coverage %g goal %g\n",
                    idx, r->target_met, expect_met, mine, goal);
            goto done;
        }
    } else if (!close_to(mine, r->objective)) {
        fprintf(stderr, "case %d (%s): sites evaluate to %.9g, reported %.9g\n",
                idx, sp_siting_model_name(model), mine, r->objective);
        goto done;
    }
    if (model == SP_SITING_MCLP &&
        (!close_to(r->covered_weight, r->objective) ||
         (r->n_sites > 0 && !close_to(r->ranks[r->n_sites - 1].cum_weight, r->objective)))) {
        fprintf(stderr, "case %d (mclp): cumulative weight != objective\n", idx);
        goto done;
    }
    /* Every curve point is the optimum of its own budget. */
    if (model != SP_SITING_TARGET && o.curve) {
        if (r->n_curve != p - f.n_required + 1) {
            fprintf(stderr, "case %d: curve has %d points\n", idx,
                    (int)r->n_curve);
            goto done;
        }
        for (int k = 0; k < r->n_curve; k++) {
            const sp_siting_point *pt = &r->curve[k];
            double b = brute(&I, &f, model, pt->p, o.radius);
            if (pt->p != f.n_required + k || !pt->optimal ||
                !close_to(pt->objective, b)) {
                fprintf(stderr, "case %d (%s): curve p=%d: %.9g vs %.9g\n", idx,
                        sp_siting_model_name(model), (int)pt->p, pt->objective,
                        b);
                goto done;
            }
        }
    }
    /* Heuristics alone never beat the optimum. */
    int level = o.heuristics;
    o.use_mip = 0;
    o.heuristics = 2;
    if (sp_siting_solve(I.m, &o, &rh) != SP_OK) {
        /* pmedian/pcenter heuristics may miss the only feasible sets */
        if (!(model == SP_SITING_PMEDIAN || model == SP_SITING_PCENTER)) {
            fprintf(stderr, "case %d: heuristic solve failed: %s\n", idx,
                    sp_error_message());
            goto done;
        }
        t->heur_gap++;
    } else {
        double h = rh->objective, e = expect;
        int beats = model == SP_SITING_MCLP ? h > e + 1e-6 * fmax(1, fabs(e))
                                            : h < e - 1e-6 * fmax(1, fabs(e));
        if (beats) {
            fprintf(stderr, "case %d (%s): heuristics %.9g beat optimum %.9g\n",
                    idx, sp_siting_model_name(model), h, e);
            goto done;
        }
        if (!close_to(h, e))
            t->heur_gap++;
        if (strcmp(rh->method, "mip") == 0)
            goto done;
    }
    o.use_mip = 1;
    o.heuristics = level;
    /* Same input, same output, bit for bit. */
    if (sp_siting_solve(I.m, &o, &r2) != SP_OK || !same_result(r, r2)) {
        fprintf(stderr, "case %d (%s): second solve differs\n", idx,
                sp_siting_model_name(model));
        goto done;
    }
    t->solved++;
    t->by_mip += strcmp(r->method, "mip") == 0;
    ok = 1;
done:
    sp_siting_result_free(r);
    sp_siting_result_free(r2);
    sp_siting_result_free(rh);
    sp_costmatrix_free(I.m);
    return ok;
}

#ifndef N_RANDOM
#define N_RANDOM 300
#endif

static void random_suite(sp_siting_model model, uint64_t seed)
{
    rng_state = seed;
    tally t = {0, 0, 0, 0};
    int failed = 0;
    for (int k = 0; k < N_RANDOM; k++)
        if (!random_case(model, k, &t))
            failed++;
    printf("%-8s %d instances: %d solved = exhaustive search (%d improved by "
           "the MIP), %d rejected as expected, %d where the heuristics alone "
           "fell short\n",
           sp_siting_model_name(model), N_RANDOM, t.solved, t.by_mip,
           t.rejected, t.heur_gap);
    if (failed)
        T_FAIL_("%s: %d of %d random instances failed",
                sp_siting_model_name(model), failed, N_RANDOM);
}

TEST(random_mclp) { random_suite(SP_SITING_MCLP, 1); }
TEST(random_target) { random_suite(SP_SITING_TARGET, 2); }
TEST(random_pmedian) { random_suite(SP_SITING_PMEDIAN, 3); }
TEST(random_pcenter) { random_suite(SP_SITING_PCENTER, 4); }

/* Without the exact step (or when a time limit stops it) a result still
 * carries a bound, and that bound must hold: never below the true optimum of
 * a maximisation, never above that of a minimisation. */
TEST(fallback_bounds_valid)
{
    rng_state = 77;
    int checked = 0;
    sp_siting_model models[3] = {SP_SITING_MCLP, SP_SITING_PMEDIAN, SP_SITING_PCENTER};
    for (int idx = 0; idx < 300; idx++) {
        sp_siting_model model = models[idx % 3];
        inst I;
        inst_random(&I);
        ASSERT(I.m != NULL);
        info f;
        inst_info(&I, &f);
        int p = rng_range(f.n_required, f.n_usable);
        sp_siting_opts o;
        sp_siting_opts_default(&o);
        o.model = model;
        o.flags = I.flags;
        o.radius = model == SP_SITING_MCLP ? rng_range(5, 50) : INFINITY;
        o.p = p;
        o.curve = 0;
        o.use_mip = 0;
        o.heuristics = 1; /* plain greedy: often short of the optimum */
        sp_siting_result *r = NULL;
        sp_error_clear();
        sp_status st = sp_siting_solve(I.m, &o, &r);
        if (st == SP_OK) {
            double opt = brute(&I, &f, model, p, o.radius);
            ASSERT(!isnan(r->bound));
            double tol = 1e-6 * fmax(1.0, fabs(opt));
            if (model == SP_SITING_MCLP)
                ASSERT(r->bound >= opt - tol);
            else if (isfinite(opt))
                ASSERT(r->bound <= opt + tol);
            ASSERT(r->gap >= 0);
            checked++;
        }
        sp_siting_result_free(r);
        sp_costmatrix_free(I.m);
    }
    ASSERT(checked > 100);
}

/* The Lagrangian bound of pmedian (pmedian_lagr.c) on its own: from the
 * greedy incumbent it never exceeds the true optimum, a set it adopts is
 * no worse than the optimum allows, and it proves most small instances. */
TEST(pmedian_lagrangian_bound)
{
    static const sp__model_ops PMEDIAN_OPS = {.min_model = 1, .mean_cost = 1};
    rng_state = 4242;
    int checked = 0, proven = 0;
    for (int idx = 0; idx < 300; idx++) {
        inst I;
        inst_random(&I);
        ASSERT(I.m != NULL);
        info f;
        inst_info(&I, &f);
        int p = rng_range(f.n_required, f.n_usable);
        double opt = brute(&I, &f, SP_SITING_PMEDIAN, p, INFINITY);
        sp_siting_opts o;
        sp_siting_opts_default(&o);
        o.model = SP_SITING_PMEDIAN;
        o.flags = I.flags;
        o.p = p;
        sp__sprob P;
        memset(&P, 0, sizeof P);
        sp_error_clear();
        if (!f.any_reach || !isfinite(opt) || sp__prob_init(&P, I.m, &o, 0) != SP_OK) {
            sp__prob_free(&P);
            sp_costmatrix_free(I.m);
            continue;
        }
        P.ops = &PMEDIAN_OPS;
        int32_t sites[9];
        int32_t n = 0;
        for (int32_t u = 0; u < P.n_usable; u++)
            if (P.flags[P.usable[u]] & SP_SITE_REQUIRED)
                sites[n++] = P.usable[u];
        n = sp__min_greedy(&P, p, sites, n);
        sp__mobj inc = sp__min_eval(&P, sites, n);
        double need = sp__counted_weight(&P);
        double ub = inc.reached >= need - 1e-9 * fmax(1, need) ? inc.primary : INFINITY;
        sp__lagr *lg = NULL;
        ASSERT_EQ_INT(sp__lagr_new(&P, &lg), SP_OK);
        sp__lagr_out lo;
        ASSERT_EQ_INT(sp__lagr_bound(lg, &P, p, sites, &n, &ub, &lo), SP_OK);
        double tol = 1e-6 * fmax(1.0, fabs(opt));
        if (!(lo.bound <= opt + tol) || ub < opt - tol)
            fprintf(stderr, "case %d: p %d, optimum %.9g, bound %.9g, incumbent %.9g\n", idx,
                    p, opt, lo.bound, ub);
        ASSERT(lo.bound <= opt + tol);
        ASSERT(ub >= opt - tol);
        if (isfinite(ub)) {
            ASSERT(lo.bound <= ub + tol);
            ASSERT_NEAR(sp__min_eval(&P, sites, n).primary, ub, tol);
        }
        proven += lo.bound >= opt - tol;
        checked++;
        sp__lagr_free(lg);
        sp__prob_free(&P);
        sp_costmatrix_free(I.m);
    }
    fprintf(stderr, "  %d instances, the bound proves the optimum of %d\n", checked, proven);
    ASSERT(checked > 150);
    ASSERT(proven > checked / 2);
}

/* The Lagrangian bound on the spopt San Francisco instance (16 stores, 205
 * tracts, POP2000): within 5% of the published p-median optimum, never
 * above it.  The optimum is read from expected_results.csv. */
TEST(pmedian_lagrangian_bound_sf)
{
    static const sp__model_ops PMEDIAN_OPS = {.min_model = 1, .mean_cost = 1};
    const char *shared = getenv("SP_SHARED");
    char dir[1024], mpath[1200], dpath[1200], epath[1200];
    snprintf(dir, sizeof dir, "%s/data/known_answers/spopt_sf",
             shared && *shared ? shared : "../shared");
    snprintf(mpath, sizeof mpath, "%s/SF_network_distance_candidateStore_16_censusTract_205_new.csv", dir);
    snprintf(dpath, sizeof dpath, "%s/SF_demand_205_centroid_uniform_weight.csv", dir);
    snprintf(epath, sizeof epath, "%s/expected_results.csv", dir);
    /* the row PMEDIAN,,p,weight,weighted_total_distance_m,value,... */
    FILE *f = fopen(epath, "r");
    ASSERT(f != NULL);
    char line[2048], weight[64] = "";
    int p = 0;
    double opt = NAN;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "PMEDIAN,,%d,%63[^,],weighted_total_distance_m,%lf", &p, weight, &opt) == 3)
            break;
    fclose(f);
    ASSERT(p > 0 && isfinite(opt));
    sp_costmatrix_csv_opts co = {.matrix_path = mpath, .demand_path = dpath, .weight = weight,
                                 .require_complete = 1};
    sp_costmatrix *m = NULL;
    ASSERT_EQ_INT(sp_costmatrix_load_csv(&co, &m), SP_OK);
    sp_siting_opts o;
    sp_siting_opts_default(&o);
    o.model = SP_SITING_PMEDIAN;
    o.p = p;
    sp__sprob P;
    memset(&P, 0, sizeof P);
    ASSERT_EQ_INT(sp__prob_init(&P, m, &o, 0), SP_OK);
    P.ops = &PMEDIAN_OPS;
    int32_t *sites = calloc((size_t)P.nc, sizeof *sites);
    ASSERT(sites);
    int32_t n = sp__min_greedy(&P, p, sites, 0);
    double ub = sp__min_eval(&P, sites, n).primary;
    sp__lagr *lg = NULL;
    ASSERT_EQ_INT(sp__lagr_new(&P, &lg), SP_OK);
    sp__lagr_out lo;
    ASSERT_EQ_INT(sp__lagr_bound(lg, &P, p, sites, &n, &ub, &lo), SP_OK);
    fprintf(stderr, "  SF p=%d: optimum %.1f, bound %.1f (%.3f%% below), incumbent %.1f, %d steps\n",
            p, opt, lo.bound, 100 * (opt - lo.bound) / opt, ub, lo.steps);
    ASSERT(lo.bound <= opt * (1 + 1e-6)); /* costs are stored as float */
    ASSERT(lo.bound >= 0.95 * opt);
    ASSERT(ub >= opt * (1 - 1e-6));
    sp__lagr_free(lg);
    free(sites);
    sp__prob_free(&P);
    sp_costmatrix_free(m);
}

int main(void)
{
    sp_warn_set_muted(1);
    RUN(random_mclp);
    RUN(random_target);
    RUN(random_pmedian);
    RUN(random_pcenter);
    RUN(fallback_bounds_valid);
    RUN(pmedian_lagrangian_bound);
    RUN(pmedian_lagrangian_bound_sf);
    return test_summary("siting_random");
}
