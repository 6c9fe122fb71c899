/* results_read.c — a results folder checked against the schema and read
 * (see results_read.h): summary.json, the CSV files, the folder. */
#include "results_read_internal.h"
#include "number.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileset.h"

/* ---- summary.json ---- */

static json_object *jpath(json_object *j, const char *path)
{
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

double sp_results_num(const sp_results *d, const char *path, double dflt)
{
    json_object *j = jpath(d->summary, path);
    if (!j || !(json_object_is_type(j, json_type_double) || json_object_is_type(j, json_type_int)))
        return dflt;
    return json_object_get_double(j);
}

const char *sp_results_str(const sp_results *d, const char *path, const char *dflt)
{
    json_object *j = jpath(d->summary, path);
    if (!j || !json_object_is_type(j, json_type_string))
        return dflt;
    return json_object_get_string(j);
}

int sp_results_bool(const sp_results *d, const char *path, int dflt)
{
    json_object *j = jpath(d->summary, path);
    if (!j || !json_object_is_type(j, json_type_boolean))
        return dflt;
    return json_object_get_boolean(j) ? 1 : 0;
}

int sp_results_has(const sp_results *d, const char *path)
{
    json_object *j = jpath(d->summary, path);
    return j && !json_object_is_type(j, json_type_null);
}

static int kind_ok(json_object *j, sp_json_kind k)
{
    switch (k) {
    case SP_JSON_NUM:
        return json_object_is_type(j, json_type_double) || json_object_is_type(j, json_type_int) ||
               json_object_is_type(j, json_type_null);
    case SP_JSON_INT:
        return json_object_is_type(j, json_type_int);
    case SP_JSON_STR:
        return json_object_is_type(j, json_type_string);
    case SP_JSON_BOOL:
        return json_object_is_type(j, json_type_boolean);
    case SP_JSON_OBJ:
        return json_object_is_type(j, json_type_object);
    case SP_JSON_ARR:
        return json_object_is_type(j, json_type_array);
    }
    return 0;
}

/* ---- numbers in range ---- */

/* Every number in summary.json: finite and within +-SP_RESULTS_MAX_ABS;
 * path: where in the file (dotted keys, [i] for array items). */
static sp_status check_json_numbers(json_object *j, const char *file, char *key, size_t cap, size_t at)
{
    if (json_object_is_type(j, json_type_double) || json_object_is_type(j, json_type_int)) {
        double v = json_object_get_double(j);
        if (json_object_is_type(j, json_type_int)) {
            int64_t i = json_object_get_int64(j);   /* saturates: INT64_MAX for a bigger integer */
            if (i > (int64_t)SP_RESULTS_MAX_ABS || i < -(int64_t)SP_RESULTS_MAX_ABS)
                v = INFINITY;
        }
        if (!isfinite(v) || fabs(v) > SP_RESULTS_MAX_ABS)   /* an integer is not echoed: json-c
                                                               keeps a big one saturated */
            return sp_error(SP_E_INPUT, "%s: key \"%s\"%s%s is not a finite number within +-%.0e "
                            "(not written by siteplan run; run the scenario again)", file, key,
                            json_object_is_type(j, json_type_int) ? "" : ": ",
                            json_object_is_type(j, json_type_int) ? "" : sp_first_line(json_object_to_json_string(j)),
                            SP_RESULTS_MAX_ABS);
        return SP_OK;
    }
    if (json_object_is_type(j, json_type_array)) {
        size_t n = json_object_array_length(j);
        for (size_t i = 0; i < n; i++) {
            int w = snprintf(key + at, cap - at, "[%zu]", i);
            size_t next = at + (size_t)w < cap ? at + (size_t)w : cap - 1;
            sp_status st = check_json_numbers(json_object_array_get_idx(j, i), file, key, cap, next);
            if (st)
                return st;
        }
        key[at] = '\0';
    } else if (json_object_is_type(j, json_type_object)) {
        json_object_object_foreach(j, name, val) {
            int w = snprintf(key + at, cap - at, "%s%s", at ? "." : "", name);
            size_t next = at + (size_t)w < cap ? at + (size_t)w : cap - 1;
            sp_status st = check_json_numbers(val, file, key, cap, next);
            if (st)
                return st;
        }
        key[at] = '\0';
    }
    return SP_OK;
}

/* The range of a summary key the drawings use: counts (SP_JSON_INT) from 0
 * to SP_RESULTS_MAX_COUNT, percentages 0..100, thresholds in minutes above
 * 0 and at most a day.  1 when v is in range. */
static int summary_in_range(const sp_schema_key *k, double v, const char **what)
{
    const char *leaf = strrchr(k->path, '.');
    leaf = leaf ? leaf + 1 : k->path;
    if (k->kind == SP_JSON_INT && strcmp(k->path, "schema_version")) {
        *what = "a count from 0 to 268435455";
        return v >= 0 && v <= SP_RESULTS_MAX_COUNT;
    }
    if (strstr(leaf, "percent")) {
        *what = "a percentage from 0 to 100";
        return v >= 0 && v <= 100;
    }
    if (!strcmp(leaf, "minutes")) {
        *what = "minutes above 0 and at most 1440";
        return v > 0 && v <= 1440;
    }
    return 1;
}

static const char *const KIND_NAME[] = {"a number", "an integer", "a string", "true or false", "an object",
                                        "an array"};

/* schema_version, then every key of the schema. */
static sp_status check_summary(const sp_results *d, const char *path)
{
    json_object *v = jpath(d->summary, "schema_version");
    if (!v || !json_object_is_type(v, json_type_int))
        return sp_error(SP_E_INPUT, "%s: no \"schema_version\": not written by siteplan run, or by a "
                        "version before results schema %d (run the scenario again)", path,
                        SP_RESULTS_SCHEMA_VERSION);
    int64_t ver = json_object_get_int64(v);
    if (ver != SP_RESULTS_SCHEMA_VERSION)
        return sp_error(SP_E_INPUT, "%s: \"schema_version\" is %lld; this siteplan reads results "
                        "schema %d%s", path, (long long)ver, SP_RESULTS_SCHEMA_VERSION,
                        ver < SP_RESULTS_SCHEMA_VERSION ? " (run the scenario again)" : "");
    char key[256] = "";
    sp_status nst = check_json_numbers(d->summary, path, key, sizeof key, 0);
    if (nst)
        return nst;
    int n;
    const sp_schema_key *keys = sp_schema_summary_keys(&n);
    for (int i = 0; i < n; i++) {
        const char *dot = strrchr(keys[i].path, '.');
        json_object *parent = d->summary, *j = NULL;
        if (dot) {   /* a key of an object that is not there is not looked at */
            char pp[128];
            snprintf(pp, sizeof pp, "%.*s", (int)(dot - keys[i].path), keys[i].path);
            if (!(parent = jpath(d->summary, pp)) || !json_object_is_type(parent, json_type_object))
                continue;
        }
        /* present with a null value: j stays NULL */
        if (!json_object_object_get_ex(parent, dot ? dot + 1 : keys[i].path, &j)) {
            if (keys[i].required)
                return sp_error(SP_E_INPUT, "%s: no key \"%s\" (%s)", path, keys[i].path, keys[i].meaning);
            continue;
        }
        if (!(j ? kind_ok(j, keys[i].kind) : keys[i].kind == SP_JSON_NUM))
            return sp_error(SP_E_INPUT, "%s: key \"%s\" is not %s", path, keys[i].path, KIND_NAME[keys[i].kind]);
        const char *what = "";
        if (j && (keys[i].kind == SP_JSON_NUM || keys[i].kind == SP_JSON_INT) &&
            !summary_in_range(&keys[i], json_object_get_double(j), &what))
            return sp_error(SP_E_INPUT, "%s: key \"%s\" is %s, expected %s (not written by siteplan "
                            "run; run the scenario again)", path, keys[i].path,
                            sp_first_line(json_object_to_json_string(j)), what);
    }
    return SP_OK;
}

static void fill_summary(sp_results *d)
{
    sp_rsummary *s = &d->sum;
    s->schema_version = (int)sp_results_num(d, "schema_version", 0);
    s->scenario = sp_results_str(d, "scenario", "");
    s->mode = sp_results_str(d, "mode", "");
    s->crs = sp_results_str(d, "crs", "");
    s->minutes = sp_results_num(d, "minutes", NAN);
    s->workers_total = sp_results_num(d, "workers_total", NAN);
    s->workers_covered = sp_results_num(d, "workers_covered", NAN);
    s->percent_covered = sp_results_num(d, "percent_covered", NAN);
    s->clusters_total = (int)sp_results_num(d, "clusters_total", 0);
    s->clusters_covered = (int)sp_results_num(d, "clusters_covered", 0);
    s->clusters_unreachable = (int)sp_results_num(d, "clusters_unreachable", 0);
    s->sites_total = (int)sp_results_num(d, "sites_total", 0);
    s->stations = (int)sp_results_num(d, "stations", 0);
    s->facilities = (int)sp_results_num(d, "facilities", 0);
    s->sites_unreachable = (int)sp_results_num(d, "sites_unreachable", 0);
    s->gaps_total = (int)sp_results_num(d, "gaps_total", 0);
    s->demand_points = (int)sp_results_num(d, "demand_points", 0);
    s->demand_points_unsnapped = (int)sp_results_num(d, "demand_points_unsnapped", 0);
    s->clusters_areas = (int)sp_results_num(d, "clusters_areas", 0);
    s->clusters_partly_covered = (int)sp_results_num(d, "clusters_partly_covered", 0);
    json_object *est = jpath(d->summary, "workers_estimated");
    s->workers_estimated = est && json_object_is_type(est, json_type_boolean) && json_object_get_boolean(est);
    s->has_siting = sp_results_has(d, "siting");
    s->has_capacity = sp_results_has(d, "capacity");
    s->workers_served = sp_results_num(d, "capacity.workers_served", NAN);
    s->workers_over_capacity = sp_results_num(d, "capacity.workers_over_capacity", NAN);
    s->workers_not_covered = sp_results_num(d, "capacity.workers_not_covered", NAN);
    s->percent_served = sp_results_num(d, "capacity.percent_served", NAN);
    s->percent_over_capacity = sp_results_num(d, "capacity.percent_over_capacity", NAN);
    s->percent_not_covered = sp_results_num(d, "capacity.percent_not_covered", NAN);
    s->sites_with_capacity = (int)sp_results_num(d, "capacity.sites_with_capacity", 0);
    s->sites_unlimited = (int)sp_results_num(d, "capacity.sites_unlimited", 0);
    s->sites_full = (int)sp_results_num(d, "capacity.sites_full", 0);
    s->has_mobile = sp_results_has(d, "mobile");
}

/* The area counts of summary.json (schema 7) against each other and the
 * clusters layer: demand_points the layer's sum (so at least one per
 * cluster), demand_points_unsnapped at most that, clusters_areas at most
 * clusters_total, clusters_partly_covered the layer's clusters with 0 <
 * share_covered < 1, and workers_covered the layer's sum as written
 * (%.0f: within 0.5, plus rounding). */
static sp_status check_area_counts(const sp_results *d, const char *dir)
{
    const sp_rsummary *s = &d->sum;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, SP_FILE_SUMMARY);
    long long points = 0;
    int partly = 0;
    double wc = 0;
    for (int i = 0; i < d->n_clusters; i++) {
        const sp_rcluster *c = &d->clusters[i];
        points += c->demand_points;
        partly += c->share_covered > 0 && c->share_covered < 1;
        wc += c->workers_covered;
    }
    const char *again = "(not written by siteplan run; run the scenario again)";
    if (points != s->demand_points)
        return sp_error(SP_E_INPUT, "%s: key \"demand_points\" is %d, but the clusters layer of %s "
                        "has %lld demand points %s", path, s->demand_points, SP_FILE_GPKG, points, again);
    if (s->demand_points_unsnapped > s->demand_points)
        return sp_error(SP_E_INPUT, "%s: key \"demand_points_unsnapped\" is %d, more than "
                        "demand_points (%d) %s", path, s->demand_points_unsnapped, s->demand_points,
                        again);
    if (s->clusters_areas > s->clusters_total)
        return sp_error(SP_E_INPUT, "%s: key \"clusters_areas\" is %d, more than clusters_total (%d) "
                        "%s", path, s->clusters_areas, s->clusters_total, again);
    if (partly != s->clusters_partly_covered)
        return sp_error(SP_E_INPUT, "%s: key \"clusters_partly_covered\" is %d, but the clusters "
                        "layer of %s has %d clusters with 0 < share_covered < 1 %s", path,
                        s->clusters_partly_covered, SP_FILE_GPKG, partly, again);
    if (!(fabs(wc - s->workers_covered) <= 0.5 + 1e-9 * fmax(1, fabs(wc))))
        return sp_error(SP_E_INPUT, "%s: key \"workers_covered\" is %.10g, but the clusters layer "
                        "of %s adds up to %.10g covered workers %s", path, s->workers_covered,
                        SP_FILE_GPKG, wc, again);
    return SP_OK;
}

/* ---- CSV files ---- */

/* The file exists and its header is the schema's. */
static sp_status check_csv(const char *dir, sp_schema_csv_id id)
{
    const sp_schema_table *t = sp_schema_csv(id);
    char path[4096], want[512], got[512];
    snprintf(path, sizeof path, "%s/%s", dir, t->name);
    FILE *f = fopen(path, "r");
    if (!f)
        return sp_error(SP_E_IO, "%s: cannot open: %s", path, strerror(errno));
    int ok = fgets(got, sizeof got, f) != NULL;
    fclose(f);
    sp_schema_csv_header(id, want, sizeof want);
    if (!ok || strcmp(got, want)) {
        want[strcspn(want, "\n")] = '\0';
        return sp_error(SP_E_INPUT, "%s: header is \"%s\", expected \"%s\"", path,
                        ok ? sp_first_line(got) : "", want);
    }
    return SP_OK;
}

/* One value of coverage_curve.csv: empty (NAN; not for new_sites and
 * workers_covered) or a plain number in the column's range.  NULL when
 * good, else what it should be. */
static const char *curve_value(int col, const char *s, double *v)
{
    sp_num_result r = sp_number_parse(s, SP_NUM_SIGN | SP_NUM_BLANKS, v);
    if (r == SP_NUM_EMPTY && col != SP_C_CURVE_NEW_SITES && col != SP_C_CURVE_WORKERS_COVERED) {
        *v = NAN;
        return NULL;
    }
    switch (col) {
    case SP_C_CURVE_NEW_SITES:
        return r == SP_NUM_OK && *v >= 0 && *v <= SP_RESULTS_MAX_SITES && *v == floor(*v)
                   ? NULL : "a whole number of sites from 0 to 100000";
    case SP_C_CURVE_PERCENT_COVERED:
        return r == SP_NUM_OK && *v >= 0 && *v <= 100 ? NULL : "empty or a percentage from 0 to 100";
    case SP_C_CURVE_OPTIMAL:
        return r == SP_NUM_OK && (*v == 0 || *v == 1) ? NULL : "empty, 0 or 1";
    case SP_C_CURVE_WORKERS_COVERED:
        return r == SP_NUM_OK && *v >= 0 && *v <= SP_RESULTS_MAX_ABS
                   ? NULL : "a number of workers from 0 to 1e+15";
    default:
        return r == SP_NUM_OK && fabs(*v) <= SP_RESULTS_MAX_ABS
                   ? NULL : "empty or a finite number within +-1e+15";
    }
}

static sp_status read_curve(sp_results *d, const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, SP_FILE_CURVE);
    const char *drivers[] = {"CSV", NULL};
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayer(ds, 0) : NULL;
    if (!l) {
        if (ds)
            GDALClose(ds);
        return sp_error(SP_E_IO, "%s: cannot open: %s", path, sp_first_line(CPLGetLastErrorMsg()));
    }
    GIntBig c = OGR_L_GetFeatureCount(l, TRUE);
    size_t n = c > 0 && c < INT32_MAX / 8 ? (size_t)c : 0;
    d->curve_sites = sp_calloc_n(n ? n : 1, sizeof *d->curve_sites);
    d->curve_workers = sp_calloc_n(n ? n : 1, sizeof(double));
    d->curve_percent = sp_calloc_n(n ? n : 1, sizeof(double));
    d->curve_objective = sp_calloc_n(n ? n : 1, sizeof(double));
    d->curve_bound = sp_calloc_n(n ? n : 1, sizeof(double));
    d->curve_optimal = sp_calloc_n(n ? n : 1, 1);
    if (!d->curve_sites || !d->curve_workers || !d->curve_percent || !d->curve_objective || !d->curve_bound ||
        !d->curve_optimal) {
        GDALClose(ds);
        return sp_error(SP_E_NOMEM, "out of memory reading %s", path);
    }
    OGRFeatureH f;
    const sp_schema_table *t = sp_schema_csv(SP_CSV_CURVE);
    while ((size_t)d->n_curve < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        double v[SP_C_CURVE_COUNT];
        for (int k = 0; k < SP_C_CURVE_COUNT; k++) {   /* columns in schema order (header checked) */
            const char *s = OGR_F_IsFieldSetAndNotNull(f, k) ? OGR_F_GetFieldAsString(f, k) : "";
            const char *what = curve_value(k, s, &v[k]);
            if (what) {
                sp_error(SP_E_INPUT, "%s, line %d, column \"%s\": \"%s\" is not %s (not written by "
                         "siteplan run; run the scenario again)", path, d->n_curve + 2,
                         t->fields[k].name, sp_first_line(s), what);
                OGR_F_Destroy(f);
                GDALClose(ds);
                return SP_E_INPUT;
            }
        }
        int i = d->n_curve++;
        d->curve_sites[i] = isfinite(v[SP_C_CURVE_NEW_SITES]) ? (int)v[SP_C_CURVE_NEW_SITES] : 0;
        d->curve_workers[i] = v[SP_C_CURVE_WORKERS_COVERED];
        d->curve_percent[i] = v[SP_C_CURVE_PERCENT_COVERED];
        d->curve_objective[i] = v[SP_C_CURVE_OBJECTIVE];
        d->curve_bound[i] = v[SP_C_CURVE_BOUND];
        d->curve_optimal[i] = v[SP_C_CURVE_OPTIMAL] == 1;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return SP_OK;
}

/* ---- the CSV files ---- */

sp_status sp__results_open_csv_rows(const char *dir, const char *file, char *path, size_t path_len,
                                    GDALDatasetH *ds, OGRLayerH *l, void **rows, size_t row_size, size_t *n)
{
    *ds = NULL;
    *l = NULL;
    *rows = NULL;
    *n = 0;
    snprintf(path, path_len, "%s/%s", dir, file);
    const char *drivers[] = {"CSV", NULL};
    const char *oo[] = {"AUTODETECT_TYPE=NO", NULL};
    GDALDatasetH h = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, oo, NULL);
    OGRLayerH lh = h ? GDALDatasetGetLayer(h, 0) : NULL;
    if (!lh) {
        if (h)
            GDALClose(h);
        return sp_error(SP_E_IO, "%s: cannot open: %s", path, sp_first_line(CPLGetLastErrorMsg()));
    }
    GIntBig c = OGR_L_GetFeatureCount(lh, TRUE);
    if (c < 0 || c > INT32_MAX / 8) {
        GDALClose(h);
        return sp_error(SP_E_INPUT, "%s: cannot count its rows", path);
    }
    void *r = sp_calloc_n(c ? (size_t)c : 1, row_size);
    if (!r) {
        GDALClose(h);
        return sp_error(SP_E_NOMEM, "out of memory reading %s", path);
    }
    *ds = h;
    *l = lh;
    *rows = r;
    *n = (size_t)c;
    return SP_OK;
}

/* assignment.csv: each row's cluster and site ids looked up in the layers
 * read before, workers and minutes plain numbers >= 0. */
static sp_status read_assignment(sp_results *d, const char *dir)
{
    char path[4096];
    GDALDatasetH ds;
    OGRLayerH l;
    void *rows;
    size_t n;
    sp_status st = sp__results_open_csv_rows(dir, SP_FILE_ASSIGNMENT, path, sizeof path, &ds, &l,
                                              &rows, sizeof *d->assign, &n);
    if (st)
        return st;
    d->assign = rows;
    GHashTable *cl = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *si = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = 0; i < d->n_clusters; i++)
        if (d->clusters[i].id)
            g_hash_table_insert(cl, d->clusters[i].id, GINT_TO_POINTER(i + 1));
    for (int i = 0; i < d->n_sites; i++)
        if (d->sites[i].id)
            g_hash_table_insert(si, d->sites[i].id, GINT_TO_POINTER(i + 1));
    const sp_schema_table *t = sp_schema_csv(SP_CSV_ASSIGNMENT);
    OGRFeatureH f;
    while (!st && (size_t)d->n_assign < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        const char *s[SP_C_ASSIGN_COUNT];
        for (int k = 0; k < SP_C_ASSIGN_COUNT; k++)   /* columns in schema order (header checked) */
            s[k] = OGR_F_IsFieldSetAndNotNull(f, k) ? OGR_F_GetFieldAsString(f, k) : "";
        sp_rassign *a = &d->assign[d->n_assign];
        int line = d->n_assign + 2, bad = -1;
        const char *what = NULL;
        a->cluster = GPOINTER_TO_INT(g_hash_table_lookup(cl, s[SP_C_ASSIGN_CLUSTER_ID])) - 1;
        a->site = GPOINTER_TO_INT(g_hash_table_lookup(si, s[SP_C_ASSIGN_SITE_ID])) - 1;
        double v[2];
        for (int k = 0; k < 2 && bad < 0; k++) {
            int col = k ? SP_C_ASSIGN_MINUTES : SP_C_ASSIGN_WORKERS;
            if (sp_number_parse(s[col], SP_NUM_SIGN | SP_NUM_BLANKS, &v[k]) != SP_NUM_OK || v[k] < 0 ||
                v[k] > SP_RESULTS_MAX_ABS) {
                bad = col;
                what = "a number from 0 to 1e+15";
            }
        }
        if (a->cluster < 0 && bad < 0) {
            bad = SP_C_ASSIGN_CLUSTER_ID;
            what = "a cluster id of the clusters layer";
        }
        if (a->site < 0 && bad < 0) {
            bad = SP_C_ASSIGN_SITE_ID;
            what = "a site id of the sites layer";
        }
        if (bad >= 0)
            st = sp_error(SP_E_INPUT, "%s, line %d, column \"%s\": \"%s\" is not %s (not written by "
                          "siteplan run; run the scenario again)", path, line, t->fields[bad].name,
                          sp_first_line(s[bad]), what);
        else {
            a->workers = v[0];
            a->minutes = v[1];
            d->n_assign++;
        }
        OGR_F_Destroy(f);
    }
    g_hash_table_destroy(cl);
    g_hash_table_destroy(si);
    GDALClose(ds);
    return st;
}

/* ---- the folder ---- */

static sp_status read_summary(sp_results *d, const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, SP_FILE_SUMMARY);
    FILE *probe = fopen(path, "r");
    if (!probe)
        return sp_error(SP_E_IO, "%s: cannot open: %s (not a results folder of siteplan run?)", path,
                        strerror(errno));
    fclose(probe);
    d->summary = json_object_from_file(path);
    if (!d->summary || !json_object_is_type(d->summary, json_type_object))
        return sp_error(SP_E_INPUT, "%s: not valid JSON: %s", path,
                        json_util_get_last_err() ? sp_first_line(json_util_get_last_err()) : "not an object");
    sp_status st = check_summary(d, path);
    if (!st)
        st = sp_fileset_check(dir, d->summary, path);
    if (!st)
        fill_summary(d);
    if (!st && d->sum.has_mobile)
        st = sp__results_mobile_summary(d, path);
    return st;
}

static sp_status read_gpkg(sp_results *d, const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, SP_FILE_GPKG);
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
        return sp_error(SP_E_IO, "%s: cannot open: %s", path, f ? sp_first_line(CPLGetLastErrorMsg()) : strerror(e));
    }
    sp_status st = sp__results_read_layers(d, ds, path);
    GDALClose(ds);
    return st;
}

sp_status sp_results_read(const char *dir, sp_results **out)
{
    *out = NULL;
    sp_results *d = calloc(1, sizeof *d);
    if (!d || !(d->dir = strdup(dir))) {
        free(d);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    GDALAllRegister();
    sp_status st = read_summary(d, dir);
    if (!st)
        st = read_gpkg(d, dir);
    if (!st)
        st = check_area_counts(d, dir);
    if (!st)
        st = check_csv(dir, SP_CSV_COVERAGE);
    if (!st)
        st = check_csv(dir, SP_CSV_SITES);
    if (!st && d->sum.has_siting)
        st = check_csv(dir, SP_CSV_RECOMMENDATIONS);
    if (!st && d->sum.has_siting)
        st = check_csv(dir, SP_CSV_CURVE);
    if (!st && d->sum.has_siting)
        st = read_curve(d, dir);
    if (!st && d->sum.has_capacity)
        st = check_csv(dir, SP_CSV_ASSIGNMENT);
    if (!st && d->sum.has_capacity)
        st = read_assignment(d, dir);
    if (!st && d->sum.has_mobile)
        st = check_csv(dir, SP_CSV_MOBILE_SCHEDULE);
    if (!st && d->sum.has_mobile)
        st = sp__results_read_msched(d, dir);
    if (st) {
        sp_results_free(d);
        return st;
    }
    *out = d;
    return SP_OK;
}

void sp_results_free(sp_results *d)
{
    if (!d)
        return;
    free(d->dir);
    if (d->summary)
        json_object_put(d->summary);
    for (int i = 0; d->clusters && i < d->n_clusters; i++) {
        free(d->clusters[i].id);
        free(d->clusters[i].name);
        free(d->clusters[i].nearest_site);
        free(d->clusters[i].nearest_site_after);
        sp__rshape_free(&d->clusters[i].shape);
    }
    free(d->clusters);
    for (int i = 0; d->sites && i < d->n_sites; i++) {
        free(d->sites[i].id);
        free(d->sites[i].name);
        free(d->sites[i].kind);
    }
    free(d->sites);
    for (int i = 0; d->rings && i < d->n_rings; i++)
        sp__rshape_free(&d->rings[i]);
    free(d->rings);
    free(d->ring_minutes);
    free(d->ring_area_km2);
    free(d->ring_workers);
    free(d->ring_clusters);
    for (int i = 0; d->catchments && i < d->n_catchments; i++) {
        free(d->catchments[i].site_id);
        free(d->catchments[i].kind);
        sp__rshape_free(&d->catchments[i].shape);
    }
    free(d->catchments);
    for (int i = 0; d->resp && i < d->n_resp; i++) {
        free(d->resp[i].site_id);
        free(d->resp[i].name);
        free(d->resp[i].kind);
        sp__rshape_free(&d->resp[i].shape);
    }
    free(d->resp);
    for (int i = 0; d->gaps && i < d->n_gaps; i++) {
        free(d->gaps[i].largest_id);
        free(d->gaps[i].largest_name);
        free(d->gaps[i].cluster_ids);
        sp__rshape_free(&d->gaps[i].shape);
    }
    free(d->gaps);
    for (int i = 0; d->gaps_after && i < d->n_gaps_after; i++) {
        free(d->gaps_after[i].largest_id);
        free(d->gaps_after[i].largest_name);
        free(d->gaps_after[i].cluster_ids);
        sp__rshape_free(&d->gaps_after[i].shape);
    }
    free(d->gaps_after);
    for (int i = 0; d->road_name && i < d->n_roads; i++)
        free(d->road_name[i]);
    for (int i = 0; d->road_class_name && i < d->n_roads; i++)
        free(d->road_class_name[i]);
    free(d->road_name);
    free(d->road_class_name);
    free(d->road_class);
    free(d->road_main);
    free(d->road_oneway);
    free(d->road_off);
    free(d->road_xy);
    free(d->road_bb);
    for (int i = 0; d->recs && i < d->n_recs; i++) {
        free(d->recs[i].site_id);
        free(d->recs[i].name);
        free(d->recs[i].cluster_ids);
        free(d->recs[i].runner_up_id);
        free(d->recs[i].cluster_workers);
    }
    free(d->recs);
    free(d->curve_sites);
    free(d->curve_workers);
    free(d->curve_percent);
    free(d->curve_objective);
    free(d->curve_bound);
    free(d->curve_optimal);
    free(d->assign);
    sp__results_free_mobile(d);
    free(d);
}
