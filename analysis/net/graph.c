/* graph.c — see graph.h.
 *
 * A view is a handful of pointers into a topology and a cost layer.  The
 * builder for hand-made graphs wraps a topology builder and keeps each
 * link's two times; building makes the topology of the allowed directions
 * and the cost layer of those times, both owned by the graph.
 */
#include "graph.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

sp_status sp_graph_view(const sp_topo *t, const sp_costs *c, sp_graph *g)
{
    if (c->topo != t)
        return sp_error(SP_E_INTERNAL, "graph view: the cost layer is over another topology");
    /* The view never writes; see graph.h for why its pointers are not const. */
    *g = (sp_graph){.n_nodes = t->n_nodes,
                    .node_xy = t->node_xy,
                    .n_links = t->n_links,
                    .links = t->links,
                    .geom_xy = t->geom_xy,
                    .n_geom = t->n_geom,
                    .fwd_s = c->fwd_s,
                    .bwd_s = c->bwd_s,
                    .n_edges = c->n_allowed,
                    .n_csr = t->n_edges,
                    .out_off = t->out_off,
                    .out_to = t->out_to,
                    .out_link = t->out_link,
                    .out_s = c->out_s,
                    .in_off = t->in_off,
                    .in_from = t->in_from,
                    .in_link = t->in_link,
                    .in_s = c->in_s,
                    .n_components = c->n_components,
                    .component = c->component,
                    .component_size = c->component_size,
                    .topo = t,
                    .costs = c};
    return SP_OK;
}

/* ------------------------------------------------------------------------ */
/* Builder                                                                  */

struct sp_graph_builder {
    sp_topo_builder *tb;
    double *fwd_s, *bwd_s; /* per link */
    size_t n, cap;
};

sp_graph_builder *sp_graph_builder_new(void)
{
    sp_graph_builder *b = calloc(1, sizeof *b);
    if (b && !(b->tb = sp_topo_builder_new())) {
        free(b);
        b = NULL;
    }
    if (!b)
        sp_error(SP_E_NOMEM, "graph builder: out of memory");
    return b;
}

void sp_graph_builder_free(sp_graph_builder *b)
{
    if (!b)
        return;
    sp_topo_builder_free(b->tb);
    free(b->fwd_s);
    free(b->bwd_s);
    free(b);
}

int32_t sp_graph_builder_add_node(sp_graph_builder *b, double x, double y)
{
    return sp_topo_builder_add_node(b->tb, x, y);
}

/* A direction's travel time is usable if it is INFINITY (not allowed) or a
 * finite non-negative value that survives the conversion to float. */
static int cost_ok(double s)
{
    return s == INFINITY || (s >= 0 && s <= FLT_MAX);
}

int32_t sp_graph_builder_add_link(sp_graph_builder *b, int32_t from, int32_t to,
                                  const double *xy, uint32_t n, double fwd_s,
                                  double bwd_s, int16_t road_class)
{
    if (!cost_ok(fwd_s) || !cost_ok(bwd_s)) {
        sp_error(SP_E_INTERNAL, "graph builder: link %zu: invalid travel time (%g s, %g s)",
                 b->n, fwd_s, bwd_s);
        return -1;
    }
    if (b->n == b->cap) {
        size_t nc = b->cap ? 2 * b->cap : 64;
        double *f = sp_realloc_n(b->fwd_s, nc, sizeof *f);
        if (f)
            b->fwd_s = f;
        double *w = f ? sp_realloc_n(b->bwd_s, nc, sizeof *w) : NULL;
        if (!w) {
            sp_error(SP_E_NOMEM, "graph builder: out of memory at link %zu", b->n);
            return -1;
        }
        b->bwd_s = w;
        b->cap = nc;
    }
    unsigned dirs = (isinf(fwd_s) ? 0 : SP_DIR_FWD) | (isinf(bwd_s) ? 0 : SP_DIR_BWD);
    int32_t id = sp_topo_builder_add_link(b->tb, from, to, xy, n, dirs, road_class, -1);
    if (id < 0)
        return -1;
    b->fwd_s[b->n] = fwd_s;
    b->bwd_s[b->n] = bwd_s;
    b->n++;
    return id;
}

sp_status sp_graph_build(sp_graph_builder *b, sp_graph **out)
{
    *out = NULL;
    sp_graph *g = calloc(1, sizeof *g);
    if (!g)
        return sp_error(SP_E_NOMEM, "graph: out of memory");
    static const double none = 0;
    sp_topo *t = NULL;
    sp_costs *c = NULL;
    /* Hand-made graphs have no profile: their topology says walk. */
    sp_status st = sp_topo_builder_finish(b->tb, SP_MODE_WALK, &t);
    if (st == SP_OK)
        st = sp_costs_from_times(t, b->n ? b->fwd_s : &none, b->n ? b->bwd_s : &none, &c);
    if (st == SP_OK)
        st = sp_graph_view(t, c, g);
    if (st) {
        sp_costs_free(c);
        sp_topo_free(t);
        free(g);
        return st;
    }
    g->own_topo = t;
    g->own_costs = c;
    b->n = 0;
    *out = g;
    return SP_OK;
}

void sp_graph_free(sp_graph *g)
{
    if (!g)
        return;
    sp_costs_free(g->own_costs);
    sp_topo_free(g->own_topo);
    free(g);
}

/* ------------------------------------------------------------------------ */
/* Invariants                                                               */

/* One CSR side: offsets from 0 to n_csr and monotone, ids in range, link
 * ids non-decreasing within a node, costs >= 0 (INFINITY only where the
 * cost layer does not allow the direction), and each edge a direction its
 * link allows, with that direction's time. */
static sp_status check_csr(const sp_graph *g, int reverse)
{
    const char *side = reverse ? "reverse" : "forward";
    const int32_t *off = reverse ? g->in_off : g->out_off;
    const int32_t *other = reverse ? g->in_from : g->out_to;
    const int32_t *link = reverse ? g->in_link : g->out_link;
    const float *cost = reverse ? g->in_s : g->out_s;
    int32_t n = g->n_nodes;

    if (off[0] != 0 || off[n] != g->n_csr)
        return sp_error(SP_E_INTERNAL,
                        "graph check: %s offsets span %d..%d, expected 0..%d", side,
                        (int)off[0], (int)off[n], (int)g->n_csr);
    for (int32_t v = 0; v < n; v++) {
        if (off[v + 1] < off[v])
            return sp_error(SP_E_INTERNAL,
                            "graph check: %s offsets decrease at node %d", side, (int)v);
        for (int32_t e = off[v]; e < off[v + 1]; e++) {
            int32_t u = other[e], l = link[e];
            float c = cost[e];
            if (u < 0 || u >= n)
                return sp_error(SP_E_INTERNAL, "graph check: %s edge %d: node %d out of range",
                                side, (int)e, (int)u);
            if (l < 0 || l >= g->n_links)
                return sp_error(SP_E_INTERNAL, "graph check: %s edge %d: link %d out of range",
                                side, (int)e, (int)l);
            int bwd = sp_topo_edge_backward(g->topo, reverse, v, e);
            double want = bwd ? g->bwd_s[l] : g->fwd_s[l];
            if (!(c >= 0) || (isinf(c) && !isinf(want)))
                return sp_error(SP_E_INTERNAL, "graph check: %s edge %d: cost %g not finite >= 0",
                                side, (int)e, (double)c);
            if (e > off[v] && link[e - 1] > l)
                return sp_error(SP_E_INTERNAL,
                                "graph check: %s edges of node %d not in link order", side,
                                (int)v);
            int32_t tail = reverse ? u : v, head = reverse ? v : u;
            const sp_link *k = &g->links[l];
            if (!(k->dirs & (bwd ? SP_DIR_BWD : SP_DIR_FWD)) ||
                tail != (bwd ? k->to : k->from) || head != (bwd ? k->from : k->to) ||
                (float)want != c)
                return sp_error(SP_E_INTERNAL,
                                "graph check: %s edge %d (%d->%d, %g s) does not match link %d",
                                side, (int)e, (int)tail, (int)head, (double)c, (int)l);
        }
    }
    return SP_OK;
}

/* A direction's time: INFINITY, or finite within float range where the
 * topology allows the direction. */
static int time_ok(double s, unsigned allowed)
{
    return s == INFINITY || (allowed && s >= 0 && s <= FLT_MAX);
}

/* Links: ends in range, geometry span, length, times. */
static sp_status check_links(const sp_graph *g)
{
    int64_t directions = 0, allowed = 0;
    for (int32_t l = 0; l < g->n_links; l++) {
        const sp_link *k = &g->links[l];
        if (k->from < 0 || k->from >= g->n_nodes || k->to < 0 || k->to >= g->n_nodes)
            return sp_error(SP_E_INTERNAL, "graph check: link %d: node out of range", (int)l);
        if (k->geom_len < 2 || k->geom_off > g->n_geom || k->geom_len > g->n_geom - k->geom_off)
            return sp_error(SP_E_INTERNAL, "graph check: link %d: bad geometry span", (int)l);
        if (!(k->length_m >= 0) || isinf(k->length_m))
            return sp_error(SP_E_INTERNAL, "graph check: link %d: bad length %g", (int)l,
                            k->length_m);
        if (!time_ok(g->fwd_s[l], k->dirs & SP_DIR_FWD) ||
            !time_ok(g->bwd_s[l], k->dirs & SP_DIR_BWD) || !k->dirs)
            return sp_error(SP_E_INTERNAL, "graph check: link %d: bad travel times (%g, %g)",
                            (int)l, g->fwd_s[l], g->bwd_s[l]);
        directions += !!(k->dirs & SP_DIR_FWD) + !!(k->dirs & SP_DIR_BWD);
        allowed += !isinf(g->fwd_s[l]) + !isinf(g->bwd_s[l]);
    }
    if (directions != g->n_csr)
        return sp_error(SP_E_INTERNAL, "graph check: %d CSR edges but links have %lld directions",
                        (int)g->n_csr, (long long)directions);
    if (allowed != g->n_edges)
        return sp_error(SP_E_INTERNAL, "graph check: %d edges but links allow %lld directions",
                        (int)g->n_edges, (long long)allowed);
    return SP_OK;
}

/* Component labels: in range, sizes right and non-increasing, and the two
 * ends of a two-way link together. */
static sp_status check_components(const sp_graph *g)
{
    int32_t n = g->n_nodes;
    if (g->n_components < (n > 0) || g->n_components > n)
        return sp_error(SP_E_INTERNAL, "graph check: %d components for %d nodes",
                        (int)g->n_components, (int)n);
    int32_t *count = sp_calloc_n((size_t)g->n_components, sizeof *count);
    if (!count)
        return sp_error(SP_E_NOMEM, "graph check: out of memory");
    sp_status st = SP_OK;
    for (int32_t v = 0; v < n && st == SP_OK; v++) {
        int32_t c = g->component[v];
        if (c < 0 || c >= g->n_components)
            st = sp_error(SP_E_INTERNAL, "graph check: node %d: component %d out of range",
                          (int)v, (int)c);
        else
            count[c]++;
    }
    for (int32_t c = 0; c < g->n_components && st == SP_OK; c++)
        if (count[c] != g->component_size[c] || count[c] == 0 ||
            (c > 0 && g->component_size[c] > g->component_size[c - 1]))
            st = sp_error(SP_E_INTERNAL, "graph check: component %d: size %d, %d nodes carry it",
                          (int)c, (int)g->component_size[c], (int)count[c]);
    free(count);
    /* A two-way link keeps its ends mutually reachable, so they must share a
     * component.  This is a cheap partial check of the labels; verifying them
     * fully would mean recomputing the components. */
    for (int32_t l = 0; l < g->n_links && st == SP_OK; l++) {
        const sp_link *k = &g->links[l];
        if (!isinf(g->fwd_s[l]) && !isinf(g->bwd_s[l]) &&
            g->component[k->from] != g->component[k->to])
            st = sp_error(SP_E_INTERNAL, "graph check: two-way link %d joins components %d and %d",
                          (int)l, (int)g->component[k->from], (int)g->component[k->to]);
    }
    return st;
}

sp_status sp_graph_check(const sp_graph *g)
{
    if (!g || !g->topo || g->n_nodes < 0 || g->n_links < 0 || g->n_edges < 0 || g->n_csr < 0)
        return sp_error(SP_E_INTERNAL, "graph check: missing graph or negative count");
    sp_status st = check_links(g);
    if (st == SP_OK)
        st = check_csr(g, 0);
    if (st == SP_OK)
        st = check_csr(g, 1);
    if (st == SP_OK)
        st = check_components(g);
    return st;
}

size_t sp_graph_bytes(const sp_graph *g)
{
    if (!g)
        return 0;
    return sizeof *g + sp_topo_bytes(g->topo) + sp_costs_bytes(g->costs);
}
