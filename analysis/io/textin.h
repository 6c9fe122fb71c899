/* textin.h — the one path for text read from a data file into siteplan:
 * every id, name and class string becomes valid UTF-8 here, or the input
 * is rejected up front (README "Text encodings").
 *
 * Contract:
 *   - enc NULL: the text must already be valid UTF-8 (g_utf8_validate);
 *     otherwise an SP_E_INPUT error naming `what` (file and layer), `where`
 *     (line or feature), the field and the byte offset, and the key that
 *     names an encoding (`key`, e.g. "clusters.encoding"; NULL = none).
 *   - enc given (any name iconv knows: latin1, cp1252, gbk, ...): the text
 *     is converted from it (g_convert); text that is not valid in enc is
 *     the same error.
 *   - *out is newly allocated (free()), also for enc NULL.
 *   - sp_text_encoding_check: SP_E_INPUT when iconv does not know enc.
 * No shared state; any thread.
 */
#ifndef SP_TEXTIN_H
#define SP_TEXTIN_H

#include "status.h"

sp_status sp_text_utf8(const char *s, const char *enc, const char *what, const char *where,
                       const char *field, const char *key, char **out);

/* Is `enc` an encoding this system converts from?  `key` names it in the
 * message. */
sp_status sp_text_encoding_check(const char *enc, const char *key);

#endif
