/* test_membound.c — the memory bound's pair count (membound.h): never
 * below the true number of (site, point) pairs within the square, and
 * above it by no more than the points of the bins on the square's border;
 * the same for the largest count of one site (the hierarchy term);
 * edge cases (no points, no sites, a site far away, NaN). */
#include "membound.h"
#include "test.h"
#include "test_rng.h"

#include <stdlib.h>

static int64_t brute(const double *p, int64_t np, const double *s, int64_t ns, double h)
{
    int64_t n = 0;
    for (int64_t i = 0; i < ns; i++)
        for (int64_t j = 0; j < np; j++)
            n += fabs(p[2 * j] - s[2 * i]) <= h && fabs(p[2 * j + 1] - s[2 * i + 1]) <= h;
    return n;
}

TEST(pairs_bound_random)
{
    rng_state = 14;
    for (int round = 0; round < 40; round++) {
        int64_t np = rng_range(1, 3000), ns = rng_range(1, 60);
        double w = 1000 + 50000 * rng_unit(), hgt = 1000 + 50000 * rng_unit();
        double *p = malloc(sizeof *p * 2 * (size_t)np), *s = malloc(sizeof *s * 2 * (size_t)ns);
        ASSERT(p && s);
        for (int64_t j = 0; j < np; j++) {
            /* clustered: half the points in one corner */
            double f = j % 2 ? 0.2 : 1;
            p[2 * j] = 400000 + w * f * rng_unit();
            p[2 * j + 1] = 6e6 + hgt * f * rng_unit();
        }
        for (int64_t i = 0; i < ns; i++) {
            s[2 * i] = 400000 - 0.2 * w + 1.4 * w * rng_unit();
            s[2 * i + 1] = 6e6 - 0.2 * hgt + 1.4 * hgt * rng_unit();
        }
        double h = (0.01 + 0.5 * rng_unit()) * w;
        int64_t b = sp_membound_pairs(p, np, s, ns, h);
        int64_t exact = brute(p, np, s, ns, h);
        /* every bin the square touches counts whole: at most one bin more
         * on each side (bins are w/256 x hgt/256) */
        double grow = fmax(w, hgt) / 256 * 1.01 + 1;
        int64_t loose = brute(p, np, s, ns, h + grow);
        /* the largest over the sites: the same bounds site by site */
        int64_t most = sp_membound_most(p, np, s, ns, h), most_exact = 0, most_loose = 0;
        for (int64_t i = 0; i < ns; i++) {
            int64_t e = brute(p, np, s + 2 * i, 1, h), l = brute(p, np, s + 2 * i, 1, h + grow);
            most_exact = e > most_exact ? e : most_exact;
            most_loose = l > most_loose ? l : most_loose;
        }
        free(p);
        free(s);
        ASSERT(b >= exact);
        ASSERT(b <= loose);
        ASSERT(most >= most_exact);
        ASSERT(most <= most_loose);
    }
}

TEST(pairs_bound_edges)
{
    double p[] = {0, 0, 10, 10, 20, 20}, s[] = {10, 10, 1e6, 1e6, NAN, 0};
    ASSERT_EQ_INT(sp_membound_pairs(p, 0, s, 1, 5), 0);
    ASSERT_EQ_INT(sp_membound_pairs(p, 3, s, 0, 5), 0);
    ASSERT_EQ_INT(sp_membound_pairs(p, 3, s, 1, 100), 3);      /* all within */
    ASSERT_EQ_INT(sp_membound_pairs(p, 3, s + 2, 1, 100), 0);  /* far away */
    ASSERT_EQ_INT(sp_membound_pairs(p, 3, s + 4, 1, 100), 3);  /* no place: every point */
    ASSERT(sp_membound_pairs(p, 3, s, 1, 0) >= 1);              /* its own point at least */
    double one[] = {5, 5};                                      /* a single point */
    ASSERT_EQ_INT(sp_membound_pairs(one, 1, one, 1, 0), 1);
    ASSERT_EQ_INT(sp_membound_most(p, 3, s, 2, 100), 3);         /* the larger of 3 and 0 */
    ASSERT_EQ_INT(sp_membound_most(p, 3, s + 2, 2, 100), 3);     /* far away, no place */
    ASSERT_EQ_INT(sp_membound_most(p, 3, s + 2, 1, 100), 0);
    ASSERT_EQ_INT(sp_membound_most(p, 0, s, 1, 100), 0);
}

int main(void)
{
    RUN(pairs_bound_random);
    RUN(pairs_bound_edges);
    return test_summary("membound");
}
