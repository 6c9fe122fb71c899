/* status.h — error codes and the one funnel every error goes through.
 *
 * Contract:
 *  - Every fallible function in analysis/ and render/ returns an sp_status;
 *    SP_OK (0) means success, results go out through pointers.
 *  - On failure the function calls sp_error() once with a message that names
 *    the file, layer, field or line concerned.  The FIRST message since the
 *    last sp_error_clear() is kept (the first error is the one that matters);
 *    later ones are ignored until cleared.
 *  - The message buffer is thread-local, so parallel searches do not clobber
 *    each other's messages.
 *  - sp_warn() reports a non-fatal condition (e.g. a blank worker count) to the
 *    warning sink (stderr by default, prefixed "siteplan: warning: "); any
 *    thread may warn (one line per call, never interleaved).
 */
#ifndef SP_STATUS_H
#define SP_STATUS_H

#include <stdarg.h>
#include <stddef.h>

typedef enum {
    SP_OK = 0,
    SP_E_INPUT,   /* bad input data or options: the user can fix it (exit 1) */
    SP_E_IO,      /* a file cannot be opened, read or written (exit 1) */
    SP_E_CRS,     /* missing or unusable coordinate reference system (exit 1) */
    SP_E_GEOM,    /* invalid or unusable geometry (exit 1) */
    SP_E_USAGE,   /* bad command line (exit 1) */
    SP_E_NOMEM,   /* out of memory (exit 2) */
    SP_E_INTERNAL,/* a library call failed unexpectedly or a bug (exit 2) */
    SP_E_RENDER,  /* drawing failed (exit 2) */
    SP_E_CANCEL   /* a progress callback asked to stop (exit 2) */
} sp_status;

/* A short constant description of a status code. */
const char *sp_status_str(sp_status st);

/* The process exit code for a status: 0, 1 (user can fix) or 2 (internal). */
int sp_status_exit_code(sp_status st);

/* Record an error message (printf-style) and return st, so callers can write
 * `return sp_error(SP_E_INPUT, "%s: layer %s: no field '%s'", ...);`. */
sp_status sp_error(sp_status st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The message of the first error since the last clear ("" when none). */
const char *sp_error_message(void);

/* Forget the recorded error. */
void sp_error_clear(void);

/* Non-fatal warning, printed to the warning sink unless warnings are muted. */
void sp_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Mute warnings (tests use this; -q silences progress, not warnings). */
void sp_warn_set_muted(int muted);

/* Print each distinct warning once (on: 1): a later sp_warn() with the same
 * text is counted but not printed (a sweep's runs read the same inputs
 * again).  Any thread. */
void sp_warn_set_once(int on);

/* Number of warnings issued since program start (for tests). */
long sp_warn_count(void);

/* The first line of a library message, without a trailing "Occurred
 * around :" note (GDAL's SQL parser adds lines pointing at the error).
 * Returns a thread-local copy. */
const char *sp_first_line(const char *msg);

/* Checked n*size allocation helpers: NULL on overflow or failure. */
void *sp_malloc_n(size_t n, size_t size);
void *sp_calloc_n(size_t n, size_t size);
void *sp_realloc_n(void *p, size_t n, size_t size);

#endif
