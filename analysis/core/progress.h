/* progress.h — GDAL-style progress on stderr ("0...10...20...100 - done."),
 * the one progress line every command prints (-q passes NULL instead).
 *
 * sp_cli_progress is a GDALProgressFunc: arg points to an int holding the
 * steps printed so far (start at 0).  It never cancels.  One caller at a
 * time per counter; it writes to stderr only.
 */
#ifndef SP_PROGRESS_H
#define SP_PROGRESS_H

int sp_cli_progress(double fraction, const char *message, void *arg);

#endif
