/* screens/reception/: the reception register's dialogs and screen.
 * May use: lib/, db/, app/, screens/. */
#ifndef RECEPTION_DIALOG_H
#define RECEPTION_DIALOG_H

#include "reception/reception.h"
#include "ui.h"

/*
 * Receives an application at the counter (受付) for holder_id (NULL: a person not in the
 * register yet): asks what is applied for and through which channel, opens the reception
 * and says its number on the message line. 0 when one was opened.
 */
int	 reception_receive(struct ui *, const char *);

/*
 * 本人確認: asks which documents were seen for reception number and records them (asked
 * again with the reason while they do not confirm the identity). 0 when recorded; -1 when
 * the clerk left it for later.
 */
int	 reception_identity_ask(struct ui *, const char *);

/*
 * The fee of fee_kind (reception_fee_kind) for reception number: says what the fee table
 * asks and how it may be paid, and records it (an exemption with its reason). 0 when
 * recorded; -1 when left for later or refused (said in a dialog).
 */
int	 reception_fee_ask(struct ui *, const char *, const char *);

/*
 * The applicant withdraws (取下げ) reception number: asks the reason and a confirmation,
 * and says on the message line what was done. 0 when it was withdrawn.
 */
int	 reception_withdraw_ask(struct ui *, const char *);

/*
 * The reception number application_id was filed under, for a message (valid until the
 * next call), or the application's short id if it has none.
 */
const char *reception_number_of(struct ui *, const char *);

/*
 * The open reception of a holder's list (reception_list) a key acts on: the only one, or
 * the one whose number is given when there are several (newest_if_empty: an empty answer
 * takes the newest), which must be an open reception of the list. 0 with its number;
 * -1 with the reason on the message line.
 */
struct reception;
int	 reception_pick_open(struct ui *, const char *, const struct reception *, size_t,
	    int, char [RECEPTION_NUMBER_SIZE]);

/* The label of an application kind, translated. */
const char *reception_kind_label(const char *);

#endif
