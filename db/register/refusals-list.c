/*
 * The refusals (交付拒否) of registration applications for persons not on the register,
 * for the supervisors who may read them (refusals-list.h). A holder already on the
 * register has an event 'refuse' in his history instead.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "db-internal.h"
#include "i18n.h"
#include "register/refusals-list.h"
#include "xmalloc.h"

int
refusals_list(struct db *db, const struct actor *who, struct refusal_row **out, size_t *n,
    char **cause)
{
	struct refusal_row	*list = NULL, *r;
	sqlite3_stmt		*stmt;
	size_t			 count = 0;
	int			 step;

	*out = NULL;
	*n = 0;
	*cause = NULL;
	/* rolefn_require audits a denial itself. */
	if (rolefn_require(db, who, "register.sensitive", cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT f.id, f.application_id, f.refusal_date, "
	    "coalesce(json_extract(a.payload, '$.family_name'), '') || ' ' || "
	    "coalesce(json_extract(a.payload, '$.given_name'), ''), coalesce((SELECT CASE WHEN "
	    "?1 THEN label_ja ELSE label_en END FROM action_reasons WHERE action = 'refuse' AND "
	    "code = f.reason_code), f.reason_code), f.reason_text, f.created_by, f.approved_by "
	    "FROM refusals f JOIN applications a ON a.id = f.application_id ORDER BY "
	    "f.refusal_date DESC, f.created_at DESC", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, i18n_japanese());
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = xreallocarray(list, count + 1, sizeof *list);
		r = &list[count++];
		memset(r, 0, sizeof *r);
		snprintf(r->id, sizeof r->id, "%s", sqlite3_column_text(stmt, 0));
		snprintf(r->application_id, sizeof r->application_id, "%s",
		    sqlite3_column_text(stmt, 1));
		r->refusal_date = db_column_dup(stmt, 2);
		r->applicant = db_column_dup(stmt, 3);
		r->reason = db_column_dup(stmt, 4);
		r->reason_text = db_column_dup(stmt, 5);
		r->created_by = db_column_dup(stmt, 6);
		r->approved_by = db_column_dup(stmt, 7);
	}
	db_release(db, stmt);
	if (step != SQLITE_DONE) {
		refusals_free(list, count);
		return db_fail(db, cause, _("cannot read the refusals"));
	}
	if (audit_actor(db, who, "register.refusals", "", "ok", NULL, cause) != 0) {
		refusals_free(list, count);
		return -1;
	}
	*out = list;
	*n = count;
	return 0;
}

void
refusals_free(struct refusal_row *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(list[i].refusal_date);
		free(list[i].applicant);
		free(list[i].reason);
		free(list[i].reason_text);
		free(list[i].created_by);
		free(list[i].approved_by);
	}
	free(list);
}
