/*
 * The audit chain of a restored terminal (SPEC §8; docs/sync.md, "A restored terminal").
 *
 * A terminal restored from a backup has written entries again under numbers the central
 * store already holds: the entries its lost database wrote after the backup. Those were
 * MACed with this terminal's key, so they are checked here before they are taken back,
 * and the entries written since the restore are moved after them and chained anew (same
 * fields, new numbers and MACs), so that the whole chain verifies and can be pushed.
 *
 * This is the one place that rewrites stored entries: audit_log's triggers refuse UPDATE
 * and DELETE, and are dropped and made again inside the caller's transaction only for
 * the splice. When the chain's key and head move out of the database, this file and
 * audit_entry_mac are what must follow.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit/audit-recover.h"
#include "db-internal.h"
#include "i18n.h"
#include "xmalloc.h"

/* As 0001-base.sql made them. */
static const char *const guard_drop =
	"DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;";
static const char *const guard_make =
	"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
	"BEGIN\n"
	"\tSELECT RAISE(ABORT, 'the audit log is append-only');\n"
	"END;\n"
	"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log\n"
	"BEGIN\n"
	"\tSELECT RAISE(ABORT, 'the audit log is append-only');\n"
	"END;";

static int	entry_insert(struct db *, const struct audit_entry *, char **);
static int	head_write(struct db *, int64_t, const uint8_t *, char **);

void
audit_entries_free(struct audit_entry *v, size_t n)
{
	size_t		 i;
	unsigned	 j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < 9; j++)
			free(v[i].field[j]);
	}
	free(v);
}

/* Whether two entries are the same entry: every field and both MACs. */
int
audit_entry_same(const struct audit_entry *a, const struct audit_entry *b)
{
	unsigned	 i;

	if (a->seq != b->seq || memcmp(a->prev_mac, b->prev_mac, AUDIT_MAC_BYTES) != 0 ||
	    memcmp(a->mac, b->mac, AUDIT_MAC_BYTES) != 0)
		return 0;
	for (i = 0; i < 9; i++) {
		if (strcmp(a->field[i], b->field[i]) != 0)
			return 0;
	}
	return 1;
}

/* This database's entries after seq, in order. */
int
audit_entries_after(struct db *db, int64_t after, struct audit_entry **out, size_t *n,
    char **cause)
{
	struct audit_entry	*v = NULL, *e;
	sqlite3_stmt		*stmt;
	size_t			 len = 0;
	const char		*s;
	int			 rc, i;

	*out = NULL;
	*n = 0;
	stmt = db_prepare(db, "SELECT seq, at, terminal_id, tty, user, role, action, target, "
	    "result, detail, prev_mac, mac FROM audit_log WHERE seq > ?1 ORDER BY seq", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, after);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, len + 1, sizeof *v);
		e = &v[len++];
		memset(e, 0, sizeof *e);
		e->seq = sqlite3_column_int64(stmt, 0);
		for (i = 0; i < 9; i++) {
			s = (const char *)sqlite3_column_text(stmt, i + 1);
			e->field[i] = xstrdup(s != NULL ? s : "");
		}
		/* A MAC of another length cannot link: left all zero, it will not. */
		if (sqlite3_column_bytes(stmt, 10) == AUDIT_MAC_BYTES)
			memcpy(e->prev_mac, sqlite3_column_blob(stmt, 10), AUDIT_MAC_BYTES);
		if (sqlite3_column_bytes(stmt, 11) == AUDIT_MAC_BYTES)
			memcpy(e->mac, sqlite3_column_blob(stmt, 11), AUDIT_MAC_BYTES);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		audit_entries_free(v, len);
		xasprintf(cause, _("cannot read the audit log: %s"), sqlite3_errmsg(db->h));
		return -1;
	}
	*out = v;
	*n = len;
	return 0;
}

/*
 * Whether entries, which the central store kept, are this terminal's chain continued
 * from the MAC prev: contiguous numbers, each linked to the one before and MACed with
 * this terminal's key. 0 when they are, 1 with *bad (the first entry that is not), -1 when
 * the MAC cannot be computed.
 */
int
audit_recover_verify(struct db *db, const uint8_t *prev, const struct audit_entry *v,
    size_t n, int64_t *bad, char **cause)
{
	uint8_t		 link[AUDIT_MAC_BYTES], mac[AUDIT_MAC_BYTES];
	size_t		 i;

	*bad = 0;
	memcpy(link, prev, AUDIT_MAC_BYTES);
	for (i = 0; i < n; i++) {
		if ((i > 0 && v[i].seq != v[i - 1].seq + 1) ||
		    memcmp(v[i].prev_mac, link, AUDIT_MAC_BYTES) != 0) {
			*bad = v[i].seq;
			return 1;
		}
		if (audit_entry_mac(db, link, v[i].seq, (const char *const *)v[i].field,
		    mac) != 0) {
			xasprintf(cause, _("cannot compute the audit MAC"));
			return -1;
		}
		if (memcmp(mac, v[i].mac, AUDIT_MAC_BYTES) != 0) {
			*bad = v[i].seq;
			return 1;
		}
		memcpy(link, mac, AUDIT_MAC_BYTES);
	}
	return 0;
}

static int
entry_insert(struct db *db, const struct audit_entry *e, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 i;

	stmt = db_prepare(db, "INSERT INTO audit_log (seq, at, terminal_id, tty, user, role, "
	    "action, target, result, detail, prev_mac, mac) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, ?9, ?10, ?11, ?12)", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, e->seq);
	for (i = 0; i < 9; i++)
		sqlite3_bind_text(stmt, i + 2, e->field[i], -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 11, e->prev_mac, AUDIT_MAC_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 12, e->mac, AUDIT_MAC_BYTES, SQLITE_STATIC);
	return db_step_done(db, stmt, _("cannot write the audit log"), cause);
}

static int
head_write(struct db *db, int64_t count, const uint8_t *mac, char **cause)
{
	sqlite3_stmt	*stmt;

	stmt = db_prepare(db, "INSERT INTO audit_head (only, count, mac) VALUES (1, ?1, ?2) "
	    "ON CONFLICT (only) DO UPDATE SET count = excluded.count, mac = excluded.mac",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, count);
	sqlite3_bind_blob(stmt, 2, mac, AUDIT_MAC_BYTES, SQLITE_STATIC);
	return db_step_done(db, stmt, _("cannot write the audit log"), cause);
}

/*
 * Inside the caller's transaction: this database's entries from seq `from` on (written
 * since the restore) make way for the recovered ones (from `from` on, checked with
 * audit_recover_verify), and follow them with new numbers, each chained to the one
 * before. *moved is how many were moved. The caller has checked that entries 1..from-1
 * are the ones the store holds, so the recovered ones link to entry from-1.
 */
int
audit_recover_splice(struct db *db, int64_t from, const struct audit_entry *recovered,
    size_t n, int64_t *moved, char **cause)
{
	struct audit_entry	*mine = NULL, e;
	sqlite3_stmt		*stmt;
	uint8_t			 link[AUDIT_MAC_BYTES];
	size_t			 nmine = 0, i;
	int64_t			 seq;
	int			 rc = -1;

	*moved = 0;
	if (n > 0 && recovered[0].seq != from) {
		xasprintf(cause, _("internal error: recovered audit entries start at %lld, "
		    "not %lld"), (long long)recovered[0].seq, (long long)from);
		return -1;
	}
	if (audit_entries_after(db, from - 1, &mine, &nmine, cause) != 0)
		return -1;
	if (db_exec(db, guard_drop, cause) != 0)
		goto out;
	stmt = db_prepare(db, "DELETE FROM audit_log WHERE seq >= ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_int64(stmt, 1, from);
	if (db_step_done(db, stmt, _("cannot write the audit log"), cause) != 0)
		goto out;
	if (db_exec(db, guard_make, cause) != 0)
		goto out;

	memset(link, 0, sizeof link);
	if (from > 1) {
		stmt = db_prepare(db, "SELECT mac FROM audit_log WHERE seq = ?1", cause);
		if (stmt == NULL)
			goto out;
		sqlite3_bind_int64(stmt, 1, from - 1);
		if (sqlite3_step(stmt) != SQLITE_ROW ||
		    sqlite3_column_bytes(stmt, 0) != AUDIT_MAC_BYTES) {
			db_release(db, stmt);
			xasprintf(cause, _("audit entry %lld is missing"), (long long)from - 1);
			goto out;
		}
		memcpy(link, sqlite3_column_blob(stmt, 0), AUDIT_MAC_BYTES);
		db_release(db, stmt);
	}
	seq = from;
	for (i = 0; i < n; i++, seq++) {
		if (entry_insert(db, &recovered[i], cause) != 0)
			goto out;
		memcpy(link, recovered[i].mac, AUDIT_MAC_BYTES);
	}
	for (i = 0; i < nmine; i++, seq++) {
		e = mine[i];
		e.seq = seq;
		memcpy(e.prev_mac, link, AUDIT_MAC_BYTES);
		if (audit_entry_mac(db, link, seq, (const char *const *)e.field, e.mac) != 0) {
			xasprintf(cause, _("cannot compute the audit MAC"));
			goto out;
		}
		if (entry_insert(db, &e, cause) != 0)
			goto out;
		memcpy(link, e.mac, AUDIT_MAC_BYTES);
	}
	if (head_write(db, seq - 1, link, cause) != 0)
		goto out;
	*moved = (int64_t)nmine;
	rc = 0;
out:
	audit_entries_free(mine, nmine);
	return rc;
}
