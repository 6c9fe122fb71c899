/* crs.c — see crs.h. */
#include "crs.h"

#include <geos_c.h>
#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sp_crs {
    PJ_CONTEXT *ctx;
    PJ *crs;
    char *name;
    char *wkt;
};

struct sp_xform {
    sp_crs *owner;
    PJ *pj;
    int failed;
};

int sp_crs_utm_epsg(double lon, double lat)
{
    if (!(lon >= -180 && lon <= 180 && lat >= -80 && lat <= 84))
        return 0;
    int zone = (int)floor((lon + 180.0) / 6.0) + 1;
    if (zone > 60)
        zone = 60;
    /* The two exceptions of the UTM grid. */
    if (lat >= 56 && lat < 64 && lon >= 3 && lon < 12)
        zone = 32;
    if (lat >= 72) {
        if (lon >= 0 && lon < 9) zone = 31;
        else if (lon >= 9 && lon < 21) zone = 33;
        else if (lon >= 21 && lon < 33) zone = 35;
        else if (lon >= 33 && lon < 42) zone = 37;
    }
    return (lat >= 0 ? 32600 : 32700) + zone;
}

void sp_crs_free(sp_crs *c)
{
    if (!c)
        return;
    proj_destroy(c->crs);
    proj_context_destroy(c->ctx);
    free(c->name);
    free(c->wkt);
    free(c);
}

static const char *proj_msg(PJ_CONTEXT *ctx)
{
    int e = proj_context_errno(ctx);
    return e ? proj_context_errno_string(ctx, e) : "not recognised";
}

sp_status sp_crs_new(const char *definition, sp_crs **out)
{
    *out = NULL;
    sp_crs *c = calloc(1, sizeof *c);
    if (!c)
        return sp_error(SP_E_NOMEM, "out of memory");
    c->ctx = proj_context_create();
    proj_log_level(c->ctx, PJ_LOG_NONE);
    /* A classic "+proj=..." string describes a CRS only with +type=crs. */
    char *def2 = NULL;
    if (definition[0] == '+' && !strstr(definition, "+type=crs")) {
        def2 = malloc(strlen(definition) + 12);
        if (def2)
            sprintf(def2, "%s +type=crs", definition);
    }
    c->crs = proj_create(c->ctx, def2 ? def2 : definition);
    free(def2);
    if (!c->crs) {
        sp_status st = sp_error(SP_E_CRS, "CRS '%s': %s", definition,
                                proj_msg(c->ctx));
        sp_crs_free(c);
        return st;
    }
    PJ_TYPE t = proj_get_type(c->crs);
    if (t != PJ_TYPE_PROJECTED_CRS) {
        sp_crs_free(c);
        return sp_error(SP_E_CRS,
                        "CRS '%s' is not a projected CRS; siteplan works in "
                        "metres (e.g. a UTM zone such as EPSG:32722)",
                        definition);
    }
    PJ *cs = proj_crs_get_coordinate_system(c->ctx, c->crs);
    int n_axes = cs ? proj_cs_get_axis_count(c->ctx, cs) : 0;
    int metric = n_axes >= 2;
    for (int i = 0; i < n_axes && metric; i++) {
        double factor = 0;
        proj_cs_get_axis_info(c->ctx, cs, i, NULL, NULL, NULL, &factor, NULL,
                              NULL, NULL);
        if (fabs(factor - 1.0) > 1e-12)
            metric = 0;
    }
    proj_destroy(cs);
    if (!metric) {
        sp_crs_free(c);
        return sp_error(SP_E_CRS, "CRS '%s' does not have metre axes",
                        definition);
    }
    c->name = strdup(definition);
    const char *wkt = proj_as_wkt(c->ctx, c->crs, PJ_WKT2_2019, NULL);
    c->wkt = wkt ? strdup(wkt) : NULL;
    if (!c->name || !c->wkt) {
        sp_crs_free(c);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    *out = c;
    return SP_OK;
}

const char *sp_crs_name(const sp_crs *c) { return c->name; }
const char *sp_crs_wkt(const sp_crs *c) { return c->wkt; }

sp_status sp_xform_new(sp_crs *c, const char *src_def, int to_working,
                       const char *what, sp_xform **out)
{
    *out = NULL;
    PJ *src = proj_create(c->ctx, src_def);
    if (!src)
        return sp_error(SP_E_CRS, "%s: CRS not recognised: %s", what,
                        proj_msg(c->ctx));
    PJ *raw = to_working
                  ? proj_create_crs_to_crs_from_pj(c->ctx, src, c->crs, NULL, NULL)
                  : proj_create_crs_to_crs_from_pj(c->ctx, c->crs, src, NULL, NULL);
    proj_destroy(src);
    if (!raw)
        return sp_error(SP_E_CRS, "%s: no transformation to %s: %s", what,
                        c->name, proj_msg(c->ctx));
    PJ *norm = proj_normalize_for_visualization(c->ctx, raw);
    proj_destroy(raw);
    if (!norm)
        return sp_error(SP_E_CRS, "%s: cannot normalise axis order: %s", what,
                        proj_msg(c->ctx));
    sp_xform *x = calloc(1, sizeof *x);
    if (!x) {
        proj_destroy(norm);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    x->owner = c;
    x->pj = norm;
    *out = x;
    return SP_OK;
}

void sp_xform_free(sp_xform *x)
{
    if (!x)
        return;
    proj_destroy(x->pj);
    free(x);
}

sp_status sp_xform_apply(sp_xform *x, double *xy, size_t n)
{
    if (n == 0)
        return SP_OK;
    proj_trans_generic(x->pj, PJ_FWD, xy, 2 * sizeof(double), n, xy + 1,
                       2 * sizeof(double), n, NULL, 0, 0, NULL, 0, 0);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(xy[2 * i]) || !isfinite(xy[2 * i + 1]) ||
            fabs(xy[2 * i]) > 1e12 || fabs(xy[2 * i + 1]) > 1e12)
            return sp_error(SP_E_CRS,
                            "coordinates cannot be transformed into %s (are "
                            "they in the CRS the layer declares?)",
                            x->owner->name);
    return SP_OK;
}

static int xform_cb(double *px, double *py, void *ud)
{
    sp_xform *x = ud;
    PJ_COORD c = proj_coord(*px, *py, 0, 0);
    c = proj_trans(x->pj, PJ_FWD, c);
    if (!isfinite(c.xy.x) || !isfinite(c.xy.y) || fabs(c.xy.x) > 1e12) {
        x->failed = 1;
        return 0;
    }
    *px = c.xy.x;
    *py = c.xy.y;
    return 1;
}

sp_status sp_xform_geom(sp_xform *x, GEOSContextHandle_t gctx,
                        const GEOSGeometry *in, GEOSGeometry **out)
{
    x->failed = 0;
    *out = GEOSGeom_transformXY_r(gctx, in, xform_cb, x);
    if (!*out || x->failed) {
        if (*out)
            GEOSGeom_destroy_r(gctx, *out);
        *out = NULL;
        return sp_error(SP_E_CRS,
                        "coordinates cannot be transformed into %s (are they "
                        "in the CRS the layer declares?)",
                        x->owner->name);
    }
    return SP_OK;
}

sp_status sp_crs_to_lonlat(const char *src_def, double x, double y,
                           double *lon, double *lat)
{
    PJ_CONTEXT *ctx = proj_context_create();
    proj_log_level(ctx, PJ_LOG_NONE);
    sp_status st = SP_OK;
    PJ *raw = proj_create_crs_to_crs(ctx, src_def, "EPSG:4326", NULL);
    PJ *pj = raw ? proj_normalize_for_visualization(ctx, raw) : NULL;
    if (!pj) {
        st = sp_error(SP_E_CRS, "cannot transform from CRS to WGS 84: %s",
                      proj_msg(ctx));
    } else {
        PJ_COORD c = proj_trans(pj, PJ_FWD, proj_coord(x, y, 0, 0));
        if (!isfinite(c.xy.x) || !isfinite(c.xy.y) || fabs(c.xy.x) > 360 ||
            fabs(c.xy.y) > 90)
            st = sp_error(SP_E_CRS, "point (%g, %g) cannot be placed on the "
                          "globe; is the layer's CRS right?", x, y);
        *lon = c.xy.x;
        *lat = c.xy.y;
    }
    proj_destroy(pj);
    proj_destroy(raw);
    proj_context_destroy(ctx);
    return st;
}
