/* gaps.h — coverage gaps: uncovered clusters grouped into zones.
 *
 * Rule (README.md, "Gaps"): two uncovered clusters belong to the same gap
 * zone when their representative points are at most link_m apart
 * (straight line, in the working CRS); zones are the connected groups of
 * that relation (single linkage).  Unreachable clusters (too far from any
 * road) are uncovered too and take part.  A zone's polygon is the union of
 * its clusters' polygons (polygon clusters) or of discs of radius link_m / 2
 * around its points (point clusters), so neighbouring discs merge.  Zones are
 * ranked by workers (descending), ties by their lowest cluster index.
 *
 * Work: points are bucketed in cells of link_m / 2, whose points are one
 * zone at once; two cells at most two apart are tested pair by pair (one
 * point per distinct place on either side) only until one pair within
 * link_m joins them (or they already are one zone).  So clusters sharing a place cost no distance at all
 * (100,000 at one point: pair_tests is 0), and every cluster costs the
 * sorting; the worst case left is two cells of many distinct places near
 * each other with no pair within link_m.  One disc is drawn per distinct point.
 */
#ifndef SP_GAPS_H
#define SP_GAPS_H

#include <geos_c.h>
#include <stdint.h>

#include "status.h"

typedef struct {
    int32_t rank;          /* 1 = most workers */
    double workers;
    int32_t n_clusters;
    int32_t *clusters;     /* ascending cluster indices (owned) */
    int32_t largest;       /* the member with the most workers */
    double cx, cy;         /* worker-weighted centre (plain centre if 0 workers) */
    GEOSGeometry *polygon; /* owned */
} sp_gap;

typedef struct {
    int32_t n;
    sp_gap *zones;         /* in rank order */
    int64_t pair_tests;    /* distances computed to link the zones (tests, benchmarks) */
} sp_gaps;

/* xy: 2*n cluster points; geom: the clusters' geometries (polygons used as
 * they are, points get discs); uncovered: 1 for clusters in a gap.
 * OUT: *out (sp_gaps_free). */
sp_status sp_gaps_find(GEOSContextHandle_t gctx, int32_t n, const double *xy,
                       GEOSGeometry *const *geom, const double *weight,
                       const uint8_t *uncovered, double link_m, sp_gaps **out);
void sp_gaps_free(sp_gaps *g, GEOSContextHandle_t gctx);

#endif
