/*
 * Another qualification for a holder already on the register (issue 25): the registration
 * items alone, filed as a registration application for that holder, which a supervisor
 * approves as any other. The holder's own items stay as the register has them; the dates
 * are checked against the register's birth date.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "reception/reception-dialog.h"
#include "register/desk-approval.h"
#include "register/regform.h"
#include "screens.h"
#include "session.h"
#include "xmalloc.h"

struct qualify_state {
	struct ui	*ui;
	char		*holder_id;
	char		*name;
	struct regform	 rf;
	int		 done;		/* filed: Esc goes back */
};

static void *
qualify_init(struct ui *ui, void *arg)
{
	static const struct reg_item *const tables[] = { reg_registration_items, NULL };
	const struct register_target *t = arg;
	struct qualify_state	*s;
	struct holder_view	 h;
	struct actor		 who;
	char			*cause = NULL;

	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	s->holder_id = xstrdup(t->holder_id);
	regform_init(&s->rf, tables, 0);
	session_actor(ui_session(ui), &who);
	if (holder_view(ui_db(ui), &who, s->holder_id, &h, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		s->done = 1;
		return s;
	}
	xasprintf(&s->name, "%s %s", reg_values_get(h.values, h.n_values, "family_name"),
	    reg_values_get(h.values, h.n_values, "given_name"));
	holder_view_clear(&h);
	return s;
}

/* Files the application; desk: a supervisor here then approves it (F6). */
static void
qualify_submit(void *arg, int desk)
{
	struct qualify_state	*s = arg;
	struct reg_value	*v;
	struct actor		 who;
	size_t			 n;
	char			*cause = NULL, id[37];

	if (s->done || ui_check_access(s->ui, "register.apply") != 0)
		return;
	if (regform_check(&s->rf, 0, &v, &n) != 0) {
		ui_set_message(s->ui, _("Correct the fields marked below; nothing was saved."));
		return;
	}
	session_actor(ui_session(s->ui), &who);
	if (application_submit(ui_db(s->ui), &who, APP_REGISTRATION, s->holder_id, NULL, v, n,
	    id, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	} else {
		ui_set_message(s->ui, _("Saved %s (%s, for the holder already registered); "
		    "awaits a supervisor."), reception_number_of(s->ui, id), s->name);
		s->done = 1;
		if (desk)
			desk_approval_run(s->ui, id, _("the registration"));
	}
	reg_values_free(v, n);
}

static enum key_result
qualify_key(void *state, const struct key_event *ev)
{
	struct qualify_state	*s = state;

	return desk_form_key(&s->rf.form, s->ui, ev, &s->done, qualify_submit, s);
}

static void
qualify_draw(void *state, struct ui *ui)
{
	struct qualify_state	*s = state;
	static const struct key_hint hints[] = {
		{ "Tab", N_("Next field") }, { "F2", N_("Submit") },
		{ "F6", N_("Approve here") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};
	char			*title;

	xasprintf(&title, _("Another qualification: %s"), s->name != NULL ? s->name : "");
	ui_draw_frame(ui, title, hints);
	free(title);
	form_draw_in(&s->rf.form, 2, 2, ui_cols(ui) - 4, ui_lines(ui) - 4);
}

static void
qualify_free(void *state)
{
	struct qualify_state	*s = state;

	if (s == NULL)
		return;
	regform_free(&s->rf);
	free(s->holder_id);
	free(s->name);
	free(s);
}

const struct screen_ops screen_qualification = {
	.name = "register-qualify",
	.help = N_("Apply for another qualification of this holder: the registration's items "
	    "only, the holder's own stay as the register has them. A supervisor other than "
	    "you decides it. Tab moves between fields, F2 submits, F6 has a supervisor here "
	    "approve it, Esc leaves."),
	.init = qualify_init,
	.key = qualify_key,
	.draw = qualify_draw,
	.free = qualify_free,
};
