/* gapzones.h — a run's gap zones: sp_gaps_find() (gaps.h) over the
 * clusters and demand points of its inputs.
 *
 * A demand point is covered when sp_covers(point_time_s[point], T); the
 * pieces, zones and their rule are gaps.h's.  Used for the gaps of the
 * analysis (run.c, the existing sites' point times) and the gaps after
 * (after.c, with the recommended sites).
 *
 * Contract: in and point_time_s (one per demand point) are only read.
 * Errors: sp_gaps_find()'s.  Threads: the ctx's (in->gctx).
 */
#ifndef SP_GAPZONES_H
#define SP_GAPZONES_H

#include "gaps.h"
#include "inputs.h"
#include "status.h"

/* OUT: *out (sp_gaps_free with in->gctx). */
sp_status sp_gap_zones(const sp_inputs *in, const double *point_time_s, double T, double link_m,
                       sp_gaps **out);

#endif
