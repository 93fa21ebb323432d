/*
 * Applications (SPEC §4): registrations, corrections of identity items and erasures (消除)
 * wait for a supervisor. Submitting checks every value against the item rules; approving
 * applies the change, its history event and the decision in one transaction, so that the
 * register never holds a change without its approval or an approval without its change.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/procedures.h"
#include "cert/certificates.h"
#include "db-internal.h"
#include "i18n.h"
#include "reception/reception.h"
#include "register/qualification-rules.h"
#include "register/reg-corrections.h"
#include "register/register-actions.h"
#include "register/register-internal.h"
#include "register/register-merge.h"
#include "sync/outbox.h"
#include "sync/sync-store.h"
#include "uuid.h"
#include "valid.h"
#include "xmalloc.h"

static const char *const kind_names[] = { "registration", "correction", "deletion",
    "reissue" };

/* An application's payload once checked: the items in table order, normalised. */
struct checked {
	const struct reg_item	*items[64];
	char			*values[64];
	size_t			 n;
};

static void	 checked_free(struct checked *);
static int	 check_values(const struct reg_item *const *, const struct reg_value *,
		    size_t, struct checked *, char **);
static int	 check_required(const struct reg_item *, const struct checked *, char **);
static const char *checked_get(const struct checked *, const char *);
static int	 check_registration(struct db *, const char *, const struct checked *,
		    char **);
static int	 mynumber_free(struct db *, const char *, const char *, char **);
static int	 reissue_fee(struct db *, const struct actor *, const char *, const char *,
		    const struct checked *, char **);
static int	 check_registration_dates(struct db *, const char *,
		    const struct checked *, char **);
static int	 date_order_fail(const char *, const char *, const char *, const char *,
		    char **);
static int	 dates_in_order(struct db *, const char *, const char *, const char *,
		    const char *, const char *, const char *, char **);
static int	 check_correction(struct db *, const char *, const struct checked *,
		    int64_t *, char **);
static int	 check_deletion(struct db *, const char *, const char *, char **);
static char	*payload_json(struct db *, const struct checked *, int64_t, char **);
static int	 application_has_mynumber(struct db *, const char *, int *, char **);
static int	 load_row(struct db *, const char *, struct application *, char **);
static int	 apply_registration(struct db *, const struct actor *, struct application *,
		    char **);
static int	 apply_correction(struct db *, const struct actor *, struct application *,
		    char **);
static int	 apply_deletion(struct db *, const struct actor *, struct application *,
		    char **);
static int	 apply_reissue(struct db *, const struct actor *, struct application *,
		    char **);
static sqlite3_stmt *insert_items(struct db *, const char *, const char *,
		    const struct reg_item *, const struct application *, char **);
static char	*app_target(const char *, const char *);
static int	 decide(struct db *, const struct actor *, const char *, int, const char *,
		    const char *, char **);

/*
 * The audit target of an application: the holder first, in the form every entry that
 * touches a holder uses ("holder:<id> application:<id>"), so that the holder's entries
 * are found by one index; a registration not yet approved has no holder.
 */
static char *
app_target(const char *holder_id, const char *id)
{
	char	*target;

	if (holder_id != NULL && *holder_id != '\0')
		xasprintf(&target, "holder:%s application:%s", holder_id, id);
	else
		xasprintf(&target, "application:%s", id);
	return target;
}

static void
checked_free(struct checked *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++) {
		explicit_bzero(c->values[i], strlen(c->values[i]));
		free(c->values[i]);
	}
	c->n = 0;
}

static const char *
checked_get(const struct checked *c, const char *key)
{
	size_t	 i;

	for (i = 0; i < c->n; i++) {
		if (strcmp(c->items[i]->key, key) == 0)
			return c->values[i];
	}
	return NULL;
}

/*
 * Every value must be an item of one of the tables, once, and pass its rule. The message
 * names the item by its label, as the form does.
 */
static int
check_values(const struct reg_item *const *tables, const struct reg_value *vals, size_t n,
    struct checked *out, char **cause)
{
	const struct reg_item	*item = NULL;
	char			*normal, *why;
	size_t			 i, t;

	memset(out, 0, sizeof *out);
	for (i = 0; i < n; i++) {
		if (vals[i].key == NULL || vals[i].value == NULL)
			goto bad_key;
		for (t = 0, item = NULL; tables[t] != NULL && item == NULL; t++)
			item = reg_item_find(tables[t], vals[i].key);
		if (item == NULL)
			goto bad_key;
		if (checked_get(out, item->key) != NULL) {
			xasprintf(cause, _("%s: given twice"), _(item->label));
			goto fail;
		}
		if (out->n == sizeof out->items / sizeof out->items[0])
			goto bad_key;
		if (reg_check(item, vals[i].value, &normal, &why) != 0) {
			xasprintf(cause, "%s: %s", _(item->label), why);
			free(why);
			goto fail;
		}
		out->items[out->n] = item;
		out->values[out->n++] = normal;
	}
	return 0;
bad_key:
	xasprintf(cause, _("'%s' is not an item of this application"),
	    vals[i].key != NULL ? vals[i].key : "(null)");
fail:
	checked_free(out);
	return -1;
}

static int
check_required(const struct reg_item *table, const struct checked *c, char **cause)
{
	const char	*v;

	for (; table->key != NULL; table++) {
		if (!(table->flags & REG_REQUIRED))
			continue;
		if ((v = checked_get(c, table->key)) == NULL || *v == '\0') {
			xasprintf(cause, _("%s: required"), _(table->label));
			return -1;
		}
	}
	return 0;
}

/* A certificate number is unique per qualification; a My Number belongs to one holder. */
static int
check_registration(struct db *db, const char *holder_id, const struct checked *c,
    char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*mynumber, *number;
	char		*json;
	int		 clash;

	/* Without a number, the approval takes one from the leased blocks. */
	number = checked_get(c, "certificate_number");
	if (number == NULL || *number == '\0')
		goto holder;
	stmt = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM registrations WHERE "
	    "qualification = ?1 AND certificate_number = ?2) OR EXISTS (SELECT 1 FROM "
	    "applications WHERE status = 'pending' AND kind = 'registration' AND "
	    "json_extract(payload, '$.qualification') = ?1 AND "
	    "json_extract(payload, '$.certificate_number') = ?2)", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, checked_get(c, "qualification"), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, checked_get(c, "certificate_number"), -1, SQLITE_STATIC);
	clash = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0);
	db_release(db, stmt);
	if (clash) {
		xasprintf(cause, _("certificate number %s is already registered or applied "
		    "for"), checked_get(c, "certificate_number"));
		return -1;
	}
holder:
	if (holder_id != NULL) {
		if (reg_holder_json(db, holder_id, &json, NULL, NULL, cause) != 0)
			return -1;
		free(json);
	}
	if (check_registration_dates(db, holder_id, c, cause) != 0)
		return -1;
	if ((mynumber = checked_get(c, "mynumber")) == NULL || *mynumber == '\0')
		return 0;
	return mynumber_free(db, mynumber, holder_id, cause);
}

/* "The issue date (2020-04-01) is before the application date (2020-05-01)". */
static int
date_order_fail(const char *later, const char *later_value, const char *earlier,
    const char *earlier_value, char **cause)
{
	xasprintf(cause, _("%s (%s) is before %s (%s): it cannot be"), later, later_value,
	    earlier, earlier_value);
	return -1;
}

/*
 * The registration's dates in the order they happen (issue 25): born, then the application,
 * its reception, the issue; an exam year between the birth and the issue. The dates are
 * ISO (reg_check made them so), so that they compare as text. The holder's birth date is
 * the application's, or the register's for a holder already there.
 */
static int
check_registration_dates(struct db *db, const char *holder_id, const struct checked *c,
    char **cause)
{
	if (dates_in_order(db, holder_id, checked_get(c, "birth_date"),
	    checked_get(c, "application_date"), checked_get(c, "reception_date"),
	    checked_get(c, "issue_date"), checked_get(c, "exam_year"), cause) != 0)
		return -1;
	return qualification_rules_check(db, holder_id, checked_get(c, "qualification"),
	    checked_get(c, "birth_date"), checked_get(c, "application_date"),
	    checked_get(c, "exam_year"), cause);
}

int
registration_dates_check(struct db *db, const char *holder_id, const struct reg_value *v,
    size_t n, char **cause)
{
	if (dates_in_order(db, holder_id, reg_values_get(v, n, "birth_date"),
	    reg_values_get(v, n, "application_date"), reg_values_get(v, n, "reception_date"),
	    reg_values_get(v, n, "issue_date"), reg_values_get(v, n, "exam_year"), cause) != 0)
		return -1;
	return qualification_rules_check(db, holder_id, reg_values_get(v, n, "qualification"),
	    reg_values_get(v, n, "birth_date"), reg_values_get(v, n, "application_date"),
	    reg_values_get(v, n, "exam_year"), cause);
}

static int
dates_in_order(struct db *db, const char *holder_id, const char *birth, const char *applied,
    const char *received, const char *issued, const char *exam, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 stored[11] = "";

	if (birth == NULL && holder_id != NULL) {
		if ((stmt = db_prepare(db, "SELECT birth_date FROM holders WHERE id = ?1",
		    cause)) == NULL)
			return -1;
		sqlite3_bind_text(stmt, 1, holder_id, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			snprintf(stored, sizeof stored, "%s", sqlite3_column_text(stmt, 0));
		db_release(db, stmt);
		birth = stored;
	}
	if (birth != NULL && *birth != '\0' && applied != NULL && strcmp(applied, birth) <= 0) {
		xasprintf(cause, _("the application date (%s) is not after the birth date (%s)"),
		    applied, birth);
		return -1;
	}
	if (applied != NULL && received != NULL && strcmp(received, applied) < 0)
		return date_order_fail(_("the reception date"), received,
		    _("the application date"), applied, cause);
	if (received != NULL && issued != NULL && strcmp(issued, received) < 0)
		return date_order_fail(_("the issue date"), issued, _("the reception date"),
		    received, cause);
	if (applied != NULL && issued != NULL && strcmp(issued, applied) < 0)
		return date_order_fail(_("the issue date"), issued, _("the application date"),
		    applied, cause);
	if (exam != NULL && *exam != '\0') {
		if (strlen(exam) != 4 || strspn(exam, "0123456789") != 4 ||
		    (birth != NULL && *birth != '\0' && strncmp(exam, birth, 4) < 0) ||
		    (issued != NULL && strncmp(exam, issued, 4) > 0)) {
			xasprintf(cause, _("the exam year (%s) is not a year between the birth "
			    "date (%s) and the issue date (%s)"), exam, birth != NULL ? birth :
			    "", issued != NULL ? issued : "");
			return -1;
		}
	}
	return 0;
}

/* A My Number belongs to one holder: checked on submission and again on approval. */
static int
mynumber_free(struct db *db, const char *mynumber, const char *holder_id, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 clash;

	stmt = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM mynumbers WHERE mynumber = ?1 AND "
	    "holder_id IS NOT ?2)", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, mynumber, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, holder_id, -1, SQLITE_STATIC);
	clash = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0);
	db_release(db, stmt);
	if (clash) {
		xasprintf(cause, _("this My Number is recorded for another holder; search the "
		    "register before registering again"));
		return -1;
	}
	return 0;
}

/* Only identity items that really change, on a holder that is not erased. */
static int
check_correction(struct db *db, const char *holder_id, const struct checked *c,
    int64_t *version, char **cause)
{
	struct reg_value	*cur = NULL;
	size_t			 n = 0, i, changes = 0;
	char			*json = NULL;
	const char		*now;
	int			 erased, rc = -1;

	if (holder_id == NULL) {
		xasprintf(cause, _("a correction needs the holder"));
		return -1;
	}
	if (reg_holder_json(db, holder_id, &json, version, &erased, cause) != 0)
		return -1;
	if (erased) {
		xasprintf(cause, _("this holder's record is erased"));
		goto out;
	}
	if (reg_json_values(db, json, &cur, &n, cause) != 0)
		goto out;
	for (i = 0; i < c->n; i++) {
		if (reg_item_find(reg_holder_items, c->items[i]->key) == NULL)
			continue;
		if (!(c->items[i]->flags & REG_IDENTITY)) {
			xasprintf(cause, _("%s: not an identity item"), _(c->items[i]->label));
			goto out;
		}
		now = reg_values_get(cur, n, c->items[i]->key);
		if (now != NULL && strcmp(now, c->values[i]) == 0) {
			xasprintf(cause, _("%s: no change"), _(c->items[i]->label));
			goto out;
		}
		if ((c->items[i]->flags & REG_REQUIRED) && *c->values[i] == '\0') {
			xasprintf(cause, _("%s: required"), _(c->items[i]->label));
			goto out;
		}
		changes++;
	}
	if (changes == 0) {
		xasprintf(cause, _("nothing to correct: no item differs from the record"));
		goto out;
	}
	rc = 0;
out:
	reg_values_free(cur, n);
	free(json);
	return rc;
}

static int
check_deletion(struct db *db, const char *holder_id, const char *registration_id,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc = -1;

	if (registration_id == NULL) {
		xasprintf(cause, _("an erasure needs the registration"));
		return -1;
	}
	stmt = db_prepare(db, "SELECT holder_id, status FROM registrations WHERE id = ?1",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, registration_id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW)
		xasprintf(cause, _("no such registration in the register"));
	else if (holder_id != NULL && strcmp((const char *)sqlite3_column_text(stmt, 0),
	    holder_id) != 0)
		xasprintf(cause, _("the registration belongs to another holder"));
	else if (strcmp((const char *)sqlite3_column_text(stmt, 1), "erased") == 0)
		xasprintf(cause, _("this registration is already erased"));
	else
		rc = 0;
	db_release(db, stmt);
	return rc;
}

/* SQLite writes the JSON: keys and values bound, never pasted. */
static char *
payload_json(struct db *db, const struct checked *c, int64_t base_version, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*sql, *next, *json = NULL;
	size_t		 i;

	sql = xstrdup("SELECT json_set('{}', '$._base_version', ?1");
	for (i = 0; i < c->n; i++) {
		xasprintf(&next, "%s, ?%zu, ?%zu", sql, 2 * i + 2, 2 * i + 3);
		free(sql);
		sql = next;
	}
	xasprintf(&next, "%s)", sql);
	free(sql);
	stmt = db_prepare(db, next, cause);
	free(next);
	if (stmt == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, base_version);
	for (i = 0; i < c->n; i++) {
		char	*path;

		xasprintf(&path, "$.%s", c->items[i]->key);
		sqlite3_bind_text(stmt, (int)(2 * i + 2), path, -1, free);
		sqlite3_bind_text(stmt, (int)(2 * i + 3), c->values[i], -1, SQLITE_STATIC);
	}
	if (sqlite3_step(stmt) == SQLITE_ROW)
		json = db_column_dup(stmt, 0);
	else
		db_fail(db, cause, _("cannot store the application"));
	db_release(db, stmt);
	return json;
}

/*
 * The fee a reissue's form gives, recorded on its reception unless one was recorded when
 * it was received: an amount other than the fee table's is refused, and an exemption
 * takes its reason from the details of the reissue's reason.
 */
static int
reissue_fee(struct db *db, const struct actor *who, const char *reception,
    const char *registration_id, const struct checked *c, char **cause)
{
	struct reception	 r;
	sqlite3_stmt		*s;
	char			*qualification = NULL;
	const char		*payment = checked_get(c, "fee_kind");
	const char		*amount = checked_get(c, "fee_amount");
	int			 rc;

	if ((rc = reception_get(db, reception, &r, cause)) != 0)
		return -1;
	rc = 0;
	if (r.fee_payment == NULL && payment != NULL && *payment != '\0') {
		if ((s = db_prepare(db, "SELECT qualification FROM registrations WHERE id = ?1",
		    cause)) == NULL) {
			reception_clear(&r);
			return -1;
		}
		sqlite3_bind_text(s, 1, registration_id, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			qualification = db_column_dup(s, 0);
		db_release(db, s);
		rc = reception_fee_record(db, who, reception, reception_fee_kind("reissue",
		    checked_get(c, "reason")), qualification, payment, amount != NULL &&
		    *amount != '\0' ? strtoll(amount, NULL, 10) : 0,
		    checked_get(c, "reason_detail"), cause);
		free(qualification);
	}
	reception_clear(&r);
	return rc;
}

int
application_submit(struct db *db, const struct actor *who, enum application_kind kind,
    const char *holder_id, const char *registration_id, const struct reg_value *vals,
    size_t n, char id[37], char **cause)
{
	static const struct reg_item *const new_holder[] = { reg_holder_items,
	    reg_mynumber_items, reg_registration_items, reg_desk_items, NULL };
	static const struct reg_item *const old_holder[] = { reg_mynumber_items,
	    reg_registration_items, reg_desk_items, NULL };
	static const struct reg_item *const correction[] = { reg_holder_items,
	    reg_correction_items, NULL };
	static const struct reg_item *const deletion[] = { reg_deletion_items, NULL };
	static const struct reg_item *const reg_correction[] = { reg_registration_items,
	    reg_mynumber_items, reg_correction_items, NULL };
	static const struct reg_item *const reissue[] = { reg_reissue_items,
	    reg_holder_items, NULL };
	struct checked	 c;
	sqlite3_stmt	*stmt;
	const char	*mynumber;
	const char	*action = kind == APP_REISSUE ? "reissue.apply" : "register.apply";
	char		*payload = NULL, *target, reception[RECEPTION_NUMBER_SIZE];
	int64_t		 base_version = 0;
	int		 rc = -1;

	*cause = NULL;
	if (rolefn_require(db, who, action, cause) != 0)
		return -1;
	/*
	 * Within the account's procedures (事務), and a My Number typed into a registration
	 * only by an account that may handle them (issue 31); each refusal is audited.
	 */
	mynumber = kind == APP_REGISTRATION || kind == APP_CORRECTION ?
	    reg_values_get(vals, n, "mynumber") : NULL;
	target = app_target(holder_id, "new");
	rc = (kind >= APP_REGISTRATION && kind <= APP_REISSUE &&
	    procedure_require(db, who, kind == APP_REGISTRATION ? "register" :
	    kind == APP_REISSUE ? "reissue" : "correct", action, target, cause) != 0) ||
	    (mynumber != NULL && *mynumber != '\0' &&
	    account_mynumber_require(db, who, action, target, cause) != 0) ? -1 : 0;
	free(target);
	if (rc != 0)
		return -1;
	rc = -1;
	/* Offline too long, or too much unsent: new applications wait (SPEC §10). */
	if (db->offline_max_pending > 0 && sync_offline_check(db, db->offline_max_days,
	    db->offline_max_pending, cause) != 0)
		return -1;
	if (db_begin(db, cause) != 0)
		return -1;
	/* A merged holder's person is the holder kept (issue 25). */
	if (holder_id != NULL && merge_refuse_merged(db, holder_id, cause) != 0)
		goto out_nocheck;
	switch (kind) {
	case APP_REGISTRATION:
		if (check_values(holder_id == NULL ? new_holder : old_holder, vals, n, &c,
		    cause) != 0)
			goto out_nocheck;
		if ((holder_id == NULL && check_required(reg_holder_items, &c, cause) != 0) ||
		    check_required(reg_registration_items, &c, cause) != 0 ||
		    check_registration(db, holder_id, &c, cause) != 0)
			goto out;
		registration_id = NULL;
		break;
	case APP_CORRECTION:
		/* A registration's items or the My Number: reg-corrections.c. */
		if (regcorr_applies(registration_id, vals, n)) {
			if (check_values(reg_correction, vals, n, &c, cause) != 0)
				goto out_nocheck;
			if (check_required(reg_correction_items, &c, cause) != 0 ||
			    regcorr_check(db, holder_id, registration_id, c.items, c.values,
			    c.n, &base_version, cause) != 0)
				goto out;
			break;
		}
		if (check_values(correction, vals, n, &c, cause) != 0)
			goto out_nocheck;
		if (check_required(reg_correction_items, &c, cause) != 0 ||
		    check_correction(db, holder_id, &c, &base_version, cause) != 0)
			goto out;
		registration_id = NULL;
		break;
	case APP_DELETION:
		if (check_values(deletion, vals, n, &c, cause) != 0)
			goto out_nocheck;
		if (check_required(reg_deletion_items, &c, cause) != 0 ||
		    check_deletion(db, holder_id, registration_id, cause) != 0)
			goto out;
		break;
	case APP_REISSUE:
		if (check_values(reissue, vals, n, &c, cause) != 0)
			goto out_nocheck;
		if (check_required(reg_reissue_items, &c, cause) != 0 ||
		    reissue_check_submit(db, holder_id, registration_id, c.items, c.values,
		    c.n, &base_version, cause) != 0)
			goto out;
		break;
	default:
		xasprintf(cause, _("unknown kind of application"));
		goto out_nocheck;
	}
	if ((payload = payload_json(db, &c, base_version, cause)) == NULL)
		goto out;
	if (uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		goto out;
	}
	/* Every application is received under a reception number (受付番号). */
	if (reception_for_filing(db, who, kind_names[kind], holder_id, reception, cause) != 0)
		goto out;
	/* A reissue's fee, as its form gives it, goes on its reception (checked there). */
	if (kind == APP_REISSUE && reissue_fee(db, who, reception, registration_id, &c,
	    cause) != 0)
		goto out;
	stmt = db_prepare(db, "INSERT INTO applications (id, kind, holder_id, registration_id, "
	    "payload, requested_by, requested_at, reception_number) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, " NOW ", ?7)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 7, reception, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, kind_names[kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, holder_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, registration_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, payload, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, who->user, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot store the application"), cause) != 0)
		goto out;
	/* The central store gets the application without the My Number in it. */
	if (outbox_append_row(db, "application", "SELECT version, json_object('id', id, 'kind', "
	    "kind, 'holder_id', holder_id, 'registration_id', registration_id, 'payload', "
	    "json_remove(payload, '$.mynumber'), 'status', status, 'requested_by', "
	    "requested_by, 'requested_at', requested_at, 'reception_number', reception_number) "
	    "FROM applications WHERE id = ?1", id, 0, cause) != 0)
		goto out;
	target = app_target(holder_id, id);
	rc = audit_actor(db, who, action, target, "ok", kind_names[kind], cause);
	free(target);
out:
	checked_free(&c);
out_nocheck:
	free(payload);
	return db_finish(db, rc, cause);
}

static int
load_row(struct db *db, const char *id, struct application *a, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*payload;
	int		 rc;

	memset(a, 0, sizeof *a);
	stmt = db_prepare(db, "SELECT a.id, a.kind, a.holder_id, a.registration_id, "
	    "a.status, a.requested_by, strftime('%Y-%m-%d %H:%M', a.requested_at, "
	    "'localtime'), a.decided_by, strftime('%Y-%m-%d %H:%M', a.decided_at, "
	    "'localtime'), "
	    "a.decision_comment, a.payload, rtrim(COALESCE(h.family_name || ' ' || "
	    "h.given_name, json_extract(a.payload, '$.family_name') || ' ' || "
	    "COALESCE(json_extract(a.payload, '$.given_name'), ''))), a.reception_number, "
	    "r.channel, r.withdraw_reason FROM applications a LEFT JOIN holders h ON h.id = "
	    "a.holder_id LEFT JOIN receptions r ON r.number = a.reception_number WHERE a.id = "
	    "?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		db_release(db, stmt);
		xasprintf(cause, _("no such application"));
		return -1;
	}
	snprintf(a->id, sizeof a->id, "%s", sqlite3_column_text(stmt, 0));
	a->kind = db_column_dup(stmt, 1);
	a->holder_id = db_column_dup(stmt, 2);
	a->registration_id = db_column_dup(stmt, 3);
	a->status = db_column_dup(stmt, 4);
	a->requested_by = db_column_dup(stmt, 5);
	a->requested_at = db_column_dup(stmt, 6);
	a->decided_by = db_column_dup(stmt, 7);
	a->decided_at = db_column_dup(stmt, 8);
	a->decision_comment = db_column_dup(stmt, 9);
	payload = db_column_dup(stmt, 10);
	a->holder_name = db_column_dup(stmt, 11);
	a->reception_number = db_column_dup(stmt, 12);
	a->channel = db_column_dup(stmt, 13);
	a->withdraw_reason = db_column_dup(stmt, 14);
	db_release(db, stmt);
	rc = reg_json_values(db, payload, &a->values, &a->n_values, cause);
	free(payload);
	if (rc != 0)
		application_clear(a);
	return rc;
}

void
application_clear(struct application *a)
{
	free(a->kind);
	free(a->holder_id);
	free(a->registration_id);
	free(a->holder_name);
	free(a->status);
	free(a->requested_by);
	free(a->requested_at);
	free(a->decided_by);
	free(a->decided_at);
	free(a->decision_comment);
	free(a->reception_number);
	free(a->channel);
	free(a->withdraw_reason);
	reg_values_free(a->values, a->n_values);
	reg_values_free(a->current, a->n_current);
	memset(a, 0, sizeof *a);
}

void
application_list_free(struct application *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		application_clear(&list[i]);
	free(list);
}

/* What a supervisor sees: a My Number masked, a correction beside the record. */
int
application_get(struct db *db, const struct actor *who, const char *id,
    struct application *a, char **cause)
{
	struct reg_value	*cur = NULL;
	size_t			 n = 0, i;
	char			*json = NULL, mask[MYNUMBER_MASK_SIZE];
	const char		*v;
	int			 rc;

	*cause = NULL;
	if (rolefn_require(db, who, "approval.queue", cause) != 0)
		return -1;
	if (load_row(db, id, a, cause) != 0)
		return -1;
	for (i = 0; i < a->n_values; i++) {
		if (strcmp(a->values[i].key, "mynumber") == 0 && *a->values[i].value != '\0') {
			mynumber_mask(a->values[i].value, mask);
			explicit_bzero(a->values[i].value, strlen(a->values[i].value));
			free(a->values[i].value);
			a->values[i].value = xstrdup(mask);
		}
	}
	/* A correction, or a 書換え's new name or 本籍, beside the record's. */
	if ((strcmp(a->kind, "correction") == 0 || strcmp(a->kind, "reissue") == 0) &&
	    a->holder_id != NULL &&
	    reg_holder_json(db, a->holder_id, &json, NULL, NULL, cause) == 0 &&
	    reg_json_values(db, json, &cur, &n, cause) == 0) {
		a->current = xcalloc(a->n_values, sizeof *a->current);
		for (i = 0; i < a->n_values; i++) {
			if ((v = reg_values_get(cur, n, a->values[i].key)) == NULL)
				continue;
			a->current[a->n_current].key = xstrdup(a->values[i].key);
			a->current[a->n_current++].value = xstrdup(v);
		}
	}
	if (strcmp(a->kind, "correction") == 0 && regcorr_applies(a->registration_id,
	    a->values, a->n_values))
		regcorr_current(db, a);
	free(*cause);
	*cause = NULL;
	free(json);
	reg_values_free(cur, n);
	action_view_mask(db, who, a);
	json = app_target(a->holder_id, a->id);
	rc = audit_actor(db, who, "approval.view", json, "ok", a->kind, cause);
	free(json);
	if (rc != 0)
		application_clear(a);
	return rc;
}

int
application_list(struct db *db, const struct actor *who, int pending_only,
    struct application **out, size_t *n, char **cause)
{
	sqlite3_stmt		*stmt;
	struct application	*list = NULL;
	char			**ids = NULL;
	size_t			 count = 0, i;
	int			 rc;

	*out = NULL;
	*n = 0;
	*cause = NULL;
	if (rolefn_require(db, who, "approval.queue", cause) != 0)
		return -1;
	stmt = db_prepare(db, pending_only ? "SELECT id FROM applications WHERE status = "
	    "'pending' ORDER BY requested_at, rowid" : "SELECT id FROM applications ORDER BY "
	    "requested_at DESC, rowid DESC", cause);
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		ids = xreallocarray(ids, count + 1, sizeof *ids);
		ids[count++] = db_column_dup(stmt, 0);
	}
	db_release(db, stmt);
	list = xcalloc(count + 1, sizeof *list);
	for (i = 0; i < count && rc == SQLITE_DONE; i++) {
		if (load_row(db, ids[i], &list[i], cause) != 0)
			rc = SQLITE_ERROR;
	}
	for (i = 0; i < count; i++)
		free(ids[i]);
	free(ids);
	if (rc != SQLITE_DONE) {
		application_list_free(list, count);
		if (*cause == NULL)
			db_fail(db, cause, _("cannot read the applications"));
		return -1;
	}
	*out = list;
	*n = count;
	return audit_actor(db, who, "approval.list", "", "ok", NULL, cause);
}

/*
 * INSERT INTO table (ids..., the items..., created_at, updated_at) with the items'
 * values from the application bound after the ids (which the caller binds as ?1, ?2 ...).
 * Column names come from the item table, never from input.
 */
static sqlite3_stmt *
insert_items(struct db *db, const char *table, const char *ids,
    const struct reg_item *items, const struct application *a, char **cause)
{
	const struct reg_item	*t;
	sqlite3_stmt		*stmt;
	char			*cols, *params, *sql, *next;
	const char		*v;
	int			 p, n_ids = 1;

	for (v = ids; *v != '\0'; v++)
		n_ids += *v == ',';
	cols = xstrdup(ids);
	params = xstrdup("?1");
	for (p = 2; p <= n_ids; p++) {
		xasprintf(&next, "%s, ?%d", params, p);
		free(params);
		params = next;
	}
	for (t = items; t->key != NULL; t++, p++) {
		xasprintf(&next, "%s, %s", cols, t->key);
		free(cols);
		cols = next;
		xasprintf(&next, "%s, ?%d", params, p);
		free(params);
		params = next;
	}
	xasprintf(&sql, "INSERT INTO %s (%s, created_at, updated_at) VALUES (%s, %s, %s)",
	    table, cols, params, NOW, NOW);
	free(cols);
	free(params);
	stmt = db_prepare(db, sql, cause);
	free(sql);
	if (stmt == NULL)
		return NULL;
	for (t = items, p = n_ids + 1; t->key != NULL; t++, p++) {
		/* An item the application does not hold is empty; a flag's empty is 0. */
		if ((v = reg_values_get(a->values, a->n_values, t->key)) == NULL)
			v = t->kind == REG_FLAG ? "0" : "";
		sqlite3_bind_text(stmt, p, v, -1, SQLITE_STATIC);
	}
	return stmt;
}

/*
 * A new holder (or a new registration of an existing one) with its issue event. Column
 * names come from the item tables, values are bound.
 */
static int
apply_registration(struct db *db, const struct actor *who, struct application *a,
    char **cause)
{
	sqlite3_stmt		*stmt;
	char			 holder_id[UUID_STRLEN + 1], reg_id[UUID_STRLEN + 1];
	const char		*mynumber, *source;

	if (uuid_generate(holder_id) != 0 || uuid_generate(reg_id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		return -1;
	}
	if (a->holder_id != NULL)
		snprintf(holder_id, sizeof holder_id, "%s", a->holder_id);
	else {
		stmt = insert_items(db, "holders", "id", reg_holder_items, a, cause);
		if (stmt == NULL)
			return -1;
		sqlite3_bind_text(stmt, 1, holder_id, -1, SQLITE_STATIC);
		if (db_step_done(db, stmt, _("cannot store the holder"), cause) != 0 ||
		    reg_index_names(db, holder_id, 0, cause) != 0 ||
		    reg_outbox_holder(db, holder_id, 0, a, who->user, cause) != 0)
			return -1;
		free(a->holder_id);
		a->holder_id = xstrdup(holder_id);
	}
	mynumber = reg_values_get(a->values, a->n_values, "mynumber");
	if (mynumber != NULL && *mynumber != '\0') {
		if (mynumber_free(db, mynumber, holder_id, cause) != 0)
			return -1;
		/* Read from the resident's card at the desk (issue 29), or typed. */
		source = reg_values_get(a->values, a->n_values, "mynumber_source");
		stmt = db_prepare(db, "INSERT INTO mynumbers (holder_id, mynumber, source, "
		    "recorded_at) VALUES (?1, ?2, ?3, " NOW ") ON CONFLICT (holder_id) DO "
		    "UPDATE SET mynumber = excluded.mynumber, source = excluded.source, "
		    "recorded_at = excluded.recorded_at", cause);
		if (stmt == NULL)
			return -1;
		sqlite3_bind_text(stmt, 1, holder_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, mynumber, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, source != NULL && strcmp(source, "card") == 0 ?
		    "card" : "typed", -1, SQLITE_STATIC);
		if (db_step_done(db, stmt, _("cannot store the My Number"), cause) != 0 ||
		    reg_outbox_mynumber(db, holder_id, cause) != 0)
			return -1;
	}

	if (cert_assign_number(db, a, reg_id, cause) != 0)
		return -1;
	stmt = insert_items(db, "registrations", "id, holder_id", reg_registration_items, a,
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, reg_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, holder_id, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot store the registration"), cause) != 0 ||
	    reg_outbox_registration(db, reg_id, 0, cause) != 0)
		return -1;
	free(a->registration_id);
	a->registration_id = xstrdup(reg_id);
	if (cert_issue_first(db, who, a, cause) != 0)
		return -1;
	return reg_event_insert(db, holder_id, reg_id, "issue",
	    reg_values_get(a->values, a->n_values, "issue_date"), NULL, "", "", NULL,
	    a->requested_by, who->user, cause);
}

/*
 * The version of the record (holder or registration) an application was made against,
 * -1 if it has none: an approval refuses it when the record moved on since.
 */
int
reg_application_base(struct db *db, const char *id, int64_t *base, char **cause)
{
	sqlite3_stmt	*stmt;

	stmt = db_prepare(db, "SELECT json_extract(payload, '$._base_version') FROM "
	    "applications WHERE id = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	*base = sqlite3_step(stmt) == SQLITE_ROW &&
	    sqlite3_column_type(stmt, 0) != SQLITE_NULL ? sqlite3_column_int64(stmt, 0) : -1;
	db_release(db, stmt);
	return 0;
}

/*
 * The changed items with what they were, one event: 書換え when a name or 本籍 changed
 * (the certificate must be rewritten), 訂正 otherwise. Refused if the record changed since
 * the application was made: the supervisor decided on values that are no longer there.
 */
static int
apply_correction(struct db *db, const struct actor *who, struct application *a,
    char **cause)
{
	const struct reg_item	*item;
	sqlite3_stmt		*stmt;
	char			*json = NULL, *sets, *next, *sql, *before = NULL;
	int64_t			 version, base;
	size_t			 i;
	int			 p, rewrite = 0, names = 0, rc = -1, erased;

	if (reg_holder_json(db, a->holder_id, &json, &version, &erased, cause) != 0)
		return -1;
	if (reg_application_base(db, a->id, &base, cause) != 0)
		goto out;
	if (base != version || erased) {
		xasprintf(cause, _("the holder's record changed after this application was "
		    "made; reject it and apply again"));
		goto out;
	}

	/* before_json: the old values of the changed items, taken from the record. */
	sets = xstrdup("version = version + 1, updated_at = " NOW);
	before = xstrdup("{}");
	for (i = 0, p = 2; i < a->n_values; i++) {
		item = reg_item_find(reg_holder_items, a->values[i].key);
		if (item == NULL)
			continue;
		xasprintf(&next, "%s, %s = ?%d", sets, item->key, p++);
		free(sets);
		sets = next;
		if (item->flags & REG_REWRITE)
			rewrite = 1;
		if (strstr(item->key, "name") != NULL || strstr(item->key, "kana") != NULL)
			names = 1;
		stmt = db_prepare(db, "SELECT json_set(?1, '$.' || ?2, json_extract(?3, '$.' || "
		    "?2))", cause);
		if (stmt == NULL) {
			free(sets);
			goto out;
		}
		sqlite3_bind_text(stmt, 1, before, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(stmt, 2, item->key, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, json, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW) {
			free(before);
			before = db_column_dup(stmt, 0);
		}
		db_release(db, stmt);
	}
	xasprintf(&sql, "UPDATE holders SET %s WHERE id = ?1", sets);
	free(sets);
	stmt = db_prepare(db, sql, cause);
	free(sql);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, a->holder_id, -1, SQLITE_STATIC);
	for (i = 0, p = 2; i < a->n_values; i++) {
		if (reg_item_find(reg_holder_items, a->values[i].key) != NULL)
			sqlite3_bind_text(stmt, p++, a->values[i].value, -1, SQLITE_STATIC);
	}
	if (db_step_done(db, stmt, _("cannot correct the holder"), cause) != 0)
		goto out;
	if (names && reg_index_names(db, a->holder_id, 1, cause) != 0)
		goto out;
	if (reg_outbox_holder(db, a->holder_id, 1, a, who->user, cause) != 0)
		goto out;
	rc = reg_event_insert(db, a->holder_id, NULL, rewrite ? "rewrite" : "correct",
	    reg_values_get(a->values, a->n_values, "event_date"), NULL,
	    reg_values_get(a->values, a->n_values, "correction_reason"),
	    reg_values_get(a->values, a->n_values, "reason_text"), before, a->requested_by,
	    who->user, cause);
out:
	free(before);
	free(json);
	return rc;
}

/* 消除 is logical: the registration is marked, the event says why; the record stays. */
static int
apply_deletion(struct db *db, const struct actor *who, struct application *a,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		*before = NULL;
	int		 rc = -1;

	if (check_deletion(db, a->holder_id, a->registration_id, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT json_object('status', status) FROM registrations WHERE "
	    "id = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, a->registration_id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		before = db_column_dup(stmt, 0);
	db_release(db, stmt);
	stmt = db_prepare(db, "UPDATE registrations SET status = 'erased', version = version "
	    "+ 1, updated_at = " NOW " WHERE id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, a->registration_id, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot erase the registration"), cause) != 0 ||
	    reg_outbox_registration(db, a->registration_id, 1, cause) != 0)
		goto out;
	/* The holder is erased with their last registration. */
	stmt = db_prepare(db, "UPDATE holders SET erased = 1, version = version + 1, "
	    "updated_at = " NOW " WHERE id = ?1 AND erased = 0 AND NOT EXISTS (SELECT 1 FROM "
	    "registrations WHERE holder_id = ?1 AND status <> 'erased')", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, a->holder_id, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot erase the holder"), cause) != 0)
		goto out;
	if (sqlite3_changes(db->h) > 0 &&
	    reg_outbox_holder(db, a->holder_id, 1, a, who->user, cause) != 0)
		goto out;
	rc = reg_event_insert(db, a->holder_id, a->registration_id, "erase",
	    reg_values_get(a->values, a->n_values, "event_date"), NULL,
	    reg_values_get(a->values, a->n_values, "reason_code"),
	    reg_values_get(a->values, a->n_values, "reason_text"), before, a->requested_by,
	    who->user, cause);
out:
	free(before);
	return rc;
}

/*
 * A certificate reissue (db/cert/reissue.c). A 書換え changes the name or 本籍 first, as an
 * approved correction does (書換え event with the old values), then the certificate.
 */
static int
apply_reissue(struct db *db, const struct actor *who, struct application *a,
    char **cause)
{
	char	 today[11];

	if (reissue_prepare(db, a, today, cause) != 0)
		return -1;
	if (reissue_is_rewrite(a) && apply_correction(db, who, a, cause) != 0)
		return -1;
	return reissue_issue(db, who, a, today, cause);
}

/* Whether application id carries a typed My Number. */
static int
application_has_mynumber(struct db *db, const char *id, int *has, char **cause)
{
	sqlite3_stmt	*stmt;

	stmt = db_prepare(db, "SELECT coalesce(json_extract(payload, '$.mynumber'), '') <> '' "
	    "FROM applications WHERE id = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	*has = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0);
	db_release(db, stmt);
	return 0;
}

int
application_decide(struct db *db, const struct actor *who, const char *id, int approve,
    const char *comment, char **cause)
{
	return decide(db, who, id, approve, comment, NULL, cause);
}

int
application_approve_different(struct db *db, const struct actor *who, const char *id,
    const char *different, const char *comment, char **cause)
{
	return decide(db, who, id, 1, comment, different, cause);
}

/* different: the approver's reason why a new holder is not a candidate (register-merge.h). */
static int
decide(struct db *db, const struct actor *who, const char *id, int approve,
    const char *comment, const char *different, char **cause)
{
	struct application	 a;
	sqlite3_stmt		*stmt;
	char			*target = NULL, *why = NULL, *recorded = NULL;
	int			 rc = -1, loaded = 0, has_mynumber = 0;

	*cause = NULL;
	if (rolefn_require(db, who, "approval.queue", cause) != 0)
		return -1;
	if (comment == NULL)
		comment = "";
	if (valid_text(comment, 200, 0, &why) != 0) {
		xasprintf(cause, _("Comment: %s"), why);
		free(why);
		return -1;
	}
	if (!approve && *comment == '\0') {
		xasprintf(cause, _("a rejection needs a comment that says why"));
		return -1;
	}
	/* Approving puts a typed My Number into the register: the permission it needs. */
	if (approve && application_has_mynumber(db, id, &has_mynumber, cause) != 0)
		return -1;
	if (has_mynumber) {
		target = app_target(NULL, id);
		rc = account_mynumber_require(db, who, "register.decide", target, cause);
		free(target);
		if (rc != 0)
			return -1;
		target = NULL;
		rc = -1;
	}
	if (db_begin(db, cause) != 0)
		return -1;
	if (load_row(db, id, &a, cause) != 0)
		goto out;
	loaded = 1;
	target = app_target(a.holder_id, id);
	if (strcmp(a.status, "withdrawn") == 0) {
		xasprintf(cause, _("the applicant withdrew this application: there is nothing "
		    "to decide"));
		goto out;
	}
	if (strcmp(a.status, "pending") != 0) {
		xasprintf(cause, _("this application was already decided (%s)"), a.status);
		goto out;
	}
	if (strcmp(a.requested_by, who->user) == 0) {
		xasprintf(cause, _("your own application: another supervisor must decide it"));
		db_rollback(db);
		(void)audit_actor(db, who, "register.decide", target, "denied", "four-eyes",
		    NULL);
		application_clear(&a);
		free(target);
		return -1;
	}
	/* The duplicate check again, on the register as it is now (issue 25). */
	if (approve && reg_duplicates_approval_check(db, who, &a, different, comment,
	    &recorded, cause) != 0)
		goto out;
	if (recorded != NULL)
		comment = recorded;
	if (approve) {
		if (strcmp(a.kind, "registration") == 0)
			rc = apply_registration(db, who, &a, cause);
		else if (strcmp(a.kind, "correction") == 0 && regcorr_applies(a.registration_id,
		    a.values, a.n_values))
			rc = regcorr_apply(db, who, &a, cause);
		else if (strcmp(a.kind, "correction") == 0)
			rc = apply_correction(db, who, &a, cause);
		else if (strcmp(a.kind, "deletion") == 0)
			rc = apply_deletion(db, who, &a, cause);
		else if (strcmp(a.kind, "reissue") == 0)
			rc = apply_reissue(db, who, &a, cause);
		else if (strcmp(a.kind, "merge") == 0)
			rc = merge_apply(db, who, &a, cause);
		else if (strcmp(a.kind, "split") == 0)
			rc = split_apply(db, who, &a, cause);
		else if (strcmp(a.kind, "action") == 0)
			rc = action_apply(db, who, &a, cause);
		else
			xasprintf(cause, _("applications of this kind are decided elsewhere"));
		if (rc != 0)
			goto out;
		rc = -1;
	}
	stmt = db_prepare(db, "UPDATE applications SET status = ?2, holder_id = ?3, "
	    "registration_id = ?4, decided_by = ?5, decided_at = " NOW ", decision_comment = "
	    "?6, version = version + 1 WHERE id = ?1 AND status = 'pending'", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, approve ? "approved" : "rejected", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, a.holder_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, a.registration_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, comment, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot record the decision"), cause) != 0)
		goto out;
	if (outbox_append_row(db, "application", "SELECT version, json_object('id', id, "
	    "'holder_id', holder_id, 'registration_id', registration_id, 'status', status, "
	    "'decided_by', decided_by, 'decided_at', decided_at, 'decision_comment', "
	    "decision_comment) FROM applications WHERE id = ?1", id, 1, cause) != 0 ||
	    reception_decided(db, id, a.holder_id, cause) != 0)
		goto out;
	free(target);
	target = app_target(a.holder_id, id);
	rc = audit_actor(db, who, approve ? "register.approve" : "register.reject", target,
	    "ok", a.kind, cause);
out:
	if (loaded)
		application_clear(&a);
	free(target);
	free(recorded);
	return db_finish(db, rc, cause);
}
