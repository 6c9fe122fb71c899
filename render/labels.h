/* labels.h — greedy label placement with collision boxes.
 *
 * Labels are offered in priority order (the caller offers the most important
 * first); each label may have several candidate positions, tried in order.
 * A candidate is taken when it lies inside the frame and overlaps no box
 * taken before it (labels and obstacles such as markers, the scale bar or
 * the north arrow); otherwise the next candidate is tried, and a label with
 * no free candidate is dropped, never drawn over another.
 *
 * Boxes are convex quadrilaterals in page points (rotated rectangles for
 * labels along roads); overlap is the separating-axis test.
 */
#ifndef SP_LABELS_H
#define SP_LABELS_H

typedef struct {
    double x[4], y[4];   /* corners in order around the box */
} sp_quad;

typedef struct sp_labeler sp_labeler;

/* Labels must lie inside the frame (x, y, w, h).  NULL when out of memory. */
sp_labeler *sp_labeler_new(double fx, double fy, double fw, double fh);
void sp_labeler_free(sp_labeler *lb);

/* An axis-aligned box. */
sp_quad sp_quad_rect(double x, double y, double w, double h);

/* A w x h box centred on (cx, cy), rotated by angle (radians). */
sp_quad sp_quad_rotated(double cx, double cy, double w, double h, double angle);

/* 1 when two boxes overlap (touching edges do not count). */
int sp_quad_overlap(const sp_quad *a, const sp_quad *b);

/* Reserve a box that labels must avoid (a marker, the legend ...). */
void sp_labeler_block(sp_labeler *lb, const sp_quad *q);

/* 1 when q is free (inside the frame, no overlap); the box is not taken. */
int sp_labeler_free_at(const sp_labeler *lb, const sp_quad *q);

/* Try to take q: 1 and the box is taken, or 0. */
int sp_labeler_take(sp_labeler *lb, const sp_quad *q);

/* Count a label as placed or dropped (for the statistics). */
void sp_labeler_count(sp_labeler *lb, int placed);
int sp_labeler_placed(const sp_labeler *lb);
int sp_labeler_dropped(const sp_labeler *lb);

/* Boxes taken by labels (not obstacles), for tests: n and the i-th. */
int sp_labeler_n_labels(const sp_labeler *lb);
const sp_quad *sp_labeler_label(const sp_labeler *lb, int i);

#endif
