/* network.c — line layer to graph; the rules are in network.h. */
#include "network.h"

#include <ctype.h>
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <ogr_srs_api.h>

#ifndef SP_DATADIR
#define SP_DATADIR "data"
#endif

const char *sp_network_default_osmconf(void) { return SP_DATADIR "/osmconf.ini"; }

double sp_network_parse_maxspeed(const char *s)
{
    if (!s)
        return 0;
    while (isspace((unsigned char)*s))
        s++;
    if (!isdigit((unsigned char)*s))
        return 0;
    /* Digits and an optional decimal part only (no hex, no exponent). */
    char *end;
    const char *q = s;
    while (isdigit((unsigned char)*q))
        q++;
    if (*q == '.' && isdigit((unsigned char)q[1])) {
        q++;
        while (isdigit((unsigned char)*q))
            q++;
    }
    double v = strtod(s, &end);
    end = (char *)q;
    while (isspace((unsigned char)*end))
        end++;
    if (!strcmp(end, "mph"))
        v *= 1.609344;
    else if (*end && strcmp(end, "km/h") && strcmp(end, "kmh") && *end != ';')
        return 0;
    return (isfinite(v) && v > 0 && v <= 300) ? v : 0;
}

/* One usable way (or one part of a multi-line) before splitting. */
typedef struct {
    size_t off;      /* first vertex in the vertex array */
    uint32_t n;      /* vertices */
    int16_t klass;
    int8_t dir;      /* 0 both, 1 forward only, -1 backward only */
    double kmh;
    int32_t name;    /* index in the name pool, -1 none */
} way;

/* Vertex hash: exact coordinates to occurrence count and node id. */
typedef struct {
    uint64_t kx, ky;
    int32_t count, node;
} vslot;

typedef struct {
    vslot *slot;
    size_t mask;
} vhash;

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

static vslot *vhash_get(vhash *h, double x, double y)
{
    uint64_t kx = bits(x), ky = bits(y);
    size_t i = (size_t)(mix(kx ^ mix(ky)) & h->mask);
    for (;;) {
        vslot *s = &h->slot[i];
        if (s->count == 0) {
            s->kx = kx;
            s->ky = ky;
            s->node = -1;
            return s;
        }
        if (s->kx == kx && s->ky == ky)
            return s;
        i = (i + 1) & h->mask;
    }
}

typedef struct {
    int cls, oneway, maxspeed, junction, access, foot, bicycle, motor_vehicle,
        motorcar, area;
} field_idx;

static const char *fstr(OGRFeatureH f, int idx)
{
    if (idx < 0 || !OGR_F_IsFieldSetAndNotNull(f, idx))
        return NULL;
    return OGR_F_GetFieldAsString(f, idx);
}

static int is_one_of(const char *v, const char *const *set)
{
    if (!v)
        return 0;
    for (; *set; set++)
        if (!strcmp(v, *set))
            return 1;
    return 0;
}

/* Whether OSM access tags forbid the way for the mode. */
static int access_denied(OGRFeatureH f, const field_idx *fi, sp_mode mode)
{
    static const char *const NO[] = {"no", "private", NULL};
    static const char *const YES[] = {"yes", "designated", "permissive", "destination", NULL};
    const char *own = NULL, *own2 = NULL;
    switch (mode) {
    case SP_MODE_WALK: own = fstr(f, fi->foot); break;
    case SP_MODE_BIKE:
    case SP_MODE_EBIKE: own = fstr(f, fi->bicycle); break;
    case SP_MODE_CAR:
        own = fstr(f, fi->motor_vehicle);
        own2 = fstr(f, fi->motorcar);
        break;
    default: break;
    }
    /* The more specific tag wins: motorcar over motor_vehicle. */
    if (own2) {
        if (is_one_of(own2, NO))
            return 1;
        if (is_one_of(own2, YES))
            return 0;
    }
    if (is_one_of(own, NO))
        return 1;
    if (is_one_of(own, YES))
        return 0;
    return is_one_of(fstr(f, fi->access), NO);
}

/* 0 two-way, 1 forward only, -1 backward only. */
static int oneway_dir(OGRFeatureH f, const field_idx *fi, const char *klass)
{
    const char *ow = fstr(f, fi->oneway);
    if (ow) {
        if (!strcmp(ow, "yes") || !strcmp(ow, "true") || !strcmp(ow, "1"))
            return 1;
        if (!strcmp(ow, "-1") || !strcmp(ow, "reverse"))
            return -1;
        if (!strcmp(ow, "no") || !strcmp(ow, "false") || !strcmp(ow, "0"))
            return 0;
    }
    const char *j = fstr(f, fi->junction);
    if (j && (!strcmp(j, "roundabout") || !strcmp(j, "circular")))
        return 1;
    if (klass && !strcmp(klass, "motorway"))
        return 1;
    return 0;
}

static sp_status open_network(const sp_options *o, GDALDatasetH *ds_out,
                              OGRLayerH *lyr_out, char *what, size_t what_len)
{
    GDALDriverH drv = GDALIdentifyDriverEx(o->network, GDAL_OF_VECTOR, NULL, NULL);
    int is_osm = drv && !strcmp(GDALGetDriverShortName(drv), "OSM");
    char cfg[4096];
    const char *osm_oo[] = {cfg, NULL};
    if (is_osm) {
        const char *conf = o->osm_config ? o->osm_config : sp_network_default_osmconf();
        FILE *t = fopen(conf, "r");
        if (!t)
            return sp_error(SP_E_IO, "%s: OSM driver configuration file not found "
                            "(set [inputs] network.osm_config)", conf);
        fclose(t);
        snprintf(cfg, sizeof cfg, "CONFIG_FILE=%s", conf);
    }
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(o->network, GDAL_OF_VECTOR, NULL,
                                 is_osm ? osm_oo : NULL, NULL);
    CPLPopErrorHandler();
    if (!ds) {
        FILE *f = fopen(o->network, "rb");
        if (!f)
            return sp_error(SP_E_IO, "%s: cannot open road network: no such file or not readable",
                            o->network);
        fclose(f);
        const char *m = CPLGetLastErrorMsg();
        return sp_error(SP_E_IO, "%s: not a vector dataset GDAL can read (road network)%s%s",
                        o->network, *m ? ": " : "", m);
    }
    const char *lname = o->network_layer ? o->network_layer : (is_osm ? "lines" : NULL);
    OGRLayerH lyr = NULL;
    if (lname) {
        lyr = GDALDatasetGetLayerByName(ds, lname);
        if (!lyr) {
            GDALClose(ds);
            return sp_error(SP_E_INPUT, "%s: no layer '%s' (network.layer)", o->network, lname);
        }
    } else {
        if (GDALDatasetGetLayerCount(ds) != 1) {
            int n = GDALDatasetGetLayerCount(ds);
            GDALClose(ds);
            return sp_error(SP_E_INPUT, "%s: has %d layers; name the road layer with network.layer",
                            o->network, n);
        }
        lyr = GDALDatasetGetLayer(ds, 0);
    }
    snprintf(what, what_len, "%s, layer %s", o->network, OGR_L_GetName(lyr));
    *ds_out = ds;
    *lyr_out = lyr;
    return SP_OK;
}

sp_status sp_network_center_lonlat(const sp_options *o, double *lon, double *lat)
{
    GDALDatasetH ds;
    OGRLayerH lyr;
    char what[512];
    sp_status st = open_network(o, &ds, &lyr, what, sizeof what);
    if (st)
        return st;
    OGREnvelope env;
    if (OGR_L_GetExtent(lyr, &env, TRUE) != OGRERR_NONE) {
        GDALClose(ds);
        return sp_error(SP_E_INPUT, "%s: cannot compute the extent (empty layer?)", what);
    }
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(lyr);
    char *wkt = NULL;
    if (o->network_crs)
        wkt = CPLStrdup(o->network_crs);
    else if (srs)
        OSRExportToWkt(srs, &wkt);
    if (!wkt) {
        GDALClose(ds);
        return sp_error(SP_E_CRS, "%s: the layer has no CRS; say what it is with network.crs", what);
    }
    st = sp_crs_to_lonlat(wkt, (env.MinX + env.MaxX) / 2, (env.MinY + env.MaxY) / 2, lon, lat);
    CPLFree(wkt);
    GDALClose(ds);
    return st;
}

typedef struct {
    double *xy;
    size_t n, cap;
    way *ways;
    size_t n_ways, cap_ways;
    GPtrArray *names;     /* pool of distinct names, in order of first use */
    GHashTable *name_idx; /* name -> index + 1 */
} way_store;

void sp_road_names_free(sp_road_names *n)
{
    if (!n)
        return;
    for (int32_t i = 0; i < n->n_names; i++)
        g_free(n->names[i]);
    g_free(n->names);
    free(n->link_name);
    free(n);
}

static int32_t intern_name(way_store *s, const char *name)
{
    if (!name || !*name)
        return -1;
    gpointer v = g_hash_table_lookup(s->name_idx, name);
    if (v)
        return GPOINTER_TO_INT(v) - 1;
    char *copy = g_strdup(name);
    g_ptr_array_add(s->names, copy);
    int32_t idx = (int32_t)s->names->len - 1;
    g_hash_table_insert(s->name_idx, copy, GINT_TO_POINTER(idx + 1));
    return idx;
}

static int push_vertex(way_store *s, double x, double y)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 1 << 16;
        double *p = sp_realloc_n(s->xy, nc, 2 * sizeof *p);
        if (!p)
            return 0;
        s->xy = p;
        s->cap = nc;
    }
    s->xy[2 * s->n] = x;
    s->xy[2 * s->n + 1] = y;
    s->n++;
    return 1;
}

static int push_way(way_store *s, const way *w)
{
    if (s->n_ways == s->cap_ways) {
        size_t nc = s->cap_ways ? s->cap_ways * 2 : 4096;
        way *p = sp_realloc_n(s->ways, nc, sizeof *p);
        if (!p)
            return 0;
        s->ways = p;
        s->cap_ways = nc;
    }
    s->ways[s->n_ways++] = *w;
    return 1;
}

/* Append one line string's vertices as a way (dropping repeated vertices). */
static int add_line(way_store *s, OGRGeometryH line, const way *tmpl, long *degenerate)
{
    int np = OGR_G_GetPointCount(line);
    way w = *tmpl;
    w.off = s->n;
    w.n = 0;
    for (int i = 0; i < np; i++) {
        double x = OGR_G_GetX(line, i), y = OGR_G_GetY(line, i);
        if (w.n > 0 && s->xy[2 * (s->n - 1)] == x && s->xy[2 * (s->n - 1) + 1] == y)
            continue;
        if (!push_vertex(s, x, y))
            return 0;
        w.n++;
    }
    if (w.n < 2) {
        s->n = w.off; /* roll back */
        (*degenerate)++;
        return 1;
    }
    return push_way(s, &w);
}

static sp_status read_ways(const sp_options *o, const sp_profile *prof, OGRLayerH lyr,
                           const char *what, way_store *s, sp_network_stats *stats,
                           char **src_crs, GDALProgressFunc progress, void *parg)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    field_idx fi;
    const char *cls_name = o->network_class ? o->network_class : "highway";
    fi.cls = OGR_FD_GetFieldIndex(defn, cls_name);
    if (fi.cls < 0)
        return sp_error(SP_E_INPUT, "%s: no road class field '%s' (network.class)", what, cls_name);
    fi.oneway = OGR_FD_GetFieldIndex(defn, o->network_oneway ? o->network_oneway : "oneway");
    if (o->network_oneway && fi.oneway < 0)
        return sp_error(SP_E_INPUT, "%s: no field '%s' (network.oneway)", what, o->network_oneway);
    fi.maxspeed = OGR_FD_GetFieldIndex(defn, o->network_maxspeed ? o->network_maxspeed : "maxspeed");
    if (o->network_maxspeed && fi.maxspeed < 0)
        return sp_error(SP_E_INPUT, "%s: no field '%s' (network.maxspeed)", what, o->network_maxspeed);
    fi.junction = OGR_FD_GetFieldIndex(defn, "junction");
    fi.access = OGR_FD_GetFieldIndex(defn, "access");
    fi.foot = OGR_FD_GetFieldIndex(defn, "foot");
    fi.bicycle = OGR_FD_GetFieldIndex(defn, "bicycle");
    fi.motor_vehicle = OGR_FD_GetFieldIndex(defn, "motor_vehicle");
    fi.motorcar = OGR_FD_GetFieldIndex(defn, "motorcar");
    fi.area = OGR_FD_GetFieldIndex(defn, "area");

    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(lyr);
    if (o->network_crs) {
        *src_crs = strdup(o->network_crs);
    } else if (srs) {
        char *wkt = NULL;
        const char *wopts[] = {"FORMAT=WKT2_2018", NULL};
        OSRExportToWktEx(srs, &wkt, wopts);
        *src_crs = wkt ? strdup(wkt) : NULL;
        CPLFree(wkt);
        if (!*src_crs)
            return sp_error(SP_E_CRS, "%s: the layer's CRS cannot be read", what);
    } else {
        return sp_error(SP_E_CRS, "%s: the layer has no CRS; say what it is with network.crs "
                        "(e.g. network.crs = EPSG:4326)", what);
    }

    char filter[1024];
    if (o->network_where)
        snprintf(filter, sizeof filter, "(\"%s\" IS NOT NULL) AND (%s)", cls_name, o->network_where);
    else
        snprintf(filter, sizeof filter, "\"%s\" IS NOT NULL", cls_name);
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    OGRErr e = OGR_L_SetAttributeFilter(lyr, filter);
    CPLPopErrorHandler();
    if (e != OGRERR_NONE)
        return sp_error(SP_E_INPUT, "%s: bad filter network.where = '%s': %s", what,
                        o->network_where ? o->network_where : "",
                        sp_first_line(CPLGetLastErrorMsg()));

    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        stats->ways_read++;
        if (progress && (stats->ways_read & 4095) == 0)
            progress(0.05, NULL, parg); /* feature count is unknown for OSM */
        const char *klass = fstr(f, fi.cls);
        int k = sp_profile_find(prof, klass);
        const char *area = fstr(f, fi.area);
        if (k < 0) {
            stats->ways_skipped_class++;
        } else if (area && !strcmp(area, "yes")) {
            stats->ways_skipped_area++;
        } else if (access_denied(f, &fi, prof->mode)) {
            stats->ways_skipped_access++;
        } else {
            way w = {0};
            w.klass = (int16_t)k;
            w.name = intern_name(s, fstr(f, OGR_FD_GetFieldIndex(defn, "name")));
            w.kmh = prof->kmh[k];
            if (prof->mode == SP_MODE_CAR) {
                w.dir = (int8_t)oneway_dir(f, &fi, klass);
                if (o->use_maxspeed) {
                    double ms = sp_network_parse_maxspeed(fstr(f, fi.maxspeed));
                    if (ms > 0) {
                        w.kmh = ms;
                        stats->maxspeed_used++;
                    }
                }
            }
            OGRGeometryH g = OGR_F_GetGeometryRef(f);
            OGRwkbGeometryType t = g ? wkbFlatten(OGR_G_GetGeometryType(g)) : wkbUnknown;
            int ok = 1;
            size_t before = s->n_ways;
            if (t == wkbLineString) {
                ok = add_line(s, g, &w, &stats->ways_degenerate);
            } else if (t == wkbMultiLineString) {
                for (int i = 0; ok && i < OGR_G_GetGeometryCount(g); i++)
                    ok = add_line(s, OGR_G_GetGeometryRef(g, i), &w, &stats->ways_degenerate);
            } else {
                stats->ways_degenerate++;
            }
            if (!ok) {
                OGR_F_Destroy(f);
                return sp_error(SP_E_NOMEM, "out of memory reading %s", what);
            }
            if (s->n_ways > before)
                stats->ways_used++;
        }
        OGR_F_Destroy(f);
    }
    if (CPLGetLastErrorType() == CE_Failure && stats->ways_read == 0)
        return sp_error(SP_E_IO, "%s: read error: %s", what, CPLGetLastErrorMsg());
    return SP_OK;
}

sp_status sp_network_load(const sp_options *o, const sp_profile *prof, sp_crs *crs,
                          GDALProgressFunc progress, void *parg, sp_graph **out,
                          sp_network_stats *stats, sp_road_names **names_out)
{
    *out = NULL;
    if (names_out)
        *names_out = NULL;
    int32_t *link_name = NULL;
    size_t link_name_cap = 0;
    memset(stats, 0, sizeof *stats);
    GDALDatasetH ds = NULL;
    OGRLayerH lyr = NULL;
    way_store s = {0};
    s.names = g_ptr_array_new();
    s.name_idx = g_hash_table_new(g_str_hash, g_str_equal);
    vhash h = {0};
    char *src_crs = NULL;
    sp_xform *x = NULL;
    sp_graph_builder *b = NULL;
    sp_status st = open_network(o, &ds, &lyr, stats->what, sizeof stats->what);
    if (st)
        return st;
    if (progress)
        progress(0.0, NULL, parg);
    st = read_ways(o, prof, lyr, stats->what, &s, stats, &src_crs, progress, parg);
    GDALClose(ds);
    if (st)
        goto done;
    if (s.n_ways == 0) {
        st = sp_error(SP_E_INPUT, "%s: no road usable on %s (%ld ways read, %ld of classes "
                      "the profile does not list)", stats->what, sp_mode_name(prof->mode),
                      stats->ways_read, stats->ways_skipped_class);
        goto done;
    }
    if (progress)
        progress(0.5, NULL, parg);
    if ((st = sp_xform_new(crs, src_crs, 1, stats->what, &x)) ||
        (st = sp_xform_apply(x, s.xy, s.n))) {
        if (st == SP_E_CRS) {
            sp_error_clear();
            st = sp_error(SP_E_CRS, "%s: coordinates cannot be transformed into %s; is the "
                          "layer's CRS right?", stats->what, sp_crs_name(crs));
        }
        goto done;
    }

    /* Count how often each vertex is used; endpoints count twice so that
     * they always become nodes. */
    size_t cap = 1;
    while (cap < 2 * s.n + 16)
        cap <<= 1;
    h.slot = sp_calloc_n(cap, sizeof *h.slot);
    h.mask = cap - 1;
    b = sp_graph_builder_new();
    if (!h.slot || !b) {
        st = sp_error(SP_E_NOMEM, "out of memory building the network graph");
        goto done;
    }
    for (size_t wi = 0; wi < s.n_ways; wi++) {
        const way *w = &s.ways[wi];
        for (uint32_t i = 0; i < w->n; i++) {
            const double *p = &s.xy[2 * (w->off + i)];
            vslot *sl = vhash_get(&h, p[0], p[1]);
            sl->count += (i == 0 || i == w->n - 1) ? 2 : 1;
        }
    }
    /* Split ways at junctions into links; nodes are numbered in order of
     * first appearance, so the graph is the same for the same input. */
    for (size_t wi = 0; wi < s.n_ways && st == SP_OK; wi++) {
        const way *w = &s.ways[wi];
        double speed = w->kmh / 3.6;
        int32_t from = -1;
        uint32_t start = 0;
        for (uint32_t i = 0; i < w->n; i++) {
            const double *p = &s.xy[2 * (w->off + i)];
            vslot *sl = vhash_get(&h, p[0], p[1]);
            if (sl->count < 2)
                continue;
            if (sl->node < 0) {
                sl->node = sp_graph_builder_add_node(b, p[0], p[1]);
                if (sl->node < 0) {
                    st = sp_error(SP_E_NOMEM, "out of memory building the network graph");
                    break;
                }
            }
            if (from >= 0) {
                const double *seg = &s.xy[2 * (w->off + start)];
                uint32_t nv = i - start + 1;
                double len = 0;
                for (uint32_t k = 1; k < nv; k++)
                    len += hypot(seg[2 * k] - seg[2 * k - 2], seg[2 * k + 1] - seg[2 * k - 1]);
                double t = len / speed;
                double fwd = w->dir >= 0 ? t : INFINITY;
                double bwd = w->dir <= 0 ? t : INFINITY;
                if (w->dir != 0)
                    stats->oneway_links++;
                stats->length_km += len / 1000.0;
                int32_t lid = sp_graph_builder_add_link(b, from, sl->node, seg, nv, fwd, bwd, w->klass);
                if (lid < 0) {
                    st = sp_error(SP_E_NOMEM, "out of memory building the network graph");
                    break;
                }
                if ((size_t)lid >= link_name_cap) {
                    size_t nc = link_name_cap ? link_name_cap * 2 : 4096;
                    int32_t *grown = sp_realloc_n(link_name, nc, sizeof *grown);
                    if (!grown) {
                        st = sp_error(SP_E_NOMEM, "out of memory");
                        break;
                    }
                    link_name = grown;
                    link_name_cap = nc;
                }
                link_name[lid] = w->name;
            }
            from = sl->node;
            start = i;
        }
    }
    if (st == SP_OK) {
        if (progress)
            progress(0.8, NULL, parg);
        st = sp_graph_build(b, out);
    }
    if (st == SP_OK && progress)
        progress(1.0, NULL, parg);
    if (st == SP_OK && names_out) {
        sp_road_names *rn = calloc(1, sizeof *rn);
        if (!rn) {
            st = sp_error(SP_E_NOMEM, "out of memory");
            goto done;
        }
        rn->n_links = (*out)->n_links;
        rn->link_name = link_name;
        link_name = NULL;
        rn->n_names = (int32_t)s.names->len;
        rn->names = (char **)g_ptr_array_free(s.names, FALSE);
        s.names = NULL;
        *names_out = rn;
    }
done:
    free(link_name);
    if (s.names) {
        g_ptr_array_set_free_func(s.names, g_free);
        g_ptr_array_free(s.names, TRUE);
    }
    g_hash_table_destroy(s.name_idx);
    sp_graph_builder_free(b);
    sp_xform_free(x);
    free(src_crs);
    free(h.slot);
    free(s.xy);
    free(s.ways);
    return st;
}
