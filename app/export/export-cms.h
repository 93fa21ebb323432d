/*
 * The encryption of an export to its recipient (SPEC §9, issue 21): OpenSSL CMS,
 * AuthEnvelopedData with AES-256-GCM content encryption, DER, so that
 *	openssl cms -decrypt -inform DER -in FILE -recip cert.pem -inkey key.pem
 * opens it and nothing else does. The recipient's certificate is checked first: it must
 * parse (PEM or DER), be valid now, and, when it says what its key is for, be for
 * encryption (keyEncipherment or keyAgreement).
 */
#ifndef EXPORT_CMS_H
#define EXPORT_CMS_H

#include <stddef.h>

#include <openssl/x509.h>

struct export_bytes;

/* The certificate, checked; NULL and why when it is refused. */
X509	*export_recipient_load(const void *, size_t, char **);
/* A certificate file's size limit: a certificate is a few KiB. */
#define EXPORT_CERT_MAX_BYTES	65536
/*
 * The certificate in a file (not through a link), checked as export_recipient_load does:
 * *pem gets it as PEM (allocated), fpr its fingerprint.
 */
int	 export_recipient_read_file(const char *, char **, char [65], char **);
/* SHA-256 of its DER, hex: what the export register and the two-person check compare. */
void	 export_recipient_fingerprint(X509 *, char [65]);
/* The encrypted file, in out (allocated). */
int	 export_cms_encrypt(X509 *, const struct export_bytes *, struct export_bytes *,
	    char **);
void	 export_sha256_hex(const void *, size_t, char [65]);
/*
 * The encrypted file at path: written beside it (mode 0600), synced and renamed, so that
 * a half-written file never has the name.
 */
int	 export_write_file(const char *, const struct export_bytes *, char **);

#endif
