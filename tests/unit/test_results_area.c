/* test_results_area.c — results schema 7 with area clusters: writer ->
 * folder -> reader.
 *
 * The fixture of tests/cli/area_clusters.sh: the 17-node test network
 * (tests/data/osm/topology.osm), walk 2 minutes, one site s1 at node 1, three
 * rectangular parks drawn in EPSG:32650 (half: 330 workers, 33 lattice
 * points, 17 of them within reach; inside: 90 workers, 9 points, all; outside:
 * 50 workers, 9 points, none), [siting] with one candidate w1 west of the half
 * park, run through the real pipeline and written by the real writer, read
 * back by sp_results_read().  Every schema 7 value the reader returns is
 * compared with what the matrices say, computed here per demand point
 * (not through sp_demand_cluster_summary): per cluster its points, the
 * workers of its points within the threshold, their share, the best and
 * worst point's minutes, reachable (a point snapped) and snap_m (the least);
 * with the recommended site (the siting matrix's fixed and chosen columns)
 * workers_covered_after; per rank the workers it newly covers in each
 * cluster (cluster_workers); summary.json's counts.  The half park's 170
 * workers (17 of 33 points x 10) are the CLI test's independent figure.
 * Env: SP_ROOT (repository), SP_TMP (scratch folder).
 */
#include <gdal.h>
#include <glib.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "after.h"
#include "output.h"
#include "recommend.h"
#include "results_read.h"
#include "run.h"
#include "scenario.h"
#include "schema.h"
#include "status.h"
#include "test.h"
#include "results_fixture.h"

static char g_tmp[2048];
static char g_root[2048];
static sp_options *g_opts;
static sp_loaded *g_loaded;
static const sp_inputs *g_in;
static sp_outcome *g_out;
static char g_dir[2400];

static double up4(double v) { return ceil(v * 1e4) / 1e4; }
static double r1(double v) { return round(v * 10) / 10; }

/* ---- fixture ---- */

static int write_text(const char *name, const char *text)
{
    char p[2600];
    snprintf(p, sizeof p, "%s/%s", g_tmp, name);
    return g_file_set_contents(p, text, -1, NULL);
}

/* parks.gpkg: the three parks as polygons in EPSG:32650 (id, workers). */
static int write_parks(void)
{
    static const struct {
        const char *id;
        double x0, y0, x1, y1, workers;
    } park[] = {{"half", 212060, 2512975, 212300, 2513035, 330},
                {"inside", 212310, 2513000, 212370, 2513050, 90},
                {"outside", 212600, 2513000, 212660, 2513050, 50}};
    char p[2600];
    snprintf(p, sizeof p, "%s/parks.gpkg", g_tmp);
    unlink(p);
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    GDALDatasetH ds = drv ? GDALCreate(drv, p, 0, 0, 0, GDT_Unknown, NULL) : NULL;
    if (!ds)
        return 0;
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 32650);
    OGRLayerH l = GDALDatasetCreateLayer(ds, "parks", srs, wkbPolygon, NULL);
    OSRDestroySpatialReference(srs);
    int ok = l != NULL;
    OGRFieldDefnH fid = OGR_Fld_Create("id", OFTString), fw = OGR_Fld_Create("workers", OFTReal);
    ok = ok && OGR_L_CreateField(l, fid, TRUE) == OGRERR_NONE &&
         OGR_L_CreateField(l, fw, TRUE) == OGRERR_NONE;
    OGR_Fld_Destroy(fid);
    OGR_Fld_Destroy(fw);
    for (size_t k = 0; ok && k < sizeof park / sizeof *park; k++) {
        char wkt[256];
        snprintf(wkt, sizeof wkt, "POLYGON((%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f))",
                 park[k].x0, park[k].y0, park[k].x1, park[k].y0, park[k].x1, park[k].y1, park[k].x0,
                 park[k].y1, park[k].x0, park[k].y0);
        char *w = wkt;
        OGRGeometryH g = NULL;
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, 0, park[k].id);
        OGR_F_SetFieldDouble(f, 1, park[k].workers);
        ok = OGR_G_CreateFromWkt(&w, NULL, &g) == OGRERR_NONE && OGR_F_SetGeometryDirectly(f, g) == OGRERR_NONE &&
             OGR_L_CreateFeature(l, f) == OGRERR_NONE;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return ok;
}

static int run_scenario(void)
{
    char ini[8192];
    snprintf(ini, sizeof ini,
             "[scenario]\nname = parks\n[inputs]\nnetwork = %s/tests/data/osm/topology.osm\n"
             "clusters = parks.gpkg\nclusters.id = id\nclusters.weight = workers\n"
             "sites = sites.csv\nsites.x = lon\nsites.y = lat\nsites.id = id\n"
             "[travel]\nmode = walk\nminutes = 1,2\n"
             "[siting]\nbudget = 1\ncandidates = cand.csv\ncandidates.x = lon\ncandidates.y = lat\n"
             "candidates.id = id\n[render]\nenabled = no\n",
             g_root);
    if (!write_parks() || !write_text("parks.ini", ini) ||
        !write_text("sites.csv", "id,name,lon,lat\ns1,site,114.2000,22.7000\n") ||
        !write_text("cand.csv", "id,name,lon,lat\nw1,west,114.1990,22.7000\n"))
        return 0;
    char path[2600], set0[2600];
    snprintf(path, sizeof path, "%s/parks.ini", g_tmp);
    snprintf(g_dir, sizeof g_dir, "%s/out", g_tmp);
    snprintf(set0, sizeof set0, "output.dir=%s", g_dir);
    const char *sets[] = {set0};
    return results_test_run(path, sets, 1, g_dir, &g_opts, &g_loaded, &g_in, &g_out) == SP_OK;
}

/* Per demand point, the least time over the columns cols[0..n) of m within
 * T (INFINITY when none). */
static double *point_times(const sp_costmatrix *m, const int32_t *cols, int n, double T)
{
    const sp_demand *dm = g_in->demand;
    double *t = malloc(sizeof *t * (size_t)dm->n_points);
    for (int32_t p = 0; p < dm->n_points; p++)
        t[p] = INFINITY;
    for (int k = 0; k < n; k++) {
        const int32_t *pt;
        const float *secs;
        size_t np = sp_costmatrix_get_row(m, cols[k], &pt, &secs);
        for (size_t e = 0; e < np; e++)
            if ((double)secs[e] <= T && secs[e] < t[pt[e]])
                t[pt[e]] = secs[e];
    }
    return t;
}

/* ---- the round trip ---- */

TEST(area_round_trip)
{
    sp_results *d = NULL;
    sp_error_clear();
    sp_status st = sp_results_read(g_dir, &d);
    if (st)
        fprintf(stderr, "%s\n", sp_error_message());
    ASSERT_EQ_INT(st, SP_OK);
    const sp_demand *dm = g_in->demand;
    const sp_points *cl = g_in->clusters;
    const sp_recommend *rc = g_out->rec;
    const sp_siting_result *sr = rc->res;
    double T = g_opts->minutes[g_opts->n_minutes - 1] * 60.0;
    ASSERT_EQ_INT(d->n_clusters, 3);
    ASSERT_EQ_INT(cl->n, 3);
    /* before: the existing site's column; after: the fixed and chosen columns */
    int32_t cols[8] = {0};
    for (int32_t k = 0; k < rc->n_fixed; k++)
        cols[k] = k;
    int n_before = rc->n_fixed;
    ASSERT(n_before == 1 && sr->n_sites == 1);
    cols[n_before] = sr->ranks[0].site;
    double *t0 = point_times(rc->matrix, cols, n_before, T);
    double *t1 = point_times(rc->matrix, cols, n_before + 1, T);
    int partly = 0;
    double wc_total = 0;
    for (int32_t i = 0; i < 3; i++) {
        const sp_rcluster *c = &d->clusters[i];
        int32_t a = dm->cluster_first[i], n = dm->cluster_count[i], k = 0, snapped = 0;
        double w = 0, wc = 0, wa = 0, best = INFINITY, worst = -INFINITY, snap = INFINITY;
        for (int32_t p = a; p < a + n; p++) {
            w += dm->point_weight[p];
            if (t0[p] <= T) {
                k++;
                wc += dm->point_weight[p];
                best = fmin(best, t0[p]);
                worst = fmax(worst, t0[p]);
            }
            if (t1[p] <= T)
                wa += dm->point_weight[p];
            snapped |= sp_snap_ok(&dm->point_snap[p]);
            snap = fmin(snap, dm->point_snap[p].offroad_m);
        }
        ASSERT_STR_EQ(c->id, cl->id[i]);
        ASSERT_NEAR(w, cl->weight[i], 0);   /* exact shares */
        ASSERT_EQ_INT(c->demand_points, n);
        ASSERT_NEAR(c->workers_covered, wc, 0);
        ASSERT_NEAR(c->share_covered, wc / w, 1e-15);
        ASSERT_EQ_INT(c->covered, k > 0);
        EQ_NUM(c->minutes, k > 0 ? up4(best / 60) : NAN, 0);
        EQ_NUM(c->minutes_worst, k == n ? up4(worst / 60) : NAN, 0);
        ASSERT_EQ_INT(c->reachable, snapped);
        EQ_NUM(c->snap_m, isfinite(snap) ? r1(snap) : NAN, 1e-9);
        ASSERT_NEAR(c->workers_covered_after, wa, 0);
        partly += k > 0 && k < n;
        wc_total += wc;
        if (!strcmp(c->id, "half")) {   /* the CLI test's independent figures */
            ASSERT_EQ_INT(n, 33);
            ASSERT_EQ_INT(k, 17);
            ASSERT_NEAR(c->workers_covered, 170, 1e-9);
            ASSERT(c->workers_covered_after > c->workers_covered);
        } else if (!strcmp(c->id, "inside")) {
            ASSERT(n == 9 && k == 9 && c->share_covered == 1 && !isnan(c->minutes_worst));
        } else {
            ASSERT(n == 9 && k == 0 && c->share_covered == 0 && c->workers_covered == 0);
        }
    }
    /* summary.json */
    ASSERT_EQ_INT(d->sum.demand_points, dm->n_points);
    ASSERT_EQ_INT(d->sum.demand_points, 51);
    ASSERT_EQ_INT(d->sum.clusters_areas, 3);
    ASSERT_EQ_INT(d->sum.clusters_partly_covered, partly);
    ASSERT_EQ_INT(partly, 1);
    ASSERT_EQ_INT(d->sum.demand_points_unsnapped, 0);
    ASSERT_EQ_INT(d->sum.workers_estimated, 0);
    ASSERT_NEAR(d->sum.workers_covered, round(wc_total), 0);
    /* the recommendation: the workers it newly covers, per cluster */
    ASSERT_EQ_INT(d->n_recs, 1);
    GString *want = g_string_new(NULL);
    double added = 0;
    for (int32_t i = 0; i < 3; i++) {
        double wi = 0;
        for (int32_t p = dm->cluster_first[i]; p < dm->cluster_first[i] + dm->cluster_count[i]; p++)
            if (!(t0[p] <= T) && t1[p] <= T)
                wi += dm->point_weight[p];
        if (wi > 0)
            g_string_append_printf(want, "%s%.10g", want->len ? SP_SCHEMA_ID_SEP : "", wi);
        added += wi;
    }
    ASSERT_STR_EQ(d->recs[0].cluster_workers, want->str);
    ASSERT_STR_EQ(d->recs[0].cluster_ids, "half");
    ASSERT_NEAR(d->recs[0].added, added, 1e-9);
    g_string_free(want, TRUE);
    free(t0);
    free(t1);
    sp_results_free(d);
}

/* coverage.csv as written: the half park's row (the numbers the README
 * shows). */
TEST(area_coverage_csv)
{
    char p[2600], *text = NULL;
    snprintf(p, sizeof p, "%s/%s", g_dir, SP_FILE_COVERAGE);
    ASSERT(g_file_get_contents(p, &text, NULL, NULL));
    char *row = strstr(text, "\nhalf,");
    ASSERT(row != NULL);
    char **f = g_strsplit(row + 1, ",", 18);
    ASSERT(g_strv_length(f) >= 17);
    ASSERT_STR_EQ(f[SP_C_COV_DEMAND_POINTS], "33");
    ASSERT_STR_EQ(f[SP_C_COV_WORKERS_COVERED], "170");
    ASSERT_STR_EQ(f[SP_C_COV_SHARE_COVERED], "0.5152");
    ASSERT_STR_EQ(f[SP_C_COV_MINUTES_WORST], "");
    ASSERT(atof(f[SP_C_COV_WORKERS_COVERED_AFTER]) > 170);
    g_strfreev(f);
    g_free(text);
}

static int setup(void)
{
    return results_test_init("test_results_area", g_root, sizeof g_root, g_tmp, sizeof g_tmp) &&
           run_scenario();
}

int main(void)
{
    if (!setup()) {
        fprintf(stderr, "FAIL: setup: %s\n", sp_error_message());
        return 1;
    }
    RUN(area_round_trip);
    RUN(area_coverage_csv);
    sp_outcome_free(g_out);
    sp_loaded_free(g_loaded);
    sp_options_free(g_opts);
    return test_summary("results_area");
}
