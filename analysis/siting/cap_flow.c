/* cap_flow.c — the workers served by a set of open sites, as a maximum
 * flow (Dinic: breadth-first levels, then blocking flows by depth-first
 * search) on source -> demand (its weight) -> open site within radius ->
 * sink (its capacity).  The served amount of capassign.h is the value of a
 * maximum flow of the same network, and that value is unique, so this gives
 * the same number without the travel-time objective capassign also
 * optimises; the search measures thousands of site sets (30 ms per
 * capassign solve against about 1 ms here on Porto Alegre with 117 fixed
 * sites).  See siting_internal.h (sp__cap_served). */
#include "siting_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int32_t to, next;
    double cap; /* residual */
} arc;

typedef struct {
    arc *a;
    int32_t na;
    int32_t *head, *level, *it, *queue;
    int32_t nv, src, snk;
    double eps;
} net;

static void add_arc(net *g, int32_t u, int32_t v, double c)
{
    g->a[g->na] = (arc){v, g->head[u], c};
    g->head[u] = g->na++;
    g->a[g->na] = (arc){u, g->head[v], 0};
    g->head[v] = g->na++;
}

static int bfs(net *g)
{
    for (int32_t v = 0; v < g->nv; v++)
        g->level[v] = -1;
    int32_t qh = 0, qt = 0;
    g->queue[qt++] = g->src;
    g->level[g->src] = 0;
    while (qh < qt) {
        int32_t u = g->queue[qh++];
        for (int32_t e = g->head[u]; e >= 0; e = g->a[e].next)
            if (g->a[e].cap > g->eps && g->level[g->a[e].to] < 0) {
                g->level[g->a[e].to] = g->level[u] + 1;
                g->queue[qt++] = g->a[e].to;
            }
    }
    return g->level[g->snk] >= 0;
}

/* Push up to f from u toward the sink along the level graph (iterative:
 * the path can be as long as the network). */
static double push(net *g, double f)
{
    int32_t *stack = g->queue; /* free during the DFS: arcs on the path */
    int32_t depth = 0, u = g->src;
    double total = 0;
    while (f - total > g->eps) {
        if (u == g->snk) {
            double b = f - total;
            for (int32_t d = 0; d < depth; d++)
                b = fmin(b, g->a[stack[d]].cap);
            for (int32_t d = 0; d < depth; d++) {
                g->a[stack[d]].cap -= b;
                g->a[stack[d] ^ 1].cap += b;
            }
            total += b;
            depth = 0;
            u = g->src;
            continue;
        }
        int32_t e = g->it[u];
        while (e >= 0 && !(g->a[e].cap > g->eps && g->level[g->a[e].to] == g->level[u] + 1))
            e = g->a[e].next;
        g->it[u] = e;
        if (e >= 0) {
            stack[depth++] = e;
            u = g->a[e].to;
        } else {
            /* dead end: retreat */
            g->level[u] = -1;
            if (depth == 0)
                break;
            int32_t back = stack[--depth];
            u = g->a[back ^ 1].to;
            g->it[u] = g->a[g->it[u]].next;
        }
    }
    return total;
}

sp_status sp__cap_served(sp__capctx *X, const uint8_t *open, double *served)
{
    const sp__sprob *P = X->P;
    int32_t nd = P->nd;
    size_t narc = 2 * (size_t)nd;
    for (int32_t i = 0; i < P->nc; i++)
        if (open[i] && X->cap[i] > 0)
            narc += 2 * (sp_costmatrix_get_row(P->m, i, NULL, NULL) + 1);
    net g;
    memset(&g, 0, sizeof g);
    g.nv = nd + P->nc + 2;
    g.src = nd + P->nc;
    g.snk = g.src + 1;
    g.eps = 1e-12 * fmax(1.0, X->total);
    g.a = sp_malloc_n(narc + 1, sizeof *g.a);
    g.head = sp_malloc_n((size_t)g.nv, sizeof *g.head);
    g.level = sp_malloc_n((size_t)g.nv, sizeof *g.level);
    g.it = sp_malloc_n((size_t)g.nv, sizeof *g.it);
    g.queue = sp_malloc_n((size_t)g.nv + 1, sizeof *g.queue);
    sp_status st = SP_OK;
    if (!g.a || !g.head || !g.level || !g.it || !g.queue || narc > INT32_MAX) {
        st = sp_error(SP_E_NOMEM, "siting: out of memory");
        goto done;
    }
    for (int32_t v = 0; v < g.nv; v++)
        g.head[v] = -1;
    for (int32_t j = 0; j < nd; j++)
        if (P->w[j] > 0)
            add_arc(&g, g.src, j, P->w[j]);
    /* sites added last-first so that each node's arc list runs in index
     * order (deterministic, and the same whatever the set's order) */
    for (int32_t i = P->nc - 1; i >= 0; i--) {
        if (!open[i] || !(X->cap[i] > 0))
            continue;
        const int32_t *dj;
        const float *cj;
        size_t len = sp_costmatrix_get_row(P->m, i, &dj, &cj);
        int any = 0;
        for (size_t t = 0; t < len; t++)
            if (sp_covers(cj[t], X->radius) && P->w[dj[t]] > 0) {
                add_arc(&g, dj[t], nd + i, INFINITY);
                any = 1;
            }
        if (any)
            add_arc(&g, nd + i, g.snk, X->cap[i]);
    }
    double f = 0;
    while (bfs(&g)) {
        memcpy(g.it, g.head, (size_t)g.nv * sizeof *g.it);
        double pushed = push(&g, INFINITY);
        if (!(pushed > 0))
            break;
        f += pushed;
    }
    *served = f;
done:
    free(g.a);
    free(g.head);
    free(g.level);
    free(g.it);
    free(g.queue);
    return st;
}
