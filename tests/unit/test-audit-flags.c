/*
 * Unusual-use flags, their acknowledgements and the log review sign-off (issue 20): every
 * rule at, just below and just past its threshold and window, with the audit entries the
 * program writes (the real action names) at times set by the test clock, in Japan's time
 * zone, office hours 08:30-17:15 Monday to Friday. 2026-04-06 is a Monday, 2026-04-04 a
 * Saturday, 2026-04-29 a holiday (昭和の日).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts.h"
#include "audit/audit-flags.h"
#include "audit/audit-reviews.h"
#include "audit/audit-rules.h"
#include "clock.h"
#include "db-internal.h"
#include "office-hours.h"
#include "sync/sync-rules.h"
#include "testutil.h"
#include "xmalloc.h"

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor sato = { "sato", "supervisor", "tty1", 0 };
static const struct actor tanaka = { "tanaka", "clerk", "tty1", 0 };
static const struct actor kato = { "kato", "auditor", "tty1", 0 };
static const struct actor ono = { "ono", "sysadmin", "tty1", 0 };

#define HOLDER_A	"0f0e0d0c-0b0a-4909-8807-060504030201"
#define HOLDER_B	"1f0e0d0c-0b0a-4909-8807-060504030201"

static struct office_hours hours;

static int
setup(void **state)
{
	struct fixture	*f;
	char		*cause = NULL;

	clock_test_reset();
	if (fixture_setup(state) != 0)
		return -1;
	f = *state;
	if (account_first_supervisor(f->db, &root_admin, "sato", "佐藤 一郎", &cause) != 0)
		return -1;
	fixture_account(f, "tanaka", "clerk", 1);
	fixture_account(f, "kato", "auditor", 0);
	fixture_account(f, "ono", "sysadmin", 0);
	return office_hours_parse("08:30-17:15 mon-fri", &hours, &cause);
}

/* Milliseconds since the epoch of "YYYY-MM-DD HH:MM:SS.mmm" in Japan (UTC+9). */
static int64_t
jst_ms(const char *when)
{
	struct tm	 tm;
	int		 ms = 0;

	memset(&tm, 0, sizeof tm);
	assert_true(sscanf(when, "%d-%d-%d %d:%d:%d.%d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) >= 6);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return ((int64_t)timegm(&tm) - 9 * 3600) * 1000 + ms;
}

/* One audit entry, written as the program writes it, at a local time. */
static void
log_at(struct fixture *f, const char *when, const struct actor *who, const char *action,
    const char *target, const char *result)
{
	char	*cause = NULL;

	clock_test_freeze(jst_ms(when));
	if (audit_actor(f->db, who, action, target, result, "", &cause) != 0)
		fail_msg("audit: %s", cause);
}

/* n entries from start, step_ms apart. */
static void
log_series(struct fixture *f, const char *start, int n, int64_t step_ms,
    const struct actor *who, const char *action, const char *target, const char *result)
{
	char	*cause = NULL;
	int64_t	 t = jst_ms(start);
	int	 i;

	for (i = 0; i < n; i++, t += step_ms) {
		clock_test_freeze(t);
		if (audit_actor(f->db, who, action, target, result, "", &cause) != 0)
			fail_msg("audit: %s", cause);
	}
}

static void
set_rule(struct fixture *f, const char *name, int threshold, int window)
{
	char	*cause = NULL;

	if (audit_rule_set(f->db, &sato, name, threshold, window, &cause) != 0)
		fail_msg("rule %s: %s", name, cause);
}

/* The flags of one rule in the period; *out may be NULL when only the count matters. */
static size_t
flags_of(struct fixture *f, const char *rule, const char *from, const char *to,
    struct audit_flag *out)
{
	struct audit_flag	*all;
	size_t			 n, i, found = 0;
	char			*cause = NULL;

	if (audit_flags_compute(f->db, &hours, from, to, 0, 0, &all, &n, &cause) != 0)
		fail_msg("flags: %s", cause);
	for (i = 0; i < n; i++) {
		if (strcmp(all[i].rule, rule) != 0)
			continue;
		if (found++ == 0 && out != NULL) {
			*out = all[i];
			out->rule_label = xstrdup(all[i].rule_label);
			out->subject = xstrdup(all[i].subject);
			out->reason = xstrdup(all[i].reason);
			out->acked_by = all[i].acked_by != NULL ? xstrdup(all[i].acked_by) : NULL;
			out->ack_comment = all[i].ack_comment != NULL ?
			    xstrdup(all[i].ack_comment) : NULL;
		}
	}
	audit_flags_free(all, n);
	return found;
}

static void
flag_clear(struct audit_flag *fl)
{
	free(fl->rule_label);
	free(fl->subject);
	free(fl->reason);
	free(fl->acked_by);
	free(fl->ack_comment);
	memset(fl, 0, sizeof *fl);
}

static void
test_off_hours_edges(void **state)
{
	struct fixture		*f = *state;
	struct audit_flag	 fl;

	/* The first and last minute inside: no flag. */
	log_at(f, "2026-04-06 08:30:00", &tanaka, "register.view", "holder:" HOLDER_A, "ok");
	log_at(f, "2026-04-06 17:14:59.999", &tanaka, "register.search", "", "ok");
	assert_int_equal(flags_of(f, "off_hours_access", "2026-04-06", "2026-04-06", NULL), 0);
	/* A millisecond before opening: one flag of one entry. */
	log_at(f, "2026-04-06 08:29:59.999", &tanaka, "register.view", "holder:" HOLDER_A,
	    "ok");
	assert_int_equal(flags_of(f, "off_hours_access", "2026-04-06", "2026-04-06", &fl), 1);
	assert_int_equal(fl.entries, 1);
	assert_string_equal(fl.subject, "tanaka");
	assert_string_equal(fl.day, "2026-04-06");
	assert_non_null(strstr(fl.reason, "outside office hours (08:30-17:15 mon-fri)"));
	assert_non_null(strstr(fl.reason, "08:29-08:29"));
	assert_non_null(strstr(fl.reason, "on 2026-04-06,"));
	flag_clear(&fl);
	/* A reader who reads dates in the era (date_style = era) gets the day so. */
	{
		struct audit_flag	*all;
		size_t			 n, i;
		char			*cause = NULL;

		assert_int_equal(audit_flags_compute(f->db, &hours, "2026-04-06", "2026-04-06", 0,
		    1, &all, &n, &cause), 0);
		for (i = 0; i < n && strcmp(all[i].rule, "off_hours_access") != 0; i++)
			;
		assert_true(i < n);
		assert_non_null(strstr(all[i].reason, "on 令和8年4月6日,"));
		assert_string_equal(all[i].day, "2026-04-06");
		audit_flags_free(all, n);
	}
	/* Closing time itself is outside: the same day's flag now counts two. */
	log_at(f, "2026-04-06 17:15:00", &tanaka, "juki.query", HOLDER_A, "denied");
	assert_int_equal(flags_of(f, "off_hours_access", "2026-04-06", "2026-04-06", &fl), 1);
	assert_int_equal(fl.entries, 2);
	flag_clear(&fl);
	/* A Saturday and a holiday, in office hours by the clock. */
	log_at(f, "2026-04-04 10:00:00", &tanaka, "cert.view", "holder:" HOLDER_A, "ok");
	log_at(f, "2026-04-29 10:00:00", &tanaka, "register.search", "", "ok");
	assert_int_equal(flags_of(f, "off_hours_access", "2026-04-04", "2026-04-04", NULL), 1);
	assert_int_equal(flags_of(f, "off_hours_access", "2026-04-29", "2026-04-29", &fl), 1);
	assert_non_null(strstr(fl.reason, "昭和の日"));
	flag_clear(&fl);
	/* An action the rule does not count (a login) raises nothing. */
	log_at(f, "2026-04-07 23:00:00", &tanaka, "login", "", "ok");
	assert_int_equal(flags_of(f, "off_hours_access", "2026-04-07", "2026-04-07", NULL), 0);
}

static void
test_off_hours_threshold(void **state)
{
	struct fixture	*f = *state;

	set_rule(f, "off_hours_access", 3, 0);
	log_at(f, "2026-04-06 20:00:00", &tanaka, "register.search", "", "ok");
	log_at(f, "2026-04-06 20:01:00", &tanaka, "register.view", "holder:" HOLDER_A, "ok");
	/* Two the day before do not add to this day's count. */
	log_at(f, "2026-04-05 20:00:00", &tanaka, "register.view", "holder:" HOLDER_A, "ok");
	log_at(f, "2026-04-05 20:01:00", &tanaka, "register.view", "holder:" HOLDER_A, "ok");
	assert_int_equal(flags_of(f, "off_hours_access", "2026-04-05", "2026-04-06", NULL), 0);
	log_at(f, "2026-04-06 20:02:00", &tanaka, "register.view", "holder:" HOLDER_B, "ok");
	assert_int_equal(flags_of(f, "off_hours_access", "2026-04-05", "2026-04-06", NULL), 1);
	/* The period decides which days are looked at. */
	assert_int_equal(flags_of(f, "off_hours_access", "2026-04-05", "2026-04-05", NULL), 0);
}

static void
test_burst_edges(void **state)
{
	struct fixture		*f = *state;
	struct audit_flag	 fl;

	/* Default: 10 within 5 minutes. Ten spanning exactly 5 minutes: no flag. */
	log_series(f, "2026-04-06 10:00:00", 9, 1000, &tanaka, "register.view",
	    "holder:" HOLDER_A, "ok");
	log_at(f, "2026-04-06 10:05:00", &tanaka, "register.view", "holder:" HOLDER_A, "ok");
	log_at(f, "2026-04-06 10:00:00", &tanaka, "register.view", "holder:" HOLDER_A,
	    "denied");	/* not counted: nothing was shown */
	assert_int_equal(flags_of(f, "access_burst", "2026-04-06", "2026-04-06", NULL), 0);
	/* Nine within a minute: below the threshold. */
	log_series(f, "2026-04-06 11:00:00", 9, 5000, &tanaka, "register.view",
	    "holder:" HOLDER_A, "ok");
	assert_int_equal(flags_of(f, "access_burst", "2026-04-06", "2026-04-06", NULL), 0);
	/* The tenth, 4:59.999 after the first of the nine: one flag of ten entries. */
	log_at(f, "2026-04-06 11:04:59.999", &tanaka, "juki.query", HOLDER_B, "ok");
	assert_int_equal(flags_of(f, "access_burst", "2026-04-06", "2026-04-06", &fl), 1);
	assert_int_equal(fl.entries, 10);
	assert_non_null(strstr(fl.reason, "10 or more within 5 minutes"));
	assert_non_null(strstr(fl.reason, "11:00-11:04"));
	flag_clear(&fl);
	/* More entries overlapping the burst join the same flag. */
	log_at(f, "2026-04-06 11:05:00", &tanaka, "cert.view", "holder:" HOLDER_B, "ok");
	assert_int_equal(flags_of(f, "access_burst", "2026-04-06", "2026-04-06", &fl), 1);
	assert_int_equal(fl.entries, 11);
	flag_clear(&fl);
	/* A second burst, an hour later, is a second flag. */
	log_series(f, "2026-04-06 13:00:00", 10, 1000, &tanaka, "register.view",
	    "holder:" HOLDER_A, "ok");
	assert_int_equal(flags_of(f, "access_burst", "2026-04-06", "2026-04-06", NULL), 2);
	/* With a window of one minute the 5-minute burst is no longer one. */
	set_rule(f, "access_burst", 10, 1);
	assert_int_equal(flags_of(f, "access_burst", "2026-04-06", "2026-04-06", NULL), 1);
}

/* An application of holder, requested and (if decided) decided at local times. */
static void
application(struct fixture *f, const char *holder, const char *requested,
    const char *decided)
{
	sqlite3_stmt	*stmt;
	char		 req[32], dec[32], id[37];
	time_t		 t;

	snprintf(id, sizeof id, "aaaaaaaa-0000-4000-8000-%012lld",
	    (long long)db_count(f->db, "SELECT count(*) FROM applications"));
	t = (time_t)(jst_ms(requested) / 1000);
	strftime(req, sizeof req, "%Y-%m-%dT%H:%M:%S.000Z", gmtime(&t));
	if (decided != NULL) {
		t = (time_t)(jst_ms(decided) / 1000);
		strftime(dec, sizeof dec, "%Y-%m-%dT%H:%M:%S.000Z", gmtime(&t));
	}
	assert_int_equal(sqlite3_prepare_v2(f->db->h, "INSERT INTO applications (id, kind, "
	    "holder_id, payload, status, requested_by, requested_at, decided_by, decided_at) "
	    "VALUES (?1, 'correction', ?2, '{}', ?3, 'tanaka', ?4, ?5, ?6)", -1, &stmt, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, holder, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, decided != NULL ? "approved" : "pending", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, req, -1, SQLITE_STATIC);
	if (decided != NULL) {
		sqlite3_bind_text(stmt, 5, "sato", -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 6, dec, -1, SQLITE_STATIC);
	}
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
}

static void
test_no_application(void **state)
{
	struct fixture		*f = *state;
	struct audit_flag	 fl;

	/* Holder A: a correction open since 09:00; B: one decided at 10:00 (window 60). */
	application(f, HOLDER_A, "2026-04-06 09:00:00", NULL);
	application(f, HOLDER_B, "2026-04-06 09:30:00", "2026-04-06 10:00:00");
	log_at(f, "2026-04-06 09:10:00", &tanaka, "register.view", "holder:" HOLDER_A, "ok");
	log_at(f, "2026-04-06 10:59:59", &tanaka, "juki.query", HOLDER_B, "ok");
	/* Looked up just before the application was filed (08:30 + 30 min): not flagged. */
	log_at(f, "2026-04-06 08:31:00", &tanaka, "cert.view", "holder:" HOLDER_A, "ok");
	assert_int_equal(flags_of(f, "no_application", "2026-04-06", "2026-04-06", NULL), 0);
	/* 61 minutes after B's decision: one flag. */
	log_at(f, "2026-04-06 11:01:00", &tanaka, "register.view", "holder:" HOLDER_B, "ok");
	assert_int_equal(flags_of(f, "no_application", "2026-04-06", "2026-04-06", &fl), 1);
	assert_int_equal(fl.entries, 1);
	assert_non_null(strstr(fl.reason, "of 1 holders with no open application"));
	flag_clear(&fl);
	/* A threshold of 2 a day: one such view is not enough, a second is. */
	set_rule(f, "no_application", 2, 60);
	assert_int_equal(flags_of(f, "no_application", "2026-04-06", "2026-04-06", NULL), 0);
	log_at(f, "2026-04-06 11:02:00", &tanaka, "mynumber.reveal", "holder:" HOLDER_B, "ok");
	assert_int_equal(flags_of(f, "no_application", "2026-04-06", "2026-04-06", &fl), 1);
	assert_int_equal(fl.entries, 2);
	flag_clear(&fl);
	/* A view refused (result denied) showed nothing and is not counted. */
	log_at(f, "2026-04-07 11:00:00", &tanaka, "register.view", "holder:" HOLDER_B,
	    "denied");
	log_at(f, "2026-04-07 11:00:01", &tanaka, "register.view", "holder:" HOLDER_B,
	    "denied");
	assert_int_equal(flags_of(f, "no_application", "2026-04-07", "2026-04-07", NULL), 0);
}

static void
test_mynumber_daily(void **state)
{
	struct fixture		*f = *state;
	struct audit_flag	 fl;

	/* Default 5 a day: four, and one more the next day, are not a flag. */
	log_series(f, "2026-04-06 10:00:00", 4, 60000, &tanaka, "mynumber.reveal",
	    "holder:" HOLDER_A, "ok");
	log_at(f, "2026-04-07 10:00:00", &tanaka, "mynumber.reveal", "holder:" HOLDER_A, "ok");
	log_at(f, "2026-04-06 10:30:00", &tanaka, "mynumber.reveal", "holder:" HOLDER_A,
	    "denied");
	assert_int_equal(flags_of(f, "mynumber_daily", "2026-04-06", "2026-04-07", NULL), 0);
	log_at(f, "2026-04-06 16:00:00", &tanaka, "mynumber.reveal", "holder:" HOLDER_B, "ok");
	assert_int_equal(flags_of(f, "mynumber_daily", "2026-04-06", "2026-04-07", &fl), 1);
	assert_int_equal(fl.entries, 5);
	assert_string_equal(fl.day, "2026-04-06");
	assert_non_null(strstr(fl.reason, "5 My Number reveals"));
	flag_clear(&fl);
}

static void
test_failed_logins(void **state)
{
	struct fixture		*f = *state;
	struct audit_flag	 fl;

	/* Default 5 within 10 minutes, per terminal, whoever's name was typed. */
	log_series(f, "2026-04-06 09:00:00", 4, 60000, &tanaka, "login", "", "failed");
	log_at(f, "2026-04-06 09:04:30", &sato, "login", "", "ok");
	assert_int_equal(flags_of(f, "failed_logins", "2026-04-06", "2026-04-06", NULL), 0);
	/* The fifth exactly 10 minutes after the first: the window is not reached. */
	log_at(f, "2026-04-06 09:10:00", &sato, "login", "", "no-account");
	assert_int_equal(flags_of(f, "failed_logins", "2026-04-06", "2026-04-06", NULL), 0);
	/* Another, 9:59 after the second: five within the window. */
	log_at(f, "2026-04-06 09:10:59", &kato, "unlock", "", "failed");
	assert_int_equal(flags_of(f, "failed_logins", "2026-04-06", "2026-04-06", &fl), 1);
	assert_string_equal(fl.subject, "T-UNIT-01");
	assert_true(fl.entries >= 5);
	assert_non_null(strstr(fl.reason, "failed logins"));
	flag_clear(&fl);
}

static void
test_off_hours_output(void **state)
{
	struct fixture		*f = *state;
	struct audit_flag	 fl;

	log_at(f, "2026-04-06 10:00:00", &tanaka, "cert.print", "holder:" HOLDER_A, "ok");
	assert_int_equal(flags_of(f, "off_hours_output", "2026-04-06", "2026-04-06", NULL), 0);
	log_at(f, "2026-04-06 18:00:00", &tanaka, "cert.reprint", "holder:" HOLDER_A, "ok");
	assert_int_equal(flags_of(f, "off_hours_output", "2026-04-06", "2026-04-06", &fl), 1);
	assert_non_null(strstr(fl.reason, "prints or exports"));
	flag_clear(&fl);
	/* A print is not a lookup or a view: the other rule has nothing to flag. */
	assert_int_equal(flags_of(f, "off_hours_access", "2026-04-06", "2026-04-06", NULL), 0);
}

static void
test_rule_changes(void **state)
{
	struct fixture		*f = *state;
	struct audit_rule	*r;
	size_t			 n;
	char			*cause = NULL;
	int64_t			 audited;

	audited = db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'audit.rule.change'");
	assert_int_equal(audit_rule_set(f->db, &sato, "access_burst", 0, 5, &cause), -1);
	assert_non_null(strstr(cause, "threshold"));
	free(cause);
	assert_int_equal(audit_rule_set(f->db, &sato, "access_burst", -3, 5, &cause), -1);
	free(cause);
	assert_int_equal(audit_rule_set(f->db, &sato, "access_burst", 10, 0, &cause), -1);
	assert_non_null(strstr(cause, "window"));
	free(cause);
	assert_int_equal(audit_rule_set(f->db, &sato, "mynumber_daily", 5, 30, &cause), -1);
	assert_non_null(strstr(cause, "per day"));
	free(cause);
	assert_int_equal(audit_rule_set(f->db, &sato, "no_such_rule", 5, 0, &cause), -1);
	free(cause);
	/* Only a supervisor: the clerk and the auditor are refused (and audited). */
	assert_int_equal(audit_rule_set(f->db, &tanaka, "access_burst", 20, 5, &cause), -1);
	free(cause);
	assert_int_equal(audit_rule_set(f->db, &kato, "access_burst", 20, 5, &cause), -1);
	free(cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_rules WHERE "
	    "changed_by IS NOT NULL"), 0);
	assert_int_equal(db_count(f->db, "SELECT threshold * 100 + window_minutes FROM "
	    "audit_rules WHERE name = 'access_burst'"), 1005);
	assert_int_equal(audit_rule_set(f->db, &sato, "access_burst", 20, 2, &cause), 0);
	assert_int_equal(audit_rules_list(f->db, 0, &r, &n, &cause), 0);
	assert_int_equal(n, 6);
	assert_string_equal(r[1].name, "access_burst");
	assert_int_equal(r[1].threshold, 20);
	assert_int_equal(r[1].window_minutes, 2);
	assert_string_equal(r[1].changed_by, "sato");
	audit_rules_free(r, n);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'audit.rule.change' AND result = 'ok' AND detail = 'threshold 10 -> 20, window "
	    "5 -> 2 min'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'audit.rule.change'"), audited + 1);
}

static void
test_ack(void **state)
{
	struct fixture		*f = *state;
	struct audit_flag	 fl;
	char			*cause = NULL;

	log_at(f, "2026-04-06 22:00:00", &tanaka, "register.view", "holder:" HOLDER_A, "ok");
	assert_int_equal(flags_of(f, "off_hours_access", "2026-04-06", "2026-04-06", &fl), 1);
	assert_false(fl.acked);
	/* An empty or blank comment, a clerk, an auditor: refused, nothing written. */
	assert_int_equal(audit_flag_ack(f->db, &sato, &fl, "", &cause), -1);
	assert_non_null(strstr(cause, "comment is required"));
	free(cause);
	assert_int_equal(audit_flag_ack(f->db, &sato, &fl, "  　 ", &cause), -1);
	free(cause);
	assert_int_equal(audit_flag_ack(f->db, &kato, &fl, "確認", &cause), -1);
	free(cause);
	assert_int_equal(audit_flag_ack(f->db, &tanaka, &fl, "確認", &cause), -1);
	free(cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_flag_acks"), 0);
	clock_test_freeze(jst_ms("2026-04-07 09:00:00"));
	assert_int_equal(audit_flag_ack(f->db, &sato, &fl, "本人に確認、夜間の電話照会対応",
	    &cause), 0);
	assert_int_equal(audit_flag_ack(f->db, &sato, &fl, "again", &cause), -1);
	assert_non_null(strstr(cause, "already"));
	free(cause);
	flag_clear(&fl);
	assert_int_equal(flags_of(f, "off_hours_access", "2026-04-06", "2026-04-06", &fl), 1);
	assert_true(fl.acked);
	assert_string_equal(fl.acked_by, "sato");
	flag_clear(&fl);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'audit_flag_ack' AND op = 'insert'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'audit.flag.ack' AND result = 'ok'"), 1);
	/* The flag grows after the acknowledgement: it needs another. */
	log_at(f, "2026-04-06 22:30:00", &tanaka, "register.view", "holder:" HOLDER_A, "ok");
	assert_int_equal(flags_of(f, "off_hours_access", "2026-04-06", "2026-04-06", &fl), 1);
	assert_false(fl.acked);
	flag_clear(&fl);
	/* Kept for ever. */
	assert_int_not_equal(db_exec(f->db, "UPDATE audit_flag_acks SET comment = 'x'", NULL),
	    0);
	assert_int_not_equal(db_exec(f->db, "DELETE FROM audit_flag_acks", NULL), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_flag_acks WHERE "
	    "comment <> 'x'"), 1);
}

/* Acknowledges every flag of the period. */
static void
ack_all(struct fixture *f, const char *from, const char *to)
{
	struct audit_flag	*all;
	size_t			 n, i;
	char			*cause = NULL;

	assert_int_equal(audit_flags_compute(f->db, &hours, from, to, 0, 0, &all, &n, &cause), 0);
	for (i = 0; i < n; i++) {
		if (!all[i].acked && audit_flag_ack(f->db, &sato, &all[i], "確認済み",
		    &cause) != 0)
			fail_msg("ack: %s", cause);
	}
	audit_flags_free(all, n);
}

static void
test_sign_off(void **state)
{
	struct fixture		*f = *state;
	struct audit_review	*r;
	struct audit_ack	*a;
	struct audit_flag	*fl;
	size_t			 nr, na, nf;
	char			 id[37], *cause = NULL;

	log_at(f, "2026-04-06 22:00:00", &tanaka, "register.view", "holder:" HOLDER_A, "ok");
	log_series(f, "2026-04-06 22:01:00", 10, 1000, &tanaka, "register.view",
	    "holder:" HOLDER_B, "ok");
	clock_test_freeze(jst_ms("2026-04-07 09:00:00"));
	/* Bad input: nothing is signed. */
	assert_int_equal(audit_review_sign(f->db, &sato, &hours, "2026-04-06", "2026-04-05",
	    "", "確認", id, &cause), -1);
	assert_non_null(strstr(cause, "reversed"));
	free(cause);
	assert_int_equal(audit_review_sign(f->db, &sato, &hours, "2026-04-06", "2026-04-06",
	    "", " ", id, &cause), -1);
	free(cause);
	assert_int_equal(audit_review_sign(f->db, &sato, &hours, "2026-02-30", "2026-04-06",
	    "", "確認", id, &cause), -1);
	free(cause);
	assert_int_equal(audit_review_sign(f->db, &sato, &hours, "2026-04-06", "2026-04-08",
	    "", "確認", id, &cause), -1);
	assert_non_null(strstr(cause, "after today"));
	free(cause);
	assert_int_equal(audit_review_sign(f->db, &sato, &hours, "2026-04-06", "2026-04-06",
	    "T-OTHER-02", "確認", id, &cause), -1);
	assert_non_null(strstr(cause, "T-OTHER-02"));
	free(cause);
	assert_int_equal(audit_review_sign(f->db, &kato, &hours, "2026-04-06", "2026-04-06",
	    "", "確認", id, &cause), -1);
	free(cause);
	/* Three flags (hours, burst, no application) unacknowledged: refused, and audited. */
	assert_int_equal(audit_flags_compute(f->db, &hours, "2026-04-06", "2026-04-06", 0, 0, &fl,
	    &nf, &cause), 0);
	assert_int_equal(nf, 3);
	assert_int_equal(audit_flag_ack(f->db, &sato, &fl[0], "確認済み", &cause), 0);
	audit_flags_free(fl, nf);
	assert_int_equal(audit_review_sign(f->db, &sato, &hours, "2026-04-06", "2026-04-06",
	    "", "確認", id, &cause), -1);
	assert_non_null(strstr(cause, "2 of the 3 flags"));
	free(cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_reviews"), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'audit.review.sign' AND result = 'refused'"), 1);
	/* Once all are acknowledged, it is signed: kept, sent, audited. */
	ack_all(f, "2026-04-06", "2026-04-06");
	assert_int_equal(audit_review_sign(f->db, &sato, &hours, "2026-04-06", "2026-04-06",
	    "T-UNIT-01", "全件確認した", id, &cause), 0);
	assert_int_equal(strlen(id), 36);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_reviews WHERE flags = 3 "
	    "AND terminals = 'T-UNIT-01' AND rules LIKE '%access_burst>=10/5min%'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'audit_review'"), 1);
	assert_int_not_equal(db_exec(f->db, "UPDATE audit_reviews SET comment = 'x'", NULL), 0);
	assert_int_not_equal(db_exec(f->db, "DELETE FROM audit_reviews", NULL), 0);
	/* Whatever this terminal sends passes the rules the central store checks with. */
	assert_int_equal(sync_rules_check_outbox(f->db, stderr, &cause), 0);
	/* The auditor reads it all; the clerk and the sysadmin may not. */
	assert_int_equal(audit_reviews_list(f->db, &kato, &r, &nr, &a, &na, &cause), 0);
	assert_int_equal(nr, 1);
	assert_int_equal(na, 3);
	assert_string_equal(r[0].signed_by, "sato");
	assert_string_equal(r[0].comment, "全件確認した");
	audit_reviews_free(r, nr);
	audit_acks_free(a, na);
	assert_int_equal(audit_reviews_list(f->db, &tanaka, &r, &nr, &a, &na, &cause), -1);
	free(cause);
	assert_int_equal(audit_reviews_list(f->db, &ono, &r, &nr, &a, &na, &cause), -1);
	free(cause);
}

static void
test_who_sees_flags(void **state)
{
	struct fixture		*f = *state;
	struct audit_flag	*fl;
	size_t			 n;
	char			*cause = NULL;

	log_at(f, "2026-04-06 22:00:00", &tanaka, "register.view", "holder:" HOLDER_A, "ok");
	assert_int_equal(audit_flags_list(f->db, &kato, &hours, "2026-04-06", "2026-04-06", 0,
	    0, &fl, &n, &cause), 0);
	assert_int_equal(n, 2);
	audit_flags_free(fl, n);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'audit.flags.view' AND user = 'kato'"), 1);
	assert_int_equal(audit_flags_list(f->db, &tanaka, &hours, "2026-04-06", "2026-04-06",
	    0, 0, &fl, &n, &cause), -1);
	free(cause);
	assert_int_equal(audit_flags_list(f->db, &ono, &hours, "2026-04-06", "2026-04-06", 0,
	    0, &fl, &n, &cause), -1);
	free(cause);
}

static void
test_office_hours_parse(void **state)
{
	struct office_hours	 oh;
	char			*cause = NULL;

	(void)state;
	assert_int_equal(office_hours_parse("08:30-17:15 mon-fri", &oh, &cause), 0);
	assert_int_equal(oh.start_min, 510);
	assert_int_equal(oh.end_min, 1035);
	assert_int_equal(oh.days, 0x3e);
	assert_int_equal(office_hours_parse("09:00-12:00 mon,wed,sat", &oh, &cause), 0);
	assert_int_equal(oh.days, (1u << 1) | (1u << 3) | (1u << 6));
	assert_int_equal(office_hours_parse("17:00-09:00 mon-fri", &oh, &cause), -1);
	free(cause);
	assert_int_equal(office_hours_parse("08:30-17:15 sat-sun", &oh, &cause), -1);
	free(cause);
	assert_int_equal(office_hours_parse("08:30-17:15", &oh, &cause), -1);
	free(cause);
	assert_int_equal(office_hours_parse("8:30-17:15 mon-fri", &oh, &cause), -1);
	free(cause);
	assert_int_equal(office_hours_parse("08:30-17:75 mon-fri", &oh, &cause), -1);
	free(cause);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_off_hours_edges),
		T(test_off_hours_threshold),
		T(test_burst_edges),
		T(test_no_application),
		T(test_mynumber_daily),
		T(test_failed_logins),
		T(test_off_hours_output),
		T(test_rule_changes),
		T(test_ack),
		T(test_sign_off),
		T(test_who_sees_flags),
		cmocka_unit_test(test_office_hours_parse),
	};

	/* Office hours are local time: the test's is Japan's, whatever the machine's. */
	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
