/* The two-person check at the desk (two-person.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/monitor-client.h"
#include "auth/two-person.h"
#include "i18n.h"
#include "screens.h"
#include "session.h"
#include "widgets/widget.h"
#include "words.h"
#include "xmalloc.h"

static void
audit_check(struct ui *ui, const char *action, const char *target, const char *result,
    const char *detail)
{
	struct actor	 who;

	session_actor(ui_session(ui), &who);
	(void)audit_actor(ui_db(ui), &who, action, target, result, detail, NULL);
}

int
two_person_check(struct ui *ui, const char *text, const char *action, const char *target,
    int audit_ok, const char *nothing, char *checker, size_t len)
{
	struct auth_result	 res;
	char			*question, name[64], purpose[160], *detail;
	int			 rc = -1;

	*checker = '\0';
	xasprintf(&question, _("%s\n\nThe two-person check: is a second person here to check "
	    "this?"), text);
	if (!dialog_confirm(ui, _("Two-person check"), question)) {
		audit_check(ui, action, target, "refused", "no second person");
		ui_set_message(ui, _("The two-person check needs a second person. %s"), nothing);
		goto out;
	}
	if (dialog_input(ui, _("Two-person check"), _("Second person's user name:"), 0, name,
	    sizeof name) != 0 || *name == '\0') {
		audit_check(ui, action, target, "refused", "no second person");
		ui_set_message(ui, "%s", nothing);
		goto out;
	}
	snprintf(purpose, sizeof purpose, "%s %s", action, target);
	memset(&res, 0, sizeof res);
	if (monitor_approver_auth(ui_monitor(ui), name, purpose, screen_conv, ui, &res) != 0 ||
	    res.outcome != AUTH_OK) {
		audit_check(ui, action, target, "refused",
		    "the second person was not authenticated");
		ui_set_message(ui, "%s %s", res.message[0] != '\0' ? res.message :
		    _("The second person was not authenticated."), nothing);
		goto out;
	}
	free(question);
	xasprintf(&question, _("%s\n\n%s: may this leave, as shown?"), text, res.user);
	if (!dialog_confirm(ui, _("Two-person check"), question)) {
		xasprintf(&detail, "%s did not confirm", res.user);
		audit_check(ui, action, target, "refused", detail);
		free(detail);
		ui_set_message(ui, _("%s did not confirm. %s"), res.user, nothing);
		goto out;
	}
	if (audit_ok) {
		xasprintf(&detail, "checked by %s", res.user);
		audit_check(ui, action, target, "ok", detail);
		free(detail);
	}
	snprintf(checker, len, "%s", res.user);
	rc = 0;
out:
	free(question);
	return rc;
}

int
desk_supervisor(struct ui *ui, const char *title, const char *purpose, const char *waits,
    struct auth_result *res, struct actor *approver)
{
	char	 name[64];

	if (dialog_input(ui, title, _("Supervisor's user name:"), 0, name, sizeof name) != 0 ||
	    *name == '\0')
		return -1;
	memset(res, 0, sizeof *res);
	if (monitor_approver_auth(ui_monitor(ui), name, purpose, screen_conv, ui, res) != 0 ||
	    res->outcome != AUTH_OK) {
		ui_set_message(ui, "%s %s", res->message[0] != '\0' ? res->message :
		    _("The supervisor was not authenticated;"), waits);
		return -1;
	}
	if (!words_has(res->roles, "supervisor")) {
		ui_set_message(ui, _("%s is not a supervisor; %s"), res->user, waits);
		return -1;
	}
	memset(approver, 0, sizeof *approver);
	approver->user = res->user;
	approver->role = "supervisor";
	approver->tty = ui_tty(ui);
	return 0;
}
