/*
 * The merge and split of two holders found to be one person, and the duplicate check when
 * a supervisor approves a new holder (db/register/register-merge.c,
 * register-dups-approval.c, issue 25): what moves and what stays, the history of both,
 * each refusal with nothing changed, and the sync rules taking what is written.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "db-internal.h"
#include "juki/juki-store.h"
#include "register/holders.h"
#include "register/register-merge.h"
#include "register/register.h"
#include "sync/sync-rules.h"
#include "testutil.h"
#include "xmalloc.h"

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor sato = { "sato", "supervisor", "tty1", 0 };
static const struct actor suzuki = { "suzuki", "supervisor", "tty1", 0 };
static const struct actor tanaka = { "tanaka", "clerk", "tty1", 0 };

#define KV(k, v)	{ (char *)(k), (char *)(v) }

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
	return 0;
}

static void
holder(struct fixture *f, const char *family, const char *given, const char *fkana,
    const char *gkana, const char *birth, const char *mynumber, const char *cert,
    char id[37])
{
	struct holder_record	 h;
	char			*cause = NULL;

	memset(&h, 0, sizeof h);
	h.family_name = family;
	h.given_name = given;
	h.family_kana = fkana;
	h.given_kana = gkana;
	h.sex = 2;
	h.birth_date = birth;
	h.mynumber = mynumber;
	h.qualification = "building-hygiene";
	h.certificate_number = cert;
	h.issue_date = "2010-06-01";
	h.route = "exam";
	if (holder_import(f->db, &root_admin, &h, &cause) != 0)
		fail_msg("holder_import: %s", cause);
	memcpy(id, h.id, 37);
}

static void
expect_refused(int rc, char **cause, const char *part)
{
	assert_int_equal(rc, -1);
	assert_non_null(*cause);
	if (strstr(*cause, part) == NULL)
		fail_msg("message '%s' does not say '%s'", *cause, part);
	free(*cause);
	*cause = NULL;
}

static void
decide_ok(struct fixture *f, const struct actor *who, const char *id)
{
	char	*cause = NULL;

	if (application_decide(f->db, who, id, 1, "確認済み", &cause) != 0)
		fail_msg("decide: %s", cause);
}

static int
hits(struct fixture *f, const char *name)
{
	struct search_query	 q;
	struct search_hit	*h;
	size_t			 n;
	char			*cause = NULL;
	int			 more;

	memset(&q, 0, sizeof q);
	q.name = name;
	if (register_search(f->db, &sato, &q, &h, &n, &more, &cause) != 0)
		fail_msg("search: %s", cause);
	search_hits_free(h, n);
	return (int)n;
}

static int64_t
count_of(struct fixture *f, const char *fmt, const char *a, const char *b)
{
	char	*sql;
	int64_t	 n;

	sql = sqlite3_mprintf(fmt, a, b);
	n = db_count(f->db, sql);
	sqlite3_free(sql);
	return n;
}

/* Everything the terminal wrote is taken by the sync rules. */
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
test_merge_and_split(void **state)
{
	struct fixture		*f = *state;
	struct holder_view	 h;
	char			 a[37], b[37], id[37], *cause = NULL;
	size_t			 i;
	int			 merge_events = 0, issue_events = 0;

	holder(f, "山田", "花子", "ヤマダ", "ハナコ", "1990-04-01", "123456789018", "BH-1", a);
	holder(f, "山田", "花子", "ヤマダ", "ハナコ", "1990-04-01", NULL, "BH-2", b);
	assert_int_equal(hits(f, "山田"), 2);

	/* The clerk names the kept holder by a certificate number; a supervisor approves. */
	if (merge_submit(f->db, &tanaka, b, "BH-1", "同一人と確認", id, &cause) != 0)
		fail_msg("merge_submit: %s", cause);
	assert_int_equal(count_of(f, "SELECT count(*) FROM applications WHERE id = '%q' AND "
	    "kind = 'merge' AND holder_id = '%q' AND status = 'pending'", id, b), 1);
	/* A clerk does not approve. */
	expect_refused(application_decide(f->db, &tanaka, id, 1, "", &cause), &cause,
	    "");
	decide_ok(f, &sato, id);

	/* B's registration is A's now; B stays, marked, out of search but open by id. */
	assert_int_equal(count_of(f, "SELECT count(*) FROM registrations WHERE holder_id = "
	    "'%q'%s", a, ""), 2);
	assert_int_equal(count_of(f, "SELECT count(*) FROM holders WHERE id = '%q' AND "
	    "merged_into = '%q' AND erased = 0", b, a), 1);
	assert_int_equal(hits(f, "山田"), 1);
	assert_int_equal(hits(f, "ヤマダ"), 1);
	assert_int_equal(count_of(f, "SELECT count(*) FROM events WHERE kind = 'merge' AND "
	    "holder_id IN ('%q', '%q') AND json_extract(before_json, '$.merged_registrations') "
	    "= (SELECT id FROM registrations WHERE certificate_number = 'BH-2')", a, b), 2);
	assert_int_equal(count_of(f, "SELECT count(*) FROM events WHERE kind = 'merge' AND "
	    "holder_id = '%q' AND json_extract(before_json, '$.merge_holder_id') = '%q'", b, a),
	    1);
	/* The history line's words: the other holder by name, what moved by number. */
	{
		sqlite3_stmt	*stmt;
		char		*other, *certs;

		assert_int_equal(sqlite3_prepare_v2(f->db->h, "SELECT before_json FROM events "
		    "WHERE kind = 'merge' AND holder_id = ?1", -1, &stmt, NULL), SQLITE_OK);
		sqlite3_bind_text(stmt, 1, a, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
		assert_int_equal(merge_event_words(f->db, (const char *)
		    sqlite3_column_text(stmt, 0), &other, &certs), 0);
		sqlite3_finalize(stmt);
		assert_string_equal(other, "山田 花子");
		assert_string_equal(certs, "BH-2");
		free(other);
		free(certs);
		assert_int_equal(merge_event_words(f->db, "{\"status\":\"valid\"}", &other,
		    &certs), -1);
		assert_null(other);
	}
	/* A merged holder is no candidate of the duplicate check: the person is A. */
	{
		static const struct reg_value me[] = { KV("family_kana", "ヤマダ"),
		    KV("given_kana", "ハナコ"), KV("birth_date", "1990-04-01") };
		struct reg_duplicate	*d;
		size_t			 nd;

		if (reg_duplicates(f->db, me, 3, &d, &nd, &cause) != 0)
			fail_msg("dups: %s", cause);
		assert_int_equal((int)nd, 1);
		assert_string_equal(d[0].holder_id, a);
		reg_duplicates_free(d, nd);
	}
	if (holder_view(f->db, &sato, b, &h, &cause) != 0)
		fail_msg("holder_view: %s", cause);
	for (i = 0; i < h.n_events; i++) {
		merge_events += strcmp(h.events[i].kind, "merge") == 0;
		issue_events += strcmp(h.events[i].kind, "issue") == 0;
	}
	/* The history of B is kept where it was written, with the merge added. */
	assert_int_equal(merge_events, 1);
	assert_int_equal(issue_events, 1);
	assert_int_equal((int)h.n_registrations, 0);
	holder_view_clear(&h);
	assert_int_equal(count_of(f, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.merge' AND target LIKE 'holder:%q%%'", a, ""), 1);
	assert_int_equal(count_of(f, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.merge.apply' AND target LIKE 'holder:%q%%'", b, ""), 1);

	/* Applications go to the holder kept: a correction of the merged one is refused. */
	{
		static const struct reg_value addr[] = {
			KV("address1", "東京都港区"), KV("event_date", "2024-04-01"),
			KV("reason_text", "転居"),
		};

		expect_refused(application_submit(f->db, &tanaka, APP_CORRECTION, b, NULL,
		    addr, 3, id, &cause), &cause, "apply on the holder kept");
	}
	/* Merged: neither merged again nor kept; the kept one is not split. */
	expect_refused(merge_submit(f->db, &tanaka, a, b, "再度", id, &cause), &cause,
	    "already merged");
	expect_refused(split_submit(f->db, &tanaka, a, "別人", id, &cause), &cause,
	    "is not merged");

	/* The split brings back exactly what moved: two holders again. */
	if (split_submit(f->db, &tanaka, b, "別人と判明", id, &cause) != 0)
		fail_msg("split_submit: %s", cause);
	decide_ok(f, &suzuki, id);
	assert_int_equal(count_of(f, "SELECT count(*) FROM registrations WHERE holder_id = "
	    "'%q' AND certificate_number = 'BH-2'%s", b, ""), 1);
	assert_int_equal(count_of(f, "SELECT count(*) FROM registrations WHERE holder_id = "
	    "'%q' AND certificate_number = 'BH-1'%s", a, ""), 1);
	assert_int_equal(count_of(f, "SELECT count(*) FROM holders WHERE merged_into IS NOT "
	    "NULL%s%s", "", ""), 0);
	assert_int_equal(count_of(f, "SELECT count(*) FROM events WHERE kind = 'split' AND "
	    "holder_id IN ('%q', '%q')", a, b), 2);
	assert_int_equal(hits(f, "山田"), 2);
	assert_int_equal(count_of(f, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.split' AND target LIKE 'holder:%q%%'", b, ""), 1);
	/* The merged_into of both changes went to the outbox, and the rules take them. */
	assert_int_equal(count_of(f, "SELECT count(*) FROM outbox WHERE entity = 'holder' AND "
	    "json_extract(payload, '$.merged_into') = '%q' AND entity_id = '%q'", a, b), 1);
	outbox_synced(f);
}

static void
test_merge_refusals(void **state)
{
	struct fixture	*f = *state;
	char		 a[37], b[37], c[37], d[37], e[37], id[37], *cause = NULL;
	static const struct reg_value addr[] = {
		KV("address1", "東京都港区"), KV("event_date", "2024-04-01"),
		KV("reason_text", "転居"),
	};
	int64_t		 apps;

	holder(f, "山田", "花子", "ヤマダ", "ハナコ", "1990-04-01", "123456789018", "BH-1", a);
	holder(f, "山田", "花子", "ヤマダ", "ハナコ", "1990-04-01", NULL, "BH-2", b);
	holder(f, "山田", "花子", "ヤマダ", "ハナコ", "1990-04-01", "000000000019", "BH-3", c);
	holder(f, "佐藤", "一郎", "サトウ", "イチロウ", "1980-01-01", NULL, "BH-4", d);
	holder(f, "鈴木", "次郎", "スズキ", "ジロウ", "1981-01-01", NULL, "BH-5", e);
	assert_int_equal(db_exec(f->db, "UPDATE holders SET erased = 1 WHERE family_name = "
	    "'佐藤'", NULL), 0);
	apps = db_count(f->db, "SELECT count(*) FROM applications");

	expect_refused(merge_submit(f->db, &tanaka, b, b, "同一人", id, &cause), &cause,
	    "not merged into itself");
	expect_refused(merge_submit(f->db, &tanaka, b, "BH-2", "同一人", id, &cause), &cause,
	    "not merged into itself");
	expect_refused(merge_submit(f->db, &tanaka, b, d, "同一人", id, &cause), &cause,
	    "is erased");
	expect_refused(merge_submit(f->db, &tanaka, d, b, "同一人", id, &cause), &cause,
	    "is erased");
	expect_refused(merge_submit(f->db, &tanaka, a, c, "同一人", id, &cause), &cause,
	    "different My Numbers");
	expect_refused(merge_submit(f->db, &tanaka, a, b, "同一人", id, &cause), &cause,
	    "merge the other way");
	expect_refused(merge_submit(f->db, &tanaka, b, "BH-99", "同一人", id, &cause), &cause,
	    "no holder with the id or certificate number BH-99");
	expect_refused(merge_submit(f->db, &tanaka, b, a, "  ", id, &cause), &cause,
	    "needs the reason");
	/* sato may file too (register.apply), but another supervisor decides it. */
	if (merge_submit(f->db, &sato, b, a, "同一人", id, &cause) != 0)
		fail_msg("merge_submit: %s", cause);
	expect_refused(application_decide(f->db, &sato, id, 1, "", &cause), &cause,
	    "your own application");
	/* That one waits now: both of its holders are busy. */
	expect_refused(merge_submit(f->db, &tanaka, e, a, "同一人", id, &cause), &cause,
	    "waiting for a supervisor");
	expect_refused(merge_submit(f->db, &tanaka, b, e, "同一人", id, &cause), &cause,
	    "waiting for a supervisor");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications"), apps + 1);

	/* A holder with another application waiting: named by its kind. */
	if (application_submit(f->db, &tanaka, APP_CORRECTION, e, NULL, addr, 3, id,
	    &cause) != 0)
		fail_msg("correction: %s", cause);
	expect_refused(merge_submit(f->db, &suzuki, e, c, "同一人", id, &cause), &cause,
	    "(correction) waiting for a supervisor");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications"), apps + 2);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders WHERE merged_into IS "
	    "NOT NULL"), 0);
}

/* The rules again at approval: the register changed after the filing. */
static void
test_merge_checked_at_approval(void **state)
{
	struct fixture	*f = *state;
	char		 a[37], b[37], id[37], *cause = NULL;

	holder(f, "山田", "花子", "ヤマダ", "ハナコ", "1990-04-01", NULL, "BH-1", a);
	holder(f, "山田", "花子", "ヤマダ", "ハナコ", "1990-04-01", NULL, "BH-2", b);
	if (merge_submit(f->db, &tanaka, b, a, "同一人", id, &cause) != 0)
		fail_msg("merge_submit: %s", cause);
	assert_int_equal(db_exec(f->db, "UPDATE holders SET erased = 1 WHERE id IN (SELECT "
	    "holder_id FROM registrations WHERE certificate_number = 'BH-1')", NULL), 0);
	expect_refused(application_decide(f->db, &sato, id, 1, "", &cause), &cause,
	    "is erased");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE status = "
	    "'pending' AND kind = 'merge'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM registrations r JOIN holders h "
	    "ON h.id = r.holder_id WHERE r.certificate_number = 'BH-2' AND h.erased = 0"), 1);
	/* Rejected, it changes nothing either. */
	if (application_decide(f->db, &sato, id, 0, "消除済み", &cause) != 0)
		fail_msg("reject: %s", cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM events WHERE kind = 'merge'"),
	    0);
}

/* A split refused when the merge can no longer be undone as one answer. */
static void
test_split_ambiguous(void **state)
{
	struct fixture	*f = *state;
	char		 a[37], b[37], c[37], id[37], *cause = NULL;

	holder(f, "山田", "花子", "ヤマダ", "ハナコ", "1990-04-01", NULL, "BH-1", a);
	holder(f, "山田", "花子", "ヤマダ", "ハナコ", "1990-04-01", NULL, "BH-2", b);
	holder(f, "山田", "花子", "ヤマダ", "ハナコ", "1990-04-01", NULL, "BH-3", c);
	if (merge_submit(f->db, &tanaka, b, a, "同一人", id, &cause) != 0)
		fail_msg("merge_submit: %s", cause);
	decide_ok(f, &sato, id);
	/* The kept holder is merged on into a third: that merge is split first. */
	if (merge_submit(f->db, &tanaka, a, c, "同一人", id, &cause) != 0)
		fail_msg("merge_submit: %s", cause);
	decide_ok(f, &sato, id);
	assert_int_equal(count_of(f, "SELECT count(*) FROM registrations WHERE holder_id = "
	    "'%q'%s", c, ""), 3);
	expect_refused(split_submit(f->db, &tanaka, b, "別人", id, &cause), &cause,
	    "split that merge first");
	if (split_submit(f->db, &tanaka, a, "別人", id, &cause) != 0)
		fail_msg("split_submit: %s", cause);
	decide_ok(f, &suzuki, id);
	/* A's own and B's (which A had) go back to A; C keeps its own. */
	assert_int_equal(count_of(f, "SELECT count(*) FROM registrations WHERE holder_id = "
	    "'%q'%s", a, ""), 2);
	if (split_submit(f->db, &tanaka, b, "別人", id, &cause) != 0)
		fail_msg("split_submit: %s", cause);
	decide_ok(f, &suzuki, id);
	assert_int_equal(count_of(f, "SELECT count(*) FROM registrations WHERE holder_id = "
	    "'%q'%s", b, ""), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders WHERE merged_into IS "
	    "NOT NULL"), 0);
	outbox_synced(f);
}

/* Two filings for one person, neither approved when the other was filed. */
static const struct reg_value person[] = {
	KV("family_name", "渡辺"), KV("given_name", "賢治"),
	KV("family_kana", "ワタナベ"), KV("given_kana", "ケンジ"),
	KV("sex", "1"), KV("birth_date", "1970-01-01"), KV("address1", "東京都千代田区"),
	KV("qualification", "1"), KV("application_date", "2020-04-01"),
	KV("reception_date", "2020-04-02"), KV("issue_date", "2020-05-01"),
	KV("route", "exam"), KV("certificate_number", "BH-100"),
};
#define N_PERSON	(sizeof person / sizeof person[0])

static void
test_duplicates_at_approval(void **state)
{
	struct fixture		*f = *state;
	struct reg_value	 v[N_PERSON];
	struct reg_duplicate	*d;
	size_t			 nd;
	char			 first[37], second[37], *cause = NULL;

	memcpy(v, person, sizeof person);
	if (application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, v, N_PERSON,
	    first, &cause) != 0)
		fail_msg("submit: %s", cause);
	v[N_PERSON - 1].value = (char *)"BH-101";
	if (application_submit(f->db, &tanaka, APP_REGISTRATION, NULL, NULL, v, N_PERSON,
	    second, &cause) != 0)
		fail_msg("submit: %s", cause);
	/* The first: no holder on the register yet, approved as ever. */
	if (reg_duplicates_at_approval(f->db, &sato, first, &d, &nd, &cause) != 0)
		fail_msg("dups: %s", cause);
	assert_int_equal((int)nd, 0);
	decide_ok(f, &sato, first);
	/* The second meets the first as a holder now: not approved without the reason. */
	if (reg_duplicates_at_approval(f->db, &sato, second, &d, &nd, &cause) != 0)
		fail_msg("dups: %s", cause);
	assert_int_equal((int)nd, 1);
	assert_string_equal(d[0].name, "渡辺 賢治");
	reg_duplicates_free(d, nd);
	expect_refused(application_decide(f->db, &sato, second, 1, "", &cause), &cause,
	    "confirm a different person");
	expect_refused(application_approve_different(f->db, &sato, second, "  ", "", &cause),
	    &cause, "confirm a different person");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders"), 1);
	if (application_approve_different(f->db, &sato, second, "住所と筆跡が別人", "確認",
	    &cause) != 0)
		fail_msg("approve: %s", cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders"), 2);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM applications WHERE "
	    "decision_comment = 'Different person (別人): 住所と筆跡が別人 / 確認'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'register.duplicate.approve'"), 1);
	outbox_synced(f);
}

/*
 * A merged holder is not a person of his own: the periodic Juki-net check counts and
 * asks about the holder kept only, not the same person twice.
 */
static void
test_merged_not_checked(void **state)
{
	struct fixture			*f = *state;
	struct juki_job			 job;
	struct juki_batch_holder	*bh;
	size_t				 n, i;
	char				 a[37], b[37], c[37], id[37], *cause = NULL;

	holder(f, "山田", "花子", "ヤマダ", "ハナコ", "1990-04-01", "123456789018", "BH-1", a);
	holder(f, "山田", "花子", "ヤマダ", "ハナコ", "1990-04-01", NULL, "BH-2", b);
	holder(f, "川口", "次郎", "カワグチ", "ジロウ", "1985-02-03", NULL, "BH-3", c);
	if (merge_submit(f->db, &tanaka, b, "BH-1", "同一人と確認", id, &cause) != 0)
		fail_msg("merge_submit: %s", cause);
	decide_ok(f, &sato, id);

	if (juki_job_start(f->db, &sato, "2026-11-23", "2019-01-01", 10, &job, &cause) != 0)
		fail_msg("juki_job_start: %s", cause);
	assert_int_equal((int)job.total, 2);
	if (db_begin(f->db, &cause) != 0)
		fail_msg("begin: %s", cause);
	if (juki_job_take_batch(f->db, &sato, job.id, &bh, &n, &cause) != 0)
		fail_msg("take_batch: %s", cause);
	assert_int_equal((int)n, 2);
	for (i = 0; i < n; i++)
		if (strcmp(bh[i].id, b) == 0)
			fail_msg("the merged holder %s is in the periodic check", b);
	juki_batch_free(bh, n);
	if (db_finish(f->db, 0, &cause) != 0)
		fail_msg("commit: %s", cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_merge_and_split, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_merge_refusals, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_merge_checked_at_approval, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_split_ambiguous, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_duplicates_at_approval, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_merged_not_checked, setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
