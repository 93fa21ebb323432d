/*
 * The audit key and head files (audit-key.h).
 *
 * Moving the key out of an older database: the key it used (the audit_secret row, or for
 * a database older still the value derived from the database key) is written to the key
 * file first and synced; only then is the table dropped, with secure_delete on and the
 * write-ahead log truncated, so that no copy stays in the file for whoever has the
 * database key. A crash in between leaves both copies, equal, and the next open finishes
 * the move. The head file is made from the log as it is then, which must verify whole:
 * what happened before the move is trusted as the old design trusted it.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit-head.h"
#include "audit/audit-key.h"
#include "db-internal.h"
#include "i18n.h"
#include "keyfile.h"
#include "xmalloc.h"

struct audit_files {
	struct key		*key;
	struct audit_head	*head;
};

static int	 key_move_out(struct db *, const char *, char **);
static int	 legacy_drop(struct db *, char **);

/*
 * Reads the key and opens the head file, before a process drops root (the background
 * sync); audit_files_use hands both to its database later.
 */
int
audit_files_load(const char *key_path, const char *head_path, enum audit_key_mode mode,
    struct audit_files **fp, char **cause)
{
	struct audit_files	*f;

	f = xcalloc(1, sizeof *f);
	f->key = key_new();
	if (key_load(key_path, f->key, cause) != 0 ||
	    audit_head_open(head_path, mode != AUDIT_KEY_READ, &f->head, cause) != 0) {
		audit_files_free(f);
		*fp = NULL;
		return -1;
	}
	*fp = f;
	return 0;
}

/*
 * The database computes MACs with f's key and advances f's head, which stay f's: a
 * process that opens its database again and again (the background sync) keeps one f.
 */
void
audit_files_use(struct db *db, struct audit_files *f)
{
	audit_set_key(db, f->key->bytes);
	audit_head_attach(db, f->head);
}

void
audit_files_free(struct audit_files *f)
{
	if (f == NULL)
		return;
	key_free(f->key);
	audit_head_close(f->head);
	free(f);
}

/* 1 while the database still holds its own audit key (not yet moved out). */
int
audit_key_in_database(struct db *db)
{
	return db->legacy_audit != DB_AUDIT_KEY_MOVED;
}

static int
log_is_empty(struct db *db, int *empty, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	stmt = db_prepare(db, "SELECT NOT EXISTS (SELECT 1 FROM audit_log)", cause);
	if (stmt == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	*empty = rc == SQLITE_ROW && sqlite3_column_int(stmt, 0);
	db_release(db, stmt);
	return rc == SQLITE_ROW ? 0 : db_fail(db, cause, _("cannot read the audit log"));
}

/*
 * Writes the key file for a database that has none: the key its log was made with, or a
 * new one for an empty log.
 */
static int
key_move_out(struct db *db, const char *key_path, char **cause)
{
	struct key	*k;
	int		 empty, rc;

	if (db->legacy_audit == DB_AUDIT_KEY_MOVED) {
		xasprintf(cause, _("the audit key file %s does not exist, and the database's "
		    "key was moved out to it before: restore the file from the backup of "
		    "/etc/madoguchi; without it the audit log cannot be verified"), key_path);
		return -1;
	}
	if (log_is_empty(db, &empty, cause) != 0)
		return -1;
	k = key_new();
	if (empty && db->legacy_audit == DB_AUDIT_KEY_DERIVED)
		rc = key_generate(k, cause);
	else {
		memcpy(k->bytes, db->legacy_audit_key, KEY_BYTES);
		rc = 0;
	}
	if (rc == 0)
		rc = key_save(key_path, k, cause);
	key_free(k);
	return rc;
}

/* Drops the table that held the key, leaving no copy of it in the file. */
static int
legacy_drop(struct db *db, char **cause)
{
	if (db_exec(db, "PRAGMA secure_delete = ON", cause) != 0 ||
	    db_begin(db, cause) != 0)
		return -1;
	if (db_exec(db, "DROP TRIGGER IF EXISTS audit_secret_no_update", cause) != 0 ||
	    db_exec(db, "DROP TRIGGER IF EXISTS audit_secret_no_delete", cause) != 0 ||
	    db_exec(db, "DELETE FROM audit_secret", cause) != 0 ||
	    db_exec(db, "DROP TABLE audit_secret", cause) != 0) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db, cause) != 0 ||
	    db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", cause) != 0)
		return -1;
	explicit_bzero(db->legacy_audit_key, sizeof db->legacy_audit_key);
	db->legacy_audit = DB_AUDIT_KEY_MOVED;
	return 0;
}

/*
 * Gives db its audit key and head. With AUDIT_KEY_MOVE an older database's key is moved
 * out and the head file made when they do not exist yet.
 */
int
audit_key_open(struct db *db, const char *key_path, const char *head_path,
    enum audit_key_mode mode, char **cause)
{
	struct audit_files	*f;
	struct key		*k;
	int			 differs;

	if (mode == AUDIT_KEY_MOVE && access(key_path, F_OK) != 0 && errno == ENOENT &&
	    key_move_out(db, key_path, cause) != 0)
		return -1;
	/*
	 * Reading an older database before its key was moved out (migrate looks first):
	 * the key it holds verifies its log; there is no head yet to check against.
	 */
	if (mode == AUDIT_KEY_READ && audit_key_in_database(db) && access(key_path, F_OK) != 0 &&
	    errno == ENOENT) {
		audit_set_key(db, db->legacy_audit_key);
		return 0;
	}
	k = key_new();
	if (key_load(key_path, k, cause) != 0) {
		key_free(k);
		if (mode == AUDIT_KEY_WRITE && audit_key_in_database(db)) {
			free(*cause);
			xasprintf(cause, _("the audit key is still inside the database: run "
			    "madoguchi-admin migrate as root to move it out"));
		}
		return -1;
	}
	differs = db->legacy_audit == DB_AUDIT_KEY_IN_TABLE &&
	    memcmp(k->bytes, db->legacy_audit_key, KEY_BYTES) != 0;
	audit_set_key(db, k->bytes);
	key_free(k);
	if (differs) {
		xasprintf(cause, _("the audit key file %s is not the key this database's log "
		    "was made with"), key_path);
		return -1;
	}
	if (mode == AUDIT_KEY_MOVE) {
		if (access(head_path, F_OK) != 0 && errno == ENOENT &&
		    audit_head_create(head_path, db, cause) != 0)
			return -1;
		if (audit_key_in_database(db) && legacy_drop(db, cause) != 0)
			return -1;
	}
	if (audit_files_load(key_path, head_path, mode, &f, cause) != 0)
		return -1;
	audit_files_use(db, f);
	audit_files_free(db->audit_files);
	db->audit_files = f;
	return 0;
}
