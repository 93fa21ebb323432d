/*
 * Stored UTC times shown as local times in the date style (lib/timestamp.c): the era and
 * Western forms, the day a time zone moves a time to, and text that is not a time shown
 * as it is rather than hidden.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"
#include "timestamp.h"

static void
zone(const char *tz)
{
	assert_int_equal(setenv("TZ", tz, 1), 0);
	tzset();
}

static void
test_styles(void **state)
{
	char	 out[TIMESTAMP_SHOW_SIZE];

	(void)state;
	zone("UTC");
	assert_int_equal(timestamp_show("2026-04-01T09:30:05.123Z", 0, 1, out, sizeof out), 0);
	assert_string_equal(out, "2026-04-01 09:30:05");
	assert_int_equal(timestamp_show("2026-04-01T09:30:05.123Z", 0, 0, out, sizeof out), 0);
	assert_string_equal(out, "2026-04-01 09:30");
	assert_int_equal(timestamp_show("2026-04-01T09:30:05.123Z", 1, 1, out, sizeof out), 0);
	assert_string_equal(out, "令和8年4月1日 09:30:05");
	assert_int_equal(timestamp_show("2019-04-30T23:59:59Z", 1, 0, out, sizeof out), 0);
	assert_string_equal(out, "平成31年4月30日 23:59");
}

/* 2019-04-30 15:00 UTC is 2019-05-01 00:00 in Japan: the first day of 令和. */
static void
test_local_day(void **state)
{
	char	 out[TIMESTAMP_SHOW_SIZE];

	(void)state;
	zone("Asia/Tokyo");
	assert_int_equal(timestamp_show("2019-04-30T15:00:00.000Z", 1, 1, out, sizeof out), 0);
	assert_string_equal(out, "令和元年5月1日 00:00:00");
	assert_int_equal(timestamp_show("2019-04-30T15:00:00.000Z", 0, 0, out, sizeof out), 0);
	assert_string_equal(out, "2019-05-01 00:00");
	zone("UTC");
}

static void
test_not_a_time(void **state)
{
	static const char *const bad[] = { "", "yesterday", "2026-02-30T00:00:00Z",
	    "2026-04-01T25:00:00Z", "2026-04-01" };
	char	 out[TIMESTAMP_SHOW_SIZE];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(timestamp_show(bad[i], 1, 1, out, sizeof out), -1);
		assert_string_equal(out, bad[i]);
	}
	assert_int_equal(timestamp_show(NULL, 1, 1, out, sizeof out), -1);
	assert_string_equal(out, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_styles),
		cmocka_unit_test(test_local_day),
		cmocka_unit_test(test_not_a_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
