/* screens/reception/: the reception register's dialogs and screen.
 * May use: lib/, db/, app/, screens/. */
#ifndef RECEPTION_SLIP_H
#define RECEPTION_SLIP_H

#include <stddef.h>

#include "ui.h"

struct reception;

/*
 * Prints the receipt slip (受付票) of one of a holder's open receptions (list, n: the
 * holder's, newest first, as reception_list gives them): the only one, or, when there are
 * several, the one whose number the clerk gives (empty: the newest). Says on the message
 * line where it went, or why not.
 */
void	 reception_slip_print(struct ui *, const struct reception *, size_t);

#endif
