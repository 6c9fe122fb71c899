/* compare_map.h — the difference map of one scenario against the baseline
 * (siteplan compare): the page of map.h (layout, roads, north arrow, scale
 * bar, attribution, the road labels it plans) with the baseline's clusters
 * coloured by what changed and the sites added, closed and moved.
 *
 * A cluster of the baseline is
 *   gained   covered in the scenario and not in the baseline,
 *   lost     covered in the baseline and not in the scenario (or the
 *            scenario has no cluster of that id),
 *   both     covered in both, neither: covered in neither;
 * read from changes.csv (covered_1 and covered_k) for the clusters it
 * lists, and from the baseline's results for the others (changes.csv lists
 * every cluster that differs anywhere).  Sites are matched by id between
 * the baseline's and the scenario's sites layer: added (only in the
 * scenario), closed (only in the baseline), moved (both, more than 1 m
 * apart).
 *
 * Ownership: the map borrows c, base and scen (they must outlive it).
 * Threads: one map per thread.
 */
#ifndef SP_COMPARE_MAP_H
#define SP_COMPARE_MAP_H

#include <cairo.h>

#include "compare_read.h"
#include "map.h"

typedef enum { SP_CM_NEITHER, SP_CM_BOTH, SP_CM_LOST, SP_CM_GAINED, SP_CM_COUNT } sp_cm_state;
typedef enum { SP_CS_ADDED, SP_CS_CLOSED, SP_CS_MOVED } sp_cs_kind;

typedef struct {
    sp_cs_kind kind;
    const sp_rsite *site;     /* the scenario's site (added, moved) or the baseline's (closed) */
    const sp_rsite *before;   /* moved: the baseline's */
    double moved_m;
} sp_csite_change;

typedef struct {
    int clusters[SP_CM_COUNT];
    double workers[SP_CM_COUNT];
    int sites[3];             /* by sp_cs_kind */
} sp_cmap_counts;

typedef struct sp_cmap sp_cmap;

/* Plan the map of scenario k (0-based row of c, k >= 1).  o->title is the
 * title shown.  OUT: *out (sp_cmap_free). */
sp_status sp_cmap_new(const sp_rcompare *c, int k, const sp_results *base, const sp_results *scen,
                      const sp_map_opts *o, sp_text *t, sp_cmap **out);
void sp_cmap_free(sp_cmap *m);

void sp_cmap_draw(const sp_cmap *m, cairo_t *cr, sp_text *t);

const sp_cmap_counts *sp_cmap_get_counts(const sp_cmap *m);
/* The state of baseline cluster i. */
sp_cm_state sp_cmap_state(const sp_cmap *m, int i);
/* Sites added, closed and moved, in that order (each by id). */
int sp_cmap_n_site_changes(const sp_cmap *m);
const sp_csite_change *sp_cmap_site_change(const sp_cmap *m, int i);
/* The subtitle lines (comparison; changes), owned by the map. */
const char *sp_cmap_subtitle(const sp_cmap *m, int line);

#endif
