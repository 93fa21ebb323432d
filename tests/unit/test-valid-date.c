/*
 * Dates: every input form, the era boundaries to the day (with the message that names the
 * right era), the calendar (leap years), the formatters, and a round trip over every day
 * from the start of 明治 to 2100.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "valid.h"

static void
ok(const char *in, int y, int m, int d)
{
	struct date	 dt = { -1, -1, -1 };
	char		*cause = NULL;

	if (valid_date(in, &dt, &cause) != 0)
		fail_msg("\"%s\" refused: %s", in, cause);
	assert_null(cause);
	if (dt.y != y || dt.m != m || dt.d != d)
		fail_msg("\"%s\": %d-%d-%d, want %d-%d-%d", in, dt.y, dt.m, dt.d, y, m, d);
}

static void
bad(const char *in, const char *want_in_cause)
{
	struct date	 dt = { -1, -1, -1 };
	char		*cause = NULL;

	assert_int_equal(valid_date(in, &dt, &cause), -1);
	assert_int_equal(dt.y, -1);
	assert_non_null(cause);
	if (strstr(cause, want_in_cause) == NULL)
		fail_msg("\"%s\": \"%s\" not in \"%s\"", in, want_in_cause, cause);
	free(cause);
}

static void
bad_exact(const char *in, const char *want)
{
	struct date	 dt;
	char		*cause = NULL;

	assert_int_equal(valid_date(in, &dt, &cause), -1);
	assert_non_null(cause);
	assert_string_equal(cause, want);
	free(cause);
}

static void
test_western(void **state)
{
	(void)state;
	ok("2025-04-01", 2025, 4, 1);
	ok("2025/4/1", 2025, 4, 1);
	ok("2025/04/01", 2025, 4, 1);
	ok("2025.4.1", 2025, 4, 1);
	ok("20250401", 2025, 4, 1);
	ok("2025年4月1日", 2025, 4, 1);
	ok("2025年4月1", 2025, 4, 1);
	ok("２０２５－０４－０１", 2025, 4, 1);
	ok("２０２５年４月１日", 2025, 4, 1);
	ok("２０２５ー０４ー０１", 2025, 4, 1);
	ok("  2025-04-01　", 2025, 4, 1);
	ok("1000-01-01", 1000, 1, 1);
	ok("9999-12-31", 9999, 12, 31);
}

static void
test_era_forms(void **state)
{
	(void)state;
	ok("令和7年4月1日", 2025, 4, 1);
	ok("令和７年４月１日", 2025, 4, 1);
	ok("令和 7 年 4 月 1 日", 2025, 4, 1);
	ok("令和07年04月01日", 2025, 4, 1);
	ok("R7.4.1", 2025, 4, 1);
	ok("R07.04.01", 2025, 4, 1);
	ok("r7.4.1", 2025, 4, 1);
	ok("R7/4/1", 2025, 4, 1);
	ok("R7-4-1", 2025, 4, 1);
	ok("Ｒ７．４．１", 2025, 4, 1);
	ok("R070401", 2025, 4, 1);
	ok("令和7.4.1", 2025, 4, 1);
	ok("㋿7年4月1日", 2025, 4, 1);
	ok("㍻31年4月30日", 2019, 4, 30);
	ok("㍼64年1月7日", 1989, 1, 7);
	ok("㍽15年12月24日", 1926, 12, 24);
	ok("㍾45年7月29日", 1912, 7, 29);
	ok("R元.5.1", 2019, 5, 1);
	ok("H1.1.8", 1989, 1, 8);
	ok("h01.01.08", 1989, 1, 8);
	ok("S64.1.7", 1989, 1, 7);
	ok("s1.12.25", 1926, 12, 25);
	ok("T1.7.30", 1912, 7, 30);
	ok("M45.7.29", 1912, 7, 29);
	ok("m1.10.23", 1868, 10, 23);
	ok("S50.2.3", 1975, 2, 3);
	ok("平成12年2月29日", 2000, 2, 29);
	ok("令和6年2月29日", 2024, 2, 29);
}

/* The boundaries, to the day, on both sides. */
static void
test_era_boundaries(void **state)
{
	(void)state;
	ok("明治元年10月23日", 1868, 10, 23);
	ok("明治45年7月29日", 1912, 7, 29);
	ok("大正元年7月30日", 1912, 7, 30);
	ok("大正15年12月24日", 1926, 12, 24);
	ok("昭和元年12月25日", 1926, 12, 25);
	ok("昭和64年1月7日", 1989, 1, 7);
	ok("平成元年1月8日", 1989, 1, 8);
	ok("平成1年1月8日", 1989, 1, 8);
	ok("平成31年4月30日", 2019, 4, 30);
	ok("H31.4.30", 2019, 4, 30);
	ok("令和元年5月1日", 2019, 5, 1);
	ok("令和1年5月1日", 2019, 5, 1);
	ok("R1.5.1", 2019, 5, 1);

	bad_exact("平成31年5月1日", "平成31年5月1日 is after the end of 平成 (2019-04-30); "
	    "use 令和元年5月1日");
	bad_exact("H31.5.1", "平成31年5月1日 is after the end of 平成 (2019-04-30); "
	    "use 令和元年5月1日");
	bad_exact("令和元年4月30日", "令和元年4月30日 is before the start of 令和 "
	    "(2019-05-01); use 平成31年4月30日");
	bad_exact("昭和64年1月8日", "昭和64年1月8日 is after the end of 昭和 (1989-01-07); "
	    "use 平成元年1月8日");
	bad_exact("S64.1.8", "昭和64年1月8日 is after the end of 昭和 (1989-01-07); "
	    "use 平成元年1月8日");
	bad_exact("平成元年1月7日", "平成元年1月7日 is before the start of 平成 (1989-01-08); "
	    "use 昭和64年1月7日");
	bad_exact("大正15年12月25日", "大正15年12月25日 is after the end of 大正 "
	    "(1926-12-24); use 昭和元年12月25日");
	bad_exact("昭和元年12月24日", "昭和元年12月24日 is before the start of 昭和 "
	    "(1926-12-25); use 大正15年12月24日");
	bad_exact("明治45年7月30日", "明治45年7月30日 is after the end of 明治 (1912-07-29); "
	    "use 大正元年7月30日");
	bad_exact("大正元年7月29日", "大正元年7月29日 is before the start of 大正 "
	    "(1912-07-30); use 明治45年7月29日");
	bad_exact("明治元年10月22日", "明治元年10月22日 is before the start of 明治 "
	    "(1868-10-23)");
	bad_exact("M1.1.1", "明治元年1月1日 is before the start of 明治 (1868-10-23)");
	/* Far past the end: the right era, not just the next one. */
	bad_exact("昭和99年1月1日", "昭和99年1月1日 is after the end of 昭和 (1989-01-07); "
	    "use 令和6年1月1日");
	bad_exact("明治46年1月1日", "明治46年1月1日 is after the end of 明治 (1912-07-29); "
	    "use 大正2年1月1日");
}

static void
test_calendar(void **state)
{
	(void)state;
	ok("2024-02-29", 2024, 2, 29);
	ok("2000-02-29", 2000, 2, 29);
	ok("2025-12-31", 2025, 12, 31);
	bad("2025-02-29", "there is no day 29 in 2025-02 (the month has 28 days)");
	bad("1900-02-29", "there is no day 29 in 1900-02");
	bad("2100-02-29", "there is no day 29 in 2100-02");
	bad("2024-02-30", "the month has 29 days");
	bad("2025-04-31", "there is no day 31 in 2025-04 (the month has 30 days)");
	bad("2025-04-00", "there is no day 0");
	bad("2025-13-01", "there is no month 13");
	bad("2025-00-10", "there is no month 0");
	bad("令和7年2月29日", "there is no day 29 in 2025-02");
	bad("H31.2.29", "there is no day 29 in 2019-02");
	bad("20250230", "there is no day 30");
	bad("令和0年1月1日", "there is no year 0 of 令和: its first year is 令和元年");
	bad("R0.5.1", "there is no year 0");
}

static void
test_malformed(void **state)
{
	(void)state;
	bad("", "enter a date");
	bad("　 ", "enter a date");
	bad("25-4-1", "write the year with 4 digits");
	bad("元年4月1日", "write the year with 4 digits");
	bad("0999-01-01", "between 1000 and 9999");
	bad("R007.4.1", "an era year has at most 2 digits");
	bad("2025-04", "not a date");
	bad("R7.4", "not a date");
	bad("令和", "not a date");
	bad("2025/4-1", "not a date");
	bad("2025-4-1日", "not a date");
	bad("2025年4-1", "not a date");
	bad("2025月4年1日", "not a date");
	bad("2025-004-01", "not a date");
	bad("2025-4-元", "not a date");
	bad("2025040", "not a date");
	bad("202504011", "not a date");
	bad("123456789012345678", "not a date");
	bad("R7 4 1", "not a date");
	bad("令和7年4月1日令和", "not a date");
	bad("7令和4.1", "not a date");
	bad("2025-04-01-01-01", "not a date");
	bad("令和7年4月1日x", "character 9 (\"x\") cannot be part of a date");
	bad("Q7.4.1", "character 1 (\"Q\") cannot be part of a date");
	bad("2025-04-01\t", "control character (U+0009)");
	bad("2025-04-\xff", "not UTF-8");
}

static void
test_format(void **state)
{
	static const struct {
		struct date	 d;
		const char	*iso, *era;
	} t[] = {
		{ { 2025, 4, 1 }, "2025-04-01", "令和7年4月1日" },
		{ { 2019, 5, 1 }, "2019-05-01", "令和元年5月1日" },
		{ { 2019, 4, 30 }, "2019-04-30", "平成31年4月30日" },
		{ { 1989, 1, 8 }, "1989-01-08", "平成元年1月8日" },
		{ { 1989, 1, 7 }, "1989-01-07", "昭和64年1月7日" },
		{ { 1926, 12, 25 }, "1926-12-25", "昭和元年12月25日" },
		{ { 1926, 12, 24 }, "1926-12-24", "大正15年12月24日" },
		{ { 1912, 7, 30 }, "1912-07-30", "大正元年7月30日" },
		{ { 1912, 7, 29 }, "1912-07-29", "明治45年7月29日" },
		{ { 1868, 10, 23 }, "1868-10-23", "明治元年10月23日" },
		{ { 2117, 12, 31 }, "2117-12-31", "令和99年12月31日" },
	};
	char		 iso[DATE_ISO_SIZE], era[DATE_ERA_SIZE];
	struct date	 d;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		date_format_iso(&t[i].d, iso);
		assert_string_equal(iso, t[i].iso);
		assert_int_equal(date_format_era(&t[i].d, era), 0);
		assert_string_equal(era, t[i].era);
	}
	d = (struct date){ 1868, 10, 22 };
	assert_int_equal(date_format_era(&d, era), -1);
	assert_string_equal(era, "");
	d = (struct date){ 2025, 2, 29 };
	assert_int_equal(date_format_era(&d, era), -1);
	d = (struct date){ 2025, 13, 1 };
	assert_int_equal(date_format_era(&d, era), -1);
}

static void
test_days(void **state)
{
	struct date	 d = { 1970, 1, 1 }, back;

	(void)state;
	assert_int_equal(date_to_days(&d), 0);
	d = (struct date){ 2000, 3, 1 };
	assert_int_equal(date_to_days(&d), 11017);
	d = (struct date){ 1969, 12, 31 };
	assert_int_equal(date_to_days(&d), -1);
	d = (struct date){ 1868, 10, 23 };
	/* Python: (date(1868, 10, 23) - date(1970, 1, 1)).days */
	assert_int_equal(date_to_days(&d), -36959);
	date_from_days(-36959, &back);
	assert_int_equal(date_cmp(&d, &back), 0);

	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2023, 2), 28);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2025, 11), 30);
	assert_int_equal(date_days_in_month(2025, 0), 0);
	assert_int_equal(date_days_in_month(2025, 13), 0);
	assert_true(date_valid(2024, 2, 29));
	assert_false(date_valid(2023, 2, 29));
	assert_false(date_valid(0, 1, 1));
	assert_false(date_valid(10000, 1, 1));

	d = (struct date){ 2019, 4, 30 };
	back = (struct date){ 2019, 5, 1 };
	assert_true(date_cmp(&d, &back) < 0);
	assert_true(date_cmp(&back, &d) > 0);
	back = (struct date){ 2018, 12, 31 };
	assert_true(date_cmp(&d, &back) > 0);
}

/*
 * Every day from 1868-10-23 to 2100-12-31: days advance by one, and the ISO and era forms
 * both parse back to the same date.
 */
static void
test_roundtrip_every_day(void **state)
{
	struct date	 first = { 1868, 10, 23 }, last = { 2100, 12, 31 }, d, prev, back;
	char		 iso[DATE_ISO_SIZE], era[DATE_ERA_SIZE], *cause = NULL;
	long		 day, n = 0;

	(void)state;
	prev = (struct date){ 1868, 10, 22 };
	for (day = date_to_days(&first); day <= date_to_days(&last); day++) {
		date_from_days(day, &d);
		assert_true(date_valid(d.y, d.m, d.d));
		assert_true(date_cmp(&prev, &d) < 0);
		assert_int_equal(date_to_days(&d), day);
		date_format_iso(&d, iso);
		assert_int_equal(valid_date(iso, &back, &cause), 0);
		assert_int_equal(date_cmp(&d, &back), 0);
		assert_int_equal(date_format_era(&d, era), 0);
		if (valid_date(era, &back, &cause) != 0)
			fail_msg("%s (%s) refused: %s", era, iso, cause);
		assert_int_equal(date_cmp(&d, &back), 0);
		prev = d;
		n++;
	}
	assert_int_equal(n, date_to_days(&last) - date_to_days(&first) + 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_western),
		cmocka_unit_test(test_era_forms),
		cmocka_unit_test(test_era_boundaries),
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_roundtrip_every_day),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
