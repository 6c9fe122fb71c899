/* compare_report.h — compare_report.pdf of siteplan compare: the scenarios
 * side by side (comparison.csv), then for each scenario against the
 * baseline its difference map (the page of compare.pdf) and its largest
 * changes: the clusters gained and lost with the most workers (from
 * changes.csv, naming the cluster and the nearest sites) and the sites
 * added, closed and moved.  Laid out by report_flow.h (page breaks,
 * "page N of M" footers, one bookmark per section).
 * Threads: one report per thread. */
#ifndef SP_COMPARE_REPORT_H
#define SP_COMPARE_REPORT_H

#include <cairo.h>

#include "compare_map.h"

/* Rows in each "largest changes" table. */
#define SP_CREPORT_TOP 10

typedef struct {
    const sp_rcompare *c;
    sp_results *const *res;   /* c->n results, the baseline first */
    sp_cmap *const *maps;     /* c->n; [0] unused */
    const char *title;
    double page_w, page_h;
} sp_creport;

/* Draw onto a PDF surface of the page size; with pdf NULL only count the
 * pages.  OUT: *pages. */
sp_status sp_creport_draw(cairo_surface_t *pdf, const sp_creport *r, sp_text *t, int *pages);

#endif
