/* The registers as the screens list them (compliance-lists.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compliance/compliance-labels.h"
#include "compliance/compliance-lists.h"
#include "compliance/compliance-registers.h"
#include "db-internal.h"
#include "i18n.h"
#include "valid.h"
#include "xmalloc.h"

/*
 * Each register's rows: id, the list's line, the detail, open; formats bound ?1 ?2, and
 * days as the reader reads them (day_styled, registered with the era).
 */
static const char *const sql[] = {
	[REGISTER_INCIDENTS] = "SELECT i.id, printf(?1, day_styled(i.found_on), i.summary, i.persons, "
	    "(SELECT coalesce(group_concat(step, ''), '') FROM (SELECT step FROM "
	    "incident_steps WHERE incident_id = i.id ORDER BY step))), printf(?2, day_styled(i.found_on), "
	    "i.found_by, i.summary, i.data_kinds, i.persons, CASE i.mynumber WHEN 1 THEN 'Y' "
	    "ELSE 'N' END, i.cause, i.recorded_by), NOT EXISTS (SELECT 1 FROM incident_steps "
	    "WHERE incident_id = i.id AND step = 7) FROM incidents i ORDER BY i.found_on DESC, "
	    "i.rowid DESC",
	[REGISTER_TRAINING] = "SELECT id, printf(?1, day_styled(taken_on), user_name, "
	    "code_shown('training', kind), course), printf(?2, user_name, course, "
	    "code_shown('training', kind), day_styled(taken_on), recorded_by), 0 FROM "
	    "training_records ORDER BY taken_on DESC, rowid DESC",
	/* A disclosure request shows the report printed for its holder since it came. */
	[REGISTER_ENQUIRIES] = "SELECT e.id, printf(?1, day_styled(e.received_on), "
	    "code_shown('enquiry', e.kind), e.subject, day_styled(e.answered_on)), printf(?2, "
	    "code_shown('enquiry', e.kind), day_styled(e.received_on), e.subject, "
	    "coalesce(e.holder_id, '-'), day_styled((SELECT date(max(a.at), 'localtime') FROM "
	    "audit_log a WHERE a.action = 'disclosure.print' AND e.holder_id IS NOT NULL AND "
	    "a.target = 'holder:' || e.holder_id AND date(a.at, 'localtime') >= "
	    "e.received_on)), day_styled(e.answered_on), e.answer, e.recorded_by), "
	    "e.answered_on IS NULL FROM enquiries e ORDER BY e.received_on DESC, e.rowid DESC",
	[REGISTER_ATTESTATIONS] = "SELECT id, printf(?1, day_styled(stated_on), item, statement), "
	    "printf(?2, item, statement, document, day_styled(stated_on), stated_by), 0 FROM attestations "
	    "ORDER BY item, stated_on DESC",
};

static const char *
list_format(enum register_kind k)
{
	switch (k) {
	case REGISTER_INCIDENTS:
		return _("%s  %s  (%d persons; steps done: %s)");
	case REGISTER_TRAINING:
		return _("%s  %s  %s: %s");
	case REGISTER_ENQUIRIES:
		return _("%s  %s: %s  (answered %s)");
	case REGISTER_ATTESTATIONS:
		return _("%s  item %d: %s");
	}
	return "";
}

static const char *
detail_format(enum register_kind k)
{
	switch (k) {
	case REGISTER_INCIDENTS:
		return _("Found on %s by %s\nWhat happened: %s\nWhat data: %s, %d persons (My "
		    "Numbers: %s)\nCause: %s\nRecorded by %s");
	case REGISTER_TRAINING:
		return _("Person: %s\nCourse: %s (%s)\nTaken on %s\nRecorded by %s");
	case REGISTER_ENQUIRIES:
		return _("Kind: %s, received on %s\nSubject: %s\nHolder: %s\nDisclosure report "
		    "printed: %s\nAnswered on %s: %s\nRecorded by %s");
	case REGISTER_ATTESTATIONS:
		return _("Survey item %d: %s\nDocument: %s\nStated on %s by %s");
	}
	return "";
}

/* An incident's steps, one line each, after its detail. */
static char *
with_steps(struct db *db, const char *id, char *detail)
{
	sqlite3_stmt	*stmt;
	char		*next, *cause = NULL;

	if ((stmt = db_prepare(db, "SELECT step, day_styled(done_on), done_by, note FROM "
	    "incident_steps WHERE incident_id = ?1 ORDER BY step", &cause)) == NULL) {
		free(cause);
		return detail;
	}
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		xasprintf(&next, _("%s\n%s: %s by %s %s"), detail,
		    incident_step_label(sqlite3_column_int(stmt, 0)),
		    sqlite3_column_text(stmt, 1), sqlite3_column_text(stmt, 2),
		    sqlite3_column_text(stmt, 3));
		free(detail);
		detail = next;
	}
	db_release(db, stmt);
	return detail;
}

int
register_list(struct db *db, enum register_kind k, int era, struct register_row **out,
    size_t *n, char **cause)
{
	struct register_row	*v = NULL, *r;
	sqlite3_stmt		*stmt;
	size_t			 m = 0;
	int			 step;

	*out = NULL;
	*n = 0;
	if (compliance_labels_register(db, era, cause) != 0)
		return -1;
	if ((stmt = db_prepare(db, sql[k], cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, list_format(k), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, detail_format(k), -1, SQLITE_STATIC);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, m + 1, sizeof *v);
		r = &v[m++];
		snprintf(r->id, sizeof r->id, "%s", sqlite3_column_text(stmt, 0));
		r->line = db_column_dup(stmt, 1);
		r->detail = db_column_dup(stmt, 2);
		r->open = sqlite3_column_int(stmt, 3);
	}
	db_release(db, stmt);
	if (step != SQLITE_DONE) {
		register_rows_free(v, m);
		return db_fail(db, cause, _("cannot read the register"));
	}
	if (k == REGISTER_INCIDENTS) {
		for (size_t i = 0; i < m; i++)
			v[i].detail = with_steps(db, v[i].id, v[i].detail);
	}
	*out = v;
	*n = m;
	return 0;
}

void
register_rows_free(struct register_row *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].line);
		free(v[i].detail);
	}
	free(v);
}
