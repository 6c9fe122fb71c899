/* areas.c — weight points and entrances of area clusters; see areas.h. */
#include "areas.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int is_area(GEOSContextHandle_t g, const GEOSGeometry *geom)
{
    int t = geom ? GEOSGeomTypeId_r(g, geom) : -1;
    return t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON;
}

typedef struct {
    double x0, y0, x1, y1;
} box;

static int envelope(GEOSContextHandle_t g, const GEOSGeometry *geom, double grow, box *b)
{
    if (GEOSGeom_getXMin_r(g, geom, &b->x0) != 1 || GEOSGeom_getYMin_r(g, geom, &b->y0) != 1 ||
        GEOSGeom_getXMax_r(g, geom, &b->x1) != 1 || GEOSGeom_getYMax_r(g, geom, &b->y1) != 1)
        return 0;
    b->x0 -= grow;
    b->y0 -= grow;
    b->x1 += grow;
    b->y1 += grow;
    return 1;
}

static int in_box(const box *b, double x, double y)
{
    return x >= b->x0 && x <= b->x1 && y >= b->y0 && y <= b->y1;
}

/* For each point (xy of p) and area c: test(prepared area c, point) ->
 * call back.  A visitor over (area, point) pairs within the area's
 * envelope grown by grow; points in ascending order per area, areas in
 * order. */
typedef int (*pair_fn)(GEOSContextHandle_t g, const GEOSPreparedGeometry *area,
                       const GEOSGeometry *pt, int32_t c, int32_t i, void *arg);

static sp_status each_pair(GEOSContextHandle_t g, const sp_points *cl, const sp_points *p,
                           double grow, pair_fn fn, void *arg)
{
    GEOSGeometry **pt = calloc(p->n + 1, sizeof *pt);
    if (!pt)
        return sp_error(SP_E_NOMEM, "out of memory");
    sp_status st = SP_OK;
    for (size_t i = 0; i < p->n && !st; i++)
        if (!(pt[i] = GEOSGeom_createPointFromXY_r(g, p->xy[2 * i], p->xy[2 * i + 1])))
            st = sp_error(SP_E_INTERNAL, "GEOS: cannot make a point");
    for (size_t c = 0; c < cl->n && !st; c++) {
        const GEOSGeometry *a = cl->geom ? cl->geom[c] : NULL;
        box b;
        if (!is_area(g, a))
            continue;
        if (!envelope(g, a, grow, &b)) {
            st = sp_error(SP_E_INTERNAL, "GEOS: no envelope of %s (id %s)", cl->what, cl->id[c]);
            break;
        }
        const GEOSPreparedGeometry *pa = GEOSPrepare_r(g, a);
        if (!pa) {
            st = sp_error(SP_E_INTERNAL, "GEOS: cannot prepare %s (id %s)", cl->what, cl->id[c]);
            break;
        }
        for (size_t i = 0; i < p->n && !st; i++) {
            int r = in_box(&b, p->xy[2 * i], p->xy[2 * i + 1])
                        ? fn(g, pa, pt[i], (int32_t)c, (int32_t)i, arg)
                        : 0;
            if (r == -2)
                st = sp_error(SP_E_NOMEM, "out of memory");
            else if (r < 0)
                st = sp_error(SP_E_INTERNAL, "GEOS: a point-in-area test failed (%s, id %s)",
                              cl->what, cl->id[c]);
        }
        GEOSPreparedGeom_destroy_r(g, pa);
    }
    for (size_t i = 0; i < p->n; i++)
        if (pt[i])
            GEOSGeom_destroy_r(g, pt[i]);
    free(pt);
    return st;
}

static int owner_fn(GEOSContextHandle_t g, const GEOSPreparedGeometry *area,
                    const GEOSGeometry *pt, int32_t c, int32_t i, void *arg)
{
    int32_t *owner = arg;
    if (owner[i] >= 0)
        return 0; /* the first area keeps it */
    char r = GEOSPreparedIntersects_r(g, area, pt);
    if (r == 2)
        return -1;
    if (r == 1)
        owner[i] = c;
    return 0;
}

sp_status sp_areas_weight_owner(GEOSContextHandle_t gctx, const sp_points *cl,
                                const sp_points *wp, int32_t *owner, int32_t *n_outside)
{
    for (size_t i = 0; i < wp->n; i++)
        owner[i] = -1;
    sp_status st = each_pair(gctx, cl, wp, 0, owner_fn, owner);
    *n_outside = 0;
    for (size_t i = 0; i < wp->n; i++)
        *n_outside += owner[i] < 0;
    return st;
}

typedef struct {
    int32_t *pair_c, *pair_g;
    size_t n, cap;
} pairs;

static int gate_fn(GEOSContextHandle_t g, const GEOSPreparedGeometry *area,
                   const GEOSGeometry *pt, int32_t c, int32_t i, void *arg)
{
    pairs *pr = arg;
    char r = GEOSPreparedDistanceWithin_r(g, area, pt, SP_ENTRANCE_NEAR_M);
    if (r == 2)
        return -1;
    if (r != 1)
        return 0;
    if (pr->n == pr->cap) {
        size_t cap = pr->cap ? 2 * pr->cap : 64;
        int32_t *a = realloc(pr->pair_c, cap * sizeof *a);
        if (a)
            pr->pair_c = a;
        int32_t *b = realloc(pr->pair_g, cap * sizeof *b);
        if (b)
            pr->pair_g = b;
        if (!a || !b)
            return -2;
        pr->cap = cap;
    }
    pr->pair_c[pr->n] = c;
    pr->pair_g[pr->n] = i;
    pr->n++;
    return 0;
}

sp_status sp_areas_gates(GEOSContextHandle_t gctx, const sp_points *cl, const sp_points *gates,
                         int32_t **first, int32_t **count, int32_t **gate, int32_t *n_far)
{
    *first = *count = *gate = NULL;
    *n_far = 0;
    pairs pr = {0};
    sp_status st = each_pair(gctx, cl, gates, SP_ENTRANCE_NEAR_M, gate_fn, &pr);
    int32_t *f = sp_calloc_n(cl->n + 1, sizeof *f), *k = sp_calloc_n(cl->n + 1, sizeof *k),
            *gl = sp_malloc_n(pr.n + 1, sizeof *gl);
    uint8_t *used = sp_calloc_n(gates->n + 1, 1);
    if (!st && (!f || !k || !gl || !used))
        st = sp_error(SP_E_NOMEM, "out of memory");
    if (!st) {
        /* pairs come area by area, gates ascending: already CSR order */
        for (size_t j = 0; j < pr.n; j++) {
            int32_t c = pr.pair_c[j];
            if (k[c] == 0)
                f[c] = (int32_t)j;
            k[c]++;
            gl[j] = pr.pair_g[j];
            used[pr.pair_g[j]] = 1;
        }
        for (size_t i = 0; i < gates->n; i++)
            *n_far += !used[i];
    }
    free(pr.pair_c);
    free(pr.pair_g);
    free(used);
    if (st) {
        free(f);
        free(k);
        free(gl);
        return st;
    }
    *first = f;
    *count = k;
    *gate = gl;
    return SP_OK;
}

int sp_areas_gate_access(double x, double y, const int32_t *gate, int32_t n_gate,
                         const double *gxy, const sp_snap *galt, const uint8_t *n_galt,
                         double walk_kmh, sp_snap *out)
{
    /* the SP_ACCESS_MAX least by offroad_s, kept sorted by insertion;
     * candidates come in (gate order, snap order), so a later one goes
     * before an earlier only when strictly faster: ties keep that order */
    int n = 0;
    double v = walk_kmh / 3.6;
    for (int32_t k = 0; k < n_gate; k++) {
        int32_t g = gate[k];
        double d = hypot(x - gxy[2 * g], y - gxy[2 * g + 1]);
        for (int a = 0; a < n_galt[g]; a++) {
            sp_snap c = galt[(size_t)g * SP_ACCESS_MAX + a];
            c.offroad_m += d;
            c.offroad_s += d / v;
            int at = n;
            while (at > 0 && c.offroad_s < out[at - 1].offroad_s)
                at--;
            if (at >= SP_ACCESS_MAX)
                continue;
            for (int j = (n < SP_ACCESS_MAX ? n : SP_ACCESS_MAX - 1); j > at; j--)
                out[j] = out[j - 1];
            out[at] = c;
            if (n < SP_ACCESS_MAX)
                n++;
        }
    }
    return n;
}
