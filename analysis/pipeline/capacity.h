/* capacity.h — [capacity]: of the workers the existing sites cover, who they
 * can actually serve within their capacities (README.md "Capacity: who is
 * actually served", "Capacity inputs").
 *
 * sp_capacity_run() takes each existing site's capacity (the stations' and
 * facilities' sp_points.capacity, workers, INFINITY = unlimited, filled by
 * io/input.c and the [changes]), solves the capacitated assignment
 * (cover/capassign.h: most workers served, then least worker-time) on the
 * analysis matrix (rows = sites, columns = demand points, pairs covered at
 * the largest threshold) and adds the demand points' flows up per cluster
 * (sp_demand.point_cluster).
 *
 * The three-way split: served + over capacity (covered, not served) + not
 * covered = all workers; its percentages are rounded together so that they
 * add up to exactly 100 (sp_capacity_pct3).
 *
 * Contract: the outcome owns its arrays (sp_capoutcome_free, NULL-safe);
 * the inputs are borrowed and only read.  Errors: those of
 * sp_capassign_solve (SP_E_INPUT for a negative or NaN capacity, which
 * input.c never lets through), SP_E_NOMEM.
 */
#ifndef SP_CAPACITY_H
#define SP_CAPACITY_H

#include <stdint.h>

#include "capassign.h"
#include "coverage.h"
#include "inputs.h"
#include "scenario.h"
#include "status.h"

typedef struct sp_capoutcome {
    int32_t n_sites, n_clusters;
    double *capacity;          /* n_sites: workers, INFINITY = unlimited */
    double *load;              /* n_sites: workers each serves */
    double *cl_served;         /* n_clusters: workers of the cluster served */
    /* who is served by whom, per (cluster, site) with a positive flow,
     * cluster order then site order (assignment.csv) */
    int64_t n_rows;
    int32_t *row_cluster, *row_site;
    double *row_workers;
    double *row_seconds;       /* the pair's travel time (a cluster of several demand
                                  points: their flow-weighted mean) */
    double total, covered;     /* all workers; those within the threshold of a site */
    double served, over, not_covered;   /* the split: they add up to total */
    double percent_served, percent_over, percent_not_covered;   /* 2 decimals, sum 100 */
    double worker_seconds;     /* sum of flow x seconds */
    int32_t n_limited, n_unlimited, n_full;
    int64_t augmentations;     /* shortest-path searches of the solver */
    double seconds;            /* wall time of the solve (for benchmarks) */
} sp_capoutcome;

/* Solve for the existing sites of in on cov's matrix at threshold_s.
 * covered: the workers the coverage counted within the threshold (the
 * split's "covered").  OUT: *out (sp_capoutcome_free). */
sp_status sp_capacity_run(const sp_inputs *in, const sp_coverage *cov, double threshold_s,
                          double covered, sp_capoutcome **out);
void sp_capoutcome_free(sp_capoutcome *c);

/* Three parts of a whole as percentages with `decimals` decimals that add
 * up to exactly 100 (whole > 0): each rounded down, then the units left
 * given to the largest remainders (ties to the first part), keeping the
 * rule of sp_pct_shown (number.h): a part strictly between 0 and the whole
 * is never shown as 0 or 100.  whole <= 0: all 0. */
void sp_capacity_pct3(const double part[3], double whole, int decimals, double out[3]);

#endif
