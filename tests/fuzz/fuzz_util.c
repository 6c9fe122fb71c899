/* fuzz_util.c — helpers shared by the harnesses; see fuzz.h. */
#include <cpl_error.h>
#include <gdal.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "fuzz_util.h"
#include "chart.h"
#include "costs.h"
#include "crs.h"
#include "graph.h"
#include "profile.h"
#include "topology.h"
#include "render_data.h"
#include "results_read.h"
#include "status.h"

char *sp_fuzz_tempfile(const uint8_t *data, size_t size, const char *suffix)
{
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    size_t n = strlen(dir) + strlen(suffix) + 32;
    char *path = malloc(n);
    if (!path)
        return NULL;
    snprintf(path, n, "%s/spfuzzXXXXXX%s", dir, suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    if (fd < 0) {
        free(path);
        return NULL;
    }
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    close(fd);
    return path;
}

/* Write data into path (no fsync: these files are scratch); 1 on success. */
static int write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    int ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok;
}

/* --- result folders (fuzz_summary, fuzz_curve, fuzz_resultsgpkg) ---------- */

static char *results_dir; /* the working copy of tests/fuzz/results_base */

static void results_cleanup(void)
{
    sp_fuzz_rmdir(results_dir); /* g_free()s it */
    results_dir = NULL;
}

/* Copy every file of the base folder into a new temporary folder, once. */
static const char *results_setup(void)
{
    if (results_dir)
        return results_dir;
    const char *root = getenv("SP_ROOT") ? getenv("SP_ROOT") : ".";
    char *base = g_build_filename(root, "tests", "fuzz", "results_base", NULL);
    char *tmpl = g_build_filename(g_get_tmp_dir(), "spfuzzresXXXXXX", NULL);
    GDir *d = g_dir_open(base, 0, NULL);
    if (!d || !g_mkdtemp(tmpl)) {
        fprintf(stderr, "fuzz: cannot set up a copy of %s (run from the repository root or set "
                        "SP_ROOT)\n", base);
        abort();
    }
    const char *name;
    while ((name = g_dir_read_name(d))) {
        char *src = g_build_filename(base, name, NULL), *dst = g_build_filename(tmpl, name, NULL);
        gchar *bytes;
        gsize len;
        if (!g_file_get_contents(src, &bytes, &len, NULL) ||
            !write_file(dst, bytes, len))
            abort();
        g_free(bytes);
        g_free(src);
        g_free(dst);
    }
    g_dir_close(d);
    g_free(base);
    results_dir = tmpl;
    atexit(results_cleanup);
    return results_dir;
}

/* Write the input, read the folder; ACCEPTED(r) when it reads, else the
 * refusal must be one non-empty line (naming FILE when NAMED). */
static int results_read(const uint8_t *data, size_t size, const char *file,
                        void (*accepted)(const sp_results *r), int named)
{
    const char *dir = results_setup();
    char *path = g_build_filename(dir, file, NULL);
    int ok = 0;
    if (write_file(path, data, size)) {
        sp_warn_set_muted(1);
        CPLPushErrorHandler(CPLQuietErrorHandler);
        sp_results *r = NULL;
        sp_error_clear();
        ok = sp_results_read(dir, &r) == SP_OK;
        if (ok) { /* what drawing derives before it draws */
            double ext[4];
            int n_gaps;
            sp_rdata_extent(r, ext);
            sp_rdata_map_gaps(r, &n_gaps);
            sp_chart_knee(r);
            if (accepted)
                accepted(r);
        } else { /* a refusal is one error line */
            const char *msg = sp_error_message();
            if (!msg || !*msg || strchr(msg, '\n') || (named && !strstr(msg, file))) {
                fprintf(stderr, "fuzz: %s refused with an error that is not one line%s: \"%s\"\n",
                        file, named ? " naming it" : "", msg ? msg : "(none)");
                abort();
            }
        }
        sp_results_free(r);
        sp_error_clear();
        CPLPopErrorHandler();
    }
    g_free(path);
    return ok;
}

int sp_fuzz_results(const uint8_t *data, size_t size, const char *file)
{
    return results_read(data, size, file, NULL, 0);
}

int sp_fuzz_results_oracle(const uint8_t *data, size_t size, const char *file,
                           void (*accepted)(const sp_results *r))
{
    return results_read(data, size, file, accepted, 1);
}

int sp_fuzz_results_check(const char *file)
{
    const char *root = getenv("SP_ROOT") ? getenv("SP_ROOT") : ".";
    char *src = g_build_filename(root, "tests", "fuzz", "results_base", file, NULL);
    gchar *bytes = NULL;
    gsize len = 0;
    int ok = g_file_get_contents(src, &bytes, &len, NULL) &&
             sp_fuzz_results((const uint8_t *)bytes, len, file);
    if (!ok) {
        results_setup();
        sp_results *r = NULL;
        sp_results_read(results_dir, &r);
        sp_results_free(r);
        fprintf(stderr, "fuzz: tests/fuzz/results_base no longer reads (%s); remake it with "
                        "tests/fuzz/make-results-base.sh\n", sp_error_message());
    }
    g_free(bytes);
    g_free(src);
    return ok ? 0 : 1;
}

/* --- two files in one folder (fuzz_sweep, fuzz_compare) ------------------- */

char *sp_fuzz_tempdir2(const uint8_t *data, size_t size, const char *first, const char *second)
{
    size_t cut = size, rest = size;
    for (size_t i = 0; i + 4 <= size; i++)
        if (memcmp(data + i, "\n%%\n", 4) == 0) {
            cut = i + 1;
            rest = i + 4;
            break;
        }
    char *dir = g_build_filename(g_get_tmp_dir(), "spfuzzdirXXXXXX", NULL);
    if (!g_mkdtemp(dir)) {
        g_free(dir);
        return NULL;
    }
    char *a = g_build_filename(dir, first, NULL), *b = g_build_filename(dir, second, NULL);
    int ok = write_file(a, data, cut) && write_file(b, data + rest, size - rest);
    g_free(a);
    g_free(b);
    if (!ok) {
        sp_fuzz_rmdir(dir);
        return NULL;
    }
    return dir;
}

void sp_fuzz_rmdir(char *dir)
{
    if (!dir)
        return;
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(dir, name, NULL);
        unlink(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    rmdir(dir);
    g_free(dir);
}

/* --- one input file through OGR (networks, point layers) ------------------ */

/* GDAL quiet, siteplan's warnings muted, DATA in a temporary file ending in
 * SUFFIX: its path (file_end), or NULL with nothing left to undo. */
static char *file_begin(const uint8_t *data, size_t size, const char *suffix)
{
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    sp_warn_set_muted(1);
    char *path = sp_fuzz_tempfile(data, size, suffix);
    if (!path)
        CPLPopErrorHandler();
    return path;
}

/* Undo file_begin: the error slot cleared, GDAL's handler back, the file gone. */
static void file_end(char *path)
{
    sp_error_clear();
    CPLPopErrorHandler();
    unlink(path);
    free(path);
}

/* --- networks (fuzz_network, fuzz_lines, fuzz_netcache) -------------------- */

void sp_fuzz_graph_check(const sp_roads *roads, sp_mode mode, int use_maxspeed)
{
    sp_profile prof;
    sp_profile_builtin(mode, &prof);
    sp_cost_options co = {.use_maxspeed = use_maxspeed};
    sp_topo *topo = NULL;
    sp_costs *costs = NULL;
    sp_graph g;
    if (sp_topo_build(roads, &prof, &topo) == SP_OK &&
        sp_costs_build(topo, roads, &prof, &co, &costs) == SP_OK) {
        if (sp_graph_view(topo, costs, &g) != SP_OK || sp_graph_check(&g) != SP_OK) {
            fprintf(stderr, "fuzz_%s: inconsistent graph: %s\n", sp_fuzz_corpus,
                    sp_error_message());
            abort(); /* a built graph must always be consistent */
        }
    }
    sp_costs_free(costs);
    sp_topo_free(topo);
}

void sp_fuzz_network_file(const uint8_t *data, size_t size, const char *suffix,
                          const char *network_class)
{
    char *path = file_begin(data, size, suffix);
    if (!path)
        return;
    sp_options *o = NULL;
    sp_options_defaults(&o);
    o->network = path; /* borrowed: cleared before the free below */
    o->mode = (sp_mode)(size % SP_MODE_COUNT);
    if (network_class) {
        g_free(o->network_class);
        o->network_class = g_strdup(network_class);
    }
    sp_crs *crs = NULL;
    sp_error_clear();
    if (sp_crs_new("EPSG:32650", &crs) == SP_OK) {
        sp_roads_source src;
        sp_roads_source_from_options(o, &src);
        sp_roads *roads = NULL;
        if (sp_roads_read(&src, crs, NULL, NULL, &roads) == SP_OK)
            sp_fuzz_graph_check(roads, o->mode, o->use_maxspeed);
        sp_roads_free(roads);
        sp_crs_free(crs);
    }
    o->network = NULL;
    sp_options_free(o);
    file_end(path);
}

/* --- point layers (fuzz_points, fuzz_layers) ------------------------------- */

void sp_fuzz_point_layer(const uint8_t *data, size_t size, const char *suffix, sp_layer_opts lo,
                         const char *role, const char *weight, int center)
{
    char *path = file_begin(data, size, suffix);
    if (!path)
        return;
    GEOSContextHandle_t gctx = GEOS_init_r();
    lo.path = path;
    sp_points *p = NULL;
    sp_error_clear();
    if (sp_points_read(&lo, role, weight, gctx, &p) == SP_OK) {
        double lon, lat;
        if (center)
            sp_points_center_lonlat(p, &lon, &lat);
        sp_crs *crs = NULL;
        if (sp_crs_new("EPSG:32722", &crs) == SP_OK) {
            sp_points_project(p, crs, gctx);
            sp_crs_free(crs);
        }
        sp_points_free(p, gctx);
    }
    GEOS_finish_r(gctx);
    file_end(path);
}
