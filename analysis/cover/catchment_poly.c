/* catchment_poly.c — stage 2 of catchment.c: mask each threshold of the
 * time grid, polygonise the mask with GDALPolygonize, and check (and if
 * need be repair) the pieces' validity
 * (sp_isogrid_polygons, sp__catchment_pieces_valid).  See catchment.h for
 * the method and catchment.c for the overview of the three stages.
 */
#include "catchment_private.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <ogr_api.h>

/* ------------------------------------------------------------------------ */
/* Grid                                                                     */

typedef struct {
    int64_t col0, row_top; /* lattice index of column 0 and of row 0 */
    int nx, ny;
    double x0, ytop;       /* corner of cell (0, 0): x0 = col0 * cell, ... */
} grid_geom;

/* ------------------------------------------------------------------------ */
/* Polygons                                                                 */

sp_status sp__gdal_mem_drivers(const char *what, GDALDriverH *mem, GDALDriverH *vmem)
{
    *mem = GDALGetDriverByName("MEM");
    *vmem = GDALGetDriverByName("Memory");
    if (!*mem || !*vmem) {
        GDALAllRegister();
        *mem = GDALGetDriverByName("MEM");
        *vmem = GDALGetDriverByName("Memory");
    }
    if (!*mem || !*vmem)
        return sp_error(SP_E_INTERNAL, "%s: GDAL has no MEM raster or Memory vector driver", what);
    return SP_OK;
}

sp_status sp__polygonize_band(GDALDriverH vmem, GDALRasterBandH band, const char *what,
                              const char *field, GDALDatasetH *vds, OGRLayerH *layer)
{
    *vds = GDALCreate(vmem, "", 0, 0, 0, GDT_Unknown, NULL);
    *layer = *vds ? GDALDatasetCreateLayer(*vds, what, NULL, wkbPolygon, NULL) : NULL;
    OGRFieldDefnH fd = OGR_Fld_Create(field, OFTInteger);
    int field_ok = *layer && OGR_L_CreateField(*layer, fd, TRUE) == OGRERR_NONE;
    OGR_Fld_Destroy(fd);
    if (!field_ok)
        return sp_error(SP_E_INTERNAL, "%s: cannot create a Memory layer: %s", what,
                        CPLGetLastErrorMsg());
    if (GDALPolygonize(band, band, *layer, 0, NULL, NULL, NULL) != CE_None)
        return sp_error(SP_E_INTERNAL, "%s: GDALPolygonize failed: %s", what,
                        CPLGetLastErrorMsg());
    return SP_OK;
}

static GEOSGeometry *empty_multipolygon(GEOSContextHandle_t gctx)
{
    return GEOSGeom_createEmptyCollection_r(gctx, GEOS_MULTIPOLYGON);
}

/* Append the polygons of g (recursively through collections) as clones. */
static int collect_polygons(GEOSContextHandle_t gctx, const GEOSGeometry *g,
                            GEOSGeometry ***parts, size_t *n, size_t *cap)
{
    int type = GEOSGeomTypeId_r(gctx, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(gctx, g) == 1)
            return 1;
        if (*n == *cap) {
            size_t ncap = *cap ? 2 * *cap : 16;
            GEOSGeometry **p = sp_realloc_n(*parts, ncap, sizeof *p);
            if (!p)
                return 0;
            *parts = p;
            *cap = ncap;
        }
        GEOSGeometry *c = GEOSGeom_clone_r(gctx, g);
        if (!c)
            return 0;
        (*parts)[(*n)++] = c;
        return 1;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int k = GEOSGetNumGeometries_r(gctx, g);
        for (int i = 0; i < k; i++)
            if (!collect_polygons(gctx, GEOSGetGeometryN_r(gctx, g, i), parts, n, cap))
                return 0;
    }
    return 1; /* points and lines are dropped */
}

/* Make mp (consumed) valid, keeping only polygonal parts; NULL on failure. */
GEOSGeometry *sp__catchment_repair(GEOSContextHandle_t gctx, GEOSGeometry *mp)
{
    GEOSGeometry *fixed = GEOSMakeValid_r(gctx, mp);
    GEOSGeom_destroy_r(gctx, mp);
    if (!fixed)
        return NULL;
    GEOSGeometry **parts = NULL;
    size_t n = 0, cap = 0;
    GEOSGeometry *out = NULL;
    if (collect_polygons(gctx, fixed, &parts, &n, &cap)) {
        out = n ? GEOSGeom_createCollection_r(gctx, GEOS_MULTIPOLYGON, parts,
                                              (unsigned)n)
                : empty_multipolygon(gctx);
        if (out || !n)
            n = 0; /* the collection took the parts */
    }
    for (size_t i = 0; i < n; i++)
        GEOSGeom_destroy_r(gctx, parts[i]);
    free(parts);
    GEOSGeom_destroy_r(gctx, fixed);
    if (out && GEOSisValid_r(gctx, out) != 1) {
        GEOSGeom_destroy_r(gctx, out);
        out = NULL;
    }
    return out;
}

/* GEOS 3.11's IsValidOp locates each hole in its shell without an index, so
 * one piece with H holes and a shell of S vertices costs H * S: seconds for a
 * city-wide union with tens of thousands of unreached blocks.  Above this
 * much work the check is split up (valid_decomposed()). */
#define SP_VALID_DIRECT_WORK 2e7

/* A polygon with ring r (cloned) as its shell and no holes; NULL on error. */
static GEOSGeometry *ring_polygon(GEOSContextHandle_t gctx, const GEOSGeometry *r)
{
    GEOSGeometry *c = r ? GEOSGeom_clone_r(gctx, r) : NULL;
    GEOSGeometry *p = c ? GEOSGeom_createPolygon_r(gctx, c, NULL, 0) : NULL;
    if (c && !p)
        GEOSGeom_destroy_r(gctx, c);
    return p;
}

/* The validity of one polygon with many holes, from checks that each use an
 * index: the shell alone is valid; the holes, taken as polygons, form a
 * valid MultiPolygon (each ring simple, interiors disjoint, touching at
 * points only); and the shell covers every hole (prepared).  For
 * polygonised raster cells the remaining rules (a hole meets the shell at
 * points only; the interior is connected) hold by construction: every cell
 * edge on a boundary belongs to exactly one ring, and GDALPolygonize gives
 * each 4-connected piece its own polygon.  1 valid, 0 invalid, 2 error. */
static char piece_valid_decomposed(GEOSContextHandle_t gctx, const GEOSGeometry *poly)
{
    int nh = GEOSGetNumInteriorRings_r(gctx, poly);
    if (nh < 0)
        return 2;
    GEOSGeometry *shell = ring_polygon(gctx, GEOSGetExteriorRing_r(gctx, poly));
    if (!shell)
        return 2;
    char v = GEOSisValid_r(gctx, shell);
    GEOSGeometry **holes = NULL;
    int n = 0;
    GEOSGeometry *mh = NULL;
    const GEOSPreparedGeometry *ps = NULL;
    if (v != 1 || nh == 0)
        goto done;
    v = 2;
    holes = sp_malloc_n((size_t)nh, sizeof *holes);
    if (!holes)
        goto done;
    for (n = 0; n < nh; n++) {
        holes[n] = ring_polygon(gctx, GEOSGetInteriorRingN_r(gctx, poly, n));
        if (!holes[n])
            goto done;
    }
    mh = GEOSGeom_createCollection_r(gctx, GEOS_MULTIPOLYGON, holes, (unsigned)nh);
    if (!mh)
        goto done;
    n = 0; /* the collection took the holes */
    v = GEOSisValid_r(gctx, mh);
    if (v != 1)
        goto done;
    ps = GEOSPrepare_r(gctx, shell);
    if (!ps) {
        v = 2;
        goto done;
    }
    for (int i = 0; i < nh && v == 1; i++)
        v = GEOSPreparedCovers_r(gctx, ps, GEOSGetGeometryN_r(gctx, mh, i));
done:
    if (ps)
        GEOSPreparedGeom_destroy_r(gctx, ps);
    if (mh)
        GEOSGeom_destroy_r(gctx, mh);
    for (int i = 0; i < n; i++)
        GEOSGeom_destroy_r(gctx, holes[i]);
    free(holes);
    GEOSGeom_destroy_r(gctx, shell);
    return v;
}

/* GEOSisValid_r on the MultiPolygon of polygonised pieces, or, when the
 * holes x shell vertices of all pieces exceed direct_work, per piece:
 * GEOSisValid_r on the pieces below it, piece_valid_decomposed() on the
 * others.  The pieces themselves never overlap or share an edge (they are
 * distinct 4-connected sets of cells).  1 valid, 0 invalid, 2 error. */
char sp__catchment_pieces_valid(GEOSContextHandle_t gctx, const GEOSGeometry *mp,
                                double direct_work)
{
    int np = GEOSGetNumGeometries_r(gctx, mp);
    double work = 0;
    for (int i = 0; i < np; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(gctx, mp, i);
        work += (double)GEOSGetNumInteriorRings_r(gctx, p) *
                GEOSGetNumCoordinates_r(gctx, GEOSGetExteriorRing_r(gctx, p));
    }
    if (work <= direct_work)
        return GEOSisValid_r(gctx, mp);
    for (int i = 0; i < np; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(gctx, mp, i);
        double w = (double)GEOSGetNumInteriorRings_r(gctx, p) *
                   GEOSGetNumCoordinates_r(gctx, GEOSGetExteriorRing_r(gctx, p));
        char v = w <= direct_work ? GEOSisValid_r(gctx, p)
                                  : piece_valid_decomposed(gctx, p);
        if (v != 1)
            return v;
    }
    return 1;
}

/* Polygonise the mask (w x h, corner (x0, ytop)) into a valid MultiPolygon. */
static sp_status polygonize_mask(sp_isogrid *ig, GEOSContextHandle_t gctx,
                                 GEOSWKBReader *rd, int w, int h, double x0,
                                 double ytop, GEOSGeometry **out)
{
    GDALDriverH mem, vmem;
    sp_status st = sp__gdal_mem_drivers("catchment", &mem, &vmem);
    if (st != SP_OK)
        return st;

    GDALDatasetH rds = NULL, vds = NULL;
    GEOSGeometry **parts = NULL;
    size_t n = 0, cap = 0;
    double cell = ig->o.cell_m;

    rds = GDALCreate(mem, "", w, h, 1, GDT_Byte, NULL);
    if (!rds) {
        st = sp_error(SP_E_INTERNAL, "catchment: cannot create a %d x %d MEM raster: %s",
                      w, h, CPLGetLastErrorMsg());
        goto cleanup;
    }
    double gt[6] = {x0, cell, 0, ytop, 0, -cell};
    GDALSetGeoTransform(rds, gt);
    GDALRasterBandH band = GDALGetRasterBand(rds, 1);
    if (GDALRasterIOEx(band, GF_Write, 0, 0, w, h, ig->mask, w, h, GDT_Byte, 1,
                       (GSpacing)w, NULL) != CE_None) {
        st = sp_error(SP_E_INTERNAL, "catchment: cannot write the mask raster: %s",
                      CPLGetLastErrorMsg());
        goto cleanup;
    }

    /* The mask band is its own mask: only cells set to 1 become polygons. */
    OGRLayerH layer;
    if ((st = sp__polygonize_band(vmem, band, "catchment", "inside", &vds, &layer)))
        goto cleanup;

    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH geom = OGR_F_GetGeometryRef(f);
        if (!geom || OGR_G_IsEmpty(geom)) {
            OGR_F_Destroy(f);
            continue;
        }
        size_t sz = (size_t)OGR_G_WkbSize(geom);
        if (sz > ig->cap_wkb) {
            unsigned char *p = realloc(ig->wkb, sz);
            if (!p) {
                OGR_F_Destroy(f);
                st = sp_error(SP_E_NOMEM, "catchment: out of memory for WKB");
                goto cleanup;
            }
            ig->wkb = p;
            ig->cap_wkb = sz;
        }
        OGRErr oe = OGR_G_ExportToWkb(geom, wkbNDR, ig->wkb);
        OGR_F_Destroy(f);
        if (oe != OGRERR_NONE) {
            st = sp_error(SP_E_INTERNAL, "catchment: cannot export a polygon to WKB");
            goto cleanup;
        }
        if (n == cap) {
            size_t ncap = cap ? 2 * cap : 64;
            GEOSGeometry **p = sp_realloc_n(parts, ncap, sizeof *p);
            if (!p) {
                st = sp_error(SP_E_NOMEM, "catchment: out of memory for polygons");
                goto cleanup;
            }
            parts = p;
            cap = ncap;
        }
        GEOSGeometry *pg = GEOSWKBReader_read_r(gctx, rd, ig->wkb, sz);
        if (!pg) {
            st = sp_error(SP_E_GEOM, "catchment: GEOS cannot read a polygon's WKB");
            goto cleanup;
        }
        parts[n++] = pg;
    }

    GEOSGeometry *mp = n ? GEOSGeom_createCollection_r(gctx, GEOS_MULTIPOLYGON,
                                                       parts, (unsigned)n)
                         : empty_multipolygon(gctx);
    if (!mp) {
        st = sp_error(SP_E_GEOM, "catchment: GEOS cannot build a MultiPolygon");
        goto cleanup;
    }
    n = 0; /* the collection took the parts */
    char valid = sp__catchment_pieces_valid(gctx, mp, SP_VALID_DIRECT_WORK);
    if (valid == 0)
        mp = sp__catchment_repair(gctx, mp);
    else if (valid != 1) {
        GEOSGeom_destroy_r(gctx, mp);
        mp = NULL;
    }
    if (!mp) {
        st = sp_error(SP_E_GEOM, "catchment: cannot make a valid catchment polygon");
        goto cleanup;
    }
    *out = mp;

cleanup:
    for (size_t i = 0; i < n; i++)
        GEOSGeom_destroy_r(gctx, parts[i]);
    free(parts);
    if (vds)
        GDALClose(vds);
    if (rds)
        GDALClose(rds);
    return st;
}

/* Build the mask of cells with time <= T, cropped to the set cells.
 * Returns 0 (and sets nothing) when no cell is set. */
static int make_mask(sp_isogrid *ig, const grid_geom *gg, double T, int *cx,
                     int *cy, int *w, int *h, sp_status *st)
{
    *st = SP_OK;
    const float *grid = ig->grid;
    int nx = gg->nx, ny = gg->ny;
    int xmin = nx, xmax = -1, ymin = ny, ymax = -1;
    for (int r = 0; r < ny; r++) {
        const float *row = grid + (size_t)r * (size_t)nx;
        int first = -1, last = -1;
        for (int c = 0; c < nx; c++) {
            if (row[c] != INFINITY && (double)row[c] <= T) {
                if (first < 0)
                    first = c;
                last = c;
            }
        }
        if (first < 0)
            continue;
        if (ymin > r)
            ymin = r;
        ymax = r;
        if (first < xmin)
            xmin = first;
        if (last > xmax)
            xmax = last;
    }
    if (xmax < 0)
        return 0;
    *cx = xmin;
    *cy = ymin;
    *w = xmax - xmin + 1;
    *h = ymax - ymin + 1;
    size_t need = (size_t)*w * (size_t)*h;
    if (need > ig->cap_mask) {
        uint8_t *p = realloc(ig->mask, need);
        if (!p) {
            *st = sp_error(SP_E_NOMEM, "catchment: out of memory for a %d x %d mask",
                           *w, *h);
            return 0;
        }
        ig->mask = p;
        ig->cap_mask = need;
    }
    for (int r = 0; r < *h; r++) {
        const float *row = grid + (size_t)(r + ymin) * (size_t)nx + xmin;
        uint8_t *m = ig->mask + (size_t)r * (size_t)*w;
        for (int c = 0; c < *w; c++)
            m[c] = row[c] != INFINITY && (double)row[c] <= T;
    }
    return 1;
}

const float *sp_isogrid_cells(const sp_isogrid *ig, int64_t *col0, int64_t *row_top,
                              int *nx, int *ny)
{
    *col0 = ig->grid_col0;
    *row_top = ig->grid_row_top;
    *nx = ig->grid_nx;
    *ny = ig->grid_ny;
    return ig->grid_nx > 0 ? ig->grid : NULL;
}

sp_status sp_isogrid_polygons(sp_isogrid *ig, GEOSContextHandle_t gctx,
                              const double *limits_s, int n_limits,
                              GEOSGeometry **out)
{
    for (int i = 0; i < n_limits; i++) {
        out[i] = NULL;
        if (isnan(limits_s[i]))
            return sp_error(SP_E_INTERNAL, "catchment: limit %d is NaN", i);
    }
    sp_status st = SP_OK;
    grid_geom gg = {0};
    int have_grid = ig->grid_nx > 0;
    if (have_grid) {
        gg.col0 = ig->grid_col0;
        gg.row_top = ig->grid_row_top;
        gg.nx = ig->grid_nx;
        gg.ny = ig->grid_ny;
    }
    GEOSWKBReader *rd = GEOSWKBReader_create_r(gctx);
    if (!rd)
        return sp_error(SP_E_GEOM, "catchment: cannot create a GEOS WKB reader");

    int i;
    for (i = 0; i < n_limits; i++) {
        int cx, cy, w, h;
        if (have_grid && make_mask(ig, &gg, limits_s[i], &cx, &cy, &w, &h, &st)) {
            double cell = ig->o.cell_m;
            st = polygonize_mask(ig, gctx, rd, w, h, (double)(gg.col0 + cx) * cell,
                                 (double)(gg.row_top + 1 - cy) * cell, &out[i]);
        } else if (st == SP_OK) {
            out[i] = empty_multipolygon(gctx);
            if (!out[i])
                st = sp_error(SP_E_GEOM, "catchment: GEOS cannot build an empty MultiPolygon");
        }
        if (st != SP_OK)
            break;
    }
    GEOSWKBReader_destroy_r(gctx, rd);
    if (st != SP_OK) {
        for (int j = 0; j < i; j++) {
            GEOSGeom_destroy_r(gctx, out[j]);
            out[j] = NULL;
        }
    }
    return st;
}
