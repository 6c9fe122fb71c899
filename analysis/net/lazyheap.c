/* lazyheap.c — see lazyheap.h. */
#include "lazyheap.h"

#include <stdlib.h>

void sp_lazyheap_release(sp_lazyheap *h)
{
    free(h->items);
    h->items = NULL;
    h->size = h->cap = 0;
}

sp_status sp_lazyheap_grow(sp_lazyheap *h)
{
    size_t cap = h->cap ? 2 * h->cap : 1024;
    if (cap < h->cap || cap > SIZE_MAX / sizeof *h->items)
        return sp_error(SP_E_NOMEM, "search: queue of %zu entries too large", h->cap);
    sp_heap_item *items = realloc(h->items, cap * sizeof *items);
    if (!items)
        return sp_error(SP_E_NOMEM, "search: no memory for a queue of %zu entries", cap);
    h->items = items;
    h->cap = cap;
    return SP_OK;
}
