/* lattice.c — see lattice.h. */
#include "lattice.h"

#include <math.h>
#include <stdlib.h>


double sp_lattice_spacing(double area_m2, double cell_m)
{
    double s = area_m2 > 0 ? sqrt(area_m2 / SP_LATTICE_MAX_POINTS) : 0;
    return s > cell_m ? s : cell_m;
}

typedef struct {
    double *xy;
    size_t n, cap;
} pts;

static int push(pts *p, double x, double y)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 64;
        double *xy = realloc(p->xy, cap * 2 * sizeof *xy);
        if (!xy)
            return -1;
        p->xy = xy;
        p->cap = cap;
    }
    p->xy[2 * p->n] = x;
    p->xy[2 * p->n + 1] = y;
    p->n++;
    return 0;
}

/* The lattice points inside one polygon part. */
static sp_status part_points(GEOSContextHandle_t gctx, const GEOSGeometry *part, double cx,
                             double cy, double s, pts *out)
{
    double x0, y0, x1, y1;
    if (GEOSGeom_getXMin_r(gctx, part, &x0) != 1 || GEOSGeom_getYMin_r(gctx, part, &y0) != 1 ||
        GEOSGeom_getXMax_r(gctx, part, &x1) != 1 || GEOSGeom_getYMax_r(gctx, part, &y1) != 1)
        return sp_error(SP_E_INPUT, "area cluster: polygon without an extent");
    const GEOSPreparedGeometry *pg = GEOSPrepare_r(gctx, part);
    if (!pg)
        return sp_error(SP_E_NOMEM, "out of memory");
    sp_status st = SP_OK;
    long i0 = (long)ceil((x0 - cx) / s), i1 = (long)floor((x1 - cx) / s);
    long j0 = (long)ceil((y0 - cy) / s), j1 = (long)floor((y1 - cy) / s);
    for (long j = j0; j <= j1 && !st; j++)
        for (long i = i0; i <= i1; i++) {
            double x = cx + (double)i * s, y = cy + (double)j * s;
            GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(gctx, x, y);
            if (!pt) {
                st = sp_error(SP_E_NOMEM, "out of memory");
                break;
            }
            char in = GEOSPreparedContains_r(gctx, pg, pt);
            GEOSGeom_destroy_r(gctx, pt);
            if (in == 2) {
                st = sp_error(SP_E_INPUT, "area cluster: GEOS could not test a lattice point");
                break;
            }
            if (in == 1 && push(out, x, y)) {
                st = sp_error(SP_E_NOMEM, "out of memory");
                break;
            }
        }
    GEOSPreparedGeom_destroy_r(gctx, pg);
    return st;
}

sp_status sp_lattice_points(GEOSContextHandle_t gctx, const GEOSGeometry *poly, double cell_m,
                            double **xy, int32_t *n)
{
    *xy = NULL;
    *n = 0;
    int type = GEOSGeomTypeId_r(gctx, poly);
    if ((type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) || GEOSisEmpty_r(gctx, poly) != 0)
        return sp_error(SP_E_INPUT, "area cluster: not a polygon or multipolygon, or empty");
    double area = 0, x0, y0, x1, y1;
    if (GEOSArea_r(gctx, poly, &area) != 1 || GEOSGeom_getXMin_r(gctx, poly, &x0) != 1 ||
        GEOSGeom_getYMin_r(gctx, poly, &y0) != 1 || GEOSGeom_getXMax_r(gctx, poly, &x1) != 1 ||
        GEOSGeom_getYMax_r(gctx, poly, &y1) != 1)
        return sp_error(SP_E_INPUT, "area cluster: polygon without an area or extent");
    double s = sp_lattice_spacing(area, cell_m);
    if (!(s > 0) || !isfinite(s))
        return sp_error(SP_E_INPUT, "area cluster: no lattice spacing (cell %g m)", cell_m);
    double cx = 0.5 * (x0 + x1), cy = 0.5 * (y0 + y1);
    pts p = {0};
    sp_status st = SP_OK;
    int np = type == GEOS_POLYGON ? 1 : GEOSGetNumGeometries_r(gctx, poly);
    for (int k = 0; k < np && !st; k++) {
        const GEOSGeometry *part = type == GEOS_POLYGON ? poly : GEOSGetGeometryN_r(gctx, poly, k);
        if (!part || GEOSisEmpty_r(gctx, part) != 0)
            continue;
        st = part_points(gctx, part, cx, cy, s, &p);
    }
    if (!st && p.n == 0) {
        GEOSGeometry *pos = GEOSPointOnSurface_r(gctx, poly);
        double x, y;
        if (!pos || GEOSGeomGetX_r(gctx, pos, &x) != 1 || GEOSGeomGetY_r(gctx, pos, &y) != 1)
            st = sp_error(SP_E_INPUT, "area cluster: no point on its surface");
        else if (push(&p, x, y))
            st = sp_error(SP_E_NOMEM, "out of memory");
        if (pos)
            GEOSGeom_destroy_r(gctx, pos);
    }
    if (!st && p.n > INT32_MAX / 2)
        st = sp_error(SP_E_INPUT, "area cluster: too many lattice points");
    if (st) {
        free(p.xy);
        return st;
    }
    *xy = p.xy;
    *n = (int32_t)p.n;
    return SP_OK;
}

void sp_lattice_shares(double w, int32_t n, double *share)
{
    if (n <= 1) {
        if (n == 1)
            share[0] = w;
        return;
    }
    /* base: a multiple of the quantum below 2^30 / quantum = 2^50, so
     * every partial sum of bases is an exact multiple of the quantum; the
     * rest w - (n-1) base is exact too (its bits lie between w's lowest
     * and highest, which needs at most 53 bits). */
    double base = floor(w / n / SP_LATTICE_QUANTUM) * SP_LATTICE_QUANTUM;
    for (int32_t k = 0; k < n - 1; k++)
        share[k] = base;
    share[n - 1] = w - (double)(n - 1) * base;
}

void sp_lattice_shares_weighted(double w, int32_t n, const double *wt, double *share)
{
    if (n <= 1) {
        if (n == 1)
            share[0] = w;
        return;
    }
    double total = 0;
    for (int32_t k = 0; k < n; k++)
        total += wt[k];
    /* each share a multiple of the quantum below 2^30, so the running sum
     * is exact; it never passes w (a share is cut to what is left, rounded
     * down), so the rest w - sum is exact and >= 0 (as in
     * sp_lattice_shares) */
    double sum = 0;
    for (int32_t k = 0; k < n - 1; k++) {
        double q = floor(w * (wt[k] / total) / SP_LATTICE_QUANTUM) * SP_LATTICE_QUANTUM;
        double left = floor((w - sum) / SP_LATTICE_QUANTUM) * SP_LATTICE_QUANTUM;
        share[k] = q < left ? q : left;
        sum += share[k];
    }
    share[n - 1] = w - sum;
}
