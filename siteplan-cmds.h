/* siteplan-cmds.h — the subcommands of the siteplan program.  Each takes the
 * arguments after the subcommand name (argv[0] is the subcommand) and returns
 * the process exit code: 0 success, 1 bad input or usage, 2 internal failure. */
#ifndef SITEPLAN_CMDS_H
#define SITEPLAN_CMDS_H

int sp_cmd_run(int argc, char **argv);
int sp_cmd_solve(int argc, char **argv);
int sp_cmd_render(int argc, char **argv);

/* GDAL-style progress on stderr (0...10...20...100 - done.); arg points
 * to an int holding the steps printed so far (start at 0). */
int sp_cli_progress(double fraction, const char *message, void *arg);

#endif
