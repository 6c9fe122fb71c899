/* roadslayer.c — results.gpkg's roads layer, and the GeoPackage begun early
 * with it; see roadslayer.h. */
#define _GNU_SOURCE /* SCHED_IDLE */
#include "roadslayer.h"

#include <cpl_error.h>
#include <ogr_api.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#include "gpkgout.h"
#include "output.h"
#include "schema.h"

int sp_roads_layer_rows(OGRLayerH l, const sp_netmode *m, const sp_roads *roads, int32_t *next,
                        int32_t end, const atomic_int *stop)
{
    const sp_graph *g = &m->graph;
    if (end > g->n_links)
        end = g->n_links;
    int ok = 1;
    for (int32_t k = *next; ok && k < end; k++) {
        if (stop && atomic_load_explicit(stop, memory_order_relaxed))
            break;
        const sp_link *lk = &g->links[k];
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        if (lk->road_class >= 0)
            OGR_F_SetFieldString(f, SP_F_ROAD_CLASS, m->profile.klass[lk->road_class]);
        const char *name = sp_roads_name(roads, lk->road);
        if (name)
            OGR_F_SetFieldString(f, SP_F_ROAD_NAME, name);
        OGR_F_SetFieldInteger(f, SP_F_ROAD_MAIN, sp_graph_in_main(g, lk->from) && sp_graph_in_main(g, lk->to));
        OGR_F_SetFieldInteger(f, SP_F_ROAD_ONEWAY, lk->dirs != (SP_DIR_FWD | SP_DIR_BWD));
        OGRGeometryH gl = OGR_G_CreateGeometry(wkbLineString);
        const double *xy = &g->geom_xy[2 * (size_t)lk->geom_off];
        OGR_G_SetPointCount(gl, (int)lk->geom_len);
        for (uint32_t v = 0; v < lk->geom_len; v++)
            OGR_G_SetPoint_2D(gl, (int)v, xy[2 * v], xy[2 * v + 1]);
        ok = sp_gpkg_put(l, f, gl);
        if (ok)
            *next = k + 1;
    }
    return ok;
}

int sp_roads_layer_put(GDALDatasetH ds, OGRSpatialReferenceH srs, const sp_netmode *m,
                       const sp_roads *roads)
{
    OGRLayerH l = sp_gpkg_layer(ds, SP_L_ROADS, srs, wkbNone);
    int32_t next = 0;
    return l && sp_roads_layer_rows(l, m, roads, &next, m->graph.n_links, NULL);
}

struct sp_gpkg_early {
    const sp_netmode *m;
    const sp_roads *roads;
    const char *crs_def;
    GDALDatasetH ds;
    char tmp[4200];
    pthread_t tid;
    OGRLayerH layer;         /* the roads layer, once made */
    int32_t next;            /* the next link to write */
    atomic_int stop;         /* set by take (the writer continues) or abort */
    int ok;                  /* the thread's result */
    char msg[512];           /* GDAL's last message on its thread, when !ok */
};

static void *write_roads(void *arg)
{
    sp_gpkg_early *e = arg;
    /* idle priority: the thread takes a core only when the load or the
     * analysis leaves one idle (the snapping, the analysis' serial steps);
     * it cannot be raised again without privileges, so take() stops it and
     * the writer's own thread writes what is left */
    struct sched_param sp = {0};
    pthread_setschedparam(pthread_self(), SCHED_IDLE, &sp);
    OGRSpatialReferenceH srs = sp_gpkg_srs(e->crs_def);
    e->layer = sp_gpkg_layer(e->ds, SP_L_ROADS, srs, wkbNone);
    e->ok = e->layer && sp_roads_layer_rows(e->layer, e->m, e->roads, &e->next,
                                            e->m->graph.n_links, &e->stop);
    OSRDestroySpatialReference(srs);
    if (!e->ok)
        snprintf(e->msg, sizeof e->msg, "%s", CPLGetLastErrorMsg());
    return NULL;
}

sp_status sp_gpkg_begin(const sp_network *net, const sp_options *o, const char *dir,
                        sp_gpkg_early **out)
{
    *out = NULL;
    const sp_netmode *m = sp_network_setup(net, o);
    if (!m)
        return SP_E_INPUT;
    sp_status st = sp_mkdir_p(dir);
    if (st)
        return st;
    sp_gpkg_early *e = calloc(1, sizeof *e);
    if (!e)
        return sp_error(SP_E_NOMEM, "out of memory");
    atomic_init(&e->stop, 0);
    e->m = m;
    e->roads = sp_network_roads(net);
    e->crs_def = sp_network_crs(net);
    if ((st = sp_gpkg_create(dir, e->tmp, sizeof e->tmp, &e->ds))) {
        free(e);
        return st;
    }
    if (pthread_create(&e->tid, NULL, write_roads, e) != 0) {
        GDALClose(e->ds);
        sp_gpkg_remove(e->tmp);
        free(e);
        return sp_error(SP_E_NOMEM, "cannot start the thread that writes %s/" SP_FILE_GPKG, dir);
    }
    *out = e;
    return SP_OK;
}

sp_status sp_gpkg_take(sp_gpkg_early *e, GDALDatasetH *ds, char *tmp, size_t tmp_len,
                       const sp_netmode **setup, const char **crs_def)
{
    atomic_store(&e->stop, 1);
    pthread_join(e->tid, NULL);
    snprintf(tmp, tmp_len, "%s", e->tmp);
    *setup = e->m;
    *crs_def = e->crs_def;
    if (e->ok && e->next < e->m->graph.n_links) {
        /* the rest at this thread's priority: the same rows in the same order */
        e->ok = sp_roads_layer_rows(e->layer, e->m, e->roads, &e->next, e->m->graph.n_links, NULL);
        if (!e->ok)
            snprintf(e->msg, sizeof e->msg, "%s", CPLGetLastErrorMsg());
    }
    sp_status st = SP_OK;
    if (e->ok) {
        *ds = e->ds;
    } else {
        *ds = NULL;
        GDALClose(e->ds);
        sp_gpkg_remove(e->tmp);
        st = sp_error(SP_E_IO, "%s: writing the GeoPackage failed: %s", e->tmp, e->msg);
    }
    free(e);
    return st;
}

void sp_gpkg_abort(sp_gpkg_early *e)
{
    if (!e)
        return;
    atomic_store(&e->stop, 1);
    pthread_join(e->tid, NULL);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALClose(e->ds);
    CPLPopErrorHandler();
    sp_gpkg_remove(e->tmp);
    free(e);
}
