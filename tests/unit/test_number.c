/* test_number.c — the one number parser (analysis/core/number.h).
 *
 * Besides the rule itself, every caller's flags are checked against the
 * parser that caller used before (copied here verbatim): on a list of
 * awkward strings and on random strings over digits, signs, dots,
 * exponents, hex and word letters and every kind of blank, the accepted
 * set and the values must be the same, but for one fix: a field of
 * blanks holding a carriage return ("\r", " \r") was the number 0 for
 * input.c and costmatrix.c (strtod read nothing, then the trailing-blank
 * skip ran past the CR); it is blank now, like a field of spaces. */
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "test.h"

/* ---- the parsers before number.c ---- */

static int old_input(const char *s, double *v) /* input.c parse_number */
{
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return 0;
    for (const char *q = s; *q; q++)
        if (!strchr("0123456789+-.eE \t\r", *q))
            return -1;
    char *end;
    *v = strtod(s, &end);
    while (*end == ' ' || *end == '\t' || *end == '\r')
        end++;
    return (end != s && *end == '\0') ? 1 : -1;
}

static int old_scenario(const char *s, double *v) /* scenario.c parse_num */
{
    char *end;
    while (g_ascii_isspace(*s))
        s++;
    if (!*s)
        return 0;
    *v = g_ascii_strtod(s, &end);
    while (g_ascii_isspace(*end))
        end++;
    return *end == '\0' && end != s && isfinite(*v);
}

/* costmatrix.c field_number: 0 empty, 1 ok, -1 not a number, -2 not a
 * finite number >= 0 */
static int old_costmatrix(const char *txt, double *out)
{
    while (*txt == ' ' || *txt == '\t')
        txt++;
    if (!*txt) {
        *out = 0;
        return 0;
    }
    char *end;
    errno = 0;
    double v = strtod(txt, &end);
    while (*end == ' ' || *end == '\t' || *end == '\r')
        end++;
    if (end == txt || *end)
        return -1;
    if (!isfinite(v) || v < 0)
        return -2;
    *out = v;
    return 1;
}

static int old_solve_double(const char *s, double *out) /* cmd_solve parse_double */
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || isnan(v))
        return 0;
    *out = v;
    return 1;
}

static int old_solve_p(const char *s, long *p) /* cmd_solve -p */
{
    char *end;
    errno = 0;
    *p = strtol(s, &end, 10);
    return !(end == s || *end || errno || *p < 0 || *p > 1000000);
}

static int old_threads(const char *s, long *v) /* cmd_run --threads */
{
    char *end;
    *v = strtol(s, &end, 10);
    return !(*end || *v < 1 || *v > 64);
}

static int old_dpi(const char *s, long *v) /* cmd_render --dpi */
{
    char *end;
    *v = strtol(s, &end, 10);
    return !(*end || end == s || *v < 50 || *v > 600);
}

static int old_kmh(const char *v, double *kmh) /* profile.c */
{
    char *end;
    *kmh = strtod(v, &end);
    return !(end == v || *end || !isfinite(*kmh) || *kmh <= 0 || *kmh > 300);
}

/* ---- the callers now ---- */

static int ok_or_range(sp_num_result r) { return r == SP_NUM_OK || r == SP_NUM_RANGE; }

static int new_input(const char *s, double *v)
{
    sp_num_result r = sp_number_parse(s, SP_NUM_SIGN | SP_NUM_BLANKS, v);
    return ok_or_range(r) ? 1 : r == SP_NUM_EMPTY ? 0 : -1;
}

static int new_scenario(const char *s, double *v)
{
    sp_num_result r = sp_number_parse(s, SP_NUM_STRTOD | SP_NUM_TRAIL_SPACE, v);
    return ok_or_range(r) && isfinite(*v);
}

static int new_costmatrix(const char *txt, double *out)
{
    double v;
    sp_num_result r = sp_number_parse(txt, SP_NUM_SIGN | SP_NUM_BLANKS, &v);
    if (r == SP_NUM_EMPTY) {
        *out = 0;
        return 0;
    }
    if (!ok_or_range(r))
        return -1;
    if (!isfinite(v) || v < 0)
        return -2;
    *out = v;
    return 1;
}

static int new_solve_double(const char *s, double *out)
{
    double v;
    if (sp_number_parse(s, SP_NUM_STRTOD, &v) != SP_NUM_OK ||
        isnan(v))
        return 0;
    *out = v;
    return 1;
}

static int new_count(const char *s, double lo, double hi, long *out)
{
    double v;
    if (sp_number_parse(s, SP_NUM_STRTOL, &v) != SP_NUM_OK ||
        v < lo || v > hi)
        return 0;
    *out = (long)v;
    return 1;
}

static int new_kmh(const char *v, double *kmh)
{
    sp_num_result r = sp_number_parse(v, SP_NUM_SIGN | SP_NUM_BLANKS, kmh);
    return !(!ok_or_range(r) || !isfinite(*kmh) || *kmh <= 0 || *kmh > 300);
}

/* ---- comparison ---- */

static int same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

static int n_mismatch;

static void report(const char *who, const char *s)
{
    if (n_mismatch++ < 20) {
        fprintf(stderr, "%s differs on \"", who);
        for (const char *q = s; *q; q++)
            fprintf(stderr, (unsigned char)*q < 32 ? "\\x%02x" : "%c", (unsigned char)*q);
        fprintf(stderr, "\"\n");
    }
}

/* Blanks with a carriage return: the one fix (see the top). */
static int blanks_with_cr(const char *s)
{
    return strspn(s, " \t\r") == strlen(s) && strchr(s, '\r');
}

static void compare_all(const char *s)
{
    double a = 0, b = 0;
    int ra = old_input(s, &a), rb = new_input(s, &b);
    if (blanks_with_cr(s) && ra == 1 && a == 0)
        ra = 0; /* now blank */
    if (ra != rb || (ra == 1 && !same_double(a, b)))
        report("input", s);
    a = b = 0;
    ra = old_scenario(s, &a), rb = new_scenario(s, &b);
    if (ra != rb || (ra && !same_double(a, b)))
        report("scenario", s);
    /* Data files (solve matrix and demand, speed profile) read numbers by
     * the clusters' rule since issue 10 (no hexadecimal, inf, nan or C
     * white space): where that rule rejects, they reject; elsewhere they
     * read what they read before. */
    double d = 0;
    int strict = new_input(s, &d);
    a = b = 0;
    ra = old_costmatrix(s, &a), rb = new_costmatrix(s, &b);
    if (blanks_with_cr(s) && ra == 1 && a == 0)
        ra = 0; /* now empty */
    if (strict == -1)
        ra = -1;
    if (ra != rb || (ra == 1 && !same_double(a, b)))
        report("costmatrix", s);
    a = b = 0;
    ra = old_solve_double(s, &a), rb = new_solve_double(s, &b);
    if (ra != rb || (ra && !same_double(a, b)))
        report("solve --radius", s);
    a = b = 0;
    ra = old_kmh(s, &a), rb = new_kmh(s, &b);
    if (strict != 1)
        ra = 0;
    else if (!ra) /* blanks either side are allowed now, as in every CSV field */
        ra = isfinite(d) && d > 0 && d <= 300, a = d;
    if (ra != rb || (ra && !same_double(a, b)))
        report("profile kmh", s);
    long la = 0, lb = 0;
    ra = old_solve_p(s, &la), rb = new_count(s, 0, 1000000, &lb);
    if (ra != rb || (ra && la != lb))
        report("solve -p", s);
    ra = old_threads(s, &la), rb = new_count(s, 1, 64, &lb);
    if (ra != rb || (ra && la != lb))
        report("run --threads", s);
    ra = old_dpi(s, &la), rb = new_count(s, 50, 600, &lb);
    if (ra != rb || (ra && la != lb))
        report("render --dpi", s);
}

TEST(the_rule)
{
    double v;
    ASSERT_EQ_INT(sp_number_parse("12", 0, &v), SP_NUM_OK);
    ASSERT(v == 12);
    ASSERT_EQ_INT(sp_number_parse("0.5", 0, &v), SP_NUM_OK);
    ASSERT(v == 0.5);
    ASSERT_EQ_INT(sp_number_parse(".5", 0, &v), SP_NUM_OK);
    ASSERT_EQ_INT(sp_number_parse("5.", 0, &v), SP_NUM_OK);
    ASSERT_EQ_INT(sp_number_parse("2.5E-2", 0, &v), SP_NUM_OK);
    ASSERT(v == 2.5E-2);
    ASSERT_EQ_INT(sp_number_parse("", 0, &v), SP_NUM_EMPTY);
    ASSERT_EQ_INT(sp_number_parse(" \t ", 0, &v), SP_NUM_EMPTY);
    const char *bad[] = {"-1", "+1", " 1", "1 ", "0x10", "inf", "nan", "1e", "1e+", ".",
                         "1.2.3", "1,5", "12abc", "e5", "--1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ASSERT_EQ_INT(sp_number_parse(bad[i], 0, &v), SP_NUM_SYNTAX);
        ASSERT(v == 0);
    }
    ASSERT_EQ_INT(sp_number_parse("-1", SP_NUM_SIGN, &v), SP_NUM_OK);
    ASSERT(v == -1);
    ASSERT_EQ_INT(sp_number_parse("1.5", SP_NUM_INT, &v), SP_NUM_SYNTAX);
    ASSERT_EQ_INT(sp_number_parse("1e3", SP_NUM_INT, &v), SP_NUM_SYNTAX);
    ASSERT_EQ_INT(sp_number_parse("0x10", SP_NUM_C_FORMS, &v), SP_NUM_OK);
    ASSERT(v == 16);
    ASSERT_EQ_INT(sp_number_parse("1e999", 0, &v), SP_NUM_RANGE);
    ASSERT(isinf(v));
    ASSERT_EQ_INT(sp_number_parse(" 7\r", SP_NUM_BLANKS, &v), SP_NUM_OK);
    ASSERT(v == 7);
}

TEST(callers_accept_what_they_accepted)
{
    const char *list[] = {
        "", " ", "\t", "\r", "\n", "\v", "0", "00", "-0", "+0", "1", "+1", "-1", "12.5",
        " 12.5", "12.5 ", "12.5\r", " \r12", "\r\r5", "\n5", "5\n", "\v5", "5\v", "5\f",
        "1e3", "1E3", "1e+3", "1e-3", "1e", "1e+", "1.e3", ".e3", ".5", "5.", ".", "+.5",
        "-.5", "0x10", "0X1p3", "-0x1", "inf", "-inf", "INF", "infinity", "nan", "NaN",
        "nan(1)", "1e999", "-1e999", "1e-400", "4.9e-324", "1,5", "1 2", "12abc", "--1",
        "+-1", "64", "65", "50", "600", "601", "1000000", "1000001", "99999999999999999999",
        " 64", "64 ", "+64", "0064", "300", "300.0000001", "1e2", "0.0", "-0.0",
    };
    for (size_t i = 0; i < sizeof list / sizeof *list; i++)
        compare_all(list[i]);
    /* random strings */
    const char alpha[] = "0123456789+-.eExXpPaAfFinINty \t\r\n\v\f,";
    unsigned long long x = 88172645463325252ull;
    char s[16];
    for (int iter = 0; iter < 300000; iter++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int n = (int)(x % 9);
        for (int k = 0; k < n; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            /* digits more often than the rest */
            s[k] = x % 3 ? "0123456789"[x / 3 % 10] : alpha[x / 3 % (sizeof alpha - 1)];
        }
        s[n] = '\0';
        compare_all(s);
    }
    ASSERT_EQ_INT(n_mismatch, 0);
}

/* Percentages are never shown as 0 or 100 unless they are. */
TEST(percent_shown)
{
    static const struct {
        double v;
        int d;
        double want;
    } CASES[] = {
        {99.96, 1, 99.9},  {99.996, 2, 99.99}, {99.94, 1, 99.9}, {99.84, 1, 99.8},
        {100, 1, 100},     {100, 2, 100},      {0.04, 1, 0.1},   {0.004, 2, 0.01},
        {0, 1, 0},         {0, 2, 0},          {50.25, 1, 50.3}, {12.345, 2, 12.35},
        {99.5, 0, 99},     {0.4, 0, 1},        {37.0, 0, 37},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        char got[32], want[32];
        snprintf(got, sizeof got, "%.*f", CASES[i].d, sp_pct_shown(CASES[i].v, CASES[i].d));
        snprintf(want, sizeof want, "%.*f", CASES[i].d, CASES[i].want);
        ASSERT_STR_EQ(got, want);
    }
    /* 100 * covered / total is exactly 100 when all are covered */
    double total = 337921, covered = 337921;
    ASSERT(sp_pct_shown(100 * covered / total, 1) == 100);
    ASSERT(sp_pct_shown(100 * (covered - 1) / total, 2) < 100);
}

int main(void)
{
    RUN(the_rule);
    RUN(callers_accept_what_they_accepted);
    RUN(percent_shown);
    return test_summary("number");
}
