/* test_dist.c — the distribution interface (dist.h) and coverage's
 * exchanges between ranks (coverage_private.h), without MPI: "ranks" here
 * are threads of one process with a dist whose collectives meet at a
 * barrier.
 *
 *  - site blocks: contiguous, in rank order, covering the range, sizes
 *    differing by at most one; the single-process dist is an identity;
 *  - byte buffers and cursors: round trip, reading past the end is caught;
 *  - responsibility grids serialised and merged (responsibility.h): a grid
 *    of some sites merged with the bytes of a grid of the others labels
 *    every cell as one grid of all the adds, and polygonises to the same
 *    WKB; bytes of another cell size or cut short are refused;
 *  - sp_coverage_compute with 1, 2, 3 and 5 ranks (more ranks than some
 *    blocks have sites) on a street grid, with catchments, the coverage
 *    area and responsibility areas, then with reused rows: every rank gets
 *    the single-process matrix (rows byte for byte), nearest sites and point
 *    times; rank 0 the catchments, area and responsibility areas (WKB byte
 *    for byte), the other ranks none;
 *  - a failure on one rank (a bad threshold given to rank 1 only) is every
 *    rank's failure, with rank 1's message; ranks given other sites than
 *    the rest fail instead of mixing rows.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <geos_c.h>

#include "catchment_fixture.h"
#include "costmatrix.h"
#include "coverage.h"
#include "demand.h"
#include "dist.h"
#include "responsibility.h"
#include "test.h"

/* ------------------------------------------------------------------------ */
/* Ranks as threads                                                         */

#define MAX_RANKS 8

typedef struct {
    pthread_barrier_t bar;
    int size;
    int st[MAX_RANKS];
    char msg[MAX_RANKS][256];
    const void *buf[MAX_RANKS];
    size_t len[MAX_RANKS];
} meeting;

typedef struct {
    meeting *m;
    int failed;
    sp_status failed_st;
    char failed_msg[300];
} rank_state;

static sp_status thr_failure(rank_state *rs)
{
    sp_error_clear();
    return sp_error(rs->failed_st, "%s", rs->failed_msg);
}

static sp_status thr_agree(const sp_dist *d, sp_status st)
{
    rank_state *rs = d->impl;
    meeting *m = rs->m;
    if (rs->failed)
        return thr_failure(rs);
    m->st[d->rank] = st;
    snprintf(m->msg[d->rank], sizeof m->msg[d->rank], "%s", st ? sp_error_message() : "");
    pthread_barrier_wait(&m->bar);
    int first = -1;
    for (int r = 0; r < m->size && first < 0; r++)
        if (m->st[r])
            first = r;
    if (first >= 0) {
        rs->failed = 1;
        rs->failed_st = (sp_status)m->st[first];
        snprintf(rs->failed_msg, sizeof rs->failed_msg, "rank %d: %s", first, m->msg[first]);
    }
    pthread_barrier_wait(&m->bar); /* nobody writes the slots before all have read */
    return first >= 0 ? thr_failure(rs) : SP_OK;
}

/* Agree, then post this rank's buffer and wait until every rank has. */
static sp_status thr_post(const sp_dist *d, const void *buf, size_t len)
{
    meeting *m = ((rank_state *)d->impl)->m;
    sp_status st = thr_agree(d, SP_OK);
    if (st)
        return st;
    m->buf[d->rank] = buf;
    m->len[d->rank] = len;
    pthread_barrier_wait(&m->bar);
    return SP_OK;
}

static sp_status thr_collect(const sp_dist *d, const void *buf, size_t len, void **out,
                             size_t *out_len, size_t **lens, int to_root)
{
    meeting *m = ((rank_state *)d->impl)->m;
    sp_status st = thr_post(d, buf, len);
    if (st)
        return st;
    size_t total = 0;
    for (int r = 0; r < m->size; r++)
        total += m->len[r];
    unsigned char *o = malloc(total + 1);
    size_t *l = lens ? malloc(sizeof *l * (size_t)m->size) : NULL;
    size_t at = 0;
    for (int r = 0; r < m->size; r++) {
        if (m->len[r])
            memcpy(o + at, m->buf[r], m->len[r]);
        at += m->len[r];
        if (l)
            l[r] = m->len[r];
    }
    pthread_barrier_wait(&m->bar);
    if (to_root && d->rank > 0) {
        free(o);
        free(l);
        o = NULL;
        l = NULL;
        total = 0;
    }
    *out = o;
    *out_len = total;
    if (lens)
        *lens = l;
    return SP_OK;
}

static sp_status thr_allgather(const sp_dist *d, const void *buf, size_t len, void **out,
                               size_t *out_len, size_t **lens)
{
    return thr_collect(d, buf, len, out, out_len, lens, 0);
}

static sp_status thr_gather(const sp_dist *d, const void *buf, size_t len, void **out,
                            size_t *out_len, size_t **lens)
{
    return thr_collect(d, buf, len, out, out_len, lens, 1);
}

static sp_status thr_min_f32(const sp_dist *d, float *buf, size_t n)
{
    meeting *m = ((rank_state *)d->impl)->m;
    sp_status st = thr_post(d, buf, n);
    if (st)
        return st;
    for (int r = 1; d->rank == 0 && r < m->size; r++) {
        const float *o = m->buf[r];
        if (m->len[r] != n)
            abort(); /* MPI would fail: the test is wrong */
        for (size_t i = 0; i < n; i++)
            buf[i] = o[i] < buf[i] ? o[i] : buf[i];
    }
    pthread_barrier_wait(&m->bar); /* the others' buffers are read */
    return SP_OK;
}

/* ------------------------------------------------------------------------ */
/* Blocks, buffers                                                          */

TEST(blocks_cover_in_rank_order)
{
    for (int size = 1; size <= 6; size++)
        for (int64_t lo = 0; lo <= 3; lo++)
            for (int64_t hi = lo; hi <= lo + 20; hi++) {
                int64_t next = lo, least = INT64_MAX, most = 0;
                for (int r = 0; r < size; r++) {
                    int64_t b0, b1;
                    sp_dist_block(r, size, lo, hi, &b0, &b1);
                    ASSERT_EQ_INT(b0, next);
                    ASSERT(b1 >= b0);
                    least = b1 - b0 < least ? b1 - b0 : least;
                    most = b1 - b0 > most ? b1 - b0 : most;
                    next = b1;
                }
                ASSERT_EQ_INT(next, hi);
                ASSERT(most - least <= 1);
            }
    const sp_dist *d = sp_dist_or_single(NULL);
    ASSERT(d == sp_dist_single() && d->rank == 0 && d->size == 1);
    void *out;
    size_t n, *lens;
    ASSERT_EQ_INT(sp_dist_allgather(NULL, "abc", 3, &out, &n, &lens), SP_OK);
    ASSERT(n == 3 && lens[0] == 3 && !memcmp(out, "abc", 3));
    free(out);
    free(lens);
    ASSERT_EQ_INT(sp_dist_agree(NULL, SP_E_IO), SP_E_IO);
    ASSERT_EQ_INT(sp_dist_agree(NULL, SP_OK), SP_OK);
}

TEST(buffer_round_trip)
{
    sp_dist_buf b = {0};
    for (int64_t i = 0; i < 3000; i++)
        sp_dist_put_i64(&b, i * i - 7);
    sp_dist_put(&b, "xyz", 3);
    ASSERT(!b.oom && b.n == 3000 * 8 + 3);
    sp_dist_cur c = {b.p, b.n, 0, 0};
    for (int64_t i = 0; i < 3000; i++)
        ASSERT_EQ_INT(sp_dist_get_i64(&c), i * i - 7);
    char s[3];
    ASSERT(sp_dist_get(&c, s, 3) && !memcmp(s, "xyz", 3) && !c.bad && c.at == c.n);
    ASSERT(sp_dist_get_ptr(&c, 1) == NULL && c.bad);
    ASSERT_EQ_INT(sp_dist_get_i64(&c), 0);
    free(b.p);
}

/* ------------------------------------------------------------------------ */
/* Responsibility grids                                                     */

static uint32_t rng = 777;
static uint32_t next_rand(void)
{
    rng = rng * 1664525u + 1013904223u;
    return rng >> 8;
}

#define RS 5
#define RCELL 25.0

TEST(respgrid_merge_is_all_adds)
{
    float *t[RS];
    int64_t col0[RS] = {-90, -10, 40, -200, 70}, top[RS] = {40, 100, -30, 10, 200};
    int nx[RS] = {120, 70, 90, 150, 64}, ny[RS] = {60, 140, 80, 40, 64};
    for (int s = 0; s < RS; s++) {
        t[s] = malloc(sizeof *t[s] * (size_t)nx[s] * (size_t)ny[s]);
        for (int i = 0; i < nx[s] * ny[s]; i++) {
            uint32_t r = next_rand();
            t[s][i] = r % 4 == 0 ? INFINITY : (float)(r % 9);
        }
    }
    sp_respgrid *all = sp_respgrid_new(RCELL), *a = sp_respgrid_new(RCELL),
                *b = sp_respgrid_new(RCELL), *empty = sp_respgrid_new(RCELL);
    ASSERT(all && a && b && empty);
    for (int s = 0; s < RS; s++) {
        ASSERT_EQ_INT(sp_respgrid_add_cells(all, s, t[s], col0[s], top[s], nx[s], ny[s], 6),
                      SP_OK);
        ASSERT_EQ_INT(sp_respgrid_add_cells(s % 2 ? a : b, s, t[s], col0[s], top[s], nx[s],
                                            ny[s], 6),
                      SP_OK);
    }
    void *bytes, *eb;
    size_t n, en;
    ASSERT_EQ_INT(sp_respgrid_serialise(b, &bytes, &n), SP_OK);
    ASSERT_EQ_INT(sp_respgrid_serialise(empty, &eb, &en), SP_OK);
    ASSERT_EQ_INT(sp_respgrid_merge(a, bytes, n), SP_OK);
    ASSERT_EQ_INT(sp_respgrid_merge(a, eb, en), SP_OK); /* nothing */
    ASSERT_EQ_INT(sp_respgrid_merge(a, bytes, n), SP_OK); /* twice: the same */
    long diff = 0, labelled = 0;
    for (int64_t row = -130; row <= 210; row++)
        for (int64_t col = -210; col <= 140; col++) {
            double x = (col + 0.5) * RCELL, y = (row + 0.5) * RCELL;
            int32_t w = sp_respgrid_site_at(all, x, y);
            diff += w != sp_respgrid_site_at(a, x, y);
            labelled += w >= 0;
        }
    ASSERT_EQ_INT(diff, 0);
    ASSERT(labelled > 10000);
    GEOSGeometry *pa[RS], *pb[RS];
    ASSERT_EQ_INT(sp_respgrid_polygons(all, G, RS, pa), SP_OK);
    ASSERT_EQ_INT(sp_respgrid_polygons(a, G, RS, pb), SP_OK);
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(G);
    for (int s = 0; s < RS; s++) {
        size_t la, lb;
        unsigned char *wa = GEOSWKBWriter_write_r(G, w, pa[s], &la),
                      *wb = GEOSWKBWriter_write_r(G, w, pb[s], &lb);
        ASSERT(wa && wb && la == lb && !memcmp(wa, wb, la));
        GEOSFree_r(G, wa);
        GEOSFree_r(G, wb);
    }
    GEOSWKBWriter_destroy_r(G, w);
    destroy_all(pa, RS);
    destroy_all(pb, RS);
    /* refused: another cell size, cut short, a wrong tile count */
    sp_respgrid *other = sp_respgrid_new(RCELL * 2);
    ASSERT_EQ_INT(sp_respgrid_merge(other, bytes, n), SP_E_INTERNAL);
    ASSERT_EQ_INT(sp_respgrid_merge(a, bytes, n - 1), SP_E_INTERNAL);
    ASSERT_EQ_INT(sp_respgrid_merge(a, bytes, 10), SP_E_INTERNAL);
    sp_error_clear();
    free(bytes);
    free(eb);
    sp_respgrid_free(other);
    sp_respgrid_free(all);
    sp_respgrid_free(a);
    sp_respgrid_free(b);
    sp_respgrid_free(empty);
    for (int s = 0; s < RS; s++)
        free(t[s]);
}

/* ------------------------------------------------------------------------ */
/* Coverage over ranks                                                      */

typedef struct {
    sp_coverage_in in;
    sp_dist dist;
    rank_state rs;
    sp_coverage *cov;
    sp_status st;
    char msg[300];
} rank_job;

static void *rank_main(void *arg)
{
    rank_job *j = arg;
    GEOSContextHandle_t g = GEOS_init_r();
    j->in.dist = &j->dist;
    j->st = sp_coverage_compute(&j->in, g, &j->cov);
    snprintf(j->msg, sizeof j->msg, "%s", j->st ? sp_error_message() : "");
    /* as main does: a rank that failed outside an exchange tells the others */
    sp_dist_agree(&j->dist, j->st);
    /* the coverage is compared on the main thread, with G */
    GEOS_finish_r(g);
    return NULL;
}

/* Run in on `size` rank threads (per-rank inputs from ins when given).
 * jobs[size]. */
static void run_ranks(const sp_coverage_in *in, const sp_coverage_in *ins, int size,
                      rank_job *jobs)
{
    meeting m;
    memset(&m, 0, sizeof m);
    m.size = size;
    pthread_barrier_init(&m.bar, NULL, (unsigned)size);
    pthread_t tid[MAX_RANKS];
    for (int r = 0; r < size; r++) {
        memset(&jobs[r], 0, sizeof jobs[r]);
        jobs[r].in = ins ? ins[r] : *in;
        jobs[r].rs.m = &m;
        jobs[r].dist = (sp_dist){r,          size,        size,       thr_agree,
                                 thr_allgather, thr_gather, thr_min_f32, &jobs[r].rs};
        pthread_create(&tid[r], NULL, rank_main, &jobs[r]);
    }
    for (int r = 0; r < size; r++)
        pthread_join(tid[r], NULL);
    pthread_barrier_destroy(&m.bar);
}

/* The geometry's WKB equals want's (both may be NULL). */
static int same_geom(const GEOSGeometry *a, const GEOSGeometry *b)
{
    if (!a || !b)
        return a == b;
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(G);
    size_t la, lb;
    unsigned char *wa = GEOSWKBWriter_write_r(G, w, a, &la), *wb = GEOSWKBWriter_write_r(G, w, b, &lb);
    int ok = wa && wb && la == lb && !memcmp(wa, wb, la);
    GEOSFree_r(G, wa);
    GEOSFree_r(G, wb);
    GEOSWKBWriter_destroy_r(G, w);
    return ok;
}

/* Every part of c equals ref's (with_polygons 0: c has no polygon at all);
 * returns the number of differences. */
static int coverage_diffs(const sp_coverage *ref, const sp_coverage *c, int with_polygons)
{
    int d = 0;
    for (int32_t s = 0; s < ref->n_sites; s++) {
        const int32_t *pa, *pb;
        const float *ta, *tb;
        size_t na = sp_costmatrix_get_row(ref->matrix, s, &pa, &ta);
        size_t nb = sp_costmatrix_get_row(c->matrix, s, &pb, &tb);
        d += na != nb || (na && (memcmp(pa, pb, na * sizeof *pa) || memcmp(ta, tb, na * sizeof *ta)));
    }
    for (int32_t i = 0; i < ref->n_clusters; i++)
        d += ref->nearest[i] != c->nearest[i] || memcmp(&ref->time_s[i], &c->time_s[i], sizeof(double));
    for (int32_t p = 0; p < (int32_t)sp_costmatrix_n_demands(ref->matrix); p++)
        d += memcmp(&ref->point_time_s[p], &c->point_time_s[p], sizeof(double)) != 0;
    if (!with_polygons)
        return d + (c->catchment != NULL) + (c->area != NULL) + (c->responsibility != NULL);
    if (ref->catchment)
        for (int32_t i = 0; i < ref->n_sites * ref->n_limits; i++)
            d += !same_geom(ref->catchment[i], c->catchment[i]);
    if (ref->area)
        for (int i = 0; i < ref->n_limits; i++)
            d += !same_geom(ref->area[i], c->area[i]);
    if (ref->responsibility)
        for (int32_t s = 0; s < ref->n_sites; s++)
            d += !same_geom(ref->responsibility[s], c->responsibility[s]);
    return d;
}

/* Run in on `size` rank threads: how many ranks failed or got a coverage
 * other than ref's (rank 0 with the polygons, the others without them;
 * all: every rank compared as rank 0, for inputs without polygons). */
static int ranks_differ(const sp_coverage *ref, const sp_coverage_in *in, int size, int all)
{
    rank_job jobs[MAX_RANKS];
    run_ranks(in, NULL, size, jobs);
    int bad = 0;
    for (int r = 0; r < size; r++) {
        bad += jobs[r].st != SP_OK || !jobs[r].cov ||
               coverage_diffs(ref, jobs[r].cov, all || r == 0) != 0;
        sp_coverage_free(jobs[r].cov, G);
    }
    return bad;
}

#define NSITE 9

TEST(coverage_over_ranks_is_single_process)
{
    sp_graph *g = town();
    ASSERT(g);
    sp_access *a = make_access(g, SP_SNAP_EDGE);
    ASSERT(a);
    int32_t nc = g->n_nodes;
    sp_snap *snap = malloc(sizeof *snap * (size_t)nc);
    double *w = malloc(sizeof *w * (size_t)nc);
    for (int32_t v = 0; v < nc; v++) {
        snap[v] = snap_node(g, v);
        w[v] = 1 + v % 7;
    }
    sp_demand *dm = NULL;
    ASSERT_EQ_INT(sp_demand_new(g, nc, w, snap, &dm), SP_OK);
    sp_snap sites[NSITE];
    for (int s = 0; s < NSITE; s++)
        sites[s] = s == 4 ? (sp_snap){-1, -1, 0, 0, 0, 0, 0} /* unsnapped: reaches nobody */
                          : snap_link(g, (s * 7) % g->n_links, 30, 10);
    double limits[2] = {240, 420};
    sp_coverage_in in = {0};
    in.g = g;
    in.site_snap = sites;
    in.n_sites = NSITE;
    in.demand = dm;
    in.limits_s = limits;
    in.n_limits = 2;
    in.threads = 2;
    in.want_polygons = in.want_area = in.want_responsibility = 1;
    in.cat_opts = cat_opts(a);
    sp_coverage *ref = NULL;
    in.lanes = -1;
    ASSERT_EQ_INT(sp_coverage_compute(&in, G, &ref), SP_OK);
    ASSERT_EQ_INT(ref->used_lanes, 0);
    /* searched by lanes (msearch.h; 8 sites and 1, one unsnapped), on 1
     * and 2 threads and over 2 and 3 ranks: everything the same, polygons
     * to the byte */
    sp_coverage_in li = in;
    li.lanes = 1;
    for (int nt = 1; nt <= 2; nt++) {
        li.threads = nt;
        sp_coverage *lc = NULL;
        ASSERT_EQ_INT(sp_coverage_compute(&li, G, &lc), SP_OK);
        ASSERT_EQ_INT(lc->used_lanes, 1);
        ASSERT_EQ_INT(coverage_diffs(ref, lc, 1), 0);
        sp_coverage_free(lc, G);
    }
    for (int size = 2; size <= 3; size++)
        ASSERT_EQ_INT(ranks_differ(ref, &li, size, 0), 0);
    in.lanes = 0; /* the rule: not on a graph this small */
    sp_coverage *rule = NULL;
    ASSERT_EQ_INT(sp_coverage_compute(&in, G, &rule), SP_OK);
    ASSERT_EQ_INT(rule->used_lanes, 0);
    sp_coverage_free(rule, G);
    static const int sizes[] = {1, 2, 3, 5};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) /* rank 0 alone has the polygons */
        ASSERT_EQ_INT(ranks_differ(ref, &in, sizes[k], 0), 0);
    /* the coverage area alone (per_site = no) at 4 m cells: 384 m tiles, so
     * the ranks share out several tiles of the one burn */
    sp_coverage_in ai = in;
    ai.want_polygons = ai.want_responsibility = 0;
    ai.cat_opts.cell_m = 4;
    sp_coverage *aref = NULL;
    ASSERT_EQ_INT(sp_coverage_compute(&ai, G, &aref), SP_OK);
    ASSERT(aref->area && aref->area[1] && !GEOSisEmpty_r(G, aref->area[1]));
    for (int size = 2; size <= 3; size++)
        ASSERT_EQ_INT(ranks_differ(aref, &ai, size, 0), 0);
    sp_coverage_free(aref, G);
    /* reused rows (no polygons): the first 4 rows from ref's matrix */
    sp_coverage_in ri = in;
    ri.want_polygons = ri.want_area = ri.want_responsibility = 0;
    ri.n_limits = 1;
    ri.limits_s = &limits[1];
    ri.reuse = ref->matrix;
    ri.n_reuse = 4;
    sp_coverage *rref = NULL;
    ASSERT_EQ_INT(sp_coverage_compute(&ri, G, &rref), SP_OK);
    ri.lanes = 1; /* by lanes, the reused rows left out of the lanes */
    sp_coverage *rl = NULL;
    ASSERT_EQ_INT(sp_coverage_compute(&ri, G, &rl), SP_OK);
    ASSERT_EQ_INT(rl->used_lanes, 1);
    ASSERT_EQ_INT(coverage_diffs(rref, rl, 1), 0);
    sp_coverage_free(rl, G);
    ri.lanes = 0;
    ASSERT_EQ_INT(ranks_differ(rref, &ri, 3, 1), 0);
    rank_job jobs[MAX_RANKS];
    /* rank 1 alone fails (a bad threshold): every rank fails, with its message */
    sp_coverage_in ins[3] = {in, in, in};
    double bad = -1;
    ins[1].limits_s = &bad;
    ins[1].n_limits = 1;
    run_ranks(NULL, ins, 3, jobs);
    for (int r = 0; r < 3; r++) {
        ASSERT_EQ_INT(jobs[r].st, SP_E_INPUT);
        ASSERT_CONTAINS(jobs[r].msg, r == 1 ? "threshold must be" : "rank 1: travel threshold");
        ASSERT(jobs[r].cov == NULL);
    }
    /* rank 2 given other sites: refused, not mixed */
    sp_snap other[NSITE];
    memcpy(other, sites, sizeof other);
    other[0] = snap_link(g, 3, 50, 10);
    ins[1] = in;
    ins[2].site_snap = other;
    run_ranks(NULL, ins, 3, jobs);
    for (int r = 0; r < 3; r++) {
        ASSERT_EQ_INT(jobs[r].st, SP_E_INTERNAL);
        ASSERT_CONTAINS(jobs[r].msg, "searched other sites");
        sp_coverage_free(jobs[r].cov, G);
    }
    sp_coverage_free(rref, G);
    sp_coverage_free(ref, G);
    sp_demand_free(dm);
    free(snap);
    free(w);
    sp_access_free(a);
    sp_graph_free(g);
}

/* sp_isogrid_burn_sites over 3 ranks: each burns its share of the tiles
 * (disjoint, none empty), and rank 0's grid is then cell for cell the grid
 * of one process; a rank whose search reached another part of the network
 * (another grid) fails every rank. */
typedef struct {
    const sp_graph *g;
    sp_catchment_opts o;
    const sp_snap *sites;
    int n_sites;
    double lim;
    sp_isogrid *ig;     /* out: the rank's grid */
    sp_status st;       /* out: its status and message */
    char msg[300];
    sp_dist dist;
    rank_state rs;
} burn_job;

static void *burn_main(void *arg)
{
    burn_job *j = arg;
    j->ig = sp_isogrid_new(&j->o, NULL);
    sp_seed seeds[2 * NSITE];
    size_t ns = 0;
    for (int k = 0; k < j->n_sites; k++)
        if (sp_snap_ok(&j->sites[k]))
            ns += sp_reach_site_seeds(j->g, &j->sites[k], seeds + ns);
    sp_search *ws = sp_search_new(j->g);
    j->st = ws && j->ig ? sp_search_run(ws, j->g, SP_REVERSE, seeds, ns, j->lim) : SP_E_NOMEM;
    if (j->st == SP_OK)
        j->st = sp_isogrid_burn_sites(j->ig, j->g, ws, j->sites, j->n_sites, j->lim, 1,
                                      &j->dist);
    snprintf(j->msg, sizeof j->msg, "%s", j->st ? sp_error_message() : "");
    sp_dist_agree(&j->dist, j->st);
    sp_search_free(ws);
    return NULL;
}

#define BR 3 /* ranks */

/* jobs[0 .. BR) burn over BR rank threads, rank r from sites[r] (n_sites
 * each); jobs[BR] burns sites[0] in one process. */
static void burn_over_ranks(const sp_graph *g, const sp_access *a, const sp_snap *const *sites,
                            int n_sites, burn_job *jobs)
{
    meeting m;
    memset(&m, 0, sizeof m);
    m.size = BR;
    pthread_barrier_init(&m.bar, NULL, BR);
    pthread_t tid[BR];
    for (int r = 0; r <= BR; r++) {
        memset(&jobs[r], 0, sizeof jobs[r]);
        jobs[r].g = g;
        jobs[r].o = cat_opts(a);
        jobs[r].o.cell_m = 4;
        jobs[r].sites = sites[r < BR ? r : 0];
        jobs[r].n_sites = n_sites;
        jobs[r].lim = 420;
        jobs[r].rs.m = &m;
        jobs[r].dist = r < BR ? (sp_dist){r,          BR,         BR,          thr_agree,
                                          thr_allgather, thr_gather, thr_min_f32, &jobs[r].rs}
                              : *sp_dist_single();
        if (r < BR)
            pthread_create(&tid[r], NULL, burn_main, &jobs[r]);
    }
    for (int r = 0; r < BR; r++)
        pthread_join(tid[r], NULL);
    pthread_barrier_destroy(&m.bar);
    burn_main(&jobs[BR]);
}

TEST(burn_sites_shares_tiles)
{
    sp_graph *g = town();
    ASSERT(g);
    sp_access *a = make_access(g, SP_SNAP_EDGE);
    ASSERT(a);
    sp_snap sites[3] = {snap_link(g, 3, 30, 10), snap_link(g, 40, 50, 0), snap_node(g, 20)};
    enum { R = BR };
    burn_job jobs[R + 1]; /* jobs[R]: one process */
    const sp_snap *same[R] = {sites, sites, sites};
    burn_over_ranks(g, a, same, 3, jobs);
    const float *t[R + 1];
    int64_t c0[R + 1], top[R + 1];
    int nx[R + 1], ny[R + 1];
    for (int r = 0; r <= R; r++) {
        ASSERT_EQ_INT(jobs[r].st, SP_OK);
        t[r] = sp_isogrid_cells(jobs[r].ig, &c0[r], &top[r], &nx[r], &ny[r]);
    }
    for (int r = 0; r <= R; r++)
        ASSERT(t[r] && c0[r] == c0[R] && top[r] == top[R] && nx[r] == nx[R] && ny[r] == ny[R]);
    size_t n = (size_t)nx[R] * (size_t)ny[R];
    long fin[R + 1] = {0}, diff0 = 0, shared = 0, wrong = 0;
    for (size_t i = 0; i < n; i++) {
        diff0 += memcmp(&t[0][i], &t[R][i], sizeof(float)) != 0;
        int owners = 0;
        for (int r = 0; r <= R; r++)
            fin[r] += t[r][i] != INFINITY;
        for (int r = 1; r < R; r++)
            if (t[r][i] != INFINITY) {
                owners++;
                wrong += t[r][i] != t[R][i];
            }
        shared += owners > 1;
    }
    ASSERT_EQ_INT(diff0, 0);      /* rank 0: the grid of one process */
    ASSERT(fin[R] > 10000);       /* several tiles of cells */
    ASSERT_EQ_INT(shared, 0);     /* the ranks' shares are disjoint */
    ASSERT_EQ_INT(wrong, 0);      /* and each cell as in one process */
    for (int r = 1; r < R; r++)   /* every rank has a share, none has all */
        ASSERT(fin[r] > 0 && fin[r] < fin[R]);
    for (int r = 0; r <= R; r++)
        sp_isogrid_free(jobs[r].ig);
    /* rank 2 from one site only: its grid differs, every rank fails */
    const sp_snap *other[R] = {sites, sites, sites + 2};
    burn_over_ranks(g, a, other, 1, jobs);
    for (int r = 0; r < R; r++) {
        ASSERT_EQ_INT(jobs[r].st, SP_E_INTERNAL);
        ASSERT_CONTAINS(jobs[r].msg, "burnt another coverage area grid");
    }
    for (int r = 0; r <= R; r++)
        sp_isogrid_free(jobs[r].ig);
    sp_access_free(a);
    sp_graph_free(g);
}

int main(void)
{
    fixture_init();
    (void)check_cells; /* fixture helpers this file does not use */
    (void)covers_xy;
    (void)area_outside;
    (void)poly_area;
    (void)search_site;
    RUN(blocks_cover_in_rank_order);
    RUN(buffer_round_trip);
    RUN(respgrid_merge_is_all_adds);
    RUN(coverage_over_ranks_is_single_process);
    RUN(burn_sites_shares_tiles);
    fixture_finish();
    return test_summary("dist");
}
