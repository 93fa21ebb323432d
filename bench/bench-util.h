/*
 * What every benchmark of bench/ needs: a monotonic clock, dying with the program's name
 * and a cause, and for those that compare against plain SQLite, the encrypted copy of a
 * plain database written by SQLCipher itself.
 */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdint.h>

#include <sqlite3.h>

double	 bench_now(void);
void	 bench_die(const char *, const char *) __attribute__((noreturn));
void	 bench_exec(sqlite3 *, const char *);
double	 bench_file_mib(const char *);
int	 bench_cmp_double(const void *, const void *);
/* Percentile pct of n sorted values (the nearest rank, the last at most); 0 for none. */
double	 bench_pct(const double *, int, int);
void	 bench_build_encrypted(const char *, const char *, const char *);
void	 bench_build_pair(const char *, long, uint64_t,
	    void (*)(const char *, long, uint64_t), char **, char **, char **);

#endif
