/* mobile_units.c — the [mobile] stage: targets, stops, drive times, the plan and
 * the routes' lines; see mobile_units.h. */
#include "mobile_units.h"

#include <glib.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "costmatrix.h"
#include "mobilenet.h"
#include "coverage.h"
#include "route.h"
#include "search.h"
#include "snap.h"

#define ORIGIN(o) ((o)->source_path ? (o)->source_path : "scenario")

void sp_mobile_drive_options(const sp_options *o, sp_options *copy)
{
    sp_mobilenet_options(o, copy);
}

static void strv_free(char **v, int32_t n)
{
    if (!v)
        return;
    for (int32_t i = 0; i < n; i++)
        g_free(v[i]);
    free(v);
}

void sp_mobile_free(sp_mobile *m)
{
    if (!m)
        return;
    strv_free(m->depot_id, m->n_depots);
    strv_free(m->depot_name, m->n_depots);
    free(m->depot_xy);
    strv_free(m->stop_id, m->n_stops);
    strv_free(m->stop_name, m->n_stops);
    free(m->stop_xy);
    free(m->stop_workers);
    free(m->stop_clusters);
    free(m->cl_target);
    free(m->cl_stop);
    free(m->cl_walk_s);
    free(m->cl_served);
    free(m->cl_reason);
    if (m->plan) {
        for (int32_t r = 0; r < m->plan->n_routes; r++)
            free(m->route_xy ? m->route_xy[r] : NULL);
    }
    free(m->route_xy);
    free(m->route_n_xy);
    free(m->route_length_m);
    sp_mobile_plan_free(m->plan);
    free(m);
}

static void report(GDALProgressFunc progress, void *parg, double f)
{
    if (progress)
        progress(f, NULL, parg);
}

/* ---- 1. the target workers per demand point ---------------------------- */

/* where:FILTER: the clusters the filter selects (re-read with the layer's
 * own filter ANDed); sel[c] = 1. */
static sp_status select_where(const sp_inputs *in, const sp_options *o, const char *filter,
                              uint8_t *sel)
{
    sp_layer_opts l = o->clusters;
    char *w = o->clusters.where ? g_strdup_printf("(%s) AND (%s)", o->clusters.where, filter)
                                : g_strdup(filter);
    l.where = w;
    l.capacity = NULL;
    sp_points *p = NULL;
    sp_status st = sp_points_read(&l, "clusters", sp_options_weight_field(o), in->gctx, &p);
    g_free(w);
    if (st) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", sp_error_message());
        sp_error_clear();
        return sp_error(st, "%s: [mobile] serve = 'where:%s': %s", ORIGIN(o), filter, msg);
    }
    GHashTable *ids = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < p->n; i++)
        g_hash_table_add(ids, p->id[i]);
    for (size_t c = 0; c < in->clusters->n; c++)
        sel[c] = g_hash_table_contains(ids, in->clusters->id[c]);
    g_hash_table_destroy(ids);
    sp_points_free(p, in->gctx);
    return SP_OK;
}

static int cmp_largest(const void *a, const void *b, void *w)
{
    const double *wt = w;
    int32_t i = *(const int32_t *)a, j = *(const int32_t *)b;
    if (wt[i] != wt[j])
        return wt[i] > wt[j] ? -1 : 1;
    return i < j ? -1 : i > j;
}

/* tw[p]: target workers of demand point p. */
static sp_status targets(const sp_inputs *in, const sp_options *o, const sp_coverage *cov,
                         double T, double *tw)
{
    const sp_demand *d = in->demand;
    int32_t nc = d->n_clusters;
    const char *serve = o->mobile_serve ? o->mobile_serve : "gaps";
    uint8_t *sel = NULL;
    if (!strcmp(serve, "gaps")) {
        for (int32_t p = 0; p < d->n_points; p++)
            tw[p] = sp_covers(cov->point_time_s[p], T) ? 0 : d->point_weight[p];
        return SP_OK;
    }
    sel = calloc((size_t)nc + 1, 1);
    if (!sel)
        return sp_error(SP_E_NOMEM, "out of memory");
    sp_status st = SP_OK;
    if (!strcmp(serve, "all")) {
        memset(sel, 1, (size_t)nc);
    } else if (!strncmp(serve, "largest:", 8)) {
        long n = strtol(serve + 8, NULL, 10);
        int32_t *ord = malloc(((size_t)nc + 1) * sizeof *ord);
        if (!ord) {
            free(sel);
            return sp_error(SP_E_NOMEM, "out of memory");
        }
        for (int32_t c = 0; c < nc; c++)
            ord[c] = c;
        g_qsort_with_data(ord, nc, sizeof *ord, cmp_largest, (void *)in->clusters->weight);
        for (int32_t k = 0; k < nc && k < n; k++)
            if (in->clusters->weight[ord[k]] > 0)
                sel[ord[k]] = 1;
        free(ord);
    } else if (!strncmp(serve, "where:", 6)) {
        st = select_where(in, o, serve + 6, sel);
    } else {
        st = sp_error(SP_E_INPUT, "%s: [mobile] serve = '%s': expected gaps, all, largest:N or "
                      "where:FILTER", ORIGIN(o), serve);
    }
    for (int32_t p = 0; st == SP_OK && p < d->n_points; p++)
        tw[p] = sel[d->point_cluster[p]] ? d->point_weight[p] : 0;
    free(sel);
    return st;
}

/* ---- 2. candidate stops and the set cover ------------------------------ */

typedef struct {
    size_t n;
    double *xy;
    char **id, **name;  /* owned */
} cand_set;

static void cand_free(cand_set *c)
{
    strv_free(c->id, (int32_t)c->n);
    strv_free(c->name, (int32_t)c->n);
    free(c->xy);
    memset(c, 0, sizeof *c);
}

static sp_status cand_alloc(cand_set *c, size_t n)
{
    c->n = n;
    c->xy = calloc(2 * n + 2, sizeof *c->xy);
    c->id = calloc(n + 1, sizeof *c->id);
    c->name = calloc(n + 1, sizeof *c->name);
    return c->xy && c->id && c->name ? SP_OK : sp_error(SP_E_NOMEM, "out of memory");
}

static void cand_put(cand_set *c, size_t k, double x, double y, const char *id, const char *name)
{
    c->xy[2 * k] = x;
    c->xy[2 * k + 1] = y;
    c->id[k] = g_strdup(id);
    c->name[k] = name ? g_strdup(name) : NULL;
}

/* The target clusters (cl_t > 0) as candidates; auto: thinned to the one
 * with the most target workers per square cell of side cell_m (ties: lower
 * index), in cluster order. */
static sp_status cands_from_clusters(const sp_inputs *in, const double *cl_t, double cell_m,
                                     cand_set *out)
{
    const sp_points *cl = in->clusters;
    size_t nc = cl->n, n = 0;
    uint8_t *keep = calloc(nc + 1, 1);
    if (!keep)
        return sp_error(SP_E_NOMEM, "out of memory");
    GHashTable *best = cell_m > 0 ? g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)
                                  : NULL;
    for (size_t c = 0; c < nc; c++) {
        if (!(cl_t[c] > 0))
            continue;
        if (!best) {
            keep[c] = 1;
            continue;
        }
        char *key = g_strdup_printf("%.0f,%.0f", floor(cl->xy[2 * c] / cell_m),
                                    floor(cl->xy[2 * c + 1] / cell_m));
        gpointer prev;
        if (g_hash_table_lookup_extended(best, key, NULL, &prev)) {
            size_t pc = (size_t)GPOINTER_TO_SIZE(prev) - 1;
            if (cl_t[c] > cl_t[pc]) {
                keep[pc] = 0;
                keep[c] = 1;
                g_hash_table_replace(best, key, GSIZE_TO_POINTER(c + 1));
            } else {
                g_free(key);
            }
        } else {
            keep[c] = 1;
            g_hash_table_insert(best, key, GSIZE_TO_POINTER(c + 1));
        }
    }
    if (best)
        g_hash_table_destroy(best);
    for (size_t c = 0; c < nc; c++)
        n += keep[c];
    sp_status st = cand_alloc(out, n);
    for (size_t c = 0, k = 0; st == SP_OK && c < nc; c++) {
        if (!keep[c])
            continue;
        char autoid[32];
        snprintf(autoid, sizeof autoid, "auto-%zu", k + 1);
        cand_put(out, k, cl->xy[2 * c], cl->xy[2 * c + 1], best ? autoid : cl->id[c],
                 cl->name[c] ? cl->name[c] : (best ? cl->id[c] : NULL));
        k++;
    }
    free(keep);
    return st;
}

/* A point layer (depots, stops) read and projected into the working CRS. */
static sp_status read_layer(const sp_inputs *in, const sp_options *o, const sp_layer_opts *l,
                            const char *key, sp_points **out)
{
    sp_layer_opts c = *l;
    c.capacity = NULL;
    c.weight = NULL;
    sp_status st = sp_points_read(&c, key, NULL, in->gctx, out);
    if (st == SP_OK)
        st = sp_points_project(*out, in->crs, in->gctx);
    if (st) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", sp_error_message());
        sp_error_clear();
        sp_points_free(*out, in->gctx);
        *out = NULL;
        return sp_error(st, "%s: [mobile] %s: %s", ORIGIN(o), key, msg);
    }
    return SP_OK;
}

/* The walk matrix candidates x demand points within walk_s (the
 * scenario's travel, its snap rule), by the coverage module. */
static sp_status walk_matrix(const sp_inputs *in, const sp_options *o, const cand_set *cs,
                             double walk_s, sp_coverage **cov)
{
    sp_snap *snap = calloc(cs->n + 1, sizeof *snap);
    if (!snap)
        return sp_error(SP_E_NOMEM, "out of memory");
    const sp_snapper *sn = in->setup->snapper[o->snap];
    for (size_t k = 0; k < cs->n; k++)
        sp_snapper_snap(sn, in->gctx, cs->xy[2 * k], cs->xy[2 * k + 1], o->max_snap_m,
                        o->walk_kmh, &snap[k]);
    sp_coverage_in ci = {0};
    ci.g = in->graph;
    ci.site_snap = snap;
    ci.n_sites = (int32_t)cs->n;
    ci.demand = in->demand;
    ci.limits_s = &walk_s;
    ci.n_limits = 1;
    ci.threads = o->threads;
    ci.dist = o->dist;
    ci.want_polygons = 0;
    sp_status st = sp_coverage_compute(&ci, in->gctx, cov);
    free(snap);
    return st;
}

/* Greedy set cover over the candidates' rows: tw the target workers per
 * point; chosen[k] = 1 for the stops kept. */
static sp_status set_cover(const sp_costmatrix *m, int32_t n_cand, int32_t n_pts,
                           const double *tw, uint8_t *chosen)
{
    uint8_t *cov = calloc((size_t)n_pts + 1, 1);
    int32_t *order = malloc(((size_t)n_cand + 1) * sizeof *order);
    int32_t *count = calloc((size_t)n_pts + 1, sizeof *count);
    if (!cov || !order || !count) {
        free(cov);
        free(order);
        free(count);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    int32_t n_order = 0;
    for (;;) {
        int32_t best = -1;
        double bg = 0;
        for (int32_t k = 0; k < n_cand; k++) {
            if (chosen[k])
                continue;
            const int32_t *d;
            size_t n = sp_costmatrix_get_row(m, k, &d, NULL);
            double g = 0;
            for (size_t i = 0; i < n; i++)
                if (!cov[d[i]])
                    g += tw[d[i]];
            if (g > bg) {
                bg = g;
                best = k;
            }
        }
        if (best < 0)
            break;
        chosen[best] = 1;
        order[n_order++] = best;
        const int32_t *d;
        size_t n = sp_costmatrix_get_row(m, best, &d, NULL);
        for (size_t i = 0; i < n; i++)
            if (tw[d[i]] > 0) {
                cov[d[i]] = 1;
                count[d[i]]++;
            }
    }
    /* drop stops whose target points all reach another chosen stop, last
     * chosen first */
    for (int32_t j = n_order - 1; j >= 0; j--) {
        int32_t k = order[j];
        const int32_t *d;
        size_t n = sp_costmatrix_get_row(m, k, &d, NULL);
        int needed = 0;
        for (size_t i = 0; i < n && !needed; i++)
            needed = tw[d[i]] > 0 && count[d[i]] == 1;
        if (!needed) {
            chosen[k] = 0;
            for (size_t i = 0; i < n; i++)
                if (tw[d[i]] > 0)
                    count[d[i]]--;
        }
    }
    free(cov);
    free(order);
    free(count);
    return SP_OK;
}

/* ---- 3. drive times ----------------------------------------------------- */

/* The seeds of a FORWARD search from a point snapped at sn (the mirror of
 * sp_reach_site_seeds, which seeds a reverse search): leaving the link
 * towards its to-node travels it forwards, towards its from-node
 * backwards; the off-road leg first. */
static size_t forward_seeds(const sp_graph *g, const sp_snap *sn, sp_seed seeds[2])
{
    if (sn->link < 0) {
        if (sn->node < 0)
            return 0;
        seeds[0] = (sp_seed){sn->node, sn->offroad_s};
        return 1;
    }
    const sp_link *l = &g->links[sn->link];
    double L = l->length_m > 0 ? l->length_m : 1.0;
    if (sn->s <= SP_REACH_END_EPS_M || sn->s >= L - SP_REACH_END_EPS_M) {
        seeds[0] = (sp_seed){sn->s <= SP_REACH_END_EPS_M ? l->from : l->to, sn->offroad_s};
        return 1;
    }
    size_t n = 0;
    if (isfinite(g->fwd_s[sn->link]))
        seeds[n++] = (sp_seed){l->to, sn->offroad_s +
                                          sp_graph_link_time(g, sn->link, 0, (L - sn->s) / L)};
    if (isfinite(g->bwd_s[sn->link]))
        seeds[n++] = (sp_seed){l->from, sn->offroad_s + sp_graph_link_time(g, sn->link, 1, sn->s / L)};
    return n;
}

/* How a forward search from a arrives at b. */
typedef struct {
    double t;        /* seconds, b's off-road leg included; INFINITY */
    int32_t node;    /* the node the path enters b's link from; -1: along a's own link */
    double s0;       /* position on b's link where the piece starts (that node's end, or a's) */
} arrival;

static arrival arrive_at(const sp_graph *g, const sp_search *ws, const sp_snap *a,
                         const sp_snap *b)
{
    arrival r = {INFINITY, -1, 0};
    if (b->link < 0) {
        if (b->node >= 0) {
            r.t = sp_search_dist(ws, b->node) + b->offroad_s;
            r.node = b->node;
        }
        return r;
    }
    const sp_link *l = &g->links[b->link];
    double L = l->length_m > 0 ? l->length_m : 1.0, s = b->s;
    if (s <= SP_REACH_END_EPS_M || s >= L - SP_REACH_END_EPS_M) {
        int32_t v = s <= SP_REACH_END_EPS_M ? l->from : l->to;
        r.t = sp_search_dist(ws, v) + b->offroad_s;
        r.node = v;
        r.s0 = s <= SP_REACH_END_EPS_M ? 0 : L;
        return r;
    }
    if (isfinite(g->fwd_s[b->link])) {
        double t = sp_search_dist(ws, l->from) + sp_graph_link_time(g, b->link, 0, s / L);
        if (t < r.t)
            r = (arrival){t, l->from, 0};
        if (a->link == b->link && a->s <= s) {
            t = a->offroad_s + sp_graph_link_time(g, b->link, 0, (s - a->s) / L);
            if (t < r.t)
                r = (arrival){t, -1, a->s};
        }
    }
    if (isfinite(g->bwd_s[b->link])) {
        double t = sp_search_dist(ws, l->to) + sp_graph_link_time(g, b->link, 1, (L - s) / L);
        if (t < r.t)
            r = (arrival){t, l->to, L};
        if (a->link == b->link && a->s >= s) {
            t = a->offroad_s + sp_graph_link_time(g, b->link, 1, (a->s - s) / L);
            if (t < r.t)
                r = (arrival){t, -1, a->s};
        }
    }
    if (isfinite(r.t))
        r.t += b->offroad_s;
    return r;
}

typedef struct {
    const sp_graph *g;
    const sp_snap *snap; /* N points */
    int32_t N;
    double *drive_s;     /* N x N */
    int n_threads, t;
    sp_status st;
} drive_job;

static void *drive_rows(void *arg)
{
    drive_job *j = arg;
    sp_search *ws = sp_search_new(j->g);
    if (!ws) {
        j->st = SP_E_NOMEM;
        return NULL;
    }
    for (int32_t a = j->t; a < j->N; a += j->n_threads) {
        double *row = &j->drive_s[(size_t)a * j->N];
        sp_seed seeds[2];
        size_t ns = sp_snap_ok(&j->snap[a]) ? forward_seeds(j->g, &j->snap[a], seeds) : 0;
        if (ns == 0) {
            for (int32_t b = 0; b < j->N; b++)
                row[b] = b == a ? 0 : INFINITY;
            continue;
        }
        if ((j->st = sp_search_run(ws, j->g, SP_FORWARD, seeds, ns, INFINITY)))
            break;
        for (int32_t b = 0; b < j->N; b++)
            row[b] = b == a ? 0
                     : sp_snap_ok(&j->snap[b]) ? arrive_at(j->g, ws, &j->snap[a], &j->snap[b]).t
                                               : INFINITY;
    }
    sp_search_free(ws);
    return NULL;
}

static sp_status drive_matrix(const sp_graph *g, const sp_snap *snap, int32_t N, int threads,
                              double *drive_s)
{
    int nt = sp_coverage_threads(threads);
    if (nt > N)
        nt = N > 0 ? N : 1;
    drive_job *jobs = calloc((size_t)nt, sizeof *jobs);
    pthread_t *tid = calloc((size_t)nt, sizeof *tid);
    if (!jobs || !tid) {
        free(jobs);
        free(tid);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    uint8_t *running = calloc((size_t)nt, 1);
    if (!running) {
        free(jobs);
        free(tid);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    for (int t = 0; t < nt; t++) {
        jobs[t] = (drive_job){g, snap, N, drive_s, nt, t, SP_OK};
        if (t > 0)
            running[t] = pthread_create(&tid[t], NULL, drive_rows, &jobs[t]) == 0;
    }
    drive_rows(&jobs[0]);
    sp_status st = jobs[0].st;
    for (int t = 1; t < nt; t++) {
        if (running[t])
            pthread_join(tid[t], NULL);
        else
            drive_rows(&jobs[t]); /* no thread: its rows here (the same numbers) */
        if (!st)
            st = jobs[t].st;
    }
    free(running);
    free(jobs);
    free(tid);
    if (st)
        return sp_error(st, "mobile: the drive searches failed");
    return SP_OK;
}

/* ---- 5. route lines ------------------------------------------------------ */

typedef struct {
    double *xy;
    size_t n, cap;
} line;

static int line_push(line *l, double x, double y)
{
    if (l->n > 0 && l->xy[2 * l->n - 2] == x && l->xy[2 * l->n - 1] == y)
        return 0; /* joint vertex once */
    if (l->n == l->cap) {
        size_t c = l->cap ? 2 * l->cap : 64;
        double *p = realloc(l->xy, 2 * c * sizeof *p);
        if (!p)
            return -1;
        l->xy = p;
        l->cap = c;
    }
    l->xy[2 * l->n] = x;
    l->xy[2 * l->n + 1] = y;
    l->n++;
    return 0;
}

/* The piece of link `link` from position s0 to s1 (either direction): the
 * link's vertices strictly between, then the end point (end_x, end_y). */
static int push_link_piece(const sp_graph *g, int32_t link, double s0, double s1, double end_x,
                           double end_y, line *out)
{
    const sp_link *l = &g->links[link];
    const double *p = &g->geom_xy[2 * (size_t)l->geom_off];
    uint32_t m = l->geom_len;
    double *acc = malloc(((size_t)m + 1) * sizeof *acc);
    if (!acc)
        return -1;
    acc[0] = 0;
    for (uint32_t i = 1; i < m; i++) {
        double dx = p[2 * i] - p[2 * i - 2], dy = p[2 * i + 1] - p[2 * i - 1];
        acc[i] = acc[i - 1] + sqrt(dx * dx + dy * dy);
    }
    int rc = 0;
    if (s1 >= s0) {
        for (uint32_t i = 0; i < m && !rc; i++)
            if (acc[i] > s0 && acc[i] < s1)
                rc = line_push(out, p[2 * i], p[2 * i + 1]);
    } else {
        for (uint32_t i = m; i-- > 0 && !rc;)
            if (acc[i] < s0 && acc[i] > s1)
                rc = line_push(out, p[2 * i], p[2 * i + 1]);
    }
    free(acc);
    return rc ? rc : line_push(out, end_x, end_y);
}

static double poly_len(const double *xy, size_t n)
{
    double s = 0;
    for (size_t i = 1; i < n; i++)
        s += hypot(xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]);
    return s;
}

/* Append the leg a -> b (snapped points) to out, from a's snapped point to
 * b's, along the forward search's predecessors.  *leg_s: the leg's time
 * rebuilt from the route (for the check), *net_s its time on the roads
 * (off-road legs excluded), *len_m the leg's length. */
static sp_status leg_line(const sp_graph *g, sp_search *ws, const sp_snap *a, const sp_snap *b,
                          line *out, double *leg_s, double *net_s, double *len_m, double *vmin,
                          double *vmax)
{
    sp_seed seeds[2];
    size_t ns = forward_seeds(g, a, seeds);
    sp_status st;
    if (ns == 0)
        return sp_error(SP_E_INTERNAL, "mobile: a leg starts at an unsnapped point");
    if ((st = sp_search_run(ws, g, SP_FORWARD, seeds, ns, INFINITY)))
        return st;
    arrival ar = arrive_at(g, ws, a, b);
    if (!isfinite(ar.t))
        return sp_error(SP_E_INTERNAL, "mobile: a leg of a route has no road");
    /* the speeds of the pieces on a's and b's links count too */
    for (int e = 0; e < 2; e++) {
        int32_t lk = e ? b->link : a->link;
        for (int k = 0; lk >= 0 && k < 2; k++) {
            double t = k ? g->bwd_s[lk] : g->fwd_s[lk];
            if (isfinite(t) && t > 0) {
                *vmin = fmin(*vmin, g->links[lk].length_m / t);
                *vmax = fmax(*vmax, g->links[lk].length_m / t);
            }
        }
    }
    size_t n0 = out->n;
    if (line_push(out, a->x, a->y))
        return sp_error(SP_E_NOMEM, "out of memory");
    double on_link_s;
    if (ar.node >= 0) {
        sp_route *r = NULL;
        if ((st = sp_route_get(g, ws, ar.node, a, &r)))
            return st;
        int rc = 0;
        for (size_t i = 0; i < r->n_xy && !rc; i++)
            rc = line_push(out, r->xy[2 * i], r->xy[2 * i + 1]);
        for (size_t i = 0; i < r->n_steps; i++) {
            const sp_link *lk = &g->links[r->steps[i].link];
            double sec = r->steps[i].seconds;
            if (sec > 0) {
                double v = lk->length_m / sec;
                *vmin = fmin(*vmin, v);
                *vmax = fmax(*vmax, v);
            }
        }
        on_link_s = r->total_s;
        sp_route_free(r);
        if (rc)
            return sp_error(SP_E_NOMEM, "out of memory");
        if (b->link >= 0) {
            if (push_link_piece(g, b->link, ar.s0, b->s, b->x, b->y, out))
                return sp_error(SP_E_NOMEM, "out of memory");
        } else if (line_push(out, b->x, b->y)) {
            return sp_error(SP_E_NOMEM, "out of memory");
        }
    } else {
        on_link_s = a->offroad_s;
        if (push_link_piece(g, b->link, a->s, b->s, b->x, b->y, out))
            return sp_error(SP_E_NOMEM, "out of memory");
    }
    *leg_s = ar.t;
    *net_s = ar.t - a->offroad_s - b->offroad_s;
    (void)on_link_s;
    *len_m = poly_len(out->xy + 2 * n0, out->n - n0);
    return SP_OK;
}

/* The line of plan route r, leg by leg, and the check: every leg's time
 * rebuilt from its route equals the matrix's, and the line's length over
 * its time on the roads lies between the slowest and the fastest link speed
 * of the route's links. */
static sp_status route_line(const sp_graph *g, sp_search *ws, const sp_snap *snap, int32_t nd,
                            int32_t N, const double *drive_s, const sp_mobile_plan *pl, int32_t r,
                            double **xy, size_t *n_xy, double *len_m)
{
    const sp_mobile_route *ro = &pl->route[r];
    line out = {0};
    int32_t prev = ro->depot;
    double total_len = 0, total_net = 0;
    double vmin = INFINITY, vmax = 0;
    sp_status st = SP_OK;
    for (int32_t k = 0; k <= ro->n && st == SP_OK; k++) {
        int32_t next = k < ro->n ? nd + pl->visit[ro->first + k].stop : ro->depot;
        if (next == prev)
            continue;
        double leg_s = 0, net_s = 0, len = 0;
        st = leg_line(g, ws, &snap[prev], &snap[next], &out, &leg_s, &net_s, &len, &vmin, &vmax);
        if (st == SP_OK && fabs(leg_s - drive_s[(size_t)prev * N + next]) >
                               1e-6 * fmax(1, drive_s[(size_t)prev * N + next]))
            sp_warn("mobile: route %d: a leg's time along its line (%.3f s) differs from the "
                    "drive matrix (%.3f s)", (int)r + 1, leg_s, drive_s[(size_t)prev * N + next]);
        total_len += len;
        total_net += net_s;
        prev = next;
    }
    if (st) {
        free(out.xy);
        return st;
    }
    if (out.n == 1 && line_push(&out, out.xy[0], out.xy[1]) == 0 && out.n == 1) {
        /* a route that never leaves the depot's snap: a line needs 2 vertices */
        double *p = realloc(out.xy, 4 * sizeof *p);
        if (p) {
            p[2] = p[0];
            p[3] = p[1];
            out.xy = p;
            out.n = 2;
        }
    }
    *len_m = poly_len(out.xy, out.n);
    if (isfinite(vmin) && (*len_m < total_net * vmin * (1 - 1e-6) - 0.01 ||
                           *len_m > total_net * vmax * (1 + 1e-6) + 0.01))
        sp_warn("mobile: route %d: its line (%.0f m) and its drive time on the roads (%.1f s) "
                "do not fit the speeds of its roads (%.2f .. %.2f m/s)", (int)r + 1, *len_m,
                total_net, vmin, vmax);
    *xy = out.xy;
    *n_xy = out.n;
    (void)total_len;
    return SP_OK;
}

/* ---- depots ------------------------------------------------------------- */

static sp_status depots(const sp_inputs *in, const sp_options *o, sp_mobile *m)
{
    const sp_points *p = NULL;
    sp_points *own = NULL;
    sp_status st;
    const char *what = o->mobile_depots ? o->mobile_depots : "";
    if (!strcmp(what, "stations"))
        p = in->sites;
    else if (!strcmp(what, "facilities"))
        p = in->facilities;
    else if (o->depots.path) {
        if ((st = read_layer(in, o, &o->depots, "depots", &own)))
            return st;
        p = own;
    }
    if (!p || p->n == 0) {
        sp_points_free(own, in->gctx);
        return sp_error(SP_E_INPUT, "%s: [mobile] depots = %s: no depot found", ORIGIN(o),
                        *what ? what : "(not given)");
    }
    uint8_t *use = calloc(p->n + 1, 1);
    if (!use) {
        sp_points_free(own, in->gctx);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    st = SP_OK;
    if (o->mobile_depot_ids) {
        char **ids = g_strsplit(o->mobile_depot_ids, ",", -1);
        for (int i = 0; ids[i] && st == SP_OK; i++) {
            char *id = g_strstrip(ids[i]);
            if (!*id)
                continue;
            int found = 0;
            for (size_t k = 0; k < p->n; k++)
                if (!strcmp(p->id[k], id))
                    use[k] = found = 1;
            if (!found)
                st = sp_error(SP_E_INPUT, "%s: [mobile] depot_ids: '%s' is not among the depots "
                              "(%s)", ORIGIN(o), id, p->what);
        }
        g_strfreev(ids);
    } else {
        memset(use, 1, p->n);
    }
    int32_t n = 0;
    for (size_t k = 0; k < p->n; k++)
        n += use[k];
    if (st == SP_OK && n == 0)
        st = sp_error(SP_E_INPUT, "%s: [mobile] depot_ids: no depot chosen", ORIGIN(o));
    if (st == SP_OK) {
        m->n_depots = n;
        m->depot_id = calloc((size_t)n, sizeof *m->depot_id);
        m->depot_name = calloc((size_t)n, sizeof *m->depot_name);
        m->depot_xy = calloc(2 * (size_t)n, sizeof *m->depot_xy);
        if (!m->depot_id || !m->depot_name || !m->depot_xy)
            st = sp_error(SP_E_NOMEM, "out of memory");
        for (size_t k = 0, j = 0; st == SP_OK && k < p->n; k++) {
            if (!use[k])
                continue;
            m->depot_id[j] = g_strdup(p->id[k]);
            m->depot_name[j] = p->name[k] ? g_strdup(p->name[k]) : NULL;
            m->depot_xy[2 * j] = p->xy[2 * k];
            m->depot_xy[2 * j + 1] = p->xy[2 * k + 1];
            j++;
        }
    }
    free(use);
    sp_points_free(own, in->gctx);
    return st;
}

/* ---- the stage ---------------------------------------------------------- */

/* One warning line per reason a stop cannot be served at all (no road
 * between it and a unit's depot, or too far for one day), naming up to five
 * stops: the planner learns it at once, not only from the files. */
static void warn_unservable(const sp_options *o, const sp_mobile *m)
{
    static const struct {
        sp_mobile_reason r;
        const char *what;
    } why[] = {{SP_MOBILE_UNREACHABLE, "cannot be reached from any unit's depot (no road between "
                                       "them by [mobile] drive_mode)"},
               {SP_MOBILE_TOO_FAR, "are too far from the nearest depot for one visit within "
                                   "[mobile] day_hours"}};
    if (!m->plan)
        return;
    for (size_t k = 0; k < sizeof why / sizeof *why; k++) {
        int n = 0;
        double w = 0;
        char ex[512];
        size_t at = 0;
        ex[0] = '\0';
        for (int32_t i = 0; i < m->n_stops; i++) {
            if (m->plan->stop_reason[i] != why[k].r)
                continue;
            if (n < 5 && at < sizeof ex)
                at += (size_t)snprintf(ex + at, sizeof ex - at, "%s%s", n ? ", " : "",
                                       m->stop_id[i]);
            n++;
            w += m->stop_workers[i];
        }
        if (n)
            sp_warn("%s: [mobile]: %d stop%s (%.0f workers) %s: %s%s; their workers are not "
                    "served (mobile_stops reason)",
                    o->source_path ? o->source_path : "scenario", n, n == 1 ? "" : "s", w,
                    why[k].what, ex, n > 5 ? ", ..." : "");
    }
}

sp_status sp_mobile_run(const sp_inputs *in, const sp_options *o, const sp_coverage *cov,
                        double threshold_s, GDALProgressFunc progress, void *parg,
                        sp_mobile **out)
{
    *out = NULL;
    double t0 = sp_now();
    const sp_demand *d = in->demand;
    int32_t nc = d->n_clusters, np = d->n_points;
    sp_status st = SP_OK;
    sp_mobile *m = calloc(1, sizeof *m);
    double *tw = calloc((size_t)np + 1, sizeof *tw);
    int32_t *pt_stop = malloc(((size_t)np + 1) * sizeof *pt_stop);
    double *pt_walk = calloc((size_t)np + 1, sizeof *pt_walk);
    cand_set cs = {0};
    sp_coverage *wcov = NULL;
    uint8_t *chosen = NULL;
    sp_snap *dsnap = NULL;
    double *drive = NULL;
    int32_t *unit_depot = NULL;
    sp_search *ws = NULL;
    if (!m || !tw || !pt_stop || !pt_walk) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto done;
    }
    report(progress, parg, 0);
    if (o->mobile_walk_min > 0 && o->mode != SP_MODE_WALK) {
        st = sp_error(SP_E_INPUT, "%s: [mobile] walk_minutes = %g needs [travel] mode = walk "
                      "(this scenario's mode is %s)", ORIGIN(o), o->mobile_walk_min,
                      sp_mode_name(o->mode));
        goto done;
    }
    m->period_days = o->mobile_period_days;
    m->visits = o->mobile_visits;
    m->block_days = o->mobile_visits > 0 ? o->mobile_period_days / o->mobile_visits : 0;
    if (m->block_days < 1) {
        st = sp_error(SP_E_INPUT, "%s: [mobile] period_days = %d and visits_per_period = %d "
                      "leave no day in a block", ORIGIN(o), o->mobile_period_days,
                      o->mobile_visits);
        goto done;
    }
    if ((st = depots(in, o, m)))
        goto done;

    /* 1. targets */
    if ((st = targets(in, o, cov, threshold_s, tw)))
        goto done;
    m->n_clusters = nc;
    m->cl_target = calloc((size_t)nc + 1, sizeof *m->cl_target);
    m->cl_stop = malloc(((size_t)nc + 1) * sizeof *m->cl_stop);
    m->cl_walk_s = calloc((size_t)nc + 1, sizeof *m->cl_walk_s);
    m->cl_served = calloc((size_t)nc + 1, sizeof *m->cl_served);
    m->cl_reason = calloc((size_t)nc + 1, sizeof *m->cl_reason);
    if (!m->cl_target || !m->cl_stop || !m->cl_walk_s || !m->cl_served || !m->cl_reason) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto done;
    }
    for (int32_t p = 0; p < np; p++)
        m->cl_target[d->point_cluster[p]] += tw[p];
    for (int32_t c = 0; c < nc; c++) {
        m->workers_target += m->cl_target[c];
        m->cl_stop[c] = -1;
    }
    for (int32_t p = 0; p < np; p++)
        pt_stop[p] = -1;
    report(progress, parg, 0.05);

    /* 2. stops */
    if (o->mobile_walk_min <= 0) {
        if ((st = cands_from_clusters(in, m->cl_target, 0, &cs)))
            goto done;
        /* each target cluster is its own stop, in cluster order */
        for (int32_t c = 0, k = 0; c < nc; c++)
            if (m->cl_target[c] > 0) {
                for (int32_t i = 0; i < d->cluster_count[c]; i++)
                    if (tw[d->cluster_first[c] + i] > 0)
                        pt_stop[d->cluster_first[c] + i] = k;
                k++;
            }
        chosen = calloc(cs.n + 1, 1);
        if (!chosen) {
            st = sp_error(SP_E_NOMEM, "out of memory");
            goto done;
        }
        memset(chosen, 1, cs.n);
    } else {
        double walk_s = o->mobile_walk_min * 60;
        if (o->stops.path) {
            sp_points *sl = NULL;
            if ((st = read_layer(in, o, &o->stops, "stops", &sl)))
                goto done;
            if ((st = cand_alloc(&cs, sl->n)) == SP_OK)
                for (size_t k = 0; k < sl->n; k++)
                    cand_put(&cs, k, sl->xy[2 * k], sl->xy[2 * k + 1], sl->id[k], sl->name[k]);
            sp_points_free(sl, in->gctx);
        } else {
            int is_auto = o->mobile_stops && !strcmp(o->mobile_stops, "auto");
            st = cands_from_clusters(in, m->cl_target,
                                     is_auto ? o->mobile_walk_min / 60 * o->walk_kmh * 1000 : 0,
                                     &cs);
        }
        if (st)
            goto done;
        chosen = calloc(cs.n + 1, 1);
        if (!chosen) {
            st = sp_error(SP_E_NOMEM, "out of memory");
            goto done;
        }
        if (cs.n > 0) {
            if ((st = walk_matrix(in, o, &cs, walk_s, &wcov)))
                goto done;
            if ((st = set_cover(wcov->matrix, (int32_t)cs.n, np, tw, chosen)))
                goto done;
            /* each target point at its nearest chosen stop (ties: lower index) */
            for (int32_t p = 0; p < np; p++)
                pt_walk[p] = INFINITY;
            for (int32_t k = 0; k < (int32_t)cs.n; k++) {
                if (!chosen[k])
                    continue;
                const int32_t *dp;
                const float *cost;
                size_t n = sp_costmatrix_get_row(wcov->matrix, k, &dp, &cost);
                for (size_t i = 0; i < n; i++)
                    if (tw[dp[i]] > 0 && cost[i] < pt_walk[dp[i]]) {
                        pt_walk[dp[i]] = cost[i];
                        pt_stop[dp[i]] = k;
                    }
            }
        }
    }
    report(progress, parg, 0.3);
    /* the chosen stops, renumbered in candidate order */
    {
        int32_t *newk = malloc((cs.n + 1) * sizeof *newk);
        if (!newk) {
            st = sp_error(SP_E_NOMEM, "out of memory");
            goto done;
        }
        int32_t n = 0;
        for (size_t k = 0; k < cs.n; k++)
            newk[k] = chosen[k] ? n++ : -1;
        /* a chosen stop may end up serving nobody (all its points nearer
         * another): keep only stops with workers */
        double *w = calloc((size_t)n + 1, sizeof *w);
        if (!w) {
            free(newk);
            st = sp_error(SP_E_NOMEM, "out of memory");
            goto done;
        }
        for (int32_t p = 0; p < np; p++)
            if (pt_stop[p] >= 0)
                w[newk[pt_stop[p]]] += tw[p];
        int32_t n2 = 0;
        for (size_t k = 0; k < cs.n; k++)
            if (newk[k] >= 0)
                newk[k] = w[newk[k]] > 0 ? n2++ : -1;
        free(w);
        m->n_stops = n2;
        m->stop_id = calloc((size_t)n2 + 1, sizeof *m->stop_id);
        m->stop_name = calloc((size_t)n2 + 1, sizeof *m->stop_name);
        m->stop_xy = calloc(2 * (size_t)n2 + 2, sizeof *m->stop_xy);
        m->stop_workers = calloc((size_t)n2 + 1, sizeof *m->stop_workers);
        m->stop_clusters = calloc((size_t)n2 + 1, sizeof *m->stop_clusters);
        if (!m->stop_id || !m->stop_name || !m->stop_xy || !m->stop_workers ||
            !m->stop_clusters) {
            free(newk);
            st = sp_error(SP_E_NOMEM, "out of memory");
            goto done;
        }
        for (size_t k = 0; k < cs.n; k++) {
            int32_t j = newk[k];
            if (j < 0)
                continue;
            m->stop_id[j] = cs.id[k];
            m->stop_name[j] = cs.name[k];
            cs.id[k] = cs.name[k] = NULL;
            m->stop_xy[2 * j] = cs.xy[2 * k];
            m->stop_xy[2 * j + 1] = cs.xy[2 * k + 1];
        }
        for (int32_t p = 0; p < np; p++)
            if (pt_stop[p] >= 0)
                pt_stop[p] = newk[pt_stop[p]];
        free(newk);
        for (int32_t p = 0; p < np; p++)
            if (pt_stop[p] >= 0)
                m->stop_workers[pt_stop[p]] += tw[p];
        /* a cluster's stop: that of its point with the most target workers */
        for (int32_t c = 0; c < nc; c++) {
            double bw = 0;
            for (int32_t i = 0; i < d->cluster_count[c]; i++) {
                int32_t p = d->cluster_first[c] + i;
                if (pt_stop[p] >= 0 && tw[p] > bw) {
                    bw = tw[p];
                    m->cl_stop[c] = pt_stop[p];
                    m->cl_walk_s[c] = o->mobile_walk_min > 0 ? pt_walk[p] : 0;
                }
            }
            if (m->cl_stop[c] >= 0)
                m->stop_clusters[m->cl_stop[c]]++;
        }
    }

    /* 3. drive times over the drive setup */
    {
        sp_options dopt;
        sp_mobile_drive_options(o, &dopt);
        const sp_netmode *dm = sp_network_setup(in->network, &dopt);
        if (!dm) {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s", sp_error_message());
            sp_error_clear();
            st = sp_error(SP_E_INPUT, "%s: [mobile] drive_mode = %s: %s", ORIGIN(o),
                          sp_mode_name(o->mobile_drive_mode), msg);
            goto done;
        }
        const sp_graph *g = &dm->graph;
        int32_t nd = m->n_depots, ns = m->n_stops, N = nd + ns;
        dsnap = calloc((size_t)N + 1, sizeof *dsnap);
        drive = malloc(((size_t)N * N + 1) * sizeof *drive);
        unit_depot = malloc(((size_t)o->mobile_units + 1) * sizeof *unit_depot);
        if (!dsnap || !drive || !unit_depot) {
            st = sp_error(SP_E_NOMEM, "out of memory");
            goto done;
        }
        const sp_snapper *sn = dm->snapper[SP_SNAP_EDGE];
        for (int32_t a = 0; a < N; a++) {
            const double *xy = a < nd ? &m->depot_xy[2 * a] : &m->stop_xy[2 * (a - nd)];
            sp_snapper_snap(sn, in->gctx, xy[0], xy[1], o->max_snap_m, o->walk_kmh, &dsnap[a]);
            if (a < nd && !sp_snap_ok(&dsnap[a])) {
                st = sp_error(SP_E_INPUT, "%s: [mobile] depots: depot %s is %.0f m from the %s "
                              "network, beyond [travel] max_snap_m = %g", ORIGIN(o),
                              m->depot_id[a], dsnap[a].offroad_m,
                              sp_mode_name(o->mobile_drive_mode), o->max_snap_m);
                goto done;
            }
        }
        if ((st = drive_matrix(g, dsnap, N, o->threads, drive)))
            goto done;
        report(progress, parg, 0.6);

        /* 4. the plan over one block */
        for (int u = 0; u < o->mobile_units; u++)
            unit_depot[u] = u % nd;
        sp_mobile_problem pb = {0};
        pb.n_depots = nd;
        pb.n_stops = ns;
        pb.drive_s = drive;
        pb.workers = m->stop_workers;
        /* unlimited: more than all the workers, so that it never binds */
        double all_w = 1;
        for (int32_t i = 0; i < ns; i++)
            all_w += m->stop_workers[i];
        pb.capacity_per_day = isinf(o->mobile_capacity) ? all_w : o->mobile_capacity;
        pb.day_s = o->mobile_day_hours * 3600;
        pb.setup_s = o->mobile_setup_min * 60;
        pb.per_worker_s = o->mobile_min_per_worker * 60;
        pb.units = o->mobile_units;
        pb.unit_depot = unit_depot;
        pb.days = m->block_days;
        if ((st = sp_mobile_solve(&pb, &m->plan)))
            goto done;
        report(progress, parg, 0.85);

        /* 5. the routes' lines */
        const sp_mobile_plan *pl = m->plan;
        int32_t nr = pl->n_routes;
        m->route_n_xy = calloc((size_t)nr + 1, sizeof *m->route_n_xy);
        m->route_xy = calloc((size_t)nr + 1, sizeof *m->route_xy);
        m->route_length_m = calloc((size_t)nr + 1, sizeof *m->route_length_m);
        ws = sp_search_new(g);
        if (!m->route_n_xy || !m->route_xy || !m->route_length_m || !ws ||
            sp_search_keep_routes(ws, 1)) {
            st = sp_error(SP_E_NOMEM, "out of memory");
            goto done;
        }
        for (int32_t r = 0; r < nr; r++)
            if ((st = route_line(g, ws, dsnap, nd, N, drive, pl, r, &m->route_xy[r],
                                 &m->route_n_xy[r], &m->route_length_m[r])))
                goto done;
    }

    /* served and not served, per cluster */
    {
        const sp_mobile_plan *pl = m->plan;
        for (int32_t p = 0; p < np; p++) {
            if (!(tw[p] > 0))
                continue;
            int32_t c = d->point_cluster[p], s = pt_stop[p];
            if (s < 0) {
                m->workers_unserved[SP_MOBILE_NO_STOP] += tw[p];
                m->cl_reason[c] = SP_MOBILE_NO_STOP;
                continue;
            }
            double f = m->stop_workers[s] > 0 ? pl->stop_served[s] / m->stop_workers[s] : 0;
            m->cl_served[c] += tw[p] * f;
            if (f < 1 && m->cl_reason[c] == SP_MOBILE_SERVED)
                m->cl_reason[c] = (int)pl->stop_reason[s] != SP_MOBILE_SERVED
                                      ? (int)pl->stop_reason[s] : SP_MOBILE_NO_DAYS;
        }
        m->workers_served = pl->workers_served;
        for (int r = 0; r < SP_MOBILE_REASON_COUNT; r++)
            m->workers_unserved[r] = pl->workers_unserved[r];
    }
    warn_unservable(o, m);
    report(progress, parg, 1);
    m->seconds = sp_now() - t0;

done:
    sp_search_free(ws);
    free(tw);
    free(pt_stop);
    free(pt_walk);
    cand_free(&cs);
    sp_coverage_free(wcov, in->gctx);
    free(chosen);
    free(dsnap);
    free(drive);
    free(unit_depot);
    if (st) {
        sp_mobile_free(m);
        return st;
    }
    *out = m;
    return SP_OK;
}
