/* results_fixture.h — what the results-reader tests (test_results.c,
 * test_results_mobile.c) share to break a written folder and check the
 * reader's refusal.  Include after test.h (the ASSERT macros). */
#ifndef SP_TEST_RESULTS_FIXTURE_H
#define SP_TEST_RESULTS_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include <gdal.h>
#include <ogr_api.h>

#include "results_read.h"
#include "schema.h"
#include "status.h"

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
