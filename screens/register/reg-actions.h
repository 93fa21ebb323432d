/*
 * Administrative actions at the desk (issue 25): the questions that file one from the
 * holder's screen, what the approval queue shows of one, the automatic end of the
 * suspensions whose period is over, and the overdue list (screen_overdue).
 */
#ifndef REG_ACTIONS_H
#define REG_ACTIONS_H

#include "ui.h"

struct application;
struct event_view;
struct holder_view;

extern const struct screen_ops screen_overdue;	/* arg: NULL */

/* Asks which action, its dates and reason for registration pick, and files it: 0 if filed. */
int	 reg_action_ask(struct ui *, const struct holder_view *, int);
/*
 * The approval queue's lines for an action (two, allocated into out): "suspension from
 * 2025-04-01 until 2025-06-30" and its reason; 0 if a is no action.
 */
int	 reg_action_lines(struct ui *, const struct application *, char **);
/* The period, due date or reason code of an action's event, for the history; or NULL. */
char	*reg_action_event_detail(struct ui *, const struct event_view *);
/* 交付拒否 of registration application a: its date and reason asked; 0 if refused. */
int	 reg_refuse_ask(struct ui *, const struct application *);
/* Ends the suspensions whose last day is past, under the session's user; says so if any. */
void	 reg_actions_daily(struct ui *);

#endif
