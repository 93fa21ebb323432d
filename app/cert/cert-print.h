/*
 * Printing a certificate (SPEC §6): the registration's valid certificate as a PDF with its
 * signed record, sealed with the office's key, sent to the CUPS queue configured (libcups,
 * followed until the job ends) or, without one, left in the spool directory. Every print is recorded in the print
 * log and the audit log; a print after the first is a reprint (cert.reprint).
 */
#ifndef CERT_PRINT_H
#define CERT_PRINT_H

#include <openssl/evp.h>

#include "cert/certificates.h"

struct actor;
struct cert_doc;
struct cert_record;
struct config;
struct db;

struct cert_print_config {
	const char	*office_id;	/* in the signed record, at most 32 characters */
	const char	*office_name;	/* printed as the issuer; may be empty */
	const char	*office_key;	/* PEM Ed25519 private key, mode 0600 or stricter */
	/* Where the office key signs; NULL: office_key is read here (tools, tests). */
	const struct cert_signer *signer;
	const char	*printer;	/* CUPS queue, or "" to keep the PDF in the spool */
	const char	*spool_dir;
	int		 wait_seconds;	/* for CUPS to complete the job, then it fails */
};

/* The settings of a loaded configuration file. */
void	 cert_print_config_from(struct cert_print_config *, const struct config *);

/* A certificate rendered and sealed, not yet printed: what the preview shows. */
struct cert_rendered {
	struct cert_doc	 doc;
	int		 loaded;
	char		*path;		/* the sealed PDF in the spool directory */
	char		*sha256;	/* of those bytes, as the print log keeps it */
	char		*preview;	/* its items as text, lines parted by '\n' */
};

/*
 * Print the valid certificate of registration_id. *where gets where it went ("printer
 * QUEUE" or the PDF's path), allocated. A failed print is recorded as failed too.
 */
int	 cert_print(struct db *, const struct actor *, const struct cert_print_config *,
	    const char *, char **, char **);
/* The same in two steps, for a preview between them; print or discard, never both. */
int	 cert_render(struct db *, const struct actor *, const struct cert_print_config *,
	    const char *, struct cert_rendered *, char **);
int	 cert_print_rendered(struct db *, const struct actor *,
	    const struct cert_print_config *, struct cert_rendered *, char **, char **);
void	 cert_rendered_discard(struct cert_rendered *);

/* The office's private key (refused if the file is readable by group or others). */
EVP_PKEY *cert_office_key(const char *, char **);
/* The signed record's items of a certificate. */
int	 cert_record_of(const struct cert_doc *, const char *, struct cert_record *,
	    char **);

#endif
