/*
 * The supervisor's queue of register applications (SPEC §4): oldest first; open one to see
 * every value (a correction beside the record's), approve or reject with a comment. The
 * data layer applies the change and refuses a supervisor's own application (four eyes).
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "i18n.h"
#include "register/register-items.h"
#include "register/reg-merge.h"
#include "register/register-merge.h"
#include "register/reg-actions.h"
#include "reception/reception.h"
#include "register/register.h"
#include "register/reg-corrections.h"
#include "retention/retention.h"
#include "screens.h"
#include "session.h"
#include "textwidth.h"
#include "widgets/widget.h"
#include "timestamp.h"
#include "xmalloc.h"

struct approve_state {
	struct ui		*ui;
	struct application	*list;
	size_t			 n;
	struct list		 view;
	struct application	 open;		/* the application shown in detail */
	int			 is_open;
	char			**lines;
	int			 n_lines;
	int			 top;
	size_t			 retention;	/* others' retention requests open */
};

static void	*approve_init(struct ui *, void *);
static enum key_result approve_key(void *, const struct key_event *);
static void	 approve_draw(void *, struct ui *);
static void	 approve_free(void *);
static void	 approve_load(struct approve_state *);
static void	 approve_count_retention(struct approve_state *);
static void	 approve_open(struct approve_state *);
static void	 approve_close(struct approve_state *);
static void	 approve_decide(struct approve_state *, int);
static void	 approve_draw_row(void *, int, int, int, int, int);

/*
 * The queue also says what waits elsewhere for a second supervisor: retention changes and
 * erasures, decided on their own screen (their dry run's figures are there).
 */
static void
approve_count_retention(struct approve_state *s)
{
	struct retention_request	*v;
	char				*cause = NULL;
	size_t				 n, i;

	s->retention = 0;
	if (!rolefn_allowed(ui_db(s->ui), ui_session(s->ui)->user, "retention.manage"))
		return;
	if (retention_requests_read(ui_db(s->ui), 1, &v, &n, &cause) != 0) {
		free(cause);
		return;
	}
	for (i = 0; i < n; i++)
		s->retention += strcmp(v[i].proposed_by, ui_session(s->ui)->user) != 0;
	retention_requests_free(v, n);
}

static void
approve_load(struct approve_state *s)
{
	struct actor	 who;
	char		*cause = NULL;

	application_list_free(s->list, s->n);
	s->list = NULL;
	s->n = 0;
	session_actor(ui_session(s->ui), &who);
	if (application_list(ui_db(s->ui), &who, 1, &s->list, &s->n, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
	list_init(&s->view, (int)s->n, approve_draw_row, s);
	approve_count_retention(s);
}

static void *
approve_init(struct ui *ui, void *arg)
{
	struct approve_state	*s;

	(void)arg;
	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	approve_load(s);
	return s;
}

static void
approve_draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct approve_state	*s = arg;
	struct application	*a = &s->list[row];
	const char		*kind = reg_code_label(reg_application_kinds, a->kind);
	char			*cell;

	(void)selected;
	ui_put_time(s->ui, y, x + 1, 10, a->requested_at);	/* the local date */
	ui_put(y, x + 12, 13, a->reception_number != NULL ? a->reception_number : "-");
	ui_put(y, x + 26, 12, kind != NULL ? kind : a->kind);
	cell = textwidth_truncate(a->holder_name != NULL ? a->holder_name : "", 18, 0);
	ui_put(y, x + 39, 18, cell);
	free(cell);
	ui_put(y, x + 58, width - 59, a->requested_by);
}

static void
approve_close(struct approve_state *s)
{
	int	 i;

	for (i = 0; i < s->n_lines; i++)
		free(s->lines[i]);
	free(s->lines);
	s->lines = NULL;
	s->n_lines = 0;
	s->top = 0;
	if (s->is_open)
		application_clear(&s->open);
	s->is_open = 0;
}

/*
 * The reception, its channel, and how the identity was confirmed (本人確認): two lines into
 * lines[*n].
 */
static void
approve_reception_lines(struct approve_state *s, const struct application *a)
{
	struct reception	 r;
	char			*docs, *cause = NULL;

	if (reception_get(ui_db(s->ui), a->reception_number, &r, &cause) != 0) {
		free(cause);
		s->lines[s->n_lines++] = xstrdup(a->reception_number);
		return;
	}
	xasprintf(&s->lines[s->n_lines++], _("Reception (受付): %s, %s"), r.number,
	    reception_channel_label(r.channel));
	if (r.identity != NULL) {
		docs = reception_documents_shown(ui_db(s->ui), r.identity);
		xasprintf(&s->lines[s->n_lines++], _("Identity (本人確認): %s, checked by %s"),
		    docs, r.identity_by);
		free(docs);
	} else
		s->lines[s->n_lines++] = xstrdup(_("Identity (本人確認): not recorded on the "
		    "reception"));
	reception_clear(&r);
}

/* Every value with its label; for a correction, the record's value → the new one. */
static void
approve_open(struct approve_state *s)
{
	const struct reg_item	*item;
	struct actor		 who;
	struct application	*a = &s->open;
	const char		*kind, *before;
	char			*cause = NULL, *shown, *was, at[TIMESTAMP_SHOW_SIZE];
	size_t			 i;
	int			 era = ui_era_dates(s->ui);

	approve_close(s);
	session_actor(ui_session(s->ui), &who);
	if (application_get(ui_db(s->ui), &who, s->list[s->view.selected].id, a,
	    &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	s->is_open = 1;
	kind = reg_code_label(reg_application_kinds, a->kind);
	s->lines = xcalloc(a->n_values + 6, sizeof *s->lines);
	xasprintf(&s->lines[s->n_lines++], _("%s application by %s at %s"),
	    kind != NULL ? kind : a->kind, a->requested_by, ui_time_text(s->ui,
	    a->requested_at, 0, at, sizeof at));
	if (a->reception_number != NULL)
		approve_reception_lines(s, a);
	xasprintf(&s->lines[s->n_lines++], "%s: %s", _("Holder"),
	    a->holder_name != NULL ? a->holder_name : "");
	/* A reissue: the certificate it voids (the lines have room for one more). */
	if (strcmp(a->kind, "reissue") == 0 &&
	    (s->lines[s->n_lines] = reissue_describe(s->ui, a->registration_id)) != NULL)
		s->n_lines++;
	/* A merge or split: the other holder (the same spare line). */
	if ((s->lines[s->n_lines] = reg_merge_describe(s->ui, a)) != NULL)
		s->n_lines++;
	/* A registration's correction: which registration (the same room, another kind). */
	else if (strcmp(a->kind, "correction") == 0 && (s->lines[s->n_lines] =
	    regcorr_registration_label(ui_db(s->ui), a->registration_id)) != NULL)
		s->n_lines++;
	s->lines[s->n_lines++] = xstrdup("");
	/* An administrative action: what, when and why in words, not its payload's keys. */
	if (strcmp(a->kind, "action") == 0) {
		s->n_lines += reg_action_lines(s->ui, a, &s->lines[s->n_lines]);
		return;
	}
	for (i = 0; i < a->n_values; i++) {
		item = reg_item_find(NULL, a->values[i].key);
		/* A reason the product wrote as codes is shown in words. */
		if (strcmp(a->values[i].key, "reason_text") == 0)
			shown = reg_reason_text(reg_values_get(a->values, a->n_values,
			    "correction_reason"), a->values[i].value);
		else
			shown = item != NULL ? reg_display(item, a->values[i].value, era) :
			    xstrdup(a->values[i].value);
		before = reg_values_get(a->current, a->n_current, a->values[i].key);
		if (before != NULL) {
			was = reg_display(item, before, era);
			xasprintf(&s->lines[s->n_lines++], "%s: %s → %s",
			    item != NULL ? _(item->label) : a->values[i].key, was, shown);
			free(was);
		} else
			xasprintf(&s->lines[s->n_lines++], "%s: %s",
			    item != NULL ? _(item->label) : a->values[i].key, shown);
		free(shown);
	}
}

static void
approve_decide(struct approve_state *s, int approve)
{
	struct actor	 who;
	char		 comment[512], *cause = NULL, *id, *name;
	struct application *a;
	char		*reissued = NULL, *different = NULL;
	int		 rc;

	if (s->n == 0 || ui_check_access(s->ui, "approval.queue") != 0)
		return;
	/* A new holder: the duplicate check again, on the register as it is now. */
	if (approve && reg_merge_approval_dups(s->ui, s->is_open ? s->open.id :
	    s->list[s->view.selected].id, &different) != 0)
		return;
	if (dialog_input(s->ui, approve ? _("Approve application") : _("Reject application"),
	    approve ? _("Comment (optional):") : _("Why is it rejected?"), 0, comment,
	    sizeof comment) != 0) {
		free(different);
		return;
	}
	id = xstrdup(s->is_open ? s->open.id : s->list[s->view.selected].id);
	name = xstrdup(s->list[s->view.selected].holder_name != NULL ?
	    s->list[s->view.selected].holder_name : "");
	/* An approved reissue is printed at once: the new certificate is what was asked for. */
	a = s->is_open ? &s->open : &s->list[s->view.selected];
	if (approve && strcmp(a->kind, "reissue") == 0 && a->registration_id != NULL)
		reissued = xstrdup(a->registration_id);
	session_actor(ui_session(s->ui), &who);
	if (different != NULL)
		rc = application_approve_different(ui_db(s->ui), &who, id, different, comment,
		    &cause);
	else
		rc = application_decide(ui_db(s->ui), &who, id, approve, comment, &cause);
	free(different);
	if (rc != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	} else {
		ui_set_message(s->ui, approve ? _("Approved the application for %s.") :
		    _("Rejected the application for %s."), name);
		approve_close(s);
		approve_load(s);
		if (reissued != NULL)
			cert_print_now(s->ui, reissued, 1);
	}
	free(reissued);
	free(id);
	free(name);
}

static enum key_result
approve_key(void *state, const struct key_event *ev)
{
	struct approve_state	*s = state;
	int			 page = ui_lines(s->ui) - 6;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b) {
		if (!s->is_open)
			return KEY_BACK;
		approve_close(s);
		return KEY_HANDLED;
	}
	if (s->is_open && ev->is_func) {
		if (ev->code == KEY_UP && s->top > 0)
			s->top--;
		else if (ev->code == KEY_DOWN && s->top + page < s->n_lines)
			s->top++;
		else if (ev->code == KEY_PPAGE)
			s->top = s->top > page ? s->top - page : 0;
		else if (ev->code == KEY_NPAGE && s->top + page < s->n_lines)
			s->top += page;
		return KEY_HANDLED;
	}
	if (!s->is_open && list_key(&s->view, ev, page))
		return KEY_HANDLED;
	if (s->n == 0 || ev->is_func)
		return KEY_UNHANDLED;
	switch (ev->code) {
	case '\r':
	case '\n':
		if (!s->is_open)
			approve_open(s);
		return KEY_HANDLED;
	case 'a':
	case 'r':
		approve_decide(s, ev->code == 'a');
		return KEY_HANDLED;
	case 'x':
		if (ui_check_access(s->ui, "approval.queue") == 0 && reg_refuse_ask(s->ui,
		    s->is_open ? &s->open : &s->list[s->view.selected]) == 0) {
			approve_close(s);
			approve_load(s);
		}
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static void
approve_draw(void *state, struct ui *ui)
{
	struct approve_state	*s = state;
	static const struct key_hint list_hints[] = {
		{ "Enter", N_("Open") }, { "a", N_("Approve") }, { "r", N_("Reject") },
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint open_hints[] = {
		{ "a", N_("Approve") }, { "r", N_("Reject") }, { "↑↓", N_("Scroll") },
		{ "Esc", N_("List") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	int			 i, rows = ui_lines(ui) - 4;
	char			*note;

	ui_draw_frame(ui, _("Applications awaiting a decision"), s->is_open ? open_hints :
	    list_hints);
	if (s->is_open) {
		for (i = 0; i < rows && s->top + i < s->n_lines; i++)
			ui_put(2 + i, 2, ui_cols(ui) - 4, s->lines[s->top + i]);
		return;
	}
	if (s->retention > 0) {
		xasprintf(&note, _("Also waiting: %zu retention request(s) (menu: Retention "
		    "and erasure records)"), s->retention);
		attron(A_BOLD);
		ui_put(ui_lines(ui) - 3, 2, ui_cols(ui) - 4, note);
		attroff(A_BOLD);
		free(note);
	}
	attron(A_BOLD);
	ui_put(2, 2, 10, _("Requested"));
	ui_put(2, 13, 13, _("Reception"));
	ui_put(2, 27, 12, _("Kind"));
	ui_put(2, 40, 18, _("Holder"));
	ui_put(2, 59, ui_cols(ui) - 60, _("By"));
	attroff(A_BOLD);
	if (s->n == 0) {
		ui_put(4, 2, ui_cols(ui) - 4, _("No application awaits a decision."));
		return;
	}
	list_draw(&s->view, 3, 1, ui_cols(ui) - 2, ui_lines(ui) - 7);
}

static void
approve_free(void *state)
{
	struct approve_state	*s = state;

	if (s == NULL)
		return;
	approve_close(s);
	application_list_free(s->list, s->n);
	free(s);
}

const struct screen_ops screen_approvals = {
	.name = "register-approve",
	.help = N_("Applications waiting for a supervisor, oldest first. Enter shows one "
	    "with what it changes; a approves, r rejects with a comment, x refuses a "
	    "registration (交付拒否) with a reason code and a reason kept for supervisors. "
	    "You never decide your own application."),
	.init = approve_init,
	.key = approve_key,
	.draw = approve_draw,
	.free = approve_free,
};
