/*
 * Loading, generating and deriving from the database key.
 *
 * The key file must be a regular file that nobody but its owner can read: a key file that
 * the group or the world can read is refused rather than used, because whoever can read it
 * can read every My Number in the database. Its owner must be root when the program runs as
 * root (the monitor, madoguchi-admin), else the user running it: a key file that another
 * account owns (the service account madoguchi, say) could have been replaced by it.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <pwd.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include "i18n.h"
#include "hex.h"
#include "keyfile.h"
#include "xmalloc.h"

/* 64 hex digits and an optional newline. */
#define KEY_FILE_MAX	(KEY_BYTES * 2 + 1)

struct key *
key_new(void)
{
	struct key	*k;

	k = xcalloc(1, sizeof *k);
	/* Not fatal when the limit is low (tests, containers): the key is wiped on free anyway. */
	(void)mlock(k, sizeof *k);
	return k;
}

void
key_free(struct key *k)
{
	if (k == NULL)
		return;
	explicit_bzero(k, sizeof *k);
	munlock(k, sizeof *k);
	free(k);
}

/* "name (uid N)", or "uid N" for a uid without a name. */
static char *
owner_name(uid_t uid)
{
	struct passwd	*pw = getpwuid(uid);
	char		*s;

	if (pw != NULL)
		xasprintf(&s, "%s (uid %lu)", pw->pw_name, (unsigned long)uid);
	else
		xasprintf(&s, "uid %lu", (unsigned long)uid);
	return s;
}

/*
 * Whether a key file owned by owner may be used by a process of effective uid euid: root's
 * file for root, the user's own file for anyone else. -1 with a cause naming the file, its
 * owner and the owner expected.
 */
int
key_owner_check(const char *path, uid_t owner, uid_t euid, char **cause)
{
	char	*has, *want;

	if (owner == euid)
		return 0;
	has = owner_name(owner);
	if (euid == 0) {
		xasprintf(cause, _("key file %s belongs to %s, but must belong to root: "
		    "refusing to use it"), path, has);
	} else {
		want = owner_name(euid);
		xasprintf(cause, _("key file %s belongs to %s, but must belong to %s: "
		    "refusing to use it"), path, has, want);
		free(want);
	}
	free(has);
	return -1;
}

int
key_load(const char *path, struct key *k, char **cause)
{
	char		 buf[KEY_FILE_MAX + 1];
	struct stat	 sb;
	ssize_t		 n;
	int		 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			xasprintf(cause, _("key file %s does not exist"), path);
		else
			xasprintf(cause, _("cannot open key file %s: %s"), path,
			    strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) == -1) {
		xasprintf(cause, _("cannot stat key file %s: %s"), path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		xasprintf(cause, _("key file %s is not a regular file"), path);
		goto out;
	}
	if (key_owner_check(path, sb.st_uid, geteuid(), cause) != 0)
		goto out;
	if ((sb.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		xasprintf(cause, _("key file %s is readable by group or others (mode %04o); "
		    "refusing to use it: chmod 600 it"), path, (unsigned)(sb.st_mode & 07777));
		goto out;
	}
	n = read(fd, buf, sizeof buf);
	if (n < 0) {
		xasprintf(cause, _("cannot read key file %s: %s"), path, strerror(errno));
		goto out;
	}
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	if (n != KEY_BYTES * 2) {
		xasprintf(cause, _("key file %s is malformed: expected 64 hex digits"), path);
		goto out;
	}
	if (hex_decode(buf, KEY_BYTES, k->bytes) != 0) {
		xasprintf(cause, _("key file %s is malformed: expected 64 hex digits"), path);
		explicit_bzero(k, sizeof *k);
		goto out;
	}
	rc = 0;
out:
	explicit_bzero(buf, sizeof buf);
	close(fd);
	return rc;
}

int
key_generate(struct key *k, char **cause)
{
	if (RAND_priv_bytes(k->bytes, sizeof k->bytes) != 1) {
		xasprintf(cause, _("cannot generate a random key"));
		return -1;
	}
	return 0;
}

/* Writes a new key file; never overwrites an existing one. */
int
key_save(const char *path, const struct key *k, char **cause)
{
	char			 buf[KEY_FILE_MAX + 1];
	int			 fd, rc = -1;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600)) == -1) {
		xasprintf(cause, _("cannot create key file %s: %s"), path, strerror(errno));
		return -1;
	}
	hex_encode(k->bytes, KEY_BYTES, buf);
	buf[KEY_BYTES * 2] = '\n';
	if (write(fd, buf, KEY_FILE_MAX) != (ssize_t)KEY_FILE_MAX || fsync(fd) != 0) {
		xasprintf(cause, _("cannot write key file %s: %s"), path, strerror(errno));
		close(fd);
		unlink(path);
		goto out;
	}
	if (close(fd) != 0) {
		xasprintf(cause, _("cannot write key file %s: %s"), path, strerror(errno));
		unlink(path);
		goto out;
	}
	rc = 0;
out:
	explicit_bzero(buf, sizeof buf);
	return rc;
}

/*
 * Derives a sub-key (audit chain MAC key, backup key ...) from the database key with
 * HKDF-SHA256, so that one secret file serves every purpose without reusing a key.
 */
int
key_derive(const struct key *k, const char *purpose, uint8_t *out, size_t outlen)
{
	EVP_KDF		*kdf;
	EVP_KDF_CTX	*ctx;
	OSSL_PARAM	 params[4], *p = params;
	int		 rc;

	if ((kdf = EVP_KDF_fetch(NULL, "HKDF", NULL)) == NULL)
		return -1;
	ctx = EVP_KDF_CTX_new(kdf);
	EVP_KDF_free(kdf);
	if (ctx == NULL)
		return -1;
	*p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0);
	*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)k->bytes,
	    sizeof k->bytes);
	*p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, (void *)purpose,
	    strlen(purpose));
	*p = OSSL_PARAM_construct_end();
	rc = EVP_KDF_derive(ctx, out, outlen, params) == 1 ? 0 : -1;
	EVP_KDF_CTX_free(ctx);
	return rc;
}
