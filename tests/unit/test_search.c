/* test_search.c — the indexed heap and the bounded Dijkstra search, checked
 * against brute-force references on random graphs. */
#define SP_HEAP_DEBUG 1 /* heap preconditions asserted in this file's calls */

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "heap.h"
#include "hierarchy.h"
#include "lazyheap.h"
#include "msearch.h"
#include "search.h"
#include "test.h"
#include "test_rng.h"


/* ------------------------------------------------------------------------ */
/* Heap                                                                     */

/* Random pushes, decreases, updates and pops against a plain array of keys;
 * clear() between rounds, so the heap is reused. */
TEST(heap_matches_brute_force)
{
    rng_state = 1;
    const int32_t n = 300;
    sp_heap *h = sp_heap_new(n);
    double *key = malloc(sizeof *key * n); /* NAN = absent */
    ASSERT(h && key);
    int bad = 0;
    for (int round = 0; round < 40 && !bad; round++) {
        for (int32_t i = 0; i < n; i++)
            key[i] = NAN;
        int32_t size = 0;
        for (int op = 0; op < 2000 && !bad; op++) {
            int32_t id = rng_int(n);
            double k = rng_int(4) ? rng_int(50) : rng_unit() * 50; /* many ties */
            int kind = rng_int(4);
            if (kind == 0 && size > 0) {
                double got_key;
                int32_t got = sp_heap_pop(h, &got_key);
                double best = INFINITY;
                for (int32_t i = 0; i < n; i++)
                    if (!isnan(key[i]) && key[i] < best)
                        best = key[i];
                bad |= isnan(key[got]) || key[got] != best || got_key != best;
                key[got] = NAN;
                size--;
            } else if (kind == 1 && isnan(key[id])) {
                sp_heap_push(h, id, k);
                key[id] = k;
                size++;
            } else if (kind == 2 && !isnan(key[id])) {
                double lower = key[id] - rng_unit() * 5;
                sp_heap_decrease(h, id, lower);
                key[id] = lower;
            } else {
                int was = !isnan(key[id]);
                int changed = sp_heap_update(h, id, k);
                int expect = !was || k < key[id];
                bad |= changed != expect;
                if (expect) {
                    key[id] = k;
                    size += !was;
                }
            }
            bad |= sp_heap_size(h) != size;
            if (op % 97 == 0)
                bad |= sp_heap_check(h) != SP_OK;
            bad |= (!isnan(key[id])) != sp_heap_contains(h, id);
            if (!isnan(key[id]))
                bad |= sp_heap_key(h, id) != key[id];
        }
        sp_heap_clear(h);
        bad |= sp_heap_size(h) != 0 || sp_heap_check(h) != SP_OK;
    }
    sp_heap_free(h);
    sp_heap_free(NULL);
    free(key);
    ASSERT(!bad);
}

/* The lazy heap: random pushes (duplicate ids, many equal keys) and pops
 * against a plain multiset of keys, across its growth from empty (1024,
 * 2048, ... entries); clear() keeps the memory. */
TEST(lazyheap_matches_brute_force)
{
    rng_state = 7;
    sp_lazyheap h = SP_LAZYHEAP_INIT;
    enum { MAXN = 5000 };
    double *key = malloc(sizeof *key * MAXN); /* the entries' keys, unordered */
    int32_t *id = malloc(sizeof *id * MAXN);
    ASSERT(key && id);
    int bad = 0;
    size_t cap_after_first = 0;
    for (int round = 0; round < 6 && !bad; round++) {
        size_t n = 0;
        for (int op = 0; op < 12000 && !bad; op++) {
            int pop = n > 0 && (n == MAXN || rng_int(round % 2 ? 2 : 5) == 0);
            if (pop) {
                double got_key;
                int32_t got = sp_lazyheap_pop(&h, &got_key);
                size_t best = 0;
                for (size_t i = 1; i < n; i++)
                    if (key[i] < key[best])
                        best = i;
                bad |= got_key != key[best];
                /* the id popped is one entered with that key */
                size_t j = n;
                for (size_t i = 0; i < n; i++)
                    if (key[i] == got_key && id[i] == got)
                        j = i;
                bad |= j == n;
                if (j < n) {
                    key[j] = key[n - 1];
                    id[j] = id[n - 1];
                    n--;
                }
            } else {
                double k = rng_int(4) ? rng_int(50) : rng_unit() * 50;
                int32_t v = rng_int(100);
                bad |= sp_lazyheap_push(&h, v, k) != SP_OK;
                key[n] = k;
                id[n++] = v;
            }
            bad |= h.size != n || h.cap < n;
        }
        if (round == 0)
            cap_after_first = h.cap;
        bad |= h.cap < cap_after_first; /* never shrinks */
        sp_lazyheap_clear(&h);
        bad |= h.size != 0;
    }
    ASSERT(cap_after_first > 1024); /* it grew at least once */
    sp_lazyheap_release(&h);
    ASSERT(h.items == NULL && h.cap == 0);
    free(key);
    free(id);
    ASSERT(!bad);
}

/* Pops come out sorted; a corrupted heap fails its check. */
TEST(heap_sorts_and_check_catches_corruption)
{
    rng_state = 2;
    sp_heap *h = sp_heap_new(1000);
    ASSERT(h);
    for (int32_t i = 0; i < 1000; i++)
        sp_heap_push(h, i, rng_unit());
    ASSERT_EQ_INT(sp_heap_check(h), SP_OK);
    double saved = h->items[5].key;
    h->items[5].key = -1; /* below its parent */
    sp_error_clear();
    ASSERT_EQ_INT(sp_heap_check(h), SP_E_INTERNAL);
    ASSERT_CONTAINS(sp_error_message(), "below its parent");
    h->items[5].key = saved;
    int32_t id = h->items[7].id;
    h->pos[id] = 8; /* pos and items disagree */
    sp_error_clear();
    ASSERT_EQ_INT(sp_heap_check(h), SP_E_INTERNAL);
    ASSERT_CONTAINS(sp_error_message(), "pos[");
    h->pos[id] = 7;
    ASSERT_EQ_INT(sp_heap_check(h), SP_OK);
    sp_heap_clear(h);
    sp_error_clear();
    ASSERT_EQ_INT(sp_heap_check(h), SP_OK);
    for (int32_t i = 0; i < 1000; i++)
        sp_heap_push(h, i, rng_unit());
    double prev = -1, k;
    int sorted = 1;
    while (sp_heap_size(h) > 0) {
        sp_heap_pop(h, &k);
        sorted &= k >= prev;
        prev = k;
    }
    sp_heap_free(h);
    ASSERT(sorted);
}

/* ------------------------------------------------------------------------ */
/* Search                                                                   */

typedef struct {
    int32_t from, to;
    double s;
} ref_edge;

/* A random graph and its edge list as plain data for the reference.  Links
 * are a third forward only, a third backward only, a third both ways, with
 * integer (exact) or real costs; zero costs and self-loops included. */
typedef struct {
    sp_graph *g;
    ref_edge *edges;
    int32_t n_edges;
} rgraph;

static rgraph make_random(int32_t n, int32_t n_links, int integer_costs)
{
    rgraph r = {0};
    sp_graph_builder *b = sp_graph_builder_new();
    for (int32_t v = 0; v < n; v++)
        sp_graph_builder_add_node(b, rng_unit() * 1000, rng_unit() * 1000);
    r.edges = malloc(sizeof *r.edges * (size_t)(2 * n_links + 1));
    for (int32_t i = 0; i < n_links; i++) {
        int32_t from = rng_int(n), to = rng_int(n), kind = rng_int(3);
        double f = integer_costs ? rng_int(10) : rng_unit() * 100;
        double w = integer_costs ? rng_int(10) : rng_unit() * 100;
        if (rng_int(8) == 0)
            f = 0;
        if (kind == 1)
            w = INFINITY;
        if (kind == 2)
            f = INFINITY;
        double xy[4] = {0, 0, 1, 1};
        sp_graph_builder_add_link(b, from, to, xy, 2, f, w, 0);
        /* The graph stores float seconds: the reference uses the same. */
        if (!isinf(f))
            r.edges[r.n_edges++] = (ref_edge){from, to, (double)(float)f};
        if (!isinf(w))
            r.edges[r.n_edges++] = (ref_edge){to, from, (double)(float)w};
    }
    if (sp_graph_build(b, &r.g) != SP_OK)
        r.g = NULL;
    sp_graph_builder_free(b);
    return r;
}

static void free_random(rgraph *r)
{
    sp_graph_free(r->g);
    free(r->edges);
}

/* Bellman-Ford over the edge list, without a limit; transposed = follow
 * edges backwards (the time from each node to the seeds). */
static void bellman_ford(const rgraph *r, int transposed, const sp_seed *seeds,
                         size_t n_seeds, double *dist)
{
    int32_t n = r->g->n_nodes;
    for (int32_t v = 0; v < n; v++)
        dist[v] = INFINITY;
    for (size_t i = 0; i < n_seeds; i++)
        if (seeds[i].cost_s < dist[seeds[i].node])
            dist[seeds[i].node] = seeds[i].cost_s;
    for (int32_t pass = 0; pass < n; pass++) {
        int changed = 0;
        for (int32_t e = 0; e < r->n_edges; e++) {
            int32_t u = transposed ? r->edges[e].to : r->edges[e].from;
            int32_t v = transposed ? r->edges[e].from : r->edges[e].to;
            double nd = dist[u] + r->edges[e].s;
            if (nd < dist[v]) {
                dist[v] = nd;
                changed = 1;
            }
        }
        if (!changed)
            break;
    }
}

/* Check one finished search against the unbounded reference: distances
 * within the limit equal, the rest INFINITY; the settled list holds exactly
 * the reached nodes, once each, in non-decreasing order.  Returns a short
 * reason on mismatch, NULL when all is well. */
static const char *verify(const sp_search *ws, const double *ref, int32_t n,
                          double limit)
{
    size_t n_settled;
    const int32_t *settled = sp_search_settled(ws, &n_settled);
    size_t expect_settled = 0;
    for (int32_t v = 0; v < n; v++) {
        double want = ref[v] <= limit ? ref[v] : INFINITY;
        double got = sp_search_dist(ws, v);
        if (!(got == want))
            return "distance differs from Bellman-Ford";
        expect_settled += !isinf(want);
    }
    if (n_settled != expect_settled)
        return "settled count differs from nodes within the limit";
    char *seen = calloc((size_t)n + 1, 1);
    const char *why = NULL;
    for (size_t i = 0; i < n_settled && !why; i++) {
        int32_t v = settled[i];
        if (v < 0 || v >= n)
            why = "settled node out of range";
        else if (seen[v]++)
            why = "node settled twice";
        else if (!(sp_search_dist(ws, v) <= limit))
            why = "settled node beyond the limit";
        else if (i > 0 && sp_search_dist(ws, v) < sp_search_dist(ws, settled[i - 1]))
            why = "settled list not in non-decreasing order";
    }
    free(seen);
    return why;
}

/* A limit worth testing: unbounded, zero, negative, random, or exactly the
 * distance of some reached node (limit is inclusive). */
static double pick_limit(const double *ref, int32_t n)
{
    double maxd = 0;
    for (int32_t v = 0; v < n; v++)
        if (!isinf(ref[v]) && ref[v] > maxd)
            maxd = ref[v];
    switch (rng_int(6)) {
    case 0: return INFINITY;
    case 1: return rng_int(3) ? 0 : -1;
    case 2:
    case 3: {
        int32_t v = rng_int(n);
        for (int32_t t = 0; t < n && isinf(ref[v]); t++)
            v = (v + 1) % n;
        return isinf(ref[v]) ? 0 : ref[v];
    }
    default: return rng_unit() * maxd * 1.2;
    }
}

static size_t pick_seeds(int32_t n, sp_seed *seeds)
{
    size_t k = 1 + (size_t)rng_int(4);
    for (size_t i = 0; i < k; i++) {
        seeds[i].node = rng_int(n);
        switch (rng_int(3)) {
        case 0: seeds[i].cost_s = 0; break;
        case 1: seeds[i].cost_s = rng_int(20); break;
        default: seeds[i].cost_s = rng_unit() * 30; break;
        }
    }
    if (k > 1 && rng_int(3) == 0)
        seeds[1].node = seeds[0].node; /* the same node twice: lower cost wins */
    return k;
}

TEST(search_matches_bellman_ford_on_random_graphs)
{
    rng_state = 2024;
    int graphs = 0, searches = 0;
    for (int iter = 0; iter < 400; iter++) {
        int32_t n = 1 + rng_int(rng_int(4) ? 40 : 150);
        rgraph r = make_random(n, rng_int(3 * n + 1), iter % 2);
        ASSERT(r.g);
        if (sp_graph_check(r.g) != SP_OK) {
            free_random(&r);
            ASSERT(!"sp_graph_check failed on a random graph");
        }
        sp_search *ws = sp_search_new(r.g);
        double *ref = malloc(sizeof *ref * (size_t)n);
        const char *why = NULL;
        for (int k = 0; k < 6 && !why; k++) {
            sp_seed seeds[4];
            size_t n_seeds = pick_seeds(n, seeds);
            sp_direction dir = k % 2 ? SP_REVERSE : SP_FORWARD;
            bellman_ford(&r, dir == SP_REVERSE, seeds, n_seeds, ref);
            double limit = pick_limit(ref, n);
            if (sp_search_run(ws, r.g, dir, seeds, n_seeds, limit) != SP_OK)
                why = "search failed";
            else
                why = verify(ws, ref, n, limit);
            if (why)
                fprintf(stderr, "graph %d (n=%d), search %d (dir %d, limit %g): ",
                        iter, (int)n, k, (int)dir, limit);
            searches++;
        }
        sp_search_free(ws);
        free(ref);
        free_random(&r);
        if (why)
            T_FAIL_("%s", why);
        if (why)
            return;
        graphs++;
    }
    ASSERT_EQ_INT(graphs, 400);
    ASSERT_EQ_INT(searches, 2400);
}

/* The hierarchy (hierarchy.h) against the plain search on random graphs,
 * both directions: the same nodes reached, each once in the settled list;
 * with integer costs and seeds (sums exact in any order) the same bits;
 * with real ones within 4 units in the last place, a node whose time lies
 * that close to the limit excepted.  The workspace goes on serving plain
 * searches after hierarchy runs. */
TEST(hierarchy_matches_search_on_random_graphs)
{
    rng_state = 77;
    int searches = 0, exact = 0, compared_real = 0, reached = 0;
    const char *why = NULL;
    for (int iter = 0; iter < 300 && !why; iter++) {
        int32_t n = 1 + rng_int(rng_int(4) ? 40 : 200);
        int integer = iter % 2;
        rgraph r = make_random(n, rng_int(3 * n + 1), integer);
        ASSERT(r.g);
        sp_hierarchy *h = NULL;
        ASSERT_EQ_INT(sp_hierarchy_build(r.g, NULL, NULL, &h), SP_OK);
        ASSERT(sp_hierarchy_arcs(h) >= 0 && sp_hierarchy_bytes(h) > 0);
        if (sp_hierarchy_check(h) != SP_OK)
            T_FAIL_("graph %d: %s", iter, sp_error_message());
        sp_search *wh = sp_search_new(r.g), *wp = sp_search_new(r.g);
        ASSERT(wh && wp);
        uint8_t *seen = calloc((size_t)n, 1);
        for (int k = 0; k < 8 && !why; k++) {
            sp_seed seeds[4];
            size_t ns = pick_seeds(n, seeds);
            if (integer)
                for (size_t i = 0; i < ns; i++)
                    seeds[i].cost_s = floor(seeds[i].cost_s);
            sp_direction dir = k % 2 ? SP_REVERSE : SP_FORWARD;
            double limit = rng_int(3) == 0 ? INFINITY : rng_unit() * 400;
            if (integer && rng_int(2))
                limit = rng_int(60); /* times equal to the limit occur */
            ASSERT_EQ_INT(sp_search_run(wp, r.g, dir, seeds, ns, limit), SP_OK);
            ASSERT_EQ_INT(sp_hierarchy_run(h, wh, r.g, dir, seeds, ns, limit), SP_OK);
            size_t n_set;
            const int32_t *set = sp_search_settled(wh, &n_set);
            memset(seen, 0, (size_t)n);
            for (size_t i = 0; i < n_set && !why; i++) {
                if (seen[set[i]]++ || !isfinite(sp_search_dist(wh, set[i])))
                    why = "settled list: a node twice or unreached";
            }
            for (int32_t v = 0; v < n && !why; v++) {
                double a = sp_search_dist(wp, v), b = sp_search_dist(wh, v);
                if (isfinite(b) != (seen[v] != 0))
                    why = "settled list and times disagree";
                else if (integer && memcmp(&a, &b, sizeof a) != 0)
                    why = "integer costs: times differ";
                else if (!integer && isfinite(a) && isfinite(b) &&
                         fabs(a - b) > 4 * DBL_EPSILON * a)
                    why = "times differ by more than 4 ulp";
                else if (!integer && isfinite(a) != isfinite(b) &&
                         !(fabs(limit - (isfinite(a) ? a : b)) <= 4 * DBL_EPSILON * limit))
                    why = "reached by one search only, away from the limit";
                reached += isfinite(a);
                compared_real += !integer && isfinite(a);
            }
            exact += integer;
            searches++;
            if (why)
                fprintf(stderr, "graph %d (n=%d), search %d: ", iter, (int)n, k);
        }
        /* plain searches still right in the workspace the hierarchy used */
        if (!why) {
            sp_seed seeds[4];
            size_t ns = pick_seeds(n, seeds);
            ASSERT_EQ_INT(sp_search_run(wh, r.g, SP_REVERSE, seeds, ns, INFINITY), SP_OK);
            ASSERT_EQ_INT(sp_search_run(wp, r.g, SP_REVERSE, seeds, ns, INFINITY), SP_OK);
            for (int32_t v = 0; v < n; v++)
                if (!(sp_search_dist(wh, v) == sp_search_dist(wp, v)))
                    why = "a plain search after hierarchy runs differs";
        }
        free(seen);
        sp_search_free(wh);
        sp_search_free(wp);
        sp_hierarchy_free(h);
        free_random(&r);
    }
    if (why)
        T_FAIL_("%s", why);
    ASSERT(searches == 2400 && exact == 1200 && compared_real > 20000 && reached > 40000);
}

/* The build's progress: rising shares of the nodes, ending at 1; a
 * callback that says stop ends the build with SP_E_CANCEL and no
 * hierarchy. */
typedef struct {
    int calls, stop_at;
    double last;
    int rising;
} build_prog;

static int count_progress(double f, const char *msg, void *arg)
{
    (void)msg;
    build_prog *p = arg;
    p->rising &= f > p->last && f <= 1;
    p->last = f;
    return ++p->calls != p->stop_at;
}

TEST(hierarchy_build_progress)
{
    rng_state = 9;
    rgraph r = make_random(2000, 6000, 1);
    ASSERT(r.g);
    build_prog p = {0, 0, 0, 1};
    sp_hierarchy *h = NULL;
    ASSERT_EQ_INT(sp_hierarchy_build(r.g, count_progress, &p, &h), SP_OK);
    ASSERT(h != NULL);
    ASSERT(p.rising && p.last == 1 && p.calls >= 32 && p.calls <= 65);
    sp_hierarchy_free(h);
    build_prog stop = {0, 3, 0, 1};
    h = (sp_hierarchy *)&stop; /* must be reset to NULL */
    ASSERT_EQ_INT(sp_hierarchy_build(r.g, count_progress, &stop, &h), SP_E_CANCEL);
    ASSERT(h == NULL && stop.calls == 3);
    sp_error_clear();
    free_random(&r);
}

/* Misuse: another graph, a bad seed. */
TEST(hierarchy_rejects_misuse)
{
    rng_state = 5;
    rgraph a = make_random(20, 40, 1), b = make_random(20, 40, 1);
    ASSERT(a.g && b.g);
    sp_hierarchy *h = NULL;
    ASSERT_EQ_INT(sp_hierarchy_build(a.g, NULL, NULL, &h), SP_OK);
    sp_search *ws = sp_search_new(a.g);
    sp_seed seed = {3, 0};
    ASSERT_EQ_INT(sp_hierarchy_run(h, ws, b.g, SP_REVERSE, &seed, 1, 100), SP_E_INTERNAL);
    ASSERT_CONTAINS(sp_error_message(), "not built from");
    seed.node = 20;
    ASSERT_EQ_INT(sp_hierarchy_run(h, ws, a.g, SP_REVERSE, &seed, 1, 100), SP_E_INTERNAL);
    seed.node = 3;
    seed.cost_s = NAN;
    ASSERT_EQ_INT(sp_hierarchy_run(h, ws, a.g, SP_REVERSE, &seed, 1, 100), SP_E_INTERNAL);
    seed.cost_s = 0;
    ASSERT_EQ_INT(sp_hierarchy_run(h, ws, a.g, SP_REVERSE, &seed, 1, NAN), SP_E_INTERNAL);
    ASSERT_EQ_INT(sp_hierarchy_run(h, ws, a.g, SP_REVERSE, &seed, 1, 100), SP_OK);
    ASSERT(sp_search_dist(ws, 3) == 0);
    sp_search_free(ws);
    sp_hierarchy_free(h);
    /* a network that needs shortcuts beyond the cap: no hierarchy, SP_OK */
    int gave_up = 0, built = 0;
    for (int i = 0; i < 20; i++) {
        rgraph r = make_random(40, 120, 0);
        sp_hierarchy *x = NULL, *y = NULL;
        ASSERT_EQ_INT(sp_hierarchy_build_capped(r.g, 0, &x), SP_OK);
        ASSERT_EQ_INT(sp_hierarchy_build(r.g, NULL, NULL, &y), SP_OK);
        ASSERT(y != NULL);
        if (sp_hierarchy_shortcuts(y) > 0) { /* needs shortcuts: over a cap of 0 */
            ASSERT(x == NULL);
            gave_up++;
        } else {
            ASSERT(x != NULL);
            built++;
        }
        sp_hierarchy_free(x);
        sp_hierarchy_free(y);
        free_random(&r);
    }
    ASSERT(gave_up > 0);
    free_random(&a);
    free_random(&b);
}

/* A path 0 -> 1 -> 2 -> 3 (oneway, 10 s each) plus a two-way 3 <-> 4 (5 s):
 * forward and reverse times by hand, and the limit is inclusive. */
TEST(search_by_hand)
{
    sp_graph_builder *b = sp_graph_builder_new();
    for (int i = 0; i < 5; i++)
        sp_graph_builder_add_node(b, i, 0);
    double xy[4] = {0, 0, 1, 0};
    for (int i = 0; i < 3; i++)
        sp_graph_builder_add_link(b, i, i + 1, xy, 2, 10, INFINITY, 0);
    sp_graph_builder_add_link(b, 3, 4, xy, 2, 5, 5, 0);
    sp_graph *g = NULL;
    ASSERT_EQ_INT(sp_graph_build(b, &g), SP_OK);
    sp_graph_builder_free(b);
    sp_search *ws = sp_search_new(g);
    ASSERT(ws);

    sp_seed s0 = {0, 1};
    ASSERT_EQ_INT(sp_search_run(ws, g, SP_FORWARD, &s0, 1, INFINITY), SP_OK);
    ASSERT_NEAR(sp_search_dist(ws, 0), 1, 0);
    ASSERT_NEAR(sp_search_dist(ws, 3), 31, 0);
    ASSERT_NEAR(sp_search_dist(ws, 4), 36, 0);
    size_t ns;
    const int32_t *set = sp_search_settled(ws, &ns);
    ASSERT_EQ_INT(ns, 5);
    for (int32_t i = 0; i < 5; i++)
        ASSERT_EQ_INT(set[i], i);

    /* Inclusive limit: 21 reaches node 2 exactly, not node 3. */
    ASSERT_EQ_INT(sp_search_run(ws, g, SP_FORWARD, &s0, 1, 21), SP_OK);
    ASSERT_NEAR(sp_search_dist(ws, 2), 21, 0);
    ASSERT(isinf(sp_search_dist(ws, 3)));
    sp_search_settled(ws, &ns);
    ASSERT_EQ_INT(ns, 3);

    /* Reverse from node 3: time to reach 3 from each node. */
    sp_seed s3 = {3, 0};
    ASSERT_EQ_INT(sp_search_run(ws, g, SP_REVERSE, &s3, 1, INFINITY), SP_OK);
    ASSERT_NEAR(sp_search_dist(ws, 0), 30, 0);
    ASSERT_NEAR(sp_search_dist(ws, 4), 5, 0);
    ASSERT_NEAR(sp_search_dist(ws, 3), 0, 0);
    ASSERT(isinf(sp_search_dist(ws, -1)) && isinf(sp_search_dist(ws, 5)));

    /* Forward from 4 cannot go back up the oneway chain. */
    sp_seed s4 = {4, 0};
    ASSERT_EQ_INT(sp_search_run(ws, g, SP_FORWARD, &s4, 1, INFINITY), SP_OK);
    sp_search_settled(ws, &ns);
    ASSERT_EQ_INT(ns, 2);
    ASSERT(isinf(sp_search_dist(ws, 2)));

    /* No seeds, or seeds beyond the limit: nothing settled. */
    ASSERT_EQ_INT(sp_search_run(ws, g, SP_FORWARD, NULL, 0, INFINITY), SP_OK);
    sp_search_settled(ws, &ns);
    ASSERT_EQ_INT(ns, 0);
    sp_seed far = {0, 100};
    ASSERT_EQ_INT(sp_search_run(ws, g, SP_FORWARD, &far, 1, 99.5), SP_OK);
    sp_search_settled(ws, &ns);
    ASSERT_EQ_INT(ns, 0);
    ASSERT(isinf(sp_search_dist(ws, 0)));

    sp_search_free(ws);
    sp_search_free(NULL);
    sp_graph_free(g);
}

TEST(search_rejects_bad_seeds)
{
    rng_state = 8;
    rgraph r = make_random(20, 60, 1);
    ASSERT(r.g);
    sp_search *ws = sp_search_new(r.g);
    sp_seed good = {0, 0};
    const sp_seed bad[] = {{20, 0}, {-1, 0}, {3, -1}, {3, NAN}};
    for (int i = 0; i < 4; i++) {
        sp_seed two[2] = {good, bad[i]};
        ASSERT_EQ_INT(sp_search_run(ws, r.g, SP_FORWARD, &good, 1, INFINITY), SP_OK);
        sp_error_clear();
        ASSERT_EQ_INT(sp_search_run(ws, r.g, SP_FORWARD, two, 2, INFINITY),
                      SP_E_INTERNAL);
        ASSERT_CONTAINS(sp_error_message(), "seed 1");
        /* A failed run leaves an empty result, not the previous one. */
        size_t ns;
        sp_search_settled(ws, &ns);
        ASSERT_EQ_INT(ns, 0);
        ASSERT(isinf(sp_search_dist(ws, 0)));
    }
    sp_error_clear();
    ASSERT_EQ_INT(sp_search_run(ws, r.g, SP_FORWARD, &good, 1, NAN), SP_E_INTERNAL);
    ASSERT_CONTAINS(sp_error_message(), "limit");

    /* A workspace sized for a smaller graph refuses a larger one. */
    rgraph big = make_random(30, 10, 1);
    sp_error_clear();
    ASSERT_EQ_INT(sp_search_run(ws, big.g, SP_FORWARD, &good, 1, INFINITY),
                  SP_E_INTERNAL);
    ASSERT_CONTAINS(sp_error_message(), "workspace");
    sp_error_clear();
    free_random(&big);
    sp_search_free(ws);
    free_random(&r);
}

/* One workspace reused for 1000 searches of every kind gives exactly what a
 * fresh workspace gives, distances and settle order alike. */
TEST(workspace_reuse_matches_fresh)
{
    rng_state = 77;
    const int32_t n = 400;
    rgraph r = make_random(n, 1000, 0);
    ASSERT(r.g);
    sp_search *reused = sp_search_new(r.g);
    ASSERT(reused);
    int bad = 0;
    for (int i = 0; i < 1000 && !bad; i++) {
        sp_seed seeds[4];
        size_t n_seeds = pick_seeds(n, seeds);
        sp_direction dir = rng_int(2) ? SP_REVERSE : SP_FORWARD;
        double limit = rng_int(4) ? rng_unit() * 300 : INFINITY;
        sp_search *fresh = sp_search_new(r.g);
        bad |= sp_search_run(reused, r.g, dir, seeds, n_seeds, limit) != SP_OK;
        bad |= sp_search_run(fresh, r.g, dir, seeds, n_seeds, limit) != SP_OK;
        size_t na, nb;
        const int32_t *a = sp_search_settled(reused, &na);
        const int32_t *b = sp_search_settled(fresh, &nb);
        bad |= na != nb || memcmp(a, b, na * sizeof *a) != 0;
        for (int32_t v = 0; v < n; v++) {
            double da = sp_search_dist(reused, v), db = sp_search_dist(fresh, v);
            bad |= !(da == db);
        }
        sp_search_free(fresh);
        if (bad)
            fprintf(stderr, "search %d differs: ", i);
    }
    sp_search_free(reused);
    free_random(&r);
    ASSERT(!bad);
}

/* ------------------------------------------------------------------------ */
/* Searches by lanes (msearch.h)                                            */

/* Every lane of sp_msearch_run() against sp_search_run() with that lane's
 * seeds on random graphs, both directions, real and integer costs: every
 * node's time the same bits, the same settled nodes, each once.  One
 * workspace serves every run on a graph, so stale nodes of a run would
 * show in the next. */
TEST(msearch_matches_search_on_random_graphs)
{
    rng_state = 4242;
    int runs = 0, lanes_checked = 0, reached = 0, multi = 0;
    const char *why = NULL;
    for (int iter = 0; iter < 300 && !why; iter++) {
        int32_t n = 1 + rng_int(rng_int(4) ? 60 : 300);
        rgraph r = make_random(n, rng_int(3 * n + 1), iter % 3 == 0);
        ASSERT(r.g);
        sp_search *ws = sp_search_new(r.g), *lane = sp_search_new(r.g);
        sp_msearch *ms = sp_msearch_new(r.g);
        ASSERT(ws && lane && ms);
        char *seen = calloc((size_t)n + 1, 1);
        for (int k = 0; k < 8 && !why; k++) {
            sp_seed seeds[4 * SP_MSEARCH_LANES];
            size_t first[SP_MSEARCH_LANES + 1] = {0};
            int nl = 1 + rng_int(SP_MSEARCH_LANES);
            for (int j = 0; j < nl; j++)
                first[j + 1] = first[j] + pick_seeds(n, seeds + first[j]);
            sp_direction dir = k % 2 ? SP_REVERSE : SP_FORWARD;
            double limit = rng_int(5) ? rng_unit() * 400 : INFINITY;
            if (sp_msearch_run(ms, r.g, dir, seeds, first, nl, limit) != SP_OK) {
                why = "msearch failed";
                break;
            }
            runs++;
            for (int j = 0; j < nl && !why; j++) {
                if (sp_search_run(ws, r.g, dir, seeds + first[j], first[j + 1] - first[j],
                                  limit) != SP_OK ||
                    sp_msearch_lane(ms, j, lane) != SP_OK) {
                    why = "search or lane failed";
                    break;
                }
                lanes_checked++;
                size_t na, nb;
                const int32_t *a = sp_search_settled(ws, &na);
                const int32_t *b = sp_search_settled(lane, &nb);
                (void)a;
                if (na != nb)
                    why = "a lane settled another number of nodes";
                for (int32_t v = 0; v < n && !why; v++) {
                    double da = sp_search_dist(ws, v), db = sp_search_dist(lane, v);
                    if (memcmp(&da, &db, sizeof da))
                        why = "a lane's time differs from the plain search's bits";
                }
                memset(seen, 0, (size_t)n);
                for (size_t i = 0; i < nb && !why; i++) {
                    if (b[i] < 0 || b[i] >= n || seen[b[i]]++)
                        why = "a lane's settled list repeats a node or leaves the graph";
                    else if (!(sp_search_dist(lane, b[i]) <= limit))
                        why = "a lane's settled node is beyond the limit";
                }
                reached += nb > 1;
                multi += nl > 1 && nb > 1;
                if (why)
                    fprintf(stderr, "graph %d (n=%d), run %d, lane %d of %d: ", iter, (int)n,
                            k, j, nl);
            }
        }
        free(seen);
        sp_msearch_free(ms);
        sp_search_free(lane);
        sp_search_free(ws);
        free_random(&r);
    }
    if (why)
        T_FAIL_("%s", why);
    ASSERT_EQ_INT(runs, 2400);
    ASSERT(lanes_checked > 2 * runs && reached > runs && multi > runs / 2);
}

/* Lane counts, seeds, limits and lanes out of range are refused; the
 * workspace still works after. */
TEST(msearch_rejects_misuse)
{
    rng_state = 5;
    rgraph r = make_random(30, 80, 0);
    ASSERT(r.g);
    sp_msearch *ms = sp_msearch_new(r.g);
    sp_search *ws = sp_search_new(r.g);
    ASSERT(ms && ws);
    sp_seed seeds[SP_MSEARCH_LANES + 1];
    size_t first[SP_MSEARCH_LANES + 2];
    for (int j = 0; j <= SP_MSEARCH_LANES; j++) {
        seeds[j] = (sp_seed){j, 0};
        first[j] = (size_t)j;
    }
    first[SP_MSEARCH_LANES + 1] = SP_MSEARCH_LANES + 1;
    ASSERT_EQ_INT(sp_msearch_run(ms, r.g, SP_FORWARD, seeds, first, 0, 10), SP_E_INTERNAL);
    ASSERT_EQ_INT(sp_msearch_run(ms, r.g, SP_FORWARD, seeds, first, SP_MSEARCH_LANES + 1, 10),
                  SP_E_INTERNAL);
    ASSERT_EQ_INT(sp_msearch_run(ms, r.g, SP_FORWARD, seeds, first, 2, NAN), SP_E_INTERNAL);
    seeds[1].node = 30;
    ASSERT_EQ_INT(sp_msearch_run(ms, r.g, SP_FORWARD, seeds, first, 2, 10), SP_E_INTERNAL);
    seeds[1] = (sp_seed){1, -1};
    sp_error_clear();
    ASSERT_EQ_INT(sp_msearch_run(ms, r.g, SP_FORWARD, seeds, first, 2, 10), SP_E_INTERNAL);
    ASSERT_CONTAINS(sp_error_message(), "seed 1");
    seeds[1] = (sp_seed){1, 0};
    sp_error_clear();
    ASSERT_EQ_INT(sp_msearch_run(ms, r.g, SP_FORWARD, seeds, first, 2, 10), SP_OK);
    ASSERT_EQ_INT(sp_msearch_lane(ms, 1, ws), SP_OK);
    ASSERT(sp_search_dist(ws, 1) == 0);
    ASSERT_EQ_INT(sp_msearch_lane(ms, 2, ws), SP_E_INTERNAL);
    ASSERT_EQ_INT(sp_msearch_lane(ms, -1, ws), SP_E_INTERNAL);
    sp_error_clear();
    sp_search_free(ws);
    sp_msearch_free(ms);
    free_random(&r);
}

int main(void)
{
    RUN(heap_matches_brute_force);
    RUN(heap_sorts_and_check_catches_corruption);
    RUN(lazyheap_matches_brute_force);
    RUN(search_by_hand);
    RUN(search_matches_bellman_ford_on_random_graphs);
    RUN(search_rejects_bad_seeds);
    RUN(hierarchy_matches_search_on_random_graphs);
    RUN(hierarchy_rejects_misuse);
    RUN(hierarchy_build_progress);
    RUN(workspace_reuse_matches_fresh);
    RUN(msearch_matches_search_on_random_graphs);
    RUN(msearch_rejects_misuse);
    return test_summary("search");
}
