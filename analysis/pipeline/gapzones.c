/* gapzones.c — see gapzones.h. */
#include "gapzones.h"

#include <stdlib.h>

#include "costmatrix.h"

sp_status sp_gap_zones(const sp_inputs *in, const double *point_time_s, double T, double link_m,
                       sp_gaps **out)
{
    *out = NULL;
    const sp_points *cl = in->clusters;
    const sp_demand *dm = in->demand;
    uint8_t *covered = sp_calloc_n((size_t)dm->n_points + 1, 1);
    if (!covered)
        return sp_error(SP_E_NOMEM, "out of memory");
    for (int32_t p = 0; p < dm->n_points; p++)
        covered[p] = (uint8_t)sp_covers(point_time_s[p], T);
    sp_gaps_in gi = {0};
    gi.n_clusters = (int32_t)cl->n;
    gi.xy = cl->xy;
    gi.geom = cl->geom;
    gi.weight = cl->weight;
    gi.ids = (const char *const *)cl->id;
    gi.n_points = dm->n_points;
    gi.point_covered = covered;
    if (in->demand_xy) {
        gi.point_cluster = dm->point_cluster;
        gi.point_xy = in->demand_xy;
        gi.point_weight = dm->point_weight;
    } else if (dm->n_points != gi.n_clusters) {
        free(covered);
        return sp_error(SP_E_INTERNAL, "gaps: demand points without their places");
    }
    sp_status st = sp_gaps_find(in->gctx, &gi, link_m, out);
    free(covered);
    return st;
}
