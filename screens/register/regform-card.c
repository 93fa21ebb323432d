/*
 * The register forms' "Read card" (F7) and "Type instead" (F8) keys (issue 29): the card's
 * items go into the form's fields that have them, locked and marked. The registration,
 * correction and reissue forms (the reissue is the counter's reception of an application
 * for a holder already registered) share them.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>

#include "card/card-dialog.h"
#include "card/card-values.h"
#include "i18n.h"
#include "register/regform.h"
#include "session.h"
#include "widgets/widget.h"

int
regform_card_key(struct regform *rf, struct ui *ui, const char *function,
    const char *target, const struct key_event *ev)
{
	struct card_data	 d;
	struct reg_value	*v;
	size_t			 n;
	char			*cause = NULL;

	if (ev->is_func && ev->code == KEY_F(8) && regform_has_card(rf)) {
		regform_clear_card(rf);
		ui_set_message(ui, _("The card's items are cleared: type them."));
		return 1;
	}
	if (!ev->is_func || ev->code != KEY_F(7))
		return 0;
	if (ui_check_access(ui, function) != 0 || card_dialog_read(ui, target, &d) != 0)
		return 1;
	/* An account that may not handle My Numbers gets the four items only (issue 31). */
	if (card_values(&d, ui_session(ui)->mynumber_allowed, &v, &n, &cause) != 0) {
		card_data_free(&d);
		dialog_message(ui, _("Read card"), cause);
		free(cause);
		return 1;
	}
	card_data_free(&d);
	regform_clear_card(rf);
	regform_fill_card(rf, v, n);
	reg_values_free(v, n);
	ui_set_message(ui, _("Read from the card; the marked fields cannot be changed (F8 gives "
	    "them back to typing)."));
	return 1;
}
