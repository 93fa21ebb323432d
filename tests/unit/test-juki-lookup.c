/*
 * Juki-net lookups through the real spools and the real madoguchi-juki-sim program: a
 * query is refused without a purpose or the right account, recorded exactly when its file
 * is written, answered and stored; a bad result file is quarantined with nothing stored;
 * the periodic check goes through every holder in batches, pauses and resumes, and
 * builds the review queue of exactly the 異動 the simulated world holds.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accounts/accounts.h"
#include "config-file.h"
#include "db-internal.h"
#include "import/import-run.h"
#include "register/holders.h"
#include "juki/juki-lookup.h"
#include "juki/juki-store.h"
#include "juki.h"
#include "reception/reception.h"
#include "register/register.h"
#include "sim.h"
#include "synth.h"
#include "testutil.h"
#include "valid.h"
#include "xmalloc.h"

#define SEED		42
#define HOLDERS		60

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor sato = { "sato", "supervisor", "tty1", 0 };
static const struct actor suzuki = { "suzuki", "supervisor", "tty1", 0 };
static const struct actor tanaka = { "tanaka", "clerk", "tty1", 0 };
static const struct actor yamada = { "yamada", "clerk", "tty1", 0 };
static const struct actor ono = { "ono", "sysadmin", "tty1", 0 };

struct env {
	struct fixture	*f;
	struct config	 cf;
	char		 out[300], in[300], q[300], sim[1024];
	char		 ids[HOLDERS][37];	/* holder ids by synthetic index */
	/* An open reception (受付) for each holder, made when a lookup first needs it. */
	char		 receptions[HOLDERS][RECEPTION_NUMBER_SIZE];
};

/* Holders 0..HOLDERS-1 of the simulator's population; odd ones without a My Number. */
static void
import_holders(struct env *e)
{
	struct synth_person	 p;
	struct holder_record	 h;
	char			 birth[DATE_ISO_SIZE], cert[16], *cause = NULL;
	int			 i;

	assert_int_equal(db_begin(e->f->db, &cause), 0);
	for (i = 0; i < HOLDERS; i++) {
		synth_person(SEED, (uint64_t)i, &p);
		date_format_iso(&p.birth, birth);
		snprintf(cert, sizeof cert, "BH%07d", i + 1);
		holder_record_from_synth(&h, &p, birth);
		if (i % 2 != 0)
			h.mynumber = NULL;
		h.qualification = "building-hygiene";
		h.certificate_number = cert;
		h.issue_date = "2020-04-01";
		h.route = "exam";
		if (holder_import(e->f->db, &root_admin, &h, &cause) != 0)
			fail_msg("import: %s", cause);
		memcpy(e->ids[i], h.id, 37);
	}
	assert_int_equal(db_commit(e->f->db, &cause), 0);
}

static int
setup(void **state)
{
	struct env	*e = xcalloc(1, sizeof *e);
	const char	*top = getenv("top_builddir");
	char		*cause = NULL;

	if (fixture_setup((void **)&e->f) != 0)
		return -1;
	if (account_first_supervisor(e->f->db, &root_admin, "sato", "佐藤 一郎", &cause) != 0)
		return -1;
	fixture_account(e->f, "suzuki", "supervisor", 1);
	fixture_account(e->f, "tanaka", "clerk", 1);
	fixture_account(e->f, "yamada", "clerk", 0);
	fixture_account(e->f, "ono", "sysadmin", 0);
	fixture_account_scoped(e->f, "kondo", "clerk", 1, "register");
	import_holders(e);
	snprintf(e->out, sizeof e->out, "%s/out", e->f->dir);
	snprintf(e->in, sizeof e->in, "%s/in", e->f->dir);
	snprintf(e->q, sizeof e->q, "%s/quarantine", e->f->dir);
	snprintf(e->sim, sizeof e->sim, "%s/madoguchi-juki-sim", top != NULL ? top : ".");
	if (mkdir(e->out, 0700) != 0 || mkdir(e->in, 0700) != 0 || mkdir(e->q, 0700) != 0)
		return -1;
	config_defaults(&e->cf);
	e->cf.juki_outbound = e->out;
	e->cf.juki_inbound = e->in;
	e->cf.juki_quarantine = e->q;
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env	*e = *state;
	void		*f = e->f;

	fixture_teardown(&f);
	free(e);
	return 0;
}

static int
count_files(const char *dir)
{
	DIR		*d = opendir(dir);
	struct dirent	*de;
	int		 n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

static void
run_sim(struct env *e, const char *extra)
{
	char	*cmd;
	int	 rc;

	xasprintf(&cmd, "'%s' --outbound '%s' --inbound '%s' --seed %d --residents %d --once "
	    "--created 20261123090000 %s >/dev/null 2>&1", e->sim, e->out, e->in, SEED,
	    HOLDERS, extra);
	rc = system(cmd);
	free(cmd);
	assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
}

static void
import_ok(struct env *e, size_t want_files)
{
	size_t	 files, rejected;
	char	*cause = NULL;

	if (juki_lookup_import(e->f->db, &e->cf, &suzuki, &files, &rejected, &cause) != 0)
		fail_msg("import: %s", cause);
	if (rejected != 0)
		fail_msg("rejected: %s", cause);
	assert_int_equal(files, want_files);
	free(cause);
}

/* Holder i's open reception, opened by tanaka at the counter the first time. */
static const char *
reception_of(struct env *e, int i)
{
	char	*cause = NULL;

	if (*e->receptions[i] == '\0' && reception_open(e->f->db, &tanaka, "correction",
	    "counter", e->ids[i], e->receptions[i], &cause) != 0)
		fail_msg("reception: %s", cause);
	return e->receptions[i];
}

/* A lookup of holder i by My Number, for ref (NULL: the holder's open reception). */
static struct juki_lookup_req
by_mynumber(struct env *e, int i, const char *ref)
{
	static struct synth_person	 p;
	struct juki_lookup_req		 r;

	if (ref == NULL)
		ref = reception_of(e, i);
	synth_person(SEED, (uint64_t)i, &p);
	memset(&r, 0, sizeof r);
	r.holder_id = e->ids[i];
	r.key.kind = JUKI_KEY_MYNUMBER;
	r.key.mynumber = p.mynumber;
	r.jimu = JUKI_JIMU_CORRECT;
	r.purpose_ref = ref;
	return r;
}

static int64_t
audits(struct env *e, const char *action, const char *result)
{
	char	*sql;
	int64_t	 n;

	xasprintf(&sql, "SELECT count(*) FROM audit_log WHERE action = '%s' AND result = '%s'",
	    action, result);
	n = db_count(e->f->db, sql);
	free(sql);
	return n;
}

/* Entries of action whose target is exactly "holder:<holder> <what>:<id>". */
static int64_t
holder_audits(struct env *e, const char *action, const char *holder, const char *what,
    const char *id)
{
	char	*sql;
	int64_t	 n;

	xasprintf(&sql, "SELECT count(*) FROM audit_log WHERE action = '%s' AND target = "
	    "'holder:%s %s:%s'", action, holder, what, id);
	n = db_count(e->f->db, sql);
	free(sql);
	return n;
}

/* A clerk looks a holder up by My Number; the simulator answers; the answer is stored. */
static void
test_lookup_by_mynumber(void **state)
{
	struct env		*e = *state;
	struct juki_lookup_req	 r = by_mynumber(e, 0, NULL);
	struct juki_query_row	*rows;
	struct juki_result_row	*res;
	struct synth_person	 p;
	enum juki_lookup_field	 field;
	char			 id[37], *cause = NULL;
	size_t			 n;

	synth_person(SEED, 0, &p);
	if (juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field, &cause) != 0)
		fail_msg("send: %s", cause);
	assert_int_equal(count_files(e->out), 1);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM juki_queries WHERE "
	    "status = 'pending' AND key_summary LIKE '%****%'"), 1);
	/* The My Number is not kept in the query's summary. */
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM juki_queries WHERE "
	    "instr(key_summary, substr((SELECT mynumber FROM mynumbers LIMIT 1), 1, 8)) > 0"),
	    0);
	assert_int_equal(juki_query_list(e->f->db, &tanaka, 1, &rows, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].status, "pending");
	assert_string_equal(rows[0].purpose_ref, e->receptions[0]);
	juki_query_rows_free(rows, n);

	run_sim(e, "");
	assert_int_equal(count_files(e->out), 0);
	assert_int_equal(count_files(e->in), 1);
	import_ok(e, 1);
	assert_int_equal(count_files(e->in), 0);

	assert_int_equal(juki_results_get(e->f->db, &tanaka, id, &res, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_int_equal(res[0].pattern, JUKI_PAT_MYNUMBER);
	assert_true(res[0].result_code == JUKI_RC_MATCH ||
	    res[0].result_code == JUKI_RC_MISMATCH);
	assert_int_equal(res[0].birth, (uint32_t)(p.birth.y * 10000 + p.birth.m * 100 +
	    p.birth.d));
	juki_result_rows_free(res, n);
	/* Another clerk does not see tanaka's answers. */
	assert_int_equal(juki_results_get(e->f->db, &yamada, id, &res, &n, &cause), 0);
	assert_int_equal(n, 0);
	free(res);
	assert_int_equal(juki_query_list(e->f->db, &tanaka, 1, &rows, &n, &cause), 0);
	assert_int_equal(n, 0);
	free(rows);
	assert_int_equal(audits(e, "juki.query", "ok"), 1);
	assert_int_equal(audits(e, "juki.result", "ok"), 1);
	assert_true(audits(e, "juki.result.view", "ok") >= 1);
	/* The query and the answers shown name the holder, first, as "holder:<id>". */
	assert_int_equal(holder_audits(e, "juki.query", e->ids[0], "query", id), 1);
	assert_int_equal(holder_audits(e, "juki.result.view", e->ids[0], "query", id), 2);
}

/* No purpose, the wrong account, a bad key: refused, audited, nothing sent. */
static void
test_refusals(void **state)
{
	struct env		*e = *state;
	struct juki_lookup_req	 r;
	enum juki_lookup_field	 field;
	char			 id[37], app[37], *cause = NULL;
	int64_t			 denied = audits(e, "juki.query", "denied");

	r = by_mynumber(e, 2, "");
	assert_int_equal(juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field, &cause),
	    -1);
	assert_int_equal(field, JUKI_FIELD_PURPOSE);
	assert_non_null(strstr(cause, "reception"));
	free(cause);
	r.purpose_ref = reception_of(e, 2);
	r.jimu = 0;
	assert_int_equal(juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field, &cause),
	    -1);
	free(cause);
	r.jimu = JUKI_JIMU_CORRECT;
	/* Issue 24: any text was a "reception number"; now only a reception of the office. */
	r.purpose_ref = "R 1; DROP TABLE";
	assert_int_equal(juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field, &cause),
	    -1);
	assert_non_null(strstr(cause, "is not a reception number"));
	free(cause);
	r.purpose_ref = "ABC";
	assert_int_equal(juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field, &cause),
	    -1);
	assert_int_equal(field, JUKI_FIELD_PURPOSE);
	free(cause);
	r.purpose_ref = "R2026-9999999";
	assert_int_equal(juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field, &cause),
	    -1);
	assert_non_null(strstr(cause, "there is no reception R2026-9999999"));
	free(cause);
	/* Another holder's reception is no purpose for this one. */
	r.purpose_ref = reception_of(e, 3);
	assert_int_equal(juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field, &cause),
	    -1);
	assert_non_null(strstr(cause, "for another holder"));
	free(cause);
	/* A withdrawn reception is no purpose either. */
	assert_int_equal(reception_withdraw(e->f->db, &tanaka, reception_of(e, 3), "本人の申出",
	    &cause), 0);
	r = by_mynumber(e, 3, NULL);
	assert_int_equal(juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field, &cause),
	    -1);
	assert_non_null(strstr(cause, "withdrawn"));
	free(cause);
	r = by_mynumber(e, 2, NULL);
	/* yamada may not handle My Numbers. */
	assert_int_equal(juki_lookup_send(e->f->db, &e->cf, &yamada, &r, id, &field, &cause),
	    -1);
	assert_non_null(strstr(cause, "My Number"));
	free(cause);
	/* Issue 31: kondo acts for registrations only, not for this correction's 事務. */
	assert_int_equal(juki_lookup_send(e->f->db, &e->cf, &(struct actor){ "kondo", "clerk",
	    "tty1", 0 }, &r, id, &field, &cause), -1);
	assert_non_null(strstr(cause, "does not act for the procedure"));
	free(cause);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM audit_log WHERE user = "
	    "'kondo' AND action = 'juki.query' AND result = 'denied' AND detail = "
	    "'procedure outside the account''s'"), 1);
	/* The sysadmin and root have no lookups at all. */
	assert_int_equal(juki_lookup_send(e->f->db, &e->cf, &ono, &r, id, &field, &cause), -1);
	free(cause);
	assert_int_equal(juki_lookup_send(e->f->db, &e->cf, &root_admin, &r, id, &field,
	    &cause), -1);
	free(cause);
	/* A wrong check digit is named under its field. */
	r.key.mynumber = "123456789012";
	assert_int_equal(juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field, &cause),
	    -1);
	assert_int_equal(field, JUKI_FIELD_MYNUMBER);
	free(cause);
	/* Four items without the sex. */
	memset(&r.key, 0, sizeof r.key);
	r.key.kind = JUKI_KEY_FOUR;
	r.key.name = "山田　太郎";
	r.key.birth_date = "1980-01-02";
	r.key.address = "東京都千代田区霞が関１丁目";
	assert_int_equal(juki_lookup_send(e->f->db, &e->cf, &yamada, &r, id, &field, &cause),
	    -1);
	assert_int_equal(field, JUKI_FIELD_SEX);
	free(cause);
	/* 住民票コード of 10 digits. */
	memset(&r.key, 0, sizeof r.key);
	r.key.kind = JUKI_KEY_JUMIN;
	r.key.jumin = "1234567890";
	assert_int_equal(juki_lookup_send(e->f->db, &e->cf, &yamada, &r, id, &field, &cause),
	    -1);
	assert_int_equal(field, JUKI_FIELD_JUMIN);
	free(cause);
	/* An application already decided is no purpose; an open one is. */
	{
		static const struct reg_value v[] = {
			{ (char *)"address2", (char *)"霞が関９丁目" },
			{ (char *)"event_date", (char *)"2026-11-01" },
			{ (char *)"reason_text", (char *)"住所変更" },
		};
		struct application	 a;
		char			 ref[32];

		if (application_submit(e->f->db, &tanaka, APP_CORRECTION, e->ids[4], NULL, v,
		    3, app, &cause) != 0)
			fail_msg("submit: %s", cause);
		if (application_get(e->f->db, &suzuki, app, &a, &cause) != 0)
			fail_msg("get: %s", cause);
		/* Typed as a clerk might: full-width, spaced, without the leading zeros. */
		assert_non_null(a.reception_number);
		snprintf(ref, sizeof ref, "ｒ%.4s %ld", a.reception_number + 1,
		    strtol(a.reception_number + 6, NULL, 10));
		application_clear(&a);
		r = by_mynumber(e, 4, ref);
		if (juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field, &cause) != 0)
			fail_msg("open application as purpose: %s", cause);
		assert_int_equal(application_decide(e->f->db, &suzuki, app, 0, "違う", &cause),
		    0);
		assert_int_equal(juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field,
		    &cause), -1);
		assert_non_null(strstr(cause, "decided"));
		free(cause);
	}
	assert_int_equal(count_files(e->out), 1);
	assert_true(audits(e, "juki.query", "denied") >= denied + 5);
	/* The one query sent is answered and brought in, leaving nothing pending. */
	run_sim(e, "");
	import_ok(e, 1);
}

/* A result file that answers nothing pending, or is broken, is quarantined whole. */
static void
test_bad_result_quarantined(void **state)
{
	struct env		*e = *state;
	struct juki_lookup_req	 r = by_mynumber(e, 6, NULL);
	enum juki_lookup_field	 field;
	char			 id[37], *cause = NULL;
	size_t			 files, rejected;
	int64_t			 stored = db_count(e->f->db, "SELECT count(*) FROM juki_results");

	if (juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field, &cause) != 0)
		fail_msg("send: %s", cause);
	run_sim(e, "--fault checksum");
	assert_int_equal(juki_lookup_import(e->f->db, &e->cf, &tanaka, &files, &rejected,
	    &cause), 0);
	assert_int_equal(files, 0);
	assert_int_equal(rejected, 1);
	assert_non_null(strstr(cause, "quarantine"));
	free(cause);
	assert_int_equal(count_files(e->in), 0);
	assert_true(count_files(e->q) >= 1);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM juki_results"), stored);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM juki_queries WHERE "
	    "status = 'pending'"), 1);
	assert_true(audits(e, "juki.result.reject", "rejected") >= 1);

	/* The same query answered again, correctly this time: stored once. */
	r = by_mynumber(e, 8, NULL);
	if (juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field, &cause) != 0)
		fail_msg("send: %s", cause);
	run_sim(e, "");
	import_ok(e, 1);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM juki_queries WHERE "
	    "status = 'pending'"), 1);	/* the first one's answer was the broken file */
}

/* The one result file in the inbound spool, moved to the import spool; its name. */
static char *
to_import_spool(struct env *e, const char *spool)
{
	struct dirent	*de;
	DIR		*d = opendir(e->in);
	char		*name = NULL, *from, *to;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] != '.')
			name = xstrdup(de->d_name);
	}
	closedir(d);
	assert_non_null(name);
	xasprintf(&from, "%s/%s", e->in, name);
	xasprintf(&to, "%s/%s", spool, name);
	assert_int_equal(rename(from, to), 0);
	free(from);
	free(to);
	return name;
}

/*
 * The linkage is down and the answers come on a stick (issue 21): the result file is
 * imported only through a request a supervisor approves, checked by the same parser as the
 * inbound spool's; a broken one brings in nothing and the request says why; a good one
 * answers its query. Either way the file leaves the import spool with an erasure record.
 */
static void
test_media_import(void **state)
{
	struct env		*e = *state;
	struct juki_lookup_req	 r = by_mynumber(e, 10, NULL);
	enum juki_lookup_field	 field;
	char			 id[37], req[37], spool[300], *cause = NULL, *name, *sql;
	int64_t			 stored = db_count(e->f->db, "SELECT count(*) FROM juki_results");
	int64_t			 records;
	int			 failed;

	snprintf(spool, sizeof spool, "%s/import", e->f->dir);
	assert_int_equal(mkdir(spool, 0700), 0);
	free(e->cf.import_spool);
	e->cf.import_spool = xstrdup(spool);

	if (juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field, &cause) != 0)
		fail_msg("send: %s", cause);
	run_sim(e, "--fault checksum");
	name = to_import_spool(e, spool);
	assert_int_equal(import_request_file(e->f->db, &e->cf, &tanaka, "juki_result", name,
	    "USB メモリ (連携停止中)", "本人確認", req, &cause), 0);
	assert_int_equal(import_approve(e->f->db, &e->cf, &suzuki, req, &records, &failed,
	    &cause), -1);
	assert_int_equal(failed, 1);
	assert_non_null(strstr(cause, "nothing of it"));
	free(cause);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM juki_results"), stored);
	assert_int_equal(count_files(spool), 0);
	free(name);

	r = by_mynumber(e, 12, NULL);
	if (juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field, &cause) != 0)
		fail_msg("send: %s", cause);
	run_sim(e, "");
	name = to_import_spool(e, spool);
	assert_int_equal(import_request_file(e->f->db, &e->cf, &tanaka, "juki_result", name,
	    "USB メモリ (連携停止中)", "本人確認", req, &cause), 0);
	if (import_approve(e->f->db, &e->cf, &suzuki, req, &records, &failed, &cause) != 0)
		fail_msg("approve: %s", cause);
	assert_int_equal(records, 1);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM juki_results"), stored + 1);
	xasprintf(&sql, "SELECT count(*) FROM juki_queries WHERE status = 'answered' AND "
	    "purpose_ref = '%s'", e->receptions[12]);
	assert_int_equal(db_count(e->f->db, sql), 1);
	free(sql);
	assert_int_equal(count_files(spool), 0);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM erasure_records WHERE kind = "
	    "'import_files'"), 2);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM import_requests WHERE "
	    "status = 'imported' AND records = 1"), 1);
	free(name);
}

/* A request file that cannot be written leaves no query and no used number behind. */
static void
test_no_file_no_query(void **state)
{
	struct env		*e = *state;
	struct juki_lookup_req	 r = by_mynumber(e, 10, NULL);
	enum juki_lookup_field	 field;
	char			 id[37], *cause = NULL;
	int64_t			 before, last;

	before = db_count(e->f->db, "SELECT count(*) FROM juki_queries");
	last = db_count(e->f->db, "SELECT last_request_no FROM juki_counter");
	e->cf.juki_outbound = (char *)"/nonexistent/madoguchi-out";
	assert_int_equal(juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field, &cause),
	    -1);
	free(cause);
	e->cf.juki_outbound = e->out;
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM juki_queries"), before);
	assert_int_equal(db_count(e->f->db, "SELECT last_request_no FROM juki_counter"), last);
	if (juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field, &cause) != 0)
		fail_msg("send: %s", cause);
	assert_int_equal(db_count(e->f->db, "SELECT max(request_no) FROM juki_queries"),
	    last + 1);
	run_sim(e, "");
	import_ok(e, 1);
}

/* How many holders the simulated world changed between since and base. */
static int
world_changes(uint32_t since, uint32_t base)
{
	struct sim_world	*w = sim_world_new(SEED, HOLDERS);
	struct sim_holder	 h;
	int			 i, n = 0;

	for (i = 0; i < HOLDERS; i++) {
		assert_int_equal(sim_world_holder(w, (size_t)i, &h), 0);
		if (h.event != 0 && h.edate >= since && h.edate <= base)
			n++;
	}
	sim_world_free(w);
	return n;
}

static void
check_step(struct env *e, const struct actor *who, const char *job, size_t *sent)
{
	char	*cause = NULL;

	if (juki_check_send_batch(e->f->db, &e->cf, who, job, sent, &cause) != 0)
		fail_msg("batch: %s", cause);
	if (*sent > 0) {
		run_sim(e, "");
		import_ok(e, 1);
	}
}

static void
test_periodic_check(void **state)
{
	struct env		*e = *state;
	struct juki_job		 job, cur;
	struct juki_review_row	*rows;
	struct juki_result_row	 res;
	char			*cause = NULL;
	size_t			 sent, n;
	int			 found, want, i;

	/* Clerks may not start one. */
	assert_int_equal(juki_job_start(e->f->db, &tanaka, "2026-11-23", "2019-01-01", 25,
	    &job, &cause), -1);
	free(cause);
	assert_int_equal(juki_job_start(e->f->db, &suzuki, "2026-11-23", "2019-01-01", 25,
	    &job, &cause), 0);
	assert_int_equal(job.total, HOLDERS);
	/* One at a time. */
	assert_int_equal(juki_job_start(e->f->db, &sato, "2026-11-23", "2019-01-01", 25,
	    &cur, &cause), -1);
	free(cause);

	check_step(e, &suzuki, job.id, &sent);
	assert_int_equal(sent, 25);
	/* Paused: nothing more is sent, not even by madoguchi-admin. */
	assert_int_equal(juki_job_set_status(e->f->db, &suzuki, job.id, "paused", &cause), 0);
	assert_int_equal(juki_check_send_batch(e->f->db, &e->cf, &root_admin, job.id, &sent,
	    &cause), -1);
	assert_non_null(strstr(cause, "paused"));
	free(cause);
	assert_int_equal(juki_job_current(e->f->db, &cur, &found, &cause), 0);
	assert_true(found);
	assert_int_equal(cur.sent, 25);
	assert_int_equal(cur.answered, 25);
	/* Resumed, and carried on by madoguchi-admin (root) to the end. */
	assert_int_equal(juki_job_set_status(e->f->db, &suzuki, job.id, "running", &cause), 0);
	for (i = 0; i < 10; i++) {
		check_step(e, &root_admin, job.id, &sent);
		if (sent == 0)
			break;
	}
	assert_int_equal(juki_job_get(e->f->db, job.id, &cur, &cause), 0);
	assert_string_equal(cur.status, "done");
	assert_int_equal(cur.sent, HOLDERS);
	assert_int_equal(cur.answered, HOLDERS);
	/* Every 異動 the world holds in the period, and no other, waits for review. */
	want = world_changes(20190101, 20261123);
	assert_true(want > 0);
	assert_int_equal(juki_review_list(e->f->db, &suzuki, &rows, &n, &cause), 0);
	assert_int_equal((int)n, want);
	assert_int_equal(cur.changes, want);
	assert_int_equal(juki_result_get(e->f->db, &suzuki, rows[0].result_id, &res, &cause),
	    0);
	assert_true(res.reason != 0 || res.alive != JUKI_ALIVE_LIVING);
	juki_result_row_clear(&res);
	/* The answer shown for review names its holder. */
	assert_int_equal(holder_audits(e, "juki.result.view", rows[0].holder_id, "result",
	    rows[0].result_id), 1);
	/* Clerks do not review; a note is required; closed once. */
	assert_int_equal(juki_review_close(e->f->db, &tanaka, rows[0].id, "x", &cause), -1);
	free(cause);
	assert_int_equal(juki_review_close(e->f->db, &suzuki, rows[0].id, "", &cause), -1);
	free(cause);
	assert_int_equal(juki_review_close(e->f->db, &suzuki, rows[0].id, "訂正申請済み",
	    &cause), 0);
	assert_int_equal(holder_audits(e, "juki.review.close", rows[0].holder_id, "review",
	    rows[0].id), 1);
	assert_int_equal(juki_review_close(e->f->db, &suzuki, rows[0].id, "again", &cause),
	    -1);
	free(cause);
	juki_review_rows_free(rows, n);
	assert_int_equal(juki_review_list(e->f->db, &suzuki, &rows, &n, &cause), 0);
	assert_int_equal((int)n, want - 1);
	juki_review_rows_free(rows, n);
	/* A new job may start now; cancelling is final. */
	assert_int_equal(juki_job_start(e->f->db, &suzuki, "2026-11-23", "2026-01-01", 100,
	    &job, &cause), 0);
	assert_int_equal(juki_job_set_status(e->f->db, &suzuki, job.id, "cancelled", &cause),
	    0);
	assert_int_equal(juki_job_set_status(e->f->db, &suzuki, job.id, "running", &cause),
	    -1);
	free(cause);
}

/* Request numbers are never reused, also after the answers are purged. */
static void
test_purge_keeps_numbers(void **state)
{
	struct env		*e = *state;
	struct juki_lookup_req	 r = by_mynumber(e, 12, NULL);
	enum juki_lookup_field	 field;
	char			 id[37], *cause = NULL;
	int64_t			 n, last;

	assert_int_equal(db_exec(e->f->db, "UPDATE juki_results SET received_at = "
	    "'2020-01-01T00:00:00.000Z'; UPDATE juki_queries SET requested_at = "
	    "'2020-01-01T00:00:00.000Z'", &cause), 0);
	last = db_count(e->f->db, "SELECT last_request_no FROM juki_counter");
	assert_int_equal(juki_store_purge(e->f->db, 0, &n, &cause), -1);
	free(cause);
	assert_int_equal(juki_store_purge(e->f->db, 30, &n, &cause), 0);
	/* Answers under an open review stay. */
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM juki_results"),
	    db_count(e->f->db, "SELECT count(*) FROM juki_review WHERE status = 'open'"));
	if (juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id, &field, &cause) != 0)
		fail_msg("send: %s", cause);
	assert_int_equal(db_count(e->f->db, "SELECT max(request_no) FROM juki_queries"),
	    last + 1);
}

/* The request number of the query with this id. */
static uint64_t
request_of(struct env *e, const char *id)
{
	char	*sql;
	int64_t	 n;

	xasprintf(&sql, "SELECT request_no FROM juki_queries WHERE id = '%s'", id);
	n = db_count(e->f->db, sql);
	free(sql);
	assert_true(n > 0);
	return (uint64_t)n;
}

static int64_t count_where(struct env *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* db_count of a query made from a format. */
static int64_t
count_where(struct env *e, const char *fmt, ...)
{
	va_list	 ap;
	char	*sql;
	int64_t	 n;

	va_start(ap, fmt);
	xvasprintf(&sql, fmt, ap);
	va_end(ap);
	n = db_count(e->f->db, sql);
	free(sql);
	return n;
}

/* One record of a hand-made result file. */
static void
answer(struct juki_result_file *f, uint64_t no, enum juki_result_code rc, unsigned nresults,
    unsigned seq, enum juki_reason reason)
{
	struct juki_answer	*a = &f->answers[f->nanswers++];
	int			 resident = rc != JUKI_RC_NOTFOUND;

	a->record = f->nanswers + 1;
	a->request_no = no;
	a->result = rc;
	a->nresults = nresults;
	a->seq = seq;
	if (seq == 1)
		f->nrequests++;
	snprintf(a->matched, sizeof a->matched, "%s", resident ? "1111111 " : "        ");
	snprintf(a->changes, sizeof a->changes, "%s", resident ? "00000" : "     ");
	a->alive = resident ? JUKI_ALIVE_LIVING : JUKI_ALIVE_UNKNOWN;
	a->name = resident ? (seq == 1 ? "山田　一郎" : "山田　二郎") : "";
	a->reason = reason;
	a->reason_date = reason != JUKI_REASON_NONE ? 20250401 : 0;
	a->pattern = resident ? JUKI_PAT_MYNUMBER : JUKI_PAT_NONE;
}

/*
 * A file stored as the import stores it, made by hand: answers out of request order, a
 * request with two residents (複数該当), an immediate lookup left unanswered, answers to
 * a periodic check's queries and to a lookup at the counter in one file. Every query
 * answered gets its first record's result code, the job counts what it got, the review
 * queue holds one row per holder; a file naming a request never sent stores nothing.
 */
static void
test_store_by_hand(void **state)
{
	struct env		*e = *state;
	struct juki_lookup_req	 r;
	struct juki_result_file	 f;
	struct juki_answer	 answers[8];
	struct juki_job		 job, cur;
	enum juki_lookup_field	 field;
	char			 id1[37], id2[37], *cause = NULL;
	unsigned long long	 r1, r2, b[3];
	int64_t			 results, reviews, pending;
	size_t			 sent, queries;
	int			 i;

	r = by_mynumber(e, 14, NULL);
	if (juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id1, &field, &cause) != 0)
		fail_msg("send: %s", cause);
	r = by_mynumber(e, 16, NULL);
	if (juki_lookup_send(e->f->db, &e->cf, &tanaka, &r, id2, &field, &cause) != 0)
		fail_msg("send: %s", cause);
	r1 = request_of(e, id1);
	r2 = request_of(e, id2);
	if (juki_job_start(e->f->db, &suzuki, "2026-11-23", "2019-01-01", 3, &job,
	    &cause) != 0)
		fail_msg("job: %s", cause);
	if (juki_check_send_batch(e->f->db, &e->cf, &suzuki, job.id, &sent, &cause) != 0)
		fail_msg("batch: %s", cause);
	assert_int_equal(sent, 3);
	for (i = 0; i < 3; i++)
		b[i] = r2 + 1 + (unsigned long long)i;
	assert_int_equal(count_where(e, "SELECT count(*) FROM juki_queries WHERE request_no "
	    "BETWEEN %llu AND %llu AND job_id IS NOT NULL", b[0], b[2]), 3);
	results = db_count(e->f->db, "SELECT count(*) FROM juki_results");
	reviews = db_count(e->f->db, "SELECT count(*) FROM juki_review");
	pending = db_count(e->f->db, "SELECT count(*) FROM juki_queries WHERE status = "
	    "'pending'");

	memset(&f, 0, sizeof f);
	memset(answers, 0, sizeof answers);
	snprintf(f.file_id, sizeof f.file_id, "HAND1");
	f.answers = answers;
	answer(&f, b[2], JUKI_RC_MULTIPLE, 2, 1, JUKI_REASON_NONE);
	answer(&f, b[2], JUKI_RC_MULTIPLE, 2, 2, JUKI_REASON_NONE);
	answer(&f, r1, JUKI_RC_NOTFOUND, 1, 1, JUKI_REASON_NONE);
	answer(&f, b[0], JUKI_RC_MATCH, 1, 1, JUKI_REASON_MOVE_WITHIN);
	answer(&f, b[1], JUKI_RC_NOTFOUND, 1, 1, JUKI_REASON_NONE);
	if (juki_store_results(e->f->db, &suzuki, &f, &queries, &cause) != 0)
		fail_msg("store: %s", cause);
	assert_int_equal(queries, 4);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM juki_results"), results + 5);
	assert_int_equal(count_where(e, "SELECT count(*) FROM juki_results r JOIN juki_queries "
	    "q ON q.id = r.query_id WHERE q.request_no = %llu AND r.nresults = 2 AND "
	    "r.seq IN (1, 2)", b[2]), 2);
	/* Answered, with the result code of the answer; the other lookup still waits. */
	assert_int_equal(count_where(e, "SELECT result_code FROM juki_queries WHERE "
	    "request_no = %llu AND status = 'answered' AND answered_at IS NOT NULL", b[2]),
	    JUKI_RC_MULTIPLE);
	assert_int_equal(count_where(e, "SELECT result_code FROM juki_queries WHERE "
	    "request_no = %llu AND status = 'answered'", r1), JUKI_RC_NOTFOUND);
	assert_int_equal(count_where(e, "SELECT count(*) FROM juki_queries WHERE "
	    "request_no = %llu AND status = 'answered' AND result_code = 0", b[0]), 1);
	assert_int_equal(count_where(e, "SELECT count(*) FROM juki_queries WHERE "
	    "request_no = %llu AND status = 'pending' AND result_code IS NULL", r2), 1);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM juki_queries WHERE "
	    "status = 'pending'"), pending - 4);
	/* The job got three answers and three 異動, one per holder (two records for b[2]). */
	assert_int_equal(juki_job_get(e->f->db, job.id, &cur, &cause), 0);
	assert_int_equal(cur.answered, 3);
	assert_int_equal(cur.changes, 3);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM juki_review"), reviews + 3);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM juki_review WHERE kind IN "
	    "('other', 'moved', 'notfound') AND result_id IN (SELECT id FROM juki_results "
	    "WHERE file_id = 'HAND1' AND seq = 1)"), 3);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'juki.result' AND detail LIKE 'file HAND1: 5 records, 4 queries%'"), 1);

	/* A request never sent: refused with its record, and nothing of the file stored. */
	memset(&f, 0, sizeof f);
	memset(answers, 0, sizeof answers);
	snprintf(f.file_id, sizeof f.file_id, "HAND2");
	f.answers = answers;
	answer(&f, r2, JUKI_RC_NOTFOUND, 1, 1, JUKI_REASON_NONE);
	answer(&f, 9999999999ULL, JUKI_RC_NOTFOUND, 1, 1, JUKI_REASON_NONE);
	assert_int_equal(juki_store_results(e->f->db, &suzuki, &f, &queries, &cause), -1);
	assert_non_null(strstr(cause, "record 3 answers request 9999999999"));
	free(cause);
	assert_int_equal(count_where(e, "SELECT count(*) FROM juki_queries WHERE "
	    "request_no = %llu AND status = 'pending'", r2), 1);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM juki_results WHERE "
	    "file_id = 'HAND2'"), 0);
}

/*
 * What is in the inbound spool but is no result file — a directory or a symbolic link under
 * a result file's name, a name with terminal controls, a name of another pattern — is
 * reported once, by its escaped name, audited once and left where it is: it is not moved,
 * and the passes after the first say nothing more about it.
 */
static void
test_strays_left_alone(void **state)
{
	struct env	*e = *state;
	char		 path[400], *cause = NULL;
	size_t		 files, rejected;
	int64_t		 rejects = audits(e, "juki.result.reject", "rejected");
	int		 pass, quarantined = count_files(e->q);
	FILE		*fp;

	snprintf(path, sizeof path, "%s/JKRES_x.dat", e->in);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/JKRES_L.dat", e->in);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	snprintf(path, sizeof path, "%s/JKRES_\x1b]0;owned\x07.dat", e->in);
	assert_non_null(fp = fopen(path, "w"));
	fclose(fp);
	snprintf(path, sizeof path, "%s/notes.txt", e->in);
	assert_non_null(fp = fopen(path, "w"));
	fclose(fp);

	for (pass = 0; pass < 5; pass++) {
		assert_int_equal(juki_lookup_import(e->f->db, &e->cf, &suzuki, &files,
		    &rejected, &cause), 0);
		assert_int_equal(files, 0);
		if (pass == 0) {
			assert_int_equal(rejected, 4);
			assert_non_null(cause);
			assert_null(strchr(cause, '\x1b'));
			assert_null(strchr(cause, '\x07'));
		} else {
			assert_int_equal(rejected, 0);
			assert_null(cause);
		}
		free(cause);
		cause = NULL;
	}
	assert_int_equal(audits(e, "juki.spool.ignore", "ignored"), 4);
	assert_int_equal(audits(e, "juki.result.reject", "rejected"), rejects);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM audit_log WHERE "
	    "action = 'juki.spool.ignore' AND target = 'file:JKRES_x.dat' AND "
	    "detail LIKE '%directory%'"), 1);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM audit_log WHERE "
	    "target = 'file:JKRES_\\x1b]0;owned\\x07.dat'"), 1);
	assert_int_equal(db_count(e->f->db, "SELECT count(*) FROM audit_log WHERE "
	    "instr(target, char(27)) OR instr(detail, char(27)) OR instr(target, char(7)) OR "
	    "instr(detail, char(7))"), 0);
	/* Left alone. */
	assert_int_equal(count_files(e->in), 4);
	assert_int_equal(count_files(e->q), quarantined);

	snprintf(path, sizeof path, "%s/JKRES_x.dat", e->in);
	assert_int_equal(rmdir(path), 0);
	snprintf(path, sizeof path, "%s/JKRES_L.dat", e->in);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof path, "%s/JKRES_\x1b]0;owned\x07.dat", e->in);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof path, "%s/notes.txt", e->in);
	assert_int_equal(unlink(path), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup_by_mynumber),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_bad_result_quarantined),
		cmocka_unit_test(test_media_import),
		cmocka_unit_test(test_no_file_no_query),
		cmocka_unit_test(test_periodic_check),
		cmocka_unit_test(test_purge_keeps_numbers),
		cmocka_unit_test(test_store_by_hand),
		cmocka_unit_test(test_strays_left_alone),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
