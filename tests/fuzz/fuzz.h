/* fuzz.h — the contract between a fuzz harness and its drivers.
 *
 * Each tests/fuzz/fuzz_NAME.c defines LLVMFuzzerTestOneInput() (one input
 * through one parser; it must never crash, leak or hang, whatever the bytes)
 * and sp_fuzz_corpus (the corpus folder under tests/fuzz/corpus/).
 *
 * Drivers:
 *   - libFuzzer: `make fuzz` builds build/fuzz/fuzz_NAME with clang
 *     -fsanitize=fuzzer; run it on tests/fuzz/corpus/NAME.
 *   - replay (tests/fuzz/replay.c): part of `make test`; runs every corpus
 *     file and a fixed set of deterministic mutations of it (bit flips,
 *     truncations, duplicated spans), so the parsers meet garbage in every
 *     test run, under ASan and UBSan too; then every file of the corpus's
 *     crashes/ subfolder (inputs that once crashed a harness: they stay).
 *
 * Inputs are capped (SP_FUZZ_MAX_BYTES) so no input can ask for unbounded
 * work.
 */
#ifndef SP_FUZZ_H
#define SP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* 2 MiB: above GDAL's CSV type-sniffing window (AUTODETECT_SIZE_LIMIT,
 * 1,000,000 bytes by default), so a value of another type after the window
 * is reachable; replay reads seeds up to half of it. */
#define SP_FUZZ_MAX_BYTES (2 * 1024 * 1024)

extern const char *sp_fuzz_corpus;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write data to a new temporary file whose name ends in `suffix`; returns a
 * malloc'd path (unlink and free it), or NULL. */
char *sp_fuzz_tempfile(const uint8_t *data, size_t size, const char *suffix);

/* Two-file harnesses: the input is FIRST's bytes, a line "%%", SECOND's
 * bytes (no such line: SECOND is empty); both written into a new temporary
 * folder, returned (remove it with sp_fuzz_rmdir, which also frees the
 * path), or NULL. */
char *sp_fuzz_tempdir2(const uint8_t *data, size_t size, const char *first, const char *second);
void sp_fuzz_rmdir(char *dir);

/* Result-folder harnesses: write data as FILE ("summary.json", ...) into a
 * private copy of tests/fuzz/results_base (under $SP_ROOT, default ".") and
 * read the folder with sp_results_read(); 1 if it read.  A refusal must be
 * one non-empty error line (else abort(): a finding).  The copy is removed
 * at exit. */
int sp_fuzz_results(const uint8_t *data, size_t size, const char *file);
/* 0 when the untouched base folder reads (else a message on stderr, 1): a
 * harness whose every input is refused for a stale base tests nothing. */
int sp_fuzz_results_check(const char *file);

/* Optional, defined by a harness: 0 when it is fit to run; replay fails
 * otherwise. */
int sp_fuzz_check(void);

#endif
