/* coverage.c — parallel bounded searches from every site; see coverage.h. */
#include "coverage.h"
#include "clock.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "coverage_private.h"
#include "hierarchy.h"
#include "msearch.h"
#include "progress.h"
#include "responsibility.h"
#include "search.h"

int sp_coverage_threads(int requested)
{
    if (requested > 0)
        return requested;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)(n > 64 ? 64 : n) : 1;
}

typedef sp_cov_row site_list;

typedef struct {
    const sp_coverage_in *in;
    site_list *lists;
    GEOSGeometry **catchment;
    sp_respgrid *resp;           /* the nearest-site label grid, or NULL */
    sp_cellaccess *cells;        /* the cells' access entries, shared by the threads */
    sp_hierarchy *hier;          /* searches by hierarchy sweeps, or NULL (owned) */
    int32_t *order;              /* searches by lanes (msearch.h): the block's sites
                                  * to search, near ones together; else NULL (owned) */
    int32_t n_order;
    atomic_int next;             /* the block [next, end), or the next of order[] */
    int32_t end, n_block;
    double p_search;             /* progress when the searches start (to 0.95) */
    atomic_int done;
    atomic_int failed;
    pthread_mutex_t lock;        /* progress calls and the first error */
    sp_status status;
    char message[1024];
    double poly_s, search_s, step_s, resp_s; /* summed over threads, under lock */
} shared_state;

static void fail(shared_state *sh, sp_status st)
{
    pthread_mutex_lock(&sh->lock);
    if (sh->status == SP_OK) {
        sh->status = st;
        snprintf(sh->message, sizeof sh->message, "%s", sp_error_message());
    }
    pthread_mutex_unlock(&sh->lock);
    atomic_store(&sh->failed, 1);
}

static void geos_quiet(const char *fmt, ...) { (void)fmt; }

/* One thread's workspaces and sums. */
typedef struct {
    shared_state *sh;
    GEOSContextHandle_t gctx;
    sp_search *ws;
    sp_msearch *ms;              /* lanes > 1 only */
    sp_demand_scratch *sc;
    sp_isogrid *ig;
    int32_t *tmp_pt;
    float *tmp_s;
    double poly_s, search_s, step_s, resp_s;
} thread_ctx;

/* The progress after one more site; 0 when cancelled (failed). */
static int count_done(shared_state *sh)
{
    const sp_coverage_in *in = sh->in;
    int d = atomic_fetch_add(&sh->done, 1) + 1;
    if (!in->progress)
        return 1;
    pthread_mutex_lock(&sh->lock);
    int go = in->progress(sh->p_search + (0.95 - sh->p_search) * d / (double)sh->n_block, NULL,
                          in->progress_arg);
    pthread_mutex_unlock(&sh->lock);
    if (!go) {
        sp_error(SP_E_CANCEL, "cancelled");
        fail(sh, SP_E_CANCEL);
    }
    return go;
}

/* Site s after its search (in tc->ws, started at t0): its row, its
 * polygons and share of the responsibility grid, its progress.  0 when the
 * run must stop (failed). */
static int after_search(thread_ctx *tc, int32_t s, double t0)
{
    shared_state *sh = tc->sh;
    const sp_coverage_in *in = sh->in;
    const sp_graph *g = in->g;
    const sp_snap *site = &in->site_snap[s];
    double limit = in->limits_s[in->n_limits - 1];
    site_list *L = &sh->lists[s];
    double ts = sp_now();
    L->n = (int32_t)sp_demand_site_row(in->demand, g, tc->ws, site, limit, tc->sc, tc->tmp_pt,
                                       tc->tmp_s);
    L->cl = sp_malloc_n((size_t)L->n + 1, sizeof *L->cl);
    L->secs = sp_malloc_n((size_t)L->n + 1, sizeof *L->secs);
    if (!L->cl || !L->secs) {
        sp_error(SP_E_NOMEM, "out of memory");
        fail(sh, SP_E_NOMEM);
        return 0;
    }
    memcpy(L->cl, tc->tmp_pt, sizeof(int32_t) * L->n);
    memcpy(L->secs, tc->tmp_s, sizeof(float) * L->n);
    double t1 = sp_now();
    tc->search_s += t1 - t0;
    tc->step_s += t1 - ts;
    if (tc->ig) {
        sp_isogrid_reset(tc->ig);
        sp_status st = sp_isogrid_burn(tc->ig, g, tc->ws, site, limit);
        if (st == SP_OK)
            st = sp_isogrid_polygons(tc->ig, tc->gctx, in->limits_s, in->n_limits,
                                     &sh->catchment[(size_t)s * in->n_limits]);
        double t2 = sp_now();
        if (st == SP_OK && sh->resp) {
            st = sp_respgrid_add(sh->resp, tc->ig, s, limit);
            tc->resp_s += sp_now() - t2;
        }
        if (st) {
            fail(sh, st);
            return 0;
        }
        tc->poly_s += sp_now() - t1;
    }
    return count_done(sh);
}

/* One site at a time: sites next .. end-1 in index order. */
static void one_by_one(thread_ctx *tc)
{
    shared_state *sh = tc->sh;
    const sp_coverage_in *in = sh->in;
    const sp_graph *g = in->g;
    double limit = in->limits_s[in->n_limits - 1];
    while (!atomic_load(&sh->failed)) {
        int s = atomic_fetch_add(&sh->next, 1);
        if (s >= sh->end)
            break;
        const sp_snap *site = &in->site_snap[s];
        sh->lists[s].n = 0;
        if (s < in->n_reuse || !sp_snap_ok(site)) {
            /* a reused row; an unreachable site reaches nobody */
            if (!count_done(sh))
                break;
            continue;
        }
        sp_seed seeds[2];
        size_t ns = sp_reach_site_seeds(g, site, seeds);
        double t0 = sp_now();
        sp_status st = sh->hier ? sp_hierarchy_run(sh->hier, tc->ws, g, SP_REVERSE, seeds, ns, limit)
                                : sp_search_run(tc->ws, g, SP_REVERSE, seeds, ns, limit);
        if (st) {
            fail(sh, st);
            break;
        }
        if (!after_search(tc, s, t0))
            break;
    }
}

/* SP_MSEARCH_LANES sites at a time (msearch.h): groups of sh->order. */
static void by_lanes(thread_ctx *tc)
{
    shared_state *sh = tc->sh;
    const sp_coverage_in *in = sh->in;
    const sp_graph *g = in->g;
    double limit = in->limits_s[in->n_limits - 1];
    sp_seed seeds[2 * SP_MSEARCH_LANES];
    size_t first[SP_MSEARCH_LANES + 1];
    while (!atomic_load(&sh->failed)) {
        int32_t i0 = atomic_fetch_add(&sh->next, SP_MSEARCH_LANES);
        if (i0 >= sh->n_order)
            break;
        int k = sh->n_order - i0 < SP_MSEARCH_LANES ? sh->n_order - i0 : SP_MSEARCH_LANES;
        first[0] = 0;
        for (int j = 0; j < k; j++)
            first[j + 1] = first[j] + sp_reach_site_seeds(g, &in->site_snap[sh->order[i0 + j]],
                                                          seeds + first[j]);
        double t0 = sp_now();
        sp_status st = sp_msearch_run(tc->ms, g, SP_REVERSE, seeds, first, k, limit);
        if (st) {
            fail(sh, st);
            break;
        }
        tc->search_s += sp_now() - t0;
        for (int j = 0; j < k; j++) {
            double t1 = sp_now();
            if ((st = sp_msearch_lane(tc->ms, j, tc->ws))) {
                fail(sh, st);
                return;
            }
            if (!after_search(tc, sh->order[i0 + j], t1))
                return;
        }
    }
}

static void *worker(void *arg)
{
    shared_state *sh = arg;
    const sp_coverage_in *in = sh->in;
    const sp_graph *g = in->g;
    const sp_demand *dm = in->demand;
    thread_ctx tc = {.sh = sh};
    tc.gctx = GEOS_init_r();
    GEOSContext_setErrorHandler_r(tc.gctx, geos_quiet);
    GEOSContext_setNoticeHandler_r(tc.gctx, geos_quiet);
    tc.ws = sp_search_new(g);
    tc.ms = sh->order ? sp_msearch_new(g) : NULL;
    tc.sc = sp_demand_scratch_new(dm);
    tc.ig = in->want_polygons ? sp_isogrid_new(&in->cat_opts, sh->cells) : NULL;
    tc.tmp_pt = sp_malloc_n((size_t)dm->n_points + 1, sizeof *tc.tmp_pt);
    tc.tmp_s = sp_malloc_n((size_t)dm->n_points + 1, sizeof *tc.tmp_s);
    if (!tc.ws || !tc.sc || !tc.tmp_pt || !tc.tmp_s || (in->want_polygons && !tc.ig) ||
        (sh->order && !tc.ms)) {
        sp_error(SP_E_NOMEM, "out of memory in a search thread");
        fail(sh, SP_E_NOMEM);
    } else if (sh->order) {
        by_lanes(&tc);
    } else {
        one_by_one(&tc);
    }
    pthread_mutex_lock(&sh->lock);
    sh->poly_s += tc.poly_s;
    sh->search_s += tc.search_s;
    sh->step_s += tc.step_s;
    sh->resp_s += tc.resp_s;
    pthread_mutex_unlock(&sh->lock);
    sp_demand_scratch_free(tc.sc);
    free(tc.tmp_pt);
    free(tc.tmp_s);
    sp_isogrid_free(tc.ig);
    sp_msearch_free(tc.ms);
    sp_search_free(tc.ws);
    GEOS_finish_r(tc.gctx);
    return NULL;
}

void sp_coverage_free(sp_coverage *c, GEOSContextHandle_t gctx)
{
    if (!c)
        return;
    if (c->catchment)
        for (size_t i = 0; i < (size_t)c->n_sites * c->n_limits; i++)
            if (c->catchment[i])
                GEOSGeom_destroy_r(gctx, c->catchment[i]);
    if (c->area)
        for (int i = 0; i < c->n_limits; i++)
            if (c->area[i])
                GEOSGeom_destroy_r(gctx, c->area[i]);
    if (c->responsibility)
        for (int32_t s = 0; s < c->n_sites; s++)
            if (c->responsibility[s])
                GEOSGeom_destroy_r(gctx, c->responsibility[s]);
    free(c->catchment);
    free(c->area);
    free(c->responsibility);
    sp_costmatrix_free(c->matrix);
    free(c->point_time_s);
    free(c->nearest);
    free(c->time_s);
    free(c);
}

/* The coverage area for each threshold: one search seeded from every
 * snapped site, burnt into one grid (coverage.h). */
static sp_status union_areas(const sp_coverage_in *in, sp_cellaccess *cells, sp_coverage *c,
                             GEOSContextHandle_t gctx)
{
    const sp_graph *g = in->g;
    sp_seed *seeds = sp_malloc_n(2 * (size_t)in->n_sites + 1, sizeof *seeds);
    sp_search *ws = sp_search_new(g);
    sp_isogrid *ig = NULL;
    sp_status st = SP_OK;
    if (!seeds || !ws) {
        st = sp_error(SP_E_NOMEM, "out of memory for the coverage area");
        goto done;
    }
    if (!(ig = sp_isogrid_new(&in->cat_opts, cells))) {
        st = SP_E_NOMEM; /* sp_isogrid_new said why */
        goto done;
    }
    size_t ns = 0;
    for (int32_t s = 0; s < in->n_sites; s++)
        if (sp_snap_ok(&in->site_snap[s]))
            ns += sp_reach_site_seeds(g, &in->site_snap[s], seeds + ns);
    double limit = in->limits_s[in->n_limits - 1];
    st = sp_search_run(ws, g, SP_REVERSE, seeds, ns, limit);
    if (st == SP_OK)
        st = sp_isogrid_burn_sites(ig, g, ws, in->site_snap, in->n_sites, limit,
                                   sp_coverage_threads(in->threads), in->dist);
    if (st == SP_OK && c->area) /* rank 0 */
        st = sp_isogrid_polygons(ig, gctx, in->limits_s, in->n_limits, c->area);
done:
    sp_isogrid_free(ig);
    sp_search_free(ws);
    free(seeds);
    return st;
}

sp_costmatrix *sp_coverage_take_matrix(sp_coverage *c)
{
    sp_costmatrix *m = c->matrix;
    c->matrix = NULL;
    return m;
}

/* The matrix: reused rows, then the searched ones; ids and weights. */
static sp_status build_matrix(const sp_coverage_in *in, const site_list *lists,
                              sp_costmatrix **out)
{
    const sp_demand *dm = in->demand;
    sp_costmatrix *m = sp_costmatrix_new(in->n_sites, dm->n_points);
    if (!m)
        return sp_error(SP_E_NOMEM, "out of memory");
    size_t total = 0;
    for (int32_t s = 0; s < in->n_sites; s++)
        total += s < in->n_reuse ? sp_costmatrix_get_row(in->reuse, s, NULL, NULL)
                                 : (size_t)lists[s].n;
    sp_status st = sp_costmatrix_reserve(m, total);
    for (int32_t s = 0; s < in->n_sites && st == SP_OK; s++) {
        const int32_t *pt = lists[s].cl;
        const float *secs = lists[s].secs;
        size_t n = (size_t)lists[s].n;
        if (s < in->n_reuse)
            n = sp_costmatrix_get_row(in->reuse, s, &pt, &secs);
        if (n)
            st = sp_costmatrix_add_row(m, s, pt, secs, n);
        if (st == SP_OK && in->site_id)
            st = sp_costmatrix_set_candidate_id(m, s, in->site_id[s]);
    }
    for (int32_t p = 0; p < dm->n_points && st == SP_OK; p++) {
        st = sp_costmatrix_set_weight(m, p, dm->point_weight[p]);
        if (st == SP_OK && in->cluster_id) {
            int32_t c = dm->point_cluster[p];
            const char *id = in->cluster_id[c];
            if (dm->cluster_count[c] > 1) { /* several points: "id#k" */
                char *idk = g_strdup_printf("%s#%d", id, (int)(p - dm->cluster_first[c]));
                st = sp_costmatrix_set_demand_id(m, p, idk);
                g_free(idk);
            } else {
                st = sp_costmatrix_set_demand_id(m, p, id);
            }
        }
    }
    if (st == SP_OK)
        st = sp_costmatrix_finish(m);
    if (st) {
        sp_costmatrix_free(m);
        return st;
    }
    *out = m;
    return SP_OK;
}

/* Per demand point and per cluster: the nearest site and its time. */
static void nearest_sites(sp_coverage *c, const sp_demand *dm)
{
    for (int32_t i = 0; i < c->n_clusters; i++) {
        c->nearest[i] = -1;
        c->time_s[i] = INFINITY;
    }
    for (int32_t p = 0; p < dm->n_points; p++)
        c->point_time_s[p] = INFINITY;
    for (int32_t s = 0; s < c->n_sites; s++) {
        const int32_t *pt;
        const float *secs;
        size_t n = sp_costmatrix_get_row(c->matrix, s, &pt, &secs);
        for (size_t k = 0; k < n; k++) {
            int32_t p = pt[k], cl = dm->point_cluster[p];
            if (secs[k] < c->point_time_s[p])
                c->point_time_s[p] = secs[k];
            if (secs[k] < c->time_s[cl]) { /* strict: ties keep the lower site */
                c->time_s[cl] = secs[k];
                c->nearest[cl] = s;
            }
        }
    }
}

/* The median number of nodes settled by trial searches from up to three
 * sites (the first to search at or after the start, a third and two thirds
 * of the way along); -1 when there is no site to search. */
static sp_status trial_settled(const sp_coverage_in *in, int64_t *median)
{
    *median = -1;
    int32_t n = in->n_sites - in->n_reuse, trial[3];
    int n_trial = 0;
    for (int k = 0; k < 3; k++) {
        int32_t s = in->n_reuse + (int32_t)((int64_t)n * k / 3);
        while (s < in->n_sites && !sp_snap_ok(&in->site_snap[s]))
            s++;
        if (s < in->n_sites && (n_trial == 0 || trial[n_trial - 1] != s))
            trial[n_trial++] = s;
    }
    if (n_trial == 0)
        return SP_OK; /* nothing to search */
    sp_search *ws = sp_search_new(in->g);
    if (!ws)
        return sp_error(SP_E_NOMEM, "out of memory");
    int64_t settled[3];
    sp_status st = SP_OK;
    for (int k = 0; k < n_trial && st == SP_OK; k++) {
        sp_seed seeds[2];
        size_t ns = sp_reach_site_seeds(in->g, &in->site_snap[trial[k]], seeds);
        st = sp_search_run(ws, in->g, SP_REVERSE, seeds, ns, in->limits_s[in->n_limits - 1]);
        size_t m = 0;
        sp_search_settled(ws, &m);
        settled[k] = (int64_t)m;
    }
    sp_search_free(ws);
    if (st)
        return st;
    /* the median (of two: the lower) */
    for (int i = 1; i < n_trial; i++)
        for (int j = i; j > 0 && settled[j] < settled[j - 1]; j--) {
            int64_t t = settled[j];
            settled[j] = settled[j - 1];
            settled[j - 1] = t;
        }
    *median = settled[(n_trial - 1) / 2];
    return SP_OK;
}

/* How this call searches (coverage.h): *hier, hierarchy sweeps; else
 * *lanes, searches by lanes (msearch.h), or neither: one plain search per
 * site.  Decided from the inputs alone. */
static sp_status choose_searches(const sp_coverage_in *in, int *hier, int *lanes)
{
    *hier = *lanes = 0;
    int want_l = in->lanes;
    const char *env = getenv("SITEPLAN_SEARCH_LANES");
    if (want_l == 0 && env && (!strcmp(env, "on") || !strcmp(env, "off")))
        want_l = !strcmp(env, "on") ? 1 : -1;
    int may_h = !in->want_polygons && in->hierarchy >= 0;
    int may_l = want_l > 0 || (want_l == 0 && in->g->n_nodes >= SP_COVERAGE_LANES_NODES);
    if (!may_h && !may_l)
        return SP_OK;
    int64_t median;
    sp_status st = trial_settled(in, &median);
    if (st || median < 0)
        return st; /* an error, or nothing to search */
    if (may_h && (in->hierarchy > 0 || sp_hierarchy_worth(in->g, in->n_sites - in->n_reuse,
                                                          median))) {
        *hier = 1;
        return SP_OK;
    }
    *lanes = may_l && (want_l > 0 || median >= SP_COVERAGE_LANES_SETTLED);
    return SP_OK;
}

static uint64_t hilbert_key(uint32_t x, uint32_t y)
{
    uint64_t d = 0;
    for (uint32_t q = 1u << 15; q > 0; q >>= 1) {
        uint32_t rx = (x & q) > 0, ry = (y & q) > 0;
        d += (uint64_t)q * q * ((3 * rx) ^ ry);
        if (!ry) {
            if (rx) {
                x = q - 1 - x;
                y = q - 1 - y;
            }
            uint32_t t = x;
            x = y;
            y = t;
        }
    }
    return d;
}

typedef struct {
    uint64_t key;
    int32_t site;
} site_key;

static int cmp_site_key(const void *a, const void *b)
{
    const site_key *p = a, *q = b;
    if (p->key != q->key)
        return p->key < q->key ? -1 : 1;
    return (p->site > q->site) - (p->site < q->site);
}

/* sh->order: the sites of [s0, s1) that need a search, along a Hilbert
 * curve over their snapped points, so that lanes hold near sites. */
static sp_status order_sites(shared_state *sh, int32_t s0, int32_t s1)
{
    const sp_coverage_in *in = sh->in;
    site_key *k = sp_malloc_n((size_t)(s1 - s0) + 1, sizeof *k);
    sh->order = sp_malloc_n((size_t)(s1 - s0) + 1, sizeof *sh->order);
    if (!k || !sh->order) {
        free(k);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    int32_t n = 0;
    for (int32_t s = s0; s < s1; s++) {
        const sp_snap *p = &in->site_snap[s];
        if (s < in->n_reuse || !sp_snap_ok(p))
            continue;
        x0 = fmin(x0, p->x), x1 = fmax(x1, p->x);
        y0 = fmin(y0, p->y), y1 = fmax(y1, p->y);
        k[n++].site = s;
    }
    double span = fmax(x1 - x0, y1 - y0), scale = span > 0 ? 65535.0 / span : 0;
    for (int32_t i = 0; i < n; i++) {
        const sp_snap *p = &in->site_snap[k[i].site];
        k[i].key = hilbert_key((uint32_t)((p->x - x0) * scale), (uint32_t)((p->y - y0) * scale));
    }
    qsort(k, (size_t)n, sizeof *k, cmp_site_key);
    for (int32_t i = 0; i < n; i++)
        sh->order[i] = k[i].site;
    sh->n_order = n;
    free(k);
    return SP_OK;
}

sp_status sp_coverage_compute(const sp_coverage_in *in, GEOSContextHandle_t gctx,
                              sp_coverage **out)
{
    *out = NULL;
    if (in->n_limits < 1 || !(in->limits_s[0] > 0))
        return sp_error(SP_E_INPUT, "travel threshold must be greater than 0");
    if (in->n_reuse < 0 || in->n_reuse > in->n_sites || (in->n_reuse && !in->reuse) ||
        (in->n_reuse && in->want_polygons) || (in->want_responsibility && !in->want_polygons) ||
        (in->reuse && (sp_costmatrix_n_demands(in->reuse) != in->demand->n_points ||
                       sp_costmatrix_n_candidates(in->reuse) < in->n_reuse)))
        return sp_error(SP_E_INTERNAL, "coverage: the reused rows do not fit");
    sp_coverage *c = calloc(1, sizeof *c);
    shared_state sh;
    memset(&sh, 0, sizeof sh);
    sh.in = in;
    pthread_mutex_init(&sh.lock, NULL);
    if (!c)
        return sp_error(SP_E_NOMEM, "out of memory");
    const sp_demand *dm = in->demand;
    c->n_sites = in->n_sites;
    c->n_clusters = dm->n_clusters;
    c->n_limits = in->n_limits;
    c->point_time_s = sp_malloc_n((size_t)dm->n_points + 1, sizeof *c->point_time_s);
    c->nearest = sp_malloc_n((size_t)dm->n_clusters + 1, sizeof *c->nearest);
    c->time_s = sp_malloc_n((size_t)dm->n_clusters + 1, sizeof *c->time_s);
    sh.lists = sp_calloc_n((size_t)in->n_sites + 1, sizeof *sh.lists);
    if (in->want_polygons) {
        c->catchment = sp_calloc_n((size_t)in->n_sites * in->n_limits + 1, sizeof *c->catchment);
        sh.catchment = c->catchment;
    }
    if (in->want_area)
        c->area = sp_calloc_n((size_t)in->n_limits, sizeof *c->area);
    sp_status st = SP_OK;
    if (in->want_polygons || in->want_area) {
        const sp_catchment_opts *co = &in->cat_opts;
        if (!co->access) {
            st = sp_error(SP_E_INTERNAL, "coverage: catchments need the access index");
            goto done;
        }
        sh.cells = sp_cellaccess_new(co->access, co->cell_m, co->max_snap_m, co->walk_kmh);
        if (!sh.cells) { /* sp_cellaccess_new said why */
            st = co->cell_m > 0 ? SP_E_NOMEM : SP_E_INPUT;
            goto done;
        }
    }
    if (in->want_responsibility) {
        c->responsibility = sp_calloc_n((size_t)in->n_sites + 1, sizeof *c->responsibility);
        sh.resp = sp_respgrid_new(in->cat_opts.cell_m);
        if (!sh.resp) { /* sp_respgrid_new said why */
            st = in->cat_opts.cell_m > 0 ? SP_E_NOMEM : SP_E_INPUT;
            goto done;
        }
    }
    if (!c->point_time_s || !c->nearest || !c->time_s || !sh.lists ||
        (in->want_polygons && !c->catchment) || (in->want_area && !c->area) ||
        (in->want_responsibility && !c->responsibility)) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto done;
    }
    int use_h, use_lanes;
    if ((st = choose_searches(in, &use_h, &use_lanes)))
        goto done;
    c->used_lanes = use_lanes;
    /* progress: the searches from p_search to 0.95, the hierarchy's build
     * (when made) before them */
    sh.p_search = use_h ? 0.2 : 0;
    if (use_h) {
        double t0 = sp_now();
        sp_stage build_stage = {in->progress, in->progress_arg, 0, sh.p_search};
        if ((st = sp_hierarchy_build(in->g, in->progress ? sp_stage_progress : NULL,
                                     &build_stage, &sh.hier)))
            goto done;
        c->hierarchy_seconds = sp_now() - t0;
        c->used_hierarchy = sh.hier != NULL; /* NULL: too dense, plain searches */
    }
    int nt = sp_coverage_threads(in->threads);
    int32_t s0, s1;
    sp_coverage_dist_block(in, &s0, &s1);
    atomic_store(&sh.next, s0);
    sh.end = s1;
    int32_t n_search = sh.n_block = s1 - s0;
    if (use_lanes) {
        /* a failure here is the threads' (fail): the ranks still meet below */
        sp_status so = order_sites(&sh, s0, s1);
        if (so)
            fail(&sh, so);
        /* the sites not searched: a reused row, or unreachable (nobody) */
        for (int32_t s = s0; s < s1 && !so && n_search > sh.n_order; s++)
            if ((s < in->n_reuse || !sp_snap_ok(&in->site_snap[s])) && !count_done(&sh))
                break;
        atomic_store(&sh.next, 0);
    }
    if (nt > n_search)
        nt = n_search > 0 ? n_search : 1;
    pthread_t tid[64];
    int started = 0;
    for (int t = 0; t < nt && !atomic_load(&sh.failed); t++) {
        if (pthread_create(&tid[t], NULL, worker, &sh) != 0)
            break;
        started++;
    }
    if (started == 0 && n_search > 0 && !atomic_load(&sh.failed))
        worker(&sh); /* no threads available: run in this one */
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    if (sh.status != SP_OK) {
        sp_error_clear();
        st = sp_error(sh.status, "%s", sh.message);
    }
    /* the other ranks' rows (coverage_private.h; nothing in one process) */
    if ((st = sp_coverage_dist_rows(in, st, sh.lists)) ||
        (in->want_polygons && (st = sp_coverage_dist_polygons(in, gctx, c->catchment))) ||
        (sh.resp && (st = sp_coverage_dist_resp(in, sh.resp))))
        goto done;
    sp_coverage_dist_drop_polygons(in, c, gctx); /* ranks > 0 keep the rows alone */
    c->search_seconds = sh.search_s;
    c->step_seconds = sh.step_s;
    c->polygon_seconds = sh.poly_s;
    if ((st = build_matrix(in, sh.lists, &c->matrix)))
        goto done;
    nearest_sites(c, dm);
    if (in->want_area) { /* every rank burns a share; rank 0 polygonises */
        double t0 = sp_now();
        st = union_areas(in, sh.cells, c, gctx);
        c->area_seconds = sp_now() - t0;
        c->polygon_seconds += c->area_seconds;
    }
    if (st == SP_OK && sh.resp && c->responsibility) {
        double t1 = sp_now();
        st = sp_respgrid_polygons(sh.resp, gctx, c->n_sites, c->responsibility);
        c->responsibility_seconds = sh.resp_s + (sp_now() - t1);
        c->polygon_seconds += sp_now() - t1;
    }
    if (st == SP_OK && in->progress)
        in->progress(1.0, NULL, in->progress_arg);
done:
    if (sh.lists) {
        for (int32_t s = 0; s < in->n_sites; s++) {
            free(sh.lists[s].cl);
            free(sh.lists[s].secs);
        }
        free(sh.lists);
    }
    pthread_mutex_destroy(&sh.lock);
    sp_hierarchy_free(sh.hier);
    free(sh.order);
    sp_respgrid_free(sh.resp);
    if (sh.cells)
        c->cell_tiles = sp_cellaccess_n_tiles(sh.cells);
    sp_cellaccess_free(sh.cells);
    if (st != SP_OK) {
        sp_coverage_free(c, gctx);
        return st;
    }
    *out = c;
    return SP_OK;
}
