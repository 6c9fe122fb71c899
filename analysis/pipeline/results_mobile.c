/* results_mobile.c — the [mobile] outputs (schema version 6): summary.json
 * "mobile", the mobile_routes and mobile_stops layers of results.gpkg and
 * mobile_schedule.csv, from sp_outcome->mobile (mobile_units.h).
 *
 * The plan (siting/mobile.h) covers one block of block_days days; the
 * period is visits_per_period blocks and the plan is driven again in each:
 * the schedule's day of route k in block b is b x block_days + day + 1, the
 * period figures of summary.json are the block's x visits_per_period, and
 * the layers show the first block (a route's line is the same every block).
 * The plan's stops are the sp_mobile's stops (same index) and a route's
 * depot indexes its depots.
 *
 * Numbers: minutes with 2 decimals (rounded to the nearest, never -0.00),
 * workers %.10g, length_km 3 decimals; clock times "HH:MM" are day_start +
 * the 2-decimal minutes, rounded down (24:00 and on past midnight). */
#include <glib.h>
#include <json.h>
#include <math.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mobile_units.h"
#include "number.h"
#include "output.h"
#include "results_private.h"

/* Minutes as shown: 2 decimals, never -0. */
static double min2(double seconds)
{
    double v = round(seconds / 60.0 * 100) / 100;
    return v + 0.0;
}

/* The string the files hold for a plan reason (schema.h SP_MREASON_*). */
static const char *reason_name(int r)
{
    static const char *const NAME[] = {
        [SP_MOBILE_SERVED] = SP_MREASON_SERVED, [SP_MOBILE_UNREACHABLE] = SP_MREASON_UNREACHABLE,
        [SP_MOBILE_TOO_FAR] = SP_MREASON_TOO_FAR, [SP_MOBILE_NO_DAYS] = SP_MREASON_NO_DAYS,
        [SP_MOBILE_NO_STOP] = SP_MREASON_NO_STOP};
    return r >= 0 && r <= SP_MOBILE_NO_STOP ? NAME[r] : SP_MREASON_SERVED;
}

/* [mobile] day_start in minutes after midnight ("HH:MM", checked by the
 * scenario reader; 08:00 when not given). */
static int day_start_min(const sp_options *o)
{
    int h = 8, m = 0;
    if (o->mobile_day_start && sscanf(o->mobile_day_start, "%d:%d", &h, &m) != 2)
        h = 8, m = 0;
    return h * 60 + m;
}

static const char *day_start_text(const sp_options *o)
{
    return o->mobile_day_start ? o->mobile_day_start : "08:00";
}

/* ---- summary.json ---- */

json_object *sp__mobile_json(const sp_outcome *r)
{
    const sp_mobile *m = r->mobile;
    const sp_mobile_plan *p = m->plan;
    const sp_options *o = r->opts;
    int v = m->visits;
    json_object *j = json_object_new_object();
    json_object_object_add(j, "units", json_object_new_int(o->mobile_units));
    json_object_object_add(j, "capacity_per_day", sp__jnum(o->mobile_capacity, "%.10g"));
    json_object_object_add(j, "day_hours", sp__jnum(o->mobile_day_hours, "%g"));
    json_object_object_add(j, "setup_minutes", sp__jnum(o->mobile_setup_min, "%g"));
    json_object_object_add(j, "minutes_per_worker", sp__jnum(o->mobile_min_per_worker, "%g"));
    json_object_object_add(j, "drive_mode", json_object_new_string(sp_mode_name(o->mobile_drive_mode)));
    json_object_object_add(j, "walk_minutes", sp__jnum(o->mobile_walk_min, "%g"));
    json_object_object_add(j, "period_days", json_object_new_int(m->period_days));
    json_object_object_add(j, "visits_per_period", json_object_new_int(v));
    json_object_object_add(j, "block_days", json_object_new_int(m->block_days));
    json_object_object_add(j, "serve", json_object_new_string(o->mobile_serve ? o->mobile_serve : "gaps"));
    json_object_object_add(j, "stops_from",
                           json_object_new_string(o->mobile_stops ? o->mobile_stops : "clusters"));
    json_object_object_add(j, "day_start", json_object_new_string(day_start_text(o)));
    json_object *dep = json_object_new_array();
    for (int32_t d = 0; d < m->n_depots; d++)
        json_object_array_add(dep, json_object_new_string(m->depot_id[d]));
    json_object_object_add(j, "depots", dep);
    json_object_object_add(j, "stops", json_object_new_int(m->n_stops));
    json_object_object_add(j, "workers_target", sp__jnum(m->workers_target, "%.10g"));
    json_object_object_add(j, "workers_served", sp__jnum(m->workers_served, "%.10g"));
    json_object_object_add(j, "percent_served",
                           sp__jnum(sp_pct_shown(m->workers_target > 0
                                                     ? 100 * m->workers_served / m->workers_target
                                                     : 0, 2), "%.2f"));
    json_object *un = json_object_new_object();
    for (int k = SP_MOBILE_UNREACHABLE; k <= SP_MOBILE_NO_STOP; k++)
        json_object_object_add(un, reason_name(k), sp__jnum(m->workers_unserved[k], "%.10g"));
    json_object_object_add(j, "workers_unserved", un);
    json_object_object_add(j, "unit_days_used", json_object_new_int(p ? p->unit_days_used * v : 0));
    json_object_object_add(j, "unit_days_needed", json_object_new_int(p ? p->unit_days_needed * v : 0));
    json_object_object_add(j, "unit_days_available", json_object_new_int(o->mobile_units * m->period_days));
    json_object_object_add(j, "unit_days_lower_bound", json_object_new_int(p ? p->lower_bound * v : 0));
    json_object_object_add(j, "optimal", json_object_new_boolean(p ? p->exact : 1));
    json_object_object_add(j, "enumerated", json_object_new_boolean(p ? p->enumerated : 0));
    json_object_object_add(j, "drive_minutes", sp__jnum(p ? min2(p->drive_s_total * v) : 0, "%.2f"));
    json_object_object_add(j, "method", json_object_new_string(
        p && p->enumerated ? "savings (Clarke and Wright) and best-fit packing starts + local search; "
                             "exact: feasible routes of every subset of visits (Held-Karp) + "
                             "fewest routes by dynamic programming over subsets"
                           : "savings (Clarke and Wright) and best-fit packing starts + local "
                             "search (2-opt, relocate, exchange, 2-opt*, route emptying, moves "
                             "between depots); lower bound: workers, time and incompatible "
                             "visits"));
    if (o->timings)
        json_object_object_add(j, "solve_seconds", sp__jnum(m->seconds, "%.3f"));
    return j;
}

/* ---- results.gpkg ---- */

/* The first visit of stop s in the plan (routes by day, then unit): *unit,
 * *day, *order 1-based, 0 when none; returns the visits of s in a block. */
static int first_visit(const sp_mobile_plan *p, int32_t s, int *unit, int *day, int *order)
{
    int n = 0;
    *unit = *day = *order = 0;
    for (int32_t k = 0; p && k < p->n_routes; k++) {
        const sp_mobile_route *rt = &p->route[k];
        for (int32_t q = 0; q < rt->n; q++)
            if (p->visit[rt->first + q].stop == s && n++ == 0) {
                *unit = rt->unit + 1;
                *day = rt->day + 1;
                *order = q + 1;
            }
    }
    return n;
}

int sp__put_mobile_layers(const sp_outcome *r, GDALDatasetH ds, OGRSpatialReferenceH srs)
{
    const sp_mobile *m = r->mobile;
    const sp_mobile_plan *p = m->plan;
    OGRLayerH l = sp_gpkg_layer(ds, SP_L_MOBILE_ROUTES, srs, wkbNone);
    int ok = l != NULL;
    for (int32_t k = 0; ok && p && k < p->n_routes; k++) {
        const sp_mobile_route *rt = &p->route[k];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldInteger(f, SP_F_MR_UNIT, rt->unit + 1);
        OGR_F_SetFieldInteger(f, SP_F_MR_DAY, rt->day + 1);
        OGR_F_SetFieldString(f, SP_F_MR_DEPOT_ID, m->depot_id[rt->depot]);
        OGR_F_SetFieldInteger(f, SP_F_MR_STOPS, rt->n);
        OGR_F_SetFieldDouble(f, SP_F_MR_WORKERS, rt->workers);
        OGR_F_SetFieldDouble(f, SP_F_MR_DRIVE_MINUTES, min2(rt->drive_s));
        OGR_F_SetFieldDouble(f, SP_F_MR_DAY_MINUTES, min2(rt->end_s));
        double km = m->route_length_m ? m->route_length_m[k] / 1000 : 0;
        OGR_F_SetFieldDouble(f, SP_F_MR_LENGTH_KM, round(km * 1000) / 1000 + 0.0);
        OGRGeometryH g = NULL;   /* no line (null geometry) when it has fewer than 2 vertices */
        size_t nv = m->route_n_xy ? m->route_n_xy[k] : 0;
        if (nv >= 2) {
            g = OGR_G_CreateGeometry(wkbLineString);
            OGR_G_SetPointCount(g, (int)nv);
            for (size_t q = 0; q < nv; q++)
                OGR_G_SetPoint_2D(g, (int)q, m->route_xy[k][2 * q], m->route_xy[k][2 * q + 1]);
        }
        ok = sp_gpkg_put(l, f, g);
    }
    l = ok ? sp_gpkg_layer(ds, SP_L_MOBILE_STOPS, srs, wkbNone) : NULL;
    ok = l != NULL;
    for (int32_t s = 0; ok && s < m->n_stops; s++) {
        int unit, day, order;
        int n = first_visit(p, s, &unit, &day, &order);
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, SP_F_MS_STOP_ID, m->stop_id[s]);
        if (m->stop_name[s])
            OGR_F_SetFieldString(f, SP_F_MS_NAME, m->stop_name[s]);
        OGR_F_SetFieldDouble(f, SP_F_MS_WORKERS, m->stop_workers[s]);
        OGR_F_SetFieldDouble(f, SP_F_MS_SERVED, p ? p->stop_served[s] : 0);
        OGR_F_SetFieldInteger(f, SP_F_MS_CLUSTERS, m->stop_clusters[s]);
        OGR_F_SetFieldInteger(f, SP_F_MS_VISITS, n * m->visits);
        OGR_F_SetFieldInteger(f, SP_F_MS_UNIT, unit);
        OGR_F_SetFieldInteger(f, SP_F_MS_DAY, day);
        OGR_F_SetFieldInteger(f, SP_F_MS_ORDER, order);
        OGR_F_SetFieldString(f, SP_F_MS_REASON, reason_name(p ? (int)p->stop_reason[s] : SP_MOBILE_SERVED));
        OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(g, 0, m->stop_xy[2 * s], m->stop_xy[2 * s + 1]);
        ok = sp_gpkg_put(l, f, g);
    }
    return ok;
}

/* ---- mobile_schedule.csv ---- */

/* One row; minutes in seconds after the day's start. */
static void sched_row(FILE *f, int start, int unit, int day, int order, const char *kind, const char *id,
                      const char *name, double arrive_s, double depart_s, double drive_s,
                      double workers, int clusters, const char *ids)
{
    double a = min2(arrive_s), d = min2(depart_s);
    int ca = start + (int)floor(a), cd = start + (int)floor(d);
    fprintf(f, "%d,%d,%d,%s,", unit, day, order, kind);
    sp_csv_field(f, id);
    fputc(',', f);
    sp_csv_field(f, name);
    fprintf(f, ",%02d:%02d,%02d:%02d,%.2f,%.2f,%.2f,%.10g,%d,", ca / 60, ca % 60, cd / 60, cd % 60, a, d,
            min2(drive_s), workers, clusters);
    sp_csv_field(f, ids);
    fputc('\n', f);
}

sp_status sp__write_mobile_schedule_csv(const sp_outcome *r, const char *dir)
{
    const sp_mobile *m = r->mobile;
    const sp_mobile_plan *p = m->plan;
    const sp_points *cl = r->in->clusters;
    /* per stop: its clusters' ids and count */
    GString **ids = g_new0(GString *, m->n_stops ? (size_t)m->n_stops : 1);
    int *n_ids = g_new0(int, m->n_stops ? (size_t)m->n_stops : 1);
    for (int32_t s = 0; s < m->n_stops; s++)
        ids[s] = g_string_new(NULL);
    for (int32_t i = 0; i < m->n_clusters && (size_t)i < cl->n; i++) {
        int32_t s = m->cl_stop[i];
        if (s < 0 || s >= m->n_stops || !(m->cl_target[i] > 0))
            continue;
        g_string_append_printf(ids[s], "%s%s", n_ids[s]++ ? SP_SCHEMA_ID_SEP : "", cl->id[i]);
    }
    sp__csv_out c;
    sp_status st = sp__csv_begin(&c, dir, SP_FILE_MOBILE_SCHEDULE, SP_CSV_MOBILE_SCHEDULE);
    int start = day_start_min(r->opts);
    for (int b = 0; st == SP_OK && p && b < m->visits; b++)
        for (int32_t k = 0; k < p->n_routes; k++) {
            const sp_mobile_route *rt = &p->route[k];
            int unit = rt->unit + 1, day = b * m->block_days + rt->day + 1;
            const char *dep = m->depot_id[rt->depot], *dname = m->depot_name[rt->depot];
            sched_row(c.f, start, unit, day, 0, SP_MKIND_DEPOT, dep, dname, 0, 0, 0, 0, 0, NULL);
            double driven = 0;
            for (int32_t q = 0; q < rt->n; q++) {
                const sp_mobile_visit *v = &p->visit[rt->first + q];
                driven += v->drive_in_s;
                sched_row(c.f, start, unit, day, q + 1, SP_MKIND_STOP, m->stop_id[v->stop],
                          m->stop_name[v->stop], v->arrive_s, v->depart_s, v->drive_in_s, v->workers,
                          n_ids[v->stop], ids[v->stop]->str);
            }
            double back = rt->drive_s - driven;
            sched_row(c.f, start, unit, day, rt->n + 1, SP_MKIND_DEPOT, dep, dname, rt->end_s, rt->end_s,
                      back > 0 ? back : 0, 0, 0, NULL);
        }
    if (st == SP_OK)
        st = sp_atomic_close_file(c.f, c.tmp, c.path);
    for (int32_t s = 0; s < m->n_stops; s++)
        g_string_free(ids[s], TRUE);
    g_free(ids);
    g_free(n_ids);
    return st;
}
