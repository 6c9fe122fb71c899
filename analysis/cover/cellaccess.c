/* cellaccess.c — lazily computed tiles of cell access entries; see
 * cellaccess.h. */
#include "cellaccess.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

struct sp_cellaccess {
    const sp_access *a;
    double cell_m, max_snap_m, walk_kmh;
    pthread_mutex_t lock; /* a pthread mutex, which ThreadSanitizer sees (GLib's
                           * GMutex is a bare futex on Linux) */
    GHashTable *tiles; /* "tx,ty" packed in a gint64 -> sp_celltile* */
    int64_t n_tiles;
    double *link_box;  /* sp_cellaccess_link_boxes(), under lock */
    double *node_box;  /* sp_cellaccess_node_boxes(), under lock */
};

static void tile_free(gpointer p)
{
    sp_celltile *t = p;
    if (t) {
        free(t->ent);
        free(t);
    }
}

sp_cellaccess *sp_cellaccess_new(const sp_access *a, double cell_m, double max_snap_m,
                                 double walk_kmh)
{
    if (!(cell_m > 0) || !isfinite(cell_m)) {
        sp_error(SP_E_INPUT, "catchment: cell_m (%g) must be > 0", cell_m);
        return NULL;
    }
    sp_cellaccess *ca = calloc(1, sizeof *ca);
    if (!ca) {
        sp_error(SP_E_NOMEM, "out of memory");
        return NULL;
    }
    ca->a = a;
    ca->cell_m = cell_m;
    ca->max_snap_m = max_snap_m;
    ca->walk_kmh = walk_kmh;
    pthread_mutex_init(&ca->lock, NULL);
    ca->tiles = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, tile_free);
    return ca;
}

void sp_cellaccess_free(sp_cellaccess *ca)
{
    if (!ca)
        return;
    g_hash_table_destroy(ca->tiles);
    free(ca->link_box);
    free(ca->node_box);
    pthread_mutex_destroy(&ca->lock);
    free(ca);
}

double sp_cellaccess_cell_m(const sp_cellaccess *ca) { return ca->cell_m; }
double sp_cellaccess_max_snap_m(const sp_cellaccess *ca) { return ca->max_snap_m; }
double sp_cellaccess_walk_kmh(const sp_cellaccess *ca) { return ca->walk_kmh; }
sp_snap_rule sp_cellaccess_rule(const sp_cellaccess *ca) { return sp_access_rule(ca->a); }

const double *sp_cellaccess_link_boxes(sp_cellaccess *ca, const sp_graph *g)
{
    pthread_mutex_lock(&ca->lock);
    if (!ca->link_box && g->n_links > 0) {
        double *b = sp_malloc_n(4 * (size_t)g->n_links, sizeof *b);
        for (int32_t l = 0; b && l < g->n_links; l++) {
            const sp_link *k = &g->links[l];
            const double *xy = g->geom_xy + 2 * (size_t)k->geom_off;
            double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
            for (uint32_t i = 0; i < k->geom_len; i++) {
                x0 = fmin(x0, xy[2 * i]);
                x1 = fmax(x1, xy[2 * i]);
                y0 = fmin(y0, xy[2 * i + 1]);
                y1 = fmax(y1, xy[2 * i + 1]);
            }
            b[4 * (size_t)l] = x0;
            b[4 * (size_t)l + 1] = y0;
            b[4 * (size_t)l + 2] = x1;
            b[4 * (size_t)l + 3] = y1;
        }
        if (!b)
            sp_error(SP_E_NOMEM, "catchment: out of memory for %d link boxes", (int)g->n_links);
        ca->link_box = b;
    }
    const double *r = ca->link_box;
    pthread_mutex_unlock(&ca->lock);
    return r;
}

static void box_add(double *b, const double *k)
{
    b[0] = k[0] < b[0] ? k[0] : b[0];
    b[1] = k[1] < b[1] ? k[1] : b[1];
    b[2] = k[2] > b[2] ? k[2] : b[2];
    b[3] = k[3] > b[3] ? k[3] : b[3];
}

const double *sp_cellaccess_node_boxes(sp_cellaccess *ca, const sp_graph *g)
{
    const double *lb = sp_cellaccess_link_boxes(ca, g);
    if (!lb)
        return NULL;
    pthread_mutex_lock(&ca->lock);
    if (!ca->node_box && g->n_nodes > 0) {
        double *b = sp_malloc_n(4 * (size_t)g->n_nodes, sizeof *b);
        for (int32_t v = 0; b && v < g->n_nodes; v++) {
            double *k = b + 4 * (size_t)v;
            k[0] = k[2] = g->node_xy[2 * (size_t)v];
            k[1] = k[3] = g->node_xy[2 * (size_t)v + 1];
            for (int32_t e = g->out_off[v]; e < g->out_off[v + 1]; e++)
                box_add(k, lb + 4 * (size_t)g->out_link[e]);
            for (int32_t e = g->in_off[v]; e < g->in_off[v + 1]; e++)
                box_add(k, lb + 4 * (size_t)g->in_link[e]);
        }
        if (!b)
            sp_error(SP_E_NOMEM, "catchment: out of memory for %d node boxes", (int)g->n_nodes);
        ca->node_box = b;
    }
    const double *r = ca->node_box;
    pthread_mutex_unlock(&ca->lock);
    return r;
}

int64_t sp_cellaccess_n_tiles(const sp_cellaccess *ca)
{
    return ca->n_tiles;
}

enum { TILE_CELLS = SP_CELLTILE * SP_CELLTILE };

struct sp_cellscratch {
    uint8_t count[TILE_CELLS];
    sp_access_entry ent[TILE_CELLS * SP_ACCESS_MAX];    /* SP_ACCESS_MAX a cell */
    sp_celltile tile;                                    /* a tile not kept */
    sp_access_entry packed[TILE_CELLS * SP_ACCESS_MAX]; /* its entries */
};

sp_cellscratch *sp_cellscratch_new(void)
{
    sp_cellscratch *s = malloc(sizeof *s);
    if (!s)
        sp_error(SP_E_NOMEM, "catchment: out of memory for a tile of cell access entries");
    return s;
}

void sp_cellscratch_free(sp_cellscratch *s)
{
    free(s);
}

/* The entries of tile (tx, ty) into s: s->count and s->ent by cell, and
 * s->tile's origin and offsets (packed order). */
static void tile_block(const sp_cellaccess *ca, int64_t tx, int64_t ty, sp_cellscratch *s)
{
    sp_celltile *t = &s->tile;
    t->col0 = tx * SP_CELLTILE;
    t->row0 = ty * SP_CELLTILE;
    sp_access_block(ca->a, ca->cell_m, t->col0, t->row0, SP_CELLTILE, SP_CELLTILE,
                    ca->max_snap_m, ca->walk_kmh, s->count, s->ent);
    size_t n = 0;
    for (int k = 0; k < TILE_CELLS; k++) {
        t->off[k] = (uint16_t)n;
        n += s->count[k];
    }
    t->off[TILE_CELLS] = (uint16_t)n;
}

/* Pack s's entries into ent (t->off[TILE_CELLS] of them). */
static void tile_pack(const sp_cellscratch *s, sp_access_entry *ent)
{
    for (int k = 0; k < TILE_CELLS; k++)
        memcpy(ent + s->tile.off[k], s->ent + (size_t)k * SP_ACCESS_MAX,
               s->count[k] * sizeof *ent);
}

/* Compute a tile to keep: its own copy of the offsets and packed entries. */
static sp_celltile *tile_compute(const sp_cellaccess *ca, int64_t tx, int64_t ty,
                                 sp_cellscratch *s)
{
    tile_block(ca, tx, ty, s);
    sp_celltile *t = malloc(sizeof *t);
    if (t) {
        *t = s->tile;
        t->ent = sp_malloc_n((size_t)t->off[TILE_CELLS] + 1, sizeof *t->ent);
    }
    if (!t || !t->ent) {
        free(t);
        sp_error(SP_E_NOMEM, "catchment: out of memory for a tile of cell access entries");
        return NULL;
    }
    tile_pack(s, t->ent);
    return t;
}

static gint64 tile_key(int64_t tx, int64_t ty)
{
    return (gint64)(((uint64_t)tx << 32) ^ ((uint64_t)ty & 0xffffffffu));
}

static sp_celltile *tile_lookup(sp_cellaccess *ca, gint64 key)
{
    pthread_mutex_lock(&ca->lock);
    sp_celltile *t = g_hash_table_lookup(ca->tiles, &key);
    pthread_mutex_unlock(&ca->lock);
    return t;
}

const sp_celltile *sp_cellaccess_tile_kept(sp_cellaccess *ca, int64_t tx, int64_t ty)
{
    return tile_lookup(ca, tile_key(tx, ty));
}

const sp_celltile *sp_cellaccess_tile_once(const sp_cellaccess *ca, sp_cellscratch *s,
                                           int64_t tx, int64_t ty)
{
    tile_block(ca, tx, ty, s);
    tile_pack(s, s->packed);
    s->tile.ent = s->packed;
    return &s->tile;
}

const sp_celltile *sp_cellaccess_tile(sp_cellaccess *ca, sp_cellscratch *s, int64_t tx,
                                      int64_t ty)
{
    gint64 key = tile_key(tx, ty);
    sp_celltile *t = tile_lookup(ca, key);
    if (t)
        return t;
    sp_celltile *nt = tile_compute(ca, tx, ty, s);
    if (!nt)
        return NULL;
    pthread_mutex_lock(&ca->lock);
    t = g_hash_table_lookup(ca->tiles, &key);
    if (!t) {
        gint64 *k = g_new(gint64, 1);
        *k = key;
        g_hash_table_insert(ca->tiles, k, nt);
        ca->n_tiles++;
        t = nt;
        nt = NULL;
    }
    pthread_mutex_unlock(&ca->lock);
    tile_free(nt); /* another thread published it first: the same entries */
    return t;
}
