/*
 * The reception register (issue 24): numbers read from what a clerk types, handed out from
 * the year's blocks (leased ones only on a terminal that syncs) and never twice; every
 * application filed under a reception; withdrawal of an open one only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts.h"
#include "db-internal.h"
#include "reception/reception.h"
#include "register/register.h"
#include "testutil.h"
#include "xmalloc.h"

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor suzuki = { "suzuki", "supervisor", "tty1", 0 };
static const struct actor tanaka = { "tanaka", "clerk", "tty1", 0 };
static const struct actor yamada = { "yamada", "clerk", "tty1", 0 };
static const struct actor kato = { "kato", "auditor", "tty1", 0 };

#define HOLDER_A	"11111111-1111-4111-8111-111111111111"
#define HOLDER_B	"22222222-2222-4222-8222-222222222222"

#define KV(k, v)	{ (char *)(k), (char *)(v) }

static const struct reg_value person[] = {
	KV("family_name", "川村"), KV("given_name", "葵"),
	KV("family_kana", "カワムラ"), KV("given_kana", "アオイ"),
	KV("sex", "2"), KV("birth_date", "1991-06-07"),
	KV("postal_code", "100-8926"), KV("address1", "東京都千代田区"),
	KV("address2", "霞が関２丁目１番２号"), KV("honseki_pref", "13"),
	KV("qualification", "1"), KV("certificate_number", "RC-000001"),
	KV("application_date", "2020-04-01"), KV("reception_date", "2020-04-02"),
	KV("issue_date", "2020-05-01"), KV("route", "exam"), KV("pass_number", "P-7"),
};

static int
setup(void **state)
{
	struct fixture	*f;
	char		*cause = NULL;

	if (fixture_setup(state) != 0)
		return -1;
	f = *state;
	if (account_first_supervisor(f->db, &root_admin, "sato", "佐藤 一郎", &cause) != 0)
		return -1;
	fixture_account(f, "suzuki", "supervisor", 1);
	fixture_account(f, "tanaka", "clerk", 1);
	fixture_account(f, "yamada", "clerk", 0);
	fixture_account(f, "kato", "auditor", 0);
	return 0;
}

static int
this_year(void)
{
	time_t		 now = time(NULL);
	struct tm	 tm;

	localtime_r(&now, &tm);
	return tm.tm_year + 1900;
}

static void
read_ok(const char *typed, const char *want)
{
	char	 out[RECEPTION_NUMBER_SIZE], *cause = NULL;

	if (reception_number_read(typed, out, &cause) != 0)
		fail_msg("\"%s\": %s", typed, cause);
	assert_string_equal(out, want);
}

static void
read_bad(const char *typed)
{
	char	 out[RECEPTION_NUMBER_SIZE], *cause = NULL;

	if (reception_number_read(typed, out, &cause) == 0)
		fail_msg("\"%s\" read as %s", typed, out);
	assert_non_null(cause);
	free(cause);
}

/* Typed with full-width digits, spaces, a lower-case r, without leading zeros. */
static void
test_number_read(void **state)
{
	(void)state;
	read_ok("R2026-0001234", "R2026-0001234");
	read_ok("r2026-1234", "R2026-0001234");
	read_ok("Ｒ２０２６－０００１２３４", "R2026-0001234");
	read_ok(" R 2026 - 000 1234 ", "R2026-0001234");
	read_ok("R20261234", "R2026-0001234");
	read_ok("R2026-9999999", "R2026-9999999");
	read_bad("");
	read_bad("ABC");
	read_bad("R-1");
	read_bad("R 1; DROP TABLE");
	read_bad("R202-1");
	read_bad("R2026-");
	read_bad("R2026-0");
	read_bad("R2026-12345678");
	read_bad("R1999-0000001");
	read_bad("R2026-12a4");
	read_bad("01a2436a");
}

/* A terminal that does not sync numbers from its own series, in order, never twice. */
static void
test_own_numbers(void **state)
{
	struct fixture	*f = *state;
	char		 a[RECEPTION_NUMBER_SIZE], b[RECEPTION_NUMBER_SIZE], want[32];
	char		*cause = NULL;

	assert_int_equal(reception_open(f->db, &tanaka, "reissue", "counter", HOLDER_A, a,
	    &cause), 0);
	assert_int_equal(reception_open(f->db, &tanaka, "correction", "mail", HOLDER_A, b,
	    &cause), 0);
	snprintf(want, sizeof want, "R%04d-0000001", this_year());
	assert_string_equal(a, want);
	snprintf(want, sizeof want, "R%04d-0000002", this_year());
	assert_string_equal(b, want);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'reception.open' AND target LIKE 'holder:" HOLDER_A " reception:R%'"), 2);
	/* The central store gets each reception under its UUID. */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'reception'"), 2);
	/* Bad kinds and channels are refused, and take no number. */
	assert_int_equal(reception_open(f->db, &tanaka, "holiday", "counter", NULL, a,
	    &cause), -1);
	free(cause);
	assert_int_equal(reception_open(f->db, &tanaka, "reissue", "fax", NULL, a, &cause),
	    -1);
	free(cause);
	/* An auditor receives nothing. */
	assert_int_equal(reception_open(f->db, &kato, "reissue", "counter", NULL, a, &cause),
	    -1);
	free(cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM receptions"), 2);
	assert_int_equal(db_count(f->db, "SELECT next_number FROM reception_number_blocks"), 3);
}

/*
 * A terminal that syncs takes numbers only from leased blocks: none leased, it refuses and
 * says to sync; a leased block is used up, then it refuses again, with nothing half-done.
 */
static void
test_leased_only(void **state)
{
	struct fixture	*f = *state;
	char		 n[RECEPTION_NUMBER_SIZE], want[32], *cause = NULL;
	int64_t		 left;
	int		 i;

	db_set_syncs(f->db, 1);
	assert_int_equal(reception_open(f->db, &tanaka, "reissue", "counter", HOLDER_A, n,
	    &cause), -1);
	assert_non_null(strstr(cause, "no reception number left"));
	assert_non_null(strstr(cause, "Sync"));
	free(cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM reception_number_blocks"), 0);
	assert_int_equal(reception_numbers_add(f->db, "central", this_year(), 501, 502,
	    &cause), 0);
	/* Overlapping a block of the year is refused; another year's is not. */
	assert_int_equal(reception_numbers_add(f->db, "central", this_year(), 400, 501,
	    &cause), -1);
	assert_non_null(strstr(cause, "never be handed out twice"));
	free(cause);
	assert_int_equal(reception_numbers_add(f->db, "central", this_year() + 1, 400, 501,
	    &cause), 0);
	assert_int_equal(reception_numbers_add(f->db, "central", this_year(), 0, 5, &cause),
	    -1);
	free(cause);
	assert_int_equal(reception_numbers_left(f->db, this_year(), &left, &cause), 0);
	assert_int_equal(left, 2);
	for (i = 0; i < 2; i++) {
		assert_int_equal(reception_open(f->db, &tanaka, "reissue", "counter", HOLDER_A,
		    n, &cause), 0);
		snprintf(want, sizeof want, "R%04d-%07d", this_year(), 501 + i);
		assert_string_equal(n, want);
	}
	assert_int_equal(reception_open(f->db, &tanaka, "reissue", "counter", HOLDER_A, n,
	    &cause), -1);
	assert_non_null(strstr(cause, "no reception number left"));
	free(cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM receptions"), 2);
	/* An own block is not used by a terminal that syncs. */
	assert_int_equal(reception_numbers_add(f->db, "own", this_year(), 1, 100, &cause), 0);
	assert_int_equal(reception_open(f->db, &tanaka, "reissue", "counter", HOLDER_A, n,
	    &cause), -1);
	free(cause);
	/* Nor handed out twice by the table itself. */
	assert_int_equal(db_exec(f->db, "DELETE FROM reception_number_blocks", NULL), -1);
	assert_int_equal(db_exec(f->db, "UPDATE reception_number_blocks SET next_number = "
	    "first_number", NULL), -1);
}

/*
 * Filing takes the holder's open reception of the kind, or opens one; deciding closes it
 * and, for a new person, records the holder the registration made.
 */
static void
test_filing_and_decision(void **state)
{
	struct fixture		*f = *state;
	struct application	 a;
	struct reception	 r;
	char			 opened[RECEPTION_NUMBER_SIZE], id[37], id2[37], *cause = NULL;

	assert_int_equal(reception_open(f->db, &tanaka, "registration", "mail", NULL, opened,
	    &cause), 0);
	if (application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, person,
	    sizeof person / sizeof person[0], id, &cause) != 0)
		fail_msg("submit: %s", cause);
	assert_int_equal(application_get(f->db, &suzuki, id, &a, &cause), 0);
	assert_string_equal(a.reception_number, opened);
	assert_string_equal(a.channel, "mail");
	application_clear(&a);
	assert_int_equal(application_decide(f->db, &suzuki, id, 1, "", &cause), 0);
	assert_int_equal(reception_get(f->db, opened, &r, &cause), 0);
	assert_string_equal(r.status, "decided");
	assert_non_null(r.holder_id);
	assert_string_equal(r.application_id, id);
	reception_clear(&r);
	/* A decided reception is no longer withdrawn. */
	assert_int_equal(reception_withdraw(f->db, &tanaka, opened, "本人の申出", &cause), -1);
	assert_non_null(strstr(cause, "only an open reception"));
	free(cause);
	/*
	 * Without an open reception, filing opens one through the counter; another clerk's
	 * new-person reception is never taken.
	 */
	if (application_submit(f->db, &yamada, APP_REGISTRATION, NULL, NULL, person,
	    sizeof person / sizeof person[0], id2, &cause) == 0) {
		assert_int_equal(application_get(f->db, &suzuki, id2, &a, &cause), 0);
		assert_non_null(a.reception_number);
		assert_string_not_equal(a.reception_number, opened);
		assert_string_equal(a.channel, "counter");
		application_clear(&a);
	} else
		free(cause);	/* refused as a duplicate: no reception was left behind */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM receptions r WHERE NOT EXISTS "
	    "(SELECT 1 FROM applications a WHERE a.reception_number = r.number)"), 0);
}

/* The applicant withdraws: the reception and its application, once, with the reason. */
static void
test_withdraw(void **state)
{
	struct fixture		*f = *state;
	struct reception	 r;
	char			 n[RECEPTION_NUMBER_SIZE], other[RECEPTION_NUMBER_SIZE];
	char			 id[37], *cause = NULL;

	assert_int_equal(reception_open(f->db, &tanaka, "registration", "counter", NULL, n,
	    &cause), 0);
	if (application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, person,
	    sizeof person / sizeof person[0], id, &cause) != 0)
		fail_msg("submit: %s", cause);
	assert_int_equal(reception_withdraw(f->db, &tanaka, n, "", &cause), -1);
	assert_non_null(strstr(cause, "reason"));
	free(cause);
	assert_int_equal(reception_withdraw(f->db, &kato, n, "本人の申出", &cause), -1);
	free(cause);
	/* The reason is free text as every reason: no control characters, 200 at most. */
	assert_int_equal(reception_withdraw(f->db, &tanaka, n, "本人\x1b[2Jの申出", &cause),
	    -1);
	assert_non_null(strstr(cause, "control character"));
	free(cause);
	{
		char	 longer[700] = "";
		int	 i;

		for (i = 0; i < 201; i++)
			strcat(longer, "あ");
		assert_int_equal(reception_withdraw(f->db, &tanaka, n, longer, &cause), -1);
		assert_non_null(strstr(cause, "too long"));
		free(cause);
	}
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM receptions WHERE status = "
	    "'withdrawn'"), 0);
	assert_int_equal(reception_withdraw(f->db, &tanaka, "R2026-9999999", "本人の申出",
	    &cause), -1);
	assert_non_null(strstr(cause, "no reception"));
	free(cause);
	assert_int_equal(reception_withdraw(f->db, &tanaka, n, "本人の申出により取下げ",
	    &cause), 0);
	assert_int_equal(reception_get(f->db, n, &r, &cause), 0);
	assert_string_equal(r.status, "withdrawn");
	assert_string_equal(r.withdrawn_by, "tanaka");
	assert_string_equal(r.withdraw_reason, "本人の申出により取下げ");
	reception_clear(&r);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE status = "
	    "'withdrawn'"), 1);
	/* Nothing left to decide, and no second withdrawal. */
	assert_int_equal(application_decide(f->db, &suzuki, id, 1, "", &cause), -1);
	assert_non_null(strstr(cause, "withdrew"));
	free(cause);
	assert_int_equal(reception_withdraw(f->db, &tanaka, n, "again", &cause), -1);
	assert_non_null(strstr(cause, "only an open reception"));
	free(cause);
	/* A withdrawn reception is never reopened, even by hand. */
	assert_int_equal(db_exec(f->db, "UPDATE receptions SET status = 'open'", NULL), -1);
	assert_int_equal(db_exec(f->db, "DELETE FROM receptions", NULL), -1);
	/* A reception with nothing filed under it is withdrawn alone. */
	assert_int_equal(reception_open(f->db, &tanaka, "reissue", "counter", HOLDER_B, other,
	    &cause), 0);
	assert_int_equal(reception_withdraw(f->db, &tanaka, other, "来庁せず", &cause), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'reception.withdraw' AND result = 'ok'"), 2);
}

/* 本人確認: documents by number or name; one with a photograph, or two others. */
static void
test_identity(void **state)
{
	struct fixture		*f = *state;
	struct reception	 r;
	char			 n[RECEPTION_NUMBER_SIZE], *cause = NULL, *shown;

	assert_int_equal(reception_open(f->db, &tanaka, "reissue", "counter", HOLDER_A, n,
	    &cause), 0);
	assert_int_equal(reception_identity_set(f->db, &tanaka, n, "", &cause), -1);
	free(cause);
	assert_int_equal(reception_identity_set(f->db, &tanaka, n, "99", &cause), -1);
	assert_non_null(strstr(cause, "not an identity document"));
	free(cause);
	assert_int_equal(reception_identity_set(f->db, &tanaka, n, "住民票の写し", &cause),
	    -1);
	assert_non_null(strstr(cause, "does not confirm"));
	free(cause);
	assert_int_equal(reception_identity_set(f->db, &tanaka, n, "6 6", &cause), -1);
	assert_non_null(strstr(cause, "twice"));
	free(cause);
	assert_int_equal(reception_identity_set(f->db, &kato, n, "2", &cause), -1);
	free(cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM receptions WHERE identity IS "
	    "NOT NULL"), 0);
	/* Two without a photograph, typed by number and by name with a Japanese mark. */
	assert_int_equal(reception_identity_set(f->db, &tanaka, n, "6、健康保険証", &cause), 0);
	assert_int_equal(reception_get(f->db, n, &r, &cause), 0);
	assert_string_equal(r.identity, "juminhyo health-insurance");
	assert_string_equal(r.identity_by, "tanaka");
	assert_non_null(r.identity_at);
	shown = reception_documents_shown(f->db, r.identity);
	assert_non_null(strstr(shown, "resident record"));
	free(shown);
	reception_clear(&r);
	/* One with a photograph alone; the later check replaces the first. */
	assert_int_equal(reception_identity_set(f->db, &tanaka, n, "driver-license", &cause),
	    0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM receptions WHERE identity = "
	    "'driver-license'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'reception.identity'"), 2);
	/* Not once it is withdrawn. */
	assert_int_equal(reception_withdraw(f->db, &tanaka, n, "来庁せず", &cause), 0);
	assert_int_equal(reception_identity_set(f->db, &tanaka, n, "2", &cause), -1);
	assert_non_null(strstr(cause, "while it is open"));
	free(cause);
}

/*
 * Fees: the amount due from the table by kind, qualification and date; recorded once,
 * refused when it is not the table's or exempt without a reason; refunded with the
 * withdrawal, never when exempt; the period's totals balance to the receptions.
 */
static void
test_fees(void **state)
{
	struct fixture		*f = *state;
	struct fee_total	*t;
	char			 a[RECEPTION_NUMBER_SIZE], b[RECEPTION_NUMBER_SIZE];
	char			 c[RECEPTION_NUMBER_SIZE], today[16], *cause = NULL;
	int64_t			 due;
	size_t			 n, i;
	int64_t			 received = 0, refunded = 0, fees = 0;
	time_t			 now = time(NULL);
	struct tm		 tm;

	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	assert_int_equal(db_exec(f->db, "INSERT INTO fee_schedule (fee_kind, qualification, "
	    "valid_from, valid_until, amount) VALUES ('issue', 'dietitian', '2000-01-01', "
	    "'2019-12-31', 4000), ('issue', 'dietitian', '2020-01-01', NULL, 4500)", NULL), 0);
	assert_int_equal(reception_fee_due(f->db, "issue", "dietitian", "2019-06-01", &due,
	    &cause), 0);
	assert_int_equal(due, 4000);
	assert_int_equal(reception_fee_due(f->db, "issue", "dietitian", today, &due, &cause),
	    0);
	assert_int_equal(due, 4500);
	assert_int_equal(reception_fee_due(f->db, "issue", "water-supply", today, &due,
	    &cause), 0);
	assert_int_equal(due, 3400);
	assert_int_equal(reception_fee_due(f->db, "issue", "dietitian", "1999-01-01", &due,
	    &cause), -1);
	assert_non_null(strstr(cause, "no fee"));
	free(cause);
	assert_string_equal(reception_fee_kind("reissue", "rewrite"), "rewrite");
	assert_string_equal(reception_fee_kind("reissue", "lost"), "reissue");
	assert_string_equal(reception_fee_kind("registration", NULL), "issue");
	assert_null(reception_fee_kind("correction", NULL));

	assert_int_equal(reception_open(f->db, &tanaka, "registration", "counter", NULL, a,
	    &cause), 0);
	assert_int_equal(reception_fee_record(f->db, &tanaka, a, "issue", "dietitian",
	    "cash", 3400, NULL, &cause), -1);
	assert_non_null(strstr(cause, "not the fee table's 4500 yen"));
	free(cause);
	assert_int_equal(reception_fee_record(f->db, &tanaka, a, "issue", "dietitian",
	    "exempt", 0, "", &cause), -1);
	assert_non_null(strstr(cause, "reason"));
	free(cause);
	assert_int_equal(reception_fee_record(f->db, &tanaka, a, "issue", "dietitian",
	    "exempt", 0, "生活\x07保護", &cause), -1);
	assert_non_null(strstr(cause, "the reason for the exemption"));
	free(cause);
	assert_int_equal(reception_fee_record(f->db, &tanaka, a, "issue", "dietitian",
	    "cheque", 4500, NULL, &cause), -1);
	free(cause);
	assert_int_equal(reception_fee_record(f->db, &tanaka, a, NULL, NULL, "cash", 0, NULL,
	    &cause), -1);
	free(cause);
	assert_int_equal(reception_fee_record(f->db, &tanaka, a, "issue", "dietitian",
	    "cash", 4500, NULL, &cause), 0);
	assert_int_equal(reception_fee_record(f->db, &tanaka, a, "issue", "dietitian",
	    "cash", 4500, NULL, &cause), -1);
	assert_non_null(strstr(cause, "recorded already"));
	free(cause);
	/* Nor by hand: a fee is recorded once. */
	assert_int_equal(db_exec(f->db, "UPDATE receptions SET fee_amount = 1", NULL), -1);

	assert_int_equal(reception_open(f->db, &tanaka, "reissue", "counter", HOLDER_A, b,
	    &cause), 0);
	assert_int_equal(reception_fee_record(f->db, &tanaka, b, "reissue", NULL, "exempt",
	    0, "生活保護受給者", &cause), 0);
	assert_int_equal(reception_open(f->db, &tanaka, "reissue", "mail", HOLDER_B, c,
	    &cause), 0);
	assert_int_equal(reception_fee_record(f->db, &tanaka, c, "reissue", NULL, "stamp",
	    2000, NULL, &cause), 0);

	/* Withdrawn: the cash comes back; an exempt fee has nothing to refund. */
	assert_int_equal(reception_withdraw(f->db, &tanaka, a, "本人の申出", &cause), 0);
	assert_int_equal(reception_withdraw(f->db, &tanaka, b, "本人の申出", &cause), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM receptions WHERE refund_by IS "
	    "NOT NULL"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'reception.refund'"), 1);
	assert_int_equal(db_exec(f->db, "UPDATE receptions SET refund_by = NULL, refund_on = "
	    "NULL", NULL), -1);

	/* Today's totals: every fee received and every refund, balancing to the receptions. */
	assert_int_equal(reception_fee_totals(f->db, today, today, &t, &n, &cause), 0);
	for (i = 0; i < n; i++) {
		received += t[i].amount;
		refunded += t[i].refunded;
		fees += t[i].received;
	}
	free(t);
	assert_int_equal(fees, db_count(f->db, "SELECT count(*) FROM receptions WHERE fee_by "
	    "IS NOT NULL"));
	assert_int_equal(received, 4500 + 0 + 2000);
	assert_int_equal(refunded, 4500);
	assert_int_equal(reception_fee_totals(f->db, today, "2000-01-01", &t, &n, &cause), -1);
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_read),
		cmocka_unit_test_setup_teardown(test_own_numbers, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_leased_only, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_filing_and_decision, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_withdraw, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_identity, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_fees, setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
