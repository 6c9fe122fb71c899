/* map_layout.h — the geometry of a map page: page sizes, the frame and the
 * legend panel, world (working CRS, metres) to page (points) coordinates,
 * the scale bar, and the symbol sizes tests measure.  Pure arithmetic: no
 * drawing, no state; any thread.  Included by map.h (its API). */
#ifndef SP_MAP_LAYOUT_H
#define SP_MAP_LAYOUT_H

#include "i18n.h"

/* The page grid, points. */
#define SP_MAP_MARGIN 22.0
#define SP_MAP_HEADER_H 44.0
#define SP_MAP_PANEL_W 196.0
#define SP_MAP_PANEL_GAP 12.0

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

/* Half the side of an existing station's square marker, points. */
#define SP_MAP_STATION_HALF 2.8
/* Station marker fill colour (tests look for it). */
#define SP_MAP_STATION_RGB 0x1a, 0x1a, 0x1a

/* Catchments are outlined one by one up to this many sites; beyond, only
 * the coverage tint and its outer edge are drawn. */
#define SP_MAP_MAX_OUTLINES 40

#endif
