/* The text of an imported CSV as UTF-8 (import-text.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "charconv.h"
#include "i18n.h"
#include "import/import-text.h"
#include "xmalloc.h"

#define UTF8_BOM	"\xef\xbb\xbf"

/* The line (from 1) of byte offset off. */
static size_t
line_of(const char *text, size_t off)
{
	size_t	 line = 1, i;

	for (i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

/*
 * Where the text is first valid UTF-8 beyond ASCII (*multi) and first not UTF-8 (*bad),
 * as byte offsets; (size_t)-1 for never.
 */
static void
utf8_scan(const char *text, size_t len, size_t *multi, size_t *bad)
{
	const unsigned char	*p = (const unsigned char *)text;
	size_t			 i = 0, n;

	*multi = *bad = (size_t)-1;
	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = charconv_utf8_seqlen(p + i, len - i)) == 0) {
			if (*bad == (size_t)-1)
				*bad = i;
			i++;
			continue;
		}
		if (*multi == (size_t)-1)
			*multi = i;
		i += n;
	}
}

int
import_text_utf8(struct charconv *cc, const char *data, size_t len, char **out,
    size_t *outlen, int *cp932, char **cause)
{
	struct charconv_buf	 buf;
	const char		*nul, *geta;
	size_t			 multi, bad, gaiji = 0, errpos = 0;
	int			 bom;

	*out = NULL;
	*cp932 = 0;
	if ((nul = memchr(data, '\0', len)) != NULL) {
		xasprintf(cause, _("line %zu holds a NUL byte: this is no text file"),
		    line_of(data, (size_t)(nul - data)));
		return -1;
	}
	bom = len >= 3 && memcmp(data, UTF8_BOM, 3) == 0;
	if (bom) {
		data += 3;
		len -= 3;
	}
	utf8_scan(data, len, &multi, &bad);
	if (bad == (size_t)-1) {
		*out = xmalloc(len + 1);
		memcpy(*out, data, len);
		(*out)[len] = '\0';
		*outlen = len;
		return 0;
	}
	if (bom || multi != (size_t)-1) {
		xasprintf(cause, _("the file mixes encodings: line %zu is UTF-8, line %zu is not; "
		    "save it again in one encoding (UTF-8 or CP932)"), bom ? (size_t)1 :
		    line_of(data, multi), line_of(data, bad));
		return -1;
	}
	memset(&buf, 0, sizeof buf);
	if (charconv_to_utf8(cc, data, len, &buf, &gaiji, &errpos, cause) != 0) {
		free(*cause);
		xasprintf(cause, _("line %zu is neither UTF-8 nor CP932"),
		    line_of(data, errpos));
		charconv_buf_free(&buf);
		return -1;
	}
	if (gaiji > 0 && (geta = strstr(buf.data, CHARCONV_GETA_UTF8)) != NULL) {
		xasprintf(cause, _("line %zu holds a character outside CP932's standard set "
		    "(外字): enter that application at the desk"),
		    line_of(buf.data, (size_t)(geta - buf.data)));
		charconv_buf_free(&buf);
		return -1;
	}
	*out = buf.data;
	*outlen = buf.len;
	*cp932 = 1;
	return 0;
}
