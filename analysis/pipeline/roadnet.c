/* roadnet.c — the shared road network; see roadnet.h. */
#include "roadnet.h"

#include <geos_c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes.h"
#include "crs.h"
#include "netcache.h"
#include "roadsin.h"

#define MAX_SETUPS 16

struct sp_network {
    /* the [inputs] network keys it was read with (owned copies) */
    char *keys[8];
    char crs_def[256];
    char crs_reason[128];
    GEOSContextHandle_t gctx; /* builds and frees the snap indexes */
    sp_crs *crs;              /* used while loading only */
    sp_roads *roads;
    int n_topos;
    sp_topo *topo[MAX_SETUPS];
    char *topo_profile[MAX_SETUPS]; /* the profile path each topology was built for */
    int n_setups;
    sp_netmode setup[MAX_SETUPS];
    char fingerprint[32];
};

static void geos_quiet(const char *msg, void *ud)
{
    (void)msg;
    (void)ud;
}

/* The scenario keys that decide what is read from the network layer. */
static void network_keys(const sp_options *o, const char *k[8])
{
    k[0] = o->network;
    k[1] = o->network_layer;
    k[2] = o->network_where;
    k[3] = o->network_class;
    k[4] = o->network_oneway;
    k[5] = o->network_maxspeed;
    k[6] = o->network_crs;
    k[7] = o->osm_config;
}

static const char *KEY_NAMES[8] = {"network", "network.layer", "network.where",
                                   "network.class", "network.oneway", "network.maxspeed",
                                   "network.crs", "network.osm_config"};

static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static int setup_matches(const sp_netmode *m, const sp_options *o)
{
    int nomem;
    char *key = sp_changes_costs_key(o, &nomem);
    int same = m->mode == o->mode && same_str(m->profile_path, o->profile) &&
               (o->mode != SP_MODE_CAR || m->use_maxspeed == o->use_maxspeed) &&
               !nomem && same_str(m->costs_key, key);
    free(key);
    return same;
}

/* FNV-1a, 64 bits, over a byte range. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* Over everything read that a result can depend on. */
static void fingerprint(sp_network *net)
{
    const sp_roads *r = net->roads;
    uint64_t h = 0xcbf29ce484222325ULL;
    h = fnv(h, &r->n_roads, sizeof r->n_roads);
    for (int32_t i = 0; i < r->n_roads; i++) {
        const sp_road *w = &r->roads[i];
        h = fnv(h, &w->id, sizeof w->id);
        h = fnv(h, &w->oneway, sizeof w->oneway);
        h = fnv(h, &w->access, sizeof w->access);
        h = fnv(h, &w->area, sizeof w->area);
        h = fnv(h, &w->maxspeed_kmh, sizeof w->maxspeed_kmh);
        h = fnv(h, &w->n_parts, sizeof w->n_parts);
        const char *k = sp_roads_str(r, w->klass), *nm = sp_roads_str(r, w->name);
        h = fnv(h, k ? k : "", k ? strlen(k) + 1 : 1);
        h = fnv(h, nm ? nm : "", nm ? strlen(nm) + 1 : 1);
    }
    h = fnv(h, r->xy, sizeof *r->xy * 2 * r->n_xy);
    snprintf(net->fingerprint, sizeof net->fingerprint, "fnv1a64:%016llx", (unsigned long long)h);
}

static void setup_clear(sp_netmode *m)
{
    for (int r = 0; r < 2; r++)
        sp_snapper_free(m->snapper[r]);
    sp_costs_free(m->costs);
    free(m->profile_path);
    free(m->costs_key);
    memset(m, 0, sizeof *m);
}

/* The topology of o's mode and speed table: built once, shared by setups. */
static sp_status topology_for(sp_network *net, sp_netmode *m, const sp_options *o,
                              const sp_topo **out)
{
    for (int i = 0; i < net->n_topos; i++)
        if (net->topo[i]->mode == o->mode && same_str(net->topo_profile[i], o->profile)) {
            *out = net->topo[i];
            return SP_OK;
        }
    sp_topo *t = NULL;
    sp_status st = sp_topo_build(net->roads, &m->profile, &t);
    if (st)
        return st;
    char *p = o->profile ? strdup(o->profile) : NULL;
    if (o->profile && !p) {
        sp_topo_free(t);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    net->topo[net->n_topos] = t;
    net->topo_profile[net->n_topos++] = p;
    *out = t;
    return SP_OK;
}

/* The cost options of o's [changes] (close_roads, close_roads_in, speed;
 * later speeds of a class win) into co; the arrays are malloc'd (free
 * co->closed_roads and co->speeds).  Unknown road ids and classes are errors
 * naming the key. */
static sp_status cost_changes(const sp_network *net, const sp_netmode *m, const sp_options *o,
                              sp_cost_options *co)
{
    const char *origin = o->source_path ? o->source_path : "scenario";
    size_t n = 0;
    for (int i = 0; i < o->n_changes; i++)
        n += sp_change_is_costs(&o->changes[i]) ? (size_t)o->changes[i].n_items : 0;
    int32_t *closed = sp_malloc_n(n + (size_t)net->roads->n_roads, sizeof *closed);
    sp_class_speed *sp = sp_malloc_n(n ? n : 1, sizeof *sp);
    co->closed_roads = closed;
    co->speeds = sp;
    if (!closed || !sp)
        return sp_error(SP_E_NOMEM, "out of memory");
    for (int i = 0; i < o->n_changes; i++) {
        const sp_change *c = &o->changes[i];
        for (int k = 0; k < c->n_items && c->kind == SP_CHANGE_CLOSE_ROADS; k++) {
            int32_t r = sp_roads_find(net->roads, c->items[k]);
            if (r < 0)
                return sp_error(SP_E_INPUT, "%s: [changes] %s: no road of %s has id '%s'",
                                origin, c->key, net->roads->what, c->items[k]);
            closed[co->n_closed++] = r;
        }
        sp_status st;
        if (c->kind == SP_CHANGE_CLOSE_ROADS_IN &&
            (st = sp_roads_in_polygons(net->roads, &c->layer, c->key, net->crs, net->gctx, closed,
                                       &co->n_closed))) {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s", sp_error_message());
            sp_error_clear();
            return sp_error(st, "%s: %s", origin, msg);
        }
        for (int k = 0; k < c->n_items && c->kind == SP_CHANGE_SPEED; k++) {
            if (sp_profile_find(&m->profile, c->items[k]) < 0)
                return sp_error(SP_E_INPUT, "%s: [changes] %s: road class '%s' is not in the "
                                "%s speed table (%s)", origin, c->key, c->items[k],
                                sp_mode_name(o->mode), m->profile.source);
            sp[co->n_speeds++] = (sp_class_speed){c->items[k], c->nums[k]};
        }
    }
    return SP_OK;
}

/* The cost layer of setup m: the profile's speeds with o's changes. */
static sp_status costs_for(const sp_network *net, sp_netmode *m, const sp_options *o)
{
    sp_cost_options co = {.use_maxspeed = o->use_maxspeed};
    sp_status st = cost_changes(net, m, o, &co);
    if (st == SP_OK)
        st = sp_costs_build(m->topo, net->roads, &m->profile, &co, &m->costs);
    free((void *)co.closed_roads);
    free((void *)co.speeds);
    return st;
}

/* A road within this distance of the edge of the network's extent counts
 * as cut by the extract (README "Road network"). */
#define SP_EXTRACT_EDGE_M 50.0

/* One warning naming the longest roads the routable network leaves out. */
static void warn_unroutable(const sp_network *net, const sp_netmode *m)
{
    const sp_unroutable *u = &m->unroutable;
    if (u->n_roads == 0)
        return;
    char list[1024] = "";
    size_t at = 0;
    for (int k = 0; k < SP_UNROUTABLE_TOP && u->top[k] >= 0 && at < sizeof list; k++) {
        char id[64];
        sp_roads_id(net->roads, u->top[k], id, sizeof id);
        const char *name = sp_roads_name(net->roads, u->top[k]);
        at += (size_t)snprintf(list + at, sizeof list - at, "%sway %s%s%s%s %.1f km%s", k ? ", " : "",
                               id, name ? " (" : "", name ? name : "", name ? ")" : "",
                               u->top_km[k], u->top_at_edge[k] ? " at the edge" : "");
    }
    sp_warn("%s: %d road%s of the %s network (%.1f km) %s no part in its largest strongly "
            "connected piece, so %s not routable and never used (%d of them %s the edge "
            "of the extract, within %g m: cut by it?); the longest: %s%s",
            net->roads->what, u->n_roads, u->n_roads == 1 ? "" : "s", sp_mode_name(m->mode), u->km,
            u->n_roads == 1 ? "has" : "have", u->n_roads == 1 ? "it is" : "they are", u->n_at_edge, u->n_at_edge == 1 ? "reaches" : "reach",
            SP_EXTRACT_EDGE_M, list, u->n_roads > SP_UNROUTABLE_TOP ? ", ..." : "");
}

/* o's travel setup: its speeds, the mode's topology, its cost layer. */
static sp_status setup_build(sp_network *net, sp_netmode *m, const sp_options *o)
{
    sp_status st;
    m->mode = o->mode;
    m->use_maxspeed = o->use_maxspeed;
    if (o->profile) {
        m->profile_path = strdup(o->profile);
        if (!m->profile_path)
            return sp_error(SP_E_NOMEM, "out of memory");
        if ((st = sp_profile_load(o->profile, o->mode, &m->profile)))
            return st;
    } else {
        sp_profile_builtin(o->mode, &m->profile);
    }
    int nomem;
    m->costs_key = sp_changes_costs_key(o, &nomem);
    if (nomem)
        return sp_error(SP_E_NOMEM, "out of memory");
    if ((st = topology_for(net, m, o, &m->topo)) || (st = costs_for(net, m, o)) ||
        (st = sp_graph_view(m->topo, m->costs, &m->graph)))
        return st;
    const sp_graph *g = &m->graph;
    if (g->n_nodes == 0)
        return sp_error(SP_E_INPUT, "%s: no usable roads for %s", net->roads->what,
                        sp_mode_name(o->mode));
    m->main_nodes = g->component_size[0];
    if (g->n_components > 1)
        sp_warn("%s: the %s network has %d strongly connected pieces; the largest holds "
                "%d of %d nodes (%.1f%%); points snap only to it, so %d smaller piece%s "
                "(%d nodes) %s not used",
                net->roads->what, sp_mode_name(o->mode), g->n_components, m->main_nodes,
                g->n_nodes, 100.0 * m->main_nodes / g->n_nodes, g->n_components - 1,
                g->n_components - 1 == 1 ? "" : "s", g->n_nodes - m->main_nodes,
                g->n_components - 1 == 1 ? "is" : "are");
    if ((st = sp_graph_unroutable(g, net->roads->n_roads, SP_EXTRACT_EDGE_M, &m->unroutable)))
        return st;
    warn_unroutable(net, m);
    return SP_OK;
}

/* The snap index of o's rule on setup m (built when missing). */
static sp_status setup_index(sp_network *net, sp_netmode *m, const sp_options *o)
{
    if (m->snapper[o->snap])
        return SP_OK;
    return sp_snapper_new(&m->graph, net->gctx, o->snap, m->profile.access, m->profile.n,
                          &m->snapper[o->snap]);
}

static sp_status check_keys(const sp_network *net, const sp_options *o)
{
    const char *k[8];
    network_keys(o, k);
    for (int i = 0; i < 8; i++)
        if (!same_str(k[i], net->keys[i]))
            return sp_error(SP_E_INPUT, "%s: [inputs] %s = '%s' differs from the loaded "
                            "network's '%s'", o->source_path ? o->source_path : "scenario",
                            KEY_NAMES[i], k[i] ? k[i] : "", net->keys[i] ? net->keys[i] : "");
    if (o->crs && strcmp(o->crs, net->crs_def))
        return sp_error(SP_E_INPUT, "%s: [travel] crs = %s differs from the loaded network's "
                        "working CRS %s", o->source_path ? o->source_path : "scenario", o->crs,
                        net->crs_def);
    return SP_OK;
}

sp_status sp_network_add(sp_network *net, const sp_options *o, GDALProgressFunc progress,
                         void *parg)
{
    sp_status st = check_keys(net, o);
    if (st)
        return st;
    sp_netmode *m = NULL;
    for (int i = 0; i < net->n_setups && !m; i++)
        if (setup_matches(&net->setup[i], o))
            m = &net->setup[i];
    if (!m) {
        if (net->n_setups == MAX_SETUPS)
            return sp_error(SP_E_INPUT, "at most %d travel setups share one network",
                            MAX_SETUPS);
        m = &net->setup[net->n_setups];
        if ((st = setup_build(net, m, o))) {
            setup_clear(m);
            return st;
        }
        net->n_setups++;
    }
    if ((st = setup_index(net, m, o)))
        return st;
    if (progress)
        progress(1.0, NULL, parg);
    return SP_OK;
}

sp_status sp_network_open(const sp_options *o, const char *crs_def, const char *crs_reason,
                          GDALProgressFunc progress, void *parg, sp_network **out)
{
    *out = NULL;
    sp_network *net = calloc(1, sizeof *net);
    if (!net)
        return sp_error(SP_E_NOMEM, "out of memory");
    const char *k[8];
    network_keys(o, k);
    sp_status st = SP_OK;
    for (int i = 0; i < 8; i++)
        if (k[i] && !(net->keys[i] = strdup(k[i])))
            st = sp_error(SP_E_NOMEM, "out of memory");
    snprintf(net->crs_def, sizeof net->crs_def, "%s", crs_def);
    snprintf(net->crs_reason, sizeof net->crs_reason, "%s", crs_reason);
    net->gctx = GEOS_init_r();
    if (st == SP_OK && !net->gctx)
        st = sp_error(SP_E_INTERNAL, "GEOS could not start");
    if (st == SP_OK) {
        GEOSContext_setErrorMessageHandler_r(net->gctx, geos_quiet, NULL);
        GEOSContext_setNoticeMessageHandler_r(net->gctx, geos_quiet, NULL);
        st = sp_crs_new(crs_def, &net->crs);
    }
    sp_roads_source src;
    sp_roads_source_from_options(o, &src);
    if (st == SP_OK)
        st = sp_roads_read_cached(&src, net->crs, crs_def, o->network_cache, o->quiet, progress,
                                  parg, &net->roads, NULL);
    if (st == SP_OK) {
        fingerprint(net);
        st = sp_network_add(net, o, NULL, NULL);
    }
    if (st) {
        sp_network_free(net);
        return st;
    }
    *out = net;
    return SP_OK;
}

const sp_netmode *sp_network_setup(const sp_network *net, const sp_options *o)
{
    if (check_keys(net, o))
        return NULL;
    for (int i = 0; i < net->n_setups; i++)
        if (setup_matches(&net->setup[i], o)) {
            if (!net->setup[i].snapper[o->snap])
                break;
            return &net->setup[i];
        }
    sp_error(SP_E_INPUT, "%s: the loaded network has no travel setup for %s%s%s (snap = %s)",
             o->source_path ? o->source_path : "scenario", sp_mode_name(o->mode),
             o->profile ? " with profile " : "", o->profile ? o->profile : "",
             o->snap == SP_SNAP_NODE ? "node" : "edge");
    return NULL;
}

const sp_roads *sp_network_roads(const sp_network *net) { return net->roads; }
const char *sp_network_crs(const sp_network *net) { return net->crs_def; }
const char *sp_network_crs_reason(const sp_network *net) { return net->crs_reason; }
const char *sp_network_fingerprint(const sp_network *net) { return net->fingerprint; }

void sp_network_free(sp_network *net)
{
    if (!net)
        return;
    for (int i = 0; i < net->n_setups; i++)
        setup_clear(&net->setup[i]);
    for (int i = 0; i < net->n_topos; i++) {
        sp_topo_free(net->topo[i]);
        free(net->topo_profile[i]);
    }
    sp_roads_free(net->roads);
    for (int i = 0; i < 8; i++)
        free(net->keys[i]);
    sp_crs_free(net->crs);
    if (net->gctx)
        GEOS_finish_r(net->gctx);
    free(net);
}
