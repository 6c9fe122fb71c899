/* coverage_dist.c — coverage's searches spread over ranks; see
 * coverage_private.h. */
#include "coverage_private.h"

#include <stdlib.h>
#include <string.h>

static int single(const sp_coverage_in *in)
{
    return sp_dist_or_single(in->dist)->size == 1;
}

void sp_coverage_dist_block(const sp_coverage_in *in, int32_t *s0, int32_t *s1)
{
    const sp_dist *d = sp_dist_or_single(in->dist);
    int64_t b0, b1;
    sp_dist_block(d->rank, d->size, in->n_reuse, in->n_sites, &b0, &b1);
    *s0 = (int32_t)b0;
    *s1 = (int32_t)b1;
}

/* FNV-1a over what decides the searches' results. */
static void fnv(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        *h ^= b[i];
        *h *= 1099511628211ULL;
    }
}

static uint64_t fingerprint(const sp_coverage_in *in)
{
    uint64_t h = 14695981039346656037ULL;
    int64_t v[5] = {in->n_sites, in->n_reuse, in->n_limits, in->demand->n_points,
                    in->want_polygons + 2 * in->want_responsibility};
    fnv(&h, v, sizeof v);
    fnv(&h, in->limits_s, sizeof *in->limits_s * (size_t)in->n_limits);
    for (int32_t s = 0; s < in->n_sites; s++) {
        const sp_snap *p = &in->site_snap[s];
        fnv(&h, &p->link, sizeof p->link);
        fnv(&h, &p->node, sizeof p->node);
        fnv(&h, &p->s, sizeof p->s);
        fnv(&h, &p->offroad_s, sizeof p->offroad_s);
        fnv(&h, &p->x, sizeof p->x);
        fnv(&h, &p->y, sizeof p->y);
    }
    return h;
}

/* Every rank's bytes, on every rank or (to_root) on rank 0 only (the others
 * get *all = NULL); checks that each part starts with the same fingerprint.
 * OUT: *all (free), lens[size] (free). */
static sp_status gather(const sp_coverage_in *in, sp_dist_buf *b, int to_root, void **all,
                        size_t **lens)
{
    size_t n;
    sp_status st = sp_dist_agree(in->dist, b->oom ? sp_error(SP_E_NOMEM, "out of memory") : SP_OK);
    if (st == SP_OK)
        st = (to_root ? sp_dist_gather : sp_dist_allgather)(in->dist, b->p, b->n, all, &n, lens);
    free(b->p);
    memset(b, 0, sizeof *b);
    if (st || !*all)
        return sp_dist_agree(in->dist, st);
    const sp_dist *d = sp_dist_or_single(in->dist);
    const unsigned char *p = *all;
    uint64_t mine = fingerprint(in);
    for (int r = 0; r < d->size; r++) {
        uint64_t h;
        if ((*lens)[r] < sizeof h || (memcpy(&h, p, sizeof h), h != mine))
            st = sp_error(SP_E_INTERNAL, "coverage: rank %d searched other sites than rank %d "
                          "(the ranks' runs differ)", r, d->rank);
        p += (*lens)[r];
    }
    return sp_dist_agree(in->dist, st);
}

sp_status sp_coverage_dist_rows(const sp_coverage_in *in, sp_status st, sp_cov_row *rows)
{
    if (single(in))
        return st;
    if ((st = sp_dist_agree(in->dist, st)))
        return st;
    int32_t s0, s1;
    sp_coverage_dist_block(in, &s0, &s1);
    sp_dist_buf b = {0};
    uint64_t h = fingerprint(in);
    sp_dist_put(&b, &h, sizeof h);
    for (int32_t s = s0; s < s1; s++) {
        sp_dist_put_i64(&b, rows[s].n);
        sp_dist_put(&b, rows[s].cl, sizeof *rows[s].cl * (size_t)rows[s].n);
        sp_dist_put(&b, rows[s].secs, sizeof *rows[s].secs * (size_t)rows[s].n);
    }
    void *all = NULL;
    size_t *lens = NULL;
    if ((st = gather(in, &b, 0, &all, &lens)))
        goto done;
    const sp_dist *d = sp_dist_or_single(in->dist);
    const unsigned char *p = all;
    for (int r = 0; r < d->size && st == SP_OK; r++) {
        sp_dist_cur c = {p, lens[r], sizeof h, 0};
        p += lens[r];
        int64_t b0, b1;
        sp_dist_block(r, d->size, in->n_reuse, in->n_sites, &b0, &b1);
        for (int64_t s = b0; s < b1 && st == SP_OK; s++) {
            int64_t n = sp_dist_get_i64(&c);
            if (c.bad || n < 0 || n > in->demand->n_points) {
                st = sp_error(SP_E_INTERNAL, "coverage: rank %d sent a bad row", r);
                break;
            }
            const void *cl = sp_dist_get_ptr(&c, sizeof(int32_t) * (size_t)n);
            const void *secs = sp_dist_get_ptr(&c, sizeof(float) * (size_t)n);
            if (c.bad) {
                st = sp_error(SP_E_INTERNAL, "coverage: rank %d sent a short row", r);
                break;
            }
            if (r == d->rank)
                continue;
            sp_cov_row *L = &rows[s];
            L->n = (int32_t)n;
            L->cl = sp_malloc_n((size_t)n + 1, sizeof *L->cl);
            L->secs = sp_malloc_n((size_t)n + 1, sizeof *L->secs);
            if (!L->cl || !L->secs) {
                st = sp_error(SP_E_NOMEM, "out of memory");
                break;
            }
            memcpy(L->cl, cl, sizeof(int32_t) * (size_t)n);
            memcpy(L->secs, secs, sizeof(float) * (size_t)n);
        }
        if (st == SP_OK && c.at != c.n)
            st = sp_error(SP_E_INTERNAL, "coverage: rank %d sent extra bytes", r);
    }
    st = sp_dist_agree(in->dist, st);
done:
    free(all);
    free(lens);
    return st;
}

sp_status sp_coverage_dist_polygons(const sp_coverage_in *in, GEOSContextHandle_t gctx,
                                    GEOSGeometry **catchment)
{
    if (single(in))
        return SP_OK;
    const sp_dist *d = sp_dist_or_single(in->dist);
    int nl = in->n_limits;
    int32_t s0, s1;
    sp_coverage_dist_block(in, &s0, &s1);
    sp_dist_buf b = {0};
    uint64_t h = fingerprint(in);
    sp_dist_put(&b, &h, sizeof h);
    sp_status st = SP_OK;
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(gctx);
    GEOSWKBReader *rd = GEOSWKBReader_create_r(gctx);
    if (!w || !rd)
        st = sp_error(SP_E_INTERNAL, "coverage: GEOS could not make a WKB reader and writer");
    for (size_t i = (size_t)s0 * nl; i < (size_t)s1 * nl && st == SP_OK; i++) {
        if (!catchment[i]) { /* a site that reaches nothing */
            sp_dist_put_i64(&b, -1);
            continue;
        }
        size_t n = 0;
        unsigned char *wkb = GEOSWKBWriter_write_r(gctx, w, catchment[i], &n);
        if (!wkb) {
            st = sp_error(SP_E_INTERNAL, "coverage: GEOS could not write a catchment as WKB");
            break;
        }
        sp_dist_put_i64(&b, (int64_t)n);
        sp_dist_put(&b, wkb, n);
        GEOSFree_r(gctx, wkb);
    }
    void *all = NULL;
    size_t *lens = NULL;
    if ((st = sp_dist_agree(in->dist, st)) || (st = gather(in, &b, 1, &all, &lens)))
        goto done;
    const unsigned char *p = all;
    for (int r = 0; all && r < d->size && st == SP_OK; r++) {
        sp_dist_cur c = {p, lens[r], sizeof h, 0};
        p += lens[r];
        if (r == d->rank)
            continue;
        int64_t b0, b1;
        sp_dist_block(r, d->size, in->n_reuse, in->n_sites, &b0, &b1);
        for (size_t i = (size_t)b0 * nl; i < (size_t)b1 * nl && st == SP_OK; i++) {
            int64_t n = sp_dist_get_i64(&c);
            const unsigned char *wkb = n >= 0 ? sp_dist_get_ptr(&c, (size_t)n) : NULL;
            if (c.bad || n < -1) {
                st = sp_error(SP_E_INTERNAL, "coverage: rank %d sent a short catchment", r);
                break;
            }
            if (n < 0)
                continue;
            catchment[i] = GEOSWKBReader_read_r(gctx, rd, wkb, (size_t)n);
            if (!catchment[i])
                st = sp_error(SP_E_INTERNAL, "coverage: rank %d sent a bad catchment", r);
        }
        if (st == SP_OK && c.at != c.n)
            st = sp_error(SP_E_INTERNAL, "coverage: rank %d sent extra bytes", r);
    }
    st = sp_dist_agree(in->dist, st);
done:
    free(b.p);
    free(all);
    free(lens);
    if (w)
        GEOSWKBWriter_destroy_r(gctx, w);
    if (rd)
        GEOSWKBReader_destroy_r(gctx, rd);
    return st;
}

sp_status sp_coverage_dist_resp(const sp_coverage_in *in, sp_respgrid *rg)
{
    if (single(in))
        return SP_OK;
    const sp_dist *d = sp_dist_or_single(in->dist);
    void *grid = NULL;
    size_t n = 0;
    sp_status st = sp_respgrid_serialise(rg, &grid, &n);
    sp_dist_buf b = {0};
    uint64_t h = fingerprint(in);
    sp_dist_put(&b, &h, sizeof h);
    sp_dist_put(&b, grid, n);
    free(grid);
    void *all = NULL;
    size_t *lens = NULL;
    if ((st = sp_dist_agree(in->dist, st)) || (st = gather(in, &b, 1, &all, &lens)))
        goto done;
    const unsigned char *p = all;
    for (int r = 0; all && r < d->size && st == SP_OK; r++) {
        if (r != d->rank)
            st = sp_respgrid_merge(rg, p + sizeof h, lens[r] - sizeof h);
        p += lens[r];
    }
    st = sp_dist_agree(in->dist, st);
done:
    free(b.p);
    free(all);
    free(lens);
    return st;
}

void sp_coverage_dist_drop_polygons(const sp_coverage_in *in, sp_coverage *c,
                                    GEOSContextHandle_t gctx)
{
    if (sp_dist_or_single(in->dist)->rank == 0)
        return;
    if (c->catchment)
        for (size_t i = 0; i < (size_t)c->n_sites * c->n_limits; i++)
            if (c->catchment[i])
                GEOSGeom_destroy_r(gctx, c->catchment[i]);
    free(c->catchment);
    free(c->area);
    free(c->responsibility);
    c->catchment = c->area = c->responsibility = NULL;
}
