/*
 * bench/juki_import: a periodic check (定期照会) of N register holders (default 100,000)
 * through the terminal's own code, on an encrypted database: the job sends every holder
 * in one 一括方式 request file, the simulator answers it, and the import of that result
 * file is timed — read, verify, convert, check, then store every answer, mark its query
 * answered, compare it with the holder and queue the 異動 for review, in one transaction.
 * The anchor is `iconv -f CP932 -t UTF-8` over the same result file, as in
 * bench/juki_parse (which times the parse alone). Target (SPEC §13): < 2 s for
 * 100,000 records. Nothing here is asserted.
 *
 * RUNS (default 1) imports the same file that many times, each into a fresh copy of the
 * database as it was before the import: the register takes far longer to build than the
 * import, and a busy machine gives noisy figures, so several runs from one build.
 *
 *	bench/juki_import [N] [DIR] [RUNS]
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accounts/accounts.h"
#include "audit/audit-key.h"
#include "bench-util.h"
#include "config-file.h"
#include "db-internal.h"
#include "juki/juki-lookup.h"
#include "juki/juki-spool.h"
#include "juki/juki-store.h"
#include "keyfile.h"
#include "register/holders.h"
#include "sim.h"
#include "synth.h"
#include "valid.h"
#include "xmalloc.h"

#define SEED	7

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor sato = { "sato", "supervisor", "tty1", 0 };

static int64_t
count_rows(struct db *db, const char *sql)
{
	sqlite3_stmt	*stmt;
	char		*cause = NULL;
	int64_t		 n = -1;

	if ((stmt = db_prepare(db, sql, &cause)) == NULL)
		bench_die("count", cause);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	db_release(db, stmt);
	return n;
}

/* Holders 0..n-1 as the simulator's residents were recorded, in one transaction. */
static void
import_holders(struct db *db, size_t n)
{
	struct synth_person	 p;
	struct holder_record	 h;
	char			 birth[DATE_ISO_SIZE], cert[16], *cause = NULL;
	size_t			 i;

	if (db_begin(db, &cause) != 0)
		bench_die("begin", cause);
	for (i = 0; i < n; i++) {
		synth_person(SEED, (uint64_t)i, &p);
		date_format_iso(&p.birth, birth);
		snprintf(cert, sizeof cert, "BH%07zu", i + 1);
		holder_record_from_synth(&h, &p, birth);
		h.qualification = "building-hygiene";
		h.certificate_number = cert;
		h.issue_date = "2020-04-01";
		h.route = "exam";
		if (holder_import(db, &root_admin, &h, &cause) != 0)
			bench_die("holder", cause);
	}
	if (db_commit(db, &cause) != 0)
		bench_die("commit", cause);
}

/* The only file in dir, as a malloc'd path. */
static char *
only_file(const char *dir)
{
	DIR		*d = opendir(dir);
	struct dirent	*de;
	char		*path = NULL;

	if (d == NULL)
		bench_die(dir, "cannot open");
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (path != NULL)
			bench_die(dir, "more than one file");
		xasprintf(&path, "%s/%s", dir, de->d_name);
	}
	closedir(d);
	if (path == NULL)
		bench_die(dir, "no file");
	return path;
}

/* What the gateway does: answer the request file in out with a result file in in; its name. */
static char *
gateway_answer(const struct config *cf, size_t n, size_t *result_len)
{
	struct sim_cp932		*sc;
	struct sim_world		*w;
	struct sim_request_file		 rf;
	struct sim_answer		*ans;
	size_t				 nans, len, req_len;
	char				*req_path, *buf, *res, *name, *cause = NULL;

	sim_layout_init();
	if ((sc = sim_cp932_open()) == NULL)
		bench_die("iconv", "CP932");
	req_path = only_file(cf->juki_outbound);
	if (juki_spool_read(req_path, JUKI_SPOOL_MAX_FILE, &buf, &req_len, &cause) != 0)
		bench_die(req_path, cause);
	if (sim_request_read(sc, buf, req_len, &rf, &cause) != 0)
		bench_die("simulator", cause);
	w = sim_world_new(SEED, n);
	sim_world_answer(w, &rf, &ans, &nans);
	if (sim_result_write(sc, &rf, ans, nans, NULL, SIM_FAULT_NONE, &res, &len,
	    &cause) != 0)
		bench_die("simulator", cause);
	/* Named for the request it answers, appearing atomically, as the gateway does. */
	if ((name = juki_result_filename(rf.file_id)) == NULL)
		bench_die("simulator", "bad file id");
	if (juki_spool_write(cf->juki_inbound, name, res, len, &cause) != 0)
		bench_die("result file", cause);
	if (unlink(req_path) != 0)
		bench_die(req_path, "cannot remove");
	*result_len = len;
	juki_spool_buf_free(buf, req_len);
	free(res);
	free(ans);
	free(req_path);
	sim_request_free(&rf);
	sim_world_free(w);
	return name;
}

struct figures {
	double	 seconds;
	int64_t	 answered, reviews;
};

/* The audit key and head files beside the database, as on a terminal. */
static int
bench_audit(struct db *db, const char *db_path, char **cause)
{
	char	*k, *h;
	int	 rc;

	xasprintf(&k, "%s.audit-key", db_path);
	xasprintf(&h, "%s.audit-head", db_path);
	rc = audit_key_open(db, k, h, AUDIT_KEY_MOVE, cause);
	free(k);
	free(h);
	return rc;
}

/* Import the result file as the terminal does, timing it. */
static void
run_import(const char *db_path, struct key *key, struct config *cf,
    const char *result_name, const char *result, size_t result_len, struct figures *fig)
{
	struct db	*db;
	size_t		 imported, rejected;
	char		*cause = NULL;
	double		 t0;

	if ((db = db_open(db_path, key, DB_OPEN_EXISTING, NULL, &cause)) == NULL ||
	    bench_audit(db, db_path, &cause) != 0)
		bench_die(db_path, cause);
	if (juki_spool_write(cf->juki_inbound, result_name, result, result_len, &cause) != 0)
		bench_die("result file", cause);
	t0 = bench_now();
	if (juki_lookup_import(db, cf, &sato, &imported, &rejected, &cause) != 0)
		bench_die("import", cause);
	fig->seconds = bench_now() - t0;
	if (rejected != 0)
		bench_die("import", cause != NULL ? cause : "a file was quarantined");
	fig->answered = count_rows(db, "SELECT count(*) FROM juki_queries WHERE status = "
	    "'answered'");
	fig->reviews = count_rows(db, "SELECT count(*) FROM juki_review");
	db_close(db);
}

int
main(int argc, char **argv)
{
	struct config	 cf;
	struct key	*key;
	struct db	*db;
	struct juki_job	 job;
	struct figures	 fig;
	const char	*base;
	char		 dir[256], db_path[300], key_path[300], out[300], in[300];
	char		 q[300], *cause = NULL, *res_path, *cmd, *result, *name;
	char		 run_path[300];
	size_t		 n, sent, result_len, runs, r;
	double		 t0, t_holders, t_send, t_iconv;

	n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	base = argc > 2 ? argv[2] : "/tmp";
	runs = argc > 3 ? strtoul(argv[3], NULL, 10) : 1;
	if (n == 0 || n > 100000 || runs == 0 || runs > 100)
		bench_die("usage", "bench/juki_import [N (1-100000)] [DIR] [RUNS (1-100)]");
	snprintf(dir, sizeof dir, "%s/juki-import-bench.XXXXXX", base);
	if (mkdtemp(dir) == NULL)
		bench_die(dir, "cannot create");
	snprintf(db_path, sizeof db_path, "%s/bench.db", dir);
	snprintf(key_path, sizeof key_path, "%s/bench.key", dir);
	snprintf(run_path, sizeof run_path, "%s/run.db", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	snprintf(in, sizeof in, "%s/in", dir);
	snprintf(q, sizeof q, "%s/quarantine", dir);
	if (mkdir(out, 0700) != 0 || mkdir(in, 0700) != 0 || mkdir(q, 0700) != 0)
		bench_die(dir, "cannot make the spool");
	config_defaults(&cf);
	cf.juki_outbound = out;
	cf.juki_inbound = in;
	cf.juki_quarantine = q;

	/*
	 * Not timed: the register and the job's request file. With SQLCipher's memory security
	 * on (as on the terminal; it cannot be switched off in a process once on), building
	 * the register takes minutes for 100,000 holders.
	 */
	key = key_new();
	if (key_generate(key, &cause) != 0 || key_save(key_path, key, &cause) != 0)
		bench_die("key", cause);
	if ((db = db_open(db_path, key, DB_OPEN_CREATE, NULL, &cause)) == NULL ||
	    bench_audit(db, db_path, &cause) != 0 ||
	    db_set_terminal_id(db, "T-BENCH-01", &cause) != 0)
		bench_die("database", cause);
	if (account_first_supervisor(db, &root_admin, "sato", "佐藤 一郎", &cause) != 0)
		bench_die("account", cause);
	t0 = bench_now();
	import_holders(db, n);
	t_holders = bench_now() - t0;
	t0 = bench_now();
	if (juki_job_start(db, &sato, "2026-11-23", "2019-01-01", (int)n, &job, &cause) != 0)
		bench_die("job", cause);
	if (juki_check_send_batch(db, &cf, &sato, job.id, &sent, &cause) != 0)
		bench_die("send", cause);
	t_send = bench_now() - t0;
	db_close(db);
	name = gateway_answer(&cf, n, &result_len);
	xasprintf(&res_path, "%s/%s", cf.juki_inbound, name);
	if (juki_spool_read(res_path, JUKI_SPOOL_MAX_FILE, &result, &result_len, &cause) != 0)
		bench_die(res_path, cause);

	/* The anchor, on the same file. */
	xasprintf(&cmd, "iconv -f CP932 -t UTF-8 '%s' > /dev/null", res_path);
	t0 = bench_now();
	if (system(cmd) != 0)
		bench_die("iconv(1)", "failed");
	t_iconv = bench_now() - t0;
	free(cmd);
	if (unlink(res_path) != 0)
		bench_die(res_path, "cannot remove");
	printf("juki_import: %zu holders, periodic check in one batch, encrypted database\n", n);
	printf("  register (holder_import, not timed) %8.3f s\n", t_holders);
	printf("  job + request file (not timed)      %8.3f s  %zu sent\n", t_send, sent);
	printf("  result file                         %8.1f MB\n", result_len / 1e6);
	printf("  iconv -f CP932 -t UTF-8 (anchor)    %8.3f s  %10.0f records/s\n", t_iconv,
	    n / t_iconv);
	for (r = 0; r < runs; r++) {
		/*
		 * The closed database is one file (WAL checkpointed on close): copy it, with
		 * the audit log's key and head beside it, which its chain needs.
		 */
		xasprintf(&cmd, "rm -f '%s-wal' '%s-shm' && cp '%s' '%s' && "
		    "cp '%s.audit-key' '%s.audit-key' && cp '%s.audit-head' '%s.audit-head'",
		    run_path, run_path, db_path, run_path, db_path, run_path, db_path, run_path);
		if (system(cmd) != 0)
			bench_die(run_path, "cannot copy the database");
		free(cmd);
		run_import(run_path, key, &cf, name, result, result_len, &fig);
		printf("  import: read+parse+store            %8.3f s  %10.0f records/s"
		    "  %.2fx iconv\n", fig.seconds, n / fig.seconds, fig.seconds / t_iconv);
		printf("  queries answered %lld, 異動 queued for review %lld\n",
		    (long long)fig.answered, (long long)fig.reviews);
		printf("  target (SPEC §13, 100,000 records) < 2 s: %s\n",
		    n < 100000 ? "n/a (fewer records)" : fig.seconds < 2.0 ? "met" : "NOT met");
		fflush(stdout);
	}

	key_free(key);
	juki_spool_buf_free(result, result_len);
	free(res_path);
	free(name);
	xasprintf(&cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "juki_import: cannot remove %s\n", dir);
	free(cmd);
	return 0;
}
