/*
 * The self-inspection report as an A4 PDF in Japanese (compliance-report.h), on the
 * reports' stack (app/cert/report-pdf.h: cairo, pango, the IPAex fonts). Built into the
 * printing library, so that only the programs that print carry it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert/report-pdf.h"
#include "compliance/compliance-report.h"
#include "timestamp.h"
#include "valid.h"
#include "xmalloc.h"

/* Evidence lines per paragraph of the PDF: a paragraph never outgrows a page. */
#define PDF_LINES_PER_ROW	30

static void
row_add(char ***rows, size_t *n, char *row)
{
	*rows = xreallocarray(*rows, *n + 1, sizeof **rows);
	(*rows)[(*n)++] = row;
}

int
report_pdf(const struct report *r, const char *path, char **cause)
{
	const struct report_item	*it;
	const struct evidence		*e;
	char				*head[4], **rows = NULL, *row, *next;
	char				 from[DATE_ERA_SIZE], to[DATE_ERA_SIZE];
	char				 made[TIMESTAMP_SHOW_SIZE];
	size_t				 nrows = 0, i, g, l;
	int				 rc;

	xasprintf(&head[0], "期間: %s から %s まで", date_shown(r->from, r->era, from),
	    date_shown(r->to, r->era, to));
	(void)timestamp_show(r->generated_at, r->era, 0, made, sizeof made);
	xasprintf(&head[1], "端末: %s　事務所: %s", r->terminal, *r->office != '\0' ?
	    r->office : "-");
	xasprintf(&head[2], "範囲: %s", report_scope(r));
	xasprintf(&head[3], "作成: %s（回答の規則: docs/compliance.md）", made);
	for (i = 0; i < REPORT_ITEMS; i++) {
		it = &r->items[i];
		xasprintf(&row, "%d. %s\n回答: %s\n根拠: %s", it->number, it->question,
		    report_answer_words(it->answer), it->reason != NULL ? it->reason : "");
		row_add(&rows, &nrows, row);
		for (g = 0; g < it->n_ev; g++) {
			e = &it->ev[g].e;
			xasprintf(&row, "　%s: %zu", it->ev[g].heading, e->n);
			for (l = 0; l < e->n; l++) {
				if (l > 0 && l % PDF_LINES_PER_ROW == 0) {
					row_add(&rows, &nrows, row);
					row = xstrdup("");
				}
				xasprintf(&next, "%s%s　　・%s", row, *row != '\0' ? "\n" : "",
				    e->lines[l]);
				free(row);
				row = next;
			}
			row_add(&rows, &nrows, row);
		}
	}
	rc = report_pdf_write(path, "自己点検報告（特定個人情報の取扱い）", head, 4, rows,
	    nrows, cause);
	for (i = 0; i < 4; i++)
		free(head[i]);
	for (i = 0; i < nrows; i++)
		free(rows[i]);
	free(rows);
	return rc;
}
