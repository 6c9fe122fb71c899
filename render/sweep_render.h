/* sweep_render.h — the charts of a `siteplan sweep` folder, from its files
 * only (sweep.csv and sweep.json, read through io/sweep_read.h).  For each
 * varied key whose values are all numbers, written into the folder, each
 * atomically (render_out.h):
 *   sweep-KEY.png   the chart at the dpi of sweep.json "render"
 *   sweep-KEY.pdf   the same chart, one page
 * (e.g. sweep-travel.minutes.png), drawn by sp_chart_sweep_draw (chart.h)
 * at the size of the coverage curve.  Language and dpi: sweep.json
 * "render", overridden by opts->language and opts->dpi (title and page are
 * not used).  Same folder and options, same bytes.
 */
#ifndef SP_SWEEP_RENDER_H
#define SP_SWEEP_RENDER_H

#include <gdal.h>

#include "render.h"

/* Errors as sp_render_outdir.  progress (may be NULL) gets 0..1. */
sp_status sp_render_sweep(const char *dir, const sp_render_opts *opts, GDALProgressFunc progress,
                          void *parg);

#endif
