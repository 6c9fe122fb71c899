/* siteshare.h — what each existing site does for the coverage, at the
 * threshold: the workers it reaches, the workers it is responsible for, and
 * the workers that only it reaches.
 *
 * Over the finished coverage (coverage.h: the one site x demand-point
 * matrix, the per-point least times and the per-cluster nearest site), for
 * each site s, at threshold T (seconds; the run's largest threshold):
 *   reached   the demand points s covers (sp_covers(time, T)): their
 *             workers, and the number of clusters with at least one of
 *             them (an area cluster, lattice.h, counts once);
 *   assigned  the clusters whose nearest site (coverage.c: least time, ties
 *             to the lower site index) is s and that are covered: their
 *             covered workers (sp_demand_cluster_within) and their number.
 *             Every covered cluster has exactly one nearest site, so the
 *             assigned workers of all sites sum to the workers covered;
 *   only      the workers of the demand points that s covers and no other
 *             site covers, and the clusters that s covers (at some point)
 *             and no other site covers (at any point): exactly what would
 *             become uncovered if s alone closed.
 *
 * Contract: reads c and d only; out arrays are the caller's, n_sites long,
 * and are overwritten.  Thread-safe on distinct outputs.
 */
#ifndef SP_SITESHARE_H
#define SP_SITESHARE_H

#include <stdint.h>

#include "coverage.h"
#include "demand.h"
#include "status.h"

typedef struct {
    double workers_reached, workers_assigned, workers_only;
    int32_t clusters_reached, clusters_assigned, clusters_only;
} sp_site_share;

/* OUT: out[0 .. c->n_sites).  SP_E_NOMEM on out of memory (with a message). */
sp_status sp_site_shares(const sp_coverage *c, const sp_demand *d, double threshold,
                         sp_site_share *out);

#endif
