/* JSON strings (json-string.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json-string.h"
#include "xmalloc.h"

/* s as a JSON string with its quotes; control characters escaped, UTF-8 kept as it is. */
char *
json_string(const char *s)
{
	const unsigned char	*p;
	char			*out;
	size_t			 n = 0;

	out = xmalloc(strlen(s) * 6 + 3);
	out[n++] = '"';
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
		case '\\':
			out[n++] = '\\';
			out[n++] = (char)*p;
			break;
		case '\n':
			out[n++] = '\\';
			out[n++] = 'n';
			break;
		case '\t':
			out[n++] = '\\';
			out[n++] = 't';
			break;
		case '\r':
			out[n++] = '\\';
			out[n++] = 'r';
			break;
		default:
			if (*p < 0x20) {
				snprintf(out + n, 7, "\\u%04x", *p);
				n += 6;
			} else
				out[n++] = (char)*p;
		}
	}
	out[n++] = '"';
	out[n] = '\0';
	return out;
}
