/*
 * The CSV of a governed export (SPEC §9, issue 21), built in memory: the plaintext never
 * reaches the disk, it is encrypted from this buffer (app/export/export-cms.h). RFC 4180:
 * CRLF line ends, every cell quoted, quotes doubled, and a cell a spreadsheet would run as
 * a formula (= + - @ TAB CR first) neutralised by a leading "'" (lib/csv.h). The whole
 * file is the grant's columns and rows: no hidden rows, columns or sheets.
 */
#ifndef EXPORT_CSV_H
#define EXPORT_CSV_H

#include <stddef.h>

enum export_encoding {
	EXPORT_UTF8_BOM,	/* "utf8-bom": UTF-8 with a BOM, which spreadsheets need */
	EXPORT_CP932,		/* "cp932": for spreadsheets that read only Shift_JIS */
};

struct export_bytes {
	unsigned char	*data;
	size_t		 len;
	size_t		 size;
};

int	 export_encoding_parse(const char *, enum export_encoding *, char **);
const char *export_encoding_name(enum export_encoding);
/*
 * The CSV of ncols header names and nrows rows of ncols cells (row-major, NULL for an
 * empty cell). A cell CP932 cannot hold is an error naming its row and column, never a
 * silent replacement: the recipient would get another name than the register's.
 */
int	 export_csv_build(const char *const *, size_t, const char *const *, size_t,
	    enum export_encoding, struct export_bytes *, char **);
/* Wipes and frees the buffer (it held personal data in the clear). */
void	 export_bytes_free(struct export_bytes *);

#endif
