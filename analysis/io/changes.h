/* changes.h — the [changes] section of a scenario: what-if edits applied to
 * the scenario's sites (close, add, move) and to its travel costs (closed
 * roads, per-class speeds), in the order they are written.
 *
 * Keys (README.md, "Scenario files"): close_sites, add_site, add_sites (a
 * point layer, sub-keys .layer .where .id .name .x .y .crs), move_site,
 * close_roads, close_roads_in, speed, add_candidates, remove_candidates;
 * add_site_xy, move_site_xy and add_candidates_xy take x, y in the working
 * CRS instead of lon, lat.  A key may carry a numeric suffix to repeat it
 * (add_site.1, add_site.2); all apply in file order, --set keys after them
 * (a --set of a key the file has replaces it in place; an empty value takes
 * the change back).
 *
 * This module only parses and describes; the sites are changed by
 * pipeline/sitechanges.h, the costs by pipeline/roadnet.c.  All strings
 * are owned by the sp_options that holds the changes.
 */
#ifndef SP_CHANGES_H
#define SP_CHANGES_H

#include <stddef.h>

#include "scenario.h"

/* "close_sites: 12, 40" (the key and the value as written) into buf;
 * returns buf. */
const char *sp_change_describe(const sp_change *c, char *buf, size_t len);

/* 1 when the change acts on travel costs (close_roads, speed). */
int sp_change_is_costs(const sp_change *c);

/* The cost changes of o as one canonical text ("close_roads=1,2;speed=
 * residential:10"), equal for scenarios whose cost layers are equal; NULL
 * when o has none.  OUT: a malloc'd string (free), NULL also when out of
 * memory (then *nomem = 1). */
char *sp_changes_costs_key(const sp_options *o, int *nomem);

#endif
