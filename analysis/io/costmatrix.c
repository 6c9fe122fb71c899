/* costmatrix.c — the sparse candidate x demand cost matrix (see
 * costmatrix.h); its CSV loader is costmatrix_csv.c. */
#include "costmatrix.h"
#include "costmatrix_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

struct sp_costmatrix {
    int32_t n_cand, n_demand;
    int32_t next_cand;  /* rows 0 .. next_cand-1 are added */
    int finished;
    size_t *row_ptr;    /* n_cand + 1 */
    int32_t *idx;       /* pairs: demand index */
    float *cost;        /* pairs: cost */
    size_t n_pairs, cap_pairs;
    double *weight;     /* n_demand */
    char **cand_id;     /* n_cand, owned */
    char **demand_id;   /* n_demand, owned */
    GHashTable *cand_index;   /* id -> index + 1 (keys borrowed from cand_id) */
    GHashTable *demand_index; /* same for demands */
};

sp_costmatrix *sp_costmatrix_new(int32_t n_cand, int32_t n_demand)
{
    if (n_cand < 0 || n_demand < 0) {
        sp_error(SP_E_INPUT, "cost matrix: bad size %d x %d", (int)n_cand,
                 (int)n_demand);
        return NULL;
    }
    sp_costmatrix *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->n_cand = n_cand;
    m->n_demand = n_demand;
    m->row_ptr = sp_calloc_n((size_t)n_cand + 1, sizeof *m->row_ptr);
    m->weight = sp_malloc_n((size_t)n_demand, sizeof *m->weight);
    m->cand_id = sp_calloc_n((size_t)n_cand, sizeof *m->cand_id);
    m->demand_id = sp_calloc_n((size_t)n_demand, sizeof *m->demand_id);
    if (!m->row_ptr || !m->weight || !m->cand_id || !m->demand_id) {
        sp_costmatrix_free(m);
        return NULL;
    }
    for (int32_t j = 0; j < n_demand; j++)
        m->weight[j] = 1.0;
    return m;
}

void sp_costmatrix_free(sp_costmatrix *m)
{
    if (!m)
        return;
    if (m->cand_index)
        g_hash_table_destroy(m->cand_index);
    if (m->demand_index)
        g_hash_table_destroy(m->demand_index);
    if (m->cand_id)
        for (int32_t i = 0; i < m->n_cand; i++)
            free(m->cand_id[i]);
    if (m->demand_id)
        for (int32_t j = 0; j < m->n_demand; j++)
            free(m->demand_id[j]);
    free(m->cand_id);
    free(m->demand_id);
    free(m->row_ptr);
    free(m->idx);
    free(m->cost);
    free(m->weight);
    free(m);
}

typedef struct {
    int32_t d;
    float c;
} pair_t;

static int pair_cmp(const void *a, const void *b)
{
    const pair_t *x = a, *y = b;
    return (x->d > y->d) - (x->d < y->d);
}

sp_status sp__costmatrix_reserve(sp_costmatrix *m, size_t extra)
{
    if (m->n_pairs + extra <= m->cap_pairs)
        return SP_OK;
    size_t cap = m->cap_pairs ? m->cap_pairs : 1024;
    while (cap < m->n_pairs + extra)
        cap *= 2;
    int32_t *idx = sp_realloc_n(m->idx, cap, sizeof *idx);
    if (!idx)
        return sp_error(SP_E_NOMEM, "cost matrix: out of memory");
    m->idx = idx;
    float *cost = sp_realloc_n(m->cost, cap, sizeof *cost);
    if (!cost)
        return sp_error(SP_E_NOMEM, "cost matrix: out of memory");
    m->cost = cost;
    m->cap_pairs = cap;
    return SP_OK;
}

/* Sort the new pairs [base, base + k) of m by demand (rare: unsorted input). */
static sp_status sort_new_pairs(sp_costmatrix *m, size_t base, size_t k)
{
    pair_t *tmp = sp_malloc_n(k, sizeof *tmp);
    if (!tmp)
        return sp_error(SP_E_NOMEM, "cost matrix: out of memory");
    for (size_t t = 0; t < k; t++)
        tmp[t] = (pair_t){m->idx[base + t], m->cost[base + t]};
    qsort(tmp, k, sizeof *tmp, pair_cmp);
    for (size_t t = 0; t < k; t++) {
        m->idx[base + t] = tmp[t].d;
        m->cost[base + t] = tmp[t].c;
    }
    free(tmp);
    return SP_OK;
}

sp_status sp_costmatrix_reserve(sp_costmatrix *m, size_t n_pairs)
{
    return n_pairs > m->n_pairs ? sp__costmatrix_reserve(m, n_pairs - m->n_pairs) : SP_OK;
}

sp_status sp_costmatrix_add_row(sp_costmatrix *m, int32_t cand,
                                const int32_t *demand, const float *cost,
                                size_t n)
{
    if (m->finished)
        return sp_error(SP_E_INTERNAL, "cost matrix: add_row after finish");
    if (cand < m->next_cand || cand >= m->n_cand)
        return sp_error(SP_E_INPUT,
                        "cost matrix: candidate %d added out of order or out "
                        "of range (next %d, count %d)",
                        (int)cand, (int)m->next_cand, (int)m->n_cand);
    /* The pairs go straight after the stored ones; they count only once
     * the row is accepted (n_pairs moves last). */
    sp_status st = sp__costmatrix_reserve(m, n);
    if (st != SP_OK)
        return st;
    size_t base = m->n_pairs, k = 0;
    int sorted = 1; /* rows from the coverage step come sorted: no qsort */
    for (size_t t = 0; t < n; t++) {
        if (demand[t] < 0 || demand[t] >= m->n_demand)
            return sp_error(SP_E_INPUT,
                            "cost matrix: candidate %d: demand index %d out "
                            "of range (count %d)",
                            (int)cand, (int)demand[t], (int)m->n_demand);
        float c = cost[t];
        if (isinf(c) && c > 0)
            continue;
        if (!(c >= 0.0f) || !isfinite(c))
            return sp_error(SP_E_INPUT,
                            "cost matrix: candidate %d, demand %d: cost %g "
                            "is not a number >= 0",
                            (int)cand, (int)demand[t], (double)c);
        if (k > 0 && demand[t] <= m->idx[base + k - 1])
            sorted = 0;
        m->idx[base + k] = demand[t];
        m->cost[base + k] = c;
        k++;
    }
    if (!sorted && (st = sort_new_pairs(m, base, k)) != SP_OK)
        return st;
    for (size_t t = 1; t < k; t++)
        if (m->idx[base + t] == m->idx[base + t - 1])
            return sp_error(SP_E_INPUT,
                            "cost matrix: candidate %d lists demand %d twice",
                            (int)cand, (int)m->idx[base + t]);
    /* Candidates skipped since the last row get empty rows. */
    for (int32_t i = m->next_cand; i <= cand; i++)
        m->row_ptr[i] = m->n_pairs;
    m->n_pairs += k;
    m->row_ptr[cand + 1] = m->n_pairs;
    m->next_cand = cand + 1;
    return SP_OK;
}

static sp_status set_id(char **slot, int32_t i, int32_t n, const char *id,
                        const char *what)
{
    if (i < 0 || i >= n)
        return sp_error(SP_E_INPUT, "cost matrix: %s index %d out of range",
                        what, (int)i);
    if (!id || !*id)
        return sp_error(SP_E_INPUT, "cost matrix: %s %d: empty id", what,
                        (int)i);
    char *s = strdup(id);
    if (!s)
        return sp_error(SP_E_NOMEM, "cost matrix: out of memory");
    free(*slot);
    *slot = s;
    return SP_OK;
}

sp_status sp_costmatrix_set_candidate_id(sp_costmatrix *m, int32_t cand,
                                         const char *id)
{
    if (m->finished)
        return sp_error(SP_E_INTERNAL, "cost matrix: set id after finish");
    return set_id(cand >= 0 && cand < m->n_cand ? &m->cand_id[cand] : NULL,
                  cand, m->n_cand, id, "candidate");
}

sp_status sp_costmatrix_set_demand_id(sp_costmatrix *m, int32_t demand,
                                      const char *id)
{
    if (m->finished)
        return sp_error(SP_E_INTERNAL, "cost matrix: set id after finish");
    return set_id(demand >= 0 && demand < m->n_demand ? &m->demand_id[demand]
                                                      : NULL,
                  demand, m->n_demand, id, "demand");
}

sp_status sp_costmatrix_set_weight(sp_costmatrix *m, int32_t demand,
                                   double weight)
{
    if (m->finished)
        return sp_error(SP_E_INTERNAL, "cost matrix: set weight after finish");
    if (demand < 0 || demand >= m->n_demand)
        return sp_error(SP_E_INPUT, "cost matrix: demand index %d out of range",
                        (int)demand);
    if (!isfinite(weight) || weight < 0)
        return sp_error(SP_E_INPUT,
                        "cost matrix: demand '%s': weight %g is not a number "
                        ">= 0",
                        m->demand_id[demand] ? m->demand_id[demand] : "?",
                        weight);
    m->weight[demand] = weight;
    return SP_OK;
}

/* An id -> index+1 table over borrowed keys; reports the first duplicate. */
static sp_status build_index(char **ids, int32_t n, const char *what,
                             GHashTable **out)
{
    int32_t n_set = 0;
    for (int32_t i = 0; i < n; i++)
        n_set += ids[i] != NULL;
    *out = NULL;
    if (n_set == 0)
        return SP_OK; /* an anonymous side (costmatrix.h) */
    GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
    for (int32_t i = 0; i < n; i++) {
        if (!ids[i]) {
            g_hash_table_destroy(h);
            return sp_error(SP_E_INPUT, "cost matrix: %s %d has no id", what,
                            (int)i);
        }
        gpointer prev = g_hash_table_lookup(h, ids[i]);
        if (prev) {
            g_hash_table_destroy(h);
            return sp_error(SP_E_INPUT,
                            "cost matrix: duplicate %s id '%s' (%s %d and %d)",
                            what, ids[i], what, (int)(GPOINTER_TO_INT(prev) - 1),
                            (int)i);
        }
        g_hash_table_insert(h, ids[i], GINT_TO_POINTER(i + 1));
    }
    *out = h;
    return SP_OK;
}

sp_status sp_costmatrix_finish(sp_costmatrix *m)
{
    if (m->finished)
        return SP_OK;
    sp_status st = build_index(m->cand_id, m->n_cand, "candidate",
                               &m->cand_index);
    if (st == SP_OK)
        st = build_index(m->demand_id, m->n_demand, "demand",
                         &m->demand_index);
    if (st != SP_OK) {
        if (m->cand_index)
            g_hash_table_destroy(m->cand_index);
        m->cand_index = NULL;
        return st;
    }
    for (int32_t i = m->next_cand; i < m->n_cand; i++)
        m->row_ptr[i + 1] = m->n_pairs;
    m->next_cand = m->n_cand;
    m->finished = 1;
    return SP_OK;
}

int32_t sp_costmatrix_n_candidates(const sp_costmatrix *m) { return m->n_cand; }
int32_t sp_costmatrix_n_demands(const sp_costmatrix *m) { return m->n_demand; }
size_t sp_costmatrix_n_pairs(const sp_costmatrix *m) { return m->n_pairs; }

int sp_costmatrix_is_complete(const sp_costmatrix *m)
{
    return m->n_pairs == (size_t)m->n_cand * (size_t)m->n_demand;
}

size_t sp_costmatrix_get_row(const sp_costmatrix *m, int32_t cand,
                             const int32_t **demand, const float **cost)
{
    size_t a = m->row_ptr[cand], b = m->row_ptr[cand + 1];
    if (demand)
        *demand = m->idx ? m->idx + a : NULL;
    if (cost)
        *cost = m->cost ? m->cost + a : NULL;
    return b - a;
}

double sp_costmatrix_cost(const sp_costmatrix *m, int32_t cand, int32_t demand)
{
    size_t lo = m->row_ptr[cand], hi = m->row_ptr[cand + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->idx[mid] < demand)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < m->row_ptr[cand + 1] && m->idx[lo] == demand)
        return m->cost[lo];
    return INFINITY;
}

const double *sp_costmatrix_get_weights(const sp_costmatrix *m)
{
    return m->weight;
}

double sp_costmatrix_total_weight(const sp_costmatrix *m)
{
    double s = 0;
    for (int32_t j = 0; j < m->n_demand; j++)
        s += m->weight[j];
    return s;
}

const char *sp_costmatrix_get_candidate_id(const sp_costmatrix *m, int32_t cand)
{
    return m->cand_id[cand];
}

const char *sp_costmatrix_get_demand_id(const sp_costmatrix *m, int32_t demand)
{
    return m->demand_id[demand];
}

static int32_t find_id(GHashTable *h, const char *id)
{
    if (!h || !id)
        return -1;
    return GPOINTER_TO_INT(g_hash_table_lookup(h, id)) - 1;
}

int32_t sp_costmatrix_find_candidate(const sp_costmatrix *m, const char *id)
{
    return find_id(m->cand_index, id);
}

int32_t sp_costmatrix_find_demand(const sp_costmatrix *m, const char *id)
{
    return find_id(m->demand_index, id);
}

void sp__costmatrix_push(sp_costmatrix *m, int32_t demand, float cost)
{
    m->idx[m->n_pairs] = demand;
    m->cost[m->n_pairs] = cost;
    m->n_pairs++;
}

void sp__costmatrix_end_row(sp_costmatrix *m, int32_t cand)
{
    m->row_ptr[cand + 1] = m->n_pairs;
    m->next_cand = cand + 1;
}
