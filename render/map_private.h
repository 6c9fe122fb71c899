/* map_private.h — what map.c, map_labels.c and map_legend.c share: the
 * map object, the style constants and the symbol painters.  Not part of
 * the API (render.h, map.h). */
#ifndef SP_MAP_PRIVATE_H
#define SP_MAP_PRIVATE_H

#include <cairo.h>

#include "labels.h"
#include "map.h"

#define MARGIN 22.0
#define HEADER_H 44.0
#define PANEL_W 196.0
#define PANEL_GAP 12.0
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
#define C_STATION 0x1a1a1au
#define C_FACILITY 0x1b7837u   /* other health facilities: green circles */
#define C_TEXT 0x1a1a1au
#define C_ROADLABEL 0x333333u
#define C_NOTE 0x555555u
#define TINT_ALPHA 0.16

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

struct sp_map {
    const sp_results *d;
    sp_map_opts o;
    char *title, *subtitle, *page_name;
    sp_map_layout L;
    sp_scalebar sb;
    double north_ux, north_uy;    /* true north on the page (unit vector) */
    double north_c[2];
    double attrib_box[4];
    char *attrib;
    double sb_box[4];
    double w_max;                 /* largest cluster */
    int *order;                   /* clusters, largest first */
    double road_scale;            /* road width factor */
    label *labels;
    int n_labels;
    int placed, dropped;
};

/* Which rings sp__map_path_shape() draws. */
typedef enum {
    RINGS_FILL,     /* exteriors, and holes large enough to see (tints) */
    RINGS_OUTER,    /* exteriors only (outlines: holes would be clutter) */
} ring_sel;

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
void sp__map_rec_marker(cairo_t *cr, sp_text *t, double x, double y, int rank);
/* Stroke the current path as a road of class c. */
void sp__map_stroke_road(cairo_t *cr, int c, double scale);

/* Place every label (map_labels.c); fills m->labels, placed, dropped. */
void sp__map_place_labels(sp_map *m, sp_text *t);

/* Draw the legend panel (map_legend.c). */
void sp__map_draw_legend(const sp_map *m, cairo_t *cr, sp_text *t);

#endif
