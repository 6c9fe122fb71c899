/* siting_dist.c — rank 0's siting result for every rank; see siting_dist.h. */
#include "siting_dist.h"

#include <stdlib.h>
#include <string.h>

/* The solver's method names (static strings, as the solver sets them). */
static const char *const METHODS[] = {"greedy", "local-search", "mip"};

static void put_result(sp_dist_buf *b, const sp_siting_result *r)
{
    int64_t method = -1;
    for (int i = 0; i < 3; i++)
        if (r->method && !strcmp(r->method, METHODS[i]))
            method = i;
    sp_dist_put(b, r, sizeof *r); /* the flat fields; pointers are rebuilt */
    sp_dist_put_i64(b, method);
    sp_dist_put(b, r->ranks, sizeof *r->ranks * (size_t)r->n_sites);
    for (int32_t k = 0; k < r->n_sites; k++)
        sp_dist_put(b, r->ranks[k].new_demand,
                    sizeof *r->ranks[k].new_demand * (size_t)r->ranks[k].n_new);
    sp_dist_put(b, r->curve, sizeof *r->curve * (size_t)r->n_curve);
}

static sp_status get_result(sp_dist_cur *c, sp_siting_result **out)
{
    sp_siting_result *r = calloc(1, sizeof *r);
    if (!r)
        return sp_error(SP_E_NOMEM, "out of memory");
    sp_dist_get(c, r, sizeof *r);
    int64_t method = sp_dist_get_i64(c);
    r->method = method >= 0 && method < 3 ? METHODS[method] : NULL;
    int32_t n = r->n_sites, nc = r->n_curve;
    r->ranks = NULL;
    r->curve = NULL;
    r->n_sites = 0; /* until the ranks are read, for sp_siting_result_free */
    if (c->bad || n < 0 || nc < 0)
        goto bad;
    r->ranks = sp_calloc_n((size_t)n + 1, sizeof *r->ranks);
    r->curve = sp_calloc_n((size_t)nc + 1, sizeof *r->curve);
    if (!r->ranks || !r->curve) {
        sp_siting_result_free(r);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    sp_dist_get(c, r->ranks, sizeof *r->ranks * (size_t)n);
    for (int32_t k = 0; k < n; k++)
        r->ranks[k].new_demand = NULL;
    r->n_sites = n;
    for (int32_t k = 0; k < n && !c->bad; k++) {
        int32_t m = r->ranks[k].n_new;
        r->ranks[k].new_demand = m >= 0 ? sp_malloc_n((size_t)m + 1, sizeof(int32_t)) : NULL;
        if (!r->ranks[k].new_demand) {
            sp_siting_result_free(r);
            return sp_error(SP_E_NOMEM, "out of memory");
        }
        sp_dist_get(c, r->ranks[k].new_demand, sizeof(int32_t) * (size_t)m);
    }
    sp_dist_get(c, r->curve, sizeof *r->curve * (size_t)nc);
    if (c->bad || c->at != c->n)
        goto bad;
    *out = r;
    return SP_OK;
bad:
    sp_siting_result_free(r);
    return sp_error(SP_E_INTERNAL, "siting: rank 0 sent a bad result");
}

sp_status sp_siting_solve_dist(const sp_dist *d, const sp_costmatrix *m,
                               const sp_siting_opts *opts, sp_siting_result **out)
{
    d = sp_dist_or_single(d);
    *out = NULL;
    if (d->size == 1)
        return sp_siting_solve(m, opts, out);
    sp_siting_result *r = NULL;
    sp_status st = d->rank == 0 ? sp_siting_solve(m, opts, &r) : SP_OK;
    sp_dist_buf b = {0};
    if (st == SP_OK && d->rank == 0) {
        put_result(&b, r);
        if (b.oom)
            st = sp_error(SP_E_NOMEM, "out of memory");
    }
    void *all = NULL;
    size_t n = 0;
    if ((st = sp_dist_agree(d, st)) == SP_OK)
        st = sp_dist_allgather(d, b.p, b.n, &all, &n, NULL);
    free(b.p);
    if (st == SP_OK && d->rank > 0) { /* rank 0's bytes are all there is */
        sp_dist_cur c = {all, n, 0, 0};
        st = get_result(&c, &r);
    }
    free(all);
    if ((st = sp_dist_agree(d, st))) {
        sp_siting_result_free(r);
        return st;
    }
    *out = r;
    return SP_OK;
}
