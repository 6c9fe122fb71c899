/* test_render_mobile.c — the mobile-unit map (mobile_map.c) and the
 * report's "Mobile units" section (report_mobile.c), on the real results
 * of the Shenzhen test scenario with a synthetic mobile plan grafted on
 * (the mobile layers' reader is not needed: render reads only sp_results).
 *
 * The plan: a depot at the clusters' centre, each route a star branch
 * (depot -> stop -> stop -> depot) in its own direction, so a point in the
 * middle of each route's outer segment is on that route only; the pixel
 * there must be the colour of the route's day. */
#include <cairo-pdf.h>
#include <glib.h>
#include <json.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "mobile_map.h"
#include "render.h"
#include "render_out.h"
#include "render_test.h"
#include "report.h"
#include "test.h"

#define DPI 150

static sp_results *g_d;   /* the Shenzhen results (read once) */
static char g_dir[2400];

typedef struct {
    int n_routes, stops_per_route, units, block_days, n_skipped;
} plan_spec;

/* the world point of stop s of route r (0-based) around (cx, cy) */
static void stop_xy(const plan_spec *p, double cx, double cy, int r, int s, double *x, double *y)
{
    double a = 2 * M_PI * r / (p->n_routes > 0 ? p->n_routes : 1);
    double rad = 900.0 + 700.0 * s;
    double da = 0.25 / (1 + r / 12);    /* each stop a little turned, so the branch is a fan */
    *x = cx + rad * cos(a + da * s);
    *y = cy + rad * sin(a + da * s);
}

static void clusters_centre(const sp_results *d, double *cx, double *cy)
{
    double sx = 0, sy = 0;
    for (int i = 0; i < d->n_clusters; i++) {
        sx += d->clusters[i].x;
        sy += d->clusters[i].y;
    }
    *cx = sx / d->n_clusters;
    *cy = sy / d->n_clusters;
}

/* Graft a plan onto g_d: routes r = 0..n-1 are unit r % units + 1, day
 * r / units + 1; n_skipped stops not visited (unreachable, too_far,
 * no_days in turn). */
static void graft(const plan_spec *p)
{
    sp_results *d = g_d;
    double cx, cy;
    clusters_centre(d, &cx, &cy);
    const sp_rsite *dep = &d->sites[0];
    /* the depot at the centre: a site moved there for the test */
    d->sites[0].x = cx;
    d->sites[0].y = cy;
    int ns = p->n_routes * p->stops_per_route + p->n_skipped;
    d->n_mstops = ns;
    d->mstops = g_new0(sp_rmstop, ns ? ns : 1);
    d->n_mroutes = p->n_routes;
    d->mroutes = g_new0(sp_rmroute, p->n_routes ? p->n_routes : 1);
    int nsched = p->n_routes * (p->stops_per_route + 2);
    d->n_msched = nsched;
    d->msched = g_new0(sp_rmsched, nsched ? nsched : 1);
    int k = 0, q = 0;
    double served = 0, drive = 0;
    for (int r = 0; r < p->n_routes; r++) {
        sp_rmroute *R = &d->mroutes[r];
        R->unit = r % p->units + 1;
        R->day = r / p->units + 1;
        R->depot_id = g_strdup(dep->id);
        R->stops = p->stops_per_route;
        int np = p->stops_per_route + 2;
        R->line.n_rings = 1;
        R->line.ring_off = g_new0(int32_t, 2);
        R->line.ring_off[1] = np;
        R->line.hole = g_new0(uint8_t, 1);
        R->line.xy = g_new(double, 2 * np);
        R->line.xy[0] = R->line.xy[2 * np - 2] = cx;
        R->line.xy[1] = R->line.xy[2 * np - 1] = cy;
        sp_rmsched *S = &d->msched[q++];
        *S = (sp_rmsched){R->unit, R->day, 0, g_strdup("depot"), g_strdup(dep->id), NULL, 0, 0, 0, 0, 0};
        double t = 0;
        for (int s = 0; s < p->stops_per_route; s++) {
            double x, y;
            stop_xy(p, cx, cy, r, s, &x, &y);
            R->line.xy[2 * (s + 1)] = x;
            R->line.xy[2 * (s + 1) + 1] = y;
            sp_rmstop *st = &d->mstops[k++];
            st->x = x;
            st->y = y;
            st->id = g_strdup_printf("S%03d", k);
            st->name = g_strdup_printf("Stop %d (Workplace %c)", k, 'A' + k % 26);
            st->workers = 40 + 7 * s;
            st->served = st->workers;
            st->clusters = 1;
            st->visits = 1;
            st->unit = R->unit;
            st->day = R->day;
            st->order = s + 1;
            st->reason = g_strdup("served");
            R->workers += st->workers;
            t += 12;
            S = &d->msched[q++];
            *S = (sp_rmsched){R->unit, R->day, s + 1, g_strdup("stop"), g_strdup(st->id),
                              g_strdup(st->name), t, t + 30 + 0.5 * st->workers, 12, st->workers, 1};
            t = S->depart_min;
        }
        S = &d->msched[q++];
        *S = (sp_rmsched){R->unit, R->day, np - 1, g_strdup("depot"), g_strdup(dep->id), NULL,
                          t + 15, t + 15, 15, 0, 0};
        R->drive_minutes = 12.0 * p->stops_per_route + 15;
        R->day_minutes = t + 15;
        R->length_km = 2.5 + p->stops_per_route;
        served += R->workers;
        drive += R->drive_minutes;
    }
    const char *why[3] = {"unreachable", "too_far", "no_days"};
    double unserved[3] = {0};
    for (int j = 0; j < p->n_skipped; j++) {
        sp_rmstop *st = &d->mstops[k++];
        double a = 2 * M_PI * (j + 0.5) / p->n_skipped;
        st->x = cx + 1500 * cos(a);
        st->y = cy + 1500 * sin(a);
        st->id = g_strdup_printf("X%02d", j + 1);
        st->workers = 25;
        st->served = 0;
        st->reason = g_strdup(why[j % 3]);
        unserved[j % 3] += st->workers;
    }
    sp_rsummary *s = &d->sum;
    s->has_mobile = 1;
    s->mobile_units = p->units;
    s->mobile_block_days = p->block_days;
    s->mobile_visits = 20 / p->block_days;
    s->mobile_period_days = s->mobile_visits * p->block_days;
    int used = p->n_routes * s->mobile_visits;
    s->mobile_unit_days_used = used;
    s->mobile_unit_days_needed = used + (unserved[2] > 0);
    s->mobile_unit_days_available = p->units * s->mobile_period_days;
    s->mobile_lower_bound = used > 0 ? used - 1 : 0;
    s->mobile_optimal = 0;
    s->mobile_stops = ns;
    s->mobile_workers_served = served;
    s->mobile_workers_target = served + unserved[0] + unserved[1] + unserved[2] + 30;
    s->mobile_unserved_unreachable = unserved[0];
    s->mobile_unserved_too_far = unserved[1];
    s->mobile_unserved_no_days = unserved[2];
    s->mobile_unserved_no_stop = 30;
    s->mobile_drive_minutes = drive * s->mobile_visits;
    s->mobile_capacity_per_day = 400;
    s->mobile_day_hours = 8;
    s->mobile_walk_minutes = 10;
    s->mobile_serve = "gaps";
    s->mobile_drive_mode = "car";
    s->mobile_day_start = "08:00";
    json_object *mob = json_object_new_object();
    json_object *deps = json_object_new_array();
    json_object_array_add(deps, json_object_new_string(dep->id));
    json_object_object_add(mob, "depots", deps);
    json_object_object_add(d->summary, "mobile", mob);
}

static void shape_free(sp_rshape *s)
{
    g_free(s->ring_off);
    g_free(s->hole);
    g_free(s->xy);
}

static void ungraft(void)
{
    sp_results *d = g_d;
    for (int i = 0; i < d->n_mstops; i++) {
        g_free(d->mstops[i].id);
        g_free(d->mstops[i].name);
        g_free(d->mstops[i].reason);
    }
    for (int i = 0; i < d->n_mroutes; i++) {
        g_free(d->mroutes[i].depot_id);
        shape_free(&d->mroutes[i].line);
    }
    for (int i = 0; i < d->n_msched; i++) {
        g_free(d->msched[i].kind);
        g_free(d->msched[i].stop_id);
        g_free(d->msched[i].stop_name);
    }
    g_free(d->mstops);
    g_free(d->mroutes);
    g_free(d->msched);
    d->mstops = NULL;
    d->mroutes = NULL;
    d->msched = NULL;
    d->n_mstops = d->n_mroutes = d->n_msched = 0;
    json_object_object_del(d->summary, "mobile");
    memset(&d->sum.has_mobile, 0, sizeof d->sum - offsetof(sp_rsummary, has_mobile));
}

typedef struct {
    sp_mmap *m;
    sp_text *t;
} draw_arg;

static void draw_cb(cairo_t *cr, void *arg)
{
    draw_arg *a = arg;
    sp_mmap_draw(a->m, cr, a->t);
}

static char *slurp(const char *path, size_t *len)
{
    char *s = NULL;
    gsize n = 0;
    if (!g_file_get_contents(path, &s, &n, NULL))
        return NULL;
    *len = n;
    return s;
}

/* Count the report's pages (no drawing), and write it to path when given. */
static int report_pages(const sp_map *map, const sp_mmap *mm, sp_text *t, const char *path)
{
    double pw, ph;
    sp_page_size("A4", &pw, &ph);
    sp_report_opts ro = {"Shenzhen test", pw, ph, mm};
    int pages = 0;
    if (!path) {
        if (sp_report_draw(NULL, g_d, map, t, &ro, &pages))
            return -1;
        return pages;
    }
    cairo_surface_t *s = cairo_pdf_surface_create(path, pw, ph);
    sp_status st = sp_report_draw(s, g_d, map, t, &ro, &pages);
    cairo_surface_finish(s);
    int ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS && st == SP_OK;
    cairo_surface_destroy(s);
    return ok ? pages : -1;
}

/* Plan, draw and check the grafted case in one language.  OUT: the
 * report's mobile pages. */
static void check_case(const char *name, sp_lang lang, int sample, int *mobile_pages)
{
    sp_text *t = sp_text_new(lang);
    double pw, ph;
    sp_page_size("A4", &pw, &ph);
    sp_map_opts mo = {"Shenzhen test", "A4", pw, ph, lang, NULL, 0, NULL, 0, 0};
    sp_mmap *mm = NULL;
    sp_map *map = NULL;
    ASSERT_EQ_INT(sp_mmap_new(g_d, &mo, t, &mm), SP_OK);
    ASSERT_EQ_INT(sp_map_new(g_d, &mo, t, &map), SP_OK);

    /* the extent holds every stop */
    double ext[4];
    ASSERT(sp_mmap_extent(g_d, ext) == (g_d->n_mstops + g_d->n_mroutes > 0));
    for (int i = 0; i < g_d->n_mstops; i++) {
        ASSERT(g_d->mstops[i].x > ext[0] && g_d->mstops[i].x < ext[2]);
        ASSERT(g_d->mstops[i].y > ext[1] && g_d->mstops[i].y < ext[3]);
    }

    /* the PNG, twice: same bytes */
    char f1[64], f2[64], p1[2600], p2[2600];
    snprintf(f1, sizeof f1, "%s_%s_1.png", name, lang == SP_LANG_ZH ? "zh" : "en");
    snprintf(f2, sizeof f2, "%s_%s_2.png", name, lang == SP_LANG_ZH ? "zh" : "en");
    draw_arg a = {mm, t};
    ASSERT_EQ_INT(sp__render_png(g_tmp, f1, pw, ph, DPI, draw_cb, &a), SP_OK);
    ASSERT_EQ_INT(sp__render_png(g_tmp, f2, pw, ph, DPI, draw_cb, &a), SP_OK);
    snprintf(p1, sizeof p1, "%s/%s", g_tmp, f1);
    snprintf(p2, sizeof p2, "%s/%s", g_tmp, f2);
    size_t n1 = 0, n2 = 0;
    char *b1 = slurp(p1, &n1), *b2 = slurp(p2, &n2);
    ASSERT(b1 && b2 && n1 > 1000);
    ASSERT(n1 == n2 && !memcmp(b1, b2, n1));
    g_free(b1);
    g_free(b2);

    /* pixels: the middle of each route's last outward segment (between its
     * last two stops, or depot -> its only stop) has its day's colour */
    if (sample) {
        const sp_map_layout *L = sp_mmap_get_layout(mm);
        int w = (int)lround(pw * DPI / 72.0), h = (int)lround(ph * DPI / 72.0);
        cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
        cairo_t *cr = cairo_create(img);
        cairo_scale(cr, DPI / 72.0, DPI / 72.0);
        sp_mmap_draw(mm, cr, t);
        cairo_destroy(cr);
        cairo_surface_flush(img);
        const unsigned char *px = cairo_image_surface_get_data(img);
        int stride = cairo_image_surface_get_stride(img), hits = 0, tried = 0;
        for (int r = 0; r < g_d->n_mroutes; r++) {
            const sp_rmroute *R = &g_d->mroutes[r];
            if (R->unit != 1)
                continue;   /* units 2, 3 ... are dashed */
            int np = R->line.ring_off[1], j = np >= 4 ? np - 3 : 0;
            double x = (R->line.xy[2 * j] + R->line.xy[2 * j + 2]) / 2,
                   y = (R->line.xy[2 * j + 1] + R->line.xy[2 * j + 3]) / 2, ix, iy;
            sp_map_world_to_px(L, DPI, x, y, &ix, &iy);
            int xi = (int)floor(ix), yi = (int)floor(iy);
            ASSERT(xi >= 0 && xi < w && yi >= 0 && yi < h);
            uint32_t v = *(const uint32_t *)(px + (size_t)yi * stride + 4 * (size_t)xi);
            unsigned want = sp_mmap_day_rgb(R->day);
            int ok = 1;
            for (int c = 0; c < 3; c++)
                ok &= abs((int)(v >> (8 * c) & 255) - (int)(want >> (8 * c) & 255)) <= 3;
            tried++;
            if (ok)
                hits++;
            else
                fprintf(stderr, "route unit %d day %d: pixel %06x, want %06x\n", R->unit, R->day,
                        v & 0xffffff, want);
        }
        ASSERT(tried > 0);
        ASSERT_EQ_INT(hits, tried);
        cairo_surface_destroy(img);
    }

    /* the report: the mobile section adds pages; drawn without errors */
    int without = report_pages(map, NULL, t, NULL), with = report_pages(map, mm, t, NULL);
    ASSERT(without > 0);
    ASSERT(with >= without + 2);
    char pdf[2600];
    snprintf(pdf, sizeof pdf, "%s/report_%s_%s.pdf", g_tmp, name, lang == SP_LANG_ZH ? "zh" : "en");
    ASSERT_EQ_INT(report_pages(map, mm, t, pdf), with);
    ASSERT_EQ_INT(sp_text_unknown_glyphs(t), 0);
    sp_map_free(map);
    sp_mmap_free(mm);
    sp_text_free(t);
    if (mobile_pages)
        *mobile_pages = with - without;
}

/* graft p, check it in lang, take the plan off again (also after a failure) */
static int run_case(const char *name, const plan_spec *p, sp_lang lang, int sample)
{
    int pages = -1;
    graft(p);
    check_case(name, lang, sample, &pages);
    ungraft();
    return pages;
}

TEST(three_routes_en_zh)
{
    plan_spec p = {3, 3, 1, 5, 3};
    run_case("three", &p, SP_LANG_EN, 1);
    run_case("three", &p, SP_LANG_ZH, 1);
}

TEST(zero_routes)
{
    plan_spec p = {0, 0, 1, 5, 4};
    run_case("zero", &p, SP_LANG_EN, 0);
    run_case("zero", &p, SP_LANG_ZH, 0);
}

TEST(one_stop)
{
    plan_spec p = {1, 1, 1, 5, 0};
    run_case("one", &p, SP_LANG_EN, 1);
}

TEST(sixty_routes)
{
    /* 3 units x 20 days; 6 stops a route: the route lists are cut */
    plan_spec p = {60, 6, 3, 20, 6};
    int pages = run_case("sixty", &p, SP_LANG_EN, 1);
    ASSERT(pages < 40);
    run_case("sixty", &p, SP_LANG_ZH, 1);
}

TEST(every_mobile_string_translated)
{
    for (int m = M_MOB_TITLE; m <= M_R_MOB_NO_ROUTES; m++) {
        const char *en = sp_tr(SP_LANG_EN, (sp_msg)m), *zh = sp_tr(SP_LANG_ZH, (sp_msg)m);
        ASSERT(*en && *zh);
        if (!strcmp(en, zh))
            T_FAIL_("message %d not translated: %s", m, en);
    }
}

/* siteplan render on a folder without [mobile]: no mobile_map.png (a
 * stale one is removed), the report without the section */
TEST(no_mobile_no_mobile_map)
{
    char stale[2600];
    snprintf(stale, sizeof stale, "%s/%s", g_dir, SP_FILE_MOBILE_MAP_PNG);
    ASSERT(g_file_set_contents(stale, "old", 3, NULL));
    sp_render_stats st;
    ASSERT_EQ_INT(sp_render_outdir(g_dir, NULL, NULL, NULL, &st), SP_OK);
    ASSERT(!g_file_test(stale, G_FILE_TEST_EXISTS));
    ASSERT_EQ_INT(st.mobile_map, 0);
    g_free(st.map_text);
}

int main(void)
{
    if (!render_test_init("test_render_mobile"))
        return 1;
    char ini[2400];
    snprintf(ini, sizeof ini, "%s/tests/data/shenzhen/shenzhen.ini", g_root);
    snprintf(g_dir, sizeof g_dir, "%s/shenzhen", g_tmp);
    if (!run_scenario(ini, g_dir, NULL) || sp_results_read(g_dir, &g_d)) {
        fprintf(stderr, "cannot make the Shenzhen results: %s\n", sp_error_message());
        return 1;
    }
    RUN(every_mobile_string_translated);
    RUN(three_routes_en_zh);
    RUN(zero_routes);
    RUN(one_stop);
    RUN(sixty_routes);
    RUN(no_mobile_no_mobile_map);
    sp_results_free(g_d);
    return test_summary("render_mobile");
}
