/*
 * Every free-text field: UTF-8 only, no control characters, a length limit (SPEC §4).
 *
 * Controls are refused because they would reach the terminal (an escape sequence in a name
 * redraws the screen), the Juki-net files and the exports. Bidirectional overrides are
 * refused too, and the direction marks (U+200E, U+200F, U+061C): they reorder what the
 * screen shows, so a name could read differently from what is stored.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "i18n.h"
#include "textwidth.h"
#include "valid.h"
#include "xmalloc.h"

static int	is_bidi_control(uint32_t);

static int
is_bidi_control(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

int
valid_text(const char *in, size_t maxchars, int flags, char **cause)
{
	size_t		 len = strlen(in), i = 0, n, chars = 0;
	uint32_t	 cp;

	while (i < len) {
		if ((n = utf8_decode(in + i, len - i, &cp)) == 0) {
			xasprintf(cause,
			    _("invalid character encoding (not UTF-8) at character %zu"),
			    chars + 1);
			return -1;
		}
		if (cp == '\n' && (flags & VALID_TEXT_MULTILINE))
			;
		else if (cp == '\n') {
			xasprintf(cause, _("character %zu is a line break, which this field "
			    "cannot hold"), chars + 1);
			return -1;
		} else if (textwidth_char(cp) < 0) {
			xasprintf(cause, _("character %zu is a control character (U+%04X)"),
			    chars + 1, (unsigned)cp);
			return -1;
		} else if (is_bidi_control(cp)) {
			xasprintf(cause, _("character %zu is a text-direction control "
			    "character (U+%04X)"), chars + 1, (unsigned)cp);
			return -1;
		}
		chars++;
		i += n;
	}
	if (maxchars != 0 && chars > maxchars) {
		xasprintf(cause, _("too long: %zu characters (the limit is %zu)"), chars,
		    maxchars);
		return -1;
	}
	return 0;
}
