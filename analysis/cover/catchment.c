/* catchment.c — see catchment.h.
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
#include "catchment.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <ogr_api.h>

/* The largest grid sp_isogrid_polygons() will allocate (4 bytes a cell):
 * 2^28 cells = 1 GiB, e.g. 327 km square at 20 m cells. */
#define SP_ISOGRID_MAX_CELLS ((int64_t)1 << 28)

/* At most this many levels get exact crossing samples. */
#define SP_ISOGRID_MAX_LEVELS 16

struct sp_isogrid {
    sp_catchment_opts o;

    /* samples: x, y, seconds triples */
    double *samples;
    size_t n_samples, cap_samples;
    double minx, miny, maxx, maxy; /* bbox of the samples */

    /* levels that get exact crossing samples (besides each burn's max_s) */
    double levels[SP_ISOGRID_MAX_LEVELS];
    int n_levels;

    /* one stamp per link, so a burn samples each link once */
    uint32_t *link_stamp;
    size_t n_link_stamp;
    uint32_t stamp;

    /* the time grid (row 0 at the top) and one threshold's mask */
    float *grid;
    size_t cap_grid;
    uint8_t *mask;
    size_t cap_mask;

    /* WKB scratch */
    unsigned char *wkb;
    size_t cap_wkb;
};

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

/* ------------------------------------------------------------------------ */
/* Burn                                                                     */

static int add_sample(sp_isogrid *ig, double x, double y, double t)
{
    if (ig->n_samples == ig->cap_samples) {
        size_t ncap = ig->cap_samples ? 2 * ig->cap_samples : 4096;
        if (ncap < ig->cap_samples || ncap > SIZE_MAX / 3)
            return 0;
        double *p = sp_realloc_n(ig->samples, 3 * ncap, sizeof *p);
        if (!p)
            return 0;
        ig->samples = p;
        ig->cap_samples = ncap;
    }
    double *p = ig->samples + 3 * ig->n_samples++;
    p[0] = x;
    p[1] = y;
    p[2] = t;
    if (x < ig->minx)
        ig->minx = x;
    if (x > ig->maxx)
        ig->maxx = x;
    if (y < ig->miny)
        ig->miny = y;
    if (y > ig->maxy)
        ig->maxy = y;
    return 1;
}

/* The point at distance s along the polyline xy[0..n) (clamped to its ends).
 * Cumulative lengths are summed in the same order as the graph builder's
 * length_m, so s = length_m lands on the last vertex. */
static void point_at(const double *xy, uint32_t n, double s, double *x, double *y)
{
    double acc = 0;
    for (uint32_t i = 0; i + 1 < n; i++) {
        const double *a = xy + 2 * i, *b = a + 2;
        double seg = hypot(b[0] - a[0], b[1] - a[1]);
        if (s <= acc + seg || i + 2 == n) {
            double f = seg > 0 ? (s - acc) / seg : 0;
            if (f < 0)
                f = 0;
            if (f > 1)
                f = 1;
            *x = a[0] + f * (b[0] - a[0]);
            *y = a[1] + f * (b[1] - a[1]);
            return;
        }
        acc += seg;
    }
    *x = xy[0];
    *y = xy[1];
}

/* Append to cut[] the positions strictly inside (0, L) where the linear
 * pieces of the link's time function (the rule of reach.h) reach level T:
 * the ends of the intervals reached within T.  Returns the new count. */
static int crossings(const sp_graph *g, const sp_search *ws, const sp_snap *site,
                     int32_t link, double T, double *cut, int nc)
{
    const sp_link *l = &g->links[link];
    if (!(l->length_m > 0))
        return nc;
    double L = l->length_m;
    double d_from = sp_search_dist(ws, l->from), d_to = sp_search_dist(ws, l->to);
    double c[4];
    int k = 0;
    double fwd = g->fwd_s[link], bwd = g->bwd_s[link];
    /* Forwards then on from `to`: (L - s) / L * fwd + d_to <= T (the rule of
     * costs.h, sp_link_time(), solved for s with its inverse). */
    if (isfinite(fwd) && fwd > 0 && d_to <= T)
        c[k++] = L - sp_link_frac(fwd, T - d_to) * L;
    /* Backwards then on from `from`: s / L * bwd + d_from <= T. */
    if (isfinite(bwd) && bwd > 0 && d_from <= T)
        c[k++] = sp_link_frac(bwd, T - d_from) * L;
    if (site->link == link && site->offroad_s <= T) {
        /* Straight along the link to the site's snap point. */
        if (isfinite(fwd) && fwd > 0)
            c[k++] = site->s - sp_link_frac(fwd, T - site->offroad_s) * L;
        if (isfinite(bwd) && bwd > 0)
            c[k++] = site->s + sp_link_frac(bwd, T - site->offroad_s) * L;
    }
    for (int i = 0; i < k; i++)
        if (c[i] > 0 && c[i] < L)
            cut[nc++] = c[i];
    return nc;
}

/* Sample one link.  0 on out of memory. */
static int burn_link(sp_isogrid *ig, const sp_graph *g, const sp_search *ws,
                     const sp_snap *site, int32_t link, double max_s)
{
    const sp_link *l = &g->links[link];
    const double *xy = g->geom_xy + 2 * (size_t)l->geom_off;
    uint32_t n = l->geom_len;
    double spacing = ig->o.spacing_m;

    /* Vertices and evenly spaced points on each segment. */
    double acc = 0;
    for (uint32_t i = 0; i + 1 < n; i++) {
        const double *a = xy + 2 * i, *b = a + 2;
        double seg = hypot(b[0] - a[0], b[1] - a[1]);
        double parts = ceil(seg / spacing);
        uint32_t m = parts < 1 ? 1 : parts > 1e7 ? 10000000u : (uint32_t)parts;
        for (uint32_t j = 0; j < m; j++) {
            double f = (double)j / m;
            double s = acc + f * seg;
            double t = sp_reach_time_on_link(g, ws, site, link, s);
            if (t <= max_s &&
                !add_sample(ig, a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), t))
                return 0;
        }
        acc += seg;
    }
    {
        const double *z = xy + 2 * (size_t)(n - 1);
        double t = sp_reach_time_on_link(g, ws, site, link, l->length_m);
        if (t <= max_s && !add_sample(ig, z[0], z[1], t))
            return 0;
    }

    /* The site's own snap point: the fastest point of its link. */
    if (site->link == link) {
        double t = sp_reach_time_on_link(g, ws, site, link, site->s);
        if (t <= max_s && !add_sample(ig, site->x, site->y, t))
            return 0;
    }

    /* Exact ends of the reached parts, for max_s and every level below it.
     * The true time there is <= the level (it is the minimum over pieces one
     * of which equals the level); rounding may put the evaluated time a hair
     * above, so it is clamped to the level. */
    double cut[4 * (SP_ISOGRID_MAX_LEVELS + 1)];
    double lev[SP_ISOGRID_MAX_LEVELS + 1];
    int nl = 0;
    lev[nl++] = max_s;
    for (int i = 0; i < ig->n_levels; i++)
        if (ig->levels[i] < max_s)
            lev[nl++] = ig->levels[i];
    for (int i = 0; i < nl; i++) {
        int nc = crossings(g, ws, site, link, lev[i], cut, 0);
        for (int j = 0; j < nc; j++) {
            double t = sp_reach_time_on_link(g, ws, site, link, cut[j]);
            double tol = 1e-9 * (fabs(lev[i]) > 1 ? fabs(lev[i]) : 1);
            if (!(t <= lev[i] + tol))
                continue;
            if (t > lev[i])
                t = lev[i];
            double x, y;
            point_at(xy, n, cut[j], &x, &y);
            if (!add_sample(ig, x, y, t))
                return 0;
        }
    }
    return 1;
}

/* Whether link l is new in this burn; marks it. */
static int link_first(sp_isogrid *ig, int32_t l)
{
    if (ig->link_stamp[l] == ig->stamp)
        return 0;
    ig->link_stamp[l] = ig->stamp;
    return 1;
}

sp_status sp_isogrid_burn(sp_isogrid *ig, const sp_graph *g,
                          const sp_search *ws, const sp_snap *site,
                          double max_s)
{
    if (isnan(max_s))
        return sp_error(SP_E_INTERNAL, "catchment: max_s is NaN");
    if (site->link >= g->n_links)
        return sp_error(SP_E_INTERNAL, "catchment: site link %d outside 0..%d",
                        (int)site->link, (int)g->n_links - 1);
    if (g->n_links <= 0)
        return SP_OK;

    /* The per-link stamps: grown with the graph, cleared only on wrap-around. */
    if (ig->n_link_stamp < (size_t)g->n_links) {
        uint32_t *p = sp_realloc_n(ig->link_stamp, (size_t)g->n_links, sizeof *p);
        if (!p)
            return sp_error(SP_E_NOMEM, "catchment: out of memory for %d links",
                            (int)g->n_links);
        memset(p + ig->n_link_stamp, 0,
               ((size_t)g->n_links - ig->n_link_stamp) * sizeof *p);
        ig->link_stamp = p;
        ig->n_link_stamp = (size_t)g->n_links;
    }
    if (++ig->stamp == 0) {
        memset(ig->link_stamp, 0, ig->n_link_stamp * sizeof *ig->link_stamp);
        ig->stamp = 1;
    }

    /* A point of a link is reached within max_s only through one of its end
     * nodes reached within max_s, or straight from the site on its own link. */
    if (site->link >= 0 && link_first(ig, site->link) &&
        !burn_link(ig, g, ws, site, site->link, max_s))
        goto nomem;
    size_t n_settled;
    const int32_t *settled = sp_search_settled(ws, &n_settled);
    for (size_t i = 0; i < n_settled; i++) {
        int32_t v = settled[i];
        if (!(sp_search_dist(ws, v) <= max_s))
            break; /* settled in order of time */
        for (int32_t e = g->out_off[v]; e < g->out_off[v + 1]; e++) {
            int32_t l = g->out_link[e];
            if (link_first(ig, l) && !burn_link(ig, g, ws, site, l, max_s))
                goto nomem;
        }
        for (int32_t e = g->in_off[v]; e < g->in_off[v + 1]; e++) {
            int32_t l = g->in_link[e];
            if (link_first(ig, l) && !burn_link(ig, g, ws, site, l, max_s))
                goto nomem;
        }
    }
    return SP_OK;

nomem:
    return sp_error(SP_E_NOMEM, "catchment: out of memory for %zu samples",
                    ig->n_samples);
}

/* ------------------------------------------------------------------------ */
/* Grid                                                                     */

typedef struct {
    int64_t col0, row_top; /* lattice index of column 0 and of row 0 */
    int nx, ny;
    double x0, ytop;       /* corner of cell (0, 0): x0 = col0 * cell, ... */
} grid_geom;

/* Lay the grid over the samples' bbox plus the band, on the global lattice. */
static sp_status grid_setup(sp_isogrid *ig, grid_geom *gg)
{
    double cell = ig->o.cell_m, band = ig->o.band_m;
    double c0 = floor((ig->minx - band) / cell), c1 = floor((ig->maxx + band) / cell);
    double r0 = floor((ig->miny - band) / cell), r1 = floor((ig->maxy + band) / cell);
    double nx = c1 - c0 + 1, ny = r1 - r0 + 1;
    if (!isfinite(nx) || !isfinite(ny) || nx > INT_MAX || ny > INT_MAX ||
        nx * ny > (double)SP_ISOGRID_MAX_CELLS || fabs(c0) > 9e15 || fabs(r1) > 9e15)
        return sp_error(SP_E_INPUT,
                        "catchment: a grid of %.0f x %.0f cells of %g m is too "
                        "large; raise [catchment] cell_m",
                        nx, ny, cell);
    gg->col0 = (int64_t)c0;
    gg->row_top = (int64_t)r1;
    gg->nx = (int)nx;
    gg->ny = (int)ny;
    gg->x0 = c0 * cell;
    gg->ytop = (r1 + 1) * cell;
    size_t cells = (size_t)gg->nx * (size_t)gg->ny;
    if (cells > ig->cap_grid) {
        float *p = sp_realloc_n(ig->grid, cells, sizeof *p);
        if (!p)
            return sp_error(SP_E_NOMEM, "catchment: out of memory for %zu cells",
                            cells);
        ig->grid = p;
        ig->cap_grid = cells;
    }
    return SP_OK;
}

/* Each cell: the minimum time of the samples within band_m of its centre.
 * Times are stored as floats rounded down, so a cell never looks slower
 * than its fastest sample (a cell may at worst look one float step faster). */
static void grid_fill(sp_isogrid *ig, const grid_geom *gg)
{
    float *grid = ig->grid;
    size_t cells = (size_t)gg->nx * (size_t)gg->ny;
    for (size_t i = 0; i < cells; i++)
        grid[i] = INFINITY;
    double cell = ig->o.cell_m, band = ig->o.band_m, band2 = band * band;
    const double *smp = ig->samples;
    for (size_t k = 0; k < ig->n_samples; k++) {
        double x = smp[3 * k], y = smp[3 * k + 1], t = smp[3 * k + 2];
        float ft = (float)t;
        if ((double)ft > t)
            ft = nextafterf(ft, -INFINITY);
        /* Row r has its centre at ytop - (r + 0.5) * cell. */
        double ra = ceil((gg->ytop - (y + band)) / cell - 0.5);
        double rb = floor((gg->ytop - (y - band)) / cell - 0.5);
        int r0 = ra < 0 ? 0 : (int)ra;
        int r1 = rb > gg->ny - 1 ? gg->ny - 1 : (int)rb;
        for (int r = r0; r <= r1; r++) {
            double dy = gg->ytop - (r + 0.5) * cell - y;
            double w2 = band2 - dy * dy;
            if (w2 < 0)
                continue;
            double w = sqrt(w2);
            /* Column c has its centre at x0 + (c + 0.5) * cell. */
            double ca = ceil((x - w - gg->x0) / cell - 0.5);
            double cb = floor((x + w - gg->x0) / cell - 0.5);
            int c0 = ca < 0 ? 0 : (int)ca;
            int c1 = cb > gg->nx - 1 ? gg->nx - 1 : (int)cb;
            float *row = grid + (size_t)r * (size_t)gg->nx;
            for (int c = c0; c <= c1; c++)
                if (ft < row[c])
                    row[c] = ft;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Polygons                                                                 */

/* GDAL's drivers, registering them on first use. */
static sp_status gdal_drivers(GDALDriverH *mem, GDALDriverH *vmem)
{
    *mem = GDALGetDriverByName("MEM");
    *vmem = GDALGetDriverByName("Memory");
    if (!*mem || !*vmem) {
        GDALAllRegister();
        *mem = GDALGetDriverByName("MEM");
        *vmem = GDALGetDriverByName("Memory");
    }
    if (!*mem || !*vmem)
        return sp_error(SP_E_INTERNAL,
                        "catchment: GDAL has no MEM raster or Memory vector driver");
    return SP_OK;
}

static GEOSGeometry *empty_multipolygon(GEOSContextHandle_t gctx)
{
    return GEOSGeom_createEmptyCollection_r(gctx, GEOS_MULTIPOLYGON);
}

/* Append the polygons of g (recursively through collections) as clones. */
static int collect_polygons(GEOSContextHandle_t gctx, const GEOSGeometry *g,
                            GEOSGeometry ***parts, size_t *n, size_t *cap)
{
    int type = GEOSGeomTypeId_r(gctx, g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(gctx, g) == 1)
            return 1;
        if (*n == *cap) {
            size_t ncap = *cap ? 2 * *cap : 16;
            GEOSGeometry **p = sp_realloc_n(*parts, ncap, sizeof *p);
            if (!p)
                return 0;
            *parts = p;
            *cap = ncap;
        }
        GEOSGeometry *c = GEOSGeom_clone_r(gctx, g);
        if (!c)
            return 0;
        (*parts)[(*n)++] = c;
        return 1;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int k = GEOSGetNumGeometries_r(gctx, g);
        for (int i = 0; i < k; i++)
            if (!collect_polygons(gctx, GEOSGetGeometryN_r(gctx, g, i), parts, n, cap))
                return 0;
    }
    return 1; /* points and lines are dropped */
}

/* Make mp (consumed) valid, keeping only polygonal parts; NULL on failure. */
static GEOSGeometry *repair(GEOSContextHandle_t gctx, GEOSGeometry *mp)
{
    GEOSGeometry *fixed = GEOSMakeValid_r(gctx, mp);
    GEOSGeom_destroy_r(gctx, mp);
    if (!fixed)
        return NULL;
    GEOSGeometry **parts = NULL;
    size_t n = 0, cap = 0;
    GEOSGeometry *out = NULL;
    if (collect_polygons(gctx, fixed, &parts, &n, &cap)) {
        out = n ? GEOSGeom_createCollection_r(gctx, GEOS_MULTIPOLYGON, parts,
                                              (unsigned)n)
                : empty_multipolygon(gctx);
        if (out || !n)
            n = 0; /* the collection took the parts */
    }
    for (size_t i = 0; i < n; i++)
        GEOSGeom_destroy_r(gctx, parts[i]);
    free(parts);
    GEOSGeom_destroy_r(gctx, fixed);
    if (out && GEOSisValid_r(gctx, out) != 1) {
        GEOSGeom_destroy_r(gctx, out);
        out = NULL;
    }
    return out;
}

/* GEOS 3.11's IsValidOp locates each hole in its shell without an index, so
 * one piece with H holes and a shell of S vertices costs H * S: seconds for a
 * city-wide union with tens of thousands of unreached blocks.  Above this
 * much work the check is split up (valid_decomposed()). */
#define SP_VALID_DIRECT_WORK 2e7

/* A polygon with ring r (cloned) as its shell and no holes; NULL on error. */
static GEOSGeometry *ring_polygon(GEOSContextHandle_t gctx, const GEOSGeometry *r)
{
    GEOSGeometry *c = r ? GEOSGeom_clone_r(gctx, r) : NULL;
    GEOSGeometry *p = c ? GEOSGeom_createPolygon_r(gctx, c, NULL, 0) : NULL;
    if (c && !p)
        GEOSGeom_destroy_r(gctx, c);
    return p;
}

/* The validity of one polygon with many holes, from checks that each use an
 * index: the shell alone is valid; the holes, taken as polygons, form a
 * valid MultiPolygon (each ring simple, interiors disjoint, touching at
 * points only); and the shell covers every hole (prepared).  For
 * polygonised raster cells the remaining rules (a hole meets the shell at
 * points only; the interior is connected) hold by construction: every cell
 * edge on a boundary belongs to exactly one ring, and GDALPolygonize gives
 * each 4-connected piece its own polygon.  1 valid, 0 invalid, 2 error. */
static char piece_valid_decomposed(GEOSContextHandle_t gctx, const GEOSGeometry *poly)
{
    int nh = GEOSGetNumInteriorRings_r(gctx, poly);
    if (nh < 0)
        return 2;
    GEOSGeometry *shell = ring_polygon(gctx, GEOSGetExteriorRing_r(gctx, poly));
    if (!shell)
        return 2;
    char v = GEOSisValid_r(gctx, shell);
    GEOSGeometry **holes = NULL;
    int n = 0;
    GEOSGeometry *mh = NULL;
    const GEOSPreparedGeometry *ps = NULL;
    if (v != 1 || nh == 0)
        goto done;
    v = 2;
    holes = sp_malloc_n((size_t)nh, sizeof *holes);
    if (!holes)
        goto done;
    for (n = 0; n < nh; n++) {
        holes[n] = ring_polygon(gctx, GEOSGetInteriorRingN_r(gctx, poly, n));
        if (!holes[n])
            goto done;
    }
    mh = GEOSGeom_createCollection_r(gctx, GEOS_MULTIPOLYGON, holes, (unsigned)nh);
    if (!mh)
        goto done;
    n = 0; /* the collection took the holes */
    v = GEOSisValid_r(gctx, mh);
    if (v != 1)
        goto done;
    ps = GEOSPrepare_r(gctx, shell);
    if (!ps) {
        v = 2;
        goto done;
    }
    for (int i = 0; i < nh && v == 1; i++)
        v = GEOSPreparedCovers_r(gctx, ps, GEOSGetGeometryN_r(gctx, mh, i));
done:
    if (ps)
        GEOSPreparedGeom_destroy_r(gctx, ps);
    if (mh)
        GEOSGeom_destroy_r(gctx, mh);
    for (int i = 0; i < n; i++)
        GEOSGeom_destroy_r(gctx, holes[i]);
    free(holes);
    GEOSGeom_destroy_r(gctx, shell);
    return v;
}

/* GEOSisValid_r on the MultiPolygon of polygonised pieces, or, when the
 * holes x shell vertices of all pieces exceed direct_work, per piece:
 * GEOSisValid_r on the pieces below it, piece_valid_decomposed() on the
 * others.  The pieces themselves never overlap or share an edge (they are
 * distinct 4-connected sets of cells).  1 valid, 0 invalid, 2 error. */
char sp__catchment_pieces_valid(GEOSContextHandle_t gctx, const GEOSGeometry *mp,
                                double direct_work)
{
    int np = GEOSGetNumGeometries_r(gctx, mp);
    double work = 0;
    for (int i = 0; i < np; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(gctx, mp, i);
        work += (double)GEOSGetNumInteriorRings_r(gctx, p) *
                GEOSGetNumCoordinates_r(gctx, GEOSGetExteriorRing_r(gctx, p));
    }
    if (work <= direct_work)
        return GEOSisValid_r(gctx, mp);
    for (int i = 0; i < np; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(gctx, mp, i);
        double w = (double)GEOSGetNumInteriorRings_r(gctx, p) *
                   GEOSGetNumCoordinates_r(gctx, GEOSGetExteriorRing_r(gctx, p));
        char v = w <= direct_work ? GEOSisValid_r(gctx, p)
                                  : piece_valid_decomposed(gctx, p);
        if (v != 1)
            return v;
    }
    return 1;
}

/* Polygonise the mask (w x h, corner (x0, ytop)) into a valid MultiPolygon. */
static sp_status polygonize_mask(sp_isogrid *ig, GEOSContextHandle_t gctx,
                                 GEOSWKBReader *rd, int w, int h, double x0,
                                 double ytop, GEOSGeometry **out)
{
    GDALDriverH mem, vmem;
    sp_status st = gdal_drivers(&mem, &vmem);
    if (st != SP_OK)
        return st;

    GDALDatasetH rds = NULL, vds = NULL;
    GEOSGeometry **parts = NULL;
    size_t n = 0, cap = 0;
    double cell = ig->o.cell_m;

    rds = GDALCreate(mem, "", w, h, 1, GDT_Byte, NULL);
    if (!rds) {
        st = sp_error(SP_E_INTERNAL, "catchment: cannot create a %d x %d MEM raster: %s",
                      w, h, CPLGetLastErrorMsg());
        goto cleanup;
    }
    double gt[6] = {x0, cell, 0, ytop, 0, -cell};
    GDALSetGeoTransform(rds, gt);
    GDALRasterBandH band = GDALGetRasterBand(rds, 1);
    if (GDALRasterIOEx(band, GF_Write, 0, 0, w, h, ig->mask, w, h, GDT_Byte, 1,
                       (GSpacing)w, NULL) != CE_None) {
        st = sp_error(SP_E_INTERNAL, "catchment: cannot write the mask raster: %s",
                      CPLGetLastErrorMsg());
        goto cleanup;
    }

    vds = GDALCreate(vmem, "", 0, 0, 0, GDT_Unknown, NULL);
    OGRLayerH layer = vds ? GDALDatasetCreateLayer(vds, "catchment", NULL,
                                                   wkbPolygon, NULL)
                          : NULL;
    OGRFieldDefnH fd = OGR_Fld_Create("inside", OFTInteger);
    int field_ok = layer && OGR_L_CreateField(layer, fd, TRUE) == OGRERR_NONE;
    OGR_Fld_Destroy(fd);
    if (!field_ok) {
        st = sp_error(SP_E_INTERNAL, "catchment: cannot create a Memory layer: %s",
                      CPLGetLastErrorMsg());
        goto cleanup;
    }

    /* The mask band is its own mask: only cells set to 1 become polygons. */
    if (GDALPolygonize(band, band, layer, 0, NULL, NULL, NULL) != CE_None) {
        st = sp_error(SP_E_INTERNAL, "catchment: GDALPolygonize failed: %s",
                      CPLGetLastErrorMsg());
        goto cleanup;
    }

    OGR_L_ResetReading(layer);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH geom = OGR_F_GetGeometryRef(f);
        if (!geom || OGR_G_IsEmpty(geom)) {
            OGR_F_Destroy(f);
            continue;
        }
        size_t sz = (size_t)OGR_G_WkbSize(geom);
        if (sz > ig->cap_wkb) {
            unsigned char *p = realloc(ig->wkb, sz);
            if (!p) {
                OGR_F_Destroy(f);
                st = sp_error(SP_E_NOMEM, "catchment: out of memory for WKB");
                goto cleanup;
            }
            ig->wkb = p;
            ig->cap_wkb = sz;
        }
        OGRErr oe = OGR_G_ExportToWkb(geom, wkbNDR, ig->wkb);
        OGR_F_Destroy(f);
        if (oe != OGRERR_NONE) {
            st = sp_error(SP_E_INTERNAL, "catchment: cannot export a polygon to WKB");
            goto cleanup;
        }
        if (n == cap) {
            size_t ncap = cap ? 2 * cap : 64;
            GEOSGeometry **p = sp_realloc_n(parts, ncap, sizeof *p);
            if (!p) {
                st = sp_error(SP_E_NOMEM, "catchment: out of memory for polygons");
                goto cleanup;
            }
            parts = p;
            cap = ncap;
        }
        GEOSGeometry *pg = GEOSWKBReader_read_r(gctx, rd, ig->wkb, sz);
        if (!pg) {
            st = sp_error(SP_E_GEOM, "catchment: GEOS cannot read a polygon's WKB");
            goto cleanup;
        }
        parts[n++] = pg;
    }

    GEOSGeometry *mp = n ? GEOSGeom_createCollection_r(gctx, GEOS_MULTIPOLYGON,
                                                       parts, (unsigned)n)
                         : empty_multipolygon(gctx);
    if (!mp) {
        st = sp_error(SP_E_GEOM, "catchment: GEOS cannot build a MultiPolygon");
        goto cleanup;
    }
    n = 0; /* the collection took the parts */
    char valid = sp__catchment_pieces_valid(gctx, mp, SP_VALID_DIRECT_WORK);
    if (valid == 0)
        mp = repair(gctx, mp);
    else if (valid != 1) {
        GEOSGeom_destroy_r(gctx, mp);
        mp = NULL;
    }
    if (!mp) {
        st = sp_error(SP_E_GEOM, "catchment: cannot make a valid catchment polygon");
        goto cleanup;
    }
    *out = mp;

cleanup:
    for (size_t i = 0; i < n; i++)
        GEOSGeom_destroy_r(gctx, parts[i]);
    free(parts);
    if (vds)
        GDALClose(vds);
    if (rds)
        GDALClose(rds);
    return st;
}

/* Build the mask of cells with time <= T, cropped to the set cells.
 * Returns 0 (and sets nothing) when no cell is set. */
static int make_mask(sp_isogrid *ig, const grid_geom *gg, double T, int *cx,
                     int *cy, int *w, int *h, sp_status *st)
{
    *st = SP_OK;
    const float *grid = ig->grid;
    int nx = gg->nx, ny = gg->ny;
    int xmin = nx, xmax = -1, ymin = ny, ymax = -1;
    for (int r = 0; r < ny; r++) {
        const float *row = grid + (size_t)r * (size_t)nx;
        int first = -1, last = -1;
        for (int c = 0; c < nx; c++) {
            if (row[c] != INFINITY && (double)row[c] <= T) {
                if (first < 0)
                    first = c;
                last = c;
            }
        }
        if (first < 0)
            continue;
        if (ymin > r)
            ymin = r;
        ymax = r;
        if (first < xmin)
            xmin = first;
        if (last > xmax)
            xmax = last;
    }
    if (xmax < 0)
        return 0;
    *cx = xmin;
    *cy = ymin;
    *w = xmax - xmin + 1;
    *h = ymax - ymin + 1;
    size_t need = (size_t)*w * (size_t)*h;
    if (need > ig->cap_mask) {
        uint8_t *p = realloc(ig->mask, need);
        if (!p) {
            *st = sp_error(SP_E_NOMEM, "catchment: out of memory for a %d x %d mask",
                           *w, *h);
            return 0;
        }
        ig->mask = p;
        ig->cap_mask = need;
    }
    for (int r = 0; r < *h; r++) {
        const float *row = grid + (size_t)(r + ymin) * (size_t)nx + xmin;
        uint8_t *m = ig->mask + (size_t)r * (size_t)*w;
        for (int c = 0; c < *w; c++)
            m[c] = row[c] != INFINITY && (double)row[c] <= T;
    }
    return 1;
}

sp_status sp_isogrid_polygons(sp_isogrid *ig, GEOSContextHandle_t gctx,
                              const double *limits_s, int n_limits,
                              GEOSGeometry **out)
{
    for (int i = 0; i < n_limits; i++) {
        out[i] = NULL;
        if (isnan(limits_s[i]))
            return sp_error(SP_E_INTERNAL, "catchment: limit %d is NaN", i);
    }
    sp_status st = SP_OK;
    grid_geom gg = {0};
    int have_grid = ig->n_samples > 0;
    if (have_grid) {
        st = grid_setup(ig, &gg);
        if (st != SP_OK)
            return st;
        grid_fill(ig, &gg);
    }
    GEOSWKBReader *rd = GEOSWKBReader_create_r(gctx);
    if (!rd)
        return sp_error(SP_E_GEOM, "catchment: cannot create a GEOS WKB reader");

    int i;
    for (i = 0; i < n_limits; i++) {
        int cx, cy, w, h;
        if (have_grid && make_mask(ig, &gg, limits_s[i], &cx, &cy, &w, &h, &st)) {
            double cell = ig->o.cell_m;
            st = polygonize_mask(ig, gctx, rd, w, h, (double)(gg.col0 + cx) * cell,
                                 (double)(gg.row_top + 1 - cy) * cell, &out[i]);
        } else if (st == SP_OK) {
            out[i] = empty_multipolygon(gctx);
            if (!out[i])
                st = sp_error(SP_E_GEOM, "catchment: GEOS cannot build an empty MultiPolygon");
        }
        if (st != SP_OK)
            break;
    }
    GEOSWKBReader_destroy_r(gctx, rd);
    if (st != SP_OK) {
        for (int j = 0; j < i; j++) {
            GEOSGeom_destroy_r(gctx, out[j]);
            out[j] = NULL;
        }
    }
    return st;
}
