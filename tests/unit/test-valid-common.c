/*
 * What the validators share: folding IME full-width input to ASCII without moving character
 * positions, refusing bad encodings and controls, naming a character for a message.
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
fold_ok(const char *in, const char *want)
{
	char	*cause = NULL, *out;

	out = valid_fold(in, &cause);
	if (out == NULL)
		fail_msg("\"%s\" refused: %s", in, cause);
	assert_string_equal(out, want);
	free(out);
}

static void
fold_bad(const char *in, const char *want_in_cause)
{
	char	*cause = NULL;

	assert_null(valid_fold(in, &cause));
	assert_non_null(cause);
	if (strstr(cause, want_in_cause) == NULL)
		fail_msg("\"%s\" not in \"%s\"", want_in_cause, cause);
	free(cause);
}

static void
test_fold(void **state)
{
	(void)state;
	fold_ok("", "");
	fold_ok("1234", "1234");
	fold_ok("１２３４５６７８９０", "1234567890");
	fold_ok("Ｒ７．４．１", "R7.4.1");
	fold_ok("ｒ７／４／１", "r7/4/1");
	fold_ok("１２３－４５６７", "123-4567");
	fold_ok("１２３ー４５６７", "123-4567");	/* ー typed for a hyphen */
	fold_ok("123ｰ4567", "123-4567");
	fold_ok("123‐4567", "123-4567");
	fold_ok("123−4567", "123-4567");
	fold_ok("123―4567", "123-4567");
	fold_ok("　1 2　", " 1 2 ");			/* kept: positions do not move */
	fold_ok("令和７年", "令和7年");
	fold_ok("〒１２３", "〒123");
	fold_ok("～！＠", "~!@");
}

static void
test_fold_refuses(void **state)
{
	(void)state;
	fold_bad("12\xff" "4", "character 3");
	fold_bad("１２\xe3\x81", "character 3");
	fold_bad("\xc0\xb1", "not UTF-8");
	fold_bad("12\t34", "character 3 is a control character (U+0009)");
	fold_bad("１\x1b[2J", "U+001B");
	fold_bad("1\xc2\x85", "U+0085");
	fold_bad("1\x7f", "U+007F");
}

static void
test_trim(void **state)
{
	char	 a[] = "  12 34  ", b[] = "", c[] = "   ", d[] = "x";

	(void)state;
	assert_string_equal(valid_trim(a), "12 34");
	assert_string_equal(valid_trim(b), "");
	assert_string_equal(valid_trim(c), "");
	assert_string_equal(valid_trim(d), "x");
}

static void
test_positions(void **state)
{
	char	 d[VALID_DESC_SIZE];

	(void)state;
	assert_int_equal(valid_char_pos("abc", 0), 1);
	assert_int_equal(valid_char_pos("abc", 2), 3);
	assert_int_equal(valid_char_pos("山田x", 6), 3);
	assert_int_equal(valid_char_pos("𠮷田x", 7), 3);
	assert_int_equal(valid_char_pos("\xff\xffx", 2), 3);

	valid_char_desc("ab", 1, d);
	assert_string_equal(d, "\"b\"");
	valid_char_desc("山田", 3, d);
	assert_string_equal(d, "\"田\"");
	valid_char_desc("𠮷", 0, d);
	assert_string_equal(d, "\"𠮷\"");
	valid_char_desc("a b", 1, d);
	assert_string_equal(d, "U+0020");
	valid_char_desc("e\xcc\x81", 1, d);
	assert_string_equal(d, "U+0301");
	valid_char_desc("\t", 0, d);
	assert_string_equal(d, "U+0009");
	valid_char_desc("a\xff", 1, d);
	assert_string_equal(d, "0xFF");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_refuses),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_positions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
