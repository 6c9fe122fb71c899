/* schema.c — the tables of the results folder (see schema.h). */
#include "schema.h"

#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

#define N(a) ((int)(sizeof(a) / sizeof *(a)))

/* ---- results.gpkg ---- */

static const sp_schema_field CLUSTER_FIELDS[] = {
    [SP_F_CL_ID] = {"id", OFTString, "cluster id"},
    [SP_F_CL_NAME] = {"name", OFTString, "cluster name; null when none"},
    [SP_F_CL_WORKERS] = {"workers", OFTReal, "workers in the cluster"},
    [SP_F_CL_NEAREST_SITE] = {"nearest_site", OFTString, "id of the nearest site; null when not covered"},
    [SP_F_CL_MINUTES] = {"minutes", OFTReal, "travel minutes to it (an area: of its best demand "
                                             "point); null when not covered"},
    [SP_F_CL_COVERED] = {"covered", OFTInteger, "1 when within the threshold of a site (an area: "
                                                "some of its demand points)"},
    [SP_F_CL_REACHABLE] = {"reachable", OFTInteger,
                           "1 when snapped to the main network within max_snap_m (an area: "
                           "one of its demand points)"},
    [SP_F_CL_SNAP_M] = {"snap_m", OFTReal,
                        "off-road metres to the network (1 decimal; an area: the least of its "
                        "demand points'); null when not snapped"},
    [SP_F_CL_GAP_RANK] = {"gap_rank", OFTInteger, "rank of the gap zone it belongs to; null when none"},
    /* the after state ([siting]: the existing and the recommended sites open; null without [siting]) */
    [SP_F_CL_NEAREST_SITE_AFTER] = {"nearest_site_after", OFTString,
                                    "id of the nearest open site (existing or recommended) after the "
                                    "recommended sites; null when not covered after, or without [siting]"},
    [SP_F_CL_MINUTES_AFTER] = {"minutes_after", OFTReal,
                               "travel minutes to it (2 decimals); null when not covered after, or "
                               "without [siting]"},
    [SP_F_CL_COVERED_AFTER] = {"covered_after", OFTInteger,
                               "1 when within the threshold of an open site after the recommended "
                               "sites; null without [siting]"},
    [SP_F_CL_GAP_RANK_AFTER] = {"gap_rank_after", OFTInteger,
                                "rank of the gaps_after zone it belongs to; null when none, or "
                                "without [siting]"},
    /* its demand points (schema 7; a point cluster has one: its all-or-nothing values) */
    [SP_F_CL_DEMAND_POINTS] = {"demand_points", OFTInteger,
                               "its demand points: 1 for a point cluster, the lattice (or "
                               "weight) points of an area"},
    [SP_F_CL_WORKERS_COVERED] = {"workers_covered", OFTReal,
                                 "workers of its demand points within the threshold of a site "
                                 "(an area covers partly)"},
    [SP_F_CL_SHARE_COVERED] = {"share_covered", OFTReal,
                               "workers_covered / workers, 0..1 (with 0 workers: the share of its "
                               "demand points covered); partly covered: 0 < share < 1"},
    [SP_F_CL_MINUTES_WORST] = {"minutes_worst", OFTReal,
                               "travel minutes of its farthest demand point (as minutes); null "
                               "when some point is not covered"},
    [SP_F_CL_WORKERS_COVERED_AFTER] = {"workers_covered_after", OFTReal,
                                       "workers_covered with the recommended sites; null without "
                                       "[siting]"},
    /* capacity ([capacity]; null without it) */
    [SP_F_CL_SERVED] = {"served", OFTReal,
                        "workers served by the existing sites within their capacities (the "
                        "capacitated assignment, assignment.csv); null without [capacity]"},
    [SP_F_CL_UNSERVED] = {"unserved", OFTReal,
                          "covered workers not served (over capacity): covered - served; null "
                          "without [capacity]"},
};
_Static_assert(sizeof CLUSTER_FIELDS / sizeof *CLUSTER_FIELDS == SP_F_CL_COUNT, "clusters fields");

static const sp_schema_field SITE_FIELDS[] = {
    [SP_F_SITE_ID] = {"id", OFTString, "site id"},
    [SP_F_SITE_NAME] = {"name", OFTString, "site name; null when none"},
    [SP_F_SITE_KIND] = {"kind", OFTString, SP_KIND_STATION " or " SP_KIND_FACILITY},
    [SP_F_SITE_REACHABLE] = {"reachable", OFTInteger, "1 when snapped within max_snap_m"},
    [SP_F_SITE_SNAP_M] = {"snap_m", OFTReal, "off-road metres to the network (1 decimal); null when not snapped"},
    [SP_F_SITE_WORKERS] = {"workers", OFTReal, "workers within the threshold"},
    [SP_F_SITE_CLUSTERS] = {"clusters", OFTInteger, "clusters within the threshold"},
    [SP_F_SITE_WORKERS_ASSIGNED] = {"workers_assigned", OFTReal,
                                    "covered workers of the clusters whose nearest site it is "
                                    "(its responsibility area); they sum to workers_covered"},
    [SP_F_SITE_CLUSTERS_ASSIGNED] = {"clusters_assigned", OFTInteger, "covered clusters whose nearest site it is"},
    [SP_F_SITE_WORKERS_ONLY] = {"workers_only", OFTReal,
                                "workers within the threshold of this site and of no other: lost if it closed"},
    [SP_F_SITE_CLUSTERS_ONLY] = {"clusters_only", OFTInteger,
                                 "clusters within the threshold of this site and of no other"},
    [SP_F_SITE_CAPACITY] = {"capacity", OFTReal,
                            "workers it can serve; null when unlimited or without [capacity]"},
    [SP_F_SITE_LOAD] = {"load", OFTReal, "workers it serves in the capacitated assignment; null "
                                         "without [capacity]"},
    [SP_F_SITE_UTILISATION] = {"utilisation", OFTReal,
                               "load / capacity (4 decimals); null when unlimited or without "
                               "[capacity]"},
};

static const sp_schema_field CATCHMENT_FIELDS[] = {
    [SP_F_CA_SITE_ID] = {"site_id", OFTString, "site id (a candidate id for a recommended site)"},
    [SP_F_CA_KIND] = {"kind", OFTString, SP_KIND_STATION ", " SP_KIND_FACILITY " (existing sites) or "
                                         SP_KIND_RECOMMENDED " (a recommended new site, [siting])"},
    [SP_F_CA_MINUTES] = {"minutes", OFTReal, "threshold of this polygon"},
    [SP_F_CA_AREA_KM2] = {"area_km2", OFTReal, "area, km2 (4 decimals)"},
    [SP_F_CA_WORKERS] = {"workers", OFTReal, "workers of the clusters the site reaches within it"},
    [SP_F_CA_CLUSTERS] = {"clusters", OFTInteger, "clusters the site reaches within it"},
};

static const sp_schema_field AREA_FIELDS[] = {
    [SP_F_AREA_MINUTES] = {"minutes", OFTReal, "threshold"},
    [SP_F_AREA_AREA_KM2] = {"area_km2", OFTReal, "area of the union of the catchments, km2 (4 decimals)"},
    [SP_F_AREA_WORKERS] = {"workers", OFTReal, "workers within the threshold of any site"},
    [SP_F_AREA_CLUSTERS] = {"clusters", OFTInteger, "clusters within the threshold of any site"},
};

static const sp_schema_field RESP_FIELDS[] = {
    [SP_F_RESP_SITE_ID] = {"site_id", OFTString, "site id"},
    [SP_F_RESP_NAME] = {"name", OFTString, "site name; null when none"},
    [SP_F_RESP_KIND] = {"kind", OFTString, SP_KIND_STATION " or " SP_KIND_FACILITY},
    [SP_F_RESP_MINUTES] = {"minutes", OFTReal, "the threshold (the largest)"},
    [SP_F_RESP_AREA_KM2] = {"area_km2", OFTReal, "area, km2 (4 decimals)"},
    [SP_F_RESP_WORKERS_ASSIGNED] = {"workers_assigned", OFTReal,
                                    "covered workers of the clusters whose nearest site it is "
                                    "(as in the sites layer)"},
    [SP_F_RESP_CLUSTERS_ASSIGNED] = {"clusters_assigned", OFTInteger,
                                     "covered clusters whose nearest site it is"},
};

static const sp_schema_field GAP_FIELDS[] = {
    [SP_F_GAP_RANK] = {"rank", OFTInteger, "1 = most workers"},
    [SP_F_GAP_WORKERS] = {"workers", OFTReal, "workers of its clusters"},
    [SP_F_GAP_CLUSTERS] = {"clusters", OFTInteger, "clusters in the zone"},
    [SP_F_GAP_LARGEST_CLUSTER] = {"largest_cluster", OFTString, "id of its cluster with most workers"},
    [SP_F_GAP_LARGEST_NAME] = {"largest_name", OFTString, "that cluster's name; null when none"},
    [SP_F_GAP_CLUSTER_IDS] = {"cluster_ids", OFTString, "ids of its clusters, joined by " SP_SCHEMA_ID_SEP},
};

static const sp_schema_field ROAD_FIELDS[] = {
    [SP_F_ROAD_CLASS] = {"class", OFTString, "road class (OSM highway value); null when none"},
    [SP_F_ROAD_NAME] = {"name", OFTString, "road name; null when none"},
    [SP_F_ROAD_MAIN] = {"main", OFTInteger, "1 when both ends are in the largest component"},
    [SP_F_ROAD_ONEWAY] = {"oneway", OFTInteger, "1 when passable in one direction only"},
};

static const sp_schema_field REC_FIELDS[] = {
    [SP_F_REC_RANK] = {"rank", OFTInteger, "1 = chosen first"},
    [SP_F_REC_SITE_ID] = {"site_id", OFTString, "candidate id"},
    [SP_F_REC_NAME] = {"name", OFTString, "candidate name; null when none"},
    [SP_F_REC_WORKERS_ADDED] = {"workers_added", OFTReal, "workers it adds to the coverage; with [capacity]: to the workers served"},
    [SP_F_REC_WORKERS_CUMULATIVE] = {"workers_cumulative", OFTReal, "workers covered with ranks 1..this; with [capacity]: served"},
    [SP_F_REC_PERCENT_CUMULATIVE] = {"percent_cumulative", OFTReal, "the same in percent (2 decimals)"},
    [SP_F_REC_CLUSTERS_ADDED] = {"clusters_added", OFTInteger, "clusters it adds"},
    [SP_F_REC_CLUSTER_IDS] = {"cluster_ids", OFTString, "ids of those clusters, joined by " SP_SCHEMA_ID_SEP},
    [SP_F_REC_RUNNER_UP_ID] = {"runner_up_id", OFTString, "the best other candidate at this rank; null when none"},
    [SP_F_REC_RUNNER_UP_WORKERS_ADDED] = {"runner_up_workers_added", OFTReal, "workers the runner-up would add (served with [capacity])"},
    [SP_F_REC_CLUSTER_WORKERS] = {"cluster_workers", OFTString,
                                  "the workers it newly covers in each cluster of cluster_ids, same "
                                  "order (%.10g), joined by " SP_SCHEMA_ID_SEP " (with [capacity] "
                                  "too: covered, not served)"},
};
_Static_assert(sizeof REC_FIELDS / sizeof *REC_FIELDS == SP_F_REC_COUNT, "recommendations fields");

static const sp_schema_field MROUTE_FIELDS[] = {
    [SP_F_MR_UNIT] = {"unit", OFTInteger, "the mobile unit, 1 .. [mobile] units"},
    [SP_F_MR_DAY] = {"day", OFTInteger, "the day of the block, 1 .. block_days (the route is driven "
                                        "again on this day of every block of the period)"},
    [SP_F_MR_DEPOT_ID] = {"depot_id", OFTString, "the depot it leaves from and comes back to"},
    [SP_F_MR_STOPS] = {"stops", OFTInteger, "visits on the route"},
    [SP_F_MR_WORKERS] = {"workers", OFTReal, "workers served on the route"},
    [SP_F_MR_DRIVE_MINUTES] = {"drive_minutes", OFTReal, "driving minutes, back to the depot "
                                                         "included (2 decimals)"},
    [SP_F_MR_DAY_MINUTES] = {"day_minutes", OFTReal, "back at the depot, minutes after the day's "
                                                     "start (2 decimals)"},
    [SP_F_MR_LENGTH_KM] = {"length_km", OFTReal, "length of the line along the roads, km (3 "
                                                 "decimals)"},
};
_Static_assert(sizeof MROUTE_FIELDS / sizeof *MROUTE_FIELDS == SP_F_MR_COUNT, "mobile_routes fields");

static const sp_schema_field MSTOP_FIELDS[] = {
    [SP_F_MS_STOP_ID] = {"stop_id", OFTString, "stop id (the cluster's, the stops layer's, or "
                                               "auto-N)"},
    [SP_F_MS_NAME] = {"name", OFTString, "stop name; null when none"},
    [SP_F_MS_WORKERS] = {"workers", OFTReal, "target workers assigned to the stop"},
    [SP_F_MS_SERVED] = {"served", OFTReal, "of them served within the period (each worker once)"},
    [SP_F_MS_CLUSTERS] = {"clusters", OFTInteger, "clusters with workers assigned to the stop"},
    [SP_F_MS_VISITS] = {"visits", OFTInteger, "visits in the period (0: not visited)"},
    [SP_F_MS_UNIT] = {"unit", OFTInteger, "unit of its first visit (1-based); 0 when not visited"},
    [SP_F_MS_DAY] = {"day", OFTInteger, "day of its first visit, 1 .. block_days; 0 when not visited"},
    [SP_F_MS_ORDER] = {"order", OFTInteger, "its place in that day's route (1 = first stop); 0 "
                                            "when not visited"},
    [SP_F_MS_REASON] = {"reason", OFTString, SP_MREASON_SERVED " (every worker served), or why "
                                             "not: " SP_MREASON_UNREACHABLE ", " SP_MREASON_TOO_FAR
                                             " or " SP_MREASON_NO_DAYS},
};
_Static_assert(sizeof MSTOP_FIELDS / sizeof *MSTOP_FIELDS == SP_F_MS_COUNT, "mobile_stops fields");

static const sp_schema_table LAYERS[SP_L_COUNT] = {
    [SP_L_CLUSTERS] = {"clusters", wkbPoint, CLUSTER_FIELDS, N(CLUSTER_FIELDS), 0, "worker clusters"},
    [SP_L_SITES] = {"sites", wkbPoint, SITE_FIELDS, N(SITE_FIELDS), 0,
                    "existing sites: stations first, then other facilities"},
    [SP_L_CATCHMENTS] = {"catchments", wkbMultiPolygon, CATCHMENT_FIELDS, N(CATCHMENT_FIELDS), 0,
                         "one polygon per site and threshold (site order, then ascending minutes; "
                         "then the recommended sites', rank order)"},
    [SP_L_COVERAGE_AREA] = {"coverage_area", wkbMultiPolygon, AREA_FIELDS, N(AREA_FIELDS), 0,
                            "the union of the catchments, per threshold (ascending)"},
    [SP_L_RESPONSIBILITY] = {"responsibility", wkbMultiPolygon, RESP_FIELDS, N(RESP_FIELDS), 0,
                             "per site, the part of the coverage area at the threshold where it "
                             "is the nearest site (least time, ties to the lower site index); "
                             "no overlaps; site order; no feature for a site nearest nowhere"},
    [SP_L_GAPS] = {"gaps", wkbMultiPolygon, GAP_FIELDS, N(GAP_FIELDS), 0, "gap zones, rank order"},
    [SP_L_ROADS] = {"roads", wkbLineString, ROAD_FIELDS, N(ROAD_FIELDS), 0, "the links of the graph"},
    [SP_L_RECOMMENDATIONS] = {"recommendations", wkbPoint, REC_FIELDS, N(REC_FIELDS), SP_SCHEMA_WITH_SITING,
                              "recommended new sites, rank order"},
    [SP_L_GAPS_AFTER] = {"gaps_after", wkbMultiPolygon, GAP_FIELDS, N(GAP_FIELDS), SP_SCHEMA_WITH_SITING,
                         "gap zones left with the recommended sites open, rank order"},
    [SP_L_MOBILE_ROUTES] = {"mobile_routes", wkbLineString, MROUTE_FIELDS, N(MROUTE_FIELDS),
                            SP_SCHEMA_WITH_MOBILE,
                            "the mobile units' routes along the roads, one per unit-day of the "
                            "first block (the plan repeats every block), day then unit"},
    [SP_L_MOBILE_STOPS] = {"mobile_stops", wkbPoint, MSTOP_FIELDS, N(MSTOP_FIELDS), SP_SCHEMA_WITH_MOBILE,
                           "the mobile units' stops, stop order"},
};

const sp_schema_table *sp_schema_layer(sp_schema_layer_id id)
{
    return id >= 0 && id < SP_L_COUNT ? &LAYERS[id] : NULL;
}

/* ---- CSV files ---- */

static const sp_schema_field COVERAGE_COLS[] = {
    {"id", OFTString, "cluster id"},
    {"name", OFTString, "cluster name"},
    {"workers", OFTReal, "workers (%.10g)"},
    {"nearest_site", OFTString, "nearest site id; empty when not covered"},
    {"minutes", OFTReal, "travel minutes (4 decimals, rounded up; an area: its best demand "
                         "point's); empty when not covered"},
    {"covered", OFTInteger, "1 when covered (an area: some of its demand points)"},
    {"snap_m", OFTReal, "off-road metres (1 decimal); empty when not snapped"},
    {"nearest_site_after", OFTString, "nearest open site with the recommended sites; empty when "
                                      "not covered after, or without [siting]"},
    {"minutes_after", OFTReal, "travel minutes to it (2 decimals); empty when not covered after, "
                               "or without [siting]"},
    {"covered_after", OFTInteger, "1 when covered with the recommended sites; empty without [siting]"},
    [SP_C_COV_DEMAND_POINTS] = {"demand_points", OFTInteger, "its demand points (1 for a point cluster)"},
    [SP_C_COV_WORKERS_COVERED] = {"workers_covered", OFTReal,
                                  "workers of its demand points within the threshold (%.10g)"},
    [SP_C_COV_SHARE_COVERED] = {"share_covered", OFTReal,
                                "workers_covered / workers (4 decimals, never shown as 0 or 1 "
                                "unless it is; with 0 workers: the share of its points)"},
    [SP_C_COV_MINUTES_WORST] = {"minutes_worst", OFTReal,
                                "travel minutes of its farthest demand point (as minutes); empty "
                                "when some point is not covered"},
    [SP_C_COV_WORKERS_COVERED_AFTER] = {"workers_covered_after", OFTReal,
                                        "workers_covered with the recommended sites (%.10g); "
                                        "empty without [siting]"},
    [SP_C_COV_SERVED] = {"served", OFTReal, "workers served within the sites' capacities (%.10g); "
                                            "empty without [capacity]"},
    [SP_C_COV_UNSERVED] = {"unserved", OFTReal, "covered workers not served: over capacity "
                                                "(%.10g); empty without [capacity]"},
};
_Static_assert(sizeof COVERAGE_COLS / sizeof *COVERAGE_COLS == SP_C_COV_COUNT, "coverage.csv columns");

static const sp_schema_field REC_COLS[] = {
    {"rank", OFTInteger, "1 = chosen first"},
    {"site_id", OFTString, "candidate id"},
    {"name", OFTString, "candidate name"},
    {"lon", OFTReal, "longitude, WGS 84 (6 decimals)"},
    {"lat", OFTReal, "latitude, WGS 84 (6 decimals)"},
    {"x", OFTReal, "x in the working CRS (1 decimal)"},
    {"y", OFTReal, "y in the working CRS (1 decimal)"},
    {"workers_added", OFTReal, "workers it adds (served with [capacity])"},
    {"workers_cumulative", OFTReal, "workers covered with ranks 1..this (served with [capacity])"},
    {"percent_cumulative", OFTReal, "the same in percent"},
    {"clusters_added", OFTInteger, "clusters it adds"},
    {"objective", OFTReal, "the model's objective with ranks 1..this"},
    {"runner_up_id", OFTString, "the best other candidate at this rank"},
    {"runner_up_workers_added", OFTReal, "workers the runner-up would add (served with [capacity])"},
    {"cluster_workers", OFTString, "the workers it newly covers in each cluster of cluster_ids "
                                   "(recommendations layer), same order (%.10g), joined by "
                                   SP_SCHEMA_ID_SEP},
};

static const sp_schema_field CURVE_COLS[] = {
    [SP_C_CURVE_NEW_SITES] = {"new_sites", OFTInteger, "number of new sites p"},
    [SP_C_CURVE_WORKERS_COVERED] = {"workers_covered", OFTReal, "workers covered with p new sites"},
    [SP_C_CURVE_PERCENT_COVERED] = {"percent_covered", OFTReal, "the same in percent (2 decimals)"},
    [SP_C_CURVE_OBJECTIVE] = {"objective", OFTReal, "the model's objective; empty when unknown"},
    [SP_C_CURVE_BOUND] = {"bound", OFTReal, "a proven bound on it; empty when unknown"},
    [SP_C_CURVE_OPTIMAL] = {"optimal", OFTInteger, "1 when proven optimal"},
};

static const sp_schema_field SITE_COLS[] = {
    {"id", OFTString, "site id"},
    {"name", OFTString, "site name"},
    {"kind", OFTString, SP_KIND_STATION " or " SP_KIND_FACILITY},
    {"reachable", OFTInteger, "1 when snapped within max_snap_m"},
    {"workers", OFTReal, "workers within the threshold (%.10g)"},
    {"clusters", OFTInteger, "clusters within the threshold"},
    {"workers_assigned", OFTReal, "covered workers whose nearest site it is (%.10g)"},
    {"clusters_assigned", OFTInteger, "covered clusters whose nearest site it is"},
    {"workers_only", OFTReal, "workers no other site covers: lost if it closed (%.10g)"},
    {"clusters_only", OFTInteger, "clusters no other site covers"},
    [SP_C_SITES_CAPACITY] = {"capacity", OFTReal, "workers it can serve (%.10g); empty when "
                                                  "unlimited or without [capacity]"},
    [SP_C_SITES_LOAD] = {"load", OFTReal, "workers it serves (%.10g); empty without [capacity]"},
    [SP_C_SITES_UTILISATION] = {"utilisation", OFTReal, "load / capacity (4 decimals); empty "
                                                        "when unlimited or without [capacity]"},
};
_Static_assert(sizeof SITE_COLS / sizeof *SITE_COLS == SP_C_SITES_COUNT, "sites.csv columns");

static const sp_schema_field ASSIGN_COLS[] = {
    [SP_C_ASSIGN_CLUSTER_ID] = {"cluster_id", OFTString, "cluster id"},
    [SP_C_ASSIGN_SITE_ID] = {"site_id", OFTString, "the existing site serving them"},
    [SP_C_ASSIGN_WORKERS] = {"workers", OFTReal, "workers of the cluster it serves (%.10g)"},
    [SP_C_ASSIGN_MINUTES] = {"minutes", OFTReal, "their travel minutes to it (4 decimals, rounded "
                                                 "up as coverage.csv's)"},
};

static const sp_schema_field MSCHED_COLS[] = {
    [SP_C_MS_UNIT] = {"unit", OFTInteger, "the mobile unit, 1 .. [mobile] units"},
    [SP_C_MS_DAY] = {"day", OFTInteger, "day of the period, 1 .. period_days: block x block_days + "
                                        "the route's day"},
    [SP_C_MS_ORDER] = {"order", OFTInteger, "0 = leaving the depot, 1 .. n the stops, n + 1 = back "
                                            "at the depot"},
    [SP_C_MS_KIND] = {"kind", OFTString, SP_MKIND_DEPOT " or " SP_MKIND_STOP},
    [SP_C_MS_STOP_ID] = {"stop_id", OFTString, "the stop's id, or the depot's"},
    [SP_C_MS_STOP_NAME] = {"stop_name", OFTString, "its name; empty when none"},
    [SP_C_MS_ARRIVE] = {"arrive", OFTString, "clock time HH:MM: day_start + arrive_min, rounded "
                                             "down to the minute (past midnight: 24:00 and on)"},
    [SP_C_MS_DEPART] = {"depart", OFTString, "the same for depart_min"},
    [SP_C_MS_ARRIVE_MIN] = {"arrive_min", OFTReal, "minutes after the day's start (2 decimals)"},
    [SP_C_MS_DEPART_MIN] = {"depart_min", OFTReal, "minutes after the day's start when it leaves "
                                                   "(2 decimals)"},
    [SP_C_MS_DRIVE_MINUTES] = {"drive_minutes", OFTReal, "driving minutes from the previous row of "
                                                         "the day (2 decimals; 0 on order 0)"},
    [SP_C_MS_WORKERS] = {"workers", OFTReal, "workers served at the visit (%.10g; 0 on depot rows)"},
    [SP_C_MS_CLUSTERS] = {"clusters", OFTInteger, "clusters whose workers the stop serves (0 on "
                                                  "depot rows)"},
    [SP_C_MS_CLUSTER_IDS] = {"cluster_ids", OFTString, "their ids, joined by " SP_SCHEMA_ID_SEP
                                                       "; empty on depot rows"},
};
_Static_assert(sizeof MSCHED_COLS / sizeof *MSCHED_COLS == SP_C_MS_COUNT, "mobile_schedule.csv columns");

static const sp_schema_table CSVS[SP_CSV_COUNT] = {
    [SP_CSV_COVERAGE] = {SP_FILE_COVERAGE, wkbNone, COVERAGE_COLS, N(COVERAGE_COLS), 0, "one row per cluster"},
    [SP_CSV_RECOMMENDATIONS] = {SP_FILE_RECOMMENDATIONS, wkbNone, REC_COLS, N(REC_COLS), SP_SCHEMA_WITH_SITING,
                                "recommended new sites, rank order"},
    [SP_CSV_CURVE] = {SP_FILE_CURVE, wkbNone, CURVE_COLS, N(CURVE_COLS), SP_SCHEMA_WITH_SITING,
                      "coverage against the number of new sites"},
    [SP_CSV_SITES] = {SP_FILE_SITES, wkbNone, SITE_COLS, N(SITE_COLS), 0,
                      "one row per existing site, in the order of the sites layer"},
    [SP_CSV_ASSIGNMENT] = {SP_FILE_ASSIGNMENT, wkbNone, ASSIGN_COLS, N(ASSIGN_COLS), SP_SCHEMA_WITH_CAPACITY,
                           "who is served by whom: every positive flow of the capacitated "
                           "assignment, cluster order then site order"},
    [SP_CSV_MOBILE_SCHEDULE] = {SP_FILE_MOBILE_SCHEDULE, wkbNone, MSCHED_COLS, N(MSCHED_COLS),
                                SP_SCHEMA_WITH_MOBILE,
                                "the mobile units' calendar over the whole period: every route of "
                                "the plan in every block, by day then unit, stop by stop"},
};

static const sp_schema_field COMPARISON_COLS[] = {
    {"scenario", OFTString, "the scenario file as given"},
    {"name", OFTString, "[scenario] name"},
    {"mode", OFTString, "walk, bike, ebike or car"},
    {"minutes", OFTReal, "the threshold"},
    {"sites", OFTInteger, "stations and facilities"},
    {"workers_total", OFTReal, "workers of all clusters"},
    {"workers_covered", OFTReal, "workers within the threshold of a site"},
    {"percent_covered", OFTReal, "the same in percent (2 decimals)"},
    {"clusters_uncovered", OFTInteger, "clusters beyond the threshold"},
    {"gaps", OFTInteger, "gap zones"},
    {"new_sites", OFTInteger, "recommended new sites; empty without [siting]"},
    {"workers_covered_after", OFTReal, "with the new sites; empty without [siting]"},
    {"percent_covered_after", OFTReal, "the same in percent; empty without [siting]"},
    {"objective", OFTReal, "the siting model's objective; empty without [siting]"},
    {"workers_gained", OFTReal, "workers covered here and not in the baseline"},
    {"workers_lost", OFTReal, "workers covered in the baseline and not here"},
    {"workers_served", OFTReal, "workers served within the existing sites' capacities; empty "
                                "without [capacity]"},
    {"percent_served", OFTReal, "the same in percent (2 decimals); empty without [capacity]"},
    {"mobile_served", OFTReal, "workers the mobile units serve within the period; empty without "
                               "[mobile]"},
    {"mobile_unit_days_needed", OFTInteger, "unit-days the mobile plan needs (period); empty "
                                            "without [mobile]"},
    {"mobile_lower_bound", OFTInteger, "proven lower bound on those unit-days; empty without "
                                       "[mobile]"},
};

static const sp_schema_field CHANGES_COLS[] = {
    {"id", OFTString, "cluster id"},
    {"name", OFTString, "cluster name"},
    {"workers", OFTReal, "workers (in the baseline)"},
};

static const sp_schema_field CHANGES_PER_SCENARIO[] = {
    {"covered", OFTInteger, "1 when covered in scenario k; empty when k has no such cluster"},
    {"nearest_site", OFTString, "nearest site within the threshold; empty when not covered"},
    {"minutes", OFTReal, "minutes to it (2 decimals); empty when not covered"},
};

static const sp_schema_table COMPARISON = {SP_FILE_COMPARISON, wkbNone, COMPARISON_COLS,
                                           N(COMPARISON_COLS), 0, "one row per scenario"};
static const sp_schema_table CHANGES = {SP_FILE_CHANGES, wkbNone, CHANGES_COLS, N(CHANGES_COLS), 0,
                                        "clusters whose coverage or nearest site differs"};
static const sp_schema_table CHANGES_K = {"changes.csv, per scenario", wkbNone,
                                          CHANGES_PER_SCENARIO, N(CHANGES_PER_SCENARIO), 0,
                                          "columns repeated for each scenario k"};

static const sp_schema_field SWEEP_COLS[] = {
    [SP_C_SWEEP_RUN] = {"run", OFTInteger, "1, 2, ... in grid order"},
    [SP_C_SWEEP_MODE] = {"mode", OFTString, "walk, bike, ebike or car"},
    [SP_C_SWEEP_MINUTES] = {"minutes", OFTReal, "the threshold"},
    [SP_C_SWEEP_SITES] = {"sites", OFTInteger, "stations and facilities"},
    [SP_C_SWEEP_WORKERS_TOTAL] = {"workers_total", OFTReal, "workers of all clusters"},
    [SP_C_SWEEP_WORKERS_COVERED] = {"workers_covered", OFTReal, "workers within the threshold of a site"},
    [SP_C_SWEEP_PERCENT_COVERED] = {"percent_covered", OFTReal, "the same in percent (2 decimals)"},
    [SP_C_SWEEP_CLUSTERS_UNCOVERED] = {"clusters_uncovered", OFTInteger, "clusters beyond the threshold"},
    [SP_C_SWEEP_GAPS] = {"gaps", OFTInteger, "gap zones"},
    [SP_C_SWEEP_NEW_SITES] = {"new_sites", OFTInteger, "recommended new sites; empty without [siting]"},
    [SP_C_SWEEP_WORKERS_AFTER] = {"workers_covered_after", OFTReal,
                                  "workers covered with the new sites; empty without [siting]"},
    [SP_C_SWEEP_PERCENT_AFTER] = {"percent_covered_after", OFTReal,
                                  "the same in percent (2 decimals); empty without [siting]"},
    [SP_C_SWEEP_OBJECTIVE] = {"objective", OFTReal, "the siting model's objective; empty without [siting]"},
    [SP_C_SWEEP_OPTIMAL] = {"optimal", OFTInteger,
                            "1 when the siting answer is proven optimal, 0 when not; empty without [siting]"},
    [SP_C_SWEEP_GAP] = {"gap", OFTReal,
                        "relative gap |bound - objective| / |objective| of the siting answer (0 when "
                        "proven optimal); empty without [siting] or without a proven bound"},
    [SP_C_SWEEP_WORKERS_SERVED] = {"workers_served", OFTReal,
                                   "workers the existing sites serve within their capacities; "
                                   "empty without [capacity]"},
    [SP_C_SWEEP_PERCENT_SERVED] = {"percent_served", OFTReal,
                                   "the same in percent (2 decimals); empty without [capacity]"},
    [SP_C_SWEEP_MOBILE_SERVED] = {"mobile_served", OFTReal,
                                  "workers the mobile units serve within the period "
                                  "(summary.json mobile.workers_served); empty without [mobile]"},
    [SP_C_SWEEP_MOBILE_DAYS_NEEDED] = {"mobile_unit_days_needed", OFTInteger,
                                       "unit-days the mobile plan needs to serve every servable "
                                       "visit, over the period; empty without [mobile]"},
    [SP_C_SWEEP_MOBILE_BOUND] = {"mobile_lower_bound", OFTInteger,
                                 "proven lower bound on those unit-days; empty without [mobile]"},
};

static const sp_schema_table SWEEP = {SP_FILE_SWEEP, wkbNone, SWEEP_COLS, N(SWEEP_COLS), 0,
                                      "one row per run of the grid, after one column per varied key"};

const sp_schema_table *sp_schema_sweep(void) { return &SWEEP; }
const sp_schema_table *sp_schema_comparison(void) { return &COMPARISON; }
const sp_schema_table *sp_schema_changes(void) { return &CHANGES; }
const sp_schema_table *sp_schema_changes_per_scenario(void) { return &CHANGES_K; }

size_t sp_schema_compare_folder(int k, const char *scenario_path, char *buf, size_t len)
{
    const char *base = strrchr(scenario_path, '/');
    base = base ? base + 1 : scenario_path;
    const char *dot = strrchr(base, '.');
    int n = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    return (size_t)snprintf(buf, len, "%d-%.*s", k, n, base);
}

const sp_schema_table *sp_schema_csv(sp_schema_csv_id id)
{
    return id >= 0 && id < SP_CSV_COUNT ? &CSVS[id] : NULL;
}

size_t sp_schema_csv_header(sp_schema_csv_id id, char *buf, size_t len)
{
    const sp_schema_table *t = sp_schema_csv(id);
    size_t at = 0;
    if (len)
        buf[0] = '\0';
    for (int i = 0; t && i < t->n_fields; i++)
        at += (size_t)snprintf(buf + (at < len ? at : len), at < len ? len - at : 0, "%s%s", i ? "," : "",
                               t->fields[i].name);
    at += (size_t)snprintf(buf + (at < len ? at : len), at < len ? len - at : 0, "\n");
    return at;
}

const char *const SP_RESULTS_FILES[] = {
    SP_FILE_SUMMARY, SP_FILE_GPKG, SP_FILE_COVERAGE, SP_FILE_RECOMMENDATIONS, SP_FILE_CURVE,
    SP_FILE_SITES, SP_FILE_ASSIGNMENT, SP_FILE_MAP_PNG, SP_FILE_MAP_PDF, SP_FILE_MAP_SVG, SP_FILE_CURVE_PNG,
    SP_FILE_REPORT, SP_FILE_MOBILE_SCHEDULE, SP_FILE_MOBILE_MAP_PNG, NULL};

/* ---- summary.json: what a reader relies on ---- */

static const sp_schema_key SUMMARY_KEYS[] = {
    {"schema_version", SP_JSON_INT, 1, "SP_RESULTS_SCHEMA_VERSION of the writer"},
    {"scenario", SP_JSON_STR, 1, "scenario name"},
    {"changes", SP_JSON_ARR, 0, "the [changes] applied, in order, each \"key: value\" as written; "
                                "present only with [changes]"},
    {"workers_total", SP_JSON_NUM, 1, "workers of all clusters"},
    {"workers_covered", SP_JSON_NUM, 1, "workers within the threshold of a site (an area: the "
                                        "workers of its covered demand points; the clusters' "
                                        "workers_covered add up to it)"},
    {"percent_covered", SP_JSON_NUM, 1, "the same in percent"},
    {"clusters_total", SP_JSON_INT, 1, "clusters"},
    {"clusters_covered", SP_JSON_INT, 1, "clusters within the threshold (an area: some of its "
                                         "demand points)"},
    {"clusters_unreachable", SP_JSON_INT, 1, "clusters off the network (an area: none of its "
                                             "demand points snapped)"},
    {"demand_points", SP_JSON_INT, 1, "demand points of all clusters (a point cluster has one, an "
                                      "area its lattice or weight points)"},
    {"demand_points_unsnapped", SP_JSON_INT, 1, "demand points of areas beyond max_snap_m (never "
                                                "covered)"},
    {"clusters_areas", SP_JSON_INT, 1, "clusters given as polygons"},
    {"clusters_partly_covered", SP_JSON_INT, 1, "clusters with 0 < share_covered < 1"},
    {"workers_estimated", SP_JSON_BOOL, 1, "true when the workers are estimated from the areas "
                                           "(clusters.weight = area * N/ha)"},
    {"sites_total", SP_JSON_INT, 1, "stations + facilities"},
    {"stations", SP_JSON_INT, 1, "existing stations"},
    {"facilities", SP_JSON_INT, 1, "other health facilities"},
    {"sites_unreachable", SP_JSON_INT, 1, "sites off the network"},
    {"minutes", SP_JSON_NUM, 1, "the threshold (the last ring)"},
    {"rings", SP_JSON_ARR, 1, "per threshold, ascending: minutes, workers_covered, clusters_covered, "
                              "percent_covered, area_km2"},
    {"mode", SP_JSON_STR, 1, "walk, bike, ebike or car"},
    {"crs", SP_JSON_STR, 1, "working CRS of every geometry"},
    {"crs_reason", SP_JSON_STR, 1, "why that CRS"},
    {"snap", SP_JSON_STR, 1, "edge or node"},
    {"max_snap_m", SP_JSON_NUM, 1, "snapping limit, metres"},
    {"speeds", SP_JSON_STR, 1, "where the speed table came from"},
    {"walk_kmh", SP_JSON_NUM, 1, "speed of the off-road legs"},
    {"gap_link_m", SP_JSON_NUM, 1, "gap zone linking distance, metres"},
    {"access_links_max", SP_JSON_INT, 1, "access rule: at most this many roads per point"},
    {"access_extra_m", SP_JSON_NUM, 1, "access rule: roads this much farther than the nearest count"},
    {"catchment", SP_JSON_OBJ, 1, "catchment method"},
    {"catchment.method", SP_JSON_STR, 1, "how polygons are made"},
    {"catchment.cell_m", SP_JSON_NUM, 1, "grid cell, metres"},
    {"catchment.map_check", SP_JSON_OBJ, 0, "the run's self-check of the drawn coverage area "
                                            "against the counted coverage (every run writes it)"},
    {"catchment.map_check.clusters_disagreeing", SP_JSON_INT, 1,
     "clusters counted within a threshold but drawn outside its coverage area, or counted beyond "
     "it but drawn inside, by more than tolerance_m, at one ring or more"},
    {"catchment.map_check.clusters_not_checked", SP_JSON_INT, 0,
     "area clusters reached only through their entrances (clusters.entrances): not checked, "
     "the drawn area does not know the gates"},
    {"catchment.map_check.tolerance_m", SP_JSON_NUM, 1, "one grid cell diagonal, cell_m x sqrt(2)"},
    {"catchment.map_check.by_ring", SP_JSON_ARR, 1, "the same count per threshold, ascending"},
    {"network", SP_JSON_OBJ, 1, "the graph"},
    {"network.nodes", SP_JSON_INT, 1, "nodes"},
    {"network.links", SP_JSON_INT, 1, "links"},
    {"network.length_km", SP_JSON_NUM, 1, "length of the links"},
    {"network.components", SP_JSON_INT, 1, "connected components"},
    {"siting", SP_JSON_OBJ, 0, "recommendations; present only with [siting]"},
    {"siting.model", SP_JSON_STR, 1, "siting model"},
    {"siting.budget", SP_JSON_INT, 1, "new sites asked for"},
    {"siting.new_sites", SP_JSON_INT, 1, "new sites placed"},
    {"siting.candidates", SP_JSON_INT, 1, "candidates considered"},
    {"siting.method", SP_JSON_STR, 1, "how the solution was found"},
    {"siting.optimal", SP_JSON_BOOL, 1, "true when proven optimal"},
    {"siting.percent_covered", SP_JSON_NUM, 1, "percent covered with the new sites"},
    {"siting.capacitated", SP_JSON_BOOL, 1, "true when [capacity] is on: the objective, ranks, "
                                            "curve and workers_added count workers SERVED"},
    {"siting.workers_served", SP_JSON_NUM, 0, "capacitated: workers served with the new sites"},
    {"siting.percent_served", SP_JSON_NUM, 0, "capacitated: the same in percent of workers_total"},
    {"siting.clusters_covered_after", SP_JSON_INT, 1, "clusters covered with the new sites"},
    {"siting.gaps_after_total", SP_JSON_INT, 1, "gap zones left with the new sites"},
    {"siting.gaps_after", SP_JSON_ARR, 1, "those zones, rank order: rank, workers, clusters, "
                                          "largest_cluster (as gaps)"},
    {"capacity", SP_JSON_OBJ, 0, "the capacitated assignment of the existing sites; present only "
                                 "with [capacity]"},
    {"capacity.method", SP_JSON_STR, 1, "how the assignment was solved"},
    {"capacity.optimal", SP_JSON_BOOL, 1, "true when proven optimal"},
    {"capacity.workers_served", SP_JSON_NUM, 1, "workers served within the sites' capacities"},
    {"capacity.workers_over_capacity", SP_JSON_NUM, 1, "workers covered but not served"},
    {"capacity.workers_not_covered", SP_JSON_NUM, 1, "workers beyond the threshold of every site"},
    {"capacity.percent_served", SP_JSON_NUM, 1, "workers_served in percent of workers_total"},
    {"capacity.percent_over_capacity", SP_JSON_NUM, 1, "workers_over_capacity in percent"},
    {"capacity.percent_not_covered", SP_JSON_NUM, 1, "workers_not_covered in percent (the three "
                                                     "sum to 100)"},
    {"capacity.worker_minutes", SP_JSON_NUM, 1, "sum of served workers x their travel minutes"},
    {"capacity.sites_with_capacity", SP_JSON_INT, 1, "existing sites with a finite capacity"},
    {"capacity.sites_unlimited", SP_JSON_INT, 1, "existing sites without one"},
    {"capacity.sites_full", SP_JSON_INT, 1, "sites whose load is their capacity"},
    {"capacity.default", SP_JSON_NUM, 1, "the capacity in workers of an existing site without a "
                                         "value ([capacity] default); null = unlimited"},
    {"capacity.new_site", SP_JSON_NUM, 1, "the same of a new site ([capacity] new_site, else "
                                          "default); null = unlimited"},
    {"capacity.visits_per_worker", SP_JSON_NUM, 1, "[capacity] visits_per_worker; null when not "
                                                   "given (capacities in workers)"},
    {"mobile", SP_JSON_OBJ, 0, "the mobile units' plan; present only with [mobile]"},
    {"mobile.units", SP_JSON_INT, 1, "[mobile] units"},
    {"mobile.capacity_per_day", SP_JSON_NUM, 1, "workers one unit serves in one day"},
    {"mobile.day_hours", SP_JSON_NUM, 1, "a unit-day's working hours, driving included"},
    {"mobile.setup_minutes", SP_JSON_NUM, 1, "minutes per visit to set up"},
    {"mobile.minutes_per_worker", SP_JSON_NUM, 1, "service minutes per worker"},
    {"mobile.drive_mode", SP_JSON_STR, 1, "the units' travel mode (walk, bike, ebike or car)"},
    {"mobile.walk_minutes", SP_JSON_NUM, 1, "workers walk at most this to a stop; 0 = the unit "
                                            "drives to every cluster"},
    {"mobile.period_days", SP_JSON_INT, 1, "working days of the planning period"},
    {"mobile.visits_per_period", SP_JSON_INT, 1, "visits of every stop in the period (blocks)"},
    {"mobile.block_days", SP_JSON_INT, 1, "days of one block: period_days / visits_per_period; the "
                                          "plan repeats every block"},
    {"mobile.serve", SP_JSON_STR, 1, "whom to serve: gaps, all, largest:N or where:FILTER"},
    {"mobile.stops_from", SP_JSON_STR, 1, "where the stops came from: clusters, auto or a layer"},
    {"mobile.day_start", SP_JSON_STR, 1, "clock time HH:MM of the day's start"},
    {"mobile.depots", SP_JSON_ARR, 1, "ids of the depots, in order"},
    {"mobile.stops", SP_JSON_INT, 1, "stops chosen"},
    {"mobile.workers_target", SP_JSON_NUM, 1, "workers to serve"},
    {"mobile.workers_served", SP_JSON_NUM, 1, "of them served within the period (each once)"},
    {"mobile.percent_served", SP_JSON_NUM, 1, "workers_served in percent of workers_target"},
    {"mobile.workers_unserved", SP_JSON_OBJ, 1, "target workers not served, by reason"},
    {"mobile.workers_unserved." SP_MREASON_UNREACHABLE, SP_JSON_NUM, 1,
     "no road between their stop and a unit's depot"},
    {"mobile.workers_unserved." SP_MREASON_TOO_FAR, SP_JSON_NUM, 1,
     "one visit of their stop does not fit into a day from the nearest depot"},
    {"mobile.workers_unserved." SP_MREASON_NO_DAYS, SP_JSON_NUM, 1,
     "their visits did not fit into units x days"},
    {"mobile.workers_unserved." SP_MREASON_NO_STOP, SP_JSON_NUM, 1,
     "no stop within walk_minutes"},
    {"mobile.unit_days_used", SP_JSON_INT, 1, "unit-days worked over the period (routes x visits)"},
    {"mobile.unit_days_needed", SP_JSON_INT, 1, "unit-days the plan needs to serve every servable "
                                                "visit, over the period"},
    {"mobile.unit_days_available", SP_JSON_INT, 1, "units x period_days"},
    {"mobile.unit_days_lower_bound", SP_JSON_INT, 1, "proven: no plan serves every servable visit "
                                                     "in fewer unit-days (over the period)"},
    {"mobile.optimal", SP_JSON_BOOL, 1, "true when unit_days_needed is proven optimal (equal to "
                                        "the bound, or enumerated)"},
    {"mobile.enumerated", SP_JSON_BOOL, 1, "true when the exact step ran (a small instance)"},
    {"mobile.drive_minutes", SP_JSON_NUM, 1, "driving minutes of every route over the period"},
    {"mobile.method", SP_JSON_STR, 1, "how the plan was found"},
    {"render", SP_JSON_OBJ, 1, "saved drawing options"},
    {"render.title", SP_JSON_STR, 1, "map title"},
    {"render.page", SP_JSON_STR, 1, "A4 or A3"},
    {"render.dpi", SP_JSON_INT, 1, "PNG resolution"},
    {"render.language", SP_JSON_STR, 1, "en or zh"},
    {"title_written_for", SP_JSON_OBJ, 0, "present when the title (render.title) was written for "
                                          "another travel mode or threshold than the run's"},
    {"title_written_for.mode", SP_JSON_STR, 1, "mode in effect where the title was written"},
    {"title_written_for.minutes", SP_JSON_NUM, 1, "threshold in effect where the title was written"},
    {"sources", SP_JSON_OBJ, 1, "input files"},
    {"sources.network", SP_JSON_STR, 1, "road network file"},
    {"sources.clusters", SP_JSON_STR, 1, "clusters file and layer"},
    {"sources.clusters_weight", SP_JSON_STR, 1, "worker-count field"},
    {"sources.sites", SP_JSON_STR, 0, "stations file and layer"},
    {"sources.sites_where", SP_JSON_STR, 0, "stations filter"},
    {"sources.facilities", SP_JSON_STR, 0, "facilities file and layer"},
    {"sources.weight_points", SP_JSON_STR, 0, "clusters.weight_points file and layer"},
    {"sources.entrances", SP_JSON_STR, 0, "clusters.entrances file and layer"},
    {"gaps_total", SP_JSON_INT, 1, "gap zones"},
    {"gaps", SP_JSON_ARR, 1, "gap zones, rank order"},
    {"files", SP_JSON_ARR, 0, "every other file of the result set, by name: name, bytes, sha256 "
                              "(fileset.h); written last, when the set is complete"},
};

const sp_schema_key *sp_schema_summary_keys(int *n)
{
    *n = N(SUMMARY_KEYS);
    return SUMMARY_KEYS;
}

void sp_schema_put_cell(FILE *csv, struct json_object *row, const sp_schema_field *fd,
                        const char *text, int first)
{
    if (!first)
        fputc(',', csv);
    sp_csv_field(csv, text);
    json_object *jv = NULL;
    if (text && fd->type == OFTString)
        jv = json_object_new_string(text);
    else if (text && fd->type == OFTInteger)
        jv = json_object_new_int64(atoll(text));
    else if (text)
        jv = json_object_new_double_s(strtod(text, NULL), text);
    json_object_object_add(row, fd->name, jv);
}
