/*
 * The request file writer: byte-exact against a golden file, field positions checked against
 * docs/juki-format.md by hand, and every value that does not fit refused with its field.
 *
 * JUKI_GOLDEN_WRITE=1 rewrites tests/data/juki/request-golden.dat (review the diff!).
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

#include <openssl/evp.h>

#include "charconv.h"
#include "juki.h"

static const struct juki_request_header golden_header = {
	.file_id = "Q20250401-0001",
	.terminal_id = "T-TEST-01",
	.created = "20250401093000",
	.mode = JUKI_MODE_BATCH,
};

static const struct juki_query golden_queries[] = {
	{
		.request_no = 1, .jimu = 119, .mn_jimu = 45, .subject = "holder-0001",
		.base_date = 20250401, .name = "山田　太郎", .kana = "ヤマダ　タロウ",
		.want = JUKI_WANT_ALL, .birth = 19800115, .sex = JUKI_SEX_MALE,
		.mynumber = "123456789018",
	},
	{
		.request_no = 2, .jimu = 119, .subject = "holder-0002",
		.period_from = 20240401, .period_to = 20250331, .base_date = 20250401,
		.want_erased = 1, .name = "𠮷田　花子", .kana = "ヨシダ　ハナコ",
		.want = JUKI_WANT_BIRTH | JUKI_WANT_SEX | JUKI_WANT_ADDRESS | JUKI_WANT_REASON,
		.birth = 19751231, .sex = JUKI_SEX_FEMALE,
		.address = "東京都千代田区霞が関1-2-3", .municipality = "131016",
	},
	{
		.request_no = 9999999999ULL, .jimu = 9999, .subject = "holder-0003",
		.base_date = 20250401, .kana = "サトウ　ケン", .birth = 19920229,
		.sex = JUKI_SEX_MALE, .jumin_code = "12345678901",
	},
};
#define NGOLDEN	(sizeof golden_queries / sizeof golden_queries[0])

static int
setup(void **state)
{
	char	*cause = NULL;

	*state = charconv_open(&cause);
	return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	charconv_close(*state);
	return 0;
}

static char *
golden_path(void)
{
	const char	*top = getenv("top_srcdir");
	static char	 path[1024];

	snprintf(path, sizeof path, "%s/tests/data/juki/request-golden.dat",
	    top != NULL ? top : ".");
	return path;
}

static void
test_golden(void **state)
{
	char		*out = NULL, *cause = NULL, *want;
	size_t		 len, gaiji[NGOLDEN], wantlen;
	FILE		*f;

	assert_int_equal(juki_request_write(*state, &golden_header, golden_queries, NGOLDEN,
	    &out, &len, gaiji, &cause), 0);
	assert_int_equal(len, (NGOLDEN + 2) * JUKI_REQ_RECLEN);
	if (getenv("JUKI_GOLDEN_WRITE") != NULL) {
		assert_non_null(f = fopen(golden_path(), "wb"));
		assert_int_equal(fwrite(out, 1, len, f), len);
		fclose(f);
	}
	assert_non_null(f = fopen(golden_path(), "rb"));
	want = malloc(len + 1);
	wantlen = fread(want, 1, len + 1, f);
	fclose(f);
	assert_int_equal(wantlen, len);
	assert_memory_equal(out, want, len);
	free(want);
	free(out);
}

/* The same file read with the layout of docs/juki-format.md, independently of the tables. */
static void
test_layout(void **state)
{
	char		*out = NULL, *cause = NULL, *r, hex[65];
	size_t		 len, gaiji[NGOLDEN], i;
	unsigned char	 md[32];

	assert_int_equal(juki_request_write(*state, &golden_header, golden_queries, NGOLDEN,
	    &out, &len, gaiji, &cause), 0);
	assert_int_equal(gaiji[0], 0);
	assert_int_equal(gaiji[1], 1);		/* 𠮷 went out as 〓 */
	assert_int_equal(gaiji[2], 0);
	for (i = 0; i < NGOLDEN + 2; i++) {
		assert_memory_equal(out + i * 400 + 398, "\r\n", 2);
		assert_null(memchr(out + i * 400, '\n', 398));
	}
	/* Header. */
	assert_memory_equal(out, "1JKREQ001Q20250401-0001", 23);
	assert_memory_equal(out + 41, "T-TEST-01 ", 10);
	assert_memory_equal(out + 73, "20250401093000" "2" "0400" "00000003", 27);
	/* Record 2: My Number query. */
	r = out + 400;
	assert_memory_equal(r, "2" "0000000001" "0119" "0045" "holder-0001", 30);
	assert_memory_equal(r + 55, "00000000" "00000000" "20250401" "0", 25);
	assert_memory_equal(r + 80, "           ", 11);
	assert_memory_equal(r + 91, "\x8e\x52\x93\x63\x81\x40\x91\xbe\x98\x59\x81\x40", 12);
	assert_memory_equal(r + 219, "11111" "19800115" "1", 14);
	assert_memory_equal(r + 359, "123456789018", 12);
	/* Record 3: 𠮷 as 〓 (0x81AC); address digits and hyphens made full-width. */
	r = out + 800;
	assert_memory_equal(r + 1, "0000000002", 10);
	assert_memory_equal(r + 55, "20240401" "20250331" "20250401" "1", 25);
	assert_memory_equal(r + 91, "\x81\xac\x93\x63", 4);
	assert_memory_equal(r + 219, "11101", 5);
	assert_memory_equal(r + 233 + 14, "\x89\xe0\x82\xaa\x8a\xd6\x82\x50\x81\x7c\x82\x51"
	    "\x81\x7c\x82\x52\x81\x40", 18);
	assert_memory_equal(r + 353, "131016", 6);
	/* Record 4: no name, the kana, the resident record code. */
	r = out + 1200;
	assert_memory_equal(r + 1, "9999999999" "9999" "0000", 18);
	for (i = 0; i < 64; i += 2)
		assert_memory_equal(r + 91 + i, "\x81\x40", 2);
	assert_memory_equal(r + 80, "12345678901", 11);
	assert_memory_equal(r + 224, "19920229" "1", 9);
	/* Trailer: count and SHA-256 of the data records. */
	r = out + 1600;
	assert_memory_equal(r, "900000003", 9);
	EVP_Digest(out + 400, 1200, md, NULL, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	assert_memory_equal(r + 9, hex, 64);
	for (i = 73; i < 398; i++)
		assert_int_equal(r[i], ' ');
	free(out);
}

static void
expect_error(struct charconv *cc, const struct juki_request_header *h,
    const struct juki_query *q, size_t n, const char *needle)
{
	char	*out = (char *)1, *cause = NULL;
	size_t	 len = 1;

	assert_int_equal(juki_request_write(cc, h, q, n, &out, &len, NULL, &cause), -1);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_non_null(cause);
	if (strstr(cause, needle) == NULL)
		fail_msg("\"%s\" does not mention \"%s\"", cause, needle);
	free(cause);
}

static void
test_refused(void **state)
{
	struct juki_request_header	 h = golden_header;
	struct juki_query		 q[2];
	struct juki_query		 many[JUKI_IMMEDIATE_MAX + 1];
	size_t				 i;

#define RESET()	do { q[0] = golden_queries[0]; q[1] = golden_queries[1]; } while (0)
	RESET();
	q[0].name = "山田山田山田山田山田山田山田山田山田山田山田山田山田山田山田山田山";
	expect_error(*state, &h, q, 1, "2-10");
	RESET();
	q[0].name = "ﾔﾏﾀﾞ";
	expect_error(*state, &h, q, 1, "half-width");
	RESET();
	q[0].name = "山\x01田";
	expect_error(*state, &h, q, 1, "control character");
	RESET();
	q[0].kana = "ヤマ\xff";
	expect_error(*state, &h, q, 1, "UTF-8");
	RESET();
	q[0].mynumber = "12345678901";
	expect_error(*state, &h, q, 1, "2-21");
	RESET();
	q[0].mynumber = "12345678901a";
	expect_error(*state, &h, q, 1, "12 digits");
	RESET();
	q[0].mn_jimu = 0;
	expect_error(*state, &h, q, 1, "2-3");
	RESET();
	q[0].base_date = 20250230;
	expect_error(*state, &h, q, 1, "2-7");
	RESET();
	q[0].birth = 19801301;
	expect_error(*state, &h, q, 1, "2-17");
	RESET();
	q[1].period_to = 0;
	expect_error(*state, &h, q, 2, "period");
	RESET();
	q[1].period_to = 20260101;
	expect_error(*state, &h, q, 2, "period");
	RESET();
	q[1].request_no = 1;
	expect_error(*state, &h, q, 2, "appears twice");
	RESET();
	q[0].request_no = 0;
	expect_error(*state, &h, q, 1, "2-1");
	RESET();
	q[0].request_no = 10000000000ULL;
	expect_error(*state, &h, q, 1, "2-1");
	RESET();
	q[0].subject = "holder\n";
	expect_error(*state, &h, q, 1, "2-4");
	RESET();
	q[0].subject = "0123456789012345678901234567890123456";
	expect_error(*state, &h, q, 1, "2-4");
	RESET();
	q[0].mynumber = NULL;
	q[0].sex = JUKI_SEX_NONE;
	expect_error(*state, &h, q, 1, "no complete search key");
	RESET();
	q[0].jimu = 0;
	expect_error(*state, &h, q, 1, "2-2");
	RESET();
	q[1].address = "東京都千代田区霞が関一丁目二番三号東京都千代田区霞が関一丁目二番三号"
	    "東京都千代田区霞が関一丁目二番三号東京都千代田区霞が関一丁目二番三号";
	expect_error(*state, &h, q, 2, "2-19");

	RESET();
	h.file_id = "../etc";
	expect_error(*state, &h, q, 1, "file id");
	h = golden_header;
	h.terminal_id = "";
	expect_error(*state, &h, q, 1, "terminal id");
	h = golden_header;
	h.created = "20250401250000";
	expect_error(*state, &h, q, 1, "creation time");
	h = golden_header;
	expect_error(*state, &h, q, 0, "1 to");
	h.mode = JUKI_MODE_IMMEDIATE;
	for (i = 0; i < JUKI_IMMEDIATE_MAX + 1; i++) {
		many[i] = golden_queries[0];
		many[i].request_no = i + 1;
	}
	expect_error(*state, &h, many, JUKI_IMMEDIATE_MAX + 1, "immediate");
#undef RESET
}

static void
test_patterns(void **state)
{
	struct juki_query	 q;

	(void)state;
	memset(&q, 0, sizeof q);
	assert_int_equal(juki_query_pattern(&q), JUKI_PAT_NONE);
	q.kana = "サトウ";
	q.birth = 19900101;
	assert_int_equal(juki_query_pattern(&q), JUKI_PAT_NONE);
	q.sex = JUKI_SEX_FEMALE;
	assert_int_equal(juki_query_pattern(&q), JUKI_PAT_KANA3);
	q.name = "佐藤";
	assert_int_equal(juki_query_pattern(&q), JUKI_PAT_KANJI3);
	q.address = "東京都";
	assert_int_equal(juki_query_pattern(&q), JUKI_PAT_KANJI4);
	q.name = "";
	assert_int_equal(juki_query_pattern(&q), JUKI_PAT_KANA4);
	q.jumin_code = "12345678901";
	assert_int_equal(juki_query_pattern(&q), JUKI_PAT_JUMIN);
	q.mynumber = "123456789018";
	assert_int_equal(juki_query_pattern(&q), JUKI_PAT_MYNUMBER);
}

/* The tables cover each record exactly, field after field. */
static void
test_tables(void **state)
{
	size_t	 i, off;

	(void)state;
	for (i = 0, off = 0; i < JD__COUNT; i++) {
		assert_int_equal(juki_data_fields[i].off, off);
		if (juki_data_fields[i].type == JUKI_N)
			assert_int_equal(juki_data_fields[i].width % 2, 0);
		off += juki_data_fields[i].width;
		if (i == JD_REQUEST_LAST)
			assert_int_equal(off, JUKI_ECHO_LEN);
	}
	assert_int_equal(off, JUKI_RES_RECLEN - 2);
	assert_int_equal(JUKI_ECHO_LEN, JUKI_REQ_RECLEN - 2);
	for (i = 0, off = 0; i < JH__COUNT - 1; i++) {
		assert_int_equal(juki_header_fields[i].off, off);
		off += juki_header_fields[i].width;
	}
	assert_int_equal(juki_header_fields[JH_FILLER].off, off);
	for (i = 0, off = 0; i < JT__COUNT - 1; i++) {
		assert_int_equal(juki_trailer_fields[i].off, off);
		off += juki_trailer_fields[i].width;
	}
	assert_int_equal(juki_trailer_fields[JT_FILLER].off, off);
}

static void
test_dates(void **state)
{
	(void)state;
	assert_true(juki_valid_date(20240229));
	assert_false(juki_valid_date(20230229));
	assert_true(juki_valid_date(20000229));
	assert_false(juki_valid_date(19000229));
	assert_false(juki_valid_date(18671231));
	assert_false(juki_valid_date(20241131));
	assert_false(juki_valid_date(0));
	assert_true(juki_valid_timestamp("20250401235959"));
	assert_false(juki_valid_timestamp("2025040123595"));
	assert_false(juki_valid_timestamp("20250401240000"));
	assert_false(juki_valid_timestamp("2025040123595x"));
	assert_true(juki_valid_id("T-TEST_01"));
	assert_false(juki_valid_id("T TEST"));
	assert_false(juki_valid_id("012345678901234567890123456789012"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_dates),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
