/* coverage.h — travel times from clusters to sites over the network.
 *
 * One bounded SP_REVERSE search per site (workers travel FROM their cluster
 * TO the site), run in parallel over threads, each with its own workspace.
 * For every site the clusters within the largest threshold are listed with
 * their times (a sparse site × cluster matrix, which siting reuses); each
 * cluster gets its nearest site (least time; ties to the lower site index).
 *
 * Optionally, the same pass builds catchment polygons per site and
 * threshold (sp_isogrid), and the coverage area (the union over sites) for
 * each threshold.
 *
 * Contract: results depend only on the inputs, never on the number of
 * threads or their timing.
 */
#ifndef SP_COVERAGE_H
#define SP_COVERAGE_H

#include <gdal.h>
#include <geos_c.h>
#include <stdint.h>

#include "catchment.h"
#include "graph.h"
#include "reach.h"
#include "status.h"

typedef struct {
    /* inputs (borrowed) */
    const sp_graph *g;
    const sp_snap *site_snap;    /* n_sites */
    int32_t n_sites;
    const sp_snap *cl_snap;      /* n_clusters */
    int32_t n_clusters;
    const double *limits_s;      /* ascending thresholds, seconds */
    int n_limits;
    int threads;                 /* 0 = cores */
    int want_polygons;           /* build catchments and the coverage area */
    sp_catchment_opts cat_opts;
    GDALProgressFunc progress;
    void *progress_arg;
} sp_coverage_in;

typedef struct {
    /* sparse site x cluster times within the largest threshold (CSR by site,
     * clusters ascending) */
    int64_t *off;                /* n_sites + 1 */
    int32_t *cl;                 /* clusters */
    float *secs;                 /* seconds */
    /* per cluster */
    int32_t *nearest;            /* site index or -1 */
    double *time_s;              /* INFINITY when beyond the largest threshold */
    /* polygons (when want_polygons): catchment[site * n_limits + ring] and
     * area[ring]; owned, destroy with sp_coverage_free */
    GEOSGeometry **catchment;
    GEOSGeometry **area;
    int32_t n_sites, n_clusters;
    int n_limits;
    double polygon_seconds;      /* wall time spent on polygons (for benchmarks) */
    double search_seconds;
} sp_coverage;

/* OUT: *out (sp_coverage_free). */
sp_status sp_coverage_compute(const sp_coverage_in *in, GEOSContextHandle_t gctx,
                              sp_coverage **out);
void sp_coverage_free(sp_coverage *c, GEOSContextHandle_t gctx);

/* Number of threads to use for `requested` (0 = online cores, at least 1). */
int sp_coverage_threads(int requested);

#endif
