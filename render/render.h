/* render.h — maps and reports drawn from a results folder.
 *
 * The renderer's only input is an output folder written by sp_outcome_write()
 * (run.h): summary.json, results.gpkg and, when [siting] ran,
 * coverage_curve.csv.  It computes no analysis.  `siteplan run` calls
 * sp_render_outdir() right after writing the results and `siteplan render
 * OUTDIR` calls it on a saved folder, so both go through the same code.
 *
 * It writes into the same folder, each file atomically (temporary name in
 * the folder, then rename):
 *   map.png            the map, at opts->dpi
 *   map.pdf, map.svg   the same map as vector graphics (one page)
 *   coverage_curve.png workers covered against new stations (only when the
 *                      results have recommendations; a stale one is removed)
 *   mobile_map.png     the mobile-unit plan (mobile_map.h), only when
 *                      summary.json has "mobile"; a stale one is removed
 *   report.pdf         summary, map, curve, recommendations, gaps, inputs;
 *                      with [mobile] the "Mobile units" section
 * Same folder and options, same bytes (the PDF creation date is pinned).
 *
 * The options recorded in summary.json "render" {title, page, dpi,
 * language} are used unless sp_render_opts overrides them; the overrides
 * are not written back.
 */
#ifndef SP_RENDER_H
#define SP_RENDER_H

#include <gdal.h>

#include "status.h"

typedef struct {
    const char *title;    /* map title; NULL = summary.json render.title (then the scenario name) */
    const char *page;     /* "A4" or "A3" (landscape); NULL = saved */
    int dpi;              /* PNG resolution, 50..600; 0 = saved */
    const char *language; /* "en" or "zh"; NULL = saved */
    int record_text;      /* tests: fill sp_render_stats.map_text */
} sp_render_opts;

typedef struct {
    int files;            /* files written */
    int report_pages;     /* pages of report.pdf */
    long unknown_glyphs;  /* characters drawn without a glyph in any font (0 = none shown as boxes) */
    int labels_placed;    /* map labels drawn */
    int labels_dropped;   /* map labels left out because they would collide */
    char *map_text;       /* OUT when record_text: every string drawn on the map, one per line (g_free) */
    int curve;            /* 1 when coverage_curve.png was written */
    int mobile_map;       /* 1 when mobile_map.png was written ([mobile]) */
} sp_render_stats;

/* Draw the maps and the report of the results in dir.  opts may be NULL
 * (all saved options).  progress may be NULL; it gets 0..1.  stats may be
 * NULL.  Errors: SP_E_IO (missing or unreadable results, unwritable
 * folder), SP_E_INPUT (a bad option or a malformed summary.json),
 * SP_E_RENDER (cairo failed; the message is cairo's). */
sp_status sp_render_outdir(const char *dir, const sp_render_opts *opts, GDALProgressFunc progress,
                           void *parg, sp_render_stats *stats);

/* Check one option value as siteplan render and [render] take it.  Each
 * returns SP_OK or SP_E_USAGE with a message naming the option. */
sp_status sp_render_check_page(const char *page);
sp_status sp_render_check_language(const char *lang);
sp_status sp_render_check_dpi(int dpi);

/* `siteplan render OUTDIR ...` (render/cmd_render.c): argv[0] is "render";
 * returns the exit code (0, 1 bad input or usage, 2 internal failure). */
int sp_cmd_render(int argc, char **argv);

#endif
