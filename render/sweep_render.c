/* sweep_render.c — the charts of a sweep folder (see sweep_render.h). */
#include "sweep_render.h"

#include <cairo.h>
#include <stdio.h>

#include "chart.h"
#include "i18n.h"
#include "render_out.h"
#include "schema.h"
#include "sweep_read.h"
#include "text.h"

/* The size of coverage_curve.png (render.c), points. */
#define CHART_W 720.0
#define CHART_H 405.0

typedef struct {
    const sp_sweep_results *s;
    int key;
    sp_text *t;
} sweep_job;

static void draw_sweep(cairo_t *cr, void *arg)
{
    sweep_job *j = arg;
    sp_chart_sweep_draw(cr, j->s, j->key, j->t, 0, 0, CHART_W, CHART_H);
}

static sp_status pdf_page(cairo_surface_t *pdf, void *arg)
{
    cairo_t *cr = cairo_create(pdf);
    draw_sweep(cr, arg);
    cairo_show_page(cr);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    if (cs != CAIRO_STATUS_SUCCESS)
        return sp_error(SP_E_RENDER, "sweep chart: drawing failed: %s", cairo_status_to_string(cs));
    return SP_OK;
}

sp_status sp_render_sweep(const char *dir, const sp_render_opts *opts, GDALProgressFunc progress,
                          void *parg)
{
    sp_render_opts none = {0};
    if (!opts)
        opts = &none;
    sp_sweep_results *s = NULL;
    sp_status st = sp_sweep_read(dir, &s);
    if (st)
        return st;
    const char *language = opts->language ? opts->language : s->language ? s->language : "en";
    int dpi = opts->dpi ? opts->dpi : s->dpi;
    if ((st = sp_render_check_language(language)) || (st = sp_render_check_dpi(dpi))) {
        sp_sweep_free(s);
        return st;
    }
    sp_text *t = sp_text_new((sp_lang)sp_lang_parse(language));
    if (!t) {
        sp_sweep_free(s);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    int n = 0, done = 0;
    for (int k = 0; k < s->n_keys; k++)
        n += s->keys[k].numeric;
    for (int k = 0; k < s->n_keys && st == SP_OK; k++) {
        if (!s->keys[k].numeric)
            continue;
        sweep_job j = {s, k, t};
        char png[600], pdf[600], title[600];
        snprintf(png, sizeof png, "%s%s.png", SP_FILE_SWEEP_CHART_PREFIX, s->keys[k].key);
        snprintf(pdf, sizeof pdf, "%s%s.pdf", SP_FILE_SWEEP_CHART_PREFIX, s->keys[k].key);
        snprintf(title, sizeof title, "siteplan sweep: %s", s->keys[k].key);
        st = sp__render_png(dir, png, CHART_W, CHART_H, dpi, draw_sweep, &j);
        if (st == SP_OK)
            st = sp__render_pdf(dir, pdf, CHART_W, CHART_H, title, pdf_page, &j);
        done++;
        if (st == SP_OK && progress && !progress((double)done / n, png, parg))
            st = sp_error(SP_E_CANCEL, "cancelled");
    }
    if (st == SP_OK && n == 0 && progress)
        progress(1.0, NULL, parg);
    sp_text_free(t);
    sp_sweep_free(s);
    return st;
}
