/*
 * Certificate number blocks: numbers handed out in order, each once; a used-up block
 * says so and changes nothing; blocks never overlap, never go back, are never removed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert/cert-numbers.h"
#include "db-internal.h"
#include "testutil.h"
#include "xmalloc.h"

static void	 take_ok(struct fixture *, const char *, char *);
static int	 exec_sql(struct fixture *, const char *);

static void
take_ok(struct fixture *f, const char *used_for, char *out)
{
	char	*cause = NULL;

	assert_int_equal(db_begin(f->db, &cause), 0);
	if (cert_numbers_take(f->db, used_for, out, &cause) != 0)
		fail_msg("take: %s", cause);
	assert_int_equal(db_commit(f->db, &cause), 0);
}

/* SQLITE_OK or the error code, for statements the triggers must refuse. */
static int
exec_sql(struct fixture *f, const char *sql)
{
	return sqlite3_exec(f->db->h, sql, NULL, NULL, NULL);
}

static void
test_format(void **state)
{
	char	 out[CERT_NUMBER_SIZE];

	(void)state;
	cert_number_format("BH-", 1, 999, out);
	assert_string_equal(out, "BH-000001");
	cert_number_format("BH-", 123456, 999999, out);
	assert_string_equal(out, "BH-123456");
	/* The width follows the block's last number, so numbers of one block sort. */
	cert_number_format("T", 42, 12345678, out);
	assert_string_equal(out, "T00000042");
	cert_number_format("ABCDEFGH", CERT_NUMBER_LAST, CERT_NUMBER_LAST, out);
	assert_string_equal(out, "ABCDEFGH999999999999");
	assert_int_equal(strlen(out), CERT_NUMBER_SIZE - 1);
	cert_number_format("", 7, 10, out);
	assert_string_equal(out, "000007");
}

static void
test_take_in_order(void **state)
{
	struct fixture		*f = *state;
	struct cert_block	*list;
	char			*cause = NULL, n1[CERT_NUMBER_SIZE], n2[CERT_NUMBER_SIZE];
	size_t			 n;
	int64_t			 left;

	assert_int_equal(cert_numbers_add_block(f->db, "admin", "BH-", 100, 199, &cause), 0);
	take_ok(f, "reg-1", n1);
	take_ok(f, "reg-2", n2);
	assert_string_equal(n1, "BH-000100");
	assert_string_equal(n2, "BH-000101");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM cert_numbers_used WHERE "
	    "certificate_number = 'BH-000100' AND used_for = 'reg-1'"), 1);
	assert_int_equal(cert_numbers_list(f->db, &list, &n, &left, &cause), 0);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].next, 102);
	assert_string_equal(list[0].source, "admin");
	assert_int_equal(list[0].exhausted, 0);
	assert_int_equal(left, 98);
	free(list);
}

/* A used-up block: a clear message, nothing changed, no number given twice. */
static void
test_exhaustion(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, num[CERT_NUMBER_SIZE], seen[3][CERT_NUMBER_SIZE];
	int		 i;

	assert_int_equal(cert_numbers_add_block(f->db, "admin", "W", 1, 3, &cause), 0);
	for (i = 0; i < 3; i++)
		take_ok(f, "reg", seen[i]);
	assert_string_equal(seen[0], "W000001");
	assert_string_equal(seen[2], "W000003");
	assert_int_equal(db_count(f->db, "SELECT exhausted FROM cert_number_blocks"), 1);

	assert_int_equal(db_begin(f->db, &cause), 0);
	assert_int_equal(cert_numbers_take(f->db, "reg", num, &cause), -1);
	assert_non_null(strstr(cause, "no certificate number left"));
	assert_non_null(strstr(cause, "number-block add"));
	assert_string_equal(num, "");
	free(cause);
	cause = NULL;
	db_rollback(f->db);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM cert_numbers_used"), 3);
	assert_int_equal(db_count(f->db, "SELECT next_number FROM cert_number_blocks"), 4);

	/* A new block (here as sync would add it) carries on; nothing repeats. */
	assert_int_equal(cert_numbers_add_block(f->db, "central", "W", 4, 5, &cause), 0);
	take_ok(f, "reg", num);
	assert_string_equal(num, "W000004");
	take_ok(f, "reg", num);
	assert_string_equal(num, "W000005");
	assert_int_equal(db_count(f->db, "SELECT count(DISTINCT certificate_number) = "
	    "count(*) FROM cert_numbers_used"), 1);
	assert_int_equal(db_begin(f->db, &cause), 0);
	assert_int_equal(cert_numbers_take(f->db, "reg", num, &cause), -1);
	free(cause);
	db_rollback(f->db);
}

static void
test_refusals(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, num[CERT_NUMBER_SIZE];

	assert_int_equal(cert_numbers_add_block(f->db, "admin", "BH-", 100, 199, &cause), 0);
	/* Overlap at either end, or inside, of the same prefix. */
	assert_int_equal(cert_numbers_add_block(f->db, "admin", "BH-", 199, 250, &cause), -1);
	assert_non_null(strstr(cause, "overlap"));
	free(cause);
	assert_int_equal(cert_numbers_add_block(f->db, "central", "BH-", 50, 100, &cause),
	    -1);
	free(cause);
	assert_int_equal(cert_numbers_add_block(f->db, "admin", "BH-", 120, 130, &cause), -1);
	free(cause);
	/* Another prefix is another series. */
	assert_int_equal(cert_numbers_add_block(f->db, "admin", "DT-", 100, 199, &cause), 0);
	assert_int_equal(cert_numbers_add_block(f->db, "admin", "BH-", 200, 299, &cause), 0);

	assert_int_equal(cert_numbers_add_block(f->db, "admin", "B H", 1, 2, &cause), -1);
	assert_non_null(strstr(cause, "letters, digits"));
	free(cause);
	assert_int_equal(cert_numbers_add_block(f->db, "admin", "ABCDEFGHI", 1, 2, &cause),
	    -1);
	free(cause);
	/* T1 and 000001 would read as T and 1000001: a prefix ends in a letter or '-'. */
	assert_int_equal(cert_numbers_add_block(f->db, "admin", "T1", 1, 2, &cause), -1);
	assert_non_null(strstr(cause, "ends in a digit"));
	free(cause);
	assert_int_equal(cert_numbers_add_block(f->db, "admin", "1", 1, 2, &cause), -1);
	free(cause);
	assert_int_equal(cert_numbers_add_block(f->db, "admin", "X", 5, 4, &cause), -1);
	free(cause);
	assert_int_equal(cert_numbers_add_block(f->db, "admin", "X", -1, 4, &cause), -1);
	free(cause);
	assert_int_equal(cert_numbers_add_block(f->db, "admin", "X", 1,
	    CERT_NUMBER_LAST + 1, &cause), -1);
	free(cause);
	assert_int_equal(cert_numbers_add_block(f->db, "local", "X", 1, 2, &cause), -1);
	free(cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM cert_number_blocks"), 3);

	/* Outside the issuing transaction, no number is handed out. */
	assert_int_equal(cert_numbers_take(f->db, "reg", num, &cause), -1);
	assert_non_null(strstr(cause, "only while issuing"));
	free(cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM cert_numbers_used"), 0);
}

/* The tables themselves refuse going back, removing, or a second use of a number. */
static void
test_triggers(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, num[CERT_NUMBER_SIZE];

	assert_int_equal(cert_numbers_add_block(f->db, "admin", "BH-", 1, 10, &cause), 0);
	take_ok(f, "reg-1", num);
	take_ok(f, "reg-2", num);
	assert_int_not_equal(exec_sql(f, "UPDATE cert_number_blocks SET next_number = 1"),
	    SQLITE_OK);
	assert_int_not_equal(exec_sql(f, "UPDATE cert_number_blocks SET last_number = 2"),
	    SQLITE_OK);
	assert_int_not_equal(exec_sql(f, "DELETE FROM cert_number_blocks"), SQLITE_OK);
	assert_int_not_equal(exec_sql(f, "DELETE FROM cert_numbers_used"), SQLITE_OK);
	assert_int_not_equal(exec_sql(f, "UPDATE cert_numbers_used SET used_for = 'x'"),
	    SQLITE_OK);
	assert_int_not_equal(exec_sql(f, "INSERT INTO cert_numbers_used VALUES "
	    "('BH-000001', 1, 'reg-9', 'now')"), SQLITE_OK);
	/* exhausted must agree with next_number. */
	assert_int_not_equal(exec_sql(f, "UPDATE cert_number_blocks SET exhausted = 1"),
	    SQLITE_OK);
	assert_int_equal(db_count(f->db, "SELECT next_number FROM cert_number_blocks"), 3);
}

/*
 * Taken in a transaction that is rolled back, a number was never seen outside it and
 * comes again; once committed it never does. A number typed by hand into the register is
 * passed over and recorded as skipped.
 */
static void
test_rollback_and_skip(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, num[CERT_NUMBER_SIZE];

	assert_int_equal(cert_numbers_add_block(f->db, "admin", "BH-", 1, 10, &cause), 0);
	assert_int_equal(db_begin(f->db, &cause), 0);
	assert_int_equal(cert_numbers_take(f->db, "reg-x", num, &cause), 0);
	assert_string_equal(num, "BH-000001");
	db_rollback(f->db);
	take_ok(f, "reg-1", num);
	assert_string_equal(num, "BH-000001");

	assert_int_equal(exec_sql(f, "INSERT INTO holders (id, family_name, given_name, "
	    "family_kana, given_kana, sex, birth_date, created_at, updated_at) VALUES "
	    "('00000000-0000-4000-8000-000000000001', '山田', '花子', 'ヤマダ', 'ハナコ', 2, "
	    "'1990-04-01', 'now', 'now')"), SQLITE_OK);
	assert_int_equal(exec_sql(f, "INSERT INTO registrations (id, holder_id, qualification, "
	    "certificate_number, route, created_at, updated_at) VALUES "
	    "('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', "
	    "'building-hygiene', 'BH-000002', 'exam', 'now', 'now')"), SQLITE_OK);
	take_ok(f, "reg-3", num);
	assert_string_equal(num, "BH-000003");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM cert_numbers_used WHERE "
	    "certificate_number = 'BH-000002' AND used_for = 'skipped'"), 1);

	/* A block added in a transaction that is rolled back is not there. */
	assert_int_equal(db_begin(f->db, &cause), 0);
	assert_int_equal(cert_numbers_add_block(f->db, "admin", "Z", 1, 10, &cause), 0);
	db_rollback(f->db);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM cert_number_blocks WHERE "
	    "prefix = 'Z'"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test_setup_teardown(test_take_in_order, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_exhaustion, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refusals, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_triggers, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rollback_and_skip, fixture_setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
