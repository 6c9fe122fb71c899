/* compare_map.c — the difference map of siteplan compare (see compare_map.h).
 *
 * The page is the one of map.c: sp_map_new() plans it for a view of the
 * scenario's results with the baseline's clusters and without gaps or
 * recommendations (so its layout, scale bar, north arrow and road labels
 * are the run map's); this file draws what differs: the clusters by state,
 * the site changes, the header and the legend.
 *
 * Colours (ColorBrewer PiYG ends, colour-blind safe, and apart in
 * lightness from the unchanged ones): gained #1b7837 (dark green), lost
 * #c51b7d (magenta), both #a6cee3 (pale blue), neither white with a grey
 * outline.  Gained and lost clusters are drawn last and at least
 * CHANGED_R_MIN points wide, so a small cluster that changed stays visible.
 * Area clusters (polygons) are their outlines filled in the same colours,
 * translucent, under the circles; their state is the covered flag (some
 * demand point within reach) before and after.
 * Sites: added — the station square in a green ring; closed — a hollow
 * square crossed out in magenta; moved — a dashed line from the old place
 * (hollow square) to the new one.
 */
#include "compare_map.h"

#include <glib.h>
#include <json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare_text.h"
#include "map_draw.h"

#define C_GAINED 0x1b7837u
#define C_LOST 0xc51b7du
#define C_BOTH 0xa6cee3u
#define C_BOTH_LINE 0x4393c3u
#define C_NEITHER_LINE 0x969696u
#define C_MOVED 0x555555u
#define CHANGED_R_MIN 2.4
#define MAX_SITE_LABELS 20    /* changed sites are named when there are at most this many */
#define LEG_FONT 7.5
#define LEG_ROW 13.0
#define LEG_SW 22.0

struct sp_cmap {
    const sp_rcompare *c;
    const sp_results *base, *scen;
    int k;
    sp_results view;          /* the scenario with the baseline's clusters, no gaps or recs */
    sp_map *map;
    sp_lang lang;
    char *title, *sub1, *sub2, *page_name;
    uint8_t *state;           /* per baseline cluster */
    int *order;               /* baseline clusters, drawing order */
    sp_cmap_counts counts;
    int n_sc;
    sp_csite_change *sc;
    int n_lab;                /* labels of the changed sites */
    struct clabel { char *text; double cx, cy; unsigned rgb; } *lab;
};

static GHashTable *sites_by_id(const sp_results *d)
{
    GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = 0; i < d->n_sites; i++)
        if (d->sites[i].id)
            g_hash_table_insert(h, d->sites[i].id, GINT_TO_POINTER(i + 1));
    return h;
}

static void add_change(sp_cmap *m, sp_cs_kind kind, const sp_rsite *s, const sp_rsite *before, double dist)
{
    m->sc[m->n_sc++] = (sp_csite_change){kind, s, before, dist};
    m->counts.sites[kind]++;
}

/* added, closed, moved; within each, most workers within reach first */
static int cmp_change(const void *a, const void *b)
{
    const sp_csite_change *x = a, *y = b;
    if (x->kind != y->kind)
        return (int)x->kind - (int)y->kind;
    if (x->site->workers != y->site->workers)
        return x->site->workers > y->site->workers ? -1 : 1;
    return strcmp(x->site->id, y->site->id);
}

static void site_changes(sp_cmap *m)
{
    const sp_results *b = m->base, *s = m->scen;
    GHashTable *hb = sites_by_id(b), *hs = sites_by_id(s);
    /* (a site without an id cannot be matched: it is left out) */
    for (int i = 0; i < s->n_sites; i++)
        if (s->sites[i].id && !g_hash_table_lookup(hb, s->sites[i].id))
            add_change(m, SP_CS_ADDED, &s->sites[i], NULL, 0);
    for (int i = 0; i < b->n_sites; i++)
        if (b->sites[i].id && !g_hash_table_lookup(hs, b->sites[i].id))
            add_change(m, SP_CS_CLOSED, &b->sites[i], NULL, 0);
    for (int i = 0; i < s->n_sites; i++) {
        gpointer v = s->sites[i].id ? g_hash_table_lookup(hb, s->sites[i].id) : NULL;
        if (!v)
            continue;
        const sp_rsite *o = &b->sites[GPOINTER_TO_INT(v) - 1];
        double dist = hypot(o->x - s->sites[i].x, o->y - s->sites[i].y);
        if (dist > 1.0)
            add_change(m, SP_CS_MOVED, &s->sites[i], o, dist);
    }
    g_hash_table_destroy(hb);
    g_hash_table_destroy(hs);
    if (m->n_sc > 1) /* m->sc is NULL when nothing changed */
        qsort(m->sc, (size_t)m->n_sc, sizeof *m->sc, cmp_change);
}

static void cluster_states(sp_cmap *m)
{
    const sp_results *b = m->base;
    GHashTable *rows = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = 0; i < m->c->n_changes; i++)
        g_hash_table_insert(rows, m->c->changes[i].id, GINT_TO_POINTER(i + 1));
    for (int i = 0; i < b->n_clusters; i++) {
        const sp_rcluster *cl = &b->clusters[i];
        gpointer v = cl->id ? g_hash_table_lookup(rows, cl->id) : NULL;
        int was = cl->covered, is = cl->covered;
        if (v) {
            const sp_rchange *r = &m->c->changes[GPOINTER_TO_INT(v) - 1];
            was = r->covered[0] == 1;
            is = r->covered[m->k] == 1;
        }
        sp_cm_state st = was && is ? SP_CM_BOTH : was ? SP_CM_LOST : is ? SP_CM_GAINED : SP_CM_NEITHER;
        m->state[i] = (uint8_t)st;
        m->counts.clusters[st]++;
        m->counts.workers[st] += cl->workers;
    }
    g_hash_table_destroy(rows);
}

static int cmp_draw_order(const void *a, const void *b, void *arg)
{
    const sp_cmap *m = arg;
    int i = *(const int *)a, j = *(const int *)b;
    /* unchanged first, changed on top; within each, largest first */
    int ci = m->state[i] >= SP_CM_LOST, cj = m->state[j] >= SP_CM_LOST;
    if (ci != cj)
        return ci - cj;
    double wi = m->base->clusters[i].workers, wj = m->base->clusters[j].workers;
    if (wi != wj)
        return wi > wj ? -1 : 1;
    return i - j;
}

static char *fmt_minutes(sp_lang lang, double v)
{
    char b[32];
    return g_strdup(sp_fmt_num(lang, v, fabs(v - round(v)) < 1e-9 ? 0 : 1, b, sizeof b));
}

/* Line 2: the scenario's [changes] (summary.json "changes"), add_site.N
 * entries counted, or what else differs. */
static char *changes_line(const sp_cmap *m)
{
    sp_lang L = m->lang;
    json_object *arr = NULL;
    if (!json_object_object_get_ex(m->scen->summary, "changes", &arr) ||
        !json_object_is_type(arr, json_type_array) || json_object_array_length(arr) == 0) {
        const sp_rcomparison *r = &m->c->rows[m->k], *b = &m->c->rows[0];
        char *a1 = fmt_minutes(L, r->minutes), *a3 = fmt_minutes(L, b->minutes);
        char *s = sp_ctrf(L, MC_NO_CHANGES, a1, sp_tr_mode(L, r->mode), a3, sp_tr_mode(L, b->mode));
        g_free(a1);
        g_free(a3);
        return s;
    }
    GString *g = g_string_new(NULL);
    int n_add = 0, roads = 0;
    for (size_t i = 0; i < json_object_array_length(arr); i++) {
        const char *e = json_object_get_string(json_object_array_get_idx(arr, i));
        if (!e)
            continue;
        if (!strncmp(e, "add_site", 8)) {
            n_add++;
            continue;
        }
        if (!strncmp(e, "close_roads", 11))
            roads = 1;
        if (g->len)
            g_string_append(g, "; ");
        g_string_append(g, e);
    }
    if (n_add) {
        char n[16];
        snprintf(n, sizeof n, "%d", n_add);
        char *a = sp_ctrf(L, MC_SITES_ADDED_N, n);
        g_string_prepend(g, g->len ? "; " : "");
        g_string_prepend(g, a);
        g_free(a);
    }
    if (roads)
        g_string_append(g, sp_ctr(L, MC_ROADS_NOT_DRAWN));
    char *s = sp_ctrf(L, MC_CHANGES, g->str);
    g_string_free(g, TRUE);
    return s;
}

/* Names (else ids) of the sites added, closed and moved, next to their
 * markers, clear of the labels and the furniture the map planned. */
static void place_site_labels(sp_cmap *m, sp_text *t)
{
    const sp_map_layout *L = sp_map_get_layout(m->map);
    sp_labeler *lb = sp_labeler_new(L->fx + 2, L->fy + 2, L->fw - 4, L->fh - 4);
    m->lab = calloc((size_t)m->n_sc + 1, sizeof *m->lab);
    if (!lb || !m->lab || m->n_sc > MAX_SITE_LABELS) {
        sp_labeler_free(lb);
        return;
    }
    sp_quad q;
    for (int i = 0; i < sp_map_n_labels(m->map); i++) {
        sp_map_label(m->map, i, &q);
        sp_labeler_block(lb, &q);
    }
    /* north arrow (top right), scale bar (bottom left), attribution (bottom right) */
    q = sp_quad_rect(L->fx + L->fw - 44, L->fy, 44, 52);
    sp_labeler_block(lb, &q);
    q = sp_quad_rect(L->fx, L->fy + L->fh - 34, 150, 34);
    sp_labeler_block(lb, &q);
    q = sp_quad_rect(L->fx + L->fw - 190, L->fy + L->fh - 14, 190, 14);
    sp_labeler_block(lb, &q);
    double r = SP_MAP_STATION_HALF * 2.1 + 1.5;
    for (int i = 0; i < m->n_sc; i++) {
        double px, py;
        sp_map_world_to_page(L, m->sc[i].site->x, m->sc[i].site->y, &px, &py);
        q = sp_quad_rect(px - r, py - r, 2 * r, 2 * r);
        sp_labeler_block(lb, &q);
    }
    for (int i = 0; i < m->n_sc; i++) {
        const sp_csite_change *x = &m->sc[i];
        const char *text = x->site->name ? x->site->name : x->site->id;
        if (!text)
            continue;
        double ax, ay, w, h;
        sp_map_world_to_page(L, x->site->x, x->site->y, &ax, &ay);
        sp_text_measure(t, text, 6.5, SP_TXT_BOLD, &w, &h);
        const double pos[4][2] = {{ax + r, ay - h / 2}, {ax - r - w, ay - h / 2},
                                  {ax - w / 2, ay - r - h}, {ax - w / 2, ay + r}};
        for (int k = 0; k < 4; k++) {
            q = sp_quad_rect(pos[k][0], pos[k][1] + h * 0.12, w, h * 0.76);
            if (sp_labeler_take(lb, &q)) {
                unsigned rgb = x->kind == SP_CS_ADDED ? C_GAINED : x->kind == SP_CS_CLOSED ? C_LOST : C_MOVED;
                m->lab[m->n_lab++] = (struct clabel){g_strdup(text), pos[k][0] + w / 2, pos[k][1] + h / 2, rgb};
                break;
            }
        }
    }
    sp_labeler_free(lb);
}

sp_status sp_cmap_new(const sp_rcompare *c, int k, const sp_results *base, const sp_results *scen,
                      const sp_map_opts *o, sp_text *t, sp_cmap **out)
{
    *out = NULL;
    if (k < 1 || k >= c->n)
        return sp_error(SP_E_INTERNAL, "compare map: no scenario %d", k + 1);
    sp_cmap *m = calloc(1, sizeof *m);
    if (!m)
        return sp_error(SP_E_NOMEM, "out of memory");
    m->c = c;
    m->base = base;
    m->scen = scen;
    m->k = k;
    m->lang = o->lang;
    size_t nc = base->n_clusters ? (size_t)base->n_clusters : 1;
    m->state = calloc(nc, 1);
    m->order = malloc(nc * sizeof *m->order);
    m->sc = calloc((size_t)base->n_sites + (size_t)scen->n_sites + 1, sizeof *m->sc);
    if (!m->state || !m->order || !m->sc) {
        sp_cmap_free(m);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    cluster_states(m);
    site_changes(m);
    for (int i = 0; i < base->n_clusters; i++)
        m->order[i] = i;
    g_qsort_with_data(m->order, base->n_clusters, sizeof *m->order, cmp_draw_order, m);

    m->view = *scen;
    m->view.clusters = base->clusters;
    m->view.n_clusters = base->n_clusters;
    m->view.n_gaps = 0;
    m->view.n_recs = 0;
    sp_status st = sp_map_new(&m->view, o, t, &m->map);
    if (st) {
        sp_cmap_free(m);
        return st;
    }
    place_site_labels(m, t);
    m->title = g_strdup(o->title);
    m->page_name = g_strdup(o->page_name);
    char kk[16], g[32], l[32], p0[32], p1[32];
    snprintf(kk, sizeof kk, "%d", k + 1);
    const sp_rcomparison *r = &c->rows[k];
    sp_fmt_int(m->lang, r->workers_gained, g, sizeof g);
    sp_fmt_int(m->lang, r->workers_lost, l, sizeof l);
    sp_fmt_pct(m->lang, c->rows[0].percent_covered, 1, p0, sizeof p0);
    sp_fmt_pct(m->lang, r->percent_covered, 1, p1, sizeof p1);
    m->sub1 = sp_ctrf(m->lang, MC_SUBTITLE, kk, c->rows[0].name ? c->rows[0].name : c->rows[0].scenario,
                      g, l, p0, p1);
    m->sub2 = changes_line(m);
    *out = m;
    return SP_OK;
}

void sp_cmap_free(sp_cmap *m)
{
    if (!m)
        return;
    sp_map_free(m->map);
    free(m->state);
    free(m->order);
    free(m->sc);
    for (int i = 0; i < m->n_lab; i++)
        g_free(m->lab[i].text);
    free(m->lab);
    g_free(m->title);
    g_free(m->page_name);
    g_free(m->sub1);
    g_free(m->sub2);
    free(m);
}

const sp_cmap_counts *sp_cmap_get_counts(const sp_cmap *m) { return &m->counts; }
sp_cm_state sp_cmap_state(const sp_cmap *m, int i) { return (sp_cm_state)m->state[i]; }
int sp_cmap_n_site_changes(const sp_cmap *m) { return m->n_sc; }
const sp_csite_change *sp_cmap_site_change(const sp_cmap *m, int i) { return &m->sc[i]; }
const char *sp_cmap_subtitle(const sp_cmap *m, int line) { return line ? m->sub2 : m->sub1; }

/* ---- painters ---- */

static void cluster_symbol(cairo_t *cr, double x, double y, double r, sp_cm_state s)
{
    cairo_new_path(cr);
    cairo_arc(cr, x, y, r, 0, 2 * M_PI);
    switch (s) {
    case SP_CM_GAINED:
    case SP_CM_LOST:
        cairo_set_source_rgb(cr, HEX(s == SP_CM_GAINED ? C_GAINED : C_LOST));
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, 0.6);
        break;
    case SP_CM_BOTH:
        cairo_set_source_rgb(cr, HEX(C_BOTH));
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, HEX(C_BOTH_LINE));
        cairo_set_line_width(cr, 0.35);
        break;
    default:
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, HEX(C_NEITHER_LINE));
        cairo_set_line_width(cr, 0.5);
        break;
    }
    cairo_stroke(cr);
}

/* An area cluster (a polygon) by state: the current path filled with the
 * symbol's colour, translucent, and outlined (consumed). */
static void area_paint(cairo_t *cr, sp_cm_state s)
{
    unsigned fill = s == SP_CM_GAINED ? C_GAINED : s == SP_CM_LOST ? C_LOST : s == SP_CM_BOTH ? C_BOTH : 0xffffffu;
    unsigned line = s == SP_CM_GAINED ? C_GAINED : s == SP_CM_LOST ? C_LOST
                    : s == SP_CM_BOTH ? C_BOTH_LINE : C_NEITHER_LINE;
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_source_rgba(cr, HEX(fill), s >= SP_CM_LOST ? 0.45 : 0.6);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, HEX(line));
    cairo_set_line_width(cr, s >= SP_CM_LOST ? 0.8 : 0.5);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
}

static void added_marker(cairo_t *cr, double x, double y, int facility)
{
    cairo_new_path(cr);
    cairo_arc(cr, x, y, SP_MAP_STATION_HALF * 2.1, 0, 2 * M_PI);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, HEX(C_GAINED));
    cairo_set_line_width(cr, 1.8);
    cairo_stroke(cr);
    sp__map_station_symbol(cr, x, y, facility, 1);
}

static void closed_marker(cairo_t *cr, double x, double y, int facility)
{
    sp__map_station_symbol(cr, x, y, facility, 0);
    double a = SP_MAP_STATION_HALF * 1.9;
    cairo_new_path(cr);
    cairo_move_to(cr, x - a, y - a);
    cairo_line_to(cr, x + a, y + a);
    cairo_move_to(cr, x - a, y + a);
    cairo_line_to(cr, x + a, y - a);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 3.0);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_stroke_preserve(cr);
    cairo_set_source_rgb(cr, HEX(C_LOST));
    cairo_set_line_width(cr, 1.7);
    cairo_stroke(cr);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
}

static void moved_marker(cairo_t *cr, double x0, double y0, double x1, double y1, int facility)
{
    const double dash[] = {2.0, 1.5};
    cairo_new_path(cr);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_source_rgb(cr, HEX(C_MOVED));
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    sp__map_station_symbol(cr, x0, y0, facility, 0);
    sp__map_station_symbol(cr, x1, y1, facility, 1);
}

static void draw_frame(const sp_cmap *m, cairo_t *cr)
{
    const sp_map_layout *L = sp_map_get_layout(m->map);
    const sp_results *d = m->scen, *b = m->base;
    double fw[4];
    sp__map_frame_world(L, fw);
    cairo_save(cr);
    sp__map_clip_frame(cr, L);

    /* roads of the scenario, as map.c draws them */
    double road_scale = L->denominator < 30000 ? 1.3 : 1.0;
    sp__map_draw_roads(cr, L, d, fw, road_scale);

    /* area clusters: their outlines filled by state, under the circles */
    for (int k = 0; k < b->n_clusters; k++) {
        int i = m->order[k];
        const sp_rshape *sh = &b->clusters[i].shape;
        if (!b->clusters[i].is_area || !sh->n_rings || !sp__map_bb_meets(fw, sh->bb[0], sh->bb[1], sh->bb[2], sh->bb[3]))
            continue;
        cairo_new_path(cr);
        sp__map_path_shape(cr, L, sh, RINGS_FILL);
        area_paint(cr, (sp_cm_state)m->state[i]);
    }
    for (int k = 0; k < b->n_clusters; k++) {
        int i = m->order[k];
        const sp_rcluster *c = &b->clusters[i];
        sp_cm_state s = (sp_cm_state)m->state[i];
        if (c->is_area)
            continue;
        double r = sp_map_cluster_radius(m->map, c->workers);
        if (s >= SP_CM_LOST)
            r = fmax(r, CHANGED_R_MIN);
        if (r <= 0)
            continue;
        double px, py;
        sp_map_world_to_page(L, c->x, c->y, &px, &py);
        if (px < L->fx - r || px > L->fx + L->fw + r || py < L->fy - r || py > L->fy + L->fh + r)
            continue;
        cluster_symbol(cr, px, py, r, s);
    }

    /* sites in both, then the changes on top */
    GHashTable *changed = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (int i = 0; i < m->n_sc; i++)
        g_hash_table_add(changed, (gpointer)m->sc[i].site);
    for (int i = 0; i < d->n_sites; i++) {
        if (g_hash_table_contains(changed, &d->sites[i]))
            continue;
        double px, py;
        sp_map_world_to_page(L, d->sites[i].x, d->sites[i].y, &px, &py);
        sp__map_station_symbol(cr, px, py, sp__map_is_facility(&d->sites[i]), d->sites[i].reachable);
    }
    g_hash_table_destroy(changed);
    for (int pass = 0; pass < 3; pass++)
        for (int i = 0; i < m->n_sc; i++) {
            const sp_csite_change *x = &m->sc[i];
            int want = pass == 0 ? SP_CS_MOVED : pass == 1 ? SP_CS_CLOSED : SP_CS_ADDED;
            if ((int)x->kind != want)
                continue;
            double px, py;
            sp_map_world_to_page(L, x->site->x, x->site->y, &px, &py);
            int fac = sp__map_is_facility(x->site);
            if (x->kind == SP_CS_ADDED) {
                added_marker(cr, px, py, fac);
            } else if (x->kind == SP_CS_CLOSED) {
                closed_marker(cr, px, py, fac);
            } else {
                double ox, oy;
                sp_map_world_to_page(L, x->before->x, x->before->y, &ox, &oy);
                moved_marker(cr, ox, oy, px, py, fac);
            }
        }
    cairo_restore(cr);
}

static void draw_header(const sp_cmap *m, cairo_t *cr, sp_text *t)
{
    const sp_map_layout *L = sp_map_get_layout(m->map);
    double width = L->page_w - 2 * SP_MAP_MARGIN;
    const struct { const char *s; double size, y, grey; int flags; } lines[3] = {
        {m->title, 15, SP_MAP_MARGIN - 4, 0.1, SP_TXT_BOLD},
        {m->sub1, 8.5, SP_MAP_MARGIN + 17, 0.2, 0},
        {m->sub2, 8, SP_MAP_MARGIN + 29, 0.35, 0},
    };
    for (int i = 0; i < 3; i++) {
        PangoLayout *l = sp_text_layout(t, lines[i].s, lines[i].size, lines[i].flags, 0);
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        cairo_set_source_rgb(cr, lines[i].grey, lines[i].grey, lines[i].grey);
        sp_text_show(t, cr, l, SP_MAP_MARGIN, lines[i].y, 0);
        g_object_unref(l);
    }
}

static void legend_text(sp_text *t, cairo_t *cr, const sp_map_layout *L, double *y, const char *s)
{
    cairo_set_source_rgb(cr, HEX(C_TEXT));
    PangoLayout *l = sp_text_layout(t, s, LEG_FONT, 0, L->pw - LEG_SW - 4);
    double w, h;
    sp_text_size(l, &w, &h);
    sp_text_show(t, cr, l, L->px + LEG_SW + 4, *y - fmin(h, LEG_ROW) / 2, 0);
    g_object_unref(l);
    *y += fmax(LEG_ROW, h + 3);
}

static void draw_legend(const sp_cmap *m, cairo_t *cr, sp_text *t)
{
    const sp_map_layout *L = sp_map_get_layout(m->map);
    sp_lang lang = m->lang;
    double x = L->px, y = L->py, sx = x + LEG_SW / 2;
    cairo_set_source_rgb(cr, HEX(C_TEXT));
    sp_text_draw(t, cr, sp_tr(lang, M_LEGEND), 9.5, SP_TXT_BOLD, x, y, SP_AL_LEFT, SP_AL_TOP, NULL);
    y += 22;
    const sp_cmap_counts *n = &m->counts;
    static const sp_cm_state order[4] = {SP_CM_GAINED, SP_CM_LOST, SP_CM_BOTH, SP_CM_NEITHER};
    static const sp_cmsg msg[SP_CM_COUNT] = {MC_LEG_NEITHER, MC_LEG_BOTH, MC_LEG_LOST, MC_LEG_GAINED};
    for (int i = 0; i < 4; i++) {
        sp_cm_state s = order[i];
        char a[32], w[32];
        snprintf(a, sizeof a, "%d", n->clusters[s]);
        sp_fmt_int(lang, n->workers[s], w, sizeof w);
        char *txt = sp_ctrf(lang, msg[s], a, w);
        cluster_symbol(cr, sx, y, 4, s);
        legend_text(t, cr, L, &y, txt);
        g_free(txt);
    }
    cairo_set_source_rgb(cr, HEX(C_NOTE));
    PangoLayout *hl = sp_text_layout(t, sp_ctr(lang, MC_LEG_SIZE), 6.5, SP_TXT_ITALIC, L->pw);
    sp_text_show(t, cr, hl, x, y - 5, 0);
    g_object_unref(hl);
    y += 12;

    sp__map_station_symbol(cr, sx, y, 0, 1);
    legend_text(t, cr, L, &y, sp_ctr(lang, MC_LEG_STATION));
    static const sp_cmsg smsg[3] = {MC_LEG_ADDED, MC_LEG_CLOSED, MC_LEG_MOVED};
    for (int kind = 0; kind < 3; kind++) {
        if (!n->sites[kind])
            continue;
        char a[16];
        snprintf(a, sizeof a, "%d", n->sites[kind]);
        char *txt = sp_ctrf(lang, smsg[kind], a);
        if (kind == SP_CS_ADDED)
            added_marker(cr, sx, y, 0);
        else if (kind == SP_CS_CLOSED)
            closed_marker(cr, sx, y, 0);
        else
            moved_marker(cr, x + 3, y + 2, x + LEG_SW - 4, y - 2, 0);
        y += 2;
        legend_text(t, cr, L, &y, txt);
        g_free(txt);
    }
    if (m->scen->n_roads > 0) {
        double rs = L->denominator < 30000 ? 1.3 : 1.0;
        y += 2;
        cairo_move_to(cr, x + 2, y);
        cairo_line_to(cr, x + LEG_SW - 2, y);
        sp__map_stroke_road(cr, SP_RC_PRIMARY, rs);
        legend_text(t, cr, L, &y, sp_tr(lang, M_LEG_ROADS_MAIN));
        cairo_move_to(cr, x + 2, y);
        cairo_line_to(cr, x + LEG_SW - 2, y);
        sp__map_stroke_road(cr, SP_RC_MINOR, rs);
        legend_text(t, cr, L, &y, sp_tr(lang, M_LEG_ROADS_MINOR));
        if (sp__map_any_unroutable(m->scen)) {
            cairo_move_to(cr, x + 2, y);
            cairo_line_to(cr, x + LEG_SW - 2, y);
            sp__map_stroke_unroutable(cr, rs);
            legend_text(t, cr, L, &y, sp_tr(lang, M_LEG_ROADS_UNROUTABLE));
        }
    }

    /* notes at the foot: the baseline, scale, projection */
    char den[32];
    sp_fmt_int(lang, sp_nice_floor(L->denominator) == L->denominator ? L->denominator
               : round(L->denominator / 100) * 100, den, sizeof den);
    const sp_rcomparison *b0 = &m->c->rows[0];
    char *bl = sp_ctrf(lang, MC_LEG_BASELINE, b0->name ? b0->name : b0->scenario);
    char *scale = sp_trf(lang, M_SCALE_NOTE, den, m->page_name);
    char *crs = sp_trf(lang, M_CRS_NOTE, sp_results_str(m->scen, "crs", "?"));
    char *note = g_strdup_printf("%s\n%s\n%s", bl, scale, crs);
    PangoLayout *l = sp_text_layout(t, note, 6.5, 0, L->pw);
    double w, h;
    sp_text_size(l, &w, &h);
    cairo_set_source_rgb(cr, HEX(C_NOTE));
    sp_text_show(t, cr, l, x, L->py + L->ph - h, 0);
    g_object_unref(l);
    g_free(note);
    g_free(bl);
    g_free(scale);
    g_free(crs);
}

void sp_cmap_draw(const sp_cmap *m, cairo_t *cr, sp_text *t)
{
    const sp_map_layout *L = sp_map_get_layout(m->map);
    cairo_save(cr);
    sp__map_fill_page(cr, L);
    draw_header(m, cr, t);
    draw_frame(m, cr);
    sp_map_draw_labels(m->map, cr, t);
    for (int i = 0; i < m->n_lab; i++) {
        cairo_set_source_rgb(cr, HEX(m->lab[i].rgb));
        sp_text_draw(t, cr, m->lab[i].text, 6.5, SP_TXT_BOLD | SP_TXT_HALO, m->lab[i].cx, m->lab[i].cy,
                     SP_AL_CENTER, SP_AL_MIDDLE, NULL);
    }
    sp_map_draw_furniture(m->map, cr, t);
    draw_legend(m, cr, t);
    cairo_restore(cr);
}
