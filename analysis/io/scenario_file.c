/* scenario_file.c — reading a scenario file, its chain of bases
 * ([scenario] extends) and the --set overrides into sp_options; see
 * scenario.h. */
#include "scenario.h"

#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Mode and threshold in effect right after the layer (a file, or all the
 * --set overrides) that last set a title key. */
typedef struct {
    int set;
    sp_mode mode;
    double minutes;
} travel_snap;

typedef struct {
    sp_options *o;
    GPtrArray *chain;          /* canonical paths of the files being read, outermost first */
    GPtrArray *shown;          /* the same paths as named (for messages) */
    travel_snap name, title;   /* for [scenario] name and [render] title */
} loader;

static void snap_now(travel_snap *s, const sp_options *o)
{
    s->set = 1;
    s->mode = o->mode;
    s->minutes = o->minutes[o->n_minutes - 1];
}

/* After one layer: remember the travel for each title key it set. */
static void note_titles(loader *L, int set_name, int set_title)
{
    if (set_name)
        snap_now(&L->name, L->o);
    if (set_title)
        snap_now(&L->title, L->o);
}

/* Line number (1-based) of byte offset `at` in text. */
static long line_of(const char *text, gsize at)
{
    long line = 1;
    for (gsize i = 0; i < at; i++)
        line += text[i] == '\n';
    return line;
}

/* What GKeyFile would take silently: a NUL byte (it ends the value there)
 * and a key given twice in one section (it keeps the last).  Both are
 * errors naming the file and the line(s).  from/as_named: as in
 * read_file, for a base file's messages. */
static sp_status check_text(const char *path, const char *from, const char *as_named,
                            const char *text, gsize len)
{
    char where[1024] = "";
    if (from)
        snprintf(where, sizeof where, "%s: [scenario] extends = %s: ", from, as_named);
    const char *nul = memchr(text, '\0', len);
    if (nul)
        return sp_error(SP_E_INPUT, "%s%s: line %ld: a NUL byte (a scenario file is text)",
                        where, path, line_of(text, (gsize)(nul - text)));
    /* "section\nkey" -> first line; GKeyFile merges a section given twice,
     * so a key repeated across its two parts is a duplicate too. */
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char *section = g_strdup("");
    sp_status st = SP_OK;
    long line = 0;
    for (const char *p = text, *end = text + len; p < end && st == SP_OK; line++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        char *l = g_strndup(p, (gsize)(eol - p));
        p = eol + 1;
        if (line == 0 && !strncmp(l, "\xEF\xBB\xBF", 3))
            memmove(l, l + 3, strlen(l + 3) + 1);
        g_strchug(l);
        char *eq = strchr(l, '=');
        if (l[0] == '[') {
            char *close = strchr(l, ']');
            g_free(section);
            section = g_strndup(l + 1, close ? (gsize)(close - l - 1) : strlen(l + 1));
        } else if (l[0] != '#' && eq) {
            *eq = '\0';
            char *k = g_strdup_printf("%s\n%s", section, g_strchomp(l));
            gpointer first = g_hash_table_lookup(seen, k);
            if (first)
                st = sp_error(SP_E_INPUT, "%s%s: [%s] %s is given twice (lines %ld and %ld); "
                              "give each key once per section", where, path, section, l,
                              (long)GPOINTER_TO_SIZE(first), line + 1);
            g_hash_table_insert(seen, k, GSIZE_TO_POINTER((gsize)(line + 1)));
        }
        g_free(l);
    }
    g_free(section);
    g_hash_table_destroy(seen);
    return st;
}

static sp_status read_file(loader *L, const char *path, const char *from, const char *as_named);

/* [scenario] extends of the file `path` (its folder `dir`): read the base. */
static sp_status read_base(loader *L, GKeyFile *kf, const char *path, const char *dir)
{
    char *rel = g_key_file_get_value(kf, "scenario", "extends", NULL);
    if (!rel)
        return SP_OK;
    g_strstrip(rel);
    sp_status st = SP_OK;
    if (!*rel)
        st = sp_error(SP_E_INPUT, "%s: [scenario] extends is empty", path);
    char *base = g_path_is_absolute(rel) ? g_strdup(rel) : sp_scenario_join_path(dir, rel);
    if (st == SP_OK)
        st = read_file(L, base, path, rel);
    g_free(base);
    g_free(rel);
    return st;
}

/* Apply every key of the loaded file except [scenario] extends. */
static sp_status apply_keys(loader *L, GKeyFile *kf, const char *path, const char *dir)
{
    sp_status st = SP_OK;
    int set_name = 0, set_title = 0;
    gsize n_groups = 0;
    char **groups = g_key_file_get_groups(kf, &n_groups);
    for (gsize gi = 0; gi < n_groups && st == SP_OK; gi++) {
        gsize n_keys = 0;
        char **keys = g_key_file_get_keys(kf, groups[gi], &n_keys, NULL);
        if (n_keys == 0 && !sp_options_known_section(groups[gi]) && strcmp(groups[gi], "changes"))
            st = sp_error(SP_E_INPUT, "%s: unknown section [%s]", path, groups[gi]);
        /* An empty [siting] switches siting on like any [siting] key (its
         * defaults; validation then names the keys still needed). */
        if (n_keys == 0 && !strcmp(groups[gi], "siting"))
            L->o->siting = L->o->siting_enabled;
        /* An empty [capacity] switches capacity on (every site unlimited
         * unless a capacity field says otherwise). */
        if (n_keys == 0 && !strcmp(groups[gi], "capacity"))
            L->o->capacity_on = L->o->capacity_enabled;
        /* An empty [mobile] switches mobile units on (validation then names
         * the keys still needed). */
        if (n_keys == 0 && !strcmp(groups[gi], "mobile"))
            L->o->mobile_on = L->o->mobile_enabled;
        for (gsize ki = 0; keys && ki < n_keys && st == SP_OK; ki++) {
            int in_scenario = !strcmp(groups[gi], "scenario");
            if (in_scenario && !strcmp(keys[ki], "extends"))
                continue;
            set_name |= in_scenario && !strcmp(keys[ki], "name");
            set_title |= !strcmp(groups[gi], "render") && !strcmp(keys[ki], "title");
            /* Raw value: GKeyFile's string unescaping would eat backslashes in
             * Windows-style paths; we only strip surrounding blanks. */
            char *val = g_key_file_get_value(kf, groups[gi], keys[ki], NULL);
            st = sp_options_set(L->o, dir, groups[gi], keys[ki], val ? val : "", path);
            g_free(val);
        }
        g_strfreev(keys);
    }
    g_strfreev(groups);
    note_titles(L, set_name, set_title);
    return st;
}

/* A scenario file is UTF-8 text (README "Text encodings"): every value may
 * reach summary.json and the maps, so a Latin-1 name is rejected here, with
 * its line, before anything runs. */
static sp_status text_is_utf8(const char *path)
{
    char *text = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &text, &len, NULL))
        return SP_OK; /* GKeyFile has read it; nothing more to say */
    const char *end;
    sp_status st = SP_OK;
    if (!g_utf8_validate(text, (gssize)len, &end) && end < text + len && *end) {
        long line = 1;
        for (const char *c = text; c < end; c++)
            line += *c == '\n';
        st = sp_error(SP_E_INPUT, "%s, line %ld: the text is not UTF-8 (byte 0x%02X); save the "
                      "scenario file as UTF-8", path, line, (unsigned)(unsigned char)*end);
    }
    g_free(text);
    return st;
}

/* Read one file of the chain: its base first, then its own keys.  from:
 * the file that extends it (NULL for the scenario itself); as_named: the
 * value of that file's extends. */
static sp_status read_file(loader *L, const char *path, const char *from, const char *as_named)
{
    /* The file itself, as the OS resolves it (symlinks too), for cycles. */
    char *real = realpath(path, NULL);
    char *canon = real ? g_strdup(real) : g_canonicalize_filename(path, NULL);
    free(real);
    for (guint i = 0; i < L->chain->len; i++) {
        if (strcmp(g_ptr_array_index(L->chain, i), canon))
            continue;
        GString *c = g_string_new(NULL);
        for (guint k = i; k < L->shown->len; k++)
            g_string_append_printf(c, "%s -> ", (const char *)g_ptr_array_index(L->shown, k));
        g_string_append(c, path);
        sp_status st = sp_error(SP_E_INPUT, "%s: [scenario] extends = %s: a cycle (%s)", from,
                                as_named, c->str);
        g_string_free(c, TRUE);
        g_free(canon);
        return st;
    }
    GKeyFile *kf = g_key_file_new();
    GError *err = NULL;
    sp_status st = SP_OK;
    char *text = NULL;
    gsize len = 0;
    if (g_file_get_contents(path, &text, &len, &err)) {
        st = check_text(path, from, as_named, text, len);
        /* A UTF-8 byte order mark (Windows editors write one) is skipped. */
        gsize skip = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
        if (st == SP_OK)
            g_key_file_load_from_data(kf, text + skip, len - skip, G_KEY_FILE_NONE, &err);
        g_free(text);
    }
    if (err) {
        int io = err->domain == G_FILE_ERROR;
        /* The reason alone, as strerror says it (GLib's message repeats the path). */
        const char *why = access(path, R_OK) ? g_strerror(errno)
                          : g_file_test(path, G_FILE_TEST_IS_DIR) ? "a folder, not a file"
                          : err->message;
        if (from && io)
            st = sp_error(SP_E_INPUT, "%s: [scenario] extends = %s: cannot read %s: %s", from,
                          as_named, path, why);
        else if (from)
            st = sp_error(SP_E_INPUT, "%s: [scenario] extends = %s: %s is not a valid scenario "
                          "(INI) file: %s", from, as_named, path, err->message);
        else if (io)
            st = sp_error(SP_E_IO, "%s: cannot read scenario file: %s", path, why);
        else
            st = sp_error(SP_E_INPUT, "%s: not a valid scenario (INI) file: %s", path,
                          err->message);
        g_error_free(err);
    }
    if (st == SP_OK)
        st = text_is_utf8(path);
    char *dir = g_path_get_dirname(path);
    g_ptr_array_add(L->chain, canon);
    g_ptr_array_add(L->shown, g_strdup(path));
    if (st == SP_OK)
        st = read_base(L, kf, path, dir);
    if (st == SP_OK)
        st = apply_keys(L, kf, path, dir);
    g_ptr_array_remove_index(L->shown, L->shown->len - 1);
    g_ptr_array_remove_index(L->chain, L->chain->len - 1);
    g_free(dir);
    g_key_file_free(kf);
    return st;
}

/* Split "section.key=value"; returns 0 on bad form. */
static int split_override(const char *s, char **section, char **key, char **value)
{
    const char *eq = strchr(s, '=');
    const char *dot = strchr(s, '.');
    if (!eq || !dot || dot > eq || dot == s || dot + 1 == eq)
        return 0;
    *section = g_strstrip(g_strndup(s, (gsize)(dot - s)));
    *key = g_strstrip(g_strndup(dot + 1, (gsize)(eq - dot - 1)));
    *value = g_strdup(eq + 1);
    return 1;
}

static sp_status apply_overrides(loader *L, const char *const *overrides, int n_overrides)
{
    sp_status st = SP_OK;
    int set_name = 0, set_title = 0;
    for (int i = 0; i < n_overrides && st == SP_OK; i++) {
        char *sec, *key, *val;
        /* A value is one line, as in a scenario file (a pasted newline would
         * also break the one-line error). */
        const char *nl = strpbrk(overrides[i], "\r\n");
        if (nl) {
            char *head = g_strndup(overrides[i], (gsize)(nl - overrides[i]));
            const char *eq = strchr(head, '=');
            if (eq)
                head[eq - head] = '\0';
            st = sp_error(SP_E_USAGE, "--set %s: the value holds a line break; a value is one "
                          "line", head);
            g_free(head);
            break;
        }
        const char *bad;
        if (!g_utf8_validate(overrides[i], -1, &bad)) /* README "Text encodings" */
            return sp_error(SP_E_USAGE, "--set: the text is not UTF-8 (byte 0x%02X at offset "
                            "%zu)", (unsigned)(unsigned char)*bad, (size_t)(bad - overrides[i]));
        if (!split_override(overrides[i], &sec, &key, &val))
            return sp_error(SP_E_USAGE,
                            "--set %s: expected SECTION.KEY=VALUE (e.g. travel.minutes=15)",
                            overrides[i]);
        char *origin = g_strdup_printf("--set %s", overrides[i]);
        if (!strcmp(sec, "scenario") && !strcmp(key, "extends")) {
            st = sp_error(SP_E_USAGE, "%s: extends is only read from a scenario file", origin);
        } else {
            set_name |= !strcmp(sec, "scenario") && !strcmp(key, "name");
            set_title |= !strcmp(sec, "render") && !strcmp(key, "title");
            /* Overrides are relative to the current directory, as a shell
             * user expects, not to the scenario file. */
            st = sp_options_set(L->o, NULL, sec, key, val, origin);
        }
        g_free(sec); g_free(key); g_free(val); g_free(origin);
    }
    note_titles(L, set_name, set_title);
    return st;
}

/* The title in effect is stale when the travel where it was written is
 * not the travel run. */
static void judge_title(loader *L)
{
    sp_options *o = L->o;
    const travel_snap *s = o->render_title ? &L->title : o->name ? &L->name : NULL;
    if (!s || !s->set)
        return;
    double run = o->minutes[o->n_minutes - 1];
    if (s->mode != o->mode || fabs(s->minutes - run) > 1e-9) {
        o->title_stale = 1;
        o->title_mode = s->mode;
        o->title_minutes = s->minutes;
    }
}

sp_status sp_scenario_load(const char *path, const char *const *overrides,
                           int n_overrides, sp_options **out)
{
    *out = NULL;
    loader L = {0};
    sp_options_defaults(&L.o);
    L.o->source_path = g_strdup(path);
    L.chain = g_ptr_array_new_with_free_func(g_free);
    L.shown = g_ptr_array_new_with_free_func(g_free);
    sp_status st = read_file(&L, path, NULL, NULL);
    if (st == SP_OK)
        st = apply_overrides(&L, overrides, n_overrides);
    if (st == SP_OK) {
        judge_title(&L);
        st = sp_options_validate(L.o, path);
    }
    g_ptr_array_free(L.chain, TRUE);
    g_ptr_array_free(L.shown, TRUE);
    if (st != SP_OK)
        sp_options_free(L.o);
    else
        *out = L.o;
    return st;
}
