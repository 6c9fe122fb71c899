/* fuzz_resultsgpkg.c — what `render` reads (3): results.gpkg, every layer,
 * geometry type and field through OGR; read by sp_results_read() in a copy
 * of a small real result folder (tests/fuzz/results_base) whose results.gpkg
 * is the input. */
#include "fuzz.h"

const char *sp_fuzz_corpus = "resultsgpkg";

int sp_fuzz_check(void)
{
    return sp_fuzz_results_check("results.gpkg");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    sp_fuzz_results(data, size, "results.gpkg");
    return 0;
}
