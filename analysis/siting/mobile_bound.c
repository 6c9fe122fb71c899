/* mobile_bound.c — the lower bound on unit-days of mobile.h: workers over
 * capacity, least time (service + cheapest drive into each visit) over the
 * day, and visits that cannot share a day plus workers over capacity for
 * the rest.  Valid for any plan (any depot that has a unit), with the same
 * feasibility tolerance as the solver.  See mobile_internal.h. */
#include "mobile_internal.h"

#include <math.h>
#include <stdlib.h>

/* ceil(x) that ignores rounding noise just above an integer */
static int32_t ceil_tol(double x)
{
    double c = ceil(x - 1e-9 * (1 + fabs(x)));
    if (c < 0)
        c = 0;
    return c > INT32_MAX ? INT32_MAX : (int32_t)c;
}

/* Can visits a and b share a route (from some depot, in some order)? */
static int pair_fits(const sp__mob *m, int32_t a, int32_t b)
{
    double w = m->vw[a] + m->vw[b], serv = m->vserv[a] + m->vserv[b];
    if (!(w <= m->cap + m->eps_w))
        return 0;
    int32_t pa = m->vpt[a], pb = m->vpt[b];
    double ab = sp__mob_c(m, pa, pb), ba = sp__mob_c(m, pb, pa);
    for (int32_t k = 0; k < m->n_ud; k++) {
        int32_t d = m->ud[k];
        double t1 = sp__mob_c(m, d, pa) + ab + sp__mob_c(m, pb, d);
        double t2 = sp__mob_c(m, d, pb) + ba + sp__mob_c(m, pa, d);
        if (sp__mob_fits(m, w, fmin(t1, t2) + serv))
            return 1;
    }
    return 0;
}

int32_t sp__mob_bound(const sp__mob *m)
{
    int32_t V = m->nv;
    if (V == 0)
        return 0;
    /* 1: workers */
    double wsum = 0;
    for (int32_t v = 0; v < V; v++)
        wsum += m->vw[v];
    int32_t lb1 = ceil_tol(wsum / (m->cap + m->eps_w));
    /* 2: time; the least drive into a visit comes from a unit's depot or
     * another visit (0 from another visit of the same stop) */
    double tsum = 0;
    for (int32_t v = 0; v < V; v++) {
        int32_t pv = m->vpt[v];
        double in = INFINITY;
        for (int32_t k = 0; k < m->n_ud; k++)
            in = fmin(in, sp__mob_c(m, m->ud[k], pv));
        for (int32_t u = 0; u < V && in > 0; u++)
            if (u != v)
                in = fmin(in, sp__mob_c(m, m->vpt[u], pv));
        tsum += m->vserv[v] + in;
    }
    int32_t lb2 = ceil_tol(tsum / (m->day + m->eps_t));
    /* 3: loners (no partner at all) each need their own day */
    int32_t loners = 0;
    double wrest = 0;
    for (int32_t a = 0; a < V; a++) {
        int alone = 1;
        for (int32_t b = 0; b < V && alone; b++)
            if (b != a && pair_fits(m, a, b))
                alone = 0;
        if (alone)
            loners++;
        else
            wrest += m->vw[a];
    }
    int32_t lb3 = loners + ceil_tol(wrest / (m->cap + m->eps_w));
    int32_t lb = lb1;
    if (lb2 > lb)
        lb = lb2;
    if (lb3 > lb)
        lb = lb3;
    return lb;
}
