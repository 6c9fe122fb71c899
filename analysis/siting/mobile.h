/* mobile.h — the plan of mobile units (health-check trucks, visiting
 * doctors): which stops each unit visits on which day, in what order, with a
 * proven lower bound on the unit-days and, on small instances, the exact
 * optimum (README.md "Mobile units").
 *
 * The problem (a capacitated vehicle routing problem with a day length,
 * packed onto units and days): stops with workers to serve, one or more
 * depots, drive seconds between every pair of depots and stops.  A
 * *unit-day* is one route: it leaves a depot at time 0, visits stops, comes
 * back to the same depot; at each stop it spends setup_s + workers served
 * there x per_worker_s.  A route is feasible when it serves at most
 * capacity_per_day workers and ends (back at the depot) by day_s.
 *
 * Visits: a stop whose workers do not fit into one day is split into
 * several visits (README rule): q_max = the most workers one unit-day can
 * serve at the stop alone from the nearest depot that has a unit
 * (min(capacity_per_day, floor((day_s - drive there - drive back - setup_s)
 * / per_worker_s)), per_worker_s = 0: capacity_per_day); the stop gets
 * floor(w / q_max) visits of q_max workers and one visit of the rest (when
 * > 0).  Every visit is visited by exactly one route.  A stop with no road
 * to or from any unit's depot is SP_MOBILE_UNREACHABLE; a stop where q_max
 * < 1 (even one worker does not fit into a day from the nearest depot) is
 * SP_MOBILE_TOO_FAR.
 *
 * Objective, in order: fewest unit-days serving every visit, then least
 * total drive time.  Then the routes are put on units and days: a unit
 * works at most one route a day, on routes from its own depot
 * (unit_depot); when the routes need more unit-days than units x days, the
 * routes serving the most workers are kept (ties: lower route index) and
 * the visits of the others are SP_MOBILE_NO_DAYS.  Kept routes are put on
 * days in order of their index: day = k / units_of_depot, unit = the
 * depot's units in order.
 *
 * Method: savings (Clarke and Wright) construction per depot, then local
 * search (2-opt within a route, relocate and exchange between routes, and
 * emptying the route with the fewest visits into the others) under the day
 * length and capacity, until no move improves; deterministic (fixed move
 * order, ties to the lower index).  Exact step: when the visits are at most
 * exact_max_visits (default 15), every subset of visits is checked for a
 * feasible route (Held-Karp over the subset, per depot) and the fewest
 * routes covering every visit are found by dynamic programming over
 * subsets (ties: least drive); that plan replaces the heuristic's and
 * `exact` is 1.
 *
 * Lower bound on the unit-days needed to serve every servable visit
 * (lower_bound <= unit_days_needed always): the largest of
 *   - ceil(sum of visit workers / capacity_per_day);
 *   - ceil(sum over visits of (service time + the least drive into the
 *     visit's stop from any depot or other stop) / day_s);
 *   - the number of visits that cannot share a day with any other visit
 *     (a pair fits into one day only when both its workers and the
 *     two-stop route's time fit) — each needs a day of its own — plus the
 *     first bound applied to the other visits;
 *   - with exact: the optimum itself.
 * `exact` is also 1 when the heuristic's unit-days equal the bound.
 *
 * Details: the savings are directed (asymmetric drive times are exact; a
 * reversal in 2-opt is costed edge by edge); the construction is run from
 * several starts (savings with shape lambda 1.0, 0.6, 1.4, 0.3, 1.8, 0.1 and
 * two best-fit-decreasing packings, by workers and by share of the day; 8
 * starts up to 400 visits, 3 up to 2000, then 2), each followed by the
 * local search, and the best plan is kept; the local search also swaps
 * route tails between two routes (2-opt*, which can empty a route), moves
 * a whole route to another depot that has a unit when that shortens it,
 * and may move a visit to a route of another depot (the construction puts
 * it on its nearest); above 1200 visits moves are tried
 * only among each visit's 50 nearest visits (2-opt* above 400).  Starts in
 * this order: savings 1.0, packing by workers, packing by share of the
 * day, then the other lambdas.  A stop with 0 workers needs no visit and
 * is SP_MOBILE_SERVED.  Feasibility allows a relative tolerance of 1e-9 on
 * capacity and day length (the bound uses the same).
 *
 * Contract: inputs are borrowed and only read; drive_s entries are >= 0 or
 * INFINITY.  Errors: SP_E_INPUT for a bad problem (no depot, units < 1,
 * days < 1, capacity_per_day <= 0, day_s <= 0, a negative or NaN number,
 * unit_depot out of range); SP_E_NOMEM; SP_E_CANCEL when progress returns
 * FALSE (called at the start, before the exact step and at the end).  The
 * plan owns its arrays (sp_mobile_plan_free, NULL-safe).  Pure computation: thread-safe on
 * distinct problems; results do not depend on timing.
 */
#ifndef SP_MOBILE_H
#define SP_MOBILE_H

#include <gdal.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef enum {
    SP_MOBILE_SERVED = 0,      /* every worker of the stop served */
    SP_MOBILE_UNREACHABLE,     /* no road between the stop and any unit's depot */
    SP_MOBILE_TOO_FAR,         /* one visit does not fit into a day from the nearest depot */
    SP_MOBILE_NO_DAYS,         /* some or all of its visits did not fit into units x days */
    SP_MOBILE_REASON_COUNT
} sp_mobile_reason;

typedef struct {
    int32_t n_depots, n_stops;
    /* drive seconds, row-major (n_depots + n_stops)^2: point a = depot a
     * (a < n_depots) or stop a - n_depots; drive_s[a * N + b] = from a to b;
     * INFINITY = no road; diagonal 0 */
    const double *drive_s;
    const double *workers;     /* n_stops: workers to serve at each stop, >= 0 (0: no visit) */
    double capacity_per_day;   /* workers one unit serves in one day, > 0 */
    double day_s;              /* a unit-day's working time including driving, > 0 */
    double setup_s;            /* per visit, >= 0 */
    double per_worker_s;       /* per worker served, >= 0 */
    int32_t units;             /* >= 1 */
    const int32_t *unit_depot; /* units: each unit's depot */
    int32_t days;              /* days the units work, >= 1 */
    int exact_max_visits;      /* enumerate at most this many visits; 0 = 15; < 0 = never;
                                * values above 18 count as 18 (2^V x V table, 3^V DP) */
    GDALProgressFunc progress; /* may be NULL */
    void *parg;
} sp_mobile_problem;

typedef struct {
    int32_t stop;              /* stop index */
    double workers;            /* served at this visit */
    double arrive_s, depart_s; /* seconds after the day's start */
    double drive_in_s;         /* drive from the previous stop (or the depot) */
} sp_mobile_visit;

typedef struct {
    int32_t unit, day;         /* 0-based; day < days */
    int32_t depot;
    int32_t first, n;          /* visits first .. first + n - 1 of the plan, in order */
    double workers;            /* served by the route */
    double drive_s;            /* total drive, back to the depot included */
    double end_s;              /* back at the depot, seconds after the day's start (<= day_s) */
} sp_mobile_route;

typedef struct {
    int32_t n_routes;          /* routes kept (scheduled), ordered by day, then unit */
    sp_mobile_route *route;
    size_t n_visits;
    sp_mobile_visit *visit;    /* the kept routes' visits, route by route */
    double *stop_served;       /* n_stops: workers served at each stop */
    int32_t *stop_visits;      /* n_stops: visits the stop needs (0 when unservable) */
    sp_mobile_reason *stop_reason; /* n_stops: SP_MOBILE_SERVED or why not (all of it) */
    double workers_total;      /* sum of workers */
    double workers_served;
    double workers_unserved[SP_MOBILE_REASON_COUNT]; /* by reason; [SP_MOBILE_SERVED] = 0 */
    int32_t visits_needed;     /* visits of servable stops */
    int32_t unit_days_needed;  /* routes of the plan serving every servable visit */
    int32_t unit_days_available; /* units x days */
    int32_t unit_days_used;    /* n_routes = min(needed, what fits) */
    int32_t lower_bound;       /* proven: no plan serves every servable visit in fewer */
    int exact;                 /* unit_days_needed is proven optimal */
    int enumerated;            /* the exact step ran (small instance) */
    double drive_s_total;      /* over the kept routes */
    double seconds;            /* wall time of the solve (benchmarks only) */
} sp_mobile_plan;

/* Solve p.  OUT: *out (sp_mobile_plan_free). */
sp_status sp_mobile_solve(const sp_mobile_problem *p, sp_mobile_plan **out);
void sp_mobile_plan_free(sp_mobile_plan *plan);

/* The lower bound alone (as above, without the exact step), for tests;
 * -1 for a bad problem (the message as sp_mobile_solve's). */
int32_t sp_mobile_lower_bound(const sp_mobile_problem *p);

const char *sp_mobile_reason_name(sp_mobile_reason r); /* "served", "unreachable", ... */

#endif
