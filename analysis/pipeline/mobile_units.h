/* mobile_units.h — [mobile]: where mobile units stop, on which day, by which road
 * (README.md "Mobile units").
 *
 * sp_mobile_run() takes one analysed scenario and:
 *   1. the workers to serve ([mobile] serve): gaps = the workers of each
 *      demand point beyond the scenario's threshold (cov->point_time_s >
 *      T by sp_covers), all = every worker, largest:N = the N clusters with
 *      the most workers (ties: lower index), where:FILTER = the clusters the
 *      OGR attribute filter selects in the clusters layer;
 *   2. the stops: walk_minutes = 0: every target cluster is its own stop;
 *      else candidate stops (the target clusters' points, a stops layer, or
 *      auto: the target clusters' points thinned to one per walk-minutes
 *      cell) and a greedy set cover (most uncovered target workers within
 *      walk_minutes by the scenario's travel ([travel] mode must be walk),
 *      ties to the lower index; then stops whose workers all reach another
 *      chosen stop are dropped, last chosen first); each target point is
 *      served at its nearest chosen stop (least walk time, ties lower
 *      index); a target point no candidate reaches within walk_minutes is
 *      not served (reason "no_stop");
 *   3. drive times between depots and stops: one forward search per depot
 *      and stop over the drive_mode travel setup of the network (the same
 *      cost layer and [changes] closures as every search of that mode),
 *      from the point's snap on that setup;
 *   4. the plan (siting/mobile.h) over one block of period_days /
 *      visits_per_period days; the schedule repeats every block;
 *   5. each route's line along the roads: the drive searches' predecessors
 *      (route.h), leg by leg, depot -> stops -> depot.
 *
 * Contract: the result owns everything in it (sp_mobile_free, NULL-safe);
 * inputs are borrowed and only read.  Uses the calling thread's ctx (in).
 * Errors (one line naming the scenario file and the [mobile] key):
 * SP_E_INPUT for no depot (none found, or an id of depot_ids not among
 * them), a depot not on the drive network, walk_minutes > 0 with a [travel]
 * mode other than walk, a bad where: filter; SP_E_NOMEM.  A stop the depot
 * cannot reach is not an error: its workers are reported as unreachable.
 */
#ifndef SP_MOBILE_UNITS_H
#define SP_MOBILE_UNITS_H

#include <gdal.h>
#include <stdint.h>

#include "coverage.h"
#include "inputs.h"
#include "mobile.h"
#include "scenario.h"
#include "status.h"

/* Why a target worker is not served: the plan's reasons, then this one. */
#define SP_MOBILE_NO_STOP SP_MOBILE_REASON_COUNT   /* no stop within walk_minutes */

typedef struct sp_mobile {
    /* depots */
    int32_t n_depots;
    char **depot_id, **depot_name;  /* owned strings (name may be NULL) */
    double *depot_xy;               /* 2 n_depots, working CRS */
    /* stops chosen */
    int32_t n_stops;
    char **stop_id, **stop_name;    /* owned (the cluster's or the stops layer's; auto: "auto-N") */
    double *stop_xy;                /* 2 n_stops */
    double *stop_workers;           /* target workers assigned to the stop */
    int32_t *stop_clusters;         /* clusters with workers assigned to it */
    /* per cluster */
    int32_t n_clusters;
    double *cl_target;              /* workers of the cluster to serve (0: not a target) */
    int32_t *cl_stop;               /* stop serving it, -1 */
    double *cl_walk_s;              /* walk seconds to that stop (0 when walk_minutes = 0) */
    double *cl_served;              /* workers served by the plan */
    int *cl_reason;                 /* sp_mobile_reason or SP_MOBILE_NO_STOP when not all served;
                                       SP_MOBILE_SERVED otherwise */
    /* the plan over one block, and the routes' lines */
    sp_mobile_plan *plan;
    size_t *route_n_xy;             /* per plan route: vertices */
    double **route_xy;              /* per plan route: 2 n_xy, working CRS, travel order */
    double *route_length_m;         /* per plan route */
    /* the period */
    int period_days, visits, block_days;
    double workers_target;          /* sum of cl_target */
    double workers_served;          /* over the period (each stop's workers once) */
    double workers_unserved[SP_MOBILE_REASON_COUNT + 1]; /* by reason, incl. SP_MOBILE_NO_STOP */
    double seconds;                 /* wall time (benchmarks only) */
} sp_mobile;

/* Plan [mobile] for an analysed scenario: cov its coverage at the
 * threshold threshold_s.  OUT: *out (sp_mobile_free). */
sp_status sp_mobile_run(const sp_inputs *in, const sp_options *o, const sp_coverage *cov,
                        double threshold_s, GDALProgressFunc progress, void *parg,
                        sp_mobile **out);
void sp_mobile_free(sp_mobile *m);

/* The options of o's drive setup (a shallow copy of o with [travel] mode =
 * drive_mode, snap = edge, and the built-in speed table unless drive_mode
 * is o's mode): pass it to sp_network_add / sp_network_setup.  The copy
 * borrows o's strings: do not free it. */
void sp_mobile_drive_options(const sp_options *o, sp_options *copy);

#endif
