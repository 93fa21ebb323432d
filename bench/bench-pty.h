/*
 * A program under a pseudo-terminal of 80x24, driven as a clerk's terminal would drive it:
 * for the benchmarks that time what a person sees (bench/start, bench/keys). The output is
 * searched as raw bytes: a text the screen draws in one piece (a label, a name) is found
 * in the terminal's escape sequences as it is.
 */
#ifndef BENCH_PTY_H
#define BENCH_PTY_H

#include <stddef.h>
#include <sys/types.h>

struct bench_pty {
	int	 master;
	pid_t	 pid;
	char	 buf[65536];	/* output not yet searched past */
	size_t	 have;
};

/* Starts argv (argv[0] a path) under a new pseudo-terminal; dies on failure. */
void	 bench_pty_start(struct bench_pty *, char *const []);
/*
 * Seconds until the output holds want (searched from what came since the last call), or
 * until the program closes the terminal when want is NULL; -1 after timeout seconds.
 */
double	 bench_pty_wait(struct bench_pty *, const char *, double);
/*
 * Reads what comes within first seconds and then until the program has been quiet for
 * quiet seconds: the time the last byte came (bench_now), or -1 when nothing came. For a
 * screen that redraws only what changed, where no fixed text can be waited for.
 */
double	 bench_pty_settle(struct bench_pty *, double, double);
/* Sends bytes as typed; returns the time they were written (bench_now). */
double	 bench_pty_send(struct bench_pty *, const char *, size_t);
/* Forgets the output read so far: the next wait searches only what comes after. */
void	 bench_pty_forget(struct bench_pty *);
/* Ends the program (SIGTERM) and closes the terminal. */
void	 bench_pty_stop(struct bench_pty *);

#endif
