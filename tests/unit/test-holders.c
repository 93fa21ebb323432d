/*
 * Holder import: everything of one holder lands together (holder, name index, My Number
 * apart, registration, issue event, outbox rows) or nothing does.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "register/holders.h"
#include "sync/outbox.h"
#include "testutil.h"

static const struct actor importer = { "root", "os-admin", "pts/0", 1 };

static void
sample(struct holder_record *h, const char *cert)
{
	memset(h, 0, sizeof *h);
	h->family_name = "山田";
	h->given_name = "太郎";
	h->family_kana = "ヤマダ";
	h->given_kana = "タロウ";
	h->sex = 1;
	h->birth_date = "1980-04-01";
	h->honseki_pref = "13";
	h->mynumber = "123456789018";
	h->qualification = "building-hygiene";
	h->certificate_number = cert;
	h->issue_date = "2010-06-01";
	h->route = "exam";
}

static void
test_import_whole(void **state)
{
	struct fixture		*f = *state;
	struct holder_record	 h;
	char			*cause = NULL;

	sample(&h, "BH0000001");
	assert_int_equal(holder_import(f->db, &importer, &h, &cause), 0);
	assert_int_equal(holder_count(f->db), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM mynumbers"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM registrations"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM events WHERE kind = 'issue'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holder_names WHERE holder_names "
	    "MATCH 'ダタロ'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holder_names WHERE holder_names "
	    "MATCH '山田太'"), 1);
	assert_int_equal(outbox_pending(f->db), 4);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = 'holder' "
	    "AND json_extract(payload, '$.family_kana') = 'ヤマダ'"), 1);
	/* The holder's own row never carries the My Number. */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = 'holder' "
	    "AND payload LIKE '%123456789018%'"), 0);
}

static void
test_failure_leaves_nothing(void **state)
{
	struct fixture		*f = *state;
	struct holder_record	 h;
	char			*cause = NULL;

	sample(&h, "BH0000001");
	assert_int_equal(holder_import(f->db, &importer, &h, &cause), 0);
	/* The same certificate number again: refused, and nothing of it stays. */
	sample(&h, "BH0000001");
	h.family_name = "鈴木";
	assert_int_equal(holder_import(f->db, &importer, &h, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	assert_int_equal(holder_count(f->db), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM holder_names WHERE holder_names "
	    "MATCH '鈴木'"), 0);
	assert_int_equal(outbox_pending(f->db), 4);

	/* A malformed birth date is refused by the table itself. */
	sample(&h, "BH0000002");
	h.birth_date = "1980-02-30";
	assert_int_equal(holder_import(f->db, &importer, &h, &cause), -1);
	free(cause);
	assert_int_equal(holder_count(f->db), 1);
}

static void
test_never_deleted(void **state)
{
	struct fixture		*f = *state;
	struct holder_record	 h;
	char			*cause = NULL;

	sample(&h, "BH0000001");
	assert_int_equal(holder_import(f->db, &importer, &h, &cause), 0);
	assert_int_equal(db_exec(f->db, "DELETE FROM holders", &cause), -1);
	assert_non_null(strstr(cause, "never deleted"));
	free(cause);
	cause = NULL;
	assert_int_equal(db_exec(f->db, "UPDATE events SET reason_text = 'x'", &cause), -1);
	assert_non_null(strstr(cause, "never overwritten"));
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_whole, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_failure_leaves_nothing, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_never_deleted, fixture_setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
