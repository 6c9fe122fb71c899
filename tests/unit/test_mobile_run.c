/* test_mobile_run.c — the [mobile] pipeline stage (pipeline/mobile.h) on
 * the bundled Porto Alegre data, checked against what the analysis itself
 * says and against searches run here:
 *   - serve = gaps targets exactly the uncovered workers of each cluster
 *     (its workers minus sp_demand_cluster_within at the threshold), so the
 *     target total is workers_total - workers_covered;
 *   - every served cluster walks to its stop within walk_minutes, by a
 *     reverse walk search from the stop run here (and the time the stage
 *     reports is that time);
 *   - every route's line is continuous: it starts and ends at the depot's
 *     snap on the drive network and passes the snaps of its stops in the
 *     plan's order; each leg's length fits its drive time on the roads
 *     (between the slowest and fastest link speed of the drive graph, and
 *     no shorter than the straight line);
 *   - serve = largest:N with walk_minutes = 0: the N clusters with the most
 *     workers, each its own stop; where:FILTER: the clusters the filter
 *     selects;
 *   - the plan and the lines do not depend on the number of threads.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mobile_units.h"
#include "poa_scenario.h"
#include "reach.h"
#include "run.h"
#include "search.h"
#include "snap.h"
#include "test.h"

#define DEPOT_SETS                                                                      \
    "mobile.depots=data/poa_points_of_interest.csv", "mobile.depots.x=lon",             \
        "mobile.depots.y=lat", "mobile.depots.id=id", "mobile.depots.crs=EPSG:4326",   \
        "mobile.depot_ids=santa_casa_hospital"

static const char *TRUCK[] = {"travel.minutes=15", "mobile.capacity_per_day=400",
                              "mobile.walk_minutes=10", DEPOT_SETS};

/* Index of the vertex of xy (from `from` on) at (x, y), or n. */
static size_t find_vertex(const double *xy, size_t n, size_t from, double x, double y)
{
    for (size_t i = from; i < n; i++)
        if (fabs(xy[2 * i] - x) < 1e-6 && fabs(xy[2 * i + 1] - y) < 1e-6)
            return i;
    return n;
}

static double part_len(const double *xy, size_t a, size_t b)
{
    double s = 0;
    for (size_t i = a + 1; i <= b; i++)
        s += hypot(xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]);
    return s;
}

static int g_routes_checked, g_clusters_checked, g_legs_checked;

/* Every route's line: from the depot's snap on the drive network, through
 * its stops' snaps in the plan's order, back; each leg along the roads (every
 * segment's midpoint on a link) with the leg's drive time at the links'
 * speeds, and its length between the slowest and fastest speeds. */
static void check_routes(const sp_options *o, const sp_inputs *in, const sp_mobile *m)
{
    sp_options dopt;
    sp_mobile_drive_options(o, &dopt);
    const sp_netmode *dm = sp_network_setup(in->network, &dopt);
    ASSERT(dm != NULL);
    const sp_graph *g = &dm->graph;
    double vmin = INFINITY, vmax = 0;
    for (int32_t l = 0; l < g->n_links; l++)
        for (int k = 0; k < 2; k++) {
            double t = k ? g->bwd_s[l] : g->fwd_s[l];
            if (isfinite(t) && t > 0 && g->links[l].length_m > 0) {
                vmin = fmin(vmin, g->links[l].length_m / t);
                vmax = fmax(vmax, g->links[l].length_m / t);
            }
        }
    const sp_mobile_plan *pl = m->plan;
    ASSERT(pl->n_routes > 0);
    double walk_mps = o->walk_kmh / 3.6;
    for (int32_t k = 0; k < pl->n_routes; k++) {
        const sp_mobile_route *ro = &pl->route[k];
        const double *xy = m->route_xy[k];
        size_t n = m->route_n_xy[k];
        ASSERT(n >= 2);
        ASSERT_NEAR(m->route_length_m[k], part_len(xy, 0, n - 1), 1e-6);
        sp_snap dep;
        sp_snapper_snap(dm->snapper[SP_SNAP_EDGE], in->gctx, m->depot_xy[2 * ro->depot],
                        m->depot_xy[2 * ro->depot + 1], o->max_snap_m, o->walk_kmh, &dep);
        ASSERT(sp_snap_ok(&dep));
        ASSERT_NEAR(xy[0], dep.x, 1e-6);
        ASSERT_NEAR(xy[1], dep.y, 1e-6);
        ASSERT_NEAR(xy[2 * n - 2], dep.x, 1e-6);
        ASSERT_NEAR(xy[2 * n - 1], dep.y, 1e-6);
        size_t at = 0;
        sp_snap prev = dep;
        double drive_sum = 0;
        for (int32_t v = 0; v <= ro->n; v++) {
            sp_snap nx;
            double leg_s;
            if (v < ro->n) {
                const sp_mobile_visit *vi = &pl->visit[ro->first + v];
                sp_snapper_snap(dm->snapper[SP_SNAP_EDGE], in->gctx, m->stop_xy[2 * vi->stop],
                                m->stop_xy[2 * vi->stop + 1], o->max_snap_m, o->walk_kmh, &nx);
                leg_s = vi->drive_in_s;
            } else {
                nx = dep;
                leg_s = ro->drive_s - drive_sum;
            }
            drive_sum += leg_s;
            size_t next = v < ro->n ? find_vertex(xy, n, at, nx.x, nx.y) : n - 1;
            ASSERT(next < n); /* the leg ends where the next begins */
            double len = part_len(xy, at, next);
            double net_s = leg_s - prev.offroad_m / walk_mps - nx.offroad_m / walk_mps;
            /* along the roads: every segment's midpoint is on a link of the
             * drive graph, and the time of the segments at their links'
             * speeds is the leg's drive time on the roads */
            double t_line = 0;
            for (size_t i = at + 1; i <= next; i++) {
                double mx = (xy[2 * i] + xy[2 * i - 2]) / 2, my = (xy[2 * i + 1] + xy[2 * i - 1]) / 2;
                double seg = hypot(xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]), dist;
                if (seg == 0)
                    continue;
                int32_t l = sp_snap_nearest_any(g, mx, my, &dist);
                ASSERT(l >= 0);
                if (dist > 0.01)
                    fprintf(stderr, "route %d leg %d: segment %zu is %.2f m off the road\n",
                            (int)k, (int)v, i, dist);
                ASSERT(dist <= 0.01);
                double f = g->fwd_s[l], b = g->bwd_s[l];
                double lt = isfinite(f) && isfinite(b) ? fmin(f, b) : isfinite(f) ? f : b;
                t_line += seg / g->links[l].length_m * lt;
            }
            if (fabs(t_line - net_s) > 1e-3 * net_s + 0.5)
                fprintf(stderr, "route %d leg %d: line time %.3f s, drive time on roads %.3f s\n",
                        (int)k, (int)v, t_line, net_s);
            ASSERT(fabs(t_line - net_s) <= 1e-3 * net_s + 0.5);
            if (next == at) {
                ASSERT(net_s < 1e-6);
            } else {
                ASSERT(len >= hypot(nx.x - prev.x, nx.y - prev.y) - 1e-6);
                ASSERT(len <= net_s * vmax * (1 + 1e-6) + 1e-3);
                ASSERT(len >= net_s * vmin * (1 - 1e-6) - 1e-3);
            }
            at = next;
            prev = nx;
            g_legs_checked++;
        }
        g_routes_checked++;
    }
}


TEST(gaps_walk_and_routes)
{
    sp_options *o = poa_scenario(TRUCK, (int)(sizeof TRUCK / sizeof *TRUCK));
    ASSERT(o != NULL);
    sp_loaded *ld = NULL;
    sp_outcome *r = NULL;
    sp_status st = sp_run(o, NULL, NULL, &ld, &r);
    if (st)
        fprintf(stderr, "%s\n", sp_error_message());
    ASSERT_EQ_INT(st, SP_OK);
    const sp_mobile *m = r->mobile;
    ASSERT(m != NULL);
    const sp_inputs *in = ld->in;
    const sp_demand *d = in->demand;
    double T = o->minutes[o->n_minutes - 1] * 60;

    /* serve = gaps: exactly the uncovered workers */
    ASSERT_EQ_INT(m->n_clusters, (int32_t)in->clusters->n);
    double sum = 0;
    for (int32_t c = 0; c < m->n_clusters; c++) {
        double unc = in->clusters->weight[c] -
                     sp_demand_cluster_within(d, c, r->cov->point_time_s, T);
        ASSERT_NEAR(m->cl_target[c], unc, 1e-9 * fmax(1, unc));
        sum += m->cl_target[c];
    }
    ASSERT_NEAR(m->workers_target, sum, 1e-6);
    ASSERT_NEAR(m->workers_target, r->workers_total - r->workers_covered, 1e-6);
    ASSERT(m->workers_target > 0);
    ASSERT(m->n_stops > 0);

    /* the walk rule, by a reverse walk search from each stop here */
    double walk_s = o->mobile_walk_min * 60;
    sp_search *ws = sp_search_new(in->graph);
    ASSERT(ws != NULL);
    double assigned = 0, unserved = 0;
    for (int32_t s = 0; s < m->n_stops; s++) {
        sp_snap sn;
        sp_snapper_snap(in->setup->snapper[o->snap], in->gctx, m->stop_xy[2 * s],
                        m->stop_xy[2 * s + 1], o->max_snap_m, o->walk_kmh, &sn);
        ASSERT(sp_snap_ok(&sn));
        sp_seed seeds[2];
        size_t n = sp_reach_site_seeds(in->graph, &sn, seeds);
        ASSERT_EQ_INT(sp_search_run(ws, in->graph, SP_REVERSE, seeds, n, walk_s), SP_OK);
        double w = 0;
        int32_t ncl = 0;
        for (int32_t c = 0; c < m->n_clusters; c++) {
            if (m->cl_stop[c] != s)
                continue;
            ncl++;
            w += m->cl_target[c];
            ASSERT(m->cl_target[c] > 0);
            double t = sp_demand_point_time(d, in->graph, ws, &sn, d->cluster_first[c]);
            ASSERT(t <= walk_s + 1e-3);
            ASSERT(m->cl_walk_s[c] <= walk_s);
            ASSERT_NEAR(m->cl_walk_s[c], t, 1e-3 * fmax(1, t));
            g_clusters_checked++;
        }
        ASSERT_EQ_INT(ncl, m->stop_clusters[s]);
        ASSERT_NEAR(w, m->stop_workers[s], 1e-6);
        assigned += w;
    }
    sp_search_free(ws);
    for (int32_t c = 0; c < m->n_clusters; c++)
        if (m->cl_target[c] > 0 && m->cl_stop[c] < 0) {
            ASSERT_EQ_INT(m->cl_reason[c], SP_MOBILE_NO_STOP);
            unserved += m->cl_target[c];
        }
    ASSERT_NEAR(assigned + unserved, m->workers_target, 1e-6);
    ASSERT_NEAR(unserved, m->workers_unserved[SP_MOBILE_NO_STOP], 1e-6);

    check_routes(o, in, m);
    sp_outcome_free(r);
    sp_loaded_free(ld);
    sp_options_free(o);
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x > y ? -1 : x < y;
}

TEST(largest_and_where)
{
    /* a round: one-hour sessions, time-bound days, several stops a day */
    const char *sets[] = {"mobile.capacity_per_day=1000000", "mobile.walk_minutes=0",
                          "mobile.setup_minutes=60", "mobile.serve=largest:7",
                          "mobile.drive_mode=ebike", DEPOT_SETS};
    sp_options *o = poa_scenario(sets, (int)(sizeof sets / sizeof *sets));
    ASSERT(o != NULL);
    sp_loaded *ld = NULL;
    sp_outcome *r = NULL;
    sp_status st = sp_run(o, NULL, NULL, &ld, &r);
    if (st)
        fprintf(stderr, "%s\n", sp_error_message());
    ASSERT_EQ_INT(st, SP_OK);
    const sp_mobile *m = r->mobile;
    const sp_points *cl = ld->in->clusters;
    double *w = malloc(cl->n * sizeof *w);
    memcpy(w, cl->weight, cl->n * sizeof *w);
    qsort(w, cl->n, sizeof *w, cmp_desc);
    int32_t nt = 0;
    for (size_t c = 0; c < cl->n; c++)
        if (m->cl_target[c] > 0) {
            nt++;
            ASSERT(cl->weight[c] >= w[6]);
            ASSERT_NEAR(m->cl_target[c], cl->weight[c], 1e-9);
            ASSERT(m->cl_stop[c] >= 0);
            ASSERT_STR_EQ(m->stop_id[m->cl_stop[c]], cl->id[c]);
            ASSERT_NEAR(m->cl_walk_s[c], 0, 0);
        }
    free(w);
    ASSERT_EQ_INT(nt, 7);
    ASSERT_EQ_INT(m->n_stops, 7);
    int before = g_legs_checked;
    check_routes(o, ld->in, m);
    ASSERT(g_legs_checked - before > m->plan->n_routes); /* some route has 2+ stops */
    sp_outcome_free(r);
    sp_loaded_free(ld);
    sp_options_free(o);

    const char *sets2[] = {"mobile.capacity_per_day=400", "mobile.walk_minutes=0",
                           "mobile.serve=where:jobs > 8000", DEPOT_SETS};
    o = poa_scenario(sets2, (int)(sizeof sets2 / sizeof *sets2));
    ASSERT(o != NULL);
    st = sp_run(o, NULL, NULL, &ld, &r);
    if (st)
        fprintf(stderr, "%s\n", sp_error_message());
    ASSERT_EQ_INT(st, SP_OK);
    m = r->mobile;
    cl = ld->in->clusters;
    nt = 0;
    int32_t want = 0;
    for (size_t c = 0; c < cl->n; c++) {
        want += cl->weight[c] > 8000;
        if (m->cl_target[c] > 0) {
            nt++;
            ASSERT(cl->weight[c] > 8000);
        }
    }
    ASSERT(want > 0);
    ASSERT_EQ_INT(nt, want);
    sp_outcome_free(r);
    sp_loaded_free(ld);
    sp_options_free(o);
}

/* The same plan and lines with 1 and 3 threads (the drive searches run in
 * parallel; each row is its own). */
TEST(deterministic)
{
    const char *sets[] = {"mobile.capacity_per_day=1000000", "mobile.walk_minutes=0",
                          "mobile.setup_minutes=45", "mobile.serve=largest:9",
                          "mobile.units=2", DEPOT_SETS};
    sp_mobile *got[2] = {NULL, NULL};
    sp_loaded *lds[2] = {NULL, NULL};
    sp_outcome *rs[2] = {NULL, NULL};
    sp_options *os[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
        os[k] = poa_scenario(sets, (int)(sizeof sets / sizeof *sets));
        ASSERT(os[k] != NULL);
        os[k]->threads = k ? 3 : 1;
        ASSERT_EQ_INT(sp_run(os[k], NULL, NULL, &lds[k], &rs[k]), SP_OK);
        got[k] = rs[k]->mobile;
    }
    const sp_mobile_plan *a = got[0]->plan, *b = got[1]->plan;
    ASSERT_EQ_INT(a->n_routes, b->n_routes);
    ASSERT(a->n_routes > 0);
    ASSERT(a->drive_s_total == b->drive_s_total);
    for (int32_t r = 0; r < a->n_routes; r++) {
        ASSERT_EQ_INT(got[0]->route_n_xy[r], got[1]->route_n_xy[r]);
        ASSERT(!memcmp(got[0]->route_xy[r], got[1]->route_xy[r],
                       2 * got[0]->route_n_xy[r] * sizeof(double)));
    }
    for (size_t v = 0; v < a->n_visits; v++)
        ASSERT(a->visit[v].stop == b->visit[v].stop && a->visit[v].arrive_s == b->visit[v].arrive_s);
    for (int k = 0; k < 2; k++) {
        sp_outcome_free(rs[k]);
        sp_loaded_free(lds[k]);
        sp_options_free(os[k]);
    }
}

int main(void)
{
    RUN(gaps_walk_and_routes);
    RUN(largest_and_where);
    RUN(deterministic);
    printf("checked %d routes, %d legs, %d served clusters\n", g_routes_checked, g_legs_checked,
           g_clusters_checked);
    return test_summary("mobile_run");
}
