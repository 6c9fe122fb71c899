/* costmatrix.h — a sparse candidate × demand cost matrix: who can reach whom,
 * at what cost (seconds, metres, ...), plus the demand weights and the ids of
 * both sides.  It is the input of the siting optimiser (siting.h).
 *
 * Layout: compressed rows by candidate (CSR).  Row i lists the demand indices
 * that candidate i reaches, strictly ascending, each with a float cost >= 0.
 * A pair that is not stored is UNREACHABLE (not "cost 0", not "far"): the
 * matrix is sparse on purpose, so a network search can store only what it
 * reached within its limit.
 *
 * Contract:
 *   - Build: sp_costmatrix_new(n_cand, n_demand), then sp_costmatrix_add_row()
 *     for candidates in ascending index order (a candidate whose row is never
 *     added reaches nothing), the ids and weights in any order, then
 *     sp_costmatrix_finish().  Only a finished matrix can be read or solved.
 *   - Every candidate and every demand must get an id before finish; ids are
 *     copied (the matrix owns its strings) and must be unique on each side.
 *     Exception: a side on which NO id was set at all is anonymous (its
 *     _get_..._id accessor returns NULL and find returns -1); the coverage
 *     analysis builds such matrices, where sites need no unique ids.
 *     Weights default to 1; they must be finite and >= 0.
 *   - Accessors whose name has _get_ lend pointers that live as long as the
 *     matrix; nothing returned by them may be freed.
 *   - Builders report bad data as SP_E_INPUT through sp_error() with a message
 *     naming the candidate/demand; the CSV loader's messages also name the
 *     file, the field and the line.
 *   - A matrix is not modified after finish, so several threads may read it.
 */
#ifndef SP_COSTMATRIX_H
#define SP_COSTMATRIX_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef struct sp_costmatrix sp_costmatrix;

/* THE covering rule: a site covers a demand when its cost is at most the
 * threshold (inclusive).  Every "covered", "within T", "reached within the
 * radius" test in siteplan goes through this function.
 *
 * float or double: `cost` is a matrix cost, i.e. the STORED float widened
 * to double (exactly), compared with the threshold in double.  A search
 * time computed in double is rounded to float first, as the matrix stores
 * it (sp_covers((float)t, T)), so a pair is in a coverage matrix exactly
 * when it is covered at the matrix's limit, and a value read back from the
 * matrix gives the same answer everywhere.  Unreached (INFINITY) and NaN
 * never cover, so with an infinite threshold sp_covers means "reached". */
static inline int sp_covers(double cost, double threshold)
{
    return isfinite(cost) && cost <= threshold;
}

/* A matrix under construction for n_cand candidates and n_demand demands
 * (both >= 0 and < 2^31).  NULL on out of memory or bad sizes (with a
 * message).  Free with sp_costmatrix_free(). */
sp_costmatrix *sp_costmatrix_new(int32_t n_cand, int32_t n_demand);

/* NULL-safe. */
void sp_costmatrix_free(sp_costmatrix *m);

/* The reachable demands of candidate `cand`: n pairs (demand[k], cost[k]) in
 * any order (they are sorted here).  cand must be above every candidate added
 * before.  A cost of +INFINITY means "not reached" and the pair is skipped;
 * NaN, negative costs, a demand index out of range and a demand listed twice
 * are SP_E_INPUT.  The arrays are copied. */
sp_status sp_costmatrix_add_row(sp_costmatrix *m, int32_t cand,
                                const int32_t *demand, const float *cost,
                                size_t n);

/* Room for n_pairs pairs in all (a hint that saves regrowing; optional). */
sp_status sp_costmatrix_reserve(sp_costmatrix *m, size_t n_pairs);

/* Ids (copied).  SP_E_INPUT on an index out of range or an empty/NULL id. */
sp_status sp_costmatrix_set_candidate_id(sp_costmatrix *m, int32_t cand,
                                         const char *id);
sp_status sp_costmatrix_set_demand_id(sp_costmatrix *m, int32_t demand,
                                      const char *id);

/* Demand weight (default 1).  SP_E_INPUT unless finite and >= 0. */
sp_status sp_costmatrix_set_weight(sp_costmatrix *m, int32_t demand,
                                   double weight);

/* Close the matrix: checks that every id is set and unique.  After SP_OK the
 * matrix is read-only.  On failure the matrix stays unfinished (free it). */
sp_status sp_costmatrix_finish(sp_costmatrix *m);

/* --- reading a finished matrix -------------------------------------------- */

int32_t sp_costmatrix_n_candidates(const sp_costmatrix *m);
int32_t sp_costmatrix_n_demands(const sp_costmatrix *m);
/* Stored (reachable) pairs. */
size_t sp_costmatrix_n_pairs(const sp_costmatrix *m);
/* Whether every candidate reaches every demand. */
int sp_costmatrix_is_complete(const sp_costmatrix *m);

/* Row of candidate `cand`: returns the number of pairs; *demand and *cost
 * (either may be NULL) receive borrowed arrays, demand indices ascending. */
size_t sp_costmatrix_get_row(const sp_costmatrix *m, int32_t cand,
                             const int32_t **demand, const float **cost);

/* Cost of one pair, +INFINITY when not stored (binary search in the row). */
double sp_costmatrix_cost(const sp_costmatrix *m, int32_t cand, int32_t demand);

/* Borrowed: n_demand weights. */
const double *sp_costmatrix_get_weights(const sp_costmatrix *m);
double sp_costmatrix_total_weight(const sp_costmatrix *m);

/* Borrowed ids. */
const char *sp_costmatrix_get_candidate_id(const sp_costmatrix *m, int32_t cand);
const char *sp_costmatrix_get_demand_id(const sp_costmatrix *m, int32_t demand);

/* Index of an id, or -1 when absent. */
int32_t sp_costmatrix_find_candidate(const sp_costmatrix *m, const char *id);
int32_t sp_costmatrix_find_demand(const sp_costmatrix *m, const char *id);

/* --- the long-form CSV loader --------------------------------------------- */

/* How to read a long-form matrix (one row per candidate-demand pair) and the
 * demand table it is joined to.  Both files are read through GDAL/OGR (any
 * vector format works; CSV is the usual one).  NULL fields take the default
 * shown. */
typedef struct {
    const char *matrix_path;  /* required */
    const char *demand_path;  /* required */
    const char *site_col;     /* matrix: candidate id ("name") */
    const char *demand_col;   /* matrix: demand id ("DestinationName") */
    const char *cost_col;     /* matrix: cost ("distance") */
    const char *demand_id;    /* demand file: id joined on ("NAME") */
    const char *weight;       /* demand file: weight field; NULL = weight 1 */
    int require_complete;     /* every candidate × demand pair must be present */
    const char *encoding;     /* text encoding of both files (textin.h); NULL = UTF-8 */
} sp_costmatrix_csv_opts;

/* Load.  Candidates are numbered in order of first appearance in the matrix
 * file, demands in the order of the demand file.  A demand with no pair at
 * all is kept (it is unreachable).  Errors (SP_E_INPUT or SP_E_IO) name the
 * file, the field and the line: a missing column, an empty, non-numeric,
 * negative or NaN cost or weight, a duplicate pair, a duplicate demand id, a
 * matrix demand id absent from the demand file, and (with require_complete) a
 * missing pair, text that is not UTF-8 (or not valid in opts->encoding), a
 * weight total or a weight x cost that is not finite.  Numbers go through
 * sp_number_parse (plain decimals, no "inf", no hexadecimal), ids are kept
 * as written, lines are physical lines (csvlines.h).  An empty weight is
 * taken as 0 with a warning.
 * OUT: *out owns a finished matrix (sp_costmatrix_free). */
sp_status sp_costmatrix_load_csv(const sp_costmatrix_csv_opts *opts,
                                 sp_costmatrix **out);

#endif
