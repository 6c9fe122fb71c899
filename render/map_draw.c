/* map_draw.c — the map's style and painters: road styles, paths in page
 * points, symbols, the page's white, title and frame clip (see map_draw.h).
 * Shared by map.c, map_labels.c, map_legend.c and the maps drawn on the run
 * map's layout (mobile_map.c, compare_map.c); it calls none of them. */
#include "map_draw.h"
#include "schema.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const road_style SP__ROADS[SP_RC_COUNT] = {
    [SP_RC_MOTORWAY] = {1.6, 0.40, INFINITY, 0},
    [SP_RC_TRUNK] = {1.4, 0.44, INFINITY, 0},
    [SP_RC_PRIMARY] = {1.1, 0.50, INFINITY, 0},
    [SP_RC_SECONDARY] = {0.8, 0.56, INFINITY, 0},
    [SP_RC_TERTIARY] = {0.55, 0.62, INFINITY, 0},
    [SP_RC_MINOR] = {0.3, 0.72, INFINITY, 0},
    [SP_RC_SERVICE] = {0.22, 0.78, 40000, 0},
    [SP_RC_PATH] = {0.2, 0.74, 20000, 1},
};

/* ---- paths ---- */

void sp__map_path_line(cairo_t *cr, const sp_map_layout *L, const double *xy, int n, int close)
{
    double lx = 0, ly = 0;
    for (int i = 0; i < n; i++) {
        double px, py;
        sp_map_world_to_page(L, xy[2 * i], xy[2 * i + 1], &px, &py);
        if (i == 0) {
            cairo_move_to(cr, px, py);
        } else {
            if (i < n - 1 && fabs(px - lx) < DECIMATE && fabs(py - ly) < DECIMATE)
                continue;
            cairo_line_to(cr, px, py);
        }
        lx = px;
        ly = py;
    }
    if (close)
        cairo_close_path(cr);
}


/* A hole smaller than this on the page (points, both sides of its box) is
 * a city block the walking band did not reach: real, but at map scale only
 * speckle, so tints fill over it. */
#define MIN_HOLE 2.5

void sp__map_path_shape(cairo_t *cr, const sp_map_layout *L, const sp_rshape *s, ring_sel sel)
{
    for (int32_t r = 0; r < s->n_rings; r++) {
        int32_t a = s->ring_off[r], b = s->ring_off[r + 1];
        if (b - a < 3)
            continue;
        if (s->hole[r] && (sel == RINGS_OUTER || sel == RINGS_OUTER_VISIBLE))
            continue;
        if ((s->hole[r] && sel == RINGS_FILL) || (!s->hole[r] && sel == RINGS_OUTER_VISIBLE)) {
            double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
            for (int32_t i = a; i < b; i++) {
                x0 = fmin(x0, s->xy[2 * i]);
                x1 = fmax(x1, s->xy[2 * i]);
                y0 = fmin(y0, s->xy[2 * i + 1]);
                y1 = fmax(y1, s->xy[2 * i + 1]);
            }
            if ((x1 - x0) * L->scale < MIN_HOLE || (y1 - y0) * L->scale < MIN_HOLE)
                continue;
        }
        sp__map_path_line(cr, L, s->xy + 2 * a, b - a, 1);
    }
}

/* The world rectangle the frame shows. */
void sp__map_frame_world(const sp_map_layout *L, double w[4])
{
    w[0] = L->cx - L->fw / 2 / L->scale;
    w[2] = L->cx + L->fw / 2 / L->scale;
    w[1] = L->cy - L->fh / 2 / L->scale;
    w[3] = L->cy + L->fh / 2 / L->scale;
}

int sp__map_bb_meets(const double a[4], double x0, double y0, double x1, double y1)
{
    return !(x1 < a[0] || x0 > a[2] || y1 < a[1] || y0 > a[3]);
}

int sp__map_is_facility(const sp_rsite *s) { return s->kind && !strcmp(s->kind, SP_KIND_FACILITY); }

double sp__map_radius(double w_max, double w)
{
    if (!(w > 0) || !(w_max > 0))
        return 0;
    return fmax(R_MAX * sqrt(w / w_max), R_MIN);
}

/* ---- symbols ---- */

void sp__map_cluster_symbol(cairo_t *cr, double x, double y, double r, int state)
{
    cairo_new_path(cr);
    cairo_arc(cr, x, y, r, 0, 2 * M_PI);
    if (state == 1) {
        cairo_set_source_rgba(cr, HEX(C_COVERED), 0.85);
        cairo_fill_preserve(cr);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
        cairo_set_line_width(cr, 0.35);
    } else if (state == 2) {
        cairo_set_source_rgba(cr, HEX(C_COVERED_NEW), 0.9);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, HEX(C_COVERED));
        cairo_set_line_width(cr, 0.45);
    } else {
        cairo_set_source_rgba(cr, HEX(C_UNCOVERED), 0.9);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, HEX(C_UNCOVERED_LINE));
        cairo_set_line_width(cr, 0.55);
    }
    cairo_stroke(cr);
}

/* ---- area clusters ---- */

double sp__map_area_share(const sp_rcluster *c)
{
    if (!isnan(c->workers_covered_after) && c->workers > 0)
        return c->workers_covered_after / c->workers;
    return c->share_covered;
}

sp__area_state sp__map_area_state_before(const sp_rcluster *c)
{
    if (c->share_covered >= 1)
        return SP_AREA_COVERED;
    return c->share_covered > 0 ? SP_AREA_PARTLY : SP_AREA_NOT;
}

sp__area_state sp__map_area_state(const sp_rcluster *c)
{
    if (c->share_covered >= 1)
        return SP_AREA_COVERED;
    double s = sp__map_area_share(c);
    if (s >= 1)
        return SP_AREA_NEW;
    return s > 0 ? SP_AREA_PARTLY : SP_AREA_NOT;
}

void sp__map_area_paint(cairo_t *cr, sp__area_state s)
{
    static const unsigned fill[SP_AREA_STATES] = {C_UNCOVERED, C_PARTLY, C_COVERED_NEW, C_COVERED};
    static const unsigned line[SP_AREA_STATES] = {C_UNCOVERED_LINE, C_PARTLY_LINE, C_COVERED_LINE,
                                                  C_COVERED_LINE};
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_source_rgba(cr, HEX(fill[s]), AREA_ALPHA);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, HEX(line[s]));
    cairo_set_line_width(cr, 0.5);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
}

void sp__map_draw_areas(cairo_t *cr, const sp_map_layout *L, const sp_results *d, const double *fw)
{
    for (int s = SP_AREA_NOT; s <= SP_AREA_COVERED; s++)
        for (int i = 0; i < d->n_clusters; i++) {
            const sp_rcluster *c = &d->clusters[i];
            const sp_rshape *sh = &c->shape;
            if (!c->is_area || !sh->n_rings || (int)sp__map_area_state(c) != s ||
                !sp__map_bb_meets(fw, sh->bb[0], sh->bb[1], sh->bb[2], sh->bb[3]))
                continue;
            cairo_new_path(cr);
            double w = (sh->bb[2] - sh->bb[0]) * L->scale, h = (sh->bb[3] - sh->bb[1]) * L->scale;
            if (fmax(w, h) < AREA_MIN) {   /* too small to see: a square of AREA_MIN */
                double px, py;
                sp_map_world_to_page(L, (sh->bb[0] + sh->bb[2]) / 2, (sh->bb[1] + sh->bb[3]) / 2, &px, &py);
                cairo_rectangle(cr, px - AREA_MIN / 2, py - AREA_MIN / 2, AREA_MIN, AREA_MIN);
            } else {
                sp__map_path_shape(cr, L, sh, RINGS_FILL);
            }
            sp__map_area_paint(cr, (sp__area_state)s);
        }
}

int sp__map_any_area(const sp_results *d, int s)
{
    for (int i = 0; i < d->n_clusters; i++)
        if (d->clusters[i].is_area && (s < 0 || (int)sp__map_area_state(&d->clusters[i]) == s))
            return 1;
    return 0;
}

void sp__map_station_symbol(cairo_t *cr, double x, double y, int facility, int reachable)
{
    double h = SP_MAP_STATION_HALF;
    unsigned col = facility ? C_FACILITY : C_STATION;
    cairo_new_path(cr);
    if (facility)
        cairo_arc(cr, x, y, h * 1.15, 0, 2 * M_PI);
    else
        cairo_rectangle(cr, x - h, y - h, 2 * h, 2 * h);
    if (reachable) {
        cairo_set_source_rgb(cr, HEX(col));
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
    } else {
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, HEX(col));
        cairo_set_line_width(cr, 0.8);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, HEX(col));
    }
    /* a cross, the health sign */
    double a = h * 0.62, b = h * 0.2;
    cairo_rectangle(cr, x - a, y - b, 2 * a, 2 * b);
    cairo_rectangle(cr, x - b, y - a, 2 * b, 2 * a);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    cairo_fill(cr);
}

/* ---- capacity ---- */

sp__util_class sp__map_util_class(const sp_rsite *s)
{
    if (!isfinite(s->capacity) || !isfinite(s->load))
        return SP_UTIL_NONE;
    /* the pipeline's "full" (pipeline/capacity.c): load = capacity up to rounding */
    if (s->load >= s->capacity - 1e-9 * fmax(1, s->capacity))
        return SP_UTIL_FULL;
    return s->load < 0.8 * s->capacity ? SP_UTIL_LOW : SP_UTIL_HIGH;
}

void sp__map_site_symbol(cairo_t *cr, double x, double y, int facility, int reachable,
                         sp__util_class cls)
{
    if (cls == SP_UTIL_NONE || !reachable) {
        sp__map_station_symbol(cr, x, y, facility, reachable);
        return;
    }
    static const unsigned fill[3] = {C_UTIL_LOW, C_UTIL_HIGH, C_UTIL_FULL};
    double h = SP_MAP_STATION_HALF;
    cairo_new_path(cr);
    if (facility)
        cairo_arc(cr, x, y, h * 1.15, 0, 2 * M_PI);
    else
        cairo_rectangle(cr, x - h, y - h, 2 * h, 2 * h);
    cairo_set_source_rgb(cr, HEX(fill[cls]));
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, HEX(C_UTIL_EDGE));
    cairo_set_line_width(cr, 0.7);
    cairo_stroke(cr);
    /* the cross: dark on the light fills, white on the full one */
    if (cls == SP_UTIL_FULL)
        cairo_set_source_rgb(cr, 1, 1, 1);
    else
        cairo_set_source_rgb(cr, HEX(C_UTIL_EDGE));
    double a = h * 0.62, b = h * 0.2;
    cairo_rectangle(cr, x - a, y - b, 2 * a, 2 * b);
    cairo_rectangle(cr, x - b, y - a, 2 * b, 2 * a);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    cairo_fill(cr);
}

double sp__map_served_share(const sp_rcluster *c)
{
    if (!isfinite(c->served) || !(c->workers > 0))
        return 1;
    double eps = 1e-9 * fmax(1, c->workers);
    if (c->served >= c->workers - eps || (isfinite(c->unserved) && c->unserved <= eps))
        return 1;
    return c->served <= eps ? 0 : fmin(fmax(c->served / c->workers, 0), 1);
}

void sp__map_cluster_served_symbol(cairo_t *cr, double x, double y, double r, double share)
{
    if (share >= 1) {
        sp__map_cluster_symbol(cr, x, y, r, 1);
        return;
    }
    cairo_new_path(cr);
    cairo_arc(cr, x, y, r, 0, 2 * M_PI);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.95);
    cairo_fill(cr);
    if (share > 0) {
        cairo_new_path(cr);
        cairo_move_to(cr, x, y);
        cairo_arc(cr, x, y, r, -M_PI / 2, -M_PI / 2 + 2 * M_PI * share);
        cairo_close_path(cr);
        cairo_set_source_rgba(cr, HEX(C_COVERED), 0.85);
        cairo_fill(cr);
    }
    cairo_new_path(cr);
    cairo_arc(cr, x, y, fmax(r - 0.35, 0.2), 0, 2 * M_PI);
    cairo_set_source_rgb(cr, HEX(C_COVERED));
    cairo_set_line_width(cr, 0.7);
    cairo_stroke(cr);
}

void sp__map_rec_marker(cairo_t *cr, sp_text *t, double x, double y, int rank)
{
    cairo_new_path(cr);
    cairo_arc(cr, x, y, REC_R, 0, 2 * M_PI);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1.4);
    cairo_stroke(cr);
    char n[16];
    snprintf(n, sizeof n, "%d", rank);
    double size = rank >= 100 ? 5.0 : rank >= 10 ? 6.3 : 7.2;
    cairo_set_source_rgb(cr, 0, 0, 0);
    sp_text_draw(t, cr, n, size, SP_TXT_BOLD, x, y, SP_AL_CENTER, SP_AL_MIDDLE, NULL);
}

static void set_grey(cairo_t *cr, double g) { cairo_set_source_rgb(cr, g, g, g); }

void sp__map_stroke_road(cairo_t *cr, int c, double scale)
{
    const road_style *s = &SP__ROADS[c];
    set_grey(cr, s->grey);
    cairo_set_line_width(cr, s->width * scale);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    if (s->dashed) {
        const double dash[] = {1.2, 0.9};
        cairo_set_dash(cr, dash, 2, 0);
    } else {
        cairo_set_dash(cr, NULL, 0, 0);
    }
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

void sp__map_stroke_unroutable(cairo_t *cr, double scale)
{
    const double dash[] = {0.1, 1.6};
    cairo_set_source_rgba(cr, HEX(C_UNROUTABLE), 0.9);
    cairo_set_line_width(cr, 1.1 * scale);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

void sp__map_draw_roads(cairo_t *cr, const sp_map_layout *L, const sp_results *d,
                        const double *fw, double scale)
{
    for (int c = SP_RC_COUNT - 1; c >= 0; c--) {
        if (!(L->denominator < SP__ROADS[c].max_den))
            continue;
        cairo_new_path(cr);
        int any = 0;
        for (int k = 0; k < d->n_roads; k++) {
            const float *bb = &d->road_bb[4 * k];
            if (d->road_class[k] != c || !d->road_main[k] ||
                !sp__map_bb_meets(fw, bb[0], bb[1], bb[2], bb[3]))
                continue;
            sp__map_path_line(cr, L, d->road_xy + 2 * (size_t)d->road_off[k],
                              d->road_off[k + 1] - d->road_off[k], 0);
            any = 1;
        }
        if (any)
            sp__map_stroke_road(cr, c, scale);
        else
            cairo_new_path(cr);
    }
    /* roads outside the routable network (summary.json network
     * roads_not_routable): dotted, so that none reads as reachable */
    cairo_new_path(cr);
    for (int k = 0; k < d->n_roads; k++) {
        const float *bb = &d->road_bb[4 * k];
        if (d->road_main[k] || !(L->denominator < SP__ROADS[d->road_class[k]].max_den) ||
            !sp__map_bb_meets(fw, bb[0], bb[1], bb[2], bb[3]))
            continue;
        sp__map_path_line(cr, L, d->road_xy + 2 * (size_t)d->road_off[k],
                          d->road_off[k + 1] - d->road_off[k], 0);
    }
    sp__map_stroke_unroutable(cr, scale);
}

int sp__map_any_unroutable(const sp_results *d)
{
    for (int k = 0; k < d->n_roads; k++)
        if (!d->road_main[k])
            return 1;
    return 0;
}

/* ---- the frame ---- */

/* ---- the page ---- */

void sp__map_fill_page(cairo_t *cr, const sp_map_layout *L)
{
    cairo_rectangle(cr, 0, 0, L->page_w, L->page_h);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill(cr);
}

void sp__map_draw_title(cairo_t *cr, sp_text *t, const sp_map_layout *L, const char *title,
                        const char *subtitle)
{
    double width = L->page_w - 2 * SP_MAP_MARGIN;
    PangoLayout *l = sp_text_layout(t, title, 15, SP_TXT_BOLD, 0);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    cairo_set_source_rgb(cr, HEX(C_TEXT));
    sp_text_show(t, cr, l, SP_MAP_MARGIN, SP_MAP_MARGIN - 4, 0);
    g_object_unref(l);
    l = sp_text_layout(t, subtitle, 9, 0, 0);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    sp_text_show(t, cr, l, SP_MAP_MARGIN, SP_MAP_MARGIN + 18, 0);
    g_object_unref(l);
}

void sp__map_clip_frame(cairo_t *cr, const sp_map_layout *L)
{
    cairo_rectangle(cr, L->fx, L->fy, L->fw, L->fh);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
}
