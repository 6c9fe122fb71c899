/* render_data.h — a results folder loaded into plain arrays for drawing.
 *
 * sp_rdata_load() reads summary.json (json-c), results.gpkg (OGR: layers
 * clusters, sites, coverage_area, catchments, gaps, roads, recommendations)
 * and coverage_curve.csv (OGR's CSV driver).  Recommendations and the curve
 * are read only when summary.json has a "siting" object, so files left by an
 * older run of the folder are never shown.  Coordinates stay in the working
 * CRS (metres) of summary.json "crs".
 */
#ifndef SP_RENDER_DATA_H
#define SP_RENDER_DATA_H

#include <json.h>
#include <stdint.h>

#include "status.h"

/* Road classes as drawn, major first. */
typedef enum {
    SP_RC_MOTORWAY = 0, SP_RC_TRUNK, SP_RC_PRIMARY, SP_RC_SECONDARY, SP_RC_TERTIARY,
    SP_RC_MINOR,   /* unclassified, residential, living_street, road */
    SP_RC_SERVICE,
    SP_RC_PATH,    /* footway, path, steps, cycleway, track, pedestrian, ... */
    SP_RC_COUNT
} sp_road_class;

/* "primary_link" -> SP_RC_PRIMARY, "footway" -> SP_RC_PATH ... */
sp_road_class sp_road_class_of(const char *highway);

/* Polygons (one or many) as rings, filled with the even-odd rule. */
typedef struct {
    int32_t n_rings;
    int32_t *ring_off;   /* n_rings + 1 offsets into xy (points) */
    uint8_t *hole;       /* n_rings: 1 for an interior ring */
    double *xy;          /* 2 per point */
    double bb[4];        /* xmin, ymin, xmax, ymax */
} sp_rshape;

typedef struct {
    char *id, *name;
    double x, y, workers;
    int covered, reachable, gap_rank;
    int new_rank;        /* rank of the recommended site that covers it; 0 = none */
} sp_rcluster;

typedef struct {
    char *id, *name, *kind;
    double x, y, workers;
    int reachable;
} sp_rsite;

typedef struct {
    int rank, clusters;
    double workers;
    char *largest_id, *largest_name;
    sp_rshape shape;
} sp_rgap;

typedef struct {
    int rank, clusters_added, has_xy;
    char *site_id, *name;
    double x, y, added, cumulative, percent;
} sp_rrec;

typedef struct {
    char *dir;
    json_object *summary;     /* owned; the parsed summary.json */

    int n_clusters;
    sp_rcluster *clusters;
    int n_sites;
    sp_rsite *sites;

    int n_rings;              /* coverage_area features, ascending minutes */
    double *ring_minutes;
    sp_rshape *rings;

    int n_catchments;         /* catchments at the largest threshold */
    sp_rshape *catchments;

    int n_gaps;
    sp_rgap *gaps;

    int n_roads;
    uint8_t *road_class;      /* sp_road_class */
    char **road_name;         /* NULL when unnamed */
    int32_t *road_off;        /* n_roads + 1 offsets into road_xy (points) */
    double *road_xy;
    float *road_bb;           /* 4 per road */

    int n_recs;               /* recommendations, rank order */
    sp_rrec *recs;

    int n_curve;              /* coverage_curve.csv rows */
    int *curve_sites;
    double *curve_workers, *curve_percent;
} sp_rdata;

/* Load the folder.  Errors: SP_E_IO when summary.json or results.gpkg is
 * missing or unreadable, SP_E_INPUT when summary.json is not what
 * sp_outcome_write() writes.  OUT: *out (sp_rdata_free). */
sp_status sp_rdata_load(const char *dir, sp_rdata **out);
void sp_rdata_free(sp_rdata *d);

/* Values of summary.json by dotted path ("siting.budget"): the default when
 * missing or of another type. */
double sp_rdata_num(const sp_rdata *d, const char *path, double dflt);
const char *sp_rdata_str(const sp_rdata *d, const char *path, const char *dflt);
int sp_rdata_has(const sp_rdata *d, const char *path);

/* Extent of the data drawn (clusters, sites, recommended sites) with a
 * margin of 4% of its larger side on every side (at least 200 m).
 * ext = xmin, ymin, xmax, ymax.  Returns 0 when there is no point. */
int sp_rdata_extent(const sp_rdata *d, double ext[4]);

#endif
