/* test_sha256.c — SHA-256 through libcrypto (analysis/core/sha256.h):
 * FIPS 180-2's example digests (empty, "abc", the two-block message, a
 * million 'a's fed in uneven pieces), the same from a file, GLib's
 * GChecksum (what the fileset record and network cache used before) on
 * random data, a missing file, and a NULL context.
 * Env: SP_TMP (scratch folder). */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "sha256.h"
#include "test.h"

static void digest_hex(const void *p, size_t n, size_t piece, char hex[65])
{
    sp_sha256 *c = sp_sha256_new();
    ASSERT(c != NULL);
    for (size_t at = 0; at < n; at += piece)
        sp_sha256_update(c, (const char *)p + at, n - at < piece ? n - at : piece);
    uint8_t d[32];
    ASSERT_EQ_INT(sp_sha256_end(c, d), 1);
    sp_sha256_hex(d, hex);
}

TEST(fips_examples)
{
    char hex[65];
    digest_hex("", 0, 1, hex);
    ASSERT_STR_EQ(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    digest_hex("abc", 3, 3, hex);
    ASSERT_STR_EQ(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    digest_hex(two, strlen(two), 7, hex);
    ASSERT_STR_EQ(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    char *a = malloc(1000000);
    ASSERT(a != NULL);
    if (!a)
        return;
    memset(a, 'a', 1000000);
    digest_hex(a, 1000000, 4093, hex);
    ASSERT_STR_EQ(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

TEST(files_and_glib_agree)
{
    const char *t = getenv("SP_TMP");
    char dir[2048], path[2100];
    snprintf(dir, sizeof dir, "%s/test_sha256", t ? t : "tests/tmp/unit");
    ASSERT_EQ_INT(sp_mkdir_p(dir), SP_OK);
    snprintf(path, sizeof path, "%s/data.bin", dir);
    GRand *r = g_rand_new_with_seed(14);
    /* sizes around the file reader's 1 MiB chunk and the 64-byte block */
    const size_t sizes[] = {0, 1, 55, 56, 63, 64, 65, 1000, (1u << 20) - 1, 1u << 20, (1u << 20) + 1, 3000001};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        size_t n = sizes[k];
        guchar *b = g_malloc(n + 1);
        for (size_t i = 0; i < n; i++)
            b[i] = (guchar)g_rand_int_range(r, 0, 256);
        ASSERT(g_file_set_contents(path, (const char *)b, (gssize)n, NULL));
        char want[65], hex[65];
        gchar *g = g_compute_checksum_for_data(G_CHECKSUM_SHA256, b, n);
        snprintf(want, sizeof want, "%s", g);
        g_free(g);
        uint8_t d[32];
        uint64_t bytes = 7;
        ASSERT_EQ_INT(sp_sha256_file(path, d, &bytes), 1);
        sp_sha256_hex(d, hex);
        ASSERT_STR_EQ(hex, want);
        ASSERT(bytes == n);
        digest_hex(b, n, n > 3 ? n / 3 : 1, hex);
        ASSERT_STR_EQ(hex, want);
        g_free(b);
    }
    g_rand_free(r);
    remove(path);
    errno = 0;
    uint8_t d[32];
    uint64_t bytes;
    ASSERT_EQ_INT(sp_sha256_file(path, d, &bytes), 0);
    ASSERT_EQ_INT(errno, ENOENT);
}

TEST(null_context_fails_at_the_end)
{
    uint8_t d[32];
    memset(d, 0xab, sizeof d);
    sp_sha256_update(NULL, "x", 1);
    ASSERT_EQ_INT(sp_sha256_end(NULL, d), 0);
    for (int i = 0; i < 32; i++)
        ASSERT_EQ_INT(d[i], 0);
    sp_sha256_free(NULL);
}

int main(void)
{
    RUN(fips_examples);
    RUN(files_and_glib_agree);
    RUN(null_context_fails_at_the_end);
    return test_summary("sha256");
}
