/* msearch.c — see msearch.h.
 *
 * A queue entry (v, d) is pushed whenever some lane's time at v improves to
 * d.  When it comes out, v is expanded if its mask is not empty and the
 * least time of the lanes in the mask is d; otherwise the entry is stale:
 * the least is larger (the lane that pushed d was expanded already, and the
 * mask's lanes have entries of their own still queued) — it cannot be
 * smaller, since every time in the mask pushed an entry of that time, which
 * would have come out first.  Expanding clears the mask and relaxes the
 * edges with the mask's lanes' current times; a later improvement sets the
 * lane's bit again.  So the run ends only when every lane's time at every
 * node has been relaxed over every edge: the fixed point of msearch.h.
 *
 * A node's times are set to INFINITY when the run first touches it, so the
 * 64 B a node are never cleared in bulk; `seen` marks the touched nodes of
 * this run (cleared through the touched list by the next run).
 */
#include "msearch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lazyheap.h"
#include "search_private.h"

#define L SP_MSEARCH_LANES

struct sp_msearch {
    int32_t cap;
    double *times;     /* L * cap, lane-major within a node; valid where seen */
    uint8_t *mask;     /* cap: lanes improved since the node was expanded */
    uint8_t *seen;     /* cap: touched by this run */
    int32_t *touched;  /* cap: the nodes touched, in order */
    int32_t n_touched;
    /* after a run, lane j's reached nodes and times are
     * out_node/out_time[out_off[j] .. out_off[j + 1]) (split once, so that
     * a lane is read back without the others' times) */
    int32_t *out_node;
    double *out_time;
    size_t out_cap, out_off[L + 1];
    int n_lanes;
    sp_direction dir;
    sp_lazyheap heap;
};

sp_msearch *sp_msearch_new(const sp_graph *g)
{
    sp_msearch *ms = calloc(1, sizeof *ms);
    if (!ms)
        return NULL;
    ms->cap = g->n_nodes;
    size_t n = (size_t)g->n_nodes + 1;
    ms->times = sp_malloc_n(n, L * sizeof *ms->times);
    ms->mask = calloc(n, 1);
    ms->seen = calloc(n, 1);
    ms->touched = sp_malloc_n(n, sizeof *ms->touched);
    ms->heap = (sp_lazyheap)SP_LAZYHEAP_INIT;
    if (!ms->times || !ms->mask || !ms->seen || !ms->touched) {
        sp_msearch_free(ms);
        return NULL;
    }
    return ms;
}

void sp_msearch_free(sp_msearch *ms)
{
    if (!ms)
        return;
    free(ms->times);
    free(ms->mask);
    free(ms->seen);
    free(ms->touched);
    free(ms->out_node);
    free(ms->out_time);
    sp_lazyheap_release(&ms->heap);
    free(ms);
}

static void reset(sp_msearch *ms)
{
    for (int32_t i = 0; i < ms->n_touched; i++) {
        int32_t v = ms->touched[i];
        ms->seen[v] = 0;
        ms->mask[v] = 0;
    }
    ms->n_touched = 0;
    ms->n_lanes = 0;
    sp_lazyheap_clear(&ms->heap);
}

/* v's times, set to INFINITY the first time this run touches v. */
static inline double *touch(sp_msearch *ms, int32_t v)
{
    double *t = ms->times + (size_t)v * L;
    if (!ms->seen[v]) {
        ms->seen[v] = 1;
        ms->touched[ms->n_touched++] = v;
        for (int j = 0; j < L; j++)
            t[j] = INFINITY;
    }
    return t;
}

/* The lanes' reached nodes, each lane's in the order they were touched:
 * counted, then copied (the buffer holds the lanes' settled nodes, never
 * more). */
static sp_status split_lanes(sp_msearch *ms)
{
    size_t n[L + 1] = {0};
    for (int32_t i = 0; i < ms->n_touched; i++) {
        const double *t = ms->times + (size_t)ms->touched[i] * L;
        for (int j = 0; j < ms->n_lanes; j++)
            n[j + 1] += t[j] < INFINITY;
    }
    for (int j = 0; j < L; j++)
        ms->out_off[j + 1] = ms->out_off[j] + n[j + 1];
    size_t total = ms->out_off[L];
    if (total > ms->out_cap) {
        size_t cap = total + total / 4;
        int32_t *node = sp_malloc_n(cap, sizeof *node);
        double *time = sp_malloc_n(cap, sizeof *time);
        if (!node || !time) {
            free(node);
            free(time);
            return sp_error(SP_E_NOMEM, "msearch: no memory for %zu lane entries", cap);
        }
        free(ms->out_node);
        free(ms->out_time);
        ms->out_node = node;
        ms->out_time = time;
        ms->out_cap = cap;
    }
    size_t k[L];
    for (int j = 0; j < L; j++)
        k[j] = ms->out_off[j];
    for (int32_t i = 0; i < ms->n_touched; i++) {
        int32_t v = ms->touched[i];
        const double *t = ms->times + (size_t)v * L;
        for (int j = 0; j < ms->n_lanes; j++)
            if (t[j] < INFINITY) {
                ms->out_node[k[j]] = v;
                ms->out_time[k[j]++] = t[j];
            }
    }
    return SP_OK;
}

sp_status sp_msearch_run(sp_msearch *ms, const sp_graph *g, sp_direction dir,
                         const sp_seed *seeds, const size_t *first, int n_lanes,
                         double limit_s)
{
    reset(ms);
    if (n_lanes < 1 || n_lanes > L)
        return sp_error(SP_E_INTERNAL, "msearch: %d lanes, not 1..%d", n_lanes, L);
    sp_status st = sp__search_check(ms->cap, g, seeds + first[0], first[n_lanes] - first[0],
                                    limit_s);
    if (st)
        return st;
    ms->n_lanes = n_lanes;
    ms->dir = dir;
    sp_lazyheap *h = &ms->heap;
    for (int j = 0; j < n_lanes; j++)
        for (size_t i = first[j]; i < first[j + 1]; i++) {
            int32_t v = seeds[i].node;
            double c = seeds[i].cost_s;
            if (!(c <= limit_s))
                continue;
            double *t = touch(ms, v);
            if (c < t[j]) {
                t[j] = c;
                ms->mask[v] |= (uint8_t)(1u << j);
                if ((st = sp_lazyheap_push(h, v, c)))
                    goto nomem;
            }
        }

    const int32_t *restrict off = dir == SP_REVERSE ? g->in_off : g->out_off;
    const int32_t *restrict adj = dir == SP_REVERSE ? g->in_from : g->out_to;
    const float *restrict cost = dir == SP_REVERSE ? g->in_s : g->out_s;
    double *restrict times = ms->times;
    uint8_t *restrict mask = ms->mask;
    while (h->size > 0) {
        double d;
        int32_t v = sp_lazyheap_pop(h, &d);
        unsigned m = mask[v];
        if (!m)
            continue;
        const double *tv = times + (size_t)v * L;
        double low = INFINITY, lv[L];
        for (int j = 0; j < L; j++) {
            lv[j] = (m >> j & 1) ? tv[j] : INFINITY;
            low = lv[j] < low ? lv[j] : low;
        }
        if (d != low)
            continue; /* stale: see the top of this file */
        mask[v] = 0;
        int32_t end = off[v + 1];
        for (int32_t e = off[v]; e < end; e++) {
            int32_t w = adj[e];
            double c = (double)cost[e];
            double *tw = touch(ms, w);
            double key = INFINITY;
            unsigned better = 0;
            for (int j = 0; j < L; j++) {
                /* a whole link: the rule of costs.h with fraction 1, as search.c */
                double nd = lv[j] + sp_link_time(c, 1.0);
                if (nd < tw[j] && nd <= limit_s) {
                    tw[j] = nd;
                    better |= 1u << j;
                    key = nd < key ? nd : key;
                }
            }
            if (better) {
                mask[w] |= (uint8_t)better;
                if ((st = sp_lazyheap_push(h, w, key)))
                    goto nomem;
            }
        }
    }
    if ((st = split_lanes(ms)))
        goto nomem;
    return SP_OK;
nomem:
    reset(ms);
    return st;
}

sp_status sp_msearch_lane(const sp_msearch *ms, int j, sp_search *ws)
{
    if (j < 0 || j >= ms->n_lanes)
        return sp_error(SP_E_INTERNAL, "msearch: lane %d of %d", j, ms->n_lanes);
    if (ws->cap < ms->cap)
        return sp_error(SP_E_INTERNAL, "msearch: search workspace for %d nodes, not %d",
                        (int)ws->cap, (int)ms->cap);
    sp__search_reset(ws);
    const int32_t *node = ms->out_node + ms->out_off[j];
    const double *time = ms->out_time + ms->out_off[j];
    int32_t n = (int32_t)(ms->out_off[j + 1] - ms->out_off[j]);
    for (int32_t i = 0; i < n; i++)
        ws->dist[node[i]] = time[i];
    memcpy(ws->settled, node, (size_t)n * sizeof *node);
    ws->n_settled = n;
    ws->pred_valid = 0;
    ws->dir = ms->dir;
    return SP_OK;
}
