/* clock.h — the one monotonic clock for timings (seconds as a double).
 *
 * Timings are reported for benchmarks and --timing only; no output that must
 * be byte-stable depends on them.  Safe from any thread.
 */
#ifndef SP_CLOCK_H
#define SP_CLOCK_H

/* Seconds on CLOCK_MONOTONIC (an arbitrary origin; use differences). */
double sp_now(void);

#endif
