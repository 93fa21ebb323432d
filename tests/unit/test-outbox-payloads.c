/*
 * Outbox rows without a payload (the JSON null, migration 36): a bulk import queues its
 * rows without copies of them, and the rows' views make the payloads.
 * - the views carry the register's items in their order (register-items.c), then the
 *   row's own members: a new item without a migration for its view fails here;
 * - before a row changes or goes, its triggers write into the outbox the payload it had,
 *   and what the push sends is that, at that version;
 * - a My Number sent keeps the rest of its payload, not the number;
 * - a row whose record is no longer at its version, the triggers gone, is refused by the
 *   push with a clear cause and reported by the outbox's check, never sent as something
 *   it was not;
 * - the migration leaves an older outbox's rows and its last number as they were.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "cert/cert-numbers.h"
#include "db-internal.h"
#include "register/holders.h"
#include "register/register-bulk.h"
#include "register/register-items.h"
#include "sync/outbox.h"
#include "sync/sync-rules.h"
#include "sync/sync-store.h"
#include "synth.h"
#include "testutil.h"
#include "valid.h"

static const struct actor importer = { "root", "os-admin", "pts/0", 1 };

/*
 * One bulk of synthetic persons first .. first + n - 1 of seed 5, each with a My Number
 * and certificate BULK-<person>; the first one's id into id.
 */
static void
bulk_holders(struct fixture *f, int first, int n, char id[37])
{
	struct synth_person	 p;
	struct holder_record	 h;
	struct holder_bulk	*b;
	char			 birth[DATE_ISO_SIZE], number[16], *cause = NULL;
	int			 i;

	if ((b = holder_bulk_begin(f->db, &importer, (size_t)n, &cause)) == NULL)
		fail_msg("bulk: %s", cause);
	for (i = first; i < first + n; i++) {
		synth_person(5, (uint64_t)i, &p);
		date_format_iso(&p.birth, birth);
		holder_record_from_synth(&h, &p, birth);
		h.qualification = "building-hygiene";
		snprintf(number, sizeof number, "BULK-%d", i);
		h.certificate_number = number;
		h.issue_date = "2020-04-01";
		h.route = "exam";
		assert_non_null(h.mynumber);
		if (holder_bulk_add(b, &h, &cause) != 0)
			fail_msg("bulk: %s", cause);
		if (i == first)
			memcpy(id, h.id, 37);
	}
	if (holder_bulk_end(b, &cause) != 0)
		fail_msg("bulk: %s", cause);
}

/* The first column of sql's first row, ?1 bound to arg; NULL for none or NULL. */
static char *
text(struct fixture *f, const char *sql, const char *arg)
{
	sqlite3_stmt	*s;
	char		*out = NULL;

	assert_int_equal(sqlite3_prepare_v2(f->db->h, sql, -1, &s, NULL), SQLITE_OK);
	if (arg != NULL)
		sqlite3_bind_text(s, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		out = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return out;
}

/* The keys of view's payloads, in order, space-separated, and what they should be. */
static void
check_keys(struct fixture *f, const char *view, const struct reg_item *items,
    const char *own)
{
	char	 sql[256], want[2048] = "", *got;
	size_t	 i;

	for (i = 0; items[i].key != NULL; i++) {
		strcat(want, items[i].key);
		strcat(want, " ");
	}
	strcat(want, own);
	snprintf(sql, sizeof sql, "SELECT group_concat(key, ' ') FROM (SELECT j.key FROM "
	    "(SELECT payload FROM %s LIMIT 1) v, json_each(v.payload) j ORDER BY j.id)", view);
	got = text(f, sql, NULL);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
test_views_carry_the_items(void **state)
{
	struct fixture	*f = *state;
	char		 id[37];

	bulk_holders(f, 7, 1, id);
	check_keys(f, "holder_payloads", reg_holder_items, "id erased merged_into");
	check_keys(f, "registration_payloads", reg_registration_items,
	    "id holder_id status reissue_count");
}

/* What the outbox row of entity for id holds, and what outbox_full makes of it. */
#define STORED	"SELECT payload FROM outbox WHERE entity_id = ?1 AND entity = "
#define SENT	"SELECT payload FROM outbox_full WHERE entity_id = ?1 AND entity = "

/* The row of entity (quoted) for id keeps no copy: its payload is the JSON null. */
static void
assert_marker(struct fixture *f, const char *entity, const char *id)
{
	char	 sql[160], *stored;

	snprintf(sql, sizeof sql, STORED "%s", entity);
	stored = text(f, sql, id);
	assert_non_null(stored);
	assert_string_equal(stored, "null");
	free(stored);
}

static void
test_kept_before_a_change(void **state)
{
	struct fixture	*f = *state;
	char		 id[37], *reg, *holder, *registration, *mynumber, *now;
	char		*cause = NULL;

	bulk_holders(f, 7, 1, id);
	reg = text(f, "SELECT id FROM registrations WHERE holder_id = ?1", id);
	assert_non_null(reg);
	assert_marker(f, "'holder'", id);
	assert_marker(f, "'registration'", reg);
	assert_marker(f, "'mynumber'", id);
	holder = text(f, SENT "'holder'", id);
	registration = text(f, SENT "'registration'", reg);
	mynumber = text(f, SENT "'mynumber'", id);
	assert_non_null(strstr(holder, "\"family_name\""));
	assert_non_null(strstr(registration, "\"certificate_number\":\"BULK-7\""));
	assert_non_null(strstr(mynumber, "\"mynumber\":\""));

	/* A correction, a status, a new My Number: each row keeps what it was queued as. */
	assert_int_equal(db_exec(f->db, "BEGIN; UPDATE holders SET family_name = '改姓', "
	    "version = version + 1 WHERE rowid = 1; UPDATE registrations SET status = "
	    "'suspended', version = version + 1; UPDATE mynumbers SET mynumber = "
	    "'123456789018'; COMMIT", &cause), 0);
	now = text(f, STORED "'holder'", id);
	assert_string_equal(now, holder);
	free(now);
	now = text(f, STORED "'registration'", reg);
	assert_string_equal(now, registration);
	free(now);
	now = text(f, STORED "'mynumber'", id);
	assert_string_equal(now, mynumber);
	free(now);
	/* The record's row now is another version, which this row does not stand for. */
	now = text(f, "SELECT payload FROM holder_payloads WHERE id = ?1", id);
	assert_non_null(strstr(now, "改姓"));
	assert_null(strstr(holder, "改姓"));
	free(now);

	/* And before the My Number goes, as its retention erases it. */
	free(mynumber);
	assert_int_equal(db_exec(f->db, "UPDATE outbox SET payload = 'null' WHERE entity = "
	    "'mynumber'", &cause), 0);
	mynumber = text(f, SENT "'mynumber'", id);
	assert_non_null(strstr(mynumber, "123456789018"));
	assert_int_equal(db_exec(f->db, "DELETE FROM mynumbers", &cause), 0);
	now = text(f, STORED "'mynumber'", id);
	assert_string_equal(now, mynumber);
	free(now);
	free(reg);
	free(holder);
	free(registration);
	free(mynumber);
}

/* Sent, a My Number's row keeps its holder and source, not the number. */
static void
test_mynumber_sent(void **state)
{
	struct fixture	*f = *state;
	char		 id[37], *sent, *number;
	char		*cause = NULL;

	bulk_holders(f, 7, 1, id);
	number = text(f, "SELECT mynumber FROM mynumbers WHERE holder_id = ?1", id);
	assert_non_null(number);
	assert_int_equal(db_exec(f->db, "UPDATE outbox SET pushed_at = 'x', payload = "
	    OUTBOX_SENT_PAYLOAD_SQL, &cause), 0);
	sent = text(f, STORED "'mynumber'", id);
	assert_non_null(sent);
	assert_non_null(strstr(sent, id));
	assert_non_null(strstr(sent, "\"source\":\"import\""));
	assert_null(strstr(sent, number));
	assert_null(strstr(sent, "\"mynumber\""));
	free(sent);
	/* The other rows still leave theirs to the views. */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE payload = 'null'"),
	    3);
	free(number);
}

/*
 * Settling a pushed batch erases the My Numbers acknowledged longer ago than the
 * retention (sync_push_done). It looks for them after every batch: among the kept ones
 * through their index, never by reading every row of the table, which holds every My
 * Number not yet acknowledged and, with a retention, every one acknowledged within it.
 */
static void
test_settle_reads_no_whole_table(void **state)
{
	static const struct sync_options keep30 = { 30 };
	struct fixture		*f = *state;
	struct sync_batch	 b;
	sqlite3_stmt		*s;
	char			 first[37], *cause = NULL;
	int			 asked = 0;

	bulk_holders(f, 0, 40, first);
	/* Half of them acknowledged a day ago: kept for 30 days. */
	assert_int_equal(db_exec(f->db, "UPDATE mynumbers SET central_ack_at = strftime("
	    "'%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day') WHERE rowid % 2 = 0", &cause), 0);
	assert_int_equal(sync_next_batch(f->db, 0, 20, &b, &cause), 0);
	assert_int_equal(b.count, 20);
	assert_int_equal(sync_push_done(f->db, &b, NULL, 0, &keep30, &cause), 0);
	sync_batch_clear(&b);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM mynumbers"), 40);
	for (s = sqlite3_next_stmt(f->db->h, NULL); s != NULL; s = sqlite3_next_stmt(f->db->h, s)) {
		if (strstr(sqlite3_sql(s), "central_ack_at <=") == NULL)
			continue;
		asked++;
		if (sqlite3_stmt_status(s, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0) != 0)
			fail_msg("a whole table read: %s", sqlite3_sql(s));
	}
	assert_int_not_equal(asked, 0);
}

/* A record changed behind the outbox's back: refused, reported, not sent as it is now. */
static void
test_lost_version_refused(void **state)
{
	struct fixture		*f = *state;
	struct sync_batch	 b;
	char			 id[37], *report = NULL, *cause = NULL;
	size_t			 len = 0;
	FILE			*out;

	bulk_holders(f, 7, 1, id);
	assert_int_equal(sync_next_batch(f->db, 0, 100, &b, &cause), 0);
	assert_non_null(b.body);
	assert_non_null(strstr(b.body, "BULK-7"));
	free(b.body);

	assert_int_equal(db_exec(f->db, "DROP TRIGGER holders_outbox_keep; UPDATE holders SET "
	    "family_name = '別人', version = version + 1", &cause), 0);
	assert_int_equal(sync_next_batch(f->db, 0, 100, &b, &cause), -1);
	assert_null(b.body);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "cannot be sent"));
	assert_non_null(strstr(cause, id));
	free(cause);
	cause = NULL;

	out = open_memstream(&report, &len);
	assert_int_equal(sync_rules_check_outbox(f->db, out, &cause), 1);
	fclose(out);
	assert_non_null(strstr(report, " holder: no payload"));
	free(report);
}

/*
 * The schema as release 35 left it: no views nor triggers; the outbox made again as 0001
 * made it, rows 1 to 3 kept and row 4 gone (retention), so that the next number is 5.
 */
static const char before_36_sql[] = "DROP TRIGGER holders_outbox_keep; DROP TRIGGER "
    "holders_outbox_keep_deleted; DROP TRIGGER registrations_outbox_keep; DROP TRIGGER "
    "registrations_outbox_keep_deleted; DROP TRIGGER mynumbers_outbox_keep; DROP TRIGGER "
    "mynumbers_outbox_keep_deleted; DROP VIEW outbox_full; DROP VIEW holder_payloads; "
    "DROP VIEW registration_payloads; DROP VIEW event_payloads; DROP VIEW "
    "mynumber_payloads; DROP TABLE outbox; CREATE TABLE outbox (seq INTEGER PRIMARY KEY "
    "AUTOINCREMENT, terminal_id TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT "
    "NULL CHECK (length(entity_id) = 36), version INTEGER NOT NULL CHECK (version >= 1), "
    "op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')), payload TEXT NOT NULL "
    "CHECK (json_valid(payload)), created_at TEXT NOT NULL, pushed_at TEXT); CREATE INDEX "
    "outbox_unpushed ON outbox (seq) WHERE pushed_at IS NULL; CREATE INDEX outbox_record "
    "ON outbox (entity, entity_id, seq); INSERT INTO outbox (terminal_id, entity, "
    "entity_id, version, op, payload, created_at, pushed_at) VALUES "
    "('T-UNIT-01', 'audit_review', '01a24fb4-1422-7000-9085-000000000001', 1, 'insert', "
    "'{\"n\":1}', '2026-01-01', '2026-01-02'), "
    "('T-UNIT-01', 'audit_review', '01a24fb4-1422-7000-9085-000000000002', 1, 'insert', "
    "'{\"n\":2}', '2026-01-01', '2026-01-02'), "
    "('T-UNIT-01', 'audit_review', '01a24fb4-1422-7000-9085-000000000003', 1, 'insert', "
    "'{\"n\":3}', '2026-01-01', NULL), "
    "('T-UNIT-01', 'audit_review', '01a24fb4-1422-7000-9085-000000000004', 1, 'insert', "
    "'{\"n\":4}', '2026-01-01', NULL); DELETE FROM outbox WHERE seq = 4; "
    "DROP INDEX mynumbers_acknowledged; ALTER TABLE sync_conflicts DROP COLUMN reason_ja; "
    "DELETE FROM schema_version WHERE version >= 36";

static void
test_migration_keeps_the_outbox(void **state)
{
	struct fixture	*f = *state;
	char		*rows, *cause = NULL;

	assert_int_equal(db_exec(f->db, "DELETE FROM outbox", &cause), 0);
	assert_int_equal(db_exec(f->db, before_36_sql, &cause), 0);
	fixture_reopen(f);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM schema_version WHERE version = "
	    "36"), 1);
	rows = text(f, "SELECT group_concat(seq || ' ' || payload || ' ' || coalesce(pushed_at, "
	    "'-'), ', ') FROM outbox_full", NULL);
	assert_string_equal(rows, "1 {\"n\":1} 2026-01-02, 2 {\"n\":2} 2026-01-02, "
	    "3 {\"n\":3} -");
	free(rows);
	assert_int_equal(db_count(f->db, "SELECT seq FROM sqlite_sequence WHERE name = "
	    "'outbox'"), 4);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM sqlite_schema WHERE type = "
	    "'index' AND tbl_name = 'outbox'"), 2);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM sqlite_schema WHERE type = "
	    "'trigger' AND name LIKE '%outbox_keep%'"), 6);
	/* The next change takes the number after the last one handed out. */
	assert_int_equal(db_exec(f->db, "BEGIN", &cause), 0);
	assert_int_equal(outbox_append(f->db, "audit_review",
	    "01a24fb4-1422-7000-9085-000000000005", 1, OUTBOX_INSERT, "{\"n\":5}", &cause), 0);
	assert_int_equal(db_exec(f->db, "COMMIT", &cause), 0);
	assert_int_equal(db_count(f->db, "SELECT max(seq) FROM outbox"), 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_views_carry_the_items, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_kept_before_a_change, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_mynumber_sent, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_settle_reads_no_whole_table, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_lost_version_refused, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_migration_keeps_the_outbox, fixture_setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
