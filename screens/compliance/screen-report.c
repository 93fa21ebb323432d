/* screens/compliance/: the office's registers and the self-inspection report.
 * May use: lib/, db/, app/, screens/. */
/*
 * The self-inspection report on the desk (SPEC §14, issue 23), for auditors and
 * supervisors: this fiscal year's report as madoguchi-admin report prints it, wrapped to
 * the screen and scrolled with the arrows and PgUp/PgDn; y shows another fiscal year.
 * Each item's answer is drawn in bold. Showing it is audited.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "clock.h"
#include "compliance/compliance-report.h"
#include "i18n.h"
#include "screens.h"
#include "session.h"
#include "textwidth.h"
#include "widgets/widget.h"
#include "xmalloc.h"

struct report_state {
	struct ui	*ui;
	char		*text;
	char		**lines;	/* wrapped to width */
	size_t		 n;
	int		 width, top;
	long		 year;
};

static void
lines_free(struct report_state *s)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		free(s->lines[i]);
	free(s->lines);
	s->lines = NULL;
	s->n = 0;
}

/* The text wrapped at whole characters into width columns, a line per screen row. */
static void
wrap(struct report_state *s, int width)
{
	const char	*p = s->text, *nl;
	char		*line;
	size_t		 len, take;

	lines_free(s);
	s->width = width;
	while (p != NULL && *p != '\0') {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		line = xstrndup(p, len);
		do {
			take = textwidth_prefix(line + (len - strlen(line)), (size_t)width, NULL);
			s->lines = xreallocarray(s->lines, s->n + 1, sizeof *s->lines);
			s->lines[s->n++] = xstrndup(line + (len - strlen(line)), take);
			memmove(line, line + take, strlen(line + take) + 1);
			len -= take;
		} while (*line != '\0' && take > 0);
		free(line);
		p = nl != NULL ? nl + 1 : NULL;
	}
}

static void
report_load(struct report_state *s)
{
	struct report	 r;
	struct actor	 who;
	char		*cause = NULL, from[32], to[32], detail[96];

	free(s->text);
	s->text = NULL;
	snprintf(from, sizeof from, "%ld-04-01", s->year);
	snprintf(to, sizeof to, "%ld-03-31", s->year + 1);
	if (report_build(ui_db(s->ui), ui_config(s->ui), from, to, NULL, &r, &cause) != 0) {
		s->text = cause;
	} else {
		s->text = report_text(&r);
		report_free(&r);
		session_actor(ui_session(s->ui), &who);
		snprintf(detail, sizeof detail, "%s to %s, screen", from, to);
		(void)audit_actor(ui_db(s->ui), &who, "compliance.report", "", "ok", detail,
		    NULL);
	}
	if (s->text == NULL)
		s->text = xstrdup("");
	s->top = 0;
	wrap(s, ui_cols(s->ui) - 4);
}

static void *
report_init(struct ui *ui, void *arg)
{
	struct report_state	*s = xcalloc(1, sizeof *s);
	struct timespec		 now;
	struct tm		 tm;
	time_t			 t;

	(void)arg;
	s->ui = ui;
	if (ui_check_access(ui, "compliance.view") != 0) {
		s->text = xstrdup("");
		return s;
	}
	clock_now(&now);
	t = now.tv_sec;
	localtime_r(&t, &tm);
	/* The fiscal year (年度) begins on 1 April. */
	s->year = tm.tm_year + 1900 - (tm.tm_mon < 3 ? 1 : 0);
	report_load(s);
	return s;
}

static enum key_result
report_key(void *state, const struct key_event *ev)
{
	struct report_state	*s = state;
	int			 page = ui_lines(s->ui) - 5, last = (int)s->n - page;
	char			 year[16], *end;
	long			 y;

	if (last < 0)
		last = 0;
	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (ev->is_func) {
		if (ev->code == KEY_DOWN)
			s->top = s->top < last ? s->top + 1 : last;
		else if (ev->code == KEY_UP)
			s->top = s->top > 0 ? s->top - 1 : 0;
		else if (ev->code == KEY_NPAGE)
			s->top = s->top + page < last ? s->top + page : last;
		else if (ev->code == KEY_PPAGE)
			s->top = s->top > page ? s->top - page : 0;
		else
			return KEY_UNHANDLED;
		return KEY_HANDLED;
	}
	if (ev->code == 'y') {
		if (dialog_input(s->ui, _("Self-inspection report"), _("Fiscal year (年度), e.g. "
		    "2025:"), 0, year, sizeof year) != 0)
			return KEY_HANDLED;
		y = strtol(year, &end, 10);
		if (*end != '\0' || y < 2000 || y > 9998) {
			ui_set_message(s->ui, _("A fiscal year such as 2025, not \"%s\"."), year);
			return KEY_HANDLED;
		}
		s->year = y;
		report_load(s);
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

/* An item's answer line: indented once, with one of the survey's answers in it. */
static int
answer_line(const char *line)
{
	int	 a;

	if (strncmp(line, "   ", 3) != 0 || line[3] == ' ')
		return 0;
	for (a = ANSWER_IMPLEMENTED; a <= ANSWER_NOT_REPORTED; a++) {
		if (strstr(line, report_answer_words((enum report_answer)a)) != NULL)
			return 1;
	}
	return 0;
}

static void
report_draw(void *state, struct ui *ui)
{
	struct report_state	*s = state;
	static const struct key_hint hints[] = {
		{ "↑↓", N_("Scroll") }, { "y", N_("Fiscal year") }, { "Esc", N_("Back") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};
	int			 rows = ui_lines(ui) - 5, i;
	const char		*line;

	if (s->width != ui_cols(ui) - 4)
		wrap(s, ui_cols(ui) - 4);
	ui_draw_frame(ui, _("Self-inspection report (自己点検)"), hints);
	for (i = 0; i < rows && s->top + i < (int)s->n; i++) {
		line = s->lines[s->top + i];
		/* The answer's line stands out: it is what the item says. */
		if (answer_line(line))
			attron(A_BOLD);
		ui_put(2 + i, 2, ui_cols(ui) - 4, line);
		attroff(A_BOLD);
	}
}

static void
report_free_state(void *state)
{
	struct report_state	*s = state;

	lines_free(s);
	free(s->text);
	free(s);
}

const struct screen_ops screen_report = {
	.name = "report",
	.help = N_("The self-inspection report for the fiscal year: each of the survey's "
	    "fifteen items with its answer (in bold), why, and the records behind "
	    "it. Arrows and PgUp/PgDn scroll; y chooses another fiscal year. "
	    "madoguchi-admin report prints it as PDF or JSON."),
	.init = report_init,
	.key = report_key,
	.draw = report_draw,
	.free = report_free_state,
};
