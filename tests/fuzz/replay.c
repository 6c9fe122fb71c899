/* replay.c — the `make test` driver of a fuzz harness (see fuzz.h): every
 * corpus file and every file of its crashes/ subfolder as it is, then
 * MUTATIONS deterministic mutations of each. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#define MUTATIONS 40
#define SMALL 65536 /* bytes: files up to this size get every mutation */

/* Weak: only some harnesses define it (fuzz.h). */
#pragma weak sp_fuzz_check

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t next(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void mutate(uint8_t *buf, size_t *n, size_t cap)
{
    switch (next() % 5) {
    case 0: /* flip bits */
        for (int k = 0; k < 4 && *n; k++)
            buf[next() % *n] ^= (uint8_t)(1u << (next() % 8));
        break;
    case 1: /* truncate */
        if (*n)
            *n = next() % *n;
        break;
    case 2: /* duplicate a span */
        if (*n) {
            size_t a = next() % *n, len = next() % (*n - a + 1);
            if (*n + len <= cap) {
                memmove(buf + a + len, buf + a, *n - a);
                *n += len;
            }
        }
        break;
    case 3: { /* interesting bytes */
        static const char *tok[] = {",", "\"", "\n", "-1", "nan", "1e308", "=", "[", "<", ">",
                                    "\xe4\xb8\xad", "\0", "0x10", "inf"};
        if (*n) {
            const char *t = tok[next() % (sizeof tok / sizeof *tok)];
            size_t tl = strlen(t) ? strlen(t) : 1, a = next() % *n;
            if (a + tl <= *n)
                memcpy(buf + a, t, tl);
        }
        break;
    }
    default: /* delete a span */
        if (*n) {
            size_t a = next() % *n, len = next() % (*n - a + 1);
            memmove(buf + a, buf + a + len, *n - a - len);
            *n -= len;
        }
    }
}

/* Every regular file of dir, in name order: as it is, then its mutations
 * (fewer for large files, so a seed past GDAL's 1 MB type-sniffing window
 * costs about as much as a 64 KiB one). */
static void replay_dir(const char *dir, uint8_t *buf, long *runs, long *files)
{
    struct dirent **list = NULL;
    int nf = scandir(dir, &list, NULL, alphasort);
    for (int i = 0; i < nf; i++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, list[i]->d_name);
        int skip = list[i]->d_name[0] == '.';
        free(list[i]);
        struct stat st;
        if (skip || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        size_t n = fread(buf, 1, SP_FUZZ_MAX_BYTES / 2, f);
        fclose(f);
        (*files)++;
        uint8_t *seed = malloc(n ? n : 1);
        memcpy(seed, buf, n);
        LLVMFuzzerTestOneInput(buf, n);
        (*runs)++;
        int mutations = n <= SMALL ? MUTATIONS : (int)(MUTATIONS * SMALL / n);
        if (mutations < 2)
            mutations = 2;
        for (int m = 0; m < mutations; m++) {
            size_t len = n;
            memcpy(buf, seed, n);
            for (int k = 0; k <= m % 3; k++)
                mutate(buf, &len, SP_FUZZ_MAX_BYTES);
            LLVMFuzzerTestOneInput(buf, len);
            (*runs)++;
        }
        free(seed);
    }
    free(list);
}

int main(void)
{
    const char *root = getenv("SP_ROOT") ? getenv("SP_ROOT") : ".";
    char dir[4096], crashes[4200];
    snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", root, sp_fuzz_corpus);
    snprintf(crashes, sizeof crashes, "%s/crashes", dir);
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "fuzz_%s: no corpus at %s\n", sp_fuzz_corpus, dir);
        printf("fuzz_%s: 0 passed, 1 failed\n", sp_fuzz_corpus);
        return 1;
    }
    closedir(d);
    if (sp_fuzz_check && sp_fuzz_check() != 0) {
        printf("fuzz_%s: 0 passed, 1 failed\n", sp_fuzz_corpus);
        return 1;
    }
    long runs = 0, files = 0, crash_files = 0;
    uint8_t *buf = malloc(SP_FUZZ_MAX_BYTES);
    replay_dir(dir, buf, &runs, &files);
    /* Every input that ever crashed a harness stays, and is replayed. */
    replay_dir(crashes, buf, &runs, &crash_files);
    free(buf);
    /* Reaching here means no input crashed, aborted or tripped a sanitizer. */
    printf("fuzz_%s: %ld inputs from %ld corpus files and %ld past crashes\n", sp_fuzz_corpus,
           runs, files, crash_files);
    printf("fuzz_%s: %d passed, %d failed\n", sp_fuzz_corpus, files > 0, files == 0);
    return files > 0 ? 0 : 1;
}
