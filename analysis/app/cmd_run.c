/* cmd_run.c — `siteplan run SCENARIO`: options from argv, one scenario run,
 * results written, then (through the render hook) maps and report.
 * Exit codes: 0 success, 1 bad input or usage, 2 internal failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capacity.h"
#include "clock.h"
#include "cmds.h"
#include "coverage.h"
#include "fileset.h"
#include "libmsg.h"
#include "number.h"
#include "progress.h"
#include "resultdir.h"
#include "run.h"
#include "scenario.h"
#include "schema.h"
#include "status.h"

static const char RUN_USAGE[] =
    "usage: siteplan run SCENARIO [-o OUTDIR] [--set SECTION.KEY=VALUE]... [--cache DIR] [-q]\n"
    "\n"
    "Run one scenario: load the clusters, sites and road network it names,\n"
    "compute travel catchments, coverage and gaps (and, with [siting], recommended\n"
    "new sites; with [capacity], who is served; with [mobile], the mobile units'\n"
    "plan), print a summary and write summary.json, coverage.csv, sites.csv,\n"
    "results.gpkg, recommendations.csv, coverage_curve.csv, assignment.csv,\n"
    "mobile_schedule.csv, map.png, map.pdf, map.svg, coverage_curve.png, mobile_map.png\n"
    "and report.pdf into the output folder.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR        output folder (overrides [output] dir)\n"
    "  --set SECTION.KEY=VAL   override a scenario key, e.g. --set travel.minutes=15\n"
    "                          (repeatable; relative paths are relative to the current folder)\n"
    "  --cache DIR             keep the road network as read in DIR and reuse it\n"
    "                          (same as --set inputs.network.cache=DIR)\n"
    "  -j, --threads N         search threads (default: all cores)\n"
    "  -q, --quiet             no progress on stderr\n"
    "  --timing                print the time each stage took on stderr\n"
    "  -h, --help              this text\n"
    "\n"
    "exit codes: 0 success, 1 bad input or usage, 2 internal failure\n";


static int fail(sp_status st, const char *prefix)
{
    char buf[2048];
    const char *m = sp_resultdir_shown(sp_error_message(), buf, sizeof buf);
    sp_libmsg_flush(m);
    fprintf(stderr, "%s: %s\n", prefix, *m ? m : sp_status_str(st));
    return sp_status_exit_code(st);
}

struct sp_run_args {
    sp_options *o;   /* the scenario with --set, -o, -j, -q applied */
    int quiet, timing;
};

void sp_run_args_free(sp_run_args *a)
{
    if (!a)
        return;
    sp_options_free(a->o);
    free(a);
}

static sp_run_args *usage_error(const char *msg, const char *arg, const char **sets, int *rc)
{
    fprintf(stderr, "siteplan run: ");
    fprintf(stderr, msg, arg);
    fputc('\n', stderr);
    free(sets);
    *rc = 1;
    return NULL;
}

sp_run_args *sp_run_args_new(int argc, char **argv, int *exit_code)
{
    const char *scenario = NULL, *outdir = NULL, *cache = NULL;
    const char **sets = calloc((size_t)argc + 1, sizeof *sets);
    int n_sets = 0, quiet = 0, threads = 0, timing = 0;
    *exit_code = 2;
    if (!sets)
        return NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(RUN_USAGE, stdout);
            free(sets);
            *exit_code = 0;
            return NULL;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (!strcmp(a, "--timing")) {
            timing = 1;
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) {
            outdir = argv[++i];
        } else if (!strcmp(a, "--cache") && i + 1 < argc) {
            cache = argv[++i];
        } else if (!strcmp(a, "--set") && i + 1 < argc) {
            sets[n_sets++] = argv[++i];
        } else if (!strncmp(a, "--set=", 6)) {
            sets[n_sets++] = a + 6;
        } else if ((!strcmp(a, "-j") || !strcmp(a, "--threads")) && i + 1 < argc) {
            double v;
            if (sp_number_parse(argv[++i], SP_NUM_STRTOL, &v) != SP_NUM_OK || v < 1 || v > 64)
                return usage_error("%s", "--threads takes a number from 1 to 64", sets, exit_code);
            threads = (int)v;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown or incomplete option '%s' (see siteplan run --help)", a,
                               sets, exit_code);
        } else if (!scenario) {
            scenario = a;
        } else {
            return usage_error("more than one scenario file ('%s')", a, sets, exit_code);
        }
    }
    if (!scenario)
        return usage_error("%s", "no scenario file given (see siteplan run --help)", sets,
                           exit_code);
    if (outdir && !*outdir)
        return usage_error("%s", "-o: empty folder name", sets, exit_code);
    if (cache && !*cache)
        return usage_error("%s", "--cache: empty folder name", sets, exit_code);
    sp_options *o = NULL;
    sp_status st = sp_scenario_load(scenario, sets, n_sets, &o);
    free(sets);
    if (st == SP_OK && cache)
        st = sp_options_set(o, NULL, "inputs", "network.cache", cache, "--cache");
    if (st) {
        *exit_code = fail(st, "siteplan run");
        sp_options_free(o);
        return NULL;
    }
    o->quiet = quiet;
    o->threads = threads;
    if (outdir) {
        free(o->out_dir);
        o->out_dir = strdup(outdir);
    }
    sp_run_args *ra = calloc(1, sizeof *ra);
    if (!ra || !o->out_dir) {
        sp_options_free(o);
        free(ra);
        fprintf(stderr, "siteplan run: out of memory\n");
        return NULL;
    }
    ra->o = o;
    ra->quiet = quiet;
    ra->timing = timing;
    *exit_code = 0;
    return ra;
}

int sp_run_app(const sp_run_args *ra, sp_render_hook render)
{
    const sp_options *o = ra->o;
    /* with several ranks (dist.h) only rank 0 writes and prints */
    int root = sp_dist_or_single(o->dist)->rank == 0;
    int quiet = ra->quiet || !root, timing = ra->timing && root;
    sp_status st;
    int last = 0;
    sp_loaded *in = NULL;
    sp_outcome *r = NULL;
    /* the whole set is built in a staging folder and swapped in when complete
     * (resultdir.h); a second run into the folder is refused here, at once */
    sp_resultdir *rd = NULL;
    st = root ? sp_resultdir_begin(o->out_dir, sp_fileset_replaceable, 0, &rd) : SP_OK;
    const char *dir = rd ? sp_resultdir_path(rd) : NULL;
    /* the GeoPackage's roads layer is written on a thread of its own while
     * the points are snapped and the scenario analysed (roadslayer.h) */
    if (st == SP_OK)
        st = sp_run_early(o, dir, quiet ? NULL : sp_cli_progress, &last, &in, &r);
    double write_s = 0; /* the result files and their record, maps not included */
    if (st == SP_OK && root) {
        sp_test_pause("before");
        double t0 = sp_now();
        sp_gpkg_early *early = in->early;
        in->early = NULL;
        st = sp_outcome_write_with(r, dir, early);
        write_s = sp_now() - t0;
    }
    if (st == SP_OK && root && o->render && render) {
        /* maps and report, from the folder just written, as siteplan render does */
        last = 0;
        st = render(dir, quiet ? NULL : sp_cli_progress, &last);
    }
    if (st == SP_OK && root) {
        double t0 = sp_now();
        st = sp_fileset_record(dir, SP_FILE_SUMMARY);
        write_s += sp_now() - t0;
    }
    /* every rank's outcome before the folder is swapped in */
    st = sp_dist_agree(o->dist, st);
    if (st == SP_OK && root) {
        st = sp_resultdir_commit(rd);
        rd = NULL;
    }
    sp_resultdir_abort(rd);
    int rc;
    if (st && !root) {
        rc = sp_status_exit_code(st); /* rank 0 says why */
    } else if (st) {
        if (!quiet && last > 0 && last < 40)
            fputc('\n', stderr);
        rc = fail(st, "siteplan run");
    } else if (!root) {
        rc = 0;
    } else {
        sp_outcome_print_summary(r, stdout);
        if (timing)
            fprintf(stderr, "timing: load %.3f s, searches %.3f s (summed over threads), "
                    "polygons %.3f s (summed; coverage area %.3f s), analysis %.3f s wall, "
                    "write %.3f s\n", in->in->load_seconds, r->cov->search_seconds,
                    r->cov->polygon_seconds, r->cov->area_seconds, r->analyze_seconds, write_s);
        if (timing && r->cap)
            fprintf(stderr, "timing: capacity %.3f s (%lld shortest-path searches)\n",
                    r->cap->seconds, (long long)r->cap->augmentations);
        printf("Results: %s/summary.json, coverage.csv, sites.csv, %s%sresults.gpkg\n", o->out_dir,
               r->cap ? "assignment.csv, " : "", r->mobile ? "mobile_schedule.csv, " : "");
        if (o->render)
            printf("Maps and report: %s/map.png, map.pdf, map.svg, %sreport.pdf\n", o->out_dir,
                   r->mobile ? "mobile_map.png, " : "");
        rc = 0;
    }
    sp_outcome_free(r);
    sp_loaded_free(in);
    return rc;
}

int sp_cmd_run(int argc, char **argv, sp_render_hook render)
{
    return sp_cmd_run_dist(argc, argv, render, NULL);
}

int sp_cmd_run_dist(int argc, char **argv, sp_render_hook render, const sp_dist *dist)
{
    int rc;
    sp_run_args *a = sp_run_args_new(argc, argv, &rc);
    if (!a) {
        /* --help, or a usage or scenario error (printed by this rank): the
         * others learn of it at their next exchange */
        if (rc)
            sp_dist_agree(dist, sp_error(rc == 1 ? SP_E_USAGE : SP_E_INTERNAL,
                                         "bad arguments or scenario"));
        return rc;
    }
    a->o->dist = dist;
    /* ranks sharing a machine share its cores: without -j, each takes its part */
    const sp_dist *d = sp_dist_or_single(dist);
    if (a->o->threads == 0 && d->local_size > 1) {
        int nt = sp_coverage_threads(0) / d->local_size;
        a->o->threads = nt > 1 ? nt : 1;
    }
    rc = sp_run_app(a, render);
    sp_run_args_free(a);
    return rc;
}
