/* test.h — a tiny test harness: TEST(name) functions, ASSERT_* macros that
 * print both sides, and a closing "N passed, N failed" line.
 *
 * Usage:
 *   TEST(my_case) { ASSERT_EQ_INT(1 + 1, 2); }
 *   int main(void) { RUN(my_case); return test_summary("graph"); }
 */
#ifndef SP_TEST_H
#define SP_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int t_failed_asserts;
static int t_passed, t_failed;

#define TEST(name) static void name(void)

#define RUN(name)                                                              \
    do {                                                                       \
        int before_ = t_failed_asserts;                                        \
        name();                                                                \
        if (t_failed_asserts == before_) {                                     \
            t_passed++;                                                        \
        } else {                                                               \
            t_failed++;                                                        \
            fprintf(stderr, "FAIL %s\n", #name);                               \
        }                                                                      \
    } while (0)

#define T_FAIL_(...)                                                           \
    do {                                                                       \
        fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                        \
        fprintf(stderr, __VA_ARGS__);                                          \
        fputc('\n', stderr);                                                   \
        t_failed_asserts++;                                                    \
    } while (0)

#define ASSERT(cond)                                                           \
    do {                                                                       \
        if (!(cond)) {                                                         \
            T_FAIL_("assertion failed: %s", #cond);                            \
            return;                                                            \
        }                                                                      \
    } while (0)

#define ASSERT_EQ_INT(a, b)                                                    \
    do {                                                                       \
        long long a_ = (long long)(a), b_ = (long long)(b);                    \
        if (a_ != b_) {                                                        \
            T_FAIL_("%s == %s: %lld != %lld", #a, #b, a_, b_);                 \
            return;                                                            \
        }                                                                      \
    } while (0)

#define ASSERT_NEAR(a, b, tol)                                                 \
    do {                                                                       \
        double a_ = (double)(a), b_ = (double)(b), t_ = (double)(tol);         \
        if (!(fabs(a_ - b_) <= t_) && !(isinf(a_) && isinf(b_) && a_ == b_)) { \
            T_FAIL_("%s ~ %s: %.9g vs %.9g (diff %.3g, tol %.3g)", #a, #b, a_,  \
                    b_, fabs(a_ - b_), t_);                                    \
            return;                                                            \
        }                                                                      \
    } while (0)

#define ASSERT_STR_EQ(a, b)                                                    \
    do {                                                                       \
        const char *a_ = (a), *b_ = (b);                                       \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                               \
            T_FAIL_("%s == %s: \"%s\" != \"%s\"", #a, #b, a_ ? a_ : "(null)",  \
                    b_ ? b_ : "(null)");                                       \
            return;                                                            \
        }                                                                      \
    } while (0)

#define ASSERT_CONTAINS(hay, needle)                                           \
    do {                                                                       \
        const char *h_ = (hay), *n_ = (needle);                                \
        if (!h_ || !strstr(h_, n_)) {                                          \
            T_FAIL_("%s does not contain \"%s\": \"%s\"", #hay, n_,            \
                    h_ ? h_ : "(null)");                                       \
            return;                                                            \
        }                                                                      \
    } while (0)

static inline int test_summary(const char *suite)
{
    printf("%s: %d passed, %d failed\n", suite, t_passed, t_failed);
    return t_failed ? 1 : 0;
}

#endif
