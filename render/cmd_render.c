/* cmd_render.c — `siteplan render OUTDIR`: draw the maps and the report
 * again from a results folder, without recomputing anything (render.h).
 * Exit codes: 0 success, 1 bad input or usage, 2 internal failure. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileset.h"
#include "libmsg.h"
#include "number.h"
#include "render.h"
#include "progress.h"
#include "resultdir.h"
#include "schema.h"
#include "status.h"
#include "compare_render.h"
#include "sweep_render.h"

static const char RENDER_USAGE[] =
    "usage: siteplan render OUTDIR [--title T] [--page A4|A3] [--dpi N] [--language en|zh] [-q]\n"
    "\n"
    "Draw map.png, map.pdf, map.svg, coverage_curve.png (with recommendations),\n"
    "mobile_map.png (with [mobile])\n"
    "and report.pdf again from the results in OUTDIR (written by siteplan run),\n"
    "without recomputing them.  The [render] options saved in OUTDIR/summary.json\n"
    "are used unless given here; options given here are not saved.\n"
    "A folder of siteplan sweep (sweep.json, no summary.json): its charts\n"
    "sweep-KEY.png and .pdf again (--language and --dpi apply).\n"
    "A folder of siteplan compare (compare.json, no summary.json): compare.png,\n"
    "compare-K.png, compare.pdf and compare_report.pdf again (--page, --dpi and\n"
    "--language apply).\n"
    "\n"
    "options:\n"
    "  --title T        map and report title\n"
    "  --page A4|A3     landscape page size of the PDFs (and of the PNG at --dpi)\n"
    "  --dpi N          PNG resolution, 50 to 600\n"
    "  --language en|zh language of every label, legend and heading\n"
    "  -q, --quiet      no progress on stderr\n"
    "  -h, --help       this text\n"
    "\n"
    "exit codes: 0 success, 1 bad input or usage, 2 internal failure\n";


static int usage_error(const char *msg)
{
    fprintf(stderr, "siteplan render: %s (see siteplan render --help)\n", msg);
    return 1;
}

/* The folder's file list (summary.json of a run folder, else sweep.json of a
 * sweep folder, else compare.json of a compare folder); NULL when none. */
static const char *list_of(const char *dir)
{
    const char *lists[] = {SP_FILE_SUMMARY, SP_FILE_SWEEP_JSON, SP_FILE_COMPARE_JSON};
    for (size_t i = 0; i < G_N_ELEMENTS(lists); i++) {
        char *p = g_build_filename(dir, lists[i], NULL);
        int have = g_file_test(p, G_FILE_TEST_EXISTS);
        g_free(p);
        if (have)
            return lists[i];
    }
    return NULL;
}

/* Draw into DIR, a folder whose list is LIST (list_of).  OUT: *stats. */
static int render_folder(const char *dir, const char *list, const sp_render_opts *o, int quiet,
                         sp_render_stats *stats)
{
    int last = 0;
    GDALProgressFunc pf = quiet ? NULL : sp_cli_progress;
    /* comparison.csv without compare.json: a compare folder of an older
     * siteplan, which the compare reader names */
    char *cc = g_build_filename(dir, SP_FILE_COMPARISON, NULL);
    int old_compare = !list && g_file_test(cc, G_FILE_TEST_EXISTS);
    g_free(cc);
    sp_status st;
    if (list && !strcmp(list, SP_FILE_SWEEP_JSON))
        st = sp_render_sweep(dir, o, pf, &last);
    else if ((list && !strcmp(list, SP_FILE_COMPARE_JSON)) || old_compare)
        st = sp_render_compare(dir, o, pf, &last, stats);
    else
        st = sp_render_outdir(dir, o, pf, &last, stats);
    if (st) {
        if (!quiet && last > 0 && last < 40)
            fputc('\n', stderr);
        char buf[2048];
        const char *m = sp_resultdir_shown(sp_error_message(), buf, sizeof buf);
        sp_libmsg_flush(m);
        fprintf(stderr, "siteplan render: %s\n", *m ? m : sp_status_str(st));
        return sp_status_exit_code(st);
    }
    return 0;
}

int sp_cmd_render(int argc, char **argv)
{
    const char *dir = NULL;
    sp_render_opts o = {0};
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(RENDER_USAGE, stdout);
            return 0;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (!strcmp(a, "--title") && i + 1 < argc) {
            o.title = argv[++i];
        } else if (!strcmp(a, "--page") && i + 1 < argc) {
            o.page = argv[++i];
            if (sp_render_check_page(o.page))
                return usage_error(sp_error_message());
        } else if (!strcmp(a, "--language") && i + 1 < argc) {
            o.language = argv[++i];
            if (sp_render_check_language(o.language))
                return usage_error(sp_error_message());
        } else if (!strcmp(a, "--dpi") && i + 1 < argc) {
            double v;
            if (sp_number_parse(argv[++i], SP_NUM_STRTOL, &v) != SP_NUM_OK || v < 50 || v > 600)
                return usage_error("--dpi takes a number from 50 to 600");
            o.dpi = (int)v;
        } else if (a[0] == '-' && a[1]) {
            char msg[256];
            snprintf(msg, sizeof msg, "unknown or incomplete option '%s'", a);
            return usage_error(msg);
        } else if (!dir) {
            dir = a;
        } else {
            char msg[256];
            snprintf(msg, sizeof msg, "more than one folder ('%s')", a);
            return usage_error(msg);
        }
    }
    if (!dir)
        return usage_error("no results folder given");
    /* drawn into a copy of the folder, swapped in when complete (resultdir.h) */
    sp_resultdir *rd = NULL;
    const char *list = list_of(dir);
    /* not a folder of results (list NULL): the reader says so */
    sp_status st = list ? sp_resultdir_begin(dir, sp_fileset_replaceable, 1, &rd) : SP_OK;
    if (st) {
        sp_libmsg_flush(sp_error_message());
        fprintf(stderr, "siteplan render: %s\n", sp_error_message());
        return sp_status_exit_code(st);
    }
    sp_render_stats stats = {0};
    int rc = render_folder(rd ? sp_resultdir_path(rd) : dir, list, &o, quiet, &stats);
    if (rc == 0 && rd) {
        st = sp_fileset_record(sp_resultdir_path(rd), list);
        if (st == SP_OK)
            st = sp_resultdir_commit(rd);
        rd = NULL;
        if (st) {
            char buf[2048];
            const char *m = sp_resultdir_shown(sp_error_message(), buf, sizeof buf);
            sp_libmsg_flush(m);
            fprintf(stderr, "siteplan render: %s\n", m);
            rc = sp_status_exit_code(st);
        }
    }
    sp_resultdir_abort(rd);
    if (rc)
        return rc;
    if (list && !strcmp(list, SP_FILE_SWEEP_JSON)) {
        printf("Charts: %s/%s<key>.png, .pdf\n", dir, SP_FILE_SWEEP_CHART_PREFIX);
    } else if (list && !strcmp(list, SP_FILE_COMPARE_JSON)) {
        printf("Maps: %s/%s, %s; report: %s/%s (%d pages)\n", dir, SP_FILE_COMPARE_PNG,
               SP_FILE_COMPARE_PDF, dir, SP_FILE_COMPARE_REPORT, stats.report_pages);
    } else {
        printf("Maps: %s/map.png, map.pdf, map.svg%s%s\n", dir, stats.curve ? ", coverage_curve.png" : "",
               stats.mobile_map ? ", " SP_FILE_MOBILE_MAP_PNG : "");
        printf("Report: %s/report.pdf (%d pages)\n", dir, stats.report_pages);
    }
    return 0;
}
