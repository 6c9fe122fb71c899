/* network_fixture.h — what the network unit tests (test_network_topology.c,
 * test_network_read.c) share: the fixture paths (tests/data/osm/topology.osm,
 * lines.geojson under SP_ROOT), the working CRS (EPSG:32650) with osm_grid.h's
 * lon/lat transform LL, loading a file into a mode's graph view, and looking
 * links up.  Call network_test_init() first in main() and
 * network_test_finish() last. */
#ifndef SP_TEST_NETWORK_FIXTURE_H
#define SP_TEST_NETWORK_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include <glib.h>

#include "crs.h"
#include "graph.h"
#include "osm_grid.h"
#include "roads.h"
#include "profile.h"
#include "scenario.h"
#include "topology.h"

#define KMH(v) ((v) / 3.6)

static char osm_path[4096], geojson_path[4096];

static void set_paths(void)
{
    const char *root = getenv("SP_ROOT");
    if (!root || !*root)
        root = ".";
    snprintf(osm_path, sizeof osm_path, "%s/tests/data/osm/topology.osm", root);
    snprintf(geojson_path, sizeof geojson_path, "%s/tests/data/osm/lines.geojson", root);
}

/* The working CRS; the lon/lat -> working transform LL is osm_grid.h's. */
static sp_crs *CRS;

/* Set while a test expects loading to fail (no message printed). */
static int expect_error;

/* What summary.json reports of a loaded network. */
typedef struct {
    long ways_read, ways_used, ways_skipped_class, ways_skipped_access, ways_skipped_area;
    long ways_degenerate, maxspeed_used, oneway_links;
    double length_km;
    char what[512];
} net_stats;

/* A loaded network: roads, the mode's topology and cost layer, the view. */
typedef struct {
    sp_roads *roads;
    sp_topo *topo;
    sp_costs *costs;
    sp_graph view;
    sp_graph *g; /* &view once loaded, else NULL */
    net_stats st;
} net;

static void net_free(net *n)
{
    sp_costs_free(n->costs);
    sp_topo_free(n->topo);
    sp_roads_free(n->roads);
    memset(n, 0, sizeof *n);
}

/* Load `path` for `mode`; class_field NULL = default ("highway"). */
static sp_status load(const char *path, sp_mode mode, int use_maxspeed,
                      const char *class_field, net *out)
{
    sp_options *o = NULL;
    sp_options_defaults(&o);
    o->network = g_strdup(path);
    if (class_field)
        o->network_class = g_strdup(class_field);
    o->mode = mode;
    o->use_maxspeed = use_maxspeed;
    sp_profile prof;
    sp_profile_builtin(mode, &prof);
    sp_error_clear();
    memset(out, 0, sizeof *out);
    sp_roads_source src;
    sp_roads_source_from_options(o, &src);
    sp_cost_options co = {.use_maxspeed = use_maxspeed};
    sp_status st;
    if ((st = sp_roads_read(&src, CRS, NULL, NULL, &out->roads)) ||
        (st = sp_topo_build(out->roads, &prof, &out->topo)) ||
        (st = sp_costs_build(out->topo, out->roads, &prof, &co, &out->costs)) ||
        (st = sp_graph_view(out->topo, out->costs, &out->view))) {
        if (!expect_error)
            fprintf(stderr, "loading the network: %s\n", sp_error_message());
        net_free(out);
    } else {
        const sp_topo_stats *ts = &out->topo->stats;
        out->g = &out->view;
        out->st = (net_stats){ts->ways_read, ts->ways_used, ts->ways_skipped_class,
                              ts->ways_skipped_access, ts->ways_skipped_area,
                              ts->ways_degenerate, out->costs->maxspeed_ways,
                              ts->oneway_links, ts->length_km, ""};
        snprintf(out->st.what, sizeof out->st.what, "%s", out->roads->what);
    }
    sp_options_free(o);
    return st;
}

/* The only link between a and b; -1 if none or several. */
static int32_t link_between(const sp_graph *g, int32_t a, int32_t b)
{
    int32_t found = -1;
    for (int32_t l = 0; l < g->n_links; l++) {
        const sp_link *k = &g->links[l];
        if ((k->from == a && k->to == b) || (k->from == b && k->to == a)) {
            if (found >= 0)
                return -1;
            found = l;
        }
    }
    return found;
}

/* Seconds to drive link l from node a to its other end (INFINITY if that
 * direction is not allowed). */
static double time_from(const sp_graph *g, int32_t l, int32_t a)
{
    return g->links[l].from == a ? g->fwd_s[l] : g->bwd_s[l];
}

/* GDAL, the fixture paths, CRS and LL; 0 (after a message) on failure. */
static int network_test_init(void)
{
    GDALAllRegister();
    set_paths();
    if (sp_crs_new("EPSG:32650", &CRS) != SP_OK ||
        sp_xform_new(CRS, "EPSG:4326", 1, "test", &LL) != SP_OK) {
        fprintf(stderr, "cannot set up EPSG:32650: %s\n", sp_error_message());
        return 0;
    }
    return 1;
}

static void network_test_finish(void)
{
    sp_xform_free(LL);
    sp_crs_free(CRS);
}

#endif
