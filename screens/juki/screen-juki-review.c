/*
 * The review queue of 異動 (moves, name changes, deaths and 消除) that periodic checks
 * found (SPEC §5), for supervisors: each opens beside the record; a can submit the
 * differences as a correction application, d closes it with a note of what was done.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "juki/juki-propose.h"
#include "juki/juki-view.h"
#include "register/desk-approval.h"
#include "screens.h"
#include "session.h"
#include "textwidth.h"
#include "widgets/widget.h"
#include "xmalloc.h"

struct review_state {
	struct ui		*ui;
	struct juki_review_row	*rows;
	size_t			 n;
	struct list		 list;
	int			 is_open;
	struct juki_result_row	 answer;
	struct juki_cmp		 cmp;
};

static void	*review_init(struct ui *, void *);
static enum key_result review_key(void *, const struct key_event *);
static void	 review_draw(void *, struct ui *);
static void	 review_free(void *);
static void	 review_load(struct review_state *);
static void	 review_open(struct review_state *);
static void	 review_close(struct review_state *);
static void	 review_done(struct review_state *);
static void	 review_draw_row(void *, int, int, int, int, int);
static const char *kind_label(const char *);

static const char *
kind_label(const char *kind)
{
	if (strcmp(kind, "moved") == 0)
		return _("moved");
	if (strcmp(kind, "renamed") == 0)
		return _("name changed");
	if (strcmp(kind, "deceased") == 0)
		return _("deceased");
	if (strcmp(kind, "erased") == 0)
		return _("erased (abroad, 職権消除)");
	if (strcmp(kind, "notfound") == 0)
		return _("not found");
	return _("other change");
}

static void
review_load(struct review_state *s)
{
	struct actor	 who;
	char		*cause = NULL;

	juki_review_rows_free(s->rows, s->n);
	s->rows = NULL;
	s->n = 0;
	session_actor(ui_session(s->ui), &who);
	if (juki_review_list(ui_db(s->ui), &who, &s->rows, &s->n, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
	list_init(&s->list, (int)s->n, review_draw_row, s);
}

static void *
review_init(struct ui *ui, void *arg)
{
	struct review_state	*s = xcalloc(1, sizeof *s);

	(void)arg;
	s->ui = ui;
	review_load(s);
	return s;
}

static void
review_close(struct review_state *s)
{
	if (!s->is_open)
		return;
	juki_result_row_clear(&s->answer);
	juki_cmp_free(&s->cmp);
	s->is_open = 0;
}

static void
review_open(struct review_state *s)
{
	struct juki_review_row	*r = &s->rows[s->list.selected];
	struct actor		 who;
	char			*cause = NULL;

	review_close(s);
	session_actor(ui_session(s->ui), &who);
	if (juki_result_get(ui_db(s->ui), &who, r->result_id, &s->answer, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	if (juki_view_load(s->ui, r->holder_id, &s->answer, &s->cmp) != 0) {
		juki_result_row_clear(&s->answer);
		return;
	}
	s->is_open = 1;
}

static void
review_done(struct review_state *s)
{
	struct actor	 who;
	char		 note[256] = "", *cause = NULL;

	if (dialog_input(s->ui, _("Close the review"), _("What was done about it?"), 0, note,
	    sizeof note) != 0)
		return;
	session_actor(ui_session(s->ui), &who);
	if (juki_review_close(ui_db(s->ui), &who, s->rows[s->list.selected].id, note,
	    &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	ui_set_message(s->ui, _("Review closed."));
	review_close(s);
	review_load(s);
}

static void
review_draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct review_state	*s = arg;
	struct juki_review_row	*r = &s->rows[row];
	char			*cell;

	(void)selected;
	ui_put_time(s->ui, y, x + 1, 16, r->created_at);
	cell = textwidth_truncate(r->holder_name, 24, 0);
	ui_put(y, x + 18, 24, cell);
	free(cell);
	ui_put(y, x + 43, width - 44, kind_label(r->kind));
}

static enum key_result
review_key(void *state, const struct key_event *ev)
{
	struct review_state	*s = state;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b) {
		if (!s->is_open)
			return KEY_BACK;
		review_close(s);
		return KEY_HANDLED;
	}
	if (!s->is_open && list_key(&s->list, ev, ui_lines(s->ui) - 6))
		return KEY_HANDLED;
	if (s->n > 0 && s->is_open && desk_approval_key(ev)) {
		(void)juki_propose(s->ui, s->rows[s->list.selected].holder_id,
		    s->rows[s->list.selected].kind, &s->answer, &s->cmp, 1);
		return KEY_HANDLED;
	}
	if (ev->is_func || s->n == 0)
		return KEY_UNHANDLED;
	switch (ev->code) {
	case '\r':
	case '\n':
		review_open(s);
		return KEY_HANDLED;
	case 'a':
		if (s->is_open)
			(void)juki_propose(s->ui, s->rows[s->list.selected].holder_id,
			    s->rows[s->list.selected].kind, &s->answer, &s->cmp, 0);
		return KEY_HANDLED;
	case 'd':
		review_done(s);
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static void
review_draw(void *state, struct ui *ui)
{
	struct review_state	*s = state;
	static const struct key_hint list_hints[] = {
		{ "Enter", N_("Open") }, { "d", N_("Done") }, { "Esc", N_("Back") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};
	struct key_hint		 open_hints[] = {
		{ "a", N_("Apply as correction") }, { "F6", N_("Approve here") },
		{ "d", N_("Done") }, { "Esc", N_("List") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};
	char			*title;

	if (s->is_open) {
		/* What a can propose depends on the 異動: a death proposes 消除. */
		open_hints[0].label = juki_propose_hint(s->rows[s->list.selected].kind);
		xasprintf(&title, "%s: %s", kind_label(s->rows[s->list.selected].kind),
		    s->rows[s->list.selected].holder_name);
		ui_draw_frame(ui, title, open_hints);
		free(title);
		(void)juki_view_draw(ui, &s->cmp, &s->answer, 2);
		return;
	}
	ui_draw_frame(ui, _("Juki-net changes to review"), list_hints);
	attron(A_BOLD);
	ui_put(2, 2, 16, _("Found"));
	ui_put(2, 19, 24, _("Holder"));
	ui_put(2, 44, ui_cols(ui) - 45, _("Change"));
	attroff(A_BOLD);
	if (s->n == 0)
		ui_put(4, 2, ui_cols(ui) - 4, _("Nothing waits for review."));
	else
		list_draw(&s->list, 3, 1, ui_cols(ui) - 2, ui_lines(ui) - 5);
}

static void
review_free(void *state)
{
	struct review_state	*s = state;

	review_close(s);
	juki_review_rows_free(s->rows, s->n);
	free(s);
}

const struct screen_ops screen_juki_review = {
	.name = "juki-review",
	.help = N_("Changes Juki-net reported for holders (異動): review each and apply it "
	    "through a correction, or mark it checked."),
	.init = review_init,
	.key = review_key,
	.draw = review_draw,
	.free = review_free,
};
