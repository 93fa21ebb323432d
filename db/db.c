/* db/, storage: the encrypted database itself (key, open, migrations); subsystems below it.
 * May use: lib/ and db/ only (the include path and scripts/check-layers enforce it). */
/*
 * Opening the SQLCipher database (SPEC §7).
 *
 * The order matters: key, prove the key, read the schema version, and only then anything
 * that could write (journal mode, migrations). A wrong key, a corrupt file or a schema newer
 * than this binary must leave the file exactly as it was.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "audit/audit-head.h"
#include "audit/audit-key.h"
#include "cipher-provider.h"
#include "db-internal.h"
#include "i18n.h"
#include "keyfile.h"
#include "memlock.h"
#include "xmalloc.h"

/*
 * SQLCipher's own integrity check computes a page's offset in 32 bits (upstream issue
 * #604, still so in 4.9): every page past the first 4 GiB is read from the wrong place and
 * reported as failing its HMAC. Its reports for those pages are not evidence of damage.
 */
#define CIPHER_CHECK_LAST_PAGE(size)	(UINT32_MAX / (uint32_t)(size) + 1)
/* Faults listed when a database is damaged; the rest are counted. */
#define INTEGRITY_SHOWN		10

struct integrity {
	char		*list;		/* "\n  fault" for each of the first INTEGRITY_SHOWN */
	unsigned int	 count;
	uint32_t	*wal_pages;	/* pages the WAL holds copies of, once read */
	size_t		 wal_npages;
	int		 wal_read;
};

static int	memlock_logged;	/* the log said memory is not locked */
static int	legacy_logged;	/* the log said a database has the legacy settings */

/* DB_CIPHER_CURRENT's settings; only bench/search and tests change them. */
static const char *cipher_hmac = DB_CIPHER_HMAC;
static int	cipher_page_size = DB_CIPHER_PAGE_SIZE;

static int	db_key(struct db *, const struct key *, char **);
static int	db_connect(struct db *, int, const struct key *, enum db_cipher,
		    enum db_error *, char **);
static int	db_prove_key(struct db *, const char *, enum db_error *, char **);
static int	db_reopen_legacy(struct db *, int, const struct key *, enum db_error *,
		    char **);
static int	db_pragma(struct db *, const char *, const char *, const char *, char **);
static int	db_connection_pragmas(struct db *, enum db_open_mode, char **);
static int	db_load_meta(struct db *, char **);
static int	db_read_legacy_audit_key(struct db *, const struct key *, char **);
static void	integrity_add(struct integrity *, const char *);
static uint32_t	be32(const unsigned char *);
static void	integrity_read_wal(struct db *, struct integrity *);
static int	integrity_in_wal(struct db *, struct integrity *, uint32_t);
static int	integrity_cipher(struct db *, struct integrity *, char **);
static int	db_schema_damage(struct db *, char **);
static int	integrity_quick(struct db *, struct integrity *, char **);

static uint32_t
sql_hash(const char *sql)
{
	uint32_t	 h = 2166136261u;	/* FNV-1a */

	for (; *sql != '\0'; sql++)
		h = (h ^ (unsigned char)*sql) * 16777619u;
	return h;
}

/*
 * A statement for sql: an idle one from the cache, reset and unbound, or a new one. Give it
 * back with db_release, never sqlite3_finalize.
 */
sqlite3_stmt *
db_prepare(struct db *db, const char *sql, char **cause)
{
	struct stmt_cache_entry	*e, *slot = NULL;
	sqlite3_stmt		*stmt;
	uint32_t		 hash = sql_hash(sql);
	int			 i;

	for (i = 0; i < STMT_CACHE_SIZE; i++) {
		e = &db->cache[i];
		if (e->stmt == NULL) {
			if (slot == NULL || slot->stmt != NULL)
				slot = e;
			continue;
		}
		if (!e->busy && e->hash == hash && strcmp(sqlite3_sql(e->stmt), sql) == 0) {
			e->busy = 1;
			e->used = ++db->cache_clock;
			return e->stmt;
		}
		if (!e->busy && (slot == NULL ||
		    (slot->stmt != NULL && e->used < slot->used)))
			slot = e;
	}
	if (sqlite3_prepare_v2(db->h, sql, -1, &stmt, NULL) != SQLITE_OK) {
		db_fail(db, cause, _("cannot prepare a query"));
		return NULL;
	}
	/* Every entry busy: the statement is used once, not kept. */
	if (slot != NULL) {
		sqlite3_finalize(slot->stmt);
		slot->stmt = stmt;
		slot->hash = hash;
		slot->busy = 1;
		slot->used = ++db->cache_clock;
	}
	return stmt;
}

/*
 * Ends a statement from db_prepare: back to the cache, reset (which ends its read of the
 * database) and unbound (which frees, and so wipes, the values bound to it); or finalized
 * if it was not kept. A statement from elsewhere is finalized.
 */
void
db_release(struct db *db, sqlite3_stmt *stmt)
{
	int	 i;

	if (stmt == NULL)
		return;
	for (i = 0; i < STMT_CACHE_SIZE; i++) {
		if (db->cache[i].stmt == stmt) {
			sqlite3_reset(stmt);
			sqlite3_clear_bindings(stmt);
			db->cache[i].busy = 0;
			return;
		}
	}
	sqlite3_finalize(stmt);
}

/* Finalizes every cached statement: before closing, or a schema or key change. */
void
db_cache_clear(struct db *db)
{
	int	 i;

	for (i = 0; i < STMT_CACHE_SIZE; i++) {
		sqlite3_finalize(db->cache[i].stmt);
		db->cache[i].stmt = NULL;
		db->cache[i].busy = 0;
	}
}

int
db_exec(struct db *db, const char *sql, char **cause)
{
	char	*err = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
		if (cause != NULL)
			xasprintf(cause, _("database error: %s"), err != NULL ? err :
			    sqlite3_errmsg(db->h));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* Steps a statement that returns no row and finalizes it; on failure, as db_fail. */
int
db_step_done(struct db *db, sqlite3_stmt *stmt, const char *what, char **cause)
{
	int	 rc;

	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE) {
		db_fail(db, cause, what);
		db_release(db, stmt);
		return -1;
	}
	db_release(db, stmt);
	return 0;
}

/* A column's text, allocated, or NULL for SQL NULL. */
char *
db_column_dup(sqlite3_stmt *stmt, int i)
{
	const unsigned char	*t = sqlite3_column_text(stmt, i);

	return t != NULL ? xstrdup((const char *)t) : NULL;
}

/* Sets *cause to what + SQLite's message, and returns -1. */
int
db_fail(struct db *db, char **cause, const char *what)
{
	if (cause != NULL)
		xasprintf(cause, "%s: %s", what, sqlite3_errmsg(db->h));
	return -1;
}

/*
 * The raw-key form x'<64 hex>' tells SQLCipher to use the bytes as the key without running
 * its passphrase KDF. It goes through sqlite3_key_v2, never into SQL text, and the buffer
 * is wiped straight after.
 */
void
db_raw_key(const struct key *k, char raw[DB_RAW_KEY_SIZE])
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 i;

	raw[0] = 'x';
	raw[1] = '\'';
	for (i = 0; i < KEY_BYTES; i++) {
		raw[2 + 2 * i] = hex[k->bytes[i] >> 4];
		raw[3 + 2 * i] = hex[k->bytes[i] & 0xf];
	}
	raw[2 + KEY_BYTES * 2] = '\'';
	raw[3 + KEY_BYTES * 2] = '\0';
}

static int
db_key(struct db *db, const struct key *k, char **cause)
{
	char	 raw[DB_RAW_KEY_SIZE];
	int	 rc;

	db_raw_key(k, raw);
	rc = sqlite3_key_v2(db->h, "main", raw, (int)strlen(raw));
	explicit_bzero(raw, sizeof raw);
	if (rc != SQLITE_OK)
		return db_fail(db, cause, _("cannot set the database key"));
	return 0;
}

/*
 * Runs a PRAGMA (a query, or a setting that answers with its value, as SQLCipher's do) on a
 * bare handle: 0 when its value is expect. SQLite ignores PRAGMAs it does not know.
 */
int
db_handle_pragma_is(sqlite3 *h, const char *sql, const char *expect)
{
	sqlite3_stmt	*stmt;
	const char	*got;
	int		 ok = 0;

	if (sqlite3_prepare_v2(h, sql, -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		got = (const char *)sqlite3_column_text(stmt, 0);
		ok = got != NULL && strcasecmp(got, expect) == 0;
	}
	sqlite3_finalize(stmt);
	return ok ? 0 : -1;
}

/*
 * The cipher settings of one database of a connection (main, or one just attached), set
 * after its key and before any of its pages is read, and read back. Each is set, none left
 * to the library's defaults: SQLCipher 4's settings first (cipher_compatibility), which
 * are the legacy ones, then the current ones over them. A database attached to be written
 * takes them while it is still empty; sqlcipher_export then writes it with them.
 */
int
db_cipher_apply(sqlite3 *h, const char *schema, enum db_cipher cipher, char **cause)
{
	const char	*hmac = cipher == DB_CIPHER_LEGACY ? "HMAC_SHA512" : cipher_hmac;
	char		*sql, size[16];
	int		 rc;

	snprintf(size, sizeof size, "%d", db_cipher_page_size(cipher));
	sql = sqlite3_mprintf("PRAGMA \"%w\".cipher_compatibility = 4; "
	    "PRAGMA \"%w\".cipher_hmac_algorithm = %s; "
	    "PRAGMA \"%w\".cipher_page_size = %s", schema, schema, hmac, schema, size);
	rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	if (rc == SQLITE_OK) {
		sql = sqlite3_mprintf("PRAGMA \"%w\".cipher_hmac_algorithm", schema);
		rc = db_handle_pragma_is(h, sql, hmac);
		sqlite3_free(sql);
	}
	if (rc == SQLITE_OK) {
		sql = sqlite3_mprintf("PRAGMA \"%w\".cipher_page_size", schema);
		rc = db_handle_pragma_is(h, sql, size);
		sqlite3_free(sql);
	}
	if (rc != SQLITE_OK) {
		xasprintf(cause, _("cannot set the cipher settings (%s, %s-byte pages): %s"),
		    hmac, size, sqlite3_errmsg(h));
		return -1;
	}
	return 0;
}

/* The page size of a database file made with the settings. */
int
db_cipher_page_size(enum db_cipher cipher)
{
	return cipher == DB_CIPHER_LEGACY ? DB_LEGACY_PAGE_SIZE : cipher_page_size;
}

void
db_cipher_measure(const char *hmac, int page_size)
{
	cipher_hmac = hmac;
	cipher_page_size = page_size;
}

/*
 * SQLite's settings for the whole process, before its first connection (later, SQLite
 * refuses them and keeps its own). No memory statistics: with them every allocation and
 * free takes a mutex and sizes the block again, and with cipher_memory_security (no
 * lookaside in Debian's build) SQLite allocates for nearly every value it handles.
 * Nothing here reads the statistics or sets a heap limit.
 */
static void
library_config(void)
{
	static int	 done;

	if (done)
		return;
	done = 1;
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/*
 * Opens path with the key and the cipher settings, nothing read yet. db->h is set even
 * when this fails, for db_close.
 */
static int
db_connect(struct db *db, int flags, const struct key *k, enum db_cipher cipher,
    enum db_error *err, char **cause)
{
	library_config();
	/* Once per process, before the first key; SQLCipher's own if it cannot be. */
	(void)cipher_provider_install();
	if (sqlite3_open_v2(db->path, &db->h, flags | SQLITE_OPEN_NOFOLLOW, NULL) !=
	    SQLITE_OK) {
		*err = DB_ERR_CORRUPT;
		return db_fail(db, cause, _("cannot open the database"));
	}
	sqlite3_extended_result_codes(db->h, 1);
	/*
	 * Before anything is read: the last connection of a program that just ended may
	 * still hold the file to checkpoint and remove its WAL, and proving the key must
	 * wait for that rather than take the lock's refusal for a wrong key.
	 */
	sqlite3_busy_timeout(db->h, 5000);
	/*
	 * SQLCipher logs failed page MACs to stderr, which would draw over the screen; every
	 * failure is reported through the return codes instead.
	 */
	(void)db_exec(db, "PRAGMA cipher_log_source = NONE", NULL);
	if (db_key(db, k, cause) != 0 || db_cipher_apply(db->h, "main", cipher, cause) != 0)
		return -1;
	db->cipher_legacy = cipher == DB_CIPHER_LEGACY;
	db->page_size = db_cipher_page_size(cipher);
	return 0;
}

/*
 * The key did not open the database with the current settings: it may be an earlier
 * release's, made with SQLCipher 4's defaults. Tried again with those on a new connection
 * (the first one's pager has already failed page 1, and cannot change its settings). A
 * wrong key fails both tries; what the second one found is the answer.
 */
static int
db_reopen_legacy(struct db *db, int flags, const struct key *k, enum db_error *err,
    char **cause)
{
	db_cache_clear(db);
	sqlite3_close_v2(db->h);
	db->h = NULL;
	free(*cause);
	*cause = NULL;
	if (db_connect(db, flags, k, DB_CIPHER_LEGACY, err, cause) != 0 ||
	    db_prove_key(db, db->path, err, cause) != 0)
		return -1;
	if (!legacy_logged) {
		legacy_logged = 1;
		syslog(LOG_NOTICE, "database %s has an earlier release's cipher settings "
		    "(SQLCipher 4's defaults), slower to search; madoguchi-admin rekey moves it "
		    "to the current ones", db->path);
	}
	return 0;
}

/* Whether the first bytes are a plaintext SQLite header. */
static int
file_is_plain_sqlite(const char *path)
{
	static const char	 magic[16] = "SQLite format 3";
	char			 buf[16];
	int			 fd;
	ssize_t			 n;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	n = read(fd, buf, sizeof buf);
	close(fd);
	return n == (ssize_t)sizeof buf && memcmp(buf, magic, sizeof buf) == 0;
}

/*
 * SQLCipher cannot tell a wrong key from a damaged first page: both fail the page HMAC.
 * What can be told apart is a file that is not whole pages, or a plaintext database; a
 * page after the first that fails is damage, reported when the schema is read.
 */
static int
db_prove_key(struct db *db, const char *path, enum db_error *err, char **cause)
{
	struct stat	 sb;
	sqlite3_stmt	*stmt;
	int		 rc;

	/* user_version lives in page 1's header: this reads page 1 and nothing else. */
	if ((rc = sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &stmt,
	    NULL)) == SQLITE_OK) {
		rc = sqlite3_step(stmt);
		db_release(db, stmt);
		if (rc == SQLITE_ROW)
			return 0;
	}
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
		*err = DB_ERR_OTHER;
		xasprintf(cause, _("database %s is busy: another program holds it (%s)"),
		    path, sqlite3_errstr(rc));
	} else if (stat(path, &sb) == 0 && (sb.st_size % DB_LEGACY_PAGE_SIZE) != 0) {
		*err = DB_ERR_CORRUPT;
		xasprintf(cause, _("database %s is corrupt or truncated (%lld bytes is not a "
		    "whole number of pages)"), path, (long long)sb.st_size);
	} else if (file_is_plain_sqlite(path)) {
		*err = DB_ERR_CORRUPT;
		xasprintf(cause, _("database %s is not encrypted; refusing to use it"), path);
	} else {
		*err = DB_ERR_KEY;
		xasprintf(cause, _("the key does not open this database (%s)"), path);
	}
	return -1;
}

/* Sets a PRAGMA and reads it back: SQLite ignores PRAGMAs it does not know. */
static int
db_pragma(struct db *db, const char *name, const char *value, const char *expect,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		*sql;
	const char	*got;
	int		 ok = 0;

	xasprintf(&sql, "PRAGMA %s = %s", name, value);
	if (db_exec(db, sql, cause) != 0) {
		free(sql);
		return -1;
	}
	free(sql);
	xasprintf(&sql, "PRAGMA %s", name);
	stmt = db_prepare(db, sql, cause);
	free(sql);
	if (stmt == NULL)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		got = (const char *)sqlite3_column_text(stmt, 0);
		ok = got != NULL && strcasecmp(got, expect) == 0;
	}
	db_release(db, stmt);
	if (!ok) {
		xasprintf(cause, _("PRAGMA %s did not take effect (SQLCipher too old?)"), name);
		return -1;
	}
	return 0;
}

static int
db_connection_pragmas(struct db *db, enum db_open_mode mode, char **cause)
{
	if (db_pragma(db, "cipher_memory_security", "ON", "1", cause) != 0 ||
	    db_pragma(db, "temp_store", "MEMORY", "2", cause) != 0 ||
	    db_pragma(db, "secure_delete", "ON", "1", cause) != 0 ||
	    db_pragma(db, "foreign_keys", "ON", "1", cause) != 0 ||
	    db_pragma(db, "busy_timeout", "5000", "5000", cause) != 0 ||
	    db_pragma(db, "cache_size", DB_CACHE_KIB, DB_CACHE_KIB, cause) != 0)
		return -1;
	if (mode != DB_OPEN_READONLY &&
	    db_pragma(db, "journal_mode", "WAL", "wal", cause) != 0)
		return -1;
	return 0;
}

/*
 * Whether a commit waits for the disk (synchronous FULL, set for every connection by
 * SQLite's default) or only keeps the WAL in order (NORMAL: a power cut may lose the last
 * commits, never corrupt the database). For work that can simply be done again.
 */
int
db_set_synchronous(struct db *db, int full, char **cause)
{
	return db_pragma(db, "synchronous", full ? "FULL" : "NORMAL", full ? "2" : "1",
	    cause);
}

static int
db_load_meta(struct db *db, char **cause)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_prepare(db, "PRAGMA cipher_version", cause)) == NULL)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != NULL)
		db->cipher_version = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	db_release(db, stmt);
	if (db->cipher_version == NULL) {
		xasprintf(cause, _("the SQLite library is not SQLCipher"));
		return -1;
	}

	if ((stmt = db_prepare(db, "SELECT terminal_id FROM terminal", cause)) == NULL)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != NULL)
		db->terminal_id = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	db_release(db, stmt);
	if (db->terminal_id == NULL)
		db->terminal_id = xstrdup("unset");
	return 0;
}

/*
 * What an older database used as its audit chain's MAC key, kept only until the key is
 * moved out of it (audit-key.c): first the value derived from the database key alone, then
 * (schema 7) a copy of that value kept in the audit_secret table. The key now lives in a
 * root-only file, since a key inside the database lets whoever has the database key
 * rewrite the log. A database without the table has been moved already.
 */
static int
db_read_legacy_audit_key(struct db *db, const struct key *k, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	db->legacy_audit = DB_AUDIT_KEY_MOVED;
	if (sqlite3_prepare_v2(db->h, "SELECT secret FROM audit_secret WHERE only = 1", -1,
	    &stmt, NULL) != SQLITE_OK)
		return 0;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_bytes(stmt, 0) != (int)sizeof db->legacy_audit_key) {
			db_release(db, stmt);
			xasprintf(cause, _("the stored audit key is malformed"));
			return -1;
		}
		memcpy(db->legacy_audit_key, sqlite3_column_blob(stmt, 0),
		    sizeof db->legacy_audit_key);
		db->legacy_audit = DB_AUDIT_KEY_IN_TABLE;
	} else if (rc == SQLITE_DONE) {
		if (key_derive(k, "madoguchi audit chain v1", db->legacy_audit_key,
		    sizeof db->legacy_audit_key) != 0) {
			db_release(db, stmt);
			xasprintf(cause, _("cannot derive the audit key"));
			return -1;
		}
		db->legacy_audit = DB_AUDIT_KEY_DERIVED;
	}
	db_release(db, stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, cause, _("cannot read the audit key"));
	return 0;
}

struct db *
db_open(const char *path, const struct key *k, enum db_open_mode mode,
    enum db_error *errp, char **cause)
{
	struct db	*db;
	struct stat	 sb;
	enum db_error	 err = DB_ERR_OTHER;
	int		 flags, version;

	if (mode == DB_OPEN_CREATE) {
		if (lstat(path, &sb) == 0) {
			xasprintf(cause, _("database %s already exists"), path);
			goto fail_early;
		}
		flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	} else {
		if (stat(path, &sb) != 0) {
			err = errno == ENOENT ? DB_ERR_MISSING : DB_ERR_OTHER;
			if (errno == ENOENT)
				xasprintf(cause, _("database %s does not exist (create it with "
				    "madoguchi-admin init)"), path);
			else
				xasprintf(cause, _("cannot open database %s: %s"), path,
				    strerror(errno));
			goto fail_early;
		}
		if (!S_ISREG(sb.st_mode)) {
			err = DB_ERR_CORRUPT;
			xasprintf(cause, _("database %s is not a regular file"), path);
			goto fail_early;
		}
		if (access(path, mode == DB_OPEN_READONLY ? R_OK : R_OK | W_OK) != 0) {
			xasprintf(cause, _("cannot open database %s: %s"), path,
			    strerror(errno));
			goto fail_early;
		}
		flags = mode == DB_OPEN_READONLY ? SQLITE_OPEN_READONLY :
		    SQLITE_OPEN_READWRITE;
	}

	/*
	 * Said once per process in the system log: without the lock SQLCipher locks and
	 * unlocks each allocation itself, as safe but several times slower, and the desk
	 * would not tell why (issue 28). madoguchi-admin status shows it too.
	 */
	if (!memlock_init() && !memlock_logged) {
		memlock_logged = 1;
		syslog(LOG_WARNING, "memory not locked (%s): SQLCipher locks each allocation "
		    "itself, several times slower; see the admin guide, \"Memory\"",
		    memlock_reason());
	}
	db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	if (db_connect(db, flags, k, DB_CIPHER_CURRENT, &err, cause) != 0)
		goto fail;
	if (db_prove_key(db, path, &err, cause) != 0 && (mode == DB_OPEN_CREATE ||
	    err != DB_ERR_KEY || db_reopen_legacy(db, flags, k, &err, cause) != 0))
		goto fail;
	err = DB_ERR_OTHER;

	if (mode != DB_OPEN_CREATE) {
		if (db_read_schema_version(db, &version, cause) != 0) {
			err = db_schema_damage(db, cause) == 0 ? DB_ERR_DAMAGED :
			    DB_ERR_CORRUPT;
			goto fail;
		}
		if (version > db_schema_latest()) {
			err = DB_ERR_NEWER;
			xasprintf(cause, _("database schema version %d is newer than this "
			    "program knows (%d); install the newer madoguchi"), version,
			    db_schema_latest());
			goto fail;
		}
	}
	if (db_connection_pragmas(db, mode, cause) != 0)
		goto fail;
	if (mode != DB_OPEN_READONLY && db_migrate(db, cause) != 0)
		goto fail;
	if (db_load_meta(db, cause) != 0)
		goto fail;
	if (db_read_legacy_audit_key(db, k, cause) != 0)
		goto fail;
	if (errp != NULL)
		*errp = DB_OK;
	return db;

fail:
	db_close(db);
fail_early:
	if (errp != NULL)
		*errp = err;
	return NULL;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	db_cache_clear(db);
	audit_mac_free(db);
	audit_files_free(db->audit_files);
	if (db->h != NULL)
		sqlite3_close_v2(db->h);
	explicit_bzero(db->audit_key, sizeof db->audit_key);
	explicit_bzero(db->legacy_audit_key, sizeof db->legacy_audit_key);
	free(db->path);
	free(db->cipher_version);
	free(db->terminal_id);
	free(db);
}

/*
 * A terminal that syncs refuses new applications past these (SPEC §10): more changes
 * waiting than max_pending, or no successful sync for more than max_days.
 */
void
db_set_offline_limits(struct db *db, int max_days, int max_pending)
{
	db->offline_max_days = max_days;
	db->offline_max_pending = max_pending;
}

/*
 * A terminal that syncs shares its office's number series with other terminals: it hands
 * out reception numbers only from blocks the central store leased to it.
 */
void
db_set_syncs(struct db *db, int syncs)
{
	db->syncs = syncs;
}

/*
 * Writers take the lock at BEGIN so that two writers never deadlock upgrading. A
 * transaction begun inside another joins it (a media import runs each application's own
 * transaction inside its one): only the outermost commits, and an inner one that rolls
 * back dooms the whole, so that nothing is ever committed in part.
 */
int
db_begin(struct db *db, char **cause)
{
	if (db->in_tx > 0) {
		db->in_tx++;
		return 0;
	}
	if (db_exec(db, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	db->in_tx = 1;
	db->tx_doomed = 0;
	return 0;
}

int
db_commit(struct db *db, char **cause)
{
	char	*problem = NULL, *ignored = NULL;

	if (db->in_tx > 1) {
		db->in_tx--;
		return 0;
	}
	if (db->tx_doomed) {
		db_rollback(db);
		xasprintf(cause, _("a step of the transaction failed; nothing was written"));
		return -1;
	}
	if (db_exec(db, "COMMIT", cause) != 0) {
		db_rollback(db);
		return -1;
	}
	db->in_tx = 0;
	/*
	 * The head outside the database follows what was committed. It failing to (the log
	 * no longer holds what it records) is not this transaction's failure: the head stays
	 * as the evidence, and the checks at start, at login and in verify report it.
	 */
	if (db->audit_appended) {
		db->audit_appended = 0;
		(void)audit_head_advance(db, &problem, &ignored);
		free(problem);
		free(ignored);
	}
	return 0;
}

/* Ends a transaction by the outcome so far: commit when rc is 0, else roll back. */
int
db_finish(struct db *db, int rc, char **cause)
{
	if (rc == 0)
		return db_commit(db, cause);
	db_rollback(db);
	return -1;
}

void
db_rollback(struct db *db)
{
	if (db->in_tx > 1) {
		db->in_tx--;
		db->tx_doomed = 1;
		return;
	}
	if (db->in_tx || !sqlite3_get_autocommit(db->h))
		(void)db_exec(db, "ROLLBACK", NULL);
	db->in_tx = 0;
	db->tx_doomed = 0;
	db->audit_appended = 0;
}

const char *
db_cipher_version(struct db *db)
{
	return db->cipher_version;
}

/*
 * Whether the database was made with an earlier release's cipher settings (SQLCipher 4's
 * defaults): it works, more slowly, until madoguchi-admin rekey moves it.
 */
int
db_cipher_legacy(struct db *db)
{
	return db->cipher_legacy;
}

const char *
db_terminal_id(struct db *db)
{
	return db->terminal_id;
}

const char *
db_file(struct db *db)
{
	return db->path;
}

int
db_set_terminal_id(struct db *db, const char *id, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	stmt = db_prepare(db, "INSERT INTO terminal (only, terminal_id) VALUES (1, ?1) "
	    "ON CONFLICT (only) DO UPDATE SET terminal_id = excluded.terminal_id", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(stmt);
	db_release(db, stmt);
	if (rc != SQLITE_DONE)
		return db_fail(db, cause, _("cannot set the terminal id"));
	free(db->terminal_id);
	db->terminal_id = xstrdup(id);
	return 0;
}

static void
integrity_add(struct integrity *found, const char *fault)
{
	char	*list;

	if (found->count++ >= INTEGRITY_SHOWN)
		return;
	xasprintf(&list, "%s\n  %s", found->list != NULL ? found->list : "", fault);
	free(found->list);
	found->list = list;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * The pages the WAL holds copies of, from its frame headers, which SQLCipher leaves in
 * plaintext (SQLite's file format, "The WAL File Format"): a 32-byte header, then frames
 * of a 24-byte header and a page. A frame whose salts are not the header's is from before
 * the log last restarted, and the log ends there. Only the headers are read.
 */
static void
integrity_read_wal(struct db *db, struct integrity *found)
{
	const char	*wal;
	unsigned char	 hdr[32], fh[24];
	uint32_t	 page_size;
	size_t		 alloc = 0;
	off_t		 off;
	int		 fd;

	found->wal_read = 1;
	wal = sqlite3_filename_wal(sqlite3_db_filename(db->h, "main"));
	if (wal == NULL || (fd = open(wal, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return;
	if (pread(fd, hdr, sizeof hdr, 0) != (ssize_t)sizeof hdr ||
	    (be32(hdr) & ~1u) != 0x377f0682)
		goto out;
	page_size = be32(hdr + 8);
	if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0)
		goto out;
	for (off = sizeof hdr; pread(fd, fh, sizeof fh, off) == (ssize_t)sizeof fh;
	    off += sizeof fh + page_size) {
		if (memcmp(fh + 8, hdr + 16, 8) != 0)
			break;
		if (found->wal_npages == alloc) {
			alloc = alloc == 0 ? 64 : alloc * 2;
			found->wal_pages = xreallocarray(found->wal_pages, alloc,
			    sizeof *found->wal_pages);
		}
		found->wal_pages[found->wal_npages++] = be32(fh);
	}
out:
	close(fd);
}

static int
integrity_in_wal(struct db *db, struct integrity *found, uint32_t page)
{
	size_t	 i;

	if (!found->wal_read)
		integrity_read_wal(db, found);
	for (i = 0; i < found->wal_npages; i++) {
		if (found->wal_pages[i] == page)
			return 1;
	}
	return 0;
}

/*
 * The key opened page 1 but the schema could not be read: the damage is in a page the
 * open reads (the schema grows across pages as migrations add to it). The same report as
 * db_integrity_check, from SQLCipher's check of every page, which needs no schema: 0 and
 * *cause replaced by it when a fault was found; -1 (and *cause kept) when none was.
 */
static int
db_schema_damage(struct db *db, char **cause)
{
	struct integrity	 found = { NULL, 0, NULL, 0, 0 };
	char			*ignored = NULL;

	if (integrity_cipher(db, &found, &ignored) != 0 || found.count == 0) {
		free(ignored);
		free(found.list);
		free(found.wal_pages);
		return -1;
	}
	free(*cause);
	xasprintf(cause, _("database %s is damaged:%s"), db->path, found.list);
	free(found.list);
	free(found.wal_pages);
	return 0;
}

/*
 * SQLCipher reads every page of the file itself, the free ones too, and checks its HMAC;
 * each row is a fault ("HMAC verification failed for page 84", "page 84 has an invalid
 * size ..."), none when all is well. It runs while the statement is prepared, so the
 * statement is never one from the cache, which would give back an earlier run's findings.
 *
 * It reads the file only. In WAL mode the file's copy of a page that the log also holds
 * may be torn by a power cut during a checkpoint, or half written by the checkpoint of a
 * running terminal as it is read: the log's copy is the page, which the checkpoint writes
 * again, and quick_check reads it. Such a page is not damage. (The snapshot that
 * db_integrity_check holds keeps the checkpoint to pages the log has for it.)
 */
static int
integrity_cipher(struct db *db, struct integrity *found, char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*fault;
	uint32_t	 page;
	int		 rc;

	if (sqlite3_prepare_v2(db->h, "PRAGMA cipher_integrity_check", -1, &stmt,
	    NULL) != SQLITE_OK)
		return db_fail(db, cause, _("cannot check the database"));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((fault = (const char *)sqlite3_column_text(stmt, 0)) == NULL)
			continue;
		if (sscanf(fault, "HMAC verification failed for page %" SCNu32, &page) == 1 &&
		    (page > CIPHER_CHECK_LAST_PAGE(db->page_size) ||
		    integrity_in_wal(db, found, page)))
			continue;
		integrity_add(found, fault);
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, cause, _("cannot check the database"));
		sqlite3_finalize(stmt);
		return -1;
	}
	sqlite3_finalize(stmt);
	return 0;
}

/*
 * SQLite's quick_check walks every b-tree through the pager, which decrypts, and so checks
 * the HMAC of, every page in use (newer copies in the WAL included), and checks their
 * structure: one row "ok", or a row for each fault. A page that fails its HMAC leaves the
 * connection in error and the check stops with that error, which is a fault too; only a
 * lock or a lack of memory means the check could not be made.
 */
static int
integrity_quick(struct db *db, struct integrity *found, char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*fault;
	char		*stopped;
	int		 rc;

	if (sqlite3_prepare_v2(db->h, "PRAGMA quick_check", -1, &stmt, NULL) != SQLITE_OK)
		return db_fail(db, cause, _("cannot check the database"));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		fault = (const char *)sqlite3_column_text(stmt, 0);
		if (fault != NULL && strcmp(fault, "ok") != 0)
			integrity_add(found, fault);
	}
	switch (rc & 0xff) {
	case SQLITE_DONE:
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_NOMEM:
	case SQLITE_INTERRUPT:
		db_fail(db, cause, _("cannot check the database"));
		sqlite3_finalize(stmt);
		return -1;
	default:
		xasprintf(&stopped, _("the check stopped: %s"), sqlite3_errmsg(db->h));
		integrity_add(found, stopped);
		free(stopped);
		break;
	}
	sqlite3_finalize(stmt);
	return 0;
}

/*
 * Opening proves the key on page 1 and reads the schema, nothing more: a file cut short or
 * damaged in a page nobody has read yet opens without complaint. This reads every page.
 * Nothing is written. 0: intact; 1: damaged, and *cause lists what was found; -1: the
 * check could not be made (*cause says why).
 */
int
db_integrity_check(struct db *db, char **cause)
{
	struct integrity	 found = { NULL, 0, NULL, 0, 0 };
	char			*more, *list;
	int			 rc;

	/*
	 * One read transaction for the whole check: a checkpoint may then write into the
	 * file only pages whose copies in the log this snapshot sees (see above).
	 */
	if (db_exec(db, "BEGIN", cause) != 0)
		return -1;
	rc = db_exec(db, "SELECT count(*) FROM sqlite_master", cause);
	if (rc == 0)
		rc = integrity_cipher(db, &found, cause);
	/*
	 * After a page failed its HMAC, quick_check could only repeat it, and would blame
	 * every tree it then cannot read.
	 */
	if (rc == 0 && found.count == 0)
		rc = integrity_quick(db, &found, cause);
	db_rollback(db);
	free(found.wal_pages);
	if (rc != 0)
		goto fail;
	if (found.count == 0)
		return 0;
	if (found.count > INTEGRITY_SHOWN) {
		xasprintf(&more, _("... and %u more"), found.count - INTEGRITY_SHOWN);
		xasprintf(&list, "%s\n  %s", found.list, more);
		free(more);
		free(found.list);
		found.list = list;
	}
	xasprintf(cause, _("database %s is damaged:%s"), db->path, found.list);
	free(found.list);
	return 1;

fail:
	free(found.list);
	return -1;
}

