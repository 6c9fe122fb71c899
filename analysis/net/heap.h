/* heap.h — an indexed 4-ary min-heap of node ids keyed by doubles, with
 * decrease-key (capassign's searches; the plain search uses lazyheap.h).
 *
 * Contract:
 *   - A heap is sized once for node ids 0 .. n-1 (sp_heap_new(n)) and holds
 *     each id at most once.  Nothing is allocated after sp_heap_new().
 *   - sp_heap_push() inserts an id that is not in the heap;
 *     sp_heap_decrease() lowers the key of an id that is; sp_heap_update()
 *     does whichever applies and ignores a key that is not lower.
 *   - sp_heap_pop() removes and returns an id with the smallest key (ties in
 *     no particular order, but deterministic for the same operations).
 *   - sp_heap_clear() empties the heap in time proportional to the number of
 *     ids still in it, never to n, so one heap is cheap to reuse for many
 *     searches.
 *   - Keys must not be NaN.  Preconditions (id in range, push of an absent id,
 *     decrease of a present id to a key not above its current one, pop of a
 *     non-empty heap) are the caller's.  They are checked by assert() only when
 *     SP_HEAP_DEBUG is defined (the tests define it): the Makefile never
 *     defines NDEBUG, and these operations sit in the search's inner loop.
 *   - The struct is visible only so that the hot operations inline into the
 *     search loop; treat its fields as private and use the functions.
 */
#ifndef SP_HEAP_H
#define SP_HEAP_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#ifdef SP_HEAP_DEBUG
#define SP_HEAP_ASSERT(cond) assert(cond)
#else
#define SP_HEAP_ASSERT(cond) ((void)0)
#endif

typedef struct {
    double key;
    int32_t id;
} sp_heap_item;

typedef struct sp_heap {
    sp_heap_item *items; /* the heap array, items[0] is the minimum */
    int32_t *pos;        /* n: index of id in items, -1 when absent */
    int32_t size;        /* ids in the heap */
    int32_t cap;         /* n */
} sp_heap;

/* A heap for ids 0 .. n-1 (n >= 0); NULL on out of memory or n < 0.
 * Free with sp_heap_free(). */
sp_heap *sp_heap_new(int32_t n);

/* NULL-safe. */
void sp_heap_free(sp_heap *h);

/* Remove every id; O(number of ids in the heap). */
void sp_heap_clear(sp_heap *h);

/* Invariant check (heap order, pos/items agreement); SP_OK or SP_E_INTERNAL
 * with a message.  O(n): for tests. */
sp_status sp_heap_check(const sp_heap *h);

static inline int32_t sp_heap_size(const sp_heap *h) { return h->size; }

static inline int sp_heap_contains(const sp_heap *h, int32_t id)
{
    SP_HEAP_ASSERT(id >= 0 && id < h->cap);
    return h->pos[id] >= 0;
}

/* Current key of an id in the heap. */
static inline double sp_heap_key(const sp_heap *h, int32_t id)
{
    SP_HEAP_ASSERT(sp_heap_contains(h, id));
    return h->items[h->pos[id]].key;
}

/* The index of the smallest of the (up to 4) children at c .. c + 3 of a
 * 4-ary heap of n items (c < n); ties to the first.  Shared with
 * lazyheap.h. */
static inline size_t sp__heap_min_child(const sp_heap_item *items, size_t c, size_t n)
{
    size_t best = c;
    double bk = items[c].key;
    size_t end = c + 4 < n ? c + 4 : n;
    for (size_t j = c + 1; j < end; j++) {
        if (items[j].key < bk) {
            bk = items[j].key;
            best = j;
        }
    }
    return best;
}

/* Move the item at index i towards the root until its parent is not larger.
 * The hole technique writes each displaced parent once instead of swapping. */
static inline void sp__heap_sift_up(sp_heap *h, int32_t i, sp_heap_item it)
{
    sp_heap_item *items = h->items;
    int32_t *pos = h->pos;
    while (i > 0) {
        int32_t p = (i - 1) >> 2;
        if (!(it.key < items[p].key))
            break;
        items[i] = items[p];
        pos[items[p].id] = i;
        i = p;
    }
    items[i] = it;
    pos[it.id] = i;
}

static inline void sp_heap_push(sp_heap *h, int32_t id, double key)
{
    SP_HEAP_ASSERT(id >= 0 && id < h->cap && h->pos[id] < 0 && key == key);
    sp_heap_item it = {key, id};
    sp__heap_sift_up(h, h->size++, it);
}

static inline void sp_heap_decrease(sp_heap *h, int32_t id, double key)
{
    SP_HEAP_ASSERT(sp_heap_contains(h, id) && key <= sp_heap_key(h, id));
    sp_heap_item it = {key, id};
    sp__heap_sift_up(h, h->pos[id], it);
}

/* Insert id, or lower its key; a key not below the current one is ignored.
 * Returns 1 if the heap changed. */
static inline int sp_heap_update(sp_heap *h, int32_t id, double key)
{
    SP_HEAP_ASSERT(id >= 0 && id < h->cap);
    if (h->pos[id] < 0) {
        sp_heap_push(h, id, key);
        return 1;
    }
    if (!(key < h->items[h->pos[id]].key))
        return 0;
    sp_heap_decrease(h, id, key);
    return 1;
}

/* Remove the minimum; its key goes to *key (if not NULL). */
static inline int32_t sp_heap_pop(sp_heap *h, double *key)
{
    SP_HEAP_ASSERT(h->size > 0);
    sp_heap_item *items = h->items;
    int32_t *pos = h->pos;
    sp_heap_item top = items[0];
    pos[top.id] = -1;
    if (key)
        *key = top.key;
    int32_t n = --h->size;
    if (n == 0)
        return top.id;
    /* Sift the last item down from the root, through the smallest child. */
    sp_heap_item it = items[n];
    int32_t i = 0;
    for (;;) {
        int32_t c = 4 * i + 1;
        if (c >= n)
            break;
        size_t best = sp__heap_min_child(items, (size_t)c, (size_t)n);
        if (!(items[best].key < it.key))
            break;
        items[i] = items[best];
        pos[items[i].id] = i;
        i = (int32_t)best;
    }
    items[i] = it;
    pos[it.id] = i;
    return top.id;
}

#endif
