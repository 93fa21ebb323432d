/*
 * A notification (届出) at the holder's screen (n): what is notified, the reason, the
 * date of the fact and anything to add; then what it leads to. A name or 本籍 change opens
 * the correction form (書換え) with the date and the reason filled in; a lost certificate
 * opens the reissue form with its reason; a death or disappearance files the 消除 of every
 * live registration for a supervisor. The forms are the register's own (screen_correction,
 * screen_reissue); only what the notification already says is filled in.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "reception/reception-dialog.h"
#include "register/notify-dialog.h"
#include "register/notify-prefill.h"
#include "register/notify.h"
#include "screens.h"
#include "session.h"
#include "widgets/widget.h"
#include "xmalloc.h"

static const char *const groups[] = { "name", "honseki", "death", "loss" };

static int	 ask_reason(struct ui *, struct notify_reason *);
static void	 open_form(struct ui *, const char *, const char *,
		    const struct notify_reason *, const char *, const char *);

/* The group, then the reason within it: 0 and *r filled, or -1 (message set). */
static int
ask_reason(struct ui *ui, struct notify_reason *r)
{
	struct notify_reason	*list;
	size_t			 n, i;
	char			 answer[16] = "", *prompt, *next, *cause = NULL;
	int			 g, pick;

	if (dialog_input(ui, _("Notification (届出)"), _("What is notified: 1 name change, 2 "
	    "本籍 change, 3 death or disappearance, 4 lost certificate"), 0, answer,
	    sizeof answer) != 0)
		return -1;
	if ((g = dialog_choice_number(answer, 4, -1)) < 0) {
		ui_set_message(ui, _("Answer 1 to 4; nothing was recorded."));
		return -1;
	}
	if (notify_reasons_list(ui_db(ui), groups[g], i18n_japanese(), &list, &n,
	    &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return -1;
	}
	prompt = xstrdup(_("Reason:"));
	for (i = 0; i < n; i++) {
		xasprintf(&next, "%s %zu %s", prompt, i + 1, list[i].label);
		free(prompt);
		prompt = next;
	}
	*answer = '\0';
	pick = dialog_input(ui, _("Notification (届出)"), prompt, 0, answer, sizeof answer) ==
	    0 ? dialog_choice_number(answer, (int)n, -1) : -2;
	free(prompt);
	if (pick >= 0) {
		*r = list[pick];
		list[pick].label = NULL;	/* r has it now */
	} else if (pick == -1)
		ui_set_message(ui, _("Answer one of the numbers; nothing was recorded."));
	notify_reasons_free(list, n);
	return pick >= 0 ? 0 : -1;
}

void
notify_say_filed(struct ui *ui, const struct notify_filed *f)
{
	char	*numbers = xstrdup(""), *next;
	size_t	 i;

	if (f->n_applications == 0) {
		ui_set_message(ui, _("Notification recorded; no live registration to erase."));
		free(numbers);
		return;
	}
	for (i = 0; i < f->n_applications; i++) {
		xasprintf(&next, "%s%s%s", numbers, i > 0 ? ", " : "",
		    reception_number_of(ui, f->applications[i]));
		free(numbers);
		numbers = next;
	}
	ui_set_message(ui, _("Recorded; erasure %s awaits a supervisor; return (返還) "
	    "expected."), numbers);
	free(numbers);
}

/* The form the notification leads to, with what it already says. */
static void
open_form(struct ui *ui, const char *holder_id, const char *registration_id,
    const struct notify_reason *r, const char *date, const char *text)
{
	struct register_target	 t;
	struct reg_value	 v[2];
	char			*why;

	if (*text != '\0')
		xasprintf(&why, "%s (%s): %s", _("Notification (届出)"), r->label, text);
	else
		xasprintf(&why, "%s (%s)", _("Notification (届出)"), r->label);
	t.holder_id = holder_id;
	t.registration_id = registration_id;
	if (strcmp(r->leads_to, "rewrite") == 0) {
		v[0].key = (char *)"event_date";
		v[0].value = (char *)date;
		v[1].key = (char *)"reason_text";
		v[1].value = why;
		notify_prefill_set(v, 2);
		/* Before the push: what the form's own start says comes after it. */
		ui_set_message(ui, _("Notification recorded; type the new items (書換え) and "
		    "submit."));
		ui_push(ui, &screen_correction, &t);
	} else {
		v[0].key = (char *)"reason";
		v[0].value = (char *)r->app_reason;
		v[1].key = (char *)"reason_detail";
		v[1].value = why;
		notify_prefill_set(v, 2);
		ui_set_message(ui, _("Notification recorded; complete the reissue (再交付) and "
		    "submit."));
		ui_push(ui, &screen_reissue, &t);
	}
	notify_prefill_clear();
	free(why);
}

int
notify_at_holder(struct ui *ui, const char *holder_id, const struct holder_view *h)
{
	struct notify_reason	 r;
	struct notify_filed	 filed;
	struct actor		 who;
	const char		*registration_id = NULL;
	char			 date[64] = "", text[256] = "", *cause = NULL;
	int			 pick, rc = -1;

	if (ui_check_access(ui, "register.apply") != 0 || ask_reason(ui, &r) != 0)
		return -1;
	if (strcmp(r.leads_to, "reissue") == 0) {
		if ((pick = holder_pick_registration(ui, h, _("Notification (届出)"))) < 0)
			goto out;
		registration_id = h->registrations[pick].id;
	}
	if (dialog_input(ui, _("Notification (届出)"), _("Date of the fact (e.g. R7.4.1):"),
	    0, date, sizeof date) != 0 ||
	    dialog_input(ui, _("Notification (届出)"), _("Anything to add (optional):"), 0,
	    text, sizeof text) != 0)
		goto out;
	if (strcmp(r.leads_to, "erase") == 0 && !dialog_confirm(ui, _("Notification (届出)"),
	    _("File the erasure (消除) of every live registration for a supervisor?")))
		goto out;
	session_actor(ui_session(ui), &who);
	if (notify_file(ui_db(ui), &who, holder_id, registration_id, r.code, date, text,
	    NOTIFY_FROM_COUNTER, &filed, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		goto out;
	}
	if (strcmp(r.leads_to, "erase") == 0)
		notify_say_filed(ui, &filed);
	else
		open_form(ui, holder_id, registration_id, &r, date, text);
	notify_filed_clear(&filed);
	rc = 0;
out:
	free(r.label);
	return rc;
}
