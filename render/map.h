/* map.h — the map page: title, map frame, legend, scale bar, north arrow,
 * attribution.  Drawn onto any cairo_t in points (1/72 inch) with the
 * page's top-left corner at the origin; it does not know whether the
 * surface is a PNG, a PDF or an SVG.
 *
 * Geometry: the frame shows the working CRS (metres) at one uniform scale
 * (true proportions), fitted to the data extent (clusters, sites,
 * recommended sites, plus a margin; sp_rdata_extent) and centred; the frame
 * keeps its page shape, so the longer side of the extent decides the scale.
 *
 *   page_x = fx + fw/2 + (x - cx) * scale
 *   page_y = fy + fh/2 - (y - cy) * scale
 *
 * and a PNG pixel is page * dpi / 72.  Everything that depends on text size
 * (label placement) is computed once in sp_map_new(), so every output of a
 * render shows the same labels.
 */
#ifndef SP_MAP_H
#define SP_MAP_H

#include <cairo.h>

#include "i18n.h"
#include "labels.h"
#include "render_data.h"
#include "status.h"
#include "text.h"

typedef struct {
    double page_w, page_h;   /* points */
    double fx, fy, fw, fh;   /* the map frame, points */
    double px, py, pw, ph;   /* the legend panel, points */
    double cx, cy;           /* world coordinates (metres) at the frame centre */
    double scale;            /* points per metre */
    double denominator;      /* map scale 1:N on paper */
} sp_map_layout;

typedef struct {
    double length_m;         /* 1, 2 or 5 x 10^k metres */
    double x, y, w, h;       /* the bar on the page, points (w = length_m * scale) */
    int segments;
    char label[48];          /* "2 km", "500 m", "2 公里", "500 米" */
} sp_scalebar;

/* Landscape page size of "A4" or "A3" in points; 0 for an unknown name. */
int sp_page_size(const char *name, double *w, double *h);

/* The layout of a page of w x h points for the extent ext (xmin, ymin, xmax,
 * ymax, metres). */
void sp_map_layout_compute(const double ext[4], double page_w, double page_h, sp_map_layout *L);

void sp_map_world_to_page(const sp_map_layout *L, double x, double y, double *px, double *py);

/* The PNG pixel coordinates (x right, y down; pixel i covers [i, i+1)) of a
 * world point when the page is drawn at dpi. */
void sp_map_world_to_px(const sp_map_layout *L, double dpi, double x, double y, double *px,
                        double *py);

/* The scale bar: the largest length of 1, 2 or 5 x 10^k metres that is at
 * most a quarter of the frame width, placed at the frame's bottom left. */
void sp_scalebar_choose(const sp_map_layout *L, sp_lang lang, sp_scalebar *sb);

/* Largest of 1, 2, 5 x 10^k that is <= v (v > 0). */
double sp_nice_floor(double v);

typedef struct sp_map sp_map;

typedef struct {
    const char *title;       /* the title shown (already resolved) */
    const char *page_name;   /* "A4" or "A3", for the scale note */
    double page_w, page_h;   /* points */
    sp_lang lang;
} sp_map_opts;

/* Plan a map page: layout, symbols, labels.  d and t must outlive the map.
 * OUT: *out (sp_map_free). */
sp_status sp_map_new(const sp_results *d, const sp_map_opts *o, sp_text *t, sp_map **out);
void sp_map_free(sp_map *m);

const sp_map_layout *sp_map_get_layout(const sp_map *m);
const sp_scalebar *sp_map_get_scalebar(const sp_map *m);
void sp_map_label_stats(const sp_map *m, int *placed, int *dropped);

/* The labels placed: their number, and the text and collision box (page
 * points) of the i-th. */
int sp_map_n_labels(const sp_map *m);
const char *sp_map_label(const sp_map *m, int i, sp_quad *box);

/* Radius in points of the circle of a cluster of w workers (area
 * proportional to w). */
double sp_map_cluster_radius(const sp_map *m, double w);

/* Half the side of an existing station's square marker, points. */
#define SP_MAP_STATION_HALF 2.8
/* Station marker fill colour (tests look for it). */
#define SP_MAP_STATION_RGB 0x1a, 0x1a, 0x1a

/* Catchments are outlined one by one up to this many sites; beyond, only
 * the coverage tint and its outer edge are drawn. */
#define SP_MAP_MAX_OUTLINES 40

/* Draw the whole page. */
void sp_map_draw(const sp_map *m, cairo_t *cr, sp_text *t);

/* The subtitle of the page (mode, minutes, covered), owned by the map. */
const char *sp_map_subtitle(const sp_map *m);

#endif
