/* costmatrix_csv.c — the long-form CSV loader of the cost matrix
 * (sp_costmatrix_load_csv, see costmatrix.h). */
#include "costmatrix.h"
#include "costmatrix_private.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <glib.h>
#include <ogr_api.h>

#include "csvlines.h"
#include "number.h"
#include "textin.h"

/* One open OGR layer with a way to name a feature's position in messages. */
typedef struct {
    const char *path;
    GDALDatasetH ds;
    OGRLayerH layer;
    OGRFeatureDefnH defn;
    int is_csv;           /* messages name lines (csvlines.h), not features */
    sp_csv_lines *lines;  /* CSV: the physical line of each record */
    const char *encoding; /* text encoding (textin.h); NULL = UTF-8 */
} src_t;

static sp_status src_open(src_t *s, const char *path, const char *encoding)
{
    memset(s, 0, sizeof *s);
    s->path = path;
    s->encoding = encoding;
    if (GDALGetDriverCount() == 0)
        GDALAllRegister();
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    s->ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR, NULL,
                       NULL, NULL);
    CPLPopErrorHandler();
    if (!s->ds) {
        const char *msg = CPLGetLastErrorMsg();
        return sp_error(SP_E_IO, "%s: cannot open: %s", path,
                        msg && *msg ? msg : "not a readable vector dataset");
    }
    if (GDALDatasetGetLayerCount(s->ds) < 1)
        return sp_error(SP_E_INPUT, "%s: no layer", path);
    s->layer = GDALDatasetGetLayer(s->ds, 0);
    s->defn = OGR_L_GetLayerDefn(s->layer);
    GDALDriverH drv = GDALGetDatasetDriver(s->ds);
    s->is_csv = drv && strcmp(GDALGetDriverShortName(drv), "CSV") == 0;
    OGR_L_ResetReading(s->layer);
    if (s->is_csv)
        return sp_csv_lines_scan(path, &s->lines);
    return SP_OK;
}

static void src_close(src_t *s)
{
    if (s->ds)
        GDALClose(s->ds);
    s->ds = NULL;
    sp_csv_lines_free(s->lines);
    s->lines = NULL;
}

/* "line 12" for CSV files, "feature 11" otherwise. */
static const char *src_where(const src_t *s, GIntBig fid, char *buf,
                             size_t len)
{
    if (s->is_csv)
        snprintf(buf, len, "line %ld", sp_csv_lines_line(s->lines, fid));
    else
        snprintf(buf, len, "feature %lld", (long long)fid);
    return buf;
}

static sp_status src_field_missing(const src_t *s, const char *name, const char *opt);

static sp_status src_field(const src_t *s, const char *name, const char *opt,
                           int *out)
{
    int i = OGR_FD_GetFieldIndex(s->defn, name);
    if (i >= 0) {
        *out = i;
        return SP_OK;
    }
    return src_field_missing(s, name, opt);
}

/* An id column: as src_field, and a CSV's .csvt must not type it as a
 * number (an id is kept as written only as text). */
static sp_status src_id_field(const src_t *s, const char *name, const char *opt, int *out)
{
    sp_status st = src_field(s, name, opt, out);
    OGRFieldType t = st == SP_OK ? OGR_Fld_GetType(OGR_FD_GetFieldDefn(s->defn, *out))
                                 : OFTString;
    if (s->is_csv && t != OFTString)
        return sp_error(SP_E_INPUT, "%s: field '%s': typed %s by the file's .csvt; ids are "
                        "kept as written only as text: type the column String there", s->path,
                        name, OGR_GetFieldTypeName(t));
    return st;
}

static sp_status src_field_missing(const src_t *s, const char *name, const char *opt)
{
    char list[512] = "";
    size_t used = 0;
    int n = OGR_FD_GetFieldCount(s->defn);
    for (int k = 0; k < n && used + 1 < sizeof list; k++) {
        int w = snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "",
                         OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(s->defn, k)));
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return sp_error(SP_E_INPUT, "%s: no field '%s' (set it with %s; fields: %s)",
                    s->path, name, opt, list);
}

/* Parse a number >= 0 from a field.  *empty says the field was empty. */
static sp_status field_number(const src_t *s, OGRFeatureH f, int fi,
                              const char *name, double *out, int *empty)
{
    char where[64];
    *empty = 0;
    const char *txt = "";
    if (OGR_F_IsFieldSetAndNotNull(f, fi))
        txt = OGR_F_GetFieldAsString(f, fi);
    double v;
    sp_num_result r = sp_number_parse(txt, SP_NUM_SIGN | SP_NUM_BLANKS, &v);
    if (r == SP_NUM_EMPTY) {
        *empty = 1;
        *out = 0;
        return SP_OK;
    }
    while (*txt == ' ' || *txt == '\t') /* messages quote the field from here */
        txt++;
    if (r != SP_NUM_OK && r != SP_NUM_RANGE)
        return sp_error(SP_E_INPUT, "%s: %s: field '%s': '%s' is not a number",
                        s->path, src_where(s, OGR_F_GetFID(f), where,
                                           sizeof where),
                        name, txt);
    if (!isfinite(v) || v < 0)
        return sp_error(SP_E_INPUT,
                        "%s: %s: field '%s': %s is not a finite number >= 0",
                        s->path,
                        src_where(s, OGR_F_GetFID(f), where, sizeof where),
                        name, txt);
    *out = v;
    return SP_OK;
}

/* The field's text as UTF-8 (textin.h), "" when NULL; *out owned. */
static sp_status field_text(const src_t *s, OGRFeatureH f, int fi, const char *name,
                            char **out)
{
    char where[64];
    const char *t = OGR_F_IsFieldSetAndNotNull(f, fi) ? OGR_F_GetFieldAsString(f, fi) : "";
    return sp_text_utf8(t, s->encoding, s->path,
                        src_where(s, OGR_F_GetFID(f), where, sizeof where), name,
                        "--encoding", out);
}

typedef struct {
    int32_t cand, dem;
    float cost;
    GIntBig fid;
} triple_t;

static int triple_cmp(const void *a, const void *b)
{
    const triple_t *x = a, *y = b;
    if (x->cand != y->cand)
        return x->cand < y->cand ? -1 : 1;
    if (x->dem != y->dem)
        return x->dem < y->dem ? -1 : 1;
    return (x->fid > y->fid) - (x->fid < y->fid);
}

/* Loader state, freed in one place. */
typedef struct {
    src_t dsrc, msrc;
    GPtrArray *dem_ids;  /* owned strings */
    GArray *dem_w;       /* double */
    GPtrArray *cand_ids; /* owned strings */
    GHashTable *dem_h, *cand_h; /* borrowed keys -> index + 1 */
    triple_t *tr;
    size_t n_tr, cap_tr;
    sp_costmatrix *m;
} loader_t;

static void loader_free(loader_t *L)
{
    src_close(&L->dsrc);
    src_close(&L->msrc);
    if (L->dem_h)
        g_hash_table_destroy(L->dem_h);
    if (L->cand_h)
        g_hash_table_destroy(L->cand_h);
    if (L->dem_ids)
        g_ptr_array_free(L->dem_ids, TRUE);
    if (L->cand_ids)
        g_ptr_array_free(L->cand_ids, TRUE);
    if (L->dem_w)
        g_array_free(L->dem_w, TRUE);
    free(L->tr);
    sp_costmatrix_free(L->m);
}

static sp_status load_demand(loader_t *L, const sp_costmatrix_csv_opts *o,
                             const char *id_col)
{
    sp_status st = src_open(&L->dsrc, o->demand_path, o->encoding);
    if (st != SP_OK)
        return st;
    int fi_id = -1, fi_w = -1;
    st = src_id_field(&L->dsrc, id_col, "--demand-id", &fi_id);
    if (st == SP_OK && o->weight)
        st = src_field(&L->dsrc, o->weight, "--weight", &fi_w);
    if (st != SP_OK)
        return st;
    OGRFeatureH f;
    char where[64];
    while ((f = OGR_L_GetNextFeature(L->dsrc.layer)) != NULL) {
        char *copy = NULL;
        src_where(&L->dsrc, OGR_F_GetFID(f), where, sizeof where);
        if ((st = field_text(&L->dsrc, f, fi_id, id_col, &copy)) != SP_OK) {
            OGR_F_Destroy(f);
            return st;
        }
        if (!*copy) {
            OGR_F_Destroy(f);
            free(copy);
            return sp_error(SP_E_INPUT, "%s: %s: field '%s' is empty",
                            o->demand_path, where, id_col);
        }
        if (g_hash_table_lookup(L->dem_h, copy)) {
            st = sp_error(SP_E_INPUT, "%s: %s: field '%s': duplicate id '%s'",
                          o->demand_path, where, id_col, copy);
            OGR_F_Destroy(f);
            free(copy);
            return st;
        }
        double w = 1.0;
        if (fi_w >= 0) {
            int empty;
            st = field_number(&L->dsrc, f, fi_w, o->weight, &w, &empty);
            if (st != SP_OK) {
                OGR_F_Destroy(f);
                free(copy);
                return st;
            }
            if (empty)
                sp_warn("%s: %s: field '%s' is empty; weight 0 used",
                        o->demand_path, where, o->weight);
        }
        OGR_F_Destroy(f);
        g_ptr_array_add(L->dem_ids, copy);
        g_array_append_val(L->dem_w, w);
        g_hash_table_insert(L->dem_h, copy,
                            GINT_TO_POINTER((int)L->dem_ids->len));
    }
    if (L->dem_ids->len == 0)
        return sp_error(SP_E_INPUT, "%s: no demand rows", o->demand_path);
    return SP_OK;
}

static sp_status load_pairs(loader_t *L, const sp_costmatrix_csv_opts *o,
                            const char *site_col, const char *dem_col,
                            const char *cost_col, const char *id_col)
{
    sp_status st = src_open(&L->msrc, o->matrix_path, o->encoding);
    if (st != SP_OK)
        return st;
    int fi_s = -1, fi_d = -1, fi_c = -1;
    if ((st = src_id_field(&L->msrc, site_col, "--site-col", &fi_s)) != SP_OK ||
        (st = src_id_field(&L->msrc, dem_col, "--demand-col", &fi_d)) != SP_OK ||
        (st = src_field(&L->msrc, cost_col, "--cost-col", &fi_c)) != SP_OK)
        return st;
    OGRFeatureH f;
    char where[64];
    while ((f = OGR_L_GetNextFeature(L->msrc.layer)) != NULL) {
        GIntBig fid = OGR_F_GetFID(f);
        src_where(&L->msrc, fid, where, sizeof where);
        char *sid = NULL, *did = NULL;
        if ((st = field_text(&L->msrc, f, fi_s, site_col, &sid)) == SP_OK &&
            (st = field_text(&L->msrc, f, fi_d, dem_col, &did)) == SP_OK &&
            (!*sid || !*did))
            st = sp_error(SP_E_INPUT, "%s: %s: field '%s' is empty",
                          o->matrix_path, where, !*sid ? site_col : dem_col);
        int dj = st == SP_OK ? GPOINTER_TO_INT(g_hash_table_lookup(L->dem_h, did)) - 1 : -1;
        if (st == SP_OK && dj < 0)
            st = sp_error(SP_E_INPUT,
                          "%s: %s: field '%s': demand '%s' is not in %s "
                          "(field '%s')",
                          o->matrix_path, where, dem_col, did, o->demand_path,
                          id_col);
        free(did);
        if (st != SP_OK) {
            free(sid);
            OGR_F_Destroy(f);
            return st;
        }
        double c;
        int empty;
        st = field_number(&L->msrc, f, fi_c, cost_col, &c, &empty);
        if (st == SP_OK && empty)
            st = sp_error(SP_E_INPUT, "%s: %s: field '%s' is empty",
                          o->matrix_path, where, cost_col);
        if (st == SP_OK && c > FLT_MAX)
            st = sp_error(SP_E_INPUT, "%s: %s: field '%s': %g is too large",
                          o->matrix_path, where, cost_col, c);
        if (st != SP_OK) {
            free(sid);
            OGR_F_Destroy(f);
            return st;
        }
        int ci = GPOINTER_TO_INT(g_hash_table_lookup(L->cand_h, sid)) - 1;
        if (ci < 0) {
            g_ptr_array_add(L->cand_ids, sid);
            ci = (int)L->cand_ids->len - 1;
            g_hash_table_insert(L->cand_h, sid, GINT_TO_POINTER(ci + 1));
        } else {
            free(sid);
        }
        OGR_F_Destroy(f);
        if (L->n_tr == L->cap_tr) {
            size_t cap = L->cap_tr ? 2 * L->cap_tr : 4096;
            triple_t *t = sp_realloc_n(L->tr, cap, sizeof *t);
            if (!t)
                return sp_error(SP_E_NOMEM, "%s: out of memory",
                                o->matrix_path);
            L->tr = t;
            L->cap_tr = cap;
        }
        L->tr[L->n_tr++] = (triple_t){ci, dj, (float)c, fid};
    }
    if (L->n_tr == 0)
        return sp_error(SP_E_INPUT, "%s: no rows", o->matrix_path);
    return SP_OK;
}

/* Sorted triples: report duplicates and (optionally) holes. */
static sp_status check_pairs(loader_t *L, const sp_costmatrix_csv_opts *o,
                             const char *site_col, const char *dem_col)
{
    char w1[64], w2[64];
    for (size_t t = 1; t < L->n_tr; t++) {
        const triple_t *a = &L->tr[t - 1], *b = &L->tr[t];
        if (a->cand == b->cand && a->dem == b->dem)
            return sp_error(SP_E_INPUT,
                            "%s: %s: fields '%s','%s': duplicate pair ('%s', "
                            "'%s'), first on %s",
                            o->matrix_path,
                            src_where(&L->msrc, b->fid, w1, sizeof w1),
                            site_col, dem_col,
                            (const char *)g_ptr_array_index(L->cand_ids,
                                                            b->cand),
                            (const char *)g_ptr_array_index(L->dem_ids, b->dem),
                            src_where(&L->msrc, a->fid, w2, sizeof w2));
    }
    if (!o->require_complete)
        return SP_OK;
    size_t n_dem = L->dem_ids->len, t = 0;
    for (size_t i = 0; i < L->cand_ids->len; i++) {
        for (size_t j = 0; j < n_dem; j++, t++) {
            if (t < L->n_tr && L->tr[t].cand == (int32_t)i &&
                L->tr[t].dem == (int32_t)j)
                continue;
            return sp_error(SP_E_INPUT,
                            "%s: fields '%s','%s': no row for the pair "
                            "('%s', '%s'); the matrix must list every site "
                            "for every demand (%zu x %zu rows, found %zu)",
                            o->matrix_path, site_col, dem_col,
                            (const char *)g_ptr_array_index(L->cand_ids, i),
                            (const char *)g_ptr_array_index(L->dem_ids, j),
                            (size_t)L->cand_ids->len, n_dem, L->n_tr);
        }
    }
    return SP_OK;
}

/* Every sum the models form stays finite: the total weight, and the
 * total weight times the largest cost (a bound on any p-median sum). */
static sp_status check_finite(const loader_t *L, const sp_costmatrix_csv_opts *o)
{
    double total = 0, cmax = 0;
    for (guint j = 0; j < L->dem_w->len; j++)
        total += g_array_index(L->dem_w, double, j);
    for (size_t t = 0; t < L->n_tr; t++)
        cmax = fmax(cmax, L->tr[t].cost);
    if (!isfinite(total))
        return sp_error(SP_E_INPUT, "%s: the weights add up to more than a number can hold",
                        o->demand_path);
    if (!isfinite(total * cmax))
        return sp_error(SP_E_INPUT, "%s, %s: the weights times the costs (%g x %g) are more "
                        "than a number can hold", o->demand_path, o->matrix_path, total, cmax);
    return SP_OK;
}

static sp_status build_matrix(loader_t *L)
{
    int32_t nc = (int32_t)L->cand_ids->len, nd = (int32_t)L->dem_ids->len;
    L->m = sp_costmatrix_new(nc, nd);
    if (!L->m)
        return sp_error(SP_E_NOMEM, "cost matrix: out of memory");
    sp_status st = sp__costmatrix_reserve(L->m, L->n_tr);
    if (st != SP_OK)
        return st;
    size_t t = 0;
    for (int32_t i = 0; i < nc; i++) {
        /* Already sorted and unique: append directly. */
        for (; t < L->n_tr && L->tr[t].cand == i; t++)
            sp__costmatrix_push(L->m, L->tr[t].dem, L->tr[t].cost);
        sp__costmatrix_end_row(L->m, i);
        if ((st = sp_costmatrix_set_candidate_id(
                 L->m, i, g_ptr_array_index(L->cand_ids, i))) != SP_OK)
            return st;
    }
    for (int32_t j = 0; j < nd; j++) {
        if ((st = sp_costmatrix_set_demand_id(
                 L->m, j, g_ptr_array_index(L->dem_ids, j))) != SP_OK ||
            (st = sp_costmatrix_set_weight(
                 L->m, j, g_array_index(L->dem_w, double, j))) != SP_OK)
            return st;
    }
    return sp_costmatrix_finish(L->m);
}

sp_status sp_costmatrix_load_csv(const sp_costmatrix_csv_opts *o,
                                 sp_costmatrix **out)
{
    *out = NULL;
    if (!o->matrix_path || !o->demand_path)
        return sp_error(SP_E_USAGE, "cost matrix: matrix and demand files "
                                    "are required");
    const char *site_col = o->site_col ? o->site_col : "name";
    const char *dem_col = o->demand_col ? o->demand_col : "DestinationName";
    const char *cost_col = o->cost_col ? o->cost_col : "distance";
    const char *id_col = o->demand_id ? o->demand_id : "NAME";

    loader_t L;
    memset(&L, 0, sizeof L);
    L.dem_ids = g_ptr_array_new_with_free_func(free);
    L.cand_ids = g_ptr_array_new_with_free_func(free);
    L.dem_w = g_array_new(FALSE, FALSE, sizeof(double));
    L.dem_h = g_hash_table_new(g_str_hash, g_str_equal);
    L.cand_h = g_hash_table_new(g_str_hash, g_str_equal);

    sp_status st = SP_OK;
    if (o->encoding)
        st = sp_text_encoding_check(o->encoding, "--encoding");
    if (st == SP_OK)
        st = load_demand(&L, o, id_col);
    if (st == SP_OK)
        st = load_pairs(&L, o, site_col, dem_col, cost_col, id_col);
    if (st == SP_OK) {
        if (L.n_tr > 1) /* L.tr may be NULL without pairs */
            qsort(L.tr, L.n_tr, sizeof *L.tr, triple_cmp);
        st = check_pairs(&L, o, site_col, dem_col);
    }
    if (st == SP_OK)
        st = check_finite(&L, o);
    if (st == SP_OK)
        st = build_matrix(&L);
    if (st == SP_OK) {
        *out = L.m;
        L.m = NULL;
    }
    loader_free(&L);
    return st;
}
