/* fuzz_lines.c — line-layer networks (GeoJSON LineStrings and
 * MultiLineStrings, class field "highway" or "roadtype") read as the network
 * through OGR into roads, the mode's topology and cost layer (oneways,
 * access, maxspeed), then the invariant check of their graph view
 * (sp_fuzz_network_file). */
#include "fuzz.h"
#include "fuzz_util.h"

const char *sp_fuzz_corpus = "lines";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    sp_fuzz_network_file(data, size, ".geojson", size % 5 == 1 ? "roadtype" : NULL);
    return 0;
}
