/* poa_scenario.h — the bundled Porto Alegre scenario as the pipeline tests
 * run it (test_shared.c, test_mobile_run.c): data/porto_alegre.ini with the
 * given --set style overrides, no maps, quiet, two search threads.  Run the
 * test from the repository root (the scenario's paths are relative). */
#ifndef SP_TEST_POA_SCENARIO_H
#define SP_TEST_POA_SCENARIO_H

#include <stdio.h>

#include "scenario.h"
#include "status.h"

/* The scenario with sets[0..n-1] applied (KEY=VALUE), or NULL with the
 * loader's message on stderr.  OUT: sp_options_free. */
static inline sp_options *poa_scenario(const char *const *sets, int n)
{
    sp_options *o = NULL;
    sp_error_clear();
    if (sp_scenario_load("data/porto_alegre.ini", sets, n, &o)) {
        fprintf(stderr, "%s\n", sp_error_message());
        return NULL;
    }
    o->render = 0;
    o->quiet = 1;
    o->threads = 2;
    return o;
}

#endif
