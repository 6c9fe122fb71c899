/* catchment.c — see catchment.h.  Options and the sp_isogrid life cycle;
 * stage 1 below is in catchment_burn.c, stage 2 in catchment_poly.c, the
 * shared struct in catchment_private.h.
 *
 * Two stages:
 *
 *  1. Burn (per site): the links incident to the nodes the search settled
 *     within max_s (plus the site's own link) are the reached ones; grow the
 *     grid to the cells within reach of them (their bounding box, as the
 *     union of the settled nodes' boxes, plus the access rule's reach,
 *     max_snap_m, or the walk max_s allows if less); for each of those
 *     cells take its access entries (cellaccess.h, computed once per
 *     64 x 64 tile and shared) and keep the least sp_reach_time() over them
 *     (an unreached link gives none within max_s).  The union of several
 *     sites (the table's last pass) marks the reached links, takes only the
 *     tiles within that reach of a marked link's box, skips the entries on
 *     unmarked links, and does not keep the tiles it computes.  The grid lies on one
 *     global lattice, so the grids of one site and of several share their
 *     cells.
 *
 *  2. Polygons (per threshold): a 0/1 mask of the cells with time <= T,
 *     cropped to the cells that are set, goes into a MEM raster whose
 *     geotransform puts cell corners at their projected coordinates;
 *     GDALPolygonize (4-connected, the mask band as its own mask so only
 *     inside cells become polygons) writes one polygon per piece into a
 *     Memory layer; the pieces go to GEOS through WKB, in the order GDAL
 *     produced them (deterministic for the same mask), and are collected into
 *     a MultiPolygon that is checked and, if need be, repaired.
 */
#include "catchment_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void sp_catchment_opts_default(sp_catchment_opts *o)
{
    o->cell_m = 20;
    o->access = NULL;
    o->max_snap_m = 1000;
    o->walk_kmh = 5;
}

sp_isogrid *sp_isogrid_new(const sp_catchment_opts *opts, sp_cellaccess *cells)
{
    if (!(opts->cell_m > 0) || !isfinite(opts->cell_m) || !opts->access ||
        !(opts->walk_kmh > 0) || !(opts->max_snap_m >= 0)) {
        sp_error(SP_E_INPUT,
                 "catchment: invalid options (cell_m %g, walk_kmh %g, max_snap_m %g%s): "
                 "cell and walking speed must be > 0",
                 opts->cell_m, opts->walk_kmh, opts->max_snap_m,
                 opts->access ? "" : ", no access index");
        return NULL;
    }
    if (cells && !(sp_cellaccess_cell_m(cells) == opts->cell_m)) {
        sp_error(SP_E_INTERNAL, "catchment: the cell access table has another cell size");
        return NULL;
    }
    sp_isogrid *ig = calloc(1, sizeof *ig);
    if (!ig) {
        sp_error(SP_E_NOMEM, "catchment: out of memory");
        return NULL;
    }
    ig->o = *opts;
    ig->cells = cells;
    if (!cells) {
        ig->cells = sp_cellaccess_new(opts->access, opts->cell_m, opts->max_snap_m,
                                      opts->walk_kmh);
        ig->own_cells = 1;
        if (!ig->cells) {
            free(ig);
            return NULL;
        }
    }
    sp_isogrid_reset(ig);
    return ig;
}

void sp_isogrid_free(sp_isogrid *ig)
{
    if (!ig)
        return;
    if (ig->own_cells)
        sp_cellaccess_free(ig->cells);
    free(ig->link_stamp);
    free(ig->grid);
    free(ig->mask);
    free(ig->wkb);
    free(ig);
}

void sp_isogrid_reset(sp_isogrid *ig)
{
    ig->grid_nx = ig->grid_ny = 0;
}

double sp_catchment_work_cells(const sp_graph *g, int64_t n_sites, double max_s, double cell_m,
                               double max_snap_m, double *top_kmh)
{
    double top = 0;   /* m/s */
    for (int32_t l = 0; l < g->n_links; l++) {
        double s = fmin(g->fwd_s[l], g->bwd_s[l]);
        if (s > 0 && isfinite(s))
            top = fmax(top, g->links[l].length_m / s);
    }
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int32_t v = 0; v < g->n_nodes; v++) {
        x0 = fmin(x0, g->node_xy[2 * v]);
        x1 = fmax(x1, g->node_xy[2 * v]);
        y0 = fmin(y0, g->node_xy[2 * v + 1]);
        y1 = fmax(y1, g->node_xy[2 * v + 1]);
    }
    for (uint32_t i = 0; i < g->n_geom; i++) {   /* link vertices between the nodes */
        x0 = fmin(x0, g->geom_xy[2 * i]);
        x1 = fmax(x1, g->geom_xy[2 * i]);
        y0 = fmin(y0, g->geom_xy[2 * i + 1]);
        y1 = fmax(y1, g->geom_xy[2 * i + 1]);
    }
    if (top_kmh)
        *top_kmh = top * 3.6;
    if (!(x1 >= x0) || !(cell_m > 0))
        return 0;
    double ext = (x1 - x0 + 2 * max_snap_m + 2 * cell_m) * (y1 - y0 + 2 * max_snap_m + 2 * cell_m);
    double side = 2 * (top * max_s + max_snap_m) + 2 * cell_m;
    double per_site = fmin(side * side, ext);
    return ((double)n_sites * per_site + ext) / (cell_m * cell_m);
}
