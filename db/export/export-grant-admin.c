/*
 * The supervisors' side of export grants (export-grants.h): every grant listed, a grant
 * revoked before its time, and an export that left the office recorded (its copy in the
 * spool erased then, as nothing more is to be taken from it).
 */
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
#include "xmalloc.h"

int
export_grants_all(struct db *db, char ***ids, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 step;

	*ids = NULL;
	*n = 0;
	stmt = db_prepare(db, "SELECT id FROM export_grants ORDER BY granted_at DESC, rowid DESC",
	    cause);
	if (stmt == NULL)
		return -1;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		*ids = xreallocarray(*ids, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = db_column_dup(stmt, 0);
	}
	db_release(db, stmt);
	if (step != SQLITE_DONE)
		return db_fail(db, cause, _("cannot read the export grants"));
	return 0;
}

int
export_grant_revoke(struct db *db, const struct actor *who, const char *id,
    const char *why, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*target, *detail;
	int		 rc = -1, changed;

	*cause = NULL;
	if (rolefn_require(db, who, "export.grant", cause) != 0)
		return -1;
	if (why == NULL || *why == '\0') {
		xasprintf(cause, _("say why the grant is revoked"));
		return -1;
	}
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "UPDATE export_grants SET status = 'revoked', version = "
	    "version + 1 WHERE id = ?1 AND status = 'active'", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot revoke the grant"), cause) != 0)
		goto out;
	changed = sqlite3_changes(db->h);
	if (changed != 1) {
		xasprintf(cause, _("export grant %s is not active: only an active grant can be "
		    "revoked"), id);
		goto out;
	}
	if (export_grant_to_outbox(db, id, 1, cause) != 0)
		goto out;
	xasprintf(&target, "export-grant:%s", id);
	xasprintf(&detail, "revoked: %s", why);
	rc = audit_actor(db, who, "export.revoke", target, "ok", detail, cause);
	free(target);
	free(detail);
out:
	return db_finish(db, rc, cause);
}

int
export_register_left(struct db *db, const struct actor *who, const char *reg_id,
    char **cause)
{
	sqlite3_stmt	*stmt;
	struct timespec	 now;
	char		 at[CLOCK_ISO_SIZE], *file = NULL, *target;
	int		 rc = -1, step;

	*cause = NULL;
	if (rolefn_require(db, who, "export.run", cause) != 0)
		return -1;
	clock_now(&now);
	clock_iso_at(now.tv_sec, at, sizeof at);
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "UPDATE export_register SET left_at = ?2 WHERE id = ?1 AND "
	    "left_at IS NULL RETURNING file", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, reg_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, at, -1, SQLITE_STATIC);
	if ((step = sqlite3_step(stmt)) == SQLITE_ROW)
		file = db_column_dup(stmt, 0);
	db_release(db, stmt);
	if (file == NULL) {
		if (step == SQLITE_DONE)
			xasprintf(cause, _("that export left already"));
		else
			(void)db_fail(db, cause, _("cannot record that the export left"));
		goto out;
	}
	xasprintf(&target, "export:%s", reg_id);
	rc = audit_actor(db, who, "export.left", target, "ok", "handed over", cause);
	free(target);
	/*
	 * The copy in the spool has done its work: erased in the same transaction as the
	 * record that says so, so neither is ever without the other.
	 */
	if (rc == 0 && access(file, F_OK) == 0)
		rc = retention_shred_recorded(db, who, "export_files", file,
		    "when the export left the office", cause);
out:
	free(file);
	return db_finish(db, rc, cause);
}

int
export_columns_parse(const char *spec, struct export_column **out, size_t *n,
    char **cause)
{
	struct export_column	*v = NULL;
	char			*copy = xstrdup(spec), *word, *last, *colon;
	size_t			 k = 0, i;
	int			 known;

	*out = NULL;
	*n = 0;
	for (word = strtok_r(copy, " ,\t", &last); word != NULL;
	    word = strtok_r(NULL, " ,\t", &last)) {
		v = xreallocarray(v, k + 1, sizeof *v);
		memset(&v[k], 0, sizeof v[k]);
		if ((colon = strchr(word, ':')) != NULL)
			*colon++ = '\0';
		known = 0;
		for (i = 0; export_column_names[i] != NULL; i++)
			known |= strcmp(word, export_column_names[i]) == 0;
		if (!known) {
			xasprintf(cause, _("\"%s\" is not a column an export may have"), word);
			goto fail;
		}
		for (i = 0; i < k; i++) {
			if (strcmp(v[i].name, word) == 0) {
				xasprintf(cause, _("the column %s is named twice"), word);
				goto fail;
			}
		}
		snprintf(v[k].name, sizeof v[k].name, "%s", word);
		if (colon != NULL && export_mask_parse(colon, &v[k].mask, cause) != 0)
			goto fail;
		k++;
	}
	free(copy);
	if (k == 0) {
		xasprintf(cause, _("name at least one column"));
		return -1;
	}
	*out = v;
	*n = k;
	return 0;
fail:
	free(copy);
	free(v);
	return -1;
}

char *
export_columns_describe(const struct export_grant *g)
{
	char	*text = xstrdup(""), *next;
	size_t	 i;

	for (i = 0; i < g->n_columns; i++) {
		xasprintf(&next, "%s%s%s%s%s%s", text, i > 0 ? " " : "", g->columns[i].name,
		    g->columns[i].mask != EXPORT_MASK_NONE ? " (" : "",
		    g->columns[i].mask != EXPORT_MASK_NONE ?
		    export_mask_label(g->columns[i].mask) : "",
		    g->columns[i].mask != EXPORT_MASK_NONE ? ")" : "");
		free(text);
		text = next;
	}
	return text;
}

void
export_grants_free(struct export_grant *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		export_grant_clear(&v[i]);
	free(v);
}

struct export_grant *
export_grants_get(struct db *db, char **ids, size_t n, size_t *got)
{
	struct export_grant	*v = xcalloc(n + 1, sizeof *v);
	char			*cause = NULL;
	size_t			 i;

	*got = 0;
	for (i = 0; i < n; i++) {
		if (export_grant_get(db, ids[i], &v[*got], &cause) == 0)
			(*got)++;
		else {
			free(cause);
			cause = NULL;
		}
		free(ids[i]);
	}
	free(ids);
	return v;
}
