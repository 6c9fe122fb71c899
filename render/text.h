/* text.h — all text goes through pango (fontconfig fonts), here.
 *
 * Fonts: "Noto Sans CJK SC" for Chinese (it covers Latin too), "Noto Sans"
 * for English with "Noto Sans CJK SC" and "DejaVu Sans" as fallbacks, so
 * Chinese names in the data also draw in an English map.  Sizes are in
 * points, which are the user units of every surface we draw on (a PNG
 * surface is scaled by dpi/72).  Hinting is off and metrics are unhinted,
 * so a text measures the same on PNG, PDF and SVG, and label placement does
 * not depend on the output.
 *
 * Every layout drawn is checked with pango_layout_get_unknown_glyphs_count();
 * the total is sp_text_unknown_glyphs() (0 = no character drawn as a box).
 */
#ifndef SP_TEXT_H
#define SP_TEXT_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "i18n.h"

typedef struct sp_text sp_text;

enum {
    SP_TXT_BOLD = 1,
    SP_TXT_ITALIC = 2,
    SP_TXT_HALO = 4,     /* a white outline under the text, for map labels */
};

/* Anchor of a text box at (x, y): horizontal and vertical. */
typedef enum { SP_AL_LEFT, SP_AL_CENTER, SP_AL_RIGHT } sp_halign;
typedef enum { SP_AL_TOP, SP_AL_MIDDLE, SP_AL_BOTTOM } sp_valign;

/* A new text context for a language.  Never NULL unless out of memory. */
sp_text *sp_text_new(sp_lang lang);
void sp_text_free(sp_text *t);

sp_lang sp_text_lang(const sp_text *t);

/* The font family list used ("Noto Sans CJK SC, Noto Sans"). */
const char *sp_text_family(const sp_text *t);

/* A layout of s at size (points), with flags (SP_TXT_BOLD, SP_TXT_ITALIC);
 * wrap_w > 0 wraps at that width.  The caller unrefs it (g_object_unref). */
PangoLayout *sp_text_layout(sp_text *t, const char *s, double size, int flags, double wrap_w);

/* Logical size of a layout in points. */
void sp_text_size(PangoLayout *l, double *w, double *h);

/* Draw a layout with its top-left corner at (x, y) in the current colour;
 * counts unknown glyphs and records the text (see sp_text_record). */
void sp_text_show(sp_text *t, cairo_t *cr, PangoLayout *l, double x, double y, int flags);

/* Lay out, anchor and draw s; returns its width.  OUT (optional): box of the
 * drawn text (x, y, w, h). */
double sp_text_draw(sp_text *t, cairo_t *cr, const char *s, double size, int flags, double x,
                    double y, sp_halign ha, sp_valign va, double box[4]);

/* Width and height of s without drawing it. */
void sp_text_measure(sp_text *t, const char *s, double size, int flags, double *w, double *h);

/* A name as shown in a label or a table cell: at most max_chars characters
 * of the UTF-8 string s, then "…" when it was longer (a name from a file may
 * be any length; laying out a very long one would take a long time and
 * fill the page).  NULL gives "".  Returns a new string (g_free). */
char *sp_text_cut(const char *s, long max_chars);

/* Characters drawn without a glyph so far. */
long sp_text_unknown_glyphs(const sp_text *t);

/* Start (on = 1) or stop recording every drawn string; sp_text_recorded()
 * returns them so far, one per line (borrowed, valid until the next draw). */
void sp_text_record(sp_text *t, int on);
const char *sp_text_recorded(const sp_text *t);

#endif
