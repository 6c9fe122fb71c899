/* text.c — pango helpers (see text.h). */
#include "text.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

struct sp_text {
    sp_lang lang;
    PangoFontMap *fm;     /* owned: one font map per context, released with it */
    PangoContext *ctx;    /* owned */
    const char *family;
    long unknown;
    int recording;
    GString *rec;
};

static const char FAMILY_EN[] = "Noto Sans, Noto Sans CJK SC, DejaVu Sans";
static const char FAMILY_ZH[] = "Noto Sans CJK SC, Noto Sans, DejaVu Sans";

sp_text *sp_text_new(sp_lang lang)
{
    sp_text *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->lang = lang;
    t->family = lang == SP_LANG_ZH ? FAMILY_ZH : FAMILY_EN;
    t->fm = pango_cairo_font_map_new();
    t->ctx = pango_font_map_create_context(t->fm);
    /* Points are our user units: 72 "dpi" makes a size in points a size in
     * user units on every surface. */
    pango_cairo_context_set_resolution(t->ctx, 72.0);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(t->ctx, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_language(t->ctx, pango_language_from_string(lang == SP_LANG_ZH ? "zh-cn" : "en"));
    pango_context_set_round_glyph_positions(t->ctx, FALSE);
    t->rec = g_string_new(NULL);
    return t;
}

void sp_text_free(sp_text *t)
{
    if (!t)
        return;
    if (t->ctx)
        g_object_unref(t->ctx);
    if (t->fm)
        g_object_unref(t->fm);
    g_string_free(t->rec, TRUE);
    free(t);
}

sp_lang sp_text_lang(const sp_text *t) { return t->lang; }

const char *sp_text_family(const sp_text *t) { return t->family; }

PangoLayout *sp_text_layout(sp_text *t, const char *s, double size, int flags, double wrap_w)
{
    PangoLayout *l = pango_layout_new(t->ctx);
    PangoFontDescription *d = pango_font_description_new();
    pango_font_description_set_family(d, t->family);
    pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
    pango_font_description_set_weight(d, (flags & SP_TXT_BOLD) ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(d, (flags & SP_TXT_ITALIC) ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(l, d);
    pango_font_description_free(d);
    if (wrap_w > 0) {
        pango_layout_set_width(l, (int)(wrap_w * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_text(l, s ? s : "", -1);
    return l;
}

void sp_text_size(PangoLayout *l, double *w, double *h)
{
    PangoRectangle lr;
    pango_layout_get_extents(l, NULL, &lr);
    if (w)
        *w = (double)lr.width / PANGO_SCALE;
    if (h)
        *h = (double)lr.height / PANGO_SCALE;
}

void sp_text_show(sp_text *t, cairo_t *cr, PangoLayout *l, double x, double y, int flags)
{
    t->unknown += pango_layout_get_unknown_glyphs_count(l);
    if (t->recording) {
        g_string_append(t->rec, pango_layout_get_text(l));
        g_string_append_c(t->rec, '\n');
    }
    cairo_save(cr);
    cairo_move_to(cr, x, y);
    if (flags & SP_TXT_HALO) {
        /* The halo is an outline of the glyphs; the text itself is then
         * drawn as text, so PDF viewers can still search and copy it. */
        cairo_pattern_t *src = cairo_pattern_reference(cairo_get_source(cr));
        pango_cairo_layout_path(cr, l);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
        cairo_set_line_width(cr, 1.6);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        cairo_set_source(cr, src);
        cairo_pattern_destroy(src);
        cairo_move_to(cr, x, y);
    }
    pango_cairo_show_layout(cr, l);
    cairo_restore(cr);
}

double sp_text_draw(sp_text *t, cairo_t *cr, const char *s, double size, int flags, double x,
                    double y, sp_halign ha, sp_valign va, double box[4])
{
    PangoLayout *l = sp_text_layout(t, s, size, flags, 0);
    double w, h;
    sp_text_size(l, &w, &h);
    double x0 = ha == SP_AL_LEFT ? x : ha == SP_AL_CENTER ? x - w / 2 : x - w;
    double y0 = va == SP_AL_TOP ? y : va == SP_AL_MIDDLE ? y - h / 2 : y - h;
    sp_text_show(t, cr, l, x0, y0, flags);
    g_object_unref(l);
    if (box) {
        box[0] = x0;
        box[1] = y0;
        box[2] = w;
        box[3] = h;
    }
    return w;
}

void sp_text_measure(sp_text *t, const char *s, double size, int flags, double *w, double *h)
{
    PangoLayout *l = sp_text_layout(t, s, size, flags, 0);
    sp_text_size(l, w, h);
    g_object_unref(l);
}

long sp_text_unknown_glyphs(const sp_text *t) { return t->unknown; }

void sp_text_record(sp_text *t, int on) { t->recording = on; }

const char *sp_text_recorded(const sp_text *t) { return t->rec->str; }

/* Two libraries we draw with lose memory on their own, and under
 * LeakSanitizer that would fail every render:
 *   - fontconfig (2.14, Debian 12) loses a few hundred bytes parsing its XML
 *     configuration the first time pango asks it for fonts;
 *   - cairo 1.16 loses 768-byte blocks in cairo_surface_finish() when it
 *     embeds a subset of a CID-keyed CFF font (Noto Sans CJK) in a PDF.
 * Neither library has frame pointers, so a leak's stack ends in the library
 * and can only be suppressed by library name.  Our own cairo objects are
 * released in pairs (create/destroy in the same function). */
#if defined(__SANITIZE_ADDRESS__)
#define SP_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SP_LSAN 1
#endif
#endif
#ifdef SP_LSAN
/* and quietly: stderr of the program stays what the tests expect */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void) { return "print_suppressions=0"; }
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\nleak:libcairo.so\n";
}
#endif

char *sp_text_cut(const char *s, long max_chars)
{
    if (!s)
        return g_strdup("");
    if (!g_utf8_validate(s, -1, NULL))
        return g_strdup(s);
    const char *p = s;
    for (long i = 0; i < max_chars && *p; i++)
        p = g_utf8_next_char(p);
    if (!*p)
        return g_strdup(s);
    char *head = g_strndup(s, (gsize)(p - s));
    char *r = g_strconcat(head, "\u2026", NULL);
    g_free(head);
    return r;
}
