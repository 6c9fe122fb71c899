/* test_capacity.c — the three-way capacity split's percentages
 * (sp_capacity_pct3, capacity.h): they add up to exactly 100 and keep the
 * rule of sp_pct_shown (a part strictly between 0 and the whole is never
 * shown as 0 or 100); expected values worked out by hand. */
#include <math.h>

#include "capacity.h"
#include "test.h"

static void check3(double a, double b, double c, double whole, int dec, double x, double y, double z)
{
    double part[3] = {a, b, c}, out[3];
    sp_capacity_pct3(part, whole, dec, out);
    ASSERT_NEAR(out[0], x, 1e-9);
    ASSERT_NEAR(out[1], y, 1e-9);
    ASSERT_NEAR(out[2], z, 1e-9);
    if (whole > 0)
        ASSERT_NEAR(out[0] + out[1] + out[2], 100, 1e-9);
}

TEST(add_up_to_100)
{
    check3(130, 110, 10, 250, 2, 52, 44, 4);                /* exact */
    check3(1, 1, 1, 3, 2, 33.34, 33.33, 33.33);              /* a unit left: the first part */
    check3(1, 1, 1, 3, 1, 33.4, 33.3, 33.3);
    check3(2, 1, 0, 3, 2, 66.67, 33.33, 0);                  /* 66.666.. rounds up, 33.333.. down */
    check3(0, 250, 0, 250, 2, 0, 100, 0);                    /* all in one part: 100 */
    check3(0, 0, 0, 0, 2, 0, 0, 0);                          /* no workers */
}

TEST(never_0_or_100_unless_it_is)
{
    /* 0.001 % and 0.001 % of the whole: shown as 0.01 each, the rest 99.98 */
    check3(1, 99998, 1, 100000, 2, 0.01, 99.98, 0.01);
    /* 99.996 %, 0.004 %, 0: 99.99 and 0.01 (not 100.00 and 0.00) */
    check3(99996, 4, 0, 100000, 2, 99.99, 0.01, 0);
    /* with one decimal: 99.96 % -> 99.9, 0.04 % -> 0.1 */
    check3(9996, 4, 0, 10000, 1, 99.9, 0.1, 0);
    /* 337,920 of 337,921 served, 1 not covered (the default scenario's scale) */
    check3(337920, 0, 1, 337921, 2, 99.99, 0, 0.01);
}

int main(void)
{
    RUN(add_up_to_100);
    RUN(never_0_or_100_unless_it_is);
    return test_summary("capacity");
}
