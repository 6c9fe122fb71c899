/* reach.c — see reach.h for the rule. */
#include "reach.h"

#include <math.h>

#define END_EPS_M SP_REACH_END_EPS_M

size_t sp_reach_site_seeds(const sp_graph *g, const sp_snap *site,
                           sp_seed seeds[2])
{
    if (site->link < 0) {
        if (site->node < 0)
            return 0;
        seeds[0].node = site->node;
        seeds[0].cost_s = site->offroad_s;
        return 1;
    }
    const sp_link *l = &g->links[site->link];
    double L = l->length_m > 0 ? l->length_m : 1.0;
    size_t n = 0;
    /* A site at a link's end is at that node. */
    if (site->s <= END_EPS_M || site->s >= L - END_EPS_M) {
        seeds[0].node = site->s <= END_EPS_M ? l->from : l->to;
        seeds[0].cost_s = site->offroad_s;
        return 1;
    }
    /* A worker at the from-node reaches the site by travelling forwards
     * along the link to the snap point, then walking off-road. */
    if (isfinite(g->fwd_s[site->link])) {
        seeds[n].node = l->from;
        seeds[n].cost_s = site->offroad_s + sp_graph_link_time(g, site->link, 0, site->s / L);
        n++;
    }
    if (isfinite(g->bwd_s[site->link])) {
        seeds[n].node = l->to;
        seeds[n].cost_s = site->offroad_s + sp_graph_link_time(g, site->link, 1, (L - site->s) / L);
        n++;
    }
    return n;
}

double sp_reach_time_on_link(const sp_graph *g, const sp_search *ws,
                             const sp_snap *site, int32_t link, double s)
{
    const sp_link *l = &g->links[link];
    double L = l->length_m > 0 ? l->length_m : 1.0;
    double best = INFINITY;
    if (s < 0)
        s = 0;
    if (s > L)
        s = L;
    /* A point at a link's end is at that node: it may leave by any link. */
    if (s <= END_EPS_M)
        best = sp_search_dist(ws, l->from);
    if (s >= L - END_EPS_M) {
        double t = sp_search_dist(ws, l->to);
        if (t < best)
            best = t;
    }
    if (isfinite(g->fwd_s[link])) {
        double t = sp_graph_link_time(g, link, 0, (L - s) / L) + sp_search_dist(ws, l->to);
        if (t < best)
            best = t;
        if (site->link == link && site->s >= s) {
            t = sp_graph_link_time(g, link, 0, (site->s - s) / L) + site->offroad_s;
            if (t < best)
                best = t;
        }
    }
    if (isfinite(g->bwd_s[link])) {
        double t = sp_graph_link_time(g, link, 1, s / L) + sp_search_dist(ws, l->from);
        if (t < best)
            best = t;
        if (site->link == link && site->s <= s) {
            t = sp_graph_link_time(g, link, 1, (s - site->s) / L) + site->offroad_s;
            if (t < best)
                best = t;
        }
    }
    return best;
}

double sp_reach_time(const sp_graph *g, const sp_search *ws,
                     const sp_snap *site, const sp_snap *point)
{
    if (point->link >= 0)
        return point->offroad_s +
               sp_reach_time_on_link(g, ws, site, point->link, point->s);
    if (point->node >= 0) {
        if (site->link < 0 && site->node == point->node)
            return point->offroad_s + site->offroad_s;
        return point->offroad_s + sp_search_dist(ws, point->node);
    }
    return INFINITY;
}
