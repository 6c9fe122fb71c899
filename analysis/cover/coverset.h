/* coverset.h — the demand covered by a set of open sites, at a threshold.
 *
 * Over a finished site x demand matrix (costmatrix.h), open sites one at a
 * time and ask what each adds: a demand is covered when an open site covers
 * it by sp_covers(cost, threshold).  This is how "covered" is counted for
 * every siting model, whatever the model optimises (pmedian and pcenter
 * included: their solver counts "reached", the outputs count "within the
 * threshold").
 *
 * Contract: the matrix is borrowed and must outlive the set; a set belongs
 * to one thread at a time.  Weights are the matrix's demand weights.
 */
#ifndef SP_COVERSET_H
#define SP_COVERSET_H

#include <stdint.h>

#include "costmatrix.h"

typedef struct sp_coverset sp_coverset;

/* An empty set (nothing open).  NULL on out of memory (with a message). */
sp_coverset *sp_coverset_new(const sp_costmatrix *m, double threshold);
void sp_coverset_free(sp_coverset *cs);

/* The weight site `col` would add to the set (0 when open already). */
double sp_coverset_gain(const sp_coverset *cs, int32_t col);

/* Open site `col`: returns the weight it adds; when new_demand is not NULL
 * (room for the row's length) the newly covered demands are written there,
 * ascending, and their number to *n_new. */
double sp_coverset_open(sp_coverset *cs, int32_t col, int32_t *new_demand, int32_t *n_new);

/* Covered weight and number of covered demands so far. */
double sp_coverset_weight(const sp_coverset *cs);
int32_t sp_coverset_count(const sp_coverset *cs);

#endif
