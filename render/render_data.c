/* render_data.c — what drawing needs beyond the results reader (see
 * render_data.h). */
#include "render_data.h"

#include <math.h>

const sp_rgap *sp_rdata_map_gaps(const sp_results *d, int *n)
{
    *n = d->sum.has_siting ? d->n_gaps_after : d->n_gaps;
    return d->sum.has_siting ? d->gaps_after : d->gaps;
}

int sp_rdata_extent(const sp_results *d, double ext[4])
{
    double e[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
#define ADD(px, py)                                                                                \
    do {                                                                                           \
        if (isfinite(px) && isfinite(py)) {                                                        \
            e[0] = fmin(e[0], px);                                                                 \
            e[1] = fmin(e[1], py);                                                                 \
            e[2] = fmax(e[2], px);                                                                 \
            e[3] = fmax(e[3], py);                                                                 \
        }                                                                                          \
    } while (0)
    for (int i = 0; i < d->n_clusters; i++) {
        ADD(d->clusters[i].x, d->clusters[i].y);
        if (d->clusters[i].is_area && d->clusters[i].shape.n_rings) {   /* the whole area */
            const double *bb = d->clusters[i].shape.bb;
            ADD(bb[0], bb[1]);
            ADD(bb[2], bb[3]);
        }
    }
    for (int i = 0; i < d->n_sites; i++)
        ADD(d->sites[i].x, d->sites[i].y);
    for (int i = 0; i < d->n_recs; i++)
        if (d->recs[i].has_xy)
            ADD(d->recs[i].x, d->recs[i].y);
#undef ADD
    if (!(e[0] <= e[2]))
        return 0;
    double side = fmax(e[2] - e[0], e[3] - e[1]);
    double m = fmax(0.04 * side, 200.0);
    ext[0] = e[0] - m;
    ext[1] = e[1] - m;
    ext[2] = e[2] + m;
    ext[3] = e[3] + m;
    return 1;
}
