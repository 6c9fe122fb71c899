/* map.c — the map page (see map.h).
 *
 * Drawing order, bottom to top: coverage tint (one layer per threshold, so
 * nearer rings are darker), roads by class (minor first), catchment
 * outlines, gap outlines (dashed), worker clusters (largest first, so small
 * circles stay visible on top), existing sites, recommended sites (rank 1
 * on top), labels; then the furniture (north arrow, scale bar,
 * attribution), the frame, the title and the legend.
 *
 * Colours come from ColorBrewer's RdBu scheme (colour-blind safe): covered
 * #2166ac (dark blue, white outline), covered by recommended sites #92c5de
 * (light blue, blue outline), not covered #d6604d (orange-red, dark red
 * outline); their lightness differs, and so do their outlines, so they stay
 * apart in greyscale.  Roads are greys, wider and darker for major classes.
 */
#include "map.h"

#include <geos_c.h>
#include <glib.h>
#include <math.h>
#include <proj.h>
#include <stdlib.h>
#include <string.h>

#include "map_private.h"

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

/* ---- geometry ---- */

int sp_page_size(const char *name, double *w, double *h)
{
    /* ISO 216 in millimetres, landscape. */
    double wm, hm;
    if (name && !g_ascii_strcasecmp(name, "A4")) {
        wm = 297;
        hm = 210;
    } else if (name && !g_ascii_strcasecmp(name, "A3")) {
        wm = 420;
        hm = 297;
    } else {
        return 0;
    }
    *w = wm / 25.4 * 72;
    *h = hm / 25.4 * 72;
    return 1;
}

void sp_map_layout_compute(const double ext[4], double page_w, double page_h, sp_map_layout *L)
{
    memset(L, 0, sizeof *L);
    L->page_w = page_w;
    L->page_h = page_h;
    L->fx = MARGIN;
    L->fy = MARGIN + HEADER_H;
    L->fw = page_w - 2 * MARGIN - PANEL_W - PANEL_GAP;
    L->fh = page_h - L->fy - MARGIN;
    L->px = L->fx + L->fw + PANEL_GAP;
    L->py = L->fy;
    L->pw = PANEL_W;
    L->ph = L->fh;
    double ew = fmax(ext[2] - ext[0], 1.0), eh = fmax(ext[3] - ext[1], 1.0);
    L->scale = fmin(L->fw / ew, L->fh / eh);
    L->cx = (ext[0] + ext[2]) / 2;
    L->cy = (ext[1] + ext[3]) / 2;
    /* 1 m on the ground is scale points = scale * 0.0254 / 72 m on paper. */
    L->denominator = 72.0 / (0.0254 * L->scale);
}

void sp_map_world_to_page(const sp_map_layout *L, double x, double y, double *px, double *py)
{
    *px = L->fx + L->fw / 2 + (x - L->cx) * L->scale;
    *py = L->fy + L->fh / 2 - (y - L->cy) * L->scale;
}

void sp_map_world_to_px(const sp_map_layout *L, double dpi, double x, double y, double *px,
                        double *py)
{
    sp_map_world_to_page(L, x, y, px, py);
    *px *= dpi / 72.0;
    *py *= dpi / 72.0;
}

double sp_nice_floor(double v)
{
    if (!(v > 0))
        return 0;
    double p = pow(10, floor(log10(v)));
    /* guard against log10 rounding just below a power of ten */
    if (p * 10 <= v * (1 + 1e-12))
        p *= 10;
    double m = v / p;
    double f = m >= 5 - 1e-9 ? 5 : m >= 2 - 1e-9 ? 2 : 1;
    return f * p;
}

void sp_scalebar_choose(const sp_map_layout *L, sp_lang lang, sp_scalebar *sb)
{
    memset(sb, 0, sizeof *sb);
    double width_m = L->fw / L->scale;
    sb->length_m = sp_nice_floor(width_m / 4);
    double lead = sb->length_m / pow(10, floor(log10(sb->length_m) + 1e-9));
    sb->segments = lead > 4 ? 5 : 4;
    sb->w = sb->length_m * L->scale;
    sb->h = 4.0;
    sb->x = L->fx + 16;
    sb->y = L->fy + L->fh - 10 - sb->h;
    sp_fmt_dist(lang, sb->length_m, sb->label, sizeof sb->label);
}

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
        if (s->hole[r] && sel == RINGS_OUTER)
            continue;
        if (s->hole[r] && sel == RINGS_FILL) {
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

/* ---- true north ---- */

/* The page direction of true north at world point (x, y) of the CRS: the
 * grid of a UTM zone is turned against the meridians away from the central
 * meridian (meridian convergence).  Falls back to straight up. */
static void true_north(const char *crs, double x, double y, double *ux, double *uy)
{
    *ux = 0;
    *uy = -1;
    if (!crs)
        return;
    PJ_CONTEXT *ctx = proj_context_create();
    if (!ctx)
        return;
    proj_log_level(ctx, PJ_LOG_NONE);
    PJ *P = proj_create_crs_to_crs(ctx, "EPSG:4326", crs, NULL);
    if (P) {
        PJ *N = proj_normalize_for_visualization(ctx, P);
        proj_destroy(P);
        P = N;
    }
    if (P) {
        PJ_COORD ll = proj_trans(P, PJ_INV, proj_coord(x, y, 0, 0));
        if (isfinite(ll.v[0]) && isfinite(ll.v[1]) && fabs(ll.v[1]) < 89) {
            PJ_COORD n = proj_trans(P, PJ_FWD, proj_coord(ll.v[0], ll.v[1] + 0.01, 0, 0));
            double dx = n.v[0] - x, dy = n.v[1] - y, len = hypot(dx, dy);
            if (isfinite(len) && len > 0) {
                *ux = dx / len;
                *uy = -dy / len;
            }
        }
        proj_destroy(P);
    }
    proj_context_destroy(ctx);
}

static int cmp_by_workers_desc(const void *a, const void *b, void *arg)
{
    const sp_results *d = arg;
    int i = *(const int *)a, j = *(const int *)b;
    double wi = d->clusters[i].workers, wj = d->clusters[j].workers;
    if (wi != wj)
        return wi > wj ? -1 : 1;
    return i - j;
}

int sp__map_is_facility(const sp_rsite *s) { return s->kind && !strcmp(s->kind, SP_KIND_FACILITY); }


/* ---- plan ---- */

static char *subtitle_of(const sp_results *d, sp_lang lang)
{
    char mins[32], cov[32], tot[32], pct[32];
    double minutes = sp_results_num(d, "minutes", 0);
    sp_fmt_num(lang, minutes, fabs(minutes - round(minutes)) < 1e-9 ? 0 : 1, mins, sizeof mins);
    sp_fmt_int(lang, sp_results_num(d, "workers_covered", 0), cov, sizeof cov);
    sp_fmt_int(lang, sp_results_num(d, "workers_total", 0), tot, sizeof tot);
    sp_fmt_pct(lang, sp_results_num(d, "percent_covered", 0), 1, pct, sizeof pct);
    char *s = sp_trf(lang, M_SUBTITLE, sp_tr_mode(lang, sp_results_str(d, "mode", "")), mins, cov, tot, pct);
    if (d->n_recs > 0) {
        char n[16], after[32];
        snprintf(n, sizeof n, "%d", d->n_recs);
        sp_fmt_pct(lang, d->recs[d->n_recs - 1].percent, 1, after, sizeof after);
        char *extra = sp_trf(lang, M_SUBTITLE_NEW, n, after);
        char *both = g_strconcat(s, extra, NULL);
        g_free(s);
        g_free(extra);
        s = both;
    }
    return s;
}

static int network_is_osm(const sp_results *d)
{
    const char *n = sp_results_str(d, "sources.network", "");
    size_t l = strlen(n);
    return (l >= 4 && !g_ascii_strcasecmp(n + l - 4, ".osm")) ||
           (l >= 4 && !g_ascii_strcasecmp(n + l - 4, ".pbf")) ||
           (l >= 8 && !g_ascii_strcasecmp(n + l - 8, ".osm.bz2"));
}

sp_status sp_map_new(const sp_results *d, const sp_map_opts *o, sp_text *t, sp_map **out)
{
    *out = NULL;
    sp_map *m = calloc(1, sizeof *m);
    if (!m)
        return sp_error(SP_E_NOMEM, "out of memory");
    m->d = d;
    m->o = *o;
    m->title = g_strdup(o->title);
    m->page_name = g_strdup(o->page_name);
    m->o.title = m->title;
    m->o.page_name = m->page_name;
    m->subtitle = subtitle_of(d, o->lang);
    double ext[4];
    if (!sp_rdata_extent(d, ext)) {
        /* nothing to fit: show the roads, or a unit square */
        ext[0] = ext[1] = 0;
        ext[2] = ext[3] = 1000;
        if (d->n_roads) {
            ext[0] = ext[1] = INFINITY;
            ext[2] = ext[3] = -INFINITY;
            for (int k = 0; k < d->n_roads; k++) {
                ext[0] = fmin(ext[0], d->road_bb[4 * k]);
                ext[1] = fmin(ext[1], d->road_bb[4 * k + 1]);
                ext[2] = fmax(ext[2], d->road_bb[4 * k + 2]);
                ext[3] = fmax(ext[3], d->road_bb[4 * k + 3]);
            }
        }
    }
    sp_map_layout_compute(ext, o->page_w, o->page_h, &m->L);
    sp_scalebar_choose(&m->L, o->lang, &m->sb);
    m->road_scale = m->L.denominator < 30000 ? 1.3 : 1.0;

    /* the scale bar's white box: "0" over the left end, the label over the right end */
    double lw, lh, zw;
    sp_text_measure(t, m->sb.label, 7, 0, &lw, &lh);
    sp_text_measure(t, "0", 7, 0, &zw, NULL);
    m->sb_box[0] = m->sb.x - zw / 2 - 5;
    m->sb_box[1] = m->sb.y - lh - 5;
    m->sb_box[2] = m->sb.w + zw / 2 + lw / 2 + 10;
    m->sb_box[3] = m->sb.h + lh + 9;

    m->attrib = network_is_osm(d) ? g_strdup(sp_tr(o->lang, M_ATTRIB_OSM)) : NULL;
    if (!m->attrib) {
        char *base = g_path_get_basename(sp_results_str(d, "sources.network", "?"));
        m->attrib = sp_trf(o->lang, M_ATTRIB_ROADS, base);
        g_free(base);
    }
    double aw, ah;
    sp_text_measure(t, m->attrib, 6, 0, &aw, &ah);
    m->attrib_box[2] = aw + 6;
    m->attrib_box[3] = ah + 2;
    m->attrib_box[0] = m->L.fx + m->L.fw - m->attrib_box[2] - 1;
    m->attrib_box[1] = m->L.fy + m->L.fh - m->attrib_box[3] - 1;

    m->north_c[0] = m->L.fx + m->L.fw - 20;
    m->north_c[1] = m->L.fy + 26;
    true_north(sp_results_str(d, "crs", NULL), m->L.cx, m->L.cy, &m->north_ux, &m->north_uy);

    m->order = malloc((d->n_clusters ? (size_t)d->n_clusters : 1) * sizeof *m->order);
    if (!m->order) {
        sp_map_free(m);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    for (int i = 0; i < d->n_clusters; i++) {
        m->order[i] = i;
        if (d->clusters[i].workers > m->w_max)
            m->w_max = d->clusters[i].workers;
    }
    g_qsort_with_data(m->order, d->n_clusters, sizeof *m->order, cmp_by_workers_desc, (void *)d);
    sp__map_place_labels(m, t);
    *out = m;
    return SP_OK;
}

void sp_map_free(sp_map *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->n_labels; i++)
        g_free(m->labels[i].text);
    free(m->labels);
    free(m->order);
    g_free(m->title);
    g_free(m->subtitle);
    g_free(m->page_name);
    g_free(m->attrib);
    free(m);
}

const sp_map_layout *sp_map_get_layout(const sp_map *m) { return &m->L; }
const sp_scalebar *sp_map_get_scalebar(const sp_map *m) { return &m->sb; }
const char *sp_map_subtitle(const sp_map *m) { return m->subtitle; }

int sp_map_n_labels(const sp_map *m) { return m->n_labels; }

const char *sp_map_label(const sp_map *m, int i, sp_quad *box)
{
    if (i < 0 || i >= m->n_labels)
        return NULL;
    if (box)
        *box = m->labels[i].box;
    return m->labels[i].text;
}

void sp_map_label_stats(const sp_map *m, int *placed, int *dropped)
{
    *placed = m->placed;
    *dropped = m->dropped;
}

double sp_map_cluster_radius(const sp_map *m, double w)
{
    if (!(w > 0) || !(m->w_max > 0))
        return 0;
    return fmax(R_MAX * sqrt(w / m->w_max), R_MIN);
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

/* ---- the frame ---- */

static void draw_frame_content(const sp_map *m, cairo_t *cr, sp_text *t)
{
    const sp_results *d = m->d;
    const sp_map_layout *L = &m->L;
    double fw[4];
    sp__map_frame_world(L, fw);

    cairo_save(cr);
    cairo_rectangle(cr, L->fx, L->fy, L->fw, L->fh);
    cairo_clip(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);

    /* coverage tint: each threshold's union once, so overlapping catchments
     * do not darken, but nearer rings (inside more unions) do */
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (int k = d->n_rings - 1; k >= 0; k--) {
        cairo_new_path(cr);
        sp__map_path_shape(cr, L, &d->rings[k], RINGS_FILL);
        cairo_set_source_rgba(cr, HEX(C_TINT), TINT_ALPHA);
        cairo_fill(cr);
    }

    /* roads, minor classes first */
    for (int c = SP_RC_COUNT - 1; c >= 0; c--) {
        if (!(L->denominator < SP__ROADS[c].max_den))
            continue;
        cairo_new_path(cr);
        int any = 0;
        for (int k = 0; k < d->n_roads; k++) {
            if (d->road_class[k] != c)
                continue;
            const float *bb = &d->road_bb[4 * k];
            if (!sp__map_bb_meets(fw, bb[0], bb[1], bb[2], bb[3]))
                continue;
            sp__map_path_line(cr, L, d->road_xy + 2 * (size_t)d->road_off[k], d->road_off[k + 1] - d->road_off[k], 0);
            any = 1;
        }
        if (any)
            sp__map_stroke_road(cr, c, m->road_scale);
        else
            cairo_new_path(cr);
    }

    /* catchment outlines, thin, so overlaps read as crossing lines; with
     * many sites they would only be a mesh, and the tint says it all */
    cairo_set_source_rgba(cr, HEX(C_COVERED), 0.55);
    cairo_set_line_width(cr, 0.3);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (int i = 0; d->n_catchments_last <= SP_MAP_MAX_OUTLINES && i < d->n_catchments; i++) {
        const sp_rshape *s = &d->catchments[i].shape;
        if (!d->catchments[i].last || !s->n_rings || !sp__map_bb_meets(fw, s->bb[0], s->bb[1], s->bb[2], s->bb[3]))
            continue;
        cairo_new_path(cr);
        sp__map_path_shape(cr, L, s, RINGS_OUTER);
        cairo_stroke(cr);
    }
    /* the outer edge of the coverage */
    if (d->n_rings) {
        cairo_new_path(cr);
        sp__map_path_shape(cr, L, &d->rings[d->n_rings - 1], RINGS_OUTER);
        cairo_set_source_rgba(cr, HEX(C_COVERED), 0.8);
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
    }

    /* gaps: dashed outlines */
    const double dash[] = {3.0, 1.8};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_line_width(cr, 0.9);
    cairo_set_source_rgb(cr, HEX(C_GAP));
    for (int g = 0; g < d->n_gaps; g++) {
        const sp_rshape *s = &d->gaps[g].shape;
        if (!s->n_rings || !sp__map_bb_meets(fw, s->bb[0], s->bb[1], s->bb[2], s->bb[3]))
            continue;
        cairo_new_path(cr);
        sp__map_path_shape(cr, L, s, RINGS_FILL);
        cairo_stroke(cr);
    }
    cairo_set_dash(cr, NULL, 0, 0);

    /* clusters, largest first */
    for (int k = 0; k < d->n_clusters; k++) {
        const sp_rcluster *c = &d->clusters[m->order[k]];
        double r = sp_map_cluster_radius(m, c->workers);
        if (r <= 0)
            continue;
        double px, py;
        sp_map_world_to_page(L, c->x, c->y, &px, &py);
        if (px < L->fx - r || px > L->fx + L->fw + r || py < L->fy - r || py > L->fy + L->fh + r)
            continue;
        sp__map_cluster_symbol(cr, px, py, r, c->covered ? 1 : c->new_rank ? 2 : 0);
    }

    /* existing sites */
    for (int i = 0; i < d->n_sites; i++) {
        double px, py;
        sp_map_world_to_page(L, d->sites[i].x, d->sites[i].y, &px, &py);
        sp__map_station_symbol(cr, px, py, sp__map_is_facility(&d->sites[i]), d->sites[i].reachable);
    }

    /* recommended sites, rank 1 drawn last (on top) */
    for (int i = d->n_recs - 1; i >= 0; i--) {
        if (!d->recs[i].has_xy)
            continue;
        double px, py;
        sp_map_world_to_page(L, d->recs[i].x, d->recs[i].y, &px, &py);
        sp__map_rec_marker(cr, t, px, py, d->recs[i].rank);
    }

    /* labels */
    for (int i = 0; i < m->n_labels; i++) {
        const label *l = &m->labels[i];
        cairo_save(cr);
        cairo_translate(cr, l->cx, l->cy);
        cairo_rotate(cr, l->angle);
        cairo_set_source_rgb(cr, HEX(l->rgb));
        sp_text_draw(t, cr, l->text, l->size, l->flags, 0, 0, SP_AL_CENTER, SP_AL_MIDDLE, NULL);
        cairo_restore(cr);
    }
    cairo_restore(cr);
}

static void draw_north(const sp_map *m, cairo_t *cr, sp_text *t)
{
    double cx = m->north_c[0], cy = m->north_c[1] + 4;
    double ux = m->north_ux, uy = m->north_uy, nx = -uy, ny = ux;
    cairo_new_path(cr);
    cairo_arc(cr, cx, cy - 4, 15, 0, 2 * M_PI);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
    cairo_fill(cr);
    double tipx = cx + ux * 9, tipy = cy + uy * 9;
    double tx = cx - ux * 7, ty = cy - uy * 7;
    double bx = cx - ux * 4, by = cy - uy * 4;
    /* left half black, right half white: readable on any background */
    cairo_move_to(cr, tipx, tipy);
    cairo_line_to(cr, bx - nx * 5, by - ny * 5);
    cairo_line_to(cr, tx, ty);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_fill(cr);
    cairo_move_to(cr, tipx, tipy);
    cairo_line_to(cr, bx + nx * 5, by + ny * 5);
    cairo_line_to(cr, tx, ty);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.7);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_stroke(cr);
    cairo_move_to(cr, tipx, tipy);
    cairo_line_to(cr, bx - nx * 5, by - ny * 5);
    cairo_line_to(cr, tx, ty);
    cairo_close_path(cr);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    sp_text_draw(t, cr, sp_tr(m->o.lang, M_NORTH), 8, SP_TXT_BOLD, cx + ux * 15.5, cy + uy * 15.5,
                 SP_AL_CENTER, SP_AL_MIDDLE, NULL);
}

static void draw_scalebar(const sp_map *m, cairo_t *cr, sp_text *t)
{
    const sp_scalebar *sb = &m->sb;
    cairo_rectangle(cr, m->sb_box[0], m->sb_box[1], m->sb_box[2], m->sb_box[3]);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill(cr);
    /* A black bar exactly length_m * scale long, with every other segment
     * white inside a 0.6 pt border: its ends are the fill's edges. */
    double b = 0.6, seg = sb->w / sb->segments;
    cairo_rectangle(cr, sb->x, sb->y, sb->w, sb->h);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    for (int k = 1; k < sb->segments; k += 2) {
        double x0 = sb->x + k * seg, x1 = fmin(sb->x + (k + 1) * seg, sb->x + sb->w - b);
        cairo_rectangle(cr, x0, sb->y + b, x1 - x0, sb->h - 2 * b);
    }
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    sp_text_draw(t, cr, "0", 7, 0, sb->x, sb->y - 1.5, SP_AL_CENTER, SP_AL_BOTTOM, NULL);
    sp_text_draw(t, cr, sb->label, 7, 0, sb->x + sb->w, sb->y - 1.5, SP_AL_CENTER, SP_AL_BOTTOM, NULL);
}

static void draw_attribution(const sp_map *m, cairo_t *cr, sp_text *t)
{
    const double *b = m->attrib_box;
    cairo_rectangle(cr, b[0], b[1], b[2], b[3]);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    sp_text_draw(t, cr, m->attrib, 6, 0, b[0] + 3, b[1] + 1, SP_AL_LEFT, SP_AL_TOP, NULL);
}

static void draw_header(const sp_map *m, cairo_t *cr, sp_text *t)
{
    const sp_map_layout *L = &m->L;
    double width = L->page_w - 2 * MARGIN;
    PangoLayout *l = sp_text_layout(t, m->title, 15, SP_TXT_BOLD, 0);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    cairo_set_source_rgb(cr, HEX(C_TEXT));
    sp_text_show(t, cr, l, MARGIN, MARGIN - 4, 0);
    g_object_unref(l);
    l = sp_text_layout(t, m->subtitle, 9, 0, 0);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    sp_text_show(t, cr, l, MARGIN, MARGIN + 18, 0);
    g_object_unref(l);
}

void sp_map_draw(const sp_map *m, cairo_t *cr, sp_text *t)
{
    const sp_map_layout *L = &m->L;
    cairo_save(cr);
    cairo_rectangle(cr, 0, 0, L->page_w, L->page_h);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill(cr);
    draw_header(m, cr, t);
    draw_frame_content(m, cr, t);
    draw_north(m, cr, t);
    draw_scalebar(m, cr, t);
    draw_attribution(m, cr, t);
    cairo_rectangle(cr, L->fx, L->fy, L->fw, L->fh);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
    sp__map_draw_legend(m, cr, t);
    cairo_restore(cr);
}
