/* compare_read.c — the folder of `siteplan compare` (see compare_read.h). */
#include "compare_read.h"

#include <cpl_error.h>
#include <errno.h>
#include <gdal.h>
#include <json.h>
#include <math.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileset.h"
#include "schema.h"

static char *dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

/* The header line expected: the table's columns, then (per != NULL) its
 * columns with _1 .. _n. */
static char *header_of(const sp_schema_table *t, const sp_schema_table *per, int n)
{
    size_t len = 1;
    for (int i = 0; i < t->n_fields; i++)
        len += strlen(t->fields[i].name) + 1;
    if (per)
        for (int i = 0; i < per->n_fields; i++)
            len += (size_t)n * (strlen(per->fields[i].name) + 13);
    char *h = malloc(len), *p = h;
    if (!h)
        return NULL;
    *p = '\0';
    for (int i = 0; i < t->n_fields; i++)
        p += sprintf(p, "%s%s", i ? "," : "", t->fields[i].name);
    for (int k = 0; per && k < n; k++)
        for (int i = 0; i < per->n_fields; i++)
            p += sprintf(p, ",%s_%d", per->fields[i].name, k + 1);
    return h;
}

/* The CSV at dir/name with the header want: opened, OUT *ds and its layer. */
static sp_status open_csv(const char *dir, const char *name, const char *want, GDALDatasetH *ds,
                          OGRLayerH *layer, char *path, size_t plen)
{
    snprintf(path, plen, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return sp_error(SP_E_IO, "%s: cannot open: %s (not a folder of siteplan compare?)", path,
                        strerror(errno));
    size_t wl = strlen(want);
    char *got = malloc(wl + 3);
    int ok = got && fgets(got, (int)wl + 3, f) != NULL;
    fclose(f);
    if (ok)
        got[strcspn(got, "\r\n")] = '\0';
    if (!ok || strcmp(got, want)) {
        sp_status st = sp_error(SP_E_INPUT, "%s: header is \"%s\", expected \"%s\"", path,
                                ok ? sp_first_line(got) : "", want);
        free(got);
        return st;
    }
    free(got);
    const char *drivers[] = {"CSV", NULL};
    CPLPushErrorHandler(CPLQuietErrorHandler);
    *ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    CPLPopErrorHandler();
    *layer = *ds ? GDALDatasetGetLayer(*ds, 0) : NULL;
    if (!*layer) {
        if (*ds)
            GDALClose(*ds);
        *ds = NULL;
        return sp_error(SP_E_IO, "%s: cannot read: %s", path, sp_first_line(CPLGetLastErrorMsg()));
    }
    return SP_OK;
}

/* Field i of f as a number of the field's type: NAN when empty; an error
 * naming the line (1 = the header) and column (fd's name, with _k when k >
 * 0) when not a number. */
static sp_status number(OGRFeatureH f, int i, const sp_schema_field *fd, int k, const char *path,
                        int line, double *out)
{
    const char *s = OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : "";
    if (!*s) {
        *out = NAN;
        return SP_OK;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno || !isfinite(v) || (fd->type == OFTInteger && v != floor(v)))
    {
        char col[128];
        snprintf(col, sizeof col, k ? "%s_%d" : "%s", fd->name, k);
        return sp_error(SP_E_INPUT, "%s: line %d, column %s: \"%s\" is not %s", path, line, col,
                        sp_first_line(s), fd->type == OFTInteger ? "an integer" : "a number");
    }
    *out = v;
    return SP_OK;
}

static const char *text(OGRFeatureH f, int i)
{
    return OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : "";
}

/* compare.json: the version, and the folder whole (fileset.h) when it
 * lists its files. */
static sp_status read_compare_json(const sp_rcompare *c)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", c->dir, SP_FILE_COMPARE_JSON);
    FILE *f = fopen(path, "r");
    if (!f)
        return sp_error(SP_E_IO, "%s: cannot open: %s (not a folder of siteplan compare, or of an "
                        "older siteplan: run the comparison again)", path, strerror(errno));
    fclose(f);
    json_object *j = json_object_from_file(path), *v;
    sp_status st = SP_OK;
    if (!j || !json_object_is_type(j, json_type_object))
        st = sp_error(SP_E_INPUT, "%s: not a JSON object", path);
    else if (!json_object_object_get_ex(j, "schema_version", &v) ||
             !json_object_is_type(v, json_type_int))
        st = sp_error(SP_E_INPUT, "%s: no integer \"schema_version\"", path);
    else if (json_object_get_int64(v) != SP_RESULTS_SCHEMA_VERSION)
        st = sp_error(SP_E_INPUT, "%s: \"schema_version\" is %lld; this siteplan reads results "
                      "schema %d (run the comparison again)", path,
                      (long long)json_object_get_int64(v), SP_RESULTS_SCHEMA_VERSION);
    else
        st = sp_fileset_check(c->dir, j, path);
    json_object_put(j);
    return st;
}

static sp_status read_comparison(sp_rcompare *c)
{
    const sp_schema_table *t = sp_schema_comparison();
    char path[4096];
    char *want = header_of(t, NULL, 0);
    if (!want)
        return sp_error(SP_E_NOMEM, "out of memory");
    GDALDatasetH ds;
    OGRLayerH l;
    sp_status st = open_csv(c->dir, SP_FILE_COMPARISON, want, &ds, &l, path, sizeof path);
    free(want);
    if (st)
        return st;
    GIntBig cnt = OGR_L_GetFeatureCount(l, TRUE);
    c->rows = sp_calloc_n(cnt > 0 && cnt < 100000 ? (size_t)cnt : 1, sizeof *c->rows);
    if (!c->rows) {
        GDALClose(ds);
        return sp_error(SP_E_NOMEM, "out of memory reading %s", path);
    }
    OGRFeatureH f;
    while (st == SP_OK && c->n < cnt && (f = OGR_L_GetNextFeature(l)) != NULL) {
        sp_rcomparison *r = &c->rows[c->n++];
        int line = c->n + 1;
        double v[32];
        for (int i = 0; i < t->n_fields && st == SP_OK; i++)
            v[i] = NAN;
        for (int i = 3; i < t->n_fields && st == SP_OK; i++)
            st = number(f, i, &t->fields[i], 0, path, line, &v[i]);
        r->scenario = dup_or_null(text(f, 0));
        r->name = dup_or_null(text(f, 1));
        r->mode = dup_or_null(text(f, 2));
        /* columns in schema order (the header is checked) */
        r->minutes = v[3];
        r->sites = isfinite(v[4]) ? (int)v[4] : 0;
        r->workers_total = v[5];
        r->workers_covered = v[6];
        r->percent_covered = v[7];
        r->clusters_uncovered = isfinite(v[8]) ? (int)v[8] : 0;
        r->gaps = isfinite(v[9]) ? (int)v[9] : 0;
        r->new_sites = isfinite(v[10]) ? (int)v[10] : -1;
        r->workers_covered_after = v[11];
        r->percent_covered_after = v[12];
        r->objective = v[13];
        r->workers_gained = isfinite(v[14]) ? v[14] : 0;
        r->workers_lost = isfinite(v[15]) ? v[15] : 0;
        r->workers_served = v[16];
        r->percent_served = v[17];
        r->mobile_served = v[18];
        r->mobile_days_needed = isfinite(v[19]) ? (int)v[19] : -1;
        r->mobile_bound = isfinite(v[20]) ? (int)v[20] : -1;
        OGR_F_Destroy(f);
        if (st == SP_OK && !r->scenario)
            st = sp_error(SP_E_INPUT, "%s: line %d: no scenario file", path, line);
        if (st == SP_OK) {
            char name[1024], dir[4200];
            sp_schema_compare_folder(c->n, r->scenario, name, sizeof name);
            snprintf(dir, sizeof dir, "%s/%s", c->dir, name);
            r->dir = strdup(dir);
        }
    }
    GDALClose(ds);
    if (st == SP_OK && c->n < 2)
        st = sp_error(SP_E_INPUT, "%s: %d scenarios, expected at least two", path, c->n);
    return st;
}

static sp_status read_changes(sp_rcompare *c)
{
    const sp_schema_table *t = sp_schema_changes(), *per = sp_schema_changes_per_scenario();
    char path[4096];
    char *want = header_of(t, per, c->n);
    if (!want)
        return sp_error(SP_E_NOMEM, "out of memory");
    GDALDatasetH ds;
    OGRLayerH l;
    sp_status st = open_csv(c->dir, SP_FILE_CHANGES, want, &ds, &l, path, sizeof path);
    free(want);
    if (st)
        return st;
    GIntBig cnt = OGR_L_GetFeatureCount(l, TRUE);
    size_t n = cnt > 0 && cnt < INT32_MAX / 8 ? (size_t)cnt : 0;
    c->changes = sp_calloc_n(n ? n : 1, sizeof *c->changes);
    if (!c->changes) {
        GDALClose(ds);
        return sp_error(SP_E_NOMEM, "out of memory reading %s", path);
    }
    OGRFeatureH f;
    while (st == SP_OK && (size_t)c->n_changes < n && (f = OGR_L_GetNextFeature(l)) != NULL) {
        sp_rchange *r = &c->changes[c->n_changes++];
        int line = c->n_changes + 1;
        r->id = dup_or_null(text(f, 0));
        r->name = dup_or_null(text(f, 1));
        r->covered = calloc((size_t)c->n, sizeof *r->covered);
        r->nearest = calloc((size_t)c->n, sizeof *r->nearest);
        r->minutes = calloc((size_t)c->n, sizeof *r->minutes);
        if (!r->covered || !r->nearest || !r->minutes)
            st = sp_error(SP_E_NOMEM, "out of memory reading %s", path);
        if (st == SP_OK)
            st = number(f, 2, &t->fields[2], 0, path, line, &r->workers);
        for (int k = 0; k < c->n && st == SP_OK; k++) {
            int i0 = t->n_fields + k * per->n_fields;
            double cov;
            st = number(f, i0, &per->fields[0], k + 1, path, line, &cov);
            if (st == SP_OK && isfinite(cov) && cov != 0 && cov != 1)
                st = sp_error(SP_E_INPUT, "%s: line %d, column covered_%d: %g is not 0 or 1", path,
                              line, k + 1, cov);
            r->covered[k] = isfinite(cov) ? (int)cov : -1;
            r->nearest[k] = dup_or_null(text(f, i0 + 1));
            if (st == SP_OK)
                st = number(f, i0 + 2, &per->fields[2], k + 1, path, line, &r->minutes[k]);
        }
        if (st == SP_OK && !r->id)
            st = sp_error(SP_E_INPUT, "%s: line %d: no cluster id", path, line);
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return st;
}

sp_status sp_compare_read(const char *dir, sp_rcompare **out)
{
    *out = NULL;
    GDALAllRegister();
    sp_rcompare *c = calloc(1, sizeof *c);
    if (!c || !(c->dir = strdup(dir))) {
        free(c);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    sp_status st = read_compare_json(c);
    if (st == SP_OK)
        st = read_comparison(c);
    if (st == SP_OK)
        st = read_changes(c);
    if (st) {
        sp_rcompare_free(c);
        return st;
    }
    *out = c;
    return SP_OK;
}

void sp_rcompare_free(sp_rcompare *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->n; i++) {
        free(c->rows[i].scenario);
        free(c->rows[i].name);
        free(c->rows[i].mode);
        free(c->rows[i].dir);
    }
    free(c->rows);
    for (int i = 0; i < c->n_changes; i++) {
        sp_rchange *r = &c->changes[i];
        free(r->id);
        free(r->name);
        for (int k = 0; r->nearest && k < c->n; k++)
            free(r->nearest[k]);
        free(r->covered);
        free(r->nearest);
        free(r->minutes);
    }
    free(c->changes);
    free(c->dir);
    free(c);
}
