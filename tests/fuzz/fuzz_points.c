/* fuzz_points.c — point layers from CSV through OGR (coordinates, weights,
 * ids, blank and garbage cells), then reprojection into UTM; then the same
 * file as a layer with a capacity column "cap" ([capacity] on, default 50,
 * visits_per_worker 0.5). */
#include <gdal.h>
#include <stdlib.h>
#include <unistd.h>

#include "crs.h"
#include "fuzz.h"
#include "input.h"
#include "status.h"

const char *sp_fuzz_corpus = "points";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    sp_warn_set_muted(1);
    char *path = sp_fuzz_tempfile(data, size, ".csv");
    if (!path)
        return 0;
    GEOSContextHandle_t gctx = GEOS_init_r();
    sp_layer_opts lo = {0};
    lo.path = path;
    lo.x = "lon";
    lo.y = "lat";
    lo.id = "id";
    sp_points *p = NULL;
    sp_error_clear();
    if (sp_points_read(&lo, "clusters", "jobs", gctx, &p) == SP_OK) {
        sp_crs *crs = NULL;
        if (sp_crs_new("EPSG:32722", &crs) == SP_OK) {
            sp_points_project(p, crs, gctx);
            sp_crs_free(crs);
        }
        sp_points_free(p, gctx);
    }
    sp_error_clear();
    /* the capacity column (input.h: values, blanks, the default) */
    sp_options *o = NULL;
    lo.capacity = "cap";
    if (sp_options_defaults(&o) == SP_OK) {
        o->capacity_on = 1;
        o->cap_default = 50;
        o->visits_per_worker = 0.5;
        p = NULL;
        if (sp_points_read(&lo, "sites", NULL, gctx, &p) == SP_OK) {
            sp_points_capacity_finish(p, o, lo.capacity, 0);
            sp_points_free(p, gctx);
        }
        sp_options_free(o);
    }
    sp_error_clear();
    GEOS_finish_r(gctx);
    CPLPopErrorHandler();
    unlink(path);
    free(path);
    return 0;
}
