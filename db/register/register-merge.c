/*
 * The merge and split of two holders found to be one person (register-merge.h).
 *
 * The registrations move, rather than staying with a merged holder that points on: a
 * holder's registrations are then all on the one record that search lists, the
 * certificate number finds the person kept, and every screen that reads a holder's
 * registrations (reissue, print, erasure) works on the person as one without learning
 * about merges. Nothing of the history moves: events stay on the holder they were written
 * for, the merged holder's row stays with its items and its history, and the 'merge'
 * event on both says which registrations moved, by id, so that a split moves back exactly
 * those. My Numbers never move (see merge_check).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/procedures.h"
#include "db-internal.h"
#include "i18n.h"
#include "register/register-internal.h"
#include "register/register-merge.h"
#include "sync/outbox.h"
#include "uuid.h"
#include "valid.h"
#include "xmalloc.h"

/* A holder as the merge rules read it. */
struct side {
	char	 id[37];
	char	*name;		/* "山田 花子 (1a2b3c4d)": name and the id's start */
	int	 erased;
	char	 merged_into[37];
	char	 mynumber[13];
};

static int	 side_load(struct db *, const char *, struct side *, char **);
static void	 side_free(struct side *);
static int	 side_pending(struct db *, const struct side *, const char *, char **);
static int	 merge_check(struct db *, const char *, const char *, const char *,
		    char **);
static int	 split_check(struct db *, const char *, const char *, char [37], char **,
		    char **);
static int	 reason_check(const char *, char **);
static int	 resolve_other(struct db *, const char *, char [37], char **);
static int	 file_application(struct db *, const struct actor *, const char *,
		    const char *, const char *, const char *, char [37], char **);
static int	 move_registrations(struct db *, const char *, const char *, const char *,
		    char **);
static int	 set_merged_into(struct db *, const char *, const char *,
		    const struct application *, const char *, char **);
static int	 merge_event(struct db *, const char *, const char *, const char *,
		    const char *, const struct application *, const char *, char **);
static int	 audit_both(struct db *, const struct actor *, const char *, const char *,
		    const char *, const char *, const char *, char **);

static int
side_load(struct db *db, const char *id, struct side *s, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 found;

	memset(s, 0, sizeof *s);
	stmt = db_prepare(db, "SELECT h.id, h.family_name || ' ' || h.given_name, h.erased, "
	    "coalesce(h.merged_into, ''), coalesce(m.mynumber, '') FROM holders h LEFT JOIN "
	    "mynumbers m ON m.holder_id = h.id WHERE h.id = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if ((found = sqlite3_step(stmt) == SQLITE_ROW)) {
		snprintf(s->id, sizeof s->id, "%s", sqlite3_column_text(stmt, 0));
		xasprintf(&s->name, "%s (%.8s)", sqlite3_column_text(stmt, 1), s->id);
		s->erased = sqlite3_column_int(stmt, 2);
		snprintf(s->merged_into, sizeof s->merged_into, "%s",
		    sqlite3_column_text(stmt, 3));
		snprintf(s->mynumber, sizeof s->mynumber, "%s", sqlite3_column_text(stmt, 4));
	}
	db_release(db, stmt);
	if (!found) {
		xasprintf(cause, _("no holder %s in the register"), id);
		return -1;
	}
	return 0;
}

static void
side_free(struct side *s)
{
	free(s->name);
	explicit_bzero(s->mynumber, sizeof s->mynumber);
}

/*
 * An application waiting for a supervisor on the holder, or a merge or split naming it,
 * other than exclude (the application being decided): refused, naming its kind.
 */
static int
side_pending(struct db *db, const struct side *s, const char *exclude, char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*label;
	char		*kind = NULL;

	stmt = db_prepare(db, "SELECT kind FROM applications WHERE status = 'pending' AND id IS "
	    "NOT ?2 AND (holder_id = ?1 OR (kind IN ('merge', 'split') AND "
	    "json_extract(payload, '$.merge_holder_id') = ?1)) ORDER BY requested_at LIMIT 1",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, s->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, exclude, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		kind = db_column_dup(stmt, 0);
	db_release(db, stmt);
	if (kind == NULL)
		return 0;
	label = reg_code_label(reg_application_kinds, kind);
	xasprintf(cause, _("%s has an application (%s) waiting for a supervisor: it is "
	    "decided first"), s->name, label != NULL ? label : kind);
	free(kind);
	return -1;
}

/*
 * The rules of a merge of merged into kept (register-merge.h). A My Number belongs to one
 * person and is never moved (its table keeps the holder it was recorded for, and sync
 * sends it by that holder): two different numbers are two persons, and the holder that
 * has one is the holder kept.
 */
static int
merge_check(struct db *db, const char *merged, const char *kept, const char *exclude,
    char **cause)
{
	struct side	 m, k;
	struct side	*both[2] = { &m, &k };
	int		 i, rc = -1;

	if (strcmp(merged, kept) == 0) {
		xasprintf(cause, _("a holder is not merged into itself: name the other holder"));
		return -1;
	}
	if (side_load(db, merged, &m, cause) != 0)
		return -1;
	if (side_load(db, kept, &k, cause) != 0) {
		side_free(&m);
		return -1;
	}
	for (i = 0; i < 2; i++) {
		if (both[i]->erased) {
			xasprintf(cause, _("%s is erased (消除): an erased holder is neither "
			    "merged nor kept"), both[i]->name);
			goto out;
		}
		if (*both[i]->merged_into != '\0') {
			xasprintf(cause, _("%s is already merged into %.8s: a merged holder is "
			    "neither merged nor kept"), both[i]->name, both[i]->merged_into);
			goto out;
		}
	}
	if (*m.mynumber != '\0' && *k.mynumber != '\0' && strcmp(m.mynumber, k.mynumber) != 0) {
		xasprintf(cause, _("the two holders have different My Numbers: two numbers are "
		    "two persons, not merged"));
		goto out;
	}
	if (*m.mynumber != '\0' && *k.mynumber == '\0') {
		xasprintf(cause, _("%s has a My Number and %s none: merge the other way, into "
		    "the holder with the My Number"), m.name, k.name);
		goto out;
	}
	if (side_pending(db, &m, exclude, cause) != 0 ||
	    side_pending(db, &k, exclude, cause) != 0)
		goto out;
	rc = 0;
out:
	side_free(&m);
	side_free(&k);
	return rc;
}

/*
 * A split undoes the last merge of merged exactly: the registrations its 'merge' event
 * names go back. Refused when that is no longer one answer: the holder kept has been
 * erased or merged itself since, or a registration that moved is no longer on it.
 * Registrations the kept holder gained after the merge stay with it (they were filed for
 * it). kept gets the holder kept, *regs the registrations to move back (allocated).
 */
static int
split_check(struct db *db, const char *merged, const char *exclude, char kept[37],
    char **regs, char **cause)
{
	struct side	 m, k;
	sqlite3_stmt	*stmt;
	char		*from = NULL, *list = NULL, *id, *next, *save = NULL;
	int		 rc = -1, have_k = 0;

	*regs = NULL;
	if (side_load(db, merged, &m, cause) != 0)
		return -1;
	if (*m.merged_into == '\0') {
		xasprintf(cause, _("%s is not merged: there is nothing to split"), m.name);
		goto out;
	}
	stmt = db_prepare(db, "SELECT json_extract(before_json, '$.merge_holder_id'), "
	    "coalesce(json_extract(before_json, '$.merged_registrations'), '') FROM events "
	    "WHERE holder_id = ?1 AND kind = 'merge' ORDER BY created_at DESC, rowid DESC "
	    "LIMIT 1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, merged, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		from = db_column_dup(stmt, 0);
		list = db_column_dup(stmt, 1);
	}
	db_release(db, stmt);
	if (from == NULL || strcmp(from, m.merged_into) != 0) {
		xasprintf(cause, _("the history of %s does not say what its merge moved: it is "
		    "not split"), m.name);
		goto out;
	}
	if (side_load(db, from, &k, cause) != 0)
		goto out;
	have_k = 1;
	if (k.erased) {
		xasprintf(cause, _("%s, which was kept, has been erased (消除) since the merge: "
		    "it is not split"), k.name);
		goto out;
	}
	if (*k.merged_into != '\0') {
		xasprintf(cause, _("%s, which was kept, has been merged into %.8s since: split "
		    "that merge first"), k.name, k.merged_into);
		goto out;
	}
	/* Each registration that moved must still be on the holder kept. */
	next = xstrdup(list);
	for (id = strtok_r(next, ",", &save); id != NULL; id = strtok_r(NULL, ",", &save)) {
		if ((stmt = db_prepare(db, "SELECT certificate_number, holder_id = ?2 FROM "
		    "registrations WHERE id = ?1", cause)) == NULL) {
			free(next);
			goto out;
		}
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, k.id, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) != SQLITE_ROW || sqlite3_column_int(stmt, 1) != 1) {
			xasprintf(cause, _("registration %s is no longer on %s: the split would "
			    "not be the merge undone"), sqlite3_column_text(stmt, 0) != NULL ?
			    (const char *)sqlite3_column_text(stmt, 0) : id, k.name);
			db_release(db, stmt);
			free(next);
			goto out;
		}
		db_release(db, stmt);
	}
	free(next);
	if (side_pending(db, &m, exclude, cause) != 0 ||
	    side_pending(db, &k, exclude, cause) != 0)
		goto out;
	snprintf(kept, 37, "%s", k.id);
	*regs = list;
	list = NULL;
	rc = 0;
out:
	free(from);
	free(list);
	side_free(&m);
	if (have_k)
		side_free(&k);
	return rc;
}

static int
reason_check(const char *reason, char **cause)
{
	char	*why = NULL;

	if (reason == NULL || reason[strspn(reason, " \xe3\x80\x80")] == '\0') {
		xasprintf(cause, _("a merge or split needs the reason why"));
		return -1;
	}
	if (valid_text(reason, 200, 0, &why) != 0) {
		xasprintf(cause, _("Reason: %s"), why);
		free(why);
		return -1;
	}
	return 0;
}

/*
 * The other holder as the clerk named it: a holder id, or a certificate number that one
 * holder holds (the same number may exist in two qualifications).
 */
static int
resolve_other(struct db *db, const char *typed, char out[37], char **cause)
{
	sqlite3_stmt	*stmt;
	int		 n = 0;

	if (typed == NULL || *typed == '\0') {
		xasprintf(cause, _("name the other holder: its holder id or a certificate "
		    "number"));
		return -1;
	}
	stmt = db_prepare(db, "SELECT id FROM holders WHERE id = ?1 UNION SELECT holder_id "
	    "FROM registrations WHERE certificate_number = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, typed, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (n++ == 0)
			snprintf(out, 37, "%s", sqlite3_column_text(stmt, 0));
	}
	db_release(db, stmt);
	if (n == 0) {
		xasprintf(cause, _("no holder with the id or certificate number %s"), typed);
		return -1;
	}
	if (n > 1) {
		xasprintf(cause, _("certificate number %s is held by more than one holder: "
		    "give the holder id"), typed);
		return -1;
	}
	return 0;
}

/* The application row, its outbox row and its audit entries, in the caller's transaction. */
static int
file_application(struct db *db, const struct actor *who, const char *kind,
    const char *merged, const char *kept, const char *reason, char id[37], char **cause)
{
	sqlite3_stmt	*stmt;
	char		*detail;
	int		 rc;

	if (uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		return -1;
	}
	/*
	 * No reception number: a merge or split is the office's own correction of its
	 * register, not something a person applied for at the counter.
	 */
	stmt = db_prepare(db, "INSERT INTO applications (id, kind, holder_id, payload, "
	    "requested_by, requested_at) VALUES (?1, ?2, ?3, json_object('merge_holder_id', ?4, "
	    "'reason_text', ?5), ?6, " NOW ")", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, merged, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, kept, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, who->user, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot store the application"), cause) != 0)
		return -1;
	if (outbox_append_row(db, "application", "SELECT version, json_object('id', id, 'kind', "
	    "kind, 'holder_id', holder_id, 'registration_id', registration_id, 'payload', "
	    "json(payload), 'status', status, 'requested_by', requested_by, 'requested_at', "
	    "requested_at, 'reception_number', reception_number) FROM applications WHERE id = "
	    "?1", id, 0, cause) != 0)
		return -1;
	xasprintf(&detail, "%s %.8s -> %.8s: %s", kind, merged, kept, reason);
	rc = audit_both(db, who, strcmp(kind, "merge") == 0 ? "register.merge.apply" :
	    "register.split.apply", merged, kept, id, detail, cause);
	free(detail);
	return rc;
}

/* One audit entry under each holder, so that each person's disclosure lists it. */
static int
audit_both(struct db *db, const struct actor *who, const char *action, const char *a,
    const char *b, const char *app, const char *detail, char **cause)
{
	char	*target;
	int	 rc;

	xasprintf(&target, "holder:%s application:%s", a, app);
	rc = audit_actor(db, who, action, target, "ok", detail, cause);
	free(target);
	if (rc != 0)
		return -1;
	xasprintf(&target, "holder:%s application:%s", b, app);
	rc = audit_actor(db, who, action, target, "ok", detail, cause);
	free(target);
	return rc;
}

int
merge_submit(struct db *db, const struct actor *who, const char *merged, const char *other,
    const char *reason, char id[37], char **cause)
{
	char	 kept[37], *target;
	int	 rc;

	*cause = NULL;
	if (rolefn_require(db, who, "register.apply", cause) != 0)
		return -1;
	xasprintf(&target, "holder:%s", merged);
	rc = procedure_require(db, who, "register", "register.merge.apply", target, cause);
	free(target);
	if (rc != 0 || reason_check(reason, cause) != 0 ||
	    resolve_other(db, other, kept, cause) != 0)
		return -1;
	if (db_begin(db, cause) != 0)
		return -1;
	rc = merge_check(db, merged, kept, NULL, cause) == 0 &&
	    file_application(db, who, "merge", merged, kept, reason, id, cause) == 0 ? 0 : -1;
	return db_finish(db, rc, cause);
}

int
split_submit(struct db *db, const struct actor *who, const char *merged, const char *reason,
    char id[37], char **cause)
{
	char	 kept[37], *regs = NULL, *target;
	int	 rc;

	*cause = NULL;
	if (rolefn_require(db, who, "register.apply", cause) != 0)
		return -1;
	xasprintf(&target, "holder:%s", merged);
	rc = procedure_require(db, who, "register", "register.split.apply", target, cause);
	free(target);
	if (rc != 0 || reason_check(reason, cause) != 0)
		return -1;
	if (db_begin(db, cause) != 0)
		return -1;
	rc = split_check(db, merged, NULL, kept, &regs, cause) == 0 &&
	    file_application(db, who, "split", merged, kept, reason, id, cause) == 0 ? 0 : -1;
	free(regs);
	return db_finish(db, rc, cause);
}

/*
 * Registrations from one holder to another: those of list (ids, comma separated), or
 * every one of from when list is NULL.
 */
static int
move_registrations(struct db *db, const char *from, const char *to, const char *list,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		**ids = NULL;
	size_t		 n = 0, i;
	int		 rc = -1;

	stmt = db_prepare(db, list == NULL ? "SELECT id FROM registrations WHERE holder_id = "
	    "?1 ORDER BY rowid" : "SELECT value FROM json_each('[\"' || replace(?2, ',', "
	    "'\",\"') || '\"]') WHERE ?2 <> ''", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, list, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n++] = db_column_dup(stmt, 0);
	}
	db_release(db, stmt);
	for (i = 0; i < n; i++) {
		stmt = db_prepare(db, "UPDATE registrations SET holder_id = ?2, version = version "
		    "+ 1, updated_at = " NOW " WHERE id = ?1 AND holder_id = ?3", cause);
		if (stmt == NULL)
			goto out;
		sqlite3_bind_text(stmt, 1, ids[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, to, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, from, -1, SQLITE_STATIC);
		if (db_step_done(db, stmt, _("cannot move the registration"), cause) != 0)
			goto out;
		if (sqlite3_changes(db->h) != 1) {
			xasprintf(cause, _("a registration changed meanwhile: nothing was moved"));
			goto out;
		}
		if (reg_outbox_registration(db, ids[i], 1, cause) != 0)
			goto out;
	}
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return rc;
}

static int
set_merged_into(struct db *db, const char *id, const char *into,
    const struct application *a, const char *approver, char **cause)
{
	sqlite3_stmt	*stmt;

	stmt = db_prepare(db, "UPDATE holders SET merged_into = ?2, version = version + 1, "
	    "updated_at = " NOW " WHERE id = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, into, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot mark the merged holder"), cause) != 0)
		return -1;
	return reg_outbox_holder(db, id, 1, a, approver, cause);
}

/* A 'merge' or 'split' event on holder: the other holder and what moved, in before_json. */
static int
merge_event(struct db *db, const char *holder, const char *kind, const char *other,
    const char *moved, const struct application *a, const char *approver, char **cause)
{
	char	*before;
	int	 rc;

	/* Ids only (UUIDs, comma-separated): nothing in them to escape. */
	xasprintf(&before, "{\"merge_holder_id\":\"%s\",\"merged_registrations\":\"%s\"}",
	    other, moved);
	rc = reg_event_insert(db, holder, NULL, kind, NULL, NULL, "",
	    reg_values_get(a->values, a->n_values, "reason_text"), before, a->requested_by,
	    approver, cause);
	free(before);
	return rc;
}

int
merge_apply(struct db *db, const struct actor *who, struct application *a, char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*kept = reg_values_get(a->values, a->n_values, "merge_holder_id");
	char		*moved = NULL, *detail;
	int		 rc = -1;

	if (a->holder_id == NULL || kept == NULL) {
		xasprintf(cause, _("a merge needs the two holders"));
		return -1;
	}
	/* The rules again: the register may have changed since the filing. */
	if (merge_check(db, a->holder_id, kept, a->id, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT coalesce(group_concat(id, ','), '') FROM (SELECT id FROM "
	    "registrations WHERE holder_id = ?1 ORDER BY rowid)", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, a->holder_id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		moved = db_column_dup(stmt, 0);
	db_release(db, stmt);
	if (moved == NULL)
		return db_fail(db, cause, _("cannot read the registrations"));
	if (move_registrations(db, a->holder_id, kept, NULL, cause) != 0 ||
	    set_merged_into(db, a->holder_id, kept, a, who->user, cause) != 0 ||
	    merge_event(db, a->holder_id, "merge", kept, moved, a, who->user, cause) != 0 ||
	    merge_event(db, kept, "merge", a->holder_id, moved, a, who->user, cause) != 0)
		goto out;
	xasprintf(&detail, "%.8s -> %.8s: %s", a->holder_id, kept, moved);
	rc = audit_both(db, who, "register.merge", a->holder_id, kept, a->id, detail, cause);
	free(detail);
out:
	free(moved);
	return rc;
}

int
split_apply(struct db *db, const struct actor *who, struct application *a, char **cause)
{
	const char	*named = reg_values_get(a->values, a->n_values, "merge_holder_id");
	char		 kept[37], *regs = NULL, *detail;
	int		 rc = -1;

	if (a->holder_id == NULL) {
		xasprintf(cause, _("a split needs the merged holder"));
		return -1;
	}
	if (split_check(db, a->holder_id, a->id, kept, &regs, cause) != 0)
		return -1;
	if (named == NULL || strcmp(named, kept) != 0) {
		xasprintf(cause, _("the holder kept is not the one this split names: reject it "
		    "and apply again"));
		goto out;
	}
	if (move_registrations(db, kept, a->holder_id, regs, cause) != 0 ||
	    set_merged_into(db, a->holder_id, NULL, a, who->user, cause) != 0 ||
	    merge_event(db, a->holder_id, "split", kept, regs, a, who->user, cause) != 0 ||
	    merge_event(db, kept, "split", a->holder_id, regs, a, who->user, cause) != 0)
		goto out;
	xasprintf(&detail, "%.8s <- %.8s: %s", a->holder_id, kept, regs);
	rc = audit_both(db, who, "register.split", a->holder_id, kept, a->id, detail, cause);
	free(detail);
out:
	free(regs);
	return rc;
}

int
merge_notes(struct db *db, const char *id, struct merge_note *into,
    struct merge_note **from, size_t *n_from, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	memset(into, 0, sizeof *into);
	*from = NULL;
	*n_from = 0;
	stmt = db_prepare(db, "SELECT k.id, k.family_name || ' ' || k.given_name FROM holders h "
	    "JOIN holders k ON k.id = h.merged_into WHERE h.id = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		snprintf(into->id, sizeof into->id, "%s", sqlite3_column_text(stmt, 0));
		into->name = db_column_dup(stmt, 1);
	}
	db_release(db, stmt);
	stmt = db_prepare(db, "SELECT id, family_name || ' ' || given_name FROM holders WHERE "
	    "merged_into = ?1 ORDER BY rowid", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*from = xreallocarray(*from, *n_from + 1, sizeof **from);
		snprintf((*from)[*n_from].id, sizeof (*from)[*n_from].id, "%s",
		    sqlite3_column_text(stmt, 0));
		(*from)[(*n_from)++].name = db_column_dup(stmt, 1);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		merge_notes_free(into, *from, *n_from);
		*from = NULL;
		*n_from = 0;
		return db_fail(db, cause, _("cannot read the holder's merges"));
	}
	return 0;
}

void
merge_notes_free(struct merge_note *into, struct merge_note *from, size_t n)
{
	size_t	 i;

	if (into != NULL) {
		free(into->name);
		into->name = NULL;
	}
	for (i = 0; i < n; i++)
		free(from[i].name);
	free(from);
}

char *
merge_holder_name(struct db *db, const char *id)
{
	sqlite3_stmt	*stmt;
	char		*name = NULL, *cause = NULL;

	stmt = db_prepare(db, "SELECT family_name || ' ' || given_name FROM holders WHERE id = "
	    "?1", &cause);
	if (stmt == NULL) {
		free(cause);
		return NULL;
	}
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		name = db_column_dup(stmt, 0);
	db_release(db, stmt);
	return name;
}

int
merge_event_words(struct db *db, const char *before, char **other, char **certificates)
{
	sqlite3_stmt	*stmt;
	char		*cause = NULL;

	*other = *certificates = NULL;
	/* The ids stay as written; a registration keeps its number when it moves. */
	stmt = db_prepare(db, "SELECT coalesce((SELECT family_name || ' ' || given_name FROM "
	    "holders WHERE id = json_extract(?1, '$.merge_holder_id')), json_extract(?1, "
	    "'$.merge_holder_id')), (SELECT coalesce(group_concat(certificate_number, ', '), "
	    "'') FROM (SELECT certificate_number FROM registrations WHERE instr(',' || "
	    "coalesce(json_extract(?1, '$.merged_registrations'), '') || ',', ',' || id || "
	    "',') > 0 ORDER BY rowid)) WHERE json_valid(?1) AND json_extract(?1, "
	    "'$.merge_holder_id') IS NOT NULL", &cause);
	if (stmt == NULL) {
		free(cause);
		return -1;
	}
	sqlite3_bind_text(stmt, 1, before, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*other = db_column_dup(stmt, 0);
		*certificates = db_column_dup(stmt, 1);
	}
	db_release(db, stmt);
	if (*other == NULL || *certificates == NULL) {
		free(*other);
		free(*certificates);
		*other = *certificates = NULL;
		return -1;
	}
	return 0;
}

int
merge_refuse_merged(struct db *db, const char *id, char **cause)
{
	struct side	 s;
	int		 rc = 0;

	/* An unknown holder is the caller's to refuse, with its own message. */
	if (side_load(db, id, &s, cause) != 0) {
		free(*cause);
		*cause = NULL;
		return 0;
	}
	if (*s.merged_into != '\0') {
		xasprintf(cause, _("%s is merged into %.8s: apply on the holder kept"), s.name,
		    s.merged_into);
		rc = -1;
	}
	side_free(&s);
	return rc;
}
