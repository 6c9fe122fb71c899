/* scenario.h — the options of one scenario run, read from an INI file.
 *
 * A scenario file is INI-style ([section], key = value, # comments) read
 * with GLib's GKeyFile.  Relative paths are resolved against the folder of
 * the file that names them.  [scenario] extends = BASE.ini reads BASE first
 * (relative to the extending file; chains allowed, a cycle or an unreadable
 * base is an error naming both files); the extending file's keys then
 * override it (an empty value clears a key).  --set SECTION.KEY=VALUE
 * overrides any key (applied after the files, before validation).  Unknown
 * sections or keys, and bad values, are errors naming the file, the section
 * and the key.  A UTF-8 byte order mark is skipped; a key given twice in one
 * section and a NUL byte are errors naming the line(s); an empty [siting]
 * switches siting on (README.md "File rules").
 *
 * Contract:
 *   - sp_scenario_load() fills a new sp_options from a file plus overrides
 *     and validates it; the caller frees it with sp_options_free().
 *   - sp_options_defaults() gives a valid all-defaults options struct (no
 *     inputs), for tests and scripts that build options in code.
 *   - All strings in sp_options are owned by it (g_free'd by
 *     sp_options_free); NULL means "not given".
 */
#ifndef SP_SCENARIO_H
#define SP_SCENARIO_H

#include "status.h"

typedef enum { SP_MODE_WALK = 0, SP_MODE_BIKE, SP_MODE_EBIKE, SP_MODE_CAR, SP_MODE_COUNT } sp_mode;
typedef enum { SP_SNAP_EDGE = 0, SP_SNAP_NODE } sp_snap_rule;

#define SP_MAX_RINGS 8

/* The largest capacity value a field or key may give (as written, before
 * visits_per_worker): beyond it a value is an export or unit mistake. */
#define SP_CAPACITY_MAX 1e15

/* How to read one point layer (clusters, sites or facilities). */
typedef struct {
    char *path;      /* dataset path (resolved); NULL = not given */
    char *layer;     /* layer name; NULL = the first (only) layer */
    char *where;     /* OGR attribute filter; NULL = none */
    char *id;        /* id field; NULL = the feature id (FID) */
    char *name;      /* name field; NULL = none */
    char *weight;    /* weight field (clusters only) */
    char *x, *y;     /* CSV/table coordinate columns (e.g. lon, lat); NULL = geometry */
    char *crs;       /* CRS of the layer if it has none (e.g. EPSG:4326) */
    char *encoding;  /* text encoding of a file that does not say it (CSV, DBF); NULL = UTF-8 */
    char *capacity;  /* capacity field (sites, facilities, candidates, add_sites); NULL = none */
} sp_layer_opts;

/* One key of the [changes] section (parsed and checked by changes.c; the
 * ids it names are checked against the data when it is applied). */
typedef enum {
    SP_CHANGE_CLOSE_SITES = 0, /* items: site ids */
    SP_CHANGE_ADD_SITE,        /* items: id, name (or NULL); nums: lon, lat */
    SP_CHANGE_ADD_SITES,       /* layer: a point layer of new stations */
    SP_CHANGE_MOVE_SITE,       /* items: id; nums: lon, lat */
    SP_CHANGE_CLOSE_ROADS,     /* items: road (osm way) ids */
    SP_CHANGE_SPEED,           /* items: road classes; nums: km/h per class */
    SP_CHANGE_ADD_CANDIDATES,  /* items: id, name (or NULL); nums: lon, lat */
    SP_CHANGE_REMOVE_CANDIDATES, /* items: candidate ids */
    SP_CHANGE_CLOSE_ROADS_IN,  /* layer: polygons; every road crossing one is closed */
    SP_CHANGE_SET_CAPACITY,    /* items: site id; nums: its capacity as written (the unit of
                                  [capacity]; INFINITY = unlimited) */
} sp_change_kind;

typedef struct {
    sp_change_kind kind;
    char *key;             /* as written: "close_sites", "add_site.2", ... */
    char *value;           /* as written, blanks stripped (add_sites: the path) */
    char **items;          /* n_items owned strings (entries may be NULL) */
    double *nums;          /* owned */
    int n_items;
    sp_layer_opts layer;   /* add_sites, close_roads_in: the layer and its sub-keys */
    int xy;                /* the _xy keys: nums are x, y in the working CRS, not lon, lat */
} sp_change;

typedef struct {
    char *name;            /* scenario title ([scenario] name) */
    char *source_path;     /* the scenario file, or NULL */

    /* [inputs] */
    char *network;         /* road network dataset */
    char *network_layer;   /* default: "lines" for OSM files, else the first layer */
    char *network_where;   /* attribute filter on the network layer */
    char *network_class;   /* road class field (default "highway") */
    char *network_oneway;  /* oneway field (default "oneway") */
    char *network_maxspeed;/* maxspeed field (default "maxspeed") */
    char *network_crs;     /* CRS if the network layer has none */
    char *osm_config;      /* OSM driver configuration file (default: bundled data/osmconf.ini) */
    char *network_cache;   /* folder of the network cache (io/netcache.h); NULL = off */
    sp_layer_opts clusters;
    double clusters_per_m2;/* clusters.weight = area * N/ha (/km2, /m2): workers per m^2 of
                              the area in the working CRS (> 0); 0 = weight is a field */
    sp_layer_opts weight_points; /* clusters.weight_points (path) and its sub-keys; .weight =
                                    clusters.weight_points_weight; path NULL = lattice */
    sp_layer_opts entrances;     /* clusters.entrances (path, points) and its sub-keys */
    sp_layer_opts sites;
    sp_layer_opts facilities;

    /* [travel] */
    sp_mode mode;
    double minutes[SP_MAX_RINGS]; /* ascending; the last is the threshold */
    int n_minutes;
    char *profile;         /* speed table CSV (highway,kmh); NULL = built-in */
    int use_maxspeed;      /* car: tagged maxspeed overrides the table */
    sp_snap_rule snap;
    double max_snap_m;     /* beyond it a point is unreachable */
    double reject_snap_m;  /* beyond it a point is an input error (wrong CRS, wrong area) */
    double walk_kmh;       /* speed of off-road legs */
    char *crs;             /* working CRS (e.g. EPSG:32722); NULL = local UTM */

    /* [catchment] */
    double cell_m;         /* 0 = the mode's default (sp_options_cell_m) */
    double band_m;         /* no longer used: a warning when set */
    int per_site;          /* build each site's catchment polygons (default yes); no:
                              the coverage area only (README "Catchment polygons") */

    /* [gaps] */
    double gap_link_m;     /* uncovered clusters closer than this join one gap zone */

    /* [siting] (budget 0 = no recommendations) */
    int budget;            /* new stations to place (target: a cap, 0 = none) */
    int siting;            /* a [siting] key or section is given and siting.enabled is not no */
    int siting_enabled;    /* [siting] enabled (default yes) */
    char *candidates;      /* candidate layer path, "auto", or NULL */
    sp_layer_opts cand;    /* candidates.* sub-keys (path = candidates) */
    int model;             /* sp_siting_model (siting.h) */
    double target_percent; /* target: percent of all workers to reach */
    char *required;        /* comma-separated candidate ids that must be chosen */
    char *excluded;        /* comma-separated candidate ids never chosen */
    double time_limit_s;   /* for the exact (MIP) step */
    double auto_spacing_m; /* candidates = auto: spacing of the generated sites */
    int fill_budget;       /* mclp: keep new sites that add no workers (default no) */

    /* [capacity] (README "Capacity inputs").  Values as written: workers, or
     * visits a year when visits_per_worker is given (sp_options_capacity_workers) */
    int capacity_on;       /* a [capacity] key or section, or a capacity field, is given
                              and [capacity] enabled is not no */
    int capacity_enabled;  /* [capacity] enabled (default yes) */
    double cap_default;    /* an existing site's capacity; NAN = not given, INFINITY = unlimited */
    double cap_new_site;   /* a new site's (candidate, recommended); NAN = not given */
    double visits_per_worker; /* > 0; NAN = not given (values are workers) */

    /* [mobile] (README "Mobile units"): mobile units fill gaps */
    int mobile_on;         /* a [mobile] key or section is given and [mobile] enabled is not no */
    int mobile_enabled;    /* [mobile] enabled (default yes) */
    char *mobile_depots;   /* "stations", "facilities", or a layer path (depots.* sub-keys) */
    sp_layer_opts depots;  /* depots.* sub-keys (path = the layer when one is given) */
    char *mobile_depot_ids;/* comma-separated ids among the depots; NULL = all */
    int mobile_units;      /* >= 1 (default 1) */
    double mobile_capacity;/* workers per unit per day (required, > 0) */
    double mobile_day_hours;     /* working time incl. driving (default 8) */
    double mobile_setup_min;     /* per stop (default 30) */
    double mobile_min_per_worker;/* (default 0) */
    sp_mode mobile_drive_mode;   /* default car */
    double mobile_walk_min;      /* workers walk to a stop; 0 = the unit drives to each cluster
                                    (default 10) */
    int mobile_period_days;      /* planning horizon in working days (default 20) */
    int mobile_visits;           /* visits_per_period of every stop (default 1) */
    char *mobile_serve;          /* "gaps" (default), "all", "largest:N", or "where:FILTER" */
    char *mobile_stops;          /* "clusters" (default), "auto", or a layer path (stops.*) */
    sp_layer_opts stops;         /* stops.* sub-keys */
    char *mobile_day_start;      /* "HH:MM" (default "08:00"): the clock of day time 0 */

    /* [render] */
    char *render_page;     /* "A4" or "A3" (landscape) */
    int render_dpi;        /* PNG resolution */
    char *render_title;    /* map title; NULL = the scenario name */
    int title_stale;       /* the title in effect (render_title, else name) was
                            * written where travel mode or threshold differed
                            * from this run's: a later file or --set changed
                            * them (sp_scenario_load; see README "Titles") */
    sp_mode title_mode;    /* when title_stale: the mode and threshold */
    double title_minutes;  /*   in effect where the title was written */
    char *render_language; /* "en" or "zh" */
    int render;            /* draw maps and the report after the run */

    /* [output] */
    char *out_dir;
    int timings;           /* write solve seconds into summary.json (not byte-stable) */

    /* [changes], in the order of the file, then of --set (changes.h) */
    sp_change *changes;
    int n_changes;

    /* run-time (not from the file) */
    int quiet;             /* no progress on stderr */
    int threads;           /* 0 = number of cores */
} sp_options;

/* All defaults (mode walk, 30 min, snap edge, ...), no inputs. */
sp_status sp_options_defaults(sp_options **out);

/* Load a scenario file, apply overrides ("section.key=value" strings), and
 * validate.  OUT: *out owns the options (sp_options_free). */
sp_status sp_scenario_load(const char *path, const char *const *overrides,
                           int n_overrides, sp_options **out);

/* Apply one "section.key=value" setting to opts (as --set does).  Relative
 * paths resolve against base_dir (NULL = current directory). */
sp_status sp_options_set(sp_options *opts, const char *base_dir,
                         const char *section, const char *key,
                         const char *value, const char *origin);

/* rel resolved against base, "." and "dir/.." folded lexically (relative
 * stays relative), except that "dir/.." where dir is a symbolic link is
 * resolved as the OS does (the link's target's parent; the result is then
 * absolute).  Returns a new string (g_free). */
char *sp_scenario_join_path(const char *base, const char *rel);

/* 1 if the section has keys (for "unknown section" checks). */
int sp_options_known_section(const char *section);

/* Check cross-field rules (threshold > 0, ascending rings, inputs given, ...). */
sp_status sp_options_validate(const sp_options *opts, const char *origin);

void sp_options_free(sp_options *opts);

/* A capacity value as written (a field, a key, set_capacity) in workers:
 * divided by visits_per_worker when that is given; INFINITY stays. */
double sp_options_capacity_workers(const sp_options *opts, double value);

/* The capacity in workers of a site without a field value: an existing
 * site's ([capacity] default, else unlimited) or, new_site = 1, a new
 * site's (new_site, else default, else unlimited).  INFINITY = unlimited. */
double sp_options_capacity_default(const sp_options *opts, int new_site);

/* The catchment grid cell in effect: the key if given, else per mode:
 * walk 20 m, bike 30, ebike 40, car 60. */
double sp_options_cell_m(const sp_options *opts);

const char *sp_mode_name(sp_mode m);

/* clusters.weight as an area expression: "area * N/ha", "/km2" or "/m2"
 * (blanks optional, "area" and the unit in any case, N a plain number
 * > 0).  Returns 1 and *per_m2 (workers per square metre) for an
 * expression; 0 when s is not one (it starts otherwise than "area" then
 * "*": a field name); -1 when s starts like one but is malformed (why: a
 * phrase for the message).  README "Area clusters". */
int sp_weight_area_parse(const char *s, double *per_m2, const char **why);

/* The clusters' weight field to read: clusters.weight, or NULL when it is
 * an area expression (clusters_per_m2 > 0). */
const char *sp_options_weight_field(const sp_options *o);

#endif
