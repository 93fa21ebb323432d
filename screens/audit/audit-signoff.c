/* screens/audit/: unusual-use flags, their rules, and the log review sign-offs.
 * May use: lib/, db/, app/, screens/. */
/*
 * What the audit screens share. The sign-off is asked for in one place, from the flags
 * of a period or from the list of sign-offs, so that both say the same things.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit-flags.h"
#include "audit/audit-reviews.h"
#include "audit/audit-signoff.h"
#include "config-file.h"
#include "i18n.h"
#include "office-hours.h"
#include "screens.h"
#include "session.h"
#include "timestamp.h"
#include "widgets/widget.h"
#include "xmalloc.h"

/* The configuration was checked when it was read (config-file.c): this cannot fail. */
void
audit_office_hours(struct ui *ui, struct office_hours *oh)
{
	char	*cause = NULL;

	if (office_hours_parse(ui_config(ui)->office_hours, oh, &cause) != 0) {
		free(cause);
		(void)office_hours_parse("08:30-17:15 mon-fri", oh, &cause);
	}
}

/* A period (two stored dates) in the date style, "R08.04.01..R08.04.30". */
void
audit_period_text(struct ui *ui, const char *from, const char *to, char *out, size_t size)
{
	char	 a[TIMESTAMP_SHOW_SIZE], b[TIMESTAMP_SHOW_SIZE];

	snprintf(out, size, "%s..%s", ui_time_text(ui, from, UI_TIME_SHORT, a, sizeof a),
	    ui_time_text(ui, to, UI_TIME_SHORT, b, sizeof b));
}

int
audit_period_dialog(struct ui *ui, char from[11], char to[11])
{
	char	 a[64], b[64], today[11], *cause = NULL;

	audit_today(today);
	if (dialog_input(ui, _("Period"), _("First day (YYYY-MM-DD; empty: today):"), 0, a,
	    sizeof a) != 0 || dialog_input(ui, _("Period"), _("Last day (YYYY-MM-DD; empty: "
	    "the first day):"), 0, b, sizeof b) != 0)
		return -1;
	if (*a == '\0')
		snprintf(a, sizeof a, "%s", today);
	if (*b == '\0')
		snprintf(b, sizeof b, "%s", a);
	if (audit_period_check(a, b, &cause) != 0) {
		ui_set_message(ui, _("%s; the period is unchanged."), cause);
		free(cause);
		return -1;
	}
	/* Checked: ten characters each. */
	memcpy(from, a, 11);
	memcpy(to, b, 11);
	return 0;
}

int
audit_signoff_dialog(struct ui *ui, const char *from, const char *to)
{
	struct office_hours	 oh;
	struct actor		 who;
	char			 comment[600], id[37], *prompt, *cause = NULL;
	char			 a[64], b[64];
	int			 rc;

	/* The days as the reader reads dates (date_style); stored ISO days go to the log. */
	(void)ui_time_text(ui, from, UI_TIME_DAY, a, sizeof a);
	(void)ui_time_text(ui, to, UI_TIME_DAY, b, sizeof b);

	xasprintf(&prompt, _("Sign off the log of %s to %s as reviewed.\nComment (required):"),
	    a, b);
	rc = dialog_input(ui, _("Log review sign-off"), prompt, 0, comment, sizeof comment);
	free(prompt);
	if (rc != 0)
		return -1;
	audit_office_hours(ui, &oh);
	session_actor(ui_session(ui), &who);
	if (audit_review_sign(ui_db(ui), &who, &oh, from, to, "", comment, id, &cause) != 0) {
		ui_set_message(ui, _("Not signed off: %s"), cause);
		free(cause);
		return -1;
	}
	ui_set_message(ui, _("Signed off %s to %s as reviewed."), a, b);
	return 0;
}
