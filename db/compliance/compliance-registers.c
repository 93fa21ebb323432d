/* The office's registers (compliance-registers.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "clock.h"
#include "compliance/compliance-registers.h"
#include "db-internal.h"
#include "i18n.h"
#include "sync/outbox.h"
#include "uuid.h"
#include "valid.h"
#include "xmalloc.h"

const char *const training_kinds[] = { "new_handler", "transfer", "annual", "security",
	NULL };

const char *
training_kind_label(const char *kind)
{
	if (strcmp(kind, "new_handler") == 0)
		return _("new handler");
	if (strcmp(kind, "transfer") == 0)
		return _("transferred staff");
	if (strcmp(kind, "annual") == 0)
		return _("annual");
	if (strcmp(kind, "security") == 0)
		return _("security");
	return kind;
}

const char *
enquiry_kind_label(const char *kind)
{
	if (strcmp(kind, "consultation") == 0)
		return _("consultation");
	if (strcmp(kind, "disclosure") == 0)
		return _("disclosure request");
	return kind;
}

const char *
incident_step_label(int step)
{
	switch (step) {
	case 1:
		return _("① first response");
	case 2:
		return _("② containment");
	case 3:
		return _("③ investigation");
	case 4:
		return _("④ notice to the persons");
	case 5:
		return _("⑤ report to the Personal Information Protection Commission");
	case 6:
		return _("⑥ recurrence prevention");
	case 7:
		return _("⑦ closure");
	}
	return NULL;
}

/* A date as typed, into iso: valid, and not after today. */
static int
past_date(const char *what, const char *typed, char iso[DATE_ISO_SIZE], char **cause)
{
	struct date	 d, today;
	char		*why = NULL;

	if (typed == NULL || *typed == '\0') {
		xasprintf(cause, _("%s: required"), what);
		return -1;
	}
	if (valid_date(typed, &d, &why) != 0) {
		xasprintf(cause, "%s: %s", what, why);
		free(why);
		return -1;
	}
	date_today(&today);
	if (date_cmp(&d, &today) > 0) {
		xasprintf(cause, _("%s: %s is in the future; a register records what happened"),
		    what, typed);
		return -1;
	}
	date_format_iso(&d, iso);
	return 0;
}

static int
required(const char *what, const char *value, size_t max, char **cause)
{
	if (value == NULL || *value == '\0') {
		xasprintf(cause, _("%s: required"), what);
		return -1;
	}
	if (strlen(value) > max) {
		xasprintf(cause, _("%s: at most %zu bytes"), what, max);
		return -1;
	}
	return 0;
}

/* The row of table whose id is ?1 into the outbox as entity (version from the row). */
static int
row_to_outbox(struct db *db, const char *entity, const char *table, const char *columns,
    int versioned, const char *id, int update, char **cause)
{
	char	*sql;
	int	 rc;

	xasprintf(&sql, "SELECT %s, json_object(%s) FROM %s WHERE id = ?1", versioned ?
	    "version" : "1", columns, table);
	rc = outbox_append_row(db, entity, sql, id, update, cause);
	free(sql);
	return rc;
}

#define INCIDENT_JSON "'id', id, 'found_on', found_on, 'found_by', found_by, 'summary', " \
	"summary, 'data_kinds', data_kinds, 'persons', persons, 'mynumber', mynumber, " \
	"'cause', cause, 'recorded_by', recorded_by, 'recorded_at', recorded_at"
#define STEP_JSON "'id', id, 'incident_id', incident_id, 'step', step, 'done_on', " \
	"done_on, 'done_by', done_by, 'note', note, 'recorded_by', recorded_by, " \
	"'recorded_at', recorded_at"
#define TRAINING_JSON "'id', id, 'user_name', user_name, 'course', course, 'kind', kind, " \
	"'taken_on', taken_on, 'recorded_by', recorded_by, 'recorded_at', recorded_at"
#define ENQUIRY_JSON "'id', id, 'kind', kind, 'received_on', received_on, 'subject', " \
	"subject, 'holder_id', holder_id, 'answered_on', answered_on, 'answer', answer, " \
	"'recorded_by', recorded_by, 'recorded_at', recorded_at"
#define ATTESTATION_JSON "'id', id, 'item', item, 'statement', statement, 'document', " \
	"document, 'stated_on', stated_on, 'stated_by', stated_by, 'recorded_at', recorded_at"

static void
now_iso(char *buf, size_t len)
{
	struct timespec	 now;

	clock_now(&now);
	clock_iso_at(now.tv_sec, buf, len);
}

/* The start of every recording: its id, its time, its transaction. */
static int
begin_record(struct db *db, char id[37], char at[CLOCK_ISO_SIZE], char **cause)
{
	if (uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot make an id"));
		return -1;
	}
	now_iso(at, CLOCK_ISO_SIZE);
	return db_begin(db, cause);
}

/* The end of every recording: its audit entry, then commit (or roll back on failure). */
static int
finish(struct db *db, const struct actor *who, int rc, const char *action,
    const char *target, const char *detail, char **cause)
{
	if (rc == 0)
		rc = audit_actor(db, who, action, target, "ok", detail, cause);
	return db_finish(db, rc, cause);
}

int
incident_record(struct db *db, const struct actor *who, const struct incident_new *in,
    char id[37], char **cause)
{
	sqlite3_stmt	*stmt;
	char		 found[DATE_ISO_SIZE], at[CLOCK_ISO_SIZE], *target;
	int		 rc = -1;

	*cause = NULL;
	if (rolefn_require(db, who, "compliance.record", cause) != 0 ||
	    past_date(_("found on"), in->found_on, found, cause) != 0 ||
	    required(_("found by"), in->found_by, 100, cause) != 0 ||
	    required(_("what happened"), in->summary, 500, cause) != 0 ||
	    required(_("what data"), in->data_kinds, 200, cause) != 0)
		return -1;
	if (in->persons < 0) {
		xasprintf(cause, _("persons: a number, 0 or more"));
		return -1;
	}
	if (in->cause != NULL && strlen(in->cause) > 500) {
		xasprintf(cause, _("%s: at most %zu bytes"), _("cause"), (size_t)500);
		return -1;
	}
	if (begin_record(db, id, at, cause) != 0)
		return -1;
	stmt = db_prepare(db, "INSERT INTO incidents (id, found_on, found_by, summary, "
	    "data_kinds, persons, mynumber, cause, recorded_by, recorded_at) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", cause);
	if (stmt != NULL) {
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, found, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, in->found_by, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, in->summary, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, in->data_kinds, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 6, in->persons);
		sqlite3_bind_int(stmt, 7, in->mynumber != 0);
		sqlite3_bind_text(stmt, 8, in->cause != NULL ? in->cause : "", -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(stmt, 9, who->user, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 10, at, -1, SQLITE_STATIC);
		rc = db_step_done(db, stmt, _("cannot record the incident"), cause);
	}
	if (rc == 0)
		rc = row_to_outbox(db, "incident", "incidents", INCIDENT_JSON, 1, id, 0, cause);
	xasprintf(&target, "incident:%s", id);
	rc = finish(db, who, rc, "compliance.incident", target, "recorded", cause);
	free(target);
	return rc;
}

int
incident_step_record(struct db *db, const struct actor *who, const char *incident_id,
    int step, const char *done_on, const char *done_by, const char *note, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 done[DATE_ISO_SIZE], at[CLOCK_ISO_SIZE], id[37], *found = NULL;
	char		*target, *detail;
	int		 rc = -1, dup = 0;

	*cause = NULL;
	if (rolefn_require(db, who, "compliance.record", cause) != 0)
		return -1;
	if (incident_step_label(step) == NULL) {
		xasprintf(cause, _("step: 1 to 7 (① first response … ⑦ closure), not %d"), step);
		return -1;
	}
	if (past_date(_("done on"), done_on, done, cause) != 0 ||
	    required(_("done by"), done_by, 100, cause) != 0)
		return -1;
	if (note != NULL && strlen(note) > 500) {
		xasprintf(cause, _("%s: at most %zu bytes"), _("note"), (size_t)500);
		return -1;
	}
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT found_on, (SELECT count(*) FROM incident_steps WHERE "
	    "incident_id = ?1 AND step = ?2) FROM incidents WHERE id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, incident_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, step);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		found = db_column_dup(stmt, 0);
		dup = sqlite3_column_int(stmt, 1);
	}
	db_release(db, stmt);
	if (found == NULL) {
		xasprintf(cause, _("no incident %s"), incident_id);
		goto out;
	}
	if (dup) {
		xasprintf(cause, _("step %s of this incident is recorded already"),
		    incident_step_label(step));
		goto out;
	}
	if (strcmp(done, found) < 0) {
		xasprintf(cause, _("done on: %s is before the incident was found (%s)"), done,
		    found);
		goto out;
	}
	if (uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot make an id"));
		goto out;
	}
	now_iso(at, sizeof at);
	stmt = db_prepare(db, "INSERT INTO incident_steps (id, incident_id, step, done_on, "
	    "done_by, note, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	    cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, incident_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, step);
	sqlite3_bind_text(stmt, 4, done, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, done_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, note != NULL ? note : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, at, -1, SQLITE_STATIC);
	if ((rc = db_step_done(db, stmt, _("cannot record the step"), cause)) == 0)
		rc = row_to_outbox(db, "incident_step", "incident_steps", STEP_JSON, 0, id, 0,
		    cause);
out:
	free(found);
	xasprintf(&target, "incident:%s", incident_id);
	xasprintf(&detail, "step %d on %s", step, done);
	rc = finish(db, who, rc, "compliance.incident.step", target, detail, cause);
	free(target);
	free(detail);
	return rc;
}

int
training_record(struct db *db, const struct actor *who, const char *user,
    const char *course, const char *kind, const char *taken_on, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 taken[DATE_ISO_SIZE], at[CLOCK_ISO_SIZE], id[37], *target, *detail;
	size_t		 i;
	int		 rc = -1, known = 0, account;

	*cause = NULL;
	if (rolefn_require(db, who, "compliance.record", cause) != 0 ||
	    required(_("person"), user, 64, cause) != 0 ||
	    required(_("course"), course, 200, cause) != 0 ||
	    past_date(_("taken on"), taken_on, taken, cause) != 0)
		return -1;
	for (i = 0; kind != NULL && training_kinds[i] != NULL; i++)
		known |= strcmp(kind, training_kinds[i]) == 0;
	if (!known) {
		xasprintf(cause, _("kind: new_handler, transfer, annual or security, not \"%s\""),
		    kind != NULL ? kind : "");
		return -1;
	}
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT count(*) FROM accounts WHERE user_name = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, user, -1, SQLITE_STATIC);
	account = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
	db_release(db, stmt);
	if (account == 0) {
		xasprintf(cause, _("person: %s has no account on this terminal; training is "
		    "recorded for account holders"), user);
		goto out;
	}
	if (uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot make an id"));
		goto out;
	}
	now_iso(at, sizeof at);
	stmt = db_prepare(db, "INSERT INTO training_records (id, user_name, course, kind, "
	    "taken_on, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, course, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, taken, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, at, -1, SQLITE_STATIC);
	if ((rc = db_step_done(db, stmt, _("cannot record the training"), cause)) == 0)
		rc = row_to_outbox(db, "training_record", "training_records", TRAINING_JSON, 0,
		    id, 0, cause);
out:
	xasprintf(&target, "user:%s", user);
	xasprintf(&detail, "%s training on %s: %s", kind, taken, course);
	rc = finish(db, who, rc, "compliance.training", target, detail, cause);
	free(target);
	free(detail);
	return rc;
}

int
enquiry_record(struct db *db, const struct actor *who, const char *kind,
    const char *received_on, const char *subject, const char *holder_id, char id[37],
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		 received[DATE_ISO_SIZE], at[CLOCK_ISO_SIZE], *target;
	int		 rc = -1;

	*cause = NULL;
	if (rolefn_require(db, who, "compliance.record", cause) != 0)
		return -1;
	if (kind == NULL || (strcmp(kind, "consultation") != 0 &&
	    strcmp(kind, "disclosure") != 0)) {
		xasprintf(cause, _("kind: consultation or disclosure"));
		return -1;
	}
	if (past_date(_("received on"), received_on, received, cause) != 0 ||
	    required(_("subject"), subject, 300, cause) != 0)
		return -1;
	if (holder_id != NULL && *holder_id == '\0')
		holder_id = NULL;
	if (begin_record(db, id, at, cause) != 0)
		return -1;
	stmt = db_prepare(db, "INSERT INTO enquiries (id, kind, received_on, subject, "
	    "holder_id, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", cause);
	if (stmt != NULL) {
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, received, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, subject, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, holder_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 6, who->user, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 7, at, -1, SQLITE_STATIC);
		rc = db_step_done(db, stmt, _("cannot record the enquiry"), cause);
	}
	if (rc == 0)
		rc = row_to_outbox(db, "enquiry", "enquiries", ENQUIRY_JSON, 1, id, 0, cause);
	xasprintf(&target, "enquiry:%s", id);
	rc = finish(db, who, rc, "compliance.enquiry", target, kind, cause);
	free(target);
	return rc;
}

int
enquiry_answer(struct db *db, const struct actor *who, const char *id,
    const char *answered_on, const char *answer, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 answered[DATE_ISO_SIZE], *received = NULL, *target;
	int		 rc = -1, open = 0;

	*cause = NULL;
	if (rolefn_require(db, who, "compliance.record", cause) != 0 ||
	    past_date(_("answered on"), answered_on, answered, cause) != 0 ||
	    required(_("answer"), answer, 500, cause) != 0)
		return -1;
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT received_on, answered_on IS NULL FROM enquiries WHERE "
	    "id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		received = db_column_dup(stmt, 0);
		open = sqlite3_column_int(stmt, 1);
	}
	db_release(db, stmt);
	if (received == NULL) {
		xasprintf(cause, _("no enquiry %s"), id);
		goto out;
	}
	if (!open) {
		xasprintf(cause, _("that enquiry is answered already"));
		goto out;
	}
	if (strcmp(answered, received) < 0) {
		xasprintf(cause, _("answered on: %s is before it was received (%s)"), answered,
		    received);
		goto out;
	}
	stmt = db_prepare(db, "UPDATE enquiries SET answered_on = ?2, answer = ?3, version = "
	    "version + 1 WHERE id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, answered, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, answer, -1, SQLITE_STATIC);
	if ((rc = db_step_done(db, stmt, _("cannot record the answer"), cause)) == 0)
		rc = row_to_outbox(db, "enquiry", "enquiries", ENQUIRY_JSON, 1, id, 1, cause);
out:
	free(received);
	xasprintf(&target, "enquiry:%s", id);
	rc = finish(db, who, rc, "compliance.enquiry.answer", target, "answered", cause);
	free(target);
	return rc;
}

int
attestation_record(struct db *db, const struct actor *who, int item,
    const char *statement, const char *document, const char *stated_on, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 stated[DATE_ISO_SIZE], at[CLOCK_ISO_SIZE], id[37], *detail;
	int		 rc = -1;

	*cause = NULL;
	if (rolefn_require(db, who, "compliance.record", cause) != 0)
		return -1;
	if (item < 1 || item > 15) {
		xasprintf(cause, _("item: a survey item 1 to 15, not %d"), item);
		return -1;
	}
	if (required(_("statement"), statement, 500, cause) != 0 ||
	    required(_("document"), document, 200, cause) != 0 ||
	    past_date(_("stated on"), stated_on, stated, cause) != 0)
		return -1;
	if (begin_record(db, id, at, cause) != 0)
		return -1;
	stmt = db_prepare(db, "INSERT INTO attestations (id, item, statement, document, "
	    "stated_on, stated_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", cause);
	if (stmt != NULL) {
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int(stmt, 2, item);
		sqlite3_bind_text(stmt, 3, statement, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, document, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, stated, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 6, who->user, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 7, at, -1, SQLITE_STATIC);
		rc = db_step_done(db, stmt, _("cannot record the attestation"), cause);
	}
	if (rc == 0)
		rc = row_to_outbox(db, "attestation", "attestations", ATTESTATION_JSON, 0, id,
		    0, cause);
	xasprintf(&detail, "item %d: %s (%s)", item, document, stated);
	rc = finish(db, who, rc, "compliance.attest", "", detail, cause);
	free(detail);
	return rc;
}
