/* gaps.c — single-linkage zones of uncovered clusters; see gaps.h. */
#include "gaps.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int32_t find(int32_t *parent, int32_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

static void unite(int32_t *parent, int32_t a, int32_t b)
{
    a = find(parent, a);
    b = find(parent, b);
    if (a == b)
        return;
    if (a < b) /* the root is the lowest index: deterministic */
        parent[b] = a;
    else
        parent[a] = b;
}

void sp_gaps_free(sp_gaps *g, GEOSContextHandle_t gctx)
{
    if (!g)
        return;
    for (int32_t i = 0; i < g->n; i++) {
        free(g->zones[i].clusters);
        if (g->zones[i].polygon)
            GEOSGeom_destroy_r(gctx, g->zones[i].polygon);
    }
    free(g->zones);
    free(g);
}

static int cmp_zone(const void *a, const void *b)
{
    const sp_gap *x = a, *y = b;
    if (x->workers != y->workers)
        return x->workers > y->workers ? -1 : 1;
    return x->clusters[0] < y->clusters[0] ? -1 : x->clusters[0] > y->clusters[0];
}

typedef struct {
    int64_t cell;
    int32_t idx;
} cell_item;

static int cmp_cell(const void *a, const void *b)
{
    const cell_item *x = a, *y = b;
    if (x->cell != y->cell)
        return x->cell < y->cell ? -1 : 1;
    return x->idx - y->idx;
}

static int64_t cell_key(int64_t cx, int64_t cy) { return cx * 4000037LL + cy; }

sp_status sp_gaps_find(GEOSContextHandle_t gctx, int32_t n, const double *xy,
                       GEOSGeometry *const *geom, const double *weight,
                       const uint8_t *uncovered, double link_m, sp_gaps **out)
{
    *out = NULL;
    sp_gaps *res = calloc(1, sizeof *res);
    int32_t *parent = sp_malloc_n((size_t)n, sizeof *parent);
    cell_item *items = sp_malloc_n((size_t)n, sizeof *items);
    int32_t *root_zone = sp_malloc_n((size_t)n, sizeof *root_zone);
    sp_status st = SP_OK;
    if (!res || !parent || !items || !root_zone) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto done;
    }
    /* Bucket uncovered points in a grid of link_m cells; pairs within link_m
     * are in the same or a neighbouring cell. */
    double x0 = INFINITY, y0 = INFINITY;
    for (int32_t i = 0; i < n; i++)
        if (uncovered[i]) {
            x0 = fmin(x0, xy[2 * i]);
            y0 = fmin(y0, xy[2 * i + 1]);
        }
    int32_t m = 0;
    for (int32_t i = 0; i < n; i++) {
        parent[i] = i;
        if (!uncovered[i])
            continue;
        int64_t cx = (int64_t)floor((xy[2 * i] - x0) / link_m);
        int64_t cy = (int64_t)floor((xy[2 * i + 1] - y0) / link_m);
        items[m].cell = cell_key(cx, cy);
        items[m].idx = i;
        m++;
    }
    qsort(items, (size_t)m, sizeof *items, cmp_cell);
    for (int32_t k = 0; k < m; k++) {
        int32_t i = items[k].idx;
        int64_t cx = (int64_t)floor((xy[2 * i] - x0) / link_m);
        int64_t cy = (int64_t)floor((xy[2 * i + 1] - y0) / link_m);
        for (int dx = -1; dx <= 1; dx++)
            for (int dy = -1; dy <= 1; dy++) {
                cell_item key = {cell_key(cx + dx, cy + dy), -1};
                /* lower bound of the cell in the sorted list */
                int32_t lo = 0, hi = m;
                while (lo < hi) {
                    int32_t mid = (lo + hi) / 2;
                    if (cmp_cell(&items[mid], &key) < 0)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                for (int32_t q = lo; q < m && items[q].cell == key.cell; q++) {
                    int32_t j = items[q].idx;
                    if (j > i && hypot(xy[2 * i] - xy[2 * j], xy[2 * i + 1] - xy[2 * j + 1]) <= link_m)
                        unite(parent, i, j);
                }
            }
    }
    /* Collect zones in order of their root (lowest member) index. */
    for (int32_t i = 0; i < n; i++)
        root_zone[i] = -1;
    for (int32_t i = 0; i < n; i++) {
        if (!uncovered[i])
            continue;
        int32_t r = find(parent, i);
        if (root_zone[r] < 0) {
            sp_gap *z = realloc(res->zones, sizeof *z * (size_t)(res->n + 1));
            if (!z) {
                st = sp_error(SP_E_NOMEM, "out of memory");
                goto done;
            }
            res->zones = z;
            memset(&z[res->n], 0, sizeof *z);
            z[res->n].largest = i;
            root_zone[r] = res->n++;
        }
        sp_gap *z = &res->zones[root_zone[r]];
        int32_t *c = realloc(z->clusters, sizeof *c * (size_t)(z->n_clusters + 1));
        if (!c) {
            st = sp_error(SP_E_NOMEM, "out of memory");
            goto done;
        }
        z->clusters = c;
        z->clusters[z->n_clusters++] = i;
        z->workers += weight[i];
        if (weight[i] > weight[z->largest])
            z->largest = i;
    }
    for (int32_t k = 0; k < res->n && st == SP_OK; k++) {
        sp_gap *z = &res->zones[k];
        double sx = 0, sy = 0, sw = 0;
        GEOSGeometry **parts = malloc(sizeof *parts * (size_t)z->n_clusters);
        if (!parts) {
            st = sp_error(SP_E_NOMEM, "out of memory");
            break;
        }
        for (int32_t q = 0; q < z->n_clusters; q++) {
            int32_t i = z->clusters[q];
            double w = z->workers > 0 ? weight[i] : 1.0;
            sx += w * xy[2 * i];
            sy += w * xy[2 * i + 1];
            sw += w;
            int t = GEOSGeomTypeId_r(gctx, geom[i]);
            if (t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON)
                parts[q] = GEOSGeom_clone_r(gctx, geom[i]);
            else
                parts[q] = GEOSBuffer_r(gctx, geom[i], link_m / 2, 8);
        }
        z->cx = sx / sw;
        z->cy = sy / sw;
        GEOSGeometry *coll = GEOSGeom_createCollection_r(gctx, GEOS_GEOMETRYCOLLECTION, parts,
                                                         (unsigned)z->n_clusters);
        free(parts);
        z->polygon = coll ? GEOSUnaryUnion_r(gctx, coll) : NULL;
        if (coll)
            GEOSGeom_destroy_r(gctx, coll);
        if (!z->polygon)
            st = sp_error(SP_E_INTERNAL, "GEOS could not build a gap polygon");
    }
    if (st == SP_OK && res->n > 0) {
        qsort(res->zones, (size_t)res->n, sizeof *res->zones, cmp_zone);
        for (int32_t k = 0; k < res->n; k++)
            res->zones[k].rank = k + 1;
    }
done:
    free(parent);
    free(items);
    free(root_zone);
    if (st != SP_OK) {
        sp_gaps_free(res, gctx);
        return st;
    }
    *out = res;
    return SP_OK;
}
