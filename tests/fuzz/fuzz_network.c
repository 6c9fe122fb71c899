/* fuzz_network.c — OSM XML through GDAL's OSM driver and our configuration,
 * into the graph (junctions, oneways, access, maxspeed), then the invariant
 * check.  Inputs are small, so node and edge counts stay small. */
#include <gdal.h>
#include <stdlib.h>
#include <unistd.h>

#include "crs.h"
#include "fuzz.h"
#include "graph.h"
#include "network.h"
#include "profile.h"
#include "scenario.h"
#include "status.h"

const char *sp_fuzz_corpus = "network";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    sp_warn_set_muted(1);
    char *path = sp_fuzz_tempfile(data, size, ".osm");
    if (!path)
        return 0;
    sp_options *o = NULL;
    sp_options_defaults(&o);
    o->network = path; /* borrowed: cleared before the free below */
    o->mode = (sp_mode)(size % SP_MODE_COUNT);
    sp_profile prof;
    sp_profile_builtin(o->mode, &prof);
    sp_crs *crs = NULL;
    sp_error_clear();
    if (sp_crs_new("EPSG:32650", &crs) == SP_OK) {
        sp_graph *g = NULL;
        sp_network_stats stats;
        sp_road_names *names = NULL;
        if (sp_network_load(o, &prof, crs, NULL, NULL, &g, &stats, &names) == SP_OK) {
            if (sp_graph_check(g) != SP_OK)
                abort(); /* a built graph must always be consistent */
            sp_graph_free(g);
            sp_road_names_free(names);
        }
        sp_crs_free(crs);
    }
    sp_error_clear();
    o->network = NULL;
    sp_options_free(o);
    CPLPopErrorHandler();
    unlink(path);
    free(path);
    return 0;
}
