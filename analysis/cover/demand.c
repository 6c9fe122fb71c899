/* demand.c — demand points, their network index and the coverage step; see
 * demand.h. */
#include "demand.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "costmatrix.h"

struct sp_demand_scratch {
    uint32_t *stamp;  /* per point: == mark when visited by the current row */
    uint32_t mark;
    int32_t *list;    /* the visited points */
    int32_t *spare;   /* as long: the radix sort's other buffer */
};

void sp_demand_free(sp_demand *d)
{
    if (!d)
        return;
    free(d->point_cluster);
    free(d->point_weight);
    free(d->point_snap);
    free(d->point_alt);
    free(d->point_nalt);
    free(d->point_term);
    free(d->cluster_first);
    free(d->cluster_count);
    free(d->node_off);
    free(d->node_pt);
    free(d->node_has);
    free(d->link_off);
    free(d->link_pt);
    free(d);
}

/* The index keys of a snap: its link (link side), or the nodes it hangs on
 * (node side: both ends of its link, or its node).  Returns how many. */
static int32_t keys_of(const sp_graph *g, const sp_snap *sn, int nodes, int32_t key[2])
{
    if (sn->link >= 0) {
        if (!nodes) {
            key[0] = sn->link;
            return 1;
        }
        key[0] = g->links[sn->link].from;
        key[1] = g->links[sn->link].to;
        return key[0] == key[1] ? 1 : 2;
    }
    if (nodes && sn->node >= 0) {
        key[0] = sn->node;
        return 1;
    }
    return 0;
}

/* One CSR from key to points (counting sort: points ascending per key). */
static sp_status build_index(const sp_graph *g, const sp_demand *d, int nodes, int32_t n_keys,
                             int32_t **off_out, int32_t **pt_out)
{
    int32_t *off = sp_calloc_n((size_t)n_keys + 1, sizeof *off);
    if (!off)
        return sp_error(SP_E_NOMEM, "out of memory");
    int32_t key[2];
    for (int32_t p = 0; p < d->n_points; p++)
        for (int a = 0; a < d->point_nalt[p]; a++)
            for (int32_t k = keys_of(g, &d->point_alt[(size_t)p * SP_ACCESS_MAX + a], nodes, key);
                 k-- > 0;)
                off[key[k] + 1]++;
    for (int32_t v = 0; v < n_keys; v++)
        off[v + 1] += off[v];
    int32_t *pt = sp_malloc_n((size_t)off[n_keys] + 1, sizeof *pt);
    int32_t *fill = sp_malloc_n((size_t)n_keys + 1, sizeof *fill);
    if (!pt || !fill) {
        free(off);
        free(pt);
        free(fill);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    memcpy(fill, off, sizeof *fill * (size_t)n_keys);
    for (int32_t p = 0; p < d->n_points; p++)
        for (int a = 0; a < d->point_nalt[p]; a++)
            for (int32_t k = keys_of(g, &d->point_alt[(size_t)p * SP_ACCESS_MAX + a], nodes, key);
                 k-- > 0;)
                pt[fill[key[k]]++] = p;
    free(fill);
    *off_out = off;
    *pt_out = pt;
    return SP_OK;
}

sp_status sp_demand_new(const sp_graph *g, int32_t n_clusters, const double *weight,
                        const sp_snap *snap, sp_demand **out)
{
    return sp_demand_new_access(g, n_clusters, weight, snap, NULL, NULL, out);
}

sp_status sp_demand_new_access(const sp_graph *g, int32_t n_clusters, const double *weight,
                               const sp_snap *snap, const sp_snap *alt, const uint8_t *n_alt,
                               sp_demand **out)
{
    *out = NULL;
    int32_t *pc = sp_malloc_n((size_t)n_clusters + 1, sizeof *pc);
    if (!pc)
        return sp_error(SP_E_NOMEM, "out of memory");
    for (int32_t c = 0; c < n_clusters; c++)
        pc[c] = c;
    sp_status st = sp_demand_new_points(g, n_clusters, n_clusters, pc, weight, snap, alt, n_alt, out);
    free(pc);
    return st;
}

/* A snap as a term (sp_demand_term), following sp_reach_time() and
 * sp_reach_time_on_link() for a site elsewhere: a point at a link's end is
 * at that node (add 0); from inside the link it travels to either end the
 * link allows, at the time of the part it covers.  Of two ways to the same
 * node the smaller add is kept: add + dist only grows with add, so the
 * least of the terms is the least of reach.h's candidates, bit for bit. */
static sp_demand_term make_term(const sp_graph *g, const sp_snap *sn)
{
    sp_demand_term t = {{INFINITY, INFINITY}, sn->offroad_s, {0, 0}, INT32_MIN};
    if (sn->link >= 0) {
        const sp_link *l = &g->links[sn->link];
        double L = l->length_m > 0 ? l->length_m : 1.0;
        double s = sn->s < 0 ? 0 : sn->s > L ? L : sn->s;
        t.key = sn->link;
        t.node[0] = l->from;
        t.node[1] = l->to;
        if (s <= SP_REACH_END_EPS_M)
            t.add[0] = 0;
        else if (isfinite(g->bwd_s[sn->link]))
            t.add[0] = sp_graph_link_time(g, sn->link, 1, s / L);
        if (s >= L - SP_REACH_END_EPS_M)
            t.add[1] = 0;
        else if (isfinite(g->fwd_s[sn->link]))
            t.add[1] = sp_graph_link_time(g, sn->link, 0, (L - s) / L);
    } else if (sn->node >= 0) {
        t.key = -2 - sn->node;
        t.node[0] = t.node[1] = sn->node;
        t.add[0] = 0;
    } else {
        t.offroad_s = INFINITY;
    }
    return t;
}

sp_status sp_demand_new_points(const sp_graph *g, int32_t n_clusters, int32_t n_points,
                               const int32_t *point_cluster, const double *point_weight,
                               const sp_snap *snap, const sp_snap *alt, const uint8_t *n_alt,
                               sp_demand **out)
{
    *out = NULL;
    if (n_points < n_clusters || n_clusters < 0)
        return sp_error(SP_E_INTERNAL, "demand: %d points for %d clusters", (int)n_points,
                        (int)n_clusters);
    sp_demand *d = calloc(1, sizeof *d);
    if (!d)
        return sp_error(SP_E_NOMEM, "out of memory");
    size_t n = (size_t)n_points, nc = (size_t)n_clusters;
    d->n_points = n_points;
    d->n_clusters = n_clusters;
    d->n_nodes = g->n_nodes;
    d->n_links = g->n_links;
    d->point_cluster = sp_malloc_n(n + 1, sizeof *d->point_cluster);
    d->point_weight = sp_malloc_n(n + 1, sizeof *d->point_weight);
    d->point_snap = sp_malloc_n(n + 1, sizeof *d->point_snap);
    d->cluster_first = sp_malloc_n(nc + 1, sizeof *d->cluster_first);
    d->cluster_count = sp_calloc_n(nc + 1, sizeof *d->cluster_count);
    d->point_alt = sp_malloc_n(n * SP_ACCESS_MAX + 1, sizeof *d->point_alt);
    d->point_nalt = sp_malloc_n(n + 1, sizeof *d->point_nalt);
    d->point_term = sp_malloc_n(n * SP_ACCESS_MAX + 1, sizeof *d->point_term);
    sp_status st = SP_OK;
    if (!d->point_cluster || !d->point_weight || !d->point_snap || !d->cluster_first ||
        !d->cluster_count || !d->point_alt || !d->point_nalt || !d->point_term) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto fail;
    }
    /* the points of a cluster consecutive, clusters ascending, each with
     * at least one point */
    for (int32_t p = 0; p < n_points; p++) {
        int32_t c = point_cluster[p];
        int32_t want = p == 0 ? 0 : point_cluster[p - 1];
        if (c < 0 || c >= n_clusters || (c != want && c != want + 1) || (p == 0 && c != 0)) {
            st = sp_error(SP_E_INTERNAL, "demand point %d: cluster %d out of order", (int)p, (int)c);
            goto fail;
        }
        if (d->cluster_count[c]++ == 0)
            d->cluster_first[c] = p;
    }
    if (n_clusters > 0 && point_cluster[n_points - 1] != n_clusters - 1) {
        st = sp_error(SP_E_INTERNAL, "demand: a cluster without a point");
        goto fail;
    }
    for (int32_t p = 0; p < n_points; p++) {
        d->point_cluster[p] = point_cluster[p];
        d->point_weight[p] = point_weight[p];
        d->point_snap[p] = snap[p];
        /* The access snaps (the nearest first); without them, the snap. */
        sp_snap *a = &d->point_alt[(size_t)p * SP_ACCESS_MAX];
        int m = alt && n_alt && n_alt[p] > 0 && n_alt[p] <= SP_ACCESS_MAX ? n_alt[p] : 0;
        for (int k = 0; k < m; k++)
            a[k] = alt[(size_t)p * SP_ACCESS_MAX + k];
        if (m == 0 && sp_snap_ok(&snap[p]))
            a[m++] = snap[p];
        d->point_nalt[p] = (uint8_t)m;
    }
    for (int32_t p = 0; p < d->n_points; p++) {
        for (int k = -1; k < d->point_nalt[p]; k++) {
            const sp_snap *sn = k < 0 ? &d->point_snap[p] : &d->point_alt[(size_t)p * SP_ACCESS_MAX + k];
            if (sn->link >= g->n_links || sn->node >= g->n_nodes) {
                st = sp_error(SP_E_INTERNAL, "demand point %d: snap outside the graph", (int)p);
                goto fail;
            }
        }
    }
    for (int32_t p = 0; p < d->n_points; p++)
        for (int k = 0; k < d->point_nalt[p]; k++) {
            size_t i = (size_t)p * SP_ACCESS_MAX + k;
            d->point_term[i] = make_term(g, &d->point_alt[i]);
        }
    d->term_fwd_s = g->fwd_s;
    if ((st = build_index(g, d, 1, d->n_nodes, &d->node_off, &d->node_pt)) ||
        (st = build_index(g, d, 0, d->n_links, &d->link_off, &d->link_pt)))
        goto fail;
    if (!(d->node_has = sp_calloc_n((size_t)d->n_nodes / 64 + 1, sizeof *d->node_has))) {
        st = sp_error(SP_E_NOMEM, "out of memory for the demand index");
        goto fail;
    }
    for (int32_t v = 0; v < d->n_nodes; v++)
        if (d->node_off[v + 1] > d->node_off[v]) {
            d->n_point_nodes++;
            d->node_has[v >> 6] |= UINT64_C(1) << (v & 63);
        }
    *out = d;
    return SP_OK;
fail:
    sp_demand_free(d);
    return st;
}

double sp_demand_cluster_within(const sp_demand *d, int32_t c, const double *point_time_s,
                                double threshold)
{
    double w = 0;
    int32_t a = d->cluster_first[c], b = a + d->cluster_count[c];
    for (int32_t p = a; p < b; p++)
        if (sp_covers(point_time_s[p], threshold))
            w += d->point_weight[p];
    return w;
}

void sp_demand_cluster_summary(const sp_demand *d, int32_t c, const double *point_time_s,
                               double threshold, sp_demand_cluster_sum *out)
{
    sp_demand_cluster_sum s = {0};
    s.best_s = s.worst_s = s.snap_m = INFINITY;
    int32_t a = d->cluster_first[c], b = a + d->cluster_count[c];
    double worst = -INFINITY;
    for (int32_t p = a; p < b; p++) {
        double t = point_time_s[p];
        s.points++;
        s.workers += d->point_weight[p];
        if (sp_covers(t, threshold)) {
            s.points_covered++;
            s.workers_covered += d->point_weight[p];
            if (t > worst)
                worst = t;
        }
        if (t < s.best_s)
            s.best_s = t;
        if (sp_snap_ok(&d->point_snap[p]))
            s.reachable = 1;
        if (d->point_snap[p].offroad_m < s.snap_m)
            s.snap_m = d->point_snap[p].offroad_m;
    }
    if (s.points > 0 && s.points_covered == s.points)
        s.worst_s = worst;
    if (s.workers > 0)
        s.share = s.points_covered == s.points ? 1 : s.workers_covered / s.workers;
    else
        s.share = s.points > 0 ? (double)s.points_covered / s.points : 0;
    if (s.share > 1)   /* never above 1, whatever the rounding */
        s.share = 1;
    *out = s;
}

sp_demand_scratch *sp_demand_scratch_new(const sp_demand *d)
{
    sp_demand_scratch *sc = calloc(1, sizeof *sc);
    if (!sc)
        return NULL;
    sc->stamp = sp_calloc_n((size_t)d->n_points + 1, sizeof *sc->stamp);
    sc->list = sp_malloc_n((size_t)d->n_points + 1, sizeof *sc->list);
    sc->spare = sp_malloc_n((size_t)d->n_points + 1, sizeof *sc->spare);
    if (!sc->stamp || !sc->list || !sc->spare) {
        sp_demand_scratch_free(sc);
        return NULL;
    }
    return sc;
}

void sp_demand_scratch_free(sp_demand_scratch *sc)
{
    if (!sc)
        return;
    free(sc->stamp);
    free(sc->list);
    free(sc->spare);
    free(sc);
}

static size_t visit(sp_demand_scratch *sc, size_t n, const int32_t *pts, int32_t a, int32_t b)
{
    for (int32_t k = a; k < b; k++) {
        int32_t p = pts[k];
        if (sc->stamp[p] != sc->mark) {
            sc->stamp[p] = sc->mark;
            sc->list[n++] = p;
        }
    }
    return n;
}

/* Sort sc->list[0 .. n) ascending (distinct point numbers below n_points):
 * a few by insertion, more by least significant digit first, 11 bits a
 * pass through sc->spare (two passes up to 4 million points). */
static void sort_points(sp_demand_scratch *sc, size_t n, int32_t n_points)
{
    int32_t *a = sc->list, *b = sc->spare;
    if (n < 64) {
        for (size_t i = 1; i < n; i++) {
            int32_t x = a[i];
            size_t j = i;
            for (; j > 0 && a[j - 1] > x; j--)
                a[j] = a[j - 1];
            a[j] = x;
        }
        return;
    }
    uint32_t top = (uint32_t)(n_points > 0 ? n_points - 1 : 0);
    for (int shift = 0; shift < 32 && (shift == 0 || top >> shift); shift += 11) {
        uint32_t count[2048] = {0};
        for (size_t i = 0; i < n; i++)
            count[(uint32_t)a[i] >> shift & 2047]++;
        uint32_t sum = 0;
        for (int k = 0; k < 2048; k++) {
            uint32_t c = count[k];
            count[k] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            b[count[(uint32_t)a[i] >> shift & 2047]++] = a[i];
        int32_t *t = a;
        a = b;
        b = t;
    }
    if (a != sc->list)
        memcpy(sc->list, a, n * sizeof *a);
}

/* The key of a site's snap as sp_demand_term's, INT32_MIN + 1 (matching
 * nothing) when it has neither link nor node. */
static int32_t site_key(const sp_snap *site)
{
    return site->link >= 0 ? site->link : site->node >= 0 ? -2 - site->node : INT32_MIN + 1;
}

/* The same value as sp_reach_time(g, ws, site, a) for every site whose key
 * differs from the term's: */
static inline double term_time(const sp_demand_term *t, const double *dist)
{
    double a = t->add[0] + dist[t->node[0]];
    double b = t->add[1] + dist[t->node[1]];
    return t->offroad_s + (b < a ? b : a);
}

double sp_demand_point_time(const sp_demand *d, const sp_graph *g, const sp_search *ws,
                            const sp_snap *site, int32_t p)
{
    double t = INFINITY;
    size_t i0 = (size_t)p * SP_ACCESS_MAX;
    const sp_snap *a = &d->point_alt[i0];
    if (g->fwd_s != d->term_fwd_s) { /* another cost layer: the rule itself */
        for (int k = 0; k < d->point_nalt[p]; k++) {
            double tk = sp_reach_time(g, ws, site, &a[k]);
            if (tk < t)
                t = tk;
        }
        return t;
    }
    const double *dist = sp_search_dists(ws);
    int32_t key = site_key(site);
    const sp_demand_term *term = &d->point_term[i0];
    for (int k = 0; k < d->point_nalt[p]; k++) {
        double tk = term[k].key == key ? sp_reach_time(g, ws, site, &a[k])
                                       : term_time(&term[k], dist);
        if (tk < t)
            t = tk;
    }
    return t;
}

/* Times of the listed points (ascending; all points when list is NULL);
 * the covered ones go to pt[] and secs[]. */
static size_t eval_row(const sp_demand *d, const sp_graph *g, const sp_search *ws,
                       const sp_snap *site, double limit, const int32_t *list, size_t n,
                       int32_t *pt, float *secs)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t p = list ? list[i] : (int32_t)i;
        float t = (float)sp_demand_point_time(d, g, ws, site, p);
        if (sp_covers(t, limit)) {
            pt[k] = p;
            secs[k] = t;
            k++;
        }
    }
    return k;
}

size_t sp_demand_scan_row(const sp_demand *d, const sp_graph *g, const sp_search *ws,
                          const sp_snap *site, double limit, int32_t *pt, float *secs)
{
    return eval_row(d, g, ws, site, limit, NULL, (size_t)d->n_points, pt, secs);
}

size_t sp_demand_site_row(const sp_demand *d, const sp_graph *g, const sp_search *ws,
                          const sp_snap *site, double limit, sp_demand_scratch *sc,
                          int32_t *pt, float *secs)
{
    if (++sc->mark == 0) { /* wrapped: forget every old stamp */
        memset(sc->stamp, 0, sizeof *sc->stamp * (size_t)d->n_points);
        sc->mark = 1;
    }
    size_t n_settled, n = 0;
    const int32_t *settled = sp_search_settled(ws, &n_settled);
    /* A search that settled at least as many nodes as there are nodes with
     * points reached most of them: evaluating every point in order is then
     * cheaper than walking the settled nodes, and gives the same row. */
    if (n_settled >= (size_t)d->n_point_nodes)
        return sp_demand_scan_row(d, g, ws, site, limit, pt, secs);
    const uint64_t *has = d->node_has;
    for (size_t i = 0; i < n_settled; i++) {
        int32_t v = settled[i];
        if (has[v >> 6] >> (v & 63) & 1)
            n = visit(sc, n, d->node_pt, d->node_off[v], d->node_off[v + 1]);
    }
    /* Points on the site's own link can reach it along the link alone. */
    if (site->link >= 0)
        n = visit(sc, n, d->link_pt, d->link_off[site->link], d->link_off[site->link + 1]);
    else if (site->node >= 0)
        n = visit(sc, n, d->node_pt, d->node_off[site->node], d->node_off[site->node + 1]);
    /* Ascending order: a pass over the stamps when many were visited,
     * else a sort of the few. */
    if (n * 8 > (size_t)d->n_points) {
        n = 0;
        for (int32_t p = 0; p < d->n_points; p++)
            if (sc->stamp[p] == sc->mark)
                sc->list[n++] = p;
    } else {
        sort_points(sc, n, d->n_points);
    }
    return eval_row(d, g, ws, site, limit, sc->list, n, pt, secs);
}
