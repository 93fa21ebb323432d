/*
 * The clock (clock.h): the system's, moved by a test's offset or stopped at a test's time.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "i18n.h"
#include "xmalloc.h"

static int	 env_read;	/* MADOGUCHI_TEST_CLOCK looked at */
static int	 active;	/* a test clock is in effect */
static int	 frozen;	/* stopped at frozen_ms */
static int64_t	 offset_ms;	/* else added to the system's */
static int64_t	 frozen_ms;

static int64_t	 real_ms(void);
static void	 env_init(void);

static int64_t
real_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Only in a build for tests: a packaged terminal's log keeps the system's time. */
static void
env_init(void)
{
#ifdef WITH_TEST_CLOCK
	const char	*spec;
	char		*cause = NULL;

	if (env_read)
		return;
	env_read = 1;
	if ((spec = getenv("MADOGUCHI_TEST_CLOCK")) == NULL || *spec == '\0')
		return;
	if (clock_test_set(spec, &cause) != 0) {
		fprintf(stderr, "MADOGUCHI_TEST_CLOCK: %s\n", cause);
		free(cause);
		exit(2);
	}
#else
	env_read = 1;
#endif
}

void
clock_now(struct timespec *ts)
{
	int64_t	 ms;

	env_init();
	if (!active) {
		clock_gettime(CLOCK_REALTIME, ts);
		return;
	}
	ms = frozen ? frozen_ms : real_ms() + offset_ms;
	ts->tv_sec = (time_t)(ms / 1000);
	ts->tv_nsec = (long)(ms % 1000) * 1000000;
}

/* The time as the audit log stores it: UTC, milliseconds. */
void
clock_iso(char *buf, size_t len)
{
	struct timespec	 ts;
	struct tm	 tm;

	clock_now(&ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    ts.tv_nsec / 1000000);
}

void
clock_iso_at(time_t t, char *buf, size_t len)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.000Z", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/*
 * "+N"/"-N": N seconds added to the system's clock; "YYYY-MM-DDTHH:MM:SS" with "Z" or
 * "+HH:MM"/"-HH:MM": the clock reads that time now and runs on.
 */
int
clock_test_set(const char *spec, char **cause)
{
	struct tm	 tm;
	char		*end, zone[8];
	long long	 n;
	int		 zh = 0, zm = 0, used = 0;
	time_t		 t;

	if (*spec == '+' || *spec == '-') {
		errno = 0;
		n = strtoll(spec, &end, 10);
		if (errno != 0 || end == spec + 1 || *end != '\0' || n > 100LL * 366 * 86400 ||
		    n < -100LL * 366 * 86400) {
			xasprintf(cause, _("\"%s\" is not a number of seconds"), spec);
			return -1;
		}
		offset_ms = n * 1000;
		frozen = 0;
		active = env_read = 1;
		return 0;
	}
	memset(&tm, 0, sizeof tm);
	memset(zone, 0, sizeof zone);
	if (sscanf(spec, "%4d-%2d-%2dT%2d:%2d:%2d%7s%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec, zone, &used) != 7 ||
	    spec[used] != '\0' || (strcmp(zone, "Z") != 0 &&
	    (sscanf(zone + 1, "%2d:%2d", &zh, &zm) != 2 || strlen(zone) != 6 ||
	    (zone[0] != '+' && zone[0] != '-'))) || tm.tm_mon < 1 || tm.tm_mon > 12 ||
	    tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 59) {
		xasprintf(cause, _("\"%s\" is not a time such as 2026-04-06T22:00:00+09:00"),
		    spec);
		return -1;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm) - (zone[0] == '-' ? -1 : zone[0] == '+' ? 1 : 0) *
	    (time_t)(zh * 3600 + zm * 60);
	offset_ms = (int64_t)t * 1000 - real_ms();
	frozen = 0;
	active = env_read = 1;
	return 0;
}

/* Stops the clock at ms milliseconds after the epoch (tests that need exact times). */
void
clock_test_freeze(int64_t ms)
{
	frozen_ms = ms;
	frozen = 1;
	active = env_read = 1;
}

void
clock_test_reset(void)
{
	active = frozen = 0;
	offset_ms = frozen_ms = 0;
	env_read = 1;
}

int
clock_test_active(void)
{
	env_init();
	return active;
}

void
clock_sleep_ms(long ms, const volatile sig_atomic_t *stop)
{
	struct timespec	 ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR && !*stop)
		;
}
