/* coverset.c — see coverset.h. */
#include "coverset.h"

#include <stdlib.h>

struct sp_coverset {
    const sp_costmatrix *m;
    double threshold;
    uint8_t *covered;  /* per demand */
    double weight;     /* summed in the order demands became covered */
    int32_t count;
};

sp_coverset *sp_coverset_new(const sp_costmatrix *m, double threshold)
{
    sp_coverset *cs = calloc(1, sizeof *cs);
    if (cs)
        cs->covered = sp_calloc_n((size_t)sp_costmatrix_n_demands(m) + 1, 1);
    if (!cs || !cs->covered) {
        sp_coverset_free(cs);
        sp_error(SP_E_NOMEM, "out of memory");
        return NULL;
    }
    cs->m = m;
    cs->threshold = threshold;
    return cs;
}

void sp_coverset_free(sp_coverset *cs)
{
    if (!cs)
        return;
    free(cs->covered);
    free(cs);
}

double sp_coverset_gain(const sp_coverset *cs, int32_t col)
{
    const int32_t *dj;
    const float *cj;
    size_t n = sp_costmatrix_get_row(cs->m, col, &dj, &cj);
    const double *w = sp_costmatrix_get_weights(cs->m);
    double add = 0;
    for (size_t t = 0; t < n; t++)
        if (!cs->covered[dj[t]] && sp_covers(cj[t], cs->threshold))
            add += w[dj[t]];
    return add;
}

double sp_coverset_open(sp_coverset *cs, int32_t col, int32_t *new_demand, int32_t *n_new)
{
    const int32_t *dj;
    const float *cj;
    size_t n = sp_costmatrix_get_row(cs->m, col, &dj, &cj);
    const double *w = sp_costmatrix_get_weights(cs->m);
    double add = 0;
    int32_t k = 0;
    for (size_t t = 0; t < n; t++) {
        int32_t j = dj[t];
        if (cs->covered[j] || !sp_covers(cj[t], cs->threshold))
            continue;
        cs->covered[j] = 1;
        add += w[j];
        if (new_demand)
            new_demand[k] = j;
        k++;
    }
    cs->weight += add;
    cs->count += k;
    if (n_new)
        *n_new = k;
    return add;
}

double sp_coverset_weight(const sp_coverset *cs) { return cs->weight; }
int32_t sp_coverset_count(const sp_coverset *cs) { return cs->count; }
