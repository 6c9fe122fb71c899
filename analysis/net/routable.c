/* routable.c — the roads the routable network leaves out; see routable.h. */
#include "routable.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double sp_extent_edge_distance(const double *e, double x, double y)
{
    double d = fmin(fmin(x - e[0], e[2] - x), fmin(y - e[1], e[3] - y));
    return d > 0 ? d : 0;
}

sp_status sp_graph_unroutable(const sp_graph *g, int32_t n_roads, double edge_m,
                              sp_unroutable *out)
{
    memset(out, 0, sizeof *out);
    for (int k = 0; k < SP_UNROUTABLE_TOP; k++)
        out->top[k] = -1;
    if (g->n_nodes == 0)
        return SP_OK;
    /* per road: 1 has a link, 2 has a link in the main piece, 4 near the edge */
    uint8_t *st = sp_calloc_n((size_t)n_roads + 1, 1);
    double *len = sp_calloc_n((size_t)n_roads + 1, sizeof *len);
    if (!st || !len) {
        free(st);
        free(len);
        return sp_error(SP_E_NOMEM, "out of memory");
    }
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int32_t v = 0; v < g->n_nodes; v++) {
        x0 = fmin(x0, g->node_xy[2 * v]);
        x1 = fmax(x1, g->node_xy[2 * v]);
        y0 = fmin(y0, g->node_xy[2 * v + 1]);
        y1 = fmax(y1, g->node_xy[2 * v + 1]);
    }
    out->extent[0] = x0;
    out->extent[1] = y0;
    out->extent[2] = x1;
    out->extent[3] = y1;
    for (int32_t l = 0; l < g->n_links; l++) {
        const sp_link *k = &g->links[l];
        if (k->road < 0 || k->road >= n_roads)
            continue;
        st[k->road] |= 1;
        len[k->road] += k->length_m;
        if (sp_graph_in_main(g, k->from) && sp_graph_in_main(g, k->to))
            st[k->road] |= 2;
        const double *xy = &g->geom_xy[2 * (size_t)k->geom_off];
        for (uint32_t i = 0; i < k->geom_len && !(st[k->road] & 4); i++)
            if (xy[2 * i] - x0 <= edge_m || x1 - xy[2 * i] <= edge_m ||
                xy[2 * i + 1] - y0 <= edge_m || y1 - xy[2 * i + 1] <= edge_m)
                st[k->road] |= 4;
    }
    for (int32_t r = 0; r < n_roads; r++) {
        if ((st[r] & 3) != 1)
            continue;
        out->n_roads++;
        out->km += len[r] / 1000;
        int edge = (st[r] & 4) != 0;
        out->n_at_edge += edge;
        /* keep the longest, ties to the lower road index */
        for (int k = 0; k < SP_UNROUTABLE_TOP; k++) {
            if (out->top[k] >= 0 && !(len[r] / 1000 > out->top_km[k]))
                continue;
            memmove(&out->top[k + 1], &out->top[k], (SP_UNROUTABLE_TOP - k - 1) * sizeof *out->top);
            memmove(&out->top_km[k + 1], &out->top_km[k],
                    (SP_UNROUTABLE_TOP - k - 1) * sizeof *out->top_km);
            memmove(&out->top_at_edge[k + 1], &out->top_at_edge[k],
                    (SP_UNROUTABLE_TOP - k - 1) * sizeof *out->top_at_edge);
            out->top[k] = r;
            out->top_km[k] = len[r] / 1000;
            out->top_at_edge[k] = edge;
            break;
        }
    }
    free(st);
    free(len);
    return SP_OK;
}
