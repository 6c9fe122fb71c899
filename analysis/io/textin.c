/* textin.c — text from data files into UTF-8; see textin.h. */
#include "textin.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

static sp_status bad_text(const char *s, const char *end, const char *enc, const char *what,
                          const char *where, const char *field, const char *key)
{
    size_t off = (size_t)(end - s);
    char hint[160] = "";
    if (!enc && key)
        g_snprintf(hint, sizeof hint, "; name the file's encoding with %s (e.g. %s%slatin1)",
                   key, key, strncmp(key, "--", 2) ? " = " : " ");
    return sp_error(SP_E_INPUT, "%s%s%s%s%s: text is not valid %s (byte 0x%02X at offset %zu)%s",
                    what, field ? ", field " : "", field ? field : "", where ? ", " : "",
                    where ? where : "", enc ? enc : "UTF-8", (unsigned)(unsigned char)s[off],
                    off, hint);
}

sp_status sp_text_utf8(const char *s, const char *enc, const char *what, const char *where,
                       const char *field, const char *key, char **out)
{
    *out = NULL;
    if (!enc) {
        const char *end;
        if (!g_utf8_validate(s, -1, &end))
            return bad_text(s, end, NULL, what, where, field, key);
        *out = strdup(s);
    } else {
        gsize nread = 0;
        GError *err = NULL;
        char *u = g_convert(s, -1, "UTF-8", enc, &nread, NULL, &err);
        g_clear_error(&err);
        if (!u || nread != strlen(s)) { /* a partial character at the end is no error to iconv */
            g_free(u);
            return bad_text(s, s + nread, enc, what, where, field, key);
        }
        *out = strdup(u);
        g_free(u);
    }
    return *out ? SP_OK : sp_error(SP_E_NOMEM, "out of memory");
}

sp_status sp_text_encoding_check(const char *enc, const char *key)
{
    GIConv cd = g_iconv_open("UTF-8", enc);
    if (cd == (GIConv)-1)
        return sp_error(SP_E_INPUT, "%s = %s: not an encoding this system knows "
                        "(e.g. latin1, cp1252, gbk, utf-8)", key, enc);
    g_iconv_close(cd);
    return SP_OK;
}
