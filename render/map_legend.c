/* map_legend.c — the legend panel of the map page: one entry per symbol
 * the map shows, the circle sizes, and notes on scale, projection and
 * sources at its foot. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "map_legend.h"

#define LEG_FONT 7.5
#define LEG_ROW 13.0
#define LEG_SW 22.0   /* swatch column width */

static void legend_text(sp_text *t, cairo_t *cr, const sp_map_layout *L, double y, const char *s)
{
    cairo_set_source_rgb(cr, HEX(C_TEXT));
    PangoLayout *l = sp_text_layout(t, s, LEG_FONT, 0, L->pw - LEG_SW - 4);
    double w, h;
    sp_text_size(l, &w, &h);
    sp_text_show(t, cr, l, L->px + LEG_SW + 4, y - h / 2, 0);
    g_object_unref(l);
}

/* [siting]: the area only the recommended sites reach, per threshold (the
 * orange tint, nested as the rings), and their catchments' outline.
 * Returns the next row's y. */
static double legend_added(const sp__map_view *m, cairo_t *cr, sp_text *t, double y)
{
    const sp_results *d = m->d;
    const sp_map_layout *L = m->L;
    double x = L->px;
    if (d->n_catchments_new_last == 0)
        return y;
    for (int k = 0; k < d->n_rings; k++) {
        cairo_rectangle(cr, x + 2, y - 5, LEG_SW - 4, 10);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill(cr);
        for (int j = k; j < d->n_rings; j++) {
            cairo_rectangle(cr, x + 2, y - 5, LEG_SW - 4, 10);
            cairo_set_source_rgba(cr, HEX(C_ADDED), ADDED_ALPHA);
            cairo_fill(cr);
        }
        char mins[32];
        double mv = d->ring_minutes[k];
        sp_fmt_num(m->lang, mv, fabs(mv - round(mv)) < 1e-9 ? 0 : 1, mins, sizeof mins);
        char *s = sp_trf(m->lang, M_LEG_ADDED, mins);
        legend_text(t, cr, L, y, s);
        g_free(s);
        y += LEG_ROW;
    }
    cairo_move_to(cr, x + 2, y + 3);
    cairo_curve_to(cr, x + 8, y - 6, x + 14, y + 6, x + LEG_SW - 2, y - 3);
    cairo_set_source_rgba(cr, HEX(C_ADDED_EDGE), 0.9);
    cairo_set_line_width(cr, 0.7);
    cairo_stroke(cr);
    legend_text(t, cr, L, y, sp_tr(m->lang, M_LEG_CATCHMENT_NEW));
    return y + LEG_ROW + 4;
}

/* [capacity]: the utilisation classes of the sites with a capacity (all
 * three, a scale), drawn as facilities when no station has a capacity.
 * Returns the next row's y. */
static double legend_util(const sp__map_view *m, cairo_t *cr, sp_text *t, double y, int facility)
{
    const sp_map_layout *L = m->L;
    double x = L->px, sx = x + LEG_SW / 2;
    y += 1;
    PangoLayout *hl = sp_text_layout(t, sp_tr(m->lang, M_LEG_UTIL_HEAD), LEG_FONT, 0, L->pw);
    double hw, hh;
    sp_text_size(hl, &hw, &hh);
    cairo_set_source_rgb(cr, HEX(C_TEXT));
    sp_text_show(t, cr, hl, x, y - 5, 0);
    g_object_unref(hl);
    y += hh + 3;
    const sp_msg msg[3] = {M_LEG_UTIL_LOW, M_LEG_UTIL_HIGH, M_LEG_UTIL_FULL};
    for (int k = SP_UTIL_LOW; k <= SP_UTIL_FULL; k++) {
        sp__map_site_symbol(cr, sx, y, facility, 1, (sp__util_class)k);
        legend_text(t, cr, L, y, sp_tr(m->lang, msg[k]));
        y += LEG_ROW;
    }
    return y;
}

/* [capacity]: the three-way split of summary.json "capacity" (the map's
 * key figures).  Returns the next row's y. */
static double legend_split(const sp__map_view *m, cairo_t *cr, sp_text *t, double y)
{
    const sp_results *d = m->d;
    const sp_map_layout *L = m->L;
    double x = L->px;
    y += 3;
    PangoLayout *hl = sp_text_layout(t, sp_tr(m->lang, M_LEG_CAP_HEAD), LEG_FONT, SP_TXT_BOLD, L->pw);
    double hw, hh;
    sp_text_size(hl, &hw, &hh);
    cairo_set_source_rgb(cr, HEX(C_TEXT));
    sp_text_show(t, cr, hl, x, y - 5, 0);
    g_object_unref(hl);
    y += hh + 3;
    const struct { double w, p; sp_msg msg; int kind; } row[3] = {
        {d->sum.workers_served, d->sum.percent_served, M_LEG_CAP_SERVED, 0},
        {d->sum.workers_over_capacity, d->sum.percent_over_capacity, M_LEG_CAP_OVER, 1},
        {d->sum.workers_not_covered, d->sum.percent_not_covered, M_LEG_CAP_NOTCOV, 2}};
    for (int k = 0; k < 3; k++) {
        /* a swatch of the cluster symbol the number belongs to */
        double sx = x + LEG_SW / 2;
        if (row[k].kind == 0)
            sp__map_cluster_symbol(cr, sx, y, 3.2, 1);
        else if (row[k].kind == 1)
            sp__map_cluster_served_symbol(cr, sx, y, 3.2, 0);
        else
            sp__map_cluster_symbol(cr, sx, y, 3.2, 0);
        char w[32], p[32];
        sp_fmt_int(m->lang, row[k].w, w, sizeof w);
        sp_fmt_pct(m->lang, row[k].p, 1, p, sizeof p);
        char *s = sp_trf(m->lang, row[k].msg, w, p);
        legend_text(t, cr, L, y, s);
        g_free(s);
        y += LEG_ROW;
    }
    return y + 2;
}

void sp__map_draw_legend(const sp__map_view *m, cairo_t *cr, sp_text *t)
{
    const sp_results *d = m->d;
    const sp_map_layout *L = m->L;
    sp_lang lang = m->lang;
    double x = L->px, y = L->py, sx = x + LEG_SW / 2;
    cairo_set_source_rgb(cr, HEX(C_TEXT));
    sp_text_draw(t, cr, sp_tr(lang, M_LEGEND), 9.5, SP_TXT_BOLD, x, y, SP_AL_LEFT, SP_AL_TOP, NULL);
    y += 22;

    /* coverage rings */
    if (d->n_sites > 0) {
        for (int k = 0; k < d->n_rings; k++) {
            cairo_rectangle(cr, x + 2, y - 5, LEG_SW - 4, 10);
            cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_fill(cr);
            for (int j = k; j < d->n_rings; j++) {
                cairo_rectangle(cr, x + 2, y - 5, LEG_SW - 4, 10);
                cairo_set_source_rgba(cr, HEX(C_TINT), TINT_ALPHA);
                cairo_fill(cr);
            }
            if (k == d->n_rings - 1) {
                cairo_rectangle(cr, x + 2, y - 5, LEG_SW - 4, 10);
                cairo_set_source_rgba(cr, HEX(C_COVERED), 0.8);
                cairo_set_line_width(cr, 0.6);
                cairo_stroke(cr);
            }
            char mins[32];
            double mv = d->ring_minutes[k];
            sp_fmt_num(lang, mv, fabs(mv - round(mv)) < 1e-9 ? 0 : 1, mins, sizeof mins);
            char *s = sp_trf(lang, d->n_catchments_new_last > 0 ? M_LEG_WITHIN_EXISTING : M_LEG_WITHIN, mins);
            legend_text(t, cr, L, y, s);
            g_free(s);
            y += LEG_ROW;
        }
        if (d->n_catchments_last > 0 && d->n_catchments_last <= SP_MAP_MAX_OUTLINES) {
            cairo_move_to(cr, x + 2, y + 3);
            cairo_curve_to(cr, x + 8, y - 6, x + 14, y + 6, x + LEG_SW - 2, y - 3);
            cairo_set_source_rgba(cr, HEX(C_COVERED), 0.7);
            cairo_set_line_width(cr, 0.4);
            cairo_stroke(cr);
            legend_text(t, cr, L, y, sp_tr(lang, M_LEG_CATCHMENT));
            y += LEG_ROW;
        }
        if (sp__map_shows_resp(d)) {
            cairo_move_to(cr, x + 2, y + 4);
            cairo_line_to(cr, x + 9, y + 4);
            cairo_line_to(cr, x + 9, y - 1);
            cairo_line_to(cr, x + 16, y - 1);
            cairo_line_to(cr, x + 16, y - 5);
            cairo_set_source_rgba(cr, HEX(C_COVERED), 0.6);
            cairo_set_line_width(cr, 0.4);
            cairo_stroke(cr);
            legend_text(t, cr, L, y, sp_tr(lang, M_LEG_RESP));
            y += LEG_ROW;
        }
        y += 4;
    }
    y = legend_added(m, cr, t, y);

    /* cluster states; with [capacity] the covered ones by served share */
    int any_cov = 0, any_new = 0, any_unc = 0, any_all = 0, any_part = 0, any_none = 0;
    for (int i = 0; i < d->n_clusters; i++) {
        const sp_rcluster *c = &d->clusters[i];
        if (c->is_area)
            continue;   /* areas: their own rows below */
        if (c->covered) {
            any_cov = 1;
            double share = sp__map_served_share(c);
            any_all |= share >= 1;
            any_part |= share > 0 && share < 1;
            any_none |= share <= 0;
        } else if (c->new_rank) {
            any_new = 1;
        } else {
            any_unc = 1;
        }
    }
    if (d->sum.has_capacity) {
        struct { int any; double share; sp_msg msg; } e[3] = {
            {any_all, 1, M_LEG_SERVED_ALL}, {any_part, 0.4, M_LEG_SERVED_PART},
            {any_none, 0, M_LEG_SERVED_NONE}};
        for (int k = 0; k < 3; k++) {
            if (!e[k].any)
                continue;
            sp__map_cluster_served_symbol(cr, sx, y, 4, e[k].share);
            legend_text(t, cr, L, y, sp_tr(lang, e[k].msg));
            y += LEG_ROW;
        }
    } else if (any_cov) {
        sp__map_cluster_symbol(cr, sx, y, 4, 1);
        legend_text(t, cr, L, y, sp_tr(lang, M_LEG_COVERED));
        y += LEG_ROW;
    }
    if (any_new) {
        sp__map_cluster_symbol(cr, sx, y, 4, 2);
        legend_text(t, cr, L, y, sp_tr(lang, M_LEG_COVERED_NEW));
        y += LEG_ROW;
    }
    if (any_unc) {
        sp__map_cluster_symbol(cr, sx, y, 4, 0);
        legend_text(t, cr, L, y, sp_tr(lang, M_LEG_UNCOVERED));
        y += LEG_ROW;
    }
    /* area clusters by covered share, only the states the map shows */
    const int after = d->sum.has_siting;
    const sp_msg area_msg[SP_AREA_STATES] = {M_LEG_AREA_NOT,
                                             after ? M_LEG_AREA_PARTLY_AFTER : M_LEG_AREA_PARTLY,
                                             M_LEG_AREA_NEW, M_LEG_AREA_COVERED};
    for (int s = SP_AREA_COVERED; s >= SP_AREA_NOT; s--) {
        if (!sp__map_any_area(d, s))
            continue;
        cairo_new_path(cr);
        cairo_rectangle(cr, x + 3, y - 5, LEG_SW - 6, 10);
        sp__map_area_paint(cr, (sp__area_state)s);
        legend_text(t, cr, L, y, sp_tr(lang, area_msg[s]));
        y += LEG_ROW;
    }

    /* circle sizes: three round values side by side, bottom-aligned, in
     * the same ink as the map, labelled underneath */
    if (m->w_max > 0) {
        y += 2;
        PangoLayout *hl = sp_text_layout(t, sp_tr(lang, M_LEG_WORKERS), LEG_FONT, 0, L->pw);
        double hw, hh;
        sp_text_size(hl, &hw, &hh);
        cairo_set_source_rgb(cr, HEX(C_TEXT));
        sp_text_show(t, cr, hl, x, y - 5, 0);
        g_object_unref(hl);
        y += hh + 2;
        double v[3];
        int nv = 0;
        v[nv++] = sp_nice_floor(m->w_max);
        double v1 = sp_nice_floor(v[0] / 4), v2 = sp_nice_floor(v[0] / 25);
        if (v1 < v[0] && v1 > 0)
            v[nv++] = v1;
        if (v2 < v[nv - 1] && v2 > 0)
            v[nv++] = v2;
        double base = y + 2 * sp__map_radius(m->w_max, v[0]), cx = x + 2;
        double lab_h = 0;
        for (int k = 0; k < nv; k++) {
            char n[32];
            sp_fmt_int(lang, v[k], n, sizeof n);
            double r = sp__map_radius(m->w_max, v[k]), lw;
            sp_text_measure(t, n, 6.5, 0, &lw, &lab_h);
            double slot = fmax(2 * r, lw);
            double ccx = cx + slot / 2;
            cairo_new_path(cr);
            cairo_arc(cr, ccx, base - r, r, 0, 2 * M_PI);
            cairo_set_source_rgba(cr, 0.45, 0.45, 0.45, 0.35);
            cairo_fill_preserve(cr);
            cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
            cairo_set_line_width(cr, 0.5);
            cairo_stroke(cr);
            cairo_set_source_rgb(cr, HEX(C_TEXT));
            sp_text_draw(t, cr, n, 6.5, 0, ccx, base + 2, SP_AL_CENTER, SP_AL_TOP, NULL);
            cx += slot + 12;
        }
        y = base + 2 + lab_h + 10;
    }

    /* sites; with [capacity] those with a capacity by utilisation, the
     * plain symbols for the unlimited ones */
    int any_station = 0, any_fac = 0, any_unreach = 0, any_cap = 0, cap_station = 0;
    for (int i = 0; i < d->n_sites; i++) {
        const sp_rsite *s = &d->sites[i];
        if (!s->reachable)
            any_unreach = 1;
        if (d->sum.has_capacity && sp__map_util_class(s) != SP_UTIL_NONE) {
            /* off the network: drawn hollow (below), whatever its capacity */
            any_cap |= s->reachable;
            cap_station |= s->reachable && !sp__map_is_facility(s);
            continue;
        }
        if (sp__map_is_facility(s))
            any_fac = 1;
        else
            any_station = 1;
    }
    if (any_cap)
        y = legend_util(m, cr, t, y, !cap_station);
    int cap = d->sum.has_capacity;
    if (any_station) {
        sp__map_station_symbol(cr, sx, y, 0, 1);
        legend_text(t, cr, L, y, sp_tr(lang, cap ? M_LEG_UTIL_UNLIMITED : M_LEG_STATION));
        y += LEG_ROW;
    }
    if (any_fac) {
        sp__map_station_symbol(cr, sx, y, 1, 1);
        legend_text(t, cr, L, y, sp_tr(lang, cap ? M_LEG_UTIL_UNLIMITED_FAC : M_LEG_FACILITY));
        y += LEG_ROW;
    }
    if (any_unreach) {
        sp__map_station_symbol(cr, sx, y, 0, 0);
        legend_text(t, cr, L, y, sp_tr(lang, M_LEG_UNREACHABLE_SITE));
        y += LEG_ROW;
    }
    if (d->n_recs > 0) {
        y += 2;
        sp__map_rec_marker(cr, t, sx, y, 1);
        legend_text(t, cr, L, y, sp_tr(lang, M_LEG_RECOMMENDED));
        y += LEG_ROW + 3;
    }
    if (d->sum.has_capacity)
        y = legend_split(m, cr, t, y);
    int n_gaps;
    sp_rdata_map_gaps(d, &n_gaps);
    if (n_gaps > 0) {
        const double dash[] = {3.0, 1.8};
        cairo_rectangle(cr, x + 3, y - 5, LEG_SW - 6, 10);
        cairo_set_dash(cr, dash, 2, 0);
        cairo_set_line_width(cr, 0.9);
        cairo_set_source_rgb(cr, HEX(C_GAP));
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        legend_text(t, cr, L, y, sp_tr(lang, d->sum.has_siting ? M_LEG_GAP_AFTER : M_LEG_GAP));
        y += LEG_ROW;
    }
    /* roads */
    if (d->n_roads > 0) {
        y += 2;
        cairo_move_to(cr, x + 2, y);
        cairo_line_to(cr, x + LEG_SW - 2, y);
        sp__map_stroke_road(cr, SP_RC_PRIMARY, m->road_scale);
        legend_text(t, cr, L, y, sp_tr(lang, M_LEG_ROADS_MAIN));
        y += LEG_ROW;
        cairo_move_to(cr, x + 2, y);
        cairo_line_to(cr, x + LEG_SW - 2, y);
        sp__map_stroke_road(cr, SP_RC_MINOR, m->road_scale);
        legend_text(t, cr, L, y, sp_tr(lang, M_LEG_ROADS_MINOR));
        y += LEG_ROW;
        if (sp__map_any_unroutable(d)) {
            cairo_move_to(cr, x + 2, y);
            cairo_line_to(cr, x + LEG_SW - 2, y);
            sp__map_stroke_unroutable(cr, m->road_scale);
            legend_text(t, cr, L, y, sp_tr(lang, M_LEG_ROADS_UNROUTABLE));
            y += LEG_ROW;
        }
    }

    /* notes at the bottom of the panel: scale, projection, sources */
    char den[32];
    sp_fmt_int(lang, sp_nice_floor(L->denominator) == L->denominator ? L->denominator
               : round(L->denominator / 100) * 100, den, sizeof den);
    char *scale = sp_trf(lang, M_SCALE_NOTE, den, m->page_name);
    char *crs = sp_trf(lang, M_CRS_NOTE, sp_results_str(d, "crs", "?"));
    /* the workers' source: the file's name and the weight field */
    char *base = g_path_get_basename(sp_results_str(d, "sources.clusters", "?"));
    char *comma = strstr(base, ", layer ");
    if (comma)
        *comma = '\0';
    const char *wf = sp_results_str(d, "sources.clusters_weight", NULL);
    char *src = wf ? g_strdup_printf("%s (%s)", base, wf) : g_strdup(base);
    char *workers = sp_trf(lang, M_SRC_WORKERS, src);
    g_free(base);
    g_free(src);
    char *note = g_strdup_printf("%s\n%s\n%s", scale, crs, workers);
    g_free(workers);
    g_free(scale);
    g_free(crs);
    PangoLayout *l = sp_text_layout(t, note, 6.5, 0, L->pw);
    double w, h;
    sp_text_size(l, &w, &h);
    cairo_set_source_rgb(cr, HEX(C_NOTE));
    sp_text_show(t, cr, l, x, L->py + L->ph - h, 0);
    g_object_unref(l);
    g_free(note);
}

