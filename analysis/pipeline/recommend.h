/* recommend.h — recommended new sites for a scenario: candidates, the
 * coverage matrix from network searches, and the siting solver.
 *
 * Flow: the candidates are a layer ([siting] candidates = FILE, read like
 * the other point layers and snapped by the same rule) or generated on the
 * network (candidates = auto, rule below).  One bounded reverse search per
 * column (the existing sites, fixed and free of budget, then the candidates)
 * gives the sparse cost matrix (seconds, coverage.h), which sp_siting_solve()
 * optimises; the existing sites' rows are reused from the analysis when
 * their limit is the same (sp_recommend_run).
 *
 * candidates = auto: the nodes of the largest strongly connected piece of
 * the graph, thinned to one per square of auto_spacing_m (the node nearest
 * the square's centre; ties to the lower node id), keeping only those within
 * straight-line reach of an uncovered cluster (distance <= the mode's fastest
 * speed x the threshold + max_snap_m; nothing farther can reach one).  Ids are "node-N".
 *
 * A candidate whose id equals an existing site's id is that site: it is not
 * offered again (counted in n_already_sites).  Candidates that cannot be
 * snapped are never chosen (counted in n_unreachable).
 */
#ifndef SP_RECOMMEND_H
#define SP_RECOMMEND_H

#include <gdal.h>

#include "costmatrix.h"
#include "coverage.h"
#include "inputs.h"
#include "siting.h"

typedef struct sp_recommend {
    int32_t n_cand;          /* candidates offered (matrix columns after the fixed ones) */
    int32_t n_fixed;         /* existing sites (the first matrix columns) */
    char **id, **name;       /* per candidate (owned; name may be NULL) */
    double *xy;              /* per candidate, working CRS */
    double *lonlat;          /* per candidate, WGS 84 */
    sp_snap *snap;           /* per candidate: its snap (the matrix column's search seed) */
    int32_t n_already_sites; /* candidates dropped as the same id as a site */
    int32_t n_unreachable;   /* candidates too far from the road */
    char source[600];        /* "FILE, layer L" or "auto: ..." */
    sp_costmatrix *matrix;
    sp_siting_result *res;
    /* per rank (res->n_sites): the workers it newly covers in each cluster
     * of its new_demand, same order (recount.h; the recommendations'
     * cluster_workers) */
    double **cluster_workers;
} sp_recommend;

/* OUT: *out (sp_recommend_free).  `covered` (per cluster, from the coverage
 * analysis) drives the auto rule.  `site_cov` (may be NULL) is the coverage
 * analysis of the same inputs and options: for mclp and target, whose matrix
 * limit is the analysis' largest threshold, the existing sites' rows are
 * taken from it instead of searched again; pmedian and pcenter need
 * unbounded rows, so they search every column. */
sp_status sp_recommend_run(const sp_inputs *in, const sp_options *o, const uint8_t *covered,
                           const sp_coverage *site_cov, GDALProgressFunc progress, void *parg,
                           sp_recommend **out);
void sp_recommend_free(sp_recommend *r);

/* The candidate index (0..n_cand) of a matrix column, -1 for fixed columns. */
static inline int32_t sp_recommend_cand(const sp_recommend *r, int32_t column)
{
    return column >= r->n_fixed ? column - r->n_fixed : -1;
}

#endif
