/*
 * The byte layout of the Juki-net file exchange, as docs/juki-format.md defines it: one
 * table per record kind, each field with its seed item number (2-1 ... 2-48), offset,
 * width and type. The writer and the parser of the terminal both read these tables; the
 * simulator (sim/) deliberately keeps its own copy of the layout, written from the document,
 * so that the two sides check each other.
 */
#ifndef JUKI_FORMAT_H
#define JUKI_FORMAT_H

#include <stddef.h>

/* Records are fixed-length CP932 text ending in CR LF; the lengths include the CR LF. */
#define JUKI_REQ_RECLEN		400
#define JUKI_RES_RECLEN		1000
#define JUKI_MAX_RECLEN		JUKI_RES_RECLEN

#define JUKI_REQ_KIND		"JKREQ001"
#define JUKI_RES_KIND		"JKRES001"
#define JUKI_KIND_LEN		8

#define JUKI_RECTYPE_HEADER	'1'
#define JUKI_RECTYPE_DATA	'2'
#define JUKI_RECTYPE_TRAILER	'9'

#define JUKI_ID_MAX		32		/* file id and terminal id */
#define JUKI_MAX_RECORDS	99999999UL	/* what the 8-digit count can say */
#define JUKI_MAX_REQNO		9999999999ULL	/* 10 digits */
#define JUKI_MAX_RESULTS	999		/* 照会結果レコード数 per request */

/* X: ASCII 0x20-0x7E, left-justified, space-padded. 9: ASCII digits, right-justified,
 * zero-filled. N: CP932 double-byte characters only, left-justified, padded with the
 * full-width space 0x8140. */
enum juki_ftype {
	JUKI_X,
	JUKI_9,
	JUKI_N,
};

struct juki_field {
	const char	*item;		/* seed item number, "2-31"; "" for structure */
	const char	*name;		/* as the seed names it */
	size_t		 off;
	size_t		 width;
	enum juki_ftype	 type;
};

/* Header record, the same for both files (the record length differs). */
enum juki_hfield {
	JH_RECTYPE,
	JH_KIND,		/* JKREQ001 / JKRES001 */
	JH_FILE_ID,		/* request file id; a result file repeats the id it answers */
	JH_TERMINAL_ID,
	JH_CREATED,		/* YYYYMMDDhhmmss, local time of the writer */
	JH_MODE,		/* 1 即時方式, 2 一括方式 */
	JH_RECLEN,		/* 0400 / 1000 */
	JH_COUNT,		/* data records */
	JH_FILLER,
	JH__COUNT
};

/* Trailer record. */
enum juki_tfield {
	JT_RECTYPE,
	JT_COUNT,
	JT_SHA256,		/* lowercase hex of SHA-256 over the data records, CR LF included */
	JT_FILLER,
	JT__COUNT
};

/*
 * Data record. A request record is items 2-1 to 2-22 (what the terminal asks); a result
 * record repeats those 398 bytes unchanged and adds items 2-23 to 2-48 (what Juki-net
 * answers).
 */
enum juki_dfield {
	JD_RECTYPE,
	JD_REQNO,		/* 2-1 要求レコード番号 */
	JD_JIMU,		/* 2-2 提供事務区分 */
	JD_MN_JIMU,		/* 2-3 個人番号提供事務区分 */
	JD_SUBJECT,		/* 2-4 対象者識別情報 */
	JD_PERIOD_FROM,		/* 2-5 */
	JD_PERIOD_TO,		/* 2-6 */
	JD_BASE_DATE,		/* 2-7 照会基準日 */
	JD_WANT_ERASED,		/* 2-8 消除者の要否 */
	JD_Q_JUMIN,		/* 2-9 対象者住民票コード */
	JD_Q_NAME,		/* 2-10 対象者氏名（漢字） */
	JD_Q_KANA,		/* 2-11 対象者氏名（かな） */
	JD_WANT_BIRTH,		/* 2-12 生年月日 (要否) */
	JD_WANT_SEX,		/* 2-13 性別 (要否) */
	JD_WANT_ADDRESS,	/* 2-14 住所 (要否) */
	JD_WANT_MYNUMBER,	/* 2-15 個人番号 (要否) */
	JD_WANT_REASON,		/* 2-16 異動事由 (要否) */
	JD_Q_BIRTH,		/* 2-17 対象者生年月日 */
	JD_Q_SEX,		/* 2-18 対象者性別 */
	JD_Q_ADDRESS,		/* 2-19 対象者住所 */
	JD_Q_MUNI,		/* 2-20 対象者住所（市町村コード） */
	JD_Q_MYNUMBER,		/* 2-21 対象者個人番号 */
	JD_Q_FILLER,		/* 2-22 予備 */
	JD_RESULT,		/* 2-23 処理結果コード */
	JD_NRESULTS,		/* 2-24 照会結果レコード数 */
	JD_SEQ,			/* 2-25 照会結果レコード連番 */
	JD_MATCHED,		/* 2-26 照会一致項目 */
	JD_MOVED,		/* 2-27 異動有無 */
	JD_ALIVE,		/* 2-28 生存状況 */
	JD_CHANGES,		/* 2-29 変更状況 */
	JD_JUMIN,		/* 2-30 住民票コード */
	JD_NAME,		/* 2-31 氏名（漢字） */
	JD_KANA,		/* 2-32 氏名（かな） */
	JD_BIRTH,		/* 2-33 生年月日 */
	JD_SEX,			/* 2-34 性別 */
	JD_ADDRESS,		/* 2-35 住所 */
	JD_MYNUMBER,		/* 2-36 個人番号 */
	JD_REASON,		/* 2-37 異動事由 */
	JD_REASON_DATE,		/* 2-38 異動年月日 */
	JD_GAIJI_NAME,		/* 2-39 外字情報（氏名外字数） */
	JD_GAIJI_ADDRESS,	/* 2-40 外字数（住所外字数） */
	JD_GAIJI_RECORDS,	/* 2-41 外字データレコード数 */
	JD_MUNI,		/* 2-42 市町村コード */
	JD_NONPART,		/* 2-43 不参加団体対象フラグ */
	JD_PATTERN,		/* 2-44 検索パターン番号 */
	JD_OLD_NAME,		/* 2-45 旧氏（漢字） */
	JD_OLD_KANA,		/* 2-46 旧氏（かな） */
	JD_GAIJI_OLD,		/* 2-47 旧氏外字数 */
	JD_FILLER,		/* 2-48 予備 */
	JD__COUNT
};

#define JD_REQUEST_LAST		JD_Q_FILLER	/* last field of a request record */
#define JUKI_ECHO_LEN		398		/* bytes 0-397: the request part */

extern const struct juki_field	juki_header_fields[JH__COUNT];
extern const struct juki_field	juki_trailer_fields[JT__COUNT];
extern const struct juki_field	juki_data_fields[JD__COUNT];

#endif
