/* roads.c — the network layer into an sp_roads; the rules are in roads.h. */
#include "roads.h"
#include "libmsg.h"

#include <ctype.h>
#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "osmnodes.h"

#ifndef SP_DATADIR
#define SP_DATADIR "data"
#endif

const char *sp_roads_default_osmconf(void) { return SP_DATADIR "/osmconf.ini"; }

double sp_roads_parse_maxspeed(const char *s)
{
    if (!s)
        return 0;
    while (isspace((unsigned char)*s))
        s++;
    if (!isdigit((unsigned char)*s))
        return 0;
    /* Digits and an optional decimal part only (no hex, no exponent). */
    const char *q = s;
    while (isdigit((unsigned char)*q))
        q++;
    if (*q == '.' && isdigit((unsigned char)q[1])) {
        q++;
        while (isdigit((unsigned char)*q))
            q++;
    }
    double v = strtod(s, NULL);
    const char *end = q;
    while (isspace((unsigned char)*end))
        end++;
    if (!strcmp(end, "mph"))
        v *= 1.609344;
    else if (*end && strcmp(end, "km/h") && strcmp(end, "kmh") && *end != ';')
        return 0;
    return (isfinite(v) && v > 0 && v <= 300) ? v : 0;
}

void sp_roads_source_from_options(const sp_options *o, sp_roads_source *out)
{
    *out = (sp_roads_source){.path = o->network,
                             .layer = o->network_layer,
                             .where = o->network_where,
                             .class_field = o->network_class,
                             .oneway_field = o->network_oneway,
                             .maxspeed_field = o->network_maxspeed,
                             .crs = o->network_crs,
                             .osm_config = o->osm_config};
}

/* ------------------------------------------------------------------------ */
/* Attributes                                                               */

typedef struct {
    int cls, oneway, maxspeed, junction, access, foot, bicycle, motor_vehicle,
        motorcar, area, name, osm_id;
} field_idx;

static const char *fstr(OGRFeatureH f, int idx)
{
    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(f, idx))
        return NULL;
    return OGR_F_GetFieldAsString(f, idx);
}

static int is_one_of(const char *v, const char *const *set)
{
    if (!v)
        return 0;
    for (; *set; set++)
        if (!strcmp(v, *set))
            return 1;
    return 0;
}

/* Whether OSM access tags forbid the way for the mode. */
static int access_denied(OGRFeatureH f, const field_idx *fi, sp_mode mode)
{
    static const char *const NO[] = {"no", "private", NULL};
    static const char *const YES[] = {"yes", "designated", "permissive", "destination", NULL};
    const char *own = NULL, *own2 = NULL;
    switch (mode) {
    case SP_MODE_WALK: own = fstr(f, fi->foot); break;
    case SP_MODE_BIKE:
    case SP_MODE_EBIKE: own = fstr(f, fi->bicycle); break;
    case SP_MODE_CAR:
        own = fstr(f, fi->motor_vehicle);
        own2 = fstr(f, fi->motorcar);
        break;
    default: break;
    }
    /* The more specific tag wins: motorcar over motor_vehicle. */
    if (own2) {
        if (is_one_of(own2, NO))
            return 1;
        if (is_one_of(own2, YES))
            return 0;
    }
    if (is_one_of(own, NO))
        return 1;
    if (is_one_of(own, YES))
        return 0;
    return is_one_of(fstr(f, fi->access), NO);
}

/* 0 two-way, 1 forward only, -1 backward only (car rules). */
static int oneway_dir(OGRFeatureH f, const field_idx *fi, const char *klass)
{
    const char *ow = fstr(f, fi->oneway);
    if (ow) {
        if (!strcmp(ow, "yes") || !strcmp(ow, "true") || !strcmp(ow, "1"))
            return 1;
        if (!strcmp(ow, "-1") || !strcmp(ow, "reverse"))
            return -1;
        if (!strcmp(ow, "no") || !strcmp(ow, "false") || !strcmp(ow, "0"))
            return 0;
    }
    const char *j = fstr(f, fi->junction);
    if (j && (!strcmp(j, "roundabout") || !strcmp(j, "circular")))
        return 1;
    if (klass && !strcmp(klass, "motorway"))
        return 1;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Store                                                                    */

typedef struct {
    sp_roads *r;
    size_t cap_roads, cap_parts, cap_xy;
    GPtrArray *strings;  /* interned, in order of first use */
    GHashTable *str_idx; /* string -> index + 1 */
    int geographic;      /* the layer's CRS is geographic: x, y are lon, lat */
} store;

/* Grow *p (elements of `elem` bytes) to hold `need`; 0 on failure. */
static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 1;
    size_t nc = *cap ? *cap : 1024;
    while (nc < need)
        nc *= 2;
    void *q = sp_realloc_n(*p, nc, elem);
    if (!q)
        return 0;
    *p = q;
    *cap = nc;
    return 1;
}

/* Index of a string in the pool (added on first use); -1 for NULL or "",
 * -2 on out of memory. */
static int32_t intern(store *s, const char *str)
{
    if (!str || !*str)
        return -1;
    gpointer v = g_hash_table_lookup(s->str_idx, str);
    if (v)
        return GPOINTER_TO_INT(v) - 1;
    if (s->strings->len >= INT32_MAX - 1)
        return -2;
    char *copy = g_strdup(str);
    g_ptr_array_add(s->strings, copy);
    int32_t idx = (int32_t)s->strings->len - 1;
    g_hash_table_insert(s->str_idx, copy, GINT_TO_POINTER(idx + 1));
    return idx;
}

/* Append one line string as a part of the last road (dropping repeated
 * vertices).  0 on out of memory, -1 on a coordinate that is not finite
 * or, in a geographic CRS, not a longitude/latitude (the error is set). */
static int add_line(store *s, OGRGeometryH line, sp_road *road, OGRFeatureH f)
{
    sp_roads *r = s->r;
    int np = OGR_G_GetPointCount(line);
    size_t off = r->n_xy;
    uint32_t n = 0;
    for (int i = 0; i < np; i++) {
        double x = OGR_G_GetX(line, i), y = OGR_G_GetY(line, i);
        if (!isfinite(x) || !isfinite(y) || (s->geographic && (fabs(x) > 180 || fabs(y) > 90))) {
            sp_error(SP_E_GEOM, "%s, feature %lld: coordinate (%.15g, %.15g) is not %s", r->what,
                     (long long)OGR_F_GetFID(f), x, y,
                     isfinite(x) && isfinite(y) ? "a longitude/latitude (the layer's CRS is "
                     "geographic: longitude -180..180, latitude -90..90)" : "a finite number");
            r->n_xy = off;
            return -1;
        }
        if (n > 0 && r->xy[2 * (r->n_xy - 1)] == x && r->xy[2 * (r->n_xy - 1) + 1] == y)
            continue;
        if (!grow((void **)&r->xy, &s->cap_xy, r->n_xy + 1, 2 * sizeof(double)))
            return 0;
        r->xy[2 * r->n_xy] = x;
        r->xy[2 * r->n_xy + 1] = y;
        r->n_xy++;
        n++;
    }
    if (n < 2) {
        r->n_xy = off; /* roll back */
        road->n_degenerate++;
        return 1;
    }
    if (r->n_parts == UINT32_MAX ||
        !grow((void **)&r->parts, &s->cap_parts, (size_t)r->n_parts + 1, sizeof *r->parts))
        return 0;
    r->parts[r->n_parts++] = (sp_road_part){off, n};
    road->n_parts++;
    return 1;
}

/* The text fields a road keeps (class, name, id) must be UTF-8 (README
 * "Text encodings"): 1 when they are, else 0 with the error set (file,
 * field, feature, as textin.h words it). */
static int texts_utf8(const store *s, OGRFeatureH f, const field_idx *fi)
{
    const int idx[] = {fi->cls, fi->name, fi->osm_id};
    for (size_t k = 0; k < sizeof idx / sizeof *idx; k++) {
        const char *v = fstr(f, idx[k]), *end;
        if (!v || g_utf8_validate(v, -1, &end))
            continue;
        sp_error(SP_E_INPUT, "%s, field %s, feature %lld: text is not valid UTF-8 (byte 0x%02X "
                 "at offset %zu); a road network's text must be UTF-8: convert the file "
                 "(e.g. ogr2ogr -oo ENCODING=LATIN1 roads.gpkg roads.shp)", s->r->what,
                 OGR_Fld_GetNameRef(OGR_F_GetFieldDefnRef(f, idx[k])),
                 (long long)OGR_F_GetFID(f), (unsigned)(unsigned char)*end, (size_t)(end - v));
        return 0;
    }
    return 1;
}

/* One feature into a road.  1 done, 0 on out of memory, -1 on text that is
 * not UTF-8 or a bad coordinate (the error is set). */
static int add_feature(store *s, OGRFeatureH f, const field_idx *fi)
{
    sp_roads *r = s->r;
    if (!texts_utf8(s, f, fi))
        return -1;
    if (r->n_roads == INT32_MAX ||
        !grow((void **)&r->roads, &s->cap_roads, (size_t)r->n_roads + 1, sizeof *r->roads))
        return 0;
    const char *klass = fstr(f, fi->cls);
    sp_road road = {.id = OGR_F_GetFID(f), .id_text = -1, .part0 = r->n_parts};
    const char *osm_id = fstr(f, fi->osm_id);
    if (osm_id) {
        char *end;
        errno = 0;
        long long v = strtoll(osm_id, &end, 10);
        if (*osm_id && !isspace((unsigned char)*osm_id) && !*end && errno == 0)
            road.id = v;
        else if ((road.id_text = intern(s, osm_id)) < -1)
            return 0;
    }
    road.klass = intern(s, klass);
    road.name = intern(s, fstr(f, fi->name));
    if (road.klass < -1 || road.name < -1)
        return 0;
    road.oneway = (int8_t)oneway_dir(f, fi, klass);
    road.maxspeed_kmh = sp_roads_parse_maxspeed(fstr(f, fi->maxspeed));
    const char *area = fstr(f, fi->area);
    road.area = area && !strcmp(area, "yes");
    for (int m = 0; m < SP_MODE_COUNT; m++)
        if (!access_denied(f, fi, (sp_mode)m))
            road.access |= (uint8_t)SP_ROAD_ACCESS(m);

    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    OGRwkbGeometryType t = g ? wkbFlatten(OGR_G_GetGeometryType(g)) : wkbUnknown;
    int ok = 1;
    if (t == wkbLineString) {
        ok = add_line(s, g, &road, f);
    } else if (t == wkbMultiLineString) {
        for (int i = 0; ok > 0 && i < OGR_G_GetGeometryCount(g); i++)
            ok = add_line(s, OGR_G_GetGeometryRef(g, i), &road, f);
    } else {
        road.n_degenerate++;
    }
    r->roads[r->n_roads++] = road;
    return ok;
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                  */

static sp_status open_network(const sp_roads_source *src, GDALDatasetH *ds_out,
                              OGRLayerH *lyr_out, int *is_osm_out, char *what,
                              size_t what_len)
{
    GDALDriverH drv = GDALIdentifyDriverEx(src->path, GDAL_OF_VECTOR, NULL, NULL);
    int is_osm = drv && !strcmp(GDALGetDriverShortName(drv), "OSM");
    char cfg[4096];
    const char *osm_oo[] = {cfg, NULL};
    if (is_osm) {
        const char *conf = src->osm_config ? src->osm_config : sp_roads_default_osmconf();
        FILE *t = fopen(conf, "r");
        if (!t)
            return sp_error(SP_E_IO, "%s: OSM driver configuration file not found "
                            "(set [inputs] network.osm_config)", conf);
        fclose(t);
        snprintf(cfg, sizeof cfg, "CONFIG_FILE=%s", conf);
    }
    if (is_osm) {
        sp_status st = sp_osm_nodes_check(src->path);
        if (st != SP_OK)
            return st;
    }
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(src->path, GDAL_OF_VECTOR, NULL, is_osm ? osm_oo : NULL, NULL);
    CPLPopErrorHandler();
    if (!ds) {
        FILE *f = fopen(src->path, "rb");
        if (!f)
            return sp_error(SP_E_IO, "%s: cannot open road network: no such file or not readable",
                            src->path);
        fclose(f);
        const char *m = CPLGetLastErrorMsg();
        return sp_error(SP_E_IO, "%s: not a vector dataset GDAL can read (road network)%s%s",
                        src->path, *m ? ": " : "", m);
    }
    const char *lname = src->layer ? src->layer : (is_osm ? "lines" : NULL);
    OGRLayerH lyr = NULL;
    if (lname) {
        lyr = GDALDatasetGetLayerByName(ds, lname);
        if (!lyr) {
            GDALClose(ds);
            return sp_error(SP_E_INPUT, "%s: no layer '%s' (network.layer)", src->path, lname);
        }
    } else {
        if (GDALDatasetGetLayerCount(ds) != 1) {
            int n = GDALDatasetGetLayerCount(ds);
            GDALClose(ds);
            return sp_error(SP_E_INPUT, "%s: has %d layers; name the road layer with network.layer",
                            src->path, n);
        }
        lyr = GDALDatasetGetLayer(ds, 0);
    }
    snprintf(what, what_len, "%s, layer %s", src->path, OGR_L_GetName(lyr));
    *ds_out = ds;
    *lyr_out = lyr;
    *is_osm_out = is_osm;
    return SP_OK;
}

/* The layer's fields, CRS (OUT: *src_crs, malloc'd) and attribute filter. */
static sp_status prepare_layer(const sp_roads_source *src, OGRLayerH lyr, const char *what,
                               field_idx *fi, char **src_crs)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    const char *cls_name = src->class_field ? src->class_field : "highway";
    fi->cls = OGR_FD_GetFieldIndex(defn, cls_name);
    if (fi->cls < 0)
        return sp_error(SP_E_INPUT, "%s: no road class field '%s' (network.class)", what, cls_name);
    fi->oneway = OGR_FD_GetFieldIndex(defn, src->oneway_field ? src->oneway_field : "oneway");
    if (src->oneway_field && fi->oneway < 0)
        return sp_error(SP_E_INPUT, "%s: no field '%s' (network.oneway)", what, src->oneway_field);
    fi->maxspeed = OGR_FD_GetFieldIndex(defn, src->maxspeed_field ? src->maxspeed_field : "maxspeed");
    if (src->maxspeed_field && fi->maxspeed < 0)
        return sp_error(SP_E_INPUT, "%s: no field '%s' (network.maxspeed)", what,
                        src->maxspeed_field);
    fi->junction = OGR_FD_GetFieldIndex(defn, "junction");
    fi->access = OGR_FD_GetFieldIndex(defn, "access");
    fi->foot = OGR_FD_GetFieldIndex(defn, "foot");
    fi->bicycle = OGR_FD_GetFieldIndex(defn, "bicycle");
    fi->motor_vehicle = OGR_FD_GetFieldIndex(defn, "motor_vehicle");
    fi->motorcar = OGR_FD_GetFieldIndex(defn, "motorcar");
    fi->area = OGR_FD_GetFieldIndex(defn, "area");
    fi->name = OGR_FD_GetFieldIndex(defn, "name");
    fi->osm_id = OGR_FD_GetFieldIndex(defn, "osm_id");

    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(lyr);
    if (src->crs) {
        *src_crs = strdup(src->crs);
    } else if (srs) {
        char *wkt = NULL;
        const char *wopts[] = {"FORMAT=WKT2_2018", NULL};
        OSRExportToWktEx(srs, &wkt, wopts);
        *src_crs = wkt ? strdup(wkt) : NULL;
        CPLFree(wkt);
        if (!*src_crs)
            return sp_error(SP_E_CRS, "%s: the layer's CRS cannot be read", what);
    } else {
        return sp_error(SP_E_CRS, "%s: the layer has no CRS; say what it is with network.crs "
                        "(e.g. network.crs = EPSG:4326)", what);
    }

    /* Built to its full length: a long where clause is kept whole. */
    char *filter = src->where
        ? g_strdup_printf("(\"%s\" IS NOT NULL) AND (%s)", cls_name, src->where)
        : g_strdup_printf("\"%s\" IS NOT NULL", cls_name);
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    OGRErr e = OGR_L_SetAttributeFilter(lyr, filter);
    CPLPopErrorHandler();
    g_free(filter);
    if (e != OGRERR_NONE)
        return sp_error(SP_E_INPUT, "%s: bad filter network.where = '%s': %s", what,
                        src->where ? src->where : "", sp_first_line(CPLGetLastErrorMsg()));
    return SP_OK;
}

/* GDAL errors raised while reading: the first failure is kept (and not
 * printed); warnings go on to siteplan's (libmsg.h). */
typedef struct {
    int failed;
    char msg[512];
} read_errors;

static void CPL_STDCALL on_read_error(CPLErr cls, CPLErrorNum num, const char *msg)
{
    read_errors *re = CPLGetErrorHandlerUserData();
    if (cls >= CE_Failure || (msg && strstr(msg, "have accumulated"))) {
        if (!re->failed)
            snprintf(re->msg, sizeof re->msg, "%s", msg ? msg : "unknown error");
        re->failed = 1;
        return;
    }
    sp_libmsg_gdal(cls, num, msg);
}

/* The next feature of the road layer: OSM through the dataset-level
 * (interleaved) reading, other formats from the layer. */
static OGRFeatureH next_feature(GDALDatasetH ds, OGRLayerH lyr, int is_osm, double *pct)
{
    if (!is_osm)
        return OGR_L_GetNextFeature(lyr);
    for (;;) {
        OGRLayerH from = NULL;
        OGRFeatureH f = GDALDatasetGetNextFeature(ds, &from, pct, NULL, NULL);
        if (!f || from == lyr)
            return f;
        OGR_F_Destroy(f);
    }
}

static sp_status read_features(store *s, GDALDatasetH ds, OGRLayerH lyr, int is_osm,
                               const field_idx *fi, GDALProgressFunc progress, void *parg)
{
    const char *what = s->r->what;
    if (is_osm) {
        /* Only the road layer is of interest: the driver then builds no
         * other features (and needs no way index for relations). */
        char sql[300];
        snprintf(sql, sizeof sql, "SET interest_layers = %s", OGR_L_GetName(lyr));
        OGRLayerH rs = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
        if (rs)
            GDALDatasetReleaseResultSet(ds, rs);
        GDALDatasetResetReading(ds);
    } else {
        OGR_L_ResetReading(lyr);
    }
    read_errors re = {0};
    sp_status st = SP_OK;
    double pct = 0;
    OGRFeatureH f;
    CPLErrorReset();
    CPLPushErrorHandlerEx(on_read_error, &re);
    sp_libmsg_context(what);
    while (!re.failed && (f = next_feature(ds, lyr, is_osm, &pct)) != NULL) {
        int ok = add_feature(s, f, fi);
        OGR_F_Destroy(f);
        if (ok < 0) {
            st = SP_E_INPUT;
            break;
        }
        if (!ok) {
            st = sp_error(SP_E_NOMEM, "out of memory reading %s", what);
            break;
        }
        if (progress && (s->r->n_roads & 4095) == 0)
            progress(is_osm ? 0.9 * pct : 0.05, NULL, parg); /* no count for other layers */
    }
    sp_libmsg_context(NULL);
    CPLPopErrorHandler();
    if (st == SP_OK && re.failed)
        st = sp_error(SP_E_IO, "%s: read error after %ld roads: %s", what,
                      (long)s->r->n_roads, sp_first_line(re.msg));
    return st;
}

sp_status sp_roads_read(const sp_roads_source *src, sp_crs *crs, GDALProgressFunc progress,
                        void *parg, sp_roads **out)
{
    *out = NULL;
    sp_roads *r = calloc(1, sizeof *r);
    if (!r)
        return sp_error(SP_E_NOMEM, "out of memory");
    store s = {.r = r,
               .strings = g_ptr_array_new(),
               .str_idx = g_hash_table_new(g_str_hash, g_str_equal)};
    GDALDatasetH ds = NULL;
    OGRLayerH lyr = NULL;
    int is_osm = 0;
    char *src_crs = NULL;
    sp_xform *x = NULL;
    field_idx fi = {0};
    sp_status st = open_network(src, &ds, &lyr, &is_osm, r->what, sizeof r->what);
    if (st)
        goto done;
    if (progress)
        progress(0.0, NULL, parg);
    st = prepare_layer(src, lyr, r->what, &fi, &src_crs);
    if (st == SP_OK) {
        OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
        CPLPushErrorHandler(CPLQuietErrorHandler);
        s.geographic = OSRSetFromUserInput(srs, src_crs) == OGRERR_NONE && OSRIsGeographic(srs);
        CPLPopErrorHandler();
        OSRDestroySpatialReference(srs);
    }
    if (st == SP_OK)
        st = read_features(&s, ds, lyr, is_osm, &fi, progress, parg);
    GDALClose(ds);
    if (st)
        goto done;
    if (r->n_xy > 0 && ((st = sp_xform_new(crs, src_crs, 1, r->what, &x)) ||
                        (st = sp_xform_apply(x, r->xy, r->n_xy)))) {
        if (st == SP_E_CRS) {
            sp_error_clear();
            st = sp_error(SP_E_CRS, "%s: coordinates cannot be transformed into %s; is the "
                          "layer's CRS right?", r->what, sp_crs_name(crs));
        }
        goto done;
    }
    if (progress)
        progress(1.0, NULL, parg);
done:
    r->n_strings = (int32_t)s.strings->len;
    r->strings = (char **)g_ptr_array_free(s.strings, FALSE);
    g_hash_table_destroy(s.str_idx);
    sp_xform_free(x);
    free(src_crs);
    if (st) {
        sp_roads_free(r);
        return st;
    }
    *out = r;
    return SP_OK;
}

void sp_roads_free(sp_roads *r)
{
    if (!r)
        return;
    for (int32_t i = 0; i < r->n_strings; i++)
        g_free(r->strings[i]);
    g_free(r->strings);
    free(r->roads);
    free(r->parts);
    free(r->xy);
    free(r);
}

const char *sp_roads_id(const sp_roads *r, int32_t road, char *buf, size_t len)
{
    const sp_road *rd = &r->roads[road];
    if (rd->id_text >= 0)
        snprintf(buf, len, "%s", r->strings[rd->id_text]);
    else
        snprintf(buf, len, "%" PRId64, rd->id);
    return buf;
}

int32_t sp_roads_find(const sp_roads *r, const char *id)
{
    char buf[64];
    for (int32_t i = 0; i < r->n_roads; i++) {
        const sp_road *rd = &r->roads[i];
        const char *s = rd->id_text >= 0 ? r->strings[rd->id_text] : sp_roads_id(r, i, buf, sizeof buf);
        if (!strcmp(s, id))
            return i;
    }
    return -1;
}
