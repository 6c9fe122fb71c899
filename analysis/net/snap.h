/* snap.h — tie points (clusters, sites) to the road network.
 *
 * Rules (README.md, "Snapping"):
 *   - Only links whose both ends lie in the largest strongly connected
 *     component of the mode's graph are candidates (small islands would
 *     strand a point: it could reach nothing, or nothing could reach it);
 *     a link closed both ways (a closed road) is none, and neither is a
 *     link whose class has no roadside access (`access`, per class index
 *     of the profile; NULL = every class has: profile.h).  snap = node: only
 *     the ends of candidate links.
 *   - snap = edge: the nearest point on the nearest such link (exact
 *     point-to-polyline distance; ties go to the lower link id), with the
 *     off-road leg walked at walk_kmh.
 *   - snap = node: the nearest such node; no off-road leg.
 *   - A point farther than max_snap_m from every candidate is not snapped
 *     (sp_snap_ok() is false): it is reported unreachable, never dropped.
 *
 * The index is built once per graph (with the GEOS handle given to
 * sp_snapper_new, which must outlive it) and is read-only afterwards: any
 * number of threads may snap at once, each passing its own GEOS handle.
 */
#ifndef SP_SNAP_H
#define SP_SNAP_H

#include <geos_c.h>

#include "access.h"
#include "graph.h"
#include "reach.h"
#include "scenario.h"
#include "status.h"

typedef struct sp_snapper sp_snapper;

/* access: per road class index (sp_link.road_class), 1 = a point may be
 * tied to it; NULL = all; copied.  OUT: *out (sp_snapper_free). */
sp_status sp_snapper_new(const sp_graph *g, GEOSContextHandle_t gctx, sp_snap_rule rule,
                         const unsigned char *access, int n_access, sp_snapper **out);
void sp_snapper_free(sp_snapper *s);

/* Snap (x, y) with the calling thread's GEOS handle; the off-road leg is
 * walked at walk_kmh.  *out.offroad_m is set even when the point is beyond
 * max_snap_m (then link = node = -1), so the report can say how far. */
void sp_snapper_snap(const sp_snapper *s, GEOSContextHandle_t gctx, double x, double y,
                     double max_snap_m, double walk_kmh, sp_snap *out);

/* The index of the access rule (access.h) over the same links (or nodes):
 * a point's access snaps, nearest first; the first is the snap above. */
const sp_access *sp_snapper_access(const sp_snapper *s);

/* The nearest link of g in any piece and of any class (a linear scan: for
 * the few points reported unreachable), and its distance; -1 when g has no
 * link.  Says whether a nearer road exists that the snapping rules leave
 * out (a disconnected piece, a closed road, no roadside access). */
int32_t sp_snap_nearest_any(const sp_graph *g, double x, double y, double *dist_m);

/* sp_snap_polyline(): access.h. */

#endif
