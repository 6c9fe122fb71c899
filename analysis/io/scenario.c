/* scenario.c — scenario files (GKeyFile) into sp_options; see scenario.h. */
#include "scenario.h"
#include "scenario_internal.h"
#include "sitemodel.h"

#include <glib.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "number.h"

typedef enum { K_STR, K_PATH, K_NUM, K_BOOL, K_MODE, K_SNAP, K_MINUTES, K_INT, K_CAND, K_MODEL, K_PAGE, K_LANG,
               K_OPTNUM,   /* a number in range, or empty: NAN (not given) */
               K_CAP,      /* the same, or "unlimited": INFINITY */
               K_CAPFIELD, /* a capacity field: K_STR that switches capacity on */
               K_DEPOTS,   /* [mobile] depots: stations, facilities, or a layer path */
               K_STOPS,    /* [mobile] stops: clusters, auto, or a layer path */
               K_SERVE,    /* [mobile] serve: gaps, all, largest:N, where:FILTER */
               K_CLOCK,    /* HH:MM */
               K_WEIGHT    /* clusters.weight: a field, or area * N/ha (clusters_per_m2) */
} key_kind;

typedef struct {
    const char *section;
    const char *key;
    key_kind kind;
    size_t off;           /* offset in sp_options */
    double lo, hi;        /* K_NUM/K_INT: allowed range (inclusive) */
    int lo_open;          /* K_NUM: lo is exclusive */
} key_spec;

#define O(f) offsetof(sp_options, f)
#define L(layer, f) (offsetof(sp_options, layer) + offsetof(sp_layer_opts, f))
#define SUB_KEYS(sec, lyr)                                                  \
    {sec, #lyr ".layer", K_STR, L(lyr, layer), 0, 0, 0},                   \
    {sec, #lyr ".where", K_STR, L(lyr, where), 0, 0, 0},                   \
    {sec, #lyr ".id", K_STR, L(lyr, id), 0, 0, 0},                         \
    {sec, #lyr ".name", K_STR, L(lyr, name), 0, 0, 0},                     \
    {sec, #lyr ".x", K_STR, L(lyr, x), 0, 0, 0},                           \
    {sec, #lyr ".y", K_STR, L(lyr, y), 0, 0, 0},                           \
    {sec, #lyr ".crs", K_STR, L(lyr, crs), 0, 0, 0},                       \
    {sec, #lyr ".encoding", K_STR, L(lyr, encoding), 0, 0, 0}
/* The same sub-keys under another name: NM.layer, ... of layer LYR. */
#define NAMED_SUB_KEYS(sec, nm, lyr)                                      \
    {sec, nm ".layer", K_STR, L(lyr, layer), 0, 0, 0},                   \
    {sec, nm ".where", K_STR, L(lyr, where), 0, 0, 0},                   \
    {sec, nm ".id", K_STR, L(lyr, id), 0, 0, 0},                         \
    {sec, nm ".name", K_STR, L(lyr, name), 0, 0, 0},                     \
    {sec, nm ".x", K_STR, L(lyr, x), 0, 0, 0},                           \
    {sec, nm ".y", K_STR, L(lyr, y), 0, 0, 0},                           \
    {sec, nm ".crs", K_STR, L(lyr, crs), 0, 0, 0},                       \
    {sec, nm ".encoding", K_STR, L(lyr, encoding), 0, 0, 0}
#define LAYER_KEYS(lyr)                                                     \
    {"inputs", #lyr, K_PATH, L(lyr, path), 0, 0, 0},                       \
    {"inputs", #lyr ".layer", K_STR, L(lyr, layer), 0, 0, 0},              \
    {"inputs", #lyr ".where", K_STR, L(lyr, where), 0, 0, 0},              \
    {"inputs", #lyr ".id", K_STR, L(lyr, id), 0, 0, 0},                    \
    {"inputs", #lyr ".name", K_STR, L(lyr, name), 0, 0, 0},                \
    {"inputs", #lyr ".x", K_STR, L(lyr, x), 0, 0, 0},                      \
    {"inputs", #lyr ".y", K_STR, L(lyr, y), 0, 0, 0},                      \
    {"inputs", #lyr ".crs", K_STR, L(lyr, crs), 0, 0, 0},                  \
    {"inputs", #lyr ".encoding", K_STR, L(lyr, encoding), 0, 0, 0}

static const key_spec KEYS[] = {
    {"scenario", "name", K_STR, O(name), 0, 0, 0},
    {"inputs", "network", K_PATH, O(network), 0, 0, 0},
    {"inputs", "network.layer", K_STR, O(network_layer), 0, 0, 0},
    {"inputs", "network.where", K_STR, O(network_where), 0, 0, 0},
    {"inputs", "network.class", K_STR, O(network_class), 0, 0, 0},
    {"inputs", "network.oneway", K_STR, O(network_oneway), 0, 0, 0},
    {"inputs", "network.maxspeed", K_STR, O(network_maxspeed), 0, 0, 0},
    {"inputs", "network.crs", K_STR, O(network_crs), 0, 0, 0},
    {"inputs", "network.osm_config", K_PATH, O(osm_config), 0, 0, 0},
    {"inputs", "network.cache", K_PATH, O(network_cache), 0, 0, 0},
    LAYER_KEYS(clusters),
    {"inputs", "clusters.weight", K_WEIGHT, L(clusters, weight), 0, 0, 0},
    {"inputs", "clusters.weight_points", K_PATH, L(weight_points, path), 0, 0, 0},
    NAMED_SUB_KEYS("inputs", "clusters.weight_points", weight_points),
    {"inputs", "clusters.weight_points_weight", K_STR, L(weight_points, weight), 0, 0, 0},
    {"inputs", "clusters.entrances", K_PATH, L(entrances, path), 0, 0, 0},
    NAMED_SUB_KEYS("inputs", "clusters.entrances", entrances),
    LAYER_KEYS(sites),
    {"inputs", "sites.capacity", K_CAPFIELD, L(sites, capacity), 0, 0, 0},
    LAYER_KEYS(facilities),
    {"inputs", "facilities.capacity", K_CAPFIELD, L(facilities, capacity), 0, 0, 0},
    {"travel", "mode", K_MODE, O(mode), 0, 0, 0},
    {"travel", "minutes", K_MINUTES, O(minutes), 0, 24 * 60, 1},
    {"travel", "profile", K_PATH, O(profile), 0, 0, 0},
    {"travel", "use_maxspeed", K_BOOL, O(use_maxspeed), 0, 0, 0},
    {"travel", "snap", K_SNAP, O(snap), 0, 0, 0},
    {"travel", "max_snap_m", K_NUM, O(max_snap_m), 0, 1e6, 0},
    {"travel", "reject_snap_m", K_NUM, O(reject_snap_m), 0, 1e7, 1},
    {"travel", "walk_kmh", K_NUM, O(walk_kmh), 0, 50, 1},
    {"travel", "crs", K_STR, O(crs), 0, 0, 0},
    {"catchment", "cell_m", K_NUM, O(cell_m), 1, 1000, 0},
    {"catchment", "per_site", K_BOOL, O(per_site), 0, 0, 0},
    {"catchment", "band_m", K_NUM, O(band_m), 1, 5000, 0},
    {"gaps", "link_m", K_NUM, O(gap_link_m), 0, 1e5, 1},
    {"siting", "enabled", K_BOOL, O(siting_enabled), 0, 0, 0},
    {"siting", "budget", K_INT, O(budget), 0, 100000, 0},
    {"siting", "candidates", K_CAND, O(candidates), 0, 0, 0},
    {"siting", "candidates.layer", K_STR, L(cand, layer), 0, 0, 0},
    {"siting", "candidates.where", K_STR, L(cand, where), 0, 0, 0},
    {"siting", "candidates.id", K_STR, L(cand, id), 0, 0, 0},
    {"siting", "candidates.name", K_STR, L(cand, name), 0, 0, 0},
    {"siting", "candidates.x", K_STR, L(cand, x), 0, 0, 0},
    {"siting", "candidates.y", K_STR, L(cand, y), 0, 0, 0},
    {"siting", "candidates.crs", K_STR, L(cand, crs), 0, 0, 0},
    {"siting", "candidates.encoding", K_STR, L(cand, encoding), 0, 0, 0},
    {"siting", "candidates.capacity", K_CAPFIELD, L(cand, capacity), 0, 0, 0},
    {"siting", "model", K_MODEL, O(model), 0, 0, 0},
    {"siting", "target_percent", K_NUM, O(target_percent), 0, 100, 1},
    {"siting", "required", K_STR, O(required), 0, 0, 0},
    {"siting", "excluded", K_STR, O(excluded), 0, 0, 0},
    {"siting", "time_limit_s", K_NUM, O(time_limit_s), 0, 86400, 1},
    {"siting", "auto_spacing_m", K_NUM, O(auto_spacing_m), 10, 1e5, 0},
    {"siting", "fill_budget", K_BOOL, O(fill_budget), 0, 0, 0},
    {"capacity", "enabled", K_BOOL, O(capacity_enabled), 0, 0, 0},
    {"capacity", "default", K_CAP, O(cap_default), 0, SP_CAPACITY_MAX, 0},
    {"capacity", "new_site", K_CAP, O(cap_new_site), 0, SP_CAPACITY_MAX, 0},
    {"capacity", "visits_per_worker", K_OPTNUM, O(visits_per_worker), 0, 1e6, 1},
    {"mobile", "enabled", K_BOOL, O(mobile_enabled), 0, 0, 0},
    {"mobile", "depots", K_DEPOTS, O(mobile_depots), 0, 0, 0},
    SUB_KEYS("mobile", depots),
    {"mobile", "depot_ids", K_STR, O(mobile_depot_ids), 0, 0, 0},
    {"mobile", "units", K_INT, O(mobile_units), 1, 10000, 0},
    {"mobile", "capacity_per_day", K_CAP, O(mobile_capacity), 0, 1e9, 1},
    {"mobile", "day_hours", K_NUM, O(mobile_day_hours), 0, 24, 1},
    {"mobile", "setup_minutes", K_NUM, O(mobile_setup_min), 0, 24 * 60, 0},
    {"mobile", "minutes_per_worker", K_NUM, O(mobile_min_per_worker), 0, 24 * 60, 0},
    {"mobile", "drive_mode", K_MODE, O(mobile_drive_mode), 0, 0, 0},
    {"mobile", "walk_minutes", K_NUM, O(mobile_walk_min), 0, 24 * 60, 0},
    {"mobile", "period_days", K_INT, O(mobile_period_days), 1, 3660, 0},
    {"mobile", "visits_per_period", K_INT, O(mobile_visits), 1, 3660, 0},
    {"mobile", "serve", K_SERVE, O(mobile_serve), 0, 0, 0},
    {"mobile", "stops", K_STOPS, O(mobile_stops), 0, 0, 0},
    SUB_KEYS("mobile", stops),
    {"mobile", "day_start", K_CLOCK, O(mobile_day_start), 0, 0, 0},
    {"render", "page", K_PAGE, O(render_page), 0, 0, 0},
    {"render", "dpi", K_INT, O(render_dpi), 50, 600, 0},
    {"render", "title", K_STR, O(render_title), 0, 0, 0},
    {"render", "language", K_LANG, O(render_language), 0, 0, 0},
    {"render", "enabled", K_BOOL, O(render), 0, 0, 0},
    {"output", "dir", K_PATH, O(out_dir), 0, 0, 0},
    {"output", "timings", K_BOOL, O(timings), 0, 0, 0},
};
#define N_KEYS (sizeof KEYS / sizeof KEYS[0])

static const char *MODE_NAMES[SP_MODE_COUNT] = {"walk", "bike", "ebike", "car"};

const char *sp_mode_name(sp_mode m)
{
    return (m >= 0 && m < SP_MODE_COUNT) ? MODE_NAMES[m] : "?";
}

sp_status sp_options_defaults(sp_options **out)
{
    sp_options *o = g_new0(sp_options, 1);
    o->mode = SP_MODE_WALK;
    o->minutes[0] = 30;
    o->n_minutes = 1;
    o->use_maxspeed = 1;
    o->snap = SP_SNAP_EDGE;
    o->max_snap_m = 1000;
    o->reject_snap_m = 10000;
    o->walk_kmh = 5.0;
    o->cell_m = 0; /* 0 = by mode, see sp_options_cell_m() */
    o->per_site = 1;
    o->band_m = 0;
    o->gap_link_m = 500;
    o->out_dir = g_strdup("out");
    o->render_page = g_strdup("A4");
    o->render_dpi = 150;
    o->render_language = g_strdup("en");
    o->render = 1;
    o->model = SP_SITING_MCLP;
    o->target_percent = 95;
    o->time_limit_s = 60;
    o->auto_spacing_m = 250;
    o->siting_enabled = 1;
    o->capacity_enabled = 1;
    o->cap_default = o->cap_new_site = o->visits_per_worker = NAN;
    o->mobile_enabled = 1;
    o->mobile_units = 1;
    o->mobile_capacity = NAN;   /* required when [mobile] is on */
    o->mobile_day_hours = 8;
    o->mobile_setup_min = 30;
    o->mobile_min_per_worker = 0;
    o->mobile_drive_mode = SP_MODE_CAR;
    o->mobile_walk_min = 10;
    o->mobile_period_days = 20;
    o->mobile_visits = 1;
    o->mobile_serve = g_strdup("gaps");
    o->mobile_stops = g_strdup("clusters");
    o->mobile_day_start = g_strdup("08:00");
    *out = o;
    return SP_OK;
}

static void layer_free(sp_layer_opts *l)
{
    g_free(l->path); g_free(l->layer); g_free(l->where); g_free(l->id);
    g_free(l->name); g_free(l->weight); g_free(l->x); g_free(l->y);
    g_free(l->crs); g_free(l->encoding); g_free(l->capacity);
}

void sp_options_free(sp_options *o)
{
    if (!o)
        return;
    g_free(o->name); g_free(o->source_path);
    g_free(o->network); g_free(o->network_layer); g_free(o->network_where);
    g_free(o->network_class); g_free(o->network_oneway);
    g_free(o->network_maxspeed); g_free(o->network_crs); g_free(o->osm_config);
    g_free(o->network_cache);
    layer_free(&o->clusters); layer_free(&o->weight_points); layer_free(&o->entrances);
    layer_free(&o->sites); layer_free(&o->facilities);
    layer_free(&o->cand);
    g_free(o->mobile_depots); layer_free(&o->depots); g_free(o->mobile_depot_ids);
    g_free(o->mobile_serve); g_free(o->mobile_stops); layer_free(&o->stops);
    g_free(o->mobile_day_start);
    g_free(o->candidates); g_free(o->required); g_free(o->excluded);
    g_free(o->render_page); g_free(o->render_title); g_free(o->render_language);
    g_free(o->profile); g_free(o->crs); g_free(o->out_dir);
    sp__changes_free(o);
    g_free(o);
}

/* The path of the first n parts of out (absolute: with a leading "/"). */
static char *parts_path(GPtrArray *out, guint n, int absolute)
{
    GString *r = g_string_new(absolute ? "/" : "");
    for (guint i = 0; i < n; i++)
        g_string_append_printf(r, "%s%s", i ? "/" : "", (const char *)g_ptr_array_index(out, i));
    if (r->len == 0)
        g_string_append(r, ".");
    return g_string_free(r, FALSE);
}

/* Resolve `rel` against `base` and fold "." and "dir/.." lexically, keeping
 * the path relative when both are (so outputs name "out/x", not
 * "data/../out/x", and do not depend on where the checkout is).  "dir/.."
 * is folded only when dir is not a symbolic link: the OS takes the parent of
 * the folder the link points to, so there the path up to the link is
 * replaced by its real (absolute) path first. */
char *sp_scenario_join_path(const char *base, const char *rel)
{
    char *joined = g_build_filename(base, rel, NULL);
    int absolute = joined[0] == '/';
    char **parts = g_strsplit(joined, "/", -1);
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; parts[i]; i++) {
        const char *p = parts[i];
        if (!*p || !strcmp(p, "."))
            continue;
        if (!strcmp(p, "..") && out->len > 0 &&
            strcmp(g_ptr_array_index(out, out->len - 1), "..")) {
            char *prefix = parts_path(out, out->len, absolute);
            struct stat sb;
            char *real = !lstat(prefix, &sb) && S_ISLNK(sb.st_mode) ? realpath(prefix, NULL)
                                                                      : NULL;
            g_free(prefix);
            if (real) {
                g_ptr_array_set_size(out, 0);
                absolute = 1;
                char **rp = g_strsplit(real, "/", -1);
                for (int k = 0; rp[k]; k++)
                    if (*rp[k])
                        g_ptr_array_add(out, g_strdup(rp[k]));
                g_strfreev(rp);
                free(real);
            }
            if (out->len > 0)
                g_ptr_array_remove_index(out, out->len - 1);
            continue;
        }
        if (!strcmp(p, "..") && absolute && out->len == 0)
            continue;
        g_ptr_array_add(out, g_strdup(p));
    }
    char *r = parts_path(out, out->len, absolute);
    g_ptr_array_free(out, TRUE);
    g_strfreev(parts);
    g_free(joined);
    return r;
}

static const key_spec *find_key(const char *section, const char *key)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (!strcmp(KEYS[i].section, section) && !strcmp(KEYS[i].key, key))
            return &KEYS[i];
    return NULL;
}

int sp_options_known_section(const char *section)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (!strcmp(KEYS[i].section, section))
            return 1;
    return 0;
}

/* Parse a whole-string number; 0 on garbage, NaN or infinity. */
static int parse_num(const char *s, double *v)
{
    sp_num_result r = sp_number_parse(s, SP_NUM_STRTOD | SP_NUM_TRAIL_SPACE, v);
    return (r == SP_NUM_OK || r == SP_NUM_RANGE) && isfinite(*v);
}

int sp_weight_area_parse(const char *s, double *per_m2, const char **why)
{
    static const struct { const char *unit; double m2; } UNITS[] = {
        {"ha", 1e4}, {"km2", 1e6}, {"m2", 1}};
    const char *dummy;
    if (!why)
        why = &dummy;
    *why = NULL;
    *per_m2 = 0;
    while (*s == ' ' || *s == '\t')
        s++;
    if (g_ascii_strncasecmp(s, "area", 4))
        return 0;
    const char *p = s + 4;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '*')
        return 0;
    p++;
    const char *slash = strchr(p, '/');
    if (!slash) {
        *why = "expected area * N/ha, area * N/km2 or area * N/m2 (a unit is required)";
        return -1;
    }
    char *num = g_strndup(p, (gsize)(slash - p));
    g_strstrip(num);
    double v;
    sp_num_result r = *num ? sp_number_parse(num, 0, &v) : SP_NUM_SYNTAX;
    g_free(num);
    if (r != SP_NUM_OK || !isfinite(v) || !(v > 0)) {
        *why = "the rate N in area * N/ha must be a plain number greater than 0";
        return -1;
    }
    char *unit = g_strstrip(g_strdup(slash + 1));
    double m2 = 0;
    for (size_t i = 0; i < sizeof UNITS / sizeof UNITS[0]; i++)
        if (!g_ascii_strcasecmp(unit, UNITS[i].unit))
            m2 = UNITS[i].m2;
    g_free(unit);
    if (m2 == 0) {
        *why = "the unit after / must be ha, km2 or m2";
        return -1;
    }
    *per_m2 = v / m2;
    if (!(*per_m2 > 0) || !isfinite(*per_m2)) {
        *per_m2 = 0;
        *why = "the rate is out of range";
        return -1;
    }
    return 1;
}

const char *sp_options_weight_field(const sp_options *o)
{
    return o->clusters_per_m2 > 0 ? NULL : o->clusters.weight;
}

static sp_status bad(const char *origin, const char *section, const char *key,
                     const char *value, const char *why)
{
    return sp_error(SP_E_INPUT, "%s: [%s] %s = '%s': %s", origin, section, key,
                    value, why);
}

sp_status sp_options_set(sp_options *o, const char *base_dir,
                         const char *section, const char *key,
                         const char *value, const char *origin)
{
    const key_spec *k = find_key(section, key);
    if (!k && !strcmp(section, "changes"))
        return sp__changes_set(o, base_dir, key, value, origin);
    if (!k) {
        if (!sp_options_known_section(section))
            return sp_error(SP_E_INPUT, "%s: unknown section [%s]", origin,
                            section);
        return sp_error(SP_E_INPUT, "%s: [%s]: unknown key '%s'", origin,
                        section, key);
    }
    char *v = g_strstrip(g_strdup(value));
    sp_status st = SP_OK;
    int siting_key = !strcmp(section, "siting");
    /* any [capacity] key, or a capacity field named, switches capacity on */
    int capacity_key = !strcmp(section, "capacity") || (k->kind == K_CAPFIELD && *v);
    int mobile_key = !strcmp(section, "mobile");
    void *field = (char *)o + k->off;
    switch (k->kind) {
    case K_STR:
    case K_CAPFIELD:
    case K_PATH: {
        char **dst = field;
        g_free(*dst);
        *dst = NULL;
        if (*v) {
            if (k->kind == K_PATH && !g_path_is_absolute(v) && base_dir)
                *dst = sp_scenario_join_path(base_dir, v);
            else
                *dst = g_strdup(v);
        }
        break;
    }
    case K_WEIGHT: {
        /* a field name, or an area expression (sp_weight_area_parse) */
        char **dst = field;
        double per_m2 = 0;
        const char *why = NULL;
        if (*v && sp_weight_area_parse(v, &per_m2, &why) < 0) {
            st = bad(origin, section, key, v, why);
            break;
        }
        g_free(*dst);
        *dst = *v ? g_strdup(v) : NULL;
        o->clusters_per_m2 = per_m2;
        break;
    }
    case K_OPTNUM:
    case K_CAP:
        if (!*v) {
            *(double *)field = NAN;
            break;
        }
        if (k->kind == K_CAP && !g_ascii_strcasecmp(v, "unlimited")) {
            *(double *)field = INFINITY;
            break;
        }
        /* a number */
        __attribute__((fallthrough));
    case K_NUM:
    case K_INT: {
        double d;
        if (!parse_num(v, &d)) {
            st = bad(origin, section, key, v, k->kind == K_CAP ? "not a number (or unlimited)"
                                                               : "not a number");
        } else if ((k->lo_open ? d <= k->lo : d < k->lo) || d > k->hi) {
            char why[128];
            snprintf(why, sizeof why, "must be %s %g and at most %g",
                     k->lo_open ? "greater than" : "at least", k->lo, k->hi);
            st = bad(origin, section, key, v, why);
        } else if (k->kind == K_INT) {
            if (d != floor(d))
                st = bad(origin, section, key, v, "not a whole number");
            else
                *(int *)field = (int)d;
        } else {
            *(double *)field = d;
        }
        break;
    }
    case K_BOOL: {
        int *dst = field;
        if (!g_ascii_strcasecmp(v, "yes") || !g_ascii_strcasecmp(v, "true") ||
            !strcmp(v, "1") || !g_ascii_strcasecmp(v, "on"))
            *dst = 1;
        else if (!g_ascii_strcasecmp(v, "no") ||
                 !g_ascii_strcasecmp(v, "false") || !strcmp(v, "0") ||
                 !g_ascii_strcasecmp(v, "off"))
            *dst = 0;
        else
            st = bad(origin, section, key, v, "expected yes or no");
        break;
    }
    case K_MODE: {
        int found = -1;
        for (int m = 0; m < SP_MODE_COUNT; m++)
            if (!g_ascii_strcasecmp(v, MODE_NAMES[m]))
                found = m;
        if (found < 0)
            st = bad(origin, section, key, v, "expected walk, bike, ebike or car");
        else
            *(sp_mode *)field = (sp_mode)found;
        break;
    }
    case K_SNAP:
        if (!g_ascii_strcasecmp(v, "edge"))
            *(sp_snap_rule *)field = SP_SNAP_EDGE;
        else if (!g_ascii_strcasecmp(v, "node"))
            *(sp_snap_rule *)field = SP_SNAP_NODE;
        else
            st = bad(origin, section, key, v, "expected edge or node");
        break;
    case K_CAND: {
        char **dst = field;
        g_free(*dst);
        g_free(o->cand.path);
        *dst = NULL;
        o->cand.path = NULL;
        if (!g_ascii_strcasecmp(v, "auto")) {
            *dst = g_strdup("auto");
        } else if (*v) {
            *dst = (!g_path_is_absolute(v) && base_dir) ? sp_scenario_join_path(base_dir, v) : g_strdup(v);
            o->cand.path = g_strdup(*dst);
        }
        break;
    }
    case K_DEPOTS:
    case K_STOPS: {
        /* a keyword, or a layer path (then the layer's path too) */
        char **dst = field;
        sp_layer_opts *lyr = k->kind == K_DEPOTS ? &o->depots : &o->stops;
        const char *w1 = k->kind == K_DEPOTS ? "stations" : "clusters",
                   *w2 = k->kind == K_DEPOTS ? "facilities" : "auto";
        g_free(*dst);
        g_free(lyr->path);
        *dst = NULL;
        lyr->path = NULL;
        if (!g_ascii_strcasecmp(v, w1) || !g_ascii_strcasecmp(v, w2)) {
            *dst = g_ascii_strdown(v, -1);
        } else if (*v) {
            *dst = (!g_path_is_absolute(v) && base_dir) ? sp_scenario_join_path(base_dir, v) : g_strdup(v);
            lyr->path = g_strdup(*dst);
        }
        break;
    }
    case K_SERVE: {
        char **dst = field;
        int ok = 1;
        if (!g_ascii_strcasecmp(v, "gaps") || !g_ascii_strcasecmp(v, "all")) {
            g_free(*dst);
            *dst = g_ascii_strdown(v, -1);
        } else if (!g_ascii_strncasecmp(v, "largest:", 8)) {
            double d;
            ok = parse_num(v + 8, &d) && d >= 1 && d <= 1e9 && d == floor(d);
            if (ok) {
                g_free(*dst);
                *dst = g_strdup_printf("largest:%.0f", d);
            }
        } else if (!g_ascii_strncasecmp(v, "where:", 6)) {
            const char *f = v + 6;
            while (*f == ' ' || *f == '\t')
                f++;
            ok = *f != '\0';
            if (ok) {
                g_free(*dst);
                *dst = g_strdup_printf("where:%s", f);
            }
        } else {
            ok = 0;
        }
        if (!ok)
            st = bad(origin, section, key, v,
                     "expected gaps, all, largest:N (N a whole number >= 1) or where:FILTER "
                     "(an attribute filter on the clusters layer)");
        break;
    }
    case K_CLOCK: {
        char **dst = field;
        int hh, mm, n = 0;
        if (sscanf(v, "%2d:%2d%n", &hh, &mm, &n) == 2 && (size_t)n == strlen(v) && hh >= 0 &&
            hh < 24 && mm >= 0 && mm < 60 && strlen(v) == 5) {
            g_free(*dst);
            *dst = g_strdup_printf("%02d:%02d", hh, mm);
        } else {
            st = bad(origin, section, key, v, "expected a clock time HH:MM, e.g. 08:00");
        }
        break;
    }
    case K_PAGE:
    case K_LANG: {
        const char *a = k->kind == K_PAGE ? "A4" : "en", *b = k->kind == K_PAGE ? "A3" : "zh";
        char **dst = field;
        if (!g_ascii_strcasecmp(v, a) || !g_ascii_strcasecmp(v, b)) {
            g_free(*dst);
            *dst = g_strdup(!g_ascii_strcasecmp(v, a) ? a : b);
        } else {
            st = bad(origin, section, key, v, k->kind == K_PAGE ? "expected A4 or A3" : "expected en or zh");
        }
        break;
    }
    case K_MODEL: {
        int m = sp_siting_model_parse(v);
        if (m < 0)
            st = bad(origin, section, key, v, "expected mclp, target, pmedian or pcenter");
        else
            *(int *)field = m;
        break;
    }
    case K_MINUTES: {
        char **parts = g_strsplit(v, ",", -1);
        int n = 0;
        double mins[SP_MAX_RINGS];
        for (int i = 0; parts[i] && st == SP_OK; i++) {
            double d;
            if (n == SP_MAX_RINGS) {
                st = bad(origin, section, key, v, "at most 8 thresholds");
            } else if (!parse_num(parts[i], &d)) {
                st = bad(origin, section, key, v,
                         "expected minutes, or ascending minutes separated by commas");
            } else if (d <= 0 || d > k->hi) {
                st = bad(origin, section, key, v,
                         "each threshold must be greater than 0 and at most 1440 minutes");
            } else if (n > 0 && d <= mins[n - 1]) {
                st = bad(origin, section, key, v, "thresholds must be strictly ascending");
            } else {
                mins[n++] = d;
            }
        }
        if (st == SP_OK && n == 0)
            st = bad(origin, section, key, v, "no threshold given");
        if (st == SP_OK) {
            memcpy(o->minutes, mins, sizeof mins);
            o->n_minutes = n;
        }
        g_strfreev(parts);
        break;
    }
    }
    g_free(v);
    /* Any [siting] key switches siting on, unless enabled = no says off. */
    if (siting_key)
        o->siting = o->siting_enabled;
    if (capacity_key)
        o->capacity_on = o->capacity_enabled;
    /* Any [mobile] key switches mobile units on, unless enabled = no. */
    if (mobile_key)
        o->mobile_on = o->mobile_enabled;
    return st;
}

double sp_options_cell_m(const sp_options *o)
{
    /* Faster modes reach farther: coarser cells keep the polygon work
     * proportional to the number of cells, not the square of the speed. */
    static const double CELL[SP_MODE_COUNT] = {20, 30, 40, 60};
    return o->cell_m > 0 ? o->cell_m : CELL[o->mode];
}

double sp_options_capacity_workers(const sp_options *o, double value)
{
    return isfinite(o->visits_per_worker) ? value / o->visits_per_worker : value;
}

double sp_options_capacity_default(const sp_options *o, int new_site)
{
    double v = new_site && !isnan(o->cap_new_site) ? o->cap_new_site : o->cap_default;
    return isnan(v) ? INFINITY : sp_options_capacity_workers(o, v);
}

static int layer_given(const sp_layer_opts *l) { return l->path != NULL; }

/* [mobile] cross-key rules (README "Mobile units"). */
static sp_status mobile_validate(const sp_options *o, const char *origin)
{
    if (!(o->mobile_capacity > 0))
        return sp_error(SP_E_INPUT, "%s: [mobile] capacity_per_day is required: the workers one "
                        "unit serves in one day (a number greater than 0)", origin);
    if (!o->mobile_depots)
        return sp_error(SP_E_INPUT, "%s: [mobile] depots is required: stations, facilities, or a "
                        "point layer of the units' depots", origin);
    if (!strcmp(o->mobile_depots, "facilities") && !o->facilities.path)
        return sp_error(SP_E_INPUT, "%s: [mobile] depots = facilities, but [inputs] facilities "
                        "is not given", origin);
    if (!strcmp(o->mobile_depots, "stations") && !o->sites.path)
        return sp_error(SP_E_INPUT, "%s: [mobile] depots = stations, but [inputs] sites is not "
                        "given", origin);
    if (o->mobile_period_days % o->mobile_visits != 0)
        return sp_error(SP_E_INPUT, "%s: [mobile] period_days = %d is not a multiple of "
                        "visits_per_period = %d (each block of the period has the same number "
                        "of days)", origin, o->mobile_period_days, o->mobile_visits);
    if (o->mobile_walk_min > 0 && o->mode != SP_MODE_WALK)
        return sp_error(SP_E_INPUT, "%s: [mobile] walk_minutes = %g needs [travel] mode = walk "
                        "(workers walk to a stop; this scenario's mode is %s); set walk_minutes "
                        "= 0 to drive to each cluster", origin, o->mobile_walk_min,
                        sp_mode_name(o->mode));
    const sp_layer_opts *ls[2] = {&o->depots, &o->stops};
    const char *names[2] = {"depots", "stops"};
    for (int i = 0; i < 2; i++)
        if ((ls[i]->x == NULL) != (ls[i]->y == NULL))
            return sp_error(SP_E_INPUT, "%s: [mobile] %s.x and %s.y must be given together",
                            origin, names[i], names[i]);
    if (o->stops.path && o->mobile_walk_min <= 0)
        return sp_error(SP_E_INPUT, "%s: [mobile] stops = a layer needs walk_minutes > 0 (with "
                        "walk_minutes = 0 every target cluster is its own stop)", origin);
    return SP_OK;
}

sp_status sp_options_validate(const sp_options *o, const char *origin)
{
    if (!o->network)
        return sp_error(SP_E_INPUT, "%s: [inputs] network is required", origin);
    if (!layer_given(&o->clusters))
        return sp_error(SP_E_INPUT, "%s: [inputs] clusters is required", origin);
    if (!o->clusters.weight)
        return sp_error(SP_E_INPUT,
                        "%s: [inputs] clusters.weight (the worker-count field) is required",
                        origin);
    const sp_layer_opts *ls[5] = {&o->clusters, &o->sites, &o->facilities, &o->weight_points,
                                  &o->entrances};
    const char *names[5] = {"clusters", "sites", "facilities", "clusters.weight_points",
                            "clusters.entrances"};
    for (int i = 0; i < 5; i++) {
        if ((ls[i]->x == NULL) != (ls[i]->y == NULL))
            return sp_error(SP_E_INPUT,
                            "%s: [inputs] %s.x and %s.y must be given together",
                            origin, names[i], names[i]);
        /* Sub-keys without the file: a what-if that empties `sites` keeps
         * the base scenario's filter; say so, but it is not an error. */
        if (!layer_given(ls[i]) && (ls[i]->where || ls[i]->layer || ls[i]->weight))
            sp_warn("%s: [inputs] %s is empty, so its other %s.* keys are ignored", origin,
                    names[i], names[i]);
    }
    if (o->siting) {
        if (!o->candidates)
            return sp_error(SP_E_INPUT, "%s: [siting] candidates is required (a layer, or auto)",
                            origin);
        if (o->model != SP_SITING_TARGET && o->budget < 1)
            return sp_error(SP_E_INPUT, "%s: [siting] budget must be at least 1 for model %s",
                            origin, sp_siting_model_name(o->model));
        if ((o->cand.x == NULL) != (o->cand.y == NULL))
            return sp_error(SP_E_INPUT, "%s: [siting] candidates.x and candidates.y must be "
                            "given together", origin);
    }
    if (o->mobile_on) {
        sp_status mst = mobile_validate(o, origin);
        if (mst)
            return mst;
    }
    if (o->out_dir == NULL)
        return sp_error(SP_E_INPUT, "%s: [output] dir is empty", origin);
    sp_status cst = sp__changes_validate(o, origin);
    if (cst)
        return cst;
    if (o->band_m > 0)
        sp_warn("%s: [catchment] band_m is no longer used and is ignored: a cell's time "
                "follows the clusters' access rule (README.md, \"Catchment polygons\")", origin);
    return SP_OK;
}
