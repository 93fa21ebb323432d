/* screens/register/: the register's forms, search, holder, corrections and approvals.
 * May use: lib/, db/, app/, screens/. */
/*
 * A holder's record (SPEC §4): items, the My Number masked, registrations and the history
 * that is never overwritten. Opening it is a 閲覧 in the audit log. From here a clerk
 * reveals the My Number (with a reason), applies for a correction or an erasure.
 */
#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert/cert-delivery.h"
#include "i18n.h"
#include "reception/reception-dialog.h"
#include "reception/reception-slip.h"
#include "reception/reception.h"
#include "register/notify-dialog.h"
#include "register/notify.h"
#include "register/reg-merge.h"
#include "register/reg-actions.h"
#include "register/register-items.h"
#include "register/register.h"
#include "register/screen-reg-correct-items.h"
#include "screens.h"
#include "session.h"
#include "textwidth.h"
#include "valid.h"
#include "widgets/widget.h"
#include "xmalloc.h"

struct holder_line {
	char	*text;
	int	 bold;
};

struct holder_state {
	struct ui		*ui;
	char			*id;
	struct holder_view	 h;
	int			 loaded;
	int			 reload;	/* a pushed screen may have changed things */
	struct holder_line	*lines;
	int			 n_lines;
	int			 top;
	struct reception	*receptions;	/* the holder's, newest first */
	size_t			 n_receptions;
};

static void	*holder_init(struct ui *, void *);
static enum key_result holder_key(void *, const struct key_event *);
static void	 holder_draw(void *, struct ui *);
static void	 holder_free(void *);
static void	 holder_load(struct holder_state *);
static void	 holder_lines(struct holder_state *);
static void	 holder_reception_lines(struct holder_state *);
static void	 holder_closed_receptions(struct holder_state *);
static void	 holder_delivery_line(struct holder_state *, const char *);
/* The text view's width at 80 columns (its margins are two columns each side). */
#define HOLDER_WIDTH	76

static void	 push_line(struct holder_state *, int, char *);
static void	 add_line(struct holder_state *, int, const char *, ...)
		     __attribute__((format(printf, 3, 4)));
static char	*before_text(const char *, int);
static void	 reason_line(struct holder_state *, const struct event_view *);
static void	 holder_reveal(struct holder_state *);
static void	 holder_erase(struct holder_state *);
static void	 holder_disclosure(struct holder_state *);
static void	 notify_return_lines(struct holder_state *);

static void
add_line(struct holder_state *s, int bold, const char *fmt, ...)
{
	va_list	 ap;
	char	*text, *rest, *wrapped, *line, *nl;
	size_t	 indent;

	va_start(ap, fmt);
	xvasprintf(&text, fmt, ap);
	va_end(ap);
	/*
	 * The view is HOLDER_WIDTH wide at 80 columns: a longer line goes on below, indented
	 * under its start, broken at words, rather than being cut at the edge.
	 */
	if (textwidth(text) <= HOLDER_WIDTH) {
		push_line(s, bold, text);
		return;
	}
	indent = strspn(text, " ") + 4;
	wrapped = textwidth_wrap(text, HOLDER_WIDTH);
	free(text);
	nl = strchr(wrapped, '\n');
	push_line(s, bold, xstrndup(wrapped, nl - wrapped));
	rest = textwidth_wrap(nl + 1, HOLDER_WIDTH - (int)indent);
	for (line = rest; line != NULL; line = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		xasprintf(&text, "%*s%.*s", (int)indent, "", nl != NULL ? (int)(nl - line) :
		    (int)strlen(line), line);
		push_line(s, bold, text);
	}
	free(rest);
	free(wrapped);
}

/* Takes text. */
static void
push_line(struct holder_state *s, int bold, char *text)
{
	s->lines = xreallocarray(s->lines, s->n_lines + 1, sizeof *s->lines);
	s->lines[s->n_lines].text = text;
	s->lines[s->n_lines++].bold = bold;
}

/*
 * {"family_name":"山田","sex":"2"} as 「姓: 山田, 性別: 女」 for the history lines: each
 * key by its item's label and each value as the holder screen shows it, in the screen's
 * language. A certificate's own columns (a 再交付's before) are in reg_history_items.
 */
static char *
before_text(const char *json, int era)
{
	const struct reg_item	*item;
	char			*out = xstrdup(""), *next, *key, *value, *shown;
	const char		*p = json, *q;
	size_t			 len;

	for (;;) {
		if ((p = strchr(p, '"')) == NULL)
			break;
		q = strchr(++p, '"');
		if (q == NULL)
			break;
		key = xstrndup(p, (size_t)(q - p));
		p = q + 1;
		while (*p == ':' || *p == ' ')
			p++;
		if (*p == '"') {
			for (q = ++p; *q != '\0' && *q != '"'; q++) {
				if (*q == '\\' && q[1] != '\0')
					q++;
			}
			len = (size_t)(q - p);
			value = xstrndup(p, len);
			p = *q != '\0' ? q + 1 : q;
		} else {
			len = strcspn(p, ",}");
			value = xstrndup(p, len);
			p += len;
		}
		if ((item = reg_item_find(NULL, key)) == NULL)
			item = reg_item_find(reg_history_items, key);
		if (*value == '\0')
			shown = xstrdup(_("(empty)"));
		else if (item != NULL)
			shown = reg_display(item, value, era);
		else
			shown = xstrdup(value);
		xasprintf(&next, "%s%s%s: %s", out, *out != '\0' ? ", " : "",
		    item != NULL ? _(item->label) : key, shown);
		free(out);
		out = next;
		free(shown);
		free(key);
		free(value);
	}
	return out;
}

/*
 * An event's reason: the code the register keeps (亡失, 死亡) in the screen's language,
 * then what the clerk typed, as typed.
 */
static void
reason_line(struct holder_state *s, const struct event_view *e)
{
	const char	*code;
	char		*why, *text, *notify_label = NULL;

	if (e->reason_text == NULL) {
		add_line(s, 0, "     %s", _("Reason: (要配慮 — supervisors only)"));
		return;
	}
	code = reg_event_reason(e->kind, e->reason_code);
	if (strcmp(e->kind, "notify") == 0)	/* the reasons are data (notify.h) */
		code = notify_label = notify_reason_label(ui_db(s->ui), e->reason_code,
		    i18n_japanese());
	text = reg_reason_text(e->reason_code, e->reason_text);
	if (code != NULL && *text != '\0') {
		xasprintf(&why, _("Reason: %s; %s"), code, text);
		add_line(s, 0, "     %s", why);
		free(why);
	} else if (code != NULL)
		add_line(s, 0, "     %s: %s", _("Reason"), code);
	else if (*text != '\0')
		add_line(s, 0, "     %s: %s", _("Reason"), text);
	free(text);
	free(notify_label);
}

/*
 * The holder's open receptions (受付), each with its number as the applicant was told it;
 * decided and withdrawn ones are in the reception register and the history.
 */
static void
holder_reception_lines(struct holder_state *s)
{
	struct reception	*r;
	size_t			 i, open = 0;

	for (i = 0; i < s->n_receptions; i++)
		open += strcmp(s->receptions[i].status, "open") == 0;
	if (open == 0)
		return;
	add_line(s, 1, "%s   %s", _("Open receptions (受付)"), _("(u: receive, i: identity "
	    "check, w: withdraw, s: slip)"));
	for (i = 0; i < s->n_receptions; i++) {
		r = &s->receptions[i];
		if (strcmp(r->status, "open") != 0)
			continue;
		add_line(s, 0, " %s  %s  %s  %s  [%s]  %s", r->number, r->received_on,
		    reception_kind_label(r->kind), reception_channel_label(r->channel),
		    reception_status_label(r->status), r->received_by);
		if (r->fee_payment != NULL)
			add_line(s, 0, "     %s: %s, %s, %lld", _("Fee"),
			    reception_fee_kind_label(r->fee_kind),
			    reception_payment_label(r->fee_payment), (long long)r->fee_amount);
		if (r->identity != NULL) {
			char	*docs = reception_documents_shown(ui_db(s->ui), r->identity);

			add_line(s, 0, "     %s: %s (%s)", _("Identity confirmed with"), docs,
			    r->identity_by);
			free(docs);
		} else if (strcmp(r->status, "open") == 0)
			add_line(s, 0, "     %s", _("Identity not confirmed yet (i)"));
	}
	add_line(s, 0, "%s", "");
}

/*
 * The holder's receptions that are over, after the history: each decided or withdrawn
 * one with its number, so that what the applicant was told can be found here too.
 */
static void
holder_closed_receptions(struct holder_state *s)
{
	struct reception	*r;
	size_t			 i;
	int			 heading = 0;

	for (i = 0; i < s->n_receptions; i++) {
		r = &s->receptions[i];
		if (strcmp(r->status, "open") == 0)
			continue;
		if (!heading) {
			add_line(s, 0, "%s", "");
			add_line(s, 1, "%s", _("Receptions decided or withdrawn"));
			heading = 1;
		}
		add_line(s, 0, " %s  %s  %s  %s  [%s]  %s", r->number, r->received_on,
		    reception_kind_label(r->kind), reception_channel_label(r->channel),
		    reception_status_label(r->status), r->received_by);
		if (r->withdraw_reason != NULL)
			add_line(s, 0, "     %s: %s", _("Withdrawn because"), r->withdraw_reason);
	}
}

/* How the registration's certificate left, once recorded (h). */
static void
holder_delivery_line(struct holder_state *s, const char *registration_id)
{
	struct cert_delivery	 d;
	char			*cause = NULL, day[DATE_ERA_SIZE];

	if (cert_delivery_get(ui_db(s->ui), registration_id, &d, &cause) != 0) {
		free(cause);
		return;
	}
	date_shown(d.delivered_on, ui_era_dates(s->ui), day);
	if (strcmp(d.method, "mail") == 0)
		add_line(s, 0, _("     Mailed (郵送) on %s, tracking number %s (%s)"), day,
		    d.tracking_number, d.recorded_by);
	else
		add_line(s, 0, _("     Handed over at the counter (窓口交付) on %s (%s)"), day,
		    d.recorded_by);
}

/* h: how the certificate of a registration left: handed over, or mailed with its number. */
static void
holder_delivery(struct holder_state *s)
{
	struct actor	 who;
	char		 how[8] = "", day[64] = "", tracking[64] = "", *cause = NULL;
	int		 pick;

	if ((pick = holder_pick_registration(s->ui, &s->h, _("How the certificate left"))) <
	    0)
		return;
	if (dialog_input(s->ui, _("How the certificate left"), _("1 handed over at the "
	    "counter (窓口交付), 2 mailed (郵送):"), 0, how, sizeof how) != 0)
		return;
	if (strcmp(how, "1") != 0 && strcmp(how, "2") != 0) {
		ui_set_message(s->ui, _("Answer 1 or 2; nothing was recorded."));
		return;
	}
	if (dialog_input(s->ui, _("How the certificate left"), *how == '1' ? _("Handed over on "
	    "(date; empty: today):") : _("Posted on (date; empty: today):"), 0, day,
	    sizeof day) != 0)
		return;
	if (*how == '2' && dialog_input(s->ui, _("How the certificate left"), _("Tracking "
	    "number of the registered mail:"), 0, tracking, sizeof tracking) != 0)
		return;
	session_actor(ui_session(s->ui), &who);
	if (cert_delivery_record(ui_db(s->ui), &who, s->h.registrations[pick].id, *how == '1' ?
	    "counter" : "mail", day, tracking, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	ui_set_message(s->ui, _("Recorded how the certificate left."));
	s->reload = 1;
}

/*
 * A notification (届出, n) of a death or disappearance leaves each certificate held to be
 * returned (返還): said at the top until its return is recorded.
 */
static void
notify_return_lines(struct holder_state *s)
{
	struct notify_return	*r;
	size_t			 n, i;
	char			*cause = NULL, day[DATE_ERA_SIZE];
	if (notify_returns_expected(ui_db(s->ui), s->id, &r, &n, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	for (i = 0; i < n; i++) {
		date_shown(r[i].notified_on, ui_era_dates(s->ui), day);
		add_line(s, 1, _("Return (返還) expected: %s (notified %s)"),
		    r[i].certificate_number, day);
	}
	notify_returns_free(r, n);
}

static void
holder_lines(struct holder_state *s)
{
	const struct reg_item	*item;
	struct holder_view	*h = &s->h;
	struct event_view	*e;
	const char		*kind;
	char			*shown, *before;
	size_t			 i, j;
	int			 era = ui_era_dates(s->ui);

	for (i = 0; i < (size_t)s->n_lines; i++)
		free(s->lines[i].text);
	free(s->lines);
	s->lines = NULL;
	s->n_lines = 0;
	if (h->erased)
		add_line(s, 1, "%s", _("This holder's record is erased (消除); it is kept."));
	notify_return_lines(s);
	/* Merged into another holder, or others merged into this one (issue 25). */
	reg_merge_note(s->ui, s->id, &shown, &before);
	if (shown != NULL)
		add_line(s, 1, "%s", shown);
	if (before != NULL)
		add_line(s, 1, "%s", before);
	free(shown);
	free(before);
	for (i = 0; i < h->n_values; i++) {
		if (*h->values[i].value == '\0' ||
		    (item = reg_item_find(reg_holder_items, h->values[i].key)) == NULL)
			continue;
		if (item->kind == REG_FLAG) {	/* has_gaiji: a warning when set, else nothing */
			if (strcmp(h->values[i].value, "1") == 0)
				add_line(s, 1, "%s", _("The name holds 外字: confirm it against "
				    "the documents."));
			continue;
		}
		shown = reg_display(item, h->values[i].value, era);
		add_line(s, 0, "%-s: %s", _(item->label), shown);
		free(shown);
	}
	add_line(s, 0, "%s: %s", _("My Number"), *h->mynumber_masked != '\0' ?
	    h->mynumber_masked : _("not recorded"));
	if (h->pending_applications > 0)
		add_line(s, 1, _("Applications awaiting a supervisor: %d"),
		    h->pending_applications);
	add_line(s, 0, "%s", "");
	/* The certificate keys go on the heading: the bottom line is full at 80 columns. */
	add_line(s, 1, "%s   %s", _("Registrations"), h->n_registrations > 0 ?
	    _("(r: apply for a reissue, p: print, h: how it left)") : "");
	for (i = 0; i < h->n_registrations; i++) {
		struct registration_view *r = &h->registrations[i];
		char	*qual, *status, *issued;

		qual = reg_display(reg_item_find(reg_registration_items, "qualification"),
		    reg_values_get(r->values, r->n_values, "qualification"), era);
		status = xstrdup(reg_code_label(reg_statuses, reg_values_get(r->values,
		    r->n_values, "status")));
		issued = reg_display(reg_item_find(reg_registration_items, "issue_date"),
		    reg_values_get(r->values, r->n_values, "issue_date"), era);
		add_line(s, 0, " %zu  %s  [%s]  %s  %s", i + 1,
		    reg_values_get(r->values, r->n_values, "certificate_number"), status,
		    issued, qual);
		/* A print CUPS did not complete leaves the holder without paper (issue 32). */
		if (cert_not_printed(s->ui, r->id))
			add_line(s, 1, "     %s", _("NOT PRINTED: the last print failed; p prints "
			    "it again"));
		holder_delivery_line(s, r->id);
		free(qual);
		free(status);
		free(issued);
	}
	add_line(s, 0, " %s   %s", _("q: apply for another qualification"),
	    _("u: receive an application (受付)"));
	add_line(s, 0, " %s", _("n: record a notification (届出)"));
	add_line(s, 0, "%s", "");
	holder_reception_lines(s);
	add_line(s, 1, "%s", _("History"));
	for (j = 0; j < h->n_events; j++) {
		e = &h->events[j];
		kind = reg_code_label(reg_event_kinds, e->kind);
		shown = reg_display(reg_item_find(reg_registration_items, "issue_date"),
		    e->event_date, era);
		if (e->approved_by != NULL)
			add_line(s, 0, _(" %s  %s  by %s, approved by %s"), shown,
			    kind != NULL ? kind : e->kind, e->created_by, e->approved_by);
		else
			add_line(s, 0, _(" %s  %s  by %s"), shown, kind != NULL ? kind : e->kind,
			    e->created_by);
		free(shown);
		reason_line(s, e);
		if ((before = reg_action_event_detail(s->ui, e)) != NULL) {
			add_line(s, 0, "     %s", before);
			free(before);
		}
		if ((before = reg_merge_event_detail(s->ui, e)) != NULL) {
			add_line(s, 0, "     %s", before);
			free(before);
		} else if (e->before != NULL && strcmp(e->before, "{}") != 0) {
			before = before_text(e->before, era);
			add_line(s, 0, "     %s: %s", _("Before"), before);
			free(before);
		}
	}
	holder_closed_receptions(s);
}

static void
holder_load(struct holder_state *s)
{
	struct actor	 who;
	char		*cause = NULL;

	if (s->loaded)
		holder_view_clear(&s->h);
	s->loaded = 0;
	session_actor(ui_session(s->ui), &who);
	if (holder_view(ui_db(s->ui), &who, s->id, &s->h, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	reception_list_free(s->receptions, s->n_receptions);
	s->receptions = NULL;
	s->n_receptions = 0;
	if (reception_list(ui_db(s->ui), s->id, &s->receptions, &s->n_receptions,
	    &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
	s->loaded = 1;
	holder_lines(s);
}

static void *
holder_init(struct ui *ui, void *arg)
{
	struct holder_state	*s;

	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	s->id = xstrdup(arg);
	reg_actions_daily(ui);
	holder_load(s);
	return s;
}

/* Shown in a dialog only, never left on the screen; the buffers are wiped. */
static void
holder_reveal(struct holder_state *s)
{
	struct actor	 who;
	char		 reason[256], number[13], text[64], *cause = NULL;

	if (ui_check_access(s->ui, "register.search") != 0)
		return;
	if (dialog_input(s->ui, _("Reveal the My Number"), _("Reason (recorded in the audit "
	    "log):"), 0, reason, sizeof reason) != 0)
		return;
	session_actor(ui_session(s->ui), &who);
	if (mynumber_reveal(ui_db(s->ui), &who, s->id, reason, number, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	snprintf(text, sizeof text, "%.4s %.4s %.4s", number, number + 4, number + 8);
	explicit_bzero(number, sizeof number);
	dialog_message(s->ui, _("My Number"), text);
	explicit_bzero(text, sizeof text);
}

static void
holder_erase(struct holder_state *s)
{
	struct register_target	 t;
	char			 answer[16];
	size_t			 pick = 0;

	if (s->h.n_registrations == 0)
		return;
	if (s->h.n_registrations > 1) {
		if (dialog_input(s->ui, _("Erasure (消除)"), _("Which registration (number in "
		    "the list)?"), 0, answer, sizeof answer) != 0)
			return;
		pick = (size_t)strtoul(answer, NULL, 10);
		if (pick < 1 || pick > s->h.n_registrations) {
			ui_set_message(s->ui, _("No registration with that number."));
			return;
		}
		pick--;
	}
	t.holder_id = s->id;
	t.registration_id = s->h.registrations[pick].id;
	s->reload = 1;
	ui_push(s->ui, &screen_deletion, &t);
}

/* The period of an access disclosure, then its screen (which checks the role). */
static void
holder_disclosure(struct holder_state *s)
{
	struct disclosure_arg	 a;
	char			 from[64] = "", to[64] = "";

	if (ui_check_access(s->ui, "disclosure.print") != 0)
		return;
	if (dialog_input(s->ui, _("Access disclosure (開示)"), _("From (YYYY-MM-DD; empty: "
	    "the start of the log)"), 0, from, sizeof from) != 0 ||
	    dialog_input(s->ui, _("Access disclosure (開示)"), _("To (YYYY-MM-DD; empty: "
	    "today)"), 0, to, sizeof to) != 0)
		return;
	a.holder_id = s->id;
	a.from = from;
	a.to = to;
	/* The disclosure is itself an entry about the holder: the history may change. */
	s->reload = 1;
	ui_push(s->ui, &screen_disclosure, &a);
}

static enum key_result
holder_key(void *state, const struct key_event *ev)
{
	struct holder_state	*s = state;
	struct register_target	 t;
	struct juki_new_arg	 jarg;
	char			 number[RECEPTION_NUMBER_SIZE];
	int			 page = ui_lines(s->ui) - 5;
	int			 pick;

	if (ev->is_func) {
		switch (ev->code) {
		case KEY_F(10):
			return KEY_QUIT;
		case KEY_UP:
			s->top -= s->top > 0;
			return KEY_HANDLED;
		case KEY_DOWN:
			s->top += s->top + page < s->n_lines;
			return KEY_HANDLED;
		case KEY_PPAGE:
			s->top = s->top > page ? s->top - page : 0;
			return KEY_HANDLED;
		case KEY_NPAGE:
			if (s->top + page < s->n_lines)
				s->top += page;
			return KEY_HANDLED;
		}
		return KEY_UNHANDLED;
	}
	if (ev->code == 0x1b)
		return KEY_BACK;
	if (!s->loaded)
		return KEY_UNHANDLED;
	switch (ev->code) {
	case 'm':
		holder_reveal(s);
		return KEY_HANDLED;
	case 'c':
		if (ui_check_access(s->ui, "register.apply") != 0)
			return KEY_HANDLED;
		t.holder_id = s->id;
		t.registration_id = NULL;
		s->reload = 1;
		ui_push(s->ui, &screen_correction, &t);
		return KEY_HANDLED;
	case 'd':
		if (ui_check_access(s->ui, "register.apply") == 0)
			holder_erase(s);
		return KEY_HANDLED;
	case 'e':
		if (ui_check_access(s->ui, "register.apply") != 0 || (pick =
		    holder_pick_registration(s->ui, &s->h, _("Correct a registration (訂正)"))) <
		    0)
			return KEY_HANDLED;
		t.holder_id = s->id;
		t.registration_id = s->h.registrations[pick].id;
		s->reload = 1;
		ui_push(s->ui, &screen_correction_items, &t);
		return KEY_HANDLED;
	case 'k':
		s->reload = 1;
		correction_mynumber_open(s->ui, s->id);
		return KEY_HANDLED;
	case 'q':
		if (ui_check_access(s->ui, "register.apply") != 0)
			return KEY_HANDLED;
		t.holder_id = s->id;
		t.registration_id = NULL;
		s->reload = 1;
		ui_push(s->ui, &screen_qualification, &t);
		return KEY_HANDLED;
	case 'j':
		if (ui_check_access(s->ui, "juki.lookup") != 0)
			return KEY_HANDLED;
		memset(&jarg, 0, sizeof jarg);
		jarg.holder_id = s->id;
		s->reload = 1;
		ui_push(s->ui, &screen_juki_new, &jarg);
		return KEY_HANDLED;
	case 'r':
		if (ui_check_access(s->ui, "reissue.apply") != 0 ||
		    (pick = holder_pick_registration(s->ui, &s->h, _("Reissue (再交付)"))) < 0)
			return KEY_HANDLED;
		t.holder_id = s->id;
		t.registration_id = s->h.registrations[pick].id;
		s->reload = 1;
		ui_push(s->ui, &screen_reissue, &t);
		return KEY_HANDLED;
	case 'a':
		holder_disclosure(s);
		return KEY_HANDLED;
	case 'n':
		if (notify_at_holder(s->ui, s->id, &s->h) == 0)
			s->reload = 1;
		return KEY_HANDLED;
	case 'g':
		if (ui_check_access(s->ui, "register.apply") == 0 &&
		    reg_merge_ask(s->ui, &s->h) == 0)
			s->reload = 1;
		return KEY_HANDLED;
	case 'h':
		if (ui_check_access(s->ui, "cert.print") == 0)
			holder_delivery(s);
		return KEY_HANDLED;
	case 'u':
		if (reception_receive(s->ui, s->id) == 0)
			s->reload = 1;
		return KEY_HANDLED;
	case 's':
		reception_slip_print(s->ui, s->receptions, s->n_receptions);
		return KEY_HANDLED;
	case 'w':
		if (reception_pick_open(s->ui, _("Withdrawal (取下げ)"), s->receptions,
		    s->n_receptions, 0, number) == 0 &&
		    reception_withdraw_ask(s->ui, number) == 0)
			s->reload = 1;
		return KEY_HANDLED;
	case 'i':
		if (reception_pick_open(s->ui, _("Identity check (本人確認)"),
		    s->receptions, s->n_receptions, 0, number) == 0 &&
		    reception_identity_ask(s->ui, number) == 0) {
			ui_set_message(s->ui, _("The identity is confirmed on reception %s."),
			    number);
			s->reload = 1;
		}
		return KEY_HANDLED;
	case 'x':
		if (ui_check_access(s->ui, "register.apply") == 0 && (pick =
		    holder_pick_registration(s->ui, &s->h, _("Administrative action (処分)"))) >= 0 &&
		    reg_action_ask(s->ui, &s->h, pick) == 0)
			s->reload = 1;
		return KEY_HANDLED;
	case 'p':
		if (ui_check_access(s->ui, "cert.print") == 0 && (pick =
		    holder_pick_registration(s->ui, &s->h, _("Print the certificate"))) >= 0) {
			cert_print_now(s->ui, s->h.registrations[pick].id, 0);
			/* Printed or not printed, the registration's line says which. */
			if (s->loaded)
				holder_lines(s);
		}
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static void
holder_draw(void *state, struct ui *ui)
{
	struct holder_state	*s = state;
	static const struct key_hint hints[] = {
		/* As many as the bottom line holds, in this order (r and p are also in the
		 * registrations' heading). */
		{ "m", N_("My Number") }, { "c", N_("Correct") }, { "d", N_("Erase") },
		{ "j", N_("Juki-net") }, { "a", N_("Disclosure") }, { "Esc", N_("Back") },
		{ "r", N_("Reissue") }, { "p", N_("Print") },
		{ "↑↓", N_("Scroll") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};
	char			*title;
	int			 i, rows = ui_lines(ui) - 4;

	if (s->reload) {
		s->reload = 0;
		holder_load(s);
	}
	if (s->loaded)
		xasprintf(&title, _("Holder: %s %s"), reg_values_get(s->h.values,
		    s->h.n_values, "family_name"), reg_values_get(s->h.values, s->h.n_values,
		    "given_name"));
	else
		title = xstrdup(_("Holder"));
	ui_draw_frame(ui, title, hints);
	free(title);
	if (s->top > s->n_lines - rows)
		s->top = s->n_lines - rows > 0 ? s->n_lines - rows : 0;
	for (i = 0; i < rows && s->top + i < s->n_lines; i++) {
		if (s->lines[s->top + i].bold)
			attron(A_BOLD);
		ui_put(2 + i, 2, ui_cols(ui) - 4, s->lines[s->top + i].text);
		if (s->lines[s->top + i].bold)
			attroff(A_BOLD);
	}
	if (s->top + rows < s->n_lines)
		ui_put(1 + rows, ui_cols(ui) - 2, 1, "v");
}

static void
holder_free(void *state)
{
	struct holder_state	*s = state;
	int			 i;

	if (s == NULL)
		return;
	if (s->loaded)
		holder_view_clear(&s->h);
	reception_list_free(s->receptions, s->n_receptions);
	for (i = 0; i < s->n_lines; i++)
		free(s->lines[i].text);
	free(s->lines);
	free(s->id);
	free(s);
}

const struct screen_ops screen_holder = {
	.name = "register-holder",
	.help = N_("A holder's record, registrations, receptions and history. Keys: u "
	    "receive an application (受付), i record the identity check (本人確認) of an open "
	    "one, w withdraw an open one, s print its receipt slip (受付票), c correct the "
	    "holder's items, e correct a registration's items, k correct the My Number, n "
	    "record a notification (届出), d erase, x administrative action (処分), g merge "
	    "with another holder (名寄せ) or split a merged one, q apply for another "
	    "qualification, r apply for a reissue, p print the certificate, h record how it "
	    "left (窓口交付 or 郵送), m My Number (with a reason, recorded), j Juki-net lookup, "
	    "a access disclosure (supervisors). Every view is recorded."),
	.init = holder_init,
	.key = holder_key,
	.draw = holder_draw,
	.free = holder_free,
};
