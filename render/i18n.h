/* i18n.h — every string the maps and the report show, in English and
 * Chinese, and the number formats.
 *
 * Number format (both languages): digits grouped by three with a comma
 * ("337,921"), a point for decimals ("99.9%"); Chinese text keeps Arabic
 * digits with comma grouping, as Chinese statistical tables do, so a number
 * reads the same in both reports.  Distances: "500 m", "2 km" / "500 米",
 * "2 公里".
 */
#ifndef SP_I18N_H
#define SP_I18N_H

#include <stddef.h>

typedef enum { SP_LANG_EN = 0, SP_LANG_ZH, SP_LANG_COUNT } sp_lang;

typedef enum {
    M_TITLE_DEFAULT,
    M_TITLE_RUN,         /* 1 mode, 2 minutes: when the saved title was written for other travel */
    M_MODE_WALK, M_MODE_BIKE, M_MODE_EBIKE, M_MODE_CAR,
    M_SUBTITLE,          /* 1 mode, 2 minutes, 3 covered, 4 total, 5 percent */
    M_SUBTITLE_NEW, M_SUBTITLE_NEW_SERVED,      /* 1 new sites, 2 percent after */
    M_SUBTITLE_CHANGES,  /* 1 the [changes] applied, "; "-separated */
    M_R_VARIANT,         /* 1 the user's title, 2 its mode, 3 its minutes (title_written_for) */
    M_LEGEND,
    M_LEG_WITHIN,        /* 1 minutes */
    M_LEG_WITHIN_EXISTING, /* 1 minutes: the same beside the recommended sites' area */
    M_LEG_CATCHMENT,
    M_LEG_RESP,          /* boundary between the responsibility areas of two sites */
    M_LEG_COVERED, M_LEG_COVERED_NEW, M_LEG_UNCOVERED,
    M_LEG_AREA_COVERED, M_LEG_AREA_PARTLY, M_LEG_AREA_NOT, M_LEG_AREA_NEW, M_LEG_AREA_PARTLY_AFTER,
    M_LEG_WORKERS,
    M_LEG_STATION, M_LEG_FACILITY, M_LEG_UNREACHABLE_SITE,
    M_LEG_RECOMMENDED,
    M_LEG_GAP,
    M_LEG_GAP_AFTER,     /* [siting]: the gaps left with the new sites */
    M_LEG_ADDED,         /* 1 minutes: the area only the recommended sites reach */
    M_LEG_CATCHMENT_NEW,
    M_LEG_ROADS_MAIN, M_LEG_ROADS_MINOR,
    M_LEG_ROADS_UNROUTABLE,
    /* capacity ([capacity]): clusters by served share, sites by utilisation,
     * the three-way split */
    M_LEG_SERVED_ALL, M_LEG_SERVED_PART, M_LEG_SERVED_NONE,
    M_LEG_UTIL_HEAD, M_LEG_UTIL_LOW, M_LEG_UTIL_HIGH, M_LEG_UTIL_FULL,
    M_LEG_UTIL_UNLIMITED, M_LEG_UTIL_UNLIMITED_FAC,
    M_LEG_CAP_HEAD,
    M_LEG_CAP_SERVED, M_LEG_CAP_OVER, M_LEG_CAP_NOTCOV,   /* 1 workers, 2 percent */
    M_GAP_LABEL,         /* 1 rank */
    M_NORTH,
    M_SCALE_NOTE,        /* 1 denominator, 2 page name */
    M_CRS_NOTE,          /* 1 crs */
    M_ATTRIB_OSM,
    M_ATTRIB_ROADS,      /* 1 file name */
    M_SRC_WORKERS,       /* 1 source */
    M_UNIT_M, M_UNIT_KM, M_UNIT_MIN,
    /* chart */
    M_CH_TITLE, M_CH_X, M_CH_Y, M_CH_Y2, M_CH_BASELINE, M_CH_BUDGET, M_CH_KNEE, M_CH_ADDED,
    M_CH_CURVE, M_CH_KNEE_NOTE,
    /* sweep charts (chart.c, sp_chart_sweep_draw) */
    M_SW_TITLE_MINUTES, M_SW_TITLE_BUDGET,
    M_SW_TITLE_KEY,      /* 1 key */
    M_SW_X_MINUTES, M_SW_X_BUDGET,
    M_SW_Y, M_SW_Y_AFTER,
    M_SW_LINE, M_SW_LINE_AFTER, M_SW_EXISTING, M_SW_NOT_PROVEN,
    M_SW_SERIES_MINUTES, /* 1 minutes */
    M_SW_SERIES_BUDGET,  /* 1 new stations */
    M_SW_SERIES_BUDGET1, /* 1 (one) new station */
    M_SW_SERIES_KEY,     /* 1 key, 2 value */
    M_SW_SCENARIO,       /* 1 scenario file name */
    /* report */
    M_R_REPORT, M_R_SUMMARY, M_R_MAP, M_R_CURVE, M_R_RECS, M_R_GAPS, M_R_INPUTS,
    M_R_CONTINUED, M_R_PAGE,  /* 1 page, 2 pages */
    M_R_WORKERS_TOTAL, M_R_WORKERS_COVERED, M_R_CLUSTERS, M_R_CLUSTERS_VAL,
    M_R_WORKERS_ESTIMATED,   /* summary.json workers_estimated: counts from an area expression */
    M_R_AREAS, M_R_AREAS_VAL, /* 1 area clusters; of them 2 all covered, 3 partly, 4 not covered */
    M_R_SITES, M_R_SITES_VAL, M_R_GAPS_N, M_R_LARGEST_GAP, M_R_LARGEST_GAP_VAL,
    M_R_NEW_SITES, M_R_NEW_SITES_VAL, M_R_NEW_SITES_VAL_SERVED, M_R_SOLVER, M_R_OPTIMAL, M_R_NOT_OPTIMAL,
    M_R_NOT_OPTIMAL_GAP,
    M_R_BUDGET_NOT_NEEDED,
    M_R_TARGET_CAPPED_PROVEN,
    M_R_TARGET_CAPPED,
    M_R_RINGS, M_R_COL_MINUTES, M_R_COL_WORKERS, M_R_COL_PERCENT, M_R_COL_AREA,
    M_R_COL_RANK, M_R_COL_SITE, M_R_COL_NAME, M_R_COL_ADDED, M_R_COL_CUM, M_R_COL_CUMPCT, M_R_COL_ADDED_SERVED, M_R_COL_CUM_SERVED,
    M_R_COL_CLUSTERS, M_R_COL_LARGEST, M_R_COL_GAP_WORKERS,
    M_R_NO_RECS, M_R_NO_GAPS, M_R_MORE_GAPS,
    M_R_GAPS_AFTER, M_R_GAPS_BEFORE, M_R_GAPS_AFTER_N, M_R_LARGEST_GAP_AFTER, M_R_MORE_GAPS_AFTER,
    M_R_NO_GAPS_AFTER,
    M_R_KEY, M_R_VALUE,
    M_I_MODE, M_I_THRESHOLD, M_I_SPEEDS, M_I_SPEED_TABLE, M_I_GAP_RULE, M_I_GAP_RULE_VAL, M_I_WALK, M_I_SNAP, M_I_SNAP_EDGE, M_I_SNAP_NODE,
    M_I_MAXSNAP, M_I_CRS, M_I_CATCHMENT, M_I_CATCHMENT_VAL, M_I_CATCHMENT_AREA_ONLY, M_I_NETWORK, M_I_NETWORK_VAL,
    M_I_SRC_NETWORK, M_I_SRC_CLUSTERS, M_I_SRC_SITES, M_I_SRC_FACILITIES, M_I_SRC_CANDIDATES,
    M_I_COVERED_RULE, M_I_COVERED_RULE_VAL, M_I_ATTRIBUTION,
    M_I_AREA_RULE, M_I_AREA_RULE_VAL,   /* area clusters: how they count */
    M_I_SITING, M_I_SITING_VAL,
    /* report: capacity */
    M_R_CAPACITY, M_R_CAP_METHOD,
    M_R_CAP_KEY,         /* 1 part, 2 workers, 3 percent */
    M_R_CAP_SERVED, M_R_CAP_OVER, M_R_CAP_NOTCOV, M_R_CAP_ALL, M_R_CAP_SPLIT,
    M_R_CAP_SITES_NOTE,  /* 1 with a capacity, 2 unlimited, 3 full */
    M_R_CAP_TABLE, M_R_COL_N_WORKERS, M_R_COL_CAPACITY, M_R_COL_LOAD, M_R_COL_UTIL, M_R_COL_REACHED,
    M_R_UNLIMITED, M_R_FULL,
    M_R_WORKERS_SERVED,
    M_I_CAPACITY,
    M_I_CAPACITY_VAL,    /* 1 default, 2 new site */
    M_I_CAPACITY_VISITS, /* 1 visits per worker */
    M_R_FOOTER,          /* 1 folder */
    /* mobile units ([mobile]): mobile_map.c, report_mobile.c */
    M_MOB_TITLE,   /* 1 the map's title */
    M_MOB_SUBTITLE,   /* 1 units (M_MOB_N_UNITS), 2 capacity, 3 hours, 4 mode, 5 the round (M_MOB_ROUND...) */
    M_MOB_ROUND,         /* 1 block days, 2 visits, 3 period days */
    M_MOB_ROUND_ONCE,    /* 1 period days (one visit in the period) */
    M_MOB_N_UNITS, M_MOB_N_UNITS_1,   /* 1 count ("3 units", "1 unit") */
    M_MOB_N_STOPS, M_MOB_N_STOPS_1,   /* 1 count ("3 stops", "1 stop") */
    M_MOB_N_UD, M_MOB_N_UD_1,         /* 1 count ("3 unit-days", "1 unit-day") */
    M_MOB_DAY,   /* 1 day of the block */
    M_MOB_UNIT,   /* 1 unit */
    M_MOB_DAYS_HEAD,   /* 1 block days */
    M_MOB_MORE_DAYS,   /* 1 count */
    M_MOB_UNITS_HEAD,
    M_MOB_DEPOT,
    M_MOB_STOP,
    M_MOB_NOT_VISITED,
    M_MOB_WHY_UNREACHABLE,
    M_MOB_WHY_TOO_FAR,
    M_MOB_WHY_NO_DAYS,
    M_MOB_WHY_NO_STOP,   /* 1 minutes */
    M_MOB_LEG_REASON,   /* 1 reason, 2 stops (M_MOB_N_STOPS), 3 workers */
    M_MOB_PLAN,
    M_MOB_UD,   /* 1 used, 2 needed, 3 available */
    M_MOB_LB_OPT,   /* 1 lower bound */
    M_MOB_LB_GAP,   /* 1 lower bound, 2 gap (M_MOB_N_UD) */
    M_MOB_SERVED,   /* 1 served, 2 target, 3 percent */
    M_MOB_NOT_SERVED,   /* 1 list */
    M_MOB_NOT_SERVED_NONE,
    M_MOB_DRIVE,   /* 1 hours */
    M_MOB_PERIOD_NOTE,   /* 1 period days */
    M_MOB_NO_ROUTE,
    M_MOB_WITHIN,   /* 1 minutes */
    M_R_MOBILE,
    M_R_MOB_MAP,
    M_R_MOB_INTRO,   /* 1 block days, 2 visits, 3 period days */
    M_R_MOB_SUMMARY,
    M_R_MOB_UNITS,
    M_R_MOB_CAPACITY,
    M_R_MOB_CAPACITY_VAL,   /* 1 workers */
    M_R_MOB_CAPACITY_NONE,  /* capacity_per_day unlimited (null) */
    M_MOB_SUBTITLE_NOCAP,   /* as M_MOB_SUBTITLE; 2 is "" */
    M_R_MOB_DAY,
    M_R_MOB_DAY_VAL,   /* 1 hours, 2 start, 3 mode */
    M_R_MOB_WALK,
    M_R_MOB_WALK_VAL,   /* 1 minutes */
    M_R_MOB_WALK_NONE,
    M_R_MOB_PERIOD,
    M_R_MOB_PERIOD_VAL,   /* 1 period days, 2 visits, 3 block days */
    M_R_MOB_STOPS,
    M_R_MOB_STOPS_VAL,   /* 1 stops, 2 visited */
    M_R_MOB_UD_USED,
    M_R_MOB_UD_NEEDED,
    M_R_MOB_UD_AVAIL,
    M_R_MOB_UD_LB,
    M_R_MOB_QUALITY,
    M_R_MOB_OPTIMAL,
    M_R_MOB_GAP,   /* 1 gap (M_MOB_N_UD) */
    M_R_MOB_DRIVE,
    M_R_MOB_DRIVE_VAL,   /* 1 hours */
    M_R_MOB_TARGET,
    M_R_MOB_SERVED,
    M_R_MOB_NS_UNREACHABLE,
    M_R_MOB_NS_TOO_FAR,
    M_R_MOB_NS_NO_DAYS,
    M_R_MOB_NS_NO_STOP,
    M_R_MOB_CAL,
    M_R_MOB_CAL_DAYS,   /* 1 first day, 2 last day */
    M_R_MOB_CAL_NOTE,
    M_R_MOB_CELL,   /* 1 stops (M_MOB_N_STOPS), 2 workers */
    M_R_MOB_COL_UNIT,
    M_R_MOB_ROUTES,
    M_R_MOB_ROUTE,   /* 1 unit, 2 day, 3 stops (M_MOB_N_STOPS), 4 workers, 5 km, 6 clock, 7 depot */
    M_R_MOB_COL_ORDER,
    M_R_MOB_COL_STOP,
    M_R_MOB_COL_ARRIVE,
    M_R_MOB_COL_LEAVE,
    M_R_MOB_COL_WORKERS,
    M_R_MOB_MORE_STOPS,   /* 1 count */
    M_R_MOB_MORE_ROUTES,   /* 1 count */
    M_R_MOB_NO_ROUTES,
    M_COUNT
} sp_msg;

/* "en" -> SP_LANG_EN, "zh" -> SP_LANG_ZH; -1 for anything else. */
int sp_lang_parse(const char *s);

/* The string of a message (a printf format with positional %N$s arguments
 * where the comment above lists them).  Never NULL. */
const char *sp_tr(sp_lang lang, sp_msg m);

/* The mode's name ("on foot" / "步行") for "walk", "bike", "ebike", "car";
 * the input itself otherwise. */
const char *sp_tr_mode(sp_lang lang, const char *mode);

/* Format into buf and return buf. */
char *sp_fmt_int(sp_lang lang, double v, char *buf, size_t len);          /* "337,921" */
char *sp_fmt_pct(sp_lang lang, double pct, int decimals, char *buf, size_t len); /* "99.9%" */
char *sp_fmt_num(sp_lang lang, double v, int decimals, char *buf, size_t len);   /* "1,234.5" */
char *sp_fmt_dist(sp_lang lang, double metres, char *buf, size_t len);    /* "500 m", "2 km" */

/* The message formatted with its arguments (all strings).  OUT: g_free. */
char *sp_trf(sp_lang lang, sp_msg m, ...);

/* A count with its noun: `one` (no argument) when n is 1, else `many`
 * with n formatted as sp_fmt_int ("1 stop", "3 stops").  OUT: g_free. */
char *sp_tr_count(sp_lang lang, sp_msg many, sp_msg one, double n);

#endif
