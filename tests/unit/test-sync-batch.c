/*
 * The sync batch on the wire (docs/sync.md): SHA-256 in hex, JSON strings that survive any
 * byte a terminal id or value may hold, and a header that names the kind, the terminal,
 * the row range and count, the sending time and the body's digest.
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

#include "sync-batch.h"
#include "sync-store.h"

static void
test_sha256(void **state)
{
	char	 hex[SYNC_SHA256_HEX];

	(void)state;
	assert_int_equal(sync_sha256_hex("", 0, hex), 0);
	assert_string_equal(hex,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_int_equal(sync_sha256_hex("abc", 3, hex), 0);
	assert_string_equal(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void
test_json_string(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "", "\"\"" },
		{ "T-0001", "\"T-0001\"" },
		{ "a\"b\\c", "\"a\\\"b\\\\c\"" },
		{ "x\ny\tz\r", "\"x\\ny\\tz\\r\"" },
		{ "\x01\x1f", "\"\\u0001\\u001f\"" },
		{ "東京都\x7f", "\"東京都\x7f\"" },
	};
	size_t	 i;
	char	*s;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = sync_json_string(cases[i].in);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
}

static void
check_batch_text(const char *kind, int format, const char *body)
{
	struct sync_batch	 b;
	char			 sha[SYNC_SHA256_HEX], *text, *want;

	memset(&b, 0, sizeof b);
	assert_null(sync_batch_text(kind, "T-1", &b, 0));
	b.body = (char *)body;
	b.first = 7;
	b.last = 9;
	b.count = 2;
	text = sync_batch_text(kind, "T-\"1", &b, 1775001600);	/* 2026-04-01 */
	assert_non_null(text);
	assert_int_equal(sync_sha256_hex(body, strlen(body), sha), 0);
	if (asprintf(&want, "{\"format\":%d,\"kind\":\"%s\",\"terminal\":\"T-\\\"1\","
	    "\"count\":2,\"first\":7,\"last\":9,\"sent_at\":\"2026-04-01T00:00:00Z\","
	    "\"sha256\":\"%s\"}\n%s", format, kind, sha, body) < 0)
		fail();
	assert_string_equal(text, want);
	free(want);
	free(text);
}

/* Changes go as tab-separated lines (format 2), audit entries as a JSON array (format 1). */
static void
test_batch_text(void **state)
{
	(void)state;
	check_batch_text("changes", 2, "7\tholder\tid\t1\tinsert\tat\t{}\n"
	    "9\tholder\tid\t2\tupdate\tat\t{}");
	check_batch_text("audit", 1, "[{\"seq\":7},{\"seq\":9}]");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_batch_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
