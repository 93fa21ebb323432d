/* app/auth/: the privileged monitor, its wire codec and client, PAM, the privilege drop.
 * May use: lib/, db/, app/. */
/*
 * The privileged monitor (see monitor.h).
 *
 * monitor_start forks at once. The parent stays root (when started as root), loads the
 * key, opens the database for its own audit entries and serves; the child drops to the
 * madoguchi user and becomes the screen process. The key is read only after the fork, so
 * the screen process never has it in memory until it asks for it after a login.
 *
 * Requests come from a table, as in OpenSSH's monitor.c: each names the states in which it
 * is allowed and whether it is once-only. Anything else — a request out of turn, a second
 * get_key, a reply outside a conversation, a malformed message — is a protocol violation:
 * logged, audited, and the session ends (the PAM session is closed, the connection too).
 * A violation is never a crash: the decoder checks everything before the monitor acts.
 *
 * Privilege separation decision (documented here because tests run as root on CI):
 *	- euid != 0 (development, tests): nothing to drop; the same code runs unprivileged.
 *	- euid == 0: the screen process MUST drop to the system user "madoguchi"; if that
 *	  user does not exist madoguchi refuses to start. There is deliberately no switch
 *	  (environment or option) that runs the screens as root: a forgotten opt-out in a
 *	  unit file would silently put the whole TUI back under root. Tests that run as root
 *	  call monitor_start_with() with another unprivileged user (nobody), which runs the
 *	  very same drop and verification.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <security/pam_appl.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "accounts/accounts.h"
#include "admin/admin.h"
#include "audit/audit.h"
#include "audit/audit-config.h"
#include "audit/audit-head.h"
#include "audit/audit-key.h"
#include "auth/auth-pam.h"
#include "config-file.h"
#include "db.h"
#include "i18n.h"
#include "keyfile.h"
#include "auth/monitor-client.h"
#include "auth/monitor-wire.h"
#include "auth/monitor.h"
#include "auth/privsep.h"
#include "cert/cert-print.h"
#include "cert/cert-sign.h"
#include "xmalloc.h"

/* Where the session is; each request names the states it is allowed in. */
#define STATE_PREAUTH	0x1	/* nobody logged in yet */
#define STATE_AUTHED	0x2	/* logged in, PAM session open */
#define STATE_DONE	0x4	/* logged out: only the end of the connection may follow */

struct server {
	const struct monitor_options *o;
	int		 fd;
	int		 state;
	uint32_t	 done_once;	/* once-only requests already served, by type bit */
	int		 failures;	/* failed logins and supervisor authentications */
	char		*approval;	/* the purpose of the approval being tried */
	int		 approval_failures;	/* its failed authentications */
	int		 end;		/* stop serving after this answer */
	char		*fatal;		/* why the session ends: a protocol violation */
	int		 gone;		/* the connection broke */
	struct key	*key;
	struct db	*db;
	char		*audit_problem;	/* the log's tail does not hold: nobody logs in */
	struct auth_pam	*login;		/* the login's PAM handle, session open */
	char		 user[AUTH_USER_MAX];
	char		 roles[AUTH_ROLES_MAX];
	char		 tty[MON_TTY_MAX + 1];
	char		 ruser[64];
};

struct dispatch {
	uint8_t		 type;
	int		 states;
	int		 once;
	int		(*fn)(struct server *, struct mon_msg *);
};

static int	req_authenticate(struct server *, struct mon_msg *);
static int	req_reauthenticate(struct server *, struct mon_msg *);
static int	req_approver_auth(struct server *, struct mon_msg *);
static int	req_change_password(struct server *, struct mon_msg *);
static int	req_get_key(struct server *, struct mon_msg *);
static int	req_logout(struct server *, struct mon_msg *);
static int	req_audit_sign(struct server *, struct mon_msg *);
static int	req_cert_sign(struct server *, struct mon_msg *);

static const struct dispatch dispatch[] = {
	{ MON_REQ_AUTHENTICATE, STATE_PREAUTH, 0, req_authenticate },
	{ MON_REQ_GET_KEY, STATE_AUTHED, 1, req_get_key },
	{ MON_REQ_REAUTHENTICATE, STATE_AUTHED, 0, req_reauthenticate },
	{ MON_REQ_APPROVER_AUTH, STATE_AUTHED, 0, req_approver_auth },
	{ MON_REQ_CHANGE_PASSWORD, STATE_AUTHED, 0, req_change_password },
	{ MON_REQ_LOGOUT, STATE_PREAUTH | STATE_AUTHED, 1, req_logout },
	{ MON_REQ_AUDIT_SIGN, STATE_AUTHED, 0, req_audit_sign },
	{ MON_REQ_CERT_SIGN, STATE_AUTHED, 0, req_cert_sign },
};

/* TRANSLATORS: shown when a supervisor approval is asked of the logged-in person. */
#define SELF_APPROVAL	N_("The approver must be someone other than the person logged in.")
/* TRANSLATORS: shown after the third wrong supervisor password for one approval. */
#define APPROVAL_ENDED	N_("Three failed supervisor authentications: this approval is ended.")
/* TRANSLATORS: shown at login when the audit log's end does not hold; %s says what. */
#define AUDIT_BROKEN	N_("Nobody can log in: %s. Ask the system administrator.")
/* TRANSLATORS: shown when the monitor's limit of failed authentications is reached. */
#define TOO_MANY	N_("Too many failed attempts: madoguchi will restart.")

static volatile sig_atomic_t monitor_stop;

static void	mon_log(int, const char *, ...) __attribute__((format(printf, 2, 3)));
static void	violation(struct server *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static int	record(struct server *, const char *, const char *, const char *,
		    const char *, const char *);
static int	relay(void *, int, const struct auth_prompt *, char **);
static int	send_result(struct server *, enum auth_outcome, const char *, const char *,
		    const char *);
static struct auth_pam *pam_begin(struct server *, const char *);
static int	login_failed(struct server *, struct auth_pam *, const char *,
		    enum auth_outcome, const char *, const char *);
static int	approver_failed(struct server *, const char *, const char *, const char *,
		    enum auth_outcome, const char *);
static void	note_password_change(struct server *, struct auth_pam *, const char *);
static void	end_session(struct server *, const char *, const char *);
static int	audit_tail_holds(struct server *);
static void	config_check(struct server *);
static int	serve_one(struct server *, struct mon_msg *);
static void	on_signal(int);
static void	monitor_parent(const struct monitor_options *, int, pid_t);
static int	terminal_save(int[3], char **);
static void	terminal_restore(int[3]);

static void
mon_log(int prio, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsyslog(prio, fmt, ap);
	va_end(ap);
}

/* Audits one monitor action; a failure to audit is logged (the caller decides). */
static int
record(struct server *s, const char *user, const char *action, const char *target,
    const char *result, const char *detail)
{
	struct audit_event	 ev;
	char			*cause = NULL;

	memset(&ev, 0, sizeof ev);
	ev.tty = s->tty;
	ev.user = user != NULL ? user : "";
	ev.role = "";
	ev.action = action;
	ev.target = target != NULL ? target : "";
	ev.result = result;
	ev.detail = detail != NULL ? detail : "";
	if (s->db == NULL || audit_append(s->db, &ev, &cause) != 0) {
		mon_log(LOG_ERR, "cannot audit %s %s for %s: %s", action, result, ev.user,
		    cause != NULL ? cause : "no database");
		free(cause);
		return -1;
	}
	return 0;
}

/*
 * A request out of turn or a malformed message: the screen process is broken or taken
 * over. Logged and audited; the serve loop then ends the session.
 */
static void
violation(struct server *s, const char *fmt, ...)
{
	va_list	 ap;
	char	*why;

	va_start(ap, fmt);
	xvasprintf(&why, fmt, ap);
	va_end(ap);
	mon_log(LOG_ERR, "protocol violation from the screen process (user \"%s\"): %s; "
	    "ending the session", s->user, why);
	(void)record(s, s->user, "monitor.violation", "", "fatal", why);
	if (s->fatal == NULL)
		s->fatal = why;
	else
		free(why);
}

/*
 * The conversation relay: one ANS_CONV out, one CONV_REPLY back, checked against the round
 * that was asked. Returns -1 for a cancel and for a broken rule; the latter also sets
 * s->fatal, which the request handler looks at once PAM has unwound.
 */
static int
relay(void *arg, int n, const struct auth_prompt *prompts, char **replies)
{
	struct server	*s = arg;
	struct mon_msg	 q, a;
	char		*cause = NULL;
	int		 i, rc, prompt;

	if (s->fatal != NULL || s->gone)
		return -1;
	mon_msg_init(&q, MON_ANS_CONV);
	q.n = (uint32_t)n;
	for (i = 0; i < n; i++) {
		q.prompts[i].style = (uint32_t)prompts[i].style;
		q.prompts[i].text = (char *)prompts[i].text;
	}
	rc = mon_send(s->fd, &q, &cause);
	for (i = 0; i < n; i++)
		q.prompts[i].text = NULL;	/* owned by auth-pam */
	if (rc != 0) {
		mon_log(LOG_ERR, "conversation: %s", cause);
		free(cause);
		s->gone = 1;
		return -1;
	}
	rc = mon_recv(s->fd, &a, &monitor_stop, &cause);
	if (rc == -1) {
		mon_log(LOG_NOTICE, "conversation: %s", cause);
		free(cause);
		s->gone = 1;
		return -1;
	}
	if (rc == -2) {
		violation(s, "malformed conversation reply: %s", cause);
		free(cause);
		return -1;
	}
	if (a.type != MON_CONV_REPLY) {
		violation(s, "%s message during a conversation", mon_type_name(a.type));
		goto fail;
	}
	if (a.cancelled) {
		mon_msg_free(&a);
		return -1;
	}
	if (a.n != (uint32_t)n) {
		violation(s, "%u replies to a round of %d messages", a.n, n);
		goto fail;
	}
	for (i = 0; i < n; i++) {
		prompt = prompts[i].style == PAM_PROMPT_ECHO_OFF ||
		    prompts[i].style == PAM_PROMPT_ECHO_ON;
		if (prompt != (a.replies[i] != NULL)) {
			violation(s, "%s for message %d of the round", prompt ? "no reply" :
			    "a reply", i + 1);
			goto fail;
		}
	}
	for (i = 0; i < n; i++) {
		replies[i] = a.replies[i];
		a.replies[i] = NULL;
	}
	mon_msg_free(&a);
	return 0;
fail:
	mon_msg_free(&a);
	return -1;
}

static int
send_result(struct server *s, enum auth_outcome o, const char *message, const char *user,
    const char *roles)
{
	struct mon_msg	 m;
	char		 text[MON_MESSAGE_MAX + 1];
	char		*cause = NULL;
	int		 rc;

	mon_sanitize(message != NULL ? message : "", text, sizeof text);
	mon_msg_init(&m, MON_ANS_RESULT);
	m.outcome = (uint32_t)o;
	m.last = s->end != 0;
	m.message = text;
	m.user = (char *)(user != NULL ? user : "");
	m.roles = (char *)(roles != NULL ? roles : "");
	rc = mon_send(s->fd, &m, &cause);
	if (rc != 0) {
		mon_log(LOG_ERR, "%s", cause);
		free(cause);
		s->gone = 1;
	}
	return rc;
}

static struct auth_pam *
pam_begin(struct server *s, const char *user)
{
	struct auth_pam	*ap;
	char		*cause = NULL;

	ap = auth_pam_start(s->o->service, user, s->tty, s->ruser, relay, s, &cause);
	if (ap == NULL) {
		mon_log(LOG_ERR, "%s", cause);
		free(cause);
	}
	return ap;
}

/*
 * The end of a login that did not succeed: audited under the name that was typed (the
 * same path and the same message whether or not that user exists), counted, answered.
 */
static int
login_failed(struct server *s, struct auth_pam *ap, const char *user, enum auth_outcome o,
    const char *message, const char *detail)
{
	char	*text;
	int	 rc;

	/* message, detail and user may live in ap: everything is done before it ends. */
	(void)record(s, user, "login", "", auth_outcome_name(o), detail);
	mon_log(LOG_NOTICE, "login %s for %s on %s: %s", auth_outcome_name(o), user, s->tty,
	    detail != NULL ? detail : "");
	if (o != AUTH_CANCELLED && ++s->failures >= s->o->max_login_failures) {
		s->end = 1;
		xasprintf(&text, "%s\n%s", message, _(TOO_MANY));
	} else
		text = xstrdup(message);
	auth_pam_end(ap);
	rc = send_result(s, o, text, "", "");
	free(text);
	return rc;
}

static void
note_password_change(struct server *s, struct auth_pam *ap, const char *why)
{
	if (auth_pam_password_changed(ap))
		(void)record(s, auth_pam_user(ap), "password.change", "", "ok", why);
}

static int
req_authenticate(struct server *s, struct mon_msg *m)
{
	struct account_login	 acct;
	struct auth_pam		*ap;
	enum auth_outcome	 o;
	const char		*user;
	char			*cause = NULL, *detail;
	int			 rc;

	snprintf(s->tty, sizeof s->tty, "%s", s->o->tty != NULL && *s->o->tty != '\0' ?
	    s->o->tty : m->tty);
	if (audit_tail_holds(s) != 0) {
		(void)record(s, m->user, "login", "", "denied", s->audit_problem);
		xasprintf(&detail, _(AUDIT_BROKEN), s->audit_problem);
		rc = send_result(s, AUTH_ERROR, detail, "", "");
		free(detail);
		return rc;
	}
	if ((ap = pam_begin(s, m->user)) == NULL) {
		(void)record(s, m->user, "login", "", "error", "pam_start failed");
		return send_result(s, AUTH_ERROR, _("Authentication failed because of a system "
		    "error. Ask the system administrator."), "", "");
	}
	o = auth_pam_authenticate(ap, s->o->fail_delay_usec);
	if (s->fatal != NULL || s->gone) {
		auth_pam_end(ap);
		return -1;
	}
	if (o != AUTH_OK)
		return login_failed(s, ap, m->user, o, auth_pam_message(ap),
		    auth_pam_status(ap));
	user = auth_pam_user(ap);

	/*
	 * The account register before pam_acct_mgmt: somebody the register does not let in
	 * gets no password change and no PAM session from madoguchi.
	 */
	if (account_login_check(s->db, user, &acct, &cause) != 0) {
		rc = login_failed(s, ap, user, AUTH_NO_ACCOUNT, cause, cause);
		free(cause);
		return rc;
	}
	o = auth_pam_account(ap, 1);
	if (s->fatal != NULL || s->gone) {
		auth_pam_end(ap);
		return -1;
	}
	note_password_change(s, ap, "expired password changed at login");
	if (o != AUTH_OK)
		return login_failed(s, ap, user, o, auth_pam_message(ap), auth_pam_status(ap));
	o = auth_pam_open_session(ap);
	if (o != AUTH_OK)
		return login_failed(s, ap, user, o, auth_pam_message(ap), auth_pam_status(ap));

	/* A login that cannot be audited does not happen. */
	xasprintf(&detail, "service=%s roles=%s", s->o->service, acct.roles);
	rc = record(s, user, "login", "", "ok", detail);
	free(detail);
	if (rc != 0) {
		auth_pam_end(ap);
		return send_result(s, AUTH_ERROR, _("The audit log cannot be written; nobody can "
		    "log in. Ask the administrator."), "", "");
	}
	if (account_note_login(s->db, user, &cause) != 0) {
		mon_log(LOG_WARNING, "%s", cause);
		free(cause);
	}
	mon_log(LOG_INFO, "login %s on %s", user, s->tty);
	s->login = ap;
	s->state = STATE_AUTHED;
	s->failures = 0;
	snprintf(s->user, sizeof s->user, "%s", user);
	snprintf(s->roles, sizeof s->roles, "%s", acct.roles);
	return send_result(s, AUTH_OK, "", s->user, s->roles);
}

/*
 * The idle lock: only the logged-in user unlocks. PAM_USER is set before the stack runs,
 * and checked after it, since a module (a card mapped to a user) may change it. The
 * account register is asked again: a revoked account ends the session here.
 */
static int
req_reauthenticate(struct server *s, struct mon_msg *m)
{
	struct account_login	 acct;
	struct auth_pam		*ap;
	enum auth_outcome	 o;
	char			*cause = NULL, *detail = NULL, message[AUTH_MESSAGE_MAX];
	int			 rc;

	(void)m;
	if ((ap = pam_begin(s, s->user)) == NULL) {
		(void)record(s, s->user, "unlock", "", "error", "pam_start failed");
		return send_result(s, AUTH_ERROR, _("Authentication failed because of a system "
		    "error. Ask the system administrator."), s->user, "");
	}
	memset(&acct, 0, sizeof acct);
	o = auth_pam_authenticate(ap, s->o->fail_delay_usec);
	if (s->fatal != NULL || s->gone)
		goto gone;
	snprintf(message, sizeof message, "%s", auth_pam_message(ap));
	xasprintf(&detail, "%s", auth_pam_status(ap));
	if (o == AUTH_OK && strcmp(auth_pam_user(ap), s->user) != 0) {
		o = AUTH_FAILED;
		snprintf(message, sizeof message, _("Only %s can unlock this terminal."),
		    s->user);
		free(detail);
		xasprintf(&detail, "PAM authenticated %s instead", auth_pam_user(ap));
	}
	if (o == AUTH_OK) {
		o = auth_pam_account(ap, 1);
		if (s->fatal != NULL || s->gone)
			goto gone;
		note_password_change(s, ap, "expired password changed at unlock");
		snprintf(message, sizeof message, "%s", auth_pam_message(ap));
		free(detail);
		xasprintf(&detail, "%s", auth_pam_status(ap));
	}
	if (o == AUTH_OK && account_login_check(s->db, s->user, &acct, &cause) != 0) {
		o = AUTH_NO_ACCOUNT;
		snprintf(message, sizeof message, "%s", cause);
		free(detail);
		detail = cause;
		s->end = 1;
	}
	auth_pam_end(ap);
	(void)record(s, s->user, "unlock", "", auth_outcome_name(o), detail);
	free(detail);
	if (o == AUTH_OK)
		snprintf(s->roles, sizeof s->roles, "%s", acct.roles);
	if (s->end)
		end_session(s, "ended", "the account register no longer admits this user");
	rc = send_result(s, o, message, s->user, o == AUTH_OK ? s->roles : "");
	return rc;
gone:
	free(detail);
	auth_pam_end(ap);
	return -1;
}

/*
 * A supervisor authentication at the desk that failed: it counts toward the approval's
 * own limit and toward the limit of failed logins. The first ends the approval, the second
 * the session (the clerk is logged out and madoguchi restarts), each audited.
 */
static int
approver_failed(struct server *s, const char *who, const char *target,
    const char *purpose, enum auth_outcome o, const char *message)
{
	char	*text, *detail;
	int	 rc;

	s->approval_failures++;
	if (++s->failures >= s->o->max_login_failures) {
		end_session(s, "ended", "too many failed authentications");
		s->state = STATE_DONE;
		s->end = 1;
		xasprintf(&text, "%s\n%s", message, _(TOO_MANY));
		rc = send_result(s, o, text, "", "");
		free(text);
		return rc;
	}
	if (s->approval_failures >= MONITOR_MAX_APPROVER_FAILURES) {
		xasprintf(&detail, "%s: three failed supervisor authentications", purpose);
		(void)record(s, who, "approver.auth", target, "ended", detail);
		free(detail);
		xasprintf(&text, "%s\n%s", message, _(APPROVAL_ENDED));
		rc = send_result(s, o, text, "", "");
		free(text);
		return rc;
	}
	return send_result(s, o, message, "", "");
}

/*
 * A supervisor approving at someone else's desk: a separate PAM authentication of a
 * different person, audited as such. Never the logged-in user (four eyes), checked on
 * the name asked for and again on the name PAM ends with. An expired password is not
 * changed here, at a desk that is not the approver's.
 */
static int
req_approver_auth(struct server *s, struct mon_msg *m)
{
	struct account_login	 acct;
	struct auth_pam		*ap;
	enum auth_outcome	 o;
	const char		*result;
	char			*cause = NULL, target[AUTH_USER_MAX + 8];
	char			 who[AUTH_USER_MAX], message[AUTH_MESSAGE_MAX];

	snprintf(target, sizeof target, "user:%s", s->user);
	snprintf(who, sizeof who, "%s", m->user);
	memset(&acct, 0, sizeof acct);
	if (strcmp(who, s->user) == 0) {
		(void)record(s, who, "approver.auth", target, "denied", m->purpose);
		return send_result(s, AUTH_FAILED, _(SELF_APPROVAL), "", "");
	}
	/* An approval is one purpose: asked again after its third failure, it is refused. */
	if (s->approval == NULL || strcmp(s->approval, m->purpose) != 0) {
		free(s->approval);
		s->approval = xstrdup(m->purpose);
		s->approval_failures = 0;
	}
	if (s->approval_failures >= MONITOR_MAX_APPROVER_FAILURES) {
		(void)record(s, who, "approver.auth", target, "refused", m->purpose);
		return send_result(s, AUTH_FAILED, _(APPROVAL_ENDED), "", "");
	}
	if ((ap = pam_begin(s, who)) == NULL) {
		(void)record(s, who, "approver.auth", target, "error", m->purpose);
		return send_result(s, AUTH_ERROR, _("Authentication failed because of a system "
		    "error. Ask the system administrator."), "", "");
	}
	o = auth_pam_authenticate(ap, s->o->fail_delay_usec);
	if (s->fatal != NULL || s->gone)
		goto gone;
	snprintf(message, sizeof message, "%s", auth_pam_message(ap));
	result = auth_outcome_name(o);
	if (o == AUTH_OK) {
		snprintf(who, sizeof who, "%s", auth_pam_user(ap));
		if (strcmp(who, s->user) == 0) {
			o = AUTH_FAILED;
			result = "denied";
			snprintf(message, sizeof message, "%s", _(SELF_APPROVAL));
		}
	}
	if (o == AUTH_OK) {
		o = auth_pam_account(ap, 0);
		if (s->fatal != NULL || s->gone)
			goto gone;
		snprintf(message, sizeof message, "%s", auth_pam_message(ap));
		result = auth_outcome_name(o);
	}
	if (o == AUTH_OK && account_login_check(s->db, who, &acct, &cause) != 0) {
		o = AUTH_NO_ACCOUNT;
		result = auth_outcome_name(o);
		snprintf(message, sizeof message, "%s", cause);
		free(cause);
	}
	auth_pam_end(ap);
	(void)record(s, who, "approver.auth", target, result, m->purpose);
	if (o == AUTH_OK)
		s->approval_failures = 0;
	else if (o != AUTH_CANCELLED && strcmp(result, "denied") != 0)
		return approver_failed(s, who, target, m->purpose, o, message);
	return send_result(s, o, message, o == AUTH_OK ? who : "", o == AUTH_OK ?
	    acct.roles : "");
gone:
	auth_pam_end(ap);
	return -1;
}

/*
 * A password change asked for from the menu. The current password is asked for first:
 * as root, pam_unix changes a password without the old one, and whoever stands at an
 * unlocked desk must not be able to take the account over.
 */
static int
req_change_password(struct server *s, struct mon_msg *m)
{
	struct auth_pam		*ap;
	enum auth_outcome	 o;
	char			 message[AUTH_MESSAGE_MAX], *detail;

	(void)m;
	if ((ap = pam_begin(s, s->user)) == NULL) {
		(void)record(s, s->user, "password.change", "", "error", "pam_start failed");
		return send_result(s, AUTH_ERROR, _("Authentication failed because of a system "
		    "error. Ask the system administrator."), s->user, "");
	}
	o = auth_pam_authenticate(ap, s->o->fail_delay_usec);
	if (s->fatal != NULL || s->gone)
		goto gone;
	if (o == AUTH_OK && strcmp(auth_pam_user(ap), s->user) != 0) {
		o = AUTH_FAILED;
		snprintf(message, sizeof message, _("Only %s can change this password here."),
		    s->user);
	} else if (o == AUTH_OK) {
		o = auth_pam_change_password(ap);
		if (s->fatal != NULL || s->gone)
			goto gone;
		snprintf(message, sizeof message, "%s", auth_pam_message(ap));
	} else
		snprintf(message, sizeof message, "%s", auth_pam_message(ap));
	detail = xstrdup(auth_pam_status(ap));
	auth_pam_end(ap);
	(void)record(s, s->user, "password.change", "", auth_outcome_name(o), detail);
	free(detail);
	return send_result(s, o, message, s->user, s->roles);
gone:
	auth_pam_end(ap);
	return -1;
}

static int
req_get_key(struct server *s, struct mon_msg *m)
{
	struct mon_msg	 a;
	char		*cause = NULL;
	int		 rc;

	(void)m;
	mon_msg_init(&a, MON_ANS_KEY);
	a.key = s->key;
	rc = mon_send(s->fd, &a, &cause);
	a.key = NULL;
	/* Handed over once; the monitor has no further use for its copy. */
	key_free(s->key);
	s->key = NULL;
	if (rc != 0) {
		mon_log(LOG_ERR, "%s", cause);
		free(cause);
		s->gone = 1;
	}
	return rc;
}

/* Sends a request's answer and frees it; a connection that broke ends the session. */
static int
send_answer(struct server *s, struct mon_msg *a)
{
	char	*cause = NULL;
	int	 rc;

	rc = mon_send(s->fd, a, &cause);
	mon_msg_free(a);
	if (rc != 0) {
		mon_log(LOG_NOTICE, "%s", cause);
		free(cause);
		s->gone = 1;
	}
	return rc;
}

static int
req_logout(struct server *s, struct mon_msg *m)
{
	struct mon_msg	 a;

	(void)m;
	end_session(s, "ok", "");
	s->state = STATE_DONE;
	mon_msg_init(&a, MON_ANS_LOGOUT);
	return send_answer(s, &a);
}

/* Closes the PAM session of the login, if any, in the reverse order it was opened. */
static void
end_session(struct server *s, const char *result, const char *detail)
{
	if (s->login == NULL)
		return;
	auth_pam_close_session(s->login);
	auth_pam_end(s->login);
	s->login = NULL;
	(void)record(s, s->user, "logout", "", result, detail);
	mon_log(LOG_INFO, "logout %s on %s (%s)", s->user, s->tty, result);
	/* The session's last entries under the head (the logout's commit took its own). */
	(void)audit_tail_holds(s);
}

/*
 * Whether the audit log's tail still holds against its head outside the database and the
 * central store's anchor, moving the head over what was committed since. Once it does not,
 * the problem stays for the life of the monitor: nobody logs in until an administrator
 * has looked (madoguchi-admin verify-audit).
 */
static int
audit_tail_holds(struct server *s)
{
	char	*problem = NULL, *cause = NULL;
	int	 rc;

	if (s->audit_problem != NULL)
		return 1;
	rc = audit_head_check(s->db, &problem, &cause);
	if (rc == 0)
		rc = audit_head_advance(s->db, &problem, &cause);
	if (rc < 0) {
		mon_log(LOG_ERR, "%s", cause);
		s->audit_problem = cause;
		return 1;
	}
	if (rc > 0) {
		mon_log(LOG_ALERT, "audit log: %s", problem);
		s->audit_problem = problem;
		free(cause);
		return 1;
	}
	return 0;
}

/*
 * A signature by the office key (a certificate's QR record, or its file's seal: cert-sign.h)
 * for someone logged in. The key is read for each request and forgotten: it stays in this
 * process, as OpenSSH's monitor keeps the host keys, and the screen process, which parses
 * and draws, never holds it. What is signed is the screen process's word, as every
 * certificate it prints is; each signature is in syslog with the person it was made for.
 */
static int
req_cert_sign(struct server *s, struct mon_msg *m)
{
	struct mon_msg	 a;
	EVP_PKEY	*key;
	char		*cause = NULL;

	mon_msg_init(&a, MON_ANS_SIG);
	if ((key = cert_office_key(s->o->office_key, &cause)) != NULL &&
	    cert_sign_with_key(key, m->data, m->data_len, a.sig, a.pub, &cause) == 0)
		a.ok = 1;
	EVP_PKEY_free(key);
	if (a.ok)
		mon_log(LOG_INFO, "signed %zu bytes with the office key for %s", m->data_len,
		    s->user);
	else {
		mon_log(LOG_WARNING, "not signed with the office key for %s: %s", s->user,
		    cause);
		a.cause = xmalloc(MON_CAUSE_MAX + 1);
		mon_sanitize(cause, a.cause, MON_CAUSE_MAX + 1);
	}
	free(cause);
	return send_answer(s, &a);
}

/*
 * The MAC of one of the screen process's audit entries. The head is moved over what the
 * screen process committed so far first, and nothing at or before it is signed again:
 * entries the head holds cannot be rewritten by asking.
 */
static int
req_audit_sign(struct server *s, struct mon_msg *m)
{
	struct audit_mark	 head, anchor;
	struct mon_msg		 a;
	char			*cause = NULL;

	mon_msg_init(&a, MON_ANS_MAC);
	if (audit_tail_holds(s) != 0)
		xasprintf(&cause, _("the audit log does not hold: %s"), s->audit_problem);
	else if (audit_head_of(s->db) != NULL &&
	    audit_head_read(audit_head_of(s->db), &head, &anchor, &cause) == 0 &&
	    (m->seq <= head.count || (m->seq == head.count + 1 &&
	    memcmp(m->prev, head.mac, AUDIT_MAC_BYTES) != 0)))
		xasprintf(&cause, _("audit entry %lld is already in the log"),
		    (long long)m->seq);
	else if (cause == NULL && audit_entry_sign(s->db, m->seq, m->prev,
	    (const char *const *)m->fields, a.mac, &cause) == 0)
		a.ok = 1;
	if (!a.ok) {
		mon_log(LOG_WARNING, "audit entry %lld not signed: %s", (long long)m->seq,
		    cause);
		a.cause = xmalloc(MON_CAUSE_MAX + 1);
		mon_sanitize(cause, a.cause, MON_CAUSE_MAX + 1);
	}
	free(cause);
	return send_answer(s, &a);
}

/* One request through the table: allowed in this state, not twice if once-only. */
static int
serve_one(struct server *s, struct mon_msg *m)
{
	const struct dispatch	*d;
	size_t			 i;

	for (i = 0; i < sizeof dispatch / sizeof dispatch[0]; i++) {
		if (dispatch[i].type == m->type)
			break;
	}
	if (i == sizeof dispatch / sizeof dispatch[0]) {
		violation(s, "unexpected %s message", mon_type_name(m->type));
		return -1;
	}
	d = &dispatch[i];
	if ((d->states & s->state) == 0) {
		violation(s, "%s request %s", mon_type_name(m->type),
		    s->state == STATE_PREAUTH ? "before login" : s->state == STATE_AUTHED ?
		    "after login" : "after logout");
		return -1;
	}
	if (d->once && (s->done_once & (1u << m->type)) != 0) {
		violation(s, "a second %s request", mon_type_name(m->type));
		return -1;
	}
	s->done_once |= 1u << m->type;
	return d->fn(s, m);
}

int
monitor_serve(const struct monitor_options *o, int fd)
{
	struct server	 s;
	struct mon_msg	 m;
	struct passwd	*pw;
	enum db_error	 err;
	char		*cause = NULL, *audit_key, *audit_head;
	int		 rc, status;

	memset(&s, 0, sizeof s);
	s.o = o;
	s.fd = fd;
	s.state = STATE_PREAUTH;
	openlog("madoguchi-monitor", LOG_PID, LOG_AUTHPRIV);
	if ((pw = getpwuid(getuid())) != NULL)
		snprintf(s.ruser, sizeof s.ruser, "%s", pw->pw_name);

	/* The key and the database: only the monitor ever reads the key file. */
	s.key = key_new();
	if (key_load(o->key_path, s.key, &cause) == 0)
		s.db = db_open(o->db_path, s.key, DB_OPEN_EXISTING, &err, &cause);
	/* The audit key and head, moved out of an older database here if need be. */
	audit_key = config_beside_key(o->audit_key, o->key_path, "audit.key");
	audit_head = config_beside_key(o->audit_head, o->key_path, "audit.head");
	if (s.db != NULL && audit_key_open(s.db, audit_key, audit_head, AUDIT_KEY_MOVE,
	    &cause) != 0) {
		db_close(s.db);
		s.db = NULL;
	}
	free(audit_key);
	free(audit_head);
	mon_msg_init(&m, MON_ANS_READY);
	m.ok = s.db != NULL;
	if (!m.ok) {
		m.cause = xmalloc(MON_CAUSE_MAX + 1);
		mon_sanitize(cause, m.cause, MON_CAUSE_MAX + 1);
	}
	(void)mon_send(fd, &m, NULL);
	mon_msg_free(&m);
	if (s.db == NULL) {
		mon_log(LOG_ERR, "%s", cause);
		free(cause);
		key_free(s.key);
		close(fd);
		closelog();
		return MONITOR_EXIT_START;
	}

	/* At start: a log cut or rewritten is reported before anybody tries to log in. */
	if (audit_tail_holds(&s) != 0)
		(void)record(&s, "", "audit.check", "", "failed", s.audit_problem);
	config_check(&s);

	while (!monitor_stop && s.fatal == NULL && !s.gone && !s.end) {
		rc = mon_recv(fd, &m, &monitor_stop, &cause);
		if (rc == -1) {
			/* The screen process ended (or a signal ended us): not a violation. */
			free(cause);
			cause = NULL;
			break;
		}
		if (rc == -2) {
			violation(&s, "malformed message: %s", cause);
			free(cause);
			cause = NULL;
			break;
		}
		(void)serve_one(&s, &m);
		mon_msg_free(&m);
	}

	if (s.fatal != NULL)
		end_session(&s, "fatal", s.fatal);
	else if (monitor_stop)
		end_session(&s, "terminated", "the monitor was signalled");
	else
		end_session(&s, "lost", "the screen process ended without logging out");
	status = s.fatal != NULL ? MONITOR_EXIT_FATAL : MONITOR_EXIT_OK;
	free(s.fatal);
	free(s.approval);
	free(s.audit_problem);
	key_free(s.key);
	db_close(s.db);
	close(fd);
	closelog();
	return status;
}

/*
 * At start, the configuration against the one last seen: a change made outside
 * madoguchi-admin config is audited (config.changed) before anybody logs in under it.
 * Not being able to tell is logged, and no reason to refuse the desk.
 */
static void
config_check(struct server *s)
{
	struct actor	 who;
	char		*cause = NULL;

	if (s->o->config_shown == NULL)
		return;
	memset(&who, 0, sizeof who);
	who.user = "";
	who.role = "";
	who.tty = s->o->tty != NULL ? s->o->tty : "";
	if (audit_config_notice(s->db, &who, s->o->config_shown, &cause) != 0) {
		mon_log(LOG_ERR, "cannot compare the configuration with the one last seen: %s",
		    cause);
		free(cause);
	}
}

static void
on_signal(int sig)
{
	(void)sig;
	monitor_stop = 1;
}

/*
 * The parent after the fork: serve, then wait for the screen process and exit as it did;
 * returns only when the screen process asked for the next clerk (MONITOR_EXIT_NEXT).
 * The keyboard belongs to the screen process, so the monitor ignores what the terminal
 * sends (^C, ^\, ^Z); SIGTERM and SIGHUP end it with the PAM session closed.
 */
static void
monitor_parent(const struct monitor_options *o, int fd, pid_t pid)
{
	struct sigaction	 sa;
	struct timespec		 tick = { 0, 50 * 1000 * 1000 };
	pid_t			 r;
	int			 status = 0, rc, i, null;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sigaction(SIGTSTP, &sa, NULL);
	sigaction(SIGTTIN, &sa, NULL);
	sigaction(SIGTTOU, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_signal;	/* no SA_RESTART: a blocked read must return */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	/* The screen is the screen process's: what PAM modules print must not garble it. */
	if ((null = open("/dev/null", O_RDWR)) != -1) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}

	rc = monitor_serve(o, fd);

	/*
	 * The screen process sees the connection close and ends by itself (restoring the
	 * terminal); after a violation or a signal it gets two seconds before it is killed.
	 */
	for (i = 0; ; i++) {
		r = waitpid(pid, &status, (rc == MONITOR_EXIT_OK && !monitor_stop) ? 0 :
		    WNOHANG);
		if (r == pid || (r == -1 && errno != EINTR))
			break;
		if (r == 0 && i == 40)
			kill(pid, SIGTERM);
		else if (r == 0 && i == 60)
			kill(pid, SIGKILL);
		if (r == 0)
			nanosleep(&tick, NULL);
	}
	if (rc == MONITOR_EXIT_OK && !monitor_stop && r == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == MONITOR_EXIT_NEXT)
		return;
	/*
	 * _exit: this process has nothing to flush, and its heap is main()'s, which only the
	 * screen process frees; exit handlers (a leak checker among them) have no business
	 * here.
	 */
	if (rc == MONITOR_EXIT_FATAL)
		_exit(rc);
	if (WIFEXITED(status))
		_exit(WEXITSTATUS(status) == MONITOR_EXIT_NEXT ? 0 : WEXITSTATUS(status));
	_exit(128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0));
}

/*
 * The terminal as the first screen process got it: the monitor points its own standard
 * descriptors at /dev/null, so the screen processes after the first take these copies.
 */
static int
terminal_save(int saved[3], char **cause)
{
	int	 i;

	for (i = 0; i < 3; i++) {
		if ((saved[i] = fcntl(i, F_DUPFD_CLOEXEC, 3)) == -1) {
			xasprintf(cause, _("cannot keep the terminal: %s"), strerror(errno));
			while (i-- > 0)
				close(saved[i]);
			return -1;
		}
	}
	return 0;
}

static void
terminal_restore(int saved[3])
{
	int	 i;

	for (i = 0; i < 3; i++) {
		dup2(saved[i], i);
		close(saved[i]);
	}
}

int
monitor_start_with(const struct monitor_options *o, struct monitor **mon, char **cause)
{
	struct privsep_id	 id;
	pid_t			 pid;
	int			 sv[2], saved[3];

	*mon = NULL;
	if (o->privsep_user != NULL) {
		if (geteuid() != 0) {
			xasprintf(cause, _("cannot run the screens as %s without root"),
			    o->privsep_user);
			return -1;
		}
		if (privsep_lookup(o->privsep_user, &id, cause) != 0)
			return -1;
	}
	if (terminal_save(saved, cause) != 0)
		return -1;
	/* One screen process per session: the monitor forks the next after a logout. */
	for (;;) {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
			xasprintf(cause, _("cannot create the monitor socket: %s"),
			    strerror(errno));
			return -1;
		}
		fflush(NULL);
		if ((pid = fork()) == -1) {
			xasprintf(cause, _("cannot fork the monitor: %s"), strerror(errno));
			close(sv[0]);
			close(sv[1]);
			return -1;
		}
		if (pid == 0)
			break;
		close(sv[1]);
		monitor_parent(o, sv[0], pid);	/* monitor_serve closed sv[0] */
	}
	close(sv[0]);
	terminal_restore(saved);
	if (o->privsep_user != NULL && privsep_drop(&id, cause) != 0) {
		close(sv[1]);
		return -1;
	}
	if (monitor_client_new(sv[1], mon, cause) != 0) {
		close(sv[1]);
		return -1;
	}
	return 0;
}

int
monitor_start(const struct config *config, const char *db_path, const char *key_path,
    struct monitor **mon, char **cause)
{
	static struct monitor_options	 o;
	static char			 tty[MON_TTY_MAX + 1];
	const char			*name;

	memset(&o, 0, sizeof o);
	o.service = config->pam_service;
	o.db_path = db_path;
	o.key_path = key_path;
	o.audit_key = config_beside_key(config->audit_key, key_path, "audit.key");
	o.audit_head = config_beside_key(config->audit_head, key_path, "audit.head");
	o.office_key = config->office_key;
	o.privsep_user = geteuid() == 0 ? PRIVSEP_USER : NULL;
	o.fail_delay_usec = AUTH_FAIL_DELAY_USEC;
	o.max_login_failures = MONITOR_MAX_LOGIN_FAILURES;
	o.config_shown = config_shown(config);
	/* The monitor's own terminal is what PAM_TTY and the audit say, not the child's word. */
	if ((name = ttyname(STDIN_FILENO)) != NULL) {
		if (strncmp(name, "/dev/", 5) == 0)
			name += 5;
		if (strlen(name) <= MON_TTY_MAX && mon_utf8_valid(name, strlen(name),
		    MON_STR_LINE)) {
			snprintf(tty, sizeof tty, "%s", name);
			o.tty = tty;
		}
	}
	return monitor_start_with(&o, mon, cause);
}
