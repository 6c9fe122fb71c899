/* test_render_areas.c — area (polygon) clusters on the map (issue 13).
 *
 * A small city (a 7 x 7 street grid 500 m apart in EPSG:32722, one station
 * at its centre, 10 minutes on foot) with three square or oblong area
 * clusters A, B, C inside blocks, a tiny one D and two point clusters P1,
 * P2 is run
 * through the real pipeline and writer, and read back:
 *   - the reader keeps each polygon cluster's outline (is_area 1, one ring
 *     of 5 points, the input's box) and leaves point clusters is_area 0
 *     with an empty shape;
 *   - with the areas' covered shares set here (1, 0.5, 0: share_covered
 *     comes from schema 7's writer, another branch), the map drawn at 200
 *     dpi on a fixed extent has, inside each area, the colour of the map
 *     without clusters under the state's fill at 50 % (covered #2166ac,
 *     partly #9970ab, not covered #d6604d; within 2 of 255 per channel);
 *     a dashed gap outline drawn across area C keeps the gap colour
 *     #b2182b (gaps are drawn on top of the areas);
 *     an area under 2.5 pt across (D, 4 m) is a 2.5 pt square, not a speck;
 *   - point clusters: the pixels around each circle are the same with and
 *     without the areas, and P1 (covered) is #2166ac at 85 % on its map;
 *   - the legend has one row per area state shown (en and zh), none for a
 *     run without areas; a partly covered area is labelled with its covered
 *     share (whole percent, 1..99); the report's summary counts the areas
 *     by state and says the worker counts are estimates when
 *     workers_estimated is 1 (en, zh);
 *   - the same results drawn twice give the same pixels, and the folder
 *     rendered twice the same files.
 * Env: SP_ROOT (repository), SP_TMP (scratch folder).
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "map.h"
#include "render.h"
#include "render_data.h"
#include "render_test.h"
#include "report.h"
#include "test.h"
#include "text.h"

#define X0 476500.0
#define Y0 6670500.0
#define NG 7
#define DPI 200.0

/* the areas: id, box (x0, y0, x1, y1), workers, covered share set for the map */
static const struct {
    const char *id;
    double b[4];
    int workers;
    double share;
} AREAS[3] = {
    {"A", {478060, 6672060, 478440, 6672440}, 400, 1.0},
    {"B", {478560, 6672060, 479440, 6672440}, 600, 0.5},
    {"C", {476560, 6670560, 476940, 6670940}, 300, 0.0},
};
/* a sample point inside each area, 100 m or more from every street */
static const double SAMPLE[3][2] = {{478150, 6672350}, {478800, 6672250}, {476650, 6670850}};
static const unsigned FILL[3] = {0x2166ac, 0x9970ab, 0xd6604d};
#define FILL_ALPHA 0.5
#define C_GAP_WANT 0xb2182b
#define C_COVERED_WANT 0x2166ac
/* the gap drawn across C: a square inside it, its first side from G0 east */
static const double GAP_SQ[4] = {476700, 6670650, 476850, 6670800};
static const double P1[2] = {478250, 6671750}, P2[2] = {479250, 6673250};
/* a tiny area D, 4 m across (under 1 pt at the test's scale), not covered */
static const double TINY[4] = {477700, 6671300, 477704, 6671304};
static const double EXTENT[4] = {476300, 6670300, 479700, 6673700};

static const char SCENARIO[] =
    "[scenario]\nname = Area test city\n"
    "[inputs]\nnetwork = roads.csv\nnetwork.crs = EPSG:32722\n"
    "clusters = clusters.csv\nclusters.id = id\nclusters.weight = workers\nclusters.crs = EPSG:32722\n"
    "sites = sites.csv\nsites.x = x\nsites.y = y\nsites.id = id\nsites.crs = EPSG:32722\n"
    "[travel]\nmode = walk\nminutes = 10\ncrs = EPSG:32722\n"
    "[render]\npage = A4\ndpi = 100\nlanguage = en\n";

/* The inputs in dir/in, then `siteplan run` into dir. */
static int make_fixture(const char *dir)
{
    GString *r = g_string_new("WKT,highway,name\n");
    for (int i = 0; i < NG; i++)
        for (int j = 0; j < NG; j++) {
            double x = X0 + 500 * i, y = Y0 + 500 * j;
            if (i + 1 < NG)
                g_string_append_printf(r, "\"LINESTRING (%.0f %.0f,%.0f %.0f)\",residential,\n", x, y, x + 500, y);
            if (j + 1 < NG)
                g_string_append_printf(r, "\"LINESTRING (%.0f %.0f,%.0f %.0f)\",residential,\n", x, y, x, y + 500);
        }
    GString *c = g_string_new("WKT,id,workers\n");
    for (int k = 0; k < 3; k++) {
        const double *b = AREAS[k].b;
        g_string_append_printf(c, "\"POLYGON ((%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f))\",%s,%d\n",
                               b[0], b[1], b[2], b[1], b[2], b[3], b[0], b[3], b[0], b[1], AREAS[k].id,
                               AREAS[k].workers);
    }
    g_string_append_printf(c, "\"POLYGON ((%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f))\",D,10\n",
                           TINY[0], TINY[1], TINY[2], TINY[1], TINY[2], TINY[3], TINY[0], TINY[3], TINY[0],
                           TINY[1]);
    g_string_append_printf(c, "\"POINT (%.0f %.0f)\",P1,200\n\"POINT (%.0f %.0f)\",P2,100\n", P1[0], P1[1],
                           P2[0], P2[1]);
    const char *files[][2] = {{"roads.csv", r->str}, {"clusters.csv", c->str},
                              {"sites.csv", "id,x,y\ns1,478000,6672000\n"}, {"city.ini", SCENARIO}};
    int ok = write_inputs_and_run(dir, files, sizeof files / sizeof *files);
    g_string_free(r, TRUE);
    g_string_free(c, TRUE);
    return ok;
}

static char g_dir[2400];

static int find(const sp_results *d, const char *id)
{
    for (int i = 0; i < d->n_clusters; i++)
        if (d->clusters[i].id && !strcmp(d->clusters[i].id, id))
            return i;
    return -1;
}

/* The results with the areas' shares of AREAS (what schema 7 writes). */
static sp_results *read_fixture(void)
{
    sp_results *d = NULL;
    if (sp_results_read(g_dir, &d) != SP_OK) {
        fprintf(stderr, "read: %s\n", sp_error_message());
        return NULL;
    }
    for (int k = 0; k < 3; k++) {
        int i = find(d, AREAS[k].id);
        if (i >= 0)
            d->clusters[i].share_covered = AREAS[k].share;
    }
    return d;
}

/* ---- drawing into memory ---- */

typedef struct {
    cairo_surface_t *s;
    int w, h, stride;
    unsigned char *data;
    sp_map_layout L;
    char *text;   /* every string drawn (g_free) */
} image;

/* d's map page at DPI on the fixed extent; roads_only: no gap or cluster
 * labels (so sampled pixels show only what is drawn under them). */
static int draw(const sp_results *d, sp_lang lang, int roads_only, image *im)
{
    double pw, ph;
    sp_page_size("A4", &pw, &ph);
    sp_text *t = sp_text_new(lang);
    sp_map_opts mo = {"Areas", "A4", pw, ph, lang, EXTENT, roads_only, NULL, 0, 0};
    sp_map *m = NULL;
    if (!t || sp_map_new(d, &mo, t, &m) != SP_OK) {
        sp_text_free(t);
        return 0;
    }
    im->w = (int)lround(pw * DPI / 72);
    im->h = (int)lround(ph * DPI / 72);
    im->s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, im->w, im->h);
    cairo_t *cr = cairo_create(im->s);
    cairo_scale(cr, DPI / 72, DPI / 72);
    sp_text_record(t, 1);
    sp_map_draw(m, cr, t);
    im->text = g_strdup(sp_text_recorded(t));
    cairo_destroy(cr);
    cairo_surface_flush(im->s);
    im->stride = cairo_image_surface_get_stride(im->s);
    im->data = cairo_image_surface_get_data(im->s);
    im->L = *sp_map_get_layout(m);
    sp_map_free(m);
    sp_text_free(t);
    return 1;
}

static void image_free(image *im)
{
    cairo_surface_destroy(im->s);
    g_free(im->text);
}

static uint32_t pixel(const image *im, int x, int y)
{
    return *(uint32_t *)(void *)(im->data + (size_t)y * im->stride + 4 * (size_t)x) & 0xffffffu;
}

static void px_of(const image *im, double x, double y, int *ix, int *iy)
{
    double fx, fy;
    sp_map_world_to_px(&im->L, DPI, x, y, &fx, &fy);
    *ix = (int)floor(fx);
    *iy = (int)floor(fy);
}

/* |got - (under x (1 - a) + col x a)| <= tol in each channel */
static int blended(uint32_t got, uint32_t under, unsigned col, double a, int tol)
{
    for (int sh = 0; sh <= 16; sh += 8) {
        double want = (under >> sh & 255) * (1 - a) + (col >> sh & 255) * a;
        if (fabs((double)(got >> sh & 255) - want) > tol)
            return 0;
    }
    return 1;
}

/* ---- tests ---- */

TEST(reader_keeps_area_outlines)
{
    sp_results *d = NULL;
    ASSERT_EQ_INT(sp_results_read(g_dir, &d), SP_OK);
    ASSERT_EQ_INT(d->n_clusters, 6);
    ASSERT_EQ_INT(d->clusters[find(d, "D")].is_area, 1);
    for (int k = 0; k < 3; k++) {
        int i = find(d, AREAS[k].id);
        ASSERT(i >= 0);
        const sp_rcluster *c = &d->clusters[i];
        ASSERT_EQ_INT(c->is_area, 1);
        ASSERT_EQ_INT(c->shape.n_rings, 1);
        ASSERT_EQ_INT(c->shape.hole[0], 0);
        ASSERT_EQ_INT(c->shape.ring_off[1], 5);
        for (int j = 0; j < 4; j++)
            ASSERT_NEAR(c->shape.bb[j], AREAS[k].b[j], 1e-6);
        /* the point stays a point on the surface */
        ASSERT(c->x > AREAS[k].b[0] && c->x < AREAS[k].b[2] && c->y > AREAS[k].b[1] && c->y < AREAS[k].b[3]);
    }
    const char *pts[2] = {"P1", "P2"};
    for (int k = 0; k < 2; k++) {
        int i = find(d, pts[k]);
        ASSERT(i >= 0);
        ASSERT_EQ_INT(d->clusters[i].is_area, 0);
        ASSERT_EQ_INT(d->clusters[i].shape.n_rings, 0);
    }
    /* the map's extent covers the whole areas: C's lower-left corner */
    double ext[4];
    ASSERT(sp_rdata_extent(d, ext));
    ASSERT(ext[0] < AREAS[2].b[0] && ext[1] < AREAS[2].b[1]);
    sp_results_free(d);
}

TEST(areas_filled_by_state_under_gaps)
{
    sp_results *d = read_fixture();
    ASSERT(d);
    /* a gap across C, drawn from (GAP_SQ[0], GAP_SQ[1]) east first */
    double gxy[10] = {GAP_SQ[0], GAP_SQ[1], GAP_SQ[2], GAP_SQ[1], GAP_SQ[2], GAP_SQ[3],
                      GAP_SQ[0], GAP_SQ[3], GAP_SQ[0], GAP_SQ[1]};
    int32_t goff[2] = {0, 5};
    uint8_t ghole[1] = {0};
    sp_rgap gap = {0};
    gap.rank = 1;
    gap.workers = 300;
    gap.clusters = 1;
    gap.shape = (sp_rshape){1, goff, ghole, gxy, {GAP_SQ[0], GAP_SQ[1], GAP_SQ[2], GAP_SQ[3]}};
    sp_rgap *saved_gaps = d->gaps;
    int saved_n_gaps = d->n_gaps;
    d->gaps = &gap;
    d->n_gaps = 1;

    image full, bare, points;
    ASSERT(draw(d, SP_LANG_EN, 1, &full));
    /* what lies under the areas: the same map without clusters */
    int n_cl = d->n_clusters;
    d->n_clusters = 0;
    ASSERT(draw(d, SP_LANG_EN, 1, &bare));
    /* the point clusters alone */
    sp_rcluster *all = d->clusters, only[6];
    ASSERT(n_cl <= 6);
    int n_only = 0;
    for (int i = 0; i < n_cl; i++)
        if (!all[i].is_area)
            only[n_only++] = all[i];
    ASSERT_EQ_INT(n_only, 2);
    d->clusters = only;
    d->n_clusters = n_only;
    ASSERT(draw(d, SP_LANG_EN, 1, &points));
    d->clusters = all;
    d->n_clusters = n_cl;

    for (int k = 0; k < 3; k++) {
        int x, y;
        px_of(&full, SAMPLE[k][0], SAMPLE[k][1], &x, &y);
        uint32_t got = pixel(&full, x, y), under = pixel(&bare, x, y);
        if (!blended(got, under, FILL[k], FILL_ALPHA, 2))
            T_FAIL_("area %s at (%d, %d): #%06x, expected #%06x under #%06x at %.2f", AREAS[k].id, x, y,
                    (unsigned)got, (unsigned)under, FILL[k], FILL_ALPHA);
    }
    /* the tiny area D: a square of 2.5 pt (not a speck), not-covered fill
     * at its centre, nothing 2 pt away */
    {
        int x, y;
        px_of(&full, (TINY[0] + TINY[2]) / 2, (TINY[1] + TINY[3]) / 2, &x, &y);
        if (!blended(pixel(&full, x, y), pixel(&bare, x, y), FILL[2], FILL_ALPHA, 2))
            T_FAIL_("tiny area D at (%d, %d): #%06x, expected the not-covered fill", x, y,
                    (unsigned)pixel(&full, x, y));
        int off = (int)lround(2 * DPI / 72);
        ASSERT(pixel(&full, x + off, y) == pixel(&bare, x + off, y));
    }
    /* the gap outline over C: the middle of its first dash (3 pt on from
     * the first vertex) */
    double ax, ay, bx, by;
    sp_map_world_to_px(&full.L, DPI, GAP_SQ[0], GAP_SQ[1], &ax, &ay);
    sp_map_world_to_px(&full.L, DPI, GAP_SQ[2], GAP_SQ[1], &bx, &by);
    ASSERT(bx - ax > 20);
    int gx = (int)floor(ax + 1.5 * DPI / 72), gy = (int)floor(ay);
    uint32_t g = pixel(&full, gx, gy);
    if (!blended(g, 0, C_GAP_WANT, 1.0, 3))
        T_FAIL_("gap outline over area C at (%d, %d): #%06x, expected #%06x", gx, gy, (unsigned)g, C_GAP_WANT);
    /* and the line runs over C: 2 pt north of it, inside the gap square,
     * C's fill */
    int iy = gy - (int)lround(2 * DPI / 72);
    if (!blended(pixel(&full, gx, iy), pixel(&bare, gx, iy), FILL[2], FILL_ALPHA, 2))
        T_FAIL_("inside the gap over C at (%d, %d): #%06x, not C's fill", gx, iy, (unsigned)pixel(&full, gx, iy));

    /* point clusters: the same pixels with and without the areas around
     * each circle; P1 covered, its centre #2166ac at 85 % */
    const double *pp[2] = {P1, P2};
    for (int k = 0; k < 2; k++) {
        int x, y, diff = 0;
        px_of(&full, pp[k][0], pp[k][1], &x, &y);
        int r = (int)ceil(9.0 * DPI / 72) + 3;
        for (int v = y - r; v <= y + r; v++)
            for (int u = x - r; u <= x + r; u++)
                diff += pixel(&full, u, v) != pixel(&points, u, v);
        if (diff)
            T_FAIL_("point cluster P%d: %d pixels differ with the areas drawn", k + 1, diff);
        if (k == 0 && !blended(pixel(&full, x, y), pixel(&bare, x, y), C_COVERED_WANT, 0.85, 2))
            T_FAIL_("P1 centre #%06x, expected #%06x at 0.85 over #%06x", (unsigned)pixel(&full, x, y),
                    C_COVERED_WANT, (unsigned)pixel(&bare, x, y));
    }

    /* the same results drawn twice: the same pixels */
    image again;
    ASSERT(draw(d, SP_LANG_EN, 1, &again));
    ASSERT_EQ_INT(again.stride, full.stride);
    ASSERT(!memcmp(again.data, full.data, (size_t)full.stride * (size_t)full.h));
    image_free(&again);

    image_free(&full);
    image_free(&bare);
    image_free(&points);
    d->gaps = saved_gaps;
    d->n_gaps = saved_n_gaps;
    sp_results_free(d);
}

/* The report's strings (report.pdf into the scratch folder). */
static char *report_text(const sp_results *d, sp_lang lang)
{
    double pw, ph;
    sp_page_size("A4", &pw, &ph);
    sp_text *t = sp_text_new(lang);
    sp_map_opts mo = {"Areas", "A4", pw, ph, lang, NULL, 0, NULL, 0, 0};
    sp_map *m = NULL;
    char p[2600];
    snprintf(p, sizeof p, "%s/areas-report.pdf", g_tmp);
    char *text = NULL;
    if (sp_map_new(d, &mo, t, &m) == SP_OK) {
        cairo_surface_t *s = cairo_pdf_surface_create(p, pw, ph);
        sp_report_opts ro = {"Areas", pw, ph, NULL};
        int pages = 0;
        sp_text_record(t, 1);
        if (sp_report_draw(s, d, m, t, &ro, &pages) == SP_OK)
            text = g_strdup(sp_text_recorded(t));
        cairo_surface_destroy(s);
    }
    sp_map_free(m);
    sp_text_free(t);
    return text;
}

TEST(legend_and_report_strings)
{
    sp_results *d = read_fixture();
    ASSERT(d);
    static const char *const want[2][3] = {
        {"Area, all its workers covered", "Area, partly covered", "Area, not covered"},
        {"区域：职工全部覆盖", "区域：职工部分覆盖", "区域：职工未覆盖"}};
    for (int l = 0; l < 2; l++) {
        image im;
        ASSERT(draw(d, l ? SP_LANG_ZH : SP_LANG_EN, 0, &im));
        for (int k = 0; k < 3; k++)
            ASSERT_CONTAINS(im.text, want[l][k]);
        /* B, partly covered, is labelled with its share (alone on a line) */
        ASSERT_CONTAINS(im.text, "\n50%\n");
        image_free(&im);
    }
    /* the share label: whole percent, never 0 % or 100 % */
    int b = find(d, "B");
    d->clusters[b].share_covered = 0.999;
    image hi;
    ASSERT(draw(d, SP_LANG_EN, 0, &hi));
    ASSERT_CONTAINS(hi.text, "\n99%\n");
    image_free(&hi);
    d->clusters[b].share_covered = 0.5;
    /* only the states shown: C alone */
    for (int i = 0; i < d->n_clusters; i++)
        if (d->clusters[i].is_area && strcmp(d->clusters[i].id, "C"))
            d->clusters[i].share_covered = 0;
    image one;
    ASSERT(draw(d, SP_LANG_EN, 0, &one));
    ASSERT_CONTAINS(one.text, "Area, not covered");
    ASSERT(!strstr(one.text, "Area, partly covered") && !strstr(one.text, "Area, all its workers"));
    image_free(&one);
    /* no area rows without areas (the area clusters left out) */
    sp_rcluster *all = d->clusters, only[6];
    int n_cl = d->n_clusters, n_only = 0;
    ASSERT(n_cl <= 6);
    for (int i = 0; i < n_cl; i++)
        if (!all[i].is_area)
            only[n_only++] = all[i];
    d->clusters = only;
    d->n_clusters = n_only;
    image none;
    ASSERT(draw(d, SP_LANG_EN, 0, &none));
    ASSERT(!strstr(none.text, "Area,"));
    char *no_areas = report_text(d, SP_LANG_EN);
    ASSERT(no_areas && !strstr(no_areas, "Area clusters"));
    g_free(no_areas);
    image_free(&none);
    d->clusters = all;
    d->n_clusters = n_cl;

    /* the report: estimates and the area count, en and zh, only when said */
    for (int i = 0; i < d->n_clusters; i++)
        d->clusters[i].share_covered = 0;
    char *plain = report_text(d, SP_LANG_EN);
    ASSERT(plain);
    ASSERT(!strstr(plain, "estimates"));
    ASSERT_CONTAINS(plain, "4: 0 with all workers covered, 0 partly covered, 4 not covered");
    d->sum.workers_estimated = 1;
    for (int k = 0; k < 3; k++)
        d->clusters[find(d, AREAS[k].id)].share_covered = AREAS[k].share;
    char *en = report_text(d, SP_LANG_EN), *zh = report_text(d, SP_LANG_ZH);
    ASSERT(en && zh);
    ASSERT_CONTAINS(en, "Worker counts are estimates");
    ASSERT_CONTAINS(en, "Area clusters");
    ASSERT_CONTAINS(en, "4: 1 with all workers covered, 1 partly covered, 2 not covered");
    ASSERT_CONTAINS(zh, "职工人数为估算值");
    ASSERT_CONTAINS(zh, "区域型聚集点");
    ASSERT_CONTAINS(zh, "4 个：职工全部覆盖 1 个，部分覆盖 1 个，未覆盖 2 个");
    ASSERT_CONTAINS(en, "an area's workers are spread over demand points inside it");
    ASSERT_CONTAINS(zh, "区域内职工分摊到区域内的需求点上");
    g_free(plain);
    g_free(en);
    g_free(zh);
    sp_results_free(d);
}

/* With [siting] the map shows the areas as the recommended sites leave
 * them (its gaps and tint are those after): C, not covered before but all
 * covered after, in the light blue of "covered by the recommended sites";
 * B labelled with its share after; the report still counts the areas by
 * their share before (and all of them: 4). */
TEST(areas_after_siting)
{
    sp_results *d = read_fixture();
    ASSERT(d);
    int b = find(d, "B"), c = find(d, "C");
    ASSERT(b >= 0 && c >= 0);
    d->sum.has_siting = 1;
    for (int i = 0; i < d->n_clusters; i++)
        d->clusters[i].workers_covered_after = d->clusters[i].share_covered * d->clusters[i].workers;
    d->clusters[c].workers_covered_after = d->clusters[c].workers;
    d->clusters[b].workers_covered_after = 0.8 * d->clusters[b].workers;
    image full, bare;
    ASSERT(draw(d, SP_LANG_EN, 1, &full));
    int n_cl = d->n_clusters;
    d->n_clusters = 0;
    ASSERT(draw(d, SP_LANG_EN, 1, &bare));
    d->n_clusters = n_cl;
    int x, y;
    px_of(&full, SAMPLE[2][0], SAMPLE[2][1], &x, &y);
    if (!blended(pixel(&full, x, y), pixel(&bare, x, y), 0x92c5de, FILL_ALPHA, 2))
        T_FAIL_("area C covered after at (%d, %d): #%06x, expected #92c5de over #%06x", x, y,
                (unsigned)pixel(&full, x, y), (unsigned)pixel(&bare, x, y));
    image_free(&full);
    image_free(&bare);
    static const char *const want[2][2] = {
        {"Area, all covered with the new sites", "Area, partly covered with the new sites"},
        {"区域：新站点建成后全部覆盖", "区域：新站点建成后部分覆盖"}};
    for (int l = 0; l < 2; l++) {
        image im;
        ASSERT(draw(d, l ? SP_LANG_ZH : SP_LANG_EN, 0, &im));
        ASSERT_CONTAINS(im.text, want[l][0]);
        ASSERT_CONTAINS(im.text, want[l][1]);
        ASSERT_CONTAINS(im.text, "\n80%\n");
        image_free(&im);
    }
    char *en = report_text(d, SP_LANG_EN);
    ASSERT(en);
    ASSERT_CONTAINS(en, "4: 1 with all workers covered, 1 partly covered, 2 not covered");
    g_free(en);
    sp_results_free(d);
}

TEST(folder_rendered_twice_same_bytes)
{
    const char *outs[] = {"map.png", "map.pdf", "map.svg", "report.pdf"};
    char p[2800], q[2800];
    ASSERT_EQ_INT(sp_render_outdir(g_dir, NULL, NULL, NULL, NULL), SP_OK);
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/%s", g_dir, outs[i]);
        snprintf(q, sizeof q, "%s/first-%s", g_dir, outs[i]);
        ASSERT(rename(p, q) == 0);
    }
    ASSERT_EQ_INT(sp_render_outdir(g_dir, NULL, NULL, NULL, NULL), SP_OK);
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/%s", g_dir, outs[i]);
        snprintf(q, sizeof q, "%s/first-%s", g_dir, outs[i]);
        gchar *a = NULL, *b = NULL;
        gsize na = 0, nb = 0;
        ASSERT(g_file_get_contents(p, &a, &na, NULL) && g_file_get_contents(q, &b, &nb, NULL));
        if (na != nb || memcmp(a, b, na))
            T_FAIL_("%s differs between two renders", outs[i]);
        g_free(a);
        g_free(b);
    }
}

int main(void)
{
    if (!render_test_init("test_render_areas"))
        return 1;
    snprintf(g_dir, sizeof g_dir, "%s/city", g_tmp);
    if (!make_fixture(g_dir)) {
        fprintf(stderr, "fixture: the run failed\n");
        return 1;
    }
    RUN(reader_keeps_area_outlines);
    RUN(areas_filled_by_state_under_gaps);
    RUN(legend_and_report_strings);
    RUN(areas_after_siting);
    RUN(folder_rendered_twice_same_bytes);
    return test_summary("render_areas");
}
