/* test_access.c — the access rule (analysis/net/access.c): a point's access
 * links against a brute-force scan of every link, and a lattice block's
 * entries against the point query at each cell centre, on random graphs. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "access.h"
#include "graph.h"
#include "snap.h"
#include "test.h"

static uint64_t rng = 88172645463325252ull;
static double urand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

/* n random nodes in a side x side square, each joined to its 3 nearest by a
 * two-way link bent through one random vertex; every 10th link is closed
 * (no direction allowed), so it must never be an access link. */
static sp_graph *random_graph(int n, double side)
{
    sp_graph_builder *b = sp_graph_builder_new();
    double *xy = malloc(sizeof *xy * 2 * (size_t)n);
    for (int i = 0; i < n; i++) {
        xy[2 * i] = urand() * side;
        xy[2 * i + 1] = urand() * side;
        sp_graph_builder_add_node(b, xy[2 * i], xy[2 * i + 1]);
    }
    int nl = 0;
    for (int i = 0; i < n; i++) {
        int best[3] = {-1, -1, -1};
        double bd[3] = {INFINITY, INFINITY, INFINITY};
        for (int j = 0; j < n; j++) {
            if (j == i)
                continue;
            double d = hypot(xy[2 * i] - xy[2 * j], xy[2 * i + 1] - xy[2 * j + 1]);
            for (int k = 0; k < 3; k++)
                if (d < bd[k]) {
                    for (int m = 2; m > k; m--) {
                        bd[m] = bd[m - 1];
                        best[m] = best[m - 1];
                    }
                    bd[k] = d;
                    best[k] = j;
                    break;
                }
        }
        for (int k = 0; k < 3; k++) {
            int j = best[k];
            double mx = (xy[2 * i] + xy[2 * j]) / 2 + (urand() - 0.5) * 60;
            double my = (xy[2 * i + 1] + xy[2 * j + 1]) / 2 + (urand() - 0.5) * 60;
            double g[6] = {xy[2 * i], xy[2 * i + 1], mx, my, xy[2 * j], xy[2 * j + 1]};
            double t = nl % 10 == 9 ? INFINITY : bd[k];
            sp_graph_builder_add_link(b, i, j, g, 3, t, t, 0);
            nl++;
        }
    }
    free(xy);
    sp_graph *g = NULL;
    if (sp_graph_build(b, &g) != SP_OK)
        g = NULL;
    sp_graph_builder_free(b);
    return g;
}

/* The rule by a scan of every link (or node). */
static int brute(const sp_graph *g, sp_snap_rule rule, double x, double y, double max_snap,
                 int32_t *id, double *dist)
{
    int k = rule == SP_SNAP_NODE ? 1 : SP_ACCESS_MAX;
    double extra = rule == SP_SNAP_NODE ? 0 : SP_ACCESS_EXTRA_M;
    int n = 0;
    int32_t cid[64];
    double cd[64];
    int32_t nitems = rule == SP_SNAP_NODE ? g->n_nodes : g->n_links;
    for (int32_t it = 0; it < nitems; it++) {
        double d;
        if (rule == SP_SNAP_NODE) {
            int used = 0;
            for (int32_t l = 0; l < g->n_links && !used; l++)
                used = (g->links[l].from == it || g->links[l].to == it) &&
                       sp_access_link_usable(g, l, NULL, 0);
            if (!used)
                continue;
            d = hypot(g->node_xy[2 * it] - x, g->node_xy[2 * it + 1] - y);
        } else {
            if (!sp_access_link_usable(g, it, NULL, 0))
                continue;
            const sp_link *lk = &g->links[it];
            double s, px, py;
            d = sp_snap_polyline(&g->geom_xy[2 * (size_t)lk->geom_off], lk->geom_len, x, y, &s,
                                 &px, &py);
        }
        /* insertion into the k best by (d, id) */
        int i = n < k ? n++ : k;
        if (i == k) {
            if (!(d < cd[k - 1]))
                continue;
            i = k - 1;
        }
        while (i > 0 && d < cd[i - 1]) {
            cd[i] = cd[i - 1];
            cid[i] = cid[i - 1];
            i--;
        }
        cd[i] = d;
        cid[i] = it;
    }
    if (n == 0 || cd[0] > max_snap)
        return 0;
    double cut = fmin(cd[0] + extra, max_snap);
    int m = 0;
    while (m < n && cd[m] <= cut) {
        id[m] = cid[m];
        dist[m] = cd[m];
        m++;
    }
    return m;
}

static void check_points(sp_snap_rule rule)
{
    sp_graph *g = random_graph(400, 4000);
    ASSERT(g);
    sp_access *a = NULL;
    ASSERT_EQ_INT(sp_access_new(g, rule, NULL, 0, &a), SP_OK);
    const double snaps[] = {1000, 60, 130, 0};
    int n_multi = 0, n_none = 0;
    for (int i = 0; i < 3000; i++) {
        double x = urand() * 4600 - 300, y = urand() * 4600 - 300;
        double max_snap = snaps[i % 4];
        sp_snap sn[SP_ACCESS_MAX];
        int32_t id[SP_ACCESS_MAX];
        double d[SP_ACCESS_MAX];
        int m = sp_access_point(a, x, y, max_snap, 5, sn);
        int mb = brute(g, rule, x, y, max_snap, id, d);
        ASSERT_EQ_INT(m, mb);
        for (int k = 0; k < m; k++) {
            ASSERT_EQ_INT(rule == SP_SNAP_NODE ? sn[k].node : sn[k].link, id[k]);
            ASSERT_NEAR(sn[k].offroad_m, d[k], 1e-9);
            ASSERT_NEAR(sn[k].offroad_s, rule == SP_SNAP_NODE ? 0 : d[k] / (5 / 3.6), 1e-9);
        }
        n_multi += m > 1;
        n_none += m == 0;
    }
    /* the cases the test means to cover do occur */
    if (rule == SP_SNAP_EDGE)
        ASSERT(n_multi > 500);
    ASSERT(n_none > 100);
    sp_access_free(a);
    sp_graph_free(g);
}

TEST(points_edge) { check_points(SP_SNAP_EDGE); }
TEST(points_node) { check_points(SP_SNAP_NODE); }

static void check_block_on(sp_snap_rule rule, double max_snap, double cell, int n_nodes,
                           double side)
{
    sp_graph *g = random_graph(n_nodes, side);
    ASSERT(g);
    sp_access *a = NULL;
    ASSERT_EQ_INT(sp_access_new(g, rule, NULL, 0, &a), SP_OK);
    int nx = 70, ny = 55, cells_with = 0;
    int64_t col0 = (int64_t)floor(-400 / cell), row0 = (int64_t)floor(-300 / cell);
    for (int rep = 0; rep < 3; rep++, col0 += (int64_t)(1500 / cell), row0 += (int64_t)(1200 / cell)) {
        uint8_t *count = calloc((size_t)nx * ny, 1);
        sp_access_entry *e = calloc((size_t)nx * ny * SP_ACCESS_MAX, sizeof *e);
        sp_access_block(a, cell, col0, row0, nx, ny, max_snap, 5, count, e);
        for (int r = 0; r < ny; r++)
            for (int c = 0; c < nx; c++) {
                size_t k = (size_t)r * nx + c;
                double x = ((double)col0 + c + 0.5) * cell, y = ((double)row0 + r + 0.5) * cell;
                sp_snap sn[SP_ACCESS_MAX];
                int m = sp_access_point(a, x, y, max_snap, 5, sn);
                ASSERT_EQ_INT(count[k], m);
                cells_with += m > 0;
                for (int i = 0; i < m; i++) {
                    const sp_access_entry *en = &e[k * SP_ACCESS_MAX + i];
                    ASSERT_EQ_INT(en->id, rule == SP_SNAP_NODE ? sn[i].node : sn[i].link);
                    ASSERT(en->s == (float)sn[i].s);
                    ASSERT(en->offroad_s == (float)sn[i].offroad_s);
                }
            }
        free(count);
        free(e);
    }
    ASSERT(cells_with > 1000);
    sp_access_free(a);
    sp_graph_free(g);
}

static void check_block(sp_snap_rule rule, double max_snap, double cell)
{
    check_block_on(rule, max_snap, cell, 300, 3000);
}

/* Compare a block's entries with the point query at every cell centre. */
static int block_matches(const sp_access *a, sp_snap_rule rule, double cell, int64_t col0,
                         int64_t row0, int nx, int ny, double max_snap, int *max_entries)
{
    uint8_t *count = calloc((size_t)nx * ny, 1);
    sp_access_entry *e = calloc((size_t)nx * ny * SP_ACCESS_MAX, sizeof *e);
    int ok = count && e;
    if (ok)
        sp_access_block(a, cell, col0, row0, nx, ny, max_snap, 5, count, e);
    for (int k = 0; ok && k < nx * ny; k++) {
        double x = ((double)col0 + k % nx + 0.5) * cell, y = ((double)row0 + k / nx + 0.5) * cell;
        sp_snap sn[SP_ACCESS_MAX];
        int m = sp_access_point(a, x, y, max_snap, 5, sn);
        ok = count[k] == m;
        for (int i = 0; ok && i < m; i++)
            ok = e[k * SP_ACCESS_MAX + i].id == (rule == SP_SNAP_NODE ? sn[i].node : sn[i].link);
        if (m > *max_entries)
            *max_entries = m;
    }
    free(count);
    free(e);
    return ok;
}

/* The sub-block lookups' item cut (access.c, SUB) at its limit: 20 m
 * cells, the 8 x 8 sub-block [0, 160)^2 (centre O = (80, 80), half
 * diagonal h = 113 m).  Road A lies 300 m from O down the diagonal; road B
 * lies up it, 449 m beyond the corner cell C = (150, 150), which is 99 m
 * from O.  C's nearest road is A (399 m), and B is within A + 100 m of C,
 * so B is one of C's access links although it lies 548 m from O: more than
 * D + 2 h = 526 m, within D + 2 h + 100 m.  A long detour joins the two
 * roads (every link two-way, one strongly connected piece) far from the
 * block. */
TEST(block_sub_cut_keeps_the_extra)
{
    const double r2 = M_SQRT1_2;
    double ax = 80 - 300 * r2, bx = 150 + 449 * r2;
    double xy[][2] = {{ax, ax}, {ax - 10, ax + 10}, {ax - 3000, ax - 3000}, {-3132, 10000},
                      {bx + 3000, bx + 3000}, {bx + 10, bx - 10}, {bx, bx}};
    int n = (int)(sizeof xy / sizeof xy[0]);
    sp_graph_builder *b = sp_graph_builder_new();
    for (int i = 0; i < n; i++)
        sp_graph_builder_add_node(b, xy[i][0], xy[i][1]);
    int path[][2] = {{1, 0}, {0, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}};
    for (int i = 0; i < 6; i++) {
        int u = path[i][0], v = path[i][1];
        double g[4] = {xy[u][0], xy[u][1], xy[v][0], xy[v][1]};
        double t = hypot(g[2] - g[0], g[3] - g[1]);
        sp_graph_builder_add_link(b, u, v, g, 2, t, t, 0);
    }
    sp_graph *g = NULL;
    ASSERT_EQ_INT(sp_graph_build(b, &g), SP_OK);
    sp_graph_builder_free(b);
    sp_access *a = NULL;
    ASSERT_EQ_INT(sp_access_new(g, SP_SNAP_EDGE, NULL, 0, &a), SP_OK);
    int max_entries = 0;
    ASSERT(block_matches(a, SP_SNAP_EDGE, 20, 0, 0, 8, 8, 1000, &max_entries));
    ASSERT(max_entries >= 3); /* C has A, the detour's first link and B */
    sp_access_free(a);
    sp_graph_free(g);
}

TEST(block_edge) { check_block(SP_SNAP_EDGE, 1000, 20); }
TEST(block_edge_small_snap) { check_block(SP_SNAP_EDGE, 90, 20); }
TEST(block_edge_coarse) { check_block(SP_SNAP_EDGE, 400, 35); }
TEST(block_node) { check_block(SP_SNAP_NODE, 1000, 20); }
/* Roads far apart: most cells are left to the sub-block lookups, whose
 * items are cut at the nearest road's distance (access.c, SUB). */
/* Coarse cells: sub-blocks of 4 x 4 (100 m), 2 x 2 (200 m) and none, every
 * cell on its own (500 m; access.c, SUB_SPAN_M). */
TEST(block_edge_coarse_spans)
{
    check_block_on(SP_SNAP_EDGE, 1000, 100, 3000, 12000);
    check_block_on(SP_SNAP_EDGE, 1000, 200, 3000, 20000);
    check_block_on(SP_SNAP_EDGE, 1000, 500, 3000, 30000);
}
TEST(block_node_coarse_spans) { check_block_on(SP_SNAP_NODE, 1000, 200, 3000, 20000); }
TEST(block_edge_sparse) { check_block_on(SP_SNAP_EDGE, 1000, 20, 40, 6000); }
TEST(block_node_sparse) { check_block_on(SP_SNAP_NODE, 1000, 20, 40, 6000); }

int main(void)
{
    RUN(points_edge);
    RUN(points_node);
    RUN(block_edge);
    RUN(block_edge_small_snap);
    RUN(block_edge_coarse);
    RUN(block_node);
    RUN(block_edge_coarse_spans);
    RUN(block_node_coarse_spans);
    RUN(block_edge_sparse);
    RUN(block_node_sparse);
    RUN(block_sub_cut_keeps_the_extra);
    return test_summary("access");
}
