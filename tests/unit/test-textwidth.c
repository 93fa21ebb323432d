/*
 * UTF-8 decoding and terminal columns: strict decoding, the width table against glibc's
 * wcwidth() over every code point, the same answers in the C locale, and truncation of
 * mixed ASCII/kanji at every column limit without splitting a character.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "textwidth.h"
#include "textwidth-table.h"

static void
test_decode_valid(void **state)
{
	static const struct {
		const char	*s;
		size_t		 len;
		uint32_t	 cp;
	} ok[] = {
		{ "A", 1, 0x41 },
		{ "\x7f", 1, 0x7f },
		{ "\xc2\x80", 2, 0x80 },
		{ "\xdf\xbf", 2, 0x7ff },
		{ "\xe0\xa0\x80", 3, 0x800 },
		{ "山", 3, 0x5c71 },
		{ "\xed\x9f\xbf", 3, 0xd7ff },
		{ "\xee\x80\x80", 3, 0xe000 },
		{ "\xef\xbf\xbf", 3, 0xffff },
		{ "𠮷", 4, 0x20bb7 },
		{ "\xf4\x8f\xbf\xbf", 4, 0x10ffff },
	};
	uint32_t	 cp;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		cp = 0;
		assert_int_equal(utf8_decode(ok[i].s, strlen(ok[i].s), &cp), ok[i].len);
		assert_int_equal(cp, ok[i].cp);
	}
}

static void
test_decode_invalid(void **state)
{
	static const char *bad[] = {
		"\x80",			/* lone continuation */
		"\xbf",
		"\xc0\xaf",		/* overlong '/' */
		"\xc1\xbf",
		"\xe0\x80\xaf",		/* overlong, 3 bytes */
		"\xe0\x9f\xbf",
		"\xf0\x80\x80\xaf",	/* overlong, 4 bytes */
		"\xf0\x8f\xbf\xbf",
		"\xed\xa0\x80",		/* surrogate U+D800 */
		"\xed\xbf\xbf",		/* surrogate U+DFFF */
		"\xf4\x90\x80\x80",	/* U+110000 */
		"\xf5\x80\x80\x80",
		"\xff",
		"\xe5\xb1",		/* truncated 山 */
		"\xe5\x41\x41",		/* bad continuation */
		"\xf0\xa0\xae",		/* truncated 𠮷 */
	};
	uint32_t	 cp = 0x1234;
	size_t		 i, off = 99;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(utf8_decode(bad[i], strlen(bad[i]), &cp), 0);
		assert_int_equal(cp, 0x1234);
		assert_false(utf8_valid(bad[i], strlen(bad[i]), NULL));
	}
	/* A length that cuts a character short is as bad as a missing byte. */
	assert_int_equal(utf8_decode("山", 2, &cp), 0);
	assert_int_equal(utf8_decode("", 0, &cp), 0);

	assert_true(utf8_valid("山田 太郎", strlen("山田 太郎"), &off));
	assert_int_equal(off, 99);
	assert_false(utf8_valid("山田\xff太郎", strlen("山田\xff太郎"), &off));
	assert_int_equal(off, 6);
}

static void
test_encode_roundtrip(void **state)
{
	char		 buf[4];
	uint32_t	 cp, back;
	size_t		 n;

	(void)state;
	for (cp = 0; cp <= 0x10ffff; cp++) {
		n = utf8_encode(cp, buf);
		if (cp >= 0xd800 && cp <= 0xdfff) {
			assert_int_equal(n, 0);
			continue;
		}
		assert_int_equal(n, cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
		assert_int_equal(utf8_decode(buf, n, &back), n);
		assert_int_equal(back, cp);
	}
	assert_int_equal(utf8_encode(0x110000, buf), 0);
}

static void
test_char_widths(void **state)
{
	static const struct {
		uint32_t	 cp;
		int		 w;
	} t[] = {
		{ 'A', 1 }, { ' ', 1 }, { '~', 1 }, { 0, 0 },
		{ '\t', -1 }, { '\n', -1 }, { 0x1b, -1 }, { 0x7f, -1 }, { 0x85, -1 },
		{ 0x9f, -1 }, { 0xa0, 1 }, { 0xe9, 1 },
		{ 0x3042, 2 },		/* あ */
		{ 0x30a2, 2 },		/* ア */
		{ 0x30fc, 2 },		/* ー */
		{ 0xff71, 1 },		/* ｱ half-width */
		{ 0xff9e, 1 },		/* ﾞ */
		{ 0x5c71, 2 },		/* 山 */
		{ 0x9ad9, 2 },		/* 髙 */
		{ 0x20bb7, 2 },		/* 𠮷 */
		{ 0xac00, 2 },		/* 가 */
		{ 0x1100, 2 },		/* ᄀ leading jamo */
		{ 0x1160, 0 },		/* vowel jamo: joins the syllable */
		{ 0xff21, 2 },		/* Ａ */
		{ 0xff10, 2 },		/* ０ */
		{ 0x3000, 2 },		/* ideographic space */
		{ 0x3099, 0 },		/* combining voiced mark */
		{ 0x0301, 0 },		/* combining acute */
		{ 0x200b, 0 },		/* zero width space */
		{ 0x2026, 1 },		/* … */
		{ 0x1f600, 2 },		/* 😀 */
		{ 0xe000, 1 },		/* private use */
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (textwidth_char(t[i].cp) != t[i].w)
			fail_msg("U+%04X: %d, want %d", (unsigned)t[i].cp,
			    textwidth_char(t[i].cp), t[i].w);
	}
}

/* The table agrees with glibc's wcwidth() in a UTF-8 locale, code point by code point. */
static void
test_table_matches_wcwidth(void **state)
{
	uint32_t	 cp;
	int		 w, mismatches = 0;

	(void)state;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "C.utf8") == NULL)
		skip();
	for (cp = 1; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		w = wcwidth((wchar_t)cp);
		if (w < 0 && textwidth_char(cp) == 1)
			continue;	/* unassigned: one column here */
		if (w != textwidth_char(cp) && mismatches++ < 10)
			print_message("U+%04X: wcwidth %d, table %d\n", (unsigned)cp, w,
			    textwidth_char(cp));
	}
	setlocale(LC_CTYPE, "C");
	assert_int_equal(mismatches, 0);
}

/* In the C locale wcwidth() knows no kanji; textwidth asks C.UTF-8's. */
static void
test_c_locale(void **state)
{
	(void)state;
	assert_non_null(setlocale(LC_ALL, "C"));
	assert_int_equal(textwidth("山田 太郎"), 9);
	assert_int_equal(textwidth_char(0x5c71), 2);
	assert_int_equal(textwidth_prefix("山田", 3, NULL), 3);
}

static int
in_old(uint32_t cp, const struct width_range *t, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (cp >= t[i].first && cp <= t[i].last)
			return 1;
	}
	return 0;
}

/*
 * The widths glibc gives now against the table copied from glibc 2.36, over every code
 * point, each difference listed. A difference must be one explained here (none on Debian
 * bookworm's glibc 2.36, from which the table came); a newer glibc that moves a character
 * makes this test name it, to be explained before the new width is taken.
 */
static const struct { uint32_t cp; int width; const char *why; } explained[] = {
	{ 0, 0, NULL }
};

static void
test_glibc_against_old_table(void **state)
{
	uint32_t	 cp;
	int		 old, now, unexplained = 0;
	size_t		 i;

	(void)state;
	for (cp = 0x300; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		old = in_old(cp, old_zero_width, old_zero_width_n) ? 0 :
		    in_old(cp, old_wide, old_wide_n) ? 2 : 1;
		now = textwidth_char(cp);
		if (now == old)
			continue;
		for (i = 0; explained[i].why != NULL; i++) {
			if (explained[i].cp == cp && explained[i].width == now)
				break;
		}
		if (explained[i].why != NULL) {
			print_message("U+%04X: %d columns, was %d: %s\n", (unsigned)cp, now, old,
			    explained[i].why);
			continue;
		}
		if (unexplained++ < 20)
			print_message("U+%04X: %d columns, was %d: not explained\n",
			    (unsigned)cp, now, old);
	}
	assert_int_equal(unexplained, 0);
}


static void
test_string_width(void **state)
{
	(void)state;
	assert_int_equal(textwidth(""), 0);
	assert_int_equal(textwidth("abc"), 3);
	assert_int_equal(textwidth("山田太郎"), 8);
	assert_int_equal(textwidth("山田 a"), 6);
	assert_int_equal(textwidth("ﾔﾏﾀﾞ"), 4);
	assert_int_equal(textwidth("ヤマダ　タロウ"), 14);
	assert_int_equal(textwidth("e\xcc\x81"), 1);		/* e + combining acute */
	assert_int_equal(textwidth("𠮷田"), 4);
	/* An invalid byte and a control character each take one column. */
	assert_int_equal(textwidth("a\xffz"), 3);
	assert_int_equal(textwidth("a\tz"), 3);
	assert_int_equal(textwidth_n("山田太郎", 6), 4);
	assert_int_equal(textwidth_n("山田太郎", 5), 4);	/* 山 + a cut 田: 1 + 1 bytes */
}

static void
test_prefix_exact(void **state)
{
	static const struct {
		size_t	 cols, bytes, used;
	} t[] = {
		{ 0, 0, 0 }, { 1, 1, 1 }, { 2, 2, 2 }, { 3, 2, 2 }, { 4, 5, 4 }, { 5, 5, 4 },
		{ 6, 8, 6 }, { 7, 9, 7 }, { 8, 10, 8 }, { 9, 10, 8 }, { 100, 10, 8 },
	};
	const char	*s = "ab山田cd";
	size_t		 i, used;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		used = 99;
		assert_int_equal(textwidth_prefix(s, t[i].cols, &used), t[i].bytes);
		assert_int_equal(used, t[i].used);
	}
	/* A combining mark stays with its base, even at the limit. */
	assert_int_equal(textwidth_prefix("ae\xcc\x81z", 2, NULL), 4);
	assert_int_equal(textwidth_prefix("カ\xe3\x82\x99タ", 2, NULL), 6);
	/* An invalid byte is one unit of one column. */
	assert_int_equal(textwidth_prefix("\xff山", 1, NULL), 1);
	assert_int_equal(textwidth_prefix("\xff山", 2, NULL), 1);
	assert_int_equal(textwidth_prefix("\xff山", 3, NULL), 4);
}

/*
 * Every limit from 0 to past the end over mixed text: the prefix is valid UTF-8, fits, and
 * is the longest that does (the next character is not zero-width and would not fit).
 */
static void
test_prefix_every_limit(void **state)
{
	static const char *texts[] = {
		"山田 太郎 Taro YAMADA",
		"a山b田c太d郎e",
		"ﾔﾏﾀﾞ ﾀﾛｳ/ヤマダ　タロウ",
		"𠮷田x髙橋yＡＢＣ가나다😀!",
		"e\xcc\x81\xcc\x82山\xe3\x82\x99x",
		"1234567890",
	};
	size_t		 i, cols, n, used, total, nlen;
	uint32_t	 cp;
	const char	*s;

	(void)state;
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		s = texts[i];
		total = textwidth(s);
		for (cols = 0; cols <= total + 2; cols++) {
			n = textwidth_prefix(s, cols, &used);
			assert_true(utf8_valid(s, n, NULL));
			assert_int_equal(textwidth_n(s, n), used);
			assert_true(used <= cols);
			if (s[n] == '\0') {
				assert_int_equal(used, total);
				continue;
			}
			nlen = utf8_decode(s + n, strlen(s + n), &cp);
			assert_true(nlen > 0);
			assert_true(textwidth_char(cp) > 0);
			assert_true(used + (size_t)textwidth_char(cp) > cols);
		}
	}
}

static void
test_truncate(void **state)
{
	static const struct {
		const char	*s;
		size_t		 cols;
		int		 ellipsis;
		const char	*want;
	} t[] = {
		{ "山田太郎", 8, 1, "山田太郎" },
		{ "山田太郎", 100, 1, "山田太郎" },
		{ "山田太郎", 7, 1, "山田太…" },
		{ "山田太郎", 6, 1, "山田…" },
		{ "山田太郎", 5, 1, "山田…" },
		{ "山田太郎", 4, 1, "山…" },
		{ "山田太郎", 2, 1, "…" },
		{ "山田太郎", 1, 1, "…" },
		{ "山田太郎", 0, 1, "" },
		{ "山田太郎", 7, 0, "山田太" },
		{ "山田太郎", 5, 0, "山田" },
		{ "山田太郎", 1, 0, "" },
		{ "a山b田c", 4, 0, "a山b" },
		{ "a山b田c", 5, 0, "a山b" },
		{ "a山b田c", 5, 1, "a山b…" },
		{ "a山b田c", 3, 1, "a…" },
		{ "Taro YAMADA", 6, 1, "Taro …" },
		{ "", 0, 1, "" },
	};
	char	*out;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		out = textwidth_truncate(t[i].s, t[i].cols, t[i].ellipsis);
		if (strcmp(out, t[i].want) != 0)
			fail_msg("\"%s\" at %zu%s: \"%s\", want \"%s\"", t[i].s, t[i].cols,
			    t[i].ellipsis ? " with …" : "", out, t[i].want);
		assert_true(textwidth(out) <= t[i].cols);
		free(out);
	}
}

/* A 1,000-character name cut at odd widths: whole characters, never over the limit. */
static void
test_long_name(void **state)
{
	char	*name, *out;
	size_t	 i, cols;

	(void)state;
	name = malloc(3 * 1000 + 1);
	assert_non_null(name);
	for (i = 0; i < 1000; i++)
		memcpy(name + 3 * i, i % 7 == 3 ? "ｱ" : "山", 3);
	name[3000] = '\0';
	assert_int_equal(textwidth(name), 2 * 1000 - 143);
	for (cols = 1; cols < 2100; cols += 37) {
		out = textwidth_truncate(name, cols, 1);
		assert_true(utf8_valid(out, strlen(out), NULL));
		assert_true(textwidth(out) <= cols);
		if (cols >= 2 * 1000 - 143)
			assert_string_equal(out, name);
		else
			assert_true(textwidth(out) + 1 >= cols);
		assert_int_equal(strlen(out) % 3, 0);
		free(out);
	}
	free(name);
}

/* wrapped(TEXT, WIDTH) is EXPECT, and no line of it is wider than WIDTH. */
static void
check_wrap(const char *text, int width, const char *expect)
{
	char	*out = textwidth_wrap(text, width), *line, *end;

	assert_string_equal(out, expect);
	for (line = out; line != NULL; line = end) {
		if ((end = strchr(line, '\n')) != NULL)
			*end++ = '\0';
		assert_true(textwidth(line) <= (size_t)width);
	}
	free(out);
}

static void
test_wrap(void **state)
{
	(void)state;
	/* Words stay whole; the space at the break goes. */
	check_wrap("the quick brown fox jumps", 10, "the quick\nbrown fox\njumps");
	/* A word longer than the line is broken where it must be. */
	check_wrap("abcdefghijklmnop", 10, "abcdefghij\nklmnop");
	/* Newlines in the text are kept. */
	check_wrap("one\ntwo", 10, "one\ntwo");
	/* Japanese breaks at any character: ten columns are five kanji. */
	check_wrap("本人確認端末の窓口", 10, "本人確認端\n末の窓口");
	/* Kinsoku: 。 does not start a line; its neighbour goes down with it. */
	check_wrap("申請を受け付けた。次へ", 10, "申請を受け\n付けた。次\nへ");
	check_wrap("申請を受付。次の方", 10, "申請を受\n付。次の方");
	/* Nor a closing bracket, a small kana or the long-vowel mark. */
	check_wrap("氏名は「山田」です", 10, "氏名は「山\n田」です");
	check_wrap("氏名は山田」です", 10, "氏名は山\n田」です");
	check_wrap("写しをコピーする", 10, "写しをコ\nピーする");
	check_wrap("写しをもっと", 10, "写しをもっ\nと");
	check_wrap("写しをもちっと", 10, "写しをも\nちっと");
	/* An opening bracket does not end a line. */
	check_wrap("山田太郎「様", 10, "山田太郎\n「様");
	/* A run of marks longer than kinsoku may move is broken where it must be. */
	check_wrap("あ。。。。。。。。。", 10, "あ。。。。\n。。。。。");
	/* ASCII closing marks in a long word: "x)" stays together. */
	check_wrap("abcdefghij)k", 10, "abcdefghi\nj)k");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_encode_roundtrip),
		cmocka_unit_test(test_char_widths),
		cmocka_unit_test(test_table_matches_wcwidth),
		cmocka_unit_test(test_glibc_against_old_table),
		cmocka_unit_test(test_c_locale),
		cmocka_unit_test(test_string_width),
		cmocka_unit_test(test_prefix_exact),
		cmocka_unit_test(test_prefix_every_limit),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_long_name),
		cmocka_unit_test(test_wrap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
