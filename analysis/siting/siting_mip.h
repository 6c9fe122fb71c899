/* siting_mip.h — the exact step's parts, shared by cover_reduce.c,
 * cover_mip.c, pmedian_mip.c and glpk_glue.c.  Not part of the API.
 * Threads: GLPK keeps one environment per thread (when built with TLS);
 * nothing here holds global state.  Errors: sp_status with sp_error(). */
#ifndef SP_SITING_MIP_H
#define SP_SITING_MIP_H

#include <glpk.h>
#include <stddef.h>
#include <stdint.h>

#include "siting_internal.h"

/* --- GLPK glue (glpk_glue.c) ------------------------------------------------ */

/* What the branch-and-cut callback reads and writes. */
typedef struct {
    double *x;          /* 1-based incumbent for glp_ios_heur_sol, or NULL */
    int given;
    int maximize;
    double cst;         /* objective constant outside the MIP */
    double bound;       /* best global bound seen (MIP units, no constant) */
    double stop_at, stop_below; /* full units, NAN = off */
    int integral;       /* the objective takes integer values only */
    int proven;         /* terminated because integrality closes the gap */
    double inc;         /* incumbent value in MIP units, NAN if none */
} sp__cb_info;

/* Milliseconds left before deadline (sp_now() seconds; <= 0 = none:
 * INT_MAX), 0 when past it. */
int sp__ms_left(double deadline);

/* Solve the LP relaxation then the MIP.  Updates ci->bound (MIP units) and
 * sets *status: 2 proven optimal, 1 feasible (stopped or timed out), 0 no
 * MIP solution, -1 proven infeasible, 3 the incumbent ci->inc is proven
 * optimal by the LP bound, 4 the LP bound is below ci->stop_below. */
sp_status sp__run_glpk(glp_prob *lp, sp__cb_info *ci, double deadline, int *status);

/* GLPK's 1-based (row, column, value) triplet arrays for ne entries; all
 * three or none (returns 0). */
int sp__triplets_new(size_t ne, int **ia, int **ja, double **ar);

/* --- the reduced covering instance (cover_reduce.c) --------------------------- */

typedef struct {
    const sp__cov *c;
    int32_t *keep;      /* kept columns (indices into c) */
    int32_t n_keep;
    int32_t *kpos;      /* c column -> position in keep, -1 */
    int32_t *dom;       /* dropped column -> a dominating column, -1 none */
    uint8_t *active;    /* c row not covered by required columns */
    size_t *rptr;       /* transpose over kept columns: row -> kept positions */
    int32_t *rcol;
    int32_t *grp;       /* merged group of each active row, -1 */
    int32_t n_grp;
    double *gw;         /* group weights */
    int32_t *grep;      /* representative row of each group */
    double cst;         /* covered weight outside the MIP (base + required) */
} sp__reduced;

/* Reduce c (see cover_mip.c).  On error R holds nothing. */
sp_status sp__reduce_cov(const sp__cov *c, sp__reduced *R);
void sp__reduced_free(sp__reduced *R);

/* The covering LP/MIP over a reduced instance (glpk_glue.c): columns
 * x_1..x_K then y_1..y_G; rows 1..G (y_g - sum x <= 0) then the budget row
 * G+1.  NULL on out of memory or a problem too large for GLPK's int
 * indices. */
glp_prob *sp__cov_lp(const sp__reduced *R, int32_t pp, int integer);

/* Pick p columns: the required ones, then the kept positions marked in
 * xval[1..K], then greedy filling.  Returns the count. */
int32_t sp__cov_collect(const sp__reduced *R, int32_t p, const double *xval, int32_t *cols);

/* The sub-instance of c with the columns keep[0..n) (indices into c); those
 * with force[] set become required. */
sp_status sp__cov_subset(const sp__cov *c, const int32_t *keep, const uint8_t *force, int32_t n,
                         sp__cov *s);

/* Rewrite a solution onto kept columns (a dropped column moves to its
 * dominator), then fill up to p greedily: the value can only grow. */
sp_status sp__map_to_kept(const sp__reduced *R, int32_t p, int32_t *cols, int32_t *n);

#endif
