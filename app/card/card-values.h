/* app/card/: reading the My Number card over PC/SC (docs/mynumber-card.md).
 * May use: lib/, db/, app/. */
/*
 * What a card read puts into the register's forms: the items of register-items.c, in the
 * forms' own words, so that a card-filled form is checked exactly as a typed one.
 */
#ifndef CARD_VALUES_H
#define CARD_VALUES_H

#include <stddef.h>

#include "card/card-read.h"
#include "register/register.h"

/*
 * family_name and given_name (the card's name split at its first space), address1 to
 * address3 (the card's address cut into the register's 60-character items), birth_date
 * (YYYY-MM-DD), sex (1, 2, or 9 for the card's 3), and mynumber when with_mynumber.
 * -1 with nothing allocated when a part of the name is longer than its item takes: the
 * card's text is never cut.
 */
int	 card_values(const struct card_data *, int, struct reg_value **, size_t *,
	    char **);

#endif
