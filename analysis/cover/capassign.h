/* capassign.h — capacitated assignment: who is actually served.
 *
 * Coverage by distance says who is within the threshold of a site; a site
 * with a capacity (the workers it can take responsibility for) cannot serve
 * them all.  This module answers the transportation problem exactly:
 *
 *   flows x[s,p] >= 0 on the ELIGIBLE pairs (site s open, pair stored in the
 *   matrix and sp_covers(cost, threshold_s));
 *   sum_s x[s,p] <= w[p]  (a demand point's workers),
 *   sum_p x[s,p] <= cap[s] (INFINITY = unlimited);
 *   maximise sum x (the workers served) and, among the assignments that
 *   serve that many, minimise sum x[s,p] * cost[s,p] (worker-seconds).
 *
 * A demand point may be split between sites.  Method: minimum-cost maximum
 * flow (source -> point, capacity w; point -> site, cost = the pair's
 * seconds; site -> sink, capacity cap) by successive shortest paths with
 * node potentials (Dijkstra on reduced costs, our heap).  The flow is
 * maximum and of least cost among maximum flows: both objectives are
 * optimal (proven by the algorithm, not a heuristic).  With integer worker
 * counts and capacities every flow is an integer (the algorithm only adds
 * and subtracts); otherwise flows are exact up to double rounding.
 *
 * Determinism: ties in the searches break on the lower node index (points
 * before sites, lower index first), so the same inputs give the same flows
 * bit for bit, whatever the thread count.  When several assignments are
 * optimal the one returned is the one this rule finds (README.md
 * "Capacity").
 *
 * Contract: the result owns its arrays (sp_capassign_free, NULL-safe).  The
 * matrix and the arrays passed in are borrowed and only read, so several
 * threads may solve on one matrix at once.  Errors: SP_E_INPUT (with a
 * message) for a negative or NaN capacity or weight; SP_E_NOMEM.
 */
#ifndef SP_CAPASSIGN_H
#define SP_CAPASSIGN_H

#include <stdint.h>

#include "costmatrix.h"
#include "status.h"

typedef struct {
    int32_t n_sites, n_points;  /* the matrix's candidates and demands */
    double served;              /* workers served: sum of the flows */
    double covered;             /* workers of points with an eligible pair */
    double cost;                /* sum flow x cost (worker-seconds) */
    double *point_served;       /* n_points: workers of each point served */
    double *site_load;          /* n_sites: workers each site serves */
    /* the positive flows, by point (CSR): point p's are
     * pair_site/pair_flow/pair_cost[pt_first[p] .. pt_first[p + 1]),
     * ascending site index */
    int64_t *pt_first;          /* n_points + 1 */
    int32_t *pair_site;
    double *pair_flow;
    float *pair_cost;           /* the matrix cost of that pair (seconds) */
    int64_t n_pairs;
    int64_t augmentations;      /* shortest-path searches run (for benchmarks) */
} sp_capassign;

/* Solve on matrix m (rows = sites, columns = demand points).
 *   weight:    n_demand workers per point; NULL = the matrix weights.
 *   capacity:  n_cand capacities in workers (>= 0; INFINITY = unlimited);
 *              NULL = every site unlimited.
 *   open:      n_cand flags (1 = the site takes part); NULL = all.
 *   threshold_s: a pair is eligible when sp_covers(cost, threshold_s).
 * OUT: *out (sp_capassign_free). */
sp_status sp_capassign_solve(const sp_costmatrix *m, const double *weight,
                             const double *capacity, const uint8_t *open,
                             double threshold_s, sp_capassign **out);

void sp_capassign_free(sp_capassign *a);

#endif
