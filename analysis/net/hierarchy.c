/* hierarchy.c — see hierarchy.h.
 *
 * Building keeps, per node still in the graph, its arcs to and from the
 * other nodes still in it (parallel arcs merged to the cheaper); a node's
 * lists are handed over as its upward arcs when it is contracted, and it is
 * removed from its neighbours' lists.  Positions number the nodes from the
 * last contracted (0) to the first, so a sweep in position order meets
 * every node after all the nodes above it and reads times at lower
 * positions only.
 */
#include "hierarchy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lazyheap.h"
#include "search_private.h"

/* Witness searches settle at most this many nodes when estimating a node's
 * importance, and when contracting it (README.md, "Travel times"). */
#define WITNESS_ESTIMATE 16
#define WITNESS_CONTRACT 64
/* A network needing more shortcuts than this many per arc and node is too
 * dense for a hierarchy to pay: the build gives up (hierarchy.h). */
#define MAX_SHORTCUTS_PER_ARC 8

typedef struct {
    int32_t to;
    double c;
} arc;

typedef struct {
    arc *a;
    int32_t n, cap;
} arcs;

struct sp_hierarchy {
    int32_t n;
    const float *out_s;             /* the cost layer it was built from */
    int32_t *pos, *node_at;         /* node -> position, position -> node */
    /* upward arcs by position: uo, from the node to one above it; ui, from
     * one above it to the node; targets are positions */
    int32_t *uo_off, *uo_to, *ui_off, *ui_to;
    double *uo_c, *ui_c;
    int64_t shortcuts;
};

typedef struct {
    int32_t n;
    arcs *out, *in;       /* per node, while it is in the graph */
    arcs *up_out, *up_in; /* per contracted node: its upward arcs */
    uint8_t *done;
    int32_t *cn;          /* contracted neighbours */
    double *wd;           /* witness times, INFINITY between searches */
    int32_t *touched, n_touched;
    sp_lazyheap heap;
    int64_t shortcuts;
} builder;

/* Add an arc to `to` at cost c, or lower the cost of the one there. */
static sp_status arcs_add(arcs *l, int32_t to, double c)
{
    for (int32_t i = 0; i < l->n; i++)
        if (l->a[i].to == to) {
            if (c < l->a[i].c)
                l->a[i].c = c;
            return SP_OK;
        }
    if (l->n == l->cap) {
        int32_t cap = l->cap ? 2 * l->cap : 4;
        arc *a = realloc(l->a, sizeof *a * (size_t)cap);
        if (!a)
            return sp_error(SP_E_NOMEM, "hierarchy: out of memory");
        l->a = a;
        l->cap = cap;
    }
    l->a[l->n].to = to;
    l->a[l->n].c = c;
    l->n++;
    return SP_OK;
}

static void arcs_del(arcs *l, int32_t to)
{
    for (int32_t i = 0; i < l->n; i++)
        if (l->a[i].to == to) {
            l->a[i] = l->a[--l->n];
            return;
        }
}

/* Times from s over the graph left, without `avoid`, until the next time
 * exceeds max_c or max_settled nodes are settled: b->wd. */
static sp_status witness(builder *b, int32_t s, int32_t avoid, double max_c, int max_settled)
{
    for (int32_t i = 0; i < b->n_touched; i++)
        b->wd[b->touched[i]] = INFINITY;
    b->n_touched = 0;
    sp_lazyheap_clear(&b->heap);
    b->wd[s] = 0;
    b->touched[b->n_touched++] = s;
    sp_status st = sp_lazyheap_push(&b->heap, s, 0);
    int settled = 0;
    while (st == SP_OK && b->heap.size > 0) {
        double d;
        int32_t x = sp_lazyheap_pop(&b->heap, &d);
        if (d > b->wd[x])
            continue;
        if (d > max_c || ++settled > max_settled)
            break;
        const arcs *o = &b->out[x];
        for (int32_t i = 0; i < o->n && st == SP_OK; i++) {
            int32_t w = o->a[i].to;
            double nd = d + o->a[i].c;
            if (w == avoid || !(nd < b->wd[w]))
                continue;
            if (b->wd[w] == INFINITY)
                b->touched[b->n_touched++] = w;
            b->wd[w] = nd;
            st = sp_lazyheap_push(&b->heap, w, nd);
        }
    }
    return st;
}

/* The shortcuts contracting v needs: counted in *count, added when add. */
static sp_status shortcuts(builder *b, int32_t v, int add, int max_settled, int32_t *count)
{
    *count = 0;
    const arcs *in = &b->in[v], *out = &b->out[v];
    for (int32_t i = 0; i < in->n; i++) {
        int32_t u = in->a[i].to;
        double cu = in->a[i].c, max_c = -1;
        for (int32_t j = 0; j < out->n; j++)
            if (out->a[j].to != u && cu + out->a[j].c > max_c)
                max_c = cu + out->a[j].c;
        if (max_c < 0)
            continue;
        sp_status st = witness(b, u, v, max_c, max_settled);
        if (st)
            return st;
        for (int32_t j = 0; j < out->n; j++) {
            int32_t w = out->a[j].to;
            double c = cu + out->a[j].c;
            if (w == u || b->wd[w] <= c)
                continue; /* a path as short without v */
            (*count)++;
            if (add && ((st = arcs_add(&b->out[u], w, c)) || (st = arcs_add(&b->in[w], u, c))))
                return st;
        }
    }
    return SP_OK;
}

/* Importance: shortcuts added less arcs removed, plus contracted
 * neighbours (which spreads the contraction evenly). */
static sp_status priority(builder *b, int32_t v, int64_t *p)
{
    int32_t sc;
    sp_status st = shortcuts(b, v, 0, WITNESS_ESTIMATE, &sc);
    *p = (int64_t)sc - b->in[v].n - b->out[v].n + b->cn[v];
    return st;
}

/* The node queue's key: priority, then node id. */
static double node_key(int64_t p, int32_t v) { return (double)p * 4294967296.0 + v; }

static sp_status contract(builder *b, int32_t v)
{
    int32_t sc;
    sp_status st = shortcuts(b, v, 1, WITNESS_CONTRACT, &sc);
    if (st)
        return st;
    b->shortcuts += sc;
    b->up_out[v] = b->out[v];
    b->up_in[v] = b->in[v];
    memset(&b->out[v], 0, sizeof b->out[v]);
    memset(&b->in[v], 0, sizeof b->in[v]);
    for (int32_t i = 0; i < b->up_out[v].n; i++) {
        int32_t w = b->up_out[v].a[i].to;
        arcs_del(&b->in[w], v);
        b->cn[w]++;
    }
    for (int32_t i = 0; i < b->up_in[v].n; i++) {
        int32_t u = b->up_in[v].a[i].to;
        arcs_del(&b->out[u], v);
        b->cn[u]++;
    }
    b->done[v] = 1;
    return SP_OK;
}

static void builder_free(builder *b)
{
    for (int32_t v = 0; v < b->n; v++) {
        if (b->out)
            free(b->out[v].a);
        if (b->in)
            free(b->in[v].a);
        if (b->up_out)
            free(b->up_out[v].a);
        if (b->up_in)
            free(b->up_in[v].a);
    }
    free(b->out);
    free(b->in);
    free(b->up_out);
    free(b->up_in);
    free(b->done);
    free(b->cn);
    free(b->wd);
    free(b->touched);
    sp_lazyheap_release(&b->heap);
}

static int cmp_arc(const void *x, const void *y)
{
    const arc *a = x, *c = y;
    return (a->to > c->to) - (a->to < c->to);
}

/* One direction's upward arcs as a CSR by position, sorted by target. */
static sp_status to_csr(const sp_hierarchy *h, arcs *up, int32_t **off_out, int32_t **to_out,
                        double **c_out)
{
    int32_t n = h->n;
    int32_t *off = sp_malloc_n((size_t)n + 1, sizeof *off);
    if (!off)
        return sp_error(SP_E_NOMEM, "hierarchy: out of memory");
    off[0] = 0;
    for (int32_t i = 0; i < n; i++)
        off[i + 1] = off[i] + up[h->node_at[i]].n;
    int32_t *to = sp_malloc_n((size_t)off[n] + 1, sizeof *to);
    double *c = sp_malloc_n((size_t)off[n] + 1, sizeof *c);
    if (!to || !c) {
        free(off);
        free(to);
        free(c);
        return sp_error(SP_E_NOMEM, "hierarchy: out of memory");
    }
    for (int32_t i = 0; i < n; i++) {
        arcs *l = &up[h->node_at[i]];
        for (int32_t k = 0; k < l->n; k++)
            l->a[k].to = h->pos[l->a[k].to];
        if (l->n > 1)
            qsort(l->a, (size_t)l->n, sizeof *l->a, cmp_arc);
        for (int32_t k = 0; k < l->n; k++) {
            to[off[i] + k] = l->a[k].to;
            c[off[i] + k] = l->a[k].c;
        }
    }
    *off_out = off;
    *to_out = to;
    *c_out = c;
    return SP_OK;
}

static sp_status build(const sp_graph *g, int max_per_arc, GDALProgressFunc progress,
                       void *progress_arg, sp_hierarchy **out);

sp_status sp_hierarchy_build(const sp_graph *g, GDALProgressFunc progress, void *progress_arg,
                             sp_hierarchy **out)
{
    return build(g, MAX_SHORTCUTS_PER_ARC, progress, progress_arg, out);
}

sp_status sp_hierarchy_build_capped(const sp_graph *g, int max_per_arc, sp_hierarchy **out)
{
    return build(g, max_per_arc, NULL, NULL, out);
}

static sp_status build(const sp_graph *g, int max_per_arc, GDALProgressFunc progress,
                       void *progress_arg, sp_hierarchy **out)
{
    *out = NULL;
    int32_t n = g->n_nodes;
    builder b;
    memset(&b, 0, sizeof b);
    b.n = n;
    b.heap = (sp_lazyheap)SP_LAZYHEAP_INIT;
    sp_lazyheap queue = SP_LAZYHEAP_INIT;
    sp_hierarchy *h = calloc(1, sizeof *h);
    sp_status st = SP_OK;
    int too_dense = 0;
    b.out = sp_calloc_n((size_t)n + 1, sizeof *b.out);
    b.in = sp_calloc_n((size_t)n + 1, sizeof *b.in);
    b.up_out = sp_calloc_n((size_t)n + 1, sizeof *b.up_out);
    b.up_in = sp_calloc_n((size_t)n + 1, sizeof *b.up_in);
    b.done = sp_calloc_n((size_t)n + 1, 1);
    b.cn = sp_calloc_n((size_t)n + 1, sizeof *b.cn);
    b.wd = sp_malloc_n((size_t)n + 1, sizeof *b.wd);
    b.touched = sp_malloc_n((size_t)n + 1, sizeof *b.touched);
    if (h) {
        h->n = n;
        h->out_s = g->out_s;
        h->pos = sp_malloc_n((size_t)n + 1, sizeof *h->pos);
        h->node_at = sp_malloc_n((size_t)n + 1, sizeof *h->node_at);
    }
    if (!h || !b.out || !b.in || !b.up_out || !b.up_in || !b.done || !b.cn || !b.wd ||
        !b.touched || !h->pos || !h->node_at) {
        st = sp_error(SP_E_NOMEM, "hierarchy: out of memory for %d nodes", (int)n);
        goto done;
    }
    for (int32_t v = 0; v < n; v++)
        b.wd[v] = INFINITY;
    /* the allowed arcs, self-loops left out (they never shorten a path) */
    int64_t n_arcs = 0;
    for (int32_t v = 0; v < n && st == SP_OK; v++)
        for (int32_t e = g->out_off[v]; e < g->out_off[v + 1] && st == SP_OK; e++) {
            int32_t w = g->out_to[e];
            double c = sp_link_time((double)g->out_s[e], 1.0);
            if (w == v || !isfinite(c))
                continue;
            if (!(st = arcs_add(&b.out[v], w, c)))
                st = arcs_add(&b.in[w], v, c);
            n_arcs++;
        }
    int64_t max_shortcuts = max_per_arc * (n_arcs + n);
    for (int32_t v = 0; v < n && st == SP_OK; v++) {
        int64_t p;
        if (!(st = priority(&b, v, &p)))
            st = sp_lazyheap_push(&queue, v, node_key(p, v));
    }
    /* contract, least important first, re-queueing a node whose importance
     * grew above the next one's since it was queued */
    int32_t rank = 0;
    while (st == SP_OK && queue.size > 0) {
        double key;
        int32_t v = sp_lazyheap_pop(&queue, &key);
        int64_t p;
        if ((st = priority(&b, v, &p)))
            break;
        double now = node_key(p, v);
        if (queue.size > 0 && now > queue.items[0].key) {
            st = sp_lazyheap_push(&queue, v, now);
            continue;
        }
        if ((st = contract(&b, v)))
            break;
        if (b.shortcuts > max_shortcuts) {
            too_dense = 1;
            break;
        }
        h->pos[v] = n - 1 - rank;
        h->node_at[n - 1 - rank] = v;
        rank++;
        /* every 1/64 of the nodes (contraction slows as the graph shrinks
         * to its important nodes, so the share is of nodes, not time) */
        if (progress && (rank % (n / 64 + 1) == 0 || rank == n) &&
            !progress((double)rank / n, NULL, progress_arg))
            st = sp_error(SP_E_CANCEL, "cancelled");
    }
    if (st == SP_OK && !too_dense)
        st = to_csr(h, b.up_out, &h->uo_off, &h->uo_to, &h->uo_c);
    if (st == SP_OK && !too_dense)
        st = to_csr(h, b.up_in, &h->ui_off, &h->ui_to, &h->ui_c);
    h->shortcuts = b.shortcuts;
done:
    builder_free(&b);
    sp_lazyheap_release(&queue);
    if (st || too_dense) { /* too dense: SP_OK and *out stays NULL */
        sp_hierarchy_free(h);
        return st;
    }
    *out = h;
    return SP_OK;
}

void sp_hierarchy_free(sp_hierarchy *h)
{
    if (!h)
        return;
    free(h->pos);
    free(h->node_at);
    free(h->uo_off);
    free(h->uo_to);
    free(h->uo_c);
    free(h->ui_off);
    free(h->ui_to);
    free(h->ui_c);
    free(h);
}

int64_t sp_hierarchy_shortcuts(const sp_hierarchy *h) { return h->shortcuts; }

int64_t sp_hierarchy_arcs(const sp_hierarchy *h)
{
    return (int64_t)h->uo_off[h->n] + h->ui_off[h->n];
}

sp_status sp_hierarchy_check(const sp_hierarchy *h)
{
    for (int32_t v = 0; v < h->n; v++)
        if (h->pos[v] < 0 || h->pos[v] >= h->n || h->node_at[h->pos[v]] != v)
            return sp_error(SP_E_INTERNAL, "hierarchy: node %d: position %d does not map back",
                            (int)v, (int)h->pos[v]);
    for (int d = 0; d < 2; d++) {
        const int32_t *off = d ? h->ui_off : h->uo_off, *to = d ? h->ui_to : h->uo_to;
        const double *c = d ? h->ui_c : h->uo_c;
        for (int32_t i = 0; i < h->n; i++)
            for (int32_t e = off[i]; e < off[i + 1]; e++)
                if (to[e] < 0 || to[e] >= i || !(c[e] >= 0))
                    return sp_error(SP_E_INTERNAL,
                                    "hierarchy: position %d: arc to %d (cost %g) not upward",
                                    (int)i, (int)to[e], c[e]);
    }
    return SP_OK;
}

size_t sp_hierarchy_bytes(const sp_hierarchy *h)
{
    return sizeof *h + (size_t)h->n * 4 * sizeof(int32_t) +
           (size_t)sp_hierarchy_arcs(h) * (sizeof(int32_t) + sizeof(double));
}

int sp_hierarchy_worth(const sp_graph *g, int64_t n_searches, int64_t settled)
{
    int64_t n = g->n_nodes;
    /* per search, a plain search costs about 6 sweep steps per node it
     * settles and the sweep one per node; the build about 900 sweep steps
     * per node (measured on the bundled car network, README.md) */
    return n > 0 && settled * 4 >= n && n_searches * (6 * settled - n) > 900 * n;
}

/* After a failure: every position back to INFINITY. */
static sp_status run_failed(const sp_hierarchy *h, sp_search *ws, sp_status st)
{
    for (int32_t i = 0; i < h->n; i++)
        ws->hdist[i] = INFINITY;
    sp_lazyheap_clear(&ws->heap);
    return st;
}

sp_status sp_hierarchy_run(const sp_hierarchy *h, sp_search *ws, const sp_graph *g,
                           sp_direction dir, const sp_seed *seeds, size_t n_seeds,
                           double limit_s)
{
    sp__search_reset(ws);
    if (g->n_nodes != h->n || g->out_s != h->out_s)
        return sp_error(SP_E_INTERNAL, "hierarchy: used with a graph it was not built from");
    sp_status st0 = sp__search_check(ws->cap, g, seeds, n_seeds, limit_s);
    if (st0)
        return st0;
    if (!ws->hdist) {
        if (!(ws->hdist = sp_malloc_n((size_t)ws->cap + 1, sizeof *ws->hdist)))
            return sp_error(SP_E_NOMEM, "search: no memory for %d times", (int)ws->cap);
        for (int32_t i = 0; i <= ws->cap; i++)
            ws->hdist[i] = INFINITY;
    }
    double *restrict dp = ws->hdist;
    const int32_t *up_off = dir == SP_REVERSE ? h->ui_off : h->uo_off;
    const int32_t *up_to = dir == SP_REVERSE ? h->ui_to : h->uo_to;
    const double *up_c = dir == SP_REVERSE ? h->ui_c : h->uo_c;
    const int32_t *restrict dn_off = dir == SP_REVERSE ? h->uo_off : h->ui_off;
    const int32_t *restrict dn_to = dir == SP_REVERSE ? h->uo_to : h->ui_to;
    const double *restrict dn_c = dir == SP_REVERSE ? h->uo_c : h->ui_c;
    sp_lazyheap *q = &ws->heap;
    /* up from the seeds */
    for (size_t i = 0; i < n_seeds; i++) {
        int32_t p = h->pos[seeds[i].node];
        double c = seeds[i].cost_s;
        if (c <= limit_s && c < dp[p]) {
            dp[p] = c;
            sp_status st = sp_lazyheap_push(q, p, c);
            if (st)
                return run_failed(h, ws, st);
        }
    }
    while (q->size > 0) {
        double d;
        int32_t p = sp_lazyheap_pop(q, &d);
        if (d > dp[p])
            continue;
        for (int32_t e = up_off[p]; e < up_off[p + 1]; e++) {
            int32_t r = up_to[e];
            double nd = d + up_c[e];
            if (nd < dp[r] && nd <= limit_s) {
                dp[r] = nd;
                sp_status st = sp_lazyheap_push(q, r, nd);
                if (st)
                    return run_failed(h, ws, st);
            }
        }
    }
    /* down: every node after the nodes above it */
    int32_t n = h->n;
    for (int32_t i = 0; i < n; i++) {
        double best = dp[i];
        for (int32_t e = dn_off[i]; e < dn_off[i + 1]; e++) {
            double x = dn_c[e] + dp[dn_to[e]];
            if (x < best)
                best = x;
        }
        dp[i] = best;
    }
    /* into the workspace, and the positions back to INFINITY */
    int32_t ns = 0;
    for (int32_t i = 0; i < n; i++) {
        if (dp[i] <= limit_s && dp[i] < INFINITY) { /* the limit may be INFINITY */
            int32_t v = h->node_at[i];
            ws->dist[v] = dp[i];
            ws->settled[ns++] = v;
        }
        dp[i] = INFINITY;
    }
    ws->n_settled = ns;
    ws->pred_valid = 0;
    ws->dir = dir;
    return SP_OK;
}
