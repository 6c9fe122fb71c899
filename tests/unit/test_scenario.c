/* test_scenario.c — scenario INI files into sp_options (analysis/scenario.c):
 * defaults, relative paths, --set overrides, and errors that name the file
 * and the key.  Fixtures: the .ini files in tests/data/scenario. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "scenario.h"
#include "test.h"

static char dir[4096];

/* The path of a fixture. */
static const char *fx(const char *name)
{
    static char path[4400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* Load a fixture that must fail; returns the status, *msg = the message. */
static sp_status load_fail(const char *name, const char *const *ov, int n_ov, const char **msg)
{
    sp_options *o = (sp_options *)1;
    sp_error_clear();
    sp_status st = sp_scenario_load(fx(name), ov, n_ov, &o);
    *msg = sp_error_message();
    if (st == SP_OK) {
        sp_options_free(o);
        return SP_OK;
    }
    if (o != NULL)
        return SP_E_INTERNAL; /* *out must be NULL on failure */
    return st;
}

/* Whether msg names `word` somewhere other than inside the file name `file`
 * (the fixtures are named after the key they break). */
static int names_outside(const char *msg, const char *file, const char *word)
{
    char *copy = g_strdup(msg);
    size_t fl = strlen(file);
    for (char *p = strstr(copy, file); p; p = strstr(p, file))
        memset(p, '#', fl);
    int found = strstr(copy, word) != NULL;
    g_free(copy);
    return found;
}

/* The message names the file, and the key outside the file name. */
#define ASSERT_NAMES(msg, file, key)                                           \
    do {                                                                       \
        ASSERT_CONTAINS(msg, file);                                            \
        if (!names_outside(msg, file, key)) {                                  \
            T_FAIL_("message does not name '%s': \"%s\"", key, msg);         \
            return;                                                            \
        }                                                                      \
    } while (0)

TEST(options_defaults)
{
    sp_options *o = NULL;
    ASSERT(sp_options_defaults(&o) == SP_OK);
    ASSERT(o);
    ASSERT_EQ_INT(o->mode, SP_MODE_WALK);
    ASSERT_EQ_INT(o->n_minutes, 1);
    ASSERT_NEAR(o->minutes[0], 30, 0);
    ASSERT_EQ_INT(o->snap, SP_SNAP_EDGE);
    ASSERT_NEAR(o->max_snap_m, 1000, 0);
    ASSERT_EQ_INT(o->use_maxspeed, 1);
    ASSERT(o->network == NULL && o->clusters.path == NULL);
    /* Defaults alone are not a runnable scenario: no inputs. */
    sp_error_clear();
    ASSERT(sp_options_validate(o, "defaults") == SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "network");
    sp_error_clear();
    sp_options_free(o);
}

TEST(minimal_file_gets_defaults)
{
    sp_options *o = NULL;
    sp_error_clear();
    ASSERT(sp_scenario_load(fx("minimal.ini"), NULL, 0, &o) == SP_OK);
    ASSERT(o);
    ASSERT_EQ_INT(o->mode, SP_MODE_WALK);
    ASSERT_EQ_INT(o->n_minutes, 1);
    ASSERT_NEAR(o->minutes[0], 30, 0);
    ASSERT_EQ_INT(o->snap, SP_SNAP_EDGE);
    ASSERT_NEAR(o->max_snap_m, 1000, 0);
    ASSERT_NEAR(o->reject_snap_m, 10000, 0);
    ASSERT_NEAR(o->walk_kmh, 5, 0);
    ASSERT_EQ_INT(o->use_maxspeed, 1);
    ASSERT_NEAR(o->gap_link_m, 500, 0);
    ASSERT(o->crs == NULL && o->profile == NULL && o->name == NULL);
    ASSERT(o->network_layer == NULL && o->network_class == NULL);
    ASSERT(o->sites.path == NULL && o->facilities.path == NULL);
    ASSERT_STR_EQ(o->source_path, fx("minimal.ini"));
    /* Catchment grid by mode: walk 20 m cells. */
    ASSERT_NEAR(sp_options_cell_m(o), 20, 0);

    /* Relative paths resolve against the folder of the INI file. */
    char *net = g_build_filename(dir, "roads.osm", NULL);
    char *cl = g_build_filename(dir, "sub/clusters.csv", NULL);
    ASSERT_STR_EQ(o->network, net);
    ASSERT_STR_EQ(o->clusters.path, cl);
    ASSERT_STR_EQ(o->clusters.weight, "workers");
    g_free(net);
    g_free(cl);
    sp_options_free(o);
    ASSERT_STR_EQ(sp_error_message(), "");
}

TEST(full_file)
{
    sp_options *o = NULL;
    sp_error_clear();
    ASSERT(sp_scenario_load(fx("full.ini"), NULL, 0, &o) == SP_OK);
    ASSERT_STR_EQ(o->name, "Full scenario");
    ASSERT_STR_EQ(o->network, "/abs/roads.osm.pbf"); /* absolute: as given */
    ASSERT_STR_EQ(o->network_layer, "lines");
    ASSERT_STR_EQ(o->network_class, "kind");
    ASSERT_STR_EQ(o->clusters.x, "lon");
    ASSERT_STR_EQ(o->clusters.y, "lat");
    ASSERT_STR_EQ(o->clusters.weight, "jobs");
    ASSERT_STR_EQ(o->sites.where, "healthcare > 0"); /* not a path: verbatim */
    char *sites = g_build_filename(dir, "sites.gpkg", NULL);
    ASSERT_STR_EQ(o->sites.path, sites);
    g_free(sites);
    /* "dir/../out/full" is folded lexically to the parent of dir. */
    char *parent = g_path_get_dirname(dir);
    char *out = g_build_filename(parent, "out/full", NULL);
    ASSERT_STR_EQ(o->out_dir, out);
    g_free(out);
    g_free(parent);
    ASSERT_EQ_INT(o->mode, SP_MODE_CAR);
    /* Three rings. */
    ASSERT_EQ_INT(o->n_minutes, 3);
    ASSERT_NEAR(o->minutes[0], 10, 0);
    ASSERT_NEAR(o->minutes[1], 20, 0);
    ASSERT_NEAR(o->minutes[2], 30, 0);
    ASSERT_EQ_INT(o->use_maxspeed, 0);
    ASSERT_EQ_INT(o->snap, SP_SNAP_NODE);
    ASSERT_NEAR(o->max_snap_m, 250, 0);
    ASSERT_NEAR(o->walk_kmh, 4.5, 0);
    ASSERT_STR_EQ(o->crs, "EPSG:32722");
    ASSERT_NEAR(sp_options_cell_m(o), 60, 0); /* car: 60 m cells */
    sp_options_free(o);
}

TEST(overrides_win)
{
    const char *ov[] = {"travel.minutes=15", "travel.mode = bike", "inputs.network=here/roads.osm",
                        "inputs.clusters.weight=people", "output.dir=/tmp/o"};
    sp_options *o = NULL;
    sp_error_clear();
    ASSERT(sp_scenario_load(fx("full.ini"), ov, 5, &o) == SP_OK);
    ASSERT_EQ_INT(o->n_minutes, 1);
    ASSERT_NEAR(o->minutes[0], 15, 0);
    ASSERT_EQ_INT(o->mode, SP_MODE_BIKE);
    /* A relative path given with --set is relative to the current folder. */
    ASSERT_STR_EQ(o->network, "here/roads.osm");
    ASSERT_STR_EQ(o->clusters.weight, "people");
    ASSERT_STR_EQ(o->out_dir, "/tmp/o");
    /* What was not overridden stays from the file. */
    ASSERT_EQ_INT(o->snap, SP_SNAP_NODE);
    ASSERT_STR_EQ(o->network_class, "kind");
    sp_options_free(o);

    /* The last of two overrides of one key wins. */
    const char *ov2[] = {"travel.minutes=15", "travel.minutes=5,45"};
    ASSERT(sp_scenario_load(fx("minimal.ini"), ov2, 2, &o) == SP_OK);
    ASSERT_EQ_INT(o->n_minutes, 2);
    ASSERT_NEAR(o->minutes[0], 5, 0);
    ASSERT_NEAR(o->minutes[1], 45, 0);
    sp_options_free(o);
}

TEST(override_errors)
{
    const char *msg;
    const char *bad_mode[] = {"travel.mode=plane"};
    ASSERT(load_fail("minimal.ini", bad_mode, 1, &msg) == SP_E_INPUT);
    ASSERT_CONTAINS(msg, "--set travel.mode=plane");
    ASSERT_CONTAINS(msg, "mode");
    ASSERT_CONTAINS(msg, "plane");

    const char *unknown[] = {"travel.speed=3"};
    ASSERT(load_fail("minimal.ini", unknown, 1, &msg) == SP_E_INPUT);
    ASSERT_CONTAINS(msg, "speed");

    const char *no_section[] = {"minutes=15"};
    ASSERT(load_fail("minimal.ini", no_section, 1, &msg) == SP_E_USAGE);
    ASSERT_CONTAINS(msg, "minutes=15");

    const char *no_value[] = {"travel.minutes"};
    ASSERT(load_fail("minimal.ini", no_value, 1, &msg) == SP_E_USAGE);
    sp_error_clear();
}

/* Each bad file: the right status, and a message naming the file and the
 * key (and the offending value where there is one). */
TEST(file_errors)
{
    const char *msg;
    ASSERT(load_fail("unknown_key.ini", NULL, 0, &msg) == SP_E_INPUT);
    ASSERT_CONTAINS(msg, "unknown_key.ini");
    ASSERT_NAMES(msg, "unknown_key.ini", "travel");
    ASSERT_NAMES(msg, "unknown_key.ini", "speed_kmh");

    ASSERT(load_fail("unknown_section.ini", NULL, 0, &msg) == SP_E_INPUT);
    ASSERT_CONTAINS(msg, "unknown_section.ini");
    ASSERT_NAMES(msg, "unknown_section.ini", "routing");

    ASSERT(load_fail("empty_unknown_section.ini", NULL, 0, &msg) == SP_E_INPUT);
    ASSERT_CONTAINS(msg, "empty_unknown_section.ini");
    ASSERT_NAMES(msg, "empty_unknown_section.ini", "extras");

    ASSERT(load_fail("bad_mode.ini", NULL, 0, &msg) == SP_E_INPUT);
    ASSERT_CONTAINS(msg, "bad_mode.ini");
    ASSERT_NAMES(msg, "bad_mode.ini", "mode");
    ASSERT_NAMES(msg, "bad_mode.ini", "bicycle");

    ASSERT(load_fail("minutes_descending.ini", NULL, 0, &msg) == SP_E_INPUT);
    ASSERT_CONTAINS(msg, "minutes_descending.ini");
    ASSERT_NAMES(msg, "minutes_descending.ini", "minutes");
    ASSERT_NAMES(msg, "minutes_descending.ini", "30,20");

    ASSERT(load_fail("minutes_zero.ini", NULL, 0, &msg) == SP_E_INPUT);
    ASSERT_CONTAINS(msg, "minutes_zero.ini");
    ASSERT_NAMES(msg, "minutes_zero.ini", "minutes");

    ASSERT(load_fail("minutes_negative.ini", NULL, 0, &msg) == SP_E_INPUT);
    ASSERT_CONTAINS(msg, "minutes_negative.ini");
    ASSERT_NAMES(msg, "minutes_negative.ini", "minutes");
    ASSERT_NAMES(msg, "minutes_negative.ini", "-5");

    ASSERT(load_fail("use_maxspeed_maybe.ini", NULL, 0, &msg) == SP_E_INPUT);
    ASSERT_CONTAINS(msg, "use_maxspeed_maybe.ini");
    ASSERT_NAMES(msg, "use_maxspeed_maybe.ini", "use_maxspeed");
    ASSERT_NAMES(msg, "use_maxspeed_maybe.ini", "maybe");

    ASSERT(load_fail("no_weight.ini", NULL, 0, &msg) == SP_E_INPUT);
    ASSERT_CONTAINS(msg, "no_weight.ini");
    ASSERT_NAMES(msg, "no_weight.ini", "clusters.weight");

    ASSERT(load_fail("not_ini.ini", NULL, 0, &msg) == SP_E_INPUT);
    ASSERT_CONTAINS(msg, "not_ini.ini");

    ASSERT(load_fail("no_such_file.ini", NULL, 0, &msg) == SP_E_IO);
    ASSERT_CONTAINS(msg, "no_such_file.ini");
    sp_error_clear();
}

/* The same minutes values through --set, on a good file: parsed or refused
 * exactly as in a file. */
TEST(minutes_values)
{
    static const struct {
        const char *v;
        int n; /* 0 = refused */
    } cases[] = {
        {"10,20,30", 3}, {" 10 , 20 , 30 ", 3}, {"45", 1}, {"1440", 1}, {"7.5,15", 2},
        {"30,20", 0},    {"0", 0},              {"-5", 0}, {"1441", 0}, {"10,10", 0},
        {"", 0},         {"abc", 0},            {"10,,20", 0}, {"1,2,3,4,5,6,7,8", 8},
        {"1,2,3,4,5,6,7,8,9", 0}, {"nan", 0},   {"inf", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char set[128];
        snprintf(set, sizeof set, "travel.minutes=%s", cases[i].v);
        const char *ov[] = {set};
        sp_options *o = NULL;
        sp_error_clear();
        sp_status st = sp_scenario_load(fx("minimal.ini"), ov, 1, &o);
        if ((st == SP_OK) != (cases[i].n > 0))
            fprintf(stderr, "minutes '%s': status %d, message '%s'\n", cases[i].v, st,
                    sp_error_message());
        ASSERT((st == SP_OK) == (cases[i].n > 0));
        if (st == SP_OK) {
            ASSERT_EQ_INT(o->n_minutes, cases[i].n);
            for (int k = 1; k < o->n_minutes; k++)
                ASSERT(o->minutes[k] > o->minutes[k - 1]);
            sp_options_free(o);
        } else {
            ASSERT(o == NULL);
            ASSERT_CONTAINS(sp_error_message(), "minutes");
        }
    }
    sp_error_clear();
}

/* ---- [scenario] extends, [siting] enabled, titles (files made in a temp folder) ---- */

static char tmp[4096];

/* Write tmp/NAME with the given text; returns its path (static buffer). */
static const char *put(const char *name, const char *text)
{
    static char path[4400];
    snprintf(path, sizeof path, "%s/%s", tmp, name);
    char *d = g_path_get_dirname(path);
    g_mkdir_with_parents(d, 0755);
    g_free(d);
    if (!g_file_set_contents(path, text, -1, NULL))
        fprintf(stderr, "cannot write %s\n", path);
    return path;
}

#define BASE_INI                                                           \
    "[scenario]\nname = A: 10 minutes on foot\n"                           \
    "[inputs]\nnetwork = roads.gpkg\nclusters = c.csv\nclusters.weight = jobs\n" \
    "sites = s.csv\nsites.where = kind = 1\n[travel]\nminutes = 10\n"

TEST(extends_chain)
{
    put("base/a.ini", BASE_INI);
    put("sub/b.ini", "[scenario]\nextends = ../base/a.ini\n[travel]\nminutes = 12\n"
                     "[inputs]\nfacilities = f.csv\n");
    char c[4400];
    snprintf(c, sizeof c, "%s", put("c.ini", "[scenario]\nextends = sub/b.ini\n[inputs]\nsites =\n"));
    sp_options *o = NULL;
    ASSERT(sp_scenario_load(c, NULL, 0, &o) == SP_OK);
    if (!o)
        return;
    char want[4400];
    ASSERT_NEAR(o->minutes[0], 12, 0);
    ASSERT(o->sites.path == NULL);                      /* cleared by c.ini */
    ASSERT_STR_EQ(o->sites.where, "kind = 1");          /* kept from a.ini */
    snprintf(want, sizeof want, "%s/base/c.csv", tmp);  /* a.ini's folder */
    ASSERT_STR_EQ(o->clusters.path, want);
    snprintf(want, sizeof want, "%s/sub/f.csv", tmp);   /* b.ini's folder */
    ASSERT_STR_EQ(o->facilities.path, want);
    ASSERT_STR_EQ(o->name, "A: 10 minutes on foot");
    ASSERT_EQ_INT(o->title_stale, 1);                   /* name written for 10 minutes */
    ASSERT_NEAR(o->title_minutes, 10, 0);
    sp_options_free(o);
    /* --set wins over every file; a name set with the travel is not stale */
    const char *ov[] = {"travel.minutes=8", "scenario.name=A: 8 minutes"};
    ASSERT(sp_scenario_load(c, ov, 2, &o) == SP_OK);
    if (o) {
        ASSERT_NEAR(o->minutes[0], 8, 0);
        ASSERT_EQ_INT(o->title_stale, 0);
        sp_options_free(o);
    }
}

TEST(extends_errors)
{
    const char *cases[][3] = {
        {"cy1.ini", "[scenario]\nextends = cy2.ini\n", NULL},
        {"cy2.ini", "[scenario]\nextends = cy1.ini\n", NULL},
        {"miss.ini", "[scenario]\nextends = gone/nope.ini\n", NULL},
    };
    for (int i = 0; i < 3; i++)
        put(cases[i][0], cases[i][1]);
    char path[4400];
    sp_options *o = (sp_options *)1;
    snprintf(path, sizeof path, "%s/cy1.ini", tmp);
    sp_error_clear();
    ASSERT_EQ_INT(sp_scenario_load(path, NULL, 0, &o), SP_E_INPUT);
    ASSERT(o == NULL);
    char *want = g_strdup_printf("%s/cy2.ini: [scenario] extends = cy1.ini: a cycle (%s/cy1.ini -> "
                                 "%s/cy2.ini -> %s/cy1.ini)", tmp, tmp, tmp, tmp);
    ASSERT_STR_EQ(sp_error_message(), want);
    g_free(want);
    snprintf(path, sizeof path, "%s/miss.ini", tmp);
    sp_error_clear();
    ASSERT_EQ_INT(sp_scenario_load(path, NULL, 0, &o), SP_E_INPUT);
    want = g_strdup_printf("%s/miss.ini: [scenario] extends = gone/nope.ini: cannot read "
                           "%s/gone/nope.ini: No such file or directory", tmp, tmp);
    ASSERT_STR_EQ(sp_error_message(), want);
    g_free(want);
    sp_error_clear();
    const char *ov[] = {"scenario.extends=x.ini"};
    snprintf(path, sizeof path, "%s/base/a.ini", tmp);
    ASSERT_EQ_INT(sp_scenario_load(path, ov, 1, &o), SP_E_USAGE);
    sp_error_clear();
}

TEST(siting_enabled)
{
    put("s.ini", "[scenario]\nextends = base/a.ini\n[siting]\nbudget = 2\ncandidates = auto\n");
    char s[4400];
    snprintf(s, sizeof s, "%s", put("s_off.ini", "[scenario]\nextends = s.ini\n[siting]\nenabled = no\n"));
    sp_options *o = NULL;
    ASSERT(sp_scenario_load(s, NULL, 0, &o) == SP_OK);
    if (o) { ASSERT_EQ_INT(o->siting, 0); sp_options_free(o); }
    const char *on[] = {"siting.enabled=yes"};
    ASSERT(sp_scenario_load(s, on, 1, &o) == SP_OK);
    if (o) { ASSERT_EQ_INT(o->siting, 1); sp_options_free(o); }
    snprintf(s, sizeof s, "%s/s.ini", tmp);
    ASSERT(sp_scenario_load(s, NULL, 0, &o) == SP_OK);
    if (o) { ASSERT_EQ_INT(o->siting, 1); ASSERT_EQ_INT(o->budget, 2); sp_options_free(o); }
    const char *off[] = {"siting.enabled=no"};
    ASSERT(sp_scenario_load(s, off, 1, &o) == SP_OK);
    if (o) { ASSERT_EQ_INT(o->siting, 0); sp_options_free(o); }
}

/* [capacity] on and off (README "File rules"): an empty section, any key or
 * a capacity field switches it on; enabled = no off; the values as written,
 * in workers through visits_per_worker; set_capacity parsed. */
TEST(capacity_keys)
{
    char s[4400];
    sp_options *o = NULL;
    snprintf(s, sizeof s, "%s", put("c_none.ini", "[scenario]\nextends = base/a.ini\n"));
    ASSERT(sp_scenario_load(s, NULL, 0, &o) == SP_OK);
    if (o) {
        ASSERT_EQ_INT(o->capacity_on, 0);
        ASSERT(isnan(o->cap_default) && isnan(o->cap_new_site) && isnan(o->visits_per_worker));
        ASSERT(isinf(sp_options_capacity_default(o, 0)) && isinf(sp_options_capacity_default(o, 1)));
        sp_options_free(o);
    }
    snprintf(s, sizeof s, "%s", put("c_empty.ini", "[scenario]\nextends = base/a.ini\n[capacity]\n"));
    ASSERT(sp_scenario_load(s, NULL, 0, &o) == SP_OK);
    if (o) { ASSERT_EQ_INT(o->capacity_on, 1); sp_options_free(o); }
    snprintf(s, sizeof s, "%s", put("c_field.ini", "[scenario]\nextends = base/a.ini\n[inputs]\n"
                                                   "sites.capacity = beds\n"));
    ASSERT(sp_scenario_load(s, NULL, 0, &o) == SP_OK);
    if (o) { ASSERT_EQ_INT(o->capacity_on, 1); ASSERT_STR_EQ(o->sites.capacity, "beds"); sp_options_free(o); }
    const char *off[] = {"capacity.enabled=no"};
    ASSERT(sp_scenario_load(s, off, 1, &o) == SP_OK);
    if (o) { ASSERT_EQ_INT(o->capacity_on, 0); sp_options_free(o); }
    snprintf(s, sizeof s, "%s", put("c_vals.ini", "[scenario]\nextends = base/a.ini\n[capacity]\n"
                                                  "default = 180\nvisits_per_worker = 0.36\n"
                                                  "[changes]\nset_capacity = s1, 72\n"
                                                  "set_capacity.2 = s2, Unlimited\n"));
    ASSERT(sp_scenario_load(s, NULL, 0, &o) == SP_OK);
    if (o) {
        ASSERT_EQ_INT(o->capacity_on, 1);
        ASSERT_NEAR(o->cap_default, 180, 0);
        ASSERT_NEAR(sp_options_capacity_default(o, 0), 500, 1e-9);   /* 180 visits / 0.36 */
        ASSERT_NEAR(sp_options_capacity_default(o, 1), 500, 1e-9);   /* new_site: the default */
        ASSERT_NEAR(sp_options_capacity_workers(o, 72), 200, 1e-9);
        ASSERT_EQ_INT(o->n_changes, 2);
        if (o->n_changes == 2) {
            ASSERT_EQ_INT(o->changes[0].kind, SP_CHANGE_SET_CAPACITY);
            ASSERT_STR_EQ(o->changes[0].items[0], "s1");
            ASSERT_NEAR(o->changes[0].nums[0], 72, 0);
            ASSERT(isinf(o->changes[1].nums[0]));
        }
        sp_options_free(o);
    }
    const char *un[] = {"capacity.new_site=unlimited", "capacity.default="};
    ASSERT(sp_scenario_load(s, un, 2, &o) == SP_OK);
    if (o) {
        ASSERT(isinf(o->cap_new_site) && isnan(o->cap_default));
        ASSERT(isinf(sp_options_capacity_default(o, 0)) && isinf(sp_options_capacity_default(o, 1)));
        sp_options_free(o);
    }
}

/* "dir/.." as the OS resolves it: folded as text unless dir is a link. */
TEST(join_path_symlinks)
{
    char *j = sp_scenario_join_path("a/b", "../c.csv");
    ASSERT_STR_EQ(j, "a/c.csv");
    g_free(j);
    j = sp_scenario_join_path(".", "../x/./y.csv");
    ASSERT_STR_EQ(j, "../x/y.csv");
    g_free(j);
    /* tmp/proj/link -> ../real/sub: link/.. is tmp/real */
    put("real/sub/s.ini", "");
    put("proj/keep", "");
    char *proj = g_build_filename(tmp, "proj", NULL);
    char *link = g_build_filename(proj, "link", NULL);
    ASSERT(symlink("../real/sub", link) == 0);
    j = sp_scenario_join_path(link, "../data.csv");
    char *real_tmp = realpath(tmp, NULL);
    char *want = g_strdup_printf("%s/real/data.csv", real_tmp);
    ASSERT_STR_EQ(j, want);
    g_free(j);
    j = sp_scenario_join_path(proj, "sub/../d.csv");  /* no link crossed: as text */
    char *want2 = g_strdup_printf("%s/d.csv", proj);
    ASSERT_STR_EQ(j, want2);
    g_free(j); g_free(want); g_free(want2); free(real_tmp); g_free(link); g_free(proj);
}

/* BOM skipped, duplicate keys and NUL bytes named, empty [siting] on. */
TEST(file_rules)
{
    char s[4400];
    const char *inputs = "[inputs]\nnetwork = r.gpkg\nclusters = c.csv\nclusters.weight = jobs\n";
    char *t = g_strdup_printf("\xEF\xBB\xBF%s[travel]\nminutes = 12\n", inputs);
    snprintf(s, sizeof s, "%s", put("bom.ini", t));
    g_free(t);
    sp_options *o = NULL;
    ASSERT(sp_scenario_load(s, NULL, 0, &o) == SP_OK);
    if (o) { ASSERT_NEAR(o->minutes[0], 12, 0); sp_options_free(o); }

    t = g_strdup_printf("%s[travel]\nminutes = 12\n[gaps]\nlink_m = 9\n[travel]\n minutes=13\n",
                        inputs);
    snprintf(s, sizeof s, "%s", put("dup.ini", t));
    g_free(t);
    sp_error_clear();
    ASSERT(sp_scenario_load(s, NULL, 0, &o) == SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "dup.ini: [travel] minutes is given twice (lines 6 and 10)");

    static const char nul[] = "[scenario]\nname = a\0b\n";
    snprintf(s, sizeof s, "%s/nul.ini", tmp);
    ASSERT(g_file_set_contents(s, nul, sizeof nul - 1, NULL));
    sp_error_clear();
    ASSERT(sp_scenario_load(s, NULL, 0, &o) == SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "nul.ini: line 2: a NUL byte");

    t = g_strdup_printf("%s[siting]\n", inputs);
    snprintf(s, sizeof s, "%s", put("esit.ini", t));
    g_free(t);
    sp_error_clear();
    ASSERT(sp_scenario_load(s, NULL, 0, &o) == SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "[siting] candidates is required");
    const char *cand[] = {"siting.candidates=auto", "siting.budget=2"};
    ASSERT(sp_scenario_load(s, cand, 2, &o) == SP_OK);
    if (o) { ASSERT_EQ_INT(o->siting, 1); sp_options_free(o); }
}

TEST(title_travel)
{
    char a[4400];
    snprintf(a, sizeof a, "%s/base/a.ini", tmp);
    sp_options *o = NULL;
    ASSERT(sp_scenario_load(a, NULL, 0, &o) == SP_OK);
    if (o) { ASSERT_EQ_INT(o->title_stale, 0); sp_options_free(o); }
    const char *car[] = {"travel.mode=car"};
    ASSERT(sp_scenario_load(a, car, 1, &o) == SP_OK);
    if (o) {
        ASSERT_EQ_INT(o->title_stale, 1);
        ASSERT_EQ_INT(o->title_mode, SP_MODE_WALK);
        sp_options_free(o);
    }
    const char *titled[] = {"travel.mode=car", "render.title=By car"};
    ASSERT(sp_scenario_load(a, titled, 2, &o) == SP_OK);
    if (o) { ASSERT_EQ_INT(o->title_stale, 0); sp_options_free(o); }
}

/* clusters.weight as an area expression (README "Area clusters"): the
 * parser, and the key that sets the rate and keeps a field name a field. */
TEST(weight_area)
{
    double r;
    const char *why;
    ASSERT_EQ_INT(sp_weight_area_parse("area * 40/ha", &r, &why), 1);
    ASSERT(r == 40 / 1e4);
    ASSERT_EQ_INT(sp_weight_area_parse("area*40/ha", &r, &why), 1);
    ASSERT(r == 40 / 1e4);
    ASSERT_EQ_INT(sp_weight_area_parse("  AREA *  2.5 / km2 ", &r, &why), 1);
    ASSERT(r == 2.5 / 1e6);
    ASSERT_EQ_INT(sp_weight_area_parse("area * 0.01/m2", &r, &why), 1);
    ASSERT(r == 0.01);
    ASSERT_EQ_INT(sp_weight_area_parse("area * 1e3/Ha", &r, &why), 1);
    ASSERT(r == 1e3 / 1e4);
    /* field names */
    ASSERT_EQ_INT(sp_weight_area_parse("workers", &r, &why), 0);
    ASSERT_EQ_INT(sp_weight_area_parse("area", &r, &why), 0);
    ASSERT_EQ_INT(sp_weight_area_parse("area_ha", &r, &why), 0);
    ASSERT_EQ_INT(sp_weight_area_parse("areas", &r, &why), 0);
    ASSERT(r == 0);
    /* malformed expressions */
    const char *badv[] = {"area * 40", "area * /ha", "area * x/ha", "area * -4/ha", "area * 0/ha",
                          "area * 40/acre", "area * 40/", "area * inf/ha", "area * nan/ha",
                          "area * 4 0/ha", "area*", "area * 40/ha/ha"};
    for (size_t i = 0; i < sizeof badv / sizeof *badv; i++) {
        why = NULL;
        int k = sp_weight_area_parse(badv[i], &r, &why);
        if (k != -1)
            T_FAIL_("'%s' parsed as %d", badv[i], k);
        ASSERT(why != NULL);
    }

    sp_options *o = NULL;
    const char *ex[] = {"inputs.clusters.weight = area * 40/ha"};
    ASSERT(sp_scenario_load(fx("minimal.ini"), ex, 1, &o) == SP_OK);
    if (o) {
        ASSERT(o->clusters_per_m2 == 40 / 1e4);
        ASSERT(sp_options_weight_field(o) == NULL);
        ASSERT_STR_EQ(o->clusters.weight, "area * 40/ha");
        sp_options_free(o);
    }
    /* a later value that is a field name is a field again */
    const char *ex2[] = {"inputs.clusters.weight = area * 40/ha", "inputs.clusters.weight=jobs"};
    ASSERT(sp_scenario_load(fx("minimal.ini"), ex2, 2, &o) == SP_OK);
    if (o) {
        ASSERT(o->clusters_per_m2 == 0);
        ASSERT_STR_EQ(sp_options_weight_field(o), "jobs");
        sp_options_free(o);
    }
    const char *msg;
    const char *bad1[] = {"inputs.clusters.weight=area * 40/acre"};
    ASSERT(load_fail("minimal.ini", bad1, 1, &msg) == SP_E_INPUT);
    ASSERT_CONTAINS(msg, "[inputs] clusters.weight");
    ASSERT_CONTAINS(msg, "area * 40/acre");
    ASSERT_CONTAINS(msg, "ha, km2 or m2");
    ASSERT(strchr(msg, '\n') == NULL);
    /* the layer keys of area clusters */
    const char *lay[] = {"inputs.clusters.weight_points = b/foot.gpkg",
                         "inputs.clusters.weight_points.layer = buildings",
                         "inputs.clusters.weight_points_weight = floors",
                         "inputs.clusters.entrances = gates.csv",
                         "inputs.clusters.entrances.x = lon", "inputs.clusters.entrances.y = lat"};
    ASSERT(sp_scenario_load(fx("minimal.ini"), lay, 6, &o) == SP_OK);
    if (o) {
        ASSERT_STR_EQ(o->weight_points.path, "b/foot.gpkg");
        ASSERT_STR_EQ(o->weight_points.layer, "buildings");
        ASSERT_STR_EQ(o->weight_points.weight, "floors");
        ASSERT_STR_EQ(o->entrances.path, "gates.csv");
        ASSERT_STR_EQ(o->entrances.x, "lon");
        sp_options_free(o);
    }
    const char *half[] = {"inputs.clusters.entrances = gates.csv",
                          "inputs.clusters.entrances.x = lon"};
    ASSERT(load_fail("minimal.ini", half, 2, &msg) == SP_E_INPUT);
    ASSERT_CONTAINS(msg, "clusters.entrances.x and clusters.entrances.y");
    sp_error_clear();
}

int main(void)
{
    const char *root = getenv("SP_ROOT");
    char *cwd = g_get_current_dir();
    if (!root || !*root)
        root = cwd; /* absolute, so the expected paths need no folding */
    snprintf(dir, sizeof dir, "%s/tests/data/scenario", root);
    g_free(cwd);
    char *t = g_dir_make_tmp("sp_scenario_XXXXXX", NULL);
    snprintf(tmp, sizeof tmp, "%s", t ? t : "/tmp");
    g_free(t);
    RUN(options_defaults);
    RUN(minimal_file_gets_defaults);
    RUN(full_file);
    RUN(overrides_win);
    RUN(override_errors);
    RUN(file_errors);
    RUN(minutes_values);
    RUN(extends_chain);
    RUN(extends_errors);
    RUN(siting_enabled);
    RUN(capacity_keys);
    RUN(title_travel);
    RUN(join_path_symlinks);
    RUN(file_rules);
    RUN(weight_area);
    char *rm = g_strdup_printf("rm -rf '%s'", tmp);
    if (strncmp(tmp, "/tmp/sp_scenario_", 17) == 0 && system(rm) != 0)
        fprintf(stderr, "cannot remove %s\n", tmp);
    g_free(rm);
    return test_summary("scenario");
}
