/*
 * memlock_scan over a made-up /proc: the processes that hold the database open, with what
 * the kernel says of their locked memory and their limit; the others are left out.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/status-memlock.h"
#include "xmalloc.h"

static char	 root[64], db[96];

static void
write_file(const char *path, const char *text)
{
	FILE	*f;

	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

/* A process pid named comm, VmLck locked KiB, the memlock limit line, holding files. */
static void
process(int pid, const char *comm, int locked, const char *limit, const char *const *files)
{
	char	*p;
	int	 i;

	xasprintf(&p, "mkdir -p '%s/%d/fd'", root, pid);
	assert_int_equal(system(p), 0);
	free(p);
	xasprintf(&p, "%s/%d/comm", root, pid);
	write_file(p, comm);
	free(p);
	xasprintf(&p, "%s/%d/status", root, pid);
	{
		char	*text;

		xasprintf(&text, "Name:\t%s\nVmPeak:\t  9000 kB\nVmLck:\t  %d kB\nVmPin:\t 0 kB\n",
		    comm, locked);
		write_file(p, text);
		free(text);
	}
	free(p);
	xasprintf(&p, "%s/%d/limits", root, pid);
	{
		char	*text;

		xasprintf(&text, "Limit                     Soft Limit           Hard Limit    "
		    "       Units     \nMax open files            1024                 524288   "
		    "            files     \n%s\n", limit);
		write_file(p, text);
		free(text);
	}
	free(p);
	for (i = 0; files[i] != NULL; i++) {
		xasprintf(&p, "%s/%d/fd/%d", root, pid, i + 3);
		assert_int_equal(symlink(files[i], p), 0);
		free(p);
	}
}

static void
test_scan(void **state)
{
	struct memlock_proc	*m;
	size_t			 n;
	char			*p;
	const char		*with_db[] = { "/dev/null", db, NULL };
	const char		*without[] = { "/dev/null", "/tmp/other.db", NULL };

	(void)state;
	snprintf(root, sizeof root, "/tmp/test-memlock.XXXXXX");
	assert_non_null(mkdtemp(root));
	snprintf(db, sizeof db, "%s/madoguchi.db", root);
	write_file(db, "x");
	/* Listed by pid whatever the directory's order. */
	process(311, "madoguchi-sync", 0, "Max locked memory         65536                65536 "
	    "               bytes     ", with_db);
	process(42, "madoguchi", 20480, "Max locked memory         unlimited            "
	    "unlimited            bytes     ", with_db);
	process(7, "bash", 0, "Max locked memory         65536                65536        "
	    "        bytes     ", without);
	assert_int_equal(memlock_scan(root, db, &m, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(m[0].pid, 42);
	assert_string_equal(m[0].comm, "madoguchi");
	assert_int_equal(m[0].locked_kib, 20480);
	assert_int_equal(m[0].limit_kib, -1);
	assert_int_equal(m[1].pid, 311);
	assert_string_equal(m[1].comm, "madoguchi-sync");
	assert_int_equal(m[1].locked_kib, 0);
	assert_int_equal(m[1].limit_kib, 64);
	free(m);
	/* Nobody holds another file; a /proc that is not there is an error. */
	snprintf(db, sizeof db, "%s/none.db", root);
	assert_int_equal(memlock_scan(root, db, &m, &n), 0);
	assert_int_equal(n, 0);
	free(m);
	assert_int_equal(memlock_scan("/nonexistent-proc", db, &m, &n), -1);
	xasprintf(&p, "rm -rf '%s'", root);
	assert_int_equal(system(p), 0);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
