/* map_labels.h — where the map's labels go (map_labels.c).  Called by
 * map.c only.  Threads: as the map. */
#ifndef SP_MAP_LABELS_H
#define SP_MAP_LABELS_H

#include "map_draw.h"

/* Place every label of the view v; appends to v->labels (owned by the
 * caller: free each text with g_free, then the array) and sets its
 * placed and dropped counts. */
void sp__map_place_labels(const sp__map_view *v, sp_text *t);

#endif
