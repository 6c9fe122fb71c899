/* dist.h — the few collective operations that spread one run's searches
 * over several processes (MPI ranks), behind a small interface so that the
 * analysis library links no MPI.
 *
 * A run is split by site blocks (sp_dist_block): each rank searches its
 * block, then the ranks exchange what they found (sp_dist_allgather) so that
 * every rank holds the same complete results and runs the rest of the
 * pipeline identically.  Rank 0 alone writes and prints.
 *
 * The single-process default (sp_dist_single(), also what a NULL sp_dist
 * means everywhere) has rank 0 and size 1, and its operations are
 * identities.  The MPI implementation (analysis/app/dist_mpi.c) is compiled
 * only into siteplan-mpi (make mpi).
 *
 * Errors: every exchange starts with sp_dist_agree(), so a failure on any
 * rank becomes the same failure on all of them: agree returns the status of
 * the lowest failing rank with its message (sp_error), on every rank.  Once
 * an agree has seen a failure the dist is failed: later agrees and
 * allgathers return that failure at once, without communicating (the ranks
 * may then be at different points of their runs, and nobody waits).  So a
 * rank that fails outside an exchange must still call sp_dist_agree() once
 * before it exits (main does), and the others learn of it at their next
 * exchange.
 *
 * Threads: the operations are collective over the ranks and must be called
 * from one thread per rank, in the same order on every rank.
 */
#ifndef SP_DIST_H
#define SP_DIST_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef struct sp_dist sp_dist;

struct sp_dist {
    int rank, size;
    int local_size;              /* ranks on this machine, sharing its cores (>= 1) */
    /* Collective: see sp_dist_agree. */
    sp_status (*agree)(const sp_dist *d, sp_status st);
    /* Collective: every rank's len bytes concatenated in rank order.  OUT:
     * *out (malloc'd, free()) and *out_len; lens (may be NULL) receives
     * size per-rank lengths (malloc'd).  Calls agree(SP_OK) first. */
    sp_status (*allgather)(const sp_dist *d, const void *buf, size_t len, void **out,
                           size_t *out_len, size_t **lens);
    /* Collective: as allgather, but only rank 0 receives (the others get
     * *out = NULL, *out_len = 0, *lens = NULL).  Calls agree(SP_OK) first. */
    sp_status (*gather)(const sp_dist *d, const void *buf, size_t len, void **out,
                        size_t *out_len, size_t **lens);
    /* Collective: rank 0's buf[0..n) becomes the elementwise least over
     * every rank's (IEEE min; no NaN given); the other ranks' buf is left as
     * it was.  Every rank gives the same n.  Calls agree(SP_OK) first. */
    sp_status (*min_f32)(const sp_dist *d, float *buf, size_t n);
    void *impl;
};

/* The single-process dist (static; never NULL). */
const sp_dist *sp_dist_single(void);

/* d, or the single-process dist when d is NULL. */
const sp_dist *sp_dist_or_single(const sp_dist *d);

/* Rank `rank`'s block of [lo, hi) among `size` ranks: [*b0, *b1),
 * contiguous, in rank order, sizes differing by at most one. */
void sp_dist_block(int rank, int size, int64_t lo, int64_t hi, int64_t *b0, int64_t *b1);

/* The collective operations, NULL d meaning single-process. */
sp_status sp_dist_agree(const sp_dist *d, sp_status st);
sp_status sp_dist_allgather(const sp_dist *d, const void *buf, size_t len, void **out,
                            size_t *out_len, size_t **lens);
sp_status sp_dist_gather(const sp_dist *d, const void *buf, size_t len, void **out,
                         size_t *out_len, size_t **lens);
sp_status sp_dist_min_f32(const sp_dist *d, float *buf, size_t n);

/* A growing byte buffer for serialising what a rank found. */
typedef struct {
    unsigned char *p;
    size_t n, cap;
    int oom;                     /* an append failed */
} sp_dist_buf;

void sp_dist_put(sp_dist_buf *b, const void *data, size_t len);
void sp_dist_put_i64(sp_dist_buf *b, int64_t v);

/* Reading back: a cursor over n bytes.  The getters return 0 past the end
 * (and set bad). */
typedef struct {
    const unsigned char *p;
    size_t n, at;
    int bad;
} sp_dist_cur;

int sp_dist_get(sp_dist_cur *c, void *data, size_t len);
int64_t sp_dist_get_i64(sp_dist_cur *c);
/* A pointer to the next len bytes (unaligned), or NULL past the end. */
const void *sp_dist_get_ptr(sp_dist_cur *c, size_t len);

#endif
