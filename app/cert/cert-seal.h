/*
 * A seal over a whole certificate file: the office's Ed25519 signature of every byte
 * before it, appended as the PDF comment line
 *
 *	%MDGSEAL1 <128 hex digits>\n
 *
 * after %%EOF (PDF readers ignore what follows it). The QR record certifies the items;
 * the seal makes any other change to the file (the printed text, the picture of the QR
 * code, the metadata) fail verification too, so that "one changed byte fails" holds for
 * the PDF as a whole.
 */
#ifndef CERT_SEAL_H
#define CERT_SEAL_H

#include <stddef.h>

#include <openssl/evp.h>

#define CERT_SEAL_MARK	"%MDGSEAL1 "
/* The seal line's length: the seal covers every byte of the file but these last ones. */
#define CERT_SEAL_LEN	(sizeof CERT_SEAL_MARK - 1 + 2 * 64 + 1)

struct cert_signer;

/* Append the seal to the file at path, signed by signer (cert-sign.h). */
int	 cert_seal_file(const char *, struct cert_signer *, char **);

/*
 * Check the seal of a file's bytes. The seal line is the file's last CERT_SEAL_LEN bytes,
 * after a line feed, and nothing else: 1 if the file does not end so (no seal, or bytes
 * added after it), 0 if the seal holds, -1 with a message if it does not.
 */
int	 cert_seal_check(const unsigned char *, size_t, EVP_PKEY *, char **);

#endif
