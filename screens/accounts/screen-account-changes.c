/*
 * Account changes (issue 31): every change of an account, those awaiting a decision first,
 * each with what it changes (before → after) and why. A supervisor approves (a) or rejects
 * (r) one that waits, never their own; an auditor reads.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/account-changes.h"
#include "accounts/accounts.h"
#include "i18n.h"
#include "screens.h"
#include "session.h"
#include "timestamp.h"
#include "widgets/widget.h"
#include "xmalloc.h"

struct changes_state {
	struct ui		*ui;
	struct account_change	*list;
	size_t			 n;
	char			**what;		/* describe() of each, for the rows */
	struct list		 view;
	int			 can_decide;
};

static void	 changes_load(struct changes_state *);
static void	 changes_unload(struct changes_state *);
static void	 changes_draw_row(void *, int, int, int, int, int);
static void	 changes_decide(struct changes_state *, int);
static void	*changes_init(struct ui *, void *);
static enum key_result changes_key(void *, const struct key_event *);
static void	 changes_draw(void *, struct ui *);
static void	 changes_free(void *);

/* A change's states, shown in the screen's language (the register keeps the code). */
static const char *const change_states[] = { N_("requested"), N_("approved"),
	N_("rejected"), NULL };

static void
changes_unload(struct changes_state *s)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		free(s->what[i]);
	free(s->what);
	account_changes_free(s->list, s->n);
	s->what = NULL;
	s->list = NULL;
	s->n = 0;
}

/* Waiting ones first, then the decided ones, newest first. */
static void
changes_load(struct changes_state *s)
{
	struct account_change	*all, tmp;
	size_t			 i, k = 0;
	char			*cause = NULL;

	changes_unload(s);
	if (account_changes_list(ui_db(s->ui), 0, &all, &s->n, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		s->n = 0;
		all = NULL;
	}
	for (i = 0; i < s->n; i++) {
		if (strcmp(all[i].status, "requested") == 0) {
			tmp = all[k];
			all[k++] = all[i];
			all[i] = tmp;
		}
	}
	s->list = all;
	s->what = xcalloc(s->n + 1, sizeof *s->what);
	for (i = 0; i < s->n; i++)
		s->what[i] = account_change_describe(ui_db(s->ui), &s->list[i]);
	list_init(&s->view, (int)s->n, changes_draw_row, s);
}

static void *
changes_init(struct ui *ui, void *arg)
{
	struct changes_state	*s;
	struct actor		 who;

	(void)arg;
	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	s->can_decide = rolefn_allowed(ui_db(ui), ui_session(ui)->user, "account.approve");
	changes_load(s);
	session_actor(ui_session(ui), &who);
	(void)audit_actor(ui_db(ui), &who, "account.changes.view", "", "ok", "", NULL);
	return s;
}

static void
changes_draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct changes_state	*s = arg;
	struct account_change	*c = &s->list[row];

	(void)selected;
	ui_put(y, x + 1, 12, c->user_name);
	ui_put(y, x + 14, 9, ui_code_word(change_states, c->status));
	ui_put(y, x + 24, width - 25, s->what[row]);
}

static void
changes_decide(struct changes_state *s, int approve)
{
	struct account_change	*c = &s->list[s->view.selected];
	struct actor		 who;
	char			 comment[512], *cause = NULL, *user;

	if (ui_check_access(s->ui, "account.approve") != 0)
		return;
	if (dialog_input(s->ui, approve ? _("Approve the change") : _("Reject the change"),
	    approve ? _("Comment (optional):") : _("Why is it rejected?"), 0, comment,
	    sizeof comment) != 0)
		return;
	session_actor(ui_session(s->ui), &who);
	user = xstrdup(c->user_name);
	if (account_change_decide(ui_db(s->ui), &who, c->id, approve, comment, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	} else {
		ui_set_message(s->ui, approve ? _("Approved the change of %s's account.") :
		    _("Rejected the change of %s's account."), user);
		changes_load(s);
	}
	free(user);
}

static enum key_result
changes_key(void *state, const struct key_event *ev)
{
	struct changes_state	*s = state;
	struct account_change	*c;
	char			*text, requested[TIMESTAMP_SHOW_SIZE];
	char			 decided[TIMESTAMP_SHOW_SIZE];

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (list_key(&s->view, ev, ui_lines(s->ui) - 6))
		return KEY_HANDLED;
	if (s->n == 0 || ev->is_func)
		return KEY_UNHANDLED;
	c = &s->list[s->view.selected];
	switch (ev->code) {
	case '\r':
	case '\n':
		/* Local times in the date style, not the UTC the register keeps. */
		xasprintf(&text, _("Account:    %s\nChanges:    %s\nWhy:        %s: %s\n"
		    "Status:     %s\nRequested:  %s by %s\nDecided:    %s by %s (%s)"),
		    c->user_name, s->what[s->view.selected],
		    account_change_reason_label(c->reason_code), c->reason,
		    ui_code_word(change_states, c->status), ui_time_text(s->ui, c->requested_at,
		    0, requested, sizeof requested), c->requested_by, c->decided_at != NULL ?
		    ui_time_text(s->ui, c->decided_at, 0, decided, sizeof decided) : "-",
		    c->decided_by != NULL ? c->decided_by : "-",
		    c->decision_comment != NULL ? c->decision_comment : "");
		dialog_message(s->ui, _("Account change"), text);
		free(text);
		return KEY_HANDLED;
	case 'a':
	case 'r':
		if (strcmp(c->status, "requested") != 0) {
			ui_set_message(s->ui, _("This change was decided already."));
			return KEY_HANDLED;
		}
		changes_decide(s, ev->code == 'a');
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static void
changes_draw(void *state, struct ui *ui)
{
	struct changes_state	*s = state;
	static const struct key_hint decide_hints[] = {
		{ "Enter", N_("Details") }, { "a", N_("Approve") }, { "r", N_("Reject") },
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint reader_hints[] = {
		{ "Enter", N_("Details") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};

	ui_draw_frame(ui, _("Account changes"), s->can_decide ? decide_hints : reader_hints);
	attron(A_BOLD);
	ui_put(2, 2, 12, _("User"));
	ui_put(2, 15, 9, _("Status"));
	ui_put(2, 25, ui_cols(ui) - 26, _("What changes"));
	attroff(A_BOLD);
	if (s->n == 0) {
		ui_put(4, 2, ui_cols(ui) - 4, _("No account has been changed."));
		return;
	}
	list_draw(&s->view, 3, 1, ui_cols(ui) - 2, ui_lines(ui) - 6);
}

static void
changes_free(void *state)
{
	struct changes_state	*s = state;

	changes_unload(s);
	free(s);
}

const struct screen_ops screen_account_changes = {
	.name = "account-changes",
	.help = N_("Changes of accounts (roles, procedures, My Number permission, validity): "
	    "those waiting first. a approves, r rejects with why; nobody decides a change "
	    "they requested or of their own account. c in the account register requests "
	    "one."),
	.init = changes_init,
	.key = changes_key,
	.draw = changes_draw,
	.free = changes_free,
};
