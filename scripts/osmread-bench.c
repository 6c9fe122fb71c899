/* osmread-bench.c — the road read of an .osm.pbf through GDAL and through
 * libreadosm, timed side by side (make bench-osmread; issue 14).
 *
 *   build/release/osmread-bench [-r RUNS] [-c CRS] [-m gdal|readosm] FILE.osm.pbf
 *
 * Two readers of the same file, each run RUNS times (default 3), each run
 * in its own child process so that its peak resident memory (wait4's
 * ru_maxrss) is its own:
 *   gdal     sp_roads_read() exactly as siteplan calls it: GDAL's OSM driver
 *            with siteplan's osmconf (sp_roads_default_osmconf), interleaved
 *            dataset reading of the `lines` layer, "highway" IS NOT NULL,
 *            the roads' attributes and polylines into the working CRS.
 *   readosm  libreadosm: every node's coordinates kept (id, lon and lat in
 *            1e-7 degree, as GDAL keeps them), then every way with a
 *            highway tag that GDAL puts in `lines` (not a closed way that
 *            osmconf's closed_ways_are_polygons makes an area; nodes that
 *            are missing left out; fewer than 2 found: dropped, as GDAL
 *            does), with the same attributes, the same UTF-8 check, the
 *            same dropping of repeated vertices, into the same sp_roads
 *            arrays and the same working CRS.
 * Per run one line: reader, run, wall seconds, CPU seconds (user + system),
 * peak MB, ways, vertices and a checksum over every road (id, class, name,
 * oneway, access, area, maxspeed, vertices; independent of road order).
 * Then the best wall time and the largest peak of each reader.
 * Exit 1 when a reader fails or when the readers disagree on ways,
 * vertices or checksum.
 *
 * CRS: the working CRS (default EPSG:32722, the zone siteplan picks for
 * the bundled and tiled Porto Alegre data).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <gdal.h>
#include <glib.h>
#include <ogr_srs_api.h>
#include <readosm.h>

#include "crs.h"
#include "roads.h"
#include "scenario.h"
#include "status.h"

typedef struct {
    int ok;
    double seconds; /* the read, as the child timed it */
    long long ways, parts, vertices;
    uint64_t checksum;
    char err[400];
} result;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ------------------------------------------------------------------------ */
/* Checksum of an sp_roads, whichever reader built it                        */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
    return s ? fnv(h, s, strlen(s) + 1) : fnv(h, "\xff", 1);
}

static void summarise(const sp_roads *r, result *out)
{
    uint64_t sum = 0;
    for (int32_t i = 0; i < r->n_roads; i++) {
        const sp_road *rd = &r->roads[i];
        uint64_t h = 1469598103934665603ull;
        h = fnv(h, &rd->id, sizeof rd->id);
        h = fnv_str(h, sp_roads_str(r, rd->klass));
        h = fnv_str(h, sp_roads_str(r, rd->name));
        h = fnv(h, &rd->oneway, 1);
        h = fnv(h, &rd->access, 1);
        h = fnv(h, &rd->area, 1);
        h = fnv(h, &rd->maxspeed_kmh, sizeof rd->maxspeed_kmh);
        h = fnv(h, &rd->n_parts, sizeof rd->n_parts);
        for (uint32_t p = 0; p < rd->n_parts; p++) {
            const sp_road_part *pt = &r->parts[rd->part0 + p];
            h = fnv(h, &r->xy[2 * pt->off], 2 * sizeof(double) * pt->n);
        }
        sum += h;
    }
    out->ways = r->n_roads;
    out->parts = r->n_parts;
    out->vertices = (long long)r->n_xy;
    out->checksum = sum;
}

/* The layer CRS GDAL's OSM driver reports (WGS 84), as roads.c exports it. */
static char *wgs84_wkt(void)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRSetWellKnownGeogCS(srs, "WGS84");
    char *wkt = NULL;
    const char *wopts[] = {"FORMAT=WKT2_2018", NULL};
    OSRExportToWktEx(srs, &wkt, wopts);
    char *copy = wkt ? strdup(wkt) : NULL;
    CPLFree(wkt);
    OSRDestroySpatialReference(srs);
    return copy;
}

/* ------------------------------------------------------------------------ */
/* gdal: siteplan's own reader                                               */

static void read_gdal(const char *path, const char *crs_def, result *out)
{
    GDALAllRegister();
    sp_crs *crs = NULL;
    sp_roads *r = NULL;
    sp_roads_source src = {.path = path};
    double t0 = now();
    if (sp_crs_new(crs_def, &crs) || sp_roads_read(&src, crs, NULL, NULL, &r)) {
        snprintf(out->err, sizeof out->err, "%s", sp_error_message());
    } else {
        out->seconds = now() - t0;
        summarise(r, out);
        out->ok = 1;
    }
    sp_roads_free(r);
    sp_crs_free(crs);
}

/* ------------------------------------------------------------------------ */
/* readosm: a dedicated reader doing the same work                           */

typedef struct {
    /* nodes, in file order (sorted by id before the first way) */
    int64_t *id;
    int32_t (*ll)[2]; /* lon, lat in 1e-7 degree */
    size_t n, cap;
    int sorted, ways_started;
    /* osmconf's closed_ways_are_polygons: keys and key=value pairs */
    GHashTable *area_keys;
    /* output, grown as roads.c grows its arrays */
    sp_roads *r;
    size_t cap_roads, cap_parts, cap_xy;
    GPtrArray *strings;
    GHashTable *str_idx;
    double *way_xy; /* one way's resolved coordinates */
    size_t way_cap;
    char err[400];
} rosm;

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 1;
    size_t nc = *cap ? *cap : 1024;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (!q)
        return 0;
    *p = q;
    *cap = nc;
    return 1;
}

static int32_t intern(rosm *s, const char *str)
{
    if (!str || !*str)
        return -1;
    gpointer v = g_hash_table_lookup(s->str_idx, str);
    if (v)
        return GPOINTER_TO_INT(v) - 1;
    char *copy = g_strdup(str);
    g_ptr_array_add(s->strings, copy);
    int32_t idx = (int32_t)s->strings->len - 1;
    g_hash_table_insert(s->str_idx, copy, GINT_TO_POINTER(idx + 1));
    return idx;
}

/* The closed_ways_are_polygons line of an osmconf file, into a set. */
static int load_area_keys(rosm *s, const char *conf)
{
    FILE *f = fopen(conf, "r");
    if (!f) {
        snprintf(s->err, sizeof s->err, "%s: cannot open", conf);
        return 0;
    }
    s->area_keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "closed_ways_are_polygons=", 25))
            continue;
        line[strcspn(line, "\r\n")] = 0;
        char **items = g_strsplit(line + 25, ",", -1);
        for (char **it = items; *it; it++)
            if (**it)
                g_hash_table_add(s->area_keys, g_strdup(*it));
        g_strfreev(items);
    }
    fclose(f);
    return 1;
}

static const char *tag(const readosm_way *w, const char *key)
{
    for (int i = 0; i < w->tag_count; i++)
        if (!strcmp(w->tags[i].key, key))
            return w->tags[i].value;
    return NULL;
}

/* GDAL's rule for a closed way: an area when area=yes, or (unless area=no)
 * a key or key=value pair of closed_ways_are_polygons is among its tags. */
static int closed_way_is_area(const rosm *s, const readosm_way *w)
{
    int area = 0;
    char kv[512];
    for (int i = 0; i < w->tag_count; i++) {
        const char *k = w->tags[i].key, *v = w->tags[i].value;
        if (!strcmp(k, "area")) {
            if (!strcmp(v, "yes"))
                return 1;
            if (!strcmp(v, "no"))
                return 0;
        }
        if (area)
            continue;
        if (g_hash_table_contains(s->area_keys, k))
            area = 1;
        else if ((size_t)snprintf(kv, sizeof kv, "%s=%s", k, v) < sizeof kv &&
                 g_hash_table_contains(s->area_keys, kv))
            area = 1;
    }
    return area;
}

static int on_node(const void *user, const readosm_node *nd)
{
    rosm *s = (rosm *)user;
    if (s->ways_started) {
        snprintf(s->err, sizeof s->err, "node %lld after the ways: the file is not sorted",
                 nd->id);
        return READOSM_ABORT;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 65536;
        int64_t *id = realloc(s->id, cap * sizeof *id);
        if (id)
            s->id = id;
        void *ll = id ? realloc(s->ll, cap * sizeof *s->ll) : NULL;
        if (!ll)
            return READOSM_INSUFFICIENT_MEMORY;
        s->ll = ll;
        s->cap = cap;
    }
    if (s->n && nd->id <= s->id[s->n - 1])
        s->sorted = 0;
    s->id[s->n] = nd->id;
    s->ll[s->n][0] = (int32_t)floor(nd->longitude * 1e7 + 0.5);
    s->ll[s->n][1] = (int32_t)floor(nd->latitude * 1e7 + 0.5);
    s->n++;
    return READOSM_OK;
}

static int cmp_idx(const void *a, const void *b, void *arg)
{
    const int64_t *id = arg;
    int64_t x = id[*(const size_t *)a], y = id[*(const size_t *)b];
    return x < y ? -1 : x > y;
}

/* Nodes sorted by id, duplicates keeping the last one read. */
static int sort_nodes(rosm *s)
{
    if (s->sorted)
        return 1;
    size_t *perm = malloc(s->n * sizeof *perm);
    int64_t *id = malloc(s->n * sizeof *id);
    int32_t(*ll)[2] = malloc(s->n * sizeof *ll);
    if (!perm || !id || !ll) {
        free(perm), free(id), free(ll);
        return 0;
    }
    for (size_t i = 0; i < s->n; i++)
        perm[i] = i;
    qsort_r(perm, s->n, sizeof *perm, cmp_idx, s->id);
    size_t m = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (m && id[m - 1] == s->id[perm[i]])
            m--;
        id[m] = s->id[perm[i]];
        memcpy(ll[m], s->ll[perm[i]], sizeof *ll);
        m++;
    }
    free(perm), free(s->id), free(s->ll);
    s->id = id, s->ll = ll, s->n = m, s->sorted = 1;
    return 1;
}

static ptrdiff_t find_node(const rosm *s, int64_t id)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->id[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n && s->id[lo] == id ? (ptrdiff_t)lo : -1;
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

/* roads.c's access rule, on the way's tags. */
static int access_denied(const readosm_way *w, sp_mode mode)
{
    static const char *const NO[] = {"no", "private", NULL};
    static const char *const YES[] = {"yes", "designated", "permissive", "destination", NULL};
    const char *own = NULL, *own2 = NULL;
    switch (mode) {
    case SP_MODE_WALK: own = tag(w, "foot"); break;
    case SP_MODE_BIKE:
    case SP_MODE_EBIKE: own = tag(w, "bicycle"); break;
    case SP_MODE_CAR:
        own = tag(w, "motor_vehicle");
        own2 = tag(w, "motorcar");
        break;
    default: break;
    }
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
    return is_one_of(tag(w, "access"), NO);
}

/* roads.c's oneway rule, on the way's tags. */
static int oneway_dir(const readosm_way *w, const char *klass)
{
    const char *ow = tag(w, "oneway");
    if (ow) {
        if (!strcmp(ow, "yes") || !strcmp(ow, "true") || !strcmp(ow, "1"))
            return 1;
        if (!strcmp(ow, "-1") || !strcmp(ow, "reverse"))
            return -1;
        if (!strcmp(ow, "no") || !strcmp(ow, "false") || !strcmp(ow, "0"))
            return 0;
    }
    const char *j = tag(w, "junction");
    if (j && (!strcmp(j, "roundabout") || !strcmp(j, "circular")))
        return 1;
    return klass && !strcmp(klass, "motorway");
}

static int on_way(const void *user, const readosm_way *w)
{
    rosm *s = (rosm *)user;
    if (!s->ways_started) {
        s->ways_started = 1;
        if (!sort_nodes(s))
            return READOSM_INSUFFICIENT_MEMORY;
    }
    const char *klass = tag(w, "highway");
    if (!klass || w->node_ref_count < 2)
        return READOSM_OK;
    if (w->node_refs[0] == w->node_refs[w->node_ref_count - 1] && closed_way_is_area(s, w))
        return READOSM_OK;
    /* The coordinates GDAL finds: missing nodes left out. */
    if (!grow((void **)&s->way_xy, &s->way_cap, (size_t)w->node_ref_count, 2 * sizeof(double)))
        return READOSM_INSUFFICIENT_MEMORY;
    size_t found = 0;
    ptrdiff_t k = -1;
    for (int i = 0; i < w->node_ref_count; i++) {
        int64_t ref = w->node_refs[i];
        if (k >= 0 && ref == w->node_refs[i - 1] + 1 && (size_t)k + 1 < s->n &&
            s->id[k + 1] == ref)
            k++;
        else
            k = find_node(s, ref);
        if (k < 0)
            continue;
        s->way_xy[2 * found] = s->ll[k][0] / 1e7;
        s->way_xy[2 * found + 1] = s->ll[k][1] / 1e7;
        found++;
    }
    if (found < 2)
        return READOSM_OK;
    const char *name = tag(w, "name");
    const char *texts[] = {klass, name};
    for (int i = 0; i < 2; i++)
        if (texts[i] && !g_utf8_validate(texts[i], -1, NULL)) {
            snprintf(s->err, sizeof s->err, "way %lld: text is not valid UTF-8", w->id);
            return READOSM_ABORT;
        }
    sp_roads *r = s->r;
    if (!grow((void **)&r->roads, &s->cap_roads, (size_t)r->n_roads + 1, sizeof *r->roads))
        return READOSM_INSUFFICIENT_MEMORY;
    sp_road road = {.id = w->id, .id_text = -1, .part0 = r->n_parts};
    road.klass = intern(s, klass);
    road.name = intern(s, name);
    road.oneway = (int8_t)oneway_dir(w, klass);
    road.maxspeed_kmh = sp_roads_parse_maxspeed(tag(w, "maxspeed"));
    const char *area = tag(w, "area");
    road.area = area && !strcmp(area, "yes");
    for (int m = 0; m < SP_MODE_COUNT; m++)
        if (!access_denied(w, (sp_mode)m))
            road.access |= (uint8_t)SP_ROAD_ACCESS(m);
    /* One part, repeated vertices dropped (roads.c add_line). */
    size_t off = r->n_xy;
    uint32_t n = 0;
    if (!grow((void **)&r->xy, &s->cap_xy, r->n_xy + found, 2 * sizeof(double)))
        return READOSM_INSUFFICIENT_MEMORY;
    for (size_t i = 0; i < found; i++) {
        double x = s->way_xy[2 * i], y = s->way_xy[2 * i + 1];
        if (n > 0 && r->xy[2 * (r->n_xy - 1)] == x && r->xy[2 * (r->n_xy - 1) + 1] == y)
            continue;
        r->xy[2 * r->n_xy] = x;
        r->xy[2 * r->n_xy + 1] = y;
        r->n_xy++;
        n++;
    }
    if (n < 2) {
        r->n_xy = off;
        road.n_degenerate++;
    } else {
        if (!grow((void **)&r->parts, &s->cap_parts, (size_t)r->n_parts + 1, sizeof *r->parts))
            return READOSM_INSUFFICIENT_MEMORY;
        r->parts[r->n_parts++] = (sp_road_part){off, n};
        road.n_parts = 1;
    }
    r->roads[r->n_roads++] = road;
    return READOSM_OK;
}

static void read_readosm(const char *path, const char *crs_def, result *out)
{
    rosm s = {.sorted = 1,
              .strings = g_ptr_array_new(),
              .str_idx = g_hash_table_new(g_str_hash, g_str_equal)};
    sp_crs *crs = NULL;
    sp_xform *x = NULL;
    char *wkt = wgs84_wkt();
    const void *h = NULL;
    double t0 = now();
    s.r = calloc(1, sizeof *s.r);
    if (!s.r || !load_area_keys(&s, sp_roads_default_osmconf()))
        goto done;
    if (sp_crs_new(crs_def, &crs) || sp_xform_new(crs, wkt, 1, path, &x)) {
        snprintf(s.err, sizeof s.err, "%s", sp_error_message());
        goto done;
    }
    int rc = readosm_open(path, &h);
    if (rc == READOSM_OK)
        rc = readosm_parse(h, &s, on_node, on_way, NULL);
    if (rc != READOSM_OK) {
        if (!*s.err)
            snprintf(s.err, sizeof s.err, "%s: readosm error %d", path, rc);
        goto done;
    }
    /* Nodes are needed only while the ways are read, as in GDAL. */
    free(s.id), free(s.ll), free(s.way_xy);
    s.id = NULL, s.ll = NULL, s.way_xy = NULL;
    if (s.r->n_xy && sp_xform_apply(x, s.r->xy, s.r->n_xy)) {
        snprintf(s.err, sizeof s.err, "%s", sp_error_message());
        goto done;
    }
    s.r->n_strings = (int32_t)s.strings->len;
    s.r->strings = (char **)g_ptr_array_free(s.strings, FALSE);
    s.strings = NULL;
    out->seconds = now() - t0;
    summarise(s.r, out);
    out->ok = 1;
done:
    if (!out->ok)
        snprintf(out->err, sizeof out->err, "%s", *s.err ? s.err : "out of memory");
    if (h)
        readosm_close(h);
    if (s.strings) {
        s.r->n_strings = (int32_t)s.strings->len;
        s.r->strings = (char **)g_ptr_array_free(s.strings, FALSE);
    }
    sp_roads_free(s.r);
    g_hash_table_destroy(s.str_idx);
    if (s.area_keys)
        g_hash_table_destroy(s.area_keys);
    free(s.id), free(s.ll), free(s.way_xy);
    sp_xform_free(x);
    sp_crs_free(crs);
    free(wkt);
}

/* ------------------------------------------------------------------------ */

/* One reader in a child process: the result, its wall and CPU time and its
 * peak resident memory. */
static void run_child(int gdal, const char *path, const char *crs, result *res, double *cpu,
                      double *peak_mb)
{
    int fd[2];
    memset(res, 0, sizeof *res);
    if (pipe(fd)) {
        snprintf(res->err, sizeof res->err, "pipe: %s", strerror(errno));
        return;
    }
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(res->err, sizeof res->err, "fork: %s", strerror(errno));
        return;
    }
    if (pid == 0) {
        close(fd[0]);
        result r = {0};
        (gdal ? read_gdal : read_readosm)(path, crs, &r);
        ssize_t w = write(fd[1], &r, sizeof r);
        _exit(w == (ssize_t)sizeof r ? 0 : 1);
    }
    close(fd[1]);
    ssize_t got = read(fd[0], res, sizeof *res);
    close(fd[0]);
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0 || got != (ssize_t)sizeof *res) {
        memset(res, 0, sizeof *res);
        snprintf(res->err, sizeof res->err, "the reader's process died (status %d)", status);
        return;
    }
    *cpu = (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
           (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
    *peak_mb = (double)ru.ru_maxrss / 1024.0;
}

int main(int argc, char **argv)
{
    int runs = 3, opt;
    const char *crs = "EPSG:32722", *only = NULL;
    while ((opt = getopt(argc, argv, "r:c:m:")) != -1) {
        switch (opt) {
        case 'r': runs = atoi(optarg); break;
        case 'c': crs = optarg; break;
        case 'm': only = optarg; break;
        default: goto usage;
        }
    }
    if (optind != argc - 1 || runs < 1 ||
        (only && strcmp(only, "gdal") && strcmp(only, "readosm")))
        goto usage;
    const char *path = argv[optind];
    const char *names[2] = {"gdal", "readosm"};
    double best[2] = {INFINITY, INFINITY}, peak[2] = {0, 0};
    result first[2] = {0};
    int have[2] = {0, 0}, failed = 0;
    printf("%-8s %3s %8s %8s %8s %10s %11s  %s\n", "reader", "run", "wall_s", "cpu_s", "peak_mb",
           "ways", "vertices", "checksum");
    for (int run = 1; run <= runs; run++) {
        for (int m = 0; m < 2; m++) {
            if (only && strcmp(only, names[m]))
                continue;
            result r;
            double cpu = 0, pk = 0;
            run_child(m == 0, path, crs, &r, &cpu, &pk);
            if (!r.ok) {
                fprintf(stderr, "osmread-bench: %s: %s\n", names[m], r.err);
                return 1;
            }
            printf("%-8s %3d %8.2f %8.2f %8.0f %10lld %11lld  %016" PRIx64 "\n", names[m], run,
                   r.seconds, cpu, pk, r.ways, r.vertices, r.checksum);
            fflush(stdout);
            if (r.seconds < best[m])
                best[m] = r.seconds;
            if (pk > peak[m])
                peak[m] = pk;
            if (!have[m]) {
                first[m] = r;
                have[m] = 1;
            } else if (r.ways != first[m].ways || r.vertices != first[m].vertices ||
                       r.checksum != first[m].checksum) {
                fprintf(stderr, "osmread-bench: %s: run %d differs from run 1\n", names[m], run);
                failed = 1;
            }
        }
    }
    for (int m = 0; m < 2; m++)
        if (have[m])
            printf("best %-8s %8.2f s, peak %6.0f MB\n", names[m], best[m], peak[m]);
    if (have[0] && have[1]) {
        printf("gdal / readosm: %.2fx the time, %.2fx the peak memory\n", best[0] / best[1],
               peak[0] / peak[1]);
        if (first[0].ways != first[1].ways || first[0].vertices != first[1].vertices ||
            first[0].checksum != first[1].checksum) {
            fprintf(stderr, "osmread-bench: the readers disagree: gdal %lld ways, %lld vertices, "
                    "checksum %016" PRIx64 "; readosm %lld ways, %lld vertices, checksum %016"
                    PRIx64 "\n", first[0].ways, first[0].vertices, first[0].checksum,
                    first[1].ways, first[1].vertices, first[1].checksum);
            failed = 1;
        } else {
            printf("same roads: %lld ways, %lld vertices, checksum %016" PRIx64 "\n",
                   first[0].ways, first[0].vertices, first[0].checksum);
        }
    }
    return failed;
usage:
    fprintf(stderr, "usage: osmread-bench [-r RUNS] [-c CRS] [-m gdal|readosm] FILE.osm.pbf\n");
    return 2;
}
