/* chart.c — the coverage curve (see chart.h). */
#include "chart.h"

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The number of ticks lo, lo + step, ... up to hi: an integer count, so a
 * tick loop ends whatever the numbers (0 when they are not finite or the
 * step is not positive; at most MAX_TICKS). */
#define MAX_TICKS 64
static int ticks(double lo, double hi, double step)
{
    if (!isfinite(lo) || !isfinite(hi) || !(step > 0) || !isfinite(step) || hi < lo)
        return 0;
    double n = floor((hi - lo) / step + 1e-9) + 1;
    return n > MAX_TICKS ? MAX_TICKS : (int)n;
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
    int ny = ticks(0, ymax, ystep);
    for (int i = 0; i < ny; i++) {
        double v = i * ystep;
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
    int nx = ticks(0, xmax, xstep);
    for (int i = 0; i < nx; i++) {
        int v = i * xstep;
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

/* ---- sweep charts ---- */

/* Line colours of a sweep chart: the curve's blue first, then ColorBrewer
 * Dark2 (distinct in print and for most colour-blind readers). */
static const unsigned SWEEP_COLOURS[] = {C_CURVE, 0xd95f02u, 0x1b9e77u, 0x7570b3u, 0xe7298au,
                                         0x66a61eu, 0xe6ab02u, 0xa6761du, 0x666666u};
#define N_SWEEP_COLOURS ((int)(sizeof SWEEP_COLOURS / sizeof *SWEEP_COLOURS))

/* Colour of series i of n: the palette, or, for many lines of one ordered
 * key, a ramp from light to dark blue. */
static void sweep_colour(int i, int n, int ramp, double rgb[3])
{
    if (ramp && n > N_SWEEP_COLOURS) {
        double f = n > 1 ? (double)i / (n - 1) : 1;
        const unsigned a = 0x9ecae1u, b = 0x08306bu;
        double ca[3] = {HEX(a)}, cb[3] = {HEX(b)};
        for (int k = 0; k < 3; k++)
            rgb[k] = ca[k] + f * (cb[k] - ca[k]);
        return;
    }
    unsigned c = SWEEP_COLOURS[i % N_SWEEP_COLOURS];
    rgb[0] = (c >> 16 & 255) / 255.0;
    rgb[1] = (c >> 8 & 255) / 255.0;
    rgb[2] = (c & 255) / 255.0;
}

/* "15 min", "5 new stations", "on foot", "key = value" (g_free). */
static char *sweep_value_label(sp_lang lang, const char *key, const char *value)
{
    if (!strcmp(key, "travel.mode"))
        return g_strdup(sp_tr_mode(lang, value));
    if (!strcmp(key, "travel.minutes"))
        return sp_trf(lang, M_SW_SERIES_MINUTES, value);
    if (!strcmp(key, "siting.budget"))
        return sp_trf(lang, strcmp(value, "1") ? M_SW_SERIES_BUDGET : M_SW_SERIES_BUDGET1, value);
    return sp_trf(lang, M_SW_SERIES_KEY, key, value);
}

typedef struct {
    int n;
    double *x, *y, *y0;   /* y: the plotted percent; y0: existing stations only (NAN: none) */
    uint8_t *unproven;
} sweep_series;

static int cmp_point(const void *a, const void *b, void *arg)
{
    const double *x = arg;
    double d = x[*(const int *)a] - x[*(const int *)b];
    return d < 0 ? -1 : d > 0;
}

void sp_chart_sweep_draw(cairo_t *cr, const sp_sweep_results *s, int key, sp_text *t, double x,
                         double y, double w, double h)
{
    sp_lang lang = sp_text_lang(t);
    char buf[64];
    const sp_sweep_key *K = &s->keys[key];
    int nk = s->n_keys;

    /* series: one per combination of the other keys (mixed radix, grid order) */
    int n_series = 1, ramp = 0, other = -1;
    for (int k = 0; k < nk; k++)
        if (k != key) {
            n_series *= s->keys[k].n_values;
            other = other == -1 ? k : -2;
        }
    ramp = other >= 0 && s->keys[other].numeric;
    int has_after = 0;
    for (int r = 0; r < s->n_rows; r++)
        has_after |= isfinite(s->num[r * SP_C_SWEEP_COUNT + SP_C_SWEEP_PERCENT_AFTER]);
    sweep_series *ser = g_new0(sweep_series, n_series);
    int *first_row = g_new(int, n_series);
    for (int i = 0; i < n_series; i++) {
        ser[i].x = g_new(double, K->n_values);
        ser[i].y = g_new(double, K->n_values);
        ser[i].y0 = g_new(double, K->n_values);
        ser[i].unproven = g_new0(uint8_t, K->n_values);
        first_row[i] = -1;
    }
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    int any_unproven = 0;
    for (int r = 0; r < s->n_rows; r++) {
        int id = 0;
        for (int k = 0; k < nk; k++)
            if (k != key)
                id = id * s->keys[k].n_values + s->value[r * nk + k];
        const double *v = &s->num[r * SP_C_SWEEP_COUNT];
        sweep_series *se = &ser[id];
        if (first_row[id] < 0)
            first_row[id] = r;
        if (se->n >= K->n_values)
            continue;
        int j = se->n++;
        se->x[j] = strtod(K->values[s->value[r * nk + key]], NULL);
        se->y[j] = has_after ? v[SP_C_SWEEP_PERCENT_AFTER] : v[SP_C_SWEEP_PERCENT_COVERED];
        se->y0[j] = has_after ? v[SP_C_SWEEP_PERCENT_COVERED] : NAN;
        se->unproven[j] = isfinite(v[SP_C_SWEEP_OPTIMAL]) && v[SP_C_SWEEP_OPTIMAL] != 1;
        any_unproven |= se->unproven[j];
        xmin = fmin(xmin, se->x[j]);
        xmax = fmax(xmax, se->x[j]);
        if (isfinite(se->y[j])) {
            ymin = fmin(ymin, se->y[j]);
            ymax = fmax(ymax, se->y[j]);
        }
        if (isfinite(se->y0[j])) {
            ymin = fmin(ymin, se->y0[j]);
            ymax = fmax(ymax, se->y0[j]);
        }
    }
    /* each series in x order */
    for (int i = 0; i < n_series; i++) {
        sweep_series *se = &ser[i];
        int *ord = g_new(int, se->n ? se->n : 1);
        for (int j = 0; j < se->n; j++)
            ord[j] = j;
        g_qsort_with_data(ord, se->n, sizeof *ord, cmp_point, se->x);
        double *tx = g_memdup2(se->x, sizeof(double) * (se->n ? se->n : 1));
        double *ty = g_memdup2(se->y, sizeof(double) * (se->n ? se->n : 1));
        double *t0 = g_memdup2(se->y0, sizeof(double) * (se->n ? se->n : 1));
        uint8_t *tu = g_memdup2(se->unproven, se->n ? se->n : 1);
        for (int j = 0; j < se->n; j++) {
            se->x[j] = tx[ord[j]];
            se->y[j] = ty[ord[j]];
            se->y0[j] = t0[ord[j]];
            se->unproven[j] = tu[ord[j]];
        }
        g_free(ord); g_free(tx); g_free(ty); g_free(t0); g_free(tu);
    }
    if (!isfinite(xmin)) {
        xmin = 0;
        xmax = 1;
    }
    if (!(xmax > xmin)) {
        xmin -= 1;
        xmax += 1;
    }
    if (!isfinite(ymin)) {
        ymin = 0;
        ymax = 100;
    }
    double ystep = nice_ceil(fmax(ymax - ymin, 1) / 5);
    double ylo = fmax(0, floor(ymin / ystep - 1e-9) * ystep);
    double yhi = fmin(100, ceil(ymax / ystep + 1e-9) * ystep);
    if (!(yhi > ylo))
        yhi = ylo + ystep;

    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill(cr);

    /* title and the scenario */
    cairo_set_source_rgb(cr, HEX(C_AXIS));
    double th;
    char *title = !strcmp(K->key, "travel.minutes") ? g_strdup(sp_tr(lang, M_SW_TITLE_MINUTES))
                  : !strcmp(K->key, "siting.budget") ? g_strdup(sp_tr(lang, M_SW_TITLE_BUDGET))
                  : sp_trf(lang, M_SW_TITLE_KEY, K->key);
    sp_text_draw(t, cr, title, 11, SP_TXT_BOLD, x + 4, y + 4, SP_AL_LEFT, SP_AL_TOP, NULL);
    g_free(title);
    sp_text_measure(t, "Ag", 11, SP_TXT_BOLD, NULL, &th);
    if (s->scenario && *s->scenario) {
        char *base = g_path_get_basename(s->scenario);
        char *sub = sp_trf(lang, M_SW_SCENARIO, base);
        sp_text_draw(t, cr, sub, 8, 0, x + 4, y + 6 + th, SP_AL_LEFT, SP_AL_TOP, NULL);
        g_free(sub);
        g_free(base);
    }

    /* plot area, the key in a column on the right */
    const double key_w = 150;
    double ax = x + 62, ay = y + th + 30, aw = w - 62 - 16 - key_w, ah = h - (th + 30) - 44;
    if (aw < 50 || ah < 50) {
        cairo_restore(cr);
        goto done;
    }
    double xpad = (xmax - xmin) * 0.04;
#define PX(v) (ax + ((v) - xmin + xpad) / (xmax - xmin + 2 * xpad) * aw)
/* the top 4% left free, so points at the top value show whole */
#define PY(v) (ay + ah - ((v) - ylo) / (yhi - ylo) * ah * 0.96)

    /* grid and left axis: percent */
    cairo_set_line_width(cr, 0.5);
    int nyt = ticks(ylo, yhi, ystep);
    for (int i = 0; i < nyt; i++) {
        double v = ylo + i * ystep;
        cairo_set_source_rgb(cr, HEX(C_GRID));
        cairo_move_to(cr, ax, PY(v));
        cairo_line_to(cr, ax + aw, PY(v));
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, HEX(C_AXIS));
        sp_text_draw(t, cr, sp_fmt_pct(lang, v, ystep < 1 ? 1 : 0, buf, sizeof buf), 7.5, 0, ax - 4,
                     PY(v), SP_AL_RIGHT, SP_AL_MIDDLE, NULL);
    }
    /* x axis: every value when few, else steps */
    cairo_set_source_rgb(cr, HEX(C_AXIS));
    if (K->n_values <= 16) {
        for (int i = 0; i < K->n_values; i++) {
            double v = strtod(K->values[i], NULL);
            cairo_move_to(cr, PX(v), ay + ah);
            cairo_line_to(cr, PX(v), ay + ah + 3);
            cairo_stroke(cr);
            snprintf(buf, sizeof buf, "%g", v);
            sp_text_draw(t, cr, buf, 7.5, 0, PX(v), ay + ah + 5, SP_AL_CENTER, SP_AL_TOP, NULL);
        }
    } else {
        double xs = nice_ceil((xmax - xmin) / 12.0), x0 = ceil(xmin / xs) * xs;
        int nxt = ticks(x0, xmax, xs);
        for (int i = 0; i < nxt; i++) {
            double v = x0 + i * xs;
            cairo_move_to(cr, PX(v), ay + ah);
            cairo_line_to(cr, PX(v), ay + ah + 3);
            cairo_stroke(cr);
            snprintf(buf, sizeof buf, "%g", v);
            sp_text_draw(t, cr, buf, 7.5, 0, PX(v), ay + ah + 5, SP_AL_CENTER, SP_AL_TOP, NULL);
        }
    }
    const char *xl = !strcmp(K->key, "travel.minutes") ? sp_tr(lang, M_SW_X_MINUTES)
                     : !strcmp(K->key, "siting.budget") ? sp_tr(lang, M_SW_X_BUDGET) : K->key;
    sp_text_draw(t, cr, xl, 8.5, 0, ax + aw / 2, ay + ah + 20, SP_AL_CENTER, SP_AL_TOP, NULL);
    cairo_save(cr);
    cairo_translate(cr, x + 8, ay + ah / 2);
    cairo_rotate(cr, -M_PI / 2);
    sp_text_draw(t, cr, sp_tr(lang, has_after ? M_SW_Y_AFTER : M_SW_Y), 8.5, 0, 0, 0, SP_AL_CENTER,
                 SP_AL_TOP, NULL);
    cairo_restore(cr);

    /* axes */
    cairo_set_source_rgb(cr, HEX(C_AXIS));
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, ax, ay);
    cairo_line_to(cr, ax, ay + ah);
    cairo_line_to(cr, ax + aw, ay + ah);
    cairo_line_to(cr, ax + aw, ay);
    cairo_stroke(cr);

    /* lines: existing stations (dashed) under the plotted ones */
    const double dash[] = {4, 2.5};
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (int i = 0; i < n_series && has_after; i++) {
        double rgb[3];
        sweep_colour(i, n_series, ramp, rgb);
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_set_line_width(cr, 0.9);
        cairo_set_dash(cr, dash, 2, 0);
        int open = 0;
        for (int j = 0; j < ser[i].n; j++) {
            if (!isfinite(ser[i].y0[j])) {
                open = 0;
                continue;
            }
            if (open)
                cairo_line_to(cr, PX(ser[i].x[j]), PY(ser[i].y0[j]));
            else
                cairo_move_to(cr, PX(ser[i].x[j]), PY(ser[i].y0[j]));
            open = 1;
        }
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    }
    double dot = K->n_values > 40 ? 1.2 : 2.2;
    for (int i = 0; i < n_series; i++) {
        double rgb[3];
        sweep_colour(i, n_series, ramp, rgb);
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_set_line_width(cr, 1.8);
        int open = 0;
        for (int j = 0; j < ser[i].n; j++) {
            if (!isfinite(ser[i].y[j])) {
                open = 0;
                continue;
            }
            if (open)
                cairo_line_to(cr, PX(ser[i].x[j]), PY(ser[i].y[j]));
            else
                cairo_move_to(cr, PX(ser[i].x[j]), PY(ser[i].y[j]));
            open = 1;
        }
        cairo_stroke(cr);
        for (int j = 0; j < ser[i].n; j++) {
            if (!isfinite(ser[i].y[j]))
                continue;
            cairo_new_path(cr);
            if (ser[i].unproven[j]) {
                cairo_arc(cr, PX(ser[i].x[j]), PY(ser[i].y[j]), dot + 1.3, 0, 2 * M_PI);
                cairo_set_source_rgb(cr, 1, 1, 1);
                cairo_fill_preserve(cr);
                cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
                cairo_set_line_width(cr, 1.2);
                cairo_stroke(cr);
            } else {
                cairo_arc(cr, PX(ser[i].x[j]), PY(ser[i].y[j]), dot, 0, 2 * M_PI);
                cairo_fill(cr);
            }
        }
    }

    /* key: one entry per line, then the dashed and hollow marks */
    double kx = ax + aw + 16, ky = ay + 4, kw = key_w - 4;
    for (int i = 0; i < n_series; i++) {
        if (ky > ay + ah - 10)
            break;
        double rgb[3];
        sweep_colour(i, n_series, ramp, rgb);
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_set_line_width(cr, 1.8);
        cairo_move_to(cr, kx, ky);
        cairo_line_to(cr, kx + 16, ky);
        cairo_stroke(cr);
        GString *g = g_string_new(NULL);
        if (n_series == 1) {
            g_string_append(g, sp_tr(lang, has_after ? M_SW_LINE_AFTER : M_SW_LINE));
        } else {
            int r = first_row[i];
            for (int k = 0; r >= 0 && k < nk; k++) {
                if (k == key)
                    continue;
                char *l = sweep_value_label(lang, s->keys[k].key,
                                            s->keys[k].values[s->value[r * nk + k]]);
                if (g->len)
                    g_string_append(g, lang == SP_LANG_ZH ? "，" : ", ");
                g_string_append(g, l);
                g_free(l);
            }
        }
        cairo_set_source_rgb(cr, HEX(C_AXIS));
        PangoLayout *l = sp_text_layout(t, g->str, 7.5, 0, kw - 20);
        double lw, lh;
        sp_text_size(l, &lw, &lh);
        sp_text_show(t, cr, l, kx + 20, ky - 5, 0);
        g_object_unref(l);
        ky += fmax(lh, 10) + 4;
        g_string_free(g, TRUE);
    }
    ky += 6;
    if (has_after) {
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_set_line_width(cr, 0.9);
        cairo_set_dash(cr, dash, 2, 0);
        cairo_move_to(cr, kx, ky);
        cairo_line_to(cr, kx + 16, ky);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        PangoLayout *l = sp_text_layout(t, sp_tr(lang, M_SW_EXISTING), 7.5, 0, kw - 20);
        double lw, lh;
        sp_text_size(l, &lw, &lh);
        sp_text_show(t, cr, l, kx + 20, ky - 5, 0);
        g_object_unref(l);
        ky += fmax(lh, 10) + 4;
    }
    if (any_unproven) {
        cairo_new_path(cr);
        cairo_arc(cr, kx + 8, ky, 3.5, 0, 2 * M_PI);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_set_line_width(cr, 1.2);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, HEX(C_AXIS));
        sp_text_draw(t, cr, sp_tr(lang, M_SW_NOT_PROVEN), 7.5, 0, kx + 20, ky, SP_AL_LEFT,
                     SP_AL_MIDDLE, NULL);
    }
#undef PX
#undef PY
    cairo_restore(cr);
done:
    for (int i = 0; i < n_series; i++) {
        g_free(ser[i].x);
        g_free(ser[i].y);
        g_free(ser[i].y0);
        g_free(ser[i].unproven);
    }
    g_free(ser);
    g_free(first_row);
}
