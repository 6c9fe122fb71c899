/* test_capsiting.c — capacitated siting (siting.h "Capacitated siting").
 *
 * On hundreds of small random instances (3-9 candidates, 5-25 demands,
 * random fixed / required / excluded flags, capacities finite, unlimited or
 * 0) the served weight of EVERY site subset is computed here with its own
 * GLPK LP of the transportation problem (independent of capassign and of
 * the solver's MIP), and:
 *   - mclp's objective is the best subset of at most p new sites, proven
 *     optimal; the chosen sites serve exactly the objective; every curve
 *     point is that budget's optimum; the bound is never below it;
 *   - without the MIP the answer never beats the optimum, the bound never
 *     falls below it, and "optimal" is only claimed when it is;
 *   - target's answer is the fewest sites reaching the goal; with a cap
 *     that bites, the most served within the cap, proven;
 *   - ranks: rank k adds the most served weight to the ranks before it;
 *   - capacities of 0 never add; capacities far above the weight give the
 *     uncapacitated answer exactly (same objective, same sites when the
 *     optimum is unique).
 */
#include <glpk.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "costmatrix.h"
#include "siting.h"
#include "siting_fixture.h"
#include "status.h"
#include "test.h"

static double cap_of[9];
static double radius_of;

static void inst_random(inst *I, int with_flags)
{
    I->nc = rng_range(3, 9);
    I->nd = rng_range(5, 25);
    double density = 0.2 + 0.6 * rng_unit();
    int fractional = rng_range(0, 3) == 0;
    for (int i = 0; i < I->nc; i++)
        for (int j = 0; j < I->nd; j++)
            I->cost[i][j] = rng_unit() < density ? (double)rng_range(0, 60) : INFINITY;
    for (int j = 0; j < I->nd; j++)
        I->w[j] = rng_range(0, 5) == 0 ? 0 : fractional ? 10 * rng_unit() : rng_range(1, 20);
    for (int i = 0; i < I->nc; i++) {
        int r = rng_range(0, 19);
        I->flags[i] = !with_flags ? 0
                      : r < 3     ? SP_SITE_FIXED
                      : r < 5     ? SP_SITE_REQUIRED
                      : r < 7     ? SP_SITE_EXCLUDED
                                  : 0;
        int c = rng_range(0, 9);
        cap_of[i] = c == 0 ? 0 : c < 3 ? INFINITY : fractional ? 60 * rng_unit() : rng_range(1, 60);
    }
    radius_of = rng_range(0, 3) == 0 ? INFINITY : rng_range(10, 60);
    I->m = inst_matrix(I);
}

/* Served weight with the sites in mask (plus the fixed ones): its own LP. */
static double lp_served(const inst *I, const double *cap, double radius, unsigned mask)
{
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_rows(lp, I->nd + I->nc);
    for (int j = 0; j < I->nd; j++)
        glp_set_row_bnds(lp, j + 1, GLP_UP, 0, I->w[j]);
    for (int i = 0; i < I->nc; i++)
        glp_set_row_bnds(lp, I->nd + i + 1, isinf(cap[i]) ? GLP_FR : GLP_UP, 0,
                         isinf(cap[i]) ? 0 : cap[i]);
    int ia[1 + 2 * 9 * 25], ja[1 + 2 * 9 * 25], e = 0, col = 0;
    double ar[1 + 2 * 9 * 25];
    for (int i = 0; i < I->nc; i++) {
        int open = (I->flags[i] & SP_SITE_FIXED) || (mask >> i & 1u);
        for (int j = 0; j < I->nd && open; j++)
            if (isfinite(I->cost[i][j]) && I->cost[i][j] <= radius) {
                col = glp_add_cols(lp, 1);
                glp_set_col_bnds(lp, col, GLP_LO, 0, 0);
                glp_set_obj_coef(lp, col, 1);
                e++, ia[e] = j + 1, ja[e] = col, ar[e] = 1;
                e++, ia[e] = I->nd + i + 1, ja[e] = col, ar[e] = 1;
            }
    }
    double v = 0;
    if (col > 0) {
        glp_load_matrix(lp, e, ia, ja, ar);
        glp_smcp sm;
        glp_init_smcp(&sm);
        sm.msg_lev = GLP_MSG_OFF;
        glp_simplex(lp, &sm);
        v = glp_get_obj_val(lp);
    }
    glp_delete_prob(lp);
    return v;
}

typedef struct {
    double served[512];  /* per subset of candidates (bit i = candidate i) */
    int ok[512];         /* a legal new-site set: usable only, required in */
    unsigned req, usable;
    int n_usable, n_req;
    double all;          /* every usable open */
} table;

static void make_table(const inst *I, const double *cap, double radius, table *T)
{
    memset(T, 0, sizeof *T);
    for (int i = 0; i < I->nc; i++) {
        if (!(I->flags[i] & (SP_SITE_FIXED | SP_SITE_EXCLUDED))) {
            T->usable |= 1u << i;
            T->n_usable++;
        }
        if (I->flags[i] & SP_SITE_REQUIRED) {
            T->req |= 1u << i;
            T->n_req++;
        }
    }
    for (unsigned s = 0; s < (1u << I->nc); s++) {
        T->ok[s] = (s & ~T->usable) == 0 && (s & T->req) == T->req;
        if (T->ok[s])
            T->served[s] = lp_served(I, cap, radius, s);
    }
    T->all = T->served[T->usable];
}

static double best_k(const table *T, int nc, int k)
{
    double b = -1;
    for (unsigned s = 0; s < (1u << nc); s++)
        if (T->ok[s] && __builtin_popcount(s) <= k && T->served[s] > b)
            b = T->served[s];
    return b;
}

static unsigned set_of(const sp_siting_result *r)
{
    unsigned s = 0;
    for (int k = 0; k < r->n_sites; k++)
        s |= 1u << r->ranks[k].site;
    return s;
}

static int any_usable_reach(const inst *I)
{
    for (int i = 0; i < I->nc; i++)
        if (!(I->flags[i] & (SP_SITE_FIXED | SP_SITE_EXCLUDED)))
            for (int j = 0; j < I->nd; j++)
                if (isfinite(I->cost[i][j]) && I->w[j] > 0)
                    return 1;
    return 0;
}

TEST(mclp_matches_enumeration)
{
    rng_state = 11;
    int checked = 0;
    for (int it = 0; it < 300; it++) {
        inst I;
        inst_random(&I, 1);
        ASSERT(I.m);
        if (!any_usable_reach(&I)) {
            sp_costmatrix_free(I.m);
            continue;
        }
        table T;
        make_table(&I, cap_of, radius_of, &T);
        int p = rng_range(T.n_req, T.n_usable);
        sp_siting_opts o;
        sp_siting_opts_default(&o);
        o.model = SP_SITING_MCLP;
        o.p = p;
        o.radius = radius_of;
        o.flags = I.flags;
        o.capacity = cap_of;
        o.fill_budget = 1; /* every chosen site ranked: the runner-up check */
        o.heuristics = it % 3; /* 0 and 1 leave the work to the MIP */
        sp_siting_result *r = NULL;
        ASSERT_EQ_INT(sp_siting_solve(I.m, &o, &r), SP_OK);
        double tol = 1e-6 * fmax(1, T.all);
        double opt = best_k(&T, I.nc, p);
        ASSERT(r->capacitated);
        ASSERT(r->optimal);
        ASSERT_NEAR(r->objective, opt, tol);
        ASSERT(r->bound >= opt - tol);
        /* the chosen sites serve the objective */
        unsigned s = set_of(r);
        ASSERT_NEAR(lp_served(&I, cap_of, radius_of, s), r->objective, tol);
        ASSERT_NEAR(r->served_weight, r->objective, tol);
        ASSERT(r->n_sites <= p);
        /* ranks: each adds the most to the ones before; cumulative sums */
        unsigned before = 0;
        double cum = lp_served(&I, cap_of, radius_of, 0);
        ASSERT_NEAR(r->fixed_served, cum, tol);
        for (int k = 0; k < r->n_sites; k++) {
            const sp_siting_rank *rk = &r->ranks[k];
            double got = lp_served(&I, cap_of, radius_of, before | 1u << rk->site);
            ASSERT_NEAR(rk->added_weight, got - cum, tol);
            for (int t = k + 1; t < r->n_sites; t++)
                ASSERT(lp_served(&I, cap_of, radius_of, before | 1u << r->ranks[t].site) <=
                       got + tol);
            if (rk->runner_up >= 0) {
                ASSERT(!(s >> rk->runner_up & 1u));
                double ru = lp_served(&I, cap_of, radius_of, before | 1u << rk->runner_up);
                ASSERT_NEAR(rk->runner_up_added_weight, ru - cum, tol);
                for (int i = 0; i < I.nc; i++)
                    if ((T.usable >> i & 1u) && !(s >> i & 1u))
                        ASSERT(lp_served(&I, cap_of, radius_of, before | 1u << i) <= ru + tol);
            }
            before |= 1u << rk->site;
            cum = got;
            ASSERT_NEAR(rk->cum_weight, cum, tol);
            /* a capacity-0 site never adds */
            if (cap_of[rk->site] == 0)
                ASSERT(rk->added_weight == 0);
        }
        /* the curve: each budget's optimum */
        for (int k = 0; k < r->n_curve; k++) {
            const sp_siting_point *pt = &r->curve[k];
            ASSERT(pt->optimal);
            ASSERT_NEAR(pt->objective, best_k(&T, I.nc, pt->p), tol);
        }
        sp_siting_result_free(r);

        /* heuristics only: never above the optimum, bound never below */
        o.use_mip = 0;
        o.heuristics = 2;
        ASSERT_EQ_INT(sp_siting_solve(I.m, &o, &r), SP_OK);
        ASSERT(r->objective <= opt + tol);
        ASSERT(isnan(r->bound) || r->bound >= opt - tol);
        if (r->optimal)
            ASSERT_NEAR(r->objective, opt, tol);
        sp_siting_result_free(r);
        sp_costmatrix_free(I.m);
        checked++;
    }
    ASSERT(checked > 200);
}

TEST(target_matches_enumeration)
{
    rng_state = 12;
    int checked = 0, capped = 0;
    for (int it = 0; it < 200; it++) {
        inst I;
        inst_random(&I, 1);
        ASSERT(I.m);
        if (!any_usable_reach(&I)) {
            sp_costmatrix_free(I.m);
            continue;
        }
        table T;
        make_table(&I, cap_of, radius_of, &T);
        double total = 0;
        for (int j = 0; j < I.nd; j++)
            total += I.w[j];
        double pct = rng_range(0, 3) == 0 ? 100 : 20 + 80 * rng_unit();
        double want = pct / 100 * total, tol = 1e-6 * fmax(1, total);
        double goal = want <= T.all + tol ? want : T.all;
        int kbest = -1;
        for (int k = T.n_req; k <= T.n_usable && kbest < 0; k++)
            if (best_k(&T, I.nc, k) >= goal - tol)
                kbest = k;
        ASSERT(kbest >= 0);
        sp_siting_opts o;
        sp_siting_opts_default(&o);
        o.model = SP_SITING_TARGET;
        int cap_p = it % 4 == 3 ? rng_range(T.n_req, T.n_usable) : -1; /* a cap, sometimes */
        o.p = cap_p;
        o.radius = radius_of;
        o.target_percent = pct;
        o.flags = I.flags;
        o.capacity = cap_of;
        o.heuristics = it % 3;
        sp_siting_result *r = NULL;
        ASSERT_EQ_INT(sp_siting_solve(I.m, &o, &r), SP_OK);
        if (cap_p >= 0 && kbest > cap_p) {
            /* the cap bites: the most served with cap_p sites, proven */
            ASSERT_EQ_INT(r->target_status, SP_TARGET_CAPPED);
            ASSERT(!r->target_met);
            ASSERT(r->cap_optimal);
            ASSERT_NEAR(r->served_weight, best_k(&T, I.nc, cap_p), tol);
            ASSERT(r->cap_bound >= best_k(&T, I.nc, cap_p) - tol);
            capped++;
            sp_siting_result_free(r);
            sp_costmatrix_free(I.m);
            checked++;
            continue;
        }
        ASSERT(r->optimal);
        ASSERT_EQ_INT(r->p, kbest);
        ASSERT_NEAR(r->objective, kbest, 0);
        ASSERT_EQ_INT(r->target_status, want <= T.all + tol ? SP_TARGET_MET
                                                            : SP_TARGET_BEYOND_REACH);
        ASSERT(r->served_weight >= goal - tol);
        ASSERT_NEAR(r->served_weight, best_k(&T, I.nc, kbest), tol);
        sp_siting_result_free(r);
        sp_costmatrix_free(I.m);
        checked++;
    }
    ASSERT(checked > 120);
    ASSERT(capped >= 5);
}

/* Bit for bit with integer weights; otherwise sums in another order. */
static int same_num(double a, double b, int integral)
{
    return integral ? memcmp(&a, &b, sizeof a) == 0 : fabs(a - b) <= 1e-12 * fmax(1, fabs(a));
}

/* Capacities far above all the weight: the uncapacitated answer. */
TEST(huge_capacity_is_uncapacitated)
{
    rng_state = 13;
    int same_sites = 0;
    for (int it = 0; it < 200; it++) {
        inst I;
        inst_random(&I, 1);
        ASSERT(I.m);
        if (!any_usable_reach(&I)) {
            sp_costmatrix_free(I.m);
            continue;
        }
        double huge[9];
        for (int i = 0; i < I.nc; i++)
            huge[i] = it % 2 ? INFINITY : 1e9;
        table T;
        make_table(&I, huge, radius_of, &T);
        sp_siting_opts o;
        sp_siting_opts_default(&o);
        o.p = rng_range(T.n_req, T.n_usable);
        o.radius = radius_of;
        o.flags = I.flags;
        sp_siting_result *a = NULL, *b = NULL;
        ASSERT_EQ_INT(sp_siting_solve(I.m, &o, &a), SP_OK);
        o.capacity = huge;
        ASSERT_EQ_INT(sp_siting_solve(I.m, &o, &b), SP_OK);
        ASSERT(a->optimal && b->optimal);
        int integral = 1;
        for (int j = 0; j < I.nd; j++)
            integral &= I.w[j] == floor(I.w[j]);
        ASSERT(same_num(a->objective, b->objective, integral));
        ASSERT(same_num(a->covered_weight, b->covered_weight, integral));
        ASSERT(same_num(b->served_weight, b->covered_weight, integral));
        /* unique optimum of the least size: the same sites, in the same order */
        double opt = best_k(&T, I.nc, o.p);
        int nmin = 99, count = 0;
        for (unsigned s = 0; s < (1u << I.nc); s++)
            if (T.ok[s] && __builtin_popcount(s) <= o.p && T.served[s] >= opt - 1e-9)
                nmin = __builtin_popcount(s) < nmin ? __builtin_popcount(s) : nmin;
        for (unsigned s = 0; s < (1u << I.nc); s++)
            if (T.ok[s] && __builtin_popcount(s) == nmin && T.served[s] >= opt - 1e-9)
                count++;
        if (count == 1 && a->n_sites == nmin) {
            ASSERT_EQ_INT(b->n_sites, a->n_sites);
            for (int k = 0; k < a->n_sites; k++) {
                ASSERT_EQ_INT(b->ranks[k].site, a->ranks[k].site);
                ASSERT(same_num(a->ranks[k].added_weight, b->ranks[k].added_weight, integral));
            }
            same_sites++;
        }
        sp_siting_result_free(a);
        sp_siting_result_free(b);
        sp_costmatrix_free(I.m);
    }
    ASSERT(same_sites > 50);
}

/* Capacity 0: a candidate that serves nobody is never worth a site. */
TEST(zero_capacity_never_adds)
{
    rng_state = 14;
    for (int it = 0; it < 100; it++) {
        inst I;
        inst_random(&I, 0);
        ASSERT(I.m);
        if (!any_usable_reach(&I)) {
            sp_costmatrix_free(I.m);
            continue;
        }
        double zero[9];
        for (int i = 0; i < I.nc; i++)
            zero[i] = i % 2 ? 0 : cap_of[i];
        sp_siting_opts o;
        sp_siting_opts_default(&o);
        o.p = rng_range(1, I.nc);
        o.radius = radius_of;
        o.capacity = zero;
        sp_siting_result *r = NULL;
        ASSERT_EQ_INT(sp_siting_solve(I.m, &o, &r), SP_OK);
        for (int k = 0; k < r->n_sites; k++)
            ASSERT(zero[r->ranks[k].site] > 0);
        for (int k = 0; k < r->n_sites; k++)
            if (r->ranks[k].runner_up >= 0 && zero[r->ranks[k].runner_up] == 0)
                ASSERT(r->ranks[k].runner_up_added_weight == 0);
        sp_siting_result_free(r);
        for (int i = 0; i < I.nc; i++)
            zero[i] = 0;
        ASSERT_EQ_INT(sp_siting_solve(I.m, &o, &r), SP_OK);
        ASSERT_EQ_INT(r->n_sites, 0);
        ASSERT(r->objective == 0 && r->optimal);
        sp_siting_result_free(r);
        sp_costmatrix_free(I.m);
    }
}

TEST(bad_input)
{
    rng_state = 15;
    inst I;
    inst_random(&I, 0);
    ASSERT(I.m);
    double cap[9];
    for (int i = 0; i < 9; i++)
        cap[i] = 10;
    sp_siting_opts o;
    sp_siting_opts_default(&o);
    o.capacity = cap;
    sp_siting_result *r = NULL;
    o.model = SP_SITING_PMEDIAN;
    ASSERT_EQ_INT(sp_siting_solve(I.m, &o, &r), SP_E_INPUT);
    ASSERT(strstr(sp_error_message(), "capacitated siting supports the models mclp and target"));
    sp_error_clear();
    o.model = SP_SITING_PCENTER;
    ASSERT_EQ_INT(sp_siting_solve(I.m, &o, &r), SP_E_INPUT);
    sp_error_clear();
    o.model = SP_SITING_MCLP;
    cap[1] = -1;
    ASSERT_EQ_INT(sp_siting_solve(I.m, &o, &r), SP_E_INPUT);
    ASSERT(strstr(sp_error_message(), "'c1'"));
    sp_error_clear();
    cap[1] = NAN;
    ASSERT_EQ_INT(sp_siting_solve(I.m, &o, &r), SP_E_INPUT);
    ASSERT(r == NULL);
    sp_error_clear();
    sp_costmatrix_free(I.m);
}

/* Same inputs, same result bit for bit. */
TEST(deterministic)
{
    rng_state = 16;
    for (int it = 0; it < 30; it++) {
        inst I;
        inst_random(&I, 1);
        ASSERT(I.m);
        if (!any_usable_reach(&I)) {
            sp_costmatrix_free(I.m);
            continue;
        }
        sp_siting_opts o;
        sp_siting_opts_default(&o);
        o.p = 0;
        for (int i = 0; i < I.nc; i++)
            o.p += (I.flags[i] & (SP_SITE_FIXED | SP_SITE_EXCLUDED)) == 0;
        o.p = o.p > 2 ? o.p - 1 : o.p;
        o.radius = radius_of;
        o.flags = I.flags;
        o.capacity = cap_of;
        sp_siting_result *a = NULL, *b = NULL;
        ASSERT_EQ_INT(sp_siting_solve(I.m, &o, &a), SP_OK);
        ASSERT_EQ_INT(sp_siting_solve(I.m, &o, &b), SP_OK);
        ASSERT(same_result(a, b));
        sp_siting_result_free(a);
        sp_siting_result_free(b);
        sp_costmatrix_free(I.m);
    }
}

/* A big instance (more than SP_CAP_GLPK_PAIRS pairs: no MIP, the
 * interior-point LP's duals start the second Lagrangian): the bound is the
 * LP relaxation of the strong form, solved here by GLPK's simplex on this
 * test's own rows, and never below it. */
enum { BIG_NC = 150, BIG_ND = 300 };

TEST(big_bound_is_the_lp)
{
    rng_state = 5;
    double cx[BIG_NC], cy[BIG_NC], dx[BIG_ND], dy[BIG_ND], w[BIG_ND], cap[BIG_NC];
    for (int i = 0; i < BIG_NC; i++)
        cx[i] = rng_unit(), cy[i] = rng_unit(), cap[i] = rng_range(50, 400);
    for (int j = 0; j < BIG_ND; j++)
        dx[j] = rng_unit(), dy[j] = rng_unit(), w[j] = rng_range(1, 20);
    double radius = 25; /* cost = 100 x distance */
    sp_costmatrix *m = sp_costmatrix_new(BIG_NC, BIG_ND);
    ASSERT(m);
    char id[32];
    int npairs = 0;
    for (int i = 0; i < BIG_NC; i++) {
        int32_t d[BIG_ND];
        float c[BIG_ND];
        size_t n = 0;
        for (int j = 0; j < BIG_ND; j++) {
            double cost = 100 * hypot(cx[i] - dx[j], cy[i] - dy[j]);
            if (cost < 40) {
                d[n] = j, c[n] = (float)cost, n++;
                npairs += cost <= radius;
            }
        }
        ASSERT_EQ_INT(sp_costmatrix_add_row(m, i, d, c, n), SP_OK);
        snprintf(id, sizeof id, "c%d", i);
        ASSERT_EQ_INT(sp_costmatrix_set_candidate_id(m, i, id), SP_OK);
    }
    for (int j = 0; j < BIG_ND; j++) {
        snprintf(id, sizeof id, "d%d", j);
        ASSERT_EQ_INT(sp_costmatrix_set_demand_id(m, j, id), SP_OK);
        ASSERT_EQ_INT(sp_costmatrix_set_weight(m, j, w[j]), SP_OK);
    }
    ASSERT_EQ_INT(sp_costmatrix_finish(m), SP_OK);
    ASSERT(npairs > 5000 && npairs < 40000);

    /* the strong LP: y_i in [0,1], x_ij in [0, w_j] */
    int p = 8;
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_rows(lp, BIG_ND + BIG_NC + npairs + 1);
    glp_add_cols(lp, BIG_NC + npairs);
    int ne = 4 * npairs + 2 * BIG_NC, e = 0, col = BIG_NC, srow = BIG_ND + BIG_NC;
    int *ia = malloc(sizeof *ia * (size_t)(ne + 1)), *ja = malloc(sizeof *ja * (size_t)(ne + 1));
    double *ar = malloc(sizeof *ar * (size_t)(ne + 1));
    ASSERT(ia && ja && ar);
    for (int j = 0; j < BIG_ND; j++)
        glp_set_row_bnds(lp, j + 1, GLP_UP, 0, w[j]);
    for (int i = 0; i < BIG_NC; i++) {
        double reach = 0;
        for (int j = 0; j < BIG_ND; j++)
            if (100 * hypot(cx[i] - dx[j], cy[i] - dy[j]) <= radius)
                reach += w[j];
        glp_set_col_bnds(lp, i + 1, GLP_DB, 0, 1);
        glp_set_row_bnds(lp, BIG_ND + i + 1, GLP_UP, 0, 0);
        e++, ia[e] = BIG_ND + i + 1, ja[e] = i + 1, ar[e] = -fmin(cap[i], reach);
        e++, ia[e] = BIG_ND + BIG_NC + npairs + 1, ja[e] = i + 1, ar[e] = 1;
        for (int j = 0; j < BIG_ND; j++) {
            if (!(100 * hypot(cx[i] - dx[j], cy[i] - dy[j]) <= radius))
                continue;
            col++, srow++;
            glp_set_col_bnds(lp, col, GLP_DB, 0, w[j]);
            glp_set_obj_coef(lp, col, 1);
            glp_set_row_bnds(lp, srow, GLP_UP, 0, 0);
            e++, ia[e] = j + 1, ja[e] = col, ar[e] = 1;
            e++, ia[e] = BIG_ND + i + 1, ja[e] = col, ar[e] = 1;
            e++, ia[e] = srow, ja[e] = col, ar[e] = 1;
            e++, ia[e] = srow, ja[e] = i + 1, ar[e] = -w[j];
        }
    }
    glp_set_row_bnds(lp, BIG_ND + BIG_NC + npairs + 1, GLP_UP, 0, p);
    glp_load_matrix(lp, e, ia, ja, ar);
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.presolve = GLP_ON;
    ASSERT_EQ_INT(glp_simplex(lp, &sm), 0);
    ASSERT_EQ_INT(glp_get_status(lp), GLP_OPT);
    double lpv = glp_get_obj_val(lp);
    glp_delete_prob(lp);
    free(ia), free(ja), free(ar);

    sp_siting_opts o;
    sp_siting_opts_default(&o);
    o.model = SP_SITING_MCLP;
    o.p = p;
    o.radius = radius;
    o.capacity = cap;
    sp_siting_result *r = NULL;
    ASSERT_EQ_INT(sp_siting_solve(m, &o, &r), SP_OK);
    ASSERT(r->capacitated);
    ASSERT(r->bound >= r->objective);
    ASSERT(r->bound >= floor(lpv + 1e-6) - 1e-6);  /* a valid bound */
    ASSERT(r->bound <= floor(lpv * (1 + 1e-6) + 1)); /* the LP's, not a weaker one */
    printf("  big: %d pairs, served %.0f, bound %.3f, LP %.3f\n", npairs, r->objective,
           r->bound, lpv);
    sp_siting_result_free(r);
    sp_costmatrix_free(m);
}

int main(void)
{
    glp_term_out(GLP_OFF);
    RUN(mclp_matches_enumeration);
    RUN(target_matches_enumeration);
    RUN(huge_capacity_is_uncapacitated);
    RUN(zero_capacity_never_adds);
    RUN(bad_input);
    RUN(deterministic);
    RUN(big_bound_is_the_lp);
    return test_summary("capsiting");
}
