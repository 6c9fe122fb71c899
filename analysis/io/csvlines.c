/* csvlines.c — physical line numbers of CSV records; see csvlines.h. */
#include "csvlines.h"

#include <cpl_conv.h>
#include <cpl_csv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <stdlib.h>
#include <string.h>

struct sp_csv_lines {
    long *line; /* line[k]: the line of record k (0 = the header) */
    size_t n;
};

/* Line breaks inside a record: GDAL joins the lines of a quoted field with
 * "\n" (whatever the file's line ends were). */
static long breaks_in(char **tok)
{
    long n = 0;
    for (; tok && *tok; tok++)
        for (const char *c = *tok; *c; c++)
            n += *c == '\n';
    return n;
}

sp_status sp_csv_lines_scan(const char *path, sp_csv_lines **out)
{
    *out = NULL;
    VSILFILE *fp = VSIFOpenL(path, "rb");
    if (!fp)
        return sp_error(SP_E_IO, "%s: cannot open", path);
    /* The delimiter, as the CSV driver picks it from the first line. */
    char delim[2] = {',', 0};
    const char *first = CPLReadLineL(fp);
    if (first)
        delim[0] = CSVDetectSeperator(first);
    const char *ext = CPLGetExtension(path);
    if (EQUAL(ext, "tsv"))
        delim[0] = '\t';
    else if (EQUAL(ext, "psv"))
        delim[0] = '|';
    VSIRewindL(fp);
    sp_csv_lines *l = calloc(1, sizeof *l);
    size_t cap = 0;
    long line = 1;
    char **tok;
    while (l && (tok = CSVReadParseLine3L(fp, 10000000, delim, true, false, false, true))) {
        long start = line;
        line += 1 + breaks_in(tok);
        int blank = tok[0] == NULL;
        CSLDestroy(tok);
        if (blank)
            continue; /* the driver skips blank lines: no record */
        if (l->n == cap) {
            size_t nc = cap ? 2 * cap : 1024;
            long *nl = sp_realloc_n(l->line, nc, sizeof *nl);
            if (!nl)
                break; /* degrade to fid + 1 past here */
            l->line = nl;
            cap = nc;
        }
        l->line[l->n++] = start;
    }
    VSIFCloseL(fp);
    if (!l)
        return sp_error(SP_E_NOMEM, "%s: out of memory", path);
    *out = l;
    return SP_OK;
}

long sp_csv_lines_line(const sp_csv_lines *l, long long fid)
{
    if (l && fid >= 0 && (size_t)fid < l->n)
        return l->line[fid];
    return (long)fid + 1;
}

void sp_csv_lines_free(sp_csv_lines *l)
{
    if (!l)
        return;
    free(l->line);
    free(l);
}
