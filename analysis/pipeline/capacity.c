/* capacity.c — the capacitated assignment of the existing sites; see
 * capacity.h. */
#include "capacity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "number.h"

void sp_capoutcome_free(sp_capoutcome *c)
{
    if (!c)
        return;
    free(c->capacity);
    free(c->load);
    free(c->cl_served);
    free(c->row_cluster);
    free(c->row_site);
    free(c->row_workers);
    free(c->row_seconds);
    free(c);
}

void sp_capacity_pct3(const double part[3], double whole, int decimals, double out[3])
{
    if (!(whole > 0)) {
        out[0] = out[1] = out[2] = 0;
        return;
    }
    double scale = pow(10, decimals), full = 100 * scale;   /* units of 10^-decimals % */
    double e[3], u[3], sum = 0;
    for (int i = 0; i < 3; i++) {
        e[i] = full * part[i] / whole;
        u[i] = floor(e[i]);
        if (e[i] > 0 && u[i] < 1)   /* strictly inside: never shown as 0 ... */
            u[i] = 1;
        if (e[i] < full && u[i] > full - 1)   /* ... nor as 100 */
            u[i] = full - 1;
        sum += u[i];
    }
    /* give the units left (or take the units too many) one at a time: to
     * the largest remainder (from the smallest), ties to the first part,
     * never breaking the rule above */
    for (int guard = 0; sum != full && guard < 8; guard++) {
        int up = sum < full, best = -1;
        for (int i = 0; i < 3; i++) {
            double nu = u[i] + (up ? 1 : -1);
            if (nu < 0 || nu > full || (e[i] > 0 && nu < 1) || (e[i] < full && nu > full - 1))
                continue;
            double r = e[i] - u[i];
            if (best < 0 || (up ? r > e[best] - u[best] : r < e[best] - u[best]))
                best = i;
        }
        if (best < 0)
            break;
        u[best] += up ? 1 : -1;
        sum += up ? 1 : -1;
    }
    for (int i = 0; i < 3; i++)
        out[i] = u[i] / scale;
}

/* The (cluster, site) rows of the flows: a's pairs by point, points of a
 * cluster consecutive (demand.h), so rows come out in cluster order; the
 * pairs of one cluster's several points to one site are merged (workers
 * summed, seconds flow-weighted). */
static sp_status make_rows(sp_capoutcome *c, const sp_capassign *a, const sp_demand *d)
{
    size_t cap = (size_t)a->n_pairs + 1;
    c->row_cluster = malloc(cap * sizeof *c->row_cluster);
    c->row_site = malloc(cap * sizeof *c->row_site);
    c->row_workers = malloc(cap * sizeof *c->row_workers);
    c->row_seconds = malloc(cap * sizeof *c->row_seconds);
    if (!c->row_cluster || !c->row_site || !c->row_workers || !c->row_seconds)
        return sp_error(SP_E_NOMEM, "out of memory");
    for (int32_t k = 0; k < d->n_clusters; k++) {
        int64_t first = c->n_rows;
        int32_t p0 = d->cluster_first[k], p1 = p0 + d->cluster_count[k];
        for (int32_t p = p0; p < p1; p++)
            for (int64_t e = a->pt_first[p]; e < a->pt_first[p + 1]; e++) {
                double w = a->pair_flow[e];
                if (!(w > 0))
                    continue;
                int32_t s = a->pair_site[e];
                int64_t at = first;
                while (at < c->n_rows && c->row_site[at] < s)
                    at++;
                if (at < c->n_rows && c->row_site[at] == s) {
                    c->row_seconds[at] += w * a->pair_cost[e];   /* a sum until the end */
                    c->row_workers[at] += w;
                    continue;
                }
                memmove(c->row_cluster + at + 1, c->row_cluster + at,
                        (size_t)(c->n_rows - at) * sizeof *c->row_cluster);
                memmove(c->row_site + at + 1, c->row_site + at,
                        (size_t)(c->n_rows - at) * sizeof *c->row_site);
                memmove(c->row_workers + at + 1, c->row_workers + at,
                        (size_t)(c->n_rows - at) * sizeof *c->row_workers);
                memmove(c->row_seconds + at + 1, c->row_seconds + at,
                        (size_t)(c->n_rows - at) * sizeof *c->row_seconds);
                c->row_cluster[at] = k;
                c->row_site[at] = s;
                c->row_workers[at] = w;
                c->row_seconds[at] = w * a->pair_cost[e];
                c->n_rows++;
            }
        for (int64_t r = first; r < c->n_rows; r++)
            c->row_seconds[r] /= c->row_workers[r];
    }
    return SP_OK;
}

sp_status sp_capacity_run(const sp_inputs *in, const sp_coverage *cov, double threshold_s,
                          double covered, sp_capoutcome **out)
{
    *out = NULL;
    double t0 = sp_now();
    const sp_demand *d = in->demand;
    int32_t ns = in->n_sites, nc = d->n_clusters;
    sp_capoutcome *c = calloc(1, sizeof *c);
    if (!c)
        return sp_error(SP_E_NOMEM, "out of memory");
    c->n_sites = ns;
    c->n_clusters = nc;
    c->capacity = malloc(((size_t)ns + 1) * sizeof *c->capacity);
    c->load = calloc((size_t)ns + 1, sizeof *c->load);
    c->cl_served = calloc((size_t)nc + 1, sizeof *c->cl_served);
    if (!c->capacity || !c->load || !c->cl_served) {
        sp_capoutcome_free(c);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    for (int32_t s = 0; s < ns; s++) {
        size_t row;
        const sp_points *p = sp_inputs_site_layer(in, s, &row);
        c->capacity[s] = p->capacity ? p->capacity[row] : INFINITY;
    }
    sp_capassign *a = NULL;
    sp_status st = sp_capassign_solve(cov->matrix, d->point_weight, c->capacity, NULL,
                                      threshold_s, &a);
    if (st == SP_OK)
        st = make_rows(c, a, d);
    if (st) {
        sp_capassign_free(a);
        sp_capoutcome_free(c);
        return st;
    }
    for (int32_t p = 0; p < d->n_points; p++)
        c->cl_served[d->point_cluster[p]] += a->point_served[p];
    for (int32_t s = 0; s < ns; s++) {
        c->load[s] = a->site_load[s];
        if (isinf(c->capacity[s])) {
            c->n_unlimited++;
        } else {
            c->n_limited++;
            /* full: takes no more workers (load = capacity; a capacity of 0 too) */
            c->n_full += c->load[s] >= c->capacity[s] - 1e-9 * fmax(1, c->capacity[s]);
        }
    }
    for (int32_t i = 0; i < nc; i++)
        c->total += in->clusters->weight[i];
    c->covered = covered;
    c->served = a->served;
    c->over = covered - a->served;
    if (c->over < 0)   /* rounding of a non-integer count; never below 0 */
        c->over = 0;
    c->not_covered = c->total - covered;
    c->worker_seconds = a->cost;
    c->augmentations = a->augmentations;
    double part[3] = {c->served, c->over, c->not_covered}, pct[3];
    sp_capacity_pct3(part, c->total, 2, pct);
    c->percent_served = pct[0];
    c->percent_over = pct[1];
    c->percent_not_covered = pct[2];
    sp_capassign_free(a);
    c->seconds = sp_now() - t0;
    *out = c;
    return SP_OK;
}
