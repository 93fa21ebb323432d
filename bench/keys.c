/*
 * bench/keys: key to screen updated, as a clerk at the desk sees it, through a
 * pseudo-terminal: typing a name into the search form (each character until it shows),
 * Enter until the results are listed ("Results 1–10" at 80x24), PgDn until the next page is
 * drawn (its last byte, 20 ms of quiet after it), Enter on a
 * result until the holder's screen is up. The anchor, in the same run: a key through the
 * same pseudo-terminal to cat(1) and back, the floor of any program's answer. Medians and
 * p95 of RUNS rounds; asserts nothing (issue 28: < 20 ms Enter to results).
 *
 *	bench/keys --config FILE --user NAME --password WORD --name KANA [--runs N]
 *
 * bench/keys.sh makes the demo terminal this needs (pam_wrapper users, holders) and runs it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-pty.h"
#include "bench-util.h"
#include "xmalloc.h"

#define ROUNDS_MAX	200

struct series {
	const char	*what;
	double		 v[ROUNDS_MAX * 8];
	int		 n;
};

static void
add(struct series *s, double t0, double t1, const char *step)
{
	if (t1 < 0)
		bench_die(step, "the screen did not show it within 5 s");
	s->v[s->n++] = (t1 - t0) * 1000;
}

/* The time the screen's answer ended: its last byte, after quiet ms without any. */
static double
settled(struct bench_pty *p, double quiet)
{
	return bench_pty_settle(p, quiet / 1000, quiet / 1000);
}

static void
report(const struct series *s)
{
	double	 v[ROUNDS_MAX * 8];
	int	 n = s->n;

	if (n == 0)
		return;
	memcpy(v, s->v, sizeof v[0] * (size_t)n);
	qsort(v, (size_t)n, sizeof v[0], bench_cmp_double);
	printf("%-44s median %7.2f ms  p95 %7.2f ms  (%d)\n", s->what, bench_pct(v, n, 50),
	    bench_pct(v, n, 95), n);
}

/* The menu's number of an item, from the drawn menu ("  1  Search the register"). */
static char
menu_key(struct bench_pty *p, const char *label)
{
	char	*at = memmem(p->buf, p->have, label, strlen(label));

	while (at != NULL && at > p->buf && at[-1] == ' ')
		at--;
	if (at == NULL || at == p->buf || at[-1] < '1' || at[-1] > '9')
		bench_die("menu", label);
	return at[-1];
}

int
main(int argc, char **argv)
{
	static struct series	 typing = { .what = "typing: a character shows in the field" };
	static struct series	 search = { .what = "Enter: the results listed" };
	static struct series	 paging = { .what = "PgDn: the next page drawn" };
	static struct series	 open = { .what = "Enter on a result: the holder's screen" };
	static struct series	 anchor = { .what = "anchor: a key echoed by cat(1)" };
	struct bench_pty	 p;
	const char		*config = NULL, *user = NULL, *password = NULL, *name = NULL;
	char			*app, key[2] = { 0, 0 }, ch[8];
	size_t			 off, len;
	double			 t0;
	int			 runs = 21, i;

	for (i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			break;
		if (strcmp(argv[i], "--config") == 0)
			config = argv[++i];
		else if (strcmp(argv[i], "--user") == 0)
			user = argv[++i];
		else if (strcmp(argv[i], "--password") == 0)
			password = argv[++i];
		else if (strcmp(argv[i], "--name") == 0)
			name = argv[++i];
		else if (strcmp(argv[i], "--runs") == 0)
			runs = atoi(argv[++i]);
		else
			break;
	}
	if (i != argc || config == NULL || user == NULL || password == NULL || name == NULL ||
	    runs < 1 || runs > ROUNDS_MAX) {
		fprintf(stderr, "usage: keys --config FILE --user NAME --password WORD "
		    "--name KANA [--runs 1-%d]\n", ROUNDS_MAX);
		return 2;
	}
	xasprintf(&app, "%s/madoguchi", getenv("MADOGUCHI_BUILD") != NULL ?
	    getenv("MADOGUCHI_BUILD") : ".");
	{
		char *const	 cmd[] = { app, "--config", (char *)config, NULL };

		bench_pty_start(&p, cmd);
	}
	if (bench_pty_wait(&p, "User name", 10) < 0)
		bench_die("start", "no login screen");
	bench_pty_send(&p, user, strlen(user));
	bench_pty_send(&p, "\r", 1);
	if (bench_pty_wait(&p, "Password", 10) < 0)
		bench_die("login", "no password prompt");
	bench_pty_send(&p, password, strlen(password));
	bench_pty_send(&p, "\r", 1);
	if (bench_pty_wait(&p, "Search the register", 10) < 0)
		bench_die("login", "no menu (wrong user or password?)");
	(void)settled(&p, 50);
	key[0] = menu_key(&p, "Search the register");
	bench_pty_forget(&p);
	bench_pty_send(&p, key, 1);
	if (bench_pty_wait(&p, "Name (kana or kanji, part)", 5) < 0)
		bench_die("menu", "no search form");
	(void)settled(&p, 50);

	for (i = 0; i < runs; i++) {
		/* Typing: each character of the name until the field shows the name so far. */
		for (off = 0; name[off] != '\0'; off += len) {
			len = 1;
			while (len < 4 && ((unsigned char)name[off + len] & 0xc0) == 0x80)
				len++;
			memcpy(ch, name + off, len);
			ch[len] = '\0';
			bench_pty_forget(&p);
			t0 = bench_pty_send(&p, ch, len);
			/*
			 * A space may be drawn as a move of the cursor, not as a space: the
			 * screen is up when its output ends.
			 */
			add(&typing, t0, ch[0] == ' ' ? bench_pty_settle(&p, 5, 0.02) :
			    bench_pty_wait(&p, ch, 5), "typing");
			(void)settled(&p, 20);
		}
		bench_pty_forget(&p);
		t0 = bench_pty_send(&p, "\r", 1);
		add(&search, t0, bench_pty_wait(&p, "Results 1", 5), "search");
		(void)settled(&p, 20);
		bench_pty_forget(&p);
		t0 = bench_pty_send(&p, "\x1b[6~", 4);
		/* Only what changed is drawn: the page is up when the output ends. */
		add(&paging, t0, bench_pty_settle(&p, 5, 0.02), "PgDn");
		bench_pty_forget(&p);
		t0 = bench_pty_send(&p, "\r", 1);
		add(&open, t0, bench_pty_wait(&p, "Holder:", 5), "open");
		(void)settled(&p, 20);
		/* Back to the form, the field emptied: Esc twice, then ^U. */
		bench_pty_send(&p, "\x1b", 1);
		(void)settled(&p, 60);
		bench_pty_send(&p, "\x1b", 1);
		(void)settled(&p, 60);
		bench_pty_send(&p, "\x15", 1);
		(void)settled(&p, 20);
	}
	bench_pty_stop(&p);

	{
		/* Raw and without the terminal's echo, as madoguchi runs: cat itself answers. */
		char *const	 cat[] = { "/bin/sh", "-c", "stty raw -echo; echo ready; exec cat",
		    NULL };

		bench_pty_start(&p, cat);
		if (bench_pty_wait(&p, "ready", 5) < 0)
			bench_die("anchor", "cat did not start");
		for (i = 0; i < runs * 4; i++) {
			key[0] = (char)('a' + i % 26);
			bench_pty_forget(&p);
			t0 = bench_pty_send(&p, key, 1);
			add(&anchor, t0, bench_pty_wait(&p, key, 5), "anchor");
		}
		bench_pty_stop(&p);
	}
	printf("%d rounds, the name \"%s\", through a pseudo-terminal of 80x24\n", runs, name);
	report(&typing);
	report(&search);
	report(&paging);
	report(&open);
	report(&anchor);
	printf("target: Enter to results < 20 ms\n");
	free(app);
	return 0;
}
