/* report_flow.h — the flow that lays out report.pdf (report_flow.c): a
 * cursor moves down the page; anything that does not fit starts a new
 * page.  With cr NULL nothing is drawn and only pages are counted, so a
 * counting pass and a drawing pass take the same decisions.  Used by
 * report.c and compare_report.c only.  Threads: one flow per thread. */
#ifndef SP_REPORT_FLOW_H
#define SP_REPORT_FLOW_H

#include <cairo.h>

#include "i18n.h"
#include "text.h"

#define MARGIN 40.0
#define FOOTER_H 22.0
#define CELL_PAD 3.5
#define BODY 8.5

typedef struct {
    cairo_t *cr;              /* NULL in the counting pass */
    cairo_surface_t *surface;
    sp_text *t;
    sp_lang lang;
    double pw, ph;
    double y;
    int page, total;
    const char *footer;
} flow;

typedef enum { AL_L, AL_R } col_align;

typedef struct {
    const char *title;
    double frac;              /* share of the text width */
    col_align al;
} column;

/* Text width and the lowest cursor position of a page, points. */
double sp__flow_text_w(const flow *f);
double sp__flow_bottom(const flow *f);

/* Start a page (white, cursor at the top); end one (footer "page N of M"
 * when asked, then cairo_show_page); new_page = end with footer + begin. */
void sp__flow_begin_page(flow *f);
void sp__flow_end_page(flow *f, int with_footer);
void sp__flow_new_page(flow *f);

/* A PDF bookmark to the current page. */
void sp__flow_bookmark(flow *f, const char *name);

/* A wrapped paragraph at the cursor. */
void sp__flow_paragraph(flow *f, const char *s, double size, int flags, double gap_after);

/* A section heading and its height. */
double sp__flow_heading_h(flow *f, const char *s);
void sp__flow_heading(flow *f, const char *s);

/* A table with a heading; rows is nr x nc strings (see report_flow.c for
 * the page-break rules). */
void sp__flow_table(flow *f, const char *title, const column *cols, int nc, char **rows, int nr);

#endif
