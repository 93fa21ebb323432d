/*
 * The PAM cycle (SPEC §2), run only by the monitor: one PAM handle per authentication,
 * its conversation relayed to an auth_conv_fn. Modelled on OpenSSH's auth-pam.c without
 * its threads: the monitor is single-threaded and the relay blocks.
 *
 *	ap = auth_pam_start(service, user, tty, ruser, conv, arg, &cause);
 *	auth_pam_authenticate(ap, delay)	pam_authenticate, then PAM_USER read back
 *	auth_pam_account(ap, 1)			pam_acct_mgmt; an expired password is
 *						changed at once on the same handle
 *	auth_pam_open_session(ap)		pam_setcred(ESTABLISH), pam_open_session
 *	...
 *	auth_pam_close_session(ap)		pam_close_session, pam_setcred(DELETE)
 *	auth_pam_end(ap)			pam_end with the last status
 *
 * Each step returns an auth_outcome; auth_pam_message() is what to show for it, the same
 * for an unknown user as for a wrong password. No password or reply is kept or logged.
 */
#ifndef AUTH_PAM_H
#define AUTH_PAM_H

#include "auth/auth.h"

struct auth_pam;

/* The delay after a failed attempt unless the PAM stack asks for a longer one. */
#define AUTH_FAIL_DELAY_USEC	2000000

struct auth_pam	*auth_pam_start(const char *, const char *, const char *, const char *,
		    auth_conv_fn, void *, char **);
enum auth_outcome auth_pam_authenticate(struct auth_pam *, unsigned int);
enum auth_outcome auth_pam_account(struct auth_pam *, int);
enum auth_outcome auth_pam_change_password(struct auth_pam *);
enum auth_outcome auth_pam_open_session(struct auth_pam *);
void		 auth_pam_close_session(struct auth_pam *);
void		 auth_pam_end(struct auth_pam *);

const char	*auth_pam_user(const struct auth_pam *);
const char	*auth_pam_message(const struct auth_pam *);
const char	*auth_pam_status(const struct auth_pam *);
int		 auth_pam_password_changed(const struct auth_pam *);
int		 auth_pam_session_open(const struct auth_pam *);

#endif
