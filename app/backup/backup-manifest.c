/* app/backup/: the manifest of an encrypted backup, above db/backup/.
 * May use: lib/, db/, app/. */
/*
 * The backup manifest, the backup key file and the helpers the backup commands share
 * (see backup-manifest.h).
 *
 * Parsing is strict, as the configuration file's is: every name is known, none may
 * repeat, every number is whole and in range. The MAC is checked before any field is
 * believed, and the key fingerprint before the MAC, so that the message can say "wrong
 * backup key" rather than "altered" when that is what it is.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "admin/admin.h"
#include "backup/backup-manifest.h"
#include "config-file.h"
#include "hex.h"
#include "i18n.h"
#include "keyfile.h"
#include "xmalloc.h"

#define MAC_BYTES	32
#define MAC_PREFIX	"mac = "

enum field {
	F_FORMAT,
	F_FILE,
	F_CREATED,
	F_TERMINAL,
	F_SCHEMA,
	F_SQLCIPHER,
	F_SIZE,
	F_SHA256,
	F_KEY_ID,
	F_AUDIT_COUNT,
	F_AUDIT_HEAD,
	F_COUNT
};

static const char *const field_names[F_COUNT] = {
	"format", "file", "created", "terminal_id", "schema_version", "sqlcipher", "size",
	"sha256", "backup_key_id", "audit_count", "audit_head"
};

static void	 add(char **, size_t *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	 manifest_mac(const struct key *, const char *, size_t, uint8_t *);
static int	 is_hex(const char *, size_t);
static int	 safe_value(const char *);
static int	 parse_int64(const char *, int64_t *);
static int	 parse_field(struct manifest *, const char *, const char *, unsigned *,
		    char **);
static const char *find_value(const char *, size_t, const char *, size_t *);

static void
add(char **buf, size_t *len, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	size_t	 n;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	n = strlen(s);
	*buf = xreallocarray(*buf, *len + n + 1, 1);
	memcpy(*buf + *len, s, n + 1);
	*len += n;
	free(s);
}

/* Exactly n lower-case hex digits. */
static int
is_hex(const char *s, size_t n)
{
	size_t	 i;

	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	}
	return 1;
}

/* A value that fits on its line and reads back the same. */
static int
safe_value(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	}
	return 1;
}

static int
parse_int64(const char *s, int64_t *out)
{
	char		*end;
	long long	 n;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || n < 0)
		return -1;
	*out = n;
	return 0;
}

static int
manifest_mac(const struct key *bkey, const char *text, size_t len, uint8_t *mac)
{
	uint8_t	 k[32];
	size_t	 outlen = 0;
	int	 rc = -1;

	if (key_derive(bkey, "madoguchi backup manifest v1", k, sizeof k) != 0)
		goto out;
	if (EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, k, sizeof k,
	    (const unsigned char *)text, len, mac, MAC_BYTES, &outlen) == NULL ||
	    outlen != MAC_BYTES)
		goto out;
	rc = 0;
out:
	explicit_bzero(k, sizeof k);
	return rc;
}

/* A fingerprint of the backup key: derived, so it tells nothing about the key itself. */
void
backup_key_id(const struct key *bkey, char *out)
{
	uint8_t	 id[KEY_ID_HEX / 2];

	if (key_derive(bkey, "madoguchi backup key id v1", id, sizeof id) != 0)
		memset(id, 0, sizeof id);
	hex_encode(id, sizeof id, out);
}

char *
manifest_format(const struct manifest *m, const struct key *bkey)
{
	const struct backup_facts	*f = &m->facts;
	uint8_t				 mac[MAC_BYTES];
	char				 hex[2 * MAC_BYTES + 1], *buf = NULL;
	size_t				 len = 0, i;

	if (!safe_value(m->file) || !safe_value(m->created) ||
	    !safe_value(f->terminal_id) || !safe_value(m->sqlcipher))
		return NULL;
	for (i = 0; i < f->ntables; i++) {
		if (f->tables[i].name[strspn(f->tables[i].name, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")] != '\0')
			return NULL;
	}
	add(&buf, &len, "# madoguchi backup manifest: written by madoguchi-admin backup,\n"
	    "# checked by madoguchi-admin restore-test. Do not edit: it is authenticated.\n");
	add(&buf, &len, "format = %d\n", MANIFEST_FORMAT);
	add(&buf, &len, "file = %s\n", m->file);
	add(&buf, &len, "created = %s\n", m->created);
	add(&buf, &len, "terminal_id = %s\n", f->terminal_id);
	add(&buf, &len, "schema_version = %d\n", f->schema_version);
	add(&buf, &len, "sqlcipher = %s\n", m->sqlcipher);
	add(&buf, &len, "size = %lld\n", (long long)m->size);
	add(&buf, &len, "sha256 = %s\n", m->sha256);
	add(&buf, &len, "backup_key_id = %s\n", m->key_id);
	add(&buf, &len, "audit_count = %lld\n", (long long)f->audit_count);
	add(&buf, &len, "audit_head = %s\n", f->audit_head);
	for (i = 0; i < f->ntables; i++)
		add(&buf, &len, "rows.%s = %lld\n", f->tables[i].name,
		    (long long)f->tables[i].rows);
	if (manifest_mac(bkey, buf, len, mac) != 0) {
		free(buf);
		return NULL;
	}
	hex_encode(mac, sizeof mac, hex);
	add(&buf, &len, MAC_PREFIX "%s\n", hex);
	return buf;
}

/* The value of "name = value" in text[0, len), or NULL; *vlen is its length. */
static const char *
find_value(const char *text, size_t len, const char *name, size_t *vlen)
{
	const char	*line = text, *end = text + len, *nl;
	size_t		 n = strlen(name);

	while (line < end) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (nl == NULL)
			nl = end;
		if ((size_t)(nl - line) > n + 3 && memcmp(line, name, n) == 0 &&
		    memcmp(line + n, " = ", 3) == 0) {
			*vlen = (size_t)(nl - line) - n - 3;
			return line + n + 3;
		}
		line = nl + 1;
	}
	return NULL;
}

static int
parse_field(struct manifest *m, const char *name, const char *value, unsigned *seen,
    char **why)
{
	struct backup_facts	*f = &m->facts;
	int64_t			 n;
	size_t			 i;
	int			 which = -1;

	if (strncmp(name, "rows.", 5) == 0) {
		name += 5;
		if (*name == '\0' || name[strspn(name, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")] != '\0') {
			xasprintf(why, _("bad table name \"%s\""), name);
			return -1;
		}
		for (i = 0; i < f->ntables; i++) {
			if (strcmp(f->tables[i].name, name) == 0) {
				xasprintf(why, _("rows.%s appears twice"), name);
				return -1;
			}
		}
		if (parse_int64(value, &n) != 0) {
			xasprintf(why, _("rows.%s is not a count"), name);
			return -1;
		}
		f->tables = xreallocarray(f->tables, f->ntables + 1, sizeof *f->tables);
		f->tables[f->ntables].name = xstrdup(name);
		f->tables[f->ntables].rows = n;
		f->ntables++;
		return 0;
	}
	for (i = 0; i < F_COUNT; i++) {
		if (strcmp(field_names[i], name) == 0)
			which = (int)i;
	}
	if (which < 0) {
		xasprintf(why, _("unknown name \"%s\""), name);
		return -1;
	}
	if (*seen & (1u << which)) {
		xasprintf(why, _("%s appears twice"), name);
		return -1;
	}
	*seen |= 1u << which;
	switch (which) {
	case F_FORMAT:
	case F_SCHEMA:
		if (parse_int64(value, &n) != 0 || n > INT_MAX)
			goto bad;
		if (which == F_FORMAT)
			m->format = (int)n;
		else
			f->schema_version = (int)n;
		break;
	case F_SIZE:
	case F_AUDIT_COUNT:
		if (parse_int64(value, &n) != 0)
			goto bad;
		if (which == F_SIZE)
			m->size = n;
		else
			f->audit_count = n;
		break;
	case F_FILE:
		if (*value == '\0' || strchr(value, '/') != NULL)
			goto bad;
		m->file = xstrdup(value);
		break;
	case F_CREATED:
		m->created = xstrdup(value);
		break;
	case F_TERMINAL:
		f->terminal_id = xstrdup(value);
		break;
	case F_SQLCIPHER:
		m->sqlcipher = xstrdup(value);
		break;
	case F_SHA256:
		if (!is_hex(value, 64))
			goto bad;
		memcpy(m->sha256, value, 65);
		break;
	case F_KEY_ID:
		if (!is_hex(value, KEY_ID_HEX))
			goto bad;
		memcpy(m->key_id, value, KEY_ID_HEX + 1);
		break;
	case F_AUDIT_HEAD:
		if (*value != '\0' && !is_hex(value, 64))
			goto bad;
		memcpy(f->audit_head, value, strlen(value) + 1);
		break;
	}
	return 0;
bad:
	xasprintf(why, _("%s has a malformed value"), name);
	return -1;
}

/* Checks the key fingerprint, then the MAC, then reads every line. */
int
manifest_parse(const char *name, const char *text, size_t len, const struct key *bkey,
    struct manifest *m, char **cause)
{
	uint8_t		 mac[MAC_BYTES];
	char		 mine[KEY_ID_HEX + 1], hex[2 * MAC_BYTES + 1];
	char		*copy = NULL, *line, *next, *eq, *why = NULL;
	const char	*v;
	size_t		 body, vlen;
	unsigned	 seen = 0;
	int		 lineno = 0, i, rc = -1;

	memset(m, 0, sizeof *m);
	if (len == 0 || memchr(text, '\0', len) != NULL || text[len - 1] != '\n') {
		xasprintf(cause, _("%s is not a madoguchi backup manifest"), name);
		return -1;
	}
	/* The mac line is the last line; the MAC covers every byte before it. */
	for (body = len - 1; body > 0 && text[body - 1] != '\n'; body--)
		;
	if (len - body != strlen(MAC_PREFIX) + 2 * MAC_BYTES + 1 ||
	    memcmp(text + body, MAC_PREFIX, strlen(MAC_PREFIX)) != 0) {
		xasprintf(cause, _("%s is not a madoguchi backup manifest (it does not end "
		    "with its mac line: truncated?)"), name);
		return -1;
	}
	backup_key_id(bkey, mine);
	if ((v = find_value(text, body, "backup_key_id", &vlen)) == NULL ||
	    vlen != KEY_ID_HEX) {
		xasprintf(cause, _("%s is not a madoguchi backup manifest (no backup key id)"),
		    name);
		return -1;
	}
	if (memcmp(v, mine, KEY_ID_HEX) != 0) {
		xasprintf(cause, _("wrong backup key: %s was made with backup key %.*s, the "
		    "key given is %s"), name, KEY_ID_HEX, v, mine);
		return -1;
	}
	if (manifest_mac(bkey, text, body, mac) != 0) {
		xasprintf(cause, _("cannot compute the manifest MAC"));
		return -1;
	}
	hex_encode(mac, sizeof mac, hex);
	if (CRYPTO_memcmp(hex, text + body + strlen(MAC_PREFIX), 2 * MAC_BYTES) != 0) {
		xasprintf(cause, _("%s has been altered: its MAC does not match (the backup "
		    "cannot be trusted)"), name);
		return -1;
	}

	copy = xstrndup(text, body);
	for (line = copy; line != NULL && *line != '\0'; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (*line == '#' || *line == '\0')
			continue;
		if ((eq = strstr(line, " = ")) == NULL) {
			xasprintf(&why, _("expected \"name = value\""));
			goto bad;
		}
		*eq = '\0';
		if (parse_field(m, line, eq + 3, &seen, &why) != 0)
			goto bad;
	}
	for (i = 0; i < F_COUNT; i++) {
		if ((seen & (1u << i)) == 0) {
			xasprintf(cause, _("%s lacks %s"), name, field_names[i]);
			goto out;
		}
	}
	if (m->format != MANIFEST_FORMAT) {
		xasprintf(cause, _("%s has format %d; this madoguchi reads format %d"), name,
		    m->format, MANIFEST_FORMAT);
		goto out;
	}
	rc = 0;
	goto out;
bad:
	xasprintf(cause, "%s:%d: %s", name, lineno, why);
	free(why);
out:
	free(copy);
	if (rc != 0)
		manifest_free(m);
	return rc;
}

void
manifest_free(struct manifest *m)
{
	free(m->file);
	free(m->created);
	free(m->sqlcipher);
	backup_facts_free(&m->facts);
	memset(m, 0, sizeof *m);
}

int
manifest_read(const char *path, const struct key *bkey, struct manifest *m, char **cause)
{
	char	*text = NULL;
	size_t	 len = 0;
	ssize_t	 n;
	int	 fd, rc = -1;

	memset(m, 0, sizeof *m);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		xasprintf(cause, _("cannot open the manifest %s: %s"), path, strerror(errno));
		return -1;
	}
	text = xmalloc(MANIFEST_MAX + 1);
	while ((n = read(fd, text + len, MANIFEST_MAX + 1 - len)) > 0) {
		len += (size_t)n;
		if (len > MANIFEST_MAX)
			break;
	}
	if (n < 0) {
		xasprintf(cause, _("cannot read the manifest %s: %s"), path, strerror(errno));
		goto out;
	}
	if (len > MANIFEST_MAX) {
		xasprintf(cause, _("%s is too large for a manifest"), path);
		goto out;
	}
	rc = manifest_parse(path, text, len, bkey, m, cause);
out:
	close(fd);
	free(text);
	return rc;
}

/* Writes the manifest into a new file (never over another) and makes it durable. */
int
manifest_write(const char *path, const struct manifest *m, const struct key *bkey,
    char **cause)
{
	char	*text;
	size_t	 len;
	int	 fd;

	if ((text = manifest_format(m, bkey)) == NULL) {
		xasprintf(cause, _("cannot write a manifest for these values"));
		return -1;
	}
	len = strlen(text);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd == -1) {
		xasprintf(cause, _("cannot create %s: %s"), path, strerror(errno));
		free(text);
		return -1;
	}
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
		xasprintf(cause, _("cannot write %s: %s"), path, strerror(errno));
		close(fd);
		unlink(path);
		free(text);
		return -1;
	}
	free(text);
	if (close(fd) != 0) {
		xasprintf(cause, _("cannot write %s: %s"), path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

/*
 * The backup key: loaded (with the same checks as the database key: a regular file that
 * only its owner can read), or, when create is set and there is none, made fresh.
 */
int
backup_key_get(const char *path, int create, struct key *k, int *created, char **cause)
{
	*created = 0;
	if (access(path, F_OK) == 0 || !create)
		return key_load(path, k, cause);
	if (key_generate(k, cause) != 0 || key_save(path, k, cause) != 0)
		return -1;
	*created = 1;
	return sync_dir_of(path, cause);
}

int
backup_file_sha256(const char *path, char *hex, int64_t *size, char **cause)
{
	EVP_MD_CTX	*ctx;
	uint8_t		 buf[65536], md[32];
	unsigned	 mdlen = 0;
	ssize_t		 n;
	int		 fd, rc = -1;

	*size = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		xasprintf(cause, _("cannot open %s: %s"), path, strerror(errno));
		return -1;
	}
	if ((ctx = EVP_MD_CTX_new()) == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(),
	    NULL) != 1) {
		xasprintf(cause, _("cannot compute SHA-256"));
		goto out;
	}
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		if (EVP_DigestUpdate(ctx, buf, (size_t)n) != 1) {
			xasprintf(cause, _("cannot compute SHA-256"));
			goto out;
		}
		*size += n;
	}
	if (n < 0) {
		xasprintf(cause, _("cannot read %s: %s"), path, strerror(errno));
		goto out;
	}
	if (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != sizeof md) {
		xasprintf(cause, _("cannot compute SHA-256"));
		goto out;
	}
	hex_encode(md, sizeof md, hex);
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	close(fd);
	return rc;
}

/* fsync of the directory holding path, so that a new name survives a crash. */
int
sync_dir_of(const char *path, char **cause)
{
	char	*copy, *dir;
	int	 fd, rc = 0;

	copy = xstrdup(path);
	dir = dirname(copy);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 || fsync(fd) != 0) {
		xasprintf(cause, _("cannot write directory %s to disk: %s"), dir,
		    strerror(errno));
		rc = -1;
	}
	if (fd != -1)
		close(fd);
	free(copy);
	return rc;
}

/* The database and key paths: the command line wins over the configuration file. */
int
admin_paths(const struct admin_db_opts *o, char **db_path, char **key_path, char **cause)
{
	struct config	 config;
	int		 rc = -1;

	if (config_open(&config, o->config, NULL, cause) != 0)
		goto out;
	*db_path = xstrdup(o->db != NULL ? o->db : config.db_path);
	*key_path = xstrdup(o->key != NULL ? o->key : config.key_path);
	rc = 0;
out:
	config_free(&config);
	return rc;
}
