/* sha256.c — SHA-256 through libcrypto's EVP interface; see sha256.h. */
#include "sha256.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sp_sha256 {
    EVP_MD_CTX *md;
};

sp_sha256 *sp_sha256_new(void)
{
    sp_sha256 *c = malloc(sizeof *c);
    if (!c)
        return NULL;
    c->md = EVP_MD_CTX_new();
    if (!c->md || EVP_DigestInit_ex(c->md, EVP_sha256(), NULL) != 1) {
        sp_sha256_free(c);
        return NULL;
    }
    return c;
}

void sp_sha256_update(sp_sha256 *c, const void *data, size_t n)
{
    if (c && n)
        EVP_DigestUpdate(c->md, data, n);
}

int sp_sha256_end(sp_sha256 *c, uint8_t out[32])
{
    unsigned int len = 32;
    int ok = c && EVP_DigestFinal_ex(c->md, out, &len) == 1 && len == 32;
    if (!ok)
        memset(out, 0, 32);
    sp_sha256_free(c);
    return ok;
}

void sp_sha256_free(sp_sha256 *c)
{
    if (!c)
        return;
    EVP_MD_CTX_free(c->md);
    free(c);
}

void sp_sha256_hex(const uint8_t d[32], char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = '\0';
}

int sp_sha256_file(const char *path, uint8_t out[32], uint64_t *bytes)
{
    *bytes = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    sp_sha256 *c = sp_sha256_new();
    enum { CHUNK = 1 << 20 };
    unsigned char *buf = malloc(CHUNK);
    size_t n;
    while (c && buf && (n = fread(buf, 1, CHUNK, f)) > 0) {
        sp_sha256_update(c, buf, n);
        *bytes += n;
    }
    int err = !c || !buf ? ENOMEM : ferror(f) ? EIO : 0;
    fclose(f);
    free(buf);
    if (err) {
        sp_sha256_free(c);
        errno = err;
        return 0;
    }
    if (!sp_sha256_end(c, out)) {
        errno = ENOMEM;
        return 0;
    }
    return 1;
}
