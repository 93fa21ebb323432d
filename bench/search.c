/*
 * bench/search: searches over N synthetic holders (default 1,000,000), on the encrypted
 * database and on the same data in a plain SQLite file (the anchor, measured in the same
 * run), both through register_search (the screen's path, audit entry included).
 *
 * Two query sets (issue 28):
 * - partial: substrings of names, 2, 3 or 5 characters; many stop at "too many" and list
 *   nothing, which flatters the figures;
 * - realistic: what a clerk types from a document: family name and the start of the given
 *   name (kanji, or kana), birth date with the family name, a certificate number.
 * Warm figures come from one connection after a warm-up pass; cold ones from a fresh
 * connection per query (SQLite's and SQLCipher's caches empty), with the operating
 * system's page cache dropped before each when root may (/proc/sys/vm/drop_caches). Each
 * row says how many queries listed holders. Prints p50/p95/p99/max; asserts nothing.
 * Targets (SPEC §13, issue 28): encrypted p95 < 20 ms and within 1.5x of plain on the
 * realistic set; resident memory < 64 MiB.
 *
 *	bench/search [--holders N] [--queries N] [--cold N] [--dir DIR] [--seed S]
 *	    [--hmac HMAC_SHA1|HMAC_SHA256|HMAC_SHA512] [--page-size BYTES]
 *
 * --hmac and --page-size make and read the encrypted database with other SQLCipher
 * settings than the terminal's (HMAC_SHA512, 4096), through SQLCipher's process-wide
 * cipher_default_* pragmas, into files of their own: to choose the settings by measurement.
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

enum { KIND_3, KIND_2, KIND_5, KIND_NAME_KANJI, KIND_NAME_KANA, KIND_BIRTH_NAME, KIND_CERT,
	KIND_COUNT };
#define KIND_REALISTIC	KIND_NAME_KANJI	/* the first kind of the realistic set */
static const char *const kind_names[] = { "part, 3 chars", "part, 2 chars", "part, 5 chars",
	"name+given kanji", "name+given kana", "birth + family", "certificate no." };

static const struct actor root_admin = { "root", "os-admin", "bench", 1 };
/*
 * Every search is audited, and the audit chain needs its key (audit.key on a terminal);
 * any fixed one will do here, the same on both sides.
 */
static const uint8_t bench_audit_key[AUDIT_MAC_BYTES] = { 0x5a, 0x5a, 0x5a, 0x5a };

static const struct actor searcher = { "bench", "supervisor", "bench", 0 };

struct query {
	char	 text[64];
	char	 birth[16];	/* KIND_BIRTH_NAME */
	int	 kind;
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
	int	 queries, too_many, listed;
};

/* The times of k searches (ms, sorted here) and their hits, as figures. */
static void
figures_from(double *ms, int k, double hits, struct figures *out)
{
	qsort(ms, (size_t)k, sizeof *ms, bench_cmp_double);
	out->queries = k;
	out->p50 = bench_pct(ms, k, 50);
	out->p95 = bench_pct(ms, k, 95);
	out->p99 = bench_pct(ms, k, 99);
	out->max = bench_pct(ms, k, 100);
	out->mean_hits = k > 0 ? hits / k : 0;
}

/* The encrypted database as the desk opens it, with the bench's audit key. */
static struct db *
enc_open(const char *path, const char *keypath)
{
	struct key	*key = key_new();
	struct db	*db;
	char		*cause = NULL;

	if (key_load(keypath, key, &cause) != 0)
		bench_die("key", cause);
	if ((db = db_open(path, key, DB_OPEN_EXISTING, NULL, &cause)) == NULL)
		bench_die(path, cause);
	key_free(key);
	audit_set_key(db, bench_audit_key);
	return db;
}

/* The screen's search for a query. */
static void
query_set(const struct query *q, struct search_query *sq)
{
	memset(sq, 0, sizeof *sq);
	sq->limit = PAGE;
	if (q->kind == KIND_CERT)
		sq->certificate_number = q->text;
	else
		sq->name = q->text;
	if (q->kind == KIND_BIRTH_NAME)
		sq->birth_date = q->birth;
}

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
		query_set(&q[i], &sq);
		t0 = bench_now();
		if (register_search(db, &searcher, &sq, &hits, &n, &more, &cause) != 0)
			bench_die(q[i].text, cause);
		ms[k++] = (bench_now() - t0) * 1000;
		hits_total += (double)n;
		out->too_many += more == SEARCH_TOO_MANY;
		out->listed += more != SEARCH_TOO_MANY && n > 0;
		if (more != SEARCH_TOO_MANY)
			listed[l++] = ms[k - 1];
		search_hits_free(hits, n);
	}
	figures_from(ms, k, hits_total, out);
	qsort(listed, (size_t)l, sizeof *listed, bench_cmp_double);
	out->listed_p95 = bench_pct(listed, l, 95);
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
 * The partial set: substrings of real names of the population, 3 or 5 characters from
 * anywhere (kana or kanji, across the space between family and given name too), and
 * 2-character family names, which take the prefix path.
 */
static void
make_partial(struct query *q, struct synth_person *p)
{
	const char	*src;
	size_t		 chars, start, from, to, i, len;

	if (q->kind == KIND_2 && char_offset(p->family, 2) == strlen(p->family) &&
	    char_offset(p->family, 1) < strlen(p->family)) {
		snprintf(q->text, sizeof q->text, "%s", p->family);
		return;
	}
	if (q->kind == KIND_2)
		q->kind = KIND_3;
	len = q->kind == KIND_5 ? 5 : 3;
	src = random() % 2 == 0 ? p->kana : p->name;
	for (i = 0, chars = 0; src[i] != '\0'; i++)
		chars += ((unsigned char)src[i] & 0xc0) != 0x80;
	start = chars > len ? (size_t)random() % (chars - len + 1) : 0;
	from = char_offset(src, start);
	to = char_offset(src, start + len);
	snprintf(q->text, sizeof q->text, "%.*s", (int)(to - from), src + from);
}

/*
 * The realistic set, from a holder of the population as a document names them: family
 * name, the full-width space, and the first one or two characters of the given name;
 * birth date and family name; the certificate number (build_plain's BH%08ld).
 */
static void
make_realistic(struct query *q, struct synth_person *p, long index)
{
	switch (q->kind) {
	case KIND_NAME_KANJI:
		snprintf(q->text, sizeof q->text, "%s\u3000%.*s", p->family,
		    (int)char_offset(p->given, 1), p->given);
		break;
	case KIND_NAME_KANA:
		snprintf(q->text, sizeof q->text, "%s\u3000%.*s", p->family_kana,
		    (int)char_offset(p->given_kana, 2), p->given_kana);
		break;
	case KIND_BIRTH_NAME:
		snprintf(q->text, sizeof q->text, "%s", p->family);
		snprintf(q->birth, sizeof q->birth, "%04d-%02d-%02d", p->birth.y, p->birth.m,
		    p->birth.d);
		break;
	default:
		snprintf(q->text, sizeof q->text, "BH%08ld", index + 1);
		break;
	}
}

/* nq queries of each set, in turns of kinds. */
static void
make_queries(struct query *q, int nq, long n, uint64_t seed)
{
	struct synth_person	 p;
	long			 index;
	int			 k;

	srandom((unsigned)seed + 7);
	for (k = 0; k < nq; k++) {
		index = random() % n;
		synth_person(seed, (uint64_t)index, &p);
		q[k].kind = k % 5 == 4 ? KIND_2 : k % 2 == 0 ? KIND_3 : KIND_5;
		make_partial(&q[k], &p);
	}
	for (k = 0; k < nq; k++) {
		index = random() % n;
		synth_person(seed, (uint64_t)index, &p);
		q[nq + k].kind = KIND_REALISTIC + k % (KIND_COUNT - KIND_REALISTIC);
		make_realistic(&q[nq + k], &p, index);
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

/* SQLCipher's defaults for every later connection of this process (see the top). */
static void
cipher_defaults(const char *hmac, const char *page_size)
{
	sqlite3	*h;
	char	*sql;

	if (hmac == NULL && page_size == NULL)
		return;
	if (sqlite3_open(":memory:", &h) != SQLITE_OK)
		bench_die("sqlite3_open", sqlite3_errmsg(h));
	xasprintf(&sql, "PRAGMA cipher_default_hmac_algorithm = %s; "
	    "PRAGMA cipher_default_page_size = %s", hmac != NULL ? hmac : "HMAC_SHA512",
	    page_size != NULL ? page_size : "4096");
	bench_exec(h, sql);
	free(sql);
	sqlite3_close(h);
}

/* Whether this process may drop the operating system's page cache (root, not read-only). */
static int
drop_caches(void)
{
	FILE	*f;

	sync();
	if ((f = fopen("/proc/sys/vm/drop_caches", "w")) == NULL)
		return 0;
	fputs("3\n", f);
	return fclose(f) == 0;
}

/*
 * Cold figures: ncold queries of kind, each on a fresh connection (open not timed), with
 * the OS cache dropped first when allowed. *dropped says whether it was.
 */
static void
run_cold(const char *path, const char *keypath, const struct query *q, int nq, int kind,
    int ncold, struct figures *out, int *dropped)
{
	struct figures	 f;
	struct db	*db;
	double		*ms = xcalloc((size_t)ncold, sizeof *ms), hits = 0;
	int		 i, k = 0;

	memset(out, 0, sizeof *out);
	for (i = 0; i < nq && k < ncold; i++) {
		if (q[i].kind != kind)
			continue;
		*dropped = drop_caches();
		db = keypath != NULL ? enc_open(path, keypath) : plain_open(path);
		run(db, &q[i], 1, kind, &f);
		db_close(db);
		ms[k++] = f.p50;
		hits += f.mean_hits;
		out->too_many += f.too_many;
		out->listed += f.listed;
	}
	figures_from(ms, k, hits, out);
	free(ms);
}

static void
print_row(const char *side, int kind, const struct figures *f)
{
	printf("%-10s %-17s %7.2f %7.2f %7.2f %7.2f %6.1f %4d/%-4d %4d\n", side,
	    kind_names[kind], f->p50, f->p95, f->p99, f->max, f->mean_hits, f->too_many,
	    f->queries, f->listed);
}

static void
print_pair(int kind, const struct figures *enc, const struct figures *pl)
{
	print_row("encrypted", kind, enc);
	print_row("plain", kind, pl);
	printf("%-10s %-17s p95 %.2fx, p50 %.2fx\n", "enc/plain", kind_names[kind],
	    pl->p95 > 0 ? enc->p95 / pl->p95 : 0, pl->p50 > 0 ? enc->p50 / pl->p50 : 0);
}

int
main(int argc, char **argv)
{
	struct figures	 encf[KIND_COUNT], pl[KIND_COUNT];
	struct figures	 cold_enc[KIND_COUNT], cold_pl[KIND_COUNT];
	struct query	*q;
	struct db	*db;
	char		*plain, *enc, *keypath;
	const char	*dir = "bench/data-search", *hmac = NULL, *page_size = NULL;
	char		*subdir = NULL;
	long		 n = 1000000;
	int		 nq = 1000, ncold = 20, i, dropped = 0;
	uint64_t	 seed = 20261123;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--holders") == 0 && i + 1 < argc)
			n = atol(argv[++i]);
		else if (strcmp(argv[i], "--queries") == 0 && i + 1 < argc)
			nq = atoi(argv[++i]);
		else if (strcmp(argv[i], "--cold") == 0 && i + 1 < argc)
			ncold = atoi(argv[++i]);
		else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--hmac") == 0 && i + 1 < argc)
			hmac = argv[++i];
		else if (strcmp(argv[i], "--page-size") == 0 && i + 1 < argc)
			page_size = argv[++i];
		else {
			fprintf(stderr, "usage: search [--holders N] [--queries N] [--cold N] "
			    "[--dir DIR] [--seed S] [--hmac ALGORITHM] [--page-size BYTES]\n");
			return 2;
		}
	}
	if (n < 10 || nq < 1 || ncold < 0)
		bench_die("arguments", "need at least 10 holders and 1 query");
	if (hmac != NULL && strcmp(hmac, "HMAC_SHA1") != 0 && strcmp(hmac, "HMAC_SHA256") != 0 &&
	    strcmp(hmac, "HMAC_SHA512") != 0)
		bench_die("--hmac", "HMAC_SHA1, HMAC_SHA256 or HMAC_SHA512");
	if (page_size != NULL && strspn(page_size, "0123456789") != strlen(page_size))
		bench_die("--page-size", "a number of bytes, a power of two from 512 to 65536");
	cipher_defaults(hmac, page_size);
	if (hmac != NULL || page_size != NULL) {
		xasprintf(&subdir, "%s/%s-%s", dir, hmac != NULL ? hmac : "HMAC_SHA512",
		    page_size != NULL ? page_size : "4096");
		(void)mkdir(dir, 0700);
		dir = subdir;
	}
	bench_build_pair(dir, n, seed, build_plain, &plain, &enc, &keypath);
	printf("SQLCipher settings of the encrypted database: %s, page %s bytes\n",
	    hmac != NULL ? hmac : "HMAC_SHA512", page_size != NULL ? page_size : "4096");

	/* Each set has nq queries: the partial ones first, then the realistic ones. */
	q = xcalloc((size_t)nq * 2, sizeof *q);
	make_queries(q, nq, n, seed);

	/* Cold first, while nothing of this process has touched the files. */
	for (i = KIND_REALISTIC; i < KIND_COUNT && ncold > 0; i++) {
		run_cold(enc, keypath, q + nq, nq, i, ncold, &cold_enc[i], &dropped);
		run_cold(plain, NULL, q + nq, nq, i, ncold, &cold_pl[i], &dropped);
	}

	db = enc_open(enc, keypath);
	run(db, q, nq, KIND_3, &encf[KIND_3]);	/* warm: the page cache and SQLCipher's */
	run(db, q + nq, nq, KIND_NAME_KANJI, &encf[KIND_NAME_KANJI]);
	for (i = 0; i < KIND_COUNT; i++)
		run(db, i < KIND_REALISTIC ? q : q + nq, nq, i, &encf[i]);
	printf("resident memory after searching the encrypted database: VmRSS %ld KiB, "
	    "VmHWM %ld KiB\n", vm_kib("VmRSS"), vm_kib("VmHWM"));
	db_close(db);

	db = plain_open(plain);
	run(db, q, nq, KIND_3, &pl[KIND_3]);
	run(db, q + nq, nq, KIND_NAME_KANJI, &pl[KIND_NAME_KANJI]);
	for (i = 0; i < KIND_COUNT; i++)
		run(db, i < KIND_REALISTIC ? q : q + nq, nq, i, &pl[i]);
	db_close(db);

	printf("\n%ld holders, %d queries a set, page %d; times in ms, every search audited; "
	    "too many: stopped at \"too many\" (nothing listed); listed: queries that listed "
	    "holders\n", n, nq, PAGE);
	printf("%-10s %-17s %7s %7s %7s %7s %6s %9s %6s\n", "", "", "p50", "p95", "p99", "max",
	    "hits", "too many", "listed");
	printf("-- warm (one connection, after a warm-up pass): realistic set\n");
	for (i = KIND_REALISTIC; i < KIND_COUNT; i++)
		print_pair(i, &encf[i], &pl[i]);
	if (ncold > 0) {
		printf("-- cold (a fresh connection per query%s): realistic set\n", dropped ?
		    ", the OS cache dropped before each" : "; the OS cache could not be dropped: "
		    "not root, or a container");
		for (i = KIND_REALISTIC; i < KIND_COUNT; i++)
			print_pair(i, &cold_enc[i], &cold_pl[i]);
	}
	printf("-- warm: partial set (parts of names; many stop at \"too many\")\n");
	for (i = 0; i < KIND_REALISTIC; i++)
		print_pair(i, &encf[i], &pl[i]);
	printf("target: encrypted p95 < 20 ms and within 1.5x of plain (the anchor, above)\n");
	free(q);
	free(plain);
	free(enc);
	free(keypath);
	free(subdir);
	return 0;
}
