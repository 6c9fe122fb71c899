/* heap.c — see heap.h. */
#include "heap.h"

#include <stdlib.h>

sp_heap *sp_heap_new(int32_t n)
{
    if (n < 0)
        return NULL;
    sp_heap *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->items = sp_malloc_n((size_t)n, sizeof *h->items);
    h->pos = sp_malloc_n((size_t)n, sizeof *h->pos);
    if (!h->items || !h->pos) {
        sp_heap_free(h);
        return NULL;
    }
    for (int32_t i = 0; i < n; i++)
        h->pos[i] = -1;
    h->cap = n;
    return h;
}

void sp_heap_free(sp_heap *h)
{
    if (!h)
        return;
    free(h->items);
    free(h->pos);
    free(h);
}

void sp_heap_clear(sp_heap *h)
{
    for (int32_t i = 0; i < h->size; i++)
        h->pos[h->items[i].id] = -1;
    h->size = 0;
}

sp_status sp_heap_check(const sp_heap *h)
{
    if (h->size < 0 || h->size > h->cap)
        return sp_error(SP_E_INTERNAL, "heap: size %d outside 0..%d",
                        (int)h->size, (int)h->cap);
    for (int32_t i = 0; i < h->size; i++) {
        int32_t id = h->items[i].id;
        if (id < 0 || id >= h->cap)
            return sp_error(SP_E_INTERNAL, "heap: item %d has id %d out of range",
                            (int)i, (int)id);
        if (h->pos[id] != i)
            return sp_error(SP_E_INTERNAL, "heap: pos[%d] = %d, expected %d",
                            (int)id, (int)h->pos[id], (int)i);
        if (h->items[i].key != h->items[i].key)
            return sp_error(SP_E_INTERNAL, "heap: item %d has a NaN key", (int)i);
        if (i > 0 && h->items[i].key < h->items[(i - 1) / 4].key)
            return sp_error(SP_E_INTERNAL,
                            "heap: item %d key %g below its parent's %g", (int)i,
                            h->items[i].key, h->items[(i - 1) / 4].key);
    }
    int32_t present = 0;
    for (int32_t id = 0; id < h->cap; id++) {
        int32_t p = h->pos[id];
        if (p == -1)
            continue;
        if (p < 0 || p >= h->size || h->items[p].id != id)
            return sp_error(SP_E_INTERNAL, "heap: stale pos[%d] = %d", (int)id,
                            (int)p);
        present++;
    }
    if (present != h->size)
        return sp_error(SP_E_INTERNAL, "heap: %d ids marked present, size %d",
                        (int)present, (int)h->size);
    return SP_OK;
}
