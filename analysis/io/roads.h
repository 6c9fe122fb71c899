/* roads.h — the road network layer, read once for every mode.
 *
 * A line layer (OpenStreetMap through GDAL's OSM driver, or any line layer
 * GDAL reads) becomes an sp_roads: one sp_road per feature read, with the
 * attributes the modes need and its polyline in the working CRS.  Nothing
 * here depends on a travel mode: net/topology.h chooses the usable roads and
 * splits them at junctions per mode, net/costs.h turns them into times.
 *
 * Rules (README.md, "Road network"):
 *   - Only features whose class field (OSM: highway) is set are read, with
 *     the optional attribute filter network.where on top.
 *   - Per road: source id (the `osm_id` field when the layer has one and it
 *     is set, else the FID; an osm_id that is not an integer is kept as
 *     text), class (interned), name (interned), `area` = area=yes, the
 *     oneway direction under the car rules (oneway=yes/true/1 forwards,
 *     -1/reverse backwards, an explicit no/false/0 two-way; otherwise
 *     junction=roundabout/circular and class motorway imply forwards),
 *     the tagged maxspeed in km/h (sp_roads_parse_maxspeed; 0 = none), and
 *     per mode whether OSM access tags allow it: access=no/private forbids
 *     unless the mode's own tag says yes/designated/permissive/destination;
 *     the mode's tag: foot (walk), bicycle (bike, ebike), motorcar over
 *     motor_vehicle (car); its no/private forbids.
 *   - Geometry: a line string is one part, a multi-line string one part per
 *     line; repeated consecutive vertices are dropped; a part with fewer
 *     than two vertices left (or a feature with no line geometry) counts as
 *     degenerate and keeps no part.
 *   - OSM files are read with the driver's interleaved (dataset-level)
 *     reading, taking the features of the road layer, so that no buffer can
 *     fill up and stop the read; any GDAL error while reading (including the
 *     driver's "Too many features have accumulated" message) fails the read,
 *     with a message naming the file.
 *
 * Ownership: sp_roads_read() hands over a new sp_roads (sp_roads_free, NULL
 * safe).  Every pointer inside belongs to it.
 * Errors: SP_E_IO (file), SP_E_INPUT (layer, field, filter), SP_E_CRS,
 * SP_E_NOMEM; messages name the file, the layer and the scenario key.
 * Threads: reading uses GDAL and the working CRS's PROJ context (one thread
 * at a time for that sp_crs).  After reading, an sp_roads is immutable and
 * may be read by any number of threads.
 */
#ifndef SP_ROADS_H
#define SP_ROADS_H

#include <stddef.h>
#include <stdint.h>

#include <gdal.h>

#include "crs.h"
#include "scenario.h"
#include "status.h"

/* Bit of a mode in sp_road.access. */
#define SP_ROAD_ACCESS(mode) (1u << (unsigned)(mode))

typedef struct {
    int64_t id;          /* source id: osm_id when it is an integer, else the FID */
    int32_t id_text;     /* a non-integer osm_id: index into strings; else -1 */
    int32_t klass;       /* class value: index into strings */
    int32_t name;        /* index into strings; -1 none */
    int8_t oneway;       /* car rules: 0 two-way, 1 forward only, -1 backward only */
    uint8_t access;      /* SP_ROAD_ACCESS(mode) set when the mode may use it */
    uint8_t area;        /* area=yes: an outline, not a path */
    double maxspeed_kmh; /* tagged maxspeed, 0 = none or not numeric */
    uint32_t part0;      /* first part in sp_roads.parts */
    uint32_t n_parts;    /* parts with two or more vertices */
    uint32_t n_degenerate; /* parts dropped (or 1 for a feature without lines) */
} sp_road;

typedef struct {
    size_t off;          /* first vertex in sp_roads.xy (pairs of doubles) */
    uint32_t n;          /* vertices, >= 2 */
} sp_road_part;

typedef struct sp_roads {
    int32_t n_roads;     /* features read (summary: ways_read) */
    sp_road *roads;
    uint32_t n_parts;
    sp_road_part *parts;
    size_t n_xy;         /* vertices */
    double *xy;          /* 2 * n_xy, working CRS, metres */
    int32_t n_strings;   /* interned classes, names and text ids */
    char **strings;
    char what[512];      /* "file, layer lines" for messages */
} sp_roads;

/* Where the network is and how to read it.  Strings are borrowed; NULL
 * means the default named in scenario.h. */
typedef struct {
    const char *path;           /* network */
    const char *layer;          /* network.layer: default "lines" for OSM, else the only layer */
    const char *where;          /* network.where */
    const char *class_field;    /* network.class: default "highway" */
    const char *oneway_field;   /* network.oneway: default "oneway" */
    const char *maxspeed_field; /* network.maxspeed: default "maxspeed" */
    const char *crs;            /* network.crs: for a layer without a CRS */
    const char *osm_config;     /* network.osm_config: default sp_roads_default_osmconf() */
} sp_roads_source;

/* The source as the scenario's [inputs] network keys give it (borrows o's
 * strings). */
void sp_roads_source_from_options(const sp_options *o, sp_roads_source *out);

/* Read the network into the working CRS.  progress (may be NULL) gets 0..1.
 * OUT: *out (sp_roads_free). */
sp_status sp_roads_read(const sp_roads_source *src, sp_crs *crs, GDALProgressFunc progress,
                        void *progress_arg, sp_roads **out);

void sp_roads_free(sp_roads *r);

/* An interned string by index (class, name, text id); NULL for -1. */
static inline const char *sp_roads_str(const sp_roads *r, int32_t i)
{
    return i >= 0 && i < r->n_strings ? r->strings[i] : NULL;
}

/* The name of road `road`; NULL if it has none or road is -1. */
static inline const char *sp_roads_name(const sp_roads *r, int32_t road)
{
    return road >= 0 && road < r->n_roads ? sp_roads_str(r, r->roads[road].name) : NULL;
}

/* The source id of a road as text ("123456" or the text osm_id) into buf;
 * returns buf. */
const char *sp_roads_id(const sp_roads *r, int32_t road, char *buf, size_t len);

/* The first road whose source id is `id` (as sp_roads_id writes it), or -1. */
int32_t sp_roads_find(const sp_roads *r, const char *id);

/* Parse an OSM maxspeed value into km/h; 0 if not numeric ("signals",
 * "BR:urban", "none"). */
double sp_roads_parse_maxspeed(const char *s);

/* The OSM driver configuration file siteplan uses by default. */
const char *sp_roads_default_osmconf(void);

#endif
