/* catchment.h — catchment polygons from the reached network.
 *
 * Method (documented in README.md, "Catchment polygons"): every link the
 * search reached is sampled along its polyline every `spacing_m` metres,
 * always including the exact points where the time reaches a threshold
 * (partial links) and the link's vertices; each sample carries its travel
 * time (sp_reach_time_on_link).  The samples are burnt into a grid of
 * `cell_m` cells: a cell takes the minimum time of the samples within
 * `band_m` of the cell centre (the lateral walking band).  For each
 * threshold T, the cells with time <= T are polygonised with GDALPolygonize
 * (4-connected), and the pieces are collected into one valid MultiPolygon.
 * Holes where the network does not reach stay holes.  Because the cell times
 * do not depend on T, the polygon for a smaller T is always inside the one
 * for a larger T (rings nest by construction).  With band_m >= spacing_m / 2
 * + cell_m * sqrt(2) / 2, every reached network point lies inside its
 * polygon.
 *
 * The polygons are for display and area figures only; worker counts always
 * come from network travel times.
 */
#ifndef SP_CATCHMENT_H
#define SP_CATCHMENT_H

#include <gdal.h>
#include <geos_c.h>
#include <stdint.h>

#include "graph.h"
#include "reach.h"
#include "search.h"
#include "status.h"

typedef struct {
    double cell_m;    /* grid cell size, metres (default 20) */
    double band_m;    /* lateral walking band, metres (default 60) */
    double spacing_m; /* sample spacing along links, metres (default 10) */
} sp_catchment_opts;

/* Defaults as documented above. */
void sp_catchment_opts_default(sp_catchment_opts *o);

/* A time surface under construction: samples from one or more sites'
 * searches.  Burning several sites gives the minimum over them, which is how
 * the union of all catchments (the coverage area) is drawn in one pass.
 * One per thread; reusable after sp_isogrid_reset(). */
typedef struct sp_isogrid sp_isogrid;

/* NULL on out of memory or invalid options (cell_m and spacing_m must be
 * > 0, band_m >= 0; sp_error says which).  opts is copied. */
sp_isogrid *sp_isogrid_new(const sp_catchment_opts *opts);
void sp_isogrid_free(sp_isogrid *ig);

/* Forget all samples (keeps the buffers). */
void sp_isogrid_reset(sp_isogrid *ig);

/* Optional: the thresholds that will be polygonised (at most 16), so that
 * each burn also samples the exact points where the time reaches each of
 * them, not only max_s.  Without it the guarantee above holds for max_s, and
 * for smaller thresholds with band_m >= spacing_m + cell_m * sqrt(2) / 2.
 * Kept across sp_isogrid_reset(). */
sp_status sp_isogrid_set_levels(sp_isogrid *ig, const double *levels_s,
                                int n_levels);

/* Add the samples of the network reached within max_s seconds by the
 * finished SP_REVERSE search in `ws` (seeded for the site snapped at `site`).
 * max_s must not exceed the search's limit.  Only the links incident to the
 * nodes settled within max_s, and the site's own link, are sampled, each
 * once per burn. */
sp_status sp_isogrid_burn(sp_isogrid *ig, const sp_graph *g,
                          const sp_search *ws, const sp_snap *site,
                          double max_s);

/* Number of samples burnt so far, and read access to them (x, y, seconds
 * triples), for tests. */
size_t sp_isogrid_n_samples(const sp_isogrid *ig);
const double *sp_isogrid_samples(const sp_isogrid *ig);

/* Polygonise: one polygon per threshold in limits_s[0..n_limits), ascending.
 * OUT: out[i] receives a new valid polygonal geometry (a MultiPolygon,
 * possibly empty) owned by the caller (GEOSGeom_destroy_r).  On failure
 * nothing is left in out[]. */
sp_status sp_isogrid_polygons(sp_isogrid *ig, GEOSContextHandle_t gctx,
                              const double *limits_s, int n_limits,
                              GEOSGeometry **out);

/* The time grid of the last sp_isogrid_polygons() call (read-only; valid
 * until the next call): nx * ny cells, row-major, row 0 at the top.  Cell
 * (r, c) is the lattice cell of column col0 + c and row row_top - r, i.e. the
 * square [x, x + cell_m) x [y, y + cell_m) with x = (col0 + c) * cell_m and
 * y = (row_top - r) * cell_m; its value is the least time of the samples
 * within band_m of its centre, INFINITY when none.  NULL (and *nx = *ny = 0)
 * when that call had no samples or none was made since the last reset. */
const float *sp_isogrid_cells(const sp_isogrid *ig, int64_t *col0, int64_t *row_top,
                              int *nx, int *ny);

/* Internal, for tests: the validity check applied to the polygonised
 * pieces (a MultiPolygon).  GEOSisValid_r, except that when the pieces'
 * holes x shell vertices exceed direct_work (2e7 in sp_isogrid_polygons;
 * GEOS 3.11 tests each hole against its shell without an index) the pieces
 * with many holes are checked through indexed parts instead.  1 valid,
 * 0 invalid, 2 exception. */
char sp__catchment_pieces_valid(GEOSContextHandle_t gctx, const GEOSGeometry *mp,
                                double direct_work);

/* Internal (responsibility.c): make a MultiPolygon of polygonised pieces
 * (consumed) valid with GEOSMakeValid_r, keeping only its polygonal parts;
 * NULL on failure. */
GEOSGeometry *sp__catchment_repair(GEOSContextHandle_t gctx, GEOSGeometry *mp);

/* Internal (responsibility.c): GDAL's MEM raster and Memory vector
 * drivers, registering them on first use; `what` names the caller in the
 * error. */
sp_status sp__gdal_mem_drivers(const char *what, GDALDriverH *mem, GDALDriverH *vmem);

/* Internal (responsibility.c): polygonise band (its own mask: cells of 0
 * are skipped) into a new Memory layer with one integer field `field`.
 * OUT: *vds (GDALClose it, also after an error) and *layer in it. */
sp_status sp__polygonize_band(GDALDriverH vmem, GDALRasterBandH band, const char *what,
                              const char *field, GDALDatasetH *vds, OGRLayerH *layer);

#endif
