/* screens/accounts/: the account register, requests, approvals, the role->function table.
 * May use: lib/, db/, app/, screens/. */
/*
 * The account lists (SPEC §3): the register (記録簿, every account for ever), the review
 * (棚卸し: expired or unused accounts) and the approval queue. One list, three filters;
 * what a key may do is decided by the role→function table at the moment it is pressed.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/account-changes.h"
#include "accounts/account-words.h"
#include "accounts/accounts.h"
#include "accounts/procedures.h"
#include "config-file.h"
#include "i18n.h"
#include "screens.h"
#include "session.h"
#include "textwidth.h"
#include "timestamp.h"
#include "valid.h"
#include "widgets/widget.h"
#include "xmalloc.h"

struct accounts_state {
	struct ui		*ui;
	enum account_filter	 filter;
	struct account		*list;
	size_t			 n;
	struct list		 view;
	int			 can_revoke;	/* the footer offers only what the role may do */
};

static void	 accounts_load(struct accounts_state *);
static void	 accounts_draw_row(void *, int, int, int, int, int);
static char	*accounts_details(struct ui *, const struct account *);
static void	 accounts_decide(struct accounts_state *, int);
static void	 accounts_revoke(struct accounts_state *);
static void	 accounts_change(struct accounts_state *);
static int	 ask(struct ui *, const char *, const char *, char *, size_t);
static void	*accounts_init(struct ui *, enum account_filter);
static void	*register_init(struct ui *, void *);
static void	*review_init(struct ui *, void *);
static void	*approve_init(struct ui *, void *);
static enum key_result accounts_key(void *, const struct key_event *);
static void	 accounts_draw(void *, struct ui *);
static void	 accounts_free(void *);

static void
accounts_load(struct accounts_state *s)
{
	char	*cause = NULL;

	account_list_free(s->list, s->n);
	s->list = NULL;
	s->n = 0;
	if (account_list(ui_db(s->ui), s->filter, ui_config(s->ui)->account_idle_days,
	    &s->list, &s->n, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	}
	list_init(&s->view, (int)s->n, accounts_draw_row, s);
}

static void *
accounts_init(struct ui *ui, enum account_filter filter)
{
	struct accounts_state	*s;
	struct actor		 who;
	static const char *const actions[] = {
		[ACCOUNTS_ALL] = "account.register.view",
		[ACCOUNTS_PENDING] = "account.queue.view",
		[ACCOUNTS_REVIEW] = "account.review.view",
	};

	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	s->filter = filter;
	s->can_revoke = rolefn_allowed(ui_db(ui), ui_session(ui)->user, "account.revoke");
	accounts_load(s);
	session_actor(ui_session(ui), &who);
	(void)audit_actor(ui_db(ui), &who, actions[filter], "", "ok", "", NULL);
	return s;
}

static void *
register_init(struct ui *ui, void *arg)
{
	(void)arg;
	return accounts_init(ui, ACCOUNTS_ALL);
}

static void *
review_init(struct ui *ui, void *arg)
{
	(void)arg;
	return accounts_init(ui, ACCOUNTS_REVIEW);
}

static void *
approve_init(struct ui *ui, void *arg)
{
	(void)arg;
	return accounts_init(ui, ACCOUNTS_PENDING);
}

/* An account's states, shown in the screen's language (the register keeps the code). */
static const char *const account_states[] = { N_("requested"), N_("active"),
	N_("rejected"), N_("revoked"), NULL };

static const char *
nz(const char *s)
{
	return s != NULL ? s : "-";
}

static void
accounts_draw_row(void *arg, int row, int y, int x, int width, int selected)
{
	struct accounts_state	*s = arg;
	struct account		*a = &s->list[row];
	char			*name, *roles;

	(void)selected;
	ui_put(y, x + 1, 14, a->user_name);
	name = textwidth_truncate(a->full_name, 16, 0);
	ui_put(y, x + 16, 16, name);
	free(name);
	/* The roles as the register's reader names them: labels in Japanese (issue 26). */
	roles = role_labels(ui_db(s->ui), a->roles);
	name = textwidth_truncate(roles, 20, 1);
	ui_put(y, x + 34, 20, name);
	free(name);
	free(roles);
	ui_put(y, x + 55, 10, ui_code_word(account_states, a->status));
	ui_put_time(s->ui, y, x + 66, width - 67, a->valid_until);
}

/* Everything the register keeps about one account; its times local, as date_style says. */
static char *
accounts_details(struct ui *ui, const struct account *a)
{
	struct db	*db = ui_db(ui);
	char		*text, *procedures, *periods;
	char		 from[TIMESTAMP_SHOW_SIZE], until[TIMESTAMP_SHOW_SIZE];
	char		 requested[TIMESTAMP_SHOW_SIZE], decided[TIMESTAMP_SHOW_SIZE];
	char		 revoked[TIMESTAMP_SHOW_SIZE], login[TIMESTAMP_SHOW_SIZE];

	procedures = *a->procedures != '\0' ? procedure_labels(db, a->procedures,
	    i18n_japanese()) : xstrdup(_("none named"));
	/* A time that has not come (not decided, never logged in) is "-". */
	xasprintf(&text, _("User:          %s\n"
	    "Name:          %s\n"
	    "Roles:         %s\n"
	    "Procedures:    %s\n"
	    "My Numbers:    %s\n"
	    "Necessity:     %s\n"
	    "Valid:         %s – %s\n"
	    "Status:        %s\n"
	    "Requested:     %s by %s\n"
	    "Decided:       %s by %s (%s)\n"
	    "Revoked:       %s by %s (%s)\n"
	    "Last login:    %s"),
	    a->user_name, a->full_name, a->roles, procedures,
	    a->mynumber_allowed ? _("may handle") : _("may not handle"), a->reason,
	    ui_time_text(ui, a->valid_from, 0, from, sizeof from),
	    ui_time_text(ui, a->valid_until, 0, until, sizeof until),
	    ui_code_word(account_states, a->status),
	    ui_time_text(ui, a->requested_at, 0, requested, sizeof requested), a->requested_by,
	    a->decided_at != NULL ? ui_time_text(ui, a->decided_at, 0, decided,
	    sizeof decided) : "-", nz(a->decided_by), nz(a->decision_comment),
	    a->revoked_at != NULL ? ui_time_text(ui, a->revoked_at, 0, revoked,
	    sizeof revoked) : "-", nz(a->revoked_by), nz(a->revoke_reason),
	    a->last_login_at != NULL ? ui_time_text(ui, a->last_login_at, 0, login,
	    sizeof login) : "-");
	free(procedures);
	periods = account_periods_text(db, a->id, ui_era_dates(ui));
	if (*periods != '\0') {
		char	*more;

		xasprintf(&more, _("%s\nEarlier periods:\n%s"), text, periods);
		free(text);
		text = more;
	}
	free(periods);
	if (a->supervised_by != NULL) {
		char	*more, ends[TIMESTAMP_SHOW_SIZE];

		xasprintf(&more, _("%s\nContractor:    supervised by %s, ends %s"), text,
		    a->supervised_by, a->expires_at != NULL ? ui_time_text(ui, a->expires_at,
		    0, ends, sizeof ends) : "-");
		free(text);
		text = more;
	}
	return text;
}

static void
accounts_decide(struct accounts_state *s, int approve)
{
	struct actor	 who;
	struct account	*a = &s->list[s->view.selected];
	char		 comment[512], *cause = NULL;

	if (ui_check_access(s->ui, "account.approve") != 0)
		return;
	if (dialog_input(s->ui, approve ? _("Approve account") : _("Reject account"),
	    _("Comment (optional):"), 0, comment, sizeof comment) != 0)
		return;
	session_actor(ui_session(s->ui), &who);
	if (account_decide(ui_db(s->ui), &who, a->id, approve, comment, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	ui_set_message(s->ui, approve ? _("Approved the account of %s") :
	    _("Rejected the account of %s"), a->user_name);
	accounts_load(s);
}

static void
accounts_revoke(struct accounts_state *s)
{
	struct actor	 who;
	struct account	*a = &s->list[s->view.selected];
	char		 reason[512], *cause = NULL, *user;

	if (ui_check_access(s->ui, "account.revoke") != 0)
		return;
	if (dialog_input(s->ui, _("Revoke account"), _("Reason (transfer, retirement …):"),
	    0, reason, sizeof reason) != 0)
		return;
	session_actor(ui_session(s->ui), &who);
	user = xstrdup(a->user_name);
	if (account_revoke(ui_db(s->ui), &who, a->id, reason, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	} else {
		ui_set_message(s->ui, _("Revoked the account of %s"), user);
		accounts_load(s);
	}
	free(user);
}

/* One dialog_input whose prompt shows the value now: 1 when answered, 0 when cancelled. */
static int
ask(struct ui *ui, const char *prompt, const char *now, char *buf, size_t len)
{
	char	*text;
	int	 rc;

	xasprintf(&text, _("%s\n(now: %s; empty keeps it)"), prompt, now);
	rc = dialog_input(ui, _("Request a change"), text, 0, buf, len);
	free(text);
	return rc == 0;
}

/*
 * A change of the selected account, requested here and decided by another supervisor in
 * Account changes (issue 31): new roles, procedures, My Number permission or end of
 * validity, and why. An empty answer keeps that item.
 */
static void
accounts_change(struct accounts_state *s)
{
	struct account_change_request	 r;
	struct account			*a = &s->list[s->view.selected];
	struct actor			 who;
	struct date			 d;
	char				 roles[128], procedures[128], mn[8], until[64];
	char				 code[64], reason[512], id[37], *cause = NULL, *user;
	char				*role_choices, *procedure_choices, *why, *q[3];
	char				*roles_code = NULL, *procedures_code = NULL;
	char				 until_iso[DATE_ISO_SIZE];
	int				 asked;

	if (ui_check_access(s->ui, "account.request") != 0)
		return;
	/* Typed as on the account request: numbers or names in the screen's language. */
	role_choices = account_words_choices(ui_db(s->ui), ACCOUNT_WORDS_ROLES);
	procedure_choices = account_words_choices(ui_db(s->ui), ACCOUNT_WORDS_PROCEDURES);
	why = account_change_reason_choices();
	xasprintf(&q[0], _("New roles (%s):"), role_choices);
	xasprintf(&q[1], _("New procedures (%s):"), procedure_choices);
	xasprintf(&q[2], _("Why (%s):"), why);
	asked = ask(s->ui, q[0], a->roles, roles, sizeof roles) &&
	    ask(s->ui, q[1], *a->procedures != '\0' ? a->procedures : "-", procedures,
	    sizeof procedures) &&
	    ask(s->ui, _("May handle My Numbers (y/n):"), a->mynumber_allowed ? "y" : "n",
	    mn, sizeof mn) &&
	    ask(s->ui, _("Valid until (a date):"), a->valid_until, until, sizeof until) &&
	    dialog_input(s->ui, _("Request a change"), q[2], 0, code, sizeof code) == 0 &&
	    dialog_input(s->ui, _("Request a change"), _("The reason in words:"), 0, reason,
	    sizeof reason) == 0;
	free(role_choices);
	free(procedure_choices);
	free(why);
	free(q[0]);
	free(q[1]);
	free(q[2]);
	if (!asked)
		return;
	*until_iso = '\0';
	if (*until != '\0') {
		if (valid_date(until, &d, &cause) != 0) {
			ui_set_message(s->ui, _("Valid until: %s; nothing was requested."), cause);
			free(cause);
			return;
		}
		date_format_iso(&d, until_iso);
	}
	if (*mn != '\0' && strcmp(mn, "y") != 0 && strcmp(mn, "n") != 0) {
		ui_set_message(s->ui, _("My Numbers: answer y or n; nothing was requested."));
		return;
	}
	memset(&r, 0, sizeof r);
	r.user_name = a->user_name;
	if (*roles != '\0')
		r.roles = roles_code = account_words_read(ui_db(s->ui), ACCOUNT_WORDS_ROLES,
		    roles);
	if (*procedures != '\0')
		r.procedures = procedures_code = account_words_read(ui_db(s->ui),
		    ACCOUNT_WORDS_PROCEDURES, procedures);
	r.mynumber_allowed = *mn == '\0' ? -1 : *mn == 'y';
	r.valid_until = *until_iso != '\0' ? until_iso : NULL;
	r.reason_code = account_change_reason_read(code);
	r.reason = reason;
	session_actor(ui_session(s->ui), &who);
	user = xstrdup(a->user_name);
	if (account_change_request(ui_db(s->ui), &who, &r, id, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	} else
		ui_set_message(s->ui, _("Requested a change of %s's account; another "
		    "supervisor decides it in Account changes."), user);
	free(user);
	free(roles_code);
	free(procedures_code);
}

static enum key_result
accounts_key(void *state, const struct key_event *ev)
{
	struct accounts_state	*s = state;
	char			*text;

	if (ev->is_func && ev->code == KEY_F(10))
		return KEY_QUIT;
	if (!ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (list_key(&s->view, ev, ui_lines(s->ui) - 6))
		return KEY_HANDLED;
	if (s->n == 0 || ev->is_func)
		return KEY_UNHANDLED;
	switch (ev->code) {
	case '\r':
	case '\n':
		text = accounts_details(s->ui, &s->list[s->view.selected]);
		dialog_message(s->ui, _("Account"), text);
		free(text);
		return KEY_HANDLED;
	case 'a':
	case 'r':
		if (s->filter != ACCOUNTS_PENDING)
			return KEY_UNHANDLED;
		accounts_decide(s, ev->code == 'a');
		return KEY_HANDLED;
	case 'x':
		if (s->filter == ACCOUNTS_PENDING)
			return KEY_UNHANDLED;
		accounts_revoke(s);
		return KEY_HANDLED;
	case 'c':
		if (s->filter == ACCOUNTS_PENDING)
			return KEY_UNHANDLED;
		accounts_change(s);
		return KEY_HANDLED;
	}
	return KEY_UNHANDLED;
}

static void
accounts_draw(void *state, struct ui *ui)
{
	struct accounts_state	*s = state;
	static const struct key_hint register_hints[] = {
		{ "Enter", N_("Details") }, { "c", N_("Request a change") }, { "x", N_("Revoke") },
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	static const struct key_hint reader_hints[] = {
		{ "Enter", N_("Details") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};
	static const struct key_hint approve_hints[] = {
		{ "Enter", N_("Details") }, { "a", N_("Approve") }, { "r", N_("Reject") },
		{ "Esc", N_("Back") }, { "F10", N_("Log out") }, { NULL, NULL }
	};
	static const char *const titles[] = {
		[ACCOUNTS_ALL] = N_("Account register"),
		[ACCOUNTS_PENDING] = N_("Account requests awaiting a decision"),
		[ACCOUNTS_REVIEW] = N_("Account review: expired or unused accounts"),
	};

	ui_draw_frame(ui, _(titles[s->filter]), s->filter == ACCOUNTS_PENDING ?
	    approve_hints : s->can_revoke ? register_hints : reader_hints);
	attron(A_BOLD);
	ui_put(2, 2, 14, _("User"));
	ui_put(2, 17, 16, _("Name"));
	ui_put(2, 35, 20, _("Roles"));
	ui_put(2, 56, 10, _("Status"));
	ui_put(2, 67, ui_cols(ui) - 68, _("Until"));
	attroff(A_BOLD);
	if (s->n == 0) {
		ui_put(4, 2, ui_cols(ui) - 4, _("No accounts to show."));
		return;
	}
	list_draw(&s->view, 3, 1, ui_cols(ui) - 2, ui_lines(ui) - 6);
}

static void
accounts_free(void *state)
{
	struct accounts_state	*s = state;

	account_list_free(s->list, s->n);
	free(s);
}

const struct screen_ops screen_account_register = {
	.name = "account-register",
	.help = N_("Every account with its roles, procedures, validity and state, and who "
	    "requested and approved it."),
	.init = register_init,
	.key = accounts_key,
	.draw = accounts_draw,
	.free = accounts_free,
};

const struct screen_ops screen_account_review = {
	.name = "account-review",
	.help = N_("The account review (棚卸し): accounts past their validity or unused for "
	    "long. Revoke what is no longer needed, with why."),
	.init = review_init,
	.key = accounts_key,
	.draw = accounts_draw,
	.free = accounts_free,
};

const struct screen_ops screen_account_approve = {
	.name = "account-approve",
	.help = N_("Account requests waiting for a supervisor. a approves, r rejects with "
	    "a comment; you never decide a request you made."),
	.init = approve_init,
	.key = accounts_key,
	.draw = accounts_draw,
	.free = accounts_free,
};
