/*
 * Retention (issue 22): every kind at its boundary (kept on day N, erased on day N+1, with
 * the test clock); the seed incident (a rule for the register is refused, by the code with
 * why and by the schema whatever asks); unacknowledged outbox rows and answers under an
 * open review never erased; links never followed; the erasure record written once, also
 * for a file erasure cut short and finished by the next run; records kept for ever; and
 * the erased Juki answers absent from the database's pages and its WAL once decrypted.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "audit/audit.h"
#include "clock.h"
#include "db-internal.h"
#include "keyfile.h"
#include "retention/retention.h"
#include "testutil.h"
#include "xmalloc.h"

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };

/* 2026-04-01T00:00:00Z: the day the test's data is made. */
#define T0	((time_t)1775001600)
#define DAY	86400

struct rfix {
	struct fixture		*f;
	char			 quarantine[300];
	char			 spool[300];
	char			 backups[300];
	struct retention_dirs	 dirs;
};

static int
setup(void **state)
{
	struct rfix	*r;

	clock_test_reset();
	r = xcalloc(1, sizeof *r);
	if (fixture_setup((void **)&r->f) != 0)
		return -1;
	snprintf(r->quarantine, sizeof r->quarantine, "%s/quarantine", r->f->dir);
	snprintf(r->spool, sizeof r->spool, "%s/spool", r->f->dir);
	mkdir(r->quarantine, 0700);
	mkdir(r->spool, 0700);
	r->dirs.juki_quarantine = r->quarantine;
	r->dirs.cert_spool = r->spool;
	snprintf(r->backups, sizeof r->backups, "%s/backups", r->f->dir);
	mkdir(r->backups, 0700);
	r->dirs.backup_dir = r->backups;
	r->dirs.backup_keep = 2;
	*state = r;
	return 0;
}

static int
teardown(void **state)
{
	struct rfix	*r = *state;
	char		*cmd;

	xasprintf(&cmd, "rm -rf '%s/quarantine' '%s/spool' '%s/backups'", r->f->dir, r->f->dir,
	    r->f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove the test's directories\n");
	free(cmd);
	clock_test_reset();
	fixture_teardown((void **)&r->f);
	free(r);
	return 0;
}

static void
at(time_t t)
{
	clock_test_freeze((int64_t)t * 1000);
}

static void
iso(time_t t, char *buf, size_t len)
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

static void
exec_ok(struct db *db, const char *sql)
{
	char	*cause = NULL;

	if (db_exec(db, sql, &cause) != 0)
		fail_msg("%s: %s", sql, cause);
}

static void
set_rule(struct rfix *r, const char *kind, int days)
{
	char	*cause = NULL;

	if (retention_rule_set(r->f->db, &root_admin, kind, days, 1, &cause) != 0)
		fail_msg("rule %s: %s", kind, cause);
}

/* Erases kind now; returns the record's count (0: no record). */
static int64_t
erase(struct rfix *r, const char *kind)
{
	char	*cause = NULL;
	int64_t	 record;

	if (retention_erase(r->f->db, &r->dirs, &root_admin, kind, "automatic", &record,
	    &cause) != 0)
		fail_msg("erase %s: %s", kind, cause);
	if (record == 0)
		return 0;
	return db_count(r->f->db, "SELECT count FROM erasure_records ORDER BY id DESC LIMIT 1");
}

/* A Juki answer received at t, for a query of its own; name is what it says. */
static void
juki_answer(struct rfix *r, int n, time_t t, const char *name)
{
	char	 when[40], *sql;

	iso(t, when, sizeof when);
	xasprintf(&sql, "INSERT INTO juki_queries (id, request_no, file_id, mode, key_kind, "
	    "key_summary, jimu, purpose_ref, status, requested_by, requested_at) VALUES "
	    "('00000000-0000-4000-8000-%012d', %d, 'F', 'immediate', 'four', 'summary %s', 1, "
	    "'test', 'answered', 'tanaka', '%s'); INSERT INTO juki_results (id, query_id, seq, "
	    "file_id, result_code, nresults, matched, moved, alive, changes, jumin_code, name, "
	    "kana, birth, sex, address, reason, reason_date, municipality, nonparticipating, "
	    "pattern, old_name, old_kana, gaiji, received_at) VALUES "
	    "('10000000-0000-4000-8000-%012d', '00000000-0000-4000-8000-%012d', 1, 'F', 0, 1, "
	    "'', 0, 1, '', '', '%s', 'カナ', 19800101, 1, '東京都千代田区', 0, 0, '131016', 0, "
	    "0, '', '', 0, '%s')", n, n, name, when, n, n, name, when);
	exec_ok(r->f->db, sql);
	free(sql);
}

static void
test_juki_answers_boundary(void **state)
{
	struct rfix	*r = *state;

	set_rule(r, "juki_answers", 30);
	juki_answer(r, 1, T0, "山田 太郎");
	at(T0 + 30 * DAY);
	assert_int_equal(erase(r, "juki_answers"), 0);
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM juki_results"), 1);
	at(T0 + 31 * DAY);
	assert_int_equal(erase(r, "juki_answers"), 1);
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM juki_results"), 0);
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM juki_queries WHERE "
	    "key_summary <> ''"), 0);
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM erasure_records WHERE kind = "
	    "'juki_answers' AND state = 'done' AND count = 1 AND oldest LIKE '2026-04-01%' AND "
	    "approved_by = 'automatic' AND proposed_by = 'root'"), 1);
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'retention.erase' AND detail LIKE 'juki_answers: 1 erased%'"), 1);
	/* Nothing more: no second record. */
	assert_int_equal(erase(r, "juki_answers"), 0);
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM erasure_records"), 1);
}

static void
test_juki_answers_open_review(void **state)
{
	struct rfix	*r = *state;

	set_rule(r, "juki_answers", 0);
	juki_answer(r, 1, T0, "山田 太郎");
	/* An open review points at the answer (no holder is needed to show it stays). */
	exec_ok(r->f->db, "PRAGMA foreign_keys = OFF");
	exec_ok(r->f->db, "INSERT INTO juki_jobs (id, status, base_date, period_from, "
	    "batch_size, total, started_by, started_at) VALUES "
	    "('30000000-0000-4000-8000-000000000001', 'done', '2026-04-01', '2026-01-01', 1, "
	    "1, 'sato', '2026-04-01T00:00:00.000Z'); INSERT INTO juki_review (id, job_id, "
	    "holder_id, result_id, kind, created_at) VALUES "
	    "('40000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000001', "
	    "'20000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', "
	    "'moved', '2026-04-01T00:00:00.000Z')");
	exec_ok(r->f->db, "PRAGMA foreign_keys = ON");
	at(T0 + 400 * DAY);
	assert_int_equal(erase(r, "juki_answers"), 0);
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM juki_results"), 1);
	/* Closed: it goes, with the review's row. */
	exec_ok(r->f->db, "UPDATE juki_review SET status = 'done'");
	assert_int_equal(erase(r, "juki_answers"), 1);
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM juki_review"), 0);
}

static void
outbox_row(struct rfix *r, int n, const char *pushed)
{
	char	*sql;

	xasprintf(&sql, "INSERT INTO outbox (terminal_id, entity, entity_id, version, op, "
	    "payload, created_at, pushed_at) VALUES ('T-UNIT-01', 'holder', "
	    "'50000000-0000-4000-8000-%012d', 1, 'insert', '{\"n\":%d}', "
	    "'2026-04-01T00:00:00.000Z', %s)", n, n, pushed);
	exec_ok(r->f->db, sql);
	free(sql);
}

static void
test_outbox_boundary(void **state)
{
	struct rfix	*r = *state;

	set_rule(r, "outbox_pushed", 10);
	outbox_row(r, 1, "'2026-04-01T00:00:00.000Z'");
	outbox_row(r, 2, "'2026-04-01T00:00:00.000Z'");
	outbox_row(r, 3, "'2026-04-01T00:00:00.000Z'");	/* the newest acknowledged */
	outbox_row(r, 4, "NULL");				/* never acknowledged */
	at(T0 + 10 * DAY);
	assert_int_equal(erase(r, "outbox_pushed"), 0);
	at(T0 + 11 * DAY);
	assert_int_equal(erase(r, "outbox_pushed"), 2);
	/* The newest acknowledged row stays (recovery reads it), the unsent one always. */
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM outbox WHERE payload IN "
	    "('{\"n\":3}', '{\"n\":4}')"), 2);
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'holder'"), 2);
	/* The erasure record itself waits to be pushed. */
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'erasure_record' AND pushed_at IS NULL AND entity_id = (SELECT uuid FROM "
	    "erasure_records)"), 1);
	at(T0 + 5000 * DAY);
	assert_int_equal(erase(r, "outbox_pushed"), 0);
	/* Unsent: the holder's row, and the erasure record. */
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM outbox WHERE pushed_at IS "
	    "NULL"), 2);
}

static void
make_file(const char *dir, const char *name, time_t mtime)
{
	struct timespec	 ts[2];
	char		*path;
	int		 fd;

	xasprintf(&path, "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "personal data\n", 14), 14);
	close(fd);
	ts[0].tv_sec = ts[1].tv_sec = mtime;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	free(path);
}

static int
exists(const char *dir, const char *name)
{
	struct stat	 st;
	char		*path;
	int		 rc;

	xasprintf(&path, "%s/%s", dir, name);
	rc = lstat(path, &st) == 0;
	free(path);
	return rc;
}

static void
test_files_boundary(void **state)
{
	struct rfix	*r = *state;
	char		*target, *link;

	set_rule(r, "juki_quarantine", 90);
	set_rule(r, "print_files", 30);
	make_file(r->quarantine, "R0001.dat", T0);
	make_file(r->quarantine, "R0001.dat.why", T0);
	make_file(r->spool, "000001-0-20260401.pdf", T0);
	make_file(r->spool, "notes.txt", T0);		/* not a print file */
	/* A link, old as it may be, is never followed nor erased. */
	xasprintf(&target, "%s/target.pdf", r->f->dir);
	make_file(r->f->dir, "target.pdf", T0 + 1000 * DAY);
	xasprintf(&link, "%s/link.pdf", r->spool);
	assert_int_equal(symlink(target, link), 0);

	at(T0 + 30 * DAY);
	assert_int_equal(erase(r, "print_files"), 0);
	at(T0 + 31 * DAY);
	assert_int_equal(erase(r, "print_files"), 1);
	assert_false(exists(r->spool, "000001-0-20260401.pdf"));
	assert_true(exists(r->spool, "notes.txt"));
	assert_true(exists(r->spool, "link.pdf"));
	assert_true(exists(r->f->dir, "target.pdf"));
	at(T0 + 90 * DAY);
	assert_int_equal(erase(r, "juki_quarantine"), 0);
	at(T0 + 91 * DAY);
	assert_int_equal(erase(r, "juki_quarantine"), 2);
	assert_false(exists(r->quarantine, "R0001.dat"));
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM erasure_records WHERE state "
	    "= 'done' AND method LIKE 'overwritten%'"), 2);
	unlink(target);
	free(target);
	free(link);
}

/* A file erasure killed after its record and the first file: the next run finishes it. */
static void
test_files_crash(void **state)
{
	struct rfix	*r = *state;
	char		 cutoff[40], *sql, *path;

	set_rule(r, "juki_quarantine", 0);
	make_file(r->quarantine, "A.dat", T0);
	make_file(r->quarantine, "B.dat", T0);
	at(T0 + DAY);
	iso(T0 + DAY, cutoff, sizeof cutoff);
	/* As the run left it: the record running with its two names, A gone, B there. */
	xasprintf(&sql, "INSERT INTO erasure_records (uuid, terminal_id, kind, rule_days, "
	    "cutoff, count, bytes, method, proposed_by, approved_by, state, started_at) VALUES "
	    "('60000000-0000-4000-8000-000000000001', 'T-UNIT-01', 'juki_quarantine', 0, "
	    "'%s', 2, 28, 'overwritten', 'root', 'automatic', 'running', '%s'); INSERT INTO "
	    "erasure_pending_files SELECT max(id), 'A.dat' FROM erasure_records; INSERT INTO "
	    "erasure_pending_files SELECT max(id), 'B.dat' FROM erasure_records", cutoff,
	    cutoff);
	exec_ok(r->f->db, sql);
	free(sql);
	xasprintf(&path, "%s/A.dat", r->quarantine);
	unlink(path);
	free(path);
	/* A file that came after the cut: a new record of its own. */
	make_file(r->quarantine, "C.dat", T0 + DAY / 2);
	at(T0 + 2 * DAY);
	assert_int_equal(erase(r, "juki_quarantine"), 1);
	assert_false(exists(r->quarantine, "B.dat"));
	assert_false(exists(r->quarantine, "C.dat"));
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM erasure_records WHERE state "
	    "= 'done'"), 2);
	assert_int_equal(db_count(r->f->db, "SELECT sum(count) FROM erasure_records"), 3);
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM erasure_pending_files"), 0);
	/* Both go to the central store, once each. */
	assert_int_equal(db_count(r->f->db, "SELECT count(DISTINCT entity_id) FROM outbox WHERE "
	    "entity = 'erasure_record'"), 2);
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM outbox WHERE entity = "
	    "'erasure_record'"), 2);
}

/* The seed incident: about 11 million records lost to a rule shorter than the law's. */
static void
test_register_has_no_rule(void **state)
{
	struct rfix	*r = *state;
	char		*cause = NULL;
	int64_t		 record;

	assert_int_equal(retention_rule_set(r->f->db, &root_admin, "registrations", 0, 1,
	    &cause), -1);
	assert_non_null(strstr(cause, "part of the register, which has no retention rule"));
	assert_non_null(strstr(cause, "never erased automatically"));
	free(cause);
	cause = NULL;
	/* Whatever program asks, the schema refuses, and says why. */
	assert_int_not_equal(db_exec(r->f->db, "INSERT INTO retention_rules (kind, days, "
	    "automatic) VALUES ('registrations', 0, 1)", &cause), 0);
	assert_non_null(strstr(cause, "the register has no retention rule"));
	free(cause);
	cause = NULL;
	assert_int_not_equal(db_exec(r->f->db, "UPDATE retention_rules SET kind = 'holders' "
	    "WHERE kind = 'print_files'", &cause), 0);
	free(cause);
	cause = NULL;
	assert_int_equal(retention_erase(r->f->db, &r->dirs, &root_admin, "holders",
	    "automatic", &record, &cause), -1);
	assert_non_null(strstr(cause, "register"));
	free(cause);
	cause = NULL;
	/* Bad input: nothing changes. */
	assert_int_equal(retention_rule_set(r->f->db, &root_admin, "juki_answers", -1, 1,
	    &cause), -1);
	assert_non_null(strstr(cause, "-1 days"));
	free(cause);
	cause = NULL;
	assert_int_equal(retention_rule_set(r->f->db, &root_admin, "photos", 10, 1, &cause),
	    -1);
	assert_non_null(strstr(cause, "not a kind of temporary data"));
	free(cause);
	cause = NULL;
	assert_int_not_equal(db_exec(r->f->db, "UPDATE retention_rules SET days = -5 WHERE "
	    "kind = 'print_files'", &cause), 0);
	free(cause);
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM retention_rules WHERE days "
	    "< 0 OR kind NOT IN ('juki_answers', 'juki_quarantine', 'outbox_pushed', "
	    "'print_files', 'backups')"), 0);
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM retention_rules WHERE "
	    "changed_by <> 'install'"), 0);
}

static void
test_records_kept(void **state)
{
	struct rfix	*r = *state;
	char		*cause = NULL;

	set_rule(r, "print_files", 0);
	make_file(r->spool, "x.pdf", T0);
	at(T0 + DAY);
	assert_int_equal(erase(r, "print_files"), 1);
	assert_int_not_equal(db_exec(r->f->db, "DELETE FROM erasure_records", &cause), 0);
	assert_non_null(strstr(cause, "kept for ever"));
	free(cause);
	cause = NULL;
	assert_int_not_equal(db_exec(r->f->db, "UPDATE erasure_records SET count = 0", &cause),
	    0);
	free(cause);
	cause = NULL;
	assert_int_not_equal(db_exec(r->f->db, "UPDATE erasure_records SET state = 'running'",
	    &cause), 0);
	free(cause);
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM erasure_records WHERE count "
	    "= 1 AND state = 'done'"), 1);
}

/*
 * Every page of an SQLCipher 4 file (raw key: AES-256-CBC, the IV in the page's reserved
 * tail of 80 bytes, the first 16 bytes of page 1 the salt), decrypted; 1 when needle is in
 * one of them.
 */
static int
pages_contain(const char *path, const struct key *key, size_t skip, size_t frame_head,
    const char *needle)
{
	EVP_CIPHER_CTX	*ctx;
	unsigned char	 page[4096], plain[4096];
	size_t		 reserve = 80, start, len, nlen = strlen(needle);
	int		 outl, finl, found = 0;
	FILE		*f;

	if ((f = fopen(path, "rb")) == NULL)
		return 0;
	if (skip > 0 && fseek(f, (long)skip, SEEK_SET) != 0) {
		fclose(f);
		return 0;
	}
	ctx = EVP_CIPHER_CTX_new();
	for (;;) {
		if (frame_head > 0 && fseek(f, (long)frame_head, SEEK_CUR) != 0)
			break;
		if (fread(page, 1, sizeof page, f) != sizeof page)
			break;
		/* Page 1 of the database: its first 16 bytes are the salt. */
		start = skip == 0 && ftell(f) == (long)sizeof page ? 16 : 0;
		len = sizeof page - reserve - start;
		EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, key->bytes,
		    page + sizeof page - reserve);
		EVP_CIPHER_CTX_set_padding(ctx, 0);
		if (EVP_DecryptUpdate(ctx, plain, &outl, page + start, (int)len) != 1 ||
		    EVP_DecryptFinal_ex(ctx, plain + outl, &finl) != 1)
			continue;
		if (memmem(plain, len, needle, nlen) != NULL)
			found = 1;
	}
	EVP_CIPHER_CTX_free(ctx);
	fclose(f);
	return found;
}

static void
test_pages(void **state)
{
	struct rfix	*r = *state;
	char		 wal[320];
	int		 i;

	snprintf(wal, sizeof wal, "%s-wal", r->f->db_path);
	set_rule(r, "juki_answers", 1);
	/* Enough rows that they fill pages of their own. */
	for (i = 1; i <= 200; i++)
		juki_answer(r, i, T0, i == 77 ? "消去確認 花子" : "山田 太郎");
	/* The decryption itself works: the name is found while the row is there. */
	exec_ok(r->f->db, "PRAGMA wal_checkpoint(TRUNCATE)");
	assert_true(pages_contain(r->f->db_path, r->f->key, 0, 0, "消去確認"));
	at(T0 + 3 * DAY);
	assert_int_equal(erase(r, "juki_answers"), 200);
	assert_false(pages_contain(r->f->db_path, r->f->key, 0, 0, "消去確認"));
	/* The WAL: a 32-byte header, then frames of a 24-byte header and a page. */
	assert_false(pages_contain(wal, r->f->key, 32, 24, "消去確認"));
	/* And the summary of the query. */
	assert_false(pages_contain(r->f->db_path, r->f->key, 0, 0, "summary 消去確認"));
}

static void
test_daily(void **state)
{
	struct rfix	*r = *state;
	char		*cause = NULL;
	int		 ran;

	set_rule(r, "print_files", 0);
	make_file(r->spool, "a.pdf", T0);
	at(T0 + DAY);
	assert_int_equal(retention_daily(r->f->db, &r->dirs, &root_admin, &ran, &cause), 0);
	assert_int_equal(ran, 1);
	assert_false(exists(r->spool, "a.pdf"));
	/* Again within the day: nothing runs. */
	make_file(r->spool, "b.pdf", T0);
	at(T0 + 2 * DAY - 1);
	assert_int_equal(retention_daily(r->f->db, &r->dirs, &root_admin, &ran, &cause), 0);
	assert_int_equal(ran, 0);
	assert_true(exists(r->spool, "b.pdf"));
	/* A day later: it runs. */
	at(T0 + 2 * DAY);
	assert_int_equal(retention_daily(r->f->db, &r->dirs, &root_admin, &ran, &cause), 0);
	assert_int_equal(ran, 1);
	assert_false(exists(r->spool, "b.pdf"));
	/* An approval kind is never run by it. */
	assert_int_equal(retention_rule_set(r->f->db, &root_admin, "juki_quarantine", 0, 0,
	    &cause), 0);
	make_file(r->quarantine, "q.dat", T0);
	at(T0 + 10 * DAY);
	assert_int_equal(retention_daily(r->f->db, &r->dirs, &root_admin, &ran, &cause), 0);
	assert_int_equal(ran, 1);
	assert_true(exists(r->quarantine, "q.dat"));
}

static const struct actor sato = { "sato", "supervisor", "tty1", 0 };
static const struct actor suzuki = { "suzuki", "supervisor", "tty2", 0 };

static void
floors(struct rfix *r, int juki_answers)
{
	char	*kinds[] = { "juki_answers", "juki_quarantine", "outbox_pushed",
	    "print_files" }, *cause = NULL;
	int	 days[] = { juki_answers, 0, 0, 0 };

	if (retention_floors_store(r->f->db, kinds, days, 4, &cause) != 0)
		fail_msg("floors: %s", cause);
}

static void
test_rule_request(void **state)
{
	struct rfix	*r = *state;
	char		*cause = NULL;
	int64_t		 id;

	/* Shortening with no floor known: refused; lengthening needs none. */
	assert_int_equal(retention_propose_rule(r->f->db, &sato, "juki_answers", 10, 1,
	    "shorter", &id, &cause), -1);
	assert_non_null(strstr(cause, "floor for it is not known here yet"));
	free(cause);
	assert_int_equal(retention_propose_rule(r->f->db, &sato, "juki_answers", 60, 1,
	    "longer", &id, &cause), 0);
	/* The proposer does not decide; another supervisor does. */
	assert_int_equal(retention_decide(r->f->db, &r->dirs, &sato, id, 1, "", &cause), -1);
	assert_non_null(strstr(cause, "another supervisor decides it"));
	free(cause);
	assert_int_equal(db_count(r->f->db, "SELECT days FROM retention_rules WHERE kind = "
	    "'juki_answers'"), 30);
	assert_int_equal(retention_decide(r->f->db, &r->dirs, &suzuki, id, 1, "ok", &cause), 0);
	assert_int_equal(db_count(r->f->db, "SELECT days FROM retention_rules WHERE kind = "
	    "'juki_answers' AND changed_by = 'suzuki'"), 60);
	/* Decided once. */
	assert_int_equal(retention_decide(r->f->db, &r->dirs, &suzuki, id, 0, "no", &cause), -1);
	assert_non_null(strstr(cause, "approved already"));
	free(cause);

	/* Below the floor the central store sets: refused when proposed... */
	floors(r, 20);
	assert_int_equal(retention_propose_rule(r->f->db, &sato, "juki_answers", 19, 1, "x",
	    &id, &cause), -1);
	assert_non_null(strstr(cause, "sets its floor at 20 days"));
	free(cause);
	assert_int_equal(retention_propose_rule(r->f->db, &sato, "juki_answers", 20, 1, "x",
	    &id, &cause), 0);
	/* ... and when decided, if the floor rose meanwhile. */
	floors(r, 25);
	assert_int_equal(retention_decide(r->f->db, &r->dirs, &suzuki, id, 1, "", &cause), -1);
	assert_non_null(strstr(cause, "sets its floor at 25 days"));
	free(cause);
	/* A rejection says why. */
	assert_int_equal(retention_decide(r->f->db, &r->dirs, &suzuki, id, 0, "", &cause), -1);
	free(cause);
	assert_int_equal(retention_decide(r->f->db, &r->dirs, &suzuki, id, 0, "too short",
	    &cause), 0);
	/* The register, in a request too. */
	assert_int_equal(retention_propose_rule(r->f->db, &sato, "registrations", 0, 1, "x",
	    &id, &cause), -1);
	assert_non_null(strstr(cause, "part of the register"));
	free(cause);
	assert_int_equal(retention_propose_rule(r->f->db, &sato, "print_files", 5, 1, "",
	    &id, &cause), -1);
	free(cause);
	/* Four eyes in the schema, whatever asks. */
	assert_int_not_equal(db_exec(r->f->db, "UPDATE retention_requests SET status = "
	    "'approved', decided_by = proposed_by WHERE id = 1", &cause), 0);
	free(cause);
	assert_int_not_equal(db_exec(r->f->db, "DELETE FROM retention_requests", &cause), 0);
	free(cause);
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM audit_log WHERE action IN "
	    "('retention.propose', 'retention.approve', 'retention.reject')"), 4);
}

static void
test_erase_request(void **state)
{
	struct rfix	*r = *state;
	char		*cause = NULL;
	int64_t		 id;

	floors(r, 0);
	/* The quarantine needs approval here. */
	at(T0);
	assert_int_equal(retention_propose_rule(r->f->db, &sato, "juki_quarantine", 10, 0,
	    "approve each", &id, &cause), 0);
	assert_int_equal(retention_decide(r->f->db, &r->dirs, &suzuki, id, 1, "", &cause), 0);
	assert_int_equal(retention_propose_erase(r->f->db, &r->dirs, &sato, "print_files",
	    "x", &id, &cause), -1);
	assert_non_null(strstr(cause, "erased automatically every day"));
	free(cause);
	assert_int_equal(retention_propose_erase(r->f->db, &r->dirs, &sato, "juki_quarantine",
	    "x", &id, &cause), -1);
	assert_non_null(strstr(cause, "nothing of juki_quarantine is past its 10 days"));
	free(cause);

	make_file(r->quarantine, "old.dat", T0);
	at(T0 + 20 * DAY + 3600);
	assert_int_equal(retention_propose_erase(r->f->db, &r->dirs, &sato, "juki_quarantine",
	    "gateway fault closed", &id, &cause), 0);
	assert_int_equal(db_count(r->f->db, "SELECT dry_count FROM retention_requests WHERE "
	    "action = 'erase'"), 1);
	/* A file younger than the dry run's cutoff is not what was approved. */
	make_file(r->quarantine, "later.dat", T0 + 10 * DAY + 5400);
	/* The next day: the dry run is stale. */
	at(T0 + 21 * DAY + 3600);
	assert_int_equal(retention_decide(r->f->db, &r->dirs, &suzuki, id, 1, "", &cause), -1);
	assert_non_null(strstr(cause, "on the day of its dry run only"));
	free(cause);
	assert_true(exists(r->quarantine, "old.dat"));
	/* The same day: erased up to the dry run's cutoff, the record names both. */
	at(T0 + 20 * DAY + 7200);
	assert_int_equal(retention_decide(r->f->db, &r->dirs, &suzuki, id, 1, "checked",
	    &cause), 0);
	assert_false(exists(r->quarantine, "old.dat"));
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM erasure_records WHERE kind = "
	    "'juki_quarantine' AND proposed_by = 'sato' AND approved_by = 'suzuki' AND count = "
	    "1 AND id = (SELECT record_id FROM retention_requests WHERE id = 2)"), 1);
	/* Past its rule's 10 days by the time of approval, but not by the dry run's. */
	assert_true(exists(r->quarantine, "later.dat"));
}

/* Two erasures at once: the second waits, then refuses; nothing is erased twice. */
static void
test_race(void **state)
{
	struct rfix	*r = *state;
	char		*cause = NULL;
	int64_t		 record;
	int		 fd;

	set_rule(r, "print_files", 0);
	make_file(r->spool, "a.pdf", T0);
	at(T0 + DAY);
	/* The other run, in another process: its lock on the database file. */
	fd = open(r->f->db_path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	assert_int_equal(retention_erase(r->f->db, &r->dirs, &root_admin, "print_files",
	    "automatic", &record, &cause), -1);
	assert_non_null(strstr(cause, "another erasure of this terminal is running"));
	free(cause);
	assert_true(exists(r->spool, "a.pdf"));
	assert_int_equal(db_count(r->f->db, "SELECT count(*) FROM erasure_records"), 0);
	close(fd);
	assert_int_equal(erase(r, "print_files"), 1);
}

/* Backups: the keep newest stay whatever their age; each goes with its manifest. */
static void
test_backups(void **state)
{
	struct rfix	*r = *state;
	char		 name[64];
	int		 i;

	for (i = 1; i <= 4; i++) {
		snprintf(name, sizeof name, "madoguchi-T-%d.db", i);
		make_file(r->backups, name, T0 + i * DAY);
		snprintf(name, sizeof name, "madoguchi-T-%d.db.manifest", i);
		make_file(r->backups, name, T0 + i * DAY);
	}
	make_file(r->backups, "notes.txt", T0);
	assert_int_equal(db_count(r->f->db, "SELECT automatic FROM retention_rules WHERE "
	    "kind = 'backups'"), 0);
	set_rule(r, "backups", 0);
	at(T0 + 100 * DAY);
	/* 4 backups, 2 kept: the 2 oldest go, each with its manifest. */
	assert_int_equal(erase(r, "backups"), 2);
	assert_false(exists(r->backups, "madoguchi-T-1.db"));
	assert_false(exists(r->backups, "madoguchi-T-1.db.manifest"));
	assert_false(exists(r->backups, "madoguchi-T-2.db"));
	assert_true(exists(r->backups, "madoguchi-T-3.db"));
	assert_true(exists(r->backups, "madoguchi-T-4.db.manifest"));
	assert_true(exists(r->backups, "notes.txt"));
	assert_int_equal(db_count(r->f->db, "SELECT bytes FROM erasure_records"), 4 * 14);
	/* Never below the keep, however old. */
	at(T0 + 1000 * DAY);
	assert_int_equal(erase(r, "backups"), 0);
	assert_true(exists(r->backups, "madoguchi-T-3.db"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_juki_answers_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_juki_answers_open_review, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_files_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_files_crash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_has_no_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_records_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daily, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rule_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_race, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backups, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
