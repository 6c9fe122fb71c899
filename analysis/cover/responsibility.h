/* responsibility.h — each site's responsibility area as polygons: the
 * places that are nearer to it (in travel time) than to any other site,
 * within the threshold (the "nearest-site split" of the coverage area).
 *
 * Method (README.md, "What each existing site does"): one label grid on the
 * catchment lattice (catchment.h: cells of cell_m, corners at integer
 * multiples of cell_m).  Every site's time grid (sp_isogrid_cells(), the
 * grid its catchment polygons were made from) is merged into it: a cell
 * takes the site with the least time there, ties to the lower site index
 * (the rule of the nearest site of a cluster, coverage.c), among the sites
 * whose time there is <= T.  The labelled cells are exactly the cells of the
 * union of the catchments at T.  One GDALPolygonize over the label raster
 * (4-connected) then gives every site its cells as one valid MultiPolygon:
 * the areas of two sites never overlap (they share edges at most), and
 * their union is the coverage area at T.  A site with no cell gets an empty
 * MultiPolygon.
 *
 * The grid is stored in 64 x 64 tiles allocated where a site reaches, so
 * its memory follows the covered area (8 bytes a cell), not the network's
 * extent.
 *
 * Threads: sp_respgrid_add*() may be called from several threads at once
 * (an internal mutex); the result does not depend on the order of the calls
 * (least time, then least site index, is an order-free minimum).
 * sp_respgrid_polygons() is called once all adds are done, from one thread.
 * Independent sp_respgrids share nothing.
 */
#ifndef SP_RESPONSIBILITY_H
#define SP_RESPONSIBILITY_H

#include <geos_c.h>
#include <stdint.h>

#include "catchment.h"
#include "status.h"

typedef struct sp_respgrid sp_respgrid;

/* NULL on out of memory or cell_m not > 0 (sp_error says which). */
sp_respgrid *sp_respgrid_new(double cell_m);
void sp_respgrid_free(sp_respgrid *rg);

/* Merge site `site`'s cells with time <= T from the time grid of ig's last
 * sp_isogrid_polygons() call (nothing when it had none).  ig must use this
 * grid's cell_m.  SP_E_NOMEM; SP_E_INPUT for a grid more than 2^36 cells
 * from the CRS origin. */
sp_status sp_respgrid_add(sp_respgrid *rg, const sp_isogrid *ig, int32_t site, double T);

/* The same from a plain time grid laid out as sp_isogrid_cells() returns
 * it (nx * ny floats, row 0 at lattice row row_top; INFINITY = not reached).
 * site >= 0. */
sp_status sp_respgrid_add_cells(sp_respgrid *rg, int32_t site, const float *cells,
                                int64_t col0, int64_t row_top, int nx, int ny, double T);

/* The site of the cell containing (x, y): -1 when none (for tests; not
 * while adds are running). */
int32_t sp_respgrid_site_at(const sp_respgrid *rg, double x, double y);

/* For spreading the adds over processes (coverage_private.h): the grid as
 * bytes (its bounding box and tiles, in no particular order; 32 KiB a
 * tile).  OUT: *buf (malloc'd, free()) and *len.  SP_E_NOMEM. */
sp_status sp_respgrid_serialise(sp_respgrid *rg, void **buf, size_t *len);

/* Merge a grid serialised by sp_respgrid_serialise (one with the same
 * cell_m) into rg, by the same least (time, site) rule as the adds, so the
 * result is the grid of all their adds together, in any order.
 * SP_E_INTERNAL for bytes that are not such a grid; SP_E_NOMEM. */
sp_status sp_respgrid_merge(sp_respgrid *rg, const void *buf, size_t len);

/* Polygonise.  OUT: out[0 .. n_sites) each receive a new valid MultiPolygon
 * (empty for a site with no cell), owned by the caller (GEOSGeom_destroy_r).
 * Labels >= n_sites are an error (SP_E_INTERNAL).  On failure nothing is
 * left in out[].  SP_E_INPUT when the labelled cells' bounding box exceeds
 * 2^28 cells (raise [catchment] cell_m). */
sp_status sp_respgrid_polygons(sp_respgrid *rg, GEOSContextHandle_t gctx, int32_t n_sites,
                               GEOSGeometry **out);

#endif
