/* db/backup/: encrypted backups, restore tests and key rotation, the SQL side.
 * May use: lib/, db/. */
/*
 * Encrypted backups, restores into a scratch file, and key rotation (SPEC §7).
 *
 * Keys never appear in SQL text: the backup key and the terminal key reach SQLCipher as
 * bound parameters of ATTACH (raw-key form x'<64 hex>'), or through sqlite3_rekey_v2,
 * and every buffer that held one is wiped.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backup/backup.h"
#include "audit/audit-key.h"
#include "db-internal.h"
#include "i18n.h"
#include "keyfile.h"
#include "xmalloc.h"


static int	create_empty(const char *, char **);
static int	sync_file(const char *, char **);
static int	attach_keyed(sqlite3 *, const char *, const char *, const struct key *);
static int	journal_mode(struct db *, const char *, char **);
static int	pragma_check(sqlite3 *, const char *, const char *);

/*
 * The copy goes into an empty file made here with O_EXCL and mode 0600: an existing file
 * is never overwritten, and the copy is private from its first byte whatever the umask.
 */
static int
create_empty(const char *path, char **cause)
{
	int	 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd == -1) {
		xasprintf(cause, _("cannot create %s: %s"), path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

static int
sync_file(const char *path, char **cause)
{
	int	 fd, rc;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		xasprintf(cause, _("cannot open %s: %s"), path, strerror(errno));
		return -1;
	}
	rc = fsync(fd);
	if (rc != 0)
		xasprintf(cause, _("cannot write %s to disk: %s"), path, strerror(errno));
	close(fd);
	return rc == 0 ? 0 : -1;
}

/* ATTACH path AS name under key k; the key is a bound parameter, never SQL text. */
static int
attach_keyed(sqlite3 *h, const char *path, const char *name, const struct key *k)
{
	sqlite3_stmt	*stmt;
	char		 raw[DB_RAW_KEY_SIZE], *sql;
	int		 rc;

	sql = sqlite3_mprintf("ATTACH DATABASE ?1 AS \"%w\" KEY ?2", name);
	rc = sqlite3_prepare_v2(h, sql, -1, &stmt, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return rc;
	db_raw_key(k, raw);
	sqlite3_bind_text(stmt, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, raw, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	explicit_bzero(raw, sizeof raw);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Sets a PRAGMA on a bare handle and reads it back (SQLite ignores unknown ones). */
static int
pragma_check(sqlite3 *h, const char *set, const char *expect)
{
	sqlite3_stmt	*stmt;
	const char	*got;
	int		 ok = 0;

	if (sqlite3_prepare_v2(h, set, -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		got = (const char *)sqlite3_column_text(stmt, 0);
		ok = got != NULL && strcasecmp(got, expect) == 0;
	}
	sqlite3_finalize(stmt);
	return ok ? 0 : -1;
}

/*
 * The row counts of every table (virtual tables and their shadow tables included, so
 * that the name index is checked as well), the audit head and the schema version.
 */
int
backup_facts_read(struct db *db, struct backup_facts *f, char **cause)
{
	sqlite3_stmt	*stmt = NULL, *count;
	const char	*name, *hex;
	char		*sql;
	size_t		 alloc = 0;
	int		 rc = -1, step;

	memset(f, 0, sizeof *f);
	f->terminal_id = xstrdup(db_terminal_id(db));
	f->schema_version = db_schema_version(db);

	stmt = db_prepare(db, "SELECT count, hex(mac) FROM main.audit_head WHERE only = 1",
	    cause);
	if (stmt == NULL)
		goto out;
	step = sqlite3_step(stmt);
	if (step == SQLITE_ROW) {
		f->audit_count = sqlite3_column_int64(stmt, 0);
		hex = (const char *)sqlite3_column_text(stmt, 1);
		if (hex == NULL || strlen(hex) != sizeof f->audit_head - 1) {
			xasprintf(cause, _("the audit head is malformed"));
			goto out;
		}
		memcpy(f->audit_head, hex, sizeof f->audit_head);
		for (sql = f->audit_head; *sql != '\0'; sql++)
			*sql = (char)(*sql >= 'A' && *sql <= 'F' ? *sql - 'A' + 'a' : *sql);
	} else if (step != SQLITE_DONE) {
		db_fail(db, cause, _("cannot read the audit head"));
		goto out;
	}
	db_release(db, stmt);

	stmt = db_prepare(db, "SELECT name FROM main.sqlite_master WHERE type = 'table' AND "
	    "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name", cause);
	if (stmt == NULL)
		goto out;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(stmt, 0);
		if (f->ntables == alloc) {
			alloc = alloc == 0 ? 32 : alloc * 2;
			f->tables = xreallocarray(f->tables, alloc, sizeof *f->tables);
		}
		sql = sqlite3_mprintf("SELECT count(*) FROM main.\"%w\"", name);
		step = sqlite3_prepare_v2(db->h, sql, -1, &count, NULL);
		sqlite3_free(sql);
		if (step != SQLITE_OK || sqlite3_step(count) != SQLITE_ROW) {
			xasprintf(cause, _("cannot count the rows of table %s: %s"), name,
			    sqlite3_errmsg(db->h));
			db_release(db, count);
			goto out;
		}
		f->tables[f->ntables].name = xstrdup(name);
		f->tables[f->ntables].rows = sqlite3_column_int64(count, 0);
		f->ntables++;
		db_release(db, count);
	}
	if (step != SQLITE_DONE) {
		db_fail(db, cause, _("cannot list the tables"));
		goto out;
	}
	rc = 0;
out:
	db_release(db, stmt);
	if (rc != 0)
		backup_facts_free(f);
	return rc;
}

void
backup_facts_free(struct backup_facts *f)
{
	size_t	 i;

	for (i = 0; i < f->ntables; i++)
		free(f->tables[i].name);
	free(f->tables);
	free(f->terminal_id);
	memset(f, 0, sizeof *f);
}

/*
 * Copies the open database into a new file at path under the backup key. The facts are
 * read in the same read transaction as the copy: in WAL mode the transaction is one
 * snapshot, so the counts are those of the copy even while the terminal writes.
 */
int
backup_export(struct db *db, const char *path, const struct key *bkey,
    struct backup_facts *f, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc = -1, attached = 0, in_tx = 0, step;

	memset(f, 0, sizeof *f);
	if (db->in_tx || !sqlite3_get_autocommit(db->h)) {
		xasprintf(cause, _("a backup cannot be taken inside a transaction"));
		return -1;
	}
	if (create_empty(path, cause) != 0)
		return -1;
	if (attach_keyed(db->h, path, "backup", bkey) != SQLITE_OK) {
		db_fail(db, cause, _("cannot create the backup"));
		goto out;
	}
	attached = 1;
	if (db_exec(db, "BEGIN DEFERRED", cause) != 0)
		goto out;
	in_tx = 1;
	if (backup_facts_read(db, f, cause) != 0)
		goto out;
	if ((stmt = db_prepare(db, "SELECT sqlcipher_export('backup')", cause)) == NULL)
		goto out;
	step = sqlite3_step(stmt);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		db_fail(db, cause, _("cannot copy the database into the backup"));
		db_release(db, stmt);
		goto out;
	}
	db_release(db, stmt);
	if (db_exec(db, "COMMIT", cause) != 0)
		goto out;
	in_tx = 0;
	rc = 0;
out:
	if (in_tx)
		(void)db_exec(db, "ROLLBACK", NULL);
	if (attached && db_exec(db, "DETACH DATABASE backup", rc == 0 ? cause : NULL) != 0)
		rc = -1;
	if (rc == 0 && sync_file(path, cause) != 0)
		rc = -1;
	if (rc != 0) {
		unlink(path);
		backup_facts_free(f);
	}
	return rc;
}

/*
 * Decrypts the backup at from with the backup key and writes it, whole, into a new file
 * at to under the terminal key. from is opened read-write because ATTACH inherits the
 * main file's flags; callers pass a scratch copy, so the backup itself is never opened
 * for writing (it may be on read-only media).
 */
int
backup_restore(const char *from, const struct key *bkey, const char *to,
    const struct key *dbkey, char **cause)
{
	sqlite3		*h = NULL;
	sqlite3_stmt	*stmt;
	char		 raw[DB_RAW_KEY_SIZE];
	int		 rc = -1, created = 0, attached = 0, step;

	if (sqlite3_open_v2(from, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) !=
	    SQLITE_OK) {
		xasprintf(cause, _("cannot open the backup %s: %s"), from,
		    h != NULL ? sqlite3_errmsg(h) : strerror(ENOMEM));
		goto out;
	}
	(void)sqlite3_exec(h, "PRAGMA cipher_log_source = NONE", NULL, NULL, NULL);
	db_raw_key(bkey, raw);
	step = sqlite3_key_v2(h, "main", raw, (int)strlen(raw));
	explicit_bzero(raw, sizeof raw);
	if (step != SQLITE_OK) {
		xasprintf(cause, _("cannot set the backup key: %s"), sqlite3_errmsg(h));
		goto out;
	}
	/* Reads the schema pages: a wrong key fails here, before anything is written. */
	if (sqlite3_exec(h, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		xasprintf(cause, _("the backup key does not open the backup %s (wrong key, "
		    "or not a madoguchi backup)"), from);
		goto out;
	}
	if (sqlite3_exec(h, "PRAGMA cipher_memory_security = ON", NULL, NULL, NULL) !=
	    SQLITE_OK || pragma_check(h, "PRAGMA cipher_memory_security", "1") != 0) {
		xasprintf(cause, _("PRAGMA %s did not take effect (SQLCipher too old?)"),
		    "cipher_memory_security");
		goto out;
	}
	if (sqlite3_exec(h, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL) != SQLITE_OK ||
	    pragma_check(h, "PRAGMA temp_store", "2") != 0) {
		xasprintf(cause, _("PRAGMA %s did not take effect (SQLCipher too old?)"),
		    "temp_store");
		goto out;
	}
	if (create_empty(to, cause) != 0)
		goto out;
	created = 1;
	if (attach_keyed(h, to, "restored", dbkey) != SQLITE_OK) {
		xasprintf(cause, _("cannot create %s: %s"), to, sqlite3_errmsg(h));
		goto out;
	}
	attached = 1;
	if (sqlite3_prepare_v2(h, "SELECT sqlcipher_export('restored')", -1, &stmt, NULL) !=
	    SQLITE_OK) {
		xasprintf(cause, _("cannot restore from %s: %s"), from, sqlite3_errmsg(h));
		goto out;
	}
	step = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		xasprintf(cause, _("cannot restore from %s: %s"), from, sqlite3_errmsg(h));
		goto out;
	}
	if (sqlite3_exec(h, "DETACH DATABASE restored", NULL, NULL, NULL) != SQLITE_OK) {
		xasprintf(cause, _("cannot restore from %s: %s"), from, sqlite3_errmsg(h));
		goto out;
	}
	attached = 0;
	rc = sync_file(to, cause);
out:
	if (attached)
		(void)sqlite3_exec(h, "DETACH DATABASE restored", NULL, NULL, NULL);
	if (h != NULL)
		sqlite3_close_v2(h);
	if (rc != 0 && created)
		unlink(to);
	return rc;
}

/* Sets the journal mode and reads it back; a busy database is the usual reason. */
static int
journal_mode(struct db *db, const char *mode, char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*got;
	char		*sql;
	int		 step, ok = 0;

	xasprintf(&sql, "PRAGMA journal_mode = %s", mode);
	stmt = db_prepare(db, sql, cause);
	free(sql);
	if (stmt == NULL)
		return -1;
	step = sqlite3_step(stmt);
	if (step == SQLITE_ROW) {
		got = (const char *)sqlite3_column_text(stmt, 0);
		ok = got != NULL && strcasecmp(got, mode) == 0;
	}
	db_release(db, stmt);
	if (ok)
		return 0;
	if ((step & 0xff) == SQLITE_BUSY || (step & 0xff) == SQLITE_LOCKED || step == SQLITE_ROW)
		xasprintf(cause, _("the database is in use by another program; stop madoguchi "
		    "on every tty first (systemctl stop 'madoguchi@*')"));
	else
		db_fail(db, cause, _("cannot change the journal mode"));
	return -1;
}

/*
 * Re-encrypts every page under the new key. SQLCipher 4 cannot rekey a WAL database that
 * other connections may read, so the database is first taken for this connection alone
 * (exclusive locking, rollback journal — which fails while another program has it open)
 * and put back into WAL mode afterwards. The rekey is one write transaction: the rollback
 * journal keeps the old pages under the old key, so a crash leaves the whole file under
 * either the old or the new key, never a mixture (the caller keeps both key files on disk
 * until the outcome is known).
 */
int
db_rekey(struct db *db, const struct key *k, char **cause)
{
	char	 raw[DB_RAW_KEY_SIZE], *ignored = NULL;
	int	 rc, exclusive = 0;

	if (db->in_tx || !sqlite3_get_autocommit(db->h)) {
		xasprintf(cause, _("the key cannot be changed inside a transaction"));
		return -1;
	}
	if (audit_key_in_database(db)) {
		xasprintf(cause, _("the audit key of this database is still inside it: run "
		    "madoguchi-admin migrate as root first"));
		return -1;
	}
	if (db_exec(db, "PRAGMA locking_mode = EXCLUSIVE", cause) != 0)
		return -1;
	exclusive = 1;
	if (journal_mode(db, "DELETE", cause) != 0)
		goto fail;

	db_raw_key(k, raw);
	rc = sqlite3_rekey_v2(db->h, "main", raw, (int)strlen(raw));
	explicit_bzero(raw, sizeof raw);
	if (rc != SQLITE_OK) {
		db_fail(db, cause, _("cannot re-encrypt the database"));
		goto fail;
	}
	/* Every schema page read back under the new key. */
	if (db_exec(db, "SELECT count(*) FROM sqlite_master", cause) != 0)
		goto fail;

	/* NORMAL takes effect when the lock is next released: the read below does that. */
	if (db_exec(db, "PRAGMA locking_mode = NORMAL", cause) != 0 ||
	    db_exec(db, "SELECT count(*) FROM sqlite_master", cause) != 0)
		return -1;
	return journal_mode(db, "WAL", cause);

fail:
	if (exclusive) {
		(void)db_exec(db, "PRAGMA locking_mode = NORMAL", NULL);
		(void)db_exec(db, "SELECT count(*) FROM sqlite_master", NULL);
		if (journal_mode(db, "WAL", &ignored) != 0)
			free(ignored);
	}
	return -1;
}
