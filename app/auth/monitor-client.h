/*
 * What the unprivileged screen process asks the monitor (SPEC §2). Each call sends one
 * request and runs the PAM conversation it causes through the caller's auth_conv_fn, so
 * that the screens draw prompts without ever seeing PAM.
 *
 * Calls that authenticate return 0 when the monitor answered (look at result->outcome)
 * and -1 when the connection failed or the monitor ended the session (outcome
 * AUTH_ERROR; monitor_alive() is then 0 and the screen process should end).
 */
#ifndef MONITOR_CLIENT_H
#define MONITOR_CLIENT_H

#include <stdint.h>

#include "auth/auth.h"

struct key;
struct monitor;

int	 monitor_client_new(int, struct monitor **, char **);

/* Login: the whole PAM cycle, then the account register. */
int	 monitor_authenticate(struct monitor *, const char *, const char *, auth_conv_fn,
	    void *, struct auth_result *);
/* Idle unlock: the logged-in user only, pam_authenticate and pam_acct_mgmt. */
int	 monitor_reauthenticate(struct monitor *, auth_conv_fn, void *,
	    struct auth_result *);
/* A supervisor at the desk: someone other than the logged-in user; purpose is audited. */
int	 monitor_approver_auth(struct monitor *, const char *, const char *, auth_conv_fn,
	    void *, struct auth_result *);
/* The current password (pam_authenticate), then pam_chauthtok: the logged-in user. */
int	 monitor_change_password(struct monitor *, auth_conv_fn, void *,
	    struct auth_result *);
/*
 * The database key, once, after a successful login. Asking before login or a second time
 * is a protocol violation: the monitor ends the session and this returns -1.
 */
int	 monitor_get_key(struct monitor *, struct key *);
int	 monitor_cert_sign(void *, const unsigned char *, size_t, unsigned char *,
	    unsigned char *, char **);
int	 monitor_audit_sign(void *, int64_t, const uint8_t *, const char *const *, uint8_t *,
	    char **);
/* Whether the monitor is still there to ask. */
int	 monitor_alive(struct monitor *);
/* Logout: the monitor closes the PAM session and ends. */
void	 monitor_close(struct monitor *);

#endif
