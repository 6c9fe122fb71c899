/* demand.h — demand points: where the workers of each cluster meet the
 * network, and the coverage step of one site's search.
 *
 * Each cluster maps to one or more demand points, each with its own snap and
 * a share of the cluster's workers (a point cluster has exactly one: its
 * point and its snap, with all its workers; an area cluster spreads over the
 * lattice points of lattice.h, sp_demand_new_points).  Coverage works on demand points: the
 * cluster-by-site matrix has one demand column per point, and a cluster's
 * covered workers are the sum over its points (sp_demand_cluster_within).
 *
 * A point's time is the least over its access snaps (access.h: up to
 * SP_ACCESS_MAX roads near it).  The index: for every node, the points with
 * an access snap at that node or on a link that ends there; for every link,
 * the points with an access snap on it.  A point can
 * only get a finite time from a site's search when one end of its link (or
 * its node) was settled, or when it lies on the site's own link (reach.h),
 * so the coverage step visits only those points instead of all of them.
 *
 * Contract: sp_demand_new() copies what it needs; the result is read-only
 * afterwards and may be shared by threads.  A sp_demand_scratch belongs to
 * one thread at a time.  Point indices of a cluster are consecutive and
 * ascending with the cluster index.
 */
#ifndef SP_DEMAND_H
#define SP_DEMAND_H

#include <stddef.h>
#include <stdint.h>

#include "access.h"
#include "graph.h"
#include "reach.h"
#include "search.h"
#include "status.h"

/* One access snap's time to a site's search, the rule of reach.h in a form
 * quick to evaluate: offroad_s + min over j of (add[j] + dist[node[j]]),
 * unless the site lies on the same link or at the same node (`key`), where
 * reach.h's rule is applied as it stands.  Built by sp_demand_new*(). */
typedef struct {
    double add[2];    /* INFINITY: no such way */
    double offroad_s;
    int32_t node[2];
    int32_t key;      /* the snap's link (>= 0), -2 - its node, or INT32_MIN */
} sp_demand_term;

typedef struct {
    int32_t n_points, n_clusters;
    /* per point */
    int32_t *point_cluster;
    double *point_weight;   /* the cluster's workers x the point's share */
    sp_snap *point_snap;    /* the nearest snap (what snap_m reports) */
    /* the access snaps (access.h), nearest first: point p's are
     * point_alt[p * SP_ACCESS_MAX .. + point_nalt[p]); its time to a site is
     * the least over them (sp_demand_point_time) */
    sp_snap *point_alt;
    uint8_t *point_nalt;
    /* point_alt's snaps as terms (same indices), for the cost layer whose
     * forward times are term_fwd_s (the graph the demand was built on);
     * another layer's graph is evaluated with reach.h directly */
    sp_demand_term *point_term;
    const double *term_fwd_s;
    /* per cluster: its points are cluster_first[c] .. cluster_first[c] +
     * cluster_count[c] - 1 */
    int32_t *cluster_first;
    int32_t *cluster_count;
    /* the index (CSR): node v -> node_pt[node_off[v] .. node_off[v + 1]),
     * link l -> link_pt[link_off[l] .. link_off[l + 1]) */
    int32_t n_nodes, n_links;
    int32_t n_point_nodes;  /* nodes with at least one point */
    int32_t *node_off, *node_pt;
    uint64_t *node_has;     /* bit v: node v has a point (a bitmap that stays
                             * in cache where node_off would not) */
    int32_t *link_off, *link_pt;
} sp_demand;

/* One demand point per cluster: its snap (copied) and its whole weight.
 * weight and snap have n_clusters entries; the snap is the point's only
 * access snap.  OUT: *out (sp_demand_free). */
sp_status sp_demand_new(const sp_graph *g, int32_t n_clusters, const double *weight,
                        const sp_snap *snap, sp_demand **out);

/* The same with each cluster's access snaps (sp_access_point(): n_alt[c] of
 * them at alt[c * SP_ACCESS_MAX]; a cluster with none keeps its snap when
 * that is ok).  alt / n_alt NULL: as sp_demand_new(). */
sp_status sp_demand_new_access(const sp_graph *g, int32_t n_clusters, const double *weight,
                               const sp_snap *snap, const sp_snap *alt, const uint8_t *n_alt,
                               sp_demand **out);

/* Several points per cluster: point p belongs to cluster point_cluster[p]
 * (ascending, consecutive, starting at 0, every cluster with at least one
 * point) and carries point_weight[p] workers; snap[p] is its nearest snap,
 * alt[p * SP_ACCESS_MAX ..] its n_alt[p] access snaps (alt / n_alt NULL, or
 * a point with none: its snap when that is ok).  Arrays are copied.  An
 * inconsistent point_cluster is SP_E_INTERNAL.  OUT: *out. */
sp_status sp_demand_new_points(const sp_graph *g, int32_t n_clusters, int32_t n_points,
                               const int32_t *point_cluster, const double *point_weight,
                               const sp_snap *snap, const sp_snap *alt, const uint8_t *n_alt,
                               sp_demand **out);

/* Seconds from demand point p to the site: the least over its access snaps
 * of sp_reach_time() (INFINITY when none reaches). */
double sp_demand_point_time(const sp_demand *d, const sp_graph *g, const sp_search *ws,
                            const sp_snap *site, int32_t p);
void sp_demand_free(sp_demand *d);

/* Workers of cluster c whose point time (point_time_s[point], seconds, a
 * stored float widened) is within the threshold (sp_covers). */
double sp_demand_cluster_within(const sp_demand *d, int32_t c, const double *point_time_s,
                                double threshold);

/* What cluster c's demand points say about it (results schema 7, README
 * "Area clusters"), given each point's time (point_time_s, seconds; INFINITY
 * when none) and the threshold (sp_covers):
 *   points          its demand points (>= 1);
 *   points_covered  of them within the threshold;
 *   workers         the sum of its points' workers (added in point order: for
 *                   lattice shares exactly the cluster's workers);
 *   workers_covered the sum of its covered points' workers, in point order
 *                   (sp_demand_cluster_within), so it equals workers when
 *                   every point is covered;
 *   share           workers_covered / workers, 1 exactly when every point
 *                   is covered; with 0 workers: points_covered / points;
 *   best_s          its least point time (INFINITY when none);
 *   worst_s         its greatest point time when every point is covered,
 *                   else INFINITY;
 *   reachable       1 when some point is snapped (sp_snap_ok);
 *   snap_m          the least off-road metres of its points' snaps
 *                   (INFINITY when none is finite).
 * For a cluster of one point these are its all-or-nothing values. */
typedef struct {
    int32_t points, points_covered;
    double workers, workers_covered, share;
    double best_s, worst_s;
    int reachable;
    double snap_m;
} sp_demand_cluster_sum;

void sp_demand_cluster_summary(const sp_demand *d, int32_t c, const double *point_time_s,
                               double threshold, sp_demand_cluster_sum *out);

/* Per-thread scratch for sp_demand_site_row: a visit stamp per point. */
typedef struct sp_demand_scratch sp_demand_scratch;
sp_demand_scratch *sp_demand_scratch_new(const sp_demand *d);
void sp_demand_scratch_free(sp_demand_scratch *sc);

/* The coverage step of one site: given ws holding a finished SP_REVERSE
 * search seeded with sp_reach_site_seeds(site), write the demand points the
 * site covers within `limit` (sp_covers on the float time) to pt[] in
 * ascending order and their times to secs[] (both sized n_points); return
 * how many.  Visits only the points snapped to the settled nodes, their
 * links and the site's own link; times are sp_reach_time(), so the row is
 * the one a scan of every point would give.  When the search settled at
 * least n_point_nodes nodes (it reached most of the network), walking them
 * would cost more than looking at every point, so the points are evaluated
 * in order instead: the same row. */
size_t sp_demand_site_row(const sp_demand *d, const sp_graph *g, const sp_search *ws,
                          const sp_snap *site, double limit, sp_demand_scratch *sc,
                          int32_t *pt, float *secs);

/* The same row by evaluating every point in order (what the step does for
 * a search that reached most of the network; also the reference). */
size_t sp_demand_scan_row(const sp_demand *d, const sp_graph *g, const sp_search *ws,
                          const sp_snap *site, double limit, int32_t *pt, float *secs);

#endif
