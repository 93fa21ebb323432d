/*
 * The sync screen (SPEC §10; function sync.status, supervisors and the sysadmin): what the
 * desk can see of its sync. The last attempt and its error as the central store gave it,
 * the last success, the clock's offset from the store, how far the terminal is from its
 * offline limits, open conflicts (a supervisor jumps to the queue), and the outbox: kind,
 * the id's first characters, age and state, never a payload, since the sysadmin reads this
 * screen too. "Sync now" asks the background sync process for a cycle and follows it
 * through the sync state it writes; "cancel" ends that cycle at its next batch, every
 * batch before it committed on both sides. The screen reads the state every few seconds.
 */
#include "config.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "config-file.h"
#include "db.h"
#include "i18n.h"
#include "screens.h"
#include "session.h"
#include "sync/sync-bg.h"
#include "sync/sync-labels.h"
#include "sync/sync-store.h"
#include "timestamp.h"
#include "widgets/widget.h"
#include "xmalloc.h"

#define SYNC_SCREEN_ROWS	200	/* outbox rows listed */
#define SYNC_SCREEN_EVERY	2	/* seconds between reads of the state */

struct sync_screen {
	struct ui		*ui;
	struct sync_state	 st;
	struct sync_limits	 limits;
	struct sync_outbox_row	*rows;
	size_t			 n;
	struct list		 list;
	time_t			 read_at;
	int			 list_h;	/* rows the outbox list had at the last draw */
	int			 can_resolve;	/* conflict.resolve: the queue is one key away */
	char			*requested;	/* "sync now": last_attempt_at when it was asked */
	int			 waiting;
};

static void	*sync_screen_init(struct ui *, void *);
static enum key_result sync_screen_key(void *, const struct key_event *);
static void	 sync_screen_draw(void *, struct ui *);
static int	 sync_screen_tick(void *, struct ui *);
static void	 sync_screen_free(void *);
static void	 sync_screen_load(struct sync_screen *);
static void	 sync_screen_row(void *, int, int, int, int, int);
static void	 sync_screen_cancel(struct sync_screen *);

static void
sync_screen_load(struct sync_screen *s)
{
	struct config	*c = ui_config(s->ui);
	struct db	*db = ui_db(s->ui);
	char		*cause = NULL;
	int		 selected = s->list.selected;

	sync_state_clear(&s->st);
	sync_outbox_rows_free(s->rows, s->n);
	s->rows = NULL;
	s->n = 0;
	if (sync_state_read(db, &s->st, &cause) != 0 ||
	    sync_limits_read(db, c->max_offline_days, c->max_pending_changes, &s->limits,
	    &cause) != 0 ||
	    sync_outbox_rows(db, SYNC_SCREEN_ROWS, &s->rows, &s->n, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
	list_init(&s->list, (int)s->n, sync_screen_row, s);
	if (selected < (int)s->n)
		s->list.selected = selected;
	time(&s->read_at);
}

static void *
sync_screen_init(struct ui *ui, void *arg)
{
	struct sync_screen	*s = xcalloc(1, sizeof *s);
	struct actor		 who;

	(void)arg;
	s->ui = ui;
	s->can_resolve = rolefn_allowed(ui_db(ui), ui_session(ui)->user, "conflict.resolve");
	sync_screen_load(s);
	session_actor(ui_session(ui), &who);
	(void)audit_actor(ui_db(ui), &who, "sync.view", "", "ok", NULL, NULL);
	return s;
}

/* Asks the background process for a cycle; the tick reports how it ended. */
static void
sync_screen_request(struct sync_screen *s)
{
	struct actor	 who;

	if (ui_config(s->ui)->sync_host == NULL || *ui_config(s->ui)->sync_host == '\0') {
		ui_set_message(s->ui, _("This terminal does not sync (no sync_host in the "
		    "configuration)."));
		return;
	}
	if (sync_bg_request(ui_sync_pid(s->ui)) != 0) {
		ui_set_message(s->ui, _("The background sync process is not running; its "
		    "reason is under Last attempt. It starts again with madoguchi."));
		return;
	}
	session_actor(ui_session(s->ui), &who);
	(void)audit_actor(ui_db(s->ui), &who, "sync.request", "", "ok", NULL, NULL);
	free(s->requested);
	s->requested = xstrdup(s->st.last_attempt_at != NULL ? s->st.last_attempt_at : "");
	s->waiting = 1;
	ui_set_message(s->ui, _("Sync requested; this screen follows it."));
}

/* Ends the requested cycle at its next batch; what was sent stays sent (sync_run). */
static void
sync_screen_cancel(struct sync_screen *s)
{
	struct actor	 who;

	if (sync_bg_cancel(ui_sync_pid(s->ui)) != 0) {
		ui_set_message(s->ui, _("The background sync process is not running."));
		return;
	}
	session_actor(ui_session(s->ui), &who);
	(void)audit_actor(ui_db(s->ui), &who, "sync.cancel", "", "ok", NULL, NULL);
	ui_set_message(s->ui, _("Cancelling the sync at its next batch..."));
}

static int
sync_screen_tick(void *state, struct ui *ui)
{
	struct sync_screen	*s = state;
	const char		*now_at;

	(void)ui;
	if (time(NULL) - s->read_at < SYNC_SCREEN_EVERY)
		return 0;
	sync_screen_load(s);
	now_at = s->st.last_attempt_at != NULL ? s->st.last_attempt_at : "";
	if (s->waiting && strcmp(now_at, s->requested) != 0) {
		s->waiting = 0;
		if (s->st.last_error == NULL)
			ui_set_message(s->ui, _("Sync done: %lld changes wait."),
			    (long long)s->st.pending);
		else
			ui_set_message(s->ui, _("Sync failed: %s"), s->st.last_error);
	}
	return 1;
}

static enum key_result
sync_screen_key(void *state, const struct key_event *ev)
{
	struct sync_screen	*s = state;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (list_key(&s->list, ev, s->list_h > 0 ? s->list_h : 1))
		return KEY_HANDLED;
	if (!ev->is_func && ev->code == 's') {
		sync_screen_request(s);
		return KEY_HANDLED;
	}
	if (!ev->is_func && ev->code == 'x' && s->waiting) {
		sync_screen_cancel(s);
		return KEY_HANDLED;
	}
	if (!ev->is_func && ev->code == 'c' && s->can_resolve) {
		ui_push(s->ui, &screen_sync_conflicts, NULL);
		return KEY_HANDLED;
	}
	if (!ev->is_func && ev->code == 'r') {
		sync_screen_load(s);
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static void
sync_screen_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct sync_screen	*s = arg;
	struct sync_outbox_row	*r = &s->rows[row];
	char			 at[TIMESTAMP_SHOW_SIZE];
	const char		*state;

	(void)selected;
	timestamp_show(r->created_at, ui_era_dates(s->ui), 0, at, sizeof at);
	if (r->pushed_at != NULL)
		state = _("sent");
	else if (s->st.last_error != NULL)
		state = _("waiting (last push failed)");
	else
		state = _("waiting");
	ui_put(y, x + 1, 14, sync_entity_label(r->entity));
	ui_put(y, x + 16, 9, r->id_prefix);
	ui_put(y, x + 26, 22, at);
	ui_put(y, x + 49, width - 50, state);
}

/* "label  value", the value wrapped over up to lines lines; returns the next row. */
static int
sync_screen_line(int y, int cols, int lines, const char *label, const char *value)
{
	ui_put(y, 2, 16, label);
	return y + ui_put_wrapped(y, 19, cols - 21, lines, value);
}

static void
sync_screen_draw(void *state, struct ui *ui)
{
	struct sync_screen	*s = state;
	struct sync_limits	*l = &s->limits;
	static const struct key_hint hints[] = {
		{ "s", N_("Sync now") }, { "x", N_("Cancel") }, { "c", N_("Conflicts") },
		{ "r", N_("Read again") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};
	static const struct key_hint hints_no_queue[] = {
		{ "s", N_("Sync now") }, { "x", N_("Cancel") }, { "r", N_("Read again") },
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	struct db		*db = ui_db(ui);
	char			 at[TIMESTAMP_SHOW_SIZE], *text, *p;
	int			 y = 2, cols = ui_cols(ui), era = ui_era_dates(ui);
	int64_t			 changes_left;
	double			 days_left;

	ui_draw_frame(ui, _("Sync and system status"), s->can_resolve ? hints :
	    hints_no_queue);
	xasprintf(&text, _("%s · encrypted database (SQLCipher %s), schema %d · %lld audit "
	    "entries"), db_terminal_id(db), db_cipher_version(db), db_schema_version(db),
	    (long long)audit_count(db));
	y = sync_screen_line(y, cols, 2, _("Terminal"), text);
	free(text);

	if (s->st.last_attempt_at == NULL)
		xasprintf(&text, "%s", _("none yet"));
	else {
		timestamp_show(s->st.last_attempt_at, era, 1, at, sizeof at);
		if (s->st.last_error == NULL)
			xasprintf(&text, _("%s: done"), at);
		else
			xasprintf(&text, _("%s: %s: %s"), at, s->st.online ?
			    _("failed at the central store") : _("store not reached"),
			    s->st.last_error);
		/* libpq's messages come in lines with tabs: one paragraph here. */
		for (p = text; *p != '\0'; p++) {
			if (*p == '\n' || *p == '\t')
				*p = ' ';
		}
	}
	y = sync_screen_line(y, cols, 4, _("Last attempt"), text);
	free(text);
	if (s->st.last_success_at != NULL)
		timestamp_show(s->st.last_success_at, era, 1, at, sizeof at);
	y = sync_screen_line(y, cols, 1, _("Last success"), s->st.last_success_at != NULL ?
	    at : _("none yet: nothing has reached the central store"));

	if (s->st.has_clock)
		xasprintf(&text, _("the central store's clock is %+.0f s from this terminal's"),
		    s->st.clock_offset);
	else
		xasprintf(&text, "%s", _("not measured yet (at the first sync that reaches "
		    "the store)"));
	y = sync_screen_line(y, cols, 1, _("Clock"), text);
	free(text);

	changes_left = l->max_pending - l->pending;
	days_left = l->max_days - l->days;
	if (l->over)
		xasprintf(&text, _("PASSED: %lld of %d changes unsent, %.1f of %d days without "
		    "sync; new applications wait for a sync"), (long long)l->pending,
		    l->max_pending, l->days, l->max_days);
	else
		xasprintf(&text, _("%s%lld changes and %.1f days left (%lld of %d changes "
		    "unsent, %.1f of %d days without sync)"), l->warn ? _("NEAR: ") : "",
		    (long long)changes_left, days_left < 0 ? 0 : days_left,
		    (long long)l->pending, l->max_pending, l->days, l->max_days);
	y = sync_screen_line(y, cols, 2, _("Offline limits"), text);
	free(text);

	if (s->can_resolve)
		xasprintf(&text, _("%lld open (c: the queue)"), (long long)s->st.conflicts);
	else
		xasprintf(&text, _("%lld open"), (long long)s->st.conflicts);
	y = sync_screen_line(y, cols, 1, _("Conflicts"), text);
	free(text);

	ui_rule(y++, 1, cols - 2);
	xasprintf(&text, _("Outbox: %lld waiting; newest first, waiting before sent"),
	    (long long)s->st.pending);
	ui_put(y++, 2, cols - 4, text);
	free(text);
	attron(A_BOLD);
	ui_put(y, 2, 14, _("Kind"));
	ui_put(y, 17, 9, _("Id"));
	ui_put(y, 27, 22, _("Changed"));
	ui_put(y, 50, cols - 52, _("State"));
	attroff(A_BOLD);
	y++;
	if (s->n == 0)
		ui_put(y, 2, cols - 4, _("The outbox is empty."));
	else {
		s->list_h = ui_lines(ui) - 2 - y;
		list_draw(&s->list, y, 1, cols - 2, s->list_h);
	}
}

static void
sync_screen_free(void *state)
{
	struct sync_screen	*s = state;

	sync_state_clear(&s->st);
	sync_outbox_rows_free(s->rows, s->n);
	free(s->requested);
	free(s);
}

const struct screen_ops screen_sync = {
	.name = "sync",
	.help = N_("The sync with the central store: when it last worked, what waits to be "
	    "sent, and errors. The terminal keeps working offline within its "
	    "limits."),
	.init = sync_screen_init,
	.key = sync_screen_key,
	.draw = sync_screen_draw,
	.tick = sync_screen_tick,
	.free = sync_screen_free,
};
