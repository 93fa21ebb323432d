/*
 * The periodic check (定期照会, SPEC §5): a supervisor starts it; batches of holders go to
 * Juki-net one file at a time behind the screen while a progress bar moves; p pauses it
 * (answers already asked for still come in), Enter resumes it, here or with
 * `madoguchi-admin juki-check`, x cancels it for good. 異動 found wait in the review queue.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "juki/juki-lookup.h"
#include "screens.h"
#include "session.h"
#include "valid.h"
#include "widgets/widget.h"
#include "xmalloc.h"

#define CHECK_BATCH	250	/* holders per request file */
#define STEP_EVERY	2	/* ticks (250 ms) between steps */

struct check_state {
	struct ui	*ui;
	struct juki_job	 job;
	int		 have_job;
	int		 driving;	/* this screen sends the batches */
	int		 ticks;
};

static void	*check_init(struct ui *, void *);
static enum key_result check_key(void *, const struct key_event *);
static void	 check_draw(void *, struct ui *);
static void	 check_free(void *);
static int	 check_tick(void *, struct ui *);
static void	 check_load(struct check_state *);
static void	 check_start(struct check_state *);
static void	 check_status(struct check_state *, const char *);
static void	 draw_bar(int, int, int, int64_t, int64_t);

static void
check_load(struct check_state *s)
{
	char	*cause = NULL;

	if (s->have_job && juki_job_get(ui_db(s->ui), s->job.id, &s->job, &cause) == 0)
		return;
	free(cause);
	cause = NULL;
	if (juki_job_current(ui_db(s->ui), &s->job, &s->have_job, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
}

static void *
check_init(struct ui *ui, void *arg)
{
	struct check_state	*s = xcalloc(1, sizeof *s);

	(void)arg;
	s->ui = ui;
	check_load(s);
	return s;
}

static void
check_start(struct check_state *s)
{
	struct actor	 who;
	struct tm	 tm;
	time_t		 now = time(NULL);
	char		 base[32], since[32], typed[32], *prompt, *cause = NULL;
	struct date	 d;
	int		 rc;

	if (ui_check_access(s->ui, "periodic.check") != 0)
		return;
	localtime_r(&now, &tm);
	strftime(base, sizeof base, "%Y-%m-%d", &tm);
	/* By default the changes of the last year, the usual interval between checks. */
	tm.tm_year--;
	strftime(since, sizeof since, "%Y-%m-%d", &tm);
	xasprintf(&prompt, _("Changes since (YYYY-MM-DD; Enter alone: %s):"), since);
	rc = dialog_input(s->ui, _("Start a periodic check"), prompt, 0, typed, sizeof typed);
	free(prompt);
	if (rc != 0)
		return;
	if (*typed != '\0') {
		/* Any date form the desk takes (令和7年4月1日, R7.4.1, 2025/4/1), and not
		 * after today. */
		if (valid_date(typed, &d, &cause) != 0) {
			ui_set_message(s->ui, "%s", cause);
			free(cause);
			return;
		}
		snprintf(since, sizeof since, "%04d-%02d-%02d", d.y, d.m, d.d);
		if (strcmp(since, base) > 0) {
			ui_set_message(s->ui, _("The changes-since date is after today."));
			return;
		}
	}
	session_actor(ui_session(s->ui), &who);
	if (juki_job_start(ui_db(s->ui), &who, base, since, CHECK_BATCH, &s->job,
	    &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	s->have_job = 1;
	s->driving = 1;
	ui_set_message(s->ui, _("Periodic check started: %lld holders."),
	    (long long)s->job.total);
}

static void
check_status(struct check_state *s, const char *status)
{
	struct actor	 who;
	char		*cause = NULL;

	if (!s->have_job)
		return;
	session_actor(ui_session(s->ui), &who);
	if (juki_job_set_status(ui_db(s->ui), &who, s->job.id, status, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	s->driving = strcmp(status, "running") == 0;
	ui_set_message(s->ui, "%s", strcmp(status, "paused") == 0 ? _("Paused. Answers "
	    "already asked for still come in; Enter resumes.") : strcmp(status,
	    "cancelled") == 0 ? _("The periodic check is cancelled.") : _("Resumed."));
	check_load(s);
}

/* One step: bring answers in, and send the next batch once the last one is answered. */
static int
check_tick(void *state, struct ui *ui)
{
	struct check_state	*s = state;
	struct actor		 who;
	size_t			 files, rejected, sent;
	char			*cause = NULL;

	(void)ui;
	if (!s->have_job || ++s->ticks % STEP_EVERY != 0)
		return 0;
	session_actor(ui_session(s->ui), &who);
	if (juki_lookup_import(ui_db(s->ui), ui_config(s->ui), &who, &files, &rejected,
	    &cause) != 0 || rejected > 0)
		ui_set_message(s->ui, "%s", juki_import_last(cause));
	free(cause);
	cause = NULL;
	check_load(s);
	if (!s->driving || strcmp(s->job.status, "running") != 0)
		return 1;
	if (s->job.sent > s->job.answered + s->job.failed)
		return 1;	/* the last batch is not fully answered yet */
	if (juki_check_send_batch(ui_db(s->ui), ui_config(s->ui), &who, s->job.id, &sent,
	    &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		s->driving = 0;
	}
	check_load(s);
	if (strcmp(s->job.status, "done") == 0) {
		s->driving = 0;
		ui_set_message(s->ui, _("Periodic check done: %lld changes to review."),
		    (long long)s->job.changes);
	}
	return 1;
}

static enum key_result
check_key(void *state, const struct key_event *ev)
{
	struct check_state	*s = state;
	int			 active = s->have_job && (strcmp(s->job.status, "running") == 0 ||
				    strcmp(s->job.status, "paused") == 0);

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (ev->is_func)
		return KEY_UNHANDLED;
	switch (ev->code) {
	case 0x1b:
		return KEY_BACK;
	case 's':
		if (active)
			ui_set_message(s->ui, _("A periodic check is not finished: resume or "
			    "cancel it first."));
		else
			check_start(s);
		return KEY_HANDLED;
	case '\r':
	case '\n':
		if (!active)
			return KEY_HANDLED;
		if (strcmp(s->job.status, "paused") == 0)
			check_status(s, "running");
		else {
			s->driving = 1;
			ui_set_message(s->ui, _("Resumed."));
		}
		return KEY_HANDLED;
	case 'p':
		if (active && strcmp(s->job.status, "running") == 0)
			check_status(s, "paused");
		return KEY_HANDLED;
	case 'x':
		if (active && dialog_confirm(s->ui, _("Cancel the periodic check"),
		    _("Cancel it for good? Holders not yet asked about will not be.")))
			check_status(s, "cancelled");
		return KEY_HANDLED;
	case 'v':
		if (ui_check_access(s->ui, "juki.review") == 0)
			ui_push(s->ui, &screen_juki_review, NULL);
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static void
draw_bar(int y, int x, int width, int64_t done, int64_t total)
{
	char	*label;
	int	 fill, pct, i;

	pct = total > 0 ? (int)(done * 100 / total) : 100;
	fill = total > 0 ? (int)(done * width / total) : width;
	mvaddch(y, x, '[');
	for (i = 0; i < width; i++)
		mvaddch(y, x + 1 + i, i < fill ? '#' : '.');
	mvaddch(y, x + 1 + width, ']');
	xasprintf(&label, " %3d%% (%lld/%lld)", pct, (long long)done, (long long)total);
	ui_put(y, x + 2 + width, 24, label);
	free(label);
}

static void
check_draw(void *state, struct ui *ui)
{
	struct check_state	*s = state;
	static const struct key_hint idle_hints[] = {
		{ "s", N_("Start") }, { "v", N_("Review queue") }, { "Esc", N_("Back") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint job_hints[] = {
		{ "Enter", N_("Run/resume") }, { "p", N_("Pause") }, { "x", N_("Cancel") },
		{ "v", N_("Review queue") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};
	const char		*status;
	char			*line;
	int			 active, cols = ui_cols(ui);

	active = s->have_job && (strcmp(s->job.status, "running") == 0 ||
	    strcmp(s->job.status, "paused") == 0);
	ui_draw_frame(ui, _("Periodic check (定期照会)"), active ? job_hints : idle_hints);
	if (!s->have_job) {
		ui_put_wrapped(3, 2, cols - 4, 3, _("No periodic check is running. Press s to "
		    "start one: every holder not erased is asked about, in batches."));
		return;
	}
	status = strcmp(s->job.status, "running") == 0 ? (s->driving ? _("running") :
	    _("running elsewhere or waiting for Enter")) : strcmp(s->job.status, "paused") ==
	    0 ? _("paused") : strcmp(s->job.status, "done") == 0 ? _("done") : _("cancelled");
	xasprintf(&line, _("Started by %s; changes since %s, as of %s; %s."),
	    s->job.started_by, s->job.period_from, s->job.base_date, status);
	ui_put(3, 2, cols - 4, line);
	free(line);
	ui_put(5, 2, 12, _("Answered"));
	draw_bar(5, 14, cols - 44, s->job.answered, s->job.total);
	xasprintf(&line, _("Sent %lld, answered %lld, failed %lld."), (long long)s->job.sent,
	    (long long)s->job.answered, (long long)s->job.failed);
	ui_put(7, 2, cols - 4, line);
	free(line);
	xasprintf(&line, _("異動 found: %lld (%lld waiting for review)."),
	    (long long)s->job.changes, (long long)s->job.open_reviews);
	ui_put(8, 2, cols - 4, line);
	free(line);
}

static void
check_free(void *state)
{
	free(state);
}

const struct screen_ops screen_juki_check = {
	.name = "juki-check",
	.help = N_("The periodic check: every holder looked up in Juki-net in batches, "
	    "paused and resumed as needed. Differences found go to the review "
	    "queue."),
	.init = check_init,
	.key = check_key,
	.draw = check_draw,
	.free = check_free,
	.tick = check_tick,
};
