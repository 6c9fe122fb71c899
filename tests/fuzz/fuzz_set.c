/* fuzz_set.c — `--set SECTION.KEY=VALUE` values (io/scenario_file.c split,
 * then every key's value parser and the validation): each input line is one
 * override, applied over a minimal scenario. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "scenario.h"
#include "status.h"

const char *sp_fuzz_corpus = "set";

#define MAX_SETS 64

static const char base_ini[] = "[inputs]\nnetwork = roads.osm\nclusters = clusters.csv\n"
                               "clusters.weight = workers\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    sp_warn_set_muted(1);
    char *path = sp_fuzz_tempfile((const uint8_t *)base_ini, sizeof base_ini - 1, ".ini");
    char *text = malloc(size + 1);
    if (!path || !text) {
        free(text);
        free(path);
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0'; /* an embedded NUL ends the last override early, as argv would */
    const char *sets[MAX_SETS];
    int n = 0;
    for (char *line = text; line && n < MAX_SETS;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        sets[n++] = line;
        line = nl ? nl + 1 : NULL;
    }
    sp_options *o = NULL;
    sp_error_clear();
    if (sp_scenario_load(path, sets, n, &o) == SP_OK)
        sp_options_free(o);
    sp_error_clear();
    unlink(path);
    free(path);
    free(text);
    return 0;
}
