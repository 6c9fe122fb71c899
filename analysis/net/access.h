/* access.h — the roads a point may start its trip from (the access rule),
 * for one point (a cluster) or for each cell of a lattice (catchment
 * drawing), through one bucket-grid index of the usable links.
 *
 * Rule (README.md, "Snapping"):
 *   - snap = edge: a point's access links are the usable links (snap.h:
 *     in the largest strongly connected piece, open, with roadside access)
 *     within min(d1 + SP_ACCESS_EXTRA_M, max_snap_m) of it, d1 being its
 *     distance to the nearest usable link: at most SP_ACCESS_MAX of them,
 *     nearest first (ties to the lower link id).  Each gives a snap: the
 *     nearest point on that link (exact point-to-polyline distance), the
 *     off-road leg walked at walk_kmh.  The first is the snap of snap.h.
 *   - snap = node: the nearest usable node within max_snap_m (ties to the
 *     lower node id), no off-road leg: one access snap at most.
 * A point's time to a site is the least over its access snaps (demand.h);
 * a catchment cell's time is the same rule at the cell's centre
 * (catchment.h), so the drawn area and the counts agree.
 *
 * Ownership and threads: sp_access_new() keeps a pointer to g (which must
 * outlive the index) and copies what else it needs; afterwards the index is
 * read-only and any number of threads may query it at once.
 */
#ifndef SP_ACCESS_H
#define SP_ACCESS_H

#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "reach.h"
#include "scenario.h"
#include "status.h"

/* At most this many access links per point. */
#define SP_ACCESS_MAX 4
/* Links this much farther than the nearest one still count (metres). */
#define SP_ACCESS_EXTRA_M 100.0

typedef struct sp_access sp_access;

/* Whether a point may be tied to link l: both ends in the main piece, open
 * in some direction, of a class with roadside access (access: per road
 * class index, 1 = yes; NULL = every class). */
int sp_access_link_usable(const sp_graph *g, int32_t l, const unsigned char *access,
                          int n_access);

/* Index the usable links (snap = edge) or the ends of usable links (snap =
 * node) of g.  OUT: *out (sp_access_free).  SP_E_NOMEM. */
sp_status sp_access_new(const sp_graph *g, sp_snap_rule rule, const unsigned char *access,
                        int n_access, sp_access **out);
void sp_access_free(sp_access *a);

/* The rule the index was built for. */
sp_snap_rule sp_access_rule(const sp_access *a);

/* The access snaps of (x, y) under the rule above, nearest first, into
 * out[0 .. SP_ACCESS_MAX); returns how many (0 when nothing usable lies
 * within max_snap_m). */
int sp_access_point(const sp_access *a, double x, double y, double max_snap_m, double walk_kmh,
                    sp_snap *out);

/* Nearest point on a polyline of n vertices: distance, position along it
 * (metres from the first vertex) and the point.  The one distance rule of
 * snapping (snap.h) and access. */
double sp_snap_polyline(const double *xy, uint32_t n, double x, double y,
                        double *s_along, double *px, double *py);

/* One access entry of a lattice cell: compact form of a snap. */
typedef struct {
    int32_t id;       /* link (snap = edge) or node (snap = node) */
    float s;          /* position along the link, metres (0 for a node) */
    float offroad_s;  /* seconds of the off-road leg (0 for a node) */
} sp_access_entry;

/* The access entries of every cell of a lattice block: cells of cell_m
 * metres on the global lattice (cell (col, row) is the square
 * [col * cell_m, (col + 1) * cell_m) x [row * cell_m, (row + 1) * cell_m)),
 * columns col0 .. col0 + nx - 1, rows row0 .. row0 + ny - 1, each cell's
 * rule applied at its centre.  cell k = (row - row0) * nx + (col - col0)
 * gets count[k] entries (0 .. SP_ACCESS_MAX) at ent[k * SP_ACCESS_MAX].
 * Gives the same entries as sp_access_point() at each centre (computed by
 * pushing each nearby link segment into the cells around it, and looking
 * up the few cells that push cannot settle).  count and ent are sized by
 * the caller: nx * ny and nx * ny * SP_ACCESS_MAX. */
void sp_access_block(const sp_access *a, double cell_m, int64_t col0, int64_t row0, int nx,
                     int ny, double max_snap_m, double walk_kmh, uint8_t *count,
                     sp_access_entry *ent);

#endif
