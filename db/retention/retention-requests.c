/*
 * Retention requests (issue 22): a supervisor proposes a rule's change or an erasure of a
 * kind that needs approval; another supervisor decides. A rule may not be shortened below
 * the floor the central store sets (fetched by the sync); an erasure is approved only the
 * day its dry run was made, and erases what that dry run counted (up to its cutoff), so
 * that the approver approves the figures they see.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "clock.h"
#include "db-internal.h"
#include "i18n.h"
#include "retention/retention.h"
#include "retention/retention-internal.h"
#include "xmalloc.h"

static int
request_audit(struct db *db, const struct actor *who, const char *action, int64_t id,
    const char *detail, char **cause)
{
	char	*target;
	int	 rc;

	xasprintf(&target, "retention-request:%lld", (long long)id);
	rc = audit_actor(db, who, action, target, "ok", detail, cause);
	free(target);
	return rc;
}

/*
 * Shortening is checked against the floor: with no floor fetched for the kind yet, a
 * rule may not be shortened at all (the store may have one this terminal does not know).
 */
static int
floor_check(struct db *db, const char *kind, int days, char **cause)
{
	struct retention_rule	 r;
	sqlite3_stmt		*stmt;
	int			 floor = -1;

	if (retention_rule_of(db, kind, &r, cause) != 0)
		return -1;
	if (days >= r.days)
		return 0;
	stmt = db_prepare(db, "SELECT days FROM retention_floors WHERE kind = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		floor = sqlite3_column_int(stmt, 0);
	db_release(db, stmt);
	if (floor < 0) {
		xasprintf(cause, _("%s may not be shortened from %d to %d days: the central "
		    "store's floor for it is not known here yet (sync first)"), kind, r.days,
		    days);
		return -1;
	}
	if (days < floor) {
		xasprintf(cause, _("%s may not be shortened to %d days: the central store sets "
		    "its floor at %d days"), kind, days, floor);
		return -1;
	}
	return 0;
}

static int
reason_check(const char *reason, char **cause)
{
	if (reason == NULL || *reason == '\0' || strlen(reason) > 300) {
		xasprintf(cause, _("a reason of 1 to 300 characters is needed"));
		return -1;
	}
	return 0;
}

int
retention_propose_rule(struct db *db, const struct actor *who, const char *kind, int days,
    int automatic, const char *reason, int64_t *id, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[CLOCK_ISO_SIZE], *detail;
	int		 rc = -1;

	*cause = NULL;
	if (retention_kind_refused(kind, cause) != 0 || reason_check(reason, cause) != 0)
		return -1;
	if (days < 0 || days > 36500) {
		xasprintf(cause, _("a retention period of %d days: it must be 0 to 36500 days"),
		    days);
		return -1;
	}
	if (floor_check(db, kind, days, cause) != 0)
		return -1;
	clock_iso(now, sizeof now);
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "INSERT INTO retention_requests (action, kind, days, automatic, "
	    "reason, proposed_by, proposed_at) VALUES ('rule', ?1, ?2, ?3, ?4, ?5, ?6)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, days);
	sqlite3_bind_int(stmt, 3, automatic != 0);
	sqlite3_bind_text(stmt, 4, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, now, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot record the request"), cause) != 0)
		goto out;
	*id = sqlite3_last_insert_rowid(db->h);
	xasprintf(&detail, "rule %s: %d days, %s: %s", kind, days, automatic ? "automatic" :
	    "approval", reason);
	rc = request_audit(db, who, "retention.propose", *id, detail, cause);
	free(detail);
out:
	return db_finish(db, rc, cause);
}

int
retention_propose_erase(struct db *db, const struct retention_dirs *dirs,
    const struct actor *who, const char *kind, const char *reason, int64_t *id,
    char **cause)
{
	struct retention_rule	 r;
	struct retention_plan	 p;
	sqlite3_stmt		*stmt;
	char			 now[CLOCK_ISO_SIZE], *detail;
	int			 rc = -1;

	*cause = NULL;
	if (retention_kind_refused(kind, cause) != 0 || reason_check(reason, cause) != 0 ||
	    retention_rule_of(db, kind, &r, cause) != 0)
		return -1;
	if (r.automatic) {
		xasprintf(cause, _("%s is erased automatically every day under its rule; "
		    "there is nothing to approve"), kind);
		return -1;
	}
	if (retention_plan_one(db, dirs, kind, &p, cause) != 0)
		return -1;
	if (p.count == 0) {
		xasprintf(cause, _("nothing of %s is past its %d days"), kind, r.days);
		goto out_plan;
	}
	clock_iso(now, sizeof now);
	if (db_begin(db, cause) != 0)
		goto out_plan;
	stmt = db_prepare(db, "INSERT INTO retention_requests (action, kind, cutoff, "
	    "dry_count, dry_bytes, dry_oldest, dry_newest, reason, proposed_by, proposed_at) "
	    "VALUES ('erase', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, p.cutoff, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, p.count);
	sqlite3_bind_int64(stmt, 4, p.bytes);
	sqlite3_bind_text(stmt, 5, p.oldest, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, p.newest, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, now, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot record the request"), cause) != 0)
		goto out;
	*id = sqlite3_last_insert_rowid(db->h);
	xasprintf(&detail, "erase %s: %lld items up to %s: %s", kind, (long long)p.count,
	    p.cutoff, reason);
	rc = request_audit(db, who, "retention.propose", *id, detail, cause);
	free(detail);
out:
	rc = db_finish(db, rc, cause);
out_plan:
	free(p.oldest);
	free(p.newest);
	return rc;
}

/* The local date (the office's day) of a stored UTC time, and of now. */
static void
local_day(const char *iso, char out[11])
{
	struct tm	 tm;
	struct timespec	 now;
	time_t		 t;

	memset(&tm, 0, sizeof tm);
	if (iso != NULL && strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm) != NULL)
		t = timegm(&tm);
	else {
		clock_now(&now);
		t = now.tv_sec;
	}
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int
request_one(struct db *db, int64_t id, struct retention_request *r, char **cause)
{
	struct retention_request	*v;
	size_t				 n, i;
	int				 found = 0;

	if (retention_requests_read(db, 0, &v, &n, cause) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (v[i].id == id && !found) {
			*r = v[i];
			found = 1;
		} else
			retention_requests_free(&v[i], 0);
	}
	/* The others' strings are freed one by one above; the array goes here. */
	free(v);
	if (!found) {
		xasprintf(cause, _("no retention request %lld"), (long long)id);
		return -1;
	}
	return 0;
}

static int
request_close(struct db *db, const struct actor *who, int64_t id, int approve,
    const char *comment, int64_t record, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[CLOCK_ISO_SIZE];

	clock_iso(now, sizeof now);
	stmt = db_prepare(db, "UPDATE retention_requests SET status = ?2, decided_by = ?3, "
	    "decided_at = ?4, comment = ?5, record_id = nullif(?6, 0) WHERE id = ?1 AND "
	    "status = 'open'", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, approve ? "approved" : "rejected", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, comment, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, record);
	if (db_step_done(db, stmt, _("cannot record the decision"), cause) != 0)
		return -1;
	if (sqlite3_changes(db->h) != 1) {
		xasprintf(cause, _("retention request %lld was decided meanwhile"),
		    (long long)id);
		return -1;
	}
	return 0;
}

int
retention_decide(struct db *db, const struct retention_dirs *dirs, const struct actor *who,
    int64_t id, int approve, const char *comment, char **cause)
{
	struct retention_request	 r;
	struct tm			 tm;
	char				 today[11], day[11], *detail = NULL;
	int64_t				 record = 0;
	int				 rc = -1;

	*cause = NULL;
	if (request_one(db, id, &r, cause) != 0)
		return -1;
	if (strcmp(r.status, "open") != 0) {
		xasprintf(cause, _("retention request %lld is %s already"), (long long)id,
		    r.status);
		goto out;
	}
	if (strcmp(r.proposed_by, who->user) == 0) {
		xasprintf(cause, _("retention request %lld was proposed by you: another "
		    "supervisor decides it"), (long long)id);
		goto out;
	}
	if (comment == NULL)
		comment = "";
	if (!approve) {
		if (*comment == '\0') {
			xasprintf(cause, _("a rejection needs a comment"));
			goto out;
		}
		if (db_begin(db, cause) != 0)
			goto out;
		rc = request_close(db, who, id, 0, comment, 0, cause) != 0 ||
		    request_audit(db, who, "retention.reject", id, comment, cause) != 0 ?
		    -1 : 0;
		rc = db_finish(db, rc, cause);
		goto out;
	}
	if (strcmp(r.action, "rule") == 0) {
		/* The floor may have risen since it was proposed. */
		if (floor_check(db, r.kind, r.days, cause) != 0 ||
		    retention_rule_set(db, who, r.kind, r.days, r.automatic, cause) != 0)
			goto out;
	} else {
		local_day(r.proposed_at, day);
		local_day(NULL, today);
		if (strcmp(day, today) != 0) {
			xasprintf(cause, _("the dry run of request %lld was made on %s: an erasure "
			    "is approved on the day of its dry run only; propose it again"),
			    (long long)id, day);
			goto out;
		}
		memset(&tm, 0, sizeof tm);
		if (strptime(r.cutoff, "%Y-%m-%dT%H:%M:%S", &tm) == NULL) {
			xasprintf(cause, _("request %lld has a cutoff that does not parse"),
			    (long long)id);
			goto out;
		}
		if (retention_erase_at(db, dirs, who, r.kind, timegm(&tm), r.proposed_by,
		    who->user, &record, cause) != 0)
			goto out;
	}
	if (db_begin(db, cause) != 0)
		goto out;
	xasprintf(&detail, "%s %s%s", r.action, r.kind, record > 0 ? ", erasure record "
	    "written" : "");
	rc = request_close(db, who, id, 1, comment, record, cause) != 0 ||
	    request_audit(db, who, "retention.approve", id, detail, cause) != 0 ? -1 : 0;
	rc = db_finish(db, rc, cause);
out:
	free(detail);
	retention_requests_free(&r, 0);
	return rc;
}

int
retention_requests_read(struct db *db, int open_only, struct retention_request **out,
    size_t *n, char **cause)
{
	struct retention_request	*v = NULL, *r;
	sqlite3_stmt			*stmt;
	size_t				 k = 0;
	int				 step;

	stmt = db_prepare(db, "SELECT id, action, kind, coalesce(days, 0), "
	    "coalesce(automatic, 0), cutoff, coalesce(dry_count, 0), coalesce(dry_bytes, 0), "
	    "dry_oldest, dry_newest, reason, proposed_by, proposed_at, status, decided_by, "
	    "decided_at, comment, coalesce(record_id, 0) FROM retention_requests WHERE ?1 = 0 "
	    "OR status = 'open' ORDER BY id DESC", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, open_only);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, k + 1, sizeof *v);
		r = &v[k++];
		r->id = sqlite3_column_int64(stmt, 0);
		r->action = db_column_dup(stmt, 1);
		r->kind = db_column_dup(stmt, 2);
		r->days = sqlite3_column_int(stmt, 3);
		r->automatic = sqlite3_column_int(stmt, 4);
		r->cutoff = db_column_dup(stmt, 5);
		r->dry_count = sqlite3_column_int64(stmt, 6);
		r->dry_bytes = sqlite3_column_int64(stmt, 7);
		r->dry_oldest = db_column_dup(stmt, 8);
		r->dry_newest = db_column_dup(stmt, 9);
		r->reason = db_column_dup(stmt, 10);
		r->proposed_by = db_column_dup(stmt, 11);
		r->proposed_at = db_column_dup(stmt, 12);
		r->status = db_column_dup(stmt, 13);
		r->decided_by = db_column_dup(stmt, 14);
		r->decided_at = db_column_dup(stmt, 15);
		r->comment = db_column_dup(stmt, 16);
		r->record_id = sqlite3_column_int64(stmt, 17);
	}
	db_release(db, stmt);
	if (step != SQLITE_DONE) {
		retention_requests_free(v, k);
		return db_fail(db, cause, _("cannot read the retention requests"));
	}
	*out = v;
	*n = k;
	return 0;
}

/* n 0: the strings of *v only (one request), not the array. */
void
retention_requests_free(struct retention_request *v, size_t n)
{
	size_t	 i, m = n == 0 ? 1 : n;

	if (v == NULL)
		return;
	for (i = 0; i < m; i++) {
		free(v[i].action);
		free(v[i].kind);
		free(v[i].cutoff);
		free(v[i].dry_oldest);
		free(v[i].dry_newest);
		free(v[i].reason);
		free(v[i].proposed_by);
		free(v[i].proposed_at);
		free(v[i].status);
		free(v[i].decided_by);
		free(v[i].decided_at);
		free(v[i].comment);
	}
	if (n > 0)
		free(v);
}

int
retention_floors_store(struct db *db, char **kinds, const int *days, size_t n,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[CLOCK_ISO_SIZE];
	size_t		 i;
	int		 rc = -1;

	clock_iso(now, sizeof now);
	if (db_begin(db, cause) != 0)
		return -1;
	if (db_exec(db, "DELETE FROM retention_floors", cause) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		stmt = db_prepare(db, "INSERT INTO retention_floors (kind, days, fetched_at) "
		    "VALUES (?1, ?2, ?3)", cause);
		if (stmt == NULL)
			goto out;
		sqlite3_bind_text(stmt, 1, kinds[i], -1, SQLITE_STATIC);
		sqlite3_bind_int(stmt, 2, days[i]);
		sqlite3_bind_text(stmt, 3, now, -1, SQLITE_STATIC);
		if (db_step_done(db, stmt, _("cannot keep the retention floors"), cause) != 0)
			goto out;
	}
	rc = 0;
out:
	return db_finish(db, rc, cause);
}
