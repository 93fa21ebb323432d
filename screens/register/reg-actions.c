/* screens/register/: the register's screens. May use: lib/, db/, screens/. */
/*
 * Administrative actions (停止, 取消, 返納命令, 返還) from the holder's screen: a few
 * questions, then the application a supervisor decides in the queue. The rules (the state
 * table, the periods, the certificate a 返還 needs) are the data layer's: its message is
 * shown as it is, and nothing is filed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "register/reg-actions.h"
#include "register/register-actions.h"
#include "register/register-items.h"
#include "register/register.h"
#include "screens.h"
#include "session.h"
#include "widgets/widget.h"
#include "xmalloc.h"

static const char *const actions[] = { "suspend", "cancel", "return-order", "return" };
#define N_ACTIONS	4

/* "1 misconduct at work, 2 ..., 3 other:" and the codes in that order. */
static int
ask_reason(struct ui *ui, const char *title, const char *action, char code[17])
{
	struct action_reason	*list;
	size_t			 n, i;
	char			*prompt, *next, answer[16], *cause = NULL;
	int			 pick;

	if (action_reasons(ui_db(ui), action, &list, &n, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return -1;
	}
	prompt = xstrdup(_("Reason:"));
	for (i = 0; i < n; i++) {
		xasprintf(&next, "%s %zu %s%s", prompt, i + 1, list[i].label, i + 1 < n ?
		    "," : "");
		free(prompt);
		prompt = next;
	}
	pick = -1;
	if (dialog_input(ui, title, prompt, 0, answer, sizeof answer) == 0 &&
	    (pick = dialog_choice_number(answer, (int)n, -1)) < 0)
		ui_set_message(ui, _("Answer with one of the numbers; nothing was filed."));
	if (pick >= 0)
		snprintf(code, 17, "%s", list[pick].code);
	free(prompt);
	action_reasons_free(list, n);
	return pick >= 0 ? 0 : -1;
}

int
reg_action_ask(struct ui *ui, const struct holder_view *h, int pick)
{
	struct reg_action	 act;
	struct actor		 who;
	const char		*title = _("Administrative action (処分)");
	char			 answer[16], date[64], until[64] = "", code[17], text[256];
	char			 id[37], *cause = NULL;
	int			 which;

	if (dialog_input(ui, title, _("1 suspension (停止), 2 cancellation (取消), 3 return "
	    "order (返納命令), 4 return (返還):"), 0, answer, sizeof answer) != 0)
		return -1;
	if ((which = dialog_choice_number(answer, N_ACTIONS, -1)) < 0) {
		ui_set_message(ui, _("Answer 1 to 4; nothing was filed."));
		return -1;
	}
	if (dialog_input(ui, title, which == 0 ? _("First day of the suspension:") :
	    _("Date of the action:"), 0, date, sizeof date) != 0)
		return -1;
	if ((which == 0 && dialog_input(ui, title, _("Last day of the suspension:"), 0, until,
	    sizeof until) != 0) || (which == 2 && dialog_input(ui, title, _("Due date of the "
	    "return:"), 0, until, sizeof until) != 0))
		return -1;
	if (ask_reason(ui, title, actions[which], code) != 0 ||
	    dialog_input(ui, title, _("Reason (text):"), 0, text, sizeof text) != 0)
		return -1;
	act.action = actions[which];
	act.date = date;
	act.until = until;
	act.reason_code = code;
	act.reason_text = text;
	session_actor(ui_session(ui), &who);
	if (action_submit(ui_db(ui), &who, h->registrations[pick].id, &act, id, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return -1;
	}
	ui_set_message(ui, _("Filed the %s; awaits a supervisor."),
	    reg_code_label(reg_event_kinds, actions[which]));
	return 0;
}

int
reg_action_lines(struct ui *ui, const struct application *a, char **out)
{
	struct action_reason	*reasons = NULL;
	const char		*action, *label, *date, *until, *code, *text, *why;
	char			*cause = NULL;
	size_t			 n = 0, i;

	if ((action = reg_values_get(a->values, a->n_values, ACTION_KEY)) == NULL)
		return 0;
	if ((label = reg_code_label(reg_event_kinds, action)) == NULL)
		label = action;
	date = reg_values_get(a->values, a->n_values, ACTION_DATE_KEY);
	until = reg_values_get(a->values, a->n_values, ACTION_UNTIL_KEY);
	code = reg_values_get(a->values, a->n_values, ACTION_REASON_KEY);
	text = reg_values_get(a->values, a->n_values, ACTION_TEXT_KEY);
	/* A 返納命令 the reader may not see (action_view_mask blanked it). */
	if (date == NULL || *date == '\0') {
		out[0] = xstrdup(label);
		out[1] = xstrdup(_("Reason: (要配慮 — supervisors only)"));
		return 2;
	}
	if (until != NULL && *until != '\0')
		xasprintf(&out[0], _("%s from %s until %s"), label, date, until);
	else
		xasprintf(&out[0], _("%s from %s"), label, date);
	why = code != NULL ? code : "";
	if (action_reasons(ui_db(ui), action, &reasons, &n, &cause) != 0)
		free(cause);
	for (i = 0; i < n; i++) {
		if (strcmp(reasons[i].code, why) == 0)
			why = reasons[i].label;
	}
	if (text != NULL && *text != '\0')
		xasprintf(&out[1], _("Reason: %s; %s"), why, text);
	else
		xasprintf(&out[1], "%s: %s", _("Reason"), why);
	action_reasons_free(reasons, n);
	return 2;
}

void
reg_actions_daily(struct ui *ui)
{
	struct actor	 who;
	char		*cause = NULL;
	int		 ended;

	session_actor(ui_session(ui), &who);
	if (suspensions_end(ui_db(ui), &who, &ended, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
	} else if (ended > 0)
		ui_set_message(ui, _("Suspensions whose period is over ended: %d."), ended);
}

char *
reg_action_event_detail(struct ui *ui, const struct event_view *e)
{
	struct action_reason	*reasons = NULL;
	const char		*why;
	char			*line = NULL, *with, *cause = NULL;
	size_t			 n = 0, i;

	if (e->until_date != NULL && strcmp(e->kind, "suspend") == 0)
		xasprintf(&line, _("Period: %s to %s"), e->event_date, e->until_date);
	else if (e->until_date != NULL && strcmp(e->kind, "return-order") == 0)
		xasprintf(&line, _("Due date: %s"), e->until_date);
	if (e->reason_code == NULL || *e->reason_code == '\0' ||
	    reg_event_reason(e->kind, e->reason_code) != NULL)
		return line;
	/* The code in the reader's words, as the reason codes table has them. */
	why = e->reason_code;
	if (action_reasons(ui_db(ui), e->kind, &reasons, &n, &cause) != 0)
		free(cause);
	for (i = 0; i < n; i++) {
		if (strcmp(reasons[i].code, why) == 0)
			why = reasons[i].label;
	}
	if (line != NULL)
		xasprintf(&with, "%s; %s: %s", line, _("Reason code"), why);
	else
		xasprintf(&with, "%s: %s", _("Reason code"), why);
	action_reasons_free(reasons, n);
	free(line);
	return with;
}

int
reg_refuse_ask(struct ui *ui, const struct application *a)
{
	struct actor	 who;
	const char	*title = _("Refusal (交付拒否)");
	char		 date[64], code[17], text[256], *cause = NULL;

	if (strcmp(a->kind, "registration") != 0) {
		ui_set_message(ui, _("Only a registration application is refused (交付拒否)."));
		return -1;
	}
	if (dialog_input(ui, title, _("Date of the refusal:"), 0, date, sizeof date) != 0 ||
	    ask_reason(ui, title, "refuse", code) != 0 ||
	    dialog_input(ui, title, _("Reason (text, 要配慮):"), 0, text, sizeof text) != 0)
		return -1;
	session_actor(ui_session(ui), &who);
	if (registration_refuse(ui_db(ui), &who, a->id, date, code, text, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return -1;
	}
	ui_set_message(ui, _("Refused the registration (交付拒否)."));
	return 0;
}
