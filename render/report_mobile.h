/* report_mobile.h — the "Mobile units" section of report.pdf
 * (report_mobile.c), only for a folder whose summary.json has "mobile":
 * the mobile-unit map (mobile_map.h) on a page of its own, then a page
 * with what the plan means, a summary table (units, capacity, day,
 * period, stops, unit-days used / needed / available / lower bound,
 * optimal or the gap, driving time, workers to serve / served / not
 * served by reason), the calendar of the first round (rows = units,
 * columns = days, ten days a table; a cell: stops and workers of that
 * unit-day) and the routes of the first round (order, stop, arrival,
 * departure, workers; at most MOB_ROUTE_ROWS stops a route and
 * MOB_ROWS_TOTAL stop rows in all, the rest counted: "... and N more").
 * Called by report.c only, in both passes of the flow.  Threads: as the
 * flow. */
#ifndef SP_REPORT_MOBILE_H
#define SP_REPORT_MOBILE_H

#include "mobile_map.h"
#include "render_data.h"
#include "report_flow.h"

#define MOB_ROUTE_ROWS 25
#define MOB_NAME_CHARS 60    /* a stop or depot name in a table: at most this many characters */
#define MOB_ROWS_TOTAL 250

/* Lay out (and with f->cr draw) the section from a fresh page on: the map
 * page (mm), then the tables; leaves the last page open.  Nothing when d
 * has no "mobile" or mm is NULL. */
void sp__report_mobile(flow *f, const sp_results *d, const sp_mmap *mm);

#endif
