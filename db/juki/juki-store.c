/* db/juki/: what the terminal keeps of Juki-net: jobs, queries, answers, the review queue.
 * May use: lib/ (the Juki record codec), db/. */
/*
 * The terminal's record of its Juki-net lookups (SPEC §5). See juki-store.h.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/procedures.h"
#include "audit/audit.h"
#include "db-internal.h"
#include "i18n.h"
#include "juki.h"
#include "juki/juki-answers.h"
#include "juki/juki-store.h"
#include "reception/reception.h"
#include "register/register-internal.h"
#include "uuid.h"
#include "xmalloc.h"

#define PURPOSE_MAX	40

static int	 purpose_check(struct db *, const struct juki_query_new *,
		    char [RECEPTION_NUMBER_SIZE], char **);
static int	 job_usable(struct db *, const struct actor *, const char *, char **);
static int	 next_request_no(struct db *, uint64_t *, char **);
static const char *review_kind(const struct juki_answer *);
static int	 finish_jobs(struct db *, char **);
static void	 job_row(sqlite3_stmt *, struct juki_job *);
static void	 result_row(sqlite3_stmt *, struct juki_result_row *);
static char	*column_text(sqlite3_stmt *, int);
static char	*audit_target(struct db *, const char *, const char *, const char *,
		    const char *);
static void	 copy_column(sqlite3_stmt *, int, char *, size_t);

static const char *const key_kinds[] = { "mynumber", "four", "jumin" };

static char *
column_text(sqlite3_stmt *stmt, int i)
{
	const unsigned char	*t = sqlite3_column_text(stmt, i);

	return xstrdup(t != NULL ? (const char *)t : "");
}

static void
copy_column(sqlite3_stmt *stmt, int i, char *out, size_t size)
{
	const unsigned char	*t = sqlite3_column_text(stmt, i);

	snprintf(out, size, "%s", t != NULL ? (const char *)t : "");
}

/*
 * The reference names the application the query serves: an application of this terminal
 * (its id, or the first 8 or more characters of it) that is still open, or else the
 * reception number (受付番号) written on the paper application at the counter.
 */
/*
 * An audit target in the one form every entry that touches a holder uses: "holder:<id>"
 * first, then what was touched ("holder:<id> query:<id>"). The holder is holder_id, or
 * the one that sql (given id as ?1) finds; a query of someone not in the register has
 * none, and the target is just "what:id".
 */
static char *
audit_target(struct db *db, const char *holder_id, const char *sql, const char *what,
    const char *id)
{
	sqlite3_stmt	*stmt;
	char		*found = NULL, *target;

	if (holder_id == NULL && sql != NULL && id != NULL &&
	    (stmt = db_prepare(db, sql, NULL)) != NULL) {
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			found = column_text(stmt, 0);
		db_release(db, stmt);
		holder_id = found;
	}
	if (holder_id != NULL && *holder_id != '\0' && id != NULL)
		xasprintf(&target, "holder:%s %s:%s", holder_id, what, id);
	else if (holder_id != NULL && *holder_id != '\0')
		xasprintf(&target, "holder:%s", holder_id);
	else
		xasprintf(&target, "%s:%s", what, id != NULL ? id : "");
	free(found);
	return target;
}

#define QUERY_HOLDER_SQL	"SELECT holder_id FROM juki_queries WHERE id = ?1"
#define RESULT_HOLDER_SQL	"SELECT q.holder_id FROM juki_results r JOIN juki_queries q " \
				"ON q.id = r.query_id WHERE r.id = ?1"
#define REVIEW_HOLDER_SQL	"SELECT holder_id FROM juki_review WHERE id = ?1"

/*
 * A counter lookup is made for an open reception (受付) of the person looked up: its
 * number, read into its one form (ref), is what the query records as its purpose.
 */
static int
purpose_check(struct db *db, const struct juki_query_new *q,
    char ref[RECEPTION_NUMBER_SIZE], char **cause)
{
	*ref = '\0';
	if (q->jimu < JUKI_JIMU_REGISTER || q->jimu > JUKI_JIMU_PERIODIC) {
		xasprintf(cause, _("choose the procedure (事務) the lookup is for"));
		return -1;
	}
	if (q->jimu == JUKI_JIMU_PERIODIC || q->job_id != NULL) {
		if (q->job_id == NULL || q->jimu != JUKI_JIMU_PERIODIC) {
			xasprintf(cause, _("a periodic-check lookup needs its job"));
			return -1;
		}
		return 0;
	}
	if (q->purpose_ref == NULL || *q->purpose_ref == '\0') {
		xasprintf(cause, _("a lookup needs the reception (受付) it is for: give its "
		    "number, as R2026-0001234"));
		return -1;
	}
	return reception_lookup_check(db, q->purpose_ref, q->holder_id, ref, cause);
}

/*
 * A job authorises queries while it runs. madoguchi-admin (root at the terminal) may
 * carry on a job that a supervisor started on the screen, never start one.
 */
static int
job_usable(struct db *db, const struct actor *who, const char *job_id, char **cause)
{
	struct juki_job	 job;

	if (!who->os_admin && rolefn_require(db, who, "periodic.check", cause) != 0)
		return -1;
	if (juki_job_get(db, job_id, &job, cause) != 0)
		return -1;
	if (strcmp(job.status, "running") != 0) {
		xasprintf(cause, _("the periodic check is %s, not running"), job.status);
		return -1;
	}
	return 0;
}

int
juki_query_allowed(struct db *db, const struct actor *who, const struct juki_query_new *q,
    char **cause)
{
	struct account_login	 acct;
	char			*why = NULL, *target, *code;
	char			 ref[RECEPTION_NUMBER_SIZE];
	int			 rc;

	*cause = NULL;
	if (q->job_id != NULL) {
		if (job_usable(db, who, q->job_id, cause) != 0)
			goto refused;
	} else if (rolefn_require(db, who, "juki.lookup", cause) != 0)
		return -1;	/* rolefn_require audited it */
	if (purpose_check(db, q, ref, cause) != 0)
		goto refused;
	/* The query's 事務 must be one the account acts for (issue 31). */
	code = procedure_of_jimu(db, q->jimu);
	rc = procedure_require(db, who, code != NULL ? code : "", "juki.query", NULL, cause);
	free(code);
	if (rc != 0)
		return -1;
	if (q->key_kind == JUKI_KEY_MYNUMBER && !who->os_admin &&
	    (account_login_check(db, who->user, &acct, &why) != 0 ||
	    !acct.mynumber_allowed)) {
		free(why);
		xasprintf(cause, _("your account may not handle My Numbers; look the person "
		    "up by the four basic items or the 住民票コード"));
		goto refused;
	}
	return 0;
refused:
	target = q->holder_id != NULL ? audit_target(db, q->holder_id, NULL, "query", NULL) :
	    NULL;
	(void)audit_actor(db, who, "juki.query", target, "denied", *cause, NULL);
	free(target);
	return -1;
}

static int
next_request_no(struct db *db, uint64_t *no, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	stmt = db_prepare(db, "UPDATE juki_counter SET last_request_no = last_request_no + 1 "
	    "RETURNING last_request_no", cause);
	if (stmt == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*no = (uint64_t)sqlite3_column_int64(stmt, 0);
	db_release(db, stmt);
	if (rc != SQLITE_ROW) {
		/* The CHECK stops the counter at 9999999999 (2-1 has ten digits). */
		return db_fail(db, cause, _("no request number left"));
	}
	return 0;
}

int
juki_query_record(struct db *db, const struct actor *who, const struct juki_query_new *q,
    char id[37], uint64_t *request_no, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 file_id[24], *detail, *target, ref[RECEPTION_NUMBER_SIZE];
	int		 rc;

	*cause = NULL;
	if (!db->in_tx) {
		xasprintf(cause, "juki_query_record outside a transaction");
		return -1;
	}
	if (purpose_check(db, q, ref, cause) != 0 || next_request_no(db, request_no, cause) != 0)
		return -1;
	if (uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		return -1;
	}
	snprintf(file_id, sizeof file_id, "%c%010llu", q->job_id != NULL ? 'B' : 'Q',
	    (unsigned long long)*request_no);
	stmt = db_prepare(db, "INSERT INTO juki_queries (id, request_no, file_id, mode, "
	    "holder_id, key_kind, key_summary, jimu, purpose_ref, job_id, status, "
	    "requested_by, requested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "'pending', ?11, " NOW ")", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)*request_no);
	sqlite3_bind_text(stmt, 3, file_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, q->job_id != NULL ? "batch" : "immediate", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, q->holder_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, key_kinds[q->key_kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, q->key_summary != NULL ? q->key_summary : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(stmt, 8, (int)q->jimu);
	sqlite3_bind_text(stmt, 9, q->job_id != NULL ? q->job_id : ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, q->job_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, who->user, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot record the query"), cause) != 0)
		return -1;
	/* A batch is audited once by its caller; each counter query on its own. */
	if (q->job_id != NULL)
		return 0;
	xasprintf(&detail, "request %llu, jimu %u, for %s, key %s",
	    (unsigned long long)*request_no, q->jimu, ref, key_kinds[q->key_kind]);
	target = audit_target(db, q->holder_id, NULL, "query", id);
	rc = audit_actor(db, who, "juki.query", target, "ok", detail, cause);
	free(target);
	free(detail);
	return rc;
}

int
juki_pending_requests(struct db *db, uint64_t **out, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*out = NULL;
	*n = 0;
	stmt = db_prepare(db, "SELECT request_no FROM juki_queries WHERE status = 'pending'",
	    cause);
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[(*n)++] = (uint64_t)sqlite3_column_int64(stmt, 0);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return db_fail(db, cause, _("cannot read the pending queries"));
	}
	return 0;
}

/* What a periodic check's answer means for the register, or NULL for nothing. */
static const char *
review_kind(const struct juki_answer *a)
{
	if (a->result == JUKI_RC_NOTFOUND)
		return "notfound";
	if (a->result != JUKI_RC_MATCH && a->result != JUKI_RC_MISMATCH)
		return a->result == JUKI_RC_MULTIPLE ? "other" : NULL;
	if (a->alive == JUKI_ALIVE_DEAD || a->reason == JUKI_REASON_DEATH)
		return "deceased";
	if (a->alive == JUKI_ALIVE_ERASED || a->reason == JUKI_REASON_ABROAD ||
	    a->reason == JUKI_REASON_ERASED)
		return "erased";
	if (a->reason == JUKI_REASON_NAME || a->changes[JUKI_CH_NAME] == '1')
		return "renamed";
	if (a->reason == JUKI_REASON_MOVE_IN || a->reason == JUKI_REASON_MOVE_WITHIN ||
	    a->reason == JUKI_REASON_MOVE_OUT || a->changes[JUKI_CH_ADDRESS] == '1')
		return "moved";
	if (a->reason != JUKI_REASON_NONE)
		return "other";
	return NULL;
}

/*
 * A result file is stored by a few statements over all its answers (the table
 * juki_answers, juki-answers.c), in this order: the review rows point at the results.
 * ?1 is the time of the import, the same in every row.
 */

/* Every record, beside its query. */
static const char insert_results_sql[] =
	"INSERT INTO juki_results (id, query_id, seq, file_id, result_code, nresults, "
	"matched, moved, alive, changes, jumin_code, name, kana, birth, sex, address, reason, "
	"reason_date, municipality, nonparticipating, pattern, old_name, old_kana, gaiji, "
	"received_at) SELECT a.id, q.id, a.seq, ?2, a.result, a.nresults, a.matched, a.moved, "
	"a.alive, a.changes, a.jumin_code, a.name, a.kana, a.birth, a.sex, a.address, "
	"a.reason, a.reason_date, a.municipality, a.nonparticipating, a.pattern, a.old_name, "
	"a.old_kana, a.gaiji, ?1 FROM juki_answers a JOIN juki_queries q ON "
	"q.request_no = a.request_no ORDER BY a.record";

/*
 * A query is answered by the first record of its answer (seq 1; the parser saw that the
 * others repeat its result code). Each pending query looks itself up in the file, in
 * the order of the pending index, rather than the file being joined to the queries
 * (which SQLite does by collecting the joined rows first). OR FAIL, and the time bound
 * rather than NOW: otherwise SQLite keeps a statement journal, a copy of every page the
 * statement changes (26 MB for 100,000 queries), to undo this one statement alone; here
 * any failure undoes the whole transaction anyway. Each query answered names its job,
 * for the job's progress.
 */
static const char answer_queries_sql[] =
	"UPDATE OR FAIL juki_queries SET status = 'answered', answered_at = ?1, result_code = "
	"(SELECT a.result FROM juki_answers a WHERE a.request_no = juki_queries.request_no "
	"AND a.seq = 1) WHERE status = 'pending' AND EXISTS (SELECT 1 FROM juki_answers a "
	"WHERE a.request_no = juki_queries.request_no) RETURNING job_id";
static const char job_answered_sql[] =
	"UPDATE juki_jobs SET answered = answered + ?2 WHERE id = ?1";

/* A 異動 found by a periodic check waits for a supervisor, once per holder. */
static const char insert_review_sql[] =
	"INSERT INTO juki_review (id, job_id, holder_id, result_id, kind, created_at) "
	"SELECT a.review_id, q.job_id, q.holder_id, a.id, a.kind, ?1 FROM juki_answers a "
	"JOIN juki_queries q ON q.request_no = a.request_no WHERE a.kind IS NOT NULL AND "
	"q.job_id IS NOT NULL AND q.holder_id IS NOT NULL ORDER BY a.record "
	"ON CONFLICT (job_id, holder_id) DO NOTHING RETURNING job_id";
static const char job_changes_sql[] =
	"UPDATE juki_jobs SET changes = changes + ?2 WHERE id = ?1";

/* The time of the import, as NOW gives it. */
static int
store_time(struct db *db, char out[32], char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_prepare(db, "SELECT " NOW, cause)) == NULL)
		return -1;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		copy_column(stmt, 0, out, 32);
	db_release(db, stmt);
	if (rc != SQLITE_ROW)
		return db_fail(db, cause, _("cannot store the answer"));
	return 0;
}

/* The first answer to a request this terminal did not send: refused, with its record. */
static int
store_unknown_request(struct db *db, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	stmt = db_prepare(db, "SELECT a.record, a.request_no FROM juki_answers a WHERE NOT "
	    "EXISTS (SELECT 1 FROM juki_queries q WHERE q.request_no = a.request_no) ORDER BY "
	    "a.record LIMIT 1", cause);
	if (stmt == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		xasprintf(cause, _("record %zu answers request %llu, which this terminal did "
		    "not send"), (size_t)sqlite3_column_int64(stmt, 0),
		    (unsigned long long)sqlite3_column_int64(stmt, 1));
	else if (rc != SQLITE_DONE)
		db_fail(db, cause, _("cannot store the answer"));
	db_release(db, stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}


/* How many rows of a statement named each job. */
struct job_count {
	char	 id[37];
	int64_t	 n;
};

/*
 * Steps stmt, whose rows are a job id or NULL, to the end, and adds to each job the
 * number of rows that name it with add_sql (?1 the job, ?2 the number); *rows gets the
 * number of rows. A file answers one job's batch, so the list stays one long.
 */
static int
add_per_job(struct db *db, sqlite3_stmt *stmt, const char *add_sql, size_t *rows,
    char **cause)
{
	struct job_count	*jobs = NULL;
	const char		*job;
	size_t			 njobs = 0, i;
	int			 rc;

	*rows = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		(*rows)++;
		if ((job = (const char *)sqlite3_column_text(stmt, 0)) == NULL)
			continue;
		for (i = 0; i < njobs && strcmp(jobs[i].id, job) != 0; i++)
			;
		if (i == njobs) {
			jobs = xreallocarray(jobs, ++njobs, sizeof *jobs);
			snprintf(jobs[i].id, sizeof jobs[i].id, "%s", job);
			jobs[i].n = 0;
		}
		jobs[i].n++;
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, cause, _("cannot store the answer"));
		db_release(db, stmt);
		free(jobs);
		return -1;
	}
	db_release(db, stmt);
	for (i = 0; i < njobs; i++) {
		if ((stmt = db_prepare(db, add_sql, cause)) == NULL)
			break;
		sqlite3_bind_text(stmt, 1, jobs[i].id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 2, jobs[i].n);
		if (db_step_done(db, stmt, _("cannot store the answer"), cause) != 0)
			break;
	}
	rc = i == njobs ? 0 : -1;
	free(jobs);
	return rc;
}

/* Ids and review kinds of every answer, then the statements above. */
static int
store_answers(struct db *db, const struct juki_result_file *f, size_t *queries,
    char **cause)
{
	struct juki_feed	 feed;
	sqlite3_stmt		*stmt;
	char			(*more)[37], now[32];
	size_t			 i, k, nreview = 0;
	int			 rc = -1;

	feed.f = f;
	feed.ids = xcalloc(f->nanswers + 1, sizeof *feed.ids);
	feed.review_ids = xcalloc(f->nanswers + 1, sizeof *feed.review_ids);
	feed.kinds = xcalloc(f->nanswers + 1, sizeof *feed.kinds);
	for (i = 0; i < f->nanswers; i++) {
		if ((feed.kinds[i] = review_kind(&f->answers[i])) != NULL)
			nreview++;
	}
	/* All ids at once, in record order (each sorts after the one before). */
	more = xcalloc(nreview + 1, sizeof *more);
	if (uuid_generate_n(feed.ids, f->nanswers) != 0 ||
	    uuid_generate_n(more, nreview) != 0) {
		free(more);
		xasprintf(cause, _("cannot generate an id"));
		goto out;
	}
	for (i = k = 0; i < f->nanswers; i++) {
		if (feed.kinds[i] != NULL)
			memcpy(feed.review_ids[i], more[k++], sizeof *more);
	}
	free(more);
	if (juki_answers_feed(db, &feed, cause) != 0)
		goto out;
	if (store_time(db, now, cause) != 0 ||
	    (stmt = db_prepare(db, insert_results_sql, cause)) == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, f->file_id, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot store the answer"), cause) != 0)
		goto out;
	/* The join leaves out a record whose request is not in juki_queries: name it. */
	if ((k = (size_t)sqlite3_changes(db->h)) != f->nanswers) {
		if (store_unknown_request(db, cause) == 0)
			xasprintf(cause, "%s", _("cannot store the answer"));
		goto out;
	}
	if ((stmt = db_prepare(db, answer_queries_sql, cause)) == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, now, -1, SQLITE_STATIC);
	if (add_per_job(db, stmt, job_answered_sql, queries, cause) != 0)
		goto out;
	if ((stmt = db_prepare(db, insert_review_sql, cause)) == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, now, -1, SQLITE_STATIC);
	if (add_per_job(db, stmt, job_changes_sql, &k, cause) != 0)
		goto out;
	rc = 0;
out:
	(void)juki_answers_feed(db, NULL, NULL);
	free(feed.ids);
	free(feed.review_ids);
	free(feed.kinds);
	return rc;
}

/* A job whose holders were all sent and answered is done. */
static int
finish_jobs(struct db *db, char **cause)
{
	return db_exec(db, "UPDATE juki_jobs SET status = 'done', finished_at = " NOW
	    " WHERE status IN ('running', 'paused') AND sending_done = 1 AND NOT EXISTS "
	    "(SELECT 1 FROM juki_queries q WHERE q.job_id = juki_jobs.id AND "
	    "q.status = 'pending')", cause);
}

int
juki_store_results(struct db *db, const struct actor *who,
    const struct juki_result_file *f, size_t *queries, char **cause)
{
	char		*detail;
	int		 rc = -1;

	*cause = NULL;
	*queries = 0;
	/*
	 * A result file touches every index of three tables at scattered places (queries,
	 * holders and results are keyed in orders the file does not follow): with the
	 * connection's usual cache, pages went out and came back again, decrypted each
	 * time. 100,000 records: 5.0 s, 3.5 s with this cache (measured before the ids
	 * became time-ordered).
	 */
	(void)db_exec(db, "PRAGMA cache_size = " JUKI_STORE_CACHE_KIB, NULL);
	if (db_begin(db, cause) != 0) {
		(void)db_exec(db, "PRAGMA cache_size = " DB_CACHE_KIB, NULL);
		return -1;
	}
	if (store_answers(db, f, queries, cause) != 0 || finish_jobs(db, cause) != 0)
		goto out;
	xasprintf(&detail, "file %s: %zu records, %zu queries, %zu with gaiji", f->file_id,
	    f->nanswers, *queries, f->ngaiji);
	rc = audit_actor(db, who, "juki.result", "", "ok", detail, cause);
	free(detail);
out:
	rc = db_finish(db, rc, cause);
	/* Back to the usual size, which frees the pages above it. */
	(void)db_exec(db, "PRAGMA cache_size = " DB_CACHE_KIB, NULL);
	return rc;
}

#define QUERY_COLUMNS \
	"q.id, q.request_no, q.holder_id, coalesce(h.family_name || '　' || h.given_name, ''), " \
	"q.key_kind, q.key_summary, q.jimu, q.purpose_ref, q.status, q.failure, " \
	"coalesce(q.result_code, -1), (SELECT count(*) FROM juki_results r WHERE " \
	"r.query_id = q.id), q.requested_by, strftime('%Y-%m-%d %H:%M', q.requested_at, " \
	"'localtime')"

int
juki_query_list(struct db *db, const struct actor *who, int pending_only,
    struct juki_query_row **out, size_t *n, char **cause)
{
	sqlite3_stmt		*stmt;
	struct juki_query_row	*r;
	int			 rc, everyone;

	*out = NULL;
	*n = 0;
	*cause = NULL;
	if (rolefn_require(db, who, "juki.lookup", cause) != 0)
		return -1;
	everyone = reg_is_supervisor(db, who->user);
	stmt = db_prepare(db, "SELECT " QUERY_COLUMNS " FROM juki_queries q LEFT JOIN holders h "
	    "ON h.id = q.holder_id WHERE q.job_id IS NULL AND (?1 OR q.requested_by = ?2) AND "
	    "(NOT ?3 OR q.status = 'pending') ORDER BY q.request_no DESC LIMIT 200", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, everyone);
	sqlite3_bind_text(stmt, 2, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, pending_only);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		r = &(*out)[(*n)++];
		copy_column(stmt, 0, r->id, sizeof r->id);
		r->request_no = (uint64_t)sqlite3_column_int64(stmt, 1);
		r->holder_id = sqlite3_column_type(stmt, 2) == SQLITE_NULL ? NULL :
		    column_text(stmt, 2);
		r->holder_name = column_text(stmt, 3);
		r->key_kind = column_text(stmt, 4);
		r->key_summary = column_text(stmt, 5);
		r->jimu = (unsigned)sqlite3_column_int(stmt, 6);
		r->purpose_ref = column_text(stmt, 7);
		r->status = column_text(stmt, 8);
		r->failure = column_text(stmt, 9);
		r->result_code = sqlite3_column_int(stmt, 10);
		r->nresults = sqlite3_column_int(stmt, 11);
		r->requested_by = column_text(stmt, 12);
		r->requested_at = column_text(stmt, 13);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		juki_query_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, cause, _("cannot read the queries"));
	}
	return 0;
}

void
juki_query_rows_free(struct juki_query_row *rows, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(rows[i].holder_id);
		free(rows[i].holder_name);
		free(rows[i].key_kind);
		free(rows[i].key_summary);
		free(rows[i].purpose_ref);
		free(rows[i].status);
		free(rows[i].failure);
		free(rows[i].requested_by);
		free(rows[i].requested_at);
	}
	free(rows);
}

#define RESULT_COLUMNS \
	"id, query_id, seq, result_code, nresults, matched, moved, alive, changes, " \
	"jumin_code, name, kana, birth, sex, address, reason, reason_date, municipality, " \
	"nonparticipating, pattern, old_name, old_kana, gaiji"

static void
result_row(sqlite3_stmt *stmt, struct juki_result_row *r)
{
	copy_column(stmt, 0, r->id, sizeof r->id);
	copy_column(stmt, 1, r->query_id, sizeof r->query_id);
	r->seq = sqlite3_column_int(stmt, 2);
	r->result_code = sqlite3_column_int(stmt, 3);
	r->nresults = sqlite3_column_int(stmt, 4);
	copy_column(stmt, 5, r->matched, sizeof r->matched);
	r->moved = sqlite3_column_int(stmt, 6);
	r->alive = sqlite3_column_int(stmt, 7);
	copy_column(stmt, 8, r->changes, sizeof r->changes);
	copy_column(stmt, 9, r->jumin_code, sizeof r->jumin_code);
	r->name = column_text(stmt, 10);
	r->kana = column_text(stmt, 11);
	r->birth = (uint32_t)sqlite3_column_int64(stmt, 12);
	r->sex = sqlite3_column_int(stmt, 13);
	r->address = column_text(stmt, 14);
	r->reason = sqlite3_column_int(stmt, 15);
	r->reason_date = (uint32_t)sqlite3_column_int64(stmt, 16);
	copy_column(stmt, 17, r->municipality, sizeof r->municipality);
	r->nonparticipating = sqlite3_column_int(stmt, 18);
	r->pattern = sqlite3_column_int(stmt, 19);
	r->old_name = column_text(stmt, 20);
	r->old_kana = column_text(stmt, 21);
	r->gaiji = sqlite3_column_int(stmt, 22);
}

int
juki_results_get(struct db *db, const struct actor *who, const char *query_id,
    struct juki_result_row **out, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*target;
	int		 rc;

	*out = NULL;
	*n = 0;
	*cause = NULL;
	if (rolefn_require(db, who, "juki.lookup", cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT " RESULT_COLUMNS " FROM juki_results WHERE query_id = ?1 "
	    "AND query_id IN (SELECT id FROM juki_queries WHERE requested_by = ?2 OR ?3) "
	    "ORDER BY seq", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, query_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, who->user, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, reg_is_supervisor(db, who->user));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		result_row(stmt, &(*out)[(*n)++]);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		juki_result_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, cause, _("cannot read the answers"));
	}
	/* The answers shown are about the holder the query was for. */
	target = audit_target(db, NULL, QUERY_HOLDER_SQL, "query", query_id);
	rc = audit_actor(db, who, "juki.result.view", target, "ok", "", cause);
	free(target);
	return rc;
}

int
juki_result_get(struct db *db, const struct actor *who, const char *id,
    struct juki_result_row *r, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*target;
	int		 rc;

	*cause = NULL;
	memset(r, 0, sizeof *r);
	if (rolefn_require(db, who, "juki.review", cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT " RESULT_COLUMNS " FROM juki_results WHERE id = ?1",
	    cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		result_row(stmt, r);
	db_release(db, stmt);
	if (rc != SQLITE_ROW) {
		xasprintf(cause, _("no such answer"));
		return -1;
	}
	target = audit_target(db, NULL, RESULT_HOLDER_SQL, "result", id);
	rc = audit_actor(db, who, "juki.result.view", target, "ok", "review", cause);
	free(target);
	return rc;
}

void
juki_result_row_clear(struct juki_result_row *r)
{
	free(r->name);
	free(r->kana);
	free(r->address);
	free(r->old_name);
	free(r->old_kana);
	memset(r, 0, sizeof *r);
}

void
juki_result_rows_free(struct juki_result_row *rows, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		juki_result_row_clear(&rows[i]);
	free(rows);
}

/* ---- Periodic check. */

#define JOB_COLUMNS \
	"j.id, j.status, j.base_date, j.period_from, j.batch_size, j.total, j.sent, " \
	"j.answered, (SELECT count(*) FROM juki_queries q WHERE q.job_id = j.id AND " \
	"q.status = 'failed'), j.changes, (SELECT count(*) FROM juki_review v WHERE " \
	"v.job_id = j.id AND v.status = 'open'), j.started_by, j.sending_done"

static void
job_row(sqlite3_stmt *stmt, struct juki_job *job)
{
	memset(job, 0, sizeof *job);
	copy_column(stmt, 0, job->id, sizeof job->id);
	copy_column(stmt, 1, job->status, sizeof job->status);
	copy_column(stmt, 2, job->base_date, sizeof job->base_date);
	copy_column(stmt, 3, job->period_from, sizeof job->period_from);
	job->batch_size = sqlite3_column_int(stmt, 4);
	job->total = sqlite3_column_int64(stmt, 5);
	job->sent = sqlite3_column_int64(stmt, 6);
	job->answered = sqlite3_column_int64(stmt, 7);
	job->failed = sqlite3_column_int64(stmt, 8);
	job->changes = sqlite3_column_int64(stmt, 9);
	job->open_reviews = sqlite3_column_int64(stmt, 10);
	copy_column(stmt, 11, job->started_by, sizeof job->started_by);
	job->done_sending = sqlite3_column_int(stmt, 12);
}

int
juki_job_get(struct db *db, const char *id, struct juki_job *job, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	stmt = db_prepare(db, "SELECT " JOB_COLUMNS " FROM juki_jobs j WHERE j.id = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		job_row(stmt, job);
	db_release(db, stmt);
	if (rc != SQLITE_ROW) {
		xasprintf(cause, _("no such periodic check"));
		return -1;
	}
	return 0;
}

int
juki_job_current(struct db *db, struct juki_job *job, int *found, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*found = 0;
	stmt = db_prepare(db, "SELECT " JOB_COLUMNS " FROM juki_jobs j WHERE j.status IN "
	    "('running', 'paused') ORDER BY j.started_at DESC LIMIT 1", cause);
	if (stmt == NULL)
		return -1;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		job_row(stmt, job);
		*found = 1;
	}
	db_release(db, stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, cause, _("cannot read the periodic checks"));
	return 0;
}

int
juki_job_start(struct db *db, const struct actor *who, const char *base_date,
    const char *period_from, int batch_size, struct juki_job *job, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 id[37], *detail;
	int		 found, rc = -1;

	*cause = NULL;
	if (rolefn_require(db, who, "periodic.check", cause) != 0 ||
	    procedure_require(db, who, "periodic", "juki.check.start", NULL, cause) != 0)
		return -1;
	if (batch_size < 1 || batch_size > 100000) {
		xasprintf(cause, _("a batch holds 1 to 100,000 holders"));
		return -1;
	}
	if (db_begin(db, cause) != 0)
		return -1;
	if (juki_job_current(db, job, &found, cause) != 0)
		goto out;
	if (found) {
		xasprintf(cause, _("a periodic check started by %s is not finished: resume or "
		    "cancel it first"), job->started_by);
		goto out;
	}
	if (uuid_generate(id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		goto out;
	}
	stmt = db_prepare(db, "INSERT INTO juki_jobs (id, status, base_date, period_from, "
	    "batch_size, total, started_by, started_at) SELECT ?1, 'running', ?2, ?3, ?4, "
	    "count(*), ?5, " NOW " FROM holders WHERE erased = 0 AND merged_into IS NULL",
	    cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, base_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, period_from, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 4, batch_size);
	sqlite3_bind_text(stmt, 5, who->user, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot start the periodic check (are the dates "
	    "YYYY-MM-DD?)"), cause) != 0)
		goto out;
	if (juki_job_get(db, id, job, cause) != 0)
		goto out;
	xasprintf(&detail, "base %s, since %s, %lld holders, batches of %d", base_date,
	    period_from, (long long)job->total, batch_size);
	rc = audit_actor(db, who, "juki.check.start", id, "ok", detail, cause);
	free(detail);
out:
	return db_finish(db, rc, cause);
}

int
juki_job_set_status(struct db *db, const struct actor *who, const char *id,
    const char *status, char **cause)
{
	sqlite3_stmt	*stmt;
	struct juki_job	 job;
	int		 rc = -1;

	*cause = NULL;
	if (!who->os_admin && rolefn_require(db, who, "periodic.check", cause) != 0)
		return -1;
	if (strcmp(status, "running") != 0 && strcmp(status, "paused") != 0 &&
	    strcmp(status, "cancelled") != 0) {
		xasprintf(cause, "unknown job status %s", status);
		return -1;
	}
	if (db_begin(db, cause) != 0)
		return -1;
	if (juki_job_get(db, id, &job, cause) != 0)
		goto out;
	if (strcmp(job.status, "running") != 0 && strcmp(job.status, "paused") != 0) {
		xasprintf(cause, _("the periodic check is already %s"), job.status);
		goto out;
	}
	stmt = db_prepare(db, "UPDATE juki_jobs SET status = ?2, finished_at = CASE WHEN "
	    "?2 = 'cancelled' THEN " NOW " END WHERE id = ?1", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, status, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot change the periodic check"), cause) != 0)
		goto out;
	rc = audit_actor(db, who, "juki.check.status", id, "ok", status, cause);
out:
	return db_finish(db, rc, cause);
}

int
juki_job_take_batch(struct db *db, const struct actor *who, const char *job_id,
    struct juki_batch_holder **out, size_t *n, char **cause)
{
	sqlite3_stmt			*stmt;
	struct juki_batch_holder	*h;
	struct juki_job			 job;
	char				 last[37] = "";
	int				 rc;

	*out = NULL;
	*n = 0;
	*cause = NULL;
	if (!db->in_tx) {
		xasprintf(cause, "juki_job_take_batch outside a transaction");
		return -1;
	}
	if (job_usable(db, who, job_id, cause) != 0 || juki_job_get(db, job_id, &job,
	    cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT h.id, h.family_name || '　' || h.given_name, "
	    "h.family_kana || '　' || h.given_kana, h.birth_date, h.sex, h.address1 || "
	    "h.address2, m.mynumber FROM holders h LEFT JOIN mynumbers m ON m.holder_id = h.id "
	    "WHERE h.erased = 0 AND h.merged_into IS NULL AND h.id > (SELECT cursor FROM "
	    "juki_jobs WHERE id = ?1) "
	    "ORDER BY h.id LIMIT ?2", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, job_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, job.batch_size);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		h = &(*out)[(*n)++];
		copy_column(stmt, 0, h->id, sizeof h->id);
		h->name = column_text(stmt, 1);
		h->kana = column_text(stmt, 2);
		h->birth_date = column_text(stmt, 3);
		h->sex = sqlite3_column_int(stmt, 4);
		h->address = column_text(stmt, 5);
		h->mynumber = sqlite3_column_type(stmt, 6) == SQLITE_NULL ? NULL :
		    column_text(stmt, 6);
		memcpy(last, h->id, sizeof last);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		juki_batch_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, cause, _("cannot read the holders"));
	}
	stmt = db_prepare(db, "UPDATE juki_jobs SET cursor = CASE WHEN ?2 = '' THEN cursor "
	    "ELSE ?2 END, sent = sent + ?3, sending_done = ?2 = '' WHERE id = ?1", cause);
	if (stmt == NULL)
		goto fail;
	sqlite3_bind_text(stmt, 1, job_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, last, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)*n);
	if (db_step_done(db, stmt, _("cannot advance the periodic check"), cause) != 0)
		goto fail;
	if (*n == 0 && finish_jobs(db, cause) != 0)
		goto fail;
	return 0;
fail:
	juki_batch_free(*out, *n);
	*out = NULL;
	*n = 0;
	return -1;
}

void
juki_batch_free(struct juki_batch_holder *b, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(b[i].name);
		free(b[i].kana);
		free(b[i].birth_date);
		free(b[i].address);
		if (b[i].mynumber != NULL) {
			explicit_bzero(b[i].mynumber, strlen(b[i].mynumber));
			free(b[i].mynumber);
		}
	}
	free(b);
}

int
juki_review_list(struct db *db, const struct actor *who, struct juki_review_row **out,
    size_t *n, char **cause)
{
	sqlite3_stmt		*stmt;
	struct juki_review_row	*r;
	int			 rc;

	*out = NULL;
	*n = 0;
	*cause = NULL;
	if (rolefn_require(db, who, "juki.review", cause) != 0)
		return -1;
	stmt = db_prepare(db, "SELECT v.id, v.job_id, v.holder_id, v.result_id, "
	    "h.family_name || '　' || h.given_name, v.kind, v.status, "
	    "strftime('%Y-%m-%d %H:%M', v.created_at, 'localtime') FROM juki_review v "
	    "JOIN holders h ON h.id = v.holder_id WHERE v.status = 'open' ORDER BY "
	    "v.created_at, v.id LIMIT 1000", cause);
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		r = &(*out)[(*n)++];
		copy_column(stmt, 0, r->id, sizeof r->id);
		copy_column(stmt, 1, r->job_id, sizeof r->job_id);
		copy_column(stmt, 2, r->holder_id, sizeof r->holder_id);
		copy_column(stmt, 3, r->result_id, sizeof r->result_id);
		r->holder_name = column_text(stmt, 4);
		r->kind = column_text(stmt, 5);
		r->status = column_text(stmt, 6);
		r->created_at = column_text(stmt, 7);
	}
	db_release(db, stmt);
	if (rc != SQLITE_DONE) {
		juki_review_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, cause, _("cannot read the review queue"));
	}
	return 0;
}

void
juki_review_rows_free(struct juki_review_row *rows, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(rows[i].holder_name);
		free(rows[i].kind);
		free(rows[i].status);
		free(rows[i].created_at);
	}
	free(rows);
}

int
juki_review_close(struct db *db, const struct actor *who, const char *id,
    const char *note, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*target;
	int		 rc = -1;

	*cause = NULL;
	if (rolefn_require(db, who, "juki.review", cause) != 0)
		return -1;
	if (note == NULL || *note == '\0') {
		xasprintf(cause, _("say what was done about it (a note is required)"));
		return -1;
	}
	if (db_begin(db, cause) != 0)
		return -1;
	stmt = db_prepare(db, "UPDATE juki_review SET status = 'done', note = ?2, "
	    "decided_by = ?3, decided_at = " NOW " WHERE id = ?1 AND status = 'open'", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, note, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, who->user, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot close the review"), cause) != 0)
		goto out;
	if (sqlite3_changes(db->h) != 1) {
		xasprintf(cause, _("this review is already closed"));
		goto out;
	}
	target = audit_target(db, NULL, REVIEW_HOLDER_SQL, "review", id);
	rc = audit_actor(db, who, "juki.review.close", target, "ok", "", cause);
	free(target);
out:
	return db_finish(db, rc, cause);
}

int
juki_store_purge(struct db *db, int days, int64_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 when[32];
	int		 rc = -1;

	*n = 0;
	*cause = NULL;
	if (days < 1) {
		xasprintf(cause, _("the retention must be at least one day"));
		return -1;
	}
	snprintf(when, sizeof when, "-%d days", days);
	if (db_begin(db, cause) != 0)
		return -1;
	/* Answers a review still points at stay until the review is closed. */
	stmt = db_prepare(db, "DELETE FROM juki_review WHERE status = 'done' AND result_id IN "
	    "(SELECT id FROM juki_results WHERE received_at < strftime('%Y-%m-%dT%H:%M:%fZ', "
	    "'now', ?1))", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, when, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot purge the answers"), cause) != 0)
		goto out;
	stmt = db_prepare(db, "DELETE FROM juki_results WHERE received_at < strftime("
	    "'%Y-%m-%dT%H:%M:%fZ', 'now', ?1) AND id NOT IN (SELECT result_id FROM "
	    "juki_review)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, when, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot purge the answers"), cause) != 0)
		goto out;
	stmt = db_prepare(db, "UPDATE juki_queries SET key_summary = '', status = CASE WHEN "
	    "status = 'pending' THEN 'failed' ELSE status END, failure = CASE WHEN status = "
	    "'pending' THEN 'purged unanswered' ELSE failure END WHERE requested_at < strftime("
	    "'%Y-%m-%dT%H:%M:%fZ', 'now', ?1) AND key_summary <> '' AND id NOT IN (SELECT "
	    "query_id FROM juki_results)", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, when, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot purge the queries"), cause) != 0)
		goto out;
	*n = sqlite3_changes(db->h);
	rc = 0;
out:
	return db_finish(db, rc, cause);
}
