/* render_test.h — what the render unit tests (test_render_folder.c,
 * test_render_pieces.c, test_render_mobile.c, test_render_areas.c) share:
 * the scratch folder g_tmp (SP_TMP/<test>), the repository root g_root
 * (SP_ROOT), running a scenario through the real pipeline and writer, and
 * writing a synthetic city's input files before that.  Call
 * render_test_init() first in main(). */
#ifndef SP_TEST_RENDER_TEST_H
#define SP_TEST_RENDER_TEST_H

#include <gdal.h>
#include <stdio.h>
#include <stdlib.h>

#include "output.h"
#include "run.h"
#include "scenario.h"
#include "status.h"

static char g_tmp[2048];
static char g_root[2048];

/* `siteplan run INI` into dir through the library (the real pipeline and
 * writer).  lang: OUT, the scenario's [render] language (may be NULL). */
static int run_scenario(const char *ini, const char *dir, char lang[8])
{
    char set[2700];
    snprintf(set, sizeof set, "output.dir=%s", dir);
    const char *sets[] = {set};
    sp_options *o = NULL;
    sp_loaded *in = NULL;
    sp_outcome *res = NULL;
    sp_error_clear();
    sp_status s = sp_scenario_load(ini, sets, 1, &o);
    if (!s && lang)
        snprintf(lang, 8, "%s", o->render_language);
    if (!s)
        s = sp_run(o, NULL, NULL, &in, &res);
    if (!s)
        s = sp_outcome_write(res, o->out_dir);
    if (s)
        fprintf(stderr, "%s: %s\n", ini, sp_error_message());
    sp_outcome_free(res);
    sp_loaded_free(in);
    sp_options_free(o);
    return s == SP_OK;
}

/* text into the file path (replaced); 1 on success. */
static inline int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return 0;
    fputs(text, f);
    return fclose(f) == 0;
}

/* The inputs files[0..n) ({name, text}) in dir/in (made), the last one
 * the scenario, then run_scenario() of it into dir; 1 on success. */
static inline int write_inputs_and_run(const char *dir, const char *const files[][2], size_t n)
{
    char in[2600], p[2800];
    snprintf(in, sizeof in, "%s/in", dir);
    if (sp_mkdir_p(in) || n == 0)
        return 0;
    int ok = 1;
    for (size_t k = 0; ok && k < n; k++) {
        snprintf(p, sizeof p, "%s/%s", in, files[k][0]);
        ok = write_text(p, files[k][1]);
    }
    return ok && run_scenario(p, dir, NULL);
}

/* g_root from SP_ROOT, g_tmp = SP_TMP/name (created), GDAL registered,
 * warnings muted; 0 (after a message) if the folder cannot be made. */
static int render_test_init(const char *name)
{
    const char *root = getenv("SP_ROOT"), *tmp = getenv("SP_TMP");
    snprintf(g_root, sizeof g_root, "%s", root ? root : ".");
    snprintf(g_tmp, sizeof g_tmp, "%s/%s", tmp ? tmp : "tests/tmp/unit", name);
    if (sp_mkdir_p(g_tmp)) {
        fprintf(stderr, "cannot create %s\n", g_tmp);
        return 0;
    }
    GDALAllRegister();
    sp_warn_set_muted(1);
    return 1;
}

#endif
