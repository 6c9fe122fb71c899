/* mobile_heur.c — savings construction (Clarke and Wright, per depot, on
 * directed savings so asymmetric drive times are exact) and local search:
 * 2-opt within a route, relocate and exchange between routes of the same
 * depot, and emptying a route into the others.  Fixed move order, ties to
 * the lower index: deterministic.  See mobile_internal.h. */
#include "mobile_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- savings ------------------------------------------------------------------ */

typedef struct {
    double s;
    int32_t i, j;
} saving;

static int cmp_saving(const void *a, const void *b)
{
    const saving *x = a, *y = b;
    if (x->s != y->s)
        return x->s > y->s ? -1 : 1;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    return (x->j > y->j) - (x->j < y->j);
}

/* Savings on the visits L[0..nl-1] of depot d; appends the routes to s. */
static sp_status savings_depot(const sp__mob *m, int32_t d, const int32_t *L, int32_t nl,
                               double lambda, sp__mset *s)
{
    sp_status st = SP_OK;
    /* local indices 0..nl-1 */
    int32_t *next = sp_malloc_n((size_t)nl, sizeof *next);
    int32_t *prev = sp_malloc_n((size_t)nl, sizeof *prev);
    int32_t *rid = sp_malloc_n((size_t)nl, sizeof *rid);
    int32_t *tail = sp_malloc_n((size_t)nl, sizeof *tail);
    double *rw = sp_malloc_n((size_t)nl, sizeof *rw);
    double *rs = sp_malloc_n((size_t)nl, sizeof *rs);
    double *rd = sp_malloc_n((size_t)nl, sizeof *rd);
    int32_t *buf = sp_malloc_n((size_t)nl, sizeof *buf);
    /* Keep at most K savings per visit (all of them up to 2000 visits). */
    int64_t K = nl - 1;
    if ((int64_t)nl * K > 4000000) {
        K = 4000000 / nl;
        if (K < 100)
            K = 100;
        if (K > nl - 1)
            K = nl - 1;
    }
    saving *sv = sp_malloc_n((size_t)nl * (size_t)(K > 0 ? K : 1), sizeof *sv);
    saving *tmp = sp_malloc_n((size_t)nl, sizeof *tmp);
    if (!next || !prev || !rid || !tail || !rw || !rs || !rd || !buf || !sv || !tmp) {
        st = sp_error(SP_E_NOMEM, "mobile: out of memory");
        goto done;
    }
    for (int32_t a = 0; a < nl; a++) {
        int32_t v = L[a];
        next[a] = prev[a] = -1;
        rid[a] = a;
        tail[a] = a;
        rw[a] = m->vw[v];
        rs[a] = m->vserv[v];
        rd[a] = sp__mob_c(m, d, m->vpt[v]) + sp__mob_c(m, m->vpt[v], d);
    }
    size_t nsv = 0;
    for (int32_t a = 0; a < nl; a++) {
        int32_t pa = m->vpt[L[a]];
        int32_t nt = 0;
        for (int32_t b = 0; b < nl; b++) {
            if (b == a)
                continue;
            int32_t pb = m->vpt[L[b]];
            double c = sp__mob_c(m, pa, pb);
            if (!isfinite(c))
                continue;
            tmp[nt].s = sp__mob_c(m, pa, d) + sp__mob_c(m, d, pb) - lambda * c;
            tmp[nt].i = a;
            tmp[nt].j = b;
            nt++;
        }
        if (nt > K) {
            qsort(tmp, (size_t)nt, sizeof *tmp, cmp_saving);
            nt = (int32_t)K;
        }
        memcpy(sv + nsv, tmp, (size_t)nt * sizeof *tmp);
        nsv += (size_t)nt;
    }
    qsort(sv, nsv, sizeof *sv, cmp_saving);
    for (size_t k = 0; k < nsv; k++) {
        int32_t a = sv[k].i, b = sv[k].j;
        int32_t ra = rid[a], rb = rid[b];
        if (ra == rb || tail[ra] != a || rb != b) /* a ends its route, b starts its own */
            continue;
        int32_t pa = m->vpt[L[a]], pb = m->vpt[L[b]];
        double drive = rd[ra] - sp__mob_c(m, pa, d) + sp__mob_c(m, pa, pb) + rd[rb] -
                       sp__mob_c(m, d, pb);
        double w = rw[ra] + rw[rb];
        if (!sp__mob_fits(m, w, drive + rs[ra] + rs[rb]))
            continue;
        next[a] = b;
        prev[b] = a;
        tail[ra] = tail[rb];
        for (int32_t x = b; x >= 0; x = next[x])
            rid[x] = ra;
        rw[ra] = w;
        rs[ra] += rs[rb];
        rd[ra] = drive;
    }
    /* A route is named by its first visit (rid == own index). */
    for (int32_t a = 0; a < nl; a++) {
        if (prev[a] >= 0)
            continue;
        int32_t n = 0;
        for (int32_t x = a; x >= 0; x = next[x])
            buf[n++] = L[x];
        if (sp__mset_add(s, m, d, buf, n) != 0) {
            st = sp_error(SP_E_NOMEM, "mobile: out of memory");
            goto done;
        }
    }
done:
    free(next);
    free(prev);
    free(rid);
    free(tail);
    free(rw);
    free(rs);
    free(rd);
    free(buf);
    free(sv);
    free(tmp);
    return st;
}

/* --- local search ---------------------------------------------------------- */

typedef struct {
    const sp__mob *m;
    sp__mset *s;
    int32_t *rof, *pos; /* nv: route and position of each visit */
    double tol;         /* least improvement of the drive, seconds */
    /* granular neighbourhoods (large instances): nb = each visit's K
     * nearest visits; NULL: every route and every visit is tried */
    int32_t K, *nb;
    int gran;           /* relocate, exchange, emptying use nb (else only 2-opt*) */
    int32_t *stamp, stamp_now, *cand; /* per route (as many as at the start) */
} ls_state;

/* Routes to try for visit x, other than skip: every route, or on large
 * instances the routes of x's K nearest visits.  OUT: L->cand. */
static int32_t cand_routes(ls_state *L, int32_t x, int32_t skip)
{
    const sp__mset *s = L->s;
    int32_t n = 0;
    if (!L->gran) {
        for (int32_t r = 0; r < s->n; r++)
            if (r != skip && s->r[r].n > 0)
                L->cand[n++] = r;
        return n;
    }
    L->stamp_now++;
    for (int32_t k = 0; k < L->K; k++) {
        int32_t r = L->rof[L->nb[(size_t)x * L->K + k]];
        if (r == skip || r >= s->n || s->r[r].n == 0 || L->stamp[r] == L->stamp_now)
            continue;
        L->stamp[r] = L->stamp_now;
        L->cand[n++] = r;
    }
    return n;
}

/* Routes to try for 2-opt* with route a: every other route, or when
 * neighbour lists exist the routes of the nearest visits of a's visits,
 * ascending.  OUT: L->cand. */
static int32_t cand_routes_of_route(ls_state *L, int32_t a)
{
    const sp__mset *s = L->s;
    int32_t n = 0;
    if (!L->nb) {
        for (int32_t r = 0; r < s->n; r++)
            if (r != a && s->r[r].n > 0)
                L->cand[n++] = r;
        return n;
    }
    L->stamp_now++;
    const sp__mroute *A = &s->r[a];
    for (int32_t t = 0; t < A->n; t++)
        for (int32_t k = 0; k < L->K; k++) {
            int32_t r = L->rof[L->nb[(size_t)A->v[t] * L->K + k]];
            if (r == a || r >= s->n || s->r[r].n == 0 || L->stamp[r] == L->stamp_now)
                continue;
            L->stamp[r] = L->stamp_now;
            L->cand[n++] = r;
        }
    for (int32_t i = 1; i < n; i++) { /* ascending: ties to the lower route */
        int32_t x = L->cand[i], j = i;
        while (j > 0 && L->cand[j - 1] > x) {
            L->cand[j] = L->cand[j - 1];
            j--;
        }
        L->cand[j] = x;
    }
    return n;
}

/* Point at position i of route r (the depot outside 0..n-1). */
static inline int32_t rpt(const ls_state *L, const sp__mroute *r, int32_t i)
{
    return i < 0 || i >= r->n ? r->depot : L->m->vpt[r->v[i]];
}

/* Point at position i of route r with position skip taken out. */
static inline int32_t rpt_skip(const ls_state *L, const sp__mroute *r, int32_t skip, int32_t i)
{
    if (i >= skip)
        i++;
    return i < 0 || i >= r->n ? r->depot : L->m->vpt[r->v[i]];
}

static void reindex(ls_state *L, int32_t r)
{
    const sp__mroute *R = &L->s->r[r];
    for (int32_t i = 0; i < R->n; i++) {
        L->rof[R->v[i]] = r;
        L->pos[R->v[i]] = i;
    }
}

static int route_insert(sp__mroute *r, int32_t at, int32_t v)
{
    if (r->n == r->alloc) {
        int32_t na = r->alloc ? 2 * r->alloc : 4;
        int32_t *nvv = sp_realloc_n(r->v, (size_t)na, sizeof *nvv);
        if (!nvv)
            return -1;
        r->v = nvv;
        r->alloc = na;
    }
    memmove(r->v + at + 1, r->v + at, (size_t)(r->n - at) * sizeof *r->v);
    r->v[at] = v;
    r->n++;
    return 0;
}

static void route_remove(sp__mroute *r, int32_t at)
{
    memmove(r->v + at, r->v + at + 1, (size_t)(r->n - at - 1) * sizeof *r->v);
    r->n--;
}

/* Drop empty routes (keeping the order) and reindex everything. */
static void compact(ls_state *L)
{
    sp__mset *s = L->s;
    int32_t k = 0;
    for (int32_t r = 0; r < s->n; r++) {
        if (s->r[r].n == 0) {
            free(s->r[r].v);
            continue;
        }
        s->r[k++] = s->r[r];
    }
    s->n = k;
    for (int32_t r = 0; r < s->n; r++)
        reindex(L, r);
}

/* Best improving segment reversal in each route, repeated; exact for
 * asymmetric drive times (the reversed segment is summed edge by edge). */
static int two_opt(ls_state *L)
{
    const sp__mob *m = L->m;
    int improved = 0;
    for (int32_t r = 0; r < L->s->n; r++) {
        sp__mroute *R = &L->s->r[r];
        for (int guard = 0; guard < 10000; guard++) {
            double best = -L->tol;
            int32_t ba = -1, bb = -1;
            for (int32_t a = 0; a + 1 < R->n; a++) {
                int32_t pp = rpt(L, R, a - 1), pa = rpt(L, R, a);
                double fwd = 0, rev = 0;
                for (int32_t b = a + 1; b < R->n; b++) {
                    int32_t pb = rpt(L, R, b), pq = rpt(L, R, b - 1), pn = rpt(L, R, b + 1);
                    fwd += sp__mob_c(m, pq, pb);
                    rev += sp__mob_c(m, pb, pq);
                    double delta = sp__mob_c(m, pp, pb) + rev + sp__mob_c(m, pa, pn) -
                                   sp__mob_c(m, pp, pa) - fwd - sp__mob_c(m, pb, pn);
                    if (delta < best) {
                        best = delta;
                        ba = a;
                        bb = b;
                    }
                }
            }
            if (ba < 0)
                break;
            for (int32_t i = ba, j = bb; i < j; i++, j--) {
                int32_t t = R->v[i];
                R->v[i] = R->v[j];
                R->v[j] = t;
            }
            double old = R->drive;
            R->drive = sp__mob_route_drive(m, R->depot, R->v, R->n);
            if (!(R->drive < old)) { /* rounding: undo and stop */
                for (int32_t i = ba, j = bb; i < j; i++, j--) {
                    int32_t t = R->v[i];
                    R->v[i] = R->v[j];
                    R->v[j] = t;
                }
                R->drive = old;
                break;
            }
            reindex(L, r);
            improved = 1;
        }
    }
    return improved;
}

/* Cheapest feasible insertion of visit x into route r (not the one holding
 * x): OUT *at, returns the added drive (INFINITY when it does not fit). */
static double best_insert(const ls_state *L, int32_t r, int32_t x, int32_t *at)
{
    const sp__mob *m = L->m;
    const sp__mroute *R = &L->s->r[r];
    *at = -1;
    if (!(R->w + m->vw[x] <= m->cap + m->eps_w))
        return INFINITY;
    int32_t px = m->vpt[x];
    double best = INFINITY;
    for (int32_t j = 0; j <= R->n; j++) {
        int32_t a = rpt(L, R, j - 1), b = rpt(L, R, j);
        double d = sp__mob_c(m, a, px) + sp__mob_c(m, px, b) - sp__mob_c(m, a, b);
        if (d < best && sp__mob_fits(m, R->w + m->vw[x], R->drive + d + R->serv + m->vserv[x])) {
            best = d;
            *at = j;
        }
    }
    return best;
}

/* Move each visit to its best place (another route of its depot, or
 * elsewhere in its own route) when that shortens the drive or empties its
 * route. */
static int relocate(ls_state *L, int *err)
{
    const sp__mob *m = L->m;
    sp__mset *s = L->s;
    int improved = 0;
    for (int32_t x = 0; x < m->nv; x++) {
        int32_t ra = L->rof[x], i = L->pos[x];
        sp__mroute *A = &s->r[ra];
        int32_t px = m->vpt[x];
        int32_t pp = rpt(L, A, i - 1), pn = rpt(L, A, i + 1);
        double rem = sp__mob_c(m, pp, pn) - sp__mob_c(m, pp, px) - sp__mob_c(m, px, pn);
        int empties = A->n == 1;
        /* after removal A must still fit (no triangle inequality assumed) */
        int a_ok = empties || sp__mob_fits(m, A->w - m->vw[x], A->drive + rem + A->serv - m->vserv[x]);
        double best = empties ? INFINITY : -L->tol;
        int32_t br = -1, bj = -1;
        if (a_ok) {
            int32_t nc = cand_routes(L, x, ra);
            for (int32_t c = 0; c < nc; c++) {
                int32_t r = L->cand[c];
                int32_t at;
                double ins = best_insert(L, r, x, &at);
                if (at >= 0 && rem + ins < best) {
                    best = rem + ins;
                    br = r;
                    bj = at;
                }
            }
        }
        /* within the route: remove, then insert at j of the shorter route */
        if (!empties) {
            for (int32_t j = 0; j < A->n; j++) {
                if (j == i)
                    continue;
                int32_t a = rpt_skip(L, A, i, j - 1), b = rpt_skip(L, A, i, j);
                double d = rem + sp__mob_c(m, a, px) + sp__mob_c(m, px, b) - sp__mob_c(m, a, b);
                if (d < best) {
                    best = d;
                    br = ra;
                    bj = j;
                }
            }
        }
        if (br < 0)
            continue;
        sp__mroute *B = &s->r[br];
        double oldA = A->drive, oldB = br == ra ? 0 : B->drive;
        route_remove(A, i);
        if (route_insert(B, bj, x) != 0) {
            *err = 1;
            return improved;
        }
        sp__mroute_update(A, m);
        if (br != ra)
            sp__mroute_update(B, m);
        if (!empties && !(A->drive + (br == ra ? 0 : B->drive) < oldA + oldB)) {
            /* rounding gave no gain: undo */
            int32_t j;
            for (j = 0; j < B->n && B->v[j] != x; j++)
                ;
            route_remove(B, j);
            if (route_insert(A, i, x) != 0) {
                *err = 1;
                return improved;
            }
            sp__mroute_update(A, m);
            if (br != ra)
                sp__mroute_update(B, m);
            continue;
        }
        reindex(L, ra);
        if (br != ra)
            reindex(L, br);
        improved = 1;
        if (A->n == 0)
            compact(L);
    }
    return improved;
}

/* Swap two visits of different routes of the same depot when that shortens
 * the drive (best partner for each visit). */
static int exchange(ls_state *L)
{
    const sp__mob *m = L->m;
    sp__mset *s = L->s;
    int improved = 0;
    for (int32_t x = 0; x < m->nv; x++) {
        int32_t ra = L->rof[x], i = L->pos[x];
        sp__mroute *A = &s->r[ra];
        int32_t px = m->vpt[x], ap = rpt(L, A, i - 1), an = rpt(L, A, i + 1);
        double outA = sp__mob_c(m, ap, px) + sp__mob_c(m, px, an);
        double best = -L->tol;
        int32_t by = -1;
        int32_t ny = L->gran ? L->K : m->nv;
        for (int32_t k = 0; k < ny; k++) {
            int32_t y = L->gran ? L->nb[(size_t)x * L->K + k] : k;
            int32_t rb = L->rof[y];
            if (rb == ra)
                continue;
            const sp__mroute *B = &s->r[rb];
            double wa = A->w - m->vw[x] + m->vw[y], wb = B->w - m->vw[y] + m->vw[x];
            if (!(wa <= m->cap + m->eps_w) || !(wb <= m->cap + m->eps_w))
                continue;
            int32_t j = L->pos[y], py = m->vpt[y];
            int32_t bp = rpt(L, B, j - 1), bn = rpt(L, B, j + 1);
            double dA = sp__mob_c(m, ap, py) + sp__mob_c(m, py, an) - outA;
            double dB = sp__mob_c(m, bp, px) + sp__mob_c(m, px, bn) - sp__mob_c(m, bp, py) -
                        sp__mob_c(m, py, bn);
            if (!(dA + dB < best))
                continue;
            if (!sp__mob_fits(m, wa, A->drive + dA + A->serv - m->vserv[x] + m->vserv[y]) ||
                !sp__mob_fits(m, wb, B->drive + dB + B->serv - m->vserv[y] + m->vserv[x]))
                continue;
            best = dA + dB;
            by = y;
        }
        if (by < 0)
            continue;
        int32_t rb = L->rof[by], j = L->pos[by];
        sp__mroute *B = &s->r[rb];
        double old = A->drive + B->drive;
        A->v[i] = by;
        B->v[j] = x;
        sp__mroute_update(A, m);
        sp__mroute_update(B, m);
        if (!(A->drive + B->drive < old)) {
            A->v[i] = x;
            B->v[j] = by;
            sp__mroute_update(A, m);
            sp__mroute_update(B, m);
            continue;
        }
        reindex(L, ra);
        reindex(L, rb);
        improved = 1;
    }
    return improved;
}

/* Move a whole route to another depot that has a unit (same visits, same
 * order) when that shortens its drive; the lowest such depot on ties. */
static int rehome(ls_state *L)
{
    const sp__mob *m = L->m;
    int improved = 0;
    if (m->n_ud < 2)
        return 0;
    for (int32_t r = 0; r < L->s->n; r++) {
        sp__mroute *R = &L->s->r[r];
        if (R->n == 0)
            continue;
        int32_t f = m->vpt[R->v[0]], l = m->vpt[R->v[R->n - 1]];
        double inner = R->drive - sp__mob_c(m, R->depot, f) - sp__mob_c(m, l, R->depot);
        double best = R->drive - L->tol;
        int32_t bd = -1;
        for (int32_t k = 0; k < m->n_ud; k++) {
            int32_t d = m->ud[k];
            double nd = sp__mob_c(m, d, f) + inner + sp__mob_c(m, l, d);
            if (d != R->depot && nd < best && sp__mob_fits(m, R->w, nd + R->serv)) {
                best = nd;
                bd = d;
            }
        }
        if (bd < 0)
            continue;
        int32_t old_d = R->depot;
        double old = R->drive;
        R->depot = bd;
        R->drive = sp__mob_route_drive(m, bd, R->v, R->n);
        if (!(R->drive < old) || !sp__mob_fits(m, R->w, R->drive + R->serv)) {
            R->depot = old_d;
            R->drive = old;
            continue;
        }
        improved = 1;
    }
    return improved;
}

/* Prefix and suffix sums of route r for 2-opt*: pd[i] = drive from the
 * depot through v[0..i-1] (0 for i = 0), si[i] = drive along v[i..n-1]
 * (inner edges only), pw/ps = workers/service of v[0..i-1]. */
static void route_sums(const ls_state *L, const sp__mroute *R, double *pd, double *si, double *pw,
                       double *ps)
{
    const sp__mob *m = L->m;
    pd[0] = pw[0] = ps[0] = 0;
    for (int32_t i = 0; i < R->n; i++) {
        pd[i + 1] = pd[i] + sp__mob_c(m, rpt(L, R, i - 1), m->vpt[R->v[i]]);
        pw[i + 1] = pw[i] + m->vw[R->v[i]];
        ps[i + 1] = ps[i] + m->vserv[R->v[i]];
    }
    si[R->n] = 0;
    if (R->n > 0)
        si[R->n - 1] = 0;
    for (int32_t i = R->n - 2; i >= 0; i--)
        si[i] = sp__mob_c(m, m->vpt[R->v[i]], m->vpt[R->v[i + 1]]) + si[i + 1];
}

/* Drive of route "A's first i visits, then B's visits from j on", back at
 * A's depot. */
static double star_drive(const ls_state *L, const sp__mroute *A, const double *pdA, int32_t i,
                         const sp__mroute *B, const double *siB, int32_t j)
{
    const sp__mob *m = L->m;
    int32_t p = rpt(L, A, i - 1);
    if (j >= B->n)
        return i == 0 ? 0 : pdA[i] + sp__mob_c(m, p, A->depot);
    return pdA[i] + sp__mob_c(m, p, m->vpt[B->v[j]]) + siB[j] +
           sp__mob_c(m, m->vpt[B->v[B->n - 1]], A->depot);
}

/* 2-opt* between two routes: A keeps its first i visits and takes B's from
 * j on, B keeps its first j and takes A's from i on (each back at its own
 * depot); best move for each route A, when it empties a route or shortens
 * the drive.  With neighbour lists, only routes near A are tried. */
static int two_opt_star(ls_state *L, int *err)
{
    const sp__mob *m = L->m;
    sp__mset *s = L->s;
    int32_t maxn = 0;
    for (int32_t r = 0; r < s->n; r++)
        if (s->r[r].n > maxn)
            maxn = s->r[r].n;
    size_t sz = (size_t)maxn + 2;
    double *buf = sp_malloc_n(8 * sz, sizeof *buf);
    int32_t *va = sp_malloc_n(2 * sz, sizeof *va), *vb = sp_malloc_n(2 * sz, sizeof *vb);
    int32_t *oa = sp_malloc_n(sz, sizeof *oa), *ob = sp_malloc_n(sz, sizeof *ob);
    if (!buf || !va || !vb || !oa || !ob) {
        *err = 1;
        free(buf);
        free(va);
        free(vb);
        free(oa);
        free(ob);
        return 0;
    }
    double *pdA = buf, *siA = buf + sz, *pwA = buf + 2 * sz, *psA = buf + 3 * sz;
    double *pdB = buf + 4 * sz, *siB = buf + 5 * sz, *pwB = buf + 6 * sz, *psB = buf + 7 * sz;
    int improved = 0;
    for (int32_t a = 0; a < s->n; a++) {
        sp__mroute *A = &s->r[a];
        if (A->n == 0)
            continue;
        route_sums(L, A, pdA, siA, pwA, psA);
        int best_gone = 0;
        double best = -L->tol;
        int32_t bb = -1, bi = -1, bj = -1;
        int32_t nc = cand_routes_of_route(L, a);
        for (int32_t c = 0; c < nc; c++) {
            int32_t b = L->cand[c];
            sp__mroute *B = &s->r[b];
            route_sums(L, B, pdB, siB, pwB, psB);
            for (int32_t i = 0; i <= A->n; i++)
                for (int32_t j = 0; j <= B->n; j++) {
                    if (i == A->n && j == B->n)
                        continue; /* nothing moves */
                    int gone = (i == 0 && j == B->n) || (j == 0 && i == A->n);
                    if (gone < best_gone)
                        continue;
                    double wa = pwA[i] + B->w - pwB[j], wb = pwB[j] + A->w - pwA[i];
                    if (!(wa <= m->cap + m->eps_w) || !(wb <= m->cap + m->eps_w))
                        continue;
                    double da = star_drive(L, A, pdA, i, B, siB, j);
                    double db = star_drive(L, B, pdB, j, A, siA, i);
                    double delta = da + db - A->drive - B->drive;
                    if (gone == best_gone && !(delta < best))
                        continue;
                    if (!sp__mob_fits(m, wa, da + psA[i] + B->serv - psB[j]) ||
                        !sp__mob_fits(m, wb, db + psB[j] + A->serv - psA[i]))
                        continue;
                    best_gone = gone;
                    best = delta;
                    bb = b;
                    bi = i;
                    bj = j;
                }
        }
        if (bb < 0)
            continue;
        sp__mroute *B = &s->r[bb];
        int32_t na = 0, nb = 0, noa = A->n, nob = B->n;
        memcpy(oa, A->v, (size_t)noa * sizeof *oa);
        memcpy(ob, B->v, (size_t)nob * sizeof *ob);
        for (int32_t t = 0; t < bi; t++)
            va[na++] = oa[t];
        for (int32_t t = bj; t < nob; t++)
            va[na++] = ob[t];
        for (int32_t t = 0; t < bj; t++)
            vb[nb++] = ob[t];
        for (int32_t t = bi; t < noa; t++)
            vb[nb++] = oa[t];
        if (na > A->alloc || nb > B->alloc) {
            int32_t *x = na > A->alloc ? sp_realloc_n(A->v, (size_t)na, sizeof *x) : A->v;
            if (!x) {
                *err = 1;
                break;
            }
            A->v = x;
            if (na > A->alloc)
                A->alloc = na;
            x = nb > B->alloc ? sp_realloc_n(B->v, (size_t)nb, sizeof *x) : B->v;
            if (!x) {
                *err = 1;
                break;
            }
            B->v = x;
            if (nb > B->alloc)
                B->alloc = nb;
        }
        double old = A->drive + B->drive;
        memcpy(A->v, va, (size_t)na * sizeof *va);
        memcpy(B->v, vb, (size_t)nb * sizeof *vb);
        A->n = na;
        B->n = nb;
        sp__mroute_update(A, m);
        sp__mroute_update(B, m);
        if (!best_gone && !(A->drive + B->drive < old)) { /* rounding: undo */
            memcpy(A->v, oa, (size_t)noa * sizeof *oa);
            memcpy(B->v, ob, (size_t)nob * sizeof *ob);
            A->n = noa;
            B->n = nob;
            sp__mroute_update(A, m);
            sp__mroute_update(B, m);
            continue;
        }
        improved = 1;
        if (A->n == 0 || B->n == 0) {
            compact(L);
            break; /* indices moved; the next pass goes on */
        }
        reindex(L, a);
        reindex(L, bb);
        if (A->n > maxn || B->n > maxn)
            break; /* buffers sized for the old longest route */
    }
    free(buf);
    free(va);
    free(vb);
    free(oa);
    free(ob);
    return improved;
}

typedef struct {
    int32_t n, r;
} rsize;

static int cmp_rsize(const void *a, const void *b)
{
    const rsize *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? -1 : 1;
    return (x->r > y->r) - (x->r < y->r);
}

typedef struct {
    double w;
    int32_t v;
} vw_key;

static int cmp_vw(const void *a, const void *b)
{
    const vw_key *x = a, *y = b;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    return (x->v > y->v) - (x->v < y->v);
}

/* Try to empty one route (fewest visits first) into the other routes of its
 * depot by cheapest insertion, heaviest visit first; 1 when one was emptied. */
static int eliminate(ls_state *L, int *err)
{
    const sp__mob *m = L->m;
    sp__mset *s = L->s;
    int done = 0;
    rsize *ord = sp_malloc_n((size_t)s->n + 1, sizeof *ord);
    int32_t *ins_r = NULL, *ins_j = NULL;
    vw_key *vs = NULL;
    if (!ord) {
        *err = 1;
        return 0;
    }
    int32_t maxn = 0;
    for (int32_t r = 0; r < s->n; r++) {
        ord[r].n = s->r[r].n;
        ord[r].r = r;
        if (s->r[r].n > maxn)
            maxn = s->r[r].n;
    }
    qsort(ord, (size_t)s->n, sizeof *ord, cmp_rsize);
    ins_r = sp_malloc_n((size_t)maxn + 1, sizeof *ins_r);
    ins_j = sp_malloc_n((size_t)maxn + 1, sizeof *ins_j);
    vs = sp_malloc_n((size_t)maxn + 1, sizeof *vs);
    if (!ins_r || !ins_j || !vs) {
        *err = 1;
        goto out;
    }
    for (int32_t k = 0; k < s->n && !done; k++) {
        int32_t e = ord[k].r;
        sp__mroute *E = &s->r[e];
        int others = 0;
        for (int32_t r = 0; r < s->n; r++)
            others += r != e;
        if (!others)
            continue;
        int32_t ne = E->n;
        for (int32_t i = 0; i < ne; i++) {
            vs[i].v = E->v[i];
            vs[i].w = m->vw[E->v[i]];
        }
        qsort(vs, (size_t)ne, sizeof *vs, cmp_vw);
        int32_t placed = 0;
        for (; placed < ne; placed++) {
            int32_t x = vs[placed].v, br = -1, bj = -1;
            double best = INFINITY;
            int32_t nc = cand_routes(L, x, e);
            for (int32_t c = 0; c < nc; c++) {
                int32_t r = L->cand[c];
                int32_t at;
                double d = best_insert(L, r, x, &at);
                if (at >= 0 && d < best) {
                    best = d;
                    br = r;
                    bj = at;
                }
            }
            if (br < 0)
                break;
            if (route_insert(&s->r[br], bj, x) != 0) {
                *err = 1;
                break;
            }
            sp__mroute_update(&s->r[br], m);
            ins_r[placed] = br;
            ins_j[placed] = bj;
        }
        if (placed == ne && !*err) {
            E->n = 0;
            done = 1;
            compact(L);
            break;
        }
        /* undo in reverse order */
        for (int32_t q = placed - 1; q >= 0; q--) {
            route_remove(&s->r[ins_r[q]], ins_j[q]);
            sp__mroute_update(&s->r[ins_r[q]], m);
        }
        if (*err)
            break;
    }
out:
    free(ord);
    free(ins_r);
    free(ins_j);
    free(vs);
    return done;
}

static sp_status bfd_start(const sp__mob *m, ls_state *ls, int by_time);

/* One start: savings with shape lambda on every depot (lambda -1: best fit
 * decreasing by workers, -2: by the larger share of the day or of the
 * capacity), then local search. */
static sp_status one_start(const sp__mob *m, double lambda, int32_t *L, ls_state *ls)
{
    sp__mset *s = ls->s;
    if (lambda < 0) {
        sp_status st = bfd_start(m, ls, lambda < -1.5);
        if (st != SP_OK)
            return st;
    }
    for (int32_t k = 0; k < m->n_ud && lambda >= 0; k++) {
        int32_t d = m->ud[k], nl = 0;
        for (int32_t v = 0; v < m->nv; v++)
            if (m->vdepot[v] == d)
                L[nl++] = v;
        if (nl == 0)
            continue;
        sp_status st = savings_depot(m, d, L, nl, lambda, s);
        if (st != SP_OK)
            return st;
    }
    for (int32_t r = 0; r < s->n; r++)
        reindex(ls, r);
    ls->stamp = sp_calloc_n((size_t)s->n + 1, sizeof *ls->stamp);
    ls->cand = sp_malloc_n((size_t)s->n + 1, sizeof *ls->cand);
    ls->stamp_now = 0;
    int err = !ls->stamp || !ls->cand;
    for (int it = 0; it < 100000 && !err; it++) {
        int imp = two_opt(ls);
        imp |= relocate(ls, &err);
        if (err)
            break;
        imp |= exchange(ls);
        imp |= two_opt_star(ls, &err);
        if (err)
            break;
        imp |= rehome(ls);
        if (!imp && !eliminate(ls, &err))
            break;
    }
    free(ls->stamp);
    free(ls->cand);
    ls->stamp = ls->cand = NULL;
    return err ? sp_error(SP_E_NOMEM, "mobile: out of memory") : SP_OK;
}

/* Best fit decreasing: heaviest visit first (ties lower index), into the
 * route left with the least spare capacity where it fits (ties: least
 * added drive, lower route), else a new route from its nearest depot.  A
 * packing-minded start next to the savings ones.  by_time: a visit's size
 * is the larger of its share of the capacity and its share of the day
 * (service + drive from its depot), and the spare is the smaller of the
 * two shares left. */
static sp_status bfd_start(const sp__mob *m, ls_state *ls, int by_time)
{
    sp__mset *s = ls->s;
    vw_key *ord = sp_malloc_n((size_t)m->nv + 1, sizeof *ord);
    if (!ord)
        return sp_error(SP_E_NOMEM, "mobile: out of memory");
    for (int32_t v = 0; v < m->nv; v++) {
        ord[v].v = v;
        ord[v].w = m->vw[v];
        if (by_time) {
            double t = m->vserv[v] + sp__mob_c(m, m->vdepot[v], m->vpt[v]);
            ord[v].w = fmax(m->vw[v] / m->cap, t / m->day);
        }
    }
    qsort(ord, (size_t)m->nv, sizeof *ord, cmp_vw);
    for (int32_t k = 0; k < m->nv; k++) {
        int32_t x = ord[k].v, br = -1, bj = -1;
        double bspare = INFINITY, bd = INFINITY;
        for (int32_t r = 0; r < s->n; r++) {
            int32_t at;
            double d = best_insert(ls, r, x, &at);
            if (at < 0)
                continue;
            double spare = m->cap - s->r[r].w - m->vw[x];
            if (by_time) {
                const sp__mroute *R = &s->r[r];
                double tl = m->day - (R->drive + d + R->serv + m->vserv[x]);
                spare = fmin(spare / m->cap, tl / m->day);
            }
            if (spare < bspare || (spare == bspare && d < bd)) {
                bspare = spare;
                bd = d;
                br = r;
                bj = at;
            }
        }
        if (br < 0) {
            if (sp__mset_add(s, m, m->vdepot[x], &x, 1) != 0) {
                free(ord);
                return sp_error(SP_E_NOMEM, "mobile: out of memory");
            }
            continue;
        }
        if (route_insert(&s->r[br], bj, x) != 0) {
            free(ord);
            return sp_error(SP_E_NOMEM, "mobile: out of memory");
        }
        sp__mroute_update(&s->r[br], m);
    }
    free(ord);
    return SP_OK;
}

static double set_drive(const sp__mset *s)
{
    double d = 0;
    for (int32_t r = 0; r < s->n; r++)
        d += s->r[r].drive;
    return d;
}

typedef struct {
    double d;
    int32_t y;
} nb_item;

/* Each visit's K nearest other visits (least of the two directions, ties
 * lower index), nearest first.  OUT: nb (nv x K). */
static int nearest(const sp__mob *m, int32_t K, int32_t *nb)
{
    nb_item *h = sp_malloc_n((size_t)K + 1, sizeof *h);
    if (!h)
        return -1;
    for (int32_t x = 0; x < m->nv; x++) {
        int32_t n = 0;
        for (int32_t y = 0; y < m->nv; y++) {
            if (y == x)
                continue;
            double d = fmin(sp__mob_c(m, m->vpt[x], m->vpt[y]), sp__mob_c(m, m->vpt[y], m->vpt[x]));
            if (n == K && !(d < h[K - 1].d))
                continue;
            int32_t i = n < K ? n++ : K - 1; /* sorted insert, drop the last */
            while (i > 0 && d < h[i - 1].d) {
                h[i] = h[i - 1];
                i--;
            }
            h[i].d = d;
            h[i].y = y;
        }
        for (int32_t k = 0; k < K; k++)
            nb[(size_t)x * K + k] = h[k < n ? k : n - 1].y;
    }
    free(h);
    return 0;
}

#ifndef GRANULAR_FROM
#define GRANULAR_FROM 1200 /* visits; below, every route and visit is tried */
#endif
#ifndef STAR_NEAR_FROM
#define STAR_NEAR_FROM 400 /* visits; above, 2-opt* only tries routes near A */
#endif
#ifndef GRANULAR_K
#define GRANULAR_K 50      /* nearest visits whose routes are tried */
#endif

/* Savings shapes tried (Yellow's lambda), the classic one first; fewer
 * starts on large instances to stay within seconds. */
static const double lambdas[] = {1.0, -1, -2, 0.6, 1.4, 0.3, 1.8, 0.1};

sp_status sp__mob_heuristic(const sp__mob *m, sp__mset *s)
{
    sp_status st = SP_OK;
    int32_t *L = sp_malloc_n((size_t)m->nv + 1, sizeof *L);
    sp__mset cur = {0};
    ls_state ls;
    memset(&ls, 0, sizeof ls);
    ls.m = m;
    ls.s = &cur;
    ls.rof = sp_malloc_n((size_t)m->nv + 1, sizeof *ls.rof);
    ls.pos = sp_malloc_n((size_t)m->nv + 1, sizeof *ls.pos);
    ls.tol = 1e-9 * (1 + m->day);
    if (!L || !ls.rof || !ls.pos) {
        st = sp_error(SP_E_NOMEM, "mobile: out of memory");
        goto done;
    }
    int starts = m->nv <= 400 ? 8 : m->nv <= 2000 ? 3 : 2;
    if (m->nv > STAR_NEAR_FROM) { /* neighbour lists */
        ls.K = GRANULAR_K;
        ls.gran = m->nv > GRANULAR_FROM;
        ls.nb = sp_malloc_n((size_t)m->nv * (size_t)ls.K, sizeof *ls.nb);
        if (!ls.nb || nearest(m, ls.K, ls.nb) != 0) {
            st = sp_error(SP_E_NOMEM, "mobile: out of memory");
            goto done;
        }
    }
    for (int k = 0; k < starts; k++) {
        st = one_start(m, lambdas[k], L, &ls);
        if (st != SP_OK)
            goto done;
        if (k == 0 || cur.n < s->n || (cur.n == s->n && set_drive(&cur) < set_drive(s))) {
            sp__mset_clear(s);
            *s = cur;
            memset(&cur, 0, sizeof cur);
        } else {
            sp__mset_clear(&cur);
        }
    }
done:
    sp__mset_clear(&cur);
    free(L);
    free(ls.rof);
    free(ls.pos);
    free(ls.nb);
    return st;
}
