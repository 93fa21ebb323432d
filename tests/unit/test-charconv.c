/*
 * The CP932 module: NEC specials and the wave dash as CP932 maps them, 外字 replaced and
 * counted both ways, bad bytes named with their offset, buffers that grow.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "charconv.h"

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

static void
to_utf8_ok(struct charconv *cc, const char *in, size_t len, const char *want,
    size_t want_gaiji)
{
	struct charconv_buf	 b = { 0 };
	size_t			 gaiji = 99, errpos = 0;
	char			*cause = NULL;

	assert_int_equal(charconv_to_utf8(cc, in, len, &b, &gaiji, &errpos, &cause), 0);
	assert_null(cause);
	assert_string_equal(b.data, want);
	assert_int_equal(b.len, strlen(want));
	assert_int_equal(gaiji, want_gaiji);
	charconv_buf_free(&b);
}

static void
to_cp932_ok(struct charconv *cc, const char *in, const char *want, size_t wantlen,
    size_t want_gaiji)
{
	struct charconv_buf	 b = { 0 };
	size_t			 gaiji = 99, errpos = 0;
	char			*cause = NULL;

	assert_int_equal(charconv_to_cp932(cc, in, strlen(in), &b, &gaiji, &errpos, &cause),
	    0);
	assert_int_equal(b.len, wantlen);
	assert_memory_equal(b.data, want, wantlen);
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(gaiji, want_gaiji);
	charconv_buf_free(&b);
}

/* ① at 0x8740 (NEC special, refused by glibc's SHIFT_JIS) and 0x8160 as U+FF5E. */
static void
test_nec_specials(void **state)
{
	to_utf8_ok(*state, "\x87\x40\x87\x54\x87\x8a", 6, "①Ⅰ㈱", 0);
	to_utf8_ok(*state, "\x81\x60", 2, "～", 0);
	to_cp932_ok(*state, "①Ⅰ㈱", "\x87\x40\x87\x54\x87\x8a", 6, 0);
	/* Both waves go out as 0x8160; it comes back as the full-width tilde. */
	to_cp932_ok(*state, "〜", "\x81\x60", 2, 0);
	to_cp932_ok(*state, "～", "\x81\x60", 2, 0);
	/* IBM extensions that names use. */
	to_cp932_ok(*state, "髙﨑", "\xfb\xfc\xfa\xb1", 4, 0);
}

static void
test_ascii_and_kana(void **state)
{
	to_utf8_ok(*state, "ABC 123", 7, "ABC 123", 0);
	to_utf8_ok(*state, "\x83\x5e\x83\x8d\x83\x45", 6, "タロウ", 0);
	to_utf8_ok(*state, "\xb1", 1, "ｱ", 0);
	to_cp932_ok(*state, "山田　太郎", "\x8e\x52\x93\x63\x81\x40\x91\xbe\x98\x59", 10, 0);
}

/* The user-defined area is 外字: 〓 and counted, never a private-use character. */
static void
test_gaiji_in(void **state)
{
	to_utf8_ok(*state, "\xf0\x40", 2, "〓", 1);
	to_utf8_ok(*state, "\x8e\x52\xf9\xfc\x93\x63\xf5\x80", 8, "山〓田〓", 2);
	/* 〓 itself is an ordinary character. */
	to_utf8_ok(*state, "\x81\xac", 2, "〓", 0);
}

static void
test_gaiji_out(void **state)
{
	to_cp932_ok(*state, "𠮷田", "\x81\xac\x93\x63", 4, 1);
	to_cp932_ok(*state, "𡈽屋𩸽", "\x81\xac\x89\xae\x81\xac", 6, 2);
	/* Private use would become a user-defined code; it is 外字 too. */
	to_cp932_ok(*state, "a\xee\x80\x80", "a\x81\xac", 3, 1);
}

static void
test_bad_cp932(void **state)
{
	static const struct {
		const char	*in;
		size_t		 len;
		size_t		 pos;
	} bad[] = {
		{ "AB\x85\x40", 4, 2 },		/* unassigned row */
		{ "A\x80", 2, 1 },
		{ "\xa0", 1, 0 },
		{ "\x8e\x52\xfd", 3, 2 },
		{ "\x8e\x52\x81", 3, 2 },	/* lead byte at the end */
		{ "\x81\x20", 2, 0 },		/* bad trail byte */
	};
	struct charconv_buf	 b = { 0 };
	size_t			 i, gaiji, errpos;
	char			*cause;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		errpos = 999;
		assert_int_equal(charconv_to_utf8(*state, bad[i].in, bad[i].len, &b, &gaiji,
		    &errpos, &cause), -1);
		assert_int_equal(errpos, bad[i].pos);
		assert_non_null(cause);
		assert_non_null(strstr(cause, "offset"));
		free(cause);
	}
	charconv_buf_free(&b);
}

static void
test_bad_utf8(void **state)
{
	static const struct {
		const char	*in;
		size_t		 pos;
	} bad[] = {
		{ "ab\xc3\x28", 2 },
		{ "\xe3\x80", 0 },		/* cut short */
		{ "x\xed\xa0\x80", 1 },		/* surrogate */
		{ "\xc0\xaf", 0 },		/* overlong */
		{ "ok\xff", 2 },
	};
	struct charconv_buf	 b = { 0 };
	size_t			 i, gaiji, errpos;
	char			*cause;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		errpos = 999;
		assert_int_equal(charconv_to_cp932(*state, bad[i].in, strlen(bad[i].in), &b,
		    &gaiji, &errpos, &cause), -1);
		assert_int_equal(errpos, bad[i].pos);
		assert_non_null(strstr(cause, "UTF-8"));
		free(cause);
	}
	charconv_buf_free(&b);
}

/* Half-width katakana triple in size: the first guess is too small and E2BIG grows it. */
static void
test_growth(void **state)
{
	struct charconv_buf	 b = { 0 };
	size_t			 gaiji, errpos, i;
	char			*in, *cause = NULL;

	in = malloc(5000);
	memset(in, 0xb1, 5000);
	assert_int_equal(charconv_to_utf8(*state, in, 5000, &b, &gaiji, &errpos, &cause), 0);
	assert_int_equal(b.len, 15000);
	for (i = 0; i < 15000; i += 3)
		assert_memory_equal(b.data + i, "ｱ", 3);
	/* The buffer is reused; a short conversion afterwards is still exact. */
	assert_int_equal(charconv_to_utf8(*state, "\x87\x40", 2, &b, &gaiji, &errpos,
	    &cause), 0);
	assert_string_equal(b.data, "①");
	charconv_buf_free(&b);
	free(in);
}

/* Every JIS X 0208 code survives a round trip (the NEC row 0x87 has duplicates). */
static void
test_round_trip_jis(void **state)
{
	struct charconv_buf	 u = { 0 }, s = { 0 };
	unsigned char		 in[2];
	unsigned		 lead, trail, ok = 0;
	size_t			 gaiji, errpos;
	char			*cause;

	for (lead = 0x81; lead <= 0xea; lead++) {
		if ((lead >= 0x85 && lead <= 0x87) || (lead > 0x9f && lead < 0xe0))
			continue;
		for (trail = 0x40; trail <= 0xfc; trail++) {
			if (trail == 0x7f)
				continue;
			in[0] = lead;
			in[1] = trail;
			cause = NULL;
			if (charconv_to_utf8(*state, in, 2, &u, &gaiji, &errpos, &cause) != 0) {
				free(cause);	/* unassigned: not part of the round trip */
				continue;
			}
			assert_int_equal(gaiji, 0);
			assert_int_equal(charconv_to_cp932(*state, u.data, u.len, &s, &gaiji,
			    &errpos, &cause), 0);
			if (s.len != 2 || memcmp(s.data, in, 2) != 0)
				fail_msg("0x%02x%02x -> %s -> 0x%02x%02x", lead, trail, u.data,
				    (unsigned char)s.data[0], (unsigned char)s.data[1]);
			ok++;
		}
	}
	/* Exactly the 6,879 characters of JIS X 0208. */
	assert_int_equal(ok, 6879);
	charconv_buf_free(&u);
	charconv_buf_free(&s);
}

static void
test_seqlen(void **state)
{
	(void)state;
	assert_int_equal(charconv_utf8_seqlen((const unsigned char *)"a", 1), 1);
	assert_int_equal(charconv_utf8_seqlen((const unsigned char *)"\xe3\x80\x93", 3), 3);
	assert_int_equal(charconv_utf8_seqlen((const unsigned char *)"\xe3\x80\x93", 2), 0);
	assert_int_equal(charconv_utf8_seqlen((const unsigned char *)"\xf0\xa0\xae\xb7", 4),
	    4);
	assert_int_equal(charconv_utf8_seqlen((const unsigned char *)"\xf4\x90\x80\x80", 4),
	    0);
	assert_int_equal(charconv_utf8_seqlen((const unsigned char *)"\x80", 1), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nec_specials),
		cmocka_unit_test(test_ascii_and_kana),
		cmocka_unit_test(test_gaiji_in),
		cmocka_unit_test(test_gaiji_out),
		cmocka_unit_test(test_bad_cp932),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_round_trip_jis),
		cmocka_unit_test(test_seqlen),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
