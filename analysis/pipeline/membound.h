/* membound.h — the run's memory bound: an estimate of the peak resident
 * memory of a scenario run, made after the network is loaded and before
 * any search, and the refusal of a run whose estimate exceeds the memory
 * the machine can give it (README.md, "Province scale", "Memory bound").
 *
 * The model, one line per term (bytes; the SP_MEM_* constants in
 * membound.c, fitted to `make bench-scale` peaks with a margin):
 *   base                 the libraries and fixed buffers
 *   per graph node       the network as read and its topology, cost layer,
 *   per link             snap index and search workspaces (one per thread)
 *   per link vertex
 *   per demand point     clusters, their snaps, times and result rows
 *   per matrix pair      a (site, demand point) entry within the threshold;
 *                        counted by the pair bound below
 *   per catchment cell   the cells' access entries and the responsibility
 *                        labels: the cells of the network's extent grown by
 *                        max_snap_m, or of every site's reach square when
 *                        that is less (catchment.h, work bound), plus each
 *                        thread's grid of one site's square; with
 *                        per_site = no only the coverage area's grid, mask
 *                        and polygons (no access entry is kept)
 *   per site side cell   a site's catchment polygons (one per ring): per
 *                        cell along the side of its reach square (its
 *                        boundary grows with the side, not the area);
 *                        none with [catchment] per_site = no
 *   per hierarchy node   a contraction hierarchy's build (hierarchy.h), every
 *                        graph node, when a matrix without polygons is made
 *                        ([siting] candidates, or per_site = no) and some
 *                        site's or candidate's square holds a quarter of the
 *                        graph's nodes (a search must settle that many for
 *                        coverage.c to build one)
 *   per lane node        each thread's workspace for searches by lanes
 *   (per thread)         (msearch.h): 70 B per graph node plus 120 B per
 *                        node of the most-populated reach square (8 lanes'
 *                        results with the growth margin), when the graph
 *                        has SP_COVERAGE_LANES_NODES nodes or more and
 *                        some square holds SP_COVERAGE_LANES_SETTLED (the
 *                        rule of coverage.h cannot choose lanes otherwise)
 * Pairs are not known before the searches.  Their bound: for every site
 * (and [siting] candidate), the demand points within the square a search
 * can reach: half side top speed x the largest threshold + 2 max_snap_m
 * (the site's and the point's off-road legs), counted on a 256 x 256 bin
 * table of the points with summed areas (every bin the square touches
 * counts whole, so the count is never below the truth).
 *
 * The limit: SITEPLAN_MEMORY_MB (a whole number of MiB > 0) when set;
 * else the least of the physical memory (sysconf), the cgroup's
 * memory.max, and MemAvailable (/proc/meminfo) plus what this process
 * already holds.
 *
 * Pure functions of their inputs except sp_membound_limit (reads the
 * environment and /proc) and sp_membound_check (also writes stderr when
 * SITEPLAN_MEMORY_REPORT is set).  Any thread.
 */
#ifndef SP_MEMBOUND_H
#define SP_MEMBOUND_H

#include <stdint.h>

#include "inputs.h"
#include "scenario.h"
#include "status.h"

enum { SP_MEM_BASE, SP_MEM_NODES, SP_MEM_LINKS, SP_MEM_VERTICES, SP_MEM_POINTS, SP_MEM_PAIRS,
       SP_MEM_CELLS, SP_MEM_SITES, SP_MEM_HIER, SP_MEM_LANES, SP_MEM_TERMS };

typedef struct {
    /* the counts */
    int64_t nodes, links, vertices, points, sites, pairs, cells, thread_cells, side_cells,
        hier_nodes, lane_nodes, lane_most;
    int threads;
    double cell_m;
    /* bytes per term (SP_MEM_*) and their sum */
    double bytes[SP_MEM_TERMS];
    double total;
} sp_memest;

/* The estimate for running o on in with the largest threshold max_s. */
void sp_membound_estimate(const sp_inputs *in, const sp_options *o, double max_s, sp_memest *out);

/* The memory this run may use, bytes; *what names where it came from
 * ("SITEPLAN_MEMORY_MB", "physical memory", "cgroup memory.max",
 * "available memory").  SP_E_INPUT (one line) for a bad SITEPLAN_MEMORY_MB. */
sp_status sp_membound_limit(double *bytes, const char **what);

/* Estimate, compare with the limit: SP_OK, or SP_E_INPUT with one line
 * giving the estimate, the limit and what to lower.  With
 * SITEPLAN_MEMORY_REPORT set (not "0"), one line "siteplan: memory
 * estimate: N MB ..." on stderr (for make bench-scale). */
sp_status sp_membound_check(const sp_inputs *in, const sp_options *o, double max_s);

/* For tests: the pair bound alone (see above). */
int64_t sp_membound_pairs(const double *pts_xy, int64_t n_pts, const double *site_xy,
                          int64_t n_sites, double half_side_m);

/* The same count, the largest over the sites instead of the sum (the graph
 * nodes a search may settle, for the hierarchy term). */
int64_t sp_membound_most(const double *pts_xy, int64_t n_pts, const double *site_xy,
                         int64_t n_sites, double half_side_m);

#endif
