/* fuzz_sweep.c — what `render` reads of a `siteplan sweep` folder
 * (io/sweep_read.c): the input is sweep.json, a line "%%", then sweep.csv,
 * written into a new folder read by sp_sweep_read(). */
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "status.h"
#include "sweep_read.h"

const char *sp_fuzz_corpus = "sweep";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    sp_warn_set_muted(1);
    size_t cut = size, rest = size;
    for (size_t i = 0; i + 4 <= size; i++)
        if (memcmp(data + i, "\n%%\n", 4) == 0) {
            cut = i + 1;
            rest = i + 4;
            break;
        }
    char *dir = g_build_filename(g_get_tmp_dir(), "spfuzzswXXXXXX", NULL);
    if (!g_mkdtemp(dir)) {
        g_free(dir);
        return 0;
    }
    char *json = g_build_filename(dir, "sweep.json", NULL);
    char *csv = g_build_filename(dir, "sweep.csv", NULL);
    if (g_file_set_contents(json, (const gchar *)data, (gssize)cut, NULL) &&
        g_file_set_contents(csv, (const gchar *)data + rest, (gssize)(size - rest), NULL)) {
        sp_sweep_results *s = NULL;
        sp_error_clear();
        sp_sweep_read(dir, &s);
        sp_sweep_free(s);
        sp_error_clear();
    }
    unlink(json);
    unlink(csv);
    rmdir(dir);
    g_free(json);
    g_free(csv);
    g_free(dir);
    return 0;
}
