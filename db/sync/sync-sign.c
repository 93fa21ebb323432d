/* The batch-signing key: load, make, sign (see sync-sign.h). */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "i18n.h"
#include "sync/sync-sign.h"
#include "xmalloc.h"

/* 0 for an RSA key of a size the central store takes, else -1 and why. */
static int
sync_sign_key_usable(EVP_PKEY *key, const char *path, char **cause)
{
	int	bits;

	if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
		xasprintf(cause, _("the signing key %s is not an RSA key (the central store "
		    "checks RSA signatures only)"), path);
		return -1;
	}
	bits = EVP_PKEY_get_bits(key);
	if (bits < SYNC_SIGN_MIN_BITS || bits > 8192) {
		xasprintf(cause, _("the signing key %s has %d bits; it needs %d to 8192"),
		    path, bits, SYNC_SIGN_MIN_BITS);
		return -1;
	}
	return 0;
}

EVP_PKEY *
sync_sign_key_load(const char *path, char **cause)
{
	struct stat	 st;
	EVP_PKEY	*key = NULL;
	FILE		*f;

	if (path == NULL || *path == '\0') {
		xasprintf(cause, _("no signing key: set sync_signing_key (make one with "
		    "madoguchi-admin signing-key)"));
		return NULL;
	}
	if ((f = fopen(path, "re")) == NULL || fstat(fileno(f), &st) != 0) {
		if (errno == ENOENT)
			xasprintf(cause, _("the signing key %s does not exist (make it with "
			    "madoguchi-admin signing-key and register its public key with the "
			    "central store)"), path);
		else
			xasprintf(cause, _("cannot read the signing key %s: %s"), path,
			    strerror(errno));
		if (f != NULL)
			fclose(f);
		return NULL;
	}
	/* Whoever reads it can sign as this terminal. */
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
		xasprintf(cause, _("the signing key %s is readable by group or others (mode "
		    "%04o): chmod 600 it"), path, (unsigned)(st.st_mode & 07777));
	else if ((key = PEM_read_PrivateKey(f, NULL, NULL, NULL)) == NULL)
		xasprintf(cause, _("the signing key %s is not a PEM private key"), path);
	else if (sync_sign_key_usable(key, path, cause) != 0) {
		EVP_PKEY_free(key);
		key = NULL;
	}
	fclose(f);
	return key;
}

/* A new key in path, which must not exist: a key is never replaced by accident. */
int
sync_sign_key_create(const char *path, int bits, char **cause)
{
	EVP_PKEY	*key;
	FILE		*f;
	int		 fd, ok;

	if ((key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits)) == NULL) {
		xasprintf(cause, _("cannot make an RSA key"));
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
		xasprintf(cause, _("cannot create the signing key %s: %s"), path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		EVP_PKEY_free(key);
		return -1;
	}
	ok = PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) == 1;
	ok = fflush(f) == 0 && fsync(fd) == 0 && ok;
	ok = fclose(f) == 0 && ok;
	EVP_PKEY_free(key);
	if (!ok) {
		xasprintf(cause, _("cannot write the signing key %s: %s"), path,
		    strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

int
sync_sign_key_print_public(EVP_PKEY *key, FILE *f)
{
	return PEM_write_PUBKEY(f, key) == 1 ? 0 : -1;
}

int
sync_sign(EVP_PKEY *key, const void *data, size_t len, unsigned char **sig,
    size_t *siglen, char **cause)
{
	EVP_MD_CTX	*ctx;
	EVP_PKEY_CTX	*pctx;
	int		 ok;

	*sig = NULL;
	*siglen = 0;
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		goto fail;
	/* PKCS #1 v1.5: what the central store's signature_ok checks. */
	ok = EVP_DigestSignInit(ctx, &pctx, EVP_sha256(), NULL, key) == 1 &&
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1 &&
	    EVP_DigestSign(ctx, NULL, siglen, data, len) == 1;
	if (ok) {
		*sig = xmalloc(*siglen);
		ok = EVP_DigestSign(ctx, *sig, siglen, data, len) == 1;
	}
	EVP_MD_CTX_free(ctx);
	if (ok)
		return 0;
	free(*sig);
	*sig = NULL;
fail:
	xasprintf(cause, _("cannot sign the sync batch"));
	return -1;
}
