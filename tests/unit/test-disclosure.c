/*
 * Access disclosure (issue 20): what an entry was for, read from its audit target (every
 * form the code writes, and targets that are cut short or odd); the Japanese words for
 * actions and results; one copy of an entry held both here and centrally; and the
 * request the holder screen files for the sync process: filed, answered or failed,
 * collected once, withdrawn.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit-disclosure.h"
#include "audit/audit-disclosure-request.h"
#include "audit/audit-groups.h"
#include "db-internal.h"
#include "testutil.h"
#include "xmalloc.h"

#define HOLDER	"0f0e0d0c-0b0a-4909-8807-060504030201"

static char *
purpose(const char *target, int ja)
{
	struct disclosure_entry	 e;

	memset(&e, 0, sizeof e);
	e.target = (char *)target;
	return disclosure_purpose(&e, ja);
}

static void
check_purpose(const char *target, int ja, const char *want)
{
	char	*got = purpose(target, ja);

	assert_string_equal(got, want);
	free(got);
}

static void
test_purpose(void **state)
{
	(void)state;
	check_purpose("holder:" HOLDER, 1, "");
	check_purpose("holder:" HOLDER " application:A1", 1, "申請 A1");
	check_purpose("holder:" HOLDER " application:A1", 0, "application A1");
	check_purpose("holder:" HOLDER " registration:R certificate:C", 1, "登録 R、免状 C");
	check_purpose("holder:" HOLDER " registration:R conflict:7", 0,
	    "registration R, conflict 7");
	check_purpose("holder:" HOLDER " query:Q", 1, "照会 Q");
	/* What no kind names is shown as it is: nothing is hidden. */
	check_purpose("holder:" HOLDER " batch:9", 1, "batch:9");
	check_purpose("holder:" HOLDER " plain", 0, "plain");
	check_purpose("holder:" HOLDER "   application:A1  ", 0, "application A1");
	check_purpose("holder:" HOLDER " :x", 0, ":x");
	check_purpose("holder:" HOLDER " application:", 0, "application ");
	/* Cut short, or no holder at all. */
	check_purpose("holder:0f0e", 1, "");
	check_purpose("", 1, "");
}

static void
test_labels(void **state)
{
	(void)state;
	assert_string_equal(audit_action_ja("register.view"), "名簿の閲覧");
	assert_string_equal(audit_action_ja("cert.reprint"), "免状の再印刷");
	/* No label of its own: its group's. */
	assert_string_equal(audit_action_ja("juki.something.new"), "住基ネット");
	assert_string_equal(audit_action_ja("export.run"), "外部への提供");
	/* Neither: its code. */
	assert_string_equal(audit_action_ja("no.such.action"), "no.such.action");
	assert_string_equal(audit_result_ja("ok"), "実施");
	assert_string_equal(audit_result_ja("denied"), "拒否（権限なし）");
	assert_string_equal(audit_result_ja("failed"), "失敗");
	assert_string_equal(audit_result_ja("odd"), "odd");
}

static struct disclosure_entry
entry(const char *terminal, int64_t seq, const char *at, int unsynced)
{
	struct disclosure_entry	 e;

	memset(&e, 0, sizeof e);
	e.terminal_id = xstrdup(terminal);
	e.seq = seq;
	e.at = xstrdup(at);
	e.tty = xstrdup("tty1");
	e.user = xstrdup("tanaka");
	e.full_name = xstrdup("田中 太郎");
	e.role = xstrdup("clerk");
	e.action = xstrdup("register.view");
	xasprintf(&e.target, "holder:%s", HOLDER);
	e.result = xstrdup("ok");
	e.detail = xstrdup("");
	e.unsynced = unsynced;
	return e;
}

static void
test_sort(void **state)
{
	struct disclosure	 d;
	struct disclosure_entry	 e;

	(void)state;
	memset(&d, 0, sizeof d);
	e = entry("T-2", 5, "2026-04-02T00:00:00.000Z", 0);
	disclosure_add(&d, &e);
	e = entry("T-1", 9, "2026-04-01T00:00:00.000Z", 1);
	disclosure_add(&d, &e);
	e = entry("T-2", 5, "2026-04-02T00:00:00.000Z", 0);	/* the store's copy */
	disclosure_add(&d, &e);
	e = entry("T-1", 8, "2026-04-01T00:00:00.000Z", 0);
	disclosure_add(&d, &e);
	disclosure_sort(&d);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.v[0].terminal_id, "T-1");
	assert_int_equal(d.v[0].seq, 8);
	assert_int_equal(d.v[1].seq, 9);
	assert_string_equal(d.v[2].terminal_id, "T-2");
	disclosure_clear(&d);
}

/* A request as the holder screen files it, for the fixture's one holder. */
static int64_t
file_request(struct fixture *f, struct disclosure *d)
{
	char	*cause = NULL;
	int64_t	 id = 0;

	memset(d, 0, sizeof *d);
	snprintf(d->holder_id, sizeof d->holder_id, "%s", HOLDER);
	d->from = xstrdup("2026-03-31T15:00:00.000Z");
	if (disclosure_request(f->db, d, "sato", &id, &cause) != 0)
		fail_msg("request: %s", cause);
	assert_true(id > 0);
	return id;
}

static void
test_request(void **state)
{
	struct fixture	*f = *state;
	struct disclosure d;
	char		*cause = NULL, *sql;
	int64_t		 id;

	/* Waiting: nothing added, the request stays. */
	id = file_request(f, &d);
	assert_int_equal(disclosure_collect(f->db, id, &d, &cause), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM disclosure_requests WHERE "
	    "from_at = '2026-03-31T15:00:00.000Z' AND until_at IS NULL AND requested_by = "
	    "'sato'"), 1);

	/* Answered, as the sync process answers: the entries come, and both are gone. */
	xasprintf(&sql, "INSERT INTO disclosure_answers VALUES (%lld, 'T-2', 5, "
	    "'2026-04-02T00:00:00.000Z', 'tty2', 'suzuki', '鈴木 花子', 'supervisor', "
	    "'register.approve', 'holder:%s application:A', 'ok', ''); UPDATE "
	    "disclosure_requests SET state = 'answered' WHERE id = %lld", (long long)id,
	    HOLDER, (long long)id);
	assert_int_equal(db_exec(f->db, sql, &cause), 0);
	free(sql);
	assert_int_equal(disclosure_collect(f->db, id, &d, &cause), 1);
	assert_int_equal(d.central, 1);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].full_name, "鈴木 花子");
	assert_int_equal(d.v[0].unsynced, 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM disclosure_requests"), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM disclosure_answers"), 0);
	/* Collected once: a second collect finds nothing, and says so. */
	assert_int_equal(disclosure_collect(f->db, id, &d, &cause), -1);
	assert_non_null(strstr(cause, "is gone"));
	free(cause);
	cause = NULL;
	disclosure_clear(&d);

	/* Failed: why, for the report; no entry. */
	id = file_request(f, &d);
	xasprintf(&sql, "UPDATE disclosure_requests SET state = 'failed', cause = 'store "
	    "down' WHERE id = %lld", (long long)id);
	assert_int_equal(db_exec(f->db, sql, &cause), 0);
	free(sql);
	assert_int_equal(disclosure_collect(f->db, id, &d, &cause), 1);
	assert_int_equal(d.central, 0);
	assert_string_equal(d.central_missing, "store down");
	assert_int_equal(d.n, 0);
	disclosure_clear(&d);

	/* A failure must say why, an answer must not: the schema holds to it. */
	id = file_request(f, &d);
	xasprintf(&sql, "UPDATE disclosure_requests SET state = 'failed' WHERE id = %lld",
	    (long long)id);
	assert_int_not_equal(db_exec(f->db, sql, &cause), 0);
	free(sql);
	free(cause);
	cause = NULL;

	/* Withdrawn: gone with its answers. */
	disclosure_withdraw(f->db, id);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM disclosure_requests"), 0);
	disclosure_clear(&d);

	/* Not a holder id: the schema refuses it. */
	memset(&d, 0, sizeof d);
	snprintf(d.holder_id, sizeof d.holder_id, "%s", "short");
	assert_int_equal(disclosure_request(f->db, &d, "sato", &id, &cause), -1);
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_purpose),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_sort),
		cmocka_unit_test_setup_teardown(test_request, fixture_setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
