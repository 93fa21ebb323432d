/* What the reception register's files share (reception.h is the interface). */
#ifndef RECEPTION_INTERNAL_H
#define RECEPTION_INTERNAL_H

#include "reception/reception.h"

struct db;

/* A code and its label (N_()); reception_label gives the label translated, or the code. */
struct reception_code {
	const char	*code;
	const char	*label;
};
const char *reception_label(const struct reception_code *, const char *);

/* The next number of the year, in the caller's transaction (reception-numbers.c). */
int	 reception_number_take(struct db *, int, char [RECEPTION_NUMBER_SIZE], char **);

/* "holder:<id> reception:<number>", or "reception:<number>" (allocated). */
char	*reception_target_of(const char *, const char *);
/* The reception's change to the central store (receptions.c). */
int	 reception_outbox_number(struct db *, const char *, char **);
/* The fee of r refunded, in the caller's transaction (reception-fees.c); audited. */
struct actor;
int	 reception_fee_refund(struct db *, const struct actor *, const struct reception *,
	    char **);

#endif
