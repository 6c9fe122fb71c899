/* fuzz_netcache.c — network cache payloads (io/netcache.c) into roads, then
 * every mode's topology and cost layer and the invariant check of their
 * graph view: whatever the bytes, the reader either refuses them or returns
 * roads that the network code takes without harm.  Corpus: the payload of
 * the cache of tests/data/osm/topology.osm. */
#include <stdio.h>
#include <stdlib.h>

#include "costs.h"
#include "fuzz.h"
#include "graph.h"
#include "netcache_private.h"
#include "profile.h"
#include "roads.h"
#include "status.h"
#include "topology.h"

const char *sp_fuzz_corpus = "netcache";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    sp_warn_set_muted(1);
    const char *why;
    int nomem;
    sp_roads *roads = sp__netcache_payload_read(data, size, &why, &nomem);
    for (int m = 0; roads && m < SP_MODE_COUNT; m++) {
        sp_profile prof;
        sp_profile_builtin((sp_mode)m, &prof);
        sp_cost_options co = {.use_maxspeed = 1};
        sp_topo *topo = NULL;
        sp_costs *costs = NULL;
        sp_graph g;
        sp_error_clear();
        if (sp_topo_build(roads, &prof, &topo) == SP_OK &&
            sp_costs_build(topo, roads, &prof, &co, &costs) == SP_OK) {
            if (sp_graph_view(topo, costs, &g) != SP_OK || sp_graph_check(&g) != SP_OK) {
                fprintf(stderr, "fuzz_%s: inconsistent graph: %s\n", sp_fuzz_corpus,
                        sp_error_message());
                abort(); /* a built graph must always be consistent */
            }
        }
        sp_costs_free(costs);
        sp_topo_free(topo);
    }
    sp_roads_free(roads);
    sp_error_clear();
    return 0;
}
