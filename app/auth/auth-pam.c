/*
 * The PAM cycle and its conversation (see auth-pam.h).
 *
 * The conversation function is the one place where text from PAM modules meets the
 * person at the terminal: it checks the number of messages, copies each text through
 * mon_sanitize() (a module's message must not carry a terminal escape sequence to the
 * screen), hands the round to the caller's auth_conv_fn, and builds PAM's response array
 * only when every prompt has an answer; on any failure everything allocated is wiped and
 * freed. Once the person has cancelled, later rounds fail at once: with "required"
 * modules PAM goes on calling the rest of the stack, which must not prompt again.
 */
#include "config.h"

#include <security/pam_appl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth-pam.h"
#include "i18n.h"
#include "auth/monitor-wire.h"
#include "xmalloc.h"

struct auth_pam {
	pam_handle_t	*h;
	struct pam_conv	 pc;
	auth_conv_fn	 conv;
	void		*conv_arg;
	int		 last;		/* the status pam_end gets */
	int		 failed;	/* status of the last failing call, for logs */
	int		 cancelled;
	int		 cred;		/* pam_setcred(ESTABLISH) succeeded */
	int		 session;	/* pam_open_session succeeded */
	int		 changed;	/* pam_chauthtok succeeded */
	char		 user[AUTH_USER_MAX];
	char		 message[AUTH_MESSAGE_MAX];
};

static int	 conversation(int, const struct pam_message **, struct pam_response **,
		    void *);
static void	 free_round(int, char **, char **);
static enum auth_outcome set_outcome(struct auth_pam *, enum auth_outcome, int,
		    const char *);
static enum auth_outcome auth_failed(struct auth_pam *, int);
static enum auth_outcome chauthtok(struct auth_pam *, int);

const char *
auth_outcome_name(enum auth_outcome o)
{
	switch (o) {
	case AUTH_OK:
		return "ok";
	case AUTH_FAILED:
		return "failed";
	case AUTH_NO_ACCOUNT:
		return "no-account";
	case AUTH_ACCOUNT_EXPIRED:
		return "expired";
	case AUTH_LOCKED:
		return "locked";
	case AUTH_CANCELLED:
		return "cancelled";
	case AUTH_ERROR:
		return "error";
	}
	return "error";
}

static void
free_round(int n, char **texts, char **replies)
{
	int	 i;

	for (i = 0; i < n; i++) {
		free(texts[i]);
		if (replies != NULL && replies[i] != NULL) {
			explicit_bzero(replies[i], strlen(replies[i]));
			free(replies[i]);
		}
	}
	free(replies);
}

static int
conversation(int n, const struct pam_message **msg, struct pam_response **resp, void *arg)
{
	struct auth_pam		*ap = arg;
	struct auth_prompt	 prompts[PAM_MAX_NUM_MSG];
	struct pam_response	*r;
	char			*texts[PAM_MAX_NUM_MSG], **replies;
	int			 i, style;

	if (resp != NULL)
		*resp = NULL;
	if (ap->cancelled || n <= 0 || n > PAM_MAX_NUM_MSG || msg == NULL)
		return PAM_CONV_ERR;
	for (i = 0; i < n; i++) {
		style = msg[i]->msg_style;
		if (style != PAM_PROMPT_ECHO_OFF && style != PAM_PROMPT_ECHO_ON &&
		    style != PAM_ERROR_MSG && style != PAM_TEXT_INFO) {
			/* PAM_BINARY_PROMPT and the like: nothing on a terminal can answer. */
			free_round(i, texts, NULL);
			return PAM_CONV_ERR;
		}
		/* Some modules pass no response pointer with messages; a prompt needs one. */
		if (resp == NULL && (style == PAM_PROMPT_ECHO_OFF ||
		    style == PAM_PROMPT_ECHO_ON)) {
			free_round(i, texts, NULL);
			return PAM_CONV_ERR;
		}
		texts[i] = xmalloc(MON_PROMPT_MAX + 1);
		mon_sanitize(msg[i]->msg != NULL ? msg[i]->msg : "", texts[i],
		    MON_PROMPT_MAX + 1);
		prompts[i].style = style;
		prompts[i].text = texts[i];
	}
	replies = xcalloc((size_t)n, sizeof *replies);
	if (ap->conv(ap->conv_arg, n, prompts, replies) != 0) {
		ap->cancelled = 1;
		free_round(n, texts, replies);
		return PAM_CONV_ERR;
	}
	for (i = 0; i < n; i++) {
		style = prompts[i].style;
		if (style == PAM_PROMPT_ECHO_OFF || style == PAM_PROMPT_ECHO_ON) {
			if (replies[i] == NULL || strlen(replies[i]) >= PAM_MAX_RESP_SIZE) {
				free_round(n, texts, replies);
				return PAM_CONV_ERR;
			}
		} else if (replies[i] != NULL) {
			/* An answer to a message: nobody asked, so nobody gets it. */
			explicit_bzero(replies[i], strlen(replies[i]));
			free(replies[i]);
			replies[i] = NULL;
		}
	}
	if (resp == NULL) {
		free_round(n, texts, replies);
		return PAM_SUCCESS;
	}
	/* PAM frees the responses with free(): calloc, not a private allocator. */
	r = xcalloc((size_t)n, sizeof *r);
	for (i = 0; i < n; i++) {
		r[i].resp = replies[i];
		r[i].resp_retcode = 0;
		replies[i] = NULL;
	}
	free_round(n, texts, replies);
	*resp = r;
	return PAM_SUCCESS;
}

struct auth_pam *
auth_pam_start(const char *service, const char *user, const char *tty, const char *ruser,
    auth_conv_fn conv, void *arg, char **cause)
{
	struct auth_pam	*ap;
	int		 rc;

	ap = xcalloc(1, sizeof *ap);
	ap->conv = conv;
	ap->conv_arg = arg;
	ap->pc.conv = conversation;
	ap->pc.appdata_ptr = ap;
	rc = pam_start(service, user, &ap->pc, &ap->h);
	if (rc != PAM_SUCCESS) {
		xasprintf(cause, _("cannot start PAM service %s: %s"), service,
		    pam_strerror(ap->h, rc));
		if (ap->h != NULL)
			pam_end(ap->h, rc);
		free(ap);
		return NULL;
	}
	if ((tty != NULL && *tty != '\0' &&
	    (rc = pam_set_item(ap->h, PAM_TTY, tty)) != PAM_SUCCESS) ||
	    (ruser != NULL && *ruser != '\0' &&
	    (rc = pam_set_item(ap->h, PAM_RUSER, ruser)) != PAM_SUCCESS)) {
		xasprintf(cause, _("cannot set up PAM: %s"), pam_strerror(ap->h, rc));
		pam_end(ap->h, rc);
		free(ap);
		return NULL;
	}
	ap->last = PAM_SUCCESS;
	return ap;
}

static enum auth_outcome
set_outcome(struct auth_pam *ap, enum auth_outcome o, int status, const char *message)
{
	ap->last = status;
	if (status != PAM_SUCCESS)
		ap->failed = status;
	snprintf(ap->message, sizeof ap->message, "%s", message != NULL ? message : "");
	return o;
}

/*
 * Failure of pam_authenticate or pam_acct_mgmt. Everything that could tell an unknown
 * user from a wrong password (PAM_USER_UNKNOWN, PAM_AUTHINFO_UNAVAIL ...) gets the one
 * "Login incorrect" message.
 */
static enum auth_outcome
auth_failed(struct auth_pam *ap, int rc)
{
	if (ap->cancelled)
		return set_outcome(ap, AUTH_CANCELLED, rc, _("Cancelled."));
	switch (rc) {
	case PAM_MAXTRIES:
	case PAM_PERM_DENIED:
		return set_outcome(ap, AUTH_LOCKED, rc, _("Account locked or not allowed now. "
		    "Ask a supervisor or the administrator."));
	case PAM_ACCT_EXPIRED:
		return set_outcome(ap, AUTH_ACCOUNT_EXPIRED, rc, _("This account has expired. "
		    "Ask the system administrator."));
	case PAM_ABORT:
	case PAM_BUF_ERR:
	case PAM_SYSTEM_ERR:
	case PAM_CONV_ERR:
	case PAM_SERVICE_ERR:
		return set_outcome(ap, AUTH_ERROR, rc, _("Authentication failed because of a "
		    "system error. Ask the system administrator."));
	}
	return set_outcome(ap, AUTH_FAILED, rc, _("Login incorrect."));
}

enum auth_outcome
auth_pam_authenticate(struct auth_pam *ap, unsigned int delay_usec)
{
	const void	*item = NULL;
	const char	*u;
	int		 rc;

	/*
	 * A floor under PAM's own delay: the longest one asked for wins, so a wrong password
	 * and an unknown user take about as long whatever the stack does.
	 */
	if (delay_usec > 0)
		(void)pam_fail_delay(ap->h, delay_usec);
	rc = pam_authenticate(ap->h, PAM_DISALLOW_NULL_AUTHTOK);
	/* Cancelled is cancelled, even if a module ignored its failed conversation. */
	if (rc != PAM_SUCCESS || ap->cancelled)
		return auth_failed(ap, rc != PAM_SUCCESS ? rc : PAM_CONV_ERR);
	/* A module may have mapped the name (a card, a realm): the name PAM ends with counts. */
	if ((rc = pam_get_item(ap->h, PAM_USER, &item)) != PAM_SUCCESS || item == NULL)
		return set_outcome(ap, AUTH_ERROR, rc != PAM_SUCCESS ? rc : PAM_SYSTEM_ERR,
		    _("PAM did not say who logged in."));
	u = item;
	if (*u == '\0' || strlen(u) > MON_USER_MAX ||
	    !mon_utf8_valid(u, strlen(u), MON_STR_LINE) || strchr(u, ' ') != NULL)
		return set_outcome(ap, AUTH_ERROR, PAM_SYSTEM_ERR,
		    _("PAM returned a user name that madoguchi cannot use."));
	snprintf(ap->user, sizeof ap->user, "%s", u);
	return set_outcome(ap, AUTH_OK, PAM_SUCCESS, NULL);
}

static enum auth_outcome
chauthtok(struct auth_pam *ap, int flags)
{
	int	 rc;

	rc = pam_chauthtok(ap->h, flags);
	/*
	 * A module that ignores a failed conversation may report success (pam_matrix does):
	 * after a cancel nobody knows what the password is, so it is not a success.
	 */
	if (ap->cancelled)
		return set_outcome(ap, AUTH_CANCELLED, rc != PAM_SUCCESS ? rc : PAM_CONV_ERR,
		    _("Cancelled."));
	if (rc == PAM_SUCCESS) {
		ap->changed = 1;
		return set_outcome(ap, AUTH_OK, rc, _("The password has been changed."));
	}
	if (rc == PAM_ABORT || rc == PAM_BUF_ERR || rc == PAM_SYSTEM_ERR ||
	    rc == PAM_CONV_ERR || rc == PAM_SERVICE_ERR)
		return set_outcome(ap, AUTH_ERROR, rc, _("The password could not be changed "
		    "because of a system error."));
	return set_outcome(ap, AUTH_FAILED, rc, _("The password was not changed."));
}

/*
 * pam_acct_mgmt. PAM_NEW_AUTHTOK_REQD is not a failure: with change_expired the password
 * is changed at once through the same conversation, on the same handle, as login(1) and
 * sshd do; without it (a supervisor at someone else's desk) the person is told to log in
 * and change it at their own session.
 */
enum auth_outcome
auth_pam_account(struct auth_pam *ap, int change_expired)
{
	enum auth_outcome	 o;
	int			 rc;

	rc = pam_acct_mgmt(ap->h, PAM_DISALLOW_NULL_AUTHTOK);
	if (rc == PAM_SUCCESS && !ap->cancelled)
		return set_outcome(ap, AUTH_OK, rc, NULL);
	if (rc == PAM_SUCCESS)
		return auth_failed(ap, PAM_CONV_ERR);
	if (rc != PAM_NEW_AUTHTOK_REQD)
		return auth_failed(ap, rc);
	if (!change_expired)
		return set_outcome(ap, AUTH_FAILED, rc, _("The password has expired: log in at "
		    "your own session and change it first."));
	o = chauthtok(ap, PAM_CHANGE_EXPIRED_AUTHTOK);
	if (o == AUTH_FAILED)
		snprintf(ap->message, sizeof ap->message, "%s", _("The password has expired "
		    "and was not changed, so you cannot log in yet."));
	return o;
}

enum auth_outcome
auth_pam_change_password(struct auth_pam *ap)
{
	return chauthtok(ap, 0);
}

enum auth_outcome
auth_pam_open_session(struct auth_pam *ap)
{
	int	 rc;

	if ((rc = pam_setcred(ap->h, PAM_ESTABLISH_CRED)) != PAM_SUCCESS)
		return set_outcome(ap, AUTH_ERROR, rc, _("PAM could not establish the "
		    "credentials of this session."));
	ap->cred = 1;
	if ((rc = pam_open_session(ap->h, 0)) != PAM_SUCCESS) {
		(void)pam_setcred(ap->h, PAM_DELETE_CRED);
		ap->cred = 0;
		return set_outcome(ap, AUTH_ERROR, rc, _("PAM could not open the session."));
	}
	ap->session = 1;
	return set_outcome(ap, AUTH_OK, rc, NULL);
}

/* Teardown in the reverse order of auth_pam_open_session. */
void
auth_pam_close_session(struct auth_pam *ap)
{
	if (ap->session)
		(void)pam_close_session(ap->h, 0);
	ap->session = 0;
	if (ap->cred)
		(void)pam_setcred(ap->h, PAM_DELETE_CRED);
	ap->cred = 0;
}

void
auth_pam_end(struct auth_pam *ap)
{
	if (ap == NULL)
		return;
	auth_pam_close_session(ap);
	pam_end(ap->h, ap->last);
	explicit_bzero(ap, sizeof *ap);
	free(ap);
}

const char *
auth_pam_user(const struct auth_pam *ap)
{
	return ap->user;
}

const char *
auth_pam_message(const struct auth_pam *ap)
{
	return ap->message;
}

/* PAM's words for the last failure, for the log and the audit detail. */
const char *
auth_pam_status(const struct auth_pam *ap)
{
	return ap->failed != PAM_SUCCESS ? pam_strerror(ap->h, ap->failed) : "";
}

int
auth_pam_password_changed(const struct auth_pam *ap)
{
	return ap->changed;
}

int
auth_pam_session_open(const struct auth_pam *ap)
{
	return ap->session;
}
