/* The key file: accepted, refused when exposed or malformed, never overwritten. */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keyfile.h"
#include "testutil.h"

static char	 dir[256];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/madoguchi-key.XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char	 cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *
path(const char *name)
{
	static char	 buf[400];

	snprintf(buf, sizeof buf, "%s/%s", dir, name);
	return buf;
}

static void
test_save_then_load(void **state)
{
	struct key	*a = key_new(), *b = key_new();
	struct stat	 sb;
	char		*cause = NULL;

	(void)state;
	assert_int_equal(key_generate(a, &cause), 0);
	assert_int_equal(key_save(path("k1"), a, &cause), 0);
	assert_int_equal(stat(path("k1"), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(key_load(path("k1"), b, &cause), 0);
	assert_memory_equal(a->bytes, b->bytes, KEY_BYTES);
	key_free(a);
	key_free(b);
}

static void
test_save_never_overwrites(void **state)
{
	struct key	*a = key_new();
	char		*cause = NULL;

	(void)state;
	write_file(path("k2"), "keep me", 7, 0600);
	assert_int_equal(key_generate(a, &cause), 0);
	assert_int_equal(key_save(path("k2"), a, &cause), -1);
	assert_non_null(strstr(cause, "cannot create key file"));
	free(cause);
	key_free(a);
}

static void
test_missing(void **state)
{
	struct key	*k = key_new();
	char		*cause = NULL;

	(void)state;
	assert_int_equal(key_load(path("nonexistent"), k, &cause), -1);
	assert_non_null(strstr(cause, "does not exist"));
	free(cause);
	key_free(k);
}

static void
test_group_readable_refused(void **state)
{
	static const char	 hex[] =
	    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n";
	struct key		*k = key_new();
	char			*cause = NULL;

	(void)state;
	write_file(path("k3"), hex, strlen(hex), 0640);
	assert_int_equal(key_load(path("k3"), k, &cause), -1);
	assert_non_null(strstr(cause, "readable by group or others"));
	free(cause);
	cause = NULL;
	write_file(path("k3"), hex, strlen(hex), 0604);
	assert_int_equal(key_load(path("k3"), k, &cause), -1);
	free(cause);
	cause = NULL;
	write_file(path("k3"), hex, strlen(hex), 0400);
	assert_int_equal(key_load(path("k3"), k, &cause), 0);
	assert_int_equal(k->bytes[0], 0x00);
	assert_int_equal(k->bytes[1], 0x11);
	assert_int_equal(k->bytes[31], 0xff);
	key_free(k);
}

static void
test_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"0011",
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeef",
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff0",
		"0011223344556677889Xaabbccddeeff00112233445566778899aabbccddeeff",
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n\n",
		" 0112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
	};
	struct key	*k = key_new();
	char		*cause;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		write_file(path("k4"), bad[i], strlen(bad[i]), 0600);
		assert_int_equal(key_load(path("k4"), k, &cause), -1);
		assert_non_null(strstr(cause, "malformed"));
		free(cause);
	}
	key_free(k);
}

static void
test_not_regular(void **state)
{
	struct key	*k = key_new();
	char		*cause = NULL;

	(void)state;
	assert_int_equal(mkdir(path("kdir"), 0700), 0);
	assert_int_equal(key_load(path("kdir"), k, &cause), -1);
	assert_non_null(strstr(cause, "not a regular file"));
	free(cause);
	key_free(k);
}

static void
test_derive(void **state)
{
	struct key	*k = key_new();
	uint8_t		 a[32], b[32], c[32];
	char		*cause = NULL;

	(void)state;
	assert_int_equal(key_generate(k, &cause), 0);
	assert_int_equal(key_derive(k, "purpose one", a, sizeof a), 0);
	assert_int_equal(key_derive(k, "purpose one", b, sizeof b), 0);
	assert_int_equal(key_derive(k, "purpose two", c, sizeof c), 0);
	assert_memory_equal(a, b, sizeof a);
	assert_memory_not_equal(a, c, sizeof a);
	assert_memory_not_equal(a, k->bytes, sizeof a);
	key_free(k);
}

/*
 * Whose key file may be used: root's when the program runs as root, else the invoking
 * user's own. Anything else is refused, naming the file, its owner and who should own it.
 */
static void
test_owner_decision(void **state)
{
	char	*cause = NULL;

	(void)state;
	assert_int_equal(key_owner_check("/etc/madoguchi/db.key", 0, 0, &cause), 0);
	assert_int_equal(key_owner_check("/home/u/db.key", 1000, 1000, &cause), 0);
	assert_null(cause);

	/* The service account's file under the root monitor. */
	assert_int_equal(key_owner_check("/etc/madoguchi/db.key", 4242, 0, &cause), -1);
	assert_non_null(strstr(cause, "/etc/madoguchi/db.key"));
	assert_non_null(strstr(cause, "uid 4242"));
	assert_non_null(strstr(cause, "must belong to root"));
	free(cause);
	cause = NULL;
	/* Root's file, or another user's, for an ordinary user. */
	assert_int_equal(key_owner_check("/tmp/k", 0, 1000, &cause), -1);
	assert_non_null(strstr(cause, "/tmp/k belongs to root (uid 0)"));
	assert_non_null(strstr(cause, "uid 1000"));
	free(cause);
	cause = NULL;
	assert_int_equal(key_owner_check("/tmp/k", 1001, 1000, &cause), -1);
	assert_non_null(strstr(cause, "uid 1001"));
	free(cause);
}

/* As root (CI): a real key file given to another user is refused by key_load. */
static void
test_owner_refused(void **state)
{
	struct key	*k = key_new();
	char		*cause = NULL;

	(void)state;
	if (geteuid() != 0) {
		key_free(k);
		skip();
	}
	assert_int_equal(key_generate(k, &cause), 0);
	assert_int_equal(key_save(path("owned"), k, &cause), 0);
	assert_int_equal(key_load(path("owned"), k, &cause), 0);
	assert_int_equal(chown(path("owned"), 65534, 65534), 0);
	assert_int_equal(key_load(path("owned"), k, &cause), -1);
	assert_non_null(strstr(cause, path("owned")));
	assert_non_null(strstr(cause, "uid 65534"));
	assert_non_null(strstr(cause, "must belong to root"));
	free(cause);
	key_free(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_save_then_load),
		cmocka_unit_test(test_save_never_overwrites),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_group_readable_refused),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_not_regular),
		cmocka_unit_test(test_derive),
		cmocka_unit_test(test_owner_decision),
		cmocka_unit_test(test_owner_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
