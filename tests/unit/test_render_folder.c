/* test_render_folder.c — maps and reports (render/) of a synthetic output
 * folder.
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
 * Shared helpers: render_test.h; the pieces (numbers, labeler, layout) and
 * the Shenzhen scenario in Chinese are in test_render_pieces.c.
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

/* The inputs in dir/in, then `siteplan run` into dir. */
static int make_fixture(const char *dir)
{
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
    const char *files[][2] = {{"clusters.csv", c->str}, {"roads.csv", r->str}, {"sites.csv", sites},
                              {"facilities.csv", fac}, {"city.ini", SCENARIO}};
    int ok = write_inputs_and_run(dir, files, sizeof files / sizeof *files);
    g_string_free(c, TRUE);
    g_string_free(r, TRUE);
    return ok;
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
    sp_map_opts mo = {"t", "A4", pw, ph, SP_LANG_EN, NULL, 0, NULL, 0, 0};
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

int main(void)
{
    if (!render_test_init("test_render_folder"))
        return 1;
    RUN(render_synthetic_folder);
    RUN(labels_never_overlap);
    RUN(render_options_override_saved);
    RUN(render_errors);
    return test_summary("render_folder");
}
