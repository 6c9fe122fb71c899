/* netcache.h — the roads as read (io/roads.h), cached on disk.
 *
 * With [inputs] network.cache = DIR (or --cache DIR) the network layer is
 * read once into DIR/network-<id>.spnc and later runs load that file
 * instead of reading the network through GDAL.  The cache holds the sp_roads
 * exactly (every attribute, every coordinate in the working CRS, the
 * interned strings in order), so everything built from it — topologies,
 * cost layers, the fingerprint, every result — is the same with and without
 * the cache.  Topologies and cost layers are not cached: they depend on the
 * mode and speeds, and are cheap next to the read.
 *
 * Which file: <id> is the first 32 hex digits of SHA-256 over the cache
 * format version, the network path as given, network.layer, .where, .class,
 * .oneway, .maxspeed, .crs, .osm_config and the working CRS definition.  A
 * scenario that changes any of them uses another file (a miss).
 *
 * When it is trusted: only if every header field matches what this run
 * would write and the payload checks out; anything else (a changed network
 * file or OSM configuration, another siteplan/GDAL/PROJ version, a short,
 * long or corrupt file, an inconsistent payload) is reported in one line and
 * the file is rebuilt from the network.
 *
 * File format (all integers little-endian, doubles as IEEE 754 binary64
 * bit patterns, little-endian):
 *   header, 184 bytes:
 *     0   8  magic "SPNCACHE"
 *     8   4  format version (SP_NETCACHE_FORMAT)
 *     12  4  header size (184)
 *     16  32 SHA-256 of the identity above (the file name's source)
 *     48  32 SHA-256 of "siteplan VERSION", GDAL's and PROJ's release names
 *     80  32 SHA-256 over the network's files (GDALGetFileList; for each:
 *            base name, size, bytes)
 *     112 32 SHA-256 of the OSM driver configuration file (OSM input), or 0s
 *     144 8  payload length in bytes
 *     152 32 SHA-256 of the payload
 *   payload:
 *     u32 n_roads, u32 n_parts, u64 n_xy, u32 n_strings, u32 what length,
 *     what bytes;
 *     n_roads x (i64 id, i32 id_text, i32 klass, i32 name, i8 oneway,
 *                u8 access, u8 area, f64 maxspeed_kmh, u32 part0,
 *                u32 n_parts, u32 n_degenerate);
 *     n_parts x (u64 off, u32 n);  2 * n_xy x f64;
 *     n_strings x (u32 length, bytes without NUL).
 * Raise SP_NETCACHE_FORMAT whenever the layout or what io/roads.c reads
 * changes (a file of another format is stale).
 *
 * Messages (stderr, one line each, said before the network is read so
 * that no progress line cuts them): the notes "siteplan: network cache hit:
 * PATH", "siteplan: network cache miss: PATH; reading the network" and, for
 * a stale file (changed input, another version), "siteplan: network cache
 * PATH: stale (WHY); rebuilding it", which -q silences; the warnings
 * (sp_warn, printed even with -q) "network cache PATH: WHY; rebuilding it"
 * for a damaged file (short, long, bad magic, checksum mismatch,
 * inconsistent payload) and "network cache: cannot write PATH (WHY);
 * running without the cache".  Cache problems never fail a run: the roads
 * are then read from the network as without a cache.
 *
 * Ownership: sp_roads_read_cached() hands over a new sp_roads (sp_roads_free).
 * Errors: those of sp_roads_read() only.
 * Threads: no shared state; one call per sp_crs at a time (as sp_roads_read).
 * Two processes may share a cache folder: files are written under a
 * temporary name and renamed (core/output.h).
 */
#ifndef SP_NETCACHE_H
#define SP_NETCACHE_H

#include <gdal.h>
#include <stddef.h>
#include <stdint.h>

#include "crs.h"
#include "roads.h"
#include "status.h"

#define SP_NETCACHE_FORMAT 1u
#define SP_NETCACHE_HEADER 184u

/* What happened to the cache in one read. */
typedef enum {
    SP_NETCACHE_OFF = 0,  /* no cache folder, or the input cannot be keyed */
    SP_NETCACHE_HIT,      /* loaded from the cache */
    SP_NETCACHE_MISS,     /* no cache file: read and written */
    SP_NETCACHE_STALE,    /* a stale file: read and rewritten */
    SP_NETCACHE_DAMAGED,  /* a damaged file: read and rewritten */
    SP_NETCACHE_UNWRITABLE, /* read; the cache could not be written */
} sp_netcache_result;

/* Read src's roads into the working CRS `crs_def` (the definition crs was
 * made from) through the cache in cache_dir (NULL: sp_roads_read).  quiet
 * silences the notes (not the warnings).  *result (may be NULL) says what
 * happened.  OUT: *out (sp_roads_free). */
sp_status sp_roads_read_cached(const sp_roads_source *src, sp_crs *crs, const char *crs_def,
                               const char *cache_dir, int quiet, GDALProgressFunc progress,
                               void *progress_arg, sp_roads **out, sp_netcache_result *result);

/* The cache file src would use in cache_dir with the working CRS crs_def
 * (g_free).  Nothing is read. */
char *sp_netcache_path(const sp_roads_source *src, const char *crs_def, const char *cache_dir);

#endif
