/* cmds.h — the commands of the siteplan program as library calls.  Each
 * takes the arguments after the command name (argv[0] is the command) and
 * returns the process exit code: 0 success, 1 bad input or usage, 2 internal
 * failure.  They print to stdout/stderr; one command at a time per process. */
#ifndef SITEPLAN_CMDS_H
#define SITEPLAN_CMDS_H

#include <gdal.h>

#include "status.h"

/* Draws the maps and report of a results folder (siteplan.c passes the
 * render library's; NULL = results only).  The analysis library never
 * links drawing code itself. */
typedef sp_status (*sp_render_hook)(const char *dir, GDALProgressFunc progress, void *arg);

int sp_cmd_run(int argc, char **argv, sp_render_hook render);
int sp_cmd_solve(int argc, char **argv);


#endif
