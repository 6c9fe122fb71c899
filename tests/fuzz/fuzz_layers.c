/* fuzz_layers.c — geometry layers (clusters, sites) from GeoJSON, or from a
 * GeoPackage when the input starts with SQLite's magic: points, polygons
 * and multipolygons, invalid and empty geometries, CRS members, ids and
 * weights; then the centre, and reprojection into UTM with the points on
 * the polygons' surfaces (io/input.c; sp_fuzz_point_layer). */
#include <string.h>

#include "fuzz.h"
#include "fuzz_util.h"

const char *sp_fuzz_corpus = "layers";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    int gpkg = size >= 16 && memcmp(data, "SQLite format 3", 16) == 0;
    sp_layer_opts lo = {0};
    lo.id = size % 4 == 3 ? NULL : "id";
    sp_fuzz_point_layer(data, size, gpkg ? ".gpkg" : ".geojson", lo,
                        size % 2 ? "sites" : "clusters", size % 2 ? NULL : "jobs", 1);
    return 0;
}
