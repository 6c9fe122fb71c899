/* siteshare.c — reached, assigned and only-covered workers per site (see
 * siteshare.h). */
#include "siteshare.h"

#include <stdlib.h>
#include <string.h>

#include "costmatrix.h"

/* who[k]: the one site covering item k, -1 when none yet, -2 when two or
 * more different sites do. */
static void mark(int32_t *who, int32_t k, int32_t s)
{
    if (who[k] == -1)
        who[k] = s;
    else if (who[k] != s)
        who[k] = -2;
}

sp_status sp_site_shares(const sp_coverage *c, const sp_demand *d, double threshold,
                         sp_site_share *out)
{
    int32_t ns = c->n_sites;
    memset(out, 0, sizeof *out * (size_t)(ns > 0 ? ns : 0));
    int32_t *pt_who = sp_malloc_n((size_t)d->n_points + 1, sizeof *pt_who);
    int32_t *cl_who = sp_malloc_n((size_t)d->n_clusters + 1, sizeof *cl_who);
    if (!pt_who || !cl_who) {
        free(pt_who);
        free(cl_who);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    for (int32_t p = 0; p < d->n_points; p++)
        pt_who[p] = -1;
    for (int32_t i = 0; i < d->n_clusters; i++)
        cl_who[i] = -1;
    for (int32_t s = 0; s < ns; s++) {
        const int32_t *pt;
        const float *secs;
        size_t n = sp_costmatrix_get_row(c->matrix, s, &pt, &secs);
        /* a row's points ascend, so a cluster's points come together */
        for (size_t k = 0, last = (size_t)-1; k < n; k++) {
            if (!sp_covers(secs[k], threshold))
                continue;
            out[s].workers_reached += d->point_weight[pt[k]];
            size_t cl = (size_t)d->point_cluster[pt[k]];
            out[s].clusters_reached += cl != last;
            last = cl;
            mark(pt_who, pt[k], s);
            mark(cl_who, d->point_cluster[pt[k]], s);
        }
    }
    for (int32_t p = 0; p < d->n_points; p++)
        if (pt_who[p] >= 0)
            out[pt_who[p]].workers_only += d->point_weight[p];
    for (int32_t i = 0; i < d->n_clusters; i++) {
        if (cl_who[i] >= 0)
            out[cl_who[i]].clusters_only++;
        int32_t s = c->nearest[i];
        if (s >= 0 && sp_covers(c->time_s[i], threshold)) {
            out[s].workers_assigned += sp_demand_cluster_within(d, i, c->point_time_s, threshold);
            out[s].clusters_assigned++;
        }
    }
    free(pt_who);
    free(cl_who);
    return SP_OK;
}
