/* gaps.c — single-linkage zones of uncovered clusters; see gaps.h. */
#include "gaps.h"

#include <glib.h>
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

/* A point (two doubles in place) as a hash key; -0.0 and 0.0 alike. */
static guint xy_hash(gconstpointer p)
{
    const double *v = p;
    double x = v[0] + 0.0, y = v[1] + 0.0;
    return g_double_hash(&x) * 31u + g_double_hash(&y);
}

static gboolean xy_equal(gconstpointer a, gconstpointer b)
{
    const double *u = a, *v = b;
    return u[0] == v[0] && u[1] == v[1];
}

typedef struct {
    int64_t cell;
    double x, y;   /* the point: a cell's points sorted by place, so that the
                      clusters sharing a place are next to each other */
    int32_t idx;
} cell_item;

static int cmp_cell(const void *a, const void *b)
{
    const cell_item *p = a, *q = b;
    if (p->cell != q->cell)
        return p->cell < q->cell ? -1 : 1;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    if (p->y != q->y)
        return p->y < q->y ? -1 : 1;
    return (p->idx > q->idx) - (p->idx < q->idx);
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
    /* Bucket uncovered points in a grid of cells of side link_m / 2: two
     * points in one cell are less than link_m apart (the diagonal is 0.71
     * link_m), so a cell's points are one group at once; points of two
     * cells at most two cells apart are tested pair by pair (one point per
     * place on either side) only while the two cells' groups are still
     * apart, and the first pair within link_m joins them.  So the work is linear in the points of a cell however
     * many share it (100,000 clusters at one point: one cell, no pairs),
     * instead of quadratic as with link_m cells and every pair tested. */
    double side = link_m / 2;
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
        int64_t cx = (int64_t)floor((xy[2 * i] - x0) / side);
        int64_t cy = (int64_t)floor((xy[2 * i + 1] - y0) / side);
        items[m].cell = cell_key(cx, cy);
        items[m].x = xy[2 * i];
        items[m].y = xy[2 * i + 1];
        items[m].idx = i;
        m++;
    }
    if (m > 1)
        qsort(items, (size_t)m, sizeof *items, cmp_cell);
    for (int32_t a = 0, b; a < m; a = b) {   /* cell runs [a, b): one group each */
        for (b = a + 1; b < m && items[b].cell == items[a].cell; b++)
            unite(parent, items[a].idx, items[b].idx);
    }
    for (int32_t a = 0, b; a < m; a = b) {
        for (b = a + 1; b < m && items[b].cell == items[a].cell; b++)
            ;
        int32_t i0 = items[a].idx;
        int64_t cx = (int64_t)floor((xy[2 * i0] - x0) / side);
        int64_t cy = (int64_t)floor((xy[2 * i0 + 1] - y0) / side);
        for (int dx = -2; dx <= 2; dx++)
            for (int dy = -2; dy <= 2; dy++) {
                int64_t key = cell_key(cx + dx, cy + dy);
                if (key <= items[a].cell)
                    continue;   /* each pair of cells once, from the lower key */
                /* lower bound of the cell in the sorted list */
                int32_t lo = b, hi = m;
                while (lo < hi) {
                    int32_t mid = lo + (hi - lo) / 2;
                    if (items[mid].cell < key)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                int joined = lo >= m || items[lo].cell != key ||
                             find(parent, i0) == find(parent, items[lo].idx);
                /* one point per place on either side: the others are the same */
                for (int32_t p = a; !joined && p < b; p++) {
                    if (p > a && items[p].x == items[p - 1].x && items[p].y == items[p - 1].y)
                        continue;
                    int32_t i = items[p].idx;
                    for (int32_t q = lo; q < m && items[q].cell == key; q++) {
                        if (q > lo && items[q].x == items[q - 1].x && items[q].y == items[q - 1].y)
                            continue;
                        int32_t j = items[q].idx;
                        res->pair_tests++;
                        if (hypot(xy[2 * i] - xy[2 * j], xy[2 * i + 1] - xy[2 * j + 1]) <= link_m) {
                            unite(parent, i, j);
                            joined = 1;
                            break;
                        }
                    }
                }
            }
    }
    /* Collect zones in order of their root (lowest member) index: count
     * the zones and their members first, then fill (no growing arrays). */
    for (int32_t i = 0; i < n; i++)
        root_zone[i] = -1;
    int32_t nz = 0;
    for (int32_t i = 0; i < n; i++)
        if (uncovered[i] && root_zone[find(parent, i)] < 0)
            root_zone[find(parent, i)] = nz++;
    res->zones = calloc(nz ? (size_t)nz : 1, sizeof *res->zones);
    if (!res->zones) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto done;
    }
    res->n = nz;
    for (int32_t i = 0; i < n; i++)
        if (uncovered[i])
            res->zones[root_zone[find(parent, i)]].n_clusters++;
    for (int32_t k = 0; k < nz; k++) {
        res->zones[k].clusters = sp_malloc_n((size_t)res->zones[k].n_clusters, sizeof(int32_t));
        res->zones[k].largest = -1;
        if (!res->zones[k].clusters) {
            st = sp_error(SP_E_NOMEM, "out of memory");
            goto done;
        }
        res->zones[k].n_clusters = 0;
    }
    for (int32_t i = 0; i < n; i++) {
        if (!uncovered[i])
            continue;
        sp_gap *z = &res->zones[root_zone[find(parent, i)]];
        if (z->largest < 0)
            z->largest = i;
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
        /* one disc per distinct point: discs of points at the same place
         * are the same disc, and their union is it */
        GHashTable *seen = g_hash_table_new(xy_hash, xy_equal);
        unsigned np = 0;
        for (int32_t q = 0; q < z->n_clusters; q++) {
            int32_t i = z->clusters[q];
            double w = z->workers > 0 ? weight[i] : 1.0;
            sx += w * xy[2 * i];
            sy += w * xy[2 * i + 1];
            sw += w;
            int t = GEOSGeomTypeId_r(gctx, geom[i]);
            if (t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON)
                parts[np++] = GEOSGeom_clone_r(gctx, geom[i]);
            else if (g_hash_table_add(seen, (gpointer)&xy[2 * i]))
                parts[np++] = GEOSBuffer_r(gctx, geom[i], link_m / 2, 8);
        }
        g_hash_table_destroy(seen);
        z->cx = sx / sw;
        z->cy = sy / sw;
        GEOSGeometry *coll = GEOSGeom_createCollection_r(gctx, GEOS_GEOMETRYCOLLECTION, parts, np);
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
