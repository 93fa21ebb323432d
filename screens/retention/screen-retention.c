/* screens/retention/: the retention rules, their dry run, requests and erasure records.
 * May use: lib/, db/, app/, screens/. */
/*
 * Retention at the desk (SPEC §7, issue 22). Three views, v switches:
 *   rules    each kind of temporary data with its rule and, as its dry run made when the
 *            screen opens (audited), what would go now: count, size, oldest;
 *   requests the proposals of rule changes and erasures, open first, with their figures;
 *   records  the erasure records (消去記録), newest first.
 * Supervisors propose (c: change the selected rule, e: erase the selected kind, which
 * needs approval) and decide others' proposals (a: approve, r: reject). The sysadmin and
 * the auditor read. Nothing here shows personal data: kinds, counts, dates.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "config-file.h"
#include "i18n.h"
#include "retention/retention.h"
#include "screens.h"
#include "session.h"
#include "timestamp.h"
#include "widgets/widget.h"
#include "xmalloc.h"

enum retention_view { VIEW_RULES, VIEW_REQUESTS, VIEW_RECORDS };

struct retention_state {
	struct ui			*ui;
	struct retention_dirs		 dirs;
	enum retention_view		 view;
	int				 can_manage;
	struct retention_plan		*plans;
	size_t				 n_plans;
	struct retention_request	*requests;
	size_t				 n_requests;
	struct erasure_record		*records;
	size_t				 n_records;
	struct list			 list;
};

static void	*retention_init(struct ui *, void *);
static enum key_result retention_key(void *, const struct key_event *);
static void	 retention_draw(void *, struct ui *);
static void	 retention_free(void *);
static void	 retention_load(struct retention_state *, int);
static void	 retention_relist(struct retention_state *);

static void
fail(struct retention_state *s, char *cause)
{
	ui_set_message(s->ui, "%s", cause);
	free(cause);
}

/* The dry run is audited when the screen opens: reading what would go is an act too. */
static void
retention_load(struct retention_state *s, int audited)
{
	struct actor	 who;
	char		*cause = NULL;

	retention_plans_free(s->plans, s->n_plans);
	retention_requests_free(s->requests, s->n_requests);
	retention_records_free(s->records, s->n_records);
	s->plans = NULL;
	s->requests = NULL;
	s->records = NULL;
	s->n_plans = s->n_requests = s->n_records = 0;
	if (retention_dry_run(ui_db(s->ui), &s->dirs, &s->plans, &s->n_plans, &cause) != 0 ||
	    retention_requests_read(ui_db(s->ui), 0, &s->requests, &s->n_requests,
	    &cause) != 0 ||
	    retention_records_read(ui_db(s->ui), &s->records, &s->n_records, &cause) != 0)
		fail(s, cause);
	if (audited) {
		session_actor(ui_session(s->ui), &who);
		(void)audit_actor(ui_db(s->ui), &who, "retention.dry-run", "", "ok", "screen",
		    NULL);
	}
	retention_relist(s);
}

/*
 * A stored time or date as the day it fell on here, short and as date_style says
 * ("R08.04.01", "2026-04-01"): what the %.10s of the messages show. None is "-".
 */
static const char *
day_text(struct retention_state *s, const char *stored, char out[TIMESTAMP_SHOW_SIZE])
{
	if (stored == NULL)
		return "-";
	return ui_time_text(s->ui, stored, UI_TIME_SHORT | UI_TIME_DAY, out,
	    TIMESTAMP_SHOW_SIZE);
}

static void
draw_rule(void *arg, int row, int y, int x, int width, int selected)
{
	struct retention_state	*s = arg;
	struct retention_plan	*p = &s->plans[row];
	char			 days[16], count[24], oldest[TIMESTAMP_SHOW_SIZE];

	(void)selected;
	snprintf(days, sizeof days, "%5d", p->days);
	snprintf(count, sizeof count, "%8lld", (long long)p->count);
	/* Placed by column: the labels' width on screen is not their length in bytes. */
	ui_put(y, x + 1, 32, retention_kind_label(p->kind));
	ui_put(y, x + 34, 5, days);
	ui_put(y, x + 41, 10, p->automatic ? _("automatic") : _("approval"));
	ui_put(y, x + 52, 8, count);
	ui_put(y, x + 62, width - 63, day_text(s, p->oldest, oldest));
}

static void
draw_request(void *arg, int row, int y, int x, int width, int selected)
{
	struct retention_state		*s = arg;
	struct retention_request	*r = &s->requests[row];
	char				*line, cutoff[TIMESTAMP_SHOW_SIZE];

	(void)selected;
	if (strcmp(r->action, "rule") == 0)
		xasprintf(&line, _("#%lld %-8s rule %s: %d days, %s (by %s)"), (long long)r->id,
		    r->status, r->kind, r->days, r->automatic ? _("automatic") : _("approval"),
		    r->proposed_by);
	else
		xasprintf(&line, _("#%lld %-8s erase %s: %lld items to %.10s (by %s)"),
		    (long long)r->id, r->status, r->kind, (long long)r->dry_count,
		    day_text(s, r->cutoff, cutoff), r->proposed_by);
	ui_put(y, x + 1, width - 2, line);
	free(line);
}

static void
draw_record(void *arg, int row, int y, int x, int width, int selected)
{
	struct retention_state	*s = arg;
	struct erasure_record	*r = &s->records[s->n_records - 1 - row];
	char			 at[TIMESTAMP_SHOW_SIZE], *line;

	(void)selected;
	timestamp_show(r->started_at, ui_era_dates(s->ui), 0, at, sizeof at);
	xasprintf(&line, _("#%lld %s %s: %lld items [%s] approved by %s"), (long long)r->id,
	    at, r->kind, (long long)r->count, r->state, r->approved_by);
	ui_put(y, x + 1, width - 2, line);
	free(line);
}

static void
retention_relist(struct retention_state *s)
{
	switch (s->view) {
	case VIEW_RULES:
		list_init(&s->list, (int)s->n_plans, draw_rule, s);
		break;
	case VIEW_REQUESTS:
		list_init(&s->list, (int)s->n_requests, draw_request, s);
		break;
	case VIEW_RECORDS:
		list_init(&s->list, (int)s->n_records, draw_record, s);
		break;
	}
}

static void *
retention_init(struct ui *ui, void *arg)
{
	struct retention_state	*s = xcalloc(1, sizeof *s);

	(void)arg;
	s->ui = ui;
	retention_dirs_from(&s->dirs, ui_config(ui));
	s->can_manage = rolefn_allowed(ui_db(ui), ui_session(ui)->user, "retention.manage");
	retention_load(s, 1);
	return s;
}

/* c: a new period (and whether it is automatic) for the selected kind, with a reason. */
static void
propose_rule(struct retention_state *s)
{
	struct retention_plan	*p = &s->plans[s->list.selected];
	struct actor		 who;
	char			 days[16], mode[8], reason[301], *prompt, *cause = NULL, *end;
	int64_t			 id;
	long			 n;

	xasprintf(&prompt, _("New period for %s in days (now %d)"), retention_kind_label(
	    p->kind), p->days);
	if (dialog_input(s->ui, _("Change a retention rule"), prompt, 0, days,
	    sizeof days) != 0) {
		free(prompt);
		return;
	}
	free(prompt);
	n = strtol(days, &end, 10);
	if (*days == '\0' || *end != '\0') {
		ui_set_message(s->ui, _("\"%s\" is not a number of days."), days);
		return;
	}
	if (dialog_input(s->ui, _("Change a retention rule"), _("Erased automatically every "
	    "day? (y: automatic, n: each erasure approved)"), 0, mode, sizeof mode) != 0)
		return;
	if (strcmp(mode, "y") != 0 && strcmp(mode, "n") != 0) {
		ui_set_message(s->ui, _("Answer y or n."));
		return;
	}
	if (dialog_input(s->ui, _("Change a retention rule"), _("Reason (for the approver "
	    "and the record)"), 0, reason, sizeof reason) != 0)
		return;
	session_actor(ui_session(s->ui), &who);
	if (retention_propose_rule(ui_db(s->ui), &who, p->kind, n < 0 || n > 100000 ? -1 :
	    (int)n, strcmp(mode, "y") == 0, reason, &id, &cause) != 0) {
		fail(s, cause);
		return;
	}
	ui_set_message(s->ui, _("Request #%lld filed: another supervisor decides it."),
	    (long long)id);
	retention_load(s, 0);
}

/* e: erase what the selected kind's rule lets go, which another supervisor approves. */
static void
propose_erase(struct retention_state *s)
{
	struct retention_plan	*p = &s->plans[s->list.selected];
	struct actor		 who;
	char			 reason[301], *prompt, *cause = NULL;
	char			 oldest[TIMESTAMP_SHOW_SIZE], newest[TIMESTAMP_SHOW_SIZE];
	int64_t			 id;

	xasprintf(&prompt, _("Erase %lld items of %s (%lld bytes, %.10s to %.10s)?\nReason "
	    "(for the approver and the record):"), (long long)p->count,
	    retention_kind_label(p->kind), (long long)p->bytes, day_text(s, p->oldest, oldest),
	    day_text(s, p->newest, newest));
	if (dialog_input(s->ui, _("Propose an erasure"), prompt, 0, reason,
	    sizeof reason) != 0) {
		free(prompt);
		return;
	}
	free(prompt);
	session_actor(ui_session(s->ui), &who);
	if (retention_propose_erase(ui_db(s->ui), &s->dirs, &who, p->kind, reason, &id,
	    &cause) != 0) {
		fail(s, cause);
		return;
	}
	ui_set_message(s->ui, _("Request #%lld filed: another supervisor approves it today."),
	    (long long)id);
	retention_load(s, 0);
}

/* a / r on a request: the figures it was proposed with, then the decision. */
static void
decide(struct retention_state *s, int approve)
{
	struct retention_request	*r = &s->requests[s->list.selected];
	struct actor			 who;
	char				*text, comment[301] = "", *cause = NULL;
	char				 oldest[TIMESTAMP_SHOW_SIZE], newest[TIMESTAMP_SHOW_SIZE];
	char				 proposed[TIMESTAMP_SHOW_SIZE];

	if (strcmp(r->status, "open") != 0) {
		ui_set_message(s->ui, _("Request #%lld is %s already."), (long long)r->id,
		    r->status);
		return;
	}
	if (strcmp(r->action, "rule") == 0)
		xasprintf(&text, _("%s: %d days, %s\nProposed by %s: %s"),
		    retention_kind_label(r->kind), r->days, r->automatic ? _("automatic") :
		    _("approval"), r->proposed_by, r->reason);
	else
		xasprintf(&text, _("Erase: %s\nItems: %lld, %lld bytes, %.10s to %.10s\nDry run "
		    "of %.10s\nProposed by %s: %s"), retention_kind_label(r->kind),
		    (long long)r->dry_count, (long long)r->dry_bytes, day_text(s, r->dry_oldest,
		    oldest), day_text(s, r->dry_newest, newest), day_text(s, r->proposed_at,
		    proposed), r->proposed_by, r->reason);
	if (approve) {
		if (!dialog_confirm(s->ui, _("Approve"), text)) {
			free(text);
			return;
		}
	} else if (dialog_input(s->ui, _("Reject"), text, 0, comment, sizeof comment) != 0) {
		free(text);
		return;
	}
	free(text);
	session_actor(ui_session(s->ui), &who);
	if (retention_decide(ui_db(s->ui), &s->dirs, &who, r->id, approve, comment,
	    &cause) != 0) {
		fail(s, cause);
		return;
	}
	ui_set_message(s->ui, approve ? _("Request approved.") : _("Request rejected."));
	retention_load(s, 0);
}

static void
show_record(struct retention_state *s)
{
	struct erasure_record	*r = &s->records[s->n_records - 1 - s->list.selected];
	char			*text, cutoff[TIMESTAMP_SHOW_SIZE], started[TIMESTAMP_SHOW_SIZE];
	char			 finished[TIMESTAMP_SHOW_SIZE], oldest[TIMESTAMP_SHOW_SIZE];
	char			 newest[TIMESTAMP_SHOW_SIZE];
	int			 era = ui_era_dates(s->ui);

	timestamp_show(r->cutoff, era, 1, cutoff, sizeof cutoff);
	timestamp_show(r->started_at, era, 1, started, sizeof started);
	timestamp_show(r->finished_at != NULL ? r->finished_at : "-", era, 1, finished,
	    sizeof finished);
	xasprintf(&text, _("Erasure record #%lld (%s)\nKind: %s\nItems: %lld, %lld bytes, "
	    "%.10s to %.10s\nRule: %d days; what was older than %s\nMethod: %s\nProposed "
	    "by: %s\nApproved by: %s\nStarted %s, finished %s"), (long long)r->id, r->state,
	    retention_kind_label(r->kind), (long long)r->count, (long long)r->bytes,
	    day_text(s, r->oldest, oldest), day_text(s, r->newest, newest),
	    r->rule_days, cutoff, r->method, r->proposed_by, r->approved_by, started,
	    finished);
	dialog_message(s->ui, _("Erasure record (消去記録)"), text);
	free(text);
}

static enum key_result
retention_key(void *state, const struct key_event *ev)
{
	struct retention_state	*s = state;
	int			 any = s->list.n > 0;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (list_key(&s->list, ev, ui_lines(s->ui) - 9))
		return KEY_HANDLED;
	if (ev->is_func)
		return KEY_UNHANDLED;
	if (ev->code == 'v') {
		s->view = (s->view + 1) % 3;
		retention_relist(s);
		return KEY_HANDLED;
	}
	if (s->view == VIEW_RECORDS && any && (ev->code == '\r' || ev->code == '\n')) {
		show_record(s);
		return KEY_HANDLED;
	}
	if (strchr("cear", (int)ev->code) == NULL || ev->code == 0)
		return KEY_UNHANDLED;
	if (!s->can_manage) {
		ui_set_message(s->ui, _("Your account reads retention; a supervisor changes "
		    "it."));
		return KEY_HANDLED;
	}
	if (!any)
		return KEY_HANDLED;
	if (s->view == VIEW_RULES && ev->code == 'c')
		propose_rule(s);
	else if (s->view == VIEW_RULES && ev->code == 'e')
		propose_erase(s);
	else if (s->view == VIEW_REQUESTS && (ev->code == 'a' || ev->code == 'r'))
		decide(s, ev->code == 'a');
	else
		return KEY_UNHANDLED;
	return KEY_HANDLED;
}

static void
retention_draw(void *state, struct ui *ui)
{
	struct retention_state	*s = state;
	static const struct key_hint rule_hints[] = {
		{ "c", N_("Change rule") }, { "e", N_("Propose erasure") }, { "v", N_("View") },
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint request_hints[] = {
		{ "a", N_("Approve") }, { "r", N_("Reject") }, { "v", N_("View") },
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint read_hints[] = {
		{ "v", N_("View") }, { "Enter", N_("Details") }, { "Esc", N_("Back") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};
	static const char *const titles[] = {
		N_("Retention rules and what would go now (dry run)"),
		N_("Retention requests"), N_("Erasure records (消去記録)")
	};
	int			 cols = ui_cols(ui), lines = ui_lines(ui);

	ui_draw_frame(ui, _(titles[s->view]), !s->can_manage || s->view == VIEW_RECORDS ?
	    read_hints : s->view == VIEW_RULES ? rule_hints : request_hints);
	attron(A_BOLD);
	if (s->view == VIEW_RULES) {
		ui_put(2, 2, 32, _("Kind"));
		ui_put(2, 35, 5, _("Days"));
		ui_put(2, 42, 10, _("Erasure"));
		ui_put(2, 53, 8, _("Would go"));
		ui_put(2, 63, cols - 64, _("Oldest"));
	}
	attroff(A_BOLD);
	if (s->list.n == 0) {
		ui_put(4, 2, cols - 4, s->view == VIEW_REQUESTS ? _("No request.") :
		    _("No erasure has been recorded."));
	} else
		list_draw(&s->list, 3, 1, cols - 2, lines - 9);
	ui_rule(lines - 5, 1, cols - 2);
	ui_put_wrapped(lines - 4, 2, cols - 4, 2, _("The register (holders, registrations, "
	    "history, certificates, accounts, audit log) has no retention rule and is never "
	    "erased automatically."));
}

static void
retention_free(void *state)
{
	struct retention_state	*s = state;

	retention_plans_free(s->plans, s->n_plans);
	retention_requests_free(s->requests, s->n_requests);
	retention_records_free(s->records, s->n_records);
	free(s);
}

const struct screen_ops screen_retention = {
	.name = "retention",
	.help = N_("How long each kind of temporary data is kept, what the next run would "
	    "erase (a dry run), the requests to change a rule or erase, and the "
	    "erasure records (消去記録). The register itself is never erased by a rule. "
	    "Supervisors propose; another supervisor approves."),
	.init = retention_init,
	.key = retention_key,
	.draw = retention_draw,
	.free = retention_free,
};
