/* Reading CSV (csv-read.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "csv-read.h"
#include "i18n.h"
#include "xmalloc.h"

void
csv_reader_init(struct csv_reader *r, const char *text, size_t len)
{
	r->p = text;
	r->end = text + len;
	r->line = 1;
}

void
csv_record_clear(struct csv_record *rec)
{
	size_t	 i;

	for (i = 0; i < rec->n; i++)
		free(rec->fields[i]);
	free(rec->fields);
	memset(rec, 0, sizeof *rec);
}

static void
field_add(struct csv_record *rec, const char *start, size_t len)
{
	rec->fields = xreallocarray(rec->fields, rec->n + 1, sizeof *rec->fields);
	rec->fields[rec->n] = xmalloc(len + 1);
	memcpy(rec->fields[rec->n], start, len);
	rec->fields[rec->n][len] = '\0';
	rec->n++;
}

/* A quoted field from just after its opening quote: the quotes undoubled. */
static int
quoted_field(struct csv_reader *r, struct csv_record *rec, char **cause)
{
	char	*buf = xmalloc((size_t)(r->end - r->p) + 1);
	size_t	 len = 0, opened = r->line;

	for (;;) {
		if (r->p == r->end) {
			xasprintf(cause, _("line %zu: a quoted field is never closed"), opened);
			free(buf);
			return -1;
		}
		if (*r->p == '\0') {
			xasprintf(cause, _("line %zu: a NUL byte"), r->line);
			free(buf);
			return -1;
		}
		if (*r->p == '"') {
			if (r->p + 1 < r->end && r->p[1] == '"') {
				buf[len++] = '"';
				r->p += 2;
				continue;
			}
			r->p++;
			break;
		}
		if (*r->p == '\n')
			r->line++;
		buf[len++] = *r->p++;
	}
	if (r->p < r->end && *r->p != ',' && *r->p != '\n' &&
	    !(*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')) {
		xasprintf(cause, _("line %zu: text after the closing quote of a field"),
		    r->line);
		free(buf);
		return -1;
	}
	field_add(rec, buf, len);
	free(buf);
	return 0;
}

int
csv_read_record(struct csv_reader *r, struct csv_record *rec, char **cause)
{
	const char	*start;

	memset(rec, 0, sizeof *rec);
	/* Empty lines at the very end (a final line break, or a few) end the text. */
	for (start = r->p; start < r->end && (*start == '\n' || *start == '\r'); start++)
		;
	if (start == r->end)
		return 0;
	rec->line = r->line;
	for (;;) {
		if (r->p < r->end && *r->p == '"') {
			r->p++;
			if (quoted_field(r, rec, cause) != 0)
				goto fail;
		} else {
			start = r->p;
			while (r->p < r->end && *r->p != ',' && *r->p != '\n' &&
			    !(*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')) {
				if (*r->p == '"') {
					xasprintf(cause, _("line %zu: a quote inside a field that "
					    "does not begin with one"), r->line);
					goto fail;
				}
				if (*r->p == '\0') {
					xasprintf(cause, _("line %zu: a NUL byte"), r->line);
					goto fail;
				}
				r->p++;
			}
			field_add(rec, start, (size_t)(r->p - start));
		}
		if (r->p == r->end)
			return 1;
		if (*r->p == ',') {
			r->p++;
			continue;
		}
		/* The end of the record: LF or CRLF. */
		r->p += *r->p == '\r' ? 2 : 1;
		r->line++;
		return 1;
	}
fail:
	csv_record_clear(rec);
	return -1;
}
