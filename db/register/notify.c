/*
 * Notifications (届出): the reasons as data, the notification as history, and the 消除
 * applications a death or disappearance files. See notify.h.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "db-internal.h"
#include "i18n.h"
#include "register/notify.h"
#include "register/register-internal.h"
#include "uuid.h"
#include "xmalloc.h"

#define NOTIFY_TEXT_MAX	200

/* What the clerk adds in words: optional, one line, checked as any typed text. */
static const struct reg_item notify_text_item = { "reason_text", N_("Notification text"),
    REG_TEXT, NOTIFY_TEXT_MAX, 0 };

static void	 reason_from_row(sqlite3_stmt *, struct notify_reason *);
static int	 file_erasures(struct db *, const struct actor *, const char *,
		    const struct notify_reason *, const char *, const char *, const char *,
		    struct notify_filed *, char **);

#define REASON_COLUMNS(ja) \
	"code, number, grp, leads_to, app_reason, " \
	"CASE WHEN " ja " THEN label_ja ELSE label_en END"

static void
reason_from_row(sqlite3_stmt *stmt, struct notify_reason *r)
{
	memset(r, 0, sizeof *r);
	snprintf(r->code, sizeof r->code, "%s", sqlite3_column_text(stmt, 0));
	r->number = sqlite3_column_int(stmt, 1);
	snprintf(r->grp, sizeof r->grp, "%s", sqlite3_column_text(stmt, 2));
	snprintf(r->leads_to, sizeof r->leads_to, "%s", sqlite3_column_text(stmt, 3));
	snprintf(r->app_reason, sizeof r->app_reason, "%s", sqlite3_column_text(stmt, 4));
	r->label = db_column_dup(stmt, 5);
}

int
notify_reasons_list(struct db *db, const char *grp, int japanese,
    struct notify_reason **out, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*out = NULL;
	*n = 0;
	stmt = db_prepare(db, "SELECT " REASON_COLUMNS("?2") " FROM notify_reasons WHERE "
	    "?1 IS NULL OR grp = ?1 ORDER BY number", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, grp, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, japanese != 0);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		reason_from_row(stmt, &(*out)[(*n)++]);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		notify_reasons_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, cause, _("cannot read the notification reasons"));
	}
	return 0;
}

void
notify_reasons_free(struct notify_reason *r, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(r[i].label);
	free(r);
}

int
notify_reason_get(struct db *db, const char *code, int japanese, struct notify_reason *r,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 found;

	memset(r, 0, sizeof *r);
	stmt = db_prepare(db, "SELECT " REASON_COLUMNS("?2") " FROM notify_reasons WHERE "
	    "code = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, code != NULL ? code : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, japanese != 0);
	if ((found = sqlite3_step(stmt) == SQLITE_ROW))
		reason_from_row(stmt, r);
	db_release(db, stmt);
	if (!found) {
		xasprintf(cause, _("unknown notification reason '%s'"), code != NULL ? code :
		    "");
		return -1;
	}
	return 0;
}

char *
notify_reason_label(struct db *db, const char *code, int japanese)
{
	struct notify_reason	 r;
	char			*cause = NULL;

	if (code == NULL || *code == '\0' ||
	    notify_reason_get(db, code, japanese, &r, &cause) != 0) {
		free(cause);
		return NULL;
	}
	return r.label;
}

void
notify_filed_clear(struct notify_filed *f)
{
	free(f->applications);
	memset(f, 0, sizeof *f);
}

/*
 * Every live registration of the holder: its notify event and a 消除 application. The
 * application's reason is the typed text or, with none, the reason's name in the office's
 * language (the register's own words, as a typed reason would be).
 */
static int
file_erasures(struct db *db, const struct actor *who, const char *holder_id,
    const struct notify_reason *r, const char *date, const char *text, const char *ja,
    struct notify_filed *filed, char **cause)
{
	sqlite3_stmt	*stmt;
	struct reg_value v[3];
	char		(*regs)[37] = NULL, **before = NULL, id[37];
	size_t		 n = 0, i;
	int		 rc = -1, step;

	/* Filed once: a second notification of the death would file every 消除 again. */
	stmt = db_prepare(db, "SELECT g.certificate_number FROM registrations g JOIN "
	    "applications a ON a.registration_id = g.id WHERE g.holder_id = ?1 AND a.kind = "
	    "'deletion' AND a.status = 'pending' LIMIT 1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, holder_id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		xasprintf(cause, _("%s already has an erasure awaiting a supervisor"),
		    sqlite3_column_text(stmt, 0));
	db_release(db, stmt);
	if (*cause != NULL)
		return -1;
	stmt = db_prepare(db, "SELECT id, json_object('status', status) FROM registrations "
	    "WHERE holder_id = ?1 AND status <> 'erased' ORDER BY rowid", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, holder_id, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		regs = xreallocarray(regs, n + 1, sizeof *regs);
		before = xreallocarray(before, n + 1, sizeof *before);
		snprintf(regs[n], sizeof regs[n], "%s", sqlite3_column_text(stmt, 0));
		before[n++] = db_column_dup(stmt, 1);
	}
	db_release(db, stmt);
	if (step != SQLITE_DONE) {
		db_fail(db, cause, _("cannot read the holder's registrations"));
		goto out;
	}
	/* Nothing live: the fact is kept for the holder, and there is nothing to erase. */
	if (n == 0) {
		rc = reg_event_insert(db, holder_id, NULL, "notify", date, NULL, r->code, text,
		    NULL, who->user, NULL, cause);
		filed->events = rc == 0;
		goto out;
	}
	v[0].key = (char *)"event_date";
	v[0].value = (char *)date;
	v[1].key = (char *)"reason_code";
	v[1].value = (char *)r->app_reason;
	v[2].key = (char *)"reason_text";
	v[2].value = (char *)(*text != '\0' ? text : ja);
	for (i = 0; i < n; i++) {
		if (reg_event_insert(db, holder_id, regs[i], "notify", date, NULL, r->code,
		    text, before[i], who->user, NULL, cause) != 0)
			goto out;
		filed->events++;
		if (application_submit(db, who, APP_DELETION, holder_id, regs[i], v, 3, id,
		    cause) != 0)
			goto out;
		filed->applications = xreallocarray(filed->applications,
		    filed->n_applications + 1, sizeof *filed->applications);
		memcpy(filed->applications[filed->n_applications++], id, sizeof id);
	}
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(before[i]);
	free(before);
	free(regs);
	return rc;
}

int
notify_file(struct db *db, const struct actor *who, const char *holder_id,
    const char *registration_id, const char *code, const char *date_typed,
    const char *text, const char *from, struct notify_filed *filed, char **cause)
{
	const struct reg_item	*date_item = reg_item_find(reg_correction_items,
				    "event_date");
	struct notify_reason	 r, ja;
	sqlite3_stmt		*stmt;
	char			*date = NULL, *why = NULL, *checked = NULL, *target;
	char			*detail;
	int			 rc = -1, erased = -1, late = 0, owner = 0, in_tx = 0;

	*cause = NULL;
	memset(filed, 0, sizeof *filed);
	memset(&r, 0, sizeof r);
	memset(&ja, 0, sizeof ja);
	if (text == NULL)
		text = "";
	if (rolefn_require(db, who, "register.apply", cause) != 0)
		return -1;
	if (notify_reason_get(db, code, 0, &r, cause) != 0)
		return -1;
	if (notify_reason_get(db, code, 1, &ja, cause) != 0)
		goto out;
	if (reg_check(date_item, date_typed != NULL ? date_typed : "", &date, &why) != 0) {
		xasprintf(cause, _("date of the fact: %s"), why);
		goto out;
	}
	free(why);
	why = NULL;
	if (*date == '\0') {
		xasprintf(cause, _("date of the fact: required"));
		goto out;
	}
	if (reg_check(&notify_text_item, text, &checked, &why) != 0) {
		xasprintf(cause, _("the notification's text: %s"), why);
		goto out;
	}
	text = checked;
	/* "Other" says nothing of what happened: the text must. */
	if (strlen(r.code) > 6 && strcmp(r.code + strlen(r.code) - 6, "-other") == 0 &&
	    *text == '\0') {
		xasprintf(cause, _("the notification's text: required for '%s'"), r.label);
		goto out;
	}
	if (strcmp(r.leads_to, "reissue") == 0 && (registration_id == NULL ||
	    *registration_id == '\0')) {
		xasprintf(cause, _("a lost certificate: say which registration"));
		goto out;
	}
	if (strcmp(r.leads_to, "reissue") != 0)
		registration_id = NULL;
	if (db_begin(db, cause) != 0)
		goto out;
	in_tx = 1;
	stmt = db_prepare(db, "SELECT (SELECT erased FROM holders WHERE id = ?1), ?2 > "
	    "date('now', 'localtime'), ?3 IS NULL OR EXISTS (SELECT 1 FROM registrations "
	    "WHERE id = ?3 AND holder_id = ?1)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, holder_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, registration_id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		if (sqlite3_column_type(stmt, 0) != SQLITE_NULL)
			erased = sqlite3_column_int(stmt, 0);
		late = sqlite3_column_int(stmt, 1);
		owner = sqlite3_column_int(stmt, 2);
	}
	db_release(db, stmt);
	if (erased < 0)
		xasprintf(cause, _("no such holder in the register"));
	else if (erased && strcmp(r.leads_to, "erase") != 0)
		xasprintf(cause, _("this holder's record is erased"));
	else if (late)
		xasprintf(cause, _("date of the fact: after today"));
	else if (!owner)
		xasprintf(cause, _("the registration belongs to another holder"));
	if (*cause != NULL)
		goto out;
	if (strcmp(r.leads_to, "erase") == 0) {
		if (file_erasures(db, who, holder_id, &r, date, text, ja.label, filed,
		    cause) != 0)
			goto out;
	} else {
		if (reg_event_insert(db, holder_id, registration_id, "notify", date, NULL,
		    r.code, text, NULL, who->user, NULL, cause) != 0)
			goto out;
		filed->events = 1;
	}
	snprintf(filed->leads_to, sizeof filed->leads_to, "%s", r.leads_to);
	xasprintf(&target, "holder:%s", holder_id);
	xasprintf(&detail, "%s %s %s applications=%zu", r.code, from != NULL ? from :
	    NOTIFY_FROM_COUNTER, r.leads_to, filed->n_applications);
	rc = audit_actor(db, who, "register.notify", target, "ok", detail, cause);
	free(target);
	free(detail);
out:
	if (in_tx)
		rc = db_finish(db, rc, cause);
	if (rc != 0)
		notify_filed_clear(filed);
	free(date);
	free(why);
	free(checked);
	free(r.label);
	free(ja.label);
	return rc;
}

int
notify_returns_expected(struct db *db, const char *holder_id, struct notify_return **out,
    size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*out = NULL;
	*n = 0;
	/*
	 * A notification leading to 消除 names each live registration with its status then:
	 * a certificate valid or suspended was in the holder's hands, and its return is
	 * expected until a return event comes after the notification.
	 */
	stmt = db_prepare(db, "SELECT g.id, g.certificate_number, e.event_date, e.reason_code "
	    "FROM events e JOIN notify_reasons r ON r.code = e.reason_code JOIN registrations g "
	    "ON g.id = e.registration_id WHERE e.holder_id = ?1 AND e.kind = 'notify' AND "
	    "r.leads_to = 'erase' AND json_extract(e.before_json, '$.status') IN ('valid', "
	    "'suspended') AND NOT EXISTS (SELECT 1 FROM events x WHERE x.registration_id = g.id "
	    "AND x.kind = 'return' AND x.created_at >= e.created_at) ORDER BY g.rowid", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, holder_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct notify_return	*r;

		*out = xreallocarray(*out, *n + 1, sizeof **out);
		r = &(*out)[(*n)++];
		snprintf(r->registration_id, sizeof r->registration_id, "%s",
		    sqlite3_column_text(stmt, 0));
		r->certificate_number = db_column_dup(stmt, 1);
		r->notified_on = db_column_dup(stmt, 2);
		r->reason_code = db_column_dup(stmt, 3);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		notify_returns_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, cause, _("cannot read the expected returns"));
	}
	return 0;
}

void
notify_returns_free(struct notify_return *r, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(r[i].certificate_number);
		free(r[i].notified_on);
		free(r[i].reason_code);
	}
	free(r);
}
