/* test_mobile.c — the mobile-unit solver (siting/mobile.h): every plan is
 * checked for feasibility and consistency (capacity, day length, times,
 * units and days, totals); the lower bound never exceeds the plan; the exact
 * step equals an independent brute force (set partitions x permutations) on
 * tiny instances and is never worse than the heuristic; hand-made cases for
 * the visit split, the reasons, two depots and more units; bad inputs.
 *
 * SP_MOBILE_BENCH=1 also times 300- and 1000-stop instances (and
 * SP_MOBILE_BENCH_N=N stops). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mobile.h"
#include "status.h"
#include "test.h"
#define SP_TEST_RNG_SEED 20261202
#include "test_rng.h"

/* --- random numbers (tests/test_rng.h) --------------------------------------- */

static int rnd(int lo, int hi) { return rng_range(lo, hi); }
static double rnd01(void) { return rng_unit(); }

/* --- instances --------------------------------------------------------------- */

typedef struct {
    sp_mobile_problem p;
    double *D, *w, *x, *y;
    int32_t *ud;
} inst;

static void inst_free(inst *I)
{
    free(I->D);
    free(I->w);
    free(I->x);
    free(I->y);
    free(I->ud);
    memset(I, 0, sizeof *I);
}

/* Random points in a side x side square (metres), drive at speed m/s;
 * asym > 0 multiplies each directed time by 1 + asym * U(0,1). */
static void inst_random(inst *I, int nd, int ns, int units, int days, double side, double speed,
                        double asym, double wlo, double whi)
{
    memset(I, 0, sizeof *I);
    int N = nd + ns;
    I->D = calloc((size_t)N * N, sizeof *I->D);
    I->w = calloc((size_t)ns + 1, sizeof *I->w);
    I->x = calloc((size_t)N, sizeof *I->x);
    I->y = calloc((size_t)N, sizeof *I->y);
    I->ud = calloc((size_t)units, sizeof *I->ud);
    for (int i = 0; i < N; i++) {
        I->x[i] = rnd01() * side;
        I->y[i] = rnd01() * side;
    }
    for (int a = 0; a < N; a++)
        for (int b = 0; b < N; b++) {
            double d = hypot(I->x[a] - I->x[b], I->y[a] - I->y[b]) / speed;
            if (a != b && asym > 0)
                d *= 1 + asym * rnd01();
            I->D[a * N + b] = a == b ? 0 : d;
        }
    for (int s = 0; s < ns; s++)
        I->w[s] = (double)rnd((int)wlo, (int)whi);
    for (int u = 0; u < units; u++)
        I->ud[u] = u % nd;
    I->p.n_depots = nd;
    I->p.n_stops = ns;
    I->p.drive_s = I->D;
    I->p.workers = I->w;
    I->p.capacity_per_day = 400;
    I->p.day_s = 8 * 3600;
    I->p.setup_s = 1800;
    I->p.per_worker_s = 0;
    I->p.units = units;
    I->p.unit_depot = I->ud;
    I->p.days = days;
}

/* Empty instance of nd depots and ns stops with all drives INFINITY but
 * the diagonal; set entries with set_d. */
static void inst_blank(inst *I, int nd, int ns, int units)
{
    memset(I, 0, sizeof *I);
    int N = nd + ns;
    I->D = calloc((size_t)N * N, sizeof *I->D);
    I->w = calloc((size_t)ns + 1, sizeof *I->w);
    I->ud = calloc((size_t)units, sizeof *I->ud);
    for (int a = 0; a < N; a++)
        for (int b = 0; b < N; b++)
            I->D[a * N + b] = a == b ? 0 : INFINITY;
    I->p.n_depots = nd;
    I->p.n_stops = ns;
    I->p.drive_s = I->D;
    I->p.workers = I->w;
    I->p.capacity_per_day = 400;
    I->p.day_s = 8 * 3600;
    I->p.setup_s = 0;
    I->p.per_worker_s = 0;
    I->p.units = units;
    I->p.unit_depot = I->ud;
    I->p.days = 20;
}

static void set_d(inst *I, int a, int b, double t) /* both directions */
{
    int N = I->p.n_depots + I->p.n_stops;
    I->D[a * N + b] = t;
    I->D[b * N + a] = t;
}

/* --- the checker --------------------------------------------------------------- */

/* Every property of a plan that does not need the optimum.  Returns the
 * number of violations (printed). */
static int check_plan(const sp_mobile_problem *p, const sp_mobile_plan *pl)
{
    int bad = 0;
#define CHK(c, ...)                                                                           \
    do {                                                                                        \
        if (!(c)) {                                                                             \
            if (bad++ < 5) {                                                                    \
                fprintf(stderr, "  check failed: %s: ", #c);                                  \
                fprintf(stderr, __VA_ARGS__);                                                   \
                fputc('\n', stderr);                                                            \
            }                                                                                   \
        }                                                                                       \
    } while (0)
    int N = p->n_depots + p->n_stops;
    double ttol = 1e-6 * p->day_s, wtol = 1e-9 * p->capacity_per_day;
    double *served = calloc((size_t)p->n_stops + 1, sizeof *served);
    int *nvis = calloc((size_t)p->n_stops + 1, sizeof *nvis);
    uint8_t *busy = calloc((size_t)p->units * p->days, 1);
    size_t nv = 0;
    double drive_total = 0;
    for (int r = 0; r < pl->n_routes; r++) {
        const sp_mobile_route *R = &pl->route[r];
        CHK(R->unit >= 0 && R->unit < p->units, "route %d unit %d", r, R->unit);
        CHK(R->day >= 0 && R->day < p->days, "route %d day %d", r, R->day);
        if (R->unit < 0 || R->unit >= p->units || R->day < 0 || R->day >= p->days)
            continue;
        CHK(p->unit_depot[R->unit] == R->depot, "route %d depot %d unit's %d", r, R->depot,
            p->unit_depot[R->unit]);
        CHK(!busy[R->unit * p->days + R->day], "unit %d twice on day %d", R->unit, R->day);
        busy[R->unit * p->days + R->day] = 1;
        if (r > 0) {
            const sp_mobile_route *Q = &pl->route[r - 1];
            CHK(Q->day < R->day || (Q->day == R->day && Q->unit < R->unit), "order at route %d", r);
        }
        CHK((size_t)R->first == nv && R->n >= 1, "route %d first %d n %d", r, R->first, R->n);
        int prev = R->depot;
        double t = 0, drive = 0, w = 0;
        for (int j = 0; j < R->n && (size_t)(R->first + j) < pl->n_visits; j++) {
            const sp_mobile_visit *v = &pl->visit[R->first + j];
            int pt = p->n_depots + v->stop;
            double dr = p->drive_s[prev * N + pt];
            CHK(fabs(v->drive_in_s - dr) <= 1e-9 * (1 + dr), "drive_in %g vs %g", v->drive_in_s, dr);
            CHK(fabs(v->arrive_s - (t + dr)) <= 1e-6, "arrive %g vs %g", v->arrive_s, t + dr);
            double dep = v->arrive_s + p->setup_s + v->workers * p->per_worker_s;
            CHK(fabs(v->depart_s - dep) <= 1e-6, "depart %g vs %g", v->depart_s, dep);
            CHK(v->workers > 0, "visit with %g workers", v->workers);
            t = v->depart_s;
            drive += dr;
            w += v->workers;
            served[v->stop] += v->workers;
            nvis[v->stop]++;
            prev = pt;
        }
        double back = p->drive_s[prev * N + R->depot];
        CHK(fabs(R->end_s - (t + back)) <= 1e-6, "end %g vs %g", R->end_s, t + back);
        CHK(R->end_s <= p->day_s + ttol, "route %d ends at %g > day %g", r, R->end_s, p->day_s);
        CHK(w <= p->capacity_per_day + wtol, "route %d serves %g > %g", r, w, p->capacity_per_day);
        CHK(fabs(R->workers - w) <= 1e-9 * (1 + w), "route workers %g vs %g", R->workers, w);
        CHK(fabs(R->drive_s - (drive + back)) <= 1e-6, "route drive %g vs %g", R->drive_s,
            drive + back);
        drive_total += R->drive_s;
        nv += (size_t)R->n;
    }
    CHK(nv == pl->n_visits, "visits %zu vs %zu", nv, pl->n_visits);
    CHK(fabs(drive_total - pl->drive_s_total) <= 1e-6 * (1 + drive_total), "drive total");
    CHK(pl->unit_days_used == pl->n_routes, "used %d routes %d", pl->unit_days_used, pl->n_routes);
    CHK(pl->unit_days_used <= pl->unit_days_needed, "used > needed");
    CHK(pl->unit_days_used <= pl->unit_days_available, "used > available");
    CHK(pl->unit_days_available == p->units * p->days, "available");
    CHK(pl->lower_bound <= pl->unit_days_needed, "bound %d > needed %d", pl->lower_bound,
        pl->unit_days_needed);
    CHK(pl->lower_bound >= 0, "bound < 0");
    double total = 0, srv = 0, uns = 0;
    int visits_needed = 0;
    for (int s = 0; s < p->n_stops; s++) {
        double w = p->workers[s];
        total += w;
        srv += pl->stop_served[s];
        visits_needed += pl->stop_visits[s];
        CHK(fabs(served[s] - pl->stop_served[s]) <= 1e-9 * (1 + w), "stop %d served %g vs %g", s,
            served[s], pl->stop_served[s]);
        CHK(nvis[s] <= pl->stop_visits[s], "stop %d visited %d > %d", s, nvis[s],
            pl->stop_visits[s]);
        if (pl->stop_reason[s] == SP_MOBILE_SERVED) {
            CHK(fabs(pl->stop_served[s] - w) <= 1e-9 * (1 + w), "served stop %d: %g of %g", s,
                pl->stop_served[s], w);
            CHK(nvis[s] == pl->stop_visits[s], "served stop %d: %d of %d visits", s, nvis[s],
                pl->stop_visits[s]);
        } else {
            CHK(pl->stop_served[s] < w, "unserved stop %d fully served", s);
        }
        if (pl->stop_reason[s] == SP_MOBILE_UNREACHABLE || pl->stop_reason[s] == SP_MOBILE_TOO_FAR)
            CHK(pl->stop_visits[s] == 0 && nvis[s] == 0, "unservable stop %d visited", s);
    }
    for (int r = 1; r < SP_MOBILE_REASON_COUNT; r++)
        uns += pl->workers_unserved[r];
    CHK(pl->workers_unserved[SP_MOBILE_SERVED] == 0, "unserved[served]");
    CHK(fabs(total - pl->workers_total) <= 1e-9 * (1 + total), "total");
    CHK(fabs(srv - pl->workers_served) <= 1e-9 * (1 + total), "served sum");
    CHK(fabs(pl->workers_served + uns - pl->workers_total) <= 1e-9 * (1 + total),
        "served %g + unserved %g != total %g", pl->workers_served, uns, pl->workers_total);
    CHK(visits_needed == pl->visits_needed, "visits_needed");
    /* days suffice: every servable visit is served exactly once */
    if (pl->unit_days_used == pl->unit_days_needed) {
        CHK(pl->workers_unserved[SP_MOBILE_NO_DAYS] == 0, "no_days while all fit");
        CHK((int)pl->n_visits == pl->visits_needed, "visits %zu of %d", pl->n_visits,
            pl->visits_needed);
    } else {
        CHK(pl->workers_unserved[SP_MOBILE_NO_DAYS] > 0, "routes dropped but no no_days");
    }
    if (pl->enumerated)
        CHK(pl->exact && pl->lower_bound == pl->unit_days_needed, "enumerated but not exact");
    if (pl->exact && !pl->enumerated)
        CHK(pl->lower_bound == pl->unit_days_needed, "exact without proof");
    free(served);
    free(nvis);
    free(busy);
#undef CHK
    return bad;
}

static sp_mobile_plan *solve_ok(const sp_mobile_problem *p)
{
    sp_mobile_plan *pl = NULL;
    sp_error_clear();
    sp_status st = sp_mobile_solve(p, &pl);
    if (st != SP_OK) {
        fprintf(stderr, "  solve failed: %s\n", sp_error_message());
        return NULL;
    }
    return pl;
}

/* --- independent brute force (tiny instances) ------------------------------- */

typedef struct {
    int nv;
    int stop[8];
    double w[8], serv[8];
} bf_visits;

/* The README split, written again from the rule. */
static int bf_split(const sp_mobile_problem *p, bf_visits *B)
{
    int N = p->n_depots + p->n_stops;
    B->nv = 0;
    for (int s = 0; s < p->n_stops; s++) {
        double w = p->workers[s];
        if (w <= 0)
            continue;
        double rt = INFINITY;
        for (int u = 0; u < p->units; u++) {
            int d = p->unit_depot[u], ps = p->n_depots + s;
            double x = p->drive_s[d * N + ps] + p->drive_s[ps * N + d];
            if (x < rt)
                rt = x;
        }
        if (!isfinite(rt))
            continue;
        double q = p->capacity_per_day;
        if (p->per_worker_s > 0)
            q = fmin(q, floor((p->day_s - rt - p->setup_s) / p->per_worker_s));
        else if (rt + p->setup_s > p->day_s)
            q = 0;
        if (q < 1)
            continue;
        while (w > 1e-9) {
            double x = w > q ? q : w;
            if (B->nv >= 7)
                return -1; /* brute force up to 7 visits */
            B->stop[B->nv] = s;
            B->w[B->nv] = x;
            B->serv[B->nv] = p->setup_s + x * p->per_worker_s;
            B->nv++;
            w -= x;
        }
    }
    return B->nv;
}

static double bf_best_drive; /* per subset: least drive over depots and orders */
static void bf_perm(const sp_mobile_problem *p, const bf_visits *B, int d, int *seq, int k,
                    int at, double sofar)
{
    int N = p->n_depots + p->n_stops;
    if (at == k) {
        double t = sofar + p->drive_s[(p->n_depots + B->stop[seq[k - 1]]) * N + d];
        if (t < bf_best_drive)
            bf_best_drive = t;
        return;
    }
    for (int i = at; i < k; i++) {
        int tmp = seq[at];
        seq[at] = seq[i];
        seq[i] = tmp;
        int from = at == 0 ? d : p->n_depots + B->stop[seq[at - 1]];
        bf_perm(p, B, d, seq, k, at + 1,
                sofar + p->drive_s[from * N + p->n_depots + B->stop[seq[at]]]);
        seq[i] = seq[at];
        seq[at] = tmp;
    }
}

static double bf_route[256];
static int bf_min_routes;
static double bf_min_drive;
static int bf_block[8];

/* Set partitions: visit i joins an existing block or opens a new one. */
static void bf_part(const bf_visits *B, int i, int nb)
{
    if (i == B->nv) {
        double drive = 0;
        for (int b = 0; b < nb; b++) {
            if (!isfinite(bf_route[bf_block[b]]))
                return;
            drive += bf_route[bf_block[b]];
        }
        if (nb < bf_min_routes || (nb == bf_min_routes && drive < bf_min_drive)) {
            bf_min_routes = nb;
            bf_min_drive = drive;
        }
        return;
    }
    for (int b = 0; b < nb; b++) {
        bf_block[b] |= 1 << i;
        bf_part(B, i + 1, nb);
        bf_block[b] &= ~(1 << i);
    }
    bf_block[nb] = 1 << i;
    bf_part(B, i + 1, nb + 1);
    bf_block[nb] = 0;
}

static void brute_force(const sp_mobile_problem *p, const bf_visits *B, int *routes, double *drive)
{
    for (int mask = 1; mask < 1 << B->nv; mask++) {
        int seq[8], k = 0;
        double w = 0, serv = 0;
        for (int v = 0; v < B->nv; v++)
            if (mask >> v & 1) {
                seq[k++] = v;
                w += B->w[v];
                serv += B->serv[v];
            }
        bf_route[mask] = INFINITY;
        if (w > p->capacity_per_day * (1 + 1e-12))
            continue;
        for (int u = 0; u < p->units; u++) {
            bf_best_drive = INFINITY;
            bf_perm(p, B, p->unit_depot[u], seq, k, 0, 0);
            if (bf_best_drive + serv <= p->day_s * (1 + 1e-12) && bf_best_drive < bf_route[mask])
                bf_route[mask] = bf_best_drive;
        }
    }
    bf_min_routes = 1 << 30;
    bf_min_drive = INFINITY;
    memset(bf_block, 0, sizeof bf_block);
    if (B->nv == 0) {
        bf_min_routes = 0;
        bf_min_drive = 0;
    } else {
        bf_part(B, 0, 0);
    }
    *routes = bf_min_routes;
    *drive = bf_min_drive;
}

/* --- tests ---------------------------------------------------------------------- */

TEST(bad_inputs)
{
    inst I;
    inst_random(&I, 1, 3, 1, 5, 10000, 10, 0, 10, 100);
    sp_mobile_plan *pl = NULL;
    sp_mobile_problem base = I.p;
#define BAD(stmt, needle)                                                                      \
    do {                                                                                       \
        I.p = base;                                                                            \
        stmt;                                                                                  \
        sp_error_clear();                                                                      \
        pl = NULL;                                                                             \
        sp_status st_ = sp_mobile_solve(&I.p, &pl);                                            \
        ASSERT_EQ_INT(st_, SP_E_INPUT);                                                        \
        ASSERT(pl == NULL);                                                                    \
        ASSERT_CONTAINS(sp_error_message(), needle);                                           \
        ASSERT_EQ_INT(sp_mobile_lower_bound(&I.p), -1);                                        \
    } while (0)
    BAD(I.p.n_depots = 0, "no depot");
    BAD(I.p.units = 0, "units");
    BAD(I.p.days = 0, "days");
    BAD(I.p.capacity_per_day = 0, "capacity_per_day");
    BAD(I.p.capacity_per_day = NAN, "capacity_per_day");
    BAD(I.p.day_s = 0, "day length");
    BAD(I.p.setup_s = -1, "setup");
    BAD(I.p.per_worker_s = NAN, "per worker");
    BAD(I.ud[0] = 1, "out of range");
    I.ud[0] = 0;
    BAD(I.w[1] = -5, "workers");
    I.w[1] = 5;
    BAD(I.D[1] = -1, "drive time");
    I.D[1] = 10;
    BAD(I.D[2] = NAN, "drive time");
    I.p = base;
    I.D[2] = 10;
    pl = solve_ok(&I.p);
    ASSERT(pl != NULL);
    ASSERT_EQ_INT(check_plan(&I.p, pl), 0);
    sp_mobile_plan_free(pl);
    sp_mobile_plan_free(NULL);
    inst_free(&I);
}

/* No stops, or only stops without workers: an empty plan, proven. */
TEST(empty)
{
    double D[1] = {0};
    int32_t ud[1] = {0};
    sp_mobile_problem p = {0};
    p.n_depots = 1;
    p.drive_s = D;
    p.capacity_per_day = 400;
    p.day_s = 28800;
    p.units = 1;
    p.unit_depot = ud;
    p.days = 5;
    sp_mobile_plan *pl = solve_ok(&p);
    ASSERT(pl);
    ASSERT_EQ_INT(pl->n_routes, 0);
    ASSERT_EQ_INT(pl->n_visits, 0);
    ASSERT_EQ_INT(pl->lower_bound, 0);
    ASSERT(pl->exact && !pl->enumerated);
    ASSERT_EQ_INT(pl->unit_days_available, 5);
    sp_mobile_plan_free(pl);
    inst I;
    inst_random(&I, 1, 4, 1, 5, 1000, 8, 0, 0, 0); /* 0 workers everywhere */
    pl = solve_ok(&I.p);
    ASSERT(pl);
    ASSERT_EQ_INT(check_plan(&I.p, pl), 0);
    ASSERT_EQ_INT(pl->n_routes, 0);
    for (int s = 0; s < 4; s++) {
        ASSERT_EQ_INT(pl->stop_reason[s], SP_MOBILE_SERVED);
        ASSERT_EQ_INT(pl->stop_visits[s], 0);
    }
    sp_mobile_plan_free(pl);
    inst_free(&I);
}

TEST(reason_names)
{
    ASSERT_STR_EQ(sp_mobile_reason_name(SP_MOBILE_SERVED), "served");
    ASSERT_STR_EQ(sp_mobile_reason_name(SP_MOBILE_UNREACHABLE), "unreachable");
    ASSERT_STR_EQ(sp_mobile_reason_name(SP_MOBILE_TOO_FAR), "too_far");
    ASSERT_STR_EQ(sp_mobile_reason_name(SP_MOBILE_NO_DAYS), "no_days");
}

/* 1000 workers, capacity 400: visits of 400, 400, 200 on three days. */
TEST(split_big_stop)
{
    inst I;
    inst_blank(&I, 1, 2, 1);
    set_d(&I, 0, 1, 600);
    set_d(&I, 0, 2, 900);
    set_d(&I, 1, 2, 400);
    I.w[0] = 1000;
    I.w[1] = 150;
    I.p.setup_s = 1800;
    sp_mobile_plan *pl = solve_ok(&I.p);
    ASSERT(pl);
    ASSERT_EQ_INT(check_plan(&I.p, pl), 0);
    ASSERT_EQ_INT(pl->stop_visits[0], 3);
    ASSERT_EQ_INT(pl->stop_visits[1], 1);
    ASSERT_EQ_INT(pl->visits_needed, 4);
    /* 1150 workers / 400 -> 3 days at least; 400, 400, 200 + 150 */
    ASSERT_EQ_INT(pl->unit_days_needed, 3);
    ASSERT_EQ_INT(pl->lower_bound, 3);
    ASSERT(pl->exact && pl->enumerated);
    int n400 = 0, n200 = 0;
    for (size_t v = 0; v < pl->n_visits; v++)
        if (pl->visit[v].stop == 0) {
            n400 += pl->visit[v].workers == 400;
            n200 += pl->visit[v].workers == 200;
        }
    ASSERT_EQ_INT(n400, 2);
    ASSERT_EQ_INT(n200, 1);
    ASSERT_NEAR(pl->workers_served, 1150, 1e-9);
    for (int r = 0; r < pl->n_routes; r++)
        ASSERT_EQ_INT(pl->route[r].day, r);
    sp_mobile_plan_free(pl);
    /* by time: 60 s a worker, 30 min setup, 30 min each way: q_max = 390 */
    I.p.per_worker_s = 60;
    set_d(&I, 0, 1, 1800);
    I.w[1] = 0;
    pl = solve_ok(&I.p);
    ASSERT(pl);
    ASSERT_EQ_INT(check_plan(&I.p, pl), 0);
    ASSERT_EQ_INT(pl->stop_visits[0], 3); /* 390 + 390 + 220 */
    ASSERT_EQ_INT(pl->stop_visits[1], 0);
    ASSERT_EQ_INT(pl->stop_reason[1], SP_MOBILE_SERVED);
    ASSERT_NEAR(pl->visit[0].workers + pl->visit[1].workers + pl->visit[2].workers, 1000, 1e-9);
    for (size_t v = 0; v < pl->n_visits; v++)
        ASSERT(pl->visit[v].workers <= 390);
    ASSERT_NEAR(pl->route[0].end_s, 3600 + 1800 + 390 * 60, 1e-9); /* exactly the day */
    ASSERT_NEAR(pl->route[0].end_s, I.p.day_s, 1e-9);
    sp_mobile_plan_free(pl);
    inst_free(&I);
}

TEST(unreachable_and_too_far)
{
    inst I;
    inst_blank(&I, 2, 4, 1); /* one unit, at depot 0; depot 1 has none */
    set_d(&I, 0, 2, 600);    /* stop 0: fine */
    set_d(&I, 1, 3, 60);     /* stop 1: only depot 1 (no unit) reaches it */
    set_d(&I, 0, 4, 5 * 3600); /* stop 2: 10 h round trip > 8 h day */
    set_d(&I, 0, 5, 3 * 3600); /* stop 3: 6 h round trip + 1 h setup + ... */
    I.D[5 * 6 + 0] = INFINITY; /* ... but no road back: unreachable */
    I.w[0] = 100;
    I.w[1] = 50;
    I.w[2] = 30;
    I.w[3] = 20;
    I.p.setup_s = 3600;
    sp_mobile_plan *pl = solve_ok(&I.p);
    ASSERT(pl);
    ASSERT_EQ_INT(check_plan(&I.p, pl), 0);
    ASSERT_EQ_INT(pl->stop_reason[0], SP_MOBILE_SERVED);
    ASSERT_EQ_INT(pl->stop_reason[1], SP_MOBILE_UNREACHABLE);
    ASSERT_EQ_INT(pl->stop_reason[2], SP_MOBILE_TOO_FAR);
    ASSERT_EQ_INT(pl->stop_reason[3], SP_MOBILE_UNREACHABLE);
    ASSERT_NEAR(pl->workers_unserved[SP_MOBILE_UNREACHABLE], 70, 1e-9);
    ASSERT_NEAR(pl->workers_unserved[SP_MOBILE_TOO_FAR], 30, 1e-9);
    ASSERT_NEAR(pl->workers_served, 100, 1e-9);
    ASSERT_EQ_INT(pl->unit_days_needed, 1);
    ASSERT_EQ_INT(pl->visits_needed, 1);
    sp_mobile_plan_free(pl);
    /* setup alone longer than the day: too far even next door */
    I.p.setup_s = 9 * 3600;
    pl = solve_ok(&I.p);
    ASSERT(pl);
    ASSERT_EQ_INT(check_plan(&I.p, pl), 0);
    ASSERT_EQ_INT(pl->stop_reason[0], SP_MOBILE_TOO_FAR);
    ASSERT_EQ_INT(pl->n_routes, 0);
    ASSERT_EQ_INT(pl->lower_bound, 0);
    ASSERT(pl->exact);
    sp_mobile_plan_free(pl);
    /* a unit at depot 1 makes stop 1 reachable (its nearest depot) */
    I.p.setup_s = 3600;
    inst J = I;
    int32_t ud2[2] = {0, 1};
    J.p.units = 2;
    J.p.unit_depot = ud2;
    pl = solve_ok(&J.p);
    ASSERT(pl);
    ASSERT_EQ_INT(check_plan(&J.p, pl), 0);
    ASSERT_EQ_INT(pl->stop_reason[1], SP_MOBILE_SERVED);
    for (int r = 0; r < pl->n_routes; r++)
        for (int j = 0; j < pl->route[r].n; j++)
            if (pl->visit[pl->route[r].first + j].stop == 1)
                ASSERT_EQ_INT(pl->route[r].depot, 1);
    sp_mobile_plan_free(pl);
    inst_free(&I);
}

/* Five stops that each fill a day, one unit, three days: the three largest
 * are kept, the other two are no_days. */
TEST(no_days)
{
    inst I;
    inst_blank(&I, 1, 5, 1);
    double w[5] = {300, 390, 310, 350, 320};
    for (int s = 0; s < 5; s++) {
        set_d(&I, 0, 1 + s, 600 + 60 * s);
        for (int t = 0; t < 5; t++)
            if (t != s)
                set_d(&I, 1 + s, 1 + t, 300);
        I.w[s] = w[s];
    }
    I.p.days = 3;
    sp_mobile_plan *pl = solve_ok(&I.p);
    ASSERT(pl);
    ASSERT_EQ_INT(check_plan(&I.p, pl), 0);
    ASSERT_EQ_INT(pl->unit_days_needed, 5);
    ASSERT_EQ_INT(pl->lower_bound, 5); /* five loners */
    ASSERT_EQ_INT(pl->unit_days_used, 3);
    ASSERT_EQ_INT(pl->unit_days_available, 3);
    ASSERT_EQ_INT(pl->stop_reason[1], SP_MOBILE_SERVED);
    ASSERT_EQ_INT(pl->stop_reason[3], SP_MOBILE_SERVED);
    ASSERT_EQ_INT(pl->stop_reason[4], SP_MOBILE_SERVED);
    ASSERT_EQ_INT(pl->stop_reason[0], SP_MOBILE_NO_DAYS);
    ASSERT_EQ_INT(pl->stop_reason[2], SP_MOBILE_NO_DAYS);
    ASSERT_NEAR(pl->workers_unserved[SP_MOBILE_NO_DAYS], 610, 1e-9);
    sp_mobile_plan_free(pl);
    /* the heuristic alone proves it by the bound */
    I.p.exact_max_visits = -1;
    pl = solve_ok(&I.p);
    ASSERT(pl);
    ASSERT_EQ_INT(check_plan(&I.p, pl), 0);
    ASSERT(pl->exact && !pl->enumerated);
    sp_mobile_plan_free(pl);
    inst_free(&I);
}

/* Two depots, each with a unit, stops in two far-apart groups: every visit
 * goes out from its own group's depot. */
TEST(two_depots)
{
    inst I;
    rng_state = 7;
    int nd = 2, ns = 40, N = nd + ns;
    inst_random(&I, nd, ns, 2, 20, 5000, 10, 0, 20, 120);
    for (int a = 0; a < N; a++) { /* group 0: x < 5000, group 1: x + 50 km */
        int ga = a < nd ? a : (a - nd) % 2;
        I.x[a] += ga * 50000;
    }
    for (int a = 0; a < N; a++)
        for (int b = 0; b < N; b++)
            I.D[a * N + b] = hypot(I.x[a] - I.x[b], I.y[a] - I.y[b]) / 10;
    I.p.exact_max_visits = -1;
    sp_mobile_plan *pl = solve_ok(&I.p);
    ASSERT(pl);
    ASSERT_EQ_INT(check_plan(&I.p, pl), 0);
    ASSERT(pl->unit_days_used == pl->unit_days_needed);
    int seen[2] = {0, 0};
    for (int r = 0; r < pl->n_routes; r++) {
        const sp_mobile_route *R = &pl->route[r];
        seen[R->depot]++;
        ASSERT_EQ_INT(R->unit, R->depot); /* unit u sits at depot u */
        for (int j = 0; j < R->n; j++)
            ASSERT_EQ_INT(pl->visit[R->first + j].stop % 2, R->depot);
    }
    ASSERT(seen[0] > 0 && seen[1] > 0);
    sp_mobile_plan_free(pl);
    inst_free(&I);
}

/* Six stops that each need their own day: one unit takes six days, three
 * units two days; unit-days stay six. */
TEST(more_units_fewer_days)
{
    int maxday[2];
    for (int k = 0; k < 2; k++) {
        inst I;
        int units = k == 0 ? 1 : 3;
        inst_blank(&I, 1, 6, units);
        for (int s = 0; s < 6; s++) {
            set_d(&I, 0, 1 + s, 1200);
            for (int t = 0; t < 6; t++)
                if (t != s)
                    set_d(&I, 1 + s, 1 + t, 600);
            I.w[s] = 250;
        }
        I.p.days = 10;
        sp_mobile_plan *pl = solve_ok(&I.p);
        ASSERT(pl);
        ASSERT_EQ_INT(check_plan(&I.p, pl), 0);
        ASSERT_EQ_INT(pl->unit_days_needed, 6);
        ASSERT_EQ_INT(pl->unit_days_used, 6);
        maxday[k] = 0;
        for (int r = 0; r < pl->n_routes; r++)
            if (pl->route[r].day + 1 > maxday[k])
                maxday[k] = pl->route[r].day + 1;
        sp_mobile_plan_free(pl);
        inst_free(&I);
    }
    ASSERT_EQ_INT(maxday[0], 6);
    ASSERT_EQ_INT(maxday[1], 2);
}

/* The exact step against an independent brute force on tiny instances. */
TEST(exact_equals_brute_force)
{
    rng_state = 99;
    int checked = 0;
    for (int it = 0; it < 150; it++) {
        inst I;
        int nd = rnd(1, 2), ns = rnd(1, 6);
        double asym = it % 2 ? 0.4 : 0;
        inst_random(&I, nd, ns, rnd(1, 2), 30, 20000, 8, asym, 20, 300);
        I.p.per_worker_s = it % 3 == 0 ? 30 : 0;
        I.p.setup_s = rnd(0, 3) * 900;
        I.p.day_s = rnd(3, 8) * 3600;
        bf_visits B;
        if (bf_split(&I.p, &B) < 0) {
            inst_free(&I);
            continue;
        }
        int r_bf;
        double d_bf;
        brute_force(&I.p, &B, &r_bf, &d_bf);
        sp_mobile_plan *pl = solve_ok(&I.p);
        ASSERT(pl);
        ASSERT_EQ_INT(check_plan(&I.p, pl), 0);
        ASSERT_EQ_INT(pl->visits_needed, B.nv);
        ASSERT(pl->enumerated || B.nv == 0);
        ASSERT_EQ_INT(pl->unit_days_needed, r_bf);
        ASSERT_EQ_INT(pl->unit_days_used, r_bf);
        ASSERT_NEAR(pl->drive_s_total, d_bf, 1e-6 * (1 + d_bf));
        ASSERT(pl->lower_bound <= r_bf);
        sp_mobile_plan_free(pl);
        inst_free(&I);
        checked++;
    }
    ASSERT(checked > 100);
}

/* Heuristic alone vs exact on small random instances: the exact plan is
 * never worse; report how often they differ. */
TEST(heuristic_vs_exact)
{
    rng_state = 4242;
    int n = 0, more_routes = 0, more_drive = 0, bound_hit = 0;
    double worst_gap = 0;
    for (int it = 0; it < 120; it++) {
        inst I;
        int nd = rnd(1, 3), ns = rnd(6, 12);
        inst_random(&I, nd, ns, rnd(1, 3), 30, 25000, 8, it % 2 ? 0.3 : 0, 30, 250);
        I.p.setup_s = 1800;
        I.p.per_worker_s = it % 4 == 0 ? 20 : 0;
        sp_mobile_plan *pe = solve_ok(&I.p);
        I.p.exact_max_visits = -1;
        sp_mobile_plan *ph = solve_ok(&I.p);
        ASSERT(pe && ph);
        ASSERT_EQ_INT(check_plan(&I.p, pe), 0);
        ASSERT_EQ_INT(check_plan(&I.p, ph), 0);
        if (pe->visits_needed <= 15)
            ASSERT(pe->enumerated);
        ASSERT(!ph->enumerated);
        ASSERT(pe->unit_days_needed <= ph->unit_days_needed);
        if (pe->unit_days_needed == ph->unit_days_needed)
            ASSERT(pe->drive_s_total <= ph->drive_s_total + 1e-6);
        ASSERT(ph->lower_bound <= pe->unit_days_needed);
        more_routes += ph->unit_days_needed > pe->unit_days_needed;
        if (ph->unit_days_needed == pe->unit_days_needed &&
            ph->drive_s_total > pe->drive_s_total + 1e-6) {
            more_drive++;
            double g = ph->drive_s_total / pe->drive_s_total - 1;
            if (g > worst_gap)
                worst_gap = g;
        }
        bound_hit += ph->lower_bound == pe->unit_days_needed;
        n++;
        sp_mobile_plan_free(pe);
        sp_mobile_plan_free(ph);
        inst_free(&I);
    }
    printf("heuristic vs exact on %d instances (6-12 stops): more unit-days %d, same unit-days "
           "but more drive %d (worst +%.1f%%), bound = optimum %d\n",
           n, more_routes, more_drive, 100 * worst_gap, bound_hit);
}

/* Lower bound <= plan, and every plan feasible, on many random instances. */
TEST(random_feasible_and_bound)
{
    rng_state = 1234;
    for (int it = 0; it < 300; it++) {
        inst I;
        int nd = rnd(1, 3), ns = rnd(1, 60);
        inst_random(&I, nd, ns, rnd(1, 4), rnd(1, 25), rnd(2, 40) * 1000.0, 8,
                    it % 2 ? 0.5 : 0, rnd(0, 50), rnd(50, 900));
        I.p.capacity_per_day = rnd(100, 500);
        I.p.setup_s = rnd(0, 4) * 600;
        I.p.per_worker_s = it % 3 == 0 ? rnd(10, 90) : 0;
        I.p.day_s = rnd(2, 10) * 3600;
        if (it % 7 == 0) /* some missing roads */
            for (int k = 0; k < 5; k++)
                I.D[rnd(0, nd + ns - 1) * (nd + ns) + rnd(0, nd + ns - 1)] = INFINITY;
        for (int a = 0; a < nd + ns; a++)
            I.D[a * (nd + ns) + a] = 0;
        I.p.exact_max_visits = it % 2 ? -1 : 0;
        sp_mobile_plan *pl = solve_ok(&I.p);
        ASSERT(pl);
        int bad = check_plan(&I.p, pl);
        if (bad)
            fprintf(stderr, "  instance %d\n", it);
        ASSERT_EQ_INT(bad, 0);
        int32_t lb = sp_mobile_lower_bound(&I.p);
        ASSERT(lb >= 0 && lb <= pl->unit_days_needed);
        ASSERT(lb <= pl->lower_bound);
        sp_mobile_plan_free(pl);
        inst_free(&I);
    }
}

/* exact_max_visits: default 15, a larger value is honoured up to 18, a
 * negative one turns the step off; 15 visits from 3 depots in well under a
 * second. */
TEST(exact_threshold)
{
    rng_state = 31;
    inst I;
    inst_random(&I, 3, 16, 3, 20, 30000, 8, 0.2, 20, 200);
    sp_mobile_plan *pl = solve_ok(&I.p);
    ASSERT(pl);
    ASSERT_EQ_INT(pl->visits_needed, 16);
    ASSERT(!pl->enumerated);
    ASSERT_EQ_INT(check_plan(&I.p, pl), 0);
    int32_t heur = pl->unit_days_needed;
    sp_mobile_plan_free(pl);
    I.p.exact_max_visits = 16;
    pl = solve_ok(&I.p);
    ASSERT(pl);
    ASSERT(pl->enumerated && pl->exact);
    ASSERT(pl->unit_days_needed <= heur);
    ASSERT_EQ_INT(check_plan(&I.p, pl), 0);
    sp_mobile_plan_free(pl);
    I.p.exact_max_visits = 1000; /* clamped to 18: 16 visits enumerated */
    pl = solve_ok(&I.p);
    ASSERT(pl && pl->enumerated);
    sp_mobile_plan_free(pl);
    inst J;
    rng_state = 32;
    inst_random(&J, 3, 15, 3, 20, 30000, 8, 0.2, 20, 200);
    J.p.capacity_per_day = 4000; /* every subset fits by workers: the worst case */
    J.p.day_s = 24 * 3600;
    J.p.setup_s = 600;
    pl = solve_ok(&J.p);
    ASSERT(pl && pl->enumerated);
    ASSERT_EQ_INT(check_plan(&J.p, pl), 0);
    if (getenv("SP_MOBILE_BENCH"))
        printf("bench: exact step, 15 visits, 3 depots, every subset fits by workers: %.3f s\n",
               pl->seconds);
    ASSERT(pl->seconds < 20);
    sp_mobile_plan_free(pl);
    inst_free(&J);
    inst_free(&I);
}

/* Same inputs, same plan (bytes). */
TEST(deterministic)
{
    rng_state = 555;
    inst I;
    inst_random(&I, 2, 80, 3, 20, 20000, 8, 0.3, 10, 300);
    sp_mobile_plan *a = solve_ok(&I.p), *b = solve_ok(&I.p);
    ASSERT(a && b);
    ASSERT_EQ_INT(a->n_routes, b->n_routes);
    ASSERT_EQ_INT(a->n_visits, b->n_visits);
    ASSERT(memcmp(a->route, b->route, (size_t)a->n_routes * sizeof *a->route) == 0);
    ASSERT(memcmp(a->visit, b->visit, a->n_visits * sizeof *a->visit) == 0);
    ASSERT_EQ_INT(check_plan(&I.p, a), 0);
    sp_mobile_plan_free(a);
    sp_mobile_plan_free(b);
    inst_free(&I);
}

static int cancel_cb(double f, const char *msg, void *arg)
{
    (void)f;
    (void)msg;
    (*(int *)arg)++;
    return 0;
}

TEST(progress_cancel)
{
    rng_state = 8;
    inst I;
    inst_random(&I, 1, 10, 1, 20, 10000, 8, 0, 10, 100);
    int calls = 0;
    I.p.progress = cancel_cb;
    I.p.parg = &calls;
    sp_mobile_plan *pl = NULL;
    ASSERT_EQ_INT(sp_mobile_solve(&I.p, &pl), SP_E_CANCEL);
    ASSERT(pl == NULL && calls == 1);
    inst_free(&I);
}

/* A Porto-Alegre-sized city: 20 km square, 30 km/h, 400 workers a day, 8 h,
 * 30 min setup; times printed under SP_MOBILE_BENCH. */
static void bench_one(int ns, double per_worker_s, int print)
{
    inst I;
    inst_random(&I, 1, ns, 2, 200, 20000, 30 / 3.6, 0.2, 5, 400);
    I.p.per_worker_s = per_worker_s;
    sp_mobile_plan *pl = solve_ok(&I.p);
    if (!pl) {
        T_FAIL_("bench solve failed");
        inst_free(&I);
        return;
    }
    if (check_plan(&I.p, pl))
        T_FAIL_("bench plan infeasible");
    if (print)
        printf("bench: %d stops, %d visits, per_worker %.0f s: %d unit-days (bound %d, gap "
               "%.1f%%), drive %.1f h, %.3f s\n",
               ns, pl->visits_needed, per_worker_s, pl->unit_days_needed, pl->lower_bound,
               100.0 * (pl->unit_days_needed - pl->lower_bound) / (pl->lower_bound ? pl->lower_bound : 1),
               pl->drive_s_total / 3600, pl->seconds);
    sp_mobile_plan_free(pl);
    inst_free(&I);
}

TEST(bench)
{
    rng_state = 300;
    int print = getenv("SP_MOBILE_BENCH") != NULL;
    bench_one(300, 0, print);
    bench_one(1250, 0, print); /* above 1200 visits: granular neighbourhoods */
    if (print) {
        bench_one(300, 60, print);
        bench_one(1000, 0, print);
        bench_one(1000, 60, print);
        const char *n = getenv("SP_MOBILE_BENCH_N"); /* one more size */
        if (n && atoi(n) > 0) {
            bench_one(atoi(n), 0, print);
            bench_one(atoi(n), 60, print);
        }
    }
}

int main(void)
{
    sp_warn_set_muted(1);
    RUN(bad_inputs);
    RUN(empty);
    RUN(reason_names);
    RUN(split_big_stop);
    RUN(unreachable_and_too_far);
    RUN(no_days);
    RUN(two_depots);
    RUN(more_units_fewer_days);
    RUN(exact_equals_brute_force);
    RUN(heuristic_vs_exact);
    RUN(random_feasible_and_bound);
    RUN(exact_threshold);
    RUN(deterministic);
    RUN(progress_cancel);
    RUN(bench);
    return test_summary("mobile");
}
