/* mapcheck.h — the map agrees with the numbers: a run's self-check that the
 * drawn coverage area (coverage.h: area[ring]) agrees with the counted
 * coverage of the clusters.
 *
 * Rule (README.md, "Catchment polygons"): cluster c is counted within ring r
 * when sp_covers(time_s[c], limits_s[r]) (costmatrix.h; an unreached or
 * unsnapped cluster has time INFINITY and is never within).  At ring r it
 * disagrees with the drawing when
 *   - it is counted within r but its point lies outside area[r] by more than
 *     tol_m (distance to the area), or
 *   - it is counted beyond r but its point lies inside area[r] by more than
 *     tol_m (distance to the area's boundary).
 * A point within tol_m of the boundary agrees either way (the area is drawn
 * in grid cells: the caller passes one cell diagonal).  A cluster counts once
 * in `disagreeing` however many rings it disagrees at; by_ring[r] counts the
 * clusters disagreeing at ring r.  An empty or NULL area[r] is the empty set
 * (every cluster within r disagrees, at an infinite distance).
 *
 * A cluster with skip[c] set is not checked (skipped counts them): the
 * pipeline skips areas reached only through their entrances
 * (clusters.entrances), whose time is the walk to a gate plus the gate's,
 * which the drawn area (cells timed at their centres) does not know.
 *
 * The point of a cluster is the caller's: the pipeline passes the demand
 * point that gives the cluster its counted time (for a point cluster its
 * representative point, input.h xy; for an area cluster its best lattice
 * point, lattice.h; the representative point when none is reached), in the
 * working CRS of the areas.
 *
 * Contract: uses the caller's GEOS handle (one thread at a time); prepared
 * geometries, so the cost is about one point-in-polygon test per cluster and
 * ring.  Reads the areas, never changes them.  The result depends only on
 * the inputs.  Errors: SP_E_NOMEM, SP_E_INTERNAL (a GEOS call failed), with
 * one message.
 */
#ifndef SP_MAPCHECK_H
#define SP_MAPCHECK_H

#include <geos_c.h>
#include <stdint.h>

#include "status.h"

/* Examples kept per ring, for the warning line. */
#define SP_MAPCHECK_EXAMPLES 3

typedef struct {
    int32_t cluster;  /* cluster index */
    double time_s;    /* its counted time (INFINITY: not reached) */
    double dist_m;    /* > 0: metres outside the area though counted within;
                         < 0: metres inside it (to the boundary) though counted beyond */
} sp_mapcheck_case;

typedef struct {
    double tol_m;
    int n_limits;
    int32_t disagreeing;        /* clusters disagreeing at one ring or more */
    int32_t skipped;            /* clusters not checked (skip[c] set) */
    int32_t *by_ring;           /* n_limits: clusters disagreeing at each ring */
    /* per ring r: the first (lowest index) up to SP_MAPCHECK_EXAMPLES
     * disagreeing clusters, example[r * SP_MAPCHECK_EXAMPLES + k],
     * k < min(by_ring[r], SP_MAPCHECK_EXAMPLES) */
    sp_mapcheck_case *example;
} sp_mapcheck;

/* area: n_limits areas (borrowed; NULL entries allowed), limits_s ascending
 * seconds; xy: 2 * n_clusters points; time_s: n_clusters counted times;
 * skip: n_clusters flags or NULL (none skipped); tol_m >= 0.  OUT: *out (sp_mapcheck_free). */
sp_status sp_mapcheck_run(GEOSContextHandle_t gctx, GEOSGeometry *const *area,
                          const double *limits_s, int n_limits, int32_t n_clusters,
                          const double *xy, const double *time_s, const uint8_t *skip,
                          double tol_m, sp_mapcheck **out);
void sp_mapcheck_free(sp_mapcheck *m);

#endif
