/* render.c — sp_render_outdir(): load a results folder, plan the map once,
 * and write every output through a cairo surface of its kind (see render.h).
 *
 * Each file is written to a temporary name in the folder through a stdio
 * stream (so the bytes are flushed and fsync'ed like the other outputs),
 * and renamed only when cairo reports success after finishing the surface.
 */
#include "render.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart.h"
#include "i18n.h"
#include "map.h"
#include "mobile_map.h"
#include "output.h"
#include "render_data.h"
#include "report.h"
#include "render_out.h"
#include "resultdir.h"
#include "text.h"

#ifndef SP_VERSION
#define SP_VERSION "0.0.0"
#endif

/* Fixed so that the same folder gives the same PDF bytes. */
#define PDF_DATE "2000-01-01T00:00:00Z"

/* The coverage curve image, points (10 x 5.625 inches). */
#define CURVE_W 720.0
#define CURVE_H 405.0

sp_status sp_render_check_page(const char *page)
{
    double w, h;
    if (!sp_page_size(page, &w, &h))
        return sp_error(SP_E_USAGE, "page must be A4 or A3, not '%s'", page ? page : "");
    return SP_OK;
}

sp_status sp_render_check_language(const char *lang)
{
    if (sp_lang_parse(lang) < 0)
        return sp_error(SP_E_USAGE, "language must be en or zh, not '%s'", lang ? lang : "");
    return SP_OK;
}

sp_status sp_render_check_dpi(int dpi)
{
    if (dpi < 50 || dpi > 600)
        return sp_error(SP_E_USAGE, "dpi must be a number from 50 to 600, not %d", dpi);
    return SP_OK;
}

/* ---- output streams ---- */

typedef struct {
    FILE *f;
    char tmp[4200], path[4096];
    GString *buf;         /* SVG: held in memory until its ids are renumbered */
} out_file;

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
    out_file *o = closure;
    if (o->buf) {
        g_string_append_len(o->buf, (const char *)data, len);
        return CAIRO_STATUS_SUCCESS;
    }
    return fwrite(data, 1, len, o->f) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* cairo names an SVG's groups "surfaceN" after a counter global to the
 * process, so the same drawing made twice in one process gets other names.
 * Renumber them in order of first appearance: the same bytes every time. */
static void svg_renumber(GString *svg)
{
    GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GString *out = g_string_sized_new(svg->len);
    const char *p = svg->str, *end = svg->str + svg->len;
    while (p < end) {
        const char *q = strstr(p, "surface");
        if (!q) {
            g_string_append_len(out, p, end - p);
            break;
        }
        const char *digits = q + 7, *e = digits;
        while (e < end && *e >= '0' && *e <= '9')
            e++;
        int is_id = e > digits && q > svg->str && (q[-1] == '"' || q[-1] == '#');
        g_string_append_len(out, p, (digits - p));
        if (is_id) {
            char *key = g_strndup(digits, (gsize)(e - digits));
            gpointer v = g_hash_table_lookup(ids, key);
            if (!v) {
                v = GUINT_TO_POINTER(g_hash_table_size(ids) + 1);
                g_hash_table_insert(ids, key, v);
            } else {
                g_free(key);
            }
            g_string_append_printf(out, "%u", GPOINTER_TO_UINT(v));
            p = e;
        } else {
            p = digits;
        }
    }
    g_string_assign(svg, out->str);
    g_string_free(out, TRUE);
    g_hash_table_destroy(ids);
}

static sp_status out_open(out_file *o, const char *dir, const char *name)
{
    snprintf(o->path, sizeof o->path, "%s/%s", dir, name);
    o->buf = NULL;
    sp_atomic_begin(o->path, o->tmp, sizeof o->tmp);
    o->f = fopen(o->tmp, "wb");
    if (!o->f)
        return sp_error(SP_E_IO, "%s: cannot create: %s", o->tmp, strerror(errno));
    return SP_OK;
}

/* Close the stream and rename when cairo succeeded; else remove it. */
static sp_status out_close(out_file *o, cairo_status_t cs)
{
    sp_test_pause("maps");   /* test only (resultdir.h): a drawing half written */
    if (cs != CAIRO_STATUS_SUCCESS) {
        fclose(o->f);
        unlink(o->tmp);
        return sp_error(SP_E_RENDER, "%s: drawing failed: %s", o->path, cairo_status_to_string(cs));
    }
    return sp_atomic_close_file(o->f, o->tmp, o->path);
}

typedef void (*draw_fn)(cairo_t *cr, void *arg);

static sp_status write_png(const char *dir, const char *name, double w_pt, double h_pt, int dpi,
                           draw_fn draw, void *arg)
{
    int w = (int)lround(w_pt * dpi / 72.0), h = (int)lround(h_pt * dpi / 72.0);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_status_t cs = cairo_surface_status(s);
    if (cs == CAIRO_STATUS_SUCCESS) {
        cairo_t *cr = cairo_create(s);
        cairo_scale(cr, dpi / 72.0, dpi / 72.0);
        draw(cr, arg);
        cs = cairo_status(cr);
        cairo_destroy(cr);
        cairo_surface_flush(s);
    }
    if (cs != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return sp_error(SP_E_RENDER, "%s/%s: drawing failed: %s", dir, name, cairo_status_to_string(cs));
    }
    out_file o;
    sp_status st = out_open(&o, dir, name);
    if (st == SP_OK) {
        cs = cairo_surface_write_to_png_stream(s, write_cb, &o);
        st = out_close(&o, cs);
    }
    cairo_surface_destroy(s);
    return st;
}

typedef enum { VEC_PDF, VEC_SVG } vec_kind;

static sp_status write_vector(vec_kind kind, const char *dir, const char *name, double w_pt,
                              double h_pt, const char *title, draw_fn draw, void *arg)
{
    out_file o;
    sp_status st = out_open(&o, dir, name);
    if (st)
        return st;
    cairo_surface_t *s;
    if (kind == VEC_PDF) {
        s = cairo_pdf_surface_create_for_stream(write_cb, &o, w_pt, h_pt);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, PDF_DATE);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "siteplan " SP_VERSION);
    } else {
        o.buf = g_string_new(NULL);
        s = cairo_svg_surface_create_for_stream(write_cb, &o, w_pt, h_pt);
        cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1);
    }
    cairo_t *cr = cairo_create(s);
    draw(cr, arg);
    cairo_status_t cs = cairo_status(cr);
    cairo_destroy(cr);
    /* write errors only show up when the surface is finished */
    cairo_surface_finish(s);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (o.buf) {
        if (cs == CAIRO_STATUS_SUCCESS) {
            svg_renumber(o.buf);
            if (fwrite(o.buf->str, 1, o.buf->len, o.f) != o.buf->len)
                cs = CAIRO_STATUS_WRITE_ERROR;
        }
        g_string_free(o.buf, TRUE);
        o.buf = NULL;
    }
    return out_close(&o, cs);
}

/* ---- what is drawn ---- */

typedef struct {
    const sp_results *d;
    sp_map *map;
    sp_text *t;
    sp_mmap *mmap;        /* [mobile] only */
} job;

static void draw_map(cairo_t *cr, void *arg)
{
    job *j = arg;
    sp_map_draw(j->map, cr, j->t);
}

static void draw_mobile_map(cairo_t *cr, void *arg)
{
    job *j = arg;
    sp_mmap_draw(j->mmap, cr, j->t);
}

static void draw_curve(cairo_t *cr, void *arg)
{
    job *j = arg;
    sp_chart_draw(cr, j->d, j->t, 0, 0, CURVE_W, CURVE_H);
}

static int step(GDALProgressFunc progress, void *parg, double f, const char *what)
{
    return progress ? progress(f, what, parg) : 1;
}

sp_status sp_render_outdir(const char *dir, const sp_render_opts *opts, GDALProgressFunc progress,
                           void *parg, sp_render_stats *stats)
{
    sp_render_opts none = {0};
    if (!opts)
        opts = &none;
    if (stats)
        memset(stats, 0, sizeof *stats);
    sp_results *d = NULL;
    sp_status st = sp_results_read(dir, &d);
    if (st)
        return st;

    /* options: the saved ones unless overridden */
    const char *page = opts->page ? opts->page : sp_results_str(d, "render.page", "A4");
    const char *lang_s = opts->language ? opts->language : sp_results_str(d, "render.language", "en");
    int dpi = opts->dpi ? opts->dpi : (int)sp_results_num(d, "render.dpi", 150);
    const char *title = opts->title ? opts->title : sp_results_str(d, "render.title", "");
    if (!*title)
        title = sp_results_str(d, "scenario", "");
    if ((st = sp_render_check_page(page)) || (st = sp_render_check_language(lang_s)) ||
        (st = sp_render_check_dpi(dpi))) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", sp_error_message());
        sp_error_clear();
        st = sp_error(opts->page || opts->language || opts->dpi ? SP_E_USAGE : SP_E_INPUT,
                      "%s/summary.json: render: %s", dir, msg);
        sp_results_free(d);
        return st;
    }
    sp_lang lang = (sp_lang)sp_lang_parse(lang_s);
    if (!*title)
        title = sp_tr(lang, M_TITLE_DEFAULT);
    char *run_title = NULL;
    if (!opts->title && sp_results_has(d, "title_written_for")) {
        /* the saved title names other travel than what ran: title by what ran */
        char mins[32];
        double m = sp_results_num(d, "minutes", 0);
        sp_fmt_num(lang, m, fabs(m - round(m)) < 1e-9 ? 0 : 1, mins, sizeof mins);
        run_title = sp_trf(lang, M_TITLE_RUN, sp_tr_mode(lang, sp_results_str(d, "mode", "")), mins);
        title = run_title;
    }
    double pw, ph;
    sp_page_size(page, &pw, &ph);

    sp_text *t = sp_text_new(lang);
    if (!t) {
        sp_results_free(d);
        g_free(run_title);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    char page_name[8];
    snprintf(page_name, sizeof page_name, "%s", page);
    for (char *p = page_name; *p; p++)
        *p = (char)g_ascii_toupper(*p);
    sp_map_opts mo = {title, page_name, pw, ph, lang, NULL, 0, NULL, 0, 0};
    sp_map *map = NULL;
    if (!step(progress, parg, 0.05, "planning the map"))
        st = sp_error(SP_E_CANCEL, "cancelled");
    if (st == SP_OK)
        st = sp_map_new(d, &mo, t, &map);
    sp_mmap *mmap = NULL;
    if (st == SP_OK && d->sum.has_mobile)
        st = sp_mmap_new(d, &mo, t, &mmap);
    job j = {d, map, t, mmap};
    int files = 0, pages = 0, curve = 0, mobile_png = 0;
    if (st == SP_OK) {
        sp_text_record(t, opts->record_text);
        st = write_png(dir, "map.png", pw, ph, dpi, draw_map, &j);
        sp_text_record(t, 0);
        files += st == SP_OK;
    }
    if (st == SP_OK && !step(progress, parg, 0.3, "map.png"))
        st = sp_error(SP_E_CANCEL, "cancelled");
    if (st == SP_OK) {
        st = write_vector(VEC_PDF, dir, "map.pdf", pw, ph, title, draw_map, &j);
        files += st == SP_OK;
    }
    if (st == SP_OK && !step(progress, parg, 0.45, "map.pdf"))
        st = sp_error(SP_E_CANCEL, "cancelled");
    if (st == SP_OK) {
        st = write_vector(VEC_SVG, dir, "map.svg", pw, ph, title, draw_map, &j);
        files += st == SP_OK;
    }
    if (st == SP_OK && !step(progress, parg, 0.6, "map.svg"))
        st = sp_error(SP_E_CANCEL, "cancelled");
    if (st == SP_OK) {
        if (d->n_curve > 0) {
            st = write_png(dir, "coverage_curve.png", CURVE_W, CURVE_H, dpi, draw_curve, &j);
            files += st == SP_OK;
            curve = st == SP_OK;
        } else {
            /* no recommendations in these results: no stale curve either */
            char old[4200];
            snprintf(old, sizeof old, "%s/coverage_curve.png", dir);
            unlink(old);
        }
    }
    if (st == SP_OK) {
        if (mmap) {
            st = write_png(dir, SP_FILE_MOBILE_MAP_PNG, pw, ph, dpi, draw_mobile_map, &j);
            files += st == SP_OK;
            mobile_png = st == SP_OK;
        } else {
            /* no [mobile] in these results: no stale plan map either */
            char old[4200];
            snprintf(old, sizeof old, "%s/%s", dir, SP_FILE_MOBILE_MAP_PNG);
            unlink(old);
        }
    }
    if (st == SP_OK && !step(progress, parg, 0.7, "coverage_curve.png"))
        st = sp_error(SP_E_CANCEL, "cancelled");
    if (st == SP_OK) {
        out_file o;
        st = out_open(&o, dir, "report.pdf");
        if (st == SP_OK) {
            cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_cb, &o, pw, ph);
            cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, PDF_DATE);
            cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
            cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "siteplan " SP_VERSION);
            sp_report_opts ro = {title, pw, ph, mmap};
            st = sp_report_draw(s, d, map, t, &ro, &pages);
            cairo_surface_finish(s);
            cairo_status_t cs = cairo_surface_status(s);
            cairo_surface_destroy(s);
            if (st == SP_OK) {
                st = out_close(&o, cs);
            } else {
                fclose(o.f);
                unlink(o.tmp);
            }
            files += st == SP_OK;
        }
    }
    if (st == SP_OK && !step(progress, parg, 1.0, "report.pdf"))
        st = sp_error(SP_E_CANCEL, "cancelled");
    if (sp_text_unknown_glyphs(t) > 0)
        sp_warn("%s: %ld characters drawn without a glyph in the fonts \"%s\" (shown as boxes); "
                "install fonts-noto-core and fonts-noto-cjk", dir, sp_text_unknown_glyphs(t),
                sp_text_family(t));
    if (stats) {
        stats->files = files;
        stats->report_pages = pages;
        stats->curve = curve;
        stats->mobile_map = mobile_png;
        stats->unknown_glyphs = sp_text_unknown_glyphs(t);
        if (map)
            sp_map_label_stats(map, &stats->labels_placed, &stats->labels_dropped);
        if (opts->record_text)
            stats->map_text = g_strdup(sp_text_recorded(t));
    }
    sp_map_free(map);
    sp_mmap_free(mmap);
    sp_text_free(t);
    sp_results_free(d);
    g_free(run_title);
    return st;
}

/* ---- the same outputs for other drawings (render_out.h) ---- */

sp_status sp__render_png(const char *dir, const char *name, double w_pt, double h_pt, int dpi,
                         void (*draw)(cairo_t *cr, void *arg), void *arg)
{
    return write_png(dir, name, w_pt, h_pt, dpi, draw, arg);
}

sp_status sp__render_pdf(const char *dir, const char *name, double w_pt, double h_pt,
                         const char *title, sp_status (*pages)(cairo_surface_t *pdf, void *arg),
                         void *arg)
{
    out_file o;
    sp_status st = out_open(&o, dir, name);
    if (st)
        return st;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_cb, &o, w_pt, h_pt);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, PDF_DATE);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "siteplan " SP_VERSION);
    st = pages(s, arg);
    cairo_surface_finish(s);
    cairo_status_t cs = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (st == SP_OK)
        return out_close(&o, cs);
    fclose(o.f);
    unlink(o.tmp);
    return st;
}
