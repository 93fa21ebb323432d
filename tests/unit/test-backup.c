/*
 * Backups, restores and key rotation (db/backup/backup.c) and the backup manifest
 * (app/backup/backup-manifest.c): valid round trips and every refusal that protects data.
 */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "audit/audit.h"
#include "audit/audit-key.h"
#include "backup/backup-manifest.h"
#include "backup/backup.h"
#include "db-internal.h"
#include "keyfile.h"
#include "testutil.h"
#include "xmalloc.h"

static struct key	*new_key(void);
static void		 sample(struct manifest *);
static char		*sign(const char *, const struct key *);
static void		 add_entries(struct db *, int);
static char		*path_in(const struct fixture *, const char *);
static void		 flip_byte(const char *, long);

static struct key *
new_key(void)
{
	struct key	*k = key_new();
	char		*cause = NULL;

	assert_int_equal(key_generate(k, &cause), 0);
	return k;
}

static void
sample(struct manifest *m)
{
	memset(m, 0, sizeof *m);
	m->format = MANIFEST_FORMAT;
	m->file = xstrdup("madoguchi-T-1-20261123T091500Z.db");
	m->created = xstrdup("2026-11-23T09:15:00Z");
	m->sqlcipher = xstrdup("4.6.1 community");
	m->size = 327680;
	memset(m->sha256, 'a', 64);
	m->facts.terminal_id = xstrdup("T-1");
	m->facts.schema_version = 7;
	m->facts.audit_count = 12;
	memset(m->facts.audit_head, 'b', 64);
	m->facts.ntables = 2;
	m->facts.tables = xcalloc(2, sizeof *m->facts.tables);
	m->facts.tables[0].name = xstrdup("audit_log");
	m->facts.tables[0].rows = 12;
	m->facts.tables[1].name = xstrdup("holders");
	m->facts.tables[1].rows = 1000000;
}

/*
 * The manifest MAC computed independently of app/backup/backup-manifest.c (the same published
 * scheme: HMAC-SHA256 under HKDF(backup key, "madoguchi backup manifest v1")), so that
 * bodies the writer would never produce can be given a valid MAC.
 */
static char *
sign(const char *body, const struct key *k)
{
	uint8_t		 mk[32], mac[32];
	size_t		 outlen;
	char		*out;
	int		 i;

	assert_int_equal(key_derive(k, "madoguchi backup manifest v1", mk, sizeof mk), 0);
	assert_non_null(EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, mk, sizeof mk,
	    (const unsigned char *)body, strlen(body), mac, sizeof mac, &outlen));
	out = xmalloc(strlen(body) + 6 + 64 + 2);
	strcpy(out, body);
	strcat(out, "mac = ");
	for (i = 0; i < 32; i++)
		snprintf(out + strlen(out), 3, "%02x", mac[i]);
	strcat(out, "\n");
	return out;
}

static void
add_entries(struct db *db, int n)
{
	struct actor	 who = { "tester", "os-admin", "pts/0", 1 };
	char		*cause = NULL;
	int		 i;

	for (i = 0; i < n; i++)
		assert_int_equal(audit_actor(db, &who, "test.entry", "", "ok", "", &cause), 0);
}

static char *
path_in(const struct fixture *f, const char *name)
{
	char	*p;

	xasprintf(&p, "%s/%s", f->dir, name);
	return p;
}

static void
flip_byte(const char *path, long at)
{
	unsigned char	 c;
	int		 fd;

	assert_true((fd = open(path, O_RDWR)) >= 0);
	assert_int_equal(pread(fd, &c, 1, at), 1);
	c ^= 0x01;
	assert_int_equal(pwrite(fd, &c, 1, at), 1);
	close(fd);
}

static void
test_manifest_round_trip(void **state)
{
	struct manifest	 m, got;
	struct key	*k = new_key();
	char		*text, *cause = NULL;

	(void)state;
	sample(&m);
	backup_key_id(k, m.key_id);
	assert_non_null(text = manifest_format(&m, k));
	assert_int_equal(manifest_parse("m", text, strlen(text), k, &got, &cause), 0);
	assert_string_equal(got.file, m.file);
	assert_string_equal(got.created, m.created);
	assert_string_equal(got.sqlcipher, m.sqlcipher);
	assert_int_equal(got.size, m.size);
	assert_string_equal(got.sha256, m.sha256);
	assert_string_equal(got.key_id, m.key_id);
	assert_string_equal(got.facts.terminal_id, "T-1");
	assert_int_equal(got.facts.schema_version, 7);
	assert_int_equal(got.facts.audit_count, 12);
	assert_string_equal(got.facts.audit_head, m.facts.audit_head);
	assert_int_equal(got.facts.ntables, 2);
	assert_string_equal(got.facts.tables[1].name, "holders");
	assert_int_equal(got.facts.tables[1].rows, 1000000);
	manifest_free(&got);
	manifest_free(&m);
	free(text);
	key_free(k);
}

static void
test_manifest_wrong_key(void **state)
{
	struct manifest	 m, got;
	struct key	*k = new_key(), *other = new_key();
	char		*text, *cause = NULL;

	(void)state;
	sample(&m);
	backup_key_id(k, m.key_id);
	text = manifest_format(&m, k);
	assert_int_equal(manifest_parse("m", text, strlen(text), other, &got, &cause), -1);
	assert_non_null(strstr(cause, "wrong backup key"));
	free(cause);
	manifest_free(&m);
	free(text);
	key_free(k);
	key_free(other);
}

/* Any changed byte, the MAC line's included, makes the manifest unusable. */
static void
test_manifest_every_byte(void **state)
{
	struct manifest	 m, got;
	struct key	*k = new_key();
	char		*text, *cause;
	size_t		 i, len;
	char		 was;

	(void)state;
	sample(&m);
	backup_key_id(k, m.key_id);
	text = manifest_format(&m, k);
	len = strlen(text);
	for (i = 0; i < len; i++) {
		was = text[i];
		text[i] = was == '7' ? '8' : (was == '\n' ? ' ' : '7');
		cause = NULL;
		if (manifest_parse("m", text, len, k, &got, &cause) == 0)
			fail_msg("byte %zu changed ('%c' -> '%c') was accepted", i, was, text[i]);
		assert_non_null(cause);
		free(cause);
		text[i] = was;
	}
	/* Truncated anywhere: refused. */
	for (i = 0; i < len; i += 7) {
		cause = NULL;
		assert_int_equal(manifest_parse("m", text, i, k, &got, &cause), -1);
		free(cause);
	}
	manifest_free(&m);
	free(text);
	key_free(k);
}

/* Bodies with a valid MAC that the parser must still refuse. */
static void
test_manifest_malformed(void **state)
{
	static const char *const	 bad[] = {
		"format = 2\n",				/* a future format */
		"colour = blue\n",			/* unknown name */
		"size = 5\n",				/* duplicate */
		"rows.audit_log = 3\n",			/* duplicate table */
		"rows.a-b = 3\n",			/* bad table name */
		"rows.x = -1\n",			/* negative count */
		"rows.x = 12abc\n",			/* not a number */
		"no equals sign\n",
	};
	struct key	*k = new_key();
	struct manifest	 got;
	char		 id[KEY_ID_HEX + 1], *base, *body, *text, *cause;
	size_t		 i;

	(void)state;
	backup_key_id(k, id);
	xasprintf(&base, "format = 1\nfile = b.db\ncreated = x\nterminal_id = T\n"
	    "schema_version = 7\nsqlcipher = 4.6.1\nsize = 5\nsha256 = %064d\n"
	    "backup_key_id = %s\naudit_count = 0\naudit_head = \nrows.audit_log = 0\n", 0, id);
	/* The base itself is accepted: the refusals below are for the added line. */
	text = sign(base, k);
	cause = NULL;
	assert_int_equal(manifest_parse("m", text, strlen(text), k, &got, &cause), 0);
	manifest_free(&got);
	free(text);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		xasprintf(&body, "%s%s", base, bad[i]);
		text = sign(body, k);
		cause = NULL;
		if (manifest_parse("m", text, strlen(text), k, &got, &cause) == 0)
			fail_msg("accepted: %s", bad[i]);
		free(cause);
		free(body);
		free(text);
	}
	/* A required field missing; a sha256 that is not 64 hex digits. */
	text = sign("format = 1\nfile = b.db\n", k);
	cause = NULL;
	assert_int_equal(manifest_parse("m", text, strlen(text), k, &got, &cause), -1);
	free(cause);
	free(text);
	xasprintf(&body, "format = 1\nfile = b.db\ncreated = x\nterminal_id = T\n"
	    "schema_version = 7\nsqlcipher = 4.6.1\nsize = 5\nsha256 = XYZ\n"
	    "backup_key_id = %s\naudit_count = 0\naudit_head = \n", id);
	text = sign(body, k);
	cause = NULL;
	assert_int_equal(manifest_parse("m", text, strlen(text), k, &got, &cause), -1);
	assert_non_null(strstr(cause, "sha256"));
	free(cause);
	free(text);
	free(body);
	cause = NULL;
	assert_int_equal(manifest_parse("m", "format = 1\0x\n", 13, k, &got, &cause), -1);
	free(cause);
	free(base);
	key_free(k);
}

/* Backup, restore under the terminal key, and the facts of both sides agree. */
static void
test_export_restore(void **state)
{
	struct fixture		*f = *state;
	struct backup_facts	 facts, got;
	struct audit_check	 check;
	struct key		*bkey = new_key();
	struct db		*rdb;
	struct stat		 sb;
	char			*bak = path_in(f, "b.db"), *to = path_in(f, "r.db");
	char			*to2 = path_in(f, "r2.db"), *cause = NULL, *sum;
	enum db_error		 err;
	size_t			 i;

	add_entries(f->db, 25);
	assert_int_equal(backup_export(f->db, bak, bkey, &facts, &cause), 0);
	assert_int_equal(stat(bak, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(facts.audit_count, 25);
	assert_string_equal(facts.terminal_id, "T-UNIT-01");
	assert_true(facts.ntables > 10);
	assert_int_equal(strlen(facts.audit_head), 64);

	/* Never over an existing file, which stays as it was. */
	sum = file_sha256(bak);
	assert_int_equal(backup_export(f->db, bak, bkey, &got, &cause), -1);
	assert_non_null(strstr(cause, "cannot create"));
	free(cause);
	cause = NULL;
	assert_string_equal(file_sha256(bak), sum);

	/* The backup does not open with the terminal key, nor restore with it. */
	assert_null(db_open(bak, f->key, DB_OPEN_READONLY, &err, &cause));
	assert_int_equal(err, DB_ERR_KEY);
	free(cause);
	cause = NULL;
	assert_int_equal(backup_restore(bak, f->key, to, f->key, &cause), -1);
	assert_non_null(strstr(cause, "backup key does not open"));
	assert_int_equal(access(to, F_OK), -1);
	free(cause);
	cause = NULL;

	assert_int_equal(backup_restore(bak, bkey, to, f->key, &cause), 0);
	assert_string_equal(file_sha256(bak), sum);
	assert_non_null(rdb = db_open(to, f->key, DB_OPEN_READONLY, NULL, &cause));
	assert_int_equal(fixture_audit_db(f, rdb, AUDIT_KEY_READ, &cause), 0);
	assert_int_equal(backup_facts_read(rdb, &got, &cause), 0);
	assert_int_equal(got.ntables, facts.ntables);
	for (i = 0; i < got.ntables; i++) {
		assert_string_equal(got.tables[i].name, facts.tables[i].name);
		assert_int_equal(got.tables[i].rows, facts.tables[i].rows);
	}
	assert_string_equal(got.audit_head, facts.audit_head);
	assert_int_equal(audit_verify(rdb, &check, &cause), 0);
	assert_int_equal(check.count, 25);
	audit_check_free(&check);
	backup_facts_free(&got);
	db_close(rdb);

	/* Entries written after the backup are not in it. */
	add_entries(f->db, 3);
	assert_int_equal(audit_count(f->db), 28);

	/* A damaged page after the first: the restore refuses and leaves no file. */
	flip_byte(bak, 3 * 4096 + 100);
	assert_int_equal(backup_restore(bak, bkey, to2, f->key, &cause), -1);
	assert_non_null(cause);
	assert_int_equal(access(to2, F_OK), -1);
	free(cause);

	backup_facts_free(&facts);
	free(sum);
	free(bak);
	free(to);
	free(to2);
	key_free(bkey);
}

static void
test_rekey(void **state)
{
	struct fixture		*f = *state;
	struct audit_check	 check;
	struct key		*k = new_key();
	struct db		*db;
	enum db_error		 err;
	char			*cause = NULL;

	add_entries(f->db, 10);
	/* The audit key lives in its file, not in the database being rekeyed. */
	assert_int_equal(audit_key_in_database(f->db), 0);
	assert_int_equal(db_rekey(f->db, k, &cause), 0);
	/* Still usable on the same connection, back in WAL mode. */
	add_entries(f->db, 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log"), 11);
	db_close(f->db);
	f->db = NULL;

	assert_null(db_open(f->db_path, f->key, DB_OPEN_EXISTING, &err, &cause));
	assert_int_equal(err, DB_ERR_KEY);
	free(cause);
	cause = NULL;
	assert_non_null(db = db_open(f->db_path, k, DB_OPEN_EXISTING, NULL, &cause));
	assert_int_equal(fixture_audit_db(f, db, AUDIT_KEY_WRITE, &cause), 0);
	/* The chain verifies across the rotation: its key does not follow the DB key. */
	assert_int_equal(audit_verify(db, &check, &cause), 0);
	assert_int_equal(check.count, 11);
	audit_check_free(&check);
	add_entries(db, 1);
	assert_int_equal(audit_verify(db, &check, &cause), 0);
	audit_check_free(&check);
	f->db = db;
	memcpy(f->key->bytes, k->bytes, KEY_BYTES);
	key_free(k);
}

/* Another connection has the database open: refused, nothing changed. */
static void
test_rekey_busy(void **state)
{
	struct fixture	*f = *state;
	struct key	*k = new_key();
	struct db	*other;
	char		*cause = NULL;

	assert_non_null(other = db_open(f->db_path, f->key, DB_OPEN_EXISTING, NULL, &cause));
	assert_int_equal(db_count(other, "SELECT count(*) FROM audit_log"), 0);
	assert_int_equal(db_rekey(f->db, k, &cause), -1);
	assert_non_null(strstr(cause, "in use"));
	free(cause);
	cause = NULL;
	db_close(other);
	fixture_reopen(f);
	add_entries(f->db, 1);
	key_free(k);
}

/* A database that still holds its audit key (not moved out yet) is not rekeyed. */
static void
test_rekey_needs_moved_audit_key(void **state)
{
	struct fixture	*f = *state;
	struct key	*k = new_key();
	struct db	*db;
	char		*cause = NULL;

	assert_int_equal(db_exec(f->db, "CREATE TABLE audit_secret (only INTEGER PRIMARY "
	    "KEY, secret BLOB); INSERT INTO audit_secret VALUES (1, zeroblob(32))", &cause), 0);
	assert_non_null(db = db_open(f->db_path, f->key, DB_OPEN_EXISTING, NULL, &cause));
	assert_int_equal(audit_key_in_database(db), 1);
	assert_int_equal(db_rekey(db, k, &cause), -1);
	assert_non_null(strstr(cause, "migrate"));
	free(cause);
	cause = NULL;
	db_close(db);
	assert_int_equal(db_exec(f->db, "DROP TABLE audit_secret", &cause), 0);
	fixture_reopen(f);
	key_free(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_manifest_round_trip),
		cmocka_unit_test(test_manifest_wrong_key),
		cmocka_unit_test(test_manifest_every_byte),
		cmocka_unit_test(test_manifest_malformed),
		cmocka_unit_test_setup_teardown(test_export_restore, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rekey, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rekey_busy, fixture_setup,
		    fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rekey_needs_moved_audit_key,
		    fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
