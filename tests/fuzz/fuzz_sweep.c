/* fuzz_sweep.c — what `render` reads of a `siteplan sweep` folder
 * (io/sweep_read.c): the input is sweep.json, a line "%%", then sweep.csv,
 * written into a new folder read by sp_sweep_read(). */
#include "fuzz.h"
#include "status.h"
#include "sweep_read.h"

const char *sp_fuzz_corpus = "sweep";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    sp_warn_set_muted(1);
    char *dir = sp_fuzz_tempdir2(data, size, "sweep.json", "sweep.csv");
    if (dir) {
        sp_sweep_results *s = NULL;
        sp_error_clear();
        sp_sweep_read(dir, &s);
        sp_sweep_free(s);
        sp_error_clear();
    }
    sp_fuzz_rmdir(dir);
    return 0;
}
