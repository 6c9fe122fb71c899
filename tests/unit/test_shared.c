/* test_shared.c — one loaded sp_network, two scenarios at once.
 *
 * Two scenarios that differ in their sites, thresholds and travel mode (so
 * in their travel setups and cost layers) run on ONE sp_network from two
 * threads at the same time, and every file they write must be byte-identical
 * to the files of two separate, stand-alone runs.  The stand-alone runs are
 * written as `siteplan run` writes them: results.gpkg begun early, its roads
 * layer on a thread of its own during the load and the analysis
 * (roadslayer.h), the shared runs' by the sequential writer.  make test also
 * runs this binary built with -fsanitize=thread (build/tsan).
 */
#include <glib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "poa_scenario.h"
#include "run.h"
#include "sitechanges.h"
#include "test.h"

static char g_tmp[2048];

/* A: walk 20 min to every facility hexagon; B: car 5 and 10 min to the
 * hexagons with more than one health facility. */
static const char *SETS_A[] = {"travel.minutes=20"};
static const char *SETS_B[] = {"travel.mode=car", "travel.minutes=5,10",
                               "inputs.sites.where=healthcare > 1"};

static sp_status run_alone(const sp_options *o, const char *dir)
{
    sp_loaded *ld = NULL;
    sp_outcome *r = NULL;
    sp_status st = sp_run_early(o, dir, NULL, NULL, &ld, &r);
    if (st == SP_OK) {
        sp_gpkg_early *e = ld->early;
        ld->early = NULL;
        st = sp_outcome_write_with(r, dir, e);
    }
    if (st)
        fprintf(stderr, "alone: %s\n", sp_error_message());
    sp_outcome_free(r);
    sp_loaded_free(ld);
    return st;
}

typedef struct {
    const sp_network *net;
    const sp_options *o;
    char dir[2200];
    sp_status st;
    char msg[1024];
} job;

/* One scenario on the shared network, in its own thread and context. */
static void *run_shared(void *arg)
{
    job *j = arg;
    sp_ctx *ctx = NULL;
    sp_siteset *set = NULL;
    sp_inputs *in = NULL;
    sp_outcome *r = NULL;
    sp_status st;
    if ((st = sp_ctx_new(&ctx)) || (st = sp_ctx_use_crs(ctx, sp_network_crs(j->net))) ||
        (st = sp_siteset_read(j->o, &set)) || (st = sp_siteset_project(set, sp_ctx_crs(ctx))) ||
        (st = sp_siteset_apply_changes(set, j->o, sp_ctx_crs(ctx))) ||
        (st = sp_inputs_bind(j->net, set, ctx, j->o, &in)) ||
        (st = sp_analyze(in, j->o, NULL, NULL, &r)) || (st = sp_outcome_write(r, j->dir)))
        snprintf(j->msg, sizeof j->msg, "%s", sp_error_message());
    j->st = st;
    sp_outcome_free(r);
    sp_inputs_free(in);
    sp_siteset_free(set);
    sp_ctx_free(ctx);
    return NULL;
}

static int same_file(const char *a, const char *b)
{
    gchar *x = NULL, *y = NULL;
    gsize nx = 0, ny = 0;
    int same = g_file_get_contents(a, &x, &nx, NULL) && g_file_get_contents(b, &y, &ny, NULL) &&
               nx == ny && memcmp(x, y, nx) == 0;
    if (!same)
        fprintf(stderr, "differ: %s %s\n", a, b);
    g_free(x);
    g_free(y);
    return same;
}

static int same_folder(const char *a, const char *b)
{
    static const char *files[] = {"summary.json", "coverage.csv", "sites.csv", "results.gpkg"};
    int ok = 1;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char pa[2400], pb[2400];
        snprintf(pa, sizeof pa, "%s/%s", a, files[i]);
        snprintf(pb, sizeof pb, "%s/%s", b, files[i]);
        ok &= same_file(pa, pb);
    }
    return ok;
}

TEST(two_scenarios_one_network_two_threads)
{
    sp_options *a = poa_scenario(SETS_A, 1), *b = poa_scenario(SETS_B, 3);
    ASSERT(a && b);
    char alone_a[2200], alone_b[2200];
    snprintf(alone_a, sizeof alone_a, "%s/alone_a", g_tmp);
    snprintf(alone_b, sizeof alone_b, "%s/alone_b", g_tmp);
    ASSERT_EQ_INT(run_alone(a, alone_a), SP_OK);
    ASSERT_EQ_INT(run_alone(b, alone_b), SP_OK);

    /* One network: A's working CRS (B's clusters are the same hexagons, so
     * its own choice would be the same zone), both travel setups. */
    sp_siteset *set = NULL;
    char def[256], reason[128];
    ASSERT_EQ_INT(sp_siteset_read(a, &set), SP_OK);
    ASSERT_EQ_INT(sp_siteset_working_crs(set, a, def, sizeof def, reason, sizeof reason), SP_OK);
    sp_siteset_free(set);
    sp_network *net = NULL;
    ASSERT_EQ_INT(sp_network_open(a, def, reason, NULL, NULL, &net), SP_OK);
    ASSERT_EQ_INT(sp_network_add(net, b, NULL, NULL), SP_OK);
    const sp_netmode *ma = sp_network_setup(net, a), *mb = sp_network_setup(net, b);
    ASSERT(ma && mb && ma != mb);
    ASSERT(ma->topo != mb->topo && ma->costs != mb->costs); /* walk and car */
    ASSERT(strncmp(sp_network_fingerprint(net), "fnv1a64:", 8) == 0);

    job ja = {net, a, "", SP_OK, ""}, jb = {net, b, "", SP_OK, ""};
    snprintf(ja.dir, sizeof ja.dir, "%s/shared_a", g_tmp);
    snprintf(jb.dir, sizeof jb.dir, "%s/shared_b", g_tmp);
    pthread_t ta, tb;
    ASSERT_EQ_INT(pthread_create(&ta, NULL, run_shared, &ja), 0);
    ASSERT_EQ_INT(pthread_create(&tb, NULL, run_shared, &jb), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    if (ja.st || jb.st)
        fprintf(stderr, "shared: %s | %s\n", ja.msg, jb.msg);
    ASSERT_EQ_INT(ja.st, SP_OK);
    ASSERT_EQ_INT(jb.st, SP_OK);
    ASSERT(same_folder(alone_a, ja.dir));
    ASSERT(same_folder(alone_b, jb.dir));
    char sa[2400], sb[2400];
    snprintf(sa, sizeof sa, "%s/summary.json", ja.dir);
    snprintf(sb, sizeof sb, "%s/summary.json", jb.dir);
    gchar *x = NULL, *y = NULL;
    ASSERT(g_file_get_contents(sa, &x, NULL, NULL) && g_file_get_contents(sb, &y, NULL, NULL));
    ASSERT(strcmp(x, y) != 0);
    ASSERT(strstr(x, "\"mode\": \"walk\"") && strstr(y, "\"mode\": \"car\""));
    g_free(x);
    g_free(y);
    sp_network_free(net);
    sp_options_free(a);
    sp_options_free(b);
}

/* A second setup of the same mode shares the topology, with its own costs;
 * the roads are read once. */
TEST(setups_of_one_mode_share_the_topology)
{
    const char *car[] = {"travel.mode=car"};
    const char *car_nomax[] = {"travel.mode=car", "travel.use_maxspeed=no"};
    sp_options *a = poa_scenario(car, 1), *b = poa_scenario(car_nomax, 2);
    ASSERT(a && b);
    sp_network *net = NULL;
    ASSERT_EQ_INT(sp_network_open(a, "EPSG:32722", "test", NULL, NULL, &net), SP_OK);
    const sp_roads *roads = sp_network_roads(net);
    ASSERT_EQ_INT(sp_network_add(net, b, NULL, NULL), SP_OK);
    ASSERT(sp_network_roads(net) == roads);
    const sp_netmode *ma = sp_network_setup(net, a), *mb = sp_network_setup(net, b);
    ASSERT(ma && mb && ma != mb);
    ASSERT(ma->topo == mb->topo);
    ASSERT(ma->costs != mb->costs);
    ASSERT(ma->costs->maxspeed_ways > 0 && mb->costs->maxspeed_ways == 0);
    sp_network_free(net);
    sp_options_free(a);
    sp_options_free(b);
}

TEST(a_scenario_that_does_not_fit_is_refused)
{
    sp_options *a = poa_scenario(SETS_A, 1);
    const char *other[] = {"inputs.network.where=highway <> 'footway'"};
    sp_options *c = poa_scenario(other, 1);
    const char *bike[] = {"travel.mode=bike"};
    sp_options *d = poa_scenario(bike, 1);
    ASSERT(a && c && d);
    sp_network *net = NULL;
    ASSERT_EQ_INT(sp_network_open(a, "EPSG:32722", "test", NULL, NULL, &net), SP_OK);
    sp_error_clear();
    ASSERT(sp_network_setup(net, c) == NULL);
    ASSERT(strstr(sp_error_message(), "network.where") != NULL);
    sp_error_clear();
    ASSERT(sp_network_setup(net, d) == NULL); /* bike was never prepared */
    ASSERT(strstr(sp_error_message(), "bike") != NULL);
    sp_error_clear();
    ASSERT_EQ_INT(sp_network_add(net, c, NULL, NULL), SP_E_INPUT);
    sp_network_free(net);
    sp_options_free(a);
    sp_options_free(c);
    sp_options_free(d);
}

int main(void)
{
    sp_warn_set_muted(1);
    GDALAllRegister();
    const char *t = getenv("SP_TMP");
    snprintf(g_tmp, sizeof g_tmp, "%s/shared", t ? t : "/tmp/siteplan-test");
    g_mkdir_with_parents(g_tmp, 0755);
    RUN(two_scenarios_one_network_two_threads);
    RUN(setups_of_one_mode_share_the_topology);
    RUN(a_scenario_that_does_not_fit_is_refused);
    return test_summary("shared");
}
