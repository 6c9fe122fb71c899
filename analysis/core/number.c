/* number.c — the one number parser (see number.h). */
#include "number.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* C white space, as isspace() in the C locale. */
static int is_c_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* ASCII white space as GLib counts it (no vertical tab). */
static int is_ascii_space(char c) { return is_c_space(c) && c != '\v'; }

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Length of the plain decimal at s (0 if none). */
static size_t decimal_len(const char *s, unsigned flags)
{
    const char *q = s;
    if ((flags & SP_NUM_SIGN) && (*q == '+' || *q == '-'))
        q++;
    size_t digits = 0;
    while (is_digit(*q))
        q++, digits++;
    if (flags & SP_NUM_INT)
        return digits ? (size_t)(q - s) : 0;
    if (*q == '.') {
        q++;
        while (is_digit(*q))
            q++, digits++;
    }
    if (!digits)
        return 0;
    if (*q == 'e' || *q == 'E') {
        const char *e = q + 1;
        if (*e == '+' || *e == '-')
            e++;
        if (is_digit(*e)) {
            while (is_digit(*e))
                e++;
            q = e;
        }
    }
    return (size_t)(q - s);
}

sp_num_result sp_number_parse(const char *s, unsigned flags, double *out)
{
    *out = 0;
    const char *p = s;
    while (is_blank(*p))
        p++;
    if (!*p)
        return SP_NUM_EMPTY;
    p = s;
    for (;;) {
        if ((flags & SP_NUM_BLANKS) && is_blank(*p))
            p++;
        else if ((flags & SP_NUM_LEAD_SPACE) && is_c_space(*p))
            p++;
        else
            break;
    }
    char *end;
    const char *stop;
    errno = 0;
    if (flags & SP_NUM_C_FORMS) {
        /* strtod's own syntax; a sign only when allowed */
        if (!(flags & SP_NUM_SIGN) && (*p == '+' || *p == '-'))
            return SP_NUM_SYNTAX;
        double v = strtod(p, &end);
        if (end == p)
            return SP_NUM_SYNTAX;
        stop = end;
        *out = v;
    } else {
        size_t n = decimal_len(p, flags);
        if (!n)
            return SP_NUM_SYNTAX;
        *out = strtod(p, &end);
        stop = p + n;
    }
    int range = errno == ERANGE;
    for (;;) {
        if ((flags & SP_NUM_BLANKS) && is_blank(*stop))
            stop++;
        else if ((flags & SP_NUM_TRAIL_SPACE) && is_ascii_space(*stop))
            stop++;
        else
            break;
    }
    if (*stop) {
        *out = 0;
        return SP_NUM_SYNTAX;
    }
    return range ? SP_NUM_RANGE : SP_NUM_OK;
}

double sp_pct_shown(double pct, int decimals)
{
    if (!isfinite(pct))
        return pct;
    double q = pow(10, decimals), r = round(pct * q) / q;
    if (pct < 100 && r >= 100)
        r = 100 - 1 / q;
    if (pct > 0 && r <= 0)
        r = 1 / q;
    return r;
}

double sp_minutes_shown(double seconds)
{
    if (!isfinite(seconds))
        return seconds;
    return ceil(seconds / 60.0 * 1e4) / 1e4;
}
