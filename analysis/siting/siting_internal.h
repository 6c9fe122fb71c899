/* siting_internal.h — shared between siting.c, siting_heur.c and
 * siting_mip.c.  Not part of the API.
 *
 * Two views of a problem:
 *   - sp__cov, a covering instance (columns = usable candidates, rows =
 *     demand still to cover, with weights).  mclp, target and the pcenter
 *     feasibility steps run on it.
 *   - sp__sprob, the whole matrix with flags, for pmedian/pcenter heuristics,
 *     the pmedian MIP, ranking and summaries.
 */
#ifndef SP_SITING_INTERNAL_H
#define SP_SITING_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "costmatrix.h"
#include "clock.h"
#include "siting.h"
#include "status.h"

typedef struct {
    const sp_costmatrix *m;
    sp_siting_model model;
    int32_t nc, nd;
    const double *w;
    const uint8_t *flags;   /* nc, never NULL */
    int32_t *usable;        /* ascending */
    int32_t n_usable;
    int32_t *fixed;
    int32_t n_fixed;
    int32_t n_required;
    uint8_t *counted;       /* pmedian/pcenter: demand in the objective */
    double *fixed_cost;     /* pmedian/pcenter: cheapest fixed site, INF */
    double deadline;        /* sp_now() limit; 0 = none */
    int heuristics;         /* sp_siting_opts.heuristics */
} sp__sprob;

/* Wall clock, seconds (monotonic). */
double sp__now(void);
/* Seconds left before the deadline (INFINITY when none, >= 0). */
double sp__time_left(const sp__sprob *P);

/* --- covering instance ---------------------------------------------------- */

typedef struct {
    int32_t n_col, n_row;
    int32_t *col_cand;  /* candidate of each column */
    uint8_t *col_req;   /* required column */
    size_t *ptr;        /* n_col + 1 */
    int32_t *row;       /* rows covered by each column, ascending */
    double *w;          /* n_row weights (> 0) */
    double base;        /* weight covered before any column (fixed sites) */
    double total;       /* base + sum of w */
    int integral;       /* every weight is an integer */
} sp__cov;

/* Covering instance at `radius`: columns = usable candidates (ascending),
 * rows = demands with weight > 0 (weight from `w`, NULL = matrix weights)
 * that no fixed site covers; `base` = weight the fixed sites cover. */
sp_status sp__cov_build(const sp__sprob *P, double radius, const double *w,
                        sp__cov *out);
void sp__cov_free(sp__cov *c);

/* Covered weight (base included) of a set of columns. */
double sp__cov_value(const sp__cov *c, const int32_t *cols, int32_t n);

/* CELF greedy: starting from cols[0..n_start) (which must include every
 * required column), add columns up to p.  Writes cols, returns the count. */
int32_t sp__cov_greedy(const sp__cov *c, int32_t p, int32_t *cols,
                       int32_t n_start);

/* Best-improvement swaps (required columns stay) until none improves.
 * Returns the number of swaps made.  cols stays sorted. */
int sp__cov_swap(const sp__cov *c, int32_t *cols, int32_t n);

typedef struct {
    int ran;        /* the MIP was built and run */
    int improved;   /* the exact step found a better solution */
    int proven;     /* optimal (or decided, with stop_* ) */
    int stopped;    /* stopped by stop_at / stop_below */
    double obj;     /* value of cols (base included) */
    double bound;   /* proven upper bound (base included), NAN if none */
} sp__mip_out;

/* What the exact step keeps between budgets of one covering instance: the
 * reduced problem and its LP relaxation with the last basis.  Tied to the
 * first instance it is used with. */
typedef struct sp__covcache sp__covcache;
sp__covcache *sp__covcache_new(void); /* NULL on out of memory */
void sp__covcache_free(sp__covcache *k);

/* Exact maximal covering with exactly p columns, warm-started with
 * cols[0..*n).  Improves cols and *n in place (same or better, sorted).
 * Steps: LP bound (warm basis from `cache`, may be NULL), LP rounding +
 * swaps, reduced-cost fixing against the incumbent, then GLPK
 * branch-and-cut on what is left.  Stops early once the incumbent reaches
 * stop_at or the bound drops below stop_below (either may be NAN = never).
 * deadline as in sp__sprob. */
sp_status sp__cov_mip(const sp__cov *c, sp__covcache *cache, int32_t p,
                      int32_t *cols, int32_t *n, double deadline,
                      double stop_at, double stop_below, sp__mip_out *out);

/* --- pmedian / pcenter ------------------------------------------------------ */

/* Lexicographic objective of a site set: most reached weight first, then the
 * lowest primary (pmedian: sum w·c, pcenter: max c), then secondary (pcenter:
 * sum w·c). */
typedef struct {
    double reached;
    double primary;
    double secondary;
} sp__mobj;

/* 1 if a is better than b (beyond a tiny relative tolerance). */
int sp__mobj_better(const sp__mobj *a, const sp__mobj *b);

/* Evaluate a set of candidate indices (fixed sites are added). */
sp__mobj sp__min_eval(const sp__sprob *P, const int32_t *sites, int32_t n);

/* Greedy from sites[0..n_start) up to p sites; returns the count. */
int32_t sp__min_greedy(const sp__sprob *P, int32_t p, int32_t *sites,
                       int32_t n_start);

/* Best-improvement swaps; required sites stay.  Returns swaps made. */
int sp__min_swap(const sp__sprob *P, int32_t *sites, int32_t n);

/* Exact pmedian warm-started with sites[0..n) (p of them).  On return sites
 * hold the best solution; out->obj its sum (INFINITY if no feasible
 * solution is known); out->proven also covers "proven infeasible" (then
 * obj = INFINITY). */
sp_status sp__pmedian_mip(const sp__sprob *P, int32_t p, int32_t *sites,
                          int32_t n, sp__mip_out *out);

/* Sort int32 ascending. */
void sp__sort_i32(int32_t *a, size_t n);

#endif
