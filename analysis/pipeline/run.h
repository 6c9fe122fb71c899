/* run.h — one scenario run: inputs -> graph -> searches -> coverage -> gaps.
 *
 * The CLI, the scripts and the tests all call these functions, so they run
 * exactly the same analysis.
 *
 *   sp_inputs_load()  reads every layer, chooses the working CRS, builds the
 *                     graph for the mode and snaps clusters and sites.  It is
 *                     the expensive, reusable part: a sweep over thresholds
 *                     or site sets loads it once.
 *   sp_analyze()      runs the searches, coverage, catchments and gaps for
 *                     one set of options over loaded inputs (the options'
 *                     mode, network and input layers must be those the inputs
 *                     were loaded with; thresholds and output may differ).
 *   sp_run()          both, in one call.
 *   sp_result_write() writes summary.json, coverage.csv and results.gpkg into
 *                     a directory, each atomically (temporary name, rename).
 *
 * Sites: the existing stations (opts->sites) followed by the other health
 * facilities (opts->facilities); both count as coverage.
 */
#ifndef SP_RUN_H
#define SP_RUN_H

#include <gdal.h>
#include <geos_c.h>

#include "coverage.h"
#include "crs.h"
#include "gaps.h"
#include "graph.h"
#include "input.h"
#include "network.h"
#include "profile.h"
#include "reach.h"
#include "scenario.h"
#include "snap.h"
#include "status.h"

typedef struct {
    GEOSContextHandle_t gctx;  /* owned */
    sp_crs *crs;
    char crs_reason[128];      /* "local UTM zone of the clusters" or "[travel] crs" */
    sp_profile profile;
    sp_graph *graph;
    sp_network_stats net;
    sp_road_names *road_names;
    sp_snapper *snapper;
    sp_points *clusters;
    sp_points *sites;          /* NULL when none given */
    sp_points *facilities;     /* NULL when none given */
    sp_points *candidates;     /* [siting] candidates layer; NULL for none or auto */
    sp_snap *cand_snap;        /* per candidate */
    int32_t n_sites;           /* sites + facilities */
    sp_snap *cl_snap;          /* per cluster */
    sp_demand *demand;         /* the clusters' demand points and their index */
    sp_snap *site_snap;        /* per site (stations first, then facilities) */
    int32_t main_nodes;        /* nodes in the largest component */
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
} sp_result;

/* Site index -> its layer (sites or facilities) and row there. */
const sp_points *sp_inputs_site_layer(const sp_inputs *in, int32_t site, size_t *row);

/* "sites" or "facilities". */
const char *sp_inputs_site_kind(const sp_inputs *in, int32_t site);

sp_status sp_inputs_load(const sp_options *opts, GDALProgressFunc progress, void *parg,
                         sp_inputs **out);
void sp_inputs_free(sp_inputs *in);

sp_status sp_analyze(const sp_inputs *in, const sp_options *opts, GDALProgressFunc progress,
                     void *parg, sp_result **out);
void sp_result_free(sp_result *r);

/* Convenience: load, then analyze.  OUT: *inputs (sp_inputs_free, after
 * the result), *out (sp_result_free). */
sp_status sp_run(const sp_options *opts, GDALProgressFunc progress, void *parg,
                 sp_inputs **inputs, sp_result **out);

sp_status sp_result_write(const sp_result *r, const char *dir);

/* Print the short human summary (stdout of `siteplan run`). */
void sp_result_print_summary(const sp_result *r, FILE *f);

#endif
