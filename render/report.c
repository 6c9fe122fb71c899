/* report.c — report.pdf (see report.h).
 *
 * The report is laid out by a small flow: a cursor moves down the page;
 * anything that does not fit starts a new page.  The whole report is laid
 * out twice, first without drawing to count the pages (for "page N of M"),
 * then drawing.  Both passes take the same decisions because they measure
 * the same text with the same fonts.
 */
#include "report.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "i18n.h"

#define MARGIN 40.0
#define FOOTER_H 22.0
#define CELL_PAD 3.5
#define BODY 8.5

typedef struct {
    cairo_t *cr;              /* NULL in the counting pass */
    cairo_surface_t *surface;
    sp_text *t;
    sp_lang lang;
    double pw, ph;
    double y;
    int page, total;
    const char *footer;
} flow;

typedef enum { AL_L, AL_R } col_align;

typedef struct {
    const char *title;
    double frac;              /* share of the text width */
    col_align al;
} column;

static double text_w(const flow *f) { return f->pw - 2 * MARGIN; }
static double bottom(const flow *f) { return f->ph - MARGIN - FOOTER_H; }

static void footer(flow *f)
{
    if (!f->cr)
        return;
    char p[16], n[16];
    snprintf(p, sizeof p, "%d", f->page);
    snprintf(n, sizeof n, "%d", f->total);
    char *s = sp_trf(f->lang, M_R_PAGE, p, n);
    cairo_set_source_rgb(f->cr, 0.4, 0.4, 0.4);
    double y = f->ph - MARGIN + 4;
    cairo_set_line_width(f->cr, 0.4);
    cairo_move_to(f->cr, MARGIN, y - 4);
    cairo_line_to(f->cr, f->pw - MARGIN, y - 4);
    cairo_stroke(f->cr);
    sp_text_draw(f->t, f->cr, f->footer, 7, 0, MARGIN, y, SP_AL_LEFT, SP_AL_TOP, NULL);
    sp_text_draw(f->t, f->cr, s, 7, 0, f->pw - MARGIN, y, SP_AL_RIGHT, SP_AL_TOP, NULL);
    g_free(s);
}

static void begin_page(flow *f)
{
    f->page++;
    f->y = MARGIN;
    if (f->cr) {
        cairo_set_source_rgb(f->cr, 1, 1, 1);
        cairo_paint(f->cr);
    }
}

static void end_page(flow *f, int with_footer)
{
    if (with_footer)
        footer(f);
    if (f->cr)
        cairo_show_page(f->cr);
}

static void new_page(flow *f)
{
    end_page(f, 1);
    begin_page(f);
}

static void bookmark(flow *f, const char *name)
{
    if (!f->cr || !f->surface)
        return;
    char link[32];
    snprintf(link, sizeof link, "page=%d", f->page);
    cairo_pdf_surface_add_outline(f->surface, CAIRO_PDF_OUTLINE_ROOT, name, link, 0);
}

/* A wrapped paragraph at the cursor. */
static void paragraph(flow *f, const char *s, double size, int flags, double gap_after)
{
    PangoLayout *l = sp_text_layout(f->t, s, size, flags, text_w(f));
    double w, h;
    sp_text_size(l, &w, &h);
    if (f->y + h > bottom(f))
        new_page(f);
    if (f->cr) {
        cairo_set_source_rgb(f->cr, 0.1, 0.1, 0.1);
        sp_text_show(f->t, f->cr, l, MARGIN, f->y, 0);
    }
    g_object_unref(l);
    f->y += h + gap_after;
}

static double heading_h(flow *f, const char *s)
{
    double h;
    sp_text_measure(f->t, s, 13, SP_TXT_BOLD, NULL, &h);
    return h + 8;
}

static void heading(flow *f, const char *s)
{
    double h = heading_h(f, s);
    if (f->cr) {
        cairo_set_source_rgb(f->cr, 0.1, 0.1, 0.1);
        sp_text_draw(f->t, f->cr, s, 13, SP_TXT_BOLD, MARGIN, f->y, SP_AL_LEFT, SP_AL_TOP, NULL);
    }
    f->y += h;
}

/* Height of one table row (the tallest wrapped cell). */
static double row_h(flow *f, const column *cols, int nc, const char *const *cells, int flags)
{
    double hmax = 0;
    for (int c = 0; c < nc; c++) {
        double cw = cols[c].frac * text_w(f) - 2 * CELL_PAD;
        PangoLayout *l = sp_text_layout(f->t, cells[c] ? cells[c] : "", BODY, flags, cw);
        double w, h;
        sp_text_size(l, &w, &h);
        g_object_unref(l);
        hmax = fmax(hmax, h);
    }
    return hmax + 2 * CELL_PAD;
}

static void draw_row(flow *f, const column *cols, int nc, const char *const *cells, int flags,
                     double h, int shade)
{
    if (!f->cr)
        return;
    cairo_t *cr = f->cr;
    if (shade) {
        cairo_rectangle(cr, MARGIN, f->y, text_w(f), h);
        cairo_set_source_rgb(cr, shade == 2 ? 0.88 : 0.965, shade == 2 ? 0.91 : 0.965,
                             shade == 2 ? 0.95 : 0.965);
        cairo_fill(cr);
    }
    double x = MARGIN;
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    for (int c = 0; c < nc; c++) {
        double cw = cols[c].frac * text_w(f);
        PangoLayout *l = sp_text_layout(f->t, cells[c] ? cells[c] : "", BODY, flags, cw - 2 * CELL_PAD);
        pango_layout_set_alignment(l, cols[c].al == AL_R ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
        sp_text_show(f->t, cr, l, x + CELL_PAD, f->y + CELL_PAD, 0);
        g_object_unref(l);
        x += cw;
    }
    if (shade == 2) {
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_set_line_width(cr, 0.6);
        cairo_move_to(cr, MARGIN, f->y + h);
        cairo_line_to(cr, MARGIN + text_w(f), f->y + h);
        cairo_stroke(cr);
    }
}

/* A table with a heading; rows is nr x nc strings.  A table that fits on
 * one page is kept together (it starts a new page rather than break);
 * a longer one breaks between rows, never leaving fewer than WIDOW rows at
 * the top of a page, and the next page repeats the heading (continued)
 * and the header row. */
#define WIDOW 3

static void table(flow *f, const char *title, const column *cols, int nc, char **rows, int nr)
{
    const char *head[16];
    for (int c = 0; c < nc && c < 16; c++)
        head[c] = cols[c].title;
    double hh = row_h(f, cols, nc, head, SP_TXT_BOLD), th = heading_h(f, title);
    double *rh = g_new0(double, nr ? nr : 1), total = th + hh;
    for (int r = 0; r < nr; r++) {
        rh[r] = row_h(f, cols, nc, (const char *const *)rows + (size_t)r * nc, 0);
        total += rh[r];
    }
    if (f->y + total > bottom(f) && total <= bottom(f) - MARGIN)
        new_page(f);
    /* keep the heading, the header and the first rows together */
    double lead = th + hh;
    for (int r = 0; r < nr && r < WIDOW; r++)
        lead += rh[r];
    if (f->y + lead > bottom(f))
        new_page(f);
    heading(f, title);
    draw_row(f, cols, nc, head, SP_TXT_BOLD, hh, 2);
    f->y += hh;
    for (int r = 0; r < nr; r++) {
        const char *const *cells = (const char *const *)rows + (size_t)r * nc;
        /* would the rows from here on not fit, and the break leave a
         * widow?  Then break a little earlier. */
        double rest = 0;
        int fit = 0;
        for (int q = r; q < nr; q++) {
            rest += rh[q];
            if (f->y + rest > bottom(f))
                break;
            fit++;
        }
        int remaining = nr - r;
        /* break when nothing more fits, or when the rows left would
         * otherwise end as a widow: then the last WIDOW go over together */
        int brk = fit == 0 || (fit < remaining && remaining <= WIDOW);
        if (brk && r > 0) {
            new_page(f);
            char *cont = sp_trf(f->lang, M_R_CONTINUED, title);
            heading(f, cont);
            g_free(cont);
            draw_row(f, cols, nc, head, SP_TXT_BOLD, hh, 2);
            f->y += hh;
        }
        draw_row(f, cols, nc, cells, 0, rh[r], r % 2 ? 1 : 0);
        f->y += rh[r];
    }
    g_free(rh);
    f->y += 14;
}

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
    table(f, title, cols, 2, (char **)rows->pdata, (int)rows->len / 2);
}

static const char *gap_place(const sp_rgap *g)
{
    return g->largest_name ? g->largest_name : g->largest_id ? g->largest_id : "?";
}

static void section_summary(flow *f, const sp_results *d, const sp_map *map, const char *title)
{
    sp_lang L = f->lang;
    paragraph(f, title, 18, SP_TXT_BOLD, 4);
    paragraph(f, sp_tr(L, M_R_REPORT), 11, 0, 2);
    paragraph(f, sp_map_subtitle(map), 9.5, 0, 16);
    bookmark(f, sp_tr(L, M_R_SUMMARY));

    GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
    kv_add(rows, sp_tr(L, M_R_WORKERS_TOTAL), num(L, sp_results_num(d, "workers_total", 0)));
    char *a = num(L, sp_results_num(d, "workers_covered", 0)), *b = pct(L, sp_results_num(d, "percent_covered", 0));
    kv_add(rows, sp_tr(L, M_R_WORKERS_COVERED), g_strdup_printf("%s (%s)", a, b));
    g_free(a);
    g_free(b);
    char *c1 = num(L, sp_results_num(d, "clusters_total", 0)), *c2 = num(L, sp_results_num(d, "clusters_covered", 0)),
         *c3 = num(L, sp_results_num(d, "clusters_unreachable", 0));
    kv_add(rows, sp_tr(L, M_R_CLUSTERS), sp_trf(L, M_R_CLUSTERS_VAL, c1, c2, c3));
    g_free(c1);
    g_free(c2);
    g_free(c3);
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
        char *n = num(L, sp_results_num(d, "siting.new_sites", d->n_recs)),
             *bu = num(L, sp_results_num(d, "siting.budget", 0)),
             *p0 = pct(L, sp_results_num(d, "percent_covered", 0)),
             *p1 = pct(L, sp_results_num(d, "siting.percent_covered", 0));
        kv_add(rows, sp_tr(L, M_R_NEW_SITES), sp_trf(L, M_R_NEW_SITES_VAL, n, bu, p0, p1));
        g_free(n);
        g_free(bu);
        g_free(p0);
        g_free(p1);
        json_object *opt = NULL;
        int optimal = json_object_object_get_ex(json_object_object_get(d->summary, "siting"), "optimal", &opt) &&
                      json_object_get_boolean(opt);
        char *nc = num(L, sp_results_num(d, "siting.candidates", 0));
        kv_add(rows, sp_tr(L, M_R_SOLVER), sp_trf(L, optimal ? M_R_OPTIMAL : M_R_NOT_OPTIMAL,
                                                  sp_results_str(d, "siting.model", "?"), nc));
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
        table(f, sp_tr(L, M_R_RINGS), cols, 4, (char **)cells->pdata, n);
        g_ptr_array_free(cells, TRUE);
    }
}

static void section_recs(flow *f, const sp_results *d)
{
    sp_lang L = f->lang;
    bookmark(f, sp_tr(L, M_R_RECS));
    if (d->n_recs == 0) {
        heading(f, sp_tr(L, M_R_RECS));
        paragraph(f, sp_tr(L, M_R_NO_RECS), BODY, 0, 14);
        return;
    }
    int named = 0;
    for (int i = 0; i < d->n_recs; i++)
        named |= d->recs[i].name != NULL;
    /* the name column only when some site has a name */
    const column all[7] = {
        {sp_tr(L, M_R_COL_RANK), 0.08, AL_R},    {sp_tr(L, M_R_COL_SITE), named ? 0.2 : 0.44, AL_L},
        {sp_tr(L, M_R_COL_NAME), 0.24, AL_L},    {sp_tr(L, M_R_COL_ADDED), 0.13, AL_R},
        {sp_tr(L, M_R_COL_CUM), 0.13, AL_R},     {sp_tr(L, M_R_COL_CUMPCT), 0.12, AL_R},
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
    table(f, sp_tr(L, M_R_RECS), cols, nc, (char **)cells->pdata, d->n_recs);
    g_ptr_array_free(cells, TRUE);
}

#define MAX_GAPS 25

static void section_gaps(flow *f, const sp_results *d)
{
    sp_lang L = f->lang;
    if (d->n_gaps == 0) {
        if (f->y + heading_h(f, sp_tr(L, M_R_GAPS)) + 30 > bottom(f))
            new_page(f);
        bookmark(f, sp_tr(L, M_R_GAPS));
        heading(f, sp_tr(L, M_R_GAPS));
        paragraph(f, sp_tr(L, M_R_NO_GAPS), BODY, 0, 14);
        return;
    }
    int named = 0;
    for (int i = 0; i < d->n_gaps; i++)
        named |= d->gaps[i].largest_name != NULL;
    const column all[5] = {
        {sp_tr(L, M_R_COL_RANK), 0.1, AL_R},       {sp_tr(L, M_R_COL_GAP_WORKERS), 0.18, AL_R},
        {sp_tr(L, M_R_COL_CLUSTERS), 0.14, AL_R},  {sp_tr(L, M_R_COL_LARGEST), named ? 0.3 : 0.58, AL_L},
        {sp_tr(L, M_R_COL_NAME), 0.28, AL_L},
    };
    int nc = named ? 5 : 4;
    int n = d->n_gaps < MAX_GAPS ? d->n_gaps : MAX_GAPS;
    GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < n; i++) {
        const sp_rgap *g = &d->gaps[i];
        g_ptr_array_add(cells, g_strdup_printf("%d", g->rank));
        g_ptr_array_add(cells, num(L, g->workers));
        g_ptr_array_add(cells, num(L, g->clusters));
        g_ptr_array_add(cells, g_strdup(g->largest_id ? g->largest_id : ""));
        if (named)
            g_ptr_array_add(cells, g_strdup(g->largest_name ? g->largest_name : ""));
    }
    /* the bookmark goes to the page where the table starts */
    double need = heading_h(f, sp_tr(L, M_R_GAPS)) + 40;
    if (f->y + need > bottom(f))
        new_page(f);
    bookmark(f, sp_tr(L, M_R_GAPS));
    table(f, sp_tr(L, M_R_GAPS), all, nc, (char **)cells->pdata, n);
    g_ptr_array_free(cells, TRUE);
    if (d->n_gaps > n) {
        char m[32];
        snprintf(m, sizeof m, "%d", d->n_gaps - n);
        char *s = sp_trf(L, M_R_MORE_GAPS, m);
        f->y -= 8;
        paragraph(f, s, BODY, 0, 14);
        g_free(s);
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
    if (!strcmp(s, "grid burn + GDALPolygonize"))
        return g_strdup("栅格化 + GDALPolygonize");
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
    sp_fmt_num(L, sp_results_num(d, "catchment.band_m", 0), 0, b2, sizeof b2);
    kv_add(rows, sp_tr(L, M_I_CATCHMENT), sp_trf(L, M_I_CATCHMENT_VAL, meth, b, b2));
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
    if (f->y + heading_h(f, sp_tr(L, M_R_INPUTS)) + 60 > bottom(f))
        new_page(f);
    bookmark(f, sp_tr(L, M_R_INPUTS));
    kv_table(f, sp_tr(L, M_R_INPUTS), rows);
    g_ptr_array_free(rows, TRUE);
}

static void run_flow(flow *f, const sp_results *d, const sp_map *map, const char *title)
{
    begin_page(f);
    section_summary(f, d, map, title);
    end_page(f, 1);

    /* the map page: the same drawing as map.pdf */
    begin_page(f);
    if (f->cr) {
        char link[32];
        snprintf(link, sizeof link, "page=%d", f->page);
        cairo_pdf_surface_add_outline(f->surface, CAIRO_PDF_OUTLINE_ROOT, sp_tr(f->lang, M_R_MAP), link, 0);
        sp_map_draw(map, f->cr, f->t);
    }
    end_page(f, 0);

    if (d->n_curve > 0) {
        begin_page(f);
        bookmark(f, sp_tr(f->lang, M_R_CURVE));
        heading(f, sp_tr(f->lang, M_R_CURVE));
        double note_h;
        PangoLayout *l = sp_text_layout(f->t, sp_tr(f->lang, M_CH_KNEE_NOTE), BODY, 0, text_w(f));
        sp_text_size(l, NULL, &note_h);
        g_object_unref(l);
        double ch = bottom(f) - f->y - note_h - 12;
        if (f->cr)
            sp_chart_draw(f->cr, d, f->t, MARGIN, f->y, text_w(f), ch);
        f->y += ch + 8;
        paragraph(f, sp_tr(f->lang, M_CH_KNEE_NOTE), BODY, 0, 0);
        end_page(f, 1);
    }

    begin_page(f);
    section_recs(f, d);
    section_gaps(f, d);
    section_inputs(f, d);
    end_page(f, 1);
}

sp_status sp_report_draw(cairo_surface_t *pdf, const sp_results *d, const sp_map *map, sp_text *t,
                         const sp_report_opts *o, int *pages)
{
    char *base = g_path_get_basename(d->dir);
    char *foot = sp_trf(sp_text_lang(t), M_R_FOOTER, base);
    g_free(base);
    flow f = {NULL, NULL, t, sp_text_lang(t), o->page_w, o->page_h, 0, 0, 0, foot};
    run_flow(&f, d, map, o->title);
    int total = f.page;
    if (pdf) {
        cairo_t *cr = cairo_create(pdf);
        flow g = {cr, pdf, t, sp_text_lang(t), o->page_w, o->page_h, 0, 0, total, foot};
        run_flow(&g, d, map, o->title);
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
