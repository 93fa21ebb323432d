/*
 * Requesting an account (SPEC §3): one person, their roles, why they need it, and for how
 * long. A different supervisor decides it in the approval queue.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/account-words.h"
#include "accounts/accounts.h"
#include "i18n.h"
#include "auth/monitor-client.h"
#include "auth/two-person.h"
#include "screens.h"
#include "session.h"
#include "valid.h"
#include "widgets/widget.h"
#include "xmalloc.h"

enum {
	F_USER,
	F_NAME,
	F_ROLES,
	F_REASON,
	F_FROM,
	F_UNTIL,
	F_PROCEDURES,
	F_MYNUMBER,
	F_SUPERVISOR,		/* a contractor's (委託先) supervising account */
	F_ENDS,			/* ... and the hour the account ends */
	F_COUNT
};

struct request_state {
	struct ui	*ui;
	struct field	 fields[F_COUNT];
	struct form	 form;
	char		 from[DATE_ISO_SIZE];	/* the dates as the register keeps them */
	char		 until[DATE_ISO_SIZE];
	char		*roles_rule;		/* the choices, for F1 */
	char		*procedures_rule;
};

static void	*request_init(struct ui *, void *);
static enum key_result request_key(void *, const struct key_event *);
static void	 request_draw(void *, struct ui *);
static void	 request_free(void *);
static int	 request_check(struct request_state *);
static void	 request_submit(struct request_state *);
static void	 request_approve_here(struct request_state *, const char *, const char *);

static void *
request_init(struct ui *ui, void *arg)
{
	struct request_state	*s;
	char			*tmp;

	(void)arg;
	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	field_init(&s->fields[F_USER], _("User name (PAM)"), 32, 0);
	field_init(&s->fields[F_NAME], _("Full name"), 50, 0);
	/*
	 * Roles and procedures by number, label or code; the choices, numbered in the
	 * reader's words, are the fields' rules (F1): the label column stays narrow.
	 */
	field_init(&s->fields[F_ROLES], _("Roles (numbers or names)"), 60, 0);
	tmp = account_words_choices(ui_db(ui), ACCOUNT_WORDS_ROLES);
	xasprintf(&s->roles_rule, _("one or more of: %s; apart by spaces"), tmp);
	free(tmp);
	s->fields[F_ROLES].rule = s->roles_rule;
	field_init(&s->fields[F_REASON], _("Necessity"), 200, 0);
	/* Dates as the register form takes them: 2026-12-05, 令和8年12月5日, R8.12.5. */
	field_init(&s->fields[F_FROM], _("Valid from (date)"), 20, 0);
	field_init(&s->fields[F_UNTIL], _("Valid until (date)"), 20, 0);
	field_init(&s->fields[F_PROCEDURES], _("Procedures (numbers or names)"), 200, 0);
	tmp = account_words_choices(ui_db(ui), ACCOUNT_WORDS_PROCEDURES);
	xasprintf(&s->procedures_rule, _("one or more of: %s; apart by spaces"), tmp);
	free(tmp);
	s->fields[F_PROCEDURES].rule = s->procedures_rule;
	field_init(&s->fields[F_MYNUMBER], _("May handle My Numbers (y/n)"), 1, 0);
	field_set(&s->fields[F_MYNUMBER], "n");
	field_init(&s->fields[F_SUPERVISOR], _("Contractor: supervising account"), 32, 0);
	field_init(&s->fields[F_ENDS], _("Contractor: ends (YYYY-MM-DDTHH:MM)"), 16, 0);
	form_init(&s->form, s->fields, F_COUNT);
	return s;
}

/* A date field in any form valid_date takes, kept in iso; else the field says why. */
static void
request_date(struct field *f, char iso[DATE_ISO_SIZE])
{
	struct date	 d;
	char		*cause = NULL;

	*iso = '\0';
	if (f->len == 0)
		return;
	if (valid_date(f->text, &d, &cause) != 0) {
		field_set_error(f, cause);
		free(cause);
		return;
	}
	date_format_iso(&d, iso);
}

/*
 * What the screen can tell before asking the data layer: required fields, the dates, y/n.
 * The focus goes to the first field in error.
 */
static int
request_check(struct request_state *s)
{
	static const int required[] = { F_USER, F_NAME, F_ROLES, F_REASON, F_FROM, F_UNTIL };
	size_t		 i;
	const char	*yn = s->fields[F_MYNUMBER].text;

	for (i = 0; i < F_COUNT; i++)
		field_set_error(&s->fields[i], NULL);
	for (i = 0; i < sizeof required / sizeof required[0]; i++) {
		if (s->fields[required[i]].len == 0)
			field_set_error(&s->fields[required[i]], _("required"));
	}
	request_date(&s->fields[F_FROM], s->from);
	request_date(&s->fields[F_UNTIL], s->until);
	if (*s->from != '\0' && *s->until != '\0' && strcmp(s->from, s->until) > 0)
		field_set_error(&s->fields[F_UNTIL], _("valid until is before valid from"));
	if (strcmp(yn, "y") != 0 && strcmp(yn, "n") != 0)
		field_set_error(&s->fields[F_MYNUMBER], _("enter y or n"));
	if (form_has_errors(&s->form)) {
		form_focus_first_error(&s->form);
		return -1;
	}
	return 0;
}

static void
request_submit(struct request_state *s)
{
	struct account_request	 r;
	struct actor		 who;
	char			*cause = NULL, id[37], *roles, *procedures;
	int			 i, rc;

	if (ui_check_access(s->ui, "account.request") != 0 || request_check(s) != 0)
		return;
	memset(&r, 0, sizeof r);
	r.user_name = s->fields[F_USER].text;
	r.full_name = s->fields[F_NAME].text;
	/* Numbers or labels as typed, the codes as the register keeps them. */
	r.roles = roles = account_words_read(ui_db(s->ui), ACCOUNT_WORDS_ROLES,
	    s->fields[F_ROLES].text);
	r.reason = s->fields[F_REASON].text;
	r.valid_from = s->from;
	r.valid_until = s->until;
	r.procedures = procedures = account_words_read(ui_db(s->ui),
	    ACCOUNT_WORDS_PROCEDURES, s->fields[F_PROCEDURES].text);
	r.mynumber_allowed = strcmp(s->fields[F_MYNUMBER].text, "y") == 0;
	r.supervised_by = s->fields[F_SUPERVISOR].text;
	r.expires_at = s->fields[F_ENDS].text;
	session_actor(ui_session(s->ui), &who);
	rc = account_request(ui_db(s->ui), &who, &r, id, &cause);
	free(roles);
	free(procedures);
	if (rc != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	ui_set_message(s->ui, _("Requested an account for %s; another supervisor must "
	    "approve it."), r.user_name);
	if (dialog_confirm(s->ui, _("Approve at this desk"), _("Is a supervisor here to "
	    "approve this request now?\nThe supervisor authenticates on this terminal.")))
		request_approve_here(s, id, r.user_name);
	for (i = 0; i < F_COUNT; i++) {
		field_free(&s->fields[i]);
		s->fields[i].changed = 0;
	}
	field_set(&s->fields[F_MYNUMBER], "n");
	s->form.current = 0;
}

/*
 * Supervisor approval at the desk (SPEC §2): the supervisor authenticates through PAM on
 * this terminal (the monitor refuses the logged-in person), and the decision is theirs,
 * recorded under their name with the four-eyes rule applied as anywhere else.
 */
static void
request_approve_here(struct request_state *s, const char *id, const char *user_name)
{
	struct auth_result	 res;
	struct actor		 approver;
	char			 purpose[128], *cause = NULL;

	snprintf(purpose, sizeof purpose, "account.approve %s", user_name);
	if (desk_supervisor(s->ui, _("Approve at this desk"), purpose, _("the request waits "
	    "in the queue."), &res, &approver) != 0)
		return;
	if (account_decide(ui_db(s->ui), &approver, id, 1, "approved at the desk",
	    &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	ui_set_message(s->ui, _("%s approved the account of %s at this desk."), res.user,
	    user_name);
}

static enum key_result
request_key(void *state, const struct key_event *ev)
{
	struct request_state	*s = state;
	enum key_result		 r;
	int			 submit;

	r = form_screen_key(&s->form, s->ui, ev, &submit);
	if (submit)
		request_submit(s);
	return r;
}

static void
request_draw(void *state, struct ui *ui)
{
	struct request_state	*s = state;
	static const struct key_hint hints[] = {
		{ "Tab", N_("Next field") }, { "F2", N_("Submit") }, { "Esc", N_("Back") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};

	ui_draw_frame(ui, _("Request an account"), hints);
	form_draw(&s->form, 2, 2, ui_cols(ui) - 4);
}

static void
request_free(void *state)
{
	struct request_state	*s = state;
	int			 i;

	if (s == NULL)
		return;
	for (i = 0; i < F_COUNT; i++)
		field_free(&s->fields[i]);
	free(s->roles_rule);
	free(s->procedures_rule);
	free(s);
}

const struct screen_ops screen_account_request = {
	.name = "account-request",
	.help = N_("Request an account: the person's user name, roles, procedures (事務), "
	    "why they need it and for how long. A supervisor other than you "
	    "approves it, at this desk at once or later in the queue. A contractor "
	    "(委託先) names the supervising account and the hour the account ends, "
	    "within 30 days."),
	.init = request_init,
	.key = request_key,
	.draw = request_draw,
	.free = request_free,
};
