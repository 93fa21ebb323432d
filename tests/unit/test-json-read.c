/*
 * json-read: the members of a JSON object, against SQLite's json_valid and json_each on the
 * same text, which the sync client read payloads with before: written cases, then many
 * texts made by changing them a byte at a time. The reader may refuse more (a string
 * holding U+0000 or half a surrogate pair, deep nesting), writes a real number as it
 * was written, and calls an integer too large for 64 bits a real (json_each calls it an
 * integer and gives a real); otherwise both give the same members.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "json-compare.h"
#include "json-read.h"
#include "xmalloc.h"

static sqlite3	*mem;

static const char *const written[] = {
	"{}",
	" { } ",
	"{\"a\":1}",
	"{\"a\": \"x\", \"b\": 1, \"c\": null, \"d\": true, \"e\": false}",
	"{\"name\": \"山田\", \"kana\": \"ヤマダ\", \"sex\": 2, \"remarks\": \"\"}",
	"{\"s\": \"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"u\": \"\\u3042\\u00e9\\uD83D\\uDE00\"}",
	"{\"values\": {\"address1\": \"東京都\", \"n\": [1, 2.5, -3, \"x\", {\"y\": null}]}}",
	"{\"n\": -0, \"m\": 0, \"big\": 9223372036854775807, \"small\": -9223372036854775808}",
	"{\"over\": 9223372036854775808, \"under\": -9223372036854775809}",
	"{\"r\": 1.5, \"e\": 1e5, \"E\": 2E-3, \"f\": -0.0, \"g\": 1.50}",
	"{\"a\": 1, \"a\": 2}",
	"{\"\": \"empty key\", \"k\\\"ey\": 1, \"\\u3042\": 2}",
	"{\"o\": {}, \"l\": [], \"ll\": [[], [[]]], \"s\": \" { [ , : \\\" \"}",
	"{\t\"a\"\n:\r1 }",
	/* Not one object, or not JSON. */
	"",
	"[1]",
	"\"x\"",
	"1",
	"null",
	"{",
	"}",
	"{\"a\"}",
	"{\"a\":}",
	"{\"a\":1,}",
	"{,\"a\":1}",
	"{\"a\":1}}",
	"{\"a\":1} x",
	"{\"a\":1}{}",
	"{a:1}",
	"{'a':1}",
	"{\"a\":01}",
	"{\"a\":+1}",
	"{\"a\":1.}",
	"{\"a\":.5}",
	"{\"a\":1e}",
	"{\"a\":-}",
	"{\"a\":0x10}",
	"{\"a\":NaN}",
	"{\"a\":Infinity}",
	"{\"a\":tru}",
	"{\"a\":nul}",
	"{\"a\":True}",
	"{\"a\":\"\\x41\"}",
	"{\"a\":\"\\u12\"}",
	"{\"a\":\"\\uZZZZ\"}",
	"{\"a\":\"\t\"}",
	"{\"a\":\"\n\"}",
	"{\"a\":\"unterminated}",
	"{\"a\":[1,]}",
	"{\"a\":[1 2]}",
	"{\"a\":{\"b\"}}",
	"{\"a\":{\"b\":1,}}",
	"{\"a\" 1}",
	"{\"a\":1 \"b\":2}",
	"{\"a\":// comment\n1}",
	"{\"a\":1}\n\n",
	"\xef\xbb\xbf{\"a\":1}",
	"{\"a\":\"\xff\xfe\"}",
};

/* 1 if both agree on json, 0 if only the reader refused it (allowed), else fails. */
static int
compare(struct json_object *o, const char *json)
{
	char	*why;
	int	 rc;

	if ((rc = json_compare(mem, o, json, &why)) < 0)
		fail_msg("%s", why);
	return rc;
}

static void
test_written(void **state)
{
	struct json_object	 o;
	size_t			 i;

	(void)state;
	memset(&o, 0, sizeof o);
	for (i = 0; i < sizeof written / sizeof *written; i++)
		assert_int_equal(compare(&o, written[i]), 1);
	json_object_free(&o);
}

/* The members' values as a pull binds them. */
static void
test_values(void **state)
{
	struct json_object	 o;

	(void)state;
	memset(&o, 0, sizeof o);
	assert_int_equal(json_object_read(&o, "{\"a\": -0, \"b\": 9223372036854775807, "
	    "\"c\": true, \"d\": \"\\u3042\", \"e\": {\"x\" : [1 , 2]}}"), 0);
	assert_int_equal(o.n, 5);
	assert_int_equal(o.members[0].type, JSON_INTEGER);
	assert_int_equal(o.members[0].integer, 0);
	assert_string_equal(o.members[0].text, "0");
	assert_true(o.members[1].integer == INT64_MAX);
	assert_int_equal(o.members[2].type, JSON_TRUE);
	assert_int_equal(o.members[2].integer, 1);
	assert_string_equal(o.members[3].text, "\xe3\x81\x82");
	assert_int_equal(o.members[4].type, JSON_OBJECT);
	assert_string_equal(o.members[4].text, "{\"x\":[1,2]}");
	/* A refused text leaves no members of the one read before. */
	assert_int_equal(json_object_read(&o, "{\"a\": 1,}"), -1);
	assert_int_equal(o.n, 0);
	/* Stricter than SQLite: U+0000, half a pair, nesting deeper than the limit. */
	assert_int_equal(json_object_read(&o, "{\"a\": \"x\\u0000y\"}"), -1);
	assert_int_equal(json_object_read(&o, "{\"a\": \"\\ud800\"}"), -1);
	assert_int_equal(json_object_read(&o, "{\"a\": \"\\udc00\\ud800\"}"), -1);
	assert_int_equal(json_object_read(&o, "{\"a\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"), -1);
	assert_int_equal(json_object_read(&o, "{\"a\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"), 0);
	json_object_free(&o);
}

/*
 * Texts made from the written ones by deleting, inserting or replacing bytes, with the
 * characters JSON gives meaning to most often: a fixed sequence, so that a failure comes
 * back.
 */
static void
test_changed(void **state)
{
	static const char	 bytes[] = "{}[]\":,\\ -+.0123456789eEtrufalsn\t\nu\x01\xe3\x81\x82";
	struct json_object	 o;
	uint64_t		 seed = 20261207;
	char			 text[512];
	size_t			 i, len, at, k, agreed = 0, stricter = 0, objects = 0;
	int			 round;

	(void)state;
	memset(&o, 0, sizeof o);
	for (round = 0; round < 200000; round++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		snprintf(text, sizeof text, "%s", written[(seed >> 33) %
		    (sizeof written / sizeof *written)]);
		for (k = 0; k < 1 + (seed >> 60) % 4; k++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			len = strlen(text);
			at = len > 0 ? (seed >> 20) % (len + 1) : 0;
			switch ((seed >> 40) % 3) {
			case 0:
				if (at < len)
					memmove(text + at, text + at + 1, len - at);
				break;
			case 1:
				if (len + 2 < sizeof text) {
					memmove(text + at + 1, text + at, len - at + 1);
					text[at] = bytes[(seed >> 50) % (sizeof bytes - 1)];
				}
				break;
			default:
				if (at < len)
					text[at] = bytes[(seed >> 50) % (sizeof bytes - 1)];
				break;
			}
		}
		i = compare(&o, text);
		agreed += i;
		stricter += !i;
		objects += json_object_read(&o, text) == 0;
	}
	json_object_free(&o);
	print_message("# %zu texts agreed (%zu of them objects), %zu refused only by the "
	    "reader\n", agreed, objects, stricter);
	assert_true(agreed > 190000);
	assert_true(objects > 10000);
}

static int
setup(void **state)
{
	(void)state;
	return sqlite3_open(":memory:", &mem) == SQLITE_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	sqlite3_close(mem);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_written),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_changed),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
