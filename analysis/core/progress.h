/* progress.h — GDAL-style progress on stderr ("0...10...20...100 - done."),
 * the one progress line every command prints (-q passes NULL instead).
 *
 * sp_cli_progress is a GDALProgressFunc: arg points to an int holding the
 * steps printed so far (start at 0).  It never cancels.  One caller at a
 * time per counter; it writes to stderr only.
 */
#ifndef SP_PROGRESS_H
#define SP_PROGRESS_H

#include <gdal.h>

int sp_cli_progress(double fraction, const char *message, void *arg);

/* One stage of a longer task: progress f of the stage is reported to fn as
 * lo + f * (hi - lo).  Pass sp_stage_progress with a pointer to an sp_stage
 * (fn may be NULL: nothing is reported, never cancelled). */
typedef struct {
    GDALProgressFunc fn;
    void *arg;
    double lo, hi;
} sp_stage;

int sp_stage_progress(double fraction, const char *message, void *stage);

#endif
