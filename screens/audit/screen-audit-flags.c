/*
 * Unusual-use flags (SPEC §8), for a supervisor and an auditor: the flags of a period
 * (today at first), each with its rule and why; the selected one's reason and its
 * acknowledgement below the list. A supervisor acknowledges a flag with the follow-up
 * taken (a) and signs the period off (s) once none is open; an auditor only reads, and
 * the data layer refuses the rest whatever key is pressed. r shows the rules.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "audit/audit-flags.h"
#include "audit/audit-signoff.h"
#include "i18n.h"
#include "office-hours.h"
#include "screens.h"
#include "session.h"
#include "timestamp.h"
#include "widgets/widget.h"
#include "xmalloc.h"

struct flags_state {
	struct ui		*ui;
	struct office_hours	 oh;
	char			 from[11], to[11];
	struct audit_flag	*flags;
	size_t			 n, open;
	struct list		 list;
	int			 can_act;	/* audit.signoff: acknowledge, sign off */
};

static void	*flags_init(struct ui *, void *);
static enum key_result flags_key(void *, const struct key_event *);
static void	 flags_draw(void *, struct ui *);
static void	 flags_free(void *);
static void	 flags_load(struct flags_state *, int);
static void	 flags_ack(struct flags_state *);
static void	 flags_draw_row(void *, int, int, int, int, int);

/* audited: a new look at the log (opening, another period) is an audit entry. */
static void
flags_load(struct flags_state *s, int audited)
{
	struct actor	 who;
	char		*cause = NULL;
	int		 selected = s->list.selected;
	size_t		 i;
	int		 rc;

	audit_flags_free(s->flags, s->n);
	s->flags = NULL;
	s->n = s->open = 0;
	session_actor(ui_session(s->ui), &who);
	if (audited)
		rc = audit_flags_list(ui_db(s->ui), &who, &s->oh, s->from, s->to,
		    i18n_japanese(), ui_era_dates(s->ui), &s->flags, &s->n, &cause);
	else
		rc = audit_flags_compute(ui_db(s->ui), &s->oh, s->from, s->to,
		    i18n_japanese(), ui_era_dates(s->ui), &s->flags, &s->n, &cause);
	if (rc != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
	for (i = 0; i < s->n; i++)
		s->open += !s->flags[i].acked;
	list_init(&s->list, (int)s->n, flags_draw_row, s);
	if (!audited && selected < (int)s->n)
		s->list.selected = selected;
}

static void *
flags_init(struct ui *ui, void *arg)
{
	struct flags_state	*s = xcalloc(1, sizeof *s);

	(void)arg;
	s->ui = ui;
	audit_office_hours(ui, &s->oh);
	audit_today(s->from);
	memcpy(s->to, s->from, sizeof s->to);
	s->can_act = rolefn_allowed(ui_db(ui), ui_session(ui)->user, "audit.signoff");
	flags_load(s, 1);
	return s;
}

static void
flags_ack(struct flags_state *s)
{
	struct audit_flag	*f = &s->flags[s->list.selected];
	struct actor		 who;
	char			 comment[600], *cause = NULL;

	if (!s->can_act) {
		ui_set_message(s->ui, _("Your account reads flags; a supervisor acknowledges "
		    "them."));
		return;
	}
	if (f->acked) {
		ui_set_message(s->ui, _("This flag is already acknowledged."));
		return;
	}
	if (dialog_input(s->ui, _("Acknowledge the flag"), _("Follow-up taken (required):"),
	    0, comment, sizeof comment) != 0)
		return;
	session_actor(ui_session(s->ui), &who);
	if (audit_flag_ack(ui_db(s->ui), &who, f, comment, &cause) != 0) {
		ui_set_message(s->ui, _("Not acknowledged: %s"), cause);
		free(cause);
		return;
	}
	ui_set_message(s->ui, _("Flag acknowledged."));
	flags_load(s, 0);
}

static void
flags_draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct flags_state	*s = arg;
	struct audit_flag	*f = &s->flags[row];
	char			 n[16];

	(void)selected;
	snprintf(n, sizeof n, "%lld", (long long)f->entries);
	ui_put(y, x + 1, 43, f->rule_label);
	ui_put(y, x + 45, 8, f->subject);
	ui_put_time(s->ui, y, x + 54, 10, f->day);
	ui_put(y, x + 65, 5, n);
	ui_put(y, x + 71, width - 72, f->acked ? _("acked") : _("OPEN"));
}

static enum key_result
flags_key(void *state, const struct key_event *ev)
{
	struct flags_state	*s = state;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (list_key(&s->list, ev, ui_lines(s->ui) - 11))
		return KEY_HANDLED;
	if (ev->is_func)
		return KEY_UNHANDLED;
	switch (ev->code) {
	case 'a':
	case '\r':
	case '\n':
		if (s->n > 0)
			flags_ack(s);
		return KEY_HANDLED;
	case 's':
		if (!s->can_act)
			ui_set_message(s->ui, _("Your account reads sign-offs; a supervisor "
			    "signs off."));
		else if (audit_signoff_dialog(s->ui, s->from, s->to) == 0)
			flags_load(s, 0);
		return KEY_HANDLED;
	case 'p':
		if (audit_period_dialog(s->ui, s->from, s->to) == 0) {
			ui_set_message(s->ui, NULL);
			flags_load(s, 1);
		}
		return KEY_HANDLED;
	case 'r':
		ui_push(s->ui, &screen_audit_rules, NULL);
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static void
flags_draw(void *state, struct ui *ui)
{
	struct flags_state	*s = state;
	static const struct key_hint act_hints[] = {
		{ "a", N_("Acknowledge") }, { "s", N_("Sign off") }, { "p", N_("Period") },
		{ "r", N_("Rules") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};
	static const struct key_hint read_hints[] = {
		{ "p", N_("Period") }, { "r", N_("Rules") }, { "Esc", N_("Back") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};
	struct audit_flag	*f;
	int			 cols = ui_cols(ui), lines = ui_lines(ui), y;
	char			*line, from[TIMESTAMP_SHOW_SIZE], to[TIMESTAMP_SHOW_SIZE];

	ui_draw_frame(ui, _("Unusual-use flags"), s->can_act ? act_hints : read_hints);
	xasprintf(&line, _("%s..%s · hours %s · %zu flags, %zu open"),
	    ui_time_text(ui, s->from, UI_TIME_SHORT, from, sizeof from), ui_time_text(ui, s->to, UI_TIME_SHORT, to,
	    sizeof to), s->oh.text, s->n, s->open);
	ui_put(2, 2, cols - 4, line);
	free(line);
	attron(A_BOLD);
	/* Widths for 80 columns with nothing cut: the longest rule's name is 42. */
	ui_put(3, 2, 43, _("Rule"));
	ui_put(3, 46, 8, _("Who"));
	ui_put(3, 55, 10, _("Date"));
	ui_put(3, 66, 5, _("Count"));
	ui_put(3, 72, cols - 73, _("Status"));
	attroff(A_BOLD);
	if (s->n == 0) {
		ui_put(5, 2, cols - 4, _("No flag in this period."));
		return;
	}
	list_draw(&s->list, 4, 1, cols - 2, lines - 11);
	/* The selected flag: why, and who followed it up. */
	f = &s->flags[s->list.selected];
	y = lines - 7;
	ui_rule(y++, 1, cols - 2);
	xasprintf(&line, _("Why: %s"), f->reason);
	y += ui_put_wrapped(y, 2, cols - 4, 2, line);
	free(line);
	if (f->acked) {
		xasprintf(&line, _("Acknowledged by %s: %s"), f->acked_by, f->ack_comment);
		(void)ui_put_wrapped(y, 2, cols - 4, 2, line);
		free(line);
	}
}

static void
flags_free(void *state)
{
	struct flags_state	*s = state;

	audit_flags_free(s->flags, s->n);
	free(s);
}

const struct screen_ops screen_audit_flags = {
	.name = "audit-flags",
	.help = N_("Unusual-use flags raised by the rules. Enter shows the entries behind "
	    "a flag; a supervisor acknowledges it with what was done about it."),
	.init = flags_init,
	.key = flags_key,
	.draw = flags_draw,
	.free = flags_free,
};
