/* screens/reception/: the reception register's dialogs and screens.
 * May use: lib/, db/, app/, screens/. */
/*
 * Business statistics (業務統計, issue 24): what madoguchi-admin stats prints, on the
 * screen: the period's totals (receptions, issues, reissues, erasures, withdrawals,
 * Juki-net queries), then the counts per month, kind, channel and qualification. Counts
 * only: no row names a person.
 */
#include "config.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "i18n.h"
#include "reception/reception-dialog.h"
#include "reception/reception-stats.h"
#include "reception/reception.h"
#include "register/register-items.h"
#include "screens.h"
#include "session.h"
#include "valid.h"
#include "widgets/widget.h"
#include "xmalloc.h"

struct stats_state {
	struct ui		*ui;
	char			 from[STATS_DATE_SIZE];
	char			 to[STATS_DATE_SIZE];
	struct reception_stats	 st;
	int			 loaded;
	int			 top;		/* first row of the counts shown */
};

static void
stats_load(struct stats_state *s)
{
	struct actor	 who;
	char		*cause = NULL, *detail;

	if (s->loaded)
		reception_stats_free(&s->st);
	s->loaded = 0;
	s->top = 0;
	if (reception_stats_build(ui_db(s->ui), s->from, s->to, &s->st, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	s->loaded = 1;
	session_actor(ui_session(s->ui), &who);
	xasprintf(&detail, "%s %s", s->from, s->to);
	(void)audit_actor(ui_db(s->ui), &who, "reception.stats.view", "", "ok", detail, NULL);
	free(detail);
}

/* This month so far, at first. */
static void *
stats_init(struct ui *ui, void *arg)
{
	struct stats_state	*s;
	time_t			 now = time(NULL);
	struct tm		 tm;

	(void)arg;
	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	localtime_r(&now, &tm);
	strftime(s->to, sizeof s->to, "%Y-%m-%d", &tm);
	strftime(s->from, sizeof s->from, "%Y-%m-01", &tm);
	stats_load(s);
	return s;
}

static void
stats_period(struct stats_state *s)
{
	char	 from[64], to[64], a[STATS_DATE_SIZE], b[STATS_DATE_SIZE], *cause = NULL;

	snprintf(from, sizeof from, "%s", s->from);
	snprintf(to, sizeof to, "%s", s->to);
	if (dialog_input(s->ui, _("Business statistics (業務統計)"), _("From (date):"), 0,
	    from, sizeof from) != 0 || dialog_input(s->ui, _("Business statistics (業務統計)"),
	    _("To (date):"), 0, to, sizeof to) != 0)
		return;
	if (reception_stats_period(from, to, a, b, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	memcpy(s->from, a, sizeof s->from);
	memcpy(s->to, b, sizeof s->to);
	stats_load(s);
}

static enum key_result
stats_key(void *state, const struct key_event *ev)
{
	struct stats_state	*s = state;

	if (ev->is_func) {
		switch (ev->code) {
		case KEY_F(10):
			return KEY_QUIT;
		case KEY_UP:
			s->top -= s->top > 0;
			return KEY_HANDLED;
		case KEY_DOWN:
			if (s->loaded && (size_t)s->top + 1 < s->st.n)
				s->top++;
			return KEY_HANDLED;
		}
		return KEY_UNHANDLED;
	}
	if (ev->code == 0x1b)
		return KEY_BACK;
	if (ev->code == 'p') {
		stats_period(s);
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static void
stats_draw(void *state, struct ui *ui)
{
	static const struct key_hint hints[] = {
		{ "p", N_("Period") }, { "↑↓", N_("Scroll") }, { "Esc", N_("Back") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};
	struct stats_state		*s = state;
	const struct reception_stats_row *r;
	char				*line, a[DATE_ERA_SIZE], b[DATE_ERA_SIZE];
	const char			*qual;
	int				 y, i, era = ui_era_dates(ui);
	size_t				 k;

	ui_draw_frame(ui, _("Business statistics (業務統計)"), hints);
	xasprintf(&line, _("From %s to %s"), date_shown(s->from, era, a),
	    date_shown(s->to, era, b));
	ui_put(1, 2, ui_cols(ui) - 4, line);
	free(line);
	if (!s->loaded)
		return;
	/* The totals, one to a line: the labels are long in both languages. */
	for (i = 0; i < STATS_MEASURES; i++) {
		ui_put(3 + i, 2, 40, reception_stats_measure_label(i));
		xasprintf(&line, "%8" PRId64, s->st.totals[i]);
		ui_put(3 + i, 43, 8, line);
		free(line);
	}
	y = 4 + STATS_MEASURES;
	attron(A_BOLD);
	ui_put(y, 2, 8, _("month"));
	ui_put(y, 11, 20, _("measure"));
	ui_put(y, 32, 12, _("kind"));
	ui_put(y, 45, 14, _("channel"));
	ui_put(y, 60, 13, _("qualification"));
	ui_put(y, 74, 5, _("count"));
	attroff(A_BOLD);
	if (s->st.n == 0)
		ui_put(y + 1, 2, ui_cols(ui) - 4, _("Nothing was counted in the period."));
	/* Cells cut to their column end in "…". */
	for (k = (size_t)s->top, y++; k < s->st.n && y < ui_lines(ui) - 2; k++, y++) {
		r = &s->st.rows[k];
		ui_put(y, 2, 8, r->month);
		ui_put_ellipsis(y, 11, 20, reception_stats_measure_label(r->measure));
		ui_put_ellipsis(y, 32, 12, *r->kind != '\0' ? reception_kind_label(r->kind) :
		    "");
		ui_put_ellipsis(y, 45, 14, *r->channel != '\0' ?
		    reception_channel_label(r->channel) : "");
		qual = reg_code_label(reg_qualifications, r->qualification);
		ui_put_ellipsis(y, 60, 13, qual != NULL ? qual : r->qualification);
		xasprintf(&line, "%5" PRId64, r->count);
		ui_put(y, 74, 5, line);
		free(line);
	}
	if (k < s->st.n)
		ui_put(ui_lines(ui) - 3, ui_cols(ui) - 2, 1, "v");
}

static void
stats_free(void *state)
{
	struct stats_state	*s = state;

	if (s == NULL)
		return;
	if (s->loaded)
		reception_stats_free(&s->st);
	free(s);
}

const struct screen_ops screen_stats = {
	.name = "reception-stats",
	.help = N_("Business statistics (業務統計): how many receptions, issues, reissues, "
	    "erasures, withdrawals and Juki-net queries the period saw, by month, kind, "
	    "channel and qualification. Counts only: no row names a person. p changes the "
	    "period (this month at first); madoguchi-admin stats gives the same as CSV."),
	.init = stats_init,
	.key = stats_key,
	.draw = stats_draw,
	.free = stats_free,
};
