/* report.c — report.pdf (see report.h).
 *
 * The report is laid out by a small flow: a cursor moves down the page;
 * anything that does not fit starts a new page.  The whole report is laid
 * out twice, first without drawing to count the pages (for "page N of M"),
 * then drawing.  Both passes take the same decisions because they measure
 * the same text with the same fonts.  With [capacity] a "Capacity" page
 * (report_capacity.c) follows the map.
 */
#include "report.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "i18n.h"
#include "map_draw.h"
#include "report_capacity.h"
#include "report_mobile.h"
#include "report_flow.h"

/* ---- sections ---- */

static char *num(sp_lang lang, double v)
{
    char b[64];
    return g_strdup(sp_fmt_int(lang, v, b, sizeof b));
}

static char *pct(sp_lang lang, double v)
{
    char b[64];
    return g_strdup(sp_fmt_pct(lang, v, 1, b, sizeof b));
}

/* A number member of a JSON object, 0 when missing. */
static double jget(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) ? json_object_get_double(v) : 0;
}

static void kv_add(GPtrArray *rows, const char *k, char *v_owned)
{
    g_ptr_array_add(rows, g_strdup(k));
    g_ptr_array_add(rows, v_owned);
}

static void kv_table(flow *f, const char *title, GPtrArray *rows)
{
    const column cols[2] = {{sp_tr(f->lang, M_R_KEY), 0.28, AL_L}, {sp_tr(f->lang, M_R_VALUE), 0.72, AL_L}};
    sp__flow_table(f, title, cols, 2, (char **)rows->pdata, (int)rows->len / 2);
}

static const char *gap_place(const sp_rgap *g)
{
    return g->largest_name ? g->largest_name : g->largest_id ? g->largest_id : "?";
}

/* A true/false key of summary.json's "siting" object (0 when missing). */
static int siting_flag(const sp_results *d, const char *key)
{
    json_object *si = NULL, *v = NULL;
    return json_object_object_get_ex(d->summary, "siting", &si) &&
           json_object_object_get_ex(si, key, &v) && json_object_get_boolean(v);
}

static void section_summary(flow *f, const sp_results *d, const sp_map *map, const char *title)
{
    sp_lang L = f->lang;
    sp__flow_paragraph(f, title, 18, SP_TXT_BOLD, 4);
    sp__flow_paragraph(f, sp_tr(L, M_R_REPORT), 11, 0, 2);
    if (sp_results_has(d, "title_written_for")) {
        /* the user's title, kept visible when the page is titled by what ran */
        char mins[32];
        double m = sp_results_num(d, "title_written_for.minutes", 0);
        sp_fmt_num(L, m, fabs(m - round(m)) < 1e-9 ? 0 : 1, mins, sizeof mins);
        const char *was = sp_results_str(d, "render.title", "");
        char *v = sp_trf(L, M_R_VARIANT, *was ? was : sp_results_str(d, "scenario", ""),
                         sp_tr_mode(L, sp_results_str(d, "title_written_for.mode", "")), mins);
        sp__flow_paragraph(f, v, 9.5, 0, 2);
        g_free(v);
    }
    sp__flow_paragraph(f, sp_map_subtitle(map), 9.5, 0, 16);
    sp__flow_bookmark(f, sp_tr(L, M_R_SUMMARY));

    GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
    kv_add(rows, sp_tr(L, M_R_WORKERS_TOTAL), num(L, sp_results_num(d, "workers_total", 0)));
    char *a = num(L, sp_results_num(d, "workers_covered", 0)), *b = pct(L, sp_results_num(d, "percent_covered", 0));
    kv_add(rows, sp_tr(L, M_R_WORKERS_COVERED), g_strdup_printf("%s (%s)", a, b));
    g_free(a);
    g_free(b);
    if (d->sum.workers_estimated)
        kv_add(rows, "", g_strdup(sp_tr(L, M_R_WORKERS_ESTIMATED)));
    if (d->sum.has_capacity) {
        a = num(L, d->sum.workers_served);
        b = pct(L, d->sum.percent_served);
        kv_add(rows, sp_tr(L, M_R_WORKERS_SERVED), g_strdup_printf("%s (%s)", a, b));
        g_free(a);
        g_free(b);
    }
    char *c1 = num(L, sp_results_num(d, "clusters_total", 0)), *c2 = num(L, sp_results_num(d, "clusters_covered", 0)),
         *c3 = num(L, sp_results_num(d, "clusters_unreachable", 0));
    kv_add(rows, sp_tr(L, M_R_CLUSTERS), sp_trf(L, M_R_CLUSTERS_VAL, c1, c2, c3));
    g_free(c1);
    g_free(c2);
    g_free(c3);
    /* area clusters by state, as the map draws them */
    int n_area[SP_AREA_STATES] = {0};
    for (int i = 0; i < d->n_clusters; i++)
        if (d->clusters[i].is_area)
            n_area[sp__map_area_state_before(&d->clusters[i])]++;
    int n_areas = n_area[SP_AREA_NOT] + n_area[SP_AREA_PARTLY] + n_area[SP_AREA_COVERED];
    if (n_areas > 0) {
        char *n = num(L, n_areas), *all = num(L, n_area[SP_AREA_COVERED]),
             *p = num(L, n_area[SP_AREA_PARTLY]), *z = num(L, n_area[SP_AREA_NOT]);
        kv_add(rows, sp_tr(L, M_R_AREAS), sp_trf(L, M_R_AREAS_VAL, n, all, p, z));
        g_free(n);
        g_free(all);
        g_free(p);
        g_free(z);
    }
    char *s1 = num(L, sp_results_num(d, "sites_total", 0)), *s2 = num(L, sp_results_num(d, "stations", 0)),
         *s3 = num(L, sp_results_num(d, "facilities", 0)), *s4 = num(L, sp_results_num(d, "sites_unreachable", 0));
    kv_add(rows, sp_tr(L, M_R_SITES), sp_trf(L, M_R_SITES_VAL, s1, s2, s3, s4));
    g_free(s1);
    g_free(s2);
    g_free(s3);
    g_free(s4);
    kv_add(rows, sp_tr(L, M_R_GAPS_N), num(L, sp_results_num(d, "gaps_total", d->n_gaps)));
    if (d->n_gaps > 0) {
        char *w = num(L, d->gaps[0].workers), *n = num(L, d->gaps[0].clusters);
        kv_add(rows, sp_tr(L, M_R_LARGEST_GAP), sp_trf(L, M_R_LARGEST_GAP_VAL, w, n, gap_place(&d->gaps[0])));
        g_free(w);
        g_free(n);
    }
    if (sp_results_has(d, "siting")) {
        kv_add(rows, sp_tr(L, M_R_GAPS_AFTER_N), num(L, sp_results_num(d, "siting.gaps_after_total", d->n_gaps_after)));
        if (d->n_gaps_after > 0) {
            char *w = num(L, d->gaps_after[0].workers), *n = num(L, d->gaps_after[0].clusters);
            kv_add(rows, sp_tr(L, M_R_LARGEST_GAP_AFTER),
                   sp_trf(L, M_R_LARGEST_GAP_VAL, w, n, gap_place(&d->gaps_after[0])));
            g_free(w);
            g_free(n);
        }
        /* capacitated siting: the answer is served workers (before: the
         * existing sites' capacitated assignment) */
        int served = siting_flag(d, "capacitated") && d->sum.has_capacity;
        char *n = num(L, sp_results_num(d, "siting.new_sites", d->n_recs)),
             *bu = num(L, sp_results_num(d, "siting.budget", 0)),
             *p0 = pct(L, served ? d->sum.percent_served : sp_results_num(d, "percent_covered", 0)),
             *p1 = pct(L, sp_results_num(d, served ? "siting.percent_served" : "siting.percent_covered", 0));
        kv_add(rows, sp_tr(L, M_R_NEW_SITES),
               sp_trf(L, served ? M_R_NEW_SITES_VAL_SERVED : M_R_NEW_SITES_VAL, n, bu, p0, p1));
        g_free(n);
        g_free(bu);
        g_free(p0);
        g_free(p1);
        const char *model = sp_results_str(d, "siting.model", "?");
        double budget = sp_results_num(d, "siting.budget", 0),
               n_new = sp_results_num(d, "siting.new_sites", d->n_recs);
        if (!strcmp(model, "mclp") && n_new < budget) {
            char *k = num(L, n_new), *bud = num(L, budget);
            kv_add(rows, "", sp_trf(L, M_R_BUDGET_NOT_NEEDED, k, bud));
            g_free(k);
            g_free(bud);
        }
        char *nc = num(L, sp_results_num(d, "siting.candidates", 0));
        const char *status = sp_results_str(d, "siting.target_status", "met");
        if (!strcmp(model, "target") && !strcmp(status, "capped")) {
            char *tp = pct(L, sp_results_num(d, "siting.target_percent", 0)), *bud = num(L, budget),
                 *best = pct(L, sp_results_num(d, "siting.percent_covered", 0)),
                 *ub = pct(L, sp_results_num(d, "siting.best_percent_bound", NAN));
            kv_add(rows, sp_tr(L, M_R_SOLVER),
                   sp_trf(L, siting_flag(d, "best_proven") ? M_R_TARGET_CAPPED_PROVEN : M_R_TARGET_CAPPED,
                          model, nc, tp, bud, best, ub));
            g_free(tp);
            g_free(bud);
            g_free(best);
            g_free(ub);
        } else if (siting_flag(d, "optimal")) {
            kv_add(rows, sp_tr(L, M_R_SOLVER), sp_trf(L, M_R_OPTIMAL, model, nc));
        } else {
            /* how far from proven: the gap when a bound is known */
            double gap = sp_results_num(d, "siting.gap", NAN);
            char *g = isfinite(gap) ? pct(L, 100 * gap) : NULL;
            kv_add(rows, sp_tr(L, M_R_SOLVER),
                   g ? sp_trf(L, M_R_NOT_OPTIMAL_GAP, model, nc, g)
                     : sp_trf(L, M_R_NOT_OPTIMAL, model, nc));
            g_free(g);
        }
        g_free(nc);
    }
    kv_table(f, sp_tr(L, M_R_SUMMARY), rows);
    g_ptr_array_free(rows, TRUE);

    /* coverage by threshold */
    json_object *rings = NULL;
    if (json_object_object_get_ex(d->summary, "rings", &rings) && json_object_is_type(rings, json_type_array)) {
        int n = (int)json_object_array_length(rings);
        const column cols[4] = {{sp_tr(L, M_R_COL_MINUTES), 0.2, AL_R}, {sp_tr(L, M_R_COL_WORKERS), 0.3, AL_R},
                                {sp_tr(L, M_R_COL_PERCENT), 0.2, AL_R}, {sp_tr(L, M_R_COL_AREA), 0.3, AL_R}};
        GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
        for (int i = 0; i < n; i++) {
            json_object *r = json_object_array_get_idx(rings, (size_t)i);
            char nb[64];
            double mins = jget(r, "minutes");
            int whole = fabs(mins - round(mins)) < 1e-9;
            g_ptr_array_add(cells, g_strdup(sp_fmt_num(L, mins, whole ? 0 : 1, nb, sizeof nb)));
            g_ptr_array_add(cells, num(L, jget(r, "workers_covered")));
            g_ptr_array_add(cells, pct(L, jget(r, "percent_covered")));
            g_ptr_array_add(cells, g_strdup(sp_fmt_num(L, jget(r, "area_km2"), 1, nb, sizeof nb)));
        }
        sp__flow_table(f, sp_tr(L, M_R_RINGS), cols, 4, (char **)cells->pdata, n);
        g_ptr_array_free(cells, TRUE);
    }
}

static void section_recs(flow *f, const sp_results *d)
{
    sp_lang L = f->lang;
    sp__flow_bookmark(f, sp_tr(L, M_R_RECS));
    if (d->n_recs == 0) {
        sp__flow_heading(f, sp_tr(L, M_R_RECS));
        sp__flow_paragraph(f, sp_tr(L, M_R_NO_RECS), BODY, 0, 14);
        return;
    }
    int named = 0;
    for (int i = 0; i < d->n_recs; i++)
        named |= d->recs[i].name != NULL;
    /* capacitated siting: workers_added and the cumulative columns are served workers */
    int served = siting_flag(d, "capacitated");
    /* the name column only when some site has a name */
    const column all[7] = {
        {sp_tr(L, M_R_COL_RANK), 0.08, AL_R},    {sp_tr(L, M_R_COL_SITE), named ? 0.2 : 0.44, AL_L},
        {sp_tr(L, M_R_COL_NAME), 0.24, AL_L},
        {sp_tr(L, served ? M_R_COL_ADDED_SERVED : M_R_COL_ADDED), 0.13, AL_R},
        {sp_tr(L, served ? M_R_COL_CUM_SERVED : M_R_COL_CUM), 0.13, AL_R},
        {sp_tr(L, M_R_COL_CUMPCT), 0.12, AL_R},
        {sp_tr(L, M_R_COL_CLUSTERS), 0.10, AL_R},
    };
    column cols[7];
    int nc = 0;
    for (int c = 0; c < 7; c++)
        if (c != 2 || named)
            cols[nc++] = all[c];
    GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < d->n_recs; i++) {
        const sp_rrec *r = &d->recs[i];
        g_ptr_array_add(cells, g_strdup_printf("%d", r->rank));
        g_ptr_array_add(cells, g_strdup(r->site_id ? r->site_id : ""));
        if (named)
            g_ptr_array_add(cells, g_strdup(r->name ? r->name : ""));
        g_ptr_array_add(cells, num(L, r->added));
        g_ptr_array_add(cells, num(L, r->cumulative));
        g_ptr_array_add(cells, pct(L, r->percent));
        g_ptr_array_add(cells, num(L, r->clusters_added));
    }
    sp__flow_table(f, sp_tr(L, M_R_RECS), cols, nc, (char **)cells->pdata, d->n_recs);
    g_ptr_array_free(cells, TRUE);
}

#define MAX_GAPS 25

/* One table of gap zones: gaps[0..n_gaps) under `title`; `none` when
 * there is none, `more` (1 count) for those beyond MAX_GAPS. */
static void gap_table(flow *f, const sp_rgap *gaps, int n_gaps, sp_msg title, sp_msg none, sp_msg more)
{
    sp_lang L = f->lang;
    if (n_gaps == 0) {
        if (f->y + sp__flow_heading_h(f, sp_tr(L, title)) + 30 > sp__flow_bottom(f))
            sp__flow_new_page(f);
        sp__flow_bookmark(f, sp_tr(L, title));
        sp__flow_heading(f, sp_tr(L, title));
        sp__flow_paragraph(f, sp_tr(L, none), BODY, 0, 14);
        return;
    }
    int named = 0;
    for (int i = 0; i < n_gaps; i++)
        named |= gaps[i].largest_name != NULL;
    const column all[5] = {
        {sp_tr(L, M_R_COL_RANK), 0.1, AL_R},       {sp_tr(L, M_R_COL_GAP_WORKERS), 0.18, AL_R},
        {sp_tr(L, M_R_COL_CLUSTERS), 0.14, AL_R},  {sp_tr(L, M_R_COL_LARGEST), named ? 0.3 : 0.58, AL_L},
        {sp_tr(L, M_R_COL_NAME), 0.28, AL_L},
    };
    int nc = named ? 5 : 4;
    int n = n_gaps < MAX_GAPS ? n_gaps : MAX_GAPS;
    GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < n; i++) {
        const sp_rgap *g = &gaps[i];
        g_ptr_array_add(cells, g_strdup_printf("%d", g->rank));
        g_ptr_array_add(cells, num(L, g->workers));
        g_ptr_array_add(cells, num(L, g->clusters));
        g_ptr_array_add(cells, g_strdup(g->largest_id ? g->largest_id : ""));
        if (named)
            g_ptr_array_add(cells, g_strdup(g->largest_name ? g->largest_name : ""));
    }
    /* the bookmark goes to the page where the table starts */
    double need = sp__flow_heading_h(f, sp_tr(L, title)) + 40;
    if (f->y + need > sp__flow_bottom(f))
        sp__flow_new_page(f);
    sp__flow_bookmark(f, sp_tr(L, title));
    sp__flow_table(f, sp_tr(L, title), all, nc, (char **)cells->pdata, n);
    g_ptr_array_free(cells, TRUE);
    if (n_gaps > n) {
        char m[32];
        snprintf(m, sizeof m, "%d", n_gaps - n);
        char *s = sp_trf(L, more, m);
        f->y -= 8;
        sp__flow_paragraph(f, s, BODY, 0, 14);
        g_free(s);
    }
}

/* The gaps; with [siting] first those left with the new sites (the map's
 * "Gap N" labels), then those before them. */
static void section_gaps(flow *f, const sp_results *d)
{
    if (d->sum.has_siting) {
        gap_table(f, d->gaps_after, d->n_gaps_after, M_R_GAPS_AFTER, M_R_NO_GAPS_AFTER, M_R_MORE_GAPS_AFTER);
        gap_table(f, d->gaps, d->n_gaps, M_R_GAPS_BEFORE, M_R_NO_GAPS, M_R_MORE_GAPS);
    } else {
        gap_table(f, d->gaps, d->n_gaps, M_R_GAPS, M_R_NO_GAPS, M_R_MORE_GAPS);
    }
}

/* Known English phrases of summary.json in Chinese; anything else as is. */
static char *zh_phrase(sp_lang L, const char *s)
{
    if (L != SP_LANG_ZH || !s)
        return g_strdup(s ? s : "");
    if (g_str_has_prefix(s, "built-in ") && g_str_has_suffix(s, " table")) {
        char *mode = g_strndup(s + 9, strlen(s) - 9 - 6);
        char *r = g_strdup_printf("内置速度表（%s）", sp_tr_mode(L, mode));
        g_free(mode);
        return r;
    }
    if (!strcmp(s, "cell centres timed by the clusters' access rule + GDALPolygonize"))
        return g_strdup("按聚集点的接入规则计算各网格中心的时间 + GDALPolygonize");
    const char *z = strstr(s, ", the zone of the clusters' centre");
    if (z)
        return g_strdup_printf("%.*s（聚集点范围中心所在的 UTM 分带）", (int)(z - s), s);
    if (!strcmp(s, "[travel] crs"))
        return g_strdup("由 [travel] crs 指定");
    /* "file, layer L" */
    char **parts = g_strsplit(s, ", layer ", -1);
    char *r = g_strjoinv("，图层 ", parts);
    g_strfreev(parts);
    return r;
}

static void section_inputs(flow *f, const sp_results *d)
{
    sp_lang L = f->lang;
    char b[64], b2[64], b3[64], b4[64];
    GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
    const char *mode = sp_results_str(d, "mode", "?");
    kv_add(rows, sp_tr(L, M_I_MODE), g_strdup_printf("%s (%s)", sp_tr_mode(L, mode), mode));
    /* thresholds: all rings */
    GString *th = g_string_new(NULL);
    json_object *rings = NULL;
    if (json_object_object_get_ex(d->summary, "rings", &rings) && json_object_is_type(rings, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(rings); i++) {
            json_object *v;
            double m = json_object_object_get_ex(json_object_array_get_idx(rings, i), "minutes", &v)
                           ? json_object_get_double(v) : 0;
            g_string_append_printf(th, "%s%s", i ? ", " : "", sp_fmt_num(L, m, fabs(m - round(m)) < 1e-9 ? 0 : 1, b, sizeof b));
        }
    }
    g_string_append_printf(th, " %s", sp_tr(L, M_UNIT_MIN));
    kv_add(rows, sp_tr(L, M_I_THRESHOLD), g_string_free(th, FALSE));
    double mins = sp_results_num(d, "minutes", 0);
    kv_add(rows, sp_tr(L, M_I_COVERED_RULE),
           sp_trf(L, M_I_COVERED_RULE_VAL, sp_fmt_num(L, mins, fabs(mins - round(mins)) < 1e-9 ? 0 : 1, b, sizeof b)));
    for (int i = 0; i < d->n_clusters; i++)
        if (d->clusters[i].is_area) {
            kv_add(rows, sp_tr(L, M_I_AREA_RULE), g_strdup(sp_tr(L, M_I_AREA_RULE_VAL)));
            break;
        }
    kv_add(rows, sp_tr(L, M_I_SPEEDS), zh_phrase(L, sp_results_str(d, "speeds", "?")));
    json_object *tbl = NULL;
    if (json_object_object_get_ex(d->summary, "speed_table_kmh", &tbl) &&
        json_object_is_type(tbl, json_type_object)) {
        GString *st = g_string_new(NULL);
        json_object_object_foreach(tbl, k, v) {
            g_string_append_printf(st, "%s%s %s", st->len ? ", " : "", k,
                                   sp_fmt_num(L, json_object_get_double(v), 1, b, sizeof b));
        }
        g_string_append(st, " km/h");
        kv_add(rows, sp_tr(L, M_I_SPEED_TABLE), g_string_free(st, FALSE));
    }
    if (sp_results_has(d, "gap_link_m"))
        kv_add(rows, sp_tr(L, M_I_GAP_RULE),
               sp_trf(L, M_I_GAP_RULE_VAL, sp_fmt_dist(L, sp_results_num(d, "gap_link_m", 500), b, sizeof b)));
    kv_add(rows, sp_tr(L, M_I_WALK), g_strdup_printf("%s km/h", sp_fmt_num(L, sp_results_num(d, "walk_kmh", 5), 1, b, sizeof b)));
    const char *snap = sp_results_str(d, "snap", "edge");
    kv_add(rows, sp_tr(L, M_I_SNAP), g_strdup_printf("%s (%s)", sp_tr(L, strcmp(snap, "node") ? M_I_SNAP_EDGE : M_I_SNAP_NODE), snap));
    if (sp_results_has(d, "max_snap_m"))
        kv_add(rows, sp_tr(L, M_I_MAXSNAP), g_strdup(sp_fmt_dist(L, sp_results_num(d, "max_snap_m", 0), b, sizeof b)));
    char *reason = zh_phrase(L, sp_results_str(d, "crs_reason", ""));
    kv_add(rows, sp_tr(L, M_I_CRS), g_strdup_printf("%s — %s", sp_results_str(d, "crs", "?"), reason));
    g_free(reason);
    char *meth = zh_phrase(L, sp_results_str(d, "catchment.method", "?"));
    sp_fmt_num(L, sp_results_num(d, "catchment.cell_m", 0), 0, b, sizeof b);
    kv_add(rows, sp_tr(L, M_I_CATCHMENT),
           sp_trf(L, sp_results_bool(d, "catchment.per_site", 1) ? M_I_CATCHMENT_VAL
                                                                  : M_I_CATCHMENT_AREA_ONLY,
                  meth, b));
    g_free(meth);
    sp_fmt_int(L, sp_results_num(d, "network.links", 0), b, sizeof b);
    sp_fmt_num(L, sp_results_num(d, "network.length_km", 0), 1, b2, sizeof b2);
    sp_fmt_int(L, sp_results_num(d, "network.nodes", 0), b3, sizeof b3);
    sp_fmt_int(L, sp_results_num(d, "network.components", 0), b4, sizeof b4);
    kv_add(rows, sp_tr(L, M_I_NETWORK), sp_trf(L, M_I_NETWORK_VAL, b, b2, b3, b4));
    if (sp_results_has(d, "siting")) {
        sp_fmt_int(L, sp_results_num(d, "siting.budget", 0), b, sizeof b);
        kv_add(rows, sp_tr(L, M_I_SITING), sp_trf(L, M_I_SITING_VAL, sp_results_str(d, "siting.model", "?"), b,
                                                  sp_results_str(d, "siting.method", "?")));
    }
    if (d->sum.has_capacity) {
        /* null in summary.json = unlimited */
        double dv = sp_results_num(d, "capacity.default", NAN), nv = sp_results_num(d, "capacity.new_site", NAN);
        char *dn = isfinite(dv) ? num(L, dv) : g_strdup(sp_tr(L, M_R_UNLIMITED)),
             *nn = isfinite(nv) ? num(L, nv) : g_strdup(sp_tr(L, M_R_UNLIMITED));
        char *v = sp_trf(L, M_I_CAPACITY_VAL, dn, nn);
        double r = sp_results_num(d, "capacity.visits_per_worker", NAN);
        if (isfinite(r)) {
            char *x = sp_trf(L, M_I_CAPACITY_VISITS, sp_fmt_num(L, r, 2, b, sizeof b));
            char *both = g_strconcat(v, x, NULL);
            g_free(v);
            g_free(x);
            v = both;
        }
        kv_add(rows, sp_tr(L, M_I_CAPACITY), v);
        g_free(dn);
        g_free(nn);
    }
    kv_add(rows, sp_tr(L, M_I_SRC_NETWORK), g_strdup(sp_results_str(d, "sources.network", "?")));
    struct { sp_msg key; const char *src, *extra; } srcs[] = {
        {M_I_SRC_CLUSTERS, "sources.clusters", "sources.clusters_weight"},
        {M_I_SRC_SITES, "sources.sites", "sources.sites_where"},
        {M_I_SRC_FACILITIES, "sources.facilities", NULL},
        {M_I_SRC_CANDIDATES, "siting.candidates_source", NULL},
    };
    for (size_t i = 0; i < sizeof srcs / sizeof *srcs; i++) {
        if (!sp_results_has(d, srcs[i].src))
            continue;
        char *v = zh_phrase(L, sp_results_str(d, srcs[i].src, "?"));
        const char *x = srcs[i].extra ? sp_results_str(d, srcs[i].extra, NULL) : NULL;
        kv_add(rows, sp_tr(L, srcs[i].key), x ? g_strdup_printf("%s (%s)", v, x) : g_strdup(v));
        g_free(v);
    }
    const char *net = sp_results_str(d, "sources.network", "");
    if (g_str_has_suffix(net, ".osm") || g_str_has_suffix(net, ".pbf") || g_str_has_suffix(net, ".osm.bz2"))
        kv_add(rows, sp_tr(L, M_I_ATTRIBUTION), g_strdup("© OpenStreetMap contributors (ODbL 1.0)"));
    if (f->y + sp__flow_heading_h(f, sp_tr(L, M_R_INPUTS)) + 60 > sp__flow_bottom(f))
        sp__flow_new_page(f);
    sp__flow_bookmark(f, sp_tr(L, M_R_INPUTS));
    kv_table(f, sp_tr(L, M_R_INPUTS), rows);
    g_ptr_array_free(rows, TRUE);
}

static void run_flow(flow *f, const sp_results *d, const sp_map *map, const sp_mmap *mm,
                     const char *title)
{
    sp__flow_begin_page(f);
    section_summary(f, d, map, title);
    sp__flow_end_page(f, 1);

    /* the map page: the same drawing as map.pdf */
    sp__flow_begin_page(f);
    if (f->cr) {
        char link[32];
        snprintf(link, sizeof link, "page=%d", f->page);
        cairo_pdf_surface_add_outline(f->surface, CAIRO_PDF_OUTLINE_ROOT, sp_tr(f->lang, M_R_MAP), link, 0);
        sp_map_draw(map, f->cr, f->t);
    }
    sp__flow_end_page(f, 0);

    /* [capacity]: who of the covered workers the sites can serve */
    if (d->sum.has_capacity) {
        sp__flow_begin_page(f);
        sp__report_capacity(f, d);
        sp__flow_end_page(f, 1);
    }

    if (d->n_curve > 0) {
        sp__flow_begin_page(f);
        sp__flow_bookmark(f, sp_tr(f->lang, M_R_CURVE));
        sp__flow_heading(f, sp_tr(f->lang, M_R_CURVE));
        double note_h;
        PangoLayout *l = sp_text_layout(f->t, sp_tr(f->lang, M_CH_KNEE_NOTE), BODY, 0, sp__flow_text_w(f));
        sp_text_size(l, NULL, &note_h);
        g_object_unref(l);
        double ch = sp__flow_bottom(f) - f->y - note_h - 12;
        if (f->cr)
            sp_chart_draw(f->cr, d, f->t, MARGIN, f->y, sp__flow_text_w(f), ch);
        f->y += ch + 8;
        sp__flow_paragraph(f, sp_tr(f->lang, M_CH_KNEE_NOTE), BODY, 0, 0);
        sp__flow_end_page(f, 1);
    }

    sp__flow_begin_page(f);
    section_recs(f, d);
    section_gaps(f, d);
    section_inputs(f, d);
    sp__flow_end_page(f, 1);

    /* [mobile]: the plan's map, summary, calendar and routes */
    if (d->sum.has_mobile && mm) {
        sp__report_mobile(f, d, mm);
        sp__flow_end_page(f, 1);
    }
}

sp_status sp_report_draw(cairo_surface_t *pdf, const sp_results *d, const sp_map *map, sp_text *t,
                         const sp_report_opts *o, int *pages)
{
    char *base = g_path_get_basename(d->dir);
    char *foot = sp_trf(sp_text_lang(t), M_R_FOOTER, base);
    g_free(base);
    flow f = {NULL, NULL, t, sp_text_lang(t), o->page_w, o->page_h, 0, 0, 0, foot};
    run_flow(&f, d, map, o->mobile, o->title);
    int total = f.page;
    if (pdf) {
        cairo_t *cr = cairo_create(pdf);
        flow g = {cr, pdf, t, sp_text_lang(t), o->page_w, o->page_h, 0, 0, total, foot};
        run_flow(&g, d, map, o->mobile, o->title);
        cairo_status_t cs = cairo_status(cr);
        cairo_destroy(cr);
        if (g.page != total) {
            g_free(foot);
            return sp_error(SP_E_INTERNAL, "report.pdf: %d pages drawn, %d counted", g.page, total);
        }
        if (cs != CAIRO_STATUS_SUCCESS) {
            g_free(foot);
            return sp_error(SP_E_RENDER, "report.pdf: %s", cairo_status_to_string(cs));
        }
    }
    g_free(foot);
    *pages = total;
    return SP_OK;
}
