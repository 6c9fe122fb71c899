/* test_capassign.c — the capacitated assignment (cover/capassign.h) against
 * independent answers: a two-phase GLPK LP on random instances (maximum
 * served, then least cost at that served), exhaustive enumeration of integer
 * flows on tiny ones, the nearest-site assignment when capacities do not
 * bind; every result is also checked for feasibility and consistency. */
#include <glpk.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capassign.h"
#include "costmatrix.h"
#include "status.h"
#include "test.h"
#define SP_TEST_RNG_SEED 12345
#include "test_rng.h"

/* --- instances ------------------------------------------------------------- */

typedef struct {
    int ns, np;
    float *cost;    /* ns x np, INFINITY = pair not stored */
    double *w;      /* np */
    double *cap;    /* ns (INFINITY = unlimited) */
    uint8_t *open;  /* ns, or NULL */
    double thr;
    sp_costmatrix *m;
} inst;

static void inst_init(inst *I, int ns, int np)
{
    memset(I, 0, sizeof *I);
    I->ns = ns;
    I->np = np;
    I->cost = calloc((size_t)ns * np + 1, sizeof *I->cost);
    I->w = calloc((size_t)np + 1, sizeof *I->w);
    I->cap = calloc((size_t)ns + 1, sizeof *I->cap);
    I->thr = INFINITY;
    for (int i = 0; i < ns * np; i++)
        I->cost[i] = INFINITY;
}

static void inst_free(inst *I)
{
    free(I->cost);
    free(I->w);
    free(I->cap);
    free(I->open);
    sp_costmatrix_free(I->m);
    memset(I, 0, sizeof *I);
}

#define COST(I, s, p) ((I)->cost[(size_t)(s) * (I)->np + (p)])

static int eligible(const inst *I, int s, int p)
{
    return (!I->open || I->open[s]) && sp_covers(COST(I, s, p), I->thr);
}

static sp_costmatrix *inst_matrix(inst *I)
{
    sp_costmatrix *m = sp_costmatrix_new(I->ns, I->np);
    int32_t *d = malloc(sizeof *d * ((size_t)I->np + 1));
    float *c = malloc(sizeof *c * ((size_t)I->np + 1));
    char id[32];
    for (int s = 0; s < I->ns; s++) {
        size_t n = 0;
        for (int p = I->np - 1; p >= 0; p--)
            if (isfinite(COST(I, s, p))) {
                d[n] = p;
                c[n++] = COST(I, s, p);
            }
        if (sp_costmatrix_add_row(m, s, d, c, n))
            abort();
        snprintf(id, sizeof id, "s%d", s);
        sp_costmatrix_set_candidate_id(m, s, id);
    }
    for (int p = 0; p < I->np; p++) {
        snprintf(id, sizeof id, "p%d", p);
        sp_costmatrix_set_demand_id(m, p, id);
        if (sp_costmatrix_set_weight(m, p, I->w[p]))
            abort();
    }
    if (sp_costmatrix_finish(m))
        abort();
    free(d);
    free(c);
    I->m = m;
    return m;
}

/* --- independent checks ---------------------------------------------------- */

static double covered_of(const inst *I)
{
    double cov = 0;
    for (int p = 0; p < I->np; p++)
        for (int s = 0; s < I->ns; s++)
            if (eligible(I, s, p)) {
                cov += I->w[p];
                break;
            }
    return cov;
}

/* Feasibility and consistency of a result; prints the first problem and
 * returns 0 then. */
static int feasible(const inst *I, const sp_capassign *a)
{
    const double tol = 1e-9;
    double *load = NULL;
#define BAD(...)                                                                                   \
    do {                                                                                           \
        fprintf(stderr, "infeasible: ");                                                           \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fputc('\n', stderr);                                                                       \
        free(load);                                                                                \
        return 0;                                                                                  \
    } while (0)
    if (a->n_sites != I->ns || a->n_points != I->np)
        BAD("sizes %d x %d", a->n_sites, a->n_points);
    if (a->pt_first[0] != 0 || a->pt_first[I->np] != a->n_pairs)
        BAD("pt_first ends");
    load = calloc((size_t)I->ns + 1, sizeof *load);
    double served = 0, cost = 0;
    for (int p = 0; p < I->np; p++) {
        double sum = 0;
        if (a->pt_first[p + 1] < a->pt_first[p])
            BAD("pt_first not ascending at %d", p);
        for (int64_t k = a->pt_first[p]; k < a->pt_first[p + 1]; k++) {
            int s = a->pair_site[k];
            if (s < 0 || s >= I->ns)
                BAD("site %d out of range", s);
            if (k > a->pt_first[p] && !(a->pair_site[k - 1] < s))
                BAD("point %d: sites not ascending", p);
            if (!eligible(I, s, p))
                BAD("flow on the ineligible pair %d-%d", s, p);
            if (!(a->pair_flow[k] > 0))
                BAD("pair %d-%d with flow %g", s, p, a->pair_flow[k]);
            if (a->pair_cost[k] != COST(I, s, p))
                BAD("pair %d-%d cost %g != %g", s, p, a->pair_cost[k], COST(I, s, p));
            sum += a->pair_flow[k];
            load[s] += a->pair_flow[k];
            cost += a->pair_flow[k] * (double)COST(I, s, p);
        }
        if (fabs(sum - a->point_served[p]) > tol * fmax(1, sum))
            BAD("point %d: served %g, pairs %g", p, a->point_served[p], sum);
        if (sum > I->w[p] * (1 + tol))
            BAD("point %d: %g served of %g", p, sum, I->w[p]);
        served += sum;
    }
    for (int s = 0; s < I->ns; s++) {
        if (fabs(load[s] - a->site_load[s]) > tol * fmax(1, load[s]))
            BAD("site %d: load %g, pairs %g", s, a->site_load[s], load[s]);
        if (load[s] > I->cap[s] + tol * fmax(1, load[s]))
            BAD("site %d: load %g above capacity %g", s, load[s], I->cap[s]);
    }
    /* What every optimal assignment satisfies: a point is left partly
     * unserved only when each site within reach is full, and no served
     * worker goes to a site while a strictly nearer one has room. */
    for (int p = 0; p < I->np; p++) {
        int part = a->point_served[p] < I->w[p] * (1 - tol);
        double far = -INFINITY;
        for (int64_t k = a->pt_first[p]; k < a->pt_first[p + 1]; k++)
            far = fmax(far, a->pair_cost[k]);
        for (int s = 0; s < I->ns; s++) {
            int room = load[s] < I->cap[s] - tol * fmax(1, I->cap[s] == INFINITY ? 1 : I->cap[s]);
            if (!eligible(I, s, p) || !room)
                continue;
            if (part)
                BAD("point %d partly unserved while site %d has room", p, s);
            if (COST(I, s, p) < far)
                BAD("point %d goes %g away while site %d at %g has room", p, far, s,
                    COST(I, s, p));
        }
    }
    free(load);
    load = NULL;
    if (fabs(served - a->served) > tol * fmax(1, served))
        BAD("served %g, pairs %g", a->served, served);
    if (fabs(cost - a->cost) > tol * fmax(1, cost))
        BAD("cost %g, pairs %g", a->cost, cost);
    double cov = covered_of(I);
    if (fabs(cov - a->covered) > tol * fmax(1, cov))
        BAD("covered %g, expected %g", a->covered, cov);
    if (a->served > a->covered * (1 + tol))
        BAD("served %g above covered %g", a->served, a->covered);
    return 1;
#undef BAD
}

/* The same problem as an LP in GLPK, in two phases: maximum served, then
 * the least cost with served fixed at that maximum. */
static void lp_solve(const inst *I, double *served, double *cost)
{
    int term = glp_term_out(GLP_OFF);
    glp_prob *lp = glp_create_prob();
    int nk = 0;
    int *ks = malloc(sizeof *ks * ((size_t)I->ns * I->np + 1));
    int *kp = malloc(sizeof *kp * ((size_t)I->ns * I->np + 1));
    for (int s = 0; s < I->ns; s++)
        for (int p = 0; p < I->np; p++)
            if (eligible(I, s, p)) {
                ks[nk] = s;
                kp[nk++] = p;
            }
    *served = 0;
    *cost = 0;
    if (nk == 0)
        goto out;
    glp_add_cols(lp, nk);
    for (int k = 0; k < nk; k++)
        glp_set_col_bnds(lp, k + 1, GLP_LO, 0, 0);
    /* rows: points 1..np, sites np+1..np+ns, the served row last */
    glp_add_rows(lp, I->np + I->ns + 1);
    for (int p = 0; p < I->np; p++)
        glp_set_row_bnds(lp, p + 1, GLP_UP, 0, I->w[p]);
    for (int s = 0; s < I->ns; s++) {
        if (isinf(I->cap[s]))
            glp_set_row_bnds(lp, I->np + s + 1, GLP_FR, 0, 0);
        else
            glp_set_row_bnds(lp, I->np + s + 1, GLP_UP, 0, I->cap[s]);
    }
    int row_all = I->np + I->ns + 1;
    glp_set_row_bnds(lp, row_all, GLP_FR, 0, 0);
    int ne = 3 * nk;
    int *ia = malloc(sizeof *ia * (ne + 1)), *ja = malloc(sizeof *ja * (ne + 1));
    double *ar = malloc(sizeof *ar * (ne + 1));
    int e = 0;
    for (int k = 0; k < nk; k++) {
        ia[++e] = kp[k] + 1;
        ja[e] = k + 1;
        ar[e] = 1;
        ia[++e] = I->np + ks[k] + 1;
        ja[e] = k + 1;
        ar[e] = 1;
        ia[++e] = row_all;
        ja[e] = k + 1;
        ar[e] = 1;
    }
    glp_load_matrix(lp, ne, ia, ja, ar);
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    glp_set_obj_dir(lp, GLP_MAX);
    for (int k = 0; k < nk; k++)
        glp_set_obj_coef(lp, k + 1, 1);
    if (glp_simplex(lp, &sm) || glp_get_status(lp) != GLP_OPT)
        abort();
    *served = glp_get_obj_val(lp);
    /* (a looser slack lets the LP buy cost with served: 1e-9 x 1,000 s) */
    glp_set_row_bnds(lp, row_all, GLP_LO, *served - 1e-13 * fmax(1, *served), 0);
    glp_set_obj_dir(lp, GLP_MIN);
    for (int k = 0; k < nk; k++)
        glp_set_obj_coef(lp, k + 1, (double)COST(I, ks[k], kp[k]));
    if (glp_simplex(lp, &sm) || glp_get_status(lp) != GLP_OPT)
        abort();
    *cost = glp_get_obj_val(lp);
    free(ia);
    free(ja);
    free(ar);
out:
    free(ks);
    free(kp);
    glp_delete_prob(lp);
    glp_term_out(term);
}

/* Exhaustive enumeration of integer flows (tiny instances). */
typedef struct {
    const inst *I;
    int nk, ks[16], kp[16];
    double left_w[4], left_c[4];
    double best_served, best_cost, served, cost;
} enum_st;

static void enum_rec(enum_st *E, int k)
{
    if (k == E->nk) {
        if (E->served > E->best_served ||
            (E->served == E->best_served && E->cost < E->best_cost)) {
            E->best_served = E->served;
            E->best_cost = E->cost;
        }
        return;
    }
    int s = E->ks[k], p = E->kp[k];
    double top = fmin(E->left_w[p], E->left_c[s]);
    double c = (double)COST(E->I, s, p);
    for (int x = 0; x <= (int)top; x++) {
        E->left_w[p] -= x;
        E->left_c[s] -= x;
        E->served += x;
        E->cost += x * c;
        enum_rec(E, k + 1);
        E->left_w[p] += x;
        E->left_c[s] += x;
        E->served -= x;
        E->cost -= x * c;
    }
}

static void enumerate(const inst *I, double *served, double *cost)
{
    enum_st E = {.I = I, .best_served = -1, .best_cost = INFINITY};
    for (int s = 0; s < I->ns; s++)
        for (int p = 0; p < I->np; p++)
            if (eligible(I, s, p)) {
                E.ks[E.nk] = s;
                E.kp[E.nk++] = p;
            }
    for (int p = 0; p < I->np; p++)
        E.left_w[p] = I->w[p];
    for (int s = 0; s < I->ns; s++)
        E.left_c[s] = fmin(I->cap[s], 100);
    enum_rec(&E, 0);
    *served = E.best_served;
    *cost = E.best_cost;
}

/* A random instance: sparsity, ties and zero costs, costs of very different
 * sizes, capacities 0 and unlimited, closed sites and a threshold sometimes;
 * with real_weights, fractional weights and capacities. */
static void random_inst(inst *I, int ns, int np, int wmax, int capmax, int real_weights)
{
    inst_init(I, ns, np);
    double dens = 0.2 + 0.8 * rng_unit();
    int int_costs = rng_range(0, 2) == 0;
    for (int s = 0; s < ns; s++)
        for (int p = 0; p < np; p++)
            if (rng_unit() < dens)
                COST(I, s, p) = int_costs ? (float)rng_range(0, 6)
                                          : (float)(1000 * rng_unit() * (rng_range(0, 3) ? 1 : 1e-4));
    for (int p = 0; p < np; p++)
        I->w[p] = real_weights ? (rng_range(0, 5) == 0 ? 0 : 10 * rng_unit()) : rng_range(0, wmax);
    for (int s = 0; s < ns; s++) {
        int r = rng_range(0, 9);
        if (r == 0 || r == 1)
            I->cap[s] = r == 0 ? 0 : INFINITY;
        else if (real_weights) /* fractional, some far below a point's workers */
            I->cap[s] = capmax * rng_unit() * (rng_range(0, 1) ? 1e-3 : 1);
        else
            I->cap[s] = rng_range(0, capmax);
    }
    if (rng_range(0, 3) == 0) {
        I->open = malloc((size_t)ns);
        for (int s = 0; s < ns; s++)
            I->open[s] = rng_range(0, 4) != 0;
    }
    if (rng_range(0, 3) == 0)
        I->thr = int_costs ? rng_range(0, 6) : 1000 * rng_unit();
}

static int rel_eq(double a, double b, double rel)
{
    return fabs(a - b) <= rel * fmax(1, fmax(fabs(a), fabs(b)));
}

static sp_capassign *solve(inst *I)
{
    if (!I->m)
        inst_matrix(I);
    sp_capassign *a = NULL;
    sp_status st = sp_capassign_solve(I->m, NULL, I->cap, I->open, I->thr, &a);
    if (st) {
        fprintf(stderr, "solve: %s\n", sp_error_message());
        return NULL;
    }
    return a;
}

/* --- tests ----------------------------------------------------------------- */

TEST(random_vs_lp)
{
    rng_state = 1;
    for (int it = 0; it < 400; it++) {
        inst I;
        random_inst(&I, rng_range(2, 8), rng_range(2, 12), 10, 20, it % 3 == 2);
        sp_capassign *a = solve(&I);
        ASSERT(a);
        double served, cost;
        lp_solve(&I, &served, &cost);
        int ok = feasible(&I, a) && rel_eq(a->served, served, 1e-6) &&
                 rel_eq(a->cost, cost, 1e-6);
        if (!ok)
            fprintf(stderr, "instance %d: served %.9g (LP %.9g), cost %.9g (LP %.9g)\n", it,
                    a->served, served, a->cost, cost);
        sp_capassign_free(a);
        inst_free(&I);
        ASSERT(ok);
    }
}

/* Larger instances where capacities bind: long augmenting paths through
 * reverse arcs and the dead-node pruning. */
TEST(larger_vs_lp)
{
    rng_state = 2;
    for (int it = 0; it < 40; it++) {
        inst I;
        int ns = rng_range(5, 25), np = rng_range(20, 150);
        inst_init(&I, ns, np);
        /* points and sites on a line: costs grow with the distance */
        double *xs = malloc(sizeof *xs * ns), *xp = malloc(sizeof *xp * np);
        for (int s = 0; s < ns; s++)
            xs[s] = rng_unit();
        for (int p = 0; p < np; p++) {
            xp[p] = rng_unit();
            I.w[p] = rng_range(0, 50);
        }
        double reach = 0.1 + 0.3 * rng_unit();
        for (int s = 0; s < ns; s++) {
            I.cap[s] = rng_range(0, 12) == 0 ? INFINITY : rng_range(0, 200);
            for (int p = 0; p < np; p++) {
                double dd = fabs(xs[s] - xp[p]);
                if (dd <= reach)
                    COST(&I, s, p) = (float)(3600 * dd);
            }
        }
        free(xs);
        free(xp);
        sp_capassign *a = solve(&I);
        ASSERT(a);
        double served, cost;
        lp_solve(&I, &served, &cost);
        int ok = feasible(&I, a) && rel_eq(a->served, served, 1e-6) &&
                 rel_eq(a->cost, cost, 1e-6);
        if (!ok)
            fprintf(stderr, "instance %d: served %.9g (LP %.9g), cost %.9g (LP %.9g)\n", it,
                    a->served, served, a->cost, cost);
        sp_capassign_free(a);
        inst_free(&I);
        ASSERT(ok);
    }
}

TEST(tiny_vs_enumeration)
{
    rng_state = 3;
    for (int it = 0; it < 600; it++) {
        inst I;
        random_inst(&I, rng_range(1, 3), rng_range(1, 3), 3, 3, 0);
        sp_capassign *a = solve(&I);
        ASSERT(a);
        double served, cost;
        enumerate(&I, &served, &cost);
        int ok = feasible(&I, a) && a->served == served && rel_eq(a->cost, cost, 1e-9);
        /* integer data: integer flows */
        for (int64_t k = 0; ok && k < a->n_pairs; k++)
            ok = a->pair_flow[k] == floor(a->pair_flow[k]);
        if (!ok)
            fprintf(stderr, "instance %d: served %.9g (enum %.9g), cost %.9g (enum %.9g)\n", it,
                    a->served, served, a->cost, cost);
        sp_capassign_free(a);
        inst_free(&I);
        ASSERT(ok);
    }
}

/* Capacities that never bind: every covered point is served in full, all
 * of it at a least-cost eligible site. */
TEST(huge_capacities_nearest)
{
    rng_state = 4;
    for (int it = 0; it < 30; it++) {
        inst I;
        random_inst(&I, rng_range(2, 30), rng_range(2, 300), 1000, 1, it % 3 == 0);
        for (int s = 0; s < I.ns; s++)
            I.cap[s] = it % 2 ? INFINITY : 1e12;
        sp_capassign *a = solve(&I);
        ASSERT(a);
        ASSERT(feasible(&I, a));
        double want = 0;
        for (int p = 0; p < I.np; p++) {
            double best = INFINITY;
            for (int s = 0; s < I.ns; s++)
                if (eligible(&I, s, p))
                    best = fmin(best, COST(&I, s, p));
            if (isfinite(best)) {
                want += I.w[p] * best;
                ASSERT_NEAR(a->point_served[p], I.w[p], 0);
                for (int64_t k = a->pt_first[p]; k < a->pt_first[p + 1]; k++)
                    ASSERT(a->pair_cost[k] == best);
            } else {
                ASSERT(a->point_served[p] == 0);
            }
        }
        ASSERT_NEAR(a->served, a->covered, 1e-9 * a->covered);
        ASSERT_NEAR(a->cost, want, 1e-9 * fmax(1, want));
        /* the same with no capacity array */
        sp_capassign *b = NULL;
        ASSERT_EQ_INT(sp_capassign_solve(I.m, NULL, NULL, I.open, I.thr, &b), SP_OK);
        ASSERT(b->served == a->served && b->cost == a->cost && b->n_pairs == a->n_pairs);
        ASSERT(a->augmentations == 0);
        sp_capassign_free(a);
        sp_capassign_free(b);
        inst_free(&I);
    }
}

/* The nearest site is not the answer: p0 goes to its second site so that
 * p1 (which has only s0) is served; and the cheaper crossing. */
TEST(hand_cases)
{
    inst I;
    inst_init(&I, 2, 2);
    COST(&I, 0, 0) = 1;
    COST(&I, 1, 0) = 2;
    COST(&I, 0, 1) = 5;
    I.w[0] = I.w[1] = 1;
    I.cap[0] = I.cap[1] = 1;
    sp_capassign *a = solve(&I);
    ASSERT(a && feasible(&I, a));
    ASSERT_NEAR(a->served, 2, 0);
    ASSERT_NEAR(a->cost, 7, 0);
    ASSERT_EQ_INT(a->pair_site[a->pt_first[0]], 1);
    sp_capassign_free(a);
    inst_free(&I);

    inst_init(&I, 2, 2);
    COST(&I, 0, 0) = 1;
    COST(&I, 1, 0) = 2;
    COST(&I, 0, 1) = 2;
    COST(&I, 1, 1) = 10;
    I.w[0] = I.w[1] = 1;
    I.cap[0] = I.cap[1] = 1;
    a = solve(&I);
    ASSERT(a && feasible(&I, a));
    ASSERT_NEAR(a->served, 2, 0);
    ASSERT_NEAR(a->cost, 4, 0);
    sp_capassign_free(a);
    inst_free(&I);

    /* a split point: 5 workers, sites of 2 and 2 (3 left over) */
    inst_init(&I, 2, 1);
    COST(&I, 0, 0) = 3;
    COST(&I, 1, 0) = 4;
    I.w[0] = 5;
    I.cap[0] = I.cap[1] = 2;
    a = solve(&I);
    ASSERT(a && feasible(&I, a));
    ASSERT_NEAR(a->served, 4, 0);
    ASSERT_NEAR(a->covered, 5, 0);
    ASSERT_NEAR(a->cost, 14, 0);
    ASSERT_EQ_INT(a->n_pairs, 2);
    sp_capassign_free(a);
    inst_free(&I);
}

/* Capacity 0, a closed site, a threshold that cuts pairs, weight 0. */
TEST(zero_open_threshold)
{
    inst I;
    inst_init(&I, 3, 4);
    for (int s = 0; s < 3; s++)
        for (int p = 0; p < 4; p++)
            COST(&I, s, p) = (float)(10 * (s + 1) + p);
    I.w[0] = 7;
    I.w[1] = 3;
    I.w[2] = 0;
    I.w[3] = 4;
    I.cap[0] = 0;        /* closed to new patients */
    I.cap[1] = INFINITY;
    I.cap[2] = 100;
    sp_capassign *a = solve(&I);
    ASSERT(a && feasible(&I, a));
    ASSERT_NEAR(a->site_load[0], 0, 0);
    ASSERT_NEAR(a->site_load[1], 14, 0);
    ASSERT_NEAR(a->served, 14, 0);
    ASSERT_NEAR(a->covered, 14, 0);
    ASSERT_EQ_INT(a->pt_first[3] - a->pt_first[2], 0); /* weight 0: no pair */
    sp_capassign_free(a);

    /* site 1 closed: all to site 2 */
    I.open = calloc(3, 1);
    I.open[0] = I.open[2] = 1;
    sp_capassign_free(a = NULL);
    ASSERT_EQ_INT(sp_capassign_solve(I.m, NULL, I.cap, I.open, I.thr, &a), SP_OK);
    ASSERT(feasible(&I, a));
    ASSERT_NEAR(a->site_load[1], 0, 0);
    ASSERT_NEAR(a->site_load[2], 14, 0);
    sp_capassign_free(a);

    /* only site 0 open (capacity 0): covered, nobody served */
    I.open[2] = 0;
    ASSERT_EQ_INT(sp_capassign_solve(I.m, NULL, I.cap, I.open, I.thr, &a), SP_OK);
    ASSERT(feasible(&I, a));
    ASSERT_NEAR(a->covered, 14, 0);
    ASSERT_NEAR(a->served, 0, 0);
    ASSERT_EQ_INT(a->n_pairs, 0);
    sp_capassign_free(a);

    /* threshold 21, sites 1 and 2 open: site 1 reaches p0 (20) and p1 (21),
     * not p3 (23); site 2 (30 and more) nobody */
    I.open[0] = 0;
    I.open[1] = I.open[2] = 1;
    I.thr = 21;
    ASSERT_EQ_INT(sp_capassign_solve(I.m, NULL, I.cap, I.open, I.thr, &a), SP_OK);
    ASSERT(feasible(&I, a));
    ASSERT_NEAR(a->covered, 10, 0); /* p0 (20), p1 (21) at site 1; p3 (23) out */
    ASSERT_NEAR(a->served, 10, 0);
    ASSERT_NEAR(a->point_served[3], 0, 0);
    sp_capassign_free(a);

    /* weights passed in replace the matrix weights */
    double w2[4] = {1, 1, 1, 1};
    ASSERT_EQ_INT(sp_capassign_solve(I.m, w2, I.cap, I.open, INFINITY, &a), SP_OK);
    ASSERT_NEAR(a->served, 4, 0);
    ASSERT_NEAR(a->point_served[2], 1, 0);
    sp_capassign_free(a);
    inst_free(&I);
}

TEST(bad_inputs)
{
    inst I;
    inst_init(&I, 2, 2);
    COST(&I, 0, 0) = 1;
    I.w[0] = I.w[1] = 1;
    inst_matrix(&I);
    sp_capassign *a = (sp_capassign *)&I; /* must be reset to NULL */
    double cap[2] = {1, NAN};
    sp_error_clear();
    ASSERT_EQ_INT(sp_capassign_solve(I.m, NULL, cap, NULL, 10, &a), SP_E_INPUT);
    ASSERT(a == NULL);
    ASSERT_CONTAINS(sp_error_message(), "site s1");
    cap[1] = -1;
    sp_error_clear();
    ASSERT_EQ_INT(sp_capassign_solve(I.m, NULL, cap, NULL, 10, &a), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "capacity -1");
    cap[1] = -INFINITY;
    ASSERT_EQ_INT(sp_capassign_solve(I.m, NULL, cap, NULL, 10, &a), SP_E_INPUT);
    cap[1] = 0;
    double w[2] = {1, -2};
    sp_error_clear();
    ASSERT_EQ_INT(sp_capassign_solve(I.m, w, cap, NULL, 10, &a), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "demand p1");
    w[1] = NAN;
    ASSERT_EQ_INT(sp_capassign_solve(I.m, w, cap, NULL, 10, &a), SP_E_INPUT);
    w[1] = INFINITY;
    ASSERT_EQ_INT(sp_capassign_solve(I.m, w, cap, NULL, 10, &a), SP_E_INPUT);
    ASSERT_EQ_INT(sp_capassign_solve(I.m, NULL, cap, NULL, NAN, &a), SP_E_INPUT);
    ASSERT_EQ_INT(sp_capassign_solve(I.m, NULL, cap, NULL, 10, &a), SP_OK);
    ASSERT_NEAR(a->served, 1, 0);
    sp_capassign_free(a);
    sp_capassign_free(NULL);
    inst_free(&I);

    /* empty matrices */
    sp_costmatrix *m = sp_costmatrix_new(0, 0);
    ASSERT_EQ_INT(sp_costmatrix_finish(m), SP_OK);
    ASSERT_EQ_INT(sp_capassign_solve(m, NULL, NULL, NULL, 10, &a), SP_OK);
    ASSERT(a->served == 0 && a->covered == 0 && a->n_pairs == 0);
    sp_capassign_free(a);
    sp_costmatrix_free(m);
}

/* Same inputs, same bytes; and a realistic size timed: 1,227 points x 117
 * sites, ~30 eligible sites per point, capacities that bind. */
TEST(timing_and_determinism)
{
    rng_state = 5;
    inst I;
    int ns = 117, np = 1227;
    inst_init(&I, ns, np);
    double *xs = malloc(sizeof *xs * 2 * ns), *xp = malloc(sizeof *xp * 2 * np);
    for (int s = 0; s < 2 * ns; s++)
        xs[s] = rng_unit();
    double total = 0;
    for (int p = 0; p < np; p++) {
        xp[2 * p] = rng_unit();
        xp[2 * p + 1] = rng_unit();
        I.w[p] = rng_range(0, 1200);
        total += I.w[p];
    }
    /* radius such that a point sees ~30 of the 117 sites */
    double r = sqrt(30.0 / (117 * M_PI));
    for (int s = 0; s < ns; s++) {
        I.cap[s] = 2000 + rng_range(0, 4000);
        for (int p = 0; p < np; p++) {
            double dd = hypot(xs[2 * s] - xp[2 * p], xs[2 * s + 1] - xp[2 * p + 1]);
            if (dd <= r)
                COST(&I, s, p) = (float)(900 * dd / r);
        }
    }
    free(xs);
    free(xp);
    inst_matrix(&I);
    double best = INFINITY;
    sp_capassign *a = NULL, *b = NULL;
    for (int rep = 0; rep < 3; rep++) {
        struct timespec t0, t1;
        sp_capassign_free(b);
        b = a;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        ASSERT_EQ_INT(sp_capassign_solve(I.m, NULL, I.cap, NULL, 900, &a), SP_OK);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        best = fmin(best, (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec));
    }
    ASSERT(feasible(&I, a));
    printf("capassign: %d points x %d sites, %zu pairs, %.0f workers (%.0f covered, %.0f "
           "served): %.4f s, %lld searches\n", np, ns, sp_costmatrix_n_pairs(I.m), total,
           a->covered, a->served, best, (long long)a->augmentations);
    ASSERT(a->served < a->covered); /* the capacities bind */
    ASSERT(b->n_pairs == a->n_pairs && b->served == a->served && b->cost == a->cost);
    ASSERT(memcmp(a->pair_flow, b->pair_flow, sizeof *a->pair_flow * a->n_pairs) == 0);
    ASSERT(memcmp(a->pair_site, b->pair_site, sizeof *a->pair_site * a->n_pairs) == 0);
    double served, cost;
    lp_solve(&I, &served, &cost);
    ASSERT_NEAR(a->served, served, 1e-9 * served);
    ASSERT_NEAR(a->cost, cost, 1e-7 * cost);
    ASSERT(best < 5.0); /* about 0.1 s; only a gross regression fails */
    sp_capassign_free(a);
    sp_capassign_free(b);
    inst_free(&I);
}

int main(void)
{
    RUN(hand_cases);
    RUN(zero_open_threshold);
    RUN(bad_inputs);
    RUN(tiny_vs_enumeration);
    RUN(random_vs_lp);
    RUN(larger_vs_lp);
    RUN(huge_capacities_nearest);
    RUN(timing_and_determinism);
    return test_summary("capassign");
}
