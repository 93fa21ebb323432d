/* The CSV of a governed export, in memory (export-csv.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "charconv.h"
#include "csv.h"
#include "export/export-csv.h"
#include "i18n.h"
#include "xmalloc.h"

int
export_encoding_parse(const char *name, enum export_encoding *out, char **cause)
{
	if (strcmp(name, "utf8-bom") == 0)
		*out = EXPORT_UTF8_BOM;
	else if (strcmp(name, "cp932") == 0)
		*out = EXPORT_CP932;
	else {
		xasprintf(cause, _("\"%s\" is not an encoding (utf8-bom, cp932)"), name);
		return -1;
	}
	return 0;
}

const char *
export_encoding_name(enum export_encoding e)
{
	return e == EXPORT_CP932 ? "cp932" : "utf8-bom";
}

/* Grows by doubling; a buffer that moves is wiped where it was. */
static void
bytes_add(struct export_bytes *b, const void *p, size_t n)
{
	unsigned char	*bigger;
	size_t		 size = b->size > 0 ? b->size : 65536;

	while (b->len + n > size)
		size *= 2;
	if (size != b->size) {
		bigger = xmalloc(size);
		if (b->len > 0)
			memcpy(bigger, b->data, b->len);
		if (b->data != NULL) {
			explicit_bzero(b->data, b->size);
			free(b->data);
		}
		b->data = bigger;
		b->size = size;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void
export_bytes_free(struct export_bytes *b)
{
	if (b->data != NULL) {
		explicit_bzero(b->data, b->size);
		free(b->data);
	}
	memset(b, 0, sizeof *b);
}

/* One cell, quoted and neutralised, in the file's encoding, then ',' or CRLF. */
static int
add_cell(struct export_bytes *b, struct charconv *cc, struct charconv_buf *conv,
    const char *value, int last, size_t row, size_t col, const char *column,
    char **cause)
{
	char	*cell = csv_cell(value), *why = NULL;
	size_t	 gaiji = 0, errpos = 0;
	int	 rc = 0;

	if (cc == NULL)
		bytes_add(b, cell, strlen(cell));
	else if (charconv_to_cp932(cc, cell, strlen(cell), conv, &gaiji, &errpos,
	    &why) != 0 || gaiji > 0) {
		xasprintf(cause, _("row %zu, column %zu (%s): %s"), row, col, column,
		    why != NULL ? why : _("a character has no CP932 code; export as utf8-bom"));
		free(why);
		rc = -1;
	} else
		bytes_add(b, conv->data, conv->len);
	explicit_bzero(cell, strlen(cell));
	free(cell);
	if (rc == 0)
		bytes_add(b, last ? "\r\n" : ",", last ? 2 : 1);
	return rc;
}

int
export_csv_build(const char *const *header, size_t ncols, const char *const *cells,
    size_t nrows, enum export_encoding enc, struct export_bytes *out, char **cause)
{
	struct charconv		*cc = NULL;
	struct charconv_buf	 conv;
	size_t			 r, c;
	int			 rc = -1;

	memset(out, 0, sizeof *out);
	memset(&conv, 0, sizeof conv);
	if (ncols == 0) {
		xasprintf(cause, _("an export needs at least one column"));
		return -1;
	}
	if (enc == EXPORT_CP932 && (cc = charconv_open(cause)) == NULL)
		return -1;
	if (enc == EXPORT_UTF8_BOM)
		bytes_add(out, "\xef\xbb\xbf", 3);
	for (c = 0; c < ncols; c++) {
		if (add_cell(out, cc, &conv, header[c], c + 1 == ncols, 0, c + 1, header[c],
		    cause) != 0)
			goto out;
	}
	for (r = 0; r < nrows; r++) {
		for (c = 0; c < ncols; c++) {
			if (add_cell(out, cc, &conv, cells[r * ncols + c], c + 1 == ncols, r + 1,
			    c + 1, header[c], cause) != 0)
				goto out;
		}
	}
	rc = 0;
out:
	if (conv.data != NULL)
		explicit_bzero(conv.data, conv.size);
	charconv_buf_free(&conv);
	if (cc != NULL)
		charconv_close(cc);
	if (rc != 0)
		export_bytes_free(out);
	return rc;
}
