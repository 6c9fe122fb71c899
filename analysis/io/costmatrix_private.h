/* costmatrix_private.h — bulk filling of a cost matrix for its loaders
 * (costmatrix_csv.c).  Not part of the API.  Threads: as the matrix (one
 * writer). */
#ifndef SP_COSTMATRIX_PRIVATE_H
#define SP_COSTMATRIX_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "costmatrix.h"

/* Room for `extra` more pairs.  SP_E_NOMEM with a message. */
sp_status sp__costmatrix_reserve(sp_costmatrix *m, size_t extra);

/* Append one pair to the row being filled (demands ascending, unique and
 * in range, cost finite and >= 0, room reserved; nothing is checked), and
 * close the row of cand (the next candidate: rows in order). */
void sp__costmatrix_push(sp_costmatrix *m, int32_t demand, float cost);
void sp__costmatrix_end_row(sp_costmatrix *m, int32_t cand);

#endif
