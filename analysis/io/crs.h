/* crs.h — the one projected metric CRS every stage works in, and
 * reprojection into it with PROJ.
 *
 * Contract:
 *   - The working CRS is the user's ([travel] crs, any string PROJ accepts,
 *     e.g. "EPSG:32650") or, by default, the WGS 84 / UTM zone of the
 *     clusters' centre (sp_crs_utm_epsg).  It must be a projected CRS with
 *     metre axes; anything else is SP_E_CRS.
 *   - Transformations accept coordinates in the source CRS's traditional GIS
 *     order (x = easting or longitude, y = northing or latitude) whatever the
 *     authority's axis order: proj_normalize_for_visualization() is applied.
 *   - An sp_crs owns its PJ_CONTEXT: use it from one thread at a time.
 */
#ifndef SP_CRS_H
#define SP_CRS_H

#include <stddef.h>

#include "status.h"

typedef struct sp_crs sp_crs;
typedef struct sp_xform sp_xform;

/* EPSG code of the WGS 84 / UTM zone for (lon, lat) in degrees: 326zz north
 * of the equator, 327zz south, with the Norway and Svalbard exceptions.
 * Returns 0 for coordinates out of range. */
int sp_crs_utm_epsg(double lon, double lat);

/* Create the working CRS from a definition (e.g. "EPSG:32722").
 * OUT: *out (sp_crs_free). */
sp_status sp_crs_new(const char *definition, sp_crs **out);
void sp_crs_free(sp_crs *c);

/* "EPSG:32722" (or the definition given) and the CRS as WKT (borrowed). */
const char *sp_crs_name(const sp_crs *c);
const char *sp_crs_wkt(const sp_crs *c);

/* A transformation from src_def (WKT or any PROJ string) into the working
 * CRS (to_working = 1) or from the working CRS to src_def (to_working = 0).
 * `what` names the input for messages ("clusters.csv, layer poa").
 * OUT: *out (sp_xform_free). */
sp_status sp_xform_new(sp_crs *c, const char *src_def, int to_working,
                       const char *what, sp_xform **out);
void sp_xform_free(sp_xform *x);

/* Transform n interleaved (x, y) pairs in place.  Points that cannot be
 * transformed become HUGE_VAL and make the call return SP_E_CRS. */
sp_status sp_xform_apply(sp_xform *x, double *xy, size_t n);

/* Transform the coordinates of a GEOS geometry (a new geometry is returned,
 * the input is not modified).  Implemented with GEOSGeom_transformXY_r. */
struct GEOSGeom_t;
struct GEOSContextHandle_HS;
sp_status sp_xform_geom(sp_xform *x, struct GEOSContextHandle_HS *gctx,
                        const struct GEOSGeom_t *in, struct GEOSGeom_t **out);



/* Longitude/latitude (degrees, WGS 84) of a point given in src_def. */
sp_status sp_crs_to_lonlat(const char *src_def, double x, double y,
                           double *lon, double *lat);
#endif
