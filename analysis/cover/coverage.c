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

#include "search.h"

int sp_coverage_threads(int requested)
{
    if (requested > 0)
        return requested;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)(n > 64 ? 64 : n) : 1;
}

typedef struct {
    int32_t *cl;
    float *secs;
    int32_t n;
} site_list;

typedef struct {
    const sp_coverage_in *in;
    site_list *lists;
    GEOSGeometry **catchment;
    atomic_int next;
    atomic_int done;
    atomic_int failed;
    pthread_mutex_t lock;        /* progress calls and the first error */
    sp_status status;
    char message[1024];
    double poly_s, search_s;     /* summed over threads, under lock */
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
    GEOSContextHandle_t gctx = GEOS_init_r();
    GEOSContext_setErrorHandler_r(gctx, geos_quiet);
    GEOSContext_setNoticeHandler_r(gctx, geos_quiet);
    sp_search *ws = sp_search_new(g);
    sp_isogrid *ig = in->want_polygons ? sp_isogrid_new(&in->cat_opts) : NULL;
    int32_t *tmp_cl = malloc(sizeof(int32_t) * (in->n_clusters ? in->n_clusters : 1));
    float *tmp_s = malloc(sizeof(float) * (in->n_clusters ? in->n_clusters : 1));
    double limit = in->limits_s[in->n_limits - 1];
    double poly_s = 0, search_s = 0;
    if (ig)
        sp_isogrid_set_levels(ig, in->limits_s, in->n_limits);
    if (!ws || !tmp_cl || !tmp_s || (in->want_polygons && !ig)) {
        sp_error(SP_E_NOMEM, "out of memory in a search thread");
        fail(sh, SP_E_NOMEM);
    }
    while (!atomic_load(&sh->failed)) {
        int s = atomic_fetch_add(&sh->next, 1);
        if (s >= in->n_sites)
            break;
        const sp_snap *site = &in->site_snap[s];
        site_list *L = &sh->lists[s];
        L->n = 0;
        if (!sp_snap_ok(site))
            goto progress; /* unreachable site: reaches nobody, no polygon */
        sp_seed seeds[2];
        size_t ns = sp_reach_site_seeds(g, site, seeds);
        double t0 = sp_now();
        sp_status st = sp_search_run(ws, g, SP_REVERSE, seeds, ns, limit);
        if (st) {
            fail(sh, st);
            break;
        }
        for (int32_t c = 0; c < in->n_clusters; c++) {
            double t = sp_reach_time(g, ws, site, &in->cl_snap[c]);
            if (t <= limit) {
                tmp_cl[L->n] = c;
                tmp_s[L->n] = (float)t;
                L->n++;
            }
        }
        L->cl = malloc(sizeof(int32_t) * (L->n ? L->n : 1));
        L->secs = malloc(sizeof(float) * (L->n ? L->n : 1));
        if (!L->cl || !L->secs) {
            sp_error(SP_E_NOMEM, "out of memory");
            fail(sh, SP_E_NOMEM);
            break;
        }
        memcpy(L->cl, tmp_cl, sizeof(int32_t) * L->n);
        memcpy(L->secs, tmp_s, sizeof(float) * L->n);
        double t1 = sp_now();
        search_s += t1 - t0;
        if (ig) {
            sp_isogrid_reset(ig);
            st = sp_isogrid_burn(ig, g, ws, site, limit);
            if (st == SP_OK)
                st = sp_isogrid_polygons(ig, gctx, in->limits_s, in->n_limits,
                                         &sh->catchment[(size_t)s * in->n_limits]);
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
            if (!in->progress(0.95 * d / (double)in->n_sites, NULL, in->progress_arg)) {
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
    pthread_mutex_unlock(&sh->lock);
    free(tmp_cl);
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
    free(c->catchment);
    free(c->area);
    free(c->off);
    free(c->cl);
    free(c->secs);
    free(c->nearest);
    free(c->time_s);
    free(c);
}

/* The union of the site polygons for each threshold. */
static sp_status union_areas(sp_coverage *c, GEOSContextHandle_t gctx)
{
    for (int r = 0; r < c->n_limits; r++) {
        GEOSGeometry **parts = malloc(sizeof *parts * (c->n_sites ? c->n_sites : 1));
        if (!parts)
            return sp_error(SP_E_NOMEM, "out of memory");
        unsigned n = 0;
        for (int32_t s = 0; s < c->n_sites; s++) {
            GEOSGeometry *p = c->catchment[(size_t)s * c->n_limits + r];
            if (p && !GEOSisEmpty_r(gctx, p))
                parts[n++] = GEOSGeom_clone_r(gctx, p);
        }
        GEOSGeometry *coll = GEOSGeom_createCollection_r(gctx, GEOS_GEOMETRYCOLLECTION, parts, n);
        free(parts);
        GEOSGeometry *u = coll ? GEOSUnaryUnion_r(gctx, coll) : NULL;
        if (coll)
            GEOSGeom_destroy_r(gctx, coll);
        if (!u)
            return sp_error(SP_E_INTERNAL, "GEOS could not union the catchments");
        c->area[r] = u;
    }
    return SP_OK;
}

sp_status sp_coverage_compute(const sp_coverage_in *in, GEOSContextHandle_t gctx,
                              sp_coverage **out)
{
    *out = NULL;
    if (in->n_limits < 1 || !(in->limits_s[0] > 0))
        return sp_error(SP_E_INPUT, "travel threshold must be greater than 0");
    sp_coverage *c = calloc(1, sizeof *c);
    shared_state sh;
    memset(&sh, 0, sizeof sh);
    sh.in = in;
    pthread_mutex_init(&sh.lock, NULL);
    if (!c)
        return sp_error(SP_E_NOMEM, "out of memory");
    c->n_sites = in->n_sites;
    c->n_clusters = in->n_clusters;
    c->n_limits = in->n_limits;
    c->off = sp_calloc_n((size_t)in->n_sites + 1, sizeof *c->off);
    c->nearest = sp_malloc_n((size_t)in->n_clusters, sizeof *c->nearest);
    c->time_s = sp_malloc_n((size_t)in->n_clusters, sizeof *c->time_s);
    sh.lists = sp_calloc_n((size_t)in->n_sites, sizeof *sh.lists);
    if (in->want_polygons) {
        c->catchment = sp_calloc_n((size_t)in->n_sites * in->n_limits, sizeof *c->catchment);
        c->area = sp_calloc_n((size_t)in->n_limits, sizeof *c->area);
        sh.catchment = c->catchment;
    }
    sp_status st = SP_OK;
    if (!c->off || !c->nearest || !c->time_s || !sh.lists ||
        (in->want_polygons && (!c->catchment || !c->area))) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto done;
    }
    int nt = sp_coverage_threads(in->threads);
    if (nt > in->n_sites)
        nt = in->n_sites > 0 ? in->n_sites : 1;
    pthread_t tid[64];
    int started = 0;
    for (int t = 0; t < nt; t++) {
        if (pthread_create(&tid[t], NULL, worker, &sh) != 0)
            break;
        started++;
    }
    if (started == 0 && in->n_sites > 0)
        worker(&sh); /* no threads available: run in this one */
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    if (sh.status != SP_OK) {
        sp_error_clear();
        st = sp_error(sh.status, "%s", sh.message);
        goto done;
    }
    c->search_seconds = sh.search_s;
    c->polygon_seconds = sh.poly_s;
    /* Merge the lists into CSR, in site order. */
    int64_t total = 0;
    for (int32_t s = 0; s < in->n_sites; s++) {
        c->off[s] = total;
        total += sh.lists[s].n;
    }
    c->off[in->n_sites] = total;
    c->cl = sp_malloc_n((size_t)total, sizeof *c->cl);
    c->secs = sp_malloc_n((size_t)total, sizeof *c->secs);
    if (!c->cl || !c->secs) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto done;
    }
    for (int32_t s = 0; s < in->n_sites; s++) {
        if (sh.lists[s].n) {
            memcpy(c->cl + c->off[s], sh.lists[s].cl, sizeof(int32_t) * sh.lists[s].n);
            memcpy(c->secs + c->off[s], sh.lists[s].secs, sizeof(float) * sh.lists[s].n);
        }
    }
    for (int32_t i = 0; i < in->n_clusters; i++) {
        c->nearest[i] = -1;
        c->time_s[i] = INFINITY;
    }
    for (int32_t s = 0; s < in->n_sites; s++)
        for (int64_t k = c->off[s]; k < c->off[s + 1]; k++) {
            int32_t cl = c->cl[k];
            if (c->secs[k] < c->time_s[cl]) { /* strict: ties keep the lower site */
                c->time_s[cl] = c->secs[k];
                c->nearest[cl] = s;
            }
        }
    if (in->want_polygons) {
        double t0 = sp_now();
        st = union_areas(c, gctx);
        c->polygon_seconds += sp_now() - t0;
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
    if (st != SP_OK) {
        sp_coverage_free(c, gctx);
        return st;
    }
    *out = c;
    return SP_OK;
}
