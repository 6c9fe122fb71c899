/* gaps.h — coverage gaps: the uncovered parts of the clusters grouped into
 * zones.
 *
 * Rule (README.md, "Gaps"): the pieces are
 *   - an uncovered point cluster: its point;
 *   - the uncovered part of an area cluster (a Polygon or MultiPolygon) with
 *     at least one uncovered demand point: the area intersected with the
 *     Voronoi cells of its uncovered demand points (GEOSVoronoiDiagram_r of
 *     all its demand points, the area's envelope as the extent; a lattice
 *     gives squares); an area with one demand point, or with every point
 *     uncovered, is a piece as a whole.
 * Two pieces belong to the same gap zone when they are at most link_m apart
 * (straight line, in the working CRS; two points: the distance of their
 * points; otherwise the GEOS distance of the pieces); zones are the
 * connected groups of that relation (single linkage).  Unreachable clusters
 * (too far from any road) are uncovered too and take part.
 * A zone's workers are the uncovered workers of its pieces (a point cluster
 * or a wholly uncovered area: its workers; a partly uncovered area: the
 * shares of its uncovered points, added in point order); its clusters are
 * the clusters with a piece in it (ascending); the largest is the member
 * with the most uncovered workers (ties: the lowest index); its centre is
 * the workers-weighted mean of its pieces' centres (a point: the point; an
 * area: the share-weighted mean of its uncovered points; plain means when
 * the workers are 0); its polygon is the union of the areas' pieces and of
 * discs of radius link_m / 2 around its points, so neighbouring discs merge.
 * Zones are ranked by workers (descending), ties by their lowest cluster
 * index.
 *
 * Work: point pieces are bucketed in cells of link_m / 2, whose points are
 * one zone at once; two cells at most two apart are tested pair by pair (one
 * point per distinct place on either side) only until one pair within
 * link_m joins them (or they already are one zone).  So clusters sharing a
 * place cost no distance at all (100,000 at one point: pair_tests is 0), and
 * every cluster costs the sorting; the worst case left is two cells of many
 * distinct places near each other with no pair within link_m.  One disc is
 * drawn per distinct point.  Area pieces then look for the pieces whose
 * envelopes come within link_m of theirs (a GEOS STRtree of every piece, so
 * a large area costs one query, not one per cell it spans) and compute the
 * distance (prepared piece) only to those not yet in their zone.  A run
 * without areas does exactly the point work.  An area's uncovered cells are
 * joined by GEOSCoverageUnion_r (they tile the plane; the overlay union of
 * the same cells where it refuses them).
 *
 * An outline that GEOS overlays refuse (the inputs refuse invalid polygons,
 * io/input.c, so this is a safeguard: say one made invalid by the
 * projection) is used in its valid form (GEOSMakeValid_r) for the uncovered
 * part and the zone's polygon.
 *
 * Contract: coordinates in the working CRS (metres).  The inputs are only
 * read.  Deterministic.  Errors: SP_E_NOMEM; SP_E_INTERNAL for inconsistent
 * demand points or a GEOS failure (naming the cluster when ids are given).
 * One GEOS context per thread.
 */
#ifndef SP_GAPS_H
#define SP_GAPS_H

#include <geos_c.h>
#include <stdint.h>

#include "status.h"

typedef struct {
    int32_t rank;          /* 1 = most workers */
    double workers;        /* uncovered workers of its pieces */
    int32_t n_clusters;
    int32_t *clusters;     /* ascending cluster indices (owned) */
    int32_t largest;       /* the member with the most uncovered workers */
    double cx, cy;         /* worker-weighted centre (plain centre if 0 workers) */
    GEOSGeometry *polygon; /* owned */
} sp_gap;

typedef struct {
    int32_t n;
    sp_gap *zones;         /* in rank order */
    int64_t pair_tests;    /* distances computed to link the zones (tests, benchmarks) */
} sp_gaps;

/* What the gaps are made of: the clusters and their demand points
 * (demand.h, inputs.h demand_xy). */
typedef struct {
    int32_t n_clusters;
    const double *xy;             /* 2 per cluster: a point cluster's point */
    GEOSGeometry *const *geom;    /* per cluster: a Point, or a (Multi)Polygon (an area) */
    const double *weight;         /* per cluster: its workers */
    const char *const *ids;       /* per cluster, for messages; may be NULL */
    /* The demand points: point p belongs to cluster point_cluster[p]
     * (ascending, consecutive, from 0, every cluster at least one point),
     * lies at point_xy[2p], carries point_weight[p] workers and is covered
     * when point_covered[p] is 1.  point_cluster NULL: one point per
     * cluster (n_points = n_clusters), at xy with all the workers; then
     * point_xy and point_weight may be NULL. */
    int32_t n_points;
    const int32_t *point_cluster;
    const double *point_xy;
    const double *point_weight;
    const uint8_t *point_covered;
} sp_gaps_in;

/* The zones of in's uncovered pieces at link_m (> 0).  OUT: *out
 * (sp_gaps_free). */
sp_status sp_gaps_find(GEOSContextHandle_t gctx, const sp_gaps_in *in, double link_m,
                       sp_gaps **out);
void sp_gaps_free(sp_gaps *g, GEOSContextHandle_t gctx);

#endif
