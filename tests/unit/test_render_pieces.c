/* test_render_pieces.c — the pieces of render/ (nice numbers, number
 * formats, the labeler, the map layout), and the Shenzhen scenario
 * (tests/data/shenzhen) run through the library and rendered in Chinese: no
 * unknown glyphs, Chinese road names drawn, and the CJK font has every
 * character drawn on the map.  Shared helpers: render_test.h; the synthetic
 * output folder is tested in test_render_folder.c.
 * Env: SP_ROOT (repository), SP_TMP (scratch folder).
 */
#include <cairo.h>
#include <errno.h>
#include <gdal.h>
#include <glib.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "labels.h"
#include "map.h"
#include "output.h"
#include "render.h"
#include "render_data.h"
#include "render_test.h"
#include "run.h"
#include "scenario.h"
#include "status.h"
#include "test.h"
#include "text.h"

/* ---- unit tests of the pieces ---- */

TEST(nice_numbers)
{
    ASSERT_NEAR(sp_nice_floor(1), 1, 0);
    ASSERT_NEAR(sp_nice_floor(2.5), 2, 0);
    ASSERT_NEAR(sp_nice_floor(7), 5, 0);
    ASSERT_NEAR(sp_nice_floor(10), 10, 0);
    ASSERT_NEAR(sp_nice_floor(0.3), 0.2, 1e-12);
    ASSERT_NEAR(sp_nice_floor(999), 500, 0);
    ASSERT_NEAR(sp_nice_floor(1000), 1000, 0);
    ASSERT_NEAR(sp_nice_floor(2999.9), 2000, 0);
}

TEST(number_formats)
{
    char b[64];
    ASSERT_STR_EQ(sp_fmt_int(SP_LANG_EN, 337921, b, sizeof b), "337,921");
    ASSERT_STR_EQ(sp_fmt_int(SP_LANG_ZH, 337921, b, sizeof b), "337,921");
    ASSERT_STR_EQ(sp_fmt_int(SP_LANG_EN, 1234567, b, sizeof b), "1,234,567");
    ASSERT_STR_EQ(sp_fmt_int(SP_LANG_EN, 999, b, sizeof b), "999");
    ASSERT_STR_EQ(sp_fmt_int(SP_LANG_EN, -1234, b, sizeof b), "-1,234");
    ASSERT_STR_EQ(sp_fmt_int(SP_LANG_EN, -0.2, b, sizeof b), "0");
    ASSERT_STR_EQ(sp_fmt_pct(SP_LANG_EN, 99.87, 1, b, sizeof b), "99.9%");
    ASSERT_STR_EQ(sp_fmt_num(SP_LANG_EN, 1845.359, 1, b, sizeof b), "1,845.4");
    ASSERT_STR_EQ(sp_fmt_dist(SP_LANG_EN, 500, b, sizeof b), "500 m");
    ASSERT_STR_EQ(sp_fmt_dist(SP_LANG_EN, 2000, b, sizeof b), "2 km");
    ASSERT_STR_EQ(sp_fmt_dist(SP_LANG_ZH, 500, b, sizeof b), "500 米");
    ASSERT_STR_EQ(sp_fmt_dist(SP_LANG_ZH, 1000, b, sizeof b), "1 公里");
    ASSERT_STR_EQ(sp_fmt_dist(SP_LANG_EN, 10000, b, sizeof b), "10 km");
    /* every message exists in both languages */
    for (int m = 0; m < M_COUNT; m++) {
        ASSERT(*sp_tr(SP_LANG_EN, (sp_msg)m));
        ASSERT(*sp_tr(SP_LANG_ZH, (sp_msg)m));
    }
    ASSERT_STR_EQ(sp_tr_mode(SP_LANG_ZH, "walk"), "步行");
}

TEST(labeler_drops_colliding_labels)
{
    sp_labeler *lb = sp_labeler_new(0, 0, 100, 100);
    ASSERT(lb);
    sp_quad a = sp_quad_rect(10, 10, 30, 10);
    sp_quad b = sp_quad_rect(30, 15, 30, 10);          /* overlaps a */
    sp_quad c = sp_quad_rect(40, 10, 30, 10);          /* touches a's right edge */
    sp_quad out = sp_quad_rect(90, 90, 20, 5);         /* leaves the frame */
    sp_quad rot = sp_quad_rotated(50, 60, 40, 6, M_PI / 4);
    sp_quad block = sp_quad_rect(45, 55, 10, 10);      /* an obstacle under rot's centre */
    ASSERT_EQ_INT(sp_labeler_take(lb, &a), 1);
    ASSERT_EQ_INT(sp_labeler_take(lb, &b), 0);
    ASSERT_EQ_INT(sp_labeler_take(lb, &c), 1);
    ASSERT_EQ_INT(sp_labeler_take(lb, &out), 0);
    sp_labeler_block(lb, &block);
    ASSERT_EQ_INT(sp_labeler_take(lb, &rot), 0);
    /* rotated boxes: a diagonal label and a box in the corner its bounding
     * box covers but the label itself does not */
    sp_quad diag = sp_quad_rotated(30, 80, 40, 4, M_PI / 4);
    sp_quad corner = sp_quad_rect(14, 88, 6, 6);
    ASSERT_EQ_INT(sp_labeler_take(lb, &diag), 1);
    ASSERT_EQ_INT(sp_labeler_take(lb, &corner), 1);
    ASSERT_EQ_INT(sp_labeler_n_labels(lb), 4);
    for (int i = 0; i < sp_labeler_n_labels(lb); i++)
        for (int j = i + 1; j < sp_labeler_n_labels(lb); j++)
            ASSERT(!sp_quad_overlap(sp_labeler_label(lb, i), sp_labeler_label(lb, j)));
    sp_labeler_free(lb);
}

TEST(layout_fits_extent_with_true_proportions)
{
    double pw, ph;
    ASSERT(sp_page_size("A4", &pw, &ph));
    ASSERT_NEAR(pw, 841.89, 0.01);
    ASSERT_NEAR(ph, 595.28, 0.01);
    ASSERT(sp_page_size("a3", &pw, &ph));
    ASSERT_NEAR(pw, 1190.55, 0.01);
    ASSERT_NEAR(ph, 841.89, 0.01);
    ASSERT(!sp_page_size("A5", &pw, &ph));
    sp_page_size("A4", &pw, &ph);
    const double ext[4] = {1000, 2000, 11000, 4000}; /* wide: width decides */
    sp_map_layout L;
    sp_map_layout_compute(ext, pw, ph, &L);
    ASSERT_NEAR(L.scale, L.fw / 10000, 1e-12);
    double x0, y0, x1, y1;
    sp_map_world_to_page(&L, 1000, 3000, &x0, &y0);
    sp_map_world_to_page(&L, 11000, 3000, &x1, &y1);
    ASSERT_NEAR(x0, L.fx, 1e-9);
    ASSERT_NEAR(x1, L.fx + L.fw, 1e-9);
    ASSERT_NEAR(y0, L.fy + L.fh / 2, 1e-9);
    /* 1 km north is the same page length as 1 km east, and goes up */
    sp_map_world_to_page(&L, 1000, 4000, &x1, &y1);
    ASSERT_NEAR(y0 - y1, 1000 * L.scale, 1e-9);
    ASSERT_NEAR(L.denominator, 72 / 0.0254 / L.scale, 1e-6);
    /* a tall extent: height decides */
    const double tall[4] = {0, 0, 1000, 50000};
    sp_map_layout_compute(tall, pw, ph, &L);
    ASSERT_NEAR(L.scale, L.fh / 50000, 1e-12);
    /* scale bar: 1, 2 or 5 x 10^k m, at most a quarter of the frame, and
     * at least a tenth */
    sp_map_layout_compute(ext, pw, ph, &L);
    sp_scalebar sb;
    sp_scalebar_choose(&L, SP_LANG_EN, &sb);
    double frame_m = L.fw / L.scale;
    ASSERT(sb.length_m <= frame_m / 4 + 1e-9);
    ASSERT(sb.length_m > frame_m / 10);
    ASSERT_NEAR(sb.length_m, 2000, 0);
    ASSERT_STR_EQ(sb.label, "2 km");
    ASSERT_NEAR(sb.w, sb.length_m * L.scale, 1e-9);
    sp_scalebar_choose(&L, SP_LANG_ZH, &sb);
    ASSERT_STR_EQ(sb.label, "2 公里");
}

/* ---- Shenzhen in Chinese ---- */

TEST(shenzhen_in_chinese)
{
    char ini[2400], out[2400], lang[8] = "";
    snprintf(ini, sizeof ini, "%s/tests/data/shenzhen/shenzhen.ini", g_root);
    snprintf(out, sizeof out, "%s/shenzhen", g_tmp);
    ASSERT(run_scenario(ini, out, lang));
    ASSERT_STR_EQ(lang, "zh");

    sp_render_opts ro = {0};
    ro.record_text = 1;
    sp_render_stats st;
    ASSERT_EQ_INT(sp_render_outdir(out, &ro, NULL, NULL, &st), SP_OK);
    ASSERT_EQ_INT(st.unknown_glyphs, 0);
    ASSERT(st.map_text);
    /* Chinese UI, scale bar and at least two road names of the OSM file */
    ASSERT_CONTAINS(st.map_text, "图例");
    ASSERT_CONTAINS(st.map_text, "北");
    ASSERT(strstr(st.map_text, "公里") || strstr(st.map_text, " 米"));
    ASSERT_CONTAINS(st.map_text, "OpenStreetMap");
    const char *roads[] = {"龙岗大道", "龙翔大道", "龙飞大道", "红棉路", "爱南路", "荷康路", "黄阁路",
                           "盐龙大道", "大学道", "荷坳路", "青春路", "如意路", "坳园路", "沈海高速",
                           "武深高速", "惠盐高速", "国际大学园路", "长江埔路", "新园路", "荷新路"};
    int found = 0;
    for (size_t i = 0; i < sizeof roads / sizeof *roads; i++)
        found += strstr(st.map_text, roads[i]) != NULL;
    if (found < 2)
        T_FAIL_("only %d Chinese road names on the map:\n%s", found, st.map_text);
    ASSERT(st.labels_placed >= 5);

    /* the CJK font itself covers every character drawn on the map */
    PangoFontMap *fm = pango_cairo_font_map_new();
    PangoContext *ctx = pango_font_map_create_context(fm);
    PangoFontDescription *fd = pango_font_description_from_string("Noto Sans CJK SC 10");
    PangoFont *font = pango_font_map_load_font(fm, ctx, fd);
    ASSERT(font);
    PangoFontDescription *got = pango_font_describe(font);
    ASSERT_STR_EQ(pango_font_description_get_family(got), "Noto Sans CJK SC");
    pango_font_description_free(got);
    int missing = 0, chars = 0;
    for (const char *c = st.map_text; *c; c = g_utf8_next_char(c)) {
        gunichar u = g_utf8_get_char(c);
        if (u == '\n' || u == ' ')
            continue;
        chars++;
        if (!pango_font_has_char(font, u)) {
            if (missing++ < 5)
                fprintf(stderr, "no glyph for U+%04X\n", u);
        }
    }
    ASSERT(chars > 50);
    ASSERT_EQ_INT(missing, 0);
    g_object_unref(font);
    pango_font_description_free(fd);
    g_object_unref(ctx);
    g_object_unref(fm);
    g_free(st.map_text);
    ASSERT(st.report_pages >= 5);
}

/* Names cut for labels and table cells: by characters, not bytes (a
 * Chinese name is not split inside a character), "…" only when cut. */
TEST(names_cut_by_characters)
{
    char *a = sp_text_cut("short", 60);
    ASSERT_STR_EQ(a, "short");
    g_free(a);
    char *b = sp_text_cut("\u6df1\u5733\u9f99\u5c97", 2);   /* 深圳龙岗 */
    ASSERT_STR_EQ(b, "\u6df1\u5733\u2026");
    g_free(b);
    char *c = sp_text_cut("abc", 3);
    ASSERT_STR_EQ(c, "abc");
    g_free(c);
    char *d = sp_text_cut(NULL, 3);
    ASSERT_STR_EQ(d, "");
    g_free(d);
    GString *lng = g_string_new(NULL);
    for (int i = 0; i < 300000; i++)
        g_string_append_c(lng, 'x');
    char *e = sp_text_cut(lng->str, 60);
    ASSERT_EQ_INT((int)g_utf8_strlen(e, -1), 61);
    g_free(e);
    g_string_free(lng, TRUE);
}

int main(void)
{
    if (!render_test_init("test_render_pieces"))
        return 1;
    RUN(nice_numbers);
    RUN(number_formats);
    RUN(labeler_drops_colliding_labels);
    RUN(layout_fits_extent_with_true_proportions);
    RUN(shenzhen_in_chinese);
    RUN(names_cut_by_characters);
    return test_summary("render_pieces");
}
