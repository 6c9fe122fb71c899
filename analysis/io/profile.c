/* profile.c — built-in speed tables and CSV tables; see profile.h. */
#include "profile.h"

#include <gdal.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvlines.h"
#include "number.h"
#include "textin.h"

typedef struct {
    const char *klass;
    double kmh;
} row;

/* Walking: 5 km/h everywhere a pedestrian may go; steps are slower.
 * Motorways (and their links) are not walkable. */
static const row WALK[] = {
    {"trunk", 5},         {"trunk_link", 5},     {"primary", 5},
    {"primary_link", 5},  {"secondary", 5},      {"secondary_link", 5},
    {"tertiary", 5},      {"tertiary_link", 5},  {"unclassified", 5},
    {"residential", 5},   {"living_street", 5},  {"service", 5},
    {"road", 5},          {"pedestrian", 5},     {"footway", 5},
    {"path", 5},          {"track", 5},          {"cycleway", 5},
    {"bridleway", 5},     {"corridor", 5},       {"platform", 5},
    {"steps", 2.5},
};
/* Cycling: 15 km/h on roads and cycleways; pushing the bike at 5 km/h on
 * footways and pedestrian streets; no motorways, trunks or steps. */
static const row BIKE[] = {
    {"primary", 15},      {"primary_link", 15},  {"secondary", 15},
    {"secondary_link", 15}, {"tertiary", 15},    {"tertiary_link", 15},
    {"unclassified", 15}, {"residential", 15},   {"living_street", 10},
    {"service", 12},      {"road", 12},          {"cycleway", 16},
    {"track", 10},        {"path", 10},          {"bridleway", 8},
    {"pedestrian", 5},    {"footway", 5},
};
/* E-bike: assisted to the 25 km/h legal limit; about 20 km/h in traffic. */
static const row EBIKE[] = {
    {"primary", 20},      {"primary_link", 20},  {"secondary", 20},
    {"secondary_link", 20}, {"tertiary", 20},    {"tertiary_link", 20},
    {"unclassified", 18}, {"residential", 18},   {"living_street", 10},
    {"service", 15},      {"road", 15},          {"cycleway", 20},
    {"track", 12},        {"path", 12},          {"bridleway", 8},
    {"pedestrian", 5},    {"footway", 5},
};
/* Car: typical urban free-flow speeds by class (tagged maxspeed overrides
 * them unless use_maxspeed = no). */
static const row CAR[] = {
    {"motorway", 90},     {"motorway_link", 45}, {"trunk", 70},
    {"trunk_link", 40},   {"primary", 50},       {"primary_link", 30},
    {"secondary", 40},    {"secondary_link", 30}, {"tertiary", 35},
    {"tertiary_link", 25}, {"unclassified", 30}, {"residential", 25},
    {"living_street", 10}, {"service", 15},      {"road", 25},
};

int sp_profile_default_access(const char *klass)
{
    return strcmp(klass, "motorway") != 0 && strcmp(klass, "motorway_link") != 0;
}

void sp_profile_builtin(sp_mode mode, sp_profile *out)
{
    const row *t;
    size_t n;
    switch (mode) {
    case SP_MODE_BIKE: t = BIKE; n = sizeof BIKE / sizeof *BIKE; break;
    case SP_MODE_EBIKE: t = EBIKE; n = sizeof EBIKE / sizeof *EBIKE; break;
    case SP_MODE_CAR: t = CAR; n = sizeof CAR / sizeof *CAR; break;
    default: t = WALK; n = sizeof WALK / sizeof *WALK; break;
    }
    memset(out, 0, sizeof *out);
    out->mode = mode;
    out->n = (int)n;
    for (size_t i = 0; i < n; i++) {
        snprintf(out->klass[i], sizeof out->klass[i], "%s", t[i].klass);
        out->kmh[i] = t[i].kmh;
        out->access[i] = (unsigned char)sp_profile_default_access(t[i].klass);
    }
    snprintf(out->source, sizeof out->source, "built-in %s table",
             sp_mode_name(mode));
}

int sp_profile_find(const sp_profile *p, const char *klass)
{
    if (!klass)
        return -1;
    for (int i = 0; i < p->n; i++)
        if (!strcmp(p->klass[i], klass))
            return i;
    return -1;
}

sp_status sp_profile_load(const char *path, sp_mode mode, sp_profile *out)
{
    memset(out, 0, sizeof *out);
    out->mode = mode;
    snprintf(out->source, sizeof out->source, "%s", path);
    const char *oo[] = {"AUTODETECT_TYPE=NO", NULL};
    const char *drivers[] = {"CSV", NULL};
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, drivers, oo, NULL);
    if (!ds) {
        const char *m = sp_first_line(CPLGetLastErrorMsg());
        return sp_error(SP_E_IO, "%s: cannot open the speed profile ([travel] profile, a CSV "
                        "with header highway,kmh): %s", path,
                        *m ? m : "no such file or not readable");
    }
    sp_status st = SP_OK;
    OGRLayerH lyr = GDALDatasetGetLayer(ds, 0);
    OGRFeatureDefnH defn = lyr ? OGR_L_GetLayerDefn(lyr) : NULL;
    int fc = defn ? OGR_FD_GetFieldIndex(defn, "highway") : -1;
    int fs = defn ? OGR_FD_GetFieldIndex(defn, "kmh") : -1;
    int fa = defn ? OGR_FD_GetFieldIndex(defn, "access") : -1;
    if (fc < 0 || fs < 0) {
        st = sp_error(SP_E_INPUT, "%s: speed profile needs the header 'highway,kmh'", path);
        goto done;
    }
    sp_csv_lines *lines = NULL;
    if ((st = sp_csv_lines_scan(path, &lines)) != SP_OK)
        goto done;
    OGRFeatureH f;
    while (st == SP_OK && (f = OGR_L_GetNextFeature(lyr)) != NULL) {
        long line = sp_csv_lines_line(lines, OGR_F_GetFID(f));
        char where[32];
        snprintf(where, sizeof where, "line %ld", line);
        char *k8 = NULL;
        st = sp_text_utf8(OGR_F_GetFieldAsString(f, fc), NULL, path, where, "highway", NULL,
                          &k8);
        if (st != SP_OK) {
            OGR_F_Destroy(f);
            break;
        }
        const char *k = k8;
        const char *v = OGR_F_GetFieldAsString(f, fs);
        const char *a = fa >= 0 ? OGR_F_GetFieldAsString(f, fa) : "";
        int access = !*a ? -1
                     : (!g_ascii_strcasecmp(a, "yes") || !strcmp(a, "1")) ? 1
                     : (!g_ascii_strcasecmp(a, "no") || !strcmp(a, "0"))  ? 0
                                                                          : -2;
        double kmh;
        sp_num_result r = sp_number_parse(v, SP_NUM_SIGN | SP_NUM_BLANKS, &kmh);
        if (!*k) {
            st = sp_error(SP_E_INPUT, "%s: line %ld: empty highway class", path, line);
        } else if ((r != SP_NUM_OK && r != SP_NUM_RANGE) || !isfinite(kmh) || kmh <= 0 ||
                   kmh > 300) {
            st = sp_error(SP_E_INPUT, "%s: line %ld: kmh '%s' must be a number above 0 and at most 300",
                          path, line, v);
        } else if (access == -2) {
            st = sp_error(SP_E_INPUT, "%s: line %ld: access '%s' must be yes or no (or empty)",
                          path, line, a);
        } else if (sp_profile_find(out, k) >= 0) {
            st = sp_error(SP_E_INPUT, "%s: line %ld: class '%s' listed twice", path, line, k);
        } else if (out->n == SP_PROFILE_MAX) {
            st = sp_error(SP_E_INPUT, "%s: more than %d classes", path, SP_PROFILE_MAX);
        } else if (strlen(k) >= sizeof out->klass[0]) {
            st = sp_error(SP_E_INPUT, "%s: line %ld: class name too long", path, line);
        } else {
            snprintf(out->klass[out->n], sizeof out->klass[0], "%s", k);
            out->access[out->n] = (unsigned char)(access >= 0 ? access : sp_profile_default_access(k));
            out->kmh[out->n++] = kmh;
        }
        free(k8);
        OGR_F_Destroy(f);
    }
    sp_csv_lines_free(lines);
    if (st == SP_OK && out->n == 0)
        st = sp_error(SP_E_INPUT, "%s: speed profile has no rows", path);
done:
    GDALClose(ds);
    return st;
}
