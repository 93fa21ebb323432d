/*
 * The cipher settings of the database files (issue 28, db/db.c and db/backup/backup.c):
 * every file made has the current ones; a database and a backup made by an earlier
 * release, with SQLCipher 4's defaults, still open; db_rekey_copy moves such a database
 * to the current settings under a new key with every row, and refuses a busy one.
 *
 * An earlier release's files are made here the way bench/search measures other settings:
 * db_cipher_measure puts SQLCipher 4's defaults in place of the current ones while a copy
 * is written, which is what SQLCipher 4 with its defaults writes.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "backup/backup.h"
#include "db-internal.h"
#include "keyfile.h"
#include "testutil.h"
#include "xmalloc.h"

static struct key	*new_key(void);
static void		 add_entry(struct db *, const char *);
static const char	*pragma(struct db *, const char *);
static char		*path_in(const struct fixture *, const char *);
static char		*legacy_copy(struct fixture *, const char *, const struct key *);

static struct key *
new_key(void)
{
	struct key	*k = key_new();
	char		*cause = NULL;

	assert_int_equal(key_generate(k, &cause), 0);
	return k;
}

static void
add_entry(struct db *db, const char *detail)
{
	struct actor	 who = { "tester", "os-admin", "pts/0", 1 };
	char		*cause = NULL;

	assert_int_equal(audit_actor(db, &who, "test.entry", "", "ok", detail, &cause), 0);
}

static const char *
pragma(struct db *db, const char *name)
{
	static char	 value[64];
	sqlite3_stmt	*stmt;
	char		 sql[128];

	snprintf(sql, sizeof sql, "PRAGMA %s", name);
	assert_int_equal(sqlite3_prepare_v2(db->h, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(value, sizeof value, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return value;
}

static char *
path_in(const struct fixture *f, const char *name)
{
	char	*p;

	xasprintf(&p, "%s/%s", f->dir, name);
	return p;
}

/*
 * The fixture's database, with a few audit entries, as an earlier release would have
 * written it: a whole copy under k with SQLCipher 4's defaults (a backup is one).
 */
static char *
legacy_copy(struct fixture *f, const char *name, const struct key *k)
{
	struct backup_facts	 facts;
	char			*path = path_in(f, name), *cause = NULL;

	add_entry(f->db, "before");
	db_cipher_measure("HMAC_SHA512", DB_LEGACY_PAGE_SIZE);
	assert_int_equal(backup_export(f->db, path, k, &facts, &cause), 0);
	db_cipher_measure(DB_CIPHER_HMAC, DB_CIPHER_PAGE_SIZE);
	backup_facts_free(&facts);
	return path;
}

/* What madoguchi makes has the current settings. */
static void
test_new_database(void **state)
{
	struct fixture	*f = *state;

	assert_string_equal(pragma(f->db, "cipher_hmac_algorithm"), DB_CIPHER_HMAC);
	assert_int_equal(atoi(pragma(f->db, "cipher_page_size")), DB_CIPHER_PAGE_SIZE);
	assert_int_equal(db_cipher_legacy(f->db), 0);
}

/*
 * An earlier release's database opens, read-write and read-only, and says so; a wrong key
 * is still told as one, and leaves the file as it was.
 */
static void
test_legacy_opens(void **state)
{
	struct fixture	*f = *state;
	struct key	*other = new_key();
	struct db	*db;
	enum db_error	 err;
	char		*path, *cause = NULL, *before, *after;

	path = legacy_copy(f, "legacy.db", f->key);
	assert_non_null(db = db_open(path, f->key, DB_OPEN_READONLY, &err, &cause));
	assert_int_equal(err, DB_OK);
	assert_int_equal(db_cipher_legacy(db), 1);
	assert_string_equal(pragma(db, "cipher_hmac_algorithm"), "HMAC_SHA512");
	assert_int_equal(db_integrity_check(db, &cause), 0);
	db_close(db);

	assert_non_null(db = db_open(path, f->key, DB_OPEN_EXISTING, &err, &cause));
	assert_int_equal(db_cipher_legacy(db), 1);
	assert_int_equal(db_count(db, "SELECT count(*) FROM audit_log WHERE detail = 'before'"),
	    1);
	db_close(db);

	before = file_sha256(path);
	assert_null(db_open(path, other, DB_OPEN_EXISTING, &err, &cause));
	assert_int_equal(err, DB_ERR_KEY);
	assert_non_null(strstr(cause, "the key does not open this database"));
	free(cause);
	after = file_sha256(path);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(path);
	key_free(other);
}

/*
 * db_rekey_copy: the copy has the new key, the current settings, every row, and the
 * database file's mode; renamed over the database, it is the database.
 */
static void
test_rekey_copy(void **state)
{
	struct fixture		*f = *state;
	struct audit_check	 check;
	struct key		*k = new_key();
	struct db		*db;
	struct stat		 sb;
	enum db_error		 err;
	char			*path, *copy, *cause = NULL;
	int64_t			 entries;

	path = legacy_copy(f, "legacy.db", f->key);
	copy = path_in(f, "legacy.db.new");
	assert_int_equal(chmod(path, 0640), 0);
	assert_non_null(db = db_open(path, f->key, DB_OPEN_EXISTING, NULL, &cause));
	assert_int_equal(db_cipher_legacy(db), 1);
	entries = db_count(db, "SELECT count(*) FROM audit_log");
	assert_true(entries > 0);
	if (db_rekey_copy(db, k, copy, &cause) != 0)
		fail_msg("db_rekey_copy: %s", cause);
	assert_int_equal(stat(copy, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	assert_int_equal(rename(copy, path), 0);
	db_close(db);

	assert_null(db_open(path, f->key, DB_OPEN_EXISTING, &err, &cause));
	assert_int_equal(err, DB_ERR_KEY);
	free(cause);
	cause = NULL;
	assert_non_null(db = db_open(path, k, DB_OPEN_EXISTING, NULL, &cause));
	assert_int_equal(db_cipher_legacy(db), 0);
	assert_string_equal(pragma(db, "cipher_hmac_algorithm"), DB_CIPHER_HMAC);
	assert_string_equal(pragma(db, "journal_mode"), "wal");
	assert_int_equal(db_count(db, "SELECT count(*) FROM audit_log"), entries);
	assert_int_equal(db_integrity_check(db, &cause), 0);
	/* The chain verifies across the move: its key is its own file's. */
	assert_int_equal(fixture_audit_db(f, db, AUDIT_KEY_WRITE, &cause), 0);
	assert_int_equal(audit_verify(db, &check, &cause), 0);
	assert_int_equal(check.count, entries);
	audit_check_free(&check);
	db_close(db);
	assert_int_equal(access(path, F_OK), 0);
	free(path);
	free(copy);
	key_free(k);
}

/* Another connection has the database open: refused, no copy left, nothing changed. */
static void
test_rekey_copy_busy(void **state)
{
	struct fixture	*f = *state;
	struct key	*k = new_key();
	struct db	*db, *other;
	char		*path, *copy, *cause = NULL;

	path = legacy_copy(f, "legacy.db", f->key);
	copy = path_in(f, "legacy.db.new");
	assert_non_null(db = db_open(path, f->key, DB_OPEN_EXISTING, NULL, &cause));
	assert_non_null(other = db_open(path, f->key, DB_OPEN_EXISTING, NULL, &cause));
	assert_true(db_count(other, "SELECT count(*) FROM audit_log") > 0);
	assert_int_equal(db_rekey_copy(db, k, copy, &cause), -1);
	assert_non_null(strstr(cause, "in use"));
	free(cause);
	cause = NULL;
	assert_int_equal(access(copy, F_OK), -1);
	/* Both still read and write it, in WAL mode, with the old key. */
	assert_string_equal(pragma(db, "journal_mode"), "wal");
	assert_int_equal(db_exec(other, "CREATE TABLE after (x); INSERT INTO after VALUES (1)",
	    &cause), 0);
	assert_int_equal(db_count(db, "SELECT count(*) FROM after"), 1);
	db_close(other);
	db_close(db);
	assert_non_null(db = db_open(path, f->key, DB_OPEN_READONLY, NULL, &cause));
	assert_int_equal(db_cipher_legacy(db), 1);
	db_close(db);
	free(path);
	free(copy);
	key_free(k);
}

/*
 * A backup taken by an earlier release restores, into a database with the current
 * settings; a backup taken now has them too.
 */
static void
test_restore_legacy_backup(void **state)
{
	struct fixture		*f = *state;
	struct backup_facts	 facts;
	struct key		*bkey = new_key();
	struct db		*db;
	char			*backup, *restored, *fresh, *cause = NULL;

	backup = legacy_copy(f, "old-backup.db", bkey);
	restored = path_in(f, "restored.db");
	assert_int_equal(backup_restore(backup, bkey, restored, f->key, &cause), 0);
	assert_non_null(db = db_open(restored, f->key, DB_OPEN_READONLY, NULL, &cause));
	assert_int_equal(db_cipher_legacy(db), 0);
	assert_int_equal(db_count(db, "SELECT count(*) FROM audit_log WHERE detail = 'before'"),
	    1);
	db_close(db);

	fresh = path_in(f, "new-backup.db");
	assert_int_equal(backup_export(f->db, fresh, bkey, &facts, &cause), 0);
	backup_facts_free(&facts);
	assert_non_null(db = db_open(fresh, bkey, DB_OPEN_READONLY, NULL, &cause));
	assert_int_equal(db_cipher_legacy(db), 0);
	db_close(db);
	free(backup);
	free(restored);
	free(fresh);
	key_free(bkey);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_database, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_legacy_opens, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rekey_copy, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rekey_copy_busy, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_restore_legacy_backup, fixture_setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
