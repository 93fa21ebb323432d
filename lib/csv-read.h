/*
 * Reading CSV (RFC 4180) as spreadsheets save it: fields separated by commas, records by
 * CRLF or LF; a field in double quotes may hold commas, doubled quotes and line breaks.
 * The text must already be UTF-8 (app/import/import-text.h makes it so). What is not CSV
 * is refused with the line where it went wrong: a quote inside an unquoted field, text
 * after a closing quote, a quoted field never closed, a NUL byte. csv.h writes it.
 */
#ifndef CSV_READ_H
#define CSV_READ_H

#include <stddef.h>

struct csv_reader {
	const char	*p, *end;
	size_t		 line;		/* of p, from 1 */
};

struct csv_record {
	char	**fields;
	size_t	 n;
	size_t	 line;		/* where the record begins */
};

void	 csv_reader_init(struct csv_reader *, const char *, size_t);
/* The next record: 1, 0 at the end of the text, -1 and why (naming the line). */
int	 csv_read_record(struct csv_reader *, struct csv_record *, char **);
void	 csv_record_clear(struct csv_record *);

#endif
