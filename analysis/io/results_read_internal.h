/* results_read_internal.h — shared by results_read.c (folder, summary, CSV files)
 * and results_layers.c (the GeoPackage layers).  Not a public header. */
#ifndef SP_RESULTS_INTERNAL_H
#define SP_RESULTS_INTERNAL_H

#include <gdal.h>

#include "results_read.h"

/* Read every layer of the open GeoPackage at path into d (checked against
 * the schema; recommendations only when d->sum.has_siting). */
sp_status sp__results_read_layers(sp_results *d, GDALDatasetH ds, const char *path);

void sp__rshape_free(sp_rshape *s);

#endif
