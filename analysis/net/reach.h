/* reach.h — where a point is on the network, and how long it takes to get
 * from there to a site, given a finished reverse search from that site.
 *
 * Vocabulary: a *snap* ties an off-network point (a cluster or a site) to
 * the network.  With snap = edge it is the nearest point on the nearest
 * usable link, with an off-road leg walked at the walking speed; with
 * snap = node it is the nearest graph node, with no off-road leg.
 *
 * The rule for times (documented in README.md, "Travel times"):
 *   A point at distance s (metres, along the polyline) from the `from` node
 *   of a link of length L can leave the link towards `to` in
 *   (L - s) / L * fwd_s seconds, or towards `from` in s / L * bwd_s seconds
 *   (each only where that direction is allowed; sp_graph_link_time(), the
 *   one rule of costs.h).  If the site itself is
 *   snapped to the same link at sQ, the point can also travel along the
 *   link straight to it (sQ >= s forwards, sQ <= s backwards).  The site's
 *   own off-road leg is part of every time, and a cluster's off-road leg is
 *   added to the cluster's time.
 *
 * All functions are pure; the search workspace is only read.
 */
#ifndef SP_REACH_H
#define SP_REACH_H

#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "search.h"

typedef struct {
    int32_t link;      /* snapped link, or -1 for a node snap or no snap */
    int32_t node;      /* snapped node for a node snap, else -1 */
    double s;          /* position along the link in metres from its from-node */
    double offroad_m;  /* straight-line distance from the point to the snap */
    double offroad_s;  /* seconds for the off-road leg (0 for a node snap) */
    double x, y;       /* the snapped location */
} sp_snap;

/* A snap this close (metres) to a link's end is at that end's node, whatever
 * directions the link allows (snap positions are sums of segment lengths and
 * may differ from the link length by rounding). */
#define SP_REACH_END_EPS_M 1e-6

/* Whether the snap ties the point to the network at all. */
static inline int sp_snap_ok(const sp_snap *sn)
{
    return sn->link >= 0 || sn->node >= 0;
}

/* The seeds of a reverse search towards a site snapped at `site`: at most
 * two, written to seeds[0..1].  Returns the number written (0 if the link
 * allows no direction, which a built graph never has). */
size_t sp_reach_site_seeds(const sp_graph *g, const sp_snap *site,
                           sp_seed seeds[2]);

/* Seconds from position s on link `link` to the site, given `ws` holds a
 * finished SP_REVERSE search seeded with sp_reach_site_seeds(site).
 * INFINITY if not reachable within the search's limit.  Does NOT include the
 * point's own off-road leg (the caller adds it for clusters). */
double sp_reach_time_on_link(const sp_graph *g, const sp_search *ws,
                             const sp_snap *site, int32_t link, double s);

/* Seconds from a snapped point (cluster) to the site: its off-road leg plus
 * the network time.  INFINITY if unreachable or the point is not snapped. */
double sp_reach_time(const sp_graph *g, const sp_search *ws,
                     const sp_snap *site, const sp_snap *point);

#endif
