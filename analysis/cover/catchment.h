/* catchment.h — catchment polygons: the places whose travel time to a site,
 * under the access rule the clusters are counted with, is within a
 * threshold.
 *
 * Method (documented in README.md, "Catchment polygons"): a float grid of
 * `cell_m` cells on the global lattice (cell corners at integer multiples of
 * cell_m).  A cell's time is the time a cluster at the cell's centre would
 * get (access.h: the least, over the cell's access snaps, of the off-road
 * walk plus the network time from the snap, sp_reach_time()), computed for
 * the cells within reach of the links the search reached.  Burning several
 * sites gives the minimum over them.  For each threshold T, the cells with
 * time <= T are polygonised with GDALPolygonize (4-connected) into one valid
 * MultiPolygon.  Because the cell times do not depend on T, nor on which
 * other thresholds are drawn, the polygon for a smaller T is always inside
 * the one for a larger T and each ring is the same whatever else was asked.
 * A cluster inside a drawn cell is counted within T unless its own access
 * differs from the cell centre's by more than a cell's width (the run's
 * map check counts such clusters).
 *
 * Worker counts always come from the network travel times of the clusters
 * (demand.h); the polygons show the same rule on the map.
 */
#ifndef SP_CATCHMENT_H
#define SP_CATCHMENT_H

#include <gdal.h>
#include <geos_c.h>
#include <stdint.h>

#include "cellaccess.h"
#include "dist.h"
#include "graph.h"
#include "reach.h"
#include "search.h"
#include "status.h"

typedef struct {
    double cell_m;            /* grid cell size, metres (default 20) */
    const sp_access *access;  /* the access rule's index (borrowed; required) */
    double max_snap_m;        /* the access rule's reach (default 1000) */
    double walk_kmh;          /* the off-road walking speed (default 5) */
} sp_catchment_opts;

/* Defaults as documented above (access NULL: the caller sets it). */
void sp_catchment_opts_default(sp_catchment_opts *o);

/* A time surface under construction from one or more sites' searches.
 * Burning several sites gives the minimum over them.  One per thread;
 * reusable after sp_isogrid_reset(). */
typedef struct sp_isogrid sp_isogrid;

/* NULL on out of memory or invalid options (cell_m must be > 0, access
 * set; sp_error says which).  opts is copied.  cells: the cell access
 * table shared by the threads of one computation (cellaccess.h; built with
 * the same access, cell_m, max_snap_m and walk_kmh), or NULL: the grid
 * keeps its own. */
sp_isogrid *sp_isogrid_new(const sp_catchment_opts *opts, sp_cellaccess *cells);
void sp_isogrid_free(sp_isogrid *ig);

/* Forget all burnt sites (keeps the buffers). */
void sp_isogrid_reset(sp_isogrid *ig);

/* Add the cells reached within max_s seconds by the finished SP_REVERSE
 * search in `ws` (seeded for the site snapped at `site`): every cell within
 * reach of the links incident to the nodes settled within max_s (and the
 * site's own link) gets the least of its time and what it had.  max_s must
 * not exceed the search's limit.  SP_E_INPUT when the grid would exceed
 * 2^28 cells (raise [catchment] cell_m); SP_E_NOMEM. */
sp_status sp_isogrid_burn(sp_isogrid *ig, const sp_graph *g,
                          const sp_search *ws, const sp_snap *site,
                          double max_s);

/* The same for several sites at once, from ONE finished SP_REVERSE search
 * seeded with the seeds of all of them (sp_reach_site_seeds() of each
 * snapped site, in one seed array; its times are the least over the
 * sites): every cell gets the least time over the sites, exactly what
 * burning each site's own search would give (a cell's time is the least,
 * over its access points, of the way through an end node of the point's
 * link, whose search time is already the least over the sites, or straight
 * along the link to a site snapped to it, taken here for each such site).
 * This is the union of the sites' catchments (coverage.c) at the cost of
 * one search and one pass over the cells, whatever the number of sites.
 * Unsnapped sites in sites[] are ignored.  The cells' tiles are shared out
 * among `threads` threads (<= 1: this one; at most 64); the grid is the same
 * whatever their number.  It is taken as the cell access table's last pass:
 * tiles an earlier burn kept are used, others are computed and not kept
 * (sp_cellaccess_tile_once; a second call computes them again, the same).
 * Errors as sp_isogrid_burn().
 *
 * Over ranks (dist, dist.h; NULL: this process alone), a collective: every
 * rank gives the same search, sites and grid.  The tiles near the reached
 * network are shared out (each to a rank whose cell access table already
 * holds it when one does, else to the least loaded; without any held, the
 * i-th in tile order to rank i mod size), each
 * rank burns its share, and rank 0's grid becomes the least over the ranks
 * (sp_dist_min_f32): the grid of one process.  The other ranks' grids hold
 * their share only.  Grids of different frames on different ranks (runs
 * that differ) are refused with SP_E_INTERNAL on every rank; a failure on
 * one rank is every rank's (sp_dist_agree). */
sp_status sp_isogrid_burn_sites(sp_isogrid *ig, const sp_graph *g, const sp_search *ws,
                                const sp_snap *sites, int32_t n_sites, double max_s,
                                int threads, const sp_dist *dist);

/* Polygonise: one polygon per threshold in limits_s[0..n_limits), ascending.
 * OUT: out[i] receives a new valid polygonal geometry (a MultiPolygon,
 * possibly empty) owned by the caller (GEOSGeom_destroy_r).  On failure
 * nothing is left in out[]. */
sp_status sp_isogrid_polygons(sp_isogrid *ig, GEOSContextHandle_t gctx,
                              const double *limits_s, int n_limits,
                              GEOSGeometry **out);

/* The time grid burnt so far (read-only; valid until the next burn or
 * reset): nx * ny cells, row-major, row 0 at the top.  Cell (r, c) is the
 * lattice cell of column col0 + c and row row_top - r, i.e. the square
 * [x, x + cell_m) x [y, y + cell_m) with x = (col0 + c) * cell_m and
 * y = (row_top - r) * cell_m; its value is its time (float, rounded down),
 * INFINITY when not reached.  NULL (and *nx = *ny = 0) when nothing was
 * burnt since the last reset. */
const float *sp_isogrid_cells(const sp_isogrid *ig, int64_t *col0, int64_t *row_top,
                              int *nx, int *ny);

/* The work bound (README.md, "Catchment polygons", "Work bound"): an upper
 * estimate of the grid cells the catchments will time, known before any
 * search.  A site's search at max_s seconds reaches at most top speed x
 * max_s along the network (the top speed: the fastest link of g) and its
 * cells lie within max_snap_m of what it reaches, so its grid is at most a
 * square of side 2 (top speed x max_s + max_snap_m), and never more than
 * the network's extent grown by max_snap_m on every side.  The estimate is
 * that many cells of cell_m per site (n_sites of them, reachable or not:
 * the recommended ones are not placed yet when it is asked), plus the
 * extent once (the union and the responsibility grid).
 * OUT (optional): *top_kmh, the top speed.  Pure; any thread. */
double sp_catchment_work_cells(const sp_graph *g, int64_t n_sites, double max_s, double cell_m,
                               double max_snap_m, double *top_kmh);

/* The bound: at most this many cells (README.md).  The bundled scenario
 * estimates 1.5e7 (walk 30 minutes), 4.3e7 on foot at 60 minutes, 7.8e6 by
 * car at 60 minutes; cell_m = 5 on foot at 30 minutes (2.4e8) took 36 s
 * and 0.5 GB; cell_m = 1 estimates 6e9. */
#define SP_CATCHMENT_MAX_WORK_CELLS 5e8

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
