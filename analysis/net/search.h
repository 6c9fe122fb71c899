/* search.h — bounded Dijkstra over an sp_graph with a reusable workspace.
 *
 * Contract:
 *   - A workspace belongs to one thread at a time; create one per thread and
 *     reuse it for many searches: nothing is allocated per search after the
 *     first (distances are reset through the list of touched nodes).
 *   - sp_search_run() starts from one or more seeds (node, initial seconds)
 *     and settles nodes in order of travel time up to and including
 *     limit_s.  Nodes beyond the limit keep dist = INFINITY.
 *   - direction SP_FORWARD follows out-edges (time FROM the seeds);
 *     SP_REVERSE follows in-edges, giving for every node the time from that
 *     node TO the seeds.  siteplan searches SP_REVERSE from each station,
 *     because workers travel from their cluster to the station.
 *   - Results are exact shortest times (ties do not matter for distances).
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

/* The nodes settled (dist <= limit) by the last search, in the order they
 * were settled (non-decreasing dist).  Borrowed; valid until the next run. */
const int32_t *sp_search_settled(const sp_search *ws, size_t *n);

#endif
