/*
 * Free text: UTF-8 only, no C0/C1 controls or direction overrides, line feeds only where
 * asked for, and the length limit counted in characters (1,000-character names).
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
text_ok(const char *in, size_t max, int flags)
{
	char	*cause = NULL;

	if (valid_text(in, max, flags, &cause) != 0)
		fail_msg("\"%s\" refused: %s", in, cause);
	assert_null(cause);
}

static void
text_bad(const char *in, size_t max, int flags, const char *want_in_cause)
{
	char	*cause = NULL;

	assert_int_equal(valid_text(in, max, flags, &cause), -1);
	assert_non_null(cause);
	if (strstr(cause, want_in_cause) == NULL)
		fail_msg("\"%s\" not in \"%s\"", want_in_cause, cause);
	free(cause);
}

static void
test_accepts(void **state)
{
	(void)state;
	text_ok("", 0, 0);
	text_ok("山田 太郎", 0, 0);
	text_ok("𠮷田　花子", 5, 0);
	text_ok("ｶﾀｶﾅ ABC 123 ①②", 0, 0);
	text_ok("José Müller", 11, 0);
	text_ok("e\xcc\x81", 2, 0);		/* a base and its combining mark */
	text_ok("一行目\n二行目", 0, VALID_TEXT_MULTILINE);
	text_ok("😀", 1, 0);
}

static void
test_refuses_encoding(void **state)
{
	(void)state;
	text_bad("ab\xff" "cd", 0, 0, "not UTF-8) at character 3");
	text_bad("山田\xe5\xb1", 0, 0, "at character 3");
	text_bad("\xc0\xaf", 0, 0, "not UTF-8");			/* overlong */
	text_bad("a\xed\xa0\x80", 0, 0, "at character 2");		/* surrogate */
	text_bad("\xf4\x90\x80\x80", 0, 0, "at character 1");		/* > U+10FFFF */
}

static void
test_refuses_controls(void **state)
{
	(void)state;
	text_bad("山田\t太郎", 0, 0, "character 3 is a control character (U+0009)");
	text_bad("\x1b[2J", 0, 0, "U+001B");
	text_bad("a\rb", 0, VALID_TEXT_MULTILINE, "U+000D");
	text_bad("ab\x7f", 0, 0, "character 3 is a control character (U+007F)");
	text_bad("a\xc2\x85", 0, 0, "U+0085");				/* C1 NEL */
	text_bad("a\xc2\x9b" "2J", 0, 0, "U+009B");			/* C1 CSI */
	text_bad("一行目\n二行目", 0, 0, "character 4 is a line break");
	text_bad("abc\xe2\x80\xae" "def", 0, 0, "character 4 is a text-direction");
	text_bad("\xe2\x81\xa6x", 0, 0, "U+2066");
	/* The direction marks reorder what is shown as well as the overrides do. */
	text_bad("\xe2\x80\x8f" "山田", 0, 0, "U+200F");
	text_bad("山田\xe2\x80\x8e", 0, 0, "U+200E");
}

static void
test_length(void **state)
{
	char	*name;
	size_t	 i;

	(void)state;
	text_ok("山田太郎", 4, 0);
	text_bad("山田太郎", 3, 0, "too long: 4 characters (the limit is 3)");

	/* 1,000 characters, 3,000 bytes: characters are counted, not bytes. */
	name = malloc(3 * 1001 + 1);
	assert_non_null(name);
	for (i = 0; i < 1000; i++)
		memcpy(name + 3 * i, "山", 3);
	name[3000] = '\0';
	text_ok(name, 1000, 0);
	text_ok(name, 0, 0);
	text_bad(name, 999, 0, "too long: 1000 characters (the limit is 999)");
	memcpy(name + 3000, "田", 4);
	text_bad(name, 1000, 0, "too long: 1001 characters");
	free(name);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts),
		cmocka_unit_test(test_refuses_encoding),
		cmocka_unit_test(test_refuses_controls),
		cmocka_unit_test(test_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
