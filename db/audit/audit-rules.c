/*
 * The rules of the unusual-use flags: listed for everyone who may see flags, changed by a
 * supervisor. Bad input (a threshold or window below 1, a window on a rule that counts
 * per day) changes nothing and says why.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "audit/audit-rules.h"
#include "db-internal.h"
#include "i18n.h"
#include "xmalloc.h"

int
audit_rules_list(struct db *db, int japanese, struct audit_rule **out, size_t *n,
    char **cause)
{
	sqlite3_stmt		*stmt;
	struct audit_rule	*r;
	int			 rc;

	*out = NULL;
	*n = 0;
	stmt = db_prepare(db, japanese ? "SELECT name, label_ja, threshold, window_minutes, "
	    "changed_by, changed_at FROM audit_rules ORDER BY position" : "SELECT name, "
	    "label_en, threshold, window_minutes, changed_by, changed_at FROM audit_rules "
	    "ORDER BY position", cause);
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		r = &(*out)[(*n)++];
		memset(r, 0, sizeof *r);
		snprintf(r->name, sizeof r->name, "%s", sqlite3_column_text(stmt, 0));
		r->label = db_column_dup(stmt, 1);
		r->threshold = sqlite3_column_int(stmt, 2);
		r->window_minutes = sqlite3_column_int(stmt, 3);
		if (sqlite3_column_type(stmt, 4) != SQLITE_NULL) {
			r->changed_by = db_column_dup(stmt, 4);
			r->changed_at = db_column_dup(stmt, 5);
		}
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		audit_rules_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, cause, _("cannot read the rules of the flags"));
	}
	return 0;
}

void
audit_rules_free(struct audit_rule *r, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(r[i].label);
		free(r[i].changed_by);
		free(r[i].changed_at);
	}
	free(r);
}

/*
 * Sets a rule's threshold and window (0 for a rule that counts per day). Refused, with
 * nothing changed, for a threshold or window below 1 or above the table's limits.
 */
int
audit_rule_set(struct db *db, const struct actor *who, const char *name, int threshold,
    int window, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*target = NULL, *detail = NULL;
	int		 old_threshold, old_window, windowed, rc = -1;

	*cause = NULL;
	if (rolefn_require(db, who, "audit.signoff", cause) != 0)
		return -1;
	if (threshold < 1 || threshold > 100000) {
		xasprintf(cause, _("the threshold must be a whole number from 1 to 100000"));
		return -1;
	}
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT threshold, window_minutes FROM audit_rules WHERE "
	    "name = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		db_release(db, stmt);
		xasprintf(cause, _("no such rule: %s"), name);
		goto out;
	}
	old_threshold = sqlite3_column_int(stmt, 0);
	windowed = sqlite3_column_type(stmt, 1) != SQLITE_NULL;
	old_window = sqlite3_column_int(stmt, 1);
	db_release(db, stmt);
	if (windowed && (window < 1 || window > 1440)) {
		xasprintf(cause, _("the window must be a whole number of minutes from 1 to "
		    "1440"));
		goto out;
	}
	if (!windowed && window != 0) {
		xasprintf(cause, _("this rule counts per day: it has no window"));
		goto out;
	}
	stmt = db_prepare(db, "UPDATE audit_rules SET threshold = ?2, window_minutes = "
	    "CASE WHEN window_minutes IS NULL THEN NULL ELSE ?3 END, changed_by = ?4, "
	    "changed_at = " NOW " WHERE name = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, threshold);
	sqlite3_bind_int(stmt, 3, window);
	sqlite3_bind_text(stmt, 4, who->user, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot change the rule"), cause) != 0)
		goto out;
	xasprintf(&target, "rule:%s", name);
	if (windowed)
		xasprintf(&detail, "threshold %d -> %d, window %d -> %d min", old_threshold,
		    threshold, old_window, window);
	else
		xasprintf(&detail, "threshold %d -> %d", old_threshold, threshold);
	rc = audit_actor(db, who, "audit.rule.change", target, "ok", detail, cause);
out:
	free(target);
	free(detail);
	return db_finish(db, rc, cause);
}

/* "name>=N/Wmin ..." : the rules in force, kept with a sign-off. Allocated. */
char *
audit_rules_summary(const struct audit_rule *r, size_t n)
{
	char	*out = xstrdup(""), *next;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (r[i].window_minutes > 0)
			xasprintf(&next, "%s%s%s>=%d/%dmin", out, i > 0 ? " " : "", r[i].name,
			    r[i].threshold, r[i].window_minutes);
		else
			xasprintf(&next, "%s%s%s>=%d", out, i > 0 ? " " : "", r[i].name,
			    r[i].threshold);
		free(out);
		out = next;
	}
	return out;
}
