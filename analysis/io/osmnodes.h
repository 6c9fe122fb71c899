/* osmnodes.h — the node coordinates of an OpenStreetMap XML file, checked
 * before GDAL reads it.
 *
 * GDAL's OSM driver reads lat/lon with atof(): "abc" or "" becomes 0 (a
 * node off the coast of Africa, its way bent there), and a node it finds
 * invalid is left out of its ways.  siteplan reads every <node> element's
 * lat and lon with the one number parser (number.h) first: each must be a
 * plain decimal, the longitude in [-180, 180] and the latitude in [-90, 90].
 *
 * Contract: SP_OK when every node is fine, the file is not XML (an .osm.pbf
 * stores coordinates as integers), or the scan meets XML that is not well
 * formed (GDAL reports that as a read error); otherwise one SP_E_INPUT error naming the
 * file, the line, the node id and the value.  SP_E_IO when it cannot be read.
 * No shared state; any thread.
 */
#ifndef SP_OSMNODES_H
#define SP_OSMNODES_H

#include "status.h"

sp_status sp_osm_nodes_check(const char *path);

#endif
