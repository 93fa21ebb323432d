/*
 * Printing a receipt slip (受付票, issue 24): a reception's number, kind, date received,
 * channel and fee on an A5 PDF (slip-pdf.h) with the signed slip record (slip-record.h),
 * sealed with the office's key, sent to the certificate printer (CUPS) or, without one,
 * left in the certificate spool, as a disclosure is. The office key signs where the
 * certificate's signer signs (cert_print_config.signer: the monitor at the desk). Every
 * print is audited (reception.slip).
 */
#ifndef SLIP_PRINT_H
#define SLIP_PRINT_H

struct actor;
struct cert_print_config;
struct db;

/*
 * Prints the slip of reception number (its one form, R2026-0001234), dates in the
 * Japanese era when era is set. *where gets where it went ("printer QUEUE" or the PDF's
 * path), *record the signed QR text when record is not NULL; both allocated.
 */
int	 slip_print(struct db *, const struct actor *, const struct cert_print_config *,
	    const char *, int, char **, char **, char **);

/*
 * The fee printed on the slip (手数料), allocated: "-" while the reception records none.
 * The hook for the reception fees (issue 24 item 3, migration 0027).
 */
char	*slip_fee_text(struct db *, const char *);

#endif
