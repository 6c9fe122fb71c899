/* test_libmsg.c — libraries' messages through siteplan's output (libmsg.h):
 * GDAL warnings, g_log and structured (Pango-style) warnings become
 * "siteplan: warning: DOMAIN: text" lines; GDAL errors are held and printed
 * by sp_libmsg_flush only when siteplan's own error line does not already
 * hold them; debug messages print nothing; a reader's context names the
 * layer.  stderr is captured in a file. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_error.h>

#include "libmsg.h"
#include "status.h"
#include "test.h"

/* Run fn with stderr captured; returns what it wrote (g_free). */
static char *capture(void (*fn)(void))
{
    char path[] = "/tmp/sp_libmsg_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return g_strdup("");
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    fn();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(fd);
    char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        text = g_strdup("");
    unlink(path);
    return text;
}

/* Every line of text starts with "siteplan: ". */
static int all_siteplan(const char *text)
{
    char **lines = g_strsplit(text, "\n", -1);
    int ok = 1;
    for (int i = 0; lines[i]; i++)
        if (*lines[i] && strncmp(lines[i], "siteplan: ", 10))
            ok = 0;
    g_strfreev(lines);
    return ok;
}

static void raise_warnings(void)
{
    CPLError(CE_Warning, CPLE_AppDefined, "a GDAL warning\nsecond line");
    g_log("Pango", G_LOG_LEVEL_WARNING, "a Pango warning %d", 1);
    g_log_structured("Pango", G_LOG_LEVEL_WARNING, "MESSAGE", "a structured warning %d", 2);
    g_log("Pango", G_LOG_LEVEL_DEBUG, "a debug line");
    CPLDebug("GDAL", "a GDAL debug line");
}

TEST(warnings_become_siteplan_lines)
{
    char *text = capture(raise_warnings);
    ASSERT(all_siteplan(text));
    ASSERT_CONTAINS(text, "siteplan: warning: GDAL: a GDAL warning second line\n");
    ASSERT_CONTAINS(text, "siteplan: warning: Pango: a Pango warning 1\n");
    ASSERT_CONTAINS(text, "siteplan: warning: Pango: a structured warning 2\n");
    ASSERT(!strstr(text, "debug"));
    g_free(text);
}

static void raise_errors_then_report(void)
{
    CPLError(CE_Failure, CPLE_AppDefined, "cannot open x.shp.");
    CPLError(CE_Failure, CPLE_AppDefined, "something else broke");
    CPLError(CE_Failure, CPLE_AppDefined, "something else broke");
    fprintf(stderr, "siteplan: before the flush\n");
    /* siteplan's own line holds the first error (as sp_first_line gives it) */
    sp_libmsg_flush("x.shp: cannot read: cannot open x.shp");
    sp_libmsg_flush(NULL);  /* nothing left */
}

TEST(errors_held_and_not_said_twice)
{
    char *text = capture(raise_errors_then_report);
    ASSERT(all_siteplan(text));
    ASSERT_STR_EQ(text, "siteplan: before the flush\n"
                        "siteplan: warning: GDAL: something else broke\n");
    g_free(text);
}

static void raise_error_unreported(void)
{
    CPLError(CE_Failure, CPLE_AppDefined, "a failure no one reported");
    sp_libmsg_flush(NULL);
}

TEST(unreported_error_is_a_warning)
{
    char *text = capture(raise_error_unreported);
    ASSERT_STR_EQ(text, "siteplan: warning: GDAL: a failure no one reported\n");
    g_free(text);
}

static void raise_in_context(void)
{
    sp_libmsg_context("clusters: c.shp, layer c");
    CPLError(CE_Warning, CPLE_AppDefined, "odd value");
    CPLError(CE_Failure, CPLE_AppDefined, "cannot read feature 3");
    sp_libmsg_context(NULL);
    CPLError(CE_Warning, CPLE_AppDefined, "no context");
    sp_libmsg_flush("something else");
}

TEST(context_names_the_layer)
{
    char *text = capture(raise_in_context);
    ASSERT_STR_EQ(text, "siteplan: warning: clusters: c.shp, layer c: GDAL: odd value\n"
                        "siteplan: warning: GDAL: no context\n"
                        "siteplan: warning: clusters: c.shp, layer c: GDAL: cannot read "
                        "feature 3\n");
    g_free(text);
}

int main(void)
{
    sp_libmsg_install();
    RUN(warnings_become_siteplan_lines);
    RUN(errors_held_and_not_said_twice);
    RUN(unreported_error_is_a_warning);
    RUN(context_names_the_layer);
    return test_summary("libmsg");
}
