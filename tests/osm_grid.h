/* osm_grid.h — the grid of the OSM fixtures (tests/data/osm/topology.osm,
 * lines.geojson): point (i, j) = lon 114.2 + 0.001 i, lat 22.7 + 0.0009 j.
 * Nodes are found by coordinates (not by id), so tests do not depend on the
 * order the OSM driver emits ways in.  The including test sets LL (lon/lat
 * to its working CRS) before use. */
#ifndef SP_TEST_OSM_GRID_H
#define SP_TEST_OSM_GRID_H

#include <math.h>
#include <stdint.h>

#include "crs.h"
#include "graph.h"

static sp_xform *LL;

/* Grid point (i, j) of the fixture in the working CRS. */
static void grid_xy(double i, double j, double *x, double *y)
{
    double xy[2] = {114.2 + 0.001 * i, 22.7 + 0.0009 * j};
    sp_xform_apply(LL, xy, 1);
    *x = xy[0];
    *y = xy[1];
}

/* The node at grid point (i, j) (within 1 cm), or -1. */
static int32_t node_at(const sp_graph *g, double i, double j)
{
    double x, y;
    grid_xy(i, j, &x, &y);
    int32_t found = -1;
    for (int32_t v = 0; v < g->n_nodes; v++)
        if (hypot(g->node_xy[2 * v] - x, g->node_xy[2 * v + 1] - y) < 0.01) {
            if (found >= 0)
                return -2; /* two nodes at one place: a bug */
            found = v;
        }
    return found;
}

#endif
