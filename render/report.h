/* report.h — report.pdf: a multi-page PDF drawn from a results folder.
 *
 * Pages: a summary (figures from summary.json, coverage by threshold), the
 * map (the same page as map.pdf), the coverage curve (when there are
 * recommendations), then the ranked recommendations, the largest gaps and
 * the inputs and rules, flowing from page to page.  A table that does not
 * fit breaks between rows, and the next page repeats its heading
 * ("continued") and its header row; a heading is never left alone at the
 * foot of a page.  Every page but the map has a footer with "page N of M";
 * the PDF has one bookmark per section.  With [mobile] (and
 * sp_report_opts.mobile) the "Mobile units" section comes last.
 */
#ifndef SP_REPORT_H
#define SP_REPORT_H

#include <cairo.h>

#include "map.h"
#include "mobile_map.h"
#include "render_data.h"
#include "status.h"
#include "text.h"

typedef struct {
    const char *title;       /* resolved title */
    double page_w, page_h;   /* points (landscape A4 or A3) */
    const sp_mmap *mobile;   /* [mobile]: the plan's map; the "Mobile units" section
                                (report_mobile.h) follows the other pages; NULL = none */
} sp_report_opts;

/* Draw the report onto a PDF surface of the page size, one cairo_show_page
 * per page.  With pdf NULL nothing is drawn and only the pages are counted.
 * OUT: *pages. */
sp_status sp_report_draw(cairo_surface_t *pdf, const sp_results *d, const sp_map *map, sp_text *t,
                         const sp_report_opts *o, int *pages);

#endif
