/* fuzz_netcache.c — network cache payloads (io/netcache.c) into roads, then
 * every mode's topology and cost layer and the invariant check of their
 * graph view: whatever the bytes, the reader either refuses them or returns
 * roads that the network code takes without harm.  Corpus: the payload of
 * the cache of tests/data/osm/topology.osm. */
#include "fuzz.h"
#include "fuzz_util.h"
#include "netcache_private.h"
#include "roads.h"
#include "status.h"

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
        sp_error_clear();
        sp_fuzz_graph_check(roads, (sp_mode)m, 1);
    }
    sp_roads_free(roads);
    sp_error_clear();
    return 0;
}
