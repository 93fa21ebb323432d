/*
 * The register's input validators (SPEC §4): My Number, katakana, dates in Western and
 * Japanese-era forms, postal, prefecture and municipality codes, free text.
 *
 * Pure functions: no curses, no SQL, no locale dependence (UTF-8 is decoded by textwidth.c).
 * Each validator returns 0, or -1 with *cause set to an allocated, translated message that a
 * screen shows under the field (the caller frees it). Where input is normalised (full-width
 * digits, half-width kana, separators), the normal form goes to an output argument, which is
 * left untouched on failure. An empty field is an error for the code fields and accepted by
 * valid_text() and valid_kana(): whether a field is required is the form's business.
 *
 * Character positions in messages count characters (not bytes) from 1.
 */
#ifndef VALID_H
#define VALID_H

#include <stddef.h>
#include <stdint.h>

/* ---- valid-common.c: shared by the validators. */

#define VALID_DESC_SIZE	16

/*
 * Fold what an IME types in full-width mode, one character for one character so that
 * positions do not move: U+FF01-U+FF5E to ASCII, U+3000 to a space, and the dashes and
 * long-vowel marks typed for a hyphen (‐ ‑ ‒ – — ― − ー ｰ) to '-'. Other characters are
 * kept. Invalid UTF-8 and control characters are refused. Returns an allocated string.
 */
char	*valid_fold(const char *, char **);
/* Cut trailing spaces off s in place and return s past its leading spaces. */
char	*valid_trim(char *);
/* The 1-based position of the character at byte offset off of s. */
size_t	 valid_char_pos(const char *, size_t);
/* The character at byte offset off of s for a message: "x" quoted, or U+XXXX if invisible. */
void	 valid_char_desc(const char *, size_t, char [VALID_DESC_SIZE]);

/* ---- valid-text.c: every free-text field (names, addresses, reasons, remarks). */

#define VALID_TEXT_MULTILINE	0x1	/* line feeds allowed (remarks) */

/*
 * Refuse text that is not UTF-8, that holds C0/C1 control characters (tab, escape ...; line
 * feed only with VALID_TEXT_MULTILINE) or bidirectional controls (which reorder what the
 * screen shows), or that has more than maxchars characters (0: no limit).
 */
int	 valid_text(const char *, size_t, int, char **);

/* ---- valid-mynumber.c: 個人番号. */

#define MYNUMBER_LEN		12
#define MYNUMBER_MASK_SIZE	15	/* "**** **** 1234" */

/*
 * Twelve digits whose last is the check digit. Full-width digits, spaces and hyphens are
 * accepted; out gets the 12 ASCII digits. Messages never repeat the number.
 */
int	 valid_mynumber(const char *, char [MYNUMBER_LEN + 1], char **);
/*
 * The check digit (0-9) for the first 11 digits at s (only those 11 are read), or -1 if they
 * are not all ASCII digits. 平成26年総務省令第85号 第5条 (the formula that 番号法施行令
 * 第8条 refers to): P_n the n-th digit from the right, Q_n = n + 1 (n <= 6), n - 5 (n >= 7),
 * r = Σ P_n Q_n mod 11; the digit is 0 if r <= 1, else 11 - r.
 */
int	 mynumber_check_digit(const char *);
/* "**** **** 1234" (the last four digits), or "**** **** ****" if s is not 12 digits. */
void	 mynumber_mask(const char *, char [MYNUMBER_MASK_SIZE]);

/* ---- valid-kana.c: カナ fields. */

/*
 * Full-width katakana (ァ-ヶ, ー, ・) with single full-width spaces between parts (family and
 * given name). Converted on the way: half-width katakana (ｶﾞ -> ガ, ﾊﾟ -> パ, ｳﾞ -> ヴ),
 * hiragana (a kana field typed with the IME in hiragana mode means the same name), ASCII
 * spaces, and combining voiced marks. Runs of spaces become one; leading and trailing
 * spaces go. Refused: anything else, naming the first offending character, and katakana
 * that CP932 cannot carry to Juki-net (ヷ ヸ ヹ ヺ). maxchars limits the result (0: none).
 * *out gets the allocated normal form.
 */
int	 valid_kana(const char *, size_t, char **, char **);

/* ---- valid-date.c: dates. */

struct date {
	int	 y, m, d;
};

#define DATE_ISO_SIZE	11	/* "2025-04-01" */
#define DATE_ERA_SIZE	32	/* "令和7年4月1日" */

/*
 * Western: 2025-04-01, 2025/4/1, 2025.4.1, 20250401, 2025年4月1日 (a 4-digit year,
 * 1000-9999). Japanese era: 令和7年4月1日, 令和元年5月1日, R7.4.1, R07.04.01, R070401,
 * H31.4.30, S64.1.7 (letters M T S H R in either case; the era signs ㍾ ㍽ ㍼ ㍻ ㋿ too).
 * Full-width digits and separators are accepted. The date must exist (leap years) and lie
 * inside its era: 平成31年4月30日 is valid, 平成31年5月1日 is not (the message names the end
 * of 平成 and the right form, 令和元年5月1日).
 *
 * Era boundaries (Gregorian): 明治 1868-10-23 (the day of the 改元の詔; earlier 明治 dates
 * are refused), 大正 1912-07-30, 昭和 1926-12-25, 平成 1989-01-08, 令和 2019-05-01. Japan
 * kept the lunisolar calendar until 明治5年12月2日, so 明治 1-5 dates are treated as
 * proleptic Gregorian: a limitation that no living register holder meets.
 */
int	 valid_date(const char *, struct date *, char **);
int	 date_valid(int, int, int);
int	 date_days_in_month(int, int);
int	 date_cmp(const struct date *, const struct date *);
/* Today on the clock (clock.h), in local time. */
void	 date_today(struct date *);
/* Days since 1970-01-01 (proleptic Gregorian) and back. */
long	 date_to_days(const struct date *);
void	 date_from_days(long, struct date *);
/* "2025-04-01". */
void	 date_format_iso(const struct date *, char [DATE_ISO_SIZE]);
/* "R07.04.01", for lists where the long form does not fit; -1 as date_format_era. */
#define DATE_ERA_SHORT_SIZE	40
int	 date_format_era_short(const struct date *, char [DATE_ERA_SHORT_SIZE]);
/* "令和7年4月1日", "令和元年5月1日"; -1 (and "") for a date before 明治 or invalid. */
int	 date_format_era(const struct date *, char [DATE_ERA_SIZE]);
/*
 * A stored day (YYYY-MM-DD) as the screens and reports show it: in the era when era is
 * set and the day is one, else as it is; "-" for none. Returns buf.
 */
const char *date_shown(const char *, int, char [DATE_ERA_SIZE]);

/* ---- valid-codes.c: postal, prefecture and municipality codes. */

#define POSTAL_LEN		7
#define POSTAL_FORMAT_SIZE	16	/* "〒123-4567" */
#define MUNICIPALITY_LEN	6

/* 1234567 or 123-4567 (full-width too, optionally after 〒); out gets the 7 digits. */
int	 valid_postal(const char *, char [POSTAL_LEN + 1], char **);
/* "〒123-4567" from 7 digits; "" if s is not 7 digits. */
void	 postal_format(const char *, char [POSTAL_FORMAT_SIZE]);

/* 01-47 ("1" and "01" alike) or the name ("東京都"); *code gets the number. */
int	 valid_prefecture(const char *, int *, char **);
/* 北海道 ... 沖縄県, or NULL outside 1-47. */
const char *prefecture_name(int);

/*
 * 全国地方公共団体コード: 6 digits, the first two a prefecture code, the sixth the check digit
 * over the first five. out gets the 6 digits.
 */
int	 valid_municipality(const char *, char [MUNICIPALITY_LEN + 1], char **);
/*
 * The check digit for the first 5 digits at s, or -1 if they are not ASCII digits:
 * (11 - Σ d_i w_i mod 11) mod 10 with weights 6, 5, 4, 3, 2 (総務省 「全国地方公共団体コード」
 * の検査数字).
 */
int	 municipality_check_digit(const char *);

#endif
