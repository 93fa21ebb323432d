/*
 * Helpers shared by the benchmarks (bench-util.h). Benchmarks print figures and assert
 * nothing; a failure to set up ends the run with the step that failed.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"
#include "db-internal.h"
#include "keyfile.h"
#include "xmalloc.h"

double
bench_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void
bench_die(const char *what, const char *cause)
{
	fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name, what,
	    cause != NULL ? cause : "failed");
	exit(1);
}

void
bench_exec(sqlite3 *h, const char *sql)
{
	char	*err = NULL;

	if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK)
		bench_die(sql, err != NULL ? err : sqlite3_errmsg(h));
}

double
bench_file_mib(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == 0 ? st.st_size / 1048576.0 : 0;
}

int
bench_cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * The encrypted copy of plain at path under a new key saved at keypath, written by
 * SQLCipher itself (sqlcipher_export), with the plain one's schema version so that opening
 * it migrates nothing.
 */
void
bench_build_encrypted(const char *plain, const char *path, const char *keypath)
{
	struct key	*key;
	sqlite3		*h;
	sqlite3_stmt	*stmt;
	FILE		*f;
	char		 hex[80], *sql, *cause = NULL;
	int		 version = 0;
	double		 t0 = bench_now();

	key = key_new();
	if (key_generate(key, &cause) != 0 || key_save(keypath, key, &cause) != 0)
		bench_die("key", cause);
	key_free(key);
	if ((f = fopen(keypath, "r")) == NULL || fgets(hex, sizeof hex, f) == NULL)
		bench_die(keypath, "cannot read");
	fclose(f);
	hex[strcspn(hex, "\n")] = '\0';
	if (sqlite3_open_v2(plain, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK)
		bench_die(plain, sqlite3_errmsg(h));
	if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	xasprintf(&sql, "ATTACH DATABASE '%s' AS enc KEY \"x'%s'\"", path, hex);
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		bench_die("attach", sqlite3_errmsg(h));
	explicit_bzero(sql, strlen(sql));
	explicit_bzero(hex, sizeof hex);
	free(sql);
	/* With the settings madoguchi makes its databases with, not SQLCipher's defaults. */
	if (db_cipher_apply(h, "enc", DB_CIPHER_CURRENT, &cause) != 0)
		bench_die("cipher settings", cause);
	xasprintf(&sql, "SELECT sqlcipher_export('enc'); PRAGMA enc.user_version = %d; "
	    "PRAGMA enc.journal_mode = WAL; DETACH DATABASE enc", version);
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		bench_die("sqlcipher_export", sqlite3_errmsg(h));
	free(sql);
	sqlite3_close(h);
	printf("built encrypted copy in %.1f s, %.0f MiB\n", bench_now() - t0,
	    bench_file_mib(path));
}

/*
 * The plain reference database of n rows (seed) and its encrypted copy, in dir, built
 * once by build and reused by later runs. Built in a child process: SQLCipher's memory
 * security, once on in a process, would slow the building for good.
 */
void
bench_build_pair(const char *dir, long n, uint64_t seed,
    void (*build)(const char *, long, uint64_t), char **plain, char **enc, char **keypath)
{
	pid_t	 pid;
	int	 status;

	(void)mkdir(dir, 0700);
	xasprintf(plain, "%s/plain-%ld-%llu.db", dir, n, (unsigned long long)seed);
	xasprintf(enc, "%s/encrypted-%ld-%llu.db", dir, n, (unsigned long long)seed);
	xasprintf(keypath, "%s/encrypted-%ld-%llu.key", dir, n, (unsigned long long)seed);
	if (access(*enc, F_OK) == 0 && access(*keypath, F_OK) == 0) {
		printf("reusing %s and %s\n", *plain, *enc);
		return;
	}
	if ((pid = fork()) == 0) {
		unlink(*plain);
		unlink(*enc);
		unlink(*keypath);
		build(*plain, n, seed);
		bench_build_encrypted(*plain, *enc, *keypath);
		fflush(stdout);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0)
		bench_die("build", "the building process failed");
}

double
bench_pct(const double *sorted, int n, int pct)
{
	int	 i = (n * pct) / 100;

	if (n <= 0)
		return 0;
	return sorted[i < n ? i : n - 1];
}
