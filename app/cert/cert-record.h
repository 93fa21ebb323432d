/*
 * The signed record a certificate's QR code carries (SPEC §6): the certified items in a
 * compact text, signed with the office's Ed25519 key so that anyone with the office's
 * certificate can check a paper certificate offline (madoguchi-verify).
 *
 * Text form: "MDG1." base64url(payload) "." base64url(signature), where payload is the
 * fields joined by '|' in a fixed order and the signature covers "MDG1." base64url(payload)
 * exactly as written. No field may hold '|' or a control character.
 */
#ifndef CERT_RECORD_H
#define CERT_RECORD_H

#include <openssl/evp.h>

#define CERT_RECORD_VERSION	"MDG1"

struct cert_record {
	char		 office[33];		/* office id */
	char		 certificate_number[33];
	char		 qualification[33];	/* register-items code, e.g. building-hygiene */
	char		 name[129];		/* 姓 名 */
	char		 birth_date[11];	/* YYYY-MM-DD */
	char		 issue_date[11];
	char		 reissue_date[11];	/* "" when never reissued */
	unsigned	 reissue_count;
};

/* The payload text (allocated), or -1 and a message naming the bad field. */
int	 cert_record_encode(const struct cert_record *, char **, char **);
int	 cert_record_decode(const char *, struct cert_record *, char **);
/* The QR text signed with key (an Ed25519 private key). */
struct cert_signer;

int	 cert_record_sign(const struct cert_record *, struct cert_signer *, char **,
	    char **);
/*
 * Check the QR text against the office's public key; on success *out holds the certified
 * items. Any changed byte fails, with a message saying what did not hold.
 */
int	 cert_record_verify(const char *, EVP_PKEY *, struct cert_record *, char **);

/*
 * The signed envelope every record of the office is carried in (certificates, receipt
 * slips): VERSION "." base64url(payload) "." base64url(Ed25519 signature of what comes
 * before the second dot), so that the version is signed too and one kind of record is
 * never taken for another. cert_envelope_sign writes one; cert_envelope_open checks one
 * whose text the caller found to start with VERSION "." and gives its payload (allocated,
 * NUL-terminated), what naming the record in messages ("certificate record").
 */
/*
 * A record's payload (changed in place) into its want fields apart by '|' (record names
 * it in messages); -1 and a message when it has another number of them.
 */
int	 cert_record_split(char *, char **, size_t, const char *, char **);
/*
 * A text field of a record (record names it in messages, "certificate record"): not empty,
 * at most max bytes, no '|' (the payload's separator), and valid text.
 */
int	 cert_record_field_check(const char *, const char *, const char *, size_t, char **);
int	 cert_envelope_sign(const char *, const char *, struct cert_signer *, char **,
	    char **);
int	 cert_envelope_open(const char *, const char *, const char *, EVP_PKEY *, char **,
	    char **);

#endif
