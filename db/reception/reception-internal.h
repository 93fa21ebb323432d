/* What the reception register's files share (reception.h is the interface). */
#ifndef RECEPTION_INTERNAL_H
#define RECEPTION_INTERNAL_H

#include "reception/reception.h"

struct db;

/* The next number of the year, in the caller's transaction (reception-numbers.c). */
int	 reception_number_take(struct db *, int, char [RECEPTION_NUMBER_SIZE], char **);

#endif
