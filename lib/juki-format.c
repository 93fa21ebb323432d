/*
 * The Juki-net record layouts (docs/juki-format.md is the prose of these tables) and the
 * small checks that the writer and the parser share.
 */
#include "config.h"

#include <sys/mman.h>

#include <stdint.h>
#include <string.h>

#include "i18n.h"
#include "juki.h"

/* A width of 0 means "up to the CR LF", so one table serves both record lengths. */
const struct juki_field juki_header_fields[JH__COUNT] = {
	[JH_RECTYPE] =		{ "", "レコード種別", 0, 1, JUKI_X },
	[JH_KIND] =		{ "", "ファイル種別", 1, 8, JUKI_X },
	[JH_FILE_ID] =		{ "", "ファイルID", 9, 32, JUKI_X },
	[JH_TERMINAL_ID] =	{ "", "端末ID", 41, 32, JUKI_X },
	[JH_CREATED] =		{ "", "作成日時", 73, 14, JUKI_9 },
	[JH_MODE] =		{ "", "処理方式", 87, 1, JUKI_9 },
	[JH_RECLEN] =		{ "", "レコード長", 88, 4, JUKI_9 },
	[JH_COUNT] =		{ "", "レコード件数", 92, 8, JUKI_9 },
	[JH_FILLER] =		{ "", "予備", 100, 0, JUKI_X },
};

const struct juki_field juki_trailer_fields[JT__COUNT] = {
	[JT_RECTYPE] =		{ "", "レコード種別", 0, 1, JUKI_X },
	[JT_COUNT] =		{ "", "レコード件数", 1, 8, JUKI_9 },
	[JT_SHA256] =		{ "", "SHA-256", 9, 64, JUKI_X },
	[JT_FILLER] =		{ "", "予備", 73, 0, JUKI_X },
};

const struct juki_field juki_data_fields[JD__COUNT] = {
	[JD_RECTYPE] =		{ "", "レコード種別", 0, 1, JUKI_X },
	[JD_REQNO] =		{ "2-1", "要求レコード番号", 1, 10, JUKI_9 },
	[JD_JIMU] =		{ "2-2", "提供事務区分", 11, 4, JUKI_9 },
	[JD_MN_JIMU] =		{ "2-3", "個人番号提供事務区分", 15, 4, JUKI_9 },
	[JD_SUBJECT] =		{ "2-4", "対象者識別情報", 19, 36, JUKI_X },
	[JD_PERIOD_FROM] =	{ "2-5", "照会対象期間（開始年月日）", 55, 8, JUKI_9 },
	[JD_PERIOD_TO] =	{ "2-6", "照会対象期間（終了年月日）", 63, 8, JUKI_9 },
	[JD_BASE_DATE] =	{ "2-7", "照会基準日", 71, 8, JUKI_9 },
	[JD_WANT_ERASED] =	{ "2-8", "消除者の要否", 79, 1, JUKI_9 },
	[JD_Q_JUMIN] =		{ "2-9", "対象者住民票コード", 80, 11, JUKI_X },
	[JD_Q_NAME] =		{ "2-10", "対象者氏名（漢字）", 91, 64, JUKI_N },
	[JD_Q_KANA] =		{ "2-11", "対象者氏名（かな）", 155, 64, JUKI_N },
	[JD_WANT_BIRTH] =	{ "2-12", "生年月日", 219, 1, JUKI_9 },
	[JD_WANT_SEX] =		{ "2-13", "性別", 220, 1, JUKI_9 },
	[JD_WANT_ADDRESS] =	{ "2-14", "住所", 221, 1, JUKI_9 },
	[JD_WANT_MYNUMBER] =	{ "2-15", "個人番号", 222, 1, JUKI_9 },
	[JD_WANT_REASON] =	{ "2-16", "異動事由", 223, 1, JUKI_9 },
	[JD_Q_BIRTH] =		{ "2-17", "対象者生年月日", 224, 8, JUKI_9 },
	[JD_Q_SEX] =		{ "2-18", "対象者性別", 232, 1, JUKI_9 },
	[JD_Q_ADDRESS] =	{ "2-19", "対象者住所", 233, 120, JUKI_N },
	[JD_Q_MUNI] =		{ "2-20", "対象者住所（市町村コード）", 353, 6, JUKI_X },
	[JD_Q_MYNUMBER] =	{ "2-21", "対象者個人番号", 359, 12, JUKI_X },
	[JD_Q_FILLER] =		{ "2-22", "予備", 371, 27, JUKI_X },
	[JD_RESULT] =		{ "2-23", "処理結果コード", 398, 2, JUKI_9 },
	[JD_NRESULTS] =		{ "2-24", "照会結果レコード数", 400, 3, JUKI_9 },
	[JD_SEQ] =		{ "2-25", "照会結果レコード連番", 403, 3, JUKI_9 },
	[JD_MATCHED] =		{ "2-26", "照会一致項目", 406, 8, JUKI_X },
	[JD_MOVED] =		{ "2-27", "異動有無", 414, 1, JUKI_9 },
	[JD_ALIVE] =		{ "2-28", "生存状況", 415, 1, JUKI_9 },
	[JD_CHANGES] =		{ "2-29", "変更状況", 416, 5, JUKI_X },
	[JD_JUMIN] =		{ "2-30", "住民票コード", 421, 11, JUKI_X },
	[JD_NAME] =		{ "2-31", "氏名（漢字）", 432, 64, JUKI_N },
	[JD_KANA] =		{ "2-32", "氏名（かな）", 496, 64, JUKI_N },
	[JD_BIRTH] =		{ "2-33", "生年月日", 560, 8, JUKI_9 },
	[JD_SEX] =		{ "2-34", "性別", 568, 1, JUKI_9 },
	[JD_ADDRESS] =		{ "2-35", "住所", 569, 120, JUKI_N },
	[JD_MYNUMBER] =		{ "2-36", "個人番号", 689, 12, JUKI_X },
	[JD_REASON] =		{ "2-37", "異動事由", 701, 2, JUKI_9 },
	[JD_REASON_DATE] =	{ "2-38", "異動年月日", 703, 8, JUKI_9 },
	[JD_GAIJI_NAME] =	{ "2-39", "外字情報（氏名外字数）", 711, 2, JUKI_9 },
	[JD_GAIJI_ADDRESS] =	{ "2-40", "外字数（住所外字数）", 713, 2, JUKI_9 },
	[JD_GAIJI_RECORDS] =	{ "2-41", "外字データレコード数", 715, 3, JUKI_9 },
	[JD_MUNI] =		{ "2-42", "市町村コード", 718, 6, JUKI_X },
	[JD_NONPART] =		{ "2-43", "不参加団体対象フラグ", 724, 1, JUKI_9 },
	[JD_PATTERN] =		{ "2-44", "検索パターン番号", 725, 2, JUKI_9 },
	[JD_OLD_NAME] =		{ "2-45", "旧氏（漢字）", 727, 32, JUKI_N },
	[JD_OLD_KANA] =		{ "2-46", "旧氏（かな）", 759, 32, JUKI_N },
	[JD_GAIJI_OLD] =	{ "2-47", "旧氏外字数", 791, 2, JUKI_9 },
	[JD_FILLER] =		{ "2-48", "予備", 793, 205, JUKI_X },
};

int
juki_valid_id(const char *id)
{
	size_t	 i, len;

	if (id == NULL || (len = strlen(id)) == 0 || len > JUKI_ID_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= 'A' && id[i] <= 'Z') ||
		    (id[i] >= '0' && id[i] <= '9') || id[i] == '-' || id[i] == '_'))
			return 0;
	}
	return 1;
}

/* A Gregorian calendar date from 1868 (明治) on, as YYYYMMDD. */
int
juki_valid_date(uint32_t d)
{
	static const unsigned	 mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned		 y = d / 10000, m = d / 100 % 100, day = d % 100, max;

	if (y < 1868 || y > 2999 || m < 1 || m > 12 || day < 1)
		return 0;
	max = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return day <= max;
}

int
juki_valid_timestamp(const char *s)
{
	uint32_t	 d = 0;
	unsigned	 hh, mm, ss;
	size_t		 i;

	if (strlen(s) != 14)
		return 0;
	for (i = 0; i < 14; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		if (i < 8)
			d = d * 10 + (s[i] - '0');
	}
	hh = (s[8] - '0') * 10 + (s[9] - '0');
	mm = (s[10] - '0') * 10 + (s[11] - '0');
	ss = (s[12] - '0') * 10 + (s[13] - '0');
	return juki_valid_date(d) && hh < 24 && mm < 60 && ss < 61;
}

const char *
juki_result_name(enum juki_result_code rc)
{
	switch (rc) {
	case JUKI_RC_MATCH:
		return _("match (一致)");
	case JUKI_RC_MISMATCH:
		return _("mismatch (不一致)");
	case JUKI_RC_NOTFOUND:
		return _("not found (該当なし)");
	case JUKI_RC_MULTIPLE:
		return _("several residents (複数該当)");
	case JUKI_RC_ERR_RECORD:
		return _("error: request record (要求レコード誤り)");
	case JUKI_RC_ERR_KEY:
		return _("error: search keys (照会条件誤り)");
	case JUKI_RC_ERR_JIMU:
		return _("error: purpose code (事務区分誤り)");
	case JUKI_RC_ERR_SYSTEM:
		return _("error: gateway (システムエラー)");
	}
	return _("unknown result code");
}

const char *
juki_reason_name(enum juki_reason r)
{
	switch (r) {
	case JUKI_REASON_NONE:
		return _("none");
	case JUKI_REASON_MOVE_IN:
		return _("moved in (転入)");
	case JUKI_REASON_MOVE_WITHIN:
		return _("moved within the municipality (転居)");
	case JUKI_REASON_MOVE_OUT:
		return _("moved out (転出)");
	case JUKI_REASON_BIRTH:
		return _("birth (出生)");
	case JUKI_REASON_DEATH:
		return _("death (死亡)");
	case JUKI_REASON_ENTERED:
		return _("entered ex officio (職権記載)");
	case JUKI_REASON_ERASED:
		return _("erased ex officio (職権消除)");
	case JUKI_REASON_NAME:
		return _("name change (氏名の変更)");
	case JUKI_REASON_JUMIN:
		return _("new resident record code (住民票コードの変更)");
	case JUKI_REASON_MYNUMBER:
		return _("new My Number (個人番号の変更)");
	case JUKI_REASON_ABROAD:
		return _("moved abroad (国外転出)");
	case JUKI_REASON_OTHER:
		return _("other correction (その他)");
	}
	return _("unknown reason code");
}

const char *
juki_alive_name(enum juki_alive a)
{
	switch (a) {
	case JUKI_ALIVE_UNKNOWN:
		return _("unknown");
	case JUKI_ALIVE_LIVING:
		return _("living (生存)");
	case JUKI_ALIVE_DEAD:
		return _("deceased (死亡)");
	case JUKI_ALIVE_ERASED:
		return _("erased from the register (消除)");
	}
	return _("unknown");
}

const char *
juki_pattern_name(enum juki_pattern p)
{
	switch (p) {
	case JUKI_PAT_NONE:
		return _("none");
	case JUKI_PAT_MYNUMBER:
		return _("My Number");
	case JUKI_PAT_JUMIN:
		return _("resident record code");
	case JUKI_PAT_KANJI4:
		return _("name, birth date, sex, address");
	case JUKI_PAT_KANA4:
		return _("kana name, birth date, sex, address");
	case JUKI_PAT_KANJI3:
		return _("name, birth date, sex");
	case JUKI_PAT_KANA3:
		return _("kana name, birth date, sex");
	}
	return _("unknown");
}

/*
 * Ask for 2 MiB pages under the whole 2 MiB stretches of a large buffer not yet touched
 * (a result file, its parsed answers). The process locks all its memory (db/memlock.c),
 * so every 4 KiB page first written is a fault that zeroes and locks it: reading a
 * 100 MB result file took 0.3 s in 25,000 faults, 0.04 s in 50 with huge pages. Only
 * advice: the kernel may give small pages.
 */
void
juki_advise_huge(void *p, size_t len)
{
	const uintptr_t	 huge = (uintptr_t)2 << 20;
	uintptr_t	 start, end;

	start = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	end = ((uintptr_t)p + len) & ~(huge - 1);
	if (end > start)
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
}
