/* csvlines.h — the physical line of each record of a CSV file.
 *
 * GDAL's CSV driver numbers the records after the header 1, 2, ... (the
 * FID) and skips blank lines; a quoted field may hold line breaks, so
 * "FID + 1" is the line only while no record spans lines.  This module
 * reads the file once more with GDAL's own CSV tokenizer (cpl_csv.h
 * CSVReadParseLine3L, the delimiter detected as the driver does) and
 * records the line on which each record starts, so that messages name the
 * line a text editor shows.
 *
 * Contract: sp_csv_lines_scan() fails only when the file cannot be opened
 * (SP_E_IO, one error line).  sp_csv_lines_line(NULL, fid) and a fid past
 * the scan give fid + 1.  Owned by the caller (sp_csv_lines_free).  No
 * shared state; any thread.
 */
#ifndef SP_CSVLINES_H
#define SP_CSVLINES_H

#include "status.h"

typedef struct sp_csv_lines sp_csv_lines;

sp_status sp_csv_lines_scan(const char *path, sp_csv_lines **out);

/* The physical line (1 = the first line of the file) on which record `fid`
 * (GDAL CSV FID: 1 = the first record after the header) starts. */
long sp_csv_lines_line(const sp_csv_lines *l, long long fid);

void sp_csv_lines_free(sp_csv_lines *l);

#endif
