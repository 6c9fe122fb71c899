/* mobile_map.h — the map of the mobile-unit plan (mobile_map.png and the
 * map page of the report's "Mobile units" section), drawn only for a
 * results folder whose summary.json has "mobile" (d->sum.has_mobile).
 *
 * The page is the one of map.h (sp_map_new plans the layout, the scale
 * bar, north arrow, attribution and the road names, fitted to the plan's
 * extent, sp_mmap_extent); this file draws on it: the roads in grey, the
 * coverage area as a faint tint, each route of the first round (the
 * mobile_routes layer) as a line in the colour of its day of the round
 * (a qualitative palette, sp_mmap_day_rgb; with several units, unit 2, 3
 * ... dashed), the depots as squares with their names, the stops visited
 * as circles in their first visit's day colour with the order in that
 * day's route inside (days 11-20, which repeat the colours, as diamonds;
 * 21-30 as squares), the stops not visited as hollow grey circles whose
 * outline says why, a title, and a panel with the plan's figures
 * (unit-days used / available, the proven lower bound: optimal or the
 * gap, workers served of the target, not served by reason, driving) and
 * the legend.
 *
 * Ownership: the map borrows d (it must outlive it).  Threads: one map
 * per thread.  Errors: SP_E_NOMEM only.
 */
#ifndef SP_MOBILE_MAP_H
#define SP_MOBILE_MAP_H

#include <cairo.h>

#include "map.h"

typedef struct sp_mmap sp_mmap;

/* The world box the map fits: the route lines, every stop and the depots,
 * grown to at least 2 km across, plus a margin of 6% of the larger side
 * (at least 300 m) on every side.
 * Returns 0 when there is none of them. */
int sp_mmap_extent(const sp_results *d, double ext[4]);

/* The colour (0xRRGGBB) of day `day` (1-based) of the round: ten
 * qualitative colours (D3 category10 with the grey replaced), repeated
 * from day 11 on. */
unsigned sp_mmap_day_rgb(int day);

/* Plan the map.  o->title is the run's title (the map shows "TITLE — mobile
 * units"); o->extent and the label options are set by the map itself.
 * OUT: *out (sp_mmap_free). */
sp_status sp_mmap_new(const sp_results *d, const sp_map_opts *o, sp_text *t, sp_mmap **out);
void sp_mmap_free(sp_mmap *m);

const sp_map_layout *sp_mmap_get_layout(const sp_mmap *m);

/* Draw the whole page (points, top-left at the origin). */
void sp_mmap_draw(const sp_mmap *m, cairo_t *cr, sp_text *t);

#endif
