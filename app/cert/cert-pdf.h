/*
 * The certificate as a print-ready PDF (SPEC §6): A4, Japanese text set by pango in the
 * IPAex fonts, drawn by cairo, with a QR code (libqrencode) of the signed record.
 *
 * The signed record's text also goes into the PDF's Keywords metadata, written by cairo as
 * a plain literal string, so that madoguchi-verify reads it from the file without a PDF
 * library; the QR code in the page carries the same text for a reader with a phone.
 */
#ifndef CERT_PDF_H
#define CERT_PDF_H

#include <stddef.h>

struct cert_pdf_line {
	const char	*label;
	const char	*value;
};

struct cert_pdf {
	const char			*title;		/* 建築物環境衛生管理技術者免状 */
	const struct cert_pdf_line	*lines;		/* ends with label NULL */
	const char			*issuer;	/* the office, under the items */
	const char			*record;	/* the signed QR text */
	const char			*note;		/* small print under the QR code */
};

/* Write the PDF to path (created mode 0600; an existing file is replaced). */
/* Through the print helper (print-client.c), which calls cert_pdf_render (cert-pdf.c). */
int	 cert_pdf_write(const struct cert_pdf *, const char *, char **);
int	 cert_pdf_render(const struct cert_pdf *, int, char **);

#endif
