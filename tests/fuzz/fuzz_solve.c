/* fuzz_solve.c — the two files of `siteplan solve` (io/costmatrix_csv.c):
 * the input is the long-form matrix CSV, a line "%%", then the demand CSV
 * (columns as `solve` defaults them, weight POP2000).  A matrix that loads
 * is solved (MCLP, p = 2, heuristics and a short MIP) when it is small. */
#include <gdal.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "costmatrix.h"
#include "fuzz.h"
#include "siting.h"
#include "status.h"

const char *sp_fuzz_corpus = "solve";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    sp_warn_set_muted(1);
    /* Split at the first "\n%%\n" (no separator: the demand file is empty). */
    size_t cut = size, rest = size;
    for (size_t i = 0; i + 4 <= size; i++)
        if (memcmp(data + i, "\n%%\n", 4) == 0) {
            cut = i + 1;
            rest = i + 4;
            break;
        }
    char *mpath = sp_fuzz_tempfile(data, cut, ".csv");
    char *dpath = sp_fuzz_tempfile(data + rest, size - rest, ".csv");
    if (mpath && dpath) {
        sp_costmatrix_csv_opts co = {
            .matrix_path = mpath,
            .demand_path = dpath,
            .weight = size % 2 ? "POP2000" : NULL,
            .require_complete = (int)(size % 3 == 0),
        };
        sp_costmatrix *m = NULL;
        sp_error_clear();
        if (sp_costmatrix_load_csv(&co, &m) == SP_OK) {
            int64_t cells = (int64_t)sp_costmatrix_n_candidates(m) *
                            sp_costmatrix_n_demands(m);
            if (cells <= 4000) {
                sp_siting_opts so;
                sp_siting_opts_default(&so);
                so.p = 2;
                so.radius = 1500;
                so.time_limit_s = 0.5;
                so.threads = 1;
                sp_siting_result *r = NULL;
                sp_siting_solve(m, &so, &r);
                sp_siting_result_free(r);
            }
        }
        sp_costmatrix_free(m);
    }
    sp_error_clear();
    CPLPopErrorHandler();
    if (mpath)
        unlink(mpath);
    if (dpath)
        unlink(dpath);
    free(mpath);
    free(dpath);
    return 0;
}
