/* report_flow.c — the flow that lays out report.pdf (see report_flow.h). */
#include "report_flow.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>

double sp__flow_text_w(const flow *f) { return f->pw - 2 * MARGIN; }
double sp__flow_bottom(const flow *f) { return f->ph - MARGIN - FOOTER_H; }

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

void sp__flow_begin_page(flow *f)
{
    f->page++;
    f->y = MARGIN;
    if (f->cr) {
        cairo_set_source_rgb(f->cr, 1, 1, 1);
        cairo_paint(f->cr);
    }
}

void sp__flow_end_page(flow *f, int with_footer)
{
    if (with_footer)
        footer(f);
    if (f->cr)
        cairo_show_page(f->cr);
}

void sp__flow_new_page(flow *f)
{
    sp__flow_end_page(f, 1);
    sp__flow_begin_page(f);
}

void sp__flow_bookmark(flow *f, const char *name)
{
    if (!f->cr || !f->surface)
        return;
    char link[32];
    snprintf(link, sizeof link, "page=%d", f->page);
    cairo_pdf_surface_add_outline(f->surface, CAIRO_PDF_OUTLINE_ROOT, name, link, 0);
}

/* A wrapped paragraph at the cursor. */
void sp__flow_paragraph(flow *f, const char *s, double size, int flags, double gap_after)
{
    PangoLayout *l = sp_text_layout(f->t, s, size, flags, sp__flow_text_w(f));
    double w, h;
    sp_text_size(l, &w, &h);
    if (f->y + h > sp__flow_bottom(f))
        sp__flow_new_page(f);
    if (f->cr) {
        cairo_set_source_rgb(f->cr, 0.1, 0.1, 0.1);
        sp_text_show(f->t, f->cr, l, MARGIN, f->y, 0);
    }
    g_object_unref(l);
    f->y += h + gap_after;
}

double sp__flow_heading_h(flow *f, const char *s)
{
    double h;
    sp_text_measure(f->t, s, 13, SP_TXT_BOLD, NULL, &h);
    return h + 8;
}

void sp__flow_heading(flow *f, const char *s)
{
    double h = sp__flow_heading_h(f, s);
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
        double cw = cols[c].frac * sp__flow_text_w(f) - 2 * CELL_PAD;
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
        cairo_rectangle(cr, MARGIN, f->y, sp__flow_text_w(f), h);
        cairo_set_source_rgb(cr, shade == 2 ? 0.88 : 0.965, shade == 2 ? 0.91 : 0.965,
                             shade == 2 ? 0.95 : 0.965);
        cairo_fill(cr);
    }
    double x = MARGIN;
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    for (int c = 0; c < nc; c++) {
        double cw = cols[c].frac * sp__flow_text_w(f);
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
        cairo_line_to(cr, MARGIN + sp__flow_text_w(f), f->y + h);
        cairo_stroke(cr);
    }
}

/* A table with a heading; rows is nr x nc strings.  A table that fits on
 * one page is kept together (it starts a new page rather than break);
 * a longer one breaks between rows, never leaving fewer than WIDOW rows at
 * the top of a page, and the next page repeats the heading (continued)
 * and the header row. */
#define WIDOW 3

void sp__flow_table(flow *f, const char *title, const column *cols, int nc, char **rows, int nr)
{
    const char *head[16];
    for (int c = 0; c < nc && c < 16; c++)
        head[c] = cols[c].title;
    double hh = row_h(f, cols, nc, head, SP_TXT_BOLD), th = sp__flow_heading_h(f, title);
    double *rh = g_new0(double, nr ? nr : 1), total = th + hh;
    for (int r = 0; r < nr; r++) {
        rh[r] = row_h(f, cols, nc, (const char *const *)rows + (size_t)r * nc, 0);
        total += rh[r];
    }
    if (f->y + total > sp__flow_bottom(f) && total <= sp__flow_bottom(f) - MARGIN)
        sp__flow_new_page(f);
    /* keep the heading, the header and the first rows together */
    double lead = th + hh;
    for (int r = 0; r < nr && r < WIDOW; r++)
        lead += rh[r];
    if (f->y + lead > sp__flow_bottom(f))
        sp__flow_new_page(f);
    sp__flow_heading(f, title);
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
            if (f->y + rest > sp__flow_bottom(f))
                break;
            fit++;
        }
        int remaining = nr - r;
        /* break when nothing more fits, or when the rows left would
         * otherwise end as a widow: then the last WIDOW go over together */
        int brk = fit == 0 || (fit < remaining && remaining <= WIDOW);
        if (brk && r > 0) {
            sp__flow_new_page(f);
            char *cont = sp_trf(f->lang, M_R_CONTINUED, title);
            sp__flow_heading(f, cont);
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

