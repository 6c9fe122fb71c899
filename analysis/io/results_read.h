/* results_read.h — a results folder of `siteplan run`, read back through the
 * schema (schema.h) into plain owned arrays.
 *
 * sp_results_read() reads summary.json (json-c), every layer of
 * results.gpkg (OGR) and coverage_curve.csv, and checks the folder against
 * the schema first: schema_version present and not newer than
 * SP_RESULTS_SCHEMA_VERSION, every summary key a reader relies on present
 * with its type, every layer with its geometry type and every field with its
 * type, every CSV header as written, every site and catchment kind one of
 * SP_KIND_*.  The layers the schema marks optional (recommendations,
 * gaps_after), the curve and the recommendations CSV are read and checked
 * only when summary.json has a "siting" object, assignment.csv only
 * when it has a "capacity" object, and the mobile_routes and mobile_stops
 * layers and mobile_schedule.csv only when it has a "mobile" object, so
 * files left by an older run of the folder are never used.  Coordinates stay in the working
 * CRS (metres) of summary.json "crs".
 *
 * Every number is checked before anything draws with it (so a drawing's
 * loops stay bounded): every number anywhere in summary.json finite and
 * within +-SP_RESULTS_MAX_ABS, the schema's counts from 0 to
 * SP_RESULTS_MAX_COUNT, percentages 0..100, "minutes" above 0 and at most
 * 1440; each coverage_curve.csv value a plain number (sp_number_parse) in
 * its column's range (new_sites whole, 0..SP_RESULTS_MAX_SITES); each
 * assignment.csv row a cluster id and a site id of the layers and two plain
 * numbers (workers >= 0, minutes >= 0, within +-SP_RESULTS_MAX_ABS); each
 * number field of results.gpkg and each coordinate finite and within
 * +-SP_RESULTS_MAX_ABS, count fields 0..SP_RESULTS_MAX_COUNT.  [mobile]:
 * summary.json "mobile" consistent (units, period_days, visits_per_period
 * >= 1, block_days x visits_per_period = period_days, unit_days_available =
 * units x period_days, used <= available, lower bound <= needed, day_hours
 * in (0, 24], capacity_per_day > 0, workers >= 0, day_start HH:MM); the
 * layers' unit 1..units, day 1..block_days, depot_id one of
 * mobile.depots (a stop's unit, day, order 0
 * exactly when it has no visit), numbers >= 0, reason one of SP_MREASON_*;
 * each mobile_schedule.csv row: unit 1..units, day 1..period_days, kind
 * SP_MKIND_*, stop_id a stop of mobile_stops (kind stop) or one of
 * mobile.depots (kind depot), minutes 0..1440, workers >= 0, arrive /
 * depart the clock of
 * day_start + the minutes, and the rows of each unit-day in order: order 0
 * a depot row at minute 0, then 1, 2, ... with times non-decreasing, the
 * last a depot row; unit-days ordered by day, then unit.
 * Area clusters (schema 7): each cluster's demand_points >= 1,
 * workers_covered 0 .. workers, share_covered 0..1 and workers_covered /
 * workers (when workers > 0), nothing covered in a cluster not covered, all
 * or nothing with one demand point, minutes_worst only when share_covered
 * is 1 and not below minutes, workers_covered_after (with [siting]) from
 * workers_covered to workers; each recommendation's cluster_workers one
 * number per cluster added, within that cluster's workers, adding up to
 * workers_added without [capacity]; summary.json demand_points and
 * clusters_partly_covered the clusters layer's, workers_covered its sum
 * (within the rounding), demand_points_unsnapped <= demand_points,
 * clusters_areas <= clusters_total.
 *
 * Errors (through sp_error(), one line naming the file, and the layer and
 * field or key where there is one): SP_E_IO when a file is missing or
 * unreadable, SP_E_INPUT when a file is not what the schema says.
 *
 * Ownership: the struct and everything in it belong to it (sp_results_free,
 * NULL-safe); the strings of sp_rsummary are borrowed from its parsed JSON.
 * Threads: a finished struct may be read from several threads at once;
 * sp_results_read() calls GDALAllRegister() itself and reports through the
 * calling thread's error slot.
 */
#ifndef SP_RESULTS_READ_H
#define SP_RESULTS_READ_H

#include <json.h>
#include <stdint.h>

#include "schema.h"
#include "status.h"

/* The plausibility bounds of the checks above (README.md, "Inputs we
 * reject and why"). */
#define SP_RESULTS_MAX_ABS 1e15
#define SP_RESULTS_MAX_COUNT 268435455   /* INT32_MAX / 8, as for feature counts */
#define SP_RESULTS_MAX_SITES 100000      /* [siting] budget's upper limit */

/* Road classes as drawn, major first (the roads layer's "class" values,
 * grouped). */
typedef enum {
    SP_RC_MOTORWAY = 0, SP_RC_TRUNK, SP_RC_PRIMARY, SP_RC_SECONDARY, SP_RC_TERTIARY,
    SP_RC_MINOR,   /* unclassified, residential, living_street, road; also no class */
    SP_RC_SERVICE,
    SP_RC_PATH,    /* footway, path, steps, cycleway, track, pedestrian, ... */
    SP_RC_COUNT
} sp_road_class;

/* "primary_link" -> SP_RC_PRIMARY, "footway" -> SP_RC_PATH ... */
sp_road_class sp_road_class_of(const char *highway);

/* Polygons (one or many) as rings, filled with the even-odd rule. */
typedef struct {
    int32_t n_rings;
    int32_t *ring_off;   /* n_rings + 1 offsets into xy (points) */
    uint8_t *hole;       /* n_rings: 1 for an interior ring */
    double *xy;          /* 2 per point */
    double bb[4];        /* xmin, ymin, xmax, ymax */
} sp_rshape;

/* Nullable numbers are NAN and nullable strings NULL when the field is null. */
typedef struct {
    char *id, *name, *nearest_site;
    double x, y;         /* the point, or a point on the surface of a polygon */
    double workers, minutes, snap_m;
    int covered, reachable, gap_rank;
    int new_rank;        /* rank of the recommended site that covers it; 0 = none */
    /* the after state ([siting]; NULL / NAN / -1 / 0 without it) */
    char *nearest_site_after;
    double minutes_after;
    int covered_after;   /* 1, 0, or -1 when null (no [siting]) */
    int gap_rank_after;
    /* capacity ([capacity]; NAN without it) */
    double served;       /* workers served within the sites' capacities */
    double unserved;     /* covered but not served (over capacity) */
    /* area clusters (schema 7, issue 13); a point cluster has 1 demand point
     * and these equal its all-or-nothing values */
    int demand_points;   /* its demand points (>= 1) */
    double workers_covered;   /* workers of its covered demand points */
    double share_covered;     /* workers_covered / workers, 0..1 (with 0 workers: the
                                 share of its demand points covered) */
    double minutes_worst;     /* its worst demand point's minutes; NAN when some point
                                 is not covered */
    double workers_covered_after; /* the same with the recommended sites; NAN without [siting] */
    int is_area;         /* 1 when its geometry in the clusters layer is a polygon */
    sp_rshape shape;     /* that polygon (n_rings 0 for a point cluster) */
} sp_rcluster;

typedef struct {
    char *id, *name, *kind;   /* kind: SP_KIND_STATION or SP_KIND_FACILITY */
    double x, y, workers, snap_m;
    int reachable, clusters;
    double workers_assigned, workers_only;   /* nearest site for; no other site covers */
    int clusters_assigned, clusters_only;
    /* capacity: NAN when unlimited (capacity, utilisation) or without [capacity] */
    double capacity, load, utilisation;
} sp_rsite;

typedef struct {
    char *site_id, *kind;     /* kind: SP_KIND_STATION, SP_KIND_FACILITY or SP_KIND_RECOMMENDED */
    double minutes, area_km2, workers;
    int clusters;
    int last;            /* 1 when at the largest threshold (the map draws those) */
    int recommended;     /* 1 when kind is SP_KIND_RECOMMENDED */
    sp_rshape shape;
} sp_rcatchment;

/* A site's responsibility area (where it is the nearest site). */
typedef struct {
    char *site_id, *name, *kind;
    double minutes, area_km2, workers_assigned;
    int clusters_assigned;
    sp_rshape shape;
} sp_rresp;

typedef struct {
    int rank, clusters;
    double workers;
    char *largest_id, *largest_name, *cluster_ids;
    sp_rshape shape;
} sp_rgap;

typedef struct {
    int rank, clusters_added, has_xy;
    char *site_id, *name, *cluster_ids, *runner_up_id;
    char *cluster_workers;   /* schema 7: the workers it adds in each cluster of cluster_ids,
                                same order, joined by SP_SCHEMA_ID_SEP */
    double x, y, added, cumulative, percent, runner_up_added;
} sp_rrec;

/* One row of assignment.csv: workers of a cluster served by a site. */
typedef struct {
    int cluster, site;   /* indexes into clusters[] and sites[] */
    double workers, minutes;
} sp_rassign;

/* One stop of the mobile_stops layer ([mobile] only), stop order. */
typedef struct {
    double x, y;
    char *id, *name;     /* owned; name NULL when none */
    double workers;      /* target workers assigned to it */
    double served;       /* of them served within the period */
    int clusters;        /* clusters assigned to it */
    int visits;          /* visits in the period (0: not visited) */
    int unit, day, order;/* its first visit: unit and day 1-based, order in that day's route
                            (1 = first stop); 0 when not visited */
    char *reason;        /* owned: "served", "unreachable", "too_far", "no_days" */
} sp_rmstop;

/* One route of the mobile_routes layer: one unit-day of the first block. */
typedef struct {
    int unit, day;       /* 1-based */
    char *depot_id;      /* owned */
    int stops;           /* visits on the route */
    double workers, drive_minutes, day_minutes, length_km;
    sp_rshape line;      /* a LineString: one part */
} sp_rmroute;

/* One row of mobile_schedule.csv, file order: every unit-day of the period. */
typedef struct {
    int unit, day, order;    /* 1-based; order 0 = leave the depot, last = back at it */
    char *kind;              /* owned: "depot" or "stop" */
    char *stop_id, *stop_name; /* owned (name may be NULL) */
    double arrive_min, depart_min;   /* minutes after the day's start */
    double drive_minutes;    /* from the previous row of the day */
    double workers;          /* served at the visit (0 for depot rows) */
    int clusters;
} sp_rmsched;

/* The summary.json values of the schema's keys that every drawing uses. */
typedef struct {
    int schema_version;
    const char *scenario, *mode, *crs;   /* borrowed from the parsed JSON */
    double minutes, workers_total, workers_covered, percent_covered;
    int clusters_total, clusters_covered, clusters_unreachable;
    int sites_total, stations, facilities, sites_unreachable, gaps_total;
    int has_siting;
    /* area clusters (schema 7): summary.json demand_points, demand_points_unsnapped,
     * clusters_areas, clusters_partly_covered, workers_estimated */
    int demand_points, demand_points_unsnapped, clusters_areas, clusters_partly_covered;
    int workers_estimated;   /* 1 when the workers came from an area expression */
    /* summary.json "capacity" (has_capacity; NAN / 0 without it) */
    int has_capacity;
    double workers_served, workers_over_capacity, workers_not_covered;
    double percent_served, percent_over_capacity, percent_not_covered;
    int sites_with_capacity, sites_unlimited, sites_full;
    /* summary.json "mobile" (has_mobile; NAN / 0 without it) */
    int has_mobile;
    int mobile_units, mobile_period_days, mobile_block_days, mobile_visits;
    int mobile_unit_days_used, mobile_unit_days_needed, mobile_unit_days_available;
    int mobile_lower_bound, mobile_optimal, mobile_stops;
    double mobile_workers_target, mobile_workers_served;
    double mobile_unserved_unreachable, mobile_unserved_too_far, mobile_unserved_no_days,
        mobile_unserved_no_stop;
    double mobile_drive_minutes, mobile_capacity_per_day, mobile_day_hours, mobile_walk_minutes;
    const char *mobile_serve, *mobile_drive_mode, *mobile_day_start;  /* borrowed */
} sp_rsummary;

typedef struct {
    char *dir;
    json_object *summary;     /* the parsed summary.json (sp_results_num ... read more keys) */
    sp_rsummary sum;

    int n_clusters;
    sp_rcluster *clusters;
    int n_sites;
    sp_rsite *sites;

    int n_rings;              /* coverage_area features, ascending minutes */
    double *ring_minutes;
    double *ring_area_km2, *ring_workers;
    int *ring_clusters;
    sp_rshape *rings;

    int n_catchments;         /* every catchment, file order (existing sites', then recommended) */
    sp_rcatchment *catchments;
    int n_catchments_last;    /* those of existing sites at the largest threshold */
    int n_catchments_new_last;/* those of recommended sites at the largest threshold */

    int n_resp;               /* responsibility areas, site order */
    sp_rresp *resp;

    int n_gaps;
    sp_rgap *gaps;
    int n_gaps_after;         /* gaps_after ([siting] only), rank order */
    sp_rgap *gaps_after;

    int n_roads;
    uint8_t *road_class;      /* sp_road_class of road_class_name */
    char **road_class_name;   /* NULL when none */
    char **road_name;         /* NULL when unnamed */
    uint8_t *road_main, *road_oneway;
    int32_t *road_off;        /* n_roads + 1 offsets into road_xy (points) */
    double *road_xy;
    float *road_bb;           /* 4 per road */

    int n_recs;               /* recommendations, rank order */
    sp_rrec *recs;

    int n_curve;              /* coverage_curve.csv rows */
    int *curve_sites;
    double *curve_workers, *curve_percent, *curve_objective, *curve_bound;   /* NAN when empty */
    uint8_t *curve_optimal;

    int n_assign;             /* assignment.csv rows ([capacity] only), file order */
    sp_rassign *assign;

    /* [mobile] only (summary.json has "mobile") */
    int n_mstops;             /* mobile_stops layer, file order */
    sp_rmstop *mstops;
    int n_mroutes;            /* mobile_routes layer, file order (day, then unit) */
    sp_rmroute *mroutes;
    int n_msched;             /* mobile_schedule.csv rows */
    sp_rmsched *msched;
} sp_results;

/* Read and check the folder.  OUT: *out (sp_results_free). */
sp_status sp_results_read(const char *dir, sp_results **out);
void sp_results_free(sp_results *d);

/* Values of summary.json by dotted path ("siting.budget"): the default when
 * missing or of another type. */
double sp_results_num(const sp_results *d, const char *path, double dflt);
const char *sp_results_str(const sp_results *d, const char *path, const char *dflt);
/* A boolean of summary.json at path; dflt when absent or not a boolean. */
int sp_results_bool(const sp_results *d, const char *path, int dflt);
int sp_results_has(const sp_results *d, const char *path);

#endif
