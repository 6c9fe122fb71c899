/* areas.h — the inputs of area clusters beyond their lattice: which weight
 * points (clusters.weight_points) lie in which area, which entrances
 * (clusters.entrances) serve which area, and the access snaps of a demand
 * point that reaches the network through its area's gates.
 *
 * Rules (README "Area clusters"):
 *   - A weight point belongs to the first area (cluster order) whose
 *     polygon holds its point (its representative point: the point itself,
 *     or the point on surface of a footprint), the outline included; a
 *     point in no area belongs to none (counted, one warning).
 *   - An entrance (gate) serves every area whose polygon lies within
 *     SP_ENTRANCE_NEAR_M of it (inside, or that close to the outline).  An
 *     area with at least one gate reaches the network only through its
 *     gates; a gate serving no area is counted (one warning).
 *   - A gated demand point's access snaps: for each gate of its area that
 *     is snapped (within max_snap_m), each of the gate's own access snaps
 *     (access.h; snap = node: its node), with the off-road leg the straight
 *     line point -> gate plus the gate's own leg: offroad_m = d + the gate
 *     snap's offroad_m, offroad_s = d / walk speed + the gate snap's
 *     offroad_s; the SP_ACCESS_MAX least by offroad_s (ties: gate order,
 *     then the gate's snap order).  The leg inside the area is not held to
 *     max_snap_m.  No snapped gate: the point is not snapped.
 *
 * Contract: coordinates in the working CRS; the caller's GEOS handle (one
 * thread); results deterministic.  Errors: SP_E_NOMEM, SP_E_INTERNAL (a
 * GEOS call failed), one message each.
 */
#ifndef SP_AREAS_H
#define SP_AREAS_H

#include <geos_c.h>
#include <stdint.h>

#include "access.h"
#include "input.h"
#include "reach.h"
#include "status.h"

/* A gate this close (metres) to an area's outline, or inside it, is one of
 * the area's entrances. */
#define SP_ENTRANCE_NEAR_M 50.0

/* Per weight point of wp: the index of its area among clusters cl (a
 * polygon or multipolygon cluster), -1 for none.  OUT: owner[wp->n]
 * (caller-sized), *n_outside: how many have none. */
sp_status sp_areas_weight_owner(GEOSContextHandle_t gctx, const sp_points *cl,
                                const sp_points *wp, int32_t *owner, int32_t *n_outside);

/* The gates of each area: cluster c's are gate[first[c] .. first[c] +
 * count[c]) (ascending gate index; point clusters have none).  OUT: *first,
 * *count (cl->n each), *gate (free() all three); *n_far: gates serving no
 * area. */
sp_status sp_areas_gates(GEOSContextHandle_t gctx, const sp_points *cl, const sp_points *gates,
                         int32_t **first, int32_t **count, int32_t **gate, int32_t *n_far);

/* The access snaps of point (x, y) through gates gate[0 .. n_gate) at
 * gxy (2 per gate index), each gate g with its n_galt[g] access snaps at
 * galt[g * SP_ACCESS_MAX] (0: not snapped): rule above.  OUT: out[0 ..
 * SP_ACCESS_MAX), returns how many. */
int sp_areas_gate_access(double x, double y, const int32_t *gate, int32_t n_gate,
                         const double *gxy, const sp_snap *galt, const uint8_t *n_galt,
                         double walk_kmh, sp_snap *out);

#endif
