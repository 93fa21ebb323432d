/*
 * Holders in bulk (register-bulk.c, what demo-data uses): the same rows and outbox rows as
 * holder_import, the same checks, the certificate numbers cert_numbers_take would give, a
 * name index the search finds, and a second bulk that appends.
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
#include "register/register.h"
#include "synth.h"
#include "testutil.h"
#include "valid.h"

static const struct actor importer = { "root", "os-admin", "pts/0", 1 };
static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor tanaka = { "tanaka", "clerk", "tty1", 0 };

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
	fixture_account(f, "tanaka", "clerk", 1);
	return 0;
}

/* One text a query gives (its first column, rows joined by '|'), allocated. */
static char *
db_text(struct db *db, const char *sql)
{
	sqlite3_stmt	*s;
	char		*out = strdup(""), *next;

	assert_int_equal(sqlite3_prepare_v2(db->h, sql, -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		assert_true(asprintf(&next, "%s%s%s", out, *out != '\0' ? "|" : "",
		    sqlite3_column_text(s, 0) != NULL ?
		    (const char *)sqlite3_column_text(s, 0) : "NULL") > 0);
		free(out);
		out = next;
	}
	sqlite3_finalize(s);
	return out;
}

/* The holders' indexes as the schema has them. */
static const char holder_indexes_sql[] = "SELECT name || ' ' || coalesce(sql, '') FROM "
    "sqlite_schema WHERE type = 'index' AND tbl_name = 'holders' ORDER BY name";
/* The outbox's checks, tried with a payload that is no JSON: 0 if the row went in. */
static const char bad_outbox_sql[] = "INSERT INTO outbox (terminal_id, entity, entity_id, "
    "version, op, payload, created_at) VALUES ('T-UNIT-01', 'holder', "
    "'00000000-0000-7000-8000-000000000000', 1, 'insert', 'no json', 'now')";

/* Synthetic person i of seed 5 as demo-data makes it, its dates kept in birth and issue. */
static void
person(struct holder_record *h, struct synth_person *p, uint64_t i, char *birth,
    char *issue)
{
	struct date	 d;

	synth_person(5, i, p);
	date_format_iso(&p->birth, birth);
	holder_record_from_synth(h, p, birth);
	d.y = p->birth.y + 25 > 2025 ? 2025 : p->birth.y + 25;
	d.m = 4;
	d.d = 1;
	date_format_iso(&d, issue);
	h->postal_code = p->postal;
	h->phone = p->phone;
	h->qualification = "building-hygiene";
	h->issue_date = issue;
	h->route = "exam";
}

/* count holders from index first, numbers taken from the blocks; 0 or -1. */
static int
bulk(struct fixture *f, uint64_t first, size_t count, char **cause)
{
	struct synth_person	 p;
	struct holder_record	 h;
	struct holder_bulk	*b;
	char			 birth[DATE_ISO_SIZE], issue[DATE_ISO_SIZE];
	size_t			 i;

	if ((b = holder_bulk_begin(f->db, &importer, count, cause)) == NULL)
		return -1;
	if (holder_bulk_numbers(b, count, cause) != 0) {
		holder_bulk_abort(b);
		return -1;
	}
	for (i = 0; i < count; i++) {
		person(&h, &p, first + i, birth, issue);
		if (holder_bulk_add(b, &h, cause) != 0) {
			holder_bulk_abort(b);
			return -1;
		}
	}
	return holder_bulk_end(b, cause);
}

/* The one text sql (a single column) gives for certificate number cert. */
static char *
cert_text(struct fixture *f, const char *sql, const char *cert)
{
	sqlite3_stmt	*s;
	char		*out = NULL;

	assert_int_equal(sqlite3_prepare_v2(f->db->h, sql, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, cert, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		out = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	assert_non_null(out);
	return out;
}

/*
 * What a holder's rows and outbox rows hold, ids and times left out: one text. The outbox
 * rows with the payloads they are sent with (outbox_full, migration 36).
 */
static char *
holder_rows(struct fixture *f, const char *cert)
{
	return cert_text(f, "SELECT json_array(json_object('h', "
	    "(SELECT json_array(family_name, given_name, family_kana, given_kana, sex, "
	    "birth_date, honseki_pref, postal_code, address1, address2, address3, "
	    "municipality_code, phone, has_gaiji, erased, version) FROM holders "
	    "WHERE id = r.holder_id), 'r', json_array(r.qualification, r.issue_date, r.route, "
	    "r.status, r.version), 'm', (SELECT json_array(mynumber, source) FROM mynumbers "
	    "WHERE holder_id = r.holder_id), 'e', (SELECT json_array(kind, event_date, "
	    "reason_code, created_by) FROM events WHERE registration_id = r.id)), "
	    "(SELECT json_group_array(json_array(entity, op, version, json_remove(payload, "
	    "'$.id', '$.holder_id', '$.registration_id', '$.created_at', "
	    "'$.certificate_number'))) FROM (SELECT * FROM outbox_full WHERE entity_id IN "
	    "(r.holder_id, r.id, (SELECT id FROM events WHERE registration_id = r.id)) ORDER "
	    "BY seq))) FROM registrations r WHERE certificate_number = ?1", cert);
}

/*
 * The holder's outbox payload as text, its own id taken out: the same text, members in
 * the same order, whichever way the payload was made.
 */
static char *
holder_payload(struct fixture *f, const char *cert)
{
	return cert_text(f, "SELECT replace(o.payload, o.entity_id, '') FROM outbox_full o JOIN "
	    "registrations r ON o.entity = 'holder' AND o.entity_id = r.holder_id WHERE "
	    "r.certificate_number = ?1", cert);
}

/* The same person through holder_import and through the bulk: the same rows. */
static void
test_same_as_import(void **state)
{
	struct fixture		*f = *state;
	struct synth_person	 p;
	struct holder_record	 h;
	struct holder_bulk	*b;
	char			 birth[DATE_ISO_SIZE], issue[DATE_ISO_SIZE], *one, *other;
	char			*cause = NULL;
	uint64_t		 i;

	for (i = 0; i < 40; i += 13) {
		person(&h, &p, i, birth, issue);
		h.certificate_number = "ONE-1";
		assert_int_equal(holder_import(f->db, &importer, &h, &cause), 0);
		b = holder_bulk_begin(f->db, &importer, 0, &cause);
		assert_non_null(b);
		person(&h, &p, i, birth, issue);
		h.certificate_number = "BULK-1";
		assert_int_equal(holder_bulk_add(b, &h, &cause), 0);
		assert_int_equal(holder_bulk_end(b, &cause), 0);
		one = holder_rows(f, "ONE-1");
		other = holder_rows(f, "BULK-1");
		assert_string_equal(one, other);
		/* Four outbox rows: holder, registration, event, My Number. */
		assert_non_null(strstr(one, "[\"holder\",\"insert\",1,"));
		assert_non_null(strstr(one, "[\"mynumber\",\"insert\",1,"));
		free(one);
		free(other);
		one = holder_payload(f, "ONE-1");
		other = holder_payload(f, "BULK-1");
		assert_string_equal(one, other);
		free(one);
		free(other);
		/* The bulk's four rows keep no copy: their rows' views make it. */
		assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox o, registrations r "
		    "WHERE r.certificate_number = 'BULK-1' AND o.entity_id IN (r.holder_id, r.id, "
		    "(SELECT id FROM events WHERE registration_id = r.id)) AND o.payload = "
		    "'null'"), 4);
		assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox o, registrations r "
		    "WHERE r.certificate_number = 'ONE-1' AND o.entity_id IN (r.holder_id, r.id, "
		    "(SELECT id FROM events WHERE registration_id = r.id)) AND o.payload = "
		    "'null'"), 0);
		assert_int_equal(db_exec(f->db, "UPDATE registrations SET certificate_number = "
		    "certificate_number || '-' || rowid WHERE certificate_number IN ('ONE-1', "
		    "'BULK-1')", &cause), 0);
	}
}

static void
test_numbers_index_append(void **state)
{
	struct fixture		*f = *state;
	struct synth_person	 p;
	struct search_query	 q;
	struct search_hit	*hits;
	size_t			 n, k, i;
	char			 name[160], *cause = NULL;
	int			 more, found;
	static const uint64_t	 sample[] = { 0, 77, 149, 150, 199 };

	assert_int_equal(cert_numbers_add_block(f->db, "admin", "T-", 1, 1000, &cause), 0);
	assert_int_equal(bulk(f, 0, 150, &cause), 0);
	/* A second run appends, its numbers after the first's. */
	assert_int_equal(bulk(f, 150, 50, &cause), 0);
	assert_int_equal(holder_count(f->db), 200);
	assert_int_equal(db_count(f->db, "SELECT count(DISTINCT certificate_number) FROM "
	    "registrations"), 200);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM registrations WHERE "
	    "certificate_number <> printf('T-%06d', rowid)"), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM cert_numbers_used WHERE "
	    "used_for = 'import'"), 200);
	assert_int_equal(db_count(f->db, "SELECT next_number FROM cert_number_blocks"), 201);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity IN "
	    "('holder', 'registration', 'event', 'mynumber')"), 800);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holder_names"), 200);
	/* Holders in the order added: rowid order, and the synthetic people in it. */
	synth_person(5, 199, &p);
	snprintf(name, sizeof name, "SELECT count(*) FROM holders WHERE rowid = 200 AND "
	    "family_kana = '%s'", p.family_kana);
	assert_int_equal(db_count(f->db, name), 1);

	/* The search finds them by name, as typed at the desk. */
	for (k = 0; k < sizeof sample / sizeof sample[0]; k++) {
		synth_person(5, sample[k], &p);
		snprintf(name, sizeof name, "%s%s", p.family, p.given);
		memset(&q, 0, sizeof q);
		q.name = name;
		q.limit = 50;
		if (register_search(f->db, &tanaka, &q, &hits, &n, &more, &cause) != 0)
			fail_msg("search: %s", cause);
		snprintf(name, sizeof name, "%s %s", p.family, p.given);
		for (found = 0, i = 0; i < n; i++)
			found |= strcmp(hits[i].name, name) == 0;
		search_hits_free(hits, n);
		assert_true(found);
	}
}

/* A number typed into the register by hand is passed over and recorded, as one by one. */
static void
test_skips_numbers_in_use(void **state)
{
	struct fixture		*f = *state;
	struct synth_person	 p;
	struct holder_record	 h;
	char			 birth[DATE_ISO_SIZE], issue[DATE_ISO_SIZE], *cause = NULL;

	assert_int_equal(cert_numbers_add_block(f->db, "admin", "T-", 1, 12, &cause), 0);
	person(&h, &p, 900, birth, issue);
	h.certificate_number = "T-000003";
	assert_int_equal(holder_import(f->db, &importer, &h, &cause), 0);
	assert_int_equal(bulk(f, 0, 10, &cause), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM registrations WHERE "
	    "certificate_number = 'T-000003'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM cert_numbers_used WHERE "
	    "certificate_number = 'T-000003' AND used_for = 'skipped'"), 1);
	assert_int_equal(db_count(f->db, "SELECT max(certificate_number) = 'T-000011' FROM "
	    "registrations"), 1);
	assert_int_equal(db_count(f->db, "SELECT next_number FROM cert_number_blocks"), 12);
	/* The ledger's runs either side of the number passed over: those registered. */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM cert_numbers_used u JOIN "
	    "registrations r USING (certificate_number) WHERE u.used_for = 'import'"), 10);
	/* One left: two more holders are refused before anything is written. */
	assert_int_equal(bulk(f, 10, 2, &cause), -1);
	assert_non_null(strstr(cause, "no certificate number left"));
	free(cause);
	assert_int_equal(holder_count(f->db), 11);
	assert_int_equal(db_count(f->db, "SELECT next_number FROM cert_number_blocks"), 12);
}

/* The table's checks hold in bulk too: one bad holder and nothing of the bulk stays. */
static void
test_checks(void **state)
{
	struct fixture		*f = *state;
	struct synth_person	 p;
	struct holder_record	 h;
	struct holder_bulk	*b;
	char			 birth[DATE_ISO_SIZE], issue[DATE_ISO_SIZE], *cause = NULL;
	int64_t			 outbox;

	assert_int_equal(cert_numbers_add_block(f->db, "admin", "T-", 1, 100, &cause), 0);
	outbox = db_count(f->db, "SELECT count(*) FROM outbox");
	b = holder_bulk_begin(f->db, &importer, 3, &cause);
	assert_non_null(b);
	assert_int_equal(holder_bulk_numbers(b, 3, &cause), 0);
	person(&h, &p, 1, birth, issue);
	assert_int_equal(holder_bulk_add(b, &h, &cause), 0);
	person(&h, &p, 2, birth, issue);
	h.birth_date = "1980-02-30";
	assert_int_equal(holder_bulk_add(b, &h, &cause), 0);
	assert_int_equal(holder_bulk_end(b, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	assert_int_equal(holder_count(f->db), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM cert_numbers_used"), 0);
	assert_int_equal(db_count(f->db, "SELECT next_number FROM cert_number_blocks"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox"), outbox);
	/* And the next bulk works: the staging table went with the rollback. */
	assert_int_equal(bulk(f, 0, 3, &cause), 0);
	assert_int_equal(holder_count(f->db), 3);
}

/*
 * A bulk at least as large as the register makes the holders' indexes again at the end,
 * with the rollback journal and a larger buffer for the name index; afterwards the schema,
 * the journal, the name index's setting and the outbox's checks are as they were.
 */
static void
test_settings_restored(void **state)
{
	struct fixture		*f = *state;
	struct synth_person	 p;
	struct holder_record	 h;
	struct holder_bulk	*b;
	char			 birth[DATE_ISO_SIZE], issue[DATE_ISO_SIZE], *cause = NULL;
	char			*indexes, *during, *now;
	uint64_t		 i;

	assert_int_equal(cert_numbers_add_block(f->db, "admin", "T-", 1, 1000, &cause), 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO holder_names (holder_names, rank) VALUES "
	    "('hashsize', 2097152)", &cause), 0);
	indexes = db_text(f->db, holder_indexes_sql);
	assert_non_null(strstr(indexes, "holders_family_kana CREATE INDEX"));

	b = holder_bulk_begin(f->db, &importer, 120, &cause);
	assert_non_null(b);
	assert_int_equal(holder_bulk_numbers(b, 120, &cause), 0);
	for (i = 0; i < 120; i++) {
		person(&h, &p, i, birth, issue);
		assert_int_equal(holder_bulk_add(b, &h, &cause), 0);
	}
	/* In the bulk: the rollback journal, only the unique index left, the buffer. */
	now = db_text(f->db, "PRAGMA journal_mode");
	assert_string_equal(now, "delete");
	free(now);
	during = db_text(f->db, holder_indexes_sql);
	assert_null(strstr(during, "CREATE INDEX"));
	assert_non_null(strstr(during, "sqlite_autoindex_holders_1"));
	free(during);
	now = db_text(f->db, "SELECT v FROM holder_names_config WHERE k = 'hashsize'");
	assert_string_equal(now, "67108864");
	free(now);
	assert_int_equal(holder_bulk_end(b, &cause), 0);

	now = db_text(f->db, holder_indexes_sql);
	assert_string_equal(now, indexes);
	free(now);
	now = db_text(f->db, "PRAGMA journal_mode");
	assert_string_equal(now, "wal");
	free(now);
	now = db_text(f->db, "SELECT v FROM holder_names_config WHERE k = 'hashsize'");
	assert_string_equal(now, "2097152");
	free(now);
	now = db_text(f->db, "PRAGMA cache_size");
	assert_string_equal(now, DB_CACHE_KIB);
	free(now);
	/* The name index finds what it holds through the indexes made again. */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holder_names"), 120);
	now = db_text(f->db, "PRAGMA integrity_check");
	assert_string_equal(now, "ok");
	free(now);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE NOT "
	    "json_valid(payload)"), 0);
	/* The outbox's checks hold again on this connection. */
	assert_int_equal(db_exec(f->db, bad_outbox_sql, &cause), -1);
	assert_non_null(strstr(cause, "CHECK"));
	free(cause);
	cause = NULL;

	/* Fewer holders than the register has: its indexes are kept up as it goes. */
	assert_int_equal(bulk(f, 120, 30, &cause), 0);
	now = db_text(f->db, holder_indexes_sql);
	assert_string_equal(now, indexes);
	free(now);
	assert_int_equal(holder_count(f->db), 150);
	free(indexes);
}

/*
 * A bulk that makes the register's indexes again leaves the name index in one segment; a
 * small one adds its own segment, which FTS5 merges in its time.
 */
static void
test_names_merged(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL;
	const char	*segments = "SELECT count(DISTINCT segid) FROM holder_names_idx";

	assert_int_equal(cert_numbers_add_block(f->db, "admin", "T-", 1, 1000, &cause), 0);
	assert_int_equal(bulk(f, 0, 10, &cause), 0);
	assert_int_equal(db_count(f->db, segments), 1);
	assert_int_equal(bulk(f, 10, 4, &cause), 0);
	assert_int_equal(bulk(f, 14, 4, &cause), 0);
	assert_true(db_count(f->db, segments) > 1);
	assert_int_equal(bulk(f, 18, 40, &cause), 0);
	assert_int_equal(db_count(f->db, segments), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holder_names"), 58);
	assert_int_equal(db_exec(f->db, "INSERT INTO holder_names (holder_names) VALUES "
	    "('integrity-check')", &cause), 0);
}

/* Given up half way: nothing of it stays, and the settings are as they were. */
static void
test_abort(void **state)
{
	struct fixture		*f = *state;
	struct synth_person	 p;
	struct holder_record	 h;
	struct holder_bulk	*b;
	char			 birth[DATE_ISO_SIZE], issue[DATE_ISO_SIZE], *cause = NULL;
	char			*indexes, *now;
	int64_t			 outbox;
	uint64_t		 i;

	assert_int_equal(cert_numbers_add_block(f->db, "admin", "T-", 1, 1000, &cause), 0);
	indexes = db_text(f->db, holder_indexes_sql);
	outbox = db_count(f->db, "SELECT count(*) FROM outbox");
	b = holder_bulk_begin(f->db, &importer, 40, &cause);
	assert_non_null(b);
	assert_int_equal(holder_bulk_numbers(b, 40, &cause), 0);
	for (i = 0; i < 20; i++) {
		person(&h, &p, i, birth, issue);
		assert_int_equal(holder_bulk_add(b, &h, &cause), 0);
	}
	holder_bulk_abort(b);
	assert_int_equal(holder_count(f->db), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox"), outbox);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM cert_numbers_used"), 0);
	assert_int_equal(db_count(f->db, "SELECT next_number FROM cert_number_blocks"), 1);
	now = db_text(f->db, holder_indexes_sql);
	assert_string_equal(now, indexes);
	free(now);
	now = db_text(f->db, "PRAGMA journal_mode");
	assert_string_equal(now, "wal");
	free(now);
	now = db_text(f->db, "SELECT count(*) FROM holder_names_config WHERE k = 'hashsize'");
	assert_string_equal(now, "0");
	free(now);
	free(indexes);
}

/* With another connection open the journal cannot change: the bulk runs in the WAL. */
static void
test_other_connection(void **state)
{
	struct fixture		*f = *state;
	struct synth_person	 p;
	struct holder_record	 h;
	struct holder_bulk	*b;
	struct db		*other;
	char			 birth[DATE_ISO_SIZE], issue[DATE_ISO_SIZE], *cause = NULL;
	char			*now;
	uint64_t		 i;

	assert_int_equal(cert_numbers_add_block(f->db, "admin", "T-", 1, 1000, &cause), 0);
	other = db_open(f->db_path, f->key, DB_OPEN_EXISTING, NULL, &cause);
	assert_non_null(other);
	assert_int_equal(holder_count(other), 0);
	b = holder_bulk_begin(f->db, &importer, 30, &cause);
	assert_non_null(b);
	now = db_text(f->db, "PRAGMA journal_mode");
	assert_string_equal(now, "wal");
	free(now);
	assert_int_equal(holder_bulk_numbers(b, 30, &cause), 0);
	for (i = 0; i < 30; i++) {
		person(&h, &p, i, birth, issue);
		assert_int_equal(holder_bulk_add(b, &h, &cause), 0);
	}
	assert_int_equal(holder_bulk_end(b, &cause), 0);
	assert_int_equal(holder_count(other), 30);
	db_close(other);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holder_names"), 30);
}

/* Numbers of seven digits (a block reaching past 999,999): the ledger as the register. */
static void
test_wide_numbers(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL;

	assert_int_equal(cert_numbers_add_block(f->db, "admin", "W-", 999995, 1000020, &cause),
	    0);
	assert_int_equal(bulk(f, 0, 10, &cause), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM registrations WHERE "
	    "certificate_number BETWEEN 'W-0999995' AND 'W-1000004'"), 10);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM cert_numbers_used u JOIN "
	    "registrations r USING (certificate_number) WHERE u.used_for = 'import'"), 10);
	assert_int_equal(db_count(f->db, "SELECT next_number FROM cert_number_blocks"),
	    1000005);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_as_import, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_numbers_index_append, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_skips_numbers_in_use, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_checks, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_settings_restored, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_names_merged, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_abort, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_other_connection, setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_wide_numbers, setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
