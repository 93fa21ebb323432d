/* screens/reception/: the reception register's dialogs and screen.
 * May use: lib/, db/, app/, screens/. */
/*
 * The receipt slip (受付票) from the holder's screen: which reception, then the slip printed
 * as certificates print (app/cert/slip-print.c): the office key signs in the monitor, the
 * print helper draws, CUPS or the certificate spool takes it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/monitor-client.h"
#include "cert/cert-print.h"
#include "cert/cert-sign.h"
#include "cert/slip-print.h"
#include "config-file.h"
#include "i18n.h"
#include "reception/reception-dialog.h"
#include "reception/reception-slip.h"
#include "reception/reception.h"
#include "session.h"
#include "widgets/widget.h"
#include "xmalloc.h"

void
reception_slip_print(struct ui *ui, const struct reception *list, size_t n)
{
	struct cert_print_config pc;
	struct cert_signer	 signer = { monitor_cert_sign, NULL, { 0 } };
	struct actor		 who;
	char			 number[RECEPTION_NUMBER_SIZE];
	char			*where = NULL, *cause = NULL;

	if (ui_check_access(ui, "cert.print") != 0 || reception_pick_open(ui,
	    _("Receipt slip (受付票)"), list, n, 1, number) != 0)
		return;
	cert_print_config_from(&pc, ui_config(ui));
	/* The office key signs in the monitor, as for certificates: never read here. */
	if ((signer.arg = ui_monitor(ui)) != NULL)
		pc.signer = &signer;
	session_actor(ui_session(ui), &who);
	if (slip_print(ui_db(ui), &who, &pc, number, config_era_dates(ui_config(ui)),
	    &where, NULL, &cause) != 0) {
		ui_set_message(ui, _("The receipt slip of %s was not printed: %s"), number,
		    cause);
		free(cause);
		return;
	}
	ui_set_message(ui, _("Receipt slip of %s printed: %s"), number, where);
	free(where);
}
