/*
 * End to end through the spools: the terminal's writer puts a request file in outbound,
 * the real madoguchi-juki-sim program answers it, the terminal's spool import parses the
 * answer. Then every --fault the simulator can produce must be quarantined and audited.
 *
 * The simulator library is linked here only to know the population (same seed) and so what
 * the answers must say; the answers themselves come from the separate program.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "charconv.h"
#include "juki.h"
#include "juki/juki-spool.h"
#include "sim.h"
#include "xmalloc.h"

#define SEED		"42"
#define RESIDENTS	1000

struct env {
	char			 dir[256];
	char			 out[300];
	char			 in[300];
	char			 q[300];
	char			 sim[1024];
	struct charconv		*cc;
	struct sim_world	*world;
	int			 audits;
	char			*last_action;
};

static int
setup(void **state)
{
	struct env	*e = xcalloc(1, sizeof *e);
	const char	*top = getenv("top_builddir");
	char		*cause = NULL;

	snprintf(e->dir, sizeof e->dir, "%s/madoguchi-jsim.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(e->dir) == NULL)
		return -1;
	snprintf(e->out, sizeof e->out, "%s/out", e->dir);
	snprintf(e->in, sizeof e->in, "%s/in", e->dir);
	snprintf(e->q, sizeof e->q, "%s/quarantine", e->dir);
	snprintf(e->sim, sizeof e->sim, "%s/madoguchi-juki-sim", top != NULL ? top : ".");
	if (mkdir(e->out, 0700) != 0 || mkdir(e->in, 0700) != 0 || mkdir(e->q, 0700) != 0)
		return -1;
	if (access(e->sim, X_OK) != 0) {
		fprintf(stderr, "no simulator at %s\n", e->sim);
		return -1;
	}
	if ((e->cc = charconv_open(&cause)) == NULL)
		return -1;
	e->world = sim_world_new(strtoull(SEED, NULL, 10), RESIDENTS);
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
	sim_world_free(e->world);
	free(e->last_action);
	free(e);
	return 0;
}

/* Fail on anything a sanitizer says about the simulator (--enable-asan builds). */
static void
check_log(const char *log)
{
	char	 line[1024];
	FILE	*f;

	if ((f = fopen(log, "r")) == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strstr(line, "runtime error:") != NULL || strstr(line, "Sanitizer") != NULL)
			fail_msg("simulator: %s", line);
	}
	fclose(f);
}

static int
run_sim(struct env *e, const char *extra)
{
	char	*cmd, *log;
	int	 rc;

	xasprintf(&log, "%s/sim.log", e->dir);
	xasprintf(&cmd, "'%s' --outbound '%s' --inbound '%s' --seed " SEED " --residents %d "
	    "--once %s >'%s' 2>&1", e->sim, e->out, e->in, RESIDENTS, extra, log);
	rc = system(cmd);
	check_log(log);
	free(cmd);
	free(log);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* My Number queries for holders first .. first+n-1 (numbers 5000 + i). */
static void
write_request(struct env *e, const char *file_id, size_t first, size_t n, uint32_t base)
{
	struct juki_request_header	 h = {
		.file_id = file_id, .terminal_id = "T-TEST-01", .mode = JUKI_MODE_BATCH,
	};
	struct juki_query		*q = xcalloc(n, sizeof *q);
	struct sim_holder		 hd;
	char				*buf, *cause = NULL, *name;
	size_t				 i, len;

	for (i = 0; i < n; i++) {
		assert_int_equal(sim_world_holder(e->world, first + i, &hd), 0);
		q[i].request_no = 5000 + first + i;
		q[i].jimu = 119;
		q[i].mn_jimu = 45;
		q[i].subject = "holder";
		q[i].base_date = base;
		q[i].want_erased = 1;
		q[i].want = JUKI_WANT_ALL;
		if (hd.namesake) {
			/* Namesakes by name, so that the gateway finds both. */
			q[i].name = hd.name;
			q[i].birth = hd.birth;
			q[i].sex = hd.sex;
		} else
			q[i].mynumber = hd.mynumber;
	}
	if (juki_request_write(e->cc, &h, q, n, &buf, &len, NULL, &cause) != 0)
		fail_msg("%s", cause);
	name = juki_request_filename(file_id);
	if (juki_spool_write(e->out, name, buf, len, &cause) != 0)
		fail_msg("%s", cause);
	free(name);
	free(buf);
	free(q);
}

static void
audit_cb(void *arg, const char *action, const char *target, const char *result,
    const char *detail)
{
	struct env	*e = arg;

	(void)target;
	(void)result;
	(void)detail;
	e->audits++;
	free(e->last_action);
	e->last_action = xstrdup(action);
}

static int
import(struct env *e, const char *file_id, size_t first, size_t n,
    struct juki_result_file **f, char **cause)
{
	struct juki_expect	 ex = {
		.terminal_id = "T-TEST-01", .file_id = file_id, .require_all = 1,
	};
	uint64_t		*nums = xcalloc(n, sizeof *nums);
	char			*name = juki_result_filename(file_id);
	size_t			 i;
	int			 rc;

	for (i = 0; i < n; i++)
		nums[i] = 5000 + first + i;
	ex.requests = nums;
	ex.nrequests = n;
	rc = juki_spool_import(e->cc, e->in, name, e->q, &ex, audit_cb, e, f, cause);
	free(nums);
	free(name);
	return rc;
}

static int
exists(const char *dir, const char *name)
{
	char	 path[1024];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

static void
test_answer(void **state)
{
	struct env		*e = *state;
	struct juki_result_file	*f = NULL;
	struct sim_holder	 h;
	const struct juki_answer *a;
	char			*cause = NULL;
	size_t			 i, k, dead = 0, moved = 0, renamed = 0, multiple = 0, gaiji = 0;

	write_request(e, "E2E-1", 0, RESIDENTS, 20261231);
	assert_int_equal(run_sim(e, ""), 0);
	/* Taken from outbound, answered into inbound. */
	assert_false(exists(e->out, "JKREQ_E2E-1.dat"));
	assert_true(exists(e->in, "JKRES_E2E-1.dat"));
	if (import(e, "E2E-1", 0, RESIDENTS, &f, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(f->nrequests, RESIDENTS);
	assert_int_equal(e->audits, 0);

	for (i = k = 0; i < f->nanswers; i++) {
		a = &f->answers[i];
		if (a->seq != 1)
			continue;
		assert_int_equal(sim_world_holder(e->world, a->request_no - 5000, &h), 0);
		if (h.namesake) {
			assert_int_equal(a->result, JUKI_RC_MULTIPLE);
			assert_int_equal(a->pattern, JUKI_PAT_KANJI3);
			multiple++;
			continue;
		}
		assert_int_equal(a->pattern, JUKI_PAT_MYNUMBER);
		assert_int_equal(a->birth, h.birth);
		assert_int_equal(a->sex, h.sex);
		switch (h.event) {
		case JUKI_REASON_DEATH:
			assert_int_equal(a->alive, JUKI_ALIVE_DEAD);
			assert_int_equal(a->reason, JUKI_REASON_DEATH);
			assert_int_equal(a->reason_date, h.edate);
			dead++;
			break;
		case JUKI_REASON_MOVE_IN:
		case JUKI_REASON_MOVE_WITHIN:
			assert_int_equal(a->changes[1], '1');
			assert_int_equal(a->moved, 1);
			assert_int_equal(a->reason, h.event);
			moved++;
			break;
		case JUKI_REASON_NAME:
			assert_int_equal(a->changes[0], '1');
			assert_string_not_equal(a->old_name, "");
			assert_int_equal(strncmp(h.name, a->old_name, strlen(a->old_name)) == 0 ||
			    strstr(a->old_name, "〓") != NULL, 1);
			renamed++;
			break;
		case JUKI_REASON_MYNUMBER:
			/* Found by the old number, answered with the new one: 不一致. */
			assert_int_equal(a->result, JUKI_RC_MISMATCH);
			assert_string_not_equal(a->mynumber, h.mynumber);
			break;
		case 0:
			/* 外字 exactly where the population put characters CP932 lacks. */
			assert_int_equal(a->gaiji != 0, h.gaiji != 0);
			assert_int_equal(a->gaiji_name, a->gaiji);
			if (h.gaiji)
				assert_non_null(strstr(a->name, "〓"));
			assert_int_equal(a->result, JUKI_RC_MATCH);
			assert_int_equal(a->alive, JUKI_ALIVE_LIVING);
			assert_string_equal(a->changes, "00000");
			assert_string_equal(a->mynumber, h.mynumber);
			assert_string_equal(a->jumin_code, h.jumin);
			if (strstr(a->name, "〓") == NULL)
				assert_string_equal(a->name, h.name);
			break;
		}
		gaiji += a->gaiji != 0;
		k++;
	}
	assert_true(dead > 0);
	assert_true(moved > 0);
	assert_true(renamed > 0);
	assert_true(gaiji > 0);
	assert_true(multiple > 0);
	juki_result_free(f);
	/* Left in the spool after a successful import: applying it is the caller's job. */
	assert_true(exists(e->in, "JKRES_E2E-1.dat"));
}

/* Before any change happened, every holder is as registered. */
static void
test_base_date(void **state)
{
	struct env		*e = *state;
	struct juki_result_file	*f = NULL;
	char			*cause = NULL;
	size_t			 i;

	write_request(e, "E2E-2", 0, 100, 20180101);
	assert_int_equal(run_sim(e, ""), 0);
	if (import(e, "E2E-2", 0, 100, &f, &cause) != 0)
		fail_msg("%s", cause);
	for (i = 0; i < f->nanswers; i++) {
		assert_int_equal(f->answers[i].alive, JUKI_ALIVE_LIVING);
		assert_int_equal(f->answers[i].moved, 0);
		assert_string_equal(f->answers[i].changes, "00000");
	}
	juki_result_free(f);
}

static void
test_faults(void **state)
{
	static const struct {
		const char	*fault;
		const char	*needle;
	} faults[] = {
		{ "count", "count mismatch" },
		{ "checksum", "checksum mismatch" },
		{ "truncated", "truncated" },
		{ "nul", "NUL byte" },
		{ "encoding", "not a CP932 character" },
		{ "terminal", "wrong terminal" },
		{ "unknown", "unknown request number" },
		{ "duplicate", "duplicate answer" },
		{ "length", "bytes long" },
		{ "lf", "LF without CR" },
		{ "gaiji", "gaiji count mismatch" },
	};
	struct env		*e = *state;
	struct juki_result_file	*f;
	char			 id[64], arg[64], name[128], *cause;
	size_t			 i;
	int			 audits;

	for (i = 0; i < sizeof faults / sizeof faults[0]; i++) {
		snprintf(id, sizeof id, "F-%s", faults[i].fault);
		snprintf(arg, sizeof arg, "--fault %s", faults[i].fault);
		snprintf(name, sizeof name, "JKRES_%s.dat", id);
		write_request(e, id, 10, 3, 20250401);
		assert_int_equal(run_sim(e, arg), 0);
		assert_true(exists(e->in, name));
		audits = e->audits;
		f = NULL;
		cause = NULL;
		assert_int_equal(import(e, id, 10, 3, &f, &cause), -1);
		assert_null(f);
		if (strstr(cause, faults[i].needle) == NULL)
			fail_msg("--fault %s: \"%s\" lacks \"%s\"", faults[i].fault, cause,
			    faults[i].needle);
		assert_non_null(strstr(cause, "moved to"));
		assert_false(exists(e->in, name));
		assert_true(exists(e->q, name));
		snprintf(name, sizeof name, "JKRES_%s.dat.reason", id);
		assert_true(exists(e->q, name));
		assert_int_equal(e->audits, audits + 1);
		assert_string_equal(e->last_action, "juki.result.reject");
		free(cause);
	}
}

/* A request the gateway cannot read is set aside, not answered. */
static void
test_bad_request(void **state)
{
	struct env	*e = *state;
	char		*cause = NULL;

	assert_int_equal(juki_spool_write(e->out, "JKREQ_BAD.dat", "1JKREQ001\r\n", 11,
	    &cause), 0);
	assert_int_equal(run_sim(e, ""), 1);
	assert_false(exists(e->out, "JKREQ_BAD.dat"));
	assert_true(exists(e->out, ".rejected/JKREQ_BAD.dat"));
	assert_false(exists(e->in, "JKRES_BAD.dat"));
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
test_latency(void **state)
{
	struct env		*e = *state;
	struct juki_result_file	*f = NULL;
	char			*cause = NULL;
	double			 t0;

	write_request(e, "LATE", 20, 1, 20250401);
	t0 = now();
	assert_int_equal(run_sim(e, "--latency-ms 400"), 0);
	assert_true(now() - t0 >= 0.4);
	assert_int_equal(import(e, "LATE", 20, 1, &f, &cause), 0);
	juki_result_free(f);
}

/* Without --once the simulator keeps watching: a request written later is answered. */
static void
test_watch(void **state)
{
	struct env		*e = *state;
	struct juki_result_file	*f = NULL;
	char			*cause = NULL, seed[] = SEED, res[16], log[512];
	pid_t			 pid;
	int			 status, i;

	snprintf(res, sizeof res, "%d", RESIDENTS);
	if ((pid = fork()) == 0) {
		/* Its report lines must not mix with this test's TAP output. */
		snprintf(log, sizeof log, "%s/watch.log", e->dir);
		if (freopen(log, "a", stdout) == NULL || freopen(log, "a", stderr) == NULL)
			_exit(126);
		execl(e->sim, e->sim, "--outbound", e->out, "--inbound", e->in, "--seed", seed,
		    "--residents", res, (char *)NULL);
		_exit(127);
	}
	assert_true(pid > 0);
	usleep(300000);
	write_request(e, "WATCH", 30, 2, 20250401);
	for (i = 0; i < 100 && !exists(e->in, "JKRES_WATCH.dat"); i++)
		usleep(100000);
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	snprintf(log, sizeof log, "%s/watch.log", e->dir);
	check_log(log);
	assert_int_equal(import(e, "WATCH", 30, 2, &f, &cause), 0);
	assert_int_equal(f->nrequests, 2);
	juki_result_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answer),
		cmocka_unit_test(test_base_date),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_bad_request),
		cmocka_unit_test(test_latency),
		cmocka_unit_test(test_watch),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
