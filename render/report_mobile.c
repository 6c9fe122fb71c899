/* report_mobile.c — the "Mobile units" section of report.pdf (see
 * report_mobile.h). */
#include "report_mobile.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static char *num(sp_lang lang, double v)
{
    char b[64];
    return g_strdup(sp_fmt_int(lang, isfinite(v) ? v : 0, b, sizeof b));
}

static char *inum(int v) { return g_strdup_printf("%d", v); }

static void kv(GPtrArray *rows, const char *k, char *v_owned)
{
    g_ptr_array_add(rows, g_strdup(k));
    g_ptr_array_add(rows, v_owned);
}

/* "HH:MM" of summary.json mobile.day_start plus minutes (rounded down,
 * as mobile_schedule.csv writes it) */
static char *clock_of(const sp_results *d, double minutes)
{
    int h = 8, m = 0;
    const char *s = d->sum.mobile_day_start;
    if (s && sscanf(s, "%d:%d", &h, &m) != 2) {
        h = 8;
        m = 0;
    }
    long t = (long)h * 60 + m + (long)floor((isfinite(minutes) ? minutes : 0) + 1e-9);
    return g_strdup_printf("%02ld:%02ld", t / 60, t % 60);
}

static void summary_table(flow *f, const sp_results *d)
{
    sp_lang L = f->lang;
    const sp_rsummary *s = &d->sum;
    char b[64], b2[64];
    GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
    kv(rows, sp_tr(L, M_R_MOB_UNITS), num(L, s->mobile_units));
    char *c = num(L, s->mobile_capacity_per_day);
    kv(rows, sp_tr(L, M_R_MOB_CAPACITY),
       isnan(s->mobile_capacity_per_day) ? g_strdup(sp_tr(L, M_R_MOB_CAPACITY_NONE))
                                         : sp_trf(L, M_R_MOB_CAPACITY_VAL, c));
    g_free(c);
    double hv = s->mobile_day_hours;
    sp_fmt_num(L, hv, fabs(hv - round(hv)) < 1e-9 ? 0 : 1, b, sizeof b);
    kv(rows, sp_tr(L, M_R_MOB_DAY),
       sp_trf(L, M_R_MOB_DAY_VAL, b, s->mobile_day_start ? s->mobile_day_start : "08:00",
              sp_tr_mode(L, s->mobile_drive_mode ? s->mobile_drive_mode : "car")));
    double wm = s->mobile_walk_minutes;
    if (isfinite(wm) && wm > 0) {
        sp_fmt_num(L, wm, fabs(wm - round(wm)) < 1e-9 ? 0 : 1, b, sizeof b);
        kv(rows, sp_tr(L, M_R_MOB_WALK), sp_trf(L, M_R_MOB_WALK_VAL, b));
    } else {
        kv(rows, sp_tr(L, M_R_MOB_WALK), g_strdup(sp_tr(L, M_R_MOB_WALK_NONE)));
    }
    char *p1 = inum(s->mobile_period_days), *p2 = inum(s->mobile_visits), *p3 = inum(s->mobile_block_days);
    kv(rows, sp_tr(L, M_R_MOB_PERIOD), sp_trf(L, M_R_MOB_PERIOD_VAL, p1, p2, p3));
    g_free(p1);
    g_free(p2);
    g_free(p3);
    int visited = 0;
    for (int i = 0; i < d->n_mstops; i++)
        visited += d->mstops[i].visits > 0;
    char *n1 = num(L, s->mobile_stops ? s->mobile_stops : d->n_mstops), *n2 = num(L, visited);
    kv(rows, sp_tr(L, M_R_MOB_STOPS), sp_trf(L, M_R_MOB_STOPS_VAL, n1, n2));
    g_free(n1);
    g_free(n2);
    kv(rows, sp_tr(L, M_R_MOB_UD_USED), num(L, s->mobile_unit_days_used));
    kv(rows, sp_tr(L, M_R_MOB_UD_NEEDED), num(L, s->mobile_unit_days_needed));
    kv(rows, sp_tr(L, M_R_MOB_UD_AVAIL), num(L, s->mobile_unit_days_available));
    kv(rows, sp_tr(L, M_R_MOB_UD_LB), num(L, s->mobile_lower_bound));
    if (s->mobile_optimal) {
        kv(rows, sp_tr(L, M_R_MOB_QUALITY), g_strdup(sp_tr(L, M_R_MOB_OPTIMAL)));
    } else {
        int gap = s->mobile_unit_days_needed - s->mobile_lower_bound;
        char *g = sp_tr_count(L, M_MOB_N_UD, M_MOB_N_UD_1, gap > 0 ? gap : 0);
        kv(rows, sp_tr(L, M_R_MOB_QUALITY), sp_trf(L, M_R_MOB_GAP, g));
        g_free(g);
    }
    sp_fmt_num(L, s->mobile_drive_minutes / 60, 1, b, sizeof b);
    kv(rows, sp_tr(L, M_R_MOB_DRIVE), sp_trf(L, M_R_MOB_DRIVE_VAL, b));
    kv(rows, sp_tr(L, M_R_MOB_TARGET), num(L, s->mobile_workers_target));
    double tgt = s->mobile_workers_target, srv = s->mobile_workers_served;
    double pct = sp_results_num(d, "mobile.percent_served", tgt > 0 ? 100 * srv / tgt : 0);
    kv(rows, sp_tr(L, M_R_MOB_SERVED),
       g_strdup_printf("%s (%s)", sp_fmt_int(L, srv, b, sizeof b), sp_fmt_pct(L, pct, 1, b2, sizeof b2)));
    kv(rows, sp_tr(L, M_R_MOB_NS_UNREACHABLE), num(L, s->mobile_unserved_unreachable));
    kv(rows, sp_tr(L, M_R_MOB_NS_TOO_FAR), num(L, s->mobile_unserved_too_far));
    kv(rows, sp_tr(L, M_R_MOB_NS_NO_DAYS), num(L, s->mobile_unserved_no_days));
    kv(rows, sp_tr(L, M_R_MOB_NS_NO_STOP), num(L, s->mobile_unserved_no_stop));
    const column cols[2] = {{sp_tr(L, M_R_KEY), 0.34, AL_L}, {sp_tr(L, M_R_VALUE), 0.66, AL_L}};
    sp__flow_table(f, sp_tr(L, M_R_MOB_SUMMARY), cols, 2, (char **)rows->pdata, (int)rows->len / 2);
    g_ptr_array_free(rows, TRUE);
}

static const sp_rmroute *route_of(const sp_results *d, int unit, int day)
{
    for (int i = 0; i < d->n_mroutes; i++)
        if (d->mroutes[i].unit == unit && d->mroutes[i].day == day)
            return &d->mroutes[i];
    return NULL;
}

#define CAL_DAYS 10

static void calendar(flow *f, const sp_results *d)
{
    sp_lang L = f->lang;
    int nd = d->sum.mobile_block_days, nu = d->sum.mobile_units;
    /* routes beyond the summary's counts still show */
    for (int i = 0; i < d->n_mroutes; i++) {
        nd = d->mroutes[i].day > nd ? d->mroutes[i].day : nd;
        nu = d->mroutes[i].unit > nu ? d->mroutes[i].unit : nu;
    }
    if (nd < 1 || nu < 1)
        return;
    if (f->y + sp__flow_heading_h(f, sp_tr(L, M_R_MOB_CAL)) + 80 > sp__flow_bottom(f))
        sp__flow_new_page(f);
    sp__flow_bookmark(f, sp_tr(L, M_R_MOB_CAL));
    for (int d0 = 1; d0 <= nd; d0 += CAL_DAYS) {
        int d1 = d0 + CAL_DAYS - 1 < nd ? d0 + CAL_DAYS - 1 : nd, n = d1 - d0 + 1;
        column cols[CAL_DAYS + 1];
        char *heads[CAL_DAYS + 1];
        heads[0] = g_strdup(sp_tr(L, M_R_MOB_COL_UNIT));
        cols[0] = (column){heads[0], 0.1, AL_L};
        for (int k = 0; k < n; k++) {
            char *b = inum(d0 + k);
            heads[k + 1] = sp_trf(L, M_MOB_DAY, b);
            g_free(b);
            cols[k + 1] = (column){heads[k + 1], 0.9 / (nd < CAL_DAYS ? nd : CAL_DAYS), AL_R};
        }
        GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
        for (int u = 1; u <= nu; u++) {
            char *b = inum(u);
            g_ptr_array_add(cells, sp_trf(L, M_MOB_UNIT, b));
            g_free(b);
            for (int k = 0; k < n; k++) {
                const sp_rmroute *r = route_of(d, u, d0 + k);
                if (!r) {
                    g_ptr_array_add(cells, g_strdup("\u2014"));
                    continue;
                }
                char *s = sp_tr_count(L, M_MOB_N_STOPS, M_MOB_N_STOPS_1, r->stops), *w = num(L, r->workers);
                g_ptr_array_add(cells, sp_trf(L, M_R_MOB_CELL, s, w));
                g_free(s);
                g_free(w);
            }
        }
        char *title;
        if (nd > CAL_DAYS) {
            char *a = inum(d0), *b = inum(d1);
            title = sp_trf(L, M_R_MOB_CAL_DAYS, a, b);
            g_free(a);
            g_free(b);
        } else {
            title = g_strdup(sp_tr(L, M_R_MOB_CAL));
        }
        sp__flow_table(f, title, cols, n + 1, (char **)cells->pdata, nu);
        g_free(title);
        g_ptr_array_free(cells, TRUE);
        for (int k = 0; k <= n; k++)
            g_free(heads[k]);
    }
    f->y -= 8;
    sp__flow_paragraph(f, sp_tr(L, M_R_MOB_CAL_NOTE), BODY, SP_TXT_ITALIC, 14);
}

/* a depot's name: the site's of that id, else the id */
static const char *depot_name(const sp_results *d, const char *id)
{
    for (int i = 0; id && i < d->n_sites; i++)
        if (d->sites[i].id && !strcmp(d->sites[i].id, id))
            return d->sites[i].name ? d->sites[i].name : id;
    return id ? id : "?";
}

/* the stop rows of a route of the first round: schedule rows of that unit
 * and day, kind "stop", file order */
static void routes(flow *f, const sp_results *d)
{
    sp_lang L = f->lang;
    /* the heading stays with the first route's table (kept whole when it
     * fits a page: report_flow.c) */
    double need = sp__flow_heading_h(f, sp_tr(L, M_R_MOB_ROUTES)) + 40;
    if (d->n_mroutes > 0) {
        int n = d->mroutes[0].stops < MOB_ROUTE_ROWS ? d->mroutes[0].stops : MOB_ROUTE_ROWS;
        double row;
        sp_text_measure(f->t, "0", BODY, 0, NULL, &row);
        need += sp__flow_heading_h(f, sp_tr(L, M_R_MOB_ROUTES)) + (n + 1) * (row + 2 * CELL_PAD);
    }
    if (f->y + need > sp__flow_bottom(f))
        sp__flow_new_page(f);
    sp__flow_bookmark(f, sp_tr(L, M_R_MOB_ROUTES));
    sp__flow_heading(f, sp_tr(L, M_R_MOB_ROUTES));
    if (d->n_mroutes == 0) {
        sp__flow_paragraph(f, sp_tr(L, M_R_MOB_NO_ROUTES), BODY, 0, 14);
        return;
    }
    const column cols[5] = {{sp_tr(L, M_R_MOB_COL_ORDER), 0.09, AL_R},
                            {sp_tr(L, M_R_MOB_COL_STOP), 0.55, AL_L},
                            {sp_tr(L, M_R_MOB_COL_ARRIVE), 0.12, AL_R},
                            {sp_tr(L, M_R_MOB_COL_LEAVE), 0.12, AL_R},
                            {sp_tr(L, M_R_MOB_COL_WORKERS), 0.12, AL_R}};
    int budget = MOB_ROWS_TOTAL, listed = 0;
    for (int i = 0; i < d->n_mroutes && budget > 0; i++) {
        const sp_rmroute *r = &d->mroutes[i];
        GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
        int n = 0, more = 0;
        for (int k = 0; k < d->n_msched; k++) {
            const sp_rmsched *s = &d->msched[k];
            if (s->unit != r->unit || s->day != r->day || !s->kind || strcmp(s->kind, "stop"))
                continue;
            if (n >= MOB_ROUTE_ROWS || n >= budget) {
                more++;
                continue;
            }
            g_ptr_array_add(cells, inum(s->order));
            const char *nm = s->stop_name && *s->stop_name ? s->stop_name : s->stop_id ? s->stop_id : "";
            g_ptr_array_add(cells, sp_text_cut(nm, MOB_NAME_CHARS));
            g_ptr_array_add(cells, clock_of(d, s->arrive_min));
            g_ptr_array_add(cells, clock_of(d, s->depart_min));
            g_ptr_array_add(cells, num(L, s->workers));
            n++;
        }
        char *u = inum(r->unit), *dy = inum(r->day),
             *st = sp_tr_count(L, M_MOB_N_STOPS, M_MOB_N_STOPS_1, r->stops), *w = num(L, r->workers);
        char km[64];
        sp_fmt_num(L, r->length_km, 1, km, sizeof km);
        char *back = clock_of(d, r->day_minutes);
        char *dn = sp_text_cut(depot_name(d, r->depot_id), MOB_NAME_CHARS);
        char *title = sp_trf(L, M_R_MOB_ROUTE, u, dy, st, w, km, back, dn);
        g_free(dn);
        sp__flow_table(f, title, cols, 5, (char **)cells->pdata, n);
        if (more) {
            char *m = inum(more), *s = sp_trf(L, M_R_MOB_MORE_STOPS, m);
            f->y -= 8;
            sp__flow_paragraph(f, s, BODY, SP_TXT_ITALIC, 14);
            g_free(m);
            g_free(s);
        }
        g_free(title);
        g_free(u);
        g_free(dy);
        g_free(st);
        g_free(w);
        g_free(back);
        g_ptr_array_free(cells, TRUE);
        budget -= n;
        listed++;
    }
    if (listed < d->n_mroutes) {
        char *m = inum(d->n_mroutes - listed), *s = sp_trf(L, M_R_MOB_MORE_ROUTES, m);
        sp__flow_paragraph(f, s, BODY, SP_TXT_ITALIC, 14);
        g_free(m);
        g_free(s);
    }
}

void sp__report_mobile(flow *f, const sp_results *d, const sp_mmap *mm)
{
    if (!d->sum.has_mobile || !mm)
        return;
    sp_lang L = f->lang;
    /* the map page: the same drawing as mobile_map.png */
    sp__flow_begin_page(f);
    sp__flow_bookmark(f, sp_tr(L, M_R_MOB_MAP));
    if (f->cr)
        sp_mmap_draw(mm, f->cr, f->t);
    sp__flow_end_page(f, 0);

    sp__flow_begin_page(f);
    sp__flow_bookmark(f, sp_tr(L, M_R_MOBILE));
    sp__flow_heading(f, sp_tr(L, M_R_MOBILE));
    char *a = inum(d->sum.mobile_block_days), *b = inum(d->sum.mobile_visits),
         *c = inum(d->sum.mobile_period_days);
    char *intro = sp_trf(L, M_R_MOB_INTRO, a, b, c);
    sp__flow_paragraph(f, intro, BODY, 0, 12);
    g_free(intro);
    g_free(a);
    g_free(b);
    g_free(c);
    summary_table(f, d);
    calendar(f, d);
    routes(f, d);
}
