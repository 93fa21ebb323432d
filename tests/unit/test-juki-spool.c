/*
 * Spool handling: atomic writes that never replace a file, listings that skip temporaries,
 * bounded reads, and the import path that quarantines and audits a rejected file whole.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "charconv.h"
#include "juki.h"
#include "juki/juki-audit.h"
#include "juki/juki-spool.h"
#include "testutil.h"
#include "xmalloc.h"

struct env {
	char		 dir[256];
	char		 in[300];
	char		 q[300];
	struct charconv	*cc;
};

struct audit_log {
	int	 calls;
	char	*action;
	char	*target;
	char	*result;
	char	*detail;
};

static int
setup(void **state)
{
	struct env	*e = xcalloc(1, sizeof *e);
	char		*cause = NULL;

	snprintf(e->dir, sizeof e->dir, "%s/madoguchi-spool.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(e->dir) == NULL)
		return -1;
	snprintf(e->in, sizeof e->in, "%s/in", e->dir);
	snprintf(e->q, sizeof e->q, "%s/quarantine", e->dir);
	if (mkdir(e->in, 0700) != 0 || mkdir(e->q, 0700) != 0)
		return -1;
	if ((e->cc = charconv_open(&cause)) == NULL)
		return -1;
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env	*e = *state;
	char		*cmd;

	xasprintf(&cmd, "rm -rf '%s'", e->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", e->dir);
	free(cmd);
	charconv_close(e->cc);
	free(e);
	return 0;
}

static size_t
count_entries(const char *dir)
{
	DIR		*d = opendir(dir);
	struct dirent	*de;
	size_t		 n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return n;
}

static void
test_names(void **state)
{
	char	*s;

	(void)state;
	s = juki_request_filename("Q20250401-0001");
	assert_string_equal(s, "JKREQ_Q20250401-0001.dat");
	free(s);
	s = juki_result_filename("Q1");
	assert_string_equal(s, "JKRES_Q1.dat");
	free(s);
	assert_null(juki_request_filename("../x"));
	assert_null(juki_result_filename(""));
}

static void
test_write(void **state)
{
	struct env	*e = *state;
	struct stat	 sb;
	char		*cause = NULL, *buf = NULL, path[400];
	size_t		 len;

	assert_int_equal(juki_spool_write(e->in, "JKRES_A.dat", "hello", 5, &cause), 0);
	snprintf(path, sizeof path, "%s/JKRES_A.dat", e->in);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	assert_int_equal(sb.st_size, 5);
	/* No temporary left behind. */
	assert_int_equal(count_entries(e->in), 1);
	/* Never replaced. */
	assert_int_equal(juki_spool_write(e->in, "JKRES_A.dat", "other", 5, &cause), -1);
	assert_non_null(strstr(cause, "already exists"));
	free(cause);
	assert_int_equal(juki_spool_read(path, 100, &buf, &len, &cause), 0);
	assert_int_equal(len, 5);
	assert_memory_equal(buf, "hello", 5);
	juki_spool_buf_free(buf, len);
	assert_int_equal(count_entries(e->in), 1);
	/* Names that would leave the directory or hide in it. */
	cause = NULL;
	assert_int_equal(juki_spool_write(e->in, "../x.dat", "x", 1, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(juki_spool_write(e->in, ".hidden", "x", 1, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(juki_spool_write("/nonexistent/dir", "JKRES_B.dat", "x", 1, &cause),
	    -1);
	assert_non_null(strstr(cause, "/nonexistent/dir"));
	free(cause);
	unlink(path);
}

static void
test_list(void **state)
{
	struct env	*e = *state;
	struct juki_stray	*strays;
	char		**names, *cause = NULL, path[400], from[400];
	size_t		 n, nstrays;
	static const char *files[] = {
		"JKRES_B.dat", "JKRES_A.dat", ".JKRES_C.dat.tmp", "JKRES_D.tmp", "JKREQ_E.dat",
		"JKRES_.dat", "other",
	};
	size_t		 i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++)
		assert_int_equal(juki_spool_write(e->in, files[i][0] == '.' ? "tmpname" :
		    files[i], "x", 1, &cause), 0);
	/* What a writer's temporary looks like. */
	snprintf(from, sizeof from, "%s/tmpname", e->in);
	snprintf(path, sizeof path, "%s/.JKRES_C.dat.tmp", e->in);
	assert_int_equal(rename(from, path), 0);
	/* Under a result file's name, but not a file. */
	snprintf(path, sizeof path, "%s/JKRES_DIR.dat", e->in);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/JKRES_LINK.dat", e->in);
	assert_int_equal(symlink("JKRES_A.dat", path), 0);
	assert_int_equal(juki_spool_list(e->in, JUKI_RES_PREFIX, &names, &n, &strays,
	    &nstrays, &cause), 0);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "JKRES_A.dat");
	assert_string_equal(names[1], "JKRES_B.dat");
	juki_spool_list_free(names, n);
	/* Strays: JKRES_D.tmp JKREQ_E.dat JKRES_.dat other, the directory and the link. */
	assert_int_equal(nstrays, 6);
	for (i = 0; i < nstrays; i++) {
		if (strcmp(strays[i].name, "JKRES_DIR.dat") == 0)
			assert_string_equal(strays[i].why, "it is a directory");
		else if (strcmp(strays[i].name, "JKRES_LINK.dat") == 0)
			assert_string_equal(strays[i].why, "it is a symbolic link");
		else
			assert_string_equal(strays[i].why, "its name is not JKRES_<file id>.dat");
	}
	juki_spool_strays_free(strays, nstrays);
	/* Without asking for the strays. */
	assert_int_equal(juki_spool_list(e->in, JUKI_RES_PREFIX, &names, &n, NULL, NULL,
	    &cause), 0);
	assert_int_equal(n, 2);
	juki_spool_list_free(names, n);
	assert_int_equal(juki_spool_list("/nonexistent", JUKI_RES_PREFIX, &names, &n, NULL,
	    NULL, &cause), -1);
	free(cause);
	snprintf(path, sizeof path, "%s/JKRES_DIR.dat", e->in);
	assert_int_equal(rmdir(path), 0);
	snprintf(path, sizeof path, "%s/JKRES_LINK.dat", e->in);
	assert_int_equal(unlink(path), 0);
}

static void
test_read_limits(void **state)
{
	struct env	*e = *state;
	char		*cause = NULL, *buf, path[400], link_path[400];
	size_t		 len;

	assert_int_equal(juki_spool_write(e->in, "JKRES_BIG.dat", "0123456789", 10, &cause),
	    0);
	snprintf(path, sizeof path, "%s/JKRES_BIG.dat", e->in);
	assert_int_equal(juki_spool_read(path, 9, &buf, &len, &cause), -1);
	assert_null(buf);
	assert_non_null(strstr(cause, "more than the 9 allowed"));
	free(cause);
	cause = NULL;
	snprintf(link_path, sizeof link_path, "%s/JKRES_LINK.dat", e->in);
	assert_int_equal(symlink(path, link_path), 0);
	assert_int_equal(juki_spool_read(link_path, 100, &buf, &len, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(juki_spool_read(e->in, 100, &buf, &len, &cause), -1);
	assert_non_null(strstr(cause, "not a regular file"));
	free(cause);
	unlink(path);
	unlink(link_path);
}

/* A file large enough to be read in two halves at once comes back byte for byte. */
static void
test_read_large(void **state)
{
	struct env	*e = *state;
	const size_t	 size = ((size_t)24 << 20) + 7;	/* odd: halves of unequal size */
	char		*cause = NULL, *data, *buf, path[400];
	size_t		 len, i;

	data = xmalloc(size);
	for (i = 0; i < size; i++)
		data[i] = (char)('A' + (i * 7 + i / 4096) % 26);
	assert_int_equal(juki_spool_write(e->in, "JKRES_LARGE.dat", data, size, &cause), 0);
	snprintf(path, sizeof path, "%s/JKRES_LARGE.dat", e->in);
	if (juki_spool_read(path, size, &buf, &len, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(len, size);
	assert_int_equal(buf[size], '\0');
	assert_memory_equal(buf, data, size);
	juki_spool_buf_free(buf, len + 1);
	free(data);
	unlink(path);
}

static void
audit_cb(void *arg, const char *action, const char *target, const char *result,
    const char *detail)
{
	struct audit_log	*log = arg;

	log->calls++;
	free(log->action);
	free(log->target);
	free(log->result);
	free(log->detail);
	log->action = xstrdup(action);
	log->target = xstrdup(target);
	log->result = xstrdup(result);
	log->detail = xstrdup(detail);
}

static void
audit_clear(struct audit_log *log)
{
	free(log->action);
	free(log->target);
	free(log->result);
	free(log->detail);
	memset(log, 0, sizeof *log);
}

static char *
read_text(const char *path)
{
	char	*buf, *cause = NULL;
	size_t	 len;

	if (juki_spool_read(path, 1 << 20, &buf, &len, &cause) != 0)
		fail_msg("%s", cause);
	return buf;
}

static void
test_import_rejects(void **state)
{
	struct env		*e = *state;
	struct juki_result_file	*f = (void *)1;
	struct audit_log	 log = { 0 };
	struct juki_expect	 ex = { .terminal_id = "T-TEST-01" };
	char			*cause = NULL, path[400], *note;

	assert_int_equal(juki_spool_write(e->in, "JKRES_X.dat", "garbage\r\n", 9, &cause), 0);
	assert_int_equal(juki_spool_import(e->cc, e->in, "JKRES_X.dat", e->q, &ex, audit_cb,
	    &log, &f, &cause), -1);
	assert_null(f);
	assert_non_null(strstr(cause, "JKRES_X.dat rejected: not a Juki-net result file"));
	assert_non_null(strstr(cause, "moved to"));
	/* Gone from the inbound spool, whole in quarantine, with the reason beside it. */
	snprintf(path, sizeof path, "%s/JKRES_X.dat", e->in);
	assert_int_equal(access(path, F_OK), -1);
	snprintf(path, sizeof path, "%s/JKRES_X.dat", e->q);
	note = read_text(path);
	assert_string_equal(note, "garbage\r\n");
	free(note);
	snprintf(path, sizeof path, "%s/JKRES_X.dat.reason", e->q);
	note = read_text(path);
	assert_non_null(strstr(note, "not a Juki-net result file"));
	free(note);
	assert_int_equal(log.calls, 1);
	assert_string_equal(log.action, "juki.result.reject");
	assert_string_equal(log.target, "file:JKRES_X.dat");
	assert_string_equal(log.result, "rejected");
	assert_string_equal(log.detail, cause);
	free(cause);

	/* The same name again: quarantine keeps both. */
	assert_int_equal(juki_spool_write(e->in, "JKRES_X.dat", "\0\0", 2, &cause), 0);
	assert_int_equal(juki_spool_import(e->cc, e->in, "JKRES_X.dat", e->q, &ex, audit_cb,
	    &log, &f, &cause), -1);
	assert_non_null(strstr(cause, "NUL byte"));
	assert_int_equal(log.calls, 2);
	free(cause);
	assert_int_equal(count_entries(e->q), 4);

	/* A symbolic link is not followed, but it is taken out of the spool. */
	snprintf(path, sizeof path, "%s/JKRES_L.dat", e->in);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	assert_int_equal(juki_spool_import(e->cc, e->in, "JKRES_L.dat", e->q, &ex, audit_cb,
	    &log, &f, &cause), -1);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(log.calls, 3);
	free(cause);

	/* A file that is not there is not an event for the quarantine. */
	assert_int_equal(juki_spool_import(e->cc, e->in, "JKRES_NONE.dat", e->q, &ex,
	    audit_cb, &log, &f, &cause), -1);
	assert_int_equal(log.calls, 3);
	free(cause);
	audit_clear(&log);
}

/* The same rejection, written to the real, hash-chained audit log. */
static void
test_import_audited(void **state)
{
	struct fixture		*fx = *state;
	struct juki_audit_ctx	 ctx = { .db = fx->db, .tty = "tty1", .user = "clerk1",
				     .role = "staff" };
	struct juki_expect	 ex = { .terminal_id = "T-UNIT-01" };
	struct juki_result_file	*f = NULL;
	struct audit_check	 check;
	struct charconv		*cc;
	char			*cause = NULL, in[400], q[400];
	int64_t			 before;

	snprintf(in, sizeof in, "%s/in", fx->dir);
	snprintf(q, sizeof q, "%s/q", fx->dir);
	assert_int_equal(mkdir(in, 0700), 0);
	assert_int_equal(mkdir(q, 0700), 0);
	assert_non_null(cc = charconv_open(&cause));
	assert_int_equal(juki_spool_write(in, "JKRES_Z.dat", "1JKRES001", 9, &cause), 0);
	before = audit_count(fx->db);
	assert_int_equal(juki_spool_import(cc, in, "JKRES_Z.dat", q, &ex, juki_audit_db, &ctx,
	    &f, &cause), -1);
	assert_false(ctx.failed);
	assert_int_equal(audit_count(fx->db), before + 1);
	memset(&check, 0, sizeof check);
	free(cause);
	cause = NULL;
	assert_int_equal(audit_verify(fx->db, &check, &cause), 0);
	assert_int_equal(check.first_bad, 0);
	audit_check_free(&check);
	charconv_close(cc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_read_limits),
		cmocka_unit_test(test_read_large),
		cmocka_unit_test(test_import_rejects),
		cmocka_unit_test_setup_teardown(test_import_audited, fixture_setup,
		    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
