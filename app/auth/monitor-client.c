/*
 * The screen process's side of the monitor protocol (see monitor-client.h).
 *
 * It trusts the monitor no more than it must: every answer goes through the same decoder
 * and an answer of the wrong type ends the connection. Replies typed at prompts are wiped
 * as soon as they are sent.
 */
#include "config.h"

#include <sys/socket.h>

#include <security/pam_appl.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "keyfile.h"
#include "auth/monitor-client.h"
#include "auth/monitor-wire.h"
#include "xmalloc.h"

struct monitor {
	int	 fd;		/* -1 once the connection is gone */
};

static int	 request(struct monitor *, const struct mon_msg *, auth_conv_fn, void *,
		    struct auth_result *);
static int	 converse(struct monitor *, const struct mon_msg *, auth_conv_fn, void *);
static int	 lost(struct monitor *, struct auth_result *);
static void	 hang_up(struct monitor *);

int
monitor_client_new(int fd, struct monitor **out, char **cause)
{
	struct monitor	*mon;
	struct mon_msg	 m;
	char		*why = NULL;

	*out = NULL;
	if (mon_recv(fd, &m, NULL, &why) != 0) {
		xasprintf(cause, _("the monitor did not start: %s"), why);
		free(why);
		return -1;
	}
	if (m.type != MON_ANS_READY || !m.ok) {
		if (m.type == MON_ANS_READY)
			xasprintf(cause, "%s", m.cause);
		else
			xasprintf(cause, _("the monitor did not start: it sent %s"),
			    mon_type_name(m.type));
		mon_msg_free(&m);
		return -1;
	}
	mon_msg_free(&m);
	mon = xcalloc(1, sizeof *mon);
	mon->fd = fd;
	*out = mon;
	return 0;
}

static void
hang_up(struct monitor *mon)
{
	if (mon->fd != -1)
		close(mon->fd);
	mon->fd = -1;
}

static int
lost(struct monitor *mon, struct auth_result *res)
{
	if (mon != NULL)
		hang_up(mon);
	if (res != NULL) {
		res->outcome = AUTH_ERROR;
		snprintf(res->message, sizeof res->message, "%s",
		    _("The connection to the monitor was lost; madoguchi must restart."));
	}
	return -1;
}

/* One conversation round: show it, send the answers (or the cancel) back. */
static int
converse(struct monitor *mon, const struct mon_msg *q, auth_conv_fn conv, void *arg)
{
	struct auth_prompt	 prompts[MON_CONV_MAX];
	struct mon_msg		 a;
	char			*replies[MON_CONV_MAX];
	uint32_t		 i;
	int			 rc, cancelled;

	memset(replies, 0, sizeof replies);
	for (i = 0; i < q->n; i++) {
		prompts[i].style = (int)q->prompts[i].style;
		prompts[i].text = q->prompts[i].text;
	}
	cancelled = conv == NULL || conv(arg, (int)q->n, prompts, replies) != 0;

	mon_msg_init(&a, MON_CONV_REPLY);
	if (!cancelled) {
		a.n = q->n;
		for (i = 0; i < q->n; i++) {
			/* Answers go to prompts only; a prompt left unanswered gets "". */
			if (q->prompts[i].style != PAM_PROMPT_ECHO_OFF &&
			    q->prompts[i].style != PAM_PROMPT_ECHO_ON) {
				if (replies[i] != NULL)
					explicit_bzero(replies[i], strlen(replies[i]));
				free(replies[i]);
			} else
				a.replies[i] = replies[i] != NULL ? replies[i] : xstrdup("");
			replies[i] = NULL;
		}
	} else {
		a.cancelled = 1;
		for (i = 0; i < q->n; i++) {
			if (replies[i] != NULL)
				explicit_bzero(replies[i], strlen(replies[i]));
			free(replies[i]);
		}
	}
	rc = mon_send(mon->fd, &a, NULL);
	if (rc != 0 && !cancelled) {
		/* An answer the wire refuses (too long, not UTF-8): cancel instead. */
		mon_msg_free(&a);
		mon_msg_init(&a, MON_CONV_REPLY);
		a.cancelled = 1;
		rc = mon_send(mon->fd, &a, NULL);
	}
	mon_msg_free(&a);
	return rc;
}

static int
request(struct monitor *mon, const struct mon_msg *req, auth_conv_fn conv, void *arg,
    struct auth_result *res)
{
	struct mon_msg	 m;

	memset(res, 0, sizeof *res);
	res->outcome = AUTH_ERROR;
	if (mon == NULL || mon->fd == -1)
		return lost(mon, res);
	if (mon_send(mon->fd, req, NULL) != 0)
		return lost(mon, res);
	for (;;) {
		if (mon_recv(mon->fd, &m, NULL, NULL) != 0)
			return lost(mon, res);
		if (m.type == MON_ANS_CONV) {
			if (converse(mon, &m, conv, arg) != 0) {
				mon_msg_free(&m);
				return lost(mon, res);
			}
			mon_msg_free(&m);
			continue;
		}
		if (m.type != MON_ANS_RESULT) {
			mon_msg_free(&m);
			return lost(mon, res);
		}
		break;
	}
	res->outcome = (enum auth_outcome)m.outcome;
	snprintf(res->message, sizeof res->message, "%s", m.message);
	snprintf(res->user, sizeof res->user, "%s", m.user);
	snprintf(res->roles, sizeof res->roles, "%s", m.roles);
	if (m.last)
		hang_up(mon);
	mon_msg_free(&m);
	return 0;
}

int
monitor_authenticate(struct monitor *mon, const char *user, const char *tty,
    auth_conv_fn conv, void *arg, struct auth_result *res)
{
	struct mon_msg	 req;
	int		 rc;

	mon_msg_init(&req, MON_REQ_AUTHENTICATE);
	req.user = xstrdup(user);
	req.tty = xstrdup(tty != NULL ? tty : "");
	/* A name the wire refuses is refused here the way PAM refuses a wrong one. */
	if (strlen(user) == 0 || strlen(user) > MON_USER_MAX ||
	    !mon_utf8_valid(user, strlen(user), MON_STR_LINE)) {
		mon_msg_free(&req);
		memset(res, 0, sizeof *res);
		res->outcome = AUTH_FAILED;
		snprintf(res->message, sizeof res->message, "%s", _("Login incorrect."));
		return 0;
	}
	rc = request(mon, &req, conv, arg, res);
	mon_msg_free(&req);
	return rc;
}

int
monitor_reauthenticate(struct monitor *mon, auth_conv_fn conv, void *arg,
    struct auth_result *res)
{
	struct mon_msg	 req;

	mon_msg_init(&req, MON_REQ_REAUTHENTICATE);
	return request(mon, &req, conv, arg, res);
}

int
monitor_approver_auth(struct monitor *mon, const char *approver, const char *purpose,
    auth_conv_fn conv, void *arg, struct auth_result *res)
{
	struct mon_msg	 req;
	int		 rc;

	if (strlen(approver) == 0 || strlen(approver) > MON_USER_MAX ||
	    !mon_utf8_valid(approver, strlen(approver), MON_STR_LINE)) {
		memset(res, 0, sizeof *res);
		res->outcome = AUTH_FAILED;
		snprintf(res->message, sizeof res->message, "%s", _("Login incorrect."));
		return 0;
	}
	mon_msg_init(&req, MON_REQ_APPROVER_AUTH);
	req.user = xstrdup(approver);
	req.purpose = xstrdup(purpose);
	rc = request(mon, &req, conv, arg, res);
	mon_msg_free(&req);
	return rc;
}

int
monitor_change_password(struct monitor *mon, auth_conv_fn conv, void *arg,
    struct auth_result *res)
{
	struct mon_msg	 req;

	mon_msg_init(&req, MON_REQ_CHANGE_PASSWORD);
	return request(mon, &req, conv, arg, res);
}

int
monitor_get_key(struct monitor *mon, struct key *key)
{
	struct mon_msg	 m;

	if (mon == NULL || mon->fd == -1)
		return -1;
	mon_msg_init(&m, MON_REQ_GET_KEY);
	if (mon_send(mon->fd, &m, NULL) != 0)
		return lost(mon, NULL);
	if (mon_recv(mon->fd, &m, NULL, NULL) != 0)
		return lost(mon, NULL);
	if (m.type != MON_ANS_KEY) {
		mon_msg_free(&m);
		return lost(mon, NULL);
	}
	memcpy(key->bytes, m.key->bytes, KEY_BYTES);
	mon_msg_free(&m);
	return 0;
}

/* The answer of type want to the request just sent; anything else: the monitor is gone. */
static int
answer_of(struct monitor *mon, struct mon_msg *m, uint8_t want)
{
	if (mon_recv(mon->fd, m, NULL, NULL) == 0 && m->type == want)
		return 0;
	mon_msg_free(m);
	(void)lost(mon, NULL);
	return -1;
}

/*
 * A signature by the office key (cert_sign_fn, cert-sign.h): the key stays with the
 * monitor. sig gets the signature, pub the key's public half.
 */
int
monitor_cert_sign(void *arg, const unsigned char *data, size_t len, unsigned char *sig,
    unsigned char *pub, char **cause)
{
	struct monitor	*mon = arg;
	struct mon_msg	 m;
	int		 rc;

	if (mon == NULL || mon->fd == -1) {
		xasprintf(cause, _("cannot sign the certificate: the monitor is gone"));
		return -1;
	}
	if (len == 0 || len > MON_SIGN_MAX) {
		xasprintf(cause, _("cannot sign the certificate: %zu bytes (at most %d)"), len,
		    MON_SIGN_MAX);
		return -1;
	}
	mon_msg_init(&m, MON_REQ_CERT_SIGN);
	m.data = (uint8_t *)data;
	m.data_len = len;
	rc = mon_send(mon->fd, &m, cause);
	m.data = NULL;
	if (rc != 0 || answer_of(mon, &m, MON_ANS_SIG) != 0) {
		free(*cause);
		*cause = NULL;
		if (rc != 0)
			(void)lost(mon, NULL);
		xasprintf(cause, _("cannot sign the certificate: the monitor is gone"));
		return -1;
	}
	if (m.ok) {
		memcpy(sig, m.sig, MON_SIG_BYTES);
		memcpy(pub, m.pub, MON_PUB_BYTES);
		rc = 0;
	} else {
		xasprintf(cause, "%s", m.cause);
		rc = -1;
	}
	mon_msg_free(&m);
	return rc;
}

/*
 * The MAC of one audit entry of the screen process (audit_signer_fn): the key stays with
 * the monitor, which refuses to sign over what its head already holds.
 */
int
monitor_audit_sign(void *arg, int64_t seq, const uint8_t *prev, const char *const *field,
    uint8_t *mac, char **cause)
{
	struct monitor	*mon = arg;
	struct mon_msg	 m;
	int		 i, rc = -1;

	if (mon == NULL || mon->fd == -1) {
		xasprintf(cause, _("cannot write the audit log: the monitor is gone"));
		return -1;
	}
	mon_msg_init(&m, MON_REQ_AUDIT_SIGN);
	m.seq = seq;
	memcpy(m.prev, prev, AUDIT_MAC_BYTES);
	for (i = 0; i < AUDIT_FIELDS; i++)
		m.fields[i] = (char *)field[i];
	rc = mon_send(mon->fd, &m, cause);
	memset(m.fields, 0, sizeof m.fields);
	if (rc != 0) {
		/* Too long for the monitor's message: the entry is refused, the session goes on. */
		if (mon->fd != -1 && monitor_alive(mon))
			return -1;
		free(*cause);
		*cause = NULL;
		(void)lost(mon, NULL);
		xasprintf(cause, _("cannot write the audit log: the monitor is gone"));
		return -1;
	}
	if (answer_of(mon, &m, MON_ANS_MAC) != 0) {
		xasprintf(cause, _("cannot write the audit log: the monitor is gone"));
		return -1;
	}
	if (m.ok) {
		memcpy(mac, m.mac, AUDIT_MAC_BYTES);
		rc = 0;
	} else {
		xasprintf(cause, "%s", m.cause);
		rc = -1;
	}
	mon_msg_free(&m);
	return rc;
}

/*
 * Whether the monitor is still there: the connection was not given up, and the monitor
 * has not closed its end (it does after a fatal error or too many failed logins).
 */
int
monitor_alive(struct monitor *mon)
{
	struct pollfd	 pfd;
	char		 c;
	ssize_t		 n;

	if (mon == NULL || mon->fd == -1)
		return 0;
	pfd.fd = mon->fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (poll(&pfd, 1, 0) == 1) {
		if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) {
			hang_up(mon);
			return 0;
		}
		/* The monitor never speaks unasked: readable means closed or broken. */
		n = recv(mon->fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) || n > 0) {
			hang_up(mon);
			return 0;
		}
	}
	return 1;
}

void
monitor_close(struct monitor *mon)
{
	struct mon_msg	 m;

	if (mon == NULL)
		return;
	if (mon->fd != -1) {
		mon_msg_init(&m, MON_REQ_LOGOUT);
		if (mon_send(mon->fd, &m, NULL) == 0 && mon_recv(mon->fd, &m, NULL, NULL) == 0)
			mon_msg_free(&m);
		hang_up(mon);
	}
	free(mon);
}
