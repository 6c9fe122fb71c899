/* test_results_mobile.c — the [mobile] part of the results schema (version
 * 6): writer -> folder -> reader.
 *
 * The Shenzhen scenario (tests/data/shenzhen) is run through the real
 * pipeline; a synthetic sp_mobile with its plan (2 depots = the first two
 * sites, 5 stops = the first five clusters, 2 units, a period of 10 days in
 * 2 blocks of 5, three routes, one stop split over two days, one too far,
 * one target cluster without a stop, a route with a one-vertex line) is
 * attached to the outcome and written by the real writer:
 *   - round trip: summary.json "mobile", the mobile_routes and mobile_stops
 *     layers and mobile_schedule.csv read back equal what was written (at
 *     the precision the writer rounds to);
 *   - the schedule: one unit-day per route and block (day = block x
 *     block_days + day + 1), ordered by day then unit, each from a depot
 *     row at minute 0 through its stops to a depot row, times
 *     non-decreasing, clock times from day_start;
 *   - two writes give the same bytes;
 *   - a run without [mobile] into the same folder removes
 *     mobile_schedule.csv, has no mobile layers, and reads fine;
 *   - the reader refuses a bad number, unit 0, rows out of order, a
 *     schedule of fewer unit-days than summary.json counts (a header
 *     alone), an inconsistent summary and an unknown reason, in one line naming the
 *     file (and line and column, or layer and field, or key).
 * Env: SP_ROOT (repository), SP_TMP (scratch folder).
 */
#include <gdal.h>
#include <glib.h>
#include <math.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mobile_units.h"
#include "output.h"
#include "results_read.h"
#include "run.h"
#include "scenario.h"
#include "schema.h"
#include "status.h"
#include "test.h"
#include "results_fixture.h"

static char g_tmp[2048], g_root[2048], g_dir[2400];
static sp_options *g_opts;
static sp_loaded *g_loaded;
static const sp_inputs *g_in;
static sp_outcome *g_out;
static sp_mobile g_m;
static sp_mobile_plan g_plan;

static double min2(double s) { return round(s / 60 * 100) / 100 + 0.0; }

/* ---- the synthetic plan ---- */

#define N_STOPS 5
#define N_ROUTES 3
#define N_VISITS 5
static sp_mobile_route g_routes[N_ROUTES];
static sp_mobile_visit g_visits[N_VISITS];
static double g_stop_served[N_STOPS];
static int32_t g_stop_visits[N_STOPS];
static sp_mobile_reason g_stop_reason[N_STOPS];

/* Route k: unit, day, depot, and its visits (stop, workers, drive in s);
 * times from setup 30 min + 1 min per worker. */
static void add_route(int k, int unit, int day, int depot, int first, int n, const int *stops,
                      const double *workers, const double *drive_in, double drive_back)
{
    sp_mobile_route *r = &g_routes[k];
    r->unit = unit;
    r->day = day;
    r->depot = depot;
    r->first = first;
    r->n = n;
    double t = 0;
    for (int q = 0; q < n; q++) {
        sp_mobile_visit *v = &g_visits[first + q];
        v->stop = stops[q];
        v->workers = workers[q];
        v->drive_in_s = drive_in[q];
        v->arrive_s = t + drive_in[q];
        v->depart_s = v->arrive_s + 1800 + 60 * workers[q];
        t = v->depart_s;
        r->workers += workers[q];
        r->drive_s += drive_in[q];
        g_stop_served[stops[q]] += workers[q];
    }
    r->drive_s += drive_back;
    r->end_s = t + drive_back;
}

static void build_mobile(void)
{
    const sp_points *cl = g_in->clusters;
    sp_mobile *m = &g_m;
    memset(m, 0, sizeof *m);
    m->n_depots = 2;
    m->depot_id = g_new0(char *, 2);
    m->depot_name = g_new0(char *, 2);
    m->depot_xy = g_new0(double, 4);
    for (int d = 0; d < 2; d++) {
        size_t row;
        const sp_points *p = sp_inputs_site_layer(g_in, d, &row);
        m->depot_id[d] = g_strdup(p->id[row]);
        m->depot_name[d] = p->name[row] ? g_strdup(p->name[row]) : NULL;
        m->depot_xy[2 * d] = p->xy[2 * row];
        m->depot_xy[2 * d + 1] = p->xy[2 * row + 1];
    }
    m->n_stops = N_STOPS;
    m->stop_id = g_new0(char *, N_STOPS);
    m->stop_name = g_new0(char *, N_STOPS);
    m->stop_xy = g_new0(double, 2 * N_STOPS);
    m->stop_workers = g_new0(double, N_STOPS);
    m->stop_clusters = g_new0(int32_t, N_STOPS);
    for (int s = 0; s < N_STOPS; s++) {
        m->stop_id[s] = g_strdup(cl->id[s]);
        m->stop_name[s] = s == 2 ? g_strdup("Stop, \"quoted\"") : s == 3 ? NULL : g_strdup(cl->name[s]);
        m->stop_xy[2 * s] = cl->xy[2 * s];
        m->stop_xy[2 * s + 1] = cl->xy[2 * s + 1];
    }
    m->n_clusters = (int32_t)cl->n;
    m->cl_target = g_new0(double, cl->n);
    m->cl_stop = g_new0(int32_t, cl->n);
    m->cl_walk_s = g_new0(double, cl->n);
    m->cl_served = g_new0(double, cl->n);
    m->cl_reason = g_new0(int, cl->n);
    for (size_t i = 0; i < cl->n; i++)
        m->cl_stop[i] = -1;
    /* clusters 0..4 at their own stop; 5 and 6 also at stops 0 and 1; 7 no stop */
    const double target[8] = {150, 40, 60.5, 30, 500, 25, 10, 12};
    const int stop_of[8] = {0, 1, 2, 3, 4, 0, 1, -1};
    for (int i = 0; i < 8; i++) {
        m->cl_target[i] = target[i];
        m->cl_stop[i] = stop_of[i];
        if (stop_of[i] >= 0) {
            m->stop_workers[stop_of[i]] += target[i];
            m->stop_clusters[stop_of[i]]++;
        }
    }
    /* stop 0 (175 workers) in two visits (100 + 75); stop 4 too far */
    int s0[] = {0, 1}, s1[] = {2}, s2[] = {3, 0};
    double w0[] = {100, 50}, w1[] = {60.5}, w2[] = {30, 75};
    double d0[] = {754.3, 301.27}, d1[] = {1200}, d2[] = {333.333, 90};
    add_route(0, 0, 0, 0, 0, 2, s0, w0, d0, 800.5);
    add_route(1, 1, 0, 1, 2, 1, s1, w1, d1, 1190);
    add_route(2, 0, 1, 0, 3, 2, s2, w2, d2, 420.01);
    g_stop_visits[0] = 2;
    g_stop_visits[1] = g_stop_visits[2] = g_stop_visits[3] = 1;
    g_stop_reason[4] = SP_MOBILE_TOO_FAR;
    sp_mobile_plan *p = &g_plan;
    p->n_routes = N_ROUTES;
    p->route = g_routes;
    p->n_visits = N_VISITS;
    p->visit = g_visits;
    p->stop_served = g_stop_served;
    p->stop_visits = g_stop_visits;
    p->stop_reason = g_stop_reason;
    p->workers_total = 175 + 50 + 60.5 + 30 + 500;
    p->workers_served = 175 + 50 + 60.5 + 30;
    p->workers_unserved[SP_MOBILE_TOO_FAR] = 500;
    p->visits_needed = 5;
    p->unit_days_needed = 3;
    p->unit_days_available = 10;
    p->unit_days_used = 3;
    p->lower_bound = 2;
    p->drive_s_total = 754.3 + 301.27 + 800.5 + 1200 + 1190 + 333.333 + 90 + 420.01;
    m->plan = p;
    /* lines: route 1 has a single vertex (written without a geometry) */
    m->route_n_xy = g_new0(size_t, N_ROUTES);
    m->route_xy = g_new0(double *, N_ROUTES);
    m->route_length_m = g_new0(double, N_ROUTES);
    const size_t nv[N_ROUTES] = {4, 1, 3};
    for (int k = 0; k < N_ROUTES; k++) {
        m->route_n_xy[k] = nv[k];
        m->route_xy[k] = g_new0(double, 2 * nv[k]);
        for (size_t q = 0; q < nv[k]; q++) {
            m->route_xy[k][2 * q] = m->depot_xy[0] + 100.25 * (double)q + k;
            m->route_xy[k][2 * q + 1] = m->depot_xy[1] - 50.5 * (double)q;
        }
        m->route_length_m[k] = 1234.5678 * (k + 1);
    }
    m->period_days = 10;
    m->visits = 2;
    m->block_days = 5;
    m->workers_target = 827.5;
    m->workers_served = p->workers_served;
    m->workers_unserved[SP_MOBILE_TOO_FAR] = 500;
    m->workers_unserved[SP_MOBILE_NO_STOP] = 12;
    /* the options the writer echoes */
    sp_options *o = g_opts;
    o->mobile_on = o->mobile_enabled = 1;
    o->mobile_units = 2;
    o->mobile_capacity = 100;
    o->mobile_day_hours = 8;
    o->mobile_setup_min = 30;
    o->mobile_min_per_worker = 1;
    o->mobile_drive_mode = SP_MODE_CAR;
    o->mobile_walk_min = 10;
    o->mobile_period_days = 10;
    o->mobile_visits = 2;
    g_free(o->mobile_day_start);     /* the default's, owned by the options */
    o->mobile_day_start = g_strdup("07:30");
}

static void free_mobile(void)
{
    sp_mobile *m = &g_m;
    for (int d = 0; d < m->n_depots; d++) {
        g_free(m->depot_id[d]);
        g_free(m->depot_name[d]);
    }
    for (int s = 0; s < m->n_stops; s++) {
        g_free(m->stop_id[s]);
        g_free(m->stop_name[s]);
    }
    for (int k = 0; k < N_ROUTES; k++)
        g_free(m->route_xy[k]);
    g_free(m->depot_id); g_free(m->depot_name); g_free(m->depot_xy);
    g_free(m->stop_id); g_free(m->stop_name); g_free(m->stop_xy); g_free(m->stop_workers);
    g_free(m->stop_clusters); g_free(m->cl_target); g_free(m->cl_stop); g_free(m->cl_walk_s);
    g_free(m->cl_served); g_free(m->cl_reason); g_free(m->route_n_xy); g_free(m->route_xy);
    g_free(m->route_length_m);
}

static int setup(void)
{
    if (!results_test_init("test_results_mobile", g_root, sizeof g_root, g_tmp, sizeof g_tmp))
        return 0;
    char ini[2400], set0[2600];
    snprintf(ini, sizeof ini, "%s/tests/data/shenzhen/shenzhen.ini", g_root);
    snprintf(g_dir, sizeof g_dir, "%s/mobile", g_tmp);
    snprintf(set0, sizeof set0, "output.dir=%s", g_dir);
    const char *sets[] = {set0};
    /* the run alone: the synthetic plan is attached before the write */
    if (results_test_run(ini, sets, 1, NULL, &g_opts, &g_loaded, &g_in, &g_out))
        return 0;
    if (g_in->n_sites < 2 || g_in->clusters->n < 8)
        return 0;
    build_mobile();
    g_out->mobile = &g_m;
    sp_status s = sp_outcome_write(g_out, g_dir);
    if (s)
        fprintf(stderr, "%s\n", sp_error_message());
    return s == SP_OK;
}

/* ---- helpers ---- */

static const char *fresh(const char *name)
{
    static char dir[2600];
    snprintf(dir, sizeof dir, "%s/%s", g_tmp, name);
    if (sp_outcome_write(g_out, dir))
        fprintf(stderr, "%s\n", sp_error_message());
    return dir;
}

static char *slurp(const char *dir, const char *name, size_t *len)
{
    char p[2800], *text = NULL;
    gsize n = 0;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    if (!g_file_get_contents(p, &text, &n, NULL))
        return NULL;
    if (len)
        *len = n;
    return text;
}

static void put_file(const char *dir, const char *name, const char *text)
{
    char p[2800];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    g_file_set_contents(p, text, -1, NULL);
}

/* Replace the first `from` in file name of dir by `to`. */
static void edit_file(const char *dir, const char *name, const char *from, const char *to)
{
    char *text = slurp(dir, name, NULL);
    char *at = text ? strstr(text, from) : NULL;
    if (!at) {
        T_FAIL_("\"%s\" not in %s/%s", from, dir, name);
        g_free(text);
        return;
    }
    GString *s = g_string_new_len(text, at - text);
    g_string_append(s, to);
    g_string_append(s, at + strlen(from));
    put_file(dir, name, s->str);
    g_string_free(s, TRUE);
    g_free(text);
}

/* sp_results_read(dir) fails with SP_E_INPUT (results_fixture.h). */
static void expect_error(const char *dir, const char *const *needs)
{
    expect_read_error(dir, SP_E_INPUT, needs);
}

/* ---- round trip ---- */

static void check_summary(const sp_results *d)
{
    const sp_rsummary *s = &d->sum;
    ASSERT_EQ_INT(s->schema_version, 7);
    ASSERT_EQ_INT(s->has_mobile, 1);
    ASSERT_EQ_INT(s->mobile_units, 2);
    ASSERT_EQ_INT(s->mobile_period_days, 10);
    ASSERT_EQ_INT(s->mobile_block_days, 5);
    ASSERT_EQ_INT(s->mobile_visits, 2);
    ASSERT_EQ_INT(s->mobile_unit_days_used, 6);
    ASSERT_EQ_INT(s->mobile_unit_days_needed, 6);
    ASSERT_EQ_INT(s->mobile_unit_days_available, 20);
    ASSERT_EQ_INT(s->mobile_lower_bound, 4);
    ASSERT_EQ_INT(s->mobile_optimal, 0);
    ASSERT_EQ_INT(s->mobile_stops, N_STOPS);
    ASSERT_NEAR(s->mobile_workers_target, 827.5, 0);
    ASSERT_NEAR(s->mobile_workers_served, 315.5, 0);
    ASSERT_NEAR(s->mobile_unserved_unreachable, 0, 0);
    ASSERT_NEAR(s->mobile_unserved_too_far, 500, 0);
    ASSERT_NEAR(s->mobile_unserved_no_days, 0, 0);
    ASSERT_NEAR(s->mobile_unserved_no_stop, 12, 0);
    ASSERT_NEAR(s->mobile_drive_minutes, min2(2 * g_plan.drive_s_total), 1e-9);
    ASSERT_NEAR(s->mobile_capacity_per_day, 100, 0);
    ASSERT_NEAR(s->mobile_day_hours, 8, 0);
    ASSERT_NEAR(s->mobile_walk_minutes, 10, 0);
    ASSERT_STR_EQ(s->mobile_serve, "gaps");
    ASSERT_STR_EQ(s->mobile_drive_mode, "car");
    ASSERT_STR_EQ(s->mobile_day_start, "07:30");
    ASSERT_NEAR(sp_results_num(d, "mobile.percent_served", -1), round(10000 * 315.5 / 827.5) / 100, 1e-9);
    ASSERT_STR_EQ(sp_results_str(d, "mobile.stops_from", ""), "clusters");
    ASSERT(sp_results_has(d, "mobile.depots"));
    ASSERT(sp_results_has(d, "mobile.enumerated"));
    ASSERT(sp_results_has(d, "mobile.method"));
}

static void check_layers(const sp_results *d)
{
    ASSERT_EQ_INT(d->n_mroutes, N_ROUTES);
    for (int k = 0; k < N_ROUTES; k++) {
        const sp_rmroute *r = &d->mroutes[k];
        const sp_mobile_route *w = &g_routes[k];
        ASSERT_EQ_INT(r->unit, w->unit + 1);
        ASSERT_EQ_INT(r->day, w->day + 1);
        ASSERT_STR_EQ(r->depot_id, g_m.depot_id[w->depot]);
        ASSERT_EQ_INT(r->stops, w->n);
        ASSERT_NEAR(r->workers, w->workers, 0);
        ASSERT_NEAR(r->drive_minutes, min2(w->drive_s), 1e-12);
        ASSERT_NEAR(r->day_minutes, min2(w->end_s), 1e-12);
        ASSERT_NEAR(r->length_km, round(g_m.route_length_m[k]) / 1000, 1e-12);
        if (g_m.route_n_xy[k] < 2) {
            ASSERT_EQ_INT(r->line.n_rings, 0);
            continue;
        }
        ASSERT_EQ_INT(r->line.n_rings, 1);
        ASSERT_EQ_INT(r->line.ring_off[1], g_m.route_n_xy[k]);
        for (size_t q = 0; q < 2 * g_m.route_n_xy[k]; q++)
            ASSERT_NEAR(r->line.xy[q], g_m.route_xy[k][q], 0);
        ASSERT_NEAR(r->line.bb[0], g_m.route_xy[k][0], 0);
    }
    ASSERT_EQ_INT(d->n_mstops, N_STOPS);
    /* first visits: stop 0 route 0 #1, 1 route 0 #2, 2 route 1 #1, 3 route 2 #1, 4 none */
    const int unit[N_STOPS] = {1, 1, 2, 1, 0}, day[N_STOPS] = {1, 1, 1, 2, 0}, order[N_STOPS] = {1, 2, 1, 1, 0};
    const int visits[N_STOPS] = {4, 2, 2, 2, 0};
    for (int s = 0; s < N_STOPS; s++) {
        const sp_rmstop *m = &d->mstops[s];
        ASSERT_STR_EQ(m->id, g_m.stop_id[s]);
        if (g_m.stop_name[s])
            ASSERT_STR_EQ(m->name, g_m.stop_name[s]);
        else
            ASSERT(m->name == NULL);
        ASSERT_NEAR(m->x, g_m.stop_xy[2 * s], 0);
        ASSERT_NEAR(m->y, g_m.stop_xy[2 * s + 1], 0);
        ASSERT_NEAR(m->workers, g_m.stop_workers[s], 0);
        ASSERT_NEAR(m->served, g_stop_served[s], 0);
        ASSERT_EQ_INT(m->clusters, g_m.stop_clusters[s]);
        ASSERT_EQ_INT(m->visits, visits[s]);
        ASSERT_EQ_INT(m->unit, unit[s]);
        ASSERT_EQ_INT(m->day, day[s]);
        ASSERT_EQ_INT(m->order, order[s]);
        ASSERT_STR_EQ(m->reason, s == 4 ? SP_MREASON_TOO_FAR : SP_MREASON_SERVED);
    }
}

/* Every route in every block, in order, its rows as the plan says. */
static void check_schedule(const sp_results *d)
{
    int want_rows = 0;
    for (int k = 0; k < N_ROUTES; k++)
        want_rows += 2 * (g_routes[k].n + 2);
    ASSERT_EQ_INT(d->n_msched, want_rows);
    int i = 0;
    for (int b = 0; b < 2; b++)
        for (int k = 0; k < N_ROUTES; k++) {
            const sp_mobile_route *w = &g_routes[k];
            int day = b * 5 + w->day + 1;
            double last = 0;
            for (int q = 0; q <= w->n + 1; q++, i++) {
                const sp_rmsched *r = &d->msched[i];
                ASSERT_EQ_INT(r->unit, w->unit + 1);
                ASSERT_EQ_INT(r->day, day);
                ASSERT_EQ_INT(r->order, q);
                ASSERT(r->arrive_min >= last && r->depart_min >= r->arrive_min);
                last = r->depart_min;
                if (q == 0 || q == w->n + 1) {
                    ASSERT_STR_EQ(r->kind, SP_MKIND_DEPOT);
                    ASSERT_STR_EQ(r->stop_id, g_m.depot_id[w->depot]);
                    ASSERT_NEAR(r->workers, 0, 0);
                    ASSERT_NEAR(r->arrive_min, q ? min2(w->end_s) : 0, 1e-12);
                    ASSERT_NEAR(r->depart_min, r->arrive_min, 0);
                    continue;
                }
                const sp_mobile_visit *v = &g_visits[w->first + q - 1];
                ASSERT_STR_EQ(r->kind, SP_MKIND_STOP);
                ASSERT_STR_EQ(r->stop_id, g_m.stop_id[v->stop]);
                if (g_m.stop_name[v->stop])
                    ASSERT_STR_EQ(r->stop_name, g_m.stop_name[v->stop]);
                else
                    ASSERT(r->stop_name == NULL);
                ASSERT_NEAR(r->arrive_min, min2(v->arrive_s), 1e-12);
                ASSERT_NEAR(r->depart_min, min2(v->depart_s), 1e-12);
                ASSERT_NEAR(r->drive_minutes, min2(v->drive_in_s), 1e-12);
                ASSERT_NEAR(r->workers, v->workers, 0);
                ASSERT_EQ_INT(r->clusters, g_m.stop_clusters[v->stop]);
            }
        }
    /* days and units: every unit-day of the plan in each block, by day then unit */
    ASSERT_EQ_INT(d->msched[0].day, 1);
    ASSERT_EQ_INT(d->msched[want_rows - 1].day, 7);
}

/* The text: clock times from 07:30, the drive back on the last row, the
 * cluster ids of a stop, quoting. */
static void check_schedule_text(void)
{
    char *t = slurp(g_dir, SP_FILE_MOBILE_SCHEDULE, NULL);
    ASSERT(t != NULL);
    char **lines = g_strsplit(t, "\n", -1);
    g_free(t);
    char h[512];
    sp_schema_csv_header(SP_CSV_MOBILE_SCHEDULE, h, sizeof h);
    h[strcspn(h, "\n")] = '\0';
    ASSERT_STR_EQ(lines[0], h);
    ASSERT_STR_EQ(h, "unit,day,order,kind,stop_id,stop_name,arrive,depart,arrive_min,depart_min,"
                     "drive_minutes,workers,clusters,cluster_ids");
    char want[512];
    const sp_points *cl = g_in->clusters;
    snprintf(want, sizeof want, "1,1,0,depot,%s,", g_m.depot_id[0]);
    ASSERT(g_str_has_prefix(lines[1], want));
    ASSERT(g_str_has_suffix(lines[1], ",07:30,07:30,0.00,0.00,0.00,0,0,"));
    /* stop 0: arrive 754.3 s = 12.57 min -> 07:42; depart + 30 + 100 min = 142.57 -> 09:52 */
    snprintf(want, sizeof want, ",07:42,09:52,12.57,142.57,12.57,100,2,%s;%s", cl->id[0], cl->id[5]);
    ASSERT(g_str_has_suffix(lines[2], want));
    snprintf(want, sizeof want, "2,1,1,stop,%s,\"Stop, \"\"quoted\"\"\",", g_m.stop_id[2]);
    ASSERT(g_str_has_prefix(lines[6], want));
    /* back at the depot: drive 800.5 s = 13.34 min */
    ASSERT_CONTAINS(lines[4], ",13.34,0,0,");
    ASSERT_EQ_INT(g_strv_length(lines), 1 + 2 * (4 + 3 + 4) + 1);
    g_strfreev(lines);
}

TEST(round_trip)
{
    sp_results *d = NULL;
    sp_error_clear();
    sp_status s = sp_results_read(g_dir, &d);
    if (s)
        fprintf(stderr, "%s\n", sp_error_message());
    ASSERT_EQ_INT(s, SP_OK);
    check_summary(d);
    check_layers(d);
    check_schedule(d);
    check_schedule_text();
    sp_results_free(d);
}

TEST(same_bytes_twice)
{
    const char *files[] = {SP_FILE_MOBILE_SCHEDULE, SP_FILE_SUMMARY, SP_FILE_GPKG};
    const char *dir = fresh("again");
    for (int i = 0; i < 3; i++) {
        size_t na = 0, nb = 0;
        char *a = slurp(g_dir, files[i], &na), *b = slurp(dir, files[i], &nb);
        ASSERT(a && b);
        if (na != nb || memcmp(a, b, na))
            T_FAIL_("%s differs between two writes", files[i]);
        g_free(a);
        g_free(b);
    }
}

TEST(without_mobile)
{
    const char *dir = fresh("then-without");
    char p[2800];
    snprintf(p, sizeof p, "%s/%s", dir, SP_FILE_MOBILE_SCHEDULE);
    ASSERT(access(p, F_OK) == 0);
    g_out->mobile = NULL;
    sp_status st = sp_outcome_write(g_out, dir);
    g_out->mobile = &g_m;
    ASSERT_EQ_INT(st, SP_OK);
    ASSERT(access(p, F_OK) != 0);   /* the earlier run's schedule removed */
    char *sum = slurp(dir, SP_FILE_SUMMARY, NULL);
    ASSERT(sum && !strstr(sum, "\"mobile\""));
    g_free(sum);
    snprintf(p, sizeof p, "%s/%s", dir, SP_FILE_GPKG);
    GDALDatasetH ds = GDALOpenEx(p, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    ASSERT(ds != NULL);
    int has = GDALDatasetGetLayerByName(ds, "mobile_routes") || GDALDatasetGetLayerByName(ds, "mobile_stops");
    GDALClose(ds);
    ASSERT(!has);
    sp_results *d = NULL;
    sp_error_clear();
    st = sp_results_read(dir, &d);
    if (st)
        fprintf(stderr, "%s\n", sp_error_message());
    ASSERT_EQ_INT(st, SP_OK);
    ASSERT_EQ_INT(d->sum.has_mobile, 0);
    ASSERT_EQ_INT(d->n_mstops + d->n_mroutes + d->n_msched, 0);
    sp_results_free(d);
    /* a schedule left in the folder by hand is not read */
    put_file(dir, SP_FILE_MOBILE_SCHEDULE, "garbage\n");
    ASSERT_EQ_INT(sp_results_read(dir, &d), SP_OK);
    sp_results_free(d);
}

TEST(reader_refuses_bad_mobile_files)
{
    const char *dir = fresh("sched-number");
    /* line 3: the first stop row; its workers "100" -> "1x0" */
    edit_file(dir, SP_FILE_MOBILE_SCHEDULE, ",100,2,", ",1x0,2,");
    expect_error(dir, (const char *[]){SP_FILE_MOBILE_SCHEDULE, "line 3", "column \"workers\"", "\"1x0\"", NULL});
    dir = fresh("sched-unit0");
    edit_file(dir, SP_FILE_MOBILE_SCHEDULE, "\n1,1,1,", "\n0,1,1,");
    expect_error(dir, (const char *[]){SP_FILE_MOBILE_SCHEDULE, "line 3", "column \"unit\"", "\"0\"",
                                       "from 1", NULL});
    dir = fresh("sched-day");
    edit_file(dir, SP_FILE_MOBILE_SCHEDULE, "\n1,1,1,", "\n1,11,1,");
    expect_error(dir, (const char *[]){SP_FILE_MOBILE_SCHEDULE, "line 3", "column \"day\"", "\"11\"", NULL});
    dir = fresh("sched-order");
    edit_file(dir, SP_FILE_MOBILE_SCHEDULE, "\n1,1,2,", "\n1,1,3,");
    expect_error(dir, (const char *[]){SP_FILE_MOBILE_SCHEDULE, "line 4", "order 3", NULL});
    dir = fresh("sched-clock");
    edit_file(dir, SP_FILE_MOBILE_SCHEDULE, ",07:42,", ",07:43,");
    expect_error(dir, (const char *[]){SP_FILE_MOBILE_SCHEDULE, "line 3", "column \"arrive\"", "07:43", NULL});
    dir = fresh("sched-kind");
    edit_file(dir, SP_FILE_MOBILE_SCHEDULE, ",stop,", ",truck,");
    expect_error(dir, (const char *[]){SP_FILE_MOBILE_SCHEDULE, "line 3", "column \"kind\"", NULL});
    dir = fresh("sched-stop-id");
    char from[128];
    snprintf(from, sizeof from, ",stop,%s,", g_m.stop_id[0]);
    edit_file(dir, SP_FILE_MOBILE_SCHEDULE, from, ",stop,nowhere,");
    expect_error(dir, (const char *[]){SP_FILE_MOBILE_SCHEDULE, "line 3", "column \"stop_id\"", "\"nowhere\"",
                                       "mobile_stops", NULL});
    dir = fresh("sched-depot-id");
    snprintf(from, sizeof from, ",depot,%s,", g_m.depot_id[0]);
    edit_file(dir, SP_FILE_MOBILE_SCHEDULE, from, ",depot,nowhere,");
    expect_error(dir, (const char *[]){SP_FILE_MOBILE_SCHEDULE, "line 2", "column \"stop_id\"", "mobile.depots",
                                       NULL});
    dir = fresh("routes-depot");
    gpkg_sql(dir, "UPDATE mobile_routes SET depot_id = 'x9' WHERE unit = 2");
    expect_error(dir, (const char *[]){SP_FILE_GPKG, "layer \"mobile_routes\"", "field \"depot_id\"", "x9", NULL});
    dir = fresh("sched-header");
    put_file(dir, SP_FILE_MOBILE_SCHEDULE, "unit,day,order\n");
    expect_error(dir, (const char *[]){SP_FILE_MOBILE_SCHEDULE, "header", NULL});
    dir = fresh("sched-truncated");   /* the last unit-day without its depot row */
    char *t = slurp(dir, SP_FILE_MOBILE_SCHEDULE, NULL);
    ASSERT(t);
    char *end = strrchr(t, '\n');
    *end = '\0';
    *(strrchr(t, '\n') + 1) = '\0';
    put_file(dir, SP_FILE_MOBILE_SCHEDULE, t);
    g_free(t);
    expect_error(dir, (const char *[]){SP_FILE_MOBILE_SCHEDULE, "back at its depot", NULL});
    dir = fresh("sched-header-only");   /* no unit-day, but summary.json counts 6 (fuzz_msched) */
    t = slurp(dir, SP_FILE_MOBILE_SCHEDULE, NULL);
    ASSERT(t);
    *(strchr(t, '\n') + 1) = '\0';
    put_file(dir, SP_FILE_MOBILE_SCHEDULE, t);
    g_free(t);
    expect_error(dir, (const char *[]){SP_FILE_MOBILE_SCHEDULE, ": 0 unit-days",
                                       "mobile.unit_days_used is 6", NULL});
    dir = fresh("summary-block");
    edit_file(dir, SP_FILE_SUMMARY, "\"block_days\": 5", "\"block_days\": 4");
    expect_error(dir, (const char *[]){SP_FILE_SUMMARY, "mobile.block_days", NULL});
    dir = fresh("summary-key");
    edit_file(dir, SP_FILE_SUMMARY, "\"unit_days_lower_bound\":", "\"bound_was\":");
    expect_error(dir, (const char *[]){SP_FILE_SUMMARY, "mobile.unit_days_lower_bound", NULL});
    dir = fresh("stops-reason");
    gpkg_sql(dir, "UPDATE mobile_stops SET reason = 'lost' WHERE reason = 'too_far'");
    expect_error(dir, (const char *[]){SP_FILE_GPKG, "layer \"mobile_stops\"", "field \"reason\"", "lost", NULL});
    dir = fresh("routes-unit");
    gpkg_sql(dir, "UPDATE mobile_routes SET unit = 3 WHERE unit = 2");
    expect_error(dir, (const char *[]){SP_FILE_GPKG, "layer \"mobile_routes\"", "field \"unit\"", NULL});
    dir = fresh("no-routes");
    gpkg_sql(dir, "DROP TABLE mobile_routes");
    expect_error(dir, (const char *[]){SP_FILE_GPKG, "layer \"mobile_routes\"", NULL});
}

TEST(schema_tables)
{
    ASSERT_EQ_INT(SP_RESULTS_SCHEMA_VERSION, 7);
    ASSERT_STR_EQ(sp_schema_layer(SP_L_MOBILE_ROUTES)->name, "mobile_routes");
    ASSERT_EQ_INT(sp_schema_layer(SP_L_MOBILE_ROUTES)->geom, wkbLineString);
    ASSERT_EQ_INT(sp_schema_layer(SP_L_MOBILE_STOPS)->geom, wkbPoint);
    ASSERT_EQ_INT(sp_schema_layer(SP_L_MOBILE_STOPS)->optional, SP_SCHEMA_WITH_MOBILE);
    ASSERT_EQ_INT(sp_schema_csv(SP_CSV_MOBILE_SCHEDULE)->optional, SP_SCHEMA_WITH_MOBILE);
    ASSERT_STR_EQ(sp_schema_csv(SP_CSV_MOBILE_SCHEDULE)->name, SP_FILE_MOBILE_SCHEDULE);
    int n, found = 0;
    const sp_schema_key *k = sp_schema_summary_keys(&n);
    for (int i = 0; i < n; i++)
        found += !strncmp(k[i].path, "mobile.", 7) && k[i].meaning && *k[i].meaning;
    ASSERT_EQ_INT(found, 31);
}

int main(void)
{
    RUN(schema_tables);
    if (!setup()) {
        fprintf(stderr, "FAIL: setup: %s\n", sp_error_message());
        return 1;
    }
    RUN(round_trip);
    RUN(same_bytes_twice);
    RUN(without_mobile);
    RUN(reader_refuses_bad_mobile_files);
    g_out->mobile = NULL;   /* synthetic: freed here, not by sp_outcome_free */
    free_mobile();
    sp_outcome_free(g_out);
    sp_loaded_free(g_loaded);
    sp_options_free(g_opts);
    return test_summary("results_mobile");
}
