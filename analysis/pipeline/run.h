/* run.h — one scenario run: a site set on a shared network -> searches ->
 * coverage -> gaps (-> recommendations), and its outcome.
 *
 * The objects, by lifetime (README.md, "Architecture"):
 *   sp_network  (roadnet.h)  the roads, read once; shared read-only by all
 *                            scenarios and threads.
 *   sp_siteset  (siteset.h)  one scenario's clusters, sites, facilities,
 *                            candidates.
 *   sp_ctx      (ctx.h)      one thread's GEOS/PROJ handles.
 *   sp_inputs                one scenario bound to a network: borrowed views
 *                            of the three above plus the snaps it owns.
 *   sp_outcome               everything one scenario produced; owns it.
 *
 *   sp_inputs_bind()  (inputs.h) snaps the site set onto o's travel setup.
 *   sp_analyze()      runs the searches, coverage, catchments, gaps and
 *                     recommendations for one set of options.
 *   sp_load()         (inputs.h) what one stand-alone run loads: a context,
 *                     the network (for o only), the site set, bound.
 *   sp_run()          sp_load + sp_analyze.
 *   sp_outcome_write() writes summary.json, coverage.csv, results.gpkg (and
 *                     the siting files) into a folder, each atomically; first
 *                     it removes every SP_RESULTS_FILES (schema.h) of an
 *                     earlier run that it does not write (the maps and the
 *                     report among them: render draws them again).
 *
 * Threads: sp_inputs_bind and sp_analyze use the caller's sp_ctx and only
 * read the network and site set, so several scenarios may run on one network
 * at once, one sp_ctx per thread.  Results do not depend on threads.
 * An outcome borrows its inputs (and they the network and site set): free
 * the outcome first.
 */
#ifndef SP_RUN_H
#define SP_RUN_H

#include <gdal.h>
#include <geos_c.h>
#include <stdio.h>

#include "costs.h"
#include "coverage.h"
#include "gaps.h"
#include "inputs.h"
#include "mapcheck.h"
#include "roadslayer.h"
#include "scenario.h"
#include "siteshare.h"
#include "status.h"
#include "topology.h"

typedef struct {
    const sp_options *opts;    /* borrowed */
    const sp_inputs *in;       /* borrowed */
    sp_coverage *cov;
    sp_gaps *gaps;
    /* summary */
    double workers_total, workers_covered, percent_covered;
    int32_t clusters_total, clusters_covered;
    int32_t clusters_unreachable;   /* no demand point snapped (a point cluster: its point) */
    int32_t sites_unreachable;
    double ring_workers[SP_MAX_RINGS];   /* workers within each threshold */
    int32_t ring_clusters[SP_MAX_RINGS];
    sp_site_share *site_share; /* per site: workers reached, assigned, only it covers,
                                  at the threshold (siteshare.h) */
    uint8_t *covered;          /* per cluster */
    /* per cluster, what its demand points say at the threshold (demand.h):
     * demand points, covered workers and share, worst point, reachable (some
     * point snapped), snap_m (results schema 7) */
    sp_demand_cluster_sum *cl_sum;
    int32_t demand_points;     /* all clusters' */
    int32_t clusters_areas;    /* clusters given as polygons */
    int32_t clusters_partly_covered;   /* 0 < share < 1 */
    double *ring_area_km2;     /* per site * ring */
    sp_mapcheck *mapcheck;     /* the drawn coverage area against the counts (mapcheck.h) */
    struct sp_recommend *rec;  /* recommendations, when [siting] is set */
    struct sp_after *after;    /* with rec: the state with the recommended sites open (after.h) */
    struct sp_capoutcome *cap; /* [capacity]: who the existing sites serve (capacity.h); else NULL */
    struct sp_mobile *mobile;  /* [mobile]: the mobile units' plan (mobile_units.h); else NULL */
    double analyze_seconds;
} sp_outcome;

sp_status sp_analyze(const sp_inputs *in, const sp_options *opts, GDALProgressFunc progress,
                     void *parg, sp_outcome **out);
void sp_outcome_free(sp_outcome *r);

/* Convenience: load, then analyze.  OUT: *loaded (sp_loaded_free, after
 * the outcome), *out (sp_outcome_free). */
sp_status sp_run(const sp_options *o, GDALProgressFunc progress, void *parg,
                 sp_loaded **loaded, sp_outcome **out);
/* The same with sp_load_early (inputs.h): (*loaded)->early. */
sp_status sp_run_early(const sp_options *o, const char *gpkg_dir, GDALProgressFunc progress,
                       void *parg, sp_loaded **loaded, sp_outcome **out);

sp_status sp_outcome_write(const sp_outcome *r, const char *dir);
/* The same, taking over early (roadslayer.h: results.gpkg begun with its
 * roads layer by sp_gpkg_begin for this run's network and options, into
 * dir; NULL = none), released whatever happens. */
sp_status sp_outcome_write_with(const sp_outcome *r, const char *dir, sp_gpkg_early *early);

/* Print the short human summary (stdout of `siteplan run`). */
void sp_outcome_print_summary(const sp_outcome *r, FILE *f);

#endif
