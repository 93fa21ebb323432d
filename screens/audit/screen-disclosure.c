/*
 * Access disclosure at the counter (開示, SPEC §8, issue 20): a supervisor, from a holder's
 * screen, lists every access to that person's data at every terminal of the office and
 * prints the report the resident takes home. This terminal's entries are read at once;
 * the other terminals' come from the central store, which only the background sync
 * process can reach: the screen files a request (audit-disclosure-request.h), wakes that
 * process and follows the answer without blocking the keyboard. When the store does not
 * answer, the list and the paper say plainly that the other terminals' entries are
 * missing, and why: never a silent partial report. Opening it and printing it are audited.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "audit/audit-disclosure.h"
#include "audit/audit-disclosure-request.h"
#include "audit/audit-groups.h"
#include "auth/two-person.h"
#include "cert/cert-print.h"
#include "cert/disclosure-pdf.h"
#include "config-file.h"
#include "i18n.h"
#include "screens.h"
#include "session.h"
#include "sync/sync-bg.h"
#include "sync/sync-client.h"
#include "timestamp.h"
#include "widgets/widget.h"
#include "xmalloc.h"

/* How long the person waits for the store before the report goes on without it. */
#define DISCLOSURE_WAIT_SECONDS	30

enum disclosure_phase {
	PHASE_FAILED,		/* the local part could not be read: nothing to show */
	PHASE_WAITING,		/* the sync process is asking the store */
	PHASE_READY,
};

struct disclosure_state {
	struct ui		*ui;
	char			*from, *to;	/* as typed; NULL: open */
	struct disclosure	 d;
	enum disclosure_phase	 phase;
	int64_t			 request;
	time_t			 asked;
	char			*error;
	struct list		 list;
};

static void	*disclosure_init(struct ui *, void *);
static enum key_result disclosure_key(void *, const struct key_event *);
static void	 disclosure_draw(void *, struct ui *);
static int	 disclosure_tick(void *, struct ui *);
static void	 disclosure_free(void *);
static void	 disclosure_ready(struct disclosure_state *);
static void	 disclosure_missing(struct disclosure_state *, const char *);
static void	 disclosure_draw_row(void *, int, int, int, int, int);
static void	 disclosure_print_now(struct disclosure_state *);
static void	 disclosure_show_entry(struct disclosure_state *);

static void
disclosure_audit(struct disclosure_state *s, const char *action, const char *detail)
{
	struct actor	 who;
	char		*target;

	session_actor(ui_session(s->ui), &who);
	xasprintf(&target, "holder:%s", s->d.holder_id);
	(void)audit_actor(ui_db(s->ui), &who, action, target, "ok", detail, NULL);
	free(target);
}

static void *
disclosure_init(struct ui *ui, void *arg)
{
	const struct disclosure_arg	*a = arg;
	struct disclosure_state		*s;
	struct config			*c = ui_config(ui);
	char				*cause = NULL;

	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	s->from = a->from != NULL && *a->from != '\0' ? xstrdup(a->from) : NULL;
	s->to = a->to != NULL && *a->to != '\0' ? xstrdup(a->to) : NULL;
	s->phase = PHASE_FAILED;
	if (ui_check_access(ui, "disclosure.print") != 0) {
		s->error = xstrdup(_("Your roles do not include the access disclosure."));
		return s;
	}
	/*
	 * The view is entered first, so that the list always holds it: read after it here,
	 * and, whenever the sync process pushes it before answering, from the central store
	 * too (once: entries are merged by terminal and number).
	 */
	snprintf(s->d.holder_id, sizeof s->d.holder_id, "%s", a->holder_id);
	disclosure_audit(s, "disclosure.view", "");
	if (disclosure_local(ui_db(ui), a->holder_id, s->from, s->to, &s->d, &cause) != 0) {
		s->error = cause;
		return s;
	}
	if (c == NULL || !config_syncs(c)) {
		disclosure_missing(s, _("this terminal does not sync"));
		return s;
	}
	if (disclosure_request(ui_db(ui), &s->d, ui_session(ui)->user, &s->request,
	    &cause) != 0) {
		disclosure_missing(s, cause);
		free(cause);
		return s;
	}
	if (sync_bg_request(ui_sync_pid(ui)) != 0) {
		disclosure_withdraw(ui_db(ui), s->request);
		disclosure_missing(s, _("the background sync process is not running (see the "
		    "sync screen)"));
		return s;
	}
	s->phase = PHASE_WAITING;
	time(&s->asked);
	return s;
}

/* The office's entries will not come: the report is this terminal's, and says so. */
static void
disclosure_missing(struct disclosure_state *s, const char *why)
{
	s->d.central = 0;
	free(s->d.central_missing);
	s->d.central_missing = xstrdup(why);
	disclosure_ready(s);
}

static void
disclosure_ready(struct disclosure_state *s)
{
	char	*cause = NULL;

	disclosure_sort(&s->d);
	if (disclosure_labels(ui_db(s->ui), &s->d, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
	s->phase = PHASE_READY;
	list_init(&s->list, (int)s->d.n, disclosure_draw_row, s);
}

static int
disclosure_tick(void *state, struct ui *ui)
{
	struct disclosure_state	*s = state;
	char			*cause = NULL, *why;
	int			 rc;

	(void)ui;
	if (s->phase != PHASE_WAITING)
		return 0;
	rc = disclosure_collect(ui_db(s->ui), s->request, &s->d, &cause);
	if (rc == 1) {
		disclosure_ready(s);
		return 1;
	}
	if (rc < 0) {
		disclosure_missing(s, cause);
		free(cause);
		return 1;
	}
	if (time(NULL) - s->asked >= DISCLOSURE_WAIT_SECONDS) {
		disclosure_withdraw(ui_db(s->ui), s->request);
		xasprintf(&why, _("the central store did not answer within %d seconds"),
		    DISCLOSURE_WAIT_SECONDS);
		disclosure_missing(s, why);
		free(why);
	}
	/* Redrawn every tick: the seconds waited so far. */
	return 1;
}

static void
disclosure_draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct disclosure_state		*s = arg;
	const struct disclosure_entry	*e = &s->d.v[row];
	char				 at[TIMESTAMP_SHOW_SIZE], *line, *purpose;
	int				 ja = i18n_japanese();

	(void)selected;
	timestamp_show(e->at, ui_era_dates(s->ui), 0, at, sizeof at);
	purpose = disclosure_purpose(e, ja);
	xasprintf(&line, "%s%s  %s  %s (%s)  %s  %s  %s", e->unsynced ? "*" : " ", at,
	    e->terminal_id, *e->full_name != '\0' ? e->full_name : e->user,
	    ja ? e->role_ja : e->role_en, ja ? audit_action_ja(e->action) : e->action,
	    ja ? audit_result_ja(e->result) : e->result, purpose);
	ui_put(y, x, width, line);
	free(line);
	free(purpose);
}

static void
disclosure_draw(void *state, struct ui *ui)
{
	struct disclosure_state	*s = state;
	static const struct key_hint hints[] = {
		{ "p", N_("Print for the resident") }, { "Enter", N_("Details") },
		{ "↑↓", N_("Scroll") },
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	char			*title, *line;
	int			 width = ui_cols(ui) - 4, y = 2;

	if (s->d.holder_name != NULL)
		xasprintf(&title, _("Access disclosure: %s"), s->d.holder_name);
	else
		title = xstrdup(_("Access disclosure"));
	ui_draw_frame(ui, title, hints);
	free(title);
	if (s->phase == PHASE_FAILED) {
		ui_put_wrapped(y, 2, width, 3, s->error);
		return;
	}
	xasprintf(&line, _("Period: %s to %s"), s->from != NULL ? s->from :
	    _("the start of the log"), s->to != NULL ? s->to : _("today"));
	ui_put(y++, 2, width, line);
	free(line);
	if (s->phase == PHASE_WAITING) {
		xasprintf(&line, _("Asking the central store for the other terminals' entries "
		    "... %lds (Esc: back)"), (long)(time(NULL) - s->asked));
		ui_put(y, 2, width, line);
		free(line);
		return;
	}
	attron(A_BOLD);
	if (s->d.central)
		ui_put(y++, 2, width, _("Terminals: every terminal of the office (central "
		    "store)"));
	else {
		xasprintf(&line, _("THIS TERMINAL ONLY: the other terminals' entries are "
		    "MISSING (%s)"), s->d.central_missing);
		y += ui_put_wrapped(y, 2, width, 2, line);
		free(line);
	}
	attroff(A_BOLD);
	xasprintf(&line, _("%zu entries; * on this terminal only so far"), s->d.n);
	ui_put(y++, 2, width, line);
	free(line);
	if (s->d.n == 0) {
		ui_put(y + 1, 2, width, _("No entry about this holder in the period."));
		return;
	}
	list_draw(&s->list, y + 1, 1, ui_cols(ui) - 2, ui_lines(ui) - y - 4);
}

static void
disclosure_print_now(struct disclosure_state *s)
{
	struct cert_print_config pc;
	char			*where = NULL, *cause = NULL, *detail, *question, *text, *target;
	char			 checker[64] = "";
	int			 refused;

	xasprintf(&question, s->d.central ? _("Print the disclosure of %zu entries for "
	    "the resident?") : _("Print the disclosure of %zu entries for the resident?\n"
	    "It says that the other terminals' entries are MISSING."), s->d.n);
	if (!dialog_confirm(s->ui, _("Access disclosure"), question)) {
		free(question);
		return;
	}
	free(question);
	/* What the second person confirms: whose report, what period, what it holds. */
	if (ui_config(s->ui)->print_two_person_check) {
		xasprintf(&text, _("Access disclosure for %s\nPeriod: %s to %s\nEntries: %zu%s"),
		    s->d.holder_name, s->from != NULL ? s->from : _("the start"),
		    s->to != NULL ? s->to : _("today"), s->d.n, s->d.central ? "" :
		    _("\nThe other terminals' entries are MISSING."));
		xasprintf(&target, "holder:%s", s->d.holder_id);
		refused = two_person_check(s->ui, text, "disclosure.check", target, 1,
		    _("Nothing was printed."), checker, sizeof checker);
		free(text);
		free(target);
		if (refused)
			return;
	}
	cert_print_config_from(&pc, ui_config(s->ui));
	if (disclosure_print(&s->d, s->from, s->to, &pc, &where, &cause) != 0) {
		ui_set_message(s->ui, _("The disclosure was not printed: %s"), cause);
		free(cause);
		return;
	}
	xasprintf(&detail, "entries %zu, %s, %s%s%s", s->d.n, s->d.central ? "office" :
	    "local only", where, *checker != '\0' ? ", checked by " : "", checker);
	disclosure_audit(s, "disclosure.print", detail);
	free(detail);
	ui_set_message(s->ui, _("Disclosure printed: %s"), where);
	free(where);
}

/* The selected entry with every field: the list's line is cut at the screen's width. */
static void
disclosure_show_entry(struct disclosure_state *s)
{
	const struct disclosure_entry	*e;
	char				 at[TIMESTAMP_SHOW_SIZE], *text, *purpose;
	int				 ja = i18n_japanese();

	if (s->list.selected < 0 || (size_t)s->list.selected >= s->d.n)
		return;
	e = &s->d.v[s->list.selected];
	timestamp_show(e->at, ui_era_dates(s->ui), 1, at, sizeof at);
	purpose = disclosure_purpose(e, ja);
	xasprintf(&text, _("When: %s\nTerminal: %s (%s)%s\nWho: %s (%s, %s)\nWhat: %s\n"
	    "Result: %s\nFor: %s"), at, e->terminal_id, e->tty, e->unsynced ?
	    _(", not in the central store yet") : "", *e->full_name != '\0' ?
	    e->full_name : e->user, e->user, ja ? e->role_ja : e->role_en, ja ?
	    audit_action_ja(e->action) : e->action, ja ? audit_result_ja(e->result) :
	    e->result, *purpose != '\0' ? purpose : "-");
	dialog_message(s->ui, _("Access disclosure"), text);
	free(text);
	free(purpose);
}

static enum key_result
disclosure_key(void *state, const struct key_event *ev)
{
	struct disclosure_state	*s = state;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (s->phase != PHASE_READY)
		return KEY_UNHANDLED;
	if (list_key(&s->list, ev, ui_lines(s->ui) - 9))
		return KEY_HANDLED;
	if (!ev->is_func && ev->code == 'p') {
		disclosure_print_now(s);
		return KEY_HANDLED;
	}
	if (!ev->is_func && (ev->code == '\r' || ev->code == '\n')) {
		disclosure_show_entry(s);
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static void
disclosure_free(void *state)
{
	struct disclosure_state	*s = state;

	if (s == NULL)
		return;
	/* Left while waiting: the answer would have no reader. */
	if (s->phase == PHASE_WAITING)
		disclosure_withdraw(ui_db(s->ui), s->request);
	disclosure_clear(&s->d);
	free(s->from);
	free(s->to);
	free(s->error);
	free(s);
}

const struct screen_ops screen_disclosure = {
	.name = "audit-disclosure",
	.help = N_("The access disclosure (開示): every entry of the office's log about this "
	    "holder in the period, from this terminal and the central store. Enter "
	    "shows an entry whole, p prints the resident's copy. If the other "
	    "terminals' entries could not be had, the list and the paper say so."),
	.init = disclosure_init,
	.key = disclosure_key,
	.draw = disclosure_draw,
	.tick = disclosure_tick,
	.free = disclosure_free,
};
