/* mobile_internal.h — shared pieces of the mobile-unit solver (mobile.h):
 * the instance after the visit split, routes, and the three steps
 * (heuristic in mobile_heur.c, exact in mobile_exact.c, lower bound in
 * mobile_bound.c).  Private to analysis/siting/mobile*.c.
 *
 * A route's time is its drive plus the service of its visits (no waiting),
 * so a route is feasible when w <= cap + eps_w and drive + serv <= day +
 * eps_t; every step uses sp__mob_fits so they agree on the same tolerance
 * (the bound is only valid if it is not stricter than the solver). */
#ifndef SP_MOBILE_INTERNAL_H
#define SP_MOBILE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "mobile.h"
#include "status.h"

/* Hard cap on the exact step (2^V x V Held-Karp table, 3^V subset DP). */
#define SP__MOB_EXACT_CAP 18

typedef struct {
    int32_t nd, N;      /* depots, points (depots then stops) */
    const double *D;    /* drive seconds N x N (borrowed) */
    int32_t nv;         /* visits */
    int32_t *vstop;     /* nv: the visit's stop */
    int32_t *vpt;       /* nv: the visit's point (nd + stop) */
    double *vw;         /* nv: workers served at the visit */
    double *vserv;      /* nv: setup + workers x per_worker seconds */
    int32_t *vdepot;    /* nv: nearest depot that has a unit */
    int32_t n_ud;       /* depots that have at least one unit */
    int32_t *ud;        /* n_ud: those depots, ascending */
    double cap, day;    /* capacity_per_day, day_s */
    double eps_w, eps_t;/* feasibility tolerances */
} sp__mob;

typedef struct {
    int32_t depot, n, alloc;
    int32_t *v;         /* n visits in order */
    double w, serv;     /* workers, service seconds */
    double drive;       /* drive seconds, back to the depot included */
} sp__mroute;

typedef struct {
    int32_t n, alloc;
    sp__mroute *r;
} sp__mset;

static inline double sp__mob_c(const sp__mob *m, int32_t a, int32_t b)
{
    return m->D[(size_t)a * (size_t)m->N + (size_t)b];
}

static inline int sp__mob_fits(const sp__mob *m, double w, double time)
{
    return w <= m->cap + m->eps_w && time <= m->day + m->eps_t;
}

/* Drive of depot -> v[0] -> ... -> v[n-1] -> depot (0 when n == 0). */
double sp__mob_route_drive(const sp__mob *m, int32_t depot, const int32_t *v, int32_t n);

/* Route set helpers.  sp__mset_add appends a route (copying v[0..n-1]) and
 * fills w, serv, drive; -1 on no memory. */
int sp__mset_add(sp__mset *s, const sp__mob *m, int32_t depot, const int32_t *v, int32_t n);
void sp__mset_clear(sp__mset *s);
/* Recompute w, serv, drive of route r from its visits. */
void sp__mroute_update(sp__mroute *r, const sp__mob *m);

/* Savings construction per depot (each visit on its vdepot), then local
 * search.  OUT: s (empty on entry).  SP_E_NOMEM. */
sp_status sp__mob_heuristic(const sp__mob *m, sp__mset *s);

/* The exact step (m->nv <= SP__MOB_EXACT_CAP): fewest routes covering each
 * visit once (any depot that has a unit), then least drive.  OUT: s (empty
 * on entry).  SP_E_NOMEM. */
sp_status sp__mob_exact(const sp__mob *m, sp__mset *s);

/* The lower bound of mobile.h (without the exact step). */
int32_t sp__mob_bound(const sp__mob *m);

#endif
