/* fuzz_network.c — OSM XML through GDAL's OSM driver and our configuration,
 * into roads, the mode's topology and cost layer (junctions, oneways,
 * access, maxspeed), then the invariant check of their graph view.  Inputs are small, so node and edge counts stay small. */
#include <gdal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "crs.h"
#include "fuzz.h"
#include "graph.h"
#include "roads.h"
#include "topology.h"
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
        sp_roads_source src;
        sp_roads_source_from_options(o, &src);
        sp_cost_options co = {.use_maxspeed = o->use_maxspeed};
        sp_roads *roads = NULL;
        sp_topo *topo = NULL;
        sp_costs *costs = NULL;
        sp_graph g;
        if (sp_roads_read(&src, crs, NULL, NULL, &roads) == SP_OK &&
            sp_topo_build(roads, &prof, &topo) == SP_OK &&
            sp_costs_build(topo, roads, &prof, &co, &costs) == SP_OK) {
            if (sp_graph_view(topo, costs, &g) != SP_OK || sp_graph_check(&g) != SP_OK) {
                fprintf(stderr, "fuzz_%s: inconsistent graph: %s\n", sp_fuzz_corpus,
                        sp_error_message());
                abort(); /* a built graph must always be consistent */
            }
        }
        sp_costs_free(costs);
        sp_topo_free(topo);
        sp_roads_free(roads);
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
