/*
 * The one escaping rule (escape.h): control characters, direction controls and bytes that
 * are not UTF-8 become visible escapes.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "textwidth.h"
#include "xmalloc.h"

static int	escaped_char(uint32_t);

static int
escaped_char(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x061c || cp == 0x200e ||
	    cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

char *
escape_text(const char *s, size_t max)
{
	const char	*p = s, *end = s + strlen(s);
	char		*out, *o;
	size_t		 n, chars, len = (size_t)(end - s);
	uint32_t	 cp;

	/* Each byte grows to at most four ("\x1b"; "\u202e" is six for three bytes). */
	if (max > 0 && max < len)
		len = max * 4;
	out = o = xmalloc(len * 4 + 4);
	for (chars = 0; p < end && (max == 0 || chars < max); chars++) {
		if ((n = utf8_decode(p, (size_t)(end - p), &cp)) == 0) {
			o += sprintf(o, "\\x%02x", (unsigned char)*p++);
			continue;
		}
		if (escaped_char(cp))
			o += sprintf(o, cp < 0x80 ? "\\x%02x" : "\\u%04x", (unsigned)cp);
		else {
			memcpy(o, p, n);
			o += n;
		}
		p += n;
	}
	strcpy(o, p < end ? "..." : "");
	return out;
}

int
escape_needed(const char *s)
{
	const char	*p = s, *end = s + strlen(s);
	size_t		 n;
	uint32_t	 cp;

	while (p < end) {
		if ((n = utf8_decode(p, (size_t)(end - p), &cp)) == 0 || escaped_char(cp))
			return 1;
		p += n;
	}
	return 0;
}
