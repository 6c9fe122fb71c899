/* sweep_read.c — the folder of `siteplan sweep` (see sweep_read.h). */
#include "sweep_read.h"

#include <errno.h>
#include <gdal.h>
#include <glib.h>
#include <json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileset.h"
#include "number.h"

void sp_sweep_free(sp_sweep_results *s)
{
    if (!s)
        return;
    for (int k = 0; k < s->n_keys; k++) {
        g_free(s->keys[k].key);
        g_strfreev(s->keys[k].values);
    }
    g_free(s->keys);
    g_free(s->scenario);
    g_free(s->language);
    g_free(s->value);
    g_free(s->num);
    g_strfreev(s->mode);
    g_free(s);
}

/* Numbers a sweep folder holds lie within this (render draws them). */
#define SWEEP_MAX_ABS 1e15

static sp_status read_json(sp_sweep_results *s, const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, SP_FILE_SWEEP_JSON);
    gchar *text = NULL;
    GError *err = NULL;
    if (!g_file_get_contents(path, &text, NULL, &err)) {
        sp_status st = sp_error(SP_E_IO, "%s: cannot read: %s", path, err->message);
        g_error_free(err);
        return st;
    }
    json_object *j = json_tokener_parse(text);
    g_free(text);
    json_object *vary, *rd, *x;
    if (!j || !json_object_is_type(j, json_type_object) ||
        !json_object_object_get_ex(j, "vary", &vary) || !json_object_is_type(vary, json_type_array)) {
        json_object_put(j);
        return sp_error(SP_E_INPUT, "%s: not a sweep.json (no \"vary\" array)", path);
    }
    sp_status fst = sp_fileset_check(dir, j, path);   /* the set is whole (fileset.h) */
    if (fst) {
        json_object_put(j);
        return fst;
    }
    s->n_keys = (int)json_object_array_length(vary);
    s->keys = g_new0(sp_sweep_key, s->n_keys ? s->n_keys : 1);
    for (int k = 0; k < s->n_keys; k++) {
        json_object *v = json_object_array_get_idx(vary, (size_t)k), *key, *vals;
        if (!json_object_object_get_ex(v, "key", &key) || !json_object_is_type(key, json_type_string) ||
            !json_object_object_get_ex(v, "values", &vals) ||
            !json_object_is_type(vals, json_type_array) || json_object_array_length(vals) == 0) {
            json_object_put(j);
            return sp_error(SP_E_INPUT, "%s: vary[%d] needs \"key\" and \"values\"", path, k);
        }
        sp_sweep_key *sk = &s->keys[k];
        sk->key = g_strdup(json_object_get_string(key));
        sk->n_values = (int)json_object_array_length(vals);
        sk->values = g_new0(char *, sk->n_values + 1);
        sk->numeric = 1;
        for (int i = 0; i < sk->n_values; i++) {
            json_object *e = json_object_array_get_idx(vals, (size_t)i);
            if (!json_object_is_type(e, json_type_string)) {
                json_object_put(j);
                return sp_error(SP_E_INPUT, "%s: vary[%d].values[%d] is not a string", path, k, i);
            }
            sk->values[i] = g_strdup(json_object_get_string(e));
            double d;
            if (sp_number_parse(sk->values[i], SP_NUM_STRTOD, &d) != SP_NUM_OK || !isfinite(d))
                sk->numeric = 0;
            else if (!(fabs(d) <= SWEEP_MAX_ABS)) { /* a chart axis value */
                json_object_put(j);
                return sp_error(SP_E_INPUT, "%s: vary[%d].values[%d] = %s is not within +-1e+15 "
                                "(not written by siteplan sweep; run the sweep again)", path, k, i,
                                sk->values[i]);
            }
        }
    }
    s->dpi = 150;
    if (json_object_object_get_ex(j, "scenario", &x) && json_object_is_type(x, json_type_string))
        s->scenario = g_strdup(json_object_get_string(x));
    if (json_object_object_get_ex(j, "render", &rd) && json_object_is_type(rd, json_type_object)) {
        if (json_object_object_get_ex(rd, "language", &x) && json_object_is_type(x, json_type_string))
            s->language = g_strdup(json_object_get_string(x));
        if (json_object_object_get_ex(rd, "dpi", &x) && json_object_is_type(x, json_type_int)) {
            s->dpi = json_object_get_int(x);
            if (s->dpi < 50 || s->dpi > 600) { /* the range of [render] dpi */
                json_object_put(j);
                return sp_error(SP_E_INPUT, "%s: render.dpi = %d is not from 50 to 600 (not "
                                "written by siteplan sweep; run the sweep again)", path, s->dpi);
            }
        }
    }
    json_object_put(j);
    return SP_OK;
}

/* The header line the varied keys and the schema give. */
static char *want_header(const sp_sweep_results *s)
{
    const sp_schema_table *t = sp_schema_sweep();
    GString *g = g_string_new(NULL);
    for (int k = 0; k < s->n_keys; k++)
        g_string_append_printf(g, "%s,", s->keys[k].key);
    for (int i = 0; i < t->n_fields; i++)
        g_string_append_printf(g, "%s%s", i ? "," : "", t->fields[i].name);
    return g_string_free(g, FALSE);
}

static sp_status read_csv(sp_sweep_results *s, const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, SP_FILE_SWEEP);
    gchar *text = NULL;
    GError *err = NULL;
    if (!g_file_get_contents(path, &text, NULL, &err)) {
        sp_status st = sp_error(SP_E_IO, "%s: cannot read: %s", path, err->message);
        g_error_free(err);
        return st;
    }
    char *want = want_header(s);
    size_t hl = strcspn(text, "\r\n");
    int ok = strlen(want) == hl && !strncmp(text, want, hl);
    if (!ok) {
        text[hl] = '\0';
        sp_status st = sp_error(SP_E_INPUT, "%s: header is \"%s\", expected \"%s\"", path, text, want);
        g_free(want);
        g_free(text);
        return st;
    }
    g_free(want);
    g_free(text);

    int expect = 1;
    for (int k = 0; k < s->n_keys; k++)
        expect *= s->keys[k].n_values;
    const char *drivers[] = {"CSV", NULL};
    const char *oo[] = {"HEADERS=YES", NULL};
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, oo, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayer(ds, 0) : NULL;
    if (!l) {
        if (ds)
            GDALClose(ds);
        return sp_error(SP_E_IO, "%s: cannot open: %s", path, CPLGetLastErrorMsg());
    }
    s->value = g_new0(int, (size_t)expect * (s->n_keys ? s->n_keys : 1));
    s->num = g_new0(double, (size_t)expect * SP_C_SWEEP_COUNT);
    s->mode = g_new0(char *, (size_t)expect + 1);
    sp_status st = SP_OK;
    OGRFeatureH f;
    const sp_schema_table *t = sp_schema_sweep();
    while (st == SP_OK && (f = OGR_L_GetNextFeature(l)) != NULL) {
        int r = s->n_rows;
        if (r >= expect) {
            st = sp_error(SP_E_INPUT, "%s: more than the %d rows of the grid", path, expect);
        }
        for (int k = 0; st == SP_OK && k < s->n_keys; k++) {
            const char *v = OGR_F_GetFieldAsString(f, k);
            int at = -1;
            for (int i = 0; i < s->keys[k].n_values && at < 0; i++)
                if (!strcmp(v, s->keys[k].values[i]))
                    at = i;
            if (at < 0)
                st = sp_error(SP_E_INPUT, "%s: row %d: %s = '%s' is not one of sweep.json's values",
                              path, r + 1, s->keys[k].key, v);
            else
                s->value[r * s->n_keys + k] = at;
        }
        for (int i = 0; st == SP_OK && i < t->n_fields; i++) {
            int fi = s->n_keys + i;
            const char *v = OGR_F_IsFieldSetAndNotNull(f, fi) ? OGR_F_GetFieldAsString(f, fi) : "";
            double d = NAN;
            if (i == SP_C_SWEEP_MODE)
                s->mode[r] = g_strdup(v);
            else if (*v && sp_number_parse(v, SP_NUM_STRTOD, &d) != SP_NUM_OK)
                st = sp_error(SP_E_INPUT, "%s: row %d: %s = '%s' is not a number", path, r + 1,
                              t->fields[i].name, v);
            else if (*v && !(fabs(d) <= SWEEP_MAX_ABS))
                st = sp_error(SP_E_INPUT, "%s: row %d: %s = '%s' is not a finite number within "
                              "+-1e+15 (not written by siteplan sweep; run the sweep again)", path,
                              r + 1, t->fields[i].name, v);
            s->num[r * SP_C_SWEEP_COUNT + i] = *v ? d : NAN;
        }
        OGR_F_Destroy(f);
        if (st == SP_OK)
            s->n_rows++;
    }
    GDALClose(ds);
    if (st == SP_OK && s->n_rows != expect)
        st = sp_error(SP_E_INPUT, "%s: %d rows, the grid of sweep.json has %d", path, s->n_rows,
                      expect);
    return st;
}

sp_status sp_sweep_read(const char *dir, sp_sweep_results **out)
{
    *out = NULL;
    GDALAllRegister();
    sp_sweep_results *s = g_new0(sp_sweep_results, 1);
    sp_status st = read_json(s, dir);
    if (st == SP_OK)
        st = read_csv(s, dir);
    if (st) {
        sp_sweep_free(s);
        return st;
    }
    *out = s;
    return SP_OK;
}
