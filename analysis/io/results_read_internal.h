/* results_read_internal.h — shared by results_read.c (folder, summary, CSV files),
 * results_layers.c (the GeoPackage layers) and results_mobile_read.c (the
 * [mobile] parts).  Not a public header. */
#ifndef SP_RESULTS_INTERNAL_H
#define SP_RESULTS_INTERNAL_H

#include <gdal.h>
#include <ogr_api.h>

#include "results_read.h"

/* Read every layer of the open GeoPackage at path into d (checked against
 * the schema; recommendations only when d->sum.has_siting). */
sp_status sp__results_read_layers(sp_results *d, GDALDatasetH ds, const char *path);

void sp__rshape_free(sp_rshape *s);

/* The layer being read, and the first value out of range in it (its error
 * is set once, through sp_error; the read goes on to the end of the layer
 * and then fails). */
typedef struct {
    const char *path, *layer;
    int bad;
} sp__rd;

/* Report value v of field (NULL: the geometry) of f as not `what`. */
void sp__rd_bad(sp__rd *cx, OGRFeatureH f, const char *field, double v, const char *what);
/* Field i: an owned copy (NULL when null); a number finite within
 * +-SP_RESULTS_MAX_ABS (dflt when null); a count 0 .. SP_RESULTS_MAX_COUNT. */
char *sp__rd_str(OGRFeatureH f, int i);
double sp__rd_num(sp__rd *cx, OGRFeatureH f, int i, double dflt);
int sp__rd_int(sp__rd *cx, OGRFeatureH f, int i, int dflt);
/* Coordinates finite and within +-SP_RESULTS_MAX_ABS. */
void sp__rd_xy(sp__rd *cx, OGRFeatureH f, const double *xy, size_t n_points);
/* A point geometry's coordinates (or a point on a surface); 0 when none. */
int sp__rd_point(sp__rd *cx, OGRFeatureH f, OGRGeometryH g, double *x, double *y);

/* Open the results CSV dir/file (its header checked before) with GDAL's CSV
 * driver, every field a string (AUTODETECT_TYPE=NO); count its rows (at most
 * INT32_MAX / 8) and allocate *rows zeroed, *n rows of row_size (room for one
 * when none).  path (path_len bytes) gets dir/file, for messages.  On SP_OK the
 * caller owns *ds (GDALClose; *l is its layer) and *rows (free); on an error
 * (set through sp_error: SP_E_IO cannot open, SP_E_INPUT cannot count its
 * rows, SP_E_NOMEM) nothing is left open or allocated. */
sp_status sp__results_open_csv_rows(const char *dir, const char *file, char *path, size_t path_len,
                                    GDALDatasetH *ds, OGRLayerH *l, void **rows, size_t row_size, size_t *n);

/* ---- [mobile] (results_mobile_read.c; only when d->sum.has_mobile) ---- */
/* summary.json "mobile" filled into d->sum and checked beyond the schema's
 * types (units, days and blocks consistent, day_start a clock time). */
sp_status sp__results_mobile_summary(sp_results *d, const char *path);
/* The layers (ix: the schema field -> layer field index; n features). */
sp_status sp__results_read_mroutes(sp__rd *cx, sp_results *d, OGRLayerH l, const int *ix, int n);
sp_status sp__results_read_mstops(sp__rd *cx, sp_results *d, OGRLayerH l, const int *ix, int n);
/* mobile_schedule.csv (its header checked before). */
sp_status sp__results_read_msched(sp_results *d, const char *dir);
void sp__results_free_mobile(sp_results *d);

#endif
