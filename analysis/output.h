/* output.h — atomic files: write to a temporary name in the target folder,
 * then rename over the target, so a failure never leaves a partial output.
 *
 *   sp_atomic_begin("out/summary.json", tmp, sizeof tmp) gives the temporary
 *   path ("out/.summary.json.tmp-PID"); write it; then sp_atomic_commit()
 *   renames it (checking nothing went wrong first) or sp_atomic_abort()
 *   removes it.
 *
 * sp_mkdir_p() creates a folder and its parents.
 */
#ifndef SP_OUTPUT_H
#define SP_OUTPUT_H

#include <stdio.h>

#include "status.h"

sp_status sp_mkdir_p(const char *dir);
void sp_atomic_begin(const char *path, char *tmp, size_t tmp_len);
sp_status sp_atomic_commit(const char *tmp, const char *path);
void sp_atomic_abort(const char *tmp);

/* fflush + fsync + fclose with error checks, then commit; aborts on error. */
sp_status sp_atomic_close_file(FILE *f, const char *tmp, const char *path);

/* Write a CSV field with RFC 4180 quoting when needed (NULL = empty). */
void sp_csv_field(FILE *f, const char *s);

#endif
