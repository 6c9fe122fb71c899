/* results_private.h — what the files of the result writer (results.c,
 * results_sites.c, results_mobile.c) share; not a public API. */
#ifndef SP_RESULTS_PRIVATE_H
#define SP_RESULTS_PRIVATE_H

#include <gdal.h>
#include <json.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>

#include "gpkgout.h"
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

/* A number with its exact text in fmt; NULL (JSON null) when not finite. */
json_object *sp__jnum(double v, const char *fmt);

/* [mobile] (results_mobile.c; r->mobile set): summary.json "mobile", the
 * mobile_routes and mobile_stops layers (1 on success), mobile_schedule.csv. */
json_object *sp__mobile_json(const sp_outcome *r);
int sp__put_mobile_layers(const sp_outcome *r, GDALDatasetH ds, OGRSpatialReferenceH srs);
sp_status sp__write_mobile_schedule_csv(const sp_outcome *r, const char *dir);

#endif
