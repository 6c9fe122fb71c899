/* chart.h — the coverage curve: workers covered against the number of new
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
#include "text.h"

/* The curve index of the point of diminishing returns, or -1. */
int sp_chart_knee(const sp_results *d);

/* Draw the chart into the rectangle (x, y, w, h), points. */
void sp_chart_draw(cairo_t *cr, const sp_results *d, sp_text *t, double x, double y, double w,
                   double h);

#endif
