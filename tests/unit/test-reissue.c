/*
 * Certificate reissue (SPEC §6): an application checked on the way in, refused for a
 * registration that is suspended, cancelled or erased (with the reason), approved by
 * another supervisor: the old certificate void, the new one with the reissue date and
 * count, the registration and the history updated, everything audited. Also the first
 * certificate of a registration, its number from a block, and the print log.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "cert/cert-numbers.h"
#include "cert/cert-delivery.h"
#include "cert/certificates.h"
#include "db-internal.h"
#include "register/register-merge.h"
#include "register/register.h"
#include "sync/sync-rules.h"
#include "testutil.h"
#include "xmalloc.h"

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor sato = { "sato", "supervisor", "tty1", 0 };
static const struct actor suzuki = { "suzuki", "supervisor", "tty1", 0 };
static const struct actor tanaka = { "tanaka", "clerk", "tty1", 0 };
static const struct actor kato = { "kato", "sysadmin", "tty1", 0 };

#define KV(k, v)	{ (char *)(k), (char *)(v) }

static const struct reg_value holder_typed[] = {
	KV("family_name", "山田"), KV("given_name", "花子"),
	KV("family_kana", "ヤマダ"), KV("given_kana", "ハナコ"),
	KV("sex", "2"), KV("birth_date", "1990-04-01"),
	KV("address1", "東京都千代田区"), KV("honseki_pref", "13"),
	KV("qualification", "1"), KV("certificate_number", "BH-000001"),
	KV("application_date", "2020-04-01"), KV("reception_date", "2020-04-02"),
	KV("issue_date", "2020-05-01"), KV("route", "exam"),
};
#define N_HOLDER	(sizeof holder_typed / sizeof holder_typed[0])

/* A reissue for a lost certificate as a clerk types it. */
static const struct reg_value lost[] = {
	KV("reason", "1"), KV("reason_detail", "電車内で紛失"),
	KV("identity_documents", "運転免許証"), KV("fee_kind", "1"),
	KV("fee_amount", "2,000円"), KV("received_date", "令和6年4月1日"),
};
#define N_LOST	(sizeof lost / sizeof lost[0])

struct ids {
	char	 holder[37];
	char	 registration[37];
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
	fixture_account(f, "suzuki", "supervisor", 0);
	fixture_account(f, "tanaka", "clerk", 0);
	fixture_account(f, "kato", "sysadmin", 0);
	return 0;
}

static void
one_string(struct fixture *f, const char *sql, char *out, size_t size)
{
	sqlite3_stmt	*stmt;

	assert_int_equal(sqlite3_prepare_v2(f->db->h, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(out, size, "%s", sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
}

static void
register_holder(struct fixture *f, const struct reg_value *v, size_t n, struct ids *ids)
{
	char	*cause = NULL, id[37], *sql;

	if (application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, v, n, id,
	    &cause) != 0 || application_decide(f->db, &suzuki, id, 1, "ok", &cause) != 0)
		fail_msg("register: %s", cause);
	xasprintf(&sql, "SELECT holder_id FROM applications WHERE id = '%s'", id);
	one_string(f, sql, ids->holder, sizeof ids->holder);
	free(sql);
	xasprintf(&sql, "SELECT registration_id FROM applications WHERE id = '%s'", id);
	one_string(f, sql, ids->registration, sizeof ids->registration);
	free(sql);
}

static void
expect_refused(int rc, char **cause, const char *part)
{
	if (rc != -1)
		fail_msg("not refused: expected \"%s\"", part);
	assert_non_null(*cause);
	if (strstr(*cause, part) == NULL)
		fail_msg("message '%s' does not say '%s'", *cause, part);
	free(*cause);
	*cause = NULL;
}

/* lost[] with one value replaced, added, or (value NULL) left out. */
static struct reg_value *
lost_with(const char *key, const char *value, size_t *n)
{
	struct reg_value	*v;
	size_t			 i, j;

	/* Room for a few more values that a test adds. */
	v = xcalloc(N_LOST + 4, sizeof *v);
	for (i = j = 0; i < N_LOST; i++) {
		if (strcmp(lost[i].key, key) == 0) {
			if (value != NULL)
				v[j++] = (struct reg_value)KV(key, value);
			key = "";
		} else
			v[j++] = lost[i];
	}
	if (*key != '\0' && value != NULL)
		v[j++] = (struct reg_value)KV(key, value);
	*n = j;
	return v;
}

static int
submit(struct fixture *f, const struct actor *who, const struct ids *ids,
    const struct reg_value *v, size_t n, char *id, char **cause)
{
	return application_submit(f->db, who, APP_REISSUE, ids->holder, ids->registration, v,
	    n, id, cause);
}

/* A registration's status changed as a 停止 or 取消 would, with its event and reason. */
static void
set_status(struct fixture *f, const struct ids *ids, const char *status,
    const char *kind, const char *reason)
{
	static int	 serial;
	char		*sql;

	xasprintf(&sql, "UPDATE registrations SET status = '%s' WHERE id = '%s'; INSERT INTO "
	    "events (id, registration_id, holder_id, kind, event_date, reason_text, "
	    "created_by, created_at, until_date) VALUES ('00000000-0000-4000-8000-00000000e%03d',"
	    " '%s', '%s', '%s', '2024-03-01', '%s', 'sato', 'now', %s)", status,
	    ids->registration, ++serial, ids->registration, ids->holder, kind, reason,
	    strcmp(kind, "suspend") == 0 ? "'2099-12-31'" : "NULL");
	assert_int_equal(sqlite3_exec(f->db->h, sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
}

static void
test_first_certificate(void **state)
{
	struct fixture	*f = *state;
	struct ids	 ids;

	register_holder(f, holder_typed, N_HOLDER, &ids);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM certificates WHERE kind = "
	    "'issue' AND status = 'valid' AND certificate_number = 'BH-000001' AND issued_on "
	    "= '2020-05-01' AND reissue_count = 0 AND reissue_date = '' AND created_by = "
	    "'tanaka' AND approved_by = 'suzuki'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'certificate'"), 1);
	/* A typed number uses no number of a block. */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM cert_numbers_used"), 0);
}

/* 亡失: approved by another supervisor; the old paper void, the new one counted. */
/*
 * Everything the terminal wrote is taken by the sync rules: a reissue's event keeps the
 * certificate it replaced (certificate, reissue_count, reissue_date in its before_json).
 */
static void
outbox_synced(struct fixture *f)
{
	char	*cause = NULL;
	int	 bad;

	bad = sync_rules_check_outbox(f->db, stderr, &cause);
	if (bad != 0)
		fail_msg("outbox rows the rules refuse: %d %s", bad, cause != NULL ? cause : "");
}

static void
test_reissue_lost(void **state)
{
	struct fixture	*f = *state;
	struct ids	 ids;
	char		*cause = NULL, id[37], old[37], *sql;

	register_holder(f, holder_typed, N_HOLDER, &ids);
	one_string(f, "SELECT id FROM certificates", old, sizeof old);
	if (submit(f, &tanaka, &ids, lost, N_LOST, id, &cause) != 0)
		fail_msg("submit: %s", cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE kind = "
	    "'reissue' AND status = 'pending' AND json_extract(payload, '$.reason') = 'lost' "
	    "AND json_extract(payload, '$.fee_kind') = 'stamp' AND json_extract(payload, "
	    "'$.fee_amount') = '2000' AND json_extract(payload, '$.received_date') = "
	    "'2024-04-01'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'reissue.apply' AND user = 'tanaka' AND result = 'ok'"), 1);
	/* Nothing changes before the approval. */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM certificates"), 1);

	/* A clerk cannot decide; a supervisor cannot decide their own (tested below). */
	expect_refused(application_decide(f->db, &tanaka, id, 1, "", &cause), &cause,
	    "not allowed");
	if (application_decide(f->db, &sato, id, 1, "再交付を承認", &cause) != 0)
		fail_msg("decide: %s", cause);

	assert_int_equal(db_count(f->db, "SELECT reissue_count FROM registrations"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM certificates"), 2);
	xasprintf(&sql, "SELECT count(*) FROM certificates o JOIN certificates n ON "
	    "n.id = o.replaced_by WHERE o.id = '%s' AND o.status = 'void' AND o.void_reason = "
	    "'lost' AND o.voided_at IS NOT NULL AND n.status = 'valid' AND n.kind = 'reissue' "
	    "AND n.reissue_count = 1 AND n.reissue_date = date('now', 'localtime') AND "
	    "n.issued_on = n.reissue_date AND n.issue_date = '2020-05-01' AND "
	    "n.certificate_number = 'BH-000001' AND n.created_by = 'tanaka' AND "
	    "n.approved_by = 'sato' AND n.application_id = '%s'", old, id);
	assert_int_equal(db_count(f->db, sql), 1);
	free(sql);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM events WHERE kind = 'reissue' "
	    "AND reason_code = 'lost' AND reason_text = '電車内で紛失' AND event_date = "
	    "date('now', 'localtime') AND created_by = 'tanaka' AND approved_by = 'sato' AND "
	    "json_extract(before_json, '$.reissue_count') = 0"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.approve' AND user = 'sato' AND detail = 'reissue'"), 1);
	/* The central store hears of both certificates and the registration's new count. */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'certificate'"), 3);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'registration' AND json_extract(payload, '$.reissue_count') = 1"), 1);

	/* A second reissue counts on from the first. */
	if (submit(f, &tanaka, &ids, lost, N_LOST, id, &cause) != 0 ||
	    application_decide(f->db, &suzuki, id, 1, "", &cause) != 0)
		fail_msg("second: %s", cause);
	assert_int_equal(db_count(f->db, "SELECT reissue_count FROM certificates WHERE "
	    "status = 'valid'"), 2);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM certificates WHERE status = "
	    "'void'"), 2);
	outbox_synced(f);
}

static void
test_four_eyes(void **state)
{
	struct fixture	*f = *state;
	struct ids	 ids;
	char		*cause = NULL, id[37];

	register_holder(f, holder_typed, N_HOLDER, &ids);
	if (submit(f, &sato, &ids, lost, N_LOST, id, &cause) != 0)
		fail_msg("submit: %s", cause);
	expect_refused(application_decide(f->db, &sato, id, 1, "", &cause), &cause,
	    "another supervisor");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM certificates"), 1);
	/* Rejected: nothing changes, and a new application may be made. */
	assert_int_equal(application_decide(f->db, &suzuki, id, 0, "身元確認が不十分",
	    &cause), 0);
	assert_int_equal(db_count(f->db, "SELECT reissue_count FROM registrations"), 0);
	assert_int_equal(submit(f, &tanaka, &ids, lost, N_LOST, id, &cause), 0);
}

static void
test_refusals(void **state)
{
	struct fixture		*f = *state;
	struct reg_value	*v;
	struct ids		 ids, other;
	char			*cause = NULL, id[37];
	size_t			 n;

	register_holder(f, holder_typed, N_HOLDER, &ids);
	v = lost_with("identity_documents", NULL, &n);
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause, "identity check");
	free(v);
	/*
	 * The Juki result id alone is an identity check, when it names an answered lookup of
	 * this holder (issue 24: "Q999" was taken). By its number or its file id.
	 */
	{
		char	*sql;

		xasprintf(&sql, "INSERT INTO juki_queries (id, request_no, file_id, mode, "
		    "holder_id, key_kind, key_summary, jimu, purpose_ref, status, requested_by, "
		    "requested_at) VALUES ('00000000-0000-4000-8000-0000000000a1', 41, "
		    "'Q0000000041', 'immediate', '%s', 'mynumber', '****', 3, 'R2026-0000001', "
		    "'answered', 'tanaka', '2026-01-01'), ('00000000-0000-4000-8000-0000000000a2', "
		    "42, 'Q0000000042', 'immediate', '%s', 'mynumber', '****', 3, "
		    "'R2026-0000001', 'pending', 'tanaka', '2026-01-01'), "
		    "('00000000-0000-4000-8000-0000000000a3', 43, 'Q0000000043', 'immediate', "
		    "NULL, 'four', '****', 3, 'R2026-0000002', 'answered', 'tanaka', "
		    "'2026-01-01')", ids.holder, ids.holder);
		assert_int_equal(db_exec(f->db, sql, NULL), 0);
		free(sql);
	}
	v = lost_with("identity_documents", NULL, &n);
	v[n++] = (struct reg_value)KV("juki_result_id", "JR-20240401-0001");
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause,
	    "there is no Juki-net lookup");
	v[n - 1].value = (char *)"Q999";
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause,
	    "there is no Juki-net lookup");
	v[n - 1].value = (char *)"42";
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause, "no answer yet");
	v[n - 1].value = (char *)"Q0000000043";
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause, "another person");
	v[n - 1].value = (char *)"41";
	assert_int_equal(submit(f, &tanaka, &ids, v, n, id, &cause), 0);
	free(v);
	assert_int_equal(application_decide(f->db, &sato, id, 0, "試験", &cause), 0);

	v = lost_with("fee_kind", "3", &n);
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause, "exempt");
	free(v);
	v = lost_with("fee_amount", NULL, &n);
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause,
	    "required unless the fee is exempt");
	free(v);
	v = lost_with("fee_amount", "-5", &n);
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause, "Fee amount");
	free(v);
	v = lost_with("fee_kind", "5", &n);
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause, "Fee");
	free(v);
	/* Issue 24: the amount is the fee table's (2,000 yen for a reissue here). */
	v = lost_with("fee_amount", "1,500円", &n);
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause,
	    "not the fee table's 2000 yen");
	free(v);
	v = lost_with("reason", "紛失", &n);
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause, "Reason");
	free(v);
	v = lost_with("received_date", "2999-01-01", &n);
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause, "future");
	free(v);
	v = lost_with("received_date", NULL, &n);
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause, "required");
	free(v);
	/* The name changes only with 書換え; other holder items never in a reissue. */
	v = lost_with("family_name", "川田", &n);
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause,
	    "only a rewrite");
	free(v);
	v = lost_with("reason", "4", &n);
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause,
	    "needs the new name");
	v[n++] = (struct reg_value)KV("address1", "大阪府");
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause,
	    "apply for a correction");
	v[n - 1] = (struct reg_value)KV("family_name", "山田");
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause, "no change");
	free(v);
	v = lost_with("mynumber", "123456789018", &n);
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause,
	    "not an item");
	free(v);

	/* Another holder's registration; a sysadmin has no reissue.apply. */
	other = ids;
	snprintf(other.holder, sizeof other.holder, "00000000-0000-4000-8000-000000000099");
	expect_refused(submit(f, &tanaka, &other, lost, N_LOST, id, &cause), &cause,
	    "another holder");
	expect_refused(submit(f, &kato, &ids, lost, N_LOST, id, &cause), &cause,
	    "not allowed");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE user = 'kato' "
	    "AND result = 'denied'"), 1);

	/* One pending reissue per certificate. */
	assert_int_equal(submit(f, &tanaka, &ids, lost, N_LOST, id, &cause), 0);
	expect_refused(submit(f, &tanaka, &ids, lost, N_LOST, id, &cause), &cause,
	    "already awaits");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE kind = "
	    "'reissue' AND status = 'pending'"), 1);
}

/* 停止, 取消 and 消除: refused, with the status and the recorded reason. */
static void
test_refused_status(void **state)
{
	struct fixture	*f = *state;
	struct ids	 ids;
	char		*cause = NULL, id[37];
	const char	*const del[] = { "event_date", "2024-05-01", "reason_code", "2",
			    "reason_text", "本人の申出", NULL };
	struct reg_value dv[3];
	int		 i;

	register_holder(f, holder_typed, N_HOLDER, &ids);
	assert_int_equal(reissue_allowed(f->db, ids.holder, ids.registration, &cause), 0);
	assert_null(cause);
	expect_refused(reissue_allowed(f->db, "00000000-0000-4000-8000-000000000000",
	    ids.registration, &cause), &cause, "belongs to another holder");
	set_status(f, &ids, "suspended", "suspend", "業務停止処分");
	expect_refused(submit(f, &tanaka, &ids, lost, N_LOST, id, &cause), &cause,
	    "certificate BH-000001 is suspended since 2024-03-01 (業務停止処分)");
	/* What the screen shows on opening is what a submit says. */
	expect_refused(reissue_allowed(f->db, ids.holder, ids.registration, &cause), &cause,
	    "certificate BH-000001 is suspended since 2024-03-01 (業務停止処分)");
	set_status(f, &ids, "cancelled", "cancel", "免状取消処分");
	expect_refused(submit(f, &tanaka, &ids, lost, N_LOST, id, &cause), &cause,
	    "is cancelled since 2024-03-01 (免状取消処分)");
	expect_refused(reissue_allowed(f->db, ids.holder, ids.registration, &cause), &cause,
	    "is cancelled since 2024-03-01 (免状取消処分)");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE kind = "
	    "'reissue'"), 0);

	/* 消除 through its own application. */
	assert_int_equal(sqlite3_exec(f->db->h, "UPDATE registrations SET status = 'valid'",
	    NULL, NULL, NULL), SQLITE_OK);
	for (i = 0; del[2 * i] != NULL; i++)
		dv[i] = (struct reg_value)KV(del[2 * i], del[2 * i + 1]);
	if (application_submit(f->db, &tanaka, APP_DELETION, ids.holder, ids.registration,
	    dv, 3, id, &cause) != 0 || application_decide(f->db, &sato, id, 1, "", &cause) != 0)
		fail_msg("erase: %s", cause);
	expect_refused(submit(f, &tanaka, &ids, lost, N_LOST, id, &cause), &cause,
	    "is erased since 2024-05-01 (本人の申出)");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE kind = "
	    "'reissue'"), 0);
}

/* Cancelled between the application and the decision: the approval is refused. */
static void
test_cancelled_before_approval(void **state)
{
	struct fixture	*f = *state;
	struct ids	 ids;
	char		*cause = NULL, id[37];

	register_holder(f, holder_typed, N_HOLDER, &ids);
	assert_int_equal(submit(f, &tanaka, &ids, lost, N_LOST, id, &cause), 0);
	set_status(f, &ids, "cancelled", "cancel", "免状取消処分");
	expect_refused(application_decide(f->db, &sato, id, 1, "", &cause), &cause,
	    "no reissue: certificate BH-000001 is cancelled");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE status = "
	    "'pending' AND kind = 'reissue'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM certificates WHERE status = "
	    "'valid'"), 1);
	assert_int_equal(db_count(f->db, "SELECT reissue_count FROM registrations"), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM events WHERE kind = "
	    "'reissue'"), 0);
}

/* 書換え: the new name with its 書換え event, a rewritten certificate, the same count. */
static void
test_rewrite(void **state)
{
	struct fixture		*f = *state;
	struct reg_value	*v;
	struct ids		 ids;
	char			*cause = NULL, id[37];
	size_t			 n;

	register_holder(f, holder_typed, N_HOLDER, &ids);
	v = lost_with("reason", "4", &n);
	v[n++] = (struct reg_value)KV("family_name", "川田");
	v[n++] = (struct reg_value)KV("family_kana", "ｶﾜﾀﾞ");
	/* A 書換え交付 costs what the fee table says for it, not a reissue's fee. */
	expect_refused(submit(f, &tanaka, &ids, v, n, id, &cause), &cause,
	    "not the fee table's 1800 yen");
	{
		size_t	 i;

		for (i = 0; i < n; i++)
			if (strcmp(v[i].key, "fee_amount") == 0)
				v[i].value = (char *)"1,800円";
	}
	if (submit(f, &tanaka, &ids, v, n, id, &cause) != 0)
		fail_msg("submit: %s", cause);
	free(v);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM receptions WHERE fee_kind = "
	    "'rewrite' AND fee_payment = 'stamp' AND fee_amount = 1800 AND fee_by = 'tanaka'"),
	    1);
	if (application_decide(f->db, &sato, id, 1, "", &cause) != 0)
		fail_msg("decide: %s", cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders WHERE family_name = "
	    "'川田' AND family_kana = 'カワダ' AND given_name = '花子'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM events WHERE kind = 'rewrite' "
	    "AND json_extract(before_json, '$.family_name') = '山田' AND event_date = "
	    "date('now', 'localtime') AND approved_by = 'sato'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM events WHERE kind = "
	    "'reissue'"), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM certificates WHERE status = "
	    "'valid' AND kind = 'rewrite' AND reissue_count = 0 AND reissue_date = '' AND "
	    "issued_on = date('now', 'localtime')"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM certificates WHERE status = "
	    "'void' AND void_reason = 'rewrite'"), 1);
	assert_int_equal(db_count(f->db, "SELECT reissue_count FROM registrations"), 0);
	outbox_synced(f);
}

/* Without a typed number, the approval takes one from a block; none left: refused. */
static void
test_number_from_block(void **state)
{
	struct fixture		*f = *state;
	struct reg_value	 v[N_HOLDER];
	struct ids		 ids;
	char			*cause = NULL, id[37];
	size_t			 i, n = 0;

	for (i = 0; i < N_HOLDER; i++) {
		if (strcmp(holder_typed[i].key, "certificate_number") != 0)
			v[n++] = holder_typed[i];
	}
	assert_int_equal(application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, v,
	    n, id, &cause), 0);
	expect_refused(application_decide(f->db, &suzuki, id, 1, "", &cause), &cause,
	    "no certificate number left");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders"), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE status = "
	    "'pending'"), 1);

	assert_int_equal(cert_numbers_add_block(f->db, "admin", "BH-", 100, 199, &cause), 0);
	assert_int_equal(application_decide(f->db, &suzuki, id, 1, "", &cause), 0);
	one_string(f, "SELECT registration_id FROM applications", ids.registration,
	    sizeof ids.registration);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM registrations r JOIN "
	    "cert_numbers_used u ON u.used_for = r.id AND u.certificate_number = "
	    "r.certificate_number WHERE r.certificate_number = 'BH-000100'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM certificates WHERE "
	    "certificate_number = 'BH-000100' AND status = 'valid'"), 1);
	/* Two registrations without numbers never share one (a namesake, said so). */
	assert_int_equal(application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, v,
	    n, id, &cause), 0);
	assert_int_equal(application_approve_different(f->db, &suzuki, id, "別人", "", &cause),
	    0);
	assert_int_equal(db_count(f->db, "SELECT count(DISTINCT certificate_number) FROM "
	    "registrations"), 2);
}

static void
held_clear(struct cert_summary *c)
{
	free(c->certificate_number);
	free(c->kind);
	free(c->issued_on);
	free(c->status);
}

/* A registration from before certificates were kept: its last paper recorded, voided. */
static void
test_legacy_registration(void **state)
{
	struct fixture		*f = *state;
	struct cert_summary	 held;
	struct ids		 ids;
	char			*cause = NULL, id[37];

	register_holder(f, holder_typed, N_HOLDER, &ids);
	assert_int_equal(sqlite3_exec(f->db->h, "PRAGMA foreign_keys = OFF; DROP TRIGGER "
	    "certificates_no_delete; DELETE FROM certificates; UPDATE registrations SET "
	    "reissue_count = 2; INSERT INTO events (id, registration_id, holder_id, kind, "
	    "event_date, created_by, created_at) SELECT '00000000-0000-4000-8000-0000000000e1', "
	    "id, holder_id, 'reissue', '2022-02-02', 'sato', 'now' FROM registrations; PRAGMA "
	    "foreign_keys = ON", NULL, NULL, NULL), SQLITE_OK);
	/* What the queue shows of it, read from the registration, nothing written. */
	assert_int_equal(cert_held(f->db, ids.registration, &held, &cause), 0);
	assert_string_equal(held.id, "");
	assert_string_equal(held.certificate_number, "BH-000001");
	assert_int_equal(held.reissue_count, 2);
	assert_int_equal(held.prints, 0);
	held_clear(&held);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM certificates"), 0);
	assert_int_equal(submit(f, &tanaka, &ids, lost, N_LOST, id, &cause), 0);
	assert_int_equal(application_decide(f->db, &sato, id, 1, "", &cause), 0);
	/* Now the valid certificate itself. */
	assert_int_equal(cert_held(f->db, ids.registration, &held, &cause), 0);
	assert_int_equal(strlen(held.id), 36);
	assert_string_equal(held.kind, "reissue");
	assert_int_equal(held.reissue_count, 3);
	held_clear(&held);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM certificates WHERE status = "
	    "'void' AND kind = 'reissue' AND reissue_count = 2 AND reissue_date = "
	    "'2022-02-02' AND created_by = 'tanaka'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM certificates WHERE status = "
	    "'valid' AND reissue_count = 3"), 1);
	/* Cancelled: no certificate is held any more. */
	set_status(f, &ids, "cancelled", "cancel", "免状取消処分");
	assert_int_equal(cert_held(f->db, ids.registration, &held, &cause), 1);
	assert_null(held.certificate_number);
}

/* What a print needs; the first print and then reprints, in both logs. */
static void
test_print_log(void **state)
{
	struct fixture	*f = *state;
	struct cert_doc	 d;
	struct ids	 ids;
	char		*cause = NULL;

	register_holder(f, holder_typed, N_HOLDER, &ids);
	expect_refused(cert_doc_load(f->db, &kato, ids.registration, &d, &cause), &cause,
	    "not allowed");
	if (cert_doc_load(f->db, &tanaka, ids.registration, &d, &cause) != 0)
		fail_msg("load: %s", cause);
	assert_string_equal(d.certificate_number, "BH-000001");
	assert_string_equal(d.qualification, "building-hygiene");
	assert_string_equal(d.issue_date, "2020-05-01");
	assert_string_equal(d.reissue_date, "");
	assert_int_equal(d.reissue_count, 0);
	assert_int_equal(d.prints, 0);
	assert_string_equal(reg_values_get(d.holder, d.n_holder, "family_name"), "山田");
	assert_string_equal(reg_values_get(d.holder, d.n_holder, "birth_date"), "1990-04-01");

	assert_int_equal(cert_print_record(f->db, &tanaka, d.id, "spool:/tmp/a.pdf",
	    "00ff", 1, &cause), 0);
	assert_int_equal(cert_print_record(f->db, &tanaka, d.id, "printer:desk1", "00ee", 0,
	    &cause), 0);
	assert_int_equal(cert_print_record(f->db, &tanaka, d.id, "printer:desk1", "00ee", 1,
	    &cause), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM cert_prints"), 3);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'cert.print' AND result = 'ok' AND detail LIKE 'spool:/tmp/a.pdf sha256:00ff'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'cert.reprint' AND result = 'failed'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'cert.reprint' AND result = 'ok' AND user = 'tanaka'"), 1);
	expect_refused(cert_print_record(f->db, &tanaka, "no-such-id", "spool:x", "00",
	    1, &cause), &cause, "no such certificate");
	assert_int_not_equal(sqlite3_exec(f->db->h, "DELETE FROM cert_prints", NULL, NULL,
	    NULL), SQLITE_OK);
	cert_doc_clear(&d);
	assert_int_equal(cert_doc_load(f->db, &tanaka, ids.registration, &d, &cause), 0);
	assert_int_equal(d.prints, 2);
	cert_doc_clear(&d);

	/* Not for a cancelled registration; a void certificate stays void. */
	set_status(f, &ids, "cancelled", "cancel", "免状取消処分");
	expect_refused(cert_doc_load(f->db, &tanaka, ids.registration, &d, &cause), &cause,
	    "cancelled");
	assert_int_not_equal(sqlite3_exec(f->db->h, "UPDATE certificates SET status = 'void', "
	    "voided_at = 'x'; UPDATE certificates SET status = 'valid', voided_at = NULL",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM certificates WHERE status = "
	    "'void'"), 1);
}

/*
 * How a certificate left (issue 24): only a printed one, once; handed over, or mailed
 * with its tracking number (full-width taken); never in the future.
 */
static void
test_delivery(void **state)
{
	struct fixture		*f = *state;
	struct cert_delivery	 d;
	struct cert_doc		 doc;
	struct ids		 ids;
	char			*cause = NULL;

	register_holder(f, holder_typed, N_HOLDER, &ids);
	if (cert_doc_load(f->db, &tanaka, ids.registration, &doc, &cause) != 0)
		fail_msg("load: %s", cause);
	expect_refused(cert_delivery_record(f->db, &tanaka, ids.registration, "counter", "",
	    NULL, &cause), &cause, "not printed yet");
	/* A failed print is no paper. */
	assert_int_equal(cert_print_record(f->db, &tanaka, doc.id, "printer:desk1", "00ee", 0,
	    &cause), 0);
	expect_refused(cert_delivery_record(f->db, &tanaka, ids.registration, "counter", "",
	    NULL, &cause), &cause, "not printed yet");
	assert_int_equal(cert_print_record(f->db, &tanaka, doc.id, "spool:/tmp/a.pdf", "00ff",
	    1, &cause), 0);
	cert_doc_clear(&doc);
	assert_int_equal(cert_delivery_get(f->db, ids.registration, &d, &cause), 1);
	expect_refused(cert_delivery_record(f->db, &tanaka, ids.registration, "fax", "", NULL,
	    &cause), &cause, "counter or mailed");
	expect_refused(cert_delivery_record(f->db, &tanaka, ids.registration, "mail", "",
	    "", &cause), &cause, "Tracking number");
	expect_refused(cert_delivery_record(f->db, &tanaka, ids.registration, "mail", "",
	    "12; DROP", &cause), &cause, "Tracking number");
	expect_refused(cert_delivery_record(f->db, &tanaka, ids.registration, "mail",
	    "2999-01-01", "1234-5678", &cause), &cause, "future");
	expect_refused(cert_delivery_record(f->db, &tanaka, ids.registration, "mail",
	    "2026-02-30", "1234-5678", &cause), &cause, "");
	expect_refused(cert_delivery_record(f->db, &tanaka, "no-such-registration", "counter",
	    "", NULL, &cause), &cause, "no valid certificate");
	assert_int_equal(cert_delivery_record(f->db, &tanaka, ids.registration, "mail",
	    "令和6年4月2日", "１２３４ー５６７８", &cause), 0);
	assert_int_equal(cert_delivery_get(f->db, ids.registration, &d, &cause), 0);
	assert_string_equal(d.method, "mail");
	assert_string_equal(d.delivered_on, "2024-04-02");
	assert_string_equal(d.tracking_number, "1234-5678");
	assert_string_equal(d.recorded_by, "tanaka");
	expect_refused(cert_delivery_record(f->db, &tanaka, ids.registration, "counter", "",
	    NULL, &cause), &cause, "recorded already");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'cert.delivery' AND detail = 'mail 1234-5678'"), 1);
	assert_int_not_equal(sqlite3_exec(f->db->h, "UPDATE cert_deliveries SET method = "
	    "'counter'", NULL, NULL, NULL), SQLITE_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_certificate, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_reissue_lost, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_four_eyes, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_delivery, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refused_status, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_cancelled_before_approval, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rewrite, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_number_from_block, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_legacy_registration, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_print_log, setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
