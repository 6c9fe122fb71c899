/* coverage.h — travel times from demand points to sites over the network:
 * the one sparse cluster-by-site matrix.
 *
 * One bounded SP_REVERSE search per site (workers travel FROM their cluster
 * TO the site), run in parallel over threads, each with its own workspace.
 * After each search only the demand points snapped to what it reached are
 * visited (demand.h).  The result is ONE sparse site x demand-point matrix
 * (an sp_costmatrix: a row per site, the points it covers within the largest
 * threshold by sp_covers(), ascending, with their float seconds) that the
 * analysis reads and the siting solver takes as is; each cluster gets its
 * nearest site (least time over its points; ties to the lower site index).
 *
 * Reuse: rows 0 .. n_reuse-1 can be copied from an earlier coverage matrix
 * (the existing sites' rows of the analysis, when recommend.c needs them at
 * the same limit) instead of searched again.  The caller guarantees that
 * those rows were computed for the same sites, demand and limit.
 *
 * Optionally, the same pass builds catchment polygons per site and
 * threshold (sp_isogrid); and, from the same time grids, each site's
 * responsibility area at the largest threshold (responsibility.h: the cells
 * where it is the nearest site, one label grid for all sites).  The
 * coverage area (the union of the catchments) for each threshold comes from
 * ONE more search seeded from every snapped site, burnt into one grid and
 * polygonised (catchment.h, sp_isogrid_burn_sites): the same cells as the
 * union of the per-site catchments, without building them.
 *
 * The searches: plain bounded searches (search.h), or, for a matrix
 * without polygons whose searches would reach much of the network, sweeps
 * over a contraction hierarchy built once for the call (hierarchy.h; the
 * rule sp_hierarchy_worth() on the median of trial searches from three
 * sites at fixed places in the list, so every rank and every thread count
 * decides alike).  Times agree
 * with the plain search's to the last bit of a double (hierarchy.h).
 * Otherwise, on a graph of at least SP_COVERAGE_LANES_NODES nodes whose
 * trial searches (the same three) settle a median of at least
 * SP_COVERAGE_LANES_SETTLED nodes, the sites are searched by lanes
 * (msearch.h): each thread takes SP_MSEARCH_LANES sites at a time, in the
 * order of a Hilbert curve over their snapped points, runs their searches
 * together and then treats each site as after its own search; the times
 * are the plain search's to the last bit (msearch.h), so this changes
 * only the speed.  Below those sizes the graph fits in the processor's
 * caches or the sites' searches barely overlap, and one search at a time
 * is faster (README.md, "Travel times").
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
#include "costmatrix.h"
#include "demand.h"
#include "dist.h"
#include "graph.h"
#include "reach.h"
#include "status.h"

typedef struct {
    /* inputs (borrowed) */
    const sp_graph *g;
    const sp_snap *site_snap;    /* n_sites */
    int32_t n_sites;
    const sp_demand *demand;     /* the demand points */
    const char *const *site_id;  /* n_sites matrix ids, or NULL: anonymous */
    const char *const *cluster_id; /* per cluster, or NULL: anonymous demand */
    const sp_costmatrix *reuse;  /* rows 0 .. n_reuse-1 come from here, or NULL */
    int32_t n_reuse;
    const double *limits_s;      /* ascending thresholds, seconds */
    int n_limits;
    int threads;                 /* 0 = cores */
    int want_polygons;           /* build each site's catchments */
    int want_area;               /* build the coverage area (the union) */
    int want_responsibility;     /* and the responsibility areas (needs want_polygons) */
    sp_catchment_opts cat_opts;
    GDALProgressFunc progress;
    void *progress_arg;
    /* the ranks sharing the searches (dist.h), or NULL: this process does
     * them all.  Every rank must call with the same inputs; each searches
     * its block of sites; all get the whole matrix, nearest sites and point
     * times, rank 0 alone the polygons (catchment, area, responsibility are
     * NULL on the other ranks, as without polygons; coverage_private.h).
     * The coverage area's one search runs on every rank, its cells' tiles
     * are shared out and their least times go to rank 0
     * (sp_isogrid_burn_sites), which polygonises them. */
    const sp_dist *dist;
    /* the hierarchy (above): 0 by the rule, 1 always, -1 never (matrix
     * without polygons only; for tests and benchmarks) */
    int hierarchy;
    /* searches by lanes (above): 0 by the rule, 1 always (unless the
     * hierarchy is used), -1 never; for tests and benchmarks.  With 0, the
     * environment variable SITEPLAN_SEARCH_LANES=on or off does the same
     * for a whole run (tests/cli/lanes_identical.sh); other values are
     * ignored.  Either way only the speed changes. */
    int lanes;
} sp_coverage_in;

/* The rule for searches by lanes (above). */
#define SP_COVERAGE_LANES_NODES 500000
#define SP_COVERAGE_LANES_SETTLED 20000

typedef struct {
    /* the site x demand-point matrix (finished; owned): pairs covered at the
     * largest threshold, float seconds; ids and weights as in the input */
    sp_costmatrix *matrix;
    /* per demand point: the least time over sites (INFINITY when beyond the
     * largest threshold) */
    double *point_time_s;
    /* per cluster */
    int32_t *nearest;            /* site index or -1 */
    double *time_s;              /* INFINITY when beyond the largest threshold */
    /* polygons: catchment[site * n_limits + ring] (when want_polygons;
     * else NULL) and area[ring] (when want_area; else NULL); owned, destroy
     * with sp_coverage_free */
    GEOSGeometry **catchment;
    GEOSGeometry **area;
    /* when want_responsibility: responsibility[site], at the largest
     * threshold, a valid MultiPolygon (empty when the site is nearest
     * nowhere); no two overlap and their union is area[n_limits - 1] up to
     * the cells; owned, destroyed by sp_coverage_free */
    GEOSGeometry **responsibility;
    int32_t n_sites, n_clusters;
    int n_limits;
    double polygon_seconds;      /* time spent on polygons (for benchmarks): the
                                    catchments' summed over threads, plus the area's */
    double area_seconds;         /* of which the coverage area (its search, cells, polygons) */
    double responsibility_seconds; /* of which the responsibility areas: merges summed
                                    over threads, then the one polygonize */
    double search_seconds;       /* searches and the coverage step, summed */
    double step_seconds;         /* of which the coverage step (demand.h) */
    double hierarchy_seconds;    /* building the hierarchy (0: not used) */
    int used_hierarchy;          /* the searches were hierarchy sweeps */
    int used_lanes;              /* the searches ran by lanes (msearch.h) */
    int64_t cell_tiles;          /* tiles of cell access entries computed (cellaccess.h) */
} sp_coverage;

/* OUT: *out (sp_coverage_free). */
sp_status sp_coverage_compute(const sp_coverage_in *in, GEOSContextHandle_t gctx,
                              sp_coverage **out);
void sp_coverage_free(sp_coverage *c, GEOSContextHandle_t gctx);

/* Hand the matrix over to the caller (who frees it); c keeps NULL. */
sp_costmatrix *sp_coverage_take_matrix(sp_coverage *c);

/* Number of threads to use for `requested` (0 = online cores, at least 1). */
int sp_coverage_threads(int requested);

#endif
