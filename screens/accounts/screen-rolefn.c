/* The role→function table (アクセス権限と事務の対応表), as the database holds it. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "i18n.h"
#include "screens.h"
#include "widgets/widget.h"
#include "xmalloc.h"

#define ROLES	4	/* clerk supervisor sysadmin auditor, in the roles table's order */

struct rolefn_state {
	struct ui		*ui;
	struct rolefn_row	*rows;
	size_t			 n;
	struct list		 view;
};

static void	*rolefn_init(struct ui *, void *);
static enum key_result rolefn_key(void *, const struct key_event *);
static void	 rolefn_draw(void *, struct ui *);
static void	 rolefn_free(void *);
static void	 rolefn_draw_row(void *, int, int, int, int, int);

static void *
rolefn_init(struct ui *ui, void *arg)
{
	struct rolefn_state	*s;
	char			*cause = NULL;

	(void)arg;
	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	if (rolefn_table(ui_db(ui), i18n_japanese(), &s->rows, &s->n, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
	}
	list_init(&s->view, (int)(s->n / ROLES), rolefn_draw_row, s);
	return s;
}

/* One function per row, one column per role: rows come grouped by function. */
static void
rolefn_draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct rolefn_state	*s = arg;
	struct rolefn_row	*r = &s->rows[row * ROLES];
	int			 i;

	(void)selected;
	(void)width;
	ui_put(y, x + 1, 30, r->label);
	if (r->personal_data)
		ui_put(y, x + 32, 2, "*");
	for (i = 0; i < ROLES; i++)
		ui_put(y, x + 36 + i * 11, 4, r[i].allowed ? "●" : "-");
}

static enum key_result
rolefn_key(void *state, const struct key_event *ev)
{
	struct rolefn_state	*s = state;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	return list_key(&s->view, ev, ui_lines(s->ui) - 7) ? KEY_HANDLED : KEY_UNHANDLED;
}

static void
rolefn_draw(void *state, struct ui *ui)
{
	struct rolefn_state	*s = state;
	static const struct key_hint hints[] = {
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	size_t			 i;

	ui_draw_frame(ui, _("Role-function table"), hints);
	attron(A_BOLD);
	ui_put(2, 2, 30, _("Function"));
	for (i = 0; i < ROLES && i < s->n; i++)
		ui_put(2, 37 + (int)i * 11, 10, s->rows[i].role);
	attroff(A_BOLD);
	list_draw(&s->view, 3, 1, ui_cols(ui) - 2, ui_lines(ui) - 7);
	ui_put(ui_lines(ui) - 3, 2, ui_cols(ui) - 4, _("* shows personal data (never the "
	    "sysadmin's)."));
}

static void
rolefn_free(void *state)
{
	struct rolefn_state	*s = state;

	free(s->rows);
	free(s);
}

const struct screen_ops screen_rolefn = {
	.name = "rolefn",
	.help = N_("Which function each role may use. The table is the same for the whole "
	    "terminal; changing it is a supervisor's decision."),
	.init = rolefn_init,
	.key = rolefn_key,
	.draw = rolefn_draw,
	.free = rolefn_free,
};
