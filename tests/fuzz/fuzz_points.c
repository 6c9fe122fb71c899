/* fuzz_points.c — point layers from CSV through OGR (coordinates, weights,
 * ids, blank and garbage cells), then reprojection into UTM
 * (sp_fuzz_point_layer); then the same file as a layer with a capacity
 * column "cap" ([capacity] on, default 50, visits_per_worker 0.5). */
#include <cpl_error.h>
#include <gdal.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"
#include "fuzz_util.h"
#include "input.h"
#include "scenario.h"
#include "status.h"

const char *sp_fuzz_corpus = "points";

/* The capacity column (input.h: values, blanks, the default). */
static void capacity_layer(const uint8_t *data, size_t size, sp_layer_opts lo)
{
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    sp_warn_set_muted(1);
    char *path = sp_fuzz_tempfile(data, size, ".csv");
    if (!path) {
        CPLPopErrorHandler();
        return;
    }
    GEOSContextHandle_t gctx = GEOS_init_r();
    lo.path = path;
    lo.capacity = "cap";
    sp_options *o = NULL;
    sp_error_clear();
    if (sp_options_defaults(&o) == SP_OK) {
        o->capacity_on = 1;
        o->cap_default = 50;
        o->visits_per_worker = 0.5;
        sp_points *p = NULL;
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
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    sp_layer_opts lo = {0};
    lo.x = "lon";
    lo.y = "lat";
    lo.id = "id";
    sp_fuzz_point_layer(data, size, ".csv", lo, "clusters", "jobs", 0);
    capacity_layer(data, size, lo);
    return 0;
}
