/* test_siting_curve.c — for pmedian and pcenter with a radius, every point
 * of the coverage curve counts the weight within the radius of the sites
 * open at that budget (not every reached demand), and at the default
 * radius (INFINITY) it still counts every reached demand.
 *
 * The sites of the final budget are known (the ranks), so the last point is
 * checked against a count written here; every point is checked against the
 * bounds that hold whatever the sites: within-radius <= reached.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "costmatrix.h"
#include "siting.h"
#include "status.h"
#include "test.h"

static uint64_t rng = 0x5eed;
static uint64_t next(void)
{
    rng += 0x9e3779b97f4a7c15ULL;
    uint64_t z = rng;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* nc candidates x nd demands at random points in a 100 x 100 square; a pair
 * is stored when closer than 60 (straight-line cost). */
static sp_costmatrix *instance(int32_t nc, int32_t nd)
{
    double *cx = malloc(sizeof(double) * 2 * (size_t)nc), *dx = malloc(sizeof(double) * 2 * (size_t)nd);
    for (int32_t i = 0; i < 2 * nc; i++)
        cx[i] = (double)(next() % 10000) / 100;
    for (int32_t j = 0; j < 2 * nd; j++)
        dx[j] = (double)(next() % 10000) / 100;
    sp_costmatrix *m = sp_costmatrix_new(nc, nd);
    int32_t *d = malloc(sizeof(int32_t) * (size_t)nd);
    float *c = malloc(sizeof(float) * (size_t)nd);
    char id[32];
    for (int32_t i = 0; i < nc; i++) {
        size_t n = 0;
        for (int32_t j = 0; j < nd; j++) {
            double dist = hypot(cx[2 * i] - dx[2 * j], cx[2 * i + 1] - dx[2 * j + 1]);
            if (dist < 60) {
                d[n] = j;
                c[n++] = (float)dist;
            }
        }
        sp_costmatrix_add_row(m, i, d, c, n);
        snprintf(id, sizeof id, "c%d", i);
        sp_costmatrix_set_candidate_id(m, i, id);
    }
    for (int32_t j = 0; j < nd; j++) {
        snprintf(id, sizeof id, "d%d", j);
        sp_costmatrix_set_demand_id(m, j, id);
        sp_costmatrix_set_weight(m, j, (double)(1 + next() % 9));
    }
    free(cx);
    free(dx);
    free(d);
    free(c);
    if (sp_costmatrix_finish(m)) {
        sp_costmatrix_free(m);
        return NULL;
    }
    return m;
}

/* Weight within radius of the chosen sites, and reached by them. */
static void count(const sp_costmatrix *m, const sp_siting_result *r, double radius,
                  double *within, double *reached)
{
    int32_t nd = sp_costmatrix_n_demands(m);
    double *best = malloc(sizeof(double) * (size_t)nd);
    for (int32_t j = 0; j < nd; j++)
        best[j] = INFINITY;
    for (int32_t k = 0; k < r->n_sites; k++) {
        const int32_t *dj;
        const float *cj;
        size_t n = sp_costmatrix_get_row(m, r->ranks[k].site, &dj, &cj);
        for (size_t t = 0; t < n; t++)
            best[dj[t]] = fmin(best[dj[t]], cj[t]);
    }
    const double *w = sp_costmatrix_get_weights(m);
    *within = *reached = 0;
    for (int32_t j = 0; j < nd; j++) {
        if (isfinite(best[j]))
            *reached += w[j];
        if (isfinite(best[j]) && best[j] <= radius)
            *within += w[j];
    }
    free(best);
}

TEST(curve_counts_within_the_radius)
{
    int checked = 0, differs = 0;
    for (int rep = 0; rep < 40; rep++) {
        sp_costmatrix *m = instance(12, 40);
        ASSERT(m);
        for (int model = SP_SITING_PMEDIAN; model <= SP_SITING_PCENTER; model++) {
            for (int with_radius = 0; with_radius <= 1; with_radius++) {
                sp_siting_opts o;
                sp_siting_opts_default(&o);
                o.model = (sp_siting_model)model;
                o.p = 4;
                o.curve = 1;
                o.radius = with_radius ? 15 : INFINITY;
                sp_siting_result *r = NULL;
                if (sp_siting_solve(m, &o, &r) != SP_OK) { /* infeasible: no 4 sites reach all */
                    sp_error_clear();
                    continue;
                }
                double within, reached;
                count(m, r, o.radius, &within, &reached);
                ASSERT(r->n_curve >= 1);
                const sp_siting_point *last = &r->curve[r->n_curve - 1];
                ASSERT_EQ_INT(last->p, 4);
                ASSERT_NEAR(last->covered_weight, within, 1e-9 * fmax(1, within));
                for (int32_t k = 0; k < r->n_curve; k++)
                    ASSERT(r->curve[k].covered_weight <= reached + 1e-9);
                differs += within < reached;
                checked++;
                sp_siting_result_free(r);
            }
        }
        sp_costmatrix_free(m);
    }
    ASSERT(checked > 40);
    ASSERT(differs > 10); /* the radius really cuts: the test can tell the two rules apart */
}

int main(void)
{
    sp_warn_set_muted(1);
    RUN(curve_counts_within_the_radius);
    return test_summary("siting_curve");
}
