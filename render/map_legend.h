/* map_legend.h — the legend panel of the map page (map_legend.c).  Called
 * by map.c only.  Threads: as the map. */
#ifndef SP_MAP_LEGEND_H
#define SP_MAP_LEGEND_H

#include "map_draw.h"

/* Draw the legend panel of the view v. */
void sp__map_draw_legend(const sp__map_view *v, cairo_t *cr, sp_text *t);

#endif
