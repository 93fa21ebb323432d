/* screens/reception/: the reception register's dialogs and screen.
 * May use: lib/, db/, app/, screens/. */
/*
 * The reception register (受付簿, issue 24): every reception of the office, newest first,
 * with its number, the date received, kind, channel, status, the holder once known and
 * the clerk who received it. A number typed (or / first) goes to that reception, read as
 * the holder's screen reads one (full-width digits, spaces, missing zeros); Enter shows a
 * reception whole. A clerk or supervisor receives a new person's application (n), and
 * withdraws (w) or records the identity check (i) of an open one; an auditor reads.
 */
#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "i18n.h"
#include "reception/reception-dialog.h"
#include "reception/reception.h"
#include "screens.h"
#include "session.h"
#include "textwidth.h"
#include "timestamp.h"
#include "widgets/widget.h"
#include "xmalloc.h"

/* The list's columns, each as wide as the widest word it shows in this language. */
enum { COL_NUMBER, COL_RECEIVED, COL_KIND, COL_CHANNEL, COL_STATUS, COL_HOLDER,
	COL_CLERK, COLS_N };

struct receptions_state {
	struct ui		*ui;
	struct reception	*list;
	size_t			 n;
	struct list		 view;
	int			 can_change;	/* may receive (register.apply or reissue.apply) */
	int			 x[COLS_N], w[COLS_N];
};

static void	 receptions_load(struct receptions_state *, const char *);
static void	 receptions_columns(struct receptions_state *);
static void	 receptions_draw_row(void *, int, int, int, int, int);
static void	 add_line(char **, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
static void	 receptions_show(struct receptions_state *, const struct reception *);
static void	 receptions_find(struct receptions_state *, const char *);
static int	 receptions_open_one(struct receptions_state *, int);
static int	 receptions_starts_number(wint_t);
static void	*receptions_init(struct ui *, void *);
static enum key_result receptions_key(void *, const struct key_event *);
static void	 receptions_draw(void *, struct ui *);
static void	 receptions_free(void *);

/* An application's states, in the screen's language (the register keeps the code). */
static const char *const application_states[] = { N_("pending"), N_("approved"),
	N_("rejected"), N_("withdrawn"), NULL };

/* What a list row shows of a channel: the short word (the detail has the long label). */
static const char *
channel_word(const char *code)
{
	static const char *const words[] = { N_("counter"), N_("mail"), N_("e-Gov"),
	    N_("Mynaportal"), NULL };
	static const char *const codes[] = { "counter", "mail", "e-gov", "mynaportal", NULL };
	size_t	 i;

	for (i = 0; code != NULL && codes[i] != NULL; i++) {
		if (strcmp(codes[i], code) == 0)
			return _(words[i]);
	}
	return code != NULL ? code : "";
}

/* The list again (after a change), its selection kept on number when it is still there. */
static void
receptions_load(struct receptions_state *s, const char *number)
{
	char	*cause = NULL;
	size_t	 i;

	reception_list_free(s->list, s->n);
	if (reception_list(ui_db(s->ui), NULL, &s->list, &s->n, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
	list_init(&s->view, (int)s->n, receptions_draw_row, s);
	for (i = 0; number != NULL && i < s->n; i++) {
		if (strcmp(s->list[i].number, number) == 0)
			s->view.selected = (int)i;
	}
}

static int
widest(int w, const char *text)
{
	int	 t = (int)textwidth(text);

	return t > w ? t : w;
}

/*
 * The columns: the number, the date and each coded column as wide as its heading and the
 * widest word its rows show (no word is ever cut); the clerk at the right as wide as the
 * longest user name (up to 12); the holder's name gets what is left.
 */
static void
receptions_columns(struct receptions_state *s)
{
	char	 day[TIMESTAMP_SHOW_SIZE];
	int	 i, x, cols = ui_cols(s->ui) - 2;
	size_t	 r;

	s->w[COL_NUMBER] = widest(RECEPTION_NUMBER_SIZE - 1, _("Number"));
	/* A date is as wide as any other in its style (R08.12.06, 2026-12-06). */
	s->w[COL_RECEIVED] = widest((int)textwidth(ui_time_text(s->ui, "2026-12-06",
	    UI_TIME_SHORT | UI_TIME_DAY, day, sizeof day)), _("Received"));
	s->w[COL_KIND] = widest(0, _("Kind"));
	s->w[COL_CHANNEL] = widest(0, _("Channel"));
	s->w[COL_STATUS] = widest(0, _("Status"));
	s->w[COL_CLERK] = widest(0, _("Clerk"));
	for (r = 0; r < s->n; r++) {
		s->w[COL_KIND] = widest(s->w[COL_KIND], reception_kind_label(s->list[r].kind));
		s->w[COL_CHANNEL] = widest(s->w[COL_CHANNEL],
		    channel_word(s->list[r].channel));
		s->w[COL_STATUS] = widest(s->w[COL_STATUS],
		    reception_status_label(s->list[r].status));
		if (s->w[COL_CLERK] < 12)
			s->w[COL_CLERK] = widest(s->w[COL_CLERK], s->list[r].received_by);
	}
	if (s->w[COL_CLERK] > 12)
		s->w[COL_CLERK] = 12;
	x = 1;
	for (i = 0; i < COLS_N; i++) {
		if (i == COL_HOLDER)
			s->w[i] = cols - x - s->w[COL_CLERK] - 1;
		s->x[i] = x;
		x += s->w[i] + 1;
	}
}

static void
receptions_draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct receptions_state	*s = arg;
	struct reception	*r = &s->list[row];
	char			 day[TIMESTAMP_SHOW_SIZE];

	(void)width;
	(void)selected;
	ui_put(y, x + s->x[COL_NUMBER], s->w[COL_NUMBER], r->number);
	ui_put(y, x + s->x[COL_RECEIVED], s->w[COL_RECEIVED], ui_time_text(s->ui,
	    r->received_on, UI_TIME_SHORT | UI_TIME_DAY, day, sizeof day));
	ui_put(y, x + s->x[COL_KIND], s->w[COL_KIND], reception_kind_label(r->kind));
	ui_put(y, x + s->x[COL_CHANNEL], s->w[COL_CHANNEL], channel_word(r->channel));
	ui_put(y, x + s->x[COL_STATUS], s->w[COL_STATUS], reception_status_label(r->status));
	ui_put_ellipsis(y, x + s->x[COL_HOLDER], s->w[COL_HOLDER], r->holder_name != NULL ?
	    r->holder_name : r->holder_id != NULL ? "-" : _("(new person)"));
	ui_put_ellipsis(y, x + s->x[COL_CLERK], s->w[COL_CLERK], r->received_by);
}

/* Adds a line to the text being built. */
static void
add_line(char **text, const char *fmt, ...)
{
	va_list	 ap;
	char	*line, *was = *text;

	va_start(ap, fmt);
	xvasprintf(&line, fmt, ap);
	va_end(ap);
	if (was == NULL)
		*text = line;
	else {
		xasprintf(text, "%s\n%s", was, line);
		free(was);
		free(line);
	}
}

/* One reception whole, in a dialog; the view is recorded with its holder. */
static void
receptions_show(struct receptions_state *s, const struct reception *r)
{
	struct actor	 who;
	char		*text = NULL, *docs, *target;
	char		 day[TIMESTAMP_SHOW_SIZE], at[TIMESTAMP_SHOW_SIZE];

	add_line(&text, _("Reception:    %s"), r->number);
	add_line(&text, _("Kind:         %s"), reception_kind_label(r->kind));
	add_line(&text, _("Received:     %s, %s, by %s"), ui_time_text(s->ui, r->received_on,
	    UI_TIME_DAY, day, sizeof day), reception_channel_label(r->channel),
	    r->received_by);
	if (r->holder_name != NULL)
		add_line(&text, _("Holder:       %s"), r->holder_name);
	else if (r->holder_id == NULL)
		add_line(&text, "%s", _("Holder:       a person not in the register yet"));
	add_line(&text, _("Status:       %s"), reception_status_label(r->status));
	if (r->identity != NULL) {
		docs = reception_documents_shown(ui_db(s->ui), r->identity);
		add_line(&text, _("Identity:     confirmed with %s"), docs);
		add_line(&text, _("Checked:      %s by %s"), r->identity_at != NULL ?
		    ui_time_text(s->ui, r->identity_at, 0, at, sizeof at) : "",
		    r->identity_by);
		free(docs);
	} else
		add_line(&text, "%s", _("Identity:     not confirmed yet"));
	if (r->withdrawn_by != NULL) {
		add_line(&text, _("Withdrawn:    %s by %s"), r->withdrawn_at != NULL ?
		    ui_time_text(s->ui, r->withdrawn_at, 0, at, sizeof at) : "",
		    r->withdrawn_by);
		add_line(&text, _("Why:          %s"), r->withdraw_reason != NULL ?
		    r->withdraw_reason : "");
	}
	if (r->application_id != NULL)
		add_line(&text, _("Application:  %.8s (%s)"), r->application_id,
		    ui_code_word(application_states, r->application_status));
	else if (strcmp(r->status, "open") == 0)
		add_line(&text, "%s", _("Application:  none filed under it yet"));
	else
		add_line(&text, "%s", _("Application:  none was filed under it"));
	/* Recorded before it is shown: a view cut short by the idle lock still counts. */
	if (r->holder_id != NULL)
		xasprintf(&target, "holder:%s reception:%s", r->holder_id, r->number);
	else
		xasprintf(&target, "reception:%s", r->number);
	session_actor(ui_session(s->ui), &who);
	(void)audit_actor(ui_db(s->ui), &who, "reception.register.view", target, "ok", "",
	    NULL);
	free(target);
	dialog_message(s->ui, _("Reception (受付)"), text);
	free(text);
}

/*
 * Goes to the reception typed (what was typed so far starts the line): selected in the
 * list and shown, or shown alone when it is older than the list's newest thousand.
 */
static void
receptions_find(struct receptions_state *s, const char *typed)
{
	struct reception	 r;
	char			 answer[64] = "", number[RECEPTION_NUMBER_SIZE];
	char			*cause = NULL;
	size_t			 i;
	int			 rc;

	if (dialog_input_from(s->ui, _("Reception register (受付簿)"), _("Which reception "
	    "(its number, as R2026-0001234)?"), typed, answer, sizeof answer) != 0)
		return;
	if (reception_number_read(answer, number, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	for (i = 0; i < s->n; i++) {
		if (strcmp(s->list[i].number, number) == 0) {
			s->view.selected = (int)i;
			receptions_show(s, &s->list[i]);
			return;
		}
	}
	if ((rc = reception_get(ui_db(s->ui), number, &r, &cause)) < 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	if (rc == 1) {
		ui_set_message(s->ui, _("There is no reception %s in the register."), number);
		return;
	}
	receptions_show(s, &r);
	reception_clear(&r);
}

/*
 * Whether the selected reception is open, and the account may change it (its kind's
 * function, audited when refused): 0 with its number. withdraw: for w, else for i.
 */
static int
receptions_open_one(struct receptions_state *s, int withdraw)
{
	const struct reception	*r;

	if (s->n == 0) {
		ui_set_message(s->ui, "%s", _("The register has no reception yet."));
		return -1;
	}
	r = &s->list[s->view.selected];
	if (ui_check_access(s->ui, strcmp(r->kind, "reissue") == 0 ? "reissue.apply" :
	    "register.apply") != 0)
		return -1;
	if (strcmp(r->status, "open") == 0)
		return 0;
	if (withdraw)
		ui_set_message(s->ui, _("Reception %s is %s: only an open reception can be "
		    "withdrawn."), r->number, reception_status_label(r->status));
	else
		ui_set_message(s->ui, _("Reception %s is %s: the identity is checked on an "
		    "open reception."), r->number, reception_status_label(r->status));
	return -1;
}

/* A key that starts a reception number: R, r, a digit, in half or full width. */
static int
receptions_starts_number(wint_t c)
{
	return (c >= '0' && c <= '9') || c == 'R' || c == 'r' ||
	    (c >= 0xff10 && c <= 0xff19) || c == 0xff32 || c == 0xff52;
}

static void *
receptions_init(struct ui *ui, void *arg)
{
	struct receptions_state	*s;
	struct actor		 who;
	const char		*user = ui_session(ui)->user;

	(void)arg;
	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	s->can_change = rolefn_allowed(ui_db(ui), user, "register.apply") ||
	    rolefn_allowed(ui_db(ui), user, "reissue.apply");
	receptions_load(s, NULL);
	session_actor(ui_session(ui), &who);
	(void)audit_actor(ui_db(ui), &who, "reception.register.view", "", "ok", "", NULL);
	return s;
}

static enum key_result
receptions_key(void *state, const struct key_event *ev)
{
	struct receptions_state	*s = state;
	char			 number[RECEPTION_NUMBER_SIZE], typed[8];
	size_t			 len;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (list_key(&s->view, ev, ui_lines(s->ui) - 6))
		return KEY_HANDLED;
	if (ev->is_func)
		return KEY_UNHANDLED;
	switch (ev->code) {
	case '\r':
	case '\n':
		if (s->n > 0)
			receptions_show(s, &s->list[s->view.selected]);
		return KEY_HANDLED;
	case '/':
		receptions_find(s, "");
		return KEY_HANDLED;
	case 'n':
		/* A new person's registration; a holder's application starts on their record. */
		if (ui_check_access(s->ui, "register.apply") == 0 &&
		    reception_receive(s->ui, NULL) == 0)
			receptions_load(s, NULL);
		return KEY_HANDLED;
	case 'w':
		if (receptions_open_one(s, 1) != 0)
			return KEY_HANDLED;
		snprintf(number, sizeof number, "%s", s->list[s->view.selected].number);
		if (reception_withdraw_ask(s->ui, number) == 0)
			receptions_load(s, number);
		return KEY_HANDLED;
	case 'i':
		if (receptions_open_one(s, 0) != 0)
			return KEY_HANDLED;
		snprintf(number, sizeof number, "%s", s->list[s->view.selected].number);
		if (reception_identity_ask(s->ui, number) == 0) {
			ui_set_message(s->ui, _("The identity is confirmed on reception %s."),
			    number);
			receptions_load(s, number);
		}
		return KEY_HANDLED;
	}
	if (receptions_starts_number(ev->code)) {
		len = utf8_encode((uint32_t)ev->code, typed);
		typed[len] = '\0';
		receptions_find(s, typed);
		return KEY_HANDLED;
	}
	return ui_key_unused(s->ui, ev);
}

static void
receptions_draw(void *state, struct ui *ui)
{
	struct receptions_state	*s = state;
	static const struct key_hint clerk_hints[] = {
		{ "Enter", N_("Details") }, { "n", N_("Receive") }, { "w", N_("Withdrawal (取下げ)") },
		{ "i", N_("Identity") }, { "/", N_("Go to number") },
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint reader_hints[] = {
		{ "Enter", N_("Details") }, { "/", N_("Go to number") },
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	static const char *const heads[COLS_N] = { N_("Number"), N_("Received"), N_("Kind"),
	    N_("Channel"), N_("Status"), N_("Holder"), N_("Clerk") };
	int			 i;

	ui_draw_frame(ui, _("Reception register (受付簿)"), s->can_change ? clerk_hints :
	    reader_hints);
	receptions_columns(s);
	attron(A_BOLD);
	for (i = 0; i < COLS_N; i++)
		ui_put(2, 1 + s->x[i], s->w[i], _(heads[i]));
	attroff(A_BOLD);
	if (s->n == 0) {
		ui_put(4, 2, ui_cols(ui) - 4, _("The register has no reception yet."));
		return;
	}
	list_draw(&s->view, 3, 1, ui_cols(ui) - 2, ui_lines(ui) - 6);
}

static void
receptions_free(void *state)
{
	struct receptions_state	*s = state;

	reception_list_free(s->list, s->n);
	free(s);
}

const struct screen_ops screen_receptions = {
	.name = "receptions",
	.help = N_("The reception register (受付簿): every application received, newest "
	    "first: its number, the date, kind, channel, status, the holder and the clerk. "
	    "Type a reception number (or / first) to go to it; full-width digits, spaces and "
	    "missing zeros are taken. Enter shows one whole: the identity documents, why it "
	    "was withdrawn, its application. n receives a new person's application (a "
	    "holder's is received on their record, u). For the selected open reception, w "
	    "records that the applicant takes it back (取下げ) and why; i records the "
	    "identity check (本人確認). Auditors read only. Every view is recorded."),
	.init = receptions_init,
	.key = receptions_key,
	.draw = receptions_draw,
	.free = receptions_free,
};
