/* roadslayer.h — results.gpkg's roads layer, and the GeoPackage begun early
 * with it on a thread of its own while the scenario is snapped and analysed.
 *
 * The roads layer (results schema: one line per link of the scenario's
 * graph, with its class, name, main and oneway) depends on the network
 * alone.  At province scale it is most of the write: 2.8 million links at
 * K = 12 by car take about 10 s of GDAL's GeoPackage writing, while the
 * snapping that follows the network load keeps one core only.
 *
 *   sp_roads_layer_put() writes the layer into an open GeoPackage (the
 *   writer's sequential path, results.c).
 *   sp_gpkg_begin() creates DIR/results.gpkg under its temporary name
 *   (gpkgout.h), opens its one transaction, and writes the roads layer on a
 *   new thread; sp_gpkg_take() stops that thread at its next link, writes
 *   the links it had not reached on the caller's thread, and hands the open
 *   dataset over (the writer adds the other layers, commits, closes and
 *   renames it, results.c); sp_gpkg_abort() stops the thread at its next
 *   link, closes the dataset and removes the file.
 * Either way the roads layer is the GeoPackage's first table, so the file is
 * the same bytes whichever path wrote it (tests/unit/test_results.c).
 *
 * Ownership: sp_gpkg_begin() hands over a new sp_gpkg_early, released by
 * exactly one of sp_gpkg_take() (which returns the dataset, owned by the
 * caller from then on) or sp_gpkg_abort() (NULL safe).
 * Errors: SP_E_IO naming the file, with GDAL's message (from begin, when the
 * file cannot be created; from take, when writing failed); SP_E_NOMEM.
 * Threads: begin, take and abort from one thread.  The network (and its
 * setup for o) must stay alive, and is only read, until take or abort
 * returns; GDAL is used on the new thread for this dataset alone.  The
 * thread runs at idle priority (SCHED_IDLE): it takes a core only when the
 * load or the analysis leaves one idle, so it does not slow the searches
 * (run at normal priority, it cost them more than it saved: K = 12 by car
 * 0.98x wall in 2 pairs, against 0.88x at idle priority in 5).  Its
 * priority cannot be raised again without privileges, hence the handover
 * in take: on a machine kept busy by other work the rest of the layer is
 * written at the caller's priority, never waited for at idle priority.
 */
#ifndef SP_ROADSLAYER_H
#define SP_ROADSLAYER_H

#include <gdal.h>
#include <ogr_srs_api.h>
#include <stdatomic.h>

#include "gpkgout.h"
#include "roadnet.h"
#include "scenario.h"
#include "status.h"

/* The roads layer of setup m (roads: its network's) into ds; 1 on success. */
int sp_roads_layer_put(GDALDatasetH ds, OGRSpatialReferenceH srs, const sp_netmode *m,
                       const sp_roads *roads);

/* Rows *next .. end-1 (clamped to the links) of the roads layer l
 * (sp_gpkg_layer(ds, SP_L_ROADS, ...)), advancing *next past each row
 * written; *stop, when not NULL, is polled before each row, and when set
 * the rows stop there.  Rows written in pieces, from any threads one at a
 * time, give the same layer as in one go.  1 unless a write failed. */
int sp_roads_layer_rows(OGRLayerH l, const sp_netmode *m, const sp_roads *roads, int32_t *next,
                        int32_t end, const atomic_int *stop);

typedef struct sp_gpkg_early sp_gpkg_early;

/* Begin dir/results.gpkg for a run of o on net (o's travel setup), the
 * roads layer being written on a new thread.  OUT: *out. */
sp_status sp_gpkg_begin(const sp_network *net, const sp_options *o, const char *dir,
                        sp_gpkg_early **out);

/* Wait for e's roads layer; on success the open dataset (its transaction
 * open), its temporary path in tmp, the travel setup it was written for in
 * *setup and the CRS definition its layer carries in *crs_def (both the
 * network's).  e is released either way. */
sp_status sp_gpkg_take(sp_gpkg_early *e, GDALDatasetH *ds, char *tmp, size_t tmp_len,
                       const sp_netmode **setup, const char **crs_def);

/* Stop e's thread, close and remove its file, release e.  NULL safe. */
void sp_gpkg_abort(sp_gpkg_early *e);

#endif
