/* map_labels.c — where the map's labels go (see labels.h for the rules of
 * collision, map.h and README "Maps and reports" for the priorities). */
#include <geos_c.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map_labels.h"

static void add_label(const sp__map_view *m, const char *text, double cx, double cy, double angle, double size,
                      int flags, unsigned rgb, const sp_quad *box)
{
    sp__map_labelset *ls = m->labels;
    label *nl = realloc(ls->labels, (size_t)(ls->n_labels + 1) * sizeof *nl);
    if (!nl)
        return;
    ls->labels = nl;
    label *l = &ls->labels[ls->n_labels++];
    l->text = g_strdup(text);
    l->cx = cx;
    l->cy = cy;
    l->angle = angle;
    l->size = size;
    l->flags = flags;
    l->rgb = rgb;
    l->box = *box;
}

/* A label next to a point: the usual eight positions, right first. */
static int place_point_label(const sp__map_view *m, sp_labeler *lb, sp_text *t, const char *text, double ax,
                             double ay, double r, double size, int flags, unsigned rgb)
{
    double w, h;
    sp_text_measure(t, text, size, flags, &w, &h);
    double d = r * 0.75;
    const double pos[8][2] = {
        {ax + r, ay - h / 2}, {ax - r - w, ay - h / 2}, {ax + d, ay - d - h}, {ax + d, ay + d},
        {ax - d - w, ay - d - h}, {ax - d - w, ay + d}, {ax - w / 2, ay - r - h}, {ax - w / 2, ay + r},
    };
    for (int k = 0; k < 8; k++) {
        /* the box is the text's ink height, a little tighter than the layout */
        sp_quad q = sp_quad_rect(pos[k][0], pos[k][1] + h * 0.12, w, h * 0.76);
        if (sp_labeler_take(lb, &q)) {
            add_label(m, text, pos[k][0] + w / 2, pos[k][1] + h / 2, 0, size, flags, rgb, &q);
            sp_labeler_count(lb, 1);
            return 1;
        }
    }
    sp_labeler_count(lb, 0);
    return 0;
}

typedef struct {
    const char *name;
    int klass;
    double length;
    GArray *links;
} road_group;

static int cmp_group(const void *a, const void *b)
{
    const road_group *x = a, *y = b;
    if (x->klass != y->klass)
        return x->klass - y->klass;
    if (x->length != y->length)
        return x->length > y->length ? -1 : 1;
    return strcmp(x->name, y->name);
}

typedef struct {
    double *xy;
    int n;
    double len;
} pline;

static int cmp_pline(const void *a, const void *b)
{
    const pline *x = a, *y = b;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;
    if (x->n != y->n)
        return x->n - y->n;
    return memcmp(x->xy, y->xy, 2 * sizeof(double)) < 0 ? -1 : 1;
}

/* Point at distance s along a polyline with cumulative lengths cum. */
static void along(const double *xy, const double *cum, int n, double s, double *x, double *y, int *seg)
{
    int i = 0;
    while (i < n - 2 && cum[i + 1] < s)
        i++;
    double L = cum[i + 1] - cum[i];
    double f = L > 0 ? (s - cum[i]) / L : 0;
    f = fmin(fmax(f, 0), 1);
    *x = xy[2 * i] + f * (xy[2 * i + 2] - xy[2 * i]);
    *y = xy[2 * i + 1] + f * (xy[2 * i + 3] - xy[2 * i + 1]);
    *seg = i;
}

/* Try to put a road name along one merged line (page coordinates).
 * Candidates go from the middle outwards; a candidate must be straight
 * enough (vertices within tol of the chord).  Returns labels placed. */
static int label_line(const sp__map_view *m, sp_labeler *lb, const pline *pl, const char *text, double tw,
                      double th, double size, double *placed_xy, int *n_placed, int max_placed)
{
    if (pl->n < 2 || pl->len < tw + 6)
        return 0;
    double *cum = malloc((size_t)pl->n * sizeof *cum);
    if (!cum)
        return 0;
    cum[0] = 0;
    for (int i = 1; i < pl->n; i++)
        cum[i] = cum[i - 1] + hypot(pl->xy[2 * i] - pl->xy[2 * i - 2], pl->xy[2 * i + 1] - pl->xy[2 * i - 1]);
    int got = 0;
    double step = fmax(tw / 3, 12);
    double mid = pl->len / 2, tol = th * 0.3;
    int kmax = (int)(mid / step) + 1;
    for (int k = 0; k <= 2 * kmax && *n_placed < max_placed; k++) {
        double s = mid + (k % 2 ? 1 : -1) * ((k + 1) / 2) * step;
        double s0 = s - tw / 2, s1 = s + tw / 2;
        if (s0 < 2 || s1 > pl->len - 2)
            continue;
        double x0, y0, x1, y1;
        int i0, i1;
        along(pl->xy, cum, pl->n, s0, &x0, &y0, &i0);
        along(pl->xy, cum, pl->n, s1, &x1, &y1, &i1);
        double cx = x1 - x0, cy = y1 - y0, cl = hypot(cx, cy);
        if (cl < tw * 0.95)
            continue;
        int straight = 1;
        for (int v = i0 + 1; v <= i1 && straight; v++) {
            double dev = fabs((pl->xy[2 * v] - x0) * cy - (pl->xy[2 * v + 1] - y0) * cx) / cl;
            if (dev > tol)
                straight = 0;
        }
        if (!straight)
            continue;
        double mx = (x0 + x1) / 2, my = (y0 + y1) / 2;
        int far = 1;
        for (int q = 0; q < *n_placed && far; q++)
            if (hypot(placed_xy[2 * q] - mx, placed_xy[2 * q + 1] - my) < 220)
                far = 0;
        if (!far)
            continue;
        double ang = atan2(cy, cx);
        if (ang > M_PI / 2)
            ang -= M_PI;
        else if (ang <= -M_PI / 2)
            ang += M_PI;
        sp_quad q = sp_quad_rotated(mx, my, tw + 3, th * 0.8, ang);
        if (sp_labeler_take(lb, &q)) {
            add_label(m, text, mx, my, ang, size, SP_TXT_ITALIC | SP_TXT_HALO, C_ROADLABEL, &q);
            placed_xy[2 * *n_placed] = mx;
            placed_xy[2 * *n_placed + 1] = my;
            (*n_placed)++;
            got++;
        }
    }
    free(cum);
    return got;
}

static void geos_quiet(const char *fmt, ...) { (void)fmt; }

static void label_roads(const sp__map_view *m, sp_labeler *lb, sp_text *t)
{
    const sp_results *d = m->d;
    const sp_map_layout *L = m->L;
    int max_class = m->L->denominator > 40000 ? SP_RC_SECONDARY
                    : m->L->denominator > 15000 ? SP_RC_TERTIARY : SP_RC_MINOR;
    double fw[4];
    sp__map_frame_world(L, fw);
    GHashTable *idx = g_hash_table_new(g_str_hash, g_str_equal);
    GArray *groups = g_array_new(FALSE, TRUE, sizeof(road_group));
    for (int k = 0; k < d->n_roads; k++) {
        const char *name = d->road_name[k];
        if (!name || !*name || d->road_class[k] > max_class)
            continue;
        const float *bb = &d->road_bb[4 * k];
        if (!sp__map_bb_meets(fw, bb[0], bb[1], bb[2], bb[3]))
            continue;
        gpointer v;
        road_group *g;
        if (g_hash_table_lookup_extended(idx, name, NULL, &v)) {
            g = &g_array_index(groups, road_group, GPOINTER_TO_UINT(v));
        } else {
            road_group ng = {name, d->road_class[k], 0, g_array_new(FALSE, FALSE, sizeof(int))};
            g_array_append_val(groups, ng);
            g_hash_table_insert(idx, (gpointer)name, GUINT_TO_POINTER(groups->len - 1));
            g = &g_array_index(groups, road_group, groups->len - 1);
        }
        g_array_append_val(g->links, k);
        if (d->road_class[k] < g->klass)
            g->klass = d->road_class[k];
        for (int32_t i = d->road_off[k] + 1; i < d->road_off[k + 1]; i++)
            g->length += hypot(d->road_xy[2 * i] - d->road_xy[2 * i - 2],
                               d->road_xy[2 * i + 1] - d->road_xy[2 * i - 1]);
    }
    g_hash_table_destroy(idx);
    if (groups->len > 1) /* no named road: data may be NULL */
        qsort(groups->data, groups->len, sizeof(road_group), cmp_group);

    GEOSContextHandle_t gc = GEOS_init_r();
    GEOSContext_setErrorHandler_r(gc, geos_quiet);
    GEOSContext_setNoticeHandler_r(gc, geos_quiet);
    for (guint gi = 0; gi < groups->len; gi++) {
        road_group *g = &g_array_index(groups, road_group, gi);
        double size = g->klass <= SP_RC_PRIMARY ? 6.8 : g->klass <= SP_RC_TERTIARY ? 6.3 : 5.8;
        double tw, th;
        sp_text_measure(t, g->name, size, SP_TXT_ITALIC, &tw, &th);
        /* merge the group's links into lines, in page coordinates */
        int nl = (int)g->links->len;
        GEOSGeometry **parts = malloc((size_t)nl * sizeof *parts);
        int np = 0;
        for (int q = 0; parts && q < nl; q++) {
            int k = g_array_index(g->links, int, q);
            int32_t a = d->road_off[k], b = d->road_off[k + 1];
            GEOSCoordSequence *cs = GEOSCoordSeq_create_r(gc, (unsigned)(b - a), 2);
            for (int32_t i = a; cs && i < b; i++) {
                double px, py;
                sp_map_world_to_page(L, d->road_xy[2 * i], d->road_xy[2 * i + 1], &px, &py);
                GEOSCoordSeq_setXY_r(gc, cs, (unsigned)(i - a), px, py);
            }
            GEOSGeometry *ls = cs ? GEOSGeom_createLineString_r(gc, cs) : NULL;
            if (ls)
                parts[np++] = ls;
        }
        GEOSGeometry *multi = np ? GEOSGeom_createCollection_r(gc, GEOS_MULTILINESTRING, parts, (unsigned)np) : NULL;
        free(parts);
        GEOSGeometry *merged = multi ? GEOSLineMerge_r(gc, multi) : NULL;
        int nm = merged ? GEOSGetNumGeometries_r(gc, merged) : 0;
        pline *pls = calloc(nm ? (size_t)nm : 1, sizeof *pls);
        int npl = 0;
        double total = 0;
        for (int q = 0; pls && q < nm; q++) {
            const GEOSGeometry *ln = GEOSGetGeometryN_r(gc, merged, q);
            const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(gc, ln);
            unsigned n = 0;
            if (!cs || !GEOSCoordSeq_getSize_r(gc, cs, &n) || n < 2)
                continue;
            pline *p = &pls[npl];
            p->xy = malloc(2 * (size_t)n * sizeof *p->xy);
            if (!p->xy)
                continue;
            p->n = (int)n;
            for (unsigned i = 0; i < n; i++) {
                GEOSCoordSeq_getXY_r(gc, cs, i, &p->xy[2 * i], &p->xy[2 * i + 1]);
                if (i)
                    p->len += hypot(p->xy[2 * i] - p->xy[2 * i - 2], p->xy[2 * i + 1] - p->xy[2 * i - 1]);
            }
            total += p->len;
            npl++;
        }
        if (pls)
            qsort(pls, (size_t)npl, sizeof *pls, cmp_pline);
        int max_placed = 1 + (int)(total / 2 / 300);
        if (max_placed > 4)
            max_placed = 4;
        double placed_xy[8];
        int n_placed = 0, tried = 0;
        for (int q = 0; q < npl && n_placed < max_placed; q++) {
            if (pls[q].len >= tw + 6)
                tried = 1;
            label_line(m, lb, &pls[q], g->name, tw, th, size, placed_xy, &n_placed, max_placed);
        }
        if (tried || n_placed)
            sp_labeler_count(lb, n_placed > 0);
        for (int q = 0; q < npl; q++)
            free(pls[q].xy);
        free(pls);
        if (merged)
            GEOSGeom_destroy_r(gc, merged);
        if (multi)
            GEOSGeom_destroy_r(gc, multi);
        g_array_free(g->links, TRUE);
    }
    GEOS_finish_r(gc);
    g_array_free(groups, TRUE);
}

static int find_cluster(const sp_results *d, const char *id)
{
    for (int i = 0; id && i < d->n_clusters; i++)
        if (d->clusters[i].id && !strcmp(d->clusters[i].id, id))
            return i;
    return -1;
}

void sp__map_place_labels(const sp__map_view *m, sp_text *t)
{
    const sp_results *d = m->d;
    const sp_map_layout *L = m->L;
    sp_labeler *lb = sp_labeler_new(L->fx + 2, L->fy + 2, L->fw - 4, L->fh - 4);
    if (!lb)
        return;
    /* furniture and markers first: labels avoid them */
    sp_quad q = sp_quad_rect(m->north_c[0] - 16, m->north_c[1] - 22, 32, 40);
    sp_labeler_block(lb, &q);
    q = sp_quad_rect(m->sb_box[0], m->sb_box[1], m->sb_box[2], m->sb_box[3]);
    sp_labeler_block(lb, &q);
    q = sp_quad_rect(m->attrib_box[0], m->attrib_box[1], m->attrib_box[2], m->attrib_box[3]);
    sp_labeler_block(lb, &q);
    for (int i = 0; i < d->n_recs; i++) {
        if (!d->recs[i].has_xy)
            continue;
        double px, py;
        sp_map_world_to_page(L, d->recs[i].x, d->recs[i].y, &px, &py);
        q = sp_quad_rect(px - REC_R - 1, py - REC_R - 1, 2 * REC_R + 2, 2 * REC_R + 2);
        sp_labeler_block(lb, &q);
    }
    for (int i = 0; i < d->n_sites; i++) {
        double px, py, r = SP_MAP_STATION_HALF + 1;
        sp_map_world_to_page(L, d->sites[i].x, d->sites[i].y, &px, &py);
        q = sp_quad_rect(px - r, py - r, 2 * r, 2 * r);
        sp_labeler_block(lb, &q);
    }
    for (int i = 0; i < m->n_avoid; i++) {
        double px, py, r = m->avoid_r;
        sp_map_world_to_page(L, m->avoid_xy[2 * i], m->avoid_xy[2 * i + 1], &px, &py);
        q = sp_quad_rect(px - r, py - r, 2 * r, 2 * r);
        sp_labeler_block(lb, &q);
    }
    if (m->labels_roads_only) {
        label_roads(m, lb, t);
        m->labels->placed = sp_labeler_placed(lb);
        m->labels->dropped = sp_labeler_dropped(lb);
        sp_labeler_free(lb);
        return;
    }
    /* 1. the largest gaps */
    int ng = 0, n_gaps;
    const sp_rgap *gaps = sp_rdata_map_gaps(d, &n_gaps);
    for (int g = 0; g < n_gaps && ng < 5; g++) {
        const sp_rgap *z = &gaps[g];
        if (!(z->workers > 0))
            continue;
        int c = find_cluster(d, z->largest_id);
        double ax, ay, r = 3;
        if (c >= 0) {
            sp_map_world_to_page(L, d->clusters[c].x, d->clusters[c].y, &ax, &ay);
            r = (d->clusters[c].is_area ? 0 : sp__map_radius(m->w_max, d->clusters[c].workers)) + 1.5;
        } else if (z->shape.n_rings) {
            sp_map_world_to_page(L, (z->shape.bb[0] + z->shape.bb[2]) / 2,
                                 (z->shape.bb[1] + z->shape.bb[3]) / 2, &ax, &ay);
        } else {
            continue;
        }
        char n[16];
        snprintf(n, sizeof n, "%d", z->rank);
        char *s = sp_trf(m->lang, M_GAP_LABEL, n);
        place_point_label(m, lb, t, s, ax, ay, r, 7.5, SP_TXT_BOLD | SP_TXT_HALO, C_GAP);
        g_free(s);
        ng++;
    }
    /* 2. the covered share of each partly covered area, on it (largest first) */
    for (int k = 0; k < d->n_clusters; k++) {
        const sp_rcluster *c = &d->clusters[m->order[k]];
        if (!c->is_area || sp__map_area_state(c) != SP_AREA_PARTLY)
            continue;
        /* whole percent, never 0 % or 100 % for a partly covered area */
        char pc[32];
        sp_fmt_pct(m->lang, fmin(99, fmax(1, round(100 * sp__map_area_share(c)))), 0, pc, sizeof pc);
        double px, py, w, h;
        sp_map_world_to_page(L, c->x, c->y, &px, &py);
        sp_text_measure(t, pc, 6.5, SP_TXT_BOLD | SP_TXT_HALO, &w, &h);
        sp_quad qb = sp_quad_rect(px - w / 2, py - h / 2 + h * 0.12, w, h * 0.76);
        if (sp_labeler_take(lb, &qb)) {   /* centred on the area's point on its surface */
            add_label(m, pc, px, py, 0, 6.5, SP_TXT_BOLD | SP_TXT_HALO, C_PARTLY_LINE, &qb);
            sp_labeler_count(lb, 1);
        } else {
            place_point_label(m, lb, t, pc, px, py, 2, 6.5, SP_TXT_BOLD | SP_TXT_HALO, C_PARTLY_LINE);
        }
    }
    /* 3. road names, major roads and long ones first */
    label_roads(m, lb, t);
    /* 4. names of sites, when there are few */
    int named = 0;
    for (int i = 0; i < d->n_sites; i++)
        named += d->sites[i].name != NULL;
    if (named && d->n_sites <= 40) {
        for (int i = 0; i < d->n_sites; i++) {
            if (!d->sites[i].name)
                continue;
            double px, py;
            sp_map_world_to_page(L, d->sites[i].x, d->sites[i].y, &px, &py);
            place_point_label(m, lb, t, d->sites[i].name, px, py, SP_MAP_STATION_HALF + 1.5, 6.5,
                              SP_TXT_BOLD | SP_TXT_HALO, C_STATION);
        }
    }
    /* 5. names of the largest clusters */
    int nc = 0;
    for (int k = 0; k < d->n_clusters && nc < 12; k++) {
        const sp_rcluster *c = &d->clusters[m->order[k]];
        if (!c->name || !(c->workers > 0))
            continue;
        double px, py;
        sp_map_world_to_page(L, c->x, c->y, &px, &py);
        place_point_label(m, lb, t, c->name, px, py,
                          (c->is_area ? 0 : sp__map_radius(m->w_max, c->workers)) + 1, 6.0,
                          SP_TXT_HALO, C_NOTE);
        nc++;
    }
    m->labels->placed = sp_labeler_placed(lb);
    m->labels->dropped = sp_labeler_dropped(lb);
    sp_labeler_free(lb);
}

