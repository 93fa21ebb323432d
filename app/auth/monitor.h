/*
 * The privileged monitor (SPEC §2), after OpenSSH's monitor.c: the only part of madoguchi
 * that runs PAM and reads the database key. It serves a fixed table of requests from the
 * screen process over a socketpair; a request out of turn or a malformed message ends the
 * session.
 */
#ifndef MONITOR_H
#define MONITOR_H

struct config;
struct monitor;

/* Exit statuses of monitor_serve. */
#define MONITOR_EXIT_OK		0	/* logout, or the screen process went away */
#define MONITOR_EXIT_START	3	/* no key or no database: nothing was served */
#define MONITOR_EXIT_FATAL	4	/* a protocol violation ended the session */

/*
 * The screen process's exit status that asks for the next clerk's login screen: a session
 * was logged out (F10), so the monitor forks a fresh screen process instead of ending.
 */
#define MONITOR_EXIT_NEXT	5

/*
 * Failed logins one monitor accepts before it ends and madoguchi must restart. Failed
 * supervisor authentications at the desk (approver_auth) count toward the same limit.
 */
#define MONITOR_MAX_LOGIN_FAILURES	5

/* Failed supervisor authentications that end one approval (one purpose) at the desk. */
#define MONITOR_MAX_APPROVER_FAILURES	3

struct monitor_options {
	const char	*service;	/* PAM service */
	const char	*db_path;
	const char	*key_path;
	const char	*audit_key;	/* NULL: audit.key beside key_path */
	const char	*audit_head;	/* NULL: audit.head beside key_path */
	const char	*office_key;	/* signs certificates (CERT_SIGN); NULL: none */
	const char	*privsep_user;	/* drop the screen process to it; NULL: no drop */
	const char	*tty;		/* the monitor's own tty; NULL: trust the request's */
	unsigned int	 fail_delay_usec;
	int		 max_login_failures;
	const char	*config_shown;	/* config_shown() of the configuration in effect,
					   compared with the one last seen; NULL: not */
};

/*
 * Called early in main. Forks; the parent becomes the monitor and exits with the screen
 * process's status when it ends; monitor_start returns in the child with *mon set, after
 * the drop to the madoguchi user when started as root. A screen process that exits with
 * MONITOR_EXIT_NEXT is followed by a new one: monitor_start returns again, in a new child
 * forked from the monitor, which never held what the screens of a session held.
 */
int	monitor_start(const struct config *, const char *, const char *, struct monitor **,
	    char **);
int	monitor_start_with(const struct monitor_options *, struct monitor **, char **);

/* The monitor's side on one end of the socketpair; returns a MONITOR_EXIT_* status. */
int	monitor_serve(const struct monitor_options *, int);

#endif
