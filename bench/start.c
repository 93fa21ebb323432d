/*
 * bench/start: how long madoguchi takes from exec to its login screen drawn, read through
 * a pseudo-terminal as a clerk's terminal would show it, against the anchor of the same run:
 * madoguchi-audit --version through the same pseudo-terminal (a small program of this
 * project that links few libraries). Medians and p95 of RUNS each, alternating A B A B so
 * that a drift of the machine falls on both. Prints figures; asserts nothing (issue 28:
 * target < 20 ms to the login screen).
 *
 *	bench/start [--runs N]
 *
 * It makes a terminal of its own under /tmp (madoguchi-admin init), so that the program
 * starts as on a desk: configuration, key and database there, the login screen drawn in
 * English (LANGUAGE=en) and recognised by "User name".
 */
#include "config.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench-pty.h"
#include "bench-util.h"
#include "xmalloc.h"

/*
 * Seconds from fork+exec of argv under a new pseudo-terminal of 80x24 until its output
 * holds want (or, want NULL, until it closes); the program is then ended.
 */
static double
time_to(char *const argv[], const char *want)
{
	struct bench_pty	 p;
	double			 t0 = bench_now(), t;

	bench_pty_start(&p, argv);
	t = bench_pty_wait(&p, want, 10);
	bench_pty_stop(&p);
	if (t < 0)
		bench_die(argv[0], "did not draw its login screen within 10 s");
	return t - t0;
}

static void
report(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
	printf("%-42s median %7.2f ms  p95 %7.2f ms  min %7.2f ms\n", what,
	    bench_pct(v, n, 50) * 1000, bench_pct(v, n, 95) * 1000, v[0] * 1000);
}

int
main(int argc, char **argv)
{
	char	*dir, *bin, *app, *audit, *admin, *conf, *cmd, tmpl[] = "/tmp/bench-start.XXXXXX";
	double	*a, *b;
	FILE	*f;
	int	 runs = 21, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: start [--runs N]\n");
			return 2;
		}
	}
	if (runs < 1)
		bench_die("arguments", "--runs takes a number from 1");
	/* The programs beside this one's directory: the build tree's. */
	bin = dirname(dirname(xstrdup(argv[0])));
	xasprintf(&app, "%s/madoguchi", bin);
	xasprintf(&audit, "%s/madoguchi-audit", bin);
	xasprintf(&admin, "%s/madoguchi-admin", bin);
	if ((dir = mkdtemp(tmpl)) == NULL)
		bench_die("mkdtemp", strerror(errno));
	xasprintf(&conf, "%s/madoguchi.conf", dir);
	if ((f = fopen(conf, "w")) == NULL)
		bench_die(conf, strerror(errno));
	fprintf(f, "terminal_id = BENCH-START\ndb_path = %s/madoguchi.db\nkey_path = %s/db.key\n"
	    "allowed_terminals = *\n", dir, dir);
	fclose(f);
	xasprintf(&cmd, "%s init --config %s --terminal-id BENCH-START > /dev/null", admin,
	    conf);
	if (system(cmd) != 0)
		bench_die("madoguchi-admin init", "failed");
	setenv("LANGUAGE", "en", 1);
	setenv("TERM", "xterm-256color", 1);
	/* madoguchi refuses a codeset other than UTF-8. */
	setenv("LC_ALL", "C.UTF-8", 1);

	{
		char *const	 start[] = { app, "--config", conf, NULL };
		char *const	 anchor[] = { audit, "--version", NULL };

		a = xcalloc((size_t)runs, sizeof *a);
		b = xcalloc((size_t)runs, sizeof *b);
		(void)time_to(start, "User name");	/* warm-up: the libraries in the cache */
		(void)time_to(anchor, NULL);
		for (i = 0; i < runs; i++) {
			a[i] = time_to(start, "User name");
			b[i] = time_to(anchor, NULL);
		}
	}
	printf("%d runs each, alternating, through a pseudo-terminal of 80x24\n", runs);
	report("madoguchi: exec to the login screen", a, runs);
	report("anchor: madoguchi-audit --version to exit", b, runs);
	printf("ratio of medians %.2fx; target: login screen < 20 ms\n",
	    a[runs / 2] / b[runs / 2]);
	xasprintf(&cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "start: could not remove %s\n", dir);
	return 0;
}
