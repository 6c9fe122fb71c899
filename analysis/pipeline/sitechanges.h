/* sitechanges.h — the [changes] that act on a scenario's sites
 * (close_sites, add_site, add_sites, move_site) and candidates
 * (add_candidates, remove_candidates), applied to its sp_siteset.
 *
 * Rules (README.md, "Scenario files", [changes]):
 *   - Changes apply in the order of o->changes; cost changes (close_roads,
 *     speed) are skipped here (pipeline/roadnet.c applies them).
 *   - An id is looked up among the stations first, then the facilities; the
 *     first match is the site acted on.  An id that matches no site is an
 *     error (SP_E_INPUT) naming the scenario, the key and the id; so is a new
 *     site whose id a station or facility already has.
 *   - close_sites removes the sites; the others keep their order.
 *   - add_site and add_sites append new stations (kind station) after the
 *     existing ones, in the order given (a layer: in its feature order).
 *   - move_site puts the site at the new lon/lat (WGS 84) and keeps its place.
 *   - add_candidates appends a candidate, remove_candidates removes some, by
 *     the [siting] candidates layer's ids (an unknown or duplicate id is an
 *     error); both need candidates to be a layer (not auto, not absent).
 *
 * Call after sp_siteset_project() (coordinates are the working CRS's
 * `crs`), before the set is shared.  On error the set is partly changed and
 * must be freed.
 */
#ifndef SP_SITECHANGES_H
#define SP_SITECHANGES_H

#include "crs.h"
#include "scenario.h"
#include "siteset.h"
#include "status.h"

sp_status sp_siteset_apply_changes(sp_siteset *s, const sp_options *o, sp_crs *crs);

#endif
