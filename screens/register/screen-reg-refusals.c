/* screens/register/: the register's screens. May use: lib/, db/, screens/. */
/*
 * Refusals (交付拒否, issue 25): the registration applications refused for persons not on
 * the register, newest first, with the date, the supervisor who decided, the applicant as
 * the application names him, the reason code and the reason. They are 要配慮: the data
 * layer lets only register.sensitive read them and audits each reading. A holder already
 * on the register has the refusal in his history instead.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "i18n.h"
#include "register/refusals-list.h"
#include "register/reg-refusals.h"
#include "screens.h"
#include "session.h"
#include "widgets/widget.h"
#include "xmalloc.h"

struct refusals_state {
	struct ui		*ui;
	struct refusal_row	*list;
	size_t			 n;
	int			 denied;
	struct list		 view;
};

static void
refusals_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct refusals_state	*s = arg;
	struct refusal_row	*r = &s->list[row];
	char			*line;

	(void)selected;
	if (*r->reason_text != '\0')
		xasprintf(&line, "%-10s  %-8s  %s  %s: %s", r->refusal_date, r->approved_by,
		    r->applicant, r->reason, r->reason_text);
	else
		xasprintf(&line, "%-10s  %-8s  %s  %s", r->refusal_date, r->approved_by,
		    r->applicant, r->reason);
	ui_put(y, x + 1, width - 2, line);
	free(line);
}

static void *
refusals_init(struct ui *ui, void *arg)
{
	struct refusals_state	*s = xcalloc(1, sizeof *s);
	struct actor		 who;
	char			*cause = NULL;

	(void)arg;
	s->ui = ui;
	session_actor(ui_session(ui), &who);
	if (refusals_list(ui_db(ui), &who, &s->list, &s->n, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		s->denied = 1;
	}
	list_init(&s->view, (int)s->n, refusals_row, s);
	return s;
}

/* Enter: the whole line of the one picked, with who filed the application. */
static void
refusals_show(struct refusals_state *s)
{
	struct refusal_row	*r = &s->list[s->view.selected];
	char			*text;

	xasprintf(&text, _("Date: %s\nApplicant: %s\nReason code: %s\nReason: %s\nFiled by "
	    "%s, refused by %s"), r->refusal_date, r->applicant, r->reason, r->reason_text,
	    r->created_by, r->approved_by);
	dialog_message(s->ui, _("Refusals (交付拒否)"), text);
	free(text);
}

static enum key_result
refusals_key(void *state, const struct key_event *ev)
{
	struct refusals_state	*s = state;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (list_key(&s->view, ev, ui_lines(s->ui) - 6))
		return KEY_HANDLED;
	if (!ev->is_func && (ev->code == '\r' || ev->code == '\n') && s->n > 0) {
		refusals_show(s);
		return KEY_HANDLED;
	}
	return ev->is_func ? KEY_UNHANDLED : ui_key_unused(s->ui, ev);
}

static void
refusals_draw(void *state, struct ui *ui)
{
	struct refusals_state	*s = state;
	static const struct key_hint hints[] = {
		{ "Enter", N_("Open") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};

	ui_draw_frame(ui, _("Refusals (交付拒否)"), hints);
	if (s->denied)
		return;
	if (s->n == 0) {
		ui_put(2, 2, ui_cols(ui) - 4, _("No registration has been refused."));
		return;
	}
	ui_put(2, 2, ui_cols(ui) - 4, _("Date        Decided   Applicant  Reason code: reason"));
	list_draw(&s->view, 3, 1, ui_cols(ui) - 2, ui_lines(ui) - 6);
}

static void
refusals_free_state(void *state)
{
	struct refusals_state	*s = state;

	if (s == NULL)
		return;
	refusals_free(s->list, s->n);
	free(s);
}

const struct screen_ops screen_refusals = {
	.name = "register-refusals",
	.help = N_("Registration applications refused (交付拒否) for persons not on the "
	    "register, newest first; a holder's own are in his history. Enter shows one "
	    "whole. Shown only with register.sensitive (要配慮), each viewing audited."),
	.init = refusals_init,
	.key = refusals_key,
	.draw = refusals_draw,
	.free = refusals_free_state,
};
