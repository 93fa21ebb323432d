/* screens/reception/: the reception register's dialogs and screen.
 * May use: lib/, db/, app/, screens/. */
/*
 * Receiving an application (受付) and its withdrawal (取下げ), asked in dialogs from the
 * holder's screen and the reception register: a clerk answers by number, as elsewhere.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "reception/reception-dialog.h"
#include "reception/reception.h"
#include "register/register-items.h"
#include "session.h"
#include "widgets/widget.h"
#include "xmalloc.h"

static const char *const kinds[] = { "registration", "correction", "deletion", "reissue" };
static const char *const channels[] = { "counter", "mail", "e-gov", "mynaportal" };

const char *
reception_kind_label(const char *kind)
{
	const char	*label = reg_code_label(reg_application_kinds, kind);

	return label != NULL ? label : kind;
}

const char *
reception_number_of(struct ui *ui, const char *application_id)
{
	static char	 number[RECEPTION_NUMBER_SIZE];

	reception_of_application(ui_db(ui), application_id, number);
	if (*number == '\0')
		snprintf(number, sizeof number, "%.8s", application_id);
	return number;
}

int
reception_receive(struct ui *ui, const char *holder_id)
{
	struct actor	 who;
	char		 answer[16] = "", *prompt, number[RECEPTION_NUMBER_SIZE], *cause = NULL;
	int		 kind, channel, rc;

	/* A new person's reception is for their registration; no question then. */
	if (holder_id == NULL)
		kind = 0;
	else {
		xasprintf(&prompt, _("What is applied for: 1 %s 2 %s 3 %s 4 %s"),
		    reception_kind_label(kinds[0]), reception_kind_label(kinds[1]),
		    reception_kind_label(kinds[2]), reception_kind_label(kinds[3]));
		rc = dialog_input(ui, _("Receive an application (受付)"), prompt, 0, answer,
		    sizeof answer);
		free(prompt);
		if (rc != 0)
			return -1;
		if ((kind = dialog_choice_number(answer, 4, -1)) < 0) {
			ui_set_message(ui, _("Answer 1 to 4; nothing was received."));
			return -1;
		}
	}
	*answer = '\0';
	xasprintf(&prompt, _("Received through: 1 %s 2 %s 3 %s 4 %s (empty: 1)"),
	    reception_channel_label(channels[0]), reception_channel_label(channels[1]),
	    reception_channel_label(channels[2]), reception_channel_label(channels[3]));
	rc = dialog_input(ui, _("Receive an application (受付)"), prompt, 0, answer,
	    sizeof answer);
	free(prompt);
	if (rc != 0)
		return -1;
	if ((channel = dialog_choice_number(answer, 4, 0)) < 0) {
		ui_set_message(ui, _("Answer 1 to 4; nothing was received."));
		return -1;
	}
	session_actor(ui_session(ui), &who);
	if (reception_open(ui_db(ui), &who, kinds[kind], channels[channel], holder_id, number,
	    &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return -1;
	}
	/* A registration's fee (交付) is paid when it is received; a reissue's on its form. */
	if (kind == 0)
		(void)reception_fee_ask(ui, number, "issue");
	/* At the counter the applicant shows their documents now; by mail, later maybe. */
	if (reception_identity_ask(ui, number) != 0)
		ui_set_message(ui, _("Received under %s (%s, %s): tell the applicant this "
		    "number. The identity is not confirmed yet (i)."), number,
		    reception_kind_label(kinds[kind]), reception_channel_label(channels[channel]));
	else
		ui_set_message(ui, _("Received under %s (%s, %s): tell the applicant this "
		    "number."), number, reception_kind_label(kinds[kind]),
		    reception_channel_label(channels[channel]));
	return 0;
}

int
reception_fee_ask(struct ui *ui, const char *number, const char *fee_kind)
{
	static const char *const payments[] = { "stamp", "cash", "online", "exempt" };
	struct reception	 r;
	struct actor		 who;
	char			 answer[16] = "", reason[600] = "", *prompt, *cause = NULL;
	int64_t			 due;
	int			 pay, rc;

	if (reception_get(ui_db(ui), number, &r, &cause) != 0 ||
	    reception_fee_due(ui_db(ui), fee_kind, NULL, r.received_on, &due, &cause) != 0) {
		reception_clear(&r);
		dialog_message(ui, _("Fee (手数料)"), cause);
		free(cause);
		return -1;
	}
	reception_clear(&r);
	xasprintf(&prompt, _("Fee for %s: %lld yen. Paid by 1 %s 2 %s 3 %s 4 %s (empty: not "
	    "now)"), reception_fee_kind_label(fee_kind), (long long)due,
	    reception_payment_label(payments[0]), reception_payment_label(payments[1]),
	    reception_payment_label(payments[2]), reception_payment_label(payments[3]));
	rc = dialog_input(ui, _("Fee (手数料)"), prompt, 0, answer, sizeof answer);
	free(prompt);
	if (rc != 0 || *answer == '\0')
		return -1;
	if ((pay = dialog_choice_number(answer, 4, -1)) < 0) {
		dialog_message(ui, _("Fee (手数料)"), _("Answer 1 to 4; no fee was recorded."));
		return -1;
	}
	if (pay == 3 && dialog_input(ui, _("Fee (手数料)"), _("Why is the fee exempt (免除)?"),
	    0, reason, sizeof reason) != 0)
		return -1;
	session_actor(ui_session(ui), &who);
	if (reception_fee_record(ui_db(ui), &who, number, fee_kind, NULL, payments[pay],
	    pay == 3 ? 0 : due, reason, &cause) != 0) {
		dialog_message(ui, _("Fee (手数料)"), cause);
		free(cause);
		return -1;
	}
	return 0;
}

int
reception_identity_ask(struct ui *ui, const char *number)
{
	struct actor	 who;
	char		 answer[200] = "", typed[200] = "", *choices, *prompt, *cause = NULL;
	int		 rc;

	choices = reception_documents_choices(ui_db(ui));
	xasprintf(&prompt, _("Identity documents seen (本人確認), by their numbers: %s "
	    "(empty: not now)"), choices);
	free(choices);
	for (;;) {
		rc = dialog_input_from(ui, _("Identity check (本人確認)"), prompt, typed,
		    answer, sizeof answer);
		if (rc != 0 || *answer == '\0')
			break;
		session_actor(ui_session(ui), &who);
		if (reception_identity_set(ui_db(ui), &who, number, answer, &cause) == 0)
			break;
		/* Asked again with what was wrong, the answer kept to be corrected. */
		snprintf(typed, sizeof typed, "%s", answer);
		dialog_message(ui, _("Identity check (本人確認)"), cause);
		free(cause);
		cause = NULL;
	}
	free(prompt);
	return rc == 0 && *answer != '\0' ? 0 : -1;
}

int
reception_withdraw_ask(struct ui *ui, const char *number)
{
	struct actor	 who;
	char		 reason[600] = "", *prompt, *cause = NULL;
	int		 rc;

	xasprintf(&prompt, _("Why does the applicant withdraw %s?"), number);
	rc = dialog_input(ui, _("Withdrawal (取下げ)"), prompt, 0, reason, sizeof reason);
	free(prompt);
	if (rc != 0)
		return -1;
	xasprintf(&prompt, _("Withdraw reception %s and its application? It cannot be "
	    "undone."), number);
	rc = dialog_confirm(ui, _("Withdrawal (取下げ)"), prompt);
	free(prompt);
	if (rc != 1) {
		ui_set_message(ui, _("Nothing was withdrawn."));
		return -1;
	}
	session_actor(ui_session(ui), &who);
	if (reception_withdraw(ui_db(ui), &who, number, reason, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return -1;
	}
	ui_set_message(ui, _("Reception %s is withdrawn; its application will not be decided."),
	    number);
	return 0;
}

int
reception_pick_open(struct ui *ui, const char *title, const struct reception *list,
    size_t n, int newest_if_empty, char number[RECEPTION_NUMBER_SIZE])
{
	const char	*newest = NULL;
	char		 answer[64] = "", *prompt, *cause = NULL;
	size_t		 i, open = 0;
	int		 rc;

	for (i = 0; i < n; i++) {
		if (strcmp(list[i].status, "open") != 0)
			continue;
		if (open++ == 0)
			newest = list[i].number;
	}
	if (open == 0) {
		ui_set_message(ui, _("This holder has no open reception; u receives an "
		    "application."));
		return -1;
	}
	if (open == 1) {
		snprintf(number, RECEPTION_NUMBER_SIZE, "%s", newest);
		return 0;
	}
	if (newest_if_empty)
		xasprintf(&prompt, _("Which reception (its number; empty: %s, the newest)?"),
		    newest);
	else
		prompt = xstrdup(_("Which reception (its number)?"));
	rc = dialog_input(ui, title, prompt, 0, answer, sizeof answer);
	free(prompt);
	if (rc != 0)
		return -1;
	if (*answer == '\0' && newest_if_empty) {
		snprintf(number, RECEPTION_NUMBER_SIZE, "%s", newest);
		return 0;
	}
	if (reception_number_read(answer, number, &cause) != 0) {
		ui_set_message(ui, "%s", cause);
		free(cause);
		return -1;
	}
	/* Only one of this holder's: a number typed is never another person's reception. */
	for (i = 0; i < n; i++) {
		if (strcmp(list[i].number, number) == 0 && strcmp(list[i].status, "open") == 0)
			return 0;
	}
	ui_set_message(ui, _("%s is not an open reception of this holder; nothing was done."),
	    number);
	return -1;
}
