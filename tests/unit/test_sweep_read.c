/* test_sweep_read.c — the reader of a `siteplan sweep` folder
 * (analysis/io/sweep_read.h) on hand-made folders, and the warn-once rule
 * the sweep turns on (core/status.h sp_warn_set_once: each distinct text
 * printed once, every call counted).
 *
 * Env: SP_TMP (scratch folder).
 */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "schema.h"
#include "status.h"
#include "sweep_read.h"
#include "test.h"

static char g_tmp[2048];

static const char JSON[] =
    "{ \"schema_version\": 2, \"scenario\": \"data/x.ini\", \"name\": \"x\",\n"
    "  \"vary\": [ { \"key\": \"travel.minutes\", \"values\": [\"10\", \"15\"] },\n"
    "            { \"key\": \"travel.mode\", \"values\": [\"walk\", \"ebike\"] } ],\n"
    "  \"render\": { \"language\": \"zh\", \"dpi\": 90 }, \"runs\": [] }\n";

/* The header the writer writes for the two keys above. */
static char *header(void)
{
    const sp_schema_table *t = sp_schema_sweep();
    GString *g = g_string_new("travel.minutes,travel.mode");
    for (int i = 0; i < t->n_fields; i++)
        g_string_append_printf(g, ",%s", t->fields[i].name);
    return g_string_free(g, FALSE);
}

static const char *ROWS[] = {
    "10,walk,1,walk,10,117,1000,600,60.00,40,3,,,,,,",
    "10,ebike,2,ebike,10,117,1000,900,90.00,10,1,,,,,,",
    "15,walk,3,walk,15,117,1000,800,80.00,20,2,1,850,85.00,850,1,0",
    "15,ebike,4,ebike,15,117,1000,990,99.00,1,1,1,995,99.50,995,0,0.01",
};

/* A folder NAME with sweep.json and sweep.csv (header, then n rows). */
static char *folder(const char *name, const char *head, int n)
{
    char *dir = g_build_filename(g_tmp, name, NULL);
    sp_mkdir_p(dir);
    char *p = g_build_filename(dir, SP_FILE_SWEEP_JSON, NULL);
    g_file_set_contents(p, JSON, -1, NULL);
    g_free(p);
    GString *csv = g_string_new(head);
    g_string_append_c(csv, '\n');
    for (int i = 0; i < n; i++)
        g_string_append_printf(csv, "%s\n", ROWS[i]);
    p = g_build_filename(dir, SP_FILE_SWEEP, NULL);
    g_file_set_contents(p, csv->str, -1, NULL);
    g_free(p);
    g_string_free(csv, TRUE);
    return dir;
}

TEST(reads_a_folder)
{
    char *h = header();
    char *dir = folder("good", h, 4);
    sp_sweep_results *s = NULL;
    sp_error_clear();
    ASSERT_EQ_INT(sp_sweep_read(dir, &s), SP_OK);
    ASSERT_EQ_INT(s->n_keys, 2);
    ASSERT_STR_EQ(s->keys[0].key, "travel.minutes");
    ASSERT_EQ_INT(s->keys[0].numeric, 1);
    ASSERT_EQ_INT(s->keys[1].numeric, 0);
    ASSERT_EQ_INT(s->keys[1].n_values, 2);
    ASSERT_STR_EQ(s->language, "zh");
    ASSERT_EQ_INT(s->dpi, 90);
    ASSERT_STR_EQ(s->scenario, "data/x.ini");
    ASSERT_EQ_INT(s->n_rows, 4);
    /* row 2: minutes 10, ebike; row 4: minutes 15, ebike */
    ASSERT_EQ_INT(s->value[1 * 2 + 0], 0);
    ASSERT_EQ_INT(s->value[1 * 2 + 1], 1);
    ASSERT_EQ_INT(s->value[3 * 2 + 0], 1);
    ASSERT_STR_EQ(s->mode[1], "ebike");
    ASSERT_NEAR(s->num[1 * SP_C_SWEEP_COUNT + SP_C_SWEEP_WORKERS_COVERED], 900, 0);
    ASSERT(isnan(s->num[1 * SP_C_SWEEP_COUNT + SP_C_SWEEP_PERCENT_AFTER]));
    ASSERT(isnan(s->num[1 * SP_C_SWEEP_COUNT + SP_C_SWEEP_OPTIMAL]));
    ASSERT_NEAR(s->num[2 * SP_C_SWEEP_COUNT + SP_C_SWEEP_PERCENT_AFTER], 85, 0);
    ASSERT_NEAR(s->num[3 * SP_C_SWEEP_COUNT + SP_C_SWEEP_OPTIMAL], 0, 0);
    ASSERT_NEAR(s->num[3 * SP_C_SWEEP_COUNT + SP_C_SWEEP_GAP], 0.01, 0);
    sp_sweep_free(s);
    g_free(dir);
    g_free(h);
}

TEST(refuses_what_the_schema_does_not_say)
{
    char *h = header();
    sp_sweep_results *s = NULL;
    /* a renamed column */
    char *bad = g_strdup(h);
    char *at = strstr(bad, ",workers_covered,");
    ASSERT(at);
    memcpy(at + 1, "workers_kovered", 15);
    char *dir = folder("header", bad, 4);
    sp_error_clear();
    ASSERT_EQ_INT(sp_sweep_read(dir, &s), SP_E_INPUT);
    ASSERT(s == NULL);
    ASSERT_CONTAINS(sp_error_message(), "sweep.csv: header is");
    g_free(dir);
    g_free(bad);
    /* fewer rows than the grid */
    dir = folder("short", h, 3);
    sp_error_clear();
    ASSERT_EQ_INT(sp_sweep_read(dir, &s), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "3 rows, the grid of sweep.json has 4");
    g_free(dir);
    /* a value that is not one of the key's */
    dir = folder("value", h, 4);
    char *p = g_build_filename(dir, SP_FILE_SWEEP, NULL);
    gchar *text;
    g_file_get_contents(p, &text, NULL, NULL);
    char *w = strstr(text, "\n10,ebike");
    ASSERT(w);
    w[1] = '2';   /* "20,ebike" */
    g_file_set_contents(p, text, -1, NULL);
    g_free(text);
    g_free(p);
    sp_error_clear();
    ASSERT_EQ_INT(sp_sweep_read(dir, &s), SP_E_INPUT);
    ASSERT_CONTAINS(sp_error_message(), "travel.minutes = '20' is not one of");
    g_free(dir);
    /* no folder */
    sp_error_clear();
    ASSERT_EQ_INT(sp_sweep_read("/nonexistent/sweep", &s), SP_E_IO);
    g_free(h);
}

TEST(warn_once_prints_each_text_once)
{
    /* stderr into a file for the duration */
    FILE *f = tmpfile();
    ASSERT(f);
    fflush(stderr);
    int saved = dup(2);
    dup2(fileno(f), 2);
    long before = sp_warn_count();
    sp_warn_set_once(1);
    for (int i = 0; i < 5; i++)
        sp_warn("sweep test warning %d", i % 2);
    sp_warn_set_once(0);
    sp_warn("sweep test warning 0");   /* off again: printed */
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    ASSERT_EQ_INT(sp_warn_count() - before, 6);
    char buf[4096];
    rewind(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    int zero = 0, one = 0;
    for (char *p = buf; (p = strstr(p, "sweep test warning ")) != NULL; p++)
        p[19] == '0' ? zero++ : one++;
    ASSERT_EQ_INT(zero, 2);
    ASSERT_EQ_INT(one, 1);
}

int main(void)
{
    const char *tmp = getenv("SP_TMP");
    snprintf(g_tmp, sizeof g_tmp, "%s/test_sweep_read", tmp ? tmp : "tests/tmp/unit");
    sp_mkdir_p(g_tmp);
    RUN(reads_a_folder);
    RUN(refuses_what_the_schema_does_not_say);
    RUN(warn_once_prints_each_text_once);
    return test_summary("sweep_read");
}
