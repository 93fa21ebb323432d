/*
 * The seal of a certificate file: Ed25519 over the file's bytes, appended as a comment.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "cert/cert-seal.h"
#include "cert/cert-sign.h"
#include "i18n.h"
#include "xmalloc.h"

#define SIG_BYTES	CERT_SIG_BYTES
#define MARK_LEN	(sizeof CERT_SEAL_MARK - 1)
#define LINE_LEN	(1 + MARK_LEN + 2 * SIG_BYTES + 1)	/* "\n" mark hex "\n" */
_Static_assert(CERT_SEAL_LEN == LINE_LEN - 1, "cert-seal.h has the seal line's length");
#define MAX_FILE	(16 * 1024 * 1024)

static int	 hex_digit(unsigned char);

/* The seal is written in lower-case hex (cert_seal_file); one spelling only. */
static int
hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Signs with a key this process holds (cert-sign.h). Ed25519 signs the message itself, not
 * a digest of it, so the seal's signer sees every byte of the file.
 */
int
cert_sign_with_key(void *arg, const unsigned char *data, size_t len, unsigned char *sig,
    unsigned char *pub, char **cause)
{
	EVP_PKEY	*key = arg;
	EVP_MD_CTX	*ctx;
	size_t		 siglen = CERT_SIG_BYTES, publen = CERT_PUB_BYTES;
	int		 rc = -1;

	if ((ctx = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestSignInit(ctx, NULL, NULL, NULL, key) == 1 &&
	    EVP_DigestSign(ctx, sig, &siglen, data, len) == 1 && siglen == CERT_SIG_BYTES &&
	    EVP_PKEY_get_raw_public_key(key, pub, &publen) == 1 && publen == CERT_PUB_BYTES)
		rc = 0;
	else
		xasprintf(cause, _("cannot sign with the office key (is it Ed25519?)"));
	EVP_MD_CTX_free(ctx);
	return rc;
}

int
cert_seal_file(const char *path, struct cert_signer *signer, char **cause)
{
	unsigned char	 sig[SIG_BYTES], *buf = NULL;
	char		 line[LINE_LEN + 1];
	struct stat	 st;
	ssize_t		 n;
	size_t		 got = 0, i;
	int		 fd, rc = -1;

	*cause = NULL;
	if ((fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC)) < 0 || fstat(fd, &st) != 0) {
		xasprintf(cause, _("cannot seal %s: %s"), path, strerror(errno));
		goto out;
	}
	if (st.st_size <= 0 || st.st_size > MAX_FILE) {
		xasprintf(cause, _("cannot seal %s: not a certificate file"), path);
		goto out;
	}
	buf = xmalloc((size_t)st.st_size);
	while (got < (size_t)st.st_size) {
		if ((n = pread(fd, buf + got, (size_t)st.st_size - got, (off_t)got)) <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			xasprintf(cause, _("cannot seal %s: %s"), path, n < 0 ?
			    strerror(errno) : _("the file changed while it was read"));
			goto out;
		}
		got += (size_t)n;
	}
	/* The seal covers the file up to and including the line feed that precedes it. */
	if (buf[got - 1] != '\n') {
		if (write(fd, "\n", 1) != 1) {
			xasprintf(cause, _("cannot seal %s: %s"), path, strerror(errno));
			goto out;
		}
		buf = xreallocarray(buf, got + 1, 1);
		buf[got++] = '\n';
	}
	if (signer->sign(signer->arg, buf, got, sig, signer->pub, cause) != 0)
		goto out;
	memcpy(line, CERT_SEAL_MARK, MARK_LEN);
	for (i = 0; i < SIG_BYTES; i++)
		snprintf(line + MARK_LEN + 2 * i, 3, "%02x", sig[i]);
	line[MARK_LEN + 2 * SIG_BYTES] = '\n';
	if (write(fd, line, LINE_LEN - 1) != (ssize_t)(LINE_LEN - 1) || fsync(fd) != 0) {
		xasprintf(cause, _("cannot seal %s: %s"), path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return rc;
}

int
cert_seal_check(const unsigned char *data, size_t len, EVP_PKEY *key, char **cause)
{
	EVP_MD_CTX	*ctx;
	unsigned char	 sig[SIG_BYTES];
	const unsigned char *line, *p;
	size_t		 i;
	int		 hi, lo, rc = -1;

	*cause = NULL;
	/*
	 * The seal is where cert_seal_file put it, the file's last line, and is read there
	 * only: a seal line found further up, with bytes after it, is not the file's seal.
	 */
	if (len < LINE_LEN || data[len - LINE_LEN] != '\n' ||
	    memcmp(data + len - LINE_LEN + 1, CERT_SEAL_MARK, MARK_LEN) != 0)
		return 1;
	line = data + len - LINE_LEN + 1;
	for (i = 0; i < SIG_BYTES; i++) {
		p = line + MARK_LEN + 2 * i;
		if ((hi = hex_digit(p[0])) < 0 || (lo = hex_digit(p[1])) < 0) {
			xasprintf(cause, _("the file's seal is damaged"));
			return -1;
		}
		sig[i] = (unsigned char)(hi << 4 | lo);
	}
	if (data[len - 1] != '\n') {
		xasprintf(cause, _("the file's seal is damaged"));
		return -1;
	}
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, key) != 1) {
		xasprintf(cause, _("cannot check the file's seal with this key"));
		goto out;
	}
	if (EVP_DigestVerify(ctx, sig, SIG_BYTES, data, (size_t)(line - data)) != 1) {
		xasprintf(cause, _("the file was changed after the office sealed it (or another "
		    "office sealed it)"));
		goto out;
	}
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}
