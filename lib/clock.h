/*
 * The time of the audit log and of the flags computed from it (SPEC §8): the system's
 * clock, or, for tests, a test clock. The tests of unusual-use flags need entries at an
 * hour outside office hours; they must not change the machine's clock to get them.
 *
 * A test clock comes from two places only:
 *   - clock_test_set() and clock_test_freeze(), called by a test program linked with this
 *     file (the unit tests and benchmarks);
 *   - the environment variable MADOGUCHI_TEST_CLOCK, honoured only in a build configured
 *     with --enable-test-clock (the default of --enable-debug builds; never the package's):
 *     "2026-04-06T22:00:00+09:00" (or "...Z") starts the clock there when the process
 *     first reads it, "+N" or "-N" moves it by N seconds.
 * Row times written by SQL ('now') keep the system clock.
 */
#ifndef CLOCK_H
#define CLOCK_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define CLOCK_ISO_SIZE	32	/* 2026-04-06T13:00:00.000Z and its NUL */

void	 clock_now(struct timespec *);
void	 clock_iso(char *, size_t);
/* A time in seconds as clock_iso writes the clock's (UTC, ISO 8601, ".000Z"). */
void	 clock_iso_at(time_t, char *, size_t);
int	 clock_test_set(const char *, char **);
void	 clock_test_freeze(int64_t);
void	 clock_test_reset(void);
int	 clock_test_active(void);
/*
 * Sleeps ms milliseconds of the system's clock; a signal ends it early only once it has
 * set *stop (the loops of the simulators and madoguchi-admin juki-check end that way).
 */
void	 clock_sleep_ms(long, const volatile sig_atomic_t *);

#endif
