/* coverage_private.h — internal to the coverage module: its searches
 * spread over the ranks of a dist (dist.h), implemented in coverage_dist.c.
 *
 * Each rank searches one block of the sites that are not reused
 * (sp_coverage_dist_block); after its threads have joined, the exchanges
 * give every rank the rows all ranks found, so every rank then holds the
 * same matrix and nearest sites and runs the rest of the pipeline on them:
 *   - rows: each searched site's demand points and float seconds, as flat
 *     bytes in site order (the blocks are contiguous and in rank order, so
 *     the concatenation in rank order is the site order);
 *   - to rank 0 only (sp_coverage_dist_polygons) the catchments, as WKB
 *     (exact), and (sp_coverage_dist_resp) the responsibility grid's tiles,
 *     merged by the grid's order-free minimum: rank 0 alone makes the
 *     responsibility areas, and writes and draws the polygons; the other
 *     ranks keep no polygon (sp_coverage_dist_drop_polygons);
 *   - the coverage area: every rank runs its one search and burns a share
 *     of its cells' tiles, whose least times reach rank 0's grid
 *     (sp_isogrid_burn_sites, catchment.h); rank 0 polygonises it.
 * Each exchange also carries a fingerprint of the inputs (sites, limits,
 * demand size): ranks that were given different searches (e.g. a siting
 * solve that stopped at its time limit with different answers) fail with
 * SP_E_INTERNAL instead of mixing rows.
 *
 * With a NULL or single-process dist every function is a no-op (the block is
 * all the searched sites).  Errors: a failure on any rank is the failure of
 * every rank (dist.h).
 */
#ifndef SP_COVERAGE_PRIVATE_H
#define SP_COVERAGE_PRIVATE_H

#include <geos_c.h>
#include <stdint.h>

#include "coverage.h"
#include "dist.h"
#include "responsibility.h"

typedef struct {
    int32_t *cl;   /* demand point indexes, ascending (malloc'd) */
    float *secs;   /* their seconds (malloc'd) */
    int32_t n;
} sp_cov_row;

/* This rank's sites: [*s0, *s1) within [in->n_reuse, in->n_sites). */
void sp_coverage_dist_block(const sp_coverage_in *in, int32_t *s0, int32_t *s1);

/* rows[s] for s in this rank's block are filled; afterwards every row of
 * [n_reuse, n_sites) is (other ranks' rows freshly malloc'd).  st is this
 * rank's status so far (agreed first). */
sp_status sp_coverage_dist_rows(const sp_coverage_in *in, sp_status st, sp_cov_row *rows);

/* catchment[s * n_limits + r] for this rank's block are filled (NULL for a
 * site that reaches nothing); afterwards, on rank 0, those of every searched
 * site are (new geometries owned by the caller). */
sp_status sp_coverage_dist_polygons(const sp_coverage_in *in, GEOSContextHandle_t gctx,
                                    GEOSGeometry **catchment);

/* Gather every rank's responsibility grid into rank 0's rg. */
sp_status sp_coverage_dist_resp(const sp_coverage_in *in, sp_respgrid *rg);

/* On ranks > 0: destroy the catchments and leave c->catchment, c->area and
 * c->responsibility NULL (as without polygons), so that the coverage area's
 * and the responsibility areas' polygons are not made there (the area's
 * cells are still burnt, a share per rank, above).  The polygons are only
 * written and drawn, by rank 0; nothing a later exchange depends on is
 * derived from them. */
void sp_coverage_dist_drop_polygons(const sp_coverage_in *in, sp_coverage *c,
                                    GEOSContextHandle_t gctx);

#endif
