/* hierarchy.h — a contraction hierarchy of a graph's cost layer, and
 * one-to-all searches over it by a linear sweep (PHAST): the many-to-many
 * engine for coverage matrices whose searches reach most of the network.
 *
 * Building contracts the nodes one by one, least important first (edge
 * difference plus contracted neighbours, lazily updated; ties by node id, so
 * the order is deterministic).  Contracting v adds a shortcut u -> w for
 * each pair of its neighbours whose best path runs through v, unless a
 * bounded witness search finds another path no longer (a search that gives
 * up adds the shortcut: more shortcuts, never a wrong time).  A node's
 * remaining arcs, all to nodes contracted later, are its upward arcs.
 *
 * A search from seeds (sp_hierarchy_run) is an upward Dijkstra from the
 * seeds over the upward arcs, then one pass over every node from the most
 * important down, each taking the least over its upward arcs of arc + time
 * of the node above: a sequential sweep instead of a priority queue.  It
 * gives every node's shortest time, as sp_search_run() does, with one
 * difference in the last bits: a shortcut's time is the sum of its links
 * taken first, so a path's time is added up in another order (a few units
 * in the last place of a double; README.md, "Travel times").  Its
 * work is the same whatever the limit: worth it when a search would settle a
 * large part of the network anyway (sp_hierarchy_worth()).
 *
 * Contract:
 *   - sp_hierarchy_build() reads g (its topology and cost layer) and keeps
 *     nothing of it but its node count and cost arrays' identity; the
 *     hierarchy may only be used with that graph (sp_hierarchy_run checks).
 *     Single-threaded (0.1 s on the bundled car network), with GDAL-style
 *     progress.  Errors: SP_E_NOMEM; SP_E_CANCEL when progress says stop.
 *   - A built hierarchy is immutable: any number of threads may run
 *     searches over it at once, each with its own sp_search workspace.
 *   - sp_hierarchy_run() fills the workspace as sp_search_run() would
 *     (sp_search_dist, sp_search_dists, sp_search_settled), except that the
 *     settled list is in the hierarchy's order, not by time, and no
 *     predecessors are kept (routes off for that result).  It allocates one
 *     double per node in the workspace on its first run (SP_E_NOMEM).
 */
#ifndef SP_HIERARCHY_H
#define SP_HIERARCHY_H

#include <stddef.h>
#include <stdint.h>

#include <gdal.h>

#include "graph.h"
#include "search.h"
#include "status.h"

typedef struct sp_hierarchy sp_hierarchy;

/* The hierarchy of g.  OUT: *out (sp_hierarchy_free), or NULL with SP_OK
 * when the network is too dense to pay (more than 8 shortcuts per arc and
 * node: the caller runs plain searches).  progress (may be NULL) gets the
 * share of the nodes contracted, 0 .. 1; when it returns 0 the build stops
 * with SP_E_CANCEL. */
sp_status sp_hierarchy_build(const sp_graph *g, GDALProgressFunc progress, void *progress_arg,
                             sp_hierarchy **out);

/* The same with another cap on shortcuts per arc and node (tests). */
sp_status sp_hierarchy_build_capped(const sp_graph *g, int max_per_arc, sp_hierarchy **out);

void sp_hierarchy_free(sp_hierarchy *h);

/* Shortcuts added, upward arcs in all (original arcs + shortcuts). */
int64_t sp_hierarchy_shortcuts(const sp_hierarchy *h);
int64_t sp_hierarchy_arcs(const sp_hierarchy *h);

/* Invariant check (positions a permutation, every upward arc to a position
 * above its node's, costs >= 0): SP_OK or SP_E_INTERNAL with a message.
 * O(nodes + arcs): for tests. */
sp_status sp_hierarchy_check(const sp_hierarchy *h);

/* Memory held, in bytes. */
size_t sp_hierarchy_bytes(const sp_hierarchy *h);

/* A search from the seeds up to and including limit_s, as sp_search_run()
 * (seeds checked the same way; SP_E_INTERNAL for a graph the hierarchy was
 * not built from). */
sp_status sp_hierarchy_run(const sp_hierarchy *h, sp_search *ws, const sp_graph *g,
                           sp_direction dir, const sp_seed *seeds, size_t n_seeds,
                           double limit_s);

/* The rule for using a hierarchy for n_searches searches over g, given that
 * a plain search from a typical seed settled `settled` nodes: 1 when the
 * searches would settle at least a quarter of the network on average and
 * there are enough of them to repay the build (README.md, "Travel times"). */
int sp_hierarchy_worth(const sp_graph *g, int64_t n_searches, int64_t settled);

#endif
