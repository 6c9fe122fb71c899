/* status.c — see status.h. */
#include "status.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local char err_msg[2048];
static _Thread_local int err_set;
/* Shared by every thread: atomic, and each warning is one fprintf call so
 * lines from parallel scenarios do not interleave. */
static atomic_int warn_muted;
static atomic_long warn_count;
static atomic_int warn_once;
/* With warn_once: the FNV-1a hashes of the lines printed (an open-addressing
 * set; 0 marks a free slot), under warn_lock. */
static pthread_mutex_t warn_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t *warn_seen;
static size_t warn_seen_cap, warn_seen_n;

/* 1 when the line was printed before; else records it (on no memory it
 * answers 0: the line is printed). */
static int warn_seen_before(const char *line)
{
    uint64_t h = 1469598103934665603ull;
    for (const unsigned char *p = (const unsigned char *)line; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    h = h ? h : 1;
    int seen = 0;
    pthread_mutex_lock(&warn_lock);
    if (2 * (warn_seen_n + 1) > warn_seen_cap) {
        size_t cap = warn_seen_cap ? 2 * warn_seen_cap : 256;
        uint64_t *t = calloc(cap, sizeof *t);
        if (!t) {
            pthread_mutex_unlock(&warn_lock);
            return 0;
        }
        for (size_t i = 0; i < warn_seen_cap; i++)
            if (warn_seen[i]) {
                size_t j = warn_seen[i] & (cap - 1);
                while (t[j])
                    j = (j + 1) & (cap - 1);
                t[j] = warn_seen[i];
            }
        free(warn_seen);
        warn_seen = t;
        warn_seen_cap = cap;
    }
    size_t j = h & (warn_seen_cap - 1);
    while (warn_seen[j] && warn_seen[j] != h)
        j = (j + 1) & (warn_seen_cap - 1);
    if (warn_seen[j])
        seen = 1;
    else {
        warn_seen[j] = h;
        warn_seen_n++;
    }
    pthread_mutex_unlock(&warn_lock);
    return seen;
}

const char *sp_status_str(sp_status st)
{
    switch (st) {
    case SP_OK: return "success";
    case SP_E_INPUT: return "bad input";
    case SP_E_IO: return "input/output error";
    case SP_E_CRS: return "coordinate reference system error";
    case SP_E_GEOM: return "geometry error";
    case SP_E_USAGE: return "usage error";
    case SP_E_NOMEM: return "out of memory";
    case SP_E_INTERNAL: return "internal error";
    case SP_E_RENDER: return "rendering error";
    case SP_E_CANCEL: return "cancelled";
    }
    return "unknown status";
}

int sp_status_exit_code(sp_status st)
{
    switch (st) {
    case SP_OK: return 0;
    case SP_E_INPUT:
    case SP_E_IO:
    case SP_E_CRS:
    case SP_E_GEOM:
    case SP_E_USAGE: return 1;
    default: return 2;
    }
}

sp_status sp_error(sp_status st, const char *fmt, ...)
{
    if (!err_set) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err_msg, sizeof err_msg, fmt, ap);
        va_end(ap);
        err_set = 1;
    }
    return st;
}

const char *sp_error_message(void) { return err_set ? err_msg : ""; }

void sp_error_clear(void)
{
    err_set = 0;
    err_msg[0] = '\0';
}

void sp_warn(const char *fmt, ...)
{
    atomic_fetch_add(&warn_count, 1);
    if (atomic_load(&warn_muted))
        return;
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (atomic_load(&warn_once) && warn_seen_before(line))
        return;
    fprintf(stderr, "siteplan: warning: %s\n", line);
}

void sp_warn_set_muted(int muted) { atomic_store(&warn_muted, muted); }
void sp_warn_set_once(int on) { atomic_store(&warn_once, on); }
long sp_warn_count(void) { return atomic_load(&warn_count); }

void *sp_malloc_n(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return malloc(n && size ? n * size : 1);
}

void *sp_calloc_n(size_t n, size_t size)
{
    return calloc(n ? n : 1, size ? size : 1);
}

void *sp_realloc_n(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return realloc(p, n && size ? n * size : 1);
}

const char *sp_first_line(const char *msg)
{
    static _Thread_local char buf[512];
    snprintf(buf, sizeof buf, "%s", msg ? msg : "");
    char *nl = strchr(buf, '\n');
    if (nl)
        *nl = '\0';
    char *occ = strstr(buf, " Occurred around");
    if (occ)
        *occ = '\0';
    size_t n = strlen(buf);
    while (n && (buf[n - 1] == ' ' || buf[n - 1] == '.' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return buf;
}
