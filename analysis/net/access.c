/* access.c — the access rule through a bucket grid of link segments (or
 * nodes); see access.h. */
#include "access.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>


/* Push radius of sp_access_block (metres): cells whose answer lies within
 * it are settled by pushing; the rest are looked up one by one. */
#define PUSH_R 150.0

struct sp_access {
    const sp_graph *g;
    sp_snap_rule rule;
    /* items: a segment (link, first vertex) for snap = edge, a node for
     * snap = node */
    int32_t n_items;
    int32_t *item_id;     /* link or node */
    uint32_t *item_seg;   /* vertex index of the segment's start (edge) */
    /* buckets of B metres from (x0, y0): CSR bucket -> items */
    double x0, y0, B;
    int nbx, nby;
    int32_t *off;         /* nbx * nby + 1 */
    int32_t *items;
};

int sp_access_link_usable(const sp_graph *g, int32_t l, const unsigned char *access,
                          int n_access)
{
    const sp_link *k = &g->links[l];
    if (!sp_graph_in_main(g, k->from) || !sp_graph_in_main(g, k->to) ||
        (isinf(g->fwd_s[l]) && isinf(g->bwd_s[l]))) /* closed road */
        return 0;
    return !access || k->road_class < 0 || k->road_class >= n_access || access[k->road_class];
}

void sp_access_free(sp_access *a)
{
    if (!a)
        return;
    free(a->item_id);
    free(a->item_seg);
    free(a->off);
    free(a->items);
    free(a);
}

sp_snap_rule sp_access_rule(const sp_access *a)
{
    return a->rule;
}

/* The item's two ends (a segment's vertices, or the node twice). */
static void item_ends(const sp_access *a, int32_t it, const double **p, const double **q)
{
    const sp_graph *g = a->g;
    if (a->rule == SP_SNAP_NODE) {
        *p = *q = &g->node_xy[2 * (size_t)a->item_id[it]];
        return;
    }
    const sp_link *k = &g->links[a->item_id[it]];
    *p = &g->geom_xy[2 * ((size_t)k->geom_off + a->item_seg[it])];
    *q = *p + 2;
}

/* Distance from (x, y) to the segment p-q: the arithmetic of
 * sp_snap_polyline() for one segment. */
static double seg_dist(const double *p, const double *q, double x, double y)
{
    double dx = q[0] - p[0], dy = q[1] - p[1];
    double l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((x - p[0]) * dx + (y - p[1]) * dy) / l2 : 0;
    if (t < 0)
        t = 0;
    if (t > 1)
        t = 1;
    double ex = x - (p[0] + t * dx), ey = y - (p[1] + t * dy);
    return sqrt(ex * ex + ey * ey);
}

double sp_snap_polyline(const double *xy, uint32_t n, double x, double y,
                        double *s_along, double *px, double *py)
{
    double best = INFINITY, acc = 0;
    for (uint32_t i = 0; i + 1 < n; i++) {
        double ax = xy[2 * i], ay = xy[2 * i + 1];
        double bx = xy[2 * i + 2], by = xy[2 * i + 3];
        double dx = bx - ax, dy = by - ay;
        double l2 = dx * dx + dy * dy, len = sqrt(l2);
        double t = l2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / l2 : 0;
        if (t < 0) t = 0;
        if (t > 1) t = 1;
        double qx = ax + t * dx, qy = ay + t * dy;
        double d = sqrt((x - qx) * (x - qx) + (y - qy) * (y - qy));
        if (d < best) {
            best = d;
            *s_along = acc + t * len;
            *px = qx;
            *py = qy;
        }
        acc += len;
    }
    return best;
}

static int bucket_of(double v, double v0, double B, int n)
{
    double f = floor((v - v0) / B);
    return f < 0 ? 0 : f > n - 1 ? n - 1 : (int)f;
}

sp_status sp_access_new(const sp_graph *g, sp_snap_rule rule, const unsigned char *access,
                        int n_access, sp_access **out)
{
    *out = NULL;
    sp_access *a = calloc(1, sizeof *a);
    if (!a)
        return sp_error(SP_E_NOMEM, "out of memory building the access index");
    a->g = g;
    a->rule = rule;
    /* The items. */
    size_t cap = rule == SP_SNAP_NODE ? (size_t)g->n_nodes : (size_t)g->n_geom;
    uint8_t *end = rule == SP_SNAP_NODE ? sp_calloc_n((size_t)g->n_nodes + 1, 1) : NULL;
    a->item_id = sp_malloc_n(cap + 1, sizeof *a->item_id);
    a->item_seg = sp_malloc_n(cap + 1, sizeof *a->item_seg);
    if (!a->item_id || !a->item_seg || (rule == SP_SNAP_NODE && !end))
        goto nomem;
    for (int32_t l = 0; l < g->n_links; l++) {
        if (!sp_access_link_usable(g, l, access, n_access))
            continue;
        const sp_link *k = &g->links[l];
        if (rule == SP_SNAP_NODE) {
            end[k->from] = end[k->to] = 1;
            continue;
        }
        for (uint32_t i = 0; i + 1 < k->geom_len; i++) {
            a->item_id[a->n_items] = l;
            a->item_seg[a->n_items++] = i;
        }
        if (k->geom_len == 1) { /* a link of one vertex: a point */
            a->item_id[a->n_items] = l;
            a->item_seg[a->n_items++] = 0;
        }
    }
    if (rule == SP_SNAP_NODE)
        for (int32_t v = 0; v < g->n_nodes; v++)
            if (end[v]) {
                a->item_id[a->n_items] = v;
                a->item_seg[a->n_items++] = 0;
            }
    free(end);
    end = NULL;
    /* The bucket grid over the items' extent: about three items' spacing
     * a side, at most 2^24 buckets. */
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int32_t it = 0; it < a->n_items; it++) {
        const double *p, *q;
        item_ends(a, it, &p, &q);
        x0 = fmin(x0, fmin(p[0], q[0]));
        x1 = fmax(x1, fmax(p[0], q[0]));
        y0 = fmin(y0, fmin(p[1], q[1]));
        y1 = fmax(y1, fmax(p[1], q[1]));
    }
    if (a->n_items == 0)
        x0 = y0 = x1 = y1 = 0;
    double W = fmax(x1 - x0, 1), H = fmax(y1 - y0, 1);
    double B = 3 * sqrt(W * H / (a->n_items ? a->n_items : 1));
    B = fmax(B, 25);
    while ((W / B + 1) * (H / B + 1) > (double)(1 << 24))
        B *= 2;
    a->x0 = x0;
    a->y0 = y0;
    a->B = B;
    a->nbx = (int)(W / B) + 1;
    a->nby = (int)(H / B) + 1;
    size_t nb = (size_t)a->nbx * (size_t)a->nby;
    a->off = sp_calloc_n(nb + 1, sizeof *a->off);
    if (!a->off)
        goto nomem;
    for (int pass = 0; pass < 2; pass++) {
        for (int32_t it = 0; it < a->n_items; it++) {
            const double *p, *q;
            item_ends(a, it, &p, &q);
            int bx0 = bucket_of(fmin(p[0], q[0]), x0, B, a->nbx);
            int bx1 = bucket_of(fmax(p[0], q[0]), x0, B, a->nbx);
            int by0 = bucket_of(fmin(p[1], q[1]), y0, B, a->nby);
            int by1 = bucket_of(fmax(p[1], q[1]), y0, B, a->nby);
            for (int by = by0; by <= by1; by++)
                for (int bx = bx0; bx <= bx1; bx++) {
                    size_t b = (size_t)by * (size_t)a->nbx + (size_t)bx;
                    if (pass == 0)
                        a->off[b + 1]++;
                    else
                        a->items[a->off[b]++] = it;
                }
        }
        if (pass == 0) {
            for (size_t b = 0; b < nb; b++)
                a->off[b + 1] += a->off[b];
            a->items = sp_malloc_n((size_t)a->off[nb] + 1, sizeof *a->items);
            if (!a->items)
                goto nomem;
        } else { /* the fill moved each offset to the next bucket's start */
            memmove(a->off + 1, a->off, nb * sizeof *a->off);
            a->off[0] = 0;
        }
    }
    *out = a;
    return SP_OK;
nomem:
    free(end);
    sp_access_free(a);
    return sp_error(SP_E_NOMEM, "out of memory building the access index");
}

/* ------------------------------------------------------------------------ */
/* The k nearest distinct links (or nodes)                                  */

typedef struct {
    double d;
    int32_t id;
} cand;

static int cand_before(double d, int32_t id, const cand *c)
{
    return d < c->d || (d == c->d && id < c->id);
}

/* Offer (id, d): keep the k best distinct ids, best first. */
static void topk_offer(cand *c, uint8_t *n, int k, int32_t id, double d)
{
    int i;
    for (i = 0; i < *n; i++)
        if (c[i].id == id)
            break;
    if (i < *n) { /* known: keep its least distance */
        if (!(d < c[i].d))
            return;
    } else if (*n < k) {
        i = (*n)++;
    } else {
        i = k - 1;
        if (!cand_before(d, id, &c[i]))
            return;
    }
    while (i > 0 && cand_before(d, id, &c[i - 1])) {
        c[i] = c[i - 1];
        i--;
    }
    c[i].d = d;
    c[i].id = id;
}

static int rule_k(const sp_access *a)
{
    return a->rule == SP_SNAP_NODE ? 1 : SP_ACCESS_MAX;
}

static double rule_extra(const sp_access *a)
{
    return a->rule == SP_SNAP_NODE ? 0 : SP_ACCESS_EXTRA_M;
}

/* Visit the items of bucket (bx, by) for the point (x, y). */
static void offer_bucket(const sp_access *a, int bx, int by, double x, double y, cand *c,
                         uint8_t *n, int k)
{
    size_t b = (size_t)by * (size_t)a->nbx + (size_t)bx;
    for (int32_t j = a->off[b]; j < a->off[b + 1]; j++) {
        int32_t it = a->items[j];
        const double *p, *q;
        item_ends(a, it, &p, &q);
        topk_offer(c, n, k, a->item_id[it], seg_dist(p, q, x, y));
    }
}

/* The k nearest ids by a ring search: stops once every item within the cut
 * (or the k nearest) is known.  Returns how many, in c. */
static int nearest_ids(const sp_access *a, double x, double y, double max_snap_m, cand *c)
{
    int k = rule_k(a);
    double extra = rule_extra(a), B = a->B;
    uint8_t n = 0;
    if (a->n_items == 0)
        return 0;
    double fx = floor((x - a->x0) / B), fy = floor((y - a->y0) / B);
    if (!isfinite(fx) || !isfinite(fy) || fabs(fx) > 1e9 || fabs(fy) > 1e9)
        return 0;
    long bx = (long)fx, by = (long)fy;
    for (long r = 0;; r++) {
        long ylo = by - r, yhi = by + r, xlo = bx - r, xhi = bx + r;
        long cy0 = ylo < 0 ? 0 : ylo, cy1 = yhi > a->nby - 1 ? a->nby - 1 : yhi;
        long cx0 = xlo < 0 ? 0 : xlo, cx1 = xhi > a->nbx - 1 ? a->nbx - 1 : xhi;
        for (long iy = cy0; iy <= cy1; iy++) {
            if (iy == ylo || iy == yhi) {
                for (long ix = cx0; ix <= cx1; ix++)
                    offer_bucket(a, (int)ix, (int)iy, x, y, c, &n, k);
            } else {
                if (xlo >= 0 && xlo < a->nbx)
                    offer_bucket(a, (int)xlo, (int)iy, x, y, c, &n, k);
                if (xhi >= 0 && xhi < a->nbx && xhi != xlo)
                    offer_bucket(a, (int)xhi, (int)iy, x, y, c, &n, k);
            }
        }
        /* Every item within r * B of the point is now known. */
        double covered = (double)r * B;
        double cut = n ? fmin(c[0].d + extra, max_snap_m) : max_snap_m;
        if (covered >= cut || (n == k && c[k - 1].d <= covered))
            break;
        if (xlo <= 0 && ylo <= 0 && xhi >= a->nbx - 1 && yhi >= a->nby - 1)
            break; /* the ring holds the whole grid: every item is known */
    }
    return n;
}

/* Turn the candidates into access snaps (nearest first, within the cut). */
static int to_snaps(const sp_access *a, const cand *c, int n, double x, double y,
                    double max_snap_m, double walk_kmh, sp_snap *out)
{
    if (n == 0 || !(c[0].d <= max_snap_m))
        return 0;
    double cut = fmin(c[0].d + rule_extra(a), max_snap_m);
    const sp_graph *g = a->g;
    int m = 0;
    for (int i = 0; i < n && c[i].d <= cut; i++) {
        sp_snap *sn = &out[m++];
        int32_t id = c[i].id;
        if (a->rule == SP_SNAP_NODE) {
            sn->link = -1;
            sn->node = id;
            sn->s = 0;
            sn->offroad_m = c[i].d;
            sn->offroad_s = 0;
            sn->x = g->node_xy[2 * (size_t)id];
            sn->y = g->node_xy[2 * (size_t)id + 1];
            continue;
        }
        const sp_link *k = &g->links[id];
        double sa, px, py;
        double d = sp_snap_polyline(&g->geom_xy[2 * (size_t)k->geom_off], k->geom_len, x, y, &sa,
                                    &px, &py);
        sn->link = id;
        sn->node = -1;
        sn->s = sa * (k->length_m > 0 ? 1.0 : 0.0);
        sn->offroad_m = d;
        sn->offroad_s = d / (walk_kmh / 3.6);
        sn->x = px;
        sn->y = py;
    }
    return m;
}

int sp_access_point(const sp_access *a, double x, double y, double max_snap_m, double walk_kmh,
                    sp_snap *out)
{
    cand c[SP_ACCESS_MAX];
    int n = nearest_ids(a, x, y, max_snap_m, c);
    return to_snaps(a, c, n, x, y, max_snap_m, walk_kmh, out);
}

/* ------------------------------------------------------------------------ */
/* A block of lattice cells                                                 */

/* A count no cell can have: marks a cell the push left unsettled. */
#define UNSETTLED 0xff

static sp_access_entry *e_of(sp_access_entry *ent, size_t cell)
{
    return ent + cell * SP_ACCESS_MAX;
}

static void to_entries(const sp_snap *sn, int m, uint8_t *count, sp_access_entry *e)
{
    *count = (uint8_t)m;
    for (int i = 0; i < m; i++) {
        e[i].id = sn[i].link >= 0 ? sn[i].link : sn[i].node;
        e[i].s = (float)sn[i].s;
        e[i].offroad_s = (float)sn[i].offroad_s;
    }
}

/* The cells the push leaves unsettled are looked up by sub-blocks of
 * SUB x SUB cells: once for the sub-block, the items within h + max_snap_m
 * of its centre (h: its half diagonal), sorted by their distance to the
 * centre (or, when an item lies within max_snap_m of the centre at D, only
 * those within D + 2 h + the rule's extra: a cell's nearest item is within
 * D + h of it and its cut within D + h + extra, so nothing farther from the
 * centre can be among its candidates); then, per cell, those items in that
 * order, stopping once an
 * item's distance to the centre less h exceeds what could still matter
 * (the cut, and with k candidates the k-th distance): every item nearer the
 * cell than that is at most that + h from the centre, so the cell gets
 * exactly the candidates within its cut that nearest_ids() finds (the same
 * seg_dist values, the same (distance, id) order), for a fraction of the
 * ring search.  Used when a sub-block has at least SUB_MIN unsettled cells
 * (of SUB x SUB); fewer take sp_access_point() one by one. */
#define SUB 8
#define SUB_MIN 8
/* A sub-block gathers the items within about 2 h of its centre, h growing
 * with its cells, so with coarse cells it gathers far more items than a
 * cell's own search visits: sub-blocks are at most SUB_SPAN_M wide (fewer
 * cells a side, SUB_MIN scaled to their count; at one cell a side, none). */
#define SUB_SPAN_M 480.0

typedef struct {
    double dc;  /* distance to the sub-block's centre */
    int32_t it; /* the item */
} near_item;

static int near_cmp(const void *x, const void *y)
{
    const near_item *p = x, *q = y;
    if (p->dc != q->dc)
        return p->dc < q->dc ? -1 : 1;
    return (p->it > q->it) - (p->it < q->it);
}

/* The items within rad of (cx, cy), each once, sorted by distance; n in
 * *n.  NULL on out of memory (the caller then looks cells up one by one). */
static near_item *near_items(const sp_access *a, double cx, double cy, double rad, size_t *n)
{
    int qx0 = bucket_of(cx - rad, a->x0, a->B, a->nbx), qx1 = bucket_of(cx + rad, a->x0, a->B, a->nbx);
    int qy0 = bucket_of(cy - rad, a->y0, a->B, a->nby), qy1 = bucket_of(cy + rad, a->y0, a->B, a->nby);
    size_t cap = 64, m = 0;
    near_item *v = sp_malloc_n(cap, sizeof *v);
    for (int iy = qy0; v && iy <= qy1; iy++)
        for (int ix = qx0; v && ix <= qx1; ix++) {
            size_t b = (size_t)iy * (size_t)a->nbx + (size_t)ix;
            for (int32_t j = a->off[b]; j < a->off[b + 1]; j++) {
                int32_t it = a->items[j];
                const double *p, *q;
                item_ends(a, it, &p, &q);
                /* once: in the first of its buckets inside the range */
                int hx = bucket_of(fmin(p[0], q[0]), a->x0, a->B, a->nbx);
                int hy = bucket_of(fmin(p[1], q[1]), a->y0, a->B, a->nby);
                if (ix != (hx > qx0 ? hx : qx0) || iy != (hy > qy0 ? hy : qy0))
                    continue;
                double d = seg_dist(p, q, cx, cy);
                if (!(d <= rad))
                    continue;
                if (m == cap) {
                    near_item *w = sp_realloc_n(v, cap * 2, sizeof *v);
                    if (!w) {
                        free(v);
                        return NULL;
                    }
                    v = w;
                    cap *= 2;
                }
                v[m].dc = d;
                v[m++].it = it;
            }
        }
    if (v)
        qsort(v, m, sizeof *v, near_cmp);
    *n = m;
    return v;
}

/* The k nearest ids of (x, y) from a sub-block's sorted items (see SUB). */
static int nearest_ids_sub(const sp_access *a, const near_item *v, size_t nv, double h,
                           double x, double y, double max_snap_m, cand *c)
{
    int k = rule_k(a);
    double extra = rule_extra(a);
    uint8_t n = 0;
    for (size_t i = 0; i < nv; i++) {
        double cut = n ? fmin(c[0].d + extra, max_snap_m) : max_snap_m;
        double bound = n == k && c[k - 1].d < cut ? c[k - 1].d : cut;
        /* 1e-6 m: room for the rounding of the two distances */
        if (v[i].dc - h > bound + 1e-6)
            break;
        const double *p, *q;
        item_ends(a, v[i].it, &p, &q);
        topk_offer(c, &n, k, a->item_id[v[i].it], seg_dist(p, q, x, y));
    }
    return n;
}

void sp_access_block(const sp_access *a, double cell_m, int64_t col0, int64_t row0, int nx,
                     int ny, double max_snap_m, double walk_kmh, uint8_t *count,
                     sp_access_entry *ent)
{
    size_t cells = (size_t)nx * (size_t)ny;
    int k = rule_k(a);
    double R = fmin(PUSH_R, max_snap_m);
    cand *c = sp_malloc_n(cells * (size_t)k + 1, sizeof *c);
    uint8_t *n = sp_calloc_n(cells + 1, 1);
    if (!c || !n) { /* no room to push: look every cell up */
        free(c);
        free(n);
        c = NULL;
        n = NULL;
    }
    double bx0 = (double)col0 * cell_m, by0 = (double)row0 * cell_m;
    double bx1 = (double)(col0 + nx) * cell_m, by1 = (double)(row0 + ny) * cell_m;
    if (c && a->n_items > 0 && R >= 0) {
        /* Push: every item near the block into the cells within R of it.
         * An item lying in several buckets is taken in the first of them
         * that the block's range holds. */
        int qx0 = bucket_of(bx0 - R, a->x0, a->B, a->nbx);
        int qx1 = bucket_of(bx1 + R, a->x0, a->B, a->nbx);
        int qy0 = bucket_of(by0 - R, a->y0, a->B, a->nby);
        int qy1 = bucket_of(by1 + R, a->y0, a->B, a->nby);
        for (int iy = qy0; iy <= qy1; iy++)
            for (int ix = qx0; ix <= qx1; ix++) {
                size_t b = (size_t)iy * (size_t)a->nbx + (size_t)ix;
                for (int32_t j = a->off[b]; j < a->off[b + 1]; j++) {
                    int32_t it = a->items[j];
                    const double *p, *q;
                    item_ends(a, it, &p, &q);
                    double ex0 = fmin(p[0], q[0]), ex1 = fmax(p[0], q[0]);
                    double ey0 = fmin(p[1], q[1]), ey1 = fmax(p[1], q[1]);
                    int hx = bucket_of(ex0, a->x0, a->B, a->nbx);
                    int hy = bucket_of(ey0, a->y0, a->B, a->nby);
                    if (ix != (hx > qx0 ? hx : qx0) || iy != (hy > qy0 ? hy : qy0))
                        continue;
                    /* Cells whose centre lies within R of the item's box. */
                    double c0 = ceil((ex0 - R - bx0) / cell_m - 0.5);
                    double c1 = floor((ex1 + R - bx0) / cell_m - 0.5);
                    double r0 = ceil((ey0 - R - by0) / cell_m - 0.5);
                    double r1 = floor((ey1 + R - by0) / cell_m - 0.5);
                    if (c0 < 0)
                        c0 = 0;
                    if (r0 < 0)
                        r0 = 0;
                    if (c1 > nx - 1)
                        c1 = nx - 1;
                    if (r1 > ny - 1)
                        r1 = ny - 1;
                    for (int r = (int)r0; r <= (int)r1; r++) {
                        double y = by0 + (r + 0.5) * cell_m;
                        for (int cc = (int)c0; cc <= (int)c1; cc++) {
                            double x = bx0 + (cc + 0.5) * cell_m;
                            double d = seg_dist(p, q, x, y);
                            if (d <= R) {
                                size_t cell = (size_t)r * (size_t)nx + (size_t)cc;
                                topk_offer(c + cell * (size_t)k, &n[cell], k, a->item_id[it], d);
                            }
                        }
                    }
                }
            }
    }
    double extra = rule_extra(a);
    sp_snap sn[SP_ACCESS_MAX];
    int sub = (int)fmax(1.0, fmin((double)SUB, floor(SUB_SPAN_M / cell_m)));
    int sub_min = sub > 1 ? (SUB_MIN * sub * sub + SUB * SUB - 1) / (SUB * SUB) : INT_MAX;
    double h = sub * cell_m * M_SQRT2 / 2;
    for (int sr = 0; sr < ny; sr += sub)
        for (int sc = 0; sc < nx; sc += sub) {
            int r1 = sr + sub < ny ? sr + sub : ny, c1 = sc + sub < nx ? sc + sub : nx;
            int unsettled = 0;
            for (int r = sr; r < r1; r++)
                for (int cc = sc; cc < c1; cc++) {
                    size_t cell = (size_t)r * (size_t)nx + (size_t)cc;
                    double x = bx0 + (cc + 0.5) * cell_m, y = by0 + (r + 0.5) * cell_m;
                    if (c) {
                        const cand *cl = c + cell * (size_t)k;
                        int nn = n[cell];
                        /* Settled when every link within the cut lies within
                         * R, or the k nearest do; with nothing within R, when
                         * the cut (max_snap_m) is no larger than R. */
                        int settled = nn ? fmin(cl[0].d + extra, max_snap_m) <= R || nn == k
                                         : max_snap_m <= R;
                        if (settled) {
                            int m = to_snaps(a, cl, nn, x, y, max_snap_m, walk_kmh, sn);
                            to_entries(sn, m, &count[cell], e_of(ent, cell));
                            continue;
                        }
                    }
                    count[cell] = UNSETTLED;
                    unsettled++;
                }
            if (!unsettled)
                continue;
            /* the sub-block's items, when enough cells need them */
            size_t nv = 0;
            near_item *v = NULL;
            if (unsettled >= sub_min && a->n_items > 0 && max_snap_m >= 0) {
                double cx = bx0 + (sc + (c1 - sc) / 2.0) * cell_m;
                double cy = by0 + (sr + (r1 - sr) / 2.0) * cell_m;
                double rad = h + max_snap_m;
                cand cc0[SP_ACCESS_MAX];
                if (nearest_ids(a, cx, cy, max_snap_m, cc0) > 0)
                    rad = fmin(rad, cc0[0].d + 2 * h + extra);
                v = near_items(a, cx, cy, rad + 1e-6, &nv);
            }
            for (int r = sr; r < r1; r++)
                for (int cc = sc; cc < c1; cc++) {
                    size_t cell = (size_t)r * (size_t)nx + (size_t)cc;
                    if (count[cell] != UNSETTLED)
                        continue;
                    double x = bx0 + (cc + 0.5) * cell_m, y = by0 + (r + 0.5) * cell_m;
                    int m;
                    if (v) {
                        cand cl[SP_ACCESS_MAX];
                        int nn = nearest_ids_sub(a, v, nv, h, x, y, max_snap_m, cl);
                        m = to_snaps(a, cl, nn, x, y, max_snap_m, walk_kmh, sn);
                    } else {
                        m = sp_access_point(a, x, y, max_snap_m, walk_kmh, sn);
                    }
                    to_entries(sn, m, &count[cell], e_of(ent, cell));
                }
            free(v);
        }
    free(c);
    free(n);
}
