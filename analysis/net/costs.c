/* costs.c — see costs.h.
 *
 * A layer is built in two steps: per-link seconds (from speeds or given),
 * then finish(): the per-edge floats, the count of allowed edges and the
 * strongly connected components (an iterative Tarjan over the finite
 * edges, so deep road chains cannot overflow the C stack).
 */
#include "costs.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Strongly connected components                                            */

typedef struct {
    int32_t size, min_node, raw;
} comp_rank;

static int comp_rank_cmp(const void *pa, const void *pb)
{
    const comp_rank *a = pa, *b = pb;
    if (a->size != b->size)
        return a->size > b->size ? -1 : 1;
    return (a->min_node > b->min_node) - (a->min_node < b->min_node);
}

/* Renumber raw components by decreasing size, ties by lowest node id. */
static sp_status rank_components(sp_costs *c, int32_t n, int32_t ncomp)
{
    int32_t *comp = c->component;
    comp_rank *rank = sp_calloc_n((size_t)ncomp, sizeof *rank);
    int32_t *remap = sp_malloc_n((size_t)ncomp, sizeof *remap);
    c->component_size = sp_malloc_n((size_t)ncomp, sizeof *c->component_size);
    if (!rank || !remap || !c->component_size) {
        free(rank);
        free(remap);
        return sp_error(SP_E_NOMEM, "graph: out of memory for components");
    }
    for (int32_t k = 0; k < ncomp; k++) {
        rank[k].raw = k;
        rank[k].min_node = -1;
    }
    for (int32_t v = 0; v < n; v++) {
        comp_rank *r = &rank[comp[v]];
        if (r->size++ == 0)
            r->min_node = v;
    }
    qsort(rank, (size_t)ncomp, sizeof *rank, comp_rank_cmp);
    for (int32_t k = 0; k < ncomp; k++) {
        remap[rank[k].raw] = k;
        c->component_size[k] = rank[k].size;
    }
    for (int32_t v = 0; v < n; v++)
        comp[v] = remap[comp[v]];
    c->n_components = ncomp;
    free(rank);
    free(remap);
    return SP_OK;
}

/* Tarjan's algorithm with an explicit call stack: cs holds the DFS path and
 * next[v] the next out-edge of v to explore; edges with an infinite time are
 * not followed.  A node is on Tarjan's stack while it has an index and no
 * component yet. */
static sp_status compute_scc(sp_costs *c)
{
    const sp_topo *t = c->topo;
    int32_t n = t->n_nodes;
    int32_t *comp = c->component;
    int32_t *index = sp_malloc_n((size_t)n, sizeof *index);
    int32_t *low = sp_malloc_n((size_t)n, sizeof *low);
    int32_t *next = sp_malloc_n((size_t)n, sizeof *next);
    int32_t *stack = sp_malloc_n((size_t)n, sizeof *stack);
    int32_t *cs = sp_malloc_n((size_t)n, sizeof *cs);
    sp_status st = SP_OK;
    if (!index || !low || !next || !stack || !cs) {
        st = sp_error(SP_E_NOMEM, "graph: out of memory for components");
        goto cleanup;
    }
    for (int32_t v = 0; v < n; v++) {
        index[v] = -1;
        comp[v] = -1;
    }
    const int32_t *off = t->out_off, *to = t->out_to;
    const float *cost = c->out_s;
    int32_t counter = 0, sp = 0, ncomp = 0;
    for (int32_t root = 0; root < n; root++) {
        if (index[root] >= 0)
            continue;
        int32_t depth = 0;
        index[root] = low[root] = counter++;
        next[root] = off[root];
        stack[sp++] = root;
        cs[depth++] = root;
        while (depth > 0) {
            int32_t v = cs[depth - 1];
            if (next[v] < off[v + 1]) {
                int32_t e = next[v]++, w = to[e];
                if (isinf(cost[e]))
                    continue;
                if (index[w] < 0) {
                    index[w] = low[w] = counter++;
                    next[w] = off[w];
                    stack[sp++] = w;
                    cs[depth++] = w;
                } else if (comp[w] < 0 && index[w] < low[v]) {
                    low[v] = index[w];
                }
                continue;
            }
            depth--;
            if (low[v] == index[v]) {
                int32_t w;
                do {
                    w = stack[--sp];
                    comp[w] = ncomp;
                } while (w != v);
                ncomp++;
            }
            if (depth > 0) {
                int32_t u = cs[depth - 1];
                if (low[v] < low[u])
                    low[u] = low[v];
            }
        }
    }
    st = rank_components(c, n, ncomp);
cleanup:
    free(index);
    free(low);
    free(next);
    free(stack);
    free(cs);
    return st;
}

/* ------------------------------------------------------------------------ */
/* Layers                                                                   */

static sp_costs *costs_new(const sp_topo *t)
{
    sp_costs *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    size_t nl = (size_t)t->n_links, m = (size_t)t->n_edges;
    c->topo = t;
    c->fwd_s = sp_malloc_n(nl, sizeof(double));
    c->bwd_s = sp_malloc_n(nl, sizeof(double));
    c->out_s = sp_malloc_n(m, sizeof(float));
    c->in_s = sp_malloc_n(m, sizeof(float));
    c->component = sp_malloc_n((size_t)t->n_nodes, sizeof(int32_t));
    if (!c->fwd_s || !c->bwd_s || !c->out_s || !c->in_s || !c->component) {
        sp_costs_free(c);
        return NULL;
    }
    return c;
}

/* The per-edge floats, the allowed count and the components. */
static sp_status finish(sp_costs *c)
{
    const sp_topo *t = c->topo;
    int32_t allowed = 0;
    for (int reverse = 0; reverse < 2; reverse++) {
        const int32_t *off = reverse ? t->in_off : t->out_off;
        const int32_t *link = reverse ? t->in_link : t->out_link;
        float *cost = reverse ? c->in_s : c->out_s;
        for (int32_t v = 0; v < t->n_nodes; v++)
            for (int32_t e = off[v]; e < off[v + 1]; e++) {
                int32_t l = link[e];
                double s = sp_topo_edge_backward(t, reverse, v, e) ? c->bwd_s[l] : c->fwd_s[l];
                cost[e] = (float)s;
                allowed += !reverse && !isinf(s);
            }
    }
    c->n_allowed = allowed;
    return compute_scc(c);
}

/* A direction's time is usable if INFINITY (not allowed) or finite, >= 0
 * and within float range; a direction the topology lacks must be INFINITY. */
static int time_ok(double s, int allowed)
{
    return s == INFINITY || (allowed && s >= 0 && s <= FLT_MAX);
}

sp_status sp_costs_from_times(const sp_topo *t, const double *fwd_s, const double *bwd_s,
                              sp_costs **out)
{
    *out = NULL;
    for (int32_t l = 0; l < t->n_links; l++) {
        unsigned d = t->links[l].dirs;
        if (!time_ok(fwd_s[l], d & SP_DIR_FWD) || !time_ok(bwd_s[l], d & SP_DIR_BWD))
            return sp_error(SP_E_INTERNAL, "cost layer: link %d: invalid travel time (%g s, %g s)",
                            (int)l, fwd_s[l], bwd_s[l]);
    }
    sp_costs *c = costs_new(t);
    if (!c)
        return sp_error(SP_E_NOMEM, "cost layer: out of memory");
    if (t->n_links) {
        memcpy(c->fwd_s, fwd_s, (size_t)t->n_links * sizeof(double));
        memcpy(c->bwd_s, bwd_s, (size_t)t->n_links * sizeof(double));
    }
    sp_status st = finish(c);
    if (st) {
        sp_costs_free(c);
        return st;
    }
    *out = c;
    return SP_OK;
}

/* Per profile class: km/h after the overrides, and whether overridden. */
static sp_status class_speeds(const sp_profile *prof, const sp_cost_options *opt,
                              double *kmh, uint8_t *overridden)
{
    for (int k = 0; k < prof->n; k++) {
        kmh[k] = prof->kmh[k];
        overridden[k] = 0;
    }
    for (size_t i = 0; i < opt->n_speeds; i++) {
        const sp_class_speed *o = &opt->speeds[i];
        int k = sp_profile_find(prof, o->klass);
        if (k < 0)
            return sp_error(SP_E_INPUT, "speed override: class '%s' is not in the %s profile "
                            "(%s)", o->klass ? o->klass : "", sp_mode_name(prof->mode),
                            prof->source);
        if (!(o->kmh > 0) || !isfinite(o->kmh))
            return sp_error(SP_E_INPUT, "speed override: class '%s': %g km/h is not a speed",
                            o->klass, o->kmh);
        kmh[k] = o->kmh;
        overridden[k] = 1;
    }
    return SP_OK;
}

/* Per road: closed (1) or not, from the options.  OUT: *closed (malloc'd). */
static sp_status closed_roads(const sp_roads *roads, const sp_cost_options *opt, uint8_t **closed)
{
    *closed = sp_calloc_n(roads->n_roads ? (size_t)roads->n_roads : 1, 1);
    if (!*closed)
        return sp_error(SP_E_NOMEM, "cost layer: out of memory");
    for (size_t i = 0; i < opt->n_closed; i++) {
        int32_t r = opt->closed_roads[i];
        if (r < 0 || r >= roads->n_roads) {
            free(*closed);
            *closed = NULL;
            return sp_error(SP_E_INPUT, "closed road %d: not a road of %s (0..%d)", (int)r,
                            roads->what, (int)roads->n_roads - 1);
        }
        (*closed)[r] = 1;
    }
    return SP_OK;
}

sp_status sp_costs_build(const sp_topo *t, const sp_roads *roads, const sp_profile *prof,
                         const sp_cost_options *opt, sp_costs **out)
{
    *out = NULL;
    static const sp_cost_options none = {0};
    if (!opt)
        opt = &none;
    if (t->mode != prof->mode)
        return sp_error(SP_E_INTERNAL, "cost layer: a %s profile over a %s topology",
                        sp_mode_name(prof->mode), sp_mode_name(t->mode));
    double kmh[SP_PROFILE_MAX];
    uint8_t overridden[SP_PROFILE_MAX];
    uint8_t *closed = NULL;
    sp_status st = class_speeds(prof, opt, kmh, overridden);
    if (st || (st = closed_roads(roads, opt, &closed)))
        return st;
    int maxspeed = prof->mode == SP_MODE_CAR && opt->use_maxspeed;
    sp_costs *c = costs_new(t);
    if (!c) {
        free(closed);
        return sp_error(SP_E_NOMEM, "cost layer: out of memory");
    }
    for (int32_t l = 0; l < t->n_links && st == SP_OK; l++) {
        const sp_link *k = &t->links[l];
        if (k->road_class < 0 || k->road_class >= prof->n || k->road < 0 ||
            k->road >= roads->n_roads) {
            st = sp_error(SP_E_INTERNAL, "cost layer: link %d: class %d or road %d unknown",
                          (int)l, (int)k->road_class, (int)k->road);
            break;
        }
        const sp_road *rd = &roads->roads[k->road];
        double v = kmh[k->road_class];
        if (maxspeed && !overridden[k->road_class] && rd->maxspeed_kmh > 0)
            v = rd->maxspeed_kmh;
        double speed = v / 3.6;
        double s = k->length_m / speed;
        if (!(s <= FLT_MAX)) { /* a float per edge holds it (fuzz_netcache found 5e307 s) */
            char id[64];
            st = sp_error(SP_E_INPUT, "%s: road %s: %.3g m at %.3g km/h is beyond the travel "
                          "times siteplan can count; is the speed right?", roads->what,
                          sp_roads_id(roads, k->road, id, sizeof id), k->length_m, v);
            break;
        }
        c->closed_links += closed[k->road];
        c->fwd_s[l] = (k->dirs & SP_DIR_FWD) && !closed[k->road] ? s : INFINITY;
        c->bwd_s[l] = (k->dirs & SP_DIR_BWD) && !closed[k->road] ? s : INFINITY;
    }
    for (int32_t i = 0; i < t->n_ways && maxspeed; i++) {
        const sp_road *rd = &roads->roads[t->ways[i]];
        int kc = sp_profile_find(prof, sp_roads_str(roads, rd->klass));
        c->maxspeed_ways += rd->maxspeed_kmh > 0 && kc >= 0 && !overridden[kc];
    }
    free(closed);
    if (st == SP_OK)
        st = finish(c);
    if (st) {
        sp_costs_free(c);
        return st;
    }
    *out = c;
    return SP_OK;
}

void sp_costs_free(sp_costs *c)
{
    if (!c)
        return;
    free(c->fwd_s);
    free(c->bwd_s);
    free(c->out_s);
    free(c->in_s);
    free(c->component);
    free(c->component_size);
    free(c);
}

size_t sp_costs_bytes(const sp_costs *c)
{
    if (!c)
        return 0;
    const sp_topo *t = c->topo;
    return sizeof *c + 2 * (size_t)t->n_links * sizeof(double) +
           2 * (size_t)t->n_edges * sizeof(float) + (size_t)t->n_nodes * sizeof(int32_t) +
           (size_t)c->n_components * sizeof(int32_t);
}
