/* graph.h — the road network as a compact directed graph (CSR), built once.
 *
 * Vocabulary:
 *   node  — a junction or a dead end (a vertex shared by two or more usable
 *           ways, or the end of a way).  Intermediate way vertices are NOT
 *           nodes; they are kept as link geometry.
 *   link  — one stretch of road between two nodes, with its polyline and a
 *           travel time in each direction (INFINITY where the direction is
 *           not allowed, e.g. against a oneway).
 *   edge  — one allowed direction of a link; the CSR arrays hold edges.
 *
 * Contract:
 *   - Coordinates are in the scenario's projected metric CRS (metres).
 *   - sp_graph_build() takes a builder filled with nodes and links, checks
 *     them, and produces forward (out-edges) and reverse (in-edges) CSR
 *     arrays.  Edges are ordered by source node, then by link id, so the
 *     graph is deterministic for the same input order.
 *   - Travel times are seconds, finite and >= 0 for allowed directions.
 *   - Strongly connected components are computed for the directed graph;
 *     component 0 is the largest (ties broken by the lowest node id it
 *     contains), then by decreasing size (ties likewise by lowest node id, so
 *     the numbering is deterministic).  sp_graph_in_main() tells whether a
 *     node belongs to component 0.
 *   - After build the graph is immutable and may be shared by threads.
 *   - sp_graph_check() verifies invariants (offsets monotone, ids in range,
 *     costs >= 0) and returns SP_E_INTERNAL with a message on violation.
 */
#ifndef SP_GRAPH_H
#define SP_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef struct {
    int32_t from, to;    /* node ids */
    double length_m;     /* along the polyline */
    double fwd_s, bwd_s; /* seconds from->to and to->from; INFINITY = not allowed */
    uint32_t geom_off;   /* first vertex in sp_graph.geom_xy (pairs of doubles) */
    uint32_t geom_len;   /* number of vertices, >= 2; first = from node, last = to node */
    int16_t road_class;  /* index into the profile's class table (for drawing), -1 unknown */
} sp_link;

typedef struct sp_graph {
    /* nodes */
    int32_t n_nodes;
    double *node_xy;     /* 2 * n_nodes */
    /* links */
    int32_t n_links;
    sp_link *links;
    double *geom_xy;     /* 2 * n_geom */
    uint32_t n_geom;
    /* forward CSR: out-edges of node v are out_to[out_off[v] .. out_off[v+1]) */
    int32_t n_edges;
    int32_t *out_off;    /* n_nodes + 1 */
    int32_t *out_to;     /* n_edges: head node */
    int32_t *out_link;   /* n_edges: link id */
    float *out_s;        /* n_edges: seconds */
    /* reverse CSR: in-edges of node v are in_from[in_off[v] .. in_off[v+1]) */
    int32_t *in_off;
    int32_t *in_from;    /* tail node */
    int32_t *in_link;
    float *in_s;
    /* strongly connected components */
    int32_t n_components;
    int32_t *component;      /* n_nodes: component id, 0 = largest */
    int32_t *component_size; /* n_components */
} sp_graph;

/* Builder: collects nodes and links before sp_graph_build(). */
typedef struct sp_graph_builder sp_graph_builder;

sp_graph_builder *sp_graph_builder_new(void);
void sp_graph_builder_free(sp_graph_builder *b);

/* Add a node at (x, y); returns its id (0, 1, 2, ...) or -1 on out of memory. */
int32_t sp_graph_builder_add_node(sp_graph_builder *b, double x, double y);

/* Add a link.  xy holds n >= 2 vertices (x0,y0,x1,y1,...), first at node
 * `from`, last at node `to` (the builder copies it).  length_m is computed
 * from the polyline.  fwd_s/bwd_s as in sp_link.  Returns the link id or -1
 * on out of memory.  A link whose both directions are INFINITY is refused
 * (returns -1 after sp_error(SP_E_INTERNAL, ...)), and so is one with a node
 * id out of range, fewer than 2 vertices, a negative, NaN or (finite but)
 * beyond-float travel time, or a non-finite polyline length. */
int32_t sp_graph_builder_add_link(sp_graph_builder *b, int32_t from, int32_t to,
                                  const double *xy, uint32_t n, double fwd_s,
                                  double bwd_s, int16_t road_class);

/* Build the graph (consumes nothing: the builder is still to be freed).
 * OUT: *out owns the new graph, free with sp_graph_free(). */
sp_status sp_graph_build(const sp_graph_builder *b, sp_graph **out);

void sp_graph_free(sp_graph *g);

/* Whether node v is in the largest strongly connected component. */
static inline int sp_graph_in_main(const sp_graph *g, int32_t v)
{
    return g->component[v] == 0;
}

/* Invariant check; SP_OK or SP_E_INTERNAL with a message. */
sp_status sp_graph_check(const sp_graph *g);

/* Memory held by the graph, in bytes (for benchmarks). */
size_t sp_graph_bytes(const sp_graph *g);

#endif
