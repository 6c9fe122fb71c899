/* topology.c — see topology.h.
 *
 * The builder keeps growable arrays of nodes, links and link vertices;
 * finishing hands them to the topology and lays out the forward and reverse
 * CSR arrays with a counting sort (stable over link ids, which gives the
 * documented edge order for free).  sp_topo_build() splits the usable road
 * parts at junctions: vertices whose exact coordinates occur twice or more,
 * counted in cache-sized partitions (find_junctions).
 */
#include "topology.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct sp_topo_builder {
    double *node_xy; /* 2 * cap_nodes */
    size_t n_nodes, cap_nodes;
    sp_link *links;
    size_t n_links, cap_links;
    double *geom_xy; /* 2 * cap_geom */
    size_t n_geom, cap_geom;
};

/* ------------------------------------------------------------------------ */
/* Builder                                                                  */

sp_topo_builder *sp_topo_builder_new(void)
{
    sp_topo_builder *b = calloc(1, sizeof *b);
    if (!b)
        sp_error(SP_E_NOMEM, "topology builder: out of memory");
    return b;
}

void sp_topo_builder_free(sp_topo_builder *b)
{
    if (!b)
        return;
    free(b->node_xy);
    free(b->links);
    free(b->geom_xy);
    free(b);
}

/* Grow *arr (items of `per` elements of `elem` bytes) to hold `need` items,
 * at most `max`; *cap is updated.  0 on failure. */
static int grow(void **arr, size_t *cap, size_t need, size_t max, size_t per, size_t elem)
{
    if (need <= *cap)
        return 1;
    if (need > max)
        return 0;
    size_t ncap = *cap ? *cap : 64;
    while (ncap < need)
        ncap = ncap > max / 2 ? max : ncap * 2;
    if (ncap > SIZE_MAX / per)
        return 0;
    void *p = sp_realloc_n(*arr, ncap * per, elem);
    if (!p)
        return 0;
    *arr = p;
    *cap = ncap;
    return 1;
}

int32_t sp_topo_builder_add_node(sp_topo_builder *b, double x, double y)
{
    if (!grow((void **)&b->node_xy, &b->cap_nodes, b->n_nodes + 1, INT32_MAX, 2,
              sizeof(double))) {
        sp_error(SP_E_NOMEM, "topology: out of memory at node %zu", b->n_nodes);
        return -1;
    }
    b->node_xy[2 * b->n_nodes] = x;
    b->node_xy[2 * b->n_nodes + 1] = y;
    return (int32_t)b->n_nodes++;
}

int32_t sp_topo_builder_add_link(sp_topo_builder *b, int32_t from, int32_t to,
                                 const double *xy, uint32_t n, unsigned dirs,
                                 int16_t road_class, int32_t road)
{
    int32_t id = (int32_t)b->n_links, nn = (int32_t)b->n_nodes;
    if (from < 0 || from >= nn || to < 0 || to >= nn) {
        sp_error(SP_E_INTERNAL, "graph builder: link %d: node %d or %d outside 0..%d",
                 (int)id, (int)from, (int)to, (int)nn - 1);
        return -1;
    }
    if (!xy || n < 2) {
        sp_error(SP_E_INTERNAL, "graph builder: link %d: %u vertices, need >= 2", (int)id,
                 (unsigned)n);
        return -1;
    }
    if (!(dirs & (SP_DIR_FWD | SP_DIR_BWD)) || (dirs & ~(SP_DIR_FWD | SP_DIR_BWD))) {
        sp_error(SP_E_INTERNAL, "graph builder: link %d (%d-%d): no allowed direction",
                 (int)id, (int)from, (int)to);
        return -1;
    }
    double len = 0;
    for (uint32_t i = 1; i < n; i++)
        len += hypot(xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]);
    if (!isfinite(len)) {
        sp_error(SP_E_INTERNAL, "graph builder: link %d: non-finite geometry", (int)id);
        return -1;
    }
    if (!grow((void **)&b->links, &b->cap_links, b->n_links + 1, INT32_MAX, 1,
              sizeof(sp_link)) ||
        !grow((void **)&b->geom_xy, &b->cap_geom, b->n_geom + n, UINT32_MAX, 2,
              sizeof(double))) {
        sp_error(SP_E_NOMEM, "topology: out of memory at link %d", (int)id);
        return -1;
    }
    memcpy(b->geom_xy + 2 * b->n_geom, xy, 2 * (size_t)n * sizeof(double));
    b->links[id] = (sp_link){.from = from,
                             .to = to,
                             .length_m = len,
                             .geom_off = (uint32_t)b->n_geom,
                             .geom_len = n,
                             .road = road,
                             .road_class = road_class,
                             .dirs = (uint8_t)dirs};
    b->n_geom += n;
    b->n_links++;
    return id;
}

/* Lay out one CSR side.  For each link in id order, its allowed directions
 * are placed at their key node (the tail for the forward side, the head for
 * the reverse side); the counting sort is stable, so edges of a node stay in
 * link id order. */
static void fill_csr(const sp_topo *t, int reverse, int32_t *off, int32_t *other,
                     int32_t *link, int32_t *cursor)
{
    int32_t n = t->n_nodes;
    memset(off, 0, ((size_t)n + 1) * sizeof *off);
    for (int32_t l = 0; l < t->n_links; l++) {
        const sp_link *k = &t->links[l];
        if (k->dirs & SP_DIR_FWD)
            off[(reverse ? k->to : k->from) + 1]++;
        if (k->dirs & SP_DIR_BWD)
            off[(reverse ? k->from : k->to) + 1]++;
    }
    for (int32_t v = 0; v < n; v++)
        off[v + 1] += off[v];
    memcpy(cursor, off, (size_t)n * sizeof *cursor);
    for (int32_t l = 0; l < t->n_links; l++) {
        const sp_link *k = &t->links[l];
        for (int dir = 0; dir < 2; dir++) {
            if (!(k->dirs & (dir ? SP_DIR_BWD : SP_DIR_FWD)))
                continue;
            int32_t tail = dir ? k->to : k->from, head = dir ? k->from : k->to;
            int32_t e = cursor[reverse ? head : tail]++;
            other[e] = reverse ? tail : head;
            link[e] = l;
        }
    }
}

sp_status sp_topo_builder_finish(sp_topo_builder *b, sp_mode mode, sp_topo **out)
{
    *out = NULL;
    size_t m = 0;
    for (size_t l = 0; l < b->n_links; l++)
        m += !!(b->links[l].dirs & SP_DIR_FWD) + !!(b->links[l].dirs & SP_DIR_BWD);
    if (m > INT32_MAX)
        return sp_error(SP_E_INPUT, "graph: %zu edges, more than supported", m);
    sp_topo *t = calloc(1, sizeof *t);
    if (!t)
        return sp_error(SP_E_NOMEM, "graph: out of memory");
    size_t n = b->n_nodes;
    t->mode = mode;
    t->n_nodes = (int32_t)n;
    t->n_links = (int32_t)b->n_links;
    t->n_geom = (uint32_t)b->n_geom;
    t->n_edges = (int32_t)m;
    /* The builder's arrays move into the topology. */
    t->node_xy = b->node_xy;
    t->links = b->links;
    t->geom_xy = b->geom_xy;
    b->node_xy = NULL;
    b->links = NULL;
    b->geom_xy = NULL;
    b->n_nodes = b->cap_nodes = b->n_links = b->cap_links = b->n_geom = b->cap_geom = 0;
    t->out_off = sp_malloc_n(n + 1, sizeof(int32_t));
    t->out_to = sp_malloc_n(m, sizeof(int32_t));
    t->out_link = sp_malloc_n(m, sizeof(int32_t));
    t->in_off = sp_malloc_n(n + 1, sizeof(int32_t));
    t->in_from = sp_malloc_n(m, sizeof(int32_t));
    t->in_link = sp_malloc_n(m, sizeof(int32_t));
    int32_t *cursor = sp_malloc_n(n, sizeof(int32_t));
    if (!t->out_off || !t->out_to || !t->out_link || !t->in_off || !t->in_from ||
        !t->in_link || !cursor) {
        free(cursor);
        sp_topo_free(t);
        return sp_error(SP_E_NOMEM, "graph: out of memory for %zu nodes, %zu edges", n, m);
    }
    fill_csr(t, 0, t->out_off, t->out_to, t->out_link, cursor);
    fill_csr(t, 1, t->in_off, t->in_from, t->in_link, cursor);
    free(cursor);
    *out = t;
    return SP_OK;
}

void sp_topo_free(sp_topo *t)
{
    if (!t)
        return;
    free(t->node_xy);
    free(t->links);
    free(t->geom_xy);
    free(t->out_off);
    free(t->out_to);
    free(t->out_link);
    free(t->in_off);
    free(t->in_from);
    free(t->in_link);
    free(t->ways);
    free(t);
}

size_t sp_topo_bytes(const sp_topo *t)
{
    if (!t)
        return 0;
    size_t n = (size_t)t->n_nodes, m = (size_t)t->n_edges;
    return sizeof *t + 2 * n * sizeof(double) + (size_t)t->n_links * sizeof(sp_link) +
           2 * (size_t)t->n_geom * sizeof(double) + 2 * (n + 1) * sizeof(int32_t) +
           4 * m * sizeof(int32_t) + (size_t)t->n_ways * sizeof(int32_t);
}

/* ------------------------------------------------------------------------ */
/* From roads                                                               */

/* Junctions.  A vertex becomes a node when its exact coordinates occur
 * twice or more among the usable roads' vertices (an end of a part counts
 * twice, so it always does).  The vertices, numbered in traversal order
 * (road, part, vertex), are first spread by the top bits of a hash of their
 * coordinates into partitions of about 2,000 (one sequential pass, order
 * kept within each), then each partition is counted in a small hash table
 * that stays in cache: a province's 10 million vertices then cost one
 * scattered write each instead of two probes into a table of hundreds of
 * megabytes.  Per vertex the result is whether it is a node and the first
 * vertex with the same coordinates (its representative); nodes are then
 * numbered in order of first appearance, as with one table. */
typedef struct {
    uint64_t kx, ky;
    uint32_t v; /* vertex number | END when it ends its part */
} vkey;

#define END 0x80000000u

typedef struct {
    uint64_t kx, ky;
    uint32_t first; /* 0: empty slot; else the first vertex + 1 */
    int32_t count;
} vslot;

typedef struct {
    uint32_t *rep;     /* per vertex: the first vertex with its coordinates */
    uint8_t *is_node;  /* per vertex: its coordinates occur twice or more */
} junctions;

static uint64_t bits(double d)
{
    uint64_t u;
    if (d == 0)
        d = 0; /* fold -0.0 onto 0.0 */
    memcpy(&u, &d, sizeof u);
    return u;
}

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static uint64_t vhash(uint64_t kx, uint64_t ky)
{
    return mix(kx ^ mix(ky));
}

/* Visit every vertex of the usable roads in traversal order: the body (the
 * macro's last arguments) sees q (its coordinates), v (its number) and end
 * (first or last of its part). */
#define FOR_VERTICES(roads, ways, n_ways, ...)                                               \
    do {                                                                                     \
        uint32_t v = 0;                                                                      \
        for (int32_t wi_ = 0; wi_ < (n_ways); wi_++) {                                       \
            const sp_road *rd_ = &(roads)->roads[(ways)[wi_]];                               \
            for (uint32_t p_ = rd_->part0; p_ < rd_->part0 + rd_->n_parts; p_++) {           \
                const sp_road_part *pt_ = &(roads)->parts[p_];                               \
                for (uint32_t i_ = 0; i_ < pt_->n; i_++, v++) {                              \
                    const double *q = &(roads)->xy[2 * (pt_->off + i_)];                     \
                    int end = i_ == 0 || i_ == pt_->n - 1;                                   \
                    (void)end;                                                               \
                    __VA_ARGS__;                                                             \
                }                                                                            \
            }                                                                                \
        }                                                                                    \
    } while (0)

static sp_status find_junctions(const sp_roads *roads, const int32_t *ways, int32_t n_ways,
                                size_t n_vertices, junctions *J)
{
    if (n_vertices >= END)
        return sp_error(SP_E_INPUT, "%s: %zu road vertices, more than the %u a network may have",
                        roads->what, n_vertices, (unsigned)END - 1);
    int pbits = 0;
    while (pbits < 16 && ((size_t)2048 << pbits) < n_vertices)
        pbits++;
    size_t np = (size_t)1 << pbits;
    size_t *start = sp_calloc_n(np + 1, sizeof *start);
    vkey *keys = sp_malloc_n(n_vertices + 1, sizeof *keys);
    J->rep = sp_malloc_n(n_vertices + 1, sizeof *J->rep);
    J->is_node = sp_malloc_n(n_vertices + 1, 1);
    vslot *tab = NULL;
    if (!start || !keys || !J->rep || !J->is_node)
        goto nomem;
#define PART_OF(h) (pbits ? (size_t)((h) >> (64 - pbits)) : 0)
    FOR_VERTICES(roads, ways, n_ways, start[PART_OF(vhash(bits(q[0]), bits(q[1]))) + 1]++);
    size_t largest = 0;
    for (size_t i = 0; i < np; i++) {
        largest = start[i + 1] > largest ? start[i + 1] : largest;
        start[i + 1] += start[i];
    }
    {
        size_t *fill = sp_malloc_n(np, sizeof *fill);
        if (!fill)
            goto nomem;
        memcpy(fill, start, np * sizeof *fill);
        FOR_VERTICES(roads, ways, n_ways, {
            uint64_t kx = bits(q[0]), ky = bits(q[1]);
            vkey *k = &keys[fill[PART_OF(vhash(kx, ky))]++];
            k->kx = kx;
            k->ky = ky;
            k->v = v | (end ? END : 0);
        });
        free(fill);
    }
#undef PART_OF
    size_t cap = 1;
    while (cap < 2 * largest + 2)
        cap <<= 1;
    tab = sp_malloc_n(cap, sizeof *tab);
    if (!tab)
        goto nomem;
    for (size_t p = 0; p < np; p++) {
        size_t n = start[p + 1] - start[p];
        size_t tc = 1;
        while (tc < 2 * n + 2)
            tc <<= 1;
        memset(tab, 0, tc * sizeof *tab);
        const vkey *k0 = keys + start[p];
        /* count each coordinate's occurrences, keeping its first vertex
         * (the partition holds its vertices in traversal order) */
        for (size_t j = 0; j < n; j++) {
            const vkey *k = &k0[j];
            size_t i = (size_t)vhash(k->kx, k->ky) & (tc - 1);
            while (tab[i].first && !(tab[i].kx == k->kx && tab[i].ky == k->ky))
                i = (i + 1) & (tc - 1);
            if (!tab[i].first) {
                tab[i].kx = k->kx;
                tab[i].ky = k->ky;
                tab[i].first = (k->v & ~END) + 1;
                tab[i].count = 0;
            }
            tab[i].count += k->v & END ? 2 : 1;
        }
        for (size_t j = 0; j < n; j++) {
            const vkey *k = &k0[j];
            size_t i = (size_t)vhash(k->kx, k->ky) & (tc - 1);
            while (!(tab[i].kx == k->kx && tab[i].ky == k->ky))
                i = (i + 1) & (tc - 1);
            J->rep[k->v & ~END] = tab[i].first - 1;
            J->is_node[k->v & ~END] = tab[i].count >= 2;
        }
    }
    free(tab);
    free(keys);
    free(start);
    return SP_OK;
nomem:
    free(tab);
    free(keys);
    free(start);
    return sp_error(SP_E_NOMEM, "out of memory building the network graph");
}

/* The usable roads (in read order) and the stats of the choice.  OUT:
 * *ways (malloc'd), *n_ways, *n_vertices (of their parts). */
static sp_status choose_ways(const sp_roads *roads, const sp_profile *prof, sp_topo_stats *st,
                             int32_t **ways, int32_t *n_ways, size_t *n_vertices)
{
    /* Profile class per interned string, found once per string. */
    int16_t *klass = sp_malloc_n(roads->n_strings ? (size_t)roads->n_strings : 1, sizeof *klass);
    *ways = sp_malloc_n(roads->n_roads ? (size_t)roads->n_roads : 1, sizeof **ways);
    if (!klass || !*ways) {
        free(klass);
        free(*ways);
        *ways = NULL;
        return sp_error(SP_E_NOMEM, "out of memory building the network graph");
    }
    for (int32_t i = 0; i < roads->n_strings; i++)
        klass[i] = (int16_t)sp_profile_find(prof, roads->strings[i]);
    unsigned bit = SP_ROAD_ACCESS(prof->mode);
    *n_ways = 0;
    *n_vertices = 0;
    st->ways_read = roads->n_roads;
    for (int32_t r = 0; r < roads->n_roads; r++) {
        const sp_road *rd = &roads->roads[r];
        if (rd->klass < 0 || klass[rd->klass] < 0) {
            st->ways_skipped_class++;
        } else if (rd->area) {
            st->ways_skipped_area++;
        } else if (!(rd->access & bit)) {
            st->ways_skipped_access++;
        } else {
            (*ways)[(*n_ways)++] = r;
            st->ways_degenerate += rd->n_degenerate;
            st->ways_used += rd->n_parts > 0;
            for (uint32_t p = 0; p < rd->n_parts; p++)
                *n_vertices += roads->parts[rd->part0 + p].n;
        }
    }
    free(klass);
    return SP_OK;
}

/* Split the parts of the usable roads at junctions into links of b. */
static sp_status split_ways(const sp_roads *roads, const sp_profile *prof, const int32_t *ways,
                            int32_t n_ways, size_t n_vertices, sp_topo_builder *b,
                            sp_topo_stats *st)
{
    junctions J = {0};
    int32_t *node_of = NULL; /* per representative vertex: its node, or -1 */
    sp_status rc = find_junctions(roads, ways, n_ways, n_vertices, &J);
    if (rc == SP_OK && !(node_of = sp_malloc_n(n_vertices + 1, sizeof *node_of)))
        rc = sp_error(SP_E_NOMEM, "out of memory building the network graph");
    if (rc) {
        free(J.rep);
        free(J.is_node);
        return rc;
    }
    memset(node_of, 0xff, (n_vertices + 1) * sizeof *node_of);
    /* Nodes are numbered in order of first appearance, so the topology is
     * the same for the same input. */
    uint32_t v = 0;
    for (int32_t wi = 0; wi < n_ways && rc == SP_OK; wi++) {
        const sp_road *rd = &roads->roads[ways[wi]];
        int16_t klass = (int16_t)sp_profile_find(prof, sp_roads_str(roads, rd->klass));
        int dir = prof->mode == SP_MODE_CAR ? rd->oneway : 0;
        unsigned dirs = dir > 0 ? SP_DIR_FWD : dir < 0 ? SP_DIR_BWD : SP_DIR_FWD | SP_DIR_BWD;
        for (uint32_t p = rd->part0; p < rd->part0 + rd->n_parts && rc == SP_OK; p++) {
            const sp_road_part *pt = &roads->parts[p];
            int32_t from = -1;
            uint32_t start = 0;
            for (uint32_t i = 0; i < pt->n; i++, v++) {
                if (!J.is_node[v])
                    continue;
                const double *q = &roads->xy[2 * (pt->off + i)];
                int32_t *node = &node_of[J.rep[v]];
                if (*node < 0 && (*node = sp_topo_builder_add_node(b, q[0], q[1])) < 0) {
                    rc = sp_error(SP_E_NOMEM, "out of memory building the network graph");
                    break;
                }
                if (from >= 0) {
                    const double *seg = &roads->xy[2 * (pt->off + start)];
                    int32_t lid = sp_topo_builder_add_link(b, from, *node, seg, i - start + 1,
                                                           dirs, klass, ways[wi]);
                    if (lid < 0) { /* the builder said why */
                        rc = sp_error(SP_E_NOMEM, "out of memory building the network graph");
                        break;
                    }
                    if (dir != 0)
                        st->oneway_links++;
                    st->length_km += b->links[lid].length_m / 1000.0;
                }
                from = *node;
                start = i;
            }
        }
    }
    free(node_of);
    free(J.rep);
    free(J.is_node);
    return rc;
}

sp_status sp_topo_build(const sp_roads *roads, const sp_profile *prof, sp_topo **out)
{
    *out = NULL;
    sp_topo_stats st = {0};
    int32_t *ways = NULL, n_ways = 0;
    size_t n_vertices = 0;
    sp_topo_builder *b = NULL;
    sp_status rc = choose_ways(roads, prof, &st, &ways, &n_ways, &n_vertices);
    if (rc)
        return rc;
    if (st.ways_used == 0) {
        free(ways);
        return sp_error(SP_E_INPUT, "%s: no road usable on %s (%ld ways read, %ld of classes "
                        "the profile does not list)", roads->what, sp_mode_name(prof->mode),
                        st.ways_read, st.ways_skipped_class);
    }
    b = sp_topo_builder_new();
    if (!b)
        rc = sp_error(SP_E_NOMEM, "out of memory building the network graph");
    if (rc == SP_OK)
        rc = split_ways(roads, prof, ways, n_ways, n_vertices, b, &st);
    if (rc == SP_OK)
        rc = sp_topo_builder_finish(b, prof->mode, out);
    if (rc == SP_OK) {
        (*out)->ways = ways;
        (*out)->n_ways = n_ways;
        (*out)->stats = st;
        ways = NULL;
    }
    free(ways);
    sp_topo_builder_free(b);
    return rc;
}
