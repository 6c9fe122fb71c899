/* fuzz_compare.c — what `render` reads of a `siteplan compare` folder
 * (io/compare_read.c): the input is comparison.csv, a line "%%", then
 * changes.csv, written into a new folder with a fixed compare.json (no file
 * list: fileset.c is fuzzed through fuzz_summary) and read by
 * sp_compare_read(); the scenarios' own folders are what fuzz_summary & co.
 * read. */
#include <glib.h>
#include <stdio.h>

#include "fuzz.h"
#include "status.h"
#include "compare_read.h"
#include "schema.h"

const char *sp_fuzz_corpus = "compare";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    sp_warn_set_muted(1);
    char *dir = sp_fuzz_tempdir2(data, size, "comparison.csv", "changes.csv");
    char *cj = dir ? g_build_filename(dir, SP_FILE_COMPARE_JSON, NULL) : NULL;
    FILE *f = cj ? fopen(cj, "w") : NULL;
    if (f) {
        fprintf(f, "{ \"schema_version\": %d }\n", SP_RESULTS_SCHEMA_VERSION);
        fclose(f);
    }
    g_free(cj);
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
