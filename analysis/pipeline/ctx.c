/* ctx.c — per-thread handles; see ctx.h. */
#include "ctx.h"

#include <stdlib.h>

struct sp_ctx {
    GEOSContextHandle_t gctx;
    sp_crs *crs;
};

/* GEOS messages go into this thread's error slot, never to stdout. */
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

sp_status sp_ctx_new(sp_ctx **out)
{
    *out = NULL;
    sp_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return sp_error(SP_E_NOMEM, "out of memory");
    c->gctx = GEOS_init_r();
    if (!c->gctx) {
        free(c);
        return sp_error(SP_E_INTERNAL, "GEOS could not start");
    }
    GEOSContext_setErrorMessageHandler_r(c->gctx, geos_error, NULL);
    GEOSContext_setNoticeMessageHandler_r(c->gctx, geos_notice, NULL);
    *out = c;
    return SP_OK;
}

void sp_ctx_free(sp_ctx *c)
{
    if (!c)
        return;
    sp_crs_free(c->crs);
    GEOS_finish_r(c->gctx);
    free(c);
}

GEOSContextHandle_t sp_ctx_geos(const sp_ctx *c) { return c->gctx; }

sp_status sp_ctx_use_crs(sp_ctx *c, const char *definition)
{
    sp_crs *crs = NULL;
    sp_status st = sp_crs_new(definition, &crs);
    if (st)
        return st;
    sp_crs_free(c->crs);
    c->crs = crs;
    return SP_OK;
}

sp_crs *sp_ctx_crs(const sp_ctx *c) { return c->crs; }
