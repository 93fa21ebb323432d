/*
 * Opening the encrypted database: the PRAGMAs of SPEC §7 in force, migrations, the
 * outbox in the change's transaction, and every refusal leaving the file untouched.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db-internal.h"
#include "keyfile.h"
#include "memlock.h"
#include "sync/outbox.h"
#include "testutil.h"

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

static void
test_pragmas(void **state)
{
	struct fixture	*f = *state;

	assert_string_equal(pragma(f->db, "cipher_memory_security"), "1");
	/* SQLite keeps no memory statistics (db.c, library_config): none counted. */
	assert_int_equal(sqlite3_memory_used(), 0);
	assert_string_equal(pragma(f->db, "temp_store"), "2");
	assert_string_equal(pragma(f->db, "secure_delete"), "1");
	assert_string_equal(pragma(f->db, "foreign_keys"), "1");
	assert_string_equal(pragma(f->db, "journal_mode"), "wal");
	assert_non_null(strstr(db_cipher_version(f->db), "4."));
	assert_string_equal(pragma(f->db, "cipher_page_size"), "4096");
}

static void
test_reopen_keeps_schema(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(db_schema_version(f->db), db_schema_latest());
	fixture_reopen(f);
	assert_int_equal(db_schema_version(f->db), db_schema_latest());
	assert_string_equal(db_terminal_id(f->db), "T-UNIT-01");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM schema_version"),
	    db_schema_latest());
}

static void
test_wrong_key(void **state)
{
	struct fixture	*f = *state;
	struct key	*other = key_new();
	enum db_error	 err;
	char		*cause = NULL, *before, *after;

	db_close(f->db);
	f->db = NULL;
	before = file_sha256(f->db_path);
	assert_int_equal(key_generate(other, &cause), 0);
	assert_null(db_open(f->db_path, other, DB_OPEN_EXISTING, &err, &cause));
	assert_int_equal(err, DB_ERR_KEY);
	assert_non_null(strstr(cause, "the key does not open this database"));
	free(cause);
	after = file_sha256(f->db_path);
	assert_string_equal(before, after);
	free(before);
	free(after);
	key_free(other);
	fixture_reopen(f);
}

/*
 * A child process opens the database and holds it the way a connection that checkpoints
 * on close does, tells through ready, and lets go after hold_ms or when release closes.
 * (A connection must not cross fork(): SQLite keeps its locks per process.)
 */
static pid_t
hold_exclusive(struct fixture *f, int hold_ms, int *ready_fd, int *release_fd)
{
	struct db	*db;
	enum db_error	 err;
	char		*cause = NULL, c = 'x';
	int		 ready[2], release[2];
	pid_t		 pid;

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(release), 0);
	if ((pid = fork()) == 0) {
		close(ready[0]);
		close(release[1]);
		db = db_open(f->db_path, f->key, DB_OPEN_EXISTING, &err, &cause);
		if (db == NULL || sqlite3_exec(db->h, "PRAGMA locking_mode = EXCLUSIVE; "
		    "CREATE TABLE lock_probe (x); DROP TABLE lock_probe", NULL, NULL,
		    NULL) != SQLITE_OK)
			_exit(1);
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		if (hold_ms > 0)
			usleep(hold_ms * 1000);
		else
			while (read(release[0], &c, 1) > 0)
				;
		db_close(db);
		_exit(0);
	}
	assert_true(pid > 0);
	close(ready[1]);
	close(release[0]);
	*ready_fd = ready[0];
	*release_fd = release[1];
	assert_int_equal(read(ready[0], &c, 1), 1);
	return pid;
}

/* An open waits for a lock that is let go soon, and never calls a held lock a bad key. */
static void
test_open_waits_for_lock(void **state)
{
	struct fixture	*f = *state;
	struct db	*db;
	enum db_error	 err;
	char		*cause = NULL;
	pid_t		 pid;
	int		 status, ready, release;

	db_close(f->db);
	f->db = NULL;
	pid = hold_exclusive(f, 300, &ready, &release);
	db = db_open(f->db_path, f->key, DB_OPEN_EXISTING, &err, &cause);
	assert_non_null(db);
	db_close(db);
	close(ready);
	close(release);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	pid = hold_exclusive(f, 0, &ready, &release);
	assert_null(db_open(f->db_path, f->key, DB_OPEN_EXISTING, &err, &cause));
	assert_int_not_equal(err, DB_ERR_KEY);
	assert_non_null(strstr(cause, "is busy"));
	free(cause);
	close(release);
	close(ready);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	fixture_reopen(f);
}

static void
test_missing(void **state)
{
	struct fixture	*f = *state;
	enum db_error	 err;
	char		*cause = NULL, path[400];

	snprintf(path, sizeof path, "%s/none.db", f->dir);
	assert_null(db_open(path, f->key, DB_OPEN_EXISTING, &err, &cause));
	assert_int_equal(err, DB_ERR_MISSING);
	assert_non_null(strstr(cause, "does not exist"));
	free(cause);
	assert_int_equal(access(path, F_OK), -1);
}

static void
test_create_refuses_existing(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL;

	assert_null(db_open(f->db_path, f->key, DB_OPEN_CREATE, NULL, &cause));
	assert_non_null(strstr(cause, "already exists"));
	free(cause);
}

static void
test_truncated(void **state)
{
	struct fixture	*f = *state;
	enum db_error	 err;
	char		*cause = NULL, path[400], *before, *after, buf[5000];
	FILE		*in;
	size_t		 n;

	snprintf(path, sizeof path, "%s/truncated.db", f->dir);
	db_close(f->db);	/* checkpoint the WAL into the file */
	f->db = NULL;
	assert_non_null(in = fopen(f->db_path, "rb"));
	n = fread(buf, 1, sizeof buf, in);
	fclose(in);
	assert_int_equal(n, sizeof buf);
	write_file(path, buf, 4500, 0600);
	before = file_sha256(path);
	assert_null(db_open(path, f->key, DB_OPEN_EXISTING, &err, &cause));
	assert_int_equal(err, DB_ERR_CORRUPT);
	assert_non_null(strstr(cause, "corrupt or truncated"));
	free(cause);
	after = file_sha256(path);
	assert_string_equal(before, after);
	free(before);
	free(after);
	fixture_reopen(f);
}

/* Inverts one byte of a file in place. */
static void
flip_byte(const char *path, off_t at)
{
	FILE	*f;
	int	 c;

	assert_non_null(f = fopen(path, "r+b"));
	assert_int_equal(fseeko(f, at, SEEK_SET), 0);
	assert_int_not_equal(c = fgetc(f), EOF);
	assert_int_equal(fseeko(f, at, SEEK_SET), 0);
	assert_int_equal(fputc(c ^ 0xff, f), c ^ 0xff);
	assert_int_equal(fclose(f), 0);
}

/*
 * Pages that opening does not read: a table of 40 pages added last, so its pages are the
 * file's last. Each of its damaged pages is named, the first ten of them, and the rest
 * counted; the file stays as it was.
 */
static void
test_integrity(void **state)
{
	struct fixture	*f = *state;
	struct db	*db;
	struct stat	 sb;
	char		*cause = NULL, *before, *after, name[64];
	off_t		 pages, p;

	assert_int_equal(db_integrity_check(f->db, &cause), 0);
	assert_null(cause);
	assert_int_equal(db_exec(f->db, "CREATE TABLE filler (x BLOB); WITH RECURSIVE "
	    "n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) "
	    "INSERT INTO filler SELECT randomblob(3500) FROM n", NULL), 0);
	db_close(f->db);	/* checkpoint the WAL into the file */
	f->db = NULL;
	assert_int_equal(stat(f->db_path, &sb), 0);
	pages = sb.st_size / 4096;

	assert_non_null(db = db_open(f->db_path, f->key, DB_OPEN_READONLY, NULL, &cause));
	assert_int_equal(db_integrity_check(db, &cause), 0);
	db_close(db);

	for (p = pages - 15; p < pages; p++)
		flip_byte(f->db_path, p * 4096 + 1000);
	before = file_sha256(f->db_path);
	assert_non_null(db = db_open(f->db_path, f->key, DB_OPEN_READONLY, NULL, &cause));
	assert_int_equal(db_integrity_check(db, &cause), 1);
	assert_non_null(strstr(cause, "is damaged:\n  HMAC verification failed for page"));
	for (p = pages - 15; p < pages - 5; p++) {
		snprintf(name, sizeof name, "failed for page %lld\n", (long long)p + 1);
		assert_non_null(strstr(cause, name));
	}
	snprintf(name, sizeof name, "failed for page %lld\n", (long long)pages - 4);
	assert_null(strstr(cause, name));
	assert_non_null(strstr(cause, "\n  ... and 5 more"));
	free(cause);
	db_close(db);
	after = file_sha256(f->db_path);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/*
 * In WAL mode a page's copy in the file may be old, torn by a power cut in the middle of a
 * checkpoint, or being written by the checkpoint of a running terminal while it is read:
 * the copy in the log is the page. Such a page is not damage, only a page that is bad
 * wherever the database reads it from.
 */
static void
test_integrity_wal(void **state)
{
	struct fixture	*f = *state;
	struct db	*db;
	struct stat	 sb;
	char		*cause = NULL;
	off_t		 pages, p;

	assert_int_equal(db_exec(f->db, "CREATE TABLE filler (x BLOB); WITH RECURSIVE "
	    "n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) "
	    "INSERT INTO filler SELECT randomblob(3500) FROM n", NULL), 0);
	fixture_reopen(f);	/* the table into the file, then a new log */
	assert_int_equal(db_exec(f->db, "PRAGMA wal_autocheckpoint = 0; "
	    "UPDATE filler SET x = randomblob(3500)", NULL), 0);
	assert_int_equal(stat(f->db_path, &sb), 0);
	pages = sb.st_size / 4096;
	for (p = pages - 15; p < pages; p++)
		flip_byte(f->db_path, p * 4096 + 1000);

	/* Another program, as madoguchi-admin status beside a running terminal. */
	assert_non_null(db = db_open(f->db_path, f->key, DB_OPEN_READONLY, NULL, &cause));
	assert_int_equal(db_integrity_check(db, &cause), 0);
	assert_null(cause);
	assert_int_equal(db_count(db, "SELECT count(*) FROM filler"), 40);
	db_close(db);
}

static void
test_plaintext_refused(void **state)
{
	struct fixture	*f = *state;
	enum db_error	 err;
	sqlite3		*plain;
	char		*cause = NULL, path[400];

	snprintf(path, sizeof path, "%s/plain.db", f->dir);
	assert_int_equal(sqlite3_open(path, &plain), SQLITE_OK);
	assert_int_equal(sqlite3_exec(plain, "CREATE TABLE t (x)", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(plain);
	assert_null(db_open(path, f->key, DB_OPEN_EXISTING, &err, &cause));
	assert_int_equal(err, DB_ERR_CORRUPT);
	assert_non_null(strstr(cause, "not encrypted"));
	free(cause);
}

static void
test_newer_schema(void **state)
{
	struct fixture	*f = *state;
	enum db_error	 err;
	char		*cause = NULL, *before, *after;

	assert_int_equal(db_exec(f->db, "INSERT INTO schema_version VALUES (9999, 'future', "
	    "'2030-01-01')", NULL), 0);
	db_close(f->db);
	f->db = NULL;
	before = file_sha256(f->db_path);
	assert_null(db_open(f->db_path, f->key, DB_OPEN_EXISTING, &err, &cause));
	assert_int_equal(err, DB_ERR_NEWER);
	assert_non_null(strstr(cause, "newer than this program knows"));
	free(cause);
	after = file_sha256(f->db_path);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void
test_outbox_needs_transaction(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL;

	assert_int_equal(outbox_append(f->db, "holder",
	    "5b0c1f39-2a4c-4f0e-9a59-2d7f0b9c1e11", 1, OUTBOX_INSERT, "{}", &cause), -1);
	assert_non_null(strstr(cause, "outside a transaction"));
	free(cause);
	assert_int_equal(outbox_pending(f->db), 0);
}

static void
test_outbox_commit_and_rollback(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL;
	int64_t		 first, second;

	assert_int_equal(db_begin(f->db, &cause), 0);
	assert_int_equal(outbox_append(f->db, "holder",
	    "5b0c1f39-2a4c-4f0e-9a59-2d7f0b9c1e11", 1, OUTBOX_INSERT, "{\"a\":1}", &cause), 0);
	db_rollback(f->db);
	assert_int_equal(outbox_pending(f->db), 0);

	assert_int_equal(db_begin(f->db, &cause), 0);
	assert_int_equal(outbox_append(f->db, "holder",
	    "5b0c1f39-2a4c-4f0e-9a59-2d7f0b9c1e11", 1, OUTBOX_INSERT, "{\"a\":1}", &cause), 0);
	assert_int_equal(outbox_append(f->db, "holder",
	    "5b0c1f39-2a4c-4f0e-9a59-2d7f0b9c1e11", 2, OUTBOX_UPDATE, "{\"a\":2}", &cause), 0);
	assert_int_equal(db_commit(f->db, &cause), 0);
	assert_int_equal(outbox_pending(f->db), 2);

	/* Sequence numbers are never reused, even after the newest row is gone. */
	first = db_count(f->db, "SELECT max(seq) FROM outbox");
	assert_int_equal(db_exec(f->db, "DELETE FROM outbox", NULL), 0);
	assert_int_equal(db_begin(f->db, &cause), 0);
	assert_int_equal(outbox_append(f->db, "holder",
	    "5b0c1f39-2a4c-4f0e-9a59-2d7f0b9c1e11", 3, OUTBOX_UPDATE, "{}", &cause), 0);
	assert_int_equal(db_commit(f->db, &cause), 0);
	second = db_count(f->db, "SELECT max(seq) FROM outbox");
	assert_true(second > first);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE terminal_id = "
	    "'T-UNIT-01'"), 1);
}

static void
test_outbox_rejects_bad_rows(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL;

	assert_int_equal(db_begin(f->db, &cause), 0);
	assert_int_equal(outbox_append(f->db, "holder", "not-a-uuid", 1, OUTBOX_INSERT, "{}",
	    &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(outbox_append(f->db, "holder",
	    "5b0c1f39-2a4c-4f0e-9a59-2d7f0b9c1e11", 1, OUTBOX_INSERT, "{not json", &cause), -1);
	free(cause);
	db_rollback(f->db);
	assert_int_equal(outbox_pending(f->db), 0);
}

/* The statement cache: an idle statement is handed out again, a busy one never. */
static void
test_statement_cache(void **state)
{
	struct fixture	*f = *state;
	sqlite3_stmt	*a, *b, *c, *many[STMT_CACHE_SIZE + 8];
	char		 sql[64];
	size_t		 i;

	a = db_prepare(f->db, "SELECT count(*) FROM schema_version", NULL);
	assert_non_null(a);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	/* Still in use: the same text gets another statement. */
	b = db_prepare(f->db, "SELECT count(*) FROM schema_version", NULL);
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	db_release(f->db, b);
	db_release(f->db, a);
	/* Released: reset, so it holds no read of the database any more. */
	assert_int_equal(sqlite3_stmt_busy(a), 0);
	c = db_prepare(f->db, "SELECT count(*) FROM schema_version", NULL);
	assert_true(c == a || c == b);
	assert_int_equal(sqlite3_step(c), SQLITE_ROW);
	db_release(f->db, c);

	/* Bindings do not survive a release. */
	a = db_prepare(f->db, "SELECT ?1", NULL);
	sqlite3_bind_text(a, 1, "個人番号", -1, SQLITE_TRANSIENT);
	db_release(f->db, a);
	a = db_prepare(f->db, "SELECT ?1", NULL);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	assert_int_equal(sqlite3_column_type(a, 0), SQLITE_NULL);
	db_release(f->db, a);

	/* More statements in use than the cache holds: each still works, then all go back. */
	for (i = 0; i < sizeof many / sizeof many[0]; i++) {
		snprintf(sql, sizeof sql, "SELECT %zu", i);
		many[i] = db_prepare(f->db, sql, NULL);
		assert_non_null(many[i]);
	}
	for (i = 0; i < sizeof many / sizeof many[0]; i++) {
		assert_int_equal(sqlite3_step(many[i]), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int64(many[i], 0), (sqlite3_int64)i);
		db_release(f->db, many[i]);
	}
	/* A failed prepare hands out nothing. */
	assert_null(db_prepare(f->db, "SELEC 1", NULL));
}

static long
vm_locked_kb(void)
{
	FILE	*fp;
	char	 line[256];
	long	 kb = -1;

	assert_non_null(fp = fopen("/proc/self/status", "r"));
	while (fgets(line, sizeof line, fp) != NULL)
		if (sscanf(line, "VmLck: %ld kB", &kb) == 1)
			break;
	fclose(fp);
	return kb;
}

/*
 * SQLCipher's calls to mlock, munlock and sqlcipher_memset go through the dynamic linker,
 * which finds the executable's definitions (memlock.c) first.
 */
static void
test_memlock_interposed(void **state)
{
	void		*p;
	int		(*lockfn)(const void *, size_t);
	void		*(*setfn)(void *, unsigned char, unsigned long long);
	unsigned char	 buf[100];
	size_t		 i;

	(void)state;
	p = dlsym(RTLD_DEFAULT, "mlock");
	memcpy(&lockfn, &p, sizeof p);
	assert_true(lockfn == mlock);
	p = dlsym(RTLD_DEFAULT, "munlock");
	memcpy(&lockfn, &p, sizeof p);
	assert_true(lockfn == munlock);
	p = dlsym(RTLD_DEFAULT, "sqlcipher_memset");
	memcpy(&setfn, &p, sizeof p);
	assert_true(setfn == sqlcipher_memset);

	memset(buf, 0, sizeof buf);
	assert_ptr_equal(sqlcipher_memset(buf + 1, 0xa5, 98), buf + 1);
	assert_int_equal(buf[0], 0);
	assert_int_equal(buf[99], 0);
	for (i = 1; i < 99; i++)
		assert_int_equal(buf[i], 0xa5);
	assert_null(sqlcipher_memset(NULL, 0, 10));
}

/*
 * With the database open, all memory is locked (when the process may lock it all: root,
 * as in CI) and SQLCipher still reports its memory security on; SQLCipher's munlock of a
 * freed block does not unlock anything.
 */
static void
test_memlock_all(void **state)
{
	struct fixture	*f = *state;
	static char	 page[8192];
	long		 before;
	pid_t		 pid;
	int		 status;

	assert_string_equal(pragma(f->db, "cipher_memory_security"), "1");
#ifdef __SANITIZE_ADDRESS__
	/* AddressSanitizer makes mlockall a no-op: memlock must have seen that. */
	assert_false(memlock_active());
	skip();
#endif
	if (!memlock_active()) {
		if (geteuid() == 0)
			fail_msg("root, yet memory is not locked");
		skip();
	}
	assert_true(vm_locked_kb() > 0);
	before = vm_locked_kb();
	assert_int_equal(munlock(page, sizeof page), 0);
	assert_true(vm_locked_kb() >= before);

	/* A child has no lock (mlockall is not inherited): real calls, until it locks again. */
	if ((pid = fork()) == 0) {
		if (memlock_active() || vm_locked_kb() != 0)
			_exit(1);
		page[0] = 1;
		if (mlock(page, 4096) != 0 || vm_locked_kb() < 4)
			_exit(2);
		if (munlock(page, 4096) != 0 || vm_locked_kb() != 0)
			_exit(3);
		if (memlock_init() != 1 || !memlock_active() || vm_locked_kb() == 0)
			_exit(4);
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/*
 * Under a small RLIMIT_MEMLOCK and without CAP_IPC_LOCK (as another user) memory is not
 * locked, and memlock_reason says why, for the log (issue 28).
 */
static void
test_memlock_reason(void **state)
{
	pid_t	 pid;
	int	 status;

	(void)state;
	if ((pid = fork()) == 0) {
		struct rlimit	 small = { 64 * 1024, 64 * 1024 };
		const char	*why;

		if (setrlimit(RLIMIT_MEMLOCK, &small) != 0)
			_exit(1);
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(2);
		if (memlock_init() != 0 || memlock_active())
			_exit(3);
		why = memlock_reason();
		if (why == NULL || strstr(why, "RLIMIT_MEMLOCK is 64 KiB") == NULL)
			_exit(4);
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pragmas, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_statement_cache, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test(test_memlock_interposed),
		cmocka_unit_test(test_memlock_reason),
		cmocka_unit_test_setup_teardown(test_memlock_all, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_reopen_keeps_schema, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_key, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_missing, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_open_waits_for_lock, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_create_refuses_existing, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_truncated, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_integrity, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_integrity_wal, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_plaintext_refused, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_outbox_needs_transaction, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_outbox_commit_and_rollback, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_outbox_rejects_bad_rows, fixture_setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
