/*
 * The terminal's batch-signing key (SPEC §10: "each pushed batch is signed with the
 * terminal's key, in addition to TLS, so the central store can prove which terminal sent
 * what"). RSA, because the central store checks signatures in SQL (numeric arithmetic;
 * PostgreSQL has no public-key functions): RSASSA-PKCS1-v1_5 with SHA-256 over the exact
 * bytes of a batch, which the store keeps with the signature. A key of its own, not the
 * TLS client key: one key, one purpose.
 */
#ifndef SYNC_SIGN_H
#define SYNC_SIGN_H

#include <stddef.h>
#include <stdio.h>

#include <openssl/types.h>

#define SYNC_SIGN_BITS		3072	/* of a key made by madoguchi-admin signing-key */
#define SYNC_SIGN_MIN_BITS	2048

EVP_PKEY	*sync_sign_key_load(const char *, char **);
int		 sync_sign_key_create(const char *, int, char **);
int		 sync_sign_key_print_public(EVP_PKEY *, FILE *);
int		 sync_sign(EVP_PKEY *, const void *, size_t, unsigned char **, size_t *,
		     char **);

#endif
