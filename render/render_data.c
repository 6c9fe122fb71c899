/* render_data.c — read a results folder (see render_data.h). */
#include "render_data.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <errno.h>
#include <gdal.h>
#include <glib.h>
#include <math.h>
#include <ogr_api.h>
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

/* ---- summary.json access ---- */

static json_object *jpath(const sp_rdata *d, const char *path)
{
    json_object *j = d->summary;
    char key[128];
    while (j && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof key)
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        json_object *next = NULL;
        if (!json_object_is_type(j, json_type_object) || !json_object_object_get_ex(j, key, &next))
            return NULL;
        j = next;
        path += n;
        if (*path == '.')
            path++;
    }
    return j;
}

double sp_rdata_num(const sp_rdata *d, const char *path, double dflt)
{
    json_object *j = jpath(d, path);
    if (!j || !(json_object_is_type(j, json_type_double) || json_object_is_type(j, json_type_int)))
        return dflt;
    return json_object_get_double(j);
}

const char *sp_rdata_str(const sp_rdata *d, const char *path, const char *dflt)
{
    json_object *j = jpath(d, path);
    if (!j || !json_object_is_type(j, json_type_string))
        return dflt;
    return json_object_get_string(j);
}

int sp_rdata_has(const sp_rdata *d, const char *path)
{
    json_object *j = jpath(d, path);
    return j && !json_object_is_type(j, json_type_null);
}

/* ---- geometry ---- */

static void shape_free(sp_rshape *s)
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
static void shape_from(OGRGeometryH g, sp_rshape *s)
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
static int point_of(OGRGeometryH g, double *x, double *y)
{
    if (!g || OGR_G_IsEmpty(g))
        return 0;
    if (wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPoint) {
        *x = OGR_G_GetX(g, 0);
        *y = OGR_G_GetY(g, 0);
        return 1;
    }
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
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return NULL;
    return strdup(OGR_F_GetFieldAsString(f, i));
}

static double fnum(OGRFeatureH f, int i, double dflt)
{
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i))
        return dflt;
    return OGR_F_GetFieldAsDouble(f, i);
}

static int fidx(OGRLayerH l, const char *name)
{
    return OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), name);
}

static int layer_count(OGRLayerH l)
{
    GIntBig n = OGR_L_GetFeatureCount(l, TRUE);
    return n < 0 || n > INT32_MAX / 8 ? 0 : (int)n;
}

/* ---- layers ---- */

static void read_clusters(sp_rdata *d, OGRLayerH l)
{
    int n = layer_count(l);
    d->clusters = calloc(n ? (size_t)n : 1, sizeof *d->clusters);
    if (!d->clusters)
        return;
    int iid = fidx(l, "id"), iname = fidx(l, "name"), iw = fidx(l, "workers"),
        icov = fidx(l, "covered"), ireach = fidx(l, "reachable"), igap = fidx(l, "gap_rank");
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    while (d->n_clusters < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        sp_rcluster *c = &d->clusters[d->n_clusters];
        if (point_of(OGR_F_GetGeometryRef(f), &c->x, &c->y)) {
            c->id = fstr(f, iid);
            c->name = fstr(f, iname);
            c->workers = fnum(f, iw, 0);
            c->covered = (int)fnum(f, icov, 0);
            c->reachable = (int)fnum(f, ireach, 1);
            c->gap_rank = (int)fnum(f, igap, 0);
            d->n_clusters++;
        }
        OGR_F_Destroy(f);
    }
}

static void read_sites(sp_rdata *d, OGRLayerH l)
{
    int n = layer_count(l);
    d->sites = calloc(n ? (size_t)n : 1, sizeof *d->sites);
    if (!d->sites)
        return;
    int iid = fidx(l, "id"), iname = fidx(l, "name"), ikind = fidx(l, "kind"),
        ireach = fidx(l, "reachable"), iw = fidx(l, "workers");
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    while (d->n_sites < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        sp_rsite *s = &d->sites[d->n_sites];
        if (point_of(OGR_F_GetGeometryRef(f), &s->x, &s->y)) {
            s->id = fstr(f, iid);
            s->name = fstr(f, iname);
            s->kind = fstr(f, ikind);
            s->reachable = (int)fnum(f, ireach, 1);
            s->workers = fnum(f, iw, 0);
            d->n_sites++;
        }
        OGR_F_Destroy(f);
    }
}

static void read_rings(sp_rdata *d, OGRLayerH l)
{
    int n = layer_count(l);
    d->ring_minutes = calloc(n ? (size_t)n : 1, sizeof *d->ring_minutes);
    d->rings = calloc(n ? (size_t)n : 1, sizeof *d->rings);
    if (!d->ring_minutes || !d->rings)
        return;
    int imin = fidx(l, "minutes");
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    while (d->n_rings < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        d->ring_minutes[d->n_rings] = fnum(f, imin, 0);
        shape_from(OGR_F_GetGeometryRef(f), &d->rings[d->n_rings]);
        d->n_rings++;
        OGR_F_Destroy(f);
    }
}

static void read_catchments(sp_rdata *d, OGRLayerH l)
{
    double last = d->n_rings ? d->ring_minutes[d->n_rings - 1] : sp_rdata_num(d, "minutes", 0);
    int n = layer_count(l);
    d->catchments = calloc(n ? (size_t)n : 1, sizeof *d->catchments);
    if (!d->catchments)
        return;
    int imin = fidx(l, "minutes");
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    while (d->n_catchments < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        if (fabs(fnum(f, imin, last) - last) < 1e-9)
            shape_from(OGR_F_GetGeometryRef(f), &d->catchments[d->n_catchments++]);
        OGR_F_Destroy(f);
    }
}

static void read_gaps(sp_rdata *d, OGRLayerH l)
{
    int n = layer_count(l);
    d->gaps = calloc(n ? (size_t)n : 1, sizeof *d->gaps);
    if (!d->gaps)
        return;
    int irank = fidx(l, "rank"), iw = fidx(l, "workers"), icl = fidx(l, "clusters"),
        iid = fidx(l, "largest_cluster"), iname = fidx(l, "largest_name");
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    while (d->n_gaps < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        sp_rgap *g = &d->gaps[d->n_gaps];
        g->rank = (int)fnum(f, irank, d->n_gaps + 1);
        g->workers = fnum(f, iw, 0);
        g->clusters = (int)fnum(f, icl, 0);
        g->largest_id = fstr(f, iid);
        g->largest_name = fstr(f, iname);
        shape_from(OGR_F_GetGeometryRef(f), &g->shape);
        d->n_gaps++;
        OGR_F_Destroy(f);
    }
}

static void read_roads(sp_rdata *d, OGRLayerH l)
{
    int n = layer_count(l);
    d->road_class = calloc(n ? (size_t)n : 1, 1);
    d->road_name = calloc(n ? (size_t)n : 1, sizeof *d->road_name);
    d->road_off = calloc((size_t)n + 1, sizeof *d->road_off);
    d->road_bb = calloc(n ? 4 * (size_t)n : 4, sizeof *d->road_bb);
    if (!d->road_class || !d->road_name || !d->road_off || !d->road_bb)
        return;
    int icl = fidx(l, "class"), iname = fidx(l, "name");
    GArray *xy = g_array_sized_new(FALSE, FALSE, sizeof(double), 16 * (guint)n);
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    while (d->n_roads < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        int np = g && wkbFlatten(OGR_G_GetGeometryType(g)) == wkbLineString ? OGR_G_GetPointCount(g) : 0;
        if (np >= 2) {
            int k = d->n_roads;
            d->road_class[k] = (uint8_t)sp_road_class_of(icl >= 0 && OGR_F_IsFieldSetAndNotNull(f, icl)
                                                             ? OGR_F_GetFieldAsString(f, icl) : NULL);
            d->road_name[k] = fstr(f, iname);
            guint at = xy->len;
            g_array_set_size(xy, at + 2 * (guint)np);
            double *p = &g_array_index(xy, double, at);
            OGR_G_GetPoints(g, p, 2 * sizeof(double), p + 1, 2 * sizeof(double), NULL, 0);
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
}

static void read_recs(sp_rdata *d, OGRLayerH l)
{
    int n = layer_count(l);
    d->recs = calloc(n ? (size_t)n : 1, sizeof *d->recs);
    if (!d->recs)
        return;
    int irank = fidx(l, "rank"), iid = fidx(l, "site_id"), iname = fidx(l, "name"),
        iadd = fidx(l, "workers_added"), icum = fidx(l, "workers_cumulative"),
        ipct = fidx(l, "percent_cumulative"), icl = fidx(l, "clusters_added"),
        iids = fidx(l, "cluster_ids");
    GHashTable *by_id = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = 0; i < d->n_clusters; i++)
        if (d->clusters[i].id)
            g_hash_table_insert(by_id, d->clusters[i].id, GINT_TO_POINTER(i + 1));
    OGR_L_ResetReading(l);
    OGRFeatureH f;
    while (d->n_recs < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        sp_rrec *r = &d->recs[d->n_recs];
        r->rank = (int)fnum(f, irank, d->n_recs + 1);
        r->site_id = fstr(f, iid);
        r->name = fstr(f, iname);
        r->added = fnum(f, iadd, 0);
        r->cumulative = fnum(f, icum, 0);
        r->percent = fnum(f, ipct, 0);
        r->clusters_added = (int)fnum(f, icl, 0);
        r->has_xy = point_of(OGR_F_GetGeometryRef(f), &r->x, &r->y);
        if (iids >= 0 && OGR_F_IsFieldSetAndNotNull(f, iids)) {
            char **ids = g_strsplit(OGR_F_GetFieldAsString(f, iids), ";", -1);
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
}

static void read_curve(sp_rdata *d, const char *path)
{
    const char *drivers[] = {"CSV", NULL};
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    if (!ds)
        return;
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    int n = l ? layer_count(l) : 0;
    d->curve_sites = calloc(n ? (size_t)n : 1, sizeof *d->curve_sites);
    d->curve_workers = calloc(n ? (size_t)n : 1, sizeof *d->curve_workers);
    d->curve_percent = calloc(n ? (size_t)n : 1, sizeof *d->curve_percent);
    if (l && d->curve_sites && d->curve_workers && d->curve_percent) {
        int ip = fidx(l, "new_sites"), iw = fidx(l, "workers_covered"), ipct = fidx(l, "percent_covered");
        OGRFeatureH f;
        while (ip >= 0 && iw >= 0 && d->n_curve < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
            d->curve_sites[d->n_curve] = (int)fnum(f, ip, 0);
            d->curve_workers[d->n_curve] = fnum(f, iw, 0);
            d->curve_percent[d->n_curve] = fnum(f, ipct, NAN);
            d->n_curve++;
            OGR_F_Destroy(f);
        }
    }
    GDALClose(ds);
}

sp_status sp_rdata_load(const char *dir, sp_rdata **out)
{
    *out = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    FILE *probe = fopen(path, "r");
    if (!probe)
        return sp_error(SP_E_IO, "%s: cannot open: %s (not a results folder of siteplan run?)", path,
                        strerror(errno));
    fclose(probe);
    sp_rdata *d = calloc(1, sizeof *d);
    if (!d)
        return sp_error(SP_E_NOMEM, "out of memory");
    d->dir = strdup(dir);
    d->summary = json_object_from_file(path);
    if (!d->summary || !json_object_is_type(d->summary, json_type_object)) {
        sp_status st = sp_error(SP_E_INPUT, "%s: not valid JSON: %s", path, json_util_get_last_err()
                                ? sp_first_line(json_util_get_last_err()) : "not an object");
        sp_rdata_free(d);
        return st;
    }
    if (!sp_rdata_str(d, "crs", NULL) || !sp_rdata_has(d, "workers_total")) {
        sp_rdata_free(d);
        return sp_error(SP_E_INPUT, "%s: not a siteplan summary (no \"crs\" or \"workers_total\")", path);
    }

    GDALAllRegister();
    snprintf(path, sizeof path, "%s/results.gpkg", dir);
    const char *drivers[] = {"GPKG", NULL};
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    CPLPopErrorHandler();
    if (!ds) {
        FILE *f = fopen(path, "r");
        int e = errno;
        if (f)
            fclose(f);
        sp_status st = sp_error(SP_E_IO, "%s: cannot open: %s", path,
                                f ? sp_first_line(CPLGetLastErrorMsg()) : strerror(e));
        sp_rdata_free(d);
        return st;
    }
    OGRLayerH l = GDALDatasetGetLayerByName(ds, "clusters");
    OGRLayerH ls = GDALDatasetGetLayerByName(ds, "sites");
    if (!l || !ls) {
        GDALClose(ds);
        sp_rdata_free(d);
        return sp_error(SP_E_INPUT, "%s: no layer \"%s\" (not written by siteplan run?)", path,
                        !l ? "clusters" : "sites");
    }
    read_clusters(d, l);
    read_sites(d, ls);
    if ((l = GDALDatasetGetLayerByName(ds, "coverage_area")))
        read_rings(d, l);
    if ((l = GDALDatasetGetLayerByName(ds, "catchments")))
        read_catchments(d, l);
    if ((l = GDALDatasetGetLayerByName(ds, "gaps")))
        read_gaps(d, l);
    if ((l = GDALDatasetGetLayerByName(ds, "roads")))
        read_roads(d, l);
    int siting = sp_rdata_has(d, "siting");
    if (siting && (l = GDALDatasetGetLayerByName(ds, "recommendations")))
        read_recs(d, l);
    GDALClose(ds);
    if (siting) {
        snprintf(path, sizeof path, "%s/coverage_curve.csv", dir);
        read_curve(d, path);
    }
    if ((d->n_clusters && !d->clusters) || (d->n_roads && !d->road_xy)) {
        sp_rdata_free(d);
        return sp_error(SP_E_NOMEM, "out of memory reading %s", dir);
    }
    *out = d;
    return SP_OK;
}

void sp_rdata_free(sp_rdata *d)
{
    if (!d)
        return;
    free(d->dir);
    if (d->summary)
        json_object_put(d->summary);
    for (int i = 0; d->clusters && i < d->n_clusters; i++) {
        free(d->clusters[i].id);
        free(d->clusters[i].name);
    }
    free(d->clusters);
    for (int i = 0; d->sites && i < d->n_sites; i++) {
        free(d->sites[i].id);
        free(d->sites[i].name);
        free(d->sites[i].kind);
    }
    free(d->sites);
    for (int i = 0; d->rings && i < d->n_rings; i++)
        shape_free(&d->rings[i]);
    free(d->rings);
    free(d->ring_minutes);
    for (int i = 0; d->catchments && i < d->n_catchments; i++)
        shape_free(&d->catchments[i]);
    free(d->catchments);
    for (int i = 0; d->gaps && i < d->n_gaps; i++) {
        free(d->gaps[i].largest_id);
        free(d->gaps[i].largest_name);
        shape_free(&d->gaps[i].shape);
    }
    free(d->gaps);
    for (int i = 0; d->road_name && i < d->n_roads; i++)
        free(d->road_name[i]);
    free(d->road_name);
    free(d->road_class);
    free(d->road_off);
    free(d->road_xy);
    free(d->road_bb);
    for (int i = 0; d->recs && i < d->n_recs; i++) {
        free(d->recs[i].site_id);
        free(d->recs[i].name);
    }
    free(d->recs);
    free(d->curve_sites);
    free(d->curve_workers);
    free(d->curve_percent);
    free(d);
}

int sp_rdata_extent(const sp_rdata *d, double ext[4])
{
    double e[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
#define ADD(px, py)                                                                                \
    do {                                                                                           \
        if (isfinite(px) && isfinite(py)) {                                                        \
            e[0] = fmin(e[0], px);                                                                 \
            e[1] = fmin(e[1], py);                                                                 \
            e[2] = fmax(e[2], px);                                                                 \
            e[3] = fmax(e[3], py);                                                                 \
        }                                                                                          \
    } while (0)
    for (int i = 0; i < d->n_clusters; i++)
        ADD(d->clusters[i].x, d->clusters[i].y);
    for (int i = 0; i < d->n_sites; i++)
        ADD(d->sites[i].x, d->sites[i].y);
    for (int i = 0; i < d->n_recs; i++)
        if (d->recs[i].has_xy)
            ADD(d->recs[i].x, d->recs[i].y);
#undef ADD
    if (!(e[0] <= e[2]))
        return 0;
    double side = fmax(e[2] - e[0], e[3] - e[1]);
    double m = fmax(0.04 * side, 200.0);
    ext[0] = e[0] - m;
    ext[1] = e[1] - m;
    ext[2] = e[2] + m;
    ext[3] = e[3] + m;
    return 1;
}
