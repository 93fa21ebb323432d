/* screens/register/: the register's screens.
 * May use: lib/, db/, app/, screens/. */
#ifndef REG_REFUSALS_H
#define REG_REFUSALS_H

#include "ui.h"

/* The refusals (交付拒否) of persons not on the register; arg: NULL. */
extern const struct screen_ops screen_refusals;

#endif
