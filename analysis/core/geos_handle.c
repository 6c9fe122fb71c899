/* geos_handle.c — see geos_handle.h. */
#include "geos_handle.h"

#include "status.h"

static void geos_error(const char *msg, void *ud)
{
    (void)ud;
    sp_error(SP_E_GEOM, "GEOS: %s", msg);
}

static void geos_notice(const char *msg, void *ud)
{
    (void)msg;
    (void)ud;
}

GEOSContextHandle_t sp_geos_new(void)
{
    GEOSContextHandle_t g = GEOS_init_r();
    if (g) {
        GEOSContext_setErrorMessageHandler_r(g, geos_error, NULL);
        GEOSContext_setNoticeMessageHandler_r(g, geos_notice, NULL);
    }
    return g;
}
