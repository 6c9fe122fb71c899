/* geos_handle.h — a GEOS context whose errors go into the calling thread's error
 * slot (status.h) and whose notices are dropped, so GEOS never prints.
 *
 * sp_geos_new() returns a new handle (GEOS_finish_r it) or NULL.  A handle
 * is used by one thread at a time; its messages land in the error slot of
 * the thread that triggers them.
 */
#ifndef SP_GEOS_HANDLE_H
#define SP_GEOS_HANDLE_H

#include <geos_c.h>

GEOSContextHandle_t sp_geos_new(void);

#endif
