/* roadsin.c — roads crossing a polygon layer; see roadsin.h. */
#include "roadsin.h"

#include <stdlib.h>

#include "input.h"

/* A line string of part `pi` of the roads. */
static GEOSGeometry *part_line(const sp_roads *r, uint32_t pi, GEOSContextHandle_t g)
{
    const sp_road_part *pt = &r->parts[pi];
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(g, pt->n, 2);
    if (!cs)
        return NULL;
    for (uint32_t k = 0; k < pt->n; k++) {
        GEOSCoordSeq_setX_r(g, cs, k, r->xy[2 * (pt->off + k)]);
        GEOSCoordSeq_setY_r(g, cs, k, r->xy[2 * (pt->off + k) + 1]);
    }
    return GEOSGeom_createLineString_r(g, cs);
}

/* 1 when a part of road i intersects the prepared polygon, -1 on failure. */
static int road_in(const sp_roads *r, int32_t i, const GEOSPreparedGeometry *poly,
                   GEOSContextHandle_t g)
{
    const sp_road *w = &r->roads[i];
    for (uint32_t p = 0; p < w->n_parts; p++) {
        GEOSGeometry *line = part_line(r, w->part0 + p, g);
        if (!line)
            return -1;
        char hit = GEOSPreparedIntersects_r(g, poly, line);
        GEOSGeom_destroy_r(g, line);
        if (hit == 2)
            return -1;
        if (hit)
            return 1;
    }
    return 0;
}

sp_status sp_roads_in_polygons(const sp_roads *roads, const sp_layer_opts *layer,
                               const char *key, sp_crs *crs, GEOSContextHandle_t g,
                               int32_t *out, size_t *n)
{
    sp_points *p = NULL;
    sp_status st = sp_points_read(layer, key, NULL, g, &p);
    if (st == SP_OK)
        st = sp_points_project(p, crs, g);
    size_t n0 = *n;
    uint8_t *in = st ? NULL : calloc(roads->n_roads ? (size_t)roads->n_roads : 1, 1);
    if (st == SP_OK && !in)
        st = sp_error(SP_E_NOMEM, "out of memory");
    for (size_t f = 0; st == SP_OK && f < p->n; f++) {
        int type = GEOSGeomTypeId_r(g, p->geom[f]);
        if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) {
            char lab[64];
            sp_points_row_label(p, f, lab, sizeof lab);
            st = sp_error(SP_E_INPUT, "[changes] %s: %s, %s: not a polygon", key, p->what, lab);
            break;
        }
        const GEOSPreparedGeometry *poly = GEOSPrepare_r(g, p->geom[f]);
        for (int32_t i = 0; poly && st == SP_OK && i < roads->n_roads; i++) {
            int hit = in[i] ? 0 : road_in(roads, i, poly, g);
            if (hit < 0)
                st = sp_error(SP_E_GEOM, "[changes] %s: cannot intersect the roads", key);
            in[i] |= hit > 0;
        }
        if (!poly)
            st = sp_error(SP_E_GEOM, "[changes] %s: cannot prepare a polygon", key);
        else
            GEOSPreparedGeom_destroy_r(g, poly);
    }
    for (int32_t i = 0; st == SP_OK && i < roads->n_roads; i++)
        if (in[i])
            out[(*n)++] = i;
    if (st == SP_OK && *n == n0)
        st = sp_error(SP_E_INPUT, "[changes] %s: %s: its polygons cross no road of %s", key,
                      p->what, roads->what);
    free(in);
    sp_points_free(p, g);
    return st;
}
