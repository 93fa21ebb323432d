/*
 * UTF-8 decoding and terminal columns without the locale (see textwidth.h).
 *
 * wcwidth() answers according to LC_CTYPE, and in the C locale (a cron job, a test run, an
 * admin command under `env -i`) it knows no kanji at all. The validators and the layout code
 * must give the same answer everywhere, so the widths are asked of glibc's C.UTF-8 locale
 * whatever the process's locale is: a locale object made once and used for the call only
 * (uselocale). So the widths follow glibc's Unicode updates instead of a copied table;
 * tests/unit/test-textwidth.c compares them with the table madoguchi carried before.
 */
#include "config.h"

#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "textwidth.h"
#include "xmalloc.h"

static size_t	unit(const char *, size_t, size_t *);

static locale_t	c_utf8;

size_t
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 c;
	size_t			 n, i;

	if (len == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	/* 0x80-0xBF continue a sequence; 0xC0 and 0xC1 could only start an overlong one. */
	if (u[0] < 0xc2)
		return 0;
	if (u[0] < 0xe0) {
		n = 2;
		c = u[0] & 0x1f;
	} else if (u[0] < 0xf0) {
		n = 3;
		c = u[0] & 0x0f;
	} else if (u[0] < 0xf5) {
		n = 4;
		c = u[0] & 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	if (c >= 0xd800 && c <= 0xdfff)
		return 0;
	*cp = c;
	return n;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char	*u = (unsigned char *)out;

	if (cp < 0x80) {
		u[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = 0xc0 | (cp >> 6);
		u[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if (cp < 0x10000) {
		u[0] = 0xe0 | (cp >> 12);
		u[1] = 0x80 | ((cp >> 6) & 0x3f);
		u[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	if (cp > 0x10ffff)
		return 0;
	u[0] = 0xf0 | (cp >> 18);
	u[1] = 0x80 | ((cp >> 12) & 0x3f);
	u[2] = 0x80 | ((cp >> 6) & 0x3f);
	u[3] = 0x80 | (cp & 0x3f);
	return 4;
}

int
utf8_valid(const char *s, size_t len, size_t *bad)
{
	size_t		 i = 0, n;
	uint32_t	 cp;

	while (i < len) {
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0) {
			if (bad != NULL)
				*bad = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

/*
 * glibc's C.UTF-8 locale, made once: wcwidth() answers for the thread's locale, so each
 * call switches to this one with uselocale() (per thread, so safe with threads) and back.
 */
static void
c_utf8_make(void)
{
	c_utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

int
textwidth_char(uint32_t cp)
{
	static pthread_once_t	 once = PTHREAD_ONCE_INIT;
	locale_t		 old;
	int			 w;

	if (cp == 0)
		return 0;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return -1;
	/* Nothing below U+0300 is zero-width or wide (U+00AD SOFT HYPHEN is 1, as in glibc). */
	if (cp < 0x300)
		return 1;
	pthread_once(&once, c_utf8_make);
	/* C.UTF-8 is built into glibc since 2.35: it cannot be missing, short of memory. */
	if (c_utf8 == (locale_t)0)
		return 1;
	old = uselocale(c_utf8);
	w = wcwidth((wchar_t)cp);
	uselocale(old);
	/* Unassigned code points, for which wcwidth says -1, take one column on screen. */
	return w < 0 ? 1 : w;
}

/* One unit of text at s: a character, or a lone invalid byte. Its bytes, and columns. */
static size_t
unit(const char *s, size_t len, size_t *cols)
{
	uint32_t	 cp;
	size_t		 n;
	int		 w;

	if ((n = utf8_decode(s, len, &cp)) == 0) {
		*cols = 1;
		return 1;
	}
	w = textwidth_char(cp);
	*cols = w < 0 ? 1 : (size_t)w;
	return n;
}

size_t
textwidth_n(const char *s, size_t len)
{
	size_t	 i = 0, width = 0, cols;

	while (i < len) {
		i += unit(s + i, len - i, &cols);
		width += cols;
	}
	return width;
}

size_t
textwidth(const char *s)
{
	return textwidth_n(s, strlen(s));
}

size_t
textwidth_prefix(const char *s, size_t cols, size_t *used)
{
	size_t	 len = strlen(s), i = 0, width = 0, n, c;

	/* Zero-width units always fit, so they stay with the character before them. */
	while (i < len) {
		n = unit(s + i, len - i, &c);
		if (width + c > cols)
			break;
		width += c;
		i += n;
	}
	if (used != NULL)
		*used = width;
	return i;
}

char *
textwidth_truncate(const char *s, size_t cols, int ellipsis)
{
	size_t	 n, elen = strlen(TEXTWIDTH_ELLIPSIS);
	char	*out;

	if (textwidth(s) <= cols)
		return xstrdup(s);
	if (!ellipsis || cols == 0)
		return xstrndup(s, textwidth_prefix(s, cols, NULL));
	n = textwidth_prefix(s, cols - 1, NULL);
	out = xmalloc(n + elen + 1);
	memcpy(out, s, n);
	memcpy(out + n, TEXTWIDTH_ELLIPSIS, elen + 1);
	return out;
}

/*
 * Kinsoku (禁則処理, JIS X 4051): the characters a line does not start with (closing
 * brackets and quotes, the marks of a sentence's end, small kana, the long-vowel mark) and
 * those it does not end with (opening brackets and quotes). UTF-8 is self-synchronising,
 * so a whole character found in these strings is that character.
 */
static const char kinsoku_no_start[] =
    "、。，．・：；？！ー々ゝゞヽヾ）」』】〕〉》］｝”’〟"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    ",.:;!?)]}";
static const char kinsoku_no_end[] = "（「『【〔〈《［｛“‘〝([{";

/* Whether the character at s is one of set. */
static int
kinsoku_in(const char *set, const char *s)
{
	uint32_t	 cp;
	size_t		 n = utf8_decode(s, strlen(s), &cp);
	char		 c[5];

	if (n == 0)
		return 0;
	memcpy(c, s, n);
	c[n] = '\0';
	return strstr(set, c) != NULL;
}

/* The offset of the character before offset at in s (at > 0). */
static size_t
char_before(const char *s, size_t at)
{
	do
		at--;
	while (at > 0 && ((unsigned char)s[at] & 0xc0) == 0x80);
	return at;
}

/*
 * Where a line broken inside a word (take bytes of s) ends after kinsoku: a character
 * that may not start the next line, or one that may not end this one, moves down with its
 * neighbour. A few steps back at most; never to an empty line.
 */
static size_t
kinsoku_break(const char *s, size_t take)
{
	size_t	 at = take, back;
	int	 step;

	for (step = 0; step < 4 && at > 0; step++) {
		back = char_before(s, at);
		if (!kinsoku_in(kinsoku_no_start, s + at) && !kinsoku_in(kinsoku_no_end, s + back))
			return at;
		at = back;
	}
	return at > 0 && step < 4 ? at : take;
}

/*
 * text with its lines broken to width columns: at the last space that fits when there is
 * one in the second half of the line (words stay whole), else at the last character that
 * fits (Japanese has no spaces), moved back by kinsoku. Nothing is cut.
 */
char *
textwidth_wrap(const char *text, int width)
{
	const char	*p = text, *nl, *sp;
	char		*out = xstrdup(""), *next, *line;
	size_t		 len, take, i;

	if (width < 10)
		width = 10;
	while (p != NULL) {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		line = xstrndup(p, len);
		for (i = 0; textwidth(line + i) > (size_t)width;) {
			take = textwidth_prefix(line + i, (size_t)width, NULL);
			for (sp = line + i + take; sp > line + i + take / 2 && *sp != ' '; sp--)
				;
			if (*sp == ' ' && sp > line + i + take / 2)
				take = (size_t)(sp - (line + i));
			else
				take = kinsoku_break(line + i, take);
			xasprintf(&next, "%s%.*s\n", out, (int)take, line + i);
			free(out);
			out = next;
			i += take;
			while (line[i] == ' ')
				i++;
		}
		xasprintf(&next, "%s%s%s", out, line + i, nl != NULL ? "\n" : "");
		free(out);
		out = next;
		free(line);
		p = nl != NULL ? nl + 1 : NULL;
	}
	return out;
}
