/* compare_render.c — sp_render_compare() (see compare_render.h). */
#include "compare_render.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compare_map.h"
#include "compare_report.h"
#include "compare_text.h"
#include "render_out.h"
#include "schema.h"

typedef struct {
    const sp_rcompare *c;
    sp_results **res;
    sp_cmap **maps;
    sp_text *t;
    sp_creport rep;
    int k;                    /* the map drawn by draw_one */
    int pages;
} job;

static void draw_one(cairo_t *cr, void *arg)
{
    job *j = arg;
    sp_cmap_draw(j->maps[j->k], cr, j->t);
}

static sp_status maps_pdf(cairo_surface_t *pdf, void *arg)
{
    job *j = arg;
    cairo_t *cr = cairo_create(pdf);
    for (int k = 1; k < j->c->n; k++) {
        sp_cmap_draw(j->maps[k], cr, j->t);
        cairo_show_page(cr);
    }
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    return cs == CAIRO_STATUS_SUCCESS ? SP_OK
                                      : sp_error(SP_E_RENDER, "%s: %s", SP_FILE_COMPARE_PDF, cairo_status_to_string(cs));
}

static sp_status report_pdf(cairo_surface_t *pdf, void *arg)
{
    job *j = arg;
    return sp_creport_draw(pdf, &j->rep, j->t, &j->pages);
}

static int step(GDALProgressFunc progress, void *parg, double f, const char *what)
{
    return progress ? progress(f, what, parg) : 1;
}

sp_status sp_render_compare(const char *dir, const sp_render_opts *opts, GDALProgressFunc progress,
                            void *parg, sp_render_stats *stats)
{
    sp_render_opts none = {0};
    if (!opts)
        opts = &none;
    if (stats)
        memset(stats, 0, sizeof *stats);
    sp_rcompare *c = NULL;
    sp_status st = sp_compare_read(dir, &c);
    if (st)
        return st;
    job j = {c, NULL, NULL, NULL, {0}, 0, 0};
    j.res = calloc((size_t)c->n, sizeof *j.res);
    j.maps = calloc((size_t)c->n, sizeof *j.maps);
    if (!j.res || !j.maps)
        st = sp_error(SP_E_NOMEM, "out of memory");
    for (int k = 0; k < c->n && st == SP_OK; k++)
        st = sp_results_read(c->rows[k].dir, &j.res[k]);

    const char *page = "A4", *lang_s = "en";
    int dpi = 150;
    if (st == SP_OK) {
        const sp_results *b = j.res[0];
        page = opts->page ? opts->page : sp_results_str(b, "render.page", "A4");
        lang_s = opts->language ? opts->language : sp_results_str(b, "render.language", "en");
        dpi = opts->dpi ? opts->dpi : (int)sp_results_num(b, "render.dpi", 150);
        if ((st = sp_render_check_page(page)) || (st = sp_render_check_language(lang_s)) ||
            (st = sp_render_check_dpi(dpi))) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s", sp_error_message());
            sp_error_clear();
            st = sp_error(opts->page || opts->language || opts->dpi ? SP_E_USAGE : SP_E_INPUT,
                          "%s/summary.json: render: %s", c->rows[0].dir, msg);
        }
    }
    sp_lang lang = SP_LANG_EN;
    double pw = 0, ph = 0;
    char page_name[8] = "A4";
    if (st == SP_OK) {
        lang = (sp_lang)sp_lang_parse(lang_s);
        sp_page_size(page, &pw, &ph);
        snprintf(page_name, sizeof page_name, "%s", page);
        for (char *p = page_name; *p; p++)
            *p = (char)g_ascii_toupper(*p);
        if (!(j.t = sp_text_new(lang)))
            st = sp_error(SP_E_NOMEM, "out of memory");
    }
    if (st == SP_OK && !step(progress, parg, 0.05, "planning the maps"))
        st = sp_error(SP_E_CANCEL, "cancelled");
    for (int k = 1; k < c->n && st == SP_OK; k++) {
        const sp_rcomparison *x = &c->rows[k];
        char *title = sp_ctrf(lang, MC_TITLE, x->name ? x->name : x->scenario);
        sp_map_opts mo = {title, page_name, pw, ph, lang, NULL, 0, NULL, 0, 0};
        st = sp_cmap_new(c, k, j.res[0], j.res[k], &mo, j.t, &j.maps[k]);
        g_free(title);
    }
    int files = 0;
    for (int k = 1; k < c->n && st == SP_OK; k++) {
        char name[64];
        if (k == 1)
            snprintf(name, sizeof name, "%s", SP_FILE_COMPARE_PNG);
        else
            snprintf(name, sizeof name, SP_FILE_COMPARE_K_PNG, k + 1);
        j.k = k;
        sp_text_record(j.t, opts->record_text && k == 1);
        st = sp__render_png(dir, name, pw, ph, dpi, draw_one, &j);
        sp_text_record(j.t, 0);
        files += st == SP_OK;
        if (st == SP_OK && stats && opts->record_text && k == 1)
            stats->map_text = g_strdup(sp_text_recorded(j.t));
        if (st == SP_OK && !step(progress, parg, 0.05 + 0.5 * k / c->n, name))
            st = sp_error(SP_E_CANCEL, "cancelled");
    }
    if (st == SP_OK) {
        /* maps of scenarios an earlier comparison in this folder had */
        for (int k = c->n + 1; k < 10000; k++) {
            char path[4200], name[64];
            snprintf(name, sizeof name, SP_FILE_COMPARE_K_PNG, k);
            snprintf(path, sizeof path, "%s/%s", dir, name);
            if (unlink(path) != 0)
                break;
        }
        const char *title = sp_ctr(lang, MC_R_TITLE);
        st = sp__render_pdf(dir, SP_FILE_COMPARE_PDF, pw, ph, title, maps_pdf, &j);
        files += st == SP_OK;
        if (st == SP_OK && !step(progress, parg, 0.7, SP_FILE_COMPARE_PDF))
            st = sp_error(SP_E_CANCEL, "cancelled");
        if (st == SP_OK) {
            j.rep = (sp_creport){c, j.res, j.maps, title, pw, ph};
            st = sp__render_pdf(dir, SP_FILE_COMPARE_REPORT, pw, ph, title, report_pdf, &j);
            files += st == SP_OK;
        }
        if (st == SP_OK && !step(progress, parg, 1.0, SP_FILE_COMPARE_REPORT))
            st = sp_error(SP_E_CANCEL, "cancelled");
    }
    if (j.t && sp_text_unknown_glyphs(j.t) > 0)
        sp_warn("%s: %ld characters drawn without a glyph in the fonts \"%s\" (shown as boxes); "
                "install fonts-noto-core and fonts-noto-cjk", dir, sp_text_unknown_glyphs(j.t),
                sp_text_family(j.t));
    if (stats) {
        stats->files = files;
        stats->report_pages = j.pages;
        stats->unknown_glyphs = j.t ? sp_text_unknown_glyphs(j.t) : 0;
    }
    for (int k = 0; k < c->n; k++) {
        if (j.maps)
            sp_cmap_free(j.maps[k]);
        if (j.res)
            sp_results_free(j.res[k]);
    }
    free(j.maps);
    free(j.res);
    sp_text_free(j.t);
    sp_rcompare_free(c);
    return st;
}
