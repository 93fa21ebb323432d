/*
 * The monitor, end to end under pam_wrapper: a forked monitor_serve on one end of a
 * socketpair, the client API (or raw bytes) on the other. The request table and its
 * states, the account register gate, the audit entries, the key hand-over, every kind of
 * malformed or out-of-turn message (the monitor ends the session and exits, never
 * crashes), monitor_start's fork and privilege drop.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <security/pam_appl.h>

#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "config-file.h"
#include "db-internal.h"
#include "keyfile.h"
#include "auth/monitor-client.h"
#include "auth/monitor-wire.h"
#include "auth/monitor.h"
#include "pamtest.h"
#include "auth/privsep.h"
#include "testutil.h"
#include "xmalloc.h"

static const struct actor root_admin = { "root", "os-admin", "pts/0", 1 };
static const struct actor sup_sato = { "sato", "supervisor", "tty1", 0 };
static const struct actor sup_suzuki = { "suzuki", "supervisor", "tty1", 0 };

static const struct pamtest_user users[] = {
	{ "sato", "pw-sato", NULL },
	{ "suzuki", "pw-suzuki", NULL },
	{ "tanaka", "pw-tanaka", NULL },
	{ "kato", "pw-kato", "otp=135790" },
	{ "ito", "old-ito", "expired" },
	{ "mori", "pw-mori", "locked" },
	{ "yamada", "pw-yamada", NULL },	/* PAM knows yamada; the register does not */
	{ NULL, NULL, NULL }
};

/* A running monitor and the test's end of the socket. */
struct session {
	pid_t		 pid;
	struct monitor	*mon;
	int		 fd;		/* raw sessions only */
};

static char	 tanaka_id[37];

/* Monitors still running when a test fails: ended by the teardown. */
static pid_t	 live_pid[8];
static int	 live_fd[8];

static void
live_add(pid_t pid, int fd)
{
	int	 i;

	for (i = 0; i < 8; i++) {
		if (live_pid[i] == 0) {
			live_pid[i] = pid;
			live_fd[i] = fd;
			return;
		}
	}
}

static void
live_remove(pid_t pid)
{
	int	 i;

	for (i = 0; i < 8; i++) {
		if (live_pid[i] == pid)
			live_pid[i] = 0;
	}
}

static int
arm(void **state)
{
	(void)state;
	alarm(60);
	return 0;
}

static int
disarm(void **state)
{
	(void)state;
	alarm(0);
	return 0;
}

static int
teardown(void **state)
{
	int	 i;

	alarm(0);
	for (i = 0; i < 8; i++) {
		if (live_pid[i] == 0)
			continue;
		close(live_fd[i]);
		kill(live_pid[i], SIGKILL);
		waitpid(live_pid[i], NULL, 0);
		live_pid[i] = 0;
	}
	return fixture_teardown(state);
}

static void
request_account(struct fixture *f, const struct actor *who, const struct actor *approver,
    const char *user, const char *roles, char *id)
{
	struct account_request	 r;
	char			*cause = NULL;

	memset(&r, 0, sizeof r);
	r.user_name = user;
	r.full_name = "試験 太郎";
	r.roles = roles;
	r.reason = "窓口業務のため";
	r.valid_from = "2020-01-01";
	r.valid_until = "2099-12-31";
	if (account_request(f->db, who, &r, id, &cause) != 0)
		fail_msg("request %s: %s", user, cause);
	if (account_decide(f->db, approver, id, 1, "ok", &cause) != 0)
		fail_msg("decide %s: %s", user, cause);
}

/* sato and suzuki supervisors; tanaka, kato, ito, mori clerks; yamada PAM-only. */
static int
setup(void **state)
{
	struct fixture	*f;
	char		*cause = NULL, id[37];

	/* A hung exchange fails the test instead of hanging make check. */
	alarm(60);
	if (fixture_setup(state) != 0)
		return -1;
	f = *state;
	if (account_first_supervisor(f->db, &root_admin, "sato", "佐藤 一郎", &cause) != 0)
		return -1;
	request_account(f, &root_admin, &sup_sato, "suzuki", "supervisor", id);
	request_account(f, &sup_sato, &sup_suzuki, "tanaka", "clerk", tanaka_id);
	request_account(f, &sup_sato, &sup_suzuki, "kato", "clerk", id);
	request_account(f, &sup_sato, &sup_suzuki, "ito", "clerk", id);
	request_account(f, &sup_sato, &sup_suzuki, "mori", "clerk", id);
	pamtest_users(users);
	return 0;
}

static void
options(struct fixture *f, struct monitor_options *o)
{
	memset(o, 0, sizeof *o);
	o->service = PAMTEST_SERVICE;
	o->db_path = f->db_path;
	o->key_path = f->key_path;
	o->fail_delay_usec = 0;
	o->max_login_failures = 5;
}

/* Forks a monitor; with raw, the test reads READY itself and speaks bytes. */
static void
spawn_with(const struct monitor_options *o, struct session *se, int raw)
{
	struct mon_msg	 m;
	char		*cause = NULL;
	int		 sv[2];

	memset(se, 0, sizeof *se);
	se->fd = -1;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	fflush(NULL);
	se->pid = fork();
	assert_true(se->pid != -1);
	if (se->pid == 0) {
		close(sv[0]);
		_exit(monitor_serve(o, sv[1]));
	}
	close(sv[1]);
	live_add(se->pid, sv[0]);
	if (raw) {
		se->fd = sv[0];
		assert_int_equal(mon_recv(se->fd, &m, NULL, &cause), 0);
		assert_int_equal(m.type, MON_ANS_READY);
		assert_int_equal(m.ok, 1);
		mon_msg_free(&m);
		return;
	}
	if (monitor_client_new(sv[0], &se->mon, &cause) != 0)
		fail_msg("monitor_client_new: %s", cause);
}

static void
spawn(struct fixture *f, struct session *se, int raw)
{
	struct monitor_options	 o;

	options(f, &o);
	spawn_with(&o, se, raw);
}

/* The monitor's exit status; a monitor killed by a signal (a crash) fails the test. */
static int
finish(struct session *se)
{
	int	 status;

	if (se->mon != NULL) {
		monitor_close(se->mon);
		se->mon = NULL;
	}
	if (se->fd != -1) {
		close(se->fd);
		se->fd = -1;
	}
	assert_int_equal(waitpid(se->pid, &status, 0), se->pid);
	live_remove(se->pid);
	if (WIFSIGNALED(status))
		fail_msg("the monitor died of signal %d", WTERMSIG(status));
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* The audit log as "user|action|target|result|detail" lines, oldest first. */
static char *
audit_text(struct fixture *f)
{
	sqlite3_stmt	*stmt;
	char		*text = xstrdup(""), *t;

	assert_int_equal(sqlite3_prepare_v2(f->db->h, "SELECT user, action, target, result, "
	    "detail FROM audit_log WHERE action NOT LIKE 'account.%' ORDER BY seq", -1, &stmt,
	    NULL), SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		xasprintf(&t, "%s%s|%s|%s|%s|%s\n", text, sqlite3_column_text(stmt, 0),
		    sqlite3_column_text(stmt, 1), sqlite3_column_text(stmt, 2),
		    sqlite3_column_text(stmt, 3), sqlite3_column_text(stmt, 4));
		free(text);
		text = t;
	}
	sqlite3_finalize(stmt);
	return text;
}

static void
audit_has(struct fixture *f, const char *line)
{
	char	*text = audit_text(f);

	if (strstr(text, line) == NULL)
		fail_msg("the audit log lacks \"%s\":\n%s", line, text);
	free(text);
}

static void
audit_lacks(struct fixture *f, const char *what)
{
	char	*text = audit_text(f);

	if (strstr(text, what) != NULL)
		fail_msg("the audit log contains \"%s\":\n%s", what, text);
	free(text);
}

static void
audit_intact(struct fixture *f)
{
	struct audit_check	 c;
	char			*cause = NULL;

	assert_int_equal(audit_verify(f->db, &c, &cause), 0);
	assert_int_equal(c.first_bad, 0);
	audit_check_free(&c);
}

static void
log_has(const char *line)
{
	char	*log = pamtest_log();

	if (strstr(log, line) == NULL)
		fail_msg("the PAM log lacks \"%s\":\n%s", line, log);
	free(log);
}

static void
log_lacks(const char *line)
{
	char	*log = pamtest_log();

	if (strstr(log, line) != NULL)
		fail_msg("the PAM log contains \"%s\":\n%s", line, log);
	free(log);
}

static int
login(struct session *se, const char *user, const char *password, struct script *s,
    struct auth_result *res)
{
	script_reset(s);
	s->answers[0] = password;
	return monitor_authenticate(se->mon, user, "pts/7", script_conv, s, res);
}

static const char *
ruser(void)
{
	struct passwd	*pw = getpwuid(getuid());

	return pw != NULL ? pw->pw_name : "";
}

static void
test_login_full_cycle(void **state)
{
	struct fixture		*f = *state;
	struct session		 se;
	struct script		 s;
	struct auth_result	 res;
	struct key		*k;
	char			 line[256];

	spawn(f, &se, 0);
	assert_int_equal(login(&se, "tanaka", "pw-tanaka", &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_OK);
	assert_string_equal(res.user, "tanaka");
	assert_string_equal(res.roles, "clerk");
	assert_string_equal(s.shown, "OFF:Password: \n");
	assert_true(monitor_alive(se.mon));

	k = key_new();
	assert_int_equal(monitor_get_key(se.mon, k), 0);
	assert_memory_equal(k->bytes, f->key->bytes, KEY_BYTES);
	key_free(k);

	snprintf(line, sizeof line, "open_session tanaka tty=pts/7 ruser=%s", ruser());
	log_has(line);
	log_lacks("close_session tanaka");
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);
	log_has("close_session tanaka");
	log_has("setcred delete tanaka");

	audit_has(f, "tanaka|login||ok|service=madoguchi-test roles=clerk\n");
	audit_has(f, "tanaka|logout||ok|\n");
	audit_lacks(f, "pw-tanaka");
	audit_intact(f);
}

static void
test_wrong_password_unknown_user(void **state)
{
	struct fixture		*f = *state;
	struct session		 se;
	struct script		 s1, s2, s3;
	struct auth_result	 r1, r2, r3;

	spawn(f, &se, 0);
	assert_int_equal(login(&se, "tanaka", "wrong-pw", &s1, &r1), 0);
	assert_int_equal(r1.outcome, AUTH_FAILED);
	assert_int_equal(login(&se, "nosuchuser", "wrong-pw", &s2, &r2), 0);
	assert_int_equal(r2.outcome, AUTH_FAILED);
	/* Nothing tells an unknown user from a wrong password. */
	assert_string_equal(r1.message, "Login incorrect.");
	assert_string_equal(r1.message, r2.message);
	assert_string_equal(s1.shown, s2.shown);
	assert_string_equal(r1.user, "");
	assert_string_equal(r2.user, "");
	assert_true(monitor_alive(se.mon));

	/* The same monitor still lets the right person in. */
	assert_int_equal(login(&se, "tanaka", "pw-tanaka", &s3, &r3), 0);
	assert_int_equal(r3.outcome, AUTH_OK);
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);

	audit_has(f, "tanaka|login||failed|Authentication failure\n");
	audit_has(f, "nosuchuser|login||failed|Authentication failure\n");
	audit_has(f, "tanaka|login||ok|");
	audit_lacks(f, "wrong-pw");
	audit_intact(f);
}

/* PAM says yes, the account register says no: no account step, no session. */
static void
test_no_account(void **state)
{
	struct fixture		*f = *state;
	struct session		 se;
	struct script		 s;
	struct auth_result	 res;

	spawn(f, &se, 0);
	assert_int_equal(login(&se, "yamada", "pw-yamada", &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_NO_ACCOUNT);
	assert_non_null(strstr(res.message, "no approved account"));
	assert_string_equal(res.user, "");
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);
	log_lacks("acct_mgmt yamada");
	log_lacks("open_session yamada");
	audit_has(f, "yamada|login||no-account|no approved account for this user\n");
}

static void
test_two_prompt_stack(void **state)
{
	struct fixture		*f = *state;
	struct session		 se;
	struct script		 s;
	struct auth_result	 res;

	spawn(f, &se, 0);
	script_reset(&s);
	s.answers[0] = "pw-kato";
	s.answers[1] = "135790";
	assert_int_equal(monitor_authenticate(se.mon, "kato", "pts/7", script_conv, &s, &res),
	    0);
	assert_int_equal(res.outcome, AUTH_OK);
	assert_int_equal(s.rounds, 2);
	assert_int_equal(s.sizes[1], 2);
	assert_string_equal(s.shown, "OFF:Password: \n"
	    "INFO:認証アプリのコードを入力してください / Enter the code from your "
	    "authenticator\nON:ワンタイムコード: \n");
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);

	/* A wrong code: the module's error message reaches the screen. */
	spawn(f, &se, 0);
	script_reset(&s);
	s.answers[0] = "pw-kato";
	s.answers[1] = "999999";
	assert_int_equal(monitor_authenticate(se.mon, "kato", "pts/7", script_conv, &s, &res),
	    0);
	assert_int_equal(res.outcome, AUTH_FAILED);
	assert_non_null(strstr(s.shown, "ERR:ワンタイムコードが違います / Wrong code\n"));
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);
	audit_lacks(f, "135790");
	audit_lacks(f, "999999");
}

static void
test_expired_password(void **state)
{
	struct fixture		*f = *state;
	struct session		 se;
	struct script		 s;
	struct auth_result	 res;
	char			*passdb;

	spawn(f, &se, 0);
	script_reset(&s);
	s.answers[0] = "old-ito";
	s.answers[1] = "old-ito";
	s.answers[2] = "new-ito-1";
	s.answers[3] = "new-ito-1";
	assert_int_equal(monitor_authenticate(se.mon, "ito", "pts/7", script_conv, &s, &res),
	    0);
	assert_int_equal(res.outcome, AUTH_OK);
	assert_non_null(strstr(s.shown, "ERR:パスワードの有効期限が切れています"));
	assert_non_null(strstr(s.shown, "OFF:New Password :\nOFF:Verify New Password :\n"));
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);
	passdb = pamtest_passdb();
	assert_non_null(strstr(passdb, "ito:new-ito-1:"));
	free(passdb);
	log_has("chauthtok ito update expired");
	audit_has(f, "ito|password.change||ok|expired password changed at login\n");
	audit_has(f, "ito|login||ok|");
	audit_lacks(f, "new-ito-1");
}

static void
test_locked(void **state)
{
	struct fixture		*f = *state;
	struct session		 se;
	struct script		 s;
	struct auth_result	 res;

	spawn(f, &se, 0);
	assert_int_equal(login(&se, "mori", "pw-mori", &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_LOCKED);
	assert_non_null(strstr(res.message, "locked"));
	assert_string_equal(s.shown, "ERR:アカウントはロックされています / The account is "
	    "locked after too many failures\n");
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);
	audit_has(f, "mori|login||locked|");
}

static void
test_cancel(void **state)
{
	struct fixture		*f = *state;
	struct session		 se;
	struct script		 s;
	struct auth_result	 res;

	spawn(f, &se, 0);
	assert_int_equal(login(&se, "tanaka", PAMTEST_CANCEL, &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_CANCELLED);
	assert_true(monitor_alive(se.mon));
	/* A conversation function that is missing cancels too. */
	assert_int_equal(monitor_authenticate(se.mon, "tanaka", "pts/7", NULL, NULL, &res), 0);
	assert_int_equal(res.outcome, AUTH_CANCELLED);
	assert_int_equal(login(&se, "tanaka", "pw-tanaka", &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_OK);
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);
	audit_has(f, "tanaka|login||cancelled|");
}

static void
test_too_many_failures(void **state)
{
	struct fixture		*f = *state;
	struct monitor_options	 o;
	struct session		 se;
	struct script		 s;
	struct auth_result	 res;

	options(f, &o);
	o.max_login_failures = 3;
	spawn_with(&o, &se, 0);
	assert_int_equal(login(&se, "tanaka", "x", &s, &res), 0);
	assert_int_equal(login(&se, "nosuchuser", "x", &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_FAILED);
	assert_true(monitor_alive(se.mon));
	assert_int_equal(login(&se, "tanaka", "y", &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_FAILED);
	assert_non_null(strstr(res.message, "Too many failed attempts"));
	assert_false(monitor_alive(se.mon));
	/* Nothing more can be asked. */
	assert_int_equal(login(&se, "tanaka", "pw-tanaka", &s, &res), -1);
	assert_int_equal(res.outcome, AUTH_ERROR);
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);
	(void)f;
}

static void
test_reauthenticate(void **state)
{
	struct fixture		*f = *state;
	struct session		 se;
	struct script		 s;
	struct auth_result	 res;

	spawn(f, &se, 0);
	assert_int_equal(login(&se, "tanaka", "pw-tanaka", &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_OK);

	script_reset(&s);
	s.answers[0] = "bad";
	assert_int_equal(monitor_reauthenticate(se.mon, script_conv, &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_FAILED);
	assert_true(monitor_alive(se.mon));
	script_reset(&s);
	s.answers[0] = "pw-tanaka";
	assert_int_equal(monitor_reauthenticate(se.mon, script_conv, &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_OK);
	assert_string_equal(res.user, "tanaka");
	assert_string_equal(res.roles, "clerk");
	/* PAM_USER was set: nobody was asked for a name. */
	assert_string_equal(s.shown, "OFF:Password: \n");
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);
	audit_has(f, "tanaka|unlock||failed|Authentication failure\n");
	audit_has(f, "tanaka|unlock||ok|");
	audit_intact(f);
}

/* A module that maps the credential to someone else (a card): not an unlock. */
static void
test_reauthenticate_other_user(void **state)
{
	static const struct pamtest_user swapped[] = {
		{ "tanaka", "pw-tanaka", "as=suzuki" },
		{ "suzuki", "pw-suzuki", NULL },
		{ NULL, NULL, NULL }
	};
	struct fixture		*f = *state;
	struct session		 se;
	struct script		 s;
	struct auth_result	 res;

	spawn(f, &se, 0);
	assert_int_equal(login(&se, "tanaka", "pw-tanaka", &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_OK);
	pamtest_users(swapped);
	script_reset(&s);
	s.answers[0] = "pw-tanaka";
	assert_int_equal(monitor_reauthenticate(se.mon, script_conv, &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_FAILED);
	assert_string_equal(res.message, "Only tanaka can unlock this terminal.");
	assert_true(monitor_alive(se.mon));
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);
	audit_has(f, "tanaka|unlock||failed|PAM authenticated suzuki instead\n");
}

/* A revoked account takes effect at the next unlock: the session ends. */
static void
test_reauthenticate_revoked(void **state)
{
	struct fixture		*f = *state;
	struct session		 se;
	struct script		 s;
	struct auth_result	 res;
	char			*cause = NULL;

	spawn(f, &se, 0);
	assert_int_equal(login(&se, "tanaka", "pw-tanaka", &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_OK);
	if (account_revoke(f->db, &sup_sato, tanaka_id, "異動", &cause) != 0)
		fail_msg("revoke: %s", cause);
	script_reset(&s);
	s.answers[0] = "pw-tanaka";
	assert_int_equal(monitor_reauthenticate(se.mon, script_conv, &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_NO_ACCOUNT);
	assert_non_null(strstr(res.message, "revoked"));
	assert_false(monitor_alive(se.mon));
	log_has("close_session tanaka");
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);
	audit_has(f, "tanaka|unlock||no-account|this account has been revoked\n");
	audit_has(f, "tanaka|logout||ended|");
}

static void
test_approver(void **state)
{
	struct fixture		*f = *state;
	struct session		 se;
	struct script		 s;
	struct auth_result	 res;
	char			*log;

	spawn(f, &se, 0);
	assert_int_equal(login(&se, "tanaka", "pw-tanaka", &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_OK);

	/* Not oneself; refused before PAM asks anything. */
	pamtest_clear_log();
	script_reset(&s);
	s.answers[0] = "pw-tanaka";
	assert_int_equal(monitor_approver_auth(se.mon, "tanaka", "再交付の承認", script_conv,
	    &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_FAILED);
	assert_string_equal(res.message, "The approver must be someone other than the person "
	    "logged in.");
	assert_int_equal(s.rounds, 0);
	log = pamtest_log();
	assert_string_equal(log, "");
	free(log);

	script_reset(&s);
	s.answers[0] = "pw-sato";
	assert_int_equal(monitor_approver_auth(se.mon, "sato", "再交付の承認", script_conv,
	    &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_OK);
	assert_string_equal(res.user, "sato");
	assert_string_equal(res.roles, "supervisor");
	log_lacks("open_session sato");	/* no session for an approval */

	script_reset(&s);
	s.answers[0] = "nope";
	assert_int_equal(monitor_approver_auth(se.mon, "sato", "訂正の承認", script_conv,
	    &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_FAILED);
	assert_string_equal(res.message, "Login incorrect.");
	assert_string_equal(res.roles, "");

	script_reset(&s);
	s.answers[0] = "pw-yamada";
	assert_int_equal(monitor_approver_auth(se.mon, "yamada", "訂正の承認", script_conv,
	    &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_NO_ACCOUNT);

	/* The logged-in session is untouched by all of it. */
	assert_true(monitor_alive(se.mon));
	log_lacks("close_session tanaka");
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);

	audit_has(f, "tanaka|approver.auth|user:tanaka|denied|再交付の承認\n");
	audit_has(f, "sato|approver.auth|user:tanaka|ok|再交付の承認\n");
	audit_has(f, "sato|approver.auth|user:tanaka|failed|訂正の承認\n");
	audit_has(f, "yamada|approver.auth|user:tanaka|no-account|訂正の承認\n");
	audit_lacks(f, "pw-sato");
}

/*
 * A supervisor's password cannot be guessed at a clerk's desk: three failed supervisor
 * authentications end that approval (refused from then on without asking PAM), and every
 * failure counts toward the monitor's limit of failed logins, which ends the session.
 */
static void
test_approver_failures_limited(void **state)
{
	struct fixture		*f = *state;
	struct monitor_options	 o;
	struct session		 se;
	struct script		 s;
	struct auth_result	 res;
	int			 i;

	options(f, &o);
	o.max_login_failures = 5;
	spawn_with(&o, &se, 0);
	assert_int_equal(login(&se, "tanaka", "pw-tanaka", &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_OK);
	for (i = 1; i <= 3; i++) {
		script_reset(&s);
		s.answers[0] = "guess";
		assert_int_equal(monitor_approver_auth(se.mon, "sato", "account.approve mori",
		    script_conv, &s, &res), 0);
		assert_int_equal(res.outcome, AUTH_FAILED);
		assert_true(monitor_alive(se.mon));
		if (i < 3)
			assert_string_equal(res.message, "Login incorrect.");
	}
	assert_non_null(strstr(res.message, "Three failed supervisor authentications"));
	/* Ended: even the right password is not asked for. */
	script_reset(&s);
	s.answers[0] = "pw-sato";
	assert_int_equal(monitor_approver_auth(se.mon, "sato", "account.approve mori",
	    script_conv, &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_FAILED);
	assert_non_null(strstr(res.message, "Three failed supervisor authentications"));
	assert_int_equal(s.rounds, 0);
	assert_true(monitor_alive(se.mon));

	/* Another approval: the fourth and fifth failures reach the limit of 5. */
	script_reset(&s);
	s.answers[0] = "guess";
	assert_int_equal(monitor_approver_auth(se.mon, "suzuki", "account.approve ueda",
	    script_conv, &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_FAILED);
	assert_true(monitor_alive(se.mon));
	script_reset(&s);
	s.answers[0] = "guess";
	assert_int_equal(monitor_approver_auth(se.mon, "suzuki", "account.approve ueda",
	    script_conv, &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_FAILED);
	assert_non_null(strstr(res.message, "Too many failed attempts"));
	assert_false(monitor_alive(se.mon));
	log_has("close_session tanaka");
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);

	audit_has(f, "sato|approver.auth|user:tanaka|failed|account.approve mori\n"
	    "sato|approver.auth|user:tanaka|failed|account.approve mori\n"
	    "sato|approver.auth|user:tanaka|failed|account.approve mori\n"
	    "sato|approver.auth|user:tanaka|ended|account.approve mori: three failed "
	    "supervisor authentications\n"
	    "sato|approver.auth|user:tanaka|refused|account.approve mori\n");
	audit_has(f, "suzuki|approver.auth|user:tanaka|failed|account.approve ueda\n"
	    "suzuki|approver.auth|user:tanaka|failed|account.approve ueda\n"
	    "tanaka|logout||ended|too many failed authentications\n");
	audit_intact(f);
}

/* As root: a key file that the service account owns is refused, and the monitor says so. */
static void
test_key_owner_refused(void **state)
{
	struct fixture		*f = *state;
	struct monitor_options	 o;
	struct monitor		*mon;
	struct passwd		*pw;
	char			*cause = NULL;
	int			 sv[2], status;
	pid_t			 pid;

	if (geteuid() != 0 || ((pw = getpwnam("madoguchi")) == NULL &&
	    (pw = getpwnam("nobody")) == NULL))
		skip();
	assert_int_equal(chown(f->key_path, pw->pw_uid, pw->pw_gid), 0);
	options(f, &o);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		_exit(monitor_serve(&o, sv[1]));
	}
	close(sv[1]);
	assert_int_equal(monitor_client_new(sv[0], &mon, &cause), -1);
	assert_non_null(strstr(cause, f->key_path));
	assert_non_null(strstr(cause, pw->pw_name));
	assert_non_null(strstr(cause, "must belong to root"));
	free(cause);
	close(sv[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), MONITOR_EXIT_START);
	assert_int_equal(chown(f->key_path, 0, 0), 0);
}

/* PAM maps the approver's credential to the logged-in user: still four eyes. */
static void
test_approver_mapped_to_self(void **state)
{
	static const struct pamtest_user mapped[] = {
		{ "tanaka", "pw-tanaka", NULL },
		{ "sato", "pw-sato", "as=tanaka" },
		{ NULL, NULL, NULL }
	};
	struct fixture		*f = *state;
	struct session		 se;
	struct script		 s;
	struct auth_result	 res;

	pamtest_users(mapped);
	spawn(f, &se, 0);
	assert_int_equal(login(&se, "tanaka", "pw-tanaka", &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_OK);
	script_reset(&s);
	s.answers[0] = "pw-sato";
	assert_int_equal(monitor_approver_auth(se.mon, "sato", "承認", script_conv, &s, &res),
	    0);
	assert_int_equal(res.outcome, AUTH_FAILED);
	assert_string_equal(res.message, "The approver must be someone other than the person "
	    "logged in.");
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);
	audit_has(f, "tanaka|approver.auth|user:tanaka|denied|承認\n");
}

static void
test_change_password(void **state)
{
	struct fixture		*f = *state;
	struct session		 se;
	struct script		 s;
	struct auth_result	 res;
	char			*passdb;

	spawn(f, &se, 0);
	assert_int_equal(login(&se, "tanaka", "pw-tanaka", &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_OK);

	/* The current password first; a wrong one changes nothing. */
	script_reset(&s);
	s.answers[0] = "guess";
	assert_int_equal(monitor_change_password(se.mon, script_conv, &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_FAILED);
	assert_int_equal(s.next, 1);
	passdb = pamtest_passdb();
	assert_non_null(strstr(passdb, "tanaka:pw-tanaka:"));
	free(passdb);

	script_reset(&s);
	s.answers[0] = "pw-tanaka";
	s.answers[1] = "pw-tanaka";
	s.answers[2] = "pw-tanaka-2";
	s.answers[3] = "pw-tanaka-2";
	assert_int_equal(monitor_change_password(se.mon, script_conv, &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_OK);
	assert_string_equal(res.message, "The password has been changed.");
	passdb = pamtest_passdb();
	assert_non_null(strstr(passdb, "tanaka:pw-tanaka-2:"));
	free(passdb);
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);
	audit_has(f, "tanaka|password.change||failed|");
	audit_has(f, "tanaka|password.change||ok|");
	audit_lacks(f, "pw-tanaka-2");
}

static void
test_get_key_before_login(void **state)
{
	struct fixture	*f = *state;
	struct session	 se;
	struct key	*k;

	spawn(f, &se, 0);
	k = key_new();
	assert_int_equal(monitor_get_key(se.mon, k), -1);
	assert_false(monitor_alive(se.mon));
	key_free(k);
	assert_int_equal(finish(&se), MONITOR_EXIT_FATAL);
	audit_has(f, "|monitor.violation||fatal|get_key request before login\n");
}

static void
test_get_key_twice(void **state)
{
	struct fixture		*f = *state;
	struct session		 se;
	struct script		 s;
	struct auth_result	 res;
	struct key		*k;

	spawn(f, &se, 0);
	assert_int_equal(login(&se, "tanaka", "pw-tanaka", &s, &res), 0);
	k = key_new();
	assert_int_equal(monitor_get_key(se.mon, k), 0);
	memset(k->bytes, 0, KEY_BYTES);
	assert_int_equal(monitor_get_key(se.mon, k), -1);
	assert_false(monitor_alive(se.mon));
	key_free(k);
	assert_int_equal(finish(&se), MONITOR_EXIT_FATAL);
	/* The session was closed on the way out. */
	log_has("close_session tanaka");
	audit_has(f, "tanaka|monitor.violation||fatal|a second get_key request\n");
	audit_has(f, "tanaka|logout||fatal|a second get_key request\n");
	audit_intact(f);
}

/* Requests out of turn through the client API. */
static void
test_out_of_turn(void **state)
{
	struct fixture		*f = *state;
	struct session		 se;
	struct script		 s;
	struct auth_result	 res;

	spawn(f, &se, 0);
	script_reset(&s);
	assert_int_equal(monitor_reauthenticate(se.mon, script_conv, &s, &res), -1);
	assert_int_equal(res.outcome, AUTH_ERROR);
	assert_int_equal(s.rounds, 0);
	assert_int_equal(finish(&se), MONITOR_EXIT_FATAL);
	audit_has(f, "|monitor.violation||fatal|reauthenticate request before login\n");

	spawn(f, &se, 0);
	assert_int_equal(monitor_approver_auth(se.mon, "sato", "x", script_conv, &s, &res), -1);
	assert_int_equal(finish(&se), MONITOR_EXIT_FATAL);

	spawn(f, &se, 0);
	assert_int_equal(monitor_change_password(se.mon, script_conv, &s, &res), -1);
	assert_int_equal(finish(&se), MONITOR_EXIT_FATAL);

	spawn(f, &se, 0);
	assert_int_equal(login(&se, "tanaka", "pw-tanaka", &s, &res), 0);
	assert_int_equal(res.outcome, AUTH_OK);
	assert_int_equal(login(&se, "sato", "pw-sato", &s, &res), -1);
	assert_int_equal(finish(&se), MONITOR_EXIT_FATAL);
	audit_has(f, "tanaka|monitor.violation||fatal|authenticate request after login\n");
	log_has("close_session tanaka");
}

static void
raw_send(int fd, const void *p, size_t len)
{
	assert_int_equal(write(fd, p, len), (ssize_t)len);
}

/* The monitor closed its end: read gives end of file (after anything pending). */
static void
assert_closed(int fd)
{
	char	 buf[256];
	ssize_t	 n;

	while ((n = read(fd, buf, sizeof buf)) > 0)
		continue;
	assert_int_equal(n, 0);
}

/* Raw bytes: each one ends the session with MONITOR_EXIT_FATAL, never a crash. */
static void
test_malformed_messages(void **state)
{
	static const struct {
		const char	*bytes;
		size_t		 len;
		const char	*audited;
	} cases[] = {
		{ "\x7f\xff\xff\xff", 4, "malformed message: message of 2147483647 bytes" },
		{ "\xff\xff\xff\xff", 4, "malformed message: message of 4294967295 bytes" },
		{ "\x00\x00\x00\x00", 4, "malformed message: empty message" },
		{ "\x00\x00\x00\x01\x63", 5, "unknown message type 99" },
		{ "\x00\x00\x00\x02\x05\x00", 6, "1 bytes after the get_key message" },
		{ "\x00\x00\x00\x0e\x01\x00\x00\x00\x05" "al\x1b" "ce\x00\x00\x00\x00", 18,
		    "user is not valid UTF-8 text" },
		{ "\x00\x00\x00\x09\x01\xff\xff\xff\xf0" "abcd", 13, "more than 63" },
		{ "\x00\x00\x00\x12\x42\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
		    "\x00\x00\x00\x00", 22, "unexpected result message" },
		{ "\x00\x00\x00\x01\x40", 5, "malformed message: truncated before the ready" },
		{ "\x00\x00\x00\x0b\x07\x00\x00\x00\x00\x01\x01\x00\x00\x00\x00", 15,
		    "unexpected conv_reply message" },
		{ "\x00\x00\x00\x01\x06\x00\x00\x00\x01\x05", 10,
		    "get_key request after logout" },
		{ "\x00\x00\x00\x01\x06\x00\x00\x00\x01\x06", 10, "logout request after logout" },
	};
	struct fixture	*f = *state;
	struct session	 se;
	char		 want[256];
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		spawn(f, &se, 1);
		raw_send(se.fd, cases[i].bytes, cases[i].len);
		assert_closed(se.fd);
		if (finish(&se) != MONITOR_EXIT_FATAL)
			fail_msg("case %zu (%s) did not end the session", i, cases[i].audited);
		snprintf(want, sizeof want, "|monitor.violation||fatal|");
		audit_has(f, want);
		audit_has(f, cases[i].audited);
	}
	audit_intact(f);
}

/* Inside a conversation: only a reply to that round is acceptable. */
static void
test_bad_conversation_replies(void **state)
{
	static const struct {
		const char	*bytes;
		size_t		 len;
		const char	*audited;
	} cases[] = {
		/* two replies to a round of one */
		{ "\x00\x00\x00\x10\x07\x00\x00\x00\x00\x02\x01\x00\x00\x00\x00\x01\x00\x00\x00"
		    "\x00", 20, "2 replies to a round of 1 messages" },
		/* no reply to the password prompt */
		{ "\x00\x00\x00\x07\x07\x00\x00\x00\x00\x01\x00", 11,
		    "no reply for message 1 of the round" },
		/* another request in the middle of the conversation */
		{ "\x00\x00\x00\x01\x05", 5, "get_key message during a conversation" },
		/* a reply that is not UTF-8 */
		{ "\x00\x00\x00\x0c\x07\x00\x00\x00\x00\x01\x01\x00\x00\x00\x01\xff", 16,
		    "malformed conversation reply" },
	};
	struct fixture	*f = *state;
	struct session	 se;
	struct mon_msg	 m;
	char		*cause = NULL;
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		spawn(f, &se, 1);
		mon_msg_init(&m, MON_REQ_AUTHENTICATE);
		m.user = "tanaka";
		m.tty = "pts/7";
		assert_int_equal(mon_send(se.fd, &m, &cause), 0);
		assert_int_equal(mon_recv(se.fd, &m, NULL, &cause), 0);
		assert_int_equal(m.type, MON_ANS_CONV);
		assert_int_equal(m.n, 1);
		assert_int_equal(m.prompts[0].style, PAM_PROMPT_ECHO_OFF);
		mon_msg_free(&m);
		raw_send(se.fd, cases[i].bytes, cases[i].len);
		assert_closed(se.fd);
		assert_int_equal(finish(&se), MONITOR_EXIT_FATAL);
		audit_has(f, cases[i].audited);
	}
	log_lacks("open_session tanaka");
	audit_lacks(f, "tanaka|login||ok");
}

/* The screen process vanishing in the middle is not a violation, and not a crash. */
static void
test_eof_in_conversation(void **state)
{
	struct fixture	*f = *state;
	struct session	 se;
	struct mon_msg	 m;
	char		*cause = NULL;

	spawn(f, &se, 1);
	mon_msg_init(&m, MON_REQ_AUTHENTICATE);
	m.user = "tanaka";
	m.tty = "pts/7";
	assert_int_equal(mon_send(se.fd, &m, &cause), 0);
	assert_int_equal(mon_recv(se.fd, &m, NULL, &cause), 0);
	mon_msg_free(&m);
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);
	audit_lacks(f, "monitor.violation");
	log_lacks("open_session tanaka");
}

/* A login spoken in raw messages: every prompt gets the password. */
static void
raw_login(int fd, const char *user, const char *password)
{
	struct mon_msg	 m, a;
	char		*cause = NULL;
	uint32_t	 i;

	mon_msg_init(&m, MON_REQ_AUTHENTICATE);
	m.user = (char *)user;
	m.tty = "pts/7";
	assert_int_equal(mon_send(fd, &m, &cause), 0);
	for (;;) {
		assert_int_equal(mon_recv(fd, &m, NULL, &cause), 0);
		if (m.type != MON_ANS_CONV)
			break;
		mon_msg_init(&a, MON_CONV_REPLY);
		a.n = m.n;
		for (i = 0; i < m.n; i++) {
			if (m.prompts[i].style == PAM_PROMPT_ECHO_OFF ||
			    m.prompts[i].style == PAM_PROMPT_ECHO_ON)
				a.replies[i] = (char *)password;
		}
		assert_int_equal(mon_send(fd, &a, &cause), 0);
		mon_msg_free(&m);
	}
	assert_int_equal(m.type, MON_ANS_RESULT);
	assert_int_equal(m.outcome, AUTH_OK);
	mon_msg_free(&m);
}

/* A logged-in screen process that dies: the PAM session is still closed. */
static void
test_lost_session(void **state)
{
	struct fixture	*f = *state;
	struct session	 se;

	spawn(f, &se, 1);
	raw_login(se.fd, "tanaka", "pw-tanaka");
	log_has("open_session tanaka");
	/* No logout: the connection just goes. */
	assert_int_equal(finish(&se), MONITOR_EXIT_OK);
	log_has("close_session tanaka");
	audit_has(f, "tanaka|logout||lost|the screen process ended without logging out\n");
}

static void
test_start_failure(void **state)
{
	struct fixture		*f = *state;
	struct monitor_options	 o;
	struct monitor		*mon;
	char			*cause = NULL;
	int			 sv[2], status;
	pid_t			 pid;

	options(f, &o);
	o.key_path = "/nonexistent/madoguchi.key";
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		_exit(monitor_serve(&o, sv[1]));
	}
	close(sv[1]);
	assert_int_equal(monitor_client_new(sv[0], &mon, &cause), -1);
	assert_string_equal(cause, "key file /nonexistent/madoguchi.key does not exist");
	free(cause);
	close(sv[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), MONITOR_EXIT_START);
}

/* The client against a monitor that misbehaves: answers of the wrong kind end it. */
static void
test_client_refuses_bad_answers(void **state)
{
	static const uint8_t ready[] = { 0, 0, 0, 6, MON_ANS_READY, 1, 0, 0, 0, 0 };
	static const uint8_t key[] = { 0, 0, 0, 33, MON_ANS_KEY, 1, 2, 3, 4, 5, 6, 7, 8, 9,
	    10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
	    31, 32 };
	static const uint8_t conv_bad[] = { 0, 0, 0, 5, MON_ANS_CONV, 0, 0, 0, 0 };
	struct monitor		*mon;
	struct auth_result	 res;
	struct script		 s;
	struct key		*k;
	char			*cause = NULL;
	int			 sv[2];

	(void)state;
	/* A READY that is not ok, a message that is not READY. */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	raw_send(sv[1], key, sizeof key);
	assert_int_equal(monitor_client_new(sv[0], &mon, &cause), -1);
	free(cause);
	close(sv[0]);
	close(sv[1]);

	/* A conversation round of zero messages. */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	raw_send(sv[1], ready, sizeof ready);
	assert_int_equal(monitor_client_new(sv[0], &mon, &cause), 0);
	raw_send(sv[1], conv_bad, sizeof conv_bad);
	script_reset(&s);
	assert_int_equal(monitor_authenticate(mon, "tanaka", "", script_conv, &s, &res), -1);
	assert_int_equal(res.outcome, AUTH_ERROR);
	assert_int_equal(s.rounds, 0);
	assert_false(monitor_alive(mon));
	monitor_close(mon);
	close(sv[1]);

	/* A key where a result was due; a result where the key was due. */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	raw_send(sv[1], ready, sizeof ready);
	assert_int_equal(monitor_client_new(sv[0], &mon, &cause), 0);
	raw_send(sv[1], key, sizeof key);
	assert_int_equal(monitor_reauthenticate(mon, script_conv, &s, &res), -1);
	assert_false(monitor_alive(mon));
	k = key_new();
	assert_int_equal(monitor_get_key(mon, k), -1);
	key_free(k);
	monitor_close(mon);
	close(sv[1]);

	/* A monitor that closes: monitor_alive notices without a request. */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	raw_send(sv[1], ready, sizeof ready);
	assert_int_equal(monitor_client_new(sv[0], &mon, &cause), 0);
	assert_true(monitor_alive(mon));
	close(sv[1]);
	assert_false(monitor_alive(mon));
	monitor_close(mon);

	/* A name the wire refuses never leaves the client, and reads as a wrong login. */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	raw_send(sv[1], ready, sizeof ready);
	assert_int_equal(monitor_client_new(sv[0], &mon, &cause), 0);
	assert_int_equal(monitor_authenticate(mon, "bad\x1bname", "", script_conv, &s, &res),
	    0);
	assert_int_equal(res.outcome, AUTH_FAILED);
	assert_string_equal(res.message, "Login incorrect.");
	assert_true(monitor_alive(mon));
	close(sv[1]);
	monitor_close(mon);
}

static void
test_privsep_lookup(void **state)
{
	struct privsep_id	 id;
	char			*cause = NULL;

	(void)state;
	assert_int_equal(privsep_lookup("madoguchi-no-such-user", &id, &cause), -1);
	assert_non_null(strstr(cause, "does not exist"));
	free(cause);
	cause = NULL;
	/* A privsep user with ID 0 would drop nothing. */
	assert_int_equal(privsep_lookup("root", &id, &cause), -1);
	assert_non_null(strstr(cause, "ID 0"));
	free(cause);
	cause = NULL;
	if (getpwnam("nobody") != NULL) {
		assert_int_equal(privsep_lookup("nobody", &id, &cause), 0);
		assert_string_equal(id.name, "nobody");
		assert_int_equal(id.uid, getpwnam("nobody")->pw_uid);
	}
}

/*
 * What the screen process checks about itself after monitor_start: who it is, that root
 * cannot come back, that the monitor serves it. Exit 0 when everything holds.
 */
static int
screen_process(struct monitor *mon, const struct key *want, const struct passwd *pw)
{
	struct script		 s;
	struct auth_result	 res;
	struct key		*k;
	uid_t			 r, e, sv;
	gid_t			 groups[4];

	if (pw != NULL) {
		if (getresuid(&r, &e, &sv) != 0 || r != pw->pw_uid || e != pw->pw_uid ||
		    sv != pw->pw_uid)
			return 10;
		if (getgid() != pw->pw_gid || getegid() != pw->pw_gid)
			return 11;
		if (getgroups(4, groups) > 1)
			return 12;
		if (setuid(0) != -1 || seteuid(0) != -1 || setgid(0) != -1)
			return 13;
	} else if (getuid() != geteuid())
		return 14;
	script_reset(&s);
	s.answers[0] = "pw-tanaka";
	if (monitor_authenticate(mon, "tanaka", "pts/9", script_conv, &s, &res) != 0 ||
	    res.outcome != AUTH_OK)
		return 20;
	k = key_new();
	if (monitor_get_key(mon, k) != 0 || memcmp(k->bytes, want->bytes, KEY_BYTES) != 0)
		return 21;
	key_free(k);
	monitor_close(mon);
	return 0;
}

/*
 * monitor_start_with as madoguchi runs it: fork, the parent serves and exits with the
 * child's status. As root the child drops to nobody (the same code that drops to
 * madoguchi); otherwise nothing is dropped.
 */
static void
test_monitor_start(void **state)
{
	struct fixture		*f = *state;
	struct monitor_options	 o;
	struct monitor		*mon;
	struct passwd		*pw = NULL, copy;
	char			*cause = NULL;
	int			 status;
	pid_t			 pid;

	options(f, &o);
	if (geteuid() == 0) {
		if ((pw = getpwnam("nobody")) == NULL)
			skip();
		copy = *pw;
		pw = &copy;
		o.privsep_user = "nobody";
	}
	fflush(NULL);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		if (monitor_start_with(&o, &mon, &cause) != 0) {
			fprintf(stderr, "monitor_start_with: %s\n", cause);
			_exit(30);
		}
		_exit(screen_process(mon, f->key, pw));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) != 0)
		fail_msg("the screen process failed its check %d", WEXITSTATUS(status));
	audit_has(f, "tanaka|login||ok|");
	audit_has(f, "tanaka|logout||ok|");
	log_has("open_session tanaka tty=pts/9");
	log_has("close_session tanaka");

	/* A child that fails makes the monitor exit with its status. */
	pid = fork();
	if (pid == 0) {
		if (monitor_start_with(&o, &mon, &cause) != 0)
			_exit(30);
		monitor_close(mon);
		_exit(42);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 42);

	/* Dropping to a user that does not exist: refused before anything is forked. */
	if (geteuid() == 0) {
		o.privsep_user = "madoguchi-no-such-user";
		assert_int_equal(monitor_start_with(&o, &mon, &cause), -1);
		assert_non_null(strstr(cause, "does not exist"));
		free(cause);
	} else {
		o.privsep_user = "nobody";
		assert_int_equal(monitor_start_with(&o, &mon, &cause), -1);
		assert_non_null(strstr(cause, "without root"));
		free(cause);
	}
}

/*
 * The public entry point. As root it insists on the madoguchi user: without one it
 * refuses to start; without root it runs the same code with no drop.
 */
static void
test_monitor_start_public(void **state)
{
	struct fixture	*f = *state;
	struct config	 c;
	struct monitor	*mon;
	struct passwd	*pw = NULL, copy;
	char		*cause = NULL;
	int		 status;
	pid_t		 pid;

	config_defaults(&c);
	assert_int_equal(config_parse(&c, "pam_service = " PAMTEST_SERVICE "\n", "test",
	    &cause), 0);
	if (geteuid() == 0 && getpwnam(PRIVSEP_USER) == NULL) {
		assert_int_equal(monitor_start(&c, f->db_path, f->key_path, &mon, &cause), -1);
		assert_non_null(strstr(cause, "the system user madoguchi does not exist"));
		free(cause);
		config_free(&c);
		return;
	}
	if (geteuid() == 0) {
		copy = *getpwnam(PRIVSEP_USER);
		pw = &copy;
	}
	fflush(NULL);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		if (monitor_start(&c, f->db_path, f->key_path, &mon, &cause) != 0) {
			fprintf(stderr, "monitor_start: %s\n", cause);
			_exit(30);
		}
		_exit(screen_process(mon, f->key, pw));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	config_free(&c);
}

#define T(name)	cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		T(test_login_full_cycle),
		T(test_wrong_password_unknown_user),
		T(test_no_account),
		T(test_two_prompt_stack),
		T(test_expired_password),
		T(test_locked),
		T(test_cancel),
		T(test_too_many_failures),
		T(test_reauthenticate),
		T(test_reauthenticate_other_user),
		T(test_reauthenticate_revoked),
		T(test_approver),
		T(test_approver_failures_limited),
		T(test_key_owner_refused),
		T(test_approver_mapped_to_self),
		T(test_change_password),
		T(test_get_key_before_login),
		T(test_get_key_twice),
		T(test_out_of_turn),
		T(test_malformed_messages),
		T(test_bad_conversation_replies),
		T(test_eof_in_conversation),
		T(test_lost_session),
		T(test_start_failure),
		cmocka_unit_test_setup_teardown(test_client_refuses_bad_answers, arm, disarm),
		cmocka_unit_test_setup_teardown(test_privsep_lookup, arm, disarm),
		T(test_monitor_start),
		T(test_monitor_start_public),
	};
	int	 rc;

	(void)argc;
	pamtest_init(argv);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	pamtest_cleanup();
	return rc;
}
