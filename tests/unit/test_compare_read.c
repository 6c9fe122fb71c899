/* test_compare_read.c — the reader of a `siteplan compare` folder
 * (io/compare_read.h) on hand-made comparison.csv and changes.csv:
 *   - every value read back as written, empty cells as NAN / -1 / NULL,
 *     quoted names with commas, and each scenario's folder named as the
 *     writer names it (sp_schema_compare_folder: "<k>-<file name without
 *     its extension>");
 *   - compare.json: refused without it, without an integer
 *     "schema_version" or with another one; with a "files" list, a listed
 *     file missing or of another size or SHA-256 is refused, a whole one
 *     read;
 *   - refused with one line naming the file (and line and column): a
 *     missing file, a wrong header (also changes.csv with the per-scenario
 *     columns for another number of scenarios), a number that is not one,
 *     a covered value other than 0 or 1, a single scenario.
 * Env: SP_TMP (scratch folder).
 */
#include <gdal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare_read.h"
#include "output.h"
#include "schema.h"
#include "test.h"

static char g_dir[2048];

static const char COMPARISON[] =
    "scenario,name,mode,minutes,sites,workers_total,workers_covered,percent_covered,"
    "clusters_uncovered,gaps,new_sites,workers_covered_after,percent_covered_after,objective,"
    "workers_gained,workers_lost,workers_served,percent_served,mobile_served,"
    "mobile_unit_days_needed,mobile_lower_bound\n"
    "data/base.ini,Base,walk,15,3,100,60,60.00,2,1,,,,,0,0,,,,,\n"
    "/abs/more.sites.ini,\"More, with two\",ebike,12.5,5,100,90,90.00,1,1,2,95,95.00,95,40,10,"
    "70,70.00,8000,82,80\n";

static const char CHANGES_HEAD[] =
    "id,name,workers,covered_1,nearest_site_1,minutes_1,covered_2,nearest_site_2,minutes_2\n";

static void put(const char *name, const char *a, const char *b)
{
    char path[2300];
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    FILE *f = fopen(path, "w");
    fputs(a, f);
    if (b)
        fputs(b, f);
    fclose(f);
}

/* Write the folder, read it, and return the status (c freed unless out). */
static sp_status read_with(const char *comparison, const char *changes_rows, sp_rcompare **out)
{
    put(SP_FILE_COMPARISON, comparison, NULL);
    put(SP_FILE_CHANGES, CHANGES_HEAD, changes_rows);
    sp_rcompare *c = NULL;
    sp_error_clear();
    sp_status st = sp_compare_read(g_dir, &c);
    if (out)
        *out = c;
    else
        sp_rcompare_free(c);
    return st;
}

TEST(reads_every_value)
{
    sp_rcompare *c = NULL;
    sp_status st = read_with(COMPARISON,
                             "c1,\"Centre, north\",25,1,s1,3.50,0,,\n"
                             "c2,,10,0,,,1,s9,14.25\n", &c);
    ASSERT_EQ_INT(st, SP_OK);
    if (!c)
        return;
    ASSERT_EQ_INT(c->n, 2);
    ASSERT_STR_EQ(c->rows[1].name, "More, with two");
    ASSERT_STR_EQ(c->rows[1].mode, "ebike");
    ASSERT_NEAR(c->rows[1].minutes, 12.5, 0);
    ASSERT_EQ_INT(c->rows[1].sites, 5);
    ASSERT_NEAR(c->rows[1].workers_gained, 40, 0);
    ASSERT_NEAR(c->rows[1].workers_lost, 10, 0);
    ASSERT_NEAR(c->rows[1].workers_served, 70, 0);
    ASSERT_NEAR(c->rows[1].percent_served, 70, 0);
    ASSERT(isnan(c->rows[0].mobile_served));
    ASSERT_EQ_INT(c->rows[0].mobile_days_needed, -1);
    ASSERT_NEAR(c->rows[1].mobile_served, 8000, 0);
    ASSERT_EQ_INT(c->rows[1].mobile_days_needed, 82);
    ASSERT_EQ_INT(c->rows[1].mobile_bound, 80);
    ASSERT(isnan(c->rows[0].workers_served));
    ASSERT_EQ_INT(c->rows[1].new_sites, 2);
    ASSERT_EQ_INT(c->rows[0].new_sites, -1);
    ASSERT(isnan(c->rows[0].workers_covered_after));
    char want[2300];
    snprintf(want, sizeof want, "%s/1-base", g_dir);
    ASSERT_STR_EQ(c->rows[0].dir, want);
    snprintf(want, sizeof want, "%s/2-more.sites", g_dir);
    ASSERT_STR_EQ(c->rows[1].dir, want);
    ASSERT_EQ_INT(c->n_changes, 2);
    ASSERT_STR_EQ(c->changes[0].name, "Centre, north");
    ASSERT_NEAR(c->changes[0].workers, 25, 0);
    ASSERT_EQ_INT(c->changes[0].covered[0], 1);
    ASSERT_EQ_INT(c->changes[0].covered[1], 0);
    ASSERT_STR_EQ(c->changes[0].nearest[0], "s1");
    ASSERT(c->changes[0].nearest[1] == NULL);
    ASSERT_NEAR(c->changes[0].minutes[0], 3.5, 0);
    ASSERT(isnan(c->changes[0].minutes[1]));
    ASSERT(c->changes[1].name == NULL);
    ASSERT_STR_EQ(c->changes[1].nearest[1], "s9");
    ASSERT_NEAR(c->changes[1].minutes[1], 14.25, 0);
    sp_rcompare_free(c);

    /* a cluster the scenario does not have: covered empty */
    st = read_with(COMPARISON, "c3,,5,1,s1,2.00,,,\n", &c);
    ASSERT_EQ_INT(st, SP_OK);
    if (c)
        ASSERT_EQ_INT(c->changes[0].covered[1], -1);
    sp_rcompare_free(c);
}

TEST(folder_names_as_written)
{
    char b[256];
    sp_schema_compare_folder(3, "x/y/road-closed.ini", b, sizeof b);
    ASSERT_STR_EQ(b, "3-road-closed");
    sp_schema_compare_folder(1, "plain", b, sizeof b);
    ASSERT_STR_EQ(b, "1-plain");
    sp_schema_compare_folder(2, "dir.d/.hidden", b, sizeof b);
    ASSERT_STR_EQ(b, "2-.hidden");
}

TEST(refuses_bad_folders)
{
    char none[2300];
    snprintf(none, sizeof none, "%s/none", g_dir);
    sp_rcompare *c = NULL;
    ASSERT_EQ_INT(sp_compare_read(none, &c), SP_E_IO);
    ASSERT_CONTAINS(sp_error_message(), "compare.json: cannot open");
    ASSERT(c == NULL);

    /* comparison.csv without its last column */
    char *cut = strdup(COMPARISON);
    char *p = strstr(cut, ",workers_lost");
    memmove(p, p + strlen(",workers_lost"), strlen(p + strlen(",workers_lost")) + 1);
    ASSERT_EQ_INT(read_with(cut, "", NULL), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "comparison.csv: header is");
    free(cut);

    /* changes.csv for three scenarios while comparison.csv has two */
    put(SP_FILE_COMPARISON, COMPARISON, NULL);
    put(SP_FILE_CHANGES,
        "id,name,workers,covered_1,nearest_site_1,minutes_1,covered_2,nearest_site_2,minutes_2,"
        "covered_3,nearest_site_3,minutes_3\n", NULL);
    sp_error_clear();
    ASSERT_EQ_INT(sp_compare_read(g_dir, &c), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "changes.csv: header is");

    ASSERT_EQ_INT(read_with(COMPARISON, "c1,,lots,1,s1,3.50,0,,\n", NULL), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "changes.csv: line 2, column workers: \"lots\" is not a number");
    ASSERT_EQ_INT(read_with(COMPARISON, "c1,,5,2,s1,3.50,0,,\n", NULL), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "column covered_1: 2 is not 0 or 1");
    ASSERT_EQ_INT(read_with(COMPARISON, "c1,,5,1,s1,3.50,0.5,,\n", NULL), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "column covered_2: \"0.5\" is not an integer");

    char one[1024];
    snprintf(one, sizeof one, "%.*s", (int)(strchr(strchr(COMPARISON, '\n') + 1, '\n') - COMPARISON + 1),
             COMPARISON);
    put(SP_FILE_CHANGES, "id,name,workers,covered_1,nearest_site_1,minutes_1\n", NULL);
    put(SP_FILE_COMPARISON, one, NULL);
    sp_error_clear();
    ASSERT_EQ_INT(sp_compare_read(g_dir, &c), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "1 scenarios, expected at least two");
}

static void put_compare_json(int version, const char *files)
{
    char text[1024];
    snprintf(text, sizeof text, "{ \"schema_version\": %d%s%s }\n", version, files ? ", " : "",
             files ? files : "");
    put(SP_FILE_COMPARE_JSON, text, NULL);
}

TEST(checks_compare_json)
{
    const char *rows = "c1,,25,1,s1,3.50,0,,\n";
    put(SP_FILE_COMPARE_JSON, "{ \"files\": [] }\n", NULL);
    ASSERT_EQ_INT(read_with(COMPARISON, rows, NULL), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "compare.json: no integer \"schema_version\"");
    put(SP_FILE_COMPARE_JSON, "[1, 2]\n", NULL);
    ASSERT_EQ_INT(read_with(COMPARISON, rows, NULL), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "compare.json: not a JSON object");
    put_compare_json(SP_RESULTS_SCHEMA_VERSION - 1, NULL);
    ASSERT_EQ_INT(read_with(COMPARISON, rows, NULL), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "(run the comparison again)");

    /* a file list: "abc\n" is 4 bytes with this SHA-256 */
    const char *sum = "edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb";
    put("extra.txt", "abc\n", NULL);
    char files[512];
    snprintf(files, sizeof files, "\"files\": [ { \"name\": \"extra.txt\", \"bytes\": 4, "
             "\"sha256\": \"%s\" } ]", sum);
    put_compare_json(SP_RESULTS_SCHEMA_VERSION, files);
    ASSERT_EQ_INT(read_with(COMPARISON, rows, NULL), SP_OK);
    put("extra.txt", "abd\n", NULL);
    ASSERT_EQ_INT(read_with(COMPARISON, rows, NULL), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "extra.txt: not the file");
    char path[2300];
    snprintf(path, sizeof path, "%s/extra.txt", g_dir);
    remove(path);
    ASSERT_EQ_INT(read_with(COMPARISON, rows, NULL), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "extra.txt: missing or unreadable");
    put_compare_json(SP_RESULTS_SCHEMA_VERSION, NULL);
}

int main(void)
{
    const char *tmp = getenv("SP_TMP");
    snprintf(g_dir, sizeof g_dir, "%s/test_compare_read", tmp ? tmp : "tests/tmp/unit");
    if (sp_mkdir_p(g_dir)) {
        fprintf(stderr, "cannot create %s\n", g_dir);
        return 1;
    }
    GDALAllRegister();
    put_compare_json(SP_RESULTS_SCHEMA_VERSION, NULL);
    RUN(reads_every_value);
    RUN(folder_names_as_written);
    RUN(refuses_bad_folders);
    RUN(checks_compare_json);
    return test_summary("compare_read");
}
