/* osmnodes.c — lat/lon of OSM XML nodes; see osmnodes.h. */
#include "osmnodes.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "number.h"

typedef struct {
    FILE *f;
    long line;
} rd;

static int next(rd *r)
{
    int c = getc(r->f);
    if (c == '\n')
        r->line++;
    return c;
}

static int is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Skip a comment; "<!" has been read.  Other declarations end at '>'. */
static void skip_decl(rd *r)
{
    int c = next(r), d;
    if (c == '-' && (d = next(r)) == '-') {
        int a = 0, b = 0;
        while ((c = next(r)) != EOF && !(a == '-' && b == '-' && c == '>'))
            a = b, b = c;
        return;
    }
    while (c != EOF && c != '>')
        c = next(r);
}

/* The attributes of an element up to its '>': copies id, lat and lon
 * (truncated to the buffers; `have` bits 1, 2, 4).  -1 when the element is
 * not well formed (a '<' among its attributes, the end of the file): that
 * is GDAL's to report, as a read error. */
static int node_attrs(rd *r, char *id, char *lat, char *lon, size_t len)
{
    int have = 0, c = next(r);
    for (;;) {
        while (is_space(c) || c == '/')
            c = next(r);
        if (c == '>')
            return have;
        if (c == EOF || c == '<')
            return -1;
        char name[16];
        size_t n = 0;
        while (c != EOF && c != '=' && c != '>' && c != '<' && !is_space(c)) {
            if (n + 1 < sizeof name)
                name[n++] = (char)c;
            c = next(r);
        }
        name[n] = 0;
        while (is_space(c))
            c = next(r);
        if (c != '=')
            continue;
        c = next(r);
        while (is_space(c))
            c = next(r);
        if (c != '"' && c != '\'')
            continue;
        int q = c;
        char *dst = !strcmp(name, "id") ? id : !strcmp(name, "lat") ? lat
                    : !strcmp(name, "lon") ? lon : NULL;
        have |= dst == id ? 1 : dst == lat ? 2 : dst == lon ? 4 : 0;
        size_t k = 0;
        while ((c = next(r)) != EOF && c != q)
            if (dst && k + 1 < len)
                dst[k++] = (char)c;
        if (dst)
            dst[k] = 0;
        c = next(r);
    }
}

static int coord_ok(const char *s, double lim)
{
    double v;
    return sp_number_parse(s, SP_NUM_SIGN, &v) == SP_NUM_OK && isfinite(v) && fabs(v) <= lim;
}

sp_status sp_osm_nodes_check(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sp_error(SP_E_IO, "%s: cannot open road network: no such file or not readable",
                        path);
    rd r = {f, 1};
    int c = next(&r);
    while (is_space(c) || c == 0xEF || c == 0xBB || c == 0xBF) /* blanks, a UTF-8 BOM */
        c = next(&r);
    sp_status st = SP_OK;
    if (c != '<') { /* not XML: a .pbf */
        fclose(f);
        return SP_OK;
    }
    while (c != EOF && st == SP_OK) {
        if (c != '<') {
            c = next(&r);
            continue;
        }
        long line = r.line;
        c = next(&r);
        if (c == '!') {
            skip_decl(&r);
            c = next(&r);
            continue;
        }
        char tag[8];
        size_t n = 0;
        while (c != EOF && !is_space(c) && c != '>' && c != '/' && n + 1 < sizeof tag) {
            tag[n++] = (char)c;
            c = next(&r);
        }
        tag[n] = 0;
        if (strcmp(tag, "node") || !(is_space(c) || c == '>' || c == '/'))
            continue;
        char id[32] = "?", lat[64] = "", lon[64] = "";
        ungetc(c, f); /* the attribute reader starts at the separator */
        if (c == '\n')
            r.line--;
        int have = node_attrs(&r, id, lat, lon, sizeof lat);
        if (have < 0)
            break; /* not well formed: GDAL reports it */
        if (!(have & 4) || !coord_ok(lon, 180))
            st = sp_error(SP_E_INPUT, "%s, line %ld: node %s: lon=\"%s\" is not a longitude "
                          "(a number from -180 to 180)", path, line, id,
                          (have & 4) ? lon : "(missing)");
        else if (!(have & 2) || !coord_ok(lat, 90))
            st = sp_error(SP_E_INPUT, "%s, line %ld: node %s: lat=\"%s\" is not a latitude "
                          "(a number from -90 to 90)", path, line, id,
                          (have & 2) ? lat : "(missing)");
        c = next(&r);
    }
    if (st == SP_OK && ferror(f))
        st = sp_error(SP_E_IO, "%s: read error", path);
    fclose(f);
    return st;
}
