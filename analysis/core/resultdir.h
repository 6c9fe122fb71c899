/* resultdir.h — a result folder written as one unit.
 *
 * A command that writes a result folder OUT (siteplan run, compare, sweep,
 * render of a folder) builds the whole set in a staging folder beside it and
 * swaps it in only when every file is complete:
 *
 *   PARENT/.NAME.lock                 the lock (flock), held for the whole run
 *   PARENT/.NAME.staging-PID/NAME/    the new set, written here; its base name
 *                                     is NAME, so files that name their
 *                                     folder (the report footer) read NAME
 *
 * sp_resultdir_begin() takes the lock (a second command into OUT is refused
 * with one line, SP_E_INPUT), repairs or removes what killed runs left
 * (staging folders: every one present is stale, since only the lock holder
 * makes them), runs the caller's check of the current folder (so a folder
 * holding files siteplan did not write is never replaced), creates the
 * staging folder (a copy of OUT when copy_existing: siteplan render of a
 * folder) and installs the signal handling below.
 *
 * sp_resultdir_commit() swaps: renameat2(RENAME_EXCHANGE) of the staging
 * folder and OUT, then removes the old set, so OUT is at every moment either
 * the old complete set or the new one.  Where the file system cannot
 * exchange (or OUT does not exist yet) it renames OUT aside to
 * .NAME.staging-PID/old, then the new set into place: a crash between these
 * two renames leaves no OUT, the old set in .../old and the new complete set
 * in .../NAME; the next sp_resultdir_begin() on OUT finishes that swap (an
 * "old" beside the new set proves the new set was complete).  Files of the
 * old set that the new one does not hold are gone with it.
 *
 * Signals: SIGINT, SIGTERM and SIGHUP (those not ignored at start) are
 * blocked in the calling thread, which threads started later inherit, and
 * taken by one thread in sigwait(), outside signal-handler context: it
 * removes the staging folder, releases the lock and ends the process with
 * 128 + the signal number, leaving OUT as it was.  SIGKILL cannot be caught:
 * its staging folder is removed by the next run into OUT.
 *
 * Contract: one result folder per process at a time (the signal thread
 * serves the one in progress); begin from the main thread before starting
 * worker threads.  Errors through sp_error() with one line naming OUT.
 */
#ifndef SP_RESULTDIR_H
#define SP_RESULTDIR_H

#include <stddef.h>

#include "status.h"

typedef struct sp_resultdir sp_resultdir;

/* Checks the current folder OUT (existing) before it may be replaced;
 * SP_OK or an error with its one line. */
typedef sp_status (*sp_resultdir_check_fn)(const char *out);

/* OUT: *rd (commit or abort it).  check may be NULL. */
sp_status sp_resultdir_begin(const char *out, sp_resultdir_check_fn check, int copy_existing,
                             sp_resultdir **rd);

/* The folder to write the new set into (owned by rd). */
const char *sp_resultdir_path(const sp_resultdir *rd);

/* Swap the staging folder in, release the lock, free rd.  On error OUT is
 * left as it was (or, in the rename window, repaired by the next begin). */
sp_status sp_resultdir_commit(sp_resultdir *rd);

/* Remove the staging folder, release the lock, free rd (NULL-safe). */
void sp_resultdir_abort(sp_resultdir *rd);

/* MSG with the staging folder of the last result folder begun in this
 * process written as the folder the user named, into buf (messages of code
 * that wrote into the staging folder). */
const char *sp_resultdir_shown(const char *msg, char *buf, size_t len);

/* Remove a folder and everything in it (no symlinks followed).  0 or -1. */
int sp_remove_tree(const char *path);

/* Test only: when the environment variable SP_TEST_PAUSE_AT names POINT
 * ("before", "tables", "maps", "swap"), print "siteplan: test pause at
 * POINT" on stderr and sleep SP_TEST_PAUSE_SECONDS (default 60) so a test
 * can kill the process there.  Each point pauses once per process.
 * SP_TEST_NO_EXCHANGE=1 (test only) makes commit use the two-rename swap. */
void sp_test_pause(const char *point);

#endif
