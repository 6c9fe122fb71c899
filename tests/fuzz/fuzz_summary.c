/* fuzz_summary.c — what `render` reads (1): summary.json, through json-c
 * and the schema's keys and types, with or without the siting object; read
 * by sp_results_read() in a copy of a small real result folder
 * (tests/fuzz/results_base) whose summary.json is the input. */
#include "fuzz.h"

const char *sp_fuzz_corpus = "summary";

int sp_fuzz_check(void)
{
    return sp_fuzz_results_check("summary.json");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    sp_fuzz_results(data, size, "summary.json");
    return 0;
}
