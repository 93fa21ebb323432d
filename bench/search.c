/*
 * bench/search: name-partial searches over N synthetic holders (default 1,000,000), on the
 * encrypted database and on the same data in a plain SQLite file, both through
 * register_search (the screen's path, audit entry included). Prints p50/p95/p99/max side by
 * side. Targets (SPEC §13): encrypted p95 < 20 ms and within 1.5x of plain; resident
 * memory < 64 MiB.
 *
 *	bench/search [--holders N] [--queries N] [--dir DIR] [--seed S]
 *
 * The databases are built once per (N, seed) in DIR and reused: the plain one with large
 * transactions, the encrypted one from it with sqlcipher_export (inserting a million rows
 * through an encrypted connection with cipher_memory_security ON would take far longer and
 * is not what is measured here). Building runs in a child process so that the memory figure
 * is the searching process's own.
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
#include "bench-util.h"
#include "db-internal.h"
#include "keyfile.h"
#include "register/register-internal.h"
#include "register/register.h"
#include "synth.h"
#include "xmalloc.h"

#define PAGE	20

enum { KIND_3, KIND_2, KIND_5, KIND_COUNT };
static const char *const kind_names[] = { "3 characters", "2 characters", "5 characters" };

static const struct actor root_admin = { "root", "os-admin", "bench", 1 };
/*
 * Every search is audited, and the audit chain needs its key (audit.key on a terminal);
 * any fixed one will do here, the same on both sides.
 */
static const uint8_t bench_audit_key[AUDIT_MAC_BYTES] = { 0x5a, 0x5a, 0x5a, 0x5a };

static const struct actor searcher = { "bench", "supervisor", "bench", 0 };

struct query {
	char	 text[64];
	int	 kind;	/* KIND_3, KIND_2 (the prefix path), KIND_5 */
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
	    "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16384");
	if (db_migrate(db, &cause) != 0)
		bench_die("migrate", cause);
	audit_set_key(db, bench_audit_key);
	db->terminal_id = xstrdup("BENCH-01");
	return db;
}

static void
build_plain(const char *path, long n, uint64_t seed)
{
	struct synth_person	 p;
	struct db		*db;
	sqlite3_stmt		*hs, *rs;
	char			 id[64], reg_id[64], birth[16], pref[8], cert[32];
	char			*cause = NULL;
	long			 i;
	double			 t0 = bench_now();

	db = plain_open(path);
	if (account_first_supervisor(db, &root_admin, "bench", "ベンチ 太郎", &cause) != 0)
		bench_die("setup", cause);
	bench_exec(db->h, "PRAGMA synchronous = OFF; BEGIN");
	if (sqlite3_prepare_v2(db->h, "INSERT INTO holders (id, family_name, given_name, "
	    "family_kana, given_kana, sex, birth_date, honseki_pref, postal_code, address1, "
	    "address2, address3, municipality_code, phone, has_gaiji, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
	    "'2025-01-01', '2025-01-01')", -1, &hs, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db->h, "INSERT INTO registrations (id, holder_id, "
	    "qualification, certificate_number, issue_date, route, created_at, updated_at) "
	    "VALUES (?1, ?2, 'building-hygiene', ?3, '2010-04-01', 'exam', '2025-01-01', "
	    "'2025-01-01')", -1, &rs, NULL) != SQLITE_OK)
		bench_die("prepare", sqlite3_errmsg(db->h));
	for (i = 0; i < n; i++) {
		synth_person(seed, (uint64_t)i, &p);
		/* Ids unique per index; registrations in another range than holders. */
		snprintf(id, sizeof id, "%08lx-0000-4000-8000-%012lx", (unsigned long)i,
		    (unsigned long)i);
		snprintf(reg_id, sizeof reg_id, "%08lx-0000-4000-9000-%012lx",
		    (unsigned long)i, (unsigned long)i);
		snprintf(birth, sizeof birth, "%04d-%02d-%02d", p.birth.y, p.birth.m, p.birth.d);
		snprintf(pref, sizeof pref, "%02d", p.prefecture);
		sqlite3_bind_text(hs, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(hs, 2, p.family, -1, SQLITE_STATIC);
		sqlite3_bind_text(hs, 3, p.given, -1, SQLITE_STATIC);
		sqlite3_bind_text(hs, 4, p.family_kana, -1, SQLITE_STATIC);
		sqlite3_bind_text(hs, 5, p.given_kana, -1, SQLITE_STATIC);
		sqlite3_bind_int(hs, 6, p.sex);
		sqlite3_bind_text(hs, 7, birth, -1, SQLITE_STATIC);
		sqlite3_bind_text(hs, 8, pref, -1, SQLITE_STATIC);
		sqlite3_bind_text(hs, 9, p.postal, -1, SQLITE_STATIC);
		sqlite3_bind_text(hs, 10, p.address1, -1, SQLITE_STATIC);
		sqlite3_bind_text(hs, 11, p.address2, -1, SQLITE_STATIC);
		sqlite3_bind_text(hs, 12, p.address3, -1, SQLITE_STATIC);
		sqlite3_bind_text(hs, 13, p.municipality, -1, SQLITE_STATIC);
		sqlite3_bind_text(hs, 14, p.phone, -1, SQLITE_STATIC);
		sqlite3_bind_int(hs, 15, p.has_gaiji);
		if (sqlite3_step(hs) != SQLITE_DONE)
			bench_die("insert holder", sqlite3_errmsg(db->h));
		sqlite3_reset(hs);
		snprintf(cert, sizeof cert, "BH%08ld", i + 1);
		sqlite3_bind_text(rs, 1, reg_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(rs, 2, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(rs, 3, cert, -1, SQLITE_STATIC);
		if (sqlite3_step(rs) != SQLITE_DONE)
			bench_die("insert registration", sqlite3_errmsg(db->h));
		sqlite3_reset(rs);
	}
	sqlite3_finalize(hs);
	sqlite3_finalize(rs);
	/* The same index entry as every other path writes (REG_NAMES_SQL). */
	bench_exec(db->h, "INSERT INTO holder_names (rowid, names) SELECT rowid, "
	    REG_NAMES_SQL " FROM holders");
	bench_exec(db->h, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)");
	db_close(db);
	printf("built plain database: %ld holders in %.1f s, %.0f MiB\n", n, bench_now() - t0,
	    bench_file_mib(path));
}

struct figures {
	double	 p50, p95, p99, max, mean_hits, listed_p95;
	int	 queries, too_many;
};

static void
run(struct db *db, const struct query *q, int nq, int kind, struct figures *out)
{
	struct search_query	 sq;
	struct search_hit	*hits;
	size_t			 n;
	double			*ms, *listed, t0, hits_total = 0;
	char			*cause = NULL;
	int			 i, k = 0, l = 0, more;

	ms = xcalloc((size_t)nq, sizeof *ms);
	listed = xcalloc((size_t)nq, sizeof *listed);
	memset(out, 0, sizeof *out);
	for (i = 0; i < nq; i++) {
		if (q[i].kind != kind)
			continue;
		memset(&sq, 0, sizeof sq);
		sq.name = q[i].text;
		sq.limit = PAGE;
		t0 = bench_now();
		if (register_search(db, &searcher, &sq, &hits, &n, &more, &cause) != 0)
			bench_die(q[i].text, cause);
		ms[k++] = (bench_now() - t0) * 1000;
		hits_total += (double)n;
		out->too_many += more == SEARCH_TOO_MANY;
		if (more != SEARCH_TOO_MANY)
			listed[l++] = ms[k - 1];
		search_hits_free(hits, n);
	}
	qsort(ms, (size_t)k, sizeof *ms, bench_cmp_double);
	qsort(listed, (size_t)l, sizeof *listed, bench_cmp_double);
	out->queries = k;
	if (l > 0)
		out->listed_p95 = listed[(l * 95) / 100];
	if (k > 0) {
		out->p50 = ms[k / 2];
		out->p95 = ms[(k * 95) / 100];
		out->p99 = ms[(k * 99) / 100];
		out->max = ms[k - 1];
		out->mean_hits = hits_total / k;
	}
	free(ms);
	free(listed);
}

/* The byte offset of character k of s (UTF-8). */
static size_t
char_offset(const char *s, size_t k)
{
	size_t	 i = 0;

	for (; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && k-- == 0)
			return i;
	}
	return i;
}

/*
 * Substrings of real names of the population: 3 or 5 characters from anywhere (kana or
 * kanji, across the space between family and given name too), and 2-character family
 * names, which take the prefix path.
 */
static void
make_queries(struct query *q, int nq, long n, uint64_t seed)
{
	struct synth_person	 p;
	const char		*src;
	size_t			 chars, start, from, to, i, len;
	int			 k;

	srandom((unsigned)seed + 7);
	for (k = 0; k < nq; k++) {
		synth_person(seed, (uint64_t)(random() % n), &p);
		q[k].kind = k % 5 == 4 ? KIND_2 : k % 2 == 0 ? KIND_3 : KIND_5;
		if (q[k].kind == KIND_2 && char_offset(p.family, 2) == strlen(p.family) &&
		    char_offset(p.family, 1) < strlen(p.family)) {
			snprintf(q[k].text, sizeof q[k].text, "%s", p.family);
			continue;
		}
		if (q[k].kind == KIND_2)
			q[k].kind = KIND_3;
		len = q[k].kind == KIND_5 ? 5 : 3;
		src = random() % 2 == 0 ? p.kana : p.name;
		for (i = 0, chars = 0; src[i] != '\0'; i++)
			chars += ((unsigned char)src[i] & 0xc0) != 0x80;
		start = chars > len ? (size_t)random() % (chars - len + 1) : 0;
		from = char_offset(src, start);
		to = char_offset(src, start + len);
		snprintf(q[k].text, sizeof q[k].text, "%.*s", (int)(to - from), src + from);
	}
}

static long
vm_kib(const char *field)
{
	FILE	*f = fopen("/proc/self/status", "r");
	char	 line[256];
	long	 v = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, field, strlen(field)) == 0)
			v = atol(line + strlen(field) + 1);
	}
	fclose(f);
	return v;
}

int
main(int argc, char **argv)
{
	struct figures	 encf[KIND_COUNT], pl[KIND_COUNT];
	struct query	*q;
	struct key	*key;
	struct db	*db;
	char		*plain, *enc, *keypath, *cause = NULL;
	const char	*dir = "bench/data-search";
	long		 n = 1000000;
	int		 nq = 1000, i;
	uint64_t	 seed = 20261123;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--holders") == 0 && i + 1 < argc)
			n = atol(argv[++i]);
		else if (strcmp(argv[i], "--queries") == 0 && i + 1 < argc)
			nq = atoi(argv[++i]);
		else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else {
			fprintf(stderr, "usage: search [--holders N] [--queries N] [--dir DIR] "
			    "[--seed S]\n");
			return 2;
		}
	}
	if (n < 10 || nq < 1)
		bench_die("arguments", "need at least 10 holders and 1 query");
	bench_build_pair(dir, n, seed, build_plain, &plain, &enc, &keypath);

	q = xcalloc((size_t)nq, sizeof *q);
	make_queries(q, nq, n, seed);

	key = key_new();
	if (key_load(keypath, key, &cause) != 0)
		bench_die("key", cause);
	if ((db = db_open(enc, key, DB_OPEN_EXISTING, NULL, &cause)) == NULL)
		bench_die(enc, cause);
	key_free(key);
	audit_set_key(db, bench_audit_key);
	run(db, q, nq, KIND_3, &encf[KIND_3]);	/* warm: the page cache and SQLCipher's */
	for (i = 0; i < KIND_COUNT; i++)
		run(db, q, nq, i, &encf[i]);
	printf("resident memory after searching the encrypted database: VmRSS %ld KiB, "
	    "VmHWM %ld KiB\n", vm_kib("VmRSS"), vm_kib("VmHWM"));
	db_close(db);

	db = plain_open(plain);
	run(db, q, nq, KIND_3, &pl[KIND_3]);
	for (i = 0; i < KIND_COUNT; i++)
		run(db, q, nq, i, &pl[i]);
	db_close(db);

	printf("\n%ld holders, %d queries, page %d; times in ms, every search audited\n", n,
	    nq, PAGE);
	printf("%-26s %7s %7s %7s %7s %6s %9s %11s\n", "", "p50", "p95", "p99", "max",
	    "hits", "too many", "listed p95");
	for (i = 0; i < KIND_COUNT; i++) {
		printf("encrypted, %-15s %7.2f %7.2f %7.2f %7.2f %6.1f %4d/%-4d %11.2f\n",
		    kind_names[i], encf[i].p50, encf[i].p95, encf[i].p99, encf[i].max,
		    encf[i].mean_hits, encf[i].too_many, encf[i].queries, encf[i].listed_p95);
		printf("plain,     %-15s %7.2f %7.2f %7.2f %7.2f %6.1f %4d/%-4d %11.2f\n",
		    kind_names[i], pl[i].p50, pl[i].p95, pl[i].p99, pl[i].max, pl[i].mean_hits,
		    pl[i].too_many, pl[i].queries, pl[i].listed_p95);
		printf("encrypted/plain p95 %.2fx\n", pl[i].p95 > 0 ? encf[i].p95 / pl[i].p95 :
		    0);
	}
	printf("target: encrypted p95 < 20 ms and within 1.5x of plain\n");
	free(q);
	free(plain);
	free(enc);
	free(keypath);
	return 0;
}
