/* siteset.c — the scenario's clusters and sites; see siteset.h. */
#include "siteset.h"

#include <geos_c.h>
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
    if (g)
        GEOS_finish_r(g);
    free(s);
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
    if ((st = sp_points_read(&o->clusters, "clusters", o->clusters.weight, g, &s->clusters)))
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
        (s->candidates && (st = sp_points_project(s->candidates, crs, g))))
        return st;
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
