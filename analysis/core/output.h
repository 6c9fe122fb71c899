/* output.h — atomic files: write to a temporary name in the target folder,
 * then rename over the target, so a failure never leaves a partial output.
 *
 *   sp_atomic_begin("out/summary.json", tmp, sizeof tmp) gives the temporary
 *   path ("out/.summary.json.tmp-PID"); write it; then sp_atomic_commit()
 *   renames it (removing it when the rename fails), or
 *   sp_atomic_close_file() checks the writes first and removes it on error.
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

/* fflush + fsync + fclose with error checks, then commit; on error the
 * temporary file is removed. */
sp_status sp_atomic_close_file(FILE *f, const char *tmp, const char *path);

/* Open DIR/NAME for writing under its temporary name.  OUT: path and tmp
 * (for sp_atomic_close_file), *f.  SP_E_IO naming the file on failure. */
sp_status sp_atomic_open(const char *dir, const char *name, char *path, size_t path_len,
                         char *tmp, size_t tmp_len, FILE **f);

/* Write a CSV field with RFC 4180 quoting when needed (NULL = empty). */
void sp_csv_field(FILE *f, const char *s);

#endif
