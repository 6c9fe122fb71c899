/* sweep_read.h — the folder of `siteplan sweep`, read back through the
 * schema (schema.h, sp_schema_sweep) for the charts.
 *
 * sp_sweep_read() reads sweep.json (the varied keys and their values in
 * order, the render options) and sweep.csv, and checks the CSV against the
 * schema first: its header must be the varied keys of sweep.json followed by
 * the schema's columns, in order, and it must have one row per combination.
 *
 * Errors (through sp_error(), one line naming the file): SP_E_IO when a file
 * is missing or unreadable, SP_E_INPUT when a file is not what the schema
 * says.  Ownership: the struct and everything in it belong to it
 * (sp_sweep_free, NULL-safe).  Threads: any; reports through the calling
 * thread's error slot.
 */
#ifndef SP_SWEEP_READ_H
#define SP_SWEEP_READ_H

#include "schema.h"
#include "status.h"

typedef struct {
    char *key;            /* "travel.minutes" */
    int n_values;
    char **values;        /* as given, grid order */
    int numeric;          /* 1 when every value is a finite number */
} sp_sweep_key;

typedef struct {
    int n_keys;
    sp_sweep_key *keys;
    char *scenario;       /* sweep.json "scenario": the scenario file as given */
    char *language;       /* sweep.json "render" */
    int dpi;
    int n_rows;
    int *value;           /* n_rows x n_keys: the index of the row's value in keys[k].values */
    double *num;          /* n_rows x SP_C_SWEEP_COUNT: the row's numbers, NAN when empty
                           * (mode: NAN; see mode) */
    char **mode;          /* n_rows */
} sp_sweep_results;

sp_status sp_sweep_read(const char *dir, sp_sweep_results **out);
void sp_sweep_free(sp_sweep_results *s);

#endif
