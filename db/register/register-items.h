/*
 * The items of the register (SPEC §4) as data: one table row per item with its key (the
 * column name in the database and the key in an application's payload), its label, its
 * kind of validation and whether it is required or an identity item. The forms are built
 * from these tables and the data layer checks every payload against them again, so that a
 * rule lives in one place.
 *
 * Pure functions over valid.h: no curses, no SQL.
 */
#ifndef REGISTER_ITEMS_H
#define REGISTER_ITEMS_H

#include <stddef.h>

enum reg_kind {
	REG_TEXT,		/* one line of text (names, addresses) */
	REG_REMARKS,		/* text with line feeds */
	REG_KANA,		/* full-width katakana, half-width converted */
	REG_DATE,		/* Western or Japanese era; stored YYYY-MM-DD */
	REG_SEX,		/* 1 男 / 2 女 / 9 未記載 */
	REG_PREFECTURE,		/* 01-47 or the name */
	REG_POSTAL,		/* 7 digits */
	REG_MUNICIPALITY,	/* 6 digits with check digit */
	REG_PHONE,		/* digits and hyphens */
	REG_MYNUMBER,		/* 12 digits with check digit */
	REG_CODE,		/* ASCII letters, digits and hyphens (certificate numbers) */
	REG_QUALIFICATION,	/* one of reg_qualifications */
	REG_ROUTE,		/* exam, course, school */
	REG_STATUS,		/* valid, suspended, cancelled, erased, returned */
	REG_REASON_CODE,	/* one of reg_reason_codes */
	REG_REISSUE_REASON,	/* one of reg_reissue_reasons */
	REG_CORRECTION_REASON,	/* one of reg_correction_reasons */
	REG_FEE_KIND,		/* one of reg_fee_kinds */
	REG_AMOUNT,		/* yen: digits (commas and 円 allowed when typed) */
	REG_FLAG,		/* 0 no / 1 yes; empty is 0 (the column is never empty) */
};

#define REG_REQUIRED	0x1	/* may not be empty */
#define REG_IDENTITY	0x2	/* an identity item: changed only by an approved correction */
#define REG_REWRITE	0x4	/* a change means a 書換え (name, 本籍) */
#define REG_REISSUE	0x8	/* an item of a reissue application */

struct reg_item {
	const char	*key;
	const char	*label;		/* N_() text, translated when shown */
	enum reg_kind	 kind;
	int		 max_chars;
	int		 flags;
};

/* Each table ends with a row whose key is NULL. */
extern const struct reg_item reg_holder_items[];	/* a holder's own items */
extern const struct reg_item reg_registration_items[];	/* one qualification registration */
extern const struct reg_item reg_correction_items[];	/* why and when, for a correction */
extern const struct reg_item reg_deletion_items[];	/* why and when, for a 消除 */
extern const struct reg_item reg_desk_items[];	/* set by the desk, never typed */
extern const struct reg_item reg_mynumber_items[];	/* the My Number, kept apart */
extern const struct reg_item reg_reissue_items[];	/* a certificate reissue (SPEC §6) */
extern const struct reg_item reg_merge_items[];	/* a merge or split of two holders */
/* The certificate's and registration's own columns in a history's before_json. */
extern const struct reg_item reg_history_items[];
/*
 * Every table above but reg_history_items, in the order reg_item_find(NULL, ...) searches
 * them; NULL ends it.
 */
extern const struct reg_item *const reg_tables[];

/* The row for key in table (or in any table if table is NULL), or NULL. */
const struct reg_item *reg_item_find(const struct reg_item *, const char *);
size_t	 reg_item_count(const struct reg_item *);

/*
 * Check one typed value. On success *normal gets the allocated stored form ("" for an empty
 * optional item) and 0 is returned; otherwise -1 and *cause a translated message for under
 * the field. Values longer than the item's max_chars are refused, never cut.
 */
int	 reg_check(const struct reg_item *, const char *, char **, char **);

/*
 * The stored form as a person reads it: 1 -> 男, exam -> 試験合格, dates as 令和7年4月1日
 * (era) or 2025-04-01. Returns an allocated string; unknown values come back unchanged.
 */
char	*reg_display(const struct reg_item *, const char *, int);

/* Codes and their labels, for the forms' hints and reg_display. */
struct reg_code {
	const char	*code;
	const char	*label;		/* N_() text */
};
extern const struct reg_code reg_qualifications[];
extern const struct reg_code reg_routes[];
extern const struct reg_code reg_statuses[];
extern const struct reg_code reg_reason_codes[];
extern const struct reg_code reg_event_kinds[];
extern const struct reg_code reg_application_kinds[];
extern const struct reg_code reg_reissue_reasons[];	/* 亡失, 汚損, 破損, 書換え */
extern const struct reg_code reg_fee_kinds[];		/* 収入印紙, オンライン決済, 免除, 現金 */
extern const struct reg_code reg_issue_reasons[];	/* an issue without an application */
extern const struct reg_code reg_correction_reasons[];	/* a correction the product made */
const char *reg_code_label(const struct reg_code *, const char *);
/*
 * A reason's text as a person reads it: what was typed, as typed; for a correction from a
 * Juki-net answer (code juki-answer), the answer's codes it holds named in the reader's
 * language (転居). Allocated.
 */
char	*reg_reason_text(const char *, const char *);
/*
 * An event's reason code (events.reason_code) as a person reads it, by the event's kind:
 * a 消除's reg_reason_codes, a 再交付's reg_reissue_reasons, an issue's reg_issue_reasons,
 * a correction's (or 書換え's) reg_correction_reasons.
 * NULL for an empty or unknown code.
 */
const char *reg_event_reason(const char *, const char *);
/* The codes an item of kind takes (REG_QUALIFICATION ... REG_FEE_KIND), else NULL. */
const struct reg_code *reg_kind_codes(enum reg_kind);

#endif
