/* fileset.c — the file list of a result folder; see fileset.h. */
#include "fileset.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "output.h"
#include "sha256.h"
#include "schema.h"

static int by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Regular files under DIR/REL (REL "" at the top), relative names. */
static void list_files(const char *dir, const char *rel, const char *skip, GPtrArray *out)
{
    char *here = *rel ? g_build_filename(dir, rel, NULL) : g_strdup(dir);
    GDir *d = g_dir_open(here, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d)) != NULL) {
        if (name[0] == '.' || (!*rel && !strcmp(name, skip)))
            continue;
        char *r = *rel ? g_strconcat(rel, "/", name, NULL) : g_strdup(name);
        char *p = g_build_filename(dir, r, NULL);
        struct stat sb;
        if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            list_files(dir, r, skip, out);
            g_free(r);
        } else if (lstat(p, &sb) == 0 && S_ISREG(sb.st_mode)) {
            g_ptr_array_add(out, r);
        } else {
            g_free(r);
        }
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_free(here);
}

/* SHA-256 (hex, g_free) and size of a file; NULL with errno on failure. */
static char *file_sha256(const char *path, gint64 *bytes)
{
    uint8_t d[32];
    uint64_t n = 0;
    if (!sp_sha256_file(path, d, &n))
        return NULL;
    char hex[65];
    sp_sha256_hex(d, hex);
    *bytes = (gint64)n;
    return g_strdup(hex);
}

sp_status sp_fileset_record(const char *dir, const char *json_name)
{
    char *jp = g_build_filename(dir, json_name, NULL);
    json_object *j = json_object_from_file(jp);
    sp_status st = SP_OK;
    if (!j || !json_object_is_type(j, json_type_object))
        st = sp_error(SP_E_INTERNAL, "%s: cannot read it back to list the files", jp);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    if (st == SP_OK) {
        list_files(dir, "", json_name, names);
        g_ptr_array_sort(names, by_name);
        json_object_object_del(j, SP_FILESET_KEY);
    }
    json_object *arr = json_object_new_array();
    for (guint i = 0; st == SP_OK && i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        char *p = g_build_filename(dir, name, NULL);
        gint64 bytes;
        char *hex = file_sha256(p, &bytes);
        if (!hex) {
            st = sp_error(SP_E_IO, "%s: cannot read: %s", p, g_strerror(errno));
        } else {
            json_object *e = json_object_new_object();
            json_object_object_add(e, "name", json_object_new_string(name));
            json_object_object_add(e, "bytes", json_object_new_int64(bytes));
            json_object_object_add(e, "sha256", json_object_new_string(hex));
            json_object_array_add(arr, e);
        }
        g_free(hex);
        g_free(p);
    }
    g_ptr_array_free(names, TRUE);
    if (st == SP_OK) {
        json_object_object_add(j, SP_FILESET_KEY, arr);
        arr = NULL;
        char path[4096], tmp[4200];
        FILE *f;
        st = sp_atomic_open(dir, json_name, path, sizeof path, tmp, sizeof tmp, &f);
        if (st == SP_OK) {
            fputs(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                        JSON_C_TO_STRING_NOSLASHESCAPE), f);
            fputc('\n', f);
            st = sp_atomic_close_file(f, tmp, path);
        }
    }
    json_object_put(arr);
    json_object_put(j);
    g_free(jp);
    return st;
}

sp_status sp_fileset_check(const char *dir, json_object *j, const char *json_path)
{
    json_object *arr;
    if (!json_object_object_get_ex(j, SP_FILESET_KEY, &arr))
        return SP_OK;
    if (!json_object_is_type(arr, json_type_array))
        return sp_error(SP_E_INPUT, "%s: key \"%s\" is not an array", json_path, SP_FILESET_KEY);
    size_t n = json_object_array_length(arr);
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(arr, i), *jn, *jb, *js;
        if (!json_object_is_type(e, json_type_object) ||
            !json_object_object_get_ex(e, "name", &jn) || !json_object_is_type(jn, json_type_string) ||
            !json_object_object_get_ex(e, "bytes", &jb) || !json_object_is_type(jb, json_type_int) ||
            !json_object_object_get_ex(e, "sha256", &js) || !json_object_is_type(js, json_type_string))
            return sp_error(SP_E_INPUT, "%s: \"%s\" entry %zu is not {\"name\", \"bytes\", "
                            "\"sha256\"}", json_path, SP_FILESET_KEY, i + 1);
        const char *name = json_object_get_string(jn);
        if (!*name || name[0] == '/' || strstr(name, ".."))
            return sp_error(SP_E_INPUT, "%s: \"%s\" entry %zu: '%s' is not a name inside the folder",
                            json_path, SP_FILESET_KEY, i + 1, name);
        char *p = g_build_filename(dir, name, NULL);
        gint64 bytes = 0, want = json_object_get_int64(jb);
        char *hex = file_sha256(p, &bytes);
        sp_status st = SP_OK;
        if (!hex)
            st = sp_error(SP_E_INPUT, "%s: missing or unreadable (%s), though %s lists it: the "
                          "folder is not a whole result set (run again)", p, g_strerror(errno),
                          json_path);
        else if (bytes != want || strcmp(hex, json_object_get_string(js)))
            st = sp_error(SP_E_INPUT, "%s: not the file %s lists (%lld bytes, listed %lld%s): the "
                          "folder is not a whole result set (run again)", p, json_path,
                          (long long)bytes, (long long)want,
                          bytes == want ? ", another SHA-256" : "");
        g_free(hex);
        g_free(p);
        if (st)
            return st;
    }
    return SP_OK;
}

/* ---- may a folder be replaced as a whole ---- */

static int known_name(const char *name)
{
    for (int i = 0; SP_RESULTS_FILES[i]; i++)
        if (!strcmp(name, SP_RESULTS_FILES[i]))
            return 1;
    const char *more[] = {SP_FILE_COMPARISON, SP_FILE_COMPARISON_JSON, SP_FILE_CHANGES,
                          SP_FILE_COMPARE_JSON,
                          SP_FILE_COMPARE_PNG, SP_FILE_COMPARE_PDF, SP_FILE_COMPARE_REPORT,
                          SP_FILE_SWEEP, SP_FILE_SWEEP_JSON};
    for (size_t i = 0; i < G_N_ELEMENTS(more); i++)
        if (!strcmp(name, more[i]))
            return 1;
    int k, end = 0;
    if (sscanf(name, "compare-%d.png%n", &k, &end) == 1 && end == (int)strlen(name))
        return 1;
    if (g_str_has_prefix(name, SP_FILE_SWEEP_CHART_PREFIX) &&
        (g_str_has_suffix(name, ".png") || g_str_has_suffix(name, ".pdf")))
        return 1;
    /* what an interrupted earlier version left: .NAME.tmp-PID.EXT and its journal */
    return name[0] == '.' && strstr(name, ".tmp-") != NULL;
}

/* The names the folder's own list holds (summary.json, sweep.json or
 * compare.json). */
static void listed_names(const char *dir, GHashTable *set)
{
    const char *jsons[] = {SP_FILE_SUMMARY, SP_FILE_SWEEP_JSON, SP_FILE_COMPARE_JSON};
    for (size_t i = 0; i < G_N_ELEMENTS(jsons); i++) {
        char *p = g_build_filename(dir, jsons[i], NULL);
        json_object *j = json_object_from_file(p), *arr;
        g_free(p);
        if (j && json_object_is_type(j, json_type_object) &&
            json_object_object_get_ex(j, SP_FILESET_KEY, &arr) &&
            json_object_is_type(arr, json_type_array))
            for (size_t k = 0; k < json_object_array_length(arr); k++) {
                json_object *jn;
                if (json_object_object_get_ex(json_object_array_get_idx(arr, k), "name", &jn))
                    g_hash_table_add(set, g_strdup(json_object_get_string(jn)));
            }
        json_object_put(j);
    }
}

static sp_status replaceable(const char *dir, int depth, const char *top)
{
    GHashTable *listed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    listed_names(dir, listed);
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    sp_status st = SP_OK;
    while (st == SP_OK && d && (name = g_dir_read_name(d)) != NULL) {
        char *p = g_build_filename(dir, name, NULL);
        int is_dir = g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK);
        size_t digits = strspn(name, "0123456789");
        if (is_dir && depth == 0 && digits > 0 && name[digits] == '-')
            st = replaceable(p, 1, top);   /* a scenario folder of compare */
        else if (is_dir || !(known_name(name) || g_hash_table_contains(listed, name)))
            st = sp_error(SP_E_INPUT, "%s: holds %s, which siteplan did not write; a result folder "
                          "is replaced as a whole, so choose a new or empty output folder",
                          top, depth ? p + strlen(top) + 1 : name);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_hash_table_destroy(listed);
    return st;
}

sp_status sp_fileset_replaceable(const char *dir) { return replaceable(dir, 0, dir); }
