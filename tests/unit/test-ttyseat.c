/*
 * tty_seat over a made-up /proc: the VT a kiosk's console program holds names the seat,
 * whatever the processes between; nothing else does (tty0, a pty, a VT past 63, a name that
 * only starts like one); a broken stat or a loop of parents ends the walk.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ttyseat.h"
#include "xmalloc.h"

struct proc {
	char	 root[64];
};

/* A process pid named name with parent ppid, holding the files targets (NULL-ended). */
static void
process(struct proc *p, int pid, const char *name, int ppid, const char *const *targets)
{
	char	*path;
	FILE	*f;
	int	 i;

	xasprintf(&path, "mkdir -p '%s/%d/fd'", p->root, pid);
	assert_int_equal(system(path), 0);
	free(path);
	xasprintf(&path, "%s/%d/stat", p->root, pid);
	assert_non_null(f = fopen(path, "w"));
	fprintf(f, "%d (%s) S %d %d 0 0 -1 4194560\n", pid, name, ppid, ppid);
	fclose(f);
	free(path);
	for (i = 0; targets != NULL && targets[i] != NULL; i++) {
		xasprintf(&path, "%s/%d/fd/%d", p->root, pid, i);
		assert_int_equal(symlink(targets[i], path), 0);
		free(path);
	}
}

static int
setup(void **state)
{
	struct proc	*p = calloc(1, sizeof *p);

	snprintf(p->root, sizeof p->root, "/tmp/test-ttyseat.XXXXXX");
	if (mkdtemp(p->root) == NULL)
		return -1;
	*state = p;
	return 0;
}

static int
teardown(void **state)
{
	struct proc	*p = *state;
	char		*cmd;
	int		 rc;

	xasprintf(&cmd, "rm -rf '%s'", p->root);
	rc = system(cmd) == 0 ? 0 : -1;
	free(cmd);
	free(p);
	return rc;
}

static void
test_kiosk_chain(void **state)
{
	struct proc	*p = *state;
	const char	*kmscon[] = { "/dev/null", "/dev/dri/card0", "/dev/tty1", NULL };
	const char	*pty[] = { "/dev/pts/3", "/dev/pts/3", "/dev/ptmx", NULL };
	char		 seat[TTYSEAT_SIZE];

	process(p, 1, "systemd", 0, NULL);
	process(p, 80, "kmscon", 1, kmscon);
	/* A name with ") S 7 " in it does not fool the parent's field. */
	process(p, 90, "uim-fep) S 7 (x", 80, pty);
	process(p, 100, "madoguchi", 90, pty);
	assert_int_equal(tty_seat(p->root, 100, seat), 0);
	assert_string_equal(seat, "tty1");
	/* The process itself is not looked at: only its ancestors. */
	assert_int_equal(tty_seat(p->root, 90, seat), 0);
	assert_int_equal(tty_seat(p->root, 80, seat), -1);
}

static void
test_no_seat(void **state)
{
	struct proc	*p = *state;
	const char	*others[] = { "/dev/tty0", "/dev/tty", "/dev/tty64", "/dev/tty1x",
	    "/dev/ttyS0", "/dev/pts/1", "socket:[1234]", NULL };
	char		 seat[TTYSEAT_SIZE];

	process(p, 1, "systemd", 0, NULL);
	process(p, 50, "tmux: server", 1, others);
	process(p, 60, "sh", 50, others);
	process(p, 70, "madoguchi", 60, NULL);
	assert_int_equal(tty_seat(p->root, 70, seat), -1);
	/* The highest VT is one. */
	process(p, 51, "console", 1, (const char *const[]){ "/dev/tty63", NULL });
	process(p, 71, "madoguchi", 51, NULL);
	assert_int_equal(tty_seat(p->root, 71, seat), 0);
	assert_string_equal(seat, "tty63");
}

static void
test_broken(void **state)
{
	struct proc	*p = *state;
	char		 seat[TTYSEAT_SIZE], *path;
	FILE		*f;

	/* No such process, then a stat without its parent. */
	assert_int_equal(tty_seat(p->root, 4242, seat), -1);
	process(p, 10, "x", 1, NULL);
	xasprintf(&path, "%s/10/stat", p->root);
	assert_non_null(f = fopen(path, "w"));
	fputs("10 (x S\n", f);
	fclose(f);
	free(path);
	assert_int_equal(tty_seat(p->root, 10, seat), -1);
	/* Parents in a loop: the walk ends. */
	process(p, 20, "a", 21, NULL);
	process(p, 21, "b", 20, NULL);
	assert_int_equal(tty_seat(p->root, 20, seat), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kiosk_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_seat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
