/* fuzz_points.c — point layers from CSV through OGR (coordinates, weights,
 * ids, blank and garbage cells), then reprojection into UTM
 * (sp_fuzz_point_layer). */
#include "fuzz.h"
#include "fuzz_util.h"

const char *sp_fuzz_corpus = "points";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    sp_layer_opts lo = {0};
    lo.x = "lon";
    lo.y = "lat";
    lo.id = "id";
    sp_fuzz_point_layer(data, size, ".csv", lo, "clusters", "jobs", 0);
    return 0;
}
