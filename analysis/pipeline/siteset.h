/* siteset.h — sp_siteset: the places one scenario works with — its worker
 * clusters, existing stations (sites), other health facilities and
 * candidate sites — read from the layers its scenario names.
 *
 * Unlike the road network, a site set changes from scenario to scenario
 * (close a station, add candidates), so it is its own object: many site
 * sets can run over one shared sp_network.
 *
 * Life cycle: sp_siteset_read() reads every layer in its own CRS;
 * sp_siteset_working_crs() says which working CRS the scenario asks for;
 * sp_siteset_project() moves everything into the working CRS.  After that
 * the set is read-only and may be used from any thread (it keeps its own
 * GEOS handle for freeing).  Errors name the file, layer, field and line
 * (input.h).
 *
 * Sites are indexed 0..n_sites-1: the stations first, then the facilities;
 * both count as coverage.  With [capacity] (o->capacity_on) every layer's
 * sp_points.capacity holds its capacities in workers (input.h); without
 * it, NULL and the capacity fields are not read.
 */
#ifndef SP_SITESET_H
#define SP_SITESET_H

#include <geos_c.h>
#include <stddef.h>
#include <stdint.h>

#include "crs.h"
#include "input.h"
#include "scenario.h"
#include "status.h"

typedef struct sp_siteset sp_siteset;

struct sp_siteset {
    sp_points *clusters;    /* owned */
    sp_points *sites;       /* owned; NULL when none given */
    sp_points *facilities;  /* owned; NULL when none given */
    sp_points *candidates;  /* owned; [siting] candidates layer, NULL for none or auto */
    /* area clusters (README "Area clusters"): */
    sp_points *weight_points; /* owned; clusters.weight_points, NULL when not given */
    int weight_points_field;  /* 1: weight_points' weights come from clusters.weight_points_weight */
    sp_points *entrances;     /* owned; clusters.entrances (points), NULL when not given */
    double clusters_per_m2;   /* > 0: clusters.weight = area * N/ha, the weights are set by
                                 sp_siteset_project (area in the working CRS x rate) */
    int32_t n_sites;        /* stations + facilities */
    GEOSContextHandle_t gctx; /* owned */
};

/* Read the layers o names (clusters; sites, facilities and candidates when
 * given; clusters.weight_points and clusters.entrances when given) and warn
 * about blank weights.  clusters.weight = area * N/ha with a cluster that is
 * not a polygon, or an entrance that is not a point, is SP_E_INPUT naming
 * the scenario file, [inputs], the key and the feature.
 * OUT: *out (sp_siteset_free). */
sp_status sp_siteset_read(const sp_options *o, sp_siteset **out);

/* The working CRS o asks for: [travel] crs when given, else the UTM zone of
 * the clusters' centre.  OUT: def (e.g. "EPSG:32722") and reason (a phrase
 * for summary.json).  SP_E_CRS when the centre has no UTM zone. */
sp_status sp_siteset_working_crs(const sp_siteset *s, const sp_options *o, char *def,
                                 size_t def_len, char *reason, size_t reason_len);

/* Reproject every layer into crs (the caller's; used here only).  With
 * clusters.weight = area * N/ha, each cluster's workers become its area in
 * crs x the rate; more than SP_MAX_CLUSTER_WORKERS is SP_E_INPUT naming the
 * cluster.  A weight_points feature without a weight field gets its area
 * (a polygon, m^2) or 1 (a point) as its weight. */
sp_status sp_siteset_project(sp_siteset *s, sp_crs *crs);

/* Site index -> its layer (sites or facilities) and row there. */
const sp_points *sp_siteset_site(const sp_siteset *s, int32_t site, size_t *row);

/* SP_KIND_STATION or SP_KIND_FACILITY (schema.h). */
const char *sp_siteset_site_kind(const sp_siteset *s, int32_t site);

void sp_siteset_free(sp_siteset *s);

#endif
