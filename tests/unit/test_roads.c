/* test_roads.c — complete OSM reading (io/roads.c).
 *
 * GDAL's OSM driver buffers the features of the layers nobody reads; read
 * layer by layer, an extract with many tagged nodes fills the points buffer
 * ("Too many features have accumulated in points layer") and the read of
 * the lines layer is at the driver's mercy.  sp_roads_read() reads through
 * the dataset (interleaved) and fails on any reader error.  The test writes
 * an OSM XML file with more tagged nodes than the driver buffers and roads
 * after them, checks that the plain layer read does hit the buffer limit
 * (so the file really exercises it: a reader going back to the layer loop
 * would now fail here, since the limit is a reader error), and that every
 * road is read: count and total length against the coordinates written.  A broken file is an error
 * naming the file.
 *
 * Env: SP_TMP (scratch folder; default /tmp). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>

#include "crs.h"
#include "profile.h"
#include "roads.h"
#include "test.h"
#include "topology.h"

#define N_TAGGED 101000 /* the driver buffers 100000 features per layer */
#define N_ROADS 40

static char g_dir[2048];
static sp_crs *CRS;
static sp_xform *LL;

static double road_lon(int w, int j) { return 114.3 + 0.001 * j + 0.01 * (w / 10); }
static double road_lat(int w) { return 22.8 + 0.0005 * (w % 10); }

/* Write the big file: tagged nodes, the roads' untagged nodes, the roads. */
static int write_big(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return 0;
    fprintf(f, "<?xml version=\"1.0\"?>\n<osm version=\"0.6\">\n");
    for (int i = 1; i <= N_TAGGED; i++)
        fprintf(f, "<node id=\"%d\" lat=\"%.7f\" lon=\"%.7f\"><tag k=\"amenity\" v=\"bench\"/></node>\n",
                i, 22.7 + (i % 300) * 1e-5, 114.2 + (i / 300) * 1e-5);
    for (int w = 0; w < N_ROADS; w++)
        for (int j = 0; j < 3; j++)
            fprintf(f, "<node id=\"%d\" lat=\"%.7f\" lon=\"%.7f\"/>\n", 1000000 + 10 * w + j,
                    road_lat(w), road_lon(w, j));
    for (int w = 0; w < N_ROADS; w++) {
        fprintf(f, "<way id=\"%d\">", 5000 + w);
        for (int j = 0; j < 3; j++)
            fprintf(f, "<nd ref=\"%d\"/>", 1000000 + 10 * w + j);
        fprintf(f, "<tag k=\"highway\" v=\"residential\"/></way>\n");
    }
    fprintf(f, "</osm>\n");
    return fclose(f) == 0;
}

/* The roads' total length in the working CRS, from the written coordinates. */
static double expected_length_m(void)
{
    double total = 0;
    for (int w = 0; w < N_ROADS; w++) {
        double xy[6];
        for (int j = 0; j < 3; j++) {
            xy[2 * j] = road_lon(w, j);
            xy[2 * j + 1] = road_lat(w);
        }
        sp_xform_apply(LL, xy, 3);
        for (int j = 1; j < 3; j++)
            total += hypot(xy[2 * j] - xy[2 * j - 2], xy[2 * j + 1] - xy[2 * j - 1]);
    }
    return total;
}

/* The layer-by-layer read: 1 if the driver reported its buffer limit. */
static int plain_read_overflows(const char *path, long *lines)
{
    char cfg[4200];
    snprintf(cfg, sizeof cfg, "CONFIG_FILE=%s", sp_roads_default_osmconf());
    const char *oo[] = {cfg, NULL};
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, oo, NULL);
    if (!ds)
        return 0;
    OGRLayerH l = GDALDatasetGetLayerByName(ds, "lines");
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    OGRFeatureH f;
    *lines = 0;
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        (*lines)++;
        OGR_F_Destroy(f);
    }
    int over = CPLGetLastErrorType() == CE_Failure && strstr(CPLGetLastErrorMsg(), "accumulated");
    CPLPopErrorHandler();
    GDALClose(ds);
    return over;
}

TEST(every_road_after_many_tagged_nodes)
{
    char path[2200];
    snprintf(path, sizeof path, "%s/many_nodes.osm", g_dir);
    ASSERT(write_big(path));
    long plain_lines = 0;
    ASSERT(plain_read_overflows(path, &plain_lines)); /* the file is big enough */

    sp_roads_source src = {.path = path};
    sp_roads *r = NULL;
    sp_error_clear();
    sp_status st = sp_roads_read(&src, CRS, NULL, NULL, &r);
    if (st)
        fprintf(stderr, "sp_roads_read: %s\n", sp_error_message());
    ASSERT(st == SP_OK);
    ASSERT_EQ_INT(r->n_roads, N_ROADS);
    ASSERT_EQ_INT(r->n_parts, N_ROADS);
    ASSERT_EQ_INT(r->n_xy, 3 * N_ROADS);
    sp_profile prof;
    sp_profile_builtin(SP_MODE_WALK, &prof);
    sp_topo *t = NULL;
    ASSERT(sp_topo_build(r, &prof, &t) == SP_OK);
    ASSERT_EQ_INT(t->stats.ways_read, N_ROADS);
    ASSERT_EQ_INT(t->stats.ways_used, N_ROADS);
    ASSERT_EQ_INT(t->n_links, N_ROADS);
    ASSERT_NEAR(t->stats.length_km * 1000, expected_length_m(), 1e-6);
    sp_topo_free(t);
    sp_roads_free(r);
    unlink(path);
}

/* A file the driver fails on half way: an error naming the file, no roads. */
TEST(reader_error_names_the_file)
{
    char path[2200];
    snprintf(path, sizeof path, "%s/broken.osm", g_dir);
    FILE *f = fopen(path, "w");
    ASSERT(f);
    fprintf(f, "<?xml version=\"1.0\"?>\n<osm version=\"0.6\">\n"
               "<node id=\"1\" lat=\"22.7\" lon=\"114.2\"/>\n"
               "<node id=\"2\" lat=\"22.7\" lon=\"114.201\"/>\n"
               "<way id=\"10\"><nd ref=\"1\"/><nd ref=\"2\"/>"
               "<tag k=\"highway\" v=\"residential\"/></way>\n"
               "<node id=\"3\" lat=\"22.7\" <<< not xml\n");
    fclose(f);
    sp_roads_source src = {.path = path};
    sp_roads *r = NULL;
    sp_error_clear();
    ASSERT(sp_roads_read(&src, CRS, NULL, NULL, &r) == SP_E_IO);
    ASSERT(r == NULL);
    ASSERT_CONTAINS(sp_error_message(), "broken.osm");
    ASSERT_CONTAINS(sp_error_message(), "read error");
    sp_error_clear();
    unlink(path);
}

int main(void)
{
    GDALAllRegister();
    const char *tmp = getenv("SP_TMP");
    snprintf(g_dir, sizeof g_dir, "%s/test_roads_XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(g_dir) || sp_crs_new("EPSG:32650", &CRS) != SP_OK ||
        sp_xform_new(CRS, "EPSG:4326", 1, "test", &LL) != SP_OK) {
        fprintf(stderr, "cannot set up: %s\n", sp_error_message());
        return 1;
    }
    RUN(every_road_after_many_tagged_nodes);
    RUN(reader_error_names_the_file);
    rmdir(g_dir);
    sp_xform_free(LL);
    sp_crs_free(CRS);
    return test_summary("roads");
}
