/* app/import/: bringing files in from media (SPEC §9, issue 21).
 * May use: lib/, db/, app/. */
/*
 * The text of a CSV brought on media, as UTF-8: a UTF-8 file with or without its BOM as
 * it is (the BOM dropped), a CP932 file converted. A file that mixes the two, holds a
 * character CP932 has no standard code for (外字), a NUL, or bytes that are neither is
 * refused with the line it happens on: an application must never come in with a name
 * changed by a wrong guess at its encoding.
 */
#ifndef IMPORT_TEXT_H
#define IMPORT_TEXT_H

#include <stddef.h>

struct charconv;

/* *out (allocated, NUL-terminated) and *outlen; -1 and why. *cp932: it was CP932. */
int	 import_text_utf8(struct charconv *, const char *, size_t, char **, size_t *, int *,
	    char **);

#endif
