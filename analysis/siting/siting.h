/* siting.h — choose new sites from a candidate × demand cost matrix.
 *
 * Vocabulary: a *candidate* is a place where a site could open; a *demand* is
 * a weighted point (a worker cluster); the cost matrix (costmatrix.h) says
 * which candidate reaches which demand at what cost; a pair that is not stored
 * is unreachable.  A candidate *covers* a demand when it reaches it at a cost
 * <= radius (inclusive).
 *
 * Models (the budget p counts NEW sites only):
 *   SP_SITING_MCLP     maximal covering: p new sites maximising the covered
 *                      weight.  Objective = covered weight, fixed sites'
 *                      coverage included.
 *   SP_SITING_TARGET   generalised set covering: the fewest new sites whose
 *                      coverage (with the fixed sites) reaches
 *                      target_percent of the TOTAL weight.  Objective = number
 *                      of new sites.  When even every usable candidate cannot
 *                      reach the target, target_met = 0 and the answer is the
 *                      fewest sites covering all the weight that can be
 *                      covered (so 100 means "all reachable weight").  p >= 0
 *                      caps the count (target_met = 0 if the cap bites);
 *                      p < 0 means no cap.
 *   SP_SITING_PMEDIAN  p new sites minimising sum weight × cost, each demand
 *                      assigned to its cheapest open site (fixed or new).
 *   SP_SITING_PCENTER  p new sites minimising the largest cost from a demand
 *                      to its cheapest open site.
 *   For pmedian and pcenter only demand with weight > 0 counts.  A demand
 *   that no fixed or usable candidate reaches at all is UNREACHABLE: it is
 *   left out of the objective and counted in n_unreachable /
 *   unreachable_weight.  Every other counted demand must be reached by an
 *   open site; if no p sites can do that, the solve fails with SP_E_INPUT.
 *   The objective ignores radius; radius only says what "covered" means in
 *   the coverage curve (curve[k].covered_weight: weight within radius of
 *   the sites open at budget k); at the default INFINITY, "covered" means
 *   "reached".  The ranks' covered figures always mean "reached".
 *
 * Candidate flags: SP_SITE_FIXED (an existing station: always open, not part
 * of the budget, its coverage counts as already covered), SP_SITE_REQUIRED
 * (must be one of the p new sites), SP_SITE_EXCLUDED (never chosen).  At most
 * one flag per candidate.  *Usable* candidates are those neither fixed nor
 * excluded.
 *
 * Method: lazy greedy (CELF), then swap local search until no swap improves,
 * then the exact step within the time limit.  For covering (mclp, target):
 * reduce (demand covered by fixed or required sites dropped, empty and
 * dominated candidates dropped, identical demand rows merged), solve the LP
 * relaxation (its basis is kept from one budget to the next), round the LP
 * solution and improve it by swaps, solve the MIP restricted to the LP
 * support, fix candidates by reduced costs against the best solution, and
 * prove the rest with GLPK branch-and-bound warm-started with that solution.
 * pmedian is one GLPK MIP (strong x_ij <= y_i form); pcenter is a bisection
 * over the distinct costs, each step a covering feasibility MIP.  The result
 * says which step produced the answer and whether it is proven optimal.
 * GLPK never prints (its terminal output is switched off around each call).
 *
 * Capacitated siting (opts.capacity given; mclp and target only, other
 * models are SP_E_INPUT "capacitated siting supports the models mclp and
 * target").  A site SERVES workers up to its capacity; the workers served
 * by a set of open sites (the fixed ones and the chosen ones) are the
 * optimum of the transportation problem of capassign.h on the pairs within
 * radius (a demand may be split between sites).  mclp: p new sites
 * maximising the served weight (fixed sites' service included; objective =
 * served weight).  target: the fewest new sites whose served weight reaches
 * target_percent of the TOTAL weight; beyond reach means more than every
 * usable candidate and the fixed sites together serve, and the answer is
 * then the fewest sites serving that much.  Method: lazy greedy whose gains
 * are served weights (the value of a maximum flow, cap_flow.c: the same
 * amount capassign serves), pruned by the previous gain (valid as served
 * weight is submodular) and by ub = min(capacity, weight within radius,
 * the gain on the fixed sites alone), swap search (a swap is tried only when the candidate's ub
 * exceeds what the site taken out loses; half the time left, 85 % when
 * GLPK will not run at all), then the exact step: the simple bound (fixed sites'
 * service + the p largest ub), a Lagrangian bound (demand rows relaxed,
 * fractional knapsack per site, subgradient steps; its relaxed site sets
 * tried as answers), and, with at most SP_CAP_GLPK_PAIRS pairs, one GLPK
 * MIP on the pairs within radius: x_ij >= 0 continuous, y_j binary,
 * sum_j x_ij <= w_i, sum_i x_ij <= C_j y_j (C_j = the capacity or, when
 * larger or unlimited, the weight within radius), x_ij <= w_i y_j,
 * sum y_j <= p, required y_j = 1, fixed sites always open, warm-started
 * with the heuristic's answer; with more pairs, up to SP_CAP_IPT_PAIRS
 * (siting_internal.h), the LP relaxation of that MIP by GLPK's interior
 * point, its demand-row duals starting a second Lagrangian run (not for
 * the smaller curve budgets; with a deadline only when 30 s are left).
 * bound = the least of these (a proven
 * upper bound on the served weight), gap and optimal as for the
 * uncapacitated models; the answer's served weight is always measured by a
 * flow.  Ranks: rank k is the chosen site that adds the most served
 * weight to the fixed sites and ranks 1..k-1; added_weight, objective,
 * cum_weight, cum_percent and the runner-up's figures are served weights;
 * new_demand still lists the demand newly COVERED (within radius).
 * covered_weight, n_covered and fixed_weight keep their distance meaning;
 * served_weight and fixed_served hold the service.  The curve: objective =
 * served, covered_weight = the weight that budget's sites cover; small
 * instances solve every budget as above (an equal share of the time left
 * each); big ones (more than SP_CAP_GLPK_PAIRS pairs) grow the previous
 * budget by greedy with a short Lagrangian bound for the smaller budgets,
 * and the answer's budget gets the time.  Determinism: as below, except
 * that the swap search also stops at the time limit.
 *
 * Threads: an mclp curve is solved as two fixed chains of budgets (even and
 * odd), run on two threads when GLPK is thread-safe and two cores exist.
 * Nothing else is threaded (capacitated siting runs on one thread); a solve
 * may run in any thread.
 *
 * Determinism: the same matrix and options give the same result, bit for
 * bit, unless a time limit cuts a MIP short (then the answer depends on how
 * far the solver got).  All ties break on the lower candidate index.
 */
#ifndef SP_SITING_H
#define SP_SITING_H

#include <stdint.h>

#include "costmatrix.h"
#include "sitemodel.h"
#include "status.h"


/* Candidate flags (one byte per candidate). */
enum {
    SP_SITE_FIXED = 1,
    SP_SITE_REQUIRED = 2,
    SP_SITE_EXCLUDED = 4
};

typedef struct {
    sp_siting_model model;
    int32_t p;             /* new sites (budget); target: cap, -1 = none */
    double radius;         /* mclp, target: cover iff cost <= radius; pmedian,
                              pcenter: the curve's covered weight (above) */
    double target_percent; /* target: in (0, 100] */
    const uint8_t *flags;  /* n_cand flags or NULL (none); borrowed */
    double time_limit_s;   /* wall-clock limit for the exact step; <= 0: none */
    int curve;             /* also solve the smaller budgets (default 1) */
    int use_mip;           /* 0 = heuristics only (default 1) */
    int threads;           /* 0 = up to 2 when there are 2 cores, 1 = none */
    int heuristics;        /* 2 = greedy + swap search (default), 1 = greedy
                            * only, 0 = none (the MIP starts from the
                            * required + lowest-index candidates); tests use
                            * 0 and 1 to make the exact step do the work */
    int fill_budget;       /* mclp: keep chosen sites that add nothing (default
                            * 0: the answer stops at the last rank that adds
                            * weight; res->budget keeps p) */
    const double *capacity; /* n_cand capacities in workers (>= 0, INFINITY =
                             * unlimited) or NULL: the uncapacitated models
                             * (see "Capacitated siting"); borrowed */
} sp_siting_opts;

/* target: how the answer relates to the goal. */
typedef enum {
    SP_TARGET_MET = 0,      /* the fewest sites that reach target_percent */
    SP_TARGET_CAPPED,       /* not reached within the cap p: the answer is the
                             * best coverage with p sites (cap_bound, cap_optimal) */
    SP_TARGET_BEYOND_REACH  /* more than every candidate together covers: the
                             * answer is the fewest sites covering all they can */
} sp_target_status;

/* "met", "capped", "beyond_reach" (summary.json and siteplan solve). */
const char *sp_target_status_name(sp_target_status s);

/* Defaults: mclp, p = 1, radius INFINITY, target 100, no flags, no time
 * limit, curve on, local search and MIP on. */
void sp_siting_opts_default(sp_siting_opts *o);

/* One chosen site in rank order.  Rank 1 is the chosen site that adds the
 * most to the fixed sites; rank k the one that adds the most to the fixed
 * sites and ranks 1 .. k-1 ("adds the most": most newly covered weight for
 * mclp/target; for pmedian/pcenter most newly reached weight, then the lowest
 * objective; ties by candidate index). */
typedef struct {
    int32_t site;         /* candidate index */
    double added_weight;  /* weight it newly covers at this step */
    int32_t n_new;        /* demands it newly covers ... */
    int32_t *new_demand;  /* ... their indices, ascending (owned by result) */
    double objective;     /* model objective after this rank: covered weight
                           * (mclp, target), sum weight × cost over reached
                           * demand (pmedian), largest cost over reached
                           * demand (pcenter) */
    double cum_weight;    /* covered weight after this rank (fixed included) */
    double cum_percent;   /* of the total weight */
    int32_t runner_up;    /* best usable unchosen candidate at this step, -1 */
    double runner_up_added_weight;
    double runner_up_objective;
} sp_siting_rank;

/* One point of the budget curve: budgets n_required .. p (target: up to the
 * answer).  For target the objective of a point is its covered weight. */
typedef struct {
    int32_t p;            /* new sites */
    double objective;     /* best found for this budget (INFINITY: none) */
    double bound;         /* proven bound (NAN when unknown) */
    int optimal;
    double covered_weight;
} sp_siting_point;

typedef struct {
    sp_siting_model model;
    int32_t p;            /* new sites chosen (target: the answer) */
    int32_t budget;       /* the budget asked for (opts.p) */
    double radius;

    int32_t n_sites;      /* = p */
    sp_siting_rank *ranks;/* n_sites, rank order */

    double objective;     /* see the models above */
    double bound;         /* best proven bound on the objective (NAN: none) */
    double gap;           /* |bound - objective| / max(|objective|, 1e-9) */
    int optimal;          /* proven optimal */
    const char *method;   /* "greedy", "local-search" or "mip" (static) */
    double seconds;       /* wall time of the solve */

    double total_weight;    /* all demand */
    double covered_weight;  /* covered by fixed + chosen sites */
    double covered_percent;
    double fixed_weight;    /* covered by the fixed sites alone */
    int32_t n_demand;
    int32_t n_covered;      /* demands covered, whatever their weight */

    double target_weight;   /* target: the weight asked for */
    int target_met;         /* target: 1 if reached */
    sp_target_status target_status;
    double cap_bound;       /* SP_TARGET_CAPPED: proven upper bound on the weight p
                             * sites can cover (NAN: none) */
    int cap_optimal;        /* SP_TARGET_CAPPED: covered_weight is that best */

    int32_t n_unreachable;  /* pmedian/pcenter: left out of the objective */
    double unreachable_weight;
    double mean_cost;       /* pmedian: objective / reached weight */

    int32_t n_curve;
    sp_siting_point *curve; /* see sp_siting_point (when opts.curve) */

    int capacitated;        /* opts.capacity was given */
    double served_weight;   /* capacitated: served by fixed + chosen sites */
    double fixed_served;    /* capacitated: served by the fixed sites alone */
} sp_siting_result;

/* Solve.  SP_E_INPUT (with a message) for: a budget above the number of
 * usable candidates (or below the required ones), no usable candidate
 * reaching any demand, conflicting flags (e.g. required and excluded), bad
 * radius / target, an infeasible pmedian/pcenter.  OUT: *out owns a result
 * (sp_siting_result_free). */
sp_status sp_siting_solve(const sp_costmatrix *m, const sp_siting_opts *opts,
                          sp_siting_result **out);

void sp_siting_result_free(sp_siting_result *r);


#endif
