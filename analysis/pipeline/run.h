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
 *   sp_inputs_bind()  snaps the site set onto o's travel setup of the network.
 *   sp_analyze()      runs the searches, coverage, catchments, gaps and
 *                     recommendations for one set of options.
 *   sp_load()         what one stand-alone run loads: a context, the network
 *                     (for o only), the site set, bound (sp_loaded_free).
 *   sp_run()          sp_load + sp_analyze.
 *   sp_outcome_write() writes summary.json, coverage.csv, results.gpkg (and
 *                     the siting files) into a folder, each atomically.
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

#include "coverage.h"
#include "crs.h"
#include "ctx.h"
#include "gaps.h"
#include "graph.h"
#include "input.h"
#include "network.h"
#include "profile.h"
#include "reach.h"
#include "roadnet.h"
#include "scenario.h"
#include "siteset.h"
#include "snap.h"
#include "status.h"

typedef struct {
    /* borrowed */
    const sp_network *network;
    const sp_netmode *setup;   /* o's travel setup of the network */
    const sp_siteset *set;
    sp_ctx *ctx;
    /* borrowed views, for the writers */
    GEOSContextHandle_t gctx;  /* the ctx's */
    sp_crs *crs;               /* the ctx's working CRS */
    const char *crs_reason;
    const sp_profile *profile;
    const sp_graph *graph;
    const sp_network_stats *net;
    const sp_road_names *road_names;
    const sp_points *clusters, *sites, *facilities, *candidates;
    int32_t n_sites;           /* sites + facilities */
    int32_t main_nodes;        /* nodes in the largest component */
    /* owned */
    sp_snap *cl_snap;          /* per cluster */
    sp_snap *site_snap;        /* per site (stations first, then facilities) */
    sp_snap *cand_snap;        /* per candidate, or NULL */
    double load_seconds;
} sp_inputs;

typedef struct {
    const sp_options *opts;    /* borrowed */
    const sp_inputs *in;       /* borrowed */
    sp_coverage *cov;
    sp_gaps *gaps;
    /* summary */
    double workers_total, workers_covered, percent_covered;
    int32_t clusters_total, clusters_covered, clusters_unreachable;
    int32_t sites_unreachable;
    double ring_workers[SP_MAX_RINGS];   /* workers within each threshold */
    int32_t ring_clusters[SP_MAX_RINGS];
    double *site_workers;      /* per site: workers within the threshold */
    int32_t *site_clusters;    /* per site: clusters within the threshold */
    uint8_t *covered;          /* per cluster */
    double *ring_area_km2;     /* per site * ring */
    struct sp_recommend *rec;  /* recommendations, when [siting] is set */
    double analyze_seconds;
} sp_outcome;

/* Site index -> its layer (sites or facilities) and row there. */
const sp_points *sp_inputs_site_layer(const sp_inputs *in, int32_t site, size_t *row);

/* "station" or "facility". */
const char *sp_inputs_site_kind(const sp_inputs *in, int32_t site);

/* Snap set's points onto o's travel setup of net (warning about far and
 * unreachable points; a point beyond reject_snap_m is SP_E_INPUT).  ctx must
 * hold the network's working CRS.  OUT: *out (sp_inputs_free). */
sp_status sp_inputs_bind(const sp_network *net, const sp_siteset *set, sp_ctx *ctx,
                         const sp_options *o, sp_inputs **out);
void sp_inputs_free(sp_inputs *in);

sp_status sp_analyze(const sp_inputs *in, const sp_options *opts, GDALProgressFunc progress,
                     void *parg, sp_outcome **out);
void sp_outcome_free(sp_outcome *r);

/* What a stand-alone run loads for itself; owns all of it. */
typedef struct {
    sp_ctx *ctx;
    sp_network *network;
    sp_siteset *set;
    sp_inputs *in;
} sp_loaded;

/* Read o's site set, choose the working CRS, read the network for o and
 * bind them.  OUT: *out (sp_loaded_free). */
sp_status sp_load(const sp_options *o, GDALProgressFunc progress, void *parg, sp_loaded **out);
void sp_loaded_free(sp_loaded *l);

/* Convenience: load, then analyze.  OUT: *loaded (sp_loaded_free, after
 * the outcome), *out (sp_outcome_free). */
sp_status sp_run(const sp_options *o, GDALProgressFunc progress, void *parg,
                 sp_loaded **loaded, sp_outcome **out);

sp_status sp_outcome_write(const sp_outcome *r, const char *dir);

/* Print the short human summary (stdout of `siteplan run`). */
void sp_outcome_print_summary(const sp_outcome *r, FILE *f);

#endif
