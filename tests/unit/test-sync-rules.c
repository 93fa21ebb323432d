/*
 * The rules of synced values (db/sync/sync-rules.c): each kind of member takes its valid
 * form and refuses the others with a message that names the member and shows the value
 * escaped; and every payload this terminal's own register code writes passes them.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "db-internal.h"
#include "i18n.h"
#include "sync/sync-rules.h"
#include "sync/sync-store.h"
#include "testutil.h"
#include "xmalloc.h"

static const struct actor root = { "root", "os-admin", "pts/0", 1 };

#define HOLDER_ID	"01a24401-9226-7000-984f-32ff14036d58"

static const char holder_ok[] = "{\"id\":\"" HOLDER_ID "\",\"family_name\":\"山田\","
    "\"given_name\":\"花子\",\"family_kana\":\"ヤマダ\",\"given_kana\":\"ハナコ\","
    "\"sex\":2,\"birth_date\":\"1990-04-01\",\"honseki_pref\":\"13\",\"postal_code\":"
    "\"1000001\",\"address1\":\"東京都千代田区\",\"address2\":\"\",\"has_gaiji\":0,"
    "\"erased\":0}";

/* The payload with one member's JSON value replaced (or added). */
static char *
with(const char *base, const char *member, const char *json)
{
	const char	*p, *end;
	char		*key, *out;

	xasprintf(&key, "\"%s\":", member);
	if ((p = strstr(base, key)) == NULL) {
		xasprintf(&out, "%.*s,%s%s}", (int)(strlen(base) - 1), base, key, json);
		free(key);
		return out;
	}
	p += strlen(key);
	for (end = p; *end != ',' && *end != '}'; end++) {
		if (*end == '"')
			for (end++; *end != '"'; end++)
				if (*end == '\\')
					end++;
	}
	xasprintf(&out, "%.*s%s%s", (int)(p - base), base, json, end);
	free(key);
	return out;
}

/* Refused, with a message holding want. */
static void
refused(const char *entity, const char *payload, const char *want)
{
	char	*cause = NULL;

	if (sync_payload_check(entity, payload, NULL, &cause) != 1)
		fail_msg("accepted: %s", payload);
	if (strstr(cause, want) == NULL)
		fail_msg("\"%s\" does not hold \"%s\"", cause, want);
	assert_null(strchr(cause, '\033'));
	free(cause);
}

static void
accepted(const char *entity, const char *payload)
{
	char	*cause = NULL;

	if (sync_payload_check(entity, payload, NULL, &cause) != 0)
		fail_msg("refused: %s: %s", payload, cause);
}

static void
test_holder(void **state)
{
	static const struct {
		const char	*member;
		const char	*json;
		const char	*want;
	} bad[] = {
		{ "family_name", "\"\\u001b]0;x\\u0007山\"", "\\x1b]0;x\\x07山" },
		{ "family_name", "\"\\u202e名\"", "\\u202e名" },
		{ "family_name", "\"\\u200f名\"", "\\u200f名" },
		{ "family_name", "\"\\u0085名\"", "\\u0085名" },
		{ "given_kana", "\"abc\"", "member given_kana" },
		{ "sex", "3", "member sex" },
		{ "birth_date", "\"1990-02-30\"", "member birth_date" },
		{ "birth_date", "\"平成2年4月1日\"", "not in its checked form" },
		{ "honseki_pref", "\"48\"", "member honseki_pref" },
		{ "postal_code", "\"100-0001\"", "not in its checked form" },
		{ "address1", "\"" "0123456789012345678901234567890123456789"
		    "012345678901234567890\"", "too long" },
		{ "has_gaiji", "2", "member has_gaiji has a value of the wrong form" },
		{ "erased", "\"0\"", "member erased" },
		{ "id", "\"not-a-uuid\"", "member id" },
		{ "id", "\"01A24401-9226-7000-984F-32FF14036D58\"", "member id" },
		{ "id", "\"01a24401-9226-7000-984f-32ff1403-d58\"", "member id" },
		{ "id", "\"00000000----------------------------\"", "member id" },
		{ "is_admin", "1", "unknown member \"is_admin\"" },
		{ "\\u001bx", "1", "unknown member \"\\x1bx\"" },
		{ "family_name", "{\"a\":1}", "member family_name" },
		{ "family_name", "null", "may not be null" },
		/* Not UTF-8: a long run of continuation bytes (found by fuzz-pull-apply). */
		{ "address2", "\"\xe4\xb8\x81" "\x90\x90\x90\x90\x90\x90\x90\x90\x90\x90"
		    "\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83"
		    "\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83"
		    "\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83"
		    "\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83"
		    "\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83"
		    "\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83"
		    "\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83"
		    "\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83"
		    "\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83"
		    "\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83"
		    "\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83"
		    "\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83"
		    "\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83"
		    "\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83"
		    "\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\x83\"",
		    "member address2 \"丁\\x90\\x90\\x90\\x90\\x90\\x90\\x90\\x90\\x90\\x90\\x83" },
	};
	size_t	 i;
	char	*p;

	(void)state;
	accepted("holder", holder_ok);
	/* An empty item passes: whether it may be empty is the form's rule. */
	p = with(holder_ok, "given_name", "\"\"");
	accepted("holder", p);
	free(p);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		p = with(holder_ok, bad[i].member, bad[i].json);
		refused("holder", p, bad[i].want);
		free(p);
	}
	refused("holder", "[1,2]", "not a JSON object");
	refused("holder", "{\"id\":", "not a JSON object");
}

static void
test_other_entities(void **state)
{
	(void)state;
	accepted("event", "{\"id\":\"" HOLDER_ID "\",\"registration_id\":null,"
	    "\"holder_id\":\"" HOLDER_ID "\",\"kind\":\"correct\",\"event_date\":\"2026-11-01\","
	    "\"reason_code\":\"\",\"reason_text\":\"転居\",\"before\":{\"address1\":\"大阪府\"},"
	    "\"sensitive\":0,\"created_by\":\"tanaka\",\"approved_by\":\"suzuki\","
	    "\"created_at\":\"2026-12-05T02:21:23.920Z\"}");
	/* An erasure (消除) keeps the registration's earlier status as its before. */
	accepted("event", "{\"id\":\"" HOLDER_ID "\",\"registration_id\":\""
	    HOLDER_ID "\",\"holder_id\":\"" HOLDER_ID "\",\"kind\":\"erase\","
	    "\"event_date\":\"2026-11-01\",\"reason_code\":\"\",\"reason_text\":\"死亡\","
	    "\"before\":{\"status\":\"valid\"},\"sensitive\":0,\"created_by\":\"tanaka\","
	    "\"approved_by\":\"suzuki\",\"created_at\":\"2026-12-05T02:21:23.920Z\"}");
	refused("event", "{\"before\":{\"status\":\"gone\"}}", "member status");
	refused("event", "{\"kind\":\"explode\"}", "member kind");
	refused("event", "{\"created_by\":\"-rf\"}", "member created_by");
	refused("event", "{\"created_at\":\"2026-12-05 02:21:23\"}", "member created_at");
	refused("event", "{\"before\":{\"is_admin\":1}}", "unknown member \"is_admin\"");
	refused("event", "{\"before\":{\"family_name\":\"\\u202e\"}}", "\\u202e");
	refused("event", "{\"before\":[1]}", "member before");
	/* Days that are no register item are dates too, in the stored form. */
	accepted("event", "{\"kind\":\"suspend\",\"until_date\":\"2027-01-31\"}");
	accepted("event", "{\"until_date\":null}");
	refused("event", "{\"until_date\":\"2027-02-30\"}", "member until_date");
	refused("event", "{\"until_date\":\"R9.1.31\"}", "not in its checked form");
	refused("refusal", "{\"refusal_date\":\"soon\"}", "member refusal_date");
	refused("reception", "{\"received_on\":\"2026-13-01\"}",
	    "member received_on");
	refused("enquiry", "{\"received_on\":\"2026/04/01\"}", "received_on");
	refused("application", "{\"payload\":{\"action_until\":\"2026-04-31\"}}",
	    "member action_until");

	accepted("application", "{\"id\":\"" HOLDER_ID "\",\"kind\":\"correction\","
	    "\"holder_id\":\"" HOLDER_ID "\",\"registration_id\":null,\"payload\":"
	    "{\"_base_version\":1,\"address2\":\"X\",\"event_date\":\"2026-11-01\","
	    "\"reason_text\":\"同期試験\"},\"status\":\"pending\",\"requested_by\":\"tanaka\","
	    "\"requested_at\":\"2026-12-05T02:21:23.920Z\"}");
	refused("application", "{\"payload\":{\"_base_version\":\"1\"}}",
	    "member _base_version");
	refused("application", "{\"payload\":{\"payload\":{}}}",
	    "unknown member \"payload\"");
	refused("application", "{\"status\":\"approved!\"}", "member status");

	accepted("mynumber", "{\"holder_id\":\"" HOLDER_ID "\",\"mynumber\":"
	    "\"123456789018\",\"source\":\"typed\"}");
	refused("mynumber", "{\"mynumber\":\"123456789012\"}", "member mynumber");
	refused("registration", "{\"reissue_count\":-1}", "member reissue_count");
	refused("registration", "{\"qualification\":\"wizard\"}", "member qualification");
	refused("account", "{\"full_name\":\"a\\u0007\"}", "member full_name");
}

/* An account's rows, as the account code writes them, pass the rules. */
static void
test_own_outbox(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, *out = NULL;
	size_t		 len = 0;
	FILE		*report;

	if (account_first_supervisor(f->db, &root, "sato", "佐藤 一郎", &cause) != 0)
		fail_msg("%s", cause);
	fixture_account(f, "tanaka", "clerk", 0);
	report = open_memstream(&out, &len);
	assert_int_equal(sync_rules_check_outbox(f->db, report, &cause), 0);
	fclose(report);
	assert_string_equal(out, "");
	free(out);
}

/*
 * sync_rule_find passes over another entity's rules as one group: each entity's rules
 * must stand together, and each of its members be found, whichever entity was asked
 * before.
 */
static void
test_rules_grouped(void **state)
{
	const struct sync_rule	*r, *q, *found;

	(void)state;
	for (r = sync_rules; r->entity != NULL; r++) {
		if (r != sync_rules && strcmp(r[-1].entity, r->entity) == 0)
			continue;
		for (q = sync_rules; q < r; q++) {
			if (strcmp(q->entity, r->entity) == 0)
				fail_msg("the rules of %s are not together (%s.%s)", r->entity,
				    r->entity, r->member);
		}
	}
	for (r = sync_rules; r->entity != NULL; r++) {
		if (strcmp(r->member, "*") == 0)
			continue;
		found = sync_rule_find(r->entity, r->member);
		assert_non_null(found);
		assert_string_equal(found->entity, r->entity);
		assert_string_equal(found->member, r->member);
	}
	assert_null(sync_rule_find("holder", "no_such_member"));
	assert_null(sync_rule_find("no_such_entity", "id"));
	assert_non_null(sync_rule_find("erasure_record", "id"));
}

/*
 * The values a payload's check reads are those json_extract gives, in the members' order
 * (a pulled change binds them as they are), and a pulled change writes them so.
 */
static void
test_values(void **state)
{
	struct fixture		*f = *state;
	struct sync_values	 v;
	struct sync_options	 opts;
	struct sync_apply	*a;
	struct sync_change	 c;
	sqlite3_stmt		*stmt;
	char			*shape = NULL, *cause = NULL, *p;
	int64_t			 conflicts;

	memset(&v, 0, sizeof v);
	assert_int_equal(sync_payload_values("holder", holder_ok, &shape, &v, &cause), 0);
	assert_string_equal(shape, "id,family_name,given_name,family_kana,given_kana,sex,"
	    "birth_date,honseki_pref,postal_code,address1,address2,has_gaiji,erased");
	assert_int_equal(v.n, 13);
	assert_int_equal(v.read.members[1].type, JSON_TEXT);
	assert_string_equal(v.read.members[1].text, "山田");
	assert_int_equal(v.read.members[5].type, JSON_INTEGER);
	assert_int_equal(v.read.members[5].integer, 2);
	assert_string_equal(v.read.members[10].text, "");
	free(shape);
	/* A refused payload leaves none. */
	p = with(holder_ok, "sex", "3");
	assert_int_equal(sync_payload_values("holder", p, NULL, &v, &cause), 1);
	assert_int_equal(v.n, 0);
	free(p);
	free(cause);
	cause = NULL;
	/* Nor one that is not an object, after a payload that had values. */
	assert_int_equal(sync_payload_values("holder", holder_ok, NULL, &v, &cause), 0);
	assert_int_equal(sync_payload_values("holder", "[1]", NULL, &v, &cause), 1);
	assert_int_equal(v.n, 0);
	free(cause);
	cause = NULL;
	sync_values_free(&v);

	/* Written from another terminal: each column holds its member's value. */
	memset(&opts, 0, sizeof opts);
	memset(&c, 0, sizeof c);
	c.terminal_id = "T-OTHER";
	c.entity = "holder";
	c.entity_id = HOLDER_ID;
	c.version = 1;
	c.op = "insert";
	c.payload = holder_ok;
	assert_int_equal(sync_apply_begin(f->db, &opts, &a, &cause), 0);
	assert_int_equal(sync_apply_change(a, &c, &cause), 0);
	/* An update, and again of the same shape, as the changes of a batch: bound anew. */
	p = with(holder_ok, "remarks", "\"一\"");
	c.version = 2;
	c.op = "update";
	c.payload = p;
	assert_int_equal(sync_apply_change(a, &c, &cause), 0);
	free(p);
	p = with(holder_ok, "remarks", "\"二\"");
	c.version = 3;
	c.payload = p;
	assert_int_equal(sync_apply_change(a, &c, &cause), 0);
	free(p);
	/* A member twice: which value to write is not for the terminal to guess. */
	c.version = 4;
	c.payload = "{\"remarks\":\"三\",\"remarks\":\"四\"}";
	assert_int_equal(sync_apply_change(a, &c, &cause), 0);
	assert_int_equal(sync_apply_end(a, 1, 1, NULL, &cause), 0);
	stmt = db_prepare(f->db, "SELECT remarks, given_kana, sex, birth_date, address1, "
	    "address2, version FROM holders WHERE id = ?1", &cause);
	assert_non_null(stmt);
	sqlite3_bind_text(stmt, 1, HOLDER_ID, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "二");
	assert_string_equal((const char *)sqlite3_column_text(stmt, 1), "ハナコ");
	assert_int_equal(sqlite3_column_type(stmt, 2), SQLITE_INTEGER);
	assert_int_equal(sqlite3_column_int(stmt, 2), 2);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 3), "1990-04-01");
	assert_string_equal((const char *)sqlite3_column_text(stmt, 4), "東京都千代田区");
	assert_string_equal((const char *)sqlite3_column_text(stmt, 5), "");
	assert_int_equal(sqlite3_column_int(stmt, 6), 3);
	db_release(f->db, stmt);
	/* Worded in English and in Japanese, whatever this process's language. */
	stmt = db_prepare(f->db, "SELECT count(*) FROM sync_conflicts WHERE entity_id = ?1 AND "
	    "status = 'open' AND reason = 'member \"remarks\" appears twice' AND "
	    "reason_ja = '項目「remarks」が二度あります'", &cause);
	assert_non_null(stmt);
	sqlite3_bind_text(stmt, 1, HOLDER_ID, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	conflicts = sqlite3_column_int64(stmt, 0);
	db_release(f->db, stmt);
	assert_int_equal(conflicts, 1);
}

/* A pulled holder insert of HOLDER_ID's payload with id and one member replaced. */
static void
pull_holder(struct sync_change *c, const char *id, const char *member, const char *json,
    char **payload)
{
	char	*quoted, *p;

	xasprintf(&quoted, "\"%s\"", id);
	p = with(holder_ok, "id", quoted);
	*payload = with(p, member, json);
	free(p);
	free(quoted);
	memset(c, 0, sizeof *c);
	c->terminal_id = "T-OTHER";
	c->entity = "holder";
	c->entity_id = id;
	c->version = 1;
	c->op = "insert";
	c->payload = *payload;
}

/*
 * Pulled changes the reader refuses beyond json_valid (a string holding U+0000, which SQL
 * text would cut short; a number beyond 64 bits) go to the conflict queue with why, and
 * nothing of them reaches the register. So does a payload that is not JSON at all (the
 * store sends jsonb's text, so only a damaged or forged answer), kept as a JSON string of
 * its text; the batch goes on.
 */
static void
test_refused_pulls(void **state)
{
	static const struct {
		const char	*id, *member, *json, *want;
	} bad[] = {
		{ "01a24401-9226-7000-984f-32ff14036d61", "family_name", "\"山\\u0000田\"",
		    "not a JSON object" },
		{ "01a24401-9226-7000-984f-32ff14036d62", "sex", "18446744073709551617",
		    "member sex" },
	};
	struct fixture		*f = *state;
	struct sync_options	 opts;
	struct sync_apply	*a;
	struct sync_change	 c, c2;
	struct sync_conflict	 kept;
	struct sync_conflict_item *items;
	sqlite3_stmt		*stmt;
	char			*payload, *payload2, *sql, *own_wording, *cause = NULL;
	size_t			 i, n_items;

	memset(&opts, 0, sizeof opts);
	own_wording = xstrdup(_("the payload is not a JSON object"));
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		pull_holder(&c, bad[i].id, bad[i].member, bad[i].json, &payload);
		assert_int_equal(sync_apply_begin(f->db, &opts, &a, &cause), 0);
		if (sync_apply_change(a, &c, &cause) != 0)
			fail_msg("%s: %s", bad[i].id, cause);
		assert_int_equal(sync_apply_end(a, 1, 1, NULL, &cause), 0);
		free(payload);
		sql = sqlite3_mprintf("SELECT count(*) FROM sync_conflicts WHERE entity_id = %Q "
		    "AND status = 'open' AND reason LIKE '%%%q%%'", bad[i].id, bad[i].want);
		if (db_count(f->db, sql) != 1)
			fail_msg("%s: no open conflict saying \"%s\"", bad[i].id, bad[i].want);
		sqlite3_free(sql);
	}

	pull_holder(&c, "01a24401-9226-7000-984f-32ff14036d63", "given_name", "\"花子",
	    &payload);
	assert_int_equal(sync_apply_begin(f->db, &opts, &a, &cause), 0);
	if (sync_apply_change(a, &c, &cause) != 0)
		fail_msg("not JSON: %s", cause);
	/* The same batch's next change is written. */
	pull_holder(&c2, "01a24401-9226-7000-984f-32ff14036d64", "given_name", "\"花子\"",
	    &payload2);
	if (sync_apply_change(a, &c2, &cause) != 0)
		fail_msg("after it: %s", cause);
	assert_int_equal(sync_apply_end(a, 2, 1, NULL, &cause), 0);
	sql = sqlite3_mprintf("SELECT count(*) FROM sync_conflicts WHERE entity_id = "
	    "'01a24401-9226-7000-984f-32ff14036d63' AND status = 'open' AND reason LIKE "
	    "'%%not a JSON object%%' AND json_extract(remote_payload, '$') = %Q", payload);
	if (db_count(f->db, sql) != 1)
		fail_msg("no open conflict keeping the text of %s", payload);
	sqlite3_free(sql);
	/*
	 * The reason in both languages (the screens show the reader's), the check run again
	 * in each, and this process's own language as it was after.
	 */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM sync_conflicts WHERE entity_id "
	    "= '01a24401-9226-7000-984f-32ff14036d63' AND reason = 'refused by this "
	    "terminal''s checks: the payload is not a JSON object' AND reason_ja = "
	    "'この端末の検査で拒否: 内容が JSON オブジェクトではありません'"), 1);
	assert_string_equal(_("the payload is not a JSON object"), own_wording);
	/* Shown as one item: no member, the text. */
	memset(&kept, 0, sizeof kept);
	stmt = db_prepare(f->db, "SELECT remote_payload FROM sync_conflicts WHERE entity_id = "
	    "'01a24401-9226-7000-984f-32ff14036d63'", &cause);
	assert_non_null(stmt);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	kept.remote_payload = db_column_dup(stmt, 0);
	db_release(f->db, stmt);
	assert_int_equal(sync_conflict_items(f->db, &kept, &items, &n_items, &cause), 0);
	assert_int_equal(n_items, 1);
	assert_string_equal(items[0].member, "");
	assert_null(items[0].local);
	assert_string_equal(items[0].remote, payload);
	sync_conflict_items_free(items, n_items);
	free(kept.remote_payload);
	free(payload);
	free(payload2);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders WHERE id = "
	    "'01a24401-9226-7000-984f-32ff14036d64'"), 1);

	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders WHERE id LIKE "
	    "'01a24401-9226-7000-984f-32ff14036d6_'"), 1);
	free(own_wording);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_holder, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_other_entities, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_own_outbox, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test(test_rules_grouped),
		cmocka_unit_test_setup_teardown(test_values, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refused_pulls, fixture_setup,
		    fixture_teardown),
	};

	/* The catalogs (TEXTDOMAINDIR, tests.mk), for the reasons' Japanese wording. */
	i18n_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
