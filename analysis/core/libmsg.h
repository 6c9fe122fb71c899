/* libmsg.h — the libraries' own messages (GDAL's CPLError, GLib's g_log:
 * Pango, GLib, GIO) routed through siteplan's output, so every stderr line
 * keeps siteplan's format.
 *
 * Contract:
 *  - sp_libmsg_install() is called once by main, before any library call.
 *    It sets GDAL's global error handler and GLib's default log handler.
 *  - GDAL warnings and GLib/Pango warnings, criticals and messages become
 *    sp_warn() lines: "siteplan: warning: GDAL: ..." or "siteplan: warning:
 *    Pango: ..." (one line: newlines in the text become spaces).  Debug and
 *    info messages are dropped.  While a reader has named what it reads
 *    (sp_libmsg_context), GDAL's lines start with it: "siteplan: warning:
 *    clusters: c.shp, layer c: GDAL: ...".
 *  - GDAL errors (CE_Failure) are held, not printed: siteplan usually
 *    reports the failure itself with CPLGetLastErrorMsg() in its own error
 *    line.  sp_libmsg_flush(reported) prints, as warnings, the held errors
 *    whose text is not part of `reported` (siteplan's error line, or NULL)
 *    and forgets them all; every command calls it just before printing its
 *    error line, and main calls it with NULL before exiting.
 *  - Code that collects a GDAL message itself still pushes
 *    CPLQuietErrorHandler around the call (nothing is held then).
 *  - Any thread may raise messages; flush is called by the main thread.
 *  - Not routed: Fontconfig (under Pango) has no message callback and
 *    writes "Fontconfig error: ..." lines to stderr itself (README.md,
 *    "Command line").
 */
#ifndef SP_LIBMSG_H
#define SP_LIBMSG_H

#include <cpl_error.h>

void sp_libmsg_install(void);

/* GDAL's handler itself, for code that pushes its own handler and passes
 * the messages it does not keep on (as roads.c does with warnings). */
void CPL_STDCALL sp_libmsg_gdal(CPLErr cls, CPLErrorNum num, const char *msg);

void sp_libmsg_flush(const char *reported);

/* Name what this thread is reading ("clusters: c.shp, layer c") for the GDAL
 * messages raised meanwhile; NULL ends it.  The string is borrowed: it must
 * live until the context is ended. */
void sp_libmsg_context(const char *what);

#endif
