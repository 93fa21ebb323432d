/* A4 Japanese reports as PDF (the disclosure of issue 20): title, head, paragraphs. */
#ifndef REPORT_PDF_H
#define REPORT_PDF_H

#include <stddef.h>

/* Through the print helper (print-client.c), which calls report_pdf_render (report-pdf.c). */
int	 report_pdf_write(const char *, const char *, char *const *, size_t, char *const *,
	    size_t, char **);
int	 report_pdf_render(int, const char *, char *const *, size_t, char *const *, size_t,
	    char **);

#endif
