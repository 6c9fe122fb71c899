/* libmsg.c — see libmsg.h. */
#include "libmsg.h"

#include <glib.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "status.h"

/* Held GDAL errors, as GDAL wrote them: at most MAX_HELD distinct texts,
 * plus a count of the others. */
#define MAX_HELD 8
static pthread_mutex_t held_lock = PTHREAD_MUTEX_INITIALIZER;
static char *held[MAX_HELD];      /* GDAL's text */
static char *held_ctx[MAX_HELD];  /* the context it came in, or NULL */
static int n_held, n_more;
static _Thread_local const char *context;

void sp_libmsg_context(const char *what) { context = what; }

/* msg on one line, without trailing blanks and dots (g_free). */
static char *one_line(const char *msg)
{
    char *s = g_strdup(msg ? msg : "");
    for (char *p = s; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    g_strchomp(s);
    size_t n = strlen(s);
    while (n && s[n - 1] == '.')
        s[--n] = '\0';
    return s;
}

void CPL_STDCALL sp_libmsg_gdal(CPLErr cls, CPLErrorNum num, const char *msg)
{
    (void)num;
    if (cls == CE_None || cls == CE_Debug)
        return;
    char *line = one_line(msg);
    if (cls == CE_Warning) {
        sp_warn("%s%sGDAL: %s", context ? context : "", context ? ": " : "", line);
        g_free(line);
        return;
    }
    if (cls == CE_Fatal) {  /* GDAL aborts right after */
        fprintf(stderr, "siteplan: internal error: GDAL: %s\n", line);
        g_free(line);
        return;
    }
    g_free(line);
    pthread_mutex_lock(&held_lock);
    int dup = 0;
    for (int i = 0; i < n_held && !dup; i++)
        dup = !strcmp(held[i], msg ? msg : "");
    if (!dup && n_held < MAX_HELD) {
        held_ctx[n_held] = g_strdup(context);
        held[n_held++] = g_strdup(msg ? msg : "");
    } else if (!dup)
        n_more++;
    pthread_mutex_unlock(&held_lock);
}

/* g_log's messages (Pango, GLib, GIO, ...). */
static void on_glib_log(const char *domain, GLogLevelFlags level, const char *msg, void *ud)
{
    (void)ud;
    char *line = one_line(msg);
    if (level & G_LOG_LEVEL_ERROR)  /* GLib aborts right after */
        fprintf(stderr, "siteplan: internal error: %s: %s\n", domain ? domain : "GLib", line);
    else if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE))
        sp_warn("%s: %s", domain ? domain : "GLib", line);
    g_free(line);
}

/* Structured logging (Pango is built with it): the same, field by field.
 * Debug and info go on to GLib's writer (it prints them only when
 * G_MESSAGES_DEBUG asks). */
static GLogWriterOutput on_glib_structured(GLogLevelFlags level, const GLogField *fields,
                                           gsize n_fields, void *ud)
{
    if (!(level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING |
                   G_LOG_LEVEL_MESSAGE)))
        return g_log_writer_default(level, fields, n_fields, ud);
    const char *domain = NULL, *msg = NULL;
    for (gsize i = 0; i < n_fields; i++) {
        if (!strcmp(fields[i].key, "GLIB_DOMAIN") && fields[i].length < 0)
            domain = fields[i].value;
        else if (!strcmp(fields[i].key, "MESSAGE") && fields[i].length < 0)
            msg = fields[i].value;
    }
    on_glib_log(domain, level, msg, NULL);
    return G_LOG_WRITER_HANDLED;
}

void sp_libmsg_install(void)
{
    CPLSetErrorHandler(sp_libmsg_gdal);
    g_log_set_default_handler(on_glib_log, NULL);
    g_log_set_writer_func(on_glib_structured, NULL, NULL);
}

void sp_libmsg_flush(const char *reported)
{
    pthread_mutex_lock(&held_lock);
    for (int i = 0; i < n_held; i++) {
        /* Said already when siteplan's line holds its first line. */
        const char *key = sp_first_line(held[i]);
        if (!reported || !*key || !strstr(reported, key)) {
            char *line = one_line(held[i]);
            sp_warn("%s%sGDAL: %s", held_ctx[i] ? held_ctx[i] : "", held_ctx[i] ? ": " : "",
                    line);
            g_free(line);
        }
        g_free(held[i]);
        g_free(held_ctx[i]);
        held[i] = held_ctx[i] = NULL;
    }
    if (n_more)
        sp_warn("GDAL: %d more errors", n_more);
    n_held = n_more = 0;
    pthread_mutex_unlock(&held_lock);
}
