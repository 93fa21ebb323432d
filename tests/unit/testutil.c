#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "accounts/accounts.h"
#include "audit/audit-key.h"
#include "db-internal.h"
#include "keyfile.h"
#include "testutil.h"
#include "xmalloc.h"

/* A temporary directory holding a new key file and a newly created database. */
int
fixture_setup(void **state)
{
	struct fixture	*f;
	char		*cause = NULL;

	f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "%s/madoguchi-unit.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->db_path, sizeof f->db_path, "%s/test.db", f->dir);
	snprintf(f->key_path, sizeof f->key_path, "%s/test.key", f->dir);
	f->key = key_new();
	if (key_generate(f->key, &cause) != 0 || key_save(f->key_path, f->key, &cause) != 0)
		return -1;
	f->db = db_open(f->db_path, f->key, DB_OPEN_CREATE, NULL, &cause);
	if (f->db == NULL) {
		fprintf(stderr, "fixture: %s\n", cause);
		return -1;
	}
	if (fixture_audit(f, &cause) != 0) {
		fprintf(stderr, "fixture: %s\n", cause);
		return -1;
	}
	if (db_set_terminal_id(f->db, "T-UNIT-01", &cause) != 0)
		return -1;
	*state = f;
	return 0;
}

int
fixture_teardown(void **state)
{
	struct fixture	*f = *state;
	char		*cmd;

	db_close(f->db);
	key_free(f->key);
	xasprintf(&cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fixture: cannot remove %s\n", f->dir);
	free(cmd);
	free(f);
	return 0;
}

void
fixture_reopen(struct fixture *f)
{
	char	*cause = NULL;

	db_close(f->db);
	f->db = db_open(f->db_path, f->key, DB_OPEN_EXISTING, NULL, &cause);
	if (f->db == NULL || fixture_audit(f, &cause) != 0)
		fail_msg("reopen: %s", cause);
}

/* The audit key and head files beside the fixture's key, as madoguchi-admin has them. */
int
fixture_audit(struct fixture *f, char **cause)
{
	return fixture_audit_db(f, f->db, AUDIT_KEY_MOVE, cause);
}

/* The same for another handle: a copy, a second connection. */
int
fixture_audit_db(struct fixture *f, struct db *db, enum audit_key_mode mode, char **cause)
{
	char	 key[320], head[320];

	snprintf(key, sizeof key, "%s/audit.key", f->dir);
	snprintf(head, sizeof head, "%s/audit.head", f->dir);
	return audit_key_open(db, key, head, mode, cause);
}

void
fixture_account(struct fixture *f, const char *user, const char *roles, int mynumber)
{
	fixture_account_scoped(f, user, roles, mynumber, "register correct reissue periodic");
}

/* An account that acts for the procedures (事務) named only. */
void
fixture_account_scoped(struct fixture *f, const char *user, const char *roles, int mynumber,
    const char *procedures)
{
	static const struct actor	 root = { "root", "os-admin", "pts/0", 1 };
	static const struct actor	 sato = { "sato", "supervisor", "tty1", 0 };
	struct account_request		 r;
	char				*cause = NULL, id[37];

	memset(&r, 0, sizeof r);
	r.user_name = user;
	r.full_name = "試験 花子";
	r.roles = roles;
	r.reason = "窓口業務のため";
	r.procedures = procedures;
	r.valid_from = "2020-01-01";
	r.valid_until = "2099-12-31";
	r.mynumber_allowed = mynumber;
	if (account_request(f->db, &root, &r, id, &cause) != 0 ||
	    account_decide(f->db, &sato, id, 1, "ok", &cause) != 0)
		fail_msg("account %s: %s", user, cause);
}

void
write_file(const char *path, const void *data, size_t len, int mode)
{
	int	 fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
}

/* Hex SHA-256 of a file, to prove that a failed open changed nothing. */
char *
file_sha256(const char *path)
{
	unsigned char	 md[32], buf[8192];
	char		*hex;
	unsigned	 mdlen, i;
	EVP_MD_CTX	*ctx;
	FILE		*f;
	size_t		 n;

	assert_non_null(f = fopen(path, "rb"));
	ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		EVP_DigestUpdate(ctx, buf, n);
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	fclose(f);
	hex = xmalloc(65);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return hex;
}

/* The single integer a query returns (a count), failing the test if it does not. */
int64_t
db_count(struct db *db, const char *sql)
{
	sqlite3_stmt	*stmt;
	int64_t		 n;

	assert_int_equal(sqlite3_prepare_v2(db->h, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}
