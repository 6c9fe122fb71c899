/* graph.h — what the algorithms see: a topology (topology.h) under one
 * travel-cost layer (costs.h), as one small struct of borrowed arrays.
 *
 * Vocabulary: node, link and edge as in topology.h.  A link's time in each
 * direction is g->fwd_s[l] / g->bwd_s[l] (INFINITY where not allowed, e.g.
 * against a oneway or on a closed road); the CSR arrays hold the edges the
 * topology allows, each with its float seconds (INFINITY = not allowed by
 * this cost layer: searches never relax it).
 *
 * Contract:
 *   - Coordinates are in the scenario's projected metric CRS (metres).
 *   - sp_graph_view() fills a view without copying: it stays valid while
 *     the topology and the cost layer live.  Nothing is freed through a
 *     view (do NOT call sp_graph_free on one).  The algorithms (search,
 *     reach, snap, catchment, coverage) take `const sp_graph *` and never
 *     write through it; the pointers are not const only so that tests can
 *     corrupt a graph of their own to exercise sp_graph_check().
 *   - Hand-made graphs (tests): the builder collects nodes and links with
 *     their times; sp_graph_build() makes a self-contained graph that owns
 *     a topology and a cost layer (sp_graph_free).
 *   - Strongly connected components are those of the cost layer (over the
 *     allowed edges); component 0 is the largest (ties broken by the lowest
 *     node id it contains), then by decreasing size (ties likewise).
 *     sp_graph_in_main() tells whether a node belongs to component 0.
 *   - A view or a built graph is immutable and may be shared by threads.
 *   - sp_graph_check() verifies invariants (offsets monotone, ids in range,
 *     costs >= 0, edges matching their links) and returns SP_E_INTERNAL
 *     with a message on violation.
 */
#ifndef SP_GRAPH_H
#define SP_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "costs.h"
#include "status.h"
#include "topology.h"

typedef struct sp_graph {
    /* nodes */
    int32_t n_nodes;
    double *node_xy;     /* 2 * n_nodes */
    /* links */
    int32_t n_links;
    sp_link *links;
    double *geom_xy;     /* 2 * n_geom */
    uint32_t n_geom;
    double *fwd_s;       /* n_links: seconds from->to; INFINITY = not allowed */
    double *bwd_s;       /* n_links: seconds to->from */
    /* edges */
    int32_t n_edges;     /* allowed (finite) directions */
    int32_t n_csr;       /* CSR entries: directions the topology has (>= n_edges) */
    /* forward CSR: out-edges of node v are out_to[out_off[v] .. out_off[v+1]) */
    int32_t *out_off;    /* n_nodes + 1 */
    int32_t *out_to;     /* n_csr: head node */
    int32_t *out_link;   /* n_csr: link id */
    float *out_s;        /* n_csr: seconds */
    /* reverse CSR: in-edges of node v are in_from[in_off[v] .. in_off[v+1]) */
    int32_t *in_off;
    int32_t *in_from;    /* tail node */
    int32_t *in_link;
    float *in_s;
    /* strongly connected components */
    int32_t n_components;
    int32_t *component;      /* n_nodes: component id, 0 = largest */
    int32_t *component_size; /* n_components */
    /* what the view shows */
    const sp_topo *topo;
    const sp_costs *costs;
    sp_topo *own_topo;       /* sp_graph_build() graphs only */
    sp_costs *own_costs;
} sp_graph;

/* A view of `costs` over `topo` in *out (no allocation).  SP_E_INTERNAL if
 * the cost layer was built over another topology. */
sp_status sp_graph_view(const sp_topo *topo, const sp_costs *costs, sp_graph *out);

/* Whether node v is in the largest strongly connected component. */
static inline int sp_graph_in_main(const sp_graph *g, int32_t v)
{
    return g->component[v] == 0;
}

/* Seconds to travel the fraction frac of link l forwards (from -> to) or
 * backwards: the rule of costs.h, sp_link_time(). */
static inline double sp_graph_link_time(const sp_graph *g, int32_t l, int backward, double frac)
{
    return sp_link_time(backward ? g->bwd_s[l] : g->fwd_s[l], frac);
}

/* Builder for hand-made graphs: collects nodes (ids 0, 1, 2, ..., or -1 on
 * out of memory) and links with their times before sp_graph_build();
 * sp_graph_builder_free() is NULL safe. */
typedef struct sp_graph_builder sp_graph_builder;
sp_graph_builder *sp_graph_builder_new(void);
int32_t sp_graph_builder_add_node(sp_graph_builder *b, double x, double y);
void sp_graph_builder_free(sp_graph_builder *b);

/* Add a link.  xy holds n >= 2 vertices (x0,y0,x1,y1,...), first at node
 * `from`, last at node `to` (the builder copies it).  length_m is computed
 * from the polyline.  fwd_s/bwd_s: seconds, INFINITY = not allowed.
 * Returns the link id or -1 on out of memory.  A link whose both directions
 * are INFINITY is refused (returns -1 after sp_error(SP_E_INTERNAL, ...)),
 * and so is one with a node id out of range, fewer than 2 vertices, a
 * negative, NaN or (finite but) beyond-float travel time, or a non-finite
 * polyline length.  The link's source road is -1. */
int32_t sp_graph_builder_add_link(sp_graph_builder *b, int32_t from, int32_t to,
                                  const double *xy, uint32_t n, double fwd_s,
                                  double bwd_s, int16_t road_class);

/* Build the graph: a topology of the links' allowed directions and a cost
 * layer of their times, owned by the graph.  The builder is emptied (its
 * arrays move into the graph); free it after.  OUT: *out (sp_graph_free). */
sp_status sp_graph_build(sp_graph_builder *b, sp_graph **out);

/* Free a graph made by sp_graph_build() (NULL safe); never a view. */
void sp_graph_free(sp_graph *g);

/* Invariant check; SP_OK or SP_E_INTERNAL with a message. */
sp_status sp_graph_check(const sp_graph *g);

/* Memory held by the topology and the cost layer, in bytes (benchmarks). */
size_t sp_graph_bytes(const sp_graph *g);

#endif
