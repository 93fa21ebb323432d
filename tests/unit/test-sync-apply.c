/*
 * Applying pulled changes (db/sync/sync-store.c):
 * - the name index of pulled holders: a batch's holders are indexed together when the
 *   batch ends, as one segment of the index, and the index then finds each of them once,
 *   by the names the batch left them with;
 * - unsent local changes: a pulled change of a record this terminal has changed and not
 *   yet sent goes to the conflict queue, found through the outbox's one index by record
 *   (migration 35); once sent, the next change applies.
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

#include "db-internal.h"
#include "sync/outbox.h"
#include "sync/sync-store.h"
#include "testutil.h"
#include "xmalloc.h"

#define BATCH	30

static const char segments_sql[] = "SELECT count(DISTINCT segid) FROM holder_names_idx";

/* Holder n's id, a valid UUID of its own. */
static void
holder_id(int n, char id[37])
{
	snprintf(id, 37, "01a24401-9226-7000-984f-32ff1403%04d", n);
}

/* Holder n's payload, with the family name, its kana and the remarks given. */
static char *
holder_payload(int n, const char *family, const char *family_kana, const char *remarks)
{
	char	 id[37], *p;

	holder_id(n, id);
	xasprintf(&p, "{\"id\":\"%s\",\"family_name\":\"%s\",\"given_name\":\"花子\","
	    "\"family_kana\":\"%s\",\"given_kana\":\"ハナコ\",\"sex\":2,\"birth_date\":"
	    "\"1990-04-01\",\"honseki_pref\":\"13\",\"postal_code\":\"1000001\",\"address1\":"
	    "\"東京都千代田区\",\"address2\":\"\",\"remarks\":\"%s\",\"has_gaiji\":0,"
	    "\"erased\":0}", id, family, family_kana, remarks);
	return p;
}

/* Holder n's change from another terminal, applied in a's batch. */
static void
apply(struct sync_apply *a, int n, int64_t version, const char *family,
    const char *family_kana, const char *remarks)
{
	struct sync_change	 c;
	char			 id[37], *cause = NULL;

	holder_id(n, id);
	memset(&c, 0, sizeof c);
	c.terminal_id = "T-OTHER";
	c.entity = "holder";
	c.entity_id = id;
	c.version = version;
	c.op = version == 1 ? "insert" : "update";
	c.payload = holder_payload(n, family, family_kana, remarks);
	if (sync_apply_change(a, &c, &cause) != 0)
		fail_msg("holder %d version %lld: %s", n, (long long)version, cause);
	free((char *)c.payload);
}

/* The holders the name index finds by a phrase. */
static int64_t
found(struct db *db, const char *phrase)
{
	char	*sql;
	int64_t	 n;

	xasprintf(&sql, "SELECT count(*) FROM holder_names WHERE holder_names MATCH '\"%s\"'",
	    phrase);
	n = db_count(db, sql);
	free(sql);
	return n;
}

static void
test_names_once_a_batch(void **state)
{
	struct fixture		*f = *state;
	struct sync_options	 opts;
	struct sync_apply	*a;
	char			*cause = NULL;
	int64_t			 before;
	int			 i;

	memset(&opts, 0, sizeof opts);
	/* Segments kept as written, not merged, so that they can be counted. */
	assert_int_equal(db_exec(f->db, "INSERT INTO holder_names (holder_names, rank) "
	    "VALUES ('automerge', 0); INSERT INTO holder_names (holder_names, rank) VALUES "
	    "('crisismerge', 1000)", &cause), 0);
	before = db_count(f->db, segments_sql);

	/* A batch of new holders: one segment more, each holder found once. */
	assert_int_equal(sync_apply_begin(f->db, &opts, &a, &cause), 0);
	for (i = 0; i < BATCH; i++)
		apply(a, i, 1, i == 7 ? "鈴木" : "山田", i == 7 ? "スズキ" : "ヤマダ", "");
	assert_int_equal(sync_apply_end(a, 1, 1, NULL, &cause), 0);
	assert_int_equal(db_count(f->db, segments_sql), before + 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holder_names"), BATCH);
	assert_int_equal(found(f->db, "鈴木花子"), 1);
	assert_int_equal(found(f->db, "山田花子"), BATCH - 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM temp.sync_names_due"), 0);

	/*
	 * A holder indexed before the batch and changed in it, and a new one changed after
	 * its insert in the same batch: each in the index once, as the batch left it.
	 */
	assert_int_equal(sync_apply_begin(f->db, &opts, &a, &cause), 0);
	apply(a, 7, 2, "鈴木", "スズキ", "転居の届");
	apply(a, BATCH, 1, "佐藤", "サトウ", "");
	apply(a, BATCH, 2, "佐藤", "サトウ", "届");
	apply(a, 7, 3, "鈴木", "スズキ", "再度");
	assert_int_equal(sync_apply_end(a, 2, 1, NULL, &cause), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holder_names"), BATCH + 1);
	assert_int_equal(found(f->db, "鈴木花子"), 1);
	assert_int_equal(found(f->db, "佐藤花子"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holder_names WHERE "
	    "holder_names MATCH '\"鈴木花子\"' AND rowid = (SELECT rowid FROM holders WHERE "
	    "remarks = '再度')"), 1);

	/* A batch given up indexes nothing, then or with the next batch. */
	assert_int_equal(sync_apply_begin(f->db, &opts, &a, &cause), 0);
	apply(a, BATCH + 1, 1, "高橋", "タカハシ", "");
	assert_int_equal(sync_apply_end(a, 0, 0, NULL, NULL), -1);
	assert_int_equal(sync_apply_begin(f->db, &opts, &a, &cause), 0);
	apply(a, BATCH + 2, 1, "伊藤", "イトウ", "");
	assert_int_equal(sync_apply_end(a, 3, 1, NULL, &cause), 0);
	assert_int_equal(found(f->db, "高橋花子"), 0);
	assert_int_equal(found(f->db, "伊藤花子"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holder_names"), BATCH + 2);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders"), BATCH + 2);
}

/* Holder n's change from another terminal, in a batch of its own; the batch's figures. */
static struct sync_apply_stats
pull_one(struct db *db, int n, int64_t version, const char *remarks)
{
	struct sync_options	 opts;
	struct sync_apply_stats	 st;
	struct sync_apply	*a;
	char			*cause = NULL;

	memset(&opts, 0, sizeof opts);
	assert_int_equal(sync_apply_begin(db, &opts, &a, &cause), 0);
	apply(a, n, version, "山田", "ヤマダ", remarks);
	assert_int_equal(sync_apply_end(a, version, 1, &st, &cause), 0);
	return st;
}

/* Holder n changed at this terminal (version 2, remarks), in the outbox, not yet sent. */
static void
changed_here(struct db *db, int n, const char *remarks)
{
	char	 id[37], *payload, *cause = NULL;

	holder_id(n, id);
	payload = holder_payload(n, "山田", "ヤマダ", remarks);
	assert_int_equal(db_begin(db, &cause), 0);
	assert_int_equal(outbox_append(db, "holder", id, 2, OUTBOX_UPDATE, payload, &cause), 0);
	assert_int_equal(db_finish(db, 0, &cause), 0);
	free(payload);
}

static void
test_unsent_changes(void **state)
{
	struct fixture		*f = *state;
	struct sync_apply_stats	 st;
	sqlite3_stmt		*stmt;
	char			*cause = NULL, *plan = NULL, *next;

	/*
	 * The question the pull asks, answered from outbox_record, not from a scan; and no
	 * other index by record to keep up (migration 35).
	 */
	stmt = db_prepare(f->db, "EXPLAIN QUERY PLAN SELECT 1 FROM outbox WHERE pushed_at IS "
	    "NULL AND entity_id = ?1 AND entity = ?2", &cause);
	assert_non_null(stmt);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		xasprintf(&next, "%s%s;", plan != NULL ? plan : "",
		    (const char *)sqlite3_column_text(stmt, 3));
		free(plan);
		plan = next;
	}
	db_release(f->db, stmt);
	assert_non_null(plan);
	if (strstr(plan, "USING INDEX outbox_record (entity=? AND entity_id=?)") == NULL)
		fail_msg("plan: %s", plan);
	free(plan);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM sqlite_schema WHERE type = "
	    "'index' AND tbl_name = 'outbox' AND sql IS NOT NULL"), 2);

	/* Changed here and not sent: the pulled change waits for a supervisor. */
	st = pull_one(f->db, 1, 1, "");
	assert_int_equal(st.applied, 1);
	changed_here(f->db, 1, "ここで");
	st = pull_one(f->db, 1, 2, "よそで");
	assert_int_equal(st.applied, 0);
	assert_int_equal(st.conflicts, 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM sync_conflicts WHERE status = "
	    "'open' AND cause = 'changed-here'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders WHERE remarks = "
	    "'よそで'"), 0);

	/* Another holder's change, sent: the next pulled change applies. */
	st = pull_one(f->db, 2, 1, "");
	changed_here(f->db, 2, "送った");
	assert_int_equal(db_exec(f->db, "UPDATE outbox SET pushed_at = '2026-12-07T00:00:00Z'",
	    &cause), 0);
	st = pull_one(f->db, 2, 3, "よそで");
	assert_int_equal(st.conflicts, 0);
	assert_int_equal(st.applied, 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holders WHERE remarks = "
	    "'よそで'"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_names_once_a_batch, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_unsent_changes, fixture_setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
