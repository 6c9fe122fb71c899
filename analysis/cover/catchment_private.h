/* catchment_private.h — internals shared by catchment.c (options, the
 * sp_isogrid life cycle, levels), catchment_burn.c (sampling the reached
 * links) and catchment_poly.c (grid, mask, polygons, validity).  Not part of
 * the public API: include only from analysis/cover/catchment*.c.
 *
 * Ownership: every buffer below belongs to the sp_isogrid and is freed by
 * sp_isogrid_free().  Threads: as catchment.h, one sp_isogrid per thread.
 */
#ifndef SP_CATCHMENT_PRIVATE_H
#define SP_CATCHMENT_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "catchment.h"

/* The largest grid sp_isogrid_polygons() will allocate (4 bytes a cell):
 * 2^28 cells = 1 GiB, e.g. 327 km square at 20 m cells. */
#define SP_ISOGRID_MAX_CELLS ((int64_t)1 << 28)

struct sp_isogrid {
    sp_catchment_opts o;
    sp_cellaccess *cells;  /* the cell access table (shared or own) */
    int own_cells;

    /* one stamp per link, so the area's burn takes each reached link once */
    uint32_t *link_stamp;
    size_t n_link_stamp;
    uint32_t stamp;

    /* the time grid (row 0 at the top) on the lattice, grown by each burn
     * to the cells it may reach (grid_nx == 0: nothing burnt); one
     * threshold's mask */
    float *grid;
    size_t cap_grid;
    int64_t grid_col0, grid_row_top;
    int grid_nx, grid_ny;
    uint8_t *mask;
    size_t cap_mask;

    /* WKB scratch */
    unsigned char *wkb;
    size_t cap_wkb;
};

#endif
