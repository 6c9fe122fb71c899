/* search.c — see search.h.
 *
 * A node gets a finite dist only when a path within the limit reaches it, and
 * every such node enters the queue and is eventually settled: nothing above
 * the limit is ever queued.  So the settled list is also the list of touched
 * nodes, and resetting the workspace costs one store per node settled by the
 * previous search.  No settled flag is needed either: with costs >= 0 a
 * settled node's dist can never be improved, so `nd < dist[w]` already fails
 * for it (floating-point addition of a non-negative value never decreases).
 *
 * The queue is lazy (lazyheap.h): an improved node is queued again with its
 * new time, and an entry whose time is above the node's dist is stale and
 * skipped when it comes out.  A node is queued only on a strict
 * improvement, so exactly one entry per reached node carries its final
 * dist: each node is settled once, in non-decreasing order of time.
 *
 * Predecessors (routes on): pred[v] is written every time dist[v] is, so it
 * is valid exactly where dist[v] is finite and needs no reset of its own.
 */
#include "search.h"

#include <math.h>
#include <stdlib.h>

#include "search_private.h"


sp_search *sp_search_new(const sp_graph *g)
{
    sp_search *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    int32_t n = g->n_nodes;
    ws->cap = n;
    ws->dist = sp_malloc_n((size_t)n, sizeof *ws->dist);
    ws->settled = sp_malloc_n((size_t)n, sizeof *ws->settled);
    ws->heap = (sp_lazyheap)SP_LAZYHEAP_INIT;
    if (!ws->dist || !ws->settled) {
        sp_search_free(ws);
        return NULL;
    }
    for (int32_t v = 0; v < n; v++)
        ws->dist[v] = INFINITY;
    return ws;
}

void sp_search_free(sp_search *ws)
{
    if (!ws)
        return;
    free(ws->dist);
    free(ws->settled);
    free(ws->pred);
    free(ws->hdist);
    sp_lazyheap_release(&ws->heap);
    free(ws);
}

void sp__search_reset(sp_search *ws)
{
    double *dist = ws->dist;
    const int32_t *settled = ws->settled;
    for (int32_t i = 0; i < ws->n_settled; i++)
        dist[settled[i]] = INFINITY;
    ws->n_settled = 0;
    ws->pred_valid = 0;
    sp_lazyheap_clear(&ws->heap);
}

/* A queue that could not grow: forget every node touched so far (they are
 * not all in the settled list yet), so the workspace stays reusable. */
static sp_status out_of_memory(sp_search *ws, sp_status st)
{
    for (int32_t v = 0; v < ws->cap; v++)
        ws->dist[v] = INFINITY;
    ws->n_settled = 0;
    ws->pred_valid = 0;
    sp_lazyheap_clear(&ws->heap);
    return st;
}

sp_status sp_search_keep_routes(sp_search *ws, int on)
{
    ws->pred_valid = 0;
    if (!on) {
        free(ws->pred);
    free(ws->hdist);
        ws->pred = NULL;
        return SP_OK;
    }
    if (!ws->pred && !(ws->pred = sp_malloc_n((size_t)ws->cap, sizeof *ws->pred)))
        return sp_error(SP_E_NOMEM, "search: no memory for %d predecessors", (int)ws->cap);
    return SP_OK;
}

sp_status sp__search_check(int32_t cap, const sp_graph *g, const sp_seed *seeds,
                           size_t n_seeds, double limit_s)
{
    if (g->n_nodes > cap)
        return sp_error(SP_E_INTERNAL,
                        "search: graph has %d nodes, workspace sized for %d",
                        (int)g->n_nodes, (int)cap);
    if (isnan(limit_s))
        return sp_error(SP_E_INTERNAL, "search: limit is NaN");
    for (size_t i = 0; i < n_seeds; i++) {
        if (seeds[i].node < 0 || seeds[i].node >= g->n_nodes)
            return sp_error(SP_E_INTERNAL, "search: seed %zu: node %d outside 0..%d",
                            i, (int)seeds[i].node, (int)g->n_nodes - 1);
        if (!(seeds[i].cost_s >= 0))
            return sp_error(SP_E_INTERNAL, "search: seed %zu: invalid cost %g", i,
                            seeds[i].cost_s);
    }
    return SP_OK;
}

sp_status sp_search_run(sp_search *ws, const sp_graph *g, sp_direction dir,
                        const sp_seed *seeds, size_t n_seeds, double limit_s)
{
    sp__search_reset(ws);
    sp_status st = sp__search_check(ws->cap, g, seeds, n_seeds, limit_s);
    if (st)
        return st;

    double *restrict dist = ws->dist;
    int32_t *restrict settled = ws->settled;
    int32_t *restrict pred = ws->pred;
    sp_lazyheap *h = &ws->heap;
    for (size_t i = 0; i < n_seeds; i++) {
        int32_t v = seeds[i].node;
        double c = seeds[i].cost_s;
        if (c <= limit_s && c < dist[v]) {
            dist[v] = c;
            if (pred)
                pred[v] = -1;
            if ((st = sp_lazyheap_push(h, v, c)))
                return out_of_memory(ws, st);
        }
    }

    const int32_t *restrict off = dir == SP_REVERSE ? g->in_off : g->out_off;
    const int32_t *restrict adj = dir == SP_REVERSE ? g->in_from : g->out_to;
    const float *restrict cost = dir == SP_REVERSE ? g->in_s : g->out_s;
    int32_t ns = 0;
    while (h->size > 0) {
        double d;
        int32_t v = sp_lazyheap_pop(h, &d);
        if (d > dist[v])
            continue; /* stale: v was queued again with a lower time */
        settled[ns++] = v;
        int32_t end = off[v + 1];
        for (int32_t e = off[v]; e < end; e++) {
            int32_t w = adj[e];
            /* A whole link: the rule of costs.h with fraction 1 (exact). */
            double nd = d + sp_link_time((double)cost[e], 1.0);
            if (nd < dist[w] && nd <= limit_s) {
                dist[w] = nd;
                if (pred)
                    pred[w] = e;
                if ((st = sp_lazyheap_push(h, w, nd)))
                    return out_of_memory(ws, st);
            }
        }
    }
    ws->n_settled = ns;
    ws->pred_valid = pred != NULL;
    ws->dir = dir;
    return SP_OK;
}

double sp_search_dist(const sp_search *ws, int32_t v)
{
    if (v < 0 || v >= ws->cap)
        return INFINITY;
    return ws->dist[v];
}

const double *sp_search_dists(const sp_search *ws)
{
    return ws->dist;
}

const int32_t *sp_search_settled(const sp_search *ws, size_t *n)
{
    *n = (size_t)ws->n_settled;
    return ws->settled;
}

int sp_search_keeps_routes(const sp_search *ws, sp_direction *dir)
{
    if (ws->pred_valid && dir)
        *dir = ws->dir;
    return ws->pred_valid;
}

int32_t sp_search_pred(const sp_search *ws, int32_t v)
{
    if (!ws->pred_valid || v < 0 || v >= ws->cap || ws->dist[v] == INFINITY)
        return -1;
    return ws->pred[v];
}
