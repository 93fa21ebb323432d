/*
 * Printing certificates: a PDF whose signed record verifies with the office's key and
 * whose seal breaks on any changed byte; spooled (printing through CUPS is driven by
 * tests/e2e/test-print-cups.sh against a private cupsd); every print and reprint logged
 * and audited; the office key and id checked before anything is printed.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "accounts/accounts.h"
#include "cert/cert-print.h"
#include "cert/cert-record.h"
#include "cert/cert-seal.h"
#include "cert/certificates.h"
#include "db-internal.h"
#include "register/register.h"
#include "testutil.h"
#include "xmalloc.h"

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor sato = { "sato", "supervisor", "tty1", 0 };
static const struct actor suzuki = { "suzuki", "supervisor", "tty1", 0 };
static const struct actor tanaka = { "tanaka", "clerk", "tty1", 0 };

#define KV(k, v)	{ (char *)(k), (char *)(v) }

static const struct reg_value holder_typed[] = {
	KV("family_name", "山田"), KV("given_name", "花子"),
	KV("family_kana", "ヤマダ"), KV("given_kana", "ハナコ"),
	KV("sex", "2"), KV("birth_date", "1990-04-01"),
	KV("address1", "東京都千代田区"), KV("honseki_pref", "13"),
	KV("qualification", "1"), KV("certificate_number", "BH-000123"),
	KV("application_date", "2020-04-01"), KV("reception_date", "2020-04-02"),
	KV("issue_date", "2020-05-01"), KV("route", "exam"),
};

struct env {
	struct fixture			*f;
	char				 registration[37];
	char				 key_path[320];
	char				 spool[320];
	EVP_PKEY			*key;
	struct cert_print_config	 pc;
};

static void
write_key(EVP_PKEY *key, const char *path, int mode)
{
	FILE	*f;

	unlink(path);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL), 1);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static int
setup(void **state)
{
	struct account_request	 r;
	struct env		*e;
	sqlite3_stmt		*stmt;
	char			*cause = NULL, id[37];
	const char		*const users[] = { "suzuki", "supervisor", "tanaka", "clerk" };
	int			 i;

	e = xcalloc(1, sizeof *e);
	if (fixture_setup((void **)&e->f) != 0)
		return -1;
	if (account_first_supervisor(e->f->db, &root_admin, "sato", "佐藤 一郎", &cause) != 0)
		return -1;
	for (i = 0; i < 2; i++) {
		memset(&r, 0, sizeof r);
		r.user_name = users[2 * i];
		r.full_name = "試験 花子";
		r.roles = users[2 * i + 1];
		r.reason = "窓口業務のため";
		r.procedures = "register correct reissue periodic";
		r.valid_from = "2020-01-01";
		r.valid_until = "2099-12-31";
		if (account_request(e->f->db, &root_admin, &r, id, &cause) != 0 ||
		    account_decide(e->f->db, &sato, id, 1, "ok", &cause) != 0)
			return -1;
	}
	if (application_submit(e->f->db, &tanaka, APP_REGISTRATION, NULL, NULL, holder_typed,
	    sizeof holder_typed / sizeof holder_typed[0], id, &cause) != 0 ||
	    application_decide(e->f->db, &suzuki, id, 1, "ok", &cause) != 0)
		return -1;
	if (sqlite3_prepare_v2(e->f->db->h, "SELECT id FROM registrations", -1, &stmt,
	    NULL) != SQLITE_OK || sqlite3_step(stmt) != SQLITE_ROW)
		return -1;
	snprintf(e->registration, sizeof e->registration, "%s", sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);

	e->key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	snprintf(e->key_path, sizeof e->key_path, "%s/office.key", e->f->dir);
	write_key(e->key, e->key_path, 0600);
	snprintf(e->spool, sizeof e->spool, "%s/spool", e->f->dir);
	e->pc.office_id = "OFFICE-13";
	e->pc.office_name = "東京都";
	e->pc.office_key = e->key_path;
	e->pc.printer = "";
	e->pc.spool_dir = e->spool;
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env	*e = *state;

	EVP_PKEY_free(e->key);
	fixture_teardown((void **)&e->f);
	free(e);
	return 0;
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	unsigned char	*buf;
	FILE		*f;
	long		 n;

	assert_non_null(f = fopen(path, "rb"));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = xmalloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* The signed record as madoguchi-verify finds it in the file. */
static char *
record_in(const unsigned char *buf, size_t len)
{
	const unsigned char	*p, *end;

	for (p = buf; p + 5 <= buf + len; p++) {
		if (memcmp(p, "MDG1.", 5) == 0)
			break;
	}
	assert_true(p + 5 <= buf + len);
	for (end = p; end < buf + len && (strchr("-_.", *end) != NULL ||
	    (*end >= 'A' && *end <= 'Z') || (*end >= 'a' && *end <= 'z') ||
	    (*end >= '0' && *end <= '9')) && *end != '\0'; end++)
		;
	return xstrndup((const char *)p, (size_t)(end - p));
}

static void
test_spool(void **state)
{
	struct env		*e = *state;
	struct cert_record	 r;
	unsigned char		*pdf, c;
	size_t			 len;
	char			*where = NULL, *second = NULL, *cause = NULL, *record;

	if (cert_print(e->f->db, &tanaka, &e->pc, e->registration, &where, &cause) != 0)
		fail_msg("print: %s", cause);
	assert_non_null(strstr(where, e->spool));
	pdf = slurp(where, &len);
	assert_memory_equal(pdf, "%PDF-", 5);
	assert_non_null(memmem(pdf, len, "/Keywords (MDG1.", 16));

	record = record_in(pdf, len);
	if (cert_record_verify(record, e->key, &r, &cause) != 0)
		fail_msg("verify: %s", cause);
	assert_string_equal(r.office, "OFFICE-13");
	assert_string_equal(r.certificate_number, "BH-000123");
	assert_string_equal(r.qualification, "building-hygiene");
	assert_string_equal(r.name, "山田 花子");
	assert_string_equal(r.birth_date, "1990-04-01");
	assert_string_equal(r.issue_date, "2020-05-01");
	assert_int_equal(r.reissue_count, 0);
	free(record);

	/* Sealed: intact it holds; one byte changed anywhere, it does not. */
	assert_int_equal(cert_seal_check(pdf, len, e->key, &cause), 0);
	pdf[len / 2] ^= 0x01;
	assert_int_equal(cert_seal_check(pdf, len, e->key, &cause), -1);
	assert_non_null(strstr(cause, "changed after the office sealed it"));
	free(cause);
	pdf[len / 2] ^= 0x01;
	c = pdf[len - 10];
	pdf[len - 10] = c == 'a' ? 'b' : 'a';
	assert_int_equal(cert_seal_check(pdf, len, e->key, &cause), -1);
	free(cause);
	pdf[len - 10] = c;
	/* Nothing may follow the seal; a file without one says so (1). */
	assert_int_equal(cert_seal_check((const unsigned char *)"%PDF-1.5\n%%EOF\n", 15,
	    e->key, &cause), 1);
	/*
	 * The seal is the last line or there is none: one byte after it and the file no
	 * longer ends in a seal, however whole the seal line above it.
	 */
	pdf = xreallocarray(pdf, len + 1, 1);
	pdf[len] = '\n';
	assert_int_equal(cert_seal_check(pdf, len + 1, e->key, &cause), 1);
	assert_int_equal(cert_seal_check(pdf, len, e->key, &cause), 0);
	/* The seal line alone is no sealed file: the seal covers a line feed before it. */
	assert_int_equal(cert_seal_check(pdf + len - CERT_SEAL_LEN, CERT_SEAL_LEN, e->key,
	    &cause), 1);
	free(pdf);

	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM cert_prints WHERE reprint = "
	    "0 AND result = 'ok' AND destination LIKE 'spool:%' AND length(pdf_sha256) = 64"),
	    1);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'cert.print' AND user = 'tanaka' AND result = 'ok'"), 1);

	/* A reprint: a new file, audited as such. */
	if (cert_print(e->f->db, &tanaka, &e->pc, e->registration, &second, &cause) != 0)
		fail_msg("reprint: %s", cause);
	assert_string_not_equal(where, second);
	assert_int_equal(access(second, R_OK), 0);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'cert.reprint' AND result = 'ok'"), 1);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM cert_prints WHERE reprint = "
	    "1"), 1);
	free(where);
	free(second);
}

/* After a reissue the record carries the reissue date and count. */
static void
test_after_reissue(void **state)
{
	static const struct reg_value lost[] = {
		KV("reason", "1"), KV("identity_documents", "運転免許証"),
		KV("fee_kind", "3"), KV("received_date", "2024-04-01"),
		/* An exempt fee (免除) says why (issue 24). */
		KV("reason_detail", "災害による亡失: 手数料免除"),
	};
	struct env		*e = *state;
	struct cert_record	 r;
	sqlite3_stmt		*stmt;
	unsigned char		*pdf;
	size_t			 len;
	char			*where = NULL, *cause = NULL, *record, holder[37], id[37];

	assert_int_equal(sqlite3_prepare_v2(e->f->db->h, "SELECT holder_id FROM registrations",
	    -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(holder, sizeof holder, "%s", sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	if (application_submit(e->f->db, &tanaka, APP_REISSUE, holder, e->registration, lost,
	    sizeof lost / sizeof lost[0], id, &cause) != 0 ||
	    application_decide(e->f->db, &sato, id, 1, "", &cause) != 0)
		fail_msg("reissue: %s", cause);
	if (cert_print(e->f->db, &tanaka, &e->pc, e->registration, &where, &cause) != 0)
		fail_msg("print: %s", cause);
	pdf = slurp(where, &len);
	record = record_in(pdf, len);
	assert_int_equal(cert_record_verify(record, e->key, &r, &cause), 0);
	assert_int_equal(r.reissue_count, 1);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM certificates WHERE status = "
	    "'valid' AND reissue_date = date('now', 'localtime')"), 1);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM cert_prints p JOIN "
	    "certificates c ON c.id = p.certificate_id WHERE c.status = 'valid'"), 1);
	free(record);
	free(pdf);
	free(where);
}

/* Nothing is printed without a proper office key and id, nor for a cancelled one. */
static void
test_refusals(void **state)
{
	struct env	*e = *state;
	EVP_PKEY	*ec;
	char		*where = NULL, *cause = NULL;

	write_key(e->key, e->key_path, 0644);
	assert_int_equal(cert_print(e->f->db, &tanaka, &e->pc, e->registration, &where,
	    &cause), -1);
	assert_non_null(strstr(cause, "readable by group or others"));
	free(cause);
	write_key(e->key, e->key_path, 0600);
	e->pc.office_id = "";
	assert_int_equal(cert_print(e->f->db, &tanaka, &e->pc, e->registration, &where,
	    &cause), -1);
	assert_non_null(strstr(cause, "office_id"));
	free(cause);
	e->pc.office_id = "OFFICE-13";
	ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	write_key(ec, e->key_path, 0600);
	EVP_PKEY_free(ec);
	assert_int_equal(cert_print(e->f->db, &tanaka, &e->pc, e->registration, &where,
	    &cause), -1);
	assert_non_null(strstr(cause, "not an Ed25519 key"));
	free(cause);
	e->pc.office_key = "/nonexistent/office.key";
	assert_int_equal(cert_print(e->f->db, &tanaka, &e->pc, e->registration, &where,
	    &cause), -1);
	assert_non_null(strstr(cause, "cannot read the office key"));
	free(cause);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM cert_prints"), 0);

	e->pc.office_key = e->key_path;
	write_key(e->key, e->key_path, 0600);
	assert_int_equal(sqlite3_exec(e->f->db->h, "UPDATE registrations SET status = "
	    "'cancelled'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(cert_print(e->f->db, &tanaka, &e->pc, e->registration, &where,
	    &cause), -1);
	assert_non_null(strstr(cause, "cancelled"));
	free(cause);
	assert_null(where);
}

/* Issue 32: rendered once, previewed, then printed or discarded. */
static void
test_preview(void **state)
{
	struct env		*e = *state;
	struct cert_rendered	 c;
	char			*path, *sha, *where = NULL, *cause = NULL;

	if (cert_render(e->f->db, &tanaka, &e->pc, e->registration, &c, &cause) != 0)
		fail_msg("render: %s", cause);
	assert_non_null(strstr(c.preview, "建築物環境衛生管理技術者免状"));
	assert_non_null(strstr(c.preview, "BH-000123"));
	assert_non_null(strstr(c.preview, "山田 花子"));
	/* The QR code's record, read back and checked against the office's key. */
	assert_non_null(strstr(c.preview, "QR code (signature checked): BH-000123 "
	    "building-hygiene"));
	assert_non_null(strstr(c.preview, "office OFFICE-13"));
	/* Items the certificate does not carry are not shown either. */
	assert_null(strstr(c.preview, "再交付年月日"));
	assert_int_equal(access(c.path, F_OK), 0);
	/* Discarded: the file goes, nothing is recorded. */
	path = xstrdup(c.path);
	cert_rendered_discard(&c);
	assert_int_equal(access(path, F_OK), -1);
	free(path);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM cert_prints"), 0);

	/* Printed: the print log has the SHA-256 of the bytes rendered. */
	if (cert_render(e->f->db, &tanaka, &e->pc, e->registration, &c, &cause) != 0)
		fail_msg("render: %s", cause);
	sha = xstrdup(c.sha256);
	if (cert_print_rendered(e->f->db, &tanaka, &e->pc, &c, &where, &cause) != 0)
		fail_msg("print: %s", cause);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM cert_prints"), 1);
	path = file_sha256(where);
	assert_string_equal(path, sha);
	free(path);
	free(sha);
	free(where);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_spool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preview, setup, teardown),
		cmocka_unit_test_setup_teardown(test_after_reissue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
