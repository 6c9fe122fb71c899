/* chart.h — the charts: the coverage curve (and the sweep charts, below): workers covered against the number of new
 * stations (coverage_curve.csv), with the existing coverage as the
 * baseline, the budget marked, the workers each ranked station adds as bars,
 * and the point of diminishing returns.
 *
 * Diminishing returns ("knee"): on the curve scaled to 0..1 on both axes
 * (no new stations .. the largest count; existing coverage .. the best), the
 * count where the curve lies farthest above the straight line between its
 * ends.  Beyond it each further station adds less than the average station
 * up to the largest count.  None when the curve never rises above that line.
 */
#ifndef SP_CHART_H
#define SP_CHART_H

#include <cairo.h>

#include "render_data.h"
#include "sweep_read.h"
#include "text.h"

/* The curve index of the point of diminishing returns, or -1. */
int sp_chart_knee(const sp_results *d);

/* Draw the chart into the rectangle (x, y, w, h), points. */
void sp_chart_draw(cairo_t *cr, const sp_results *d, sp_text *t, double x, double y, double w,
                   double h);

/* The chart of one varied numeric key of a sweep (sweep_read.h; key: an
 * index into s->keys): percent of workers covered against the key's values
 * (with the new stations when the runs have [siting]; the existing
 * stations' coverage then dashed in the same colour), one line per
 * combination of the other keys' values, in the colours of the coverage
 * curve's palette.  A point whose siting answer is not proven optimal is
 * drawn hollow.  Same axes, fonts and key style as sp_chart_draw. */
void sp_chart_sweep_draw(cairo_t *cr, const sp_sweep_results *s, int key, sp_text *t, double x,
                         double y, double w, double h);

#endif
