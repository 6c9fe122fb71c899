/* fuzz_curve.c — what `render` reads (2): coverage_curve.csv, the
 * recommendations curve (its header and numbers); read by sp_results_read()
 * in a copy of a small real result folder (tests/fuzz/results_base) whose
 * coverage_curve.csv is the input. */
#include "fuzz.h"

const char *sp_fuzz_corpus = "curve";

int sp_fuzz_check(void)
{
    return sp_fuzz_results_check("coverage_curve.csv");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    sp_fuzz_results(data, size, "coverage_curve.csv");
    return 0;
}
