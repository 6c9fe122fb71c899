/* map_draw.h — the drawing context of the map page, shared by map.c (the
 * only caller of the parts), map_labels.c and map_legend.c: style
 * constants, the painters (map_draw.c), and sp__map_view, what a part gets
 * passed in.  The maps drawn on the run map's layout (mobile_map.c,
 * compare_map.c) use the constants and painters too.  The parts never include map.h nor call map.c, so the
 * dependency runs one way: map.c -> map_labels.c, map_legend.c ->
 * map_draw.c -> map_layout.c.  Not part of the API (render.h, map.h).
 * Threads: the painters draw on the cairo_t given; no state. */
#ifndef SP_MAP_DRAW_H
#define SP_MAP_DRAW_H

#include <cairo.h>

#include "labels.h"
#include "map_layout.h"
#include "render_data.h"
#include "text.h"

#define R_MAX 9.0          /* radius of the largest cluster, points */
#define R_MIN 0.5          /* smallest circle drawn for a cluster with workers */
#define REC_R 6.2          /* recommended-site marker radius */
#define DECIMATE 0.45      /* drop vertices closer than this to the last one, points */

#define HEX(c) ((c) >> 16 & 255) / 255.0, ((c) >> 8 & 255) / 255.0, ((c)&255) / 255.0
#define C_COVERED 0x2166acu
#define C_COVERED_NEW 0x92c5deu
#define C_UNCOVERED 0xd6604du
#define C_UNCOVERED_LINE 0x67001fu
#define C_TINT 0x4393c3u
#define C_GAP 0xb2182bu
#define C_UNROUTABLE 0xa6761du  /* roads outside the routable network: dotted brown */
#define C_STATION 0x1a1a1au
#define C_FACILITY 0x1b7837u   /* other health facilities: green circles */
#define C_TEXT 0x1a1a1au
#define C_ROADLABEL 0x333333u
#define C_NOTE 0x555555u
#define TINT_ALPHA 0.16
/* what the recommended sites add ([siting]): ColorBrewer PuOr oranges, apart
 * from the blues of the existing coverage in hue and in greyscale */
#define C_ADDED 0xf1a340u       /* tint of the area only they reach */
#define C_ADDED_EDGE 0xb35806u  /* outline of their catchments */
#define ADDED_ALPHA 0.30
/* capacity ([capacity]): sites by utilisation, ColorBrewer RdPu, lighter =
 * more room; apart from the blue and orange-red clusters in hue and, light
 * to dark, in greyscale */
#define C_UTIL_LOW 0xfcc5c0u    /* under 80 % used */
#define C_UTIL_HIGH 0xf768a1u   /* 80-99 % */
#define C_UTIL_FULL 0x7a0177u   /* full: load = capacity */
#define C_UTIL_EDGE 0x49006au
/* area clusters (a polygon in the clusters layer): filled by covered share
 * in the point symbols' colours, partly covered in a purple between them
 * (ColorBrewer PRGn), each with a thin darker outline */
#define C_PARTLY 0x9970abu
#define C_COVERED_LINE 0x053061u
#define C_PARTLY_LINE 0x40004bu
#define AREA_ALPHA 0.5
#define AREA_MIN 2.5       /* an area smaller than this on the page (points): a square this wide */

typedef struct {
    double width, grey;
    double max_den;          /* drawn when the map scale denominator is below this */
    int dashed;
} road_style;

/* Line width (points), grey (0 black .. 1 white) and the scales at which
 * each road class is drawn (map.c). */
extern const road_style SP__ROADS[SP_RC_COUNT];

typedef struct {
    char *text;
    double cx, cy, angle, size;
    int flags;
    unsigned rgb;
    sp_quad box;            /* its collision box */
} label;

/* The labels placed on a map (sp__map_place_labels fills it; the map owns
 * the texts and the array). */
typedef struct {
    label *labels;
    int n_labels;
    int placed, dropped;
} sp__map_labelset;

/* What the parts of a map page read: borrowed from the map, which built
 * it; labels is where sp__map_place_labels writes (NULL elsewhere). */
typedef struct {
    const sp_results *d;
    const sp_map_layout *L;
    sp_lang lang;
    const char *page_name;        /* "A4" or "A3" */
    double w_max;                 /* largest cluster */
    double road_scale;            /* road width factor */
    const int *order;             /* clusters, largest first */
    const double *north_c;        /* north arrow centre (2) */
    const double *sb_box;         /* scale bar box x, y, w, h */
    const double *attrib_box;     /* attribution box x, y, w, h */
    sp__map_labelset *labels;
    int labels_roads_only;        /* sp_map_opts: only road names */
    const double *avoid_xy;       /* sp_map_opts: world points labels keep clear of */
    int n_avoid;
    double avoid_r;
} sp__map_view;

/* Radius in points of a cluster of w workers when the largest has w_max. */
double sp__map_radius(double w_max, double w);

/* Which rings sp__map_path_shape() draws. */
typedef enum {
    RINGS_FILL,     /* exteriors, and holes large enough to see (tints) */
    RINGS_OUTER,    /* exteriors only (outlines: holes would be clutter) */
    RINGS_OUTER_VISIBLE, /* exteriors large enough to see (boundaries without speckle) */
} ring_sel;

/* Whether the map draws the boundaries of the responsibility areas: with
 * more sites than catchment outlines are drawn for (SP_MAP_MAX_OUTLINES);
 * with fewer, the catchment outlines are drawn instead. */
static inline int sp__map_shows_resp(const sp_results *d)
{
    return d->n_resp > 1 && d->n_catchments_last > SP_MAP_MAX_OUTLINES;
}

/* Paths in page points, with vertices closer than DECIMATE dropped. */
void sp__map_path_line(cairo_t *cr, const sp_map_layout *L, const double *xy, int n, int close);
void sp__map_path_shape(cairo_t *cr, const sp_map_layout *L, const sp_rshape *s, ring_sel sel);

/* The world rectangle the frame shows (xmin, ymin, xmax, ymax). */
void sp__map_frame_world(const sp_map_layout *L, double w[4]);
int sp__map_bb_meets(const double a[4], double x0, double y0, double x1, double y1);

int sp__map_is_facility(const sp_rsite *s);

/* Symbols, centred on (x, y) in points.  state: 0 not covered, 1 covered,
 * 2 covered by a recommended site. */
void sp__map_cluster_symbol(cairo_t *cr, double x, double y, double r, int state);
void sp__map_station_symbol(cairo_t *cr, double x, double y, int facility, int reachable);
/* Capacity ([capacity]).  A site's utilisation class: SP_UTIL_NONE when it
 * has no capacity (unlimited, or no capacity run), else under 80 %, 80-99 %
 * or full (load = capacity, the pipeline's rule; a capacity of 0 is full). */
typedef enum { SP_UTIL_NONE = -1, SP_UTIL_LOW = 0, SP_UTIL_HIGH, SP_UTIL_FULL } sp__util_class;
sp__util_class sp__map_util_class(const sp_rsite *s);
/* A site drawn by its class: the station or facility shape filled with
 * the class colour; SP_UTIL_NONE or off the network: sp__map_station_symbol. */
void sp__map_site_symbol(cairo_t *cr, double x, double y, int facility, int reachable,
                         sp__util_class cls);
/* A covered cluster's served share (served / workers, 0..1): 1 when all
 * served, and 1 when served is unknown (NAN: no capacity run). */
double sp__map_served_share(const sp_rcluster *c);
/* A covered cluster by served share: all served as state 1 above; else a
 * white disc in a blue ring with the served share as a blue sector from
 * 12 o'clock clockwise (none served: the ring alone). */
void sp__map_cluster_served_symbol(cairo_t *cr, double x, double y, double r, double share);
/* Area clusters.  The share the map shows (sp__map_area_share): with
 * [siting] (workers_covered_after not NAN) the share covered with the
 * recommended sites, workers_covered_after / workers, as the map's gaps and
 * tint are those after them; otherwise share_covered.  A cluster's state on
 * the map: SP_AREA_COVERED when share_covered >= 1 (all covered by the
 * existing sites), SP_AREA_NEW when not but the shown share is >= 1 (all
 * covered once the recommended sites open), SP_AREA_PARTLY when 0 < shown
 * share < 1, else (0 or NAN) SP_AREA_NOT.  sp__map_area_state_before is the
 * state by share_covered alone (never SP_AREA_NEW): the report's count. */
typedef enum { SP_AREA_NOT = 0, SP_AREA_PARTLY, SP_AREA_NEW, SP_AREA_COVERED, SP_AREA_STATES } sp__area_state;
double sp__map_area_share(const sp_rcluster *c);
sp__area_state sp__map_area_state(const sp_rcluster *c);
sp__area_state sp__map_area_state_before(const sp_rcluster *c);
/* Fill the current path with the state's colour (AREA_ALPHA) and stroke it
 * with its outline colour (0.5 pt); the path is consumed. */
void sp__map_area_paint(cairo_t *cr, sp__area_state s);
/* The area clusters of d in the frame's world box fw, each filled and
 * outlined by its state (covered on top of partly on top of not covered,
 * file order within a state); an area less than AREA_MIN points across
 * on the page is drawn as an AREA_MIN square at the centre of its box, so
 * no area vanishes at a small scale.  Nothing for a run without area
 * clusters. */
void sp__map_draw_areas(cairo_t *cr, const sp_map_layout *L, const sp_results *d, const double *fw);
/* 1 when d has an area cluster in state s (s < 0: any area cluster). */
int sp__map_any_area(const sp_results *d, int s);
void sp__map_rec_marker(cairo_t *cr, sp_text *t, double x, double y, int rank);
/* Stroke the current path as a road of class c. */
void sp__map_stroke_road(cairo_t *cr, int c, double scale);
/* Stroke the current path as a road outside the routable network (dotted,
 * brown): it is drawn, but nothing travels on it. */
void sp__map_stroke_unroutable(cairo_t *cr, double scale);

/* The roads of d in the frame's world box fw (xmin, ymin, xmax, ymax):
 * routable ones by class, minor classes first, then those outside the
 * routable network dotted (sp__map_stroke_unroutable), each class only at
 * scales where it shows.  The one road drawing of the run and compare
 * maps. */
void sp__map_draw_roads(cairo_t *cr, const sp_map_layout *L, const sp_results *d,
                        const double *fw, double scale);

/* 1 when d has a road outside the routable network (legend). */
int sp__map_any_unroutable(const sp_results *d);

/* The page, for the run map (map.c) and the maps drawn on its layout
 * (mobile_map.c, compare_map.c).  sp__map_fill_page: the whole page white.
 * sp__map_draw_title: the title (bold, 15 pt) and subtitle (9 pt, grey)
 * lines above the frame, each ellipsized to the page width.
 * sp__map_clip_frame: clip to the frame and paint it white (the caller
 * saves and restores cr around what it draws inside). */
void sp__map_fill_page(cairo_t *cr, const sp_map_layout *L);
void sp__map_draw_title(cairo_t *cr, sp_text *t, const sp_map_layout *L, const char *title,
                        const char *subtitle);
void sp__map_clip_frame(cairo_t *cr, const sp_map_layout *L);

#endif
