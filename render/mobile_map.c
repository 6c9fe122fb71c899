/* mobile_map.c — the map of the mobile-unit plan (see mobile_map.h).
 *
 * Drawing order, bottom to top: the coverage area (faint blue tint of the
 * largest threshold), the roads (map_draw.c, under a white veil so the
 * routes stand out) and their names (planned by sp_map_new clear of the
 * stops and depots), the route lines (a white casing, then the day's
 * colour; unit 2, 3, 4 dashed differently), the stops not visited (hollow
 * grey: a cross = no road from a depot, dashed = too far for one day,
 * plain = no days left), the stops visited (in their day's colour and
 * shape, stop_path, the order inside, in white or black by the colour's lightness), the depots,
 * the depot names; then the furniture of map.c, the title and the panel.
 */
#include "mobile_map.h"

#include <glib.h>
#include <json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map_draw.h"
#include "text.h"

#define LEG_FONT 7.5
#define LEG_ROW 13.0
#define LEG_SW 22.0
#define ROUTE_W 2.4        /* route line width, points */
#define CASING_W 4.2       /* its white casing */
#define DEPOT_HALF 4.6     /* half the side of a depot square */
#define STOP_FONT 6.0
#define SKIP_R 3.6         /* radius of a stop not visited */
#define C_SKIP 0x808080u
#define C_DEPOT 0x1a1a1au
#define DAY_ROWS 15        /* day legend rows per column */
#define MIN_SIDE 2000.0    /* metres: the smallest extent fitted */

/* D3 category10 with its grey (#7f7f7f, the roads' and the stops not
 * visited) replaced by a dark indigo */
static const unsigned DAY_RGB[10] = {0x1f77b4u, 0xff7f0eu, 0x2ca02cu, 0xd62728u, 0x9467bdu,
                                     0x8c564bu, 0xe377c2u, 0x393b79u, 0xbcbd22u, 0x17becfu};

unsigned sp_mmap_day_rgb(int day)
{
    if (day < 1)
        day = 1;
    return DAY_RGB[(day - 1) % 10];
}

typedef struct {
    char *id, *name;   /* name: the site's name, else the id */
    double x, y;
} depot;

struct sp_mmap {
    const sp_results *d;
    sp_map *map;
    sp_lang lang;
    char *title, *subtitle, *page_name;
    depot *dep;
    int n_dep;
    double *avoid;           /* stops and depots, world x, y */
    int *stop_order;         /* stops, drawing order */
    int multi_unit;          /* some route of a unit > 1: dashes by unit */
    int *days;               /* days of the round with a route, ascending */
    int n_days;
};

/* ---- plan ---- */

static void grow(double ext[4], double x, double y)
{
    if (!isfinite(x) || !isfinite(y))
        return;
    ext[0] = fmin(ext[0], x);
    ext[1] = fmin(ext[1], y);
    ext[2] = fmax(ext[2], x);
    ext[3] = fmax(ext[3], y);
}

static const sp_rsite *site_by_id(const sp_results *d, const char *id)
{
    for (int i = 0; id && i < d->n_sites; i++)
        if (d->sites[i].id && !strcmp(d->sites[i].id, id))
            return &d->sites[i];
    return NULL;
}

int sp_mmap_extent(const sp_results *d, double ext[4])
{
    ext[0] = ext[1] = INFINITY;
    ext[2] = ext[3] = -INFINITY;
    for (int i = 0; i < d->n_mroutes; i++) {
        const sp_rshape *s = &d->mroutes[i].line;
        if (s->n_rings > 0) {
            int n = s->ring_off[s->n_rings];
            for (int k = 0; k < n; k++)
                grow(ext, s->xy[2 * k], s->xy[2 * k + 1]);
        }
        const sp_rsite *site = site_by_id(d, d->mroutes[i].depot_id);
        if (site)
            grow(ext, site->x, site->y);
    }
    for (int i = 0; i < d->n_mstops; i++)
        grow(ext, d->mstops[i].x, d->mstops[i].y);
    if (!(ext[0] <= ext[2]))
        return 0;
    /* at least MIN_SIDE across, so a small plan keeps its streets around */
    double side = fmax(ext[2] - ext[0], ext[3] - ext[1]);
    if (side < MIN_SIDE) {
        double gx = (MIN_SIDE - (ext[2] - ext[0])) / 2, gy = (MIN_SIDE - (ext[3] - ext[1])) / 2;
        ext[0] -= fmax(gx, 0);
        ext[2] += fmax(gx, 0);
        ext[1] -= fmax(gy, 0);
        ext[3] += fmax(gy, 0);
        side = MIN_SIDE;
    }
    double m = fmax(0.06 * side, 300);
    ext[0] -= m;
    /* three times as much at the foot, where the scale bar and the
     * attribution sit, so they cover no stop */
    ext[1] -= 3 * m;
    ext[2] += m;
    ext[3] += m;
    return 1;
}

static void add_depot(sp_mmap *m, const char *id, const sp_rshape *line)
{
    if (!id)
        return;
    for (int i = 0; i < m->n_dep; i++)
        if (!strcmp(m->dep[i].id, id))
            return;
    const sp_rsite *s = site_by_id(m->d, id);
    double x, y;
    if (s) {
        x = s->x;
        y = s->y;
    } else if (line && line->n_rings > 0 && line->ring_off[1] > line->ring_off[0]) {
        x = line->xy[2 * line->ring_off[0]];
        y = line->xy[2 * line->ring_off[0] + 1];
    } else {
        return;   /* nowhere to draw it */
    }
    m->dep = g_renew(depot, m->dep, m->n_dep + 1);
    m->dep[m->n_dep++] = (depot){g_strdup(id), sp_text_cut(s && s->name ? s->name : id, 60), x, y};
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* stops not visited first (under), then by day, unit, order */
static int cmp_stop_draw(const void *a, const void *b, void *arg)
{
    const sp_results *d = arg;
    int i = *(const int *)a, j = *(const int *)b;
    const sp_rmstop *s = &d->mstops[i], *t = &d->mstops[j];
    int vs = s->visits > 0 && s->day > 0, vt = t->visits > 0 && t->day > 0;
    if (vs != vt)
        return vs - vt;
    if (s->day != t->day)
        return s->day - t->day;
    if (s->unit != t->unit)
        return s->unit - t->unit;
    if (s->order != t->order)
        return s->order - t->order;
    return i - j;
}

static char *fmt_int(sp_lang L, double v)
{
    char b[64];
    return g_strdup(sp_fmt_int(L, v, b, sizeof b));
}

static char *subtitle_of(const sp_results *d, sp_lang L)
{
    const sp_rsummary *s = &d->sum;
    char *u = sp_tr_count(L, M_MOB_N_UNITS, M_MOB_N_UNITS_1, s->mobile_units);
    char *c = isnan(s->mobile_capacity_per_day) ? g_strdup("") : fmt_int(L, s->mobile_capacity_per_day);
    char h[32], bd[16], v[16], pd[16];
    double hv = s->mobile_day_hours;
    sp_fmt_num(L, hv, fabs(hv - round(hv)) < 1e-9 ? 0 : 1, h, sizeof h);
    snprintf(bd, sizeof bd, "%d", s->mobile_block_days);
    snprintf(v, sizeof v, "%d", s->mobile_visits);
    snprintf(pd, sizeof pd, "%d", s->mobile_period_days);
    char *round_ = s->mobile_visits > 1 ? sp_trf(L, M_MOB_ROUND, bd, v, pd) : sp_trf(L, M_MOB_ROUND_ONCE, pd);
    char *r = sp_trf(L, isnan(s->mobile_capacity_per_day) ? M_MOB_SUBTITLE_NOCAP : M_MOB_SUBTITLE, u, c, h,
                     sp_tr_mode(L, s->mobile_drive_mode ? s->mobile_drive_mode : "car"), round_);
    g_free(round_);
    g_free(u);
    g_free(c);
    return r;
}

sp_status sp_mmap_new(const sp_results *d, const sp_map_opts *o, sp_text *t, sp_mmap **out)
{
    *out = NULL;
    sp_mmap *m = g_new0(sp_mmap, 1);
    m->d = d;
    m->lang = o->lang;
    m->title = sp_trf(o->lang, M_MOB_TITLE, o->title ? o->title : "");
    m->subtitle = subtitle_of(d, o->lang);
    m->page_name = g_strdup(o->page_name);

    /* depots: those of summary.json mobile.depots that are sites, then
     * those the routes start from */
    json_object *mob = NULL, *deps = NULL;
    if (json_object_object_get_ex(d->summary, "mobile", &mob) &&
        json_object_object_get_ex(mob, "depots", &deps) && json_object_is_type(deps, json_type_array))
        for (size_t i = 0; i < json_object_array_length(deps); i++)
            add_depot(m, json_object_get_string(json_object_array_get_idx(deps, i)), NULL);
    for (int i = 0; i < d->n_mroutes; i++) {
        add_depot(m, d->mroutes[i].depot_id, &d->mroutes[i].line);
        m->multi_unit |= d->mroutes[i].unit > 1;
    }
    /* the days with a route */
    m->days = g_new(int, d->n_mroutes ? d->n_mroutes : 1);
    for (int i = 0; i < d->n_mroutes; i++)
        m->days[i] = d->mroutes[i].day;
    qsort(m->days, (size_t)d->n_mroutes, sizeof *m->days, cmp_int);
    for (int i = 0; i < d->n_mroutes; i++)
        if (m->n_days == 0 || m->days[m->n_days - 1] != m->days[i])
            m->days[m->n_days++] = m->days[i];

    m->stop_order = g_new(int, d->n_mstops ? d->n_mstops : 1);
    for (int i = 0; i < d->n_mstops; i++)
        m->stop_order[i] = i;
    g_qsort_with_data(m->stop_order, d->n_mstops, sizeof *m->stop_order, cmp_stop_draw, (void *)d);

    int na = d->n_mstops + m->n_dep;
    m->avoid = g_new(double, 2 * (na ? na : 1));
    for (int i = 0; i < d->n_mstops; i++) {
        m->avoid[2 * i] = d->mstops[i].x;
        m->avoid[2 * i + 1] = d->mstops[i].y;
    }
    for (int i = 0; i < m->n_dep; i++) {
        m->avoid[2 * (d->n_mstops + i)] = m->dep[i].x;
        m->avoid[2 * (d->n_mstops + i) + 1] = m->dep[i].y;
    }

    double ext[4];
    sp_map_opts mo = *o;
    mo.title = m->title;
    mo.extent = sp_mmap_extent(d, ext) ? ext : NULL;
    mo.labels_roads_only = 1;
    mo.avoid_xy = m->avoid;
    mo.n_avoid = na;
    mo.avoid_r = 8;
    sp_status st = sp_map_new(d, &mo, t, &m->map);
    if (st) {
        sp_mmap_free(m);
        return st;
    }
    *out = m;
    return SP_OK;
}

void sp_mmap_free(sp_mmap *m)
{
    if (!m)
        return;
    sp_map_free(m->map);
    for (int i = 0; i < m->n_dep; i++) {
        g_free(m->dep[i].id);
        g_free(m->dep[i].name);
    }
    g_free(m->dep);
    g_free(m->avoid);
    g_free(m->stop_order);
    g_free(m->days);
    g_free(m->title);
    g_free(m->subtitle);
    g_free(m->page_name);
    g_free(m);
}

const sp_map_layout *sp_mmap_get_layout(const sp_mmap *m) { return sp_map_get_layout(m->map); }

/* ---- symbols ---- */

static void set_dash_of_unit(cairo_t *cr, int unit, double scale)
{
    static const double d2[] = {7, 3}, d3[] = {2, 2.5}, d4[] = {7, 2.5, 2, 2.5};
    double dash[4];
    const double *src = NULL;
    int n = 0;
    switch ((unit - 1) % 4) {
    case 1: src = d2; n = 2; break;
    case 2: src = d3; n = 2; break;
    case 3: src = d4; n = 4; break;
    default: break;
    }
    for (int k = 0; k < n; k++)
        dash[k] = src[k] * scale;
    cairo_set_dash(cr, n ? dash : NULL, n, 0);
}

/* the route style: white casing, then the day's colour (dashed by unit) */
static void stroke_route(cairo_t *cr, unsigned rgb, int unit, int multi_unit)
{
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, CASING_W);
    cairo_stroke_preserve(cr);
    cairo_set_source_rgb(cr, HEX(rgb));
    cairo_set_line_width(cr, ROUTE_W);
    cairo_set_line_cap(cr, multi_unit && unit > 1 ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
    if (multi_unit)
        set_dash_of_unit(cr, unit, 1);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

static double stop_radius(int order)
{
    return order < 10 ? 5.0 : order < 100 ? 6.0 : 7.4;
}

/* white text on dark colours, black on light ones (relative luminance) */
static int is_light(unsigned rgb)
{
    double r = (rgb >> 16 & 255) / 255.0, g = (rgb >> 8 & 255) / 255.0, b = (rgb & 255) / 255.0;
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5;
}

/* The stop's shape by the day's turn through the palette: days 1-10
 * circles, 11-20 diamonds, 21-30 squares, then again; so day 1 and day 11
 * (the same colour) differ. */
static void stop_path(cairo_t *cr, double x, double y, double r, int day)
{
    int shape = ((day > 0 ? day : 1) - 1) / 10 % 3;
    cairo_new_path(cr);
    if (shape == 0) {
        cairo_arc(cr, x, y, r, 0, 2 * M_PI);
    } else if (shape == 1) {
        double k = r * 1.3;
        cairo_move_to(cr, x, y - k);
        cairo_line_to(cr, x + k, y);
        cairo_line_to(cr, x, y + k);
        cairo_line_to(cr, x - k, y);
        cairo_close_path(cr);
    } else {
        double k = r * 0.92;
        cairo_rectangle(cr, x - k, y - k, 2 * k, 2 * k);
    }
}

static void stop_visited(cairo_t *cr, sp_text *t, double x, double y, int day, int order)
{
    unsigned rgb = sp_mmap_day_rgb(day);
    double r = stop_radius(order);
    stop_path(cr, x, y, r, day);
    cairo_set_source_rgb(cr, HEX(rgb));
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
    char n[16];
    snprintf(n, sizeof n, "%d", order);
    if (is_light(rgb))
        cairo_set_source_rgb(cr, 0, 0, 0);
    else
        cairo_set_source_rgb(cr, 1, 1, 1);
    sp_text_draw(t, cr, n, order < 100 ? STOP_FONT : STOP_FONT - 0.8, SP_TXT_BOLD, x, y, SP_AL_CENTER,
                 SP_AL_MIDDLE, NULL);
}

typedef enum { WHY_UNREACHABLE, WHY_TOO_FAR, WHY_NO_DAYS, WHY_COUNT } why_kind;

static int why_of(const char *reason)
{
    if (!reason)
        return WHY_NO_DAYS;
    if (!strcmp(reason, "unreachable"))
        return WHY_UNREACHABLE;
    if (!strcmp(reason, "too_far"))
        return WHY_TOO_FAR;
    return WHY_NO_DAYS;
}

static void stop_skipped(cairo_t *cr, double x, double y, int w)
{
    cairo_new_path(cr);
    cairo_arc(cr, x, y, SKIP_R, 0, 2 * M_PI);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, HEX(C_SKIP));
    cairo_set_line_width(cr, 1.1);
    if (w == WHY_TOO_FAR) {
        const double dash[] = {1.6, 1.2};
        cairo_set_dash(cr, dash, 2, 0);
    }
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    if (w == WHY_UNREACHABLE) {
        double k = SKIP_R * 0.62;
        cairo_move_to(cr, x - k, y - k);
        cairo_line_to(cr, x + k, y + k);
        cairo_move_to(cr, x - k, y + k);
        cairo_line_to(cr, x + k, y - k);
        cairo_set_line_width(cr, 0.9);
        cairo_stroke(cr);
    }
}

static void depot_symbol(cairo_t *cr, double x, double y)
{
    cairo_rectangle(cr, x - DEPOT_HALF, y - DEPOT_HALF, 2 * DEPOT_HALF, 2 * DEPOT_HALF);
    cairo_set_source_rgb(cr, HEX(C_DEPOT));
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 1.0);
    cairo_stroke(cr);
    cairo_rectangle(cr, x - 1.6, y - 1.6, 3.2, 3.2);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill(cr);
}

/* ---- the depots' names ---- */

static int in_box(const double b[4], double x, double y)
{
    return x >= b[0] && x <= b[0] + b[2] && y >= b[1] && y <= b[1] + b[3];
}

/* How much of the plan a label box at b would hide: route points (every
 * 3 points along the lines), stops, the depots and the names placed
 * before (weighted). */
static double box_cost(const sp_mmap *m, const sp_map_layout *L, const double b[4], int dep,
                       const double *placed)
{
    const sp_results *d = m->d;
    double cost = 0;
    for (int i = 0; i < d->n_mroutes; i++) {
        const sp_rshape *s = &d->mroutes[i].line;
        for (int r = 0; r < s->n_rings; r++)
            for (int k = s->ring_off[r]; k + 1 < s->ring_off[r + 1]; k++) {
                double x0, y0, x1, y1;
                sp_map_world_to_page(L, s->xy[2 * k], s->xy[2 * k + 1], &x0, &y0);
                sp_map_world_to_page(L, s->xy[2 * k + 2], s->xy[2 * k + 3], &x1, &y1);
                double len = hypot(x1 - x0, y1 - y0);
                int n = (int)fmin(ceil(len / 3), 10000);
                for (int q = 0; q <= n; q++) {
                    double f = n ? (double)q / n : 0;
                    cost += in_box(b, x0 + f * (x1 - x0), y0 + f * (y1 - y0));
                }
            }
    }
    double e[4] = {b[0] - 6, b[1] - 6, b[2] + 12, b[3] + 12};
    for (int i = 0; i < d->n_mstops; i++) {
        double x, y;
        sp_map_world_to_page(L, d->mstops[i].x, d->mstops[i].y, &x, &y);
        cost += 8 * in_box(e, x, y);
    }
    for (int i = 0; i < m->n_dep; i++) {
        double x, y;
        sp_map_world_to_page(L, m->dep[i].x, m->dep[i].y, &x, &y);
        cost += i != dep ? 8 * in_box(e, x, y) : 0;
    }
    for (int i = 0; i < dep; i++) {
        const double *p = placed + 4 * i;
        if (b[0] < p[0] + p[2] && p[0] < b[0] + b[2] && b[1] < p[1] + p[3] && p[1] < b[1] + b[3])
            cost += 1000;
    }
    return cost;
}

/* The box (x, y, w, h) of depot i's name: beside its square, on the side
 * that hides the least (right below first). */
static void depot_label_box(const sp_mmap *m, sp_text *t, int i, double px, double py,
                            const double *placed, double box[4])
{
    const sp_map_layout *L = sp_map_get_layout(m->map);
    double w, h, g = DEPOT_HALF + 2.5;
    sp_text_measure(t, m->dep[i].name, 7.5, SP_TXT_BOLD, &w, &h);
    const double pos[6][2] = {{px + g, py + DEPOT_HALF - 2}, {px + g, py - DEPOT_HALF + 2 - h},
                              {px - g - w, py + DEPOT_HALF - 2}, {px - g - w, py - DEPOT_HALF + 2 - h},
                              {px - w / 2, py + g}, {px - w / 2, py - g - h}};
    double best = INFINITY;
    for (int k = 0; k < 6; k++) {
        double b[4] = {pos[k][0], pos[k][1], w, h};
        double c = box_cost(m, L, b, i, placed);
        if (c < best) {
            best = c;
            memcpy(box, b, sizeof b);
        }
    }
}

/* ---- the frame ---- */

static void draw_frame(const sp_mmap *m, cairo_t *cr, sp_text *t)
{
    const sp_results *d = m->d;
    const sp_map_layout *L = sp_map_get_layout(m->map);
    double fw[4];
    sp__map_frame_world(L, fw);
    cairo_save(cr);
    sp__map_clip_frame(cr, L);

    /* the coverage area, faint */
    if (d->n_rings) {
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        cairo_new_path(cr);
        sp__map_path_shape(cr, L, &d->rings[d->n_rings - 1], RINGS_FILL);
        cairo_set_source_rgba(cr, HEX(C_TINT), 0.10);
        cairo_fill(cr);
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    }
    /* roads, lighter than on the run map */
    sp__map_draw_roads(cr, L, d, fw, L->denominator < 30000 ? 1.3 : 1.0);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.35);
    cairo_paint(cr);
    /* road names under the routes: the plan is what the page shows */
    sp_map_draw_labels(m->map, cr, t);

    /* routes, file order (day, then unit) */
    for (int i = 0; i < d->n_mroutes; i++) {
        const sp_rmroute *r = &d->mroutes[i];
        const sp_rshape *s = &r->line;
        cairo_new_path(cr);
        for (int k = 0; k < s->n_rings; k++)
            sp__map_path_line(cr, L, s->xy + 2 * (size_t)s->ring_off[k], s->ring_off[k + 1] - s->ring_off[k], 0);
        stroke_route(cr, sp_mmap_day_rgb(r->day), r->unit, m->multi_unit);
    }

    /* stops: not visited under, then by day */
    for (int k = 0; k < d->n_mstops; k++) {
        const sp_rmstop *s = &d->mstops[m->stop_order[k]];
        double px, py;
        sp_map_world_to_page(L, s->x, s->y, &px, &py);
        if (s->visits > 0 && s->day > 0)
            stop_visited(cr, t, px, py, s->day, s->order > 0 ? s->order : 0);
        else
            stop_skipped(cr, px, py, why_of(s->reason));
    }
    for (int i = 0; i < m->n_dep; i++) {
        double px, py;
        sp_map_world_to_page(L, m->dep[i].x, m->dep[i].y, &px, &py);
        depot_symbol(cr, px, py);
    }
    cairo_restore(cr);

    /* the depots' names beside their squares */
    cairo_save(cr);
    cairo_rectangle(cr, L->fx, L->fy, L->fw, L->fh);
    cairo_clip(cr);
    double *placed = g_new(double, 4 * (m->n_dep ? m->n_dep : 1));
    for (int i = 0; i < m->n_dep; i++) {
        double px, py, box[4];
        sp_map_world_to_page(L, m->dep[i].x, m->dep[i].y, &px, &py);
        depot_label_box(m, t, i, px, py, placed, box);
        memcpy(placed + 4 * i, box, sizeof box);
        cairo_set_source_rgb(cr, HEX(C_DEPOT));
        sp_text_draw(t, cr, m->dep[i].name, 7.5, SP_TXT_BOLD | SP_TXT_HALO, box[0], box[1], SP_AL_LEFT,
                     SP_AL_TOP, NULL);
    }
    g_free(placed);
    if (d->n_mroutes == 0) {
        cairo_set_source_rgb(cr, HEX(C_GAP));
        sp_text_draw(t, cr, sp_tr(m->lang, M_MOB_NO_ROUTE), 12, SP_TXT_BOLD | SP_TXT_HALO,
                     L->fx + L->fw / 2, L->fy + 30, SP_AL_CENTER, SP_AL_TOP, NULL);
    }
    cairo_restore(cr);
}

/* ---- the panel: the plan's figures, then the legend ---- */

static double panel_text(sp_text *t, cairo_t *cr, double x, double y, double w, const char *s,
                         double size, int flags)
{
    PangoLayout *l = sp_text_layout(t, s, size, flags, w);
    double tw, th;
    sp_text_size(l, &tw, &th);
    sp_text_show(t, cr, l, x, y, 0);
    g_object_unref(l);
    return th;
}

/* legend text beside a swatch at row centre y; returns the row's height */
static double leg_text(sp_text *t, cairo_t *cr, double x, double y, double w, const char *s)
{
    cairo_set_source_rgb(cr, HEX(C_TEXT));
    PangoLayout *l = sp_text_layout(t, s, LEG_FONT, 0, w - LEG_SW - 4);
    double tw, th;
    sp_text_size(l, &tw, &th);
    sp_text_show(t, cr, l, x + LEG_SW + 4, y - fmin(th, LEG_ROW) / 2, 0);
    g_object_unref(l);
    return fmax(LEG_ROW, th + 3);
}

static void not_served_list(const sp_results *d, sp_lang L, GString *g)
{
    const sp_rsummary *s = &d->sum;
    const double v[4] = {s->mobile_unserved_unreachable, s->mobile_unserved_too_far,
                         s->mobile_unserved_no_days, s->mobile_unserved_no_stop};
    const sp_msg why[4] = {M_MOB_WHY_UNREACHABLE, M_MOB_WHY_TOO_FAR, M_MOB_WHY_NO_DAYS, M_MOB_WHY_NO_STOP};
    char mins[32];
    double wm = s->mobile_walk_minutes;
    sp_fmt_num(L, isfinite(wm) ? wm : 0, fabs(wm - round(wm)) < 1e-9 ? 0 : 1, mins, sizeof mins);
    for (int k = 0; k < 4; k++) {
        if (!(v[k] > 0))
            continue;
        char b[64];
        char *reason = sp_trf(L, why[k], mins);
        g_string_append_printf(g, "%s%s %s", g->len ? (L == SP_LANG_ZH ? "；" : "; ") : "", reason,
                               sp_fmt_int(L, v[k], b, sizeof b));
        g_free(reason);
    }
}

static double draw_plan_box(const sp_mmap *m, cairo_t *cr, sp_text *t, double y)
{
    const sp_results *d = m->d;
    const sp_rsummary *s = &d->sum;
    const sp_map_layout *L = sp_map_get_layout(m->map);
    sp_lang lang = m->lang;
    double x = L->px + 5, w = L->pw - 10;
    char b1[64], b2[64], b3[64];
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    sp_fmt_int(lang, s->mobile_unit_days_used, b1, sizeof b1);
    sp_fmt_int(lang, s->mobile_unit_days_needed, b2, sizeof b2);
    sp_fmt_int(lang, s->mobile_unit_days_available, b3, sizeof b3);
    g_ptr_array_add(lines, sp_trf(lang, M_MOB_UD, b1, b2, b3));
    sp_fmt_int(lang, s->mobile_lower_bound, b1, sizeof b1);
    if (s->mobile_optimal) {
        g_ptr_array_add(lines, sp_trf(lang, M_MOB_LB_OPT, b1));
    } else {
        int gap = s->mobile_unit_days_needed - s->mobile_lower_bound;
        char *g = sp_tr_count(lang, M_MOB_N_UD, M_MOB_N_UD_1, gap > 0 ? gap : 0);
        g_ptr_array_add(lines, sp_trf(lang, M_MOB_LB_GAP, b1, g));
        g_free(g);
    }
    double tgt = s->mobile_workers_target, srv = s->mobile_workers_served;
    double pct = sp_results_num(d, "mobile.percent_served", tgt > 0 ? 100 * srv / tgt : 0);
    sp_fmt_int(lang, srv, b1, sizeof b1);
    sp_fmt_int(lang, tgt, b2, sizeof b2);
    sp_fmt_pct(lang, pct, 1, b3, sizeof b3);
    g_ptr_array_add(lines, sp_trf(lang, M_MOB_SERVED, b1, b2, b3));
    GString *ns = g_string_new(NULL);
    not_served_list(d, lang, ns);
    g_ptr_array_add(lines, ns->len ? sp_trf(lang, M_MOB_NOT_SERVED, ns->str)
                                   : g_strdup(sp_tr(lang, M_MOB_NOT_SERVED_NONE)));
    g_string_free(ns, TRUE);
    sp_fmt_num(lang, s->mobile_drive_minutes / 60, 1, b1, sizeof b1);
    g_ptr_array_add(lines, sp_trf(lang, M_MOB_DRIVE, b1));
    snprintf(b1, sizeof b1, "%d", s->mobile_period_days);
    char *note = sp_trf(lang, M_MOB_PERIOD_NOTE, b1);

    /* measure, then a light box behind */
    double h = 0, hh;
    sp_text_measure(t, sp_tr(lang, M_MOB_PLAN), 9.5, SP_TXT_BOLD, NULL, &hh);
    h += hh + 4;
    for (guint i = 0; i < lines->len; i++) {
        PangoLayout *l = sp_text_layout(t, lines->pdata[i], LEG_FONT + 0.5, 0, w);
        double lw, lh;
        sp_text_size(l, &lw, &lh);
        g_object_unref(l);
        h += lh + 2;
    }
    PangoLayout *nl = sp_text_layout(t, note, 6.5, SP_TXT_ITALIC, w);
    double nw, nh;
    sp_text_size(nl, &nw, &nh);
    g_object_unref(nl);
    h += nh + 2;
    cairo_rectangle(cr, L->px, y, L->pw, h + 10);
    cairo_set_source_rgb(cr, 0.955, 0.96, 0.97);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
    double yy = y + 5;
    cairo_set_source_rgb(cr, HEX(C_TEXT));
    yy += panel_text(t, cr, x, yy, w, sp_tr(lang, M_MOB_PLAN), 9.5, SP_TXT_BOLD) + 4;
    for (guint i = 0; i < lines->len; i++) {
        cairo_set_source_rgb(cr, HEX(C_TEXT));
        yy += panel_text(t, cr, x, yy, w, lines->pdata[i], LEG_FONT + 0.5, i < 2 ? SP_TXT_BOLD : 0) + 2;
    }
    cairo_set_source_rgb(cr, HEX(C_NOTE));
    panel_text(t, cr, x, yy, w, note, 6.5, SP_TXT_ITALIC);
    g_free(note);
    g_ptr_array_free(lines, TRUE);
    return y + h + 10;
}

static double draw_legend(const sp_mmap *m, cairo_t *cr, sp_text *t, double y)
{
    const sp_results *d = m->d;
    const sp_map_layout *L = sp_map_get_layout(m->map);
    sp_lang lang = m->lang;
    double x = L->px, w = L->pw;
    char b[64];
    cairo_set_source_rgb(cr, HEX(C_TEXT));
    sp_text_draw(t, cr, sp_tr(lang, M_LEGEND), 9.5, SP_TXT_BOLD, x, y, SP_AL_LEFT, SP_AL_TOP, NULL);
    y += 18;

    /* days: in columns of DAY_ROWS, two columns at most */
    if (m->n_days > 0) {
        snprintf(b, sizeof b, "%d", d->sum.mobile_block_days);
        char *head = sp_trf(lang, M_MOB_DAYS_HEAD, b);
        cairo_set_source_rgb(cr, HEX(C_TEXT));
        y += panel_text(t, cr, x, y - 5, w, head, LEG_FONT, SP_TXT_BOLD) + 3;
        g_free(head);
        int cols = m->n_days > DAY_ROWS ? 2 : 1;
        int shown = m->n_days <= 2 * DAY_ROWS ? m->n_days : 2 * DAY_ROWS - 1;
        int rows = (shown + cols - 1) / cols;
        double cw = w / cols;
        for (int k = 0; k < shown; k++) {
            double cx = x + (k / rows) * cw, cy = y + (k % rows) * LEG_ROW;
            int day = m->days[k];
            cairo_move_to(cr, cx + 1, cy);
            cairo_line_to(cr, cx + LEG_SW - 1, cy);
            stroke_route(cr, sp_mmap_day_rgb(day), 1, 0);
            stop_visited(cr, t, cx + LEG_SW / 2, cy, day, 1);
            snprintf(b, sizeof b, "%d", day);
            char *s = sp_trf(lang, M_MOB_DAY, b);
            leg_text(t, cr, cx, cy, cw, s);
            g_free(s);
        }
        y += rows * LEG_ROW;
        if (shown < m->n_days) {
            snprintf(b, sizeof b, "%d", m->n_days - shown);
            char *s = sp_trf(lang, M_MOB_MORE_DAYS, b);
            y += leg_text(t, cr, x, y, w, s);
            g_free(s);
        }
        y += 3;
    }
    /* line style by unit */
    if (m->multi_unit) {
        cairo_set_source_rgb(cr, HEX(C_TEXT));
        y += panel_text(t, cr, x, y - 5, w, sp_tr(lang, M_MOB_UNITS_HEAD), LEG_FONT, SP_TXT_BOLD) + 3;
        int nu = d->sum.mobile_units < 4 ? d->sum.mobile_units : 4;
        double cw = w / 2;
        for (int u = 1; u <= nu; u++) {
            double cx = x + ((u - 1) % 2) * cw, cy = y + ((u - 1) / 2) * LEG_ROW;
            cairo_move_to(cr, cx + 1, cy);
            cairo_line_to(cr, cx + LEG_SW - 1, cy);
            stroke_route(cr, 0x555555u, u, 1);
            /* units 5, 6 ... repeat the four styles: "Unit 1, 5, 9" */
            GString *g = g_string_new(NULL);
            int listed = 0;
            for (int v = u; v <= d->sum.mobile_units; v += 4) {
                if (listed == 3) {
                    g_string_append(g, ", \u2026");
                    break;
                }
                g_string_append_printf(g, "%s%d", listed ? ", " : "", v);
                listed++;
            }
            char *s = sp_trf(lang, M_MOB_UNIT, g->str);
            g_string_free(g, TRUE);
            leg_text(t, cr, cx, cy, cw, s);
            g_free(s);
        }
        y += ((nu + 1) / 2) * LEG_ROW + 3;
    }
    return y;
}

/* the depot, the stops, the reasons a stop is not visited, the coverage
 * tint; then the notes at the panel's foot */
static double draw_legend_marks(const sp_mmap *m, cairo_t *cr, sp_text *t, double y)
{
    const sp_results *d = m->d;
    const sp_map_layout *L = sp_map_get_layout(m->map);
    sp_lang lang = m->lang;
    double x = L->px, w = L->pw, sx = x + LEG_SW / 2;
    char b[64], b2[64];
    if (m->n_dep > 0) {
        depot_symbol(cr, sx, y);
        y += leg_text(t, cr, x, y, w, sp_tr(lang, M_MOB_DEPOT));
    }
    int any_visited = 0, n_why[WHY_COUNT] = {0};
    double w_why[WHY_COUNT] = {0};
    for (int i = 0; i < d->n_mstops; i++) {
        const sp_rmstop *s = &d->mstops[i];
        if (s->visits > 0 && s->day > 0) {
            any_visited = 1;
        } else {
            int k = why_of(s->reason);
            n_why[k]++;
            w_why[k] += isfinite(s->workers) ? s->workers : 0;
        }
    }
    if (any_visited) {
        stop_visited(cr, t, sx, y, 1, 3);
        y += leg_text(t, cr, x, y, w, sp_tr(lang, M_MOB_STOP));
    }
    if (n_why[0] + n_why[1] + n_why[2] > 0) {
        cairo_set_source_rgb(cr, HEX(C_TEXT));
        y += panel_text(t, cr, x, y - 5, w, sp_tr(lang, M_MOB_NOT_VISITED), LEG_FONT, SP_TXT_BOLD) + 3;
        const sp_msg why[WHY_COUNT] = {M_MOB_WHY_UNREACHABLE, M_MOB_WHY_TOO_FAR, M_MOB_WHY_NO_DAYS};
        for (int k = 0; k < WHY_COUNT; k++) {
            if (!n_why[k])
                continue;
            stop_skipped(cr, sx, y, k);
            char *ns = sp_tr_count(lang, M_MOB_N_STOPS, M_MOB_N_STOPS_1, n_why[k]);
            sp_fmt_int(lang, w_why[k], b2, sizeof b2);
            char *s = sp_trf(lang, M_MOB_LEG_REASON, sp_tr(lang, why[k]), ns, b2);
            g_free(ns);
            y += leg_text(t, cr, x, y, w, s);
            g_free(s);
        }
    }
    if (d->n_rings) {
        cairo_rectangle(cr, x + 2, y - 5, LEG_SW - 4, 10);
        cairo_set_source_rgba(cr, HEX(C_TINT), 0.10);
        cairo_fill(cr);
        double mv = d->ring_minutes[d->n_rings - 1];
        sp_fmt_num(lang, mv, fabs(mv - round(mv)) < 1e-9 ? 0 : 1, b, sizeof b);
        char *s = sp_trf(lang, M_MOB_WITHIN, b);
        y += leg_text(t, cr, x, y, w, s);
        g_free(s);
    }
    /* notes: scale, projection */
    y += 6;
    sp_fmt_int(lang, L->denominator, b, sizeof b);
    char *sc = sp_trf(lang, M_SCALE_NOTE, b, m->page_name ? m->page_name : "A4");
    char *crs = sp_trf(lang, M_CRS_NOTE, d->sum.crs ? d->sum.crs : "?");
    cairo_set_source_rgb(cr, HEX(C_NOTE));
    y += panel_text(t, cr, x, y, w, sc, 6.5, 0) + 1;
    y += panel_text(t, cr, x, y, w, crs, 6.5, 0) + 1;
    g_free(sc);
    g_free(crs);
    return y;
}

void sp_mmap_draw(const sp_mmap *m, cairo_t *cr, sp_text *t)
{
    const sp_map_layout *L = sp_map_get_layout(m->map);
    cairo_save(cr);
    sp__map_fill_page(cr, L);
    sp__map_draw_title(cr, t, L, m->title, m->subtitle);
    draw_frame(m, cr, t);
    sp_map_draw_furniture(m->map, cr, t);
    /* the panel, clipped to its box */
    cairo_save(cr);
    cairo_rectangle(cr, L->px - 1, L->py - 1, L->pw + 2, L->ph + 2);
    cairo_clip(cr);
    double y = draw_plan_box(m, cr, t, L->py);
    y = draw_legend(m, cr, t, y + 12);
    draw_legend_marks(m, cr, t, y + 2);
    cairo_restore(cr);
    cairo_restore(cr);
}
