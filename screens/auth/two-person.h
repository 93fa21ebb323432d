/*
 * The two-person check (SPEC §9, issue 21): before something leaves the desk (an export;
 * a certificate or a disclosure report when print_two_person_check is on), a second
 * person authenticates at this terminal through PAM, the desk approval the accounts use
 * (the monitor refuses the person logged in), and confirms what is shown: the text says
 * everything about what leaves. Every refusal, at whatever step, is audited as action
 * with result "refused"; a confirmation too when audit_ok is set (an export records its
 * checker in the export register instead).
 */
#ifndef TWO_PERSON_H
#define TWO_PERSON_H

#include <stddef.h>

struct ui;

/*
 * 0 and the second person's user name in checker when they confirmed; -1 when not, with
 * the screen's message saying why, followed by nothing (e.g. "Nothing was printed.").
 */
int	 two_person_check(struct ui *, const char *, const char *, const char *, int,
	    const char *, char *, size_t);

/*
 * A supervisor at this desk (the desk approval, SPEC §2): asks their user name, has them
 * authenticate through PAM (the monitor refuses the person logged in) and checks they
 * are a supervisor. 0 with approver set (its user lives in res), or -1 with the message
 * set, ending in waits (e.g. "the request waits in the queue.").
 */
struct actor;
struct auth_result;
int	 desk_supervisor(struct ui *, const char *, const char *, const char *,
	    struct auth_result *, struct actor *);

#endif
