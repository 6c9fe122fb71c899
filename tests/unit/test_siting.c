/* test_siting.c — the cost matrix and the siting optimiser.
 *
 * The core check: on hundreds of small random instances (3-9 candidates,
 * 5-25 demands, sparse random costs and weights, random fixed / required /
 * excluded flags) the exact result of every model equals an exhaustive
 * search over all site subsets, written here independently of the solver.
 * The heuristics alone never beat that optimum; ranks, curves and repeated
 * solves are checked for their invariants. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "costmatrix.h"
#include "siting.h"
#include "status.h"
#include "test.h"

/* --- PRNG ------------------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t splitmix64(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int rnd(int lo, int hi) /* inclusive */
{
    return lo + (int)(splitmix64() % (uint64_t)(hi - lo + 1));
}

static double rnd01(void) { return (double)(splitmix64() >> 11) * 0x1.0p-53; }

/* --- random instances ------------------------------------------------------- */

typedef struct {
    int nc, nd;
    double cost[9][25]; /* INFINITY = no pair */
    double w[25];
    uint8_t flags[9];
    sp_costmatrix *m;
} inst;

static sp_costmatrix *inst_matrix(inst *I)
{
    sp_costmatrix *m = sp_costmatrix_new(I->nc, I->nd);
    if (!m)
        return NULL;
    char id[32];
    for (int i = 0; i < I->nc; i++) {
        int32_t d[25];
        float c[25];
        size_t n = 0;
        /* Rows go in shuffled order to exercise the builder's sort. */
        for (int j = I->nd - 1; j >= 0; j--)
            if (isfinite(I->cost[i][j])) {
                d[n] = j;
                c[n] = (float)I->cost[i][j];
                n++;
            }
        if (sp_costmatrix_add_row(m, i, d, c, n) != SP_OK)
            goto fail;
        snprintf(id, sizeof id, "c%d", i);
        if (sp_costmatrix_set_candidate_id(m, i, id) != SP_OK)
            goto fail;
    }
    for (int j = 0; j < I->nd; j++) {
        snprintf(id, sizeof id, "d%d", j);
        if (sp_costmatrix_set_demand_id(m, j, id) != SP_OK ||
            sp_costmatrix_set_weight(m, j, I->w[j]) != SP_OK)
            goto fail;
    }
    if (sp_costmatrix_finish(m) != SP_OK)
        goto fail;
    return m;
fail:
    sp_costmatrix_free(m);
    return NULL;
}

static void inst_random(inst *I)
{
    I->nc = rnd(3, 9);
    I->nd = rnd(5, 25);
    double density = 0.25 + 0.75 * rnd01();
    int fractional = rnd(0, 3) == 0;
    for (int i = 0; i < I->nc; i++)
        for (int j = 0; j < I->nd; j++)
            I->cost[i][j] = rnd01() < density
                                ? (double)(float)(fractional ? 100 * rnd01()
                                                             : rnd(0, 60))
                                : INFINITY;
    for (int j = 0; j < I->nd; j++)
        I->w[j] = rnd(0, 5) == 0 ? 0 : fractional ? 10 * rnd01() : rnd(1, 20);
    for (int i = 0; i < I->nc; i++) {
        int r = rnd(0, 19);
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

static int same_result(const sp_siting_result *a, const sp_siting_result *b)
{
    if (a->n_sites != b->n_sites || memcmp(&a->objective, &b->objective,
                                           sizeof a->objective) != 0 ||
        a->optimal != b->optimal || strcmp(a->method, b->method) != 0 ||
        a->n_curve != b->n_curve)
        return 0;
    for (int k = 0; k < a->n_sites; k++) {
        const sp_siting_rank *x = &a->ranks[k], *y = &b->ranks[k];
        if (x->site != y->site || x->runner_up != y->runner_up ||
            x->n_new != y->n_new ||
            memcmp(&x->added_weight, &y->added_weight, sizeof(double)) ||
            memcmp(&x->objective, &y->objective, sizeof(double)) ||
            memcmp(&x->runner_up_added_weight, &y->runner_up_added_weight,
                   sizeof(double)) ||
            memcmp(x->new_demand, y->new_demand,
                   (size_t)x->n_new * sizeof *x->new_demand))
            return 0;
    }
    for (int k = 0; k < a->n_curve; k++)
        if (memcmp(&a->curve[k].objective, &b->curve[k].objective,
                   sizeof(double)) ||
            a->curve[k].optimal != b->curve[k].optimal)
            return 0;
    return 1;
}

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
    o.radius = rnd(5, 50) + (rnd(0, 1) ? 0.5 : 0);
    o.curve = rnd(0, 1);
    o.heuristics = rnd(0, 2);
    int p;
    if (model == SP_SITING_TARGET) {
        p = rnd(0, 3) == 0 ? rnd(f.n_required, f.n_usable) : -1;
        o.target_percent = rnd(0, 2) ? 100 : rnd(10, 99) + 0.5;
    } else {
        p = rnd(0, 9) ? rnd(f.n_required, f.n_usable) : f.n_usable + 1;
    }
    o.p = p;
    int ok = 0;
    sp_siting_result *r = NULL, *r2 = NULL, *rh = NULL;

    /* What exhaustive search expects. */
    int expect_error = !f.any_reach || p > f.n_usable ||
                       (p >= 0 && p < f.n_required);
    double expect = NAN, goal = NAN;
    int expect_met = 0, cap = p >= 0 ? p : f.n_usable;
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
        for (int k = f.n_required; k <= cap; k++)
            if (brute(&I, &f, SP_SITING_MCLP, k, o.radius) >= goal - tol) {
                expect = k;
                expect_met = want <= reach + tol;
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
    if (!r->optimal || !close_to(r->objective, expect)) {
        fprintf(stderr,
                "case %d (%s, p %d, radius %g): objective %.9g (optimal %d, "
                "method %s), exhaustive search %.9g\n",
                idx, sp_siting_model_name(model), p, o.radius, r->objective,
                r->optimal, r->method, expect);
        goto done;
    }
    int n_expect = model == SP_SITING_TARGET ? (int)expect : p;
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
         (p > 0 && !close_to(r->ranks[p - 1].cum_weight, r->objective)))) {
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

/* --- the cost matrix -------------------------------------------------------- */

TEST(matrix_builder)
{
    sp_costmatrix *m = sp_costmatrix_new(3, 4);
    ASSERT(m);
    int32_t d0[] = {3, 0, 2};
    float c0[] = {7, 1, INFINITY}; /* the infinite pair is dropped */
    ASSERT_EQ_INT(sp_costmatrix_add_row(m, 0, d0, c0, 3), SP_OK);
    /* candidate 1 never added: an empty row */
    int32_t d2[] = {1};
    float c2[] = {0};
    ASSERT_EQ_INT(sp_costmatrix_add_row(m, 2, d2, c2, 1), SP_OK);
    sp_error_clear();
    ASSERT_EQ_INT(sp_costmatrix_add_row(m, 1, d2, c2, 1), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "out of order");
    const char *cid[] = {"a", "b", "c"}, *did[] = {"w", "x", "y", "z"};
    for (int i = 0; i < 3; i++)
        ASSERT_EQ_INT(sp_costmatrix_set_candidate_id(m, i, cid[i]), SP_OK);
    for (int j = 0; j < 4; j++)
        ASSERT_EQ_INT(sp_costmatrix_set_demand_id(m, j, did[j]), SP_OK);
    ASSERT_EQ_INT(sp_costmatrix_set_weight(m, 1, 2.5), SP_OK);
    sp_error_clear();
    ASSERT_EQ_INT(sp_costmatrix_set_weight(m, 1, -1), SP_E_INPUT);
    ASSERT_EQ_INT(sp_costmatrix_set_weight(m, 1, NAN), SP_E_INPUT);
    ASSERT_EQ_INT(sp_costmatrix_finish(m), SP_OK);
    ASSERT_EQ_INT(sp_costmatrix_n_pairs(m), 3);
    ASSERT(!sp_costmatrix_is_complete(m));
    const int32_t *dj;
    const float *cj;
    ASSERT_EQ_INT(sp_costmatrix_get_row(m, 0, &dj, &cj), 2);
    ASSERT_EQ_INT(dj[0], 0);
    ASSERT_EQ_INT(dj[1], 3);
    ASSERT_NEAR(cj[1], 7, 0);
    ASSERT_EQ_INT(sp_costmatrix_get_row(m, 1, &dj, &cj), 0);
    ASSERT_NEAR(sp_costmatrix_cost(m, 0, 3), 7, 0);
    ASSERT(isinf(sp_costmatrix_cost(m, 0, 2)));
    ASSERT(isinf(sp_costmatrix_cost(m, 1, 0)));
    ASSERT_NEAR(sp_costmatrix_total_weight(m), 5.5, 1e-12);
    ASSERT_EQ_INT(sp_costmatrix_find_candidate(m, "c"), 2);
    ASSERT_EQ_INT(sp_costmatrix_find_candidate(m, "q"), -1);
    ASSERT_EQ_INT(sp_costmatrix_find_demand(m, "z"), 3);
    ASSERT_STR_EQ(sp_costmatrix_get_demand_id(m, 1), "x");
    sp_costmatrix_free(m);
    sp_costmatrix_free(NULL);
}

TEST(matrix_builder_errors)
{
    sp_costmatrix *m = sp_costmatrix_new(2, 3);
    ASSERT(m);
    int32_t d[] = {0, 0};
    float c[] = {1, 2};
    sp_error_clear();
    ASSERT_EQ_INT(sp_costmatrix_add_row(m, 0, d, c, 2), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "twice");
    int32_t d1[] = {5};
    sp_error_clear();
    ASSERT_EQ_INT(sp_costmatrix_add_row(m, 0, d1, c, 1), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "out of range");
    int32_t d2[] = {1};
    float neg[] = {-1}, nan_[] = {NAN};
    ASSERT_EQ_INT(sp_costmatrix_add_row(m, 0, d2, neg, 1), SP_E_INPUT);
    ASSERT_EQ_INT(sp_costmatrix_add_row(m, 0, d2, nan_, 1), SP_E_INPUT);
    ASSERT_EQ_INT(sp_costmatrix_set_candidate_id(m, 0, "same"), SP_OK);
    ASSERT_EQ_INT(sp_costmatrix_set_candidate_id(m, 1, "same"), SP_OK);
    for (int j = 0; j < 3; j++) {
        char id[16];
        snprintf(id, sizeof id, "d%d", j);
        ASSERT_EQ_INT(sp_costmatrix_set_demand_id(m, j, id), SP_OK);
    }
    sp_error_clear();
    ASSERT_EQ_INT(sp_costmatrix_finish(m), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "duplicate candidate id 'same'");
    ASSERT_EQ_INT(sp_costmatrix_set_candidate_id(m, 1, ""), SP_E_INPUT);
    sp_costmatrix_free(m);
}

/* --- hand-made instances ------------------------------------------------------ */

/* 4 candidates, 6 demands; candidate 0 is an existing (fixed) station. */
static sp_costmatrix *small_matrix(void)
{
    static const double C[4][6] = {
        {1, 2, INFINITY, INFINITY, INFINITY, INFINITY},
        {INFINITY, 3, 1, 2, INFINITY, INFINITY},
        {INFINITY, INFINITY, INFINITY, 2, 1, 9},
        {5, INFINITY, 4, INFINITY, INFINITY, 1},
    };
    static const double W[6] = {10, 20, 30, 40, 50, 5};
    inst I;
    memset(&I, 0, sizeof I);
    I.nc = 4;
    I.nd = 6;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 6; j++)
            I.cost[i][j] = C[i][j];
    memcpy(I.w, W, sizeof W);
    return inst_matrix(&I);
}

TEST(fixed_sites_and_ranks)
{
    sp_costmatrix *m = small_matrix();
    ASSERT(m);
    uint8_t flags[4] = {SP_SITE_FIXED, 0, 0, 0};
    sp_siting_opts o;
    sp_siting_opts_default(&o);
    o.flags = flags;
    o.radius = 2;
    o.p = 2;
    sp_siting_result *r = NULL;
    ASSERT_EQ_INT(sp_siting_solve(m, &o, &r), SP_OK);
    /* fixed covers d0, d1 (30); best pair {1, 2}: + d2, d3, d4 = 120 */
    ASSERT_NEAR(r->fixed_weight, 30, 0);
    ASSERT_NEAR(r->objective, 150, 0);
    ASSERT(r->optimal);
    ASSERT_EQ_INT(r->n_sites, 2);
    /* rank 1: candidate 2 adds d3 + d4 = 90 (candidate 1: d2 + d3 = 70);
     * the runner-up is the best unchosen candidate, 3, adding d5 */
    ASSERT_EQ_INT(r->ranks[0].site, 2);
    ASSERT_NEAR(r->ranks[0].added_weight, 90, 0);
    ASSERT_EQ_INT(r->ranks[0].runner_up, 3);
    ASSERT_NEAR(r->ranks[0].runner_up_added_weight, 5, 0);
    ASSERT_EQ_INT(r->ranks[1].site, 1);
    ASSERT_NEAR(r->ranks[1].added_weight, 30, 0);
    ASSERT_EQ_INT(r->ranks[1].n_new, 1);
    ASSERT_EQ_INT(r->ranks[1].new_demand[0], 2);
    ASSERT_EQ_INT(r->ranks[1].runner_up, 3);
    ASSERT_NEAR(r->ranks[1].runner_up_added_weight, 5, 0);
    ASSERT_NEAR(r->ranks[1].cum_percent, 100.0 * 150 / 155, 1e-9);
    ASSERT_EQ_INT(r->n_curve, 3);
    ASSERT_NEAR(r->curve[0].objective, 30, 0);
    ASSERT_NEAR(r->curve[1].objective, 120, 0);
    sp_siting_result_free(r);

    /* target: 97% of 155 needs all three new sites */
    o.model = SP_SITING_TARGET;
    o.p = -1;
    o.target_percent = 97;
    ASSERT_EQ_INT(sp_siting_solve(m, &o, &r), SP_OK);
    ASSERT_NEAR(r->objective, 3, 0);
    ASSERT(r->target_met && r->optimal);
    sp_siting_result_free(r);
    /* ... and with a cap of 2 the target is not met */
    o.p = 2;
    ASSERT_EQ_INT(sp_siting_solve(m, &o, &r), SP_OK);
    ASSERT(!r->target_met);
    ASSERT_NEAR(r->covered_weight, 150, 0);
    sp_siting_result_free(r);

    /* pmedian, p = 1: every demand must be reached; only {3} with the fixed
     * site reaches d2..d5? no: d3, d4 need 1 or 2 -> infeasible */
    o.model = SP_SITING_PMEDIAN;
    o.p = 1;
    sp_error_clear();
    ASSERT_EQ_INT(sp_siting_solve(m, &o, &r), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "pmedian");
    ASSERT(r == NULL);
    o.p = 3;
    ASSERT_EQ_INT(sp_siting_solve(m, &o, &r), SP_OK);
    /* d0 1*10, d1 2*20, d2 1*30, d3 2*40, d4 1*50, d5 1*5 */
    ASSERT_NEAR(r->objective, 10 + 40 + 30 + 80 + 50 + 5, 1e-9);
    ASSERT(r->optimal);
    sp_siting_result_free(r);
    sp_costmatrix_free(m);
}

TEST(input_errors)
{
    sp_costmatrix *m = small_matrix();
    ASSERT(m);
    sp_siting_opts o;
    sp_siting_opts_default(&o);
    o.radius = 2;
    sp_siting_result *r = NULL;
    uint8_t flags[4] = {0, SP_SITE_REQUIRED | SP_SITE_EXCLUDED, 0, 0};
    o.flags = flags;
    sp_error_clear();
    ASSERT_EQ_INT(sp_siting_solve(m, &o, &r), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "'c1' is both required and excluded");
    flags[1] = SP_SITE_FIXED | SP_SITE_REQUIRED;
    sp_error_clear();
    ASSERT_EQ_INT(sp_siting_solve(m, &o, &r), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "fixed");
    flags[1] = SP_SITE_EXCLUDED;
    o.p = 4;
    sp_error_clear();
    ASSERT_EQ_INT(sp_siting_solve(m, &o, &r), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "larger than the 3 usable candidates");
    flags[1] = flags[2] = SP_SITE_REQUIRED;
    o.p = 1;
    sp_error_clear();
    ASSERT_EQ_INT(sp_siting_solve(m, &o, &r), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "below the 2 required");
    uint8_t all_out[4] = {SP_SITE_EXCLUDED, SP_SITE_EXCLUDED, SP_SITE_FIXED,
                          SP_SITE_EXCLUDED};
    o.flags = all_out;
    o.p = 0;
    sp_error_clear();
    ASSERT_EQ_INT(sp_siting_solve(m, &o, &r), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "no usable candidate reaches");
    o.flags = NULL;
    o.radius = -1;
    ASSERT_EQ_INT(sp_siting_solve(m, &o, &r), SP_E_INPUT);
    o.radius = 2;
    o.model = SP_SITING_TARGET;
    o.target_percent = 0;
    ASSERT_EQ_INT(sp_siting_solve(m, &o, &r), SP_E_INPUT);
    ASSERT(r == NULL);
    ASSERT_EQ_INT(sp_siting_model_parse("lscp"), SP_SITING_TARGET);
    ASSERT_EQ_INT(sp_siting_model_parse("nope"), -1);
    sp_costmatrix_free(m);
}

/* A bigger random instance: the MIP must close the gap and never do worse
 * than the heuristics. */
TEST(medium_instance_proven)
{
    rng_state = 99;
    int nc = 80, nd = 400;
    sp_costmatrix *m = sp_costmatrix_new(nc, nd);
    ASSERT(m);
    double *x = malloc(sizeof(double) * (size_t)(nc + nd) * 2);
    ASSERT(x);
    for (int k = 0; k < nc + nd; k++) {
        x[2 * k] = rnd01() * 10;
        x[2 * k + 1] = rnd01() * 10;
    }
    for (int i = 0; i < nc; i++) {
        int32_t d[400];
        float c[400];
        size_t n = 0;
        for (int j = 0; j < nd; j++) {
            double dx = x[2 * i] - x[2 * (nc + j)], dy = x[2 * i + 1] - x[2 * (nc + j) + 1];
            double dist = sqrt(dx * dx + dy * dy);
            if (dist < 3) {
                d[n] = j;
                c[n++] = (float)dist;
            }
        }
        ASSERT_EQ_INT(sp_costmatrix_add_row(m, i, d, c, n), SP_OK);
        char id[16];
        snprintf(id, sizeof id, "s%d", i);
        sp_costmatrix_set_candidate_id(m, i, id);
    }
    for (int j = 0; j < nd; j++) {
        char id[16];
        snprintf(id, sizeof id, "t%d", j);
        sp_costmatrix_set_demand_id(m, j, id);
        sp_costmatrix_set_weight(m, j, rnd(0, 100));
    }
    free(x);
    ASSERT_EQ_INT(sp_costmatrix_finish(m), SP_OK);
    sp_siting_opts o;
    sp_siting_opts_default(&o);
    o.radius = 1.2;
    o.p = 8;
    o.time_limit_s = 60;
    sp_siting_result *r = NULL, *h = NULL, *r1 = NULL;
    ASSERT_EQ_INT(sp_siting_solve(m, &o, &r), SP_OK);
    /* One thread or two: the same budget chains, the same answer. */
    o.threads = 1;
    ASSERT_EQ_INT(sp_siting_solve(m, &o, &r1), SP_OK);
    int same = same_result(r, r1);
    sp_siting_result_free(r1);
    o.use_mip = 0;
    ASSERT_EQ_INT(sp_siting_solve(m, &o, &h), SP_OK);
    int ok = same && r->optimal && r->objective >= h->objective &&
             r->n_curve == 9;
    for (int k = 0; ok && k < r->n_curve; k++)
        ok = r->curve[k].optimal &&
             (k == 0 || r->curve[k].objective >= r->curve[k - 1].objective);
    printf("medium mclp: optimum %.0f (%s), heuristics %.0f\n", r->objective,
           r->method, h->objective);
    sp_siting_result_free(r);
    sp_siting_result_free(h);
    sp_costmatrix_free(m);
    ASSERT(ok);
}

/* --- the CSV loader ------------------------------------------------------------ */

static char tmpdir[512];

static const char *write_file(const char *name, const char *text)
{
    static char path[4][600];
    static int slot;
    char *p = path[slot++ % 4];
    snprintf(p, 600, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    if (!f)
        return NULL;
    fputs(text, f);
    fclose(f);
    return p;
}

static const char demand_csv[] =
    "NAME,POP\n"
    "a,10\n"
    "b,20\n"
    "c,\n";

static sp_status load(const char *matrix_text, int complete,
                      sp_costmatrix **m)
{
    sp_costmatrix_csv_opts o = {0};
    o.matrix_path = write_file("m.csv", matrix_text);
    o.demand_path = write_file("d.csv", demand_csv);
    o.weight = "POP";
    o.require_complete = complete;
    sp_error_clear();
    return sp_costmatrix_load_csv(&o, m);
}

TEST(csv_loader)
{
    sp_costmatrix *m = NULL;
    long warns = sp_warn_count();
    ASSERT_EQ_INT(load("name,DestinationName,distance\n"
                       "s2,b,3.5\n"
                       "s1,a,1\n"
                       "s2,a,2\n",
                       0, &m),
                  SP_OK);
    ASSERT_EQ_INT(sp_warn_count(), warns + 1); /* the empty weight of c */
    ASSERT_EQ_INT(sp_costmatrix_n_candidates(m), 2);
    ASSERT_EQ_INT(sp_costmatrix_n_demands(m), 3);
    ASSERT_STR_EQ(sp_costmatrix_get_candidate_id(m, 0), "s2");
    ASSERT_NEAR(sp_costmatrix_cost(m, 0, 1), 3.5, 0);
    ASSERT_NEAR(sp_costmatrix_cost(m, 1, 0), 1, 0);
    ASSERT(isinf(sp_costmatrix_cost(m, 1, 1)));
    ASSERT_NEAR(sp_costmatrix_get_weights(m)[2], 0, 0);
    sp_costmatrix_free(m);
    m = NULL;

    ASSERT_EQ_INT(load("name,DestinationName,distance\ns1,a,1\ns1,b,2\n"
                       "s2,a,1\n", 1, &m), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "m.csv");
    ASSERT_CONTAINS(sp_error_message(), "no row for the pair ('s1', 'c')");

    ASSERT_EQ_INT(load("name,Dest,distance\ns1,a,1\n", 0, &m), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "no field 'DestinationName'");
    ASSERT_CONTAINS(sp_error_message(), "m.csv");

    ASSERT_EQ_INT(load("name,DestinationName,distance\ns1,a,1\ns1,b,-2\n", 0,
                       &m), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "m.csv: line 3: field 'distance'");

    ASSERT_EQ_INT(load("name,DestinationName,distance\ns1,a,x1\n", 0, &m),
                  SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "line 2: field 'distance': 'x1' is "
                                        "not a number");

    ASSERT_EQ_INT(load("name,DestinationName,distance\ns1,a,nan\n", 0, &m),
                  SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "line 2");

    ASSERT_EQ_INT(load("name,DestinationName,distance\ns1,a,1\ns2,a,1\n"
                       "s1,a,3\n", 0, &m), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "line 4");
    ASSERT_CONTAINS(sp_error_message(), "duplicate pair ('s1', 'a'), first "
                                        "on line 2");

    ASSERT_EQ_INT(load("name,DestinationName,distance\ns1,zz,1\n", 0, &m),
                  SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "demand 'zz' is not in");
    ASSERT(m == NULL);

    sp_costmatrix_csv_opts o = {0};
    o.matrix_path = write_file("m.csv", "name,DestinationName,distance\n");
    o.demand_path = write_file("d2.csv", "NAME,POP\na,1\na,2\n");
    sp_error_clear();
    ASSERT_EQ_INT(sp_costmatrix_load_csv(&o, &m), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "d2.csv: line 3: field 'NAME': "
                                        "duplicate id 'a'");
    o.demand_path = "/nonexistent/d.csv";
    sp_error_clear();
    ASSERT_EQ_INT(sp_costmatrix_load_csv(&o, &m), SP_E_IO);
    ASSERT_CONTAINS(sp_error_message(), "/nonexistent/d.csv");
}

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
        int p = rnd(f.n_required, f.n_usable);
        sp_siting_opts o;
        sp_siting_opts_default(&o);
        o.model = model;
        o.flags = I.flags;
        o.radius = model == SP_SITING_MCLP ? rnd(5, 50) : INFINITY;
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

int main(void)
{
    sp_warn_set_muted(1);
    const char *base = getenv("SP_TMP");
    snprintf(tmpdir, sizeof tmpdir, "%s/test_siting.XXXXXX",
             base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(matrix_builder);
    RUN(matrix_builder_errors);
    RUN(fixed_sites_and_ranks);
    RUN(input_errors);
    RUN(csv_loader);
    RUN(medium_instance_proven);
    RUN(random_mclp);
    RUN(random_target);
    RUN(random_pmedian);
    RUN(random_pcenter);
    RUN(fallback_bounds_valid);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return test_summary("siting");
}
