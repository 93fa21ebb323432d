/*
 * A correction application (SPEC §4): the holder's identity items as the register has
 * them; only what the clerk changes goes to the supervisor, with the date and the reason.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "reception/reception-dialog.h"
#include "register/desk-approval.h"
#include "register/notify-prefill.h"
#include "register/regform.h"
#include "screens.h"
#include "session.h"
#include "xmalloc.h"

struct correct_state {
	struct ui	*ui;
	char		*holder_id;
	char		*target;	/* "holder:ID", for the audit of a card read */
	char		*name;
	struct regform	 rf;
	int		 loaded;
};

static void	*correct_init(struct ui *, void *);
static enum key_result correct_key(void *, const struct key_event *);
static void	 correct_draw(void *, struct ui *);
static void	 correct_free(void *);
static void	 correct_submit(struct correct_state *, int);

static void *
correct_init(struct ui *ui, void *arg)
{
	/* The identity items, then the date and reason (all required) of the change. */
	static const struct reg_item *const tables[] = { reg_holder_items,
	    reg_correction_items, NULL };
	const struct register_target *t = arg;
	struct correct_state	*s;
	struct holder_view	 h;
	struct actor		 who;
	char			*cause = NULL;

	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	s->holder_id = xstrdup(t->holder_id);
	xasprintf(&s->target, "holder:%s", s->holder_id);
	regform_init(&s->rf, tables, REG_IDENTITY | REG_REQUIRED);

	session_actor(ui_session(ui), &who);
	if (holder_view(ui_db(ui), &who, s->holder_id, &h, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return s;
	}
	regform_fill(&s->rf, h.values, h.n_values);
	notify_prefill_apply(&s->rf);	/* a notification's date and reason (届出) */
	xasprintf(&s->name, "%s %s", reg_values_get(h.values, h.n_values, "family_name"),
	    reg_values_get(h.values, h.n_values, "given_name"));
	holder_view_clear(&h);
	s->loaded = 1;
	return s;
}

/* Files the application; desk: a supervisor here then approves it (F6). */
static void
correct_submit(struct correct_state *s, int desk)
{
	struct reg_value	*v;
	struct actor		 who;
	size_t			 n;
	char			*cause = NULL, id[37];

	if (!s->loaded || ui_check_access(s->ui, "register.apply") != 0)
		return;
	if (regform_check(&s->rf, 1, &v, &n) != 0) {
		ui_set_message(s->ui, _("Correct the fields marked below; nothing was saved."));
		return;
	}
	session_actor(ui_session(s->ui), &who);
	if (application_submit(ui_db(s->ui), &who, APP_CORRECTION, s->holder_id, NULL, v, n,
	    id, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		reg_values_free(v, n);
		return;
	}
	reg_values_free(v, n);
	ui_set_message(s->ui, _("Saved correction %s (%s); awaits a supervisor."),
	    reception_number_of(s->ui, id), s->name);
	s->loaded = 0;
	if (desk)
		desk_approval_run(s->ui, id, _("the correction"));
}

static enum key_result
correct_key(void *state, const struct key_event *ev)
{
	struct correct_state	*s = state;
	enum key_result		 r;
	int			 submit;

	if (!s->loaded && !ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (s->loaded && desk_approval_key(ev)) {
		correct_submit(s, 1);
		return s->loaded ? KEY_HANDLED : KEY_BACK;
	}
	if (s->loaded && regform_card_key(&s->rf, s->ui, "register.apply", s->target, ev))
		return KEY_HANDLED;
	r = form_screen_key(&s->rf.form, s->ui, ev, &submit);
	if (submit)
		correct_submit(s, 0);
	/* Saved: back to the holder, whose screen shows the pending application. */
	return s->loaded || r == KEY_QUIT ? r : KEY_BACK;
}

static void
correct_draw(void *state, struct ui *ui)
{
	struct correct_state	*s = state;
	static const struct key_hint hints[] = {
		{ "Tab", N_("Next field") }, { "F2", N_("Submit") },
		{ "F6", N_("Approve here") }, { "F7", N_("Read card") },
		{ "F8", N_("Type instead") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};
	char			*title;

	xasprintf(&title, _("Correction application: %s"), s->name != NULL ? s->name : "");
	ui_draw_frame(ui, title, hints);
	free(title);
	form_draw_in(&s->rf.form, 2, 2, ui_cols(ui) - 4, ui_lines(ui) - 4);
}

static void
correct_free(void *state)
{
	struct correct_state	*s = state;

	if (s == NULL)
		return;
	regform_free(&s->rf);
	free(s->holder_id);
	free(s->target);
	free(s->name);
	free(s);
}

const struct screen_ops screen_correction = {
	.name = "register-correct",
	.help = N_("Apply for a correction of the holder's items: change only what is "
	    "wrong, give the date and the reason. A supervisor other than you "
	    "decides it. Tab moves between fields, F2 submits, Esc leaves. F7 reads the "
	    "name, address, birth date and sex from the resident's My Number card (its "
	    "PIN is asked); they are marked and cannot be changed, and F8 gives them back "
	    "to typing."),
	.init = correct_init,
	.key = correct_key,
	.draw = correct_draw,
	.free = correct_free,
};
