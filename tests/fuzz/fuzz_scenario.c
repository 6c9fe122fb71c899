/* fuzz_scenario.c — scenario files (INI through GKeyFile, then every key's
 * value parser and the validation). */
#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"
#include "scenario.h"
#include "status.h"

const char *sp_fuzz_corpus = "scenario";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    sp_warn_set_muted(1);
    char *path = sp_fuzz_tempfile(data, size, ".ini");
    if (!path)
        return 0;
    sp_options *o = NULL;
    const char *sets[] = {"travel.minutes=10,20", "output.dir=/nonexistent"};
    sp_error_clear();
    if (sp_scenario_load(path, sets, (int)(size % 3), &o) == SP_OK)
        sp_options_free(o);
    sp_error_clear();
    unlink(path);
    free(path);
    return 0;
}
