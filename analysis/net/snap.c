/* snap.c — nearest link or node through a GEOS STRtree; see snap.h. */
#include "snap.h"

#include "access.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

struct sp_snapper {
    const sp_graph *g;
    GEOSContextHandle_t gctx;
    GEOSSTRtree *tree;
    GEOSGeometry **items; /* envelopes (links) or points (nodes), owned */
    int32_t *ids;         /* link or node id per item */
    size_t n_items;
    sp_snap_rule rule;
    sp_access *access;    /* the access rule's index (access.h) */
};

static void no_hit(void *item, void *ud)
{
    (void)item;
    (void)ud;
}

int32_t sp_snap_nearest_any(const sp_graph *g, double x, double y, double *dist_m)
{
    int32_t best = -1;
    *dist_m = INFINITY;
    for (int32_t l = 0; l < g->n_links; l++) {
        const sp_link *k = &g->links[l];
        double s_along, px, py;
        double d = sp_snap_polyline(&g->geom_xy[2 * (size_t)k->geom_off], k->geom_len, x, y,
                                    &s_along, &px, &py);
        if (d < *dist_m) {
            *dist_m = d;
            best = l;
        }
    }
    return best;
}

void sp_snapper_free(sp_snapper *s)
{
    if (!s)
        return;
    if (s->tree)
        GEOSSTRtree_destroy_r(s->gctx, s->tree);
    for (size_t i = 0; i < s->n_items; i++)
        GEOSGeom_destroy_r(s->gctx, s->items[i]);
    free(s->items);
    free(s->ids);
    sp_access_free(s->access);
    free(s);
}

sp_status sp_snapper_new(const sp_graph *g, GEOSContextHandle_t gctx, sp_snap_rule rule,
                         const unsigned char *access, int n_access, sp_snapper **out)
{
    *out = NULL;
    sp_snapper *s = calloc(1, sizeof *s);
    if (!s)
        return sp_error(SP_E_NOMEM, "out of memory");
    s->g = g;
    s->gctx = gctx;
    s->rule = rule;
    size_t cap = rule == SP_SNAP_NODE ? (size_t)g->n_nodes : (size_t)g->n_links;
    s->items = sp_calloc_n(cap, sizeof *s->items);
    s->ids = sp_calloc_n(cap, sizeof *s->ids);
    s->tree = GEOSSTRtree_create_r(gctx, 10);
    if (!s->items || !s->ids || !s->tree) {
        sp_snapper_free(s);
        return sp_error(SP_E_NOMEM, "out of memory building the snapping index");
    }
    if (rule == SP_SNAP_NODE) {
        uint8_t *end = sp_calloc_n((size_t)g->n_nodes + 1, 1);
        if (!end) {
            sp_snapper_free(s);
            return sp_error(SP_E_NOMEM, "out of memory building the snapping index");
        }
        for (int32_t l = 0; l < g->n_links; l++)
            if (sp_access_link_usable(g, l, access, n_access))
                end[g->links[l].from] = end[g->links[l].to] = 1;
        for (int32_t v = 0; v < g->n_nodes; v++) {
            if (!end[v])
                continue;
            s->items[s->n_items] = GEOSGeom_createPointFromXY_r(gctx, g->node_xy[2 * v],
                                                                g->node_xy[2 * v + 1]);
            s->ids[s->n_items] = v;
            s->n_items++;
        }
        free(end);
    } else {
        for (int32_t l = 0; l < g->n_links; l++) {
            const sp_link *k = &g->links[l];
            if (!sp_access_link_usable(g, l, access, n_access))
                continue;
            const double *xy = &g->geom_xy[2 * (size_t)k->geom_off];
            double x0 = xy[0], x1 = xy[0], y0 = xy[1], y1 = xy[1];
            for (uint32_t i = 1; i < k->geom_len; i++) {
                x0 = fmin(x0, xy[2 * i]); x1 = fmax(x1, xy[2 * i]);
                y0 = fmin(y0, xy[2 * i + 1]); y1 = fmax(y1, xy[2 * i + 1]);
            }
            s->items[s->n_items] = GEOSGeom_createRectangle_r(gctx, x0, y0, x1, y1);
            s->ids[s->n_items] = l;
            s->n_items++;
        }
    }
    for (size_t i = 0; i < s->n_items; i++) {
        if (!s->items[i]) {
            sp_snapper_free(s);
            return sp_error(SP_E_INTERNAL, "GEOS could not create the snapping index");
        }
        GEOSSTRtree_insert_r(gctx, s->tree, s->items[i], &s->ids[i]);
    }
    /* GEOS builds the tree at its first query; build it now, so that later
     * queries only read it and may run in parallel. */
    GEOSGeometry *probe = GEOSGeom_createPointFromXY_r(gctx, 0, 0);
    if (!probe) {
        sp_snapper_free(s);
        return sp_error(SP_E_NOMEM, "out of memory building the snapping index");
    }
    GEOSSTRtree_query_r(gctx, s->tree, probe, no_hit, NULL);
    GEOSGeom_destroy_r(gctx, probe);
    sp_status st = sp_access_new(g, rule, access, n_access, &s->access);
    if (st) {
        sp_snapper_free(s);
        return st;
    }
    *out = s;
    return SP_OK;
}

typedef struct {
    const sp_snapper *s;
    double x, y;
    double best_d;     /* tie pass: the nearest distance */
    int32_t best_id;   /* tie pass: lowest id at that distance */
} query;

/* Exact distance from the query point to an item (link polyline or node). */
static int item_distance(const void *item, const void *other, double *d, void *ud)
{
    (void)other;
    const query *q = ud;
    int32_t id = *(const int32_t *)item;
    const sp_graph *g = q->s->g;
    if (q->s->rule == SP_SNAP_NODE) {
        *d = hypot(g->node_xy[2 * id] - q->x, g->node_xy[2 * id + 1] - q->y);
        return 1;
    }
    const sp_link *k = &g->links[id];
    double sa, px, py;
    *d = sp_snap_polyline(&g->geom_xy[2 * (size_t)k->geom_off], k->geom_len, q->x, q->y,
                          &sa, &px, &py);
    return 1;
}

/* Tie pass: among the items within the nearest distance, the lowest id. */
static void tie_cb(void *item, void *ud)
{
    query *q = ud;
    double d;
    item_distance(item, NULL, &d, q);
    int32_t id = *(const int32_t *)item;
    if (d <= q->best_d * (1 + 1e-12) + 1e-9 && id < q->best_id)
        q->best_id = id;
}

void sp_snapper_snap(const sp_snapper *s, GEOSContextHandle_t gctx, double x, double y,
                     double max_snap_m, double walk_kmh, sp_snap *out)
{
    out->link = -1;
    out->node = -1;
    out->s = 0;
    out->offroad_m = INFINITY;
    out->offroad_s = INFINITY;
    out->x = x;
    out->y = y;
    if (s->n_items == 0)
        return;
    query q = {s, x, y, 0, 0};
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(gctx, x, y);
    const void *hit = GEOSSTRtree_nearest_generic_r(gctx, s->tree, &q, pt, item_distance, &q);
    GEOSGeom_destroy_r(gctx, pt);
    if (!hit)
        return;
    /* The tree returns any one of equally near items; ties go to the lowest
     * id so that the snap does not depend on the tree's layout. */
    item_distance(hit, NULL, &q.best_d, &q);
    q.best_id = *(const int32_t *)hit;
    double r = q.best_d + 1e-6;
    GEOSGeometry *box = GEOSGeom_createRectangle_r(gctx, x - r, y - r, x + r, y + r);
    if (box) {
        GEOSSTRtree_query_r(gctx, s->tree, box, tie_cb, &q);
        GEOSGeom_destroy_r(gctx, box);
    }
    int32_t id = q.best_id;
    const sp_graph *g = s->g;
    if (s->rule == SP_SNAP_NODE) {
        double d = hypot(g->node_xy[2 * id] - x, g->node_xy[2 * id + 1] - y);
        out->offroad_m = d;
        out->x = g->node_xy[2 * id];
        out->y = g->node_xy[2 * id + 1];
        if (d <= max_snap_m) {
            out->node = id;
            out->offroad_s = 0;
        }
        return;
    }
    const sp_link *k = &g->links[id];
    double sa, px, py;
    double d = sp_snap_polyline(&g->geom_xy[2 * (size_t)k->geom_off], k->geom_len, x, y,
                                &sa, &px, &py);
    out->offroad_m = d;
    out->x = px;
    out->y = py;
    if (d <= max_snap_m) {
        out->link = id;
        out->s = sa * (k->length_m > 0 ? 1.0 : 0.0);
        out->offroad_s = d / (walk_kmh / 3.6);
    }
}

const sp_access *sp_snapper_access(const sp_snapper *s)
{
    return s->access;
}
