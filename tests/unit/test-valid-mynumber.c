/*
 * 個人番号: the check digit against known numbers and an independent implementation, every
 * single-digit corruption, input forms, messages that never repeat the number, masking.
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

/* The weights read left to right, as the ordinance's Q_n are for n = 11 .. 1. */
static const int left_weights[11] = { 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };

static uint64_t	 rng_state = 0x243f6a8885a308d3ULL;

static uint64_t
rnd(void)
{
	uint64_t	 z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
remainder11(const char *s)
{
	int	 i, sum = 0;

	for (i = 0; i < 11; i++)
		sum += (s[i] - '0') * left_weights[i];
	return sum % 11;
}

static void
random_valid(char out[13])
{
	int	 i, r;

	for (i = 0; i < 11; i++)
		out[i] = '0' + rnd() % 10;
	r = remainder11(out);
	out[11] = '0' + (r <= 1 ? 0 : 11 - r);
	out[12] = '\0';
}

static void
ok(const char *in, const char *want)
{
	char	 out[MYNUMBER_LEN + 1], *cause = NULL;

	if (valid_mynumber(in, out, &cause) != 0)
		fail_msg("\"%s\" refused: %s", in, cause);
	assert_null(cause);
	assert_string_equal(out, want);
}

static void
bad(const char *in, const char *want_in_cause)
{
	char	 out[MYNUMBER_LEN + 1], *cause = NULL;

	memset(out, 'X', sizeof out);
	assert_int_equal(valid_mynumber(in, out, &cause), -1);
	assert_non_null(cause);
	if (strstr(cause, want_in_cause) == NULL)
		fail_msg("\"%s\": \"%s\" not in \"%s\"", in, want_in_cause, cause);
	/* The output is left alone and no run of the number's digits is echoed. */
	assert_int_equal(out[0], 'X');
	assert_null(strstr(cause, "5678"));
	free(cause);
}

static void
test_check_digit_known(void **state)
{
	(void)state;
	/* Published example (Qiita, checked against 総務省令第85号 第5条). */
	assert_int_equal(mynumber_check_digit("98320567321"), 4);
	/* By hand: Σ = 212, 212 mod 11 = 3, 11 - 3 = 8. */
	assert_int_equal(mynumber_check_digit("12345678901"), 8);
	/* Remainder 0 and remainder 1 both give 0. */
	assert_int_equal(mynumber_check_digit("00000000000"), 0);
	assert_int_equal(mynumber_check_digit("00000000006"), 0);	/* 6 x 2 = 12 */
	/* Remainder 2 gives 9: P_1 = 1, Q_1 = 2. */
	assert_int_equal(mynumber_check_digit("00000000001"), 9);
	/* The leftmost digit weighs 6 (n = 11, Q = 6): 9 x 6 = 54, 54 mod 11 = 10 -> 1. */
	assert_int_equal(mynumber_check_digit("90000000000"), 1);
	/* Only the first 11 are read; anything shorter or not digits is -1. */
	assert_int_equal(mynumber_check_digit("983205673214"), 4);
	assert_int_equal(mynumber_check_digit("9832056732"), -1);
	assert_int_equal(mynumber_check_digit(""), -1);
	assert_int_equal(mynumber_check_digit("9832056732a"), -1);
	assert_int_equal(mynumber_check_digit("98320 67321"), -1);
}

static void
test_check_digit_reference(void **state)
{
	char	 s[13];
	int	 i, r;

	(void)state;
	for (i = 0; i < 100000; i++) {
		random_valid(s);
		r = remainder11(s);
		assert_int_equal(mynumber_check_digit(s), r <= 1 ? 0 : 11 - r);
	}
}

static void
test_accepts(void **state)
{
	(void)state;
	ok("983205673214", "983205673214");
	ok("123456789018", "123456789018");
	ok("000000000000", "000000000000");
	ok("000000000060", "000000000060");
	ok("1234 5678 9018", "123456789018");
	ok("1234-5678-9018", "123456789018");
	ok("  123456789018  ", "123456789018");
	ok("１２３４５６７８９０１８", "123456789018");
	ok("１２３４　５６７８　９０１８", "123456789018");
	ok("１２３４ー５６７８ー９０１８", "123456789018");
	ok("１２３４－５６７８－９０１８", "123456789018");
}

static void
test_refuses(void **state)
{
	(void)state;
	bad("", "enter the 12-digit My Number");
	bad("   ", "enter the 12-digit My Number");
	bad("12345678901", "a My Number has 12 digits; 11 were entered");
	bad("1234567890185", "a My Number has 12 digits; 13 were entered");
	bad("1234-5678-901", "11 were entered");
	bad("12345678901a", "character 12 (\"a\") is not a digit");
	bad("1234.5678.9018", "character 5 (\".\") is not a digit");
	bad("1234５６７８９０１八", "character 12 (\"八\") is not a digit");
	bad("123456789010", "the check digit");
	bad("123456789019", "the check digit");
	bad("983205673215", "the check digit");
	bad("1234\t56789018", "control character");
	bad("1234\xff" "56789018", "not UTF-8");
}

/*
 * Every single-digit change of a valid number is refused, except the one kind the ordinance's
 * formula cannot see: a change that moves the remainder between 0 and 1 (both give 0).
 */
static void
test_single_digit_corruption(void **state)
{
	char	 s[13], c[13], out[13], *cause;
	int	 n, pos, digit, r0, r1, rc, missed = 0, caught = 0;

	(void)state;
	for (n = 0; n < 3000; n++) {
		random_valid(s);
		r0 = remainder11(s);
		for (pos = 0; pos < 12; pos++) {
			for (digit = '0'; digit <= '9'; digit++) {
				if (digit == s[pos])
					continue;
				memcpy(c, s, sizeof c);
				c[pos] = (char)digit;
				cause = NULL;
				rc = valid_mynumber(c, out, &cause);
				free(cause);
				r1 = remainder11(c);
				if (pos < 11 && r0 <= 1 && r1 <= 1) {
					assert_int_equal(rc, 0);
					missed++;
				} else {
					assert_int_equal(rc, -1);
					caught++;
				}
			}
		}
	}
	/* The blind spot exists and is small. */
	assert_true(missed > 0);
	assert_true(missed * 50 < caught);
}

static void
test_mask(void **state)
{
	char	 m[MYNUMBER_MASK_SIZE];

	(void)state;
	mynumber_mask("123456789018", m);
	assert_string_equal(m, "**** **** 9018");
	assert_int_equal(strlen(m) + 1, MYNUMBER_MASK_SIZE);
	mynumber_mask("983205673214", m);
	assert_string_equal(m, "**** **** 3214");
	mynumber_mask("12345678901", m);
	assert_string_equal(m, "**** **** ****");
	mynumber_mask("1234567890185", m);
	assert_string_equal(m, "**** **** ****");
	mynumber_mask("1234 5678 9018", m);
	assert_string_equal(m, "**** **** ****");
	mynumber_mask("", m);
	assert_string_equal(m, "**** **** ****");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_digit_known),
		cmocka_unit_test(test_check_digit_reference),
		cmocka_unit_test(test_accepts),
		cmocka_unit_test(test_refuses),
		cmocka_unit_test(test_single_digit_corruption),
		cmocka_unit_test(test_mask),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
