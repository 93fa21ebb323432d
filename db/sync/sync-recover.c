/*
 * The local side of recovering a terminal restored from a backup (docs/sync.md, "A
 * restored terminal"): what the database holds of its history, and the steps that put
 * the changes the central store holds back under their numbers and the unsent ones after
 * them. The steps run inside the caller's transaction (sync-recover-client.c): the
 * recovery commits whole or not at all.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "i18n.h"
#include "sync/outbox.h"
#include "sync/sync-recover.h"
#include "xmalloc.h"

static int	 int64_row(struct db *, const char *, int64_t, int64_t, int64_t *, char **);

/* One integer from sql with ?1 and ?2 bound. */
static int
int64_row(struct db *db, const char *sql, int64_t a, int64_t b, int64_t *out, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*out = 0;
	if ((stmt = db_prepare(db, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, a);
	sqlite3_bind_int64(stmt, 2, b);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	db_release(db, stmt);
	if (rc != SQLITE_ROW)
		return db_fail(db, cause, _("cannot read the sync outbox"));
	return 0;
}

int
sync_recover_local_read(struct db *db, struct sync_recover_local *l, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	memset(l, 0, sizeof *l);
	stmt = db_prepare(db, "SELECT (SELECT coalesce(max(seq), 0) FROM outbox), "
	    "(SELECT coalesce(max(seq), 0) FROM outbox WHERE pushed_at IS NOT NULL), "
	    "(SELECT count(*) FROM outbox WHERE pushed_at IS NULL), "
	    "(SELECT count(*) FROM audit_log), audit_pushed, pull_cursor FROM sync_state",
	    cause);
	if (stmt == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		l->last_seq = sqlite3_column_int64(stmt, 0);
		l->last_sent = sqlite3_column_int64(stmt, 1);
		l->pending = sqlite3_column_int64(stmt, 2);
		l->audit_count = sqlite3_column_int64(stmt, 3);
		l->audit_pushed = sqlite3_column_int64(stmt, 4);
		l->pull_cursor = sqlite3_column_int64(stmt, 5);
	}
	db_release(db, stmt);
	if (rc != SQLITE_ROW)
		return db_fail(db, cause, _("cannot read the sync state"));
	return 0;
}

/* The outbox row seq, without its payload; *found 0 when there is none. */
int
sync_recover_row(struct db *db, int64_t seq, struct sync_recover_row *r, int *found,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	memset(r, 0, sizeof *r);
	*found = 0;
	stmt = db_prepare(db, "SELECT entity, entity_id, version, op, created_at FROM outbox "
	    "WHERE seq = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, seq);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		r->seq = seq;
		r->entity = db_column_dup(stmt, 0);
		r->entity_id = db_column_dup(stmt, 1);
		r->version = sqlite3_column_int64(stmt, 2);
		r->op = db_column_dup(stmt, 3);
		r->created_at = db_column_dup(stmt, 4);
		*found = 1;
	}
	db_release(db, stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, cause, _("cannot read the sync outbox"));
	return 0;
}

void
sync_recover_row_clear(struct sync_recover_row *r)
{
	free(r->entity);
	free(r->entity_id);
	free(r->op);
	free(r->created_at);
	memset(r, 0, sizeof *r);
}

/*
 * Whether two rows are the same change, payload aside: a change marked sent has lost
 * its My Number here (sync_push_done) and the store keeps its payload as jsonb, so the
 * payloads are not compared; record, version, operation and the time to the millisecond
 * tell one database's change from another's.
 */
int
sync_recover_row_same(const struct sync_recover_row *a, const struct sync_recover_row *b)
{
	return a->seq == b->seq && a->version == b->version &&
	    a->entity != NULL && b->entity != NULL && strcmp(a->entity, b->entity) == 0 &&
	    a->entity_id != NULL && b->entity_id != NULL &&
	    strcmp(a->entity_id, b->entity_id) == 0 &&
	    a->op != NULL && b->op != NULL && strcmp(a->op, b->op) == 0 &&
	    a->created_at != NULL && b->created_at != NULL &&
	    strcmp(a->created_at, b->created_at) == 0;
}

/* Unsent rows with from <= seq < to; -1 on error. */
int64_t
sync_recover_count_unsent(struct db *db, int64_t from, int64_t to)
{
	int64_t	 n;

	if (int64_row(db, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL AND "
	    "seq >= ?1 AND seq < ?2", from, to, &n, NULL) != 0)
		return -1;
	return n;
}

void
sync_recover_plan_clear(struct sync_recover_plan *p)
{
	free(p->reason);
	free(p->office_id);
	memset(p, 0, sizeof *p);
}

/*
 * Unsent rows before seq `before` that the store holds as they are (the lost database
 * sent them): marked sent, as sync_push_done marks what the store acknowledges.
 */
int
sync_recover_mark_sent(struct db *db, int64_t before, char **cause)
{
	sqlite3_stmt	*stmt;

	stmt = db_prepare(db, "UPDATE mynumbers SET central_ack_at = " NOW " WHERE "
	    "central_ack_at IS NULL AND holder_id IN (SELECT entity_id FROM outbox WHERE "
	    "entity = 'mynumber' AND seq < ?1 AND pushed_at IS NULL)", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, before);
	if (db_step_done(db, stmt, _("cannot mark the My Numbers sent"), cause) != 0)
		return -1;
	stmt = db_prepare(db, "UPDATE outbox SET pushed_at = " NOW ", payload = "
	    OUTBOX_SENT_PAYLOAD_SQL " "
	    "WHERE seq < ?1 AND pushed_at IS NULL", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, before);
	return db_step_done(db, stmt, _("cannot mark the changes sent"), cause);
}

/*
 * The unsent rows from seq `from` on take the numbers `shift` higher, after the store's
 * last one: their old numbers belong to the changes the lost database made. In two
 * steps through negative numbers, so that no row meets another's number on the way; the
 * conflicts that name them follow, and AUTOINCREMENT goes on after the highest.
 */
int
sync_recover_renumber(struct db *db, int64_t from, int64_t shift, char **cause)
{
	static const char *const sql[] = {
		"UPDATE outbox SET seq = -seq WHERE pushed_at IS NULL AND seq >= ?1",
		"UPDATE outbox SET seq = -seq + ?2 WHERE seq < 0",
		"UPDATE sync_conflicts SET local_seq = local_seq + ?2 WHERE local_seq >= ?1 AND "
		"status = 'open'",
		"UPDATE sqlite_sequence SET seq = max(seq, (SELECT max(seq) FROM outbox)) "
		"WHERE name = 'outbox' AND ?1 = ?1 AND ?2 = ?2",
	};
	sqlite3_stmt	*stmt;
	size_t		 i;

	for (i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		if ((stmt = db_prepare(db, sql[i], cause)) == NULL)
			return -1;
		sqlite3_bind_int64(stmt, 1, from);
		sqlite3_bind_int64(stmt, 2, shift);
		if (db_step_done(db, stmt, _("cannot renumber the unsent changes"), cause) != 0)
			return -1;
	}
	return 0;
}

/*
 * A change the lost database made, as the store keeps it, back in the outbox under its
 * number and marked sent: the outbox is again the terminal's history as the store holds
 * it. A My Number is not kept in a sent row (sync_push_done).
 */
int
sync_recover_insert_sent(struct db *db, const struct sync_recover_row *r,
    const char *payload, char **cause)
{
	sqlite3_stmt	*stmt;

	stmt = db_prepare(db, "INSERT INTO outbox (seq, terminal_id, entity, entity_id, "
	    "version, op, payload, created_at, pushed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "CASE WHEN ?3 = 'mynumber' THEN json_remove(?7, '$.mynumber') ELSE json(?7) END, "
	    "?8, " NOW ")", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, r->seq);
	sqlite3_bind_text(stmt, 2, db->terminal_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, r->entity, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, r->entity_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, r->version);
	sqlite3_bind_text(stmt, 6, r->op, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, payload, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, r->created_at, -1, SQLITE_STATIC);
	return db_step_done(db, stmt, _("cannot write a recovered change"), cause);
}

/* The unsent changes, oldest first: which records, not what they hold. */
int
sync_recover_pending_list(struct db *db, struct sync_recover_pending **out, size_t *n,
    char **cause)
{
	struct sync_recover_pending	*v = NULL, *p;
	sqlite3_stmt			*stmt;
	size_t				 len = 0;
	int				 rc;

	*out = NULL;
	*n = 0;
	stmt = db_prepare(db, "SELECT seq, entity, entity_id, op, created_at FROM outbox "
	    "WHERE pushed_at IS NULL ORDER BY seq", cause);
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, len + 1, sizeof *v);
		p = &v[len++];
		p->seq = sqlite3_column_int64(stmt, 0);
		p->entity = db_column_dup(stmt, 1);
		p->entity_id = db_column_dup(stmt, 2);
		p->op = db_column_dup(stmt, 3);
		p->created_at = db_column_dup(stmt, 4);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		sync_recover_pending_free(v, len);
		return db_fail(db, cause, _("cannot read the sync outbox"));
	}
	*out = v;
	*n = len;
	return 0;
}

void
sync_recover_pending_free(struct sync_recover_pending *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].entity);
		free(v[i].entity_id);
		free(v[i].op);
		free(v[i].created_at);
	}
	free(v);
}
