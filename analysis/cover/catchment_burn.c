/* catchment_burn.c — stage 1 of catchment.c: sample the links a search
 * reached into the sp_isogrid (sp_isogrid_burn).  See catchment.h for the
 * method and catchment.c for the overview of the three stages.
 */
#include "catchment_private.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

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
