/* route.h — the path a search took from a reached node to its seed (and on
 * to the site), rebuilt from the predecessors the search kept.
 *
 * Vocabulary: a *route* is the shortest path the search found, as the
 * ordered links travelled (each with its direction) and one polyline.
 *   - SP_REVERSE (siteplan's searches from a site): node -> ... -> seed, and
 *     with the site given, on along the site's link to its snapped point.
 *   - SP_FORWARD: (site's snapped point ->) seed -> ... -> node.
 * Steps and geometry are always in travel order.
 *
 * Contract:
 *   - The search must have kept predecessors: sp_search_keep_routes(ws, 1)
 *     before sp_search_run(); otherwise SP_E_INTERNAL.
 *   - A node out of range or not reached by the last search: SP_E_INPUT.
 *   - site may be NULL (no last piece).  When given, it must be the site
 *     whose seeds started the search: a node snap or a snap at a link's end
 *     must be at the route's seed node, a snap inside a link must be on a
 *     link that ends at the seed node, else SP_E_INPUT.  For a site inside a
 *     link the route gets the piece of that link between the seed node and
 *     the snapped point (site_link >= 0); the site's off-road leg has no
 *     geometry.  The piece is the one from the seed's end of the link; on a
 *     loop link (both ends at the seed, both directions allowed) the cheaper
 *     one (ties: the one from the from-node), as the seeds of that site
 *     (sp_reach_site_seeds, from-node first) make the search keep it.
 *   - Times: total_s == sp_search_dist(ws, node) exactly; seed_s is the
 *     seed's own search time (its initial cost: the site's off-road leg and
 *     the piece along its link); step seconds are the differences of the
 *     search times at the step's two ends, so they sum to total_s - seed_s
 *     up to rounding.
 *   - Geometry: link polylines in travel order (reversed where a link is
 *     travelled against its digitised direction), joint vertices once, then
 *     (SP_REVERSE) or first (SP_FORWARD) the site piece, which ends (starts)
 *     at the snapped point (site->x, site->y).  Coordinates are the graph's
 *     (the working CRS).  A route of a seed itself with no site piece has one
 *     vertex, the seed node.
 *   - OUT: *out owns the route, free with sp_route_free() (NULL-safe); *out
 *     is NULL on error.
 *   - Reads the graph and the workspace only: routes of one finished search
 *     can be taken concurrently, but not while the workspace runs a search.
 */
#ifndef SP_ROUTE_H
#define SP_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "reach.h"
#include "search.h"
#include "status.h"

typedef struct {
    int32_t link;         /* link id */
    int32_t start, end;   /* node ids, in travel order */
    int forward;          /* 1: travelled from -> to (digitised direction); 0: against */
    double seconds;       /* search time difference between start and end */
} sp_route_step;

typedef struct {
    sp_direction dir;     /* of the search */
    int32_t node;         /* the node asked for */
    int32_t seed;         /* the seed the path ends (SP_REVERSE) or starts (SP_FORWARD) at */
    double total_s;       /* == sp_search_dist(ws, node) */
    double seed_s;        /* == sp_search_dist(ws, seed): the seed's initial cost */
    size_t n_steps;
    sp_route_step *steps; /* travel order; NULL when n_steps == 0 */
    int32_t site_link;    /* link of the site piece, -1 if none */
    int site_forward;     /* the site piece is travelled from -> to */
    size_t n_xy;          /* vertices, >= 1 */
    double *xy;           /* 2 * n_xy: x0, y0, x1, y1, ... */
} sp_route;

/* The route of `node` in the last search held by ws over g (the graph the
 * search ran on).  Errors as in the contract above. */
sp_status sp_route_get(const sp_graph *g, const sp_search *ws, int32_t node,
                       const sp_snap *site /* may be NULL */, sp_route **out);

void sp_route_free(sp_route *r);

#endif
