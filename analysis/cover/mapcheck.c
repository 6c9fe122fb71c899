/* mapcheck.c — counted coverage against the drawn coverage area; see mapcheck.h. */
#include "mapcheck.h"

#include <math.h>
#include <stdlib.h>

#include "costmatrix.h"

void sp_mapcheck_free(sp_mapcheck *m)
{
    if (!m)
        return;
    free(m->by_ring);
    free(m->example);
    free(m);
}

/* One ring's area, prepared: the area itself (inside? how far outside?) and
 * its boundary (how far inside?).  Both NULL for an empty area. */
typedef struct {
    GEOSGeometry *boundary;
    const GEOSPreparedGeometry *area_p, *boundary_p;
} ring_prep;

static void ring_free(GEOSContextHandle_t gctx, ring_prep *rp)
{
    if (rp->area_p)
        GEOSPreparedGeom_destroy_r(gctx, rp->area_p);
    if (rp->boundary_p)
        GEOSPreparedGeom_destroy_r(gctx, rp->boundary_p);
    if (rp->boundary)
        GEOSGeom_destroy_r(gctx, rp->boundary);
    *rp = (ring_prep){0};
}

static sp_status ring_prepare(GEOSContextHandle_t gctx, const GEOSGeometry *area, ring_prep *rp)
{
    *rp = (ring_prep){0};
    if (!area)
        return SP_OK;
    char empty = GEOSisEmpty_r(gctx, area);
    if (empty == 2)
        return sp_error(SP_E_INTERNAL, "map check: GEOSisEmpty failed");
    if (empty)
        return SP_OK;
    if (!(rp->area_p = GEOSPrepare_r(gctx, area)) || !(rp->boundary = GEOSBoundary_r(gctx, area)) ||
        !(rp->boundary_p = GEOSPrepare_r(gctx, rp->boundary))) {
        ring_free(gctx, rp);
        return sp_error(SP_E_INTERNAL, "map check: cannot prepare the coverage area");
    }
    return SP_OK;
}

/* Does the point disagree with the ring's area?  1 (and *dist, signed as
 * sp_mapcheck_case.dist_m), 0, or -1 when GEOS failed. */
static int disagrees(GEOSContextHandle_t gctx, const ring_prep *rp, const GEOSGeometry *pt,
                     int within, double tol_m, double *dist)
{
    if (!rp->area_p) { /* empty: everything is outside, infinitely far */
        *dist = INFINITY;
        return within;
    }
    char inside = GEOSPreparedIntersects_r(gctx, rp->area_p, pt);
    if (inside == 2)
        return -1;
    if (within == inside) /* counted within and drawn inside, or beyond and outside */
        return 0;
    const GEOSPreparedGeometry *to = inside ? rp->boundary_p : rp->area_p;
    char near = GEOSPreparedDistanceWithin_r(gctx, to, pt, tol_m);
    if (near == 2)
        return -1;
    if (near)
        return 0;
    double d;
    if (!GEOSPreparedDistance_r(gctx, to, pt, &d))
        return -1;
    *dist = inside ? -d : d;
    return 1;
}

sp_status sp_mapcheck_run(GEOSContextHandle_t gctx, GEOSGeometry *const *area,
                          const double *limits_s, int n_limits, int32_t n_clusters,
                          const double *xy, const double *time_s, const uint8_t *skip,
                          double tol_m, sp_mapcheck **out)
{
    *out = NULL;
    sp_mapcheck *m = calloc(1, sizeof *m);
    ring_prep *rp = sp_calloc_n((size_t)(n_limits > 0 ? n_limits : 1), sizeof *rp);
    if (m) {
        m->by_ring = sp_calloc_n((size_t)(n_limits > 0 ? n_limits : 1), sizeof *m->by_ring);
        m->example = sp_calloc_n((size_t)(n_limits > 0 ? n_limits : 1) * SP_MAPCHECK_EXAMPLES,
                                 sizeof *m->example);
    }
    sp_status st = SP_OK;
    if (!m || !rp || !m->by_ring || !m->example) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto done;
    }
    m->tol_m = tol_m;
    m->n_limits = n_limits;
    for (int r = 0; r < n_limits && !st; r++)
        st = ring_prepare(gctx, area ? area[r] : NULL, &rp[r]);
    for (int32_t c = 0; c < n_clusters && !st; c++) {
        if (skip && skip[c]) {
            m->skipped++;
            continue;
        }
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(gctx, xy[2 * c], xy[2 * c + 1]);
        if (!pt) {
            st = sp_error(SP_E_INTERNAL, "map check: cannot make a point");
            break;
        }
        int any = 0;
        for (int r = 0; r < n_limits; r++) {
            double d = 0;
            int bad = disagrees(gctx, &rp[r], pt, sp_covers(time_s[c], limits_s[r]), tol_m, &d);
            if (bad < 0) {
                st = sp_error(SP_E_INTERNAL, "map check: a GEOS test failed");
                break;
            }
            if (!bad)
                continue;
            any = 1;
            if (m->by_ring[r] < SP_MAPCHECK_EXAMPLES)
                m->example[r * SP_MAPCHECK_EXAMPLES + m->by_ring[r]] =
                    (sp_mapcheck_case){c, time_s[c], d};
            m->by_ring[r]++;
        }
        m->disagreeing += any;
        GEOSGeom_destroy_r(gctx, pt);
    }
done:
    for (int r = 0; rp && r < n_limits; r++)
        ring_free(gctx, &rp[r]);
    free(rp);
    if (st) {
        sp_mapcheck_free(m);
        return st;
    }
    *out = m;
    return SP_OK;
}
