/* search.h — bounded Dijkstra over an sp_graph with a reusable workspace.
 *
 * Contract:
 *   - A workspace belongs to one thread at a time; create one per thread and
 *     reuse it for many searches: distances are reset through the list of
 *     touched nodes, and the queue (lazyheap.h) keeps its memory, so a
 *     workspace stops allocating once it has run its largest search.  A
 *     queue that cannot grow is SP_E_NOMEM; the workspace stays usable.
 *   - sp_search_run() starts from one or more seeds (node, initial seconds)
 *     and settles nodes in order of travel time up to and including
 *     limit_s.  Nodes beyond the limit keep dist = INFINITY.
 *   - direction SP_FORWARD follows out-edges (time FROM the seeds);
 *     SP_REVERSE follows in-edges, giving for every node the time from that
 *     node TO the seeds.  siteplan searches SP_REVERSE from each station,
 *     because workers travel from their cluster to the station.
 *   - Results are exact shortest times (ties do not matter for distances).
 *   - Routes are off by default: then the workspace holds no predecessors
 *     and a search costs exactly what it did.  sp_search_keep_routes(ws, 1)
 *     makes every later search record, for each reached node, the CSR edge
 *     by which it was reached (route.h rebuilds paths from them).
 */
#ifndef SP_SEARCH_H
#define SP_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "status.h"

typedef enum { SP_FORWARD = 0, SP_REVERSE = 1 } sp_direction;

typedef struct {
    int32_t node;
    double cost_s; /* >= 0 */
} sp_seed;

typedef struct sp_search sp_search;

/* A workspace for graphs of up to g->n_nodes nodes; NULL on out of memory. */
sp_search *sp_search_new(const sp_graph *g);
void sp_search_free(sp_search *ws);

/* Run a search; replaces the previous result in ws.  Seeds with a node out
 * of range or a negative/NaN cost give SP_E_INTERNAL. */
sp_status sp_search_run(sp_search *ws, const sp_graph *g, sp_direction dir,
                        const sp_seed *seeds, size_t n_seeds, double limit_s);

/* Travel seconds of node v in the last search; INFINITY if not reached
 * within the limit. */
double sp_search_dist(const sp_search *ws, int32_t v);

/* Every node's travel seconds in the last search (INFINITY where not
 * reached): the values of sp_search_dist(), for loops over many nodes.
 * Borrowed; valid until the next run. */
const double *sp_search_dists(const sp_search *ws);

/* The nodes settled (dist <= limit) by the last search, in the order they
 * were settled (non-decreasing dist) after sp_search_run() and
 * sp_hierarchy_run(); in no particular order when the workspace was filled
 * by sp_msearch_lane() (msearch.h).  Borrowed; valid until the next run. */
const int32_t *sp_search_settled(const sp_search *ws, size_t *n);

/* Routes on (allocates one int32_t per node, once; SP_E_NOMEM if that
 * fails) or off (frees it).  Either way the current result loses its
 * predecessors: run a search after switching on. */
sp_status sp_search_keep_routes(sp_search *ws, int on);

/* Whether the last search kept predecessors; if so and dir is not NULL,
 * *dir = its direction. */
int sp_search_keeps_routes(const sp_search *ws, sp_direction *dir);

/* The CSR edge by which node v was reached in the last search.
 * SP_REVERSE: an index into in_from/in_link with in_from[e] == v; the edge
 * leads from v to the next node towards the seeds (the other end of link
 * in_link[e]).  SP_FORWARD: an index into out_to/out_link with
 * out_to[e] == v; the edge leads from the previous node (the other end of
 * link out_link[e]) to v.  -1 for a seed, for a node not reached, or when
 * the last search kept no predecessors. */
int32_t sp_search_pred(const sp_search *ws, int32_t v);

#endif
