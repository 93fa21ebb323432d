/*
 * Administrative actions on a registration (issue 25): 停止 (with a period), 取消,
 * 返納命令 (with a due date), 返還 (the certificate came back). Each is an application of
 * kind 'action' a supervisor other than the filer approves. What an action may do to a
 * registration in which state is the table status_transitions (migration 0030): the data
 * layer reads it when the action is filed and again when it is approved, and refuses a pair
 * that is not a row, naming the rule. Needs register.apply to file, approval.queue to
 * decide, register.overdue for the overdue list.
 */
#ifndef REGISTER_ACTIONS_H
#define REGISTER_ACTIONS_H

#include <stddef.h>

#include "audit/audit.h"

struct db;
struct application;

struct reg_action {
	const char	*action;	/* suspend, cancel, return-order, return */
	const char	*date;		/* the day it takes effect; 停止: its first day */
	const char	*until;		/* 停止: its last day; 返納命令: the due date; else NULL */
	const char	*reason_code;	/* one of action_reasons for the action */
	const char	*reason_text;
};

/* The payload's keys (the approval screen shows them). */
#define ACTION_KEY		"action"
#define ACTION_DATE_KEY		"action_date"
#define ACTION_UNTIL_KEY	"action_until"
#define ACTION_REASON_KEY	"action_reason"
#define ACTION_TEXT_KEY		"action_text"

/*
 * File an action on registration_id for a supervisor; dates in any form a date item
 * accepts. Refused, with nothing stored, when the table has no row for the registration's
 * state and the action, when a 停止's period overlaps one recorded or applied for, and
 * when a 返還 finds no valid certificate.
 */
int	 action_submit(struct db *, const struct actor *, const char *,
	    const struct reg_action *, char [37], char **);
/*
 * Inside application_decide's transaction: the same checks against the register as it is
 * now, then the new state, the event (with the period) and, for 返還, the certificate
 * voided.
 */
int	 action_apply(struct db *, const struct actor *, struct application *, char **);
/*
 * The end of every suspension whose last day is before today: a 'suspend-end' event the
 * day after, by who, and the registration valid again. *ended (may be NULL) counts them.
 */
int	 suspensions_end(struct db *, const struct actor *, int *, char **);

/*
 * application_get: a 返納命令's date, due date and reason are 要配慮 (seed 000); they are
 * blanked for an account without register.sensitive.
 */
void	 action_view_mask(struct db *, const struct actor *, struct application *);

/* The state a registration in from_status goes to by action, or -1 naming the rule. */
int	 action_transition(struct db *, const char *, const char *, char [16], char **);

struct overdue_return {
	char	 registration_id[37];
	char	 holder_id[37];
	char	*name;
	char	*certificate_number;
	char	*due_date;
};

/* Registrations ordered back whose certificate is still valid after the due date. */
int	 overdue_returns(struct db *, const struct actor *, struct overdue_return **,
	    size_t *, char **);
void	 overdue_returns_free(struct overdue_return *, size_t);

/*
 * 交付拒否: a supervisor other than its filer refuses registration application id (pending)
 * on date, with a reason code of action_reasons 'refuse' and a text. The application is
 * rejected (comment "交付拒否"); the reason and the date are 要配慮: an event 'refuse' for a
 * holder already on the register, else a row of refusals beside the application.
 */
int	 registration_refuse(struct db *, const struct actor *, const char *, const char *,
	    const char *, const char *, char **);

struct action_reason {
	char	 code[17];
	char	*label;		/* in the reader's language */
};

/* The reason codes of an action, for a form. */
int	 action_reasons(struct db *, const char *, struct action_reason **, size_t *,
	    char **);
void	 action_reasons_free(struct action_reason *, size_t);

#endif
