/* map.c — the map page (see map.h).
 *
 * Drawing order, bottom to top: coverage tint (one layer per threshold, so
 * nearer rings are darker), with [siting] the area only the recommended
 * sites add (orange tint), roads by class (minor first), catchment outlines
 * (up to SP_MAP_MAX_OUTLINES sites, the recommended sites' in orange; with
 * more, the boundaries of the responsibility areas), area clusters (polygons
 * filled by covered share: covered, partly, not covered; thin darker
 * outlines), gap outlines (dashed, on top of the areas; with [siting] the
 * gaps left with the new sites), point clusters as circles (largest first,
 * so small circles stay visible on top), existing sites, recommended
 * sites (rank 1 on top), labels; then the furniture (north arrow, scale bar,
 * attribution), the frame, the title and the legend.
 *
 * Colours come from ColorBrewer's RdBu scheme (colour-blind safe): covered
 * #2166ac (dark blue, white outline), covered by recommended sites #92c5de
 * (light blue, blue outline), not covered #d6604d (orange-red, dark red
 * outline); their lightness differs, and so do their outlines, so they stay
 * apart in greyscale.  Roads are greys, wider and darker for major classes.
 *
 * With [capacity] (summary.json "capacity"), a covered cluster shows the
 * share of its workers served (a blue sector in a blue ring; none served:
 * the ring alone, apart from the filled orange-red of not covered) and a
 * site with a capacity its utilisation class (RdPu: light under 80 %, pink
 * 80-99 %, dark magenta full); unlimited sites keep the plain symbol.
 * Without it nothing differs from a run without capacity, byte for byte.
 */
#include "map.h"

#include <geos_c.h>
#include <glib.h>
#include <json.h>
#include <math.h>
#include <proj.h>
#include <stdlib.h>
#include <string.h>

#include "map_draw.h"
#include "map_labels.h"
#include "map_legend.h"

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
    sp__map_labelset lab;
};

/* What the parts (labels, legend) read of m. */
static sp__map_view view_of(const sp_map *m, sp__map_labelset *labels)
{
    return (sp__map_view){m->d, &m->L, m->o.lang, m->o.page_name, m->w_max, m->road_scale,
                          m->order, m->north_c, m->sb_box, m->attrib_box, labels,
                          m->o.labels_roads_only, m->o.avoid_xy, m->o.n_avoid, m->o.avoid_r};
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
        /* capacitated siting: the ranks' percentages are of workers served */
        json_object *si = NULL, *cap = NULL;
        int served = json_object_object_get_ex(d->summary, "siting", &si) &&
                     json_object_object_get_ex(si, "capacitated", &cap) &&
                     json_object_get_boolean(cap);
        char *extra = sp_trf(lang, served ? M_SUBTITLE_NEW_SERVED : M_SUBTITLE_NEW, n, after);
        char *both = g_strconcat(s, extra, NULL);
        g_free(s);
        g_free(extra);
        s = both;
    }
    /* what the scenario changed (summary.json "changes", as written) */
    json_object *chg = NULL;
    if (json_object_object_get_ex(d->summary, "changes", &chg) &&
        json_object_is_type(chg, json_type_array) && json_object_array_length(chg) > 0) {
        GString *list = g_string_new(NULL);
        for (size_t i = 0; i < json_object_array_length(chg); i++)
            g_string_append_printf(list, "%s%s", i ? "; " : "",
                                   json_object_get_string(json_object_array_get_idx(chg, i)));
        char *extra = sp_trf(lang, M_SUBTITLE_CHANGES, list->str);
        char *both = g_strconcat(s, extra, NULL);
        g_free(s);
        g_free(extra);
        g_string_free(list, TRUE);
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
    if (o->extent) {
        memcpy(ext, o->extent, sizeof ext);
    } else if (!sp_rdata_extent(d, ext)) {
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
        if (!d->clusters[i].is_area && d->clusters[i].workers > m->w_max)   /* circles only */
            m->w_max = d->clusters[i].workers;
    }
    g_qsort_with_data(m->order, d->n_clusters, sizeof *m->order, cmp_by_workers_desc, (void *)d);
    sp__map_view v = view_of(m, &m->lab);
    sp__map_place_labels(&v, t);
    *out = m;
    return SP_OK;
}

void sp_map_free(sp_map *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->lab.n_labels; i++)
        g_free(m->lab.labels[i].text);
    free(m->lab.labels);
    free(m->order);
    g_free(m->title);
    g_free(m->subtitle);
    g_free(m->page_name);
    g_free(m->attrib);
    free(m);
}

const sp_map_layout *sp_map_get_layout(const sp_map *m) { return &m->L; }
const char *sp_map_subtitle(const sp_map *m) { return m->subtitle; }

int sp_map_n_labels(const sp_map *m) { return m->lab.n_labels; }

const char *sp_map_label(const sp_map *m, int i, sp_quad *box)
{
    if (i < 0 || i >= m->lab.n_labels)
        return NULL;
    if (box)
        *box = m->lab.labels[i].box;
    return m->lab.labels[i].text;
}

void sp_map_label_stats(const sp_map *m, int *placed, int *dropped)
{
    *placed = m->lab.placed;
    *dropped = m->lab.dropped;
}

double sp_map_cluster_radius(const sp_map *m, double w)
{
    return sp__map_radius(m->w_max, w);
}

/* The area the recommended sites add, per threshold: their catchments at
 * that threshold outside the existing coverage of that threshold (clipped
 * by its complement), filled as one group painted once, so that
 * overlapping catchments do not darken; nearer rings darker, as the
 * existing tint. */
static void draw_added_coverage(const sp_map *m, cairo_t *cr)
{
    const sp_results *d = m->d;
    const sp_map_layout *L = &m->L;
    if (d->n_catchments_new_last == 0)
        return;
    for (int k = d->n_rings - 1; k >= 0; k--) {
        cairo_save(cr);
        cairo_new_path(cr);
        cairo_rectangle(cr, L->fx, L->fy, L->fw, L->fh);
        sp__map_path_shape(cr, L, &d->rings[k], RINGS_FILL);
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        cairo_clip(cr);
        cairo_push_group(cr);
        cairo_set_source_rgb(cr, HEX(C_ADDED));
        for (int i = 0; i < d->n_catchments; i++) {
            const sp_rcatchment *c = &d->catchments[i];
            if (!c->recommended || !c->shape.n_rings || fabs(c->minutes - d->ring_minutes[k]) > 1e-9)
                continue;
            cairo_new_path(cr);
            sp__map_path_shape(cr, L, &c->shape, RINGS_FILL);
            cairo_fill(cr);
        }
        cairo_pop_group_to_source(cr);
        cairo_paint_with_alpha(cr, ADDED_ALPHA);
        cairo_restore(cr);
    }
}


/* The placed labels (map_labels.c), each rotated about its centre. */
static void draw_label_list(const sp_map *m, cairo_t *cr, sp_text *t)
{
    for (int i = 0; i < m->lab.n_labels; i++) {
        const label *l = &m->lab.labels[i];
        cairo_save(cr);
        cairo_translate(cr, l->cx, l->cy);
        cairo_rotate(cr, l->angle);
        cairo_set_source_rgb(cr, HEX(l->rgb));
        sp_text_draw(t, cr, l->text, l->size, l->flags, 0, 0, SP_AL_CENTER, SP_AL_MIDDLE, NULL);
        cairo_restore(cr);
    }
}

static void draw_frame_content(const sp_map *m, cairo_t *cr, sp_text *t)
{
    const sp_results *d = m->d;
    const sp_map_layout *L = &m->L;
    double fw[4];
    sp__map_frame_world(L, fw);

    cairo_save(cr);
    sp__map_clip_frame(cr, L);

    /* coverage tint: each threshold's union once, so overlapping catchments
     * do not darken, but nearer rings (inside more unions) do */
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (int k = d->n_rings - 1; k >= 0; k--) {
        cairo_new_path(cr);
        sp__map_path_shape(cr, L, &d->rings[k], RINGS_FILL);
        cairo_set_source_rgba(cr, HEX(C_TINT), TINT_ALPHA);
        cairo_fill(cr);
    }

    draw_added_coverage(m, cr);

    /* roads, minor classes first; those outside the routable network dotted */
    sp__map_draw_roads(cr, L, d, fw, m->road_scale);

    /* catchment outlines, thin, so overlaps read as crossing lines; with
     * many sites they would only be a mesh, and the tint says it all */
    cairo_set_source_rgba(cr, HEX(C_COVERED), 0.55);
    cairo_set_line_width(cr, 0.3);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (int i = 0; d->n_catchments_last <= SP_MAP_MAX_OUTLINES && i < d->n_catchments; i++) {
        const sp_rshape *s = &d->catchments[i].shape;
        if (!d->catchments[i].last || d->catchments[i].recommended || !s->n_rings || !sp__map_bb_meets(fw, s->bb[0], s->bb[1], s->bb[2], s->bb[3]))
            continue;
        cairo_new_path(cr);
        sp__map_path_shape(cr, L, s, RINGS_OUTER);
        cairo_stroke(cr);
    }
    /* the recommended sites' catchments: outlined in their own colour */
    cairo_set_source_rgba(cr, HEX(C_ADDED_EDGE), 0.9);
    cairo_set_line_width(cr, 0.7);
    for (int i = 0; i < d->n_catchments; i++) {
        const sp_rshape *s = &d->catchments[i].shape;
        if (!d->catchments[i].recommended || !d->catchments[i].last || !s->n_rings ||
            !sp__map_bb_meets(fw, s->bb[0], s->bb[1], s->bb[2], s->bb[3]))
            continue;
        cairo_new_path(cr);
        sp__map_path_shape(cr, L, s, RINGS_OUTER);
        cairo_stroke(cr);
    }
    /* responsibility areas (instead of the outlines, with many sites): thin
     * lines where the areas of two sites meet, pieces too small to see left
     * out; one path and one stroke, so a shared edge is not drawn darker */
    if (sp__map_shows_resp(d)) {
        cairo_new_path(cr);
        for (int i = 0; i < d->n_resp; i++) {
            const sp_rshape *s = &d->resp[i].shape;
            if (s->n_rings && sp__map_bb_meets(fw, s->bb[0], s->bb[1], s->bb[2], s->bb[3]))
                sp__map_path_shape(cr, L, s, RINGS_OUTER_VISIBLE);
        }
        cairo_set_source_rgba(cr, HEX(C_COVERED), 0.6);
        cairo_set_line_width(cr, 0.3);
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

    /* area clusters: filled by covered share, under the gap outlines */
    sp__map_draw_areas(cr, L, d, fw);

    /* gaps (with [siting], those left with the new sites): dashed outlines */
    const double dash[] = {3.0, 1.8};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_line_width(cr, 0.9);
    cairo_set_source_rgb(cr, HEX(C_GAP));
    int n_gaps;
    const sp_rgap *gaps = sp_rdata_map_gaps(d, &n_gaps);
    for (int g = 0; g < n_gaps; g++) {
        const sp_rshape *s = &gaps[g].shape;
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
        double r = c->is_area ? 0 : sp_map_cluster_radius(m, c->workers);
        if (r <= 0)
            continue;
        double px, py;
        sp_map_world_to_page(L, c->x, c->y, &px, &py);
        if (px < L->fx - r || px > L->fx + L->fw + r || py < L->fy - r || py > L->fy + L->fh + r)
            continue;
        if (d->sum.has_capacity && c->covered)
            sp__map_cluster_served_symbol(cr, px, py, r, sp__map_served_share(c));
        else
            sp__map_cluster_symbol(cr, px, py, r, c->covered ? 1 : c->new_rank ? 2 : 0);
    }

    /* existing sites; with [capacity] by utilisation, the fuller on top */
    if (d->sum.has_capacity) {
        for (int cls = SP_UTIL_NONE; cls <= SP_UTIL_FULL; cls++)
            for (int i = 0; i < d->n_sites; i++) {
                const sp_rsite *s = &d->sites[i];
                if ((int)sp__map_util_class(s) != cls)
                    continue;
                double px, py;
                sp_map_world_to_page(L, s->x, s->y, &px, &py);
                sp__map_site_symbol(cr, px, py, sp__map_is_facility(s), s->reachable, cls);
            }
    } else {
        for (int i = 0; i < d->n_sites; i++) {
            double px, py;
            sp_map_world_to_page(L, d->sites[i].x, d->sites[i].y, &px, &py);
            sp__map_station_symbol(cr, px, py, sp__map_is_facility(&d->sites[i]), d->sites[i].reachable);
        }
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
    draw_label_list(m, cr, t);
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

void sp_map_draw(const sp_map *m, cairo_t *cr, sp_text *t)
{
    const sp_map_layout *L = &m->L;
    cairo_save(cr);
    sp__map_fill_page(cr, L);
    sp__map_draw_title(cr, t, L, m->title, m->subtitle);
    draw_frame_content(m, cr, t);
    draw_north(m, cr, t);
    draw_scalebar(m, cr, t);
    draw_attribution(m, cr, t);
    cairo_rectangle(cr, L->fx, L->fy, L->fw, L->fh);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
    sp__map_view v = view_of(m, NULL);
    sp__map_draw_legend(&v, cr, t);
    cairo_restore(cr);
}

/* ---- parts for other pages on this layout (compare_map.c) ---- */

void sp_map_draw_furniture(const sp_map *m, cairo_t *cr, sp_text *t)
{
    const sp_map_layout *L = &m->L;
    cairo_save(cr);
    draw_north(m, cr, t);
    draw_scalebar(m, cr, t);
    draw_attribution(m, cr, t);
    cairo_rectangle(cr, L->fx, L->fy, L->fw, L->fh);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void sp_map_draw_labels(const sp_map *m, cairo_t *cr, sp_text *t)
{
    const sp_map_layout *L = &m->L;
    cairo_save(cr);
    cairo_rectangle(cr, L->fx, L->fy, L->fw, L->fh);
    cairo_clip(cr);
    draw_label_list(m, cr, t);
    cairo_restore(cr);
}
