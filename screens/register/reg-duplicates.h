/* screens/register/: the register's screens.
 * May use: lib/, db/, app/, screens/. */
#ifndef REG_DUPLICATES_H
#define REG_DUPLICATES_H

#include <stddef.h>

#include "register/register.h"
#include "ui.h"

/*
 * The duplicate check of a new registration (issue 25), before it is filed: when the
 * register holds people the applicant may be, the clerk chooses the same person (the
 * application becomes a registration for that holder, its holder items dropped) or a
 * different person with a reason. 0 to file: *holder_id NULL for a new holder or the chosen
 * one (allocated), and *v gains duplicate_check saying what was decided; -1 when nothing is
 * to be filed (the message line says why).
 */
int	 reg_duplicates_ask(struct ui *, struct reg_value **, size_t *, char **);

#endif
