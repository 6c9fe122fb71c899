/* fuzz_compare.c — what `render` reads of a `siteplan compare` folder
 * (io/compare_read.c): the input is comparison.csv, a line "%%", then
 * changes.csv, written into a new folder read by sp_compare_read(); the
 * scenarios' own folders are what fuzz_summary & co. read. */
#include "fuzz.h"
#include "status.h"
#include "compare_read.h"

const char *sp_fuzz_corpus = "compare";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    sp_warn_set_muted(1);
    char *dir = sp_fuzz_tempdir2(data, size, "comparison.csv", "changes.csv");
    if (dir) {
        sp_rcompare *s = NULL;
        sp_error_clear();
        sp_compare_read(dir, &s);
        sp_rcompare_free(s);
        sp_error_clear();
    }
    sp_fuzz_rmdir(dir);
    return 0;
}
