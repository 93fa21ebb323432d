/*
 * madoguchi's SQLCipher crypto provider (db/cipher-provider.c, issue 28): it computes
 * exactly what SQLCipher's own OpenSSL provider does, so that files stay SQLCipher's.
 *
 * - Its MAC and cipher give the same bytes as SQLCipher's own functions for the same
 *   input, with keys, digests and directions changing between calls as they do between
 *   a connection's read and write keys.
 * - A database written with it opens in a process that keeps SQLCipher's own provider
 *   (this program run again with --stock), and the other way round.
 * - A flipped byte in a page is still found by the page's MAC, and a wrong key still
 *   refused.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cipher-provider.h"
#include "db-internal.h"
#include "keyfile.h"
#include "testutil.h"
#include "xmalloc.h"

/* Rows enough to fill a few hundred pages: deterministic, so either side can check them. */
#define ROWS	2000

static sqlcipher_provider	 stock;	/* SQLCipher's own, copied before ours replaced it */

static const char	*provider_of(struct db *);
static void		 fill(struct db *);
static int		 holds_rows(struct db *);
static int		 run_stock(const char *, const char *, const char *);
static int		 stock_main(const char *, const char *, const char *);

static const char *
provider_of(struct db *db)
{
	static char	 name[64];
	sqlite3_stmt	*stmt;

	name[0] = '\0';
	if (sqlite3_prepare_v2(db->h, "PRAGMA cipher_provider", -1, &stmt, NULL) != SQLITE_OK)
		return name;
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != NULL)
		snprintf(name, sizeof name, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return name;
}

static void
fill(struct db *db)
{
	char	*cause = NULL;

	if (db_exec(db, "CREATE TABLE t (i INTEGER PRIMARY KEY, v TEXT NOT NULL);"
	    "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 2000) "
	    "INSERT INTO t SELECT i, printf('%0300d', i * 7919) FROM c", &cause) != 0) {
		fprintf(stderr, "fill: %s\n", cause);
		exit(1);
	}
}

/* 1 when every row fill wrote reads back as written. */
static int
holds_rows(struct db *db)
{
	sqlite3_stmt	*stmt;
	int		 n = -1;

	if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM t WHERE v = printf('%0300d', "
	    "i * 7919)", -1, &stmt, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return n == ROWS;
}

/* This program again, keeping SQLCipher's own provider: its exit status. */
static int
run_stock(const char *what, const char *db_path, const char *key_path)
{
	pid_t	 pid;
	int	 status;

	if ((pid = fork()) == -1)
		fail_msg("fork");
	if (pid == 0) {
		execl("/proc/self/exe", "test-cipher-provider", "--stock", what, db_path,
		    key_path, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * The other process: "write" makes the database, "read" checks it. Exits 0 when done
 * with SQLCipher's own provider, 2 when another provider was in use, 1 otherwise.
 */
static int
stock_main(const char *what, const char *db_path, const char *key_path)
{
	struct key	*k = key_new();
	struct db	*db;
	char		*cause = NULL;
	int		 rc = 1;

	cipher_provider_keep_stock();
	if (key_load(key_path, k, &cause) != 0) {
		fprintf(stderr, "stock: %s\n", cause);
		return 1;
	}
	db = db_open(db_path, k, strcmp(what, "write") == 0 ? DB_OPEN_CREATE :
	    DB_OPEN_EXISTING, NULL, &cause);
	if (db == NULL) {
		fprintf(stderr, "stock: %s\n", cause);
		return 1;
	}
	if (strcmp(provider_of(db), "openssl") != 0)
		rc = 2;
	else if (strcmp(what, "write") == 0) {
		fill(db);
		rc = 0;
	} else if (holds_rows(db) && db_integrity_check(db, &cause) == 0)
		rc = 0;
	db_close(db);
	key_free(k);
	return rc;
}

/* Same bytes as SQLCipher's own MAC and cipher, whatever changes between calls. */
static void
test_same_bytes(void **state)
{
	sqlcipher_provider	*ours = sqlcipher_get_provider();
	unsigned char		 keys[2][32], iv[16], page[4096 - 80], pgno[4];
	unsigned char		 a[4096], b[4096];
	void			*ctx = NULL;
	int			 i, alg, k, mode, size;

	(void)state;
	assert_non_null(ours);
	assert_string_equal(ours->get_provider_name(NULL), CIPHER_PROVIDER_NAME);
	assert_int_equal(stock.random(NULL, keys, sizeof keys), SQLITE_OK);
	assert_int_equal(stock.random(NULL, page, sizeof page), SQLITE_OK);
	assert_int_equal(ours->ctx_init(&ctx), SQLITE_OK);

	for (i = 0; i < 24; i++) {
		alg = (i / 2) % 3;
		k = (i / 3) % 2;
		memcpy(pgno, &i, sizeof pgno);
		page[i] ^= 0x5a;
		size = stock.get_hmac_sz(NULL, alg);
		assert_int_equal(ours->get_hmac_sz(ctx, alg), size);
		memset(a, 0, sizeof a);
		memset(b, 0xff, sizeof b);
		assert_int_equal(stock.hmac(NULL, alg, keys[k], 32, page, (int)sizeof page,
		    pgno, (int)sizeof pgno, a), SQLITE_OK);
		assert_int_equal(ours->hmac(ctx, alg, keys[k], 32, page, (int)sizeof page,
		    pgno, (int)sizeof pgno, b), SQLITE_OK);
		assert_memory_equal(a, b, (size_t)size);
		/* Without the second input too. */
		assert_int_equal(stock.hmac(NULL, alg, keys[k], 32, page, 100, NULL, 0, a),
		    SQLITE_OK);
		assert_int_equal(ours->hmac(ctx, alg, keys[k], 32, page, 100, NULL, 0, b),
		    SQLITE_OK);
		assert_memory_equal(a, b, (size_t)size);

		mode = (i / 4) % 2;
		memcpy(iv, page + 16 * i, sizeof iv);
		memset(a, 0, sizeof a);
		memset(b, 0xff, sizeof b);
		assert_int_equal(stock.cipher(NULL, mode, keys[k], 32, iv, page,
		    (int)sizeof page, a), SQLITE_OK);
		assert_int_equal(ours->cipher(ctx, mode, keys[k], 32, iv, page,
		    (int)sizeof page, b), SQLITE_OK);
		assert_memory_equal(a, b, sizeof page);
		/* Nothing written past the page: padding stays off. */
		assert_int_equal(b[sizeof page], 0xff);
	}
	/* What SQLCipher's own refuses, ours refuses. */
	assert_int_equal(ours->hmac(ctx, 7, keys[0], 32, page, 100, NULL, 0, b), SQLITE_ERROR);
	assert_int_equal(ours->hmac(ctx, 1, keys[0], 32, NULL, 100, NULL, 0, b), SQLITE_ERROR);
	assert_int_equal(ours->ctx_free(&ctx), SQLITE_OK);
	assert_null(ctx);
}

/* A database ours wrote opens with SQLCipher's own, and the other way round. */
static void
test_both_ways(void **state)
{
	struct fixture	*f = *state;
	struct db	*db;
	char		*mine, *theirs, *cause = NULL;

	xasprintf(&mine, "%s/ours.db", f->dir);
	xasprintf(&theirs, "%s/stock.db", f->dir);
	assert_string_equal(provider_of(f->db), CIPHER_PROVIDER_NAME);

	assert_non_null(db = db_open(mine, f->key, DB_OPEN_CREATE, NULL, &cause));
	assert_string_equal(provider_of(db), CIPHER_PROVIDER_NAME);
	fill(db);
	db_close(db);
	assert_int_equal(run_stock("read", mine, f->key_path), 0);

	assert_int_equal(run_stock("write", theirs, f->key_path), 0);
	assert_non_null(db = db_open(theirs, f->key, DB_OPEN_EXISTING, NULL, &cause));
	assert_string_equal(provider_of(db), CIPHER_PROVIDER_NAME);
	assert_true(holds_rows(db));
	assert_int_equal(db_integrity_check(db, &cause), 0);
	db_close(db);
	free(mine);
	free(theirs);
}

/* A flipped byte in a page fails its MAC; a wrong key is refused. */
static void
test_damage_and_wrong_key(void **state)
{
	struct fixture	*f = *state;
	struct key	*other = key_new();
	struct db	*db;
	enum db_error	 err;
	unsigned char	 byte;
	char		*path, *cause = NULL;
	off_t		 end;
	int		 fd;

	xasprintf(&path, "%s/flip.db", f->dir);
	assert_non_null(db = db_open(path, f->key, DB_OPEN_CREATE, NULL, &cause));
	fill(db);
	assert_int_equal(db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", &cause), 0);
	db_close(db);

	assert_int_equal(key_generate(other, &cause), 0);
	assert_null(db = db_open(path, other, DB_OPEN_EXISTING, &err, &cause));
	assert_int_equal(err, DB_ERR_KEY);
	free(cause);
	cause = NULL;

	/* One byte in the middle of the file's last page, among the rows. */
	assert_true((fd = open(path, O_RDWR)) >= 0);
	end = lseek(fd, 0, SEEK_END);
	assert_true(end > 8 * DB_CIPHER_PAGE_SIZE);
	assert_int_equal(pread(fd, &byte, 1, end - DB_CIPHER_PAGE_SIZE / 2), 1);
	byte ^= 0x01;
	assert_int_equal(pwrite(fd, &byte, 1, end - DB_CIPHER_PAGE_SIZE / 2), 1);
	close(fd);

	assert_non_null(db = db_open(path, f->key, DB_OPEN_EXISTING, &err, &cause));
	assert_false(holds_rows(db));
	assert_int_not_equal(db_integrity_check(db, &cause), 0);
	free(cause);
	db_close(db);
	/* SQLCipher's own finds it too: the page was damaged, not the MAC miscomputed. */
	assert_int_equal(run_stock("read", path, f->key_path), 1);
	key_free(other);
	free(path);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test_setup_teardown(test_both_ways, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_damage_and_wrong_key, fixture_setup,
		    fixture_teardown),
	};
	static const char	 zero_key[] = "x'00000000000000000000000000000000"
				    "00000000000000000000000000000000'";
	sqlite3			*h;

	if (argc == 5 && strcmp(argv[1], "--stock") == 0)
		return stock_main(argv[2], argv[3], argv[4]);

	/*
	 * SQLCipher's own provider, copied while a keyed connection keeps it installed, then
	 * ours in its place as db_open would put it.
	 */
	if (sqlite3_open(":memory:", &h) != SQLITE_OK ||
	    sqlite3_key_v2(h, "main", zero_key, (int)strlen(zero_key)) != SQLITE_OK ||
	    sqlcipher_get_provider() == NULL) {
		fprintf(stderr, "cannot key an in-memory database\n");
		return 1;
	}
	memcpy(&stock, sqlcipher_get_provider(), sizeof stock);
	if (strcmp(stock.get_provider_name(NULL), "openssl") != 0 ||
	    cipher_provider_install() != 1) {
		fprintf(stderr, "the provider cannot be installed\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
