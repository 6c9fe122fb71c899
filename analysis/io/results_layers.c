/* results_layers.c — the layers of results.gpkg, checked against the schema
 * and read into sp_results (see results_read.h). */
#include "results_read_internal.h"
#include "number.h"

#include <glib.h>
#include <math.h>
#include <ogr_api.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sp_road_class sp_road_class_of(const char *h)
{
    if (!h)
        return SP_RC_MINOR;
    size_t n = strlen(h);
    if (n > 5 && !strcmp(h + n - 5, "_link"))
        n -= 5;
#define IS(s) (n == strlen(s) && !strncmp(h, s, n))
    if (IS("motorway"))
        return SP_RC_MOTORWAY;
    if (IS("trunk"))
        return SP_RC_TRUNK;
    if (IS("primary"))
        return SP_RC_PRIMARY;
    if (IS("secondary"))
        return SP_RC_SECONDARY;
    if (IS("tertiary"))
        return SP_RC_TERTIARY;
    if (IS("service"))
        return SP_RC_SERVICE;
    if (IS("footway") || IS("path") || IS("steps") || IS("cycleway") || IS("track") ||
        IS("pedestrian") || IS("bridleway") || IS("platform") || IS("corridor"))
        return SP_RC_PATH;
#undef IS
    return SP_RC_MINOR;
}

/* ---- checks ---- */

typedef sp__rd rd;   /* results_read_internal.h */

static void bad_value(rd *cx, OGRFeatureH f, const char *field, double v, const char *what)
{
    if (cx->bad++)
        return;
    sp_error(SP_E_INPUT, "%s, layer \"%s\", feature %lld, %s%s%s: %g is not %s (not written by "
             "siteplan run; run the scenario again)", cx->path, cx->layer, (long long)OGR_F_GetFID(f),
             field ? "field \"" : "", field ? field : "the geometry", field ? "\"" : "", v, what);
}

/* Report field of f as the text (printf) says. */
static void G_GNUC_PRINTF(4, 5) bad_text(rd *cx, OGRFeatureH f, const char *field, const char *fmt, ...)
{
    if (cx->bad++)
        return;
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    sp_error(SP_E_INPUT, "%s, layer \"%s\", feature %lld, field \"%s\": %s (not written by "
             "siteplan run; run the scenario again)", cx->path, cx->layer,
             (long long)OGR_F_GetFID(f), field, text);
}

/* Report field of f as null where a value is required. */
static void bad_null(rd *cx, OGRFeatureH f, const char *field, const char *what)
{
    bad_text(cx, f, field, "null, expected %s", what);
}

/* Coordinates: finite and within +-SP_RESULTS_MAX_ABS. */
static void check_xy(rd *cx, OGRFeatureH f, const double *xy, size_t n_points)
{
    for (size_t i = 0; i < 2 * n_points; i++)
        if (!(fabs(xy[i]) <= SP_RESULTS_MAX_ABS)) {
            bad_value(cx, f, NULL, xy[i], "a finite coordinate within +-1e+15");
            return;
        }
}

/* ---- geometry ---- */

void sp__rshape_free(sp_rshape *s)
{
    free(s->ring_off);
    free(s->hole);
    free(s->xy);
    memset(s, 0, sizeof *s);
}

static void add_ring(OGRGeometryH ring, int is_hole, GArray *off, GArray *hole, GArray *xy)
{
    int n = OGR_G_GetPointCount(ring);
    if (n <= 0)
        return;
    uint8_t h = (uint8_t)is_hole;
    g_array_append_val(hole, h);
    guint at = xy->len;
    g_array_set_size(xy, at + 2 * (guint)n);
    double *p = &g_array_index(xy, double, at);
    OGR_G_GetPoints(ring, p, 2 * sizeof(double), p + 1, 2 * sizeof(double), NULL, 0);
    int32_t end = (int32_t)(xy->len / 2);
    g_array_append_val(off, end);
}

static void add_polygons(OGRGeometryH g, GArray *off, GArray *hole, GArray *xy)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbPolygon) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            add_ring(OGR_G_GetGeometryRef(g, i), i > 0, off, hole, xy);
    } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++)
            add_polygons(OGR_G_GetGeometryRef(g, i), off, hole, xy);
    }
}

/* Polygon or multipolygon -> rings.  An empty or missing geometry gives
 * an empty shape. */
static void shape_from(rd *cx, OGRFeatureH f, OGRGeometryH g, sp_rshape *s)
{
    memset(s, 0, sizeof *s);
    GArray *off = g_array_new(FALSE, FALSE, sizeof(int32_t));
    GArray *xy = g_array_new(FALSE, FALSE, sizeof(double));
    GArray *hole = g_array_new(FALSE, FALSE, sizeof(uint8_t));
    int32_t zero = 0;
    g_array_append_val(off, zero);
    if (g)
        add_polygons(g, off, hole, xy);
    s->n_rings = (int32_t)off->len - 1;
    s->ring_off = (int32_t *)(void *)g_array_free(off, FALSE);
    s->hole = (uint8_t *)(void *)g_array_free(hole, FALSE);
    s->xy = (double *)(void *)g_array_free(xy, FALSE);
    check_xy(cx, f, s->xy, (size_t)s->ring_off[s->n_rings]);
    s->bb[0] = s->bb[1] = INFINITY;
    s->bb[2] = s->bb[3] = -INFINITY;
    for (int32_t i = 0; i < s->ring_off[s->n_rings]; i++) {
        s->bb[0] = fmin(s->bb[0], s->xy[2 * i]);
        s->bb[2] = fmax(s->bb[2], s->xy[2 * i]);
        s->bb[1] = fmin(s->bb[1], s->xy[2 * i + 1]);
        s->bb[3] = fmax(s->bb[3], s->xy[2 * i + 1]);
    }
}

/* A representative point: the point itself, else a point on the surface. */
static int point_of(rd *cx, OGRFeatureH f, OGRGeometryH g, double *x, double *y)
{
    if (!g || OGR_G_IsEmpty(g))
        return 0;
    if (wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPoint) {
        double p[2] = {OGR_G_GetX(g, 0), OGR_G_GetY(g, 0)};
        check_xy(cx, f, p, 1);
        *x = p[0];
        *y = p[1];
        return 1;
    }
    OGREnvelope e;   /* a non-finite vertex anywhere: reject before GEOS sees it */
    OGR_G_GetEnvelope(g, &e);
    double bb[4] = {e.MinX, e.MinY, e.MaxX, e.MaxY};
    check_xy(cx, f, bb, 2);
    if (cx->bad)
        return 0;
    OGRGeometryH p = OGR_G_PointOnSurface(g);
    if (!p)
        return 0;
    *x = OGR_G_GetX(p, 0);
    *y = OGR_G_GetY(p, 0);
    OGR_G_DestroyGeometry(p);
    return 1;
}

/* ---- fields ---- */

static char *fstr(OGRFeatureH f, int i)
{
    if (!OGR_F_IsFieldSetAndNotNull(f, i))
        return NULL;
    return strdup(OGR_F_GetFieldAsString(f, i));
}

static double fnum(rd *cx, OGRFeatureH f, int i, double dflt)
{
    if (!OGR_F_IsFieldSetAndNotNull(f, i))
        return dflt;
    double v = OGR_F_GetFieldAsDouble(f, i);
    if (!(fabs(v) <= SP_RESULTS_MAX_ABS)) {
        bad_value(cx, f, OGR_Fld_GetNameRef(OGR_F_GetFieldDefnRef(f, i)), v,
                  "a finite number within +-1e+15");
        return dflt;
    }
    return v;
}

/* A count, a rank or a 0/1 flag: 0 .. SP_RESULTS_MAX_COUNT. */
static int fint(rd *cx, OGRFeatureH f, int i, int dflt)
{
    if (!OGR_F_IsFieldSetAndNotNull(f, i))
        return dflt;
    double v = OGR_F_GetFieldAsDouble(f, i);
    if (!(v >= 0 && v <= SP_RESULTS_MAX_COUNT)) {
        bad_value(cx, f, OGR_Fld_GetNameRef(OGR_F_GetFieldDefnRef(f, i)), v,
                  "a count from 0 to 268435455");
        return dflt;
    }
    return (int)v;
}

/* The layer of the schema, its geometry type and every field checked.
 * OUT: *l, idx[k] = the layer's index of the schema's field k, *n = its
 * feature count. */
static sp_status open_layer(GDALDatasetH ds, const char *path, sp_schema_layer_id id, OGRLayerH *l,
                            int *idx, int *n)
{
    const sp_schema_table *t = sp_schema_layer(id);
    *l = GDALDatasetGetLayerByName(ds, t->name);
    if (!*l)
        return sp_error(SP_E_INPUT, "%s: no layer \"%s\" (%s)", path, t->name, t->meaning);
    OGRwkbGeometryType g = wkbFlatten(OGR_L_GetGeomType(*l));
    int geom_ok = g == t->geom || (id == SP_L_CLUSTERS && (g == wkbMultiPolygon || g == wkbUnknown));
    if (!geom_ok)
        return sp_error(SP_E_INPUT, "%s, layer \"%s\": geometry type %s, expected %s", path, t->name,
                        OGRGeometryTypeToName(g), OGRGeometryTypeToName(t->geom));
    OGRFeatureDefnH fd = OGR_L_GetLayerDefn(*l);
    for (int k = 0; k < t->n_fields; k++) {
        const sp_schema_field *sf = &t->fields[k];
        idx[k] = OGR_FD_GetFieldIndex(fd, sf->name);
        if (idx[k] < 0)
            return sp_error(SP_E_INPUT, "%s, layer \"%s\": no field \"%s\" (%s)", path, t->name, sf->name,
                            sf->meaning);
        OGRFieldType ft = OGR_Fld_GetType(OGR_FD_GetFieldDefn(fd, idx[k]));
        if (ft != sf->type)
            return sp_error(SP_E_INPUT, "%s, layer \"%s\", field \"%s\": type %s, expected %s", path, t->name,
                            sf->name, OGR_GetFieldTypeName(ft), OGR_GetFieldTypeName(sf->type));
    }
    GIntBig c = OGR_L_GetFeatureCount(*l, TRUE);
    if (c < 0 || c > INT32_MAX / 8)
        return sp_error(SP_E_INPUT, "%s, layer \"%s\": cannot count its features", path, t->name);
    *n = (int)c;
    OGR_L_ResetReading(*l);
    return SP_OK;
}

#define ALLOC(p, n) ((p) = sp_calloc_n((n) ? (size_t)(n) : 1, sizeof *(p)))

/* The area fields of cluster c (schema 7), read after its other fields and
 * checked against them: demand_points >= 1; workers_covered 0 .. workers
 * (rounding: 1e-9 relative); share_covered 0..1 and workers_covered /
 * workers (any share with 0 workers); nothing covered in a cluster not
 * covered; one demand point: all or nothing; minutes_worst only when every
 * point is covered (share 1), not below minutes; with [siting],
 * workers_covered_after from workers_covered to workers, 0 when not
 * covered after (without [siting] it is NAN, whatever the file says). */
static void read_cluster_area(rd *cx, OGRFeatureH f, const int *ix, sp_rcluster *c, int has_siting)
{
    c->demand_points = fint(cx, f, ix[SP_F_CL_DEMAND_POINTS], 0);
    c->workers_covered = fnum(cx, f, ix[SP_F_CL_WORKERS_COVERED], NAN);
    c->share_covered = fnum(cx, f, ix[SP_F_CL_SHARE_COVERED], NAN);
    c->minutes_worst = fnum(cx, f, ix[SP_F_CL_MINUTES_WORST], NAN);
    c->workers_covered_after = has_siting ? fnum(cx, f, ix[SP_F_CL_WORKERS_COVERED_AFTER], NAN) : NAN;
    if (cx->bad)
        return;
    double w = c->workers, wc = c->workers_covered, sh = c->share_covered, tol = 1e-9 * fmax(1, fabs(w));
    char what[160];
    snprintf(what, sizeof what, "a number of workers from 0 to the cluster's workers (%.10g)", w);
    if (!OGR_F_IsFieldSetAndNotNull(f, ix[SP_F_CL_DEMAND_POINTS]))
        bad_null(cx, f, "demand_points", "a count of demand points from 1");
    else if (c->demand_points < 1)
        bad_value(cx, f, "demand_points", c->demand_points, "a count of demand points from 1");
    else if (isnan(wc))
        bad_null(cx, f, "workers_covered", what);
    else if (!(wc >= 0 && wc <= w + tol))
        bad_value(cx, f, "workers_covered", wc, what);
    else if (isnan(sh))
        bad_null(cx, f, "share_covered", "a share from 0 to 1");
    else if (!(sh >= 0 && sh <= 1))
        bad_value(cx, f, "share_covered", sh, "a share from 0 to 1");
    else if (w > 0 && fabs(sh - wc / w) > 1e-9) {
        snprintf(what, sizeof what, "workers_covered / workers (%.10g)", wc / w);
        bad_value(cx, f, "share_covered", sh, what);
    } else if (!c->covered && (wc > 0 || sh > 0))
        bad_value(cx, f, wc > 0 ? "workers_covered" : "share_covered", wc > 0 ? wc : sh,
                  "0 in a cluster not covered");
    else if (c->demand_points == 1 && sh != c->covered)
        bad_value(cx, f, "share_covered", sh, c->covered ? "1 in a covered cluster of one demand point"
                                                        : "0 in a cluster not covered");
    else if (!isnan(c->minutes_worst) && !(sh >= 1 - 1e-9))
        bad_value(cx, f, "minutes_worst", c->minutes_worst,
                  "null (not every demand point is covered: share_covered below 1)");
    else if (!isnan(c->minutes_worst) && !(c->minutes_worst >= c->minutes))
        bad_value(cx, f, "minutes_worst", c->minutes_worst, "at least the cluster's minutes");
    else if (c->demand_points == 1 && c->covered && isnan(c->minutes_worst))
        bad_null(cx, f, "minutes_worst", "its minutes (a covered cluster of one demand point)");
    else if (has_siting && isnan(c->workers_covered_after))
        bad_null(cx, f, "workers_covered_after", "a number of workers ([siting])");
    else if (has_siting && !(c->workers_covered_after >= wc - tol && c->workers_covered_after <= w + tol)) {
        snprintf(what, sizeof what, "a number of workers from workers_covered (%.10g) to workers (%.10g)",
                 wc, w);
        bad_value(cx, f, "workers_covered_after", c->workers_covered_after, what);
    } else if (has_siting && c->covered_after == 0 && c->workers_covered_after > 0)
        bad_value(cx, f, "workers_covered_after", c->workers_covered_after,
                  "0 in a cluster not covered after");
}

static sp_status read_clusters(rd *cx, sp_results *d, OGRLayerH l, const int *ix, int n)
{
    if (!ALLOC(d->clusters, n))
        return SP_E_NOMEM;
    OGRFeatureH f;
    while (d->n_clusters < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        sp_rcluster *c = &d->clusters[d->n_clusters];
        if (point_of(cx, f, OGR_F_GetGeometryRef(f), &c->x, &c->y)) {
            c->id = fstr(f, ix[SP_F_CL_ID]);
            c->name = fstr(f, ix[SP_F_CL_NAME]);
            c->workers = fnum(cx, f, ix[SP_F_CL_WORKERS], 0);
            c->nearest_site = fstr(f, ix[SP_F_CL_NEAREST_SITE]);
            c->minutes = fnum(cx, f, ix[SP_F_CL_MINUTES], NAN);
            c->covered = fint(cx, f, ix[SP_F_CL_COVERED], 0);
            c->reachable = fint(cx, f, ix[SP_F_CL_REACHABLE], 1);
            c->snap_m = fnum(cx, f, ix[SP_F_CL_SNAP_M], NAN);
            c->gap_rank = fint(cx, f, ix[SP_F_CL_GAP_RANK], 0);
            c->nearest_site_after = fstr(f, ix[SP_F_CL_NEAREST_SITE_AFTER]);
            c->minutes_after = fnum(cx, f, ix[SP_F_CL_MINUTES_AFTER], NAN);
            c->covered_after = fint(cx, f, ix[SP_F_CL_COVERED_AFTER], -1);
            c->gap_rank_after = fint(cx, f, ix[SP_F_CL_GAP_RANK_AFTER], 0);
            c->served = fnum(cx, f, ix[SP_F_CL_SERVED], NAN);
            c->unserved = fnum(cx, f, ix[SP_F_CL_UNSERVED], NAN);
            OGRGeometryH g = OGR_F_GetGeometryRef(f);
            OGRwkbGeometryType gt = wkbFlatten(OGR_G_GetGeometryType(g));
            if (gt == wkbPolygon || gt == wkbMultiPolygon) {   /* an area cluster: keep its outline */
                shape_from(cx, f, g, &c->shape);
                c->is_area = c->shape.n_rings > 0;
            }
            read_cluster_area(cx, f, ix, c, d->sum.has_siting);
            d->n_clusters++;
        }
        OGR_F_Destroy(f);
    }
    return SP_OK;
}

static sp_status read_sites(rd *cx, sp_results *d, OGRLayerH l, const int *ix, int n, const char *path)
{
    if (!ALLOC(d->sites, n))
        return SP_E_NOMEM;
    OGRFeatureH f;
    while (d->n_sites < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        sp_rsite *s = &d->sites[d->n_sites];
        if (point_of(cx, f, OGR_F_GetGeometryRef(f), &s->x, &s->y)) {
            s->id = fstr(f, ix[SP_F_SITE_ID]);
            s->name = fstr(f, ix[SP_F_SITE_NAME]);
            s->kind = fstr(f, ix[SP_F_SITE_KIND]);
            s->reachable = fint(cx, f, ix[SP_F_SITE_REACHABLE], 1);
            s->snap_m = fnum(cx, f, ix[SP_F_SITE_SNAP_M], NAN);
            s->workers = fnum(cx, f, ix[SP_F_SITE_WORKERS], 0);
            s->clusters = fint(cx, f, ix[SP_F_SITE_CLUSTERS], 0);
            s->workers_assigned = fnum(cx, f, ix[SP_F_SITE_WORKERS_ASSIGNED], 0);
            s->clusters_assigned = fint(cx, f, ix[SP_F_SITE_CLUSTERS_ASSIGNED], 0);
            s->workers_only = fnum(cx, f, ix[SP_F_SITE_WORKERS_ONLY], 0);
            s->clusters_only = fint(cx, f, ix[SP_F_SITE_CLUSTERS_ONLY], 0);
            s->capacity = fnum(cx, f, ix[SP_F_SITE_CAPACITY], NAN);
            s->load = fnum(cx, f, ix[SP_F_SITE_LOAD], NAN);
            s->utilisation = fnum(cx, f, ix[SP_F_SITE_UTILISATION], NAN);
            d->n_sites++;
            if (!s->kind || (strcmp(s->kind, SP_KIND_STATION) && strcmp(s->kind, SP_KIND_FACILITY))) {
                OGR_F_Destroy(f);
                return sp_error(SP_E_INPUT, "%s, layer \"sites\", field \"kind\": site %s has kind \"%s\", "
                                "expected \"" SP_KIND_STATION "\" or \"" SP_KIND_FACILITY "\"", path,
                                s->id ? s->id : "?", s->kind ? s->kind : "");
            }
        }
        OGR_F_Destroy(f);
    }
    return SP_OK;
}

static sp_status read_rings(rd *cx, sp_results *d, OGRLayerH l, const int *ix, int n)
{
    if (!ALLOC(d->ring_minutes, n) || !ALLOC(d->ring_area_km2, n) || !ALLOC(d->ring_workers, n) ||
        !ALLOC(d->ring_clusters, n) || !ALLOC(d->rings, n))
        return SP_E_NOMEM;
    OGRFeatureH f;
    while (d->n_rings < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        int k = d->n_rings++;
        d->ring_minutes[k] = fnum(cx, f, ix[SP_F_AREA_MINUTES], 0);
        d->ring_area_km2[k] = fnum(cx, f, ix[SP_F_AREA_AREA_KM2], 0);
        d->ring_workers[k] = fnum(cx, f, ix[SP_F_AREA_WORKERS], 0);
        d->ring_clusters[k] = fint(cx, f, ix[SP_F_AREA_CLUSTERS], 0);
        shape_from(cx, f, OGR_F_GetGeometryRef(f), &d->rings[k]);
        OGR_F_Destroy(f);
    }
    return SP_OK;
}

static sp_status read_catchments(rd *cx, sp_results *d, OGRLayerH l, const int *ix, int n, const char *path)
{
    double last = d->n_rings ? d->ring_minutes[d->n_rings - 1] : d->sum.minutes;
    if (!ALLOC(d->catchments, n))
        return SP_E_NOMEM;
    OGRFeatureH f;
    while (d->n_catchments < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        sp_rcatchment *c = &d->catchments[d->n_catchments++];
        c->site_id = fstr(f, ix[SP_F_CA_SITE_ID]);
        c->kind = fstr(f, ix[SP_F_CA_KIND]);
        c->minutes = fnum(cx, f, ix[SP_F_CA_MINUTES], last);
        c->area_km2 = fnum(cx, f, ix[SP_F_CA_AREA_KM2], 0);
        c->workers = fnum(cx, f, ix[SP_F_CA_WORKERS], 0);
        c->clusters = fint(cx, f, ix[SP_F_CA_CLUSTERS], 0);
        shape_from(cx, f, OGR_F_GetGeometryRef(f), &c->shape);
        c->last = fabs(c->minutes - last) < 1e-9;
        OGR_F_Destroy(f);
        int existing = c->kind && (!strcmp(c->kind, SP_KIND_STATION) || !strcmp(c->kind, SP_KIND_FACILITY));
        c->recommended = c->kind && !strcmp(c->kind, SP_KIND_RECOMMENDED);
        if (!existing && !(c->recommended && d->sum.has_siting))
            return sp_error(SP_E_INPUT, "%s, layer \"catchments\", field \"kind\": site %s has kind \"%s\", "
                            "expected \"" SP_KIND_STATION "\", \"" SP_KIND_FACILITY "\"%s", path,
                            c->site_id ? c->site_id : "?", c->kind ? c->kind : "",
                            d->sum.has_siting ? " or \"" SP_KIND_RECOMMENDED "\"" : " (no [siting] in summary.json)");
        if (c->recommended)
            d->n_catchments_new_last += c->last;
        else
            d->n_catchments_last += c->last;
    }
    return SP_OK;
}

static sp_status read_resp(rd *cx, sp_results *d, OGRLayerH l, const int *ix, int n)
{
    if (!ALLOC(d->resp, n))
        return SP_E_NOMEM;
    OGRFeatureH f;
    while (d->n_resp < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        sp_rresp *r = &d->resp[d->n_resp++];
        r->site_id = fstr(f, ix[SP_F_RESP_SITE_ID]);
        r->name = fstr(f, ix[SP_F_RESP_NAME]);
        r->kind = fstr(f, ix[SP_F_RESP_KIND]);
        r->minutes = fnum(cx, f, ix[SP_F_RESP_MINUTES], d->sum.minutes);
        r->area_km2 = fnum(cx, f, ix[SP_F_RESP_AREA_KM2], 0);
        r->workers_assigned = fnum(cx, f, ix[SP_F_RESP_WORKERS_ASSIGNED], 0);
        r->clusters_assigned = fint(cx, f, ix[SP_F_RESP_CLUSTERS_ASSIGNED], 0);
        shape_from(cx, f, OGR_F_GetGeometryRef(f), &r->shape);
        OGR_F_Destroy(f);
    }
    return SP_OK;
}

/* gaps or gaps_after into *gaps, *n_gaps */
static sp_status read_gaps(rd *cx, sp_rgap **gaps, int *n_gaps, OGRLayerH l, const int *ix, int n)
{
    if (!ALLOC(*gaps, n))
        return SP_E_NOMEM;
    OGRFeatureH f;
    while (*n_gaps < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        sp_rgap *g = &(*gaps)[*n_gaps];
        g->rank = fint(cx, f, ix[SP_F_GAP_RANK], *n_gaps + 1);
        g->workers = fnum(cx, f, ix[SP_F_GAP_WORKERS], 0);
        g->clusters = fint(cx, f, ix[SP_F_GAP_CLUSTERS], 0);
        g->largest_id = fstr(f, ix[SP_F_GAP_LARGEST_CLUSTER]);
        g->largest_name = fstr(f, ix[SP_F_GAP_LARGEST_NAME]);
        g->cluster_ids = fstr(f, ix[SP_F_GAP_CLUSTER_IDS]);
        shape_from(cx, f, OGR_F_GetGeometryRef(f), &g->shape);
        (*n_gaps)++;
        OGR_F_Destroy(f);
    }
    return SP_OK;
}

static sp_status read_roads(rd *cx, sp_results *d, OGRLayerH l, const int *ix, int n)
{
    int n_bb = 4 * n;
    if (!ALLOC(d->road_class, n) || !ALLOC(d->road_class_name, n) || !ALLOC(d->road_name, n) ||
        !ALLOC(d->road_main, n) || !ALLOC(d->road_oneway, n) || !ALLOC(d->road_off, n + 1) ||
        !ALLOC(d->road_bb, n_bb))
        return SP_E_NOMEM;
    GArray *xy = g_array_sized_new(FALSE, FALSE, sizeof(double), 16 * (guint)n);
    OGRFeatureH f;
    while (d->n_roads < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        int np = g && wkbFlatten(OGR_G_GetGeometryType(g)) == wkbLineString ? OGR_G_GetPointCount(g) : 0;
        if (np >= 2) {
            int k = d->n_roads;
            d->road_class_name[k] = fstr(f, ix[SP_F_ROAD_CLASS]);
            d->road_class[k] = (uint8_t)sp_road_class_of(d->road_class_name[k]);
            d->road_name[k] = fstr(f, ix[SP_F_ROAD_NAME]);
            d->road_main[k] = (uint8_t)fint(cx, f, ix[SP_F_ROAD_MAIN], 0);
            d->road_oneway[k] = (uint8_t)fint(cx, f, ix[SP_F_ROAD_ONEWAY], 0);
            guint at = xy->len;
            g_array_set_size(xy, at + 2 * (guint)np);
            double *p = &g_array_index(xy, double, at);
            OGR_G_GetPoints(g, p, 2 * sizeof(double), p + 1, 2 * sizeof(double), NULL, 0);
            check_xy(cx, f, p, (size_t)np);
            double bb[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
            for (int i = 0; i < np; i++) {
                bb[0] = fmin(bb[0], p[2 * i]);
                bb[2] = fmax(bb[2], p[2 * i]);
                bb[1] = fmin(bb[1], p[2 * i + 1]);
                bb[3] = fmax(bb[3], p[2 * i + 1]);
            }
            for (int i = 0; i < 4; i++)
                d->road_bb[4 * k + i] = (float)bb[i];
            d->road_off[k + 1] = (int32_t)(xy->len / 2);
            d->n_roads++;
        }
        OGR_F_Destroy(f);
    }
    d->road_xy = (double *)(void *)g_array_free(xy, FALSE);
    return SP_OK;
}

/* summary.json siting.capacitated (0 when missing). */
static int siting_capacitated(const sp_results *d)
{
    json_object *si = NULL, *cap = NULL;
    return json_object_object_get_ex(d->summary, "siting", &si) &&
           json_object_object_get_ex(si, "capacitated", &cap) &&
           json_object_is_type(cap, json_type_boolean) && json_object_get_boolean(cap);
}

/* A rank's cluster_workers (schema 7): as many plain numbers as
 * clusters_added (null or empty: none), each from 0 to its cluster's workers
 * (when cluster_ids names that many clusters of the layer); without
 * [capacity] they add up to workers_added (rounding: 1e-6 relative). */
static void check_cluster_workers(rd *cx, const sp_results *d, OGRFeatureH f, const sp_rrec *r,
                                  GHashTable *by_id)
{
    if (cx->bad)
        return;
    const char *cw = r->cluster_workers ? r->cluster_workers : "";
    char **items = *cw ? g_strsplit(cw, SP_SCHEMA_ID_SEP, -1) : g_new0(char *, 1);
    char **ids = r->cluster_ids && *r->cluster_ids ? g_strsplit(r->cluster_ids, SP_SCHEMA_ID_SEP, -1)
                                                   : g_new0(char *, 1);
    int n = (int)g_strv_length(items), n_ids = (int)g_strv_length(ids);
    double sum = 0;
    if (n != r->clusters_added)
        bad_text(cx, f, "cluster_workers", "%d item%s, expected one number of workers per cluster of "
                 "cluster_ids: clusters_added = %d", n, n == 1 ? "" : "s", r->clusters_added);
    for (int i = 0; !cx->bad && i < n; i++) {
        double v;
        int c = n_ids == n ? GPOINTER_TO_INT(g_hash_table_lookup(by_id, ids[i])) - 1 : -1;
        double most = c >= 0 ? d->clusters[c].workers * (1 + 1e-9) + 1e-9 : SP_RESULTS_MAX_ABS;
        if (sp_number_parse(items[i], SP_NUM_SIGN, &v) != SP_NUM_OK || !(v >= 0 && v <= most)) {
            char item[48], id[48];   /* one line of each */
            snprintf(item, sizeof item, "%.*s", (int)strcspn(items[i], "\r\n"), items[i]);
            const char *idi = c >= 0 ? ids[i] : "";   /* n_ids == n */
            snprintf(id, sizeof id, "%.*s", (int)strcspn(idi, "\r\n"), idi);
            if (c >= 0)
                bad_text(cx, f, "cluster_workers", "item %d, \"%s\", is not a number of workers "
                         "from 0 to cluster %s's workers (%.10g)", i + 1, item, id, d->clusters[c].workers);
            else
                bad_text(cx, f, "cluster_workers", "item %d, \"%s\", is not a number of workers "
                         "from 0 to 1e+15", i + 1, item);
        }
        sum += v;
    }
    if (!cx->bad && !siting_capacitated(d) && fabs(sum - r->added) > 1e-6 * fmax(1, fabs(r->added)))
        bad_text(cx, f, "cluster_workers", "its numbers add up to %.10g, expected workers_added (%.10g)",
                 sum, r->added);
    g_strfreev(items);
    g_strfreev(ids);
}

static sp_status read_recs(rd *cx, sp_results *d, OGRLayerH l, const int *ix, int n)
{
    if (!ALLOC(d->recs, n))
        return SP_E_NOMEM;
    GHashTable *by_id = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = 0; i < d->n_clusters; i++)
        if (d->clusters[i].id)
            g_hash_table_insert(by_id, d->clusters[i].id, GINT_TO_POINTER(i + 1));
    OGRFeatureH f;
    while (d->n_recs < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        sp_rrec *r = &d->recs[d->n_recs];
        r->rank = fint(cx, f, ix[SP_F_REC_RANK], d->n_recs + 1);
        r->site_id = fstr(f, ix[SP_F_REC_SITE_ID]);
        r->name = fstr(f, ix[SP_F_REC_NAME]);
        r->added = fnum(cx, f, ix[SP_F_REC_WORKERS_ADDED], 0);
        r->cumulative = fnum(cx, f, ix[SP_F_REC_WORKERS_CUMULATIVE], 0);
        r->percent = fnum(cx, f, ix[SP_F_REC_PERCENT_CUMULATIVE], 0);
        r->clusters_added = fint(cx, f, ix[SP_F_REC_CLUSTERS_ADDED], 0);
        r->cluster_ids = fstr(f, ix[SP_F_REC_CLUSTER_IDS]);
        r->runner_up_id = fstr(f, ix[SP_F_REC_RUNNER_UP_ID]);
        r->runner_up_added = fnum(cx, f, ix[SP_F_REC_RUNNER_UP_WORKERS_ADDED], NAN);
        r->cluster_workers = fstr(f, ix[SP_F_REC_CLUSTER_WORKERS]);
        r->has_xy = point_of(cx, f, OGR_F_GetGeometryRef(f), &r->x, &r->y);
        check_cluster_workers(cx, d, f, r, by_id);
        if (r->cluster_ids) {
            char **ids = g_strsplit(r->cluster_ids, SP_SCHEMA_ID_SEP, -1);
            for (char **p = ids; *p; p++) {
                int c = GPOINTER_TO_INT(g_hash_table_lookup(by_id, *p)) - 1;
                if (c >= 0 && (d->clusters[c].new_rank == 0 || d->clusters[c].new_rank > r->rank))
                    d->clusters[c].new_rank = r->rank;
            }
            g_strfreev(ids);
        }
        d->n_recs++;
        OGR_F_Destroy(f);
    }
    g_hash_table_destroy(by_id);
    return SP_OK;
}

sp_status sp__results_read_layers(sp_results *d, GDALDatasetH ds, const char *path)
{
    int idx[SP_L_COUNT][32];
    OGRLayerH l[SP_L_COUNT];
    int n[SP_L_COUNT];
    for (int id = 0; id < SP_L_COUNT; id++) {
        int opt = sp_schema_layer((sp_schema_layer_id)id)->optional;
        if ((opt == SP_SCHEMA_WITH_SITING && !d->sum.has_siting) ||
            (opt == SP_SCHEMA_WITH_MOBILE && !d->sum.has_mobile))
            continue;   /* a layer left by an older run with [siting] / [mobile] is never read */
        sp_status st = open_layer(ds, path, (sp_schema_layer_id)id, &l[id], idx[id], &n[id]);
        if (st)
            return st;
    }
    rd cx = {path, NULL, 0};
    sp_status st = SP_OK;
    /* each layer read, then its first value out of range (its error is set) */
#define READ(id, call)                                                                          \
    do {                                                                                        \
        if (st == SP_OK) {                                                                      \
            cx.layer = sp_schema_layer(id)->name;                                               \
            st = (call);                                                                        \
            if (st == SP_OK && cx.bad)                                                          \
                st = SP_E_INPUT;                                                                \
        }                                                                                       \
    } while (0)
    READ(SP_L_CLUSTERS, read_clusters(&cx, d, l[SP_L_CLUSTERS], idx[SP_L_CLUSTERS], n[SP_L_CLUSTERS]));
    READ(SP_L_SITES, read_sites(&cx, d, l[SP_L_SITES], idx[SP_L_SITES], n[SP_L_SITES], path));
    READ(SP_L_COVERAGE_AREA, read_rings(&cx, d, l[SP_L_COVERAGE_AREA], idx[SP_L_COVERAGE_AREA],
                                        n[SP_L_COVERAGE_AREA]));
    READ(SP_L_CATCHMENTS, read_catchments(&cx, d, l[SP_L_CATCHMENTS], idx[SP_L_CATCHMENTS],
                                          n[SP_L_CATCHMENTS], path));
    READ(SP_L_RESPONSIBILITY, read_resp(&cx, d, l[SP_L_RESPONSIBILITY], idx[SP_L_RESPONSIBILITY],
                                        n[SP_L_RESPONSIBILITY]));
    READ(SP_L_GAPS, read_gaps(&cx, &d->gaps, &d->n_gaps, l[SP_L_GAPS], idx[SP_L_GAPS], n[SP_L_GAPS]));
    if (d->sum.has_siting)
        READ(SP_L_GAPS_AFTER, read_gaps(&cx, &d->gaps_after, &d->n_gaps_after, l[SP_L_GAPS_AFTER],
                                        idx[SP_L_GAPS_AFTER], n[SP_L_GAPS_AFTER]));
    READ(SP_L_ROADS, read_roads(&cx, d, l[SP_L_ROADS], idx[SP_L_ROADS], n[SP_L_ROADS]));
    if (d->sum.has_siting)
        READ(SP_L_RECOMMENDATIONS, read_recs(&cx, d, l[SP_L_RECOMMENDATIONS], idx[SP_L_RECOMMENDATIONS],
                                             n[SP_L_RECOMMENDATIONS]));
    if (d->sum.has_mobile) {
        READ(SP_L_MOBILE_ROUTES, sp__results_read_mroutes(&cx, d, l[SP_L_MOBILE_ROUTES],
                                                          idx[SP_L_MOBILE_ROUTES], n[SP_L_MOBILE_ROUTES]));
        READ(SP_L_MOBILE_STOPS, sp__results_read_mstops(&cx, d, l[SP_L_MOBILE_STOPS],
                                                        idx[SP_L_MOBILE_STOPS], n[SP_L_MOBILE_STOPS]));
    }
#undef READ
    if (st == SP_E_NOMEM)
        return sp_error(SP_E_NOMEM, "out of memory reading %s", path);
    return st;
}

/* ---- shared with results_mobile_read.c ---- */

void sp__rd_bad(sp__rd *cx, OGRFeatureH f, const char *field, double v, const char *what)
{
    bad_value(cx, f, field, v, what);
}

char *sp__rd_str(OGRFeatureH f, int i) { return fstr(f, i); }
double sp__rd_num(sp__rd *cx, OGRFeatureH f, int i, double dflt) { return fnum(cx, f, i, dflt); }
int sp__rd_int(sp__rd *cx, OGRFeatureH f, int i, int dflt) { return fint(cx, f, i, dflt); }
void sp__rd_xy(sp__rd *cx, OGRFeatureH f, const double *xy, size_t n_points) { check_xy(cx, f, xy, n_points); }

int sp__rd_point(sp__rd *cx, OGRFeatureH f, OGRGeometryH g, double *x, double *y)
{
    return point_of(cx, f, g, x, y);
}
