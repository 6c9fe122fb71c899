/* routable.h — the roads the routable network leaves out.
 *
 * Points join, and searches run on, the largest strongly connected piece of
 * a mode's graph (graph.h).  A road none of whose links lies in it (both
 * ends in the piece) is not routable: a dead end of a one-way road, an
 * island, or a road cut by the edge of the extract (a motorway that leaves
 * the extract one way and never comes back).  This module counts them, so
 * that a run can say so (summary.json "network", a warning naming the
 * longest) and the map can draw them apart.
 *
 * Threads: reads the graph only.  Errors: SP_E_NOMEM.
 */
#ifndef SP_ROUTABLE_H
#define SP_ROUTABLE_H

#include <stdint.h>

#include "graph.h"
#include "status.h"

#define SP_UNROUTABLE_TOP 3

typedef struct {
    int32_t n_roads;    /* source roads with links, none of them in the main piece */
    double km;          /* their links' length */
    int32_t n_at_edge;  /* of them, with a vertex within edge_m of the edge of the
                           network's extent (the bounding box of its nodes) */
    int32_t top[SP_UNROUTABLE_TOP];      /* the longest of them (road index; -1 = none) */
    double top_km[SP_UNROUTABLE_TOP];
    int top_at_edge[SP_UNROUTABLE_TOP];
    double extent[4];   /* the network's extent: xmin, ymin, xmax, ymax of its nodes */
} sp_unroutable;

/* Distance from (x, y) to the edge of an extent (0 when outside it). */
double sp_extent_edge_distance(const double *extent, double x, double y);

/* n_roads: the number of source roads (sp_link.road < n_roads). */
sp_status sp_graph_unroutable(const sp_graph *g, int32_t n_roads, double edge_m,
                              sp_unroutable *out);

#endif
