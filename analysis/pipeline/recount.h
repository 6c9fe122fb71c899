/* recount.h — "covered" against the threshold for the minimising models.
 *
 * README.md: for every model, a worker is covered when an open site (an
 * existing one or a chosen one) reaches its cluster within the threshold
 * (sp_covers).  The siting solver counts coverage at its radius for mclp and
 * target, but for pmedian and pcenter it counts every reached worker as
 * covered.  sp_recount_within() rewrites the coverage figures of such a
 * result from the matrix and the chosen sites (coverset.h), leaving the
 * model's own figures (objective, bound, rank order, runner-ups) alone.
 *
 * Rewritten: fixed_weight, covered_weight, covered_percent, n_covered; per
 * rank added_weight, n_new, new_demand, cum_weight, cum_percent,
 * runner_up_added_weight; the curve points whose site set is known (the
 * required sites alone, and the final budget).  The other curve points keep
 * the solver's figure: the solver does not report their sites.
 */
#ifndef SP_RECOUNT_H
#define SP_RECOUNT_H

#include <stdint.h>

#include "costmatrix.h"
#include "demand.h"
#include "siting.h"
#include "status.h"

/* flags: the siting flags per matrix column (SP_SITE_FIXED columns are open
 * from the start).  SP_E_NOMEM on out of memory; res is then unchanged or
 * partly rewritten (free it). */
sp_status sp_recount_within(sp_siting_result *res, const sp_costmatrix *m,
                            const uint8_t *flags, double threshold);

/* The ranks' newly covered demand as clusters: each rank's new_demand (the
 * matrix columns, which are demand points of d) becomes the distinct
 * clusters of those points, ascending, and n_new their count.  A cluster
 * with several points (an area, lattice.h) is listed by every rank that
 * newly covers one of its points.  With one point per cluster, nothing
 * changes.  workers (NULL: not wanted; else res->n_sites slots): slot k
 * gets an array (malloc, the caller frees it) of rank k's newly covered
 * workers in each of those clusters, same order: the sum of the points'
 * workers (d->point_weight), in point order.  SP_E_NOMEM on out of memory
 * (the slots filled so far stay the caller's to free). */
sp_status sp_recount_clusters(sp_siting_result *res, const sp_demand *d, double **workers);

#endif
