/* test_network_read.c — reading road networks (io/roads.c, net/costs.c):
 * maxspeed parsing, car travel times from classes, maxspeed and mph, a
 * GeoJSON line layer with the class in a custom field, and a missing file.
 * Fixtures: tests/data/osm/topology.osm (the hand derivation of its graphs is
 * in test_network_topology.c) and tests/data/osm/lines.geojson; shared
 * helpers in network_fixture.h. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include <gdal.h>
#include <glib.h>

#include "crs.h"
#include "graph.h"
#include "network_fixture.h"
#include "osm_grid.h"
#include "roads.h"
#include "profile.h"
#include "scenario.h"
#include "search.h"
#include "topology.h"
#include "test.h"

/* Straight-line length of link l's polyline. */
static double poly_len(const sp_graph *g, int32_t l)
{
    const sp_link *k = &g->links[l];
    const double *xy = g->geom_xy + 2 * (size_t)k->geom_off;
    double len = 0;
    for (uint32_t i = 1; i < k->geom_len; i++)
        len += hypot(xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]);
    return len;
}

/* ------------------------------------------------------------------------ */

TEST(maxspeed_parsing)
{
    ASSERT_NEAR(sp_roads_parse_maxspeed("50"), 50, 1e-12);
    ASSERT_NEAR(sp_roads_parse_maxspeed("50 mph"), 50 * 1.609344, 1e-9);
    ASSERT_NEAR(sp_roads_parse_maxspeed("30 mph"), 48.28032, 1e-9);
    ASSERT_NEAR(sp_roads_parse_maxspeed("50mph"), 50 * 1.609344, 1e-9);
    ASSERT_NEAR(sp_roads_parse_maxspeed("30 km/h"), 30, 1e-12);
    ASSERT_NEAR(sp_roads_parse_maxspeed(" 40"), 40, 1e-12);
    ASSERT_NEAR(sp_roads_parse_maxspeed("signals"), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed("BR:urban"), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed("RU:urban"), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed(""), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed("none"), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed("walk"), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed(NULL), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed("0"), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed("50 knots"), 0, 0);
    ASSERT_NEAR(sp_roads_parse_maxspeed("500"), 0, 0); /* implausible */
    /* Several values: the first one. */
    ASSERT_NEAR(sp_roads_parse_maxspeed("30;50"), 30, 1e-12);
}

/* Travel times: length / speed; speed from maxspeed (km/h or mph) for cars
 * when use_maxspeed = 1, from the table when 0. */
TEST(car_speeds)
{
    for (int use = 0; use < 2; use++) {
        net n;
        ASSERT(load(osm_path, SP_MODE_CAR, use, NULL, &n) == SP_OK);
        const sp_graph *g = n.g;
        int32_t C = node_at(g, 2, 0), E = node_at(g, 3, 0), F = node_at(g, 3, 1),
                G = node_at(g, 2, 1), A = node_at(g, 0, 0), J = node_at(g, 1, 0);
        ASSERT(C >= 0 && E >= 0 && F >= 0 && G >= 0 && A >= 0 && J >= 0);

        /* E-F: maxspeed=20 (table residential 25).  Straight, 0.0009 deg of
         * latitude: about 99.6 m. */
        int32_t ef = link_between(g, E, F);
        ASSERT(ef >= 0);
        const sp_link *k = &g->links[ef];
        const double *fwd_s = g->fwd_s, *bwd_s = g->bwd_s;
        double len = hypot(g->node_xy[2 * E] - g->node_xy[2 * F],
                           g->node_xy[2 * E + 1] - g->node_xy[2 * F + 1]);
        ASSERT_NEAR(k->length_m, len, 1e-6);
        ASSERT_NEAR(k->length_m, 99.6, 1.0);
        double kmh = use ? 20.0 : 25.0;
        ASSERT_NEAR(fwd_s[ef], len / KMH(kmh), 1e-6);
        ASSERT_NEAR(bwd_s[ef], len / KMH(kmh), 1e-6);

        /* G-C: maxspeed "30 mph" = 48.28032 km/h (table tertiary 35). */
        int32_t gc = link_between(g, G, C);
        ASSERT(gc >= 0);
        k = &g->links[gc];
        kmh = use ? 30 * 1.609344 : 35.0;
        ASSERT_NEAR(fwd_s[gc], k->length_m / KMH(kmh), 1e-6);
        ASSERT_NEAR(bwd_s[gc], k->length_m / KMH(kmh), 1e-6);

        /* A-J: no maxspeed: the table's residential 25 either way. */
        int32_t aj = link_between(g, A, J);
        ASSERT(aj >= 0);
        ASSERT_NEAR(g->fwd_s[aj], g->links[aj].length_m / KMH(25.0), 1e-6);

        /* J-C runs through X: its length is the polyline's. */
        int32_t jc = link_between(g, J, C);
        ASSERT(jc >= 0);
        ASSERT_NEAR(g->links[jc].length_m, poly_len(g, jc), 1e-6);

        ASSERT_EQ_INT(n.st.maxspeed_used, use ? 2 : 0);
        net_free(&n);
    }
}

/* A GeoJSON line layer with the class in a custom field ("roadtype"; its
 * "highway" property says something else on purpose).  Features (grid
 * points as in topology.osm):
 *   1 roadtype residential, highway motorway     (0,0)-(1,0)
 *   2 roadtype footway,     highway residential  (1,0)-(1,1)
 *   3 roadtype motorway,    highway footway      (1,0)-(2,0)
 *   4 roadtype null,        highway residential  (3,0)-(4,0)
 *   5 roadtype motorway,    highway motorway, oneway=no  (5,0)-(6,0) */
TEST(geojson_line_layer)
{
    net n;
    /* Walk by roadtype: 1 and 2 used; 3 and 5 skipped (motorway); 4 has no
     * roadtype (filtered out, not read).  Nodes (0,0), (1,0), (1,1); 2 links. */
    ASSERT(load(geojson_path, SP_MODE_WALK, 1, "roadtype", &n) == SP_OK);
    ASSERT_EQ_INT(n.g->n_nodes, 3);
    ASSERT_EQ_INT(n.g->n_links, 2);
    ASSERT_EQ_INT(n.st.ways_read, 4);
    ASSERT_EQ_INT(n.st.ways_skipped_class, 2);
    ASSERT(node_at(n.g, 0, 0) >= 0 && node_at(n.g, 1, 0) >= 0 && node_at(n.g, 1, 1) >= 0);
    ASSERT_EQ_INT(n.g->n_components, 1);
    ASSERT_CONTAINS(n.st.what, "lines.geojson");
    net_free(&n);

    /* Car by roadtype: 1 residential, 3 motorway (oneway from its class), 5
     * motorway with an explicit oneway=no (two-way: "no" wins); 2 footway
     * skipped.  Nodes (0,0), (1,0), (2,0), (5,0), (6,0); 3 links. */
    ASSERT(load(geojson_path, SP_MODE_CAR, 1, "roadtype", &n) == SP_OK);
    ASSERT_EQ_INT(n.g->n_nodes, 5);
    ASSERT_EQ_INT(n.g->n_links, 3);
    ASSERT_EQ_INT(n.st.oneway_links, 1);
    ASSERT_EQ_INT(n.st.ways_skipped_class, 1);
    int32_t a = node_at(n.g, 1, 0), b = node_at(n.g, 2, 0);
    ASSERT(a >= 0 && b >= 0);
    int32_t l = link_between(n.g, a, b);
    ASSERT(l >= 0);
    ASSERT(isfinite(time_from(n.g, l, a)) && isinf(time_from(n.g, l, b)));
    ASSERT_NEAR(n.g->fwd_s[l], n.g->links[l].length_m / KMH(90.0), 1e-6);
    l = link_between(n.g, node_at(n.g, 5, 0), node_at(n.g, 6, 0));
    ASSERT(l >= 0);
    ASSERT(isfinite(n.g->fwd_s[l]) && isfinite(n.g->bwd_s[l]));
    net_free(&n);

    /* Walk by the default field "highway": 1 and 5 motorway skipped; 2, 3,
     * 4 used.  Nodes (1,0), (1,1), (2,0), (3,0), (4,0); 3 links. */
    ASSERT(load(geojson_path, SP_MODE_WALK, 1, NULL, &n) == SP_OK);
    ASSERT_EQ_INT(n.g->n_nodes, 5);
    ASSERT_EQ_INT(n.g->n_links, 3);
    ASSERT_EQ_INT(n.st.ways_read, 5);
    ASSERT_EQ_INT(n.st.ways_skipped_class, 2);
    ASSERT_EQ_INT(node_at(n.g, 0, 0), -1);
    net_free(&n);

    /* A class field the layer does not have: an error naming it. */
    n.g = NULL;
    expect_error = 1;
    sp_status st = load(geojson_path, SP_MODE_WALK, 1, "kind", &n);
    expect_error = 0;
    ASSERT(st == SP_E_INPUT);
    ASSERT(n.g == NULL);
    ASSERT_CONTAINS(sp_error_message(), "'kind'");
    ASSERT_CONTAINS(sp_error_message(), "network.class");
    ASSERT_CONTAINS(sp_error_message(), "lines.geojson");
    sp_error_clear();
}

TEST(missing_file_is_an_error)
{
    char path[4200];
    snprintf(path, sizeof path, "%s.missing", osm_path);
    net n;
    expect_error = 1;
    sp_status st = load(path, SP_MODE_WALK, 1, NULL, &n);
    expect_error = 0;
    ASSERT(st == SP_E_IO);
    ASSERT(n.g == NULL);
    ASSERT_CONTAINS(sp_error_message(), "topology.osm.missing");
    sp_error_clear();
}

/* A street grid large enough that the junction count spreads its vertices
 * over several partitions (topology.c, find_junctions: about 2,000 a
 * partition): 60 east-west and 60 north-south residential roads, each with
 * a vertex at every crossing and one between each two.  Every crossing, and
 * nothing else, is a junction: 3,600 nodes and 2 x 60 x 59 links; node
 * numbers follow first appearance (the first road's crossings first). */
TEST(grid_junctions_over_partitions)
{
    enum { N = 60 };
    const char *tmp = getenv("SP_TMP");
    char *path = g_strdup_printf("%s/grid_junctions_%d.geojson", tmp && *tmp ? tmp : "/tmp",
                                 (int)getpid());
    FILE *f = fopen(path, "w");
    ASSERT(f);
    fprintf(f, "{\"type\": \"FeatureCollection\", \"features\": [\n");
    for (int k = 0; k < 2 * N; k++) {
        int ew = k < N, line = k % N;
        fprintf(f, "%s{\"type\": \"Feature\", \"properties\": {\"highway\": \"residential\"}, "
                   "\"geometry\": {\"type\": \"LineString\", \"coordinates\": [",
                k ? ",\n" : "");
        for (int i = 0; i <= 2 * (N - 1); i++) {
            double along = 0.0005 * i, across = 0.001 * line;
            fprintf(f, "%s[%.4f, %.4f]", i ? ", " : "", 114.2 + (ew ? along : across),
                    22.7 + (ew ? across : along));
        }
        fprintf(f, "]}}");
    }
    fprintf(f, "\n]}\n");
    ASSERT(fclose(f) == 0);
    net n;
    ASSERT(load(path, SP_MODE_WALK, 1, NULL, &n) == SP_OK);
    unlink(path);
    g_free(path);
    ASSERT_EQ_INT(n.g->n_nodes, N * N);
    ASSERT_EQ_INT(n.g->n_links, 2 * N * (N - 1));
    ASSERT_EQ_INT(n.g->n_geom, 2 * N * (2 * (N - 1) + 1) + 2 * N * (N - 1) - 2 * N);
    /* the first road's crossings are nodes 0 .. N - 1, west to east (about
     * 100 m apart, one latitude: within 10 m of the last in the projection),
     * then the next road's, 110 m north */
    const double *xy = n.g->node_xy;
    for (int i = 1; i < N; i++) {
        ASSERT(xy[2 * i] > xy[2 * i - 2] + 80);
        ASSERT_NEAR(xy[2 * i + 1], xy[2 * i - 1], 10);
    }
    ASSERT(xy[2 * N + 1] > xy[1] + 80);
    net_free(&n);
}

int main(void)
{
    if (!network_test_init())
        return 1;
    RUN(maxspeed_parsing);
    RUN(car_speeds);
    RUN(geojson_line_layer);
    RUN(missing_file_is_an_error);
    RUN(grid_junctions_over_partitions);
    network_test_finish();
    return test_summary("network_read");
}
