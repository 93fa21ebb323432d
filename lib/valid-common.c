/*
 * What the validators share: folding IME full-width input to ASCII, and naming a character
 * and its position in a message.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "textwidth.h"
#include "valid.h"
#include "xmalloc.h"

static int	is_dash(uint32_t);

/*
 * What people type for a hyphen in a number: with the IME on, the '-' key gives ー (or ｰ
 * half-width), and text pasted from documents brings the typographic dashes.
 */
static int
is_dash(uint32_t cp)
{
	switch (cp) {
	case 0x2010:	/* ‐ HYPHEN */
	case 0x2011:	/* ‑ NON-BREAKING HYPHEN */
	case 0x2012:	/* ‒ FIGURE DASH */
	case 0x2013:	/* – EN DASH */
	case 0x2014:	/* — EM DASH */
	case 0x2015:	/* ― HORIZONTAL BAR */
	case 0x2212:	/* − MINUS SIGN */
	case 0x30fc:	/* ー KATAKANA-HIRAGANA PROLONGED SOUND MARK */
	case 0xff70:	/* ｰ HALFWIDTH PROLONGED SOUND MARK */
		return 1;
	}
	return 0;
}

char *
valid_fold(const char *in, char **cause)
{
	size_t		 len = strlen(in), i = 0, o = 0, n;
	uint32_t	 cp;
	char		*out;

	/* Every replacement is one byte for three, so the input's length is enough. */
	out = xmalloc(len + 1);
	while (i < len) {
		if ((n = utf8_decode(in + i, len - i, &cp)) == 0) {
			xasprintf(cause,
			    _("invalid character encoding (not UTF-8) at character %zu"),
			    valid_char_pos(in, i));
			goto fail;
		}
		if (textwidth_char(cp) < 0) {
			xasprintf(cause, _("character %zu is a control character (U+%04X)"),
			    valid_char_pos(in, i), (unsigned)cp);
			goto fail;
		}
		if (cp >= 0xff01 && cp <= 0xff5e)
			out[o++] = (char)(cp - 0xff01 + 0x21);
		else if (cp == 0x3000)
			out[o++] = ' ';
		else if (is_dash(cp))
			out[o++] = '-';
		else {
			memcpy(out + o, in + i, n);
			o += n;
		}
		i += n;
	}
	out[o] = '\0';
	return out;

fail:
	/* The input may be a My Number. */
	explicit_bzero(out, len + 1);
	free(out);
	return NULL;
}

char *
valid_trim(char *s)
{
	size_t	 len;

	while (*s == ' ')
		s++;
	len = strlen(s);
	while (len > 0 && s[len - 1] == ' ')
		s[--len] = '\0';
	return s;
}

size_t
valid_char_pos(const char *s, size_t off)
{
	size_t		 i = 0, pos = 1, n;
	uint32_t	 cp;

	while (i < off) {
		n = utf8_decode(s + i, off - i, &cp);
		i += n == 0 ? 1 : n;
		pos++;
	}
	return pos;
}

void
valid_char_desc(const char *s, size_t off, char desc[VALID_DESC_SIZE])
{
	uint32_t	 cp;
	size_t		 n;

	n = utf8_decode(s + off, strlen(s + off), &cp);
	if (n == 0)
		snprintf(desc, VALID_DESC_SIZE, "0x%02X", (unsigned char)s[off]);
	else if (textwidth_char(cp) <= 0 || cp == ' ' || cp == 0xa0 || cp == 0x3000)
		snprintf(desc, VALID_DESC_SIZE, "U+%04X", (unsigned)cp);
	else
		snprintf(desc, VALID_DESC_SIZE, "\"%.*s\"", (int)n, s + off);
}
