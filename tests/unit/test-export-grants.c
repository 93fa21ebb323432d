/*
 * Export grants and runs (issue 21): the refusals of a grant (to oneself, to an account
 * that is none, a column or mask that is not one, My Number without the permission, a
 * holder not here, too long), the run by the grantee only, within the time, once; the file
 * decrypts only with the recipient's key, holds the granted columns masked and nothing of
 * what the masks removed; the register, the grant used, an audit entry per holder; a
 * recipient certificate swapped in the grant is caught; expiry.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "clock.h"
#include "db-internal.h"
#include "export/export-cms.h"
#include "export/export-grants.h"
#include "export/export-run.h"
#include "testutil.h"
#include "xmalloc.h"

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor sato = { "sato", "supervisor", "tty1", 0 };
static const struct actor tanaka = { "tanaka", "clerk", "tty2", 0 };
static const struct actor kimura = { "kimura", "clerk", "tty3", 0 };

#define H1	"00000000-0000-4000-8000-000000000001"
#define H2	"00000000-0000-4000-8000-000000000002"

static char	 dir[300], pem[400], key[400], spool[400];

static char *
slurp(const char *path)
{
	FILE	*f = fopen(path, "rb");
	char	*buf = xcalloc(1, 65536);

	if (f == NULL || fread(buf, 1, 65535, f) == 0)
		fail_msg("cannot read %s", path);
	fclose(f);
	return buf;
}

static int
setup(void **state)
{
	struct fixture	*f;
	char		*cmd, *cause = NULL;

	clock_test_reset();
	if (fixture_setup(state) != 0)
		return -1;
	f = *state;
	if (account_first_supervisor(f->db, &root_admin, "sato", "佐藤 一郎", &cause) != 0)
		return -1;
	fixture_account(f, "tanaka", "clerk", 0);
	fixture_account(f, "kimura", "clerk", 1);
	snprintf(dir, sizeof dir, "%s", f->dir);
	snprintf(pem, sizeof pem, "%s/recipient.pem", dir);
	snprintf(key, sizeof key, "%s/recipient.key", dir);
	snprintf(spool, sizeof spool, "%s/export", dir);
	xasprintf(&cmd, "openssl req -x509 -newkey rsa:2048 -nodes -keyout %s -out %s -subj "
	    "/CN=recipient -days 30 > /dev/null 2>&1", key, pem);
	if (system(cmd) != 0)
		return -1;
	free(cmd);
	if (db_exec(f->db, "INSERT INTO holders (id, family_name, given_name, family_kana, "
	    "given_kana, sex, birth_date, address1, address2, created_at, updated_at) VALUES "
	    "('" H1 "', '山田', '太郎', 'ヤマダ', 'タロウ', 1, '1980-04-01', '東京都千代田区', "
	    "'丸の内1-1', 'x', 'x'), ('" H2 "', '鈴木', '花子', 'スズキ', 'ハナコ', 2, "
	    "'1975-12-31', '神奈川県横浜市中区', '港町1-1', 'x', 'x'); INSERT INTO mynumbers "
	    "(holder_id, mynumber, source, recorded_at) VALUES ('" H1 "', '983205673214', "
	    "'typed', 'x')", &cause) != 0) {
		fprintf(stderr, "setup: %s\n", cause);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	char	*cmd;

	xasprintf(&cmd, "rm -rf '%s' '%s' '%s'", spool, pem, key);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot clean up\n");
	free(cmd);
	clock_test_reset();
	return fixture_teardown(state);
}

/* A grant of both holders to grantee: name to the family name, address, birth year. */
static void
spec(struct export_grant *g, const char *grantee, int mynumber)
{
	static char	*holders[] = { H1, H2 };
	X509		*x;
	char		*cause = NULL, fpr[65];
	size_t		 i;

	memset(g, 0, sizeof *g);
	g->grantee = xstrdup(grantee);
	g->purpose = xstrdup("統計資料の作成");
	g->procedure = xstrdup("免状交付事務");
	g->holders = xcalloc(2, sizeof *g->holders);
	for (i = 0; i < 2; i++)
		g->holders[i] = xstrdup(holders[i]);
	g->n_holders = 2;
	g->n_columns = mynumber ? 4 : 3;
	g->columns = xcalloc(g->n_columns, sizeof *g->columns);
	snprintf(g->columns[0].name, sizeof g->columns[0].name, "name");
	g->columns[0].mask = EXPORT_MASK_FAMILY_ONLY;
	snprintf(g->columns[1].name, sizeof g->columns[1].name, "address");
	g->columns[1].mask = EXPORT_MASK_MUNICIPALITY;
	snprintf(g->columns[2].name, sizeof g->columns[2].name, "birth_date");
	g->columns[2].mask = EXPORT_MASK_YEAR;
	if (mynumber)
		snprintf(g->columns[3].name, sizeof g->columns[3].name, "mynumber");
	g->encoding = EXPORT_UTF8_BOM;
	g->recipient_name = xstrdup("県 統計課");
	g->recipient_cert = slurp(pem);
	if ((x = export_recipient_load(g->recipient_cert, strlen(g->recipient_cert),
	    &cause)) == NULL)
		fail_msg("recipient: %s", cause);
	export_recipient_fingerprint(x, fpr);
	X509_free(x);
	g->recipient_fingerprint = xstrdup(fpr);
	g->single_use = 1;
}

static void
grant_refused(struct fixture *f, const struct actor *who, struct export_grant *g,
    int hours, const char *why)
{
	char	*cause = NULL;

	assert_int_equal(export_grant_create(f->db, who, g, hours, 72, &cause), -1);
	if (strstr(cause, why) == NULL)
		fail_msg("expected \"%s\", got \"%s\"", why, cause);
	free(cause);
	export_grant_clear(g);
}

static void
test_grant_refusals(void **state)
{
	struct fixture		*f = *state;
	struct export_grant	 g;

	spec(&g, "sato", 0);
	grant_refused(f, &sato, &g, 24, "cannot grant an export to yourself");
	spec(&g, "nobody", 0);
	grant_refused(f, &sato, &g, 24, "nobody has no active account");
	spec(&g, "tanaka", 0);
	grant_refused(f, &tanaka, &g, 24, "export.grant");
	spec(&g, "tanaka", 0);
	grant_refused(f, &sato, &g, 73, "1 to 72 hours");
	spec(&g, "tanaka", 0);
	snprintf(g.columns[0].name, sizeof g.columns[0].name, "salary");
	grant_refused(f, &sato, &g, 24, "\"salary\" is not a column");
	spec(&g, "tanaka", 0);
	g.columns[2].mask = EXPORT_MASK_MUNICIPALITY;
	grant_refused(f, &sato, &g, 24, "the mask municipality does not fit the column "
	    "birth_date");
	spec(&g, "tanaka", 1);
	grant_refused(f, &sato, &g, 24, "tanaka has no My Number permission");
	spec(&g, "tanaka", 0);
	free(g.holders[1]);
	g.holders[1] = xstrdup("00000000-0000-4000-8000-0000000000ff");
	grant_refused(f, &sato, &g, 24, "no holder 00000000-0000-4000-8000-0000000000ff");
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM export_grants"), 0);
}

static char *
decrypt(const char *file, const char *with_pem, const char *with_key, int *rc)
{
	char	*cmd, *out;
	FILE	*p;
	size_t	 n;

	xasprintf(&cmd, "openssl cms -decrypt -inform DER -in '%s' -recip '%s' -inkey '%s' "
	    "2> /dev/null", file, with_pem, with_key);
	p = popen(cmd, "r");
	out = xcalloc(1, 65536);
	n = fread(out, 1, 65535, p);
	out[n] = '\0';
	*rc = pclose(p);
	free(cmd);
	return out;
}

static void
test_run(void **state)
{
	struct fixture		*f = *state;
	struct export_grant	 g;
	struct export_result	 r;
	char			*cause = NULL, *plain, *cmd, other_pem[500], other_key[500];
	int			 rc;

	spec(&g, "kimura", 1);
	assert_int_equal(export_grant_create(f->db, &sato, &g, 24, 72, &cause), 0);
	/* Another user: refused, and audited as denied. */
	assert_int_equal(export_run(f->db, &tanaka, spool, g.id, "sato", &r, &cause), -1);
	assert_non_null(strstr(cause, "is kimura's, not yours"));
	free(cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'export.run' AND result = 'denied' AND user = 'tanaka'"), 1);

	assert_int_equal(export_run(f->db, &kimura, spool, g.id, "sato", &r, &cause), 0);
	assert_int_equal(r.rows, 2);
	assert_int_equal(r.columns, 4);
	plain = decrypt(r.path, pem, key, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(plain, "\xef\xbb\xbf\"name\",\"address\",\"birth_date\","
	    "\"mynumber\"\r\n\"山田\",\"東京都千代田区\",\"1980\",\"983205673214\"\r\n"
	    "\"鈴木\",\"神奈川県横浜市中区\",\"1975\",\"\"\r\n");
	assert_null(strstr(plain, "太郎"));
	assert_null(strstr(plain, "丸の内"));
	free(plain);
	/* Another key does not open it. */
	snprintf(other_pem, sizeof other_pem, "%s/other.pem", dir);
	snprintf(other_key, sizeof other_key, "%s/other.key", dir);
	xasprintf(&cmd, "openssl req -x509 -newkey rsa:2048 -nodes -keyout %s -out %s -subj "
	    "/CN=other -days 3 > /dev/null 2>&1", other_key, other_pem);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	plain = decrypt(r.path, other_pem, other_key, &rc);
	assert_int_not_equal(rc, 0);
	free(plain);

	assert_int_equal(db_count(f->db, "SELECT count(*) FROM export_register WHERE rows = 2 "
	    "AND columns = 4 AND made_by = 'kimura' AND recipient_name = '県 統計課' AND "
	    "checked_by = 'sato' AND checked_at IS NOT NULL"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM export_grants WHERE status = "
	    "'used' AND version = 2"), 1);
	/* For the central store: the grant granted, then used; the register's entry. */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'export_grant' AND ((op = 'insert' AND version = 1 AND json_extract(payload, "
	    "'$.status') = 'active') OR (op = 'update' AND version = 2 AND "
	    "json_extract(payload, '$.status') = 'used')) AND json_extract(payload, "
	    "'$.holder_count') = 2 AND json_extract(payload, '$.recipient_cert') IS NULL"), 2);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'export_record' AND json_extract(payload, '$.rows') = 2"), 1);
	/* An entry per holder: each one's disclosure lists the export. */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'export.run' AND result = 'ok' AND (target LIKE 'holder:" H1 " export:%' OR "
	    "target LIKE 'holder:" H2 " export:%')"), 2);
	/* Once. */
	export_result_clear(&r);
	assert_int_equal(export_run(f->db, &kimura, spool, g.id, "sato", &r, &cause), -1);
	assert_non_null(strstr(cause, "was used already"));
	free(cause);
	assert_int_not_equal(db_exec(f->db, "DELETE FROM export_register", &cause), 0);
	free(cause);
	export_grant_clear(&g);
}

static void
test_expiry_and_swap(void **state)
{
	struct fixture		*f = *state;
	struct export_grant	 g;
	struct export_result	 r;
	char			*cause = NULL, **ids;
	size_t			 n;

	clock_test_freeze((int64_t)time(NULL) * 1000);
	spec(&g, "tanaka", 0);
	assert_int_equal(export_grant_create(f->db, &sato, &g, 2, 72, &cause), 0);
	clock_test_freeze(((int64_t)time(NULL) + 2 * 3600 + 1) * 1000);
	assert_int_equal(export_run(f->db, &tanaka, spool, g.id, "sato", &r, &cause), -1);
	assert_non_null(strstr(cause, "expired at"));
	free(cause);
	assert_int_equal(export_grants_expire(f->db, &ids, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(ids[0], g.id);
	free(ids[0]);
	free(ids);
	/* Expired again: nothing more. */
	assert_int_equal(export_grants_expire(f->db, &ids, &n, &cause), 0);
	assert_int_equal(n, 0);
	assert_int_equal(export_run(f->db, &tanaka, spool, g.id, "sato", &r, &cause), -1);
	assert_non_null(strstr(cause, "is expired"));
	free(cause);
	export_grant_clear(&g);

	/* A grant whose certificate is not the one fingerprinted: caught at the run. */
	clock_test_reset();
	spec(&g, "tanaka", 0);
	assert_int_equal(export_grant_create(f->db, &sato, &g, 2, 72, &cause), 0);
	assert_int_not_equal(db_exec(f->db, "UPDATE export_grants SET recipient_cert = 'x'",
	    &cause), 0);	/* the schema keeps a grant as granted */
	free(cause);
	cause = NULL;
	assert_int_equal(db_exec(f->db, "DROP TRIGGER export_grants_only_status; UPDATE "
	    "export_grants SET recipient_fingerprint = '" "0000000000000000000000000000000000"
	    "000000000000000000000000000000' WHERE status = 'active'", &cause), 0);
	assert_int_equal(export_run(f->db, &tanaka, spool, g.id, "sato", &r, &cause), -1);
	assert_non_null(strstr(cause, "not the one granted"));
	free(cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM export_register"), 0);
	export_grant_clear(&g);
}

/* The file of a grant that expired before it left is erased, with its record. */
static void
test_expired_files(void **state)
{
	struct fixture		*f = *state;
	struct export_grant	 g;
	struct export_result	 r;
	char			*cause = NULL;
	int64_t			 erased;

	clock_test_freeze((int64_t)time(NULL) * 1000);
	spec(&g, "tanaka", 0);
	assert_int_equal(export_grant_create(f->db, &sato, &g, 1, 72, &cause), 0);
	assert_int_equal(export_run(f->db, &tanaka, spool, g.id, "sato", &r, &cause), 0);
	assert_int_equal(access(r.path, F_OK), 0);
	/* Used, but still in its time: the file stays, to be taken. */
	assert_int_equal(export_expire(f->db, &sato, &erased, &cause), 0);
	assert_int_equal(erased, 0);
	assert_int_equal(access(r.path, F_OK), 0);
	clock_test_freeze(((int64_t)time(NULL) + 3601) * 1000);
	assert_int_equal(export_expire(f->db, &sato, &erased, &cause), 0);
	assert_int_equal(erased, 1);
	assert_int_not_equal(access(r.path, F_OK), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM erasure_records WHERE kind = "
	    "'export_files' AND count = 1 AND state = 'done'"), 1);
	/* Used stays used: expiry is for what was never used. */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM export_grants WHERE status = "
	    "'used'"), 1);
	/* Nothing twice. */
	assert_int_equal(export_expire(f->db, &sato, &erased, &cause), 0);
	assert_int_equal(erased, 0);
	export_result_clear(&r);
	export_grant_clear(&g);
}

/* The second person of the check is never the grantee. */
static void
test_check_person(void **state)
{
	struct fixture		*f = *state;
	struct export_grant	 g;
	struct export_result	 r;
	char			*cause = NULL;

	spec(&g, "tanaka", 0);
	assert_int_equal(export_grant_create(f->db, &sato, &g, 1, 72, &cause), 0);
	assert_int_equal(export_run(f->db, &tanaka, spool, g.id, "tanaka", &r, &cause), -1);
	assert_non_null(strstr(cause, "needs a second person"));
	free(cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM export_register"), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM export_grants WHERE status = "
	    "'active'"), 1);
	assert_int_not_equal(db_exec(f->db, "INSERT INTO export_register (id, grant_id, "
	    "made_by, made_at, file, sha256, rows, columns, recipient_name, "
	    "recipient_fingerprint, checked_by) SELECT '10000000-0000-4000-8000-00000000000a', "
	    "id, 'tanaka', 'x', 'f', recipient_fingerprint, 1, 1, 'r', recipient_fingerprint, "
	    "'tanaka' FROM export_grants", &cause), 0);	/* the schema too */
	free(cause);
	export_grant_clear(&g);
}

/* Columns as typed on the grant screen; each refusal says which word. */
static void
test_columns_parse(void **state)
{
	static const struct {
		const char	*spec;
		const char	*why;		/* NULL: accepted */
	} cases[] = {
		{ "name:family-only, address:municipality sex", NULL },
		{ "  birth_date:year\tmynumber ", NULL },
		{ "", "at least one column" },
		{ " , ", "at least one column" },
		{ "colour", "\"colour\" is not a column" },
		{ "name:blur", "blur" },
		{ "sex sex", "named twice" },
		{ "name:", "" },
	};
	struct export_column	*c;
	size_t			 i, n;
	char			*cause;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cause = NULL;
		c = NULL;
		if (cases[i].why == NULL) {
			assert_int_equal(export_columns_parse(cases[i].spec, &c, &n, &cause), 0);
			free(c);
			continue;
		}
		assert_int_equal(export_columns_parse(cases[i].spec, &c, &n, &cause), -1);
		assert_null(c);
		assert_non_null(cause);
		if (strstr(cause, cases[i].why) == NULL)
			fail_msg("\"%s\": %s", cases[i].spec, cause);
		free(cause);
	}
	assert_int_equal(export_columns_parse("name:family-only address:municipality sex", &c,
	    &n, &cause), 0);
	assert_int_equal(n, 3);
	assert_string_equal(c[0].name, "name");
	assert_int_equal(c[0].mask, EXPORT_MASK_FAMILY_ONLY);
	assert_int_equal(c[1].mask, EXPORT_MASK_MUNICIPALITY);
	assert_string_equal(c[2].name, "sex");
	assert_int_equal(c[2].mask, EXPORT_MASK_NONE);
	free(c);
}

/*
 * A revoked grant cannot be run, only a supervisor revokes and only with why, never twice;
 * its file is erased by the next expiry pass. An export that left has its spool copy
 * erased with its record, and leaves once.
 */
static void
test_revoke_and_left(void **state)
{
	struct fixture		*f = *state;
	struct export_grant	 g, g2;
	struct export_result	 r;
	char			*cause = NULL, **ids;
	size_t			 n;
	int64_t			 erased;

	spec(&g, "tanaka", 0);
	assert_int_equal(export_grant_create(f->db, &sato, &g, 2, 72, &cause), 0);
	assert_int_equal(export_grant_revoke(f->db, &tanaka, g.id, "x", &cause), -1);
	free(cause);
	assert_int_equal(export_grant_revoke(f->db, &sato, g.id, "", &cause), -1);
	assert_non_null(strstr(cause, "say why"));
	free(cause);
	assert_int_equal(export_grant_revoke(f->db, &sato, g.id, "宛先の誤り", &cause), 0);
	assert_int_equal(export_grant_revoke(f->db, &sato, g.id, "again", &cause), -1);
	assert_non_null(strstr(cause, "not active"));
	free(cause);
	assert_int_equal(export_run(f->db, &tanaka, spool, g.id, "sato", &r, &cause), -1);
	assert_non_null(strstr(cause, "revoked"));
	free(cause);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'export_grant' AND json_extract(payload, '$.status') = 'revoked'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'export.revoke' AND detail LIKE '%宛先の誤り%'"), 1);

	/* Listed, newest first. */
	spec(&g2, "tanaka", 0);
	assert_int_equal(export_grant_create(f->db, &sato, &g2, 2, 72, &cause), 0);
	assert_int_equal(export_grants_all(f->db, &ids, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_string_equal(ids[0], g2.id);
	assert_string_equal(ids[1], g.id);
	free(ids[0]);
	free(ids[1]);
	free(ids);

	assert_int_equal(export_run(f->db, &tanaka, spool, g2.id, "sato", &r, &cause), 0);
	assert_int_equal(export_register_left(f->db, &root_admin, r.register_id, &cause), -1);
	free(cause);
	assert_int_equal(access(r.path, F_OK), 0);
	assert_int_equal(export_register_left(f->db, &sato, r.register_id, &cause), 0);
	assert_int_not_equal(access(r.path, F_OK), 0);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM export_register WHERE left_at "
	    "IS NOT NULL"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM erasure_records WHERE kind = "
	    "'export_files' AND count = 1"), 1);
	/* The central store keeps the record as made; the log entry says it left. */
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'export_record'"), 1);
	assert_int_equal(db_count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'export.left' AND target = 'export:' || (SELECT id FROM export_register)"), 1);
	assert_int_equal(export_register_left(f->db, &sato, r.register_id, &cause), -1);
	assert_non_null(strstr(cause, "left already"));
	free(cause);
	/* Nothing left for the expiry pass to erase. */
	assert_int_equal(export_expire(f->db, &sato, &erased, &cause), 0);
	assert_int_equal(erased, 0);
	export_result_clear(&r);
	export_grant_clear(&g);
	export_grant_clear(&g2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_grant_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry_and_swap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expired_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_person, setup, teardown),
		cmocka_unit_test_setup_teardown(test_columns_parse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revoke_and_left, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
