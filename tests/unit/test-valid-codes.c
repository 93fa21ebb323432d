/*
 * Postal codes, prefecture codes and names, municipality codes with their check digit
 * (known real codes, every single-digit corruption, the prefecture part).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "valid.h"

static void
postal_ok(const char *in, const char *want)
{
	char	 out[POSTAL_LEN + 1], *cause = NULL;

	if (valid_postal(in, out, &cause) != 0)
		fail_msg("\"%s\" refused: %s", in, cause);
	assert_string_equal(out, want);
}

static void
postal_bad(const char *in, const char *want_in_cause)
{
	char	 out[POSTAL_LEN + 1] = "XXXXXXX", *cause = NULL;

	assert_int_equal(valid_postal(in, out, &cause), -1);
	assert_string_equal(out, "XXXXXXX");
	assert_non_null(cause);
	if (strstr(cause, want_in_cause) == NULL)
		fail_msg("\"%s\": \"%s\" not in \"%s\"", in, want_in_cause, cause);
	free(cause);
}

static void
pref_ok(const char *in, int want)
{
	char	*cause = NULL;
	int	 code = -1;

	if (valid_prefecture(in, &code, &cause) != 0)
		fail_msg("\"%s\" refused: %s", in, cause);
	assert_int_equal(code, want);
}

static void
pref_bad(const char *in, const char *want_in_cause)
{
	char	*cause = NULL;
	int	 code = -1;

	assert_int_equal(valid_prefecture(in, &code, &cause), -1);
	assert_int_equal(code, -1);
	assert_non_null(cause);
	if (strstr(cause, want_in_cause) == NULL)
		fail_msg("\"%s\": \"%s\" not in \"%s\"", in, want_in_cause, cause);
	free(cause);
}

static void
muni_ok(const char *in, const char *want)
{
	char	 out[MUNICIPALITY_LEN + 1], *cause = NULL;

	if (valid_municipality(in, out, &cause) != 0)
		fail_msg("\"%s\" refused: %s", in, cause);
	assert_string_equal(out, want);
}

static void
muni_bad(const char *in, const char *want_in_cause)
{
	char	 out[MUNICIPALITY_LEN + 1] = "XXXXXX", *cause = NULL;

	assert_int_equal(valid_municipality(in, out, &cause), -1);
	assert_string_equal(out, "XXXXXX");
	assert_non_null(cause);
	if (strstr(cause, want_in_cause) == NULL)
		fail_msg("\"%s\": \"%s\" not in \"%s\"", in, want_in_cause, cause);
	free(cause);
}

static void
test_postal(void **state)
{
	(void)state;
	postal_ok("1000013", "1000013");
	postal_ok("100-0013", "1000013");
	postal_ok("１００－００１３", "1000013");
	postal_ok("１００ー００１３", "1000013");
	postal_ok("〒100-0013", "1000013");
	postal_ok("〒 100-0013", "1000013");
	postal_ok("〒１００－００１３", "1000013");
	postal_ok("  100-0013　", "1000013");

	postal_bad("", "enter the 7-digit postal code");
	postal_bad("〒", "enter the 7-digit postal code");
	postal_bad("100001", "a postal code has 7 digits (123-4567); 6 were entered");
	postal_bad("10000133", "8 were entered");
	postal_bad("1000-013", "the hyphen goes after the third digit");
	postal_bad("10-00013", "the hyphen goes after the third digit");
	postal_bad("100-00-13", "the hyphen goes after the third digit");
	postal_bad("100--0013", "the hyphen goes after the third digit");
	postal_bad("100-001a", "character 8 (\"a\") is not a digit");
	postal_bad("〒100-001a", "character 9 (\"a\")");
	postal_bad("100 0013", "character 4 is a space");
	postal_bad("100-0013\n", "control character");
	postal_bad("100\xff" "0013", "not UTF-8");
}

static void
test_postal_format(void **state)
{
	char	 f[POSTAL_FORMAT_SIZE];

	(void)state;
	postal_format("1000013", f);
	assert_string_equal(f, "〒100-0013");
	postal_format("0600001", f);
	assert_string_equal(f, "〒060-0001");
	postal_format("100001", f);
	assert_string_equal(f, "");
	postal_format("10000133", f);
	assert_string_equal(f, "");
	postal_format("100-0013", f);
	assert_string_equal(f, "");
}

static void
test_prefecture(void **state)
{
	(void)state;
	pref_ok("01", 1);
	pref_ok("1", 1);
	pref_ok("13", 13);
	pref_ok("47", 47);
	pref_ok("０１", 1);
	pref_ok(" 27 ", 27);
	pref_ok("北海道", 1);
	pref_ok("東京都", 13);
	pref_ok("東京", 13);
	pref_ok("京都府", 26);
	pref_ok("京都", 26);
	pref_ok("大阪", 27);
	pref_ok("神奈川県", 14);
	pref_ok("沖縄県", 47);

	pref_bad("", "enter a prefecture code (01-47)");
	pref_bad("0", "there is no prefecture 0");
	pref_bad("00", "there is no prefecture 00: the codes run from 01");
	pref_bad("48", "there is no prefecture 48");
	pref_bad("99", "there is no prefecture 99");
	pref_bad("001", "a prefecture code has 2 digits");
	pref_bad("1a", "enter a prefecture code from 01 to 47 or a prefecture's name");
	pref_bad("北海", "or a prefecture's name");
	pref_bad("東京府", "or a prefecture's name");
	pref_bad("東", "or a prefecture's name");
	pref_bad("13\t", "control character");
}

static void
test_prefecture_names(void **state)
{
	const char	*name, *tail;
	size_t		 len;
	char		 code[4];
	int		 i, j;

	(void)state;
	assert_string_equal(prefecture_name(1), "北海道");
	assert_string_equal(prefecture_name(13), "東京都");
	assert_string_equal(prefecture_name(26), "京都府");
	assert_string_equal(prefecture_name(27), "大阪府");
	assert_string_equal(prefecture_name(40), "福岡県");
	assert_string_equal(prefecture_name(47), "沖縄県");
	assert_null(prefecture_name(0));
	assert_null(prefecture_name(48));
	assert_null(prefecture_name(-1));
	for (i = 1; i <= 47; i++) {
		name = prefecture_name(i);
		assert_non_null(name);
		len = strlen(name);
		assert_true(len >= 6);
		tail = name + len - 3;
		assert_true(strcmp(tail, "都") == 0 || strcmp(tail, "道") == 0 ||
		    strcmp(tail, "府") == 0 || strcmp(tail, "県") == 0);
		for (j = 1; j < i; j++)
			assert_string_not_equal(prefecture_name(j), name);
		pref_ok(name, i);
		snprintf(code, sizeof code, "%02d", i);
		pref_ok(code, i);
	}
}

static void
test_municipality_check_digit(void **state)
{
	static const struct {
		const char	*code;
		int		 check;
	} known[] = {
		{ "13101", 6 },		/* 東京都千代田区 131016 */
		{ "27100", 4 },		/* 大阪市 271004 */
		{ "01100", 2 },		/* 札幌市 011002 */
		{ "14100", 3 },		/* 横浜市 141003 */
		{ "13104", 1 },		/* 新宿区 131041 */
		{ "13112", 1 },		/* 世田谷区 131121: Σ mod 11 = 10 */
		{ "23100", 2 },		/* 名古屋市 231002 */
		{ "40130", 7 },		/* 福岡市 401307 */
		{ "47201", 8 },		/* 那覇市 472018 */
		{ "01202", 5 },		/* 函館市 012025 */
		{ "13000", 1 },		/* 東京都 130001 */
		{ "31000", 0 },		/* 鳥取県 310000: Σ mod 11 = 1 */
		{ "33000", 1 },		/* 岡山県 330001: Σ mod 11 = 0 */
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof known / sizeof known[0]; i++) {
		if (municipality_check_digit(known[i].code) != known[i].check)
			fail_msg("%s: %d, want %d", known[i].code,
			    municipality_check_digit(known[i].code), known[i].check);
	}
	assert_int_equal(municipality_check_digit("1310"), -1);
	assert_int_equal(municipality_check_digit(""), -1);
	assert_int_equal(municipality_check_digit("1310a"), -1);
	/* Only five are read. */
	assert_int_equal(municipality_check_digit("131016"), 6);
}

static void
test_municipality(void **state)
{
	(void)state;
	muni_ok("131016", "131016");
	muni_ok("271004", "271004");
	muni_ok("011002", "011002");
	muni_ok("141003", "141003");
	muni_ok("13101-6", "131016");
	muni_ok("１３１０１６", "131016");
	muni_ok(" 131016 ", "131016");
	muni_ok("310000", "310000");

	muni_bad("", "enter the 6-digit municipality code");
	muni_bad("13101", "a municipality code has 6 digits (5 and a check digit); "
	    "5 were entered");
	muni_bad("1310166", "7 were entered");
	muni_bad("13101a", "character 6 (\"a\") is not a digit");
	muni_bad("131017", "the check digit (the sixth digit) does not match");
	muni_bad("271005", "the check digit");
	muni_bad("011003", "the check digit");
	muni_bad("141002", "the check digit");
	/* The prefecture part: 00 and 48 are none, whatever the check digit says. */
	muni_bad("001007", "starts with its prefecture code (01-47), not 00");
	muni_bad("481001", "not 48");
	muni_bad("991001", "not 99");
	muni_bad("131016\t", "control character");
}

/*
 * Every single-digit change of valid codes: refused, except where the formula is blind (the
 * sum's remainder moving between 0 and 10, both giving check digit 1); a change of the
 * prefecture part to a non-prefecture is refused either way.
 */
static void
test_municipality_corruption(void **state)
{
	char	 s[7], c[7], out[7], *cause;
	int	 base, pos, digit, pref, rc, r0, r1, i, sum, missed = 0, caught = 0;

	(void)state;
	for (base = 1000; base < 48000; base += 7) {
		snprintf(s, sizeof s, "%05d", base);
		pref = base / 1000;
		if (pref < 1 || pref > 47)
			continue;
		s[5] = '0' + municipality_check_digit(s);
		s[6] = '\0';
		for (sum = 0, i = 0; i < 5; i++)
			sum += (s[i] - '0') * (6 - i);
		r0 = sum % 11;
		for (pos = 0; pos < 6; pos++) {
			for (digit = '0'; digit <= '9'; digit++) {
				if (digit == s[pos])
					continue;
				memcpy(c, s, sizeof c);
				c[pos] = (char)digit;
				cause = NULL;
				rc = valid_municipality(c, out, &cause);
				free(cause);
				for (sum = 0, i = 0; i < 5; i++)
					sum += (c[i] - '0') * (6 - i);
				r1 = sum % 11;
				pref = (c[0] - '0') * 10 + (c[1] - '0');
				if (pos < 5 && pref >= 1 && pref <= 47 &&
				    ((r0 == 0 && r1 == 10) || (r0 == 10 && r1 == 0))) {
					assert_int_equal(rc, 0);
					missed++;
				} else {
					assert_int_equal(rc, -1);
					caught++;
				}
			}
		}
	}
	assert_true(missed > 0);
	assert_true(missed * 50 < caught);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_postal),
		cmocka_unit_test(test_postal_format),
		cmocka_unit_test(test_prefecture),
		cmocka_unit_test(test_prefecture_names),
		cmocka_unit_test(test_municipality_check_digit),
		cmocka_unit_test(test_municipality),
		cmocka_unit_test(test_municipality_corruption),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
