/* lattice.h — demand points of an area cluster: a regular lattice clipped
 * to the polygon, and the equal shares of its workers.
 *
 * The rule (README "Area clusters", issue 13):
 *   - spacing s = max(cell_m, sqrt(area / SP_LATTICE_MAX_POINTS)): never
 *     finer than the mode's catchment cell, and about SP_LATTICE_MAX_POINTS
 *     points at most for a large area (the count inside a polygon is about
 *     area / s^2; a ragged outline may add a few);
 *   - the lattice is aligned to the centre of the geometry's envelope: its
 *     points are (cx + i s, cy + j s) for integers i, j; a point is kept
 *     when it lies in the interior of a polygon part (GEOS prepared
 *     contains), parts in their order, points of a part by row (y
 *     ascending) then x ascending;
 *   - when no lattice point falls inside (a sliver thinner than s), the one
 *     point is GEOSPointOnSurface_r of the geometry.
 * Shares (sp_lattice_shares): each of the n points carries w / n rounded
 * down to a multiple of SP_LATTICE_QUANTUM worker, the last one the rest;
 * every share and partial sum is then exact, so the shares added in point
 * order (any subset with the last share added last, as
 * sp_demand_cluster_within does) give exactly the workers they stand for,
 * and all of them exactly w.  Shares differ by less than n quanta.
 *
 * Contract: coordinates are the working CRS (metres).  The geometry is only
 * read; the results are deterministic for the same geometry and cell.
 * Errors: SP_E_NOMEM; SP_E_INPUT for a geometry that is not a polygon or
 * multipolygon, or is empty.  Thread-safe with one GEOS context per thread.
 */
#ifndef SP_LATTICE_H
#define SP_LATTICE_H

#include <geos_c.h>
#include <stdint.h>

#include "status.h"

#define SP_LATTICE_MAX_POINTS 64
#define SP_LATTICE_QUANTUM (1.0 / 1048576.0) /* 2^-20 worker */

/* The spacing for an area (m^2) and a catchment cell (m). */
double sp_lattice_spacing(double area_m2, double cell_m);

/* The lattice points of poly (a Polygon or MultiPolygon) for cell_m.
 * OUT: *xy (2 * *n doubles, x then y, free()), *n >= 1. */
sp_status sp_lattice_points(GEOSContextHandle_t gctx, const GEOSGeometry *poly, double cell_m,
                            double **xy, int32_t *n);

/* share[0 .. n-1]: the shares of w workers over n >= 1 points (rule
 * above).  w must be finite, >= 0 and at most 2^30. */
void sp_lattice_shares(double w, int32_t n, double *share);

/* share[0 .. n-1]: the shares of w workers over n >= 1 points in
 * proportion to wt[0 .. n-1] (finite, >= 0, their sum > 0; weight points,
 * README "Area clusters"): each point but the last carries w x wt[k] /
 * sum(wt) rounded down to a multiple of SP_LATTICE_QUANTUM worker (kept so
 * that the running total never passes w), the last one the rest.  Exact
 * like sp_lattice_shares: every share and partial sum is exact and all of
 * them add up to exactly w; each share is within n quanta of its
 * proportion.  w as for sp_lattice_shares. */
void sp_lattice_shares_weighted(double w, int32_t n, const double *wt, double *share);

#endif
