/* mobile.c — the mobile-unit solver's front (mobile.h): checks the problem,
 * splits stops into visits, runs the heuristic, the exact step and the
 * bound, puts the routes on units and days and fills the plan. */
#include "mobile_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MOB_EXACT_DEFAULT 15

/* --- helpers shared by the steps ------------------------------------------ */

double sp__mob_route_drive(const sp__mob *m, int32_t depot, const int32_t *v, int32_t n)
{
    if (n <= 0)
        return 0;
    double d = sp__mob_c(m, depot, m->vpt[v[0]]);
    for (int32_t i = 1; i < n; i++)
        d += sp__mob_c(m, m->vpt[v[i - 1]], m->vpt[v[i]]);
    return d + sp__mob_c(m, m->vpt[v[n - 1]], depot);
}

void sp__mroute_update(sp__mroute *r, const sp__mob *m)
{
    r->w = 0;
    r->serv = 0;
    for (int32_t i = 0; i < r->n; i++) {
        r->w += m->vw[r->v[i]];
        r->serv += m->vserv[r->v[i]];
    }
    r->drive = sp__mob_route_drive(m, r->depot, r->v, r->n);
}

int sp__mset_add(sp__mset *s, const sp__mob *m, int32_t depot, const int32_t *v, int32_t n)
{
    if (s->n == s->alloc) {
        int32_t na = s->alloc ? 2 * s->alloc : 16;
        sp__mroute *r = sp_realloc_n(s->r, (size_t)na, sizeof *r);
        if (!r)
            return -1;
        s->r = r;
        s->alloc = na;
    }
    sp__mroute *r = &s->r[s->n];
    memset(r, 0, sizeof *r);
    r->depot = depot;
    r->alloc = n > 4 ? n : 4;
    r->v = sp_malloc_n((size_t)r->alloc, sizeof *r->v);
    if (!r->v)
        return -1;
    if (n > 0)
        memcpy(r->v, v, (size_t)n * sizeof *v);
    r->n = n;
    sp__mroute_update(r, m);
    s->n++;
    return 0;
}

void sp__mset_clear(sp__mset *s)
{
    for (int32_t i = 0; i < s->n; i++)
        free(s->r[i].v);
    free(s->r);
    memset(s, 0, sizeof *s);
}

/* --- the problem ------------------------------------------------------------ */

static int bad_num(double x) { return isnan(x) || x < 0; }

static sp_status check_problem(const sp_mobile_problem *p)
{
    if (!p)
        return sp_error(SP_E_INPUT, "mobile: no problem");
    if (p->n_depots < 1)
        return sp_error(SP_E_INPUT, "mobile: no depot");
    if (p->n_stops < 0)
        return sp_error(SP_E_INPUT, "mobile: negative number of stops (%d)", (int)p->n_stops);
    if ((int64_t)p->n_depots + p->n_stops > 46340)
        return sp_error(SP_E_INPUT, "mobile: too many depots and stops (%d + %d)",
                        (int)p->n_depots, (int)p->n_stops);
    if (!p->drive_s)
        return sp_error(SP_E_INPUT, "mobile: no drive times");
    if (p->n_stops > 0 && !p->workers)
        return sp_error(SP_E_INPUT, "mobile: no workers per stop");
    if (p->units < 1)
        return sp_error(SP_E_INPUT, "mobile: units must be at least 1 (got %d)", (int)p->units);
    if (!p->unit_depot)
        return sp_error(SP_E_INPUT, "mobile: no depot per unit");
    if (p->days < 1)
        return sp_error(SP_E_INPUT, "mobile: days must be at least 1 (got %d)", (int)p->days);
    if (!(p->capacity_per_day > 0) || !isfinite(p->capacity_per_day))
        return sp_error(SP_E_INPUT, "mobile: capacity_per_day must be a number > 0 (got %g)",
                        p->capacity_per_day);
    if (!(p->day_s > 0) || !isfinite(p->day_s))
        return sp_error(SP_E_INPUT, "mobile: day length must be > 0 seconds (got %g)", p->day_s);
    if (bad_num(p->setup_s) || !isfinite(p->setup_s))
        return sp_error(SP_E_INPUT, "mobile: setup time must be >= 0 seconds (got %g)", p->setup_s);
    if (bad_num(p->per_worker_s) || !isfinite(p->per_worker_s))
        return sp_error(SP_E_INPUT, "mobile: time per worker must be >= 0 seconds (got %g)",
                        p->per_worker_s);
    for (int32_t u = 0; u < p->units; u++)
        if (p->unit_depot[u] < 0 || p->unit_depot[u] >= p->n_depots)
            return sp_error(SP_E_INPUT, "mobile: unit %d: depot %d out of range (0..%d)",
                            (int)u + 1, (int)p->unit_depot[u], (int)p->n_depots - 1);
    for (int32_t s = 0; s < p->n_stops; s++)
        if (bad_num(p->workers[s]) || !isfinite(p->workers[s]))
            return sp_error(SP_E_INPUT, "mobile: stop %d: workers must be a number >= 0 (got %g)",
                            (int)s, p->workers[s]);
    size_t N = (size_t)p->n_depots + (size_t)p->n_stops;
    for (size_t i = 0; i < N * N; i++)
        if (bad_num(p->drive_s[i]))
            return sp_error(SP_E_INPUT,
                            "mobile: drive time from point %zu to point %zu must be >= 0 or "
                            "infinite (got %g)",
                            i / N, i % N, p->drive_s[i]);
    return SP_OK;
}

/* The instance after the split.  Per stop: reason (SERVED when it gets its
 * visits, or UNREACHABLE / TOO_FAR) and number of visits. */
typedef struct {
    sp__mob m;
    sp_mobile_reason *reason; /* n_stops */
    int32_t *nvis;            /* n_stops */
} mob_inst;

static void inst_free(mob_inst *I)
{
    free(I->m.vstop);
    free(I->m.vpt);
    free(I->m.vw);
    free(I->m.vserv);
    free(I->m.vdepot);
    free(I->m.ud);
    free(I->reason);
    free(I->nvis);
    memset(I, 0, sizeof *I);
}

/* Visit split (mobile.h "Visits"). */
static sp_status inst_build(const sp_mobile_problem *p, mob_inst *I)
{
    memset(I, 0, sizeof *I);
    sp__mob *m = &I->m;
    int32_t nd = p->n_depots, ns = p->n_stops;
    m->nd = nd;
    m->N = nd + ns;
    m->D = p->drive_s;
    m->cap = p->capacity_per_day;
    m->day = p->day_s;
    m->eps_w = 1e-9 * p->capacity_per_day;
    m->eps_t = 1e-9 * p->day_s;
    uint8_t *has = sp_calloc_n((size_t)nd, 1);
    I->reason = sp_calloc_n((size_t)ns + 1, sizeof *I->reason);
    I->nvis = sp_calloc_n((size_t)ns + 1, sizeof *I->nvis);
    int32_t *near = sp_malloc_n((size_t)ns + 1, sizeof *near);
    double *qmax = sp_malloc_n((size_t)ns + 1, sizeof *qmax);
    m->ud = sp_malloc_n((size_t)nd, sizeof *m->ud);
    sp_status st = SP_OK;
    if (!has || !I->reason || !I->nvis || !near || !qmax || !m->ud) {
        st = sp_error(SP_E_NOMEM, "mobile: out of memory");
        goto done;
    }
    for (int32_t u = 0; u < p->units; u++)
        has[p->unit_depot[u]] = 1;
    for (int32_t d = 0; d < nd; d++)
        if (has[d])
            m->ud[m->n_ud++] = d;
    /* visits per stop */
    int64_t nv = 0;
    for (int32_t s = 0; s < ns; s++) {
        double w = p->workers[s];
        I->reason[s] = SP_MOBILE_SERVED;
        near[s] = -1;
        if (!(w > 0))
            continue;
        double best = INFINITY;
        for (int32_t k = 0; k < m->n_ud; k++) {
            int32_t d = m->ud[k];
            double rt = sp__mob_c(m, d, nd + s) + sp__mob_c(m, nd + s, d);
            if (rt < best) {
                best = rt;
                near[s] = d;
            }
        }
        if (!isfinite(best)) {
            I->reason[s] = SP_MOBILE_UNREACHABLE;
            near[s] = -1;
            continue;
        }
        double avail = p->day_s - best - p->setup_s;
        double q;
        if (avail < -m->eps_t)
            q = 0;
        else if (p->per_worker_s > 0)
            q = fmin(p->capacity_per_day, floor((avail + m->eps_t) / p->per_worker_s));
        else
            q = p->capacity_per_day;
        if (!(q >= 1)) {
            I->reason[s] = SP_MOBILE_TOO_FAR;
            continue;
        }
        qmax[s] = q;
        double k = floor(w / q);
        double rest = w - k * q;
        if (rest <= 1e-9 * w)
            rest = 0;
        double cnt = k + (rest > 0);
        if (nv + cnt > 1e8) {
            st = sp_error(SP_E_INPUT, "mobile: too many visits (stop %d needs %.0f)", (int)s, cnt);
            goto done;
        }
        I->nvis[s] = (int32_t)cnt;
        nv += (int64_t)cnt;
    }
    m->nv = (int32_t)nv;
    m->vstop = sp_malloc_n((size_t)nv + 1, sizeof *m->vstop);
    m->vpt = sp_malloc_n((size_t)nv + 1, sizeof *m->vpt);
    m->vw = sp_malloc_n((size_t)nv + 1, sizeof *m->vw);
    m->vserv = sp_malloc_n((size_t)nv + 1, sizeof *m->vserv);
    m->vdepot = sp_malloc_n((size_t)nv + 1, sizeof *m->vdepot);
    if (!m->vstop || !m->vpt || !m->vw || !m->vserv || !m->vdepot) {
        st = sp_error(SP_E_NOMEM, "mobile: out of memory");
        goto done;
    }
    int32_t v = 0;
    for (int32_t s = 0; s < ns; s++) {
        double left = p->workers[s];
        for (int32_t k = 0; k < I->nvis[s]; k++, v++) {
            double w = k + 1 < I->nvis[s] ? qmax[s] : left;
            if (w > qmax[s]) /* rounding: the last visit holds at most q_max */
                w = qmax[s];
            left -= w;
            m->vstop[v] = s;
            m->vpt[v] = nd + s;
            m->vw[v] = w;
            m->vserv[v] = p->setup_s + w * p->per_worker_s;
            m->vdepot[v] = near[s];
        }
    }
done:
    free(has);
    free(near);
    free(qmax);
    if (st != SP_OK)
        inst_free(I);
    return st;
}

/* --- public ----------------------------------------------------------------- */

int32_t sp_mobile_lower_bound(const sp_mobile_problem *p)
{
    if (check_problem(p) != SP_OK)
        return -1;
    mob_inst I;
    if (inst_build(p, &I) != SP_OK)
        return -1;
    int32_t lb = sp__mob_bound(&I.m);
    inst_free(&I);
    return lb;
}

const char *sp_mobile_reason_name(sp_mobile_reason r)
{
    switch (r) {
    case SP_MOBILE_SERVED: return "served";
    case SP_MOBILE_UNREACHABLE: return "unreachable";
    case SP_MOBILE_TOO_FAR: return "too_far";
    case SP_MOBILE_NO_DAYS: return "no_days";
    default: return "unknown";
    }
}

void sp_mobile_plan_free(sp_mobile_plan *plan)
{
    if (!plan)
        return;
    free(plan->route);
    free(plan->visit);
    free(plan->stop_served);
    free(plan->stop_visits);
    free(plan->stop_reason);
    free(plan);
}

static int progress(const sp_mobile_problem *p, double f, const char *msg)
{
    return !p->progress || p->progress(f, msg, p->parg);
}

/* Canonical route order: by depot, then by the lowest visit. */
static int32_t route_min(const sp__mroute *r)
{
    int32_t lo = INT32_MAX;
    for (int32_t i = 0; i < r->n; i++)
        if (r->v[i] < lo)
            lo = r->v[i];
    return lo;
}

typedef struct {
    int32_t depot, minv; /* sort keys */
    int32_t sidx;        /* index in the route set */
    int32_t idx;         /* canonical index */
    double w;
} route_key;

static int cmp_route_key(const void *a, const void *b)
{
    const route_key *x = a, *y = b;
    if (x->depot != y->depot)
        return x->depot < y->depot ? -1 : 1;
    if (x->minv != y->minv)
        return x->minv < y->minv ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int cmp_canon(const void *a, const void *b)
{
    const route_key *x = a, *y = b;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Most workers first, ties lower canonical index. */
static int cmp_keep(const void *a, const void *b)
{
    const route_key *x = a, *y = b;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

typedef struct {
    int32_t route, unit, day;
} slot;

static int cmp_slot(const void *a, const void *b)
{
    const slot *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return (x->unit > y->unit) - (x->unit < y->unit);
}

sp_status sp_mobile_solve(const sp_mobile_problem *p, sp_mobile_plan **out)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (out)
        *out = NULL;
    if (!out)
        return sp_error(SP_E_INPUT, "mobile: no output");
    sp_status st = check_problem(p);
    if (st != SP_OK)
        return st;
    mob_inst I;
    st = inst_build(p, &I);
    if (st != SP_OK)
        return st;
    sp__mob *m = &I.m;
    int32_t ns = p->n_stops;
    sp__mset S = {0};
    sp_mobile_plan *pl = calloc(1, sizeof *pl);
    route_key *keys = NULL;
    slot *slots = NULL;
    uint8_t *kept_visit = NULL;
    if (!pl) {
        st = sp_error(SP_E_NOMEM, "mobile: out of memory");
        goto fail;
    }
    if (!progress(p, 0.05, "mobile: savings and local search")) {
        st = sp_error(SP_E_CANCEL, "mobile: cancelled");
        goto fail;
    }
    st = sp__mob_heuristic(m, &S);
    if (st != SP_OK)
        goto fail;
    int32_t lb = sp__mob_bound(m);
    int max_exact = p->exact_max_visits == 0 ? MOB_EXACT_DEFAULT : p->exact_max_visits;
    if (max_exact > SP__MOB_EXACT_CAP)
        max_exact = SP__MOB_EXACT_CAP;
    if (m->nv > 0 && m->nv <= max_exact) {
        if (!progress(p, 0.6, "mobile: exact step")) {
            st = sp_error(SP_E_CANCEL, "mobile: cancelled");
            goto fail;
        }
        sp__mset E = {0};
        st = sp__mob_exact(m, &E);
        if (st != SP_OK) {
            sp__mset_clear(&E);
            goto fail;
        }
        sp__mset_clear(&S);
        S = E;
        pl->enumerated = 1;
        if (S.n > lb)
            lb = S.n;
    }
    pl->lower_bound = lb;
    pl->unit_days_needed = S.n;
    pl->exact = pl->enumerated || S.n == lb;
    pl->visits_needed = m->nv;
    int64_t avail = (int64_t)p->units * p->days;
    pl->unit_days_available = avail > INT32_MAX ? INT32_MAX : (int32_t)avail;

    /* Canonical order of the routes, then keep per depot what fits. */
    keys = sp_malloc_n((size_t)S.n + 1, sizeof *keys);
    slots = sp_malloc_n((size_t)S.n + 1, sizeof *slots);
    kept_visit = sp_calloc_n((size_t)m->nv + 1, 1);
    pl->stop_served = sp_calloc_n((size_t)ns + 1, sizeof *pl->stop_served);
    pl->stop_visits = sp_calloc_n((size_t)ns + 1, sizeof *pl->stop_visits);
    pl->stop_reason = sp_calloc_n((size_t)ns + 1, sizeof *pl->stop_reason);
    if (!keys || !slots || !kept_visit || !pl->stop_served || !pl->stop_visits ||
        !pl->stop_reason) {
        st = sp_error(SP_E_NOMEM, "mobile: out of memory");
        goto fail;
    }
    for (int32_t r = 0; r < S.n; r++) {
        keys[r].depot = S.r[r].depot;
        keys[r].minv = route_min(&S.r[r]);
        keys[r].sidx = r;
        keys[r].idx = 0;
        keys[r].w = S.r[r].w;
    }
    qsort(keys, (size_t)S.n, sizeof *keys, cmp_route_key);
    for (int32_t r = 0; r < S.n; r++)
        keys[r].idx = r; /* the canonical route index */
    int32_t n_kept = 0;
    for (int32_t k = 0; k < m->n_ud; k++) {
        int32_t d = m->ud[k];
        int32_t units_d = 0;
        for (int32_t u = 0; u < p->units; u++)
            units_d += p->unit_depot[u] == d;
        int32_t lo = 0, hi;
        while (lo < S.n && keys[lo].depot != d)
            lo++;
        for (hi = lo; hi < S.n && keys[hi].depot == d; hi++)
            ;
        int32_t nr = hi - lo;
        if (nr == 0)
            continue;
        int64_t room = (int64_t)units_d * p->days;
        route_key *sub = sp_malloc_n((size_t)nr, sizeof *sub);
        if (!sub) {
            st = sp_error(SP_E_NOMEM, "mobile: out of memory");
            goto fail;
        }
        memcpy(sub, keys + lo, (size_t)nr * sizeof *sub);
        if (nr > room) {
            qsort(sub, (size_t)nr, sizeof *sub, cmp_keep);
            nr = (int32_t)room;
            /* back to index order */
            qsort(sub, (size_t)nr, sizeof *sub, cmp_canon);
        }
        int32_t kk = 0;
        for (int32_t i = 0; i < nr; i++, kk++) {
            int32_t day = kk / units_d, ui = kk % units_d, unit = -1;
            for (int32_t u = 0; u < p->units; u++)
                if (p->unit_depot[u] == d && ui-- == 0) {
                    unit = u;
                    break;
                }
            slots[n_kept].route = sub[i].sidx;
            slots[n_kept].unit = unit;
            slots[n_kept].day = day;
            n_kept++;
        }
        free(sub);
    }
    qsort(slots, (size_t)n_kept, sizeof *slots, cmp_slot);

    /* Fill the plan. */
    size_t nvk = 0;
    for (int32_t i = 0; i < n_kept; i++)
        nvk += (size_t)S.r[slots[i].route].n;
    pl->route = sp_calloc_n((size_t)n_kept + 1, sizeof *pl->route);
    pl->visit = sp_calloc_n(nvk + 1, sizeof *pl->visit);
    if (!pl->route || !pl->visit) {
        st = sp_error(SP_E_NOMEM, "mobile: out of memory");
        goto fail;
    }
    pl->n_routes = n_kept;
    pl->n_visits = nvk;
    size_t at = 0;
    for (int32_t i = 0; i < n_kept; i++) {
        const sp__mroute *r = &S.r[slots[i].route];
        sp_mobile_route *o = &pl->route[i];
        o->unit = slots[i].unit;
        o->day = slots[i].day;
        o->depot = r->depot;
        o->first = (int32_t)at;
        o->n = r->n;
        double t = 0, drive = 0, w = 0;
        int32_t prev = r->depot;
        for (int32_t j = 0; j < r->n; j++) {
            int32_t v = r->v[j];
            sp_mobile_visit *x = &pl->visit[at++];
            double dr = sp__mob_c(m, prev, m->vpt[v]);
            x->stop = m->vstop[v];
            x->workers = m->vw[v];
            x->drive_in_s = dr;
            x->arrive_s = t + dr;
            x->depart_s = x->arrive_s + m->vserv[v];
            t = x->depart_s;
            drive += dr;
            w += m->vw[v];
            prev = m->vpt[v];
            kept_visit[v] = 1;
            pl->stop_served[m->vstop[v]] += m->vw[v];
        }
        double back = sp__mob_c(m, prev, r->depot);
        o->drive_s = drive + back;
        o->end_s = t + back;
        o->workers = w;
        pl->drive_s_total += o->drive_s;
    }
    pl->unit_days_used = n_kept;
    for (int32_t s = 0; s < ns; s++) {
        double w = p->workers[s];
        pl->workers_total += w;
        pl->stop_reason[s] = I.reason[s];
        pl->stop_visits[s] = I.nvis[s];
        if (I.reason[s] == SP_MOBILE_SERVED && pl->stop_served[s] < w - 1e-9 * w)
            pl->stop_reason[s] = SP_MOBILE_NO_DAYS;
        if (pl->stop_reason[s] == SP_MOBILE_SERVED) {
            pl->stop_served[s] = w; /* exact sum, no rounding drift */
        }
        pl->workers_served += pl->stop_served[s];
        if (pl->stop_reason[s] != SP_MOBILE_SERVED)
            pl->workers_unserved[pl->stop_reason[s]] += w - pl->stop_served[s];
    }
    sp__mset_clear(&S);
    free(keys);
    free(slots);
    free(kept_visit);
    inst_free(&I);
    progress(p, 1.0, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    pl->seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    *out = pl;
    return SP_OK;
fail:
    sp__mset_clear(&S);
    free(keys);
    free(slots);
    free(kept_visit);
    inst_free(&I);
    sp_mobile_plan_free(pl);
    return st;
}
