/* test_results.c — the results schema: writer -> folder -> reader.
 *
 *   - round trip: the Shenzhen scenario (tests/data/shenzhen, with two of
 *     its clusters as other health facilities, two rings, [siting] and
 *     [capacity]: stations 1500 workers each, facilities their own
 *     "workers" column as capacity field) run
 *     through the real pipeline, written by the real writer, read back by
 *     sp_results_read(); EVERY field the reader returns is compared with
 *     the in-memory result (at the precision the writer rounds to; polygon
 *     areas against GEOS);
 *   - the reader refuses, with one line naming the file (and layer, field
 *     or key): a missing file, no / a newer schema_version, a missing key,
 *     a missing field, a field of another type, an unknown site kind, a
 *     changed CSV header;
 *   - the GeoPackage begun early (roadslayer.h): a run whose roads layer
 *     was written on its own thread while it loaded and ran gives the same
 *     bytes in every file as the writer's sequential path; abandoning the
 *     load leaves no file; taken at once, the thread stopped wherever it
 *     is, the layer is whole; the roads layer written in pieces, each piece
 *     stopped when asked first, is the same file as written in one go; a
 *     folder that cannot be made fails the load naming it.
 * Env: SP_ROOT (repository), SP_TMP (scratch folder).
 */
#include <gdal.h>
#include <glib.h>
#include <math.h>
#include <stdatomic.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "after.h"
#include "capacity.h"
#include "output.h"
#include "recommend.h"
#include "results_read.h"
#include "roadslayer.h"
#include "run.h"
#include "scenario.h"
#include "schema.h"
#include "status.h"
#include "test.h"
#include "results_fixture.h"

/* The in-memory outcome of one scenario and its writer (renamed to
 * sp_outcome by the pipeline refactor: change these three lines). */
typedef sp_outcome outcome;
#define outcome_write sp_outcome_write
#define outcome_free sp_outcome_free

static char g_tmp[2048];
static char g_root[2048];
static sp_options *g_opts;
static sp_loaded *g_loaded;
static const sp_inputs *g_in;
static outcome *g_out;
static char g_dir[2400];

/* strings equal, or both NULL */
#define EQ_STR(a, b)                                                                                \
    do {                                                                                            \
        const char *x_ = (a), *y_ = (b);                                                            \
        if (x_ || y_)                                                                               \
            ASSERT_STR_EQ(x_, y_);                                                                  \
    } while (0)

/* Minutes as the outputs show them: rounded up to 1/10000 (README). */
static double up4(double v) { return ceil(v * 1e4) / 1e4; }

static double r2(double v) { return round(v * 100) / 100; }
static double r1(double v) { return round(v * 10) / 10; }

static double geos_km2(const GEOSGeometry *g)
{
    double a = 0;
    if (g)
        GEOSArea_r(g_in->gctx, g, &a);
    return a / 1e6;
}

/* Area of a shape (even-odd: holes subtract), km2. */
static double shape_km2(const sp_rshape *s)
{
    double a = 0;
    for (int32_t r = 0; r < s->n_rings; r++) {
        double ra = 0;
        for (int32_t i = s->ring_off[r]; i + 1 < s->ring_off[r + 1]; i++)
            ra += s->xy[2 * i] * s->xy[2 * i + 3] - s->xy[2 * i + 2] * s->xy[2 * i + 1];
        a += (s->hole[r] ? -1 : 1) * fabs(ra) / 2;
    }
    return a / 1e6;
}

static char *join_ids(const int32_t *idx, int32_t n)
{
    GString *s = g_string_new(NULL);
    for (int32_t q = 0; q < n; q++)
        g_string_append_printf(s, "%s%s", q ? SP_SCHEMA_ID_SEP : "", g_in->clusters->id[idx[q]]);
    return g_string_free(s, FALSE);
}

static const char *site_id(int32_t s)
{
    size_t row;
    const sp_points *p = sp_inputs_site_layer(g_in, s, &row);
    return p->id[row];
}

static const char *col_id(int32_t col)
{
    int32_t c = sp_recommend_cand(g_out->rec, col);
    return c >= 0 ? g_out->rec->id[c] : site_id(col);
}

/* ---- fixture: the real pipeline and writer ---- */

static int run_scenario(void)
{
    char ini[2400], set0[2600], fac[2600];
    snprintf(ini, sizeof ini, "%s/tests/data/shenzhen/shenzhen.ini", g_root);
    snprintf(g_dir, sizeof g_dir, "%s/roundtrip", g_tmp);
    snprintf(set0, sizeof set0, "output.dir=%s", g_dir);
    snprintf(fac, sizeof fac, "inputs.facilities=%s/tests/data/shenzhen/clusters.csv", g_root);
    const char *sets[] = {set0, fac, "inputs.facilities.x=lon", "inputs.facilities.y=lat",
                          "inputs.facilities.id=id", "inputs.facilities.name=name",
                          "inputs.facilities.where=id IN ('sz05','sz30')",
                          "capacity.default=1500", "inputs.facilities.capacity=workers"};
    return results_test_run(ini, sets, (int)(sizeof sets / sizeof *sets), g_dir, &g_opts, &g_loaded,
                            &g_in, &g_out) == SP_OK;
}

/* ---- round trip ---- */

static void check_summary(const sp_results *d)
{
    const sp_options *o = g_opts;
    const sp_rsummary *s = &d->sum;
    ASSERT_EQ_INT(s->schema_version, SP_RESULTS_SCHEMA_VERSION);
    ASSERT_STR_EQ(s->scenario, o->name);
    ASSERT_STR_EQ(s->mode, sp_mode_name(o->mode));
    ASSERT_STR_EQ(s->crs, sp_crs_name(g_in->crs));
    ASSERT_NEAR(s->minutes, o->minutes[o->n_minutes - 1], 0);
    ASSERT_NEAR(s->workers_total, round(g_out->workers_total), 0);
    ASSERT_NEAR(s->workers_covered, round(g_out->workers_covered), 0);
    ASSERT_NEAR(s->percent_covered, r2(g_out->percent_covered), 1e-9);
    ASSERT_EQ_INT(s->clusters_total, g_out->clusters_total);
    ASSERT_EQ_INT(s->clusters_covered, g_out->clusters_covered);
    ASSERT_EQ_INT(s->clusters_unreachable, g_out->clusters_unreachable);
    ASSERT_EQ_INT(s->sites_total, g_in->n_sites);
    ASSERT_EQ_INT(s->stations, g_in->sites->n);
    ASSERT_EQ_INT(s->facilities, g_in->facilities->n);
    ASSERT_EQ_INT(s->sites_unreachable, g_out->sites_unreachable);
    ASSERT_EQ_INT(s->gaps_total, g_out->gaps->n);
    ASSERT_EQ_INT(s->has_siting, g_out->rec != NULL);
    /* schema 7: point clusters, one demand point each */
    ASSERT_EQ_INT(s->demand_points, (int)g_in->clusters->n);
    ASSERT_EQ_INT(s->demand_points_unsnapped, 0);
    ASSERT_EQ_INT(s->clusters_areas, 0);
    ASSERT_EQ_INT(s->clusters_partly_covered, 0);
    ASSERT_EQ_INT(s->workers_estimated, 0);
}

static void check_clusters(const sp_results *d)
{
    const sp_points *cl = g_in->clusters;
    ASSERT_EQ_INT(d->n_clusters, cl->n);
    for (size_t i = 0; i < cl->n; i++) {
        const sp_rcluster *c = &d->clusters[i];
        int gap = 0;
        for (int32_t k = 0; k < g_out->gaps->n; k++)
            for (int32_t q = 0; q < g_out->gaps->zones[k].n_clusters; q++)
                if ((size_t)g_out->gaps->zones[k].clusters[q] == i)
                    gap = g_out->gaps->zones[k].rank;
        int cov = g_out->covered[i];
        ASSERT_STR_EQ(c->id, cl->id[i]);
        EQ_STR(c->name, cl->name[i]);
        ASSERT_NEAR(c->x, cl->xy[2 * i], 1e-9);
        ASSERT_NEAR(c->y, cl->xy[2 * i + 1], 1e-9);
        ASSERT_NEAR(c->workers, cl->weight[i], 0);
        EQ_STR(c->nearest_site, cov ? site_id(g_out->cov->nearest[i]) : NULL);
        EQ_NUM(c->minutes, cov ? up4(g_out->cov->time_s[i] / 60.0) : NAN, 1e-9);
        ASSERT_EQ_INT(c->covered, cov);
        ASSERT_EQ_INT(c->reachable, sp_snap_ok(&g_in->cl_snap[i]));
        EQ_NUM(c->snap_m, isfinite(g_in->cl_snap[i].offroad_m) ? r1(g_in->cl_snap[i].offroad_m) : NAN, 1e-9);
        ASSERT_EQ_INT(c->gap_rank, gap);
        /* schema 7: a point cluster's all-or-nothing values */
        ASSERT_EQ_INT(c->demand_points, 1);
        ASSERT_NEAR(c->workers_covered, cov ? cl->weight[i] : 0, 0);
        ASSERT_NEAR(c->share_covered, cov, 0);
        EQ_NUM(c->minutes_worst, cov ? c->minutes : NAN, 0);
        ASSERT_EQ_INT(g_out->cl_sum[i].points, 1);
    }
}

static void check_sites(const sp_results *d)
{
    ASSERT_EQ_INT(d->n_sites, g_in->n_sites);
    int facilities = 0;
    for (int32_t s = 0; s < g_in->n_sites; s++) {
        const sp_rsite *r = &d->sites[s];
        size_t row;
        const sp_points *p = sp_inputs_site_layer(g_in, s, &row);
        ASSERT_STR_EQ(r->id, p->id[row]);
        EQ_STR(r->name, p->name[row]);
        ASSERT_STR_EQ(r->kind, sp_inputs_site_kind(g_in, s));
        facilities += !strcmp(r->kind, SP_KIND_FACILITY);
        ASSERT_NEAR(r->x, p->xy[2 * row], 1e-9);
        ASSERT_NEAR(r->y, p->xy[2 * row + 1], 1e-9);
        ASSERT_EQ_INT(r->reachable, sp_snap_ok(&g_in->site_snap[s]));
        EQ_NUM(r->snap_m, isfinite(g_in->site_snap[s].offroad_m) ? r1(g_in->site_snap[s].offroad_m) : NAN, 1e-9);
        const sp_site_share *sh = &g_out->site_share[s];
        ASSERT_NEAR(r->workers, sh->workers_reached, 0);
        ASSERT_EQ_INT(r->clusters, sh->clusters_reached);
        ASSERT_NEAR(r->workers_assigned, sh->workers_assigned, 0);
        ASSERT_EQ_INT(r->clusters_assigned, sh->clusters_assigned);
        ASSERT_NEAR(r->workers_only, sh->workers_only, 0);
        ASSERT_EQ_INT(r->clusters_only, sh->clusters_only);
    }
    ASSERT_EQ_INT(facilities, 2);
}

static void check_areas(const sp_results *d)
{
    const sp_options *o = g_opts;
    const sp_coverage *cov = g_out->cov;
    ASSERT_EQ_INT(d->n_rings, o->n_minutes);
    for (int k = 0; k < o->n_minutes; k++) {
        double a = geos_km2(cov->area[k]);
        ASSERT_NEAR(d->ring_minutes[k], o->minutes[k], 0);
        ASSERT_NEAR(d->ring_area_km2[k], round(a * 1e4) / 1e4, 1e-12);
        ASSERT_NEAR(d->ring_workers[k], g_out->ring_workers[k], 0);
        ASSERT_EQ_INT(d->ring_clusters[k], g_out->ring_clusters[k]);
        ASSERT_NEAR(shape_km2(&d->rings[k]), a, 1e-6 * a + 1e-9);
    }
    int n = 0, last = 0;
    for (int32_t s = 0; s < g_in->n_sites; s++)
        for (int k = 0; k < o->n_minutes; k++) {
            const GEOSGeometry *p = cov->catchment[(size_t)s * o->n_minutes + k];
            if (!p || GEOSisEmpty_r(g_in->gctx, p))
                continue;
            ASSERT(n < d->n_catchments);
            const sp_rcatchment *c = &d->catchments[n++];
            double w = 0;
            int nc = 0;
            const int32_t *pt;
            const float *secs;
            size_t np = sp_costmatrix_get_row(cov->matrix, s, &pt, &secs);
            for (size_t e = 0; e < np; e++)
                if ((double)secs[e] <= o->minutes[k] * 60.0) { /* one point per cluster here */
                    w += g_in->clusters->weight[g_in->demand->point_cluster[pt[e]]];
                    nc++;
                }
            ASSERT_STR_EQ(c->site_id, site_id(s));
            ASSERT_STR_EQ(c->kind, sp_inputs_site_kind(g_in, s));
            ASSERT_NEAR(c->minutes, o->minutes[k], 0);
            ASSERT_NEAR(c->area_km2, round(g_out->ring_area_km2[(size_t)s * o->n_minutes + k] * 1e4) / 1e4, 1e-12);
            ASSERT_NEAR(c->workers, w, 0);
            ASSERT_EQ_INT(c->clusters, nc);
            ASSERT_EQ_INT(c->last, k == o->n_minutes - 1);
            last += c->last;
            double a = geos_km2(p);
            ASSERT_NEAR(shape_km2(&c->shape), a, 1e-6 * a + 1e-9);
        }
    /* then the recommended sites' (check_after) */
    ASSERT(d->n_catchments >= n);
    for (int i = n; i < d->n_catchments; i++)
        ASSERT_STR_EQ(d->catchments[i].kind, SP_KIND_RECOMMENDED);
    ASSERT_EQ_INT(d->n_catchments_last, last);
    ASSERT(n > 0);
    /* responsibility areas: the sites with one, in site order */
    n = 0;
    for (int32_t s = 0; s < g_in->n_sites; s++) {
        const GEOSGeometry *p = cov->responsibility[s];
        if (!p || GEOSisEmpty_r(g_in->gctx, p))
            continue;
        ASSERT(n < d->n_resp);
        const sp_rresp *r = &d->resp[n++];
        size_t row;
        const sp_points *pts = sp_inputs_site_layer(g_in, s, &row);
        ASSERT_STR_EQ(r->site_id, site_id(s));
        EQ_STR(r->name, pts->name[row]);
        ASSERT_STR_EQ(r->kind, sp_inputs_site_kind(g_in, s));
        ASSERT_NEAR(r->minutes, o->minutes[o->n_minutes - 1], 0);
        double a = geos_km2(p);
        ASSERT_NEAR(r->area_km2, round(a * 1e4) / 1e4, 1e-12);
        ASSERT_NEAR(r->workers_assigned, g_out->site_share[s].workers_assigned, 0);
        ASSERT_EQ_INT(r->clusters_assigned, g_out->site_share[s].clusters_assigned);
        ASSERT_NEAR(shape_km2(&r->shape), a, 1e-6 * a + 1e-9);
    }
    ASSERT_EQ_INT(d->n_resp, n);
    ASSERT(n > 1);
}

static void check_gaps(const sp_results *d)
{
    const sp_points *cl = g_in->clusters;
    ASSERT_EQ_INT(d->n_gaps, g_out->gaps->n);
    ASSERT(d->n_gaps > 0);
    for (int32_t k = 0; k < d->n_gaps; k++) {
        const sp_gap *z = &g_out->gaps->zones[k];
        const sp_rgap *g = &d->gaps[k];
        ASSERT_EQ_INT(g->rank, z->rank);
        ASSERT_NEAR(g->workers, z->workers, 0);
        ASSERT_EQ_INT(g->clusters, z->n_clusters);
        ASSERT_STR_EQ(g->largest_id, cl->id[z->largest]);
        EQ_STR(g->largest_name, cl->name[z->largest]);
        char *ids = join_ids(z->clusters, z->n_clusters);
        ASSERT_STR_EQ(g->cluster_ids, ids);
        g_free(ids);
        double a = geos_km2(z->polygon);
        ASSERT_NEAR(shape_km2(&g->shape), a, 1e-6 * a + 1e-9);
    }
}

static void check_roads(const sp_results *d)
{
    const sp_graph *g = g_in->graph;
    ASSERT_EQ_INT(d->n_roads, g->n_links);
    for (int32_t k = 0; k < g->n_links; k++) {
        const sp_link *lk = &g->links[k];
        const char *klass = lk->road_class >= 0 ? g_in->profile->klass[lk->road_class] : NULL;
        EQ_STR(d->road_class_name[k], klass);
        ASSERT_EQ_INT(d->road_class[k], sp_road_class_of(klass));
        EQ_STR(d->road_name[k], sp_roads_name(g_in->roads, lk->road));
        ASSERT_EQ_INT(d->road_main[k], sp_graph_in_main(g, lk->from) && sp_graph_in_main(g, lk->to));
        ASSERT_EQ_INT(d->road_oneway[k], !(isfinite(g->fwd_s[k]) && isfinite(g->bwd_s[k])));
        ASSERT_EQ_INT(d->road_off[k + 1] - d->road_off[k], lk->geom_len);
        const double *xy = &g->geom_xy[2 * (size_t)lk->geom_off];
        for (uint32_t v = 0; v < 2 * lk->geom_len; v++)
            ASSERT_NEAR(d->road_xy[2 * (size_t)d->road_off[k] + v], xy[v], 0);
    }
}

static void check_siting(const sp_results *d)
{
    const sp_recommend *rc = g_out->rec;
    ASSERT(rc);
    const sp_siting_result *sr = rc->res;
    ASSERT_EQ_INT(d->n_recs, sr->n_sites);
    ASSERT(d->n_recs > 0);
    for (int32_t k = 0; k < sr->n_sites; k++) {
        const sp_siting_rank *rk = &sr->ranks[k];
        const sp_rrec *r = &d->recs[k];
        int32_t c = sp_recommend_cand(rc, rk->site);
        ASSERT_EQ_INT(r->rank, k + 1);
        ASSERT_STR_EQ(r->site_id, col_id(rk->site));
        EQ_STR(r->name, c >= 0 ? rc->name[c] : NULL);
        ASSERT_NEAR(r->added, rk->added_weight, 0);
        ASSERT_NEAR(r->cumulative, rk->cum_weight, 0);
        ASSERT_NEAR(r->percent, r2(rk->cum_percent), 1e-9);
        ASSERT_EQ_INT(r->clusters_added, rk->n_new);
        char *ids = join_ids(rk->new_demand, rk->n_new);
        ASSERT_STR_EQ(r->cluster_ids, ids);
        g_free(ids);
        /* schema 7: each newly covered cluster's workers (point clusters: all of them) */
        GString *cw = g_string_new(NULL);
        for (int32_t q = 0; q < rk->n_new; q++)
            g_string_append_printf(cw, "%s%.10g", q ? SP_SCHEMA_ID_SEP : "",
                                   g_in->clusters->weight[rk->new_demand[q]]);
        ASSERT_STR_EQ(r->cluster_workers, cw->str);
        g_string_free(cw, TRUE);
        EQ_STR(r->runner_up_id, rk->runner_up >= 0 ? col_id(rk->runner_up) : NULL);
        EQ_NUM(r->runner_up_added, rk->runner_up >= 0 ? rk->runner_up_added_weight : NAN, 0);
        ASSERT_EQ_INT(r->has_xy, c >= 0);
        if (c >= 0) {
            ASSERT_NEAR(r->x, rc->xy[2 * c], 0);
            ASSERT_NEAR(r->y, rc->xy[2 * c + 1], 0);
        }
        /* the cluster the rank covers first knows it */
        for (int32_t q = 0; q < rk->n_new; q++)
            ASSERT(d->clusters[rk->new_demand[q]].new_rank <= k + 1 && d->clusters[rk->new_demand[q]].new_rank > 0);
    }
    ASSERT_EQ_INT(d->n_curve, sr->n_curve);
    for (int32_t k = 0; k < sr->n_curve; k++) {
        const sp_siting_point *pt = &sr->curve[k];
        double pct = sr->total_weight > 0 ? 100 * pt->covered_weight / sr->total_weight : 0;
        ASSERT_EQ_INT(d->curve_sites[k], pt->p);
        ASSERT_NEAR(d->curve_workers[k], round(pt->covered_weight), 0);
        ASSERT_NEAR(d->curve_percent[k], r2(pct), 1e-9);
        EQ_NUM(d->curve_objective[k], isfinite(pt->objective) ? pt->objective : NAN, 1e-5 * fabs(pt->objective));
        EQ_NUM(d->curve_bound[k], isfinite(pt->bound) ? pt->bound : NAN, 1e-5 * fabs(pt->bound));
        ASSERT_EQ_INT(d->curve_optimal[k], pt->optimal ? 1 : 0);
    }
}

/* The after state: read back as written, and as the siting matrix says
 * (independently of after.c, which searches the new sites again): each
 * cluster's least time over the existing columns, then the chosen columns
 * in rank order, within the threshold. */
static void check_after(const sp_results *d)
{
    const sp_recommend *rc = g_out->rec;
    const sp_siting_result *sr = rc->res;
    const sp_after *a = g_out->after;
    const sp_options *o = g_opts;
    const sp_points *cl = g_in->clusters;
    int nr = o->n_minutes;
    double T = o->minutes[nr - 1] * 60.0, covered_w = 0;
    ASSERT(a);
    ASSERT_EQ_INT(a->n_new, sr->n_sites);
    int changed = 0, n_cov = 0;
    for (size_t i = 0; i < cl->n; i++) {
        double best = INFINITY;
        int32_t col_best = -1;
        for (int32_t c = 0; c < rc->n_fixed + sr->n_sites; c++) {
            int32_t col = c < rc->n_fixed ? c : sr->ranks[c - rc->n_fixed].site;
            double t = sp_costmatrix_cost(rc->matrix, col, (int32_t)i); /* one point per cluster */
            if (sp_covers(t, T) && t < best) {
                best = t;
                col_best = col;
            }
        }
        const sp_rcluster *c = &d->clusters[i];
        int cov = col_best >= 0;
        n_cov += cov;
        covered_w += cov ? cl->weight[i] : 0;
        ASSERT_EQ_INT(a->covered[i], cov);
        ASSERT_EQ_INT(c->covered_after, cov);
        EQ_STR(c->nearest_site_after, cov ? col_id(col_best) : NULL);
        EQ_STR(c->nearest_site_after, cov ? sp_after_site_id(a, g_in, rc, a->nearest[i]) : NULL);
        EQ_NUM(c->minutes_after, cov ? up4(best / 60.0) : NAN, 1e-9);
        ASSERT_NEAR(c->workers_covered_after, cov ? cl->weight[i] : 0, 0);
        /* never worse than before */
        ASSERT(!c->covered || (cov && best <= g_out->cov->time_s[i]));
        changed += cov && !c->covered;
        int gap = 0;
        for (int32_t k = 0; k < a->gaps->n; k++)
            for (int32_t q = 0; q < a->gaps->zones[k].n_clusters; q++)
                if ((size_t)a->gaps->zones[k].clusters[q] == i)
                    gap = a->gaps->zones[k].rank;
        ASSERT_EQ_INT(c->gap_rank_after, gap);
        ASSERT_EQ_INT(gap > 0, !cov);   /* the gaps after are exactly the clusters not covered after */
    }
    ASSERT(changed > 0);
    ASSERT_NEAR(a->workers_covered, sr->covered_weight, 1e-6);
    ASSERT_NEAR(covered_w, sr->covered_weight, 1e-6);
    ASSERT_EQ_INT(a->clusters_covered, n_cov);
    ASSERT_NEAR(sp_results_num(d, "siting.clusters_covered_after", -1), n_cov, 0);
    ASSERT_NEAR(sp_results_num(d, "siting.gaps_after_total", -1), a->gaps->n, 0);
    /* gaps_after, as the gaps layer */
    ASSERT_EQ_INT(d->n_gaps_after, a->gaps->n);
    for (int32_t k = 0; k < d->n_gaps_after; k++) {
        const sp_gap *z = &a->gaps->zones[k];
        const sp_rgap *g = &d->gaps_after[k];
        ASSERT_EQ_INT(g->rank, z->rank);
        ASSERT_NEAR(g->workers, z->workers, 0);
        ASSERT_EQ_INT(g->clusters, z->n_clusters);
        ASSERT_STR_EQ(g->largest_id, cl->id[z->largest]);
        char *ids = join_ids(z->clusters, z->n_clusters);
        ASSERT_STR_EQ(g->cluster_ids, ids);
        g_free(ids);
        double ar = geos_km2(z->polygon);
        ASSERT_NEAR(shape_km2(&g->shape), ar, 1e-6 * ar + 1e-9);
    }
    /* the recommended sites' catchments, after the existing ones, rank order */
    int first = d->n_catchments;
    for (int i = d->n_catchments - 1; i >= 0 && d->catchments[i].recommended; i--)
        first = i;
    int at = first, last = 0;
    for (int32_t k = 0; k < sr->n_sites; k++)
        for (int j = 0; j < nr; j++) {
            const GEOSGeometry *p = a->cov->catchment[(size_t)k * nr + j];
            if (!p || GEOSisEmpty_r(g_in->gctx, p))
                continue;
            ASSERT(at < d->n_catchments);
            const sp_rcatchment *c = &d->catchments[at++];
            double w = 0;
            int nc = 0;
            const int32_t *pt;
            const float *secs;
            size_t np = sp_costmatrix_get_row(rc->matrix, sr->ranks[k].site, &pt, &secs);
            for (size_t e = 0; e < np; e++)
                if ((double)secs[e] <= o->minutes[j] * 60.0) {
                    w += cl->weight[pt[e]];
                    nc++;
                }
            ASSERT_STR_EQ(c->site_id, col_id(sr->ranks[k].site));
            ASSERT_STR_EQ(c->kind, SP_KIND_RECOMMENDED);
            ASSERT_EQ_INT(c->recommended, 1);
            ASSERT_NEAR(c->minutes, o->minutes[j], 0);
            ASSERT_NEAR(c->workers, w, 0);
            ASSERT_EQ_INT(c->clusters, nc);
            double ar = geos_km2(p);
            ASSERT(ar > 0);
            ASSERT_NEAR(c->area_km2, round(a->area_km2[(size_t)k * nr + j] * 1e4) / 1e4, 1e-12);
            ASSERT_NEAR(c->area_km2, round(ar * 1e4) / 1e4, 1e-12);
            ASSERT_NEAR(shape_km2(&c->shape), ar, 1e-6 * ar + 1e-9);
            ASSERT_EQ_INT(c->last, j == nr - 1);
            last += c->last;
        }
    ASSERT_EQ_INT(at, d->n_catchments);
    ASSERT_EQ_INT(d->n_catchments_new_last, last);
    ASSERT_EQ_INT(last, sr->n_sites);
}

static void check_capacity(const sp_results *d);

TEST(round_trip_every_field)
{
    sp_results *d = NULL;
    sp_error_clear();
    sp_status s = sp_results_read(g_dir, &d);
    if (s)
        fprintf(stderr, "%s\n", sp_error_message());
    ASSERT_EQ_INT(s, SP_OK);
    check_summary(d);
    check_clusters(d);
    check_sites(d);
    check_areas(d);
    check_gaps(d);
    check_roads(d);
    check_siting(d);
    check_after(d);
    check_capacity(d);
    sp_results_free(d);
}

/* [capacity]: summary.json "capacity", the clusters' served / unserved, the
 * sites' capacity / load / utilisation, assignment.csv. */
static void check_capacity(const sp_results *d)
{
    const sp_capoutcome *c = g_out->cap;
    const sp_rsummary *s = &d->sum;
    ASSERT(c != NULL);
    if (!c)
        return;
    ASSERT_EQ_INT(s->has_capacity, 1);
    ASSERT_NEAR(s->workers_served, c->served, 0);
    ASSERT_NEAR(s->workers_over_capacity, c->over, 0);
    ASSERT_NEAR(s->workers_not_covered, c->not_covered, 0);
    ASSERT_NEAR(s->percent_served + s->percent_over_capacity + s->percent_not_covered, 100, 1e-9);
    ASSERT_EQ_INT(s->sites_with_capacity, c->n_limited);
    ASSERT_EQ_INT(s->sites_unlimited, c->n_unlimited);
    ASSERT_EQ_INT(s->sites_full, c->n_full);
    ASSERT_NEAR(sp_results_num(d, "capacity.default", NAN), 1500, 0);
    /* the capacities bind here: someone covered is not served */
    ASSERT(c->served > 0 && c->over > 0);
    double served = 0, unserved = 0;
    for (int i = 0; i < d->n_clusters; i++) {
        served += d->clusters[i].served;
        unserved += d->clusters[i].unserved;
        ASSERT_NEAR(d->clusters[i].served, c->cl_served[i], 0);
        ASSERT(d->clusters[i].served <= d->clusters[i].workers);
    }
    ASSERT_NEAR(served, c->served, 1e-6);
    ASSERT_NEAR(unserved, c->over, 1e-6);
    for (int32_t k = 0; k < d->n_sites; k++) {
        const sp_rsite *r = &d->sites[k];
        size_t row;
        const sp_points *p = sp_inputs_site_layer(g_in, k, &row);
        /* stations: the default; facilities: their workers column */
        ASSERT_NEAR(r->capacity, !strcmp(r->kind, SP_KIND_STATION) ? 1500 : p->capacity[row], 0);
        ASSERT_NEAR(r->load, c->load[k], 0);
        ASSERT(r->load <= r->capacity);
        EQ_NUM(r->utilisation, round(r->load / r->capacity * 1e4) / 1e4, 1e-12);
    }
    ASSERT_EQ_INT(d->n_assign, c->n_rows);
    double sum = 0;
    for (int k = 0; k < d->n_assign && k < c->n_rows; k++) {
        ASSERT_EQ_INT(d->assign[k].cluster, c->row_cluster[k]);
        ASSERT_EQ_INT(d->assign[k].site, c->row_site[k]);
        ASSERT_NEAR(d->assign[k].workers, c->row_workers[k], 0);
        ASSERT_NEAR(d->assign[k].minutes, up4(c->row_seconds[k] / 60), 1e-9);
        sum += d->assign[k].workers;
    }
    ASSERT_NEAR(sum, c->served, 1e-6);
}

/* ---- the reader refuses what the schema does not describe ---- */

/* A fresh copy of the folder, written again by the writer. */
static const char *fresh(const char *name)
{
    static char dir[2600];
    snprintf(dir, sizeof dir, "%s/%s", g_tmp, name);
    if (outcome_write(g_out, dir))
        fprintf(stderr, "%s\n", sp_error_message());
    return dir;
}

/* Replace the first `from` after `anchor` (NULL: the start) in summary.json. */
static void edit_summary_after(const char *dir, const char *anchor, const char *from,
                               const char *to)
{
    char p[2800];
    snprintf(p, sizeof p, "%s/%s", dir, SP_FILE_SUMMARY);
    char *text = NULL;
    g_file_get_contents(p, &text, NULL, NULL);
    char *start = text && anchor ? strstr(text, anchor) : text;
    char *at = start ? strstr(start, from) : NULL;
    if (!at) {
        T_FAIL_("%s not in %s", from, p);
        g_free(text);
        return;
    }
    GString *s = g_string_new_len(text, at - text);
    g_string_append(s, to);
    g_string_append(s, at + strlen(from));
    g_file_set_contents(p, s->str, (gssize)s->len, NULL);
    g_string_free(s, TRUE);
    g_free(text);
}

static void edit_summary(const char *dir, const char *from, const char *to)
{
    edit_summary_after(dir, NULL, from, to);
}

TEST(reader_refuses_missing_files)
{
    const char *dir = fresh("no-coverage");
    char p[2800];
    snprintf(p, sizeof p, "%s/%s", dir, SP_FILE_COVERAGE);
    ASSERT(unlink(p) == 0);
    expect_read_error(dir, SP_E_IO, (const char *[]){SP_FILE_COVERAGE, NULL});
    dir = fresh("no-gpkg");
    snprintf(p, sizeof p, "%s/%s", dir, SP_FILE_GPKG);
    ASSERT(unlink(p) == 0);
    expect_read_error(dir, SP_E_IO, (const char *[]){SP_FILE_GPKG, NULL});
    dir = fresh("no-curve");
    snprintf(p, sizeof p, "%s/%s", dir, SP_FILE_CURVE);
    ASSERT(unlink(p) == 0);
    expect_read_error(dir, SP_E_IO, (const char *[]){SP_FILE_CURVE, NULL});
    snprintf(p, sizeof p, "%s/no-such-folder", g_tmp);
    expect_read_error(p, SP_E_IO, (const char *[]){SP_FILE_SUMMARY, NULL});
}

TEST(reader_checks_schema_version)
{
    char cur[64], newer[64], older[64], str[64], nv[16], ov[16];
    snprintf(cur, sizeof cur, "\"schema_version\": %d,", SP_RESULTS_SCHEMA_VERSION);
    snprintf(newer, sizeof newer, "\"schema_version\": %d,", SP_RESULTS_SCHEMA_VERSION + 1);
    snprintf(older, sizeof older, "\"schema_version\": %d,", SP_RESULTS_SCHEMA_VERSION - 1);
    snprintf(str, sizeof str, "\"schema_version\": \"%d\",", SP_RESULTS_SCHEMA_VERSION);
    snprintf(nv, sizeof nv, "%d", SP_RESULTS_SCHEMA_VERSION + 1);
    snprintf(ov, sizeof ov, "is %d", SP_RESULTS_SCHEMA_VERSION - 1);
    const char *dir = fresh("version-newer");
    edit_summary(dir, cur, newer);
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_SUMMARY, "schema_version", nv, NULL});
    dir = fresh("version-older");
    edit_summary(dir, cur, older);
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_SUMMARY, ov, "run the scenario again", NULL});
    dir = fresh("version-none");
    edit_summary(dir, cur, "");
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_SUMMARY, "no \"schema_version\"", NULL});
    dir = fresh("version-string");
    edit_summary(dir, cur, str);
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_SUMMARY, "schema_version", NULL});
}

TEST(reader_names_missing_key_field_and_bad_values)
{
    const char *dir = fresh("no-crs-key");
    edit_summary(dir, "\"crs\":", "\"crs_was\":");
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_SUMMARY, "\"crs\"", NULL});
    dir = fresh("budget-string");
    edit_summary(dir, "\"budget\": 4", "\"budget\": \"4\"");
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_SUMMARY, "siting.budget", NULL});
    dir = fresh("no-kind-field");
    gpkg_sql(dir, "ALTER TABLE sites DROP COLUMN kind");
    expect_read_error(dir, SP_E_INPUT,
                      (const char *[]){SP_FILE_GPKG, "layer \"sites\"", "field \"kind\"", NULL});
    dir = fresh("no-roads-layer");
    gpkg_sql(dir, "DROP TABLE roads");
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_GPKG, "layer \"roads\"", NULL});
    dir = fresh("no-responsibility-layer");
    gpkg_sql(dir, "DROP TABLE responsibility");
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_GPKG, "layer \"responsibility\"", NULL});
    dir = fresh("workers-as-text");
    gpkg_sql(dir, "ALTER TABLE clusters RENAME COLUMN workers TO w0");
    gpkg_sql(dir, "ALTER TABLE clusters ADD COLUMN workers TEXT");
    expect_read_error(dir, SP_E_INPUT,
                      (const char *[]){SP_FILE_GPKG, "layer \"clusters\"", "field \"workers\"", NULL});
    dir = fresh("old-kind");
    gpkg_sql(dir, "UPDATE sites SET kind = 'facilities' WHERE kind = 'facility'");
    expect_read_error(dir, SP_E_INPUT,
                      (const char *[]){SP_FILE_GPKG, "\"sites\"", "\"kind\"", "facilities", NULL});
    dir = fresh("catchment-kind");
    gpkg_sql(dir, "UPDATE catchments SET kind = 'new' WHERE kind = 'recommended'");
    expect_read_error(dir, SP_E_INPUT,
                      (const char *[]){SP_FILE_GPKG, "\"catchments\"", "\"kind\"", "new", NULL});
    dir = fresh("no-gaps-after");
    gpkg_sql(dir, "DROP TABLE gaps_after");
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_GPKG, "layer \"gaps_after\"", NULL});
    dir = fresh("no-covered-after");
    gpkg_sql(dir, "ALTER TABLE clusters DROP COLUMN covered_after");
    expect_read_error(dir, SP_E_INPUT,
                      (const char *[]){SP_FILE_GPKG, "layer \"clusters\"", "field \"covered_after\"", NULL});
    dir = fresh("csv-header");
    char p[2800];
    snprintf(p, sizeof p, "%s/%s", dir, SP_FILE_CURVE);
    ASSERT(g_file_set_contents(p, "new_sites,workers\n0,1\n", -1, NULL));
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_CURVE, "header", NULL});
    dir = fresh("sites-csv-header");
    snprintf(p, sizeof p, "%s/%s", dir, SP_FILE_SITES);
    ASSERT(g_file_set_contents(p, "id,name,kind,reachable,workers,clusters\n", -1, NULL));
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_SITES, "header", NULL});
    /* assignment.csv ([capacity]): header, values, ids */
    dir = fresh("assign-header");
    snprintf(p, sizeof p, "%s/%s", dir, SP_FILE_ASSIGNMENT);
    ASSERT(g_file_set_contents(p, "cluster_id,site_id,workers\n", -1, NULL));
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_ASSIGNMENT, "header", NULL});
    char row[512];
    snprintf(row, sizeof row, "cluster_id,site_id,workers,minutes\n%s,%s,-3,1.5\n", g_in->clusters->id[0],
             site_id(0));
    dir = fresh("assign-negative");
    snprintf(p, sizeof p, "%s/%s", dir, SP_FILE_ASSIGNMENT);
    ASSERT(g_file_set_contents(p, row, -1, NULL));
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_ASSIGNMENT, "line 2", "column \"workers\"",
                                                   "\"-3\"", NULL});
    snprintf(row, sizeof row, "cluster_id,site_id,workers,minutes\nnope,%s,3,1.5\n", site_id(0));
    dir = fresh("assign-cluster");
    snprintf(p, sizeof p, "%s/%s", dir, SP_FILE_ASSIGNMENT);
    ASSERT(g_file_set_contents(p, row, -1, NULL));
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_ASSIGNMENT, "column \"cluster_id\"", "\"nope\"",
                                                   "a cluster id", NULL});
    dir = fresh("no-served");
    gpkg_sql(dir, "ALTER TABLE clusters DROP COLUMN served");
    expect_read_error(dir, SP_E_INPUT,
                      (const char *[]){SP_FILE_GPKG, "layer \"clusters\"", "field \"served\"", NULL});
    dir = fresh("no-capacity-key");
    edit_summary_after(dir, "\"capacity\":", "\"workers_served\":", "\"served_was\":");
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_SUMMARY, "capacity.workers_served", NULL});
    dir = fresh("no-workers-only");
    gpkg_sql(dir, "ALTER TABLE sites DROP COLUMN workers_only");
    expect_read_error(dir, SP_E_INPUT,
                      (const char *[]){SP_FILE_GPKG, "layer \"sites\"", "field \"workers_only\"", NULL});
}

/* Schema 7: the area fields checked against each other and summary.json
 * (results_read.h). */
TEST(reader_refuses_inconsistent_area_fields)
{
    const sp_points *cl = g_in->clusters;
    int32_t cov = -1, unc = -1;   /* a covered and an uncovered cluster with workers */
    for (size_t i = 0; i < cl->n; i++) {
        if (g_out->covered[i] && cl->weight[i] > 0 && cov < 0)
            cov = (int32_t)i;
        if (!g_out->covered[i] && cl->weight[i] > 0 && unc < 0)
            unc = (int32_t)i;
    }
    ASSERT(cov >= 0 && unc >= 0);
    char sql[512];
    const char *id = cl->id[cov], *uid = cl->id[unc];
    struct { const char *name, *sql_fmt, *ident, *needs[4]; } cases[] = {
        {"share-above-1", "UPDATE clusters SET share_covered = 1.5 WHERE id = '%s'", NULL,
         {"field \"share_covered\"", "1.5", "a share from 0 to 1", NULL}},
        {"share-negative", "UPDATE clusters SET share_covered = -0.25 WHERE id = '%s'", NULL,
         {"field \"share_covered\"", "-0.25", NULL}},
        {"share-null", "UPDATE clusters SET share_covered = NULL WHERE id = '%s'", NULL,
         {"field \"share_covered\"", "null", NULL}},
        {"share-not-ratio", "UPDATE clusters SET share_covered = 0.5, workers_covered = workers * 0.25 "
                            "WHERE id = '%s'", NULL,
         {"field \"share_covered\"", "workers_covered / workers", NULL}},
        {"covered-above-workers", "UPDATE clusters SET workers_covered = workers * 2 WHERE id = '%s'", NULL,
         {"field \"workers_covered\"", "to the cluster's workers", NULL}},
        {"covered-negative", "UPDATE clusters SET workers_covered = -1 WHERE id = '%s'", NULL,
         {"field \"workers_covered\"", NULL}},
        {"points-zero", "UPDATE clusters SET demand_points = 0 WHERE id = '%s'", NULL,
         {"field \"demand_points\"", "from 1", NULL}},
        {"points-null", "UPDATE clusters SET demand_points = NULL WHERE id = '%s'", NULL,
         {"field \"demand_points\"", "null", NULL}},
        {"one-point-partly", "UPDATE clusters SET share_covered = 0.5, workers_covered = workers * 0.5 "
                             "WHERE id = '%s'", NULL,
         {"field \"share_covered\"", "one demand point", NULL}},
        {"worst-partly", "UPDATE clusters SET demand_points = 2, share_covered = 0.5, "
                         "workers_covered = workers * 0.5 WHERE id = '%s'", NULL,
         {"field \"minutes_worst\"", "null", NULL}},
        {"worst-below-best", "UPDATE clusters SET minutes_worst = minutes / 2 WHERE id = '%s'", NULL,
         {"field \"minutes_worst\"", "at least the cluster's minutes", NULL}},
        {"after-below", "UPDATE clusters SET workers_covered_after = workers_covered / 2 WHERE id = '%s'",
         NULL, {"field \"workers_covered_after\"", NULL}},
        {"after-null", "UPDATE clusters SET workers_covered_after = NULL WHERE id = '%s'", NULL,
         {"field \"workers_covered_after\"", "null", NULL}},
        {"uncovered-has-workers", "UPDATE clusters SET workers_covered = 1, share_covered = 1 / workers "
                                  "WHERE id = '%s'", "u",
         {"field \"workers_covered\"", "not covered", NULL}},
        {"cw-count", "UPDATE recommendations SET cluster_workers = cluster_workers || ';1' WHERE rank = 1",
         "-", {"layer \"recommendations\"", "field \"cluster_workers\"", "clusters_added", NULL}},
        {"cw-text", "UPDATE recommendations SET cluster_workers = 'x' || substr(cluster_workers, 2) "
                    "WHERE rank = 1", "-",
         {"field \"cluster_workers\"", "item 1", "not a number of workers", NULL}},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const char *dir = fresh(cases[k].name);
        snprintf(sql, sizeof sql, cases[k].sql_fmt, cases[k].ident && *cases[k].ident == 'u' ? uid : id);
        gpkg_sql(dir, sql);
        const char *needs[6] = {SP_FILE_GPKG, cases[k].ident && *cases[k].ident == '-' ? "recommendations"
                                                                                       : "layer \"clusters\""};
        for (int q = 0; q < 4 && cases[k].needs[q]; q++)
            needs[2 + q] = cases[k].needs[q];
        expect_read_error(dir, SP_E_INPUT, needs);
    }
    /* summary.json against the layer */
    char from[64], to[64];
    const char *dir = fresh("sum-demand-points");
    snprintf(from, sizeof from, "\"demand_points\": %d,", (int)cl->n);
    snprintf(to, sizeof to, "\"demand_points\": %d,", (int)cl->n + 1);
    edit_summary(dir, from, to);
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_SUMMARY, "\"demand_points\"", "clusters layer", NULL});
    dir = fresh("sum-partly");
    edit_summary(dir, "\"clusters_partly_covered\": 0,", "\"clusters_partly_covered\": 2,");
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_SUMMARY, "clusters_partly_covered", NULL});
    dir = fresh("sum-unsnapped");
    snprintf(to, sizeof to, "\"demand_points_unsnapped\": %d,", (int)cl->n + 1);
    edit_summary(dir, "\"demand_points_unsnapped\": 0,", to);
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_SUMMARY, "demand_points_unsnapped", NULL});
    dir = fresh("sum-areas");
    snprintf(to, sizeof to, "\"clusters_areas\": %d,", (int)cl->n + 1);
    edit_summary(dir, "\"clusters_areas\": 0,", to);
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_SUMMARY, "clusters_areas", NULL});
    dir = fresh("sum-estimated");
    edit_summary(dir, "\"workers_estimated\": false", "\"workers_estimated\": 0");
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_SUMMARY, "workers_estimated", NULL});
    dir = fresh("sum-covered");   /* the layer's workers_covered no longer add up */
    snprintf(sql, sizeof sql, "UPDATE clusters SET workers_covered = 0, share_covered = 0, covered = 0, "
             "minutes = NULL, minutes_worst = NULL, nearest_site = NULL WHERE id = '%s'", id);
    gpkg_sql(dir, sql);
    expect_read_error(dir, SP_E_INPUT, (const char *[]){SP_FILE_SUMMARY, "\"workers_covered\"", "adds up to", NULL});
    /* the folder as written reads */
    dir = fresh("area-fields-as-written");
    sp_results *d = NULL;
    ASSERT_EQ_INT(sp_results_read(dir, &d), SP_OK);
    sp_results_free(d);
}

TEST(schema_tables_are_whole)
{
    for (int id = 0; id < SP_L_COUNT; id++) {
        const sp_schema_table *t = sp_schema_layer((sp_schema_layer_id)id);
        ASSERT(t && t->name && t->n_fields > 0 && t->n_fields <= 32);   /* the reader's idx[][32] */
        for (int k = 0; k < t->n_fields; k++)
            ASSERT(t->fields[k].name && t->fields[k].meaning && *t->fields[k].meaning);
    }
    char h[512];
    sp_schema_csv_header(SP_CSV_COVERAGE, h, sizeof h);
    ASSERT_STR_EQ(h, "id,name,workers,nearest_site,minutes,covered,snap_m,nearest_site_after,minutes_after,"
                     "covered_after,demand_points,workers_covered,share_covered,minutes_worst,"
                     "workers_covered_after,served,unserved\n");
    ASSERT(sp_schema_csv_header(SP_CSV_RECOMMENDATIONS, h, sizeof h) < sizeof h);
    ASSERT_STR_EQ(h, "rank,site_id,name,lon,lat,x,y,workers_added,workers_cumulative,percent_cumulative,"
                     "clusters_added,objective,runner_up_id,runner_up_workers_added,cluster_workers\n");
    ASSERT_EQ_INT(SP_RESULTS_SCHEMA_VERSION, 7);
    ASSERT_STR_EQ(sp_schema_layer(SP_L_CLUSTERS)->fields[SP_F_CL_SHARE_COVERED].name, "share_covered");
    ASSERT_STR_EQ(sp_schema_layer(SP_L_RECOMMENDATIONS)->fields[SP_F_REC_CLUSTER_WORKERS].name,
                  "cluster_workers");
    sp_schema_csv_header(SP_CSV_SITES, h, sizeof h);
    ASSERT_STR_EQ(h, "id,name,kind,reachable,workers,clusters,workers_assigned,clusters_assigned,"
                     "workers_only,clusters_only,capacity,load,utilisation\n");
    sp_schema_csv_header(SP_CSV_ASSIGNMENT, h, sizeof h);
    ASSERT_STR_EQ(h, "cluster_id,site_id,workers,minutes\n");
    ASSERT(sp_schema_layer(SP_L_COUNT) == NULL);
}

/* ---- the GeoPackage begun early (roadslayer.h) ---- */

/* The bytes of dir/name; NULL when unreadable (g_free). */
static char *slurp(const char *dir, const char *name, gsize *len)
{
    char *path = g_build_filename(dir, name, NULL), *buf = NULL;
    if (!g_file_get_contents(path, &buf, len, NULL))
        buf = NULL;
    g_free(path);
    return buf;
}

/* Entries of dir, '.' and '..' not counted. */
static int count_entries(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    int n = 0;
    while (d && g_dir_read_name(d))
        n++;
    if (d)
        g_dir_close(d);
    return n;
}

/* The GeoPackage at path has a roads layer of one feature per link of g. */
static void expect_roads_whole(const char *path, const sp_graph *g)
{
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, "roads") : NULL;
    ASSERT(l != NULL);
    if (l)
        ASSERT_EQ_INT((int)OGR_L_GetFeatureCount(l, TRUE), (int)g->n_links);
    if (ds)
        GDALClose(ds);
}

TEST(early_roads_layer_gives_the_same_bytes)
{
    char dir[2600];
    snprintf(dir, sizeof dir, "%s/early", g_tmp);
    sp_loaded *ld = NULL;
    sp_outcome *r = NULL;
    ASSERT_EQ_INT(sp_run_early(g_opts, dir, NULL, NULL, &ld, &r), SP_OK);
    ASSERT(ld->early != NULL);
    sp_gpkg_early *e = ld->early;
    ld->early = NULL;
    ASSERT_EQ_INT(sp_outcome_write_with(r, dir, e), SP_OK);
    const char *seq = fresh("sequential");
    GDir *d = g_dir_open(seq, 0, NULL);
    ASSERT(d != NULL);
    const char *name;
    int n = 0;
    while (d && (name = g_dir_read_name(d))) {
        gsize na = 0, nb = 0;
        char *a = slurp(dir, name, &na), *b = slurp(seq, name, &nb);
        ASSERT(a != NULL && b != NULL);
        if (a && b && (na != nb || memcmp(a, b, na) != 0))
            T_FAIL_("%s: early and sequential writes differ (%zu and %zu bytes)", name,
                    (size_t)na, (size_t)nb);
        g_free(a);
        g_free(b);
        n++;
    }
    if (d)
        g_dir_close(d);
    ASSERT(n >= 6);   /* summary, gpkg, coverage, sites, recommendations, curve, assignment */
    /* the roads layer is there, whole: one feature per link */
    char path[2700];
    snprintf(path, sizeof path, "%s/" SP_FILE_GPKG, dir);
    expect_roads_whole(path, ld->in->graph);
    /* the same files, nothing left under a temporary name */
    ASSERT_EQ_INT(count_entries(dir), n);
    sp_outcome_free(r);
    sp_loaded_free(ld);
}

TEST(early_roads_layer_abandoned_leaves_nothing)
{
    char dir[2600];
    snprintf(dir, sizeof dir, "%s/abandoned", g_tmp);
    sp_loaded *ld = NULL;
    ASSERT_EQ_INT(sp_load_early(g_opts, dir, NULL, NULL, &ld), SP_OK);
    ASSERT(ld->early != NULL);
    ASSERT(count_entries(dir) >= 1);        /* its temporary file (and journal) */
    sp_loaded_free(ld);                     /* the run stops before its write */
    ASSERT_EQ_INT(count_entries(dir), 0);
}

/* Taken at once: the thread is stopped wherever it is (most often before
 * its first row) and the caller writes the rest: the layer is whole. */
TEST(early_roads_layer_taken_at_once_is_whole)
{
    char dir[2600];
    snprintf(dir, sizeof dir, "%s/taken", g_tmp);
    for (int rep = 0; rep < 3; rep++) {
        sp_loaded *ld = NULL;
        ASSERT_EQ_INT(sp_load_early(g_opts, dir, NULL, NULL, &ld), SP_OK);
        sp_gpkg_early *e = ld->early;
        ld->early = NULL;
        GDALDatasetH ds = NULL;
        char tmp[4200];
        const sp_netmode *setup = NULL;
        const char *crs = NULL;
        ASSERT_EQ_INT(sp_gpkg_take(e, &ds, tmp, sizeof tmp, &setup, &crs), SP_OK);
        ASSERT(setup == ld->in->setup);
        ASSERT(ds && GDALDatasetCommitTransaction(ds) == OGRERR_NONE);
        if (ds)
            GDALClose(ds);
        expect_roads_whole(tmp, ld->in->graph);
        sp_gpkg_remove(tmp);
        sp_loaded_free(ld);
    }
    ASSERT_EQ_INT(count_entries(dir), 0);
}

/* dir/results.gpkg (under its temporary name, renamed) with the roads layer
 * written in the pieces that end at cuts[0..n_cuts), each after a try with
 * the stop flag set; 1 when every piece ended where it should. */
static int roads_in_pieces(const char *dir, const int32_t *cuts, int n_cuts)
{
    GDALDatasetH ds = NULL;
    char tmp[4200], path[2700];
    if (sp_mkdir_p(dir) || sp_gpkg_create(dir, tmp, sizeof tmp, &ds))
        return 0;
    OGRSpatialReferenceH srs = sp_gpkg_srs(sp_crs_name(g_in->crs));
    OGRLayerH l = sp_gpkg_layer(ds, SP_L_ROADS, srs, wkbNone);
    OSRDestroySpatialReference(srs);
    atomic_int stop;
    atomic_init(&stop, 0);
    int32_t next = 0;
    int ok = l != NULL;
    for (int c = 0; ok && c < n_cuts; c++) {
        atomic_store(&stop, 1);   /* asked to stop: nothing written */
        ok = sp_roads_layer_rows(l, g_in->setup, g_in->roads, &next, cuts[c], &stop) &&
             next == (c ? cuts[c - 1] : 0);
        atomic_store(&stop, 0);
        ok = ok && sp_roads_layer_rows(l, g_in->setup, g_in->roads, &next, cuts[c], &stop) &&
             next == cuts[c];
    }
    ok = ok && GDALDatasetCommitTransaction(ds) == OGRERR_NONE;
    GDALClose(ds);
    snprintf(path, sizeof path, "%s/" SP_FILE_GPKG, dir);
    return ok && rename(tmp, path) == 0;
}

TEST(roads_layer_in_pieces_is_the_same)
{
    int32_t n = g_in->graph->n_links;
    ASSERT(n > 10);
    char one[2600], three[2600];
    snprintf(one, sizeof one, "%s/roads_one", g_tmp);
    snprintf(three, sizeof three, "%s/roads_three", g_tmp);
    int32_t all[] = {n}, parts[] = {1, n / 3, n};
    ASSERT(roads_in_pieces(one, all, 1));
    ASSERT(roads_in_pieces(three, parts, 3));
    gsize na = 0, nb = 0;
    char *a = slurp(one, SP_FILE_GPKG, &na), *b = slurp(three, SP_FILE_GPKG, &nb);
    ASSERT(a != NULL && b != NULL);
    ASSERT(a && b && na == nb && memcmp(a, b, na) == 0);
    g_free(a);
    g_free(b);
}

TEST(early_roads_layer_names_a_folder_it_cannot_make)
{
    char file[2600], dir[2700];
    snprintf(file, sizeof file, "%s/a_file", g_tmp);
    FILE *f = fopen(file, "w");
    ASSERT(f != NULL);
    if (f)
        fclose(f);
    snprintf(dir, sizeof dir, "%s/out", file);
    sp_loaded *ld = NULL;
    sp_error_clear();
    ASSERT_EQ_INT(sp_load_early(g_opts, dir, NULL, NULL, &ld), SP_E_IO);
    ASSERT(ld == NULL);
    ASSERT_CONTAINS(sp_error_message(), file);
    unlink(file);
}

/* Folders, GDAL, then the scenario every test reads. */
static int setup(void)
{
    return results_test_init("test_results", g_root, sizeof g_root, g_tmp, sizeof g_tmp) && run_scenario();
}

int main(void)
{
    RUN(schema_tables_are_whole);
    if (!setup()) {
        fprintf(stderr, "FAIL: setup: %s\n", sp_error_message());
        return 1;
    }
    RUN(round_trip_every_field);
    RUN(reader_refuses_missing_files);
    RUN(reader_checks_schema_version);
    RUN(reader_names_missing_key_field_and_bad_values);
    RUN(reader_refuses_inconsistent_area_fields);
    RUN(early_roads_layer_gives_the_same_bytes);
    RUN(early_roads_layer_abandoned_leaves_nothing);
    RUN(early_roads_layer_taken_at_once_is_whole);
    RUN(roads_layer_in_pieces_is_the_same);
    RUN(early_roads_layer_names_a_folder_it_cannot_make);
    outcome_free(g_out);
    sp_loaded_free(g_loaded);
    sp_options_free(g_opts);
    return test_summary("results");
}
