/* chart.c — the coverage curve (see chart.h). */
#include "chart.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>

#include "i18n.h"

#define HEX(c) ((c) >> 16 & 255) / 255.0, ((c) >> 8 & 255) / 255.0, ((c)&255) / 255.0
#define C_CURVE 0x2166acu
#define C_BARS 0xbdbdbdu
#define C_KNEE 0xb2182bu
#define C_AXIS 0x333333u
#define C_GRID 0xe0e0e0u

int sp_chart_knee(const sp_results *d)
{
    int n = d->n_curve;
    if (n < 3)
        return -1;
    double x0 = d->curve_sites[0], x1 = d->curve_sites[n - 1];
    double y0 = d->curve_workers[0], y1 = d->curve_workers[n - 1];
    if (!(x1 > x0) || !(y1 > y0))
        return -1;
    int best = -1;
    double best_gap = 1e-9;
    for (int i = 1; i < n - 1; i++) {
        double xn = (d->curve_sites[i] - x0) / (x1 - x0);
        double yn = (d->curve_workers[i] - y0) / (y1 - y0);
        if (yn - xn > best_gap) {
            best_gap = yn - xn;
            best = i;
        }
    }
    return best;
}

/* Smallest 1, 2 or 5 x 10^k >= v. */
static double nice_ceil(double v)
{
    if (!(v > 0))
        return 1;
    double p = pow(10, floor(log10(v)));
    double m = v / p;
    double f = m <= 1 + 1e-9 ? 1 : m <= 2 + 1e-9 ? 2 : m <= 5 + 1e-9 ? 5 : 10;
    return f * p;
}

void sp_chart_draw(cairo_t *cr, const sp_results *d, sp_text *t, double x, double y, double w,
                   double h)
{
    sp_lang lang = sp_text_lang(t);
    char buf[64], buf2[64];
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill(cr);

    cairo_set_source_rgb(cr, HEX(C_AXIS));
    double th;
    sp_text_draw(t, cr, sp_tr(lang, M_CH_TITLE), 11, SP_TXT_BOLD, x + 4, y + 4, SP_AL_LEFT, SP_AL_TOP, NULL);
    sp_text_measure(t, "Ag", 11, SP_TXT_BOLD, NULL, &th);

    double total = sp_results_num(d, "workers_total", 0);
    int n = d->n_curve;
    int xmax = n > 0 ? d->curve_sites[n - 1] : 1;
    if (xmax < 1)
        xmax = 1;
    double ymax = total > 0 ? total : 1;
    for (int i = 0; i < n; i++)
        ymax = fmax(ymax, d->curve_workers[i]);

    /* plot area */
    double ax = x + 62, ay = y + th + 40, aw = w - 62 - 52, ah = h - (th + 40) - 44;
    if (aw < 50 || ah < 50) {
        cairo_restore(cr);
        return;
    }
    /* half a bar of room at both ends, so the end bars stay inside */
    const double pad = 0.6;
#define PX(v) (ax + ((double)(v) + pad) / (xmax + 2 * pad) * aw)
#define PY(v) (ay + ah - (v) / ymax * ah)

    /* grid and left axis: workers */
    double ystep = nice_ceil(ymax / 6);
    cairo_set_line_width(cr, 0.5);
    for (double v = 0; v <= ymax + 1e-9; v += ystep) {
        cairo_set_source_rgb(cr, HEX(C_GRID));
        cairo_move_to(cr, ax, PY(v));
        cairo_line_to(cr, ax + aw, PY(v));
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, HEX(C_AXIS));
        sp_text_draw(t, cr, sp_fmt_int(lang, v, buf, sizeof buf), 7.5, 0, ax - 4, PY(v), SP_AL_RIGHT,
                     SP_AL_MIDDLE, NULL);
    }
    /* right axis: percent of all workers */
    if (total > 0) {
        for (int p = 0; p <= 100; p += 20) {
            double v = total * p / 100.0;
            cairo_set_source_rgb(cr, HEX(C_AXIS));
            cairo_move_to(cr, ax + aw, PY(v));
            cairo_line_to(cr, ax + aw + 3, PY(v));
            cairo_stroke(cr);
            snprintf(buf, sizeof buf, "%d%%", p);
            sp_text_draw(t, cr, buf, 7.5, 0, ax + aw + 5, PY(v), SP_AL_LEFT, SP_AL_MIDDLE, NULL);
        }
    }
    /* x axis */
    int xstep = (int)nice_ceil(xmax / 12.0);
    if (xstep < 1)
        xstep = 1;
    cairo_set_source_rgb(cr, HEX(C_AXIS));
    for (int v = 0; v <= xmax; v += xstep) {
        cairo_move_to(cr, PX(v), ay + ah);
        cairo_line_to(cr, PX(v), ay + ah + 3);
        cairo_stroke(cr);
        snprintf(buf, sizeof buf, "%d", v);
        sp_text_draw(t, cr, buf, 7.5, 0, PX(v), ay + ah + 5, SP_AL_CENTER, SP_AL_TOP, NULL);
    }
    sp_text_draw(t, cr, sp_tr(lang, M_CH_X), 8.5, 0, ax + aw / 2, ay + ah + 20, SP_AL_CENTER, SP_AL_TOP, NULL);
    cairo_save(cr);
    cairo_translate(cr, x + 8, ay + ah / 2);
    cairo_rotate(cr, -M_PI / 2);
    sp_text_draw(t, cr, sp_tr(lang, M_CH_Y), 8.5, 0, 0, 0, SP_AL_CENTER, SP_AL_TOP, NULL);
    cairo_restore(cr);
    cairo_save(cr);
    cairo_translate(cr, x + w - 6, ay + ah / 2);
    cairo_rotate(cr, M_PI / 2);
    sp_text_draw(t, cr, sp_tr(lang, M_CH_Y2), 8.5, 0, 0, 0, SP_AL_CENTER, SP_AL_TOP, NULL);
    cairo_restore(cr);

    /* bars: workers each ranked station adds */
    double bw = fmin(aw / (xmax + 2 * pad) * 0.6, 18);
    cairo_set_source_rgb(cr, HEX(C_BARS));
    for (int i = 0; i < d->n_recs; i++) {
        int k = d->recs[i].rank;
        if (k < 1 || k > xmax)
            continue;
        cairo_rectangle(cr, PX(k) - bw / 2, PY(d->recs[i].added), bw, d->recs[i].added / ymax * ah);
    }
    if (d->n_recs == 0)
        for (int i = 1; i < n; i++) {
            double add = d->curve_workers[i] - d->curve_workers[i - 1];
            if (add > 0)
                cairo_rectangle(cr, PX(d->curve_sites[i]) - bw / 2, PY(add), bw, add / ymax * ah);
        }
    cairo_fill(cr);

    /* axes */
    cairo_set_source_rgb(cr, HEX(C_AXIS));
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, ax, ay);
    cairo_line_to(cr, ax, ay + ah);
    cairo_line_to(cr, ax + aw, ay + ah);
    cairo_line_to(cr, ax + aw, ay);
    cairo_stroke(cr);

    if (n > 0) {
        /* baseline: coverage by the existing sites */
        double base = d->curve_workers[0];
        const double dash[] = {4, 2.5};
        cairo_set_dash(cr, dash, 2, 0);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_set_line_width(cr, 0.9);
        cairo_move_to(cr, PX(0), PY(base));
        cairo_line_to(cr, ax + aw, PY(base));
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        char *s = sp_trf(lang, M_CH_BASELINE, sp_fmt_int(lang, base, buf, sizeof buf),
                         sp_fmt_pct(lang, total > 0 ? 100 * base / total : 0, 1, buf2, sizeof buf2));
        /* at the right end, where the bars are short, above any bar it
         * spans and left of the budget line */
        double sw;
        sp_text_measure(t, s, 7.5, 0, &sw, NULL);
        double budget = sp_results_num(d, "siting.budget", 0);
        double right = ax + aw - 4;
        if (budget > 0 && budget <= xmax && PX(budget) < right + 4 && PX(budget) > right - sw - 4)
            right = PX(budget) - 5;
        double ly = base;
        for (int i = 0; i < d->n_recs; i++) {
            double bx = PX(d->recs[i].rank);
            if (bx + bw / 2 >= right - sw && bx - bw / 2 <= right)
                ly = fmax(ly, d->recs[i].added);
        }
        sp_text_draw(t, cr, s, 7.5, SP_TXT_HALO, right, PY(ly) - 2, SP_AL_RIGHT, SP_AL_BOTTOM, NULL);
        g_free(s);

        /* budget */
        if (budget > 0 && budget <= xmax) {
            const double dash2[] = {2, 2};
            cairo_set_dash(cr, dash2, 2, 0);
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_move_to(cr, PX(budget), ay);
            cairo_line_to(cr, PX(budget), ay + ah);
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0);
            char nb[32];
            snprintf(nb, sizeof nb, "%g", budget);
            s = sp_trf(lang, M_CH_BUDGET, nb);
            sp_text_draw(t, cr, s, 7.5, SP_TXT_BOLD | SP_TXT_HALO, PX(budget) - 3, ay + 2, SP_AL_RIGHT,
                         SP_AL_TOP, NULL);
            g_free(s);
        }

        /* the curve */
        cairo_set_source_rgb(cr, HEX(C_CURVE));
        cairo_set_line_width(cr, 1.8);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        for (int i = 0; i < n; i++) {
            if (i == 0)
                cairo_move_to(cr, PX(d->curve_sites[i]), PY(d->curve_workers[i]));
            else
                cairo_line_to(cr, PX(d->curve_sites[i]), PY(d->curve_workers[i]));
        }
        cairo_stroke(cr);
        double dot = n > 40 ? 1.2 : 2.2;
        for (int i = 0; i < n; i++) {
            cairo_new_path(cr);
            cairo_arc(cr, PX(d->curve_sites[i]), PY(d->curve_workers[i]), dot, 0, 2 * M_PI);
            cairo_fill(cr);
        }

        /* diminishing returns */
        int k = sp_chart_knee(d);
        if (k >= 0) {
            double kx = PX(d->curve_sites[k]), ky = PY(d->curve_workers[k]);
            cairo_new_path(cr);
            cairo_arc(cr, kx, ky, 6, 0, 2 * M_PI);
            cairo_set_source_rgb(cr, HEX(C_KNEE));
            cairo_set_line_width(cr, 1.5);
            cairo_stroke(cr);
            char nk[32];
            snprintf(nk, sizeof nk, "%d", d->curve_sites[k]);
            s = sp_trf(lang, M_CH_KNEE, nk);
            /* below-right of the point, inside the plot */
            double tw;
            sp_text_measure(t, s, 8, SP_TXT_BOLD, &tw, NULL);
            double lx = fmin(kx + 8, ax + aw - tw - 4);
            sp_text_draw(t, cr, s, 8, SP_TXT_BOLD | SP_TXT_HALO, lx, ky + 9, SP_AL_LEFT, SP_AL_TOP, NULL);
            g_free(s);
        }
    }

    /* key */
    double kx = ax + 10, ky = ay - 22;
    cairo_set_source_rgb(cr, HEX(C_CURVE));
    cairo_set_line_width(cr, 1.8);
    cairo_move_to(cr, kx, ky);
    cairo_line_to(cr, kx + 16, ky);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, HEX(C_AXIS));
    double tw = sp_text_draw(t, cr, sp_tr(lang, M_CH_CURVE), 7.5, 0, kx + 20, ky, SP_AL_LEFT, SP_AL_MIDDLE, NULL);
    kx += 20 + tw + 16;
    cairo_rectangle(cr, kx, ky - 4, 10, 8);
    cairo_set_source_rgb(cr, HEX(C_BARS));
    cairo_fill(cr);
    cairo_set_source_rgb(cr, HEX(C_AXIS));
    sp_text_draw(t, cr, sp_tr(lang, M_CH_ADDED), 7.5, 0, kx + 14, ky, SP_AL_LEFT, SP_AL_MIDDLE, NULL);
#undef PX
#undef PY
    cairo_restore(cr);
}
