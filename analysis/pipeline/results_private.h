/* results_private.h — what the files of the result writer (results.c,
 * results_sites.c) share; not a public API. */
#ifndef SP_RESULTS_PRIVATE_H
#define SP_RESULTS_PRIVATE_H

#include <stdio.h>

#include "run.h"
#include "schema.h"
#include "status.h"

/* A CSV file of the set, open under its temporary name, header written. */
typedef struct {
    char path[4096], tmp[4200];
    FILE *f;
} sp__csv_out;

/* Open dir/name atomically and write the schema header of CSV id. */
sp_status sp__csv_begin(sp__csv_out *c, const char *dir, const char *name, sp_schema_csv_id id);

/* sites.csv: one row per existing site (results_sites.c). */
sp_status sp__write_sites_csv(const sp_outcome *r, const char *dir);

/* assignment.csv ([capacity]): who is served by whom (results_sites.c). */
sp_status sp__write_assignment_csv(const sp_outcome *r, const char *dir);

struct sp_capoutcome;
/* Site s's load / capacity rounded to 4 decimals: NAN when unlimited, 1 for
 * a capacity of 0 (full: it takes nobody). */
double sp__utilisation(const struct sp_capoutcome *c, int32_t s);

#endif
