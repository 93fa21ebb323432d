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

#include "db-internal.h"
#include "json-string.h"
#include "sync/outbox.h"
#include "sync/sync-batch.h"
#include "sync/sync-store.h"
#include "testutil.h"
#include "xmalloc.h"

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
		s = json_string(cases[i].in);
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

static void
outbox_add(struct fixture *f, int64_t version, const char *payload)
{
	char	*cause = NULL;

	assert_int_equal(db_begin(f->db, &cause), 0);
	assert_int_equal(outbox_append(f->db, "holder", "5b0c1f39-2a4c-4f0e-9a59-2d7f0b9c1e11",
	    version, version == 1 ? OUTBOX_INSERT : OUTBOX_UPDATE, payload, &cause), 0);
	assert_int_equal(db_commit(f->db, &cause), 0);
}

/*
 * The body read from the outbox: unsent rows after the given seq, oldest first, at most
 * the limit; a payload with a raw tab or newline (JSON whitespace) goes out minified so
 * that each change stays one line of seven fields.
 */
static void
test_next_batch(void **state)
{
	struct fixture		*f = *state;
	struct sync_batch	 b;
	char			*cause = NULL, *want;
	const char		*at = "2026-01-02T03:04:05.678Z";
	int64_t			 last;

	assert_int_equal(sync_next_batch(f->db, 0, 10, &b, &cause), 0);
	assert_int_equal(b.count, 0);
	assert_null(b.body);

	outbox_add(f, 1, "{\"a\":1}");
	outbox_add(f, 2, "{\"b\":\n\t[1, 2]}");
	outbox_add(f, 3, "{\"c\":\"\u5ddd\u7530\"}");
	outbox_add(f, 4, "{}");
	assert_int_equal(db_exec(f->db, "UPDATE outbox SET created_at = "
	    "'2026-01-02T03:04:05.678Z'", &cause), 0);
	/* The first row was sent already. */
	assert_int_equal(db_exec(f->db, "UPDATE outbox SET pushed_at = created_at WHERE "
	    "version = 1", &cause), 0);

	assert_int_equal(sync_next_batch(f->db, 0, 2, &b, &cause), 0);
	assert_int_equal(b.count, 2);
	assert_int_equal(b.first, db_count(f->db, "SELECT seq FROM outbox WHERE version = 2"));
	assert_int_equal(b.last, db_count(f->db, "SELECT seq FROM outbox WHERE version = 3"));
	xasprintf(&want, "%lld\tholder\t5b0c1f39-2a4c-4f0e-9a59-2d7f0b9c1e11\t2\tupdate\t%s\t"
	    "{\"b\":[1,2]}\n"
	    "%lld\tholder\t5b0c1f39-2a4c-4f0e-9a59-2d7f0b9c1e11\t3\tupdate\t%s\t"
	    "{\"c\":\"\u5ddd\u7530\"}", (long long)b.first, at, (long long)b.last, at);
	assert_string_equal(b.body, want);
	free(want);

	/* After the last row read: the one left. */
	last = b.last;
	sync_batch_clear(&b);
	assert_int_equal(sync_next_batch(f->db, last, 2, &b, &cause), 0);
	assert_int_equal(b.count, 1);
	assert_int_equal(b.first, b.last);
	xasprintf(&want, "%lld\tholder\t5b0c1f39-2a4c-4f0e-9a59-2d7f0b9c1e11\t4\tupdate\t%s\t{}",
	    (long long)b.last, at);
	assert_string_equal(b.body, want);
	free(want);
	sync_batch_clear(&b);

	assert_int_equal(sync_next_batch(f->db, 0, 10000, &b, &cause), 0);
	assert_int_equal(b.count, 3);
	sync_batch_clear(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_batch_text),
		cmocka_unit_test_setup_teardown(test_next_batch, fixture_setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
