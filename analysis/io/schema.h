/* schema.h — the results folder of `siteplan run`: every file, GeoPackage
 * layer, field, CSV column and the summary.json keys a reader relies on, in
 * one place, with a version number.
 *
 * The writer (pipeline/results.c) creates every layer, field and column from
 * these tables, in table order; the reader (results_read.h) checks a folder
 * against them.  Change a table and both follow; a change a reader of an
 * older folder cannot take raises SP_RESULTS_SCHEMA_VERSION.
 *
 * Field indexes: each layer has an enum (SP_F_<LAYER>_<FIELD>) whose values
 * are the positions in its table, so a writer sets field SP_F_SITES_KIND and
 * a reader looks the same entry up by name.
 *
 * Contract: the tables are static constants (no ownership, thread-safe).
 * The enumerated values (site kinds) are the strings written into the
 * files; compare against these constants, never against literals.
 */
#ifndef SP_SCHEMA_H
#define SP_SCHEMA_H

#include <ogr_api.h>
#include <stddef.h>
#include <stdio.h>

/* Written into summary.json as "schema_version"; a reader refuses a folder
 * without it or with a newer one. */
#define SP_RESULTS_SCHEMA_VERSION 7
/* History: 1 first; 2 the sites layer's assigned/only fields and sites.csv
 * (a reader of 2 cannot read 1: it refuses it and asks for a new run);
 * 3 the after state of [siting]: the clusters' and coverage.csv's *_after
 * columns, recommended sites' catchments (kind "recommended"), the
 * gaps_after layer and summary.json siting.gaps_after; the responsibility
 * layer (nearest-site areas); 4 the clusters' time over their access roads
 * (same tables); 5 capacity ([capacity]): the clusters' and coverage.csv's
 * served / unserved, the sites' capacity / load / utilisation,
 * assignment.csv and summary.json "capacity"; 6 mobile units ([mobile]):
 * the mobile_routes and mobile_stops layers, mobile_schedule.csv and
 * summary.json "mobile"; 7 area clusters (issue 13): the clusters' and
 * coverage.csv's demand_points, workers_covered, share_covered,
 * minutes_worst, workers_covered_after (before served / unserved), the
 * recommendations' cluster_workers, summary.json demand_points,
 * demand_points_unsnapped, clusters_areas, clusters_partly_covered,
 * workers_estimated; reachable / snap_m / clusters_unreachable of an area
 * from its demand points. */

/* Files of a results folder. */
#define SP_FILE_SUMMARY "summary.json"
#define SP_FILE_GPKG "results.gpkg"
#define SP_FILE_COVERAGE "coverage.csv"
#define SP_FILE_SITES "sites.csv"
#define SP_FILE_RECOMMENDATIONS "recommendations.csv"   /* only with [siting] */
#define SP_FILE_CURVE "coverage_curve.csv"               /* only with [siting] */
#define SP_FILE_ASSIGNMENT "assignment.csv"              /* only with [capacity] */
#define SP_FILE_MOBILE_SCHEDULE "mobile_schedule.csv"    /* only with [mobile] */
/* Drawn from the files above by render/ (siteplan run with [render] enabled,
 * or siteplan render). */
#define SP_FILE_MAP_PNG "map.png"
#define SP_FILE_MAP_PDF "map.pdf"
#define SP_FILE_MAP_SVG "map.svg"
#define SP_FILE_CURVE_PNG "coverage_curve.png"          /* only with [siting] */
#define SP_FILE_REPORT "report.pdf"
#define SP_FILE_MOBILE_MAP_PNG "mobile_map.png"         /* only with [mobile] */

/* Every file name above, NULL-terminated: a run removes those of an earlier
 * run in its folder that it does not write itself, and no other file. */
extern const char *const SP_RESULTS_FILES[];

/* sites.kind, catchments.kind and responsibility.kind */
#define SP_KIND_STATION "station"     /* an existing station ([inputs] sites) */
#define SP_KIND_FACILITY "facility"   /* another health facility ([inputs] facilities) */
/* catchments.kind only: a recommended new site ([siting]) */
#define SP_KIND_RECOMMENDED "recommended"

/* mobile_schedule.csv kind ([mobile]): leaving / back at the depot, or a stop */
#define SP_MKIND_DEPOT "depot"
#define SP_MKIND_STOP "stop"
/* mobile_stops.reason and the keys of summary.json mobile.workers_unserved:
 * why (some of) a stop's workers are not served (sp_mobile_reason_name of
 * siting/mobile.h writes the same strings); no_stop (no stop within
 * walk_minutes) only in summary.json. */
#define SP_MREASON_SERVED "served"
#define SP_MREASON_UNREACHABLE "unreachable"
#define SP_MREASON_TOO_FAR "too_far"
#define SP_MREASON_NO_DAYS "no_days"
#define SP_MREASON_NO_STOP "no_stop"

typedef struct {
    const char *name;
    OGRFieldType type;    /* OFTString, OFTInteger or OFTReal (CSV columns: the value's type) */
    const char *meaning;
} sp_schema_field;

enum { SP_SCHEMA_ALWAYS = 0, SP_SCHEMA_WITH_SITING = 1, SP_SCHEMA_WITH_CAPACITY = 2,
       SP_SCHEMA_WITH_MOBILE = 3 };

typedef struct {
    const char *name;
    OGRwkbGeometryType geom;   /* wkbNone for a CSV file */
    const sp_schema_field *fields;
    int n_fields;
    int optional;              /* SP_SCHEMA_ALWAYS, or present only when summary.json has
                                  "siting" (SP_SCHEMA_WITH_SITING), "capacity"
                                  (SP_SCHEMA_WITH_CAPACITY) or "mobile"
                                  (SP_SCHEMA_WITH_MOBILE) */
    const char *meaning;
} sp_schema_table;

/* ---- results.gpkg layers, in the order written ---- */
typedef enum {
    SP_L_CLUSTERS, SP_L_SITES, SP_L_CATCHMENTS, SP_L_COVERAGE_AREA, SP_L_RESPONSIBILITY, SP_L_GAPS,
    SP_L_ROADS, SP_L_RECOMMENDATIONS, SP_L_GAPS_AFTER, SP_L_MOBILE_ROUTES, SP_L_MOBILE_STOPS,
    SP_L_COUNT
} sp_schema_layer_id;

enum { SP_F_CL_ID, SP_F_CL_NAME, SP_F_CL_WORKERS, SP_F_CL_NEAREST_SITE, SP_F_CL_MINUTES,
       SP_F_CL_COVERED, SP_F_CL_REACHABLE, SP_F_CL_SNAP_M, SP_F_CL_GAP_RANK,
       SP_F_CL_NEAREST_SITE_AFTER, SP_F_CL_MINUTES_AFTER, SP_F_CL_COVERED_AFTER,
       SP_F_CL_GAP_RANK_AFTER, SP_F_CL_DEMAND_POINTS, SP_F_CL_WORKERS_COVERED,
       SP_F_CL_SHARE_COVERED, SP_F_CL_MINUTES_WORST, SP_F_CL_WORKERS_COVERED_AFTER,
       SP_F_CL_SERVED, SP_F_CL_UNSERVED, SP_F_CL_COUNT };
enum { SP_F_SITE_ID, SP_F_SITE_NAME, SP_F_SITE_KIND, SP_F_SITE_REACHABLE, SP_F_SITE_SNAP_M,
       SP_F_SITE_WORKERS, SP_F_SITE_CLUSTERS, SP_F_SITE_WORKERS_ASSIGNED, SP_F_SITE_CLUSTERS_ASSIGNED,
       SP_F_SITE_WORKERS_ONLY, SP_F_SITE_CLUSTERS_ONLY, SP_F_SITE_CAPACITY, SP_F_SITE_LOAD,
       SP_F_SITE_UTILISATION, SP_F_SITE_COUNT };
enum { SP_F_CA_SITE_ID, SP_F_CA_KIND, SP_F_CA_MINUTES, SP_F_CA_AREA_KM2, SP_F_CA_WORKERS,
       SP_F_CA_CLUSTERS, SP_F_CA_COUNT };
enum { SP_F_AREA_MINUTES, SP_F_AREA_AREA_KM2, SP_F_AREA_WORKERS, SP_F_AREA_CLUSTERS, SP_F_AREA_COUNT };
enum { SP_F_RESP_SITE_ID, SP_F_RESP_NAME, SP_F_RESP_KIND, SP_F_RESP_MINUTES, SP_F_RESP_AREA_KM2,
       SP_F_RESP_WORKERS_ASSIGNED, SP_F_RESP_CLUSTERS_ASSIGNED, SP_F_RESP_COUNT };
enum { SP_F_GAP_RANK, SP_F_GAP_WORKERS, SP_F_GAP_CLUSTERS, SP_F_GAP_LARGEST_CLUSTER,
       SP_F_GAP_LARGEST_NAME, SP_F_GAP_CLUSTER_IDS, SP_F_GAP_COUNT };
enum { SP_F_ROAD_CLASS, SP_F_ROAD_NAME, SP_F_ROAD_MAIN, SP_F_ROAD_ONEWAY, SP_F_ROAD_COUNT };
enum { SP_F_REC_RANK, SP_F_REC_SITE_ID, SP_F_REC_NAME, SP_F_REC_WORKERS_ADDED,
       SP_F_REC_WORKERS_CUMULATIVE, SP_F_REC_PERCENT_CUMULATIVE, SP_F_REC_CLUSTERS_ADDED,
       SP_F_REC_CLUSTER_IDS, SP_F_REC_RUNNER_UP_ID, SP_F_REC_RUNNER_UP_WORKERS_ADDED,
       SP_F_REC_CLUSTER_WORKERS, SP_F_REC_COUNT };
/* mobile_routes ([mobile]): one LineString per route of the plan (one
 * unit-day of the first block), day then unit */
enum { SP_F_MR_UNIT, SP_F_MR_DAY, SP_F_MR_DEPOT_ID, SP_F_MR_STOPS, SP_F_MR_WORKERS,
       SP_F_MR_DRIVE_MINUTES, SP_F_MR_DAY_MINUTES, SP_F_MR_LENGTH_KM, SP_F_MR_COUNT };
/* mobile_stops ([mobile]): one point per stop chosen, stop order */
enum { SP_F_MS_STOP_ID, SP_F_MS_NAME, SP_F_MS_WORKERS, SP_F_MS_SERVED, SP_F_MS_CLUSTERS,
       SP_F_MS_VISITS, SP_F_MS_UNIT, SP_F_MS_DAY, SP_F_MS_ORDER, SP_F_MS_REASON, SP_F_MS_COUNT };

/* The layer's table.  clusters: wkbPoint here; the writer uses
 * wkbMultiPolygon when every cluster is a polygon and wkbUnknown when some
 * are, and a reader takes a representative point of each. */
const sp_schema_table *sp_schema_layer(sp_schema_layer_id id);

/* gaps_after has the fields of gaps (SP_F_GAP_*). */

/* Separator of the id lists (gaps.cluster_ids, recommendations.cluster_ids,
 * mobile_schedule.csv cluster_ids). */
#define SP_SCHEMA_ID_SEP ";"

/* ---- CSV files ---- */
typedef enum { SP_CSV_COVERAGE, SP_CSV_RECOMMENDATIONS, SP_CSV_CURVE, SP_CSV_SITES, SP_CSV_ASSIGNMENT,
               SP_CSV_MOBILE_SCHEDULE, SP_CSV_COUNT } sp_schema_csv_id;

/* coverage.csv's area columns (schema 7) and capacity columns (last), and
 * sites.csv's capacity columns (after the others) */
enum { SP_C_COV_DEMAND_POINTS = 10, SP_C_COV_WORKERS_COVERED, SP_C_COV_SHARE_COVERED,
       SP_C_COV_MINUTES_WORST, SP_C_COV_WORKERS_COVERED_AFTER, SP_C_COV_SERVED,
       SP_C_COV_UNSERVED, SP_C_COV_COUNT };
enum { SP_C_SITES_CAPACITY = 10, SP_C_SITES_LOAD, SP_C_SITES_UTILISATION, SP_C_SITES_COUNT };
/* assignment.csv ([capacity] only): every positive flow, cluster order then
 * site order */
enum { SP_C_ASSIGN_CLUSTER_ID, SP_C_ASSIGN_SITE_ID, SP_C_ASSIGN_WORKERS, SP_C_ASSIGN_MINUTES,
       SP_C_ASSIGN_COUNT };

/* mobile_schedule.csv ([mobile] only): for every block of the period and
 * every route of the plan (so ordered by day, then unit) the rows of that
 * unit-day: order 0 kind "depot" (leaving it at the day's start), the
 * stops in order 1..n (kind "stop"), then kind "depot" again (back). */
enum { SP_C_MS_UNIT, SP_C_MS_DAY, SP_C_MS_ORDER, SP_C_MS_KIND, SP_C_MS_STOP_ID, SP_C_MS_STOP_NAME,
       SP_C_MS_ARRIVE, SP_C_MS_DEPART, SP_C_MS_ARRIVE_MIN, SP_C_MS_DEPART_MIN,
       SP_C_MS_DRIVE_MINUTES, SP_C_MS_WORKERS, SP_C_MS_CLUSTERS, SP_C_MS_CLUSTER_IDS,
       SP_C_MS_COUNT };

enum { SP_C_CURVE_NEW_SITES, SP_C_CURVE_WORKERS_COVERED, SP_C_CURVE_PERCENT_COVERED,
       SP_C_CURVE_OBJECTIVE, SP_C_CURVE_BOUND, SP_C_CURVE_OPTIMAL, SP_C_CURVE_COUNT };

/* The CSV file's table (name = file name, geom = wkbNone). */
const sp_schema_table *sp_schema_csv(sp_schema_csv_id id);

/* The header line of a CSV file into buf: its column names joined by ','
 * and a newline, NUL-terminated (snprintf rules: returns the length it
 * needs; 512 bytes is enough for every file). */
size_t sp_schema_csv_header(sp_schema_csv_id id, char *buf, size_t len);

/* ---- the folder of `siteplan compare` ---- */
#define SP_FILE_COMPARISON "comparison.csv"
#define SP_FILE_COMPARISON_JSON "comparison.json"   /* the same rows as JSON objects */
#define SP_FILE_CHANGES "changes.csv"
/* compare.json: an object, "schema_version" (SP_RESULTS_SCHEMA_VERSION; a
 * reader refuses a folder without the file or with another version) and,
 * written last when the folder is complete, SP_FILESET_KEY ("files",
 * fileset.h): every other file of the folder, the scenario folders' files
 * included ("2-fewer/results.gpkg"). */
#define SP_FILE_COMPARE_JSON "compare.json"

/* comparison.csv: one row per scenario, the baseline first. */
const sp_schema_table *sp_schema_comparison(void);

/* changes.csv: one row per cluster whose coverage or nearest site differs
 * from the baseline's: these leading columns, then for each scenario k
 * (1 = the baseline) the columns of sp_schema_changes_per_scenario() with
 * "_k" appended. */
const sp_schema_table *sp_schema_changes(void);
const sp_schema_table *sp_schema_changes_per_scenario(void);

/* Scenario k's results folder inside OUTDIR (k from 1, the baseline): "<k>-<file
 * name without its extension>", e.g. "2-fewer" for fewer.ini (snprintf rules). */
size_t sp_schema_compare_folder(int k, const char *scenario_path, char *buf, size_t len);

/* Drawn from the files above by render/ (siteplan compare unless [render]
 * enabled = no in the baseline or --no-render): the difference map of
 * scenario 2 against the baseline, of scenario K >= 3 (SP_FILE_COMPARE_K_PNG
 * with K), every scenario's on one page each, and the report. */
#define SP_FILE_COMPARE_PNG "compare.png"
#define SP_FILE_COMPARE_K_PNG "compare-%d.png"
#define SP_FILE_COMPARE_PDF "compare.pdf"
#define SP_FILE_COMPARE_REPORT "compare_report.pdf"

/* ---- the folder of `siteplan sweep` ---- */
#define SP_FILE_SWEEP "sweep.csv"
#define SP_FILE_SWEEP_JSON "sweep.json"
/* Charts drawn from sweep.csv by render/ (one per varied numeric key):
 * "sweep-" KEY ".png" and ".pdf", e.g. sweep-travel.minutes.png. */
#define SP_FILE_SWEEP_CHART_PREFIX "sweep-"

/* sweep.csv: one row per run, in grid order (the first --vary key changes
 * slowest).  Its leading columns are the varied keys, one each, named
 * "section.key" and holding the value as given; then the columns of this
 * table, in this order.  sweep.json is an object: "schema_version",
 * "scenario" (the file), "name", "vary" (an array of {"key", "values"}: the
 * values as strings, in order), "render" ({"language", "dpi"}) and
 * "runs" (one object per row: the varied keys as strings, then this table's
 * columns, empty ones null). */
enum { SP_C_SWEEP_RUN, SP_C_SWEEP_MODE, SP_C_SWEEP_MINUTES, SP_C_SWEEP_SITES,
       SP_C_SWEEP_WORKERS_TOTAL, SP_C_SWEEP_WORKERS_COVERED, SP_C_SWEEP_PERCENT_COVERED,
       SP_C_SWEEP_CLUSTERS_UNCOVERED, SP_C_SWEEP_GAPS, SP_C_SWEEP_NEW_SITES,
       SP_C_SWEEP_WORKERS_AFTER, SP_C_SWEEP_PERCENT_AFTER, SP_C_SWEEP_OBJECTIVE,
       SP_C_SWEEP_OPTIMAL, SP_C_SWEEP_GAP, SP_C_SWEEP_WORKERS_SERVED, SP_C_SWEEP_PERCENT_SERVED,
       SP_C_SWEEP_MOBILE_SERVED, SP_C_SWEEP_MOBILE_DAYS_NEEDED, SP_C_SWEEP_MOBILE_BOUND,
       SP_C_SWEEP_COUNT };
const sp_schema_table *sp_schema_sweep(void);

/* ---- summary.json ---- */
/* NUM: a number or null (a value that was not finite); INT: an integer. */
typedef enum { SP_JSON_NUM, SP_JSON_INT, SP_JSON_STR, SP_JSON_BOOL, SP_JSON_OBJ, SP_JSON_ARR } sp_json_kind;

typedef struct {
    const char *path;     /* dotted: "siting.budget" */
    sp_json_kind kind;
    int required;         /* 1: always written (within its parent object, when that is present) */
    const char *meaning;
} sp_schema_key;

/* The keys a reader of summary.json relies on (not every key written:
 * summary.json has more for people).  *n = count. */
const sp_schema_key *sp_schema_summary_keys(int *n);

/* One cell of a table row written both as CSV and as JSON (comparison.csv
 * and .json, sweep.csv and .json): the text as a CSV field (after a comma
 * unless first), and into row under the field's name as the field's type
 * (string, integer or number keeping its text; NULL text = empty / null). */
struct json_object;
void sp_schema_put_cell(FILE *csv, struct json_object *row, const sp_schema_field *fd,
                        const char *text, int first);

#endif
