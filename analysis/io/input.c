/* input.c — point layers through OGR; see input.h. */
#include "input.h"

#include <cpl_conv.h>
#include <gdal.h>
#include <glib.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>
#include <ogr_api.h>

#include "csvlines.h"
#include "libmsg.h"
#include "number.h"
#include "textin.h"

void sp_points_free(sp_points *p, GEOSContextHandle_t gctx)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->id[i]);
        free(p->name[i]);
        if (p->geom && p->geom[i])
            GEOSGeom_destroy_r(gctx, p->geom[i]);
    }
    free(p->id); free(p->name); free(p->weight); free(p->row);
    free(p->xy); free(p->geom); g_free(p->what); free(p->src_crs); free(p->capacity);
    free(p);
}

void sp_points_row_label(const sp_points *p, size_t i, char *buf, size_t len)
{
    snprintf(buf, len, "%s %ld", p->row_is_line ? "line" : "feature", p->row[i]);
}

static int grow(sp_points *p, size_t *cap)
{
    if (p->n < *cap)
        return 1;
    size_t nc = *cap ? *cap * 2 : 256;
    char **id = sp_realloc_n(p->id, nc, sizeof *id);
    if (id) p->id = id;
    char **nm = sp_realloc_n(p->name, nc, sizeof *nm);
    if (nm) p->name = nm;
    double *w = sp_realloc_n(p->weight, nc, sizeof *w);
    if (w) p->weight = w;
    long *r = sp_realloc_n(p->row, nc, sizeof *r);
    if (r) p->row = r;
    double *xy = sp_realloc_n(p->xy, nc, 2 * sizeof *xy);
    if (xy) p->xy = xy;
    GEOSGeometry **g = sp_realloc_n(p->geom, nc, sizeof *g);
    if (g) p->geom = g;
    double *c = p->capacity ? sp_realloc_n(p->capacity, nc, sizeof *c) : NULL;
    if (c) p->capacity = c;
    if (!id || !nm || !w || !r || !xy || !g || (p->capacity && !c))
        return 0;
    *cap = nc;
    return 1;
}

/* The field index of `name` or an error naming the fields there are. */
static sp_status need_field(OGRFeatureDefnH defn, const char *what,
                            const char *key, const char *name, int *idx)
{
    *idx = OGR_FD_GetFieldIndex(defn, name);
    if (*idx >= 0)
        return SP_OK;
    GString *sb = g_string_new(NULL);
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); i++)
        g_string_append_printf(sb, "%s%s", i ? ", " : "",
                       OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    sp_status st = sp_error(SP_E_INPUT, "%s: no field '%s' (%s); fields are: %s",
                            what, name, key, sb->len ? sb->str : "(none)");
    g_string_free(sb, TRUE);
    return st;
}

/* What open_layer learnt about the dataset. */
typedef struct {
    int is_csv;          /* CSV driver: fields are text, rows are lines */
    int is_geojson;      /* GeoJSON driver: feature JSON kept (booleans) */
    const char *recode;  /* convert text from this encoding (NULL = must be UTF-8) */
    /* CSV with a where filter: the filter runs on a second view of the file
     * with GDAL's detected column types (so `jobs > 100` compares numbers);
     * the values are read from the text view, feature by feature (FID). */
    GDALDatasetH filt_ds;
    OGRLayerH filt_lyr;
} layer_info;

static sp_status open_layer(const sp_layer_opts *o, const char *role,
                            GDALDatasetH *ds_out, OGRLayerH *lyr_out,
                            char **what_out, layer_info *info)
{
    /* CSV: every field is read as text (no type sniffing, so "00001" stays
     * 00001 and a long id stays its text), the first line is the header. */
    const char *csv_oo[] = {"AUTODETECT_TYPE=NO", "HEADERS=YES", "EMPTY_STRING_AS_NULL=YES",
                            NULL};
    const char *geojson_oo[] = {"NATIVE_DATA=YES", NULL};
    char enc_opt[128];
    const char *shp_oo[] = {enc_opt, NULL};
    char key[64];
    memset(info, 0, sizeof *info);
    g_snprintf(key, sizeof key, "%s.encoding", role);
    if (o->encoding) {
        sp_status est = sp_text_encoding_check(o->encoding, key);
        if (est != SP_OK)
            return est;
    }
    g_snprintf(enc_opt, sizeof enc_opt, "ENCODING=%s", o->encoding ? o->encoding : "");
    GDALDatasetH ds = NULL;
    GDALDriverH drv = GDALIdentifyDriverEx(o->path, GDAL_OF_VECTOR, NULL, NULL);
    const char *dname = drv ? GDALGetDriverShortName(drv) : "";
    info->is_csv = !strcmp(dname, "CSV");
    info->is_geojson = !strcmp(dname, "GeoJSON");
    int is_shp = !strcmp(dname, "ESRI Shapefile");
    const char *const *oo = info->is_csv ? csv_oo : info->is_geojson ? geojson_oo
                            : (is_shp && o->encoding) ? shp_oo : NULL;
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    ds = GDALOpenEx(o->path, GDAL_OF_VECTOR, NULL, oo, NULL);
    CPLPopErrorHandler();
    if (!ds) {
        FILE *f = fopen(o->path, "rb");
        if (!f)
            return sp_error(SP_E_IO, "%s: cannot open %s file: %s", o->path,
                            role, "no such file or not readable");
        fclose(f);
        const char *m = CPLGetLastErrorMsg();
        return sp_error(SP_E_IO, "%s: not a vector dataset GDAL can read (%s)%s%s",
                        o->path, role, *m ? ": " : "", m);
    }
    OGRLayerH lyr = NULL;
    if (o->layer) {
        lyr = GDALDatasetGetLayerByName(ds, o->layer);
        if (!lyr) {
            GString *sb = g_string_new(NULL);
            for (int i = 0; i < GDALDatasetGetLayerCount(ds); i++)
                g_string_append_printf(sb, "%s%s", i ? ", " : "",
                               OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
            sp_status st = sp_error(SP_E_INPUT, "%s: no layer '%s' (%s.layer); layers are: %s",
                                    o->path, o->layer, role, sb->len ? sb->str : "(none)");
            g_string_free(sb, TRUE);
            GDALClose(ds);
            return st;
        }
    } else {
        int nl = GDALDatasetGetLayerCount(ds);
        if (nl < 1) {
            GDALClose(ds);
            return sp_error(SP_E_INPUT, "%s: has no layers (%s)", o->path, role);
        }
        if (nl > 1) {
            GDALClose(ds);
            return sp_error(SP_E_INPUT,
                            "%s: has %d layers; name the one to use with %s.layer",
                            o->path, nl, role);
        }
        lyr = GDALDatasetGetLayer(ds, 0);
    }
    GString *sb = g_string_new(NULL);
    g_string_append_printf(sb, "%s, layer %s", o->path, OGR_L_GetName(lyr));
    *what_out = g_string_free(sb, FALSE);
    /* Text: a driver that says its strings are UTF-8 (it knows the file's
     * encoding, or recodes it by the Shapefile ENCODING option) is taken
     * at its word, and every string is still checked; otherwise the text
     * is converted from the encoding key, or must be UTF-8 already. */
    int says_utf8 = OGR_L_TestCapability(lyr, OLCStringsAsUTF8);
    if (o->encoding && !is_shp) {
        if (says_utf8) {
            sp_status st = sp_error(SP_E_INPUT, "%s: the %s driver reads this layer's text as "
                                    "UTF-8 already; remove %s", *what_out, dname, key);
            g_free(*what_out);
            *what_out = NULL;
            GDALClose(ds);
            return st;
        }
        info->recode = o->encoding;
    }
    if (o->where) {
        OGRLayerH flyr = lyr;
        CPLErrorReset();
        CPLPushErrorHandler(CPLQuietErrorHandler);
        if (info->is_csv) {
            const char *typed_oo[] = {"AUTODETECT_TYPE=YES", "HEADERS=YES",
                                      "EMPTY_STRING_AS_NULL=YES", NULL};
            info->filt_ds = GDALOpenEx(o->path, GDAL_OF_VECTOR, NULL, typed_oo, NULL);
            flyr = info->filt_ds ? GDALDatasetGetLayerByName(info->filt_ds, OGR_L_GetName(lyr))
                                 : NULL;
            info->filt_lyr = flyr;
        }
        OGRErr e = flyr ? OGR_L_SetAttributeFilter(flyr, o->where) : OGRERR_FAILURE;
        CPLPopErrorHandler();
        if (e != OGRERR_NONE) {
            if (info->filt_ds)
                GDALClose(info->filt_ds);
            info->filt_ds = NULL;
            sp_status st = sp_error(SP_E_INPUT, "%s: bad filter %s.where = '%s': %s",
                                    *what_out, role, o->where,
                                    sp_first_line(CPLGetLastErrorMsg()));
            g_free(*what_out);
            *what_out = NULL;
            GDALClose(ds);
            return st;
        }
    }
    *ds_out = ds;
    *lyr_out = lyr;
    return SP_OK;
}

/* The text of a field as UTF-8 (textin.h), NULL when blank or NULL. */
static sp_status text_field(OGRFeatureH f, int idx, const layer_info *li, const char *what,
                            const char *where, const char *field, const char *key,
                            char **out)
{
    *out = NULL;
    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(f, idx))
        return SP_OK;
    return sp_text_utf8(OGR_F_GetFieldAsString(f, idx), li->recode, what, where, field, key,
                        out);
}

/* 1 when the feature's own GeoJSON (NATIVE_DATA) holds true or false in
 * properties.<field>: OGR reads a boolean as 1 or 0 in an integer field
 * once another feature holds a number there. */
static int geojson_boolean(OGRFeatureH f, const char *field)
{
    const char *nd = OGR_F_GetNativeData(f);
    if (!nd)
        return 0;
    json_object *j = json_tokener_parse(nd), *props, *v;
    int b = j && json_object_object_get_ex(j, "properties", &props) &&
            json_object_object_get_ex(props, field, &v) &&
            json_object_get_type(v) == json_type_boolean;
    json_object_put(j);
    return b;
}

/* Read a numeric field strictly.  1 = value, 0 = blank, -1 = garbage,
 * -2 = a boolean.  The field's text is copied into text[64] for messages
 * (GDAL's own string is only valid until the next call).  Text fields (all
 * CSV fields) go through the one number parser (number.h). */
static int read_number(OGRFeatureH f, OGRFieldDefnH fd, int idx, const layer_info *li,
                       double *v, char *text)
{
    text[0] = '\0';
    if (!OGR_F_IsFieldSetAndNotNull(f, idx))
        return 0;
    snprintf(text, 64, "%s", OGR_F_GetFieldAsString(f, idx));
    OGRFieldType t = OGR_Fld_GetType(fd);
    if (t == OFTInteger || t == OFTInteger64 || t == OFTReal) {
        if (OGR_Fld_GetSubType(fd) == OFSTBoolean ||
            (li->is_geojson && geojson_boolean(f, OGR_Fld_GetNameRef(fd))))
            return -2;
        *v = OGR_F_GetFieldAsDouble(f, idx);
        return 1;
    }
    switch (sp_number_parse(text, SP_NUM_SIGN | SP_NUM_BLANKS, v)) {
    case SP_NUM_OK:
    case SP_NUM_RANGE:
        return 1;
    case SP_NUM_EMPTY:
        return 0;
    default:
        return -1;
    }
}

/* A capacity value: a number from 0 to SP_CAPACITY_MAX as written, NAN
 * when blank; anything else an error naming what (file, layer), the field
 * and where (the row). */
static sp_status read_capacity(OGRFeatureH f, OGRFieldDefnH fd, int idx, const layer_info *li,
                               const char *what, const char *field, const char *where, double *out)
{
    char text[64];
    double v = NAN;
    int r = read_number(f, fd, idx, li, &v, text);
    *out = NAN;
    if (r == 0)
        return SP_OK;
    if (r == -2)
        return sp_error(SP_E_INPUT, "%s, field %s, %s: %s is a boolean, not a capacity", what,
                        field, where, atof(text) ? "true" : "false");
    if (r < 0 || isnan(v))
        return sp_error(SP_E_INPUT, "%s, field %s, %s: '%s' is not a capacity (a number from 0 "
                        "to 1e+15)", what, field, where, text);
    if (v < 0)
        return sp_error(SP_E_INPUT, "%s, field %s, %s: negative capacity (%s); 0 closes a site to "
                        "new workers, a blank takes the default", what, field, where, text);
    if (v > SP_CAPACITY_MAX)
        return sp_error(SP_E_INPUT, "%s, field %s, %s: capacity %s is more than the limit of "
                        "1e+15 (README \"Capacity inputs\")", what, field, where, text);
    *out = v;
    return SP_OK;
}

sp_status sp_points_capacity_finish(sp_points *p, const sp_options *o, const char *field,
                                    int new_site)
{
    double dflt = sp_options_capacity_default(o, new_site);
    if (!p->capacity) {
        p->capacity = malloc((p->n ? p->n : 1) * sizeof *p->capacity);
        if (!p->capacity)
            return sp_error(SP_E_NOMEM, "out of memory");
        for (size_t i = 0; i < p->n; i++)
            p->capacity[i] = dflt;
        return SP_OK;
    }
    long blank = 0;
    size_t first = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (isnan(p->capacity[i])) {
            if (!blank++)
                first = i;
            p->capacity[i] = dflt;
        } else {
            p->capacity[i] = sp_options_capacity_workers(o, p->capacity[i]);
        }
    }
    if (blank) {
        char row[64], val[128];
        sp_points_row_label(p, first, row, sizeof row);
        if (isinf(dflt))
            snprintf(val, sizeof val, "unlimited (no [capacity] %s)",
                     new_site ? "new_site or default" : "default");
        else
            snprintf(val, sizeof val, "%.10g workers ([capacity] %s)", dflt,
                     new_site && !isnan(o->cap_new_site) ? "new_site" : "default");
        sp_warn("%s, field %s: %ld blank capacit%s (the first on %s) taken as %s", p->what,
                field ? field : "capacity", blank, blank == 1 ? "y" : "ies", row, val);
    }
    return SP_OK;
}

/* 1 when a coordinate of g is not finite or, in a geographic CRS, not a
 * longitude in [-180, 180] and a latitude in [-90, 90]; the first such
 * point in *bx, *by. */
static int bad_coords(OGRGeometryH g, int geographic, double *bx, double *by)
{
    for (int k = 0; k < OGR_G_GetGeometryCount(g); k++)
        if (bad_coords(OGR_G_GetGeometryRef(g, k), geographic, bx, by))
            return 1;
    for (int k = 0; k < OGR_G_GetPointCount(g); k++) {
        double x = OGR_G_GetX(g, k), y = OGR_G_GetY(g, k);
        if (!isfinite(x) || !isfinite(y) || (geographic && (fabs(x) > 180 || fabs(y) > 90))) {
            *bx = x;
            *by = y;
            return 1;
        }
    }
    return 0;
}

/* Is the user's CRS string (.crs) geographic?  0 when it cannot be read
 * (sp_points_project reports that). */
static int user_crs_geographic(const char *def)
{
    OGRSpatialReferenceH s = OSRNewSpatialReference(NULL);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    int g = OSRSetFromUserInput(s, def) == OGRERR_NONE && OSRIsGeographic(s);
    CPLPopErrorHandler();
    OSRDestroySpatialReference(s);
    return g;
}

/* The FID of the next feature of a filtered layer, -1 at the end. */
static GIntBig next_fid(OGRLayerH lyr)
{
    OGRFeatureH f = OGR_L_GetNextFeature(lyr);
    if (!f)
        return -1;
    GIntBig fid = OGR_F_GetFID(f);
    OGR_F_Destroy(f);
    return fid;
}

sp_status sp_points_read(const sp_layer_opts *o, const char *role,
                         const char *weight_field, GEOSContextHandle_t gctx,
                         sp_points **out)
{
    *out = NULL;
    sp_points *p = calloc(1, sizeof *p);
    if (!p)
        return sp_error(SP_E_NOMEM, "out of memory");
    GDALDatasetH ds = NULL;
    OGRLayerH lyr = NULL;
    layer_info li;
    size_t cap = 0;
    sp_csv_lines *lines = NULL;
    sp_status st = open_layer(o, role, &ds, &lyr, &p->what, &li);
    if (st != SP_OK) {
        free(p);
        return st;
    }
    int is_csv = li.is_csv;
    p->row_is_line = is_csv;
    char enc_key[64];
    g_snprintf(enc_key, sizeof enc_key, "%s.encoding", role);
    if (is_csv && (st = sp_csv_lines_scan(o->path, &lines)) != SP_OK)
        goto fail;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int f_id = -1, f_name = -1, f_w = -1, f_x = -1, f_y = -1, f_cap = -1;
    if (o->id && (st = need_field(defn, p->what, "id", o->id, &f_id)))
        goto fail;
    /* A .csvt file beside a CSV still types its columns: an id typed as a
     * number would lose its leading zeros. */
    if (is_csv && f_id >= 0 && OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, f_id)) != OFTString) {
        st = sp_error(SP_E_INPUT, "%s, field %s: typed %s by the file's .csvt; ids are kept as "
                      "written only as text: type the column String there", p->what, o->id,
                      OGR_GetFieldTypeName(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, f_id))));
        goto fail;
    }
    if (o->name && (st = need_field(defn, p->what, "name", o->name, &f_name)))
        goto fail;
    if (weight_field && (st = need_field(defn, p->what, "weight", weight_field, &f_w)))
        goto fail;
    if (o->capacity) {
        char ck[64];
        g_snprintf(ck, sizeof ck, "%s.capacity", role);
        if ((st = need_field(defn, p->what, ck, o->capacity, &f_cap)))
            goto fail;
        p->capacity_field = 1;
        if (!(p->capacity = malloc(sizeof *p->capacity))) {
            st = sp_error(SP_E_NOMEM, "out of memory");
            goto fail;
        }
    }
    if (o->x && ((st = need_field(defn, p->what, "x", o->x, &f_x)) ||
                 (st = need_field(defn, p->what, "y", o->y, &f_y))))
        goto fail;

    /* The CRS: the layer's, else the user's, else lon/lat for columns. */
    OGRSpatialReferenceH srs = o->x ? NULL : OGR_L_GetSpatialRef(lyr);
    if (o->crs) {
        p->src_crs = strdup(o->crs);
    } else if (srs) {
        char *wkt = NULL;
        const char *opts[] = {"FORMAT=WKT2_2018", NULL};
        if (OSRExportToWktEx(srs, &wkt, opts) != OGRERR_NONE || !wkt) {
            CPLFree(wkt);
            st = sp_error(SP_E_CRS, "%s: the layer's CRS cannot be read", p->what);
            goto fail;
        }
        p->src_crs = strdup(wkt);
        CPLFree(wkt);
    } else if (o->x) {
        p->src_crs = strdup("EPSG:4326");
    } else {
        st = sp_error(SP_E_CRS,
                      "%s: the layer has no CRS; say what it is with %s.crs "
                      "(e.g. %s.crs = EPSG:4326)", p->what, role, role);
        goto fail;
    }

    /* Coordinates in a geographic CRS are longitude/latitude (x = lon). */
    int geographic = o->crs ? user_crs_geographic(o->crs) : o->x ? 1 : srs && OSRIsGeographic(srs);
    OGRFieldDefnH fd_w = f_w >= 0 ? OGR_FD_GetFieldDefn(defn, f_w) : NULL;
    OGR_L_ResetReading(lyr);
    OGRFeatureH f;
    GEOSWKBReader *rd = GEOSWKBReader_create_r(gctx);
    sp_libmsg_context(p->what);  /* GDAL's messages while reading name the layer */
    GIntBig next_match = -1;
    if (li.filt_lyr) {
        OGR_L_ResetReading(li.filt_lyr);
        next_match = next_fid(li.filt_lyr);
    }
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        if (li.filt_lyr) {
            /* the typed view's filter decides; both views number alike */
            GIntBig ff = OGR_F_GetFID(f);
            while (next_match >= 0 && next_match < ff)
                next_match = next_fid(li.filt_lyr);
            if (next_match != ff) {
                OGR_F_Destroy(f);
                if (next_match < 0)
                    break;
                continue;
            }
            next_match = next_fid(li.filt_lyr);
        }
        if (!grow(p, &cap)) {
            OGR_F_Destroy(f);
            st = sp_error(SP_E_NOMEM, "out of memory reading %s", p->what);
            break;
        }
        size_t i = p->n;
        long fid = (long)OGR_F_GetFID(f);
        p->row[i] = is_csv ? sp_csv_lines_line(lines, fid) : fid;
        char where[64];
        snprintf(where, sizeof where, "%s %ld", is_csv ? "line" : "feature", p->row[i]);
        p->id[i] = NULL;
        p->name[i] = NULL;
        p->geom[i] = NULL;
        p->weight[i] = 0;
        p->n++;
        if (f_id >= 0) {
            st = text_field(f, f_id, &li, p->what, where, o->id, enc_key, &p->id[i]);
            if (st == SP_OK && !p->id[i])
                st = sp_error(SP_E_INPUT, "%s, field %s, %s: blank id", p->what, o->id, where);
            if (st != SP_OK) {
                OGR_F_Destroy(f);
                break;
            }
        } else {
            char buf[32];
            snprintf(buf, sizeof buf, "%ld", fid);
            p->id[i] = strdup(buf);
        }
        st = text_field(f, f_name, &li, p->what, where, o->name, enc_key, &p->name[i]);
        if (st == SP_OK && f_w >= 0) {
            double v = 0;
            char text[64];
            int r = read_number(f, fd_w, f_w, &li, &v, text);
            if (r == 0) {
                p->n_blank++;
                v = 0;
            } else if (r == -2) {
                st = sp_error(SP_E_INPUT, "%s, field %s, %s: %s is a boolean, not a number of "
                              "workers", p->what, weight_field, where,
                              atof(text) ? "true" : "false");
            } else if (r < 0 || !isfinite(v)) {
                st = sp_error(SP_E_INPUT, "%s, field %s, %s: '%s' is not a number of workers",
                              p->what, weight_field, where, text);
            } else if (v < 0) {
                st = sp_error(SP_E_INPUT, "%s, field %s, %s: negative number of workers (%s)",
                              p->what, weight_field, where, text);
            } else if (v > SP_MAX_CLUSTER_WORKERS) {
                st = sp_error(SP_E_INPUT, "%s, field %s, %s: %s workers in one cluster is more "
                              "than the limit of %.0f (README \"Inputs\")", p->what,
                              weight_field, where, text, SP_MAX_CLUSTER_WORKERS);
            }
            p->weight[i] = v;
        }
        if (st == SP_OK && f_cap >= 0)
            st = read_capacity(f, OGR_FD_GetFieldDefn(defn, f_cap), f_cap, &li, p->what,
                               o->capacity, where, &p->capacity[i]);
        if (st == SP_OK && o->x) {
            double x = 0, y = 0;
            char tx[64], ty[64];
            int rx = read_number(f, OGR_FD_GetFieldDefn(defn, f_x), f_x, &li, &x, tx);
            int ry = read_number(f, OGR_FD_GetFieldDefn(defn, f_y), f_y, &li, &y, ty);
            if (rx != 1 || !isfinite(x))
                st = sp_error(SP_E_INPUT, "%s, field %s, %s: coordinate '%s' is not a number",
                              p->what, o->x, where, tx);
            else if (ry != 1 || !isfinite(y))
                st = sp_error(SP_E_INPUT, "%s, field %s, %s: coordinate '%s' is not a number",
                              p->what, o->y, where, ty);
            else if (!o->crs && (fabs(x) > 180 || fabs(y) > 90))
                st = sp_error(SP_E_INPUT,
                              "%s, %s: (%s, %s) is not a longitude/latitude; name the CRS with %s.crs",
                              p->what, where, tx, ty, role);
            else if (geographic && (fabs(x) > 180 || fabs(y) > 90))
                st = sp_error(SP_E_INPUT, "%s, %s: (%s, %s) is not a longitude/latitude "
                              "(%s.crs = %s is geographic)", p->what, where, tx, ty, role, o->crs);
            else
                p->geom[i] = GEOSGeom_createPointFromXY_r(gctx, x, y);
        } else if (st == SP_OK) {
            OGRGeometryH og = OGR_F_GetGeometryRef(f);
            if (!og || OGR_G_IsEmpty(og)) {
                st = sp_error(SP_E_GEOM, "%s, %s: feature has no geometry", p->what, where);
            } else {
                OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(og));
                double bx = 0, by = 0;
                /* A MultiPoint of one point is that point; of more, it is
                 * not one place (README "Inputs we reject and why"). */
                if (t == wkbMultiPoint && OGR_G_GetGeometryCount(og) == 1) {
                    og = OGR_G_GetGeometryRef(og, 0);
                    t = wkbPoint;
                }
                if (t == wkbMultiPoint) {
                    st = sp_error(SP_E_GEOM, "%s, %s: a MultiPoint of %d points is not one "
                                  "place; give each point its own feature (ogr2ogr "
                                  "-explodecollections) or use a polygon", p->what, where,
                                  OGR_G_GetGeometryCount(og));
                } else if (t != wkbPoint && t != wkbPolygon && t != wkbMultiPolygon) {
                    st = sp_error(SP_E_GEOM, "%s, %s: geometry type %s is not a point or polygon",
                                  p->what, where, OGRGeometryTypeToName(t));
                } else if (bad_coords(og, geographic, &bx, &by)) {
                    if (isfinite(bx) && isfinite(by))
                        st = sp_error(SP_E_GEOM, "%s, %s: coordinate (%.15g, %.15g) is not a "
                                      "longitude/latitude (the layer's CRS is geographic: "
                                      "longitude -180..180, latitude -90..90)",
                                      p->what, where, bx, by);
                    else
                        st = sp_error(SP_E_GEOM, "%s, %s: coordinate (%g, %g) is not a finite "
                                      "number", p->what, where, bx, by);
                } else {
                    int sz = OGR_G_WkbSize(og);
                    unsigned char *wkb = malloc(sz > 0 ? (size_t)sz : 1);
                    if (wkb && OGR_G_ExportToIsoWkb(og, wkbNDR, wkb) == OGRERR_NONE)
                        p->geom[i] = GEOSWKBReader_read_r(gctx, rd, wkb, (size_t)sz);
                    free(wkb);
                    if (!p->geom[i]) {
                        st = sp_error(SP_E_GEOM, "%s, %s: geometry cannot be read", p->what, where);
                    } else if (t == wkbPolygon || t == wkbMultiPolygon) {
                        p->any_polygon = 1;
                        char valid = GEOSisValid_r(gctx, p->geom[i]);
                        if (valid != 1) {
                            char *reason = GEOSisValidReason_r(gctx, p->geom[i]);
                            st = sp_error(SP_E_GEOM, "%s, %s: invalid polygon (%s)", p->what,
                                          where, reason ? reason : "unknown reason");
                            GEOSFree_r(gctx, reason);
                        }
                    }
                }
            }
        }
        OGR_F_Destroy(f);
        if (st != SP_OK)
            break;
    }
    sp_libmsg_context(NULL);
    GEOSWKBReader_destroy_r(gctx, rd);
    /* The total stays finite and exact (it cannot pass 2^53 while each
     * weight is at most SP_MAX_CLUSTER_WORKERS and n < 9e8; checked all
     * the same). */
    double total = 0;
    for (size_t i = 0; weight_field && i < p->n; i++)
        total += p->weight[i];
    if (st == SP_OK && !(total <= 9007199254740992.0))
        st = sp_error(SP_E_INPUT, "%s, field %s: the workers add up to %g, more than siteplan "
                      "counts exactly (2^53)", p->what, weight_field, total);
    if (st == SP_OK && p->n == 0)
        st = sp_error(SP_E_INPUT, "%s: no features%s%s%s", p->what,
                      o->where ? " match the filter '" : "", o->where ? o->where : "",
                      o->where ? "'" : "");
    /* Duplicate ids: sort a copy of indices by id. */
    if (st == SP_OK) {
        GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
        for (size_t i = 0; i < p->n && st == SP_OK; i++) {
            gpointer prev;
            if (g_hash_table_lookup_extended(seen, p->id[i], NULL, &prev)) {
                char a[64], b[64];
                sp_points_row_label(p, (size_t)GPOINTER_TO_SIZE(prev), a, sizeof a);
                sp_points_row_label(p, i, b, sizeof b);
                st = sp_error(SP_E_INPUT, "%s: duplicate id '%s' (%s and %s)", p->what,
                              p->id[i], a, b);
            } else {
                g_hash_table_insert(seen, p->id[i], GSIZE_TO_POINTER(i));
            }
        }
        g_hash_table_destroy(seen);
    }
    /* Representative points in the source CRS (for the centre). */
    for (size_t i = 0; i < p->n && st == SP_OK; i++) {
        GEOSGeometry *pt = GEOSPointOnSurface_r(gctx, p->geom[i]);
        if (!pt || GEOSGeomGetX_r(gctx, pt, &p->xy[2 * i]) != 1 ||
            GEOSGeomGetY_r(gctx, pt, &p->xy[2 * i + 1]) != 1) {
            char lab[64];
            sp_points_row_label(p, i, lab, sizeof lab);
            st = sp_error(SP_E_GEOM, "%s, %s: no point on the surface", p->what, lab);
        }
        if (pt)
            GEOSGeom_destroy_r(gctx, pt);
    }
fail:
    sp_csv_lines_free(lines);
    if (li.filt_ds)
        GDALClose(li.filt_ds);
    GDALClose(ds);
    if (st != SP_OK) {
        sp_points_free(p, gctx);
        return st;
    }
    *out = p;
    return SP_OK;
}

sp_status sp_points_center_lonlat(const sp_points *p, double *lon, double *lat)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < p->n; i++) {
        x0 = fmin(x0, p->xy[2 * i]);
        x1 = fmax(x1, p->xy[2 * i]);
        y0 = fmin(y0, p->xy[2 * i + 1]);
        y1 = fmax(y1, p->xy[2 * i + 1]);
    }
    sp_status st = sp_crs_to_lonlat(p->src_crs, (x0 + x1) / 2, (y0 + y1) / 2, lon, lat);
    if (st != SP_OK) {
        sp_error_clear();
        return sp_error(SP_E_CRS, "%s: the centre of the features (%g, %g) cannot "
                        "be placed on the globe; is the layer's CRS right?",
                        p->what, (x0 + x1) / 2, (y0 + y1) / 2);
    }
    return SP_OK;
}

sp_status sp_points_project(sp_points *p, sp_crs *crs, GEOSContextHandle_t gctx)
{
    sp_xform *x = NULL;
    sp_status st = sp_xform_new(crs, p->src_crs, 1, p->what, &x);
    for (size_t i = 0; i < p->n && st == SP_OK; i++) {
        GEOSGeometry *g2 = NULL;
        st = sp_xform_geom(x, gctx, p->geom[i], &g2);
        if (st != SP_OK) {
            char lab[64];
            sp_points_row_label(p, i, lab, sizeof lab);
            sp_error_clear();
            st = sp_error(SP_E_CRS, "%s, %s: coordinates cannot be transformed into %s; "
                          "is the layer's CRS right?", p->what, lab, sp_crs_name(crs));
            break;
        }
        GEOSGeom_destroy_r(gctx, p->geom[i]);
        p->geom[i] = g2;
        GEOSGeometry *pt = GEOSPointOnSurface_r(gctx, g2);
        if (!pt || GEOSGeomGetX_r(gctx, pt, &p->xy[2 * i]) != 1 ||
            GEOSGeomGetY_r(gctx, pt, &p->xy[2 * i + 1]) != 1)
            st = sp_error(SP_E_GEOM, "%s: no point on the surface", p->what);
        if (pt)
            GEOSGeom_destroy_r(gctx, pt);
    }
    sp_xform_free(x);
    return st;
}
