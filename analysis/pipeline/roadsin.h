/* roadsin.h — the roads that cross the polygons of a layer ([changes]
 * close_roads_in, README.md "Scenario files").
 *
 * The layer is read like the point layers (io/input.h: any OGR format, its
 * own CRS or `.crs`, `.layer`, `.where`) and moved into the working CRS;
 * every feature must be a polygon or multipolygon.  A road is in when any
 * of its parts intersects (touches, crosses or lies in) any polygon.
 * Errors (SP_E_INPUT) name the key: a feature that is not a polygon, or a
 * layer whose polygons cross no road.
 */
#ifndef SP_ROADSIN_H
#define SP_ROADSIN_H

#include <geos_c.h>
#include <stddef.h>
#include <stdint.h>

#include "crs.h"
#include "roads.h"
#include "scenario.h"
#include "status.h"

/* Append the indices of the roads in the layer to out[*n...] (room for
 * roads->n_roads more).  key names the change in messages. */
sp_status sp_roads_in_polygons(const sp_roads *roads, const sp_layer_opts *layer,
                               const char *key, sp_crs *crs, GEOSContextHandle_t g,
                               int32_t *out, size_t *n);

#endif
