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
    atomic_int next;             /* from this rank's block [next, end) */
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

static void *worker(void *arg)
{
    shared_state *sh = arg;
    const sp_coverage_in *in = sh->in;
    const sp_graph *g = in->g;
    const sp_demand *dm = in->demand;
    GEOSContextHandle_t gctx = GEOS_init_r();
    GEOSContext_setErrorHandler_r(gctx, geos_quiet);
    GEOSContext_setNoticeHandler_r(gctx, geos_quiet);
    sp_search *ws = sp_search_new(g);
    sp_demand_scratch *sc = sp_demand_scratch_new(dm);
    sp_isogrid *ig = in->want_polygons ? sp_isogrid_new(&in->cat_opts, sh->cells) : NULL;
    int32_t *tmp_pt = sp_malloc_n((size_t)dm->n_points + 1, sizeof *tmp_pt);
    float *tmp_s = sp_malloc_n((size_t)dm->n_points + 1, sizeof *tmp_s);
    double limit = in->limits_s[in->n_limits - 1];
    double poly_s = 0, search_s = 0, step_s = 0, resp_s = 0;
    if (!ws || !sc || !tmp_pt || !tmp_s || (in->want_polygons && !ig)) {
        sp_error(SP_E_NOMEM, "out of memory in a search thread");
        fail(sh, SP_E_NOMEM);
    }
    while (!atomic_load(&sh->failed)) {
        int s = atomic_fetch_add(&sh->next, 1);
        if (s >= sh->end)
            break;
        const sp_snap *site = &in->site_snap[s];
        site_list *L = &sh->lists[s];
        L->n = 0;
        if (s < in->n_reuse || !sp_snap_ok(site))
            goto progress; /* a reused row; an unreachable site reaches nobody */
        sp_seed seeds[2];
        size_t ns = sp_reach_site_seeds(g, site, seeds);
        double t0 = sp_now();
        sp_status st = sh->hier ? sp_hierarchy_run(sh->hier, ws, g, SP_REVERSE, seeds, ns, limit)
                                : sp_search_run(ws, g, SP_REVERSE, seeds, ns, limit);
        if (st) {
            fail(sh, st);
            break;
        }
        double ts = sp_now();
        L->n = (int32_t)sp_demand_site_row(dm, g, ws, site, limit, sc, tmp_pt, tmp_s);
        L->cl = sp_malloc_n((size_t)L->n + 1, sizeof *L->cl);
        L->secs = sp_malloc_n((size_t)L->n + 1, sizeof *L->secs);
        if (!L->cl || !L->secs) {
            sp_error(SP_E_NOMEM, "out of memory");
            fail(sh, SP_E_NOMEM);
            break;
        }
        memcpy(L->cl, tmp_pt, sizeof(int32_t) * L->n);
        memcpy(L->secs, tmp_s, sizeof(float) * L->n);
        double t1 = sp_now();
        search_s += t1 - t0;
        step_s += t1 - ts;
        if (ig) {
            sp_isogrid_reset(ig);
            st = sp_isogrid_burn(ig, g, ws, site, limit);
            if (st == SP_OK)
                st = sp_isogrid_polygons(ig, gctx, in->limits_s, in->n_limits,
                                         &sh->catchment[(size_t)s * in->n_limits]);
            double t2 = sp_now();
            if (st == SP_OK && sh->resp) {
                st = sp_respgrid_add(sh->resp, ig, s, limit);
                resp_s += sp_now() - t2;
            }
            if (st) {
                fail(sh, st);
                break;
            }
            poly_s += sp_now() - t1;
        }
    progress:;
        int d = atomic_fetch_add(&sh->done, 1) + 1;
        if (in->progress) {
            pthread_mutex_lock(&sh->lock);
            if (!in->progress(sh->p_search + (0.95 - sh->p_search) * d / (double)sh->n_block, NULL,
                              in->progress_arg)) {
                pthread_mutex_unlock(&sh->lock);
                sp_error(SP_E_CANCEL, "cancelled");
                fail(sh, SP_E_CANCEL);
                break;
            }
            pthread_mutex_unlock(&sh->lock);
        }
    }
    pthread_mutex_lock(&sh->lock);
    sh->poly_s += poly_s;
    sh->search_s += search_s;
    sh->step_s += step_s;
    sh->resp_s += resp_s;
    pthread_mutex_unlock(&sh->lock);
    sp_demand_scratch_free(sc);
    free(tmp_pt);
    free(tmp_s);
    sp_isogrid_free(ig);
    sp_search_free(ws);
    GEOS_finish_r(gctx);
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

/* Whether this call's searches are hierarchy sweeps (coverage.h): decided
 * from the inputs alone, by trial searches from up to three sites (the
 * first to search at or after the start, a third and two thirds of the way
 * along; the median of what they settle). */
static sp_status want_hierarchy(const sp_coverage_in *in, int *want)
{
    *want = 0;
    if (in->want_polygons || in->hierarchy < 0)
        return SP_OK;
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
    if (in->hierarchy > 0) {
        *want = 1;
        return SP_OK;
    }
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
    *want = sp_hierarchy_worth(in->g, n, settled[(n_trial - 1) / 2]);
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
    int use_h;
    if ((st = want_hierarchy(in, &use_h)))
        goto done;
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
    if (nt > n_search)
        nt = n_search > 0 ? n_search : 1;
    pthread_t tid[64];
    int started = 0;
    for (int t = 0; t < nt; t++) {
        if (pthread_create(&tid[t], NULL, worker, &sh) != 0)
            break;
        started++;
    }
    if (started == 0 && n_search > 0)
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
