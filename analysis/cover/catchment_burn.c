/* catchment_burn.c — stage 1 of catchment.c: the cell times of the network
 * a search reached (sp_isogrid_burn).  See catchment.h for the method and
 * catchment.c for the overview of the two stages.
 */
#include "catchment_private.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Whether link l is new in this burn; marks it. */
static int link_first(sp_isogrid *ig, int32_t l)
{
    if (ig->link_stamp[l] == ig->stamp)
        return 0;
    ig->link_stamp[l] = ig->stamp;
    return 1;
}

typedef struct {
    double x0, y0, x1, y1;
} box;

/* Add box k (x0, y0, x1, y1; no NaN) to b. */
static void box_add(box *b, const double *k)
{
    b->x0 = k[0] < b->x0 ? k[0] : b->x0;
    b->y0 = k[1] < b->y0 ? k[1] : b->y0;
    b->x1 = k[2] > b->x1 ? k[2] : b->x1;
    b->y1 = k[3] > b->y1 ? k[3] : b->y1;
}

/* Mark link l and add its polyline's box (lb: the links' boxes) to b. */
static void take_link(sp_isogrid *ig, const double *lb, int32_t l, box *b)
{
    if (link_first(ig, l))
        box_add(b, lb + 4 * (size_t)l);
}

/* Grow the grid to hold lattice columns c0..c1 and rows r0..r1 (row r0 at
 * the bottom); new cells are INFINITY. */
static sp_status grid_cover(sp_isogrid *ig, int64_t c0, int64_t c1, int64_t r0, int64_t r1)
{
    int64_t oc0 = ig->grid_col0, otop = ig->grid_row_top;
    int onx = ig->grid_nx, ony = ig->grid_ny;
    if (onx > 0) {
        if (c0 >= oc0 && c1 < oc0 + onx && r1 <= otop && r0 > otop - ony)
            return SP_OK;
        c0 = c0 < oc0 ? c0 : oc0;
        c1 = c1 > oc0 + onx - 1 ? c1 : oc0 + onx - 1;
        r1 = r1 > otop ? r1 : otop;
        r0 = r0 < otop - ony + 1 ? r0 : otop - ony + 1;
    }
    double nx = (double)(c1 - c0 + 1), ny = (double)(r1 - r0 + 1);
    if (nx > INT_MAX || ny > INT_MAX || nx * ny > (double)SP_ISOGRID_MAX_CELLS)
        return sp_error(SP_E_INPUT,
                        "catchment: a grid of %.0f x %.0f cells of %g m is too "
                        "large; raise [catchment] cell_m",
                        nx, ny, ig->o.cell_m);
    size_t cells = (size_t)nx * (size_t)ny;
    float *grid = sp_malloc_n(cells, sizeof *grid);
    if (!grid)
        return sp_error(SP_E_NOMEM, "catchment: out of memory for %zu cells", cells);
    for (size_t i = 0; i < cells; i++)
        grid[i] = INFINITY;
    for (int r = 0; r < ony; r++) /* old row r is lattice row otop - r */
        memcpy(grid + (size_t)(r1 - (otop - r)) * (size_t)nx + (size_t)(oc0 - c0),
               ig->grid + (size_t)r * (size_t)onx, (size_t)onx * sizeof *grid);
    free(ig->grid);
    ig->grid = grid;
    ig->cap_grid = cells;
    ig->grid_col0 = c0;
    ig->grid_row_top = r1;
    ig->grid_nx = (int)nx;
    ig->grid_ny = (int)ny;
    return SP_OK;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* The sites a burn takes its times from: one site (its own search), or
 * several whose seeds were all in one search (sp_isogrid_burn_sites).  With
 * several, head[l] is the first of the sites snapped to link l (-1: none)
 * and next[k] the next one after site k. */
typedef struct {
    const sp_snap *sites;
    int32_t n;
    const int32_t *head, *next;
    int threads;               /* > 1: the tiles are shared out among threads */
    int once;                  /* the cell access table's last pass (the area): tiles
                                * not kept, reached links marked in link_stamp */
    const sp_dist *dist;       /* once: the ranks sharing the near tiles (share_tiles) */
} burn_sites;

/* The least time from access point sn to the burn's sites: through the
 * end nodes of sn's link (the search's times, already the least over the
 * sites), or straight along the link to a site snapped to it (reach.h). */
static double entry_time(const burn_sites *bs, const sp_graph *g, const sp_search *ws,
                         const sp_snap *sn)
{
    if (bs->n == 1)
        return sp_reach_time(g, ws, bs->sites, sn);
    static const sp_snap nosite = {.link = -1, .node = -1};
    int32_t k = sn->link >= 0 ? bs->head[sn->link] : -1;
    if (k < 0)
        return sp_reach_time(g, ws, &nosite, sn);
    double best = INFINITY;
    for (; k >= 0; k = bs->next[k]) {
        double t = sp_reach_time(g, ws, &bs->sites[k], sn);
        if (t < best)
            best = t;
    }
    return best;
}

/* Whether a site of the burn is snapped to link l. */
static int site_on_link(const burn_sites *bs, int32_t l)
{
    return bs->n == 1 ? bs->sites[0].link == l : bs->head[l] >= 0;
}

/* How many access entries ahead burn_tile() asks for its links' ends. */
#define PF_AHEAD 8

/* The cells of one tile within columns c0..c1 and rows r0..r1. */
static void burn_tile(sp_isogrid *ig, const sp_graph *g, const sp_search *ws,
                      const burn_sites *bs, double max_s, const sp_celltile *t, int64_t c0,
                      int64_t c1, int64_t r0, int64_t r1)
{
    int edge = sp_cellaccess_rule(ig->cells) == SP_SNAP_EDGE;
    const double *dist = sp_search_dists(ws);
    const int n_ent = t->off[SP_CELLTILE * SP_CELLTILE];
    int64_t a0 = c0 > t->col0 ? c0 : t->col0, a1 = c1 < t->col0 + 63 ? c1 : t->col0 + 63;
    int64_t b0 = r0 > t->row0 ? r0 : t->row0, b1 = r1 < t->row0 + 63 ? r1 : t->row0 + 63;
    sp_snap sn = {.link = -1, .node = -1};
    for (int64_t row = b0; row <= b1; row++) {
        float *grow = ig->grid + (size_t)(ig->grid_row_top - row) * (size_t)ig->grid_nx;
        const uint16_t *off = t->off + (size_t)(row - t->row0) * SP_CELLTILE;
        for (int64_t col = a0; col <= a1; col++) {
            int k = (int)(col - t->col0);
            double best = INFINITY;
            for (int e = off[k]; e < off[k + 1]; e++) {
                const sp_access_entry *en = &t->ent[e];
                if (edge) {
                    if (e + 2 * PF_AHEAD < n_ent) {
                        /* entries further on: their link now, its ends'
                         * times (the link asked for earlier) a little later */
                        __builtin_prefetch(&g->links[t->ent[e + 2 * PF_AHEAD].id]);
                        const sp_link *lq = &g->links[t->ent[e + PF_AHEAD].id];
                        __builtin_prefetch(dist + lq->from);
                        __builtin_prefetch(dist + lq->to);
                    }
                    if (bs->once && ig->link_stamp[en->id] != ig->stamp)
                        continue; /* not reached: no finite time */
                    /* Off the site's own link, the time leaves through an
                     * end node: never less than the off-road leg plus the
                     * nearer end's time (sums of non-negative doubles only
                     * grow), so an entry that cannot beat best, or max_s
                     * (an unreached link: both ends INFINITY or beyond),
                     * is skipped. */
                    if (!site_on_link(bs, en->id)) {
                        const sp_link *lk = &g->links[en->id];
                        double lo = dist[lk->from] < dist[lk->to] ? dist[lk->from]
                                                                   : dist[lk->to];
                        lo += en->offroad_s;
                        if (lo >= best || lo > max_s)
                            continue;
                    }
                    sn.link = en->id;
                    sn.s = en->s;
                    sn.offroad_s = en->offroad_s;
                } else {
                    sn.node = en->id;
                    sn.offroad_s = 0;
                }
                double tt = entry_time(bs, g, ws, &sn);
                if (tt < best)
                    best = tt;
            }
            if (!(best <= max_s))
                continue;
            /* Stored rounded down: a cell never looks slower than its time. */
            float ft = (float)best;
            if ((double)ft > best)
                ft = nextafterf(ft, -INFINITY);
            float *cell = grow + (size_t)(col - ig->grid_col0);
            if (ft < *cell)
                *cell = ft;
        }
    }
}

/* The tiles of one burn, shared out among threads: each tile's cells are
 * its own (no two tiles write one cell), the marks and the search are only
 * read, and the cell access table is shared by design (cellaccess.h). */
typedef struct {
    sp_isogrid *ig;
    const sp_graph *g;
    const sp_search *ws;
    const burn_sites *bs;
    double max_s;
    int64_t c0, c1, r0, r1;
    int64_t tx0, ntx, ty0, n_tiles;
    const uint8_t *near; /* per tile: 1 when a reached link lies near it */
    atomic_llong next;
    atomic_int failed;
} tile_job;

static void *tile_worker(void *arg)
{
    tile_job *j = arg;
    sp_cellscratch *s = NULL;
    for (;;) {
        long long k = atomic_fetch_add(&j->next, 1);
        if (k >= j->n_tiles || atomic_load(&j->failed))
            break;
        if (j->near && !j->near[k])
            continue; /* no cell of it can be reached: its access is not needed */
        int64_t tx = j->tx0 + k % j->ntx, ty = j->ty0 + k / j->ntx;
        const sp_celltile *t = sp_cellaccess_tile_kept(j->ig->cells, tx, ty);
        if (!t) { /* computed here: in this worker's scratch */
            if (!s && !(s = sp_cellscratch_new())) {
                atomic_store(&j->failed, 1);
                break;
            }
            t = j->bs->once ? sp_cellaccess_tile_once(j->ig->cells, s, tx, ty)
                            : sp_cellaccess_tile(j->ig->cells, s, tx, ty);
        }
        if (!t) {
            atomic_store(&j->failed, 1);
            break;
        }
        burn_tile(j->ig, j->g, j->ws, j->bs, j->max_s, t, j->c0, j->c1, j->r0, j->r1);
    }
    sp_cellscratch_free(s);
    return NULL;
}

/* Mark the tiles of job j that hold a cell within r of link l's box. */
static void near_link(uint8_t *near, const tile_job *j, const double *lb, int32_t l, double r,
                      double cell)
{
    const double *k = lb + 4 * (size_t)l;
    int64_t a0 = (int64_t)floor((k[0] - r) / cell), a1 = (int64_t)floor((k[2] + r) / cell);
    int64_t b0 = (int64_t)floor((k[1] - r) / cell), b1 = (int64_t)floor((k[3] + r) / cell);
    a0 = a0 > j->c0 ? a0 : j->c0;
    a1 = a1 < j->c1 ? a1 : j->c1;
    b0 = b0 > j->r0 ? b0 : j->r0;
    b1 = b1 < j->r1 ? b1 : j->r1;
    for (int64_t ty = floor_div(b0, SP_CELLTILE); ty <= floor_div(b1, SP_CELLTILE); ty++)
        for (int64_t tx = floor_div(a0, SP_CELLTILE); tx <= floor_div(a1, SP_CELLTILE); tx++)
            near[(ty - j->ty0) * j->ntx + (tx - j->tx0)] = 1;
}

/* Which tiles of job j may hold a cell with a time <= max_s: those within
 * r of a reached link's box (r: the reach of the cells' access, grown by a
 * cell for the rounding of the stored off-road seconds).  A cell of any
 * other tile has only unreached access links or ones too far to walk from
 * in max_s, so its access entries need not be computed.  The links are
 * those burn() marked (of the settled nodes within max_s, and the sites'
 * own), each taken once.  NULL on out of memory. */
static uint8_t *near_tiles(const sp_isogrid *ig, const sp_graph *g, const double *lb, double r,
                           const tile_job *j)
{
    uint8_t *near = sp_calloc_n((size_t)j->n_tiles, 1);
    if (!near)
        return NULL;
    double cell = ig->o.cell_m;
    for (int32_t l = 0; l < g->n_links; l++)
        if (ig->link_stamp[l] == ig->stamp)
            near_link(near, j, lb, l, r, cell);
    return near;
}

/* A collective over ranks: every rank's grid frame followed by its n bytes
 * of data, to every rank (*all, free(); rank r's data at r (32 + n)), after
 * checking that all frames and lengths are this rank's.  st: this rank's
 * status so far, agreed on with the others first (any failure: nothing is
 * exchanged). */
static sp_status gather_frames(const sp_isogrid *ig, const sp_dist *d, sp_status st,
                               const void *data, size_t n, void **all)
{
    int64_t frame[4] = {ig->grid_col0, ig->grid_row_top, ig->grid_nx, ig->grid_ny};
    sp_dist_buf b = {0};
    if (st == SP_OK) {
        sp_dist_put(&b, frame, sizeof frame);
        sp_dist_put(&b, data, n);
        if (b.oom)
            st = sp_error(SP_E_NOMEM, "out of memory");
    }
    size_t got = 0, *lens = NULL;
    if ((st = sp_dist_agree(d, st)) == SP_OK)
        st = sp_dist_allgather(d, b.p, b.n, all, &got, &lens);
    free(b.p);
    for (int r = 0; st == SP_OK && r < d->size; r++)
        if (lens[r] != sizeof frame + n ||
            memcmp((unsigned char *)*all + (size_t)r * (sizeof frame + n), frame, sizeof frame))
            st = sp_error(SP_E_INTERNAL, "catchment: rank %d burnt another coverage area grid "
                          "than rank %d (the ranks' runs differ)", r, d->rank);
    free(lens);
    return sp_dist_agree(d, st);
}

/* Over ranks (d->size > 1), a collective: keep in near only this rank's
 * share of the near tiles.  The ranks exchange which near tiles each holds
 * in its cell access table (kept by its own sites' catchments: burnt there
 * without computing their access), then every rank makes the same shares:
 * in tile order, a tile goes to the least loaded of the ranks that hold it,
 * else of all ranks (ties to the lower rank), a held tile counting 1 and
 * another KEPT_COST_OTHER (it needs its access computed).  Any share gives
 * the same cells (no two ranks time one cell); this one saves work. */
#define KEPT_COST_OTHER 4
static sp_status share_tiles(sp_isogrid *ig, const tile_job *j, uint8_t *near, const sp_dist *d)
{
    int size = d->size;
    size_t nt = (size_t)j->n_tiles;
    uint8_t *held = sp_calloc_n(nt + 1, 1);
    int64_t *load = sp_calloc_n((size_t)size, sizeof *load);
    sp_status st = held && load ? SP_OK : sp_error(SP_E_NOMEM, "catchment: out of memory for "
                                                              "%zu tiles", nt);
    for (size_t k = 0; k < nt && st == SP_OK; k++)
        held[k] = near[k] && sp_cellaccess_tile_kept(ig->cells, j->tx0 + (int64_t)k % j->ntx,
                                                     j->ty0 + (int64_t)k / j->ntx);
    void *all = NULL;
    st = gather_frames(ig, d, st, held, nt, &all);
    const size_t stride = 4 * sizeof(int64_t) + nt; /* a rank's frame and tiles */
    for (size_t k = 0; k < nt && st == SP_OK; k++) {
        if (!near[k])
            continue;
        const uint8_t *h = (const uint8_t *)all + 4 * sizeof(int64_t) + k;
        int any = 0, best = -1;
        for (int r = 0; r < size; r++)
            any |= h[(size_t)r * stride];
        for (int r = 0; r < size; r++)
            if ((!any || h[(size_t)r * stride]) && (best < 0 || load[r] < load[best]))
                best = r;
        load[best] += any ? 1 : KEPT_COST_OTHER;
        near[k] = best == d->rank;
    }
    free(all);
    free(held);
    free(load);
    return st; /* agreed in gather_frames; nothing after it fails */
}

static sp_status burn(sp_isogrid *ig, const sp_graph *g, const sp_search *ws,
                      const burn_sites *bs, double max_s)
{
    if (isnan(max_s))
        return sp_error(SP_E_INTERNAL, "catchment: max_s is NaN");
    for (int32_t k = 0; k < bs->n; k++)
        if (bs->sites[k].link >= g->n_links)
            return sp_error(SP_E_INTERNAL, "catchment: site link %d outside 0..%d",
                            (int)bs->sites[k].link, (int)g->n_links - 1);
    if (g->n_links <= 0 || !(max_s >= 0))
        return SP_OK;

    /* The per-link stamps (the area's pass only): grown with the graph,
     * cleared only on wrap-around. */
    if (bs->once && ig->n_link_stamp < (size_t)g->n_links) {
        uint32_t *p = sp_realloc_n(ig->link_stamp, (size_t)g->n_links, sizeof *p);
        if (!p)
            return sp_error(SP_E_NOMEM, "catchment: out of memory for %d links",
                            (int)g->n_links);
        memset(p + ig->n_link_stamp, 0,
               ((size_t)g->n_links - ig->n_link_stamp) * sizeof *p);
        ig->link_stamp = p;
        ig->n_link_stamp = (size_t)g->n_links;
    }
    if (bs->once && ++ig->stamp == 0) {
        memset(ig->link_stamp, 0, ig->n_link_stamp * sizeof *ig->link_stamp);
        ig->stamp = 1;
    }

    /* A point of a link is reached within max_s only through one of its end
     * nodes reached within max_s, or straight from the site on its own link
     * (a node snap's time is its node's).  The grid spans those links'
     * boxes.  The area's pass marks the links (its near tiles are found
     * from them); a site's burn takes its nodes' boxes (each the union of
     * its links' boxes, the same union without a visit per link) and lets
     * sp_reach_time() give unreached links no time within max_s. */
    const double *lb = sp_cellaccess_link_boxes(ig->cells, g);
    const double *nb = bs->once ? NULL : sp_cellaccess_node_boxes(ig->cells, g);
    if (!lb || (!bs->once && !nb))
        return SP_E_NOMEM;
    box b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (int32_t k = 0; k < bs->n; k++)
        if (bs->sites[k].link >= 0) {
            if (bs->once)
                take_link(ig, lb, bs->sites[k].link, &b);
            else
                box_add(&b, lb + 4 * (size_t)bs->sites[k].link);
        }
    size_t n_settled;
    const int32_t *settled = sp_search_settled(ws, &n_settled);
    const double *dist = sp_search_dists(ws);
    for (size_t i = 0; i < n_settled; i++) {
        int32_t v = settled[i];
        if (!(dist[v] <= max_s))
            continue; /* (the list is not always in order of time: search.h) */
        if (!bs->once) {
            /* the boxes are read in the search's order, scattered: ask ahead */
            if (i + 16 < n_settled)
                __builtin_prefetch(nb + 4 * (size_t)settled[i + 16]);
            box_add(&b, nb + 4 * (size_t)v);
            continue;
        }
        for (int32_t e = g->out_off[v]; e < g->out_off[v + 1]; e++)
            take_link(ig, lb, g->out_link[e], &b);
        for (int32_t e = g->in_off[v]; e < g->in_off[v + 1]; e++)
            take_link(ig, lb, g->in_link[e], &b);
        const double *p = g->node_xy + 2 * (size_t)v;
        const double pt[4] = {p[0], p[1], p[0], p[1]};
        box_add(&b, pt);
    }
    if (!(b.x0 <= b.x1))
        return SP_OK; /* nothing reached */

    /* The cells a point of the reached network can give a time <= max_s:
     * within the access rule's reach, and (edge) within the walk max_s
     * allows. */
    double reach = ig->o.max_snap_m;
    if (sp_cellaccess_rule(ig->cells) == SP_SNAP_EDGE)
        reach = fmin(reach, max_s * ig->o.walk_kmh / 3.6);
    double cell = ig->o.cell_m;
    double fc0 = floor((b.x0 - reach) / cell), fc1 = floor((b.x1 + reach) / cell);
    double fr0 = floor((b.y0 - reach) / cell), fr1 = floor((b.y1 + reach) / cell);
    if (!(fabs(fc0) < 1e15 && fabs(fc1) < 1e15 && fabs(fr0) < 1e15 && fabs(fr1) < 1e15) ||
        (fc1 - fc0 + 1) * (fr1 - fr0 + 1) > (double)SP_ISOGRID_MAX_CELLS)
        return sp_error(SP_E_INPUT,
                        "catchment: a grid of %.0f x %.0f cells of %g m is too large; raise "
                        "[catchment] cell_m", fc1 - fc0 + 1, fr1 - fr0 + 1, cell);
    int64_t c0 = (int64_t)fc0, c1 = (int64_t)fc1, r0 = (int64_t)fr0, r1 = (int64_t)fr1;
    sp_status st = grid_cover(ig, c0, c1, r0, r1);
    if (st)
        return st;
    tile_job job = {ig, g, ws, bs, max_s, c0, c1, r0, r1, floor_div(c0, SP_CELLTILE),
                    floor_div(c1, SP_CELLTILE) - floor_div(c0, SP_CELLTILE) + 1,
                    floor_div(r0, SP_CELLTILE),
                    (floor_div(r1, SP_CELLTILE) - floor_div(r0, SP_CELLTILE) + 1) *
                        (floor_div(c1, SP_CELLTILE) - floor_div(c0, SP_CELLTILE) + 1),
                    NULL, 0, 0};
    /* the union's tiles only: a site's own catchment fills most of its box */
    uint8_t *near = NULL;
    if (bs->once && !(near = near_tiles(ig, g, lb, reach + cell, &job)))
        return sp_error(SP_E_NOMEM, "catchment: out of memory for %lld tiles",
                        (long long)job.n_tiles);
    if (near && sp_dist_or_single(bs->dist)->size > 1 &&
        (st = share_tiles(ig, &job, near, sp_dist_or_single(bs->dist)))) {
        free(near);
        return st;
    }
    job.near = near;
    int nt = bs->threads > 1 ? bs->threads : 1;
    if ((int64_t)nt > job.n_tiles)
        nt = (int)job.n_tiles;
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < nt && t < 64; t++)
        started += pthread_create(&tid[started], NULL, tile_worker, &job) == 0;
    tile_worker(&job); /* this thread too */
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    free(near);
    return atomic_load(&job.failed) ? sp_error(SP_E_NOMEM, "catchment: out of memory for the "
                                                           "cells' access entries")
                                    : SP_OK;
}

sp_status sp_isogrid_burn(sp_isogrid *ig, const sp_graph *g, const sp_search *ws,
                          const sp_snap *site, double max_s)
{
    burn_sites bs = {site, 1, NULL, NULL, 1, 0, NULL};
    return burn(ig, g, ws, &bs, max_s);
}

/* Over ranks (d->size > 1), a collective: rank 0's grid becomes the least
 * over the ranks' grids, which have the same frame (the same search on
 * every rank; checked first).  st: this rank's status so far. */
static sp_status min_over_ranks(sp_isogrid *ig, const sp_dist *d, sp_status st)
{
    void *all = NULL;
    st = gather_frames(ig, d, st, NULL, 0, &all);
    free(all);
    if (st)
        return st;
    return sp_dist_min_f32(d, ig->grid, (size_t)ig->grid_nx * (size_t)ig->grid_ny);
}

sp_status sp_isogrid_burn_sites(sp_isogrid *ig, const sp_graph *g, const sp_search *ws,
                                const sp_snap *sites, int32_t n_sites, double max_s,
                                int threads, const sp_dist *dist)
{
    if (n_sites <= 0 || g->n_links <= 0)
        return SP_OK; /* the same on every rank: nothing to exchange */
    int32_t *head = sp_malloc_n((size_t)g->n_links, sizeof *head);
    int32_t *next = sp_malloc_n((size_t)n_sites, sizeof *next);
    if (!head || !next) {
        free(head);
        free(next);
        return sp_error(SP_E_NOMEM, "catchment: out of memory for %d links", (int)g->n_links);
    }
    for (int32_t l = 0; l < g->n_links; l++)
        head[l] = -1;
    for (int32_t k = n_sites - 1; k >= 0; k--) { /* each link's sites in index order */
        next[k] = -1;
        int32_t l = sites[k].link;
        if (l >= 0 && l < g->n_links) {
            next[k] = head[l];
            head[l] = k;
        }
    }
    const sp_dist *d = sp_dist_or_single(dist);
    burn_sites bs = {sites, n_sites, head, next, threads, 1, dist};
    sp_status st = burn(ig, g, ws, &bs, max_s);
    free(head);
    free(next);
    if (d->size > 1)
        st = min_over_ranks(ig, dist, st);
    return st;
}
