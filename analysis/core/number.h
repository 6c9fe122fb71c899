/* number.h — the one number parser for inputs and options.
 *
 * The rule: a whole string holding a plain decimal number, digits with an
 * optional fraction and an optional exponent ("12", "0.5", ".5", "5.",
 * "1e3", "2.5E-2"); no sign, no blanks, no hexadecimal, no "inf" or "nan",
 * nothing after it.  Flags widen the rule for callers that accept more:
 *
 *   SP_NUM_SIGN        a leading '+' or '-'
 *   SP_NUM_INT         digits only (no fraction, no exponent)
 *   SP_NUM_C_FORMS     also what C strtod() reads beyond plain decimals:
 *                      hexadecimal ("0x1p3"), "inf", "infinity", "nan"
 *                      (with SP_NUM_SIGN: signed forms too)
 *   SP_NUM_LEAD_SPACE  leading C white space (space, \t \n \v \f \r), as
 *                      strtod() and strtol() skip it
 *   SP_NUM_TRAIL_SPACE trailing ASCII white space (space, \t \n \f \r)
 *   SP_NUM_BLANKS      blanks (space, tab, carriage return) on either side,
 *                      as a CSV field may carry
 *
 * Results: SP_NUM_OK; SP_NUM_EMPTY when s is empty or only blanks (space,
 * tab, carriage return; whatever the flags); SP_NUM_SYNTAX for anything else the rule does
 * not accept; SP_NUM_RANGE when the syntax is fine but strtod() reports
 * ERANGE (overflow to +-HUGE_VAL, or underflow); *out then holds
 * strtod()'s value, so a caller may accept it.  *out is the value for OK
 * and RANGE, 0 otherwise.  The value is strtod()'s of the same text (the C
 * locale: siteplan never calls setlocale).  No allocation, no state; any
 * thread.
 */
#ifndef SP_NUMBER_H
#define SP_NUMBER_H

enum {
    SP_NUM_SIGN = 1 << 0,
    SP_NUM_INT = 1 << 1,
    SP_NUM_C_FORMS = 1 << 2,
    SP_NUM_LEAD_SPACE = 1 << 3,
    SP_NUM_TRAIL_SPACE = 1 << 4,
    SP_NUM_BLANKS = 1 << 5,
    /* what strtol(s, &end, 10) and strtod(s, &end) read, with *end == 0 */
    SP_NUM_STRTOL = SP_NUM_SIGN | SP_NUM_INT | SP_NUM_LEAD_SPACE,
    SP_NUM_STRTOD = SP_NUM_SIGN | SP_NUM_C_FORMS | SP_NUM_LEAD_SPACE,
};

typedef enum {
    SP_NUM_OK = 0,
    SP_NUM_EMPTY,
    SP_NUM_SYNTAX,
    SP_NUM_RANGE,
} sp_num_result;

sp_num_result sp_number_parse(const char *s, unsigned flags, double *out);

/* A percentage as it is shown with `decimals` decimals (the one rule for
 * every output, README "Percentages"): rounded to the nearest, except that
 * a value strictly between 0 and 100 is never shown as 0 or 100: it is
 * then the nearest shown value that is not (99.96 with one decimal is 99.9,
 * 0.04 is 0.1).  Print the result with %.*f and the same decimals. */
double sp_pct_shown(double pct, int decimals);

/* A travel time in minutes as the outputs show it (4 decimals): rounded UP
 * to 1/10000 minute, so that for any threshold T with at most 4 decimals
 * (10, 7.5) "shown <= T" holds exactly when "seconds <= 60 T" does: the
 * threshold test can be read from the file (README "Travel times"). */
double sp_minutes_shown(double seconds);

#endif
