/* inputs.c — a site set bound to a shared network; stand-alone loading.
 * See inputs.h. */
#include "inputs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas.h"
#include "clock.h"
#include "lattice.h"
#include "mobilenet.h"
#include "progress.h"
#include "sitechanges.h"

const sp_points *sp_inputs_site_layer(const sp_inputs *in, int32_t site, size_t *row)
{
    return sp_siteset_site(in->set, site, row);
}

const char *sp_inputs_site_kind(const sp_inputs *in, int32_t site)
{
    return sp_siteset_site_kind(in->set, site);
}

void sp_inputs_free(sp_inputs *in)
{
    if (!in)
        return;
    free(in->cl_snap);
    sp_demand_free(in->demand);
    free(in->demand_xy);
    free(in->cluster_gated);
    free(in->site_snap);
    free(in->cand_snap);
    free(in);
}

#define FAR_LIST_MAX 10

/* When a road of the mode is nearer than the routable network (the largest
 * strongly connected piece, open, with roadside access: snap.h), say which
 * and why it does not count: "; the nearest road, way 123 (Name), 621 m
 * away, is not connected to the routable network".  Empty otherwise. */
static void nearer_road(const sp_inputs *in, double x, double y, double routable_m, char *buf,
                        size_t len)
{
    buf[0] = '\0';
    double d;
    int32_t l = sp_snap_nearest_any(in->graph, x, y, &d);
    if (l < 0 || !(d < routable_m - 1))
        return;
    const sp_link *k = &in->graph->links[l];
    const char *why =
        !sp_graph_in_main(in->graph, k->from) || !sp_graph_in_main(in->graph, k->to)
            ? "is in a piece of the network not connected to the rest"
        : isinf(in->graph->fwd_s[l]) && isinf(in->graph->bwd_s[l]) ? "is closed"
                                                                    : "has no roadside access";
    char id[64] = "?";
    const char *name = NULL;
    if (k->road >= 0) {
        sp_roads_id(in->roads, k->road, id, sizeof id);
        name = sp_roads_name(in->roads, k->road);
    }
    snprintf(buf, len, "; the nearest road, way %s%s%s%s, %.0f m away, %s", id, name ? " (" : "",
             name ? name : "", name ? ")" : "", d, why);
}

/* Snap a layer's points; warn about far and unreachable ones; error when a
 * point is so far that the data must be wrong. */
static sp_status snap_layer(const sp_inputs *in, const sp_options *o, const sp_points *p,
                            const char *role, sp_snap *out)
{
    const sp_snapper *sn = in->setup->snapper[o->snap];
    double far_m = o->max_snap_m / 2;
    int32_t n_far = 0, n_un = 0;
    for (size_t i = 0; i < p->n; i++) {
        sp_snapper_snap(sn, in->gctx, p->xy[2 * i], p->xy[2 * i + 1], o->max_snap_m, o->walk_kmh,
                        &out[i]);
        char lab[64];
        sp_points_row_label(p, i, lab, sizeof lab);
        if (out[i].offroad_m > o->reject_snap_m)
            return sp_error(SP_E_INPUT,
                            "%s, %s (id %s): %.1f km from the routable network; it lies "
                            "outside the road network (is its CRS right, or is the network "
                            "extract too small?). Points farther than %g m are rejected "
                            "([travel] reject_snap_m)", p->what, lab, p->id[i],
                            out[i].offroad_m / 1000, o->reject_snap_m);
        if (!sp_snap_ok(&out[i])) {
            if (n_un++ < FAR_LIST_MAX) {
                char nearer[256];
                nearer_road(in, p->xy[2 * i], p->xy[2 * i + 1], out[i].offroad_m, nearer,
                            sizeof nearer);
                sp_warn("%s: %s, %s (id %s): %.0f m from the routable network, beyond "
                        "max_snap_m = %g: reported unreachable%s", role, p->what, lab, p->id[i],
                        out[i].offroad_m, o->max_snap_m, nearer);
            }
        } else if (out[i].offroad_m > far_m) {
            if (n_far++ < FAR_LIST_MAX)
                sp_warn("%s: %s, %s (id %s): snapped far, %.0f m from the road", role, p->what, lab,
                        p->id[i], out[i].offroad_m);
        }
    }
    if (n_un > FAR_LIST_MAX)
        sp_warn("%s: %d more %s unreachable (see the snap_m column)", p->what,
                n_un - FAR_LIST_MAX, role);
    if (n_far > FAR_LIST_MAX)
        sp_warn("%s: %d more %s snapped farther than %g m (see the snap_m column)", p->what,
                n_far - FAR_LIST_MAX, role, far_m);
    return SP_OK;
}

/* The points of p within max_snap_m of the edge of the network's extent
 * (routable.h), or beyond it: their travel may run past the edge of the
 * extract.  One warning naming the first few; returns the count. */
static int32_t near_edge(const sp_inputs *in, const sp_options *o, const sp_points *p,
                         const char *role)
{
    const double *e = in->setup->unroutable.extent;
    int32_t n = 0;
    char ids[256] = "";
    size_t at = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (!(sp_extent_edge_distance(e, p->xy[2 * i], p->xy[2 * i + 1]) <= o->max_snap_m))
            continue;
        if (n++ < 3 && at < sizeof ids)
            at += (size_t)snprintf(ids + at, sizeof ids - at, "%s%s", n > 1 ? ", " : "", p->id[i]);
    }
    if (n > 0)
        sp_warn("%s: %s: %d point%s within %g m of the edge of the road network's extent (or "
                "beyond it): travel there may cross the edge of the extract, so times can be "
                "too long and a nearer site outside it is missed (summary.json "
                "network.%s_near_extract_edge); e.g. %s%s",
                role, p->what, n, n == 1 ? "" : "s", o->max_snap_m,
                !strcmp(role, "clusters") ? "clusters" : "sites", ids, n > 3 ? ", ..." : "");
    return n;
}

/* What bind_demand knows of area clusters beyond their lattice (areas.h). */
typedef struct {
    /* per cluster: its weight points with a weight > 0, wp_list[wp_first[c] ..
     * + wp_count[c]) (NULL: no weight_points layer) */
    int32_t *wp_first, *wp_count, *wp_list;
    /* per cluster: its gates, g_list[g_first[c] .. + g_count[c]) (NULL: no
     * entrances layer) */
    int32_t *g_first, *g_count, *g_list;
    sp_snap *galt;   /* per gate: its access snaps (SP_ACCESS_MAX each) */
    uint8_t *n_galt; /* per gate: how many (0: beyond max_snap_m) */
} area_in;

static void area_in_free(area_in *a)
{
    free(a->wp_first); free(a->wp_count); free(a->wp_list);
    free(a->g_first); free(a->g_count); free(a->g_list);
    free(a->galt); free(a->n_galt);
}

static int is_area_cluster(const sp_inputs *in, size_t i)
{
    const sp_points *p = in->clusters;
    const GEOSGeometry *g = p->any_polygon && p->geom ? p->geom[i] : NULL;
    int type = g ? GEOSGeomTypeId_r(in->gctx, g) : -1;
    return type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON;
}

/* The weight points and gates of the areas; one warning each for weight
 * points outside every area, gates near no area and gates beyond
 * max_snap_m. */
static sp_status area_in_new(const sp_inputs *in, const sp_options *o, area_in *a)
{
    memset(a, 0, sizeof *a);
    const sp_points *cl = in->clusters, *wp = in->set->weight_points, *gt = in->set->entrances;
    size_t n = cl->n;
    sp_status st = SP_OK;
    if (wp) {
        int32_t *owner = sp_malloc_n(wp->n + 1, sizeof *owner), n_out = 0;
        a->wp_first = sp_calloc_n(n + 1, sizeof *a->wp_first);
        a->wp_count = sp_calloc_n(n + 1, sizeof *a->wp_count);
        a->wp_list = sp_malloc_n(wp->n + 1, sizeof *a->wp_list);
        if (!owner || !a->wp_first || !a->wp_count || !a->wp_list)
            st = sp_error(SP_E_NOMEM, "out of memory");
        if (!st)
            st = sp_areas_weight_owner(in->gctx, cl, wp, owner, &n_out);
        if (!st) {
            for (size_t k = 0; k < wp->n; k++)
                if (owner[k] >= 0 && wp->weight[k] > 0)
                    a->wp_count[owner[k]]++;
            int32_t at = 0;
            for (size_t c = 0; c < n; c++) {
                a->wp_first[c] = at;
                at += a->wp_count[c];
                a->wp_count[c] = 0;
            }
            for (size_t k = 0; k < wp->n; k++)
                if (owner[k] >= 0 && wp->weight[k] > 0) {
                    int32_t c = owner[k];
                    a->wp_list[a->wp_first[c] + a->wp_count[c]++] = (int32_t)k;
                }
            if (n_out > 0)
                sp_warn("clusters.weight_points: %s: %d of %zu feature%s lie%s outside every area "
                        "cluster and %s not used", wp->what, (int)n_out, wp->n,
                        wp->n == 1 ? "" : "s", n_out == 1 ? "s" : "", n_out == 1 ? "is" : "are");
        }
        free(owner);
        if (st)
            return st;
    }
    if (gt) {
        int32_t n_far = 0, n_unsnapped = 0;
        if ((st = sp_areas_gates(in->gctx, cl, gt, &a->g_first, &a->g_count, &a->g_list,
                                 &n_far)))
            return st;
        a->galt = sp_malloc_n(gt->n * SP_ACCESS_MAX + 1, sizeof *a->galt);
        a->n_galt = sp_calloc_n(gt->n + 1, 1);
        if (!a->galt || !a->n_galt)
            return sp_error(SP_E_NOMEM, "out of memory");
        const sp_snapper *sn = in->setup->snapper[o->snap];
        const sp_access *ax = sp_snapper_access(sn);
        for (size_t g = 0; g < gt->n; g++) {
            double x = gt->xy[2 * g], y = gt->xy[2 * g + 1];
            sp_snap s0;
            sp_snapper_snap(sn, in->gctx, x, y, o->max_snap_m, o->walk_kmh, &s0);
            if (!sp_snap_ok(&s0)) {
                n_unsnapped++;
                continue;
            }
            sp_snap *ga = &a->galt[g * SP_ACCESS_MAX];
            int m = sp_access_point(ax, x, y, o->max_snap_m, o->walk_kmh, ga);
            if (m == 0)
                ga[m++] = s0;
            a->n_galt[g] = (uint8_t)m;
        }
        if (n_far > 0)
            sp_warn("clusters.entrances: %s: %d of %zu entrance%s lie%s farther than %g m from "
                    "every area cluster and %s not used", gt->what, (int)n_far, gt->n,
                    gt->n == 1 ? "" : "s", n_far == 1 ? "s" : "", SP_ENTRANCE_NEAR_M,
                    n_far == 1 ? "is" : "are");
        if (n_unsnapped > 0)
            sp_warn("clusters.entrances: %s: %d of %zu entrance%s lie%s beyond max_snap_m = %g m "
                    "from the routable network: no way in or out there", gt->what,
                    (int)n_unsnapped, gt->n, gt->n == 1 ? "" : "s", n_unsnapped == 1 ? "s" : "",
                    o->max_snap_m);
    }
    return SP_OK;
}

/* One cluster's demand points and their relative weights: an area's
 * weight points inside it (when it has any), else its lattice points (equal
 * weights: wt NULL); a point cluster's point.  OUT: *xy, *wt (free), *n. */
static sp_status cluster_points(const sp_inputs *in, const sp_options *o, const area_in *a,
                                size_t i, double **xy, double **wt, int32_t *n)
{
    const sp_points *p = in->clusters;
    *wt = NULL;
    if (is_area_cluster(in, i) && a->wp_list && a->wp_count[i] > 0) {
        const sp_points *wp = in->set->weight_points;
        int32_t m = a->wp_count[i];
        *xy = sp_malloc_n(2 * (size_t)m, sizeof **xy);
        *wt = sp_malloc_n((size_t)m, sizeof **wt);
        if (!*xy || !*wt) {
            free(*xy);
            free(*wt);
            *xy = *wt = NULL;
            return sp_error(SP_E_NOMEM, "out of memory");
        }
        for (int32_t k = 0; k < m; k++) {
            int32_t w = a->wp_list[a->wp_first[i] + k];
            (*xy)[2 * k] = wp->xy[2 * w];
            (*xy)[2 * k + 1] = wp->xy[2 * w + 1];
            (*wt)[k] = wp->weight[w];
        }
        *n = m;
        return SP_OK;
    }
    if (is_area_cluster(in, i)) {
        sp_status st = sp_lattice_points(in->gctx, p->geom[i], sp_options_cell_m(o), xy, n);
        if (st && st != SP_E_NOMEM) {
            char why[256];
            snprintf(why, sizeof why, "%s", sp_error_message());
            sp_error_clear();
            return sp_error(st, "%s (id %s): %s", p->what, p->id[i], why);
        }
        return st;
    }
    *xy = sp_malloc_n(2, sizeof **xy);
    if (!*xy)
        return sp_error(SP_E_NOMEM, "out of memory");
    (*xy)[0] = p->xy[2 * i];
    (*xy)[1] = p->xy[2 * i + 1];
    *n = 1;
    return SP_OK;
}

typedef struct {
    int32_t *cluster;
    double *weight, *xy;
    size_t n, cap;
} dpoints;

static int dpoints_grow(dpoints *d, size_t need)
{
    if (need <= d->cap)
        return 0;
    size_t cap = d->cap ? d->cap : 256;
    while (cap < need)
        cap *= 2;
    int32_t *c = realloc(d->cluster, cap * sizeof *c);
    if (c)
        d->cluster = c;
    double *w = realloc(d->weight, cap * sizeof *w);
    if (w)
        d->weight = w;
    double *xy = realloc(d->xy, cap * 2 * sizeof *xy);
    if (xy)
        d->xy = xy;
    if (!c || !w || !xy)
        return -1;
    d->cap = cap;
    return 0;
}

static sp_status bind_demand(sp_inputs *in, const sp_options *o)
{
    const sp_points *cl = in->clusters;
    size_t n = cl->n;
    dpoints d = {0};
    sp_snap *snap = NULL, *alt = NULL;
    uint8_t *n_alt = NULL;
    area_in a;
    sp_status st = SP_OK;
    if (n > INT32_MAX / 2)
        return sp_error(SP_E_INPUT, "%s: too many clusters", cl->what);
    if ((st = area_in_new(in, o, &a))) {
        area_in_free(&a);
        return st;
    }
    if (a.g_count) {
        if (!(in->cluster_gated = sp_calloc_n(n + 1, 1))) {
            area_in_free(&a);
            return sp_error(SP_E_NOMEM, "out of memory");
        }
        for (size_t i = 0; i < n; i++)
            in->cluster_gated[i] = a.g_count[i] > 0;
    }
    for (size_t i = 0; i < n && !st; i++) {
        double *xy = NULL, *wt = NULL;
        int32_t m = 0;
        if ((st = cluster_points(in, o, &a, i, &xy, &wt, &m)))
            break;
        if (d.n + (size_t)m > INT32_MAX / 2 || dpoints_grow(&d, d.n + (size_t)m)) {
            free(xy);
            free(wt);
            st = sp_error(SP_E_NOMEM, "out of memory (%s: demand points)", cl->what);
            break;
        }
        if (wt)
            sp_lattice_shares_weighted(cl->weight[i], m, wt, d.weight + d.n);
        else
            sp_lattice_shares(cl->weight[i], m, d.weight + d.n);
        for (int32_t k = 0; k < m; k++) {
            d.cluster[d.n + (size_t)k] = (int32_t)i;
            d.xy[2 * (d.n + (size_t)k)] = xy[2 * k];
            d.xy[2 * (d.n + (size_t)k) + 1] = xy[2 * k + 1];
        }
        d.n += (size_t)m;
        free(xy);
        free(wt);
    }
    if (!st) {
        snap = sp_calloc_n(d.n + 1, sizeof *snap);
        alt = sp_malloc_n(d.n * SP_ACCESS_MAX + 1, sizeof *alt);
        n_alt = sp_calloc_n(d.n + 1, 1);
        if (!snap || !alt || !n_alt)
            st = sp_error(SP_E_NOMEM, "out of memory");
    }
    if (!st) {
        const sp_snapper *sn = in->setup->snapper[o->snap];
        const sp_access *ax = sp_snapper_access(sn);
        int32_t n_un = 0, areas_un = 0, last_un = -1;
        for (size_t p = 0; p < d.n; p++) {
            double x = d.xy[2 * p], y = d.xy[2 * p + 1];
            size_t c = (size_t)d.cluster[p];
            if (a.g_count && a.g_count[c] > 0) {
                /* an area with entrances: only through its gates (areas.h) */
                int m = sp_areas_gate_access(x, y, a.g_list + a.g_first[c], a.g_count[c],
                                             in->set->entrances->xy, a.galt, a.n_galt,
                                             o->walk_kmh, &alt[p * SP_ACCESS_MAX]);
                n_alt[p] = (uint8_t)m;
                if (m > 0) {
                    snap[p] = alt[p * SP_ACCESS_MAX];
                } else {
                    sp_snap none = {-1, -1, 0, INFINITY, INFINITY, x, y};
                    snap[p] = none;
                }
            } else {
                /* a cluster's one point at its representative point: its
                 * snap, as reported (snap_m, reachable) */
                if (x == cl->xy[2 * c] && y == cl->xy[2 * c + 1])
                    snap[p] = in->cl_snap[c];
                else
                    sp_snapper_snap(sn, in->gctx, x, y, o->max_snap_m, o->walk_kmh, &snap[p]);
                if (sp_snap_ok(&snap[p]))
                    n_alt[p] = (uint8_t)sp_access_point(ax, x, y, o->max_snap_m, o->walk_kmh,
                                                        &alt[p * SP_ACCESS_MAX]);
            }
            if (is_area_cluster(in, c) && !sp_snap_ok(&snap[p])) {
                n_un++;
                if ((int32_t)c != last_un)
                    areas_un++;
                last_un = (int32_t)c;
            }
        }
        in->demand_unsnapped = n_un;
        if (n_un > 0)
            sp_warn("clusters: %s: %d demand point%s of %d area cluster%s lie%s beyond "
                    "max_snap_m = %g m from the routable network%s: never covered", cl->what,
                    (int)n_un, n_un == 1 ? "" : "s", (int)areas_un, areas_un == 1 ? "" : "s",
                    n_un == 1 ? "s" : "", o->max_snap_m,
                    a.g_count ? " (or in an area whose entrances all do)" : "");
        st = sp_demand_new_points(in->graph, (int32_t)n, (int32_t)d.n, d.cluster, d.weight, snap,
                                  alt, n_alt, &in->demand);
    }
    if (!st) {
        in->demand_xy = d.xy;
        d.xy = NULL;
    }
    area_in_free(&a);
    free(d.cluster);
    free(d.weight);
    free(d.xy);
    free(snap);
    free(alt);
    free(n_alt);
    return st;
}

sp_status sp_inputs_bind(const sp_network *net, const sp_siteset *set, sp_ctx *ctx,
                         const sp_options *o, sp_inputs **out)
{
    *out = NULL;
    const sp_netmode *m = sp_network_setup(net, o);
    if (!m)
        return SP_E_INPUT;
    sp_inputs *in = calloc(1, sizeof *in);
    if (!in)
        return sp_error(SP_E_NOMEM, "out of memory");
    in->network = net;
    in->setup = m;
    in->set = set;
    in->ctx = ctx;
    in->gctx = sp_ctx_geos(ctx);
    in->crs = sp_ctx_crs(ctx);
    in->crs_reason = sp_network_crs_reason(net);
    in->profile = &m->profile;
    in->graph = &m->graph;
    in->roads = sp_network_roads(net);
    in->topo = m->topo;
    in->costs = m->costs;
    in->main_nodes = m->main_nodes;
    in->clusters = set->clusters;
    in->sites = set->sites;
    in->facilities = set->facilities;
    in->candidates = set->candidates;
    in->n_sites = set->n_sites;
    in->weight_from_area = set->clusters_per_m2 > 0;
    sp_status st = SP_OK;
    in->cl_snap = sp_calloc_n(in->clusters->n, sizeof *in->cl_snap);
    in->site_snap = sp_calloc_n((size_t)in->n_sites, sizeof *in->site_snap);
    if (in->candidates)
        in->cand_snap = sp_calloc_n(in->candidates->n, sizeof *in->cand_snap);
    if (!in->cl_snap || !in->site_snap || (in->candidates && !in->cand_snap)) {
        st = sp_error(SP_E_NOMEM, "out of memory");
        goto fail;
    }
    if ((st = snap_layer(in, o, in->clusters, "clusters", in->cl_snap)))
        goto fail;
    if (in->sites && (st = snap_layer(in, o, in->sites, "sites", in->site_snap)))
        goto fail;
    if (in->facilities &&
        (st = snap_layer(in, o, in->facilities, "facilities",
                         in->site_snap + (in->sites ? in->sites->n : 0))))
        goto fail;
    if (in->candidates &&
        (st = snap_layer(in, o, in->candidates, "candidates", in->cand_snap)))
        goto fail;
    in->clusters_near_edge = near_edge(in, o, in->clusters, "clusters");
    if (in->sites)
        in->sites_near_edge += near_edge(in, o, in->sites, "sites");
    if (in->facilities)
        in->sites_near_edge += near_edge(in, o, in->facilities, "facilities");
    /* The demand points: a point cluster is its point; an area cluster
     * (polygon) spreads its workers over its lattice points (lattice.h).
     * Each point is snapped like a cluster point, and its time is the best
     * over the roads near it (access.h), the rule the catchment cells
     * follow too. */
    if ((st = bind_demand(in, o)))
        goto fail;
    *out = in;
    return SP_OK;
fail:
    sp_inputs_free(in);
    return st;
}

void sp_loaded_free(sp_loaded *l)
{
    if (!l)
        return;
    sp_gpkg_abort(l->early);
    sp_inputs_free(l->in);
    sp_siteset_free(l->set);
    sp_network_free(l->network);
    sp_ctx_free(l->ctx);
    free(l);
}

sp_status sp_load(const sp_options *o, GDALProgressFunc progress, void *parg, sp_loaded **out)
{
    return sp_load_early(o, NULL, progress, parg, out);
}

sp_status sp_load_early(const sp_options *o, const char *gpkg_dir, GDALProgressFunc progress,
                        void *parg, sp_loaded **out)
{
    *out = NULL;
    double t0 = sp_now();
    GDALAllRegister();
    sp_loaded *l = calloc(1, sizeof *l);
    if (!l)
        return sp_error(SP_E_NOMEM, "out of memory");
    sp_status st;
    char crs_def[256], reason[128];
    sp_stage stg = {progress, parg, 0.1, 0.9};
    if (progress)
        progress(0, NULL, parg);
    if ((st = sp_ctx_new(&l->ctx)) || (st = sp_siteset_read(o, &l->set)) ||
        (st = sp_siteset_working_crs(l->set, o, crs_def, sizeof crs_def, reason, sizeof reason)))
        goto fail;
    if ((st = sp_ctx_use_crs(l->ctx, crs_def))) {
        if (o->crs) {
            char m[1024];
            snprintf(m, sizeof m, "%s", sp_error_message());
            sp_error_clear();
            st = sp_error(st, "%s: [travel] crs: %s",
                          o->source_path ? o->source_path : "scenario", m);
        }
        goto fail;
    }
    if ((st = sp_siteset_project(l->set, sp_ctx_crs(l->ctx))) ||
        (st = sp_siteset_apply_changes(l->set, o, sp_ctx_crs(l->ctx))) ||
        (st = sp_network_open(o, crs_def, reason, progress ? sp_stage_progress : NULL, &stg,
                              &l->network)) ||
        (st = sp_mobilenet_add(l->network, o)) ||
        (gpkg_dir && (st = sp_gpkg_begin(l->network, o, gpkg_dir, &l->early))) ||
        (st = sp_inputs_bind(l->network, l->set, l->ctx, o, &l->in)))
        goto fail;
    if (progress)
        progress(1.0, NULL, parg);
    l->in->load_seconds = sp_now() - t0;
    *out = l;
    return SP_OK;
fail:
    sp_loaded_free(l);
    return st;
}
