/* render_out.h — the output files of render.c for other drawings in
 * render/ (compare_render.c, sweep_render.c): written atomically like map.png and
 * report.pdf, same bytes for the same drawing (the PDF date is pinned).
 * Not part of the API.  Threads: any, one file per call. */
#ifndef SP_RENDER_OUT_H
#define SP_RENDER_OUT_H

#include <cairo.h>

#include "status.h"

/* dir/name: a PNG of w_pt x h_pt points at dpi, drawn by draw(cr, arg) in points. */
sp_status sp__render_png(const char *dir, const char *name, double w_pt, double h_pt, int dpi,
                         void (*draw)(cairo_t *cr, void *arg), void *arg);

/* dir/name: a PDF with pages of w_pt x h_pt points drawn by pages(pdf, arg)
 * (one cairo_show_page per page); nothing is left when pages fails. */
sp_status sp__render_pdf(const char *dir, const char *name, double w_pt, double h_pt,
                         const char *title, sp_status (*pages)(cairo_surface_t *pdf, void *arg),
                         void *arg);

#endif
