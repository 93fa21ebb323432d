/*
 * Juki-net file exchange (ファイル連携方式, SPEC §5): the terminal writes request files
 * (照会対象ファイル) and reads result files (本人確認情報照会結果ファイル). The layout is in
 * docs/juki-format.md and juki-format.h. Text in these structures is UTF-8.
 *
 * A result file is accepted whole or not at all: juki_result_parse either returns every
 * record or fails with one message naming the record and byte offset of the first fault.
 */
#ifndef JUKI_H
#define JUKI_H

#include <stddef.h>
#include <stdint.h>

#include "juki-format.h"

struct charconv;

enum juki_mode {
	JUKI_MODE_IMMEDIATE = 1,	/* 即時方式: one small file, answer within seconds */
	JUKI_MODE_BATCH = 2,		/* 一括方式: the periodic check */
};
#define JUKI_IMMEDIATE_MAX	10	/* queries in one 即時方式 file */

enum juki_sex {
	JUKI_SEX_NONE = 0,		/* not given / not provided */
	JUKI_SEX_MALE = 1,
	JUKI_SEX_FEMALE = 2,
};

/* Items 2-12 to 2-16: what the answer should carry besides the name. */
#define JUKI_WANT_BIRTH		0x01
#define JUKI_WANT_SEX		0x02
#define JUKI_WANT_ADDRESS	0x04
#define JUKI_WANT_MYNUMBER	0x08
#define JUKI_WANT_REASON	0x10
#define JUKI_WANT_ALL		0x1f

/* 2-23 処理結果コード. */
enum juki_result_code {
	JUKI_RC_MATCH = 0,		/* 00 一致 */
	JUKI_RC_MISMATCH = 10,		/* 10 不一致: found by the key, other items differ */
	JUKI_RC_NOTFOUND = 20,		/* 20 該当なし */
	JUKI_RC_MULTIPLE = 30,		/* 30 複数該当 */
	JUKI_RC_ERR_RECORD = 90,	/* 90 要求レコード誤り */
	JUKI_RC_ERR_KEY = 91,		/* 91 照会条件誤り: no complete search pattern */
	JUKI_RC_ERR_JIMU = 92,		/* 92 事務区分誤り */
	JUKI_RC_ERR_SYSTEM = 99,	/* 99 システムエラー */
};

/* 2-44 検索パターン番号, in the order the gateway tries them. */
enum juki_pattern {
	JUKI_PAT_NONE = 0,
	JUKI_PAT_MYNUMBER = 1,		/* 個人番号 */
	JUKI_PAT_JUMIN = 2,		/* 住民票コード */
	JUKI_PAT_KANJI4 = 3,		/* 氏名（漢字）・生年月日・性別・住所 */
	JUKI_PAT_KANA4 = 4,		/* 氏名（かな）・生年月日・性別・住所 */
	JUKI_PAT_KANJI3 = 5,		/* 氏名（漢字）・生年月日・性別 */
	JUKI_PAT_KANA3 = 6,		/* 氏名（かな）・生年月日・性別 */
};

/* 2-28 生存状況. */
enum juki_alive {
	JUKI_ALIVE_UNKNOWN = 0,		/* no resident in this record */
	JUKI_ALIVE_LIVING = 1,		/* 生存 (住民) */
	JUKI_ALIVE_DEAD = 2,		/* 死亡による消除 */
	JUKI_ALIVE_ERASED = 3,		/* その他の消除 (国外転出, 職権消除) */
};

/* 2-37 異動事由. */
enum juki_reason {
	JUKI_REASON_NONE = 0,
	JUKI_REASON_MOVE_IN = 1,	/* 転入 */
	JUKI_REASON_MOVE_WITHIN = 2,	/* 転居 */
	JUKI_REASON_MOVE_OUT = 3,	/* 転出 */
	JUKI_REASON_BIRTH = 4,		/* 出生 */
	JUKI_REASON_DEATH = 5,		/* 死亡 */
	JUKI_REASON_ENTERED = 6,	/* 職権記載 */
	JUKI_REASON_ERASED = 7,		/* 職権消除 */
	JUKI_REASON_NAME = 8,		/* 氏名の変更 */
	JUKI_REASON_JUMIN = 9,		/* 住民票コードの変更 */
	JUKI_REASON_MYNUMBER = 10,	/* 個人番号の変更 */
	JUKI_REASON_ABROAD = 11,	/* 国外転出 */
	JUKI_REASON_OTHER = 12,		/* その他 (生年月日・性別の訂正) */
};
#define JUKI_REASON_MAX		12

/* 2-26 照会一致項目 and 2-29 変更状況: positions in the flag strings. */
enum juki_match_item {
	JUKI_MI_JUMIN, JUKI_MI_MYNUMBER, JUKI_MI_NAME, JUKI_MI_KANA,
	JUKI_MI_BIRTH, JUKI_MI_SEX, JUKI_MI_ADDRESS,
};
enum juki_change_item {
	JUKI_CH_NAME, JUKI_CH_ADDRESS, JUKI_CH_BIRTH, JUKI_CH_SEX, JUKI_CH_MYNUMBER,
};

/*
 * One query: items 2-1 to 2-21. Strings may be NULL or "" for "not given". Dates are
 * YYYYMMDD as integers, 0 for "not given".
 */
struct juki_query {
	uint64_t	 request_no;		/* 2-1, 1 .. 9999999999, unique per terminal */
	unsigned	 jimu;			/* 2-2, 1 .. 9999 */
	unsigned	 mn_jimu;		/* 2-3, 0 .. 9999; 0 = no My Number wanted */
	const char	*subject;		/* 2-4, ASCII, <= 36: the holder id */
	uint32_t	 period_from;		/* 2-5 */
	uint32_t	 period_to;		/* 2-6 */
	uint32_t	 base_date;		/* 2-7 照会基準日, required */
	int		 want_erased;		/* 2-8 */
	const char	*jumin_code;		/* 2-9, 11 digits */
	const char	*name;			/* 2-10, <= 32 full-width characters */
	const char	*kana;			/* 2-11 */
	unsigned	 want;			/* 2-12 .. 2-16, JUKI_WANT_* */
	uint32_t	 birth;			/* 2-17 */
	enum juki_sex	 sex;			/* 2-18 */
	const char	*address;		/* 2-19, <= 60 full-width characters */
	const char	*municipality;		/* 2-20, 6 digits */
	const char	*mynumber;		/* 2-21, 12 digits */
};

struct juki_request_header {
	const char	*file_id;		/* [A-Za-z0-9_-]{1,32}, also names the file */
	const char	*terminal_id;		/* same alphabet */
	const char	*created;		/* YYYYMMDDhhmmss; NULL = now */
	enum juki_mode	 mode;
};

/*
 * Build a request file in memory (*out, *outlen; free the buffer with free()). gaiji, if
 * not NULL, has one slot per query and receives how many characters of that query were
 * sent as 〓 because CP932 has no code for them. Fails with -1 naming the query and field
 * when a value does not fit its field or no search pattern is complete.
 */
int	 juki_request_write(struct charconv *, const struct juki_request_header *,
	    const struct juki_query *, size_t, char **, size_t *, size_t *, char **);

/* The search pattern a query will be answered by, or JUKI_PAT_NONE. */
enum juki_pattern juki_query_pattern(const struct juki_query *);

/* One result record. The echo strings point into the file's storage. */
struct juki_answer {
	size_t		 record;		/* physical record number, header = 1 */
	size_t		 offset;		/* byte offset of the record in the file */

	/* 2-1 .. 2-22, the request as the gateway repeats it. */
	uint64_t	 request_no;
	unsigned	 jimu;
	unsigned	 mn_jimu;
	char		 subject[37];
	uint32_t	 period_from;
	uint32_t	 period_to;
	uint32_t	 base_date;
	int		 want_erased;
	char		 q_jumin_code[12];
	const char	*q_name;
	const char	*q_kana;
	unsigned	 want;
	uint32_t	 q_birth;
	enum juki_sex	 q_sex;
	const char	*q_address;
	char		 q_municipality[7];
	char		 q_mynumber[13];

	/* 2-23 .. 2-47, the answer. */
	enum juki_result_code result;
	unsigned	 nresults;		/* 2-24 */
	unsigned	 seq;			/* 2-25, 1 .. nresults */
	char		 matched[9];		/* 2-26, '1' match, '0' differs, ' ' not compared */
	int		 moved;			/* 2-27 */
	enum juki_alive	 alive;			/* 2-28 */
	char		 changes[6];		/* 2-29, '1' changed, '0' not */
	char		 jumin_code[12];	/* 2-30 */
	const char	*name;			/* 2-31 */
	const char	*kana;			/* 2-32 */
	uint32_t	 birth;			/* 2-33 */
	enum juki_sex	 sex;			/* 2-34 */
	const char	*address;		/* 2-35 */
	char		 mynumber[13];		/* 2-36 */
	enum juki_reason reason;		/* 2-37 */
	uint32_t	 reason_date;		/* 2-38 */
	unsigned	 gaiji_name;		/* 2-39 */
	unsigned	 gaiji_address;		/* 2-40 */
	unsigned	 gaiji_records;		/* 2-41 */
	char		 municipality[7];	/* 2-42 */
	int		 nonparticipating;	/* 2-43 */
	enum juki_pattern pattern;		/* 2-44 */
	const char	*old_name;		/* 2-45 */
	const char	*old_kana;		/* 2-46 */
	unsigned	 gaiji_old;		/* 2-47 */

	/* 外字 found (and replaced by 〓) in 2-31, 2-35 and 2-45: "外字あり — confirm". */
	unsigned	 gaiji;
};

struct juki_arena;

struct juki_result_file {
	char			 file_id[JUKI_ID_MAX + 1];
	char			 terminal_id[JUKI_ID_MAX + 1];
	char			 created[15];
	enum juki_mode		 mode;
	char			 sha256[65];
	struct juki_answer	*answers;
	size_t			 nanswers;
	size_t			 nrequests;	/* distinct request numbers answered */
	size_t			 ngaiji;	/* answers with gaiji != 0 */
	struct juki_arena	*arena;
};

/* What the terminal expects of a result file. */
struct juki_expect {
	const char	*terminal_id;		/* required */
	const char	*file_id;		/* NULL: any */
	const uint64_t	*requests;		/* outstanding request numbers, any order */
	size_t		 nrequests;
	int		 require_all;		/* every outstanding number must be answered */
};

int	 juki_result_parse(struct charconv *, const void *, size_t,
	    const struct juki_expect *, struct juki_result_file **, char **);
void	 juki_result_free(struct juki_result_file *);

/* Names for the codes, for messages and screens (already translated). */
const char	*juki_result_name(enum juki_result_code);
const char	*juki_reason_name(enum juki_reason);
const char	*juki_alive_name(enum juki_alive);
const char	*juki_pattern_name(enum juki_pattern);

/* Shared helpers (juki-format.c). */
int	 juki_valid_id(const char *);
int	 juki_valid_date(uint32_t);
int	 juki_valid_timestamp(const char *);
void	 juki_advise_huge(void *, size_t);

#endif
