/* CSV cells: RFC 4180 quoting and formula prefixes neutralised (csv.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "xmalloc.h"

char *
csv_cell(const char *s)
{
	char	*out, *o;
	size_t	 len;

	if (s == NULL)
		s = "";
	len = strlen(s);
	/* Every byte may double, plus the quote mark, two quotes and the NUL. */
	out = o = xmalloc(len * 2 + 4);
	*o++ = '"';
	if (*s != '\0' && strchr("=+-@\t\r", *s) != NULL)
		*o++ = '\'';
	for (; *s != '\0'; s++) {
		if (*s == '"')
			*o++ = '"';
		*o++ = *s;
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

void
csv_put(FILE *fp, const char *s, int last)
{
	char	*cell = csv_cell(s);

	fputs(cell, fp);
	fputc(last ? '\n' : ',', fp);
	free(cell);
}
