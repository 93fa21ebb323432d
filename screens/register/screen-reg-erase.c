/*
 * An erasure (消除) application (SPEC §4): which registration, when, and why. Erasure is
 * logical and needs a supervisor; the screen says so before anything is saved.
 */
#include "config.h"

#include <stdlib.h>

#include "i18n.h"
#include "reception/reception-dialog.h"
#include "register/desk-approval.h"
#include "register/regform.h"
#include "screens.h"
#include "session.h"
#include "xmalloc.h"

struct erase_state {
	struct ui	*ui;
	char		*holder_id;
	char		*registration_id;
	char		*what;		/* "山田 花子 — BH-000001" */
	struct regform	 rf;
	int		 done;
};

static void	*erase_init(struct ui *, void *);
static enum key_result erase_key(void *, const struct key_event *);
static void	 erase_draw(void *, struct ui *);
static void	 erase_free(void *);
static void	 erase_submit(void *, int);

static void *
erase_init(struct ui *ui, void *arg)
{
	static const struct reg_item *const tables[] = { reg_deletion_items, NULL };
	const struct register_target *t = arg;
	struct erase_state	*s;
	struct holder_view	 h;
	struct actor		 who;
	char			*cause = NULL;

	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	s->holder_id = xstrdup(t->holder_id);
	s->registration_id = xstrdup(t->registration_id);
	regform_init(&s->rf, tables, 0);
	session_actor(ui_session(ui), &who);
	if (holder_view(ui_db(ui), &who, s->holder_id, &h, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		s->done = 1;
		return s;
	}
	s->what = regform_target_label(&h, s->registration_id);
	holder_view_clear(&h);
	return s;
}

/* Files the application; desk: a supervisor here then approves it (F6). */
static void
erase_submit(void *arg, int desk)
{
	struct erase_state	*s = arg;
	struct reg_value	*v;
	struct actor		 who;
	size_t			 n;
	char			*cause = NULL, *question, id[37];

	if (s->done || ui_check_access(s->ui, "register.apply") != 0)
		return;
	if (regform_check(&s->rf, 0, &v, &n) != 0) {
		ui_set_message(s->ui, _("Correct the fields marked below; nothing was saved."));
		return;
	}
	xasprintf(&question, _("Apply to erase the registration %s?\nThe record is kept and "
	    "marked erased once a supervisor approves."), s->what);
	if (!dialog_confirm(s->ui, _("Erasure (消除)"), question)) {
		free(question);
		reg_values_free(v, n);
		return;
	}
	free(question);
	session_actor(ui_session(s->ui), &who);
	if (application_submit(ui_db(s->ui), &who, APP_DELETION, s->holder_id,
	    s->registration_id, v, n, id, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	} else {
		ui_set_message(s->ui, _("Saved erasure %s; awaits a supervisor."),
		    reception_number_of(s->ui, id));
		s->done = 1;
		if (desk)
			desk_approval_run(s->ui, id, _("the erasure"));
	}
	reg_values_free(v, n);
}

static enum key_result
erase_key(void *state, const struct key_event *ev)
{
	struct erase_state	*s = state;

	return desk_form_key(&s->rf.form, s->ui, ev, &s->done, erase_submit, s);
}

static void
erase_draw(void *state, struct ui *ui)
{
	struct erase_state	*s = state;
	static const struct key_hint hints[] = {
		{ "Tab", N_("Next field") }, { "F2", N_("Submit") },
		{ "F6", N_("Approve here") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};

	ui_draw_frame(ui, _("Erasure (消除) application"), hints);
	ui_put(2, 2, ui_cols(ui) - 4, s->what != NULL ? s->what : "");
	form_draw_in(&s->rf.form, 4, 2, ui_cols(ui) - 4, ui_lines(ui) - 6);
}

static void
erase_free(void *state)
{
	struct erase_state	*s = state;

	if (s == NULL)
		return;
	regform_free(&s->rf);
	free(s->holder_id);
	free(s->registration_id);
	free(s->what);
	free(s);
}

const struct screen_ops screen_deletion = {
	.name = "register-erase",
	.help = N_("Apply for the erasure (消除) of a registration: the date, the reason "
	    "code and the reason. A supervisor other than you decides it in the "
	    "approval queue. Tab moves between fields, F2 submits, Esc leaves."),
	.init = erase_init,
	.key = erase_key,
	.draw = erase_draw,
	.free = erase_free,
};
