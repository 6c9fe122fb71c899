/* netcache_private.h — the payload reader of the network cache, for the
 * fuzz harness (tests/fuzz/fuzz_netcache.c); see netcache.h for the format.
 *
 * sp__netcache_payload_read() builds an sp_roads from a payload (the bytes
 * after the header) and refuses anything inconsistent: counts beyond the
 * bytes, string indexes out of range, parts out of order or shorter than two
 * vertices, coordinates that are not finite, bytes left over.  Whatever the
 * bytes, it never reads outside them, and roads it returns are as
 * io/roads.c could have made them.
 * OUT: the roads (sp_roads_free), or NULL with *why (a static phrase) or
 * *nomem set. */
#ifndef SP_NETCACHE_PRIVATE_H
#define SP_NETCACHE_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "roads.h"

sp_roads *sp__netcache_payload_read(const uint8_t *p, size_t n, const char **why, int *nomem);

#endif
