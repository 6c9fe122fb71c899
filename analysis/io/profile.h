/* profile.h — which road classes a mode may use, and how fast.
 *
 * A profile is a table of (road class, km/h, roadside access) rows: a class
 * not listed is not usable by the mode.  A class without roadside access
 * (by default motorway and motorway_link) can be driven on but is never
 * the road a point is tied to (snap.h): nobody starts a trip on a motorway.
 * Built-in tables per mode are documented in README.md ("Speeds"); a CSV
 * with header `highway,kmh` and an optional `access` column (yes/no; empty
 * = the default by class) replaces the table ([travel] profile), read
 * through GDAL's CSV driver.
 *
 * Contract: classes are matched exactly (case-sensitive, OSM values such as
 * "residential"); the class index (0..n-1, table order) is what sp_link
 * stores as road_class.  speeds are > 0 and finite.
 */
#ifndef SP_PROFILE_H
#define SP_PROFILE_H

#include "scenario.h"
#include "status.h"

#define SP_PROFILE_MAX 64

typedef struct {
    sp_mode mode;
    int n;
    char klass[SP_PROFILE_MAX][32];
    double kmh[SP_PROFILE_MAX];
    unsigned char access[SP_PROFILE_MAX]; /* 1: a point may be tied to this class */
    char source[256]; /* "built-in walk" or the CSV path */
} sp_profile;

/* The built-in table for a mode. */
void sp_profile_builtin(sp_mode mode, sp_profile *out);

/* Read a table from a CSV (header highway,kmh).  Errors name the file and line. */
sp_status sp_profile_load(const char *path, sp_mode mode, sp_profile *out);

/* The default roadside access of a class: 0 for motorway, motorway_link. */
int sp_profile_default_access(const char *klass);

/* Index of a class, or -1 if the mode cannot use it. */
int sp_profile_find(const sp_profile *p, const char *klass);

#endif
