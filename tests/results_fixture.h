/* results_fixture.h — what the results-reader tests (test_results.c,
 * test_results_mobile.c, test_results_area.c) share: their scratch folder,
 * running a scenario through the real pipeline (and writer), comparing
 * numbers, and breaking a written folder to check the reader's refusal.
 * Include after test.h (the ASSERT macros). */
#ifndef SP_TEST_RESULTS_FIXTURE_H
#define SP_TEST_RESULTS_FIXTURE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <ogr_api.h>

#include "output.h"
#include "results_read.h"
#include "run.h"
#include "scenario.h"
#include "schema.h"
#include "status.h"

/* numbers equal within tol, or both NaN */
#define EQ_NUM(a, b, tol)                                                                           \
    do {                                                                                            \
        double x_ = (a), y_ = (b);                                                                  \
        if (!(isnan(x_) && isnan(y_)))                                                              \
            ASSERT_NEAR(x_, y_, tol);                                                               \
    } while (0)

/* root = SP_ROOT (else "."), tmp = SP_TMP/name (else tests/tmp/unit/name),
 * made; GDAL's drivers registered, warnings muted.  0 when the folder
 * cannot be made. */
static inline int results_test_init(const char *name, char *root, size_t nroot, char *tmp, size_t ntmp)
{
    const char *r = getenv("SP_ROOT"), *t = getenv("SP_TMP");
    snprintf(root, nroot, "%s", r ? r : ".");
    snprintf(tmp, ntmp, "%s/%s", t ? t : "tests/tmp/unit", name);
    GDALAllRegister();
    sp_warn_set_muted(1);
    return sp_mkdir_p(tmp) == SP_OK;
}

/* Load the scenario ini with the overrides sets[0..n), run it through the
 * real pipeline and, when dir is not NULL, write its results into dir (the
 * real writer).  *opts, *loaded and *out are the caller's to free, also
 * after an error; *in = (*loaded)->in (NULL without it).  An error's
 * message goes to stderr. */
static inline sp_status results_test_run(const char *ini, const char *const *sets, int n,
                                         const char *dir, sp_options **opts, sp_loaded **loaded,
                                         const sp_inputs **in, sp_outcome **out)
{
    sp_status s = sp_scenario_load(ini, sets, n, opts);
    if (!s)
        s = sp_run(*opts, NULL, NULL, loaded, out);
    *in = *loaded ? (*loaded)->in : NULL;
    if (!s && dir)
        s = sp_outcome_write(*out, dir);
    if (s)
        fprintf(stderr, "%s\n", sp_error_message());
    return s;
}

/* sp_results_read(dir) fails with want and one line containing every need
 * (needs: NULL-terminated). */
static inline void expect_read_error(const char *dir, sp_status want, const char *const *needs)
{
    sp_results *d = NULL;
    sp_error_clear();
    ASSERT_EQ_INT(sp_results_read(dir, &d), want);
    ASSERT(d == NULL);
    const char *m = sp_error_message();
    if (strchr(m, '\n'))
        T_FAIL_("more than one line: %s", m);
    for (int i = 0; needs[i]; i++)
        ASSERT_CONTAINS(m, needs[i]);
}

/* Run sql (SQLite dialect) on dir's results GeoPackage, opened for update. */
static inline void gpkg_sql(const char *dir, const char *sql)
{
    char p[2800];
    snprintf(p, sizeof p, "%s/%s", dir, SP_FILE_GPKG);
    GDALDatasetH ds = GDALOpenEx(p, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
    if (!ds) {
        T_FAIL_("cannot open %s", p);
        return;
    }
    OGRLayerH r = GDALDatasetExecuteSQL(ds, sql, NULL, "SQLITE");
    if (r)
        GDALDatasetReleaseResultSet(ds, r);
    GDALClose(ds);
}

#endif
