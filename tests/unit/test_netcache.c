/* test_netcache.c — the network cache (io/netcache.c).
 *
 * Every load through the cache must give the roads exactly as a plain read
 * gives them (compared field by field, string by string, coordinate by
 * coordinate), and the network built from them the same fingerprint.  A
 * cache file is trusted only when it fits: the cases below damage it (cut
 * at many lengths, a byte flipped at many places, a byte appended, a forged
 * payload with a recomputed checksum), make it stale (the network file or
 * the OSM configuration edited, another version in the header) or point
 * the run elsewhere (other keys, another working CRS), and each must be
 * detected, reported as what it is, and rebuilt from the network.
 *
 * Fixtures: data/poa_osm.pbf, tests/data/osm/topology.osm and lines.geojson.
 * Env: SP_ROOT (repository; default .), SP_TMP (scratch folder; default /tmp).
 */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netcache.h"
#include "roadnet.h"
#include "test.h"

static char g_dir[2048], g_root[2048];
static sp_crs *CRS_SZ, *CRS_POA; /* EPSG:32650 (the fixtures), EPSG:32722 */

static char *root_path(const char *rel) { return g_build_filename(g_root, rel, NULL); }

/* 1 when a and b hold the same roads, bit for bit. */
static int roads_equal(const sp_roads *a, const sp_roads *b)
{
    if (a->n_roads != b->n_roads || a->n_parts != b->n_parts || a->n_xy != b->n_xy ||
        a->n_strings != b->n_strings || strcmp(a->what, b->what)) {
        fprintf(stderr, "roads differ in counts: %d/%d roads, %u/%u parts, %zu/%zu vertices\n",
                a->n_roads, b->n_roads, a->n_parts, b->n_parts, a->n_xy, b->n_xy);
        return 0;
    }
    for (int32_t i = 0; i < a->n_roads; i++) {
        const sp_road *x = &a->roads[i], *y = &b->roads[i];
        if (x->id != y->id || x->id_text != y->id_text || x->klass != y->klass ||
            x->name != y->name || x->oneway != y->oneway || x->access != y->access ||
            x->area != y->area || memcmp(&x->maxspeed_kmh, &y->maxspeed_kmh, sizeof(double)) ||
            x->part0 != y->part0 || x->n_parts != y->n_parts ||
            x->n_degenerate != y->n_degenerate) {
            fprintf(stderr, "road %d differs\n", i);
            return 0;
        }
    }
    for (uint32_t i = 0; i < a->n_parts; i++)
        if (a->parts[i].off != b->parts[i].off || a->parts[i].n != b->parts[i].n)
            return 0;
    if (memcmp(a->xy, b->xy, 2 * a->n_xy * sizeof *a->xy))
        return 0;
    for (int32_t i = 0; i < a->n_strings; i++)
        if (strcmp(a->strings[i], b->strings[i]))
            return 0;
    return 1;
}

static sp_roads *plain(const sp_roads_source *src, sp_crs *crs)
{
    sp_roads *r = NULL;
    if (sp_roads_read(src, crs, NULL, NULL, &r)) {
        fprintf(stderr, "plain read: %s\n", sp_error_message());
        return NULL;
    }
    return r;
}

/* A cached read; its result, or -1 when the read failed. */
static int cached(const sp_roads_source *src, sp_crs *crs, const char *def, const char *dir,
                  sp_roads **out)
{
    sp_netcache_result res;
    *out = NULL;
    if (sp_roads_read_cached(src, crs, def, dir, 1, NULL, NULL, out, &res)) {
        fprintf(stderr, "cached read: %s\n", sp_error_message());
        return -1;
    }
    return (int)res;
}

static int write_bytes(const char *path, const void *p, size_t n)
{
    return g_file_set_contents(path, p, (gssize)n, NULL);
}

/* One cached read of src through `dir` must give `want` (bit for bit) with
 * the result `expect`. */
static int check_read(const sp_roads_source *src, const char *dir, const sp_roads *want,
                      int expect)
{
    sp_roads *r = NULL;
    int res = cached(src, CRS_SZ, "EPSG:32650", dir, &r);
    int ok = res == expect && r && roads_equal(r, want);
    if (!ok)
        fprintf(stderr, "cached read: result %d, expected %d\n", res, expect);
    sp_roads_free(r);
    return ok;
}

/* ------------------------------------------------------------------------ */

/* The bundled network: miss (file written), then hit; both equal a plain
 * read, and a network opened through the cache has the same fingerprint. */
TEST(hit_equals_plain_read)
{
    char *pbf = root_path("data/poa_osm.pbf"), *dir = g_build_filename(g_dir, "poa", NULL);
    sp_roads_source src = {.path = pbf};
    sp_roads *r0 = plain(&src, CRS_POA), *r1 = NULL, *r2 = NULL;
    ASSERT(r0 && r0->n_roads > 1000);
    ASSERT_EQ_INT(cached(&src, CRS_POA, "EPSG:32722", dir, &r1), SP_NETCACHE_MISS);
    char *path = sp_netcache_path(&src, "EPSG:32722", dir);
    ASSERT(g_file_test(path, G_FILE_TEST_IS_REGULAR));
    ASSERT_EQ_INT(cached(&src, CRS_POA, "EPSG:32722", dir, &r2), SP_NETCACHE_HIT);
    ASSERT(roads_equal(r0, r1));
    ASSERT(roads_equal(r0, r2));
    sp_roads_free(r0);
    sp_roads_free(r1);
    sp_roads_free(r2);

    /* The fingerprint of the network, with and without the cache. */
    sp_options *o = NULL;
    char *ini = root_path("data/porto_alegre.ini");
    ASSERT_EQ_INT(sp_scenario_load(ini, NULL, 0, &o), SP_OK);
    o->quiet = 1;
    sp_network *a = NULL, *b = NULL;
    ASSERT_EQ_INT(sp_network_open(o, "EPSG:32722", "test", NULL, NULL, &a), SP_OK);
    o->network_cache = g_strdup(dir);
    ASSERT_EQ_INT(sp_network_open(o, "EPSG:32722", "test", NULL, NULL, &b), SP_OK);
    ASSERT(strcmp(sp_network_fingerprint(a), sp_network_fingerprint(b)) == 0);
    ASSERT(roads_equal(sp_network_roads(a), sp_network_roads(b)));
    sp_network_free(a);
    sp_network_free(b);
    sp_options_free(o);
    g_free(ini);
    g_free(path);
    g_free(pbf);
    g_free(dir);
}

/* Cut, flipped, extended: each detected as damaged (a warning), rebuilt,
 * and the next read a hit. */
TEST(damage_is_detected_and_rebuilt)
{
    char *osm = root_path("tests/data/osm/topology.osm"), *dir = g_build_filename(g_dir, "dmg", NULL);
    sp_roads_source src = {.path = osm};
    sp_roads *r0 = plain(&src, CRS_SZ);
    ASSERT(r0);
    ASSERT(check_read(&src, dir, r0, SP_NETCACHE_MISS));
    char *path = sp_netcache_path(&src, "EPSG:32650", dir);
    gchar *good = NULL;
    gsize n = 0;
    ASSERT(g_file_get_contents(path, &good, &n, NULL));
    ASSERT(n > SP_NETCACHE_HEADER + 100);
    ASSERT(check_read(&src, dir, r0, SP_NETCACHE_HIT));

    /* Cut at many lengths (the whole header, parts of it, the payload). */
    size_t cuts[] = {0, 5, 8, 15, 16, 100, 183, 184, 185, 200, n / 2, n - 8, n - 1};
    for (size_t c = 0; c < sizeof cuts / sizeof *cuts; c++) {
        long w0 = sp_warn_count();
        ASSERT(write_bytes(path, good, cuts[c]));
        ASSERT(check_read(&src, dir, r0, SP_NETCACHE_DAMAGED));
        ASSERT_EQ_INT(sp_warn_count(), w0 + 1);
        ASSERT(check_read(&src, dir, r0, SP_NETCACHE_HIT));
    }
    /* A byte flipped anywhere in the payload (48 places spread over it,
     * the last byte too), and in the magic, the length and the checksum. */
    for (size_t k = 0; k <= 48; k++) {
        size_t at = n - 1 - k * (n - 1 - SP_NETCACHE_HEADER) / 48;
        good[at] ^= 0x10;
        ASSERT(write_bytes(path, good, n));
        good[at] ^= 0x10;
        ASSERT(check_read(&src, dir, r0, SP_NETCACHE_DAMAGED));
    }
    size_t header_bytes[] = {0, 7, 144, 150, 152, 183};
    for (size_t k = 0; k < sizeof header_bytes / sizeof *header_bytes; k++) {
        good[header_bytes[k]] ^= 0x01;
        ASSERT(write_bytes(path, good, n));
        good[header_bytes[k]] ^= 0x01;
        ASSERT(check_read(&src, dir, r0, SP_NETCACHE_DAMAGED));
    }
    /* One byte more. */
    gchar *longer = g_malloc(n + 1);
    memcpy(longer, good, n);
    longer[n] = 0;
    ASSERT(write_bytes(path, longer, n + 1));
    ASSERT(check_read(&src, dir, r0, SP_NETCACHE_DAMAGED));
    g_free(longer);
    /* Another format, another version, other keys in the header: stale, a
     * note and no warning. */
    size_t stale_bytes[] = {8, 20, 50, 90, 120};
    for (size_t k = 0; k < sizeof stale_bytes / sizeof *stale_bytes; k++) {
        long w0 = sp_warn_count();
        good[stale_bytes[k]] ^= 0x01;
        ASSERT(write_bytes(path, good, n));
        good[stale_bytes[k]] ^= 0x01;
        ASSERT(check_read(&src, dir, r0, SP_NETCACHE_STALE));
        ASSERT_EQ_INT(sp_warn_count(), w0);
    }
    ASSERT(check_read(&src, dir, r0, SP_NETCACHE_HIT));
    g_free(good);
    sp_roads_free(r0);
    g_free(path);
    g_free(osm);
    g_free(dir);
}

static void sha256_into(const uint8_t *p, size_t n, uint8_t *out)
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(c, p, (gssize)n);
    gsize len = 32;
    g_checksum_get_digest(c, out, &len);
    g_checksum_free(c);
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* A payload changed and its checksum recomputed (what a bug or a hand edit
 * could leave): the reader's own checks refuse it. */
TEST(forged_payload_is_refused)
{
    char *osm = root_path("tests/data/osm/topology.osm"), *dir = g_build_filename(g_dir, "forge", NULL);
    sp_roads_source src = {.path = osm};
    sp_roads *r0 = plain(&src, CRS_SZ);
    ASSERT(r0);
    ASSERT(check_read(&src, dir, r0, SP_NETCACHE_MISS));
    char *path = sp_netcache_path(&src, "EPSG:32650", dir);
    gchar *good = NULL;
    gsize n = 0;
    ASSERT(g_file_get_contents(path, &good, &n, NULL));
    const uint8_t *pl = (const uint8_t *)good + SP_NETCACHE_HEADER;
    size_t plen = n - SP_NETCACHE_HEADER;
    uint32_t what_len = pl[20] | pl[21] << 8 | pl[22] << 16 | (uint32_t)pl[23] << 24;
    size_t road0 = 24 + what_len, road1 = road0 + 43;
    struct { size_t at; uint32_t v; } forged[] = {
        {0, (uint32_t)r0->n_roads + 1},        /* n_roads */
        {0, 0x7fffffff},                       /* n_roads, far beyond the bytes */
        {4, r0->n_parts - 1},                  /* n_parts */
        {8, (uint32_t)r0->n_xy + 1},           /* n_xy */
        {16, (uint32_t)r0->n_strings + 1},     /* n_strings */
        {20, 600},                             /* what length */
        {road0 + 12, (uint32_t)r0->n_strings}, /* class index out of range */
        {road0 + 16, (uint32_t)-2},            /* name index */
        {road0 + 20, 0x05},                    /* oneway 5, access 0, area 0 */
        {road1 + 31, 0},                       /* part0 of road 1 */
        {road0 + 35, 1000},                    /* n_parts of road 0 */
    };
    for (size_t k = 0; k < sizeof forged / sizeof *forged; k++) {
        gchar *bad = g_memdup2(good, n);
        put32((uint8_t *)bad + SP_NETCACHE_HEADER + forged[k].at, forged[k].v);
        sha256_into((uint8_t *)bad + SP_NETCACHE_HEADER, plen, (uint8_t *)bad + 152);
        ASSERT(write_bytes(path, bad, n));
        g_free(bad);
        if (!check_read(&src, dir, r0, SP_NETCACHE_DAMAGED)) {
            fprintf(stderr, "forged case %zu accepted\n", k);
            ASSERT(0);
        }
    }
    /* A NaN as the first coordinate. */
    size_t xy0 = road0 + 43 * (size_t)r0->n_roads + 12 * (size_t)r0->n_parts;
    gchar *bad = g_memdup2(good, n);
    memset(bad + SP_NETCACHE_HEADER + xy0, 0xff, 8);
    sha256_into((uint8_t *)bad + SP_NETCACHE_HEADER, plen, (uint8_t *)bad + 152);
    ASSERT(write_bytes(path, bad, n));
    g_free(bad);
    ASSERT(check_read(&src, dir, r0, SP_NETCACHE_DAMAGED));
    /* The unforged file again: a hit (so the cases above were refused for
     * what was forged, not for something else). */
    ASSERT(write_bytes(path, good, n));
    ASSERT(check_read(&src, dir, r0, SP_NETCACHE_HIT));
    g_free(good);
    sp_roads_free(r0);
    g_free(path);
    g_free(osm);
    g_free(dir);
}

/* The network file edited (one way removed) or the OSM configuration
 * edited: stale, rebuilt, and the roads follow the new file. */
TEST(stale_when_the_input_changes)
{
    char *osm = root_path("tests/data/osm/topology.osm"), *dir = g_build_filename(g_dir, "stale", NULL);
    char *copy = g_build_filename(g_dir, "net.osm", NULL);
    gchar *text = NULL;
    ASSERT(g_file_get_contents(osm, &text, NULL, NULL));
    ASSERT(g_file_set_contents(copy, text, -1, NULL));
    sp_roads_source src = {.path = copy};
    sp_roads *r0 = plain(&src, CRS_SZ);
    ASSERT(r0);
    ASSERT(check_read(&src, dir, r0, SP_NETCACHE_MISS));
    ASSERT(check_read(&src, dir, r0, SP_NETCACHE_HIT));

    /* Remove the first <way ...>...</way>. */
    char *w = strstr(text, "<way"), *e = w ? strstr(w, "</way>") : NULL;
    ASSERT(w && e);
    memmove(w, e + 6, strlen(e + 6) + 1);
    ASSERT(g_file_set_contents(copy, text, -1, NULL));
    sp_roads *r1 = plain(&src, CRS_SZ);
    ASSERT(r1);
    ASSERT_EQ_INT(r1->n_roads, r0->n_roads - 1);
    ASSERT(check_read(&src, dir, r1, SP_NETCACHE_STALE));
    ASSERT(check_read(&src, dir, r1, SP_NETCACHE_HIT));

    /* The OSM configuration: a copy, then a comment added to it. */
    char *conf0 = root_path("data/osmconf.ini"), *conf = g_build_filename(g_dir, "osmconf.ini", NULL);
    gchar *ct = NULL;
    ASSERT(g_file_get_contents(conf0, &ct, NULL, NULL));
    ASSERT(g_file_set_contents(conf, ct, -1, NULL));
    src.osm_config = conf;
    ASSERT(check_read(&src, dir, r1, SP_NETCACHE_MISS)); /* another key: another file */
    ASSERT(check_read(&src, dir, r1, SP_NETCACHE_HIT));
    gchar *ct2 = g_strconcat(ct, "\n# edited\n", NULL);
    ASSERT(g_file_set_contents(conf, ct2, -1, NULL));
    ASSERT(check_read(&src, dir, r1, SP_NETCACHE_STALE));
    ASSERT(check_read(&src, dir, r1, SP_NETCACHE_HIT));
    g_free(ct);
    g_free(ct2);
    g_free(conf0);
    g_free(conf);
    sp_roads_free(r0);
    sp_roads_free(r1);
    g_free(text);
    g_free(copy);
    g_free(osm);
    g_free(dir);
}

/* Other network keys or another working CRS: another file (a miss), and
 * the first file stays good. */
TEST(keys_choose_the_file)
{
    char *osm = root_path("tests/data/osm/topology.osm"), *dir = g_build_filename(g_dir, "keys", NULL);
    sp_roads_source src = {.path = osm};
    sp_roads *r0 = plain(&src, CRS_SZ);
    ASSERT(r0);
    ASSERT(check_read(&src, dir, r0, SP_NETCACHE_MISS));
    sp_roads_source where = src;
    where.where = "highway = 'residential'";
    sp_roads *rw = plain(&where, CRS_SZ);
    ASSERT(rw && rw->n_roads < r0->n_roads);
    char *p0 = sp_netcache_path(&src, "EPSG:32650", dir), *pw = sp_netcache_path(&where, "EPSG:32650", dir);
    char *pc = sp_netcache_path(&src, "EPSG:32649", dir);
    ASSERT(strcmp(p0, pw) && strcmp(p0, pc) && strcmp(pw, pc));
    ASSERT(check_read(&where, dir, rw, SP_NETCACHE_MISS));
    ASSERT(check_read(&where, dir, rw, SP_NETCACHE_HIT));
    ASSERT(check_read(&src, dir, r0, SP_NETCACHE_HIT));
    /* Another working CRS: other coordinates, another file. */
    sp_crs *c49 = NULL;
    ASSERT_EQ_INT(sp_crs_new("EPSG:32649", &c49), SP_OK);
    sp_roads *p49 = plain(&src, c49), *q49 = NULL;
    ASSERT(p49);
    ASSERT_EQ_INT(cached(&src, c49, "EPSG:32649", dir, &q49), SP_NETCACHE_MISS);
    ASSERT(roads_equal(p49, q49));
    sp_roads_free(q49);
    ASSERT_EQ_INT(cached(&src, c49, "EPSG:32649", dir, &q49), SP_NETCACHE_HIT);
    ASSERT(roads_equal(p49, q49));
    ASSERT(p49->xy[0] != r0->xy[0]);
    sp_roads_free(q49);
    sp_roads_free(p49);
    sp_crs_free(c49);
    ASSERT(check_read(&src, dir, r0, SP_NETCACHE_HIT));
    g_free(p0);
    g_free(pw);
    g_free(pc);
    sp_roads_free(r0);
    sp_roads_free(rw);
    g_free(osm);
    g_free(dir);
}

/* A GeoJSON line layer (the GDAL file list path, not OSM). */
TEST(other_formats)
{
    char *gj = root_path("tests/data/osm/lines.geojson"), *dir = g_build_filename(g_dir, "gj", NULL);
    sp_roads_source src = {.path = gj, .class_field = "roadtype"};
    sp_roads *r0 = plain(&src, CRS_SZ);
    ASSERT(r0 && r0->n_roads > 0);
    ASSERT(check_read(&src, dir, r0, SP_NETCACHE_MISS));
    ASSERT(check_read(&src, dir, r0, SP_NETCACHE_HIT));
    sp_roads_free(r0);
    g_free(gj);
    g_free(dir);
}

/* A cache folder that cannot be made: a warning, and the roads as read. */
TEST(unwritable_cache_folder)
{
    char *osm = root_path("tests/data/osm/topology.osm");
    char *file = g_build_filename(g_dir, "a_file", NULL), *dir = g_build_filename(file, "cache", NULL);
    ASSERT(g_file_set_contents(file, "x", -1, NULL));
    sp_roads_source src = {.path = osm};
    sp_roads *r0 = plain(&src, CRS_SZ);
    ASSERT(r0);
    long w0 = sp_warn_count();
    ASSERT(check_read(&src, dir, r0, SP_NETCACHE_UNWRITABLE));
    ASSERT_EQ_INT(sp_warn_count(), w0 + 1);
    ASSERT(check_read(&src, dir, r0, SP_NETCACHE_UNWRITABLE));
    /* A missing network is the reader's error, not the cache's. */
    sp_roads_source missing = {.path = "/nonexistent/roads.osm"};
    sp_roads *r = NULL;
    ASSERT(sp_roads_read_cached(&missing, CRS_SZ, "EPSG:32650", g_dir, 1, NULL, NULL, &r, NULL) ==
           SP_E_IO);
    ASSERT(strstr(sp_error_message(), "/nonexistent/roads.osm"));
    sp_error_clear();
    sp_roads_free(r0);
    g_free(file);
    g_free(dir);
    g_free(osm);
}

int main(void)
{
    const char *tmp = getenv("SP_TMP"), *root = getenv("SP_ROOT");
    snprintf(g_root, sizeof g_root, "%s", root && *root ? root : ".");
    snprintf(g_dir, sizeof g_dir, "%s/test_netcache_XXXXXX", tmp && *tmp ? tmp : "/tmp");
    GDALAllRegister();
    sp_warn_set_muted(1);
    if (!mkdtemp(g_dir) || sp_crs_new("EPSG:32650", &CRS_SZ) ||
        sp_crs_new("EPSG:32722", &CRS_POA)) {
        fprintf(stderr, "cannot set up: %s\n", sp_error_message());
        return 1;
    }
    RUN(hit_equals_plain_read);
    RUN(damage_is_detected_and_rebuilt);
    RUN(forged_payload_is_refused);
    RUN(stale_when_the_input_changes);
    RUN(keys_choose_the_file);
    RUN(other_formats);
    RUN(unwritable_cache_folder);
    sp_crs_free(CRS_SZ);
    sp_crs_free(CRS_POA);
    return test_summary("netcache");
}
