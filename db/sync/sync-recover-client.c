/*
 * Recovering a terminal restored from a backup (docs/sync.md, "A restored terminal";
 * madoguchi-admin sync-recover): the central store is asked how far its history of this
 * terminal goes (its recovery_* functions, which tell the caller about itself only), that
 * history is compared with this database's, and the verdict is one of
 *
 *   NOTHING     the histories agree: sync-now goes on as usual;
 *   RESUME      this database's history is a prefix of the store's: the changes and audit
 *               entries the lost database made after the backup come back from the store
 *               (the entries checked with this terminal's audit key), and what was done
 *               here since the restore gets numbers after the store's, so that the next
 *               sync-now pushes it;
 *   RE-REGISTER the histories diverge, or the store's cannot be verified, or it holds
 *               less than this database says it acknowledged: only a new terminal id can
 *               go on, and the sysadmin is told how.
 *
 * A real RESUME happens in one local transaction, after everything has been read from the
 * store: it commits whole or not at all. The store is only read.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "audit/audit.h"
#include "audit/audit-head.h"
#include "audit/audit-recover.h"
#include "db.h"
#include "i18n.h"
#include "sync/sync-batch.h"
#include "sync/sync-client.h"
#include "sync/sync-pq.h"
#include "sync/sync-recover.h"
#include "sync/sync-store.h"
#include "xmalloc.h"

#define RECOVER_PAGE	1000

/* The store's changes of this terminal from the first one this database lost. */
struct lost_change {
	struct sync_recover_row	 row;
	char			*payload;	/* JSON */
	char			*status;	/* applied, conflict, resolution */
};

struct recover {
	PGconn			*pg;
	struct db		*db;
	const struct sync_params *p;
	struct sync_recover_plan *plan;
	struct lost_change	*lost;		/* changes_from ... central_seq */
	size_t			 nlost;
	struct audit_entry	*central;	/* the store's audit entries, from `cfirst` */
	size_t			 ncentral;
	struct audit_entry	*mine;		/* this database's, from the same number */
	size_t			 nmine;
};

static int	 head_read(struct recover *, char **);
static int	 changes_compare(struct recover *, char **);
static int	 first_differing(struct recover *, int64_t *, char **);
static int	 lost_read(struct recover *, int64_t, int64_t, char **);
static int	 audit_compare(struct recover *, char **);
static int	 audit_read(struct recover *, int64_t, char **);
static int	 resume(struct recover *, const struct actor *, char **);
static int	 apply_log(struct recover *, char **);
static void	 reregister(struct sync_recover_plan *, char *);
static int	 hex_mac(const char *, uint8_t *);
static void	 recover_free(struct recover *);

/* The verdict RE-REGISTER with its reason (taken), unless an earlier one stands. */
static void
reregister(struct sync_recover_plan *plan, char *reason)
{
	if (plan->verdict == SYNC_RECOVER_REREGISTER) {
		free(reason);
		return;
	}
	plan->verdict = SYNC_RECOVER_REREGISTER;
	plan->reason = reason;
}

static int
hex_mac(const char *hex, uint8_t *out)
{
	unsigned	 v;
	size_t		 i;

	if (hex == NULL || strlen(hex) != 2 * AUDIT_MAC_BYTES)
		return -1;
	for (i = 0; i < AUDIT_MAC_BYTES; i++) {
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return 0;
}

static void
recover_free(struct recover *r)
{
	size_t	 i;

	for (i = 0; i < r->nlost; i++) {
		sync_recover_row_clear(&r->lost[i].row);
		free(r->lost[i].payload);
		free(r->lost[i].status);
	}
	free(r->lost);
	audit_entries_free(r->central, r->ncentral);
	audit_entries_free(r->mine, r->nmine);
}

/* Where the store's history of this terminal ends, and its office. */
static int
head_read(struct recover *r, char **cause)
{
	PGresult	*res;

	res = PQexec(r->pg, "SELECT h.last_seq, h.audit_seq, w.office_id FROM "
	    "madoguchi.recovery_head() h, madoguchi.whoami() w");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		*cause = sync_pq_message(_("cannot read the central store's history of this "
		    "terminal"), r->pg, res);
		PQclear(res);
		return -1;
	}
	r->plan->central_seq = sync_column_int64(res, 0, 0);
	r->plan->central_audit = sync_column_int64(res, 0, 1);
	r->plan->office_id = xstrdup(PQgetvalue(res, 0, 2));
	PQclear(res);
	return 0;
}

/*
 * The first unsent change of this database that the store holds with other content (or
 * not at all), among those numbered up to the store's last; INT64_MAX when none. Asked in
 * batches, as push would send them, so that the store judges them by push's own rule.
 */
static int
first_differing(struct recover *r, int64_t *first, char **cause)
{
	struct sync_batch	 b;
	PGresult		*res;
	const char		*param[1];
	int64_t			 after = 0;
	int			 size = r->p->batch_size > 0 ? r->p->batch_size : RECOVER_PAGE;

	*first = INT64_MAX;
	for (;;) {
		if (sync_next_batch(r->db, after, size, &b, cause) != 0)
			return -1;
		if (b.count == 0 || b.first > r->plan->central_seq) {
			sync_batch_clear(&b);
			return 0;
		}
		param[0] = b.body;
		res = PQexecParams(r->pg, "SELECT madoguchi.recovery_differs($1)", 1, NULL,
		    param, NULL, NULL, 0);
		after = b.last;
		sync_batch_clear(&b);
		if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
			*cause = sync_pq_message(_("cannot compare this terminal's changes with the "
			    "central store's"), r->pg, res);
			PQclear(res);
			return -1;
		}
		if (!PQgetisnull(res, 0, 0)) {
			*first = sync_column_int64(res, 0, 0);
			PQclear(res);
			return 0;
		}
		PQclear(res);
	}
}

/* The store's changes of this terminal after seq `after`: at most want of them. */
static int
lost_read(struct recover *r, int64_t after, int64_t want, char **cause)
{
	struct lost_change	*l;
	PGresult		*res;
	const char		*param[2];
	char			 a[32], lim[16];
	int			 i, n;

	snprintf(lim, sizeof lim, "%d", want < RECOVER_PAGE ? (int)want : RECOVER_PAGE);
	while (after < r->plan->central_seq && (int64_t)r->nlost < want) {
		snprintf(a, sizeof a, "%lld", (long long)after);
		param[0] = a;
		param[1] = lim;
		res = PQexecParams(r->pg, "SELECT seq, entity, entity_id::text, version, op, "
		    "payload::text, status, created_at FROM madoguchi.recovery_changes($1, $2)",
		    2, NULL, param, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			*cause = sync_pq_message(_("cannot read this terminal's changes from the "
			    "central store"), r->pg, res);
			PQclear(res);
			return -1;
		}
		if ((n = PQntuples(res)) == 0) {
			PQclear(res);
			break;
		}
		r->lost = xreallocarray(r->lost, r->nlost + n, sizeof *r->lost);
		for (i = 0; i < n; i++) {
			l = &r->lost[r->nlost++];
			memset(l, 0, sizeof *l);
			l->row.seq = sync_column_int64(res, i, 0);
			l->row.entity = xstrdup(PQgetvalue(res, i, 1));
			l->row.entity_id = xstrdup(PQgetvalue(res, i, 2));
			l->row.version = sync_column_int64(res, i, 3);
			l->row.op = xstrdup(PQgetvalue(res, i, 4));
			l->payload = xstrdup(PQgetvalue(res, i, 5));
			l->status = xstrdup(PQgetvalue(res, i, 6));
			l->row.created_at = xstrdup(PQgetvalue(res, i, 7));
			after = l->row.seq;
		}
		PQclear(res);
	}
	return 0;
}

/*
 * Which changes this database lost or redid. The last one it marked sent must be the
 * store's change under that number (else this is another database's history); the unsent
 * ones the store holds as they are were sent by the lost database; from the first that
 * differs on, the store's are lost here and the unsent ones here are new work.
 */
static int
changes_compare(struct recover *r, char **cause)
{
	struct sync_recover_plan	*plan = r->plan;
	struct sync_recover_row		 here;
	int64_t				 first, sent = plan->local.last_sent;
	size_t				 i;
	int				 found;
	char				*why;

	if (sent > plan->central_seq) {
		xasprintf(&why, _("this database has changes up to %lld marked sent, but the "
		    "central store holds this terminal's changes only up to %lld"),
		    (long long)sent, (long long)plan->central_seq);
		reregister(plan, why);
		return 0;
	}
	if (sent > 0) {
		if (lost_read(r, sent - 1, 1, cause) != 0)
			return -1;
		if (sync_recover_row(r->db, sent, &here, &found, cause) != 0)
			return -1;
		if (!found || r->nlost == 0 ||
		    !sync_recover_row_same(&here, &r->lost[0].row)) {
			xasprintf(&why, _("change %lld, marked sent here, is not the change the "
			    "central store holds under that number: this database is not the "
			    "one whose history the store holds"), (long long)sent);
			reregister(plan, why);
		}
		sync_recover_row_clear(&here);
		if (plan->verdict == SYNC_RECOVER_REREGISTER)
			return 0;
	}
	if (first_differing(r, &first, cause) != 0)
		return -1;
	if (first > plan->local.last_seq + 1)
		first = plan->local.last_seq + 1;
	plan->changes_from = first;
	if (first > plan->central_seq) {
		plan->already_sent = sync_recover_count_unsent(r->db, 0,
		    plan->central_seq + 1);
		return plan->already_sent < 0 ? -1 : 0;
	}
	plan->lost_changes = plan->central_seq - first + 1;
	plan->already_sent = sync_recover_count_unsent(r->db, 0, first);
	plan->renumbered = sync_recover_count_unsent(r->db, first, INT64_MAX);
	if (plan->already_sent < 0 || plan->renumbered < 0) {
		xasprintf(cause, _("cannot read the sync outbox"));
		return -1;
	}
	/* Only the lost ones are kept: drop what was read before them. */
	for (i = 0; i < r->nlost; i++) {
		sync_recover_row_clear(&r->lost[i].row);
		free(r->lost[i].payload);
		free(r->lost[i].status);
	}
	free(r->lost);
	r->lost = NULL;
	r->nlost = 0;
	if (lost_read(r, first - 1, plan->lost_changes, cause) != 0)
		return -1;
	if ((int64_t)r->nlost != plan->lost_changes) {
		xasprintf(&why, _("the central store's changes of this terminal from %lld to "
		    "%lld are not all there"), (long long)first, (long long)plan->central_seq);
		reregister(plan, why);
		return 0;
	}
	/*
	 * A change the store answered as a conflict, or a supervisor's resolution, lives on
	 * in the lost database's conflict queue, which no pull brings back.
	 */
	for (i = 0; i < r->nlost; i++) {
		if (strcmp(r->lost[i].status, "applied") != 0) {
			xasprintf(&why, _("change %lld that the lost database sent after the "
			    "backup is a sync conflict or its resolution (%s): the conflict queue "
			    "it belonged to cannot be brought back"),
			    (long long)r->lost[i].row.seq, r->lost[i].status);
			reregister(plan, why);
			return 0;
		}
	}
	return 0;
}

/* The store's audit entries of this terminal after seq `after`, to its head. */
static int
audit_read(struct recover *r, int64_t after, char **cause)
{
	struct audit_entry	*e;
	PGresult		*res;
	const char		*param[2];
	char			 a[32], lim[16];
	int			 i, n, j;

	snprintf(lim, sizeof lim, "%d", RECOVER_PAGE);
	while (after < r->plan->central_audit) {
		snprintf(a, sizeof a, "%lld", (long long)after);
		param[0] = a;
		param[1] = lim;
		res = PQexecParams(r->pg, "SELECT seq, at, tty, user_name, role, action, "
		    "target, result, detail, prev_mac, mac FROM madoguchi.recovery_audit($1, $2)",
		    2, NULL, param, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			*cause = sync_pq_message(_("cannot read this terminal's audit log from the "
			    "central store"), r->pg, res);
			PQclear(res);
			return -1;
		}
		if ((n = PQntuples(res)) == 0) {
			PQclear(res);
			break;
		}
		r->central = xreallocarray(r->central, r->ncentral + n, sizeof *r->central);
		for (i = 0; i < n; i++) {
			e = &r->central[r->ncentral++];
			memset(e, 0, sizeof *e);
			e->seq = sync_column_int64(res, i, 0);
			/* The store keeps the terminal beside the entry, not in it. */
			e->field[0] = xstrdup(PQgetvalue(res, i, 1));
			e->field[1] = xstrdup(db_terminal_id(r->db));
			for (j = 2; j < 9; j++)
				e->field[j] = xstrdup(PQgetvalue(res, i, j));
			if (hex_mac(PQgetvalue(res, i, 9), e->prev_mac) != 0 ||
			    hex_mac(PQgetvalue(res, i, 10), e->mac) != 0) {
				xasprintf(cause, _("the central store sent audit entry %lld with a "
				    "malformed MAC"), (long long)e->seq);
				PQclear(res);
				return -1;
			}
			after = e->seq;
		}
		PQclear(res);
	}
	return 0;
}

/*
 * Which audit entries this database lost or redid. The last one the store acknowledged
 * must be the store's; the first that differs after it starts the entries the lost
 * database wrote, which must verify with this terminal's audit key, chained from the
 * entry before.
 */
static int
audit_compare(struct recover *r, char **cause)
{
	struct sync_recover_plan	*plan = r->plan;
	uint8_t				 prev[AUDIT_MAC_BYTES];
	int64_t				 acked = plan->local.audit_pushed, from, bad;
	size_t				 i, k;
	char				*why;
	int				 rc;

	if (acked > plan->central_audit) {
		xasprintf(&why, _("this database's audit log is acknowledged up to entry %lld, "
		    "but the central store holds this terminal's only up to %lld"),
		    (long long)acked, (long long)plan->central_audit);
		reregister(plan, why);
		return 0;
	}
	from = acked > 0 ? acked - 1 : 0;
	if (audit_read(r, from, cause) != 0 ||
	    audit_entries_after(r->db, from, &r->mine, &r->nmine, cause) != 0)
		return -1;
	if (acked > 0 && (r->ncentral == 0 || r->nmine == 0 ||
	    !audit_entry_same(&r->central[0], &r->mine[0]))) {
		xasprintf(&why, _("audit entry %lld, acknowledged by the central store, is not "
		    "the entry it holds under that number"), (long long)acked);
		reregister(plan, why);
		return 0;
	}
	for (i = 0; i < r->ncentral && i < r->nmine; i++) {
		if (!audit_entry_same(&r->central[i], &r->mine[i]))
			break;
	}
	plan->audit_from = from + (int64_t)i + 1;
	if (i == r->ncentral)
		return 0;	/* the store holds nothing this database lacks */
	plan->lost_audit = (int64_t)(r->ncentral - i);
	plan->audit_moved = (int64_t)(r->nmine - i);
	memset(prev, 0, sizeof prev);
	if (i > 0)
		memcpy(prev, r->central[i - 1].mac, AUDIT_MAC_BYTES);
	else if (from > 0) {
		xasprintf(cause, _("internal error: audit entry %lld not compared"),
		    (long long)from);
		return -1;
	}
	k = i;
	rc = audit_recover_verify(r->db, prev, &r->central[k], r->ncentral - k, &bad, cause);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		xasprintf(&why, _("the central store's audit entries of this terminal do not "
		    "verify with this database's audit key from entry %lld on: they are not "
		    "this database's history"), (long long)bad);
		reregister(plan, why);
	}
	return 0;
}

/*
 * The office log from this database's cursor, with its own lost changes in their place,
 * applied through the same checks as a pull; the cursor moves with it.
 */
static int
apply_log(struct recover *r, char **cause)
{
	struct sync_apply	*a;
	struct sync_apply_stats	 st;
	struct sync_change	 c;
	PGresult		*res;
	const char		*param[3];
	char			 cur[32], from[32], lim[16];
	int64_t			 cursor = r->plan->local.pull_cursor;
	int			 i, n, ok;

	snprintf(from, sizeof from, "%lld", (long long)r->plan->changes_from);
	snprintf(lim, sizeof lim, "%d", RECOVER_PAGE);
	for (;;) {
		snprintf(cur, sizeof cur, "%lld", (long long)cursor);
		param[0] = cur;
		param[1] = from;
		param[2] = lim;
		res = PQexecParams(r->pg, "SELECT office_seq, terminal_id, seq, entity, "
		    "entity_id::text, version, op, payload::text, to_char(created_at AT TIME "
		    "ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM "
		    "madoguchi.recovery_pull($1, $2, $3)", 3, NULL, param, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			*cause = sync_pq_message(_("cannot read changes from the central store"),
			    r->pg, res);
			PQclear(res);
			return -1;
		}
		if ((n = PQntuples(res)) == 0) {
			PQclear(res);
			return 0;
		}
		sync_apply_within(r->db, &r->p->opts, &a);
		ok = 1;
		for (i = 0; i < n && ok; i++) {
			memset(&c, 0, sizeof c);
			c.office_seq = sync_column_int64(res, i, 0);
			c.terminal_id = PQgetvalue(res, i, 1);
			c.seq = sync_column_int64(res, i, 2);
			c.entity = PQgetvalue(res, i, 3);
			c.entity_id = PQgetvalue(res, i, 4);
			c.version = sync_column_int64(res, i, 5);
			c.op = PQgetvalue(res, i, 6);
			c.payload = PQgetisnull(res, i, 7) ? NULL : PQgetvalue(res, i, 7);
			c.created_at = PQgetvalue(res, i, 8);
			c.recovered = c.payload != NULL &&
			    strcmp(c.terminal_id, db_terminal_id(r->db)) == 0;
			if (c.office_seq <= cursor) {
				xasprintf(cause, _("the central store sent the office log out of "
				    "order"));
				ok = 0;
			} else if (sync_apply_change(a, &c, cause) != 0)
				ok = 0;
			else
				cursor = c.office_seq;
		}
		PQclear(res);
		if (sync_apply_end(a, cursor, ok, &st, ok ? cause : NULL) != 0)
			return -1;
		r->plan->applied += st.applied;
		r->plan->conflicts += st.conflicts;
	}
}

/*
 * The recovery itself, in one transaction: unsent changes the store holds marked sent;
 * the new ones renumbered after the store's last; the lost ones back in the outbox as
 * sent and applied in the office log's order; the audit entries spliced; the audit
 * position moved to the store's head; and an entry saying what was done.
 */
static int
resume(struct recover *r, const struct actor *who, char **cause)
{
	struct sync_recover_plan	*plan = r->plan;
	struct sync_recover_local	 now;
	int64_t				 moved, first_seq;
	size_t				 i, k;
	struct audit_mark		 head, anchor;
	char				*detail, *was = NULL;
	int				 rc = -1;

	/*
	 * The audit head kept outside the database follows the log this recovery rewrites
	 * (the lost entries back, the ones written since the restore after them): where it
	 * stood goes into the entry that records the recovery, and it is reset after.
	 */
	if (audit_head_of(r->db) != NULL) {
		if (audit_head_read(audit_head_of(r->db), &head, &anchor, cause) != 0)
			return -1;
		xasprintf(&was, "; audit head outside the database was %lld, anchor %lld",
		    (long long)head.count, (long long)anchor.count);
	}
	if (db_begin(r->db, cause) != 0) {
		free(was);
		return -1;
	}
	/*
	 * What was compared must be what is changed: a desk or a background sync writing
	 * meanwhile (a pull moves the cursor, a login adds an audit entry) would make the
	 * comparison stale. Under the write lock now, nothing moves until the commit.
	 */
	if (sync_recover_local_read(r->db, &now, cause) != 0)
		goto out;
	if (memcmp(&now, &plan->local, sizeof now) != 0) {
		xasprintf(cause, _("this database changed while sync-recover compared it (is "
		    "madoguchi running?): run sync-recover again"));
		goto out;
	}
	first_seq = plan->changes_from <= plan->central_seq ? plan->changes_from :
	    plan->central_seq + 1;
	if (sync_recover_mark_sent(r->db, first_seq, cause) != 0)
		goto out;
	if (plan->lost_changes > 0) {
		if (plan->renumbered > 0 && sync_recover_renumber(r->db, plan->changes_from,
		    plan->lost_changes, cause) != 0)
			goto out;
		for (i = 0; i < r->nlost; i++) {
			if (sync_recover_insert_sent(r->db, &r->lost[i].row, r->lost[i].payload,
			    cause) != 0)
				goto out;
		}
		if (apply_log(r, cause) != 0)
			goto out;
	}
	if (plan->lost_audit > 0) {
		k = r->ncentral - (size_t)plan->lost_audit;
		if (audit_recover_splice(r->db, plan->audit_from, &r->central[k],
		    (size_t)plan->lost_audit, &moved, cause) != 0)
			goto out;
		plan->audit_moved = moved;
		if (sync_audit_done(r->db, plan->central_audit, cause) != 0)
			goto out;
	}
	xasprintf(&detail, "resumed: store's changes to %lld, audit to %lld; brought back "
	    "%lld changes from %lld and %lld audit entries from %lld; %lld unsent changes "
	    "renumbered after %lld, %lld audit entries moved after %lld; %lld marked sent%s",
	    (long long)plan->central_seq, (long long)plan->central_audit,
	    (long long)plan->lost_changes, (long long)plan->changes_from,
	    (long long)plan->lost_audit, (long long)plan->audit_from,
	    (long long)plan->renumbered, (long long)plan->central_seq,
	    (long long)plan->audit_moved, (long long)plan->central_audit,
	    (long long)plan->already_sent, was != NULL ? was : "");
	rc = audit_actor(r->db, who, "sync.recover", "", "ok", detail, cause);
	free(detail);
out:
	free(was);
	if (db_finish(r->db, rc, cause) != 0)
		return -1;
	return audit_head_of(r->db) != NULL ? audit_head_reset(r->db, cause) : 0;
}

/*
 * Compares, decides (plan->verdict) and, unless dry_run, acts: a RESUME is carried out; a
 * RE-REGISTER is audited, and the rest is the sysadmin's (the caller says what). -1 with
 * *cause when the store cannot be reached or asked, or the local database fails: then
 * nothing has changed.
 */
int
sync_recover(struct db *db, const struct sync_params *p, const struct actor *who,
    int dry_run, struct sync_recover_plan *plan, char **cause)
{
	struct recover		 r;
	struct audit_check	 check;
	int			 rc = -1, v;

	memset(plan, 0, sizeof *plan);
	memset(&r, 0, sizeof r);
	r.db = db;
	r.p = p;
	r.plan = plan;
	if ((v = audit_verify(db, &check, cause)) != 0) {
		if (v == 1) {
			xasprintf(cause, _("this database's own audit chain is broken at entry "
			    "%lld (%s): run madoguchi-admin verify-audit; nothing was changed"),
			    (long long)check.first_bad, check.reason);
			audit_check_free(&check);
		}
		return -1;
	}
	audit_check_free(&check);
	if (sync_recover_local_read(db, &plan->local, cause) != 0)
		return -1;
	if ((r.pg = sync_connect(p, cause)) == NULL)
		return -1;
	/*
	 * The audit chain first: entries MACed with this database's key are the surest sign
	 * that the store's history is this database's.
	 */
	if (sync_check_identity(r.pg, db, p, NULL, cause) != 0 || head_read(&r, cause) != 0 ||
	    audit_compare(&r, cause) != 0)
		goto out;
	if (plan->verdict != SYNC_RECOVER_REREGISTER && changes_compare(&r, cause) != 0)
		goto out;
	if (plan->verdict != SYNC_RECOVER_REREGISTER)
		plan->verdict = plan->lost_changes > 0 || plan->lost_audit > 0 ?
		    SYNC_RECOVER_RESUME : SYNC_RECOVER_NOTHING;
	rc = 0;
	if (dry_run)
		goto out;
	if (plan->verdict == SYNC_RECOVER_RESUME)
		rc = resume(&r, who, cause);
	else if (plan->verdict == SYNC_RECOVER_REREGISTER)
		rc = audit_actor(db, who, "sync.recover", "", "re-register", plan->reason,
		    cause);
out:
	PQfinish(r.pg);
	recover_free(&r);
	return rc;
}
