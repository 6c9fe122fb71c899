/* lazyheap.h — a 4-ary min-heap of (key, id) entries without decrease-key:
 * the priority queue of the Dijkstra search (search.h).
 *
 * Instead of lowering the key of an id already queued, the search pushes
 * the id again with the lower key and skips the older, larger entry when it
 * comes out ("lazy deletion").  With no position index to keep, a pop's
 * sift-down moves entries only, never scattered index stores: on the
 * bundled car network this made the search about 1.15x faster than the
 * indexed heap of heap.h (README.md, "Travel times").
 *
 * Contract:
 *   - An id may be in the heap any number of times; entries are (key, id)
 *     pairs and the heap knows nothing of ids' ranges.
 *   - sp_lazyheap_push() may grow the array (doubling; SP_E_NOMEM, with the
 *     heap unchanged, when that fails); nothing else allocates, and
 *     sp_lazyheap_clear() keeps the memory, so one heap reused for many
 *     searches stops allocating once it has held its largest count.
 *   - sp_lazyheap_pop() removes an entry with the smallest key; entries with
 *     equal keys leave in an order fixed by the sequence of operations
 *     (deterministic).  Keys must not be NaN; popping an empty heap is the
 *     caller's error (checked only under SP_HEAP_DEBUG, as heap.h).
 *   - Threads: a heap belongs to one thread at a time.
 */
#ifndef SP_LAZYHEAP_H
#define SP_LAZYHEAP_H

#include <stddef.h>
#include <stdint.h>

#include "heap.h"
#include "status.h"

typedef struct {
    sp_heap_item *items; /* items[0] is a minimum */
    size_t size, cap;
} sp_lazyheap;

/* An empty heap (no allocation); free its memory with sp_lazyheap_release(). */
#define SP_LAZYHEAP_INIT {NULL, 0, 0}

void sp_lazyheap_release(sp_lazyheap *h);

static inline void sp_lazyheap_clear(sp_lazyheap *h) { h->size = 0; }

/* Grow to at least one free slot; SP_E_NOMEM (message set) when that fails.
 * Use sp_lazyheap_push(), which calls it only when full. */
sp_status sp_lazyheap_grow(sp_lazyheap *h);

static inline sp_status sp_lazyheap_push(sp_lazyheap *h, int32_t id, double key)
{
    SP_HEAP_ASSERT(key == key);
    if (h->size == h->cap) {
        sp_status st = sp_lazyheap_grow(h);
        if (st)
            return st;
    }
    sp_heap_item *items = h->items;
    size_t i = h->size++;
    while (i > 0) {
        size_t p = (i - 1) >> 2;
        if (!(key < items[p].key))
            break;
        items[i] = items[p];
        i = p;
    }
    items[i].key = key;
    items[i].id = id;
    return SP_OK;
}

/* Remove an entry with the smallest key: its id, its key in *key. */
static inline int32_t sp_lazyheap_pop(sp_lazyheap *h, double *key)
{
    SP_HEAP_ASSERT(h->size > 0);
    sp_heap_item *items = h->items;
    sp_heap_item top = items[0];
    *key = top.key;
    size_t n = --h->size;
    if (n == 0)
        return top.id;
    /* Sift the last entry down from the root, through the smallest child. */
    sp_heap_item it = items[n];
    size_t i = 0;
    for (;;) {
        size_t c = 4 * i + 1;
        if (c >= n)
            break;
        size_t best = sp__heap_min_child(items, c, n);
        if (!(items[best].key < it.key))
            break;
        items[i] = items[best];
        i = best;
    }
    items[i] = it;
    return top.id;
}

#endif
