/* screens/juki/: Juki-net queries and answers, new lookups, the periodic check, review.
 * May use: lib/, db/, app/, screens/. */
/*
 * Juki-net lookups (SPEC §5): the clerk's queries, pending ones first to the eye, answers
 * brought in from the spool behind the screen; an answered query opens its result list,
 * a result opens beside the register's record, and the differences can be submitted as
 * a correction application.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "juki.h"
#include "juki/juki-lookup.h"
#include "juki/juki-view.h"
#include "register/desk-approval.h"
#include "screens.h"
#include "session.h"
#include "textwidth.h"
#include "widgets/widget.h"
#include "valid.h"
#include "xmalloc.h"

/* Ticks (250 ms) between looks at the inbound spool. */
#define IMPORT_EVERY	4

enum juki_mode_view { V_LIST, V_ANSWERS, V_COMPARE };

struct juki_state {
	struct ui		*ui;
	enum juki_mode_view	 view;
	struct juki_query_row	*rows;
	size_t			 n;
	struct list		 list;
	char			 wait_for[37];	/* open this query when its answer comes */
	char			 open_id[37];
	char			*open_holder;
	struct juki_result_row	*answers;
	size_t			 n_answers;
	struct list		 alist;
	struct juki_cmp		 cmp;
	int			 have_cmp;
	int			 ticks;
};

static void	*juki_init(struct ui *, void *);
static enum key_result juki_key(void *, const struct key_event *);
static void	 juki_draw(void *, struct ui *);
static void	 juki_free(void *);
static int	 juki_tick(void *, struct ui *);
static void	 juki_load(struct juki_state *);
static void	 juki_open(struct juki_state *, const char *);
static void	 juki_close_answers(struct juki_state *);
static void	 juki_compare(struct juki_state *);
static void	 juki_draw_row(void *, int, int, int, int, int);
static void	 juki_draw_answer(void *, int, int, int, int, int);
static const char *status_text(const struct juki_query_row *);

static const char *
status_text(const struct juki_query_row *q)
{
	if (strcmp(q->status, "pending") == 0)
		return _("waiting");
	if (strcmp(q->status, "failed") == 0)
		return _("failed");
	return juki_result_name((enum juki_result_code)q->result_code);
}

static void
juki_load(struct juki_state *s)
{
	struct actor	 who;
	char		*cause = NULL, keep[37] = "";
	size_t		 i;

	if (s->n > 0 && s->list.selected < (int)s->n)
		memcpy(keep, s->rows[s->list.selected].id, sizeof keep);
	juki_query_rows_free(s->rows, s->n);
	s->rows = NULL;
	s->n = 0;
	session_actor(ui_session(s->ui), &who);
	if (juki_query_list(ui_db(s->ui), &who, 0, &s->rows, &s->n, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
	list_init(&s->list, (int)s->n, juki_draw_row, s);
	for (i = 0; i < s->n; i++) {
		if (strcmp(s->rows[i].id, *s->wait_for != '\0' ? s->wait_for : keep) == 0)
			s->list.selected = (int)i;
	}
}

static void *
juki_init(struct ui *ui, void *arg)
{
	struct juki_state	*s = xcalloc(1, sizeof *s);

	s->ui = ui;
	if (arg != NULL) {
		snprintf(s->wait_for, sizeof s->wait_for, "%s", (const char *)arg);
		ui_set_message(ui, _("Request sent; waiting for the answer (Esc stops waiting, "
		    "the answer still comes into this list)."));
	}
	juki_load(s);
	return s;
}

static void
juki_close_answers(struct juki_state *s)
{
	juki_result_rows_free(s->answers, s->n_answers);
	s->answers = NULL;
	s->n_answers = 0;
	free(s->open_holder);
	s->open_holder = NULL;
	if (s->have_cmp)
		juki_cmp_free(&s->cmp);
	s->have_cmp = 0;
	s->view = V_LIST;
}

/* The answers to one query (閲覧: audited by the data layer). */
static void
juki_open(struct juki_state *s, const char *id)
{
	struct actor	 who;
	char		*cause = NULL;
	size_t		 i;

	juki_close_answers(s);
	for (i = 0; i < s->n; i++) {
		if (strcmp(s->rows[i].id, id) == 0)
			break;
	}
	if (i == s->n)
		return;
	if (strcmp(s->rows[i].status, "answered") != 0) {
		if (strcmp(s->rows[i].status, "failed") == 0)
			ui_set_message(s->ui, _("This query failed: %s"), s->rows[i].failure);
		else
			ui_set_message(s->ui, _("No answer yet for request %llu."),
			    (unsigned long long)s->rows[i].request_no);
		return;
	}
	memcpy(s->open_id, id, sizeof s->open_id);
	s->open_holder = s->rows[i].holder_id != NULL ? xstrdup(s->rows[i].holder_id) : NULL;
	session_actor(ui_session(s->ui), &who);
	if (juki_results_get(ui_db(s->ui), &who, id, &s->answers, &s->n_answers,
	    &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	list_init(&s->alist, (int)s->n_answers, juki_draw_answer, s);
	s->view = V_ANSWERS;
	if (s->n_answers == 1 && s->open_holder != NULL &&
	    (s->answers[0].result_code == JUKI_RC_MATCH ||
	    s->answers[0].result_code == JUKI_RC_MISMATCH))
		juki_compare(s);
}

static void
juki_compare(struct juki_state *s)
{
	if (s->n_answers == 0)
		return;
	if (s->open_holder == NULL) {
		ui_set_message(s->ui, _("This lookup is not for a holder of the register: "
		    "nothing to compare."));
		return;
	}
	if (s->have_cmp)
		juki_cmp_free(&s->cmp);
	s->have_cmp = juki_view_load(s->ui, s->open_holder,
	    &s->answers[s->alist.selected], &s->cmp) == 0;
	if (s->have_cmp)
		s->view = V_COMPARE;
}

static int
juki_tick(void *state, struct ui *ui)
{
	struct juki_state	*s = state;
	struct actor		 who;
	size_t			 files, rejected, i;
	char			*cause = NULL;

	(void)ui;
	if (++s->ticks % IMPORT_EVERY != 0)
		return 0;
	for (i = 0; i < s->n && strcmp(s->rows[i].status, "pending") != 0; i++)
		;
	if (i == s->n)
		return 0;
	session_actor(ui_session(s->ui), &who);
	if (juki_lookup_import(ui_db(s->ui), ui_config(s->ui), &who, &files, &rejected,
	    &cause) != 0 || rejected > 0) {
		ui_set_message(s->ui, "%s", juki_import_last(cause));
		free(cause);
		juki_load(s);
		return 1;
	}
	free(cause);
	if (files == 0)
		return 0;
	juki_load(s);
	if (*s->wait_for != '\0' && s->view == V_LIST) {
		for (i = 0; i < s->n; i++) {
			if (strcmp(s->rows[i].id, s->wait_for) == 0 &&
			    strcmp(s->rows[i].status, "answered") == 0) {
				*s->wait_for = '\0';
				ui_set_message(s->ui, _("The answer has come."));
				juki_open(s, s->rows[i].id);
				break;
			}
		}
	} else
		ui_set_message(s->ui, _("New Juki-net answers are in the list."));
	return 1;
}

static void
juki_draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct juki_state	*s = arg;
	struct juki_query_row	*q = &s->rows[row];
	char			*cell, no[16];

	(void)selected;
	snprintf(no, sizeof no, "%llu", (unsigned long long)q->request_no);
	ui_put_time(s->ui, y, x + 1, 16, q->requested_at);
	ui_put(y, x + 18, 6, no);
	cell = textwidth_truncate(*q->holder_name != '\0' ? q->holder_name : q->key_summary,
	    21, 0);
	ui_put(y, x + 25, 21, cell);
	free(cell);
	/* A reception number is 13 characters: R2026-0001234. */
	ui_put(y, x + 47, 13, q->purpose_ref);
	ui_put(y, x + 61, width - 62, status_text(q));
}

static void
juki_draw_answer(void *arg, int row, int y, int x, int width, int selected)
{
	struct juki_state	*s = arg;
	struct juki_result_row	*r = &s->answers[row];
	struct date		 d;
	char			*line, *cell, birth[DATE_ERA_SIZE];

	(void)selected;
	cell = textwidth_truncate(r->name, 20, 0);
	/* As date_style says; an answer without a birth date (not found) says so. */
	d.y = (int)(r->birth / 10000);
	d.m = (int)(r->birth / 100 % 100);
	d.d = (int)(r->birth % 100);
	if (r->birth == 0 || !date_valid(d.y, d.m, d.d))
		snprintf(birth, sizeof birth, "%s", _("unknown"));
	else if (!ui_era_dates(s->ui) || date_format_era(&d, birth) != 0)
		date_format_iso(&d, birth);
	xasprintf(&line, "%-2d %s  %s  %s  %s%s", r->seq,
	    juki_result_name((enum juki_result_code)r->result_code), cell, birth, r->address,
	    r->gaiji > 0 ? " 〓" : "");
	ui_put(y, x + 1, width - 2, line);
	free(line);
	free(cell);
}

static enum key_result
juki_key(void *state, const struct key_event *ev)
{
	struct juki_state	*s = state;
	struct juki_new_arg	 a;
	int			 page = ui_lines(s->ui) - 6;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b) {
		if (s->view == V_COMPARE && s->n_answers > 1) {
			s->view = V_ANSWERS;
			return KEY_HANDLED;
		}
		if (s->view != V_LIST) {
			juki_close_answers(s);
			juki_load(s);
			return KEY_HANDLED;
		}
		if (*s->wait_for != '\0') {
			*s->wait_for = '\0';
			ui_set_message(s->ui, _("Stopped waiting; the answer will come into this "
			    "list."));
			return KEY_HANDLED;
		}
		return KEY_BACK;
	}
	switch (s->view) {
	case V_LIST:
		if (list_key(&s->list, ev, page))
			return KEY_HANDLED;
		if (ev->is_func)
			return KEY_UNHANDLED;
		if (ev->code == 'n') {
			memset(&a, 0, sizeof a);
			a.from_list = 1;
			ui_replace(s->ui, &screen_juki_new, &a);	/* frees s */
			return KEY_HANDLED;
		}
		if (ev->code == 'r') {
			s->ticks = IMPORT_EVERY - 1;
			(void)juki_tick(s, s->ui);
			juki_load(s);
			return KEY_HANDLED;
		}
		if ((ev->code == '\r' || ev->code == '\n') && s->n > 0) {
			juki_open(s, s->rows[s->list.selected].id);
			return KEY_HANDLED;
		}
		return KEY_UNHANDLED;
	case V_ANSWERS:
		if (list_key(&s->alist, ev, page))
			return KEY_HANDLED;
		if (!ev->is_func && (ev->code == '\r' || ev->code == '\n')) {
			juki_compare(s);
			return KEY_HANDLED;
		}
		return KEY_UNHANDLED;
	case V_COMPARE:
		if ((!ev->is_func && ev->code == 'a') || desk_approval_key(ev)) {
			(void)juki_view_apply(s->ui, s->open_holder, &s->cmp,
			    desk_approval_key(ev));
			return KEY_HANDLED;
		}
		return KEY_UNHANDLED;
	}
	return KEY_UNHANDLED;
}

static void
juki_draw(void *state, struct ui *ui)
{
	struct juki_state	*s = state;
	static const struct key_hint list_hints[] = {
		{ "n", N_("New lookup") }, { "Enter", N_("Open") }, { "r", N_("Refresh") },
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint answer_hints[] = {
		{ "Enter", N_("Compare") }, { "Esc", N_("List") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};
	static const struct key_hint compare_hints[] = {
		{ "a", N_("Apply as correction") }, { "F6", N_("Approve here") },
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	int			 rows = ui_lines(ui) - 5;

	switch (s->view) {
	case V_LIST:
		ui_draw_frame(ui, _("Juki-net lookups"), list_hints);
		attron(A_BOLD);
		ui_put(2, 2, 16, _("Requested"));
		ui_put(2, 19, 6, _("No."));
		ui_put(2, 26, 21, _("Holder or key"));
		ui_put(2, 48, 13, _("Reception"));
		ui_put(2, 62, ui_cols(ui) - 63, _("Answer"));
		attroff(A_BOLD);
		if (s->n == 0)
			ui_put(4, 2, ui_cols(ui) - 4, _("No lookups yet. Press n for a new one."));
		else
			list_draw(&s->list, 3, 1, ui_cols(ui) - 2, rows);
		break;
	case V_ANSWERS:
		ui_draw_frame(ui, _("Juki-net answers"), answer_hints);
		if (s->n_answers == 0)
			ui_put(3, 2, ui_cols(ui) - 4, _("The answer holds no resident."));
		else
			list_draw(&s->alist, 3, 1, ui_cols(ui) - 2, rows);
		break;
	case V_COMPARE:
		ui_draw_frame(ui, _("Juki-net answer beside the register"), compare_hints);
		(void)juki_view_draw(ui, &s->cmp, &s->answers[s->alist.selected], 2);
		break;
	}
}

static void
juki_free(void *state)
{
	struct juki_state	*s = state;

	juki_close_answers(s);
	juki_query_rows_free(s->rows, s->n);
	free(s);
}

const struct screen_ops screen_juki = {
	.name = "juki",
	.help = N_("Juki-net lookups: your queries and their answers. n starts a lookup by "
	    "My Number or by the four basic items, with its purpose; answers arrive "
	    "when the gateway returns them."),
	.init = juki_init,
	.key = juki_key,
	.draw = juki_draw,
	.free = juki_free,
	.tick = juki_tick,
};
