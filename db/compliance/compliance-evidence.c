/* The evidence of the self-inspection report (compliance-evidence.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compliance/compliance-evidence.h"
#include "compliance/compliance-labels.h"
#include "db-internal.h"
#include "sync/sync-inspection.h"
#include "i18n.h"
#include "xmalloc.h"

/* A record's local date, as the period's dates are. */
#define LOCAL_DATE(c)	"date(" c ", 'localtime')"
/* That date as the report shows it, in the date style (compliance-labels.h). */
#define SHOWN_LOCAL(c)	"day_styled(" LOCAL_DATE(c) ")"
/* Accounts that handle personal data: a role that has such a function. */
#define HANDLER "a.status = 'active' AND EXISTS (SELECT 1 FROM role_functions rf JOIN " \
	"functions f ON f.name = rf.function WHERE f.personal_data = 1 AND instr(' ' || " \
	"a.roles || ' ', ' ' || rf.role || ' ') > 0)"

void
evidence_free(struct evidence *e)
{
	size_t	 i;

	for (i = 0; i < e->n; i++)
		free(e->lines[i]);
	free(e->lines);
	memset(e, 0, sizeof *e);
}

void
evidence_add(struct evidence *e, const char *fmt, ...)
{
	va_list	 ap;
	char	*line;

	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) == -1)
		line = NULL;
	va_end(ap);
	if (line == NULL)
		return;
	e->lines = xreallocarray(e->lines, e->n + 1, sizeof *e->lines);
	e->lines[e->n++] = line;
}

/*
 * Each row of sql, bound ?1 from, ?2 to, ?3 the (translated) printf format its single
 * column is made with by SQLite's printf(), ?4 extra (may be NULL), as a line of e.
 */
static int
lines4(struct db *db, const char *sql, const char *from, const char *to, const char *fmt,
    const char *extra, struct evidence *e, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 step;

	if ((stmt = db_prepare(db, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, fmt, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, extra, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW)
		evidence_add(e, "%s", (const char *)sqlite3_column_text(stmt, 0));
	db_release(db, stmt);
	if (step != SQLITE_DONE)
		return db_fail(db, cause, _("cannot read the evidence"));
	return 0;
}

static int
lines(struct db *db, const char *sql, const char *from, const char *to, const char *fmt,
    struct evidence *e, char **cause)
{
	return lines4(db, sql, from, to, fmt, NULL, e, cause);
}

int
ev_attestations(struct db *db, int item, const char *to, struct evidence *e, char **cause)
{
	char	 n[8];

	snprintf(n, sizeof n, "%d", item);
	return lines(db, "SELECT printf(?3, day_styled(stated_on), statement, document, "
	    "stated_by) FROM "
	    "attestations WHERE item = CAST(?1 AS INTEGER) AND stated_on <= ?2 ORDER BY "
	    "stated_on DESC, rowid DESC", n, to, _("%s: %s (document: %s; stated by %s)"), e,
	    cause);
}

int
ev_handlers(struct db *db, struct evidence *all, struct evidence *no_procedures,
    char **cause)
{
	if (lines(db, "SELECT printf(?3, a.shown, a.full_name, roles_shown(a.roles), CASE "
	    "WHEN a.procedures = '' THEN '-' ELSE procedures_shown(a.procedures) END) FROM "
	    "report_accounts a WHERE " HANDLER " ORDER BY a.user_name", "", "",
	    _("%s (%s), %s: %s"), all, cause) != 0)
		return -1;
	return lines(db, "SELECT printf(?3, a.shown, a.full_name, roles_shown(a.roles)) FROM "
	    "report_accounts a WHERE " HANDLER " AND trim(a.procedures) = '' ORDER BY "
	    "a.user_name", "", "",
	    _("%s (%s), %s: no procedure (事務) named"), no_procedures, cause);
}

int
ev_untrained(struct db *db, const char *from, const char *to, const char *kind,
    struct evidence *e, char **cause)
{
	return lines4(db, "SELECT printf(?3, a.shown, a.full_name, roles_shown(a.roles)) FROM "
	    "report_accounts a WHERE " HANDLER " AND NOT EXISTS (SELECT 1 FROM training_records t "
	    "WHERE t.user_name = a.user_name AND t.taken_on BETWEEN ?1 AND ?2 AND (?4 IS NULL "
	    "OR t.kind = ?4)) ORDER BY a.user_name", from, to, _("%s (%s), %s"), kind, e,
	    cause);
}

int
ev_training(struct db *db, const char *from, const char *to, struct evidence *e,
    char **cause)
{
	return lines(db, "SELECT printf(?3, day_styled(taken_on), user_name, "
	    "code_shown('training', kind), course) FROM "
	    "training_records WHERE taken_on BETWEEN ?1 AND ?2 ORDER BY taken_on, user_name",
	    from, to, _("%s %s: %s, %s"), e, cause);
}

int
ev_new_handlers(struct db *db, const char *from, const char *to, int grace,
    struct evidence *all, struct evidence *late, char **cause)
{
	char	 g[16];
	char	*sql;
	int	 rc;

	if (lines(db, "SELECT printf(?3, " SHOWN_LOCAL("a.decided_at") ", a.shown, "
	    "a.full_name, roles_shown(a.roles), a.decided_by) FROM report_accounts a WHERE "
	    HANDLER " AND a.decided_at IS NOT NULL AND " LOCAL_DATE("a.decided_at")
	    " BETWEEN ?1 AND ?2 ORDER BY a.decided_at", from, to,
	    _("%s %s (%s), %s, approved by %s"), all, cause) != 0)
		return -1;
	snprintf(g, sizeof g, "+%d days", grace);
	xasprintf(&sql, "SELECT printf(?3, " SHOWN_LOCAL("a.decided_at") ", a.shown, "
	    "a.full_name) FROM report_accounts a WHERE " HANDLER " AND a.decided_at IS NOT NULL "
	    "AND "
	    LOCAL_DATE("a.decided_at") " BETWEEN ?1 AND ?2 AND NOT EXISTS (SELECT 1 FROM "
	    "training_records t WHERE t.user_name = a.user_name AND t.kind IN ('new_handler', "
	    "'transfer') AND t.taken_on BETWEEN date(a.decided_at, '-1 year') AND "
	    "date(a.decided_at, '%s')) ORDER BY a.decided_at", g);
	rc = lines(db, sql, from, to, _("%s %s (%s): no new-handler or transfer training"),
	    late, cause);
	free(sql);
	return rc;
}

int
ev_incidents(struct db *db, const char *from, const char *to, struct evidence *all,
    struct evidence *mynumber, struct evidence *unreported, char **cause)
{
	static const char *steps = "(SELECT coalesce(group_concat(s.step || ':' || "
	    "day_styled(s.done_on), "
	    "' '), '-') FROM (SELECT * FROM incident_steps WHERE incident_id = i.id ORDER BY "
	    "step) s)";
	char	*sql;
	int	 rc;

	xasprintf(&sql, "SELECT printf(?3, day_styled(i.found_on), i.summary, i.persons, "
	    "i.data_kinds, "
	    "%s) FROM incidents i WHERE i.found_on BETWEEN ?1 AND ?2 ORDER BY i.found_on",
	    steps);
	rc = lines(db, sql, from, to, _("%s %s (%d persons; %s); steps %s"), all, cause);
	free(sql);
	if (rc != 0 || lines(db, "SELECT printf(?3, day_styled(i.found_on), i.summary, (SELECT "
	    "day_styled(done_on) "
	    "FROM incident_steps WHERE incident_id = i.id AND step = 5)) FROM incidents i WHERE "
	    "i.mynumber = 1 AND i.found_on BETWEEN ?1 AND ?2 ORDER BY i.found_on", from, to,
	    _("%s %s: reported to the Commission on %s"), mynumber, cause) != 0)
		return -1;
	return lines(db, "SELECT printf(?3, day_styled(i.found_on), i.summary) FROM incidents i "
	    "WHERE "
	    "i.mynumber = 1 AND i.found_on BETWEEN ?1 AND ?2 AND NOT EXISTS (SELECT 1 FROM "
	    "incident_steps WHERE incident_id = i.id AND step = 5) ORDER BY i.found_on", from,
	    to, _("%s %s: NOT reported to the Commission"), unreported, cause);
}

int
ev_reviews(struct db *db, const char *from, const char *to, struct evidence *signed_off,
    struct evidence *uncovered, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*gap_from = NULL, last[64] = "";
	int		 step, covered;

	if (lines(db, "SELECT printf(?3, day_styled(period_from), day_styled(period_to), "
	    "signed_by, "
	    "flags) FROM "
	    "audit_reviews WHERE period_to >= ?1 AND period_from <= ?2 ORDER BY period_from",
	    from, to, _("%s to %s signed off by %s (%d flags)"), signed_off, cause) != 0)
		return -1;
	/* Day by day, up to today: which days no sign-off covers, as ranges. */
	stmt = db_prepare(db, "WITH RECURSIVE d(day) AS (SELECT ?1 UNION ALL SELECT "
	    "date(day, '+1 day') FROM d WHERE day < min(?2, date('now', 'localtime'))) SELECT "
	    "day, EXISTS (SELECT 1 FROM audit_reviews WHERE day BETWEEN period_from AND "
	    "period_to), day_styled(day) FROM d WHERE day <= date('now', 'localtime')", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, to, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		covered = sqlite3_column_int(stmt, 1);
		if (!covered && gap_from == NULL)
			gap_from = db_column_dup(stmt, 2);
		if (covered && gap_from != NULL) {
			evidence_add(uncovered, _("%s to %s: no sign-off"), gap_from, last);
			free(gap_from);
			gap_from = NULL;
		}
		snprintf(last, sizeof last, "%s", sqlite3_column_text(stmt, 2));
	}
	db_release(db, stmt);
	if (gap_from != NULL) {
		evidence_add(uncovered, _("%s to %s: no sign-off"), gap_from, last);
		free(gap_from);
	}
	if (step != SQLITE_DONE)
		return db_fail(db, cause, _("cannot read the evidence"));
	return 0;
}

int
ev_media(struct db *db, const char *from, const char *to, struct evidence *imports,
    struct evidence *waiting, struct evidence *exports, char **cause)
{
	if (lines(db, "SELECT printf(?3, " SHOWN_LOCAL("requested_at") ", file_name, "
	    "requested_by) FROM import_requests WHERE status = 'pending' AND "
	    LOCAL_DATE("requested_at") " <= ?2 ORDER BY requested_at", from, to,
	    _("%s import %s requested by %s: waiting for a decision"), waiting, cause) != 0)
		return -1;
	if (lines(db, "SELECT printf(?3, " SHOWN_LOCAL("decided_at") ", file_name, "
	    "code_shown('import', kind), "
	    "code_shown('import_status', status), requested_by, coalesce(decided_by, '-'), "
	    "coalesce(records, 0)) FROM import_requests WHERE status <> 'pending' AND "
	    LOCAL_DATE("decided_at") " BETWEEN ?1 AND ?2 ORDER BY requested_at", from, to,
	    _("%s import %s (%s): %s, requested by %s, decided by %s, %d records"), imports,
	    cause) != 0)
		return -1;
	return lines(db, "SELECT printf(?3, " SHOWN_LOCAL("r.made_at") ", r.rows, "
	    "r.recipient_name, g.granted_by, r.made_by, coalesce(r.checked_by, '-'), "
	    SHOWN_LOCAL("r.left_at") ") FROM "
	    "export_register r JOIN export_grants g ON g.id = r.grant_id WHERE "
	    LOCAL_DATE("r.made_at") " BETWEEN ?1 AND ?2 ORDER BY r.made_at", from, to,
	    _("%s export of %d rows to %s: granted by %s, made by %s, checked by %s, left %s"),
	    exports, cause);
}

int
ev_accounts(struct db *db, const char *from, const char *to, struct evidence *issued,
    struct evidence *revoked, struct evidence *late, struct evidence *overdue,
    char **cause)
{
	if (lines(db, "SELECT printf(?3, " SHOWN_LOCAL("decided_at") ", shown, "
	    "roles_shown(roles), requested_by, decided_by, day_styled(valid_until)) FROM "
	    "report_accounts "
	    "WHERE decided_at IS NOT NULL AND status IN ('active', 'revoked') AND "
	    LOCAL_DATE("decided_at") " BETWEEN ?1 AND ?2 ORDER BY decided_at", from, to,
	    _("%s %s (%s): requested by %s, approved by %s, valid until %s"), issued,
	    cause) != 0 ||
	    lines(db, "SELECT printf(?3, " SHOWN_LOCAL("revoked_at") ", shown, revoked_by, "
	    "coalesce(revoke_reason, '')) FROM report_accounts WHERE revoked_at IS NOT NULL AND "
	    LOCAL_DATE("revoked_at") " BETWEEN ?1 AND ?2 ORDER BY revoked_at", from, to,
	    _("%s %s revoked by %s: %s"), revoked, cause) != 0 ||
	    lines(db, "SELECT printf(?3, shown, day_styled(valid_until), "
	    SHOWN_LOCAL("revoked_at") ") FROM report_accounts WHERE revoked_at IS NOT NULL AND "
	    "" LOCAL_DATE("revoked_at")
	    " BETWEEN ?1 AND ?2 AND " LOCAL_DATE("revoked_at") " > valid_until ORDER BY "
	    "revoked_at", from, to, _("%s: valid until %s, revoked only on %s"), late,
	    cause) != 0)
		return -1;
	return lines(db, "SELECT printf(?3, shown, day_styled(valid_until)) FROM report_accounts "
	    "WHERE "
	    "status = 'active' AND valid_until < min(?2, date('now', 'localtime')) ORDER BY "
	    "user_name", from, to, _("%s: still active, valid until %s"), overdue, cause);
}

int
ev_erasures(struct db *db, const char *from, const char *to, struct evidence *e,
    char **cause)
{
	return lines(db, "SELECT printf(?3, " SHOWN_LOCAL("started_at") ", code_shown('erasure', "
	    "kind), "
	    "count, "
	    "approved_by) FROM erasure_records WHERE state = 'done' AND "
	    LOCAL_DATE("started_at") " BETWEEN ?1 AND ?2 ORDER BY started_at", from, to,
	    _("%s erasure of %s: %d, approved: %s"), e, cause);
}

int
ev_backups(struct db *db, const char *from, const char *to, struct evidence *backups,
    struct evidence *tests_ok, struct evidence *tests_failed, char **cause)
{
	if (lines(db, "SELECT printf(?3, " SHOWN_LOCAL("at") ", user) FROM audit_log WHERE "
	    "action = 'admin.backup' AND result = 'ok' AND " LOCAL_DATE("at") " BETWEEN ?1 AND "
	    "?2 ORDER BY seq", from, to, _("%s backup by %s"), backups, cause) != 0 ||
	    lines(db, "SELECT printf(?3, " SHOWN_LOCAL("at") ", target) FROM audit_log WHERE "
	    "action = 'admin.restore-test' AND result = 'ok' AND " LOCAL_DATE("at") " BETWEEN ?1 "
	    "AND ?2 ORDER BY seq", from, to, _("%s restore test passed: %s"), tests_ok,
	    cause) != 0)
		return -1;
	return lines(db, "SELECT printf(?3, " SHOWN_LOCAL("at") ", target, detail) FROM "
	    "audit_log WHERE action = 'admin.restore-test' AND result <> 'ok' AND "
	    LOCAL_DATE("at") " BETWEEN ?1 AND ?2 ORDER BY seq", from, to,
	    _("%s restore test FAILED: %s: %s"), tests_failed, cause);
}

int
ev_enquiries(struct db *db, const char *from, const char *to, struct evidence *all,
    struct evidence *open, char **cause)
{
	if (lines(db, "SELECT printf(?3, day_styled(received_on), code_shown('enquiry', kind), "
	    "subject, "
	    "day_styled(answered_on)) FROM enquiries WHERE received_on BETWEEN ?1 AND ?2 ORDER BY "
	    "received_on",
	    from, to, _("%s %s: %s; answered %s"), all, cause) != 0)
		return -1;
	return lines(db, "SELECT printf(?3, day_styled(received_on), code_shown('enquiry', kind), "
	    "subject) FROM enquiries "
	    "WHERE "
	    "received_on BETWEEN ?1 AND ?2 AND answered_on IS NULL ORDER BY received_on",
	    from, to, _("%s %s: %s; not answered"), open, cause);
}

int
ev_flag_acks(struct db *db, const char *from, const char *to, struct evidence *e,
    char **cause)
{
	/* The rule by its name in the report's language, as the flags screen names it. */
#define ACKS_SQL(label) "SELECT printf(?3, " SHOWN_LOCAL("acked_at") ", coalesce((SELECT " \
	label " FROM audit_rules r WHERE r.name = rule), rule), subject, terminal_id, acked_by, " \
	"comment) FROM audit_flag_acks WHERE " LOCAL_DATE("acked_at") " BETWEEN ?1 AND ?2 " \
	"ORDER BY acked_at"
	return lines(db, i18n_japanese() ? ACKS_SQL("r.label_ja") : ACKS_SQL("r.label_en"),
	    from, to, _("%s flag %s (%s) on %s acknowledged by %s: %s"), e, cause);
#undef ACKS_SQL
}

/* The columns report_accounts has, whichever accounts it holds. */
#define REPORT_ACCOUNT_COLUMNS "user_name, shown, full_name, roles, procedures, status, " \
	"decided_at, decided_by, valid_until, revoked_at, revoked_by, revoke_reason, " \
	"requested_by"

int
compliance_accounts_local(struct db *db, int era, char **cause)
{
	if (compliance_labels_register(db, era, cause) != 0)
		return -1;
	return db_exec(db, "DROP VIEW IF EXISTS temp.report_accounts; DROP TABLE IF EXISTS "
	    "temp.report_accounts; CREATE TEMP VIEW report_accounts AS SELECT user_name, "
	    "user_name AS shown, full_name, roles, procedures, status, decided_at, decided_by, "
	    "valid_until, revoked_at, revoked_by, revoke_reason, requested_by FROM "
	    "main.accounts", cause);
}

int
compliance_accounts_office(struct db *db, int era, const struct central_row *rows,
    size_t n, char **cause)
{
	sqlite3_stmt	*stmt;
	size_t		 i;

	/* The evidence's SQL names roles and procedures in the reader's words here too. */
	if (compliance_labels_register(db, era, cause) != 0)
		return -1;
	if (db_exec(db, "DROP VIEW IF EXISTS temp.report_accounts; DROP TABLE IF EXISTS "
	    "temp.report_accounts; CREATE TEMP TABLE report_accounts (" REPORT_ACCOUNT_COLUMNS
	    ")", cause) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (strcmp(rows[i].kind, "account") != 0)
			continue;
		stmt = db_prepare(db, "INSERT INTO temp.report_accounts (" REPORT_ACCOUNT_COLUMNS
		    ") SELECT json_extract(?1, '$.user_name'), json_extract(?1, '$.user_name') || "
		    "'@' || ?2, json_extract(?1, '$.full_name'), json_extract(?1, '$.roles'), "
		    "coalesce(json_extract(?1, '$.procedures'), ''), json_extract(?1, '$.status'), "
		    "json_extract(?1, '$.decided_at'), json_extract(?1, '$.decided_by'), "
		    "json_extract(?1, '$.valid_until'), json_extract(?1, '$.revoked_at'), "
		    "json_extract(?1, '$.revoked_by'), json_extract(?1, '$.revoke_reason'), "
		    "json_extract(?1, '$.requested_by') WHERE json_valid(?1)", cause);
		if (stmt == NULL)
			return -1;
		sqlite3_bind_text(stmt, 1, rows[i].col[0], -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, rows[i].terminal, -1, SQLITE_STATIC);
		if (db_step_done(db, stmt, _("cannot read the office's accounts"), cause) != 0)
			return -1;
	}
	/* One name, one account office-wide; only a terminal's own older account (made
	 * before the register was the office's) shares a name, and keeps its terminal. */
	return db_exec(db, "UPDATE temp.report_accounts SET shown = user_name WHERE user_name "
	    "IN (SELECT user_name FROM temp.report_accounts GROUP BY user_name HAVING "
	    "count(*) = 1)", cause);
}
