/* screens/audit/: reading and reviewing the audit log.
 * May use: lib/, db/, app/, screens/. */
/*
 * The audit log (操作ログ, SPEC §8) for supervisors and auditors, read-only for both:
 * newest first, a page at a time (PgUp/PgDn), filtered by user, role, action group,
 * result, terminal, time range and holder (f), one entry in full with the holder's name
 * from the register (Enter). The data layer checks 'audit.review' and records the opening,
 * every filter tried and every entry opened; a filter it refuses leaves the list as it was.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "audit/audit-groups.h"
#include "audit/audit-labels.h"
#include "audit/audit-query.h"
#include "i18n.h"
#include "screens.h"
#include "session.h"
#include "timestamp.h"
#include "widgets/widget.h"
#include "xmalloc.h"

enum {
	F_USER,
	F_ROLE,
	F_GROUP,
	F_RESULT,
	F_TERMINAL,
	F_FROM,
	F_UNTIL,
	F_HOLDER,
	F_COUNT
};

enum log_mode {
	MODE_LIST,
	MODE_FILTER,
	MODE_ENTRY,
};

/* Pages are found again from where each began: the entry before its first. */
#define MAX_PAGES	4096

struct log_state {
	struct ui		*ui;
	enum log_mode		 mode;
	int			 refused;	/* the role table said no: nothing to show */
	struct audit_query	*query;
	struct audit_row	*rows;
	size_t			 n;
	int			 more;
	int			 page_size;
	struct audit_cursor	*pages;		/* where page i starts */
	int			 page;
	struct list		 list;
	struct field		 fields[F_COUNT];
	struct form		 form;
	struct audit_row	 entry;		/* MODE_ENTRY */
};

static void	*log_init(struct ui *, void *);
static enum key_result log_key(void *, const struct key_event *);
static void	 log_draw(void *, struct ui *);
static void	 log_resize(void *, struct ui *);
static void	 log_free(void *);
static void	 log_load(struct log_state *);
static void	 log_apply(struct log_state *, int);
static void	 log_open_entry(struct log_state *);
static void	 log_draw_row(void *, int, int, int, int, int);
static void	 log_draw_entry(struct log_state *, struct ui *);
static enum key_result log_filter_key(struct log_state *, const struct key_event *);
static const char *group_from_typed(const char *);

static int
page_size(struct ui *ui)
{
	int	 n = ui_lines(ui) - 5;

	return n > 1 ? n : 1;
}

static void *
log_init(struct ui *ui, void *arg)
{
	struct log_state	*s;
	struct actor		 who;
	char			*cause = NULL;

	(void)arg;
	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	s->pages = xcalloc(MAX_PAGES, sizeof *s->pages);
	s->page_size = page_size(ui);
	field_init(&s->fields[F_USER], _("User"), 64, 0);
	field_init(&s->fields[F_ROLE], _("Role"), 64, 0);
	field_init(&s->fields[F_GROUP], _("Action group"), 16, 0);
	field_init(&s->fields[F_RESULT], _("Result"), 8, 0);
	field_init(&s->fields[F_TERMINAL], _("Terminal"), 64, 0);
	field_init(&s->fields[F_FROM], _("From (date)"), 20, 0);
	field_init(&s->fields[F_UNTIL], _("Until (date)"), 20, 0);
	field_init(&s->fields[F_HOLDER], _("Holder id"), 36, 0);
	form_init(&s->form, s->fields, F_COUNT);
	list_init(&s->list, 0, log_draw_row, s);
	session_actor(ui_session(ui), &who);
	if (audit_review_open(ui_db(ui), &who, &s->query, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		s->refused = 1;
		return s;
	}
	log_load(s);
	return s;
}

/* The page s->page of the current query. */
static void
log_load(struct log_state *s)
{
	struct actor	 who;
	char		*cause = NULL;

	audit_rows_free(s->rows, s->n);
	s->rows = NULL;
	s->n = 0;
	s->more = 0;
	session_actor(ui_session(s->ui), &who);
	if (audit_query_page(ui_db(s->ui), &who, s->query, &s->pages[s->page], s->page_size,
	    &s->rows, &s->n, &s->more, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
	list_init(&s->list, (int)s->n, log_draw_row, s);
}

/* A group as typed: its name, or its label in the language shown. */
static const char *
group_from_typed(const char *typed)
{
	int	 i;

	for (i = 0; audit_group_names[i] != NULL; i++) {
		if (strcmp(typed, audit_group_label(audit_group_names[i])) == 0)
			return audit_group_names[i];
	}
	return typed;
}

/*
 * Applies the filter typed in the form (clear: no filter). A filter the data layer
 * refuses changes nothing: the form stays open with what was typed and the message says
 * why.
 */
static void
log_apply(struct log_state *s, int clear)
{
	struct audit_filter	 f;
	struct audit_query	*q;
	struct actor		 who;
	char			*cause = NULL;
	int			 i;

	memset(&f, 0, sizeof f);
	if (clear) {
		for (i = 0; i < F_COUNT; i++)
			field_clear(&s->fields[i]);
	}
	f.user = s->fields[F_USER].text;
	f.role = s->fields[F_ROLE].text;
	f.group = group_from_typed(s->fields[F_GROUP].text);
	f.result = s->fields[F_RESULT].text;
	f.terminal = s->fields[F_TERMINAL].text;
	f.from = s->fields[F_FROM].text;
	f.until = s->fields[F_UNTIL].text;
	f.holder_id = s->fields[F_HOLDER].text;
	session_actor(ui_session(s->ui), &who);
	if (audit_query_new(ui_db(s->ui), &who, &f, &q, &cause) != 0) {
		ui_set_message(s->ui, _("Filter not applied: %s"), cause);
		free(cause);
		return;
	}
	audit_query_free(s->query);
	s->query = q;
	s->page = 0;
	memset(&s->pages[0], 0, sizeof s->pages[0]);
	for (i = 0; i < F_COUNT; i++)
		s->fields[i].changed = 0;
	s->mode = MODE_LIST;
	ui_set_message(s->ui, NULL);
	log_load(s);
}

static void
log_open_entry(struct log_state *s)
{
	struct actor	 who;
	char		*cause = NULL;

	session_actor(ui_session(s->ui), &who);
	audit_row_clear(&s->entry);
	if (audit_entry_get(ui_db(s->ui), &who, s->rows[s->list.selected].seq, &s->entry,
	    &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	s->mode = MODE_ENTRY;
}

static void
log_draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct log_state	*s = arg;
	struct audit_row	*r = &s->rows[row];
	(void)selected;
	/* The short date (R08.12.06 09:30) leaves the action's label room; Enter shows all. */
	ui_put_time(s->ui, y, x + 1, 16, r->at);
	ui_put_ellipsis(y, x + 18, 10, r->user);
	ui_put_ellipsis(y, x + 29, 26, audit_action_text(r->action));
	ui_put_ellipsis(y, x + 56, 8, audit_result_text(r->result));
	ui_put_ellipsis(y, x + 65, width - 66, r->target);
}

static enum key_result
log_filter_key(struct log_state *s, const struct key_event *ev)
{
	enum key_result	 r;
	int		 submit;

	if (!ev->is_func && ev->code == 0x1b) {
		/* Nothing typed here changes anything until it is applied. */
		s->mode = MODE_LIST;
		ui_set_message(s->ui, NULL);
		return KEY_HANDLED;
	}
	r = form_screen_key(&s->form, s->ui, ev, &submit);
	if (submit)
		log_apply(s, 0);
	return r;
}

static enum key_result
log_key(void *state, const struct key_event *ev)
{
	struct log_state	*s = state;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (s->refused)
		return !ev->is_func && ev->code == 0x1b ? KEY_BACK : KEY_UNHANDLED;
	if (s->mode == MODE_FILTER)
		return log_filter_key(s, ev);
	if (!ev->is_func && ev->code == 0x1b) {
		if (s->mode == MODE_ENTRY) {
			s->mode = MODE_LIST;
			audit_row_clear(&s->entry);
			return KEY_HANDLED;
		}
		return KEY_BACK;
	}
	if (s->mode == MODE_ENTRY)
		return KEY_UNHANDLED;
	if (ev->is_func && ev->code == KEY_NPAGE) {
		if (s->more && s->n > 0 && s->page + 1 < MAX_PAGES) {
			snprintf(s->pages[s->page + 1].at, sizeof s->pages[0].at, "%s",
			    s->rows[s->n - 1].at);
			s->pages[s->page + 1].seq = s->rows[s->n - 1].seq;
			s->page++;
			log_load(s);
		}
		return KEY_HANDLED;
	}
	if (ev->is_func && ev->code == KEY_PPAGE) {
		if (s->page > 0) {
			s->page--;
			log_load(s);
		}
		return KEY_HANDLED;
	}
	if (list_key(&s->list, ev, s->page_size))
		return KEY_HANDLED;
	if (ev->is_func)
		return KEY_UNHANDLED;
	switch (ev->code) {
	case '\r':
	case '\n':
		if (s->n > 0)
			log_open_entry(s);
		return KEY_HANDLED;
	case 'f':
		s->mode = MODE_FILTER;
		s->form.current = 0;
		return KEY_HANDLED;
	case 'c':
		log_apply(s, 1);
		return KEY_HANDLED;
	}
	/* Other typing in the list is a filter: to the user field, with what was typed. */
	if (ev->code >= 0x20 && ev->code != 0x7f) {
		s->mode = MODE_FILTER;
		s->form.current = F_USER;
		return form_key(&s->form, ev) ? KEY_HANDLED : KEY_UNHANDLED;
	}
	return KEY_UNHANDLED;
}

/* One label and its value, wrapped; returns the next line. */
static int
entry_line(int y, int max_y, int cols, const char *label, const char *value)
{
	if (y >= max_y)
		return y;
	attron(A_BOLD);
	ui_put(y, 2, 14, label);
	attroff(A_BOLD);
	return y + ui_put_wrapped(y, 17, cols - 19, max_y - y, value != NULL && *value !=
	    '\0' ? value : "—");
}

static void
log_draw_entry(struct log_state *s, struct ui *ui)
{
	struct audit_row	*r = &s->entry;
	char			 at[TIMESTAMP_SHOW_SIZE], *text, *roles;
	const char		*group = audit_action_group(r->action);
	int			 y = 2, max_y = ui_lines(ui) - 2, cols = ui_cols(ui);

	timestamp_show(r->at, ui_era_dates(ui), 1, at, sizeof at);
	xasprintf(&text, "%lld", (long long)r->seq);
	y = entry_line(y, max_y, cols, _("Entry"), text);
	free(text);
	y = entry_line(y, max_y, cols, _("Time"), at);
	xasprintf(&text, "%s (%s)", r->terminal_id, r->tty);
	y = entry_line(y, max_y, cols, _("Terminal"), text);
	free(text);
	roles = role_labels(ui_db(ui), r->role);
	xasprintf(&text, "%s (%s)", r->user, roles);
	free(roles);
	y = entry_line(y, max_y, cols, _("User"), text);
	free(text);
	/* The label, and the code the filters and the central store go by. */
	xasprintf(&text, "%s (%s) [%s]", audit_action_text(r->action), r->action,
	    group != NULL ? audit_group_label(group) : _("no group"));
	y = entry_line(y, max_y, cols, _("Action"), text);
	free(text);
	y = entry_line(y, max_y, cols, _("Result"), audit_result_text(r->result));
	y = entry_line(y, max_y, cols, _("Target"), r->target);
	if (r->holder_id != NULL) {
		xasprintf(&text, "%s", r->holder_name != NULL ? r->holder_name :
		    _("(not in this terminal's register)"));
		y = entry_line(y, max_y, cols, _("Holder"), text);
		free(text);
	}
	entry_line(y, max_y, cols, _("Detail"), r->detail);
}

static void
log_draw(void *state, struct ui *ui)
{
	struct log_state	*s = state;
	static const struct key_hint list_hints[] = {
		{ "Enter", N_("Open") }, { "f", N_("Filter") }, { "c", N_("Clear") },
		{ "PgDn", N_("Older") }, { "PgUp", N_("Newer") }, { "Esc", N_("Back") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint filter_hints[] = {
		{ "F2", N_("Apply") }, { "Tab", N_("Next") }, { "Esc", N_("Cancel") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint entry_hints[] = {
		{ "Esc", N_("List") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	const char		*described;
	char			*line;
	int			 cols = ui_cols(ui), y;

	if (s->refused) {
		ui_draw_frame(ui, _("Audit log"), entry_hints + 1);
		return;
	}
	if (s->mode == MODE_FILTER) {
		ui_draw_frame(ui, _("Audit log: filter"), filter_hints);
		form_draw_in(&s->form, 2, 2, cols - 4, 2 * F_COUNT);
		/* What each field takes, below the form: the labels stay short. */
		y = 2 + 2 * F_COUNT;
		y += ui_put_wrapped(y, 2, cols - 4, 2, _("Role: clerk supervisor sysadmin "
		    "auditor. Action group: login view search juki change approval print "
		    "export admin sync."));
		ui_put_wrapped(y, 2, cols - 4, 2, _("Result: ok denied failed. Dates: "
		    "2026-04-01 or 令和8年4月1日, both days included. Terminal: its id or tty. "
		    "Empty: any."));
		return;
	}
	if (s->mode == MODE_ENTRY) {
		ui_draw_frame(ui, _("Audit log: entry"), entry_hints);
		log_draw_entry(s, ui);
		return;
	}
	ui_draw_frame(ui, _("Audit log"), list_hints);
	described = audit_query_describe(s->query);
	xasprintf(&line, _("Page %d%s  Filter: %s"), s->page + 1, s->more ? "+" : "",
	    *described != '\0' ? described : _("none"));
	ui_put(1, 2, cols - 4, line);
	free(line);
	attron(A_BOLD);
	ui_put(2, 2, 16, _("Time"));
	ui_put(2, 19, 10, _("User"));
	ui_put(2, 30, 26, _("Action"));
	ui_put(2, 57, 8, _("Result"));
	ui_put(2, 66, cols - 67, _("Target"));
	attroff(A_BOLD);
	if (s->n == 0) {
		ui_put(4, 2, cols - 4, _("No audit entry matches."));
		return;
	}
	list_draw(&s->list, 3, 1, cols - 2, s->page_size);
}

/* A new size shows a new number of rows: the current page is read again from its start. */
static void
log_resize(void *state, struct ui *ui)
{
	struct log_state	*s = state;

	if (s->refused || page_size(ui) == s->page_size)
		return;
	s->page_size = page_size(ui);
	log_load(s);
}

static void
log_free(void *state)
{
	struct log_state	*s = state;
	int			 i;

	audit_query_free(s->query);
	audit_rows_free(s->rows, s->n);
	audit_row_clear(&s->entry);
	for (i = 0; i < F_COUNT; i++)
		field_free(&s->fields[i]);
	free(s->pages);
	free(s);
}

const struct screen_ops screen_audit_log = {
	.name = "audit-log",
	.help = N_("The audit log, newest first, with filters by user, holder, action, "
	    "result and period. Enter shows an entry whole. Reading the log is "
	    "itself recorded."),
	.init = log_init,
	.key = log_key,
	.draw = log_draw,
	.resize = log_resize,
	.free = log_free,
};
