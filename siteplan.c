/* siteplan.c — the command-line program: picks the command and calls the
 * library.  Commands: run (analysis/app/cmd_run.c), compare, sweep, solve
 * (analysis/app/cmd_solve.c), render (render/cmd_render.c).  Exit codes: 0 success,
 * 1 bad input or usage, 2 internal failure.  Built with SP_MPI (make mpi)
 * it is siteplan-mpi: under mpirun, `run` spreads its searches over the
 * ranks (analysis/core/dist.h). */
#include <gdal.h>
#include <geos_c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare_render.h"
#include "render.h"
#include "sweep_render.h"
#include "cmds.h"
#include "libmsg.h"
#include "status.h"
#ifdef SP_MPI
#include <mpi.h>

#include "dist_mpi.h"
#endif

#ifndef SP_VERSION
#define SP_VERSION "0.0.0"
#endif

static const char USAGE[] =
    "usage: siteplan COMMAND [OPTIONS]\n"
    "\n"
    "Plan worker health stations: travel catchments over the road network,\n"
    "coverage, gaps and recommended new sites.\n"
    "\n"
    "commands:\n"
    "  run SCENARIO     run a scenario file (INI) and write results to its output folder\n"
    "  compare A B ...  run several scenarios over one network load, side by side\n"
    "  sweep SCENARIO   a grid of runs (--vary KEY=VALUES) over one network load\n"
    "  solve ...        run the site optimiser on a cost matrix (see siteplan solve --help)\n"
    "  render OUTDIR    draw the maps and report again from saved results (see siteplan render --help)\n"
    "\n"
    "options:\n"
    "  --help           this text\n"
    "  --version        the version\n"
    "\n"
    "exit codes: 0 success, 1 bad input or usage, 2 internal failure\n";

/* The run command draws through this hook, so the analysis library links
 * no drawing code. */
static sp_status render_outdir(const char *dir, GDALProgressFunc progress, void *arg)
{
    return sp_render_outdir(dir, NULL, progress, arg, NULL);
}

/* The compare command draws through this one. */
static sp_status render_compare(const char *dir, const char *language, GDALProgressFunc progress,
                                void *arg)
{
    sp_render_opts o = {.language = language};
    return sp_render_compare(dir, &o, progress, arg, NULL);
}

/* The sweep command's charts, drawn from its folder. */
static sp_status render_sweep(const char *dir, GDALProgressFunc progress, void *arg)
{
    return sp_render_sweep(dir, NULL, progress, arg);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(USAGE, stderr);
        return 1;
    }
    /* GDAL's and GLib's (Pango's) own messages in siteplan's format. */
    sp_libmsg_install();
    const char *cmd = argv[1];
    int rc;
    const sp_dist *dist = NULL;
#ifdef SP_MPI
    /* siteplan-mpi (make mpi): `run` spreads its searches over the ranks
     * (dist.h); rank 0 alone prints, the others' errors reach it through
     * the exchanges.  The search threads never call MPI. */
    int provided;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    dist = sp_dist_mpi();
    if (dist->rank > 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            MPI_Abort(MPI_COMM_WORLD, 2);
        sp_warn_set_muted(1);
    }
    if (dist->size > 1 && strcmp(cmd, "run") != 0 && strcmp(cmd, "--help") != 0 &&
        strcmp(cmd, "-h") != 0 && strcmp(cmd, "help") != 0 && strcmp(cmd, "--version") != 0) {
        fprintf(stderr, "siteplan-mpi: only 'run' is spread over ranks; run '%s' in one "
                "process (siteplan, or siteplan-mpi without mpirun)\n", cmd);
        MPI_Finalize();
        return 1;
    }
#endif
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(USAGE, stdout);
        rc = 0;
    } else if (!strcmp(cmd, "--version")) {
        printf("siteplan %s (GDAL %s, GEOS %s)\n", SP_VERSION, GDALVersionInfo("RELEASE_NAME"),
               GEOSversion());
        rc = 0;
    } else if (!strcmp(cmd, "run")) {
        rc = sp_cmd_run_dist(argc - 1, argv + 1, render_outdir, dist);
    } else if (!strcmp(cmd, "compare")) {
        rc = sp_cmd_compare(argc - 1, argv + 1, render_compare);
    } else if (!strcmp(cmd, "sweep")) {
        rc = sp_cmd_sweep(argc - 1, argv + 1, render_sweep);
    } else if (!strcmp(cmd, "solve")) {
        rc = sp_cmd_solve(argc - 1, argv + 1);
    } else if (!strcmp(cmd, "render")) {
        rc = sp_cmd_render(argc - 1, argv + 1);
    } else {
        fprintf(stderr, "siteplan: unknown command '%s' (see siteplan --help)\n", cmd);
        rc = 1;
    }
    /* GDAL errors held and never reported (libmsg.h), as warnings. */
    sp_libmsg_flush(NULL);
    /* A full disk must not pass for success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "siteplan: cannot write to standard output\n");
        rc = rc ? rc : 2;
    }
#ifdef SP_MPI
    MPI_Finalize();
#endif
    return rc;
}
