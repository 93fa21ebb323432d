/*
 * Signing with the office's Ed25519 key wherever that key is. At the desk it is with the
 * privileged monitor (monitor_cert_sign, app/auth/monitor-client.c), and the screen process
 * that draws certificates never reads it; the tools and the tests sign with a key they
 * loaded (cert_sign_with_key). The seal (cert-seal.c) and the QR record (cert-record.c)
 * both sign through a cert_signer.
 */
#ifndef CERT_SIGN_H
#define CERT_SIGN_H

#include <stddef.h>

#define CERT_SIG_BYTES	64	/* an Ed25519 signature */
#define CERT_PUB_BYTES	32	/* an Ed25519 public key */

/* Signs len bytes of data: the signature into sig, the key's public half into pub. */
typedef int	(*cert_sign_fn)(void *, const unsigned char *, size_t, unsigned char *,
		    unsigned char *, char **);

struct cert_signer {
	cert_sign_fn	 sign;
	void		*arg;
	unsigned char	 pub[CERT_PUB_BYTES];	/* of the last signature made */
};

/* A cert_sign_fn over an EVP_PKEY * (the arg) held by this process. */
int	 cert_sign_with_key(void *, const unsigned char *, size_t, unsigned char *,
	    unsigned char *, char **);

#endif
