/*
 * The duplicate check again when a supervisor approves a registration for a new holder
 * (issue 25, register-merge.h). Two applications for one person filed before either was
 * approved each met only the other's pending application, and a clerk who said "different"
 * then would see both approved as two holders. At approval the register is read again: the
 * holders it holds now, approved since the filing too, that the person may be. The
 * supervisor confirms a different person with the reason, which goes into the decision's
 * comment (the decision's record, synced with it), or rejects. Pending applications are
 * not asked about here: the one approved later meets the other as a holder.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "db-internal.h"
#include "i18n.h"
#include "register/register-internal.h"
#include "register/register-merge.h"
#include "valid.h"
#include "xmalloc.h"

static int	 holders_only(struct db *, const struct reg_value *, size_t,
		    struct reg_duplicate **, size_t *, char **);

/* The candidates of values that are holders (not pending applications). */
static int
holders_only(struct db *db, const struct reg_value *v, size_t n, struct reg_duplicate **out,
    size_t *n_out, char **cause)
{
	struct reg_duplicate	*d;
	size_t			 nd, i, kept = 0;

	*out = NULL;
	*n_out = 0;
	if (reg_duplicates(db, v, n, &d, &nd, cause) != 0)
		return -1;
	for (i = 0; i < nd; i++) {
		if (d[i].pending) {
			free(d[i].name);
			free(d[i].kana);
		} else
			d[kept++] = d[i];
	}
	if (kept == 0) {
		free(d);
		return 0;
	}
	*out = d;
	*n_out = kept;
	return 0;
}

int
reg_duplicates_at_approval(struct db *db, const struct actor *who, const char *id,
    struct reg_duplicate **out, size_t *n_out, char **cause)
{
	struct reg_value	*v = NULL;
	sqlite3_stmt		*stmt;
	char			*payload = NULL;
	size_t			 n = 0;
	int			 rc;

	*out = NULL;
	*n_out = 0;
	*cause = NULL;
	if (rolefn_require(db, who, "approval.queue", cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT payload FROM applications WHERE id = ?1 AND kind = "
	    "'registration' AND holder_id IS NULL AND status = 'pending'", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		payload = db_column_dup(stmt, 0);
	db_release(db, stmt);
	if (payload == NULL)	/* not a new holder's: nothing to ask */
		return 0;
	rc = reg_json_values(db, payload, &v, &n, cause);
	free(payload);
	if (rc == 0)
		rc = holders_only(db, v, n, out, n_out, cause);
	reg_values_free(v, n);
	return rc;
}

int
reg_duplicates_approval_check(struct db *db, const struct actor *who,
    const struct application *a, const char *different, const char *comment, char **recorded,
    char **cause)
{
	struct reg_duplicate	*d;
	size_t			 nd, i;
	char			*why = NULL, *target;
	int			 rc = -1;

	*recorded = NULL;
	if (strcmp(a->kind, "registration") != 0 || a->holder_id != NULL)
		return 0;
	if (holders_only(db, a->values, a->n_values, &d, &nd, cause) != 0)
		return -1;
	/*
	 * The same My Number is no question to confirm: the approval that follows refuses
	 * it with the My Number's own rule (one number, one holder).
	 */
	for (i = 0; i < nd; i++) {
		if (strcmp(d[i].why, "the same My Number") == 0) {
			rc = 0;
			goto out;
		}
	}
	if (nd == 0)
		return 0;
	if (different == NULL || different[strspn(different, " \xe3\x80\x80")] == '\0') {
		xasprintf(cause, _("the register now holds %zu holder(s) this person may be (%s, "
		    "%s): confirm a different person with the reason, or reject"), nd, d[0].name,
		    _(d[0].why));
		goto out;
	}
	if (valid_text(different, 200, 0, &why) != 0) {
		xasprintf(cause, _("Reason: %s"), why);
		free(why);
		goto out;
	}
	/* TRANSLATORS: the decision's comment when the approver confirmed another person. */
	xasprintf(recorded, _("Different person (別人): %s%s%s"), different,
	    comment != NULL && *comment != '\0' ? " / " : "", comment != NULL ? comment : "");
	if (valid_text(*recorded, 200, 0, &why) != 0) {
		free(why);
		free(*recorded);
		*recorded = NULL;
		xasprintf(cause, _("the reason and the comment together are too long (200 "
		    "characters at most)"));
		goto out;
	}
	/* Under each holder it was compared with, as the filing's check is. */
	for (i = 0; i < nd; i++) {
		xasprintf(&target, "holder:%s application:%s", d[i].holder_id, a->id);
		rc = audit_actor(db, who, "register.duplicate.approve", target, "ok", different,
		    cause);
		free(target);
		if (rc != 0) {
			free(*recorded);
			*recorded = NULL;
			goto out;
		}
	}
	rc = 0;
out:
	reg_duplicates_free(d, nd);
	return rc;
}
