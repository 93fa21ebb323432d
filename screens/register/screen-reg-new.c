/*
 * A registration application (SPEC §4): the holder's items, the My Number and one
 * qualification registration. Nothing is stored until every field is valid; then it waits
 * for a supervisor, and the form is empty for the next person at the counter.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "reception/reception-dialog.h"
#include "register/desk-approval.h"
#include "register/reg-duplicates.h"
#include "register/regform.h"
#include "screens.h"
#include "session.h"
#include "xmalloc.h"

struct reg_new_state {
	struct ui	*ui;
	struct regform	 rf;
};

static void	*reg_new_init(struct ui *, void *);
static enum key_result reg_new_key(void *, const struct key_event *);
static void	 reg_new_draw(void *, struct ui *);
static void	 reg_new_free(void *);
static void	 reg_new_submit(struct reg_new_state *, int);

static void *
reg_new_init(struct ui *ui, void *arg)
{
	static const struct reg_item *const tables[] = { reg_holder_items,
	    reg_mynumber_items, reg_registration_items, NULL };
	struct reg_new_state	*s;

	(void)arg;
	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	regform_init(&s->rf, tables, 0);
	/* Typing a My Number needs the account's permission (issue 31); the database
	 * refuses it too, this says so where it is typed. */
	if (!ui_session(ui)->mynumber_allowed)
		regform_lock(&s->rf, "mynumber", _("your account may not handle My Numbers: "
		    "leave this empty"));
	return s;
}

/*
 * Files the application, after the duplicate check (a person already on the register gets
 * a registration for that holder); desk: a supervisor here then approves it (F6).
 */
static void
reg_new_submit(struct reg_new_state *s, int desk)
{
	struct reg_value	*v;
	struct actor		 who;
	size_t			 n;
	char			*cause = NULL, id[37], *holder_id = NULL, *who_label;
	const char		*given;

	if (ui_check_access(s->ui, "register.apply") != 0)
		return;
	if (regform_check(&s->rf, 0, &v, &n) != 0) {
		ui_set_message(s->ui, _("Correct the fields marked below; nothing was saved."));
		return;
	}
	if (regform_card_item(&s->rf, "mynumber"))	/* kept as source = 'card' */
		reg_values_add(&v, &n, "mynumber_source", xstrdup("card"));
	/* Dates out of order are said before the duplicate check asks anything. */
	if (registration_dates_check(ui_db(s->ui), NULL, v, n, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		reg_values_free(v, n);
		return;
	}
	given = reg_values_get(v, n, "given_name");
	xasprintf(&who_label, "%s %s", reg_values_get(v, n, "family_name"),
	    given != NULL ? given : "");
	if (reg_duplicates_ask(s->ui, &v, &n, &holder_id) != 0) {
		free(who_label);
		reg_values_free(v, n);
		return;
	}
	session_actor(ui_session(s->ui), &who);
	if (application_submit(ui_db(s->ui), &who, APP_REGISTRATION, holder_id, NULL, v, n,
	    id, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	} else {
		ui_set_message(s->ui, holder_id != NULL ? _("Saved %s (%s, for the holder "
		    "already registered); awaits a supervisor.") : _("Saved %s (%s); awaits a "
		    "supervisor."), reception_number_of(s->ui, id), who_label);
		regform_clear(&s->rf);
		if (desk)
			desk_approval_run(s->ui, id, _("the registration"));
	}
	free(who_label);
	free(holder_id);
	reg_values_free(v, n);
}

static enum key_result
reg_new_key(void *state, const struct key_event *ev)
{
	struct reg_new_state	*s = state;
	enum key_result		 r;
	int			 submit;

	if (desk_approval_key(ev)) {
		reg_new_submit(s, 1);
		return KEY_HANDLED;
	}
	if (regform_card_key(&s->rf, s->ui, "register.apply", "", ev))
		return KEY_HANDLED;
	r = form_screen_key(&s->rf.form, s->ui, ev, &submit);
	if (submit)
		reg_new_submit(s, 0);
	return r;
}

static void
reg_new_draw(void *state, struct ui *ui)
{
	struct reg_new_state	*s = state;
	static const struct key_hint hints[] = {
		{ "Tab", N_("Next field") }, { "F2", N_("Submit") },
		{ "F6", N_("Approve here") }, { "F7", N_("Read card") },
		{ "F8", N_("Type instead") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};

	ui_draw_frame(ui, _("New registration application"), hints);
	form_draw_in(&s->rf.form, 2, 2, ui_cols(ui) - 4, ui_lines(ui) - 4);
}

static void
reg_new_free(void *state)
{
	struct reg_new_state	*s = state;

	if (s == NULL)
		return;
	regform_free(&s->rf);
	free(s);
}

const struct screen_ops screen_register_new = {
	.name = "register-new",
	.help = N_("Register a new holder and qualification. Each field says what it "
	    "takes; dates in any usual form (令和7年4月1日, R7.4.1, 2025-04-01). Tab "
	    "moves between fields, F2 submits for a supervisor's approval, Esc "
	    "leaves (asking if something was typed). F7 reads the My Number and the four "
	    "basic items from the resident's My Number card (its PIN is asked); they are "
	    "marked and cannot be changed, and F8 gives them back to typing. Before it "
	    "is filed, the register is searched for the same person (My Number; birth "
	    "date with the kana name or 旧氏): you say whether it is one of them (then it "
	    "becomes a registration for that holder) or why it is not."),
	.init = reg_new_init,
	.key = reg_new_key,
	.draw = reg_new_draw,
	.free = reg_new_free,
};
