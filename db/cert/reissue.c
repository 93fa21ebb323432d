/*
 * Certificate reissue (再交付) and rewrite (書換え交付), SPEC §6: the checks of an
 * application, and what its approval does to the certificates, the registration and the
 * history. Called by db/register/applications.c inside the application's transaction.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert/certificates.h"
#include "db-internal.h"
#include "i18n.h"
#include "register/register-internal.h"
#include "sync/outbox.h"
#include "uuid.h"
#include "xmalloc.h"

#define TODAY	"date('now', 'localtime')"

static const char *value_of(const struct reg_item *const *, char *const *, size_t,
		    const char *);
static int	 check_registration_valid(struct db *, const char *, const char *,
		    char **);
static int	 check_rewrite(struct db *, const char *, const char *,
		    const struct reg_item *const *, char *const *, size_t, int64_t *,
		    char **);
static int	 check_fee(const char *, const char *, char **);
static int	 insert_certificate(struct db *, const char *, const char *, const char *,
		    const char *, const char *, const char *, const char *, unsigned,
		    const char *, const char *, const char *, char **);

static const char *
value_of(const struct reg_item *const *items, char *const *values, size_t n,
    const char *key)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(items[i]->key, key) == 0)
			return values[i];
	}
	return NULL;
}

/*
 * Only a valid registration gets a new certificate. A 停止, 取消, 消除 or 返納 is
 * refused with its status and the reason recorded with the event that made it so.
 */
static int
check_registration_valid(struct db *db, const char *holder_id,
    const char *registration_id, char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*status, *label, *number;
	char		*reason = NULL, *date = NULL;
	int		 rc = -1, erased;

	if (registration_id == NULL || holder_id == NULL) {
		xasprintf(cause, _("a reissue needs the holder and the registration"));
		return -1;
	}
	/* The last event that took the registration out of force says when and why. */
	stmt = db_prepare(db, "SELECT r.holder_id, r.status, r.certificate_number, h.erased, "
	    "e.event_date, e.reason_text FROM registrations r JOIN holders h ON h.id = "
	    "r.holder_id LEFT JOIN events e ON e.rowid = (SELECT x.rowid FROM events x WHERE "
	    "x.registration_id = r.id AND x.kind IN ('suspend', 'cancel', 'erase', 'return') "
	    "ORDER BY x.event_date DESC, x.created_at DESC, x.rowid DESC LIMIT 1) WHERE r.id = "
	    "?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, registration_id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		xasprintf(cause, _("no such registration in the register"));
		goto out;
	}
	if (strcmp((const char *)sqlite3_column_text(stmt, 0), holder_id) != 0) {
		xasprintf(cause, _("the registration belongs to another holder"));
		goto out;
	}
	status = (const char *)sqlite3_column_text(stmt, 1);
	number = (const char *)sqlite3_column_text(stmt, 2);
	erased = sqlite3_column_int(stmt, 3);
	date = db_column_dup(stmt, 4);
	reason = db_column_dup(stmt, 5);
	if (strcmp(status, "valid") == 0 && !erased) {
		rc = 0;
		goto out;
	}
	if (erased && strcmp(status, "valid") == 0)
		status = "erased";
	label = reg_code_label(reg_statuses, status);
	if (date != NULL && reason != NULL && *reason != '\0')
		xasprintf(cause, _("no reissue: certificate %s is %s since %s (%s)"), number,
		    label != NULL ? label : status, date, reason);
	else if (date != NULL)
		xasprintf(cause, _("no reissue: certificate %s is %s since %s"), number,
		    label != NULL ? label : status, date);
	else
		xasprintf(cause, _("no reissue: certificate %s is %s"), number,
		    label != NULL ? label : status);
out:
	db_release(db, stmt);
	free(date);
	free(reason);
	return rc;
}

/*
 * 書換え: the new name or 本籍 items, at least one of them different from the record;
 * any other reason: none of them. Other holder items go through a correction.
 */
static int
check_rewrite(struct db *db, const char *holder_id, const char *reason,
    const struct reg_item *const *items, char *const *values, size_t n,
    int64_t *version, char **cause)
{
	struct reg_value	*cur = NULL;
	size_t			 n_cur = 0, i, changes = 0;
	const char		*now;
	char			*json = NULL;
	int			 rc = -1, rewrite = strcmp(reason, "rewrite") == 0;

	if (reg_holder_json(db, holder_id, &json, version, NULL, cause) != 0)
		return -1;
	if (reg_json_values(db, json, &cur, &n_cur, cause) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (reg_item_find(reg_holder_items, items[i]->key) == NULL)
			continue;
		if (!rewrite) {
			xasprintf(cause, _("%s: only a rewrite (書換え) changes the name or 本籍"),
			    _(items[i]->label));
			goto out;
		}
		if (!(items[i]->flags & REG_REWRITE)) {
			xasprintf(cause, _("%s: not changed by a rewrite; apply for a "
			    "correction"), _(items[i]->label));
			goto out;
		}
		now = reg_values_get(cur, n_cur, items[i]->key);
		if (now != NULL && strcmp(now, values[i]) == 0) {
			xasprintf(cause, _("%s: no change"), _(items[i]->label));
			goto out;
		}
		if ((items[i]->flags & REG_REQUIRED) && *values[i] == '\0') {
			xasprintf(cause, _("%s: required"), _(items[i]->label));
			goto out;
		}
		changes++;
	}
	if (rewrite && changes == 0) {
		xasprintf(cause, _("a rewrite (書換え) needs the new name or 本籍"));
		goto out;
	}
	rc = 0;
out:
	reg_values_free(cur, n_cur);
	free(json);
	return rc;
}

static int
check_fee(const char *kind, const char *amount, char **cause)
{
	long	 yen = amount != NULL && *amount != '\0' ? strtol(amount, NULL, 10) : -1;

	if (strcmp(kind, "exempt") == 0) {
		if (yen > 0) {
			xasprintf(cause, _("Fee amount (yen): an exempt fee has no amount"));
			return -1;
		}
		return 0;
	}
	if (yen <= 0) {
		xasprintf(cause, _("Fee amount (yen): required unless the fee is exempt"));
		return -1;
	}
	return 0;
}

int
reissue_allowed(struct db *db, const char *holder_id, const char *registration_id,
    char **cause)
{
	*cause = NULL;
	return check_registration_valid(db, holder_id, registration_id, cause);
}

/*
 * Issue 24: any text was taken as the Juki result id ("Q999" was approved). It must name
 * an answered Juki-net lookup of this holder: its number as the lookup list shows it, or
 * its file id (Q0000000012).
 */
static int
juki_answer_check(struct db *db, const char *holder_id, const char *typed, char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*status = NULL;
	int		 found, mine;

	stmt = db_prepare(db, "SELECT status, holder_id IS ?2 FROM juki_queries WHERE "
	    "file_id = ?1 OR (?1 NOT GLOB '*[^0-9]*' AND request_no = CAST(?1 AS INTEGER))",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, typed, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, holder_id, -1, SQLITE_STATIC);
	found = sqlite3_step(stmt) == SQLITE_ROW;
	mine = found && sqlite3_column_int(stmt, 1);
	if (found)
		status = strcmp((const char *)sqlite3_column_text(stmt, 0), "answered") == 0 ?
		    "answered" : "open";
	db_release(db, stmt);
	if (!found)
		xasprintf(cause, _("Identity: Juki result id: there is no Juki-net lookup "
		    "\"%s\"; give the number of an answered lookup of this holder"), typed);
	else if (!mine)
		xasprintf(cause, _("Identity: Juki result id: lookup \"%s\" was of another "
		    "person"), typed);
	else if (strcmp(status, "answered") != 0)
		xasprintf(cause, _("Identity: Juki result id: lookup \"%s\" has no answer "
		    "yet"), typed);
	else
		return 0;
	return -1;
}

void
reissue_juki_answer(struct db *db, const char *holder_id, char out[24])
{
	sqlite3_stmt	*stmt;

	*out = '\0';
	stmt = db_prepare(db, "SELECT q.file_id FROM juki_queries q JOIN receptions r ON "
	    "r.number = q.purpose_ref WHERE q.holder_id = ?1 AND q.status = 'answered' AND "
	    "r.holder_id = ?1 AND r.kind = 'reissue' AND r.status = 'open' ORDER BY "
	    "q.answered_at DESC, q.request_no DESC LIMIT 1", NULL);
	if (stmt == NULL)
		return;
	sqlite3_bind_text(stmt, 1, holder_id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		snprintf(out, 24, "%s", sqlite3_column_text(stmt, 0));
	db_release(db, stmt);
}

int
reissue_juki_answers(struct db *db, const char *holder_id,
    struct juki_answer_choice out[9], int *n, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*n = 0;
	*cause = NULL;
	stmt = db_prepare(db, "SELECT file_id, strftime('%Y-%m-%d %H:%M', answered_at, "
	    "'localtime'), purpose_ref FROM juki_queries WHERE holder_id = ?1 AND status = "
	    "'answered' ORDER BY answered_at DESC, request_no DESC LIMIT 9", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, holder_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		snprintf(out[*n].file_id, sizeof out[*n].file_id, "%s",
		    sqlite3_column_text(stmt, 0));
		snprintf(out[*n].line, sizeof out[*n].line, "%s  %s  %s",
		    sqlite3_column_text(stmt, 0), sqlite3_column_text(stmt, 1),
		    sqlite3_column_text(stmt, 2));
		(*n)++;
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE)
		return db_fail(db, cause, _("cannot read the Juki-net lookups"));
	return 0;
}

/* Whether the holder's open reception for a reissue has its identity confirmed. */
static int
reception_identity_confirmed(struct db *db, const char *holder_id)
{
	sqlite3_stmt	*stmt;
	int		 yes;

	stmt = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM receptions WHERE holder_id = ?1 "
	    "AND kind = 'reissue' AND status = 'open' AND identity IS NOT NULL)", NULL);
	if (stmt == NULL)
		return 0;
	sqlite3_bind_text(stmt, 1, holder_id, -1, SQLITE_STATIC);
	yes = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0);
	db_release(db, stmt);
	return yes;
}

int
reissue_check_submit(struct db *db, const char *holder_id, const char *registration_id,
    const struct reg_item *const *items, char *const *values, size_t n,
    int64_t *base_version, char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*juki, *docs, *received;
	int		 pending, future;

	if (check_registration_valid(db, holder_id, registration_id, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM applications WHERE status = "
	    "'pending' AND kind = 'reissue' AND registration_id = ?1)", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, registration_id, -1, SQLITE_STATIC);
	pending = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0);
	db_release(db, stmt);
	if (pending) {
		xasprintf(cause, _("a reissue of this certificate already awaits a "
		    "supervisor"));
		return -1;
	}
	juki = value_of(items, values, n, "juki_result_id");
	docs = value_of(items, values, n, "identity_documents");
	if (juki != NULL && *juki != '\0' && juki_answer_check(db, holder_id, juki,
	    cause) != 0)
		return -1;
	if ((juki == NULL || *juki == '\0') && (docs == NULL || *docs == '\0') &&
	    !reception_identity_confirmed(db, holder_id)) {
		xasprintf(cause, _("identity check: give the Juki result id or the documents "
		    "seen, or confirm the identity on the reception (u on the holder)"));
		return -1;
	}
	if (check_fee(value_of(items, values, n, "fee_kind"), value_of(items, values, n,
	    "fee_amount"), cause) != 0)
		return -1;
	received = value_of(items, values, n, "received_date");
	stmt = db_prepare(db, "SELECT ?1 > " TODAY, cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, received, -1, SQLITE_STATIC);
	future = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0);
	db_release(db, stmt);
	if (future) {
		xasprintf(cause, _("Date received: in the future"));
		return -1;
	}
	return check_rewrite(db, holder_id, value_of(items, values, n, "reason"), items,
	    values, n, base_version, cause);
}

int
reissue_is_rewrite(const struct application *a)
{
	const char	*reason = reg_values_get(a->values, a->n_values, "reason");

	return reason != NULL && strcmp(reason, "rewrite") == 0;
}

int
reissue_prepare(struct db *db, struct application *a, char today[11], char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*detail;

	if (check_registration_valid(db, a->holder_id, a->registration_id, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT " TODAY, cause);
	if (stmt == NULL)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		db_release(db, stmt);
		return db_fail(db, cause, _("cannot read the date"));
	}
	snprintf(today, 11, "%s", sqlite3_column_text(stmt, 0));
	db_release(db, stmt);
	if (!reissue_is_rewrite(a))
		return 0;
	/* The correction's event: 書換え on the reissue date, with the reason's details. */
	detail = reg_values_get(a->values, a->n_values, "reason_detail");
	a->values = xreallocarray(a->values, a->n_values + 2, sizeof *a->values);
	a->values[a->n_values].key = xstrdup("event_date");
	a->values[a->n_values++].value = xstrdup(today);
	a->values[a->n_values].key = xstrdup("reason_text");
	a->values[a->n_values++].value = xstrdup(detail != NULL ? detail : "");
	return 0;
}

/* One row of certificates as it goes to the central store. */
int
cert_outbox(struct db *db, const char *id, int update, char **cause)
{
	return outbox_append_row(db, "certificate", "SELECT CASE status WHEN 'valid' THEN 1 "
	    "ELSE 2 END, json_object('id', id, 'registration_id', registration_id, "
	    "'certificate_number', certificate_number, 'kind', kind, 'issued_on', issued_on, "
	    "'issue_date', issue_date, 'reissue_date', reissue_date, 'reissue_count', "
	    "reissue_count, 'status', status, 'void_reason', void_reason, 'voided_at', "
	    "voided_at, 'replaced_by', replaced_by, 'application_id', application_id, "
	    "'created_by', created_by, 'approved_by', approved_by, 'created_at', created_at) "
	    "FROM certificates WHERE id = ?1", id, update, cause);
}

static int
insert_certificate(struct db *db, const char *id, const char *registration_id,
    const char *number, const char *kind, const char *issued_on, const char *issue_date,
    const char *reissue_date, unsigned count, const char *application_id,
    const char *created_by, const char *approved_by, char **cause)
{
	sqlite3_stmt	*stmt;

	stmt = db_prepare(db, "INSERT INTO certificates (id, registration_id, "
	    "certificate_number, kind, issued_on, issue_date, reissue_date, reissue_count, "
	    "application_id, created_by, approved_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9, ?10, ?11, " NOW ")", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, registration_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, number, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, issued_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, issue_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, reissue_date, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 8, (int)count);
	sqlite3_bind_text(stmt, 9, application_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, created_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, approved_by, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot record the certificate"), cause) != 0)
		return -1;
	return cert_outbox(db, id, 0, cause);
}

int
cert_current(struct db *db, const char *registration_id, const char *created_by,
    char id[37], char **cause)
{
	sqlite3_stmt	*stmt;
	char		*number = NULL, *issue_date = NULL, *reissue_date = NULL;
	unsigned	 count = 0;
	int		 rc = -1, found;

	*id = '\0';
	stmt = db_prepare(db, "SELECT id FROM certificates WHERE registration_id = ?1 AND "
	    "status = 'valid'", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, registration_id, -1, SQLITE_STATIC);
	if ((found = sqlite3_step(stmt) == SQLITE_ROW))
		snprintf(id, 37, "%s", sqlite3_column_text(stmt, 0));
	db_release(db, stmt);
	if (found)
		return 0;

	/* The last 再交付 event gives the date of a reissue made before. */
	stmt = db_prepare(db, "SELECT certificate_number, issue_date, reissue_count, "
	    "COALESCE((SELECT max(event_date) FROM events WHERE registration_id = r.id AND "
	    "kind = 'reissue'), issue_date) FROM registrations r WHERE id = ?1 AND NOT EXISTS "
	    "(SELECT 1 FROM certificates WHERE registration_id = r.id)", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, registration_id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		db_release(db, stmt);
		xasprintf(cause, _("this registration has no valid certificate"));
		return -1;
	}
	number = db_column_dup(stmt, 0);
	issue_date = db_column_dup(stmt, 1);
	count = (unsigned)sqlite3_column_int(stmt, 2);
	reissue_date = db_column_dup(stmt, 3);
	db_release(db, stmt);
	if (uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		goto out;
	}
	rc = insert_certificate(db, id, registration_id, number, count > 0 ? "reissue" :
	    "issue", count > 0 ? reissue_date : issue_date, issue_date, count > 0 ?
	    reissue_date : "", count, NULL, created_by, NULL, cause);
out:
	free(number);
	free(issue_date);
	free(reissue_date);
	return rc;
}

int
reissue_issue(struct db *db, const struct actor *who, struct application *a,
    const char *today, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 old_id[37], new_id[37], event_id[37], *number = NULL;
	char		*issue_date = NULL, *reissue_date = NULL, *before = NULL;
	const char	*reason, *detail;
	unsigned	 count;
	int		 rc = -1, rewrite = reissue_is_rewrite(a);

	reason = reg_values_get(a->values, a->n_values, "reason");
	if (uuid_generate(new_id) != 0 || uuid_generate(event_id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		return -1;
	}
	stmt = db_prepare(db, "SELECT id FROM certificates WHERE registration_id = ?1 AND "
	    "status = 'valid'", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, a->registration_id, -1, SQLITE_STATIC);
	*old_id = '\0';
	if (sqlite3_step(stmt) == SQLITE_ROW)
		snprintf(old_id, sizeof old_id, "%s", sqlite3_column_text(stmt, 0));
	db_release(db, stmt);
	if (*old_id == '\0' && cert_current(db, a->registration_id, a->requested_by, old_id,
	    cause) != 0)
		return -1;

	stmt = db_prepare(db, "SELECT certificate_number, issue_date, reissue_date, "
	    "reissue_count, json_object('certificate', certificate_number, 'reissue_count', "
	    "reissue_count, 'reissue_date', reissue_date) FROM certificates WHERE id = ?1",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, old_id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		db_release(db, stmt);
		return db_fail(db, cause, _("cannot read the certificate"));
	}
	number = db_column_dup(stmt, 0);
	issue_date = db_column_dup(stmt, 1);
	reissue_date = db_column_dup(stmt, 2);
	count = (unsigned)sqlite3_column_int(stmt, 3);
	before = db_column_dup(stmt, 4);
	db_release(db, stmt);

	/* Void first: one valid certificate at a time; replaced_by is checked at commit. */
	stmt = db_prepare(db, "UPDATE certificates SET status = 'void', voided_at = " NOW ", "
	    "void_reason = ?2, replaced_by = ?3 WHERE id = ?1 AND status = 'valid'", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, old_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, new_id, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot void the certificate"), cause) != 0)
		goto out;
	if (!rewrite)
		count++;
	if (insert_certificate(db, new_id, a->registration_id, number, rewrite ? "rewrite" :
	    "reissue", today, issue_date, rewrite ? reissue_date : today, count, a->id,
	    a->requested_by, who->user, cause) != 0 ||
	    cert_outbox(db, old_id, 1, cause) != 0)
		goto out;

	stmt = db_prepare(db, "UPDATE registrations SET reissue_count = ?2, version = "
	    "version + 1, updated_at = " NOW " WHERE id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, a->registration_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, (int)count);
	if (db_step_done(db, stmt, _("cannot update the registration"), cause) != 0 ||
	    reg_outbox_registration(db, a->registration_id, 1, cause) != 0)
		goto out;
	if (rewrite) {
		/* The 書換え event came with the name or 本籍 change (apply_correction). */
		rc = 0;
		goto out;
	}

	/* The 再交付 event: its date, reason code and details; the paper it replaced. */
	stmt = db_prepare(db, "INSERT INTO events (id, registration_id, holder_id, kind, "
	    "event_date, reason_code, reason_text, before_json, sensitive, created_by, "
	    "approved_by, created_at) VALUES (?1, ?2, ?3, 'reissue', ?4, ?5, ?6, ?7, 0, ?8, "
	    "?9, " NOW ")", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, event_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, a->registration_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, a->holder_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, today, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, reason, -1, SQLITE_STATIC);
	detail = reg_values_get(a->values, a->n_values, "reason_detail");
	sqlite3_bind_text(stmt, 6, detail != NULL ? detail : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, before, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, a->requested_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, who->user, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot record the event"), cause) != 0)
		goto out;
	rc = reg_outbox_event(db, event_id, cause);
out:
	free(number);
	free(issue_date);
	free(reissue_date);
	free(before);
	return rc;
}
