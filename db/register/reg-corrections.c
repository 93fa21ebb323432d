/*
 * Corrections of a registration's items and of the My Number (issue 25). A registration's
 * correction is checked as the registration was: the new values together with the
 * unchanged ones, in the order of the dates and under the qualification's rules, with a
 * certificate number that is nobody else's; it is applied as an event on that
 * registration whose before_json holds the old values. The My Number keeps no clear copy
 * anywhere but its own table: the history holds the old one masked.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "i18n.h"
#include "register/reg-corrections.h"
#include "register/register-internal.h"
#include "uuid.h"
#include "valid.h"
#include "xmalloc.h"

/* Items printed on the certificate: a change of one means a 書換え, not a 訂正. */
static const char *const printed_items[] = { "qualification", "certificate_number",
    "issue_date", NULL };

struct reg_row {
	char			*holder_id;
	char			*status;
	int64_t			 version;
	struct reg_value	*values;
	size_t			 n;
};

static int	 row_load(struct db *, const char *, struct reg_row *, char **);
static void	 row_clear(struct reg_row *);
static int	 number_free(struct db *, const char *, const char *, const char *,
		    char **);
static int	 items_check(struct db *, const char *, const char *,
		    const struct reg_value *, size_t, int64_t *, char **, int *, char **);
static int	 mynumber_check(struct db *, const char *, const char *, char *,
		    char **);
static int	 event_insert(struct db *, const struct application *, const char *,
		    const char *, const char *, const char *, char **);
static int	 apply_items(struct db *, const struct actor *, struct application *,
		    char **);
static int	 apply_mynumber(struct db *, const struct actor *, struct application *,
		    const char *, char **);

int
regcorr_applies(const char *registration_id, const struct reg_value *v, size_t n)
{
	return registration_id != NULL || reg_values_get(v, n, "mynumber") != NULL;
}

static int
row_load(struct db *db, const char *id, struct reg_row *r, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*obj, *sql, *json = NULL;
	int		 rc;

	memset(r, 0, sizeof *r);
	obj = reg_json_object_sql(reg_registration_items);
	xasprintf(&sql, "SELECT holder_id, status, version, %s FROM registrations WHERE id = "
	    "?1", obj);
	free(obj);
	stmt = db_prepare(db, sql, cause);
	free(sql);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		db_release(db, stmt);
		xasprintf(cause, _("no such registration in the register"));
		return -1;
	}
	r->holder_id = db_column_dup(stmt, 0);
	r->status = db_column_dup(stmt, 1);
	r->version = sqlite3_column_int64(stmt, 2);
	json = db_column_dup(stmt, 3);
	db_release(db, stmt);
	rc = reg_json_values(db, json, &r->values, &r->n, cause);
	free(json);
	if (rc != 0)
		row_clear(r);
	return rc;
}

static void
row_clear(struct reg_row *r)
{
	free(r->holder_id);
	free(r->status);
	reg_values_free(r->values, r->n);
	memset(r, 0, sizeof *r);
}

/*
 * A certificate number is unique per qualification, whoever holds it: the register, a
 * pending registration or correction, and every number the leased blocks handed out to
 * another registration (cert_numbers_used).
 */
static int
number_free(struct db *db, const char *reg_id, const char *qualification,
    const char *number, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 clash;

	stmt = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM registrations WHERE "
	    "qualification = ?1 AND certificate_number = ?2 AND id <> ?3) OR EXISTS (SELECT 1 "
	    "FROM applications WHERE status = 'pending' AND ((kind = 'registration' AND "
	    "json_extract(payload, '$.qualification') = ?1) OR (kind = 'correction' AND "
	    "registration_id <> ?3)) AND json_extract(payload, '$.certificate_number') = ?2) "
	    "OR EXISTS (SELECT 1 FROM cert_numbers_used WHERE certificate_number = ?2 AND "
	    "used_for <> ?3)", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, qualification, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, number, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, reg_id, -1, SQLITE_STATIC);
	clash = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0);
	db_release(db, stmt);
	if (clash) {
		xasprintf(cause, _("certificate number %s is already registered or applied "
		    "for"), number);
		return -1;
	}
	return 0;
}

/*
 * The changes chg to registration reg_id of holder_id: each one a change, the whole
 * registration after them in order. *before gets the old values as JSON, *printed whether
 * an item printed on the certificate changed.
 */
static int
items_check(struct db *db, const char *holder_id, const char *reg_id,
    const struct reg_value *chg, size_t n_chg, int64_t *version, char **before,
    int *printed, char **cause)
{
	const struct reg_item	*item;
	struct reg_row		 r;
	struct reg_value	*merged = NULL;
	sqlite3_stmt		*stmt;
	const char		*now;
	size_t			 i, j, n_merged = 0, changes = 0;
	int			 number_changed = 0, rc = -1;

	*before = NULL;
	*printed = 0;
	if (row_load(db, reg_id, &r, cause) != 0)
		return -1;
	if (strcmp(r.holder_id, holder_id) != 0) {
		xasprintf(cause, _("the registration belongs to another holder"));
		goto out;
	}
	if (strcmp(r.status, "erased") == 0) {
		xasprintf(cause, _("this registration is erased"));
		goto out;
	}
	*version = r.version;
	*before = xstrdup("{}");
	for (i = 0; i < r.n; i++)
		reg_values_add(&merged, &n_merged, r.values[i].key,
		    xstrdup(r.values[i].value));
	for (i = 0; i < n_chg; i++) {
		if ((item = reg_item_find(reg_registration_items, chg[i].key)) == NULL)
			continue;
		now = reg_values_get(r.values, r.n, item->key);
		if (now != NULL && strcmp(now, chg[i].value) == 0) {
			xasprintf(cause, _("%s: no change"), _(item->label));
			goto out;
		}
		/* A registration always has its number once approved. */
		if (((item->flags & REG_REQUIRED) || strcmp(item->key,
		    "certificate_number") == 0) && *chg[i].value == '\0') {
			xasprintf(cause, _("%s: required"), _(item->label));
			goto out;
		}
		for (j = 0; j < n_merged; j++) {
			if (strcmp(merged[j].key, item->key) == 0) {
				free(merged[j].value);
				merged[j].value = xstrdup(chg[i].value);
			}
		}
		for (j = 0; printed_items[j] != NULL; j++)
			*printed |= strcmp(printed_items[j], item->key) == 0;
		number_changed |= strcmp(item->key, "certificate_number") == 0 ||
		    strcmp(item->key, "qualification") == 0;
		stmt = db_prepare(db, "SELECT json_set(?1, '$.' || ?2, ?3)", cause);
		if (stmt == NULL)
			goto out;
		sqlite3_bind_text(stmt, 1, *before, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(stmt, 2, item->key, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, now != NULL ? now : "", -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW) {
			free(*before);
			*before = db_column_dup(stmt, 0);
		}
		db_release(db, stmt);
		changes++;
	}
	if (changes == 0) {
		xasprintf(cause, _("nothing to correct: no item differs from the record"));
		goto out;
	}
	/* The new values with the unchanged ones: the order of the dates, the rules. */
	if (registration_dates_check(db, holder_id, merged, n_merged, cause) != 0)
		goto out;
	if (number_changed && number_free(db, reg_id, reg_values_get(merged, n_merged,
	    "qualification"), reg_values_get(merged, n_merged, "certificate_number"),
	    cause) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0) {
		free(*before);
		*before = NULL;
	}
	reg_values_free(merged, n_merged);
	row_clear(&r);
	return rc;
}

/*
 * A new My Number for holder_id: a holder not erased, a number that changes and that no
 * other holder holds or is applied for with. *old (MYNUMBER_MASK_SIZE, may be NULL) gets
 * the one recorded, masked ("" if none).
 */
static int
mynumber_check(struct db *db, const char *holder_id, const char *mynumber, char *old,
    char **cause)
{
	const struct reg_item	*item = reg_item_find(reg_mynumber_items, "mynumber");
	sqlite3_stmt		*stmt;
	char			*json = NULL, *now = NULL;
	int			 erased, clash, rc = -1;

	if (reg_holder_json(db, holder_id, &json, NULL, &erased, cause) != 0)
		return -1;
	free(json);
	if (erased) {
		xasprintf(cause, _("this holder's record is erased"));
		return -1;
	}
	if (*mynumber == '\0') {
		xasprintf(cause, _("%s: required"), _(item->label));
		return -1;
	}
	if ((stmt = db_prepare(db, "SELECT mynumber FROM mynumbers WHERE holder_id = ?1",
	    cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, holder_id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		now = db_column_dup(stmt, 0);
	db_release(db, stmt);
	if (old != NULL) {
		if (now != NULL)
			mynumber_mask(now, old);
		else
			*old = '\0';
	}
	if (now != NULL && strcmp(now, mynumber) == 0) {
		xasprintf(cause, _("%s: no change"), _(item->label));
		goto out;
	}
	stmt = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM mynumbers WHERE mynumber = ?1 AND "
	    "holder_id <> ?2) OR EXISTS (SELECT 1 FROM applications WHERE status = 'pending' "
	    "AND kind IN ('registration', 'correction') AND json_extract(payload, "
	    "'$.mynumber') = ?1 AND holder_id IS NOT ?2)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, mynumber, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, holder_id, -1, SQLITE_STATIC);
	clash = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0);
	db_release(db, stmt);
	if (clash) {
		xasprintf(cause, _("this My Number is held by another holder (or applied for); "
		    "search the register"));
		goto out;
	}
	rc = 0;
out:
	if (now != NULL) {
		explicit_bzero(now, strlen(now));
		free(now);
	}
	return rc;
}

int
regcorr_check(struct db *db, const char *holder_id, const char *registration_id,
    const struct reg_item *const *items, char *const *values, size_t n, int64_t *base,
    char **cause)
{
	struct reg_value	*chg = NULL;
	const char		*mynumber = NULL;
	char			*before = NULL;
	size_t			 i, n_chg = 0;
	int			 printed, rc;

	*base = 0;
	if (holder_id == NULL) {
		xasprintf(cause, _("a correction needs the holder"));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(items[i]->key, "mynumber") == 0)
			mynumber = values[i];
		else if (reg_item_find(reg_registration_items, items[i]->key) != NULL)
			reg_values_add(&chg, &n_chg, items[i]->key, xstrdup(values[i]));
	}
	if (mynumber != NULL && (registration_id != NULL || n_chg > 0)) {
		reg_values_free(chg, n_chg);
		xasprintf(cause, _("the My Number is corrected on an application of its own"));
		return -1;
	}
	if (mynumber != NULL)
		return mynumber_check(db, holder_id, mynumber, NULL, cause);
	if (registration_id == NULL) {
		reg_values_free(chg, n_chg);
		xasprintf(cause, _("a correction of registration items needs the "
		    "registration"));
		return -1;
	}
	rc = items_check(db, holder_id, registration_id, chg, n_chg, base, &before, &printed,
	    cause);
	free(before);
	reg_values_free(chg, n_chg);
	return rc;
}

static int
event_insert(struct db *db, const struct application *a, const char *registration_id,
    const char *kind, const char *before, const char *approved_by, char **cause)
{
	return reg_event_insert(db, a->holder_id, registration_id, kind,
	    reg_values_get(a->values, a->n_values, "event_date"), NULL,
	    reg_values_get(a->values, a->n_values, "correction_reason"),
	    reg_values_get(a->values, a->n_values, "reason_text"), before, a->requested_by,
	    approved_by, cause);
}

/*
 * The registration's items, checked again as they are now: refused if the registration
 * changed since the application (the supervisor decided on values no longer there).
 */
static int
apply_items(struct db *db, const struct actor *who, struct application *a, char **cause)
{
	const struct reg_item	*item;
	sqlite3_stmt		*stmt;
	char			*before = NULL, *sets, *next;
	int64_t			 version, base;
	size_t			 i;
	int			 p, printed, rc = -1;

	if (reg_application_base(db, a->id, &base, cause) != 0)
		return -1;
	if (items_check(db, a->holder_id, a->registration_id, a->values, a->n_values,
	    &version, &before, &printed, cause) != 0)
		return -1;
	if (version != base) {
		xasprintf(cause, _("the registration changed after this application was made; "
		    "reject it and apply again"));
		goto out;
	}
	/* Column names come from the item table, values are bound. */
	sets = xstrdup("version = version + 1, updated_at = " NOW);
	for (i = 0, p = 2; i < a->n_values; i++) {
		if ((item = reg_item_find(reg_registration_items, a->values[i].key)) == NULL)
			continue;
		xasprintf(&next, "%s, %s = ?%d", sets, item->key, p++);
		free(sets);
		sets = next;
	}
	xasprintf(&next, "UPDATE registrations SET %s WHERE id = ?1", sets);
	free(sets);
	stmt = db_prepare(db, next, cause);
	free(next);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, a->registration_id, -1, SQLITE_STATIC);
	for (i = 0, p = 2; i < a->n_values; i++) {
		if (reg_item_find(reg_registration_items, a->values[i].key) != NULL)
			sqlite3_bind_text(stmt, p++, a->values[i].value, -1, SQLITE_STATIC);
	}
	if (db_step_done(db, stmt, _("cannot correct the registration"), cause) != 0 ||
	    reg_outbox_registration(db, a->registration_id, 1, cause) != 0)
		goto out;
	rc = event_insert(db, a, a->registration_id, printed ? "rewrite" : "correct", before,
	    who->user, cause);
out:
	free(before);
	return rc;
}

/* The new number in its table; the old one only masked, in the history and the log. */
static int
apply_mynumber(struct db *db, const struct actor *who, struct application *a,
    const char *mynumber, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 old[MYNUMBER_MASK_SIZE], *before = NULL, *target;
	int		 rc = -1;

	if (mynumber_check(db, a->holder_id, mynumber, old, cause) != 0)
		return -1;
	stmt = db_prepare(db, "INSERT INTO mynumbers (holder_id, mynumber, source, "
	    "recorded_at) VALUES (?1, ?2, 'typed', " NOW ") ON CONFLICT (holder_id) DO UPDATE "
	    "SET mynumber = excluded.mynumber, source = excluded.source, recorded_at = "
	    "excluded.recorded_at, central_ack_at = NULL", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, a->holder_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, mynumber, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot store the My Number"), cause) != 0 ||
	    reg_outbox_mynumber(db, a->holder_id, cause) != 0)
		return -1;
	/* Not the item "mynumber": its rules (and sync's) take only a whole number. */
	if ((stmt = db_prepare(db, "SELECT json_object('mynumber_masked', ?1)", cause)) ==
	    NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, old, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		before = db_column_dup(stmt, 0);
	db_release(db, stmt);
	if (before == NULL) {
		db_fail(db, cause, _("cannot record the event"));
		return -1;
	}
	if (event_insert(db, a, NULL, "correct", before, who->user, cause) != 0)
		goto out;
	xasprintf(&target, "holder:%s application:%s", a->holder_id, a->id);
	rc = audit_actor(db, who, "mynumber.correct", target, "ok", old, cause);
	free(target);
out:
	free(before);
	return rc;
}

int
regcorr_apply(struct db *db, const struct actor *who, struct application *a, char **cause)
{
	const char	*mynumber;

	if (a->holder_id == NULL) {
		xasprintf(cause, _("a correction needs the holder"));
		return -1;
	}
	if ((mynumber = reg_values_get(a->values, a->n_values, "mynumber")) != NULL)
		return apply_mynumber(db, who, a, mynumber, cause);
	return apply_items(db, who, a, cause);
}

void
regcorr_current(struct db *db, struct application *a)
{
	struct reg_row	 r;
	char		*cause = NULL, mask[MYNUMBER_MASK_SIZE], *num = NULL;
	const char	*v;
	size_t		 i;
	sqlite3_stmt	*stmt;

	if (a->current == NULL)
		a->current = xcalloc(a->n_values + 1, sizeof *a->current);
	if (a->registration_id != NULL && row_load(db, a->registration_id, &r, &cause) == 0) {
		for (i = 0; i < a->n_values; i++) {
			if (reg_item_find(reg_registration_items, a->values[i].key) == NULL ||
			    (v = reg_values_get(r.values, r.n, a->values[i].key)) == NULL)
				continue;
			a->current[a->n_current].key = xstrdup(a->values[i].key);
			a->current[a->n_current++].value = xstrdup(v);
		}
		row_clear(&r);
	}
	if (reg_values_get(a->values, a->n_values, "mynumber") != NULL &&
	    a->holder_id != NULL && (stmt = db_prepare(db, "SELECT mynumber FROM mynumbers "
	    "WHERE holder_id = ?1", &cause)) != NULL) {
		sqlite3_bind_text(stmt, 1, a->holder_id, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			num = db_column_dup(stmt, 0);
		db_release(db, stmt);
		if (num != NULL) {
			mynumber_mask(num, mask);
			explicit_bzero(num, strlen(num));
			free(num);
			a->current[a->n_current].key = xstrdup("mynumber");
			a->current[a->n_current++].value = xstrdup(mask);
		}
	}
	free(cause);
}

char *
regcorr_registration_label(struct db *db, const char *registration_id)
{
	sqlite3_stmt	*stmt;
	char		*cause = NULL, *label = NULL;
	const char	*name;

	if (registration_id == NULL || (stmt = db_prepare(db, "SELECT certificate_number, "
	    "qualification FROM registrations WHERE id = ?1", &cause)) == NULL) {
		free(cause);
		return NULL;
	}
	sqlite3_bind_text(stmt, 1, registration_id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		name = reg_code_label(reg_qualifications,
		    (const char *)sqlite3_column_text(stmt, 1));
		xasprintf(&label, _("Registration: %s, %s"), sqlite3_column_text(stmt, 0),
		    name != NULL ? name : (const char *)sqlite3_column_text(stmt, 1));
	}
	db_release(db, stmt);
	return label;
}
