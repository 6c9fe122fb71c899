/* siting_dist.h — the siting solve once for all ranks (dist.h).
 *
 * Every rank holds the same candidate matrix (coverage_private.h), but a
 * solve that stops at its time limit may end on different answers in
 * different processes, and the ranks must agree on the chosen sites (their
 * catchments are searched next, spread over the ranks).  So rank 0 solves,
 * and the others receive its result (every field, the ranks' newly covered
 * demands and the budget curve) instead of solving: identical on every
 * rank, and the other ranks do not spend the solve's minutes.
 *
 * With a NULL or single-process dist: sp_siting_solve().  Errors: the solve's
 * error is every rank's (sp_dist_agree), with its message.
 */
#ifndef SP_SITING_DIST_H
#define SP_SITING_DIST_H

#include "costmatrix.h"
#include "dist.h"
#include "siting.h"

/* As sp_siting_solve.  OUT: *out (sp_siting_result_free). */
sp_status sp_siting_solve_dist(const sp_dist *d, const sp_costmatrix *m,
                               const sp_siting_opts *opts, sp_siting_result **out);

#endif
