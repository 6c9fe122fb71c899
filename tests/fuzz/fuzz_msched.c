/* fuzz_msched.c — what `render` reads (4): mobile_schedule.csv, the [mobile]
 * units' unit-days (rows, numbers, clock times, stops, order); read by
 * sp_results_read() in a copy of a small real result folder
 * (tests/fuzz/results_base, one unit on two unit-days) whose
 * mobile_schedule.csv is the input.  A refusal must be one error line
 * naming the file; a schedule that reads must keep what results_read.h
 * promises of sp_rmsched (checked here: else abort(), a finding). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_util.h"

const char *sp_fuzz_corpus = "msched";

static void wrong(int row, const char *what)
{
    fprintf(stderr, "fuzz_msched: accepted a schedule whose row %d (file line %d) %s\n", row, row + 2,
            what);
    abort();
}

/* 1 when id is a stop of the mobile_stops layer. */
static int is_stop(const sp_results *r, const char *id)
{
    for (int i = 0; i < r->n_mstops; i++)
        if (r->mstops[i].id && !strcmp(r->mstops[i].id, id))
            return 1;
    return 0;
}

/* What sp_results_read() accepted: every row in range, every unit-day a
 * depot row of order 0, stops of order 1.., a depot row back; unit-days in
 * (day, unit) order; as many unit-days as summary.json mobile.unit_days_used. */
static void accepted(const sp_results *r)
{
    const sp_rsummary *s = &r->sum;
    int open = 0, unit_days = 0;
    for (int i = 0; i < r->n_msched; i++) {
        const sp_rmsched *m = &r->msched[i];
        const sp_rmsched *p = i ? m - 1 : NULL;
        if (m->unit < 1 || m->unit > s->mobile_units)
            wrong(i, "has a unit out of 1..mobile.units");
        if (m->day < 1 || m->day > s->mobile_period_days)
            wrong(i, "has a day out of 1..mobile.period_days");
        if (!m->kind || (strcmp(m->kind, "depot") && strcmp(m->kind, "stop")))
            wrong(i, "has a kind other than depot or stop");
        if (!m->stop_id)
            wrong(i, "has no stop_id");
        if (!strcmp(m->kind, "stop") && !is_stop(r, m->stop_id))
            wrong(i, "visits a stop that is not in the mobile_stops layer");
        if (!(m->arrive_min >= 0 && m->depart_min >= m->arrive_min && m->depart_min <= 1440 &&
              m->drive_minutes >= 0 && m->drive_minutes <= 1440 && m->workers >= 0 &&
              isfinite(m->workers) && m->clusters >= 0))
            wrong(i, "has minutes or workers out of range");
        if (!open) {
            if (m->order != 0 || strcmp(m->kind, "depot"))
                wrong(i, "starts a unit-day that is not a depot row of order 0");
            if (p && (m->day < p->day || (m->day == p->day && m->unit <= p->unit)))
                wrong(i, "starts a unit-day out of (day, unit) order");
            open = 1;
            unit_days++;
            continue;
        }
        if (m->unit != p->unit || m->day != p->day || m->order != p->order + 1)
            wrong(i, "does not follow the row before in its unit-day");
        if (m->arrive_min < p->depart_min)
            wrong(i, "arrives before the row before departs");
        if (!strcmp(m->kind, "depot"))
            open = 0;
    }
    if (open)
        wrong(r->n_msched - 1, "is the last, but its unit-day is not back at its depot");
    if (unit_days != s->mobile_unit_days_used) {
        char what[128];
        snprintf(what, sizeof what, "is the last of %d unit-days, but summary.json mobile.unit_days_used "
                 "is %d", unit_days, s->mobile_unit_days_used);
        wrong(r->n_msched - 1, what);
    }
}

int sp_fuzz_check(void)
{
    return sp_fuzz_results_check("mobile_schedule.csv");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    sp_fuzz_results_oracle(data, size, "mobile_schedule.csv", accepted);
    return 0;
}
