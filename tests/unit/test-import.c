/*
 * Media import (issue 21): the CSV reader (quotes, CRLF, line breaks in a field, each
 * malformation named by its line), the text's encoding (UTF-8 with or without its BOM,
 * CP932, and refusals of mixed encodings, bytes of neither, 外字 and NUL), the batch of
 * applications (header, field counts, limits up to a million rows), and the request and
 * decision: four eyes, a file changed since it was requested, a link, a batch with one bad
 * row that brings nothing in, a rejection; the spool left empty with erasure records. And
 * the transactions joined into one that make "whole or nothing" hold.
 */
#include "config.h"

#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accounts/accounts.h"
#include "charconv.h"
#include "config-file.h"
#include "csv-read.h"
#include "db-internal.h"
#include "import/import-applications.h"
#include "import/import-requests.h"
#include "import/import-run.h"
#include "import/import-text.h"
#include "register/holders.h"
#include "register/register.h"
#include "testutil.h"
#include "xmalloc.h"

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor suzuki = { "suzuki", "supervisor", "tty1", 0 };
static const struct actor tanaka = { "tanaka", "clerk", "tty1", 0 };

#define HEADER	"family_name,given_name,family_kana,given_kana,sex,birth_date,address1," \
	"qualification,application_date,reception_date,issue_date,route,pass_number"
/* Row n is a person of its own (born on the nth): the duplicate check lets each in. */
#define ROW(n, kana)	"山田,太郎" n "," kana ",タロウ,1,1980-04-0" n ",\"東京都千代田区丸の内1-1, " \
	"3階\",1,2026-04-01,2026-04-02,2026-05-01,exam,P-" n

struct env {
	struct fixture	*f;
	struct config	 cf;
	char		 spool[300];
};

static int
setup(void **state)
{
	struct env	*e = xcalloc(1, sizeof *e);
	char		*cause = NULL;

	if (fixture_setup((void **)&e->f) != 0)
		return -1;
	if (account_first_supervisor(e->f->db, &root_admin, "sato", "佐藤 一郎", &cause) != 0)
		return -1;
	fixture_account(e->f, "suzuki", "supervisor", 1);
	fixture_account(e->f, "tanaka", "clerk", 0);
	snprintf(e->spool, sizeof e->spool, "%s/import", e->f->dir);
	if (mkdir(e->spool, 0700) != 0)
		return -1;
	config_defaults(&e->cf);
	free(e->cf.import_spool);
	e->cf.import_spool = xstrdup(e->spool);
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env	*e = *state;
	void		*f = e->f;
	char		*cmd;

	xasprintf(&cmd, "rm -rf '%s'", e->spool);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot clean up\n");
	free(cmd);
	config_free(&e->cf);
	fixture_teardown(&f);
	free(e);
	return 0;
}

/* Every record of text, fields joined by '|', records by ';'; or "ERR: why". */
static char *
read_all(const char *text)
{
	struct csv_reader	 r;
	struct csv_record	 rec;
	char			*out = xstrdup(""), *next, *cause = NULL;
	size_t			 i;
	int			 got;

	csv_reader_init(&r, text, strlen(text));
	while ((got = csv_read_record(&r, &rec, &cause)) == 1) {
		for (i = 0; i < rec.n; i++) {
			xasprintf(&next, "%s%s%s", out, i > 0 ? "|" : "", rec.fields[i]);
			free(out);
			out = next;
		}
		xasprintf(&next, "%s;", out);
		free(out);
		out = next;
		csv_record_clear(&rec);
	}
	if (got < 0) {
		free(out);
		xasprintf(&out, "ERR: %s", cause);
		free(cause);
	}
	return out;
}

static void
test_csv_read(void **state)
{
	static const struct {
		const char	*text, *want;
	} cases[] = {
		{ "a,b\nc,d\n", "a|b;c|d;" },
		{ "a,b\r\nc,d\r\n", "a|b;c|d;" },
		{ "a,b\r\nc,d", "a|b;c|d;" },
		{ "\"a,1\",\"say \"\"hi\"\"\"\n", "a,1|say \"hi\";" },
		{ "\"two\nlines\",x\r\n", "two\nlines|x;" },
		{ "a,,\n", "a||;" },
		{ "a\n\n\n", "a;" },
		{ "", "" },
		{ "a,b\"c\n", "ERR: line 1: a quote inside a field that does not begin with one" },
		{ "x\n\"a\"b,c\n", "ERR: line 2: text after the closing quote of a field" },
		{ "x\ny\n\"open,\nstill\n", "ERR: line 3: a quoted field is never closed" },
	};
	size_t	 i;
	char	*got;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		got = read_all(cases[i].text);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].want);
		free(got);
	}
}

/* text as import_text_utf8 gives it, or "ERR: why". */
static char *
as_utf8(struct charconv *cc, const char *data, size_t len, int *cp932)
{
	char	*out = NULL, *cause = NULL, *r;
	size_t	 outlen;

	if (import_text_utf8(cc, data, len, &out, &outlen, cp932, &cause) != 0) {
		xasprintf(&r, "ERR: %s", cause);
		free(cause);
		return r;
	}
	assert_int_equal(strlen(out), outlen);
	return out;
}

static void
test_text(void **state)
{
	struct charconv		*cc;
	struct charconv_buf	 b;
	const char		*utf8 = "姓,名\n山田,太郎\n";
	char			*cause = NULL, *got, mixed[256], gaiji[64];
	size_t			 g, pos;
	int			 cp932;

	(void)state;
	assert_non_null(cc = charconv_open(&cause));
	got = as_utf8(cc, utf8, strlen(utf8), &cp932);
	assert_string_equal(got, utf8);
	assert_int_equal(cp932, 0);
	free(got);
	got = as_utf8(cc, "\xef\xbb\xbf" "a,b\n", 7, &cp932);
	assert_string_equal(got, "a,b\n");
	free(got);
	memset(&b, 0, sizeof b);
	assert_int_equal(charconv_to_cp932(cc, utf8, strlen(utf8), &b, &g, &pos, &cause), 0);
	got = as_utf8(cc, b.data, b.len, &cp932);
	assert_string_equal(got, utf8);
	assert_int_equal(cp932, 1);
	free(got);
	/* Line 1 UTF-8, line 2 CP932: the lines are named. */
	snprintf(mixed, sizeof mixed, "山田,太郎\n%s", b.data + strlen("\x90\xa9,\x96\xbc\n"));
	got = as_utf8(cc, mixed, strlen(mixed), &cp932);
	assert_non_null(strstr(got, "mixes encodings: line 1 is UTF-8, line 2 is not"));
	free(got);
	/* A BOM, then CP932: mixed too. */
	snprintf(mixed, sizeof mixed, "\xef\xbb\xbf%s", b.data);
	got = as_utf8(cc, mixed, strlen(mixed), &cp932);
	assert_non_null(strstr(got, "mixes encodings"));
	free(got);
	charconv_buf_free(&b);
	got = as_utf8(cc, "a\nb\n\xff\xff\n", 7, &cp932);
	assert_string_equal(got, "ERR: line 3 is neither UTF-8 nor CP932");
	free(got);
	got = as_utf8(cc, "a\nb\0c\n", 6, &cp932);
	assert_string_equal(got, "ERR: line 2 holds a NUL byte: this is no text file");
	free(got);
	/* CP932's user-defined area (where 外字 live): refused, not turned into 〓. */
	snprintf(gaiji, sizeof gaiji, "a\n\x8e\x52\xf0\x40\n");
	got = as_utf8(cc, gaiji, strlen(gaiji), &cp932);
	assert_non_null(strstr(got, "line 2 holds a character outside CP932"));
	free(got);
	charconv_close(cc);
}

static char *
parse_err(const char *text)
{
	struct import_applications	 a;
	char				*cause = NULL;

	if (import_applications_parse(text, strlen(text), &a, &cause) == 0) {
		import_applications_free(&a);
		return xstrdup("OK");
	}
	return cause;
}

static void
test_applications_parse(void **state)
{
	struct import_applications	 a;
	char				*got, *big, *cause = NULL;
	size_t				 i, len;

	(void)state;
	got = parse_err("");
	assert_non_null(strstr(got, "the file is empty"));
	free(got);
	got = parse_err(HEADER "\n");
	assert_non_null(strstr(got, "a header and no application"));
	free(got);
	got = parse_err("family_name,colour\n山田,赤\n");
	assert_non_null(strstr(got, "line 1, column 2: \"colour\" is not an item"));
	free(got);
	got = parse_err("family_name,family_name\n山田,山田\n");
	assert_non_null(strstr(got, "the column family_name is there twice"));
	free(got);
	got = parse_err("family_name,given_name\n山田,太郎\n鈴木\n");
	assert_string_equal(got, "line 3 has 1 fields; the header has 2");
	free(got);
	/* A line break inside a quoted cell is one record: lines are counted right after. */
	got = parse_err("family_name,address1\n山田,\"a\nb\"\n鈴木\n");
	assert_string_equal(got, "line 4 has 1 fields; the header has 2");
	free(got);

	assert_int_equal(import_applications_parse(HEADER "\r\n" ROW("1", "ヤマダ") "\r\n",
	    strlen(HEADER "\r\n" ROW("1", "ヤマダ") "\r\n"), &a, &cause), 0);
	assert_int_equal(a.n, 1);
	assert_int_equal(a.v[0].line, 2);
	assert_int_equal(a.v[0].n, 13);
	assert_string_equal(a.v[0].values[6].value, "東京都千代田区丸の内1-1, 3階");
	import_applications_free(&a);

	/* A million rows: counted and refused, not stored. */
	len = strlen("family_name\n") + 1000000 * 2;
	big = xmalloc(len + 1);
	strcpy(big, "family_name\n");
	for (i = 0; i < 1000000; i++)
		memcpy(big + strlen("family_name\n") + 2 * i, "a\n", 2);
	big[len] = '\0';
	assert_int_equal(import_applications_parse(big, len, &a, &cause), -1);
	assert_string_equal(cause, "the file holds 1000000 applications; one import takes at "
	    "most 10000: split the file");
	free(cause);
	/* The limit itself is a batch. */
	big[strlen("family_name\n") + 2 * IMPORT_MAX_APPLICATIONS] = '\0';
	assert_int_equal(import_applications_parse(big, strlen(big), &a, &cause), 0);
	assert_int_equal(a.n, IMPORT_MAX_APPLICATIONS);
	import_applications_free(&a);
	free(big);
}

static void
spool_file(struct env *e, const char *name, const char *text)
{
	char	*path;

	xasprintf(&path, "%s/%s", e->spool, name);
	write_file(path, text, strlen(text), 0600);
	free(path);
}

static int
spool_has(struct env *e, const char *name)
{
	char	*path;
	int	 there;

	xasprintf(&path, "%s/%s", e->spool, name);
	there = access(path, F_OK) == 0;
	free(path);
	return there;
}

static void
test_import_applications(void **state)
{
	struct env	*e = *state;
	char		 id[37], *cause = NULL;
	int64_t		 records;
	int		 failed;

	spool_file(e, "batch.csv", "\xef\xbb\xbf" HEADER "\r\n" ROW("1", "ヤマダ") "\r\n"
	    ROW("2", "ヤマダ") "\r\n" ROW("3", "ヤマダ") "\r\n");
	assert_int_equal(import_request_file(e->f->db, &e->cf, &tanaka, "applications",
	    "batch.csv", "USB メモリ (本庁から)", "本庁で受け付けた申請", id, &cause), 0);
	assert_int_equal(import_request_file(e->f->db, &e->cf, &tanaka, "applications",
	    "batch.csv", "again", "again", id, &cause), -1);
	assert_non_null(strstr(cause, "requested already"));
	free(cause);
	/* The requester never decides it. */
	assert_int_equal(import_approve(e->f->db, &e->cf, &tanaka, id, &records, &failed,
	    &cause), -1);
	free(cause);
	fixture_account(e->f, "kimura", "supervisor", 0);
	{
		const struct actor kimura_as_requester = { "kimura", "supervisor", "tty1", 0 };
		char id2[37];

		spool_file(e, "own.csv", HEADER "\n" ROW("9", "ヤマダ") "\n");
		assert_int_equal(import_request_file(e->f->db, &e->cf, &kimura_as_requester,
		    "applications", "own.csv", "x", "y", id2, &cause), 0);
		assert_int_equal(import_approve(e->f->db, &e->cf, &kimura_as_requester, id2,
		    &records, &failed, &cause), -1);
		assert_non_null(strstr(cause, "four eyes"));
		free(cause);
	}
	if (import_approve(e->f->db, &e->cf, &suzuki, id, &records, &failed, &cause) != 0)
		fail_msg("approve: %s", cause);
	assert_int_equal(records, 3);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM applications WHERE kind = "
	    "'registration' AND status = 'pending' AND requested_by = 'tanaka'"), 3);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM import_requests WHERE "
	    "status = 'imported' AND records = 3 AND decided_by = 'suzuki'"), 1);
	assert_false(spool_has(e, "batch.csv"));
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM erasure_records WHERE kind = "
	    "'import_files' AND count = 1"), 1);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'import.run' AND user = 'suzuki'"), 1);
	/* Decided once. */
	assert_int_equal(import_approve(e->f->db, &e->cf, &suzuki, id, &records, &failed,
	    &cause), -1);
	assert_non_null(strstr(cause, "decided already"));
	free(cause);
}

/* One bad row, the fourth: nothing of the batch comes in, and the request says why. */
static void
test_import_whole_or_nothing(void **state)
{
	struct env	*e = *state;
	char		 id[37], *cause = NULL;
	int64_t		 records;
	int		 failed;

	spool_file(e, "bad.csv", HEADER "\n" ROW("1", "ヤマダ") "\n" ROW("2", "ヤマダ") "\n"
	    ROW("3", "yamada") "\n" ROW("4", "ヤマダ") "\n");
	assert_int_equal(import_request_file(e->f->db, &e->cf, &tanaka, "applications",
	    "bad.csv", "USB", "申請", id, &cause), 0);
	assert_int_equal(import_approve(e->f->db, &e->cf, &suzuki, id, &records, &failed,
	    &cause), -1);
	assert_int_equal(failed, 1);
	if (strstr(cause, "line 4: Family name kana") == NULL)
		fail_msg("%s", cause);
	free(cause);
	assert_int_equal(records, 0);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM applications"), 0);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'application'"), 0);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM import_requests WHERE "
	    "status = 'failed' AND outcome LIKE 'line 4: Family name kana%'"), 1);
	assert_false(spool_has(e, "bad.csv"));
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM erasure_records WHERE kind = "
	    "'import_files'"), 1);

	/* A line break in a cell that takes one line only: refused by the register's rules. */
	spool_file(e, "nl.csv", "family_name,given_name,family_kana,given_kana,sex,birth_date,"
	    "address1,qualification,application_date,reception_date,issue_date,route,"
	    "pass_number\n山田,太郎,ヤマダ,タロウ,1,1980-04-01,\"東京都\n千代田区\",1,"
	    "2026-04-01,2026-04-02,2026-05-01,exam,P-1\n");
	assert_int_equal(import_request_file(e->f->db, &e->cf, &tanaka, "applications",
	    "nl.csv", "USB", "申請", id, &cause), 0);
	assert_int_equal(import_approve(e->f->db, &e->cf, &suzuki, id, &records, &failed,
	    &cause), -1);
	assert_non_null(strstr(cause, "line 2: Address 1"));
	free(cause);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM applications"), 0);
}

/*
 * A row whose person may already be on the register (issue 25's duplicate check): the
 * import stops, naming the line and the holder; nothing comes in.
 */
static void
test_import_duplicate(void **state)
{
	struct env		*e = *state;
	struct holder_record	 h;
	const struct actor	 root = { "root", "os-admin", "pts/0", 1 };
	char			 id[37], *cause = NULL;
	int64_t			 records;
	int			 failed;

	memset(&h, 0, sizeof h);
	h.family_name = "山田";
	h.given_name = "太郎";
	h.family_kana = "ヤマダ";
	h.given_kana = "タロウ";
	h.sex = 1;
	h.birth_date = "1980-04-05";
	h.qualification = "building-hygiene";
	h.certificate_number = "BH-0000099";
	h.issue_date = "2010-06-01";
	h.route = "exam";
	if (holder_import(e->f->db, &root, &h, &cause) != 0)
		fail_msg("holder_import: %s", cause);
	/* The second row is him, in half-width kana. */
	spool_file(e, "dup.csv", HEADER "\n" "佐藤,一郎,サトウ,イチロウ,1,1981-01-01,東京都,1,"
	    "2026-04-01,2026-04-02,2026-05-01,exam,P-8\n" ROW("5", "ﾔﾏﾀﾞ") "\n");
	assert_int_equal(import_request_file(e->f->db, &e->cf, &tanaka, "applications",
	    "dup.csv", "USB", "申請", id, &cause), 0);
	assert_int_equal(import_approve(e->f->db, &e->cf, &suzuki, id, &records, &failed,
	    &cause), -1);
	if (strstr(cause, "line 3: 山田 太郎 (1980-04-05) may already be on the register (the "
	    "same birth date and name (kana))") == NULL)
		fail_msg("%s", cause);
	free(cause);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM applications"), 0);

	/* One person twice in a batch: the second row meets the first, pending. */
	spool_file(e, "twice.csv", HEADER "\n" ROW("7", "ヤマダ") "\n" ROW("7", "ﾔﾏﾀﾞ") "\n");
	assert_int_equal(import_request_file(e->f->db, &e->cf, &tanaka, "applications",
	    "twice.csv", "USB", "申請", id, &cause), 0);
	assert_int_equal(import_approve(e->f->db, &e->cf, &suzuki, id, &records, &failed,
	    &cause), -1);
	if (strstr(cause, "line 3: 山田 太郎7 (1980-04-07) already has a registration "
	    "application waiting for a supervisor") == NULL)
		fail_msg("%s", cause);
	free(cause);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM applications"), 0);
}

/* Changed since requested, or a link: nothing is decided on a file that is not the one. */
static void
test_import_not_the_file(void **state)
{
	struct env	*e = *state;
	char		 id[37], *cause = NULL, *target, *link;
	int64_t		 records;
	int		 failed;

	spool_file(e, "a.csv", HEADER "\n" ROW("1", "ヤマダ") "\n");
	assert_int_equal(import_request_file(e->f->db, &e->cf, &tanaka, "applications",
	    "a.csv", "USB", "申請", id, &cause), 0);
	spool_file(e, "a.csv", HEADER "\n" ROW("1", "ヤマダ") "\n" ROW("2", "ヤマダ") "\n");
	assert_int_equal(import_approve(e->f->db, &e->cf, &suzuki, id, &records, &failed,
	    &cause), -1);
	assert_int_equal(failed, 0);
	assert_non_null(strstr(cause, "is not the file that was requested"));
	free(cause);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM applications"), 0);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM import_requests WHERE "
	    "status = 'pending'"), 1);
	/* Rejected, with why: the file leaves the spool. */
	assert_int_equal(import_reject(e->f->db, &e->cf, &suzuki, id, "", &cause), -1);
	free(cause);
	assert_int_equal(import_reject(e->f->db, &e->cf, &suzuki, id, "差し替えられた", &cause),
	    0);
	assert_false(spool_has(e, "a.csv"));
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM import_requests WHERE "
	    "status = 'rejected' AND outcome = 'rejected: 差し替えられた'"), 1);

	spool_file(e, "real.csv", HEADER "\n" ROW("1", "ヤマダ") "\n");
	xasprintf(&target, "%s/real.csv", e->spool);
	xasprintf(&link, "%s/link.csv", e->spool);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(import_request_file(e->f->db, &e->cf, &tanaka, "applications",
	    "link.csv", "USB", "申請", id, &cause), -1);
	assert_non_null(strstr(cause, "link.csv is a link"));
	free(cause);
	assert_int_equal(import_request_file(e->f->db, &e->cf, &tanaka, "applications",
	    "../x.csv", "USB", "申請", id, &cause), -1);
	free(cause);
	assert_int_equal(import_request_file(e->f->db, &e->cf, &tanaka, "applications",
	    "real.csv", "", "申請", id, &cause), -1);
	assert_non_null(strstr(cause, "where the file came from"));
	free(cause);
	free(target);
	free(link);
}

/* A transaction begun inside another joins it; an inner rollback dooms the whole. */
static void
test_joined_transactions(void **state)
{
	struct env	*e = *state;
	struct db	*db = e->f->db;
	char		*cause = NULL;

	assert_int_equal(db_exec(db, "CREATE TABLE t (x)", &cause), 0);
	assert_int_equal(db_begin(db, &cause), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (1)", &cause), 0);
	assert_int_equal(db_begin(db, &cause), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (2)", &cause), 0);
	assert_int_equal(db_finish(db, 0, &cause), 0);
	assert_int_equal(db_commit(db, &cause), 0);
	assert_int_equal(db_count(db, "SELECT count(*) FROM t"), 2);

	assert_int_equal(db_begin(db, &cause), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (3)", &cause), 0);
	assert_int_equal(db_begin(db, &cause), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (4)", &cause), 0);
	assert_int_equal(db_finish(db, -1, &cause), -1);	/* the inner one fails */
	assert_int_equal(db_commit(db, &cause), -1);		/* so the whole does */
	assert_non_null(strstr(cause, "nothing was written"));
	free(cause);
	assert_int_equal(db_count(db, "SELECT count(*) FROM t"), 2);
	assert_int_equal(db->in_tx, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_read),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_applications_parse),
		cmocka_unit_test_setup_teardown(test_import_applications, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_whole_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_duplicate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_not_the_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_joined_transactions, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
