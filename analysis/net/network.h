/* network.h — the road network: a line layer (OpenStreetMap through GDAL's
 * OSM driver, or any line layer) into an sp_graph for one travel mode.
 *
 * Rules (documented in README.md, "Road network"):
 *   - Usable ways: the class field (OSM: highway) has a speed in the mode's
 *     profile; OSM access tags exclude a way for the mode: access=no/private
 *     (unless the mode's own tag says yes/designated/permissive), foot=no
 *     (walk), bicycle=no (bike, ebike), motor_vehicle=no or motorcar=no
 *     (car).  area=yes ways are outlines of squares, not paths: skipped.
 *   - Junctions: a vertex shared by two usable ways (the same coordinates,
 *     which is how OSM ways sharing a node arrive), or used twice by one
 *     way, or the end of a way.  Ways that cross without a shared vertex
 *     (bridges, tunnels) do not meet.
 *   - Oneway (car only): oneway=yes/true/1 forwards, -1/reverse backwards,
 *     junction=roundabout/circular implies yes, motorway implies yes; an
 *     explicit oneway=no wins.  Walk and cycle networks are two-way.
 *   - Speed: the profile's km/h for the class; for car, a numeric tagged
 *     maxspeed (km/h, or "NN mph") replaces it unless use_maxspeed = no.
 *   - Every way is measured in the working CRS after reprojection.
 */
#ifndef SP_NETWORK_H
#define SP_NETWORK_H

#include "crs.h"
#include "graph.h"
#include "profile.h"
#include "scenario.h"
#include "status.h"

#include <gdal.h>

typedef struct {
    long ways_read;       /* features read from the layer */
    long ways_used;       /* usable by the mode */
    long ways_skipped_class, ways_skipped_access, ways_skipped_area;
    long ways_degenerate; /* fewer than two distinct vertices */
    long maxspeed_used;   /* car: links whose speed came from maxspeed */
    long oneway_links;
    double length_km;     /* total usable road length */
    char what[512];       /* "file, layer lines" */
} sp_network_stats;

/* Road names per link (for map labels): names[link_name[l]] or none when
 * link_name[l] < 0.  Owned; free with sp_road_names_free. */
typedef struct {
    int32_t n_links;
    int32_t *link_name;
    int32_t n_names;
    char **names;
} sp_road_names;

void sp_road_names_free(sp_road_names *n);

/* Read the network for opts->mode and build its graph.
 * prof: the mode's speed table.  OUT: *out (sp_graph_free), stats, and
 * *names (may be NULL if not wanted). */
sp_status sp_network_load(const sp_options *opts, const sp_profile *prof,
                          sp_crs *crs, GDALProgressFunc progress,
                          void *progress_arg, sp_graph **out,
                          sp_network_stats *stats, sp_road_names **names);

/* The centre of the network layer's extent in lon/lat (to choose a UTM zone
 * when there are no clusters yet). */
sp_status sp_network_center_lonlat(const sp_options *opts, double *lon, double *lat);

/* Parse an OSM maxspeed value into km/h; 0 if not numeric ("signals",
 * "BR:urban", "none"). */
double sp_network_parse_maxspeed(const char *s);

/* The OSM driver configuration file siteplan uses by default. */
const char *sp_network_default_osmconf(void);

#endif
