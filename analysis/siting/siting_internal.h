/* siting_internal.h — shared by the solver's files: problem.c, heur.c,
 * cover_models.c, minsum_models.c, rank.c, bounds.c, solve.c and the exact
 * step (siting_mip.h).  Not part of the API.
 * Threads: nothing here holds global state; a problem is read-only once
 * built, so the mclp chains share it.  Errors: sp_status with sp_error().
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

#include "capassign.h"
#include "costmatrix.h"
#include "clock.h"
#include "siting.h"
#include "status.h"

typedef struct sp__model_ops sp__model_ops;
typedef struct sp__capctx sp__capctx;

typedef struct {
    const sp_costmatrix *m;
    sp_siting_model model;
    const sp__model_ops *ops; /* the model's entry of the table (solve.c) */
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
    sp__capctx *capx;       /* capacitated siting (cap_models.c), else NULL */
} sp__sprob;

/* Read the flags and fixed sites of m (P->ops is left NULL for the caller).
 * SP_E_INPUT for conflicting flags or no usable candidate reaching any
 * demand.  P owns arrays: sp__prob_free (also after an error). */
sp_status sp__prob_init(sp__sprob *P, const sp_costmatrix *m, const sp_siting_opts *o,
                        double t0);
void sp__prob_free(sp__sprob *P);

/* Weight of the demand in the pmedian/pcenter objective. */
double sp__counted_weight(const sp__sprob *P);

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
    int proven;     /* optimal (or decided, with stop_* ) */
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

/* Objective of the state d (cheapest open cost per demand, INFINITY when
 * not reached). */
sp__mobj sp__min_obj(const sp__sprob *P, const double *d);

/* Evaluate a set of candidate indices (fixed sites are added). */
sp__mobj sp__min_eval(const sp__sprob *P, const int32_t *sites, int32_t n);

/* Weight of the demand within `radius` (sp_covers) of the fixed sites and
 * sites[0..n): what "covered" means for pmedian/pcenter at a threshold
 * (radius INFINITY: every reached demand).  NAN on out of memory. */
double sp__min_covered(const sp__sprob *P, const int32_t *sites, int32_t n, double radius);

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

/* Lagrangian lower bound for pmedian (pmedian_lagr.c: the relaxation,
 * its subgradient rules and start).  sp__lagr_new prepares a problem once
 * (each counted demand's candidates by cost; SP_E_NOMEM); sp__lagr_bound
 * then bounds budget p.  *ub is the incumbent's objective (INFINITY: none;
 * then only the first bound is computed); sites[0..*n) the incumbent: both
 * are replaced when a set the relaxation proposes reaches every counted
 * demand at a lower sum (out->improved).  out->bound is a valid lower bound
 * on every solution that reaches all counted demand, never above *ub.
 * Stops at the deadline, when the bound meets *ub, or when the steps
 * stall.  sites has room for P->nc.  A sp__lagr is read-only in
 * sp__lagr_bound. */
typedef struct sp__lagr sp__lagr;
typedef struct {
    double bound;
    int steps;
    int improved;
} sp__lagr_out;
sp_status sp__lagr_new(const sp__sprob *P, sp__lagr **out);
void sp__lagr_free(sp__lagr *lg);
sp_status sp__lagr_bound(const sp__lagr *lg, const sp__sprob *P, int32_t p, int32_t *sites,
                         int32_t *n, double *ub, sp__lagr_out *out);

/* Sort int32 ascending. */
void sp__sort_i32(int32_t *a, size_t n);

/* --- models ------------------------------------------------------------------ */

/* Solution of one budget. */
typedef struct {
    int32_t n;          /* sites chosen */
    double obj;         /* model objective (INFINITY: none feasible) */
    double bound;       /* NAN: unknown */
    int optimal;
    const char *method;
    double covered;     /* coverage models: covered weight */
} ksol;

/* One model: its traits and its two steps.  solve fills res->curve and
 * *fin (the answer, its candidates in sites); bound adds the fallback
 * bounds (bounds.c) where the solve proved none. */
struct sp__model_ops {
    int min_model;      /* pmedian, pcenter: "covered" = reached, radius ignored */
    int max_objective;  /* pcenter: the primary objective is the largest cost */
    int target;         /* target: p < 0 = no cap; target_percent applies */
    int mean_cost;      /* pmedian: report objective / reached weight */
    sp_status (*solve)(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res,
                       int32_t *sites, ksol *fin);
    void (*bound)(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res);
};

/* cover_models.c */
sp_status sp__solve_mclp(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res,
                         int32_t *sites, ksol *fin);
sp_status sp__solve_target(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res,
                           int32_t *sites, ksol *fin);
/* Covering at budget k: fresh greedy vs the warm start grown by greedy,
 * then swaps, then the MIP (when use_mip; stop_at/stop_below as in
 * sp__cov_mip).  cols (capacity n_col) receives the columns. */
sp_status sp__cov_solve_k(const sp__sprob *P, const sp__cov *c, sp__covcache *cache,
                          double deadline, int32_t k, const int32_t *warm, int32_t n_warm,
                          int use_mip, double stop_at, double stop_below, int32_t *cols,
                          int32_t *n, ksol *out);
/* Columns to candidate indices (sorted), and back. */
void sp__cols_to_sites(const sp__cov *c, const int32_t *cols, int32_t n, int32_t *sites);
void sp__sites_to_cols(const sp__sprob *P, const int32_t *sites, int32_t n, int32_t *cols);

/* minsum_models.c */
sp_status sp__solve_pmedian(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res,
                            int32_t *sites, ksol *fin);
sp_status sp__solve_pcenter(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res,
                            int32_t *sites, ksol *fin);

/* --- capacitated covering (cap_models.c, cap_mip.c) ----------------------------
 * Served weight of a set = the transportation optimum of capassign.h on the
 * pairs within radius, with the fixed sites open.  The context holds
 * scratch (not thread-safe; the capacitated solve runs on one thread). */
struct sp__capctx {
    const sp__sprob *P;
    const double *cap;      /* nc capacities (INFINITY = unlimited) */
    double radius;
    double *reach;          /* nc: weight within radius */
    double *ub;             /* nc: a bound on any gain: min(capacity, reach) and,
                             * with fixed sites, the gain on the fixed sites alone */
    int32_t *order;         /* usable candidates by ub descending, then index */
    double *prefix;         /* n_usable + 1: sum of the k largest ub */
    double fixed_served;    /* served by the fixed sites alone */
    double all_served;      /* served with every usable candidate open too */
    double total;           /* all weight */
    int integral;           /* weights and finite capacities are integers */
    int big;                /* more pairs than GLPK handles in useful time */
    int ipt;                /* big, but few enough pairs for the interior-point LP */
    uint8_t *open;          /* scratch, nc */
    int64_t evals;          /* served evaluations (capassign solves) */
};

/* Build / free the context (P->capx); SP_E_INPUT for a bad capacity. */
sp_status sp__cap_init(sp__sprob *P, const double *cap, double radius);
void sp__cap_free(sp__capctx *X);

/* Served weight with the fixed sites and sites[0..n) open: the value of a
 * maximum flow (cap_flow.c, sp__cap_served); with `assign` non-NULL the
 * caller also receives capassign's optimal assignment (sp_capassign_free)
 * and the value is its served amount (the same maximum). */
sp_status sp__cap_eval(sp__capctx *X, const int32_t *sites, int32_t n, double *served,
                       sp_capassign **assign);

/* Pairs (within radius, weight > 0, capacity > 0) above which GLPK is not
 * run: its LP of the strong form alone takes minutes (Porto Alegre, 27,000
 * pairs); the Lagrangian bound and heuristic stand alone. */
#define SP_CAP_GLPK_PAIRS 5000

/* Big instances with at most this many pairs solve the LP relaxation of the
 * strong form by GLPK's interior-point method (scaled): Porto Alegre's
 * 26,845 pairs in about 12 s, where its simplex had not finished after
 * 60 s.  Its demand-row duals start a second Lagrangian run (cap_mip.c):
 * the bound stays a Lagrangian value, proven whatever the LP's accuracy.
 * glp_interior has no time limit: it runs only with no deadline or at
 * least SP_CAP_IPT_SECS seconds left. */
#define SP_CAP_IPT_PAIRS 40000
#define SP_CAP_IPT_SECS 30.0

/* Maximum flow value of the open sites of open[] (nc flags; fixed sites
 * must be set too): the workers served (cap_flow.c).  SP_E_NOMEM. */
sp_status sp__cap_served(sp__capctx *X, const uint8_t *open, double *served);

/* Exact capacitated covering with at most p new sites, warm-started with
 * sites[0..*n) (sorted candidate indices).  Improves sites and *n in
 * place.  Steps: the Lagrangian bound with its heuristic, then (unless
 * X->big) GLPK branch-and-cut; big ones with X->ipt (and not light) get
 * the interior-point LP's duals as a second Lagrangian start.  light: a short Lagrangian only (curve
 * budgets of big instances).  stop_at / stop_below as in sp__cov_mip
 * (NAN = off); deadline as in sp__sprob. */
sp_status sp__cap_mip(sp__capctx *X, int32_t p, int32_t *sites, int32_t *n, double deadline,
                      double stop_at, double stop_below, int light, sp__mip_out *out);

sp_status sp__solve_cap_mclp(const sp__sprob *P, const sp_siting_opts *o,
                             sp_siting_result *res, int32_t *sites, ksol *fin);
sp_status sp__solve_cap_target(const sp__sprob *P, const sp_siting_opts *o,
                               sp_siting_result *res, int32_t *sites, ksol *fin);
void sp__bound_cap_mclp(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res);
void sp__bound_cap_target(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res);
/* Ranks by served weight (see siting.h) and the coverage/service summary. */
sp_status sp__cap_rank_sites(const sp__sprob *P, const int32_t *sites, int32_t n,
                             sp_siting_result *res);

/* bounds.c */
void sp__bound_mclp(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res);
void sp__bound_target(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res);
void sp__bound_minsum(const sp__sprob *P, const sp_siting_opts *o, sp_siting_result *res);

/* rank.c: rank the n chosen sites into res (ranks, runner-ups, coverage
 * summary); one point of the budget curve. */
sp_status sp__rank_sites(const sp__sprob *P, double radius, const int32_t *sites, int32_t n,
                         sp_siting_result *res);
void sp__set_point(sp_siting_point *pt, int32_t k, const ksol *s);

#endif
