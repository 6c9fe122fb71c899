/* search_private.h — the search workspace's fields, for the modules of net/
 * that fill it by other means than Dijkstra's (hierarchy.c).  Not for use
 * outside analysis/net/. */
#ifndef SP_SEARCH_PRIVATE_H
#define SP_SEARCH_PRIVATE_H

#include "lazyheap.h"
#include "search.h"

struct sp_search {
    int32_t cap;       /* nodes the workspace was sized for */
    double *dist;      /* cap: INFINITY except for the settled nodes */
    int32_t *settled;  /* cap: settle order of the last search */
    int32_t n_settled;
    sp_lazyheap heap;
    int32_t *pred;     /* cap, or NULL when routes are off: see sp_search_pred */
    int pred_valid;    /* the last search ran with routes on */
    sp_direction dir;  /* of the last search */
    double *hdist;     /* cap, or NULL: hierarchy.c's times by position,
                        * all INFINITY between runs */
};

/* The checks of sp_search_run() on its arguments (search.h), for a
 * workspace of cap nodes; hierarchy.c and msearch.c make the same: SP_OK
 * or SP_E_INTERNAL with a message. */
sp_status sp__search_check(int32_t cap, const sp_graph *g, const sp_seed *seeds,
                           size_t n_seeds, double limit_s);

/* Forget the previous result: O(nodes it settled). */
void sp__search_reset(sp_search *ws);

#endif
