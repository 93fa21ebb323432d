/*
 * The one escaping rule: controls (C0, DEL, C1), direction controls and bytes that are not
 * UTF-8 become visible escapes; Japanese text and plain ASCII pass untouched; a limit cuts
 * at whole characters and says so.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "escape.h"

static void
check(const char *in, size_t max, const char *want)
{
	char	*got = escape_text(in, max);

	assert_string_equal(got, want);
	free(got);
}

static void
test_plain(void **state)
{
	(void)state;
	check("", 0, "");
	check("JKRES_Q-1.dat", 0, "JKRES_Q-1.dat");
	check("山田　太郎 〓 𠮷", 0, "山田　太郎 〓 𠮷");
	check("a\\x1b", 0, "a\\x1b");
	assert_false(escape_needed("山田　太郎 ~ 𠮷"));
}

static void
test_controls(void **state)
{
	(void)state;
	check("JKRES_\x1b]0;x\x07.dat", 0, "JKRES_\\x1b]0;x\\x07.dat");
	check("a\tb\nc\rd", 0, "a\\x09b\\x0ac\\x0dd");
	check("\x01\x1f\x7f", 0, "\\x01\\x1f\\x7f");
	/* C1: U+0080, U+009B (CSI), U+009F. */
	check("\xc2\x80\xc2\x9b\xc2\x9f\xc2\xa0", 0, "\\u0080\\u009b\\u009f\xc2\xa0");
	assert_true(escape_needed("\x1b"));
	assert_true(escape_needed("x\xc2\x9b"));
}

static void
test_direction(void **state)
{
	static const struct {
		const char	*in, *want;
	} t[] = {
		{ "\xd8\x9c", "\\u061c" },
		{ "\xe2\x80\x8e", "\\u200e" },
		{ "\xe2\x80\x8f", "\\u200f" },
		{ "\xe2\x80\xaa", "\\u202a" },
		{ "\xe2\x80\xae", "\\u202e" },
		{ "\xe2\x81\xa6", "\\u2066" },
		{ "\xe2\x81\xa9", "\\u2069" },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		check(t[i].in, 0, t[i].want);
		assert_true(escape_needed(t[i].in));
	}
	/* Their neighbours are ordinary characters. */
	check("\xe2\x80\x8d\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa", 0,
	    "\xe2\x80\x8d\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");
	check("evil\xe2\x80\xaetxt.exe", 0, "evil\\u202etxt.exe");
}

static void
test_not_utf8(void **state)
{
	(void)state;
	/* CP932 bytes, a lone continuation byte, an overlong slash, a surrogate, a cut end. */
	check("\x8e\x52", 0, "\\x8eR");
	check("a\x80z", 0, "a\\x80z");
	check("\xc0\xaf", 0, "\\xc0\\xaf");
	check("\xed\xa0\x80", 0, "\\xed\\xa0\\x80");
	check("\xe5\xb1", 0, "\\xe5\\xb1");
	assert_true(escape_needed("\xff"));
}

static void
test_limit(void **state)
{
	(void)state;
	check("abcdef", 3, "abc...");
	check("abc", 3, "abc");
	check("山田太郎", 2, "山田...");
	check("\x1b\x1b\x1b", 2, "\\x1b\\x1b...");
	check("\xff\xff\xff\xff", 4, "\\xff\\xff\\xff\\xff");
	check("\xe2\x80\xae\xe2\x80\xae", 1, "\\u202e...");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_direction),
		cmocka_unit_test(test_not_utf8),
		cmocka_unit_test(test_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
