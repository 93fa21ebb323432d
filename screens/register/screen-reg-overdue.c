/* screens/register/: the register's screens. May use: lib/, db/, screens/. */
/*
 * Overdue returns (返納期限の超過, issue 25): the registrations ordered back (返納命令)
 * whose certificate is still valid after the due date, oldest due first. The due dates are
 * 要配慮: the screen needs register.overdue, which the data layer checks too. Enter opens
 * the holder.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "i18n.h"
#include "register/reg-actions.h"
#include "register/register-actions.h"
#include "screens.h"
#include "session.h"
#include "widgets/widget.h"
#include "xmalloc.h"

struct overdue_state {
	struct ui		*ui;
	struct overdue_return	*list;
	size_t			 n;
	struct list		 view;
};

static void
overdue_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct overdue_state	*s = arg;
	struct overdue_return	*o = &s->list[row];
	char			*line;

	(void)selected;
	xasprintf(&line, "%-10s  %-12s  %s", o->due_date, o->certificate_number, o->name);
	ui_put(y, x + 1, width - 2, line);
	free(line);
}

static void *
overdue_init(struct ui *ui, void *arg)
{
	struct overdue_state	*s = xcalloc(1, sizeof *s);
	struct actor		 who;
	char			*cause = NULL;

	(void)arg;
	s->ui = ui;
	session_actor(ui_session(ui), &who);
	if (overdue_returns(ui_db(ui), &who, &s->list, &s->n, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
	}
	list_init(&s->view, (int)s->n, overdue_row, s);
	return s;
}

static enum key_result
overdue_key(void *state, const struct key_event *ev)
{
	struct overdue_state	*s = state;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (list_key(&s->view, ev, ui_lines(s->ui) - 6))
		return KEY_HANDLED;
	if (!ev->is_func && (ev->code == '\r' || ev->code == '\n') && s->n > 0) {
		ui_push(s->ui, &screen_holder, s->list[s->view.selected].holder_id);
		return KEY_HANDLED;
	}
	return ev->is_func ? KEY_UNHANDLED : ui_key_unused(s->ui, ev);
}

static void
overdue_draw(void *state, struct ui *ui)
{
	struct overdue_state	*s = state;
	static const struct key_hint hints[] = {
		{ "Enter", N_("Open") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};

	ui_draw_frame(ui, _("Overdue returns (返納期限の超過)"), hints);
	if (s->n == 0) {
		ui_put(2, 2, ui_cols(ui) - 4, _("No certificate is overdue."));
		return;
	}
	ui_put(2, 2, ui_cols(ui) - 4, _("Due date    Certificate   Holder"));
	list_draw(&s->view, 3, 1, ui_cols(ui) - 2, ui_lines(ui) - 6);
}

static void
overdue_free(void *state)
{
	struct overdue_state	*s = state;

	if (s == NULL)
		return;
	overdue_returns_free(s->list, s->n);
	free(s);
}

const struct screen_ops screen_overdue = {
	.name = "register-overdue",
	.help = N_("The registrations ordered back (返納命令) whose certificate is still "
	    "valid after the due date, oldest first. Enter opens the holder; a return "
	    "(返還) filed there takes the line off."),
	.init = overdue_init,
	.key = overdue_key,
	.draw = overdue_draw,
	.free = overdue_free,
};
