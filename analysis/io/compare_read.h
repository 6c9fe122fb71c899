/* compare_read.h — the folder of `siteplan compare` read back through the
 * schema (schema.h): compare.json, comparison.csv and changes.csv, and
 * where each scenario's results folder is (read those with sp_results_read).
 *
 * sp_compare_read() first checks compare.json: an object whose
 * "schema_version" is SP_RESULTS_SCHEMA_VERSION (a folder without it, of an
 * older siteplan, is refused) and, when it lists the folder's files
 * (fileset.h; written last, so absent while compare is still drawing),
 * every file listed present with its size and SHA-256.  Then both CSV
 * headers against the schema tables (changes.csv: the leading columns, then
 * the per-scenario columns once for each row of comparison.csv) and every
 * value's type; empty cells read as NAN (numbers), -1 (covered) or NULL
 * (strings).
 *
 * Errors (through sp_error(), one line naming the file, and the line and
 * column where there is one): SP_E_IO when a file is missing or unreadable,
 * SP_E_INPUT when a file is not what the schema says.
 *
 * Ownership: the struct and everything in it belong to it (sp_rcompare_free,
 * NULL-safe).  Threads: a finished struct may be read from several threads.
 */
#ifndef SP_COMPARE_READ_H
#define SP_COMPARE_READ_H

#include "status.h"

/* One row of comparison.csv. */
typedef struct {
    char *scenario, *name, *mode;
    char *dir;                /* its results folder: OUTDIR/<k>-<name> */
    double minutes, workers_total, workers_covered, percent_covered;
    double workers_covered_after, percent_covered_after, objective;   /* NAN when empty */
    double workers_gained, workers_lost;
    double workers_served, percent_served;   /* [capacity]; NAN when empty */
    double mobile_served;                    /* [mobile]; NAN when empty */
    int mobile_days_needed, mobile_bound;    /* [mobile]; -1 when empty */
    int sites, clusters_uncovered, gaps;
    int new_sites;            /* -1 when empty */
} sp_rcomparison;

/* One row of changes.csv: a baseline cluster that differs somewhere. */
typedef struct {
    char *id, *name;
    double workers;
    int *covered;             /* per scenario (0 = baseline): 1, 0, or -1 (no such cluster) */
    char **nearest;           /* per scenario; NULL when not covered */
    double *minutes;          /* per scenario; NAN when not covered */
} sp_rchange;

typedef struct {
    char *dir;
    int n;                    /* scenarios, the baseline first */
    sp_rcomparison *rows;
    int n_changes;
    sp_rchange *changes;      /* file order (the baseline's cluster order) */
} sp_rcompare;

/* Read and check OUTDIR.  OUT: *out (sp_rcompare_free). */
sp_status sp_compare_read(const char *dir, sp_rcompare **out);
void sp_rcompare_free(sp_rcompare *c);

#endif
