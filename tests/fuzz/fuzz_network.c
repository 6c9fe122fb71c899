/* fuzz_network.c — OSM XML through GDAL's OSM driver and our configuration,
 * into roads, the mode's topology and cost layer (junctions, oneways,
 * access, maxspeed), then the invariant check of their graph view
 * (sp_fuzz_network_file).  Inputs are small, so node and edge counts stay
 * small. */
#include "fuzz.h"
#include "fuzz_util.h"

const char *sp_fuzz_corpus = "network";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    sp_fuzz_network_file(data, size, ".osm", NULL);
    return 0;
}
