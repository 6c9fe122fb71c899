/* cmds.h — the commands of the siteplan program as library calls.  Each
 * takes the arguments after the command name (argv[0] is the command) and
 * returns the process exit code: 0 success, 1 bad input or usage, 2 internal
 * failure.  They print to stdout/stderr; one command at a time per process. */
#ifndef SITEPLAN_CMDS_H
#define SITEPLAN_CMDS_H

#include <gdal.h>

#include "dist.h"
#include "status.h"

/* Draws the maps and report of a results folder (siteplan.c passes the
 * render library's; NULL = results only).  The analysis library never
 * links drawing code itself. */
typedef sp_status (*sp_render_hook)(const char *dir, GDALProgressFunc progress, void *arg);

/* `siteplan run`, GDAL-utility style: options from argv, then one call.
 * sp_run_args_new returns NULL with *exit_code set after --help (0) or a
 * usage or scenario error (1, its one line printed on stderr). */
typedef struct sp_run_args sp_run_args;
sp_run_args *sp_run_args_new(int argc, char **argv, int *exit_code);
void sp_run_args_free(sp_run_args *a);
int sp_run_app(const sp_run_args *a, sp_render_hook render);

/* Both steps in one call. */
int sp_cmd_run(int argc, char **argv, sp_render_hook render);

/* The same, its searches spread over the ranks of dist (dist.h; NULL = one
 * process).  Every rank runs the analysis; rank 0 alone writes the results
 * folder, draws, and prints progress, the summary and errors (an error on
 * any rank is rank 0's error, and every rank returns its exit code).  Each
 * rank has agreed (sp_dist_agree) on the outcome before it returns. */
int sp_cmd_run_dist(int argc, char **argv, sp_render_hook render, const sp_dist *dist);
int sp_cmd_solve(int argc, char **argv);

/* Draws the difference maps and report of a compare folder (siteplan.c
 * passes the render library's; NULL = tables only).  language: "en", "zh"
 * or NULL for the baseline's [render] language. */
typedef sp_status (*sp_compare_render_hook)(const char *dir, const char *language,
                                            GDALProgressFunc progress, void *arg);

/* `siteplan compare A.ini B.ini ...`: scenarios side by side over one
 * network load (cmd_compare.c). */
int sp_cmd_compare(int argc, char **argv, sp_compare_render_hook render);

/* `siteplan sweep SCENARIO --vary KEY=VALUES ...`: a grid of runs over one
 * network load (cmd_sweep.c); render draws its charts from the folder
 * (siteplan.c passes the render library's sp_render_sweep; NULL = none). */
int sp_cmd_sweep(int argc, char **argv, sp_render_hook render);


#endif
