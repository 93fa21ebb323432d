/*
 * Log review sign-offs (ログ確認記録, SPEC §8 and §14): every sign-off kept, newest first,
 * with the flags its period had and the comment; k switches to the acknowledgements of
 * flags. The auditor's evidence that the log was read: read-only for everyone, kept for
 * ever. A supervisor signs off a new period with n (refused while a flag of it is open).
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "audit/audit-flags.h"
#include "audit/audit-reviews.h"
#include "audit/audit-signoff.h"
#include "i18n.h"
#include "screens.h"
#include "session.h"
#include "timestamp.h"
#include "widgets/widget.h"
#include "xmalloc.h"

struct review_state {
	struct ui		*ui;
	struct audit_review	*reviews;
	size_t			 n_reviews;
	struct audit_ack	*acks;
	size_t			 n_acks;
	int			 show_acks;
	struct list		 list;
	int			 can_sign;
};

static void	*review_init(struct ui *, void *);
static enum key_result review_key(void *, const struct key_event *);
static void	 review_draw(void *, struct ui *);
static void	 review_free(void *);
static void	 review_load(struct review_state *, int);
static void	 review_relist(struct review_state *);
static void	 review_draw_row(void *, int, int, int, int, int);
static void	 ack_draw_row(void *, int, int, int, int, int);
static void	 review_draw_detail(struct review_state *, int, int);

static void
review_relist(struct review_state *s)
{
	if (s->show_acks)
		list_init(&s->list, (int)s->n_acks, ack_draw_row, s);
	else
		list_init(&s->list, (int)s->n_reviews, review_draw_row, s);
}

/* audited: opening the screen is an audit entry; the reload after a sign-off is not. */
static void
review_load(struct review_state *s, int audited)
{
	struct actor	 who;
	char		*cause = NULL;
	int		 rc;

	audit_reviews_free(s->reviews, s->n_reviews);
	audit_acks_free(s->acks, s->n_acks);
	s->reviews = NULL;
	s->acks = NULL;
	s->n_reviews = s->n_acks = 0;
	session_actor(ui_session(s->ui), &who);
	if (audited)
		rc = audit_reviews_list(ui_db(s->ui), &who, &s->reviews, &s->n_reviews,
		    &s->acks, &s->n_acks, &cause);
	else if ((rc = audit_reviews_read(ui_db(s->ui), &s->reviews, &s->n_reviews,
	    &cause)) == 0)
		rc = audit_acks_read(ui_db(s->ui), &s->acks, &s->n_acks, &cause);
	if (rc != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
	review_relist(s);
}

static void *
review_init(struct ui *ui, void *arg)
{
	struct review_state	*s = xcalloc(1, sizeof *s);

	(void)arg;
	s->ui = ui;
	s->can_sign = rolefn_allowed(ui_db(ui), ui_session(ui)->user, "audit.signoff");
	review_load(s, 1);
	return s;
}

static void
review_draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct review_state	*s = arg;
	struct audit_review	*r = &s->reviews[row];
	char			 period[2 * TIMESTAMP_SHOW_SIZE], n[16];

	(void)selected;
	audit_period_text(s->ui, r->period_from, r->period_to, period, sizeof period);
	snprintf(n, sizeof n, "%lld", (long long)r->flags);
	ui_put(y, x + 1, 22, period);
	ui_put(y, x + 24, 12, r->terminals);
	ui_put(y, x + 37, 5, n);
	ui_put(y, x + 43, 10, r->signed_by);
	ui_put_time(s->ui, y, x + 54, width - 55, r->signed_at);
}

static void
ack_draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct review_state	*s = arg;
	struct audit_ack	*a = &s->acks[row];

	(void)selected;
	ui_put_time(s->ui, y, x + 1, 16, a->first_at);
	ui_put(y, x + 18, 17, a->rule);
	ui_put(y, x + 36, 12, a->subject);
	ui_put(y, x + 49, 10, a->acked_by);
	ui_put_time(s->ui, y, x + 60, width - 61, a->acked_at);
}

static enum key_result
review_key(void *state, const struct key_event *ev)
{
	struct review_state	*s = state;
	char			 from[11], to[11];

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (list_key(&s->list, ev, ui_lines(s->ui) - 11))
		return KEY_HANDLED;
	if (ev->is_func)
		return KEY_UNHANDLED;
	switch (ev->code) {
	case 'k':
		s->show_acks = !s->show_acks;
		review_relist(s);
		return KEY_HANDLED;
	case 'n':
		if (!s->can_sign)
			ui_set_message(s->ui, _("Your account reads sign-offs; a supervisor "
			    "signs off."));
		else if (audit_period_dialog(s->ui, from, to) == 0 &&
		    audit_signoff_dialog(s->ui, from, to) == 0)
			review_load(s, 0);
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

/* The selected row's text in full: what the list cuts. */
static void
review_draw_detail(struct review_state *s, int y, int cols)
{
	char	*line;

	if (s->show_acks) {
		struct audit_ack	*a = &s->acks[s->list.selected];

		xasprintf(&line, _("Why: %s"), a->reason);
		y += ui_put_wrapped(y, 2, cols - 4, 2, line);
		free(line);
		xasprintf(&line, _("Follow-up: %s"), a->comment);
	} else {
		struct audit_review	*r = &s->reviews[s->list.selected];

		xasprintf(&line, _("Rules: %s; office hours %s"), r->rules, r->office_hours);
		y += ui_put_wrapped(y, 2, cols - 4, 2, line);
		free(line);
		xasprintf(&line, _("Comment: %s"), r->comment);
	}
	(void)ui_put_wrapped(y, 2, cols - 4, 2, line);
	free(line);
}

static void
review_draw(void *state, struct ui *ui)
{
	struct review_state	*s = state;
	static const struct key_hint sign_hints[] = {
		{ "n", N_("Sign off") }, { "k", N_("Sign-offs/acks") }, { "Esc", N_("Back") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint read_hints[] = {
		{ "k", N_("Sign-offs/acks") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};
	int			 cols = ui_cols(ui), lines = ui_lines(ui);
	size_t			 n = s->show_acks ? s->n_acks : s->n_reviews;

	ui_draw_frame(ui, s->show_acks ? _("Acknowledgements of flags") :
	    _("Log review sign-offs"), s->can_sign ? sign_hints : read_hints);
	attron(A_BOLD);
	if (s->show_acks) {
		ui_put(2, 2, 16, _("First entry"));
		ui_put(2, 19, 17, _("Rule"));
		ui_put(2, 37, 12, _("Who"));
		ui_put(2, 50, 10, _("By"));
		ui_put(2, 61, cols - 62, _("When"));
	} else {
		ui_put(2, 2, 22, _("Period"));
		ui_put(2, 25, 12, _("Terminals"));
		ui_put(2, 38, 5, _("Flags"));
		ui_put(2, 44, 10, _("By"));
		ui_put(2, 55, cols - 56, _("When"));
	}
	attroff(A_BOLD);
	if (n == 0) {
		ui_put(4, 2, cols - 4, s->show_acks ? _("No flag has been acknowledged.") :
		    _("No period has been signed off."));
		return;
	}
	list_draw(&s->list, 3, 1, cols - 2, lines - 11);
	ui_rule(lines - 7, 1, cols - 2);
	review_draw_detail(s, lines - 6, cols);
}

static void
review_free(void *state)
{
	struct review_state	*s = state;

	audit_reviews_free(s->reviews, s->n_reviews);
	audit_acks_free(s->acks, s->n_acks);
	free(s);
}

const struct screen_ops screen_audit_review = {
	.name = "audit-review",
	.help = N_("Log review sign-offs (ログ確認記録): the periods a supervisor read and "
	    "signed, with the flags they had. A period is signed once every flag in "
	    "it was acknowledged."),
	.init = review_init,
	.key = review_key,
	.draw = review_draw,
	.free = review_free,
};
