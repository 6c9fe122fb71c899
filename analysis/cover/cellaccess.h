/* cellaccess.h — the access entries (access.h) of the catchment lattice's
 * cells, computed in 64 x 64 tiles where a catchment first needs them and
 * kept for every later site: the access rule at each cell's centre, so that
 * a cell's time is the time a cluster at its centre would be counted with.
 *
 * Memory: per tile 8 KiB plus 12 bytes per entry (up to SP_ACCESS_MAX a
 * cell), only for the tiles some catchment touched and kept (a pass that
 * is the table's last user computes the missing ones once,
 * sp_cellaccess_tile_once).
 *
 * Ownership and threads: sp_cellaccess_new() borrows the access index (it
 * must outlive the table).  sp_cellaccess_tile() may be called from any
 * number of threads at once (a mutex guards the tile table; a tile is
 * computed outside it and is immutable once published, so the answer never
 * depends on which thread computed it).  Tiles live until
 * sp_cellaccess_free().
 */
#ifndef SP_CELLACCESS_H
#define SP_CELLACCESS_H

#include <stdint.h>

#include "access.h"
#include "status.h"

/* Cells per tile side. */
#define SP_CELLTILE 64

typedef struct sp_cellaccess sp_cellaccess;

/* One tile: lattice columns col0 .. col0 + 63, rows row0 .. row0 + 63; cell
 * k = (row - row0) * 64 + (col - col0) has the entries ent[off[k] ..
 * off[k + 1]), nearest first. */
typedef struct {
    int64_t col0, row0;
    uint16_t off[SP_CELLTILE * SP_CELLTILE + 1];
    sp_access_entry *ent;
} sp_celltile;

/* NULL (sp_error says why) on out of memory or cell_m not > 0. */
sp_cellaccess *sp_cellaccess_new(const sp_access *a, double cell_m, double max_snap_m,
                                 double walk_kmh);
void sp_cellaccess_free(sp_cellaccess *ca);

double sp_cellaccess_cell_m(const sp_cellaccess *ca);
double sp_cellaccess_max_snap_m(const sp_cellaccess *ca);
double sp_cellaccess_walk_kmh(const sp_cellaccess *ca);
sp_snap_rule sp_cellaccess_rule(const sp_cellaccess *ca);

/* A worker's scratch for computing tiles (about 400 KiB): one per thread,
 * reused for every tile it computes.  NULL on out of memory (sp_error). */
typedef struct sp_cellscratch sp_cellscratch;
sp_cellscratch *sp_cellscratch_new(void);
void sp_cellscratch_free(sp_cellscratch *s);

/* The tile with lattice origin (tx * 64, ty * 64), computed on first use
 * (in the caller's scratch s) and kept.  NULL on out of memory (sp_error
 * set). */
const sp_celltile *sp_cellaccess_tile(sp_cellaccess *ca, sp_cellscratch *s, int64_t tx,
                                      int64_t ty);

/* The tile when some call computed and kept it, else NULL (no scratch
 * needed to ask). */
const sp_celltile *sp_cellaccess_tile_kept(sp_cellaccess *ca, int64_t tx, int64_t ty);

/* The same tile computed into s and not kept, for a pass that needs it
 * once (valid until s's next use; the same entries as a kept one: ask
 * sp_cellaccess_tile_kept() first to reuse that).  Never fails. */
const sp_celltile *sp_cellaccess_tile_once(const sp_cellaccess *ca, sp_cellscratch *s,
                                           int64_t tx, int64_t ty);

/* Each link's bounding box over its polyline, 4 doubles a link (x0, y0,
 * x1, y1; exact: the least and greatest vertex coordinates), for graph g
 * (the graph of the access index), computed by the first caller and shared
 * (32 bytes a link); NULL on out of memory (sp_error set).  Any thread. */
const double *sp_cellaccess_link_boxes(sp_cellaccess *ca, const sp_graph *g);

/* Each node's box: its own point and the boxes of every link leaving or
 * entering it (sp_cellaccess_link_boxes()), 4 doubles a node, so that the
 * union over a search's settled nodes is the union over their links
 * without visiting each link.  Computed by the first caller and shared
 * (32 bytes a node); NULL on out of memory (sp_error set).  Any thread. */
const double *sp_cellaccess_node_boxes(sp_cellaccess *ca, const sp_graph *g);

/* Tiles computed so far (for benchmarks and tests). */
int64_t sp_cellaccess_n_tiles(const sp_cellaccess *ca);

#endif
