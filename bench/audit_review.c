/*
 * bench/audit_review: a terminal's audit log of N entries (default 1,000,000) over a year,
 * read as the audit log screen reads it: a filter applied (audit_query_new, its own
 * audit.filter entry included) and its first page, then the next page. Three kinds of
 * filter: one user in one month, one holder, one action group. The same queries run on the
 * encrypted database and on the same data in a plain SQLite file; p50/p95/max side by side
 * and the ratio. Targets (issue 20): encrypted p95 < 50 ms and within 1.5x of plain.
 *
 *	bench/audit_review [--entries N] [--queries N] [--dir DIR] [--seed S]
 *
 * The log is built once per (N, seed) in DIR and reused. Its entries are chained with real
 * MACs (audit_entry_sign, the computation audit_append makes) but written with their times
 * spread over the year rather than through audit_append, which stamps the present. The
 * encrypted copy is written by SQLCipher itself (sqlcipher_export), as bench/search does.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "accounts/accounts.h"
#include "audit/audit-disclosure.h"
#include "audit/audit-query.h"
#include "audit/audit.h"
#include "bench-util.h"
#include "db-internal.h"
#include "keyfile.h"
#include "xmalloc.h"

#define PAGE		20
#define USERS		40
#define HOLDERS		100000
#define YEAR		2025

enum { KIND_USER_MONTH, KIND_HOLDER, KIND_GROUP, KIND_COUNT };
static const char *const kind_names[] = { "user + month", "holder", "action group" };

static const struct actor root_admin = { "root", "os-admin", "bench", 1 };
static const struct actor reviewer = { "bench", "supervisor", "bench", 0 };
static const uint8_t bench_audit_key[AUDIT_MAC_BYTES] = { 0x5a, 0x5a, 0x5a, 0x5a };

/* What the desks do, by weight: most entries are views, searches and Juki work. */
static const struct {
	const char	*action;
	int		 weight;
	int		 holder;	/* the target names a holder */
} actions[] = {
	{ "register.view", 30, 1 }, { "register.search", 18, 0 }, { "juki.query", 8, 1 },
	{ "juki.result.view", 8, 1 }, { "login", 8, 0 }, { "logout", 7, 0 },
	{ "register.apply", 5, 1 }, { "cert.print", 3, 1 }, { "cert.view", 3, 1 },
	{ "register.approve", 2, 1 }, { "approval.list", 2, 0 }, { "mynumber.reveal", 1, 1 },
	{ "lock", 2, 0 }, { "unlock", 2, 0 }, { "sync", 1, 0 },
};
static const char *const groups[] = { "view", "search", "juki", "login", "change",
	"approval", "print", "sync" };

struct figures {
	double	 p50, p95, max;		/* the first page of a filter */
	double	 applied_p95;		/* the filter checked and audited, and that page */
	double	 next_p95, rows;
	int	 queries;
};

/* A plain (unencrypted) database behind a struct db, as the benchmark's reference only. */
static struct db *
plain_open(const char *path)
{
	struct db	*db;
	char		*cause = NULL;

	db = xcalloc(1, sizeof *db);
	if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK)
		bench_die(path, sqlite3_errmsg(db->h));
	db->path = xstrdup(path);
	bench_exec(db->h, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
	    "PRAGMA temp_store = MEMORY; PRAGMA cache_size = " DB_CACHE_KIB);
	if (db_migrate(db, &cause) != 0)
		bench_die("migrate", cause);
	db->terminal_id = xstrdup("BENCH-01");
	audit_set_key(db, bench_audit_key);
	return db;
}

static void
holder_id(long i, char *out, size_t len)
{
	snprintf(out, len, "%08lx-0000-4000-8000-%012lx", (unsigned long)i, (unsigned long)i);
}

/* Entry i's time: the year's seconds in order, each entry a little after the one before. */
static void
entry_time(long i, long n, char *out, size_t len)
{
	struct tm	 tm;
	time_t		 start, t;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = YEAR - 1900;
	tm.tm_mon = 0;
	tm.tm_mday = 1;
	start = timegm(&tm);
	t = start + (time_t)((double)i / (double)n * 365.0 * 86400.0);
	gmtime_r(&t, &tm);
	snprintf(out, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long)(i % 1000));
}

static void
build_plain(const char *path, long n, uint64_t seed)
{
	struct db	*db;
	sqlite3_stmt	*hs, *as, *cs;
	uint8_t		 prev[AUDIT_MAC_BYTES], mac[AUDIT_MAC_BYTES];
	const char	*field[AUDIT_FIELDS];
	char		 id[64], at[64], user[16], tty[16], target[96], detail[64], *cause = NULL;
	long		 i, w, total = 0;
	int64_t		 seq;
	size_t		 k;
	double		 t0 = bench_now();

	db = plain_open(path);
	if (account_first_supervisor(db, &root_admin, "bench", "ベンチ 太郎", &cause) != 0)
		bench_die("setup", cause);
	bench_exec(db->h, "PRAGMA synchronous = OFF; BEGIN");
	if (sqlite3_prepare_v2(db->h, "INSERT INTO holders (id, family_name, given_name, "
	    "family_kana, given_kana, sex, birth_date, created_at, updated_at) VALUES (?1, "
	    "'山田', '花子', 'ヤマダ', 'ハナコ', 2, '1990-04-01', '2025-01-01', '2025-01-01')",
	    -1, &hs, NULL) != SQLITE_OK)
		bench_die("prepare", sqlite3_errmsg(db->h));
	for (i = 0; i < HOLDERS; i++) {
		holder_id(i, id, sizeof id);
		sqlite3_bind_text(hs, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(hs) != SQLITE_DONE)
			bench_die("insert holder", sqlite3_errmsg(db->h));
		sqlite3_reset(hs);
	}
	sqlite3_finalize(hs);

	/* The chain goes on from what the set-up wrote. */
	if (sqlite3_prepare_v2(db->h, "SELECT count, mac FROM audit_head", -1, &cs, NULL) !=
	    SQLITE_OK || sqlite3_step(cs) != SQLITE_ROW)
		bench_die("head", sqlite3_errmsg(db->h));
	seq = sqlite3_column_int64(cs, 0);
	memcpy(prev, sqlite3_column_blob(cs, 1), AUDIT_MAC_BYTES);
	sqlite3_finalize(cs);
	if (sqlite3_prepare_v2(db->h, "INSERT INTO audit_log (seq, at, terminal_id, tty, user, "
	    "role, action, target, result, detail, prev_mac, mac) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9, ?10, ?11, ?12)", -1, &as, NULL) != SQLITE_OK)
		bench_die("prepare", sqlite3_errmsg(db->h));
	for (k = 0; k < sizeof actions / sizeof actions[0]; k++)
		total += actions[k].weight;
	srandom((unsigned)seed);
	for (i = 0; i < n; i++) {
		w = random() % total;
		for (k = 0; w >= actions[k].weight; k++)
			w -= actions[k].weight;
		entry_time(i, n, at, sizeof at);
		snprintf(user, sizeof user, "user%02ld", random() % USERS);
		snprintf(tty, sizeof tty, "tty%ld", random() % 4 + 1);
		if (actions[k].holder) {
			holder_id(random() % HOLDERS, id, sizeof id);
			snprintf(target, sizeof target, "holder:%s", id);
		} else
			target[0] = '\0';
		snprintf(detail, sizeof detail, "bench %ld", i);
		field[0] = at;
		field[1] = db->terminal_id;
		field[2] = tty;
		field[3] = user;
		field[4] = "clerk";
		field[5] = actions[k].action;
		field[6] = target;
		field[7] = random() % 50 == 0 ? "denied" : "ok";
		field[8] = detail;
		seq++;
		if (audit_entry_sign(db, seq, prev, field, mac, &cause) != 0)
			bench_die("sign", cause);
		sqlite3_bind_int64(as, 1, seq);
		for (k = 0; k < AUDIT_FIELDS; k++)
			sqlite3_bind_text(as, (int)k + 2, field[k], -1, SQLITE_STATIC);
		sqlite3_bind_blob(as, 11, prev, AUDIT_MAC_BYTES, SQLITE_STATIC);
		sqlite3_bind_blob(as, 12, mac, AUDIT_MAC_BYTES, SQLITE_STATIC);
		if (sqlite3_step(as) != SQLITE_DONE)
			bench_die("insert entry", sqlite3_errmsg(db->h));
		sqlite3_reset(as);
		memcpy(prev, mac, AUDIT_MAC_BYTES);
	}
	sqlite3_finalize(as);
	if (sqlite3_prepare_v2(db->h, "UPDATE audit_head SET count = ?1, mac = ?2", -1, &cs,
	    NULL) != SQLITE_OK)
		bench_die("prepare", sqlite3_errmsg(db->h));
	sqlite3_bind_int64(cs, 1, seq);
	sqlite3_bind_blob(cs, 2, prev, AUDIT_MAC_BYTES, SQLITE_STATIC);
	if (sqlite3_step(cs) != SQLITE_DONE)
		bench_die("head", sqlite3_errmsg(db->h));
	sqlite3_finalize(cs);
	bench_exec(db->h, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)");
	db_close(db);
	printf("built plain database: %ld entries in %.1f s, %.0f MiB\n", n, bench_now() - t0,
	    bench_file_mib(path));
}

struct query {
	char	 user[16], from[16], until[16], holder[64];
	int	 kind;
	const char *group;
};

static void
make_queries(struct query *q, int nq, uint64_t seed)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int	 i, m;

	srandom((unsigned)seed + 7);
	for (i = 0; i < nq; i++) {
		memset(&q[i], 0, sizeof q[i]);
		q[i].kind = i % KIND_COUNT;
		m = (int)(random() % 12);
		snprintf(q[i].user, sizeof q[i].user, "user%02ld", random() % USERS);
		snprintf(q[i].from, sizeof q[i].from, "%d-%02d-01", YEAR, m + 1);
		snprintf(q[i].until, sizeof q[i].until, "%d-%02d-%02d", YEAR, m + 1, days[m]);
		holder_id(random() % HOLDERS, q[i].holder, sizeof q[i].holder);
		q[i].group = groups[random() % (sizeof groups / sizeof groups[0])];
	}
}

static double
p95(double *v, int k)
{
	qsort(v, (size_t)k, sizeof *v, bench_cmp_double);
	return k > 0 ? v[(k * 95) / 100] : 0;
}

/*
 * Each query: the filter applied (checked, its audit.filter entry written and committed)
 * and its first page, then the next page, each timed on its own.
 */
static void
run(struct db *db, const struct query *q, int nq, int kind, struct figures *out)
{
	struct audit_filter	 f;
	struct audit_query	*aq;
	struct audit_row	*rows;
	struct audit_cursor	 c;
	double			*ms, *applied, *next, t0, t1, total_rows = 0;
	char			*cause = NULL;
	size_t			 n;
	int			 i, k = 0, more;

	ms = xcalloc((size_t)nq, sizeof *ms);
	applied = xcalloc((size_t)nq, sizeof *applied);
	next = xcalloc((size_t)nq, sizeof *next);
	for (i = 0; i < nq; i++) {
		if (q[i].kind != kind)
			continue;
		memset(&f, 0, sizeof f);
		if (kind == KIND_USER_MONTH) {
			f.user = q[i].user;
			f.from = q[i].from;
			f.until = q[i].until;
		} else if (kind == KIND_HOLDER)
			f.holder_id = q[i].holder;
		else
			f.group = q[i].group;
		t0 = bench_now();
		if (audit_query_new(db, &reviewer, &f, &aq, &cause) != 0)
			bench_die(kind_names[kind], cause);
		t1 = bench_now();
		if (audit_query_page(db, &reviewer, aq, NULL, PAGE, &rows, &n, &more,
		    &cause) != 0)
			bench_die(kind_names[kind], cause);
		ms[k] = (bench_now() - t1) * 1000;
		applied[k] = (bench_now() - t0) * 1000;
		total_rows += (double)n;
		memset(&c, 0, sizeof c);
		if (n > 0) {
			snprintf(c.at, sizeof c.at, "%s", rows[n - 1].at);
			c.seq = rows[n - 1].seq;
		}
		audit_rows_free(rows, n);
		t0 = bench_now();
		if (audit_query_page(db, &reviewer, aq, &c, PAGE, &rows, &n, &more, &cause) != 0)
			bench_die(kind_names[kind], cause);
		next[k++] = (bench_now() - t0) * 1000;
		audit_rows_free(rows, n);
		audit_query_free(aq);
	}
	memset(out, 0, sizeof *out);
	out->queries = k;
	if (k > 0) {
		out->p95 = p95(ms, k);
		out->p50 = ms[k / 2];
		out->max = ms[k - 1];
		out->applied_p95 = p95(applied, k);
		out->next_p95 = p95(next, k);
		out->rows = total_rows / k;
	}
	free(ms);
	free(applied);
	free(next);
}

static void
run_all(struct db *db, const struct query *q, int nq, struct figures *f)
{
	int	 i;

	run(db, q, nq, KIND_GROUP, &f[KIND_GROUP]);	/* warm the caches */
	for (i = 0; i < KIND_COUNT; i++)
		run(db, q, nq, i, &f[i]);
}

/*
 * The local half of a disclosure (issue 20, target < 100 ms): every entry about one holder,
 * with full names and the mark of what the store does not have, for each holder queried.
 */
static double
disclosure_p95(struct db *db, const struct query *q, int nq, size_t *entries)
{
	struct disclosure	 d;
	double			*t, t0, r;
	char			*cause = NULL;
	int			 i;

	t = xcalloc((size_t)nq, sizeof *t);
	*entries = 0;
	for (i = 0; i < nq; i++) {
		t0 = bench_now();
		if (disclosure_local(db, q[i].holder, NULL, NULL, &d, &cause) != 0 ||
		    disclosure_labels(db, &d, &cause) != 0)
			bench_die("disclosure", cause);
		disclosure_sort(&d);
		t[i] = (bench_now() - t0) * 1000;
		*entries += d.n;
		disclosure_clear(&d);
	}
	r = p95(t, nq);
	free(t);
	return r;
}

int
main(int argc, char **argv)
{
	struct figures	 encf[KIND_COUNT], pl[KIND_COUNT];
	struct query	*q;
	struct key	*key;
	struct db	*db;
	char		*plain, *enc, *keypath, *cause = NULL;
	const char	*dir = "bench/data-audit";
	long		 n = 1000000;
	int		 nq = 600, i;
	double		 disc_p95;
	size_t		 disc_entries;
	uint64_t	 seed = 20261205;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--entries") == 0 && i + 1 < argc)
			n = atol(argv[++i]);
		else if (strcmp(argv[i], "--queries") == 0 && i + 1 < argc)
			nq = atoi(argv[++i]);
		else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else {
			fprintf(stderr, "usage: audit_review [--entries N] [--queries N] "
			    "[--dir DIR] [--seed S]\n");
			return 2;
		}
	}
	if (n < 1000 || nq < KIND_COUNT)
		bench_die("arguments", "need at least 1000 entries and 3 queries");
	bench_build_pair(dir, n, seed, build_plain, &plain, &enc, &keypath);

	q = xcalloc((size_t)nq, sizeof *q);
	make_queries(q, nq, seed);

	key = key_new();
	if (key_load(keypath, key, &cause) != 0)
		bench_die("key", cause);
	if ((db = db_open(enc, key, DB_OPEN_EXISTING, NULL, &cause)) == NULL)
		bench_die(enc, cause);
	key_free(key);
	/* The reviewer's own entries are chained as at a terminal; the key is the bench's. */
	audit_set_key(db, bench_audit_key);
	run_all(db, q, nq, encf);
	disc_p95 = disclosure_p95(db, q, nq, &disc_entries);
	db_close(db);

	db = plain_open(plain);
	run_all(db, q, nq, pl);
	db_close(db);

	printf("\n%ld entries over %d, %d queries, page %d; times in ms\n", n, YEAR, nq, PAGE);
	printf("first page: p50 p95 max; applied: the filter checked, audited and committed, "
	    "with that page; next: the page after it\n");
	printf("%-24s %7s %7s %7s %11s %9s %6s\n", "", "p50", "p95", "max", "applied p95",
	    "next p95", "rows");
	for (i = 0; i < KIND_COUNT; i++) {
		printf("encrypted, %-13s %7.2f %7.2f %7.2f %11.2f %9.2f %6.1f\n",
		    kind_names[i], encf[i].p50, encf[i].p95, encf[i].max, encf[i].applied_p95,
		    encf[i].next_p95, encf[i].rows);
		printf("plain,     %-13s %7.2f %7.2f %7.2f %11.2f %9.2f %6.1f\n",
		    kind_names[i], pl[i].p50, pl[i].p95, pl[i].max, pl[i].applied_p95,
		    pl[i].next_p95, pl[i].rows);
		printf("encrypted/plain p95: first page %.2fx, applied %.2fx, next page %.2fx\n",
		    pl[i].p95 > 0 ? encf[i].p95 / pl[i].p95 : 0,
		    pl[i].applied_p95 > 0 ? encf[i].applied_p95 / pl[i].applied_p95 : 0,
		    pl[i].next_p95 > 0 ? encf[i].next_p95 / pl[i].next_p95 : 0);
	}
	printf("target: encrypted p95 < 50 ms and within 1.5x of plain\n");
	printf("disclosure, local (encrypted): p95 %.2f ms over %d holders, %.1f entries each "
	    "(target < 100 ms)\n", disc_p95, nq, nq > 0 ? (double)disc_entries / nq : 0);
	free(q);
	free(plain);
	free(enc);
	free(keypath);
	return 0;
}
