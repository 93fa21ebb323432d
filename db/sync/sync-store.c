/* db/sync/: the outbox, batches, acknowledgements, pulled changes, conflicts; libpq client.
 * May use: lib/, db/. */
/*
 * The terminal's side of sync in the local database (SPEC §10; docs/sync.md).
 *
 * Crash safety rests on three transactions, each of which either happens whole or not at
 * all: marking a pushed batch acknowledged (with the conflicts the central store
 * reported), applying a pulled batch together with the cursor that covers it, and moving
 * the acknowledged audit position. A crash between the central commit and the local one
 * sends the same rows again; the central store answers them as before, from (terminal,
 * seq), and the local transaction is the same as the first time.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "audit/audit-head.h"
#include "db-internal.h"
#include "i18n.h"
#include "register/register-internal.h"
#include "retention/retention.h"
#include "sync/outbox.h"
#include "sync/sync-reason.h"
#include "sync/sync-rules.h"
#include "sync/sync-store.h"
#include "xmalloc.h"

/*
 * The synced kinds this terminal applies from other terminals, and where they live.
 * Accounts are office-wide (issue 31): a request taken on one terminal is decided on
 * another, and a revocation stops the person on every terminal at their next key.
 */
struct entity_spec {
	const char	*entity;
	const char	*table;
	const char	*key;		/* key column, and the payload member naming it */
	int		 versioned;	/* the table has a version column */
	int		 insert_only;	/* rows never change once written (history) */
};

static const struct entity_spec entity_specs[] = {
	{ "holder",		"holders",		"id",		1, 0 },
	{ "registration",	"registrations",	"id",		1, 0 },
	{ "event",		"events",		"id",		0, 1 },
	{ "mynumber",		"mynumbers",		"holder_id",	0, 0 },
	/* 交付拒否 of a person not on the register (register-actions.h). */
	{ "refusal",		"refusals",		"id",		0, 1 },
	{ "application",	"applications",		"id",		1, 0 },
	/* Receptions first reach other terminals as their applications do. */
	{ "reception",		"receptions",		"id",		1, 0 },
	/* Sign-offs and acknowledgements of every terminal, for the office's auditor. */
	{ "audit_review",	"audit_reviews",	"id",		0, 1 },
	{ "audit_flag_ack",	"audit_flag_acks",	"id",		0, 1 },
	/* The office's registers: each terminal's report covers the office. */
	{ "incident",		"incidents",		"id",		1, 0 },
	{ "incident_step",	"incident_steps",	"id",		0, 1 },
	{ "training_record",	"training_records",	"id",		0, 1 },
	{ "enquiry",		"enquiries",		"id",		1, 0 },
	{ "attestation",	"attestations",		"id",		0, 1 },
	/* One account register for the office: requests, decisions, revocations. */
	{ "account",		"accounts",		"id",		1, 0 },
	{ "account_period",	"account_periods",	"id",		0, 1 },
	{ "account_change",	"account_changes",	"id",		1, 0 },
	{ "rolefn_change",	"rolefn_changes",	"id",		1, 0 },
	{ "account_login",	"account_logins",	"id",		0, 1 },
	{ NULL,			NULL,			NULL,		0, 0 },
};

/* Payload members whose column has another name. */
static const struct {
	const char	*entity;
	const char	*member;
	const char	*column;
} renames[] = {
	{ "event", "before", "before_json" },
	{ NULL, NULL, NULL },
};

struct table_cols {
	char	**names;
	size_t	  n;
};

struct sync_apply {
	struct db		*db;
	struct sync_options	 opts;
	int			 own_tx;
	struct sync_apply_stats	 stats;
	struct table_cols	 cols[sizeof entity_specs / sizeof entity_specs[0]];
	sqlite3_stmt		*lookup[sizeof entity_specs / sizeof entity_specs[0]];
	/* Kept for the batch, in use from one change to the next. */
	sqlite3_stmt		*names_due;	/* a holder into temp.sync_names_due */
	int			 names_pending;	/* rows in it, to index at the end */
	/*
	 * The statement last built for each table, as an INSERT ([0]) and an UPDATE ([1]),
	 * and the members it was built from ("a,b,c"): the changes of a batch mostly carry
	 * the same members, and building the text again was a tenth of a large pull.
	 */
	char			*shape[sizeof entity_specs / sizeof entity_specs[0]][2];
	sqlite3_stmt		*shape_stmt[sizeof entity_specs / sizeof entity_specs[0]][2];
	/* The values of the change being applied, as its payload's check read them. */
	struct sync_values	 values;
};

static const struct entity_spec *entity_spec_find(const char *, size_t *);
static char	*conflict_target(struct db *, const struct sync_conflict *, int64_t);
static const char *member_column(const char *, const char *);
static int	 table_cols_load(struct sync_apply *, size_t, char **);
static int	 table_has(const struct table_cols *, const char *);
static struct sync_apply *apply_new(struct db *, const struct sync_options *);
static void	 apply_free(struct sync_apply *);
static int	 apply_write(struct sync_apply *, size_t, const struct sync_change *, int,
		    const char *, const struct sync_values *, char **);
static int	 apply_checked(struct sync_apply *, size_t, const struct sync_change *,
		    const char *, char **);
static int	 apply_index_names(struct sync_apply *, const char *, int, char **);
static int	 apply_names_flush(struct sync_apply *, char **);
static int	 member_repeated(const char *, const char *, size_t);
static void	 bind_member(sqlite3_stmt *, int, const struct json_member *);
static int	 conflict_upsert(struct db *, const char *, const struct sync_reason *,
		    const char *, const char *,
		    const char *, int64_t, int64_t, const char *, int64_t, const char *,
		    const char *, char **);
static int	 conflict_from_pull(struct db *, const char *, const struct sync_reason *,
		    const char *, const struct sync_change *, char **);
static int	 conflict_from_push(struct db *, const struct sync_push_conflict *, char **);
static char	*identity_keys_sql(void);
static char	*changed_items(struct db *, const char *, const char *, const char *,
		    const char *, char **);
static int	 identity_trail_check(struct db *, const struct sync_change *, char **);
typedef int	 (*apply_check_fn)(struct sync_apply *, const struct sync_change *, char **);
static int	 refused(struct sync_apply *, const struct sync_change *, int, char *,
		    apply_check_fn, char **);
static int	 shape_refusal(const struct entity_spec *, const struct table_cols *,
		    const char *, char **);
static int	 batch_query(struct db *, const char *, int, struct sync_batch *, char **);
static int	 conflict_row(sqlite3_stmt *, struct sync_conflict *);
static int64_t	 count_query(struct db *, const char *);

static const struct entity_spec *
entity_spec_find(const char *entity, size_t *idx)
{
	size_t	 i;

	for (i = 0; entity_specs[i].entity != NULL; i++) {
		if (strcmp(entity_specs[i].entity, entity) == 0) {
			if (idx != NULL)
				*idx = i;
			return &entity_specs[i];
		}
	}
	return NULL;
}

static const char *
member_column(const char *entity, const char *member)
{
	size_t	 i;

	for (i = 0; renames[i].entity != NULL; i++) {
		if (strcmp(renames[i].entity, entity) == 0 &&
		    strcmp(renames[i].member, member) == 0)
			return renames[i].column;
	}
	return member;
}

static int64_t
count_query(struct db *db, const char *sql)
{
	sqlite3_stmt	*stmt;
	int64_t		 n = -1;

	if (sqlite3_prepare_v2(db->h, sql, -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	db_release(db, stmt);
	return n;
}

void
sync_batch_clear(struct sync_batch *b)
{
	free(b->body);
	memset(b, 0, sizeof *b);
}

/* Runs a "SELECT body, min(seq), max(seq), count(*)" over at most ?1 rows. */
static int
batch_query(struct db *db, const char *sql, int limit, struct sync_batch *b, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	memset(b, 0, sizeof *b);
	if ((stmt = db_prepare(db, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, limit);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		db_fail(db, cause, _("cannot read what is to be sent"));
		db_release(db, stmt);
		return -1;
	}
	b->count = sqlite3_column_int(stmt, 3);
	if (b->count > 0) {
		b->body = db_column_dup(stmt, 0);
		b->first = sqlite3_column_int64(stmt, 1);
		b->last = sqlite3_column_int64(stmt, 2);
	}
	db_release(db, stmt);
	return 0;
}

/*
 * The next unsent outbox rows after seq `after`, oldest first, as the body of a changes
 * batch (format 2): one line per change, "seq entity id version op at payload" separated
 * by tabs. The payload is JSON as SQLite wrote it, which has no raw tab or newline; one
 * that has (whitespace between tokens) goes through json() first. The central store
 * checks every field. The lines are laid out here rather than in SQL: every string SQL
 * builds is an allocation, which SQLCipher's memory security locks and wipes, and a
 * batch of 10,000 rows made some 150,000 of them.
 */
int
sync_next_batch(struct db *db, int64_t after, int limit, struct sync_batch *b, char **cause)
{
	sqlite3_stmt	*stmt;
	FILE		*f;
	char		*text = NULL;
	size_t		 len = 0;
	int		 rc, bad, lost = 0;

	memset(b, 0, sizeof *b);
	/*
	 * MATERIALIZED: a payload the outbox left to its record's view is made once, not
	 * again for each time the CASE names it.
	 */
	stmt = db_prepare(db, "WITH b AS MATERIALIZED (SELECT seq, entity, entity_id, "
	    "version, op, created_at, payload FROM outbox_full WHERE pushed_at IS NULL AND "
	    "seq > ?1 ORDER BY seq LIMIT ?2) SELECT seq, entity, entity_id, version, op, "
	    "created_at, CASE WHEN instr(payload, char(9)) = 0 AND instr(payload, char(10)) = "
	    "0 THEN payload ELSE json(payload) END FROM b ORDER BY seq", cause);
	if (stmt == NULL)
		return -1;
	if ((f = open_memstream(&text, &len)) == NULL) {
		xasprintf(cause, "%s", _("cannot build the sync batch"));
		db_release(db, stmt);
		return -1;
	}
	sqlite3_bind_int64(stmt, 1, after);
	sqlite3_bind_int(stmt, 2, limit);
	/*
	 * Every column is NOT NULL (migration 0001) but a payload the outbox left to its
	 * record's view (migration 36) when the record is no longer at the row's version: the
	 * triggers that keep it are then gone, and what the change was is not known here.
	 */
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (sqlite3_column_type(stmt, 6) == SQLITE_NULL) {
			xasprintf(cause, _("the change %lld (%s %s, version %lld) cannot be "
			    "sent: its record is no longer at that version and the outbox has no "
			    "copy of it; nothing was sent"),
			    (long long)sqlite3_column_int64(stmt, 0), sqlite3_column_text(stmt, 1),
			    sqlite3_column_text(stmt, 2),
			    (long long)sqlite3_column_int64(stmt, 3));
			lost = 1;
			break;
		}
		if (b->count++ == 0)
			b->first = sqlite3_column_int64(stmt, 0);
		b->last = sqlite3_column_int64(stmt, 0);
		fprintf(f, "%s%lld\t%s\t%s\t%lld\t%s\t%s\t%s", b->count > 1 ? "\n" : "",
		    (long long)b->last, sqlite3_column_text(stmt, 1),
		    sqlite3_column_text(stmt, 2), (long long)sqlite3_column_int64(stmt, 3),
		    sqlite3_column_text(stmt, 4), sqlite3_column_text(stmt, 5),
		    sqlite3_column_text(stmt, 6));
	}
	if (lost)
		rc = SQLITE_ERROR;
	else if (rc != SQLITE_DONE)
		db_fail(db, cause, _("cannot read what is to be sent"));
	db_release(db, stmt);
	/* fclose makes text final; a failed write (memory) leaves the stream's error set. */
	bad = ferror(f);
	if (fclose(f) != 0 || bad) {
		if (rc == SQLITE_DONE)
			xasprintf(cause, "%s", _("cannot build the sync batch"));
		rc = SQLITE_NOMEM;
	}
	if (rc != SQLITE_DONE || b->count == 0) {
		free(text);
		memset(b, 0, sizeof *b);
		return rc == SQLITE_DONE ? 0 : -1;
	}
	b->body = text;
	return 0;
}

/*
 * A conflict is opened once per record; what happens to the record later joins it: the
 * local side moves to the newest local change, the remote side to the newest central
 * version. A pulled payload that is not JSON at all (the store sends jsonb's text: a
 * damaged or forged answer) is kept as a JSON string of its text, since the queue's
 * columns take JSON only: the change waits there for a supervisor instead of stopping
 * every pull at it. Taking it fails with "not a JSON object".
 */
static int
conflict_upsert(struct db *db, const char *source, const struct sync_reason *reason,
    const char *kind,
    const char *entity, const char *entity_id, int64_t local_seq, int64_t local_version,
    const char *local_payload, int64_t remote_version, const char *remote_payload,
    const char *remote_terminal, char **cause)
{
	sqlite3_stmt	*stmt;

	stmt = db_prepare(db, "INSERT INTO sync_conflicts (entity, entity_id, source, reason, "
	    "local_seq, local_version, local_payload, remote_version, remote_payload, "
	    "remote_terminal, opened_at, updated_at, cause, reason_ja) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, CASE WHEN ?9 IS NULL OR json_valid(?9) THEN ?9 ELSE json_quote(?9) END, "
	    "?10, " NOW ", " NOW ", ?11, ?12) ON CONFLICT (entity, entity_id) WHERE status = "
	    "'open' DO UPDATE SET "
	    "cause = CASE WHEN cause = '' THEN excluded.cause ELSE cause END, "
	    "local_version = CASE WHEN coalesce(excluded.local_seq, 0) >= "
	    "coalesce(local_seq, 0) AND excluded.local_payload IS NOT NULL THEN "
	    "excluded.local_version ELSE local_version END, "
	    "local_payload = CASE WHEN coalesce(excluded.local_seq, 0) >= "
	    "coalesce(local_seq, 0) AND excluded.local_payload IS NOT NULL THEN "
	    "excluded.local_payload ELSE local_payload END, "
	    "local_seq = max(coalesce(excluded.local_seq, 0), coalesce(local_seq, 0)), "
	    "remote_payload = CASE WHEN excluded.remote_payload IS NOT NULL AND "
	    "coalesce(excluded.remote_version, 0) >= coalesce(remote_version, 0) THEN "
	    "excluded.remote_payload ELSE remote_payload END, "
	    "remote_terminal = CASE WHEN excluded.remote_payload IS NOT NULL AND "
	    "coalesce(excluded.remote_version, 0) >= coalesce(remote_version, 0) THEN "
	    "excluded.remote_terminal ELSE remote_terminal END, "
	    "remote_version = max(coalesce(excluded.remote_version, 0), "
	    "coalesce(remote_version, 0)), "
	    "reason_ja = CASE WHEN reason = '' THEN excluded.reason_ja ELSE reason_ja END, "
	    "reason = CASE WHEN reason = '' THEN excluded.reason ELSE reason END, "
	    "updated_at = excluded.updated_at", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, entity, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, entity_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, reason != NULL && reason->en != NULL ? reason->en : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 12, reason != NULL && reason->ja != NULL ? reason->ja : "", -1,
	    SQLITE_STATIC);
	if (local_seq > 0)
		sqlite3_bind_int64(stmt, 5, local_seq);
	if (local_payload != NULL) {
		sqlite3_bind_int64(stmt, 6, local_version);
		sqlite3_bind_text(stmt, 7, local_payload, -1, SQLITE_STATIC);
	}
	if (remote_version > 0)
		sqlite3_bind_int64(stmt, 8, remote_version);
	if (remote_payload != NULL)
		sqlite3_bind_text(stmt, 9, remote_payload, -1, SQLITE_STATIC);
	if (remote_terminal != NULL)
		sqlite3_bind_text(stmt, 10, remote_terminal, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, kind != NULL ? kind : "", -1, SQLITE_STATIC);
	return db_step_done(db, stmt, _("cannot record a sync conflict"), cause);
}

/*
 * The central store refused one of our changes. Unless a resolution of that record was
 * queued after it (the supervisor already chose), it opens or joins the record's conflict.
 */
static int
conflict_from_push(struct db *db, const struct sync_push_conflict *pc, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*entity = NULL, *id = NULL, *payload = NULL;
	int64_t		 version = 0;
	int		 superseded = 0, rc = -1;

	stmt = db_prepare(db, "SELECT o.entity, o.entity_id, o.version, o.payload, EXISTS "
	    "(SELECT 1 FROM outbox r WHERE r.entity = 'sync.resolve' AND r.entity_id = "
	    "o.entity_id AND json_extract(r.payload, '$.entity') = o.entity AND r.seq > o.seq) "
	    "FROM outbox_full o WHERE o.seq = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, pc->seq);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		entity = db_column_dup(stmt, 0);
		id = db_column_dup(stmt, 1);
		version = sqlite3_column_int64(stmt, 2);
		payload = db_column_dup(stmt, 3);
		superseded = sqlite3_column_int(stmt, 4);
	}
	db_release(db, stmt);
	if (entity == NULL) {
		xasprintf(cause, _("the central store reported a conflict for change %lld, "
		    "which this terminal does not have"), (long long)pc->seq);
		goto out;
	}
	if (strcmp(entity, "sync.resolve") == 0 || superseded) {
		rc = 0;
		goto out;
	}
	rc = conflict_upsert(db, "push", NULL, "", entity, id, pc->seq, version, payload,
	    pc->central_version, pc->central_payload, pc->central_terminal, cause);
	if (rc == 0 && strcmp(entity, "mynumber") == 0) {
		/* Not acknowledged after all: the number stays until a supervisor chooses. */
		stmt = db_prepare(db, "UPDATE mynumbers SET central_ack_at = NULL WHERE "
		    "holder_id = ?1", cause);
		if (stmt == NULL)
			rc = -1;
		else {
			sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
			rc = db_step_done(db, stmt, _("cannot update the My Number"), cause);
		}
	}
out:
	free(entity);
	free(id);
	free(payload);
	return rc;
}

/*
 * My Numbers the central store holds, past local_mynumber_retention_days (0: at once),
 * leave this terminal, with their erasure record (消去記録) in the same transaction.
 */
static const struct actor sync_erasure_who = { "madoguchi-sync", "system", "", 0 };

/* The acknowledgement time past which a My Number goes, ?1 the retention in days. */
#define ACK_CUTOFF "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || ?1 || ' days')"

static int
mynumbers_erase(struct db *db, int days, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*cutoff = NULL, *oldest = NULL, *newest = NULL, *approved;
	int64_t		 n = 0;
	int		 rc = -1;

	/*
	 * Through mynumbers_acknowledged (migration 38), after every pushed batch: the
	 * table holds every My Number not acknowledged yet. 'now' is one time throughout
	 * a statement, so both cutoffs are the same.
	 */
	stmt = db_prepare(db, "SELECT " ACK_CUTOFF ", count(*), min(central_ack_at), "
	    "max(central_ack_at) FROM mynumbers WHERE central_ack_at IS NOT NULL AND "
	    "central_ack_at <= " ACK_CUTOFF, cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, days);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		cutoff = db_column_dup(stmt, 0);
		n = sqlite3_column_int64(stmt, 1);
		oldest = db_column_dup(stmt, 2);
		newest = db_column_dup(stmt, 3);
	}
	db_release(db, stmt);
	if (cutoff == NULL) {
		db_fail(db, cause, _("cannot remove acknowledged My Numbers"));
		goto out;
	}
	if (n == 0) {
		rc = 0;
		goto out;
	}
	stmt = db_prepare(db, "DELETE FROM mynumbers WHERE central_ack_at IS NOT NULL AND "
	    "central_ack_at <= ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, cutoff, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot remove acknowledged My Numbers"), cause) != 0)
		goto out;
	xasprintf(&approved, "automatic under local_mynumber_retention_days = %d", days);
	rc = retention_record_rows(db, &sync_erasure_who, "mynumbers_acknowledged", days,
	    cutoff,
	    sqlite3_changes(db->h), oldest, newest, approved, cause);
	free(approved);
out:
	free(cutoff);
	free(oldest);
	free(newest);
	return rc;
}

/*
 * The central store committed the batch: its rows are acknowledged, in one transaction
 * with the conflicts it reported. My Numbers it now holds are marked (and, with
 * local_mynumber_retention_days = 0, removed here: SPEC §9), and the outbox forgets them.
 */
int
sync_push_done(struct db *db, const struct sync_batch *b,
    const struct sync_push_conflict *conflicts, size_t n, const struct sync_options *opts,
    char **cause)
{
	sqlite3_stmt	*stmt;
	size_t		 i;
	int		 rc = -1;

	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "UPDATE mynumbers SET central_ack_at = " NOW " WHERE "
	    "central_ack_at IS NULL AND holder_id IN (SELECT entity_id FROM outbox WHERE "
	    "entity = 'mynumber' AND seq BETWEEN ?1 AND ?2 AND pushed_at IS NULL)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_int64(stmt, 1, b->first);
	sqlite3_bind_int64(stmt, 2, b->last);
	if (db_step_done(db, stmt, _("cannot mark the My Numbers sent"), cause) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (conflict_from_push(db, &conflicts[i], cause) != 0)
			goto out;
	}
	stmt = db_prepare(db, "UPDATE outbox SET pushed_at = " NOW ", payload = "
	    OUTBOX_SENT_PAYLOAD_SQL " "
	    "WHERE seq BETWEEN ?1 AND ?2 AND pushed_at IS NULL", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_int64(stmt, 1, b->first);
	sqlite3_bind_int64(stmt, 2, b->last);
	if (db_step_done(db, stmt, _("cannot mark the changes sent"), cause) != 0)
		goto out;
	if (mynumbers_erase(db, opts != NULL ? opts->mynumber_retention_days : 0, cause) != 0)
		goto out;
	rc = 0;
out:
	return db_finish(db, rc, cause);
}

static struct sync_apply *
apply_new(struct db *db, const struct sync_options *opts)
{
	struct sync_apply	*a;

	a = xcalloc(1, sizeof *a);
	a->db = db;
	if (opts != NULL)
		a->opts = *opts;
	return a;
}

static void
apply_free(struct sync_apply *a)
{
	size_t	 i, j;

	if (a == NULL)
		return;
	for (i = 0; i < sizeof a->cols / sizeof a->cols[0]; i++) {
		for (j = 0; j < a->cols[i].n; j++)
			free(a->cols[i].names[j]);
		free(a->cols[i].names);
		db_release(a->db, a->lookup[i]);
		for (j = 0; j < 2; j++) {
			free(a->shape[i][j]);
			db_release(a->db, a->shape_stmt[i][j]);
		}
	}
	sync_values_free(&a->values);
	/* A batch given up: in its transaction's rollback already, unless the caller's. */
	if (a->names_pending)
		(void)db_exec(a->db, "DELETE FROM temp.sync_names_due", NULL);
	db_release(a->db, a->names_due);
	free(a);
}

static int
table_cols_load(struct sync_apply *a, size_t idx, char **cause)
{
	struct table_cols	*tc = &a->cols[idx];
	sqlite3_stmt		*stmt;

	if (tc->names != NULL)
		return 0;
	stmt = db_prepare(a->db, "SELECT name FROM pragma_table_info(?1)", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, entity_specs[idx].table, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		tc->names = xreallocarray(tc->names, tc->n + 1, sizeof *tc->names);
		tc->names[tc->n++] = db_column_dup(stmt, 0);
	}
	db_release(a->db, stmt);
	if (tc->n == 0) {
		xasprintf(cause, _("table %s is missing"), entity_specs[idx].table);
		return -1;
	}
	return 0;
}

static int
table_has(const struct table_cols *tc, const char *name)
{
	size_t	 i;

	for (i = 0; i < tc->n; i++) {
		if (strcmp(tc->names[i], name) == 0)
			return 1;
	}
	return 0;
}

/*
 * Whether the members "a,b,c" of a change can be written to sp's table: each a column
 * name, once, of a column this terminal has (a member with a leading '_' is the change's
 * trail, sync-rules.h, no column). 0, or 1 with *why.
 */
static int
shape_refusal(const struct entity_spec *sp, const struct table_cols *tc, const char *shape,
    char **why)
{
	char		*names, *rest, *member;
	const char	*col;
	size_t		 m;
	int		 rc = 0;

	names = xstrdup(shape);
	rest = names;
	for (m = 0; *shape != '\0' && (member = strsep(&rest, ",")) != NULL; m++) {
		if (strspn(member, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(member) ||
		    *member == '\0') {
			xasprintf(why, _("member \"%s\" is not a column name"), member);
			rc = 1;
			break;
		}
		/*
		 * Each member once: the store's payloads (jsonb) cannot hold one twice, and
		 * which of two values would be written is not for this code to choose.
		 */
		if (member_repeated(shape, member, m)) {
			xasprintf(why, _("member \"%s\" appears twice"), member);
			rc = 1;
			break;
		}
		if (*member == '_')
			continue;
		col = member_column(sp->entity, member);
		if (!table_has(tc, col) || strcmp(col, "version") == 0) {
			xasprintf(why, _("this terminal has no column %s.%s (newer terminal "
			    "software elsewhere?)"), sp->table, col);
			rc = 1;
			break;
		}
	}
	free(names);
	return rc;
}

/*
 * Writes a change's payload into its table: an INSERT when the row is new, an UPDATE of
 * the members present otherwise (an application's decision carries only the decided
 * fields). Member names must be columns of the table: a member this version does not know
 * is refused, not dropped. Returns 0, -1 with *cause for a database failure, or 1 with
 * *cause when this change cannot be applied here (it then goes to the conflict queue).
 */
static int
apply_write(struct sync_apply *a, size_t idx, const struct sync_change *c, int exists,
    const char *shape, const struct sync_values *values, char **cause)
{
	const struct entity_spec *sp = &entity_specs[idx];
	struct table_cols	*tc = &a->cols[idx];
	sqlite3_stmt		*stmt;
	char			*cols = NULL, *vals = NULL, *sql = NULL, *next, *names = NULL;
	char			*member, *rest;
	const char		*col;
	int			 rc = -1, n = 0, has_updated = 0, has_created = 0;
	int			 has_recorded = 0, i, nparams;
	size_t			 m;

	/* Built, and its members checked, for an earlier change of this batch. */
	if (a->shape[idx][exists] != NULL && strcmp(shape, a->shape[idx][exists]) == 0)
		goto run;
	if ((rc = shape_refusal(sp, tc, shape, cause)) != 0)
		goto out;
	rc = -1;
	cols = xstrdup("");
	vals = xstrdup("");
	/*
	 * The members in the payload's order, "a,b,c" (sync_payload_values): member m is
	 * values->v[m], bound as parameter ?(4 + m).
	 */
	names = xstrdup(shape);
	rest = names;
	for (m = 0; *shape != '\0' && (member = strsep(&rest, ",")) != NULL; m++) {
		/* A member with a leading '_' is the change's trail (sync-rules.h), no column. */
		if (*member == '_')
			continue;
		col = member_column(sp->entity, member);
		if (exists && strcmp(col, sp->key) == 0)
			continue;
		has_created |= strcmp(col, "created_at") == 0;
		has_updated |= strcmp(col, "updated_at") == 0;
		has_recorded |= strcmp(col, "recorded_at") == 0;
		if (exists)
			xasprintf(&next, "%s%s%s = ?%zu", cols, n > 0 ? ", " : "", col, 4 + m);
		else
			xasprintf(&next, "%s%s%s", cols, n > 0 ? ", " : "", col);
		free(cols);
		cols = next;
		if (!exists) {
			xasprintf(&next, "%s%s?%zu", vals, n > 0 ? ", " : "", 4 + m);
			free(vals);
			vals = next;
		}
		n++;
	}

	if (exists) {
		if (sp->versioned) {
			xasprintf(&next, "%s%sversion = ?2", cols, n > 0 ? ", " : "");
			free(cols);
			cols = next;
			n++;
		}
		if (!has_updated && table_has(tc, "updated_at")) {
			xasprintf(&next, "%s%supdated_at = %s", cols, n > 0 ? ", " : "", NOW);
			free(cols);
			cols = next;
			n++;
		}
		if (n == 0) {
			rc = 0;
			goto out;
		}
		xasprintf(&sql, "UPDATE %s SET %s WHERE %s = ?3", sp->table, cols, sp->key);
	} else {
		if (sp->versioned) {
			xasprintf(&next, "%s, version", cols);
			free(cols);
			cols = next;
			xasprintf(&next, "%s, ?2", vals);
			free(vals);
			vals = next;
		}
		if (!has_created && table_has(tc, "created_at")) {
			xasprintf(&next, "%s, created_at", cols);
			free(cols);
			cols = next;
			xasprintf(&next, "%s, %s", vals, NOW);
			free(vals);
			vals = next;
		}
		if (!has_updated && table_has(tc, "updated_at")) {
			xasprintf(&next, "%s, updated_at", cols);
			free(cols);
			cols = next;
			xasprintf(&next, "%s, %s", vals, NOW);
			free(vals);
			vals = next;
		}
		if (!has_recorded && table_has(tc, "recorded_at")) {
			xasprintf(&next, "%s, recorded_at", cols);
			free(cols);
			cols = next;
			xasprintf(&next, "%s, %s", vals, NOW);
			free(vals);
			vals = next;
		}
		xasprintf(&sql, "INSERT INTO %s (%s) VALUES (%s)", sp->table, cols, vals);
	}
	free(a->shape[idx][exists]);
	db_release(a->db, a->shape_stmt[idx][exists]);
	a->shape[idx][exists] = NULL;
	if ((a->shape_stmt[idx][exists] = db_prepare(a->db, sql, cause)) == NULL)
		goto out;
	/* Kept prepared for the batch, as the shape it was built from. */
	a->shape[idx][exists] = xstrdup(shape);
run:
	stmt = a->shape_stmt[idx][exists];
	nparams = sqlite3_bind_parameter_count(stmt);
	for (i = 0; i < (int)values->n && 4 + i <= nparams; i++)
		bind_member(stmt, 4 + i, &values->read.members[i]);
	if (sp->versioned)
		sqlite3_bind_int64(stmt, 2, c->version);
	if (exists)
		sqlite3_bind_text(stmt, 3, c->entity_id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		/* A constraint of this database refuses it: a person must look. */
		xasprintf(cause, "%s", sqlite3_errmsg(a->db->h));
		sqlite3_reset(stmt);
		rc = 1;
		goto out;
	}
	sqlite3_reset(stmt);
	rc = 0;
	if (strcmp(sp->entity, "holder") == 0 &&
	    apply_index_names(a, c->entity_id, exists, cause) != 0)
		rc = -1;
out:
	free(names);
	free(cols);
	free(vals);
	free(sql);
	return rc;
}

/*
 * A payload member's value as SQLite's JSON functions give it. The text stays where it is
 * (SQLITE_STATIC) until the next payload is read, after this statement has run.
 */
static void
bind_member(sqlite3_stmt *stmt, int i, const struct json_member *m)
{
	switch (m->type) {
	case JSON_NULL:
		sqlite3_bind_null(stmt, i);
		break;
	case JSON_INTEGER:
	case JSON_TRUE:
	case JSON_FALSE:
		sqlite3_bind_int64(stmt, i, m->integer);
		break;
	case JSON_REAL:
		sqlite3_bind_double(stmt, i, strtod(m->text, NULL));
		break;
	case JSON_TEXT:
	case JSON_ARRAY:
	case JSON_OBJECT:
		sqlite3_bind_text(stmt, i, m->text, (int)m->len, SQLITE_STATIC);
		break;
	}
}

/* Whether member, the m-th of shape ("a,b,c"), is also one of the members before it. */
static int
member_repeated(const char *shape, const char *member, size_t m)
{
	size_t	 len = strlen(member), i;
	const char *p = shape;

	for (i = 0; i < m; i++) {
		if (strncmp(p, member, len) == 0 && (p[len] == ',' || p[len] == '\0'))
			return 1;
		p = strchr(p, ',') + 1;
	}
	return 0;
}

/*
 * What reg_index_names does, for the whole batch at its end (apply_names_flush): the
 * holders written are noted here, each with whether the index held it before the batch
 * (its first change in the batch says). FTS5 writes out what it holds in memory at the
 * start of every statement that may have to be undone by itself (its xSavepoint), so a
 * name indexed holder by holder among the batch's other statements was a segment of its
 * own, merged again and again: with 10,000 holders pulled, 32,000 blocks of the index
 * written and 10,800 segments dropped. At the end, one statement indexes them all: one
 * segment a batch, and a pull of 40,000 changes took a fifth less processor time (1.09 s
 * instead of 1.34, medians of 5 alternated runs). Nothing reads the index before the
 * batch commits.
 */
static int
apply_index_names(struct sync_apply *a, const char *holder_id, int replace, char **cause)
{
	int	 rc;

	if (a->names_due == NULL &&
	    (db_exec(a->db, "CREATE TEMP TABLE IF NOT EXISTS sync_names_due (id TEXT PRIMARY "
	    "KEY, replace INTEGER NOT NULL) WITHOUT ROWID", cause) != 0 ||
	    (a->names_due = db_prepare(a->db, "INSERT OR IGNORE INTO temp.sync_names_due "
	    "(id, replace) VALUES (?1, ?2)", cause)) == NULL))
		return -1;
	sqlite3_bind_text(a->names_due, 1, holder_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(a->names_due, 2, replace);
	rc = sqlite3_step(a->names_due);
	sqlite3_reset(a->names_due);
	if (rc != SQLITE_DONE)
		return db_fail(a->db, cause, _("cannot index the holder's name"));
	a->names_pending = 1;
	return 0;
}

/* The names of the holders noted in the batch: the old entries out, the new in. */
static int
apply_names_flush(struct sync_apply *a, char **cause)
{
	if (!a->names_pending)
		return 0;
	a->names_pending = 0;
	return db_exec(a->db, "DELETE FROM holder_names WHERE rowid IN (SELECT h.rowid FROM "
	    "temp.sync_names_due d JOIN holders h ON h.id = d.id WHERE d.replace); "
	    "INSERT INTO holder_names (rowid, names) SELECT rowid, " REG_NAMES_SQL " FROM "
	    "holders WHERE id IN (SELECT id FROM temp.sync_names_due) ORDER BY rowid; "
	    "DELETE FROM temp.sync_names_due", cause);
}

/* "'family_name', 'given_name', …": the identity items of a holder, for SQL. */
static char *
identity_keys_sql(void)
{
	const struct reg_item	*it;
	char			*list = xstrdup(""), *next;

	for (it = reg_holder_items; it->key != NULL; it++) {
		if ((it->flags & REG_IDENTITY) == 0)
			continue;
		xasprintf(&next, "%s%s'%s'", list, *list != '\0' ? ", " : "", it->key);
		free(list);
		list = next;
	}
	return list;
}

/*
 * The identity items of payload whose value is not the one in other, space-separated, ""
 * when none, or NULL with *cause when the database fails. other is a JSON object, and then
 * only the items named in among (space-separated) are compared; or NULL, and then other is
 * the holder's row here, by id.
 */
static char *
changed_items(struct db *db, const char *payload, const char *other, const char *among,
    const char *holder_id, char **cause)
{
	static char	*keys, *sql_row, *sql_json;
	sqlite3_stmt	*stmt;
	char		*items, *obj;

	if (keys == NULL) {
		keys = identity_keys_sql();
		obj = reg_json_object_sql(reg_holder_items);
		xasprintf(&sql_row, "SELECT coalesce(group_concat(j.key, ' '), '') FROM "
		    "json_each(?1) j, (SELECT %s AS here FROM holders WHERE id = ?2) h WHERE "
		    "j.key IN (%s) AND CAST(j.atom AS TEXT) IS NOT CAST(json_extract(h.here, "
		    "'$.' || j.key) AS TEXT)", obj, keys);
		xasprintf(&sql_json, "SELECT coalesce(group_concat(j.key, ' '), '') FROM "
		    "json_each(?1) j WHERE j.key IN (%s) AND ' ' || ?3 || ' ' LIKE '%% ' || "
		    "j.key || ' %%' AND CAST(j.atom AS TEXT) IS NOT CAST(json_extract(?2, "
		    "'$.' || j.key) AS TEXT)", keys);
		free(obj);
	}
	if ((stmt = db_prepare(db, other == NULL ? sql_row : sql_json, cause)) == NULL)
		return NULL;
	sqlite3_bind_text(stmt, 1, payload, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, other == NULL ? holder_id : other, -1, SQLITE_STATIC);
	if (other != NULL)
		sqlite3_bind_text(stmt, 3, among, -1, SQLITE_STATIC);
	/* An aggregate: one row always, unless the database fails (then no "no change"). */
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		db_fail(db, cause, _("cannot compare a holder's identity items"));
		db_release(db, stmt);
		return NULL;
	}
	items = db_column_dup(stmt, 0);
	db_release(db, stmt);
	return items != NULL ? items : xstrdup("");
}

/*
 * Identity items are changed only by an application a supervisor approved (SPEC §4), and a
 * holder's change from another terminal must show it: its trail (_application,
 * _approved_by, written by reg_outbox_holder) names an application this terminal has, of a
 * kind that changes identity items, for this holder, approved by someone other than its
 * requester, and holding the very values the change brings. Returns 0, 1 with *why (the
 * change goes to a supervisor), or -1 with *why.
 */
static int
identity_trail_check(struct db *db, const struct sync_change *c, char **why)
{
	sqlite3_stmt	*stmt;
	char		*changed, *app = NULL, *approver = NULL, *kind = NULL, *holder = NULL;
	char		*requester = NULL, *values = NULL, *differ = NULL;
	int		 rc;

	if ((changed = changed_items(db, c->payload, NULL, NULL, c->entity_id, why)) == NULL)
		return -1;
	if (*changed == '\0') {
		free(changed);
		return 0;
	}
	stmt = db_prepare(db, "SELECT json_extract(?1, '$._application'), json_extract(?1, "
	    "'$._approved_by'), a.kind, a.holder_id, a.requested_by, a.payload FROM "
	    "(SELECT 1) LEFT JOIN applications a ON a.id = json_extract(?1, '$._application')",
	    why);
	if (stmt == NULL) {
		free(changed);
		return -1;
	}
	sqlite3_bind_text(stmt, 1, c->payload, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		app = db_column_dup(stmt, 0);
		approver = db_column_dup(stmt, 1);
		kind = db_column_dup(stmt, 2);
		holder = db_column_dup(stmt, 3);
		requester = db_column_dup(stmt, 4);
		values = db_column_dup(stmt, 5);
	}
	db_release(db, stmt);

	rc = 1;
	if (app == NULL || approver == NULL)
		xasprintf(why, _("identity items changed without the approved application that "
		    "changed them: %s"), changed);
	else if (kind == NULL)
		xasprintf(why, _("identity items changed by application %s, which this terminal "
		    "does not have: %s"), app, changed);
	else if ((strcmp(kind, "correction") != 0 && strcmp(kind, "reissue") != 0) ||
	    holder == NULL || strcmp(holder, c->entity_id) != 0)
		xasprintf(why, _("identity items changed by application %s, which does not "
		    "correct this holder: %s"), app, changed);
	else if (requester != NULL && strcmp(requester, approver) == 0)
		xasprintf(why, _("identity items changed by application %s, approved by its own "
		    "requester %s"), app, approver);
	else if ((differ = changed_items(db, c->payload, values != NULL ? values : "{}",
	    changed, NULL, why)) == NULL)
		rc = -1;
	else if (*differ != '\0')
		xasprintf(why, _("identity items not as application %s has them: %s"), app,
		    differ);
	else
		rc = 0;
	free(differ);
	free(changed);
	free(app);
	free(approver);
	free(kind);
	free(holder);
	free(requester);
	free(values);
	return rc;
}

/* A check that refused a pulled change, to be run again for its reason's wordings. */
struct refusal {
	struct sync_apply		*a;
	const struct sync_change	*c;
	apply_check_fn			 check;
	const char			*why;	/* the wording of the first run */
};

static char *
refusal_reason(const void *arg)
{
	const struct refusal	*f = arg;
	char			*why = NULL, *reason;
	int			 rc;

	rc = f->check(f->a, f->c, &why);
	xasprintf(&reason, _("refused by this terminal's checks: %s"), rc == 1 ? why : f->why);
	free(why);
	return reason;
}

static int
payload_check(struct sync_apply *a, const struct sync_change *c, char **why)
{
	(void)a;
	return sync_payload_check(c->entity, c->payload, NULL, why);
}

static int
identity_check(struct sync_apply *a, const struct sync_change *c, char **why)
{
	return identity_trail_check(a->db, c, why);
}

/*
 * A change this terminal's checks refused (check returned rc, 1 or -1, with why): to the
 * conflict queue with the reason, or the database's failure passed on. The check runs
 * again in each language for the reason's wordings; it gives the same answer, reading
 * only the change and the transaction's database.
 */
static int
refused(struct sync_apply *a, const struct sync_change *c, int rc, char *why,
    apply_check_fn check, char **cause)
{
	struct refusal		 f = { a, c, check, why };
	struct sync_reason	 reason;

	if (rc < 0) {
		*cause = why;
		return -1;
	}
	a->stats.conflicts++;
	sync_reason_word(&reason, refusal_reason, &f);
	free(why);
	rc = conflict_from_pull(a->db, "apply", &reason, "checks", c, cause);
	sync_reason_free(&reason);
	return rc;
}

/*
 * Why this database refused to write a pulled change, as the word the conflict queue
 * groups by: its certificate number is held by another registration here; or the record
 * it belongs to (an event's registration, a registration's holder) waits in the queue
 * itself, so that a registration in conflict takes its events with it.
 */
static const char *
apply_failure_kind(struct db *db, const struct sync_change *c, const char *why)
{
	sqlite3_stmt	*stmt;
	int		 follows = 0;

	if (why == NULL)
		return "other";
	if (strstr(why, "registrations.certificate_number") != NULL)
		return "number-taken";
	if (strstr(why, "FOREIGN KEY") == NULL || c->payload == NULL)
		return "other";
	/* Two probes of sync_conflicts_open: one OR across both would scan the open queue. */
	stmt = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM sync_conflicts WHERE status = "
	    "'open' AND entity = 'registration' AND entity_id = json_extract(?1, "
	    "'$.registration_id')) OR EXISTS (SELECT 1 FROM sync_conflicts WHERE status = "
	    "'open' AND entity = 'holder' AND entity_id = json_extract(?1, '$.holder_id'))",
	    NULL);
	if (stmt == NULL)
		return "other";
	sqlite3_bind_text(stmt, 1, c->payload, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		follows = sqlite3_column_int(stmt, 0);
	db_release(db, stmt);
	return follows ? "follows" : "other";
}

/* A remote change meets unsent local changes of the same record. */
static int
conflict_from_pull(struct db *db, const char *source, const struct sync_reason *reason,
    const char *kind, const struct sync_change *c, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*payload = NULL;
	int64_t		 seq = 0, version = 0;
	int		 rc;

	/* One probe of outbox_record (migration 10), however long the outbox is. */
	stmt = db_prepare(db, "SELECT seq, version, payload FROM outbox_full WHERE entity = ?2 "
	    "AND entity_id = ?1 ORDER BY seq DESC LIMIT 1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, c->entity_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, c->entity, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		seq = sqlite3_column_int64(stmt, 0);
		version = sqlite3_column_int64(stmt, 1);
		payload = db_column_dup(stmt, 2);
	}
	db_release(db, stmt);
	rc = conflict_upsert(db, source, reason, kind, c->entity, c->entity_id, seq, version,
	    payload, c->version, c->payload, c->terminal_id, cause);
	free(payload);
	return rc;
}

int
sync_apply_begin(struct db *db, const struct sync_options *opts, struct sync_apply **out,
    char **cause)
{
	struct sync_apply	*a;

	*out = NULL;
	if (db_begin(db, cause) != 0)
		return -1;
	a = apply_new(db, opts);
	a->own_tx = 1;
	*out = a;
	return 0;
}

/*
 * Applying inside the caller's transaction (sync-recover: a restored terminal takes back
 * its lost changes in the same transaction as the rest of its recovery); sync_apply_end
 * then neither commits nor rolls back.
 */
int
sync_apply_within(struct db *db, const struct sync_options *opts, struct sync_apply **out)
{
	*out = apply_new(db, opts);
	return 0;
}

/*
 * One change from the office log. The rules (docs/sync.md): own changes and versions
 * already here are passed over; a record with an open conflict or with unsent local
 * changes goes to the conflict queue; anything else is written, and a change this
 * database refuses goes to the queue too. Never is a local change overwritten.
 */
int
sync_apply_change(struct sync_apply *a, const struct sync_change *c, char **cause)
{
	const struct entity_spec *sp;
	char			*shape = NULL, *why = NULL;
	size_t			 idx;
	int			 rc;

	if (!c->recovered && c->terminal_id != NULL &&
	    strcmp(c->terminal_id, a->db->terminal_id) == 0) {
		a->stats.own++;
		return 0;
	}
	if ((sp = entity_spec_find(c->entity, &idx)) == NULL || c->payload == NULL ||
	    (strcmp(sp->entity, "mynumber") == 0 && a->opts.mynumber_retention_days == 0)) {
		/* Not kept here; a My Number stays central when none is kept locally. */
		a->stats.skipped++;
		return 0;
	}
	/*
	 * Every value is checked with the forms' rules before anything is written: a change
	 * that fails them (a terminal, or whoever holds its keys, sending what no form here
	 * would take) goes to a supervisor, not into the register.
	 */
	if ((rc = sync_payload_values(c->entity, c->payload, &shape, &a->values,
	    &why)) != 0)
		return refused(a, c, rc, why, payload_check, cause);
	rc = apply_checked(a, idx, c, shape, cause);
	free(shape);
	return rc;
}

static char *
deletion_reason(const void *arg)
{
	(void)arg;
	return xstrdup(_("register records are never deleted here"));
}

/* A change this database refused to write, for its reason's wordings. */
struct write_refusal {
	struct sync_apply	*a;
	size_t			 idx;
	const char		*shape;
	const char		*why;	/* as apply_write gave it */
	const char		*kind;	/* apply_failure_kind's word */
};

/*
 * The members' refusal worded again; or what the database's constraint means here, for
 * the two a pull meets (a certificate number held here, a record whose own record is not
 * here); or else SQLite's words, which are English in every language, after ours.
 */
static char *
write_refusal_reason(const void *arg)
{
	const struct write_refusal	*w = arg;
	char				*why = NULL;

	if (shape_refusal(&entity_specs[w->idx], &w->a->cols[w->idx], w->shape, &why) == 1)
		return why;
	free(why);
	if (strcmp(w->kind, "number-taken") == 0)
		return xstrdup(_("its certificate number is held by another registration here"));
	if (strcmp(w->kind, "follows") == 0)
		return xstrdup(_("the record it belongs to waits in the conflict queue"));
	if (strstr(w->why, "FOREIGN KEY") != NULL)
		return xstrdup(_("the record it belongs to is not on this terminal"));
	xasprintf(&why, _("this terminal's database refused it: %s"), w->why);
	return why;
}

/* A change whose payload passed the rules, of members shape: applied, stale or a conflict. */
static int
apply_checked(struct sync_apply *a, size_t idx, const struct sync_change *c,
    const char *shape, char **cause)
{
	const struct entity_spec *sp = &entity_specs[idx];
	struct write_refusal	 w;
	struct sync_reason	 reason;
	sqlite3_stmt		*stmt;
	char			*sql, *why = NULL;
	int64_t			 local_version;
	int			 exists, pending, open_conflict, rc;

	if (table_cols_load(a, idx, cause) != 0)
		return -1;
	if (a->lookup[idx] == NULL) {
		if (sp->versioned)
			xasprintf(&sql, "SELECT (SELECT version FROM %s WHERE %s = ?1), EXISTS "
			    "(SELECT 1 FROM %s WHERE %s = ?1), EXISTS (SELECT 1 FROM outbox WHERE "
			    "pushed_at IS NULL AND entity_id = ?1 AND entity = ?2), EXISTS "
			    "(SELECT 1 FROM sync_conflicts WHERE status = 'open' AND entity = ?2 "
			    "AND entity_id = ?1)", sp->table, sp->key, sp->table, sp->key);
		else
			xasprintf(&sql, "SELECT NULL, EXISTS (SELECT 1 FROM %s WHERE %s = ?1), "
			    "EXISTS (SELECT 1 FROM outbox WHERE pushed_at IS NULL AND entity_id = "
			    "?1 AND entity = ?2), EXISTS (SELECT 1 FROM sync_conflicts WHERE "
			    "status = 'open' AND entity = ?2 AND entity_id = ?1)", sp->table,
			    sp->key);
		a->lookup[idx] = db_prepare(a->db, sql, cause);
		free(sql);
		if (a->lookup[idx] == NULL)
			return -1;
	}
	stmt = a->lookup[idx];
	sqlite3_reset(stmt);
	sqlite3_bind_text(stmt, 1, c->entity_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, c->entity, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return db_fail(a->db, cause, _("cannot look up a synced record"));
	}
	local_version = sqlite3_column_int64(stmt, 0);
	exists = sqlite3_column_int(stmt, 1);
	pending = sqlite3_column_int(stmt, 2);
	open_conflict = sqlite3_column_int(stmt, 3);
	sqlite3_reset(stmt);

	if (open_conflict || pending) {
		a->stats.conflicts++;
		return conflict_from_pull(a->db, "pull", NULL, pending ? "changed-here" : "", c,
		    cause);
	}
	if (exists && (sp->insert_only || (sp->versioned && local_version >= c->version))) {
		a->stats.stale++;
		return 0;
	}
	if (strcmp(c->op, "delete") == 0) {
		a->stats.conflicts++;
		sync_reason_word(&reason, deletion_reason, NULL);
		rc = conflict_from_pull(a->db, "apply", &reason, "delete", c, cause);
		sync_reason_free(&reason);
		return rc;
	}
	if (exists && strcmp(sp->entity, "holder") == 0 &&
	    (rc = identity_trail_check(a->db, c, &why)) != 0)
		return refused(a, c, rc, why, identity_check, cause);

	/*
	 * No savepoint: the change is one INSERT or UPDATE, and a statement this database
	 * refuses is undone by SQLite alone (statement rollback), leaving the batch's
	 * transaction as it was. What follows it (the holder's name index) only fails as a
	 * database failure, which rolls the whole batch back.
	 */
	rc = apply_write(a, idx, c, exists, shape, &a->values, &why);
	if (rc == 0) {
		a->stats.applied++;
		return 0;
	}
	if (rc < 0) {
		*cause = why;
		return -1;
	}
	a->stats.conflicts++;
	w.a = a;
	w.idx = idx;
	w.shape = shape;
	w.why = why;
	w.kind = apply_failure_kind(a->db, c, why);
	sync_reason_word(&reason, write_refusal_reason, &w);
	rc = conflict_from_pull(a->db, "apply", &reason, w.kind, c, cause);
	sync_reason_free(&reason);
	free(why);
	return rc;
}

/* Commits the batch together with the cursor that covers it, or rolls both back. */
int
sync_apply_end(struct sync_apply *a, int64_t cursor, int ok, struct sync_apply_stats *stats,
    char **cause)
{
	sqlite3_stmt	*stmt;
	struct db	*db = a->db;
	int		 rc = ok ? 0 : -1, own_tx = a->own_tx;

	if (stats != NULL)
		*stats = a->stats;
	if (rc == 0)
		rc = apply_names_flush(a, cause);
	if (rc == 0 && cursor > 0) {
		stmt = db_prepare(db, "UPDATE sync_state SET pull_cursor = ?1 WHERE ?1 > "
		    "pull_cursor", cause);
		if (stmt == NULL)
			rc = -1;
		else {
			sqlite3_bind_int64(stmt, 1, cursor);
			rc = db_step_done(db, stmt, _("cannot store the sync cursor"), cause);
		}
	}
	apply_free(a);
	if (!own_tx)
		return rc;
	if (ok)
		return db_finish(db, rc, cause);
	db_rollback(db);
	return -1;
}

int64_t
sync_pull_cursor(struct db *db)
{
	return count_query(db, "SELECT pull_cursor FROM sync_state");
}

/* The audit entries the central store has not acknowledged, oldest first. */
int
sync_next_audit_batch(struct db *db, int limit, struct sync_batch *b, char **cause)
{
	return batch_query(db, "SELECT json_group_array(json_object('seq', seq, 'terminal', "
	    "terminal_id, 'at', at, 'tty', tty, 'user', user, 'role', role, 'action', action, "
	    "'target', target, 'result', result, 'detail', detail, 'prev_mac', "
	    "lower(hex(prev_mac)), 'mac', lower(hex(mac)))), min(seq), max(seq), count(*) "
	    "FROM (SELECT * FROM audit_log WHERE seq > (SELECT audit_pushed FROM sync_state) "
	    "ORDER BY seq LIMIT ?1)", limit, b, cause);
}

int
sync_audit_done(struct db *db, int64_t head, char **cause)
{
	sqlite3_stmt	*stmt;

	stmt = db_prepare(db, "UPDATE sync_state SET audit_pushed = ?1 WHERE ?1 > "
	    "audit_pushed", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, head);
	if (db_step_done(db, stmt, _("cannot store the audit position"), cause) != 0)
		return -1;
	/* The anchor outside the database: the log can no longer end before head. */
	return audit_head_anchor(db, head, cause);
}

int
sync_state_read(struct db *db, struct sync_state *st, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc = -1;

	memset(st, 0, sizeof *st);
	stmt = db_prepare(db, "SELECT pull_cursor, audit_pushed, online, last_attempt_at, "
	    "last_success_at, last_error, (SELECT count(*) FROM outbox WHERE pushed_at IS "
	    "NULL), (SELECT count(*) FROM sync_conflicts WHERE status = 'open'), "
	    "clock_offset FROM sync_state", cause);
	if (stmt == NULL)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		st->pull_cursor = sqlite3_column_int64(stmt, 0);
		st->audit_pushed = sqlite3_column_int64(stmt, 1);
		st->online = sqlite3_column_int(stmt, 2);
		st->last_attempt_at = db_column_dup(stmt, 3);
		st->last_success_at = db_column_dup(stmt, 4);
		st->last_error = db_column_dup(stmt, 5);
		st->pending = sqlite3_column_int64(stmt, 6);
		st->conflicts = sqlite3_column_int64(stmt, 7);
		st->has_clock = sqlite3_column_type(stmt, 8) != SQLITE_NULL;
		st->clock_offset = sqlite3_column_double(stmt, 8);
		rc = 0;
	} else
		db_fail(db, cause, _("cannot read the sync state"));
	db_release(db, stmt);
	return rc;
}

void
sync_state_clear(struct sync_state *st)
{
	free(st->last_attempt_at);
	free(st->last_success_at);
	free(st->last_error);
	memset(st, 0, sizeof *st);
}

/* After an attempt: error NULL is a success; online says whether the store was reached. */
int
sync_state_record(struct db *db, int online, const char *error, char **cause)
{
	sqlite3_stmt	*stmt;

	stmt = db_prepare(db, "UPDATE sync_state SET last_attempt_at = " NOW ", online = ?1, "
	    "last_error = ?2, last_success_at = CASE WHEN ?2 IS NULL THEN " NOW " ELSE "
	    "last_success_at END", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, online ? 1 : 0);
	if (error != NULL)
		sqlite3_bind_text(stmt, 2, error, -1, SQLITE_STATIC);
	return db_step_done(db, stmt, _("cannot store the sync state"), cause);
}

/*
 * The offline limits (SPEC §10): past max_offline_days without a successful sync (counted
 * from the oldest unsent change when there never was one), or with more than
 * max_pending_changes unsent, new applications wait for sync. -1 and the message then.
 */
/* The store's clock minus this terminal's, as the last sync that reached it measured. */
int
sync_state_clock(struct db *db, double offset, char **cause)
{
	sqlite3_stmt	*stmt;

	stmt = db_prepare(db, "UPDATE sync_state SET clock_offset = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_double(stmt, 1, offset);
	return db_step_done(db, stmt, _("cannot store the sync state"), cause);
}

/*
 * The offline limits and how near they are. Days count from the last successful sync, or
 * for a terminal that never synced, from its oldest unsent change.
 */
int
sync_limits_read(struct db *db, int max_offline_days, int max_pending, struct sync_limits *l,
    char **cause)
{
	sqlite3_stmt	*stmt;

	memset(l, 0, sizeof *l);
	l->max_days = max_offline_days;
	l->max_pending = max_pending;
	stmt = db_prepare(db, "SELECT (SELECT count(*) FROM outbox WHERE pushed_at IS NULL), "
	    "julianday('now') - julianday(coalesce((SELECT last_success_at FROM sync_state), "
	    "(SELECT min(created_at) FROM outbox WHERE pushed_at IS NULL), "
	    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))", cause);
	if (stmt == NULL)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		l->pending = sqlite3_column_int64(stmt, 0);
		l->days = sqlite3_column_double(stmt, 1);
	}
	db_release(db, stmt);
	l->over = l->pending > max_pending || l->days > max_offline_days;
	/* 80 %, in whole numbers: 8 of 10 changes, 5.6 of 7 days. */
	l->warn = l->over || l->pending * 5 >= (int64_t)max_pending * 4 ||
	    l->days * 5 >= max_offline_days * 4.0;
	return 0;
}

int
sync_offline_check(struct db *db, int max_offline_days, int max_pending, char **cause)
{
	struct sync_limits	 l;

	if (sync_limits_read(db, max_offline_days, max_pending, &l, cause) != 0)
		return -1;
	if (l.pending > max_pending) {
		/* One line of the screen (80 columns), with the numbers. */
		xasprintf(cause, _("Not filed: %lld changes unsent (limit %d). Applications "
		    "wait for a sync."), (long long)l.pending, max_pending);
		return -1;
	}
	if (l.days > max_offline_days) {
		xasprintf(cause, _("Not filed: no sync for %d days (limit %d). Applications "
		    "wait for a sync."), (int)l.days, max_offline_days);
		return -1;
	}
	return 0;
}

/*
 * The newest rows of the outbox, unsent first: kind, the id's first characters, age and
 * state. Never the payload: the sysadmin sees this list too (SPEC §1).
 */
int
sync_outbox_rows(struct db *db, int limit, struct sync_outbox_row **out, size_t *n,
    char **cause)
{
	struct sync_outbox_row	*v = NULL, *r;
	sqlite3_stmt		*stmt;
	size_t			 len = 0;
	int			 step;

	*out = NULL;
	*n = 0;
	/* Each half reads its newest rows by index (outbox_unpushed, the rowid). */
	stmt = db_prepare(db, "SELECT * FROM (SELECT seq, entity, substr(entity_id, 1, 8), "
	    "created_at, pushed_at, 0 AS sent FROM outbox WHERE pushed_at IS NULL ORDER BY "
	    "seq DESC LIMIT ?1) UNION ALL SELECT * FROM (SELECT seq, entity, substr(entity_id, "
	    "1, 8), created_at, pushed_at, 1 AS sent FROM outbox WHERE pushed_at IS NOT NULL "
	    "ORDER BY seq DESC LIMIT ?1) ORDER BY sent, seq DESC LIMIT ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, limit);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, len + 1, sizeof *v);
		r = &v[len++];
		memset(r, 0, sizeof *r);
		r->seq = sqlite3_column_int64(stmt, 0);
		snprintf(r->entity, sizeof r->entity, "%s",
		    (const char *)sqlite3_column_text(stmt, 1));
		snprintf(r->id_prefix, sizeof r->id_prefix, "%s",
		    (const char *)sqlite3_column_text(stmt, 2));
		r->created_at = db_column_dup(stmt, 3);
		r->pushed_at = db_column_dup(stmt, 4);
	}
	db_release(db, stmt);
	if (step != SQLITE_DONE) {
		sync_outbox_rows_free(v, len);
		return db_fail(db, cause, _("cannot read the outbox"));
	}
	*out = v;
	*n = len;
	return 0;
}

void
sync_outbox_rows_free(struct sync_outbox_row *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].created_at);
		free(v[i].pushed_at);
	}
	free(v);
}

static int
conflict_row(sqlite3_stmt *stmt, struct sync_conflict *c)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(stmt, 0);
	c->entity = db_column_dup(stmt, 1);
	c->entity_id = db_column_dup(stmt, 2);
	c->source = db_column_dup(stmt, 3);
	/* In the reader's language: Japanese where there is one (migration 39). */
	if (i18n_japanese() && sqlite3_column_bytes(stmt, 15) > 0)
		c->reason = db_column_dup(stmt, 15);
	else
		c->reason = db_column_dup(stmt, 4);
	c->local_version = sqlite3_column_int64(stmt, 5);
	c->local_payload = db_column_dup(stmt, 6);
	c->remote_version = sqlite3_column_int64(stmt, 7);
	c->remote_payload = db_column_dup(stmt, 8);
	c->remote_terminal = db_column_dup(stmt, 9);
	c->opened_at = db_column_dup(stmt, 10);
	c->status = db_column_dup(stmt, 11);
	c->resolved_by = db_column_dup(stmt, 12);
	c->resolved_at = db_column_dup(stmt, 13);
	c->cause = db_column_dup(stmt, 14);
	return 0;
}

#define CONFLICT_COLS	"id, entity, entity_id, source, reason, local_version, " \
	"local_payload, remote_version, remote_payload, remote_terminal, " \
	"strftime('%Y-%m-%d %H:%M', opened_at, 'localtime'), status, resolved_by, " \
	"strftime('%Y-%m-%d %H:%M', resolved_at, 'localtime'), cause, reason_ja"

void
sync_conflict_clear(struct sync_conflict *c)
{
	free(c->cause);
	free(c->entity);
	free(c->entity_id);
	free(c->source);
	free(c->reason);
	if (c->local_payload != NULL)
		explicit_bzero(c->local_payload, strlen(c->local_payload));
	free(c->local_payload);
	if (c->remote_payload != NULL)
		explicit_bzero(c->remote_payload, strlen(c->remote_payload));
	free(c->remote_payload);
	free(c->remote_terminal);
	free(c->opened_at);
	free(c->status);
	free(c->resolved_by);
	free(c->resolved_at);
	memset(c, 0, sizeof *c);
}

void
sync_conflicts_free(struct sync_conflict *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		sync_conflict_clear(&v[i]);
	free(v);
}

int64_t
sync_conflicts_count(struct db *db)
{
	return count_query(db, "SELECT count(*) FROM sync_conflicts WHERE status = 'open'");
}

/* The open conflicts, oldest first: the list shows kinds and ids, not personal data. */
int
sync_conflicts_open(struct db *db, const struct actor *who, struct sync_conflict **out,
    size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*out = NULL;
	*n = 0;
	if (rolefn_require(db, who, "conflict.resolve", cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT " CONFLICT_COLS " FROM sync_conflicts WHERE status = "
	    "'open' ORDER BY cause, entity, opened_at, id", cause);
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		conflict_row(stmt, &(*out)[(*n)++]);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		sync_conflicts_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, cause, _("cannot read the sync conflicts"));
	}
	return 0;
}

/*
 * Member by member, in the order of the union of both payloads' members (JSON objects of
 * one level, as the register sends them). A payload that is no object (a pulled text
 * kept as a JSON string, conflict_upsert) is one item of member "" with its value. The
 * conflict was loaded through sync_conflict_get, which audited the view.
 */
#define ITEMS_OF(p) "SELECT key, CAST(value AS TEXT) AS v FROM json_each(CASE WHEN " \
	"json_type(" p ") = 'object' THEN " p " ELSE '{}' END) UNION ALL SELECT '', " \
	"CAST(json_extract(" p ", '$') AS TEXT) WHERE json_type(" p ") <> 'object'"

int
sync_conflict_items(struct db *db, const struct sync_conflict *c,
    struct sync_conflict_item **out, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*out = NULL;
	*n = 0;
	stmt = db_prepare(db, "WITH l AS (" ITEMS_OF("?1") "), r AS (" ITEMS_OF("?2") "), "
	    "k AS (SELECT key FROM l UNION SELECT key FROM r) "
	    "SELECT k.key, l.v, r.v, l.v IS NOT r.v FROM k LEFT JOIN l ON l.key = k.key "
	    "LEFT JOIN r ON r.key = k.key ORDER BY l.v IS r.v, k.key", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, c->local_payload, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, c->remote_payload, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[*n].member = db_column_dup(stmt, 0);
		(*out)[*n].local = db_column_dup(stmt, 1);
		(*out)[*n].remote = db_column_dup(stmt, 2);
		(*out)[*n].differs = sqlite3_column_int(stmt, 3);
		(*n)++;
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		sync_conflict_items_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, cause, _("cannot compare the two versions"));
	}
	return 0;
}

void
sync_conflict_items_free(struct sync_conflict_item *items, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(items[i].member);
		free(items[i].local);
		free(items[i].remote);
	}
	free(items);
}

/* Both versions of one record: personal data, so the view is audited (SPEC §8). */
/*
 * The audit target of a conflict: its holder first, in the form every entry that touches
 * a holder uses ("holder:<id> registration:<id> conflict:<n>"). Every entity of the
 * register belongs to a holder: the record here says which, or else the versions do
 * (a record that only the other terminal has).
 */
static char *
conflict_target(struct db *db, const struct sync_conflict *c, int64_t id)
{
	const struct entity_spec *sp;
	sqlite3_stmt		*stmt;
	char			*holder = NULL, *sql, *target;
	size_t			 idx = 0;

	if (strcmp(c->entity, "holder") == 0)
		holder = xstrdup(c->entity_id);
	else if ((sp = entity_spec_find(c->entity, &idx)) != NULL) {
		xasprintf(&sql, "SELECT coalesce((SELECT holder_id FROM %s WHERE %s = ?1), "
		    "json_extract(?2, '$.holder_id'), json_extract(?3, '$.holder_id'))",
		    sp->table, sp->key);
		if ((stmt = db_prepare(db, sql, NULL)) != NULL) {
			sqlite3_bind_text(stmt, 1, c->entity_id, -1, SQLITE_STATIC);
			sqlite3_bind_text(stmt, 2, c->remote_payload, -1, SQLITE_STATIC);
			sqlite3_bind_text(stmt, 3, c->local_payload, -1, SQLITE_STATIC);
			if (sqlite3_step(stmt) == SQLITE_ROW &&
			    sqlite3_column_type(stmt, 0) == SQLITE_TEXT)
				holder = db_column_dup(stmt, 0);
			db_release(db, stmt);
		}
		free(sql);
	}
	if (holder != NULL && strcmp(c->entity, "holder") != 0)
		xasprintf(&target, "holder:%s %s:%s conflict:%lld", holder, c->entity,
		    c->entity_id, (long long)id);
	else if (holder != NULL)
		xasprintf(&target, "holder:%s conflict:%lld", holder, (long long)id);
	else
		xasprintf(&target, "%s:%s conflict:%lld", c->entity, c->entity_id,
		    (long long)id);
	free(holder);
	return target;
}

int
sync_conflict_get(struct db *db, const struct actor *who, int64_t id,
    struct sync_conflict *c, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*target;
	int		 rc = -1;

	memset(c, 0, sizeof *c);
	if (rolefn_require(db, who, "conflict.resolve", cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT " CONFLICT_COLS " FROM sync_conflicts WHERE id = ?1",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		rc = conflict_row(stmt, c);
	else
		xasprintf(cause, _("no sync conflict %lld"), (long long)id);
	db_release(db, stmt);
	if (rc != 0)
		return -1;
	target = conflict_target(db, c, id);
	rc = audit_actor(db, who, "sync.conflict.view", target, "ok", "", cause);
	free(target);
	if (rc != 0)
		sync_conflict_clear(c);
	return rc;
}

/*
 * The supervisor's choice, in one transaction with its audit entry:
 *  - local: this terminal's version becomes the next version after the central one, and
 *    is pushed as such;
 *  - remote: the central version is written here.
 * Either way, unsent local changes of the record are replaced by the choice (counted in
 * discarded), and a resolution row goes to the outbox ahead of any new version, so that
 * the central store closes its side of the conflict before it sees what follows.
 */
int
sync_conflict_resolve(struct db *db, const struct actor *who, int64_t id,
    enum sync_choice choice, char **cause)
{
	struct sync_conflict	 c;
	struct sync_apply	*a = NULL;
	struct sync_change	 change;
	const struct entity_spec *sp;
	sqlite3_stmt		*stmt;
	char			*payload = NULL, *target = NULL, *why = NULL, *sql;
	char			*shape = NULL;
	const char		*what;
	int64_t			 next;
	size_t			 idx = 0;
	int			 rc = -1, discarded, loaded = 0, exists, w, own_tx;

	what = choice == SYNC_KEEP_LOCAL ? "local" : "remote";
	if (rolefn_require(db, who, "conflict.resolve", cause) != 0)
		return -1;
	/* Inside a group's resolution (sync_conflicts_resolve_group), in its transaction. */
	own_tx = !db->in_tx;
	if (own_tx && db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT " CONFLICT_COLS " FROM sync_conflicts WHERE id = ?1 AND "
	    "status = 'open'", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		loaded = conflict_row(stmt, &c) == 0;
	db_release(db, stmt);
	if (!loaded) {
		xasprintf(cause, _("sync conflict %lld is not open (resolved elsewhere?)"),
		    (long long)id);
		goto out;
	}
	target = conflict_target(db, &c, id);
	sp = entity_spec_find(c.entity, &idx);

	/* Unsent local changes of this record: the choice replaces them. */
	stmt = db_prepare(db, "UPDATE outbox SET pushed_at = " NOW " WHERE pushed_at IS NULL "
	    "AND entity_id = ?1 AND entity = ?2", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, c.entity_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, c.entity, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot update the outbox"), cause) != 0)
		goto out;
	discarded = sqlite3_changes(db->h);

	xasprintf(&payload, "{\"entity\":\"%s\",\"choice\":\"%s\",\"conflict\":%lld}",
	    c.entity, what, (long long)id);
	if (outbox_append(db, "sync.resolve", c.entity_id, c.remote_version > 0 ?
	    c.remote_version : 1, OUTBOX_UPDATE, payload, cause) != 0)
		goto out;

	if (choice == SYNC_TAKE_REMOTE) {
		if (c.remote_payload == NULL || sp == NULL) {
			xasprintf(cause, _("there is no central version of this record to take"));
			goto out;
		}
		memset(&change, 0, sizeof change);
		change.entity = c.entity;
		change.entity_id = c.entity_id;
		change.version = c.remote_version;
		change.op = "update";
		change.payload = c.remote_payload;
		change.terminal_id = c.remote_terminal;
		a = apply_new(db, NULL);
		if (table_cols_load(a, idx, cause) != 0)
			goto out;
		xasprintf(&sql, "SELECT EXISTS (SELECT 1 FROM %s WHERE %s = ?1)", sp->table,
		    sp->key);
		stmt = db_prepare(db, sql, cause);
		free(sql);
		if (stmt == NULL)
			goto out;
		sqlite3_bind_text(stmt, 1, c.entity_id, -1, SQLITE_STATIC);
		exists = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0);
		db_release(db, stmt);
		/*
		 * Taken by a supervisor or not, a value this terminal's forms refuse stays out,
		 * and so does an identity change without its approved application: the way to
		 * make one here is a correction, approved here.
		 */
		if (sp->insert_only && exists)
			w = 0;
		else if ((w = sync_payload_values(c.entity, c.remote_payload, &shape,
		    &a->values, &why)) == 0 && (!exists || strcmp(sp->entity, "holder") != 0 ||
		    (w = identity_trail_check(db, &change, &why)) == 0))
			w = apply_write(a, idx, &change, exists, shape, &a->values, &why);
		if (w != 0) {
			if (w > 0)
				xasprintf(cause, _("the central version cannot be written here: "
				    "%s"), why);
			else
				*cause = why;
			why = NULL;
			goto out;
		}
	} else if (c.local_payload != NULL && strcmp(c.source, "apply") != 0) {
		/* Ours becomes the version after the central one. */
		next = c.remote_version + 1;
		if (outbox_append(db, c.entity, c.entity_id, next, OUTBOX_UPDATE,
		    c.local_payload, cause) != 0)
			goto out;
		if (sp != NULL && sp->versioned) {
			xasprintf(&sql, "UPDATE %s SET version = ?1 WHERE %s = ?2", sp->table,
			    sp->key);
			stmt = db_prepare(db, sql, cause);
			free(sql);
			if (stmt == NULL)
				goto out;
			sqlite3_bind_int64(stmt, 1, next);
			sqlite3_bind_text(stmt, 2, c.entity_id, -1, SQLITE_STATIC);
			if (db_step_done(db, stmt, _("cannot update the record's version"),
			    cause) != 0)
				goto out;
		}
	}

	stmt = db_prepare(db, "UPDATE sync_conflicts SET status = ?2, resolved_by = ?3, "
	    "resolved_at = " NOW ", updated_at = " NOW ", discarded = ?4 WHERE id = ?1",
	    cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, what, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 4, discarded);
	if (db_step_done(db, stmt, _("cannot record the resolution"), cause) != 0)
		goto out;
	rc = audit_actor(db, who, "sync.resolve", target, "ok", what, cause);
out:
	apply_free(a);
	free(why);
	free(shape);
	free(payload);
	free(target);
	if (loaded)
		sync_conflict_clear(&c);
	if (!own_tx)
		return rc;
	return db_finish(db, rc, cause);
}

/* The open conflicts counted by record kind and cause, the largest group first. */
int
sync_conflict_groups(struct db *db, struct sync_conflict_group **out, size_t *n,
    char **cause)
{
	sqlite3_stmt			*stmt;
	struct sync_conflict_group	*v = NULL;
	size_t				 k = 0;
	int				 rc;

	*out = NULL;
	*n = 0;
	stmt = db_prepare(db, "SELECT entity, cause, count(*) FROM sync_conflicts WHERE "
	    "status = 'open' GROUP BY entity, cause ORDER BY count(*) DESC, cause, entity",
	    cause);
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, k + 1, sizeof *v);
		v[k].entity = db_column_dup(stmt, 0);
		v[k].cause = db_column_dup(stmt, 1);
		v[k++].count = sqlite3_column_int64(stmt, 2);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		sync_conflict_groups_free(v, k);
		return db_fail(db, cause, _("cannot read the sync conflicts"));
	}
	*out = v;
	*n = k;
	return 0;
}

void
sync_conflict_groups_free(struct sync_conflict_group *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].entity);
		free(v[i].cause);
	}
	free(v);
}

/*
 * One decision for every open conflict of a group (entity and cause): each is resolved,
 * recorded and audited as if chosen alone, all in one transaction, so that the group is
 * resolved whole or not at all. *done: how many.
 */
int
sync_conflicts_resolve_group(struct db *db, const struct actor *who, const char *entity,
    const char *kind, enum sync_choice choice, int64_t *done, char **cause)
{
	sqlite3_stmt	*stmt;
	int64_t		*ids = NULL;
	size_t		 n = 0, i;
	int		 rc;

	*done = 0;
	if (rolefn_require(db, who, "conflict.resolve", cause) != 0 ||
	    db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT id FROM sync_conflicts WHERE status = 'open' AND "
	    "entity = ?1 AND cause = ?2 ORDER BY id", cause);
	if (stmt == NULL) {
		db_rollback(db);
		return -1;
	}
	sqlite3_bind_text(stmt, 1, entity, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, kind, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n++] = sqlite3_column_int64(stmt, 0);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		free(ids);
		db_rollback(db);
		return db_fail(db, cause, _("cannot read the sync conflicts"));
	}
	for (i = 0; i < n; i++) {
		if (sync_conflict_resolve(db, who, ids[i], choice, cause) != 0) {
			free(ids);
			db_rollback(db);
			return -1;
		}
	}
	free(ids);
	if (db_commit(db, cause) != 0)
		return -1;
	*done = (int64_t)n;
	return 0;
}
