/* Encryption of an export to its recipient's certificate (export-cms.h). */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/buffer.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>

#include "clock.h"
#include "export/export-cms.h"
#include "export/export-csv.h"
#include "hex.h"
#include "i18n.h"
#include "xmalloc.h"

/* OpenSSL's own reason, for the message. */
static const char *
ssl_reason(void)
{
	unsigned long	 e = ERR_peek_last_error();
	const char	*r = e != 0 ? ERR_reason_error_string(e) : NULL;

	return r != NULL ? r : _("unknown error");
}

X509 *
export_recipient_load(const void *data, size_t len, char **cause)
{
	struct timespec	 now;
	time_t		 t;
	BIO		*bio;
	X509		*x;
	uint32_t	 usage;

	ERR_clear_error();
	if ((bio = BIO_new_mem_buf(data, (int)len)) == NULL) {
		xasprintf(cause, _("out of memory"));
		return NULL;
	}
	if ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) == NULL) {
		(void)BIO_reset(bio);
		x = d2i_X509_bio(bio, NULL);
	}
	BIO_free(bio);
	if (x == NULL) {
		xasprintf(cause, _("the recipient's certificate is not a certificate (PEM or "
		    "DER): %s"), ssl_reason());
		return NULL;
	}
	clock_now(&now);
	t = now.tv_sec;
	if (X509_cmp_time(X509_get0_notBefore(x), &t) > 0) {
		xasprintf(cause, _("the recipient's certificate is not valid yet"));
		goto fail;
	}
	if (X509_cmp_time(X509_get0_notAfter(x), &t) < 0) {
		xasprintf(cause, _("the recipient's certificate has expired"));
		goto fail;
	}
	/* Extensions are read by X509_get_key_usage, which caches them. */
	usage = X509_get_key_usage(x);
	if (usage != UINT32_MAX && (usage & (KU_KEY_ENCIPHERMENT | KU_KEY_AGREEMENT)) == 0) {
		xasprintf(cause, _("the recipient's certificate is not for encryption (its key "
		    "usage has neither keyEncipherment nor keyAgreement)"));
		goto fail;
	}
	return x;
fail:
	X509_free(x);
	return NULL;
}

void
export_recipient_fingerprint(X509 *x, char out[65])
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 n = 0;

	if (X509_digest(x, EVP_sha256(), md, &n) != 1 || n != 32) {
		out[0] = '\0';
		return;
	}
	hex_encode(md, 32, out);
}

void
export_sha256_hex(const void *p, size_t len, char out[65])
{
	unsigned char	 md[32];

	SHA256(p, len, md);
	hex_encode(md, 32, out);
}

int
export_cms_encrypt(X509 *recipient, const struct export_bytes *plain,
    struct export_bytes *out, char **cause)
{
	STACK_OF(X509)	*certs = NULL;
	CMS_ContentInfo	*cms = NULL;
	BIO		*in = NULL, *mem = NULL;
	BUF_MEM		*bm;
	int		 rc = -1;

	memset(out, 0, sizeof *out);
	ERR_clear_error();
	if ((certs = sk_X509_new_null()) == NULL || sk_X509_push(certs, recipient) == 0 ||
	    (in = BIO_new_mem_buf(plain->data, (int)plain->len)) == NULL ||
	    (mem = BIO_new(BIO_s_mem())) == NULL) {
		xasprintf(cause, _("out of memory"));
		goto out;
	}
	/* An AEAD cipher makes AuthEnvelopedData (RFC 5083); CMS_BINARY: bytes as they are. */
	cms = CMS_encrypt(certs, in, EVP_aes_256_gcm(), CMS_BINARY);
	if (cms == NULL || i2d_CMS_bio(mem, cms) != 1) {
		xasprintf(cause, _("cannot encrypt the export: %s"), ssl_reason());
		goto out;
	}
	BIO_get_mem_ptr(mem, &bm);
	out->data = xmalloc(bm->length > 0 ? bm->length : 1);
	memcpy(out->data, bm->data, bm->length);
	out->len = out->size = bm->length;
	rc = 0;
out:
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	BIO_free(mem);
	sk_X509_free(certs);
	return rc;
}

int
export_write_file(const char *path, const struct export_bytes *b, char **cause)
{
	char	*tmp;
	size_t	 done = 0;
	ssize_t	 w;
	int	 fd, rc = -1;

	xasprintf(&tmp, "%s.tmp", path);
	(void)unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600)) == -1) {
		xasprintf(cause, _("cannot write %s: %s"), tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	while (done < b->len) {
		if ((w = write(fd, b->data + done, b->len - done)) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		done += (size_t)w;
	}
	if (done != b->len || fsync(fd) != 0) {
		xasprintf(cause, _("cannot write %s: %s"), tmp, strerror(errno));
		close(fd);
		goto fail;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		xasprintf(cause, _("cannot write %s: %s"), path, strerror(errno));
		goto fail;
	}
	rc = 0;
	goto out;
fail:
	(void)unlink(tmp);
out:
	free(tmp);
	return rc;
}

int
export_recipient_read_file(const char *path, char **pem, char fpr[65], char **cause)
{
	struct stat	 sb;
	X509		*x;
	BIO		*bio;
	BUF_MEM		*mem;
	char		*data;
	ssize_t		 got;
	size_t		 len = 0;
	int		 fd;

	*pem = NULL;
	/* Never through a link: the file is the one the supervisor named. */
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		xasprintf(cause, _("cannot open the recipient's certificate %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > EXPORT_CERT_MAX_BYTES) {
		xasprintf(cause, _("%s is not a certificate file (a regular file of at most "
		    "%d bytes)"), path, EXPORT_CERT_MAX_BYTES);
		close(fd);
		return -1;
	}
	data = xmalloc((size_t)sb.st_size + 1);
	while (len < (size_t)sb.st_size &&
	    (got = read(fd, data + len, (size_t)sb.st_size - len)) > 0)
		len += (size_t)got;
	close(fd);
	data[len] = '\0';
	x = export_recipient_load(data, len, cause);
	free(data);
	if (x == NULL)
		return -1;
	export_recipient_fingerprint(x, fpr);
	/* Kept as PEM whatever it came as: the grant's row is text. */
	if ((bio = BIO_new(BIO_s_mem())) == NULL || PEM_write_bio_X509(bio, x) != 1) {
		BIO_free(bio);
		X509_free(x);
		xasprintf(cause, _("out of memory"));
		return -1;
	}
	BIO_get_mem_ptr(bio, &mem);
	*pem = xmalloc(mem->length + 1);
	memcpy(*pem, mem->data, mem->length);
	(*pem)[mem->length] = '\0';
	BIO_free(bio);
	X509_free(x);
	return 0;
}
