/* netcache.c — the roads as read, cached on disk; see netcache.h. */
#include "netcache.h"
#include "netcache_private.h"

#include <errno.h>
#include <glib.h>
#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <cpl_string.h>

#include "output.h"
#include "sha256.h"

#ifndef SP_VERSION
#define SP_VERSION "0.0.0"
#endif

static const char MAGIC[8] = {'S', 'P', 'N', 'C', 'A', 'C', 'H', 'E'};
#define ROAD_BYTES 43u /* one road in the payload */
#define PART_BYTES 12u

/* What a file must hold to be trusted. */
typedef struct {
    uint8_t identity[32], env[32], content[32], osmconf[32];
} cache_key;

/* ------------------------------------------------------------------------ */
/* Keys                                                                     */

static void sum_u32(sp_sha256 *c, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    sp_sha256_update(c, b, 4);
}

/* A string or its absence, unambiguously. */
static void sum_str(sp_sha256 *c, const char *s)
{
    uint8_t present = s != NULL;
    sp_sha256_update(c, &present, 1);
    if (s) {
        sum_u32(c, (uint32_t)strlen(s));
        sp_sha256_update(c, s, strlen(s));
    }
}

/* 0 when out of memory: the cache is then not used. */
static int identity_key(const sp_roads_source *src, const char *crs_def, uint8_t out[32])
{
    sp_sha256 *c = sp_sha256_new();
    sum_u32(c, SP_NETCACHE_FORMAT);
    const char *k[] = {src->path,         src->layer,          src->where,
                       src->class_field,  src->oneway_field,   src->maxspeed_field,
                       src->crs,          src->osm_config,     crs_def};
    for (size_t i = 0; i < sizeof k / sizeof *k; i++)
        sum_str(c, k[i]);
    return sp_sha256_end(c, out);
}

static int env_key(uint8_t out[32])
{
    sp_sha256 *c = sp_sha256_new();
    sum_str(c, "siteplan " SP_VERSION);
    sum_str(c, GDALVersionInfo("RELEASE_NAME"));
    sum_str(c, proj_info().version);
    return sp_sha256_end(c, out);
}

/* One file's base name, size and bytes into c; 0 if it cannot be read. */
static int sum_file(sp_sha256 *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char *base = g_path_get_basename(path);
    sum_str(c, base);
    g_free(base);
    static const size_t CHUNK = 1 << 16;
    guchar *buf = malloc(CHUNK);
    uint64_t size = 0;
    size_t n;
    while (buf && (n = fread(buf, 1, CHUNK, f)) > 0) {
        sp_sha256_update(c, buf, n);
        size += n;
    }
    int ok = buf && !ferror(f);
    fclose(f);
    free(buf);
    sum_u32(c, (uint32_t)size);
    sum_u32(c, (uint32_t)(size >> 32));
    return ok;
}

/* The content keys: the network's files and, for OSM, the driver
 * configuration.  0 when the input cannot be keyed (not openable, no
 * files, unreadable): the cache is then not used. */
static int content_key(const sp_roads_source *src, cache_key *k)
{
    memset(k->content, 0, sizeof k->content);
    memset(k->osmconf, 0, sizeof k->osmconf);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDriverH drv = GDALIdentifyDriverEx(src->path, GDAL_OF_VECTOR, NULL, NULL);
    int is_osm = drv && !strcmp(GDALGetDriverShortName(drv), "OSM");
    char **files = NULL;
    if (is_osm) {
        files = CSLAddString(NULL, src->path);
    } else if (drv) {
        GDALDatasetH ds = GDALOpenEx(src->path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL,
                                     NULL);
        if (ds) {
            files = GDALGetFileList(ds);
            GDALClose(ds);
        }
    }
    CPLPopErrorHandler();
    int ok = files && files[0];
    sp_sha256 *c = sp_sha256_new();
    for (int i = 0; ok && files[i]; i++)
        ok = sum_file(c, files[i]);
    ok = sp_sha256_end(c, k->content) && ok;
    CSLDestroy(files);
    if (ok && is_osm) {
        c = sp_sha256_new();
        ok = sum_file(c, src->osm_config ? src->osm_config : sp_roads_default_osmconf());
        ok = sp_sha256_end(c, k->osmconf) && ok;
    }
    return ok;
}

char *sp_netcache_path(const sp_roads_source *src, const char *crs_def, const char *cache_dir)
{
    uint8_t id[32];
    if (!identity_key(src, crs_def, id))
        return NULL;
    char name[64];
    int o = snprintf(name, sizeof name, "network-");
    for (int i = 0; i < 16; i++)
        o += snprintf(name + o, sizeof name - (size_t)o, "%02x", id[i]);
    snprintf(name + o, sizeof name - (size_t)o, ".spnc");
    return g_build_filename(cache_dir, name, NULL);
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                  */

typedef struct {
    uint8_t *p;
    size_t n;
} wbuf;

static void put_u32(wbuf *w, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        w->p[w->n++] = (uint8_t)(v >> (8 * i));
}

static void put_u64(wbuf *w, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        w->p[w->n++] = (uint8_t)(v >> (8 * i));
}

static void put_f64(wbuf *w, double d)
{
    uint64_t v;
    memcpy(&v, &d, 8);
    put_u64(w, v);
}

static void put_bytes(wbuf *w, const void *b, size_t n)
{
    memcpy(w->p + w->n, b, n);
    w->n += n;
}

/* The payload of r (malloc'd; *len bytes), or NULL when out of memory. */
static uint8_t *payload_new(const sp_roads *r, size_t *len)
{
    size_t what_len = strlen(r->what);
    size_t n = 24 + what_len + (size_t)r->n_roads * ROAD_BYTES +
               (size_t)r->n_parts * PART_BYTES + r->n_xy * 16;
    for (int32_t i = 0; i < r->n_strings; i++)
        n += 4 + strlen(r->strings[i]);
    wbuf w = {malloc(n ? n : 1), 0};
    if (!w.p)
        return NULL;
    put_u32(&w, (uint32_t)r->n_roads);
    put_u32(&w, r->n_parts);
    put_u64(&w, r->n_xy);
    put_u32(&w, (uint32_t)r->n_strings);
    put_u32(&w, (uint32_t)what_len);
    put_bytes(&w, r->what, what_len);
    for (int32_t i = 0; i < r->n_roads; i++) {
        const sp_road *d = &r->roads[i];
        put_u64(&w, (uint64_t)d->id);
        put_u32(&w, (uint32_t)d->id_text);
        put_u32(&w, (uint32_t)d->klass);
        put_u32(&w, (uint32_t)d->name);
        w.p[w.n++] = (uint8_t)d->oneway;
        w.p[w.n++] = d->access;
        w.p[w.n++] = d->area;
        put_f64(&w, d->maxspeed_kmh);
        put_u32(&w, d->part0);
        put_u32(&w, d->n_parts);
        put_u32(&w, d->n_degenerate);
    }
    for (uint32_t i = 0; i < r->n_parts; i++) {
        put_u64(&w, r->parts[i].off);
        put_u32(&w, r->parts[i].n);
    }
    for (size_t i = 0; i < 2 * r->n_xy; i++)
        put_f64(&w, r->xy[i]);
    for (int32_t i = 0; i < r->n_strings; i++) {
        size_t sl = strlen(r->strings[i]);
        put_u32(&w, (uint32_t)sl);
        put_bytes(&w, r->strings[i], sl);
    }
    *len = w.n;
    return w.p;
}

/* 0 when out of memory. */
static int sha256(const uint8_t *p, size_t n, uint8_t out[32])
{
    sp_sha256 *c = sp_sha256_new();
    sp_sha256_update(c, p, n);
    return sp_sha256_end(c, out);
}

/* 0 when out of memory. */
static int header(const cache_key *k, const uint8_t *payload, size_t len,
                  uint8_t h[SP_NETCACHE_HEADER])
{
    wbuf w = {h, 0};
    put_bytes(&w, MAGIC, 8);
    put_u32(&w, SP_NETCACHE_FORMAT);
    put_u32(&w, SP_NETCACHE_HEADER);
    put_bytes(&w, k->identity, 32);
    put_bytes(&w, k->env, 32);
    put_bytes(&w, k->content, 32);
    put_bytes(&w, k->osmconf, 32);
    put_u64(&w, len);
    return sha256(payload, len, h + w.n);
}

/* Write r as the cache file `path` (atomically).  Errors: SP_E_IO, SP_E_NOMEM. */
static sp_status cache_write(const char *path, const cache_key *k, const sp_roads *r)
{
    char *dir = g_path_get_dirname(path), *name = g_path_get_basename(path);
    char full[4096], tmp[4200];
    size_t len = 0;
    uint8_t *payload = NULL;
    FILE *f = NULL;
    sp_status st = sp_mkdir_p(dir);
    if (st == SP_OK && !(payload = payload_new(r, &len)))
        st = sp_error(SP_E_NOMEM, "out of memory");
    uint8_t h[SP_NETCACHE_HEADER];
    if (st == SP_OK && !header(k, payload, len, h))
        st = sp_error(SP_E_NOMEM, "out of memory");
    if (st == SP_OK)
        st = sp_atomic_open(dir, name, full, sizeof full, tmp, sizeof tmp, &f);
    if (st == SP_OK) {
        fwrite(h, 1, sizeof h, f);
        fwrite(payload, 1, len, f);
        st = sp_atomic_close_file(f, tmp, full);
    }
    free(payload);
    g_free(dir);
    g_free(name);
    return st;
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                  */

typedef struct {
    const uint8_t *p;
    size_t n, pos;
    int bad;
} rbuf;

static int need(rbuf *b, size_t k)
{
    if (b->bad || b->n - b->pos < k) {
        b->bad = 1;
        return 0;
    }
    return 1;
}

static uint32_t get_u32(rbuf *b)
{
    if (!need(b, 4))
        return 0;
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= (uint32_t)b->p[b->pos++] << (8 * i);
    return v;
}

static uint64_t get_u64(rbuf *b)
{
    if (!need(b, 8))
        return 0;
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)b->p[b->pos++] << (8 * i);
    return v;
}

static double get_f64(rbuf *b)
{
    uint64_t v = get_u64(b);
    double d;
    memcpy(&d, &v, 8);
    return d;
}

static uint8_t get_u8(rbuf *b)
{
    return need(b, 1) ? b->p[b->pos++] : 0;
}

/* An interned-string index: -1 or within the pool. */
static int index_ok(int32_t i, int32_t n_strings)
{
    return i >= -1 && i < n_strings;
}

/* The roads of a checked payload; NULL (with *why) when it is
 * inconsistent, or on out of memory (*nomem). */
sp_roads *sp__netcache_payload_read(const uint8_t *p, size_t n, const char **why, int *nomem)
{
    rbuf b = {p, n, 0, 0};
    *nomem = 0;
    *why = "inconsistent payload";
    uint32_t n_roads = get_u32(&b), n_parts = get_u32(&b);
    uint64_t n_xy = get_u64(&b);
    uint32_t n_strings = get_u32(&b), what_len = get_u32(&b);
    if (b.bad || n_roads > INT32_MAX || n_strings > INT32_MAX || n_parts == UINT32_MAX ||
        what_len >= sizeof(((sp_roads *)0)->what))
        return NULL;
    /* The counts must fit the bytes left before anything is allocated. */
    size_t left = n - b.pos;
    if ((uint64_t)n_roads * ROAD_BYTES > left || (uint64_t)n_parts * PART_BYTES > left ||
        n_xy > left / 16 || (uint64_t)n_strings * 4 > left || what_len > left)
        return NULL;
    sp_roads *r = calloc(1, sizeof *r);
    if (r) {
        r->roads = sp_malloc_n(n_roads, sizeof *r->roads);
        r->parts = sp_malloc_n(n_parts, sizeof *r->parts);
        r->xy = sp_malloc_n(2 * (size_t)n_xy, sizeof *r->xy);
        r->strings = g_try_new0(char *, n_strings ? n_strings : 1);
    }
    if (!r || !r->roads || !r->parts || !r->xy || !r->strings) {
        *nomem = 1;
        sp_roads_free(r);
        return NULL;
    }
    r->n_roads = (int32_t)n_roads;
    r->n_parts = n_parts;
    r->n_xy = (size_t)n_xy;
    memcpy(r->what, p + b.pos, what_len);
    r->what[what_len] = '\0';
    b.pos += what_len;
    int ok = !memchr(r->what, '\0', what_len);
    uint64_t next_part = 0;
    for (uint32_t i = 0; ok && i < n_roads; i++) {
        sp_road *d = &r->roads[i];
        d->id = (int64_t)get_u64(&b);
        d->id_text = (int32_t)get_u32(&b);
        d->klass = (int32_t)get_u32(&b);
        d->name = (int32_t)get_u32(&b);
        d->oneway = (int8_t)get_u8(&b);
        d->access = get_u8(&b);
        d->area = get_u8(&b);
        d->maxspeed_kmh = get_f64(&b);
        d->part0 = get_u32(&b);
        d->n_parts = get_u32(&b);
        d->n_degenerate = get_u32(&b);
        /* As the reader makes them: parts in order, one run per road. */
        ok = !b.bad && index_ok(d->id_text, (int32_t)n_strings) &&
             index_ok(d->klass, (int32_t)n_strings) && index_ok(d->name, (int32_t)n_strings) &&
             d->oneway >= -1 && d->oneway <= 1 && d->area <= 1 &&
             d->access < (1u << SP_MODE_COUNT) && isfinite(d->maxspeed_kmh) &&
             d->maxspeed_kmh >= 0 && d->part0 == next_part;
        next_part += d->n_parts;
        ok = ok && next_part <= n_parts;
    }
    ok = ok && next_part == n_parts;
    uint64_t next_xy = 0;
    for (uint32_t i = 0; ok && i < n_parts; i++) {
        r->parts[i].off = (size_t)get_u64(&b);
        r->parts[i].n = get_u32(&b);
        ok = !b.bad && r->parts[i].off == next_xy && r->parts[i].n >= 2 &&
             r->parts[i].n <= n_xy - next_xy;
        next_xy += r->parts[i].n;
    }
    ok = ok && next_xy == n_xy;
    /* Working-CRS metres as PROJ gave them: within 1e9 of the origin, so no
     * link time can leave float range (fuzz_netcache found 1e107). */
    for (size_t i = 0; ok && i < 2 * r->n_xy; i++)
        ok = fabs(r->xy[i] = get_f64(&b)) <= 1e9 && !b.bad;
    for (uint32_t i = 0; ok && i < n_strings; i++) {
        uint32_t sl = get_u32(&b);
        if (!(ok = need(&b, sl) && !memchr(p + b.pos, '\0', sl)))
            break;
        if (!(r->strings[i] = g_try_malloc((gsize)sl + 1))) {
            *nomem = 1;
            ok = 0;
            break;
        }
        memcpy(r->strings[i], p + b.pos, sl);
        r->strings[i][sl] = '\0';
        b.pos += sl;
        r->n_strings = (int32_t)i + 1;
    }
    if (ok && b.pos != n) {
        *why = "inconsistent payload (bytes left over)";
        ok = 0;
    }
    if (!ok) {
        sp_roads_free(r);
        return NULL;
    }
    r->n_strings = (int32_t)n_strings;
    return r;
}

/* Load the cache file.  SP_NETCACHE_HIT with *out, or MISS (no file),
 * STALE or DAMAGED with the reason in why. */
static sp_netcache_result cache_load(const char *path, const cache_key *k, sp_roads **out,
                                     char *why, size_t why_len)
{
    *out = NULL;
    gchar *data = NULL;
    gsize n = 0;
    GError *err = NULL;
    if (!g_file_get_contents(path, &data, &n, &err)) {
        int missing = g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
                      g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
        snprintf(why, why_len, "cannot be read: %s", err->message);
        g_error_free(err);
        return missing ? SP_NETCACHE_MISS : SP_NETCACHE_DAMAGED;
    }
    const uint8_t *p = (const uint8_t *)data;
    rbuf b = {p, n, 0, 0};
    sp_netcache_result res = SP_NETCACHE_DAMAGED;
    uint32_t format = 0, hsize = 0;
    uint64_t plen = 0;
    if (n < 16 || memcmp(p, MAGIC, 8)) {
        snprintf(why, why_len, n < 16 ? "truncated (%zu bytes)" : "not a siteplan network cache",
                 (size_t)n);
        goto done;
    }
    b.pos = 8;
    format = get_u32(&b);
    hsize = get_u32(&b);
    if (format != SP_NETCACHE_FORMAT) {
        res = SP_NETCACHE_STALE;
        snprintf(why, why_len, "cache format %u; this siteplan writes format %u", format,
                 SP_NETCACHE_FORMAT);
        goto done;
    }
    if (hsize != SP_NETCACHE_HEADER) {
        snprintf(why, why_len, "bad header size %u", hsize);
        goto done;
    }
    if (n < SP_NETCACHE_HEADER) {
        snprintf(why, why_len, "truncated (%zu bytes; the header alone is %u)", (size_t)n,
                 SP_NETCACHE_HEADER);
        goto done;
    }
    res = SP_NETCACHE_STALE;
    if (memcmp(p + 16, k->identity, 32)) {
        snprintf(why, why_len, "made for other network keys or another working CRS");
        goto done;
    }
    if (memcmp(p + 48, k->env, 32)) {
        snprintf(why, why_len, "written by another version of siteplan, GDAL or PROJ");
        goto done;
    }
    if (memcmp(p + 80, k->content, 32)) {
        snprintf(why, why_len, "the network file changed");
        goto done;
    }
    if (memcmp(p + 112, k->osmconf, 32)) {
        snprintf(why, why_len, "the OSM driver configuration file changed");
        goto done;
    }
    res = SP_NETCACHE_DAMAGED;
    b.pos = 144;
    plen = get_u64(&b);
    if (plen != n - SP_NETCACHE_HEADER) {
        if (plen > n - SP_NETCACHE_HEADER)
            snprintf(why, why_len, "truncated (payload %zu of %llu bytes)",
                     (size_t)(n - SP_NETCACHE_HEADER), (unsigned long long)plen);
        else
            snprintf(why, why_len, "%zu bytes after the payload's end",
                     (size_t)(n - SP_NETCACHE_HEADER - plen));
        goto done;
    }
    uint8_t sum[32];
    if (!sha256(p + SP_NETCACHE_HEADER, (size_t)plen, sum)) {
        snprintf(why, why_len, "out of memory checking it");
        goto done;
    }
    if (memcmp(sum, p + 152, 32)) {
        snprintf(why, why_len, "corrupt (payload checksum mismatch)");
        goto done;
    }
    const char *pwhy;
    int nomem;
    *out = sp__netcache_payload_read(p + SP_NETCACHE_HEADER, (size_t)plen, &pwhy, &nomem);
    if (*out)
        res = SP_NETCACHE_HIT;
    else
        snprintf(why, why_len, "%s", nomem ? "out of memory loading it" : pwhy);
done:
    g_free(data);
    return res;
}

/* ------------------------------------------------------------------------ */

sp_status sp_roads_read_cached(const sp_roads_source *src, sp_crs *crs, const char *crs_def,
                               const char *cache_dir, int quiet, GDALProgressFunc progress,
                               void *parg, sp_roads **out, sp_netcache_result *result)
{
    sp_netcache_result dummy;
    if (!result)
        result = &dummy;
    *result = SP_NETCACHE_OFF;
    if (!cache_dir || !*cache_dir || !src->path)
        return sp_roads_read(src, crs, progress, parg, out);
    cache_key k;
    int keyed = identity_key(src, crs_def, k.identity);
    keyed = env_key(k.env) && keyed;
    keyed = content_key(src, &k) && keyed;
    char *path = keyed ? sp_netcache_path(src, crs_def, cache_dir) : NULL;
    char why[256] = "";
    sp_netcache_result res = path ? cache_load(path, &k, out, why, sizeof why) : SP_NETCACHE_OFF;
    if (res == SP_NETCACHE_HIT) {
        if (!quiet)
            fprintf(stderr, "siteplan: network cache hit: %s\n", path);
        if (progress)
            progress(1.0, NULL, parg);
        *result = res;
        g_free(path);
        return SP_OK;
    }
    /* Said before the read, so that the line is not cut by its progress. */
    if (res == SP_NETCACHE_MISS && !quiet)
        fprintf(stderr, "siteplan: network cache miss: %s; reading the network\n", path);
    else if (res == SP_NETCACHE_STALE && !quiet)
        fprintf(stderr, "siteplan: network cache %s: stale (%s); rebuilding it\n", path, why);
    else if (res == SP_NETCACHE_DAMAGED)
        sp_warn("network cache %s: %s; rebuilding it", path, why);
    sp_status st = sp_roads_read(src, crs, progress, parg, out);
    if (st) {
        g_free(path);
        return st;
    }
    if (!path) {
        sp_warn("network cache: cannot read the files of %s to key the cache; running without it",
                src->path);
        return SP_OK;
    }
    *result = res;
    if (cache_write(path, &k, *out)) {
        sp_warn("network cache: cannot write %s (%s); running without the cache", path,
                sp_error_message());
        sp_error_clear();
        *result = SP_NETCACHE_UNWRITABLE;
    }
    g_free(path);
    return SP_OK;
}
