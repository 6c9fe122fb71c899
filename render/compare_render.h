/* compare_render.h — the drawings of a `siteplan compare` folder, from its
 * files only (compare_read.h, results_read.h): comparison.csv, changes.csv
 * and each scenario's results folder.  Written into the folder, each file
 * atomically:
 *   compare.png          scenario 2 against the baseline (scenario 1)
 *   compare-K.png        scenario K >= 3 against the baseline (stale ones of
 *                        an earlier, longer comparison are removed)
 *   compare.pdf          one page per scenario against the baseline
 *   compare_report.pdf   the table, then per scenario its map and largest
 *                        changes (compare_report.h)
 * Page, dpi and language: the baseline's [render] (its summary.json
 * "render"), the language overridden by opts->language; the title of each
 * map is the scenario's name.  Same folder and options, same bytes.
 */
#ifndef SP_COMPARE_RENDER_H
#define SP_COMPARE_RENDER_H

#include <gdal.h>

#include "render.h"

/* Errors as sp_render_outdir.  stats (may be NULL): files, report_pages,
 * unknown_glyphs, and with opts->record_text the text of compare.png. */
sp_status sp_render_compare(const char *dir, const sp_render_opts *opts, GDALProgressFunc progress,
                            void *parg, sp_render_stats *stats);

#endif
