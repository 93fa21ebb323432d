/*
 * The duplicate check at the counter (reg-duplicates.h). The candidates are shown to the
 * clerk, so each showing is audited under the holder shown (the resident's disclosure lists
 * it); the decision is audited and goes with the application for the supervisor to read.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "i18n.h"
#include "register/reg-duplicates.h"
#include "register/register-items.h"
#include "session.h"
#include "widgets/widget.h"
#include "xmalloc.h"

#define DUP_SHOWN	9	/* candidates listed; a tenth is more than a counter asks about */

static void
dup_audit(struct ui *ui, const char *action, const char *holder_id, const char *detail)
{
	struct actor	 who;
	char		*target = NULL;

	session_actor(ui_session(ui), &who);
	if (holder_id != NULL)
		xasprintf(&target, "holder:%s", holder_id);
	(void)audit_actor(ui_db(ui), &who, action, target != NULL ? target : "", "ok", detail,
	    NULL);
	free(target);
}

/* A registration for a holder already there carries no holder items: theirs stay. */
static void
dup_keep_registration(struct reg_value **v, size_t *n)
{
	size_t	 i, kept = 0;

	for (i = 0; i < *n; i++) {
		if (reg_item_find(reg_holder_items, (*v)[i].key) != NULL) {
			free((*v)[i].key);
			free((*v)[i].value);
		} else
			(*v)[kept++] = (*v)[i];
	}
	*n = kept;
}

int
reg_duplicates_ask(struct ui *ui, struct reg_value **v, size_t *n, char **holder_id)
{
	struct reg_duplicate	*d;
	size_t			 nd, i, shown;
	char			*cause = NULL, *list = NULL, *next, *prompt, answer[16];
	char			 reason[301];
	long			 pick;

	*holder_id = NULL;
	if (reg_duplicates(ui_db(ui), *v, *n, &d, &nd, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return -1;
	}
	if (nd == 0)
		return 0;
	shown = nd < DUP_SHOWN ? nd : DUP_SHOWN;
	for (i = 0; i < shown; i++) {
		xasprintf(&next, "%s%zu  %s (%s, %s): %s%s\n", list != NULL ? list : "", i + 1,
		    d[i].name, d[i].kana, d[i].birth_date, _(d[i].why), d[i].pending ?
		    _("; an application waiting for a supervisor") : "");
		free(list);
		list = next;
		/* An application's person is shown too: audited with its id (no holder yet). */
		if (d[i].pending) {
			xasprintf(&next, "application %.8s: %s", d[i].holder_id, _(d[i].why));
			dup_audit(ui, "register.duplicate.view", NULL, next);
			free(next);
		} else
			dup_audit(ui, "register.duplicate.view", d[i].holder_id, _(d[i].why));
	}
	xasprintf(&prompt, _("This person may already be on the register:\n%s\nThe number of the "
	    "same person (the application becomes a registration for that holder), or 0 for "
	    "a different person:"), list);
	free(list);
	for (;;) {
		if (dialog_input(ui, _("Same person?"), prompt, 0, answer, sizeof answer) != 0) {
			ui_set_message(ui, _("Nothing was saved: the duplicate check was not "
			    "answered."));
			free(prompt);
			reg_duplicates_free(d, nd);
			return -1;
		}
		pick = strspn(answer, "0123456789") == strlen(answer) && *answer != '\0' ?
		    strtol(answer, NULL, 10) : -1;
		if (pick > 0 && (size_t)pick <= shown && d[pick - 1].pending)
			dialog_message(ui, _("Same person?"), _("That person's registration "
			    "waits for a supervisor: once it is decided, the holder can take "
			    "another qualification (q on the holder's screen). Answer 0 if the "
			    "applicant is someone else, or Esc."));
		else if (pick >= 0 && (size_t)pick <= shown)
			break;
		else
			dialog_message(ui, _("Same person?"), _("Answer with one of the numbers "
			    "listed, or 0."));
	}
	free(prompt);
	if (pick == 0) {
		if (dialog_input(ui, _("A different person"), _("Why is the applicant not one of "
		    "them? (recorded, and shown to the approving supervisor)"), 0, reason,
		    sizeof reason) != 0 || reason[strspn(reason, " \xe3\x80\x80")] == '\0') {
			ui_set_message(ui, _("Nothing was saved: a different person needs the reason "
			    "why."));
			reg_duplicates_free(d, nd);
			return -1;
		}
		xasprintf(&next, _("a different person from %zu on the register: %s"), nd,
		    reason);
		dup_audit(ui, "register.duplicate", NULL, next);
	} else {
		*holder_id = xstrdup(d[pick - 1].holder_id);
		xasprintf(&next, _("the same person as %s (%s)"), d[pick - 1].name,
		    _(d[pick - 1].why));
		dup_audit(ui, "register.duplicate", *holder_id, next);
		dup_keep_registration(v, n);
	}
	reg_values_add(v, n, "duplicate_check", next);
	reg_duplicates_free(d, nd);
	return 0;
}
