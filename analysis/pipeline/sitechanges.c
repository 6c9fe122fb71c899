/* sitechanges.c — [changes] on a site set; see sitechanges.h. */
#include "sitechanges.h"

#include <geos_c.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    sp_siteset *s;
    const sp_options *o;
    sp_crs *crs;
    const char *origin;    /* the scenario file, for messages */
} applier;

/* The row of `id` in p (NULL when p is NULL or has no such id). */
static sp_points *find_in(sp_points *p, const char *id, size_t *row)
{
    for (size_t i = 0; p && i < p->n; i++)
        if (!strcmp(p->id[i], id)) {
            *row = i;
            return p;
        }
    return NULL;
}

/* The layer and row of the site with this id: stations first. */
static sp_points *find_site(sp_siteset *s, const char *id, size_t *row)
{
    sp_points *p = find_in(s->sites, id, row);
    return p ? p : find_in(s->facilities, id, row);
}

static int is_cand(const sp_change *c)
{
    return c->kind == SP_CHANGE_ADD_CANDIDATES || c->kind == SP_CHANGE_REMOVE_CANDIDATES;
}

static sp_status unknown(const applier *a, const sp_change *c, const char *id)
{
    return sp_error(SP_E_INPUT, "%s: [changes] %s: no %s has id '%s'", a->origin, c->key,
                    is_cand(c) ? "candidate" : "station or facility", id);
}

static void remove_row(sp_points *p, size_t i, GEOSContextHandle_t g)
{
    free(p->id[i]);
    free(p->name[i]);
    if (p->geom[i])
        GEOSGeom_destroy_r(g, p->geom[i]);
    size_t tail = p->n - i - 1;
    memmove(p->id + i, p->id + i + 1, tail * sizeof *p->id);
    memmove(p->name + i, p->name + i + 1, tail * sizeof *p->name);
    memmove(p->weight + i, p->weight + i + 1, tail * sizeof *p->weight);
    memmove(p->row + i, p->row + i + 1, tail * sizeof *p->row);
    memmove(p->xy + 2 * i, p->xy + 2 * i + 2, 2 * tail * sizeof *p->xy);
    memmove(p->geom + i, p->geom + i + 1, tail * sizeof *p->geom);
    if (p->capacity)
        memmove(p->capacity + i, p->capacity + i + 1, tail * sizeof *p->capacity);
    p->n--;
}

/* Room for one more row in p (and its capacity when with_cap). */
static int grow1(sp_points *p, int with_cap)
{
    size_t n = p->n + 1;
    void *a;
    if (!(a = sp_realloc_n(p->id, n, sizeof *p->id))) return 0;
    p->id = a;
    if (!(a = sp_realloc_n(p->name, n, sizeof *p->name))) return 0;
    p->name = a;
    if (!(a = sp_realloc_n(p->weight, n, sizeof *p->weight))) return 0;
    p->weight = a;
    if (!(a = sp_realloc_n(p->row, n, sizeof *p->row))) return 0;
    p->row = a;
    if (!(a = sp_realloc_n(p->xy, 2 * n, sizeof *p->xy))) return 0;
    p->xy = a;
    if (!(a = sp_realloc_n(p->geom, n, sizeof *p->geom))) return 0;
    p->geom = a;
    if (with_cap) {
        if (!(a = sp_realloc_n(p->capacity, n, sizeof *p->capacity))) return 0;
        p->capacity = a;
    }
    return 1;
}

/* The stations layer, made empty when the scenario has none. */
static sp_points *stations(sp_siteset *s)
{
    if (!s->sites) {
        s->sites = calloc(1, sizeof *s->sites);
        if (s->sites)
            s->sites->what = g_strdup("[changes]");
    }
    return s->sites;
}

/* Append a station (a candidate for add_candidates); takes id, name and
 * geom (freed on failure).  capacity: in workers (with [capacity]). */
static sp_status append(const applier *a, const sp_change *c, char *id, char *name,
                        GEOSGeometry *geom, double x, double y, long row, double capacity)
{
    size_t dummy;
    int cand = is_cand(c);
    sp_points *p = cand ? a->s->candidates : stations(a->s);
    sp_status st = SP_OK;
    if (!id)
        st = sp_error(SP_E_NOMEM, "out of memory");
    else if (cand ? find_in(p, id, &dummy) != NULL : find_site(a->s, id, &dummy) != NULL)
        st = sp_error(SP_E_INPUT, "%s: [changes] %s: a %s with id '%s' exists already",
                      a->origin, c->key, cand ? "candidate" : "station or facility", id);
    else if (!p || !grow1(p, a->o->capacity_on))
        st = sp_error(SP_E_NOMEM, "out of memory");
    if (st) {
        free(id);
        free(name);
        if (geom)
            GEOSGeom_destroy_r(a->s->gctx, geom);
        return st;
    }
    p->id[p->n] = id;
    p->name[p->n] = name;
    p->weight[p->n] = 0;
    p->row[p->n] = row;
    p->xy[2 * p->n] = x;
    p->xy[2 * p->n + 1] = y;
    p->geom[p->n] = geom;
    if (a->o->capacity_on)
        p->capacity[p->n] = capacity;
    p->n++;
    if (!cand)
        a->s->n_sites++;
    return SP_OK;
}

/* lon/lat of change c into the working CRS (x, y as given for the _xy
 * keys), and a point there. */
static sp_status place(const applier *a, const sp_change *c, double *xy, GEOSGeometry **pt)
{
    xy[0] = c->nums[0];
    xy[1] = c->nums[1];
    if (!c->xy) {
        sp_xform *x = NULL;
        sp_status st = sp_xform_new(a->crs, "EPSG:4326", 1, c->key, &x);
        if (st == SP_OK)
            st = sp_xform_apply(x, xy, 1);
        sp_xform_free(x);
        if (st)
            return st;
    }
    *pt = GEOSGeom_createPointFromXY_r(a->s->gctx, xy[0], xy[1]);
    return *pt ? SP_OK : sp_error(SP_E_GEOM, "%s: cannot make a point", c->key);
}

static sp_status add_layer(const applier *a, const sp_change *c)
{
    GEOSContextHandle_t g = a->s->gctx;
    sp_points *p = NULL;
    sp_layer_opts l = c->layer;
    if (!a->o->capacity_on)
        l.capacity = NULL;
    sp_status st = sp_points_read(&l, "add_sites", NULL, g, &p);
    if (st == SP_OK)
        st = sp_points_project(p, a->crs, g);
    if (st == SP_OK && a->o->capacity_on)
        st = sp_points_capacity_finish(p, a->o, l.capacity, 0);
    for (size_t i = 0; st == SP_OK && i < p->n; i++) {
        st = append(a, c, p->id[i], p->name[i], p->geom[i], p->xy[2 * i], p->xy[2 * i + 1],
                    p->row[i], p->capacity ? p->capacity[i] : INFINITY);
        p->id[i] = p->name[i] = NULL;
        p->geom[i] = NULL;
    }
    sp_points_free(p, g);
    return st;
}

/* add_candidates and remove_candidates need a candidates layer. */
static sp_status need_candidates(const applier *a, const sp_change *c)
{
    if (a->s->candidates)
        return SP_OK;
    return sp_error(SP_E_INPUT, "%s: [changes] %s: needs [siting] candidates to be a layer "
                    "(it is %s)", a->origin, c->key,
                    !a->o->siting ? "not given: no [siting]"
                    : a->o->candidates ? a->o->candidates : "not given");
}

static sp_status apply_one(const applier *a, const sp_change *c)
{
    sp_siteset *s = a->s;
    size_t row;
    sp_points *p;
    double xy[2];
    GEOSGeometry *pt = NULL;
    sp_status st;
    int cand = is_cand(c);
    if (cand && (st = need_candidates(a, c)))
        return st;
    switch (c->kind) {
    case SP_CHANGE_CLOSE_SITES:
    case SP_CHANGE_REMOVE_CANDIDATES:
        for (int k = 0; k < c->n_items; k++) {
            p = cand ? find_in(s->candidates, c->items[k], &row) : find_site(s, c->items[k], &row);
            if (!p)
                return unknown(a, c, c->items[k]);
            remove_row(p, row, s->gctx);
            s->n_sites -= !cand;
        }
        return SP_OK;
    case SP_CHANGE_MOVE_SITE:
        if (!(p = find_site(s, c->items[0], &row)))
            return unknown(a, c, c->items[0]);
        if ((st = place(a, c, xy, &pt)))
            return st;
        GEOSGeom_destroy_r(s->gctx, p->geom[row]);
        p->geom[row] = pt;
        p->xy[2 * row] = xy[0];
        p->xy[2 * row + 1] = xy[1];
        return SP_OK;
    case SP_CHANGE_ADD_SITE:
    case SP_CHANGE_ADD_CANDIDATES:
        if ((st = place(a, c, xy, &pt)))
            return st;
        return append(a, c, strdup(c->items[0]), c->items[1] ? strdup(c->items[1]) : NULL, pt,
                      xy[0], xy[1], 0, sp_options_capacity_default(a->o, cand));
    case SP_CHANGE_ADD_SITES:
        return add_layer(a, c);
    case SP_CHANGE_CLOSE_ROADS:
    case SP_CHANGE_CLOSE_ROADS_IN:
    case SP_CHANGE_SPEED:
        return SP_OK;
    case SP_CHANGE_SET_CAPACITY:   /* validation: only with capacity on */
        if (!(p = find_site(s, c->items[0], &row)))
            return unknown(a, c, c->items[0]);
        if (p->capacity)
            p->capacity[row] = sp_options_capacity_workers(a->o, c->nums[0]);
        return SP_OK;
    }
    return SP_OK;
}

sp_status sp_siteset_apply_changes(sp_siteset *s, const sp_options *o, sp_crs *crs)
{
    applier a = {s, o, crs, o->source_path ? o->source_path : "scenario"};
    for (int i = 0; i < o->n_changes; i++) {
        sp_status st = apply_one(&a, &o->changes[i]);
        if (st)
            return st;
    }
    return SP_OK;
}
