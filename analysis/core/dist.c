/* dist.c — the single-process dist and the byte buffers; see dist.h. */
#include "dist.h"

#include <stdlib.h>
#include <string.h>

static sp_status single_agree(const sp_dist *d, sp_status st)
{
    (void)d;
    return st;
}

static sp_status single_allgather(const sp_dist *d, const void *buf, size_t len, void **out,
                                  size_t *out_len, size_t **lens)
{
    (void)d;
    *out = malloc(len ? len : 1);
    if (lens)
        *lens = malloc(sizeof **lens);
    if (!*out || (lens && !*lens)) {
        free(*out);
        *out = NULL;
        if (lens) {
            free(*lens);
            *lens = NULL;
        }
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    if (len)
        memcpy(*out, buf, len);
    *out_len = len;
    if (lens)
        (*lens)[0] = len;
    return SP_OK;
}

static sp_status single_min_f32(const sp_dist *d, float *buf, size_t n)
{
    (void)d;
    (void)buf;
    (void)n;
    return SP_OK;
}

static const sp_dist single = {0, 1, 1, single_agree, single_allgather, single_allgather,
                               single_min_f32, NULL};

const sp_dist *sp_dist_single(void)
{
    return &single;
}

const sp_dist *sp_dist_or_single(const sp_dist *d)
{
    return d ? d : &single;
}

void sp_dist_block(int rank, int size, int64_t lo, int64_t hi, int64_t *b0, int64_t *b1)
{
    int64_t n = hi > lo ? hi - lo : 0;
    *b0 = lo + n * rank / size;
    *b1 = lo + n * (rank + 1) / size;
}

sp_status sp_dist_agree(const sp_dist *d, sp_status st)
{
    d = sp_dist_or_single(d);
    return d->agree(d, st);
}

sp_status sp_dist_allgather(const sp_dist *d, const void *buf, size_t len, void **out,
                            size_t *out_len, size_t **lens)
{
    d = sp_dist_or_single(d);
    *out = NULL;
    *out_len = 0;
    if (lens)
        *lens = NULL;
    return d->allgather(d, buf, len, out, out_len, lens);
}

sp_status sp_dist_gather(const sp_dist *d, const void *buf, size_t len, void **out,
                         size_t *out_len, size_t **lens)
{
    d = sp_dist_or_single(d);
    *out = NULL;
    *out_len = 0;
    if (lens)
        *lens = NULL;
    return d->gather(d, buf, len, out, out_len, lens);
}

sp_status sp_dist_min_f32(const sp_dist *d, float *buf, size_t n)
{
    d = sp_dist_or_single(d);
    return d->min_f32(d, buf, n);
}

void sp_dist_put(sp_dist_buf *b, const void *data, size_t len)
{
    if (b->oom || !len)
        return;
    if (b->n + len > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + len)
            cap *= 2;
        unsigned char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, len);
    b->n += len;
}

void sp_dist_put_i64(sp_dist_buf *b, int64_t v)
{
    sp_dist_put(b, &v, sizeof v);
}

const void *sp_dist_get_ptr(sp_dist_cur *c, size_t len)
{
    if (c->bad || len > c->n - c->at) {
        c->bad = 1;
        return NULL;
    }
    const void *p = c->p + c->at;
    c->at += len;
    return p;
}

int sp_dist_get(sp_dist_cur *c, void *data, size_t len)
{
    const void *p = sp_dist_get_ptr(c, len);
    if (!p) {
        memset(data, 0, len);
        return 0;
    }
    memcpy(data, p, len);
    return 1;
}

int64_t sp_dist_get_i64(sp_dist_cur *c)
{
    int64_t v;
    sp_dist_get(c, &v, sizeof v);
    return v;
}
