/*
 * Correction applications for a registration's items and for the My Number (issue 25):
 * the registration's items as the register has them, or an empty My Number field beside
 * the recorded one masked; only what the clerk changes goes to the supervisor, with the
 * date and the reason. The data layer checks everything again (reg-corrections.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "i18n.h"
#include "reception/reception-dialog.h"
#include "register/desk-approval.h"
#include "register/regform.h"
#include "register/screen-reg-correct-items.h"
#include "screens.h"
#include "session.h"
#include "xmalloc.h"

struct items_state {
	struct ui	*ui;
	char		*holder_id;
	char		*registration_id;	/* NULL: the My Number */
	char		*title;
	struct reg_item	*table;		/* the form's items; the form points into it */
	struct regform	 rf;
	int		 loaded;
};

static struct reg_item *items_table(const struct reg_item *);
static void	*items_open(struct ui *, const struct register_target *, int);
static void	*items_init(struct ui *, void *);
static void	*mynumber_init(struct ui *, void *);
static enum key_result items_key(void *, const struct key_event *);
static void	 items_draw(void *, struct ui *);
static void	 items_free(void *);
static void	 items_submit(struct items_state *, int);

/*
 * first's items, then the date and reason of the change: the correction items that a
 * person types (the product sets those without flags).
 */
static struct reg_item *
items_table(const struct reg_item *first)
{
	struct reg_item		*t;
	const struct reg_item	*it;
	size_t			 n = 0;

	t = xcalloc(reg_item_count(first) + reg_item_count(reg_correction_items) + 1,
	    sizeof *t);
	for (it = first; it->key != NULL; it++)
		t[n++] = *it;
	for (it = reg_correction_items; it->key != NULL; it++) {
		if (it->flags != 0)
			t[n++] = *it;
	}
	return t;
}

static void *
items_open(struct ui *ui, const struct register_target *t, int mynumber)
{
	struct items_state	*s;
	struct holder_view	 h;
	struct actor		 who;
	char			*cause = NULL, *label;
	const struct reg_item	*tables[2] = { NULL, NULL };
	size_t			 i;

	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	s->holder_id = xstrdup(t->holder_id);
	if (!mynumber && t->registration_id != NULL)
		s->registration_id = xstrdup(t->registration_id);
	s->table = items_table(mynumber ? reg_mynumber_items : reg_registration_items);
	tables[0] = s->table;
	regform_init(&s->rf, tables, 0);

	session_actor(ui_session(ui), &who);
	if (holder_view(ui_db(ui), &who, s->holder_id, &h, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return s;
	}
	if (mynumber) {
		/* The recorded number stays masked; the field starts empty. */
		xasprintf(&s->title, _("My Number correction: %s %s (now %s)"),
		    reg_values_get(h.values, h.n_values, "family_name"),
		    reg_values_get(h.values, h.n_values, "given_name"),
		    *h.mynumber_masked != '\0' ? h.mynumber_masked : _("none"));
		s->loaded = 1;
	} else {
		for (i = 0; i < h.n_registrations; i++) {
			if (strcmp(h.registrations[i].id, s->registration_id) != 0)
				continue;
			regform_fill(&s->rf, h.registrations[i].values,
			    h.registrations[i].n_values);
			label = regform_target_label(&h, s->registration_id);
			xasprintf(&s->title, _("Registration correction: %s"), label);
			free(label);
			s->loaded = 1;
		}
		if (!s->loaded)
			ui_set_message(ui, _("No such registration in the register."));
	}
	holder_view_clear(&h);
	return s;
}

static void *
items_init(struct ui *ui, void *arg)
{
	return items_open(ui, arg, 0);
}

static void *
mynumber_init(struct ui *ui, void *arg)
{
	return items_open(ui, arg, 1);
}

void
correction_mynumber_open(struct ui *ui, const char *holder_id)
{
	struct register_target	 t;
	struct actor		 who;
	char			*cause = NULL, *target;
	int			 rc;

	if (ui_check_access(ui, "register.apply") != 0)
		return;
	session_actor(ui_session(ui), &who);
	xasprintf(&target, "holder:%s", holder_id);
	rc = account_mynumber_require(ui_db(ui), &who, "register.apply", target, &cause);
	free(target);
	if (rc != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return;
	}
	t.holder_id = holder_id;
	t.registration_id = NULL;
	ui_push(ui, &screen_correction_mynumber, &t);
}

/* Files the application; desk: a supervisor here then approves it (F6). */
static void
items_submit(struct items_state *s, int desk)
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
	if (application_submit(ui_db(s->ui), &who, APP_CORRECTION, s->holder_id,
	    s->registration_id, v, n, id, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		reg_values_free(v, n);
		return;
	}
	reg_values_free(v, n);
	ui_set_message(s->ui, _("Saved correction %s; awaits a supervisor."),
	    reception_number_of(s->ui, id));
	s->loaded = 0;
	if (desk)
		desk_approval_run(s->ui, id, _("the correction"));
}

static enum key_result
items_key(void *state, const struct key_event *ev)
{
	struct items_state	*s = state;
	enum key_result		 r;
	int			 submit;

	if (!s->loaded && !ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (s->loaded && desk_approval_key(ev)) {
		items_submit(s, 1);
		return s->loaded ? KEY_HANDLED : KEY_BACK;
	}
	r = form_screen_key(&s->rf.form, s->ui, ev, &submit);
	if (submit)
		items_submit(s, 0);
	/* Saved: back to the holder, whose screen shows the pending application. */
	return s->loaded || r == KEY_QUIT ? r : KEY_BACK;
}

static void
items_draw(void *state, struct ui *ui)
{
	struct items_state	*s = state;
	static const struct key_hint hints[] = {
		{ "Tab", N_("Next field") }, { "F2", N_("Submit") },
		{ "F6", N_("Approve here") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};

	ui_draw_frame(ui, s->title != NULL ? s->title : "", hints);
	form_draw_in(&s->rf.form, 2, 2, ui_cols(ui) - 4, ui_lines(ui) - 4);
}

static void
items_free(void *state)
{
	struct items_state	*s = state;

	if (s == NULL)
		return;
	regform_free(&s->rf);
	free(s->table);
	free(s->holder_id);
	free(s->registration_id);
	free(s->title);
	free(s);
}

const struct screen_ops screen_correction_items = {
	.name = "register-correct-items",
	.help = N_("Apply for a correction of a registration's items (dates, route, exam "
	    "and course items, numbers): change only what is wrong, give the date and the "
	    "reason. The new values are checked with the others: the order of the dates "
	    "and the qualification's rules. A supervisor other than you decides it. Tab "
	    "moves between fields, F2 submits, Esc leaves."),
	.init = items_init,
	.key = items_key,
	.draw = items_draw,
	.free = items_free,
};

const struct screen_ops screen_correction_mynumber = {
	.name = "register-correct-mynumber",
	.help = N_("Apply for a correction of the My Number: type the right number (its "
	    "check digit is checked), the date and the reason. Only accounts that may "
	    "handle My Numbers file and approve it; the old number is kept masked in the "
	    "history. Tab moves between fields, F2 submits, Esc leaves."),
	.init = mynumber_init,
	.key = items_key,
	.draw = items_draw,
	.free = items_free,
};
