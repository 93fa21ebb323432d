/*
 * UTF-8 decoding and the terminal columns of text (SPEC §4: names measured by display
 * width, never truncated mid-character).
 *
 * Independent of the process locale: the decoder is our own and the widths are glibc's
 * wcwidth() in its C.UTF-8 locale, whatever locale the process runs in, so the answers are the
 * same in the C locale, in a test harness and on the desk, and agree with what ncursesw
 * (which calls wcwidth) draws in a UTF-8 locale.
 */
#ifndef TEXTWIDTH_H
#define TEXTWIDTH_H

#include <stddef.h>
#include <stdint.h>

#define TEXTWIDTH_ELLIPSIS	"\xe2\x80\xa6"	/* … U+2026, one column */

/*
 * Decode the character at s (at most len bytes): its length 1-4 with *cp set, or 0 when s
 * does not start with a complete, shortest-form UTF-8 sequence of a Unicode scalar value
 * (overlong forms, surrogates and values above U+10FFFF are invalid).
 */
size_t	 utf8_decode(const char *, size_t, uint32_t *);

/* Encode a scalar value into out (room for 4 bytes): its length, or 0 if cp is not one. */
size_t	 utf8_encode(uint32_t, char *);

/* Whether len bytes are valid UTF-8; if not, *bad (if not NULL) gets the offending offset. */
int	 utf8_valid(const char *, size_t, size_t *);

/*
 * Columns of one character as wcwidth() gives them in a UTF-8 locale: 2 for East Asian wide
 * and fullwidth (kanji, kana, full-width forms, Hangul syllables), 0 for combining and
 * zero-width characters (and NUL), 1 otherwise; -1 for C0 and C1 controls and DEL.
 * Unassigned code points, for which wcwidth says -1, count 1 here.
 */
int	 textwidth_char(uint32_t);

/*
 * Columns of a UTF-8 string (textwidth_n: of its first len bytes). A byte that is not valid
 * UTF-8 and a control character each count one column: the screen shows a replacement
 * character for them. Text that passed valid_text() has neither.
 */
size_t	 textwidth(const char *);
size_t	 textwidth_n(const char *, size_t);

/*
 * The byte length of the longest prefix of s that fits in cols columns. It never ends inside
 * a multi-byte character and never includes half of a wide one: a wide character that would
 * straddle the limit is left out. Zero-width characters right after the last character taken
 * stay with it (a combining mark is not parted from its base). *used (if not NULL) gets the
 * columns of the prefix.
 */
size_t	 textwidth_prefix(const char *, size_t, size_t *);

/*
 * An allocated copy of s that fits in cols columns. With ellipsis, a string that had to be
 * cut ends in "…" within the cols columns; a string that fits is copied whole.
 */
char	*textwidth_truncate(const char *, size_t, int);

/*
 * An allocated copy of text with its lines broken to width columns (at least 10): at the
 * last space that fits when there is one in the second half of the line (words stay
 * whole), else at the last character that fits (Japanese has no spaces), following
 * kinsoku: no line starts with a closing bracket, 。、 or a small kana, and none ends with an
 * opening bracket. Nothing is cut.
 */
char	*textwidth_wrap(const char *, int);

#endif
