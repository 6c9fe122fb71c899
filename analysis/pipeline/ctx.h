/* ctx.h — one thread's working context: the handles a scenario run needs
 * that may not be shared between threads.
 *
 *   - a GEOS context (GEOS_init_r; errors go into the thread's sp_error
 *     slot, notices are dropped);
 *   - the working CRS opened in this thread (its own PROJ context), once a
 *     network fixes it (sp_ctx_use_crs);
 *
 * Contract: create one sp_ctx per thread and use it from that thread only;
 * sp_ctx_free accepts NULL.  The error slot is the thread's own (status.h),
 * so nothing here is shared.  Shared, read-only objects (sp_network) are
 * used together with a ctx, never inside one.
 */
#ifndef SP_CTX_H
#define SP_CTX_H

#include <geos_c.h>

#include "crs.h"
#include "status.h"

typedef struct sp_ctx sp_ctx;

/* OUT: *out (sp_ctx_free).  SP_E_NOMEM or SP_E_INTERNAL on failure. */
sp_status sp_ctx_new(sp_ctx **out);
void sp_ctx_free(sp_ctx *c);

/* The GEOS handle of this context (borrowed). */
GEOSContextHandle_t sp_ctx_geos(const sp_ctx *c);

/* Open the working CRS `definition` in this context (replacing any other).
 * Errors as sp_crs_new. */
sp_status sp_ctx_use_crs(sp_ctx *c, const char *definition);

/* The working CRS opened by sp_ctx_use_crs, or NULL (borrowed; use from
 * this context's thread only). */
sp_crs *sp_ctx_crs(const sp_ctx *c);

#endif
