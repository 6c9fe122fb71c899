/* catchment.c — see catchment.h.  Options, the sp_isogrid life cycle and
 * levels; stage 1 below is in catchment_burn.c, stages 2 and 3 in
 * catchment_poly.c, the shared struct in catchment_private.h.
 *
 * Three stages:
 *
 *  1. Burn (per site): walk the links incident to the nodes the search
 *     settled within max_s (plus the site's own link), each once, and keep
 *     samples (x, y, seconds) along them: every polyline vertex, evenly spaced
 *     points no more than spacing_m apart on every segment, the site's snap
 *     point, and the exact points where the time along the link crosses
 *     max_s and each level set with sp_isogrid_set_levels().  Times always
 *     come from sp_reach_time_on_link(); samples slower than max_s are
 *     dropped.
 *
 *  2. Grid (per sp_isogrid_polygons call): a float grid on the global lattice
 *     of cell_m squares (cell corners at integer multiples of cell_m), sized
 *     to the samples' bounding box plus band_m.  Each cell keeps the minimum
 *     time of the samples within band_m of its centre.  Being on one global
 *     lattice, the grids of one site and of a union share their cells, so
 *     burning more sites can only add cells.
 *
 *  3. Polygons (per threshold): a 0/1 mask of the cells with time <= T,
 *     cropped to the cells that are set, goes into a MEM raster whose
 *     geotransform puts cell corners at their projected coordinates;
 *     GDALPolygonize (4-connected, the mask band as its own mask so only
 *     inside cells become polygons) writes one polygon per piece into a
 *     Memory layer; the pieces go to GEOS through WKB, in the order GDAL
 *     produced them (deterministic for the same mask), and are collected into
 *     a MultiPolygon that is checked and, if need be, repaired.
 *
 * Why the exact crossings matter: along a link the time is the minimum of at
 * most four linear pieces (reach.h), so the part of a link reached within T
 * is a union of at most four intervals.  Their end points are sampled, and
 * every reached point then lies within spacing_m / 2 (along the line) of a
 * sample no slower than T; a cell centre lies within cell_m * sqrt(2) / 2 of
 * any point of its cell.  Hence the guarantee in catchment.h.
 */
#include "catchment_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void sp_catchment_opts_default(sp_catchment_opts *o)
{
    o->cell_m = 20;
    o->band_m = 60;
    o->spacing_m = 10;
}

sp_isogrid *sp_isogrid_new(const sp_catchment_opts *opts)
{
    if (!(opts->cell_m > 0) || !isfinite(opts->cell_m) ||
        !(opts->spacing_m > 0) || !isfinite(opts->spacing_m) ||
        !(opts->band_m >= 0) || !isfinite(opts->band_m)) {
        sp_error(SP_E_INPUT,
                 "catchment: invalid options (cell_m %g, band_m %g, spacing_m %g): "
                 "cell and spacing must be > 0, band >= 0",
                 opts->cell_m, opts->band_m, opts->spacing_m);
        return NULL;
    }
    sp_isogrid *ig = calloc(1, sizeof *ig);
    if (!ig) {
        sp_error(SP_E_NOMEM, "catchment: out of memory");
        return NULL;
    }
    ig->o = *opts;
    sp_isogrid_reset(ig);
    return ig;
}

void sp_isogrid_free(sp_isogrid *ig)
{
    if (!ig)
        return;
    free(ig->samples);
    free(ig->link_stamp);
    free(ig->grid);
    free(ig->mask);
    free(ig->wkb);
    free(ig);
}

void sp_isogrid_reset(sp_isogrid *ig)
{
    ig->n_samples = 0;
    ig->grid_nx = ig->grid_ny = 0;
    ig->minx = ig->miny = INFINITY;
    ig->maxx = ig->maxy = -INFINITY;
}

sp_status sp_isogrid_set_levels(sp_isogrid *ig, const double *levels_s,
                                int n_levels)
{
    if (n_levels < 0 || n_levels > SP_ISOGRID_MAX_LEVELS)
        return sp_error(SP_E_INTERNAL, "catchment: %d levels, at most %d",
                        n_levels, SP_ISOGRID_MAX_LEVELS);
    for (int i = 0; i < n_levels; i++)
        if (isnan(levels_s[i]))
            return sp_error(SP_E_INTERNAL, "catchment: level %d is NaN", i);
    if (n_levels)
        memcpy(ig->levels, levels_s, (size_t)n_levels * sizeof *levels_s);
    ig->n_levels = n_levels;
    return SP_OK;
}

size_t sp_isogrid_n_samples(const sp_isogrid *ig) { return ig->n_samples; }

const double *sp_isogrid_samples(const sp_isogrid *ig) { return ig->samples; }
