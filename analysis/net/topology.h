/* topology.h — the road network of one travel mode as nodes and links,
 * without travel times (those are a cost layer over it: costs.h).
 *
 * Vocabulary:
 *   node  — a junction or a dead end (a vertex shared by two or more usable
 *           ways, or the end of a way).  Intermediate way vertices are NOT
 *           nodes; they are kept as link geometry.
 *   link  — one stretch of road between two nodes, with its polyline, the
 *           directions the mode may travel it (oneways: one), its road class
 *           and the source road it came from.
 *   edge  — one direction of a link the topology allows; the CSR arrays
 *           hold edges, forward (out-edges) and reverse (in-edges).
 *
 * Rules of sp_topo_build() (README.md, "Road network"):
 *   - Usable roads: the class has a speed in the mode's profile, not
 *     area=yes, and the access tags allow the mode (counted in that order in
 *     the stats).
 *   - Junctions: a vertex shared by two usable road parts (the same
 *     coordinates, which is how OSM ways sharing a node arrive), or used
 *     twice by one part, or the end of a part.  Ways that cross without a
 *     shared vertex (bridges, tunnels) do not meet.
 *   - Directions: car follows the road's oneway direction; walk and cycle
 *     networks are two-way.
 *   - Nodes are numbered in order of first appearance and links follow the
 *     roads' read order, so the same input gives the same topology.
 *
 * CSR layout: edges are ordered by key node (the tail for the forward side,
 * the head for the reverse side), then by link id, and a link's forward
 * direction comes before its backward one.
 *
 * Ownership: sp_topo_build() and sp_topo_builder_finish() hand over a new
 * sp_topo (sp_topo_free, NULL safe); it copies what it needs from the roads
 * (which may be freed after; sp_link.road still indexes them).
 * Errors: SP_E_INPUT (no usable road), SP_E_NOMEM, SP_E_INTERNAL (builder
 * misuse, with a message).
 * Threads: building touches nothing shared; a built topology is immutable
 * and may be shared by any number of threads and cost layers.
 */
#ifndef SP_TOPOLOGY_H
#define SP_TOPOLOGY_H

#include <stddef.h>
#include <stdint.h>

#include "profile.h"
#include "roads.h"
#include "status.h"

/* Directions of a link (sp_link.dirs). */
#define SP_DIR_FWD 1u /* from -> to */
#define SP_DIR_BWD 2u /* to -> from */

typedef struct {
    int32_t from, to;    /* node ids */
    double length_m;     /* along the polyline */
    uint32_t geom_off;   /* first vertex in geom_xy (pairs of doubles) */
    uint32_t geom_len;   /* number of vertices, >= 2; first = from node, last = to node */
    int32_t road;        /* source road (index into sp_roads), -1 none */
    int16_t road_class;  /* index into the profile's class table, -1 unknown */
    uint8_t dirs;        /* SP_DIR_FWD | SP_DIR_BWD: directions the topology allows */
} sp_link;

/* Per mode: what became of the roads (summary.json "network"). */
typedef struct {
    long ways_read;       /* roads read from the layer */
    long ways_used;       /* usable by the mode, with a part of two vertices or more */
    long ways_skipped_class, ways_skipped_access, ways_skipped_area;
    long ways_degenerate; /* usable roads' parts with fewer than two distinct vertices */
    long oneway_links;
    double length_km;     /* total link length */
} sp_topo_stats;

typedef struct sp_topo {
    sp_mode mode;
    int32_t n_nodes;
    double *node_xy;     /* 2 * n_nodes */
    int32_t n_links;
    sp_link *links;
    double *geom_xy;     /* 2 * n_geom */
    uint32_t n_geom;
    int32_t n_edges;     /* directions the links allow */
    int32_t *out_off;    /* n_nodes + 1 */
    int32_t *out_to;     /* n_edges: head node */
    int32_t *out_link;   /* n_edges: link id */
    int32_t *in_off;     /* n_nodes + 1 */
    int32_t *in_from;    /* n_edges: tail node */
    int32_t *in_link;    /* n_edges: link id */
    int32_t n_ways;      /* usable roads (including degenerate ones) */
    int32_t *ways;       /* their indices into sp_roads, in read order */
    sp_topo_stats stats;
} sp_topo;

/* The mode's topology of the roads.  prof: the mode's classes (the link's
 * road_class indexes it).  Fails with SP_E_INPUT naming the layer when no
 * road is usable.  OUT: *out (sp_topo_free). */
sp_status sp_topo_build(const sp_roads *roads, const sp_profile *prof, sp_topo **out);

void sp_topo_free(sp_topo *t);

/* Whether CSR edge e of node v (forward side when reverse = 0, else the
 * reverse side) runs its link backwards (to -> from). */
static inline int sp_topo_edge_backward(const sp_topo *t, int reverse, int32_t v, int32_t e)
{
    const int32_t *off = reverse ? t->in_off : t->out_off;
    const int32_t *link = reverse ? t->in_link : t->out_link;
    const int32_t *other = reverse ? t->in_from : t->out_to;
    const sp_link *k = &t->links[link[e]];
    if (k->from != k->to) /* the tail tells */
        return (reverse ? other[e] : v) != k->from;
    /* A loop: both directions sit side by side, forwards first. */
    if (k->dirs != (SP_DIR_FWD | SP_DIR_BWD))
        return k->dirs == SP_DIR_BWD;
    return e > off[v] && link[e - 1] == link[e];
}

/* A builder for hand-made topologies (graph.h's builder, tests). */
typedef struct sp_topo_builder sp_topo_builder;

sp_topo_builder *sp_topo_builder_new(void);
void sp_topo_builder_free(sp_topo_builder *b);

/* Add a node at (x, y); its id (0, 1, ...) or -1 on out of memory. */
int32_t sp_topo_builder_add_node(sp_topo_builder *b, double x, double y);

/* Add a link from node `from` to node `to` along xy (n >= 2 vertices, first
 * at from, last at to; copied) that may be travelled in `dirs` (not 0).
 * Returns the link id, or -1 (after sp_error) for a node out of range,
 * fewer than two vertices, no direction, a non-finite length or out of
 * memory. */
int32_t sp_topo_builder_add_link(sp_topo_builder *b, int32_t from, int32_t to,
                                 const double *xy, uint32_t n, unsigned dirs,
                                 int16_t road_class, int32_t road);

/* Lay out the CSR arrays.  The builder is emptied (its arrays move into the
 * topology); free it after.  OUT: *out (sp_topo_free). */
sp_status sp_topo_builder_finish(sp_topo_builder *b, sp_mode mode, sp_topo **out);

/* Memory held by the topology, in bytes. */
size_t sp_topo_bytes(const sp_topo *t);

#endif
