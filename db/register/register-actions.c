/*
 * Administrative actions on a registration (register-actions.h): 停止, 取消, 返納命令 and
 * 返還 filed as applications, checked against the state table (status_transitions) when
 * filed and again when approved, since the registration may have changed in between; the
 * automatic end of a suspension; the overdue list of 返納命令.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "cert/certificates.h"
#include "db-internal.h"
#include "i18n.h"
#include "register/register-actions.h"
#include "register/register-internal.h"
#include "sync/outbox.h"
#include "uuid.h"
#include "valid.h"
#include "xmalloc.h"

#define TODAY	"date('now', 'localtime')"

/* The dates are read as any date item of a form is (era or ISO), and stored ISO. */
static const struct reg_item date_item =
	{ ACTION_DATE_KEY, N_("Date"), REG_DATE, 20, REG_REQUIRED };

/* A checked action: normalised dates and text, the registration's holder and states. */
struct checked_action {
	char	 action[16];
	char	*date;
	char	*until;
	char	*reason_code;
	char	*reason_text;
	char	 holder_id[37];
	char	 from[16];
	char	 to[16];
};

static void	 checked_action_free(struct checked_action *);
static int	 normalise(const struct reg_action *, struct checked_action *, char **);
static int	 check_against_register(struct db *, const char *, const char *,
		    struct checked_action *, char **);
static int	 check_overlap(struct db *, const char *, const char *,
		    const struct checked_action *, char **);
static int	 check_certificate(struct db *, const char *, char [37], char **);
static int	 check_reason(struct db *, const struct checked_action *, char **);
static int	 set_status(struct db *, const char *, const char *, char **);

static const char *
action_label(const char *action)
{
	const char	*label = reg_code_label(reg_event_kinds, action);

	return label != NULL ? label : action;
}

static const char *
status_label(const char *status)
{
	const char	*label = reg_code_label(reg_statuses, status);

	return label != NULL ? label : status;
}

static void
checked_action_free(struct checked_action *c)
{
	free(c->date);
	free(c->until);
	free(c->reason_code);
	free(c->reason_text);
	memset(c, 0, sizeof *c);
}

int
action_transition(struct db *db, const char *from, const char *action, char to[16],
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 found;

	stmt = db_prepare(db, "SELECT to_status FROM status_transitions WHERE from_status = ?1 "
	    "AND action = ?2", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, action, -1, SQLITE_STATIC);
	if ((found = sqlite3_step(stmt) == SQLITE_ROW))
		snprintf(to, 16, "%s", sqlite3_column_text(stmt, 0));
	db_release(db, stmt);
	if (!found) {
		/* "suspension is not allowed when the registration is cancelled ..." */
		xasprintf(cause, _("%s is not allowed when the registration is %s (state "
		    "table)"), action_label(action), status_label(from));
		return -1;
	}
	return 0;
}

/* What does not need the register: the action's name, its dates, its text. */
static int
normalise(const struct reg_action *act, struct checked_action *c, char **cause)
{
	static const char *const filed[] = { "suspend", "cancel", "return-order", "return",
	    NULL };
	char		*why = NULL;
	size_t		 i;
	int		 period;

	memset(c, 0, sizeof *c);
	if (act->action != NULL && strcmp(act->action, "suspend-end") == 0) {
		xasprintf(cause, _("the end of a suspension (停止) is automatic: it is not "
		    "applied for"));
		return -1;
	}
	for (i = 0; filed[i] != NULL; i++) {
		if (act->action != NULL && strcmp(act->action, filed[i]) == 0)
			break;
	}
	if (filed[i] == NULL) {
		xasprintf(cause, _("'%s' is not an administrative action"),
		    act->action != NULL ? act->action : "");
		return -1;
	}
	snprintf(c->action, sizeof c->action, "%s", filed[i]);
	if (act->date == NULL || *act->date == '\0') {
		xasprintf(cause, _("the date of the action is required"));
		goto fail;
	}
	if (reg_check(&date_item, act->date, &c->date, &why) != 0) {
		xasprintf(cause, _("Date: %s"), why);
		goto fail;
	}
	period = strcmp(c->action, "suspend") == 0 || strcmp(c->action, "return-order") == 0;
	if (period && (act->until == NULL || *act->until == '\0')) {
		xasprintf(cause, strcmp(c->action, "suspend") == 0 ? _("a suspension (停止) "
		    "needs its last day") : _("a return order (返納命令) needs its due date"));
		goto fail;
	}
	if (!period && act->until != NULL && *act->until != '\0') {
		xasprintf(cause, _("only a suspension or a return order has a period"));
		goto fail;
	}
	if (period && reg_check(&date_item, act->until, &c->until, &why) != 0) {
		xasprintf(cause, _("Until: %s"), why);
		goto fail;
	}
	if (c->until != NULL && strcmp(c->until, c->date) < 0) {
		xasprintf(cause, _("the period ends (%s) before it starts (%s)"), c->until,
		    c->date);
		goto fail;
	}
	if (act->reason_code == NULL || *act->reason_code == '\0') {
		xasprintf(cause, _("the reason code is required"));
		goto fail;
	}
	c->reason_code = xstrdup(act->reason_code);
	if (valid_text(act->reason_text != NULL ? act->reason_text : "", 200, 0, &why) != 0) {
		xasprintf(cause, _("Reason: %s"), why);
		goto fail;
	}
	c->reason_text = xstrdup(act->reason_text != NULL ? act->reason_text : "");
	return 0;
fail:
	free(why);
	checked_action_free(c);
	return -1;
}

static int
check_reason(struct db *db, const struct checked_action *c, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 found;

	stmt = db_prepare(db, "SELECT 1 FROM action_reasons WHERE action = ?1 AND code = ?2",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, c->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, c->reason_code, -1, SQLITE_STATIC);
	found = sqlite3_step(stmt) == SQLITE_ROW;
	db_release(db, stmt);
	if (!found) {
		xasprintf(cause, _("reason code '%s' is not a reason for %s"),
		    c->reason_code, action_label(c->action));
		return -1;
	}
	return 0;
}

/*
 * Two suspensions of one registration never overlap: neither one recorded nor one waiting
 * for a supervisor (except application self, which is the one being approved).
 */
static int
check_overlap(struct db *db, const char *registration_id, const char *self,
    const struct checked_action *c, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*from = NULL, *until = NULL;

	stmt = db_prepare(db, "SELECT event_date, until_date FROM events WHERE "
	    "registration_id = ?1 AND kind = 'suspend' AND event_date <= ?3 AND until_date >= "
	    "?2 UNION ALL SELECT json_extract(payload, '$." ACTION_DATE_KEY "'), "
	    "json_extract(payload, '$." ACTION_UNTIL_KEY "') FROM applications WHERE "
	    "registration_id = ?1 AND kind = 'action' AND status = 'pending' AND id IS NOT ?4 "
	    "AND json_extract(payload, '$." ACTION_KEY "') = 'suspend' AND "
	    "json_extract(payload, '$." ACTION_DATE_KEY "') <= ?3 AND json_extract(payload, "
	    "'$." ACTION_UNTIL_KEY "') >= ?2 LIMIT 1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, registration_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, c->date, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, c->until, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, self, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		from = db_column_dup(stmt, 0);
		until = db_column_dup(stmt, 1);
	}
	db_release(db, stmt);
	if (from == NULL)
		return 0;
	xasprintf(cause, _("suspensions (停止) may not overlap: %s to %s is already recorded "
	    "or applied for"), from, until != NULL ? until : "");
	free(from);
	free(until);
	return -1;
}

/* A 返還 is of a certificate: the registration's valid one (id to cert_id). */
static int
check_certificate(struct db *db, const char *registration_id, char cert_id[37],
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 found;

	stmt = db_prepare(db, "SELECT id FROM certificates WHERE registration_id = ?1 AND "
	    "status = 'valid'", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, registration_id, -1, SQLITE_STATIC);
	if ((found = sqlite3_step(stmt) == SQLITE_ROW))
		snprintf(cert_id, 37, "%s", sqlite3_column_text(stmt, 0));
	db_release(db, stmt);
	if (!found) {
		xasprintf(cause, _("a return (返還) needs a valid certificate of the "
		    "registration: none is out"));
		return -1;
	}
	return 0;
}

/* The registration as it is now: the table's row for its state, and the action's rules. */
static int
check_against_register(struct db *db, const char *registration_id, const char *self,
    struct checked_action *c, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 cert[37];
	int		 found;

	if (registration_id == NULL || *registration_id == '\0') {
		xasprintf(cause, _("an administrative action needs the registration"));
		return -1;
	}
	stmt = db_prepare(db, "SELECT holder_id, status FROM registrations WHERE id = ?1",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, registration_id, -1, SQLITE_STATIC);
	if ((found = sqlite3_step(stmt) == SQLITE_ROW)) {
		snprintf(c->holder_id, sizeof c->holder_id, "%s", sqlite3_column_text(stmt, 0));
		snprintf(c->from, sizeof c->from, "%s", sqlite3_column_text(stmt, 1));
	}
	db_release(db, stmt);
	if (!found) {
		xasprintf(cause, _("no such registration in the register"));
		return -1;
	}
	if (action_transition(db, c->from, c->action, c->to, cause) != 0 ||
	    check_reason(db, c, cause) != 0)
		return -1;
	/* A suspension starts on its first day: the desk has no automatic start. */
	if (strcmp(c->action, "suspend") == 0) {
		stmt = db_prepare(db, "SELECT ?1 > " TODAY, cause);
		if (stmt == NULL)
			return -1;
		sqlite3_bind_text(stmt, 1, c->date, -1, SQLITE_STATIC);
		found = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0);
		db_release(db, stmt);
		if (found) {
			xasprintf(cause, _("a suspension (停止) is applied for from today or an "
			    "earlier day, not %s"), c->date);
			return -1;
		}
		return check_overlap(db, registration_id, self, c, cause);
	}
	if (strcmp(c->action, "return") == 0)
		return check_certificate(db, registration_id, cert, cause);
	return 0;
}

int
action_submit(struct db *db, const struct actor *who, const char *registration_id,
    const struct reg_action *act, char id[37], char **cause)
{
	struct checked_action	 c;
	sqlite3_stmt		*stmt;
	char			*target, *payload = NULL;
	int			 rc = -1;

	*cause = NULL;
	if (rolefn_require(db, who, "register.apply", cause) != 0)
		return -1;
	if (normalise(act, &c, cause) != 0)
		return -1;
	if (db_begin(db, cause) != 0) {
		checked_action_free(&c);
		return -1;
	}
	if (check_against_register(db, registration_id, NULL, &c, cause) != 0)
		goto out;
	stmt = db_prepare(db, "SELECT json_object('" ACTION_KEY "', ?1, '" ACTION_DATE_KEY
	    "', ?2, '" ACTION_UNTIL_KEY "', ?3, '" ACTION_REASON_KEY "', ?4, '" ACTION_TEXT_KEY
	    "', ?5)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, c.action, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, c.date, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, c.until != NULL ? c.until : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, c.reason_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, c.reason_text, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		payload = db_column_dup(stmt, 0);
	db_release(db, stmt);
	if (payload == NULL || uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot store the application"));
		goto out;
	}
	/*
	 * The office acts of its own motion: no reception number (受付), which is for what
	 * a person brings to the counter.
	 */
	stmt = db_prepare(db, "INSERT INTO applications (id, kind, holder_id, registration_id, "
	    "payload, requested_by, requested_at) VALUES (?1, 'action', ?2, ?3, ?4, ?5, " NOW
	    ")", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, c.holder_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, registration_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, payload, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, who->user, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot store the application"), cause) != 0)
		goto out;
	if (outbox_append_row(db, "application", "SELECT version, json_object('id', id, 'kind', "
	    "kind, 'holder_id', holder_id, 'registration_id', registration_id, 'payload', "
	    "json(payload), 'status', status, 'requested_by', requested_by, 'requested_at', "
	    "requested_at, 'reception_number', reception_number) FROM applications WHERE id = "
	    "?1", id, 0, cause) != 0)
		goto out;
	xasprintf(&target, "holder:%s application:%s", c.holder_id, id);
	rc = audit_actor(db, who, "register.action", target, "ok", c.action, cause);
	free(target);
out:
	free(payload);
	checked_action_free(&c);
	return db_finish(db, rc, cause);
}

static int
set_status(struct db *db, const char *registration_id, const char *status, char **cause)
{
	sqlite3_stmt	*stmt;

	stmt = db_prepare(db, "UPDATE registrations SET status = ?2, version = version + 1, "
	    "updated_at = " NOW " WHERE id = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, registration_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, status, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot change the registration's state"), cause) != 0)
		return -1;
	return reg_outbox_registration(db, registration_id, 1, cause);
}

int
action_apply(struct db *db, const struct actor *who, struct application *a, char **cause)
{
	struct checked_action	 c;
	struct reg_action	 act;
	sqlite3_stmt		*stmt;
	char			 cert[37], *before;
	int			 rc = -1;

	memset(&act, 0, sizeof act);
	act.action = reg_values_get(a->values, a->n_values, ACTION_KEY);
	act.date = reg_values_get(a->values, a->n_values, ACTION_DATE_KEY);
	act.until = reg_values_get(a->values, a->n_values, ACTION_UNTIL_KEY);
	act.reason_code = reg_values_get(a->values, a->n_values, ACTION_REASON_KEY);
	act.reason_text = reg_values_get(a->values, a->n_values, ACTION_TEXT_KEY);
	if (normalise(&act, &c, cause) != 0)
		return -1;
	/* The registration may have changed since the filing: the table decides again. */
	if (check_against_register(db, a->registration_id, a->id, &c, cause) != 0)
		goto out;
	xasprintf(&before, "{\"status\":\"%s\"}", c.from);
	if (set_status(db, a->registration_id, c.to, cause) != 0) {
		free(before);
		goto out;
	}
	if (strcmp(c.action, "return") == 0) {
		if (check_certificate(db, a->registration_id, cert, cause) != 0) {
			free(before);
			goto out;
		}
		/* The certificate came back: void, as a reissue voids the one it replaces. */
		stmt = db_prepare(db, "UPDATE certificates SET status = 'void', voided_at = " NOW
		    ", void_reason = 'returned' WHERE id = ?1 AND status = 'valid'", cause);
		if (stmt == NULL) {
			free(before);
			goto out;
		}
		sqlite3_bind_text(stmt, 1, cert, -1, SQLITE_STATIC);
		if (db_step_done(db, stmt, _("cannot void the certificate"), cause) != 0 ||
		    cert_outbox(db, cert, 1, cause) != 0) {
			free(before);
			goto out;
		}
	}
	rc = reg_event_insert(db, c.holder_id, a->registration_id, c.action, c.date, c.until,
	    c.reason_code, c.reason_text, before, a->requested_by, who->user, cause);
	free(before);
out:
	checked_action_free(&c);
	return rc;
}

/* The last suspension of each suspended registration, if its last day is past. */
#define ENDING_SQL \
	"SELECT r.id, r.holder_id, date(e.until_date, '+1 day') FROM registrations r JOIN " \
	"events e ON e.rowid = (SELECT rowid FROM events WHERE registration_id = r.id AND " \
	"kind = 'suspend' ORDER BY event_date DESC, rowid DESC LIMIT 1) WHERE r.status = " \
	"'suspended' AND e.until_date < " TODAY

struct ending {
	char	 registration_id[37];
	char	 holder_id[37];
	char	 day[11];	/* the day after the last day of the suspension */
};

int
suspensions_end(struct db *db, const struct actor *who, int *ended, char **cause)
{
	struct ending	*list = NULL;
	sqlite3_stmt	*stmt;
	char		 to[16], *target;
	size_t		 n = 0, i;
	int		 rc = -1, step;

	*cause = NULL;
	if (ended != NULL)
		*ended = 0;
	/*
	 * Every desk runs this as it starts and as it opens a holder: most times there is
	 * nothing to end, and then no write transaction is begun.
	 */
	stmt = db_prepare(db, "SELECT EXISTS (" ENDING_SQL ")", cause);
	if (stmt == NULL)
		return -1;
	step = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0);
	db_release(db, stmt);
	if (!step)
		return 0;
	if (db_begin(db, cause) != 0)
		return -1;
	if ((stmt = db_prepare(db, ENDING_SQL, cause)) == NULL)
		goto out;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, n + 1, sizeof *list);
		snprintf(list[n].registration_id, 37, "%s", sqlite3_column_text(stmt, 0));
		snprintf(list[n].holder_id, 37, "%s", sqlite3_column_text(stmt, 1));
		snprintf(list[n++].day, 11, "%s", sqlite3_column_text(stmt, 2));
	}
	db_release(db, stmt);
	if (step != SQLITE_DONE) {
		db_fail(db, cause, _("cannot read the suspensions"));
		goto out;
	}
	for (i = 0; i < n; i++) {
		/* No approver: the end was decided with the period, by the rule of the table. */
		if (action_transition(db, "suspended", "suspend-end", to, cause) != 0 ||
		    set_status(db, list[i].registration_id, to, cause) != 0 ||
		    reg_event_insert(db, list[i].holder_id, list[i].registration_id, "suspend-end",
		    list[i].day, NULL, "", "", "{\"status\":\"suspended\"}", who->user, NULL,
		    cause) != 0)
			goto out;
		xasprintf(&target, "holder:%s registration:%s", list[i].holder_id,
		    list[i].registration_id);
		step = audit_actor(db, who, "register.suspend-end", target, "ok", list[i].day,
		    cause);
		free(target);
		if (step != 0)
			goto out;
	}
	if (ended != NULL)
		*ended = (int)n;
	rc = 0;
out:
	free(list);
	return db_finish(db, rc, cause);
}

int
overdue_returns(struct db *db, const struct actor *who, struct overdue_return **out,
    size_t *n, char **cause)
{
	struct overdue_return	*list = NULL, *o;
	sqlite3_stmt		*stmt;
	size_t			 count = 0;
	int			 step;

	*out = NULL;
	*n = 0;
	*cause = NULL;
	if (rolefn_require(db, who, "register.overdue", cause) != 0)
		return -1;
	/* Ordered back (the last 返納命令), due before today, the certificate still out. */
	stmt = db_prepare(db, "SELECT r.id, r.holder_id, h.family_name || ' ' || h.given_name, "
	    "r.certificate_number, e.until_date FROM registrations r JOIN holders h ON h.id = "
	    "r.holder_id JOIN events e ON e.rowid = (SELECT rowid FROM events WHERE "
	    "registration_id = r.id AND kind = 'return-order' ORDER BY event_date DESC, rowid "
	    "DESC LIMIT 1) WHERE r.status = 'returned' AND e.until_date < " TODAY " AND EXISTS "
	    "(SELECT 1 FROM certificates c WHERE c.registration_id = r.id AND c.status = "
	    "'valid') ORDER BY e.until_date, h.family_kana, h.given_kana", cause);
	if (stmt == NULL)
		return -1;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, count + 1, sizeof *list);
		o = &list[count++];
		memset(o, 0, sizeof *o);
		snprintf(o->registration_id, sizeof o->registration_id, "%s",
		    sqlite3_column_text(stmt, 0));
		snprintf(o->holder_id, sizeof o->holder_id, "%s", sqlite3_column_text(stmt, 1));
		o->name = db_column_dup(stmt, 2);
		o->certificate_number = db_column_dup(stmt, 3);
		o->due_date = db_column_dup(stmt, 4);
	}
	db_release(db, stmt);
	if (step != SQLITE_DONE) {
		overdue_returns_free(list, count);
		return db_fail(db, cause, _("cannot read the overdue returns"));
	}
	if (audit_actor(db, who, "register.overdue", "", "ok", NULL, cause) != 0) {
		overdue_returns_free(list, count);
		return -1;
	}
	*out = list;
	*n = count;
	return 0;
}

void
overdue_returns_free(struct overdue_return *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(list[i].name);
		free(list[i].certificate_number);
		free(list[i].due_date);
	}
	free(list);
}

int
action_reasons(struct db *db, const char *action, struct action_reason **out, size_t *n,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 step;

	*out = NULL;
	*n = 0;
	stmt = db_prepare(db, "SELECT code, CASE WHEN ?2 THEN label_ja ELSE label_en END FROM "
	    "action_reasons WHERE action = ?1 ORDER BY rowid", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, action, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, i18n_japanese());
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		snprintf((*out)[*n].code, sizeof (*out)[*n].code, "%s",
		    sqlite3_column_text(stmt, 0));
		(*out)[(*n)++].label = db_column_dup(stmt, 1);
	}
	db_release(db, stmt);
	if (step != SQLITE_DONE) {
		action_reasons_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, cause, _("cannot read the reason codes"));
	}
	return 0;
}

void
action_reasons_free(struct action_reason *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(list[i].label);
	free(list);
}

/* A refusal of a person not on the register: its row beside the application, synced. */
static int
write_refusal(struct db *db, const char *application_id, const char *date,
    const char *code, const char *text, const char *created_by, const char *approved_by,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		 id[UUID_STRLEN + 1];

	if (uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		return -1;
	}
	stmt = db_prepare(db, "INSERT INTO refusals (id, application_id, refusal_date, "
	    "reason_code, reason_text, created_by, approved_by, created_at) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, " NOW ")", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, application_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, created_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, approved_by, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot record the refusal"), cause) != 0)
		return -1;
	return outbox_append_row(db, "refusal", "SELECT 1, json_object('id', id, "
	    "'application_id', application_id, 'refusal_date', refusal_date, 'reason_code', "
	    "reason_code, 'reason_text', reason_text, 'created_by', created_by, "
	    "'approved_by', approved_by, 'created_at', created_at) FROM refusals WHERE id = ?1",
	    id, 0, cause);
}

int
registration_refuse(struct db *db, const struct actor *who, const char *id,
    const char *date, const char *reason_code, const char *reason_text, char **cause)
{
	struct checked_action	 c;
	sqlite3_stmt		*stmt;
	char			*kind = NULL, *status = NULL, *holder = NULL, *filer = NULL;
	char			*target, *why = NULL;
	int			 rc = -1;

	*cause = NULL;
	memset(&c, 0, sizeof c);
	if (rolefn_require(db, who, "approval.queue", cause) != 0)
		return -1;
	snprintf(c.action, sizeof c.action, "refuse");
	if (date == NULL || *date == '\0' || reg_check(&date_item, date, &c.date, &why) != 0) {
		xasprintf(cause, _("Date: %s"), why != NULL ? why : _("required"));
		free(why);
		return -1;
	}
	if (valid_text(reason_text != NULL ? reason_text : "", 200, 0, &why) != 0) {
		xasprintf(cause, _("Reason: %s"), why);
		free(why);
		checked_action_free(&c);
		return -1;
	}
	c.reason_code = xstrdup(reason_code != NULL ? reason_code : "");
	c.reason_text = xstrdup(reason_text != NULL ? reason_text : "");
	if (db_begin(db, cause) != 0) {
		checked_action_free(&c);
		return -1;
	}
	if (check_reason(db, &c, cause) != 0)
		goto out;
	stmt = db_prepare(db, "SELECT kind, status, holder_id, requested_by FROM applications "
	    "WHERE id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		kind = db_column_dup(stmt, 0);
		status = db_column_dup(stmt, 1);
		holder = db_column_dup(stmt, 2);
		filer = db_column_dup(stmt, 3);
	}
	db_release(db, stmt);
	if (kind == NULL || strcmp(kind, "registration") != 0 ||
	    strcmp(status, "pending") != 0) {
		xasprintf(cause, _("a refusal (交付拒否) is of a registration application that "
		    "waits for a decision"));
		goto out;
	}
	if (strcmp(filer, who->user) == 0) {
		xasprintf(cause, _("your own application: another supervisor must decide it"));
		goto out;
	}
	/* The comment says what was decided, never why: the reason is 要配慮. */
	if (application_decide(db, who, id, 0, "交付拒否", cause) != 0)
		goto out;
	if (holder != NULL)
		rc = reg_event_insert(db, holder, NULL, "refuse", c.date, NULL, c.reason_code,
		    c.reason_text, NULL, filer, who->user, cause);
	else
		rc = write_refusal(db, id, c.date, c.reason_code, c.reason_text, filer,
		    who->user, cause);
	if (rc != 0)
		goto out;
	if (holder != NULL)
		xasprintf(&target, "holder:%s application:%s", holder, id);
	else
		xasprintf(&target, "application:%s", id);
	rc = audit_actor(db, who, "register.refuse", target, "ok", c.reason_code, cause);
	free(target);
out:
	free(kind);
	free(status);
	free(holder);
	free(filer);
	checked_action_free(&c);
	return db_finish(db, rc, cause);
}

void
action_view_mask(struct db *db, const struct actor *who, struct application *a)
{
	static const char *const hidden[] = { ACTION_DATE_KEY, ACTION_UNTIL_KEY,
	    ACTION_REASON_KEY, ACTION_TEXT_KEY, NULL };
	const char	*action;
	size_t		 i, k;

	if (strcmp(a->kind, "action") != 0 ||
	    (action = reg_values_get(a->values, a->n_values, ACTION_KEY)) == NULL ||
	    strcmp(action, "return-order") != 0 ||
	    rolefn_allowed(db, who->user, "register.sensitive"))
		return;
	for (i = 0; i < a->n_values; i++) {
		for (k = 0; hidden[k] != NULL; k++) {
			if (strcmp(a->values[i].key, hidden[k]) != 0)
				continue;
			free(a->values[i].value);
			a->values[i].value = xstrdup("");
		}
	}
}
