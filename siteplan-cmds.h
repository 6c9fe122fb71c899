/* siteplan-cmds.h — the subcommands of the siteplan program.  Each takes the
 * arguments after the subcommand name (argv[0] is the subcommand) and returns
 * the process exit code: 0 success, 1 bad input or usage, 2 internal failure. */
#ifndef SITEPLAN_CMDS_H
#define SITEPLAN_CMDS_H

int sp_cmd_run(int argc, char **argv);
int sp_cmd_solve(int argc, char **argv);
int sp_cmd_render(int argc, char **argv);

#endif
