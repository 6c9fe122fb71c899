/* fuzz_profile.c — speed profile CSVs ([travel] profile, io/profile.c)
 * through GDAL's CSV driver: header, classes, speeds, the access column;
 * a profile that loads must keep its contract (1..SP_PROFILE_MAX classes,
 * speeds > 0 and finite), checked here. */
#include <gdal.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"
#include "profile.h"
#include "status.h"

const char *sp_fuzz_corpus = "profile";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SP_FUZZ_MAX_BYTES)
        return 0;
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    sp_warn_set_muted(1);
    char *path = sp_fuzz_tempfile(data, size, ".csv");
    if (!path)
        return 0;
    sp_profile prof;
    sp_error_clear();
    if (sp_profile_load(path, (sp_mode)(size % SP_MODE_COUNT), &prof) == SP_OK) {
        if (prof.n < 0 || prof.n > SP_PROFILE_MAX)
            abort();
        for (int i = 0; i < prof.n; i++)
            if (!(prof.kmh[i] > 0 && isfinite(prof.kmh[i])) ||
                sp_profile_find(&prof, prof.klass[i]) < 0)
                abort(); /* a loaded profile keeps the contract of profile.h */
    }
    sp_error_clear();
    CPLPopErrorHandler();
    unlink(path);
    free(path);
    return 0;
}
