/* test_render.c — maps and reports (render/).
 *
 * A synthetic city (a street grid, clusters, two stations off the network,
 * one other facility; known coordinates in EPSG:32722) is run through the
 * real pipeline and written by the real writer, rendered, and the outputs
 * are read back:
 *   - every output exists, is not blank, and the PNG has page x dpi / 72
 *     pixels; the report has the pages it says (and breaks its 60-row
 *     table across pages);
 *   - two isolated stations are drawn at the pixels the layout predicts
 *     (marker centroid within 1 px), and their pixel distance in x and y
 *     gives the same metres per pixel (true proportions); the other
 *     facility is a green disc and the legend has its entry (en and zh);
 *   - the scale bar's drawn length equals length_m x pixels per metre
 *     (within 1 px) and its label says that length;
 *   - placed labels never overlap;
 *   - rendering twice gives the same bytes;
 *   - errors: no folder, no summary, broken JSON, no GeoPackage, bad
 *     options;
 *   - the Shenzhen scenario (tests/data/shenzhen) run through the library
 *     and rendered in Chinese: no unknown glyphs, Chinese road names drawn,
 *     and the CJK font has every character drawn on the map.
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
#include "run.h"
#include "scenario.h"
#include "status.h"
#include "test.h"
#include "text.h"

static char g_tmp[2048];
static char g_root[2048];

/* ---- fixture: a synthetic city run through the real pipeline and writer ---- */

/* Two isolated stations, far from everything else (left part of the map),
 * off the network; one other health facility on it; a 11 x 15 grid of
 * clusters 500 m apart at the crossings of a street grid; 5 minutes on foot
 * reach no neighbour, so each of the 60 recommended sites adds one cluster
 * (the heaviest first: c-080). */
#define SA_X 471000.0
#define SA_Y 6672500.0
#define SB_X 473500.0
#define SB_Y 6676500.0
#define FAC_X 477000.0
#define FAC_Y 6672000.0
#define GRID_X0 476500.0
#define GRID_Y0 6670500.0
#define GRID_NX 11
#define GRID_NY 15
#define N_RECS 60

static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return 0;
    fputs(text, f);
    return fclose(f) == 0;
}

static const char SCENARIO[] =
    "[scenario]\nname = Synthetic test city\n"
    "[inputs]\nnetwork = roads.csv\nnetwork.crs = EPSG:32722\n"
    "clusters = clusters.csv\nclusters.x = x\nclusters.y = y\nclusters.id = id\n"
    "clusters.weight = workers\nclusters.crs = EPSG:32722\n"
    "sites = sites.csv\nsites.x = x\nsites.y = y\nsites.id = id\nsites.crs = EPSG:32722\n"
    "facilities = facilities.csv\nfacilities.x = x\nfacilities.y = y\nfacilities.id = id\n"
    "facilities.crs = EPSG:32722\n"
    "[travel]\nmode = walk\nminutes = 5\ncrs = EPSG:32722\n"
    "[siting]\nmodel = mclp\nbudget = 60\ncandidates = clusters.csv\ncandidates.x = x\n"
    "candidates.y = y\ncandidates.id = id\ncandidates.crs = EPSG:32722\n"
    "[render]\npage = A4\ndpi = 100\nlanguage = en\n";

static void grid_xy(int i, int j, double *x, double *y)
{
    *x = GRID_X0 + 500 * i;
    *y = GRID_Y0 + 500 * j;
}

/* The street grid: one feature per 500 m block side; row 7 is a named
 * primary road, column 5 a named secondary one. */
static void add_roads(GString *r)
{
    g_string_append(r, "WKT,highway,name\n");
    for (int i = 0; i < GRID_NX; i++)
        for (int j = 0; j < GRID_NY; j++) {
            double x, y, x2, y2;
            grid_xy(i, j, &x, &y);
            if (i + 1 < GRID_NX) {
                grid_xy(i + 1, j, &x2, &y2);
                g_string_append_printf(r, "\"LINESTRING (%.0f %.0f,%.0f %.0f)\",%s\n", x, y, x2, y2,
                                       j == 7 ? "primary,Avenida Teste" : "residential,");
            }
            if (j + 1 < GRID_NY) {
                grid_xy(i, j + 1, &x2, &y2);
                g_string_append_printf(r, "\"LINESTRING (%.0f %.0f,%.0f %.0f)\",%s\n", x, y, x2, y2,
                                       i == 5 ? "secondary,Rua Dois" : "residential,");
            }
        }
}

/* `siteplan run INI` into dir through the library (the real pipeline and
 * writer).  lang: OUT, the scenario's [render] language (may be NULL). */
static int run_scenario(const char *ini, const char *dir, char lang[8])
{
    char set[2700];
    snprintf(set, sizeof set, "output.dir=%s", dir);
    const char *sets[] = {set};
    sp_options *o = NULL;
    sp_loaded *in = NULL;
    sp_outcome *res = NULL;
    sp_error_clear();
    sp_status s = sp_scenario_load(ini, sets, 1, &o);
    if (!s && lang)
        snprintf(lang, 8, "%s", o->render_language);
    if (!s)
        s = sp_run(o, NULL, NULL, &in, &res);
    if (!s)
        s = sp_outcome_write(res, o->out_dir);
    if (s)
        fprintf(stderr, "%s: %s\n", ini, sp_error_message());
    sp_outcome_free(res);
    sp_loaded_free(in);
    sp_options_free(o);
    return s == SP_OK;
}

/* The inputs in dir/in, then `siteplan run` into dir. */
static int make_fixture(const char *dir)
{
    char in[2600], p[2800];
    snprintf(in, sizeof in, "%s/in", dir);
    if (sp_mkdir_p(in))
        return 0;
    GString *c = g_string_new("id,x,y,workers\n");
    for (int i = 0, n = 0; i < GRID_NX; i++)
        for (int j = 0; j < GRID_NY; j++, n++) {
            double x, y;
            grid_xy(i, j, &x, &y);
            g_string_append_printf(c, "c-%03d,%.0f,%.0f,%d\n", n, x, y, (n * 37) % 900 + (n == 80 ? 4000 : 0));
        }
    GString *r = g_string_new(NULL);
    add_roads(r);
    char sites[128], fac[64];
    snprintf(sites, sizeof sites, "id,x,y\nsA,%.0f,%.0f\nsB,%.0f,%.0f\n", SA_X, SA_Y, SB_X, SB_Y);
    snprintf(fac, sizeof fac, "id,x,y\nfA,%.0f,%.0f\n", FAC_X, FAC_Y);
    int ok = 1;
    const char *files[][2] = {{"clusters.csv", c->str}, {"roads.csv", r->str}, {"sites.csv", sites},
                              {"facilities.csv", fac}, {"city.ini", SCENARIO}};
    for (size_t k = 0; ok && k < sizeof files / sizeof *files; k++) {
        snprintf(p, sizeof p, "%s/%s", in, files[k][0]);
        ok = write_text(p, files[k][1]);
    }
    g_string_free(c, TRUE);
    g_string_free(r, TRUE);
    if (!ok)
        return 0;
    return run_scenario(p, dir, NULL);
}

/* ---- image helpers ---- */

typedef struct {
    cairo_surface_t *s;
    int w, h, stride;
    unsigned char *data;
} image;

static int image_load(const char *path, image *im)
{
    im->s = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(im->s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(im->s);
        im->s = NULL;
        return 0;
    }
    cairo_surface_flush(im->s);
    im->w = cairo_image_surface_get_width(im->s);
    im->h = cairo_image_surface_get_height(im->s);
    im->stride = cairo_image_surface_get_stride(im->s);
    im->data = cairo_image_surface_get_data(im->s);
    return 1;
}

/* 0 for white, 1 for black. */
static double dark(const image *im, int x, int y)
{
    if (x < 0 || y < 0 || x >= im->w || y >= im->h)
        return 0;
    uint32_t p = *(uint32_t *)(void *)(im->data + (size_t)y * im->stride + 4 * (size_t)x);
    double r = p >> 16 & 255, g = p >> 8 & 255, b = p & 255;
    return 1 - (0.299 * r + 0.587 * g + 0.114 * b) / 255;
}

/* Darkness-weighted centroid of a window around (cx, cy), pixels. */
static void centroid(const image *im, double cx, double cy, double r, double *ox, double *oy)
{
    double sw = 0, sx = 0, sy = 0;
    for (int y = (int)floor(cy - r); y <= (int)ceil(cy + r); y++)
        for (int x = (int)floor(cx - r); x <= (int)ceil(cx + r); x++) {
            double d = dark(im, x, y);
            sw += d;
            sx += d * (x + 0.5);
            sy += d * (y + 0.5);
        }
    *ox = sw > 0 ? sx / sw : NAN;
    *oy = sw > 0 ? sy / sw : NAN;
}

static char *slurp(const char *path, size_t *len)
{
    gchar *buf = NULL;
    gsize n = 0;
    if (!g_file_get_contents(path, &buf, &n, NULL))
        return NULL;
    if (len)
        *len = n;
    return buf;
}

/* Number of pages in a PDF written by cairo (its /Pages object's /Count). */
static int pdf_pages(const char *path)
{
    size_t n;
    char *b = slurp(path, &n);
    if (!b)
        return -1;
    int pages = -1;
    for (size_t i = 0; i + 12 < n; i++) {
        if (!memcmp(b + i, "/Type /Pages", 12)) {
            for (size_t j = i; j + 7 < n && j < i + 400; j++)
                if (!memcmp(b + j, "/Count ", 7)) {
                    pages = atoi(b + j + 7);
                    break;
                }
            break;
        }
    }
    g_free(b);
    return pages;
}

static int same_file(const char *a, const char *b)
{
    size_t na, nb;
    char *x = slurp(a, &na), *y = slurp(b, &nb);
    int same = x && y && na == nb && !memcmp(x, y, na);
    g_free(x);
    g_free(y);
    return same;
}

static int exists(const char *dir, const char *name)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    struct stat sb;
    return stat(p, &sb) == 0 && sb.st_size > 0;
}

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

/* ---- the synthetic folder ---- */

TEST(render_synthetic_folder)
{
    char dir[2400];
    snprintf(dir, sizeof dir, "%s/synthetic", g_tmp);
    ASSERT(make_fixture(dir));
    sp_render_stats st;
    sp_render_opts ro = {0};
    ro.record_text = 1;
    sp_error_clear();
    sp_status s = sp_render_outdir(dir, &ro, NULL, NULL, &st);
    if (s)
        fprintf(stderr, "render: %s\n", sp_error_message());
    ASSERT_EQ_INT(s, SP_OK);
    const char *outs[] = {"map.png", "map.pdf", "map.svg", "coverage_curve.png", "report.pdf"};
    for (int i = 0; i < 5; i++)
        ASSERT(exists(dir, outs[i]));
    ASSERT_EQ_INT(st.files, 5);
    ASSERT_EQ_INT(st.unknown_glyphs, 0);
    /* the legend has stations, other facilities and sites off the network */
    ASSERT_CONTAINS(st.map_text, "Existing station");
    ASSERT_CONTAINS(st.map_text, "Other health facility");
    ASSERT_CONTAINS(st.map_text, "Site off the network");
    g_free(st.map_text);

    /* the PNG: A4 at the saved 100 dpi */
    char p[4096];
    snprintf(p, sizeof p, "%s/map.png", dir);
    image im;
    ASSERT(image_load(p, &im));
    ASSERT_EQ_INT(im.w, lround(297 / 25.4 * 100));
    ASSERT_EQ_INT(im.h, lround(210 / 25.4 * 100));
    long ink = 0;
    for (int y = 0; y < im.h; y++)
        for (int x = 0; x < im.w; x++)
            ink += dark(&im, x, y) > 0.02;
    ASSERT(ink > (long)im.w * im.h / 50);

    /* where the layout puts the stations, independently of the folder:
     * extent = points' box + 4% of its larger side */
    double xmin = SA_X, xmax = GRID_X0 + 500 * (GRID_NX - 1), ymin = GRID_Y0, ymax = GRID_Y0 + 500 * (GRID_NY - 1);
    double m = 0.04 * fmax(xmax - xmin, ymax - ymin);
    double ext[4] = {xmin - m, ymin - m, xmax + m, ymax + m};
    sp_results *d = NULL;
    ASSERT_EQ_INT(sp_results_read(dir, &d), SP_OK);
    double ext2[4];
    ASSERT(sp_rdata_extent(d, ext2));
    for (int i = 0; i < 4; i++)
        ASSERT_NEAR(ext2[i], ext[i], 1e-6);
    ASSERT_EQ_INT(d->n_recs, N_RECS);
    ASSERT_EQ_INT(d->n_curve, N_RECS + 1);
    ASSERT_STR_EQ(d->recs[0].site_id, "c-080");
    ASSERT_EQ_INT(d->clusters[80].new_rank, 1);
    ASSERT_EQ_INT(d->n_sites, 3);
    ASSERT_STR_EQ(d->sites[2].kind, SP_KIND_FACILITY);
    ASSERT(d->sites[2].reachable && !d->sites[0].reachable && !d->sites[1].reachable);
    sp_results_free(d);
    double pw, ph;
    sp_page_size("A4", &pw, &ph);
    sp_map_layout L;
    sp_map_layout_compute(ext, pw, ph, &L);
    double ex, ey, ax, ay, bx, by;
    sp_map_world_to_px(&L, 100, SA_X, SA_Y, &ex, &ey);
    centroid(&im, ex, ey, (SP_MAP_STATION_HALF + 2.5) * 100 / 72, &ax, &ay);
    ASSERT_NEAR(ax, ex, 1.0);
    ASSERT_NEAR(ay, ey, 1.0);
    sp_map_world_to_px(&L, 100, SB_X, SB_Y, &ex, &ey);
    centroid(&im, ex, ey, (SP_MAP_STATION_HALF + 2.5) * 100 / 72, &bx, &by);
    ASSERT_NEAR(bx, ex, 1.0);
    ASSERT_NEAR(by, ey, 1.0);
    /* true proportions: metres per pixel the same across and up the page */
    double px_per_m = L.scale * 100 / 72;
    ASSERT_NEAR((bx - ax) / (SB_X - SA_X), px_per_m, 0.02 * px_per_m);
    ASSERT_NEAR((ay - by) / (SB_Y - SA_Y), px_per_m, 0.02 * px_per_m);
    /* the facility: a green disc (a station is a dark grey square); sample
     * inside the disc, between the arms of its white cross */
    sp_map_world_to_px(&L, 100, FAC_X, FAC_Y, &ex, &ey);
    double off = 0.55 * SP_MAP_STATION_HALF * 100 / 72;
    int green = 0;
    for (int k = 0; k < 4; k++) {
        int x = (int)floor(ex + (k & 1 ? off : -off)), y = (int)floor(ey + (k & 2 ? off : -off));
        uint32_t px = *(uint32_t *)(void *)(im.data + (size_t)y * im.stride + 4 * (size_t)x);
        int R = px >> 16 & 255, G = px >> 8 & 255, B = px & 255;
        green += G > R + 40 && G > B + 30 && G < 200;
    }
    ASSERT(green >= 3);

    /* the scale bar: measure its row in the PNG */
    sp_scalebar sb;
    sp_scalebar_choose(&L, SP_LANG_EN, &sb);
    char want[48];
    sp_fmt_dist(SP_LANG_EN, sb.length_m, want, sizeof want);
    ASSERT_STR_EQ(sb.label, want);
    int row = (int)floor((sb.y + sb.h / 2) * 100 / 72);
    int x0 = (int)floor((sb.x - 6) * 100 / 72), x1 = (int)ceil((sb.x + sb.w + 6) * 100 / 72);
    int first = -1, last = -1;
    for (int x = x0; x <= x1; x++)
        if (dark(&im, x, row) > 0.02) {
            if (first < 0)
                first = x;
            last = x;
        }
    ASSERT(first >= 0);
    double left = first + (1 - dark(&im, first, row)), right = last + dark(&im, last, row);
    ASSERT_NEAR(right - left, sb.length_m * px_per_m, 1.0);
    ASSERT_NEAR(left, sb.x * 100 / 72, 1.0);
    cairo_surface_destroy(im.s);

    /* the report: 60 recommendations break over pages */
    snprintf(p, sizeof p, "%s/report.pdf", dir);
    ASSERT_EQ_INT(pdf_pages(p), st.report_pages);
    ASSERT(st.report_pages >= 6);
    snprintf(p, sizeof p, "%s/map.pdf", dir);
    ASSERT_EQ_INT(pdf_pages(p), 1);

    /* same folder, same bytes */
    char copy[4096], orig[4096];
    for (int i = 0; i < 5; i++) {
        snprintf(orig, sizeof orig, "%s/%s", dir, outs[i]);
        snprintf(copy, sizeof copy, "%s/first-%s", dir, outs[i]);
        ASSERT(rename(orig, copy) == 0);
    }
    ASSERT_EQ_INT(sp_render_outdir(dir, NULL, NULL, NULL, NULL), SP_OK);
    for (int i = 0; i < 5; i++) {
        snprintf(orig, sizeof orig, "%s/%s", dir, outs[i]);
        snprintf(copy, sizeof copy, "%s/first-%s", dir, outs[i]);
        if (!same_file(orig, copy))
            T_FAIL_("%s differs between two renders", outs[i]);
    }
}

TEST(labels_never_overlap)
{
    char dir[2400];
    snprintf(dir, sizeof dir, "%s/synthetic", g_tmp);
    sp_results *d = NULL;
    ASSERT_EQ_INT(sp_results_read(dir, &d), SP_OK);
    sp_text *t = sp_text_new(SP_LANG_EN);
    double pw, ph;
    sp_page_size("A4", &pw, &ph);
    sp_map_opts mo = {"t", "A4", pw, ph, SP_LANG_EN};
    sp_map *m = NULL;
    ASSERT_EQ_INT(sp_map_new(d, &mo, t, &m), SP_OK);
    int n = sp_map_n_labels(m), roads = 0, gaps = 0;
    ASSERT(n > 0);
    const sp_map_layout *L = sp_map_get_layout(m);
    for (int i = 0; i < n; i++) {
        sp_quad a;
        const char *s = sp_map_label(m, i, &a);
        roads += !strcmp(s, "Avenida Teste") || !strcmp(s, "Rua Dois");
        gaps += !strcmp(s, "Gap 1");
        for (int k = 0; k < 4; k++) {
            ASSERT(a.x[k] >= L->fx && a.x[k] <= L->fx + L->fw);
            ASSERT(a.y[k] >= L->fy && a.y[k] <= L->fy + L->fh);
        }
        for (int j = i + 1; j < n; j++) {
            sp_quad b;
            sp_map_label(m, j, &b);
            if (sp_quad_overlap(&a, &b))
                T_FAIL_("labels %d (%s) and %d (%s) overlap", i, s, j, sp_map_label(m, j, NULL));
        }
    }
    ASSERT(roads >= 1);
    ASSERT_EQ_INT(gaps, 1);
    sp_map_free(m);
    sp_text_free(t);
    sp_results_free(d);
}

TEST(render_options_override_saved)
{
    char dir[2400];
    snprintf(dir, sizeof dir, "%s/synthetic", g_tmp);
    sp_render_opts o = {"A title given now", "A3", 72, "zh", 1};
    sp_render_stats st;
    ASSERT_EQ_INT(sp_render_outdir(dir, &o, NULL, NULL, &st), SP_OK);
    char p[4096];
    snprintf(p, sizeof p, "%s/map.png", dir);
    image im;
    ASSERT(image_load(p, &im));
    ASSERT_EQ_INT(im.w, lround(420 / 25.4 * 72));
    ASSERT_EQ_INT(im.h, lround(297 / 25.4 * 72));
    cairo_surface_destroy(im.s);
    ASSERT_CONTAINS(st.map_text, "A title given now");
    ASSERT_CONTAINS(st.map_text, "图例");
    ASSERT_CONTAINS(st.map_text, "其他医疗设施");
    ASSERT_EQ_INT(st.unknown_glyphs, 0);
    g_free(st.map_text);
    /* the saved options are unchanged */
    snprintf(p, sizeof p, "%s/summary.json", dir);
    char *j = slurp(p, NULL);
    ASSERT(j && strstr(j, "\"page\": \"A4\""));
    g_free(j);
}

TEST(render_errors)
{
    char dir[2400], p[4096];
    sp_render_stats st;
    /* no such folder */
    snprintf(dir, sizeof dir, "%s/no-such-folder", g_tmp);
    sp_error_clear();
    ASSERT_EQ_INT(sp_render_outdir(dir, NULL, NULL, NULL, &st), SP_E_IO);
    ASSERT_CONTAINS(sp_error_message(), "summary.json");
    ASSERT_EQ_INT(sp_status_exit_code(SP_E_IO), 1);
    /* an empty folder: nothing written into it */
    snprintf(dir, sizeof dir, "%s/empty", g_tmp);
    ASSERT_EQ_INT(sp_mkdir_p(dir), SP_OK);
    sp_error_clear();
    ASSERT_EQ_INT(sp_render_outdir(dir, NULL, NULL, NULL, &st), SP_E_IO);
    ASSERT(!exists(dir, "map.png"));
    /* broken JSON */
    snprintf(dir, sizeof dir, "%s/badjson", g_tmp);
    sp_mkdir_p(dir);
    snprintf(p, sizeof p, "%s/summary.json", dir);
    ASSERT(write_text(p, "{ \"workers_total\": 1, "));
    sp_error_clear();
    ASSERT_EQ_INT(sp_render_outdir(dir, NULL, NULL, NULL, &st), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "summary.json");
    /* a summary but no GeoPackage */
    char sum[4096];
    snprintf(sum, sizeof sum, "%s/synthetic/summary.json", g_tmp);
    char *text = slurp(sum, NULL);
    ASSERT(text && write_text(p, text));
    g_free(text);
    sp_error_clear();
    ASSERT_EQ_INT(sp_render_outdir(dir, NULL, NULL, NULL, &st), SP_E_IO);
    ASSERT_CONTAINS(sp_error_message(), "results.gpkg");
    ASSERT(!exists(dir, "map.png"));
    /* bad options */
    snprintf(dir, sizeof dir, "%s/synthetic", g_tmp);
    sp_render_opts o = {0};
    o.page = "A5";
    sp_error_clear();
    ASSERT_EQ_INT(sp_render_outdir(dir, &o, NULL, NULL, &st), SP_E_USAGE);
    ASSERT_CONTAINS(sp_error_message(), "A5");
    o.page = NULL;
    o.language = "fr";
    sp_error_clear();
    ASSERT_EQ_INT(sp_render_outdir(dir, &o, NULL, NULL, &st), SP_E_USAGE);
    ASSERT_EQ_INT(sp_render_check_dpi(49), SP_E_USAGE);
    ASSERT_EQ_INT(sp_render_check_dpi(600), SP_OK);
    sp_error_clear();
    /* no temporary files left anywhere */
    GDir *gd = g_dir_open(dir, 0, NULL);
    ASSERT(gd);
    const char *name;
    while ((name = g_dir_read_name(gd)))
        if (strstr(name, ".tmp-"))
            T_FAIL_("temporary file left: %s", name);
    g_dir_close(gd);
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

int main(void)
{
    const char *root = getenv("SP_ROOT"), *tmp = getenv("SP_TMP");
    snprintf(g_root, sizeof g_root, "%s", root ? root : ".");
    snprintf(g_tmp, sizeof g_tmp, "%s/test_render", tmp ? tmp : "tests/tmp/unit");
    if (sp_mkdir_p(g_tmp)) {
        fprintf(stderr, "cannot create %s\n", g_tmp);
        return 1;
    }
    GDALAllRegister();
    sp_warn_set_muted(1);
    RUN(nice_numbers);
    RUN(number_formats);
    RUN(labeler_drops_colliding_labels);
    RUN(layout_fits_extent_with_true_proportions);
    RUN(render_synthetic_folder);
    RUN(labels_never_overlap);
    RUN(render_options_override_saved);
    RUN(render_errors);
    RUN(shenzhen_in_chinese);
    return test_summary("render");
}
