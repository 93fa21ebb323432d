/*
 * The role→function table (アクセス権限と事務の対応表), as the database holds it, with
 * the changes that wait shown before → after in their cells (issue 31): c requests one for
 * the selected function, a and r decide one another supervisor requested.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/rolefn-changes.h"
#include "i18n.h"
#include "screens.h"
#include "textwidth.h"
#include "session.h"
#include "widgets/widget.h"
#include "xmalloc.h"

#define ROLES	4	/* clerk supervisor sysadmin auditor, in the roles table's order */

struct rolefn_state {
	struct ui		*ui;
	struct rolefn_row	*rows;
	size_t			 n;
	struct rolefn_change	*pending;
	size_t			 n_pending;
	struct list		 view;
	int			 can_change;
};

static void	 rolefn_load(struct rolefn_state *);
static const struct rolefn_change *rolefn_pending(struct rolefn_state *, const char *,
		    const char *);
static void	 rolefn_request(struct rolefn_state *);
static void	 rolefn_decide(struct rolefn_state *, int);
static void	*rolefn_init(struct ui *, void *);
static enum key_result rolefn_key(void *, const struct key_event *);
static void	 rolefn_draw(void *, struct ui *);
static void	 rolefn_free(void *);
static void	 rolefn_draw_row(void *, int, int, int, int, int);

static void
rolefn_load(struct rolefn_state *s)
{
	char	*cause = NULL;
	int	 selected = s->view.selected;

	free(s->rows);
	rolefn_changes_free(s->pending, s->n_pending);
	s->rows = NULL;
	s->pending = NULL;
	s->n = s->n_pending = 0;
	if (rolefn_table(ui_db(s->ui), i18n_japanese(), &s->rows, &s->n, &cause) != 0 ||
	    rolefn_changes_pending(ui_db(s->ui), &s->pending, &s->n_pending, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
	list_init(&s->view, (int)(s->n / ROLES), rolefn_draw_row, s);
	if (selected < s->view.n)
		s->view.selected = selected;
}

static void *
rolefn_init(struct ui *ui, void *arg)
{
	struct rolefn_state	*s;

	(void)arg;
	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	s->can_change = rolefn_allowed(ui_db(ui), ui_session(ui)->user, "rolefn.change");
	rolefn_load(s);
	return s;
}

/* The change of role's function that waits, if any. */
static const struct rolefn_change *
rolefn_pending(struct rolefn_state *s, const char *role, const char *function)
{
	size_t	 i;

	for (i = 0; i < s->n_pending; i++) {
		if (strcmp(s->pending[i].role, role) == 0 &&
		    strcmp(s->pending[i].function, function) == 0)
			return &s->pending[i];
	}
	return NULL;
}

/* c: the selected function for a role, granted or withdrawn, and why. */
static void
rolefn_request(struct rolefn_state *s)
{
	struct rolefn_row	*r = &s->rows[s->view.selected * ROLES];
	struct actor		 who;
	char			 role[32], reason[512], *cause = NULL, *question;
	size_t			 i;
	int			 allow = -1;

	if (ui_check_access(s->ui, "rolefn.change") != 0)
		return;
	if (dialog_input(s->ui, _("Change the role-function table"), _("Role (clerk "
	    "supervisor sysadmin auditor):"), 0, role, sizeof role) != 0)
		return;
	for (i = 0; i < ROLES; i++) {
		if (strcmp(r[i].role, role) == 0)
			allow = !r[i].allowed;
	}
	if (allow < 0) {
		ui_set_message(s->ui, _("No role \"%s\"; nothing was requested."), role);
		return;
	}
	xasprintf(&question, _("%s: %s\n%s → %s\nWhy?"), role, r->label,
	    allow ? "-" : "●", allow ? "●" : "-");
	if (dialog_input(s->ui, _("Change the role-function table"), question, 0, reason,
	    sizeof reason) != 0) {
		free(question);
		return;
	}
	free(question);
	session_actor(ui_session(s->ui), &who);
	if (rolefn_change_request(ui_db(s->ui), &who, role, r->function, allow, reason, NULL,
	    &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	ui_set_message(s->ui, _("Requested; another supervisor approves it here (a)."));
	rolefn_load(s);
}

/* a or r: a change of the selected function that another supervisor requested. */
static void
rolefn_decide(struct rolefn_state *s, int approve)
{
	struct rolefn_row		*r = &s->rows[s->view.selected * ROLES];
	const struct rolefn_change	*c = NULL;
	struct actor			 who;
	char				 role[32], comment[512], *cause = NULL;
	size_t				 i, waiting = 0;

	if (ui_check_access(s->ui, "rolefn.change") != 0)
		return;
	for (i = 0; i < ROLES; i++) {
		if (rolefn_pending(s, r[i].role, r->function) != NULL) {
			c = rolefn_pending(s, r[i].role, r->function);
			waiting++;
		}
	}
	if (waiting == 0) {
		ui_set_message(s->ui, _("No change of this function waits."));
		return;
	}
	if (waiting > 1) {
		if (dialog_input(s->ui, _("Change the role-function table"), _("Which role's "
		    "change?"), 0, role, sizeof role) != 0)
			return;
		if ((c = rolefn_pending(s, role, r->function)) == NULL) {
			ui_set_message(s->ui, _("No change for \"%s\" waits."), role);
			return;
		}
	}
	if (dialog_input(s->ui, approve ? _("Approve the change") : _("Reject the change"),
	    approve ? _("Comment (optional):") : _("Why is it rejected?"), 0, comment,
	    sizeof comment) != 0)
		return;
	session_actor(ui_session(s->ui), &who);
	if (rolefn_change_decide(ui_db(s->ui), &who, c->id, approve, comment, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	ui_set_message(s->ui, approve ? _("Approved: the table is changed.") :
	    _("Rejected: the table stays as it is."));
	rolefn_load(s);
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
	for (i = 0; i < ROLES; i++) {
		/* A change that waits: before → after. */
		if (rolefn_pending(s, r[i].role, r->function) != NULL)
			ui_put(y, x + 36 + i * 11, 10, r[i].allowed ? "● → -" : "- → ●");
		else
			ui_put(y, x + 36 + i * 11, 4, r[i].allowed ? "●" : "-");
	}
}

static enum key_result
rolefn_key(void *state, const struct key_event *ev)
{
	struct rolefn_state	*s = state;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (list_key(&s->view, ev, ui_lines(s->ui) - 7))
		return KEY_HANDLED;
	if (ev->is_func || s->n == 0 || !s->can_change)
		return KEY_UNHANDLED;
	switch (ev->code) {
	case 'c':
		rolefn_request(s);
		return KEY_HANDLED;
	case 'a':
	case 'r':
		rolefn_decide(s, ev->code == 'a');
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static void
rolefn_draw(void *state, struct ui *ui)
{
	struct rolefn_state	*s = state;
	static const struct key_hint hints[] = {
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint change_hints[] = {
		{ "c", N_("Request a change") }, { "a", N_("Approve") }, { "r", N_("Reject") },
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	size_t			 i;

	ui_draw_frame(ui, _("Role-function table"), s->can_change ? change_hints : hints);
	attron(A_BOLD);
	ui_put(2, 2, 30, _("Function"));
	for (i = 0; i < ROLES && i < s->n; i++) {
		/* The role's label in Japanese (事務従事者 …), its code otherwise. */
		char	*label = role_labels(ui_db(ui), s->rows[i].role);
		char	*cut = textwidth_truncate(label, 10, 1);

		ui_put(2, 37 + (int)i * 11, 10, cut);
		free(cut);
		free(label);
	}
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
	rolefn_changes_free(s->pending, s->n_pending);
	free(s);
}

const struct screen_ops screen_rolefn = {
	.name = "rolefn",
	.help = N_("Which function each role may use, the same on every terminal of the "
	    "office. c requests a change for the selected function; another supervisor "
	    "approves (a) or rejects (r) it; a change that waits shows as before → after."),
	.init = rolefn_init,
	.key = rolefn_key,
	.draw = rolefn_draw,
	.free = rolefn_free,
};
