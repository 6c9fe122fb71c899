/* responsibility.c — the nearest-site label grid and its polygons; see
 * responsibility.h.
 *
 * Tiles: a GHashTable from the packed lattice index of a 64 x 64 tile to
 * the tile (least time and its site per cell; INFINITY and INT32_MAX where
 * no site has been merged).  Merging compares (time, site) pairs, so the
 * grid after a set of adds is the same whatever their order.
 *
 * Polygons: the labelled cells' bounding box becomes one Int32 MEM raster
 * holding site + 1 (0 = no site), which is its own mask for GDALPolygonize,
 * so only labelled cells become polygons, each a 4-connected piece of one
 * site.  The pieces go to GEOS through WKB in the order GDAL produced them
 * (deterministic for the same raster) and are collected per site.
 */
#include "responsibility.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <glib.h>
#include <ogr_api.h>

#define TILE 64
/* The largest label raster (4 bytes a cell), as SP_ISOGRID_MAX_CELLS. */
#define SP_RESP_MAX_CELLS ((int64_t)1 << 28)
/* sp__catchment_pieces_valid()'s threshold, as sp_isogrid_polygons(). */
#define SP_RESP_VALID_DIRECT_WORK 2e7

typedef struct {
    gint64 key;              /* packed (tile row, tile column) */
    int64_t col0, row0;      /* lattice index of the tile's first column and row */
    float t[TILE * TILE];    /* least time; row-major, local row 0 = lattice row row0 */
    int32_t s[TILE * TILE];  /* its site, INT32_MAX when none */
} tile;

struct sp_respgrid {
    double cell;
    GHashTable *tiles;       /* &tile->key -> tile (owned) */
    pthread_mutex_t lock;
    /* bounding box of the labelled cells (lattice indexes); empty when
     * cmax < cmin */
    int64_t cmin, cmax, rmin, rmax;
};

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* The packed key of tile (tr, tc); 0 when out of range. */
static int tile_key(int64_t tr, int64_t tc, gint64 *key)
{
    if (tr < INT32_MIN || tr > INT32_MAX || tc < INT32_MIN || tc > INT32_MAX)
        return 0;
    *key = (gint64)(((uint64_t)(uint32_t)tr << 32) | (uint32_t)tc);
    return 1;
}

sp_respgrid *sp_respgrid_new(double cell_m)
{
    if (!(cell_m > 0) || !isfinite(cell_m)) {
        sp_error(SP_E_INPUT, "responsibility: invalid cell size %g", cell_m);
        return NULL;
    }
    sp_respgrid *rg = calloc(1, sizeof *rg);
    if (!rg) {
        sp_error(SP_E_NOMEM, "responsibility: out of memory");
        return NULL;
    }
    rg->cell = cell_m;
    rg->tiles = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, free);
    pthread_mutex_init(&rg->lock, NULL);
    rg->cmin = rg->rmin = INT64_MAX;
    rg->cmax = rg->rmax = INT64_MIN;
    return rg;
}

void sp_respgrid_free(sp_respgrid *rg)
{
    if (!rg)
        return;
    g_hash_table_destroy(rg->tiles);
    pthread_mutex_destroy(&rg->lock);
    free(rg);
}

/* The tile holding lattice cell (row, col), created when missing; NULL on
 * out of memory or out of range.  Under the lock. */
static tile *tile_get(sp_respgrid *rg, int64_t row, int64_t col, int create)
{
    int64_t tr = floor_div(row, TILE), tc = floor_div(col, TILE);
    gint64 key;
    if (!tile_key(tr, tc, &key))
        return NULL;
    tile *t = g_hash_table_lookup(rg->tiles, &key);
    if (t || !create)
        return t;
    t = malloc(sizeof *t);
    if (!t)
        return NULL;
    t->key = key;
    t->row0 = tr * TILE;
    t->col0 = tc * TILE;
    for (int i = 0; i < TILE * TILE; i++) {
        t->t[i] = INFINITY;
        t->s[i] = INT32_MAX;
    }
    g_hash_table_insert(rg->tiles, &t->key, t);
    return t;
}

sp_status sp_respgrid_add_cells(sp_respgrid *rg, int32_t site, const float *cells,
                                int64_t col0, int64_t row_top, int nx, int ny, double T)
{
    if (site < 0)
        return sp_error(SP_E_INTERNAL, "responsibility: site %d", (int)site);
    if (!cells || nx <= 0 || ny <= 0)
        return SP_OK;
    /* tile indexes (lattice index / 64) must fit tile_key()'s 32 bits */
    const int64_t lim = (int64_t)1 << 36;
    if (col0 < -lim || col0 + nx > lim || row_top - ny < -lim || row_top > lim)
        return sp_error(SP_E_INPUT, "responsibility: a grid lies too far from the CRS origin "
                        "(%g m cells)", rg->cell);
    sp_status st = SP_OK;
    pthread_mutex_lock(&rg->lock);
    for (int r = 0; r < ny && st == SP_OK; r++) {
        int64_t row = row_top - r;
        const float *src = cells + (size_t)r * (size_t)nx;
        tile *t = NULL;
        int64_t t_end = INT64_MIN; /* first column past the cached tile */
        for (int c = 0; c < nx; c++) {
            float v = src[c];
            if (!((double)v <= T))
                continue; /* INFINITY, NaN or beyond T */
            int64_t col = col0 + c;
            if (!t || col >= t_end || col < t->col0) {
                t = tile_get(rg, row, col, 1);
                if (!t) {
                    st = sp_error(SP_E_NOMEM, "responsibility: out of memory for the grid");
                    break;
                }
                t_end = t->col0 + TILE;
            }
            size_t k = (size_t)(row - t->row0) * TILE + (size_t)(col - t->col0);
            if (v < t->t[k] || (v == t->t[k] && site < t->s[k])) {
                t->t[k] = v;
                t->s[k] = site;
            }
            if (col < rg->cmin)
                rg->cmin = col;
            if (col > rg->cmax)
                rg->cmax = col;
            if (row < rg->rmin)
                rg->rmin = row;
            if (row > rg->rmax)
                rg->rmax = row;
        }
    }
    pthread_mutex_unlock(&rg->lock);
    return st;
}

sp_status sp_respgrid_add(sp_respgrid *rg, const sp_isogrid *ig, int32_t site, double T)
{
    int64_t col0, row_top;
    int nx, ny;
    const float *cells = sp_isogrid_cells(ig, &col0, &row_top, &nx, &ny);
    return sp_respgrid_add_cells(rg, site, cells, col0, row_top, nx, ny, T);
}

int32_t sp_respgrid_site_at(const sp_respgrid *rg, double x, double y)
{
    double c = floor(x / rg->cell), r = floor(y / rg->cell);
    if (!(fabs(c) < 1e15) || !(fabs(r) < 1e15))
        return -1;
    int64_t col = (int64_t)c, row = (int64_t)r;
    gint64 key;
    if (!tile_key(floor_div(row, TILE), floor_div(col, TILE), &key))
        return -1;
    const tile *t = g_hash_table_lookup(rg->tiles, &key);
    int32_t s = t ? t->s[(size_t)(row - t->row0) * TILE + (size_t)(col - t->col0)] : INT32_MAX;
    return s == INT32_MAX ? -1 : s;
}

/* ------------------------------------------------------------------------ */
/* Serialised grids (for the exchange between ranks)                        */

/* Bytes: double cell; int64 cmin, cmax, rmin, rmax, n_tiles; then per tile
 * int64 tile row, tile column, float t[TILE * TILE], int32 s[TILE * TILE]. */
#define TILE_BYTES (2 * sizeof(int64_t) + TILE * TILE * (sizeof(float) + sizeof(int32_t)))
#define HEAD_BYTES (sizeof(double) + 5 * sizeof(int64_t))

sp_status sp_respgrid_serialise(sp_respgrid *rg, void **buf, size_t *len)
{
    size_t n = g_hash_table_size(rg->tiles);
    size_t total = HEAD_BYTES + n * TILE_BYTES;
    unsigned char *b = malloc(total), *p = b;
    *buf = NULL;
    *len = 0;
    if (!b)
        return sp_error(SP_E_NOMEM, "responsibility: out of memory");
    int64_t head[5] = {rg->cmin, rg->cmax, rg->rmin, rg->rmax, (int64_t)n};
    memcpy(p, &rg->cell, sizeof rg->cell);
    p += sizeof rg->cell;
    memcpy(p, head, sizeof head);
    p += sizeof head;
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, rg->tiles);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const tile *t = v;
        int64_t rc[2] = {t->row0 / TILE, t->col0 / TILE};
        memcpy(p, rc, sizeof rc);
        p += sizeof rc;
        memcpy(p, t->t, sizeof t->t);
        p += sizeof t->t;
        memcpy(p, t->s, sizeof t->s);
        p += sizeof t->s;
    }
    *buf = b;
    *len = total;
    return SP_OK;
}

sp_status sp_respgrid_merge(sp_respgrid *rg, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    double cell;
    int64_t head[5];
    if (len < HEAD_BYTES)
        return sp_error(SP_E_INTERNAL, "responsibility: a short serialised grid");
    memcpy(&cell, p, sizeof cell);
    memcpy(head, p + sizeof cell, sizeof head);
    p += HEAD_BYTES;
    if (cell != rg->cell || head[4] < 0 || (size_t)head[4] != (len - HEAD_BYTES) / TILE_BYTES ||
        (len - HEAD_BYTES) % TILE_BYTES)
        return sp_error(SP_E_INTERNAL, "responsibility: a serialised grid that does not fit");
    sp_status st = SP_OK;
    pthread_mutex_lock(&rg->lock);
    for (int64_t i = 0; i < head[4]; i++, p += TILE_BYTES) {
        int64_t rc[2];
        memcpy(rc, p, sizeof rc);
        const unsigned char *tp = p + sizeof rc, *sp = tp + TILE * TILE * sizeof(float);
        tile *t = tile_get(rg, rc[0] * TILE, rc[1] * TILE, 1);
        if (!t) {
            st = sp_error(SP_E_NOMEM, "responsibility: out of memory for the grid");
            break;
        }
        for (int j = 0; j < TILE * TILE; j++) {
            float v;
            int32_t site;
            memcpy(&v, tp + j * sizeof v, sizeof v);
            memcpy(&site, sp + j * sizeof site, sizeof site);
            if (v < t->t[j] || (v == t->t[j] && site < t->s[j])) {
                t->t[j] = v;
                t->s[j] = site;
            }
        }
    }
    if (st == SP_OK && head[1] >= head[0]) {
        rg->cmin = head[0] < rg->cmin ? head[0] : rg->cmin;
        rg->cmax = head[1] > rg->cmax ? head[1] : rg->cmax;
        rg->rmin = head[2] < rg->rmin ? head[2] : rg->rmin;
        rg->rmax = head[3] > rg->rmax ? head[3] : rg->rmax;
    }
    pthread_mutex_unlock(&rg->lock);
    return st;
}

/* ------------------------------------------------------------------------ */
/* Polygons                                                                 */


/* Write every tile's labels (site + 1, 0 = none) into the band, whose cell
 * (0, 0) is lattice column cmin, row rmax. */
static sp_status write_labels(sp_respgrid *rg, GDALRasterBandH band, int w, int h)
{
    int32_t buf[TILE * TILE];
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, rg->tiles);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const tile *t = v;
        /* the tile's window in the raster, clipped (raster row 0 = rmax) */
        int64_t c0 = t->col0 - rg->cmin, c1 = c0 + TILE;         /* [c0, c1) */
        int64_t r0 = rg->rmax - (t->row0 + TILE - 1), r1 = r0 + TILE;
        int64_t cc0 = c0 < 0 ? 0 : c0, cc1 = c1 > w ? w : c1;
        int64_t rr0 = r0 < 0 ? 0 : r0, rr1 = r1 > h ? h : r1;
        if (cc0 >= cc1 || rr0 >= rr1)
            continue; /* no labelled cell of the tile can lie outside the box */
        int bw = (int)(cc1 - cc0), bh = (int)(rr1 - rr0);
        int any = 0;
        for (int64_t rr = rr0; rr < rr1; rr++) {
            int64_t row = rg->rmax - rr, lr = row - t->row0;
            for (int64_t cc = cc0; cc < cc1; cc++) {
                int64_t lc = cc + rg->cmin - t->col0;
                int32_t s = t->s[lr * TILE + lc];
                int32_t lab = s == INT32_MAX ? 0 : s + 1;
                buf[(rr - rr0) * bw + (cc - cc0)] = lab;
                any |= lab != 0;
            }
        }
        if (any && GDALRasterIO(band, GF_Write, (int)cc0, (int)rr0, bw, bh, buf, bw, bh,
                                GDT_Int32, 0, 0) != CE_None)
            return sp_error(SP_E_INTERNAL, "responsibility: cannot write the label raster: %s",
                            CPLGetLastErrorMsg());
    }
    return SP_OK;
}

/* Read the polygonised pieces into parts[site] (arrays of GEOS polygons). */
static sp_status read_pieces(OGRLayerH layer, GEOSContextHandle_t gctx, int32_t n_sites,
                             GPtrArray **parts)
{
    GEOSWKBReader *rd = GEOSWKBReader_create_r(gctx);
    if (!rd)
        return sp_error(SP_E_GEOM, "responsibility: cannot create a GEOS WKB reader");
    sp_status st = SP_OK;
    unsigned char *wkb = NULL;
    size_t cap = 0;
    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    while (st == SP_OK && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH geom = OGR_F_GetGeometryRef(f);
        int lab = OGR_F_GetFieldAsInteger(f, 0);
        if (!geom || OGR_G_IsEmpty(geom) || lab == 0) {
            OGR_F_Destroy(f);
            continue;
        }
        if (lab < 0 || lab > n_sites) {
            OGR_F_Destroy(f);
            st = sp_error(SP_E_INTERNAL, "responsibility: label %d outside 1..%d", lab,
                          (int)n_sites);
            break;
        }
        size_t sz = (size_t)OGR_G_WkbSize(geom);
        if (sz > cap) {
            unsigned char *p = realloc(wkb, sz);
            if (!p) {
                OGR_F_Destroy(f);
                st = sp_error(SP_E_NOMEM, "responsibility: out of memory for WKB");
                break;
            }
            wkb = p;
            cap = sz;
        }
        OGRErr oe = OGR_G_ExportToWkb(geom, wkbNDR, wkb);
        OGR_F_Destroy(f);
        GEOSGeometry *pg = oe == OGRERR_NONE ? GEOSWKBReader_read_r(gctx, rd, wkb, sz) : NULL;
        if (!pg) {
            st = sp_error(SP_E_GEOM, "responsibility: cannot pass a polygon to GEOS");
            break;
        }
        int32_t s = lab - 1;
        if (!parts[s])
            parts[s] = g_ptr_array_new();
        g_ptr_array_add(parts[s], pg);
    }
    free(wkb);
    GEOSWKBReader_destroy_r(gctx, rd);
    return st;
}

/* One site's pieces (taken) as a valid MultiPolygon; NULL on failure. */
static GEOSGeometry *site_multipolygon(GEOSContextHandle_t gctx, GPtrArray *p)
{
    if (!p || p->len == 0)
        return GEOSGeom_createEmptyCollection_r(gctx, GEOS_MULTIPOLYGON);
    GEOSGeometry *mp = GEOSGeom_createCollection_r(gctx, GEOS_MULTIPOLYGON,
                                                   (GEOSGeometry **)p->pdata, p->len);
    if (!mp)
        return NULL; /* the caller still owns the parts */
    g_ptr_array_set_size(p, 0); /* the collection took them */
    char valid = sp__catchment_pieces_valid(gctx, mp, SP_RESP_VALID_DIRECT_WORK);
    if (valid == 0)
        return sp__catchment_repair(gctx, mp);
    if (valid != 1) {
        GEOSGeom_destroy_r(gctx, mp);
        return NULL;
    }
    return mp;
}

sp_status sp_respgrid_polygons(sp_respgrid *rg, GEOSContextHandle_t gctx, int32_t n_sites,
                               GEOSGeometry **out)
{
    for (int32_t s = 0; s < n_sites; s++)
        out[s] = NULL;
    if (n_sites < 0 || n_sites > INT32_MAX - 1)
        return sp_error(SP_E_INTERNAL, "responsibility: %d sites", (int)n_sites);
    sp_status st = SP_OK;
    GDALDatasetH rds = NULL, vds = NULL;
    GPtrArray **parts = sp_calloc_n((size_t)n_sites + 1, sizeof *parts);
    if (!parts)
        return sp_error(SP_E_NOMEM, "responsibility: out of memory");

    if (rg->cmax >= rg->cmin) {
        int64_t w64 = rg->cmax - rg->cmin + 1, h64 = rg->rmax - rg->rmin + 1;
        if (w64 > INT_MAX || h64 > INT_MAX || w64 * h64 > SP_RESP_MAX_CELLS) {
            st = sp_error(SP_E_INPUT,
                          "responsibility: a grid of %lld x %lld cells of %g m is too large; "
                          "raise [catchment] cell_m",
                          (long long)w64, (long long)h64, rg->cell);
            goto cleanup;
        }
        int w = (int)w64, h = (int)h64;
        GDALDriverH mem, vmem;
        if ((st = sp__gdal_mem_drivers("responsibility", &mem, &vmem)))
            goto cleanup;
        rds = GDALCreate(mem, "", w, h, 1, GDT_Int32, NULL);
        if (!rds) {
            st = sp_error(SP_E_INTERNAL, "responsibility: cannot create a %d x %d MEM raster: %s",
                          w, h, CPLGetLastErrorMsg());
            goto cleanup;
        }
        double gt[6] = {(double)rg->cmin * rg->cell, rg->cell, 0,
                        (double)(rg->rmax + 1) * rg->cell, 0, -rg->cell};
        GDALSetGeoTransform(rds, gt);
        GDALRasterBandH band = GDALGetRasterBand(rds, 1);
        if ((st = write_labels(rg, band, w, h)))
            goto cleanup;
        /* The label band is its own mask: cells of no site (0) are skipped. */
        OGRLayerH layer;
        if ((st = sp__polygonize_band(vmem, band, "responsibility", "site", &vds, &layer)))
            goto cleanup;
        if ((st = read_pieces(layer, gctx, n_sites, parts)))
            goto cleanup;
    }
    for (int32_t s = 0; s < n_sites; s++) {
        out[s] = site_multipolygon(gctx, parts[s]);
        if (!out[s]) {
            st = sp_error(SP_E_GEOM, "responsibility: cannot make a valid polygon for site %d",
                          (int)s);
            break;
        }
    }

cleanup:
    for (int32_t s = 0; s < n_sites; s++) {
        if (parts[s]) {
            for (guint i = 0; i < parts[s]->len; i++)
                GEOSGeom_destroy_r(gctx, g_ptr_array_index(parts[s], i));
            g_ptr_array_free(parts[s], TRUE);
        }
        if (st != SP_OK && out[s]) {
            GEOSGeom_destroy_r(gctx, out[s]);
            out[s] = NULL;
        }
    }
    free(parts);
    if (vds)
        GDALClose(vds);
    if (rds)
        GDALClose(rds);
    return st;
}
