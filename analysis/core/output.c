/* output.c — atomic writes; see output.h. */
#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

sp_status sp_mkdir_p(const char *dir)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf)
        return sp_error(SP_E_IO, "%s: path too long", dir);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return sp_error(SP_E_IO, "%s: cannot create folder: %s", buf, strerror(errno));
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        return sp_error(SP_E_IO, "%s: cannot create folder: %s", buf, strerror(errno));
    struct stat sb;
    if (stat(buf, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return sp_error(SP_E_IO, "%s: not a folder", buf);
    return SP_OK;
}

void sp_atomic_begin(const char *path, char *tmp, size_t tmp_len)
{
    /* ".NAME.tmp-PID.EXT": hidden, unique per process, and with the same
     * extension, since drivers such as GPKG check it. */
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    int dirlen = slash ? (int)(slash - path) + 1 : 0;
    int stemlen = dot ? (int)(dot - base) : (int)strlen(base);
    snprintf(tmp, tmp_len, "%.*s.%.*s.tmp-%ld%s", dirlen, path, stemlen, base, (long)getpid(),
             dot ? dot : "");
}

sp_status sp_atomic_commit(const char *tmp, const char *path)
{
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return sp_error(SP_E_IO, "%s: cannot write (rename from %s failed: %s)", path, tmp,
                        strerror(e));
    }
    return SP_OK;
}

sp_status sp_atomic_close_file(FILE *f, const char *tmp, const char *path)
{
    int bad = ferror(f) || fflush(f) != 0 || fsync(fileno(f)) != 0;
    int e = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        unlink(tmp);
        return sp_error(SP_E_IO, "%s: write failed: %s", path, strerror(e));
    }
    return sp_atomic_commit(tmp, path);
}

sp_status sp_atomic_open(const char *dir, const char *name, char *path, size_t path_len,
                         char *tmp, size_t tmp_len, FILE **f)
{
    snprintf(path, path_len, "%s/%s", dir, name);
    sp_atomic_begin(path, tmp, tmp_len);
    *f = fopen(tmp, "w");
    if (!*f)
        return sp_error(SP_E_IO, "%s: cannot create: %s", tmp, strerror(errno));
    return SP_OK;
}

void sp_csv_field(FILE *f, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}
