/*
 * What a 異動 proposes. See juki-propose.h.
 *
 * A death used to find nothing to take over (the name, birth date and address agree with
 * the register) and said so: the register kept a dead holder's registrations live.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "juki.h"
#include "juki/juki-propose.h"
#include "register/desk-approval.h"
#include "register/notify-dialog.h"
#include "register/notify.h"
#include "screens.h"
#include "session.h"
#include "widgets/widget.h"

/* What the history and the 消除 applications say of where the fact came from. */
#define FROM_JUKI_TEXT	"住基ネット定期照会"

static int	 propose_erasure(struct ui *, const char *, const struct juki_result_row *,
		    int);

const char *
juki_propose_hint(const char *kind)
{
	if (strcmp(kind, "deceased") == 0)
		return N_("Apply erasure (消除)");
	if (strcmp(kind, "renamed") == 0)
		return N_("Apply as rewrite (書換え)");
	return N_("Apply as correction");
}

/* The date of death as Juki-net gives it, else today: the 消除's date. */
static int
propose_erasure(struct ui *ui, const char *holder_id, const struct juki_result_row *a,
    int desk)
{
	struct notify_filed	 filed;
	struct actor		 who;
	struct tm		 tm;
	time_t			 now = time(NULL);
	char			 date[32], *cause = NULL;	/* room for any uint32 */
	size_t			 i;

	if (ui_check_access(ui, "register.apply") != 0)
		return -1;
	if (!dialog_confirm(ui, _("Erasure (消除)"), _("Juki-net reports a death: file the "
	    "erasure (消除) of every live registration for a supervisor?")))
		return -1;
	if (a->reason_date != 0)
		snprintf(date, sizeof date, "%04u-%02u-%02u", a->reason_date / 10000,
		    a->reason_date / 100 % 100, a->reason_date % 100);
	else {
		localtime_r(&now, &tm);
		strftime(date, sizeof date, "%Y-%m-%d", &tm);
	}
	session_actor(ui_session(ui), &who);
	if (notify_file(ui_db(ui), &who, holder_id, NULL, "death", date, FROM_JUKI_TEXT,
	    NOTIFY_FROM_JUKI, &filed, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return -1;
	}
	notify_say_filed(ui, &filed);
	for (i = 0; desk && i < filed.n_applications; i++)
		desk_approval_run(ui, filed.applications[i], _("the erasure"));
	notify_filed_clear(&filed);
	return 0;
}

int
juki_propose(struct ui *ui, const char *holder_id, const char *kind,
    const struct juki_result_row *a, const struct juki_cmp *c, int desk)
{
	if (strcmp(kind, "deceased") == 0)
		return propose_erasure(ui, holder_id, a, desk);
	return juki_view_apply(ui, holder_id, c, desk);
}
