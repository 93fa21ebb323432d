/*
 * Record ids (lib/uuid.c): version 7, time-ordered, unique, and valid by uuid_valid, made
 * one at a time or in bulk; uuid_valid refuses anything that is not 36 characters of
 * lower-case hex and dashes.
 */
#include "config.h"

#include <sys/wait.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "uuid.h"

#define N	10000

static uint64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Ten thousand ids in a row: each a valid version 7 UUID, each after the one before. */
static void
test_ordered(void **state)
{
	static char	 ids[N][UUID_STRLEN + 1];
	char		 hex[13];
	uint64_t	 before, after, ms;
	size_t		 i;

	(void)state;
	before = now_ms();
	for (i = 0; i < N; i++)
		assert_int_equal(uuid_generate(ids[i]), 0);
	after = now_ms();
	for (i = 0; i < N; i++) {
		assert_true(uuid_valid(ids[i]));
		assert_int_equal(ids[i][14], '7');
		assert_non_null(strchr("89ab", ids[i][19]));
		if (i > 0 && strcmp(ids[i - 1], ids[i]) >= 0)
			fail_msg("id %zu (%s) does not sort after %s", i, ids[i], ids[i - 1]);
	}
	/* The first 48 bits are the time in milliseconds (a burst may run a little ahead). */
	memcpy(hex, ids[0], 8);
	memcpy(hex + 8, ids[0] + 9, 4);
	hex[12] = '\0';
	ms = strtoull(hex, NULL, 16);
	assert_true(ms >= before && ms <= after + N / 4096 + 1);
}

/* Ids made in bulk: the same rules, and the next single id still sorts after them. */
static void
test_bulk(void **state)
{
	static char	 ids[N + 1][UUID_STRLEN + 1];
	size_t		 i;

	(void)state;
	assert_int_equal(uuid_generate_n(ids, 0), 0);
	assert_int_equal(uuid_generate_n(ids, N), 0);
	assert_int_equal(uuid_generate(ids[N]), 0);
	for (i = 0; i <= N; i++) {
		assert_true(uuid_valid(ids[i]));
		assert_int_equal(ids[i][14], '7');
		assert_non_null(strchr("89ab", ids[i][19]));
		if (i > 0 && strcmp(ids[i - 1], ids[i]) >= 0)
			fail_msg("id %zu (%s) does not sort after %s", i, ids[i], ids[i - 1]);
		/* The random part differs from the id before (62 bits: never equal by chance). */
		if (i > 0 && strcmp(ids[i - 1] + 19, ids[i] + 19) == 0)
			fail_msg("ids %zu and %zu share their random part", i - 1, i);
	}
}

/* A forked child and its parent, same millisecond and counter: still different ids. */
static void
test_fork_unique(void **state)
{
	char	 mine[UUID_STRLEN + 1], theirs[UUID_STRLEN + 1];
	int	 fd[2], status;
	pid_t	 pid;

	(void)state;
	assert_int_equal(uuid_generate(mine), 0);
	assert_int_equal(pipe(fd), 0);
	if ((pid = fork()) == 0) {
		char	 id[UUID_STRLEN + 1];

		close(fd[0]);
		if (uuid_generate(id) != 0 || write(fd[1], id, UUID_STRLEN) != UUID_STRLEN)
			_exit(1);
		_exit(0);
	}
	assert_true(pid > 0);
	close(fd[1]);
	assert_int_equal(uuid_generate(mine), 0);
	memset(theirs, 0, sizeof theirs);
	assert_int_equal(read(fd[0], theirs, UUID_STRLEN), UUID_STRLEN);
	close(fd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_true(uuid_valid(theirs));
	assert_string_not_equal(mine, theirs);
}

static void
test_valid(void **state)
{
	(void)state;
	assert_true(uuid_valid("0190f6a2-1c3b-7def-8abc-0123456789ab"));
	assert_false(uuid_valid(""));
	assert_false(uuid_valid("0190f6a2-1c3b-7def-8abc-0123456789a"));
	assert_false(uuid_valid("0190f6a2-1c3b-7def-8abc-0123456789abc"));
	assert_false(uuid_valid("0190F6A2-1C3B-7DEF-8ABC-0123456789AB"));
	assert_false(uuid_valid("0190f6a2x1c3b-7def-8abc-0123456789ab"));
	assert_false(uuid_valid("0190f6a2-1c3b-7def-8abc-0123456789ag"));
}

/* Ids from names: the same name the same id, another name or space another id, version 8. */
static void
test_from_name(void **state)
{
	char	 a[UUID_STRLEN + 1], b[UUID_STRLEN + 1], c[UUID_STRLEN + 1];
	char	 d[UUID_STRLEN + 1];

	(void)state;
	assert_int_equal(uuid_from_name("account", "kato", a), 0);
	assert_int_equal(uuid_from_name("account", "kato", b), 0);
	assert_int_equal(uuid_from_name("account", "katou", c), 0);
	assert_int_equal(uuid_from_name("accounts", "kato", d), 0);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(a, d);
	assert_true(uuid_valid(a));
	assert_int_equal(a[14], '8');
	assert_true(strchr("89ab", a[19]) != NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ordered),
		cmocka_unit_test(test_bulk),
		cmocka_unit_test(test_fork_unique),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_from_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
