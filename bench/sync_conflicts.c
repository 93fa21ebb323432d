/*
 * bench/sync_conflicts: the pull of changes that conflict, on a terminal with a long
 * history (issue 33). Builds an encrypted terminal database with H holders of its own
 * (demo-data's certificate numbers, BH0000001...) and an outbox of OUTBOX rows (default
 * 1,000,000: pushed rows stay), then applies, as a pull does (sync_apply_*, batches of
 * 10,000 changes), the register of three other terminals of the office:
 *
 *  - "conflicting": copies of its own holders under new ids, with the same certificate
 *    numbers, so that every registration fails UNIQUE (qualification,
 *    certificate_number) and every issue event follows it;
 *  - "clean": the same again with other certificate numbers, which all apply.
 *
 * It prints both timings and the query plan (EXPLAIN QUERY PLAN) of every distinct
 * statement the pull ran, caught with sqlite3_trace_v2. No network: the central store's
 * share is bench/sync.sh's. Prints figures, asserts nothing.
 *
 *	bench/sync_conflicts [H [OUTBOX [DIR]]]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit-key.h"
#include "bench-util.h"
#include "db-internal.h"
#include "keyfile.h"
#include "register/holders.h"
#include "sync/sync-store.h"
#include "synth.h"
#include "valid.h"
#include "xmalloc.h"

#define OTHERS		3	/* other terminals of the office */
#define BATCH		10000	/* changes per pulled batch (sync_batch_size at most) */

struct seen {
	char	**sql;
	size_t	  n;
};

/* Every statement the pull starts, once each (trigger bodies aside: they show as "--"). */
static int
trace_stmt(unsigned type, void *arg, void *p, void *x)
{
	struct seen	*s = arg;
	const char	*sql = sqlite3_sql(p);
	size_t		 i;

	(void)type;
	(void)x;
	if (sql == NULL || strncmp(sql, "--", 2) == 0)
		return 0;
	for (i = 0; i < s->n; i++) {
		if (strcmp(s->sql[i], sql) == 0)
			return 0;
	}
	s->sql = xreallocarray(s->sql, s->n + 1, sizeof *s->sql);
	s->sql[s->n++] = xstrdup(sql);
	return 0;
}

static long long
count(struct db *db, const char *sql)
{
	sqlite3_stmt	*stmt;
	long long	 n = -1;

	if (sqlite3_prepare_v2(db->h, sql, -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

static void
exec_or_die(struct db *db, const char *sql)
{
	char	*cause = NULL;

	if (db_exec(db, sql, &cause) != 0)
		bench_die(sql, cause);
}

/* The terminal's own register, the way demo-data makes it. */
static void
own_holders(struct db *db, long n)
{
	struct synth_person	 p;
	struct holder_record	 h;
	struct actor		 who = { "bench", "sysadmin", "bench", 0 };
	char			 birth[DATE_ISO_SIZE], cert[32], *cause = NULL;
	long			 i;

	if (db_begin(db, &cause) != 0)
		bench_die("begin", cause);
	for (i = 0; i < n; i++) {
		synth_person(1, (uint64_t)i, &p);
		date_format_iso(&p.birth, birth);
		snprintf(cert, sizeof cert, "BH%07ld", i + 1);
		holder_record_from_synth(&h, &p, birth);
		h.postal_code = p.postal;
		h.phone = p.phone;
		h.qualification = "building-hygiene";
		h.certificate_number = cert;
		h.issue_date = "2020-04-01";
		h.route = "exam";
		if (holder_import(db, &who, &h, &cause) != 0)
			bench_die("holder", cause);
	}
	if (db_commit(db, &cause) != 0)
		bench_die("commit", cause);
}

/* The history: pushed rows of records long done, up to `total` outbox rows in all. */
static void
fill_outbox(struct db *db, long total)
{
	sqlite3_stmt	*stmt;
	char		*cause = NULL;

	if (db_begin(db, &cause) != 0)
		bench_die("begin", cause);
	stmt = db_prepare(db, "WITH RECURSIVE n(i) AS (SELECT (SELECT count(*) FROM outbox) "
	    "UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1) INSERT INTO outbox (terminal_id, "
	    "entity, entity_id, version, op, payload, created_at, pushed_at) SELECT "
	    "'DEMO-B0', 'holder', printf('%08x-0000-7000-8000-%012x', i, i), 1, 'update', "
	    "'{\"address3\":\"\"}', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:01.000Z' "
	    "FROM n", &cause);
	if (stmt == NULL)
		bench_die("fill", cause);
	sqlite3_bind_int64(stmt, 1, total);
	if (db_step_done(db, stmt, "fill", &cause) != 0)
		bench_die("fill", cause);
	exec_or_die(db, "UPDATE outbox SET pushed_at = created_at WHERE pushed_at IS NULL");
	if (db_commit(db, &cause) != 0)
		bench_die("commit", cause);
}

/*
 * The changes of another terminal: this terminal's own register under ids whose first
 * digit is `prefix`, with the certificate numbers as they are (they collide) or under
 * another prefix (they do not).
 */
static void
pull_copy(struct db *db, char prefix, const char *terminal, int collide, long *changes,
    long *conflicts)
{
	struct sync_options	 opts = { 0 };
	struct sync_apply	*a = NULL;
	struct sync_apply_stats	 st;
	struct sync_change	 c;
	sqlite3_stmt		*stmt;
	char			*cause = NULL, p[2] = { prefix, '\0' };
	long			 n = 0;

	/* Read whole before the pull writes (one connection, no read while writing). */
	stmt = db_prepare(db, "SELECT entity, ?1 || substr(entity_id, 2), version, op, "
	    "json_replace(payload, '$.id', ?1 || substr(json_extract(payload, '$.id'), 2), "
	    "'$.holder_id', ?1 || substr(json_extract(payload, '$.holder_id'), 2), "
	    "'$.registration_id', ?1 || substr(json_extract(payload, '$.registration_id'), 2), "
	    "'$.certificate_number', CASE WHEN ?2 THEN json_extract(payload, "
	    "'$.certificate_number') ELSE 'Z' || upper(?1) || substr(json_extract(payload, "
	    "'$.certificate_number'), 3) END), created_at FROM outbox WHERE entity IN "
	    "('holder', 'registration', 'event', 'mynumber') AND terminal_id = ?3 "
	    "ORDER BY seq", &cause);
	if (stmt == NULL)
		bench_die("read", cause);
	sqlite3_bind_text(stmt, 1, p, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(stmt, 2, collide);
	sqlite3_bind_text(stmt, 3, db_terminal_id(db), -1, SQLITE_STATIC);
	struct row { char *e, *id, *op, *payload, *at; int64_t v; } *rows = NULL;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		rows = xreallocarray(rows, n + 1, sizeof *rows);
		rows[n].e = db_column_dup(stmt, 0);
		rows[n].id = db_column_dup(stmt, 1);
		rows[n].v = sqlite3_column_int64(stmt, 2);
		rows[n].op = db_column_dup(stmt, 3);
		rows[n].payload = db_column_dup(stmt, 4);
		rows[n].at = db_column_dup(stmt, 5);
		n++;
	}
	db_release(db, stmt);
	for (long i = 0; i < n; i++) {
		if (i % BATCH == 0 && sync_apply_begin(db, &opts, &a, &cause) != 0)
			bench_die("begin", cause);
		memset(&c, 0, sizeof c);
		c.office_seq = i + 1;
		c.terminal_id = terminal;
		c.seq = i + 1;
		c.entity = rows[i].e;
		c.entity_id = rows[i].id;
		c.version = rows[i].v;
		c.op = rows[i].op;
		c.payload = rows[i].payload;
		c.created_at = rows[i].at;
		if (sync_apply_change(a, &c, &cause) != 0)
			bench_die("apply", cause);
		if ((i + 1) % BATCH == 0 || i + 1 == n) {
			if (sync_apply_end(a, i + 1, 1, &st, &cause) != 0)
				bench_die("end", cause);
			*conflicts += st.conflicts;
		}
		free(rows[i].e);
		free(rows[i].id);
		free(rows[i].op);
		free(rows[i].payload);
		free(rows[i].at);
	}
	free(rows);
	*changes += n;
}

/* The open conflicts so far, by cause: what the queue's screen groups. */
static void
print_queue(struct db *db)
{
	sqlite3_stmt	*stmt;

	if (sqlite3_prepare_v2(db->h, "SELECT count(*), entity, cause, min(reason) FROM "
	    "sync_conflicts WHERE status = 'open' GROUP BY entity, cause ORDER BY min(id)", -1,
	    &stmt, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(stmt) == SQLITE_ROW)
		printf("  queue: %6d %-13s %-10s %.60s\n", sqlite3_column_int(stmt, 0),
		    (const char *)sqlite3_column_text(stmt, 1),
		    (const char *)sqlite3_column_text(stmt, 2),
		    (const char *)sqlite3_column_text(stmt, 3));
	sqlite3_finalize(stmt);
}

static void
run(struct db *db, const char *what, const char *prefixes, int collide)
{
	long	 changes = 0, conflicts = 0;
	double	 t0, t1;
	char	 terminal[16];
	int	 i;

	t0 = bench_now();
	for (i = 0; i < OTHERS; i++) {
		snprintf(terminal, sizeof terminal, "DEMO-B%d", i + 2);
		pull_copy(db, prefixes[i], terminal, collide, &changes, &conflicts);
	}
	t1 = bench_now();
	printf("pull %-12s %6ld changes, %6ld conflicts: %6.2f s  %8.0f changes/s\n", what,
	    changes, conflicts, t1 - t0, changes / (t1 - t0));
	print_queue(db);
}

static void
print_plans(struct db *db, const struct seen *s)
{
	sqlite3_stmt	*stmt;
	char		*sql;
	size_t		 i;

	printf("\nThe pull's statements and their plans (EXPLAIN QUERY PLAN):\n");
	for (i = 0; i < s->n; i++) {
		printf("\n%s\n", s->sql[i]);
		xasprintf(&sql, "EXPLAIN QUERY PLAN %s", s->sql[i]);
		if (sqlite3_prepare_v2(db->h, sql, -1, &stmt, NULL) != SQLITE_OK) {
			printf("  (no plan: %s)\n", sqlite3_errmsg(db->h));
			free(sql);
			continue;
		}
		while (sqlite3_step(stmt) == SQLITE_ROW)
			printf("  %3d %3d  %s\n", sqlite3_column_int(stmt, 0),
			    sqlite3_column_int(stmt, 1),
			    (const char *)sqlite3_column_text(stmt, 3));
		sqlite3_finalize(stmt);
		free(sql);
	}
}

int
main(int argc, char **argv)
{
	struct seen	 seen = { NULL, 0 };
	struct key	*key;
	struct db	*db;
	char		*path, *akey, *ahead, *side, *cause = NULL;
	const char	*dir;
	long		 holders, outbox;
	double		 t0;

	holders = argc > 1 ? atol(argv[1]) : 2000;
	outbox = argc > 2 ? atol(argv[2]) : 1000000;
	dir = argc > 3 ? argv[3] : "/tmp";
	xasprintf(&path, "%s/madoguchi-bench-conflicts-%ld.db", dir, (long)getpid());
	xasprintf(&akey, "%s.audit-key", path);
	xasprintf(&ahead, "%s.audit-head", path);
	key = key_new();
	if (key_generate(key, &cause) != 0)
		bench_die("key", cause);
	if ((db = db_open(path, key, DB_OPEN_CREATE, NULL, &cause)) == NULL ||
	    audit_key_open(db, akey, ahead, AUDIT_KEY_MOVE, &cause) != 0)
		bench_die("create", cause);
	if (db_set_terminal_id(db, "DEMO-B1", &cause) != 0)
		bench_die("terminal id", cause);

	t0 = bench_now();
	own_holders(db, holders);
	fill_outbox(db, outbox);
	printf("terminal: %ld holders of its own, %lld outbox rows (built in %.1f s)\n",
	    holders, count(db, "SELECT count(*) FROM outbox"), bench_now() - t0);

	sqlite3_trace_v2(db->h, SQLITE_TRACE_STMT, trace_stmt, &seen);
	run(db, "clean", "abc", 0);
	run(db, "conflicting", "def", 1);
	sqlite3_trace_v2(db->h, 0, NULL, NULL);
	print_plans(db, &seen);

	db_close(db);
	key_free(key);
	unlink(path);
	unlink(akey);
	unlink(ahead);
	xasprintf(&side, "%s-wal", path);
	unlink(side);
	free(side);
	xasprintf(&side, "%s-shm", path);
	unlink(side);
	free(side);
	free(akey);
	free(ahead);
	free(path);
	return 0;
}
