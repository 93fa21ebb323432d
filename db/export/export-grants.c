/* Export grants and the export register (export-grants.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "clock.h"
#include "db-internal.h"
#include "export/export-grants.h"
#include "export/export-internal.h"
#include "i18n.h"
#include "retention/retention.h"
#include "sync/outbox.h"
#include "uuid.h"
#include "xmalloc.h"

const char *const export_column_names[] = {
	"name", "family_name", "given_name", "kana", "sex", "birth_date", "postal_code",
	"address", "phone", "certificates", "mynumber", NULL
};

/*
 * A grant's row into the outbox, in the caller's transaction: what it allowed, never the
 * holders' ids (the audit entries of the run name them) nor the certificate itself (its
 * fingerprint identifies it).
 */
int
export_grant_to_outbox(struct db *db, const char *id, int update, char **cause)
{
	return outbox_append_row(db, "export_grant", "SELECT version, json_object('id', id, "
	    "'grantee', grantee, 'granted_by', granted_by, 'purpose', purpose, 'procedure', "
	    "procedure, 'holder_count', json_array_length(holders), 'columns', columns, "
	    "'encoding', encoding, 'recipient_name', recipient_name, 'recipient_fingerprint', "
	    "recipient_fingerprint, 'single_use', single_use, 'granted_at', granted_at, "
	    "'valid_until', valid_until, 'status', status) FROM export_grants WHERE id = ?1",
	    id, update, cause);
}

/*
 * Version 1 for ever: the central store keeps an export record as it was made. That it
 * left the office is the audit entry export.left (export_register_left), which syncs
 * with the log.
 */
int
export_record_to_outbox(struct db *db, const char *id, char **cause)
{
	return outbox_append_row(db, "export_record", "SELECT 1, json_object('id', id, "
	    "'grant_id', grant_id, 'made_by', made_by, 'made_at', made_at, 'sha256', sha256, "
	    "'rows', rows, 'columns', columns, 'recipient_name', recipient_name, "
	    "'recipient_fingerprint', recipient_fingerprint, 'checked_by', checked_by) FROM "
	    "export_register WHERE id = ?1", id, 0, cause);
}

/* Each column's SQL over holders h; the masks that fit it (NONE always does). */
static const struct {
	const char		*name;
	const char		*sql;
	enum export_mask	 mask;
} column_sql[] = {
	{ "name", "h.family_name || ' ' || h.given_name", EXPORT_MASK_FAMILY_ONLY },
	{ "family_name", "h.family_name", EXPORT_MASK_NONE },
	{ "given_name", "h.given_name", EXPORT_MASK_NONE },
	{ "kana", "h.family_kana || ' ' || h.given_kana", EXPORT_MASK_FAMILY_ONLY },
	{ "sex", "h.sex", EXPORT_MASK_NONE },
	{ "birth_date", "h.birth_date", EXPORT_MASK_YEAR },
	{ "postal_code", "h.postal_code", EXPORT_MASK_NONE },
	{ "address", "h.address1 || h.address2 || h.address3", EXPORT_MASK_MUNICIPALITY },
	{ "phone", "h.phone", EXPORT_MASK_NONE },
	{ "certificates", "(SELECT coalesce(group_concat(r.certificate_number, ' '), '') "
	    "FROM registrations r WHERE r.holder_id = h.id)", EXPORT_MASK_NONE },
	{ "mynumber", "(SELECT m.mynumber FROM mynumbers m WHERE m.holder_id = h.id)",
	    EXPORT_MASK_NONE },
};

static int
column_index(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof column_sql / sizeof column_sql[0]; i++) {
		if (strcmp(name, column_sql[i].name) == 0)
			return (int)i;
	}
	return -1;
}

/* The clock's time in hours (0: now), as rows are stamped; allocated. */
static char *
iso_in(int hours)
{
	struct timespec	 now;
	char		 buf[CLOCK_ISO_SIZE];

	clock_now(&now);
	clock_iso_at(now.tv_sec + (time_t)hours * 3600, buf, sizeof buf);
	return xstrdup(buf);
}

/* The JSON arrays the grant keeps. */
static char *
holders_json(const struct export_grant *g)
{
	char	*out = xstrdup("["), *next;
	size_t	 i;

	for (i = 0; i < g->n_holders; i++) {
		xasprintf(&next, "%s%s\"%s\"", out, i > 0 ? "," : "", g->holders[i]);
		free(out);
		out = next;
	}
	xasprintf(&next, "%s]", out);
	free(out);
	return next;
}

static char *
columns_json(const struct export_grant *g)
{
	char	*out = xstrdup("["), *next;
	size_t	 i;

	for (i = 0; i < g->n_columns; i++) {
		xasprintf(&next, "%s%s{\"column\":\"%s\",\"mask\":\"%s\"}", out, i > 0 ?
		    "," : "", g->columns[i].name, export_mask_name(g->columns[i].mask));
		free(out);
		out = next;
	}
	xasprintf(&next, "%s]", out);
	free(out);
	return next;
}

static int
grant_check(struct db *db, const struct actor *who, const struct export_grant *g,
    int hours, int max_hours, char **cause)
{
	sqlite3_stmt	*stmt;
	size_t		 i;
	int		 c, mynumber = -1, found;

	if (strcmp(g->grantee, who->user) == 0) {
		xasprintf(cause, _("you cannot grant an export to yourself: another user runs "
		    "it (four eyes)"));
		return -1;
	}
	if (hours < 1 || hours > max_hours) {
		xasprintf(cause, _("a grant is valid 1 to %d hours (max_export_grant_hours), "
		    "not %d"), max_hours, hours);
		return -1;
	}
	if (g->n_holders == 0 || g->n_columns == 0) {
		xasprintf(cause, _("a grant names at least one holder and one column"));
		return -1;
	}
	for (i = 0; i < g->n_columns; i++) {
		if ((c = column_index(g->columns[i].name)) < 0) {
			xasprintf(cause, _("\"%s\" is not a column an export may have"),
			    g->columns[i].name);
			return -1;
		}
		if (g->columns[i].mask != EXPORT_MASK_NONE &&
		    g->columns[i].mask != column_sql[c].mask) {
			xasprintf(cause, _("the mask %s does not fit the column %s"),
			    export_mask_name(g->columns[i].mask), g->columns[i].name);
			return -1;
		}
		if (strcmp(g->columns[i].name, "mynumber") == 0)
			mynumber = 1;
	}
	/* The grantee: an active account that may run exports (and see My Numbers). */
	stmt = db_prepare(db, "SELECT mynumber_allowed FROM accounts WHERE user_name = ?1 AND "
	    "status = 'active'", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, g->grantee, -1, SQLITE_STATIC);
	found = sqlite3_step(stmt) == SQLITE_ROW;
	if (found && mynumber == 1 && sqlite3_column_int(stmt, 0) == 0)
		mynumber = 0;
	db_release(db, stmt);
	if (!found) {
		xasprintf(cause, _("%s has no active account"), g->grantee);
		return -1;
	}
	if (!rolefn_allowed(db, g->grantee, "export.run")) {
		xasprintf(cause, _("%s's roles do not include running an export"), g->grantee);
		return -1;
	}
	if (mynumber == 0) {
		xasprintf(cause, _("%s has no My Number permission: an export to them cannot "
		    "hold My Numbers"), g->grantee);
		return -1;
	}
	for (i = 0; i < g->n_holders; i++) {
		stmt = db_prepare(db, "SELECT 1 FROM holders WHERE id = ?1", cause);
		if (stmt == NULL)
			return -1;
		sqlite3_bind_text(stmt, 1, g->holders[i], -1, SQLITE_STATIC);
		found = sqlite3_step(stmt) == SQLITE_ROW;
		db_release(db, stmt);
		if (!found) {
			xasprintf(cause, _("no holder %s in this office's register"),
			    g->holders[i]);
			return -1;
		}
	}
	return 0;
}

int
export_grant_create(struct db *db, const struct actor *who, struct export_grant *g,
    int hours, int max_hours, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*holders = NULL, *columns = NULL, *detail;
	int		 rc = -1;

	*cause = NULL;
	if (rolefn_require(db, who, "export.grant", cause) != 0 ||
	    grant_check(db, who, g, hours, max_hours, cause) != 0)
		return -1;
	if (uuid_generate(g->id) != 0) {
		xasprintf(cause, _("cannot make an id for the grant"));
		return -1;
	}
	free(g->granted_by);
	g->granted_by = xstrdup(who->user);
	free(g->granted_at);
	g->granted_at = iso_in(0);
	free(g->valid_until);
	g->valid_until = iso_in(hours);
	holders = holders_json(g);
	columns = columns_json(g);
	if (db_begin(db, cause) != 0)
		goto out_free;
	stmt = db_prepare(db, "INSERT INTO export_grants (id, grantee, granted_by, purpose, "
	    "procedure, holders, columns, encoding, recipient_name, recipient_cert, "
	    "recipient_fingerprint, single_use, granted_at, valid_until) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, g->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, g->grantee, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, g->granted_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, g->purpose, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, g->procedure, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, holders, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, columns, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, export_encoding_name(g->encoding), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, g->recipient_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, g->recipient_cert, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, g->recipient_fingerprint, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 12, g->single_use != 0);
	sqlite3_bind_text(stmt, 13, g->granted_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 14, g->valid_until, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot record the grant"), cause) != 0 ||
	    export_grant_to_outbox(db, g->id, 0, cause) != 0)
		goto out;
	xasprintf(&detail, "grant %s to %s: %zu holders, %s, for %s (%s), to %s, until %s",
	    g->id, g->grantee, g->n_holders, columns, g->purpose, g->procedure,
	    g->recipient_name, g->valid_until);
	rc = audit_actor(db, who, "export.grant", "", "ok", detail, cause);
	free(detail);
out:
	rc = db_finish(db, rc, cause);
out_free:
	free(holders);
	free(columns);
	return rc;
}

void
export_grant_clear(struct export_grant *g)
{
	size_t	 i;

	free(g->grantee);
	free(g->granted_by);
	free(g->purpose);
	free(g->procedure);
	for (i = 0; i < g->n_holders; i++)
		free(g->holders[i]);
	free(g->holders);
	free(g->columns);
	free(g->recipient_name);
	free(g->recipient_cert);
	free(g->recipient_fingerprint);
	free(g->granted_at);
	free(g->valid_until);
	free(g->status);
	memset(g, 0, sizeof *g);
}

int
export_grant_get(struct db *db, const char *id, struct export_grant *g, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*cause2 = NULL, *enc = NULL;
	int		 step;

	memset(g, 0, sizeof *g);
	stmt = db_prepare(db, "SELECT id, grantee, granted_by, purpose, procedure, encoding, "
	    "recipient_name, recipient_cert, recipient_fingerprint, single_use, granted_at, "
	    "valid_until, status FROM export_grants WHERE id = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		snprintf(g->id, sizeof g->id, "%s", sqlite3_column_text(stmt, 0));
		g->grantee = db_column_dup(stmt, 1);
		g->granted_by = db_column_dup(stmt, 2);
		g->purpose = db_column_dup(stmt, 3);
		g->procedure = db_column_dup(stmt, 4);
		enc = db_column_dup(stmt, 5);
		g->recipient_name = db_column_dup(stmt, 6);
		g->recipient_cert = db_column_dup(stmt, 7);
		g->recipient_fingerprint = db_column_dup(stmt, 8);
		g->single_use = sqlite3_column_int(stmt, 9);
		g->granted_at = db_column_dup(stmt, 10);
		g->valid_until = db_column_dup(stmt, 11);
		g->status = db_column_dup(stmt, 12);
	}
	db_release(db, stmt);
	if (step != SQLITE_ROW) {
		xasprintf(cause, _("no export grant %s"), id);
		return -1;
	}
	(void)export_encoding_parse(enc, &g->encoding, &cause2);
	free(cause2);
	free(enc);
	stmt = db_prepare(db, "SELECT j.value FROM export_grants g, json_each(g.holders) j "
	    "WHERE g.id = ?1 ORDER BY j.key", cause);
	if (stmt == NULL)
		goto fail;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		g->holders = xreallocarray(g->holders, g->n_holders + 1, sizeof *g->holders);
		g->holders[g->n_holders++] = db_column_dup(stmt, 0);
	}
	db_release(db, stmt);
	stmt = db_prepare(db, "SELECT json_extract(j.value, '$.column'), "
	    "json_extract(j.value, '$.mask') FROM export_grants g, json_each(g.columns) j "
	    "WHERE g.id = ?1 ORDER BY j.key", cause);
	if (stmt == NULL)
		goto fail;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		g->columns = xreallocarray(g->columns, g->n_columns + 1, sizeof *g->columns);
		snprintf(g->columns[g->n_columns].name, sizeof g->columns[0].name, "%s",
		    sqlite3_column_text(stmt, 0));
		if (export_mask_parse((const char *)sqlite3_column_text(stmt, 1),
		    &g->columns[g->n_columns].mask, &cause2) != 0) {
			free(cause2);
			g->columns[g->n_columns].mask = EXPORT_MASK_NONE;
		}
		g->n_columns++;
	}
	db_release(db, stmt);
	return 0;
fail:
	export_grant_clear(g);
	return -1;
}

int
export_grants_expire(struct db *db, char ***ids, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*now = iso_in(0);
	size_t		 i;
	int		 rc = -1;

	*ids = NULL;
	*n = 0;
	if (db_begin(db, cause) != 0) {
		free(now);
		return -1;
	}
	stmt = db_prepare(db, "UPDATE export_grants SET status = 'expired', version = version + 1 "
	    "WHERE status = 'active' AND valid_until <= ?1 RETURNING id", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, now, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		*ids = xreallocarray(*ids, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = db_column_dup(stmt, 0);
	}
	db_release(db, stmt);
	for (i = 0; i < *n; i++) {
		if (export_grant_to_outbox(db, (*ids)[i], 1, cause) != 0)
			goto out;
	}
	rc = 0;
out:
	free(now);
	return db_finish(db, rc, cause);
}

/* Why the grant may not be used by who now, or NULL. */
static char *
grant_refusal(const struct actor *who, const struct export_grant *g)
{
	char	*now = iso_in(0), *why = NULL;

	if (strcmp(g->grantee, who->user) != 0)
		xasprintf(&why, _("export grant %s is %s's, not yours"), g->id, g->grantee);
	else if (strcmp(g->status, "used") == 0)
		xasprintf(&why, _("export grant %s was used already (it is for one export)"),
		    g->id);
	else if (strcmp(g->status, "active") != 0)
		xasprintf(&why, _("export grant %s is %s"), g->id, g->status);
	else if (strcmp(now, g->valid_until) >= 0)
		xasprintf(&why, _("export grant %s expired at %s"), g->id, g->valid_until);
	free(now);
	return why;
}

int
export_grant_rows(struct db *db, const struct actor *who, const struct export_grant *g,
    char ***out, size_t *nrows, char **cause)
{
	sqlite3_stmt	*stmt;
	char		**cells = NULL, *sql, *list = xstrdup(""), *next, *why, *target;
	size_t		 i, c, k = 0;
	int		 idx, found;

	*out = NULL;
	*nrows = 0;
	*cause = NULL;
	if (rolefn_require(db, who, "export.run", cause) != 0) {
		free(list);
		return -1;
	}
	if ((why = grant_refusal(who, g)) != NULL) {
		xasprintf(&target, "export-grant:%s", g->id);
		(void)audit_actor(db, who, "export.run", target, "denied", why, NULL);
		free(target);
		*cause = why;
		free(list);
		return -1;
	}
	for (c = 0; c < g->n_columns; c++) {
		if ((idx = column_index(g->columns[c].name)) < 0) {
			xasprintf(cause, _("\"%s\" is not a column an export may have"),
			    g->columns[c].name);
			free(list);
			return -1;
		}
		xasprintf(&next, "%s%s%s", list, c > 0 ? ", " : "", column_sql[idx].sql);
		free(list);
		list = next;
	}
	xasprintf(&sql, "SELECT %s FROM holders h WHERE h.id = ?1", list);
	free(list);
	cells = xcalloc(g->n_holders * g->n_columns + 1, sizeof *cells);
	for (i = 0; i < g->n_holders; i++) {
		if ((stmt = db_prepare(db, sql, cause)) == NULL)
			goto fail;
		sqlite3_bind_text(stmt, 1, g->holders[i], -1, SQLITE_STATIC);
		found = sqlite3_step(stmt) == SQLITE_ROW;
		for (c = 0; found && c < g->n_columns; c++) {
			if (export_mask_apply(g->columns[c].mask,
			    (const char *)sqlite3_column_text(stmt, (int)c),
			    &cells[i * g->n_columns + c], cause) != 0) {
				db_release(db, stmt);
				goto fail;
			}
		}
		db_release(db, stmt);
		if (!found) {
			xasprintf(cause, _("holder %s of the grant is no longer in this "
			    "office's register"), g->holders[i]);
			goto fail;
		}
		k++;
	}
	free(sql);
	*out = cells;
	*nrows = k;
	return 0;
fail:
	free(sql);
	export_rows_free(cells, g->n_holders * g->n_columns);
	return -1;
}

void
export_rows_free(char **cells, size_t n)
{
	size_t	 i;

	if (cells == NULL)
		return;
	for (i = 0; i < n; i++) {
		if (cells[i] != NULL)
			explicit_bzero(cells[i], strlen(cells[i]));
		free(cells[i]);
	}
	free(cells);
}

int
export_register_add(struct db *db, const struct actor *who, const struct export_grant *g,
    const char *file, const char *sha256, size_t rows, const char *checked_by,
    char reg_id[37], char **cause)
{
	sqlite3_stmt	*stmt;
	char		*now = iso_in(0), *target, *detail;
	size_t		 i;
	int		 rc = -1;

	if (uuid_generate(reg_id) != 0) {
		xasprintf(cause, _("cannot make an id for the export register"));
		free(now);
		return -1;
	}
	if (db_begin(db, cause) != 0) {
		free(now);
		return -1;
	}
	stmt = db_prepare(db, "INSERT INTO export_register (id, grant_id, made_by, made_at, "
	    "file, sha256, rows, columns, recipient_name, recipient_fingerprint, checked_by, "
	    "checked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?4)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, reg_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, g->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, file, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 7, (int64_t)rows);
	sqlite3_bind_int64(stmt, 8, (int64_t)g->n_columns);
	sqlite3_bind_text(stmt, 9, g->recipient_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, g->recipient_fingerprint, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, checked_by, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot record the export"), cause) != 0)
		goto out;
	if (g->single_use) {
		stmt = db_prepare(db, "UPDATE export_grants SET status = 'used', version = version + 1 "
		    "WHERE id = ?1 AND status = 'active'", cause);
		if (stmt == NULL)
			goto out;
		sqlite3_bind_text(stmt, 1, g->id, -1, SQLITE_STATIC);
		if (db_step_done(db, stmt, _("cannot record the export"), cause) != 0)
			goto out;
		if (sqlite3_changes(db->h) != 1) {
			xasprintf(cause, _("export grant %s was used meanwhile"), g->id);
			goto out;
		}
		if (export_grant_to_outbox(db, g->id, 1, cause) != 0)
			goto out;
	}
	if (export_record_to_outbox(db, reg_id, cause) != 0)
		goto out;
	/* One entry per holder: a disclosure (開示) lists every export that held them. */
	for (i = 0; i < g->n_holders; i++) {
		xasprintf(&target, "holder:%s export:%s", g->holders[i], reg_id);
		xasprintf(&detail, "to %s for %s (%s), grant %s, checked by %s",
		    g->recipient_name, g->purpose, g->procedure, g->id, checked_by);
		rc = audit_actor(db, who, "export.run", target, "ok", detail, cause);
		free(target);
		free(detail);
		if (rc != 0)
			goto out;
	}
	rc = 0;
out:
	free(now);
	return db_finish(db, rc, cause);
}

int
export_expire(struct db *db, const struct actor *who, int64_t *erased, char **cause)
{
	sqlite3_stmt	*stmt;
	char		**ids = NULL, **files = NULL, *now = iso_in(0), *approved;
	size_t		 n = 0, nf = 0, i;
	int		 rc = -1;

	*erased = 0;
	if (export_grants_expire(db, &ids, &n, cause) != 0)
		goto out;
	/*
	 * The files of every grant past its time (used or not) or revoked that are still in
	 * the spool: a copy taken to the recipient is theirs, the spool keeps none past the
	 * grant. A used grant's file stays until then, to be taken.
	 */
	stmt = db_prepare(db, "SELECT r.file FROM export_register r JOIN export_grants g ON "
	    "g.id = r.grant_id WHERE g.valid_until <= ?1 OR g.status = 'revoked'", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, now, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		files = xreallocarray(files, nf + 1, sizeof *files);
		files[nf++] = db_column_dup(stmt, 0);
	}
	db_release(db, stmt);
	for (i = 0; i < nf; i++) {
		if (access(files[i], F_OK) != 0)
			continue;	/* erased before */
		if (retention_shred(files[i], cause) != 0)
			goto out;
		(*erased)++;
	}
	if (*erased > 0) {
		if (db_begin(db, cause) != 0)
			goto out;
		xasprintf(&approved, "automatic at the expiry of the export grant");
		rc = retention_record_rows(db, who, "export_files", 0, now, *erased, NULL,
		    NULL, approved, cause);
		free(approved);
		if (db_finish(db, rc, cause) != 0) {
			rc = -1;
			goto out;
		}
	}
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	for (i = 0; i < nf; i++)
		free(files[i]);
	free(files);
	free(now);
	return rc;
}

int
export_grants_usable(struct db *db, const char *user, char ***ids, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*now = iso_in(0);
	int		 step;

	*ids = NULL;
	*n = 0;
	stmt = db_prepare(db, "SELECT id FROM export_grants WHERE grantee = ?1 AND status = "
	    "'active' AND valid_until > ?2 ORDER BY granted_at DESC, rowid DESC", cause);
	if (stmt == NULL) {
		free(now);
		return -1;
	}
	sqlite3_bind_text(stmt, 1, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, now, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		*ids = xreallocarray(*ids, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = db_column_dup(stmt, 0);
	}
	db_release(db, stmt);
	free(now);
	if (step != SQLITE_DONE)
		return db_fail(db, cause, _("cannot read the export grants"));
	return 0;
}

int
export_register_read(struct db *db, struct export_entry **out, size_t *n, char **cause)
{
	struct export_entry	*v = NULL, *e;
	sqlite3_stmt		*stmt;
	size_t			 k = 0;
	int			 step;

	stmt = db_prepare(db, "SELECT r.made_at, r.made_by, coalesce(r.checked_by, ''), "
	    "r.recipient_name, g.purpose, g.procedure, g.granted_by, r.sha256, r.file, r.rows, "
	    "r.columns, r.id, r.left_at FROM export_register r JOIN export_grants g ON g.id = r.grant_id ORDER "
	    "BY r.made_at DESC", cause);
	if (stmt == NULL)
		return -1;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, k + 1, sizeof *v);
		e = &v[k++];
		e->made_at = db_column_dup(stmt, 0);
		e->made_by = db_column_dup(stmt, 1);
		e->checked_by = db_column_dup(stmt, 2);
		e->recipient = db_column_dup(stmt, 3);
		e->purpose = db_column_dup(stmt, 4);
		e->procedure = db_column_dup(stmt, 5);
		e->granted_by = db_column_dup(stmt, 6);
		e->sha256 = db_column_dup(stmt, 7);
		e->file = db_column_dup(stmt, 8);
		e->rows = sqlite3_column_int64(stmt, 9);
		e->columns = sqlite3_column_int64(stmt, 10);
		snprintf(e->id, sizeof e->id, "%s", sqlite3_column_text(stmt, 11));
		e->left_at = db_column_dup(stmt, 12);
	}
	db_release(db, stmt);
	if (step != SQLITE_DONE) {
		export_register_free(v, k);
		return db_fail(db, cause, _("cannot read the export register"));
	}
	*out = v;
	*n = k;
	return 0;
}

void
export_register_free(struct export_entry *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].made_at);
		free(v[i].made_by);
		free(v[i].checked_by);
		free(v[i].recipient);
		free(v[i].purpose);
		free(v[i].procedure);
		free(v[i].granted_by);
		free(v[i].sha256);
		free(v[i].file);
		free(v[i].left_at);
	}
	free(v);
}
