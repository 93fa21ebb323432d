/*
 * カナ fields: full-width katakana kept, half-width and hiragana converted (voiced marks
 * joined), spaces normalised, everything else refused at its position.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "textwidth.h"
#include "valid.h"

static void
ok(const char *in, size_t max, const char *want)
{
	char	*out = NULL, *again = NULL, *cause = NULL;

	if (valid_kana(in, max, &out, &cause) != 0)
		fail_msg("\"%s\" refused: %s", in, cause);
	assert_null(cause);
	if (strcmp(out, want) != 0)
		fail_msg("\"%s\": \"%s\", want \"%s\"", in, out, want);
	/* The normal form is a fixed point. */
	assert_int_equal(valid_kana(out, max, &again, &cause), 0);
	assert_string_equal(again, out);
	free(again);
	free(out);
}

static void
bad(const char *in, size_t max, const char *want_in_cause)
{
	char	*out = (char *)"untouched", *cause = NULL;

	assert_int_equal(valid_kana(in, max, &out, &cause), -1);
	assert_string_equal(out, "untouched");
	assert_non_null(cause);
	if (strstr(cause, want_in_cause) == NULL)
		fail_msg("\"%s\": \"%s\" not in \"%s\"", in, want_in_cause, cause);
	free(cause);
}

static void
test_fullwidth(void **state)
{
	(void)state;
	ok("", 0, "");
	ok("ヤマダ", 0, "ヤマダ");
	ok("ヤマダ　タロウ", 0, "ヤマダ　タロウ");
	ok("ヴァイオリン", 0, "ヴァイオリン");
	ok("ジョン・スミス", 0, "ジョン・スミス");
	ok("ケーキ", 0, "ケーキ");
	ok("ヵヶヮヰヱ", 0, "ヵヶヮヰヱ");
	ok("ァィゥェォッャュョ", 0, "ァィゥェォッャュョ");
}

static void
test_spaces(void **state)
{
	(void)state;
	ok("ヤマダ タロウ", 0, "ヤマダ　タロウ");
	ok("ヤマダ 　 タロウ", 0, "ヤマダ　タロウ");
	ok("　ヤマダ　タロウ　", 0, "ヤマダ　タロウ");
	ok("  ", 0, "");
	ok("スミス　ジョン　ポール", 0, "スミス　ジョン　ポール");
}

static void
test_halfwidth(void **state)
{
	(void)state;
	ok("ﾔﾏﾀﾞ ﾀﾛｳ", 0, "ヤマダ　タロウ");
	ok("ｶﾞｷﾞｸﾞｹﾞｺﾞ", 0, "ガギグゲゴ");
	ok("ｻﾞｼﾞｽﾞｾﾞｿﾞ", 0, "ザジズゼゾ");
	ok("ﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞ", 0, "ダヂヅデド");
	ok("ﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞ", 0, "バビブベボ");
	ok("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", 0, "パピプペポ");
	ok("ｳﾞｧｲｵﾘﾝ", 0, "ヴァイオリン");
	ok("ｹｰｷ", 0, "ケーキ");
	ok("ｼﾞｮﾝ･ｽﾐｽ", 0, "ジョン・スミス");
	ok("ﾔﾏﾀﾞ　ﾀﾛｳ", 0, "ヤマダ　タロウ");
	ok("ヤマﾀﾞ", 0, "ヤマダ");
	ok("カﾞ", 0, "ガ");
}

/* Every half-width katakana from ｦ to ﾝ, against the full-width list typed out. */
static void
test_halfwidth_table(void **state)
{
	char		 in[3 * 56 + 1], *out = NULL, *cause = NULL;
	uint32_t	 cp;
	size_t		 o = 0;

	(void)state;
	for (cp = 0xff66; cp <= 0xff9d; cp++)
		o += utf8_encode(cp, in + o);
	in[o] = '\0';
	assert_int_equal(valid_kana(in, 0, &out, &cause), 0);
	assert_string_equal(out, "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテト"
	    "ナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン");
	free(out);
}

static void
test_hiragana(void **state)
{
	(void)state;
	ok("やまだ　たろう", 0, "ヤマダ　タロウ");
	ok("ぱぴぷぺぽ", 0, "パピプペポ");
	ok("ゔぁいおりん", 0, "ヴァイオリン");
	ok("ぁぃぅぇぉっゃゅょゎゕゖ", 0, "ァィゥェォッャュョヮヵヶ");
	ok("ゐゑを", 0, "ヰヱヲ");
	ok("やまだ・タロウ", 0, "ヤマダ・タロウ");
}

static void
test_combining_marks(void **state)
{
	(void)state;
	ok("カ\xe3\x82\x99", 0, "ガ");			/* U+3099 */
	ok("ハ\xe3\x82\x9a", 0, "パ");			/* U+309A */
	ok("ウ\xe3\x82\x99", 0, "ヴ");
	ok("か\xe3\x82\x99", 0, "ガ");
	ok("ヤマタ\xe3\x82\x99", 0, "ヤマダ");
}

static void
test_marks_refused(void **state)
{
	(void)state;
	bad("ｶﾟ", 0, "character 2 (\"ﾟ\") is a voiced sound mark");
	bad("ﾞｱ", 0, "character 1 (\"ﾞ\") is a voiced sound mark");
	bad("ｱﾞ", 0, "character 2");
	bad("ｶﾞﾞ", 0, "character 3");
	bad("ﾔﾏﾀﾞ ﾞ", 0, "character 6");
	bad("ン\xe3\x82\x99", 0, "character 2 (U+3099)");
	bad("カ゛", 0, "character 2 (\"゛\") is not katakana");	/* spacing mark */
	bad("ﾜﾞ", 0, "ヷ, ヸ, ヹ and ヺ cannot be sent");
	bad("ｦﾞ", 0, "character 2: ヷ");
	bad("ヷ", 0, "character 1: ヷ");
	bad("アヺ", 0, "character 2: ヷ");
}

static void
test_refused(void **state)
{
	(void)state;
	bad("Yamada", 0, "character 1 (\"Y\") is not katakana");
	bad("山田", 0, "character 1 (\"山\") is not katakana");
	bad("ヤマ田", 0, "character 3 (\"田\") is not katakana");
	bad("ヤマダ　太郎", 0, "character 5 (\"太\")");
	bad("ヤマダ１", 0, "character 4 (\"１\")");
	bad("ヤマダ1", 0, "character 4 (\"1\")");
	bad("ヤマ-ダ", 0, "character 3 (\"-\")");
	bad("ヤマダ。", 0, "character 4 (\"。\")");
	bad("ヽ", 0, "character 1");
	bad("ヤマ\tダ", 0, "character 3 is a control character (U+0009)");
	bad("ヤマ\xc2\x85", 0, "U+0085");
	bad("ヤマ\xff", 0, "not UTF-8) at character 3");
	bad("ヤマ\xe3\x83", 0, "at character 3");
	bad("\xc0\xaf", 0, "not UTF-8");
	bad("ヤマ𠮷", 0, "character 3 (\"𠮷\")");
}

static void
test_length(void **state)
{
	char	*in, *out = NULL, *cause = NULL;
	size_t	 i;

	(void)state;
	ok("ヤマダ　タロウ", 7, "ヤマダ　タロウ");
	bad("ヤマダ　タロウ", 6, "too long: 7 characters (the limit is 6)");
	/* The limit counts the result: half-width ﾀﾞ is one character. */
	ok("ﾀﾞﾀﾞﾀﾞ", 3, "ダダダ");

	/* 1,000 half-width characters: converted, then measured. */
	in = malloc(3 * 1001 + 1);
	assert_non_null(in);
	for (i = 0; i < 1000; i++)
		memcpy(in + 3 * i, "ｱ", 3);
	in[3000] = '\0';
	assert_int_equal(valid_kana(in, 1000, &out, &cause), 0);
	assert_int_equal(strlen(out), 3000);
	for (i = 0; i < 1000; i++)
		assert_memory_equal(out + 3 * i, "ア", 3);
	free(out);
	memcpy(in + 3000, "ｲ", 4);
	bad(in, 1000, "too long: 1001 characters (the limit is 1000)");
	free(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fullwidth),
		cmocka_unit_test(test_spaces),
		cmocka_unit_test(test_halfwidth),
		cmocka_unit_test(test_halfwidth_table),
		cmocka_unit_test(test_hiragana),
		cmocka_unit_test(test_combining_marks),
		cmocka_unit_test(test_marks_refused),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
