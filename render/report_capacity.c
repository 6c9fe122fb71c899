/* report_capacity.c — the "Capacity" page of report.pdf (see
 * report_capacity.h). */
#include "report_capacity.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>

/* the map's colours of the three parts (map_draw.h: C_COVERED, white in
 * a blue ring, C_UNCOVERED) */
#define BAR_SERVED 0x2166acu
#define BAR_OVER 0xffffffu
#define BAR_RING 0x2166acu
#define BAR_NOTCOV 0xd6604du
#define BAR_NOTCOV_LINE 0x67001fu
#define RGB(c) ((c) >> 16 & 255) / 255.0, ((c) >> 8 & 255) / 255.0, ((c)&255) / 255.0
#define BAR_H 20.0

/* the pipeline's "full" (pipeline/capacity.c): load = capacity up to rounding */
static int site_full(const sp_rsite *s)
{
    return isfinite(s->capacity) && isfinite(s->load) &&
           s->load >= s->capacity - 1e-9 * fmax(1, s->capacity);
}

/* full first, then by utilisation (load / capacity) down, unlimited last;
 * ties by load down, then by workers reached down (the most pressed
 * first), then file order */
static int cmp_sites(const void *a, const void *b, void *arg)
{
    const sp_results *d = arg;
    int i = *(const int *)a, j = *(const int *)b;
    const sp_rsite *s = &d->sites[i], *t = &d->sites[j];
    int ci = site_full(s) ? 0 : isfinite(s->capacity) ? 1 : 2;
    int cj = site_full(t) ? 0 : isfinite(t->capacity) ? 1 : 2;
    if (ci != cj)
        return ci - cj;
    if (ci == 1) {
        double ui = s->load / s->capacity, uj = t->load / t->capacity;
        if (ui != uj)
            return ui > uj ? -1 : 1;
    }
    double li = isfinite(s->load) ? s->load : 0, lj = isfinite(t->load) ? t->load : 0;
    if (li != lj)
        return li > lj ? -1 : 1;
    if (s->workers != t->workers)
        return s->workers > t->workers ? -1 : 1;
    return i - j;
}

static char *num(sp_lang lang, double v)
{
    char b[64];
    return g_strdup(sp_fmt_int(lang, v, b, sizeof b));
}

/* summary.json's percentages have 2 decimals: shown as written */
static char *pct2(sp_lang lang, double v)
{
    char b[64];
    return g_strdup(sp_fmt_pct(lang, v, 2, b, sizeof b));
}

/* The utilisation cell: 1 decimal; "full" for a full site, and a site not
 * full never shown as 100.0%. */
static char *util_cell(sp_lang lang, const sp_rsite *s)
{
    if (!isfinite(s->capacity))
        return g_strdup("\u2014");
    char b[64];
    if (site_full(s))
        return sp_trf(lang, M_R_FULL, sp_fmt_pct(lang, 100, 1, b, sizeof b));
    double u = s->capacity > 0 ? 100 * s->load / s->capacity : 100;
    return g_strdup(sp_fmt_pct(lang, fmin(u, 99.9), 1, b, sizeof b));
}

/* The bar: the three parts side by side in proportion to their
 * percentages, and under it a key in the map's symbols. */
static void split_bar(flow *f, const sp_results *d, char *const label[3])
{
    const double pc[3] = {d->sum.percent_served, d->sum.percent_over_capacity,
                          d->sum.percent_not_covered};
    double w = sp__flow_text_w(f), x = MARGIN, y = f->y, key_h = 0;
    for (int k = 0; k < 3; k++) {
        double kh;
        sp_text_measure(f->t, label[k], BODY, 0, NULL, &kh);
        key_h = fmax(key_h, kh);
    }
    if (y + BAR_H + 6 + key_h > sp__flow_bottom(f)) {
        sp__flow_new_page(f);
        y = f->y;
    }
    cairo_t *cr = f->cr;
    if (cr) {
        double sum = pc[0] + pc[1] + pc[2];
        double x0 = x;
        for (int k = 0; k < 3 && sum > 0; k++) {
            double sw = w * pc[k] / sum;
            if (sw <= 0)
                continue;
            cairo_rectangle(cr, x0, y, sw, BAR_H);
            cairo_set_source_rgb(cr, RGB(k == 0 ? BAR_SERVED : k == 1 ? BAR_OVER : BAR_NOTCOV));
            cairo_fill(cr);
            if (k == 1) {
                cairo_rectangle(cr, x0 + 0.6, y + 0.6, sw - 1.2, BAR_H - 1.2);
                cairo_set_source_rgb(cr, RGB(BAR_RING));
                cairo_set_line_width(cr, 1.2);
                cairo_stroke(cr);
            }
            x0 += sw;
        }
        cairo_rectangle(cr, x, y, w, BAR_H);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
        /* the key: a swatch and the label of each part, left to right */
        double kx = x, ky = y + BAR_H + 6;
        for (int k = 0; k < 3; k++) {
            double sx = kx + 5, sy = ky + key_h / 2;
            cairo_new_path(cr);
            cairo_arc(cr, sx, sy, 4, 0, 2 * M_PI);
            if (k == 0) {
                cairo_set_source_rgb(cr, RGB(BAR_SERVED));
                cairo_fill(cr);
            } else if (k == 1) {
                cairo_set_source_rgb(cr, 1, 1, 1);
                cairo_fill_preserve(cr);
                cairo_set_source_rgb(cr, RGB(BAR_RING));
                cairo_set_line_width(cr, 1.0);
                cairo_stroke(cr);
            } else {
                cairo_set_source_rgb(cr, RGB(BAR_NOTCOV));
                cairo_fill_preserve(cr);
                cairo_set_source_rgb(cr, RGB(BAR_NOTCOV_LINE));
                cairo_set_line_width(cr, 0.6);
                cairo_stroke(cr);
            }
            cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
            double tw = sp_text_draw(f->t, cr, label[k], BODY, 0, kx + 13, ky, SP_AL_LEFT,
                                     SP_AL_TOP, NULL);
            kx += 13 + tw + 18;
        }
    }
    f->y = y + BAR_H + 6 + key_h + 14;
}

void sp__report_capacity(flow *f, const sp_results *d)
{
    if (!d->sum.has_capacity)
        return;
    sp_lang L = f->lang;
    sp__flow_bookmark(f, sp_tr(L, M_R_CAPACITY));
    sp__flow_heading(f, sp_tr(L, M_R_CAPACITY));
    sp__flow_paragraph(f, sp_tr(L, M_R_CAP_METHOD), BODY, 0, 4);
    char *a = num(L, d->sum.sites_with_capacity), *b = num(L, d->sum.sites_unlimited),
         *c = num(L, d->sum.sites_full);
    char *note = sp_trf(L, M_R_CAP_SITES_NOTE, a, b, c);
    sp__flow_paragraph(f, note, BODY, 0, 12);
    g_free(note);
    g_free(a);
    g_free(b);
    g_free(c);

    /* the split: summary.json's numbers and percentages */
    const double wv[3] = {d->sum.workers_served, d->sum.workers_over_capacity,
                          d->sum.workers_not_covered};
    const double pv[3] = {d->sum.percent_served, d->sum.percent_over_capacity,
                          d->sum.percent_not_covered};
    const sp_msg name[3] = {M_R_CAP_SERVED, M_R_CAP_OVER, M_R_CAP_NOTCOV};
    char *label[3];
    GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
    for (int k = 0; k < 3; k++) {
        char *w = num(L, wv[k]), *p = pct2(L, pv[k]);
        label[k] = sp_trf(L, M_R_CAP_KEY, sp_tr(L, name[k]), w, p);
        g_ptr_array_add(cells, g_strdup(sp_tr(L, name[k])));
        g_ptr_array_add(cells, w);
        g_ptr_array_add(cells, p);
    }
    g_ptr_array_add(cells, g_strdup(sp_tr(L, M_R_CAP_ALL)));
    g_ptr_array_add(cells, num(L, d->sum.workers_total));
    g_ptr_array_add(cells, pct2(L, 100));
    split_bar(f, d, label);
    for (int k = 0; k < 3; k++)
        g_free(label[k]);
    const column split_cols[3] = {{"", 0.5, AL_L},
                                  {sp_tr(L, M_R_COL_N_WORKERS), 0.25, AL_R},
                                  {sp_tr(L, M_R_COL_PERCENT), 0.25, AL_R}};
    sp__flow_table(f, sp_tr(L, M_R_CAP_SPLIT), split_cols, 3, (char **)cells->pdata, 4);
    g_ptr_array_free(cells, TRUE);

    /* the sites by utilisation */
    int n = d->n_sites, named = 0;
    int *order = g_new(int, n ? n : 1);
    for (int i = 0; i < n; i++) {
        order[i] = i;
        named |= d->sites[i].name != NULL;
    }
    g_qsort_with_data(order, n, sizeof *order, cmp_sites, (void *)d);
    const column all[6] = {
        {sp_tr(L, M_R_COL_SITE), named ? 0.2 : 0.4, AL_L}, {sp_tr(L, M_R_COL_NAME), 0.2, AL_L},
        {sp_tr(L, M_R_COL_CAPACITY), 0.14, AL_R},          {sp_tr(L, M_R_COL_LOAD), 0.14, AL_R},
        {sp_tr(L, M_R_COL_UTIL), 0.16, AL_R},              {sp_tr(L, M_R_COL_REACHED), 0.16, AL_R},
    };
    column cols[6];
    int nc = 0;
    for (int k = 0; k < 6; k++)
        if (k != 1 || named)
            cols[nc++] = all[k];
    cells = g_ptr_array_new_with_free_func(g_free);
    for (int r = 0; r < n; r++) {
        const sp_rsite *s = &d->sites[order[r]];
        g_ptr_array_add(cells, g_strdup(s->id ? s->id : ""));
        if (named)
            g_ptr_array_add(cells, g_strdup(s->name ? s->name : ""));
        g_ptr_array_add(cells, isfinite(s->capacity) ? num(L, s->capacity)
                                                     : g_strdup(sp_tr(L, M_R_UNLIMITED)));
        g_ptr_array_add(cells, num(L, isfinite(s->load) ? s->load : 0));
        g_ptr_array_add(cells, util_cell(L, s));
        g_ptr_array_add(cells, num(L, s->workers));
    }
    sp__flow_table(f, sp_tr(L, M_R_CAP_TABLE), cols, nc, (char **)cells->pdata, n);
    g_ptr_array_free(cells, TRUE);
    g_free(order);
}
