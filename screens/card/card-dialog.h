/* screens/card/: reading the My Number card at the desk (issue 29).
 * May use: lib/, db/, app/, screens/. */
#ifndef CARD_DIALOG_H
#define CARD_DIALOG_H

#include "card/card-read.h"
#include "ui.h"

struct field;

/*
 * The "Read card" key of the forms: finds the card, asks its PIN (masked, with the tries
 * the card reports; at the last try it warns before sending), reads the My Number and the
 * four items, and audits the read under target (never the PIN, never the items). 0 with *d
 * filled (card_data_free), -1 when nothing was read: the dialog has said why.
 */
int	 card_dialog_read(struct ui *, const char *, struct card_data *);
/*
 * A form's field holds value as the card gave it: shown from its start, marked
 * 「カード読取」 and refusing typing; card_field_release gives it back to typing, empty.
 * Every form that takes a card's items marks them so (regform-card.c, the Juki lookup).
 */
void	 card_field_fill(struct field *, const char *);
void	 card_field_release(struct field *);

#endif
