/* labels.c — greedy label placement (see labels.h). */
#include "labels.h"

#include <math.h>
#include <stdlib.h>

typedef struct {
    sp_quad q;
    double bb[4];   /* xmin, ymin, xmax, ymax */
} box;

struct sp_labeler {
    double fx, fy, fw, fh;
    box *boxes;
    int n, cap;
    int placed, dropped;
    int *labels;    /* indices of label boxes */
    int n_labels;
};

sp_labeler *sp_labeler_new(double fx, double fy, double fw, double fh)
{
    sp_labeler *lb = calloc(1, sizeof *lb);
    if (!lb)
        return NULL;
    lb->fx = fx;
    lb->fy = fy;
    lb->fw = fw;
    lb->fh = fh;
    return lb;
}

void sp_labeler_free(sp_labeler *lb)
{
    if (!lb)
        return;
    free(lb->boxes);
    free(lb->labels);
    free(lb);
}

sp_quad sp_quad_rect(double x, double y, double w, double h)
{
    sp_quad q = {{x, x + w, x + w, x}, {y, y, y + h, y + h}};
    return q;
}

sp_quad sp_quad_rotated(double cx, double cy, double w, double h, double angle)
{
    double c = cos(angle), s = sin(angle);
    const double dx[4] = {-w / 2, w / 2, w / 2, -w / 2};
    const double dy[4] = {-h / 2, -h / 2, h / 2, h / 2};
    sp_quad q;
    for (int i = 0; i < 4; i++) {
        q.x[i] = cx + dx[i] * c - dy[i] * s;
        q.y[i] = cy + dx[i] * s + dy[i] * c;
    }
    return q;
}

static void bbox(const sp_quad *q, double bb[4])
{
    bb[0] = bb[2] = q->x[0];
    bb[1] = bb[3] = q->y[0];
    for (int i = 1; i < 4; i++) {
        bb[0] = fmin(bb[0], q->x[i]);
        bb[2] = fmax(bb[2], q->x[i]);
        bb[1] = fmin(bb[1], q->y[i]);
        bb[3] = fmax(bb[3], q->y[i]);
    }
}

/* Projections of both boxes on the normals of a's edges are disjoint? */
static int separated(const sp_quad *a, const sp_quad *b)
{
    for (int i = 0; i < 4; i++) {
        int j = (i + 1) % 4;
        double nx = -(a->y[j] - a->y[i]), ny = a->x[j] - a->x[i];
        if (nx == 0 && ny == 0)
            continue;
        double amin = INFINITY, amax = -INFINITY, bmin = INFINITY, bmax = -INFINITY;
        for (int k = 0; k < 4; k++) {
            double pa = a->x[k] * nx + a->y[k] * ny, pb = b->x[k] * nx + b->y[k] * ny;
            amin = fmin(amin, pa);
            amax = fmax(amax, pa);
            bmin = fmin(bmin, pb);
            bmax = fmax(bmax, pb);
        }
        if (amax <= bmin || bmax <= amin)
            return 1;
    }
    return 0;
}

int sp_quad_overlap(const sp_quad *a, const sp_quad *b)
{
    double ba[4], bb[4];
    bbox(a, ba);
    bbox(b, bb);
    if (ba[2] <= bb[0] || bb[2] <= ba[0] || ba[3] <= bb[1] || bb[3] <= ba[1])
        return 0;
    return !separated(a, b) && !separated(b, a);
}

static int push(sp_labeler *lb, const sp_quad *q, int is_label)
{
    if (lb->n == lb->cap) {
        int cap = lb->cap ? 2 * lb->cap : 64;
        box *nb = realloc(lb->boxes, (size_t)cap * sizeof *nb);
        int *nl = realloc(lb->labels, (size_t)cap * sizeof *nl);
        if (nb)
            lb->boxes = nb;
        if (nl)
            lb->labels = nl;
        if (!nb || !nl)
            return 0;
        lb->cap = cap;
    }
    box *b = &lb->boxes[lb->n];
    b->q = *q;
    bbox(q, b->bb);
    if (is_label)
        lb->labels[lb->n_labels++] = lb->n;
    lb->n++;
    return 1;
}

void sp_labeler_block(sp_labeler *lb, const sp_quad *q) { push(lb, q, 0); }

int sp_labeler_free_at(const sp_labeler *lb, const sp_quad *q)
{
    double bb[4];
    bbox(q, bb);
    if (bb[0] < lb->fx || bb[1] < lb->fy || bb[2] > lb->fx + lb->fw || bb[3] > lb->fy + lb->fh)
        return 0;
    for (int i = 0; i < lb->n; i++) {
        const box *b = &lb->boxes[i];
        if (bb[2] <= b->bb[0] || b->bb[2] <= bb[0] || bb[3] <= b->bb[1] || b->bb[3] <= bb[1])
            continue;
        if (!separated(q, &b->q) && !separated(&b->q, q))
            return 0;
    }
    return 1;
}

int sp_labeler_take(sp_labeler *lb, const sp_quad *q)
{
    if (!sp_labeler_free_at(lb, q))
        return 0;
    return push(lb, q, 1);
}

void sp_labeler_count(sp_labeler *lb, int placed)
{
    if (placed)
        lb->placed++;
    else
        lb->dropped++;
}

int sp_labeler_placed(const sp_labeler *lb) { return lb->placed; }
int sp_labeler_dropped(const sp_labeler *lb) { return lb->dropped; }
int sp_labeler_n_labels(const sp_labeler *lb) { return lb->n_labels; }

const sp_quad *sp_labeler_label(const sp_labeler *lb, int i)
{
    return i >= 0 && i < lb->n_labels ? &lb->boxes[lb->labels[i]].q : NULL;
}
