/*
 * CSV cells (RFC 4180) that a spreadsheet opens as text: every cell is quoted, quotes
 * inside doubled, and a cell that a spreadsheet would take for a formula (one starting
 * with '=', '+', '-', '@', a TAB or a CR) gets a leading "'". Every CSV the project
 * writes goes through it: names and reasons typed at a desk must not run as formulas on
 * an auditor's machine.
 */
#ifndef CSV_H
#define CSV_H

#include <stdio.h>

/* The cell for s (NULL: empty), quoted and neutralised, allocated. */
char	*csv_cell(const char *);

/*
 * Writes the cell for s to fp, then ',' or, for the last cell of a row, a newline (LF, as
 * the project's CSV always ended its rows; a line break inside a cell is quoted).
 */
void	 csv_put(FILE *, const char *, int);

#endif
