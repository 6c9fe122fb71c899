/* render_data.h — the results folder as the renderer sees it: the reader of
 * the results schema (results_read.h in analysis/io; render/ reads results
 * only through it) plus what only drawing needs.
 */
#ifndef SP_RENDER_DATA_H
#define SP_RENDER_DATA_H

#include "results_read.h"

/* Extent of the data drawn (clusters, the whole outline of area clusters,
 * sites, recommended sites) with a
 * margin of 4% of its larger side on every side (at least 200 m).
 * ext = xmin, ymin, xmax, ymax.  Returns 0 when there is no point. */
int sp_rdata_extent(const sp_results *d, double ext[4]);

/* The gap zones a map draws and labels: with [siting] those left with the
 * recommended sites open (gaps_after), else the gaps.  *n = their count. */
const sp_rgap *sp_rdata_map_gaps(const sp_results *d, int *n);

#endif
