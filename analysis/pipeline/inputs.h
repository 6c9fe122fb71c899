/* inputs.h — one scenario's inputs bound to a shared network.
 *
 * sp_inputs is what the analysis reads: borrowed views of the shared
 * sp_network (o's travel setup: graph, speeds, road names), of the
 * scenario's sp_siteset and of the calling thread's sp_ctx, plus the snaps
 * of every point, which it owns (they depend on the network and the snap
 * keys, so they belong to neither).  It is valid while the network, the site
 * set and the ctx live; use it from the ctx's thread.
 *
 * sp_load() is what a stand-alone run does: a new ctx, the site set, the
 * working CRS, the network read for this scenario only, and the binding,
 * all owned by one sp_loaded.
 */
#ifndef SP_INPUTS_H
#define SP_INPUTS_H

#include <gdal.h>
#include <geos_c.h>
#include <stdint.h>

#include "crs.h"
#include "demand.h"
#include "ctx.h"
#include "graph.h"
#include "roadslayer.h"
#include "input.h"
#include "roads.h"
#include "profile.h"
#include "reach.h"
#include "roadnet.h"
#include "scenario.h"
#include "siteset.h"
#include "status.h"

typedef struct {
    /* borrowed */
    const sp_network *network;
    const sp_netmode *setup;   /* o's travel setup of the network */
    const sp_siteset *set;
    sp_ctx *ctx;
    /* borrowed views, for the writers */
    GEOSContextHandle_t gctx;  /* the ctx's */
    sp_crs *crs;               /* the ctx's working CRS */
    const char *crs_reason;
    const sp_profile *profile;
    const sp_graph *graph;     /* topo under costs */
    const sp_roads *roads;     /* the network layer as read */
    const sp_topo *topo;       /* the mode's topology (stats: topo->stats) */
    const sp_costs *costs;     /* the setup's travel times */
    const sp_points *clusters, *sites, *facilities, *candidates;
    int32_t n_sites;           /* sites + facilities */
    int32_t main_nodes;        /* nodes in the largest component */
    int32_t clusters_near_edge;/* clusters within max_snap_m of the edge of the network's
                                  extent (or beyond it): their travel may leave the extract */
    int32_t sites_near_edge;   /* the same, of the sites */
    /* owned */
    sp_snap *cl_snap;          /* per cluster */
    sp_demand *demand;         /* the clusters' demand points and their index */
    double *demand_xy;         /* 2 per demand point: where it lies (working CRS); a point
                                  cluster's is its representative point */
    int32_t demand_unsnapped;  /* demand points of area clusters beyond max_snap_m (never
                                  covered; one warning counts them) */
    int weight_from_area;      /* 1 when clusters.weight is an area expression (area * N/ha):
                                  the workers are an estimate */
    uint8_t *cluster_gated;    /* per cluster: 1 when it is an area reached only through its
                                  entrances (clusters.entrances, areas.h); NULL when no
                                  entrances layer is given */
    sp_snap *site_snap;        /* per site (stations first, then facilities) */
    sp_snap *cand_snap;        /* per candidate, or NULL */
    double load_seconds;
} sp_inputs;

/* Site index -> its layer (sites or facilities) and row there. */
const sp_points *sp_inputs_site_layer(const sp_inputs *in, int32_t site, size_t *row);

/* SP_KIND_STATION or SP_KIND_FACILITY (schema.h). */
const char *sp_inputs_site_kind(const sp_inputs *in, int32_t site);

/* Snap set's points onto o's travel setup of net (warning about far and
 * unreachable points; a point beyond reject_snap_m is SP_E_INPUT).  ctx must
 * hold the network's working CRS.  OUT: *out (sp_inputs_free). */
sp_status sp_inputs_bind(const sp_network *net, const sp_siteset *set, sp_ctx *ctx,
                         const sp_options *o, sp_inputs **out);
void sp_inputs_free(sp_inputs *in);

/* What a stand-alone run loads for itself; owns all of it. */
typedef struct {
    sp_ctx *ctx;
    sp_network *network;
    sp_siteset *set;
    sp_inputs *in;
    sp_gpkg_early *early;   /* sp_load_early's results.gpkg being begun, or NULL;
                               a caller that takes it sets this to NULL */
} sp_loaded;

/* Read o's site set, choose the working CRS, read the network for o and
 * bind them.  OUT: *out (sp_loaded_free). */
sp_status sp_load(const sp_options *o, GDALProgressFunc progress, void *parg, sp_loaded **out);
/* The same; when gpkg_dir is not NULL, also begin gpkg_dir/results.gpkg
 * with its roads layer on a thread of its own (roadslayer.h) as soon as the
 * network is open, before the site set is snapped to it: (*out)->early. */
sp_status sp_load_early(const sp_options *o, const char *gpkg_dir, GDALProgressFunc progress,
                        void *parg, sp_loaded **out);
/* Stops and removes l->early first (it reads the network), then frees. */
void sp_loaded_free(sp_loaded *l);

#endif
