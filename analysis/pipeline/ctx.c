/* ctx.c — per-thread handles; see ctx.h. */
#include "ctx.h"

#include <stdlib.h>

#include "geos_handle.h"

struct sp_ctx {
    GEOSContextHandle_t gctx;
    sp_crs *crs;
};

sp_status sp_ctx_new(sp_ctx **out)
{
    *out = NULL;
    sp_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return sp_error(SP_E_NOMEM, "out of memory");
    c->gctx = sp_geos_new();
    if (!c->gctx) {
        free(c);
        return sp_error(SP_E_INTERNAL, "GEOS could not start");
    }
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
