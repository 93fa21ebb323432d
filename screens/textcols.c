#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "textcols.h"
#include "xmalloc.h"

/* Columns the text takes; an undecodable byte or a control character counts as one. */
int
textcols_width(const char *s)
{
	mbstate_t	 ps;
	wchar_t		 wc;
	size_t		 n, len = strlen(s);
	int		 w, cols = 0;

	memset(&ps, 0, sizeof ps);
	while (len > 0) {
		n = mbrtowc(&wc, s, len, &ps);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&ps, 0, sizeof ps);
			n = 1;
			w = 1;
		} else if ((w = wcwidth(wc)) < 0)
			w = 1;
		cols += w;
		s += n;
		len -= n;
	}
	return cols;
}

/* A copy of s cut to at most cols columns, never in the middle of a character. */
char *
textcols_clip(const char *s, int cols)
{
	mbstate_t	 ps;
	wchar_t		 wc;
	size_t		 n, len = strlen(s), used = 0;
	int		 w, taken = 0;

	memset(&ps, 0, sizeof ps);
	while (used < len) {
		n = mbrtowc(&wc, s + used, len - used, &ps);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			break;
		if ((w = wcwidth(wc)) < 0)
			break;
		if (taken + w > cols)
			break;
		taken += w;
		used += n;
	}
	return xstrndup(s, used);
}
