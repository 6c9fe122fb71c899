/* siteset.c — the scenario's clusters and sites; see siteset.h. */
#include "siteset.h"

#include <geos_c.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "geos_handle.h"

#include "schema.h"

void sp_siteset_free(sp_siteset *s)
{
    if (!s)
        return;
    GEOSContextHandle_t g = s->gctx;
    sp_points_free(s->clusters, g);
    sp_points_free(s->sites, g);
    sp_points_free(s->facilities, g);
    sp_points_free(s->candidates, g);
    sp_points_free(s->weight_points, g);
    sp_points_free(s->entrances, g);
    if (g)
        GEOS_finish_r(g);
    free(s);
}

static const char *origin_of(const sp_options *o)
{
    return o->source_path ? o->source_path : "scenario";
}

static int is_area(GEOSContextHandle_t g, const GEOSGeometry *geom)
{
    int t = geom ? GEOSGeomTypeId_r(g, geom) : -1;
    return t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON;
}

/* The layers of area clusters: the weight expression's check, the weight
 * points and the entrances (README "Area clusters"). */
static sp_status read_area_layers(sp_siteset *s, const sp_options *o)
{
    GEOSContextHandle_t g = s->gctx;
    sp_points *c = s->clusters;
    sp_status st;
    s->clusters_per_m2 = o->clusters_per_m2;
    for (size_t i = 0; s->clusters_per_m2 > 0 && i < c->n; i++)
        if (!is_area(g, c->geom[i])) {
            char lab[64];
            sp_points_row_label(c, i, lab, sizeof lab);
            return sp_error(SP_E_INPUT, "%s: [inputs] clusters.weight = '%s': %s, %s (id %s) is "
                            "a point, not an area; an area expression needs polygon clusters "
                            "(name the worker-count field instead)", origin_of(o),
                            o->clusters.weight, c->what, lab, c->id[i]);
        }
    if (o->weight_points.path) {
        /* a blank weight counts 0 (the feature carries no workers) */
        if ((st = sp_points_read(&o->weight_points, "clusters.weight_points",
                                 o->weight_points.weight, g, &s->weight_points))) {
            char m[1024];
            snprintf(m, sizeof m, "%s", sp_error_message());
            sp_error_clear();
            return sp_error(st, "%s: [inputs] clusters.weight_points%s: %s", origin_of(o),
                            o->weight_points.weight ? " / clusters.weight_points_weight" : "",
                            m);
        }
        s->weight_points_field = o->weight_points.weight != NULL;
        if (s->weight_points->n_blank)
            sp_warn("%s, field %s: %ld blank value%s counted as 0 (no workers there)",
                    s->weight_points->what, o->weight_points.weight, s->weight_points->n_blank,
                    s->weight_points->n_blank == 1 ? "" : "s");
    }
    if (o->entrances.path) {
        if ((st = sp_points_read(&o->entrances, "clusters.entrances", NULL, g, &s->entrances))) {
            char m[1024];
            snprintf(m, sizeof m, "%s", sp_error_message());
            sp_error_clear();
            return sp_error(st, "%s: [inputs] clusters.entrances: %s", origin_of(o), m);
        }
        sp_points *e = s->entrances;
        for (size_t i = 0; i < e->n; i++)
            if (is_area(g, e->geom[i])) {
                char lab[64];
                sp_points_row_label(e, i, lab, sizeof lab);
                return sp_error(SP_E_INPUT, "%s: [inputs] clusters.entrances: %s, %s (id %s) is "
                                "a polygon; entrances (gates) are points", origin_of(o), e->what,
                                lab, e->id[i]);
            }
    }
    return SP_OK;
}

sp_status sp_siteset_read(const sp_options *o, sp_siteset **out)
{
    *out = NULL;
    sp_siteset *s = calloc(1, sizeof *s);
    if (!s)
        return sp_error(SP_E_NOMEM, "out of memory");
    GEOSContextHandle_t g = sp_geos_new();
    s->gctx = g;
    if (!g) {
        sp_siteset_free(s);
        return sp_error(SP_E_INTERNAL, "GEOS could not start");
    }
    sp_status st;
    if ((st = sp_points_read(&o->clusters, "clusters", sp_options_weight_field(o), g,
                             &s->clusters)))
        goto fail;
    if ((st = read_area_layers(s, o)))
        goto fail;
    if (s->clusters->n_blank)
        sp_warn("%s, field %s: %ld blank value%s counted as 0 workers", s->clusters->what,
                o->clusters.weight, s->clusters->n_blank, s->clusters->n_blank == 1 ? "" : "s");
    /* capacity off ([capacity] enabled = no): the capacity fields are not read */
    sp_layer_opts lsites = o->sites, lfac = o->facilities, lcand = o->cand;
    if (!o->capacity_on)
        lsites.capacity = lfac.capacity = lcand.capacity = NULL;
    if (o->sites.path && (st = sp_points_read(&lsites, "sites", NULL, g, &s->sites)))
        goto fail;
    if (o->facilities.path &&
        (st = sp_points_read(&lfac, "facilities", NULL, g, &s->facilities)))
        goto fail;
    if (o->siting && o->cand.path &&
        (st = sp_points_read(&lcand, "candidates", NULL, g, &s->candidates)))
        goto fail;
    if (o->capacity_on &&
        ((s->sites && (st = sp_points_capacity_finish(s->sites, o, o->sites.capacity, 0))) ||
         (s->facilities &&
          (st = sp_points_capacity_finish(s->facilities, o, o->facilities.capacity, 0))) ||
         (s->candidates &&
          (st = sp_points_capacity_finish(s->candidates, o, o->cand.capacity, 1)))))
        goto fail;
    s->n_sites = (int32_t)((s->sites ? s->sites->n : 0) + (s->facilities ? s->facilities->n : 0));
    *out = s;
    return SP_OK;
fail:
    sp_siteset_free(s);
    return st;
}

sp_status sp_siteset_working_crs(const sp_siteset *s, const sp_options *o, char *def,
                                 size_t def_len, char *reason, size_t reason_len)
{
    if (o->crs) {
        snprintf(def, def_len, "%s", o->crs);
        snprintf(reason, reason_len, "given in the scenario ([travel] crs)");
        return SP_OK;
    }
    double lon, lat;
    sp_status st = sp_points_center_lonlat(s->clusters, &lon, &lat);
    if (st)
        return st;
    int epsg = sp_crs_utm_epsg(lon, lat);
    if (!epsg)
        return sp_error(SP_E_CRS, "%s: centre (%g, %g) has no UTM zone; name a CRS with "
                        "[travel] crs", s->clusters->what, lon, lat);
    snprintf(def, def_len, "EPSG:%d", epsg);
    snprintf(reason, reason_len, "WGS 84 / UTM zone %d%s, the zone of the clusters' centre",
             epsg % 100, epsg / 100 == 326 ? "N" : "S");
    return SP_OK;
}

sp_status sp_siteset_project(sp_siteset *s, sp_crs *crs)
{
    sp_status st;
    GEOSContextHandle_t g = s->gctx;
    if ((st = sp_points_project(s->clusters, crs, g)) ||
        (s->sites && (st = sp_points_project(s->sites, crs, g))) ||
        (s->facilities && (st = sp_points_project(s->facilities, crs, g))) ||
        (s->candidates && (st = sp_points_project(s->candidates, crs, g))) ||
        (s->weight_points && (st = sp_points_project(s->weight_points, crs, g))) ||
        (s->entrances && (st = sp_points_project(s->entrances, crs, g))))
        return st;
    sp_points *c = s->clusters;
    for (size_t i = 0; s->clusters_per_m2 > 0 && i < c->n; i++) {
        double a = 0;
        if (GEOSArea_r(g, c->geom[i], &a) != 1 || !isfinite(a))
            return sp_error(SP_E_INTERNAL, "%s (id %s): area cannot be computed", c->what,
                            c->id[i]);
        c->weight[i] = a * s->clusters_per_m2;
        if (!(c->weight[i] <= SP_MAX_CLUSTER_WORKERS)) {
            char lab[64];
            sp_points_row_label(c, i, lab, sizeof lab);
            return sp_error(SP_E_INPUT, "%s, %s (id %s): its area %.0f m2 x the rate of "
                            "clusters.weight gives %.0f workers, more than the limit of %.0f "
                            "in one cluster (README \"Inputs\")", c->what, lab, c->id[i], a,
                            c->weight[i], SP_MAX_CLUSTER_WORKERS);
        }
    }
    sp_points *w = s->weight_points;
    for (size_t i = 0; w && !s->weight_points_field && i < w->n; i++) {
        double a = 1;
        if (is_area(g, w->geom[i]) && (GEOSArea_r(g, w->geom[i], &a) != 1 || !isfinite(a)))
            return sp_error(SP_E_INTERNAL, "%s (id %s): area cannot be computed", w->what,
                            w->id[i]);
        w->weight[i] = a;
    }
    return SP_OK;
}

const sp_points *sp_siteset_site(const sp_siteset *s, int32_t site, size_t *row)
{
    size_t ns = s->sites ? s->sites->n : 0;
    if ((size_t)site < ns) {
        *row = (size_t)site;
        return s->sites;
    }
    *row = (size_t)site - ns;
    return s->facilities;
}

const char *sp_siteset_site_kind(const sp_siteset *s, int32_t site)
{
    size_t ns = s->sites ? s->sites->n : 0;
    return (size_t)site < ns ? SP_KIND_STATION : SP_KIND_FACILITY;
}
