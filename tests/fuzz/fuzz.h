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
 *     test run, under ASan and UBSan too.
 *
 * Inputs are capped (SP_FUZZ_MAX_BYTES) so no input can ask for unbounded
 * work.
 */
#ifndef SP_FUZZ_H
#define SP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#define SP_FUZZ_MAX_BYTES 65536

extern const char *sp_fuzz_corpus;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write data to a new temporary file whose name ends in `suffix`; returns a
 * malloc'd path (unlink and free it), or NULL. */
char *sp_fuzz_tempfile(const uint8_t *data, size_t size, const char *suffix);

#endif
