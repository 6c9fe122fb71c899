/* route.c — see route.h.
 *
 * The predecessor chain runs from the node to its seed in both directions
 * (it is the search tree read from the leaf), so the route is collected in
 * that order, "walking from the node towards the site", and turned round
 * for SP_FORWARD: the steps by index, the polyline by reversing it.
 */
#include "route.h"

#include <math.h>
#include <stdlib.h>

/* The other end of link l from node v; -1 if v is not an end. */
static int32_t other_end(const sp_link *l, int32_t v)
{
    if (l->from == v)
        return l->to;
    return l->to == v ? l->from : -1;
}

/* The node after v on the chain towards the seed, or -1 at the seed.
 * *link gets the link; SP_E_INTERNAL via *st when the chain is broken (a
 * workspace from another graph). */
static int32_t chain_next(const sp_graph *g, const sp_search *ws, sp_direction dir,
                          int32_t v, int32_t *link, sp_status *st)
{
    int32_t e = sp_search_pred(ws, v);
    if (e < 0)
        return -1;
    int32_t w = -1;
    if (e < g->n_edges && (dir == SP_REVERSE ? g->in_from[e] : g->out_to[e]) == v) {
        *link = dir == SP_REVERSE ? g->in_link[e] : g->out_link[e];
        w = other_end(&g->links[*link], v);
    }
    if (w < 0)
        *st = sp_error(SP_E_INTERNAL, "route: predecessor edge %d of node %d does not "
                       "fit the graph", (int)e, (int)v);
    return w;
}

/* Seconds of the piece of link l between position s and its from-node
 * (up) or to-node, walked towards s, in a search of direction rev. */
static double piece_s(const sp_graph *g, int32_t l, double L, double s, int up, int rev)
{
    double frac = up ? s / L : (L - s) / L;
    return sp_graph_link_time(g, l, up != rev, frac);
}

/* The site piece: *link = -1 if none; else *up = the piece runs from the
 * link's from-node up to the snapped point (walking towards the site). */
static sp_status site_piece(const sp_graph *g, sp_direction dir, const sp_snap *site,
                            int32_t seed, int32_t *link, int *up)
{
    *link = -1;
    if (!site)
        return SP_OK;
    if (!sp_snap_ok(site) || site->link >= g->n_links || site->node >= g->n_nodes)
        return sp_error(SP_E_INPUT, "route: the site is not snapped to this graph");
    if (site->link < 0) {
        if (site->node != seed)
            return sp_error(SP_E_INPUT, "route: site at node %d, but the route's seed is "
                            "node %d", (int)site->node, (int)seed);
        return SP_OK;
    }
    const sp_link *l = &g->links[site->link];
    double L = l->length_m > 0 ? l->length_m : 1.0;
    int at_from = site->s <= SP_REACH_END_EPS_M, at_to = site->s >= L - SP_REACH_END_EPS_M;
    if (at_from || at_to) {
        int32_t end = at_from ? l->from : l->to;
        if (end != seed)
            return sp_error(SP_E_INPUT, "route: site at node %d, but the route's seed is "
                            "node %d", (int)end, (int)seed);
        return SP_OK;
    }
    /* Walking towards the site: from the from-node means travelling the
     * link forwards in a reverse search, backwards in a forward one. */
    int rev = dir == SP_REVERSE;
    const double *fwd = g->fwd_s, *bwd = g->bwd_s;
    int can_up = l->from == seed && isfinite(rev ? fwd[site->link] : bwd[site->link]);
    int can_down = l->to == seed && isfinite(rev ? bwd[site->link] : fwd[site->link]);
    if (!can_up && !can_down)
        return sp_error(SP_E_INPUT, "route: site on link %d cannot be reached from the "
                        "route's seed node %d", (int)site->link, (int)seed);
    if (can_up && can_down) /* a loop link at the seed, both ways allowed */
        can_up = piece_s(g, site->link, L, site->s, 1, rev) <=
                 piece_s(g, site->link, L, site->s, 0, rev);
    *link = site->link;
    *up = can_up;
    return SP_OK;
}

static void push_xy(double *xy, size_t *n, const double *p)
{
    xy[2 * *n] = p[0];
    xy[2 * *n + 1] = p[1];
    (*n)++;
}

/* The polyline of link l, walked from its from-node (up) or to-node; the
 * first vertex is the joint with what is already there, unless nothing is. */
static void push_link(const sp_graph *g, int32_t link, int up, double *xy, size_t *n)
{
    const sp_link *l = &g->links[link];
    const double *p = &g->geom_xy[2 * (size_t)l->geom_off];
    for (uint32_t i = *n > 0; i < l->geom_len; i++)
        push_xy(xy, n, &p[2 * (size_t)(up ? i : l->geom_len - 1 - i)]);
}

/* The first vertex of polyline p (m vertices) whose along-distance, summed
 * as sp_snap_polyline does, is >= s (past = 0) or > s (past = 1); m if none. */
static uint32_t vertex_at(const double *p, uint32_t m, double s, int past)
{
    double acc = 0;
    for (uint32_t i = 0; i < m; i++) {
        if (i > 0) {
            double dx = p[2 * i] - p[2 * i - 2], dy = p[2 * i + 1] - p[2 * i - 1];
            acc += sqrt(dx * dx + dy * dy);
        }
        if (past ? acc > s : acc >= s)
            return i;
    }
    return m;
}

/* The site piece after the joint (the seed end of the site's link): the
 * link's vertices strictly between it and the snapped position, then the
 * snapped point. */
static void push_piece(const sp_graph *g, const sp_snap *site, int up, double *xy, size_t *n)
{
    const sp_link *l = &g->links[site->link];
    const double *p = &g->geom_xy[2 * (size_t)l->geom_off];
    uint32_t m = l->geom_len;
    if (up) {
        for (uint32_t i = 1, end = vertex_at(p, m, site->s, 0); i < end; i++)
            push_xy(xy, n, &p[2 * (size_t)i]);
    } else {
        for (uint32_t i = m - 1, first = vertex_at(p, m, site->s, 1); i-- > first;)
            push_xy(xy, n, &p[2 * (size_t)i]);
    }
    push_xy(xy, n, (const double[2]){site->x, site->y});
}

static void reverse_xy(double *xy, size_t n)
{
    for (size_t i = 0, j = n ? n - 1 : 0; i < j; i++, j--) {
        double x = xy[2 * i], y = xy[2 * i + 1];
        xy[2 * i] = xy[2 * j];
        xy[2 * i + 1] = xy[2 * j + 1];
        xy[2 * j] = x;
        xy[2 * j + 1] = y;
    }
}

/* Fill r's steps and polyline (sized by the caller) from the chain. */
static void fill(const sp_graph *g, const sp_search *ws, const sp_snap *site, int up,
                 sp_route *r)
{
    size_t nxy = 0;
    int32_t v = r->node, link = -1;
    sp_status st = SP_OK;
    if (r->n_steps == 0)
        push_xy(r->xy, &nxy, &g->node_xy[2 * (size_t)v]);
    for (size_t i = 0; i < r->n_steps; i++) {
        int32_t w = chain_next(g, ws, r->dir, v, &link, &st);
        int towards_to = g->links[link].from == v;
        sp_route_step *s = &r->steps[r->dir == SP_REVERSE ? i : r->n_steps - 1 - i];
        s->link = link;
        s->start = r->dir == SP_REVERSE ? v : w;
        s->end = r->dir == SP_REVERSE ? w : v;
        s->forward = r->dir == SP_REVERSE ? towards_to : !towards_to;
        s->seconds = sp_search_dist(ws, v) - sp_search_dist(ws, w);
        push_link(g, link, towards_to, r->xy, &nxy);
        v = w;
    }
    if (r->site_link >= 0)
        push_piece(g, site, up, r->xy, &nxy);
    if (r->dir == SP_FORWARD)
        reverse_xy(r->xy, nxy);
    r->n_xy = nxy;
}

sp_status sp_route_get(const sp_graph *g, const sp_search *ws, int32_t node,
                       const sp_snap *site, sp_route **out)
{
    *out = NULL;
    sp_direction dir;
    if (!sp_search_keeps_routes(ws, &dir))
        return sp_error(SP_E_INTERNAL, "route: the last search kept no predecessors "
                        "(sp_search_keep_routes)");
    if (node < 0 || node >= g->n_nodes || isinf(sp_search_dist(ws, node)))
        return sp_error(SP_E_INPUT, "route: node %d was not reached by the search", (int)node);

    /* Count the steps and the vertices they can hold; find the seed. */
    size_t n_steps = 0, max_xy = 1;
    int32_t v = node, w, link = -1;
    sp_status st = SP_OK;
    while ((w = chain_next(g, ws, dir, v, &link, &st)) >= 0) {
        if (n_steps >= (size_t)g->n_nodes)
            return sp_error(SP_E_INTERNAL, "route: predecessor cycle at node %d", (int)node);
        n_steps++;
        max_xy += g->links[link].geom_len;
        v = w;
    }
    if (st)
        return st;
    int32_t piece_link;
    int up = 0;
    if ((st = site_piece(g, dir, site, v, &piece_link, &up)))
        return st;
    if (piece_link >= 0)
        max_xy += g->links[piece_link].geom_len + 1;

    sp_route *r = calloc(1, sizeof *r);
    if (!r)
        return sp_error(SP_E_NOMEM, "route: out of memory");
    *r = (sp_route){.dir = dir, .node = node, .seed = v,
                    .total_s = sp_search_dist(ws, node), .seed_s = sp_search_dist(ws, v),
                    .n_steps = n_steps, .site_link = piece_link,
                    .site_forward = piece_link >= 0 && (dir == SP_REVERSE ? up : !up)};
    r->steps = n_steps ? sp_malloc_n(n_steps, sizeof *r->steps) : NULL;
    r->xy = sp_malloc_n(2 * max_xy, sizeof *r->xy);
    if ((n_steps && !r->steps) || !r->xy) {
        sp_route_free(r);
        return sp_error(SP_E_NOMEM, "route: out of memory for %zu steps", n_steps);
    }
    fill(g, ws, site, up, r);
    *out = r;
    return SP_OK;
}

void sp_route_free(sp_route *r)
{
    if (!r)
        return;
    free(r->steps);
    free(r->xy);
    free(r);
}
