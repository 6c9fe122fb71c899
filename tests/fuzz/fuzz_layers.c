/* fuzz_layers.c — geometry layers (clusters, sites) from GeoJSON, or from a
 * GeoPackage when the input starts with SQLite's magic: points, polygons
 * and multipolygons, invalid and empty geometries, CRS members, ids and
 * weights; then the centre, and reprojection into UTM with the points on
 * the polygons' surfaces (io/input.c). */
#include <gdal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crs.h"
#include "fuzz.h"
#include "input.h"
#include "status.h"

const char *sp_fuzz_corpus = "layers";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    sp_warn_set_muted(1);
    int gpkg = size >= 16 && memcmp(data, "SQLite format 3", 16) == 0;
    char *path = sp_fuzz_tempfile(data, size, gpkg ? ".gpkg" : ".geojson");
    if (!path)
        return 0;
    GEOSContextHandle_t gctx = GEOS_init_r();
    sp_layer_opts lo = {0};
    lo.path = path;
    lo.id = size % 4 == 3 ? NULL : "id";
    sp_points *p = NULL;
    sp_error_clear();
    if (sp_points_read(&lo, size % 2 ? "sites" : "clusters", size % 2 ? NULL : "jobs", gctx,
                       &p) == SP_OK) {
        double lon, lat;
        sp_points_center_lonlat(p, &lon, &lat);
        sp_crs *crs = NULL;
        if (sp_crs_new("EPSG:32722", &crs) == SP_OK) {
            sp_points_project(p, crs, gctx);
            sp_crs_free(crs);
        }
        sp_points_free(p, gctx);
    }
    sp_error_clear();
    GEOS_finish_r(gctx);
    CPLPopErrorHandler();
    unlink(path);
    free(path);
    return 0;
}
