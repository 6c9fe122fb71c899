/* gpkgout.h — writing results.gpkg through GDAL's GeoPackage driver: the
 * file under its temporary name, its spatial reference, and the schema's
 * layers and features (the one place results.c, results_mobile.c and
 * roadslayer.c create them).
 *
 * Same inputs, same bytes: GDAL's OGR_CURRENT_DATE is pinned, no spatial
 * index is built, and the caller writes features in a fixed order.
 * Ownership: the dataset and spatial reference are the caller's
 * (GDALClose, OSRDestroySpatialReference); sp_gpkg_put() takes the
 * feature and geometry.
 * Errors: sp_gpkg_create() returns SP_E_IO naming the file with GDAL's
 * message, SP_E_INTERNAL without a GPKG driver; the layer and put
 * functions return NULL / 0, GDAL's message left in CPLGetLastErrorMsg().
 * Threads: sp_gpkg_create() sets a process-wide GDAL option, so call it
 * from the thread that starts the others; a dataset is used by one thread
 * at a time.
 */
#ifndef SP_GPKGOUT_H
#define SP_GPKGOUT_H

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stddef.h>

#include "schema.h"
#include "status.h"

/* Create dir/results.gpkg's temporary file (output.h) and start its one
 * transaction.  OUT: *ds; tmp (tmp_len bytes) gets the temporary path
 * either way. */
sp_status sp_gpkg_create(const char *dir, char *tmp, size_t tmp_len, GDALDatasetH *ds);

/* The spatial reference of CRS definition def, traditional GIS axis order. */
OGRSpatialReferenceH sp_gpkg_srs(const char *def);

/* The schema's layer id in ds with its fields, in table order (t overrides
 * the table's geometry type unless wkbNone); NULL on failure. */
OGRLayerH sp_gpkg_layer(GDALDatasetH ds, sp_schema_layer_id id, OGRSpatialReferenceH srs,
                        OGRwkbGeometryType t);

/* Add feature f with geometry g (taken; may be NULL) to l; destroys f.
 * 1 on success. */
int sp_gpkg_put(OGRLayerH l, OGRFeatureH f, OGRGeometryH g);

/* Remove a temporary GeoPackage and SQLite's rollback journal beside it. */
void sp_gpkg_remove(const char *tmp);

#endif
