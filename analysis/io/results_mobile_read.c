/* results_mobile_read.c — the [mobile] parts of a results folder, checked and
 * read (results_read.h): summary.json "mobile", the mobile_routes and
 * mobile_stops layers, mobile_schedule.csv.  Read only when summary.json
 * has "mobile". */
#include "results_read_internal.h"
#include "number.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AGAIN "(not written by siteplan run; run the scenario again)"

/* ---- summary.json ---- */

/* "HH:MM" with HH 00..hmax, MM 00..59; the minutes after midnight, or -1. */
static int clock_min(const char *s, int hmax)
{
    if (!s)
        return -1;
    size_t n = strlen(s);
    if (n < 5 || n > 6 || s[n - 3] != ':')
        return -1;
    for (size_t i = 0; i < n; i++)
        if (i != n - 3 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int h = atoi(s), m = atoi(s + n - 2);
    return h <= hmax && m <= 59 ? h * 60 + m : -1;
}

sp_status sp__results_mobile_summary(sp_results *d, const char *path)
{
    sp_rsummary *s = &d->sum;
    s->mobile_units = (int)sp_results_num(d, "mobile.units", 0);
    s->mobile_period_days = (int)sp_results_num(d, "mobile.period_days", 0);
    s->mobile_block_days = (int)sp_results_num(d, "mobile.block_days", 0);
    s->mobile_visits = (int)sp_results_num(d, "mobile.visits_per_period", 0);
    s->mobile_unit_days_used = (int)sp_results_num(d, "mobile.unit_days_used", 0);
    s->mobile_unit_days_needed = (int)sp_results_num(d, "mobile.unit_days_needed", 0);
    s->mobile_unit_days_available = (int)sp_results_num(d, "mobile.unit_days_available", 0);
    s->mobile_lower_bound = (int)sp_results_num(d, "mobile.unit_days_lower_bound", 0);
    json_object *opt = NULL;
    s->mobile_optimal = json_object_object_get_ex(json_object_object_get(d->summary, "mobile"), "optimal", &opt) &&
                        json_object_get_boolean(opt);
    s->mobile_stops = (int)sp_results_num(d, "mobile.stops", 0);
    s->mobile_workers_target = sp_results_num(d, "mobile.workers_target", NAN);
    s->mobile_workers_served = sp_results_num(d, "mobile.workers_served", NAN);
    s->mobile_unserved_unreachable = sp_results_num(d, "mobile.workers_unserved." SP_MREASON_UNREACHABLE, NAN);
    s->mobile_unserved_too_far = sp_results_num(d, "mobile.workers_unserved." SP_MREASON_TOO_FAR, NAN);
    s->mobile_unserved_no_days = sp_results_num(d, "mobile.workers_unserved." SP_MREASON_NO_DAYS, NAN);
    s->mobile_unserved_no_stop = sp_results_num(d, "mobile.workers_unserved." SP_MREASON_NO_STOP, NAN);
    s->mobile_drive_minutes = sp_results_num(d, "mobile.drive_minutes", NAN);
    s->mobile_capacity_per_day = sp_results_num(d, "mobile.capacity_per_day", NAN);
    s->mobile_day_hours = sp_results_num(d, "mobile.day_hours", NAN);
    s->mobile_walk_minutes = sp_results_num(d, "mobile.walk_minutes", NAN);
    s->mobile_serve = sp_results_str(d, "mobile.serve", "");
    s->mobile_drive_mode = sp_results_str(d, "mobile.drive_mode", "");
    s->mobile_day_start = sp_results_str(d, "mobile.day_start", "");

    /* beyond the types and count ranges of check_summary */
    const char *key = NULL, *what = NULL;
    double v = 0;
#define NEED(k, val, cond, w)                                                                       \
    if (!key && !(cond)) {                                                                          \
        key = k;                                                                                    \
        v = (val);                                                                                  \
        what = w;                                                                                   \
    }
    NEED("units", s->mobile_units, s->mobile_units >= 1, "a number of units from 1");
    NEED("period_days", s->mobile_period_days, s->mobile_period_days >= 1, "a number of days from 1");
    NEED("visits_per_period", s->mobile_visits, s->mobile_visits >= 1, "a number of visits from 1");
    NEED("block_days", s->mobile_block_days,
         s->mobile_block_days >= 1 && (long long)s->mobile_block_days * s->mobile_visits == s->mobile_period_days,
         "period_days / visits_per_period");
    NEED("capacity_per_day", s->mobile_capacity_per_day,
         isnan(s->mobile_capacity_per_day) || s->mobile_capacity_per_day > 0,
         "a number above 0, or null (unlimited)");
    NEED("day_hours", s->mobile_day_hours, s->mobile_day_hours > 0 && s->mobile_day_hours <= 24,
         "hours above 0 and at most 24");
    NEED("walk_minutes", s->mobile_walk_minutes, s->mobile_walk_minutes >= 0, "minutes from 0");
    NEED("setup_minutes", sp_results_num(d, "mobile.setup_minutes", NAN),
         sp_results_num(d, "mobile.setup_minutes", NAN) >= 0, "minutes from 0");
    NEED("minutes_per_worker", sp_results_num(d, "mobile.minutes_per_worker", NAN),
         sp_results_num(d, "mobile.minutes_per_worker", NAN) >= 0, "minutes from 0");
    NEED("workers_target", s->mobile_workers_target, s->mobile_workers_target >= 0, "a number of workers from 0");
    NEED("workers_served", s->mobile_workers_served,
         s->mobile_workers_served >= 0 && s->mobile_workers_served <= s->mobile_workers_target * (1 + 1e-9) + 1e-9,
         "a number of workers from 0 to workers_target");
    NEED("workers_unserved." SP_MREASON_UNREACHABLE, s->mobile_unserved_unreachable,
         s->mobile_unserved_unreachable >= 0, "a number of workers from 0");
    NEED("workers_unserved." SP_MREASON_TOO_FAR, s->mobile_unserved_too_far, s->mobile_unserved_too_far >= 0,
         "a number of workers from 0");
    NEED("workers_unserved." SP_MREASON_NO_DAYS, s->mobile_unserved_no_days, s->mobile_unserved_no_days >= 0,
         "a number of workers from 0");
    NEED("workers_unserved." SP_MREASON_NO_STOP, s->mobile_unserved_no_stop, s->mobile_unserved_no_stop >= 0,
         "a number of workers from 0");
    NEED("unit_days_available", s->mobile_unit_days_available,
         (long long)s->mobile_units * s->mobile_period_days == s->mobile_unit_days_available,
         "units x period_days");
    NEED("unit_days_used", s->mobile_unit_days_used,
         s->mobile_unit_days_used <= s->mobile_unit_days_available, "at most unit_days_available");
    NEED("unit_days_lower_bound", s->mobile_lower_bound, s->mobile_lower_bound <= s->mobile_unit_days_needed,
         "at most unit_days_needed");
    NEED("drive_minutes", s->mobile_drive_minutes, s->mobile_drive_minutes >= 0, "minutes from 0");
#undef NEED
    if (key)
        return sp_error(SP_E_INPUT, "%s: key \"mobile.%s\" is %.10g, expected %s " AGAIN, path, key, v, what);
    if (clock_min(s->mobile_day_start, 23) < 0)
        return sp_error(SP_E_INPUT, "%s: key \"mobile.day_start\" is \"%s\", expected a clock time HH:MM "
                        AGAIN, path, sp_first_line(s->mobile_day_start));
    json_object *dep = NULL;
    json_object_object_get_ex(json_object_object_get(d->summary, "mobile"), "depots", &dep);
    for (size_t i = 0; dep && i < json_object_array_length(dep); i++) {
        json_object *e = json_object_array_get_idx(dep, i);
        if (!json_object_is_type(e, json_type_string) || !*json_object_get_string(e))
            return sp_error(SP_E_INPUT, "%s: key \"mobile.depots[%zu]\" is not a depot id " AGAIN, path, i);
    }
    return SP_OK;
}

/* 1 when id is one of summary.json mobile.depots. */
static int is_depot(const sp_results *d, const char *id)
{
    json_object *dep = NULL;
    json_object_object_get_ex(json_object_object_get(d->summary, "mobile"), "depots", &dep);
    for (size_t i = 0; id && dep && i < json_object_array_length(dep); i++)
        if (!strcmp(json_object_get_string(json_object_array_get_idx(dep, i)), id))
            return 1;
    return 0;
}

/* ---- results.gpkg ---- */

/* Field k of ix: an integer from lo to hi (else reported); dflt when null. */
static int int_in(sp__rd *cx, OGRFeatureH f, const int *ix, int k, int lo, int hi, int dflt)
{
    int v = sp__rd_int(cx, f, ix[k], dflt);
    if (OGR_F_IsFieldSetAndNotNull(f, ix[k]) && (v < lo || v > hi)) {
        char what[96];
        snprintf(what, sizeof what, "a whole number from %d to %d", lo, hi);
        sp__rd_bad(cx, f, OGR_Fld_GetNameRef(OGR_F_GetFieldDefnRef(f, ix[k])), v, what);
    }
    return v;
}

/* Field k: a number from 0 (null: 0). */
static double nonneg(sp__rd *cx, OGRFeatureH f, const int *ix, int k)
{
    double v = sp__rd_num(cx, f, ix[k], 0);
    if (v < 0)
        sp__rd_bad(cx, f, OGR_Fld_GetNameRef(OGR_F_GetFieldDefnRef(f, ix[k])), v, "a number from 0");
    return v;
}

/* A LineString as a shape of one part (no part when the geometry is null). */
static void line_from(sp__rd *cx, OGRFeatureH f, OGRGeometryH g, sp_rshape *s)
{
    memset(s, 0, sizeof *s);
    int np = g && wkbFlatten(OGR_G_GetGeometryType(g)) == wkbLineString ? OGR_G_GetPointCount(g) : 0;
    s->ring_off = calloc(2, sizeof *s->ring_off);
    s->hole = calloc(1, 1);
    s->xy = calloc(np > 0 ? 2 * (size_t)np : 1, sizeof *s->xy);
    s->bb[0] = s->bb[1] = INFINITY;
    s->bb[2] = s->bb[3] = -INFINITY;
    if (!s->ring_off || !s->hole || !s->xy || np < 2)
        return;
    OGR_G_GetPoints(g, s->xy, 2 * sizeof(double), s->xy + 1, 2 * sizeof(double), NULL, 0);
    sp__rd_xy(cx, f, s->xy, (size_t)np);
    s->n_rings = 1;
    s->ring_off[1] = np;
    for (int i = 0; i < np; i++) {
        s->bb[0] = fmin(s->bb[0], s->xy[2 * i]);
        s->bb[2] = fmax(s->bb[2], s->xy[2 * i]);
        s->bb[1] = fmin(s->bb[1], s->xy[2 * i + 1]);
        s->bb[3] = fmax(s->bb[3], s->xy[2 * i + 1]);
    }
}

sp_status sp__results_read_mroutes(sp__rd *cx, sp_results *d, OGRLayerH l, const int *ix, int n)
{
    const sp_rsummary *s = &d->sum;
    d->mroutes = calloc(n ? (size_t)n : 1, sizeof *d->mroutes);
    if (!d->mroutes)
        return SP_E_NOMEM;
    OGRFeatureH f;
    while (d->n_mroutes < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        sp_rmroute *r = &d->mroutes[d->n_mroutes++];
        r->unit = int_in(cx, f, ix, SP_F_MR_UNIT, 1, s->mobile_units, 1);
        r->day = int_in(cx, f, ix, SP_F_MR_DAY, 1, s->mobile_block_days, 1);
        r->depot_id = sp__rd_str(f, ix[SP_F_MR_DEPOT_ID]);
        r->stops = sp__rd_int(cx, f, ix[SP_F_MR_STOPS], 0);
        r->workers = nonneg(cx, f, ix, SP_F_MR_WORKERS);
        r->drive_minutes = nonneg(cx, f, ix, SP_F_MR_DRIVE_MINUTES);
        r->day_minutes = nonneg(cx, f, ix, SP_F_MR_DAY_MINUTES);
        r->length_km = nonneg(cx, f, ix, SP_F_MR_LENGTH_KM);
        line_from(cx, f, OGR_F_GetGeometryRef(f), &r->line);
        if (!r->line.ring_off || !r->line.hole || !r->line.xy) {
            OGR_F_Destroy(f);
            return SP_E_NOMEM;
        }
        if (!cx->bad && !is_depot(d, r->depot_id)) {
            cx->bad++;
            sp_error(SP_E_INPUT, "%s, layer \"%s\", feature %lld, field \"depot_id\": \"%s\" is not a "
                     "depot of summary.json mobile.depots " AGAIN, cx->path, cx->layer,
                     (long long)OGR_F_GetFID(f), r->depot_id ? sp_first_line(r->depot_id) : "");
        }
        OGR_F_Destroy(f);
    }
    return SP_OK;
}

sp_status sp__results_read_mstops(sp__rd *cx, sp_results *d, OGRLayerH l, const int *ix, int n)
{
    const sp_rsummary *s = &d->sum;
    d->mstops = calloc(n ? (size_t)n : 1, sizeof *d->mstops);
    if (!d->mstops)
        return SP_E_NOMEM;
    static const char *const REASONS[] = {SP_MREASON_SERVED, SP_MREASON_UNREACHABLE, SP_MREASON_TOO_FAR,
                                          SP_MREASON_NO_DAYS};
    OGRFeatureH f;
    while (d->n_mstops < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        sp_rmstop *m = &d->mstops[d->n_mstops];
        if (!sp__rd_point(cx, f, OGR_F_GetGeometryRef(f), &m->x, &m->y)) {
            if (!cx->bad)
                sp__rd_bad(cx, f, NULL, 0, "a point (the geometry is empty)");
            OGR_F_Destroy(f);
            continue;
        }
        d->n_mstops++;
        m->id = sp__rd_str(f, ix[SP_F_MS_STOP_ID]);
        m->name = sp__rd_str(f, ix[SP_F_MS_NAME]);
        m->workers = nonneg(cx, f, ix, SP_F_MS_WORKERS);
        m->served = nonneg(cx, f, ix, SP_F_MS_SERVED);
        m->clusters = sp__rd_int(cx, f, ix[SP_F_MS_CLUSTERS], 0);
        m->visits = sp__rd_int(cx, f, ix[SP_F_MS_VISITS], 0);
        m->unit = int_in(cx, f, ix, SP_F_MS_UNIT, 0, s->mobile_units, 0);
        m->day = int_in(cx, f, ix, SP_F_MS_DAY, 0, s->mobile_block_days, 0);
        m->order = sp__rd_int(cx, f, ix[SP_F_MS_ORDER], 0);
        m->reason = sp__rd_str(f, ix[SP_F_MS_REASON]);
        int known = 0;
        for (size_t k = 0; m->reason && k < sizeof REASONS / sizeof *REASONS; k++)
            known |= !strcmp(m->reason, REASONS[k]);
        if (!cx->bad && (!m->id || !*m->id)) {
            sp__rd_bad(cx, f, "stop_id", 0, "a stop id (it is empty)");
        } else if (!cx->bad && !known) {
            cx->bad++;
            sp_error(SP_E_INPUT, "%s, layer \"%s\", feature %lld, field \"reason\": \"%s\" is not one of "
                     SP_MREASON_SERVED ", " SP_MREASON_UNREACHABLE ", " SP_MREASON_TOO_FAR ", "
                     SP_MREASON_NO_DAYS " " AGAIN, cx->path, cx->layer, (long long)OGR_F_GetFID(f),
                     m->reason ? sp_first_line(m->reason) : "");
        } else if (!cx->bad && (m->visits > 0) != (m->unit > 0 && m->day > 0 && m->order > 0)) {
            sp__rd_bad(cx, f, "visits", m->visits, "consistent with unit, day and order (all 0 when "
                                                   "not visited, all from 1 when visited)");
        }
        OGR_F_Destroy(f);
    }
    return SP_OK;
}

/* ---- mobile_schedule.csv ---- */

/* Value of column k: NULL when good (into *v), else what it should be. */
static const char *sched_num(int k, const char *s, const sp_rsummary *sum, double *v)
{
    unsigned int_flag = k == SP_C_MS_UNIT || k == SP_C_MS_DAY || k == SP_C_MS_ORDER || k == SP_C_MS_CLUSTERS
                            ? SP_NUM_INT : 0;
    sp_num_result r = sp_number_parse(s, SP_NUM_BLANKS | int_flag, v);
    int ok = r == SP_NUM_OK;
    switch (k) {
    case SP_C_MS_UNIT:
        return ok && *v >= 1 && *v <= sum->mobile_units ? NULL : "a unit from 1 to summary.json mobile.units";
    case SP_C_MS_DAY:
        return ok && *v >= 1 && *v <= sum->mobile_period_days
                   ? NULL : "a day from 1 to summary.json mobile.period_days";
    case SP_C_MS_ORDER:
    case SP_C_MS_CLUSTERS:
        return ok && *v <= SP_RESULTS_MAX_COUNT ? NULL : "a whole number from 0 to 268435455";
    case SP_C_MS_ARRIVE_MIN:
    case SP_C_MS_DEPART_MIN:
    case SP_C_MS_DRIVE_MINUTES:
        return ok && *v <= 1440 ? NULL : "minutes from 0 to 1440";
    default: /* workers */
        return ok && *v <= SP_RESULTS_MAX_ABS ? NULL : "a number of workers from 0 to 1e+15";
    }
}

static const int SCHED_NUMS[] = {SP_C_MS_UNIT, SP_C_MS_DAY, SP_C_MS_ORDER, SP_C_MS_ARRIVE_MIN,
                                 SP_C_MS_DEPART_MIN, SP_C_MS_DRIVE_MINUTES, SP_C_MS_WORKERS,
                                 SP_C_MS_CLUSTERS};

/* One row checked against the one before (prev; NULL for the first): NULL
 * when good, else what is wrong (into buf). */
static const char *sched_order(const sp_rmsched *prev, const sp_rmsched *r, int prev_closed, char *buf,
                               size_t len)
{
    int depot = !strcmp(r->kind, SP_MKIND_DEPOT);
    if (r->order == 0) {
        if (!depot)
            return "order 0 is not a depot row (each unit-day starts at its depot)";
        if (prev && !prev_closed)
            return "a new unit-day starts before the last one is back at its depot";
        if (prev && (r->day < prev->day || (r->day == prev->day && r->unit <= prev->unit)))
            return "rows are not ordered by day, then unit (each unit-day once)";
        if (r->arrive_min != 0 || r->depart_min != 0)
            return "a unit-day does not leave its depot at minute 0";
        return NULL;
    }
    if (!prev || prev_closed || prev->unit != r->unit || prev->day != r->day || r->order != prev->order + 1) {
        snprintf(buf, len, "order %d does not follow %s", r->order,
                 !prev || prev_closed ? "a depot row of order 0" : "the row before in the same unit-day");
        return buf;
    }
    if (r->arrive_min < prev->depart_min)
        return "arrive_min is before the row before departs";
    if (r->depart_min < r->arrive_min)
        return "depart_min is before arrive_min";
    if (depot && (r->workers != 0 || r->arrive_min != r->depart_min))
        return "a depot row serves workers or stays";
    return NULL;
}

sp_status sp__results_read_msched(sp_results *d, const char *dir)
{
    char path[4096];
    GDALDatasetH ds;
    OGRLayerH l;
    void *rows;
    size_t n;
    sp_status st = sp__results_open_csv_rows(dir, SP_FILE_MOBILE_SCHEDULE, path, sizeof path, &ds, &l,
                                              &rows, sizeof *d->msched, &n);
    if (st)
        return st;
    d->msched = rows;
    const sp_schema_table *t = sp_schema_csv(SP_CSV_MOBILE_SCHEDULE);
    GHashTable *stops = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = 0; i < d->n_mstops; i++)
        if (d->mstops[i].id)
            g_hash_table_add(stops, d->mstops[i].id);
    int closed = 1;   /* the unit-day before is back at its depot */
    int unit_days = 0;
    OGRFeatureH f;
    while (!st && (size_t)d->n_msched < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        const char *s[SP_C_MS_COUNT];
        for (int k = 0; k < SP_C_MS_COUNT; k++)   /* columns in schema order (header checked) */
            s[k] = OGR_F_IsFieldSetAndNotNull(f, k) ? OGR_F_GetFieldAsString(f, k) : "";
        int line = d->n_msched + 2, bad = -1;
        const char *what = NULL;
        double v[SP_C_MS_COUNT] = {0};
        for (size_t q = 0; q < sizeof SCHED_NUMS / sizeof *SCHED_NUMS && bad < 0; q++) {
            int k = SCHED_NUMS[q];
            if ((what = sched_num(k, s[k], &d->sum, &v[k])) != NULL)
                bad = k;
        }
        if (bad < 0 && strcmp(s[SP_C_MS_KIND], SP_MKIND_DEPOT) && strcmp(s[SP_C_MS_KIND], SP_MKIND_STOP)) {
            bad = SP_C_MS_KIND;
            what = "\"" SP_MKIND_DEPOT "\" or \"" SP_MKIND_STOP "\"";
        }
        if (bad < 0 && !strcmp(s[SP_C_MS_KIND], SP_MKIND_DEPOT) && !is_depot(d, s[SP_C_MS_STOP_ID])) {
            bad = SP_C_MS_STOP_ID;
            what = "a depot of summary.json mobile.depots";
        }
        if (bad < 0 && !strcmp(s[SP_C_MS_KIND], SP_MKIND_STOP) && !g_hash_table_contains(stops, s[SP_C_MS_STOP_ID])) {
            bad = SP_C_MS_STOP_ID;
            what = "a stop of the mobile_stops layer";
        }
        for (int k = SP_C_MS_ARRIVE; bad < 0 && k <= SP_C_MS_DEPART; k++) {
            int cm = clock_min(s[k], 99);
            int want = clock_min(d->sum.mobile_day_start, 23) + (int)floor(v[k + SP_C_MS_ARRIVE_MIN - SP_C_MS_ARRIVE]);
            if (cm != want) {
                bad = k;
                what = cm < 0 ? "a clock time HH:MM" : "mobile.day_start + its minutes, rounded down";
            }
        }
        if (bad >= 0) {
            st = sp_error(SP_E_INPUT, "%s, line %d, column \"%s\": \"%s\" is not %s " AGAIN, path, line,
                          t->fields[bad].name, sp_first_line(s[bad]), what);
            OGR_F_Destroy(f);
            break;
        }
        sp_rmsched *r = &d->msched[d->n_msched];
        r->unit = (int)v[SP_C_MS_UNIT];
        r->day = (int)v[SP_C_MS_DAY];
        r->order = (int)v[SP_C_MS_ORDER];
        r->arrive_min = v[SP_C_MS_ARRIVE_MIN];
        r->depart_min = v[SP_C_MS_DEPART_MIN];
        r->drive_minutes = v[SP_C_MS_DRIVE_MINUTES];
        r->workers = v[SP_C_MS_WORKERS];
        r->clusters = (int)v[SP_C_MS_CLUSTERS];
        r->kind = strdup(s[SP_C_MS_KIND]);
        r->stop_id = strdup(s[SP_C_MS_STOP_ID]);
        r->stop_name = *s[SP_C_MS_STOP_NAME] ? strdup(s[SP_C_MS_STOP_NAME]) : NULL;
        d->n_msched++;
        int nomem = !r->kind || !r->stop_id || (*s[SP_C_MS_STOP_NAME] && !r->stop_name);
        OGR_F_Destroy(f);
        if (nomem) {
            st = sp_error(SP_E_NOMEM, "out of memory reading %s", path);
            break;
        }
        char buf[160];
        const char *wrong = sched_order(d->n_msched > 1 ? r - 1 : NULL, r, closed, buf, sizeof buf);
        if (wrong)
            st = sp_error(SP_E_INPUT, "%s, line %d: %s " AGAIN, path, line, wrong);
        closed = r->order > 0 && !strcmp(r->kind, SP_MKIND_DEPOT);
        unit_days += r->order == 0;
    }
    if (!st && !closed)
        st = sp_error(SP_E_INPUT, "%s, line %d: the last unit-day does not end back at its depot " AGAIN, path,
                      d->n_msched + 1);
    /* every unit-day of the period is in the file (a header alone is not an
       empty plan when summary.json counts unit-days) */
    if (!st && unit_days != d->sum.mobile_unit_days_used)
        st = sp_error(SP_E_INPUT, "%s: %d unit-day%s, but summary.json mobile.unit_days_used is %d " AGAIN,
                      path, unit_days, unit_days == 1 ? "" : "s", d->sum.mobile_unit_days_used);
    g_hash_table_destroy(stops);
    GDALClose(ds);
    return st;
}

void sp__results_free_mobile(sp_results *d)
{
    for (int i = 0; d->mstops && i < d->n_mstops; i++) {
        free(d->mstops[i].id);
        free(d->mstops[i].name);
        free(d->mstops[i].reason);
    }
    free(d->mstops);
    for (int i = 0; d->mroutes && i < d->n_mroutes; i++) {
        free(d->mroutes[i].depot_id);
        sp__rshape_free(&d->mroutes[i].line);
    }
    free(d->mroutes);
    for (int i = 0; d->msched && i < d->n_msched; i++) {
        free(d->msched[i].kind);
        free(d->msched[i].stop_id);
        free(d->msched[i].stop_name);
    }
    free(d->msched);
}
