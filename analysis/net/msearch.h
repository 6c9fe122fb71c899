/* msearch.h — up to SP_MSEARCH_LANES bounded searches at once, one per
 * lane, over one queue: the searches of nearby sites walk the same part of
 * the graph, and here they walk it together.
 *
 * Each node holds one time per lane (one cache line for 8 lanes) and a mask
 * of the lanes whose time improved since the node was last expanded.  The
 * queue (lazyheap.h) orders nodes by the least such time; expanding a node
 * relaxes its edges for every lane of its mask at once.  A lane's time at a
 * node may improve after the node was expanded for it (another lane's time
 * came first); the node is then expanded again for that lane, so a node can
 * leave the queue more than once (label correcting, not label setting).
 *
 * Why it gives sp_search_run()'s times to the last bit: both end with every
 * reached node's time equal to the least over its seeds' costs and over
 * its in-neighbours' times plus the edge's seconds, each sum rounded as
 * the search rounds it (d + sp_link_time(cost, 1)), and both keep only sums
 * within the limit.  Rounded addition of a non-negative number is monotone,
 * so along the edges by which either result reached a node the other's
 * times are no larger, step by step from the seed: the two are equal
 * (README.md, "Travel times").  tests/unit/test_msearch.c compares every
 * lane with sp_search_run() bit for bit.
 *
 * When it pays: on a graph far larger than the processor's caches, where a
 * plain search spends most of its time waiting for memory, and for searches
 * that overlap (sites a few kilometres apart, each reaching tens of
 * thousands of nodes).  On the bundled city, which fits in cache, or on
 * foot, where the lanes barely overlap, it is slower than one search at a
 * time (coverage.h chooses).
 *
 * Contract:
 *   - A workspace belongs to one thread at a time; reuse it for many runs:
 *     a run resets only the nodes the previous one touched.  Its memory:
 *     70 B per graph node (the lanes' times, 64 B, touched only where
 *     searched; a mask, a mark and the touched list), 12 B per node a lane
 *     reached in the largest run so far (up to 15 with the growth margin:
 *     the lanes' results, split for sp_msearch_lane), and the queue.
 *   - sp_msearch_run() runs n_lanes (1..SP_MSEARCH_LANES) searches in
 *     direction dir up to limit_s; lane j starts from
 *     seeds[first[j] .. first[j + 1]).  Bad seeds, a NaN limit or a lane
 *     count out of range are SP_E_INTERNAL; a queue that cannot grow is
 *     SP_E_NOMEM (the workspace stays usable).
 *   - sp_msearch_lane() puts lane j's result into a search workspace as
 *     sp_search_run() with that lane's seeds would: the same time for every
 *     node and the same settled nodes, but the settled list is NOT in order
 *     of time (search.h), and no routes.
 *   - No graph is written; the graph must outlive the run and be the one
 *     the workspace was made for (its node count is checked).
 */
#ifndef SP_MSEARCH_H
#define SP_MSEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "search.h"
#include "status.h"

#define SP_MSEARCH_LANES 8

typedef struct sp_msearch sp_msearch;

/* A workspace for graphs of up to g->n_nodes nodes; NULL on out of memory. */
sp_msearch *sp_msearch_new(const sp_graph *g);
void sp_msearch_free(sp_msearch *ms);

/* Run n_lanes searches at once (above); replaces the previous result. */
sp_status sp_msearch_run(sp_msearch *ms, const sp_graph *g, sp_direction dir,
                         const sp_seed *seeds, const size_t *first, int n_lanes,
                         double limit_s);

/* Lane j of the last run, into ws (sized for the same graph).  SP_E_INTERNAL
 * when j is not a lane of the last run or ws is too small. */
sp_status sp_msearch_lane(const sp_msearch *ms, int j, sp_search *ws);

#endif
