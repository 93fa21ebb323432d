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
#include "cipher-provider.h"
#include "db-internal.h"
#include "i18n.h"
#include "keyfile.h"
#include "xmalloc.h"


static int	create_empty(const char *, char **);
static int	create_like(const char *, const char *, char **);
static int	sync_file(const char *, char **);
static int	attach_keyed(sqlite3 *, const char *, const char *, const struct key *);
static int	attach_new(struct db *, const char *, const char *, const struct key *,
		    const char *, char **);
static sqlite3	*open_backup(const char *, const struct key *, enum db_cipher, char **);
static int	journal_mode(struct db *, const char *, char **);
static int	rekey_checks(struct db *, char **);
static int	take_alone(struct db *, char **);
static void	give_back(struct db *);
static int	copy_matches(struct db *, const char *, const struct key *, char **);

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

/*
 * As create_empty, then given the owner and mode of the file at like: a copy that is to
 * take that file's place (db_rekey_copy) must be usable by the same programs.
 */
static int
create_like(const char *path, const char *like, char **cause)
{
	struct stat	 sb;
	int		 fd;

	if (stat(like, &sb) != 0) {
		xasprintf(cause, _("cannot read %s: %s"), like, strerror(errno));
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd == -1) {
		xasprintf(cause, _("cannot create %s: %s"), path, strerror(errno));
		return -1;
	}
	if (fchown(fd, sb.st_uid, sb.st_gid) != 0 || fchmod(fd, sb.st_mode & 0777) != 0) {
		xasprintf(cause, _("cannot give %s the owner and mode of %s: %s"), path, like,
		    strerror(errno));
		close(fd);
		unlink(path);
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

/*
 * Attaches the empty file at path as name, under key k and the current cipher settings,
 * which sqlcipher_export then writes it with; what says what the file is for if it fails.
 */
static int
attach_new(struct db *db, const char *path, const char *name, const struct key *k,
    const char *what, char **cause)
{
	char	*detach;

	if (attach_keyed(db->h, path, name, k) != SQLITE_OK)
		return db_fail(db, cause, what);
	if (db_cipher_apply(db->h, name, DB_CIPHER_CURRENT, cause) != 0) {
		detach = sqlite3_mprintf("DETACH DATABASE \"%w\"", name);
		(void)db_exec(db, detach, NULL);
		sqlite3_free(detach);
		return -1;
	}
	return 0;
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
	if (attach_new(db, path, "backup", bkey, _("cannot create the backup"), cause) != 0)
		goto out;
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
 * The backup at from under the backup key and the cipher settings, its schema read: a
 * wrong key fails here, before anything is written. NULL and *cause set when it does not
 * open.
 */
static sqlite3 *
open_backup(const char *from, const struct key *bkey, enum db_cipher cipher, char **cause)
{
	sqlite3	*h = NULL;
	char	 raw[DB_RAW_KEY_SIZE];
	int	 rc;

	(void)cipher_provider_install();
	if (sqlite3_open_v2(from, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) !=
	    SQLITE_OK) {
		xasprintf(cause, _("cannot open the backup %s: %s"), from,
		    h != NULL ? sqlite3_errmsg(h) : strerror(ENOMEM));
		goto fail;
	}
	(void)sqlite3_exec(h, "PRAGMA cipher_log_source = NONE", NULL, NULL, NULL);
	db_raw_key(bkey, raw);
	rc = sqlite3_key_v2(h, "main", raw, (int)strlen(raw));
	explicit_bzero(raw, sizeof raw);
	if (rc != SQLITE_OK) {
		xasprintf(cause, _("cannot set the backup key: %s"), sqlite3_errmsg(h));
		goto fail;
	}
	if (db_cipher_apply(h, "main", cipher, cause) != 0)
		goto fail;
	if (sqlite3_exec(h, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		xasprintf(cause, _("the backup key does not open the backup %s (wrong key, "
		    "or not a madoguchi backup)"), from);
		goto fail;
	}
	return h;

fail:
	if (h != NULL)
		sqlite3_close_v2(h);
	return NULL;
}

/*
 * Decrypts the backup at from with the backup key and writes it, whole, into a new file
 * at to under the terminal key and the current cipher settings. A backup taken by an
 * earlier release has that release's settings (SQLCipher 4's defaults) and is read with
 * them. from is opened read-write because ATTACH inherits the main file's flags; callers
 * pass a scratch copy, so the backup itself is never opened for writing (it may be on
 * read-only media).
 */
int
backup_restore(const char *from, const struct key *bkey, const char *to,
    const struct key *dbkey, char **cause)
{
	sqlite3		*h = NULL;
	sqlite3_stmt	*stmt;
	int		 rc = -1, created = 0, attached = 0, step;

	if ((h = open_backup(from, bkey, DB_CIPHER_CURRENT, cause)) == NULL) {
		free(*cause);
		*cause = NULL;
		if ((h = open_backup(from, bkey, DB_CIPHER_LEGACY, cause)) == NULL)
			goto out;
	}
	if (sqlite3_exec(h, "PRAGMA cipher_memory_security = ON", NULL, NULL, NULL) !=
	    SQLITE_OK ||
	    db_handle_pragma_is(h, "PRAGMA cipher_memory_security", "1") != 0) {
		xasprintf(cause, _("PRAGMA %s did not take effect (SQLCipher too old?)"),
		    "cipher_memory_security");
		goto out;
	}
	if (sqlite3_exec(h, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL) != SQLITE_OK ||
	    db_handle_pragma_is(h, "PRAGMA temp_store", "2") != 0) {
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
	if (db_cipher_apply(h, "restored", DB_CIPHER_CURRENT, cause) != 0)
		goto out;
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

/* What every change of key needs: no open transaction, the audit key moved out. */
static int
rekey_checks(struct db *db, char **cause)
{
	if (db->in_tx || !sqlite3_get_autocommit(db->h)) {
		xasprintf(cause, _("the key cannot be changed inside a transaction"));
		return -1;
	}
	if (audit_key_in_database(db)) {
		xasprintf(cause, _("the audit key of this database is still inside it: run "
		    "madoguchi-admin migrate as root first"));
		return -1;
	}
	return 0;
}

/*
 * Takes the database for this connection alone: exclusive locking and a rollback journal,
 * which fails while another program has it open, and leaves the whole database in its
 * file (the WAL checkpointed into it and removed).
 */
static int
take_alone(struct db *db, char **cause)
{
	if (db_exec(db, "PRAGMA locking_mode = EXCLUSIVE", cause) != 0)
		return -1;
	if (journal_mode(db, "DELETE", cause) != 0) {
		give_back(db);
		return -1;
	}
	return 0;
}

/* Undoes take_alone. NORMAL takes effect when the lock is next released: the read does. */
static void
give_back(struct db *db)
{
	char	*ignored = NULL;

	(void)db_exec(db, "PRAGMA locking_mode = NORMAL", NULL);
	(void)db_exec(db, "SELECT count(*) FROM sqlite_master", NULL);
	if (journal_mode(db, "WAL", &ignored) != 0)
		free(ignored);
}

/*
 * Re-encrypts every page under the new key. SQLCipher 4 cannot rekey a WAL database that
 * other connections may read, so the database is first taken for this connection alone
 * (take_alone) and put back into WAL mode afterwards. The rekey is one write transaction:
 * the rollback journal keeps the old pages under the old key, so a crash leaves the whole
 * file under either the old or the new key, never a mixture (the caller keeps both key
 * files on disk until the outcome is known). The cipher settings stay those the database
 * has: sqlite3_rekey changes the key only (db_rekey_copy changes both).
 */
int
db_rekey(struct db *db, const struct key *k, char **cause)
{
	char	 raw[DB_RAW_KEY_SIZE];
	int	 rc;

	if (rekey_checks(db, cause) != 0 || take_alone(db, cause) != 0)
		return -1;
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

	if (db_exec(db, "PRAGMA locking_mode = NORMAL", cause) != 0 ||
	    db_exec(db, "SELECT count(*) FROM sqlite_master", cause) != 0)
		return -1;
	return journal_mode(db, "WAL", cause);

fail:
	give_back(db);
	return -1;
}

/*
 * Whether the copy at path, opened on its own under key k (which proves that it opens),
 * has what the database has: every table's rows (virtual tables and their shadow tables
 * included, so the name index too), the audit chain's head and the schema version, the
 * facts a restore test checks a backup against. A connection of its own: sqlcipher_export
 * writes the virtual tables' schema rows behind the attaching connection's back, which
 * does not see them until it attaches the file again, and attaching a file made with other
 * settings than SQLCipher's defaults fails before they can be set.
 */
static int
copy_matches(struct db *db, const char *path, const struct key *k, char **cause)
{
	struct backup_facts	 want, got;
	struct db		*copy;
	size_t			 i;
	int			 rc = -1;

	memset(&got, 0, sizeof got);
	if (backup_facts_read(db, &want, cause) != 0)
		return -1;
	if ((copy = db_open(path, k, DB_OPEN_READONLY, NULL, cause)) == NULL ||
	    backup_facts_read(copy, &got, cause) != 0)
		goto out;
	if (got.ntables != want.ntables || got.schema_version != want.schema_version ||
	    got.audit_count != want.audit_count ||
	    strcmp(got.audit_head, want.audit_head) != 0) {
		xasprintf(cause, _("the copy %s does not have the database's tables or audit "
		    "log"), path);
		goto out;
	}
	for (i = 0; i < want.ntables; i++) {
		if (strcmp(got.tables[i].name, want.tables[i].name) != 0 ||
		    got.tables[i].rows != want.tables[i].rows) {
			xasprintf(cause, _("the copy of table %s does not have its rows"),
			    want.tables[i].name);
			goto out;
		}
	}
	rc = 0;
out:
	backup_facts_free(&want);
	backup_facts_free(&got);
	db_close(copy);
	return rc;
}

/*
 * Copies the database whole into a new file at path, under key k and the current cipher
 * settings, for a database whose settings are an earlier release's (db_cipher_legacy):
 * sqlite3_rekey changes the key, never the page size or the HMAC. sqlcipher_export writes
 * the copy, which is then opened on its own and checked against the database
 * (copy_matches), and written to disk; it has the database file's owner and mode.
 *
 * The database is taken for this connection alone first (take_alone) and stays so until
 * db_close: nothing can be written to it that the copy lacks while the caller renames the
 * copy over it (cmd-admin-rekey.c keeps the order of that and of the key files). Closing
 * then removes, by its name, this connection's own emptied rollback journal; nothing of
 * the copy's, since no other program has the copy's key. On failure the copy is removed
 * and the database is put back as it was.
 */
int
db_rekey_copy(struct db *db, const struct key *k, const char *path, char **cause)
{
	int	 rc = -1, created = 0, attached = 0, in_tx = 0;

	if (rekey_checks(db, cause) != 0 || take_alone(db, cause) != 0)
		return -1;
	if (create_like(path, db->path, cause) != 0)
		goto out;
	created = 1;
	if (attach_new(db, path, "rekeyed", k, _("cannot create the re-encrypted copy"),
	    cause) != 0)
		goto out;
	attached = 1;
	if (db_exec(db, "BEGIN", cause) != 0)
		goto out;
	in_tx = 1;
	if (sqlite3_exec(db->h, "SELECT sqlcipher_export('rekeyed'); COMMIT", NULL, NULL,
	    NULL) != SQLITE_OK) {
		/* "database or disk is full": the copy needs the database's size again. */
		xasprintf(cause, _("cannot copy the database into %s: %s"), path,
		    sqlite3_errmsg(db->h));
		goto out;
	}
	in_tx = 0;
	if (db_exec(db, "DETACH DATABASE rekeyed", cause) != 0)
		goto out;
	attached = 0;
	if (copy_matches(db, path, k, cause) != 0)
		goto out;
	rc = sync_file(path, cause);
out:
	if (in_tx)
		(void)db_exec(db, "ROLLBACK", NULL);
	if (attached)
		(void)db_exec(db, "DETACH DATABASE rekeyed", NULL);
	if (rc != 0) {
		if (created)
			unlink(path);
		give_back(db);
	}
	return rc;
}
