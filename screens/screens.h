/* Every screen, by name. */
#ifndef SCREENS_H
#define SCREENS_H

#include "ui.h"

extern const struct screen_ops screen_start;

#endif
