/* test_demand.c — the covers() rule, demand points, the indexed coverage
 * step (against a scan of every point on random graphs), the coverage
 * matrix with reused rows, and the per-site shares (reached, assigned,
 * only it covers). */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "costmatrix.h"
#include "coverage.h"
#include "coverset.h"
#include "demand.h"
#include "reach.h"
#include "search.h"
#include "siteshare.h"
#include "test.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rng_next(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int32_t rng_int(int32_t n) { return (int32_t)(rng_next() % (uint64_t)n); }
static double rng_unit(void) { return (double)(rng_next() >> 11) * 0x1.0p-53; }

TEST(covers_rule)
{
    ASSERT(sp_covers(10, 10));
    ASSERT(sp_covers(0, 0));
    ASSERT(!sp_covers(10.000001, 10));
    ASSERT(!sp_covers(INFINITY, INFINITY)); /* unreached never covers */
    ASSERT(sp_covers(1e30, INFINITY));      /* ... but anything reached does */
    ASSERT(!sp_covers(NAN, 10));
    ASSERT(!sp_covers(1, NAN));
    /* The comparison is on the stored float: a double time just above the
     * threshold that rounds to it is covered, as the matrix stores it. */
    double t = 1800.00001;
    ASSERT(!sp_covers(t, 1800));
    ASSERT(sp_covers((float)t, 1800));
}

/* A random graph with straight links between random nodes (some self-loops,
 * one-way links both ways round). */
static sp_graph *random_graph(int32_t n, int32_t n_links)
{
    sp_graph_builder *b = sp_graph_builder_new();
    double *xy = malloc(sizeof *xy * 2 * (size_t)n);
    for (int32_t v = 0; v < n; v++) {
        xy[2 * v] = rng_unit() * 2000;
        xy[2 * v + 1] = rng_unit() * 2000;
        sp_graph_builder_add_node(b, xy[2 * v], xy[2 * v + 1]);
    }
    for (int32_t i = 0; i < n_links; i++) {
        int32_t a = rng_int(n), c = rng_int(n), kind = rng_int(3);
        double pts[4] = {xy[2 * a], xy[2 * a + 1], xy[2 * c], xy[2 * c + 1]};
        double f = rng_unit() * 300, w = rng_unit() * 300;
        if (kind == 1)
            w = INFINITY;
        if (kind == 2)
            f = INFINITY;
        sp_graph_builder_add_link(b, a, c, pts, 2, f, w, 0);
    }
    sp_graph *g = NULL;
    sp_status st = sp_graph_build(b, &g);
    sp_graph_builder_free(b);
    free(xy);
    return st == SP_OK ? g : NULL;
}

/* A random snap: on a link (ends included), at a node, or none. */
static sp_snap random_snap(const sp_graph *g)
{
    sp_snap sn;
    memset(&sn, 0, sizeof sn);
    sn.link = sn.node = -1;
    int kind = rng_int(10);
    if (kind < 6 && g->n_links > 0) {
        sn.link = rng_int(g->n_links);
        double L = g->links[sn.link].length_m;
        int at = rng_int(6);
        sn.s = at == 0 ? 0 : at == 1 ? L : rng_unit() * L;
        sn.offroad_m = rng_unit() * 50;
        sn.offroad_s = sn.offroad_m / 1.4;
    } else if (kind < 9) {
        sn.node = rng_int(g->n_nodes);
    }
    return sn;
}

/* The row by a scan of every point (the rule the index must reproduce). */
static size_t scan_row(const sp_demand *d, const sp_graph *g, const sp_search *ws,
                       const sp_snap *site, double limit, int32_t *pt, float *secs)
{
    size_t n = 0;
    for (int32_t p = 0; p < d->n_points; p++) {
        float t = (float)sp_reach_time(g, ws, site, &d->point_snap[p]);
        if (sp_covers(t, limit)) {
            pt[n] = p;
            secs[n++] = t;
        }
    }
    return n;
}

TEST(site_row_matches_scan_on_random_graphs)
{
    long rows = 0, pairs = 0, walked = 0, long_rows = 0;
    for (int iter = 0; iter < 330; iter++) {
        /* the last 30: thousands of points, short limits, so that rows of
         * 64 points and more are sorted by radix (demand.c) */
        int big = iter >= 300;
        int32_t n = big ? 3000 + rng_int(2000) : 2 + rng_int(40);
        sp_graph *g = random_graph(n, big ? 2 * n + rng_int(n) : 1 + rng_int(3 * n));
        ASSERT(g);
        int32_t nc = big ? 6000 + rng_int(6000) : rng_int(60);
        sp_snap *snap = malloc(sizeof *snap * (size_t)(nc + 1));
        double *w = malloc(sizeof *w * (size_t)(nc + 1));
        for (int32_t c = 0; c < nc; c++) {
            snap[c] = random_snap(g);
            w[c] = rng_int(100);
        }
        sp_demand *d = NULL;
        ASSERT_EQ_INT(sp_demand_new(g, nc, w, snap, &d), SP_OK);
        ASSERT_EQ_INT(d->n_points, nc);
        sp_search *ws = sp_search_new(g);
        sp_demand_scratch *sc = sp_demand_scratch_new(d);
        int32_t *pa = malloc(sizeof *pa * (size_t)(nc + 1)), *pb = malloc(sizeof *pb * (size_t)(nc + 1));
        float *sa = malloc(sizeof *sa * (size_t)(nc + 1)), *sb = malloc(sizeof *sb * (size_t)(nc + 1));
        ASSERT(ws && sc && pa && pb && sa && sb);
        for (int k = 0; k < 8; k++) {
            /* A third of the sites sit where a point is (same link or node). */
            sp_snap site = nc > 0 && rng_int(3) == 0 ? snap[rng_int(nc)] : random_snap(g);
            if (!sp_snap_ok(&site))
                continue;
            double limit = big ? 200 + rng_unit() * 500
                               : rng_int(4) == 0 ? INFINITY : rng_unit() * 600;
            sp_seed seeds[2];
            size_t ns = sp_reach_site_seeds(g, &site, seeds);
            ASSERT_EQ_INT(sp_search_run(ws, g, SP_REVERSE, seeds, ns, limit), SP_OK);
            size_t na = scan_row(d, g, ws, &site, limit, pa, sa);
            long_rows += na >= 64 && na * 8 <= (size_t)nc;
            size_t nb = sp_demand_site_row(d, g, ws, &site, limit, sc, pb, sb);
            ASSERT_EQ_INT(nb, na);
            ASSERT(memcmp(pa, pb, na * sizeof *pa) == 0);
            ASSERT(memcmp(sa, sb, na * sizeof *sa) == 0);
            size_t n_settled;
            sp_search_settled(ws, &n_settled);
            walked += n_settled < (size_t)d->n_point_nodes; /* else the in-order pass */
            rows++;
            pairs += (long)na;
        }
        free(pa);
        free(pb);
        free(sa);
        free(sb);
        sp_demand_scratch_free(sc);
        sp_search_free(ws);
        sp_demand_free(d);
        free(snap);
        free(w);
        sp_graph_free(g);
    }
    /* The comparison had something to compare, on both paths. */
    ASSERT(rows > 1000 && pairs > 1000 && walked > 300 && rows - walked > 300);
    ASSERT(long_rows > 20);
}

/* sp_demand_point_time() evaluates precomputed terms (demand.h,
 * sp_demand_term): the same double, bit for bit, as the least of
 * sp_reach_time() over the access snaps, for sites anywhere, on a point's
 * own link or node, at link ends; and the rule itself for a graph of
 * another cost layer. */
TEST(point_time_terms_match_reach_rule)
{
    long compared = 0, same_link = 0, other_layer = 0;
    for (int iter = 0; iter < 300; iter++) {
        int32_t n = 2 + rng_int(30);
        int32_t nl = 1 + rng_int(3 * n);
        sp_graph *g = random_graph(n, nl);
        ASSERT(g);
        int32_t nc = 1 + rng_int(40);
        sp_snap *snap = malloc(sizeof *snap * (size_t)nc);
        sp_snap *alt = malloc(sizeof *alt * (size_t)nc * SP_ACCESS_MAX);
        uint8_t *n_alt = malloc((size_t)nc);
        double *w = malloc(sizeof *w * (size_t)nc);
        for (int32_t c = 0; c < nc; c++) {
            snap[c] = random_snap(g);
            n_alt[c] = (uint8_t)rng_int(SP_ACCESS_MAX + 1);
            for (int k = 0; k < n_alt[c]; k++) {
                do
                    alt[(size_t)c * SP_ACCESS_MAX + k] = random_snap(g);
                while (!sp_snap_ok(&alt[(size_t)c * SP_ACCESS_MAX + k]));
            }
            w[c] = 1;
        }
        sp_demand *d = NULL;
        ASSERT_EQ_INT(sp_demand_new_access(g, nc, w, snap, alt, n_alt, &d), SP_OK);
        /* the same topology under other times: a graph of another layer */
        sp_graph other = *g;
        double *fwd2 = malloc(sizeof *fwd2 * (size_t)g->n_links);
        for (int32_t l = 0; l < g->n_links; l++)
            fwd2[l] = g->fwd_s[l] * 2;
        other.fwd_s = fwd2;
        sp_search *ws = sp_search_new(g);
        ASSERT(ws);
        for (int k = 0; k < 10; k++) {
            int32_t q = rng_int(nc);
            const sp_snap *own = &d->point_alt[(size_t)q * SP_ACCESS_MAX];
            sp_snap site = rng_int(3) == 0 && d->point_nalt[q] > 0 ? *own : random_snap(g);
            if (!sp_snap_ok(&site))
                continue;
            int use_other = rng_int(4) == 0;
            const sp_graph *gs = use_other ? &other : g;
            sp_seed seeds[2];
            size_t ns = sp_reach_site_seeds(gs, &site, seeds);
            ASSERT_EQ_INT(sp_search_run(ws, gs, SP_REVERSE, seeds, ns, INFINITY), SP_OK);
            for (int32_t p = 0; p < d->n_points; p++) {
                double want = INFINITY;
                for (int a = 0; a < d->point_nalt[p]; a++) {
                    const sp_snap *sn = &d->point_alt[(size_t)p * SP_ACCESS_MAX + a];
                    double t = sp_reach_time(gs, ws, &site, sn);
                    if (t < want)
                        want = t;
                    same_link += site.link >= 0 && sn->link == site.link;
                }
                double got = sp_demand_point_time(d, gs, ws, &site, p);
                ASSERT(memcmp(&got, &want, sizeof got) == 0);
                compared++;
                other_layer += use_other;
            }
        }
        sp_search_free(ws);
        free(fwd2);
        sp_demand_free(d);
        free(snap);
        free(alt);
        free(n_alt);
        free(w);
        sp_graph_free(g);
    }
    ASSERT(compared > 20000 && same_link > 500 && other_layer > 3000);
}

TEST(cluster_within_sums_points)
{
    sp_graph *g = random_graph(5, 8);
    ASSERT(g);
    sp_snap snap[3];
    double w[3] = {10, 20, 30};
    for (int c = 0; c < 3; c++)
        snap[c] = random_snap(g);
    sp_demand *d = NULL;
    ASSERT_EQ_INT(sp_demand_new(g, 3, w, snap, &d), SP_OK);
    double t[3] = {100, INFINITY, 100.5};
    ASSERT_NEAR(sp_demand_cluster_within(d, 0, t, 100), 10, 0);
    ASSERT_NEAR(sp_demand_cluster_within(d, 1, t, INFINITY), 0, 0);
    ASSERT_NEAR(sp_demand_cluster_within(d, 2, t, 100), 0, 0);
    ASSERT_NEAR(sp_demand_cluster_within(d, 2, t, 101), 30, 0);
    sp_demand_free(d);
    sp_graph_free(g);
}

/* Several points per cluster (sp_demand_new_points): the cluster ranges,
 * the weights, the sum over covered points; a cluster without a point or
 * points out of cluster order are refused. */
TEST(points_per_cluster)
{
    sp_graph *g = random_graph(5, 8);
    ASSERT(g);
    sp_snap snap[6];
    for (int p = 0; p < 6; p++)
        snap[p] = random_snap(g);
    int32_t pc[6] = {0, 0, 0, 1, 2, 2};
    double w[6] = {10, 10, 10, 7, 2.5, 2.5};
    sp_demand *d = NULL;
    ASSERT_EQ_INT(sp_demand_new_points(g, 3, 6, pc, w, snap, NULL, NULL, &d), SP_OK);
    ASSERT_EQ_INT(d->n_points, 6);
    ASSERT_EQ_INT(d->n_clusters, 3);
    ASSERT_EQ_INT(d->cluster_first[0], 0);
    ASSERT_EQ_INT(d->cluster_count[0], 3);
    ASSERT_EQ_INT(d->cluster_first[1], 3);
    ASSERT_EQ_INT(d->cluster_count[1], 1);
    ASSERT_EQ_INT(d->cluster_first[2], 4);
    ASSERT_EQ_INT(d->cluster_count[2], 2);
    double t[6] = {50, INFINITY, 99, 100, 101, 0};
    ASSERT_NEAR(sp_demand_cluster_within(d, 0, t, 100), 20, 0);
    ASSERT_NEAR(sp_demand_cluster_within(d, 0, t, INFINITY), 20, 0);
    ASSERT_NEAR(sp_demand_cluster_within(d, 1, t, 100), 7, 0);
    ASSERT_NEAR(sp_demand_cluster_within(d, 2, t, 100), 2.5, 0);
    ASSERT_NEAR(sp_demand_cluster_within(d, 2, t, 101), 5, 0);
    sp_demand_free(d);
    d = NULL;
    int32_t gap[6] = {0, 0, 0, 2, 2, 2};   /* cluster 1 has no point */
    int32_t back[6] = {0, 1, 0, 1, 2, 2};  /* cluster 0 not consecutive */
    int32_t last[6] = {0, 0, 1, 1, 1, 1};  /* cluster 2 has no point */
    ASSERT_EQ_INT(sp_demand_new_points(g, 3, 6, gap, w, snap, NULL, NULL, &d), SP_E_INTERNAL);
    ASSERT(d == NULL);
    ASSERT_EQ_INT(sp_demand_new_points(g, 3, 6, back, w, snap, NULL, NULL, &d), SP_E_INTERNAL);
    ASSERT_EQ_INT(sp_demand_new_points(g, 3, 6, last, w, snap, NULL, NULL, &d), SP_E_INTERNAL);
    ASSERT_EQ_INT(sp_demand_new_points(g, 3, 2, pc, w, snap, NULL, NULL, &d), SP_E_INTERNAL);
    sp_error_clear();
    sp_graph_free(g);
}

/* sp_demand_cluster_summary: a partly covered area, a wholly covered one, a
 * point cluster with 0 workers, an area none of whose points is snapped. */
TEST(cluster_summary)
{
    sp_graph *g = random_graph(5, 8);
    ASSERT(g);
    sp_snap snap[9];
    for (int p = 0; p < 9; p++) {
        memset(&snap[p], 0, sizeof snap[p]);
        snap[p].node = p % g->n_nodes;
        snap[p].link = -1;
        snap[p].offroad_m = 40 - p;   /* finite: snapped at a node */
    }
    for (int p = 6; p < 9; p++) {     /* cluster 3: beyond max_snap_m (or no road at all) */
        snap[p].node = -1;
        snap[p].offroad_m = p == 6 ? 2000 : p == 7 ? 1500 : INFINITY;
    }
    int32_t pc[9] = {0, 0, 0, 1, 1, 2, 3, 3, 3};
    double w[9] = {1, 2, 3, 0.5, 0.25, 0, 5, 5, 5};
    sp_demand *d = NULL;
    ASSERT_EQ_INT(sp_demand_new_points(g, 4, 9, pc, w, snap, NULL, NULL, &d), SP_OK);
    double t[9] = {10, INFINITY, 30, 5, 20, 7, INFINITY, INFINITY, INFINITY};
    sp_demand_cluster_sum s;
    sp_demand_cluster_summary(d, 0, t, 20, &s);   /* 1 of 3 points: 1 of 6 workers */
    ASSERT_EQ_INT(s.points, 3);
    ASSERT_EQ_INT(s.points_covered, 1);
    ASSERT_NEAR(s.workers, 6, 0);
    ASSERT_NEAR(s.workers_covered, 1, 0);
    ASSERT_NEAR(s.share, 1.0 / 6, 0);
    ASSERT_NEAR(s.best_s, 10, 0);
    ASSERT(isinf(s.worst_s));
    ASSERT_EQ_INT(s.reachable, 1);
    ASSERT_NEAR(s.snap_m, 38, 0);                 /* the least of 40, 39, 38 */
    sp_demand_cluster_summary(d, 0, t, 30, &s);   /* 2 of 3 */
    ASSERT_NEAR(s.workers_covered, 4, 0);
    ASSERT(isinf(s.worst_s));
    sp_demand_cluster_summary(d, 1, t, 20, &s);   /* every point: share 1, worst 20 */
    ASSERT_EQ_INT(s.points_covered, 2);
    ASSERT_NEAR(s.workers_covered, 0.75, 0);
    ASSERT_NEAR(s.share, 1, 0);
    ASSERT_NEAR(s.worst_s, 20, 0);
    ASSERT_NEAR(s.best_s, 5, 0);
    sp_demand_cluster_summary(d, 1, t, 10, &s);   /* one of two: 0.5 / 0.75 */
    ASSERT_NEAR(s.share, 0.5 / 0.75, 1e-15);
    sp_demand_cluster_summary(d, 2, t, 20, &s);   /* 0 workers: the share of points */
    ASSERT_EQ_INT(s.points, 1);
    ASSERT_NEAR(s.share, 1, 0);
    ASSERT_NEAR(s.worst_s, 7, 0);
    ASSERT_NEAR(s.workers_covered, 0, 0);
    sp_demand_cluster_summary(d, 2, t, 5, &s);
    ASSERT_NEAR(s.share, 0, 0);
    ASSERT(isinf(s.worst_s));
    sp_demand_cluster_summary(d, 3, t, 20, &s);   /* no point snapped */
    ASSERT_EQ_INT(s.reachable, 0);
    ASSERT_NEAR(s.snap_m, 1500, 0);               /* the least finite */
    ASSERT_NEAR(s.share, 0, 0);
    ASSERT(isinf(s.best_s) && isinf(s.worst_s));
    sp_demand_free(d);
    sp_graph_free(g);
}

/* The coverage input of n_sites sites over d at one limit. */
static sp_coverage_in one_limit_in(const sp_graph *g, const sp_snap *sites, int32_t n_sites,
                                   const sp_demand *d, const double *limit, int threads)
{
    sp_coverage_in ci = {0};
    ci.g = g;
    ci.site_snap = sites;
    ci.n_sites = n_sites;
    ci.demand = d;
    ci.limits_s = limit;
    ci.n_limits = 1;
    ci.threads = threads;
    return ci;
}

/* The coverage matrix (2 threads) equals the scan; reusing its first rows
 * gives the same matrix; nearest sites agree with the rows. */
TEST(coverage_matrix_and_reuse)
{
    sp_graph *g = random_graph(60, 150);
    ASSERT(g);
    int32_t nc = 80, nsite = 12;
    sp_snap snap[80], sites[12];
    double w[80];
    for (int32_t c = 0; c < nc; c++) {
        snap[c] = random_snap(g);
        w[c] = 1 + rng_int(9);
    }
    for (int32_t s = 0; s < nsite; s++)
        sites[s] = random_snap(g);
    sp_demand *d = NULL;
    ASSERT_EQ_INT(sp_demand_new(g, nc, w, snap, &d), SP_OK);
    double limit = 400;
    sp_coverage_in ci = one_limit_in(g, sites, nsite, d, &limit, 2);
    sp_coverage *a = NULL, *b = NULL;
    ASSERT_EQ_INT(sp_coverage_compute(&ci, NULL, &a), SP_OK);
    ASSERT(sp_costmatrix_get_candidate_id(a->matrix, 0) == NULL); /* anonymous */
    ci.reuse = a->matrix;
    ci.n_reuse = 5;
    ASSERT_EQ_INT(sp_coverage_compute(&ci, NULL, &b), SP_OK);
    sp_search *ws = sp_search_new(g);
    int32_t pt[80];
    float secs[80];
    double best[80];
    for (int32_t c = 0; c < nc; c++)
        best[c] = INFINITY;
    for (int32_t s = 0; s < nsite; s++) {
        size_t n = 0;
        if (sp_snap_ok(&sites[s])) {
            sp_seed seeds[2];
            size_t ns = sp_reach_site_seeds(g, &sites[s], seeds);
            ASSERT_EQ_INT(sp_search_run(ws, g, SP_REVERSE, seeds, ns, limit), SP_OK);
            n = scan_row(d, g, ws, &sites[s], limit, pt, secs);
        }
        const int32_t *ra, *rb;
        const float *ca, *cb;
        ASSERT_EQ_INT(sp_costmatrix_get_row(a->matrix, s, &ra, &ca), n);
        ASSERT_EQ_INT(sp_costmatrix_get_row(b->matrix, s, &rb, &cb), n);
        for (size_t k = 0; k < n; k++) {
            ASSERT(ra[k] == pt[k] && rb[k] == pt[k] && ca[k] == secs[k] && cb[k] == secs[k]);
            if (secs[k] < best[pt[k]])
                best[pt[k]] = secs[k];
        }
    }
    for (int32_t c = 0; c < nc; c++) {
        ASSERT(a->time_s[c] == best[c] && b->time_s[c] == best[c]);
        ASSERT(a->point_time_s[c] == best[c]);
        ASSERT(a->nearest[c] == b->nearest[c]);
        ASSERT((a->nearest[c] < 0) == isinf(best[c]));
    }
    /* Rows that do not fit are refused. */
    ci.n_reuse = nsite + 1;
    sp_coverage *bad = NULL;
    ASSERT_EQ_INT(sp_coverage_compute(&ci, NULL, &bad), SP_E_INTERNAL);
    sp_search_free(ws);
    sp_coverage_free(a, NULL);
    sp_coverage_free(b, NULL);
    sp_demand_free(d);
    sp_graph_free(g);
}

/* A random coverage case: a graph, 1..100 clusters of one point each
 * (weight 1), 1..60 sites and a limit; with `spread`, the sites get
 * random snapped points and about one in 8 no snap (reaching nobody). */
typedef struct {
    sp_graph *g;
    sp_snap *snap, *sites;
    double *w, limit;
    sp_demand *d;
    int32_t nc, nsite;
} cov_case;

static cov_case random_case(int spread)
{
    cov_case k = {0};
    k.g = random_graph(20 + rng_int(60), 40 + rng_int(200));
    if (!k.g)
        return k;
    k.nc = 1 + rng_int(100);
    k.nsite = 1 + rng_int(60);
    k.snap = malloc(sizeof *k.snap * (size_t)k.nc);
    k.sites = malloc(sizeof *k.sites * (size_t)k.nsite);
    k.w = malloc(sizeof *k.w * (size_t)k.nc);
    for (int32_t c = 0; c < k.nc; c++) {
        k.snap[c] = random_snap(k.g);
        k.w[c] = 1;
    }
    for (int32_t s = 0; s < k.nsite; s++) {
        k.sites[s] = random_snap(k.g);
        if (spread) {
            k.sites[s].x = rng_unit() * 1000;
            k.sites[s].y = rng_unit() * 1000;
            if (rng_int(8) == 0)
                k.sites[s].link = k.sites[s].node = -1;
        }
    }
    if (sp_demand_new(k.g, k.nc, k.w, k.snap, &k.d) != SP_OK)
        k.d = NULL;
    k.limit = rng_int(3) ? 100 + rng_unit() * 800 : INFINITY;
    return k;
}

static void free_case(cov_case *k)
{
    sp_demand_free(k->d);
    free(k->snap);
    free(k->sites);
    free(k->w);
    sp_graph_free(k->g);
}

/* Whether some site of the case is snapped. */
static int any_site(const cov_case *k)
{
    int any = 0;
    for (int32_t s = 0; s < k->nsite; s++)
        any |= sp_snap_ok(&k->sites[s]);
    return any;
}

/* The matrix searched by lanes (msearch.h) against one search per site, on
 * random graphs with some sites unsnapped, 1 and 2 threads: the same rows
 * to the bit, the same nearest sites and times. */
TEST(coverage_matrix_by_lanes)
{
    long pairs = 0;
    for (int iter = 0; iter < 30; iter++) {
        cov_case k = random_case(1);
        ASSERT(k.g && k.d);
        sp_coverage_in ci = one_limit_in(k.g, k.sites, k.nsite, k.d, &k.limit, 1 + iter % 2);
        ci.hierarchy = -1;
        sp_coverage *a = NULL, *b = NULL;
        ci.lanes = 1;
        ASSERT_EQ_INT(sp_coverage_compute(&ci, NULL, &a), SP_OK);
        ci.lanes = -1;
        ASSERT_EQ_INT(sp_coverage_compute(&ci, NULL, &b), SP_OK);
        ASSERT_EQ_INT(a->used_lanes, any_site(&k));
        ASSERT_EQ_INT(b->used_lanes, 0);
        for (int32_t s = 0; s < k.nsite; s++) {
            const int32_t *ra, *rb;
            const float *ca, *cb;
            size_t na = sp_costmatrix_get_row(a->matrix, s, &ra, &ca);
            size_t nb = sp_costmatrix_get_row(b->matrix, s, &rb, &cb);
            ASSERT(na == nb && (!na || (!memcmp(ra, rb, na * sizeof *ra) &&
                                        !memcmp(ca, cb, na * sizeof *ca))));
            pairs += (long)na;
        }
        for (int32_t c = 0; c < k.nc; c++) {
            ASSERT_EQ_INT(a->nearest[c], b->nearest[c]);
            ASSERT(!memcmp(&a->time_s[c], &b->time_s[c], sizeof(double)));
        }
        sp_coverage_free(a, NULL);
        sp_coverage_free(b, NULL);
        free_case(&k);
    }
    ASSERT(pairs > 5000);
}

/* The matrix by the contraction hierarchy (coverage.h) against the plain
 * searches, on random graphs, 1 and 2 threads: the same pairs, times equal
 * but for the last bits of a double (a stored float one unit apart at
 * most); a pair whose time lies that close to the limit excepted.  The rule
 * takes the hierarchy for many searches reaching most of the network, and
 * not for searches reaching little of it. */
TEST(coverage_matrix_by_hierarchy)
{
    long pairs = 0, equal = 0;
    for (int iter = 0; iter < 30; iter++) {
        cov_case k = random_case(0);
        ASSERT(k.g && k.d);
        double limit = k.limit;
        sp_coverage_in ci = one_limit_in(k.g, k.sites, k.nsite, k.d, &limit, 1 + iter % 2);
        sp_coverage *a = NULL, *b = NULL;
        ci.hierarchy = 1;
        ASSERT_EQ_INT(sp_coverage_compute(&ci, NULL, &a), SP_OK);
        ci.hierarchy = -1;
        ASSERT_EQ_INT(sp_coverage_compute(&ci, NULL, &b), SP_OK);
        ASSERT_EQ_INT(a->used_hierarchy, any_site(&k));
        ASSERT_EQ_INT(b->used_hierarchy, 0);
        for (int32_t s = 0; s < k.nsite; s++) {
            const int32_t *ra, *rb;
            const float *ca, *cb;
            size_t na = sp_costmatrix_get_row(a->matrix, s, &ra, &ca);
            size_t nb = sp_costmatrix_get_row(b->matrix, s, &rb, &cb);
            size_t i = 0, j = 0;
            while (i < na || j < nb) {
                if (i < na && j < nb && ra[i] == rb[j]) {
                    ASSERT(fabsf(ca[i] - cb[j]) <= FLT_EPSILON * cb[j]);
                    equal += ca[i] == cb[j];
                    pairs++;
                    i++;
                    j++;
                } else { /* in one row only: at the limit */
                    float t = i < na && (j >= nb || ra[i] < rb[j]) ? ca[i++] : cb[j++];
                    ASSERT(fabs(t - limit) <= FLT_EPSILON * limit);
                }
            }
        }
        sp_coverage_free(a, NULL);
        sp_coverage_free(b, NULL);
        free_case(&k);
    }
    ASSERT(pairs > 5000 && equal >= pairs - pairs / 100);

    /* the rule: 300 searches over a graph they reach whole take it; the same
     * searches with a limit that reaches little do not */
    sp_graph *g = random_graph(30, 200);
    ASSERT(g);
    enum { NS = 300 };
    sp_snap *sites = malloc(sizeof *sites * NS), snap[10];
    double w[10];
    for (int32_t s = 0; s < NS; s++) {
        memset(&sites[s], 0, sizeof sites[s]);
        sites[s].link = -1;
        sites[s].node = s % g->n_nodes;
    }
    for (int c = 0; c < 10; c++) {
        snap[c] = sites[c];
        w[c] = 1;
    }
    sp_demand *d = NULL;
    ASSERT_EQ_INT(sp_demand_new(g, 10, w, snap, &d), SP_OK);
    double big = INFINITY, tiny = 1e-3;
    sp_coverage_in ci = one_limit_in(g, sites, NS, d, &big, 2);
    sp_coverage *c = NULL;
    ASSERT_EQ_INT(sp_coverage_compute(&ci, NULL, &c), SP_OK);
    ASSERT_EQ_INT(c->used_hierarchy, 1);
    sp_coverage_free(c, NULL);
    ci.limits_s = &tiny;
    ASSERT_EQ_INT(sp_coverage_compute(&ci, NULL, &c), SP_OK);
    ASSERT_EQ_INT(c->used_hierarchy, 0);
    sp_coverage_free(c, NULL);
    sp_demand_free(d);
    free(sites);
    sp_graph_free(g);
}

/* Opening sites one by one: gains, newly covered demands, the threshold
 * inclusive, unreached and beyond-threshold pairs never covered. */
TEST(coverset_counts_within_threshold)
{
    sp_costmatrix *m = sp_costmatrix_new(3, 4);
    ASSERT(m);
    int32_t d0[] = {0, 1, 2}, d1[] = {1, 3}, d2[] = {2};
    float c0[] = {100, 300, 301}, c1[] = {50, 299.5f}, c2[] = {INFINITY};
    ASSERT_EQ_INT(sp_costmatrix_add_row(m, 0, d0, c0, 3), SP_OK);
    ASSERT_EQ_INT(sp_costmatrix_add_row(m, 1, d1, c1, 2), SP_OK);
    ASSERT_EQ_INT(sp_costmatrix_add_row(m, 2, d2, c2, 1), SP_OK);
    double w[] = {1, 2, 4, 8};
    for (int j = 0; j < 4; j++)
        ASSERT_EQ_INT(sp_costmatrix_set_weight(m, j, w[j]), SP_OK);
    ASSERT_EQ_INT(sp_costmatrix_finish(m), SP_OK);
    sp_coverset *cs = sp_coverset_new(m, 300);
    ASSERT(cs);
    ASSERT_NEAR(sp_coverset_gain(cs, 0), 3, 0);  /* demands 0 and 1; 2 is at 301 */
    ASSERT_NEAR(sp_coverset_gain(cs, 1), 10, 0);
    ASSERT_NEAR(sp_coverset_gain(cs, 2), 0, 0);
    int32_t nd[4], n_new = -1;
    ASSERT_NEAR(sp_coverset_open(cs, 1, nd, &n_new), 10, 0);
    ASSERT(n_new == 2 && nd[0] == 1 && nd[1] == 3);
    ASSERT_NEAR(sp_coverset_gain(cs, 0), 1, 0);
    ASSERT_NEAR(sp_coverset_open(cs, 0, nd, &n_new), 1, 0);
    ASSERT(n_new == 1 && nd[0] == 0);
    ASSERT_NEAR(sp_coverset_open(cs, 0, NULL, NULL), 0, 0);
    ASSERT_NEAR(sp_coverset_weight(cs), 11, 0);
    ASSERT_EQ_INT(sp_coverset_count(cs), 3);
    sp_coverset_free(cs);
    sp_costmatrix_free(m);
}

/* Per-site shares on a hand-made coverage: 3 sites, 5 clusters, cluster 2
 * with two demand points; a tie (cluster 1: sites 0 and 1 at 200 s, to the
 * lower index), a pair at the threshold (covered) and one above it (not). */
TEST(site_shares_by_hand)
{
    int32_t point_cluster[6] = {0, 1, 2, 2, 3, 4}, first[5] = {0, 1, 2, 4, 5}, count[5] = {1, 1, 2, 1, 1};
    double pw[6] = {10, 20, 5, 7, 100, 1000};
    sp_demand d;
    memset(&d, 0, sizeof d);
    d.n_points = 6;
    d.n_clusters = 5;
    d.point_cluster = point_cluster;
    d.point_weight = pw;
    d.cluster_first = first;
    d.cluster_count = count;
    sp_costmatrix *m = sp_costmatrix_new(3, 6);
    ASSERT(m);
    int32_t r0[] = {0, 1, 2}, r1[] = {1, 3}, r2[] = {0, 4, 5};
    float c0[] = {100, 200, 250}, c1[] = {200, 100}, c2[] = {300, 301, 10};
    ASSERT_EQ_INT(sp_costmatrix_add_row(m, 0, r0, c0, 3), SP_OK);
    ASSERT_EQ_INT(sp_costmatrix_add_row(m, 1, r1, c1, 2), SP_OK);
    ASSERT_EQ_INT(sp_costmatrix_add_row(m, 2, r2, c2, 3), SP_OK);
    ASSERT_EQ_INT(sp_costmatrix_finish(m), SP_OK);
    double point_time[6] = {100, 200, 250, 100, 301, 10}, time[5] = {100, 200, 100, 301, 10};
    int32_t nearest[5] = {0, 0, 1, 2, 2};
    sp_coverage c;
    memset(&c, 0, sizeof c);
    c.matrix = m;
    c.point_time_s = point_time;
    c.nearest = nearest;
    c.time_s = time;
    c.n_sites = 3;
    c.n_clusters = 5;
    sp_site_share sh[3];
    ASSERT_EQ_INT(sp_site_shares(&c, &d, 300, sh), SP_OK);
    /* reached: points within 300 s.  assigned: clusters 0 and 1 (the tie)
     * to site 0, cluster 2 (both points within) to site 1, cluster 4 to
     * site 2; cluster 3 uncovered.  only: point 2 (site 0 alone), point 3
     * (site 1 alone), point 5 (site 2); cluster 2 keeps a point covered
     * whichever of sites 0 and 1 closes. */
    static const sp_site_share want[3] = {
        {.workers_reached = 35, .clusters_reached = 3, .workers_assigned = 30, .clusters_assigned = 2,
         .workers_only = 5, .clusters_only = 0},
        {.workers_reached = 27, .clusters_reached = 2, .workers_assigned = 12, .clusters_assigned = 1,
         .workers_only = 7, .clusters_only = 0},
        {.workers_reached = 1010, .clusters_reached = 2, .workers_assigned = 1000, .clusters_assigned = 1,
         .workers_only = 1000, .clusters_only = 1},
    };
    for (int s = 0; s < 3; s++) {
        ASSERT_NEAR(sh[s].workers_reached, want[s].workers_reached, 0);
        ASSERT_EQ_INT(sh[s].clusters_reached, want[s].clusters_reached);
        ASSERT_NEAR(sh[s].workers_assigned, want[s].workers_assigned, 0);
        ASSERT_EQ_INT(sh[s].clusters_assigned, want[s].clusters_assigned);
        ASSERT_NEAR(sh[s].workers_only, want[s].workers_only, 0);
        ASSERT_EQ_INT(sh[s].clusters_only, want[s].clusters_only);
    }
    sp_costmatrix_free(m);
}

/* On random graphs: the assigned workers sum to the workers covered, each
 * cluster goes to the site of least cost (ties to the lower index), and
 * a site's only-covered workers and clusters are exactly what closing it
 * (every other site kept) would uncover, counted pair by pair. */
TEST(site_shares_equal_closing_each_site)
{
    for (int round = 0; round < 20; round++) {
        sp_graph *g = random_graph(50, 120);
        ASSERT(g);
        enum { NC = 70, NS = 9 };
        sp_snap snap[NC], sites[NS];
        double w[NC];
        for (int32_t c = 0; c < NC; c++) {
            snap[c] = random_snap(g);
            w[c] = rng_int(50);
        }
        for (int32_t s = 0; s < NS; s++)
            sites[s] = random_snap(g);
        if (round % 4 == 0)
            sites[NS - 1] = sites[0]; /* two sites in one place: neither alone */
        sp_demand *d = NULL;
        ASSERT_EQ_INT(sp_demand_new(g, NC, w, snap, &d), SP_OK);
        double limit = 200 + 100 * (round % 5);
        sp_coverage_in ci = one_limit_in(g, sites, NS, d, &limit, 1);
        sp_coverage *cov = NULL;
        ASSERT_EQ_INT(sp_coverage_compute(&ci, NULL, &cov), SP_OK);
        sp_site_share sh[NS];
        ASSERT_EQ_INT(sp_site_shares(cov, d, limit, sh), SP_OK);
        double covered = 0, assigned = 0, assigned_by_site[NS] = {0};
        for (int32_t c = 0; c < NC; c++) {
            int32_t best = -1;
            double bt = INFINITY;
            for (int32_t s = 0; s < NS; s++)
                if (sp_costmatrix_cost(cov->matrix, s, c) < bt) { /* strict: ties to the lower */
                    bt = sp_costmatrix_cost(cov->matrix, s, c);
                    best = s;
                }
            if (sp_covers(bt, limit)) {
                covered += w[c];
                assigned_by_site[best] += w[c];
            }
        }
        for (int32_t s = 0; s < NS; s++) {
            ASSERT_NEAR(sh[s].workers_assigned, assigned_by_site[s], 0);
            assigned += sh[s].workers_assigned;
            double lost = 0;
            int32_t lost_n = 0;
            for (int32_t c = 0; c < NC; c++) {
                int by_s = sp_covers(sp_costmatrix_cost(cov->matrix, s, c), limit), by_other = 0;
                for (int32_t o = 0; o < NS; o++)
                    by_other |= o != s && sp_covers(sp_costmatrix_cost(cov->matrix, o, c), limit);
                if (by_s && !by_other) {
                    lost += w[c];
                    lost_n++;
                }
            }
            ASSERT_NEAR(sh[s].workers_only, lost, 0);
            ASSERT_EQ_INT(sh[s].clusters_only, lost_n);
            ASSERT(sh[s].workers_only <= sh[s].workers_assigned);
        }
        ASSERT_NEAR(assigned, covered, 0);
        if (round % 4 == 0)
            ASSERT(sh[0].workers_only == 0 && sh[NS - 1].workers_only == 0);
        sp_coverage_free(cov, NULL);
        sp_demand_free(d);
        sp_graph_free(g);
    }
}

int main(void)
{
    RUN(covers_rule);
    RUN(site_row_matches_scan_on_random_graphs);
    RUN(point_time_terms_match_reach_rule);
    RUN(cluster_within_sums_points);
    RUN(coverage_matrix_and_reuse);
    RUN(coverage_matrix_by_hierarchy);
    RUN(coverage_matrix_by_lanes);
    RUN(coverset_counts_within_threshold);
    RUN(site_shares_by_hand);
    RUN(site_shares_equal_closing_each_site);
    RUN(points_per_cluster);
    RUN(cluster_summary);
    return test_summary("demand");
}
