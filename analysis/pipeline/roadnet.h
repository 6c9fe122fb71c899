/* roadnet.h — sp_network: the road network loaded once and shared, read-only,
 * by every scenario and thread that runs on it.
 *
 * A network holds, in one working CRS (metres):
 *   - the roads of the network layer, read once (io/roads.h);
 *   - one or more *travel setups* (sp_netmode): a mode with its speed table
 *     (built-in or a profile CSV), maxspeed rule and cost changes ([changes]
 *     close_roads and speed, changes.h), each with the mode's
 *     topology (shared by the setups of one mode and table), its own travel
 *     cost layer over it (net/costs.h), the graph view of both, and a
 *     snapping index per snap rule asked for;
 *   - a content fingerprint (FNV-1a over the roads' attributes and
 *     geometry), equal for equal content.
 *
 * Life cycle: sp_network_open() reads the network layer (or loads it from
 * the network cache when o->network_cache names a folder, io/netcache.h;
 * the same roads either way) for the travel setup of one scenario; sp_network_add() adds the setup of another scenario (a
 * second mode, another speed table or snap rule) — both only BEFORE the
 * network is shared; afterwards every function here only reads it, and any
 * number of threads may run scenarios on it at once (each with its own
 * sp_ctx, see ctx.h).  sp_network_free() after every user is done.
 *
 * A scenario fits a network when its [inputs] network keys equal the ones
 * the network was read with and its working CRS (if it names one) is the
 * network's; sp_network_setup() finds its travel setup or says, in one line,
 * what does not fit (SP_E_INPUT).
 *
 * Errors: as the network reader (file, layer, field named), SP_E_NOMEM.
 */
#ifndef SP_ROADNET_H
#define SP_ROADNET_H

#include <gdal.h>
#include <stdint.h>

#include "costs.h"
#include "graph.h"
#include "profile.h"
#include "roads.h"
#include "routable.h"
#include "scenario.h"
#include "snap.h"
#include "status.h"
#include "topology.h"

typedef struct sp_network sp_network;

/* One travel setup of a network (borrowed from it; read-only). */
typedef struct {
    sp_mode mode;
    int use_maxspeed;
    char *profile_path;          /* NULL = built-in table */
    char *costs_key;             /* sp_changes_costs_key(): NULL = no cost changes */
    sp_profile profile;
    const sp_topo *topo;         /* the mode's (owned by the network; stats: topo->stats) */
    sp_costs *costs;             /* this setup's travel times */
    sp_graph graph;              /* topo under costs */
    sp_snapper *snapper[2];      /* by sp_snap_rule; NULL = not built */
    int32_t main_nodes;          /* nodes in the largest strongly connected piece */
    sp_unroutable unroutable;    /* roads with no part in that piece (routable.h) */
} sp_netmode;

/* Read the network named by o's [inputs] keys into the working CRS
 * `crs_def` (reason: a phrase for summary.json, e.g. "given in the
 * scenario ([travel] crs)"), and prepare o's travel setup.  progress gets
 * 0..1.  The network keeps its own GEOS and PROJ handles for loading and
 * for its snap index; nothing of the caller's is kept.
 * OUT: *out (sp_network_free). */
sp_status sp_network_open(const sp_options *o, const char *crs_def, const char *crs_reason,
                          GDALProgressFunc progress, void *parg, sp_network **out);

/* Prepare o's travel setup too (nothing when it is there already).  Only
 * before the network is shared.  SP_E_INPUT when o's network keys differ,
 * or when a [changes] close_roads id is not a road of the network or a
 * speed class is not in the mode's speed table (naming the key and id). */
sp_status sp_network_add(sp_network *net, const sp_options *o, GDALProgressFunc progress,
                         void *parg);

/* o's travel setup (borrowed), or NULL with SP_E_INPUT in the error slot
 * when o does not fit this network or its setup was not prepared. */
const sp_netmode *sp_network_setup(const sp_network *net, const sp_options *o);

/* The roads as read (borrowed). */
const sp_roads *sp_network_roads(const sp_network *net);

/* The working CRS definition ("EPSG:32722") and why it was chosen. */
const char *sp_network_crs(const sp_network *net);
const char *sp_network_crs_reason(const sp_network *net);

/* "fnv1a64:0123456789abcdef" (borrowed). */
const char *sp_network_fingerprint(const sp_network *net);

void sp_network_free(sp_network *net);

#endif
