/* db/sync/: the outbox, batches, acknowledgements, pulled changes, conflicts; libpq client.
 * May use: lib/, db/. */
/*
 * When the central store is behind what it told this terminal (docs/sync.md, "Failover").
 *
 * A standby promoted after the primary failed holds what reached it, and with
 * asynchronous replication the primary's last commits may not have: changes and audit
 * entries the old primary acknowledged, and office log numbers it handed out. The
 * terminal has marked those changes sent and moved its cursors past them. Left so, they
 * would be lost centrally, and office log numbers the new primary hands out again would lie
 * behind the terminal's pull cursor and never be read. So at the start of every sync the
 * terminal compares the store's heads (madoguchi.sync_heads()) with its own and, in one
 * transaction: marks unsent the changes after the store's last one, moves the audit
 * position back to the store's head, and moves the pull cursor back to the end of the
 * store's office log. The push that follows sends them again; the store takes a (terminal,
 * seq) once, so nothing is doubled, and changes read twice are applied once (their version
 * is already here).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "db-internal.h"
#include "i18n.h"
#include "sync/sync-store.h"
#include "xmalloc.h"

static int64_t	 one_int64(struct db *, const char *, int64_t);
static int	 run_int64(struct db *, const char *, int64_t, const char *, char **);

/* The first column of the first row, ?1 (where there is one) bound to arg; -1 on failure. */
static int64_t
one_int64(struct db *db, const char *sql, int64_t arg)
{
	sqlite3_stmt	*stmt;
	int64_t		 n = -1;

	if ((stmt = db_prepare(db, sql, NULL)) == NULL)
		return -1;
	if (sqlite3_bind_parameter_count(stmt) > 0)
		sqlite3_bind_int64(stmt, 1, arg);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	db_release(db, stmt);
	return n;
}

static int
run_int64(struct db *db, const char *sql, int64_t arg, const char *what, char **cause)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_prepare(db, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, arg);
	return db_step_done(db, stmt, what, cause);
}

/* The last change the central store acknowledged to this terminal (0: none). */
int64_t
sync_pushed_last(struct db *db)
{
	return one_int64(db, "SELECT coalesce(max(seq), 0) FROM outbox WHERE pushed_at IS NOT "
	    "NULL", 0);
}

int
sync_rewind(struct db *db, const struct actor *who, const struct sync_heads *store,
    struct sync_rewound *out, char **cause)
{
	int64_t	 sent, first_kept, audit_pushed, audit_first, cursor;
	char	*detail;
	int	 rc = -1;

	memset(out, 0, sizeof *out);
	if (db_begin(db, cause) != 0)
		return -1;
	sent = sync_pushed_last(db);
	audit_pushed = one_int64(db, "SELECT audit_pushed FROM sync_state", 0);
	cursor = sync_pull_cursor(db);
	if (sent < 0 || audit_pushed < 0 || cursor < 0) {
		rc = db_fail(db, cause, _("cannot read the sync state"));
		goto out;
	}
	if (store->last_seq < sent) {
		/* The store takes a terminal's changes in order: from the one after its last. */
		first_kept = one_int64(db, "SELECT coalesce(min(seq), 0) FROM outbox WHERE seq "
		    "> ?1", store->last_seq);
		if (first_kept != store->last_seq + 1) {
			xasprintf(cause, _("the central store lacks changes %lld to %lld that it had "
			    "acknowledged (a failover or a restore of the store), and this "
			    "terminal no longer keeps change %lld to send again. Nothing was "
			    "changed here; see \"Failover\" in docs/sync.md"),
			    (long long)store->last_seq + 1, (long long)sent,
			    (long long)store->last_seq + 1);
			goto out;
		}
		out->changes = sent - store->last_seq;
		if (run_int64(db, "UPDATE outbox SET pushed_at = NULL WHERE seq > ?1 AND "
		    "pushed_at IS NOT NULL", store->last_seq,
		    _("cannot mark changes to send again"), cause) != 0)
			goto out;
	}
	if (store->audit_seq < audit_pushed) {
		audit_first = one_int64(db, "SELECT coalesce(min(seq), 0) FROM audit_log WHERE "
		    "seq > ?1", store->audit_seq);
		if (audit_first != store->audit_seq + 1) {
			xasprintf(cause, _("the central store lacks audit entries %lld to %lld that "
			    "it had acknowledged, and this terminal no longer keeps entry %lld. "
			    "Nothing was changed here; see \"Failover\" in docs/sync.md"),
			    (long long)store->audit_seq + 1, (long long)audit_pushed,
			    (long long)store->audit_seq + 1);
			goto out;
		}
		out->audit = audit_pushed - store->audit_seq;
		if (run_int64(db, "UPDATE sync_state SET audit_pushed = ?1", store->audit_seq,
		    _("cannot store the audit position"), cause) != 0)
			goto out;
	}
	if (store->office_last < cursor) {
		out->cursor_from = cursor;
		out->cursor_to = store->office_last;
		if (run_int64(db, "UPDATE sync_state SET pull_cursor = ?1", store->office_last,
		    _("cannot store the sync cursor"), cause) != 0)
			goto out;
	}
	rc = 0;
	if (out->changes > 0 || out->audit > 0 || out->cursor_from > 0) {
		xasprintf(&detail, "central store behind this terminal: %lld changes and %lld "
		    "audit entries to send again, office log read again from %lld (was %lld)",
		    (long long)out->changes, (long long)out->audit,
		    (long long)(out->cursor_from > 0 ? out->cursor_to : cursor),
		    (long long)cursor);
		rc = audit_actor(db, who, "sync", "", "ok", detail, cause);
		free(detail);
	}
out:
	return db_finish(db, rc, cause);
}
