/* screens/cert/: the reissue application and certificate actions on a holder.
 * May use: lib/, db/, app/, screens/. */
/*
 * A reissue application (再交付, SPEC §6): why (亡失, 汚損, 破損, or 書換え with the new
 * name or 本籍), how the person was identified, the fee, when it was received. A
 * registration that is 停止, 取消, 消除 or 返納 gets no new certificate: the screen says so,
 * with the recorded reason, before anything is typed. A supervisor approves in the queue.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cert/certificates.h"
#include "i18n.h"
#include "reception/reception-dialog.h"
#include "register/desk-approval.h"
#include "register/notify-prefill.h"
#include "register/regform.h"
#include "screens.h"
#include "session.h"
#include "xmalloc.h"

struct reissue_state {
	struct ui	*ui;
	char		*holder_id;
	char		*target;	/* "holder:ID", for the audit of a card read */
	char		*registration_id;
	char		*what;		/* "山田 花子 — BH-000001" */
	char		*refused;	/* why no reissue is possible, or NULL */
	struct regform	 rf;
	int		 done;
};

static void	*reissue_init(struct ui *, void *);
static enum key_result reissue_key(void *, const struct key_event *);
static void	 reissue_draw(void *, struct ui *);
static void	 reissue_free(void *);
static void	 reissue_submit(struct reissue_state *, int);
static void	 reissue_today(struct ui *, struct regform *, const char *);

/*
 * The date received is usually today, and the identity is confirmed by the Juki-net
 * answer to the lookup made for the holder's open reissue reception when there is one:
 * both filled in, but sent as typed (not as "unchanged").
 */
static void
reissue_today(struct ui *ui, struct regform *rf, const char *holder_id)
{
	struct tm	 tm;
	time_t		 now = time(NULL);
	char		 today[16], answer[24];
	int		 i;

	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	reissue_juki_answer(ui_db(ui), holder_id, answer);
	for (i = 0; i < rf->n; i++) {
		if (strcmp(rf->items[i]->key, "received_date") == 0)
			field_set(&rf->fields[i], today);
		else if (strcmp(rf->items[i]->key, "juki_result_id") == 0 && *answer != '\0')
			field_set(&rf->fields[i], answer);
	}
}

static void *
reissue_init(struct ui *ui, void *arg)
{
	/* The reissue's own items, then the name and 本籍 items a 書換え may change. */
	static const struct reg_item *const tables[] = { reg_reissue_items,
	    reg_holder_items, NULL };
	const struct register_target *t = arg;
	struct reissue_state	*s;
	struct holder_view	 h;
	struct actor		 who;
	char			*cause = NULL;

	s = xcalloc(1, sizeof *s);
	s->ui = ui;
	s->holder_id = xstrdup(t->holder_id);
	xasprintf(&s->target, "holder:%s", s->holder_id);
	s->registration_id = xstrdup(t->registration_id);
	regform_init(&s->rf, tables, REG_REISSUE | REG_REWRITE);
	session_actor(ui_session(ui), &who);
	if (holder_view(ui_db(ui), &who, s->holder_id, &h, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		s->done = 1;
		return s;
	}
	s->what = regform_target_label(&h, s->registration_id);
	/* The record's name and 本籍: a 書換え changes them, other reasons leave them. */
	regform_fill(&s->rf, h.values, h.n_values);
	holder_view_clear(&h);
	reissue_today(ui, &s->rf, s->holder_id);
	notify_prefill_apply(&s->rf);	/* a lost certificate's notification (届出) */
	if (reissue_allowed(ui_db(ui), s->holder_id, s->registration_id, &cause) != 0) {
		s->refused = cause;
		ui_set_message(ui, "%s", cause);
	}
	return s;
}

/* Files the application; desk: a supervisor here then approves it (F6). */
static void
reissue_submit(struct reissue_state *s, int desk)
{
	struct reg_value	*v;
	struct actor		 who;
	size_t			 n;
	char			*cause = NULL, id[37];

	if (s->done || ui_check_access(s->ui, "reissue.apply") != 0)
		return;
	if (s->refused != NULL) {
		ui_set_message(s->ui, "%s", s->refused);
		return;
	}
	/* Only the name or 本籍 items the clerk changed go with the application. */
	if (regform_check(&s->rf, 1, &v, &n) != 0) {
		ui_set_message(s->ui, _("Correct the fields marked below; nothing was saved."));
		return;
	}
	session_actor(ui_session(s->ui), &who);
	if (application_submit(ui_db(s->ui), &who, APP_REISSUE, s->holder_id,
	    s->registration_id, v, n, id, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
	} else {
		ui_set_message(s->ui, _("Saved reissue %s; awaits a supervisor."),
		    reception_number_of(s->ui, id));
		s->done = 1;
		if (desk)
			desk_approval_run(s->ui, id, _("the reissue"));
	}
	reg_values_free(v, n);
}

/* F4: the holder's answered lookups, numbered; the one chosen goes into the field. */
static void
reissue_pick_answer(struct reissue_state *s)
{
	struct juki_answer_choice	 list[9];
	char				*prompt, *next, answer[8] = "", *cause = NULL;
	int				 n, i, pick;

	if (reissue_juki_answers(ui_db(s->ui), s->holder_id, list, &n, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	if (n == 0) {
		ui_set_message(s->ui, _("This holder has no answered Juki-net lookup: look them "
		    "up first (j on the holder), or give the documents seen."));
		return;
	}
	prompt = xstrdup(_("Answered Juki-net lookups of this holder, newest first:"));
	for (i = 0; i < n; i++) {
		xasprintf(&next, "%s\n%d  %s", prompt, i + 1, list[i].line);
		free(prompt);
		prompt = next;
	}
	xasprintf(&next, "%s\n%s", prompt, _("Which one (its number)?"));
	free(prompt);
	prompt = next;
	i = dialog_input(s->ui, _("Identity: Juki result id"), prompt, 0, answer,
	    sizeof answer);
	free(prompt);
	if (i != 0)
		return;
	if ((pick = dialog_choice_number(answer, n, -1)) < 0) {
		ui_set_message(s->ui, _("Answer 1 to %d; nothing was chosen."), n);
		return;
	}
	for (i = 0; i < s->rf.n; i++) {
		if (strcmp(s->rf.items[i]->key, "juki_result_id") == 0)
			field_set(&s->rf.fields[i], list[pick].file_id);
	}
}

static enum key_result
reissue_key(void *state, const struct key_event *ev)
{
	struct reissue_state	*s = state;
	enum key_result		 r;
	int			 submit;

	/* Refused or saved: Esc goes straight back, nothing typed is at stake. */
	if ((s->done || s->refused != NULL) && !ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (!s->done && desk_approval_key(ev)) {
		reissue_submit(s, 1);
		return s->done ? KEY_BACK : KEY_HANDLED;
	}
	/* The Juki-net answer the identity was confirmed by, chosen, not typed (issue 24). */
	if (!s->done && s->refused == NULL && ev->is_func && ev->code == KEY_F(4)) {
		reissue_pick_answer(s);
		return KEY_HANDLED;
	}
	/* A 書換え's new name from the resident's card (issue 29). */
	if (!s->done && s->refused == NULL &&
	    regform_card_key(&s->rf, s->ui, "reissue.apply", s->target, ev))
		return KEY_HANDLED;
	r = form_screen_key(&s->rf.form, s->ui, ev, &submit);
	if (submit)
		reissue_submit(s, 0);
	return !s->done || r == KEY_QUIT ? r : KEY_BACK;
}

static void
reissue_draw(void *state, struct ui *ui)
{
	struct reissue_state	*s = state;
	static const struct key_hint hints[] = {
		{ "Tab", N_("Next field") }, { "F2", N_("Submit") },
		{ "F6", N_("Approve here") }, { "F7", N_("Read card") },
		{ "F8", N_("Type instead") }, { "Esc", N_("Back") }, { "F10", N_("Log out") },
		{ NULL, NULL }
	};
	int			 top = 4;

	ui_draw_frame(ui, _("Reissue (再交付) application"), hints);
	ui_put(2, 2, ui_cols(ui) - 4, s->what != NULL ? s->what : "");
	if (s->refused != NULL)
		top += ui_put_wrapped(3, 2, ui_cols(ui) - 4, 2, s->refused);
	else
		ui_put(3, 2, ui_cols(ui) - 4, _("Once a supervisor approves, the certificate now "
		    "held is void."));
	form_draw_in(&s->rf.form, top, 2, ui_cols(ui) - 4, ui_lines(ui) - top - 2);
}

static void
reissue_free(void *state)
{
	struct reissue_state	*s = state;

	if (s == NULL)
		return;
	regform_free(&s->rf);
	free(s->holder_id);
	free(s->target);
	free(s->registration_id);
	free(s->what);
	free(s->refused);
	free(s);
}

const struct screen_ops screen_reissue = {
	.name = "reissue-new",
	.help = N_("Apply for a certificate reissue: the reason (lost, soiled, damaged, "
	    "rewrite), how identity was confirmed, the fee. A supervisor other than "
	    "you decides it; the new certificate gets a new number. For a rewrite "
	    "(書換え), F7 reads the new name from the resident's My Number card (its PIN "
	    "is asked); F8 gives it back to typing. F4 lists the holder's answered Juki-net "
	    "lookups to choose the one that confirmed the identity (filled in already when "
	    "the lookup was made for this reissue's reception)."),
	.init = reissue_init,
	.key = reissue_key,
	.draw = reissue_draw,
	.free = reissue_free,
};
