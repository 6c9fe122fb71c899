/* fuzz_util.c — helpers shared by the harnesses; see fuzz.h. */
#include <cpl_error.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "chart.h"
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

int sp_fuzz_results(const uint8_t *data, size_t size, const char *file)
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
        }
        sp_results_free(r);
        sp_error_clear();
        CPLPopErrorHandler();
    }
    g_free(path);
    return ok;
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
