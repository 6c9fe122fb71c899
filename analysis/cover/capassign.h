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
 * node potentials (Dijkstra on reduced costs, net/heap.h), after a greedy
 * start that keeps the potentials valid (capassign.c).  The flow is
 * maximum and of least cost among maximum flows: both objectives are
 * optimal (proven by the algorithm, not a heuristic).  With integer worker
 * counts and capacities every flow is an integer (the algorithm only adds
 * and subtracts); otherwise flows are exact up to double rounding (an
 * amount below 1e-12 of the largest weight counts as 0).  Only points with
 * workers and sites with a capacity > 0 take part: a site of capacity 0
 * serves nobody, but its pairs still make their points covered.
 *
 * Determinism: nothing depends on threads, time or addresses.  The greedy
 * start takes points by ascending least eligible cost (ties: lower point
 * index), each to its nearest site (ties: lower site index); the searches
 * scan arcs in ascending index order and keep the first of equally short
 * paths met (the heap's order is fixed for the same operations).  So the
 * same inputs give the same flows bit for bit.  When several assignments
 * are optimal, which one is returned follows from these rules, not from a
 * further objective (README.md "Capacity: who is actually served").
 *
 * Contract: the result owns its arrays (sp_capassign_free, NULL-safe).  The
 * matrix and the arrays passed in are borrowed and only read, so several
 * threads may solve on one matrix at once.  Errors: SP_E_INPUT (with a
 * message naming the site or demand id, or its 1-based index when the
 * matrix side is anonymous) for a negative or NaN capacity, a negative,
 * NaN or infinite weight, or a NaN threshold; SP_E_NOMEM.  *out is NULL on
 * error.
 */
#ifndef SP_CAPASSIGN_H
#define SP_CAPASSIGN_H

#include <stdint.h>

#include "costmatrix.h"
#include "status.h"

typedef struct {
    int32_t n_sites, n_points;  /* the matrix's candidates and demands */
    double served;              /* workers served: sum of the flows */
    double covered;             /* workers of points with an eligible pair
                                   (capacity 0 included) */
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
    int64_t augmentations;      /* shortest-path searches run (for benchmarks;
                                   0 when the greedy start serves everyone) */
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
