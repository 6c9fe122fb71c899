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
#include "map_layout.h"
#include "render_data.h"
#include "status.h"
#include "text.h"

typedef struct sp_map sp_map;

typedef struct {
    const char *title;       /* the title shown (already resolved) */
    const char *page_name;   /* "A4" or "A3", for the scale note */
    double page_w, page_h;   /* points */
    sp_lang lang;
    /* Optional, for other drawings on this layout (the mobile-unit map,
     * mobile_map.c); zero = the run map's behaviour:
     * extent: xmin, ymin, xmax, ymax (metres) to fit instead of the data
     * extent (sp_rdata_extent); labels_roads_only: place only road names
     * (no gap, site or cluster labels); avoid_xy: n_avoid world points
     * (x, y pairs) that labels keep clear of by avoid_r points. */
    const double *extent;
    int labels_roads_only;
    const double *avoid_xy;
    int n_avoid;
    double avoid_r;
} sp_map_opts;

/* Plan a map page: layout, symbols, labels.  d and t must outlive the map.
 * OUT: *out (sp_map_free). */
sp_status sp_map_new(const sp_results *d, const sp_map_opts *o, sp_text *t, sp_map **out);
void sp_map_free(sp_map *m);

const sp_map_layout *sp_map_get_layout(const sp_map *m);
void sp_map_label_stats(const sp_map *m, int *placed, int *dropped);

/* The labels placed: their number, and the text and collision box (page
 * points) of the i-th. */
int sp_map_n_labels(const sp_map *m);
const char *sp_map_label(const sp_map *m, int i, sp_quad *box);

/* Radius in points of the circle of a cluster of w workers (area
 * proportional to w; the largest point cluster has the largest circle).
 * Area clusters (is_area) are drawn as their outlines, not as circles, and
 * do not set the scale. */
double sp_map_cluster_radius(const sp_map *m, double w);

/* Draw the whole page. */
void sp_map_draw(const sp_map *m, cairo_t *cr, sp_text *t);

/* The subtitle of the page (mode, minutes, covered), owned by the map. */
const char *sp_map_subtitle(const sp_map *m);

/* Parts of the page for another drawing on the same layout (the difference
 * map of siteplan compare, compare_map.c): the north arrow, scale bar,
 * attribution and frame line; the labels planned by sp_map_new (clipped to
 * the frame). */
void sp_map_draw_furniture(const sp_map *m, cairo_t *cr, sp_text *t);
void sp_map_draw_labels(const sp_map *m, cairo_t *cr, sp_text *t);

#endif
