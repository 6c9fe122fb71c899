/* capassign.c — capacitated assignment as a minimum-cost maximum flow (see
 * capassign.h).
 *
 * The network: a source feeds each demand point (arc capacity = its
 * workers), each point reaches its eligible sites (unbounded arcs, cost =
 * the pair's seconds), each site feeds the sink (capacity = the site's
 * capacity).  Only points with workers and an eligible pair, and sites with
 * capacity > 0 and an eligible pair, take part.
 *
 * Successive shortest paths with node potentials pi: every residual arc
 * (u, v) keeps a reduced cost c + pi[u] - pi[v] >= 0, so a Dijkstra search
 * finds a least-cost augmenting path, and augmenting along it keeps the flow
 * of least cost among the flows of its value (no negative residual cycle).
 * The search stops when it reaches the sink; potentials are then raised by
 * min(d[v], d[sink]) (settled nodes by their distance, the others by the
 * sink's distance: subtracting the sink's distance from the settled ones
 * instead leaves every difference, hence every reduced cost, the same, at a
 * cost proportional to the nodes settled).  When no augmenting path is left
 * the flow is maximum, and of least cost among maximum flows.
 *
 * Two accelerations that change no result's optimality:
 *   - Start: points in ascending order of their least eligible cost u[p]
 *     each send all their workers to their nearest site (ties: lower site
 *     index) while it has room; the first point that does not fit sends
 *     what fits and the greedy stops.  With pi[p] = -u[p], pi[site] =
 *     pi[sink] = 0 and pi[source] = -u of that last point, every residual
 *     arc has a reduced cost >= 0: the start flow is one the algorithm could
 *     have reached (of least cost for its value).  When capacities do not
 *     bind, it is the whole answer and no search runs.
 *   - Dead nodes: a node from which the sink cannot be reached in the
 *     residual network never can be again (an augmenting path through it
 *     would have reached the sink from it; so no path touches the closed set
 *     it belongs to, whose arcs then never change).  After a site fills up
 *     the set of nodes that can still reach the sink is recomputed (a
 *     backward search from the sink) and the searches skip the others.
 *     Reduced costs on arcs into dead nodes may become negative; no cycle
 *     joins a dead node and a live one, so optimality is untouched.
 *
 * Arithmetic: residual capacities, flows and potentials are doubles; a
 * reduced cost below 0 by rounding is taken as 0, and a residual amount
 * below 1e-12 of the largest weight is taken as 0 (with integer weights and
 * capacities every amount is an integer and nothing is rounded).
 */
#include "capassign.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "heap.h"

typedef struct {
    int32_t P, S, T;     /* points, sites; T = P + S is the sink's node id */
    /* the eligible network pairs by point, ascending site: k in
     * pfirst[p] .. pfirst[p + 1] */
    int64_t *pfirst;     /* P + 1 */
    int32_t *psite;      /* pair -> site */
    int32_t *ppoint;     /* pair -> point */
    float *pcost;        /* pair -> matrix cost (seconds) */
    double *flow;        /* pair -> flow */
    /* the same pairs by site, ascending point: sp[sfirst[s] .. sfirst[s + 1]) */
    int64_t *sfirst;     /* S + 1 */
    int64_t *spair;
    /* the pairs of site s with a positive flow (the residual arcs site ->
     * point): sflow[sfirst[s] .. sfirst[s] + nflow[s]); fpos[k] = index of
     * pair k there, -1 when its flow is 0 */
    int64_t *sflow;
    int64_t *fpos;
    int32_t *nflow;
    double *rsup;        /* P: workers of a point not yet sent */
    double *rcap;        /* S: room left at a site (INFINITY = unlimited) */
    double *pi;          /* P + S + 1 potentials (node ids: points, sites, sink) */
    double pi_src;       /* the source's potential */
    uint8_t *alive;      /* P + S: can still reach the sink */
    double tiny;         /* amounts at or below this are 0 */
    /* search state, by node id */
    double *dist;
    int64_t *par;        /* point: reverse pair or -1 (source); site: forward
                            pair; sink: the site */
    int64_t *mark;       /* search number that touched the node */
    int64_t *done;       /* search number that settled it */
    int32_t *settled;    /* the nodes settled in this search */
    int32_t *active;     /* points with rsup > 0 (compacted lazily) */
    int32_t n_active;
    int32_t *queue;      /* P + S, for the backward search */
    sp_heap *heap;
} net;

static void net_free(net *g)
{
    free(g->pfirst);
    free(g->psite);
    free(g->ppoint);
    free(g->pcost);
    free(g->flow);
    free(g->sfirst);
    free(g->spair);
    free(g->sflow);
    free(g->fpos);
    free(g->nflow);
    free(g->rsup);
    free(g->rcap);
    free(g->pi);
    free(g->alive);
    free(g->dist);
    free(g->par);
    free(g->mark);
    free(g->done);
    free(g->settled);
    free(g->active);
    free(g->queue);
    sp_heap_free(g->heap);
}

void sp_capassign_free(sp_capassign *a)
{
    if (!a)
        return;
    free(a->point_served);
    free(a->site_load);
    free(a->pt_first);
    free(a->pair_site);
    free(a->pair_flow);
    free(a->pair_cost);
    free(a);
}

/* --- flows on pairs ------------------------------------------------------ */

static void flow_add(net *g, int64_t k, double d)
{
    if (g->flow[k] == 0) {
        int32_t s = g->psite[k];
        int64_t i = g->sfirst[s] + g->nflow[s]++;
        g->sflow[i] = k;
        g->fpos[k] = i;
    }
    g->flow[k] += d;
}

static void flow_sub(net *g, int64_t k, double d)
{
    double f = g->flow[k] - d;
    if (f > g->tiny) {
        g->flow[k] = f;
        return;
    }
    g->flow[k] = 0;
    int32_t s = g->psite[k];
    int64_t last = g->sfirst[s] + --g->nflow[s];
    int64_t i = g->fpos[k];
    g->sflow[i] = g->sflow[last];
    g->fpos[g->sflow[i]] = i;
    g->fpos[k] = -1;
}

static double take(double have, double d, double tiny)
{
    double r = have - d;
    return r > tiny ? r : 0;
}

/* --- building the network ------------------------------------------------ */

static int pair_ok(const double *cap, const uint8_t *open, int32_t s, double c,
                   double threshold_s)
{
    return (!open || open[s]) && sp_covers(c, threshold_s) && cap[s] > 0;
}

/* Pairs of the network: open site with room, covering pair, point with
 * workers.  Also computes a->covered. */
static sp_status build(net *g, sp_capassign *a, const sp_costmatrix *m, const double *w,
                       const double *cap, const uint8_t *open, double threshold_s)
{
    int32_t P = g->P, S = g->S;
    uint8_t *cov = sp_calloc_n((size_t)P + 1, 1);
    g->pfirst = sp_calloc_n((size_t)P + 1, sizeof *g->pfirst);
    g->sfirst = sp_calloc_n((size_t)S + 1, sizeof *g->sfirst);
    if (!cov || !g->pfirst || !g->sfirst) {
        free(cov);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    int64_t n = 0;
    for (int32_t s = 0; s < S; s++) {
        const int32_t *pt;
        const float *c;
        size_t np = sp_costmatrix_get_row(m, s, &pt, &c);
        g->sfirst[s] = n;
        if (open && !open[s])
            continue;
        for (size_t j = 0; j < np; j++) {
            if (!sp_covers(c[j], threshold_s))
                continue;
            cov[pt[j]] = 1;
            if (pair_ok(cap, open, s, c[j], threshold_s) && w[pt[j]] > 0) {
                g->pfirst[pt[j]]++;
                n++;
            }
        }
    }
    g->sfirst[S] = n;
    for (int32_t p = 0; p < P; p++)
        if (cov[p])
            a->covered += w[p];
    free(cov);
    /* counts -> starts */
    int64_t acc = 0;
    for (int32_t p = 0; p < P; p++) {
        int64_t c = g->pfirst[p];
        g->pfirst[p] = acc;
        acc += c;
    }
    g->pfirst[P] = acc;
    size_t nn = (size_t)n + 1;
    g->psite = sp_malloc_n(nn, sizeof *g->psite);
    g->ppoint = sp_malloc_n(nn, sizeof *g->ppoint);
    g->pcost = sp_malloc_n(nn, sizeof *g->pcost);
    g->flow = sp_calloc_n(nn, sizeof *g->flow);
    g->spair = sp_malloc_n(nn, sizeof *g->spair);
    g->sflow = sp_malloc_n(nn, sizeof *g->sflow);
    g->fpos = sp_malloc_n(nn, sizeof *g->fpos);
    int64_t *fill = sp_malloc_n((size_t)P + 1, sizeof *fill);
    if (!g->psite || !g->ppoint || !g->pcost || !g->flow || !g->spair || !g->sflow ||
        !g->fpos || !fill) {
        free(fill);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    memcpy(fill, g->pfirst, sizeof *fill * (size_t)P);
    int64_t ns = 0;
    for (int32_t s = 0; s < S; s++) {
        const int32_t *pt;
        const float *c;
        size_t np = sp_costmatrix_get_row(m, s, &pt, &c);
        if (open && !open[s])
            continue;
        for (size_t j = 0; j < np; j++) {
            if (!pair_ok(cap, open, s, c[j], threshold_s) || !(w[pt[j]] > 0))
                continue;
            int64_t k = fill[pt[j]]++;
            g->psite[k] = s;
            g->ppoint[k] = pt[j];
            g->pcost[k] = c[j];
            g->fpos[k] = -1;
            g->spair[ns++] = k;
        }
    }
    free(fill);
    return SP_OK;
}

static sp_status alloc_state(net *g, const double *w, const double *cap)
{
    int32_t P = g->P, S = g->S;
    size_t N = (size_t)P + (size_t)S + 1;
    g->nflow = sp_calloc_n((size_t)S + 1, sizeof *g->nflow);
    g->rsup = sp_calloc_n((size_t)P + 1, sizeof *g->rsup);
    g->rcap = sp_calloc_n((size_t)S + 1, sizeof *g->rcap);
    g->pi = sp_calloc_n(N, sizeof *g->pi);
    g->alive = sp_calloc_n(N, 1);
    g->dist = sp_malloc_n(N, sizeof *g->dist);
    g->par = sp_malloc_n(N, sizeof *g->par);
    g->mark = sp_calloc_n(N, sizeof *g->mark);
    g->done = sp_calloc_n(N, sizeof *g->done);
    g->settled = sp_malloc_n(N, sizeof *g->settled);
    g->active = sp_malloc_n((size_t)P + 1, sizeof *g->active);
    g->queue = sp_malloc_n(N, sizeof *g->queue);
    g->heap = N <= INT32_MAX ? sp_heap_new((int32_t)N) : NULL;
    if (!g->nflow || !g->rsup || !g->rcap || !g->pi || !g->alive || !g->dist || !g->par ||
        !g->mark || !g->done || !g->settled || !g->active || !g->queue || !g->heap)
        return sp_error(SP_E_NOMEM, "out of memory");
    double wmax = 0;
    for (int32_t p = 0; p < P; p++) {
        if (g->pfirst[p + 1] > g->pfirst[p]) {
            g->rsup[p] = w[p];
            wmax = fmax(wmax, w[p]);
        }
    }
    for (int32_t s = 0; s < S; s++)
        g->rcap[s] = cap ? cap[s] : INFINITY;
    g->tiny = 1e-12 * wmax;
    return SP_OK;
}

/* --- the greedy start ---------------------------------------------------- */

typedef struct {
    double u;
    int32_t p;
} ukey;

static int ukey_cmp(const void *a, const void *b)
{
    const ukey *x = a, *y = b;
    if (x->u != y->u)
        return x->u < y->u ? -1 : 1;
    return (x->p > y->p) - (x->p < y->p);
}

/* See the file comment.  Sets the potentials. */
static sp_status greedy(net *g)
{
    int32_t P = g->P;
    ukey *order = sp_malloc_n((size_t)P + 1, sizeof *order);
    int32_t *near = sp_malloc_n((size_t)P + 1, sizeof *near);
    if (!order || !near) {
        free(order);
        free(near);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    int32_t n = 0;
    for (int32_t p = 0; p < P; p++) {
        if (g->pfirst[p + 1] == g->pfirst[p])
            continue;
        int64_t best = g->pfirst[p];
        for (int64_t k = best + 1; k < g->pfirst[p + 1]; k++)
            if (g->pcost[k] < g->pcost[best])
                best = k;
        near[p] = (int32_t)(best - g->pfirst[p]);
        g->pi[p] = -(double)g->pcost[best];
        order[n].u = g->pcost[best];
        order[n++].p = p;
    }
    qsort(order, (size_t)n, sizeof *order, ukey_cmp);
    double last_u = 0;
    for (int32_t i = 0; i < n; i++) {
        int32_t p = order[i].p;
        int64_t k = g->pfirst[p] + near[p];
        int32_t s = g->psite[k];
        double d = fmin(g->rsup[p], g->rcap[s]);
        last_u = order[i].u;
        if (d > 0) {
            flow_add(g, k, d);
            g->rsup[p] = take(g->rsup[p], d, g->tiny);
            g->rcap[s] = take(g->rcap[s], d, g->tiny);
        }
        if (g->rsup[p] > 0)
            break;
    }
    g->pi_src = -last_u;
    free(order);
    free(near);
    return SP_OK;
}

/* --- which nodes can still reach the sink -------------------------------- */

static void find_alive(net *g)
{
    int32_t P = g->P, S = g->S, nq = 0;
    memset(g->alive, 0, (size_t)P + (size_t)S);
    for (int32_t s = 0; s < S; s++) {
        if (g->rcap[s] > 0 && g->sfirst[s + 1] > g->sfirst[s]) {
            g->alive[P + s] = 1;
            g->queue[nq++] = P + s;
        }
    }
    for (int32_t qi = 0; qi < nq; qi++) {
        int32_t v = g->queue[qi];
        if (v >= P) {
            /* a point reaches site v - P through its (unbounded) pair arc */
            int32_t s = v - P;
            for (int64_t i = g->sfirst[s]; i < g->sfirst[s + 1]; i++) {
                int32_t p = g->ppoint[g->spair[i]];
                if (!g->alive[p]) {
                    g->alive[p] = 1;
                    g->queue[nq++] = p;
                }
            }
        } else {
            /* a site reaches point v when it sends it a flow (reverse arc) */
            for (int64_t k = g->pfirst[v]; k < g->pfirst[v + 1]; k++) {
                int32_t u = P + g->psite[k];
                if (g->flow[k] > 0 && !g->alive[u]) {
                    g->alive[u] = 1;
                    g->queue[nq++] = u;
                }
            }
        }
    }
    /* drop the points that cannot be served any more */
    int32_t j = 0;
    for (int32_t i = 0; i < g->n_active; i++) {
        int32_t p = g->active[i];
        if (g->rsup[p] > 0 && g->alive[p])
            g->active[j++] = p;
    }
    g->n_active = j;
}

/* --- one search and one augmentation ------------------------------------- */

static inline void relax(net *g, int64_t stamp, int32_t v, double nd, int64_t par)
{
    if (g->mark[v] != stamp) {
        g->mark[v] = stamp;
        g->dist[v] = nd;
        g->par[v] = par;
        sp_heap_push(g->heap, v, nd);
    } else if (nd < g->dist[v] && g->done[v] != stamp) {
        g->dist[v] = nd;
        g->par[v] = par;
        sp_heap_decrease(g->heap, v, nd);
    }
}

/* Dijkstra from the source on reduced costs, up to the sink.  Returns 1 when
 * the sink was reached (the potentials are then updated), 0 otherwise. */
static int search(net *g, int64_t stamp)
{
    int32_t P = g->P, T = g->T, nset = 0;
    sp_heap *h = g->heap;
    /* the source's arcs: points with workers left */
    int32_t j = 0;
    for (int32_t i = 0; i < g->n_active; i++) {
        int32_t p = g->active[i];
        if (!(g->rsup[p] > 0) || !g->alive[p])
            continue;
        g->active[j++] = p;
        double rc = g->pi_src - g->pi[p];
        relax(g, stamp, p, rc > 0 ? rc : 0, -1);
    }
    g->n_active = j;
    int found = 0;
    double dT = 0;
    while (sp_heap_size(h) > 0) {
        double d;
        int32_t u = sp_heap_pop(h, &d);
        g->done[u] = stamp;
        if (u == T) {
            found = 1;
            dT = d;
            break;
        }
        g->settled[nset++] = u;
        double pu = g->pi[u];
        if (u < P) {
            for (int64_t k = g->pfirst[u]; k < g->pfirst[u + 1]; k++) {
                int32_t v = P + g->psite[k];
                if (!g->alive[v] || g->done[v] == stamp)
                    continue;
                double rc = (double)g->pcost[k] + pu - g->pi[v];
                relax(g, stamp, v, rc > 0 ? d + rc : d, k);
            }
        } else {
            int32_t s = u - P;
            double rt = pu - g->pi[T];
            if (g->rcap[s] > 0)
                relax(g, stamp, T, rt > 0 ? d + rt : d, s);
            int64_t f0 = g->sfirst[s], f1 = f0 + g->nflow[s];
            for (int64_t i = f0; i < f1; i++) {
                int64_t k = g->sflow[i];
                int32_t v = g->ppoint[k];
                if (!g->alive[v] || g->done[v] == stamp)
                    continue;
                double rc = pu - g->pi[v] - (double)g->pcost[k];
                relax(g, stamp, v, rc > 0 ? d + rc : d, k);
            }
        }
    }
    sp_heap_clear(h);
    if (!found)
        return 0;
    for (int32_t i = 0; i < nset; i++) {
        int32_t v = g->settled[i];
        g->pi[v] += g->dist[v] - dT;
    }
    g->pi_src -= dT;
    return 1;
}

/* Augment along the tree path to the sink.  Returns 1 when a site filled. */
static int augment(net *g)
{
    int32_t P = g->P;
    int32_t s = (int32_t)g->par[g->T];
    double d = g->rcap[s];
    int32_t v = P + s;
    for (;;) {
        int64_t k = g->par[v];
        if (v >= P) {
            v = g->ppoint[k];
        } else if (k < 0) {
            d = fmin(d, g->rsup[v]);
            break;
        } else {
            d = fmin(d, g->flow[k]);
            v = P + g->psite[k];
        }
    }
    int filled = 0;
    g->rcap[s] = take(g->rcap[s], d, g->tiny);
    if (g->rcap[s] == 0)
        filled = 1;
    v = P + s;
    for (;;) {
        int64_t k = g->par[v];
        if (v >= P) {
            flow_add(g, k, d);
            v = g->ppoint[k];
        } else if (k < 0) {
            g->rsup[v] = take(g->rsup[v], d, g->tiny);
            break;
        } else {
            flow_sub(g, k, d);
            v = P + g->psite[k];
        }
    }
    return filled;
}

/* --- the result ---------------------------------------------------------- */

static sp_status result(const net *g, sp_capassign *a)
{
    int32_t P = g->P, S = g->S;
    int64_t np = 0;
    for (int64_t k = 0; k < g->pfirst[P]; k++)
        if (g->flow[k] > 0)
            np++;
    a->point_served = sp_calloc_n((size_t)P + 1, sizeof *a->point_served);
    a->site_load = sp_calloc_n((size_t)S + 1, sizeof *a->site_load);
    a->pt_first = sp_calloc_n((size_t)P + 1, sizeof *a->pt_first);
    a->pair_site = sp_malloc_n((size_t)np + 1, sizeof *a->pair_site);
    a->pair_flow = sp_malloc_n((size_t)np + 1, sizeof *a->pair_flow);
    a->pair_cost = sp_malloc_n((size_t)np + 1, sizeof *a->pair_cost);
    if (!a->point_served || !a->site_load || !a->pt_first || !a->pair_site || !a->pair_flow ||
        !a->pair_cost)
        return sp_error(SP_E_NOMEM, "out of memory");
    int64_t j = 0;
    for (int32_t p = 0; p < P; p++) {
        a->pt_first[p] = j;
        for (int64_t k = g->pfirst[p]; k < g->pfirst[p + 1]; k++) {
            double f = g->flow[k];
            if (!(f > 0))
                continue;
            a->pair_site[j] = g->psite[k];
            a->pair_flow[j] = f;
            a->pair_cost[j] = g->pcost[k];
            a->point_served[p] += f;
            a->site_load[g->psite[k]] += f;
            a->served += f;
            a->cost += f * (double)g->pcost[k];
            j++;
        }
    }
    a->pt_first[P] = j;
    a->n_pairs = j;
    return SP_OK;
}

/* --- entry point --------------------------------------------------------- */

static sp_status check_inputs(const sp_costmatrix *m, const double *w, const double *cap,
                              double threshold_s)
{
    if (isnan(threshold_s))
        return sp_error(SP_E_INPUT, "capacity assignment: the threshold is not a number");
    int32_t S = sp_costmatrix_n_candidates(m), P = sp_costmatrix_n_demands(m);
    for (int32_t s = 0; cap && s < S; s++) {
        if (!(cap[s] >= 0)) {
            const char *id = sp_costmatrix_get_candidate_id(m, s);
            if (id)
                return sp_error(SP_E_INPUT, "capacity assignment: site %s: capacity %g is not "
                                "a number >= 0", id, cap[s]);
            return sp_error(SP_E_INPUT, "capacity assignment: site %d: capacity %g is not a "
                            "number >= 0", (int)s + 1, cap[s]);
        }
    }
    for (int32_t p = 0; p < P; p++) {
        if (!(w[p] >= 0) || !isfinite(w[p])) {
            const char *id = sp_costmatrix_get_demand_id(m, p);
            if (id)
                return sp_error(SP_E_INPUT, "capacity assignment: demand %s: weight %g is not "
                                "a finite number >= 0", id, w[p]);
            return sp_error(SP_E_INPUT, "capacity assignment: demand %d: weight %g is not a "
                            "finite number >= 0", (int)p + 1, w[p]);
        }
    }
    return SP_OK;
}

sp_status sp_capassign_solve(const sp_costmatrix *m, const double *weight,
                             const double *capacity, const uint8_t *open,
                             double threshold_s, sp_capassign **out)
{
    *out = NULL;
    const double *w = weight ? weight : sp_costmatrix_get_weights(m);
    sp_status st = check_inputs(m, w, capacity, threshold_s);
    if (st)
        return st;
    sp_capassign *a = calloc(1, sizeof *a);
    if (!a)
        return sp_error(SP_E_NOMEM, "out of memory");
    a->n_sites = sp_costmatrix_n_candidates(m);
    a->n_points = sp_costmatrix_n_demands(m);
    net g = {0};
    g.P = a->n_points;
    g.S = a->n_sites;
    g.T = g.P + g.S;
    double *cap = NULL;
    if (!capacity) {
        cap = sp_malloc_n((size_t)g.S + 1, sizeof *cap);
        if (!cap) {
            st = sp_error(SP_E_NOMEM, "out of memory");
            goto done;
        }
        for (int32_t s = 0; s < g.S; s++)
            cap[s] = INFINITY;
    }
    const double *c = capacity ? capacity : cap;
    if ((st = build(&g, a, m, w, c, open, threshold_s)) ||
        (st = alloc_state(&g, w, c)) || (st = greedy(&g)))
        goto done;
    for (int32_t p = 0; p < g.P; p++)
        if (g.rsup[p] > 0)
            g.active[g.n_active++] = p;
    int recheck = 1;
    int64_t stamp = 0;
    while (g.n_active > 0) {
        if (recheck) {
            find_alive(&g);
            recheck = 0;
            if (g.n_active == 0)
                break;
        }
        a->augmentations++;
        if (!search(&g, ++stamp))
            break;
        recheck = augment(&g);
    }
    st = result(&g, a);
done:
    free(cap);
    net_free(&g);
    if (st) {
        sp_capassign_free(a);
        return st;
    }
    *out = a;
    return SP_OK;
}
