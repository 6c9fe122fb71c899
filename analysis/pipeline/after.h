/* after.h — the state after a siting run: the existing sites (stations and
 * facilities) and the recommended sites open together.
 *
 * The recommended sites are the final budget's chosen sites (the ranks of
 * the siting result, rank order).  Rule (README.md, "After the recommended
 * sites"):
 *   - each recommended site gets one bounded reverse search to the largest
 *     threshold T and its catchment polygons per threshold, by the coverage
 *     code of the existing sites (sp_coverage_compute, the same catchment
 *     options), from the candidate's own snap;
 *   - per demand point, the after time is the least time of an open site
 *     within T (the existing sites' from the analysis, then the recommended
 *     sites'); per cluster, the least over its points, and its nearest site
 *     after is that site: ties go to the existing site (the analysis'
 *     nearest), then to the better rank;
 *   - a cluster is covered after when sp_covers(time, T); otherwise it has
 *     no nearest site and no time after (INFINITY / -1; empty in the files),
 *     whatever a pmedian/pcenter matrix knows beyond T;
 *   - the gaps after are sp_gap_zones() (gapzones.h, gaps.h) over the demand
 *     points not covered after (their after times).
 * The recommended sites' rows within T are checked against the siting
 * matrix (the same searches): a difference is SP_E_INTERNAL, so the after
 * state is always the one the optimiser scored.
 *
 * Ownership: sp_after owns everything in it (sp_after_free with the GEOS
 * handle of its inputs).  Threads: as sp_analyze (the caller's context).
 */
#ifndef SP_AFTER_H
#define SP_AFTER_H

#include <geos_c.h>
#include <stdint.h>

#include "catchment.h"
#include "coverage.h"
#include "gaps.h"
#include "inputs.h"
#include "scenario.h"
#include "status.h"

struct sp_recommend;

typedef struct sp_after {
    int32_t n_new;            /* recommended sites, rank order */
    int32_t *cand;            /* per new site: its candidate index in the sp_recommend */
    sp_coverage *cov;         /* the new sites' searches: rows in rank order, catchment
                                 polygons per site and threshold */
    double *area_km2;         /* n_new * n_rings: area of each catchment polygon */
    /* per cluster */
    int32_t *nearest;         /* open site: 0 .. n_sites-1 an existing site, n_sites + k
                                 the recommended site of rank k + 1; -1 when not covered */
    double *time_s;           /* seconds to it; INFINITY when not covered */
    uint8_t *covered;         /* 1 when within T of an open site */
    /* per demand point: the least time of an open site within T (seconds);
     * INFINITY when none (a cluster's workers covered after are
     * sp_demand_cluster_summary over these) */
    double *point_time_s;
    double workers_covered;   /* per point within T, summed (sp_demand_cluster_within) */
    int32_t clusters_covered;
    sp_gaps *gaps;            /* gaps after */
} sp_after;

/* OUT: *out (sp_after_free).  cov: the analysis coverage of the existing
 * sites (nearest, times, point times); rec: the recommendations of the same
 * inputs and options; cat: the catchment options the analysis used. */
sp_status sp_after_compute(const sp_inputs *in, const sp_options *o, const sp_coverage *cov,
                           const struct sp_recommend *rec, const sp_catchment_opts *cat,
                           sp_after **out);
void sp_after_free(sp_after *a, GEOSContextHandle_t gctx);

/* The id of an open site of the after state (a nearest[] value >= 0). */
const char *sp_after_site_id(const sp_after *a, const sp_inputs *in,
                             const struct sp_recommend *rec, int32_t open_site);

#endif
