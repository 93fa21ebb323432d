/*
 * The resident's copy of an access disclosure (開示, issue 20): A4, in Japanese whatever
 * the desk's language, like a certificate. Written by madoguchi-admin disclosure and by
 * the holder screen's disclosure.
 */
#ifndef DISCLOSURE_PDF_H
#define DISCLOSURE_PDF_H

struct disclosure;

/* from and to as the person gave them (YYYY-MM-DD), or NULL for an open end. */
int	 disclosure_pdf_write(const struct disclosure *, const char *, const char *,
	    const char *, char **);

struct cert_print_config;

/*
 * The same, printed at the desk: to the certificate printer (CUPS), and the file removed,
 * or, with no printer, left in the certificate spool. *where says which (allocated).
 */
int	 disclosure_print(const struct disclosure *, const char *, const char *,
	    const struct cert_print_config *, char **, char **);

#endif
