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

/* The pieces of the clusters (gaps.h "Rule"): per cluster whether it has
 * one, whether it is an area's, its uncovered workers, its centre and, for
 * an area, its geometry (owned). */
typedef struct {
    uint8_t *has, *area;
    double *w, *cxy;
    GEOSGeometry **part;
} pieces;

static int is_area(GEOSContextHandle_t gctx, const GEOSGeometry *g)
{
    int t = GEOSGeomTypeId_r(gctx, g);
    return t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON;
}

static sp_status geos_failed(const sp_gaps_in *in, int32_t c, const char *what)
{
    if (in->ids && in->ids[c])
        return sp_error(SP_E_INTERNAL, "GEOS could not %s of area cluster '%s'", what, in->ids[c]);
    return sp_error(SP_E_INTERNAL, "GEOS could not %s of area cluster %d", what, (int)c + 1);
}

static void collect_index(void *item, void *user)
{
    g_array_append_val((GArray *)user, *(const int32_t *)item);
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* The polygonal parts of g (consumed) as one geometry: g itself when it is
 * a Polygon or MultiPolygon, else a MultiPolygon of the polygons in it
 * (an overlay may add lines or points where cells touch the outline); NULL
 * when it has none. */
static GEOSGeometry *polygonal(GEOSContextHandle_t gctx, GEOSGeometry *g)
{
    if (!g || is_area(gctx, g))
        return g;
    int n = GEOSGetNumGeometries_r(gctx, g);
    GEOSGeometry **polys = malloc(sizeof *polys * (size_t)(n > 0 ? n : 1));
    unsigned np = 0;
    for (int i = 0; polys && i < n; i++) {
        const GEOSGeometry *e = GEOSGetGeometryN_r(gctx, g, i);
        if (GEOSGeomTypeId_r(gctx, e) == GEOS_POLYGON && !GEOSisEmpty_r(gctx, e))
            polys[np++] = GEOSGeom_clone_r(gctx, e);
    }
    GEOSGeom_destroy_r(gctx, g);
    GEOSGeometry *out = polys && np ? GEOSGeom_createCollection_r(gctx, GEOS_MULTIPOLYGON, polys, np)
                                    : NULL;
    free(polys);
    return out;
}

/* The uncovered part of area cluster c whose k demand points at pxy (some
 * but not all covered, k >= 2) carry the covered flags cov: the area
 * intersected with the union of the Voronoi cells of its uncovered points.
 * OUT: *out (owned). */
static sp_status uncovered_part(GEOSContextHandle_t gctx, const sp_gaps_in *in, int32_t c,
                                const double *pxy, const uint8_t *cov, int32_t k,
                                GEOSGeometry **out)
{
    const GEOSGeometry *area = in->geom[c];
    *out = NULL;
    sp_status st = SP_OK;
    GEOSGeometry **pts = malloc(sizeof *pts * (size_t)k);
    int32_t *idx = malloc(sizeof *idx * (size_t)k);
    GArray *cand = g_array_new(FALSE, FALSE, sizeof(int32_t));
    GEOSGeometry **cells = NULL;
    GEOSGeometry *mp = NULL, *vor = NULL;
    GEOSSTRtree *tree = NULL;
    if (!pts || !idx) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto done;
    }
    for (int32_t i = 0; i < k; i++) {
        idx[i] = i;
        pts[i] = GEOSGeom_createPointFromXY_r(gctx, pxy[2 * i], pxy[2 * i + 1]);
    }
    mp = GEOSGeom_createCollection_r(gctx, GEOS_MULTIPOINT, pts, (unsigned)k);
    if (!mp) {
        for (int32_t i = 0; i < k; i++)
            GEOSGeom_destroy_r(gctx, pts[i]);
        st = geos_failed(in, c, "collect the demand points");
        goto done;
    }
    vor = GEOSVoronoiDiagram_r(gctx, mp, area, 0.0, 0);
    tree = GEOSSTRtree_create_r(gctx, 10);
    if (!vor || !tree) {
        st = geos_failed(in, c, "build the Voronoi cells");
        goto done;
    }
    /* the points, to find each cell's own (a site lies strictly inside its
     * cell; points at one place share it, the cell is uncovered when one of
     * them is) */
    for (int32_t i = 0; i < k; i++)
        GEOSSTRtree_insert_r(gctx, tree, GEOSGetGeometryN_r(gctx, mp, i), &idx[i]);
    int nc = GEOSGetNumGeometries_r(gctx, vor);
    cells = malloc(sizeof *cells * (size_t)(nc > 0 ? nc : 1));
    if (!cells) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto done;
    }
    unsigned nu = 0;
    for (int j = 0; j < nc; j++) {
        const GEOSGeometry *cell = GEOSGetGeometryN_r(gctx, vor, j);
        g_array_set_size(cand, 0);
        GEOSSTRtree_query_r(gctx, tree, cell, collect_index, cand);
        for (guint q = 0; q < cand->len; q++) {
            int32_t i = g_array_index(cand, int32_t, q);
            if (!cov[i] && GEOSIntersects_r(gctx, cell, GEOSGetGeometryN_r(gctx, mp, i)) == 1) {
                /* without the repeated vertices where cells meet (a
                 * lattice's four cells at one corner), which the coverage
                 * union below refuses */
                cells[nu++] = GEOSRemoveRepeatedPoints_r(gctx, cell, 0.0);
                break;
            }
        }
    }
    for (unsigned j = 0; j < nu; j++)
        if (!cells[j]) {
            for (unsigned q = 0; q < nu; q++)
                if (cells[q])
                    GEOSGeom_destroy_r(gctx, cells[q]);
            st = geos_failed(in, c, "copy a Voronoi cell");
            goto done;
        }
    /* the cells tile the plane (shared edges, no overlaps): the coverage
     * union, ten times faster than an overlay union; where it refuses
     * them, the overlay union of the same cells */
    GEOSGeometry *coll = GEOSGeom_createCollection_r(gctx, GEOS_GEOMETRYCOLLECTION, cells, nu);
    GEOSGeometry *uni = coll ? GEOSCoverageUnion_r(gctx, coll) : NULL;
    if (coll && !uni)
        uni = GEOSUnaryUnion_r(gctx, coll);
    if (coll)
        GEOSGeom_destroy_r(gctx, coll);
    GEOSGeometry *part = uni ? GEOSIntersection_r(gctx, area, uni) : NULL;
    if (uni && !part) {   /* an invalid outline: its valid form */
        GEOSGeometry *valid = GEOSMakeValid_r(gctx, area);
        part = valid ? GEOSIntersection_r(gctx, valid, uni) : NULL;
        if (valid)
            GEOSGeom_destroy_r(gctx, valid);
    }
    if (uni)
        GEOSGeom_destroy_r(gctx, uni);
    if (!part) {
        st = geos_failed(in, c, "build the uncovered part");
        goto done;
    }
    /* an uncovered point lies inside the area and its cell, so the part has
     * a polygon; should an overlay lose it, the whole area stands in */
    *out = polygonal(gctx, part);
    if (!*out)
        *out = GEOSGeom_clone_r(gctx, area);
done:
    if (tree)
        GEOSSTRtree_destroy_r(gctx, tree);
    if (vor)
        GEOSGeom_destroy_r(gctx, vor);
    if (mp)
        GEOSGeom_destroy_r(gctx, mp);
    g_array_free(cand, TRUE);
    free(cells);
    free(pts);
    free(idx);
    return st;
}

/* The union of coll's parts made valid (GEOSMakeValid_r), its polygonal
 * parts: for an outline that the union refuses (gaps.h). */
static GEOSGeometry *union_valid(GEOSContextHandle_t gctx, const GEOSGeometry *coll)
{
    int n = GEOSGetNumGeometries_r(gctx, coll);
    GEOSGeometry **parts = malloc(sizeof *parts * (size_t)(n > 0 ? n : 1));
    if (!parts)
        return NULL;
    unsigned np = 0;
    for (int i = 0; i < n; i++) {
        GEOSGeometry *v = GEOSMakeValid_r(gctx, GEOSGetGeometryN_r(gctx, coll, i));
        if (v)
            parts[np++] = v;
    }
    GEOSGeometry *c = GEOSGeom_createCollection_r(gctx, GEOS_GEOMETRYCOLLECTION, parts, np);
    free(parts);
    GEOSGeometry *u = c ? GEOSUnaryUnion_r(gctx, c) : NULL;
    if (c)
        GEOSGeom_destroy_r(gctx, c);
    return polygonal(gctx, u);
}

static void pieces_free(pieces *pc, GEOSContextHandle_t gctx, int32_t n)
{
    for (int32_t i = 0; pc->part && i < n; i++)
        if (pc->part[i])
            GEOSGeom_destroy_r(gctx, pc->part[i]);
    free(pc->part);
    free(pc->has);
    free(pc->area);
    free(pc->w);
    free(pc->cxy);
}

/* Every cluster's piece (gaps.h "Rule"). */
static sp_status make_pieces(GEOSContextHandle_t gctx, const sp_gaps_in *in, pieces *pc)
{
    int32_t n = in->n_clusters;
    int32_t np = in->point_cluster ? in->n_points : n;
    pc->has = sp_calloc_n((size_t)n + 1, 1);
    pc->area = sp_calloc_n((size_t)n + 1, 1);
    pc->w = sp_calloc_n((size_t)n + 1, sizeof *pc->w);
    pc->cxy = sp_calloc_n(2 * (size_t)n + 2, sizeof *pc->cxy);
    pc->part = sp_calloc_n((size_t)n + 1, sizeof *pc->part);
    if (!pc->has || !pc->area || !pc->w || !pc->cxy || !pc->part)
        return sp_error(SP_E_NOMEM, "out of memory");
    const int32_t *pcl = in->point_cluster;
    const double *pxy = pcl ? in->point_xy : in->xy;
    const double *pw = pcl ? in->point_weight : in->weight;
    if (pcl) {
        int ok = np >= n && (np == 0 || (pcl[0] == 0 && pcl[np - 1] == n - 1));
        for (int32_t p = 1; ok && p < np; p++)
            ok = pcl[p] == pcl[p - 1] || pcl[p] == pcl[p - 1] + 1;
        if (!ok)
            return sp_error(SP_E_INTERNAL, "gaps: demand points not in cluster order");
    }
    for (int32_t c = 0, f = 0, e; c < n; c++, f = e) {   /* points [f, e) */
        for (e = f + 1; pcl && e < np && pcl[e] == c; e++)
            ;
        int32_t k = e - f, u = 0;
        double sw = 0;
        for (int32_t p = f; p < e; p++)
            if (!in->point_covered[p]) {
                u++;
                sw += pw[p];
            }
        if (u == 0)
            continue;
        pc->has[c] = 1;
        pc->area[c] = (uint8_t)is_area(gctx, in->geom[c]);
        pc->w[c] = u == k ? in->weight[c] : sw;
        if (!pc->area[c]) {
            pc->cxy[2 * c] = in->xy[2 * c];
            pc->cxy[2 * c + 1] = in->xy[2 * c + 1];
            continue;
        }
        double sx = 0, sy = 0, s = 0;
        for (int32_t p = f; p < e; p++)
            if (!in->point_covered[p]) {
                double w = sw > 0 ? pw[p] : 1.0;
                sx += w * pxy[2 * p];
                sy += w * pxy[2 * p + 1];
                s += w;
            }
        pc->cxy[2 * c] = sx / s;
        pc->cxy[2 * c + 1] = sy / s;
        if (k == 1 || u == k) {
            pc->part[c] = GEOSGeom_clone_r(gctx, in->geom[c]);
            if (!pc->part[c])
                return sp_error(SP_E_NOMEM, "out of memory");
        } else {
            sp_status st = uncovered_part(gctx, in, c, pxy + 2 * (size_t)f, in->point_covered + f, k,
                                          &pc->part[c]);
            if (st)
                return st;
        }
    }
    return SP_OK;
}

/* Join the area pieces to the pieces within link_m (gaps.h "Work"). */
static sp_status link_areas(GEOSContextHandle_t gctx, const sp_gaps_in *in, const pieces *pc,
                            double link_m, int32_t *parent, int64_t *pair_tests)
{
    int32_t n = in->n_clusters;
    sp_status st = SP_OK;
    int32_t *idx = sp_malloc_n((size_t)n + 1, sizeof *idx);
    GEOSSTRtree *tree = GEOSSTRtree_create_r(gctx, 10);
    GArray *cand = g_array_new(FALSE, FALSE, sizeof(int32_t));
    if (!idx || !tree) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto done;
    }
    for (int32_t c = 0; c < n; c++) {
        idx[c] = c;
        if (pc->has[c])
            GEOSSTRtree_insert_r(gctx, tree, pc->area[c] ? pc->part[c] : in->geom[c], &idx[c]);
    }
    for (int32_t c = 0; c < n && !st; c++) {
        if (!pc->has[c] || !pc->area[c])
            continue;
        double x0, y0, x1, y1;
        if (GEOSGeom_getXMin_r(gctx, pc->part[c], &x0) != 1 ||
            GEOSGeom_getYMin_r(gctx, pc->part[c], &y0) != 1 ||
            GEOSGeom_getXMax_r(gctx, pc->part[c], &x1) != 1 ||
            GEOSGeom_getYMax_r(gctx, pc->part[c], &y1) != 1) {
            st = geos_failed(in, c, "find the extent");
            break;
        }
        GEOSGeometry *q = GEOSGeom_createRectangle_r(gctx, x0 - link_m, y0 - link_m, x1 + link_m,
                                                     y1 + link_m);
        const GEOSPreparedGeometry *prep = GEOSPrepare_r(gctx, pc->part[c]);
        if (!q || !prep) {
            if (q)
                GEOSGeom_destroy_r(gctx, q);
            if (prep)
                GEOSPreparedGeom_destroy_r(gctx, prep);
            st = geos_failed(in, c, "prepare the uncovered part");
            break;
        }
        g_array_set_size(cand, 0);
        GEOSSTRtree_query_r(gctx, tree, q, collect_index, cand);
        GEOSGeom_destroy_r(gctx, q);
        g_array_sort(cand, cmp_i32);
        for (guint t = 0; t < cand->len; t++) {
            int32_t j = g_array_index(cand, int32_t, t);
            /* an area before c has tested c already */
            if (j == c || (pc->area[j] && j < c) || find(parent, c) == find(parent, j))
                continue;
            double d;
            if (GEOSPreparedDistance_r(gctx, prep, pc->area[j] ? pc->part[j] : in->geom[j], &d) != 1) {
                st = geos_failed(in, c, "measure the distance to a piece");
                break;
            }
            (*pair_tests)++;
            if (d <= link_m)
                unite(parent, c, j);
        }
        GEOSPreparedGeom_destroy_r(gctx, prep);
    }
done:
    if (tree)
        GEOSSTRtree_destroy_r(gctx, tree);
    g_array_free(cand, TRUE);
    free(idx);
    return st;
}

sp_status sp_gaps_find(GEOSContextHandle_t gctx, const sp_gaps_in *in, double link_m,
                       sp_gaps **out)
{
    *out = NULL;
    int32_t n = in->n_clusters;
    const double *xy = in->xy;
    GEOSGeometry *const *geom = in->geom;
    pieces pc = {0};
    sp_gaps *res = calloc(1, sizeof *res);
    int32_t *parent = sp_malloc_n((size_t)n, sizeof *parent);
    cell_item *items = sp_malloc_n((size_t)n, sizeof *items);
    int32_t *root_zone = sp_malloc_n((size_t)n, sizeof *root_zone);
    sp_status st = SP_OK;
    if (!res || !parent || !items || !root_zone) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto done;
    }
    if ((st = make_pieces(gctx, in, &pc)))
        goto done;
    const uint8_t *uncovered = pc.has;
    const double *weight = pc.w;
    /* Bucket the point pieces in a grid of cells of side link_m / 2: two
     * points in one cell are less than link_m apart (the diagonal is 0.71
     * link_m), so a cell's points are one group at once; points of two
     * cells at most two cells apart are tested pair by pair (one point per
     * place on either side) only while the two cells' groups are still
     * apart, and the first pair within link_m joins them.  So the work is linear in the points of a cell however
     * many share it (100,000 clusters at one point: one cell, no pairs),
     * instead of quadratic as with link_m cells and every pair tested. */
    double side = link_m / 2;
    double x0 = INFINITY, y0 = INFINITY;
    int any_area = 0;
    for (int32_t i = 0; i < n; i++) {
        any_area |= pc.area[i];
        if (uncovered[i] && !pc.area[i]) {
            x0 = fmin(x0, xy[2 * i]);
            y0 = fmin(y0, xy[2 * i + 1]);
        }
    }
    int32_t m = 0;
    for (int32_t i = 0; i < n; i++) {
        parent[i] = i;
        if (!uncovered[i] || pc.area[i])
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
    if (any_area && (st = link_areas(gctx, in, &pc, link_m, parent, &res->pair_tests)))
        goto done;
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
            sx += w * pc.cxy[2 * i];
            sy += w * pc.cxy[2 * i + 1];
            sw += w;
            if (pc.area[i]) {   /* the piece moves into the zone's parts */
                parts[np++] = pc.part[i];
                pc.part[i] = NULL;
            } else if (g_hash_table_add(seen, (gpointer)&xy[2 * i]))
                parts[np++] = GEOSBuffer_r(gctx, geom[i], link_m / 2, 8);
        }
        g_hash_table_destroy(seen);
        z->cx = sx / sw;
        z->cy = sy / sw;
        GEOSGeometry *coll = GEOSGeom_createCollection_r(gctx, GEOS_GEOMETRYCOLLECTION, parts, np);
        free(parts);
        z->polygon = coll ? GEOSUnaryUnion_r(gctx, coll) : NULL;
        if (coll && !z->polygon)   /* an invalid outline (gaps.h) */
            z->polygon = union_valid(gctx, coll);
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
    pieces_free(&pc, gctx, n);
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
