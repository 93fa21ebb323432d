/*
 * The signed record a receipt slip's (受付票, issue 24) QR code carries: which reception the
 * office received, of what kind and when, signed with the office's Ed25519 key the same way
 * and through the same signer as a certificate's record (cert-sign.h), so that the
 * applicant's paper can be checked offline with madoguchi-verify.
 *
 * Text form: "MDS1." base64url(payload) "." base64url(signature); the payload is
 *
 *	office|terminal|reception number|kind|date received
 *
 * e.g. "OFFICE-13|T-TEST-01|R2026-0001234|reissue|2026-04-01", and the signature covers
 * "MDS1." base64url(payload) exactly as written. The prefix is signed: a slip's record
 * relabelled "MDG1." (a certificate's, cert-record.h) or the other way round no longer
 * verifies, and the two payloads differ in their number of fields besides.
 *
 * No personal data: no name, no holder, no My Number. The record says only that the
 * office received reception R… of this kind on this day.
 */
#ifndef SLIP_RECORD_H
#define SLIP_RECORD_H

#include <openssl/evp.h>

#define SLIP_RECORD_VERSION	"MDS1"

struct cert_signer;

struct slip_record {
	char		 office[33];		/* office id */
	char		 terminal[65];		/* the terminal that received it */
	char		 number[14];		/* R2026-0001234 */
	char		 kind[16];		/* registration, correction, deletion, reissue */
	char		 received_on[11];	/* YYYY-MM-DD */
};

/* The payload text (allocated), or -1 and a message naming the bad field. */
int	 slip_record_encode(const struct slip_record *, char **, char **);
int	 slip_record_decode(const char *, struct slip_record *, char **);
/* The QR text, signed through signer (the monitor at the desk). */
int	 slip_record_sign(const struct slip_record *, struct cert_signer *, char **, char **);
/*
 * Check the QR text against the office's public key; on success *out holds the record. A
 * certificate's record, another type, a changed byte or a malformed record fails, with a
 * message saying which.
 */
int	 slip_record_verify(const char *, EVP_PKEY *, struct slip_record *, char **);

/* A kind or channel code in Japanese, as the slip prints it (登録, 窓口); NULL if unknown. */
const char *slip_kind_ja(const char *);
const char *slip_channel_ja(const char *);

#endif
