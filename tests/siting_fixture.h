/* siting_fixture.h — what the siting unit tests (test_siting_random.c,
 * test_siting_cases.c) share: a seeded PRNG (set rng_state first), small
 * instances (at most 9 candidates x 25 demands) turned into cost matrices,
 * and the bitwise comparison of two results. */
#ifndef SP_TEST_SITING_FIXTURE_H
#define SP_TEST_SITING_FIXTURE_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "costmatrix.h"
#include "siting.h"
#include "status.h"

#include "test_rng.h"

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

/* Whether a and b are the same result, bit for bit (objectives, ranks,
 * curve). */
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

#endif
