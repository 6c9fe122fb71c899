/* changes.c — parsing of the [changes] section; see changes.h. */
#include "changes.h"
#include "scenario_internal.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

/* The keys, by kind; the _xy keys take x, y in the working CRS. */
static const struct {
    const char *key;
    sp_change_kind kind;
    int xy;
} KEYS[] = {
    {"close_sites", SP_CHANGE_CLOSE_SITES, 0},
    {"add_site", SP_CHANGE_ADD_SITE, 0},
    {"add_site_xy", SP_CHANGE_ADD_SITE, 1},
    {"add_sites", SP_CHANGE_ADD_SITES, 0},
    {"move_site", SP_CHANGE_MOVE_SITE, 0},
    {"move_site_xy", SP_CHANGE_MOVE_SITE, 1},
    {"close_roads", SP_CHANGE_CLOSE_ROADS, 0},
    {"speed", SP_CHANGE_SPEED, 0},
    {"add_candidates", SP_CHANGE_ADD_CANDIDATES, 0},
    {"add_candidates_xy", SP_CHANGE_ADD_CANDIDATES, 1},
    {"remove_candidates", SP_CHANGE_REMOVE_CANDIDATES, 0},
    {"close_roads_in", SP_CHANGE_CLOSE_ROADS_IN, 0},
    {"set_capacity", SP_CHANGE_SET_CAPACITY, 0},
};
#define N_KEYS ((int)(sizeof KEYS / sizeof *KEYS))

/* The key of a layer kind (add_sites, close_roads_in). */
static const char *kind_key(sp_change_kind kind)
{
    for (int k = 0; k < N_KEYS; k++)
        if (KEYS[k].kind == kind && !KEYS[k].xy)
            return KEYS[k].key;
    return "";
}

static void change_clear(sp_change *c)
{
    g_free(c->key);
    g_free(c->value);
    for (int i = 0; i < c->n_items; i++)
        g_free(c->items[i]);
    g_free(c->items);
    g_free(c->nums);
    sp_layer_opts *l = &c->layer;
    g_free(l->path); g_free(l->layer); g_free(l->where); g_free(l->id);
    g_free(l->name); g_free(l->weight); g_free(l->x); g_free(l->y); g_free(l->crs);
    g_free(l->encoding); g_free(l->capacity);
    memset(c, 0, sizeof *c);
}

void sp__changes_free(sp_options *o)
{
    for (int i = 0; i < o->n_changes; i++)
        change_clear(&o->changes[i]);
    g_free(o->changes);
    o->changes = NULL;
    o->n_changes = 0;
}

static sp_status bad(const char *origin, const char *key, const char *value, const char *why)
{
    return sp_error(SP_E_INPUT, "%s: [changes] %s = '%s': %s", origin, key, value, why);
}

static int parse_num(const char *s, double *v)
{
    sp_num_result r = sp_number_parse(s, SP_NUM_STRTOD | SP_NUM_TRAIL_SPACE, v);
    return r == SP_NUM_OK && isfinite(*v);
}

/* The comma-separated parts of v, blanks stripped (g_strfreev). */
static char **split_list(const char *v, int *n)
{
    char **p = g_strsplit(v, ",", -1);
    *n = 0;
    for (int i = 0; p[i]; i++, (*n)++)
        g_strstrip(p[i]);
    return p;
}

/* id, lon, lat[, name] (add_site, add_candidates) or id, lon, lat
 * (move_site); x, y in the working CRS instead of lon, lat for the _xy
 * keys. */
static sp_status parse_point(sp_change *c, char **p, int n, const char *origin)
{
    int add = c->kind != SP_CHANGE_MOVE_SITE;
    if (n != 3 && !(add && n == 4))
        return bad(origin, c->key, c->value,
                   c->xy ? (add ? "expected id, x, y[, name]" : "expected id, x, y")
                         : (add ? "expected id, lon, lat[, name]" : "expected id, lon, lat"));
    if (!*p[0])
        return bad(origin, c->key, c->value, "the site id is empty");
    c->nums = g_new0(double, 2);
    int ok = parse_num(p[1], &c->nums[0]) && parse_num(p[2], &c->nums[1]);
    if (c->xy && !ok)
        return bad(origin, c->key, c->value, "x and y must be numbers (metres in the working CRS)");
    if (!c->xy && (!ok || fabs(c->nums[0]) > 180 || fabs(c->nums[1]) > 90))
        return bad(origin, c->key, c->value,
                   "lon and lat must be degrees (WGS 84), lon -180..180, lat -90..90");
    c->n_items = 2;
    c->items = g_new0(char *, 2);
    c->items[0] = g_strdup(p[0]);
    c->items[1] = n == 4 && *p[3] ? g_strdup(p[3]) : NULL;
    return SP_OK;
}

/* id, capacity (set_capacity): a number from 0 to SP_CAPACITY_MAX, or
 * unlimited. */
static sp_status parse_capacity(sp_change *c, char **p, int n, const char *origin)
{
    if (n != 2 || !*p[0])
        return bad(origin, c->key, c->value, "expected id, capacity (e.g. 12, 5000)");
    c->nums = g_new0(double, 1);
    if (!g_ascii_strcasecmp(p[1], "unlimited"))
        c->nums[0] = INFINITY;
    else if (!parse_num(p[1], &c->nums[0]) || c->nums[0] < 0 || c->nums[0] > SP_CAPACITY_MAX)
        return bad(origin, c->key, c->value, "the capacity must be a number from 0 to 1e+15, or "
                   "unlimited");
    c->n_items = 1;
    c->items = g_new0(char *, 1);
    c->items[0] = g_strdup(p[0]);
    return SP_OK;
}

/* A list of ids, or of class:kmh pairs (speed). */
static sp_status parse_list(sp_change *c, char **p, int n, const char *origin)
{
    int speed = c->kind == SP_CHANGE_SPEED;
    c->items = g_new0(char *, n ? n : 1);
    c->nums = g_new0(double, n ? n : 1);
    for (int i = 0; i < n; i++) {
        char *item = p[i], *colon = strchr(item, ':');
        if (!*item)
            return bad(origin, c->key, c->value, "an empty entry in the list");
        if (speed) {
            if (!colon)
                return bad(origin, c->key, c->value, "expected class:kmh, ... (e.g. primary:20)");
            *colon = '\0';
            g_strstrip(item);
            if (!*item || !parse_num(colon + 1, &c->nums[i]) || !(c->nums[i] > 0) ||
                c->nums[i] > 500)
                return bad(origin, c->key, c->value,
                           "expected class:kmh with a speed above 0 and at most 500 km/h");
        }
        c->items[c->n_items++] = g_strdup(item);
    }
    if (c->n_items == 0)
        return bad(origin, c->key, c->value, "the list is empty");
    return SP_OK;
}

/* The sub-key fields of add_sites. */
static char **layer_field(sp_layer_opts *l, const char *sub)
{
    static const char *NAMES[] = {"layer", "where", "id", "name", "x", "y", "crs", "encoding",
                                  "capacity"};
    char **f[] = {&l->layer, &l->where, &l->id, &l->name, &l->x, &l->y, &l->crs,
                  &l->encoding, &l->capacity};
    for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++)
        if (!strcmp(sub, NAMES[i]))
            return f[i];
    return NULL;
}

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* The entry of `key` in o (NULL = none). */
static sp_change *find_change(sp_options *o, const char *key)
{
    for (int i = 0; i < o->n_changes; i++)
        if (!strcmp(o->changes[i].key, key))
            return &o->changes[i];
    return NULL;
}

/* Remove entry c (NULL: nothing) from o, keeping the order of the others. */
static void drop_change(sp_options *o, sp_change *c)
{
    if (!c)
        return;
    int at = (int)(c - o->changes);
    change_clear(c);
    memmove(c, c + 1, (size_t)(o->n_changes - at - 1) * sizeof *c);
    o->n_changes--;
}

/* The entry for key: the existing one emptied, or a new one at the end. */
static sp_change *entry_for(sp_options *o, const char *key, sp_change_kind kind)
{
    sp_change *c = find_change(o, key);
    if (c) {
        change_clear(c);
    } else {
        o->changes = g_renew(sp_change, o->changes, o->n_changes + 1);
        c = &o->changes[o->n_changes++];
        memset(c, 0, sizeof *c);
    }
    c->kind = kind;
    c->key = g_strdup(key);
    return c;
}

sp_status sp__changes_set(sp_options *o, const char *base_dir, const char *key,
                          const char *value, const char *origin)
{
    const char *dot = strchr(key, '.');
    size_t blen = dot ? (size_t)(dot - key) : strlen(key);
    int kind = -1, xy = 0;
    for (int k = 0; k < N_KEYS; k++)
        if (strlen(KEYS[k].key) == blen && !strncmp(key, KEYS[k].key, blen)) {
            kind = (int)KEYS[k].kind;
            xy = KEYS[k].xy;
        }
    const char *sub = dot ? dot + 1 : NULL;
    char **field = NULL;
    int layer_kind = kind == SP_CHANGE_ADD_SITES || kind == SP_CHANGE_CLOSE_ROADS_IN;
    if (layer_kind && sub && !(field = layer_field(&(sp_layer_opts){0}, sub)))
        kind = -1;
    if (kind == SP_CHANGE_CLOSE_ROADS_IN && sub && !strcmp(sub, "capacity"))
        kind = -1;   /* polygons have no capacity */
    if (kind < 0 || (sub && !layer_kind && !all_digits(sub)))
        return sp_error(SP_E_INPUT, "%s: [changes]: unknown key '%s' (expected close_sites, "
                        "add_site, add_site_xy, add_sites, move_site, move_site_xy, close_roads, "
                        "close_roads_in, speed, add_candidates, add_candidates_xy, "
                        "remove_candidates or set_capacity, optionally with a number: add_site.2)",
                        origin, key);
    char *v = g_strstrip(g_strdup(value));
    sp_status st = SP_OK;
    if (!*v && !sub) { /* an empty value takes the change back (e.g. a --set) */
        g_free(v);
        drop_change(o, find_change(o, key));
        return SP_OK;
    }
    if (layer_kind) {
        /* one entry per layer key: its place is that of its first key */
        const char *lkey = kind_key((sp_change_kind)kind);
        sp_change *c = find_change(o, lkey);
        if (!c) {
            c = entry_for(o, lkey, (sp_change_kind)kind);
            c->value = g_strdup("");
        }
        field = sub ? layer_field(&c->layer, sub) : &c->layer.path;
        g_free(*field);
        *field = NULL;
        if (*v)
            *field = (!sub && base_dir && !g_path_is_absolute(v))
                         ? sp_scenario_join_path(base_dir, v) : g_strdup(v);
        if (*v && sub && !strcmp(sub, "capacity"))   /* a capacity field switches capacity on */
            o->capacity_on = o->capacity_enabled;
        if (!sub) {
            g_free(c->value);
            c->value = g_strdup(c->layer.path ? c->layer.path : "");
        }
        g_free(v);
        return SP_OK;
    }
    sp_change *c = entry_for(o, key, (sp_change_kind)kind);
    c->xy = xy;
    c->value = g_strdup(v);
    int n;
    char **p = split_list(v, &n);
    if (kind == SP_CHANGE_ADD_SITE || kind == SP_CHANGE_MOVE_SITE ||
        kind == SP_CHANGE_ADD_CANDIDATES)
        st = parse_point(c, p, n, origin);
    else if (kind == SP_CHANGE_SET_CAPACITY)
        st = parse_capacity(c, p, n, origin);
    else
        st = parse_list(c, p, n, origin);
    g_strfreev(p);
    g_free(v);
    if (st) /* drop the broken entry: o stays consistent */
        drop_change(o, c);
    return st;
}

sp_status sp__changes_validate(const sp_options *o, const char *origin)
{
    for (int i = 0; i < o->n_changes; i++) {
        const sp_change *c = &o->changes[i];
        if (c->kind == SP_CHANGE_SET_CAPACITY && !o->capacity_on)
            return sp_error(SP_E_INPUT, "%s: [changes] %s: capacity is off (no [capacity] section "
                            "or capacity field%s)", origin, c->key,
                            o->capacity_enabled ? "" : ": [capacity] enabled = no");
        if (c->kind != SP_CHANGE_ADD_SITES && c->kind != SP_CHANGE_CLOSE_ROADS_IN)
            continue;
        if (!c->layer.path)
            return sp_error(SP_E_INPUT, "%s: [changes] %s.* keys given without %s (the layer)",
                            origin, c->key, c->key);
        if ((c->layer.x == NULL) != (c->layer.y == NULL))
            return sp_error(SP_E_INPUT, "%s: [changes] %s.x and %s.y must be given together",
                            origin, c->key, c->key);
    }
    return SP_OK;
}

const char *sp_change_describe(const sp_change *c, char *buf, size_t len)
{
    snprintf(buf, len, "%s: %s", c->key, c->value ? c->value : "");
    return buf;
}

int sp_change_is_costs(const sp_change *c)
{
    return c->kind == SP_CHANGE_CLOSE_ROADS || c->kind == SP_CHANGE_SPEED ||
           c->kind == SP_CHANGE_CLOSE_ROADS_IN;
}

char *sp_changes_costs_key(const sp_options *o, int *nomem)
{
    *nomem = 0;
    GString *s = NULL;
    for (int i = 0; i < o->n_changes; i++) {
        const sp_change *c = &o->changes[i];
        if (!sp_change_is_costs(c))
            continue;
        if (!s)
            s = g_string_new(NULL);
        g_string_append_printf(s, "%s%s=", s->len ? ";" : "", kind_key(c->kind));
        if (c->kind == SP_CHANGE_CLOSE_ROADS_IN) /* the layer as read: path, layer, filter */
            g_string_append_printf(s, "%s|%s|%s|%s", c->layer.path, c->layer.layer ? c->layer.layer : "",
                                   c->layer.where ? c->layer.where : "", c->layer.crs ? c->layer.crs : "");
        for (int k = 0; k < c->n_items; k++) {
            g_string_append_printf(s, "%s%s", k ? "," : "", c->items[k]);
            if (c->kind == SP_CHANGE_SPEED)
                g_string_append_printf(s, ":%.17g", c->nums[k]);
        }
    }
    if (!s)
        return NULL;
    char *out = strdup(s->str);
    g_string_free(s, TRUE);
    if (!out)
        *nomem = 1;
    return out;
}
