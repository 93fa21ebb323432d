/*
 * The receipt slip (受付票, issue 24) as a print-ready PDF: A5 portrait, Japanese whatever
 * the desk's language, the reception number large, the items, the office and a QR code of
 * the signed slip record (slip-record.h). As with a certificate, the record is also the
 * PDF's Keywords (madoguchi-verify reads it there) and the file is sealed by the office key
 * after it is drawn (cert-seal.h).
 *
 * It is a struct cert_pdf (cert-pdf.h): its first line is the reception number, drawn as
 * the slip's headline; the others are drawn as label and value.
 */
#ifndef SLIP_PDF_H
#define SLIP_PDF_H

struct cert_pdf;

/* Through the print helper (print-client.c), which calls slip_pdf_render (slip-pdf.c). */
int	 slip_pdf_write(const struct cert_pdf *, const char *, char **);
int	 slip_pdf_render(const struct cert_pdf *, int, char **);

#endif
