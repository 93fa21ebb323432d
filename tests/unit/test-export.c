/*
 * Governed export (issue 21): every mask at its edges (removes, never hides; gives less
 * when unsure), and the CSV: quoting of commas, quotes and line breaks, formula prefixes,
 * the BOM, CRLF, CP932 output and its refusal of a character CP932 has not.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "export/export-csv.h"
#include "export/export-mask.h"
#include "testutil.h"

static void
masked(enum export_mask m, const char *in, const char *want)
{
	char	*out = NULL, *cause = NULL;

	if (export_mask_apply(m, in, &out, &cause) != 0)
		fail_msg("%s(%s): %s", export_mask_name(m), in, cause);
	assert_string_equal(out, want);
	free(out);
}

static void
refused(enum export_mask m, const char *in, const char *why)
{
	char	*out = NULL, *cause = NULL;

	assert_int_equal(export_mask_apply(m, in, &out, &cause), -1);
	assert_null(out);
	assert_non_null(strstr(cause, why));
	free(cause);
}

static void
test_mask_names(void **state)
{
	enum export_mask	 m;
	char			*cause = NULL;

	(void)state;
	assert_int_equal(export_mask_parse("municipality", &m, &cause), 0);
	assert_int_equal(m, EXPORT_MASK_MUNICIPALITY);
	assert_string_equal(export_mask_name(EXPORT_MASK_FAMILY_ONLY), "family-only");
	assert_int_equal(export_mask_parse("hidden", &m, &cause), -1);
	assert_non_null(strstr(cause, "\"hidden\" is not a mask"));
	free(cause);
}

static void
test_mask_family(void **state)
{
	(void)state;
	masked(EXPORT_MASK_FAMILY_ONLY, "山田 太郎", "山田");
	masked(EXPORT_MASK_FAMILY_ONLY, "山田\xe3\x80\x80太郎", "山田");	/* 全角 space */
	masked(EXPORT_MASK_FAMILY_ONLY, "佐々木 小次郎 二世", "佐々木");
	masked(EXPORT_MASK_FAMILY_ONLY, "", "");
	masked(EXPORT_MASK_NONE, "山田 太郎", "山田 太郎");
	/* No space: the given name cannot be told apart, so nothing goes. */
	refused(EXPORT_MASK_FAMILY_ONLY, "山田太郎", "cannot be masked to the family name");
	refused(EXPORT_MASK_FAMILY_ONLY, " 太郎", "cannot be masked");
}

static void
test_mask_municipality(void **state)
{
	(void)state;
	masked(EXPORT_MASK_MUNICIPALITY, "東京都千代田区丸の内1-1", "東京都千代田区");
	masked(EXPORT_MASK_MUNICIPALITY, "東京都八王子市元本郷町3-24-1", "東京都八王子市");
	masked(EXPORT_MASK_MUNICIPALITY, "東京都町田市森野2-2-22", "東京都町田市");
	masked(EXPORT_MASK_MUNICIPALITY, "東京都西多摩郡瑞穂町箱根ケ崎2335", "東京都西多摩郡瑞穂町");
	masked(EXPORT_MASK_MUNICIPALITY, "神奈川県横浜市中区港町1-1", "神奈川県横浜市中区");
	masked(EXPORT_MASK_MUNICIPALITY, "京都府京都市左京区岡崎", "京都府京都市左京区");
	masked(EXPORT_MASK_MUNICIPALITY, "北海道札幌市中央区北1条西2", "北海道札幌市中央区");
	masked(EXPORT_MASK_MUNICIPALITY, "大阪府大阪市北区梅田1", "大阪府大阪市北区");
	masked(EXPORT_MASK_MUNICIPALITY, "千葉県市川市八幡1-1-1", "千葉県市川市");
	masked(EXPORT_MASK_MUNICIPALITY, "千葉県市原市国分寺台中央1", "千葉県市原市");
	masked(EXPORT_MASK_MUNICIPALITY, "三重県四日市市諏訪町1-5", "三重県四日市市");
	masked(EXPORT_MASK_MUNICIPALITY, "広島県廿日市市下平良1", "広島県廿日市市");
	masked(EXPORT_MASK_MUNICIPALITY, "神奈川県足柄下郡箱根町湯本256", "神奈川県足柄下郡箱根町");
	masked(EXPORT_MASK_MUNICIPALITY, "長野県北安曇郡白馬村北城7025", "長野県北安曇郡白馬村");
	masked(EXPORT_MASK_MUNICIPALITY, "和歌山県和歌山市七番丁23", "和歌山県和歌山市");
	masked(EXPORT_MASK_MUNICIPALITY, "鹿児島県鹿児島市山下町11-1", "鹿児島県鹿児島市");
	/* Nothing found after the prefecture: the prefecture only. */
	masked(EXPORT_MASK_MUNICIPALITY, "沖縄県", "沖縄県");
	masked(EXPORT_MASK_MUNICIPALITY, "沖縄県ABC 1-2", "沖縄県");
	/* No prefecture: nothing is safe to keep. */
	masked(EXPORT_MASK_MUNICIPALITY, "千代田区丸の内1-1", "");
	masked(EXPORT_MASK_MUNICIPALITY, "1-2-3 Marunouchi, Tokyo", "");
	masked(EXPORT_MASK_MUNICIPALITY, "", "");
}

static void
test_mask_year(void **state)
{
	(void)state;
	masked(EXPORT_MASK_YEAR, "1980-04-01", "1980");
	masked(EXPORT_MASK_YEAR, "2000-02-29", "2000");
	masked(EXPORT_MASK_YEAR, "", "");
	refused(EXPORT_MASK_YEAR, "昭和55年4月1日", "not a date");
	refused(EXPORT_MASK_YEAR, "1980/04/01", "not a date");
	refused(EXPORT_MASK_YEAR, "80-04-01", "not a date");
}

/* The CSV as text (UTF-8 with its BOM), for comparison. */
static char *
build(const char *const *header, size_t ncols, const char *const *cells, size_t nrows,
    enum export_encoding enc)
{
	struct export_bytes	 b;
	char			*cause = NULL, *s;

	if (export_csv_build(header, ncols, cells, nrows, enc, &b, &cause) != 0)
		fail_msg("csv: %s", cause);
	s = malloc(b.len + 1);
	memcpy(s, b.data, b.len);
	s[b.len] = '\0';
	export_bytes_free(&b);
	return s;
}

static void
test_csv_quoting(void **state)
{
	static const char *const header[] = { "name", "note" };
	static const char *const cells[] = {
		"山田, 太郎", "say \"hi\"",
		"line\r\nbreak", NULL,
		"=SUM(A1:A9)", "+81",
		"-1", "@cmd",
		"\tTAB", "plain",
	};
	char	*s;

	(void)state;
	s = build(header, 2, cells, 5, EXPORT_UTF8_BOM);
	assert_string_equal(s, "\xef\xbb\xbf\"name\",\"note\"\r\n"
	    "\"山田, 太郎\",\"say \"\"hi\"\"\"\r\n"
	    "\"line\r\nbreak\",\"\"\r\n"
	    "\"'=SUM(A1:A9)\",\"'+81\"\r\n"
	    "\"'-1\",\"'@cmd\"\r\n"
	    "\"'\tTAB\",\"plain\"\r\n");
	free(s);
}

static void
test_csv_cp932(void **state)
{
	static const char *const header[] = { "氏名" };
	static const char *const ok[] = { "髙橋 ①" };
	static const char *const bad[] = { "山田", "𠮷野 家" };
	struct export_bytes	 b;
	char			*cause = NULL;

	(void)state;
	assert_int_equal(export_csv_build(header, 1, ok, 1, EXPORT_CP932, &b, &cause), 0);
	/* No BOM; 氏名 in CP932 is 0x8E81 0x96BC; CRLF. */
	assert_memory_equal(b.data, "\"\x8e\x81\x96\xbc\"\r\n", 8);
	assert_int_equal(b.data[b.len - 2], '\r');
	export_bytes_free(&b);
	assert_int_equal(export_csv_build(header, 1, bad, 2, EXPORT_CP932, &b, &cause), -1);
	assert_non_null(strstr(cause, "row 2, column 1 (氏名)"));
	assert_non_null(strstr(cause, "no CP932 code"));
	assert_null(b.data);
	free(cause);
	cause = NULL;
	assert_int_equal(export_csv_build(header, 0, ok, 1, EXPORT_UTF8_BOM, &b, &cause), -1);
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mask_names),
		cmocka_unit_test(test_mask_family),
		cmocka_unit_test(test_mask_municipality),
		cmocka_unit_test(test_mask_year),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_cp932),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
