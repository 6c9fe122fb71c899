/* test_changes.c — the [changes] section: parsing (io/changes.c) and the
 * cost changes on a shared network (pipeline/roadnet.c): a speed override
 * is a new cost layer over the same topology that changes the times of its
 * class's links only; a closed road raises the times of exactly the nodes
 * whose shortest path used it.  Runs from the repository root
 * (data/porto_alegre.ini).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes.h"
#include "crs.h"
#include "roadnet.h"
#include "scenario.h"
#include "search.h"
#include "test.h"

static sp_options *load(const char *const *sets, int n)
{
    sp_options *o = NULL;
    sp_error_clear();
    if (sp_scenario_load("data/porto_alegre.ini", sets, n, &o))
        return NULL;
    return o;
}

/* Loading with sets must fail with a message containing want. */
static int fails_with(const char *const *sets, int n, const char *want)
{
    sp_options *o = load(sets, n);
    if (o) {
        sp_options_free(o);
        fprintf(stderr, "loaded, expected an error with '%s'\n", want);
        return 0;
    }
    if (!strstr(sp_error_message(), want)) {
        fprintf(stderr, "message '%s' lacks '%s'\n", sp_error_message(), want);
        return 0;
    }
    return 1;
}

TEST(parse_in_order_and_replace)
{
    const char *sets[] = {"changes.close_sites=a, b", "changes.add_site.2=n2, -51.2, -30.05",
                          "changes.add_site.1=n1, -51.21, -30.04, New one",
                          "changes.speed=residential:3, primary:2.5",
                          "changes.close_sites=c"};
    sp_options *o = load(sets, 5);
    ASSERT(o != NULL);
    ASSERT_EQ_INT(o->n_changes, 4);
    /* a key given again is replaced in its place */
    ASSERT_EQ_INT(o->changes[0].kind, SP_CHANGE_CLOSE_SITES);
    ASSERT_EQ_INT(o->changes[0].n_items, 1);
    ASSERT_STR_EQ(o->changes[0].items[0], "c");
    ASSERT_STR_EQ(o->changes[1].key, "add_site.2");
    ASSERT(o->changes[1].items[1] == NULL);
    ASSERT_STR_EQ(o->changes[2].items[1], "New one");
    ASSERT_NEAR(o->changes[2].nums[0], -51.21, 0);
    ASSERT_NEAR(o->changes[2].nums[1], -30.04, 0);
    ASSERT_EQ_INT(o->changes[3].n_items, 2);
    ASSERT_STR_EQ(o->changes[3].items[1], "primary");
    ASSERT_NEAR(o->changes[3].nums[1], 2.5, 0);
    char buf[256];
    ASSERT_STR_EQ(sp_change_describe(&o->changes[2], buf, sizeof buf),
                  "add_site.1: n1, -51.21, -30.04, New one");
    int nomem;
    char *key = sp_changes_costs_key(o, &nomem);
    ASSERT_STR_EQ(key, "speed=residential:3,primary:2.5");
    free(key);
    sp_options_free(o);
    /* the _xy keys: x, y in the working CRS, any finite number */
    const char *xy[] = {"changes.add_site_xy=w1, 480123.5, 6673000, West",
                        "changes.move_site_xy.2=m, -480000, 1e7"};
    o = load(xy, 2);
    ASSERT(o != NULL);
    ASSERT_EQ_INT(o->n_changes, 2);
    ASSERT_EQ_INT(o->changes[0].kind, SP_CHANGE_ADD_SITE);
    ASSERT_EQ_INT(o->changes[0].xy, 1);
    ASSERT_NEAR(o->changes[0].nums[0], 480123.5, 0);
    ASSERT_EQ_INT(o->changes[1].kind, SP_CHANGE_MOVE_SITE);
    ASSERT_EQ_INT(o->changes[1].xy, 1);
    ASSERT_NEAR(o->changes[1].nums[1], 1e7, 0);
    sp_options_free(o);
    /* an empty value takes a change back */
    const char *undo[] = {"changes.close_sites=a", "changes.speed=primary:3", "changes.close_sites= "};
    o = load(undo, 3);
    ASSERT(o != NULL);
    ASSERT_EQ_INT(o->n_changes, 1);
    ASSERT_STR_EQ(o->changes[0].key, "speed");
    sp_options_free(o);
}

TEST(parse_errors)
{
    static const struct {
        const char *sets[2];
        const char *want;
    } CASES[] = {
        {{"changes.close_site=1"}, "unknown key 'close_site'"},
        {{"changes.add_site=x, 200, -30"}, "[changes] add_site = 'x, 200, -30'"},
        {{"changes.move_site=x, -51, -30, name"}, "expected id, lon, lat"},
        {{"changes.speed=residential"}, "class:kmh"},
        {{"changes.speed=residential:0"}, "above 0"},
        {{"changes.close_roads=1,,2"}, "empty entry"},
        {{"changes.add_sites.x=lon"}, "without add_sites"},
        {{"changes.add_sites=x.csv", "changes.add_sites.x=lon"}, "add_sites.x and add_sites.y"},
        {{"changes.close_sites.a=1"}, "unknown key"},
        {{"changes.add_site_xy=x, 4e5"}, "expected id, x, y[, name]"},
        {{"changes.move_site_xy=x, east, 6e6"}, "x and y must be numbers"},
        {{"changes.add_site_xy=x, nan, 6e6"}, "x and y must be numbers"},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++)
        ASSERT(fails_with(CASES[i].sets, CASES[i].sets[1] ? 2 : 1, CASES[i].want));
}

/* The network of porto_alegre.ini in its UTM zone, with travel setups for
 * the plain walk and for walk with residential streets at 1 km/h. */
TEST(speed_changes_only_its_class)
{
    const char *slow[] = {"changes.speed=residential:1"};
    sp_options *o = load(NULL, 0), *s = load(slow, 1);
    ASSERT(o && s);
    sp_network *net = NULL;
    sp_status st = sp_network_open(o, "EPSG:32722", "test", NULL, NULL, &net);
    if (st == SP_OK)
        st = sp_network_add(net, s, NULL, NULL);
    if (st)
        fprintf(stderr, "%s\n", sp_error_message());
    ASSERT_EQ_INT(st, SP_OK);
    const sp_netmode *a = sp_network_setup(net, o), *b = sp_network_setup(net, s);
    ASSERT(a && b && a != b);
    ASSERT(a->topo == b->topo);   /* the same topology, a new cost layer */
    ASSERT(a->costs != b->costs);
    const sp_topo *t = a->topo;
    int k_res = sp_profile_find(&a->profile, "residential");
    ASSERT(k_res >= 0);
    double kmh = a->profile.kmh[k_res];
    long n_res = 0, bad = 0;
    for (int32_t l = 0; l < t->n_links; l++) {
        double f0 = a->costs->fwd_s[l], f1 = b->costs->fwd_s[l];
        double b0 = a->costs->bwd_s[l], b1 = b->costs->bwd_s[l];
        if (t->links[l].road_class == k_res) {
            n_res++;
            if ((isfinite(f0) && fabs(f1 - f0 * kmh) > 1e-6 * f1) ||
                (isfinite(b0) && fabs(b1 - b0 * kmh) > 1e-6 * b1))
                bad++;
        } else if (!(f0 == f1 || (isinf(f0) && isinf(f1))) ||
                   !(b0 == b1 || (isinf(b0) && isinf(b1)))) {
            bad++;
        }
    }
    ASSERT(n_res > 100);
    ASSERT_EQ_INT(bad, 0);
    sp_network_free(net);
    sp_options_free(o);
    sp_options_free(s);
}

TEST(unknown_road_and_class)
{
    const char *road[] = {"changes.close_roads=27103295, 1"};
    const char *cls[] = {"changes.speed=motorway_x:10"};
    sp_options *o = load(NULL, 0), *r = load(road, 1), *c = load(cls, 1);
    ASSERT(o && r && c);
    sp_network *net = NULL;
    ASSERT_EQ_INT(sp_network_open(o, "EPSG:32722", "test", NULL, NULL, &net), SP_OK);
    sp_error_clear();
    ASSERT_EQ_INT(sp_network_add(net, r, NULL, NULL), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "[changes] close_roads: no road of");
    ASSERT_CONTAINS(sp_error_message(), "has id '1'");
    sp_error_clear();
    ASSERT_EQ_INT(sp_network_add(net, c, NULL, NULL), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "road class 'motorway_x'");
    sp_network_free(net);
    sp_options_free(o);
    sp_options_free(r);
    sp_options_free(c);
}

/* Closing a road: a reverse search to one node ~400 m from it, with and
 * without the road.  A node whose shortest path (the predecessors of the
 * search without the closure) does not use the road keeps its time; one
 * whose path uses it gets slower (or stays equal on a tie); no node gets
 * faster or newly reached. */
TEST(closed_road_raises_exactly_its_paths)
{
    const char *closed[] = {"changes.close_roads=27103295"};
    sp_options *o = load(NULL, 0), *c = load(closed, 1);
    ASSERT(o && c);
    sp_network *net = NULL;
    ASSERT_EQ_INT(sp_network_open(o, "EPSG:32722", "test", NULL, NULL, &net), SP_OK);
    ASSERT_EQ_INT(sp_network_add(net, c, NULL, NULL), SP_OK);
    const sp_graph *ga = &sp_network_setup(net, o)->graph;
    const sp_graph *gb = &sp_network_setup(net, c)->graph;
    int32_t road = sp_roads_find(sp_network_roads(net), "27103295");
    ASSERT(road >= 0);
    /* the seed: the main-piece node whose distance to the road's first
     * link end is nearest 400 m */
    double rx = NAN, ry = NAN;
    for (int32_t l = 0; l < ga->n_links && isnan(rx); l++)
        if (ga->links[l].road == road) {
            rx = ga->node_xy[2 * ga->links[l].from];
            ry = ga->node_xy[2 * ga->links[l].from + 1];
        }
    ASSERT(!isnan(rx));
    int32_t seed = -1;
    double best = INFINITY;
    for (int32_t v = 0; v < ga->n_nodes; v++) {
        double d = fabs(hypot(ga->node_xy[2 * v] - rx, ga->node_xy[2 * v + 1] - ry) - 400);
        if (ga->component[v] == 0 && d < best) {
            best = d;
            seed = v;
        }
    }
    ASSERT(seed >= 0);
    sp_search *wa = sp_search_new(ga), *wb = sp_search_new(gb);
    ASSERT(wa && wb);
    ASSERT_EQ_INT(sp_search_keep_routes(wa, 1), SP_OK);
    sp_seed sd = {seed, 0};
    const double limit = 900;
    ASSERT_EQ_INT(sp_search_run(wa, ga, SP_REVERSE, &sd, 1, limit), SP_OK);
    ASSERT_EQ_INT(sp_search_run(wb, gb, SP_REVERSE, &sd, 1, limit), SP_OK);
    uint8_t *uses = calloc((size_t)ga->n_nodes, 1);
    ASSERT(uses);
    size_t n;
    const int32_t *settled = sp_search_settled(wa, &n);
    long n_uses = 0, rose = 0, kept = 0, bad_kept = 0, fell = 0;
    for (size_t k = 0; k < n; k++) { /* settled order: a node's next node comes first */
        int32_t v = settled[k], e = sp_search_pred(wa, v);
        if (e >= 0) {
            const sp_link *L = &ga->links[ga->in_link[e]];
            int32_t next = L->from == v ? L->to : L->from;
            uses[v] = uses[next] || L->road == road;
        }
        double da = sp_search_dist(wa, v), db = sp_search_dist(wb, v);
        if (db < da - 1e-9)
            fell++;
        if (uses[v]) {
            n_uses++;
            rose += db > da + 1e-9;
        } else {
            kept++;
            bad_kept += fabs(db - da) > 1e-9;
        }
    }
    size_t nb;
    const int32_t *settled_b = sp_search_settled(wb, &nb);
    for (size_t k = 0; k < nb; k++)
        if (!isfinite(sp_search_dist(wa, settled_b[k])))
            fell++;
    fprintf(stderr, "  %zu nodes within %g s: %ld use the road (%ld slower), %ld do not\n", n,
            limit, n_uses, rose, kept);
    ASSERT(n_uses > 10);
    ASSERT_EQ_INT(bad_kept, 0);
    ASSERT_EQ_INT(fell, 0);
    ASSERT_EQ_INT(rose, n_uses); /* no ties on this road */
    free(uses);
    sp_search_free(wa);
    sp_search_free(wb);
    sp_network_free(net);
    sp_options_free(o);
    sp_options_free(c);
}

int main(void)
{
    GDALAllRegister();
    RUN(parse_in_order_and_replace);
    RUN(parse_errors);
    RUN(speed_changes_only_its_class);
    RUN(unknown_road_and_class);
    RUN(closed_road_raises_exactly_its_paths);
    return test_summary("changes");
}
