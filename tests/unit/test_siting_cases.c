/* test_siting_cases.c — the cost matrix (builder and its errors), the
 * siting optimiser on hand-made instances (fixed sites and ranks, input
 * errors, a medium instance proven optimal) and the CSV loader.  Random
 * instances against exhaustive search are in test_siting_random.c; shared
 * helpers in siting_fixture.h.
 * Env: SP_TMP (scratch folder, default /tmp). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "costmatrix.h"
#include "siting.h"
#include "siting_fixture.h"
#include "status.h"
#include "test.h"

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
        x[2 * k] = rng_unit() * 10;
        x[2 * k + 1] = rng_unit() * 10;
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
        sp_costmatrix_set_weight(m, j, rng_range(0, 100));
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

int main(void)
{
    sp_warn_set_muted(1);
    const char *base = getenv("SP_TMP");
    snprintf(tmpdir, sizeof tmpdir, "%s/test_siting_cases.XXXXXX",
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
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return test_summary("siting_cases");
}
