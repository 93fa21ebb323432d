/* Desk approval of an application (desk-approval.h). */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "auth/monitor-client.h"
#include "auth/two-person.h"
#include "i18n.h"
#include "register/desk-approval.h"
#include "register/register.h"
#include "screens.h"
#include "widgets/widget.h"

int
desk_approval_key(const struct key_event *ev)
{
	return ev->is_func && ev->code == KEY_F(6);
}

void
desk_approval_run(struct ui *ui, const char *id, const char *what)
{
	struct auth_result	 res;
	struct actor		 approver;
	char			 purpose[128], *cause = NULL;

	snprintf(purpose, sizeof purpose, "register.decide application:%.8s", id);
	if (desk_supervisor(ui, _("Approve at this desk"), purpose, _("the application waits "
	    "in the queue."), &res, &approver) != 0)
		return;
	if (application_decide(ui_db(ui), &approver, id, 1, "approved at the desk",
	    &cause) != 0) {
		ui_set_message(ui, _("Not approved: %s The application waits in the queue."),
		    cause);
		free(cause);
		return;
	}
	ui_set_message(ui, _("%s approved %s %.8s at this desk."), res.user, what, id);
}

enum key_result
desk_form_key(struct form *form, struct ui *ui, const struct key_event *ev, const int *done,
    void (*submit)(void *, int), void *arg)
{
	enum key_result	 r;
	int		 filed;

	if (*done && !ev->is_func && ev->code == 0x1b)
		return KEY_BACK;
	if (!*done && desk_approval_key(ev)) {
		submit(arg, 1);
		return *done ? KEY_BACK : KEY_HANDLED;
	}
	r = form_screen_key(form, ui, ev, &filed);
	if (filed)
		submit(arg, 0);
	/* Filed: back to the screen before, which shows the pending application. */
	return !*done || r == KEY_QUIT ? r : KEY_BACK;
}
