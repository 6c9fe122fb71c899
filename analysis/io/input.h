/* input.h — point layers (clusters, sites, facilities) read through OGR.
 *
 * Contract:
 *   - Any vector format OGR reads.  A layer's features are points, or
 *     polygons/multipolygons represented by a point on their surface
 *     (GEOSPointOnSurface_r, computed in the working CRS); the original
 *     geometry is kept for output.  Tables with coordinate columns (CSV) are
 *     read by naming the columns (opts->x, opts->y).
 *   - The layer's CRS comes from the layer; a layer without one is rejected
 *     unless opts->crs names it.  Coordinate columns without opts->crs are
 *     longitude/latitude in WGS 84 (EPSG:4326).
 *   - Weights (clusters): a blank/NULL value counts as 0 and is counted in
 *     n_blank (the caller warns); a non-numeric, boolean, negative, NaN or
 *     infinite value, or one above SP_MAX_CLUSTER_WORKERS, is an error
 *     naming file, layer, field and line.  CSV fields are read as text
 *     (no type sniffing) and numbers through sp_number_parse.
 *   - Coordinates: every coordinate must be finite; in a geographic CRS a
 *     longitude in [-180, 180] and a latitude in [-90, 90].  A MultiPoint
 *     of one point is that point; of more points it is an error.
 *   - Text (ids, names) goes through textin.h: UTF-8, or converted from
 *     opts->encoding (a Shapefile gets it as its ENCODING open option); a
 *     layer whose driver reads UTF-8 itself and an encoding key is an error.
 *   - Capacities (opts->capacity named: sites, facilities, candidates,
 *     add_sites): the field must exist; a value is a plain number from 0 to
 *     SP_CAPACITY_MAX (a non-numeric, boolean, negative, NaN, infinite or
 *     larger value is an error naming file, layer, field and line); a
 *     blank is kept as NAN until sp_points_capacity_finish() gives it the
 *     default, with one warning counting them.
 *   - CSV lines in messages are physical lines (csvlines.h).
 *   - No feature is dropped: a feature without geometry, an empty or invalid
 *     geometry, or a non-point/polygon geometry is an error naming it.
 *   - Ids: the id field's text (or the FID when no id field is named); a
 *     duplicate id is an error.
 *   - Reading happens in two steps: sp_points_read() in the source CRS, then
 *     sp_points_project() into the working CRS once it is chosen.
 */
#ifndef SP_INPUT_H
#define SP_INPUT_H

#include <geos_c.h>
#include <stddef.h>

#include "crs.h"
#include "scenario.h"
#include "status.h"

/* The most workers one cluster may hold: a larger count is a unit or
 * export mistake, and the limit keeps every sum of weights finite and
 * exact (README "Inputs"). */
#define SP_MAX_CLUSTER_WORKERS 10000000.0

typedef struct {
    size_t n;
    char **id;            /* n owned strings */
    char **name;          /* n owned strings or NULL entries */
    double *weight;       /* n (0 when the layer has no weight) */
    long *row;            /* n: CSV line number, or FID for other formats */
    double *xy;           /* 2n: representative point (working CRS after project) */
    GEOSGeometry **geom;  /* n: original geometry (working CRS after project) */
    int any_polygon;
    long n_blank;         /* blank weights counted as 0 */
    char *what;           /* "file, layer L" for messages */
    char *src_crs;        /* source CRS definition (WKT or user string) */
    int row_is_line;      /* row[] holds CSV line numbers */
    /* [capacity]: n capacities in workers, INFINITY = unlimited (after
     * sp_points_capacity_finish; as read before: the field's values as
     * written, NAN = blank); NULL when capacity is off */
    double *capacity;
    int capacity_field;   /* 1 when the values came from a field (opts->capacity) */
} sp_points;

/* Read a layer.  role is "clusters", "sites" or "facilities" (for
 * messages); weight_field may be NULL.  OUT: *out (sp_points_free). */
sp_status sp_points_read(const sp_layer_opts *opts, const char *role,
                         const char *weight_field, GEOSContextHandle_t gctx,
                         sp_points **out);

/* Capacity on (o->capacity_on): make p->capacity workers.  Field values
 * are divided by [capacity] visits_per_worker when given; blanks, and every
 * row when the layer has no capacity field, take the default
 * (sp_options_capacity_default(o, new_site)); blanks are reported in one
 * warning naming the file, layer, field, their count and the first row.
 * field: the capacity field's name (for the warning).  SP_E_NOMEM only. */
sp_status sp_points_capacity_finish(sp_points *p, const sp_options *o, const char *field,
                                    int new_site);

/* Reproject everything into the working CRS and compute the representative
 * points. */
sp_status sp_points_project(sp_points *p, sp_crs *crs,
                            GEOSContextHandle_t gctx);

/* Centre of the bounding box of the representative points, in lon/lat
 * (call before project). */
sp_status sp_points_center_lonlat(const sp_points *p, double *lon, double *lat);

/* "line 17" or "feature 17" for row i. */
void sp_points_row_label(const sp_points *p, size_t i, char *buf, size_t len);

void sp_points_free(sp_points *p, GEOSContextHandle_t gctx);

#endif
