/*
 * Log review sign-offs (audit-reviews.h). A sign-off is refused while a flag of its
 * period is not acknowledged: the record says the log was read, and a flag nobody
 * followed up means it was not read closely enough.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "audit/audit-flags.h"
#include "audit/audit-reviews.h"
#include "audit/audit-rules.h"
#include "db-internal.h"
#include "i18n.h"
#include "office-hours.h"
#include "sync/outbox.h"
#include "uuid.h"
#include "xmalloc.h"

static int	 terminals_check(struct db *, const char *, char **, char **);
static int	 refuse(struct db *, const struct actor *, const char *, const char *,
		    const char *, char **);

/*
 * The terminals a sign-off covers: this terminal's log is the only one this database
 * holds, so it is the only one that can be signed off here. "" means this terminal.
 */
static int
terminals_check(struct db *db, const char *terminals, char **normal, char **cause)
{
	char	*copy, *word, *save;
	int	 rc = 0;

	*normal = NULL;
	copy = xstrdup(terminals != NULL ? terminals : "");
	for (word = strtok_r(copy, " ,", &save); word != NULL && rc == 0;
	    word = strtok_r(NULL, " ,", &save)) {
		if (strcmp(word, db->terminal_id) != 0) {
			xasprintf(cause, _("this terminal holds the log of %s only: sign off the "
			    "log of %s at that terminal"), db->terminal_id, word);
			rc = -1;
		}
	}
	free(copy);
	if (rc == 0)
		*normal = xstrdup(db->terminal_id);
	return rc;
}

/* A refused sign-off is audited too: someone tried to close a period with open flags. */
static int
refuse(struct db *db, const struct actor *who, const char *from, const char *to,
    const char *why, char **cause)
{
	char	*target;

	xasprintf(&target, "period:%s..%s", from, to);
	(void)audit_actor(db, who, "audit.review.sign", target, "refused", why, NULL);
	free(target);
	*cause = xstrdup(why);
	return -1;
}

int
audit_review_sign(struct db *db, const struct actor *who, const struct office_hours *oh,
    const char *from, const char *to, const char *terminals, const char *comment,
    char id[37], char **cause)
{
	struct audit_flag	*flags = NULL;
	struct audit_rule	*rules = NULL;
	sqlite3_stmt		*stmt;
	size_t			 n_flags = 0, n_rules = 0, i, open = 0;
	char			 today[11], *covered = NULL, *summary = NULL, *payload = NULL;
	char			*target = NULL, *detail = NULL, *why = NULL;
	int			 rc = -1;

	*cause = NULL;
	memset(id, 0, 37);
	if (rolefn_require(db, who, "audit.signoff", cause) != 0)
		return -1;
	if (audit_comment_check(comment, cause) != 0 ||
	    audit_period_check(from, to, cause) != 0)
		return -1;
	audit_today(today);
	if (strcmp(to, today) > 0) {
		xasprintf(cause, _("the period ends after today (%s): a day can be signed off "
		    "once it has happened"), today);
		return -1;
	}
	if (terminals_check(db, terminals, &covered, cause) != 0)
		return -1;
	if (uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		goto out_free;
	}
	if (db_begin(db, cause) != 0)
		goto out_free;
	/* Flags, acknowledgements and the sign-off read and written in one transaction. */
	if (audit_flags_compute(db, oh, from, to, 0, 0, &flags, &n_flags, cause) != 0 ||
	    audit_rules_list(db, 0, &rules, &n_rules, cause) != 0)
		goto out;
	for (i = 0; i < n_flags; i++)
		open += !flags[i].acked;
	if (open > 0) {
		db_rollback(db);
		xasprintf(&why, _("%zu of the %zu flags of %s to %s are not acknowledged: "
		    "acknowledge each with the follow-up taken, then sign off"), open, n_flags,
		    from, to);
		rc = refuse(db, who, from, to, why, cause);
		goto out_free;
	}
	summary = audit_rules_summary(rules, n_rules);
	stmt = db_prepare(db, "INSERT INTO audit_reviews (id, terminal_id, period_from, "
	    "period_to, terminals, flags, rules, office_hours, comment, signed_by, signed_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, " NOW ") RETURNING "
	    "json_object('id', id, 'terminal_id', terminal_id, 'period_from', period_from, "
	    "'period_to', period_to, 'terminals', terminals, 'flags', flags, 'rules', rules, "
	    "'office_hours', office_hours, 'comment', comment, 'signed_by', signed_by, "
	    "'signed_at', signed_at)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, db->terminal_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, covered, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, (int64_t)n_flags);
	sqlite3_bind_text(stmt, 7, summary, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, oh->text, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, comment, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, who->user, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		payload = db_column_dup(stmt, 0);
	if (payload == NULL || sqlite3_step(stmt) != SQLITE_DONE) {
		db_fail(db, cause, _("cannot record the sign-off"));
		db_release(db, stmt);
		goto out;
	}
	db_release(db, stmt);
	if (outbox_append(db, "audit_review", id, 1, OUTBOX_INSERT, payload, cause) != 0)
		goto out;
	xasprintf(&target, "review:%s period:%s..%s", id, from, to);
	xasprintf(&detail, "%s: %zu flags, all acknowledged: %s", covered, n_flags, comment);
	rc = audit_actor(db, who, "audit.review.sign", target, "ok", detail, cause);
out:
	rc = db_finish(db, rc, cause);
out_free:
	if (rc != 0)
		memset(id, 0, 37);
	audit_flags_free(flags, n_flags);
	audit_rules_free(rules, n_rules);
	free(covered);
	free(summary);
	free(payload);
	free(target);
	free(detail);
	free(why);
	return rc;
}

int
audit_reviews_read(struct db *db, struct audit_review **out, size_t *n, char **cause)
{
	sqlite3_stmt		*stmt;
	struct audit_review	*r;
	int			 rc;

	*out = NULL;
	*n = 0;
	stmt = db_prepare(db, "SELECT id, terminal_id, period_from, period_to, terminals, "
	    "flags, rules, office_hours, comment, signed_by, signed_at FROM audit_reviews "
	    "ORDER BY signed_at DESC, id", cause);
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		r = &(*out)[(*n)++];
		memset(r, 0, sizeof *r);
		snprintf(r->id, sizeof r->id, "%s", sqlite3_column_text(stmt, 0));
		r->terminal_id = db_column_dup(stmt, 1);
		r->period_from = db_column_dup(stmt, 2);
		r->period_to = db_column_dup(stmt, 3);
		r->terminals = db_column_dup(stmt, 4);
		r->flags = sqlite3_column_int64(stmt, 5);
		r->rules = db_column_dup(stmt, 6);
		r->office_hours = db_column_dup(stmt, 7);
		r->comment = db_column_dup(stmt, 8);
		r->signed_by = db_column_dup(stmt, 9);
		r->signed_at = db_column_dup(stmt, 10);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		audit_reviews_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, cause, _("cannot read the log review sign-offs"));
	}
	return 0;
}

int
audit_acks_read(struct db *db, struct audit_ack **out, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	struct audit_ack *a;
	int		 rc;

	*out = NULL;
	*n = 0;
	stmt = db_prepare(db, "SELECT id, terminal_id, rule, subject, first_at, last_at, "
	    "entries, reason, comment, acked_by, acked_at FROM audit_flag_acks "
	    "ORDER BY acked_at DESC, id", cause);
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		a = &(*out)[(*n)++];
		memset(a, 0, sizeof *a);
		snprintf(a->id, sizeof a->id, "%s", sqlite3_column_text(stmt, 0));
		a->terminal_id = db_column_dup(stmt, 1);
		a->rule = db_column_dup(stmt, 2);
		a->subject = db_column_dup(stmt, 3);
		a->first_at = db_column_dup(stmt, 4);
		a->last_at = db_column_dup(stmt, 5);
		a->entries = sqlite3_column_int64(stmt, 6);
		a->reason = db_column_dup(stmt, 7);
		a->comment = db_column_dup(stmt, 8);
		a->acked_by = db_column_dup(stmt, 9);
		a->acked_at = db_column_dup(stmt, 10);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		audit_acks_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, cause, _("cannot read the acknowledgements of flags"));
	}
	return 0;
}

int
audit_reviews_list(struct db *db, const struct actor *who, struct audit_review **reviews,
    size_t *n_reviews, struct audit_ack **acks, size_t *n_acks, char **cause)
{
	char	*detail;
	int	 rc;

	*reviews = NULL;
	*acks = NULL;
	*n_reviews = *n_acks = 0;
	*cause = NULL;
	if (rolefn_require(db, who, "audit.reviews", cause) != 0)
		return -1;
	if (audit_reviews_read(db, reviews, n_reviews, cause) != 0)
		return -1;
	if (audit_acks_read(db, acks, n_acks, cause) != 0)
		goto fail;
	xasprintf(&detail, "%zu sign-offs, %zu acknowledgements", *n_reviews, *n_acks);
	rc = audit_actor(db, who, "audit.reviews.view", "", "ok", detail, cause);
	free(detail);
	if (rc == 0)
		return 0;
fail:
	audit_reviews_free(*reviews, *n_reviews);
	audit_acks_free(*acks, *n_acks);
	*reviews = NULL;
	*acks = NULL;
	*n_reviews = *n_acks = 0;
	return -1;
}

void
audit_reviews_free(struct audit_review *r, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(r[i].terminal_id);
		free(r[i].period_from);
		free(r[i].period_to);
		free(r[i].terminals);
		free(r[i].rules);
		free(r[i].office_hours);
		free(r[i].comment);
		free(r[i].signed_by);
		free(r[i].signed_at);
	}
	free(r);
}

void
audit_acks_free(struct audit_ack *a, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(a[i].terminal_id);
		free(a[i].rule);
		free(a[i].subject);
		free(a[i].first_at);
		free(a[i].last_at);
		free(a[i].reason);
		free(a[i].comment);
		free(a[i].acked_by);
		free(a[i].acked_at);
	}
	free(a);
}
